import type { NetworkMode } from '../request';
import type { Token } from './message-tokens';

/** Something read from the message, with the words it was read from. */
export interface Reading<T> {
  value: T;
  /** The words of the message this came from, as written. */
  phrase: string;
}

export type NetworkReading = Reading<NetworkMode> | { ambiguous: string };

const NEW_WORDS = ['new', 'own', 'dedicated', 'separate'];
const EXISTING_WORDS = ['existing', 'shared', 'current'];
const FULLY = ['fully', 'completely', 'entirely', 'all', 'totally'];

/** Scale units: "2 units", "two scale units", "a single unit", "capacity of 3", "units: 4". */
export function readUnits(tokens: Token[], text: string): Reading<number> | undefined {
  for (const [i, token] of tokens.entries()) {
    const before = token.word === 'unit' ? numberBefore(tokens, i) : undefined;
    if (before !== undefined) return numberReading(tokens[before], tokens[before], token, text);
    const after = ['unit', 'capacity'].includes(token.word) ? numberAfter(tokens, i) : undefined;
    if (after !== undefined) return numberReading(tokens[after], token, tokens[after], text);
  }
  return undefined;
}

function numberReading(number: Token, from: Token, to: Token, text: string): Reading<number> {
  return { value: number.number ?? 0, phrase: text.slice(from.start, to.end) };
}

function numberBefore(tokens: Token[], i: number): number | undefined {
  for (let j = i - 1; j >= Math.max(0, i - 3); j -= 1) {
    if (tokens[j].number !== undefined) return j;
    if (!['scale', 'gateway', 'x'].includes(tokens[j].word)) return undefined;
  }
  return undefined;
}

function numberAfter(tokens: Token[], i: number): number | undefined {
  for (let j = i + 1; j <= Math.min(tokens.length - 1, i + 3); j += 1) {
    if (tokens[j].number !== undefined) return j;
    const filler = tokens[j].kind === 'colon' || ['of', 'count', 'is', 'to', 'unit'].includes(tokens[j].word);
    if (!filler) return undefined;
  }
  return undefined;
}

/**
 * The network configuration. Direction words decide it: private outbound alone is VNet
 * integration; private inbound (or "fully private") is VNet injection. "Private" on its own
 * could be either, so it is reported as ambiguous instead of guessed.
 */
export function readNetwork(tokens: Token[], text: string): NetworkReading | undefined {
  const phrase = (i: number, j: number) => text.slice(tokens[Math.min(i, j)].start, tokens[Math.max(i, j)].end);
  const at = (word: string) => tokens.findIndex((t) => t.word === word);

  const named = (word: string) => phrase(Math.max(0, at(word) - 1), at(word));
  for (const word of ['injection', 'internal']) {
    if (at(word) >= 0) return { value: 'vnet_injection', phrase: named(word) };
  }
  for (const word of ['integration', 'external']) {
    if (at(word) >= 0) return { value: 'vnet_integration', phrase: named(word) };
  }
  return byDirections(tokens, phrase);
}

function byDirections(tokens: Token[], phrase: (i: number, j: number) => string): NetworkReading | undefined {
  const privateAt = tokens.findIndex((t) => t.word === 'private');
  const publicAt = tokens.findIndex((t) => t.word === 'public');
  const inbound = qualifier(tokens, 'inbound');
  const outbound = qualifier(tokens, 'outbound');

  if (privateAt > 0 && FULLY.includes(tokens[privateAt - 1].word)) {
    return { value: 'vnet_injection', phrase: phrase(privateAt - 1, privateAt) };
  }
  if (inbound?.value === 'private') return { value: 'vnet_injection', phrase: inbound.phrase };
  if (outbound?.value === 'private') return { value: 'vnet_integration', phrase: outbound.phrase };
  if (privateAt >= 0) return { ambiguous: tokens[privateAt].raw };
  if (publicAt >= 0) return { value: 'public', phrase: tokens[publicAt].raw };
  const vnet = tokens.find((t) => t.word === 'vnet');
  if (vnet) return { ambiguous: vnet.raw };
  return undefined;
}

/**
 * Whether traffic in one direction is public or private: the nearest qualifier wins, and
 * "inbound and outbound private" shares the qualifier across the "and".
 */
function qualifier(
  tokens: Token[],
  direction: 'inbound' | 'outbound',
): Reading<'public' | 'private'> | undefined {
  const at = tokens.findIndex((t) => t.word === direction);
  if (at < 0) return undefined;
  const other = direction === 'inbound' ? 'outbound' : 'inbound';
  const candidates = [at - 1, at + 1, at - 2, at + 2];
  if (tokens[at + 1]?.word === 'and' && tokens[at + 2]?.word === other) candidates.unshift(at + 3);
  if (tokens[at - 1]?.word === 'and' && tokens[at - 2]?.word === other) candidates.unshift(at - 3);

  for (const j of candidates) {
    const word = tokens[j]?.word;
    if (word === 'public' || word === 'private') {
      const [from, to] = [Math.min(at, j), Math.max(at, j)];
      return { value: word, phrase: tokens.slice(from, to + 1).map((t) => t.raw).join(' ') };
    }
  }
  return undefined;
}

export type GatewayModeReading = Reading<'new' | 'existing'>;

/** New or existing gateway, from "own/new/dedicated gateway" or "existing/shared gateway". */
export function readGatewayMode(tokens: Token[], text: string): GatewayModeReading | undefined {
  for (const [i, token] of tokens.entries()) {
    if (token.word !== 'gateway') continue;
    for (let j = Math.max(0, i - 3); j < i; j += 1) {
      const phrase = text.slice(tokens[j].start, token.end);
      if (NEW_WORDS.includes(tokens[j].word)) return { value: 'new', phrase };
      if (EXISTING_WORDS.includes(tokens[j].word)) return { value: 'existing', phrase };
    }
    const sentence = tokens.slice(i + 1, i + 5);
    const end = sentence.findIndex((t) => t.kind === 'end');
    const after = (end < 0 ? sentence : sentence.slice(0, end)).find((t) => t.word === 'own');
    if (after) return { value: 'new', phrase: text.slice(token.start, after.end) };
  }
  return undefined;
}

/** A gateway named in the message: after "gateway called", or any `gw-...` or known gateway name. */
export function readGatewayName(
  tokens: Token[],
  quotes: string[],
  knownGateways: string[],
): Reading<string> | undefined {
  const known = new Set(knownGateways.map((name) => name.toLowerCase()));
  for (const [i, token] of tokens.entries()) {
    if (token.word !== 'gateway') continue;
    const next = tokens[i + 1]?.word === 'called' ? tokens[i + 2] : undefined;
    if (next?.kind === 'quote') return { value: quotes[next.ref ?? 0], phrase: `"${quotes[next.ref ?? 0]}"` };
    if (next?.kind === 'word') return { value: next.raw, phrase: next.raw };
  }
  const isName = (t: Token) => /^gw-/i.test(t.raw) || known.has(t.raw.toLowerCase());
  const named = tokens.find((t) => t.kind === 'word' && isName(t));
  return named ? { value: named.raw, phrase: named.raw } : undefined;
}

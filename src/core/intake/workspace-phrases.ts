import type { Reading } from './gateway-phrases';
import type { Token } from './message-tokens';

/** Words that end a name: grammar, request verbs and every word with a meaning of its own. */
const STOP_WORDS = new Set([
  'a', 'an', 'the', 'our', 'my', 'their', 'your', 'new', 'another', 'with', 'and', 'or', 'own', 'its',
  'using', 'use', 'on', 'in', 'to', 'that', 'which', 'who', 'please', 'pls', 'asap', 'for', 'of', 'i',
  'we', 'need', 'needs', 'want', 'get', 'can', 'could', 'would', 'create', 'request', 'set', 'up',
  'make', 'me', 'us', 'it', 'is', 'be', 'as', 'so', 'but', 'by', 'at', 'from', 'plus', 'also', 'only',
  'hi', 'hello', 'hey', 'thanks', 'thank', 'you', 'workspace', 'gateway', 'unit', 'vnet', 'public',
  'private', 'network', 'called', 'dedicated', 'shared', 'existing', 'separate', 'outbound', 'inbound',
  'integration', 'injection', 'fully', 'completely', 'entirely', 'description', 'resource', 'some',
  'give', 'provide', 'add', 'like', "i'd", "we'd", 'there', 'this', 'where', 'will', 'should',
]);

/** Words after a name that say whose it is, not what it is called ("payments team"). */
const GROUP_WORDS = new Set([
  'team', 'squad', 'group', 'department', 'dept', 'crew', 'folks', 'people', 'guys', 'org', 'unit',
]);

const MAX_NAME_WORDS = 5;

/**
 * The workspace's display name: quoted after "workspace called", written after "called" or
 * "workspace for", before "team" ("for the payments team"), or before "workspace" ("a payments
 * workspace"). Lower-case words get a capital first letter; the form shows what was read.
 */
export function readDisplayName(tokens: Token[], quotes: string[], text: string): Reading<string> | undefined {
  const readers = [afterCalled, afterWorkspaceFor, beforeTeam, beforeWorkspace];
  for (const reader of readers) {
    const found = reader(tokens, quotes, text);
    if (found && found.value.trim()) return { value: capitalise(found.value.trim()), phrase: found.phrase };
  }
  return undefined;
}

function afterCalled(tokens: Token[], quotes: string[], text: string): Reading<string> | undefined {
  for (const [i, token] of tokens.entries()) {
    const quoteNextToWorkspace = token.word === 'workspace' && tokens[i + 1]?.kind === 'quote';
    const before = tokens.slice(Math.max(0, i - 3), i);
    const calledWorkspace = token.word === 'called' && before.some((t) => t.word === 'workspace');
    if (!quoteNextToWorkspace && !calledWorkspace) continue;

    const next = tokens[i + 1];
    if (next?.kind === 'quote') return { value: quotes[next.ref ?? 0], phrase: `"${quotes[next.ref ?? 0]}"` };
    if (calledWorkspace) return nameAt(tokens, i + 1, text);
  }
  return undefined;
}

function afterWorkspaceFor(tokens: Token[], _quotes: string[], text: string): Reading<string> | undefined {
  for (const [i, token] of tokens.entries()) {
    if (token.word !== 'workspace' || tokens[i + 1]?.word !== 'for') continue;
    const start = ['the', 'our', 'my', 'a', 'an'].includes(tokens[i + 2]?.word) ? i + 3 : i + 2;
    const name = nameAt(tokens, start, text);
    if (name) return name;
  }
  return undefined;
}

function beforeTeam(tokens: Token[], _quotes: string[], text: string): Reading<string> | undefined {
  for (const [i, token] of tokens.entries()) {
    if (token.word !== 'for') continue;
    const start = ['the', 'our', 'my'].includes(tokens[i + 1]?.word) ? i + 2 : i + 1;
    const name = nameAt(tokens, start, text);
    const after = tokens[start + (name?.value.split(/\s+/).length ?? 0)];
    if (name && after && GROUP_WORDS.has(after.word)) return name;
  }
  return undefined;
}

function beforeWorkspace(tokens: Token[], _quotes: string[], text: string): Reading<string> | undefined {
  const at = tokens.findIndex((t) => t.word === 'workspace');
  if (at <= 0) return undefined;
  let start = at;
  while (start > 0 && at - start < MAX_NAME_WORDS && isNameWord(tokens[start - 1])) start -= 1;
  if (start === at) return undefined;
  const phrase = text.slice(tokens[start].start, tokens[at - 1].end);
  return { value: phrase, phrase };
}

/** The name words starting at `start`: up to five words that are not stop words or numbers. */
function nameAt(tokens: Token[], start: number, text: string): Reading<string> | undefined {
  let end = start;
  while (end < tokens.length && end - start < MAX_NAME_WORDS && isNameWord(tokens[end])) end += 1;
  if (end === start) return undefined;
  const phrase = text.slice(tokens[start].start, tokens[end - 1].end);
  return { value: phrase.replace(/\s+/g, ' '), phrase };
}

function isNameWord(token: Token | undefined): boolean {
  if (!token || token.kind !== 'word') return false;
  if (STOP_WORDS.has(token.word) || GROUP_WORDS.has(token.word)) return false;
  return token.number === undefined;
}

/**
 * "payments hub" becomes "Payments Hub", and a shouted "PAYMENTS" becomes "Payments"; short
 * capitals ("API", "HR") and mixed case ("iOS") stay as written.
 */
function capitalise(name: string): string {
  return name
    .split(' ')
    .map((word) => {
      const shouted = word.length > 4 && word === word.toUpperCase() && word !== word.toLowerCase();
      const lower = shouted ? word.toLowerCase() : word;
      return lower === lower.toLowerCase() ? lower.charAt(0).toUpperCase() + lower.slice(1) : lower;
    })
    .join(' ');
}

/** An explicit resource name: "resource name payments-api", "resource name: "pay"". */
export function readResourceName(tokens: Token[], quotes: string[], text: string): Reading<string> | undefined {
  for (const [i, token] of tokens.entries()) {
    if (token.word !== 'resource' || !['name', 'called', 'id'].includes(tokens[i + 1]?.word ?? '')) continue;
    let j = i + 2;
    while (tokens[j] && (tokens[j].kind === 'colon' || ['is', 'should', 'be'].includes(tokens[j].word))) j += 1;
    const value = resourceNameAt(tokens, j, quotes, text);
    if (value) return { value, phrase: value };
  }
  return undefined;
}

function resourceNameAt(tokens: Token[], j: number, quotes: string[], text: string): string | undefined {
  const token = tokens[j];
  if (token?.kind === 'quote') return quotes[token.ref ?? 0];
  if (token?.kind !== 'word') return undefined;
  let end = j;
  while (tokens[end + 1]?.joined) end += 1;
  return text.slice(token.start, tokens[end].end);
}

/** A description given as "description: ..." (to the end of the sentence) or quoted. */
export function readDescription(tokens: Token[], quotes: string[], text: string): Reading<string> | undefined {
  const at = tokens.findIndex(
    (t, i) => t.word === 'description' || (t.raw.toLowerCase() === 'described' && tokens[i + 1]?.word === 'as'),
  );
  if (at < 0) return undefined;
  let j = at + 1;
  const filler = (t: Token | undefined) => t && (t.kind === 'colon' || ['is', 'as', 'should', 'be'].includes(t.word));
  while (filler(tokens[j])) j += 1;

  const first = tokens[j];
  if (!first) return undefined;
  if (first.kind === 'quote') return { value: quotes[first.ref ?? 0], phrase: `"${quotes[first.ref ?? 0]}"` };
  const end = text.slice(first.start).search(/[.;!?\n]/);
  const value = (end < 0 ? text.slice(first.start) : text.slice(first.start, first.start + end)).trim();
  if (/@@[mq]\d+@@/.test(value) || !value) return undefined;
  return { value, phrase: value };
}

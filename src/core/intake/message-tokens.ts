import { canonicalWord, numberValue } from './word-forms';

/** Someone @mentioned in the message: an Entra object id when Teams gave one, else a Teams id. */
export interface MentionedPrincipal {
  id: string;
  name: string;
}

export type TokenKind = 'word' | 'mention' | 'quote' | 'guid' | 'comma' | 'colon' | 'end';

export interface Token {
  kind: TokenKind;
  /** The text as written (for a mention, the person's name; for a quote, its content). */
  raw: string;
  /** Lower case, with aliases and typos folded to one form; empty for punctuation. */
  word: string;
  /** The number the word stands for ("2", "two", "thre"), if it is one. */
  number?: number;
  /** True when glued to the previous token with a hyphen or underscore ("gw-payments"). */
  joined: boolean;
  /** Index into the message's mentions (for `mention`) or quotes (for `quote`). */
  ref?: number;
  /** Offsets in `PreparedMessage.text`, to copy phrases exactly as written. */
  start: number;
  end: number;
}

export interface PreparedMessage {
  /** The message with markup removed and mentions and quotes replaced by placeholders. */
  text: string;
  tokens: Token[];
  quotes: string[];
  /** The mentions in the order they appear; unknown `<at>` names have no principal. */
  mentions: Array<MentionedPrincipal | undefined>;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  '#39': "'",
};
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Placeholders, GUIDs, words (with a possessive), joiners, sentence ends, commas and colons. */
const TOKEN = new RegExp(
  [
    '@@([mq])(\\d+)@@',
    '[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}',
    "[\\p{L}\\p{N}]+(?:['\\u2019][\\p{L}]+)?",
    '[-_]',
    '[.;!?\\n]',
    ',',
    ':',
  ].join('|'),
  'giu',
);

/**
 * Turns a Teams message into tokens: mentions (`<at>Name</at>`, or `@Name` for someone in
 * `mentions`) and quoted phrases become single tokens, the rest are words and punctuation.
 * Hyphenated words stay apart ("vnet-integration", "two-unit") unless they name a gateway:
 * `gw-...` or one of `resourceNames`.
 */
export function prepareMessage(
  text: string,
  mentioned: MentionedPrincipal[],
  resourceNames: string[] = [],
): PreparedMessage {
  const mentions: Array<MentionedPrincipal | undefined> = [];
  const quotes: string[] = [];

  let prepared = text.replace(/<at[^>]*>(.*?)<\/at>/gis, (_, name: string) => {
    const clean = decode(name.replace(/<[^>]+>/g, '')).trim();
    const person = mentioned.find((m) => m.name.trim().toLowerCase() === clean.toLowerCase());
    mentions.push(person ?? { id: '', name: clean });
    return ` @@m${mentions.length - 1}@@ `;
  });
  prepared = decode(prepared.replace(/<br\s*\/?>|<\/p>/gi, '\n').replace(/<[^>]+>/g, ' '));
  for (const person of mentioned) {
    if (mentions.includes(person) || !person.name.trim()) continue;
    const plain = `@${person.name.trim()}`;
    if (!prepared.includes(plain)) continue;
    mentions.push(person);
    prepared = prepared.split(plain).join(` @@m${mentions.length - 1}@@ `);
  }
  const quoted = /["\u201C\u201E]([^"\u201C\u201D\u201E\n]{1,200})["\u201D]/g;
  prepared = prepared.replace(quoted, (_, phrase: string) => {
    quotes.push(phrase.trim());
    return ` @@q${quotes.length - 1}@@ `;
  });

  const known = new Set(resourceNames.map((name) => name.toLowerCase()));
  return { text: prepared, tokens: mergeResourceNames(tokenize(prepared), prepared, known), quotes, mentions };
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let glue = false;
  for (const match of text.matchAll(TOKEN)) {
    const raw = match[0];
    const start = match.index ?? 0;
    const joined = glue && tokens.length > 0 && tokens[tokens.length - 1].end === start - 1;
    glue = false;
    if (raw === '-' || raw === '_') {
      glue = true;
      continue;
    }
    tokens.push({ ...classify(raw, match), joined, start, end: start + raw.length });
  }
  return tokens;
}

/** Glues `gw-payments` or a known gateway's name back into one word token. */
function mergeResourceNames(tokens: Token[], text: string, known: Set<string>): Token[] {
  const merged: Token[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    let end = i;
    while (end + 1 < tokens.length && tokens[end + 1].joined && tokens[end + 1].kind === 'word') end += 1;
    const raw = text.slice(tokens[i].start, tokens[end].end);
    const gatewayLike = /^gw$/i.test(tokens[i].raw) || known.has(raw.toLowerCase());
    const isName = end > i && tokens[i].kind === 'word' && gatewayLike;
    if (!isName && !known.has(raw.toLowerCase())) {
      merged.push(tokens[i]);
      continue;
    }
    merged.push({ ...tokens[i], raw, word: raw.toLowerCase(), number: undefined, end: tokens[end].end });
    i = end;
  }
  return merged;
}

type Classified = Pick<Token, 'kind' | 'raw' | 'word' | 'number' | 'ref'>;

function classify(raw: string, match: RegExpMatchArray): Classified {
  if (match[1]) return { kind: match[1] === 'm' ? 'mention' : 'quote', raw, word: '', ref: Number(match[2]) };
  if (GUID.test(raw)) return { kind: 'guid', raw: raw.toLowerCase(), word: '' };
  if (raw === ',') return { kind: 'comma', raw, word: '' };
  if (raw === ':') return { kind: 'colon', raw, word: '' };
  if (/^[.;!?\n]$/.test(raw)) return { kind: 'end', raw, word: '' };
  const lower = raw.toLowerCase();
  return { kind: 'word', raw, word: canonicalWord(lower), number: numberValue(lower) };
}

function decode(text: string): string {
  return text.replace(/&(#?\w+);/g, (whole, name: string) => ENTITIES[name.toLowerCase()] ?? whole);
}

/** Splits tokens into sentences (at . ; ! ? and new lines), where roles bind to the people named. */
export function clauses(tokens: Token[]): Token[][] {
  const result: Token[][] = [[]];
  for (const token of tokens) {
    if (token.kind === 'end') result.push([]);
    else result[result.length - 1].push(token);
  }
  return result.filter((clause) => clause.length > 0);
}

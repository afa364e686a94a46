/**
 * Text on the bot's cards is shown exactly as written. Teams renders TextBlocks and FactSets as
 * Markdown, so a workspace called "**urgent**" or a reason with "[a link](...)" would turn into
 * formatting. The renderer passes every card through `literalCard` after templating: all text
 * is made literal at this one boundary, whoever built the view model. Cards therefore carry no
 * Markdown of their own; emphasis comes from element properties (weight, color, FactSet titles).
 */

/** U+2060 WORD JOINER: invisible, and it keeps `$` and `{` apart so no `${` reaches a card. */
const WORD_JOINER = '\u2060';
/**
 * Control characters, and the explicit bidirectional controls: an unclosed right-to-left
 * override in a name would reverse the rest of the line it is shown on. Right-to-left text
 * itself needs none of them.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g;

/** Characters Teams' Markdown acts on anywhere in a line; CommonMark shows `\x` as `x` for them. */
const INLINE_MARKUP = /[\\`*_~[\]<>]/g;
/** Line starts that would become a list, heading or quote. */
const LINE_MARKUP = /^([\u00A0]*)([-+#>]|\d+[.)])/gm;
const ENTITY = /&(?=#?[a-z0-9]+;)/gi;

/** Plain text for places Teams shows as typed (input values, choice titles, fallback text). */
export function plainText(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(CONTROL, '').replace(/\$\{/g, `$${WORD_JOINER}{`);
}

/** Undoes `plainText`'s joiner, so a value that went out in a card comes back as it was typed. */
export function restoreInput(value: string): string {
  return value.replace(/\$\u2060\{/g, '${');
}

/**
 * Text for a TextBlock or Fact, shown literally: Markdown characters are escaped, leading
 * spaces cannot start a code block, and each new line stays a new line (Markdown needs two).
 */
export function markdownLiteral(value: string): string {
  return plainText(value)
    .replace(INLINE_MARKUP, (c) => `\\${c}`)
    .replace(ENTITY, '\\&')
    .replace(/^[ \t]+/gm, (spaces) => '\u00A0'.repeat(spaces.length))
    .replace(LINE_MARKUP, (_, indent: string, marker: string) => `${indent}${escapeMarker(marker)}`)
    .replace(/\n+/g, (breaks) => '\n\n'.repeat(Math.max(1, breaks.length - 1)));
}

function escapeMarker(marker: string): string {
  return /^\d/.test(marker) ? marker.replace(/[.)]$/, (end) => `\\${end}`) : `\\${marker}`;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * A copy of a rendered card where every text is literal: TextBlock texts and Fact titles and
 * values are escaped for Markdown, and every other string is plain text. Action `data` is left
 * as it is, apart from the joiner, because the bot reads it back.
 */
export function literalCard<T>(card: T): T {
  return literal(card as Json, '') as T;
}

/** Where Teams applies Markdown: a TextBlock's text, and a fact's title and value. */
function isMarkdown(key: string, parentType: string): boolean {
  if (parentType === 'TextBlock') return key === 'text';
  return parentType === 'Fact' && (key === 'title' || key === 'value');
}

function literal(node: Json, key: string, parentType = ''): Json {
  if (typeof node === 'string') {
    return isMarkdown(key, parentType) ? markdownLiteral(node) : plainText(node);
  }
  if (Array.isArray(node)) return node.map((item) => literal(item, key, key === 'facts' ? 'Fact' : parentType));
  if (node && typeof node === 'object') {
    const type = typeof node.type === 'string' ? node.type : parentType;
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, literal(v, k, type)]));
  }
  return node;
}

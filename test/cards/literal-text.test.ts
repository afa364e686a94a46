import fc from 'fast-check';
import { literalCard, markdownLiteral, plainText, restoreInput } from '../../src/adapters/teams/literal-text';
import { HOSTILE_TEXTS } from './hostile-texts';

/** What CommonMark shows for escaped text: a backslash before ASCII punctuation shows the punctuation. */
function shownByMarkdown(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** Layout aside: white space of any kind is one space, the invisible joiner is nothing. */
function squeeze(text: string): string {
  return text.replace(/\u2060/g, '').replace(/\s+/g, ' ').trim();
}

/** The characters and line starts Teams turns into formatting, outside any escape. */
function activeMarkup(escaped: string): string[] {
  const unescaped = escaped.replace(/\\[!-/:-@[-`{-~]/g, '');
  const inline = unescaped.match(/[*_`~[\]<>\\]|&#?[a-z0-9]+;/gi) ?? [];
  const lineStarts = escaped.split('\n').filter((line) => /^ {0,3}([-+*#>]|\d+[.)])|^( {4}|\t)/.test(line));
  return [...inline, ...lineStarts];
}

const USER_TEXT = fc.string({
  unit: fc.oneof(
    fc.constantFrom(...'*_`~[]()<>#+-.!\\${}&;"\'\n\r\t 1'.split('')),
    fc.constantFrom('\u202E', '\u2066', '\u0645', '\u05d0', '\ud83d\udcb3', '\u00A0', '\u0000'),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 80,
});

describe('text shown on cards', () => {
  it.each([
    ['quotes', HOSTILE_TEXTS.quotes, 'The "payments" team\'s \\`workspace\\`'],
    ['backslashes', 'C:\\temp \\*', 'C:\\\\temp \\\\\\*'],
    ['new lines', 'one\ntwo\r\nthree\n\n\nfour', 'one\n\ntwo\n\nthree\n\n\n\nfour'],
    ['a markdown link', '[click me](https://evil.example)', '\\[click me\\](https://evil.example)'],
    ['bold and italic', '**bold** _it_', '\\*\\*bold\\*\\* \\_it\\_'],
    ['list and heading starts', '- a\n1. b\n# c\n> d', '\\- a\n\n1\\. b\n\n\\# c\n\n\\> d'],
    ['indentation that would be code', '    code', '\u00A0\u00A0\u00A0\u00A0code'],
    ['an entity', 'AT&amp;T & co', 'AT\\&amp;T & co'],
    ['template syntax', '${title} $data', '$\u2060{title} $data'],
    ['right-to-left text with an override', '\u05e9\u05dc\u05d5\u05dd \u202Eevil', '\u05e9\u05dc\u05d5\u05dd evil'],
    ['emoji', 'Payments \ud83d\udcb3 \ud83d\udc69\u200d\ud83d\udcbb', 'Payments \ud83d\udcb3 \ud83d\udc69\u200d\ud83d\udcbb'],
  ])('escapes %s for Markdown so it shows as typed', (_, text, escaped) => {
    expect(markdownLiteral(text)).toBe(escaped);
  });

  it('leaves no formatting active and loses no visible character, for any text', () => {
    fc.assert(
      fc.property(USER_TEXT, (text) => {
        const escaped = markdownLiteral(text);
        expect(activeMarkup(escaped)).toEqual([]);
        expect(escaped).not.toContain('${');
        const visible = text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g, '');
        expect(squeeze(shownByMarkdown(escaped))).toBe(squeeze(visible));
      }),
      { numRuns: 500 },
    );
  });

  it('gives back exactly what was typed into an input that went out in a card', () => {
    fc.assert(
      fc.property(USER_TEXT, (text) => {
        const typed = text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g, '').replace(/\r\n?/g, '\n');
        expect(plainText(typed)).not.toContain('${');
        expect(restoreInput(plainText(typed))).toBe(typed);
      }),
      { numRuns: 500 },
    );
  });

  it('escapes TextBlocks and facts, and only plain-cleans inputs, choices and action data', () => {
    const text = '*x* ${y}';
    const card = literalCard({
      type: 'AdaptiveCard',
      fallbackText: text,
      body: [
        { type: 'TextBlock', text },
        { type: 'FactSet', facts: [{ title: text, value: text }] },
        { type: 'Input.Text', id: 'a', label: text, value: text },
        { type: 'Input.ChoiceSet', id: 'b', choices: [{ title: text, value: text }] },
      ],
      actions: [{ type: 'Action.Execute', title: text, data: { note: text } }],
    });
    const plain = '*x* $\u2060{y}';
    const markdown = '\\*x\\* $\u2060{y}';
    expect(card).toEqual({
      type: 'AdaptiveCard',
      fallbackText: plain,
      body: [
        { type: 'TextBlock', text: markdown },
        { type: 'FactSet', facts: [{ title: markdown, value: markdown }] },
        { type: 'Input.Text', id: 'a', label: plain, value: plain },
        { type: 'Input.ChoiceSet', id: 'b', choices: [{ title: plain, value: plain }] },
      ],
      actions: [{ type: 'Action.Execute', title: plain, data: { note: plain } }],
    });
  });
});

/** User text that tries to break or alter a card, one kind each. */
export const HOSTILE_TEXTS = {
  quotes: 'The "payments" team\'s `workspace`',
  backslashes: 'C:\\temp\\new \\\\server\\share \\*not bold\\*',
  newLines: 'first line\nsecond line\r\nthird line\n\n\nafter blank lines',
  markdown: '**bold** _italic_ [click me](https://evil.example) ![img](https://evil.example/x.png) ~~gone~~ <b>html</b> &amp;',
  lists: '- not a list\n1. not numbered\n# not a heading\n> not a quote\n    not code',
  template: '${title} ${$root.canDecide} ${if(true, "yes", "no")} @{x} $data',
  rightToLeft: '\u0645\u0633\u0627\u062d\u0629 \u0639\u0645\u0644 \u05e1\u05d1\u05d9\u05d1\u05ea \u05e2\u05d1\u05d5\u05d3\u05d4 \u202eoverride\u202c',
  emoji: 'Payments \ud83d\udcb3\ud83d\ude80 team \ud83d\udc69\u200d\ud83d\udcbb\ud83c\udff3\ufe0f\u200d\ud83c\udf08',
  long: 'x'.repeat(20_000),
};

/*
 * A model of the Markdown Teams applies to TextBlocks and facts, loaded into the test browser
 * so screenshots look as they would in Teams and formatting that should not be there shows up
 * as elements. It follows CommonMark where Teams does: backslash escapes of ASCII punctuation,
 * entities, bold, italic, strike-through, links, images, code, lists, headings, quotes, code
 * blocks, and paragraphs split at blank lines (a single new line is only a space).
 * Plain JavaScript: it runs in the page, after the adaptivecards bundle.
 */
(function () {
  'use strict';

  var ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

  function escapeHtml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }

  /** Escaped characters and entities become placeholders, so no rule below can match them. */
  function inline(text) {
    var kept = [];
    function keep(character) {
      kept.push(character);
      return '\uE000' + (kept.length - 1) + '\uE001';
    }
    var source = text
      .replace(/\\([!-/:-@[-`{-~])/g, function (_, character) { return keep(character); })
      .replace(/&(amp|lt|gt|quot|#39);/g, function (_, name) { return keep(ENTITIES[name]); });

    var html = escapeHtml(source)
      .replace(/`([^`]+)`/g, '<code>$1</code>')
      .replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, '<img alt="$1" src="$2">')
      .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>')
      .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '<strong>$2</strong>')
      .replace(/(\*|_)(?=\S)([\s\S]*?\S)\1/g, '<em>$2</em>')
      .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '<del>$1</del>')
      .replace(/&lt;(\/?)(b|i|u)&gt;/g, '<$1$2>');
    return html.replace(/\uE000(\d+)\uE001/g, function (_, index) { return escapeHtml(kept[Number(index)]); });
  }

  function line(text) {
    var item = /^ {0,3}([-+*]|\d+[.)]) +(.*)$/.exec(text);
    if (item) return '<ul><li>' + inline(item[2]) + '</li></ul>';
    var heading = /^ {0,3}#{1,6} +(.*)$/.exec(text);
    if (heading) return '<h3>' + inline(heading[1]) + '</h3>';
    var quote = /^ {0,3}> ?(.*)$/.exec(text);
    if (quote) return '<blockquote>' + inline(quote[1]) + '</blockquote>';
    return inline(text);
  }

  function paragraph(text) {
    if (/^( {4}|\t)/.test(text)) return '<pre>' + escapeHtml(text) + '</pre>';
    return '<p>' + text.split('\n').map(line).join(' ') + '</p>';
  }

  window.AdaptiveCards.AdaptiveCard.onProcessMarkdown = function (text, result) {
    result.outputHtml = text.split(/\n{2,}/).map(paragraph).join('');
    result.didProcess = true;
  };
})();

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MarkdownStructure, parseMarkdownWhole, SectionCache } from '../../server/src/parse/markdown.js';
import { MarkdownDoc } from '../../server/src/parse/markdownDoc.js';

/** The lazy, sectioned model must always equal one parse of the whole document. */
function assertSameAsWhole(text: string): void {
  assert.deepEqual(new MarkdownStructure(text).headings(), parseMarkdownWhole(text).headings, 'headings');
  assert.deepEqual(new MarkdownStructure(text).full(), parseMarkdownWhole(text), 'model');
}

const cases: Record<string, string> = {
  'ATX headings with closing #s and escapes': '# A #\n\n## B ##  \n\n### C \\#\n\n#### #\n\n#\n',
  'setext headings and thematic breaks': 'Title\n=====\n\ntext\n\n---\n\nSub\n---\n',
  'headings nested in lists and quotes': '# T\n\n- # in a list\n\n> ## in a quote\n',
  'a heading that follows text without a blank line': '# T\n\ntext\n## H2\n',
  'headings inside code and comments are not headings': '# T\n\n```\n# not\n```\n\n<!--\n# not\n-->\n\n    # not\n',
  'a fence in a list item closed by a less indented line opens a new fence (real KEP 3107)':
    '# T\n\n- [x] Other\n  - Details\n\n  ```\n  code\n ```\n\n  after\n\n###### Inside code now\n\ntext\n',
  'a fence opened as a list item': '# T\n\n- ```\n  code\n  ```\n\n# Next\n\n```\nx\n```\n\n# Last\n',
  'CRLF line endings': '# A\r\n\r\ntext\r\n\r\n## B ##\r\n\r\n- [ ] task\r\n',
  'HTML blocks of every kind': '# T\n\n<div>\n\n# after div\n\n<script>\n# no\n</script>\n\n<?x\n# no\n?>\n\n# end\n',
};

for (const [name, text] of Object.entries(cases)) {
  test(`sectioned parsing equals whole parsing: ${name}`, () => assertSameAsWhole(text));
}

test('task items, comments and content blocks are recognised', () => {
  const doc = new MarkdownDoc('x.md', '# T\n\n## S\n\n<!-- only a comment -->\n\n## R\n\n- [ ] (R) first\n  - [x] nested\n- [X] done\n');
  const [, s, r] = doc.sections;
  assert.equal(doc.hasContent(s!, new Set()), false);
  assert.equal(doc.hasContent(r!, new Set()), true);
  assert.deepEqual(
    doc.tasks().map((t) => [t.checked, t.text, t.depth]),
    [
      [false, '(R) first', 0],
      [true, 'nested', 1],
      [true, 'done', 0],
    ],
  );
});

test('text copied from the template does not count as content', () => {
  const template = new MarkdownDoc('t.md', '## S\n\nSome boilerplate text.\n');
  const boilerplate = new Set(template.blocks(0, template.text.length).map((b) => b.key));
  const doc = new MarkdownDoc('x.md', '## S\n\nSome   boilerplate\ntext.\n');
  assert.equal(doc.hasContent(doc.sections[0]!, boilerplate), false);
});

test('a heading list costs no parse when every section starts with a plain heading', () => {
  const cache = new SectionCache();
  const text = '# A\n\ntext\n\n## B\n\nmore text\n';
  const s = new MarkdownStructure(text, cache);
  assert.deepEqual(s.headings().map((h) => h.raw), ['A', 'B']);
  // Nothing was parsed, so nothing was cached.
  assert.equal(cache.get('# A\n\ntext\n\n'), undefined);
  s.blocks(0, text.length);
  assert.ok(cache.get('# A\n\ntext\n\n'));
});

test('excessive nesting is refused before the parser overflows its stack', () => {
  const s = new MarkdownStructure(`# T\n\n${'> '.repeat(20_000)}x\n`);
  assert.equal(s.tooDeep, 5);
  assert.deepEqual(s.headings(), []);
});

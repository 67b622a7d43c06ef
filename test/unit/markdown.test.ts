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

test('every mix of containers counts: quotes in lists in quotes, ordered items, indentation', () => {
  const deep = (prefix: string, n: number): number | undefined => new MarkdownStructure(`# T\n\ntext\n\n${prefix.repeat(n)}x\n`).tooDeep;
  // About 1,250 levels of `> - ` (5 KB) overflowed the stack in the markdown walks.
  assert.equal(deep('> - ', 1_250), 11);
  assert.equal(deep('- > ', 120), 11);
  assert.equal(deep('1. ', 300), 11);
  assert.equal(deep('* ', 300), 11);
  const indented = Array.from({ length: 300 }, (_, i) => `${' '.repeat(2 * i)}- item`).join('\n');
  assert.equal(new MarkdownStructure(indented).tooDeep, indented.indexOf(`\n${' '.repeat(400)}-`) + 1);
  // A paragraph's lazy continuation does not close the containers: indentation still reaches them.
  const lazy = `${'- '.repeat(150)}a\nb\n${' '.repeat(300)}${'- '.repeat(150)}c\n`;
  assert.equal(new MarkdownStructure(lazy).tooDeep, lazy.indexOf('\nb\n') + 3);
});

test('what opens no container is not nesting: blank lines, code, thematic breaks, long lines', () => {
  const fine = [
    // Front matter masked as spaces: a 1,000-character line is a blank line.
    `${' '.repeat(1_000)}\n${' '.repeat(3_000)}\n# T\n`,
    `# T\n\n${' '.repeat(1_000)}indented code\n`,
    `# T\n\n${'- '.repeat(600)}\n\n${'* '.repeat(600)}\n`,
    `# T\n\n\`\`\`\n${'> '.repeat(500)}\n${'- '.repeat(500)}x\n\`\`\`\n`,
    `# T\n\n${'> - '.repeat(90)}x\n`,
  ];
  for (const text of fine) assert.equal(new MarkdownStructure(text).tooDeep, undefined, text.slice(0, 60));
});

test('nesting just under the limit parses and walks without overflowing', () => {
  const text = `# T\n\n${'> - '.repeat(95)}# deep heading\n\n${'- '.repeat(195)}[ ] task\n`;
  const s = new MarkdownStructure(text);
  assert.equal(s.tooDeep, undefined);
  assert.deepEqual(s.full().headings.map((h) => [h.raw, h.nested]), [['T', false], ['deep heading', true]]);
  assert.deepEqual(s.full().tasks.map((t) => t.text), ['task']);
});

test('the section cache keeps the most recently used sections within its size', () => {
  const cache = new SectionCache(1_000);
  const model = { headings: [], blocks: [], tasks: [] };
  for (let i = 0; i < 500; i++) cache.set(`# Section ${i}\n\n${'text '.repeat(20)}\n`, model);
  assert.ok(cache.weight <= 1_000, String(cache.weight));
  assert.equal(cache.size, Math.floor(1_000 / `# Section 499\n\n${'text '.repeat(20)}\n`.length));
  assert.ok(cache.get(`# Section 499\n\n${'text '.repeat(20)}\n`));
  assert.equal(cache.get(`# Section 0\n\n${'text '.repeat(20)}\n`), undefined);
});

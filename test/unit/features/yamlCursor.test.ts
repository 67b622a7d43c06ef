import assert from 'node:assert/strict';
import { test } from 'node:test';
import { yamlCursor, type YamlCursor } from '../../../server/src/features/yamlCursor.js';
import { caret } from '../../support/caret.js';

function at(marked: string): YamlCursor | undefined {
  const { text, position } = caret(marked);
  return yamlCursor(text, position);
}

const span = (c: YamlCursor | undefined): string => {
  const r = c!.token.range;
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
};

test('a word typed at the top level is a key of the root mapping; keys on other lines are present', () => {
  const c = at('title: New\nsta^\nauthors:\n  - "@a"\n');
  assert.equal(c?.kind, 'key');
  assert.deepEqual(c.kind === 'key' && c.mapping, []);
  assert.equal(c.prefix, 'sta');
  assert.equal(span(c), '1:0-1:3');
  assert.deepEqual([...c.present].sort(), ['authors', 'title']);
  assert.equal(c.kind === 'key' && c.hasColon, false);
});

test('an existing key under the cursor is being edited (hasColon)', () => {
  const c = at('tit^le: x\nstatus: y\n');
  assert.ok(c?.kind === 'key');
  assert.equal(c.hasColon, true);
  assert.equal(c.token.text, 'title');
  assert.deepEqual(c.present, ['status']);
});

test('after `key: ` in incomplete YAML the cursor is on that key’s value', () => {
  const c = at('title: x\nstatus: ^\nstage:\n');
  assert.ok(c?.kind === 'value');
  assert.deepEqual(c.path, ['status']);
  assert.equal(c.item, false);
  assert.equal(c.token.text, '');
  assert.equal(c.needsSpace, false);
  const glued = at('status:^');
  assert.ok(glued?.kind === 'value' && glued.needsSpace, 'text inserted right after the colon needs a space');
});

test('a value token spans the whole scalar, quotes included, without a trailing comment', () => {
  const c = at('milestone:\n    alpha: "v1.3^3" # first\n');
  assert.ok(c?.kind === 'value');
  assert.deepEqual(c.path, ['milestone', 'alpha']);
  assert.equal(c.token.text, '"v1.33"');
  assert.equal(c.prefix, '"v1.3');
});

test('indentation decides the mapping: under milestone, inside a feature-gates item, back at the top', () => {
  const milestone = at('milestone:\n    alpha: "v1.33"\n    be^\nstage: beta\n');
  assert.ok(milestone?.kind === 'key');
  assert.deepEqual(milestone.mapping, ['milestone']);
  assert.deepEqual(milestone.present, ['alpha']);

  const gate = at('feature-gates:\n  - name: X\n    ^\ndisable-supported: true\n');
  assert.ok(gate?.kind === 'key');
  assert.deepEqual(gate.mapping, ['feature-gates', 0]);
  assert.deepEqual(gate.present, ['name']);

  const top = at('milestone:\n  alpha: "v1.33"\n^\n');
  assert.ok(top?.kind === 'key');
  assert.deepEqual(top.mapping, []);
  assert.deepEqual(top.present, ['milestone']);
});

test('a new `- ` in a list is the next item, in block lists indented or not', () => {
  const gate = at('feature-gates:\n  - name: X\n    components:\n      - kubelet\n  - ^\n');
  assert.ok(gate?.kind === 'value');
  assert.deepEqual(gate.path, ['feature-gates', 1]);
  assert.equal(gate.item, true);

  const flush = at('authors:\n- "@a"\n- "@b^"\nowning-sig: sig-node\n');
  assert.ok(flush?.kind === 'value');
  assert.deepEqual(flush.path, ['authors', 1]);
  assert.equal(flush.token.text, '"@b"');
  assert.equal(flush.prefix, '"@b');
});

test('items of a one-line flow list are found by commas', () => {
  const c = at('participating-sigs: [sig-node, sig-w^]\n');
  assert.ok(c?.kind === 'value');
  assert.deepEqual(c.path, ['participating-sigs', 1]);
  assert.equal(c.token.text, 'sig-w');
  const empty = at('participating-sigs: [^]\n');
  assert.ok(empty?.kind === 'value');
  assert.deepEqual(empty.path, ['participating-sigs', 0]);
  assert.equal(empty.token.text, '');
});

test('comments and block scalars are not completed', () => {
  assert.equal(at('title: x\n# a comm^ent\n'), undefined);
  assert.equal(at('status: implementable # a comm^ent\n'), undefined);
  assert.equal(at('description: |\n  some text\n  mo^re\nstatus: x\n'), undefined);
  // After the block scalar, the structure is back.
  const after = at('description: |\n  some text\nsta^\n');
  assert.ok(after?.kind === 'key');
  assert.deepEqual(after.present, ['description']);
});

test('YAML nested past what the parser accepts is not followed (each level copied its path: gigabytes for 100,000 dashes)', () => {
  const text = `title: t\ndeep:\n${'- '.repeat(100_000)}x\nowning-sig: sig-node\n`;
  assert.equal(yamlCursor(text, { line: 2, character: 100_000 }), undefined);
  assert.equal(yamlCursor(text, { line: 3, character: 3 }), undefined);
  // Under the limit, the cursor is followed as before.
  assert.equal(yamlCursor(`deep:\n${'- '.repeat(100)}x\n`, { line: 1, character: 201 })?.kind, 'value');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseKepYaml } from '../../server/src/kep/kepYaml.js';
import { parseYaml } from '../../server/src/parse/yaml.js';

test('scalars keep their source text, as yaml.v3 string fields do', () => {
  const m = parseYaml('kep-number: 0752\nlatest-milestone: 1.30\ncreation-date: 2018-04-15\nstatus: yes\nq: "1.30"\nn: ~\ne:\nl: []\n');
  assert.deepEqual(m.value, {
    'kep-number': '0752',
    'latest-milestone': '1.30',
    'creation-date': '2018-04-15',
    status: 'yes',
    q: '1.30',
    n: null,
    e: null,
    l: [],
  });
});

test('values are addressable by JSON pointer with key and value ranges', () => {
  const m = parseYaml('authors:\n  - "@a"\n  - b # note\n');
  const item = m.locations.get('/authors/1')!;
  assert.deepEqual(item.valueRange, { start: { line: 2, character: 4 }, end: { line: 2, character: 5 } });
  assert.equal(item.lineComment, ' note');
  assert.deepEqual(m.locations.get('/authors')!.keyRange, { start: { line: 0, character: 0 }, end: { line: 0, character: 7 } });
  assert.equal(m.locations.get('/authors/0')!.quoted, true);
});

test('duplicate keys are reported with both places', () => {
  const m = parseYaml('title: a\ntitle: b\n');
  const dup = m.errors.find((e) => e.kind === 'duplicate-key')!;
  assert.equal(dup.range.start.line, 1);
  assert.equal(dup.firstRange!.start.line, 0);
});

test('deep flow nesting is refused before the parser runs out of memory', () => {
  const m = parseYaml(`a: ${'['.repeat(50_000)}`);
  assert.equal(m.errors[0]!.kind, 'too-deep');
  assert.equal(m.value, null);
});

test('an alias bomb is refused instead of expanded', () => {
  let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
  for (let i = 1; i < 10; i++) text += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
  const m = parseYaml(text);
  assert.ok(m.errors.some((e) => e.kind === 'alias-bomb'));
});

test('merge keys are honoured like yaml.v3', () => {
  assert.deepEqual(parseYaml('base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n').value, { base: { x: '1' }, c: { x: '1', y: '2' } });
});

test('kepval drops lines containing --- and keeps what lies between the first two', () => {
  const k = parseKepYaml('title: dropped\n# ----\ntitle: kept\n---\nstatus: dropped too\n');
  assert.deepEqual(k.separatorLines, [1, 3]);
  assert.deepEqual(k.ignoredContentLines, [0, 4]);
  assert.deepEqual(k.view.model.value, { title: 'kept' });
  assert.equal(k.view.location('title')!.keyRange!.start.line, 2);
});

test('a leading --- is harmless', () => {
  const k = parseKepYaml('---\ntitle: t\n');
  assert.deepEqual(k.view.model.value, { title: 't' });
  assert.deepEqual(k.ignoredContentLines, []);
});

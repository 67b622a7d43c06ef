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

// ---- hostile YAML: each refused with an error, never a throw or a hang ----------------------------

const kinds = (text: string): string[] => parseYaml(text).errors.map((e) => e.kind);

test('an alias inside its own anchor’s value is an error at the alias, and nothing is decoded', () => {
  for (const [text, at] of [
    ['last-updated: &a [*a]\n', { line: 0, character: 18 }],
    ['approvers: &a {k: *a}\n', { line: 0, character: 18 }],
    ['a: &a\n  <<: *a\n  y: 2\n', { line: 1, character: 6 }],
    ['a: &a\n  - b: [1, {c: *a}]\n', { line: 1, character: 15 }],
  ] as const) {
    const m = parseYaml(text);
    assert.deepEqual(
      m.errors.map((e) => [e.kind, e.range.start]),
      [['recursive-alias', at]],
      text,
    );
    assert.match(m.errors[0]!.message, /^The alias \*a is inside the value of its own anchor/);
    assert.equal(m.value, null);
  }
  // The same anchor used after its value is complete is fine.
  assert.deepEqual(parseYaml('a: &a [1]\nb: [*a, *a]\n').value, { a: ['1'], b: [['1'], ['1']] });
});

test('an alias to no anchor is an error, as in yaml.v3', () => {
  assert.deepEqual(kinds('a: *nope\n'), ['syntax']);
});

test('merge keys: a chained merge bomb is refused at the alias, and merging what was refused does not throw', () => {
  let bomb = 'm0: &m0 {a: 1}\n';
  for (let i = 1; i < 12; i++) bomb += `m${i}: &m${i}\n  <<: [${Array(9).fill(`*m${i - 1}`).join(', ')}]\n  k${i}: 1\n`;
  assert.ok(bomb.length < 1200);
  const m = parseYaml(bomb);
  assert.deepEqual(kinds(bomb), ['alias-bomb']);
  // At the alias (written in the file) whose copy went over the budget.
  const at = m.errors[0]!.range.start;
  assert.match(bomb.split('\n')[at.line]!.slice(at.character), /^\*m\d+, /);
  // A merge of a scalar, a list or an unknown anchor is ignored or reported, never a crash.
  assert.deepEqual(parseYaml('s: &s x\nm:\n  <<: [*s, {b: 2}]\n  c: 3\n').value, { s: 'x', m: { b: '2', c: '3' } });
  assert.deepEqual(kinds('m:\n  <<: *none\n'), ['syntax']);
});

test('deep block nesting (compact sequences, nested keys, mixed with flow) is refused before the parser, which would crash the process', () => {
  for (const text of ['- '.repeat(100_000) + 'x\n', 'a: '.repeat(5_000) + 'x\n', '? '.repeat(5_000) + 'x\n', `k:\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i + 1)}- x:`).join('\n')} y\n`, `a:\n${'  - '.repeat(150)}${'['.repeat(150)}\n`]) {
    const m = parseYaml(text);
    assert.deepEqual(kinds(text), ['too-deep'], text.slice(0, 40));
    assert.match(m.errors[0]!.message, /nests more than 200 levels deep/);
  }
  // Brackets in quotes, comments and block scalars are not nesting.
  const quoted = `a: "${'['.repeat(500)}"\nb: '${'{'.repeat(500)}'\n# ${'['.repeat(500)}\nc: |\n  ${'['.repeat(500)}\n  "\nd: [1]\n`;
  assert.deepEqual(kinds(quoted), []);
  assert.deepEqual((parseYaml(quoted).value as Record<string, unknown>)['d'], ['1']);
  // Real nesting under the limit decodes.
  assert.deepEqual(kinds(`${'- '.repeat(150)}x\n`), []);
});

test('nesting through aliases counts too', () => {
  let text = `a0: &a0 ${'['.repeat(150)}${']'.repeat(150)}\n`;
  for (let i = 1; i < 4; i++) text += `a${i}: &a${i} ${'['.repeat(150)}*a${i - 1}${']'.repeat(150)}\n`;
  assert.deepEqual(kinds(text), ['too-deep']);
});

test('many keys decode in linear time (the parser’s own duplicate check was quadratic: minutes here)', { timeout: 60_000 }, () => {
  let text = '';
  for (let i = 0; i < 60_000; i++) text += `key-${i}: v\n`;
  const m = parseYaml(text);
  assert.deepEqual(m.errors, []);
  assert.equal(Object.keys(m.value as object).length, 60_000);
  // Duplicates are still found, with both places.
  const dup = parseYaml(`${text}key-7: again\n`).errors;
  assert.deepEqual(dup.map((e) => [e.kind, e.range.start.line, e.firstRange!.start.line]), [['duplicate-key', 60_000, 7]]);
});

test('a file with more values than any real one says so, not that it aliases', () => {
  const text = `l: [${Array(100_001).fill('x').join(',')}]\n`;
  const m = parseYaml(text);
  assert.deepEqual(kinds(text), ['too-large']);
  assert.match(m.errors[0]!.message, /^YAML holds more than 100,000 values/);
  assert.doesNotMatch(m.errors[0]!.message, /alias/);
});

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { applyEdits } from '../../server/src/fixes/apply.js';
import { safeFixes } from '../../server/src/fixes/select.js';
import { writeFixed } from '../../server/src/fixes/write.js';
import type { Fix, Problem } from '../../server/src/core/problem.js';

const at = (line: number, character: number) => ({ line, character });

test('applyEdits inserts line breaks as the file has them', () => {
  const edit = { range: { start: at(1, 0), end: at(1, 0) }, newText: 'b\nc\n' };
  assert.equal(applyEdits('a\nd\n', [edit]), 'a\nb\nc\nd\n');
  assert.equal(applyEdits('a\r\nd\r\n', [edit]), 'a\r\nb\r\nc\r\nd\r\n');
  assert.equal(applyEdits('a\r\nd\r\n', [{ ...edit, newText: 'b\r\n' }]), 'a\r\nb\r\nd\r\n');
});

test('safeFixes takes each problem\'s first safe text fix, skipping overlaps and file operations', () => {
  const edit = (file: string, line: number, title: string, safe = true): Fix => ({ title, safe, edits: [{ kind: 'edit', path: file, range: { start: at(line, 0), end: at(line, 4) }, newText: title }] });
  const problem = (fixes: Fix[]): Problem => ({ path: '/r/a', range: { start: at(0, 0), end: at(0, 0) }, ruleId: 'x/y', severity: 'warning', message: '', fixes });
  const chosen = safeFixes([
    problem([edit('/r/a', 1, 'unsafe', false), edit('/r/a', 1, 'first')]),
    problem([edit('/r/a', 1, 'overlaps first')]),
    problem([edit('/r/b', 1, 'other file')]),
    problem([{ title: 'create', safe: true, edits: [{ kind: 'create', path: '/r/c', content: '' }] }]),
  ]);
  assert.deepEqual(chosen.map((f) => f.title), ['first', 'other file']);
});

test('writeFixed refuses a file that changed since it was read, and leaves it as it is', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-write-'));
  try {
    const file = path.join(dir, 'kep.yaml');
    fs.writeFileSync(file, 'title: edited meanwhile\n');
    assert.equal(writeFixed({ path: file, before: 'title: read\n', after: 'title: fixed\n' }), 'it changed since it was read');
    assert.equal(fs.readFileSync(file, 'utf8'), 'title: edited meanwhile\n');
    assert.deepEqual(fs.readdirSync(dir), ['kep.yaml']);
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
});

test('writeFixed keeps the byte-order mark, the mode, and a symbolic link pointing at the file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-write-'));
  try {
    const file = path.join(dir, 'README.md');
    fs.writeFileSync(file, '\uFEFF# Title\r\n', { mode: 0o640 });
    fs.chmodSync(file, 0o640);
    const link = path.join(dir, 'link.md');
    fs.symlinkSync('README.md', link);
    assert.equal(writeFixed({ path: link, before: '# Title\r\n', after: '# Fixed\r\n' }), undefined);
    assert.ok(fs.lstatSync(link).isSymbolicLink());
    assert.deepEqual([...fs.readFileSync(file).subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(fs.readFileSync(file, 'utf8'), '\uFEFF# Fixed\r\n');
    assert.equal(fs.statSync(file).mode & 0o777, 0o640);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['README.md', 'link.md']);
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
});

// The CLI on proposals of other kinds: a kind a fixture repository defines in .kep-studio.yaml
// (test/fixtures/project-kind), the CNCF corpus, PEPs and RFCs, and the checklist and kinds commands.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCli, runJson } from '../support/cli.js';
import { cncfTocDir, fixturesDir, repoRoot } from '../support/paths.js';

const FIXTURE = path.join(fixturesDir, 'project-kind');
const rel = (p: string): string => path.relative(repoRoot, p);

test('a kind defined in .kep-studio.yaml: its documents are recognised and checked', () => {
  const { status, report } = runJson([rel(FIXTURE)], repoRoot);
  assert.equal(status, 0, 'warnings only');
  assert.equal(report.files, 2, 'the two designs; the README is not a design');
  const widgets = report.problems.filter((p) => p.file.endsWith('designs/0001-widgets.md')).map((p) => `${p.range.start.line + 1} ${p.severity} ${p.code} ${p.message}`);
  assert.deepEqual(widgets, [
    '1 warning proposal/metadata The front matter has no "owner" (the author\'s GitHub handle, like @jane-doe).',
    '2 warning proposal/metadata "status" is "drafted"; it must be one of "draft", "review", "accepted", "rejected".',
    '5 warning proposal/missing-section The Acme design document has no "Decision" section. What we will do.',
    '9 warning proposal/placeholder Decide it before the review. ("TBD")',
  ]);
  assert.deepEqual(report.problems.filter((p) => p.file.endsWith('0002-gadgets.md')), []);
  // Its criterion "Security review requested" belongs in the missing Decision: reported with it, not apart.
});

test('kep-studio checklist prints what a design still needs, as text and JSON', () => {
  const file = rel(path.join(FIXTURE, 'designs/0001-widgets.md'));
  const text = runCli(['checklist', file], repoRoot);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^Widgets everywhere — Acme design document\n\nSections\n {2}\[x\] Context .*:7\n {2}\[ \] Decision — missing\n/);
  assert.match(text.stdout, /\n {2}\[ \] Owner named — owner is not set\./);
  assert.equal(text.stderr, '5 required item(s) open\n');
  const json = JSON.parse(runCli(['checklist', '--format', 'json', file], repoRoot).stdout) as { kind: { id: string }; groups: Array<{ id: string; items: Array<{ id: string; state: string; fix?: string }> }> };
  assert.equal(json.kind.id, 'acme-design');
  assert.deepEqual(
    json.groups.map((g) => g.id),
    ['sections', 'review', 'submission'],
  );
  const decision = json.groups[0]!.items.find((i) => i.id === 'section-decision')!;
  assert.deepEqual([decision.state, decision.fix], ['todo', 'Add the "Decision" section']);
  const done = runCli(['checklist', rel(path.join(FIXTURE, 'designs/0002-gadgets.md'))], repoRoot);
  assert.equal(done.stderr, '0 required item(s) open\n');
  // A file that is no proposal is a usage error.
  const readme = runCli(['checklist', rel(path.join(FIXTURE, 'README.md'))], repoRoot);
  assert.equal(readme.status, 2);
  assert.match(readme.stderr, /is not part of a proposal KEP Studio recognises/);
});

test('each path must hold KEPs or proposals: one that holds neither is a usage error, even beside one that does', () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-empty-'));
  try {
    const r = runCli(['check', rel(FIXTURE), empty], repoRoot);
    assert.equal(r.status, 2);
    assert.equal(r.stderr.split('\n')[0], `kep-studio: no KEP repository (a folder holding keps/) or proposal document at, above or below ${empty}`);
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
  }
});

test('kep-studio kinds lists the repository’s kinds before the built-in ones', () => {
  const r = runCli(['kinds', '--format', 'json', rel(FIXTURE)], repoRoot);
  const { kinds } = JSON.parse(r.stdout) as { kinds: Array<{ id: string; origin: string; route?: string }> };
  assert.equal(r.status, 0);
  assert.deepEqual(kinds[0], { id: 'acme-design', name: 'Acme design document', origin: rel(path.join(FIXTURE, '.kep-studio.yaml')), route: 'pull-request', repository: 'acme/designs' });
  assert.ok(kinds.some((k) => k.id === 'cncf-incubation-application' && k.origin === 'built-in'));
});

test('a broken kind is reported where it is wrong and dropped; the other settings still apply', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-kinds-cli-'));
  try {
    fs.cpSync(FIXTURE, dir, { recursive: true });
    const config = fs.readFileSync(path.join(dir, '.kep-studio.yaml'), 'utf8');
    fs.writeFileSync(path.join(dir, '.kep-studio.yaml'), `rules:\n  proposal/placeholder: off\n${config.replace('pattern: "\\\\bTBD\\\\b"', 'pattern: "(TBD)\\\\1"')}`);
    const { status, report } = runJson([dir], dir);
    assert.equal(status, 1, 'config/invalid is an error');
    const invalid = report.problems.filter((p) => p.code === 'config/invalid');
    assert.equal(invalid.length, 1, JSON.stringify(report.problems));
    assert.match(invalid[0]!.message, /kind "acme-design": the pattern "\(TBD\)\\\\1" is not a valid RE2 pattern .*; this kind is not used\./);
    // On the pattern itself (the file now starts with two lines of rules).
    const written = fs.readFileSync(path.join(dir, '.kep-studio.yaml'), 'utf8').split('\n');
    assert.equal(invalid[0]!.range.start.line, written.findIndex((l) => l.includes('(TBD)')));
    // Without the kind, the designs are no proposals: nothing else is reported.
    assert.deepEqual(report.problems.filter((p) => p.code !== 'config/invalid'), []);
    // `kinds` says the same, as check prints problems, and exits 1.
    const kinds = runCli(['kinds', dir], dir);
    assert.equal(kinds.status, 1);
    assert.match(kinds.stderr, /^\.kep-studio\.yaml:\d+:\d+ error config\/invalid Invalid \.kep-studio\.yaml: kind "acme-design"/);
    assert.ok(!kinds.stdout.includes('acme-design'), kinds.stdout);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the CNCF corpus: 70 proposals and due diligence documents, no error', () => {
  const { status, report } = runJson([rel(cncfTocDir)], repoRoot);
  assert.equal(status, 0);
  assert.equal(report.files, 70);
  assert.ok(report.problems.every((p) => p.severity !== 'error'));
});

test('a PEP: header problems are errors (check-peps rejects them), sections are not', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-pep-'));
  try {
    fs.mkdirSync(path.join(dir, 'peps'));
    const good = ['PEP: 9999', 'Title: An example', 'Author: Jane Doe <jane@example.org>', 'Status: Draft', 'Type: Informational', 'Created: 01-Jan-2026', '', 'Abstract', '========', '', 'An example.', '', 'Copyright', '=========', '', 'This document is placed in the public domain or under the CC0-1.0-Universal license, whichever is more permissive.', ''].join('\n');
    fs.writeFileSync(path.join(dir, 'peps/pep-9999.rst'), good);
    assert.deepEqual(runJson([dir], dir).report.problems, []);
    fs.writeFileSync(path.join(dir, 'peps/pep-9999.rst'), good.replace('Status: Draft', 'Status: Proposed').replace('\nCopyright\n=========\n', '\nLicense\n=======\n'));
    const { status, report } = runJson([dir], dir);
    assert.equal(status, 1);
    assert.deepEqual(
      report.problems.map((p) => `${p.range.start.line + 1} ${p.severity} ${p.code}`),
      ['1 warning proposal/missing-section', '4 error proposal/metadata-ci'],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

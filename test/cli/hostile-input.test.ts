// Hostile input through the CLI (issue 9 part A, issue 14 items 1, 2 and 8): each is reported
// where it is, the rest of the repository is still checked, and nothing crashes, hangs or
// prints what lies outside the repository.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCli, runJson, type JsonReport } from '../support/cli.js';
import { copyCorpusKep, makeTempRepo, type TempRepo } from '../support/tempRepo.js';

const A = 'sig-node/4960-container-stop-signals';
const B = 'sig-node/4205-psi-metric';
const PRR_B = 'keps/prod-readiness/sig-node/4205.yaml';

/** A temp repository holding the two KEPs; removed afterwards. */
function withRepo(fn: (repo: TempRepo) => void): void {
  const repo = makeTempRepo();
  try {
    copyCorpusKep(repo, A);
    copyCorpusKep(repo, B);
    fn(repo);
  } finally {
    repo.dispose();
  }
}

const append = (repo: TempRepo, rel: string, text: string): void => fs.appendFileSync(repo.path(rel), text);
const inFile = (r: JsonReport, rel: string) => r.problems.filter((p) => p.file === rel);
const RECURSIVE = /^(?:OWNERS: |OWNERS_ALIASES: |PRR approval file: |The front matter is not valid YAML: |Invalid \.kep-studio\.yaml: )?The alias \*\w+ is inside the value of its own anchor/;

test('a recursive alias is a YAML error at the alias in every YAML read, on its own file; the rest is checked', () => {
  withRepo((repo) => {
    const clean = runJson([], repo.root).report;
    append(repo, `keps/${A}/kep.yaml`, 'last-updated: &a [*a]\n');
    append(repo, `keps/${B}/OWNERS`, 'emeritus_approvers: &o {k: *o}\n');
    append(repo, PRR_B, 'alpha-extra: &p [*p]\n');
    append(repo, 'OWNERS_ALIASES', '  loop: &l [*l]\n');
    // Kind definitions live in the configuration file.
    repo.write('.kep-studio.yaml', 'kinds:\n  - &k {id: loop, name: Loop, recognise: [{path: "x.md"}], sections: [*k]}\n');
    const { status, report } = runJson([], repo.root);
    assert.equal(status, 1);
    /** The only problem about the recursion in `rel` is at `alias`. */
    const at = (rel: string, alias: string, code = 'kep/yaml-syntax'): void => {
      const lines = repo.read(rel).split('\n');
      const line = lines.findIndex((l) => l.includes(alias));
      const found = inFile(report, rel).filter((p) => RECURSIVE.test(p.message));
      assert.deepEqual(found.map((p) => [p.code, p.range.start]), [[code, { line, character: lines[line]!.indexOf(alias) }]], `${rel}: ${JSON.stringify(inFile(report, rel))}`);
    };
    at(`keps/${A}/kep.yaml`, '*a');
    at(`keps/${B}/OWNERS`, '*o');
    at(PRR_B, '*p');
    at('OWNERS_ALIASES', '*l');
    at('.kep-studio.yaml', '*k', 'config/invalid');
    assert.ok(!report.problems.some((p) => p.code === 'engine/internal-error'), JSON.stringify(report.problems));
    // The READMEs are checked as before; KEP B's kep.yaml is checked (without its team in OWNERS_ALIASES).
    assertSame(report, clean, [`keps/${B}/README.md`, `keps/${A}/README.md`]);
    assert.ok(inFile(report, `keps/${B}/kep.yaml`).some((p) => p.code === 'owners/sig-node-tech-lead'));
  });
  // A proposal's front matter (a loose file: its folder is the repository).
  withProposal('---\ntitle: &t [*t]\n---\n\n# Review Project Moving Level Evaluation\n\n# Acme Incubation Application\n\n## Incubation Criteria Summary for Acme\n', (r, status) => {
    assert.equal(status, 0);
    assert.deepEqual(r.problems.filter((p) => RECURSIVE.test(p.message)).map((p) => [p.code, p.range.start]), [['proposal/metadata', { line: 1, character: 11 }]]);
  });
});

test('a SIG registry with a recursive alias is reported with its line, for --sigs and for sigs: in the configuration', () => {
  withRepo((repo) => {
    repo.write('community/sigs.yaml', 'sigs: &s\n  - dir: sig-node\n    subprojects: *s\n');
    const cli = runCli(['check', '--sigs', 'community/sigs.yaml'], repo.root);
    assert.equal(cli.status, 2);
    assert.match(cli.stderr, /--sigs: .*sigs\.yaml is not valid YAML \(line 3: The alias \*s is inside the value of its own anchor/);
    assert.doesNotMatch(cli.stderr, /internal error/);
    repo.write('.kep-studio.yaml', 'sigs: community\n');
    const { status, report } = runJson([], repo.root);
    assert.equal(status, 1);
    assert.deepEqual(
      inFile(report, '.kep-studio.yaml').map((p) => p.code),
      ['config/invalid'],
    );
    assert.match(inFile(report, '.kep-studio.yaml')[0]!.message, /is not valid YAML \(line 3: The alias \*s .*; using the embedded SIG registry instead\./);
  });
});

test('a 1 KB merge-key bomb is refused in kep.yaml and in the configuration, and the check goes on', () => {
  let bomb = 'm0: &m0 {a: 1}\n';
  for (let i = 1; i < 12; i++) bomb += `m${i}: &m${i}\n  <<: [${Array(9).fill(`*m${i - 1}`).join(', ')}]\n`;
  assert.ok(bomb.length < 1100);
  withRepo((repo) => {
    const clean = runJson([], repo.root).report;
    append(repo, `keps/${A}/kep.yaml`, bomb);
    repo.write('.kep-studio.yaml', `rules: {}\n${bomb}`);
    const { status, report } = runJson([], repo.root);
    assert.equal(status, 1);
    assert.deepEqual(inFile(report, `keps/${A}/kep.yaml`).map((p) => [p.code, /excessive aliasing/.test(p.message)]), [['kep/yaml-syntax', true]]);
    assert.deepEqual(inFile(report, '.kep-studio.yaml').map((p) => [p.code, /excessive aliasing/.test(p.message)]), [['config/invalid', true]]);
    assertSame(report, clean, [`keps/${B}/kep.yaml`, `keps/${B}/README.md`, `keps/${A}/README.md`]);
  });
});

test('only regular files are read: a FIFO, a device or a folder where a file belongs is file/unreadable with the reason, and nothing hangs', () => {
  withRepo((repo) => {
    fifo(repo, PRR_B);
    fifo(repo, `keps/${B}/OWNERS`);
    fifo(repo, `keps/${B}/notes.md`);
    fs.rmSync(repo.path(`keps/${A}/kep.yaml`));
    fs.symlinkSync('/dev/zero', repo.path(`keps/${A}/kep.yaml`));
    fs.rmSync(repo.path('OWNERS_ALIASES'));
    fs.mkdirSync(repo.path('OWNERS_ALIASES'));
    fifo(repo, '.kep-studio.yaml');
    const { status, report } = runJson([], repo.root);
    assert.equal(status, 1);
    const reason = (rel: string): string[] => inFile(report, rel).map((p) => `${p.code} ${p.message}`);
    assert.deepEqual(reason(PRR_B), ['file/unreadable PRR approval file: File cannot be read: it is a named pipe (FIFO), not a regular file.']);
    assert.deepEqual(reason(`keps/${B}/OWNERS`), ['file/unreadable OWNERS: File cannot be read: it is a named pipe (FIFO), not a regular file.']);
    assert.deepEqual(reason(`keps/${B}/notes.md`), ['file/unreadable File cannot be read: it is a named pipe (FIFO), not a regular file.']);
    assert.deepEqual(reason(`keps/${A}/kep.yaml`), ['file/unreadable File cannot be read: it is a device, not a regular file.']);
    assert.deepEqual(reason('OWNERS_ALIASES'), ['file/unreadable OWNERS_ALIASES: File cannot be read: it is a folder, not a regular file.']);
    assert.deepEqual(reason('.kep-studio.yaml'), ['config/invalid File cannot be read: it is a named pipe (FIFO), not a regular file. Its settings are not applied.']);
  });
});

test('a sigs.yaml, --sigs or --config that is a FIFO is refused, not waited on', () => {
  withRepo((repo) => {
    fifo(repo, 'pipe.yaml');
    for (const option of ['--sigs', '--config']) {
      const r = runCli(['check', option, 'pipe.yaml'], repo.root);
      assert.equal(r.status, 2, option);
      assert.match(r.stderr, /pipe\.yaml: it is a named pipe \(FIFO\), not a regular file/, option);
    }
    repo.write('.kep-studio.yaml', 'sigs: pipe.yaml\n');
    const { report } = runJson([], repo.root);
    assert.deepEqual(inFile(report, '.kep-studio.yaml').map((p) => p.message), [`Cannot read the SIG registry pipe.yaml: it is a named pipe (FIFO), not a regular file; using the embedded SIG registry instead.`]);
  });
});

/** A secret outside the repository, and the repository's files that are symbolic links to it. */
function withSecretLinks(fn: (repo: TempRepo, secret: string) => void): void {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-outside-'));
  const secret = 'ghp_TOPSECRETtoken0123456789abcdef';
  try {
    fs.writeFileSync(path.join(outside, '.git-credentials'), `https://kep:${secret}@github.com\n`);
    fs.writeFileSync(path.join(outside, '.npmrc'), `//registry.npmjs.org/:_authToken=${secret}\nalways-auth: ${secret}\n`);
    withRepo((repo) => {
      const link = (rel: string, target: string): void => {
        fs.rmSync(repo.path(rel), { force: true });
        fs.mkdirSync(path.dirname(repo.path(rel)), { recursive: true });
        fs.symlinkSync(path.join(outside, target), repo.path(rel));
      };
      link(`keps/${A}/kep.yaml`, '.git-credentials');
      link(`keps/${B}/README.md`, '.npmrc');
      link(`keps/${B}/OWNERS`, '.git-credentials');
      link(PRR_B, '.npmrc');
      link('OWNERS_ALIASES', '.npmrc');
      link('hack/.notableofcontents', '.npmrc');
      // A link that stays inside the repository is followed (this one's TOC is out of date).
      repo.write('notes/inner.md', '# Notes\n\n<!-- toc -->\n<!-- /toc -->\n\n## Section\n');
      fs.symlinkSync(repo.path('notes/inner.md'), repo.path(`keps/${A}/inner.md`));
      fn(repo, secret);
    });
  } finally {
    fs.rmSync(outside, { recursive: true, force: true });
  }
}

const OUTSIDE = /symbolic link \(or lies in a linked folder\) that leads outside the repository, and such links are not followed/;

test('a symbolic link out of the repository is not followed, and no output format prints what it points to', () => {
  withSecretLinks((repo, secret) => {
    const { report } = runJson([], repo.root);
    const unreadable = report.problems.filter((p) => p.code === 'file/unreadable').map((p) => p.file);
    assert.deepEqual(unreadable.sort(), [`keps/${A}/kep.yaml`, `keps/${B}/OWNERS`, `keps/${B}/README.md`, PRR_B, 'OWNERS_ALIASES'].sort());
    for (const p of report.problems.filter((x) => x.code === 'file/unreadable')) assert.match(p.message, OUTSIDE);
    assert.deepEqual(inFile(report, `keps/${A}/inner.md`).map((p) => p.code), ['md/toc-out-of-date'], 'a link inside the repository is read');
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const r = runCli(['check', '--format', format], repo.root);
      assert.equal(r.status, 1, format);
      assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), `${format} prints the secret`);
      assert.ok(!r.stdout.includes('_authToken') && !r.stdout.includes('github.com\n'), format);
      assert.match(r.stdout, /leads outside the repository/, format);
    }
  });
});

test('no message quotes more than an excerpt of a value', () => {
  withRepo((repo) => {
    const kepYaml = repo.path(`keps/${A}/kep.yaml`);
    const long = 'x'.repeat(200_000);
    const spaced = 'word '.repeat(40_000);
    fs.writeFileSync(kepYaml, fs.readFileSync(kepYaml, 'utf8').replace('owning-sig: sig-node', `owning-sig: ${long}`).replace('stage: beta', `stage: "${spaced}"`).replace('status: implementable', `status: ${long}`));
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const r = runCli(['check', '--format', format], repo.root);
      assert.ok(r.stdout.length < 60_000, `${format}: ${r.stdout.length} characters`);
      assert.ok(!/x{81}/.test(r.stdout) && !/(?:word ){20}/.test(r.stdout), format);
    }
    const { report } = runJson([], repo.root);
    const messages = inFile(report, `keps/${A}/kep.yaml`).map((p) => p.message);
    assert.ok(messages.some((m) => /^sig-node|x{40,}…x+ is not a SIG/.test(m)), JSON.stringify(messages));
    for (const m of messages) assert.ok(m.length <= 600, m.length.toString());
  });
});

test('a kep.yaml with 20,000 keys is checked at once and its errors name the unknown keys; more than 100,000 values are refused as such', () => {
  withRepo((repo) => {
    const kepYaml = repo.path(`keps/${A}/kep.yaml`);
    const original = fs.readFileSync(kepYaml, 'utf8');
    let keys = '';
    for (let i = 0; i < 20_000; i++) keys += `extra-${i}: v\n`;
    fs.writeFileSync(kepYaml, original + keys);
    let problems = inFile(runJson([], repo.root).report, `keps/${A}/kep.yaml`);
    assert.equal(problems.filter((p) => p.code === 'kep/unknown-key').length, 20_000);
    assert.match(problems[0]!.message, /^Unknown key "extra-0"/);
    assert.ok(!problems.some((p) => /alias/.test(p.message)));
    fs.writeFileSync(kepYaml, `${original}extra: [${Array(100_001).fill('x').join(',')}]\n`);
    problems = inFile(runJson([], repo.root).report, `keps/${A}/kep.yaml`);
    assert.deepEqual(problems.map((p) => [p.code, p.message]), [['kep/yaml-syntax', 'YAML holds more than 100,000 values; the file was not decoded.']]);
  });
});

test('markdown nesting of any mix of containers is file/too-complex; a long front matter line is not', () => {
  withRepo((repo) => {
    append(repo, `keps/${A}/README.md`, `\n${'> - '.repeat(1_250)}deep\n`);
    const { report } = runJson([], repo.root);
    assert.deepEqual(
      inFile(report, `keps/${A}/README.md`).filter((p) => p.code !== 'md/toc-out-of-date').map((p) => p.code),
      ['file/too-complex'],
    );
    assert.ok(!report.problems.some((p) => p.code === 'engine/internal-error'));
  });
  withProposal(`---\ntitle: "[Incubation] Acme Incubation Application"\ndescription: ${'a'.repeat(1_000)}\n---\n\n# Acme Incubation Application\n\n${'- > '.repeat(1_000)}x\n`, (r) => {
    assert.deepEqual(r.problems.filter((p) => p.code === 'file/too-complex').map((p) => p.range.start.line), [7]);
  });
  withProposal(`---\ntitle: "[Incubation] Acme Incubation Application"\ndescription: ${'a'.repeat(1_000)}\n---\n\n# Acme Incubation Application\n`, (r) => {
    assert.ok(!r.problems.some((p) => p.code === 'file/too-complex'), JSON.stringify(r.problems));
    assert.ok(r.problems.some((p) => p.code === 'proposal/missing-section'), 'its sections are checked');
  });
});

/** The files' problems are those of the clean repository. */
function assertSame(report: JsonReport, clean: JsonReport, rels: string[]): void {
  for (const rel of rels) assert.deepEqual(inFile(report, rel), inFile(clean, rel), rel);
}

function fifo(repo: TempRepo, rel: string): void {
  fs.rmSync(repo.path(rel), { force: true });
  fs.mkdirSync(path.dirname(repo.path(rel)), { recursive: true });
  execFileSync('mkfifo', [repo.path(rel)]);
}

/** A folder that is a repository (it holds .git) with one CNCF application; the CLI's JSON report. */
function withProposal(text: string, fn: (r: JsonReport, status: number | null) => void): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-hostile-proposal-'));
  try {
    fs.mkdirSync(path.join(root, '.git'));
    fs.writeFileSync(path.join(root, 'apply.md'), text);
    const { report, status } = runJson([root], root);
    fn(report, status);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

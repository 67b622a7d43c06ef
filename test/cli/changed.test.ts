import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { runCli, type JsonReport } from '../support/cli.js';
import { git, KEP_A, KEP_B, kepGitRepo } from '../support/git.js';
import { repoRoot } from '../support/paths.js';
import { copyCorpusKep, makeTempRepo, type TempRepo } from '../support/tempRepo.js';

const A = KEP_A;
const B = KEP_B;

/** See kepGitRepo: B broken on main, the branch `feature` checked out. */
const gitRepo = (): TempRepo => kepGitRepo('feature').repo;

const problems = (args: string[], cwd: string): { status: number | null; list: string[]; stderr: string; files: number } => {
  const r = runCli(['check', '--format', 'json', ...args], cwd);
  if (r.status === 2) return { status: 2, list: [], stderr: r.stderr, files: 0 };
  const report = JSON.parse(r.stdout) as JsonReport;
  return { status: r.status, list: report.problems.map((p) => `${p.file} ${p.code}`).sort(), stderr: r.stderr, files: report.files };
};

describe('kep-studio check --changed', () => {
  let repo: TempRepo;
  afterEach(() => repo.dispose());

  test('reports only the KEPs and proposals changed since the merge base with main: committed, staged and untracked', () => {
    repo = gitRepo();
    assert.deepEqual(problems([], repo.root).list, [`${B}/kep.yaml kep/unknown-key`]);
    // Committed on the branch: A's date.
    repo.write(`${A}/kep.yaml`, repo.read(`${A}/kep.yaml`).replace('creation-date: "2025-02-01"', 'creation-date: "2025-2-1"'));
    git(repo.root, 'commit', '-q', '-am', 'date');
    // main moves on (B is fixed there): the merge base, not main's tip, is what the branch changed from.
    git(repo.root, 'checkout', '-q', 'main');
    repo.write(`${B}/kep.yaml`, repo.read(`${B}/kep.yaml`).replace('creation_date:', 'creation-date:'));
    git(repo.root, 'commit', '-q', '-am', 'fix B on main');
    git(repo.root, 'checkout', '-q', 'feature');
    assert.deepEqual(problems(['--changed'], repo.root).list, [`${A}/kep.yaml kep/date-format`]);
    // Staged: a README of B (a change to any file of a KEP's folder makes it changed), and untracked: a PEP.
    repo.write(`${B}/README.md`, `${repo.read(`${B}/README.md`)}\n`);
    git(repo.root, 'add', `${B}/README.md`);
    fs.cpSync(path.join(repoRoot, 'samples/proposals/peps/pep-9999.rst'), repo.path('peps/pep-9999.rst'), { recursive: true });
    const r = problems(['--changed'], repo.root);
    assert.equal(r.status, 1);
    assert.ok(r.list.includes(`${A}/kep.yaml kep/date-format`) && r.list.includes(`${B}/kep.yaml kep/unknown-key`), r.list.join('\n'));
    assert.ok(r.list.some((p) => p.startsWith('peps/pep-9999.rst proposal/metadata-ci')), r.list.join('\n'));
    assert.ok(r.list.every((p) => p.startsWith(A) || p.startsWith(B) || p.startsWith('peps/')), r.list.join('\n'));
    // An explicit ref: only what differs from HEAD (the staged README, the untracked PEP).
    const sinceHead = problems(['--changed', 'HEAD'], repo.root).list;
    assert.ok(!sinceHead.some((p) => p.startsWith(A)) && sinceHead.some((p) => p.startsWith(B)) && sinceHead.some((p) => p.startsWith('peps/')), sinceHead.join('\n'));
    assert.deepEqual(problems(['--changed=HEAD'], repo.root).list, sinceHead);
  });

  test('cross-file checks still read the whole repository; paths narrow the changed set', () => {
    repo = gitRepo();
    // A takes B's number: the duplicate is found although B did not change.
    repo.write(`${A}/kep.yaml`, repo.read(`${A}/kep.yaml`).replace('kep-number: "4960"', 'kep-number: "4205"'));
    const r = problems(['--changed'], repo.root);
    assert.ok(r.list.includes(`${A}/kep.yaml kep/duplicate-number`), r.list.join('\n'));
    assert.ok(!r.list.some((p) => p.startsWith(B)), r.list.join('\n'));
    assert.deepEqual(problems(['--changed', B], repo.root).list, []);
    // Nothing changed under a path: nothing checked, exit 0.
    git(repo.root, 'stash', '-q');
    const none = problems(['--changed'], repo.root);
    assert.deepEqual([none.status, none.list, none.files], [0, [], 0]);
  });

  test('the default branch comes from origin/HEAD before main and master', () => {
    repo = gitRepo();
    git(repo.root, 'branch', '-q', '-m', 'main', 'trunk');
    repo.write(`${A}/kep.yaml`, repo.read(`${A}/kep.yaml`).replace('creation-date: "2025-02-01"', 'creation-date: "2025-2-1"'));
    git(repo.root, 'commit', '-q', '-am', 'date');
    const none = problems(['--changed'], repo.root);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /^kep-studio: --changed: no default branch to compare with \(origin\/HEAD, origin\/main, origin\/master, main or master\)/);
    git(repo.root, 'update-ref', 'refs/remotes/origin/trunk', 'trunk');
    git(repo.root, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/trunk');
    assert.deepEqual(problems(['--changed'], repo.root).list, [`${A}/kep.yaml kep/date-format`]);
  });

  test('a repository with no commit yet: every file is new', () => {
    repo = makeTempRepo();
    copyCorpusKep(repo, 'sig-node/4960-container-stop-signals');
    repo.write(`${A}/kep.yaml`, repo.read(`${A}/kep.yaml`).replace('creation-date: "2025-02-01"', 'creation-date: "2025-2-1"'));
    git(repo.root, 'init', '-q', '-b', 'main');
    assert.deepEqual(problems(['--changed'], repo.root).list, [`${A}/kep.yaml kep/date-format`]);
  });

  test('not a git repository, an unknown ref: usage errors (exit 2); a ref is never run by a shell', () => {
    repo = makeTempRepo();
    copyCorpusKep(repo, 'sig-node/4960-container-stop-signals');
    const outside = runCli(['check', '--changed'], repo.root);
    assert.equal(outside.status, 2);
    assert.match(outside.stderr, /^kep-studio: --changed: .* is not in a git repository\n/);
    git(repo.root, 'init', '-q', '-b', 'main');
    git(repo.root, 'add', '-A');
    git(repo.root, 'commit', '-q', '-m', 'base');
    const marker = path.join(os.tmpdir(), `kep-studio-pwned-${process.pid}`);
    for (const ref of ['no-such-branch', `$(touch ${marker})`, '--output=/tmp/x']) {
      const r = runCli(['check', `--changed=${ref}`], repo.root);
      assert.equal(r.status, 2, ref);
      assert.equal(r.stderr.split('\n')[0], `kep-studio: --changed: unknown git ref "${ref}"`);
    }
    assert.equal(fs.existsSync(marker), false);
    assert.equal(runCli(['check', '--changed', 'no-such-branch'], repo.root).status, 2);
  });
});

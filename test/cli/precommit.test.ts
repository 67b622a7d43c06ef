import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { git, KEP_A, KEP_B } from '../support/git.js';
import { cliPath, repoRoot } from '../support/paths.js';
import { copyCorpusKep, makeTempRepo, type TempRepo } from '../support/tempRepo.js';

interface HookDefinition {
  id: string;
  entry: string;
  language: string;
  files?: string;
  exclude?: string;
  args?: string[];
  pass_filenames?: boolean;
}

const hooks = parse(fs.readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as HookDefinition[];
const hook = hooks.find((h) => h.id === 'kep-studio')!;

/**
 * Runs the hook as pre-commit does (pre-commit itself cannot be installed here: PyPI is out of
 * reach). pre-commit takes the staged files that still exist (`git diff --staged --name-only
 * --diff-filter=ACMRTUXB`), keeps those `files` matches (Python's re.search; the pattern is also
 * valid JavaScript) and `exclude` does not, splits `entry` like a shell (shlex), appends `args`
 * and the file names, and runs that in the repository's root, with the `node` environment's
 * bin folder first on PATH, where `npm install -g` put the package's `bin`: kep-studio.
 */
function runHook(repo: TempRepo): { status: number | null; stdout: string; stderr: string; files: string[] } {
  const staged = git(repo.root, 'diff', '--staged', '--name-only', '--diff-filter=ACMRTUXB', '-z').split('\0').filter(Boolean);
  const include = new RegExp(hook.files ?? '');
  const exclude = new RegExp(hook.exclude ?? '^$');
  const files = staged.filter((f) => include.test(f) && !exclude.test(f));
  const bin = repo.path('.node_env/bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, 'kep-studio'), `#!/bin/sh\nexec "${process.execPath}" "${cliPath}" "$@"\n`, { mode: 0o755 });
  assert.doesNotMatch(hook.entry, /["'\\]/, 'entry is split on spaces here, without shell quoting');
  const [command, ...entryArgs] = hook.entry.split(/\s+/);
  const r = spawnSync(command!, [...entryArgs, ...(hook.args ?? []), ...(hook.pass_filenames === false ? [] : files)], {
    cwd: repo.root,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, files };
}

const A = KEP_A;
const B = KEP_B;

describe('the pre-commit hook (.pre-commit-hooks.yaml)', () => {
  test('is a node hook named kep-studio whose entry is the package\'s command', () => {
    assert.equal(hook.language, 'node');
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
    assert.equal(hook.entry.split(' ')[0], Object.keys(pkg.bin)[0]);
    // pre-commit installs the hook with `npm pack` then `npm install -g <tarball>`: the tarball must hold the built command.
    assert.match(pkg.scripts['prepack']!, /scripts\/build\.mjs/);
    const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8' })) as Array<{ files: Array<{ path: string }> }>;
    const files = packed[0]!.files.map((f) => f.path);
    assert.ok(files.includes(pkg.bin['kep-studio']!.replace(/^\.\//, '')), files.join(', '));
    assert.ok(!files.some((f) => f.startsWith('test/') || f.startsWith('server/')), files.join(', '));
  });

  test('checks the staged KEP files and proposals, ignores other staged files, and fails on errors', () => {
    const repo = makeTempRepo();
    try {
      copyCorpusKep(repo, 'sig-node/4960-container-stop-signals');
      copyCorpusKep(repo, 'sig-node/4205-psi-metric');
      // B is broken but not staged: the hook does not report it.
      repo.write(`${B}/kep.yaml`, repo.read(`${B}/kep.yaml`).replace('creation-date:', 'creation_date:'));
      repo.write('.gitignore', '.node_env/\n');
      git(repo.root, 'init', '-q', '-b', 'main');
      git(repo.root, 'add', '.gitignore', 'keps/README.md');
      git(repo.root, 'commit', '-q', '-m', 'base');
      repo.write(`${A}/kep.yaml`, repo.read(`${A}/kep.yaml`).replace('creation-date:', 'creation_date:'));
      repo.write('CONTRIBUTING.md', '# Contributing\n');
      repo.write('.github/workflows/ci.yaml', 'on: push\n');
      git(repo.root, 'add', A, 'CONTRIBUTING.md', '.github', 'OWNERS_ALIASES');
      const r = runHook(repo);
      assert.ok(r.files.includes(`${A}/kep.yaml`) && r.files.includes('CONTRIBUTING.md') && r.files.includes('OWNERS_ALIASES'), r.files.join(' '));
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stdout, new RegExp(`^${A}/kep\\.yaml:\\d+:1 error kep/unknown-key `, 'm'));
      assert.ok(!r.stdout.includes(B) && !r.stdout.includes('CONTRIBUTING') && !r.stdout.includes('ci.yaml'), r.stdout);

      // Fixed and staged again: the hook passes.
      repo.write(`${A}/kep.yaml`, repo.read(`${A}/kep.yaml`).replace('creation_date:', 'creation-date:'));
      git(repo.root, 'add', A);
      const ok = runHook(repo);
      assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    } finally {
      repo.dispose();
    }
  });

  test('in a repository of neither KEPs nor proposals, staged markdown passes', () => {
    const repo = makeTempRepo();
    try {
      fs.rmSync(repo.path('keps'), { recursive: true });
      repo.write('docs/guide.md', '# Guide\n');
      git(repo.root, 'init', '-q', '-b', 'main');
      git(repo.root, 'add', 'docs');
      const r = runHook(repo);
      assert.deepEqual(r.files, ['docs/guide.md']);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.equal(r.stdout, '');
    } finally {
      repo.dispose();
    }
  });
});

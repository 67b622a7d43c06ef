import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../support/cli.js';
import { enhancementsDir } from '../support/paths.js';
import { brokenKep, copyCorpusKep, makeTempRepo } from '../support/tempRepo.js';

const KEP = 'sig-node/4960-container-stop-signals';
const original = (file: string): string => fs.readFileSync(path.join(enhancementsDir, 'keps', KEP, file), 'utf8');

describe('kep-studio check --fix', () => {
  test('applies every safe fix, writes the files and reports what is left', () => {
    const { repo, kepYaml, readme, expected } = brokenKep();
    try {
      const before = runCli(['check', '--format', 'json', '.'], repo.root);
      const codes = (JSON.parse(before.stdout) as { problems: Array<{ code: string }> }).problems.map((p) => p.code);
      for (const c of ['kep/unknown-sig', 'kep/date-format', 'md/toc-out-of-date']) assert.ok(codes.includes(c), `${c} in ${codes.join(', ')}`);
      const r = runCli(['check', '--fix', '.'], repo.root);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^Applied 3 fixes in 2 files\.\n\d+ files checked: 0 errors, 0 warnings, 0 suggestions\n$/);
      assert.equal(fs.readFileSync(kepYaml, 'utf8'), expected('kep.yaml'));
      assert.equal(fs.readFileSync(readme, 'utf8'), expected('README.md'));
      // No temporary file is left beside them.
      assert.deepEqual(fs.readdirSync(path.dirname(readme)).filter((f) => f.startsWith('.')), []);
    } finally {
      repo.dispose();
    }
  });

  test('keeps CRLF line endings and the byte-order mark', () => {
    const { repo, kepYaml, readme, expected } = brokenKep({ crlf: true, bom: true });
    try {
      const r = runCli(['check', '--fix', '.'], repo.root);
      // mdtoc compares bytes: a CRLF table of contents stays an error, which the report says.
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /^keps\/sig-node\/4960-container-stop-signals\/README\.md:\d+:1 error md\/toc-out-of-date .*CRLF line endings/);
      assert.match(r.stderr, /^Applied 3 fixes in 2 files\./);
      const fixedReadme = fs.readFileSync(readme, 'utf8');
      assert.ok(fixedReadme.startsWith('\uFEFF\r\n# KEP-4960'));
      assert.doesNotMatch(fixedReadme, /[^\r]\n/, 'a bare LF was written into a CRLF file');
      assert.equal(fixedReadme, expected('README.md'));
      assert.equal(fs.readFileSync(kepYaml, 'utf8'), expected('kep.yaml'));
    } finally {
      repo.dispose();
    }
  });

  test('never edits a file it could not read exactly (not UTF-8)', () => {
    const { repo, readme } = brokenKep();
    try {
      const bytes = Buffer.concat([fs.readFileSync(readme), Buffer.from([0xff, 0x0a])]);
      fs.writeFileSync(readme, bytes);
      const r = runCli(['check', '--fix', '--format', 'json', '.'], repo.root);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /^Applied 2 fixes in 1 files\./);
      assert.ok(fs.readFileSync(readme).equals(bytes), 'the README was rewritten');
      const left = (JSON.parse(r.stdout) as { problems: Array<{ code: string }> }).problems.map((p) => p.code);
      assert.ok(left.includes('md/toc-out-of-date') && left.includes('file/encoding'), left.join(', '));
    } finally {
      repo.dispose();
    }
  });
});

describe('kep-studio check --fix-dry-run and --format diff', () => {
  test('print the fixes as a unified diff that git applies, and write nothing', () => {
    const { repo, kepYaml, readme, expected } = brokenKep({ crlf: true });
    try {
      const untouched = [fs.readFileSync(kepYaml), fs.readFileSync(readme)];
      const r = runCli(['check', '--fix-dry-run', '.'], repo.root);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stdout, /^--- a\/keps\/sig-node\/4960-container-stop-signals\/README\.md\n\+\+\+ b\/keps\/sig-node\/4960-container-stop-signals\/README\.md\n@@ /);
      assert.match(r.stdout, /^-owning-sig: SIG Node\r\n\+owning-sig: sig-node\r\n/m);
      assert.match(r.stdout, /^\+ {2}- \[Non-Goals\]\(#non-goals\)\r\n/m);
      // The CRLF table of contents is still an error (see above).
      assert.equal(r.stderr, '3 fixes in 2 files (not written); then 3 files checked: 1 errors, 0 warnings, 0 suggestions\n');
      assert.ok(fs.readFileSync(kepYaml).equals(untouched[0]!) && fs.readFileSync(readme).equals(untouched[1]!), 'a dry run wrote a file');
      assert.equal(runCli(['check', '--format', 'diff', '.'], repo.root).stdout, r.stdout);
      // The diff is a patch: applied, it gives what --fix writes.
      execFileSync('git', ['apply', '-p1', '--unsafe-paths', '-'], { cwd: repo.root, input: r.stdout });
      assert.equal(fs.readFileSync(readme, 'utf8'), expected('README.md'));
      assert.equal(fs.readFileSync(kepYaml, 'utf8'), expected('kep.yaml'));
    } finally {
      repo.dispose();
    }
  });

  test('an empty diff when nothing is fixable; the exit status tells the errors left', () => {
    const repo = makeTempRepo();
    try {
      const dir = copyCorpusKep(repo, KEP);
      repo.write(`${dir}/kep.yaml`, original('kep.yaml').replace('creation-date:', 'creation_date:'));
      const r = runCli(['check', '--format', 'diff', '.'], repo.root);
      assert.equal(r.status, 1, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^0 fixes in 0 files \(not written\); then \d+ files checked: [1-9]\d* errors/);
    } finally {
      repo.dispose();
    }
  });

  test('--fix with a dry run, or outside check, is a usage error', () => {
    const { repo } = brokenKep();
    try {
      for (const args of [['check', '--fix', '--fix-dry-run', '.'], ['check', '--fix', '--format', 'diff', '.'], ['kinds', '--fix', '.'], ['checklist', '--format', 'diff', 'keps']]) {
        const r = runCli(args, repo.root);
        assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, /^kep-studio: /);
      }
    } finally {
      repo.dispose();
    }
  });
});

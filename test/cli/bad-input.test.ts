import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { Engine } from '../../server/src/engine.js';
import { nodeFileSystem, type FileSystemHost } from '../../server/src/workspace/fileSystem.js';
import { runCli, runJson, type JsonReport } from '../support/cli.js';
import { checkRepository } from '../support/check.js';
import { enhancementsDir } from '../support/paths.js';
import { copyCorpusKep, makeTempRepo, type TempRepo } from '../support/tempRepo.js';

const KEP = 'sig-node/4960-container-stop-signals';

/** A temp repository with one real KEP whose kep.yaml or README is replaced by `bytes`. */
function withFile(file: 'kep.yaml' | 'README.md', bytes: string | Buffer, fn: (r: JsonReport, status: number | null, repo: TempRepo, rel: string) => void): void {
  const repo = makeTempRepo();
  try {
    const dir = copyCorpusKep(repo, KEP);
    const rel = `${dir}/${file}`;
    fs.writeFileSync(repo.path(rel), bytes);
    const { report, status } = runJson([], repo.root);
    fn(report, status, repo, rel);
  } finally {
    repo.dispose();
  }
}

const codesIn = (r: JsonReport, rel: string): string[] => r.problems.filter((p) => p.file === rel).map((p) => p.code);

test('malformed YAML: a syntax error at its line, an error exit, no crash', () => {
  withFile('kep.yaml', 'title: "unterminated\nkep-number: 4960\nauthors: [a, b\n', (r, status, _repo, rel) => {
    assert.equal(status, 1);
    const p = r.problems.find((x) => x.file === rel && x.code === 'kep/yaml-syntax')!;
    assert.ok(p, JSON.stringify(r.problems));
    assert.equal(p.severity, 'error');
  });
});

test('a binary kep.yaml or README is reported as such, not parsed', () => {
  const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48]);
  withFile('kep.yaml', binary, (r, status, _repo, rel) => {
    assert.equal(status, 1);
    assert.deepEqual(codesIn(r, rel), ['file/binary']);
  });
  withFile('README.md', binary, (r, _status, _repo, rel) => {
    assert.deepEqual([...new Set(codesIn(r, rel))], ['file/binary']);
  });
});

test('a 20 MB README and a 20 MB kep.yaml are skipped with a warning, not read', () => {
  const huge = `# Title\n\n${'All work and no play makes a very long KEP. '.repeat(480_000)}\n`;
  withFile('README.md', huge, (r, _status, _repo, rel) => {
    assert.ok(huge.length > 20_000_000);
    assert.deepEqual([...new Set(codesIn(r, rel))], ['file/too-large']);
  });
  withFile('kep.yaml', `title: x\n# ${'y'.repeat(20_000_000)}\n`, (r, _status, _repo, rel) => {
    assert.deepEqual(codesIn(r, rel), ['file/too-large']);
  });
});

test('deep nesting: YAML flow collections and markdown quotes are refused with a diagnostic', () => {
  withFile('kep.yaml', `title: ${'['.repeat(100_000)}\n`, (r, status, _repo, rel) => {
    assert.equal(status, 1);
    const p = r.problems.find((x) => x.file === rel)!;
    assert.equal(p.code, 'kep/yaml-syntax');
    assert.match(p.message, /nests more than 200 levels/);
  });
  withFile('README.md', `# T\n\n<!-- toc -->\n<!-- /toc -->\n\n${'> '.repeat(50_000)}deep\n`, (r, _status, _repo, rel) => {
    const p = r.problems.find((x) => x.file === rel && x.code === 'file/too-complex')!;
    assert.ok(p, JSON.stringify(r.problems.filter((x) => x.file === rel)));
    assert.equal(p.range.start.line, 5);
  });
});

test('a YAML alias bomb is refused, not expanded', () => {
  let bomb = 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
  for (let i = 1; i < 12; i++) bomb += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
  withFile('kep.yaml', bomb, (r, status, _repo, rel) => {
    assert.equal(status, 1);
    assert.ok(r.problems.some((p) => p.file === rel && p.code === 'kep/yaml-syntax' && /excessive aliasing/.test(p.message)));
  });
});

test('CRLF and a byte-order mark change nothing in kep.yaml; positions stay right', () => {
  const repo = makeTempRepo();
  try {
    const dir = copyCorpusKep(repo, KEP);
    const original = runJson([], repo.root).report.problems;
    const text = repo.read(`${dir}/kep.yaml`);
    repo.write(`${dir}/kep.yaml`, `\uFEFF${text.replace(/\n/g, '\r\n')}`);
    const after = runJson([], repo.root).report.problems;
    assert.deepEqual(after, original);
  } finally {
    repo.dispose();
  }
});

test('CRLF in a README makes its TOC out of date, as mdtoc compares bytes; the message says why', () => {
  const repo = makeTempRepo();
  try {
    const dir = copyCorpusKep(repo, KEP);
    repo.write(`${dir}/README.md`, repo.read(`${dir}/README.md`).replace(/\n/g, '\r\n'));
    const p = runJson([], repo.root).report.problems.find((x) => x.code === 'md/toc-out-of-date')!;
    assert.ok(p);
    assert.match(p.message, /CRLF/);
  } finally {
    repo.dispose();
  }
});

test('invalid UTF-8: a warning in markdown (the rest is checked), an error in kep.yaml', () => {
  const repo = makeTempRepo();
  try {
    const dir = copyCorpusKep(repo, KEP);
    const readme = Buffer.concat([Buffer.from(repo.read(`${dir}/README.md`)), Buffer.from([0xc3, 0x28, 0x0a])]);
    fs.writeFileSync(repo.path(`${dir}/README.md`), readme);
    let r = runJson([], repo.root).report;
    assert.deepEqual(codesIn(r, `${dir}/README.md`), ['file/encoding']);
    fs.writeFileSync(repo.path(`${dir}/kep.yaml`), Buffer.concat([Buffer.from('title: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    r = runJson([], repo.root).report;
    assert.deepEqual(codesIn(r, `${dir}/kep.yaml`), ['kep/yaml-syntax']);
  } finally {
    repo.dispose();
  }
});

test('a missing folder is a usage error', () => {
  const r = runCli(['check', 'does/not/exist'], path.resolve('/'));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no such file or folder/);
});

test('an unreadable folder is reported and the rest of the repository is checked', () => {
  const repo = makeTempRepo();
  try {
    const visible = copyCorpusKep(repo, KEP);
    const hidden = copyCorpusKep(repo, 'sig-network/1435-mixed-protocol-lb');
    const denied = repo.path(path.dirname(hidden));
    // Permissions do not stop root (CI runs as root), so the engine gets a file system that refuses it.
    const fsHost: FileSystemHost = {
      ...nodeFileSystem,
      readDir: (p) => (p === denied ? { error: 'EACCES: permission denied' } : nodeFileSystem.readDir(p)),
    };
    const problems = checkRepository(repo.root, { fs: fsHost });
    const unreadable = problems.filter((p) => p.ruleId === 'file/unreadable');
    assert.deepEqual(unreadable.map((p) => [p.path, p.severity]), [[denied, 'error']]);
    assert.match(unreadable[0]!.message, /EACCES/);
    // The other folders are still checked.
    const kepUnits = new Engine({ fs: fsHost }).repository(repo.root).units().filter((u) => u.kind === 'kep');
    assert.deepEqual(kepUnits.map((u) => (u.kind === 'kep' ? u.location.dir : '')), [repo.path(visible)]);
  } finally {
    repo.dispose();
  }
});

// ---- proposals of other kinds -------------------------------------------------------------------

/** A folder that is a repository (it holds .git) with one proposal file; the CLI's JSON report. */
function withProposal(rel: string, bytes: string | Buffer, fn: (r: JsonReport, status: number | null) => void): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-bad-proposal-'));
  try {
    fs.mkdirSync(path.join(root, '.git'));
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), bytes);
    const { report, status } = runJson([root], root);
    fn(report, status);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

const APPLICATION = (fm: string): string => `---\n${fm}---\n\n# Review Project Moving Level Evaluation\n\n# Acme Incubation Application\n\n## Incubation Criteria Summary for Acme\n`;

test('a proposal with CRLF line endings and a byte-order mark reads as with LF: front matter, title, sections', () => {
  const lf = APPLICATION('title: "[Incubation] Acme Incubation Application"\n');
  withProposal('apply.md', lf, (plain) => {
    withProposal('apply.md', `\uFEFF${lf.replace(/\n/g, '\r\n')}`, (crlf) => {
      assert.ok(crlf.problems.length > 0 && crlf.problems.length === plain.problems.length, JSON.stringify(crlf.problems.map((p) => p.code)));
      assert.deepEqual(
        crlf.problems.map((p) => [p.code, p.range.start.line]),
        plain.problems.map((p) => [p.code, p.range.start.line]),
      );
      assert.ok(!crlf.problems.some((p) => p.code === 'proposal/title'), 'the front matter title is read');
    });
  });
});

test('broken or explosive front matter is reported, not decoded, and the rest is checked', () => {
  withProposal('apply.md', APPLICATION('title: "[Incubation] unterminated\nlabels: [a, b\n'), (r, status) => {
    assert.equal(status, 0);
    assert.ok(r.problems.some((p) => p.code === 'proposal/metadata' && /front matter is not valid YAML/.test(p.message)), JSON.stringify(r.problems));
    assert.ok(r.problems.some((p) => p.code === 'proposal/missing-section'), 'the sections are still checked');
  });
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`), 'title: "[Incubation] Acme Incubation Application"', ''].join('\n');
  withProposal('apply.md', APPLICATION(bomb), (r) => {
    assert.ok(r.problems.some((p) => p.code === 'proposal/metadata' && /aliases expand to too many values/.test(p.message)), JSON.stringify(r.problems));
  });
});

test('a proposal nested too deeply is recognised by its title and reported, its sections not analysed', () => {
  withProposal('apply.md', `${APPLICATION('title: "[Incubation] Acme Incubation Application"\n')}\n${'>'.repeat(5000)} deep\n`, (r) => {
    assert.deepEqual(
      r.problems.map((p) => p.code),
      ['file/too-complex'],
    );
  });
});

test('a kind’s catastrophic pattern (a ReDoS in JavaScript) runs on RE2 in linear time over a long line', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-redos-'));
  try {
    fs.writeFileSync(path.join(root, '.kep-studio.yaml'), 'kinds:\n  - id: redos\n    name: ReDoS\n    recognise: [{ path: "*.md" }]\n    sections: [{ title: Summary }]\n    placeholders: [{ pattern: "^(a+)+$" }]\n');
    // The long line does not match (JavaScript would backtrack for ages); the short one does.
    fs.writeFileSync(path.join(root, 'doc.md'), `## Summary\n\n${'a'.repeat(1_999)}b\n\naaaa\n`);
    const { report, status } = runJson([root], root);
    assert.equal(status, 0);
    assert.deepEqual(
      report.problems.map((p) => [p.code, p.range.start.line]),
      [['proposal/placeholder', 4]],
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('headings of 200,000 "[" or "<" (quadratic for link and tag patterns) are matched on their start, not stalled on', () => {
  const brackets = '['.repeat(200_000);
  withProposal('apply.md', `${APPLICATION('title: "[Incubation] Acme Incubation Application"\n')}\n## ${brackets}\n\n## ${'<'.repeat(200_000)}\n`, (r, status) => {
    assert.equal(status, 0);
    assert.ok(r.problems.some((p) => p.code === 'proposal/missing-section'), JSON.stringify(r.problems.map((p) => p.code)));
  });
  withFile('README.md', `${fs.readFileSync(path.join(enhancementsDir, 'keps', KEP, 'README.md'), 'utf8')}\n## ${brackets}\n`, (r, status, _repo, rel) => {
    // The heading is not in the table of contents: an error, as upstream's verify-toc.
    assert.equal(status, 1);
    assert.deepEqual(codesIn(r, rel), ['md/toc-out-of-date']);
  });
});

test('a proposal with a 1 MB line (bold, spaces, colons) is checked, not stalled on', () => {
  const line = `**${' '.repeat(300_000)}x${'*'.repeat(1000)} Key:${' '.repeat(300_000)}#${' '.repeat(400_000)}`;
  withProposal('apply.md', `${APPLICATION('title: "[Incubation] Acme Incubation Application"\n')}\n${line}\n\n- ${line}\n`, (r, status) => {
    assert.equal(status, 0);
    assert.ok(r.problems.some((p) => p.code === 'proposal/missing-section'), JSON.stringify(r.problems.map((p) => p.code)));
  });
});

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCli, runJson } from '../support/cli.js';
import { enhancementsDir, repoRoot } from '../support/paths.js';
import { copyCorpusKep, makeTempRepo } from '../support/tempRepo.js';

const KEP = 'sig-node/4960-container-stop-signals';

/** A repository with one real KEP whose owning-sig is misspelled (warning) and a bad key (error). */
function brokenRepo() {
  const repo = makeTempRepo();
  const dir = copyCorpusKep(repo, KEP);
  const kep = repo.read(`${dir}/kep.yaml`).replace('owning-sig: sig-node', 'owning-sig: sig-nodes').replace('creation-date:', 'creation_date:');
  repo.write(`${dir}/kep.yaml`, kep);
  return { repo, dir };
}

test('--help and --version exit 0', () => {
  const help = runCli(['--help'], repoRoot);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /Usage: kep-studio check/);
  const version = runCli(['--version'], repoRoot);
  assert.equal(version.status, 0);
  assert.equal(version.stdout.trim(), JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version);
});

test('usage errors exit 2 with a message on stderr', () => {
  for (const args of [['frobnicate'], [], ['check', '--format', 'xml'], ['check', '--bogus'], ['check', '/no/such/folder']]) {
    const r = runCli(args, repoRoot);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^kep-studio: /, args.join(' '));
    assert.equal(r.stdout, '');
  }
});

test('a folder with no KEP repository at, above or below it exits 2', () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-empty-'));
  try {
    const r = runCli(['check', empty], repoRoot);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no KEP repository/);
  } finally {
    fs.rmSync(empty, { recursive: true });
  }
});

test('the real corpus passes: exit 0, one JSON object with the documented shape', () => {
  const r = runCli(['check', '--format', 'json', path.relative(repoRoot, enhancementsDir)], repoRoot);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(report), ['version', 'files', 'problems']);
  assert.equal(report.version, 1);
  assert.ok(report.files > 1000, `files: ${report.files}`);
  const p = report.problems[0];
  assert.deepEqual(Object.keys(p), ['file', 'range', 'severity', 'code', 'message']);
  assert.ok(p.file.startsWith('../shared/corpus/enhancements/keps/'), p.file);
  assert.equal(typeof p.range.start.line, 'number');
  assert.ok(report.problems.every((x: { severity: string }) => x.severity !== 'error'));
});

test('text output is path:line:col severity rule message, and errors exit 1', () => {
  const { repo, dir } = brokenRepo();
  try {
    const r = runCli(['check'], repo.root);
    assert.equal(r.status, 1);
    const lines = r.stdout.trim().split('\n');
    assert.ok(lines.includes(`${dir}/kep.yaml:9:1 error kep/unknown-key ${lines.find((l) => l.includes('kep/unknown-key'))!.split(' kep/unknown-key ')[1]}`), r.stdout);
    assert.ok(lines.some((l) => l.startsWith(`${dir}/kep.yaml:5:13 warning kep/unknown-sig `)), r.stdout);
    for (const l of lines) assert.match(l, /^[^:]+:\d+:\d+ (error|warning|information|hint) [a-z]+\/[a-z-]+ \S/);
    assert.match(r.stderr, /files checked: 1 errors, \d+ warnings/);
  } finally {
    repo.dispose();
  }
});

test('--quiet reports errors only; the exit code still reflects them', () => {
  const { repo } = brokenRepo();
  try {
    const r = runCli(['check', '--quiet'], repo.root);
    assert.equal(r.status, 1);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, / error kep\/unknown-key /);
  } finally {
    repo.dispose();
  }
});

test('--format github prints workflow annotations with escaped properties', () => {
  const { repo, dir } = brokenRepo();
  try {
    const r = runCli(['check', '--format', 'github'], repo.root);
    assert.equal(r.status, 1);
    const err = r.stdout.split('\n').find((l) => l.startsWith('::error '))!;
    assert.match(err, new RegExp(`^::error file=${dir}/kep.yaml,line=9,col=1,endLine=9,endColumn=14,title=kep/unknown-key::Unknown key "creation_date"`));
    assert.ok(r.stdout.split('\n').some((l) => l.startsWith('::warning file=')));
  } finally {
    repo.dispose();
  }
});

test('--format sarif is SARIF 2.1.0 with rules, levels and regions', () => {
  const { repo, dir } = brokenRepo();
  try {
    const r = runCli(['check', '--format', 'sarif'], repo.root);
    assert.equal(r.status, 1);
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.name, 'kep-studio');
    const result = run.results.find((x: { ruleId: string }) => x.ruleId === 'kep/unknown-key');
    assert.equal(result.level, 'error');
    assert.deepEqual(result.locations[0].physicalLocation.artifactLocation, { uri: `${dir}/kep.yaml`, uriBaseId: 'SRCROOT' });
    assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 9, startColumn: 1, endLine: 9, endColumn: 14 });
    const rule = run.tool.driver.rules[result.ruleIndex];
    assert.equal(rule.id, 'kep/unknown-key');
    assert.match(rule.helpUri, /docs\/rules\/kep\/unknown-key\.md$/);
  } finally {
    repo.dispose();
  }
});

test('paths select what is reported: one KEP folder, found from inside the repository', () => {
  const repo = makeTempRepo();
  const a = copyCorpusKep(repo, KEP);
  const b = copyCorpusKep(repo, 'sig-node/4205-psi-metric');
  repo.write(`${b}/kep.yaml`, repo.read(`${b}/kep.yaml`).replace('title:', 'titel:'));
  try {
    const all = runJson([], repo.root);
    assert.ok(all.report.problems.some((p) => p.file.startsWith(b)));
    const one = runJson([a], repo.root);
    assert.ok(one.report.problems.every((p) => !p.file.startsWith(b)), JSON.stringify(one.report.problems));
    assert.equal(one.status, 0);
    // From inside the KEP folder, the repository root is found upwards; paths print relative to cwd.
    const inside = runJson(['.'], repo.path(b));
    assert.equal(inside.status, 1);
    assert.ok(inside.report.problems.some((p) => p.file === 'kep.yaml' && p.code === 'kep/unknown-key'));
  } finally {
    repo.dispose();
  }
});

test('a folder holding several repositories checks each of them', () => {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-multi-'));
  const one = makeTempRepo();
  const two = brokenRepo().repo;
  try {
    fs.renameSync(one.root, path.join(parent, 'one'));
    fs.renameSync(two.root, path.join(parent, 'two'));
    const r = runJson([], parent);
    assert.equal(r.status, 1);
    assert.ok(r.report.problems.some((p) => p.file.startsWith('two/keps/')));
  } finally {
    fs.rmSync(parent, { recursive: true, force: true });
  }
});

test('--sigs reads another registry: a sigs.yaml, or a community checkout whose archive/ names retired groups', () => {
  const { repo, dir } = brokenRepo();
  const community = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-community-'));
  try {
    fs.writeFileSync(path.join(community, 'sigs.yaml'), 'sigs:\n  - dir: sig-nodes\n    name: Nodes\n');
    fs.mkdirSync(path.join(community, 'archive/sig-windows'), { recursive: true });
    const r = runJson(['--sigs', community], repo.root);
    const sigProblems = r.report.problems.filter((p) => p.file === `${dir}/kep.yaml` && p.code.endsWith('-sig'));
    // The embedded registry knows sig-node and sig-windows; this one knows only sig-nodes.
    assert.deepEqual(
      sigProblems.map((p) => [p.code, p.message.split(' ')[0]]),
      [
        ['kep/unknown-sig', 'sig-node'],
        ['kep/retired-sig', 'sig-windows'],
      ],
    );
    const bad = runCli(['check', '--sigs', path.join(community, 'missing.yaml')], repo.root);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--sigs: SIG registry not found/);
  } finally {
    repo.dispose();
    fs.rmSync(community, { recursive: true });
  }
});

test('the configuration file sets severities and turns rules off; --config points elsewhere', () => {
  const { repo } = brokenRepo();
  try {
    repo.write('.kep-studio.yaml', 'rules:\n  kep/unknown-key: warning\n  kep/unknown-sig: off\n');
    const r = runJson([], repo.root);
    assert.equal(r.status, 0);
    assert.ok(r.report.problems.some((p) => p.code === 'kep/unknown-key' && p.severity === 'warning'));
    assert.ok(!r.report.problems.some((p) => p.code === 'kep/unknown-sig'));
    const other = repo.write('other.yaml', 'rules:\n  md/template-section: error\n');
    const o = runJson(['--config', other], repo.root);
    assert.equal(o.status, 1);
    assert.ok(o.report.problems.some((p) => p.code === 'kep/unknown-sig'), 'the repository file is replaced, not merged');
  } finally {
    repo.dispose();
  }
});

test('an invalid configuration is reported on the file, with the offending key', () => {
  const { repo } = brokenRepo();
  try {
    repo.write('.kep-studio.yaml', 'rules:\n  kep/no-such-rule: warning\n  kep/unknown-sig: loud\nsurprise: 1\n');
    const r = runJson([], repo.root);
    const config = r.report.problems.filter((p) => p.code === 'config/invalid');
    assert.ok(config.length >= 1);
    assert.ok(config.every((p) => p.file === '.kep-studio.yaml'));
    assert.ok(config.some((p) => /surprise/.test(p.message) && p.range.start.line === 3), JSON.stringify(config));
  } finally {
    repo.dispose();
  }
});

test('inline suppression comments silence one rule, on a line in YAML and from a point on in markdown', () => {
  const { repo, dir } = brokenRepo();
  try {
    const yaml = repo.read(`${dir}/kep.yaml`).replace('owning-sig: sig-nodes', 'owning-sig: sig-nodes # kep-studio-disable-line kep/unknown-sig');
    repo.write(`${dir}/kep.yaml`, yaml);
    const readme = repo.read(`${dir}/README.md`);
    const toc = readme.indexOf('<!-- toc -->');
    repo.write(`${dir}/README.md`, `${readme.slice(0, toc)}<!-- kep-studio-disable md/toc-out-of-date -->\n${readme.slice(toc).replace('- [Summary]', '- [Sumary]')}`);
    const r = runJson([], repo.root);
    const codes = r.report.problems.map((p) => p.code);
    assert.ok(!codes.includes('kep/unknown-sig'));
    assert.ok(!codes.includes('md/toc-out-of-date'));
    assert.ok(codes.includes('kep/unknown-key'), 'other rules still report');
  } finally {
    repo.dispose();
  }
});

// A hostile repository gets nothing from the command line (issue 14): its patterns cannot take
// minutes, its file names and values cannot forge CI output or drive the terminal, and every
// output format names the right file. Each case runs `check` in all four formats.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { checkInEveryFormat, FORMATS, runCli, type Finding, type FormatRun } from '../support/cli.js';
import { fixturesDir } from '../support/paths.js';
import { makeTempRepo, tempRepoAt } from '../support/tempRepo.js';

const HOSTILE = path.join(fixturesDir, 'hostile');

/** A copy of a fixture folder of test/fixtures/hostile (with .git, so it is its own repository). */
function copyHostile(name: string) {
  const repo = tempRepoAt(fs.mkdtempSync(path.join(os.tmpdir(), `kep-studio-hostile-${name}-`)));
  fs.cpSync(path.join(HOSTILE, name), repo.root, { recursive: true });
  fs.mkdirSync(repo.path('.git'));
  return repo;
}

const summary = (fs: Finding[]): string => fs.map((f) => `${f.file}:${f.line} ${f.code} ${f.message}`).join('\n');

/** The same findings, whatever the format (the text format shows unsafe characters escaped, so it is compared apart). */
function sameInStructuredFormats(runs: Record<string, FormatRun>): Finding[] {
  const json = runs['json']!.findings;
  for (const f of ['sarif', 'github']) assert.deepEqual(runs[f]!.findings, json, `${f} reads back as json does`);
  return json;
}

const CHEAP_NOTE = [
  { file: 'notes/ok.md', line: 1, code: 'proposal/missing-section', message: 'The Acme note has no "Decision" section.' },
  { file: 'notes/ok.md', line: 5, code: 'proposal/placeholder', message: 'Template text that must be replaced. ("TBD")' },
];

test('14.3: kinds whose patterns would scan a 1 MB document or a 200 KB README for minutes are reported once, on their definition, and dropped; the rest is checked', () => {
  const repo = copyHostile('patterns');
  try {
    // Lines of a-x: each pattern's [a-z]{0,1000} runs stay alive along every line, and no z or y ends them.
    const line = `${'abcdefghijklmnopqrstuvwx'.repeat(80)}\n`;
    repo.write('big/huge.md', `# Huge\n\n## Summary\n\n${line.repeat(Math.ceil(1_000_000 / line.length))}`);
    const heading = `## ${'abcdefghijklmnopqrstuvwx'.repeat(80)}\n\ntext\n\n`;
    repo.write('README.md', `# Readme\n\n${heading.repeat(Math.ceil(200_000 / heading.length))}`);
    const runs = checkInEveryFormat([], repo.root);
    for (const f of FORMATS) assert.equal(runs[f].status, 1, `${f}: ${runs[f].stderr}`);
    const findings = sameInStructuredFormats(runs);
    const steps = 'its patterns need more than 20,000,000 steps (characters scanned × RE2 program size)';
    assert.deepEqual(findings, [
      { file: '.kep-studio.yaml', line: 4, code: 'config/invalid', message: `Kind "slow-placeholders" in .kep-studio.yaml: ${steps} on big/huge.md; this kind is not used. Simplify its patterns (or its globs).` },
      { file: '.kep-studio.yaml', line: 11, code: 'config/invalid', message: `Kind "slow-headings" in .kep-studio.yaml: ${steps} on README.md; this kind is not used. Simplify its patterns (or its globs).` },
      ...CHEAP_NOTE,
    ], summary(findings));
    // Nothing of what the dropped kinds found (huge.md lacks the Motivation slow-placeholders asks for) is reported.
    assert.deepEqual(runs.text.findings, findings);
  } finally {
    repo.dispose();
  }
});

/** A KEP repository with the README of a KEP folder named `folder` (no kep.yaml: kep/metadata-missing) and a kep.yaml whose owning-sig is `sig`. */
function hostileKeps(folder: string, sig: string) {
  const repo = makeTempRepo();
  repo.write(`keps/sig-node/${folder}/README.md`, '# A KEP\n');
  repo.write('keps/sig-node/2-plain/kep.yaml', `title: Plain\nkep-number: 2\nauthors: ["@a"]\nowning-sig: ${JSON.stringify(sig)}\nreviewers: []\napprovers: []\nstatus: provisional\ncreation-date: 2026-01-01\n`);
  repo.write('keps/sig-node/2-plain/README.md', '# KEP-2: Plain\n\n<!-- toc -->\n<!-- /toc -->\n');
  return repo;
}

const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

test('14.6, 14.7: file names and values with newlines, CR, escape sequences and runner commands print as escapes in text; JSON, SARIF and GitHub keep them exactly', () => {
  const folder = '1-x\n::error file=README.md,line=1::INJECTED';
  // CR, a runner command of the old form, OSC 52 (clipboard write), cursor movement, a C1 CSI, a
  // bidirectional override, and what GitHub's escaping must keep literal (%0A).
  const sig = 'sig-node\r::warning::CR ##[error]legacy \u001b]52;c;SGVsbG8=\u0007\u001b[2A\u001b[K \u009b31m \u202egnp.exe 100%0A';
  const repo = hostileKeps(folder, sig);
  try {
    const runs = checkInEveryFormat([], repo.root);
    const findings = sameInStructuredFormats(runs);
    const missing = findings.find((f) => f.code === 'kep/metadata-missing')!;
    assert.equal(missing.file, `keps/sig-node/${folder}/README.md`, 'JSON, SARIF and GitHub name the file exactly');
    const unknown = findings.find((f) => f.code === 'kep/unknown-sig')!;
    assert.ok(unknown.message.includes(sig), unknown.message);

    const text = runs.text.stdout;
    assert.ok(!text.includes('\r') && !CONTROLS.test(text), 'no control character reaches the terminal');
    for (const l of text.split('\n')) assert.doesNotMatch(l, /^\s*::|##\[/, 'no line a GitHub runner reads as a command');
    assert.ok(text.includes('keps/sig-node/1-x\\x0a::error file=README.md,line=1::INJECTED/README.md:1:1 error kep/metadata-missing '), text);
    assert.ok(text.includes(' kep/unknown-sig sig-node\\x0d::warning::CR ##\\x5berror]legacy \\x1b]52;c;SGVsbG8=\\x07\\x1b[2A\\x1b[K \\x9b31m \\u{202e}gnp.exe 100%0A is not a SIG'), text);
    assert.deepEqual(runs.text.findings.map((f) => f.code), findings.map((f) => f.code), 'one text line per problem');

    // JSON and SARIF escape what JSON.stringify leaves raw (C1, separators, bidirectional controls); GitHub escapes by its rules only.
    for (const f of ['json', 'sarif'] as const) assert.ok(!CONTROLS.test(runs[f].stdout) && runs[f].stdout.includes('\\u009b31m \\u202egnp.exe'), f);
    const github = runs.github.stdout.split('\n').filter(Boolean);
    assert.equal(github.length, findings.length, 'one annotation per problem: CR and LF are escaped');
    assert.ok(github.every((l) => /^::(error|warning|notice) /.test(l)));
    assert.ok(github.some((l) => l.startsWith('::error file=keps/sig-node/1-x%0A%3A%3Aerror file=README.md%2Cline=1%3A%3AINJECTED/README.md,line=1,')), runs.github.stdout);
  } finally {
    repo.dispose();
  }
});

test('14.10: SARIF artifact URIs are percent-encoded and resolve to the file; every format names it', () => {
  const folder = '1-a b#c%41';
  const repo = hostileKeps(folder, 'sig-node');
  try {
    const runs = checkInEveryFormat([], repo.root);
    const file = `keps/sig-node/${folder}/README.md`;
    for (const f of FORMATS) assert.ok(runs[f].findings.some((x) => x.code === 'kep/metadata-missing' && x.file === file), `${f}: ${summary(runs[f].findings)}`);
    const sarif = JSON.parse(runs.sarif.stdout) as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
    const uri = sarif.runs[0]!.results.find((r) => r.ruleId === 'kep/metadata-missing')!.locations[0]!.physicalLocation.artifactLocation.uri;
    assert.equal(uri, 'keps/sig-node/1-a%20b%23c%2541/README.md');
  } finally {
    repo.dispose();
  }
});

test('messages name files relative to the repository, never by the machine’s absolute path', () => {
  const repo = hostileKeps('3-no-metadata', 'sig-node');
  try {
    repo.write('.kep-studio.yaml', 'sigs: ../no-such-community\n');
    const runs = checkInEveryFormat([], repo.root);
    for (const f of FORMATS) {
      // SARIF's SRCROOT is the one absolute location, by design (its results are relative to it).
      const shown = f === 'sarif' ? runs[f].stdout.replace(/"uri": "file:[^"]*"/, '') : runs[f].stdout;
      assert.ok(!shown.includes(path.dirname(repo.root)), `${f} shows the temp folder ${path.dirname(repo.root)}`);
    }
    const messages = runs.json.findings.map((f) => f.message);
    assert.ok(messages.includes('This KEP folder has a README.md but no kep.yaml; kepval fails with "metadata file missing for KEP: keps/sig-node/3-no-metadata/kep.yaml".'), messages.join('\n'));
    assert.ok(messages.includes('SIG registry not found: ../no-such-community; using the embedded SIG registry instead.'), messages.join('\n'));
  } finally {
    repo.dispose();
  }
});

test('14.4, 14.5: the command line uses the configuration’s sigs path and associations (its user chose the repository)', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-hostile-restricted-'));
  try {
    fs.cpSync(HOSTILE, root, { recursive: true });
    const repo = path.join(root, 'restricted');
    const runs = checkInEveryFormat([], repo);
    const findings = sameInStructuredFormats(runs);
    assert.ok(!findings.some((f) => f.code === 'kep/unknown-sig'), 'sig-outside is in ../outside-sigs/sigs.yaml');
    assert.ok(findings.some((f) => f.file === 'rfcs/0001-plain.md' && f.code === 'proposal/missing-section' && /Rust RFC/.test(f.message)), summary(findings));
    assert.deepEqual(runs.text.findings, findings);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('14.9: a kind whose manual route would open a file: URL is reported where the url is, and dropped', () => {
  const repo = copyHostile('manual-url');
  try {
    const runs = checkInEveryFormat([], repo.root);
    for (const f of FORMATS) assert.equal(runs[f].status, 1, f);
    const findings = sameInStructuredFormats(runs);
    assert.deepEqual(findings, [
      { file: '.kep-studio.yaml', line: 7, code: 'config/invalid', message: 'Invalid .kep-studio.yaml: kind "evil-route": the url "file:///C:/Users/Public/evil.bat" is not an https: URL; this kind is not used.' },
    ]);
    assert.deepEqual(runs.text.findings, findings);
  } finally {
    repo.dispose();
  }
});

test('what held: $ref in a kind’s schema is refused; symlinked folder loops are not followed', () => {
  const repo = copyHostile('held');
  try {
    fs.symlinkSync('..', repo.path('designs/loop'));
    fs.mkdirSync(repo.path('keps/sig-node'), { recursive: true });
    fs.symlinkSync('../..', repo.path('keps/sig-node/loop'));
    const runs = checkInEveryFormat([], repo.root);
    const findings = sameInStructuredFormats(runs);
    assert.deepEqual(
      findings.map((f) => [f.file, f.line, f.code, f.message]),
      [
        ['.kep-studio.yaml', 13, 'config/invalid', 'Invalid .kep-studio.yaml: unknown setting "kinds/0/metadata/schema/properties/status/$ref"; this kind is not used.'],
        ['.kep-studio.yaml', 14, 'config/invalid', 'Invalid .kep-studio.yaml: unknown setting "kinds/0/metadata/schema/properties/owner/$ref"; this kind is not used.'],
      ],
    );
    assert.deepEqual(runs.text.findings, findings);
  } finally {
    repo.dispose();
  }
});

test('14.6, 14.7: checklist and kinds print a repository’s text (kind names, titles, labels) escaped too', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-hostile-text-'));
  try {
    const repo = tempRepoAt(root);
    repo.write('.git/HEAD', 'ref: refs/heads/main\n');
    repo.write('.kep-studio.yaml', 'kinds:\n  - id: evil\n    name: "Evil \\e]52;c;SGVsbG8=\\a"\n    recognise: [{ path: "*.md" }]\n    sections: [{ title: "Summary \\e[2J" }]\n');
    repo.write('doc.md', '# ::error file=x::forged \u001b[2A\n\nText.\n');
    const kinds = runCli(['kinds'], root);
    assert.equal(kinds.status, 0, kinds.stderr);
    assert.ok(kinds.stdout.includes('Evil \\x1b]52;c;SGVsbG8=\\x07 (.kep-studio.yaml)') && !CONTROLS.test(kinds.stdout), kinds.stdout);
    const checklist = runCli(['checklist', 'doc.md'], root);
    assert.equal(checklist.status, 0, checklist.stderr);
    assert.ok(!CONTROLS.test(checklist.stdout), checklist.stdout);
    assert.ok(checklist.stdout.startsWith('\\x3a:error file=x::forged \\x1b[2A — '), checklist.stdout);
    assert.ok(checklist.stdout.includes('Summary \\x1b[2J'), checklist.stdout);
    for (const l of checklist.stdout.split('\n')) assert.doesNotMatch(l, /^\s*::/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

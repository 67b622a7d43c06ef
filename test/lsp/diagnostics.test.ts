import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FileChangeType } from 'vscode-languageserver-protocol';
import { LspClient, uriOf } from '../support/lsp.js';
import { copyCorpusKep, makeTempRepo, type TempRepo } from '../support/tempRepo.js';

const KEP = 'sig-node/4960-container-stop-signals';

describe('language server over stdio: diagnostics', () => {
  let repo: TempRepo;
  let client: LspClient;
  let kepYaml: string;
  let readme: string;
  let prr: string;

  before(async () => {
    repo = makeTempRepo();
    const dir = copyCorpusKep(repo, KEP);
    copyCorpusKep(repo, 'sig-node/4205-psi-metric');
    kepYaml = repo.path(`${dir}/kep.yaml`);
    readme = repo.path(`${dir}/README.md`);
    prr = repo.path('keps/prod-readiness/sig-node/4960.yaml');
    client = await LspClient.start([repo.root]);
  });

  after(async () => {
    await client.stop();
    repo.dispose();
  });

  test('initialize announces incremental sync, code actions and fix-all', () => {
    const caps = client.initializeResult.capabilities;
    assert.equal(caps.textDocumentSync, 2);
    assert.deepEqual(caps.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.kepStudio'] });
  });

  test('start-up indexing reports work-done progress from begin to end', async () => {
    await client.waitForProgress((p) => (p as { value: { kind: string } }).value.kind === 'begin');
    await client.waitForProgress((p) => (p as { value: { kind: string } }).value.kind === 'end');
    await client.waitForLog(/^Indexed 2 KEPs in 1 repositories in \d+ ms\.$/);
  });

  test('a real KEP opens with no errors; each diagnostic has a code, a doc link and the version', async () => {
    const diags = await client.open(kepYaml);
    assert.deepEqual(diags.filter((d) => d.severity === 1), []);
    const readmeDiags = await client.open(readme);
    assert.deepEqual(readmeDiags.filter((d) => d.severity === 1), []);
  });

  test('an edit gets diagnostics for its version only, at the right range, with fix data', async () => {
    const text = client.text(kepYaml);
    const broken = text.replace('creation-date:', 'creation_date:');
    const d2 = await client.change(kepYaml, broken);
    const unknown = d2.find((d) => d.code === 'kep/unknown-key')!;
    assert.deepEqual(unknown.range, { start: { line: 8, character: 0 }, end: { line: 8, character: 13 } });
    assert.equal(unknown.severity, 1);
    assert.match(unknown.codeDescription!.href, /docs\/rules\/kep\/unknown-key\.md$/);
    assert.deepEqual((unknown.data as { fixes: Array<{ title: string }> }).fixes.map((f) => f.title), ['Rename to "creation-date"']);
    // Two edits in a row: the second undoes the first, and only its version is published.
    const [superseded, last] = client.burst(kepYaml, [text.replace('title:', 'title_:'), text]).versions;
    const d4 = await client.diagnosticsFor(kepYaml, last!);
    assert.deepEqual(d4.filter((d) => d.code === 'kep/unknown-key'), []);
    const versions = client.diagnostics.filter((p) => p.uri === uriOf(kepYaml)).map((p) => p.version!);
    assert.ok(!versions.includes(superseded), JSON.stringify(versions));
    assert.deepEqual([...versions].sort((a, b) => a - b), versions);
  });

  test('a change to a PRR file on disk re-checks the open KEP that depends on it', async () => {
    const original = fs.readFileSync(prr, 'utf8');
    fs.writeFileSync(prr, original.replace(/\nbeta:\n  approver: .*\n/, '\n'));
    await client.filesChanged([{ file: prr, type: FileChangeType.Changed }]);
    const p = await client.waitForDiagnostics((x) => x.uri === uriOf(kepYaml) && x.diagnostics.some((d) => d.code === 'prr/stage-missing'), 'prr/stage-missing');
    assert.equal(p.diagnostics.find((d) => d.code === 'prr/stage-missing')!.range.start.line, 19);
    fs.writeFileSync(prr, original);
    await client.filesChanged([{ file: prr, type: FileChangeType.Changed }]);
    await client.waitForDiagnostics((x) => x.uri === uriOf(kepYaml) && x === client.diagnostics.at(-1) && !x.diagnostics.some((d) => d.code === 'prr/stage-missing'), 'recovery');
  });

  test('an open PRR file is checked from its unsaved text, and the KEP follows it', async () => {
    const text = fs.readFileSync(prr, 'utf8');
    await client.open(prr, text);
    const diags = await client.change(prr, text.replace(/(beta:\n  approver: )"[^"]*"/, '$1"@somebody"'));
    const approver = diags.find((d) => d.code === 'prr/approver')!;
    assert.ok(approver, JSON.stringify(diags));
    assert.deepEqual(approver.range, { start: { line: 4, character: 12 }, end: { line: 4, character: 23 } });
    await client.change(prr, text);
    await client.close(prr);
  });

  test('deleting a file clears it and re-checks its dependents', async () => {
    const owners = repo.path('keps/sig-node/4960-container-stop-signals/OWNERS');
    const saved = fs.readFileSync(owners, 'utf8');
    fs.rmSync(owners);
    await client.filesChanged([{ file: owners, type: FileChangeType.Deleted }]);
    await client.waitForDiagnostics((x) => x.uri === uriOf(kepYaml) && x.diagnostics.some((d) => d.code === 'owners/marked-not-in-owners'), 'marker without OWNERS');
    fs.writeFileSync(owners, saved);
    await client.filesChanged([{ file: owners, type: FileChangeType.Created }]);
    await client.waitForDiagnostics((x) => x.uri === uriOf(kepYaml) && x === client.diagnostics.at(-1) && !x.diagnostics.some((d) => String(d.code).startsWith('owners/')), 'OWNERS back');
  });

  test('settings change severities without a restart', async () => {
    const text = client.text(kepYaml);
    let diags = await client.change(kepYaml, text.replace('owning-sig: sig-node', 'owning-sig: sig-nodes'));
    assert.equal(diags.find((d) => d.code === 'kep/unknown-sig')!.severity, 2);
    client.settings = { rules: { 'kep/unknown-sig': 'error' } };
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const p = await client.waitForDiagnostics((x) => x.uri === uriOf(kepYaml) && x.diagnostics.some((d) => d.code === 'kep/unknown-sig' && d.severity === 1), 'severity from settings');
    assert.ok(p);
    client.settings = {};
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics((x) => x === client.diagnostics.at(-1) && x.uri === uriOf(kepYaml) && x.diagnostics.some((d) => d.code === 'kep/unknown-sig' && d.severity === 2), 'default again');
    diags = await client.change(kepYaml, text);
    assert.ok(!diags.some((d) => d.code === 'kep/unknown-sig'));
  });

  test('a broken file gets a diagnostic and the server keeps answering', async () => {
    const other = repo.path('keps/sig-node/4205-psi-metric/kep.yaml');
    const diags = await client.open(other, `title: ${'['.repeat(5000)}\n`);
    assert.ok(diags.some((d) => d.code === 'kep/yaml-syntax'));
    const again = await client.change(other, fs.readFileSync(other, 'utf8'));
    assert.ok(!again.some((d) => d.severity === 1), JSON.stringify(again));
  });

  test('a 20 MB open document is reported, not parsed, and other documents stay responsive', async () => {
    const huge = repo.path('keps/sig-node/4205-psi-metric/huge.md');
    const text = `# Huge\n\n${'All work and no play makes a very long KEP. '.repeat(480_000)}\n`;
    fs.writeFileSync(huge, text);
    await client.filesChanged([{ file: huge, type: FileChangeType.Created }]);
    const diags = await client.open(huge, text);
    assert.deepEqual(diags.map((d) => d.code), ['file/too-large']);
    const after = await client.change(kepYaml, client.text(kepYaml).replace('title:', 'titel:'));
    assert.ok(after.some((d) => d.code === 'kep/unknown-key'));
    await client.change(kepYaml, client.text(kepYaml).replace('titel:', 'title:'));
    await client.close(huge);
    fs.rmSync(huge);
    await client.filesChanged([{ file: huge, type: FileChangeType.Deleted }]);
  });

  test('closing a document clears its diagnostics', async () => {
    const text = client.text(kepYaml);
    const diags = await client.change(kepYaml, text.replace('owning-sig: sig-node', 'owning-sig: sig-nodes'));
    assert.ok(diags.length > 0);
    await client.close(kepYaml);
    await client.waitForDiagnostics((x) => x.uri === uriOf(kepYaml) && x === client.diagnostics.at(-1) && x.diagnostics.length === 0, 'cleared');
    assert.ok(path.isAbsolute(kepYaml));
  });
});

test('multi-root workspaces: each folder is its own repository', async () => {
  const a = makeTempRepo();
  const b = makeTempRepo();
  const client = await LspClient.start([a.root, b.root]);
  try {
    const da = copyCorpusKep(a, KEP);
    const db = copyCorpusKep(b, 'sig-node/4205-psi-metric');
    const ka = a.path(`${da}/kep.yaml`);
    const kb = b.path(`${db}/kep.yaml`);
    const diagsA = await client.open(ka, fs.readFileSync(ka, 'utf8').replace('title:', 'titel:'));
    const diagsB = await client.open(kb);
    assert.ok(diagsA.some((d) => d.code === 'kep/unknown-key'));
    assert.ok(!diagsB.some((d) => d.severity === 1));
    await client.waitForLog(/^Indexed 2 KEPs in 2 repositories/);
  } finally {
    await client.stop();
    a.dispose();
    b.dispose();
  }
});

// Hostile input and hostile editing through the language server over stdio (issue 9 part A,
// issue 14 items 1, 2 and 8): nothing kills it, nothing starves its requests, nothing makes it
// grow, and nothing it answers carries what lies outside the repository.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CachesResult, ChecklistResult, SubmissionResult } from '../../server/src/lsp/protocol.js';
import { Requests } from '../../server/src/lsp/protocol.js';
import { LspClient, uriOf } from '../support/lsp.js';
import { copyCorpusKep, makeTempRepo, type TempRepo } from '../support/tempRepo.js';

const A = 'sig-node/4960-container-stop-signals';
const B = 'sig-node/4205-psi-metric';
const BIG = 'sig-node/4563-eviction-request-api';

let bomb = 'm0: &m0 {a: 1}\n';
for (let i = 1; i < 12; i++) bomb += `m${i}: &m${i}\n  <<: [${Array(9).fill(`*m${i - 1}`).join(', ')}]\n`;

/** Log lines that say a handler failed (with a stack). */
const failures = (client: LspClient): string[] => client.logs.filter((l) => /failed|Error:|\n\s+at /.test(l));

describe('language server over stdio: hostile files and edits', () => {
  let repo: TempRepo;
  let client: LspClient;
  const file = (rel: string): string => repo.path(rel);

  before(async () => {
    repo = makeTempRepo();
    copyCorpusKep(repo, A);
    copyCorpusKep(repo, B);
    copyCorpusKep(repo, BIG);
    // Broken files the start-up indexing reads without their being open.
    fs.appendFileSync(file(`keps/${A}/kep.yaml`), 'last-updated: &a [*a]\n');
    fs.appendFileSync(file(`keps/${B}/kep.yaml`), bomb);
    fs.appendFileSync(file(`keps/${BIG}/OWNERS`), 'emeritus_approvers: &o {k: *o}\n');
    client = await LspClient.start([repo.root]);
    await client.waitForLog(/^Indexed 3 KEPs in 1 repositories/);
  });

  after(async () => {
    await client.stop();
    repo.dispose();
  });

  test('a recursive alias or a merge bomb in a kep.yaml is a YAML error at its place, at start-up and when opened', async () => {
    const a = await client.open(file(`keps/${A}/kep.yaml`));
    const line = client.text(file(`keps/${A}/kep.yaml`)).split('\n').findIndex((l) => l.includes('*a'));
    assert.deepEqual(a.map((d) => [d.code, d.range.start]), [['kep/yaml-syntax', { line, character: 18 }]]);
    const b = await client.open(file(`keps/${B}/kep.yaml`));
    assert.deepEqual(b.map((d) => [d.code, /excessive aliasing/.test(String(d.message))]), [['kep/yaml-syntax', true]]);
    // The recursion in an OWNERS file is reported there, not as an internal error on kep.yaml.
    const big = await client.open(file(`keps/${BIG}/kep.yaml`));
    assert.ok(!big.some((d) => d.code === 'engine/internal-error'), JSON.stringify(big));
    assert.deepEqual(failures(client), []);
  });

  test('merge keys, incremental edits and a definition request: answered, and the server lives on', async () => {
    const kepYaml = file(`keps/${BIG}/kep.yaml`);
    const text = `${client.text(kepYaml)}x-base: &base {alpha: "v1.33"}\nx-merged:\n  <<: *base\n  beta: "v1.34"\n`;
    await client.change(kepYaml, text);
    // Incremental edits inside the merged mapping, then the merge's alias removed, then a bomb.
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.startsWith('  <<:'));
    let version = client.version(kepYaml);
    const send = async (range: { start: { line: number; character: number }; end: { line: number; character: number } }, newText: string): Promise<void> => {
      version++;
      await client.conn.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf(kepYaml), version }, contentChanges: [{ range, text: newText }] });
      client.bumpVersion(kepYaml, version);
    };
    await send({ start: { line: at, character: 6 }, end: { line: at, character: 11 } }, '*nothing');
    await send({ start: { line: at + 1, character: 0 }, end: { line: at + 1, character: 0 } }, '  <<: [*base, *base]\n');
    await send({ start: { line: at + 2, character: 0 }, end: { line: at + 2, character: 0 } }, bomb.replace(/^/gm, '  ').replace(/ {2}m0: &m0/, '  <<: {m0: 1}\n  z: &m0'));
    for (let line = 0; line < at + 4; line += 3) {
      const defs = await client.conn.sendRequest('textDocument/definition', { textDocument: { uri: uriOf(kepYaml) }, position: { line, character: 4 } });
      assert.ok(Array.isArray(defs));
    }
    const diags = await client.diagnosticsFor(kepYaml, version);
    assert.ok(diags.some((d) => d.code === 'kep/yaml-syntax'), JSON.stringify(diags));
    assert.ok(await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: uriOf(kepYaml) }, position: { line: 0, character: 2 } }));
    assert.deepEqual(failures(client), []);
  });

  test('URIs that name no file are answered quietly; untitled documents are served', async () => {
    const position = { line: 0, character: 0 };
    for (const uri of ['bogus:x', '', 'untitled:', 'file://other-host/x.md', 'http://example.org/kep.yaml', '%%']) {
      const textDocument = { uri };
      assert.equal(await client.conn.sendRequest('textDocument/hover', { textDocument, position }), null, uri);
      for (const method of ['textDocument/completion', 'textDocument/definition', 'textDocument/documentLink', 'textDocument/documentSymbol']) {
        assert.deepEqual(await client.conn.sendRequest(method, { textDocument, position }), [], `${method} ${uri}`);
      }
      assert.deepEqual(await client.conn.sendRequest('textDocument/codeAction', { textDocument, range: { start: position, end: position }, context: { diagnostics: [], only: ['source.fixAll.kepStudio'] } }), [], uri);
      assert.equal(await client.conn.sendRequest(Requests.checklist, { uri }), null, uri);
      const failure = await client.conn.sendRequest<{ error: string }>(Requests.promote, { uri, stage: 'beta', release: 'v1.38' });
      assert.match(failure.error, /is not a file or untitled document/, uri);
      await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: '# x\n' } });
      await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
    // An issue draft in an untitled editor is checked as its kind and answers requests.
    const uri = 'untitled:Untitled-3';
    const draft = '---\ntitle: "[SIG-Node]: KEP-4960 - Container Stop Signals"\n---\n\n### KEP/SIG-Node References\n\n- stage: alpha\n';
    await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: draft } });
    const published = await client.waitForDiagnostics((p) => p.uri === uri && p.version === 1, 'the untitled draft');
    assert.ok(published.diagnostics.some((d) => String(d.code).startsWith('proposal/')), JSON.stringify(published));
    assert.ok(Array.isArray(await client.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })));
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    assert.deepEqual(failures(client), []);
    // Nothing was published for the URIs that name no file.
    assert.deepEqual(client.diagnostics.filter((p) => !p.uri.startsWith('file:') && p.uri !== uri), []);
  });

  test('a burst of full-document edits and a request: the request is answered first, and superseded versions are never checked', async () => {
    const kepYaml = file(`keps/${A}/kep.yaml`);
    const base = client.text(kepYaml).replace(/last-updated: &a \[\*a\]\n/, '');
    const texts = Array.from({ length: 9 }, (_, i) => base.replace('title: Container Stop Signals', `title: Container Stop Signals ${i}`));
    const codeAction = { method: 'textDocument/codeAction', params: { textDocument: { uri: uriOf(kepYaml) }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.kepStudio'] } } };
    const before = client.received.length;
    const { versions, answer } = client.burst(kepYaml, texts, codeAction);
    const answered = await answer!;
    assert.ok(!('error' in answered), JSON.stringify(answered));
    const last = versions[versions.length - 1]!;
    await client.diagnosticsFor(kepYaml, last);
    const after = client.received.slice(before);
    const published = after.flatMap((m, i) => {
      const n = m as { method?: string; params?: { uri: string; version: number } };
      return n.method === 'textDocument/publishDiagnostics' && n.params!.uri === uriOf(kepYaml) ? [{ i, version: n.params!.version }] : [];
    });
    assert.deepEqual(published.map((p) => p.version), [last], 'only the newest version is checked and published');
    assert.ok(after.indexOf(answered) < published[0]!.i, 'the request is answered before the check');
  });

  test('nine 145 KB edits in a burst: the request is answered, the newest version published last', async () => {
    const readme = file(`keps/${BIG}/README.md`);
    await client.open(readme);
    const base = client.text(readme);
    const texts = Array.from({ length: 9 }, (_, i) => base.replace('## Summary', `## Summary\n\nEdit ${i}.`));
    const { versions, answer } = client.burst(readme, texts, { method: 'textDocument/codeAction', params: { textDocument: { uri: uriOf(readme) }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } } });
    assert.ok(!('error' in (await answer!)));
    const last = versions[versions.length - 1]!;
    await client.diagnosticsFor(readme, last);
    const readmeVersions = client.diagnostics.filter((p) => p.uri === uriOf(readme)).map((p) => p.version);
    assert.equal(readmeVersions.at(-1), last);
    assert.deepEqual([...readmeVersions].sort((x, y) => x! - y!), readmeVersions);
  });

  test('memory does not grow with edits: every cache stays the size it had after the first edits', async () => {
    const kepYaml = file(`keps/${A}/kep.yaml`);
    const base = client.text(kepYaml);
    const edit = (i: number): Promise<unknown> => client.change(kepYaml, base.replace('kep-number: "4960"', `kep-number: "${5000 + i}"`).replace('title: Container Stop Signals', `title: Signals ${i}`));
    for (let i = 0; i < 5; i++) await edit(i);
    const early = await client.conn.sendRequest<CachesResult>(Requests.caches);
    for (let i = 5; i < 60; i++) await edit(i);
    const late = await client.conn.sendRequest<CachesResult>(Requests.caches);
    // Each edit made a new kep-number (a dependency of the checks) and new sections to parse.
    assert.deepEqual(late, early);
    assert.ok(late['sectionChars']! <= 8 * 1024 * 1024 && late['fileChars']! <= 64 * 1024 * 1024, JSON.stringify(late));
  });
});

/** A secret outside the repository, and files of the repository that are symbolic links to it. */
function secretRepository(): { repo: TempRepo; outside: string; secret: string } {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-outside-'));
  const secret = 'ghp_TOPSECRETtoken0123456789abcdef';
  fs.writeFileSync(path.join(outside, '.git-credentials'), `https://kep:${secret}@github.com\n`);
  fs.writeFileSync(path.join(outside, '.npmrc'), `//registry.npmjs.org/:_authToken=${secret}\n`);
  const repo = makeTempRepo();
  copyCorpusKep(repo, A);
  copyCorpusKep(repo, B);
  const link = (rel: string, target: string): void => {
    fs.rmSync(repo.path(rel), { force: true });
    fs.symlinkSync(path.join(outside, target), repo.path(rel));
  };
  link(`keps/${A}/kep.yaml`, '.git-credentials');
  link(`keps/${B}/OWNERS`, '.git-credentials');
  link('keps/prod-readiness/sig-node/4205.yaml', '.npmrc');
  link('OWNERS_ALIASES', '.npmrc');
  fs.mkdirSync(repo.path('pipes'));
  execFileSync('mkfifo', [repo.path('pipes/sigs.yaml')]);
  repo.write('.kep-studio.yaml', 'sigs: pipes/sigs.yaml\n');
  return { repo, outside, secret };
}

for (const trusted of [true, false]) {
  test(`symbolic links out of the repository and a FIFO as sigs.yaml (trusted: ${trusted}): nothing hangs, nothing outside is sent`, async () => {
    const { repo, outside, secret } = secretRepository();
    const client = await LspClient.start([repo.root], { sigs: path.join('pipes', 'sigs.yaml') }, { trusted });
    try {
      await client.waitForLog(/^Indexed 2 KEPs/);
      const readmeA = await client.open(repo.path(`keps/${A}/README.md`));
      assert.ok(Array.isArray(readmeA));
      const kepB = await client.open(repo.path(`keps/${B}/kep.yaml`));
      assert.ok(kepB.some((d) => d.code === 'owners/sig-node-tech-lead'), 'OWNERS_ALIASES is not read');
      const plan = await client.conn.sendRequest<SubmissionResult>(Requests.submission, { uri: uriOf(repo.path(`keps/${B}/kep.yaml`)) });
      assert.ok(plan.route === 'pull-request');
      const unreadable = plan.errors.filter((e) => e.diagnostic.code === 'file/unreadable');
      assert.deepEqual(unreadable.map((e) => e.uri).sort(), [uriOf(repo.path(`keps/${B}/OWNERS`)), uriOf(repo.path('keps/prod-readiness/sig-node/4205.yaml'))].sort());
      for (const e of unreadable) assert.match(String(e.diagnostic.message), /leads outside the repository/);
      const checklist = await client.conn.sendRequest<ChecklistResult | null>(Requests.checklist, { uri: uriOf(repo.path(`keps/${A}/README.md`)) });
      assert.ok(checklist === null || typeof checklist === 'object');
      await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: uriOf(repo.path(`keps/${B}/kep.yaml`)) }, position: { line: 3, character: 14 } });
      await client.conn.sendRequest('textDocument/completion', { textDocument: { uri: uriOf(repo.path(`keps/${B}/kep.yaml`)) }, position: { line: 3, character: 14 } });
      const config = await client.open(repo.path('.kep-studio.yaml'));
      if (trusted) assert.match(config.map((d) => d.message).join('\n'), /pipes\/sigs\.yaml: it is a named pipe \(FIFO\), not a regular file/);
      assert.ok(client.logs.some((l) => /^showMessage: kepStudio\.sigs: .*named pipe \(FIFO\)/.test(l)), client.logs.join('\n'));
      const everything = JSON.stringify(client.received) + client.logs.join('\n');
      assert.ok(!everything.includes(secret), 'the secret reached the client');
      assert.deepEqual(failures(client), []);
    } finally {
      await client.stop();
      repo.dispose();
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
}

// A hostile repository over the language server (issue 14), untrusted (VS Code's Restricted Mode)
// and trusted: its configuration's sigs path, associations and kinds are off until it is
// trusted; trusted, its patterns cannot take minutes and its manual routes open https only.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CompletionRequest, HoverRequest, type CompletionItem, type CompletionList, type Diagnostic } from 'vscode-languageserver-protocol';
import { Notifications, Requests, type SubmissionResult } from '../../server/src/lsp/protocol.js';
import { LspClient, uriOf } from '../support/lsp.js';
import { fixturesDir } from '../support/paths.js';

const codes = (ds: Diagnostic[]): string[] => ds.map((d) => String(d.code));
const items = (r: CompletionItem[] | CompletionList | null): CompletionItem[] => (Array.isArray(r) ? r : (r?.items ?? []));

/** test/fixtures/hostile copied (restricted/ and its ../outside-sigs stay siblings), with the large documents of 14.3 written. */
function hostileCopy(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-lsp-hostile-'));
  fs.cpSync(path.join(fixturesDir, 'hostile'), root, { recursive: true });
  for (const f of ['patterns', 'manual-url']) fs.mkdirSync(path.join(root, f, '.git'));
  const line = `${'abcdefghijklmnopqrstuvwx'.repeat(80)}\n`;
  fs.mkdirSync(path.join(root, 'patterns/big'));
  fs.writeFileSync(path.join(root, 'patterns/big/huge.md'), `# Huge\n\n## Summary\n\n${line.repeat(Math.ceil(1_000_000 / line.length))}`);
  const heading = `## ${'abcdefghijklmnopqrstuvwx'.repeat(80)}\n\ntext\n\n`;
  fs.writeFileSync(path.join(root, 'patterns/README.md'), `# Readme\n\n${heading.repeat(Math.ceil(200_000 / heading.length))}`);
  return root;
}

for (const trusted of [false, true]) {
  describe(`language server over stdio, ${trusted ? 'trusted' : 'untrusted (Restricted Mode)'}: a hostile repository`, () => {
    let root: string;
    let client: LspClient;
    const file = (rel: string): string => path.join(root, rel);
    const kepYaml = 'restricted/keps/sig-outside/1234-outside-kep/kep.yaml';

    before(async () => {
      root = hostileCopy();
      client = await LspClient.start(['restricted', 'patterns', 'manual-url'].map(file), {}, { trusted });
    });

    after(async () => {
      await client.stop();
      fs.rmSync(root, { recursive: true, force: true });
    });

    test('14.4: the configuration’s sigs path outside the workspace is read only when trusted', async () => {
      const text = fs.readFileSync(file(kepYaml), 'utf8');
      const diagnostics = await client.open(file(kepYaml));
      assert.equal(codes(diagnostics).includes('kep/unknown-sig'), !trusted, codes(diagnostics).join(', '));
      const at = { line: text.split('\n').findIndex((l) => l.startsWith('owning-sig:')), character: 14 };
      const hover = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(file(kepYaml)) }, position: at });
      assert.equal(JSON.stringify(hover ?? '').includes('outsider'), trusted, JSON.stringify(hover));
      const completion = items(await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: uriOf(file(kepYaml)) }, position: { line: at.line, character: 12 } }));
      // The registry the configuration names replaces the embedded one (which knows sig-node).
      assert.deepEqual([completion.some((i) => i.label === 'sig-outside'), completion.some((i) => i.label === 'sig-node')], trusted ? [true, false] : [false, true]);
    });

    test('14.5: the configuration’s associations apply only when trusted', async () => {
      const diagnostics = await client.open(file('restricted/rfcs/0001-plain.md'));
      if (trusted) assert.ok(diagnostics.some((d) => d.code === 'proposal/missing-section' && String(d.message).includes('Rust RFC')), codes(diagnostics).join(', '));
      else assert.deepEqual(diagnostics, []);
    });

    test('14.4, 14.5: the configuration says once what it does not get while untrusted', async () => {
      const diagnostics = await client.open(file('restricted/.kep-studio.yaml'));
      assert.deepEqual(
        diagnostics.map((d) => [String(d.code), d.range.start.line, d.message]),
        trusted ? [] : [['config/untrusted', 5, 'While this workspace is not trusted (Restricted Mode), KEP Studio does not use the kind "acme-design", the associations and the sigs path (it uses the embedded SIG registry) of .kep-studio.yaml. Trust the workspace to use them.']],
      );
    });

    test('14.3: kinds whose patterns would take minutes are dropped and reported on their definition once; hovers and the other kinds go on', async () => {
      const config = file('patterns/.kep-studio.yaml');
      // The configuration first: it learns of the drops from the checks that come after.
      const before = await client.open(config);
      assert.deepEqual(codes(before), trusted ? [] : ['config/untrusted']);
      assert.deepEqual(await client.open(file('patterns/big/huge.md')), [], 'checked without the dropped kind (it would want a Motivation section)');
      assert.equal(await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(file('patterns/big/huge.md')) }, position: { line: 2, character: 4 } }), null);
      assert.deepEqual(await client.open(file('patterns/README.md')), []);
      const note = await client.open(file('patterns/notes/ok.md'));
      assert.deepEqual(codes(note), trusted ? ['proposal/missing-section', 'proposal/placeholder'] : []);
      if (!trusted) return;
      const steps = 'its patterns need more than 20,000,000 steps (characters scanned × RE2 program size)';
      const reported = await client.waitForDiagnostics((p) => p.uri === uriOf(config) && p.diagnostics.length === 2, 'the drops on the configuration');
      assert.deepEqual(
        reported.diagnostics.map((d) => [String(d.code), d.range.start.line, d.message]),
        [
          ['config/invalid', 3, `Kind "slow-placeholders" in .kep-studio.yaml: ${steps} on big/huge.md; this kind is not used. Simplify its patterns (or its globs).`],
          ['config/invalid', 10, `Kind "slow-headings" in .kep-studio.yaml: ${steps} on README.md; this kind is not used. Simplify its patterns (or its globs).`],
        ],
      );
    });

    test('14.9: a manual route gives its https url; a kind with a file: url is no kind at all', async () => {
      const review = await client.conn.sendRequest<SubmissionResult>(Requests.submission, { uri: uriOf(file('manual-url/reviews/a.md')) });
      const evil = await client.conn.sendRequest<SubmissionResult>(Requests.submission, { uri: uriOf(file('manual-url/evil/a.md')) });
      if (!trusted) {
        for (const r of [review, evil]) assert.ok('error' in r, JSON.stringify(r));
        return;
      }
      assert.deepEqual(review, { route: 'manual', kind: { id: 'board-review', name: 'Board review' }, instructions: 'The Board reviews it at its next meeting.', url: 'https://example.org/board' });
      assert.ok('error' in evil, JSON.stringify(evil));
    });

    if (!trusted) {
      test('trusting the workspace turns the sigs path and the associations on', async () => {
        await client.conn.sendNotification(Notifications.trusted);
        const kep = await client.waitForDiagnostics((p) => p.uri === uriOf(file(kepYaml)) && p.diagnostics.length > 0 && !codes(p.diagnostics).includes('kep/unknown-sig'), 'the KEP checked against ../outside-sigs');
        assert.ok(!codes(kep.diagnostics).includes('kep/unknown-sig'));
        await client.waitForDiagnostics((p) => p.uri === uriOf(file('restricted/rfcs/0001-plain.md')) && p.diagnostics.some((d) => d.code === 'proposal/missing-section'), 'the RFC association applied');
      });
    }
  });
}

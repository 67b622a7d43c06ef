// The language server on proposals of other kinds, over stdio: a kind the fixture repository
// defines (test/fixtures/project-kind) gets diagnostics, completion, hover, the checklist and a
// submission plan; in an untrusted workspace it is not used until the workspace is trusted.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CodeActionRequest, CompletionRequest, HoverRequest, type CodeAction, type CompletionItem, type CompletionList, type MarkupContent } from 'vscode-languageserver-protocol';
import { Notifications, Requests, type ChecklistResult, type SubmissionResult } from '../../server/src/lsp/protocol.js';
import { LspClient, uriOf } from '../support/lsp.js';
import { fixturesDir } from '../support/paths.js';

const items = (r: CompletionItem[] | CompletionList | null): CompletionItem[] => (Array.isArray(r) ? r : (r?.items ?? []));

function copyFixture(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-lsp-kinds-'));
  fs.cpSync(path.join(fixturesDir, 'project-kind'), dir, { recursive: true });
  return dir;
}

describe('language server over stdio: a kind the repository defines', () => {
  let dir: string;
  let client: LspClient;
  const file = (rel: string): string => path.join(dir, rel);

  before(async () => {
    dir = copyFixture();
    client = await LspClient.start([dir]);
  });

  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('diagnostics, each with its quick fix', async () => {
    const design = file('designs/0001-widgets.md');
    const diagnostics = await client.open(design);
    assert.deepEqual(diagnostics.map((d) => `${d.range.start.line + 1} ${String(d.code)}`).sort(), ['1 proposal/metadata', '2 proposal/metadata', '5 proposal/missing-section', '9 proposal/placeholder']);
    const status = diagnostics.find((d) => String(d.message).startsWith('"status"'))!;
    const actions = (await client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri: uriOf(design) }, range: status.range, context: { diagnostics: [status] } })) as CodeAction[];
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Change to "draft"'],
    );
    const changed = client.applyEdit(actions[0]!.edit!);
    const after = await client.change(design, changed.get(design)!);
    assert.ok(!after.some((d) => String(d.message).startsWith('"status"')), JSON.stringify(after));
    assert.match(client.text(design), /^status: draft$/m);
  });

  test('completion: the sections the design lacks at a heading, its fields in the front matter, their values', async () => {
    const design = file('designs/0001-widgets.md');
    const text = `${client.text(design)}\n## \n`;
    await client.change(design, text);
    const line = text.split('\n').length - 2;
    const headings = items(await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: uriOf(design) }, position: { line, character: 3 } }));
    assert.deepEqual(
      headings.map((i) => [i.label, i.preselect ?? false]),
      [
        ['## Decision', true],
        ['## Consequences', false],
      ],
    );
    assert.equal((headings[0]!.documentation as MarkupContent).value, 'What we will do.');
    // A new line in the front matter: the fields not written yet.
    const withLine = text.replace('status: draft\n', 'status: draft\n\n');
    await client.change(design, withLine);
    const fields = items(await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: uriOf(design) }, position: { line: 2, character: 0 } }));
    assert.deepEqual(
      fields.map((i) => [i.label, i.detail]),
      [
        ['kind', 'optional'],
        ['owner', 'required'],
      ],
    );
    const values = items(await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: uriOf(design) }, position: { line: 1, character: 8 } }));
    assert.deepEqual(
      values.map((i) => i.label),
      ['draft', 'review', 'accepted', 'rejected'],
    );
    await client.change(design, text.replace(/\n## \n$/, '\n'));
  });

  test('hover explains a field and a section for this kind', async () => {
    const design = file('designs/0001-widgets.md');
    const onField = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(design) }, position: { line: 1, character: 2 } });
    assert.match((onField?.contents as MarkupContent).value, /^\*\*status\*\* \(required\) — Acme design document\n\nwhere the design is in its review\n\nOne of: `draft`, `review`, `accepted`, `rejected`\.$/);
    const onSection = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(design) }, position: { line: 6, character: 4 } });
    assert.match((onSection?.contents as MarkupContent).value, /^\*\*Context\*\* — required in a Acme design document\n\nWhy this design is needed now\.$/);
  });

  test('the checklist and the submission plan follow the kind', async () => {
    const checklist = await client.conn.sendRequest<ChecklistResult | null>(Requests.checklist, { uri: uriOf(file('designs/0001-widgets.md')) });
    assert.equal(checklist?.kind.id, 'acme-design');
    assert.deepEqual(
      checklist.groups.map((g) => [g.id, g.items.map((i) => `${i.id}:${i.state}`)]),
      [
        ['sections', ['section-context:done', 'section-decision:todo']],
        ['review', ['owner:todo', 'security:todo']],
        ['submission', ['metadata:todo', 'placeholders:todo']],
      ],
    );
    const plan = await client.conn.sendRequest<SubmissionResult>(Requests.submission, { uri: uriOf(file('designs/0002-gadgets.md')) });
    assert.ok(plan.route === 'pull-request', JSON.stringify(plan));
    assert.deepEqual([plan.repository, plan.title, plan.labels, plan.files], ['acme/designs', 'Design: Gadgets', ['design'], [uriOf(file('designs/0002-gadgets.md'))]]);
  });

  test('an issue draft the server has not been sent yet is planned from the text the request carries', async () => {
    const text = '---\ntitle: "[SIG-Node]: KEP-4960 - Container Stop Signals"\nlabels:\n  - "kind/feature"\n---\n\n### KEP/SIG-Node References\n\n- KEP(s): https://example.org\n- stage: alpha\n- K8s-Release: 1.37\n\n### What is the SIG-Node problem you are trying to solve\n\nStop signals.\n\n### Describe the solution you would like\n\nPass them on.\n';
    const plan = await client.conn.sendRequest<SubmissionResult>(Requests.submission, { uri: 'untitled:Untitled-7', text });
    assert.ok(plan.route === 'issue', JSON.stringify(plan));
    assert.deepEqual([plan.kind.id, plan.repository, plan.title, plan.labels, plan.errors, plan.open], ['containerd-kep-tracking-issue', 'containerd/containerd', '[SIG-Node]: KEP-4960 - Container Stop Signals', ['kind/feature'], [], []]);
    assert.ok(plan.body.startsWith('### KEP/SIG-Node References\n'), plan.body);
    // Nothing of it stays behind: without the text, the server does not know the draft.
    assert.deepEqual(await client.conn.sendRequest(Requests.submission, { uri: 'untitled:Untitled-7' }), { error: 'This file is not a proposal KEP Studio knows (a KEP, or a document of a kind it recognises).' });
  });
});

describe('language server over stdio: in an untrusted workspace', () => {
  let dir: string;
  let client: LspClient;

  before(async () => {
    dir = copyFixture();
    client = await LspClient.start([dir], {}, { trusted: false });
  });

  after(async () => {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the repository’s kinds are not used, and the configuration says why; trusting the workspace turns them on', async () => {
    const design = path.join(dir, 'designs/0001-widgets.md');
    assert.deepEqual(await client.open(design), [], 'not a proposal while untrusted');
    const config = path.join(dir, '.kep-studio.yaml');
    const notice = await client.open(config);
    assert.deepEqual(
      notice.map((d) => [String(d.code), d.range.start.line, d.severity]),
      [['config/untrusted', 1, 3]],
    );
    assert.equal(notice[0]!.message, 'While this workspace is not trusted (Restricted Mode), KEP Studio does not use the kind "acme-design" of .kep-studio.yaml. Trust the workspace to use it.');
    await client.conn.sendNotification(Notifications.trusted);
    const trusted = await client.waitForDiagnostics((p) => p.uri === uriOf(design) && p.diagnostics.length > 0, 'the design checked once trusted');
    assert.ok(trusted.diagnostics.some((d) => d.code === 'proposal/missing-section'), JSON.stringify(trusted.diagnostics));
  });
});

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FileChangeType, type CreateFile, type RenameFile, type TextDocumentEdit, type WorkspaceEdit } from 'vscode-languageserver-protocol';
import {
  Requests,
  type ChecklistResult,
  type Failure,
  type NewKepResult,
  type PromoteResult,
  type ReleasesResult,
  type SigsResult,
  type SubmissionResult,
  type TrackingIssueResult,
} from '../../server/src/lsp/protocol.js';
import { LspClient, uriOf } from '../support/lsp.js';
import { repoRoot } from '../support/paths.js';

const DRAFT = 'keps/sig-node/9999-sidecar-readiness-gates';
const REAL = 'keps/sig-node/4960-container-stop-signals';

type Change = TextDocumentEdit | CreateFile | RenameFile;
const changes = (edit: WorkspaceEdit): Change[] => (edit.documentChanges ?? []) as Change[];
const isText = (c: Change): c is TextDocumentEdit => !('kind' in c);
/** A compact outline of a WorkspaceEdit: `create <uri>`, `edit <uri>`, `rename <old> <new>`. */
const outline = (edit: WorkspaceEdit): string[] =>
  changes(edit).map((c) => (isText(c) ? `edit ${c.textDocument.uri}` : c.kind === 'create' ? `create ${c.uri}` : c.kind === 'rename' ? `rename ${c.oldUri} ${c.newUri}` : `${(c as { kind: string }).kind}`));

describe('language server over stdio: the workflow requests', () => {
  let root: string;
  let client: LspClient;
  const file = (rel: string): string => path.join(root, rel);
  const request = <R>(method: string, params: object): Promise<R> => client.conn.sendRequest(method, params) as Promise<R>;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-requests-'));
    fs.cpSync(path.join(repoRoot, 'samples/enhancements'), root, { recursive: true });
    client = await LspClient.start([root]);
    await client.waitForLog(/^Indexed \d+ KEPs/);
  });

  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('kepStudio/checklist: URIs for locations and WorkspaceEdits for fixes', async () => {
    const readme = file(`${DRAFT}/README.md`);
    const result = await request<ChecklistResult | null>(Requests.checklist, { uri: uriOf(readme) });
    assert.ok(result);
    assert.equal(result.uri, uriOf(file(`${DRAFT}/kep.yaml`)));
    assert.equal(result.kind.id, 'kep');
    assert.equal(result.title, 'Readiness gates for sidecar containers');
    assert.equal(result.summary, 'KEP-9999 · beta');
    assert.equal(result.description, 'implementable · v1.38');
    const group = (id: string) => result.groups.find((g) => g.id === id)!;
    const signoff = group('signoff').items;
    assert.equal(signoff.length, 9);
    const text = fs.readFileSync(readme, 'utf8').split('\n');
    for (const s of signoff) {
      assert.equal(s.box?.uri, uriOf(readme));
      assert.equal(text[s.box!.range.start.line]!.slice(s.box!.range.start.character, s.box!.range.end.character), s.state === 'done' ? '[x]' : '[ ]');
    }
    const prr = group('readiness').items.find((r) => r.id === 'prr-approval');
    assert.ok(prr?.fix, JSON.stringify(group('readiness')));
    assert.equal(prr.location?.uri, uriOf(file(`${DRAFT}/kep.yaml`)));
    const prrFile = file('keps/prod-readiness/sig-nodes/9999.yaml');
    assert.deepEqual(outline(prr.fix.edit), [`create ${uriOf(prrFile)}`, `edit ${uriOf(prrFile)}`]);

    // The edit applies as an editor applies it; after the file event the item moves on.
    client.applyEdit(prr.fix.edit);
    assert.match(fs.readFileSync(prrFile, 'utf8'), /^kep-number: 9999\nbeta:\n {2}approver: ""\n/m);
    await client.filesChanged([{ file: prrFile, type: FileChangeType.Created }]);
    const again = await request<ChecklistResult | null>(Requests.checklist, { uri: uriOf(readme) });
    const prrAgain = again!.groups.find((g) => g.id === 'readiness')!.items.find((r) => r.id === 'prr-approval')!;
    assert.equal(prrAgain.detail, 'No PRR approver is named yet.');
    assert.equal(prrAgain.location?.uri, uriOf(prrFile));
    fs.rmSync(prrFile);
    await client.filesChanged([{ file: prrFile, type: FileChangeType.Deleted }]);
  });

  test('kepStudio/checklist: null outside a KEP', async () => {
    assert.equal(await request<ChecklistResult | null>(Requests.checklist, { uri: uriOf(file('keps/README.md')) }), null);
  });

  test('kepStudio/sigs lists the groups, sig-node as SIG Node', async () => {
    const { groups } = await request<SigsResult>(Requests.sigs, { uri: uriOf(root) });
    const node = groups.find((g) => g.dir === 'sig-node');
    assert.ok(node, groups.map((g) => g.dir).join(', '));
    assert.equal(node.kind, 'sig');
    assert.ok(groups.some((g) => g.dir === 'wg-batch'));
    assert.equal(node.name, 'SIG Node');
  });

  test('kepStudio/releases: the next stage and the releases to offer', async () => {
    const result = await request<ReleasesResult>(Requests.releases, { uri: uriOf(file(`${DRAFT}/kep.yaml`)) });
    assert.deepEqual(result, { nextStage: 'stable', currentStage: 'beta', releases: ['v1.38', 'v1.39', 'v1.40', 'v1.37'] });
  });

  test('kepStudio/promote: a bad stage, a bad release or a file outside a KEP is a Failure, not a JSON-RPC error', async () => {
    const kepYaml = uriOf(file(`${REAL}/kep.yaml`));
    assert.deepEqual(await request<PromoteResult | Failure>(Requests.promote, { uri: kepYaml, stage: 'gamma', release: 'v1.38' }), { error: '"gamma" is not a stage.' });
    assert.deepEqual(await request<PromoteResult | Failure>(Requests.promote, { uri: kepYaml, stage: 'stable', release: '1.38' }), { error: '"1.38" is not a release like v1.38.' });
    const outside = await request<PromoteResult | Failure>(Requests.promote, { uri: uriOf(file('keps/README.md')), stage: 'beta', release: 'v1.38' });
    assert.ok('error' in outside && /not part of a KEP/.test(outside.error), JSON.stringify(outside));
  });

  test('kepStudio/promote: an edit of kep.yaml, the README and the changes', async () => {
    const result = await request<PromoteResult | Failure>(Requests.promote, { uri: uriOf(file(`${REAL}/kep.yaml`)), stage: 'stable', release: 'v1.39' });
    assert.ok(!('error' in result), JSON.stringify(result));
    assert.deepEqual(result.changes.slice(0, 2), ['kep.yaml: stage stable, latest-milestone v1.39, milestone.stable v1.39', 'keps/prod-readiness/sig-node/4960.yaml: added an entry for stable (fill in the approver)']);
    const uris = outline(result.edit);
    assert.ok(uris.includes(`edit ${uriOf(file(`${REAL}/kep.yaml`))}`), uris.join('\n'));
    assert.ok(uris.includes(`edit ${uriOf(file('keps/prod-readiness/sig-node/4960.yaml'))}`), uris.join('\n'));
  });

  test('kepStudio/newKep: a WorkspaceEdit creating kep.yaml and README.md with their text', async () => {
    const result = await request<NewKepResult | Failure>(Requests.newKep, { uri: uriOf(root), title: 'Pod Level Things', owningSig: 'sig-node', authors: ['alice'] });
    assert.ok(!('error' in result), JSON.stringify(result));
    const dir = file('keps/sig-node/NNNN-pod-level-things');
    assert.equal(result.kepYaml, uriOf(path.join(dir, 'kep.yaml')));
    assert.equal(result.readme, uriOf(path.join(dir, 'README.md')));
    assert.deepEqual(outline(result.edit), [`create ${result.kepYaml}`, `edit ${result.kepYaml}`, `create ${result.readme}`, `edit ${result.readme}`]);
    const texts = changes(result.edit).filter(isText);
    assert.ok(texts.every((t) => t.textDocument.version === null && t.edits.length === 1));
    const newText = (t: TextDocumentEdit): string => {
      const e = t.edits[0]!;
      return 'newText' in e ? e.newText : e.snippet.value;
    };
    assert.match(newText(texts[0]!), /^title: "Pod Level Things"\n/);
    assert.match(newText(texts[1]!), /^# KEP-NNNN: Pod Level Things$/m);

    client.applyEdit(result.edit);
    await client.filesChanged([
      { file: path.join(dir, 'kep.yaml'), type: FileChangeType.Created },
      { file: path.join(dir, 'README.md'), type: FileChangeType.Created },
    ]);
    const diagnostics = await client.open(path.join(dir, 'README.md'));
    assert.deepEqual(diagnostics.filter((d) => String(d.code).startsWith('md/toc')), []);
    await client.close(path.join(dir, 'README.md'));

    // The same KEP again: refused with a message.
    const again = await request<NewKepResult | Failure>(Requests.newKep, { uri: uriOf(root), title: 'Pod Level Things', owningSig: 'sig-node', authors: ['alice'] });
    assert.deepEqual(again, { error: 'keps/sig-node/NNNN-pod-level-things already exists.' });
    const bad = await request<NewKepResult | Failure>(Requests.newKep, { uri: uriOf(root), title: '  ', owningSig: 'sig-node', authors: [] });
    assert.deepEqual(bad, { error: 'A KEP needs a title.' });
  });

  test('kepStudio/renumber: text edits first, then the folder rename', async () => {
    const dir = file('keps/sig-node/NNNN-pod-level-things');
    assert.ok(fs.existsSync(dir), 'made by the newKep test');
    const result = await request<{ edit: WorkspaceEdit } | Failure>(Requests.renumber, { uri: uriOf(path.join(dir, 'kep.yaml')), number: '5123' });
    assert.ok(!('error' in result), JSON.stringify(result));
    assert.deepEqual(outline(result.edit), [
      `edit ${uriOf(path.join(dir, 'kep.yaml'))}`,
      `edit ${uriOf(path.join(dir, 'README.md'))}`,
      `rename ${uriOf(dir)} ${uriOf(file('keps/sig-node/5123-pod-level-things'))}`,
    ]);
    assert.deepEqual(await request(Requests.renumber, { uri: uriOf(path.join(dir, 'kep.yaml')), number: 'x' }), { error: '"x" is not an issue number.' });
  });

  test('kepStudio/trackingIssue: the draft for each target, with the number', async () => {
    const uri = uriOf(file(`${REAL}/README.md`));
    const k8s = await request<TrackingIssueResult>(Requests.trackingIssue, { uri, target: { kind: 'kubernetes-enhancement-issue' } });
    assert.equal(k8s.repository, 'kubernetes/enhancements');
    assert.equal(k8s.title, 'Container Stop Signals');
    assert.equal(k8s.number, '4960');
    assert.deepEqual(k8s.labels, ['sig/node', 'kind/feature']);
    assert.match(k8s.body, /^- Kubernetes Enhancement Proposal: https:\/\/github\.com\/kubernetes\/enhancements\/tree\/master\/keps\/sig-node\/4960-container-stop-signals$/m);
    const containerd = await request<TrackingIssueResult>(Requests.trackingIssue, { uri, target: { kind: 'containerd-kep-tracking-issue', repository: 'my-fork/containerd' } });
    assert.equal(containerd.repository, 'my-fork/containerd');
    assert.equal(containerd.title, '[SIG-Node]: KEP-4960 - Container Stop Signals');
    assert.deepEqual(containerd.labels, ['kind/feature', 'area/cri']);
    assert.ok(containerd.text.startsWith('---\ntitle: "[SIG-Node]: KEP-4960 - Container Stop Signals"\nlabels:\n  - "kind/feature"\n  - "area/cri"\n---\n\n### KEP/SIG-Node References'), containerd.text);
    const wrong = await request<TrackingIssueResult | Failure>(Requests.trackingIssue, { uri, target: { kind: 'cncf-sandbox-application' } });
    assert.ok('error' in wrong && /not a kind of KEP tracking issue/.test(wrong.error), JSON.stringify(wrong));
  });

  test('kepStudio/submission: errors as diagnostics with URIs; files as URIs', async () => {
    const draft = await request<SubmissionResult>(Requests.submission, { uri: uriOf(file(`${DRAFT}/kep.yaml`)) });
    assert.ok(draft.route === 'pull-request');
    assert.ok(draft.errors.some((e) => e.diagnostic.code === 'prr/file-missing' && e.uri === uriOf(file(`${DRAFT}/kep.yaml`))), JSON.stringify(draft.errors));
    assert.ok(draft.errors.every((e) => e.diagnostic.severity === 1 && e.diagnostic.source === 'kep-studio'));
    const real = await request<SubmissionResult>(Requests.submission, { uri: uriOf(file(`${REAL}/kep.yaml`)) });
    assert.ok(real.route === 'pull-request');
    assert.deepEqual(real.errors, []);
    assert.equal(real.repository, 'kubernetes/enhancements');
    assert.equal(real.title, 'KEP-4960: Container Stop Signals');
    assert.deepEqual(real.labels, ['kind/kep', 'sig/node']);
    assert.deepEqual([...real.files].sort(), [file(`${REAL}/OWNERS`), file(`${REAL}/README.md`), file(`${REAL}/kep.yaml`), file('keps/prod-readiness/sig-node/4960.yaml')].map(uriOf).sort());
  });
});

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CodeActionRequest, FileChangeType, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, uriOf } from '../support/lsp.js';
import { repoRoot } from '../support/paths.js';

const DRAFT = 'keps/sig-node/9999-sidecar-readiness-gates';
const REAL = 'keps/sig-node/4960-container-stop-signals';

/**
 * Runs a diagnostic's quick fix through the server (textDocument/codeAction), applies its edit
 * as an editor does, sends the new text, and returns the diagnostics of the new version.
 */
async function runFix(client: LspClient, file: string, diagnostic: Diagnostic, pick?: (a: CodeAction) => boolean): Promise<{ action: CodeAction; diagnostics: Diagnostic[] }> {
  const actions = (await client.conn.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: uriOf(file) },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], only: ['quickfix'] },
  })) as CodeAction[];
  const action = actions.find(pick ?? ((a) => a.isPreferred === true)) ?? actions[0];
  assert.ok(action?.edit, `no quick fix for ${diagnostic.code}: ${JSON.stringify(actions)}`);
  const changed = client.applyEdit(action.edit);
  let diagnostics: Diagnostic[] = [];
  for (const [f, text] of changed) {
    const d = await client.change(f, text);
    if (f === file) diagnostics = d;
  }
  return { action, diagnostics };
}

const only = (diags: Diagnostic[], code: string): Diagnostic[] => diags.filter((d) => d.code === code);
const message = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);

describe('language server over stdio: every quick fix applies and removes its diagnostic', () => {
  let root: string;
  let client: LspClient;
  const file = (rel: string): string => path.join(root, rel);

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-fixes-'));
    fs.cpSync(path.join(repoRoot, 'samples/enhancements'), root, { recursive: true });
    client = await LspClient.start([root]);
  });

  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('regenerate the table of contents', async () => {
    const readme = file(`${DRAFT}/README.md`);
    const diags = await client.open(readme);
    const [toc] = only(diags, 'md/toc-out-of-date');
    assert.ok(toc);
    const { action, diagnostics } = await runFix(client, readme, toc);
    assert.equal(action.title, 'Regenerate the table of contents');
    assert.match(client.text(readme), /  - \[Goals\]\(#goals\)\n  - \[Non-Goals\]\(#non-goals\)\n/);
    assert.deepEqual(only(diagnostics, 'md/toc-out-of-date'), []);
  });

  test('insert the missing Beta graduation criteria under Graduation Criteria', async () => {
    const readme = file(`${DRAFT}/README.md`);
    const [gc] = only(await client.diagnosticsFor(readme, client.version(readme)), 'md/graduation-criteria');
    assert.ok(gc);
    const { diagnostics } = await runFix(client, readme, gc);
    assert.match(client.text(readme), /#### Alpha\n\n- Feature implemented behind the `SidecarReadinessGates` feature gate\n- Unit and e2e tests completed and enabled\n\n#### Beta\n\n<!--\nCriteria for Beta/);
    assert.deepEqual(only(diagnostics, 'md/graduation-criteria'), []);
    // The inserted skeleton still asks for the actual criteria.
    assert.ok(only(diagnostics, 'md/empty-section').some((d) => message(d).includes('Beta')));
  });

  test('insert a missing PRR questionnaire section with the template questions', async () => {
    const readme = file(`${DRAFT}/README.md`);
    const before = only(await client.diagnosticsFor(readme, client.version(readme)), 'md/prr-questionnaire');
    const monitoring = before.find((d) => message(d).includes('"Monitoring Requirements"'))!;
    const { diagnostics } = await runFix(client, readme, monitoring);
    assert.match(client.text(readme), /### Monitoring Requirements\n[\s\S]*###### How can an operator determine if the feature is in use by workloads\?/);
    const after = only(diagnostics, 'md/prr-questionnaire');
    assert.equal(after.length, before.length - 1);
    assert.ok(!after.some((d) => message(d).includes('"Monitoring Requirements"')));
  });

  test('insert a missing template section', async () => {
    const readme = file(`${DRAFT}/README.md`);
    const before = only(await client.diagnosticsFor(readme, client.version(readme)), 'md/template-section');
    const skew = before.find((d) => message(d).includes('"Version Skew Strategy"'))!;
    const { diagnostics } = await runFix(client, readme, skew);
    assert.match(client.text(readme), /\n### Version Skew Strategy\n/);
    assert.ok(!only(diagnostics, 'md/template-section').some((d) => message(d).includes('"Version Skew Strategy"')));
  });

  test('replace an unknown SIG with the suggestion; then create the missing PRR approval file', async () => {
    const kepYaml = file(`${DRAFT}/kep.yaml`);
    const diags = await client.open(kepYaml);
    const [sig] = only(diags, 'kep/unknown-sig');
    const { diagnostics } = await runFix(client, kepYaml, sig!);
    assert.match(client.text(kepYaml), /^owning-sig: sig-node$/m);
    assert.deepEqual(only(diagnostics, 'kep/unknown-sig'), []);
    // The PRR file is now looked up under sig-node, where it does not exist either.
    const [missing] = only(diagnostics, 'prr/file-missing');
    assert.match(message(missing!), /keps\/prod-readiness\/sig-node\/9999\.yaml does not exist/);
    const created = file('keps/prod-readiness/sig-node/9999.yaml');
    await runFix(client, kepYaml, missing!);
    assert.equal(fs.readFileSync(created, 'utf8').split('\n').filter((l) => !l.startsWith('#')).join('\n'), 'kep-number: 9999\nbeta:\n  approver: ""\n');
    await client.filesChanged([{ file: created, type: FileChangeType.Created }]);
    await client.waitForDiagnostics((x) => x.uri === uriOf(kepYaml) && x === client.diagnostics.at(-1) && !x.diagnostics.some((d) => d.code === 'prr/file-missing'), 'PRR file found');
    // The new file asks for its approver: an empty one is what kepval reports next.
    const prrDiags = await client.open(created);
    assert.deepEqual(only(prrDiags, 'kep/required-field').map((d) => d.range.start.line), [4]);
  });

  test('set status to an allowed value', async () => {
    const kepYaml = file(`${DRAFT}/kep.yaml`);
    const diags = await client.change(kepYaml, client.text(kepYaml).replace('status: implementable', 'status: implementible'));
    const [status] = only(diags, 'kep/status-value');
    const { action, diagnostics } = await runFix(client, kepYaml, status!);
    assert.equal(action.title, 'Set status to "implementable"');
    assert.match(client.text(kepYaml), /^status: implementable$/m);
    assert.deepEqual(only(diagnostics, 'kep/status-value'), []);
  });

  test('add a missing OWNERS marker, and remove a stray one', async () => {
    const kepYaml = file(`${REAL}/kep.yaml`);
    const text = fs.readFileSync(kepYaml, 'utf8');
    let diags = await client.open(kepYaml, text.replace("'@mikebrow' # sig-node-assigned-reviewer", "'@mikebrow'"));
    const [notMarked] = only(diags, 'owners/owner-not-marked');
    ({ diagnostics: diags } = await runFix(client, kepYaml, notMarked!));
    assert.match(client.text(kepYaml), /^ {2}- '@mikebrow' # sig-node-assigned-reviewer$/m);
    assert.deepEqual(only(diags, 'owners/owner-not-marked'), []);
    diags = await client.change(kepYaml, client.text(kepYaml).replace("  - '@thockin'", "  - '@thockin' # sig-node-assigned-reviewer"));
    const [stray] = only(diags, 'owners/marked-not-in-owners');
    ({ diagnostics: diags } = await runFix(client, kepYaml, stray!, (a) => a.title.startsWith('Remove')));
    assert.match(client.text(kepYaml), /^ {2}- '@thockin'$/m);
    assert.deepEqual(only(diags, 'owners/marked-not-in-owners'), []);
  });

  test('make kep-number agree with the folder', async () => {
    const kepYaml = file(`${REAL}/kep.yaml`);
    const diags = await client.change(kepYaml, client.text(kepYaml).replace('kep-number: "4960"', 'kep-number: "4961"'));
    const [mismatch] = only(diags, 'kep/number-mismatch');
    const { diagnostics } = await runFix(client, kepYaml, mismatch!);
    assert.match(client.text(kepYaml), /^kep-number: "4960"$/m);
    assert.deepEqual(only(diagnostics, 'kep/number-mismatch'), []);
  });

  test('rename the folder to agree with kep-number', async () => {
    const dir = file(`${REAL}`);
    const kepYaml = path.join(dir, 'kep.yaml');
    const diags = await client.change(kepYaml, client.text(kepYaml).replace('kep-number: "4960"', 'kep-number: "4961"'));
    const [mismatch] = only(diags, 'kep/number-mismatch');
    const actions = (await client.conn.sendRequest(CodeActionRequest.type, { textDocument: { uri: uriOf(kepYaml) }, range: mismatch!.range, context: { diagnostics: [mismatch!] } })) as CodeAction[];
    const rename = actions.find((a) => a.title.startsWith('Rename the folder'))!;
    assert.deepEqual(rename.edit!.documentChanges, [{ kind: 'rename', oldUri: uriOf(dir), newUri: uriOf(file('keps/sig-node/4961-container-stop-signals')) }]);
    // Applying it is the editor's job (it moves open documents along); undo the edit here.
    await client.change(kepYaml, client.text(kepYaml).replace('kep-number: "4961"', 'kep-number: "4960"'));
  });

  test('source.fixAll applies every safe fix of a document at once', async () => {
    const kepYaml = file(`${DRAFT}/kep.yaml`);
    // "SIG Node" names a group for sure (same letters as sig-node): its fix is safe.
    const text = client.text(kepYaml).replace('owning-sig: sig-node', 'owning-sig: SIG Node');
    const diags = await client.change(kepYaml, text);
    assert.ok(only(diags, 'kep/unknown-sig').length && only(diags, 'kep/date-format').length);
    const actions = (await client.conn.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uriOf(kepYaml) },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.kepStudio'] },
    })) as CodeAction[];
    assert.equal(actions.length, 1);
    assert.equal(actions[0]!.kind, 'source.fixAll.kepStudio');
    const after = await client.change(kepYaml, client.applyEdit(actions[0]!.edit!).get(kepYaml)!);
    assert.match(client.text(kepYaml), /^owning-sig: sig-node$/m);
    assert.match(client.text(kepYaml), /^creation-date: "2026-09-01"$/m);
    assert.deepEqual([...only(after, 'kep/unknown-sig'), ...only(after, 'kep/date-format')], []);
  });
});

// A proposal of another kind end to end: a CNCF incubation application created from its snippet,
// checked as its kind, shown in the checklist view, and filed as an issue on cncf/toc (the
// OpenAPI-checked GitHub stand-in).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { SubmitOutcome } from '../../client/src/commands/submitProposal.js';
import type { KepStudioApi } from '../../client/src/extension.js';
import type { ChecklistResult } from '../../server/src/lsp/protocol.js';
import { activateExtension, apiRequests, assertAllRequestsValid, codeActions, diagnosticCode, fixturePath, fixtureUri, formatDiagnostics, stubReset, stubState, waitForDiagnostics, waitForEvent } from './helpers.js';

const FILE = 'applications/acme-incubation-application.md';

suite('a CNCF incubation application', () => {
  let api: KepStudioApi;
  suiteSetup(async () => {
    api = (await activateExtension()).exports as KepStudioApi;
    fs.mkdirSync(fixturePath('applications'), { recursive: true });
    fs.writeFileSync(fixturePath(FILE), '');
  });
  setup(stubReset);

  test('is created from its snippet, with the project’s name typed once', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(fixtureUri(FILE)), { preview: false });
    await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'markdown', name: 'CNCF incubation application' });
    // The snippet selects its one placeholder (PROJECT), mirrored in every place that names the project.
    await vscode.commands.executeCommand('type', { text: 'Acme' });
    await vscode.commands.executeCommand('leaveSnippet');
    const text = editor.document.getText();
    assert.match(text, /^---\ntitle: "\[Incubation\] Acme Incubation Application"\nlabels:\n {2}- "dd\/needs-triage"/);
    assert.match(text, /^# Acme Incubation Application$/m);
    assert.match(text, /^## Incubation Criteria Summary for Acme$/m);
    assert.ok(!text.includes('$PROJECT'), 'every $PROJECT became the name');
    await editor.document.save();
  });

  test('is checked as its kind: template placeholders and unanswered criteria, no error', async () => {
    const diagnostics = await waitForDiagnostics(fixtureUri(FILE), (ds) => ds.some((d) => diagnosticCode(d) === 'proposal/placeholder'));
    const codes = new Set(diagnostics.map((d) => diagnosticCode(d)));
    assert.ok(codes.has('proposal/empty-section'), formatDiagnostics(diagnostics));
    assert.ok(!diagnostics.some((d) => d.severity === vscode.DiagnosticSeverity.Error), formatDiagnostics(diagnostics));
    const url = diagnostics.find((d) => diagnosticCode(d) === 'proposal/placeholder' && /\$URL/.test(d.message));
    assert.ok(url, formatDiagnostics(diagnostics));
    // Deleting a required section is caught, with the fix that restores it.
    const editor = vscode.window.activeTextEditor!;
    const doc = editor.document;
    const start = doc.getText().indexOf('## Ecosystem');
    const end = doc.getText().indexOf('## Additional Information');
    await editor.edit((e) => e.delete(new vscode.Range(doc.positionAt(start), doc.positionAt(end))));
    const missing = (await waitForDiagnostics(fixtureUri(FILE), (ds) => ds.some((d) => diagnosticCode(d) === 'proposal/missing-section'))).find((d) => diagnosticCode(d) === 'proposal/missing-section')!;
    assert.match(missing.message, /has no "Ecosystem" section/);
    const title = 'Add the "Ecosystem" section';
    const actions = await codeActions(doc.uri, missing.range, vscode.CodeActionKind.QuickFix.value, (as) => as.some((a) => a.title === title));
    const add = actions.find((a) => a.title === title);
    assert.ok(add?.edit, actions.map((a) => a.title).join(', '));
    await vscode.workspace.applyEdit(add.edit);
    assert.match(doc.getText(), /^## Ecosystem\n\n### Required\n/m);
    await waitForDiagnostics(fixtureUri(FILE), (ds) => !ds.some((d) => diagnosticCode(d) === 'proposal/missing-section'));
    await doc.save();
  });

  test('has its checklist: sections, the criteria of each area (ticked from the view) and submission readiness', async () => {
    const c = await api.checklist.show(fixtureUri(FILE));
    assert.ok(c, 'no checklist');
    assert.equal(c.kind.id, 'cncf-incubation-application');
    assert.equal(c.title, '[Incubation] Acme Incubation Application');
    const group = (id: string): ChecklistResult['groups'][number] => c.groups.find((g) => g.id === id)!;
    assert.deepEqual(
      c.groups.map((g) => g.id),
      ['sections', 'process', 'governance', 'community', 'engineering', 'security', 'ecosystem', 'submission'],
    );
    const gtr = group('process').items.find((i) => i.id === 'gtr')!;
    assert.equal(gtr.state, 'todo');
    assert.ok(gtr.box, 'a criterion is a checkbox in the view');
    const changed = waitForEvent(vscode.workspace.onDidChangeTextDocument, (e) => (e?.document.uri.toString() === fixtureUri(FILE).toString() ? true : undefined), { what: 'the application to change' });
    await api.checklist.toggle([{ kind: 'item', group: 'process', item: gtr }]);
    await changed;
    const after = await api.checklist.refresh();
    assert.equal(after!.groups.find((g) => g.id === 'process')!.items.find((i) => i.id === 'gtr')!.state, 'done');
    assert.equal(group('submission').items.find((i) => i.id === 'title')!.state, 'done');
    await vscode.window.activeTextEditor!.document.save();
  });

  test('New Proposal creates a document of a kind from its template, and opens it', async () => {
    const target = fixtureUri('applications/acme-sandbox-application.md');
    const created = await vscode.commands.executeCommand<vscode.Uri | undefined>('kepStudio.newProposal', { kind: 'cncf-sandbox-application', uri: target.toString(), project: 'Acme' });
    assert.equal(created?.toString(), target.toString());
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), target.toString());
    const text = fs.readFileSync(target.fsPath, 'utf8');
    assert.match(text, /^---\ntitle: "\[Sandbox\] Acme"/);
    // Checked as its kind at once: a scaffold has unanswered fields, and no error.
    const diagnostics = await waitForDiagnostics(target, (ds) => ds.some((d) => diagnosticCode(d) === 'proposal/empty-section'));
    assert.ok(!diagnostics.some((d) => d.severity === vscode.DiagnosticSeverity.Error), formatDiagnostics(diagnostics));
    // An existing file is not overwritten: the command says so and the file is untouched.
    const again = await vscode.commands.executeCommand<vscode.Uri | undefined>('kepStudio.newProposal', { kind: 'cncf-sandbox-application', uri: target.toString(), project: 'Other' });
    assert.equal(again, undefined);
    assert.equal(fs.readFileSync(target.fsPath, 'utf8'), text);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    fs.rmSync(target.fsPath);
  });

  test('Submit Proposal files it as an issue on cncf/toc with its title and labels', async () => {
    const outcome = await vscode.commands.executeCommand<SubmitOutcome>('kepStudio.submitProposal', { uri: fixtureUri(FILE).toString(), confirm: true });
    assert.ok(outcome && 'issue' in outcome, JSON.stringify(outcome));
    const issue = (await stubState()).issues.find((i) => i.number === outcome.issue)!;
    assert.equal(issue.repo, 'cncf/toc');
    assert.equal(issue.title, '[Incubation] Acme Incubation Application');
    assert.deepEqual(issue.labels, ['dd/needs-triage', 'level/incubation', 'kind/dd', 'toc']);
    assert.match(issue.body ?? '', /^# Review Project Moving Level Evaluation\n/, 'the body without the front matter');
    assert.deepEqual(
      (await apiRequests()).map((r) => r.operationId),
      ['issues/create'],
    );
    await assertAllRequestsValid();
    // The draft stays as it was: nothing is lost or rewritten by filing.
    assert.match(fs.readFileSync(fixturePath(FILE), 'utf8'), /^---\ntitle: "\[Incubation\] Acme Incubation Application"/);
  });
});

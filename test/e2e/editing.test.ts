// Diagnostics, quick fixes and completion through VS Code's own command API, as a user gets them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, codeActions, diagnosticCode, fixtureUri, formatDiagnostics, openFixture, waitForDiagnostics } from './helpers.js';

const DRAFT_README = 'keps/sig-node/9999-sidecar-readiness-gates/README.md';
const REAL_KEP = 'keps/sig-node/4960-container-stop-signals/kep.yaml';

suite('editing', () => {
  suiteSetup(activateExtension);

  test('a quick fix from executeCodeActionProvider regenerates the TOC and its diagnostic goes away', async () => {
    const uri = fixtureUri(DRAFT_README);
    await openFixture(DRAFT_README);
    const diagnostics = await waitForDiagnostics(uri, (ds) => ds.some((d) => diagnosticCode(d) === 'md/toc-out-of-date'));
    const toc = diagnostics.find((d) => diagnosticCode(d) === 'md/toc-out-of-date')!;
    const title = 'Regenerate the table of contents';
    const actions = await codeActions(uri, toc.range, vscode.CodeActionKind.QuickFix.value, (as) => as.some((a) => a.title === title));
    const fix = actions.find((a) => a.title === title);
    assert.ok(fix?.edit, `no TOC fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const after = await waitForDiagnostics(uri, (ds) => !ds.some((d) => diagnosticCode(d) === 'md/toc-out-of-date'));
    assert.ok(!after.some((d) => diagnosticCode(d) === 'md/toc-out-of-date'), formatDiagnostics(after));
    const text = (await vscode.workspace.openTextDocument(uri)).getText();
    assert.match(text, /\n {2}- \[Non-Goals\]\(#non-goals\)\n/);
    await vscode.workspace.save(uri);
  });

  test('completion after owning-sig: offers the SIGs with their names', async () => {
    const editor = await openFixture(REAL_KEP);
    const line = editor.document.getText().split('\n').findIndex((l) => l.startsWith('owning-sig:'));
    const position = new vscode.Position(line, 'owning-sig: '.length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, position);
    const node = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'sig-node');
    assert.ok(node, `labels: ${list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label)).slice(0, 20).join(', ')}`);
    assert.equal(node.detail, 'SIG Node');
    assert.ok(list.items.some((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'sig-storage'));
  });

  test('hover on owning-sig shows the SIG', async () => {
    const editor = await openFixture(REAL_KEP);
    const line = editor.document.getText().split('\n').findIndex((l) => l.startsWith('owning-sig:'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(line, 14));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /SIG Node/);
  });
});

// The kepStudio.problems setting in real VS Code: `workspace` shows the problems of files never
// opened in the Problems panel; back to `openFiles`, they go.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { activateExtension, diagnosticCode, fixturePath, fixtureUri, waitForDiagnostics } from './helpers.js';

const KEP = 'keps/sig-node/9998-workspace-problems';

suite('Workspace problems (kepStudio.problems)', () => {
  const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('kepStudio');

  suiteSetup(async () => {
    await activateExtension();
    // A KEP written on disk, never opened, with an unknown SIG (a warning).
    fs.mkdirSync(fixturePath(KEP), { recursive: true });
    fs.writeFileSync(
      fixturePath(`${KEP}/kep.yaml`),
      'title: Workspace problems\nkep-number: "9998"\nauthors:\n  - "@jane-doe"\nowning-sig: sig-nodes\nstatus: provisional\ncreation-date: "2026-01-01"\nreviewers: []\napprovers: []\n',
    );
  });

  suiteTeardown(async () => {
    await settings().update('problems', undefined, vscode.ConfigurationTarget.Workspace);
    fs.rmSync(fixturePath(KEP), { recursive: true, force: true });
  });

  test('workspace shows the problems of a closed file; openFiles clears them', async () => {
    const uri = fixtureUri(`${KEP}/kep.yaml`);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.fsPath === uri.fsPath), 'the file is not open');
    await settings().update('problems', 'workspace', vscode.ConfigurationTarget.Workspace);
    const shown = await waitForDiagnostics(uri, (d) => d.some((x) => diagnosticCode(x) === 'kep/unknown-sig'));
    assert.ok(shown.every((d) => d.source === 'kep-studio'));
    await settings().update('problems', 'openFiles', vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(uri, (d) => d.length === 0);
  });
});

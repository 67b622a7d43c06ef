// The KEP Checklist view: the README's Release Signoff Checklist and the readiness checks.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KepStudioApi } from '../../client/src/extension.js';
import { activateExtension, fixtureUri, openFixture } from './helpers.js';

const DRAFT = 'keps/sig-node/9999-sidecar-readiness-gates';

suite('checklist view', () => {
  let api: KepStudioApi;
  suiteSetup(async () => {
    api = (await activateExtension()).exports as KepStudioApi;
  });

  test('shows the draft KEP’s signoff items and readiness checks', async () => {
    await openFixture(`${DRAFT}/kep.yaml`);
    const c = await api.checklist.show(fixtureUri(`${DRAFT}/kep.yaml`));
    assert.ok(c, 'no checklist for the draft KEP');
    assert.equal(c.title, 'Readiness gates for sidecar containers');
    assert.equal(c.stage, 'beta');
    // (The editing suite has regenerated the README's TOC by now.)
    // The README's Release Signoff Checklist, as written (three ticked, six not).
    assert.equal(c.signoff.length, 9);
    assert.deepEqual(c.signoff.map((s) => s.checked), [true, true, true, false, false, false, false, false, false]);
    assert.ok(c.signoff[0]!.required && !c.signoff[8]!.required);
    const states = Object.fromEntries(c.readiness.map((r) => [r.id, r.state]));
    assert.deepEqual(states, {
      metadata: 'todo',
      'prr-approval': 'todo',
      graduation: 'todo',
      'test-plan': 'done',
      'prr-questionnaire': 'todo',
      'feature-gates': 'done',
      metrics: 'done',
      toc: 'done',
      'tracking-issue': 'done',
    });
    const prr = c.readiness.find((r) => r.id === 'prr-approval')!;
    assert.equal(prr.detail, 'keps/prod-readiness/sig-nodes/9999.yaml does not exist.');
    assert.ok(prr.fix, 'the PRR item offers to create the file');
  });

  test('ticking a signoff item edits the README and the view follows', async () => {
    const readme = fixtureUri(`${DRAFT}/README.md`);
    await openFixture(`${DRAFT}/README.md`);
    const before = await api.checklist.show(readme);
    const item = before!.signoff[3]!;
    assert.equal(item.checked, false);
    const changed = new Promise<void>((resolve) => {
      const sub = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === readme.toString()) {
          sub.dispose();
          resolve();
        }
      });
    });
    // What the view does when its checkbox is clicked (onDidChangeCheckboxState).
    await api.checklist.toggle([{ kind: 'signoff', item, index: 3 }]);
    await changed;
    const doc = await vscode.workspace.openTextDocument(readme);
    assert.equal(doc.getText(new vscode.Range(item.location.range.start.line, item.location.range.start.character, item.location.range.end.line, item.location.range.end.character)), '[x]');
    const after = await api.checklist.refresh();
    assert.equal(after!.signoff[3]!.checked, true);
    await doc.save();
  });

  test('a readiness item’s fix runs from the view', async () => {
    const c = await api.checklist.show(fixtureUri(`${DRAFT}/kep.yaml`));
    const metadata = c!.readiness.find((r) => r.id === 'metadata')!;
    assert.equal(metadata.fix?.title, 'Change to sig-node');
    await api.checklist.fix({ kind: 'readiness', item: metadata });
    const doc = await vscode.workspace.openTextDocument(fixtureUri(`${DRAFT}/kep.yaml`));
    assert.match(doc.getText(), /^owning-sig: sig-node$/m);
    assert.equal(doc.isDirty, false, 'the fix is saved');
    // The next thing kep.yaml needs comes up: its unpadded creation date.
    const after = (await api.checklist.refresh())!.readiness.find((r) => r.id === 'metadata')!;
    assert.match(after.detail ?? '', /creation-date "2026-9-1"/);
  });
});

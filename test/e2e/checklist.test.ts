// The Proposal Checklist view for a KEP: the README's Release Signoff Checklist and the readiness checks.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KepStudioApi } from '../../client/src/extension.js';
import type { ChecklistResult } from '../../server/src/lsp/protocol.js';
import { activateExtension, fixtureUri, openFixture } from './helpers.js';

const DRAFT = 'keps/sig-node/9999-sidecar-readiness-gates';
const group = (c: ChecklistResult, id: string): ChecklistResult['groups'][number]['items'] => c.groups.find((g) => g.id === id)?.items ?? [];

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
    assert.equal(c.summary, 'KEP-9999 · beta');
    // (The editing suite has regenerated the README's TOC by now.)
    // The README's Release Signoff Checklist, as written (three ticked, six not).
    const signoff = group(c, 'signoff');
    assert.equal(signoff.length, 9);
    assert.deepEqual(signoff.map((s) => s.state), ['done', 'done', 'done', 'todo', 'todo', 'todo', 'todo', 'todo', 'todo']);
    assert.ok(signoff[0]!.required && !signoff[8]!.required && signoff.every((s) => s.box));
    const states = Object.fromEntries(group(c, 'readiness').map((r) => [r.id, r.state]));
    assert.deepEqual(states, {
      status: 'done',
      milestone: 'done',
      metadata: 'todo',
      'prr-approval': 'todo',
      graduation: 'todo',
      'test-plan': 'done',
      'prr-questionnaire': 'todo',
      'feature-gates': 'done',
      metrics: 'done',
      toc: 'done',
      template: 'todo',
      unresolved: 'todo',
      'tracking-issue': 'done',
    });
    const prr = group(c, 'readiness').find((r) => r.id === 'prr-approval')!;
    assert.equal(prr.detail, 'keps/prod-readiness/sig-nodes/9999.yaml does not exist.');
    assert.ok(prr.fix, 'the PRR item offers to create the file');
  });

  test('ticking a signoff item edits the README and the view follows', async () => {
    const readme = fixtureUri(`${DRAFT}/README.md`);
    await openFixture(`${DRAFT}/README.md`);
    const before = await api.checklist.show(readme);
    const item = group(before!, 'signoff')[3]!;
    assert.equal(item.state, 'todo');
    const changed = new Promise<void>((resolve) => {
      const sub = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === readme.toString()) {
          sub.dispose();
          resolve();
        }
      });
    });
    // What the view does when its checkbox is clicked (onDidChangeCheckboxState).
    await api.checklist.toggle([{ kind: 'item', group: 'signoff', item }]);
    await changed;
    const doc = await vscode.workspace.openTextDocument(readme);
    const box = item.box!.range;
    assert.equal(doc.getText(new vscode.Range(box.start.line, box.start.character, box.end.line, box.end.character)), '[x]');
    const after = await api.checklist.refresh();
    assert.equal(group(after!, 'signoff')[3]!.state, 'done');
    await doc.save();
  });

  test('a readiness item’s fix runs from the view', async () => {
    const c = await api.checklist.show(fixtureUri(`${DRAFT}/kep.yaml`));
    const metadata = group(c!, 'readiness').find((r) => r.id === 'metadata')!;
    assert.equal(metadata.fix?.title, 'Change to sig-node');
    await api.checklist.fix({ kind: 'item', group: 'readiness', item: metadata });
    const doc = await vscode.workspace.openTextDocument(fixtureUri(`${DRAFT}/kep.yaml`));
    assert.match(doc.getText(), /^owning-sig: sig-node$/m);
    assert.equal(doc.isDirty, false, 'the fix is saved');
    // The next thing kep.yaml needs comes up: its unpadded creation date.
    const after = group((await api.checklist.refresh())!, 'readiness').find((r) => r.id === 'metadata')!;
    assert.match(after.detail ?? '', /creation-date "2026-9-1"/);
  });
});

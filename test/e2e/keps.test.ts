// The KEPs view (every KEP of the workspace by SIG and status, with its readiness for the
// release in progress), its filters, the release readiness report and the code lens of kep.yaml.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { KepStudioApi } from '../../client/src/extension.js';
import type { KepsNode } from '../../client/src/kepsView.js';
import type { KepsResult } from '../../server/src/lsp/protocol.js';
import { activateExtension, fixturePath, fixtureUri, waitForEvent } from './helpers.js';

/** Two KEPs of sig-apps by one author, both for v1.38 (the samples' release in progress): one ready, one not. */
const READY = 'keps/sig-apps/7001-release-ready-widgets';
const NOT_READY = 'keps/sig-apps/7002-early-widgets';
const AUTHOR = 'e2e-shadow';

function write(rel: string, text: string): void {
  fs.mkdirSync(path.dirname(fixturePath(rel)), { recursive: true });
  fs.writeFileSync(fixturePath(rel), text);
}

/** The numbers of the KEPs a result lists. */
const numbers = (r: KepsResult | null): string[] => (r?.groups ?? []).flatMap((g) => g.statuses.flatMap((s) => s.keps.map((k) => k.number ?? '?'))).sort();

suite('KEPs view', () => {
  let api: KepStudioApi;

  suiteSetup(async () => {
    api = (await activateExtension()).exports as KepStudioApi;
    await vscode.commands.executeCommand('kepStudio.keps.focus');
    // A copy of the sample's real KEP 4960 (ready for beta), moved to sig-apps and v1.38.
    const source = 'keps/sig-node/4960-container-stop-signals';
    write(`${READY}/README.md`, fs.readFileSync(fixturePath(`${source}/README.md`), 'utf8'));
    write(
      `${READY}/kep.yaml`,
      [
        'title: Release-ready widgets',
        'kep-number: "7001"',
        'authors:',
        `  - "@${AUTHOR}"`,
        'owning-sig: sig-apps',
        'creation-date: "2026-01-10"',
        'reviewers:',
        '  - "@thockin"',
        'approvers:',
        '  - "@soltysh"',
        'status: implementable',
        'stage: beta',
        'latest-milestone: "v1.38"',
        'milestone:',
        '  alpha: "v1.37"',
        '  beta: "v1.38"',
        'feature-gates:',
        '  - name: ReleaseReadyWidgets',
        '    components:',
        '      - kube-apiserver',
        'disable-supported: true',
        'metrics:',
        '  - widgets_total',
        '',
      ].join('\n'),
    );
    write('keps/prod-readiness/sig-apps/7001.yaml', 'kep-number: 7001\nbeta:\n  approver: "@deads2k"\n');
    write(
      `${NOT_READY}/kep.yaml`,
      ['title: Early widgets', 'kep-number: "7002"', 'authors:', `  - "@${AUTHOR}"`, 'owning-sig: sig-apps', 'status: provisional', 'stage: alpha', 'latest-milestone: "v1.38"', 'milestone:', '  alpha: "v1.38"', 'approvers: []', ''].join('\n'),
    );
    // The server reads the new files, says so, and the view asks again.
    await waitForEvent(api.keps.onDidChangeTreeData, () => (numbers(api.keps.current.result).includes('7002') ? true : undefined), {
      what: 'the KEPs view to list the new KEPs',
      describe: () => numbers(api.keps.current.result).join(', '),
    });
  });

  teardown(() => vscode.commands.executeCommand('kepStudio.clearKepFilters'));

  const sigApps = async (): Promise<KepsNode[]> => {
    const roots = await api.keps.getChildren();
    const sig = roots.find((n) => n.kind === 'sig' && n.group.sig === 'sig-apps');
    assert.ok(sig, `no sig-apps in ${roots.map((n) => (n.kind === 'sig' ? n.group.sig : n.kind)).join(', ')}`);
    return api.keps.getChildren(sig);
  };

  test('lists the KEPs by SIG, then status: number, title, stage, milestone, readiness for the release in progress', async () => {
    const { result } = api.keps.current;
    assert.equal(result?.release, 'v1.38');
    const statuses = await sigApps();
    assert.deepEqual(statuses.map((n) => (n.kind === 'status' ? n.group.status : n.kind)), ['provisional', 'implementable']);
    const [early] = await api.keps.getChildren(statuses[0]!);
    const [ready] = await api.keps.getChildren(statuses[1]!);
    const readyItem = api.keps.getTreeItem(ready!);
    assert.equal(readyItem.label, 'KEP-7001 Release-ready widgets');
    assert.equal(readyItem.description, 'beta · v1.38 · ready');
    assert.equal((readyItem.iconPath as vscode.ThemeIcon).id, 'pass-filled');
    const earlyItem = api.keps.getTreeItem(early!);
    assert.ok(early?.kind === 'kep' && early.kep.readiness);
    const open = early.kep.readiness.open;
    assert.ok(open.includes('Status implementable'), open.join(', '));
    assert.equal(earlyItem.description, `alpha · v1.38 · ${open.length} open`);
    assert.equal((earlyItem.iconPath as vscode.ThemeIcon).id, 'circle-large-outline');
    // A click opens the KEP: its README, else its kep.yaml.
    await vscode.commands.executeCommand(readyItem.command!.command, ...(readyItem.command!.arguments ?? []));
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, fixturePath(`${READY}/README.md`));
    await vscode.commands.executeCommand(earlyItem.command!.command, ...(earlyItem.command!.arguments ?? []));
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, fixturePath(`${NOT_READY}/kep.yaml`));
  });

  test('filters: my KEPs by GitHub handle, a SIG, a release, not ready', async () => {
    const filter = (args: object): Thenable<KepsResult | null> => vscode.commands.executeCommand<KepsResult | null>('kepStudio.filterKeps', args);
    assert.deepEqual(numbers(await filter({ mine: AUTHOR })), ['7001', '7002']);
    assert.deepEqual(numbers(await filter({ notReady: true })), ['7002'], 'mine and not ready');
    assert.deepEqual(api.keps.current.filters, { mine: AUTHOR, notReady: true });
    assert.deepEqual(numbers(await filter({ mine: null, notReady: null, sig: 'sig-apps' })), ['7001', '7002']);
    const later = await filter({ release: 'v1.39' });
    assert.deepEqual(numbers(later), [], 'nothing of sig-apps targets v1.39');
    assert.equal(later?.release, 'v1.39');
    const now = await filter({ release: 'v1.38' });
    assert.deepEqual(numbers(now), ['7001', '7002']);
    assert.deepEqual(now!.groups.flatMap((g) => g.statuses.flatMap((s) => s.keps.map((k) => k.readiness?.release))), ['v1.38', 'v1.38']);
    await vscode.commands.executeCommand('kepStudio.clearKepFilters');
    assert.deepEqual(api.keps.current.filters, {});
    assert.ok(numbers(api.keps.current.result).includes('9999'), 'every KEP again');
  });

  test('the Release Readiness Report command opens the markdown report, for the SIG filtered on', async () => {
    await vscode.commands.executeCommand('kepStudio.filterKeps', { sig: 'sig-apps' });
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('kepStudio.releaseReport');
    assert.equal(vscode.window.activeTextEditor?.document, doc);
    assert.equal(doc.languageId, 'markdown');
    const text = doc.getText();
    assert.match(text, /^# Release readiness for v1\.38\n\n2 KEPs target v1\.38 .*: 1 ready, 1 not ready\./);
    assert.match(text, /\n## sig-apps\n/);
    assert.doesNotMatch(text, /## sig-node/);
    assert.match(text, /\| \[KEP-7001\]\(.*\) \| Release-ready widgets \| beta \| implementable \| ✅ \|/);
    assert.match(text, /\| \[KEP-7002\]\(.*\) \| Early widgets \| alpha \| provisional \| ❌ \d+ open \| Status implementable: status: provisional/);
  });

  test('the code lens of a kep.yaml says its readiness and opens the checklist', async () => {
    const uri = fixtureUri(`${NOT_READY}/kep.yaml`);
    await vscode.window.showTextDocument(uri);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const lens = lenses.find((l) => l.command?.command === 'kepStudio.showChecklist');
    assert.ok(lens?.command, JSON.stringify(lenses.map((l) => l.command?.title)));
    // The count the KEPs view shows.
    const early = api.keps.current.result!.groups.flatMap((g) => g.statuses.flatMap((s) => s.keps)).find((k) => k.number === '7002')!;
    assert.equal(lens.command.title, `${early.readiness!.open.length} items open for alpha in v1.38`);
    await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
    assert.equal(api.checklist.current?.summary, 'KEP-7002 · alpha');
    assert.equal(api.checklist.current?.groups[0]?.label, 'Ready for alpha in v1.38');
  });
});

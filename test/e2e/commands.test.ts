// The proposal commands end to end: files they write, GitHub requests they make (to the
// OpenAPI-checked stand-in) and the Git branch they push (to the fixture's bare origin).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { NewKepResult, PromoteResult } from '../../server/src/lsp/protocol.js';
import type { SubmitOutcome } from '../../client/src/commands/submitProposal.js';
import type { TrackingIssueOutcome } from '../../client/src/commands/trackingIssue.js';
import { activateExtension, apiRequests, assertAllRequestsValid, diagnosticCode, e2eContext, fixturePath, fixtureUri, stubFail, stubReset, stubSeed, stubState, waitForDiagnostics } from './helpers.js';

const git = (args: string[], cwd = e2eContext().workspace): string => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

suite('proposal commands', () => {
  suiteSetup(activateExtension);
  setup(stubReset);

  test('New KEP creates kep.yaml and a README from the template, and opens the README', async () => {
    const result = await vscode.commands.executeCommand<NewKepResult>('kepStudio.newKep', {
      folder: vscode.Uri.file(e2eContext().workspace).toString(),
      title: 'Sidecar hot reload',
      owningSig: 'sig-node',
      authors: ['@kep-author'],
    });
    assert.ok(result, 'New KEP returned nothing');
    const dir = fixturePath('keps/sig-node/NNNN-sidecar-hot-reload');
    const yaml = fs.readFileSync(`${dir}/kep.yaml`, 'utf8');
    assert.match(yaml, /^title: "Sidecar hot reload"$/m);
    assert.match(yaml, /^owning-sig: sig-node$/m);
    assert.match(yaml, /^ {2}- "@kep-author"$/m);
    const readme = fs.readFileSync(`${dir}/README.md`, 'utf8');
    assert.match(readme, /^# KEP-NNNN: Sidecar hot reload$/m);
    assert.match(readme, /<!-- toc -->\n- \[Release Signoff Checklist\]/);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, `${dir}/README.md`);
    // The new KEP has no errors: only what the author has yet to fill in.
    const diagnostics = await waitForDiagnostics(vscode.Uri.file(`${dir}/README.md`), () => true);
    assert.ok(!diagnostics.some((d) => d.severity === vscode.DiagnosticSeverity.Error), diagnostics.map((d) => diagnosticCode(d)).join(', '));
  });

  test('Promote KEP moves the real KEP 4960 to stable for v1.38', async () => {
    const kep = fixtureUri('keps/sig-node/4960-container-stop-signals/kep.yaml');
    const result = await vscode.commands.executeCommand<PromoteResult>('kepStudio.promoteKep', { uri: kep.toString(), stage: 'stable', release: 'v1.38' });
    assert.ok(result, 'Promote KEP returned nothing');
    const yaml = fs.readFileSync(kep.fsPath, 'utf8');
    assert.match(yaml, /^stage: stable$/m);
    assert.match(yaml, /^latest-milestone: "v1\.38"$/m);
    assert.match(yaml, /^ {4}stable: "v1\.38"$/m, 'milestone.stable, in the map’s own indentation');
    const prr = fs.readFileSync(fixturePath('keps/prod-readiness/sig-node/4960.yaml'), 'utf8');
    assert.match(prr, /\nstable:\n {2}approver: ""\n?$/);
  });

  test('File Tracking Issue files the enhancement issue on GitHub and numbers the KEP with it', async () => {
    const readme = fixtureUri('keps/sig-node/NNNN-sidecar-hot-reload/README.md');
    const outcome = await vscode.commands.executeCommand<TrackingIssueOutcome>('kepStudio.fileTrackingIssue', {
      uri: readme.toString(),
      target: { kind: 'kubernetes-enhancement-issue' },
      confirm: true,
    });
    assert.ok(outcome && !outcome.existing, `outcome: ${JSON.stringify(outcome)}`);
    const created = (await stubState()).issues.find((i) => i.number === outcome.number)!;
    assert.equal(created.title, 'Sidecar hot reload');
    assert.deepEqual(created.labels, ['sig/node', 'kind/feature']);
    assert.match(created.body ?? '', /### Enhancement Description/);
    assert.deepEqual((await apiRequests()).map((r) => r.operationId), ['search/issues-and-pull-requests', 'issues/create']);
    await assertAllRequestsValid();
    // The number is the KEP's: folder, kep-number and README title.
    const dir = fixturePath(`keps/sig-node/${outcome.number}-sidecar-hot-reload`);
    assert.ok(fs.existsSync(`${dir}/kep.yaml`), `${dir} was not created`);
    assert.match(fs.readFileSync(`${dir}/kep.yaml`, 'utf8'), new RegExp(`^kep-number: "${outcome.number}"$`, 'm'));
    assert.match(fs.readFileSync(`${dir}/README.md`, 'utf8'), new RegExp(`^# KEP-${outcome.number}: Sidecar hot reload$`, 'm'));
  });

  test('File Tracking Issue files containerd’s form, and offers an enhancement issue already filed instead of a duplicate', async () => {
    const outcome = await vscode.commands.executeCommand<TrackingIssueOutcome>('kepStudio.fileTrackingIssue', {
      uri: fixtureUri('keps/sig-node/4960-container-stop-signals/kep.yaml').toString(),
      target: { kind: 'containerd-kep-tracking-issue' },
      confirm: true,
    });
    // containerd's tracking issue is its own; the seeded enhancement issue is not offered there.
    assert.ok(outcome && !outcome.existing);
    const issue = (await stubState()).issues.find((i) => i.number === outcome.number)!;
    assert.equal(issue.repo, 'containerd/containerd');
    assert.equal(issue.title, '[SIG-Node]: KEP-4960 - Container Stop Signals');
    assert.deepEqual(issue.labels, ['kind/feature', 'area/cri']);
    assert.deepEqual(issue.assignees, ['mikebrow', 'fuweid', 'samuelkarp'], 'the form’s default assignees');
    assert.match(issue.body ?? '', /^### KEP\/SIG-Node References\n/, 'the body without the draft’s front matter');
    await stubReset();
    await stubSeed([{ repo: 'kubernetes/enhancements', number: 4960, title: 'Container Stop Signals' }]);
    const again = await vscode.commands.executeCommand<TrackingIssueOutcome>('kepStudio.fileTrackingIssue', {
      uri: fixtureUri('keps/sig-node/4960-container-stop-signals/kep.yaml').toString(),
      target: { kind: 'kubernetes-enhancement-issue' },
      confirm: true,
    });
    assert.deepEqual(again && { number: again.number, existing: again.existing }, { number: 4960, existing: true });
    assert.ok(!(await apiRequests('issues/create')).length, 'no duplicate filed');
  });

  test('a GitHub failure keeps the draft and says what happened', async () => {
    await stubFail({ operationId: 'issues/create', status: 500, message: 'boom' });
    const before = vscode.workspace.textDocuments.length;
    const outcome = await vscode.commands.executeCommand<TrackingIssueOutcome | undefined>('kepStudio.fileTrackingIssue', {
      uri: fixtureUri('keps/sig-node/9999-sidecar-readiness-gates/kep.yaml').toString(),
      target: { kind: 'kubernetes-enhancement-issue' },
      confirm: true,
    });
    assert.equal(outcome, undefined);
    const draft = vscode.workspace.textDocuments.slice(before).find((d) => d.isUntitled);
    assert.ok(draft, 'the draft stays open in an editor');
    assert.match(draft.getText(), /^---\ntitle: "Readiness gates for sidecar containers"\nlabels:\n {2}- "sig\/nodes?"\n {2}- "kind\/feature"\n---\n\n### Enhancement Description/);
    assert.ok(fs.existsSync(fixturePath('keps/sig-node/9999-sidecar-readiness-gates/kep.yaml')), 'the KEP is not renumbered');
  });

  test('Submit Proposal refuses a KEP with errors', async () => {
    const outcome = await vscode.commands.executeCommand<SubmitOutcome>('kepStudio.submitProposal', { uri: fixtureUri('keps/sig-node/9999-sidecar-readiness-gates/kep.yaml').toString(), confirm: true });
    assert.ok(outcome && 'refused' in outcome, JSON.stringify(outcome));
    assert.ok(outcome.refused.some((l) => /prr\/|PRR approval/.test(l)), outcome.refused.join('\n'));
    assert.equal(git(['branch', '--list', 'kep-9999']), '');
  });

  test('Submit Proposal commits the KEP on a branch, pushes it and opens the pull request', async () => {
    const issue = fs.readdirSync(fixturePath('keps/sig-node')).find((d) => d.endsWith('-sidecar-hot-reload'))!;
    const number = issue.split('-')[0]!;
    const outcome = await vscode.commands.executeCommand<SubmitOutcome>('kepStudio.submitProposal', { uri: fixtureUri(`keps/sig-node/${issue}/kep.yaml`).toString(), confirm: true });
    assert.ok(outcome && 'branch' in outcome && outcome.url, JSON.stringify(outcome));
    assert.equal(outcome.branch, `kep-${number}`);
    // The branch is on origin, with exactly the KEP's files in its commit.
    const pushed = git(['rev-parse', `refs/heads/kep-${number}`], e2eContext().origin);
    const files = git(['show', '--name-only', '--format=', pushed], e2eContext().origin).split('\n').sort();
    assert.deepEqual(files, [`keps/sig-node/${issue}/README.md`, `keps/sig-node/${issue}/kep.yaml`]);
    assert.equal(git(['log', '-1', '--format=%s', pushed], e2eContext().origin), `KEP-${number}: Sidecar hot reload`);
    const pr = (await stubState()).pulls.find((p) => p.number === outcome.number)!;
    assert.equal(pr.title, `KEP-${number}: Sidecar hot reload`);
    assert.equal(pr.head, `${e2eContext().githubLogin}:kep-${number}`);
    assert.deepEqual(pr.labels, ['kind/kep', 'sig/node']);
    assert.deepEqual((await apiRequests()).map((r) => r.operationId), ['users/get-authenticated', 'repos/get', 'pulls/create', 'issues/add-labels']);
    await assertAllRequestsValid();
  });
});

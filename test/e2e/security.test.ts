// What a repository cannot make KEP Studio do in real VS Code (issue 14): a manual route opens
// only an https URL it shows first, and the GitHub token stays out of every log.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SubmitOutcome } from '../../client/src/commands/submitProposal.js';
import openinfra from '../../schemas/kinds/openinfra-project-confirmation.json' with { type: 'json' };
import { activateExtension, e2eContext, fixturePath, fixtureUri } from './helpers.js';

suite('security', () => {
  suiteSetup(activateExtension);

  test('Submit Proposal on a manual route gives the https guidelines it would open', async () => {
    const rel = 'confirmations/acme-project-confirmation.md';
    fs.mkdirSync(path.dirname(fixturePath(rel)), { recursive: true });
    fs.writeFileSync(fixturePath(rel), '# Acme Project Confirmation\n\n## Strategic focus\n\nInfrastructure.\n');
    try {
      const outcome = await vscode.commands.executeCommand<SubmitOutcome>('kepStudio.submitProposal', { uri: fixtureUri(rel).toString(), confirm: true });
      assert.deepEqual(outcome, { manual: openinfra.submission.instructions, url: openinfra.submission.url });
    } finally {
      fs.rmSync(path.dirname(fixturePath(rel)), { recursive: true, force: true });
    }
  });

  test('the GitHub token appears in no log of VS Code, the extension or the language server', function () {
    const ctx = e2eContext();
    // code-server keeps its logs under the temp folder; the desktop runner's are VS Code's own.
    const logs = path.join(ctx.tmpDir, 'server', 'data', 'logs');
    if (ctx.runner !== 'code-server') this.skip();
    const files = fs.readdirSync(logs, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
    assert.ok(files.some((f) => /KEP Studio/.test(f)), `the KEP Studio output channel is among ${files.length} log files`);
    const leaking = files.filter((f) => fs.readFileSync(f, 'utf8').includes(ctx.githubToken));
    assert.deepEqual(leaking, []);
  });
});

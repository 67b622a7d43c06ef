import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { CodeActionRequest, type CodeAction } from 'vscode-languageserver-protocol';
import { runCli } from '../support/cli.js';
import { LspClient, uriOf } from '../support/lsp.js';
import { brokenKep } from '../support/tempRepo.js';

test('the editor\'s source.fixAll makes the edits `check --fix` writes (one engine choice)', async () => {
  const viaCli = brokenKep();
  const viaLsp = brokenKep();
  const client = await LspClient.start([viaLsp.repo.root]);
  try {
    assert.equal(runCli(['check', '--fix', '.'], viaCli.repo.root).status, 0);
    for (const file of ['kepYaml', 'readme'] as const) {
      await client.open(viaLsp[file]);
      const actions = (await client.conn.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: uriOf(viaLsp[file]) },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll.kepStudio'] },
      })) as CodeAction[];
      assert.equal(actions.length, 1, file);
      const fixed = client.applyEdit(actions[0]!.edit!).get(viaLsp[file]);
      assert.equal(fixed, fs.readFileSync(viaCli[file], 'utf8'), file);
    }
  } finally {
    await client.stop();
    viaCli.repo.dispose();
    viaLsp.repo.dispose();
  }
});

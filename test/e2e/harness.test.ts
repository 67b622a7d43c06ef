// Checks the harness itself, so a failing feature test is not a broken harness in disguise:
// the settings point KEP Studio at the GitHub stand-in, the test authentication provider hands
// out its session without a consent dialog, and the stand-in accepts that token.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { TEST_ACCOUNT, TEST_AUTH_PROVIDER_ID, apiRequests, assertAllRequestsValid, e2eContext, stubReset } from './helpers.js';

suite('harness', () => {
  setup(stubReset);

  test('KEP Studio’s GitHub settings, sign-in and the stand-in fit together', async () => {
    const ctx = e2eContext();
    const github = vscode.workspace.getConfiguration('kepStudio.github');
    assert.equal(github.get('apiUrl'), ctx.githubUrl);
    assert.equal(github.get('webUrl'), ctx.githubUrl);
    assert.equal(github.get('authenticationProvider'), TEST_AUTH_PROVIDER_ID);

    // What KEP Studio asks for (client/src/github.ts): with createIfNone, no dialog may be needed.
    const session = await vscode.authentication.getSession(TEST_AUTH_PROVIDER_ID, ['repo'], { createIfNone: true });
    assert.equal(session.account.label, TEST_ACCOUNT);
    assert.equal(session.accessToken, ctx.githubToken);

    const res = await fetch(`${ctx.githubUrl}/user`, { headers: { authorization: `token ${session.accessToken}` } });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { login: string }).login, TEST_ACCOUNT);
    assert.deepEqual((await apiRequests()).map((r) => r.operationId), ['users/get-authenticated']);
    await assertAllRequestsValid();
  });
});

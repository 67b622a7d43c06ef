// The authentication provider the e2e tests give KEP Studio in place of GitHub's:
// the workspace settings written by scripts/e2e/run.mjs say
// "kepStudio.github.authenticationProvider": "kep-studio-e2e".
import * as vscode from 'vscode';

export const TEST_AUTH_PROVIDER_ID = 'kep-studio-e2e';
export const TEST_ACCOUNT = 'kep-author';

/**
 * Signed in by default, with one session (fixed token, account `kep-author`). Tests can sign it
 * out (`setSignedIn(false)`) to exercise the paths without a token.
 *
 * Note: VS Code refuses to show dialogs during extension tests, so `getSession(…,
 * {createIfNone: true})` while signed out fails with "DialogService: refused to show dialog in
 * tests" instead of asking the user; the driver marks KEP Studio as trusted for this provider
 * (product `trustedExtensionAuthAccess`), so while signed in it gets the session without a prompt.
 */
export class TestAuthProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changes.event;
  private signedIn = true;
  /** Every getSessions/createSession/removeSession call, for assertions. */
  readonly calls: { method: 'getSessions' | 'createSession' | 'removeSession'; scopes?: readonly string[] }[] = [];
  private lastScopes: readonly string[] = [];

  constructor(readonly token: string) {}

  private session(scopes: readonly string[]): vscode.AuthenticationSession {
    return { id: 'kep-studio-e2e-session', accessToken: this.token, account: { id: TEST_ACCOUNT, label: TEST_ACCOUNT }, scopes };
  }

  async getSessions(scopes?: readonly string[]): Promise<vscode.AuthenticationSession[]> {
    this.calls.push({ method: 'getSessions', scopes });
    if (scopes) this.lastScopes = scopes;
    return this.signedIn ? [this.session(scopes ?? this.lastScopes)] : [];
  }

  async createSession(scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
    this.calls.push({ method: 'createSession', scopes });
    this.signedIn = true;
    const s = this.session(scopes);
    this.changes.fire({ added: [s], removed: [], changed: [] });
    return s;
  }

  async removeSession(): Promise<void> {
    this.calls.push({ method: 'removeSession' });
    this.setSignedIn(false);
  }

  setSignedIn(value: boolean): void {
    if (value === this.signedIn) return;
    this.signedIn = value;
    const s = this.session(this.lastScopes);
    this.changes.fire(value ? { added: [s], removed: [], changed: [] } : { added: [], removed: [s], changed: [] });
  }

  dispose(): void {
    this.changes.dispose();
  }
}

let provider: TestAuthProvider | undefined;

/** Registers the provider (once); index.ts does it before any test runs. */
export function registerTestAuthProvider(token: string): TestAuthProvider {
  if (provider) return provider;
  provider = new TestAuthProvider(token);
  vscode.authentication.registerAuthenticationProvider(TEST_AUTH_PROVIDER_ID, 'KEP Studio E2E', provider, { supportsMultipleAccounts: false });
  return provider;
}

/** The registered provider (tests use it to sign out, or to see what KEP Studio asked for). */
export function testAuthProvider(): TestAuthProvider {
  if (!provider) throw new Error('the test authentication provider is not registered (index.ts registers it)');
  return provider;
}

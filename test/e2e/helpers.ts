// Helpers for the end-to-end tests, which run inside VS Code's extension host (see index.ts).
// Never sleep: wait for the event that says the thing happened, with a timeout.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StubRequest, StubState } from '../../scripts/e2e/githubStub.mjs';
import pkg from '../../package.json' with { type: 'json' };

export type { StubRequest, StubState } from '../../scripts/e2e/githubStub.mjs';
export { testAuthProvider, TEST_ACCOUNT, TEST_AUTH_PROVIDER_ID } from './auth.js';

/** What the driver (scripts/e2e/run.mjs or electron.mjs) prepared; read from $KEP_STUDIO_E2E_CONTEXT. */
export interface E2EContext {
  /** The project (the extension under test). */
  projectRoot: string;
  /** The throw-away fixture workspace opened in VS Code: a git repository on `main`. */
  workspace: string;
  /** The bare repository that is the workspace's `origin` remote. */
  origin: string;
  /** The temp folder holding all of the above (removed after the run). */
  tmpDir: string;
  /** The GitHub stand-in (scripts/e2e/githubStub.mjs): kepStudio.github.apiUrl and webUrl. */
  githubUrl: string;
  /** The token of the test authentication provider's session; the stand-in accepts only it. */
  githubToken: string;
  githubLogin: string;
  authProviderId: string;
  /** Where index.ts writes {"passed","failed"} for the driver. */
  resultFile: string;
  /** Only run tests whose full title matches (`npm run test:e2e -- --grep <pattern>`). */
  grep?: string;
  /**
   * `code-server` (scripts/e2e/run.mjs: KEP Studio is trusted for the test provider, so
   * getSession(createIfNone) needs no dialog) or `electron` (scripts/e2e/electron.mjs: it is not).
   */
  runner: 'code-server' | 'electron';
}

let context: E2EContext | undefined;

export function e2eContext(): E2EContext {
  if (context) return context;
  const file = process.env.KEP_STUDIO_E2E_CONTEXT;
  if (!file) throw new Error('KEP_STUDIO_E2E_CONTEXT is not set: run the e2e tests with `npm run test:e2e` (scripts/e2e/run.mjs)');
  context = JSON.parse(fs.readFileSync(file, 'utf8')) as E2EContext;
  return context;
}

/** The extension's id, `publisher.name` from package.json. */
export const extensionId = `${pkg.publisher}.${pkg.name}`;

/** Activates KEP Studio (if the workspace did not already) and asserts that it is active. */
export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const ext = vscode.extensions.getExtension(extensionId);
  assert.ok(ext, `extension ${extensionId} is not loaded (is dist/extension.cjs built, and engines.vscode satisfied by VS Code ${vscode.version}?)`);
  await ext.activate();
  assert.ok(ext.isActive, `extension ${extensionId} did not activate`);
  return ext;
}

/** Absolute path of a file of the fixture workspace (`rel` relative to its root). */
export function fixturePath(rel: string): string {
  return path.join(e2eContext().workspace, rel);
}

export function fixtureUri(rel: string): vscode.Uri {
  return vscode.Uri.file(fixturePath(rel));
}

/** Opens a fixture file in an editor. */
export async function openFixture(rel: string, options: vscode.TextDocumentShowOptions = {}): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fixtureUri(rel));
  return vscode.window.showTextDocument(doc, { preview: false, ...options });
}

/** The code of a diagnostic as a string (`prr/file-missing`), whether or not it carries a link. */
export function diagnosticCode(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

/**
 * Resolves with an event's first value that satisfies `predicate`; rejects after `timeoutMs`
 * with `describe()` in the message. `check` runs first (after subscribing, so nothing is missed)
 * and resolves at once when the state already holds.
 */
export function waitForEvent<T, R>(
  event: vscode.Event<T>,
  check: (value: T | undefined) => R | undefined,
  options: { timeoutMs?: number; what: string; describe?: () => string },
): Promise<R> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return new Promise<R>((resolve, reject) => {
    let done = false;
    const finish = (fn: () => void): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sub.dispose();
      fn();
    };
    const sub = event((value) => {
      try {
        const r = check(value);
        if (r !== undefined) finish(() => resolve(r));
      } catch (e) {
        finish(() => reject(e));
      }
    });
    const timer = setTimeout(
      () => finish(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${options.what}${options.describe ? `; ${options.describe()}` : ''}`))),
      timeoutMs,
    );
    try {
      const r = check(undefined);
      if (r !== undefined) finish(() => resolve(r));
    } catch (e) {
      finish(() => reject(e));
    }
  });
}

/**
 * Waits until the diagnostics of `uri` satisfy `predicate` (default: there is at least one),
 * listening to `vscode.languages.onDidChangeDiagnostics`; resolves with them.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: vscode.Diagnostic[]) => boolean = (d) => d.length > 0,
  timeoutMs = 30_000,
): Promise<vscode.Diagnostic[]> {
  const key = uri.toString();
  return waitForEvent(
    vscode.languages.onDidChangeDiagnostics,
    (e) => {
      if (e && !e.uris.some((u) => u.toString() === key)) return undefined;
      const diagnostics = vscode.languages.getDiagnostics(uri);
      return predicate(diagnostics) ? diagnostics : undefined;
    },
    {
      timeoutMs,
      what: `diagnostics of ${vscode.workspace.asRelativePath(uri)}`,
      describe: () => `it has ${formatDiagnostics(vscode.languages.getDiagnostics(uri)) || 'none'}`,
    },
  );
}

/** `15:8 error prr/file-missing, …` (1-based lines), for assertion messages. */
export function formatDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  const sev = ['error', 'warning', 'information', 'hint'];
  return diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${sev[d.severity]} ${diagnosticCode(d) ?? '?'}`).join(', ');
}

// ----- the GitHub stand-in -----

async function stub<T>(method: 'GET' | 'POST', p: string, body?: unknown): Promise<T> {
  const res = await fetch(`${e2eContext().githubUrl}${p}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`GitHub stand-in ${method} ${p}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Every request the stand-in received, oldest first, with its OpenAPI validation result. */
export function stubRequests(): Promise<StubRequest[]> {
  return stub('GET', '/__stub/requests');
}

/** The REST calls (optionally of one operation, e.g. `issues/create`) the stand-in received. */
export async function apiRequests(operationId?: string): Promise<StubRequest[]> {
  return (await stubRequests()).filter((r) => r.kind === 'api' && (!operationId || r.operationId === operationId));
}

/** Fails when any REST call the stand-in received was rejected (unknown endpoint, schema, token). */
export async function assertAllRequestsValid(): Promise<void> {
  const bad = (await apiRequests()).filter((r) => !r.valid || !r.implemented);
  assert.deepEqual(bad.map((r) => `${r.method} ${r.path}: ${r.errors.join('; ')}`), [], 'requests GitHub would reject');
}

/** Issues and pull requests created so far. */
export function stubState(): Promise<StubState> {
  return stub('GET', '/__stub/state');
}

/** Forgets recorded requests, created issues and injected failures (call in `setup`). */
export async function stubReset(): Promise<void> {
  await stub('POST', '/__stub/reset');
}

/** Creates issues directly in the stand-in (e.g. an existing tracking issue). */
export function stubSeed(issues: { repo?: string; number?: number; title: string; body?: string; labels?: string[]; state?: 'open' | 'closed' }[]): Promise<unknown[]> {
  return stub('POST', '/__stub/seed', { issues });
}

/** Makes the next matching valid request fail with `status` (e.g. 403), `times` times (1). */
export async function stubFail(failure: { operationId?: string; path?: string; method?: string; status: number; message?: string; times?: number }): Promise<void> {
  await stub('POST', '/__stub/fail', failure);
}

/**
 * The code actions VS Code gathers from every provider for a range. VS Code cancels such a
 * request when the document or its markers change under it (it throws "Canceled" or answers
 * nothing); its light bulb then asks again, and so do we: a bounded retry, never a delay.
 */
export async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string, wanted: (actions: vscode.CodeAction[]) => boolean = () => true): Promise<vscode.CodeAction[]> {
  let actions: vscode.CodeAction[] = [];
  for (let attempt = 1; attempt <= 5; attempt++) {
    try {
      actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind);
    } catch (err) {
      if (!/Canceled/.test(String(err)) || attempt === 5) throw err;
      continue;
    }
    if (wanted(actions)) break;
  }
  return actions;
}

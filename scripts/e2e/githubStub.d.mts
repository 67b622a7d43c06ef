// Types of githubStub.mjs, for the TypeScript tests that start it or read what it recorded.
import type { Server } from 'node:http';

/** One request the stand-in received (GET /__stub/requests returns them all, oldest first). */
export interface StubRequest {
  id: number;
  time: string;
  /** `api` for REST calls, `web` for pages of the web UI (the new-issue form…). */
  kind: 'api' | 'web';
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  body: unknown;
  /** The matched OpenAPI operation (`issues/create`…), null when none matched. */
  operationId: string | null;
  template?: string;
  pathParams: Record<string, string>;
  /** The authorization scheme sent (`token`, `bearer`), null when the header was missing. */
  authorization: string | null;
  userAgent: string | null;
  /** The request matched an operation, passed its OpenAPI schemas and was authorized. */
  valid: boolean;
  /** The stand-in implements the operation (otherwise it answered 501). */
  implemented: boolean;
  /** Why the request was rejected (empty when valid). */
  errors: string[];
  status: number;
  /** Where the stand-in's own response breaks the operation's response schema (a stand-in bug). */
  responseErrors: string[];
  /** The response came from POST /__stub/fail. */
  injected?: boolean;
}

export interface StubIssue {
  repo: string;
  number: number;
  title: string;
  body: string | null;
  state: string;
  labels: string[];
  assignees: string[];
  user: string;
  html_url: string;
}

export interface StubPull extends StubIssue {
  head: string;
  base: string;
  draft: boolean;
}

/** GET /__stub/state */
export interface StubState {
  url: string;
  webUrl: string;
  login: string;
  issues: StubIssue[];
  pulls: StubPull[];
  pendingFailures: unknown[];
}

export interface StubOptions {
  host?: string;
  port?: number;
  /** When set, the only token accepted. */
  token?: string;
  /** The authenticated user (default `kep-author`). */
  login?: string;
  /** Base of html_url values (default: the stand-in's own URL). */
  webUrl?: string;
  /** Issues and pull requests are numbered from firstNumber + 1 (default 6000). */
  firstNumber?: number;
  log?: (line: string) => void;
}

export interface GitHubStub {
  url: string;
  port: number;
  server: Server;
  readonly requests: StubRequest[];
  state(): StubState;
  reset(): void;
  close(): Promise<void>;
}

export function startGitHubStub(options?: StubOptions): Promise<GitHubStub>;
export function openApiPath(): string;
export function loadSpec(): unknown;

import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { Failure } from '../../server/src/lsp/protocol.js';

/**
 * The files the language server reads: KEP metadata, PRR approvals, OWNERS, the configuration,
 * and markdown and reStructuredText (the server checks those it recognises as proposals), with
 * untitled markdown for issue drafts.
 */
const DOCUMENT_SELECTOR = [
  { scheme: 'file', pattern: '**/kep.yaml' },
  { scheme: 'file', pattern: '**/keps/prod-readiness/**/*.yaml' },
  { scheme: 'file', pattern: '**/OWNERS' },
  { scheme: 'file', pattern: '**/OWNERS_ALIASES' },
  { scheme: 'file', pattern: '**/.kep-studio.yaml' },
  { scheme: 'file', language: 'markdown' },
  { scheme: 'file', pattern: '**/*.rst' },
  { scheme: 'untitled', language: 'markdown' },
];

/** Starts the language server (dist/server.cjs, the same file `node dist/server.cjs --stdio` runs) over IPC. */
export function startClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath('dist/server.cjs');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    // Rule pages open from the extension's own copy: they work offline.
    initializationOptions: { docsBaseUrl: vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules').toString(), trusted: vscode.workspace.isTrusted },
    outputChannelName: 'KEP Studio',
  };
  return new LanguageClient('kepStudio', 'KEP Studio', serverOptions, clientOptions);
}

/** Sends one of KEP Studio's requests; a Failure becomes an Error with the server's message. */
export async function request<R>(client: LanguageClient, method: string, params: unknown): Promise<R> {
  const result = await client.sendRequest<R | Failure>(method, params);
  if (result && typeof result === 'object' && 'error' in result) throw new Error((result as Failure).error);
  return result as R;
}

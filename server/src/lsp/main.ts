/**
 * The KEP Studio language server: `node dist/server.cjs --stdio` (or `--node-ipc`, as the VS Code
 * extension starts it).
 */
import { createConnection, LSPErrorCodes, ProposedFeatures, type ConnectionStrategy } from 'vscode-languageserver/node';
import { startServer } from './server.js';

/**
 * A request the editor cancels while it still waits in the queue (behind a burst of edits, say)
 * is answered RequestCancelled at once and never run; handlers themselves are short and run to
 * the end, and checking runs apart from requests (see Checker). vscode-jsonrpc asks this only
 * for requests, and sets the response's id itself.
 */
const strategy: ConnectionStrategy = {
  cancelUndispatched: () => ({ jsonrpc: '2.0', id: null, error: { code: LSPErrorCodes.RequestCancelled, message: 'The request was cancelled before it ran.' } }),
};

/** Input arriving on the transport createConnection picked: the checker waits while it comes. */
const onInput = (listener: () => void): void => {
  if (process.argv.includes('--stdio')) process.stdin.on('data', listener);
  else if (process.argv.includes('--node-ipc')) process.on('message', listener);
};

startServer(createConnection(ProposedFeatures.all, strategy), onInput);

/**
 * The KEP Studio language server: `node dist/server.cjs --stdio` (or `--node-ipc`, as the VS Code
 * extension starts it).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server.js';

startServer(createConnection(ProposedFeatures.all));

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type DataCallback,
  type Disposable,
  type Message,
  type Diagnostic,
  type FileChangeType,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { repoRoot } from './paths.js';

const SERVER = path.join(repoRoot, 'dist/server.cjs');

/** Hands every message the server sends to `tap` first, in the order they arrive. */
class TappedReader extends StreamMessageReader {
  constructor(
    readable: NodeJS.ReadableStream,
    private readonly tap: (message: Message) => void,
  ) {
    super(readable);
  }

  override listen(callback: DataCallback): Disposable {
    return super.listen((message) => {
      this.tap(message);
      callback(message);
    });
  }
}
const TIMEOUT_MS = 15_000;

export const uriOf = (p: string): string => pathToFileURL(p).href;

const CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeWatchedFiles: { dynamicRegistration: true },
    didChangeConfiguration: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
  },
  window: { workDoneProgress: true },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } }, isPreferredSupport: true },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
};

interface Waiter<T> {
  test: (x: T) => boolean;
  resolve: (x: T) => void;
}

/** A client speaking LSP to the built server over stdio, as an editor does. */
export class LspClient {
  /** Every message the server sent, in order. */
  readonly received: Message[] = [];
  readonly diagnostics: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  private readonly logWaiters: Array<Waiter<string>> = [];
  readonly progress: unknown[] = [];
  private readonly waiters: Array<Waiter<PublishDiagnosticsParams>> = [];
  private readonly progressWaiters: Array<Waiter<unknown>> = [];
  private readonly docs = new Map<string, TextDocument>();
  /** Answers to the requests `burst` sent, by id. */
  private readonly burstAnswers = new Map<string, (message: Message) => void>();
  settings: Record<string, unknown> = {};
  initializeResult!: InitializeResult;

  private constructor(
    readonly conn: ProtocolConnection,
    private readonly child: ChildProcess,
  ) {}

  static async start(folders: string[], settings: Record<string, unknown> = {}, initializationOptions: Record<string, unknown> = {}): Promise<LspClient> {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const reader = new TappedReader(child.stdout!, (m) => client.tapped(m));
    const conn = createProtocolConnection(reader, new StreamMessageWriter(child.stdin!));
    const client = new LspClient(conn, child);
    client.settings = settings;
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      client.diagnostics.push(p);
      for (const w of client.waiters.splice(0)) (w.test(p) ? w.resolve(p) : client.waiters.push(w));
    });
    conn.onNotification('window/logMessage', (m: { message: string }) => {
      client.logs.push(m.message);
      for (const w of client.logWaiters.splice(0)) (w.test(m.message) ? w.resolve(m.message) : client.logWaiters.push(w));
    });
    conn.onNotification('window/showMessage', (m: { message: string }) => void client.logs.push(`showMessage: ${m.message}`));
    conn.onRequest('window/showMessageRequest', (m: { message: string }) => {
      client.logs.push(`showMessageRequest: ${m.message}`);
      return null;
    });
    conn.onNotification('$/progress', (p: unknown) => {
      client.progress.push(p);
      for (const w of client.progressWaiters.splice(0)) (w.test(p) ? w.resolve(p) : client.progressWaiters.push(w));
    });
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => client.settings));
    conn.listen();
    client.initializeResult = await conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: folders[0] ? uriOf(folders[0]) : null,
      capabilities: CAPABILITIES,
      workspaceFolders: folders.map((f) => ({ uri: uriOf(f), name: path.basename(f) })),
      initializationOptions,
    });
    await conn.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** Resolves with the first publication (already received or future) that passes `test`. */
  waitForDiagnostics(test: (p: PublishDiagnosticsParams) => boolean, what = 'diagnostics'): Promise<PublishDiagnosticsParams> {
    const seen = this.diagnostics.find(test);
    if (seen) return Promise.resolve(seen);
    return withTimeout(new Promise((resolve) => this.waiters.push({ test, resolve })), `${what} (last: ${JSON.stringify(this.diagnostics.at(-1))?.slice(0, 300)})`);
  }

  /** The diagnostics published for a file's given version. */
  diagnosticsFor(file: string, version: number): Promise<Diagnostic[]> {
    const uri = uriOf(file);
    return this.waitForDiagnostics((p) => p.uri === uri && p.version === version, `diagnostics of ${file} v${version}`).then((p) => p.diagnostics);
  }

  waitForLog(pattern: RegExp): Promise<string> {
    const seen = this.logs.find((l) => pattern.test(l));
    if (seen) return Promise.resolve(seen);
    return withTimeout(new Promise((resolve) => this.logWaiters.push({ test: (l) => pattern.test(l), resolve })), `a log line matching ${pattern} (logs: ${this.logs.join(' | ')})`);
  }

  waitForProgress(test: (p: unknown) => boolean): Promise<unknown> {
    const seen = this.progress.find(test);
    if (seen) return Promise.resolve(seen);
    return withTimeout(new Promise((resolve) => this.progressWaiters.push({ test, resolve })), 'progress');
  }

  async open(file: string, text = fs.readFileSync(file, 'utf8')): Promise<Diagnostic[]> {
    const languageId = file.endsWith('.md') ? 'markdown' : file.endsWith('.rst') ? 'restructuredtext' : 'yaml';
    this.docs.set(file, TextDocument.create(uriOf(file), languageId, 1, text));
    await this.conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uriOf(file), languageId, version: 1, text } });
    return this.diagnosticsFor(file, 1);
  }

  text(file: string): string {
    return this.doc(file).getText();
  }

  version(file: string): number {
    return this.doc(file).version;
  }

  /** Replaces an open document's text; resolves with the diagnostics of the new version. */
  async change(file: string, text: string): Promise<Diagnostic[]> {
    const doc = this.doc(file);
    const version = doc.version + 1;
    TextDocument.update(doc, [{ text }], version);
    await this.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: uriOf(file), version }, contentChanges: [{ text }] });
    return this.diagnosticsFor(file, version);
  }

  private tapped(message: Message): void {
    this.received.push(message);
    const id = (message as { id?: unknown }).id;
    if (typeof id === 'string') this.burstAnswers.get(id)?.(message);
  }

  /**
   * Sends full-document changes of an open document, then optionally a request, in one write:
   * the server receives them together, as it does an editor's burst of edits. Resolves with the
   * versions the changes made; `answer` with the request's response message.
   */
  burst(file: string, texts: string[], request?: { method: string; params: unknown }): { versions: number[]; answer?: Promise<Message> } {
    const doc = this.doc(file);
    const frames: object[] = [];
    const versions = texts.map((text) => {
      const version = doc.version + 1;
      TextDocument.update(doc, [{ text }], version);
      frames.push({ jsonrpc: '2.0', method: DidChangeTextDocumentNotification.method, params: { textDocument: { uri: uriOf(file), version }, contentChanges: [{ text }] } });
      return version;
    });
    let answer: Promise<Message> | undefined;
    if (request) {
      const id = `burst-${this.burstAnswers.size + 1}`;
      answer = withTimeout(new Promise((resolve) => this.burstAnswers.set(id, resolve)), `the answer to ${request.method}`);
      frames.push({ jsonrpc: '2.0', id, ...request });
    }
    this.child.stdin!.write(Buffer.concat(frames.map((f) => {
      const body = Buffer.from(JSON.stringify(f), 'utf8');
      return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
    })));
    return { versions, ...(answer ? { answer } : {}) };
  }

  /** Records that an incremental change (sent by the caller) made `version`; the text is not tracked. */
  bumpVersion(file: string, version: number): void {
    const doc = this.doc(file);
    this.docs.set(file, TextDocument.create(doc.uri, doc.languageId, version, doc.getText()));
  }

  async close(file: string): Promise<void> {
    this.docs.delete(file);
    await this.conn.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: uriOf(file) } });
  }

  async filesChanged(changes: Array<{ file: string; type: FileChangeType }>): Promise<void> {
    await this.conn.sendNotification(DidChangeWatchedFilesNotification.type, { changes: changes.map((c) => ({ uri: uriOf(c.file), type: c.type })) });
  }

  /**
   * Applies a workspace edit as an editor would: text edits to open documents (returned, not yet
   * sent), and file creations, renames and edits of closed files on disk.
   */
  applyEdit(edit: WorkspaceEdit): Map<string, string> {
    const changed = new Map<string, string>();
    for (const change of edit.documentChanges ?? []) {
      if ('kind' in change) {
        if (change.kind === 'create') {
          // Editors create the missing parent folders too.
          fs.mkdirSync(path.dirname(fileOf(change.uri)), { recursive: true });
          fs.writeFileSync(fileOf(change.uri), '', { flag: 'wx' });
        }
        else if (change.kind === 'rename') fs.renameSync(fileOf(change.oldUri), fileOf(change.newUri));
        else fs.rmSync(fileOf(change.uri), { recursive: true });
        continue;
      }
      const file = fileOf(change.textDocument.uri);
      const open = this.docs.get(file);
      if (open && change.textDocument.version !== null && change.textDocument.version !== open.version) throw new Error(`edit for version ${change.textDocument.version} of ${file}, open at ${open.version}`);
      const before = changed.get(file) ?? (open ? open.getText() : fs.readFileSync(file, 'utf8'));
      const after = TextDocument.applyEdits(TextDocument.create(change.textDocument.uri, 'x', 0, before), change.edits.map((e) => ({ range: e.range, newText: 'newText' in e ? e.newText : e.snippet.value })));
      if (open) changed.set(file, after);
      else fs.writeFileSync(file, after);
    }
    return changed;
  }

  async stop(): Promise<void> {
    await this.conn.sendRequest(ShutdownRequest.type);
    await this.conn.sendNotification(ExitNotification.type);
    this.conn.dispose();
    await new Promise((r) => (this.child.exitCode !== null ? r(null) : this.child.once('exit', r)));
  }

  private doc(file: string): TextDocument {
    const d = this.docs.get(file);
    if (!d) throw new Error(`${file} is not open`);
    return d;
  }
}

function fileOf(uri: string): string {
  return new URL(uri).pathname;
}

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), TIMEOUT_MS);
    }),
  ]);
}

import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  SymbolKind,
  FileChangeType,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type CodeLens,
  type CompletionItem,
  type Connection,
  type Disposable,
  type DocumentLink,
  type DocumentSymbol,
  type Hover,
  type Location,
  type InitializeResult,
  type SymbolInformation,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import pkg from '../../../package.json' with { type: 'json' };
import { ruleDocUrl } from '../core/docs.js';
import { Engine, RULES } from '../engine.js';
import { completions } from '../features/completion.js';
import { hover } from '../features/hover.js';
import { definitions, documentLinks, documentSymbols } from '../features/navigation.js';
import { formatOf } from '../kinds/recognise.js';
import { discover } from '../workspace/discovery.js';
import { readinessLens } from '../features/codeLens.js';
import { references } from '../features/references.js';
import { workspaceSymbols } from '../features/workspaceSymbols.js';
import { Checker } from './checker.js';
import { FIX_ALL_KIND, fixAll, quickFixes, toDiagnostic, Uris } from './convert.js';
import { Notifications, Requests, type CachesResult } from './protocol.js';
import { registerRequests } from './requests.js';
import { toOverrides, type Settings } from './settings.js';

/** Files whose creation, deletion or change on disk matters to the checks. */
const WATCHED = ['**/keps/**', '**/OWNERS_ALIASES', '**/.kep-studio.yaml', '**/hack/.notableofcontents'];
/** With workspace problems, proposals anywhere matter too. */
const WATCHED_PROPOSALS = ['**/*.{md,markdown,rst}'];

/**
 * Wires the engine to an LSP connection. No rule logic here: see the engine under server/src.
 * `onInput` registers a listener for raw input as it arrives (before it is a whole message): the
 * checker waits while input keeps coming.
 */
export function startServer(connection: Connection, onInput?: (listener: () => void) => void): void {
  const documents = new TextDocuments(TextDocument);
  const engine = new Engine();
  const uris = new Uris();
  let folders: WorkspaceFolder[] = [];
  let docsBase: string | undefined;
  let canRegisterWatchers = false;
  let canPullConfiguration = false;
  let folderEvents = false;
  let lensRefresh = false;
  /** VS Code's workspace trust: kinds a repository defines are used only when trusted. */
  let trusted = true;
  /** kepStudio.problems = workspace: the watchers of proposals it registered (a promise while registering). */
  let workspaceProblems: Promise<Disposable | undefined> | undefined;

  const version = (p: string): number | null => documents.get(uris.toUri(p))?.version ?? null;
  const checker = new Checker(engine, {
    publish(file, problems) {
      const uri = uris.toUri(file);
      const doc = documents.get(uri);
      void connection.sendDiagnostics({ uri, ...(doc ? { version: doc.version } : {}), diagnostics: problems.map((p) => toDiagnostic(p, uris, (id) => ruleDocUrl(id, docsBase))) });
    },
    ruleFailed(problem) {
      connection.console.error(`${problem.path}: ${problem.message}`);
    },
  });

  onInput?.(() => checker.noteActivity());
  /** Runs a message handler, then tells the checker (which waits while messages keep coming). */
  const handling =
    <P, R>(fn: (params: P) => R) =>
    (params: P): R => {
      try {
        return fn(params);
      } finally {
        checker.noteActivity();
      }
    };

  /** Runs a request handler; an exception is logged and answered with `fallback`, never fatal. */
  const safely = <P, R>(what: string, fallback: R, fn: (params: P) => R) =>
    handling((params: P): R => {
      try {
        return fn(params);
      } catch (err) {
        connection.console.error(`${what} failed: ${(err as Error).stack ?? String(err)}`);
        return fallback;
      }
    });

  /** A request about a document: a URI that names no file (`bogus:x`, an empty one) gets `fallback`, quietly. */
  const aboutFile = <P extends { textDocument: { uri: string } }, R>(what: string, fallback: R, fn: (file: string, params: P) => R) =>
    safely(what, fallback, (params: P): R => {
      const file = uris.toPath(params.textDocument.uri);
      return file === undefined ? fallback : fn(file, params);
    });

  connection.onInitialize((params): InitializeResult => {
    folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    const options = params.initializationOptions as { docsBaseUrl?: string; trusted?: boolean } | undefined;
    docsBase = options?.docsBaseUrl;
    trusted = options?.trusted !== false;
    // Before any document is checked: the settings come later.
    engine.setOverrides({ trusted });
    canRegisterWatchers = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    folderEvents = params.capabilities.workspace?.workspaceFolders === true;
    lensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    return {
      serverInfo: { name: 'kep-studio', version: pkg.version },
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        // `#` starts a heading in markdown; the others start YAML values (handles, quotes, list items).
        completionProvider: { triggerCharacters: ['#', '"', '@', '-', ':', ' ', '/'] },
        hoverProvider: true,
        definitionProvider: true,
        documentLinkProvider: { resolveProvider: false },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        referencesProvider: true,
        codeLensProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
    };
  });

  connection.onInitialized(async () => {
    if (canRegisterWatchers) {
      await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED.map((globPattern) => ({ globPattern })) });
    }
    if (canPullConfiguration) await connection.client.register(DidChangeConfigurationNotification.type, { section: 'kepStudio' });
    if (folderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        folders = [...folders.filter((f) => !e.removed.some((r) => r.uri === f.uri)), ...e.added];
        if (workspaceProblems) checker.setWorkspace(workspaceUnits);
        void index(e.added);
      });
    }
    await applySettings();
    await index(folders);
  });

  /** Reads every KEP's metadata once, so cross-KEP checks and completion know the repository. */
  async function index(added: WorkspaceFolder[]): Promise<void> {
    const started = performance.now();
    const roots = added.flatMap((f) => {
      const folder = uris.toPath(f.uri);
      return folder === undefined ? [] : engine.findRepositories(folder);
    });
    const repos = roots.map((r) => engine.repository(r));
    const total = repos.reduce((n, r) => n + r.layout.keps.length, 0);
    const progress = await connection.window.createWorkDoneProgress();
    progress.begin('KEP Studio', 0, `indexing ${total} KEPs`, false);
    let done = 0;
    for (const repo of repos) {
      for (const loc of repo.layout.keps) {
        repo.kep(loc);
        if (++done % 50 === 0) {
          progress.report(Math.round((100 * done) / total), `${done}/${total} KEPs`);
          // Let requests and edits in between.
          await new Promise((r) => setImmediate(r));
        }
      }
    }
    progress.done();
    connection.console.info(`Indexed ${done} KEPs in ${roots.length} repositories in ${Math.round(performance.now() - started)} ms.`);
    checker.recheckAll();
  }

  async function applySettings(): Promise<void> {
    const settings = canPullConfiguration ? ((await connection.workspace.getConfiguration('kepStudio')) as Settings | null) : null;
    const { overrides, problems } = toOverrides(settings, engine, RULES, folders[0] ? uris.toPath(folders[0].uri) : undefined);
    // A notification: there is nothing to answer, and a client that cannot answer requests loses nothing.
    for (const message of problems) void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
    engine.setOverrides({ ...overrides, trusted });
    await setProblemsScope(settings?.problems === 'workspace');
    checker.recheckAll();
  }

  /** The units of every KEP and proposal in the workspace folders, found as `kep-studio check <folders>` finds them. */
  const workspaceUnits = () => discover(engine, folders.flatMap((f) => uris.toPath(f.uri) ?? [])).units;

  /** kepStudio.problems: `workspace` checks and publishes everything; `openFiles` costs nothing more. */
  async function setProblemsScope(workspace: boolean): Promise<void> {
    if (workspace === (workspaceProblems !== undefined)) return;
    if (workspace) {
      workspaceProblems = canRegisterWatchers
        ? connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_PROPOSALS.map((globPattern) => ({ globPattern })) }).catch((err: unknown) => {
            connection.console.error(`Could not watch proposals: ${err instanceof Error ? err.message : String(err)}`);
            return undefined;
          })
        : Promise.resolve(undefined);
      checker.setWorkspace(workspaceUnits);
    } else {
      const registered = workspaceProblems;
      workspaceProblems = undefined;
      checker.setWorkspace(undefined);
      (await registered)?.dispose();
    }
  }

  // Settings the client cannot give (it is shutting down, say) leave the previous ones in force.
  const reapplySettings = (): void => {
    applySettings().catch((err: unknown) => connection.console.error(`Could not read the settings: ${err instanceof Error ? err.message : String(err)}`));
  };
  connection.onDidChangeConfiguration(handling(reapplySettings));
  connection.onNotification(
    Notifications.trusted,
    handling(() => {
      trusted = true;
      reapplySettings();
    }),
  );

  // Documents that are not files or untitled drafts (another scheme) are not checked.
  documents.onDidOpen(
    handling((e) => {
      const p = uris.remember(e.document.uri);
      if (p === undefined) return;
      engine.sources.openDocument(p, e.document.getText(), e.document.version);
      checker.opened(p);
    }),
  );
  documents.onDidChangeContent(
    handling((e) => {
      const p = uris.toPath(e.document.uri);
      if (p === undefined) return;
      engine.sources.openDocument(p, e.document.getText(), e.document.version);
      checker.changed(p);
    }),
  );
  documents.onDidClose(
    handling((e) => {
      const p = uris.toPath(e.document.uri);
      if (p === undefined) return;
      engine.sources.closeDocument(p);
      checker.closed(p);
      // Checks that read the unsaved text now read the disk.
      checker.changed(p);
      uris.forget(p);
    }),
  );

  // A kep.yaml's readiness lens reads other files (PRR file, README): changes on disk refresh it.
  const refreshLenses = (): void => {
    if (lensRefresh) connection.sendRequest(CodeLensRefreshRequest.type).catch((err: unknown) => connection.console.error(`Code lens refresh failed: ${String(err)}`));
  };

  connection.onDidChangeWatchedFiles(handling((params) => {
    for (const change of params.changes) {
      const p = uris.toPath(change.uri);
      if (p === undefined) continue;
      if (change.type === FileChangeType.Changed) {
        // An open document's unsaved text stays what checks read.
        if (!documents.get(change.uri)) checker.changed(p);
      } else if (workspaceProblems && formatOf(p) && !p.startsWith(engine.repositoryFor(p).kepsDir + path.sep)) {
        // A proposal came or went (the workspace watcher): no KEP repository's layout changed.
        checker.changed(p);
      } else checker.layoutChanged(p);
    }
    // The changes are taken in: the KEPs view and the code lenses ask again.
    void connection.sendNotification(Notifications.kepsChanged);
    refreshLenses();
  }));

  connection.onCodeAction(
    aboutFile('code actions', [] as CodeAction[], (file, params) => {
      const only = params.context.only;
      const actions: CodeAction[] = [];
      if (!only || only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k))) {
        for (const d of params.context.diagnostics) if (d.source === 'kep-studio') actions.push(...quickFixes(d, uris, version));
      }
      if (only?.some((k) => FIX_ALL_KIND.startsWith(k) && k !== '')) {
        const all = fixAll(checker.currentProblemsOf(file), uris, version);
        if (all) actions.push(all);
      }
      return actions;
    }),
  );

  connection.onCompletion(aboutFile('completion', [] as CompletionItem[], (file, params) => completions(engine, file, params.position)));
  connection.onHover(aboutFile('hover', null as Hover | null, (file, params) => hover(engine, file, params.position) ?? null));
  connection.onDefinition(
    aboutFile('definition', [] as Location[], (file, params) => definitions(engine, file, params.position).map((l) => ({ uri: uris.toUri(l.path), range: l.range }))),
  );
  connection.onDocumentLinks(
    aboutFile('document links', [] as DocumentLink[], (file) =>
      documentLinks(engine, file).map((l) => ({
        range: l.range,
        target: 'url' in l.target ? l.target.url : l.target.range ? `${uris.toUri(l.target.path)}#L${l.target.range.start.line + 1}` : uris.toUri(l.target.path),
        ...(l.tooltip ? { tooltip: l.tooltip } : {}),
      })),
    ),
  );
  connection.onDocumentSymbol(aboutFile('document symbols', [] as DocumentSymbol[], (file) => documentSymbols(engine, file)));

  const folderPaths = (): string[] => folders.flatMap((f) => uris.toPath(f.uri) ?? []);
  connection.onWorkspaceSymbol(
    safely('workspace symbols', [] as SymbolInformation[], (params) =>
      workspaceSymbols(engine, folderPaths(), params.query).map((s) => ({ name: s.name, kind: SymbolKind.File, location: { uri: uris.toUri(s.path), range: s.range }, ...(s.containerName ? { containerName: s.containerName } : {}) })),
    ),
  );
  connection.onReferences(
    aboutFile('references', [] as Location[], (file, params) => references(engine, file, params.position, params.context.includeDeclaration).map((l) => ({ uri: uris.toUri(l.path), range: l.range }))),
  );
  // The lens opens the client's checklist view (kepStudio.showChecklist) on the KEP.
  connection.onCodeLens(
    aboutFile('code lens', [] as CodeLens[], (file, params) => {
      const lens = readinessLens(engine, file);
      return lens ? [{ range: lens.range, command: { title: lens.title, command: 'kepStudio.showChecklist', arguments: [params.textDocument.uri] } }] : [];
    }),
  );

  registerRequests(connection, engine, uris, version, (id) => ruleDocUrl(id, docsBase), folderPaths, handling);
  connection.onRequest(
    Requests.caches,
    handling((): CachesResult => ({ ...engine.cacheSizes(), ...checker.sizes(), uris: uris.size })),
  );

  documents.listen(connection);
  connection.listen();
}

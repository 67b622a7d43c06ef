import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Notifications, Requests, type KepsResult, type KepSummary, type ReportResult } from '../../server/src/lsp/protocol.js';
import { signedInLogin } from './github.js';
import { request } from './server.js';

/** A node of the KEPs view (exported for tests). */
export type KepsNode =
  | { kind: 'sig'; group: KepsResult['groups'][number] }
  | { kind: 'status'; sig: string; group: KepsResult['groups'][number]['statuses'][number] }
  | { kind: 'kep'; kep: KepSummary };

/** What the view shows: KEPs of a person (author, reviewer, approver, PRR approver), a SIG, a release, not ready ones. */
interface KepFilters {
  mine?: string;
  sig?: string;
  release?: string;
  notReady?: boolean;
}

/** `kepStudio.filterKeps` arguments: a field set to null clears that filter. */
export type FilterArgs = { [K in keyof KepFilters]?: KepFilters[K] | null };

const HANDLE_KEY = 'kepStudio.githubHandle';

/**
 * The "KEPs" view: every KEP of the workspace's repositories by owning SIG, then status, each
 * with its number, title, stage and milestone, and its readiness for the release in progress
 * (or the release filtered on), as the server computes it for the Proposal Checklist.
 */
export class KepsView implements vscode.TreeDataProvider<KepsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<KepsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<KepsNode>;
  private readonly disposables: vscode.Disposable[] = [];
  private result: KepsResult | null = null;
  private loading: Promise<KepsResult | null> | undefined;
  private filters: KepFilters = {};
  private stale = false;

  constructor(
    private readonly client: LanguageClient,
    private readonly state: vscode.Memento,
  ) {
    this.view = vscode.window.createTreeView('kepStudio.keps', { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.changed,
      // KEP files changed on disk (saves too) and the server has read them: the view follows.
      client.onNotification(Notifications.kepsChanged, () => this.schedule()),
      this.view.onDidChangeVisibility((e) => {
        if (e.visible && this.stale) void this.refresh();
      }),
    );
  }

  /** What the view shows now (for tests and commands). */
  get current(): { result: KepsResult | null; filters: KepFilters } {
    return { result: this.result, filters: { ...this.filters } };
  }

  /** Asks the server again; resolves with what the view then shows. */
  refresh(): Promise<KepsResult | null> {
    this.stale = false;
    const load = this.load();
    this.loading = load;
    return load;
  }

  /** Changes the filters (null clears one) and refreshes. */
  async setFilters(args: FilterArgs): Promise<KepsResult | null> {
    const next: KepFilters = { ...this.filters };
    for (const key of ['mine', 'sig', 'release', 'notReady'] as const) {
      if (!(key in args)) continue;
      const value = args[key];
      if (value === null || value === undefined || value === '' || value === false) delete next[key];
      else (next as Record<string, unknown>)[key] = value;
    }
    if (next.mine) await this.state.update(HANDLE_KEY, next.mine);
    this.filters = next;
    await vscode.commands.executeCommand('setContext', 'kepStudio.kepsFiltered', Object.keys(next).length > 0);
    return this.refresh();
  }

  /** The filter command without arguments: which filter, then its value. */
  async pickFilter(): Promise<KepsResult | null> {
    const f = this.filters;
    const choice = await vscode.window.showQuickPick(
      [
        { id: 'mine', label: '$(person) My KEPs…', description: f.mine ? `@${f.mine}` : 'as author, reviewer, approver or PRR approver' },
        { id: 'sig', label: '$(organization) SIG…', description: f.sig },
        { id: 'release', label: '$(milestone) Release…', description: f.release ?? 'KEPs that target a release' },
        { id: 'notReady', label: f.notReady ? '$(check) Not ready' : '$(circle-large-outline) Not ready', description: `not ready for ${f.release ?? this.result?.release ?? 'the release in progress'}` },
        { id: 'clear', label: '$(clear-all) Clear filters' },
      ],
      { title: 'Filter KEPs' },
    );
    switch (choice?.id) {
      case 'mine': {
        const handle = await vscode.window.showInputBox({
          title: 'My KEPs',
          prompt: 'Your GitHub handle (empty: everyone’s KEPs)',
          value: f.mine ?? this.state.get<string>(HANDLE_KEY) ?? (await signedInLogin()) ?? '',
        });
        return handle === undefined ? this.result : this.setFilters({ mine: handle.trim().replace(/^@/, '') || null });
      }
      case 'sig': {
        const any = '$(clear-all) Any SIG';
        const sig = await vscode.window.showQuickPick([any, ...(this.result?.sigs ?? [])], { title: 'KEPs of a SIG' });
        return sig === undefined ? this.result : this.setFilters({ sig: sig === any ? null : sig });
      }
      case 'release': {
        const any = '$(clear-all) Any release';
        const release = await vscode.window.showQuickPick([any, ...(this.result?.releases ?? [])], { title: 'KEPs that target a release' });
        return release === undefined ? this.result : this.setFilters({ release: release === any ? null : release });
      }
      case 'notReady':
        return this.setFilters({ notReady: !f.notReady });
      case 'clear':
        return this.setFilters({ mine: null, sig: null, release: null, notReady: null });
      default:
        return this.result;
    }
  }

  /** Opens the release readiness report (markdown) for the release and SIG filtered on. */
  async report(args: { release?: string; sigs?: string[] } = {}): Promise<vscode.TextDocument> {
    const release = args.release ?? this.filters.release;
    const sigs = args.sigs ?? (this.filters.sig ? [this.filters.sig] : undefined);
    const r = await request<ReportResult>(this.client, Requests.report, { ...(release ? { release } : {}), ...(sigs ? { sigs } : {}) });
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: r.markdown });
    await vscode.window.showTextDocument(doc, { preview: false });
    return doc;
  }

  getTreeItem(node: KepsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'sig': {
        const n = node.group.statuses.reduce((sum, s) => sum + s.keps.length, 0);
        const item = new vscode.TreeItem(node.group.sig || '(no owning SIG)', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `sig:${node.group.sig}`;
        item.description = `${n} KEP${n === 1 ? '' : 's'}`;
        item.iconPath = new vscode.ThemeIcon('organization');
        return item;
      }
      case 'status': {
        const item = new vscode.TreeItem(node.group.status || '(no status)', vscode.TreeItemCollapsibleState.Expanded);
        item.id = `status:${node.sig}:${node.group.status}`;
        item.description = String(node.group.keps.length);
        return item;
      }
      case 'kep': {
        const k = node.kep;
        const r = k.readiness;
        const item = new vscode.TreeItem(`${k.number ? `KEP-${k.number} ` : ''}${k.title ?? '(untitled)'}`);
        item.id = k.kepYaml;
        item.description = [k.stage ?? 'no stage', k.latestMilestone ?? 'no milestone', r ? (r.open.length ? `${r.open.length} open` : 'ready') : undefined].filter(Boolean).join(' · ');
        const tooltip = new vscode.MarkdownString();
        tooltip.appendText(`${k.title ?? '(untitled)'}\n\n`);
        if (r) {
          tooltip.appendText(r.open.length ? `${r.open.length} item${r.open.length === 1 ? '' : 's'} open for ${r.stage} in ${r.release}:\n\n` : `Ready for ${r.stage} in ${r.release}\n\n`);
          for (const label of r.open) tooltip.appendText(`- ${label}\n`);
        } else tooltip.appendText(this.result?.release ? `Not targeting ${this.result.release}` : 'No release in progress');
        item.tooltip = tooltip;
        item.iconPath = r
          ? r.open.length
            ? new vscode.ThemeIcon('circle-large-outline', new vscode.ThemeColor('list.warningForeground'))
            : new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'))
          : new vscode.ThemeIcon('circle-small', new vscode.ThemeColor('descriptionForeground'));
        item.contextValue = 'kep';
        item.command = { command: 'vscode.open', title: 'Open KEP', arguments: [vscode.Uri.parse(k.uri)] };
        return item;
      }
    }
  }

  async getChildren(node?: KepsNode): Promise<KepsNode[]> {
    if (!node) {
      const result = this.result ?? (await (this.loading ?? this.refresh()));
      return (result?.groups ?? []).map((group) => ({ kind: 'sig', group }));
    }
    if (node.kind === 'sig') return node.group.statuses.map((group) => ({ kind: 'status', sig: node.group.sig, group }));
    return node.kind === 'status' ? node.group.keps.map((kep) => ({ kind: 'kep', kep })) : [];
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private async load(): Promise<KepsResult | null> {
    const f = this.filters;
    const query = {
      ...(f.mine ? { involves: [f.mine] } : {}),
      ...(f.sig ? { sigs: [f.sig] } : {}),
      ...(f.release ? { release: f.release } : {}),
      ...(f.notReady ? { ready: false } : {}),
    };
    try {
      this.result = await request<KepsResult>(this.client, Requests.keps, { query });
    } catch (err) {
      this.result = null;
      void vscode.window.showWarningMessage(`KEP Studio: the KEPs could not be listed: ${(err as Error).message}`);
    }
    const shown = [f.release ?? this.result?.release, f.sig, f.mine && `@${f.mine}`, f.notReady && 'not ready'].filter(Boolean);
    this.view.description = shown.join(' · ') || undefined;
    this.view.message = this.result && !this.result.groups.length ? 'No KEP matches the filters.' : undefined;
    this.changed.fire(undefined);
    return this.result;
  }

  /** Refreshes now if the view is visible, else when it shows. */
  private schedule(): void {
    if (this.view.visible) void this.refresh();
    else this.stale = true;
  }
}

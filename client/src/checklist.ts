import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Requests, type ChecklistResult } from '../../server/src/lsp/protocol.js';
import { applyAndSave } from './edits.js';
import { request } from './server.js';

type Readiness = ChecklistResult['readiness'][number];
type Signoff = ChecklistResult['signoff'][number];

/** A node of the view (exported for tests and other extensions driving the view). */
export type ChecklistNode =
  | { kind: 'header'; result: ChecklistResult }
  | { kind: 'group'; id: 'readiness' | 'signoff'; result: ChecklistResult }
  | { kind: 'readiness'; item: Readiness }
  | { kind: 'signoff'; item: Signoff; index: number };

/**
 * The "KEP Checklist" view for the active proposal: the README's Release Signoff Checklist
 * (checkboxes that edit the README) and the readiness checks the server computes for the stage
 * the KEP targets (a click goes to the place; the inline action runs the fix).
 */
export class ChecklistView implements vscode.TreeDataProvider<ChecklistNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ChecklistNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private result: ChecklistResult | null = null;
  private uri: vscode.Uri | undefined;
  private readonly view: vscode.TreeView<ChecklistNode>;
  private readonly disposables: vscode.Disposable[] = [];
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly client: LanguageClient) {
    this.view = vscode.window.createTreeView('kepStudio.checklist', { treeDataProvider: this, showCollapseAll: false });
    this.disposables.push(
      this.view,
      this.changed,
      this.view.onDidChangeCheckboxState((e) => void this.toggle(e.items.map(([node]) => node))),
      vscode.window.onDidChangeActiveTextEditor(() => this.follow()),
      // Problems change as the user types: the checks follow (coalesced, they are recomputed whole).
      vscode.languages.onDidChangeDiagnostics(() => this.schedule()),
      vscode.workspace.onDidSaveTextDocument(() => this.schedule()),
    );
    this.follow();
  }

  /** The checklist currently shown (for tests and commands). */
  get current(): ChecklistResult | null {
    return this.result;
  }

  async refresh(): Promise<ChecklistResult | null> {
    if (!this.uri) return null;
    await this.load(this.uri);
    return this.result;
  }

  /** Shows the checklist of the KEP `uri` belongs to; a file outside any KEP leaves the view as it is. */
  async show(uri: vscode.Uri): Promise<ChecklistResult | null> {
    const previous = this.uri;
    this.uri = uri;
    if (!(await this.load(uri)) && previous && previous.toString() !== uri.toString()) {
      this.uri = previous;
      await this.load(previous);
    }
    return this.result;
  }

  private async load(uri: vscode.Uri): Promise<boolean> {
    try {
      this.result = await request<ChecklistResult | null>(this.client, Requests.checklist, { uri: uri.toString() });
    } catch (err) {
      this.result = null;
      void vscode.window.showWarningMessage(`KEP Studio: the checklist could not be computed: ${(err as Error).message}`);
    }
    this.view.description = this.result ? `${this.result.number ? `KEP-${this.result.number}` : 'new KEP'} · ${this.result.stage}` : undefined;
    this.changed.fire(undefined);
    return this.result !== null;
  }

  getTreeItem(node: ChecklistNode): vscode.TreeItem {
    switch (node.kind) {
      case 'header': {
        const r = node.result;
        const item = new vscode.TreeItem(r.title ?? 'Untitled KEP', vscode.TreeItemCollapsibleState.None);
        item.description = [r.status, r.release].filter(Boolean).join(' · ');
        item.iconPath = new vscode.ThemeIcon('book');
        item.command = { command: 'vscode.open', title: 'Open kep.yaml', arguments: [vscode.Uri.parse(r.kepUri)] };
        return item;
      }
      case 'group': {
        const items = node.id === 'readiness' ? node.result.readiness : node.result.signoff;
        const open = node.id === 'readiness' ? items.filter((i) => (i as Readiness).state === 'todo').length : items.filter((i) => !(i as Signoff).checked).length;
        const item = new vscode.TreeItem(node.id === 'readiness' ? `Ready for ${node.result.stage}` : 'Release Signoff Checklist', vscode.TreeItemCollapsibleState.Expanded);
        item.description = open ? `${open} open` : 'all done';
        item.id = node.id;
        return item;
      }
      case 'readiness': {
        const i = node.item;
        const item = new vscode.TreeItem(i.label);
        item.id = `readiness:${i.id}`;
        item.description = i.detail;
        item.tooltip = i.detail;
        item.iconPath = new vscode.ThemeIcon(i.state === 'done' ? 'pass-filled' : 'circle-large-outline', new vscode.ThemeColor(i.state === 'done' ? 'testing.iconPassed' : 'list.warningForeground'));
        item.contextValue = i.fix ? 'readinessFixable' : 'readiness';
        if (i.location) item.command = { command: 'kepStudio.openChecklistItem', title: 'Go to', arguments: [i.location] };
        return item;
      }
      case 'signoff': {
        const i = node.item;
        const item = new vscode.TreeItem(i.text);
        item.id = `signoff:${node.index}`;
        item.checkboxState = i.checked ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked;
        item.tooltip = i.required ? 'Required before targeting a release' : undefined;
        item.command = { command: 'kepStudio.openChecklistItem', title: 'Go to', arguments: [i.location] };
        return item;
      }
    }
  }

  getChildren(node?: ChecklistNode): ChecklistNode[] {
    const r = this.result;
    if (!r) return [];
    if (!node) return [{ kind: 'header', result: r }, { kind: 'group', id: 'readiness', result: r }, ...(r.signoff.length ? [{ kind: 'group', id: 'signoff', result: r } as const] : [])];
    if (node.kind !== 'group') return [];
    return node.id === 'readiness' ? r.readiness.map((item) => ({ kind: 'readiness', item })) : r.signoff.map((item, index) => ({ kind: 'signoff', item, index }));
  }

  /** Runs a readiness item's fix (the view's inline action). */
  async fix(node: ChecklistNode): Promise<void> {
    if (node.kind !== 'readiness' || !node.item.fix) return;
    if (!(await applyAndSave(this.client, node.item.fix.edit))) void vscode.window.showErrorMessage(`KEP Studio: "${node.item.fix.title}" could not be applied (the file changed?).`);
    await this.refresh();
  }

  /** Ticks or unticks Release Signoff Checklist items in the README. */
  async toggle(nodes: ChecklistNode[]): Promise<void> {
    const edit = new vscode.WorkspaceEdit();
    for (const node of nodes) {
      if (node.kind !== 'signoff') continue;
      const { uri, range } = node.item.location;
      edit.replace(vscode.Uri.parse(uri), this.client.protocol2CodeConverter.asRange(range), node.item.checked ? '[ ]' : '[x]');
    }
    if (!(await vscode.workspace.applyEdit(edit))) void vscode.window.showErrorMessage('KEP Studio: the checklist item could not be changed (the README changed?).');
    await this.refresh();
  }

  dispose(): void {
    clearTimeout(this.pending);
    for (const d of this.disposables) d.dispose();
  }

  /** Shows the KEP of the active editor, if it is one. */
  private follow(): void {
    const uri = vscode.window.activeTextEditor?.document.uri;
    if (uri?.scheme === 'file') void this.show(uri);
  }

  private schedule(): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => void this.refresh(), 250);
  }
}

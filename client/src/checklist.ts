import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Requests, type ChecklistItem, type ChecklistResult } from '../../server/src/lsp/protocol.js';
import { applyAndSave } from './edits.js';
import { request } from './server.js';

/** A node of the view (exported for tests and other extensions driving the view). */
export type ChecklistNode =
  | { kind: 'header'; result: ChecklistResult }
  | { kind: 'group'; group: ChecklistResult['groups'][number] }
  | { kind: 'item'; group: string; item: ChecklistItem };

/**
 * The "Proposal Checklist" view for the active proposal: what it still needs before its next
 * milestone, as the server computes it for its kind (a KEP's readiness for its stage and its
 * Release Signoff Checklist; another kind's sections, criteria and submission readiness).
 * Items that are `[ ]` boxes in the document are checkboxes here; a click goes to the place;
 * the inline action runs the item's fix.
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

  /** Shows the checklist of the proposal `uri` belongs to; another file leaves the view as it is. */
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
    this.view.description = this.result?.summary;
    this.changed.fire(undefined);
    return this.result !== null;
  }

  getTreeItem(node: ChecklistNode): vscode.TreeItem {
    switch (node.kind) {
      case 'header': {
        const r = node.result;
        const item = new vscode.TreeItem(r.title ?? `Untitled ${r.kind.name}`, vscode.TreeItemCollapsibleState.None);
        item.description = r.description;
        item.tooltip = r.kind.name;
        item.iconPath = new vscode.ThemeIcon('book');
        item.command = { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.parse(r.uri)] };
        return item;
      }
      case 'group': {
        const open = node.group.items.filter((i) => i.state === 'todo' && i.required).length;
        const item = new vscode.TreeItem(node.group.label, vscode.TreeItemCollapsibleState.Expanded);
        item.description = open ? `${open} open` : 'all done';
        item.id = node.group.id;
        return item;
      }
      case 'item': {
        const i = node.item;
        const item = new vscode.TreeItem(i.label);
        item.id = `${node.group}:${i.id}`;
        item.description = i.detail;
        item.tooltip = [i.detail, i.required ? undefined : 'Suggested, not required'].filter(Boolean).join(' · ') || undefined;
        if (i.box) item.checkboxState = i.state === 'done' ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked;
        else {
          const icon = i.state === 'done' ? 'pass-filled' : i.required ? 'circle-large-outline' : 'circle-small';
          item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(i.state === 'done' ? 'testing.iconPassed' : i.required ? 'list.warningForeground' : 'descriptionForeground'));
        }
        item.contextValue = i.fix ? 'checklistItemFixable' : 'checklistItem';
        if (i.location) item.command = { command: 'kepStudio.openChecklistItem', title: 'Go to', arguments: [i.location] };
        return item;
      }
    }
  }

  getChildren(node?: ChecklistNode): ChecklistNode[] {
    const r = this.result;
    if (!r) return [];
    if (!node) return [{ kind: 'header', result: r }, ...r.groups.map((group): ChecklistNode => ({ kind: 'group', group }))];
    return node.kind === 'group' ? node.group.items.map((item) => ({ kind: 'item', group: node.group.id, item })) : [];
  }

  /** Runs an item's fix (the view's inline action). */
  async fix(node: ChecklistNode): Promise<void> {
    if (node.kind !== 'item' || !node.item.fix) return;
    if (!(await applyAndSave(this.client, node.item.fix.edit))) void vscode.window.showErrorMessage(`KEP Studio: "${node.item.fix.title}" could not be applied (the file changed?).`);
    await this.refresh();
  }

  /** Ticks or unticks the document's `[ ]` boxes behind checkbox items. */
  async toggle(nodes: ChecklistNode[]): Promise<void> {
    const edit = new vscode.WorkspaceEdit();
    for (const node of nodes) {
      if (node.kind !== 'item' || !node.item.box) continue;
      const { uri, range } = node.item.box;
      edit.replace(vscode.Uri.parse(uri), this.client.protocol2CodeConverter.asRange(range), node.item.state === 'done' ? '[ ]' : '[x]');
    }
    if (!(await vscode.workspace.applyEdit(edit))) void vscode.window.showErrorMessage('KEP Studio: the checklist item could not be changed (the document changed?).');
    await this.refresh();
  }

  dispose(): void {
    clearTimeout(this.pending);
    for (const d of this.disposables) d.dispose();
  }

  /** Shows the proposal of the active editor, if it is one. */
  private follow(): void {
    const uri = vscode.window.activeTextEditor?.document.uri;
    if (uri?.scheme === 'file' || uri?.scheme === 'untitled') void this.show(uri);
  }

  private schedule(): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => void this.refresh(), 250);
  }
}

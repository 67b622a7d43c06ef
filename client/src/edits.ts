import * as vscode from 'vscode';
import type { LanguageClient, WorkspaceEdit } from 'vscode-languageclient/node';

/**
 * Applies a server-computed edit and saves the files it touched, so commands leave the work on
 * disk (ready to commit) rather than in dirty buffers. Returns false when VS Code refused it.
 */
export async function applyAndSave(client: LanguageClient, edit: WorkspaceEdit): Promise<boolean> {
  if (!(await vscode.workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(edit)))) return false;
  // Where each edited or created file is once the edit is done (a later rename moves it along).
  let edited: vscode.Uri[] = [];
  const renamed: string[] = [];
  for (const change of edit.documentChanges ?? []) {
    if (!('kind' in change)) edited.push(vscode.Uri.parse(change.textDocument.uri));
    else if (change.kind === 'create') edited.push(vscode.Uri.parse(change.uri));
    else if (change.kind === 'rename') {
      const from = vscode.Uri.parse(change.oldUri);
      const to = vscode.Uri.parse(change.newUri);
      renamed.push(to.path);
      edited = edited.map((u) => (u.path === from.path || u.path.startsWith(`${from.path}/`) ? to.with({ path: to.path + u.path.slice(from.path.length) }) : u));
    }
  }
  // A closed file the edit opened may reach the extension host's documents only after applyEdit
  // resolves: open it to save it, rather than look for it.
  for (const path of new Set(edited.map((u) => u.toString()))) {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(path));
    if (doc.isDirty) await doc.save();
  }
  // Documents inside a renamed folder (VS Code moved them along).
  for (const doc of vscode.workspace.textDocuments) if (doc.isDirty && renamed.some((t) => doc.uri.path === t || doc.uri.path.startsWith(`${t}/`))) await doc.save();
  return true;
}

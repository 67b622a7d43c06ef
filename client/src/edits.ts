import * as vscode from 'vscode';
import type { LanguageClient, WorkspaceEdit } from 'vscode-languageclient/node';

/**
 * Applies a server-computed edit and saves the files it touched, so commands leave the work on
 * disk (ready to commit) rather than in dirty buffers. Returns false when VS Code refused it.
 */
export async function applyAndSave(client: LanguageClient, edit: WorkspaceEdit): Promise<boolean> {
  if (!(await vscode.workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(edit)))) return false;
  const edited: string[] = [];
  const renamed: string[] = [];
  for (const change of edit.documentChanges ?? []) {
    if (!('kind' in change)) edited.push(change.textDocument.uri);
    else if (change.kind === 'rename') renamed.push(vscode.Uri.parse(change.newUri).path);
    else if (change.kind === 'create') edited.push(change.uri);
  }
  // An edited file that was closed is opened by the edit, but the extension host may learn of
  // it after applyEdit resolves: open it to save it, rather than look for it.
  for (const uri of new Set(edited)) {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    if (doc.isDirty) await doc.save();
  }
  // Documents inside a renamed folder (VS Code moved them along).
  for (const doc of vscode.workspace.textDocuments) if (doc.isDirty && renamed.some((t) => doc.uri.path === t || doc.uri.path.startsWith(`${t}/`))) await doc.save();
  return true;
}

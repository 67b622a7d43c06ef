import * as vscode from 'vscode';
import type { LanguageClient, WorkspaceEdit } from 'vscode-languageclient/node';

/**
 * Applies a server-computed edit and saves the files it touched, so commands leave the work on
 * disk (ready to commit) rather than in dirty buffers. Returns false when VS Code refused it.
 */
export async function applyAndSave(client: LanguageClient, edit: WorkspaceEdit): Promise<boolean> {
  if (!(await vscode.workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(edit)))) return false;
  const targets: string[] = [];
  for (const change of edit.documentChanges ?? []) {
    if (!('kind' in change)) targets.push(vscode.Uri.parse(change.textDocument.uri).path);
    else if (change.kind === 'rename') targets.push(vscode.Uri.parse(change.newUri).path);
    else if (change.kind === 'create') targets.push(vscode.Uri.parse(change.uri).path);
  }
  // Edited documents, and documents inside a renamed folder (VS Code moved them along).
  const touched = (doc: vscode.TextDocument): boolean => targets.some((t) => doc.uri.path === t || doc.uri.path.startsWith(`${t}/`));
  for (const doc of vscode.workspace.textDocuments) if (doc.isDirty && touched(doc)) await doc.save();
  return true;
}

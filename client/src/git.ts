import * as vscode from 'vscode';

/**
 * The part of VS Code's built-in Git extension API (extension `vscode.git`, API version 1)
 * that Submit Proposal uses. The extension publishes no types package; these mirror its
 * `git.d.ts`.
 */
export interface GitRepository {
  readonly state: { readonly HEAD?: { readonly name?: string }; readonly indexChanges: ReadonlyArray<{ readonly uri: vscode.Uri }>; readonly remotes: ReadonlyArray<{ readonly name: string; readonly pushUrl?: string; readonly fetchUrl?: string }> };
  createBranch(name: string, checkout: boolean): Promise<void>;
  checkout(treeish: string): Promise<void>;
  deleteBranch(name: string, force?: boolean): Promise<void>;
  add(paths: string[]): Promise<void>;
  commit(message: string): Promise<void>;
  push(remoteName?: string, branchName?: string, setUpstream?: boolean): Promise<void>;
  status(): Promise<void>;
}

interface GitApi {
  getRepository(uri: vscode.Uri): GitRepository | null;
  openRepository(root: vscode.Uri): Promise<GitRepository | null>;
}

/** The Git repository holding `file`: the one VS Code has open, else its workspace folder's, opened. */
export async function gitRepository(file: vscode.Uri): Promise<GitRepository> {
  const ext = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
  if (!ext) throw new Error('VS Code’s Git extension is not available (in Restricted Mode it is disabled).');
  const api = (ext.isActive ? ext.exports : await ext.activate()).getAPI(1);
  const folder = vscode.workspace.getWorkspaceFolder(file)?.uri;
  const repo = api.getRepository(file) ?? (folder ? await api.openRepository(folder) : null);
  if (!repo) throw new Error(`${vscode.workspace.asRelativePath(file)} is not in a Git repository.`);
  return repo;
}

import * as vscode from 'vscode';

/**
 * The part of VS Code's built-in Git extension API (extension `vscode.git`, API version 1)
 * that Submit Proposal uses. The extension publishes no types package; these mirror its
 * `git.d.ts`.
 */
export interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: { readonly HEAD?: { readonly name?: string }; readonly indexChanges: ReadonlyArray<{ readonly uri: vscode.Uri }>; readonly remotes: ReadonlyArray<{ readonly name: string; readonly pushUrl?: string; readonly fetchUrl?: string }> };
  createBranch(name: string, checkout: boolean): Promise<void>;
  checkout(treeish: string): Promise<void>;
  add(paths: string[]): Promise<void>;
  commit(message: string): Promise<void>;
  push(remoteName?: string, branchName?: string, setUpstream?: boolean): Promise<void>;
  status(): Promise<void>;
}

interface GitApi {
  readonly repositories: GitRepository[];
  openRepository(root: vscode.Uri): Promise<GitRepository | null>;
}

/** The Git repository whose working tree is `root`, opened if VS Code has not yet. */
export async function gitRepository(root: vscode.Uri): Promise<GitRepository> {
  const ext = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
  if (!ext) throw new Error('VS Code’s Git extension is not available (in Restricted Mode it is disabled).');
  const api = (ext.isActive ? ext.exports : await ext.activate()).getAPI(1);
  const repo = api.repositories.find((r) => r.rootUri.fsPath === root.fsPath) ?? (await api.openRepository(root));
  if (!repo) throw new Error(`${root.fsPath} is not a Git repository.`);
  return repo;
}

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Requests, type KindsResult, type NewProposalResult } from '../../../server/src/lsp/protocol.js';
import { applyAndSave } from '../edits.js';
import { request } from '../server.js';
import { reportFailure } from './common.js';

/** Arguments that skip the prompts (tests, other extensions). */
export interface NewProposalArgs {
  /** A kind id. */
  kind?: string;
  /** The file to create. */
  uri?: string;
  project?: string;
}

const DRAFT_PROJECT = 'kepStudio.newProposalProject';

/**
 * New Proposal: picks a kind (the built-in ones and those the repository defines), a file (by
 * default in the active file's folder, else the workspace folder's root) and the project's name,
 * then creates the file from the kind's template and opens it. A KEP is handed to New KEP, which
 * creates its folder. The project's name is kept until the file exists, so a failure costs nothing.
 */
export async function newProposal(client: LanguageClient, state: vscode.Memento, args: NewProposalArgs = {}): Promise<vscode.Uri | undefined> {
  try {
    const folder = await pickFolder();
    if (!folder) throw new Error('Open a folder first: the proposal is created in it.');
    const { kinds } = await request<KindsResult>(client, Requests.kinds, { uri: folder.toString() });
    const kind =
      kinds.find((k) => k.id === args.kind) ??
      (args.kind
        ? undefined
        : (
            await vscode.window.showQuickPick(
              kinds.map((k) => ({ label: k.name, description: k.own ? 'defined by this repository' : k.id, detail: k.description, proposalKind: k })),
              { title: 'New Proposal', placeHolder: 'Kind of proposal', matchOnDescription: true },
            )
          )?.proposalKind);
    if (!kind) {
      if (args.kind) throw new Error(`there is no proposal kind "${args.kind}" here.`);
      return undefined;
    }
    if (kind.createdWith === 'newKep') {
      await vscode.commands.executeCommand('kepStudio.newKep');
      return undefined;
    }
    const target = args.uri ? vscode.Uri.parse(args.uri) : await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(folder, kind.fileName), title: `New ${kind.name}` });
    if (!target) return undefined;
    const project = args.project ?? (await vscode.window.showInputBox({ title: `New ${kind.name}`, prompt: 'The project’s name (leave empty to fill it in later)', value: state.get<string>(DRAFT_PROJECT, '') }));
    if (project === undefined) return undefined;
    await state.update(DRAFT_PROJECT, project);
    const { edit } = await request<NewProposalResult>(client, Requests.newProposal, { uri: target.toString(), kind: kind.id, ...(project.trim() ? { project: project.trim() } : {}) });
    if (!(await applyAndSave(client, edit))) throw new Error('VS Code refused to create the file.');
    await state.update(DRAFT_PROJECT, undefined);
    await vscode.window.showTextDocument(target);
    return target;
  } catch (err) {
    reportFailure('New Proposal', err, state.get<string>(DRAFT_PROJECT) ? 'The project’s name you gave is kept for the next try.' : undefined);
    return undefined;
  }
}

/** The active file's folder (a file in the workspace), else the workspace folder (picked when there are several). */
async function pickFolder(): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file' && vscode.workspace.getWorkspaceFolder(active)) return vscode.Uri.joinPath(active, '..');
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0]?.uri;
  return (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder for the new proposal' }))?.uri;
}

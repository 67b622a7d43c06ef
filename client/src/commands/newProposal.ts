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

/**
 * New Proposal: picks a kind (the built-in ones and those the repository defines), a file and
 * the project's name, then creates the file from the kind's template and opens it. A KEP is
 * handed to New KEP, which creates its folder.
 */
export async function newProposal(client: LanguageClient, args: NewProposalArgs = {}): Promise<vscode.Uri | undefined> {
  try {
    const folder = vscode.window.activeTextEditor?.document.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    if (!folder) throw new Error('Open a folder first: the proposal is created in it.');
    const base = vscode.workspace.getWorkspaceFolder(folder)?.uri ?? folder;
    const { kinds } = await request<KindsResult>(client, Requests.kinds, { uri: base.toString() });
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
    if (kind.id === 'kep') {
      await vscode.commands.executeCommand('kepStudio.newKep');
      return undefined;
    }
    const target = args.uri ? vscode.Uri.parse(args.uri) : await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(base, kind.fileName), title: `New ${kind.name}` });
    if (!target) return undefined;
    const project = args.project ?? (await vscode.window.showInputBox({ title: `New ${kind.name}`, prompt: 'The project’s name (leave empty to fill it in later)' }));
    if (project === undefined) return undefined;
    const { edit } = await request<NewProposalResult>(client, Requests.newProposal, { uri: target.toString(), kind: kind.id, ...(project.trim() ? { project: project.trim() } : {}) });
    if (!(await applyAndSave(client, edit))) throw new Error('VS Code refused to create the file.');
    await vscode.window.showTextDocument(target);
    return target;
  } catch (err) {
    reportFailure('New Proposal', err);
    return undefined;
  }
}

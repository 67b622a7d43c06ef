import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Requests, type NewKepResult, type SigsResult } from '../../../server/src/lsp/protocol.js';
import { applyAndSave } from '../edits.js';
import { request } from '../server.js';
import { reportFailure } from './common.js';

/** Arguments that skip the prompts (tests, other extensions). */
export interface NewKepArgs {
  folder?: string;
  title?: string;
  owningSig?: string;
  authors?: string[];
  number?: string;
}

const DRAFT = 'kepStudio.newKepDraft';

/**
 * New KEP: asks for a title, the owning SIG (from the registry) and the authors, then creates
 * keps/<sig>/NNNN-<slug>/ with kep.yaml and a README from the template, and opens the README.
 * What the user typed is kept until the KEP is created, so a failure costs nothing.
 */
export async function newKep(client: LanguageClient, state: vscode.Memento, args: NewKepArgs = {}): Promise<NewKepResult | undefined> {
  const draft = { ...state.get<NewKepArgs>(DRAFT, {}), ...args };
  try {
    const folder = args.folder ? vscode.Uri.parse(args.folder) : await pickFolder();
    if (!folder) return undefined;
    const title =
      args.title ??
      (await vscode.window.showInputBox({ title: 'New KEP (1/3)', prompt: 'Title of the KEP', value: draft.title ?? '', validateInput: (v) => (v.trim() ? undefined : 'A KEP needs a title.') }));
    if (!title) return undefined;
    await state.update(DRAFT, { ...draft, title });
    let owningSig = args.owningSig;
    if (!owningSig) {
      const { groups } = await request<SigsResult>(client, Requests.sigs, { uri: folder.toString() });
      const picked = await vscode.window.showQuickPick(
        groups.map((g) => ({ label: g.dir, description: g.name, picked: g.dir === draft.owningSig })),
        { title: 'New KEP (2/3)', placeHolder: 'Owning SIG', matchOnDescription: true },
      );
      owningSig = picked?.label;
    }
    if (!owningSig) return undefined;
    await state.update(DRAFT, { ...draft, title, owningSig });
    const authorsText =
      args.authors?.join(', ') ??
      (await vscode.window.showInputBox({
        title: 'New KEP (3/3)',
        prompt: 'Authors: GitHub handles, separated by commas',
        value: draft.authors?.join(', ') ?? '',
        validateInput: (v) => (v.split(',').every((a) => /^@?[A-Za-z0-9-]+$/.test(a.trim())) ? undefined : 'GitHub handles, like @jane-doe, separated by commas.'),
      }));
    if (authorsText === undefined) return undefined;
    const authors = authorsText.split(',').map((a) => a.trim()).filter(Boolean);
    await state.update(DRAFT, { ...draft, title, owningSig, authors });
    const result = await request<NewKepResult>(client, Requests.newKep, { uri: folder.toString(), title, owningSig, authors, ...(args.number ? { number: args.number } : {}) });
    if (!(await applyAndSave(client, result.edit))) throw new Error('VS Code refused to create the files.');
    await state.update(DRAFT, undefined);
    await vscode.window.showTextDocument(vscode.Uri.parse(result.readme));
    return result;
  } catch (err) {
    reportFailure('New KEP', err, 'What you entered is kept for the next try.');
    return undefined;
  }
}

async function pickFolder(): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (active && vscode.workspace.getWorkspaceFolder(active)) return active;
  if (folders.length <= 1) return folders[0]?.uri;
  return (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Repository for the new KEP' }))?.uri;
}

/**
 * KEP Studio for VS Code: starts the language server (all checks, fixes, completion…) and adds
 * what needs the VS Code API: the checklist view and the proposal commands. No telemetry.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Notifications, type ChecklistResult, type Location } from '../../server/src/lsp/protocol.js';
import { ChecklistView, type ChecklistNode } from './checklist.js';
import { fileTrackingIssue, type TrackingIssueArgs } from './commands/trackingIssue.js';
import { newKep, type NewKepArgs } from './commands/newKep.js';
import { newProposal, type NewProposalArgs } from './commands/newProposal.js';
import { promoteKep, type PromoteArgs } from './commands/promoteKep.js';
import { submitProposal, type SubmitArgs } from './commands/submitProposal.js';
import { startClient } from './server.js';

let client: LanguageClient | undefined;

/** What the extension returns from activate(): for tests and other extensions. */
export interface KepStudioApi {
  client: LanguageClient;
  checklist: ChecklistView;
}

export async function activate(context: vscode.ExtensionContext): Promise<KepStudioApi> {
  client = startClient(context);
  await client.start();
  const checklist = new ChecklistView(client);
  const c = client;
  context.subscriptions.push(
    checklist,
    vscode.commands.registerCommand('kepStudio.newKep', (args?: NewKepArgs) => newKep(c, context.workspaceState, args)),
    vscode.commands.registerCommand('kepStudio.newProposal', (args?: NewProposalArgs) => newProposal(c, context.workspaceState, args)),
    vscode.commands.registerCommand('kepStudio.promoteKep', (args?: PromoteArgs) => promoteKep(c, args)),
    vscode.commands.registerCommand('kepStudio.fileTrackingIssue', (args?: TrackingIssueArgs) => fileTrackingIssue(c, args)),
    vscode.commands.registerCommand('kepStudio.submitProposal', (args?: SubmitArgs) => submitProposal(c, args)),
    vscode.commands.registerCommand('kepStudio.refreshChecklist', (): Promise<ChecklistResult | null> => checklist.refresh()),
    vscode.commands.registerCommand('kepStudio.fixChecklistItem', (node: ChecklistNode) => checklist.fix(node)),
    vscode.commands.registerCommand('kepStudio.openChecklistItem', async ({ uri, range: r }: Location) => {
      const editor = await vscode.window.showTextDocument(vscode.Uri.parse(uri));
      const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }),
    // Kinds a repository defines are used once the user trusts the workspace.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void c.sendNotification(Notifications.trusted)),
  );
  await vscode.commands.executeCommand('setContext', 'kepStudio.active', true);
  return { client, checklist };
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}

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
import { KepsView, type FilterArgs, type KepsNode } from './kepsView.js';

let client: LanguageClient | undefined;

/** What the extension returns from activate(): for tests and other extensions. */
export interface KepStudioApi {
  client: LanguageClient;
  checklist: ChecklistView;
  keps: KepsView;
}

export async function activate(context: vscode.ExtensionContext): Promise<KepStudioApi> {
  client = startClient(context);
  await client.start();
  const checklist = new ChecklistView(client);
  const keps = new KepsView(client, context.globalState);
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
    keps,
    vscode.commands.registerCommand('kepStudio.refreshKeps', () => keps.refresh()),
    vscode.commands.registerCommand('kepStudio.filterKeps', (args?: FilterArgs) => (args ? keps.setFilters(args) : keps.pickFilter())),
    vscode.commands.registerCommand('kepStudio.clearKepFilters', () => keps.setFilters({ mine: null, sig: null, release: null, notReady: null })),
    vscode.commands.registerCommand('kepStudio.releaseReport', (args?: { release?: string; sigs?: string[] }) =>
      keps.report(args).catch((err: unknown) => void vscode.window.showErrorMessage(`KEP Studio: the release readiness report failed: ${(err as Error).message}`)),
    ),
    // From a kep.yaml's code lens (a URI string), the KEPs view (a node) or the Command Palette (the active editor).
    vscode.commands.registerCommand('kepStudio.showChecklist', async (target?: string | vscode.Uri | KepsNode) => {
      const uri = typeof target === 'string' ? vscode.Uri.parse(target) : target instanceof vscode.Uri ? target : target?.kind === 'kep' ? vscode.Uri.parse(target.kep.kepYaml) : vscode.window.activeTextEditor?.document.uri;
      if (!uri) return null;
      await vscode.commands.executeCommand('kepStudio.checklist.focus');
      return checklist.show(uri);
    }),
    // Kinds a repository defines are used once the user trusts the workspace.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void c.sendNotification(Notifications.trusted)),
  );
  await vscode.commands.executeCommand('setContext', 'kepStudio.active', true);
  return { client, checklist, keps };
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}

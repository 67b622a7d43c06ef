import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Requests, type PromoteResult, type ReleasesResult } from '../../../server/src/lsp/protocol.js';
import { applyAndSave } from '../edits.js';
import { request } from '../server.js';
import { kepUri, reportFailure } from './common.js';

export interface PromoteArgs {
  uri?: string;
  stage?: string;
  release?: string;
}

const STAGES = ['alpha', 'beta', 'stable', 'deprecated', 'disabled', 'removed'];

/**
 * Promote KEP: moves the KEP to a stage for a release (kep.yaml stage, latest-milestone and
 * milestone, the PRR approval entry, the graduation criteria section) in one edit.
 */
export async function promoteKep(client: LanguageClient, args: PromoteArgs = {}): Promise<PromoteResult | undefined> {
  try {
    const uri = kepUri(args.uri);
    const choices = await request<ReleasesResult>(client, Requests.releases, { uri: uri.toString() });
    const stage =
      args.stage ??
      (
        await vscode.window.showQuickPick(
          STAGES.map((s) => ({ label: s, description: s === choices.nextStage ? 'next stage' : s === choices.currentStage ? 'current stage' : undefined })).sort((a, b) => Number(b.label === choices.nextStage) - Number(a.label === choices.nextStage)),
          { title: 'Promote KEP', placeHolder: 'Stage' },
        )
      )?.label;
    if (!stage) return undefined;
    const release =
      args.release ??
      (choices.releases.length
        ? (await vscode.window.showQuickPick(choices.releases.map((r, i) => ({ label: r, description: i === 0 ? 'release in progress' : undefined })), { title: `Promote KEP to ${stage}`, placeHolder: 'Release' }))?.label
        : await vscode.window.showInputBox({ title: `Promote KEP to ${stage}`, prompt: 'Release (v1.NN)', validateInput: (v) => (/^v1\.\d+$/.test(v) ? undefined : 'A release like v1.38.') }));
    if (!release) return undefined;
    const result = await request<PromoteResult>(client, Requests.promote, { uri: uri.toString(), stage, release });
    if (!(await applyAndSave(client, result.edit))) throw new Error('VS Code refused the edit (a file changed meanwhile?); nothing was changed.');
    void vscode.window.showInformationMessage(`KEP Studio: promoted to ${stage} for ${release}. ${result.changes.join('; ')}.`);
    return result;
  } catch (err) {
    reportFailure('Promote KEP', err);
    return undefined;
  }
}

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Requests, type SubmissionResult } from '../../../server/src/lsp/protocol.js';
import { gitRepository } from '../git.js';
import { connectGitHub, describeGitHubError, openPrefilled } from '../github.js';
import { request } from '../server.js';
import { kepUri, reportFailure } from './common.js';

export interface SubmitArgs {
  uri?: string;
  /** Skip the confirmation (tests). */
  confirm?: boolean;
}

export type SubmitOutcome = { refused: string[] } | { branch: string; url?: string; number?: number };

/**
 * Submit Proposal: refuses while the KEP has errors (and shows them); otherwise commits the
 * KEP's files on a new branch with VS Code's Git extension, pushes it, and opens the pull
 * request (`KEP-NNNN: <title>`, the repository's PR template, kind/kep and sig/<name>). Each
 * step keeps what the previous ones did when a later one fails, and says so.
 */
export async function submitProposal(client: LanguageClient, args: SubmitArgs = {}): Promise<SubmitOutcome | undefined> {
  let committed: string | undefined;
  try {
    const uri = kepUri(args.uri);
    for (const doc of vscode.workspace.textDocuments) if (doc.isDirty && doc.uri.scheme === 'file') await doc.save();
    const s = await request<SubmissionResult>(client, Requests.submission, { uri: uri.toString() });
    if (s.errors.length) {
      const lines = s.errors.map((e) => `${vscode.workspace.asRelativePath(vscode.Uri.parse(e.uri))}:${e.diagnostic.range.start.line + 1}: ${String(e.diagnostic.message)}`);
      void vscode.commands.executeCommand('workbench.actions.view.problems');
      void vscode.window.showErrorMessage(`KEP Studio: not submitted: the KEP has ${s.errors.length} error(s) that kubernetes/enhancements' CI would reject. ${lines[0]}${lines.length > 1 ? ` (and ${lines.length - 1} more in the Problems view)` : ''}`);
      return { refused: lines };
    }
    const config = vscode.workspace.getConfiguration('kepStudio.submit');
    const remote = config.get<string>('remote', 'origin');
    const [owner, repo] = config.get<string>('repository', 'kubernetes/enhancements').split('/') as [string, string];
    if (!args.confirm) {
      const go = await vscode.window.showInformationMessage(`Commit ${s.files.length} file(s) on branch ${s.branch}, push it to ${remote} and open "${s.title}" on ${owner}/${repo}?`, { modal: true }, 'Submit');
      if (!go) return undefined;
    }
    const git = await gitRepository(vscode.Uri.parse(s.root));
    await git.status();
    const files = s.files.map((f) => vscode.Uri.parse(f).fsPath);
    const others = git.state.indexChanges.filter((c) => !files.includes(c.uri.fsPath));
    if (others.length) throw new Error(`other changes are staged (${others.map((c) => vscode.workspace.asRelativePath(c.uri)).join(', ')}); unstage them first, so the KEP's commit holds only the KEP.`);
    await git.createBranch(s.branch, true);
    await git.add(files);
    await git.commit(s.commitMessage);
    committed = s.branch;
    try {
      await git.push(remote, s.branch, true);
    } catch (err) {
      throw new Error(`pushing ${s.branch} to ${remote} failed (${(err as Error).message}).`);
    }
    const github = await connectGitHub();
    if (!github) {
      await openPrefilled(`${owner}/${repo}/compare/${encodeURIComponent(s.branch)}?expand=1`, { title: s.title, body: s.body, labels: s.labels }, 'pull request');
      return { branch: s.branch };
    }
    let pr;
    try {
      const login = (await github.rest.users.getAuthenticated()).data.login;
      const base = (await github.rest.repos.get({ owner, repo })).data.default_branch;
      pr = (await github.rest.pulls.create({ owner, repo, title: s.title, head: `${login}:${s.branch}`, base, body: s.body, maintainer_can_modify: true })).data;
    } catch (err) {
      void vscode.window
        .showErrorMessage(`KEP Studio: branch ${s.branch} is pushed, but the pull request was not opened: ${describeGitHubError(err)}.`, 'Open on GitHub')
        .then((choice) => choice && openPrefilled(`${owner}/${repo}/compare/${encodeURIComponent(s.branch)}?expand=1`, { title: s.title, body: s.body }, 'pull request'));
      return { branch: s.branch };
    }
    try {
      await github.rest.issues.addLabels({ owner, repo, issue_number: pr.number, labels: s.labels });
    } catch {
      // Only triagers may label; the reviewers' bots apply kind/kep and sig/* otherwise.
    }
    void vscode.window.showInformationMessage(`KEP Studio: opened ${pr.html_url}`);
    return { branch: s.branch, url: pr.html_url, number: pr.number };
  } catch (err) {
    reportFailure('Submit Proposal', err, committed ? `Your commit is kept on branch ${committed}; push it and open the pull request when you can.` : 'Nothing was committed.');
    return undefined;
  }
}

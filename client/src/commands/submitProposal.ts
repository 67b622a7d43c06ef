import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { isHttpsUrl } from '../../../server/src/core/url.js';
import { Requests, type SubmissionResult } from '../../../server/src/lsp/protocol.js';
import { gitRepository, type GitRepository } from '../git.js';
import { connectGitHub, describeGitHubError, openPrefilled, ownerAndRepo } from '../github.js';
import { fileIssue } from '../issues.js';
import { request } from '../server.js';
import { proposalUri, reportFailure } from './common.js';

export interface SubmitArgs {
  uri?: string;
  /** Skip the confirmations (tests). */
  confirm?: boolean;
}

export type SubmitOutcome =
  | { refused: string[] }
  | { branch: string; url?: string; number?: number }
  | { issue: number; url: string }
  | { manual: string; url?: string };

type PullRequestPlan = Extract<SubmissionResult, { route: 'pull-request' }>;
type IssuePlan = Extract<SubmissionResult, { route: 'issue' }>;

/**
 * Submit Proposal: follows the proposal's kind. A pull request (a KEP, a due diligence, an RFC,
 * a PEP…): refused while the files have errors (shown), else the files are committed on a new
 * branch with VS Code's Git extension, pushed, and the pull request is opened with the kind's
 * title and labels. An issue (a CNCF application, a tracking issue): filed in the kind's
 * repository with the draft's front matter title and labels. Otherwise the kind's instructions
 * are shown. Each step keeps what the previous ones did when a later one fails, and says so.
 */
export async function submitProposal(client: LanguageClient, args: SubmitArgs = {}): Promise<SubmitOutcome | undefined> {
  let committed: string | undefined;
  try {
    const uri = proposalUri(args.uri);
    // The server checks open documents as they read in the editor; an untitled draft is sent along.
    const text = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && d.isUntitled)?.getText();
    const s = await request<SubmissionResult>(client, Requests.submission, { uri: uri.toString(), ...(text !== undefined ? { text } : {}) });
    if (s.route === 'manual') {
      // The url comes from a kind's definition (maybe a repository's): shown before it is opened, and only https.
      const url = s.url !== undefined && isHttpsUrl(s.url) ? s.url : undefined;
      const open = url ? 'Open the guidelines' : undefined;
      const choice = args.confirm ? undefined : await vscode.window.showInformationMessage(`${s.kind.name}: ${s.instructions}`, { modal: true, ...(url ? { detail: `The guidelines: ${url}` } : {}) }, ...(open ? [open] : []));
      if (choice && url) await vscode.env.openExternal(vscode.Uri.parse(url, true));
      return { manual: s.instructions, ...(url ? { url } : {}) };
    }
    if (s.errors.length) {
      const lines = s.errors.map((e) => `${vscode.workspace.asRelativePath(vscode.Uri.parse(e.uri))}:${e.diagnostic.range.start.line + 1}: ${e.diagnostic.message}`);
      void vscode.commands.executeCommand('workbench.actions.view.problems');
      void vscode.window.showErrorMessage(`KEP Studio: not submitted: the ${s.kind.name} has ${s.errors.length} error(s) that ${s.repository}'s CI would reject. ${lines[0]}${lines.length > 1 ? ` (and ${lines.length - 1} more in the Problems view)` : ''}`);
      return { refused: lines };
    }
    const repository = vscode.workspace.getConfiguration('kepStudio.submit').get<Record<string, string>>('repositories', {})[s.kind.id] ?? s.repository;
    if (s.route === 'issue') return await submitIssue({ ...s, repository }, args);
    return await submitPullRequest({ ...s, repository }, uri, args, (branch) => (committed = branch));
  } catch (err) {
    reportFailure('Submit Proposal', err, committed ? `Your commit is kept on branch ${committed}; push it and open the pull request when you can.` : 'Nothing was committed.');
    return undefined;
  }
}

async function submitIssue(s: IssuePlan, args: SubmitArgs): Promise<SubmitOutcome | undefined> {
  if (!args.confirm) {
    const open = s.open.length ? ` ${s.open.length} required item(s) are not done yet (first: ${s.open[0]}).` : '';
    const go = await vscode.window.showInformationMessage(`File "${s.title}" as an issue on ${s.repository}${s.labels.length ? ` with labels ${s.labels.join(', ')}` : ''}?${open}`, { modal: true }, 'File Issue');
    if (!go) return undefined;
  }
  const created = await fileIssue(await connectGitHub(), s);
  if (!created) return undefined;
  void vscode.window.showInformationMessage(`KEP Studio: filed ${created.html_url}`);
  return { issue: created.number, url: created.html_url };
}

async function submitPullRequest(s: PullRequestPlan, uri: vscode.Uri, args: SubmitArgs, onCommit: (branch: string) => void): Promise<SubmitOutcome | undefined> {
  const remote = vscode.workspace.getConfiguration('kepStudio.submit').get<string>('remote', 'origin');
  const { owner, repo } = ownerAndRepo(s.repository);
  if (!args.confirm) {
    const go = await vscode.window.showInformationMessage(`Commit ${s.files.length} file(s) on branch ${s.branch}, push it to ${remote} and open "${s.title}" on ${s.repository}?`, { modal: true }, 'Submit');
    if (!go) return undefined;
  }
  const files = s.files.map((f) => vscode.Uri.parse(f).fsPath);
  // What is committed is what the editor shows: the proposal's own unsaved changes are saved first.
  for (const doc of vscode.workspace.textDocuments) if (doc.isDirty && files.includes(doc.uri.fsPath)) await doc.save();
  const git = await gitRepository(uri);
  await git.status();
  const others = git.state.indexChanges.filter((c) => !files.includes(c.uri.fsPath));
  if (others.length) throw new Error(`other changes are staged (${others.map((c) => vscode.workspace.asRelativePath(c.uri)).join(', ')}); unstage them first, so the commit holds only the proposal.`);
  const previous = git.state.HEAD?.name;
  await git.createBranch(s.branch, true);
  try {
    await git.add(files);
    await git.commit(s.commitMessage);
  } catch (err) {
    // Back where the user was, without the empty branch, so that Submit can simply be run again.
    const back = previous ? await restoreBranch(git, previous, s.branch) : false;
    throw new Error(`committing on ${s.branch} failed (${(err as Error).message}); ${back ? `you are back on ${previous}` : `you are on branch ${s.branch}`}; your edits are untouched.`);
  }
  onCommit(s.branch);
  try {
    await git.push(remote, s.branch, true);
  } catch (err) {
    throw new Error(`pushing ${s.branch} to ${remote} failed (${(err as Error).message}).`);
  }
  // The pull request's head is the branch on the remote's owner (a fork), or on the repository itself.
  const github = await connectGitHub();
  const pushedTo = ownerOfRemote(git.state.remotes.find((r) => r.name === remote));
  const head = (login?: string): string => {
    const forkOwner = pushedTo ?? login;
    return forkOwner && forkOwner.toLowerCase() !== owner.toLowerCase() ? `${forkOwner}:${s.branch}` : s.branch;
  };
  const compare = (login?: string): string => `${s.repository}/compare/${head(login).split(':').map(encodeURIComponent).join(':')}?expand=1`;
  const fields = { title: s.title, body: s.body, labels: s.labels };
  if (!github) {
    await openPrefilled(compare(), fields, 'pull request');
    return { branch: s.branch };
  }
  let pr;
  let login: string | undefined;
  try {
    login = (await github.rest.users.getAuthenticated()).data.login;
    const base = (await github.rest.repos.get({ owner, repo })).data.default_branch;
    pr = (await github.rest.pulls.create({ owner, repo, title: s.title, head: head(login), base, body: s.body, maintainer_can_modify: true })).data;
  } catch (err) {
    const page = compare(login);
    void vscode.window
      .showErrorMessage(`KEP Studio: branch ${s.branch} is pushed, but the pull request was not opened: ${describeGitHubError(err)}.`, 'Open on GitHub')
      .then((choice) => choice && openPrefilled(page, fields, 'pull request'));
    return { branch: s.branch };
  }
  if (s.labels.length) {
    try {
      await github.rest.issues.addLabels({ owner, repo, issue_number: pr.number, labels: s.labels });
    } catch {
      // Only triagers may label; the repository's bots or reviewers label it otherwise.
    }
  }
  void vscode.window.showInformationMessage(`KEP Studio: opened ${pr.html_url}`);
  return { branch: s.branch, url: pr.html_url, number: pr.number };
}

/** Checks out `previous` again and deletes `branch`; false when Git refuses. */
async function restoreBranch(git: GitRepository, previous: string, branch: string): Promise<boolean> {
  try {
    await git.checkout(previous);
    await git.deleteBranch(branch, true);
    return true;
  } catch {
    return false;
  }
}

/** The owner in a GitHub remote's URL (`https://host/owner/repo.git`, `git@host:owner/repo.git`); none for a local path. */
function ownerOfRemote(remote: { pushUrl?: string; fetchUrl?: string } | undefined): string | undefined {
  const url = remote?.pushUrl ?? remote?.fetchUrl;
  return url ? /^(?:[a-z][a-z0-9+.-]*:\/\/(?:[^@/]+@)?[^/]+\/|[^@/\s]+@[^:/\s]+:)([^/]+)\/[^/]+?(?:\.git)?\/?$/i.exec(url)?.[1] : undefined;
}

import type { Octokit } from '@octokit/rest';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Requests, type RenumberResult, type SubmissionResult, type TrackingIssueResult } from '../../../server/src/lsp/protocol.js';
import { applyAndSave } from '../edits.js';
import { connectGitHub, ownerAndRepo } from '../github.js';
import { fileIssue } from '../issues.js';
import { request } from '../server.js';
import { kepUri, reportFailure } from './common.js';

/** A tracking-issue kind, and the repository to file in (default: the kind's). */
type Target = { kind: string; repository?: string };

const KUBERNETES = 'kubernetes-enhancement-issue';

export interface TrackingIssueArgs {
  uri?: string;
  target?: Target;
  /** Skip the confirmations (tests): use an existing issue if found, else file the draft as is. */
  confirm?: boolean;
}

export interface TrackingIssueOutcome {
  number: number;
  url: string;
  /** An issue filed earlier for the same KEP was used instead of filing a duplicate. */
  existing: boolean;
}

/**
 * File Tracking Issue: drafts the issue the target repository's template asks for, shows the
 * draft, finds an issue already filed for this KEP (and offers it), files the issue, and gives
 * the KEP the issue's number (kubernetes/enhancements: the number is the KEP's number). Without
 * a GitHub session it opens the prefilled issue page instead. The draft stays open until the
 * issue exists, so nothing typed into it is lost on a failure.
 */
export async function fileTrackingIssue(client: LanguageClient, args: TrackingIssueArgs = {}): Promise<TrackingIssueOutcome | undefined> {
  let draftDoc: vscode.TextDocument | undefined;
  try {
    const uri = kepUri(args.uri);
    const target = args.target ?? (await pickTarget());
    if (!target) return undefined;
    const draft = await request<TrackingIssueResult>(client, Requests.trackingIssue, { uri: uri.toString(), target });
    const github = await connectGitHub();
    const existing = github ? await findExisting(github, draft) : undefined;
    if (existing) {
      const use = args.confirm ? 'Use it' : await vscode.window.showInformationMessage(`An issue already exists for this KEP: #${existing.number} ${existing.title}`, { modal: true }, 'Use it', 'File a new one');
      if (use === 'Use it') return await adopt(client, uri, draft, existing.number, existing.html_url, true);
      if (!use) return undefined;
    }
    // The draft, as issue drafts are written (front matter: title and labels; then the body);
    // KEP Studio checks it as its kind while it is edited.
    draftDoc = await vscode.workspace.openTextDocument({ language: 'markdown', content: draft.text });
    if (!args.confirm) {
      await vscode.window.showTextDocument(draftDoc, { preview: false });
      const go = await vscode.window.showInformationMessage(
        `File this issue on ${draft.repository}? Edit the draft first if you like (its front matter holds the title and labels).`,
        { modal: true },
        github ? 'File Issue' : 'Open on GitHub',
      );
      if (!go) return undefined;
    }
    // What is filed is the draft as it is now, read by the server the way Submit Proposal reads issue drafts.
    const plan = await request<SubmissionResult>(client, Requests.submission, { uri: draftDoc.uri.toString(), text: draftDoc.getText() });
    if (plan.route !== 'issue') throw new Error('the draft is no longer an issue draft KEP Studio recognises.');
    // As Submit Proposal does: a draft with errors is not filed (they are in the Problems view).
    if (plan.errors.length) throw new Error(`the draft has ${plan.errors.length} error(s), first: ${plan.errors[0]!.diagnostic.message}`);
    const created = await fileIssue(github, { ...plan, repository: draft.repository });
    if (!created) {
      if (github) return undefined;
      const number = await vscode.window.showInputBox({ prompt: 'After filing, enter the issue number to give it to the KEP (or press Escape)', validateInput: (v) => (/^\d+$/.test(v) ? undefined : 'A number') });
      return number ? await adopt(client, uri, draft, Number(number), `${draft.repository}#${number}`, false) : undefined;
    }
    return await adopt(client, uri, draft, created.number, created.html_url, false);
  } catch (err) {
    reportFailure('File Tracking Issue', err, draftDoc ? 'The draft is kept in its editor.' : undefined);
    return undefined;
  }
}

async function pickTarget(): Promise<Target | undefined> {
  const targets = vscode.workspace.getConfiguration('kepStudio.tracking').get<Target[]>('targets', [{ kind: KUBERNETES }]);
  if (targets.length <= 1) return targets[0];
  const picked = await vscode.window.showQuickPick(
    targets.map((t) => ({ label: t.repository ?? (t.kind === KUBERNETES ? 'kubernetes/enhancements' : 'containerd/containerd'), description: t.kind === KUBERNETES ? 'enhancement tracking issue' : 'containerd KEP tracking issue', target: t })),
    { placeHolder: 'Where to file the tracking issue' },
  );
  return picked?.target;
}

/** An issue filed earlier for this KEP: the one kep-number names, else one whose title matches. */
async function findExisting(github: Octokit, draft: TrackingIssueResult): Promise<{ number: number; title: string; html_url: string } | undefined> {
  const { owner, repo } = ownerAndRepo(draft.repository);
  try {
    if (draft.number && draft.kind === KUBERNETES) {
      const issue = (await github.rest.issues.get({ owner, repo, issue_number: Number(draft.number) })).data;
      if (issue.state === 'open') return issue;
    }
    const found = (await github.rest.search.issuesAndPullRequests({ q: draft.search, per_page: 5 })).data.items;
    const wanted = draft.title.toLowerCase();
    return found.find((i) => !i.pull_request && (i.title.toLowerCase() === wanted || (draft.number !== undefined && i.title.includes(`KEP-${draft.number}`))));
  } catch {
    // Searching is a courtesy: if it fails, filing still works.
    return undefined;
  }
}

/** Gives the KEP the issue's number (for kubernetes/enhancements, where it is the KEP number). */
async function adopt(client: LanguageClient, uri: vscode.Uri, draft: TrackingIssueResult, number: number, url: string, existing: boolean): Promise<TrackingIssueOutcome> {
  const renumber = draft.kind === KUBERNETES;
  if (renumber) {
    const { edit } = await request<RenumberResult>(client, Requests.renumber, { uri: uri.toString(), number: String(number) });
    if (!(await applyAndSave(client, edit))) throw new Error(`issue #${number} exists (${url}), but the KEP could not be renumbered; set kep-number to ${number}.`);
  }
  void vscode.window.showInformationMessage(`KEP Studio: ${existing ? 'using' : 'filed'} ${url}${renumber ? `; the KEP is now KEP-${number}` : ''}.`);
  return { number, url, existing };
}

import type { Octokit } from '@octokit/rest';
import * as vscode from 'vscode';
import { describeGitHubError, openPrefilled, ownerAndRepo } from './github.js';

/** An issue to file, as the server drafts it from a proposal of an issue kind. */
interface IssueToFile {
  repository: string;
  title: string;
  body: string;
  labels: string[];
  assignees?: string[];
}

/**
 * Files an issue with the API, or opens GitHub's prefilled page without a session. On a
 * failure it says what happened and offers the page; the draft stays where it is (the caller's
 * editor), so nothing typed is lost. Returns the issue, or undefined when it was not filed here.
 */
export async function fileIssue(github: Octokit | undefined, issue: IssueToFile): Promise<{ number: number; html_url: string } | undefined> {
  const { owner, repo } = ownerAndRepo(issue.repository);
  const fields = { title: issue.title, body: issue.body, labels: issue.labels };
  if (!github) {
    await openPrefilled(`${issue.repository}/issues/new`, fields, 'issue');
    return undefined;
  }
  try {
    // GitHub drops labels and assignees the user may not set, rather than failing.
    return (await github.rest.issues.create({ owner, repo, ...fields, ...(issue.assignees?.length ? { assignees: issue.assignees } : {}) })).data;
  } catch (err) {
    // Not awaited: the command ends, the offer stays until the user answers.
    void vscode.window
      .showErrorMessage(`KEP Studio: the issue was not filed on ${issue.repository}: ${describeGitHubError(err)}. The draft is kept in its editor.`, 'Open on GitHub')
      .then((choice) => choice && openPrefilled(`${issue.repository}/issues/new`, fields, 'issue'));
    return undefined;
  }
}

import { Octokit } from '@octokit/rest';
import * as vscode from 'vscode';

/** The `kepStudio.github.*` settings (application-scoped: a workspace cannot redirect the token). */
function githubSettings(): { apiUrl: string; webUrl: string; provider: string } {
  const c = vscode.workspace.getConfiguration('kepStudio.github');
  return {
    apiUrl: c.get<string>('apiUrl', 'https://api.github.com').replace(/\/+$/, ''),
    webUrl: c.get<string>('webUrl', 'https://github.com').replace(/\/+$/, ''),
    provider: c.get<string>('authenticationProvider', 'github'),
  };
}

/**
 * An Octokit client on VS Code's GitHub sign-in (the token never leaves the session: it is not
 * stored or logged), or undefined when the user is not signed in and declines to sign in.
 */
export async function connectGitHub(): Promise<Octokit | undefined> {
  const { apiUrl, provider } = githubSettings();
  let session: vscode.AuthenticationSession | undefined;
  try {
    session = await vscode.authentication.getSession(provider, ['repo'], { createIfNone: true });
  } catch {
    // Cancelled sign-in, or no such provider (e.g. offline, or github-enterprise not set up).
    return undefined;
  }
  return new Octokit({ auth: session.accessToken, baseUrl: apiUrl, userAgent: 'kep-studio' });
}

/** `owner/name` as the REST API's owner and repo. */
export function ownerAndRepo(repository: string): { owner: string; repo: string } {
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(repository);
  if (!m) throw new Error(`"${repository}" is not a GitHub repository (owner/name).`);
  return { owner: m[1]!, repo: m[2]! };
}

/** What a failed GitHub call says, for the user. */
export function describeGitHubError(err: unknown): string {
  const e = err as { status?: number; message?: string; response?: { data?: { message?: string } } };
  if (e.status) return `GitHub answered ${e.status}: ${e.response?.data?.message ?? e.message ?? 'no details'}`;
  return `GitHub could not be reached (${e.message ?? String(err)})`;
}

/** Longer URLs are refused by GitHub (414) or browsers; the body then goes to the clipboard. */
const MAX_URL = 2000;

/**
 * Opens a prefilled GitHub page (new issue, or compare for a pull request) when the API cannot
 * be used. A body too long for a URL is copied to the clipboard, and the page says to paste it.
 */
export async function openPrefilled(path: string, fields: { title: string; body: string; labels?: string[] }, what: string): Promise<void> {
  const { webUrl } = githubSettings();
  const url = (body: string): string => {
    const q = new URLSearchParams({ title: fields.title, body });
    if (fields.labels?.length) q.set('labels', fields.labels.join(','));
    return `${webUrl}/${path}${path.includes('?') ? '&' : '?'}${q.toString()}`;
  };
  let target = url(fields.body);
  if (target.length > MAX_URL) {
    await vscode.env.clipboard.writeText(fields.body);
    target = url('(The description is on your clipboard: paste it here.)');
    void vscode.window.showInformationMessage(`KEP Studio: the ${what} description is on the clipboard; paste it into the page that opens.`);
  }
  await vscode.env.openExternal(vscode.Uri.parse(target, true));
}

/** The GitHub login of the session VS Code already has for KEP Studio, without asking to sign in. */
export async function signedInLogin(): Promise<string | undefined> {
  try {
    const session = await vscode.authentication.getSession(githubSettings().provider, ['repo'], { silent: true });
    return session?.account.label;
  } catch {
    return undefined;
  }
}

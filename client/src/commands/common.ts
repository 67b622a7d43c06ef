import * as vscode from 'vscode';

/** The KEP file the command is about: the one given, else the active editor's (a file). */
export function kepUri(given?: string | vscode.Uri): vscode.Uri {
  return documentUri(given, ['file'], 'Open a KEP’s kep.yaml or README.md first.');
}

/** The proposal the command is about: the one given, else the active editor's (a file or an untitled draft). */
export function proposalUri(given?: string | vscode.Uri): vscode.Uri {
  return documentUri(given, ['file', 'untitled'], 'Open a proposal first (a KEP’s kep.yaml or README.md, or another proposal).');
}

function documentUri(given: string | vscode.Uri | undefined, schemes: readonly string[], hint: string): vscode.Uri {
  if (given) return typeof given === 'string' ? vscode.Uri.parse(given) : given;
  const uri = vscode.window.activeTextEditor?.document.uri;
  if (!uri || !schemes.includes(uri.scheme)) throw new Error(hint);
  return uri;
}

/** Reports a failed command; `kept` says what was kept for the user, so nothing is lost silently. */
export function reportFailure(command: string, err: unknown, kept?: string): void {
  void vscode.window.showErrorMessage(`KEP Studio: ${command} failed: ${(err as Error).message ?? String(err)}${kept ? ` ${kept}` : ''}`);
}

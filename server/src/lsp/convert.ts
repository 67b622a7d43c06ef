import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeAction,
  CodeActionKind,
  DiagnosticSeverity,
  type Diagnostic,
  type WorkspaceEdit,
  type TextDocumentEdit,
  type CreateFile,
  type RenameFile,
} from 'vscode-languageserver';
import { FILE_START, type Fix, type Problem, type Severity } from '../core/problem.js';
import { safeFixes } from '../fixes/select.js';

/** The code action kind of "fix all": `source.fixAll.kepStudio` (editor.codeActionsOnSave). */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.kepStudio`;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Where untitled documents live, for the engine (nothing is ever read from or written there). */
const UNTITLED = path.resolve('/', 'kep-studio-untitled');

/** Maps paths to the URIs the client uses (open documents keep the client's spelling). */
export class Uris {
  private readonly known = new Map<string, string>();

  /** The path of a document the editor opened (see toPath), remembered with the editor's spelling of its URI. */
  remember(uri: string): string | undefined {
    const p = this.toPath(uri);
    if (p !== undefined) this.known.set(p, uri);
    return p;
  }

  forget(p: string): void {
    this.known.delete(p);
  }

  get size(): number {
    return this.known.size;
  }

  toUri(p: string): string {
    return this.known.get(p) ?? pathToFileURL(p).href;
  }

  /**
   * A file URI's path. An untitled document (an issue draft) gets a path under a folder that
   * does not exist, named for its markup so it is checked like a file: `Untitled-1.md`. Any
   * other URI (another scheme, an empty or malformed one, `untitled:` without a name) names
   * nothing KEP Studio checks: undefined.
   */
  toPath(uri: string): string | undefined {
    if (uri.startsWith('untitled:')) {
      const name = safeDecode(uri.slice('untitled:'.length))?.replace(/[\\/]/g, '_');
      if (!name) return undefined;
      return path.join(UNTITLED, /\.(?:md|markdown|rst)$/i.test(name) ? name : `${name}.md`);
    }
    if (!uri.startsWith('file:')) return undefined;
    try {
      return path.normalize(fileURLToPath(uri));
    } catch {
      return undefined; // a file URI naming another host, say
    }
  }
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** What a diagnostic carries for its quick fixes: everything, so code actions never re-analyse. */
export interface DiagnosticData {
  fixes: Fix[];
}

export function toDiagnostic(p: Problem, uris: Uris, docsUrl: (ruleId: string) => string): Diagnostic {
  const d: Diagnostic = {
    range: p.range,
    severity: SEVERITY[p.severity],
    code: p.ruleId,
    codeDescription: { href: docsUrl(p.ruleId) },
    source: 'kep-studio',
    message: p.message,
  };
  if (p.related?.length) d.relatedInformation = p.related.map((r) => ({ location: { uri: uris.toUri(r.path), range: r.range }, message: r.message }));
  if (p.fixes?.length) d.data = { fixes: p.fixes } satisfies DiagnosticData;
  return d;
}

function fixesOf(d: Diagnostic): Fix[] {
  const data = d.data as Partial<DiagnosticData> | undefined;
  return Array.isArray(data?.fixes) ? data.fixes : [];
}

/** A workspace edit for fixes; `version` gives open documents' versions (edits to them are versioned). */
export function toWorkspaceEdit(fixes: Fix[], uris: Uris, version: (p: string) => number | null): WorkspaceEdit {
  const changes: Array<TextDocumentEdit | CreateFile | RenameFile> = [];
  const textEdits = new Map<string, TextDocumentEdit>();
  const textEditsOf = (p: string): TextDocumentEdit => {
    let e = textEdits.get(p);
    if (!e) {
      e = { textDocument: { uri: uris.toUri(p), version: version(p) }, edits: [] };
      textEdits.set(p, e);
      changes.push(e);
    }
    return e;
  };
  for (const fix of fixes) {
    for (const edit of fix.edits) {
      if (edit.kind === 'edit') textEditsOf(edit.path).edits.push({ range: edit.range, newText: edit.newText });
      else if (edit.kind === 'rename') changes.push({ kind: 'rename', oldUri: uris.toUri(edit.oldPath), newUri: uris.toUri(edit.newPath) });
      else {
        changes.push({ kind: 'create', uri: uris.toUri(edit.path), options: { ignoreIfExists: false, overwrite: false } });
        // A new file's content is an edit of the new, empty document.
        changes.push({ textDocument: { uri: uris.toUri(edit.path), version: null }, edits: [{ range: FILE_START, newText: edit.content }] });
      }
    }
  }
  return { documentChanges: changes };
}

export function quickFixes(d: Diagnostic, uris: Uris, version: (p: string) => number | null): CodeAction[] {
  return fixesOf(d).map((fix) => {
    const action = CodeAction.create(fix.title, toWorkspaceEdit([fix], uris, version), CodeActionKind.QuickFix);
    action.diagnostics = [d];
    if (fix.preferred) action.isPreferred = true;
    return action;
  });
}

/** The safe fixes of a document's problems in one edit (the engine chooses them, as for `check --fix`). */
export function fixAll(problems: Problem[], uris: Uris, version: (p: string) => number | null): CodeAction | undefined {
  const chosen = safeFixes(problems);
  if (!chosen.length) return undefined;
  return CodeAction.create('Fix all safe KEP Studio problems', toWorkspaceEdit(chosen, uris, version), FIX_ALL_KIND);
}

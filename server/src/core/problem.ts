import type { Range } from 'vscode-languageserver-types';

export type { Range, Position } from 'vscode-languageserver-types';

/** The start of a file: where problems about a file as a whole, or a file to create, go. */
export const FILE_START: Range = Object.freeze({ start: Object.freeze({ line: 0, character: 0 }), end: Object.freeze({ line: 0, character: 0 }) });

/** LSP severities by name; `error` means the proposal repository's own CI would fail. */
export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/** One change a fix makes. Paths are absolute. */
export type FileEdit =
  | { kind: 'edit'; path: string; range: Range; newText: string }
  | { kind: 'create'; path: string; content: string }
  | { kind: 'rename'; oldPath: string; newPath: string };

/**
 * A fix computed when the problem is found, so front ends apply it without re-analysing.
 * `safe` fixes are applied by "fix all": they edit the file in place, cannot lose text and do
 * not guess a choice (creating or renaming files is never safe: it may rest on another problem).
 */
export interface Fix {
  title: string;
  edits: FileEdit[];
  preferred?: boolean;
  safe?: boolean;
}

export interface RelatedLocation {
  path: string;
  range: Range;
  message: string;
}

export interface Problem {
  /** Absolute path of the file the problem is in. */
  path: string;
  range: Range;
  ruleId: string;
  severity: Severity;
  message: string;
  fixes?: Fix[];
  related?: RelatedLocation[];
}

/** What a rule module declares about each rule it reports. Docs live in docs/rules/<id>.md. */
export interface RuleMeta {
  id: string;
  severity: Severity;
  /** One line, shown in the README's rule table and in hovers. */
  summary: string;
}

/** The same problem reported twice (e.g. through two KEPs that share a file) counts once. */
export function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}:${p.range.start.line}:${p.range.start.character}:${p.ruleId}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

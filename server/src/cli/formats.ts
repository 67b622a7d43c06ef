import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Problem, RuleMeta, Severity } from '../core/problem.js';

export type Format = 'text' | 'json' | 'sarif' | 'github';
export const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'github'];

export interface Report {
  problems: Problem[];
  files: number;
  cwd: string;
  rules: ReadonlyMap<string, RuleMeta>;
  version: string;
  docsUrl: (ruleId: string) => string;
}

const rel = (r: Report, p: string): string => path.relative(r.cwd, p).split(path.sep).join('/') || '.';

export function format(kind: Format, r: Report): string {
  switch (kind) {
    case 'text':
      return r.problems
        .map((p) => printableLine(`${printable(rel(r, p.path))}:${p.range.start.line + 1}:${p.range.start.character + 1} ${p.severity} ${printable(p.ruleId)} ${printable(p.message.replace(/\s*\n\s*/g, ' '))}`))
        .join('');
    case 'json':
      return json({
        version: 1,
        files: r.files,
        problems: r.problems.map((p) => ({ file: rel(r, p.path), range: p.range, severity: p.severity, code: p.ruleId, message: p.message })),
      });
    case 'github':
      return r.problems.map((p) => githubAnnotation(r, p)).join('');
    case 'sarif':
      return json(sarif(r), 2);
  }
}

/**
 * Characters a terminal or a log viewer acts on rather than shows: C0 and C1 controls (escape
 * sequences, CR, LF, tab), DEL, the line and paragraph separators, bidirectional controls.
 */
const UNSAFE = /[\p{Cc}\u2028\u2029\p{Bidi_Control}]/gu;
const hex = (c: string, width: number): string => c.codePointAt(0)!.toString(16).padStart(width, '0');

/**
 * Text a repository wrote (paths, values it quotes), fit for a terminal or a CI log: each unsafe
 * character is shown as a \xHH or \u{HHHH} escape, and `##[`, which a GitHub runner takes for a
 * command anywhere in a line, as `##\x5b`.
 */
export function printable(s: string): string {
  return s.replace(UNSAFE, (c) => (c.length === 1 && c <= '\xff' ? `\\x${hex(c, 2)}` : `\\u{${hex(c, 4)}}`)).replace(/##\[/g, '##\\x5b');
}

/** One line of text output: a GitHub runner takes a line that starts with `::` (after spaces) for a command. */
export function printableLine(line: string): string {
  return `${line.replace(/^(\s*):(?=:)/u, '$1\\x3a')}\n`;
}

/** What JSON.stringify leaves raw of UNSAFE (it escapes C0 controls itself): found in strings only. */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u2028\u2029\p{Bidi_Control}]/gu;

/** JSON with every unsafe character escaped in its strings. */
function json(value: unknown, indent?: number): string {
  return `${JSON.stringify(value, null, indent).replace(UNSAFE_IN_JSON, (c) => `\\u${hex(c, 4)}`)}\n`;
}

const GITHUB_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

/** A workflow command, escaped as GitHub's @actions/core does. */
function githubAnnotation(r: Report, p: Problem): string {
  const data = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const prop = (s: string): string => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const props = [
    `file=${prop(rel(r, p.path))}`,
    `line=${p.range.start.line + 1}`,
    `col=${p.range.start.character + 1}`,
    `endLine=${p.range.end.line + 1}`,
    `endColumn=${p.range.end.character + 1}`,
    `title=${prop(p.ruleId)}`,
  ];
  return `::${GITHUB_LEVEL[p.severity]} ${props.join(',')}::${data(p.message)}\n`;
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

function sarif(r: Report): unknown {
  const used = [...new Set(r.problems.map((p) => p.ruleId))].sort();
  const ruleIndex = new Map(used.map((id, i) => [id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kep-studio',
            version: r.version,
            informationUri: 'https://github.com/kep-studio/kep-studio',
            rules: used.map((id) => {
              const meta = r.rules.get(id);
              return {
                id,
                shortDescription: { text: meta?.summary ?? id },
                helpUri: r.docsUrl(id),
                defaultConfiguration: { level: SARIF_LEVEL[meta?.severity ?? 'warning'] },
              };
            }),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(path.join(r.cwd, path.sep)).href } },
        results: r.problems.map((p) => ({
          ruleId: p.ruleId,
          ruleIndex: ruleIndex.get(p.ruleId),
          level: SARIF_LEVEL[p.severity],
          message: { text: p.message },
          locations: [
            {
              physicalLocation: {
                // A URI reference: `#`, `%`, `?` and spaces in a path must not read as URI syntax.
                artifactLocation: { uri: rel(r, p.path).split('/').map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' },
                region: {
                  startLine: p.range.start.line + 1,
                  startColumn: p.range.start.character + 1,
                  endLine: p.range.end.line + 1,
                  endColumn: p.range.end.character + 1,
                },
              },
            },
          ],
        })),
      },
    ],
  };
}

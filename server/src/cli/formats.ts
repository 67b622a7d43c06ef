import * as path from 'node:path';
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
const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, ' ');

export function format(kind: Format, r: Report): string {
  switch (kind) {
    case 'text':
      return r.problems
        .map((p) => `${rel(r, p.path)}:${p.range.start.line + 1}:${p.range.start.character + 1} ${p.severity} ${p.ruleId} ${oneLine(p.message)}\n`)
        .join('');
    case 'json':
      return (
        JSON.stringify({
          version: 1,
          files: r.files,
          problems: r.problems.map((p) => ({ file: rel(r, p.path), range: p.range, severity: p.severity, code: p.ruleId, message: p.message })),
        }) + '\n'
      );
    case 'github':
      return r.problems.map((p) => githubAnnotation(r, p)).join('');
    case 'sarif':
      return JSON.stringify(sarif(r), null, 2) + '\n';
  }
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
        originalUriBaseIds: { SRCROOT: { uri: `file://${r.cwd.split(path.sep).join('/')}/` } },
        results: r.problems.map((p) => ({
          ruleId: p.ruleId,
          ruleIndex: ruleIndex.get(p.ruleId),
          level: SARIF_LEVEL[p.severity],
          message: { text: p.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: rel(r, p.path), uriBaseId: 'SRCROOT' },
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

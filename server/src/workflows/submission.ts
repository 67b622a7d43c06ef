import * as path from 'node:path';
import type { Problem } from '../core/problem.js';
import type { Kep } from '../kep/kep.js';
import { prrPath } from '../rules/prr.js';
import type { Repository } from '../workspace/repository.js';

/** What Submit Proposal commits and the pull request it opens. */
export interface Submission {
  /** Errors in the KEP's files: the submission is refused while there are any. */
  errors: Problem[];
  /** The KEP's files (its folder and its PRR approval file), absolute. */
  files: string[];
  branch: string;
  commitMessage: string;
  title: string;
  body: string;
  labels: string[];
}

const DEFAULT_BODY = (issue: string, kep: string): string =>
  [
    '<!-- Thanks for sending a pull request! -->',
    '',
    `- One-line PR description: ${kep}`,
    `- Issue link: ${issue}`,
    '- Other comments:',
    '',
    '<!-- Do not use "fixes #NNNN": it would close the enhancement tracking issue. -->',
    '',
  ].join('\n');

export function submission(repo: Repository, kep: Kep): Submission {
  const prr = prrPath(repo, kep);
  const view = repo.view(new Set());
  const files = [...walk(repo, kep.dir), ...(prr && view.source(prr, 'yaml').exists ? [prr] : [])];
  const inKep = (p: string): boolean => p === prr || p.startsWith(kep.dir + path.sep);
  const units = new Map(files.flatMap((f) => repo.unitsFor(f)).map((u) => [JSON.stringify(u), u]));
  const errors = [...units.values()].flatMap((u) => repo.checkUnit(u).problems).filter((p) => p.severity === 'error' && inKep(p.path));
  const number = kep.number && /^\d+$/.test(kep.number) ? kep.number : undefined;
  const title = `KEP-${number ?? 'NNNN'}: ${kep.title ?? path.basename(kep.dir)}`;
  const template = ['.github/PULL_REQUEST_TEMPLATE.md', '.github/pull_request_template.md', 'PULL_REQUEST_TEMPLATE.md'].map((t) => view.source(path.join(repo.root, t), 'markdown')).find((s) => s.exists && !s.issue);
  const issue = number ? `https://github.com/kubernetes/enhancements/issues/${number}` : '(file the tracking issue first)';
  return {
    errors: dedupe(errors),
    files,
    branch: `kep-${number ?? path.basename(kep.dir)}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-'),
    commitMessage: title,
    title,
    body: template?.text ?? DEFAULT_BODY(issue, title),
    labels: ['kind/kep', ...(kep.owningSig ? [`sig/${kep.owningSig.replace(/^sig-/, '')}`] : [])],
  };
}

function walk(repo: Repository, dir: string): string[] {
  const entries = repo.env.sources.fs.readDir(dir);
  if (!Array.isArray(entries)) return [];
  return entries.flatMap((e) => (e.isDirectory ? walk(repo, path.join(dir, e.name)) : e.isFile ? [path.join(dir, e.name)] : []));
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.path}:${p.range.start.line}:${p.range.start.character}:${p.ruleId}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

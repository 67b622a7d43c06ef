import * as path from 'node:path';
import { dedupe, type Problem } from '../core/problem.js';
import type { Kep } from '../kep/kep.js';
import type { ProposalDoc } from '../kinds/document.js';
import { readMetadata } from '../kinds/metadata.js';
import type { Recognition } from '../kinds/recognise.js';
import { builtInKind } from '../kinds/registry.js';
import { fill, proposalVariables } from '../kinds/titles.js';
import { prrPath } from '../kep/prr.js';
import type { Repository } from '../workspace/repository.js';
import { openItems, proposalChecklistView } from './checklistView.js';

/** Where Submit Proposal takes a proposal, per its kind's route. */
export type Submission = PullRequestSubmission | IssueSubmission | ManualSubmission;

interface Common {
  kind: { id: string; name: string };
}

/** Commit the proposal's files on a branch and open a pull request. */
interface PullRequestSubmission extends Common {
  route: 'pull-request';
  /** Errors in the proposal's files: the submission is refused while there are any. */
  errors: Problem[];
  /** The files to commit, absolute. */
  files: string[];
  repository: string;
  branch: string;
  commitMessage: string;
  title: string;
  body: string;
  labels: string[];
}

/** File the document as an issue (its front matter holds the title and labels). */
interface IssueSubmission extends Common {
  route: 'issue';
  errors: Problem[];
  /** Required items of its checklist not done yet (the user confirms filing anyway). */
  open: string[];
  repository: string;
  title: string;
  body: string;
  labels: string[];
  assignees: string[];
}

/** Not submitted on GitHub: the kind says how. */
interface ManualSubmission extends Common {
  route: 'manual';
  instructions: string;
  url?: string;
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

/** A KEP: its folder and PRR approval file, in a pull request titled as the PR template asks. */
export function kepSubmission(repo: Repository, kep: Kep): PullRequestSubmission {
  const kind = builtInKind('kep');
  const route = kind.submission!;
  const prr = prrPath(repo, kep);
  const view = repo.view(new Set());
  const files = [...walk(repo, kep.dir), ...(prr && view.source(prr, 'yaml').exists ? [prr] : [])];
  const inKep = (p: string): boolean => p === prr || p.startsWith(kep.dir + path.sep);
  const units = new Map(files.flatMap((f) => repo.unitsFor(f)).map((u) => [JSON.stringify(u), u]));
  const errors = [...units.values()].flatMap((u) => repo.checkUnit(u).problems).filter((p) => p.severity === 'error' && inKep(p.path));
  const number = kep.number && /^\d+$/.test(kep.number) ? kep.number : undefined;
  const vars = { 'kep-number': number ?? 'NNNN', title: kep.title ?? path.basename(kep.dir), ...(kep.owningSig ? { sig: kep.owningSig.replace(/^sig-/, '') } : {}) };
  const title = fill(route.title!, vars);
  const template = ['.github/PULL_REQUEST_TEMPLATE.md', '.github/pull_request_template.md', 'PULL_REQUEST_TEMPLATE.md'].map((t) => view.source(path.join(repo.root, t), 'markdown')).find((s) => s.exists && !s.issue);
  const issue = number ? `https://github.com/${route.repository}/issues/${number}` : '(file the tracking issue first)';
  return {
    route: 'pull-request',
    kind: { id: kind.id, name: kind.name },
    errors: dedupe(errors),
    files,
    repository: route.repository!,
    branch: `kep-${number ?? path.basename(kep.dir)}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-'),
    commitMessage: title,
    title,
    body: template?.text ?? DEFAULT_BODY(issue, title),
    labels: filledLabels(route.labels ?? [], vars),
  };
}

/** A proposal of another kind, per its kind's route. */
export function proposalSubmission(repo: Repository, doc: ProposalDoc, recognition: Recognition): Submission {
  const kind = recognition.kind;
  const route = kind.submission;
  const common = { kind: { id: kind.id, name: kind.name } };
  if (!route || route.route === 'manual') {
    return { ...common, route: 'manual', instructions: route?.instructions ?? `KEP Studio does not know where a ${kind.name} is submitted.`, ...(route?.url ? { url: route.url } : {}) };
  }
  const metadata = kind.metadata ? readMetadata(doc, kind.metadata) : undefined;
  const vars = proposalVariables(doc, kind, metadata);
  const errors = dedupe(repo.checkUnit({ kind: 'proposal', path: doc.path }).problems.filter((p) => p.severity === 'error'));
  const labels = filledLabels(route.labels ?? [], vars);
  // kind.schema.json requires it for these routes.
  const repository = route.repository;
  if (!repository) throw new Error(`The ${kind.name} kind names no repository to submit to.`);
  if (route.route === 'issue') {
    const fm = doc.frontMatter?.view;
    const given = fm?.list('labels');
    const open = openItems(proposalChecklistView(doc, recognition)).map((i) => i.label);
    return {
      ...common,
      route: 'issue',
      errors,
      open,
      repository,
      title: fm?.string('title') ?? fill(route.title ?? '{title}', vars),
      // The front matter is the draft's own: GitHub gets the body after it.
      body: doc.text.slice(doc.bodyStart).replace(/^\s*\n/, ''),
      labels: given?.filter(Boolean) ?? labels,
      assignees: route.assignees ?? [],
    };
  }
  const title = fill(route.title ?? '{title}', vars);
  const base = path.basename(doc.path).replace(/\.[^.]+$/, '');
  return {
    ...common,
    route: 'pull-request',
    errors,
    files: [doc.path],
    repository,
    branch: `${kind.id}-${base}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-'),
    commitMessage: title,
    title,
    body: `${kind.name}: ${title}.\n`,
    labels,
  };
}

/** Labels with their `{name}`s filled; a label naming something unknown is left out. */
function filledLabels(labels: readonly string[], vars: Record<string, string>): string[] {
  return labels.map((l) => fill(l, vars)).filter((l) => !/\{[^{}]+\}/.test(l));
}

function walk(repo: Repository, dir: string): string[] {
  const entries = repo.env.sources.fs.readDir(dir);
  if (!Array.isArray(entries)) return [];
  return entries.flatMap((e) => (e.isDirectory ? walk(repo, path.join(dir, e.name)) : e.isFile ? [path.join(dir, e.name)] : []));
}

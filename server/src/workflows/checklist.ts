import * as path from 'node:path';
import { FILE_START, type Fix, type Problem, type Range } from '../core/problem.js';
import type { Kep } from '../kep/kep.js';
import { normalizeUser } from '../kep/owners.js';
import { parseMilestone, PRR_FIRST_MINOR, PRR_STATUSES, signoffRequired, type Stage } from '../kep/process.js';
import { newPrrFile } from '../kep/scaffold.js';
import type { MarkdownDoc } from '../parse/markdownDoc.js';
import { prrApprovers, prrPath } from '../kep/prr.js';
import { graduationGaps, headingRange, prrQuestionnaireGaps, testPlanGap, type SectionGap } from '../kep/readme.js';
import type { Repository } from '../workspace/repository.js';
import { promoteKep } from './promote.js';
import { isStage, parseRelease, sameRelease, type ReleaseTarget } from './stages.js';
import { YamlEditor } from './yamlEdits.js';

export type ItemState = 'done' | 'todo';

/** A readiness check for the stage the KEP targets: its state, where to look, what fixes it. */
export interface ReadinessItem {
  id: string;
  label: string;
  state: ItemState;
  detail?: string;
  location?: { path: string; range: Range };
  fix?: Fix;
  /** The rule whose page explains the item (docs/rules/<rule>.md). */
  rule?: string;
}

/** A line of the README's Release Signoff Checklist. */
export interface SignoffItem {
  text: string;
  checked: boolean;
  /** Marked (R) (and, for GA-only lines, the KEP goes stable): required before the release. */
  required: boolean;
  depth: number;
  path: string;
  /** The `[ ]` / `[x]` box. */
  box: Range;
}

export interface Checklist {
  kepDir: string;
  title?: string;
  number?: string;
  status?: string;
  /** The stage the checks are for: the target's, else the KEP's stage, else alpha. */
  stage: Stage;
  /** The release the checks are for: the target's, else the KEP's latest-milestone. */
  release?: string;
  signoff: SignoffItem[];
  readiness: ReadinessItem[];
}

/** Warnings that mean kep.yaml is not filled in right (the others are about process or people). */
const METADATA_WARNINGS = new Set(['kep/placeholder', 'kep/unknown-sig', 'kep/retired-sig', 'kep/status-value', 'kep/stage-value', 'kep/date-format', 'kep/milestone-format']);

/**
 * What a KEP still needs before a release: the signoff checklist and computed checks, for a
 * target (a stage in a release), else for the KEP's own stage and latest-milestone.
 */
export function kepChecklist(repo: Repository, kep: Kep, target?: ReleaseTarget): Checklist {
  const view = repo.view(new Set());
  const readme = kep.location.readmePath ? view.markdown(kep.location.readmePath) : undefined;
  const stage: Stage = target?.stage ?? (kep.stage && isStage(kep.stage) ? kep.stage : 'alpha');
  const release = target?.release ?? kep.latestMilestone;
  const at = (key: string): { path: string; range: Range } => ({ path: kep.path, range: kep.range(key) });
  // The KEP's checks, and the README's own (its table of contents).
  const units = new Map([kep.path, ...(readme ? [readme.path] : [])].flatMap((f) => repo.unitsFor(f)).map((u) => [JSON.stringify(u), u]));
  const problems = [...units.values()].flatMap((u) => repo.checkUnit(u).problems);
  const metadataProblems = problems.filter((p) => p.path === kep.path && p.ruleId.startsWith('kep/') && (p.severity === 'error' || METADATA_WARNINGS.has(p.ruleId)));
  const items: ReadinessItem[] = [];

  // Implementable (or implemented already): the SIG has approved the plan.
  const approved = PRR_STATUSES.has(kep.status ?? '');
  items.push({ id: 'status', label: 'Status implementable', state: approved ? 'done' : 'todo', detail: kep.status ? `status: ${kep.status}` : 'status is not set', location: at('status') });
  items.push(milestoneItem(repo, kep, stage, release));
  const first = metadataProblems[0];
  items.push({
    id: 'metadata',
    label: 'Metadata complete',
    state: metadataProblems.length ? 'todo' : 'done',
    ...(first ? { detail: first.message, location: { path: first.path, range: first.range }, rule: first.ruleId, ...(first.fixes?.[0] ? { fix: first.fixes[0] } : {}) } : {}),
  });
  items.push(prrItem(repo, kep, stage, release));
  if (readme) {
    const template = repo.template();
    const grad = graduationGaps(readme, template, [stage])[0];
    const gradGap: SectionGap | undefined =
      grad?.kind === 'empty'
        ? { kind: 'empty', section: grad.section }
        : grad?.kind === 'missing'
          ? { kind: 'missing', title: `${grad.title} subsection under Graduation Criteria`, range: headingRange(readme, grad.section), fix: grad.fix }
          : grad && { kind: 'missing', title: 'Graduation Criteria section', range: readme.index.lineRange(0), fix: grad.fix };
    items.push(sectionItem('graduation', `Graduation criteria for ${stage}`, 'md/graduation-criteria', readme, gradGap));
    items.push(sectionItem('test-plan', 'Test plan', 'md/test-plan', readme, testPlanGap(readme, template)));
    items.push(sectionItem('prr-questionnaire', `PRR questionnaire for ${stage}`, 'md/prr-questionnaire', readme, prrQuestionnaireGaps(readme, template, stage)[0]));
  }
  if (stage === 'alpha' || stage === 'beta' || stage === 'stable') {
    const gates = (kep.view?.get('feature-gates') as Array<{ name?: unknown }> | null | undefined) ?? [];
    const named = Array.isArray(gates) && gates.some((g) => g && typeof g.name === 'string' && g.name);
    const disable = kep.view?.has('disable-supported') === true;
    items.push({
      id: 'feature-gates',
      label: 'Feature gates and disable-supported in kep.yaml',
      state: named && disable ? 'done' : 'todo',
      ...(named && disable ? {} : { detail: named ? 'disable-supported is not set.' : 'No feature gate is listed.' }),
      location: at(named ? 'disable-supported' : 'feature-gates'),
    });
  }
  if (stage === 'beta' || stage === 'stable') {
    const metrics = kep.list('metrics').filter(Boolean);
    items.push({ id: 'metrics', label: 'Metrics in kep.yaml', state: metrics.length ? 'done' : 'todo', ...(metrics.length ? {} : { detail: 'No metric is listed.' }), location: at('metrics') });
  }
  if (readme) {
    const toc = problems.find((p) => p.path === readme.path && (p.ruleId === 'md/toc-out-of-date' || p.ruleId === 'md/toc-markers'));
    items.push(problemItem('toc', 'Table of contents up to date', 'md/toc-out-of-date', toc));
    const missing = problems.filter((p) => p.path === readme.path && p.ruleId === 'md/template-section');
    const templateItem = problemItem('template', 'README follows the KEP template', 'md/template-section', missing[0]);
    items.push(missing.length > 1 ? { ...templateItem, detail: `${missing.length} sections missing; ${missing[0]!.message}` } : templateItem);
    items.push(problemItem('unresolved', 'No unresolved blocks', 'md/unresolved', problems.find((p) => p.path === readme.path && p.ruleId === 'md/unresolved')));
  }
  const number = kep.number;
  const numbered = !!number && /^[1-9]\d*$/.test(number) && kep.folderNumber !== undefined && Number(kep.folderNumber) === Number(number);
  items.push({
    id: 'tracking-issue',
    label: 'Tracking issue number set',
    state: numbered ? 'done' : 'todo',
    ...(numbered ? { detail: `KEP-${number}` } : { detail: 'kep-number and the folder name should be the tracking issue’s number (File Tracking Issue sets them).' }),
    location: at('kep-number'),
  });

  const signoffSection = readme?.find(/^release signoff checklist/i);
  const signoff: SignoffItem[] = signoffSection
    ? readme!.tasks(signoffSection.contentStart, signoffSection.end).map((t) => ({
        text: t.text,
        checked: t.checked,
        required: signoffRequired(t.text, stage),
        depth: t.depth,
        path: readme!.path,
        box: readme!.range(t.boxStart, t.boxStart + 3),
      }))
    : [];
  return {
    kepDir: kep.dir,
    ...(kep.title ? { title: kep.title } : {}),
    ...(number ? { number } : {}),
    ...(kep.status ? { status: kep.status } : {}),
    stage,
    ...(release ? { release } : {}),
    signoff,
    readiness: items,
  };
}

function sectionItem(id: string, label: string, rule: string, doc: MarkdownDoc, gap: SectionGap | undefined): ReadinessItem {
  if (!gap) return { id, label, state: 'done', rule };
  return gap.kind === 'missing'
    ? { id, label, state: 'todo', detail: `The README has no ${gap.title}.`, location: { path: doc.path, range: gap.range }, fix: gap.fix, rule }
    : { id, label, state: 'todo', detail: `"${gap.section.title}" holds only template text or comments.`, location: { path: doc.path, range: headingRange(doc, gap.section) }, rule: 'md/empty-section' };
}

/** An item that is open while a rule reports `problem`. */
function problemItem(id: string, label: string, rule: string, problem: Problem | undefined): ReadinessItem {
  if (!problem) return { id, label, state: 'done', rule };
  return { id, label, state: 'todo', detail: problem.message, location: { path: problem.path, range: problem.range }, rule: problem.ruleId, ...(problem.fixes?.[0] ? { fix: problem.fixes[0] } : {}) };
}

/** The KEP's stage, latest-milestone and milestone.<stage> name the target; a Promote fixes them. */
function milestoneItem(repo: Repository, kep: Kep, stage: Stage, release: string | undefined): ReadinessItem {
  const id = 'milestone';
  const label = release ? `Stage ${stage} and milestones in ${release}` : `Stage ${stage} and latest-milestone`;
  const wrong: string[] = [];
  if (kep.stage !== stage) wrong.push(kep.stage ? `stage is ${kep.stage}` : 'stage is not set');
  if (!release) wrong.push('latest-milestone is not set');
  else if (!parseRelease(release)) wrong.push(`latest-milestone ${release} is not a release like v1.38`);
  else {
    if (!sameRelease(kep.latestMilestone, release)) wrong.push(kep.latestMilestone ? `latest-milestone is ${kep.latestMilestone}` : 'latest-milestone is not set');
    const planned = kep.str(`/milestone/${stage}`);
    if (!sameRelease(planned, release)) wrong.push(planned ? `milestone.${stage} is ${planned}` : `milestone.${stage} is not set`);
  }
  const location = { path: kep.path, range: kep.range(kep.stage === stage ? 'latest-milestone' : 'stage') };
  if (!wrong.length) return { id, label, state: 'done', location };
  const promotable = release !== undefined && parseRelease(release) === release && kep.decoded;
  const promotion = promotable ? promoteKep(repo, kep, stage, release) : undefined;
  return { id, label, state: 'todo', detail: `${wrong.join('; ')}.`, location, ...(promotion ? { fix: { title: `Promote to ${stage} in ${release}`, edits: promotion.edits } } : {}) };
}

/** The PRR approval the stage needs (kepval requires it from v1.21): an entry with a PRR approver. */
function prrItem(repo: Repository, kep: Kep, stage: Stage, target: string | undefined): ReadinessItem {
  const id = 'prr-approval';
  const label = `PRR approval for ${stage}`;
  const file = prrPath(repo, kep);
  const release = target ? parseMilestone(target) : undefined;
  if (release && !('error' in release) && release.major === 1 && release.minor < PRR_FIRST_MINOR) return { id, label, state: 'done', detail: 'Not needed before v1.21.' };
  const rule = 'prr/file-missing';
  if (!file || !kep.number) return { id, label, state: 'todo', detail: 'kep-number and owning-sig name the PRR approval file.', location: { path: kep.path, range: kep.range('kep-number') }, rule };
  const view = repo.view(new Set());
  const rel = path.relative(repo.root, file);
  if (!view.source(file, 'yaml').exists) {
    return { id, label, state: 'todo', detail: `${rel} does not exist.`, location: { path: kep.path, range: kep.range('stage') }, rule, fix: { title: `Create ${rel}`, edits: [{ kind: 'create', path: file, content: newPrrFile(kep.number, stage) }] } };
  }
  const prr = view.yaml(file);
  const entry = prr?.get(stage) as { approver?: unknown } | null | undefined;
  const start = { path: file, range: prr?.firstLine() ?? FILE_START };
  if (!prr?.root || !entry || typeof entry !== 'object') {
    return { id, label, state: 'todo', detail: `${rel} has no ${stage} entry.`, location: start, rule: 'prr/stage-missing', ...(prr?.root ? { fix: { title: `Add a ${stage} entry`, edits: new YamlEditor(prr, file).setNested(stage, 'approver', '""').edits } } : {}) };
  }
  const approver = typeof entry.approver === 'string' ? entry.approver : '';
  const approvers = prrApprovers(view);
  const location = { path: file, range: prr.valueRange(`/${stage}/approver`) };
  if (!approver) return { id, label, state: 'todo', detail: 'No PRR approver is named yet.', location, rule: 'prr/approver' };
  if (approvers && !approvers.some((a) => normalizeUser(a) === normalizeUser(approver))) return { id, label, state: 'todo', detail: `${approver} is not a PRR approver.`, location, rule: 'prr/approver' };
  return { id, label, state: 'done', detail: approver, location, rule: 'prr/approver' };
}

import * as path from 'node:path';
import { FILE_START, type Fix, type Range } from '../core/problem.js';
import type { Kep } from '../kep/kep.js';
import { normalizeUser } from '../kep/owners.js';
import { parseMilestone, PRR_FIRST_MINOR, type Stage } from '../kep/process.js';
import { newPrrFile } from '../kep/scaffold.js';
import type { MarkdownDoc } from '../parse/markdownDoc.js';
import { prrApprovers, prrPath } from '../kep/prr.js';
import { graduationGaps, headingRange, prrQuestionnaireGaps, testPlanGap, type SectionGap } from '../kep/readme.js';
import type { Repository } from '../workspace/repository.js';
import { isStage } from './stages.js';
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
}

/** A line of the README's Release Signoff Checklist. */
export interface SignoffItem {
  text: string;
  checked: boolean;
  /** Marked (R): required before targeting a release. */
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
  /** The stage the checks are for: the KEP's stage, else alpha. */
  stage: Stage;
  release?: string;
  signoff: SignoffItem[];
  readiness: ReadinessItem[];
}

/** Warnings that mean kep.yaml is not filled in right (the others are about process or people). */
const METADATA_WARNINGS = new Set(['kep/placeholder', 'kep/unknown-sig', 'kep/retired-sig', 'kep/status-value', 'kep/stage-value', 'kep/date-format', 'kep/milestone-format']);

/** What a KEP still needs before its next milestone: the signoff checklist and computed checks. */
export function kepChecklist(repo: Repository, kep: Kep): Checklist {
  const view = repo.view(new Set());
  const readme = kep.location.readmePath ? view.markdown(kep.location.readmePath) : undefined;
  const stage: Stage = kep.stage && isStage(kep.stage) ? kep.stage : 'alpha';
  const at = (key: string): { path: string; range: Range } => ({ path: kep.path, range: kep.range(key) });
  // The KEP's checks, and the README's own (its table of contents).
  const units = new Map([kep.path, ...(readme ? [readme.path] : [])].flatMap((f) => repo.unitsFor(f)).map((u) => [JSON.stringify(u), u]));
  const problems = [...units.values()].flatMap((u) => repo.checkUnit(u).problems);
  const metadataProblems = problems.filter((p) => p.path === kep.path && p.ruleId.startsWith('kep/') && (p.severity === 'error' || METADATA_WARNINGS.has(p.ruleId)));
  const items: ReadinessItem[] = [];

  const first = metadataProblems[0];
  items.push({
    id: 'metadata',
    label: 'Metadata complete',
    state: metadataProblems.length ? 'todo' : 'done',
    ...(first ? { detail: first.message, location: { path: first.path, range: first.range }, ...(first.fixes?.[0] ? { fix: first.fixes[0] } : {}) } : {}),
  });
  items.push(prrItem(repo, kep, stage));
  if (readme) {
    const template = repo.template();
    const grad = graduationGaps(readme, template, [stage])[0];
    const gradGap: SectionGap | undefined =
      grad?.kind === 'empty'
        ? { kind: 'empty', section: grad.section }
        : grad?.kind === 'missing'
          ? { kind: 'missing', title: `${grad.title} subsection under Graduation Criteria`, range: headingRange(readme, grad.section), fix: grad.fix }
          : grad && { kind: 'missing', title: 'Graduation Criteria section', range: readme.index.lineRange(0), fix: grad.fix };
    items.push(sectionItem('graduation', `Graduation criteria for ${stage}`, readme, gradGap));
    items.push(sectionItem('test-plan', 'Test plan', readme, testPlanGap(readme, template)));
    items.push(sectionItem('prr-questionnaire', `PRR questionnaire for ${stage}`, readme, prrQuestionnaireGaps(readme, template, stage)[0]));
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
    items.push({
      id: 'toc',
      label: 'Table of contents up to date',
      state: toc ? 'todo' : 'done',
      ...(toc ? { detail: toc.message, location: { path: toc.path, range: toc.range }, ...(toc.fixes?.[0] ? { fix: toc.fixes[0] } : {}) } : {}),
    });
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
        required: /^\(R\)/.test(t.text),
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
    ...(kep.latestMilestone ? { release: kep.latestMilestone } : {}),
    signoff,
    readiness: items,
  };
}

function sectionItem(id: string, label: string, doc: MarkdownDoc, gap: SectionGap | undefined): ReadinessItem {
  if (!gap) return { id, label, state: 'done' };
  return gap.kind === 'missing'
    ? { id, label, state: 'todo', detail: `The README has no ${gap.title}.`, location: { path: doc.path, range: gap.range }, fix: gap.fix }
    : { id, label, state: 'todo', detail: `"${gap.section.title}" holds only template text or comments.`, location: { path: doc.path, range: headingRange(doc, gap.section) } };
}

/** The PRR approval the stage needs (kepval requires it from v1.21): an entry with a PRR approver. */
function prrItem(repo: Repository, kep: Kep, stage: Stage): ReadinessItem {
  const id = 'prr-approval';
  const label = `PRR approval for ${stage}`;
  const file = prrPath(repo, kep);
  const release = kep.latestMilestone ? parseMilestone(kep.latestMilestone) : undefined;
  if (release && !('error' in release) && release.major === 1 && release.minor < PRR_FIRST_MINOR) return { id, label, state: 'done', detail: 'Not needed before v1.21.' };
  if (!file || !kep.number) return { id, label, state: 'todo', detail: 'kep-number and owning-sig name the PRR approval file.', location: { path: kep.path, range: kep.range('kep-number') } };
  const view = repo.view(new Set());
  const rel = path.relative(repo.root, file);
  if (!view.source(file, 'yaml').exists) {
    return { id, label, state: 'todo', detail: `${rel} does not exist.`, location: { path: kep.path, range: kep.range('stage') }, fix: { title: `Create ${rel}`, edits: [{ kind: 'create', path: file, content: newPrrFile(kep.number, stage) }] } };
  }
  const prr = view.yaml(file);
  const entry = prr?.get(stage) as { approver?: unknown } | null | undefined;
  const start = { path: file, range: prr?.firstLine() ?? FILE_START };
  if (!prr?.root || !entry || typeof entry !== 'object') {
    return { id, label, state: 'todo', detail: `${rel} has no ${stage} entry.`, location: start, ...(prr?.root ? { fix: { title: `Add a ${stage} entry`, edits: new YamlEditor(prr, file).setNested(stage, 'approver', '""').edits } } : {}) };
  }
  const approver = typeof entry.approver === 'string' ? entry.approver : '';
  const approvers = prrApprovers(view);
  const location = { path: file, range: prr.valueRange(`/${stage}/approver`) };
  if (!approver) return { id, label, state: 'todo', detail: 'No PRR approver is named yet.', location };
  if (approvers && !approvers.some((a) => normalizeUser(a) === normalizeUser(approver))) return { id, label, state: 'todo', detail: `${approver} is not a PRR approver.`, location };
  return { id, label, state: 'done', detail: approver, location };
}

import type { Fix, Range } from '../core/problem.js';
import type { Engine } from '../engine.js';
import type { Kep } from '../kep/kep.js';
import type { Stage } from '../kep/process.js';
import { analyseSections, evaluateChecklists, findPlaceholders } from '../kinds/analysis.js';
import type { ProposalDoc } from '../kinds/document.js';
import { allSections } from '../kinds/kind.js';
import { checkMetadata, readMetadata } from '../kinds/metadata.js';
import type { Recognition } from '../kinds/recognise.js';
import { boilerplateOf, builtInKind } from '../kinds/registry.js';
import { displayTitle, documentTitle, fill, titleVariables } from '../kinds/titles.js';
import type { Repository } from '../workspace/repository.js';
import { kepChecklist, type Checklist } from './checklist.js';
import { locateKep } from './locate.js';
import { releaseInProgress, releaseTarget } from './stages.js';

/** One line of the checklist view. */
export interface ChecklistViewItem {
  id: string;
  label: string;
  state: 'done' | 'todo';
  /** False for suggestions. */
  required: boolean;
  detail?: string;
  location?: { path: string; range: Range };
  fix?: Fix;
  /** A `[ ]`/`[x]` box in the document: the view shows a checkbox that edits it. */
  box?: { path: string; range: Range };
  /** The rule whose page explains the item. */
  rule?: string;
}

/** What a proposal still needs, as the checklist view and `kep-studio checklist` show it. */
export interface ChecklistView {
  /** The file the view's title opens (kep.yaml for a KEP). */
  file: string;
  kind: { id: string; name: string };
  title?: string;
  /** Beside the view's name: "KEP-1234 · beta", or the kind. */
  summary: string;
  description?: string;
  groups: Array<{ id: string; label: string; items: ChecklistViewItem[] }>;
}

/**
 * The checklist of the proposal `file` belongs to (a KEP's file, or a proposal of another kind).
 * A KEP's is its readiness for the release in progress.
 */
export function checklistFor(engine: Engine, file: string): ChecklistView | undefined {
  const found = locateKep(engine, file);
  if (found) return kepReadiness(found.repo, found.kep, releaseInProgress(found.repo.view(new Set()))).view;
  const proposal = engine.repositoryFor(file).proposal(file);
  return proposal && proposalChecklistView(proposal.doc, proposal.recognition);
}

/** A KEP's readiness, as its checklist view shows it. */
export interface KepReadiness {
  /** The release and stage the checks are for. */
  release?: string;
  stage: Stage;
  /** The KEP targets the release asked about (else the checks are for its own stage and latest-milestone). */
  targeted: boolean;
  view: ChecklistView;
  /** Required items not done yet; none means ready. */
  open: ChecklistViewItem[];
}

/**
 * A KEP's readiness for `release` when it targets that release (see releaseTarget), else for its
 * own stage and latest-milestone: the same checks whether the checklist view, a code lens, a
 * query or the release report asks.
 */
export function kepReadiness(repo: Repository, kep: Kep, release: string | undefined): KepReadiness {
  const target = release ? releaseTarget(kep, release) : undefined;
  const checklist = kepChecklist(repo, kep, target);
  const view = kepChecklistView(checklist, kep.path);
  return { ...(checklist.release ? { release: checklist.release } : {}), stage: checklist.stage, targeted: !!target, view, open: openItems(view) };
}

function kepChecklistView(c: Checklist, kepPath: string): ChecklistView {
  return {
    file: kepPath,
    kind: { id: 'kep', name: builtInKind('kep').name },
    ...(c.title ? { title: c.title } : {}),
    summary: `${c.number ? `KEP-${c.number}` : 'new KEP'} · ${c.stage}`,
    description: [c.status, c.release].filter(Boolean).join(' · '),
    groups: [
      {
        id: 'readiness',
        label: c.release ? `Ready for ${c.stage} in ${c.release}` : `Ready for ${c.stage}`,
        items: c.readiness.map((r) => ({
          id: r.id,
          label: r.label,
          state: r.state,
          required: true,
          ...(r.detail ? { detail: r.detail } : {}),
          ...(r.location ? { location: r.location } : {}),
          ...(r.fix ? { fix: r.fix } : {}),
          ...(r.rule ? { rule: r.rule } : {}),
        })),
      },
      ...(c.signoff.length
        ? [
            {
              id: 'signoff',
              label: 'Release Signoff Checklist',
              items: c.signoff.map((s, i) => ({
                id: `signoff-${i}`,
                label: s.text,
                state: s.checked ? ('done' as const) : ('todo' as const),
                required: s.required,
                ...(s.required ? { detail: 'required before targeting a release' } : {}),
                location: { path: s.path, range: s.box },
                box: { path: s.path, range: s.box },
              })),
            },
          ]
        : []),
    ],
  };
}

/** The required items not done yet. */
export function openItems(view: ChecklistView): ChecklistViewItem[] {
  return view.groups.flatMap((g) => g.items).filter((i) => i.required && i.state === 'todo');
}

/** A proposal's checklist: its kind's required sections, its kind's checklists, and what submitting needs. */
export function proposalChecklistView(doc: ProposalDoc, recognition: Recognition): ChecklistView {
  const kind = recognition.kind;
  const path = doc.path;
  const at = (range: Range): { path: string; range: Range } => ({ path, range });
  const boilerplate = boilerplateOf(kind);
  const sections = analyseSections(doc, kind, boilerplate);
  const metadata = kind.metadata ? readMetadata(doc, kind.metadata) : undefined;

  const sectionItems: ChecklistViewItem[] = [];
  // Titles with what the document says (`Incubation Criteria Summary for Acme`).
  const vars = titleVariables(doc, kind);
  const named = (title: string): string => displayTitle(fill(title, vars));
  for (const s of allSections(sections.shape.sections)) {
    if (!s.required || (s.parent && !sections.found.get(s.parent)?.heading)) continue;
    const f = sections.found.get(s);
    const missing = sections.missing.find((m) => m.section === s);
    const empty = sections.empty.find((e) => e.section === s);
    const label = named(s.title);
    const where = f?.heading ?? f?.lead;
    sectionItems.push({
      id: `section-${s.id}`,
      label: s.parent ? `${named(s.parent.title)} › ${label}` : label,
      state: f && !empty ? 'done' : 'todo',
      required: true,
      ...(missing ? { detail: 'missing', fix: missing.fix } : empty ? { detail: 'only template text so far' } : {}),
      ...(where ? { location: at(doc.range(where.start, where.end)) } : {}),
    });
  }

  const criteria = evaluateChecklists(doc, kind, sections, metadata, boilerplate);
  const checklistGroups = kind.checklists.map((c) => ({
    id: c.id,
    label: c.title,
    items: criteria
      .filter((r) => r.checklist === c)
      .map(
        (r): ChecklistViewItem => ({
          id: r.item.id,
          label: r.item.label,
          state: r.done ? 'done' : 'todo',
          required: r.item.required,
          ...(r.absent ? { detail: 'not in the document' } : r.detail ? { detail: r.detail } : {}),
          ...(r.range ? { location: at(r.range) } : {}),
          ...(r.fix ? { fix: r.fix } : {}),
          ...(r.box ? { box: at(r.box) } : {}),
        }),
      ),
  }));

  const ready: ChecklistViewItem[] = [];
  const title = documentTitle(doc, kind);
  if (kind.titleForm) {
    const good = !!title && kind.titleForm.pattern.test(title.text);
    ready.push({ id: 'title', label: 'Title', state: good ? 'done' : 'todo', required: true, detail: title ? title.text : `none yet (like "${fill(kind.titleForm.example, { project: 'Example' })}")`, ...(title ? { location: at(title.range) } : {}) });
  }
  if (kind.metadata && metadata) {
    const problems = checkMetadata(doc, kind, metadata);
    const first = problems[0];
    ready.push({
      id: 'metadata',
      label: 'Metadata complete',
      state: first ? 'todo' : 'done',
      required: true,
      ...(first ? { detail: first.message, location: at(first.range), ...(first.fixes?.[0] ? { fix: first.fixes[0] } : {}) } : {}),
    });
  }
  const placeholders = findPlaceholders(doc, kind);
  if (kind.placeholders.length) {
    ready.push({
      id: 'placeholders',
      label: 'Template placeholders replaced',
      state: placeholders.length ? 'todo' : 'done',
      required: true,
      ...(placeholders[0] ? { detail: `${placeholders.length} left, first "${placeholders[0].text}"`, location: at(placeholders[0].range) } : {}),
    });
  }

  const docTitle = title?.text ?? doc.title?.text;
  return {
    file: path,
    kind: { id: kind.id, name: kind.name },
    ...(docTitle ? { title: docTitle } : {}),
    summary: kind.name,
    ...(kind.shapes.length > 1 ? { description: `follows the ${sections.shape.name}` } : {}),
    groups: [
      { id: 'sections', label: 'Sections', items: sectionItems },
      ...checklistGroups,
      ...(ready.length ? [{ id: 'submission', label: 'Ready to submit', items: ready }] : []),
    ].filter((g) => g.items.length),
  };
}

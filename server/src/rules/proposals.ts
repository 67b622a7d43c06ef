import { FILE_START, type Range } from '../core/problem.js';
import { analyseSections, evaluateChecklists, findPlaceholders } from '../kinds/analysis.js';
import { allSections, type Kind } from '../kinds/kind.js';
import { checkMetadata, readMetadata } from '../kinds/metadata.js';
import { boilerplateOf } from '../kinds/registry.js';
import { displayTitle, documentTitle, fill, issueFrontMatter, proposalVariables } from '../kinds/titles.js';
import type { ProposalDoc } from '../kinds/document.js';
import type { Report, RuleModule } from './api.js';

/** Rules every proposal kind gets from its definition: sections, metadata, title, placeholders, criteria. */
export const proposalRules: RuleModule = {
  rules: [
    { id: 'proposal/missing-section', severity: 'warning', summary: 'A section the proposal’s kind requires is missing.' },
    { id: 'proposal/empty-section', severity: 'warning', summary: 'A required section holds only template text, comments or “_No response_”.' },
    { id: 'proposal/section-order', severity: 'information', summary: 'A section comes before one its kind lists earlier.' },
    { id: 'proposal/heading-level', severity: 'information', summary: 'A section’s heading level differs from its kind’s template.' },
    { id: 'proposal/metadata', severity: 'warning', summary: 'The proposal’s metadata (front matter, header or key lines) is missing a field or has a bad value.' },
    { id: 'proposal/metadata-ci', severity: 'error', summary: 'Metadata the proposal repository’s CI rejects (e.g. a PEP header check-peps refuses).' },
    { id: 'proposal/title', severity: 'warning', summary: 'The proposal’s title (an issue draft’s front matter title) does not have the form its kind asks for.' },
    { id: 'proposal/placeholder', severity: 'warning', summary: 'Template text that must be replaced is still in the proposal.' },
    { id: 'proposal/criterion', severity: 'information', summary: 'The proposal does not address a criterion of its kind’s checklist.' },
  ],

  checkProposal({ doc, recognition, report }) {
    const kind = recognition.kind;
    if (doc.tooDeep !== undefined) return;
    const path = doc.path;
    const titleRange = doc.title?.range ?? doc.index.lineRange(0);
    const boilerplate = boilerplateOf(kind);

    // Front matter holds an issue draft's title and labels even when the kind's metadata is elsewhere.
    if (kind.metadata?.style !== 'front-matter') {
      for (const e of doc.frontMatter?.view.model.errors ?? []) report('proposal/metadata', { path, range: e.range, message: `The front matter is not valid YAML: ${e.message}` });
    }
    const metadata = kind.metadata ? readMetadata(doc, kind.metadata) : undefined;
    if (metadata) {
      const rule = kind.metadata!.enforcedBy ? 'proposal/metadata-ci' : 'proposal/metadata';
      const by = kind.metadata!.enforcedBy ? ` (${kind.metadata!.enforcedBy} rejects this)` : '';
      for (const f of checkMetadata(doc, kind, metadata)) report(rule, { path, range: f.range, message: `${f.message}${by}`, ...(f.fixes ? { fixes: f.fixes } : {}) });
    }

    checkTitle(doc, kind, proposalVariables(doc, kind, metadata), report);

    const sections = analyseSections(doc, kind, boilerplate);
    const shapeNote = kind.shapes.length > 1 ? ` (it follows the ${sections.shape.name})` : '';
    for (const { section, fix } of sections.missing) {
      const parent = section.parent && sections.found.get(section.parent)?.heading;
      report('proposal/missing-section', {
        path,
        range: parent ? doc.range(parent.start, parent.end) : titleRange,
        message: `The ${kind.name} has no "${displayTitle(section.title)}" section${parent ? ` under "${parent.title}"` : ''}${shapeNote}.${section.description ? ` ${section.description}` : ''}`,
        fixes: [fix],
      });
    }
    for (const { section, heading } of sections.empty) {
      report('proposal/empty-section', { path, range: doc.range(heading.start, heading.end), message: `"${heading.title}" holds only template text or comments; the ${kind.name} needs an answer here${section.description ? `: ${lowerFirst(section.description)}` : '.'}` });
    }
    for (const { section, heading, fix } of sections.levels) {
      report('proposal/heading-level', { path, range: doc.range(heading.start, heading.end), message: `"${heading.title}" is a level ${heading.level} heading; the ${kind.name} template makes "${displayTitle(section.title)}" level ${section.level}.`, fixes: [fix] });
    }
    for (const { section, heading, after } of sections.order) {
      report('proposal/section-order', { path, range: doc.range(heading.start, heading.end), message: `"${heading.title}" comes before "${displayTitle(after.title)}"; the ${kind.name} puts "${displayTitle(section.title)}" after it.` });
    }

    for (const p of findPlaceholders(doc, kind)) report('proposal/placeholder', { path, range: p.range, message: `${p.message} ("${p.text}")` });

    // A criterion of a missing section (or of a section inside one) is reported with that section.
    const missing = new Set(sections.missing.map((m) => m.section));
    const byId = new Map(allSections(sections.shape.sections).map((x) => [x.id, x]));
    const inMissing = (id: string | undefined): boolean => {
      for (let x = id === undefined ? undefined : byId.get(id); x; x = x.parent) if (missing.has(x)) return true;
      return false;
    };
    for (const r of evaluateChecklists(doc, kind, sections, metadata, boilerplate)) {
      if (!r.absent || !r.item.required || inMissing(r.item.in)) continue;
      report('proposal/criterion', {
        path,
        range: r.range ?? titleRange,
        message: `The ${kind.name} does not address "${r.item.label}" (${r.checklist.title}).`,
        ...(r.fix ? { fixes: [r.fix] } : {}),
      });
    }
  },
};

/** The title must have the kind's form; an issue draft without a title gets front matter with one. */
function checkTitle(doc: ProposalDoc, kind: Kind, vars: Record<string, string>, report: Report): void {
  if (!kind.titleForm) return;
  const example = fill(kind.titleForm.example, { project: 'Example' });
  const title = documentTitle(doc, kind);
  const issue = kind.submission?.route === 'issue';
  if (!title) {
    if (!issue || doc.format !== 'markdown') return;
    const suggested = fill(kind.submission?.title ?? kind.titleForm.example, vars).replace(/\{([^{}]+)\}/g, '<$1>');
    const fm = doc.frontMatter;
    const at: Range = fm ? doc.range(fm.end, fm.end) : FILE_START;
    report('proposal/title', {
      path: doc.path,
      range: fm ? doc.range(fm.start, fm.end) : (doc.title?.range ?? at),
      message: `This issue draft has no title: give its front matter a title: line, like "${example}".`,
      ...(fm
        ? {}
        : { fixes: [{ title: `Add front matter with the title "${suggested}"`, edits: [{ kind: 'edit' as const, path: doc.path, range: at, newText: issueFrontMatter(suggested, kind.submission?.labels ?? []) }], preferred: true }] }),
    });
    return;
  }
  if (!kind.titleForm.pattern.test(title.text)) {
    report('proposal/title', { path: doc.path, range: title.range, message: `The title "${title.text}" does not have the form a ${kind.name} uses, like "${example}".` });
  }
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

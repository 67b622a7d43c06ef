/**
 * The README sections the KEP process asks for (template, graduation criteria, test plan, PRR
 * questionnaire), what a README lacks of them, and the edits that add them.
 */
import type { Fix, Position, Range } from '../core/problem.js';
import { normalizeTitle } from '../core/titles.js';
import type { MarkdownDoc, MdSection } from '../parse/markdownDoc.js';
import { checkToc, tocRegionText } from '../parse/mdtoc/toc.js';
import type { TemplateInfo } from '../workspace/repositoryView.js';
import type { Kep } from './kep.js';
import { STAGES, type Stage } from './process.js';
import { PRR_ALL_SECTIONS, PRR_SECTIONS } from './prr.js';

/** A section title as the template's and a README's compare: normalised, "(Optional)" ignored. */
export const sectionKey = (title: string): string => normalizeTitle(title.replace(/\(optional\)/gi, ''));

const GRADUATION = /^graduation criteria\b/i;
const TEST_PLAN = /^test plan\b/i;
export const PRR_QUESTIONNAIRE = /^production readiness review questionnaire/i;

/** Which graduation subsection a stage needs, and how to recognise its heading. */
const STAGE_SECTION: Record<Stage, { title: string; pattern: RegExp }> = {
  alpha: { title: 'Alpha', pattern: /\balpha\b/i },
  beta: { title: 'Beta', pattern: /\bbeta\b/i },
  stable: { title: 'GA', pattern: /\b(g\.?a|stable|general availability)\b/i },
  deprecated: { title: 'Deprecation', pattern: /deprecat|remov|disabl/i },
  disabled: { title: 'Deprecation', pattern: /deprecat|remov|disabl/i },
  removed: { title: 'Deprecation', pattern: /deprecat|remov|disabl/i },
};

/** The template's example criteria, inserted as a comment: the author writes the real ones. */
const STAGE_EXAMPLES: Record<string, string[]> = {
  Alpha: ['Feature implemented behind a feature flag', 'Initial e2e tests completed and enabled'],
  Beta: ['Gather feedback from developers and surveys', 'Additional tests are in Testgrid and linked in KEP', 'All functionality, security enforcement, monitoring and testing requirements completed'],
  GA: ['N examples of real-world usage', 'Allowing time for feedback', 'All issues and gaps identified as feedback during beta are resolved'],
  Deprecation: ['Announce deprecation and support policy of the existing flag', 'Address feedback on usage/changed behavior, provided on GitHub issues'],
};

/** Template sections with a rule of their own (not reported as missing template sections). */
export const OWN_RULE_SECTIONS: ReadonlySet<string> = new Set(['Test Plan', 'Graduation Criteria', ...PRR_ALL_SECTIONS, 'Production Readiness Review Questionnaire'].map(sectionKey));

/** Maturity order; the three removal stages share the Deprecation criteria. */
const STAGE_ORDER: Record<Stage, number> = { alpha: 0, beta: 1, stable: 2, deprecated: 3, disabled: 3, removed: 3 };

/**
 * Stages whose criteria the README must give: the current one and every stage with a milestone
 * that is not behind it (criteria of stages already passed are history).
 */
export function criteriaStages(kep: Kep): Stage[] {
  const current = (STAGES as readonly string[]).includes(kep.stage ?? '') ? STAGE_ORDER[kep.stage as Stage] : 0;
  const stages = new Set<string>([kep.stage ?? '', ...kep.plannedStages()]);
  return STAGES.filter((s) => stages.has(s) && STAGE_ORDER[s] >= current);
}

/** What the README lacks of the graduation criteria for some stages. */
export type GraduationGap =
  | { kind: 'no-section'; titles: string[]; fix: Fix }
  | { kind: 'missing'; stage: Stage; title: string; section: MdSection; fix: Fix }
  | { kind: 'empty'; stage: Stage; section: MdSection };

/** The gaps in the README's graduation criteria for `stages` (used by the rule and by Promote KEP). */
export function graduationGaps(doc: MarkdownDoc, template: TemplateInfo, stages: readonly Stage[]): GraduationGap[] {
  if (!stages.length) return [];
  const gc = doc.find(GRADUATION);
  if (!gc) {
    const titles = [...new Set(stages.map((s) => STAGE_SECTION[s].title))];
    const text = templateSectionText(template, 'Graduation Criteria', false) + titles.map((t) => stageSkeleton(t, 4)).join('');
    return [{ kind: 'no-section', titles, fix: insertFix(doc, 'Add a Graduation Criteria section', insertionPoint(doc, template, 'Graduation Criteria'), text) }];
  }
  const subs = doc.subsections(gc);
  const seen = new Set<string>();
  const gaps: GraduationGap[] = [];
  for (const stage of stages) {
    const { title, pattern } = STAGE_SECTION[stage];
    if (seen.has(title)) continue;
    seen.add(title);
    // A transition ("Alpha -> Beta Graduation", the old template's headings) counts for both stages it names.
    const found = subs.find((s) => pattern.test(s.title));
    if (!found && labelled(doc, gc, pattern)) continue;
    if (!found) {
      const order = Object.keys(STAGE_EXAMPLES);
      const later = subs.find((s) => order.slice(order.indexOf(title) + 1).some((t) => STAGE_SECTION[stageOf(t)].pattern.test(s.title)) && s.level === gc.level + 1);
      const at = later ? doc.index.position(later.heading.start) : endOfSection(doc, gc);
      gaps.push({ kind: 'missing', stage, title, section: gc, fix: insertFix(doc, `Add the ${title} graduation criteria`, at, stageSkeleton(title, gc.level + 1)) });
    } else if (!doc.hasContent(found, template.boilerplate)) {
      gaps.push({ kind: 'empty', stage, section: found });
    }
  }
  return gaps;
}

/**
 * Criteria written as a labelled paragraph or list item (`**GA:** …`, `- Beta: …`) instead of a
 * subsection: real KEPs do this, and the criteria are there.
 */
function labelled(doc: MarkdownDoc, gc: MdSection, pattern: RegExp): boolean {
  return doc.blocks(gc.contentStart, gc.end).some((b) => {
    if (b.kind !== 'text') return false;
    const first = doc.text.slice(b.start, Math.min(b.end, b.start + 120)).split('\n', 1)[0]!;
    // The label: after a list marker and emphasis, up to a colon, a parenthesis or " - ".
    const label = /^(?:[-*+]\s+|\d+[.)]\s+)?[*_\s]*(.{2,40}?)[*_\s]*(?::|\(| - )/.exec(first);
    return !!label && pattern.test(label[1]!);
  });
}

const stageOf = (title: string): Stage => (STAGES.find((s) => STAGE_SECTION[s].title === title) ?? 'alpha');

function stageSkeleton(title: string, level: number): string {
  const examples = STAGE_EXAMPLES[title]!.map((e) => `- ${e}`).join('\n');
  return `${'#'.repeat(level)} ${title}\n\n<!--\nCriteria for ${title}, for example:\n${examples}\n-->\n\n`;
}

/** A section the README lacks (with the fix that inserts it) or has only as template text. */
export type SectionGap = { kind: 'missing'; title: string; range: Range; fix: Fix } | { kind: 'empty'; section: MdSection };

/** The Test Plan's gap, if any. */
export function testPlanGap(doc: MarkdownDoc, template: TemplateInfo): SectionGap | undefined {
  const tp = doc.find(TEST_PLAN);
  if (!tp) return { kind: 'missing', title: 'Test Plan section', range: titleRange(doc), fix: insertFix(doc, 'Add the template’s Test Plan section', insertionPoint(doc, template, 'Test Plan'), templateSectionText(template, 'Test Plan', true)) };
  return doc.hasContent(tp, template.boilerplate) ? undefined : { kind: 'empty', section: tp };
}

/** The gaps of the PRR questionnaire for a stage (the sections it requires, missing or unanswered). */
export function prrQuestionnaireGaps(doc: MarkdownDoc, template: TemplateInfo, stage: Stage): SectionGap[] {
  const q = doc.find(PRR_QUESTIONNAIRE);
  return (PRR_SECTIONS[stage] ?? []).flatMap((title): SectionGap[] => {
    const want = sectionKey(title);
    const found = q ? doc.subsections(q).find((s) => sectionKey(s.title) === want) : doc.sections.find((s) => sectionKey(s.title) === want);
    if (found) return doc.hasContent(found, template.boilerplate) ? [] : [{ kind: 'empty', section: found }];
    const text = q ? templateSectionText(template, title, true) : templateSectionText(template, 'Production Readiness Review Questionnaire', false) + templateSectionText(template, title, true);
    return [{ kind: 'missing', title: `"${title}" section of the PRR questionnaire`, range: q ? headingRange(doc, q) : titleRange(doc), fix: insertFix(doc, `Add the "${title}" questions`, insertionPoint(doc, template, q ? title : 'Production Readiness Review Questionnaire'), text) }];
  });
}

/**
 * Whether a document has a template section, leniently: "Alternatives Considered" or
 * "Upgrade/Downgrade Strategy" count as the template's "Alternatives" and "Upgrade / Downgrade
 * Strategy".
 */
export function hasSection(sections: readonly MdSection[], templateTitle: string): boolean {
  const key = sectionKey(templateTitle);
  return sections.some((s) => {
    const p = sectionKey(s.title);
    return p === key || p.includes(key) || (p.length > 3 && key.includes(p));
  });
}

/** Whether section `s` of `doc` lies under a section whose title matches `parent`. */
export function isUnder(doc: MarkdownDoc, s: MdSection, parent: RegExp): boolean {
  return doc.sections.some((p) => parent.test(p.title) && s.heading.start > p.heading.start && s.heading.start < p.end);
}

/** The fix that adds the template's section `title` where the template order puts it. */
export function templateSectionFix(doc: MarkdownDoc, template: TemplateInfo, title: string): Fix {
  return insertFix(doc, `Add the "${title}" section`, insertionPoint(doc, template, title), templateSectionText(template, title, false));
}

/** The template's text of a section: heading and its own content, or with its subsections. */
function templateSectionText(template: TemplateInfo, title: string, withSubsections: boolean): string {
  const t = template.doc.sections.find((s) => sectionKey(s.title) === sectionKey(title));
  if (!t) return `## ${title}\n\n`;
  return template.doc.text.slice(t.heading.start, withSubsections ? t.end : t.ownEnd).replace(/\s*$/, '\n\n');
}

/**
 * Where a missing template section goes: before the next template section the README has,
 * else after the previous one it has, else at the end.
 */
function insertionPoint(doc: MarkdownDoc, template: TemplateInfo, title: string): Position {
  const order = template.doc.sections.map((s) => sectionKey(s.title));
  const i = order.indexOf(sectionKey(title));
  const find = (key: string): MdSection | undefined => doc.sections.find((s) => sectionKey(s.title) === key);
  for (let j = i + 1; j < order.length; j++) {
    const next = find(order[j]!);
    if (next) return doc.index.position(next.heading.start);
  }
  for (let j = i - 1; j >= 0; j--) {
    const prev = find(order[j]!);
    if (prev) return endOfSection(doc, prev);
  }
  return doc.index.position(doc.text.length);
}

function endOfSection(doc: MarkdownDoc, s: MdSection): Position {
  return doc.index.position(s.end);
}

/**
 * Inserts a section. When the document has a table of contents above the insertion point, the
 * same fix regenerates it, so the new heading does not leave the TOC out of date (a CI error).
 */
function insertFix(doc: MarkdownDoc, title: string, at: Position, text: string): Fix {
  const offset = doc.index.offset(at);
  const before = doc.text.slice(Math.max(0, offset - 2), offset);
  const inserted = (offset === 0 || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n') + text;
  const edits: Fix['edits'] = [{ kind: 'edit', path: doc.path, range: { start: at, end: at }, newText: inserted }];
  const { startMarker: start, endMarker: end } = doc.toc;
  if (start && end && start.start < end.start && end.end <= offset) {
    const toc = checkToc(doc.text.slice(0, offset) + inserted + doc.text.slice(offset));
    const markers = { start: doc.text.slice(start.start, start.end), end: doc.text.slice(end.start, end.end) };
    edits.unshift({ kind: 'edit', path: doc.path, range: doc.range(start.start, end.end), newText: tocRegionText(toc.expected, markers) });
  }
  return { title, edits, preferred: true };
}

export function headingRange(doc: MarkdownDoc, s: MdSection): Range {
  return doc.range(s.heading.start, s.heading.end);
}

/** The H1 title, where problems about the README as a whole go. */
export function titleRange(doc: MarkdownDoc): Range {
  const h1 = doc.sections.find((s) => s.level === 1) ?? doc.sections[0];
  return h1 ? headingRange(doc, h1) : doc.index.lineRange(0);
}

import type { Fix, Position, Range } from '../core/problem.js';
import { checkToc, tocRegionText } from '../parse/mdtoc.js';
import type { Kep } from '../kep/kep.js';
import { STAGES, type Stage } from '../kep/process.js';
import type { MarkdownDoc, MdSection } from '../parse/markdownDoc.js';
import type { TemplateInfo } from '../workspace/repositoryView.js';
import type { KepContext, RuleModule } from './api.js';
import { prrRequired } from './prr.js';

/** Section titles compare without case, "(Optional)" and punctuation runs. */
export const normalizeTitle = (t: string): string =>
  t.toLowerCase().replace(/\(optional\)/g, '').replace(/[^a-z0-9]+/g, ' ').trim();

const GRADUATION = /^graduation criteria\b/i;
const IN_PROGRESS = new Set(['provisional', 'implementable']);
const TEST_PLAN = /^test plan\b/i;
const PRR_QUESTIONNAIRE = /^production readiness review questionnaire/i;

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

/** PRR questionnaire sections (template H3 titles) that each stage needs (template and PRR docs). */
const PRR_ALPHA = ['Feature Enablement and Rollback'];
const PRR_BETA = [...PRR_ALPHA, 'Rollout, Upgrade and Rollback Planning', 'Monitoring Requirements', 'Dependencies', 'Scalability', 'Troubleshooting'];
export const PRR_SECTIONS: Record<Stage, string[]> = {
  alpha: PRR_ALPHA,
  beta: PRR_BETA,
  stable: PRR_BETA,
  deprecated: PRR_ALPHA,
  disabled: PRR_ALPHA,
  removed: PRR_ALPHA,
};

/** Template sections with a rule of their own (not reported by md/template-section). */
const OWN_RULE = new Set([normalizeTitle('Test Plan'), normalizeTitle('Graduation Criteria'), ...PRR_BETA.map(normalizeTitle), normalizeTitle('Production Readiness Review Questionnaire')]);

/** The README sections a KEP needs for the stage it targets. */
export const sectionRules: RuleModule = {
  rules: [
    { id: 'md/graduation-criteria', severity: 'warning', summary: 'The README lacks the graduation criteria of a stage the KEP is in or has a milestone for.' },
    { id: 'md/prr-questionnaire', severity: 'warning', summary: 'A PRR questionnaire section the KEP’s stage requires is missing.' },
    { id: 'md/test-plan', severity: 'warning', summary: 'A KEP targeted at a release has no Test Plan section.' },
    { id: 'md/empty-section', severity: 'warning', summary: 'A section the KEP’s stage requires holds only template text or comments.' },
    { id: 'md/template-section', severity: 'information', summary: 'A section of the KEP template is missing from the README.' },
  ],

  checkKep(ctx) {
    const { kep } = ctx;
    if (!kep.decoded || kep.isTemplate || kep.closed || !kep.location.readmePath) return;
    const doc = ctx.repo.markdown(kep.location.readmePath);
    if (!doc) return;
    const template = ctx.repo.template();
    // Only KEPs on their way (provisional, implementable) have a next milestone to prepare for.
    if (!IN_PROGRESS.has(kep.status ?? '')) return;
    if (kep.status === 'implementable') {
      checkGraduation(ctx, doc, template);
      checkTestPlan(ctx, doc, template);
      if (prrRequired(kep)) checkPrr(ctx, doc, template);
    }
    checkTemplateSections(ctx, doc, template);
  },
};

/** Maturity order; the three removal stages share the Deprecation criteria. */
const STAGE_ORDER: Record<Stage, number> = { alpha: 0, beta: 1, stable: 2, deprecated: 3, disabled: 3, removed: 3 };

/**
 * Stages whose criteria the README must give: the current one and every stage with a milestone
 * that is not behind it (criteria of stages already passed are history).
 */
function targetStages(kep: Kep): Stage[] {
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

function checkGraduation(ctx: KepContext, doc: MarkdownDoc, template: TemplateInfo): void {
  for (const gap of graduationGaps(doc, template, targetStages(ctx.kep))) {
    if (gap.kind === 'no-section') {
      ctx.report('md/graduation-criteria', {
        path: doc.path,
        range: titleRange(doc),
        message: `The README has no "Graduation Criteria" section; this ${ctx.kep.status} KEP needs criteria for ${gap.titles.join(', ')}.`,
        fixes: [gap.fix],
      });
    } else if (gap.kind === 'missing') {
      ctx.report('md/graduation-criteria', {
        path: doc.path,
        range: headingRange(doc, gap.section),
        message: `Graduation Criteria has no ${gap.title} subsection, but the KEP ${gap.stage === ctx.kep.stage ? `is at stage ${gap.stage}` : `has a ${gap.stage} milestone`}.`,
        fixes: [gap.fix],
      });
    } else {
      ctx.report('md/empty-section', { path: doc.path, range: headingRange(doc, gap.section), message: `The ${gap.section.title} graduation criteria are empty (only comments or template text).` });
    }
  }
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
    const want = normalizeTitle(title);
    const found = q ? doc.subsections(q).find((s) => normalizeTitle(s.title) === want) : doc.sections.find((s) => normalizeTitle(s.title) === want);
    if (found) return doc.hasContent(found, template.boilerplate) ? [] : [{ kind: 'empty', section: found }];
    const text = q ? templateSectionText(template, title, true) : templateSectionText(template, 'Production Readiness Review Questionnaire', false) + templateSectionText(template, title, true);
    return [{ kind: 'missing', title: `"${title}" section of the PRR questionnaire`, range: q ? headingRange(doc, q) : titleRange(doc), fix: insertFix(doc, `Add the "${title}" questions`, insertionPoint(doc, template, q ? title : 'Production Readiness Review Questionnaire'), text) }];
  });
}

function checkTestPlan(ctx: KepContext, doc: MarkdownDoc, template: TemplateInfo): void {
  if (!ctx.kep.targetsRelease) return;
  const gap = testPlanGap(doc, template);
  if (gap?.kind === 'missing') {
    ctx.report('md/test-plan', { path: doc.path, range: gap.range, message: `The README has no "Test Plan" section, but the KEP targets ${ctx.kep.latestMilestone}.`, fixes: [gap.fix] });
  } else if (gap) {
    ctx.report('md/empty-section', { path: doc.path, range: headingRange(doc, gap.section), message: 'The Test Plan holds only comments or template text.' });
  }
}

function checkPrr(ctx: KepContext, doc: MarkdownDoc, template: TemplateInfo): void {
  const stage = ctx.kep.stage as Stage;
  for (const gap of prrQuestionnaireGaps(doc, template, stage)) {
    if (gap.kind === 'missing') {
      ctx.report('md/prr-questionnaire', { path: doc.path, range: gap.range, message: `The README has no ${gap.title}, which stage ${stage} requires.`, fixes: [gap.fix] });
    } else {
      ctx.report('md/empty-section', {
        path: doc.path,
        range: headingRange(doc, gap.section),
        message: `The PRR questions under "${gap.section.title}" are not answered, and stage ${stage} requires them.`,
      });
    }
  }
}

/**
 * Whether a document has a template section, leniently: "Alternatives Considered" or
 * "Upgrade/Downgrade Strategy" count as the template's "Alternatives" and "Upgrade / Downgrade
 * Strategy".
 */
export function hasSection(sections: readonly MdSection[], templateTitle: string): boolean {
  const key = normalizeTitle(templateTitle);
  return sections.some((s) => {
    const p = normalizeTitle(s.title);
    return p === key || p.includes(key) || (p.length > 3 && key.includes(p));
  });
}

function checkTemplateSections(ctx: KepContext, doc: MarkdownDoc, template: TemplateInfo): void {
  const has = (title: string): boolean => hasSection(doc.sections, title);
  for (const t of template.doc.sections) {
    const key = normalizeTitle(t.title);
    if (t.level < 2 || t.level > 3 || /\(optional\)/i.test(t.title) || OWN_RULE.has(key) || has(t.title)) continue;
    if (isUnder(template.doc, t, PRR_QUESTIONNAIRE)) continue;
    ctx.report('md/template-section', {
      path: doc.path,
      range: titleRange(doc),
      message: `The README has no "${t.title}" section (KEP template).`,
      fixes: [insertFix(doc, `Add the "${t.title}" section`, insertionPoint(doc, template, t.title), templateSectionText(template, t.title, false))],
    });
  }
}

function isUnder(doc: MarkdownDoc, s: MdSection, parent: RegExp): boolean {
  return doc.sections.some((p) => parent.test(p.title) && s.heading.start > p.heading.start && s.heading.start < p.end);
}

/** The template's text of a section: heading and its own content, or with its subsections. */
function templateSectionText(template: TemplateInfo, title: string, withSubsections: boolean): string {
  const t = template.doc.sections.find((s) => normalizeTitle(s.title) === normalizeTitle(title));
  if (!t) return `## ${title}\n\n`;
  return template.doc.text.slice(t.heading.start, withSubsections ? t.end : t.ownEnd).replace(/\s*$/, '\n\n');
}

/**
 * Where a missing template section goes: before the next template section the README has,
 * else after the previous one it has, else at the end.
 */
function insertionPoint(doc: MarkdownDoc, template: TemplateInfo, title: string): Position {
  const order = template.doc.sections.map((s) => normalizeTitle(s.title));
  const i = order.indexOf(normalizeTitle(title));
  const find = (key: string): MdSection | undefined => doc.sections.find((s) => normalizeTitle(s.title) === key);
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
function titleRange(doc: MarkdownDoc): Range {
  const h1 = doc.sections.find((s) => s.level === 1) ?? doc.sections[0];
  return h1 ? headingRange(doc, h1) : doc.index.lineRange(0);
}

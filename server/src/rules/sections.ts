import type { Stage } from '../kep/process.js';
import { prrRequired } from '../kep/prr.js';
import {
  criteriaStages,
  graduationGaps,
  hasSection,
  headingRange,
  isUnder,
  OWN_RULE_SECTIONS,
  PRR_QUESTIONNAIRE,
  prrQuestionnaireGaps,
  sectionKey,
  templateSectionFix,
  testPlanGap,
  titleRange,
} from '../kep/readme.js';
import type { MarkdownDoc } from '../parse/markdownDoc.js';
import type { TemplateInfo } from '../workspace/repositoryView.js';
import type { KepContext, RuleModule } from './api.js';

const IN_PROGRESS = new Set(['provisional', 'implementable']);

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

function checkGraduation(ctx: KepContext, doc: MarkdownDoc, template: TemplateInfo): void {
  for (const gap of graduationGaps(doc, template, criteriaStages(ctx.kep))) {
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

function checkTemplateSections(ctx: KepContext, doc: MarkdownDoc, template: TemplateInfo): void {
  for (const t of template.doc.sections) {
    if (t.level < 2 || t.level > 3 || /\(optional\)/i.test(t.title) || OWN_RULE_SECTIONS.has(sectionKey(t.title)) || hasSection(doc.sections, t.title)) continue;
    if (isUnder(template.doc, t, PRR_QUESTIONNAIRE)) continue;
    ctx.report('md/template-section', {
      path: doc.path,
      range: titleRange(doc),
      message: `The README has no "${t.title}" section (KEP template).`,
      fixes: [templateSectionFix(doc, template, t.title)],
    });
  }
}

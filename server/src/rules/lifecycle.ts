import type { Fix, Range } from '../core/problem.js';
import { didYouMean } from '../core/suggest.js';
import { isChoicePlaceholder } from '../kep/placeholders.js';
import { DATE_FORMAT, MILESTONE_FORMAT, parseMilestone, STAGES, STATUSES } from '../kep/process.js';
import { prrReadsMilestone, prrRequired } from '../kep/prr.js';
import type { KepContext, RuleModule } from './api.js';

/** status, stage, milestones and dates as the KEP process defines them (kepctl create checks some). */
export const lifecycleRules: RuleModule = {
  rules: [
    { id: 'kep/status-value', severity: 'warning', summary: 'status is not one of the seven KEP statuses.' },
    { id: 'kep/stage-value', severity: 'warning', summary: 'stage is not one of alpha, beta, stable, deprecated, disabled, removed.' },
    { id: 'kep/implemented-not-stable', severity: 'warning', summary: 'An implemented KEP is still at stage alpha or beta.' },
    { id: 'kep/replaced-without-successor', severity: 'warning', summary: 'A replaced KEP does not say what replaces it (superseded-by).' },
    { id: 'kep/milestone-format', severity: 'warning', summary: 'A milestone is not written as "v1.NN".' },
    { id: 'kep/date-format', severity: 'warning', summary: 'A date is not a yyyy-mm-dd calendar date.' },
  ],

  checkKep(ctx) {
    const { kep } = ctx;
    if (!kep.decoded || kep.isTemplate) return;
    const status = kep.status;
    if (status && !isChoicePlaceholder(status) && !(STATUSES as readonly string[]).includes(status)) {
      enumProblem(ctx, 'kep/status-value', 'status', status, STATUSES);
    }
    const stage = kep.stage;
    // When kepval needs the stage for PRR, prr/invalid-stage reports it as an error.
    if (stage && !isChoicePlaceholder(stage) && !(STAGES as readonly string[]).includes(stage) && !prrRequired(kep)) {
      enumProblem(ctx, 'kep/stage-value', 'stage', stage, STAGES);
    }
    if (status === 'implemented' && (stage === 'alpha' || stage === 'beta')) {
      const range = kep.range('stage');
      ctx.report('kep/implemented-not-stable', {
        path: kep.path,
        range,
        message: `status "implemented" means the KEP is done, but stage is still "${stage}" (kepctl: status:implemented implies stage:stable). Set stage to stable, or status back to implementable.`,
        fixes: [
          { title: 'Set stage to "stable"', edits: [{ kind: 'edit', path: kep.path, range, newText: 'stable' }], preferred: true },
          { title: 'Set status to "implementable"', edits: [{ kind: 'edit', path: kep.path, range: kep.range('status'), newText: 'implementable' }] },
        ],
      });
    }
    if (status === 'replaced' && kep.list('superseded-by').filter(Boolean).length === 0) {
      ctx.report('kep/replaced-without-successor', {
        path: kep.path,
        range: kep.range('status'),
        message: 'A replaced KEP should list the KEPs that replace it under superseded-by.',
      });
    }
    // "0.0" is the old KEPs' way to say "no milestone"; kepval exempts it from PRR. When kepval
    // parses latest-milestone for PRR, prr/latest-milestone reports a bad value as an error.
    const lm = kep.latestMilestone;
    if (lm && lm !== '0.0' && !(prrReadsMilestone(kep) && 'error' in parseMilestone(lm))) checkMilestone(ctx, 'latest-milestone', lm);
    for (const s of kep.milestoneStages()) {
      const value = kep.view!.string(`/milestone/${s}`);
      // A stage not planned yet is commonly TBD.
      if (value?.toUpperCase() !== 'TBD') checkMilestone(ctx, `/milestone/${s}`, value);
    }
    for (const key of ['creation-date', 'last-updated']) checkDate(ctx, key, kep.str(key));
  },
};

function enumProblem(ctx: KepContext, ruleId: string, key: string, value: string, allowed: readonly string[]): void {
  const range = ctx.kep.range(key);
  const best = didYouMean(value, allowed);
  const ordered = best ? [best, ...allowed.filter((a) => a !== best)] : allowed;
  ctx.report(ruleId, {
    path: ctx.kep.path,
    range,
    message: `${key} "${value}" is not one of ${allowed.join(', ')}.`,
    fixes: ordered.map((v) => ({ title: `Set ${key} to "${v}"`, edits: [{ kind: 'edit' as const, path: ctx.kep.path, range, newText: v }], ...(v === best ? { preferred: true } : {}) })),
  });
}

function checkMilestone(ctx: KepContext, key: string, value: string | undefined): void {
  if (!value || MILESTONE_FORMAT.test(value) || /^v?1\.NN$/.test(value)) return;
  const range: Range = ctx.kep.view!.valueRange(key);
  const quotedOk = ctx.kep.view!.location(key)?.quoted;
  const fixed = /^1\.\d+$/.test(value) ? `v${value}` : undefined;
  const fixes: Fix[] = fixed ? [{ title: `Change to "${fixed}"`, edits: [{ kind: 'edit', path: ctx.kep.path, range, newText: JSON.stringify(fixed) }], preferred: true, safe: true }] : [];
  ctx.report('kep/milestone-format', {
    path: ctx.kep.path,
    range,
    message: `${key.replace(/^\//, '').replace('/', '.')} "${value}" is not a release like "v1.36"${quotedOk ? '' : ' (quote it so YAML keeps it a string)'}.`,
    ...(fixes.length ? { fixes } : {}),
  });
}

function checkDate(ctx: KepContext, key: string, value: string | undefined): void {
  if (!value || value === 'yyyy-mm-dd') return; // the template placeholder: kep/placeholder
  if (isCalendarDate(value)) return;
  const range = ctx.kep.range(key);
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  const padded = m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : undefined;
  const valid = padded !== undefined && isCalendarDate(padded);
  ctx.report('kep/date-format', {
    path: ctx.kep.path,
    range,
    message: `${key} "${value}" is not a yyyy-mm-dd date.`,
    ...(valid ? { fixes: [{ title: `Change to ${padded}`, edits: [{ kind: 'edit' as const, path: ctx.kep.path, range, newText: JSON.stringify(padded) }], preferred: true, safe: true }] } : {}),
  });
}

function isCalendarDate(s: string): boolean {
  if (!DATE_FORMAT.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(s);
}

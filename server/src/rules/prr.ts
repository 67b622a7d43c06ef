import * as path from 'node:path';
import { FILE_START, type Fix, type Range } from '../core/problem.js';
import { normalizeUser } from '../kep/owners.js';
import { parseMilestone, PRR_STATUSES, STAGES } from '../kep/process.js';
import { PRR_APPROVERS_ALIAS, PRR_EMERITUS_ALIAS, prrApprovers, prrPath, prrRequired } from '../kep/prr.js';
import { newPrrFile } from '../kep/scaffold.js';
import { decodeProblems } from '../metadata/schemaValidation.js';
import type { YamlView } from '../parse/yamlView.js';
import type { KepContext, RuleModule } from './api.js';

/** Production readiness approvals, as kepval's ValidatePRR checks them. */
export const prrRules: RuleModule = {
  rules: [
    { id: 'prr/required-metadata', severity: 'error', summary: 'An implementable or implemented KEP lacks latest-milestone or stage.' },
    { id: 'prr/latest-milestone', severity: 'error', summary: 'latest-milestone is not a version kepval can parse.' },
    { id: 'prr/invalid-stage', severity: 'error', summary: 'A KEP that needs PRR approval has a stage outside the six PRR stages.' },
    { id: 'prr/file-missing', severity: 'error', summary: 'The PRR approval file of a KEP that needs one does not exist.' },
    { id: 'prr/stage-missing', severity: 'error', summary: 'The PRR approval file has no entry for the KEP’s current stage.' },
    { id: 'prr/approver', severity: 'error', summary: 'The PRR approver is not in prod-readiness-approvers (or its emeritus alias).' },
    { id: 'prr/number-mismatch', severity: 'warning', summary: 'A PRR approval file’s kep-number differs from its file name.' },
  ],

  checkKep(ctx) {
    const { kep } = ctx;
    if (!kep.location.kepvalChecked || !kep.decoded) return;
    const file = prrPath(ctx.repo, kep);
    const prr = file ? ctx.repo.yaml(file) : undefined;
    if (prr && file) checkNumber(ctx, file, prr);
    // kepval checks PRR only for a kep.yaml that decoded and validated.
    if (kep.decodeProblems.length) return;
    const status = kep.status;
    if (!status || !PRR_STATUSES.has(status)) return;
    const statusRange = kep.range('status');
    if (!kep.latestMilestone || !kep.stage) {
      const missing = !kep.latestMilestone ? 'latest-milestone' : 'stage';
      ctx.report('prr/required-metadata', {
        path: kep.path,
        range: kep.view!.has(missing) ? kep.view!.keyRange(missing) : statusRange,
        message: `A KEP with status "${status}" needs "${missing}" (kepval: missing the ${missing === 'stage' ? 'stage' : 'latest milestone'} field).`,
      });
      return;
    }
    const version = parseMilestone(kep.latestMilestone);
    if ('error' in version) {
      ctx.report('prr/latest-milestone', {
        path: kep.path,
        range: kep.range('latest-milestone'),
        message: `latest-milestone "${kep.latestMilestone}" is not a version (kepval: creating a SemVer object for latest milestone: ${version.error}). Use "v1.NN".`,
      });
      return;
    }
    if (!prrRequired(kep)) return;
    const stage = kep.stage;
    const stageRange = kep.range('stage');
    if (!(STAGES as readonly string[]).includes(stage)) {
      ctx.report('prr/invalid-stage', {
        path: kep.path,
        range: stageRange,
        message: `stage "${stage}" is not one of ${STAGES.join(', ')}; kepval cannot find its PRR approval (invalid stage).`,
        fixes: STAGES.map((s) => ({ title: `Set stage to "${s}"`, edits: [{ kind: 'edit' as const, path: kep.path, range: stageRange, newText: s }] })),
      });
      return;
    }
    if (!file) return;
    const rel = path.relative(ctx.repo.root, file);
    if (!prr) {
      const src = ctx.repo.source(file, 'yaml');
      if (src.issue) {
        ctx.report(src.issue.ruleId, { path: file, range: FILE_START, message: `PRR approval file: ${src.issue.message}` });
        return;
      }
      ctx.report('prr/file-missing', {
        path: kep.path,
        range: stageRange,
        message: `This KEP needs a PRR approval for stage "${stage}" (status ${status}, latest-milestone ${kep.latestMilestone} >= v1.21), but ${rel} does not exist.`,
        fixes: [{ title: `Create ${rel} for stage "${stage}"`, edits: [{ kind: 'create', path: file, content: newPrrFile(kep.number!, stage) }], preferred: true }],
      });
      return;
    }
    const decode = decodeProblems(prr, 'prr');
    for (const f of decode) ctx.report(f.ruleId, { path: file, range: f.range, message: `PRR approval file: ${f.message}` });
    if (decode.length) return;
    const entry = prr.get(stage);
    if (!entry || typeof entry !== 'object') {
      const populated = STAGES.some((s) => { const e = prr.get(s); return !!e && typeof e === 'object'; });
      ctx.report('prr/stage-missing', {
        path: kep.path,
        range: stageRange,
        message: populated
          ? `${rel} has no "${stage}" entry; kepval requires a PRR approval for the KEP's current stage.`
          : `${rel} has no stage entries at all; kepval requires a PRR approval for stage "${stage}".`,
        related: [{ path: file, range: prr.firstLine(), message: 'PRR approval file' }],
        fixes: [addStageFix(file, prr, stage)],
      });
      return;
    }
    const approver = String((entry as Record<string, unknown>)['approver'] ?? '');
    const allowed = prrApprovers(ctx.repo);
    if (!allowed) return; // no OWNERS_ALIASES to check against offline
    const name = approver.startsWith('@') ? approver.slice(1) : approver;
    if (allowed.includes(name)) return;
    const range = prr.valueRange(`/${stage}/approver`);
    const close = allowed.filter((a) => normalizeUser(a) === normalizeUser(name));
    ctx.report('prr/approver', {
      path: file,
      range,
      message: `${approver} is not a PRR approver (kepval: this contributor (${name}) is not a PRR approver ([${allowed.join(' ')}])). Approvers come from ${PRR_APPROVERS_ALIAS} and ${PRR_EMERITUS_ALIAS} in OWNERS_ALIASES.`,
      fixes: (close.length ? close : allowed).map((a) => ({
        title: `Use @${a}`,
        edits: [{ kind: 'edit' as const, path: file, range, newText: JSON.stringify(`@${a}`) }],
        ...(close.length ? { preferred: true, safe: true } : {}),
      })),
    });
  },
};

function checkNumber(ctx: KepContext, file: string, prr: YamlView): void {
  const n = prr.string('kep-number');
  const expected = path.basename(file, '.yaml');
  if (n === undefined || n === expected || (/^\d+$/.test(n) && Number(n) === Number(expected))) return;
  const range = prr.valueRange('kep-number');
  ctx.report('prr/number-mismatch', {
    path: file,
    range,
    message: `kep-number ${n} differs from the file name (${expected}.yaml); nothing checks it, but readers and tools use the file name.`,
    fixes: [{ title: `Set kep-number to ${expected}`, edits: [{ kind: 'edit', path: file, range, newText: expected }], preferred: true, safe: true }],
  });
}

function addStageFix(file: string, prr: YamlView, stage: string): Fix {
  const idx = prr.model.index;
  const last = idx.lineCount - 1;
  const end: Range['start'] = { line: last, character: idx.lineText(last).length };
  const needsNewline = idx.lineText(last).length > 0;
  return {
    title: `Add a "${stage}" entry to ${path.basename(file)}`,
    edits: [{ kind: 'edit', path: file, range: { start: end, end }, newText: `${needsNewline ? '\n' : ''}${stage}:\n  approver: ""\n` }],
    preferred: true,
    safe: true,
  };
}

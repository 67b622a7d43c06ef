import type { Fix, Range } from '../core/problem.js';
import { isTemplateValue } from '../kep/placeholders.js';
import { KUBERNETES_WIDE } from '../kep/process.js';
import type { KepContext, RuleModule } from './api.js';

/** Owning and participating SIGs against kubernetes/community's registry. */
export const sigRules: RuleModule = {
  rules: [
    { id: 'kep/unknown-sig', severity: 'warning', summary: 'A SIG name is not in kubernetes/community’s sigs.yaml.' },
    { id: 'kep/retired-sig', severity: 'warning', summary: 'A SIG name belongs to a retired group.' },
    { id: 'kep/sig-folder', severity: 'information', summary: 'The KEP lives under a SIG folder other than its owning SIG.' },
  ],

  checkKep(ctx) {
    const { kep } = ctx;
    if (!kep.decoded || kep.isTemplate) return;
    const owning = kep.owningSig;
    if (owning && !isTemplateValue('owning-sig', owning)) checkName(ctx, owning, kep.range('owning-sig'), 'owning-sig');
    kep.list('participating-sigs').forEach((name, i) => {
      if (name && name !== KUBERNETES_WIDE && !isTemplateValue('participating-sigs', name)) checkName(ctx, name, kep.view!.valueRange(`/participating-sigs/${i}`), 'participating-sigs');
    });
    const folder = kep.sigFolder;
    if (owning && folder !== owning && ctx.repo.registry.get(folder)) {
      ctx.report('kep/sig-folder', {
        path: kep.path,
        range: kep.range('owning-sig'),
        message: `The KEP is under keps/${folder}/ but its owning SIG is ${owning}; its PRR approval file is looked up under keps/prod-readiness/${owning}/.`,
      });
    }
  },
};

function checkName(ctx: KepContext, name: string, range: Range, field: string): void {
  const found = ctx.repo.registry.lookup(name);
  if (found.kind === 'known') return;
  const path = ctx.kep.path;
  if (found.kind === 'retired') {
    ctx.report('kep/retired-sig', {
      path,
      range,
      message: `${name} is a retired group (archived in kubernetes/community); ${field} should name a current SIG or working group.`,
    });
    return;
  }
  const s = found.suggestion;
  const fixes: Fix[] = s
    ? [{ title: `Change to ${s.dir}`, edits: [{ kind: 'edit', path, range, newText: s.dir }], preferred: true, ...(s.sure ? { safe: true } : {}) }]
    : [];
  ctx.report('kep/unknown-sig', {
    path,
    range,
    message: `${name} is not a SIG, working group or committee in sigs.yaml${s ? `; did you mean ${s.dir}?` : '.'}${field === 'participating-sigs' ? ` (${KUBERNETES_WIDE} is accepted too.)` : ''}`,
    ...(fixes.length ? { fixes } : {}),
  });
}

import { normalizeUser } from '../kep/owners.js';
import type { RuleModule } from './api.js';

/** Who reviews and approves, as the KEP process asks (not enforced by any robot). */
export const peopleRules: RuleModule = {
  rules: [
    { id: 'kep/reviewer-is-author', severity: 'warning', summary: 'An author also appears as reviewer or approver of the same KEP.' },
    { id: 'kep/no-sig-lead-approver', severity: 'information', summary: 'No approver leads the owning SIG (chair or tech lead in sigs.yaml).' },
  ],

  checkKep(ctx) {
    const { kep } = ctx;
    if (!kep.decoded || kep.isTemplate || kep.closed) return;
    const view = kep.view!;
    const authors = new Set(kep.list('authors').map(normalizeUser).filter((a) => a && a !== 'tbd'));
    for (const key of ['reviewers', 'approvers']) {
      kep.list(key).forEach((name, i) => {
        const user = normalizeUser(name);
        if (!authors.has(user)) return;
        ctx.report('kep/reviewer-is-author', {
          path: kep.path,
          range: view.valueRange(`/${key}/${i}`),
          message: `${name} is an author of this KEP; the process asks for ${key} distinct from the authors.`,
        });
      });
    }
    const sig = kep.owningSig;
    const approvers = kep.list('approvers').map(normalizeUser);
    if (!sig || (kep.status !== 'provisional' && kep.status !== 'implementable') || approvers.length === 0 || approvers.every((a) => a === 'tbd')) return;
    const leads = ctx.repo.registry.leads(sig);
    if (leads.size === 0 || approvers.some((a) => leads.has(a))) return;
    const group = ctx.repo.registry.get(sig);
    ctx.report('kep/no-sig-lead-approver', {
      path: kep.path,
      range: view.keyRange('approvers'),
      message: `None of the approvers is a chair or tech lead of ${group?.name ?? sig} (${[...leads].map((l) => `@${l}`).join(', ')}); KEPs are usually approved by the owning SIG's leads.`,
    });
  },
};

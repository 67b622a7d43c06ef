/** Production readiness review: where approvals live, who may give them, which KEPs need one. */
import * as path from 'node:path';
import type { RepositoryView } from '../workspace/repositoryView.js';
import type { Kep } from './kep.js';
import { parseMilestone, PRR_FIRST_MINOR, PRR_STATUSES, type Stage } from './process.js';

export const PRR_APPROVERS_ALIAS = 'prod-readiness-approvers';
export const PRR_EMERITUS_ALIAS = 'prod-readiness-approvers-emeritus';

/** keps/prod-readiness/<owning-sig>/<kep-number>.yaml, with both values as written. */
export function prrPath(repo: { kepsDir: string }, kep: Kep): string | undefined {
  const sig = kep.owningSig;
  const n = kep.number;
  return sig && n ? path.join(repo.kepsDir, 'prod-readiness', sig, `${n}.yaml`) : undefined;
}

/** Handles in prod-readiness-approvers and its emeritus alias, or undefined when the repository does not say. */
export function prrApprovers(repo: RepositoryView): string[] | undefined {
  const a = repo.ownersAliases();
  if (!a) return undefined;
  const names = [...(a.aliases.aliases.get(PRR_APPROVERS_ALIAS) ?? []), ...(a.aliases.aliases.get(PRR_EMERITUS_ALIAS) ?? [])].map((e) => e.name);
  return names.length ? [...new Set(names)].sort() : undefined;
}

/**
 * Whether kepval's PRR check reads this KEP's stage and latest-milestone: a kep.yaml it checks,
 * that decodes and validates, with an implementable or implemented status and both fields set.
 */
export function prrReadsMilestone(kep: Kep): boolean {
  return kep.location.kepvalChecked && kep.decoded && kep.decodeProblems.length === 0 && PRR_STATUSES.has(kep.status ?? '') && !!kep.latestMilestone && !!kep.stage;
}

/** Whether kepval requires a PRR approval of this KEP (see prrReadsMilestone, and latest-milestone >= v1.21). */
export function prrRequired(kep: Kep): boolean {
  if (!prrReadsMilestone(kep)) return false;
  const v = parseMilestone(kep.latestMilestone!);
  return !('error' in v) && (v.major > 1 || (v.major === 1 && v.minor >= PRR_FIRST_MINOR));
}

/** PRR questionnaire sections (template H3 titles) that each stage needs (template and PRR docs). */
const PRR_ALPHA = ['Feature Enablement and Rollback'];
const PRR_BETA = [...PRR_ALPHA, 'Rollout, Upgrade and Rollback Planning', 'Monitoring Requirements', 'Dependencies', 'Scalability', 'Troubleshooting'];
export const PRR_SECTIONS: Record<Stage, readonly string[]> = {
  alpha: PRR_ALPHA,
  beta: PRR_BETA,
  stable: PRR_BETA,
  deprecated: PRR_ALPHA,
  disabled: PRR_ALPHA,
  removed: PRR_ALPHA,
};

/** Every section the questionnaire may require. */
export const PRR_ALL_SECTIONS: readonly string[] = PRR_BETA;

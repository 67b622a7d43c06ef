import * as path from 'node:path';
import type { Kep } from '../kep/kep.js';
import { STAGES } from '../kep/process.js';
import { prrPath } from '../kep/prr.js';
import type { RepositoryView } from '../workspace/repositoryView.js';

/** Where kubernetes/enhancements' folders are browsed (kepctl query links there too). */
const ENHANCEMENTS_WEB = 'https://git.k8s.io/enhancements';

/**
 * A KEP's metadata as `query` prints it (format version 1): every kep.yaml field kepctl's
 * query shows, its PRR approvals, and where it is. Absent values are null or empty, never
 * missing, so every record has the same keys.
 */
export interface KepRecord {
  number: string | null;
  title: string | null;
  /** The KEP's folder, relative to the repository root (`keps/sig-node/4960-container-stop-signals`). */
  path: string;
  owningSig: string | null;
  participatingSigs: string[];
  status: string | null;
  stage: string | null;
  latestMilestone: string | null;
  /** milestone.<stage> entries that name a release. */
  milestone: Record<string, string>;
  authors: string[];
  reviewers: string[];
  approvers: string[];
  /** The PRR approval file's approver per stage. */
  prrApprovals: Record<string, string>;
  creationDate: string | null;
  lastUpdated: string | null;
  seeAlso: string[];
  replaces: string[];
  supersededBy: string[];
  link: string;
}

export function kepRecord(view: RepositoryView, kep: Kep): KepRecord {
  const rel = path.relative(view.root, kep.dir).split(path.sep).join('/');
  const milestone: Record<string, string> = {};
  for (const s of kep.milestoneStages()) milestone[s] = kep.str(`/milestone/${s}`)!;
  const list = (key: string): string[] => kep.list(key).filter(Boolean);
  return {
    number: kep.number ?? null,
    title: kep.title ?? null,
    path: rel,
    owningSig: kep.owningSig ?? null,
    participatingSigs: list('participating-sigs'),
    status: kep.status ?? null,
    stage: kep.stage ?? null,
    latestMilestone: kep.latestMilestone ?? null,
    milestone,
    authors: list('authors'),
    reviewers: list('reviewers'),
    approvers: list('approvers'),
    prrApprovals: prrApprovals(view, kep),
    creationDate: kep.str('creation-date') ?? null,
    lastUpdated: kep.str('last-updated') ?? null,
    seeAlso: list('see-also'),
    replaces: list('replaces'),
    supersededBy: list('superseded-by'),
    link: `${ENHANCEMENTS_WEB}/${rel}`,
  };
}

/** `{alpha: "@jpbetz", …}` from keps/prod-readiness/<sig>/<number>.yaml, when it exists. */
export function prrApprovals(view: RepositoryView, kep: Kep): Record<string, string> {
  const file = prrPath(view, kep);
  const prr = file && view.source(file, 'yaml').exists ? view.yaml(file) : undefined;
  const out: Record<string, string> = {};
  for (const stage of STAGES) {
    const approver = prr?.string(`/${stage}/approver`)?.trim();
    if (approver) out[stage] = approver;
  }
  return out;
}

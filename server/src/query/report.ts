import { STAGES } from '../kep/process.js';
import type { Repository } from '../workspace/repository.js';
import { queryKeps, queryRelease, type QueryRow } from './query.js';

/** KEPs, ready ones and KEPs per target stage. */
export interface Totals {
  keps: number;
  ready: number;
  notReady: number;
  /** Per stage the KEPs aim for in the release, in process order; stages with none are left out. */
  stages: Record<string, number>;
}

/** Every KEP that targets a release, with its readiness, and totals per owning SIG. */
export interface ReleaseReport {
  release: string;
  /** Each with its readiness for the release. */
  rows: QueryRow[];
  sigs: Array<Totals & { sig: string }>;
  totals: Totals;
}

/** The release readiness report, for every owning SIG or those `sigs` names (as `query --sig`). */
export function releaseReport(repo: Repository, release: string, sigs: string[] = []): ReleaseReport {
  const name = queryRelease(release);
  const rows = queryKeps(repo, { release: name, sigs });
  const bySig = new Map<string, QueryRow[]>();
  for (const r of rows) {
    const sig = r.record.owningSig ?? '';
    bySig.set(sig, [...(bySig.get(sig) ?? []), r]);
  }
  return {
    release: name,
    rows,
    sigs: [...bySig].map(([sig, list]) => ({ sig, ...totals(list) })),
    totals: totals(rows),
  };
}

function totals(rows: QueryRow[]): Totals {
  const ready = rows.filter((r) => r.readiness?.open.length === 0).length;
  const stages: Record<string, number> = {};
  for (const s of STAGES) {
    const n = rows.filter((r) => r.readiness?.stage === s).length;
    if (n) stages[s] = n;
  }
  return { keps: rows.length, ready, notReady: rows.length - ready, stages };
}

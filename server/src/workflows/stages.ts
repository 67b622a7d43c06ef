import type { Kep } from '../kep/kep.js';
import { parseMilestone, STAGES, type Stage } from '../kep/process.js';
import type { RepositoryView } from '../workspace/repositoryView.js';

/** The stage a KEP moves to next: alpha → beta → stable, deprecated → disabled → removed. */
export function nextStage(stage: string | undefined): Stage {
  switch (stage) {
    case 'alpha':
      return 'beta';
    case 'beta':
    case 'stable':
      return 'stable';
    case 'deprecated':
      return 'disabled';
    case 'disabled':
    case 'removed':
      return 'removed';
    default:
      return 'alpha';
  }
}

export const isStage = (s: string): s is Stage => (STAGES as readonly string[]).includes(s);

/** The stage a KEP prepares for: a provisional KEP's own stage (not reached yet), else the next one. */
export function upcomingStage(kep: Kep): Stage {
  return kep.stage && isStage(kep.stage) && kep.status === 'provisional' ? kep.stage : nextStage(kep.stage);
}

/** Releases to offer: the one in progress first, then the next two and the previous one. */
export function releaseChoices(upcomingMinor: number): string[] {
  if (upcomingMinor >= 999) return [];
  return [0, 1, 2, -1].filter((d) => upcomingMinor + d >= 0).map((d) => `v1.${upcomingMinor + d}`);
}

/** `v1.38` for `v1.38` or `1.38`; undefined for anything else. */
export function parseRelease(text: string): string | undefined {
  const m = /^v?1\.(\d+)$/.exec(text.trim());
  return m ? `v1.${Number(m[1])}` : undefined;
}

/** The release in progress (configured, else the highest latest-milestone), if the repository has one. */
export function releaseInProgress(repo: RepositoryView): string | undefined {
  const minor = repo.upcomingMinor();
  return minor > 0 && minor < 999 ? `v1.${minor}` : undefined;
}

/** Two milestones name the same release (`v1.38`, `1.38`, `v1.38.0`). */
export function sameRelease(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = parseMilestone(a);
  const y = parseMilestone(b);
  if ('error' in x || 'error' in y) return a.trim() === b.trim();
  return x.major === y.major && x.minor === y.minor && x.patch === y.patch;
}

/** What a KEP aims for in a release: the stage it should reach there. */
export interface ReleaseTarget {
  release: string;
  stage: Stage;
}

/**
 * Whether a KEP targets `release`, and for which stage: its latest-milestone names the release
 * (for its stage), or the milestone of the stage it prepares for does. Closed KEPs (deferred,
 * rejected, withdrawn, replaced) and the template target nothing.
 */
export function releaseTarget(kep: Kep, release: string): ReleaseTarget | undefined {
  if (kep.isTemplate || kep.closed) return undefined;
  if (sameRelease(kep.latestMilestone, release)) return { release, stage: kep.stage && isStage(kep.stage) ? kep.stage : 'alpha' };
  const next = upcomingStage(kep);
  return sameRelease(kep.str(`/milestone/${next}`), release) ? { release, stage: next } : undefined;
}

import { STAGES, type Stage } from '../kep/process.js';

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

/** Releases to offer: the one in progress first, then the next two and the previous one. */
export function releaseChoices(upcomingMinor: number): string[] {
  if (upcomingMinor >= 999) return [];
  return [0, 1, 2, -1].filter((d) => upcomingMinor + d >= 0).map((d) => `v1.${upcomingMinor + d}`);
}

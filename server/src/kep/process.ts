/** Facts of the KEP process (keps/sig-architecture/0000-kep-process and the template). */

export const STATUSES = ['provisional', 'implementable', 'implemented', 'deferred', 'rejected', 'withdrawn', 'replaced'] as const;
export const STAGES = ['alpha', 'beta', 'stable', 'deprecated', 'disabled', 'removed'] as const;
export type Stage = (typeof STAGES)[number];

/** Statuses for which kepval requires PRR approval (when latest-milestone >= v1.21). */
export const PRR_STATUSES = new Set(['implementable', 'implemented']);
/** Statuses of KEPs that are no longer pursued; process guidance does not apply to them. */
export const CLOSED_STATUSES = new Set(['deferred', 'rejected', 'withdrawn', 'replaced']);

/** The PRR gate: from this release on, implementable KEPs need an approval. */
export const PRR_FIRST_MINOR = 21;

/** `participating-sigs` may name the whole project instead of a group. */
export const KUBERNETES_WIDE = 'kubernetes-wide';

/**
 * Parses a milestone the way blang/semver's ParseTolerant does for PRR (trim, drop a leading
 * `v`, strip leading zeros, pad MAJOR.MINOR to MAJOR.MINOR.0, then strict semver).
 */
export function parseMilestone(value: string): { major: number; minor: number; patch: number } | { error: string } {
  let s = value.trim();
  if (s.startsWith('v')) s = s.slice(1);
  const main = s.split(/[-+]/, 1)[0]!;
  const parts = main.split('.');
  if (parts.length < 3 && s.length !== main.length) return { error: `short version cannot contain PreRelease/Build meta data` };
  while (parts.length < 3) parts.push('0');
  s = parts.map((p) => (/^0+\d/.test(p) ? p.replace(/^0+/, '') : p)).join('.') + s.slice(main.length);
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.exec(s);
  if (!m) {
    const bad = parts.find((p) => !/^\d+$/.test(p));
    const which = ['major', 'minor', 'patch'][parts.indexOf(bad ?? '')] ?? 'version';
    return { error: bad !== undefined ? `Invalid character(s) found in ${which} number "${bad}"` : `Invalid version "${value}"` };
  }
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

/** The minor number as SIG Node's tech-lead check reads it: after the first `.`, else 0. */
export function nodeCheckMinor(latestMilestone: string | undefined): number {
  if (!latestMilestone) return 0;
  const s = latestMilestone.replace(/["']/g, '').trim().replace(/^v/, '');
  const dot = s.indexOf('.');
  if (dot === -1) return 0;
  const n = /^\d+/.exec(s.slice(dot + 1));
  return n ? Number(n[0]) : 0;
}

/**
 * Whether a line of the README's Release Signoff Checklist must be ticked before the release:
 * it is marked (R), and when it is about GA (conformance tests, "GA e2e tests") only for a KEP
 * going stable.
 */
export function signoffRequired(text: string, stage: Stage): boolean {
  return /^\(R\)/.test(text) && (stage === 'stable' || !/\bGA\b/.test(text));
}

export const MILESTONE_FORMAT = /^v1\.\d+$/;
export const DATE_FORMAT = /^\d{4}-\d{2}-\d{2}$/;

// The corpus' KEPs read directly with the `yaml` package, not through the engine: the
// independent figures the query and report tests compare the CLI's output with.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { enhancementsDir } from './paths.js';

export interface RawKep {
  /** The folder relative to the repository root (`keps/sig-node/4960-container-stop-signals`). */
  path: string;
  number?: string;
  owningSig?: string;
  participatingSigs: string[];
  status?: string;
  stage?: string;
  latestMilestone?: string;
  milestone: Record<string, string>;
  authors: string[];
  reviewers: string[];
  approvers: string[];
}

const text = (v: unknown): string | undefined => (v === null || v === undefined || v === '' ? undefined : String(v));
const texts = (v: unknown): string[] => (Array.isArray(v) ? v.map(text).filter((x): x is string => !!x) : []);

/** Every folder under keps/ holding a kep.yaml, except prod-readiness/ and the template. */
export function corpusKeps(): RawKep[] {
  const keps = path.join(enhancementsDir, 'keps');
  const out: RawKep[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (dir !== keps || (e.name !== 'prod-readiness' && e.name !== 'NNNN-kep-template')) walk(full);
      } else if (e.name === 'kep.yaml' && fs.statSync(full).isFile()) {
        const y = (parse(fs.readFileSync(full, 'utf8'), { uniqueKeys: false }) ?? {}) as Record<string, unknown>;
        const milestone: Record<string, string> = {};
        for (const [k, v] of Object.entries((y['milestone'] as Record<string, unknown> | null) ?? {})) if (text(v)) milestone[k] = text(v)!;
        out.push({
          path: path.relative(enhancementsDir, dir).split(path.sep).join('/'),
          number: text(y['kep-number']),
          owningSig: text(y['owning-sig']),
          participatingSigs: texts(y['participating-sigs']),
          status: text(y['status']),
          stage: text(y['stage']),
          latestMilestone: text(y['latest-milestone']),
          milestone,
          authors: texts(y['authors']),
          reviewers: texts(y['reviewers']),
          approvers: texts(y['approvers']),
        });
      }
    }
  };
  walk(keps);
  return out;
}

/** How many of `keps` have each value of `key` ("" for none). */
export function countBy(keps: RawKep[], key: (k: RawKep) => string | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const k of keps) counts[key(k) ?? ''] = (counts[key(k) ?? ''] ?? 0) + 1;
  return counts;
}

/** The minor number of `v1.37`, `1.37` or `v1.37.0`. */
export function minorOf(milestone: string | undefined): number | undefined {
  const m = /^v?1\.(\d+)(?:\.0)?$/.exec(milestone?.trim() ?? '');
  return m ? Number(m[1]) : undefined;
}

const NEXT: Record<string, string> = { alpha: 'beta', beta: 'stable', stable: 'stable', deprecated: 'disabled', disabled: 'removed', removed: 'removed' };
const CLOSED = ['deferred', 'rejected', 'withdrawn', 'replaced'];

/**
 * The stage a KEP aims for in release v1.<minor>, as the README defines targeting: its
 * latest-milestone is that release (its stage), or the milestone of the stage it prepares for
 * (a provisional KEP's own stage, else the next one) is. Closed KEPs target nothing.
 */
export function targetStage(k: RawKep, minor: number): string | undefined {
  if (CLOSED.includes(k.status ?? '')) return undefined;
  if (minorOf(k.latestMilestone) === minor) return k.stage && k.stage in NEXT ? k.stage : 'alpha';
  const upcoming = k.status === 'provisional' && k.stage && k.stage in NEXT ? k.stage : (NEXT[k.stage ?? ''] ?? 'alpha');
  return minorOf(k.milestone[upcoming]) === minor ? upcoming : undefined;
}

/** The OWNERS_ALIASES members of an alias, lower-cased without `@`. */
export function aliasMembers(alias: string): string[] {
  const y = parse(fs.readFileSync(path.join(enhancementsDir, 'OWNERS_ALIASES'), 'utf8')) as { aliases: Record<string, string[]> };
  return (y.aliases[alias] ?? []).map(handle);
}

export const handle = (h: string): string => h.trim().replace(/^@/, '').toLowerCase();

/** The approver per stage of each PRR approval file, by `<sig>/<number>`. */
export function prrApprovers(): Map<string, string[]> {
  const dir = path.join(enhancementsDir, 'keps/prod-readiness');
  const out = new Map<string, string[]>();
  for (const sig of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!sig.isDirectory()) continue;
    for (const f of fs.readdirSync(path.join(dir, sig.name))) {
      if (!f.endsWith('.yaml')) continue;
      const y = (parse(fs.readFileSync(path.join(dir, sig.name, f), 'utf8')) ?? {}) as Record<string, { approver?: unknown } | null>;
      const approvers = Object.values(y).flatMap((e) => (e && typeof e === 'object' && typeof e.approver === 'string' && e.approver ? [e.approver] : []));
      out.set(`${sig.name}/${f.replace(/\.yaml$/, '')}`, approvers);
    }
  }
  return out;
}

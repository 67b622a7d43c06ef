import { didYouMean } from '../core/suggest.js';
import type { Kep } from '../kep/kep.js';
import { normalizeUser } from '../kep/owners.js';
import { STAGES, STATUSES } from '../kep/process.js';
import { Pattern, PatternError } from '../kinds/pattern.js';
import { kepReadiness, type KepReadiness } from '../workflows/checklistView.js';
import { parseRelease, releaseTarget, sameRelease } from '../workflows/stages.js';
import type { Repository } from '../workspace/repository.js';
import type { RepositoryView } from '../workspace/repositoryView.js';
import { kepRecord, prrApprovals, type KepRecord } from './record.js';

/** A query that cannot run as given (an unknown SIG, a malformed release…); the message says why. */
export class QueryError extends Error {}

/**
 * Which KEPs to list. Each filter holds alternatives (a KEP passes when one matches); a KEP is
 * listed when it passes every filter given.
 */
export interface KepQuery {
  /** Owning SIG: a name, or an unanchored RE2 pattern over the SIG names (as kepctl's --sig). */
  sigs?: string[];
  participatingSigs?: string[];
  /** `none` matches a KEP without one. */
  statuses?: string[];
  stages?: string[];
  /** latest-milestone or any milestone.<stage>. */
  milestones?: string[];
  /** GitHub handles (with or without `@`), or OWNERS_ALIASES aliases standing for their members. */
  authors?: string[];
  reviewers?: string[];
  approvers?: string[];
  /** The approver of any stage in the KEP's PRR approval file. */
  prrApprovers?: string[];
  /** Author, reviewer, approver or PRR approver. */
  involves?: string[];
  /** Tracking issue (= kep-number): `1287`, `#1287`, `KEP-1287` or the issue's URL. */
  trackingIssues?: string[];
  /** Only KEPs that target this release (see releaseTarget), with their readiness for it. */
  release?: string;
  /** With `release`: only the KEPs that are ready (true) or not (false). */
  ready?: boolean;
}

export interface QueryRow {
  kep: Kep;
  record: KepRecord;
  /** Readiness for the release asked about, for KEPs that target it. */
  readiness?: KepReadiness;
}

/**
 * The repository's KEPs (the template aside) that pass `query`, by owning SIG then number.
 * Readiness is computed for the query's release (else for `readinessOf`) for the KEPs that
 * target it, by the checklist view's own code (kepReadiness).
 */
export function queryKeps(repo: Repository, query: KepQuery, readinessOf?: string): QueryRow[] {
  const view = repo.view(new Set());
  const keps = repo.allKeps().filter((k) => !k.isTemplate);
  const release = query.release === undefined ? undefined : queryRelease(query.release);
  if (query.ready !== undefined && !release) throw new QueryError('ready or not ready: for which release? Give one (v1.38).');
  const readinessRelease = release ?? (readinessOf === undefined ? undefined : queryRelease(readinessOf));
  const matchers = filters(view, keps, query);
  const rows: QueryRow[] = [];
  for (const kep of keps) {
    if (!matchers.every((m) => m(kep))) continue;
    if (release && !releaseTarget(kep, release)) continue;
    const readiness = readinessRelease && releaseTarget(kep, readinessRelease) ? kepReadiness(repo, kep, readinessRelease) : undefined;
    if (query.ready !== undefined && (readiness?.open.length === 0) !== query.ready) continue;
    rows.push({ kep, record: kepRecord(view, kep), ...(readiness ? { readiness } : {}) });
  }
  return rows.sort((a, b) => compare(a.record.owningSig ?? '', b.record.owningSig ?? '') || byNumber(a.record.number, b.record.number) || compare(a.record.path, b.record.path));
}

/** The release a query names, normalized (`1.38` → `v1.38`). */
export function queryRelease(text: string): string {
  const r = parseRelease(text);
  if (!r) throw new QueryError(`"${text}" is not a release like v1.38.`);
  return r;
}

type Matcher = (kep: Kep) => boolean;

function filters(view: RepositoryView, keps: Kep[], q: KepQuery): Matcher[] {
  const out: Matcher[] = [];
  const given = (values: string[] | undefined): values is string[] => values !== undefined && values.length > 0;
  if (given(q.sigs)) {
    const names = sigNames(view, keps, q.sigs, 'SIG');
    out.push((k) => names.has(k.owningSig ?? ''));
  }
  if (given(q.participatingSigs)) {
    const names = sigNames(view, keps, q.participatingSigs, 'participating SIG');
    out.push((k) => k.list('participating-sigs').some((s) => names.has(s)));
  }
  if (given(q.statuses)) {
    const values = enumValues(q.statuses, STATUSES, keps.map((k) => k.status), 'status');
    out.push((k) => values.has(k.status ?? ''));
  }
  if (given(q.stages)) {
    const values = enumValues(q.stages, STAGES, keps.map((k) => k.stage), 'stage');
    out.push((k) => values.has(k.stage ?? ''));
  }
  if (given(q.milestones)) {
    const releases = q.milestones.map(queryRelease);
    out.push((k) => [k.latestMilestone, ...k.milestoneStages().map((s) => k.str(`/milestone/${s}`))].some((m) => releases.some((r) => sameRelease(m, r))));
  }
  const people = (values: string[] | undefined, roles: (k: Kep) => string[]): void => {
    if (!given(values)) return;
    const handles = handlesOf(view, values);
    out.push((k) => roles(k).some((h) => handles.has(normalizeUser(h))));
  };
  const prr = (k: Kep): string[] => Object.values(prrApprovals(view, k));
  people(q.authors, (k) => k.list('authors'));
  people(q.reviewers, (k) => k.list('reviewers'));
  people(q.approvers, (k) => k.list('approvers'));
  people(q.prrApprovers, prr);
  people(q.involves, (k) => [...k.list('authors'), ...k.list('reviewers'), ...k.list('approvers'), ...prr(k)]);
  if (given(q.trackingIssues)) {
    const numbers = new Set(q.trackingIssues.map(issueNumber));
    out.push((k) => /^\d+$/.test(k.number ?? '') && numbers.has(Number(k.number)));
  }
  return out;
}

/**
 * The SIG names `values` stand for: a name a KEP or the registry uses, else an unanchored
 * pattern over those names (kepctl's --sig: `node` is sig-node). Matching nothing is an error.
 */
function sigNames(view: RepositoryView, keps: Kep[], values: string[], what: string): Set<string> {
  const known = [...new Set([...view.registry.groups.map((g) => g.dir), ...keps.flatMap((k) => [k.owningSig ?? '', ...k.list('participating-sigs')])].filter(Boolean))].sort();
  const names = new Set<string>();
  for (const v of values) {
    if (known.includes(v)) {
      names.add(v);
      continue;
    }
    let pattern: Pattern;
    try {
      pattern = Pattern.compile(v, { caseSensitive: true });
    } catch (err) {
      if (err instanceof PatternError) throw new QueryError(`${what} "${v}" is no SIG name, and as a pattern it ${err.message}.`);
      throw err;
    }
    const matched = known.filter((n) => pattern.test(n));
    if (!matched.length) {
      const near = didYouMean(v, known);
      throw new QueryError(`No ${what} matches "${v}"${near ? ` (did you mean ${near}?)` : ''}.`);
    }
    for (const n of matched) names.add(n);
  }
  return names;
}

/** Status or stage values: the process's, or one a KEP uses; `none` (or "") for none. */
function enumValues(values: string[], allowed: readonly string[], used: Array<string | undefined>, what: string): Set<string> {
  const known = new Set<string>([...allowed, ...used.filter((u): u is string => !!u)]);
  return new Set(
    values.map((v) => {
      if (v === 'none' || v === '') return '';
      if (known.has(v)) return v;
      const near = didYouMean(v, allowed);
      throw new QueryError(`"${v}" is not a ${what}${near ? ` (did you mean ${near}?)` : ''}; the ${what === 'status' ? 'statuses' : 'stages'} are ${allowed.join(', ')} (or none).`);
    }),
  );
}

/** Normalized handles: each value, or the members of the OWNERS_ALIASES alias it names. */
function handlesOf(view: RepositoryView, values: string[]): Set<string> {
  const aliases = view.ownersAliases()?.aliases.aliases;
  const out = new Set<string>();
  for (const v of values) {
    const members = aliases?.get(v.trim());
    if (members) for (const m of members) out.add(m.normalized);
    else out.add(normalizeUser(v));
  }
  return out;
}

function issueNumber(value: string): number {
  const m = /^(?:#|KEP-?)?(\d+)$/i.exec(value.trim()) ?? /^https?:\/\/[^\s]+\/issues\/(\d+)\/?$/.exec(value.trim());
  if (!m) throw new QueryError(`"${value}" is not a tracking issue (1287, #1287, KEP-1287 or the issue's URL).`);
  return Number(m[1]);
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Numbers in numeric order; KEPs without a numeric kep-number after them. */
function byNumber(a: string | null, b: string | null): number {
  const x = /^\d+$/.test(a ?? '') ? Number(a) : Infinity;
  const y = /^\d+$/.test(b ?? '') ? Number(b) : Infinity;
  return x === y ? 0 : x < y ? -1 : 1;
}

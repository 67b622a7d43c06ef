import type { Engine } from '../engine.js';
import { ruleDocUrl } from '../core/docs.js';
import { QueryError, queryKeps, queryRelease, type KepQuery } from '../query/query.js';
import { renderQuery, renderReport, type QueryFormat, type ReportFormat } from '../query/render.js';
import { releaseReport } from '../query/report.js';
import { releaseInProgress } from '../workflows/stages.js';
import type { Repository } from '../workspace/repository.js';
import type { RunResult } from './main.js';
import { UsageError } from './usage.js';

/** The filters of `query` (each repeatable, or comma-separated as kepctl takes them) and `report`. */
export const QUERY_OPTIONS = {
  sig: { type: 'string', multiple: true },
  'participating-sig': { type: 'string', multiple: true },
  status: { type: 'string', multiple: true },
  stage: { type: 'string', multiple: true },
  milestone: { type: 'string', multiple: true },
  author: { type: 'string', multiple: true },
  reviewer: { type: 'string', multiple: true },
  approver: { type: 'string', multiple: true },
  'prr-approver': { type: 'string', multiple: true },
  involves: { type: 'string', multiple: true },
  'tracking-issue': { type: 'string', multiple: true },
  release: { type: 'string' },
  ready: { type: 'boolean' },
  'not-ready': { type: 'boolean' },
} as const;

type QueryValues = { [K in keyof typeof QUERY_OPTIONS]?: (typeof QUERY_OPTIONS)[K] extends { multiple: true } ? string[] : (typeof QUERY_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

/** The options `report` takes besides --format, --sigs and --config. */
const REPORT_OPTIONS: ReadonlySet<string> = new Set(['sig', 'release']);

/** Refuses query options on a command that does not take them. */
export function checkQueryOptions(command: string, values: QueryValues): void {
  const given = Object.keys(QUERY_OPTIONS).filter((k) => values[k as keyof QueryValues] !== undefined);
  const allowed = (k: string): boolean => command === 'query' || (command === 'report' && REPORT_OPTIONS.has(k));
  const wrong = given.find((k) => !allowed(k));
  if (wrong) throw new UsageError(`--${wrong} is an option of ${command === 'report' || command === 'query' ? 'query' : 'query and report'}, not of ${command}`);
}

/** `kep-studio query [filters] [folder]`. */
export function queryCommand(engine: Engine, folder: string, values: QueryValues, format: string): RunResult {
  const repo = kepRepository(engine, folder);
  if (values.ready && values['not-ready']) throw new UsageError('--ready and --not-ready exclude each other');
  const readiness = values.ready ? true : values['not-ready'] ? false : undefined;
  const query: KepQuery = {
    sigs: list(values.sig),
    participatingSigs: list(values['participating-sig']),
    statuses: list(values.status),
    stages: list(values.stage),
    milestones: list(values.milestone),
    authors: list(values.author),
    reviewers: list(values.reviewer),
    approvers: list(values.approver),
    prrApprovers: list(values['prr-approver']),
    involves: list(values.involves),
    trackingIssues: list(values['tracking-issue']),
    ...(values.release !== undefined || readiness !== undefined ? { release: values.release ?? currentRelease(repo, '--ready and --not-ready') } : {}),
    ...(readiness !== undefined ? { ready: readiness } : {}),
  };
  const rows = asUsage(() => queryKeps(repo, query));
  const release = query.release === undefined ? undefined : queryRelease(query.release);
  const stderr = format === 'table' ? `${rows.length} KEP${rows.length === 1 ? '' : 's'}${release ? ` targeting ${release}` : ''}\n` : '';
  return { code: 0, stdout: renderQuery(rows, release, format as QueryFormat), stderr };
}

/** `kep-studio report [--release v1.38] [--sig …] [folder]`. */
export function reportCommand(engine: Engine, folder: string, values: QueryValues, format: string): RunResult {
  const repo = kepRepository(engine, folder);
  const release = values.release ?? currentRelease(repo, 'report');
  const report = asUsage(() => releaseReport(repo, release, list(values.sig)));
  return { code: 0, stdout: renderReport(report, format as ReportFormat, (id) => ruleDocUrl(id)), stderr: '' };
}

/** A filter's values, repeated or comma-separated. */
function list(values: string[] | undefined): string[] | undefined {
  return values?.flatMap((x) => x.split(',')).map((x) => x.trim());
}

function kepRepository(engine: Engine, folder: string): Repository {
  const roots = engine.findRepositories(folder);
  if (roots.length !== 1) throw new UsageError(roots.length ? `several KEP repositories below ${folder} (${roots.join(', ')}): name one` : `no KEP repository (a folder holding keps/) at, above or below ${folder}`);
  return engine.repository(roots[0]!);
}

function currentRelease(repo: Repository, what: string): string {
  const release = releaseInProgress(repo.view(new Set()));
  if (!release) throw new UsageError(`${what}: no release in progress is known (no KEP has a latest-milestone): give --release`);
  return release;
}

/** A query that cannot run is the caller's mistake: exit status 2, with the reason. */
function asUsage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof QueryError) throw new UsageError(err.message);
    throw err;
  }
}

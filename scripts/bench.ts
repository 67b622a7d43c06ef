/**
 * Benchmarks KEP Studio against the whole enhancements corpus (read in place, never written).
 *
 * Section "cli": `kep-studio check --format json <corpus>`, a fresh process per run (the CLI
 * keeps no cache between runs, so every run is cold), and markdownlint-cli2 (default config,
 * run from the corpus folder) on the same markdown files;
 * wall times are medians of N runs, peak RSS comes from a preload that reports
 * process.resourceUsage().maxRSS on exit.
 *
 * Section "proposals": the same comparison over cncf/toc (`--proposals`): the CLI reads every
 * markdown file there, recognises the proposals and due diligence documents and checks them;
 * markdownlint-cli2 lints every markdown file.
 *
 * Section "query": `kep-studio query` (every KEP), `query --release` and `report` of the same
 * corpus (release: the one in progress), fresh processes, beside the "cli" section's `check`.
 *
 * Section "lsp" (benchLsp.ts): the language server's start-up indexing and edit latency.
 *
 * Usage: npm run bench [-- --runs N] [-- --edits N] [-- --corpus <enhancements checkout>] [-- --proposals <cncf/toc checkout>]
 * (or node out/scripts/bench.js --runs N after a build)
 *
 * Targets are printed beside the figures and never fail the bench. The bench itself fails
 * (exit 2) when a program exits with anything but 0 or 1, is killed, or reports no RSS.
 *
 * Units: MB is 2^20 bytes throughout (file sizes and RSS; maxRSS is reported in KiB by Linux).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchLsp, type LspBench } from './benchLsp.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'dist/cli.cjs');
const MB = 1024 * 1024;

/** Targets reported against (never enforced). */
const TARGET_COLD_SPEEDUP = 3;
const TARGET_PEAK_RSS_MB = 250;

/** A failure of the bench itself (not a missed target): exit status 2. */
class BenchError extends Error {}

// ---------------------------------------------------------------------------------------------
// Spawning and timing
// ---------------------------------------------------------------------------------------------

interface RunResult {
  /** Wall time from spawn to the process's exit, in milliseconds. */
  ms: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Peak resident set size in MB, when the program ran through the RSS preload. */
  rssMb?: number;
}

interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Keep stdout (otherwise it is drained and dropped; large outputs cost nothing to keep). */
  keepStdout?: boolean;
}

/** Temp folder of this bench run: preload script and RSS reports. Removed at the end. */
let scratch: string | undefined;
function scratchDir(): string {
  return (scratch ??= fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-bench-')));
}

/** A CommonJS preload that, in the main thread, writes the process's peak RSS (KiB) to $KEP_STUDIO_BENCH_RSS. */
function rssPreload(): string {
  const file = path.join(scratchDir(), 'rss-preload.cjs');
  if (!fs.existsSync(file)) {
    fs.writeFileSync(
      file,
      `'use strict';
const out = process.env.KEP_STUDIO_BENCH_RSS;
if (out && require('node:worker_threads').isMainThread) {
  process.on('exit', () => {
    try { require('node:fs').writeFileSync(out, String(process.resourceUsage().maxRSS)); } catch {}
  });
}
`,
    );
  }
  return file;
}

let rssReports = 0;

/** Runs `node <args>` with the RSS preload; resolves when it has exited and its output is read. */
function runNode(args: string[], opts: RunOptions): Promise<RunResult> {
  const rssFile = path.join(scratchDir(), `rss-${++rssReports}.txt`);
  const env = { ...process.env, ...opts.env, KEP_STUDIO_BENCH_RSS: rssFile };
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let end = 0;
    const child = spawn(process.execPath, ['--require', rssPreload(), ...args], { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => {
      if (opts.keepStdout) out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.once('error', reject);
    child.once('exit', () => (end = performance.now()));
    child.once('close', (code, signal) => {
      let rssMb: number | undefined;
      try {
        const kib = Number(fs.readFileSync(rssFile, 'utf8'));
        if (kib > 0) rssMb = kib / 1024;
      } catch {
        // No report: killed, or crashed before the exit event.
      }
      resolve({
        ms: (end || performance.now()) - start,
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ...(rssMb !== undefined ? { rssMb } : {}),
      });
    });
  });
}

/** Fails the bench unless the run exited with one of `ok` and reported its RSS. */
function expectExit(what: string, r: RunResult, ok: readonly number[]): RunResult & { rssMb: number } {
  if (r.code === null || !ok.includes(r.code)) {
    const status = r.signal ? `was killed by ${r.signal}` : `exited with ${r.code}`;
    throw new BenchError(`${what} ${status} (expected ${ok.join(' or ')})\n${tail(r.stderr)}`);
  }
  if (r.rssMb === undefined) throw new BenchError(`${what} reported no peak RSS`);
  return r as RunResult & { rssMb: number };
}

function tail(s: string, lines = 20): string {
  return s.trimEnd().split('\n').slice(-lines).join('\n');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

interface Timing {
  runs: number[];
  medianMs: number;
  /** Largest peak RSS over the runs, MB. */
  peakRssMb: number;
}

function timing(results: Array<{ ms: number; rssMb: number }>): Timing {
  const runs = results.map((r) => r.ms);
  return { runs, medianMs: median(runs), peakRssMb: Math.max(...results.map((r) => r.rssMb)) };
}

// ---------------------------------------------------------------------------------------------
// Corpus
// ---------------------------------------------------------------------------------------------

interface FileSet {
  count: number;
  bytes: number;
}

interface Corpus {
  root: string;
  /** Every .md under keps/, relative to `root` with forward slashes, sorted (markdownlint's input). */
  markdown: string[];
  markdownSet: FileSet;
  /**
   * What the CLI checks, summed the way the CLI's layout finds it (server/src/workspace/layout.ts):
   * every kep.yaml under keps/ outside prod-readiness/, every .md under keps/ (prod-readiness/
   * included), and every keps/prod-readiness/<sig>/*.yaml except in template/. The CLI counts a
   * PRR file only when a KEP's number and owning SIG name it, so its `files` can be a little lower.
   * Symbolic links count when they point at files.
   */
  checkedSet: FileSet;
}

function scanCorpus(root: string): Corpus {
  const kepsDir = path.join(root, 'keps');
  if (!fs.statSync(kepsDir, { throwIfNoEntry: false })?.isDirectory()) throw new BenchError(`no keps/ folder in ${root}`);
  const markdown: string[] = [];
  const markdownSet: FileSet = { count: 0, bytes: 0 };
  const checkedSet: FileSet = { count: 0, bytes: 0 };
  const add = (set: FileSet, bytes: number): void => {
    set.count++;
    set.bytes += bytes;
  };
  const walk = (dir: string, inPrr: boolean): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        walk(full, inPrr || (dir === kepsDir && e.name === 'prod-readiness'));
        continue;
      }
      const st = e.isFile() || e.isSymbolicLink() ? fs.statSync(full, { throwIfNoEntry: false }) : undefined;
      if (!st?.isFile()) continue;
      if (e.name.endsWith('.md')) {
        markdown.push(path.relative(root, full).split(path.sep).join('/'));
        add(markdownSet, st.size);
        add(checkedSet, st.size);
      } else if (!inPrr && e.name === 'kep.yaml') {
        add(checkedSet, st.size);
      } else if (inPrr && e.name.endsWith('.yaml') && path.dirname(dir) === path.join(kepsDir, 'prod-readiness') && path.basename(dir) !== 'template') {
        add(checkedSet, st.size);
      }
    }
  };
  walk(kepsDir, false);
  markdown.sort();
  return { root, markdown, markdownSet, checkedSet };
}

// ---------------------------------------------------------------------------------------------
// Section: CLI vs markdownlint-cli2
// ---------------------------------------------------------------------------------------------

interface CliBench {
  corpus: Corpus;
  /** `files` of the CLI's JSON report. */
  cliFiles: number;
  cliProblems: number;
  cold: Timing;
  markdownlint: Timing & { invocations: number };
}

/** Stay well under Linux's limits (128 KiB per argument, ~2 MiB for arguments plus environment). */
const MAX_ARG_BYTES = 96 * 1024;

function chunkArgs(items: string[]): string[][] {
  const chunks: string[][] = [];
  let cur: string[] = [];
  let size = 0;
  for (const it of items) {
    const n = Buffer.byteLength(it) + 1;
    if (cur.length && size + n > MAX_ARG_BYTES) {
      chunks.push(cur);
      cur = [];
      size = 0;
    }
    cur.push(it);
    size += n;
  }
  if (cur.length) chunks.push(cur);
  return chunks;
}

function markdownlintBin(): string {
  const link = path.join(ROOT, 'node_modules/.bin/markdownlint-cli2');
  try {
    return fs.realpathSync(link);
  } catch {
    throw new BenchError(`markdownlint-cli2 not installed (${link})`);
  }
}

/** The CLI's JSON report, checked for the fields the bench reads. */
function jsonReport(run: RunResult): { files: number; problems: unknown[] } {
  let report: { files?: unknown; problems?: unknown };
  try {
    report = JSON.parse(run.stdout) as typeof report;
  } catch {
    throw new BenchError(`kep-studio printed no JSON report:\n${tail(run.stdout)}\n${tail(run.stderr)}`);
  }
  if (typeof report.files !== 'number' || !Array.isArray(report.problems)) throw new BenchError('kep-studio JSON report has no files/problems');
  return { files: report.files, problems: report.problems };
}

async function benchCli(corpusDir: string, runs: number, log: (s: string) => void): Promise<CliBench> {
  if (!fs.existsSync(CLI)) throw new BenchError(`${CLI} missing: run npm run build`);
  const corpus = scanCorpus(corpusDir);
  const cliArgs = [CLI, 'check', '--format', 'json', corpusDir];
  const runCli = async (what: string): Promise<RunResult & { rssMb: number }> =>
    expectExit(what, await runNode(cliArgs, { cwd: ROOT, keepStdout: true }), [0, 1]);

  // Untimed first run: reads the CLI's file count, and puts the corpus and the bundle in the OS
  // page cache, so that the timed runs measure the check, not a cold disk.
  log('priming run (untimed) ...');
  const report = jsonReport(await runCli('kep-studio (priming run)'));

  const cold: Array<RunResult & { rssMb: number }> = [];
  for (let i = 0; i < runs; i++) {
    const r = await runCli(`kep-studio run ${i + 1}`);
    log(`kep-studio ${i + 1}/${runs}: ${ms(r.ms)}`);
    cold.push(r);
  }

  // markdownlint-cli2 on the same markdown: literal paths (":" prefix) so that names are never
  // read as globs; several invocations only if the list would not fit one command line, their
  // times summed and the largest RSS kept.
  const bin = markdownlintBin();
  const chunks = chunkArgs(corpus.markdown.map((f) => `:${f}`));
  const mdl: Array<{ ms: number; rssMb: number }> = [];
  for (let i = 0; i < runs; i++) {
    let total = 0;
    let rss = 0;
    for (const [k, chunk] of chunks.entries()) {
      const r = expectExit(`markdownlint-cli2 run ${i + 1}${chunks.length > 1 ? ` chunk ${k + 1}` : ''}`, await runNode([bin, ...chunk], { cwd: corpusDir }), [0, 1]);
      total += r.ms;
      rss = Math.max(rss, r.rssMb);
    }
    log(`markdownlint-cli2 ${i + 1}/${runs}: ${ms(total)}`);
    mdl.push({ ms: total, rssMb: rss });
  }

  return {
    corpus,
    cliFiles: report.files,
    cliProblems: report.problems.length,
    cold: timing(cold),
    markdownlint: { ...timing(mdl), invocations: chunks.length },
  };
}

// ---------------------------------------------------------------------------------------------
// Section: proposals of other kinds (cncf/toc) vs markdownlint-cli2
// ---------------------------------------------------------------------------------------------

interface ProposalBench {
  root: string;
  markdown: FileSet;
  cliFiles: number;
  cli: Timing;
  markdownlint: Timing;
}

async function benchProposals(root: string, runs: number, log: (s: string) => void): Promise<ProposalBench> {
  if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new BenchError(`--proposals: ${root} is not a folder (a cncf/toc checkout)`);
  const markdown: string[] = [];
  const set: FileSet = { count: 0, bytes: 0 };
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && e.name.endsWith('.md')) {
        markdown.push(path.relative(root, full).split(path.sep).join('/'));
        set.count++;
        set.bytes += fs.statSync(full).size;
      }
    }
  };
  walk(root);
  const run = async (what: string): Promise<RunResult & { rssMb: number }> => expectExit(what, await runNode([CLI, 'check', '--format', 'json', root], { cwd: ROOT, keepStdout: true }), [0, 1]);
  const first = await run('kep-studio on proposals (priming run)');
  const files = jsonReport(first).files;
  const cli: Array<RunResult & { rssMb: number }> = [];
  for (let i = 0; i < runs; i++) {
    cli.push(await run(`kep-studio on proposals run ${i + 1}`));
    log(`kep-studio (proposals) ${i + 1}/${runs}: ${ms(cli[i]!.ms)}`);
  }
  const bin = markdownlintBin();
  const mdl: Array<{ ms: number; rssMb: number }> = [];
  for (let i = 0; i < runs; i++) {
    let total = 0;
    let rss = 0;
    for (const chunk of chunkArgs(markdown.map((f) => `:${f}`))) {
      const r = expectExit(`markdownlint-cli2 on proposals run ${i + 1}`, await runNode([bin, ...chunk], { cwd: root }), [0, 1]);
      total += r.ms;
      rss = Math.max(rss, r.rssMb);
    }
    log(`markdownlint-cli2 (proposals) ${i + 1}/${runs}: ${ms(total)}`);
    mdl.push({ ms: total, rssMb: rss });
  }
  return { root, markdown: set, cliFiles: files, cli: timing(cli), markdownlint: timing(mdl) };
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

const ms = (x: number): string => `${Math.round(x)} ms`;
const mb = (x: number): string => `${x.toFixed(1)} MB`;
const fixed = (x: number, d: number): string => x.toFixed(d);

const met = (ok: boolean): string => (ok ? 'met' : 'MISSED');

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]): string => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** Prints the section's table; returns its fields of the final BENCH line. */
function printCli(b: CliBench, runs: number): Record<string, string> {
  const ratioCold = b.markdownlint.medianMs / b.cold.medianMs;
  const runsOf = (t: Timing): string => t.runs.map((x) => Math.round(x)).join(', ');
  console.log(`\n== CLI: kep-studio check vs markdownlint-cli2 (${b.corpus.root}) ==`);
  console.log(
    `files checked by the CLI: ${b.cliFiles} (${b.cliProblems} problems reported); ` +
      `kep.yaml + .md + PRR files under keps/: ${b.corpus.checkedSet.count}, ${mb(b.corpus.checkedSet.bytes / MB)}; ` +
      `markdown: ${b.corpus.markdownSet.count}, ${mb(b.corpus.markdownSet.bytes / MB)}`,
  );
  console.log(`wall times: median of ${runs} run(s); peak RSS: largest over the runs\n`);
  console.log(
    table([
      ['', 'median', 'runs (ms)', 'peak RSS', 'markdownlint / this', 'target'],
      ['kep-studio (fresh process)', ms(b.cold.medianMs), runsOf(b.cold), mb(b.cold.peakRssMb), `${fixed(ratioCold, 2)}x`, `>= ${TARGET_COLD_SPEEDUP}x: ${met(ratioCold >= TARGET_COLD_SPEEDUP)}; RSS < ${TARGET_PEAK_RSS_MB} MB: ${met(b.cold.peakRssMb < TARGET_PEAK_RSS_MB)}`],
      [
        `markdownlint-cli2 (${b.corpus.markdown.length} .md${b.markdownlint.invocations > 1 ? `, ${b.markdownlint.invocations} invocations` : ''})`,
        ms(b.markdownlint.medianMs),
        runsOf(b.markdownlint),
        mb(b.markdownlint.peakRssMb),
        '1.00x',
        '',
      ],
    ]),
  );
  return {
    files: String(b.cliFiles),
    mb: fixed(b.corpus.checkedSet.bytes / MB, 2),
    cold_ms: String(Math.round(b.cold.medianMs)),
    markdownlint_ms: String(Math.round(b.markdownlint.medianMs)),
    ratio_cold: fixed(ratioCold, 2),
    peak_rss_mb: fixed(b.cold.peakRssMb, 1),
    markdownlint_rss_mb: fixed(b.markdownlint.peakRssMb, 1),
  };
}

function printProposals(b: ProposalBench, runs: number): Record<string, string> {
  const ratio = b.markdownlint.medianMs / b.cli.medianMs;
  console.log(`\n== CLI on proposals of other kinds: kep-studio check vs markdownlint-cli2 (${b.root}) ==`);
  console.log(`markdown files: ${b.markdown.count}, ${mb(b.markdown.bytes / MB)} (markdownlint-cli2 lints them all; kep-studio reads those outside dot folders and checks the ${b.cliFiles} it recognises as proposals); median of ${runs} run(s)\n`);
  console.log(
    table([
      ['', 'median', 'peak RSS', 'markdownlint / this'],
      ['kep-studio (fresh process)', ms(b.cli.medianMs), mb(b.cli.peakRssMb), `${fixed(ratio, 2)}x`],
      [`markdownlint-cli2 (${b.markdown.count} .md)`, ms(b.markdownlint.medianMs), mb(b.markdownlint.peakRssMb), '1.00x'],
    ]),
  );
  return {
    proposals_files: String(b.cliFiles),
    proposals_ms: String(Math.round(b.cli.medianMs)),
    proposals_markdownlint_ms: String(Math.round(b.markdownlint.medianMs)),
    proposals_ratio: fixed(ratio, 2),
    proposals_rss_mb: fixed(b.cli.peakRssMb, 1),
  };
}

// ---------------------------------------------------------------------------------------------
// Section: query and report vs check
// ---------------------------------------------------------------------------------------------

interface QueryBench {
  runs: Array<{ what: string; keps: number; timing: Timing }>;
}

async function benchQuery(corpusDir: string, runs: number, log: (s: string) => void): Promise<QueryBench> {
  const commands: Array<[string, string[]]> = [
    ['query (every KEP)', ['query', '--format', 'json']],
    ['query --release (readiness)', ['query', '--ready', '--format', 'json']],
    ['report', ['report', '--format', 'json']],
  ];
  const out: QueryBench['runs'] = [];
  for (const [what, args] of commands) {
    const run = async (label: string): Promise<RunResult & { rssMb: number }> => expectExit(`kep-studio ${label}`, await runNode([CLI, ...args, corpusDir], { cwd: ROOT, keepStdout: true }), [0]);
    const first = await run(`${what} (priming run)`);
    let keps: number;
    try {
      keps = (JSON.parse(first.stdout) as { keps: unknown[] }).keps.length;
    } catch {
      throw new BenchError(`kep-studio ${what} printed no JSON:\n${tail(first.stdout)}\n${tail(first.stderr)}`);
    }
    const results: Array<RunResult & { rssMb: number }> = [];
    for (let i = 0; i < runs; i++) {
      results.push(await run(`${what} run ${i + 1}`));
      log(`kep-studio ${what} ${i + 1}/${runs}: ${ms(results[i]!.ms)}`);
    }
    out.push({ what, keps, timing: timing(results) });
  }
  return { runs: out };
}

function printQuery(b: QueryBench, check: Timing, runs: number): Record<string, string> {
  console.log(`\n== Every KEP at once: query and report vs check (fresh processes, median of ${runs} run(s)) ==\n`);
  console.log(
    table([
      ['', 'KEPs listed', 'median', 'peak RSS', 'check / this', 'target'],
      ['kep-studio check (cli section)', '', ms(check.medianMs), mb(check.peakRssMb), '1.00x', ''],
      ...b.runs.map((r) => {
        const ratio = check.medianMs / r.timing.medianMs;
        return [`kep-studio ${r.what}`, String(r.keps), ms(r.timing.medianMs), mb(r.timing.peakRssMb), `${fixed(ratio, 2)}x`, `>= 1x: ${met(ratio >= 1)}`];
      }),
    ]),
  );
  const [all, ready, report] = b.runs;
  return {
    query_ms: String(Math.round(all!.timing.medianMs)),
    query_release_ms: String(Math.round(ready!.timing.medianMs)),
    report_ms: String(Math.round(report!.timing.medianMs)),
    report_keps: String(report!.keps),
  };
}

/** Target reported against (never enforced). */
const TARGET_EDIT_P95_MS = 30;

function printLsp(b: LspBench): Record<string, string> {
  console.log(`\n== Language server over stdio (${b.keps} KEPs) ==`);
  console.log(`largest README: ${b.file} (${Math.round(b.bytes / 1024)} KB, ${b.lines} lines); ${b.edits} one-character edits in its middle\n`);
  console.log(
    table([
      ['measure', 'time', 'target'],
      ['start-up: spawn to end of indexing progress', ms(b.startupMs), ''],
      ['indexing (as the server reports it)', ms(b.indexMs), ''],
      ['didChange → publishDiagnostics p50', `${fixed(b.p50Ms, 1)} ms`, ''],
      ['didChange → publishDiagnostics p95', `${fixed(b.p95Ms, 1)} ms`, `< ${TARGET_EDIT_P95_MS} ms: ${met(b.p95Ms < TARGET_EDIT_P95_MS)}`],
      ['one full validation of that file (in-process, median)', `${fixed(b.fullValidationMs, 1)} ms`, ''],
    ]),
  );
  return {
    lsp_startup_ms: String(Math.round(b.startupMs)),
    lsp_index_ms: String(b.indexMs),
    edit_p50_ms: fixed(b.p50Ms, 1),
    edit_p95_ms: fixed(b.p95Ms, 1),
    full_validation_ms: fixed(b.fullValidationMs, 1),
  };
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        runs: { type: 'string', default: '3' },
        edits: { type: 'string', default: '60' },
        corpus: { type: 'string', default: path.resolve(ROOT, '../shared/corpus/enhancements') },
        proposals: { type: 'string', default: path.resolve(ROOT, '../shared/corpus/cncf-toc') },
      },
    }));
  } catch (err) {
    throw new BenchError((err as Error).message);
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new BenchError(`--runs must be a positive integer, not "${values.runs}"`);
  const edits = Number(values.edits);
  if (!Number.isInteger(edits) || edits < 1) throw new BenchError(`--edits must be a positive integer, not "${values.edits}"`);
  const corpus = path.resolve(values.corpus!);
  const log = (s: string): void => void process.stderr.write(`bench: ${s}\n`);

  console.log(`KEP Studio bench: node ${process.version}, ${os.availableParallelism()} CPU(s), ${os.cpus()[0]?.model ?? 'unknown CPU'}`);
  const fields: Record<string, string> = {};
  const cli = await benchCli(corpus, runs, log);
  Object.assign(fields, printCli(cli, runs));
  Object.assign(fields, printQuery(await benchQuery(corpus, runs, log), cli.cold, runs));
  Object.assign(fields, printProposals(await benchProposals(path.resolve(values.proposals!), runs, log), runs));
  Object.assign(fields, printLsp(await benchLsp(corpus, edits, runs, log)));
  fields['runs'] = String(runs);
  console.log(`\nBENCH ${Object.entries(fields).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  return 0;
}

void main()
  .catch((err: unknown) => {
    process.stderr.write(`bench: ${err instanceof BenchError ? err.message : ((err as Error).stack ?? String(err))}\n`);
    return 2;
  })
  .then((code) => {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
    process.exitCode = code;
  });

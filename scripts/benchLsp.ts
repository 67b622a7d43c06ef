/**
 * Language-server timings over the corpus, through the real server over stdio: start-up
 * indexing, and for the largest README the time from a one-character didChange to the
 * publishDiagnostics of that version, beside one full validation of the same file in-process.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol';
import { Engine } from '../server/src/engine.js';
import { LspClient, uriOf } from '../test/support/lsp.js';

export interface LspBench {
  keps: number;
  /** From spawning the server to the end of its indexing progress. */
  startupMs: number;
  /** What the server reports for indexing alone. */
  indexMs: number;
  file: string;
  bytes: number;
  lines: number;
  edits: number;
  p50Ms: number;
  p95Ms: number;
  fullValidationMs: number;
}

const percentile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

function largestReadme(corpus: string): string {
  const all: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name === 'README.md') all.push(full);
    }
  };
  walk(path.join(corpus, 'keps'));
  return all.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0]!;
}

/** One validation of `file` from nothing but the repository index: every section parsed. */
function fullValidation(corpus: string, file: string, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const engine = new Engine();
    const repo = engine.repository(corpus);
    repo.allKeps();
    const t = performance.now();
    for (const u of repo.unitsFor(file)) repo.checkUnit(u);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

export async function benchLsp(corpus: string, edits: number, runs: number, log: (s: string) => void): Promise<LspBench> {
  const started = performance.now();
  const client = await LspClient.start([corpus]);
  try {
    await client.waitForProgress((p) => (p as { value: { kind: string } }).value.kind === 'end');
    const startupMs = performance.now() - started;
    const indexed = await client.waitForLog(/^Indexed \d+ KEPs/);
    const [, keps, indexMs] = /^Indexed (\d+) KEPs in \d+ repositories in (\d+) ms/.exec(indexed)!;
    log(`language server indexed ${keps} KEPs: ${Math.round(startupMs)} ms from spawn`);

    const file = largestReadme(corpus);
    const text = fs.readFileSync(file, 'utf8');
    await client.open(file, text);
    // Type in the middle of the document: a character in, then out again, alternately.
    const line = Math.floor(text.split('\n').length / 2);
    const times: number[] = [];
    for (let i = 0; i < edits; i++) {
      const version = client.version(file) + 1;
      const change = i % 2 === 0 ? { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'x' } : { range: { start: { line, character: 0 }, end: { line, character: 1 } }, text: '' };
      const t = performance.now();
      const published = client.diagnosticsFor(file, version);
      // The client's own copy follows along (its text is not needed here, only the version).
      await client.conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: uriOf(file), version }, contentChanges: [change] });
      client.bumpVersion(file, version);
      await published;
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    log(`didChange → publishDiagnostics over ${edits} edits: p50 ${percentile(times, 0.5).toFixed(1)} ms`);
    return {
      keps: Number(keps),
      startupMs,
      indexMs: Number(indexMs),
      file: path.relative(corpus, file),
      bytes: Buffer.byteLength(text),
      lines: text.split('\n').length - 1,
      edits,
      p50Ms: percentile(times, 0.5),
      p95Ms: percentile(times, 0.95),
      fullValidationMs: fullValidation(corpus, file, runs),
    };
  } finally {
    await client.stop();
  }
}

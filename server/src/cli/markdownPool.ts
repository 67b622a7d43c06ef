import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import { analyzeMarkdown, type MarkdownAnalysis } from '../parse/markdownDoc.js';

export const WORKER_ROLE = 'kep-studio-markdown';

/**
 * Analyses markdown texts on all cores. Texts are dealt to workers in size-balanced batches,
 * one message each way per worker. `script` is the module that starts a worker (see main.ts).
 */
export async function analyzeAll(texts: string[], script: string, workers = os.availableParallelism()): Promise<MarkdownAnalysis[]> {
  const total = texts.reduce((n, t) => n + t.length, 0);
  // Below a few hundred KB, starting workers costs more than it saves.
  if (workers <= 1 || total < 512 * 1024) return texts.map(analyzeMarkdown);
  const batches: number[][] = Array.from({ length: workers }, () => []);
  const load = new Array<number>(workers).fill(0);
  texts
    .map((t, i) => [t.length, i] as const)
    .sort((a, b) => b[0] - a[0])
    .forEach(([len, i]) => {
      const w = load.indexOf(Math.min(...load));
      batches[w]!.push(i);
      load[w]! += len;
    });
  const results = new Array<MarkdownAnalysis>(texts.length);
  await Promise.all(
    batches
      .filter((b) => b.length)
      .map(
        (batch) =>
          new Promise<void>((resolve, reject) => {
            const worker = new Worker(script, { workerData: { role: WORKER_ROLE, texts: batch.map((i) => texts[i]) } });
            worker.once('message', (analyses: MarkdownAnalysis[]) => {
              batch.forEach((i, k) => (results[i] = analyses[k]!));
              resolve();
            });
            worker.once('error', reject);
            worker.once('exit', (code) => {
              if (code !== 0) reject(new Error(`markdown worker exited with code ${code}`));
            });
          }),
      ),
  );
  return results;
}

/** The body of a markdown worker. */
export function runMarkdownWorker(texts: string[], post: (analyses: MarkdownAnalysis[]) => void): void {
  post(texts.map(analyzeMarkdown));
}

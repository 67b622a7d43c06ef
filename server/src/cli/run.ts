/** The `kep-studio` executable: the CLI on the main thread, markdown analysis in workers. */
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { main, USAGE, UsageError } from './main.js';
import { runMarkdownWorker, WORKER_ROLE } from './markdownPool.js';

const self = fileURLToPath(import.meta.url);
const data = workerData as { role?: string; texts?: string[] } | null;

if (!isMainThread && data?.role === WORKER_ROLE) {
  runMarkdownWorker(data.texts ?? [], (analyses) => parentPort!.postMessage(analyses));
} else {
  main(process.argv.slice(2), self).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(
        err instanceof UsageError ? `kep-studio: ${err.message}\n\n${USAGE}` : `kep-studio: internal error: ${(err as Error).stack ?? String(err)}\n`,
      );
      process.exitCode = 2;
    },
  );
}

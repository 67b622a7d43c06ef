/** The `kep-studio` executable. */
import { main, USAGE, UsageError } from './main.js';

try {
  const { code, stdout, stderr } = main(process.argv.slice(2), process.cwd());
  process.stdout.write(stdout);
  process.stderr.write(stderr);
  process.exitCode = code;
} catch (err) {
  process.stderr.write(err instanceof UsageError ? `kep-studio: ${err.message}\n\n${USAGE}` : `kep-studio: internal error: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 2;
}

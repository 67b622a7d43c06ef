// Entry of the end-to-end tests (`extensionTestsPath`): VS Code loads the bundle of this file
// (out/e2e/index.cjs, built by scripts/e2e/run.mjs) into the extension host and awaits run().
// It runs mocha (TDD interface: suite, test, setup, teardown, suiteSetup, suiteTeardown) over the
// test files listed below, which are bundled with it.
//
// To add a test file: write test/e2e/<name>.test.ts and add one line to `testFiles`.
import * as fs from 'node:fs';
import Mocha from 'mocha';
import { registerTestAuthProvider } from './auth.js';
import { e2eContext } from './helpers.js';

/** The test files, loaded after mocha's globals exist. One line per file. */
const testFiles: Record<string, () => Promise<unknown>> = {
  'harness.test.ts': () => import('./harness.test.js'),
  'activation.test.ts': () => import('./activation.test.js'),
  'editing.test.ts': () => import('./editing.test.js'),
  'checklist.test.ts': () => import('./checklist.test.js'),
  'commands.test.ts': () => import('./commands.test.js'),
  'proposals.test.ts': () => import('./proposals.test.js'),
  'keps.test.ts': () => import('./keps.test.js'),
  'problems.test.ts': () => import('./problems.test.js'),
  // Last: it reads the logs the other tests' GitHub requests left.
  'security.test.ts': () => import('./security.test.js'),
};

/** The line the driver parses for the summary. */
const RESULT_MARKER = 'KEP_STUDIO_E2E_RESULT';

export async function run(): Promise<void> {
  const ctx = e2eContext();
  registerTestAuthProvider(ctx.githubToken);

  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false, reporter: 'spec' });
  if (ctx.grep) mocha.grep(ctx.grep);
  for (const [file, load] of Object.entries(testFiles)) {
    // What mocha does for a file it requires itself: expose the interface, load, announce.
    mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_PRE_REQUIRE, globalThis, file, mocha);
    const mod = await load();
    mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_REQUIRE, mod, file, mocha);
    mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_POST_REQUIRE, globalThis, file, mocha);
  }

  const stats = await new Promise<Mocha.Stats>((resolve, reject) => {
    try {
      const runner = mocha.run(() => resolve(runner.stats ?? { passes: 0, failures: 1, pending: 0 } as Mocha.Stats));
    } catch (e) {
      reject(e);
    }
  });
  const result = { passed: stats.passes, failed: stats.failures, pending: stats.pending };
  fs.writeFileSync(ctx.resultFile, JSON.stringify(result));
  console.log(`${RESULT_MARKER} ${JSON.stringify(result)}`);
  if (stats.failures > 0) throw new Error(`${stats.failures} end-to-end test(s) failed`);
  if (stats.passes === 0) throw new Error('no end-to-end test ran');
}

// Runs the same end-to-end suite (out/e2e/index.cjs, test/e2e) in desktop VS Code with
// @vscode/test-electron, for contributors who have one:
//
//   VSCODE_EXECUTABLE=/path/to/code node scripts/e2e/electron.mjs [--grep <pattern>] [--keep]
//
// @vscode/test-electron would otherwise download VS Code from update.code.visualstudio.com,
// which the development and CI machines cannot reach; without VSCODE_EXECUTABLE this script says
// so and exits 0 (skipped). `npm run test:e2e` (scripts/e2e/run.mjs, code-server + Chromium) is
// the runner that works offline.
//
// Difference from run.mjs: desktop VS Code reads its product configuration from its own
// product.json, so KEP Studio is not pre-trusted for the `kep-studio-e2e` authentication
// provider there; getSession(…, {createIfNone: true}) then fails with "DialogService: refused to
// show dialog in tests" (VS Code shows no dialog during extension tests), and tests that sign in
// fail. Tests can check `e2eContext().runner`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startGitHubStub } from './githubStub.mjs';
import {
  TEST_LOGIN,
  TEST_TOKEN,
  bundleTests,
  contextEnv,
  prepareWorkspace,
  projectRoot,
  readResultFile,
  testBundle,
  typecheckTests,
  writeContext,
  writeUserSettings,
} from './prepare.mjs';

const executable = process.env.VSCODE_EXECUTABLE;
if (!executable) {
  console.log(
    'skipped: the @vscode/test-electron runner needs a desktop VS Code, and it cannot download one here ' +
      '(update.code.visualstudio.com is unreachable). Set VSCODE_EXECUTABLE to a local VS Code executable ' +
      '(e.g. /usr/share/code/code) to run test/e2e in it; `npm run test:e2e` runs the same tests in code-server.',
  );
  process.exit(0);
}
if (!fs.existsSync(executable)) {
  console.error(`VSCODE_EXECUTABLE=${executable} does not exist`);
  process.exit(2);
}

const argv = process.argv.slice(2);
const grepIndex = argv.indexOf('--grep');
const grep = grepIndex >= 0 ? argv[grepIndex + 1] : undefined;
const keep = argv.includes('--keep');
const say = (msg) => console.log(`[e2e electron] ${msg}`);

const { runTests } = await import('@vscode/test-electron');
let tmpDir;
let stub;
let code = 1;
let result;
try {
  typecheckTests(say);
  await bundleTests(say);
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-e2e-'));
  const { workspace, origin } = prepareWorkspace(tmpDir, say);
  stub = await startGitHubStub({ token: TEST_TOKEN, login: TEST_LOGIN });
  say(`GitHub stand-in on ${stub.url}`);
  const { file, context } = writeContext(tmpDir, { workspace, origin, githubUrl: stub.url, grep, runner: 'electron' });
  const userDataDir = path.join(tmpDir, 'vscode', 'user-data');
  writeUserSettings(userDataDir, stub.url);
  say(`running ${executable}`);
  try {
    code = await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: projectRoot,
      extensionTestsPath: testBundle,
      launchArgs: [workspace, `--user-data-dir=${userDataDir}`, `--extensions-dir=${path.join(tmpDir, 'vscode', 'extensions')}`, '--disable-telemetry'],
      extensionTestsEnv: contextEnv(file, context),
    });
  } catch (e) {
    code = typeof e?.code === 'number' ? e.code : 1; // TestRunFailedError: the tests failed
    say(String(e?.message ?? e));
  }
  result = readResultFile(context);
} catch (e) {
  say(`error: ${e?.stack ?? e}`);
} finally {
  await stub?.close();
  if (tmpDir && !keep) fs.rmSync(tmpDir, { recursive: true, force: true });
}
const passed = result?.passed ?? 0;
const failed = result?.failed ?? 0;
console.log(`${passed} passed, ${failed} failed`);
process.exit(code === 0 && failed === 0 && result ? 0 : code || 1);

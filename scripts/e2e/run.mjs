// The end-to-end driver (`npm run test:e2e`, after `npm run build`): runs test/e2e in real VS Code
// (code-server 4.100.3 + Debian's Chromium, offline; `bash scripts/e2e/setup.sh` installs them)
// against a throw-away fixture workspace and the GitHub stand-in, and ends with the line
// `N passed, N failed` and the exit status of the tests.
//
//   node scripts/e2e/run.mjs [--grep <pattern>] [--keep] [--verbose]
//     --grep     only the tests whose full title matches
//     --keep     keep the temp folder (workspace, origin, VS Code profile) for inspection
//     --verbose  also print code-server's output, the page console and the stand-in's requests
//
// Logs of the last run: out/e2e/logs/ (code-server, browser console, GitHub stand-in, and the
// VS Code logs — extension host, language server output — when the run failed).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchBrowser, openWorkbench, startCodeServer } from './codeServer.mjs';
import { startGitHubStub } from './githubStub.mjs';
import {
  AUTH_PROVIDER_ID,
  TEST_LOGIN,
  TEST_TOKEN,
  bundleTests,
  contextEnv,
  extensionId,
  logDir,
  prepareWorkspace,
  projectRoot,
  readResultFile,
  testBundle,
  typecheckTests,
  writeContext,
  writeUserSettings,
} from './prepare.mjs';

const TIMEOUT_MS = Number(process.env.KEP_STUDIO_E2E_TIMEOUT_MS || 10 * 60_000);
const RESULT_MARKER = 'KEP_STUDIO_E2E_RESULT ';
/**
 * The test log (codeAutomationLog) carries the workbench's own log too: these lines are noise of
 * an offline code-server and go to out/e2e/logs/workbench.log only (all of them with --verbose).
 */
const NOISE = [
  /^Resolving connection token|^Resolved connection token/,
  /^Creating a socket \(/,
  /^\[Service Worker\]/,
  /^Ignoring fetching additional builtin extensions/,
  /^Updating additional builtin extensions cache/,
  /^ChatSessionStore:/,
  /^ENOPRO: No file system provider found for resource 'vscode-remote:\/[^/]/, // user-data paths before the remote file system is up
  /^Authentication provider kep-studio-e2e was not declared in the Extension Manifest/, // the test module registers it
  /getaddrinfo ENOTFOUND|ERR_NAME_NOT_RESOLVED|open-vsx\.org/,
  /^Canceled$/, // pending requests of the extension host as it exits
];

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const option = (name) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const verbose = flag('verbose') || process.env.KEP_STUDIO_E2E_VERBOSE === '1';
const keep = flag('keep') || process.env.KEP_STUDIO_E2E_KEEP === '1';
const grep = option('grep');

const started = Date.now();
const say = (msg) => console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${msg}`);

fs.rmSync(logDir, { recursive: true, force: true });
fs.mkdirSync(logDir, { recursive: true });
const logFile = (name) => {
  const stream = fs.createWriteStream(path.join(logDir, name));
  return (line) => stream.write(`${line}\n`);
};
const codeServerLog = logFile('code-server.log');
const browserLog = logFile('browser-console.log');
const stubLog = logFile('github-stub.log');
const workbenchLog = logFile('workbench.log');

/** Settled by codeAutomationExit (the tests' exit code), or by a crash of what runs them. */
const exitCode = deferred();
exitCode.promise.catch(() => {}); // awaited later; a rejection before that is not "unhandled"
let tmpDir;
let stub;
let server;
let browser;
let result;
let failedEarly = false;

async function cleanup() {
  await browser?.close().catch(() => {});
  await server?.stop().catch(() => {});
  await stub?.close().catch(() => {});
  if (tmpDir && (result?.failed || failedEarly) && fs.existsSync(path.join(tmpDir, 'server', 'data', 'logs'))) {
    fs.cpSync(path.join(tmpDir, 'server', 'data', 'logs'), path.join(logDir, 'vscode'), { recursive: true });
  }
  if (tmpDir && !keep) fs.rmSync(tmpDir, { recursive: true, force: true });
  else if (tmpDir) say(`kept ${tmpDir}`);
}

function finish(code, summary) {
  const passed = summary?.passed ?? 0;
  const failed = summary?.failed ?? 0;
  if (code === 0 && failed > 0) code = 1;
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code);
}

let stopping = false;
/** Stops everything once (whichever comes first: the end, an error, the timeout, a signal) and exits. */
async function stop(code, reason) {
  if (stopping) return;
  stopping = true;
  clearTimeout(timeout);
  if (reason) say(reason);
  if (code !== 0) failedEarly = failedEarly || !result;
  await cleanup();
  finish(code, result ?? { passed: 0, failed: 0 });
}

const timeout = setTimeout(() => stop(1, `overall timeout (${TIMEOUT_MS / 1000} s): stopping everything`), TIMEOUT_MS);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => stop(1, `${sig}: stopping`));

try {
  if (!fs.existsSync(path.join(projectRoot, 'dist', 'extension.cjs'))) say('warning: dist/extension.cjs does not exist (npm run build bundles it): KEP Studio cannot activate');

  typecheckTests(say);
  await bundleTests(say);

  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-e2e-'));
  const { workspace, origin } = prepareWorkspace(tmpDir, say);

  stub = await startGitHubStub({ token: TEST_TOKEN, login: TEST_LOGIN, log: (line) => (stubLog(line), verbose && say(`github: ${line}`)) });
  say(`GitHub stand-in on ${stub.url} (checks requests against @octokit/openapi's api.github.com description)`);
  const { file: contextFile, context } = writeContext(tmpDir, { workspace, origin, githubUrl: stub.url, grep, runner: 'code-server' });

  const serverDir = path.join(tmpDir, 'server');
  writeUserSettings(path.join(serverDir, 'data'), stub.url);
  say('starting code-server 4.100.3');
  server = await startCodeServer({
    dir: serverDir,
    env: contextEnv(contextFile, context),
    onOutput: (line) => (codeServerLog(line), verbose && say(`code-server: ${line}`)),
  });
  say(`code-server listening on ${server.url}`);
  server.exited.then(({ code, signal }) => {
    if (!exitCode.settled) exitCode.reject(new Error(`code-server exited unexpectedly (${signal ?? code}); see out/e2e/logs/code-server.log`));
  });

  say('starting Chromium (headless)');
  browser = await launchBrowser();
  browser.on('disconnected', () => {
    if (!exitCode.settled) exitCode.reject(new Error('Chromium disconnected'));
  });

  let resultFromLog;
  const page = await openWorkbench(browser, server, {
    folder: workspace,
    extensionDevelopmentPath: projectRoot,
    extensionTestsPath: testBundle,
    // KEP Studio may use the test provider's session without the consent dialog VS Code refuses
    // to show during extension tests; the stand-in's pages open without the link warning; no gallery.
    product: {
      trustedExtensionAuthAccess: { [AUTH_PROVIDER_ID]: [extensionId()] },
      linkProtectionTrustedDomains: [stub.url],
      extensionsGallery: null,
    },
    onLog: (type, text) => {
      workbenchLog(`[${type}] ${text}`);
      if (!verbose && NOISE.some((re) => re.test(text))) return;
      for (const line of text.split('\n')) {
        if (line.startsWith(RESULT_MARKER)) {
          try {
            resultFromLog = JSON.parse(line.slice(RESULT_MARKER.length));
          } catch {
            /* the result file is the fallback */
          }
        }
      }
      (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
    },
    onExit: (code) => exitCode.resolve(code),
    onConsole: (msg) => {
      const line = `[${msg.type()}] ${msg.text()}`;
      browserLog(line);
      if (verbose) say(`browser: ${line}`);
    },
  });
  page.on('crash', () => exitCode.reject(new Error('the workbench page crashed')));
  say(`workbench opened on ${path.basename(workspace)}; running the tests in the extension host`);

  const code = await exitCode.promise;
  result = resultFromLog ?? readResultFile(context);
  say(`extension host exited with ${code}`);
  if (!result) say('the tests reported no result (the test module failed to load, or VS Code did not run it): see the log above and out/e2e/logs/');
  const rejected = stub.requests.filter((r) => r.kind === 'api' && !r.valid);
  if (rejected.length) {
    say(`the GitHub stand-in rejected ${rejected.length} request(s):`);
    for (const r of rejected) say(`  ${r.method} ${r.path} → ${r.status}: ${r.errors.join('; ')}`);
  }
  await stop(typeof code === 'number' ? code : 1);
} catch (e) {
  if (!stopping) await stop(1, `error: ${e?.stack ?? e}`);
}

function deferred() {
  const d = { settled: false };
  d.promise = new Promise((resolve, reject) => {
    d.resolve = (v) => !d.settled && ((d.settled = true), resolve(v));
    d.reject = (e) => !d.settled && ((d.settled = true), reject(e));
  });
  return d;
}

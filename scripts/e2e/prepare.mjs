// What every e2e runner (run.mjs with code-server, electron.mjs with @vscode/test-electron)
// prepares before VS Code starts: the type-checked test bundle, a throw-away fixture workspace
// that is a git repository with an `origin`, its settings pointing KEP Studio at the GitHub
// stand-in, and the context file the tests read.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const testBundle = path.join(projectRoot, 'out', 'e2e', 'index.cjs');
/** Logs of the last run (out/ is ignored by git). */
export const logDir = path.join(projectRoot, 'out', 'e2e', 'logs');

/** The token of the test authentication provider's session; the stand-in accepts only it. */
export const TEST_TOKEN = 'kep-studio-e2e-token';
export const AUTH_PROVIDER_ID = 'kep-studio-e2e';
export const TEST_LOGIN = 'kep-author';

/** `publisher.name` from package.json. */
export function extensionId() {
  const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));
  return `${pkg.publisher}.${pkg.name}`;
}

/** `tsc -p test/e2e` (type-check only); throws when it fails. */
export function typecheckTests(log = console.log) {
  log('type-checking test/e2e (tsc -p test/e2e)');
  const tsc = path.join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', 'test/e2e', '--pretty', 'false'], { cwd: projectRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the e2e tests do not type-check (tsc -p test/e2e)');
}

/** Bundles test/e2e/index.ts and the test files it imports into out/e2e/index.cjs. */
export async function bundleTests(log = console.log) {
  const esbuild = await import('esbuild');
  log(`bundling test/e2e/index.ts → ${path.relative(projectRoot, testBundle)}`);
  await esbuild.build({
    absWorkingDir: projectRoot,
    entryPoints: ['test/e2e/index.ts'],
    outfile: testBundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
    // `vscode` is the extension host's; mocha is loaded from node_modules (it requires files at run time).
    external: ['vscode', 'mocha'],
    define: { 'import.meta.url': '__kepStudioE2EUrl' },
    banner: { js: "const __kepStudioE2EUrl = require('url').pathToFileURL(__filename).href;" },
  });
}

function git(cwd, ...args) {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1' },
  });
}

/**
 * Copies test/e2e/fixture/ (or, while there is none, samples/enhancements/) to
 * `<tmpDir>/workspace`, makes it a git repository with an initial commit on `main`, and adds
 * `<tmpDir>/origin.git` (bare) as its `origin`, pushed. Returns both paths.
 */
export function prepareWorkspace(tmpDir, log = console.log) {
  const fixture = path.join(projectRoot, 'test', 'e2e', 'fixture');
  const source = fs.existsSync(fixture) ? fixture : path.join(projectRoot, 'samples', 'enhancements');
  const workspace = path.join(tmpDir, 'workspace');
  const origin = path.join(tmpDir, 'origin.git');
  log(`fixture workspace: ${path.relative(projectRoot, source)} → ${workspace}`);
  fs.cpSync(source, workspace, { recursive: true });

  git(tmpDir, 'init', '-q', '--bare', '-b', 'main', origin);
  git(workspace, 'init', '-q', '-b', 'main');
  git(workspace, 'config', 'user.name', 'KEP Author');
  git(workspace, 'config', 'user.email', `${TEST_LOGIN}@example.com`);
  git(workspace, 'config', 'commit.gpgsign', 'false');
  git(workspace, 'config', 'tag.gpgsign', 'false');
  git(workspace, 'add', '-A');
  git(workspace, 'commit', '-q', '-m', 'Initial commit');
  git(workspace, 'remote', 'add', 'origin', origin);
  git(workspace, 'push', '-q', '-u', 'origin', 'main');
  return { workspace, origin };
}

/**
 * User settings of the throw-away profile: no update checks, no welcome page, no git prompts;
 * KEP Studio talks to the GitHub stand-in (these settings are application-scoped: a workspace
 * cannot send the user's token elsewhere).
 */
export function writeUserSettings(userDataDir, githubUrl) {
  const settings = {
    'kepStudio.github.apiUrl': githubUrl,
    'kepStudio.github.webUrl': githubUrl,
    'kepStudio.github.authenticationProvider': AUTH_PROVIDER_ID,
    'workbench.startupEditor': 'none',
    'workbench.enableExperiments': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'git.autofetch': false,
    'git.openRepositoryInParentFolders': 'never',
    'security.workspace.trust.enabled': false,
  };
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
}

/** Writes what the tests read (see E2EContext in test/e2e/helpers.ts); returns the file's path. */
export function writeContext(tmpDir, values) {
  const file = path.join(tmpDir, 'e2e-context.json');
  const context = {
    projectRoot,
    githubToken: TEST_TOKEN,
    githubLogin: TEST_LOGIN,
    authProviderId: AUTH_PROVIDER_ID,
    resultFile: path.join(tmpDir, 'e2e-result.json'),
    tmpDir,
    ...values,
  };
  fs.writeFileSync(file, `${JSON.stringify(context, null, 2)}\n`);
  return { file, context };
}

/** The environment variables that carry the context to the extension host. */
export function contextEnv(file, context) {
  return {
    KEP_STUDIO_E2E_CONTEXT: file,
    KEP_STUDIO_E2E_GITHUB_URL: context.githubUrl,
    KEP_STUDIO_E2E_WORKSPACE: context.workspace,
  };
}

/** The `{"passed","failed"}` index.ts wrote, if it got that far. */
export function readResultFile(context) {
  try {
    return JSON.parse(fs.readFileSync(context.resultFile, 'utf8'));
  } catch {
    return undefined;
  }
}

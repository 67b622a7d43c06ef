// Building blocks to run the extension in real VS Code without internet: code-server (VS Code
// 1.100.3's server and workbench, installed by scripts/e2e/setup.sh outside the project) and
// Debian's Chromium driven by playwright-core. Used by run.mjs (the e2e tests) and
// screenshots.mjs; see /work/shared/docs/real-vscode-tests.md for why it is done this way.
//
//   const server = await startCodeServer({ dir });                 // code-server on 127.0.0.1
//   const browser = await launchBrowser();
//   const page = await openWorkbench(browser, server, { folder, extensionDevelopmentPath, … });
//   …
//   await browser.close(); await server.stop();
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';

export const CODE_SERVER_VERSION = '4.100.3';

/** Where setup.sh installs code-server. */
export function e2eHome() {
  return process.env.KEP_STUDIO_E2E_HOME || path.join(os.homedir(), '.cache', 'kep-studio-e2e');
}

/** code-server's entry script; throws with the fix when setup.sh has not run. */
export function codeServerEntry() {
  const entry = path.join(e2eHome(), 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!fs.existsSync(entry)) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed (${entry} is missing): run \`bash scripts/e2e/setup.sh\` first`);
  }
  return entry;
}

/** The environment code-server (and so the extension host) gets. */
function serverEnv(dir, extra) {
  const env = { ...process.env };
  // Inside a VS Code terminal these make code-server hand its arguments to that VS Code instead
  // of starting; the others would leak the outer editor's state into the test instance.
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') delete env[k];
  return {
    ...env,
    // code-server writes a default config, logs and a device id under these: keep them throw-away.
    XDG_CONFIG_HOME: path.join(dir, 'xdg-config'),
    XDG_DATA_HOME: path.join(dir, 'xdg-data'),
    XDG_CACHE_HOME: path.join(dir, 'xdg-cache'),
    ...extra,
  };
}

/**
 * Starts code-server on 127.0.0.1 (any free port unless `port` is given) with throw-away state
 * under `dir` (user data, extensions, config). Resolves once it prints `HTTP server listening on`.
 * Options: dir (required), port, env (extra environment for the server and the extension host),
 * args (extra command-line arguments), onOutput (each line of its output), timeoutMs (60 s).
 */
export async function startCodeServer(options) {
  const { dir, port = 0, env = {}, args = [], onOutput = () => {}, timeoutMs = 60_000 } = options;
  fs.mkdirSync(dir, { recursive: true });
  const entry = codeServerEntry();
  const argv = [
    entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', path.join(dir, 'data'),
    '--extensions-dir', path.join(dir, 'extensions'),
    '--config', path.join(dir, 'config.yaml'),
    ...args,
  ];
  // Its own process group, so stop() ends the server, its extension hosts and language servers.
  const child = spawn(process.execPath, argv, { env: serverEnv(dir, env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let exited = false;
  const exitedPromise = new Promise((resolve) => child.once('exit', (code, signal) => { exited = true; resolve({ code, signal }); }));

  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not print "HTTP server listening on" within ${timeoutMs / 1000} s`)), timeoutMs);
    const onLine = (line) => {
      onOutput(line);
      const m = /HTTP server listening on (http:\/\/\S+?)\/?$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    lines(child.stdout, onLine);
    lines(child.stderr, onLine);
    child.once('error', (e) => { clearTimeout(timer); reject(e); });
    exitedPromise.then(({ code, signal }) => { clearTimeout(timer); reject(new Error(`code-server exited (${signal ?? code}) before listening`)); });
  }).catch(async (e) => {
    await killGroup(child, exitedPromise, () => exited);
    throw e;
  });

  return {
    url,
    port: Number(new URL(url).port),
    process: child,
    exited: exitedPromise,
    /** Ends code-server and everything it started (SIGTERM, then SIGKILL after 5 s). */
    stop: () => killGroup(child, exitedPromise, () => exited),
  };
}

async function killGroup(child, exitedPromise, isExited) {
  const signalGroup = (sig) => {
    try {
      process.kill(-child.pid, sig); // the group this script created with detached: true
    } catch {
      /* already gone */
    }
  };
  signalGroup('SIGTERM');
  if (!isExited()) {
    const t = setTimeout(() => signalGroup('SIGKILL'), 5000);
    await exitedPromise;
    clearTimeout(t);
  }
  // Extension hosts / language servers that outlived the server: same group.
  signalGroup('SIGKILL');
}

function lines(stream, onLine) {
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (d) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      onLine(buf.slice(0, i).replace(/\r$/, ''));
      buf = buf.slice(i + 1);
    }
  });
  stream.on('end', () => buf && onLine(buf));
}

/** Debian's Chromium, headless, through playwright-core (no browser download). */
export async function launchBrowser(options = {}) {
  const { chromium } = await import('playwright-core');
  const executablePath = options.executablePath ?? process.env.KEP_STUDIO_E2E_CHROMIUM ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) throw new Error(`Chromium not found at ${executablePath}: run \`bash scripts/e2e/setup.sh\` first`);
  // Chromium keeps crash reports and a dconf cache under XDG folders (~/.config/chromium…): throw-away ones.
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-chromium-'));
  const browser = await chromium.launch({
    executablePath,
    headless: options.headless ?? true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    env: { ...process.env, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache') },
  });
  browser.on('disconnected', () => fs.rmSync(home, { recursive: true, force: true }));
  return browser;
}

/**
 * Opens the workbench of `server` on `folder` in a new page of `browser`.
 * Options:
 *   folder                      absolute path of the folder to open
 *   extensionDevelopmentPath    absolute path of the extension to load from source
 *   extensionTestsPath          absolute path of the tests module (`run(): Promise<void>`); the
 *                               workbench then calls onExit(code) when the tests are done
 *   onLog(type, text)           the extension host's console output during tests
 *   onExit(code)                codeAutomationExit
 *   product                     keys merged into the workbench's product configuration
 *                               (e.g. trustedExtensionAuthAccess, linkProtectionTrustedDomains;
 *                               null removes a key)
 *   onConsole(msg)              the page's own console messages (playwright ConsoleMessage)
 *   viewport                    {width, height} (1280×800)
 */
export async function openWorkbench(browser, server, options) {
  const { folder, extensionDevelopmentPath, extensionTestsPath, onLog = () => {}, onExit = () => {}, product, onConsole, viewport } = options;
  const context = await browser.newContext({ viewport: viewport ?? { width: 1280, height: 800 } });
  const page = await context.newPage();
  // Both hooks must exist before the workbench loads: it looks them up when the extension host exits.
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    try {
      onLog(type, format(...(Array.isArray(args) ? args : [args])));
    } catch {
      /* a log line that cannot be formatted is not worth failing the run for */
    }
  });
  await page.exposeFunction('codeAutomationExit', (code) => onExit(code));
  if (onConsole) page.on('console', onConsole);

  const authority = new URL(server.url).host;
  const payload = [['skipWelcome', 'true']];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', `vscode-remote://${authority}${toPosix(extensionDevelopmentPath)}`]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://${authority}${toPosix(extensionTestsPath)}`]);
  const target = `${server.url}/?folder=${encodeURIComponent(toPosix(folder))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  if (product) {
    // The workbench reads its product configuration from a <meta> attribute of the page code-server
    // serves (code-server has no option for these keys): patch what getAttribute returns for it.
    // (Rewriting the page with page.route instead makes Chromium's local-network-access checks
    // block the workbench's WebSocket to code-server.)
    await page.addInitScript((overrides) => {
      const original = Element.prototype.getAttribute;
      Element.prototype.getAttribute = function (name) {
        const value = original.call(this, name);
        if (name !== 'data-settings' || this.id !== 'vscode-workbench-web-configuration' || !value) return value;
        const settings = JSON.parse(value);
        settings.productConfiguration = { ...settings.productConfiguration, ...JSON.parse(overrides) };
        for (const [k, v] of Object.entries(settings.productConfiguration)) if (v === null) delete settings.productConfiguration[k];
        return JSON.stringify(settings);
      };
    }, JSON.stringify(product));
  }
  await page.goto(target);
  return page;
}

/** Waits until the workbench has rendered (for screenshots). */
export async function waitForWorkbench(page, timeoutMs = 60_000) {
  await page.waitForSelector('.monaco-workbench .part.editor', { timeout: timeoutMs });
}

function toPosix(p) {
  return path.resolve(p).split(path.sep).join('/');
}

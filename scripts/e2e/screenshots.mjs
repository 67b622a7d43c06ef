// Takes screenshots of KEP Studio in real VS Code (code-server + Chromium, offline), with the
// same fixture workspace and GitHub stand-in as the e2e tests. Run `npm run build` first.
//
//   node scripts/e2e/screenshots.mjs [--file <path in the fixture>]… [--out <folder>] [--width N --height N]
//
// For each --file (default: the sample's broken kep.yaml) it opens the file through Quick Open,
// waits for the language server's squiggles (or 30 s), and saves <out>/<file name>.png
// (default folder: out/e2e/screenshots). A building block for documentation images: extend it
// with more page interactions (playwright-core's Page API) as needed.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchBrowser, openWorkbench, startCodeServer, waitForWorkbench } from './codeServer.mjs';
import { startGitHubStub } from './githubStub.mjs';
import { AUTH_PROVIDER_ID, TEST_LOGIN, TEST_TOKEN, contextEnv, extensionId, prepareWorkspace, projectRoot, writeContext, writeUserSettings, writeWorkspaceSettings } from './prepare.mjs';

const argv = process.argv.slice(2);
const all = (name) => argv.flatMap((a, i) => (a === `--${name}` && argv[i + 1] ? [argv[i + 1]] : []));
const one = (name, fallback) => all(name).at(-1) ?? fallback;
const files = all('file').length ? all('file') : ['keps/sig-node/9999-sidecar-readiness-gates/kep.yaml'];
const outDir = path.resolve(one('out', path.join(projectRoot, 'out', 'e2e', 'screenshots')));
const viewport = { width: Number(one('width', 1280)), height: Number(one('height', 800)) };
const say = (msg) => console.log(`[screenshots] ${msg}`);

const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-shots-'));
let stub;
let server;
let browser;
try {
  const { workspace, origin } = prepareWorkspace(tmpDir, say);
  stub = await startGitHubStub({ token: TEST_TOKEN, login: TEST_LOGIN });
  writeWorkspaceSettings(workspace, stub.url);
  const { file, context } = writeContext(tmpDir, { workspace, origin, githubUrl: stub.url, runner: 'code-server' });
  writeUserSettings(path.join(tmpDir, 'server', 'data'));
  server = await startCodeServer({ dir: path.join(tmpDir, 'server'), env: contextEnv(file, context) });
  browser = await launchBrowser();
  const page = await openWorkbench(browser, server, {
    folder: workspace,
    extensionDevelopmentPath: projectRoot,
    viewport,
    product: { trustedExtensionAuthAccess: { [AUTH_PROVIDER_ID]: [extensionId()] }, linkProtectionTrustedDomains: [stub.url], extensionsGallery: null },
  });
  await waitForWorkbench(page);
  fs.mkdirSync(outDir, { recursive: true });
  for (const rel of files) {
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(rel);
    await page.waitForSelector('.quick-input-list .monaco-list-row', { state: 'visible' });
    await page.keyboard.press('Enter');
    await page.waitForSelector(`.tab.active[aria-label^="${path.basename(rel)}"]`, { timeout: 30_000 }).catch(() => {});
    // The language server's diagnostics show as squiggles; not every file has some.
    await page.waitForSelector('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-info', { timeout: 30_000 }).catch(() => say(`no squiggles in ${rel} after 30 s`));
    const target = path.join(outDir, `${path.basename(path.dirname(rel))}-${path.basename(rel)}.png`);
    await page.screenshot({ path: target });
    say(`saved ${path.relative(process.cwd(), target)}`);
  }
} catch (e) {
  say(`error: ${e?.stack ?? e}`);
  process.exitCode = 1;
} finally {
  await browser?.close().catch(() => {});
  await server?.stop().catch(() => {});
  await stub?.close().catch(() => {});
  fs.rmSync(tmpDir, { recursive: true, force: true });
}

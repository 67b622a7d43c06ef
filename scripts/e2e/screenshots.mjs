// Takes the README's screenshots of KEP Studio in real VS Code (code-server + Chromium,
// offline), on the same fixture workspace as the e2e tests. Run `npm run build` first.
//
//   node scripts/e2e/screenshots.mjs [--out <folder>] [--width N --height N]
//
// Writes <out>/checklist.png (the Proposal Checklist view beside the draft KEP's README),
// <out>/quick-fix.png (a diagnostic in kep.yaml with its quick fixes open) and
// <out>/cncf-application.png (the sample CNCF incubation application and its checklist) and
// <out>/keps-view.png (the KEPs view, with real KEPs of ../shared/corpus copied in);
// default folder: docs/images.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchBrowser, openWorkbench, startCodeServer, waitForWorkbench } from './codeServer.mjs';
import { startGitHubStub } from './githubStub.mjs';
import { AUTH_PROVIDER_ID, TEST_LOGIN, TEST_TOKEN, contextEnv, extensionId, prepareWorkspace, projectRoot, writeContext, writeUserSettings } from './prepare.mjs';

const argv = process.argv.slice(2);
const all = (name) => argv.flatMap((a, i) => (a === `--${name}` && argv[i + 1] ? [argv[i + 1]] : []));
const one = (name, fallback) => all(name).at(-1) ?? fallback;
const DRAFT = 'keps/sig-node/9999-sidecar-readiness-gates';
const APPLICATION = 'acme-incubation-application.md';
/** Real KEPs of several states (and their PRR files), for the KEPs view; v1.37 is then the release in progress. */
const CORPUS_KEPS = ['sig-network/5311-relaxed-validation-for-service-names', 'sig-network/4974-deprecate-endpoints', 'sig-network/5343-nftables-to-default', 'sig-etcd/5966-etcd-range-stream', 'sig-storage/5936-atomic-write-volume-user-fields', 'sig-storage/4049-storage-capacity-scoring-of-nodes-for-dynamic-provisioning'];
const outDir = path.resolve(one('out', path.join(projectRoot, 'docs', 'images')));
const viewport = { width: Number(one('width', 1280)), height: Number(one('height', 800)) };
const say = (msg) => console.log(`[screenshots] ${msg}`);

const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-shots-'));
let stub;
let server;
let browser;
try {
  const { workspace, origin } = prepareWorkspace(tmpDir, say);
  fs.mkdirSync(path.join(workspace, 'applications'));
  fs.copyFileSync(path.join(projectRoot, 'samples/proposals', APPLICATION), path.join(workspace, 'applications', APPLICATION));
  const corpus = path.resolve(projectRoot, '../shared/corpus/enhancements/keps');
  for (const kep of CORPUS_KEPS) {
    fs.cpSync(path.join(corpus, kep), path.join(workspace, 'keps', kep), { recursive: true });
    const [sig, dir] = kep.split('/');
    const prr = path.join(corpus, 'prod-readiness', sig, `${dir.split('-')[0]}.yaml`);
    if (fs.existsSync(prr)) fs.cpSync(prr, path.join(workspace, 'keps/prod-readiness', sig, path.basename(prr)));
  }
  fs.writeFileSync(path.join(workspace, '.kep-studio.yaml'), 'upcomingRelease: v1.37\n');
  stub = await startGitHubStub({ token: TEST_TOKEN, login: TEST_LOGIN });
  const { file, context } = writeContext(tmpDir, { workspace, origin, githubUrl: stub.url, runner: 'code-server' });
  writeUserSettings(path.join(tmpDir, 'server', 'data'), stub.url);
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
  const open = async (rel, { squiggles = true } = {}) => {
    // Focus the editor area first: keys typed into a tree view would filter the tree.
    await page.locator('.editor-group-container').first().click({ position: { x: 400, y: 300 } });
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(rel);
    // Wait for the typed path's own row: until the search settles, the first row is a recent file.
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: path.basename(rel) }).waitFor({ state: 'visible', timeout: 30_000 });
    await page.keyboard.press('Enter');
    await page.waitForSelector(`.tab.active[aria-label^="${path.basename(rel)}"]`, { timeout: 30_000 });
    // The language server's diagnostics show as squiggles.
    if (squiggles) await page.waitForSelector('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-info', { timeout: 30_000 });
  };
  const save = async (name) => {
    const target = path.join(outDir, name);
    // Park the pointer on the editor's empty lower part, so no hover or tooltip covers the shot.
    await page.mouse.move(viewport.width - 200, viewport.height - 60);
    await page.locator('.workbench-hover').waitFor({ state: 'detached', timeout: 10_000 });
    await page.screenshot({ path: target });
    say(`saved ${path.relative(process.cwd(), target)}`);
  };

  // 1. The checklist view for the draft KEP, expanded in the explorer.
  await open(`${DRAFT}/README.md`);
  // Fold the file tree, so the view has room.
  const files = page.locator('.pane-header[aria-label^="Explorer Section"]').first();
  if ((await files.getAttribute('aria-expanded')) === 'true') await files.click();
  const header = page.locator('.pane-header', { hasText: 'Proposal Checklist' });
  await header.waitFor({ state: 'visible', timeout: 30_000 });
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  await page.locator('.monaco-list-row', { hasText: 'Ready for beta' }).waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('.monaco-list-row', { hasText: 'PRR approval for beta' }).waitFor({ state: 'visible', timeout: 30_000 });
  await save('checklist.png');

  // 2. A diagnostic and its quick fixes: the misspelled owning SIG on kep.yaml line 5.
  await open(`${DRAFT}/kep.yaml`);
  await page.keyboard.press('Control+G');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type('5:14');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+.');
  await page.locator('.action-widget', { hasText: 'Change to sig-node' }).waitFor({ state: 'visible', timeout: 30_000 });
  await save('quick-fix.png');

  // 3. A CNCF incubation application: its problems and its checklist, per area.
  await page.keyboard.press('Escape');
  await open(`applications/${APPLICATION}`);
  await page.locator('.monaco-list-row', { hasText: 'Application Process Principles' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  await save('cncf-application.png');

  // 4. The KEPs view: by SIG and status, readiness for v1.37; two SIGs expanded; beside it a
  // kep.yaml and its readiness lens.
  await open('keps/sig-network/4974-deprecate-endpoints/kep.yaml', { squiggles: false });
  await page.locator('.codelens-decoration', { hasText: 'open for deprecated in v1.37' }).waitFor({ state: 'visible', timeout: 30_000 });
  // A wider side bar, so the KEPs' stage, milestone and open items show.
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  await page.mouse.move(sidebar.x + sidebar.width + 1, viewport.height / 2);
  await page.mouse.down();
  await page.mouse.move(sidebar.x + sidebar.width + 320, viewport.height / 2, { steps: 5 });
  await page.mouse.up();
  const checklistHeader = page.locator('.pane-header', { hasText: 'Proposal Checklist' });
  if ((await checklistHeader.getAttribute('aria-expanded')) === 'true') await checklistHeader.click();
  const kepsHeader = page.locator('.pane-header', { hasText: /^KEPs/ });
  await kepsHeader.waitFor({ state: 'visible', timeout: 30_000 });
  if ((await kepsHeader.getAttribute('aria-expanded')) !== 'true') await kepsHeader.click();
  for (const sig of ['sig-network', 'sig-storage']) {
    const row = page.locator('.monaco-list-row', { hasText: sig }).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    await row.click();
    // A click on a row that is not focused may only select it: the keyboard expands it.
    if ((await row.getAttribute('aria-expanded')) !== 'true') await page.keyboard.press('ArrowRight');
    await page.locator(`.monaco-list-row[aria-expanded="true"]`, { hasText: sig }).waitFor({ state: 'visible', timeout: 30_000 });
  }
  await page.locator('.monaco-list-row', { hasText: 'KEP-5311' }).waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('.monaco-list-row', { hasText: 'KEP-4049' }).waitFor({ state: 'visible', timeout: 30_000 });
  await save('keps-view.png');
} catch (e) {
  say(`error: ${e?.stack ?? e}`);
  const failure = path.join(os.tmpdir(), 'kep-studio-screenshots-failure.png');
  await browser?.contexts()[0]?.pages()[0]?.screenshot({ path: failure }).then(() => say(`page at failure: ${failure}`), () => {});
  process.exitCode = 1;
} finally {
  await browser?.close().catch(() => {});
  await server?.stop().catch(() => {});
  await stub?.close().catch(() => {});
  fs.rmSync(tmpDir, { recursive: true, force: true });
}

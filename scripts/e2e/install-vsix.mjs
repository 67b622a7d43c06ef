// Proves the packaged extension installs: `npm run package`, then this installs
// dist/kep-studio.vsix into a throw-away extensions folder of the e2e code-server and checks that
// it lists kep-studio.kep-studio with the bundles the manifest names.
//
//   node scripts/e2e/install-vsix.mjs
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { codeServerEntry } from './codeServer.mjs';
import { extensionId, projectRoot } from './prepare.mjs';

const vsix = path.join(projectRoot, 'dist', 'kep-studio.vsix');
if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing: run npm run package first`);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-vsix-'));
try {
  const run = (...args) => execFileSync(process.execPath, [codeServerEntry(), '--extensions-dir', path.join(dir, 'extensions'), '--user-data-dir', path.join(dir, 'data'), ...args], { encoding: 'utf8', env: { ...process.env, XDG_CONFIG_HOME: path.join(dir, 'xdg') } });
  run('--install-extension', vsix);
  const listed = run('--list-extensions', '--show-versions').split('\n').find((l) => l.startsWith(`${extensionId()}@`));
  if (!listed) throw new Error(`code-server does not list ${extensionId()} after installing ${vsix}`);
  const installed = fs.readdirSync(path.join(dir, 'extensions')).find((d) => d.startsWith(extensionId()));
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'extensions', installed, 'package.json'), 'utf8'));
  for (const rel of [pkg.main, 'dist/server.cjs', ...pkg.contributes.snippets.map((s) => s.path), ...pkg.contributes.yamlValidation.map((v) => v.url)]) {
    if (!fs.existsSync(path.join(dir, 'extensions', installed, rel))) throw new Error(`the installed extension lacks ${rel}`);
  }
  console.log(`installed ${listed} into code-server from ${path.relative(process.cwd(), vsix)}`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { enhancementsDir } from './paths.js';

/** A throw-away repository on disk; `dispose()` removes it. */
export interface TempRepo {
  root: string;
  write(rel: string, text: string): string;
  read(rel: string): string;
  path(rel: string): string;
  dispose(): void;
}

/**
 * Creates a repository with the layout kepval requires (keps/, keps/prod-readiness/,
 * keps/README.md), hack/.notableofcontents and the corpus' OWNERS_ALIASES, plus the given files.
 */
export function makeTempRepo(files: Record<string, string> = {}, options: { ownersAliases?: boolean } = {}): TempRepo {
  const repo = tempRepoAt(fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-test-')));
  const root = repo.root;
  fs.mkdirSync(path.join(root, 'keps/prod-readiness'), { recursive: true });
  repo.write('keps/README.md', '# KEPs\n');
  // As in kubernetes/enhancements: the index README has no table of contents.
  repo.write('hack/.notableofcontents', 'keps/README.md\nkeps/prod-readiness/README.md\n');
  if (options.ownersAliases !== false) fs.copyFileSync(path.join(enhancementsDir, 'OWNERS_ALIASES'), path.join(root, 'OWNERS_ALIASES'));
  for (const [rel, text] of Object.entries(files)) repo.write(rel, text);
  return repo;
}

/**
 * Copies a corpus KEP folder (e.g. `sig-node/4960-container-stop-signals`) and its PRR approval
 * file into a temp repository; returns the folder's path relative to the repository.
 */
export function copyCorpusKep(repo: TempRepo, relDir: string): string {
  const from = path.join(enhancementsDir, 'keps', relDir);
  fs.cpSync(from, repo.path(`keps/${relDir}`), { recursive: true });
  const kepYaml = fs.readFileSync(path.join(from, 'kep.yaml'), 'utf8');
  const sig = /^owning-sig:\s*["']?([^"'\s]+)/m.exec(kepYaml)?.[1];
  const num = /^kep-number:\s*["']?([^"'\s]+)/m.exec(kepYaml)?.[1];
  const prr = sig && num ? path.join(enhancementsDir, 'keps/prod-readiness', sig, `${num}.yaml`) : undefined;
  if (prr && fs.existsSync(prr)) fs.cpSync(prr, repo.path(`keps/prod-readiness/${sig}/${num}.yaml`));
  return `keps/${relDir}`;
}

/** Every KEP folder of the corpus (relative to keps/), in a stable order. */
export function corpusKepDirs(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (!e.isDirectory() || e.name === 'prod-readiness') continue;
      const full = path.join(dir, e.name);
      if (fs.existsSync(path.join(full, 'kep.yaml'))) out.push(path.relative(path.join(enhancementsDir, 'keps'), full));
      else walk(full);
    }
  };
  walk(path.join(enhancementsDir, 'keps'));
  return out;
}

/** A TempRepo over an existing temp folder (removed by dispose). */
export function tempRepoAt(root: string): TempRepo {
  return {
    root,
    path: (rel) => path.join(root, rel),
    write(rel, text) {
      const p = path.join(root, rel);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, text);
      return p;
    },
    read: (rel) => fs.readFileSync(path.join(root, rel), 'utf8'),
    dispose: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

/**
 * A copy of a real merged KEP (4960) broken in three ways that each have a safe fix: an owning
 * SIG written as its name, an unpadded date, a table of contents missing a line. Fixing them
 * gives back the real files exactly; `expected` is that text, with the copy's line endings
 * (`crlf`) and the README's byte-order mark (`bom`).
 */
export function brokenKep(options: { crlf?: boolean; bom?: boolean } = {}): { repo: TempRepo; kepYaml: string; readme: string; expected: (file: 'kep.yaml' | 'README.md') => string } {
  const kep = 'sig-node/4960-container-stop-signals';
  const original = (file: string): string => fs.readFileSync(path.join(enhancementsDir, 'keps', kep, file), 'utf8');
  const repo = makeTempRepo();
  const dir = copyCorpusKep(repo, kep);
  const shape = (text: string, bom: boolean): string => (bom ? '\uFEFF' : '') + (options.crlf ? text.replace(/\n/g, '\r\n') : text);
  const kepYaml = repo.write(`${dir}/kep.yaml`, shape(original('kep.yaml').replace('owning-sig: sig-node', 'owning-sig: SIG Node').replace('creation-date: "2025-02-01"', 'creation-date: "2025-2-1"'), false));
  const readme = repo.write(`${dir}/README.md`, shape(original('README.md').replace('  - [Non-Goals](#non-goals)\n', ''), options.bom === true));
  return { repo, kepYaml, readme, expected: (file) => shape(original(file), file === 'README.md' && options.bom === true) };
}

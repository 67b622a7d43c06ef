import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import pkg from '../../../package.json' with { type: 'json' };
import type { Problem } from '../core/problem.js';
import { Engine, RULES } from '../engine.js';
import { loadRegistry } from '../registry/load.js';
import type { SigRegistry } from '../registry/sigRegistry.js';
import { nodeFileSystem } from '../workspace/fileSystem.js';
import { isRepositoryRoot } from '../workspace/layout.js';
import type { CheckUnit, Repository } from '../workspace/repository.js';
import { AnalysisCache } from './analysisCache.js';
import { FORMATS, format, type Format } from './formats.js';
import { analyzeAll } from './markdownPool.js';

export const USAGE = `Usage: kep-studio check [options] [paths...]

Checks the KEPs under the given files or folders (default: the current folder): kep.yaml,
README.md and the other markdown under keps/, PRR approval files and OWNERS markers.

Options:
  --format <text|json|sarif|github>  output format (default: text)
  --sigs <path>                      a sigs.yaml file or a kubernetes/community checkout
  --config <file>                    configuration file (default: <repository>/.kep-studio.yaml)
  --quiet                            report errors only
  --no-cache                         do not read or write the markdown cache
  -h, --help                         show this help
  -v, --version                      show the version

Exit status: 0 no errors, 1 at least one error, 2 usage or internal failure.
`;

/** Bumped when the cached markdown analysis changes shape. */
const CACHE_FORMAT = 1;
export const ENGINE_VERSION = `${pkg.version}+${CACHE_FORMAT}`;

/** A mistake in how the CLI was called (exit status 2, with the usage text). */
export class UsageError extends Error {}

/** Runs the CLI; `workerScript` is the module that starts markdown workers (the entry point). */
export async function main(argv: string[], workerScript: string, cwd = process.cwd()): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        sigs: { type: 'string' },
        config: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        'no-cache': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = args;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  const [command, ...paths] = positionals;
  if (command !== 'check') throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
  if (!(FORMATS as readonly string[]).includes(values.format!)) throw new UsageError(`unknown format "${values.format}" (use ${FORMATS.join(', ')})`);

  const targets = (paths.length ? paths : ['.']).map((p) => path.resolve(cwd, p));
  for (const t of targets) if (!fs.existsSync(t)) throw new UsageError(`no such file or folder: ${t}`);

  const configOverride = values.config ? readConfigOverride(path.resolve(cwd, values.config)) : undefined;
  const registryOverride = values.sigs ? readRegistryOverride(path.resolve(cwd, values.sigs)) : undefined;
  const engine = new Engine({ ...(configOverride ? { configOverride } : {}), ...(registryOverride ? { registryOverride } : {}) });

  const roots = new Map<string, string[]>();
  for (const t of targets) {
    const found = findRoots(engine, t);
    if (!found.length) throw new UsageError(`no KEP repository (a folder holding keps/) at, above or below ${t}`);
    for (const r of found) roots.set(r, [...(roots.get(r) ?? []), found.length > 1 || !t.startsWith(r) ? r : t]);
  }

  const problems: Problem[] = [];
  const files = new Set<string>();
  for (const [root, scopes] of roots) {
    const repo = engine.repository(root);
    const units = repo.units().filter((u) => inScope(repo, u, scopes));
    await prepareMarkdown(engine, repo, units, !values['no-cache'], workerScript);
    for (const u of units) {
      for (const f of unitFiles(repo, u)) if (fs.existsSync(f)) files.add(f);
      problems.push(...repo.checkUnit(u).problems);
    }
  }
  const shown = dedupe(problems)
    .filter((p) => !values.quiet || p.severity === 'error')
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character));
  process.stdout.write(
    format(values.format as Format, {
      problems: shown,
      files: files.size,
      cwd,
      rules: RULES,
      version: pkg.version,
      docsUrl: (id) => `${pkg.homepage}/blob/main/docs/rules/${id}.md`,
    }),
  );
  const count = (s: string): number => shown.filter((p) => p.severity === s).length;
  if (values.format === 'text') {
    process.stderr.write(`${files.size} files checked: ${count('error')} errors, ${count('warning')} warnings, ${count('information') + count('hint')} suggestions\n`);
  }
  return shown.some((p) => p.severity === 'error') ? 1 : 0;
}

function readRegistryOverride(location: string): SigRegistry {
  try {
    return loadRegistry(nodeFileSystem, location);
  } catch (err) {
    throw new UsageError(`--sigs: ${(err as Error).message}`);
  }
}

function readConfigOverride(file: string): { text: string; path: string } {
  try {
    return { text: fs.readFileSync(file, 'utf8'), path: file };
  } catch (err) {
    throw new UsageError(`cannot read --config ${file}: ${(err as Error).message}`);
  }
}

/** The repository holding `target`, or the repositories below it (a folder of checkouts). */
function findRoots(engine: Engine, target: string): string[] {
  const up = engine.findRoot(target);
  if (up) return [up];
  const found: string[] = [];
  const visit = (dir: string, depth: number): void => {
    if (isRepositoryRoot(nodeFileSystem, dir)) {
      found.push(dir);
      return;
    }
    if (depth === 0) return;
    const entries = nodeFileSystem.readDir(dir);
    if (!Array.isArray(entries)) return;
    for (const e of entries) {
      if (e.isDirectory && !e.name.startsWith('.') && e.name !== 'node_modules') visit(path.join(dir, e.name), depth - 1);
    }
  };
  if (fs.statSync(target).isDirectory()) visit(target, 3);
  return found.sort();
}

const within = (file: string, scope: string): boolean => file === scope || file.startsWith(scope + path.sep);

function unitFiles(repo: Repository, u: CheckUnit): string[] {
  if (u.kind === 'repository') return [];
  if (u.kind === 'markdown') return [u.path];
  const kep = repo.kep(u.location);
  const files = [u.location.kepYamlPath];
  const n = kep.number;
  const sig = kep.owningSig;
  if (n && sig) files.push(path.join(repo.kepsDir, 'prod-readiness', sig, `${n}.yaml`));
  return files;
}

function inScope(repo: Repository, u: CheckUnit, scopes: string[]): boolean {
  if (u.kind === 'repository') return true;
  const files = u.kind === 'kep' ? [u.location.dir, ...unitFiles(repo, u)] : unitFiles(repo, u);
  return scopes.some((s) => files.some((f) => within(f, s)) || (u.kind === 'kep' && within(s, u.location.dir)));
}

/** Parses the markdown of the units in scope on all cores, reusing earlier runs' results. */
async function prepareMarkdown(engine: Engine, repo: Repository, units: CheckUnit[], useCache: boolean, workerScript: string): Promise<void> {
  const paths = new Set<string>();
  for (const u of units) {
    if (u.kind === 'markdown') paths.add(u.path);
    else if (u.kind === 'kep' && u.location.readmePath) paths.add(u.location.readmePath);
  }
  const cache = useCache ? AnalysisCache.open(repo.root, ENGINE_VERSION) : AnalysisCache.disabled();
  const todo = [];
  for (const p of paths) {
    const source = engine.sources.get(p, 'markdown');
    if (!source.exists || (source.issue && !source.issue.usable)) continue;
    const hit = cache.get(source.text);
    if (hit) engine.models.primeMarkdown(source, hit);
    else todo.push(source);
  }
  const analyses = await analyzeAll(
    todo.map((s) => s.text),
    workerScript,
  );
  todo.forEach((s, i) => {
    engine.models.primeMarkdown(s, analyses[i]!);
    cache.set(s.text, analyses[i]!);
  });
  cache.save(ENGINE_VERSION);
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}:${p.range.start.line}:${p.range.start.character}:${p.ruleId}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

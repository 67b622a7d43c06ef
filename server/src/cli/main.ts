import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import pkg from '../../../package.json' with { type: 'json' };
import { ruleDocUrl } from '../core/docs.js';
import type { Problem } from '../core/problem.js';
import { Engine, RULES } from '../engine.js';
import { loadRegistry } from '../registry/load.js';
import type { SigRegistry } from '../registry/sigRegistry.js';
import { nodeFileSystem } from '../workspace/fileSystem.js';
import type { CheckUnit, Repository } from '../workspace/repository.js';
import { FORMATS, format, type Format } from './formats.js';

export const USAGE = `Usage: kep-studio check [options] [paths...]

Checks the KEPs under the given files or folders (default: the current folder): kep.yaml,
README.md and the other markdown under keps/, PRR approval files and OWNERS markers.

Options:
  --format <text|json|sarif|github>  output format (default: text)
  --sigs <path>                      a sigs.yaml file or a kubernetes/community checkout
  --config <file>                    configuration file (default: <repository>/.kep-studio.yaml)
  --quiet                            report errors only
  -h, --help                         show this help
  -v, --version                      show the version

Exit status: 0 no errors, 1 at least one error, 2 usage or internal failure.
`;

/** A mistake in how the CLI was called (exit status 2, with the usage text). */
export class UsageError extends Error {}

/** What a run prints and its exit status (the caller writes them: the run may be in a worker). */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in `cwd`. Throws UsageError for a bad command line. */
export function main(argv: string[], cwd: string): RunResult {
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
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = args;
  if (values.help) return { code: 0, stdout: USAGE, stderr: '' };
  if (values.version) return { code: 0, stdout: `${pkg.version}\n`, stderr: '' };
  const [command, ...paths] = positionals;
  if (command !== 'check') throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
  if (!(FORMATS as readonly string[]).includes(values.format!)) throw new UsageError(`unknown format "${values.format}" (use ${FORMATS.join(', ')})`);

  const targets = (paths.length ? paths : ['.']).map((p) => path.resolve(cwd, p));
  for (const t of targets) if (!fs.existsSync(t)) throw new UsageError(`no such file or folder: ${t}`);

  const configOverride = values.config ? readConfigOverride(path.resolve(cwd, values.config)) : undefined;
  const registryOverride = values.sigs ? readRegistryOverride(path.resolve(cwd, values.sigs)) : undefined;
  const engine = new Engine({ ...(configOverride ? { config: configOverride } : {}), ...(registryOverride ? { registry: registryOverride } : {}) });

  const roots = new Map<string, string[]>();
  for (const t of targets) {
    const found = engine.findRepositories(t);
    if (!found.length) throw new UsageError(`no KEP repository (a folder holding keps/) at, above or below ${t}`);
    for (const r of found) roots.set(r, [...(roots.get(r) ?? []), found.length > 1 || !t.startsWith(r) ? r : t]);
  }

  const problems: Problem[] = [];
  const files = new Set<string>();
  for (const [root, scopes] of roots) {
    const repo = engine.repository(root);
    const units = repo.units().filter((u) => inScope(repo, u, scopes));
    for (const u of units) for (const f of unitFiles(repo, u)) if (fs.existsSync(f)) files.add(f);
    for (const u of units) problems.push(...repo.checkUnit(u).problems);
  }
  const shown = dedupe(problems)
    .filter((p) => !values.quiet || p.severity === 'error')
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character));
  const stdout = format(values.format as Format, {
      problems: shown,
      files: files.size,
      cwd,
      rules: RULES,
      version: pkg.version,
      docsUrl: (id) => ruleDocUrl(id),
  });
  const count = (s: string): number => shown.filter((p) => p.severity === s).length;
  const stderr =
    values.format === 'text'
      ? `${files.size} files checked: ${count('error')} errors, ${count('warning')} warnings, ${count('information') + count('hint')} suggestions\n`
      : '';
  return { code: shown.some((p) => p.severity === 'error') ? 1 : 0, stdout, stderr };
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

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}:${p.range.start.line}:${p.range.start.character}:${p.ruleId}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import pkg from '../../../package.json' with { type: 'json' };
import { ruleDocUrl } from '../core/docs.js';
import { dedupe, type Problem } from '../core/problem.js';
import { Engine, RULES } from '../engine.js';
import { loadRegistry } from '../registry/load.js';
import type { SigRegistry } from '../registry/sigRegistry.js';
import { nodeFileSystem } from '../workspace/fileSystem.js';
import { formatOf } from '../kinds/recognise.js';
import { checklistFor, openItems } from '../workflows/checklistView.js';
import { isRepositoryRoot, KEPS_DIR } from '../workspace/layout.js';
import type { CheckUnit, Repository } from '../workspace/repository.js';
import { FORMATS, format, type Format } from './formats.js';
import { QUERY_FORMATS, REPORT_FORMATS } from '../query/render.js';
import { checkQueryOptions, QUERY_OPTIONS, queryCommand, reportCommand } from './query.js';
import { UsageError } from './usage.js';

export { UsageError };

export const USAGE = `Usage: kep-studio check [options] [paths...]
       kep-studio checklist [--format text|json] [options] <file>
       kep-studio kinds [--format text|json] [options] [folder]
       kep-studio query [filters] [--format table|json|yaml|csv|markdown] [options] [folder]
       kep-studio report [--release v1.38] [--sig <sig>]... [--format markdown|json|csv] [options] [folder]

check      Checks the KEPs under the given files or folders (default: the current folder):
           kep.yaml, README.md and the other markdown under keps/, PRR approval files and
           OWNERS markers; and the other proposals there that KEP Studio recognises (CNCF
           applications and due diligence, tracking issues, RFCs, PEPs, kinds .kep-studio.yaml
           defines).
checklist  Prints what the proposal <file> belongs to still needs (the checklist view).
kinds      Lists the proposal kinds known in a folder: built in, and its .kep-studio.yaml's.
query      Lists the repository's KEPs that pass the filters (offline, like kepctl query).
report     The release readiness report: every KEP that targets the release (default: the
           release in progress), its open checklist items, and totals per SIG.

Filters of query (repeatable or comma-separated; alternatives within a filter, all filters must hold):
  --sig <sig>                        owning SIG (a name, or a pattern over the names: node)
  --participating-sig <sig>          participating SIG
  --status <status>, --stage <stage> "none" for KEPs without one
  --milestone <v1.38>                latest-milestone or any stage's milestone
  --author, --reviewer, --approver, --prr-approver, --involves <handle or OWNERS_ALIASES alias>
  --tracking-issue <1287|KEP-1287|URL>
  --release <v1.38>                  KEPs that target the release, with their readiness for it
  --ready, --not-ready               of those, the ready ones (default release: the one in progress)

Options:
  --format <text|json|sarif|github>  output format (default: text; checklist and kinds: text or json;
                                     query: table; report: markdown)
  --sigs <path>                      a sigs.yaml file or a kubernetes/community checkout
  --config <file>                    configuration file (default: <repository>/.kep-studio.yaml)
  --quiet                            report errors only
  -h, --help                         show this help
  -v, --version                      show the version

Exit status: 0 no errors (query, report: 0), 1 at least one error, 2 usage or internal failure.
`;

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
        format: { type: 'string' },
        sigs: { type: 'string' },
        config: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
        ...QUERY_OPTIONS,
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = args;
  if (values.help) return { code: 0, stdout: USAGE, stderr: '' };
  if (values.version) return { code: 0, stdout: `${pkg.version}\n`, stderr: '' };
  const [command, ...paths] = positionals;
  if (command !== 'check' && command !== 'checklist' && command !== 'kinds' && command !== 'query' && command !== 'report') throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
  const formats: readonly string[] = command === 'check' ? FORMATS : command === 'query' ? QUERY_FORMATS : command === 'report' ? REPORT_FORMATS : ['text', 'json'];
  values.format ??= formats[0];
  if (!formats.includes(values.format!)) throw new UsageError(`unknown format "${values.format}" for ${command} (use ${formats.join(', ')})`);
  checkQueryOptions(command, values);
  if (command !== 'check' && paths.length > 1) throw new UsageError(`${command} takes one path`);
  if (command === 'checklist' && !paths.length) throw new UsageError('checklist needs the proposal file');

  const targets = (paths.length ? paths : ['.']).map((p) => path.resolve(cwd, p));
  for (const t of targets) if (!fs.existsSync(t)) throw new UsageError(`no such file or folder: ${t}`);

  const configOverride = values.config ? readConfigOverride(path.resolve(cwd, values.config)) : undefined;
  const registryOverride = values.sigs ? readRegistryOverride(path.resolve(cwd, values.sigs)) : undefined;
  const engine = new Engine({ ...(configOverride ? { config: configOverride } : {}), ...(registryOverride ? { registry: registryOverride } : {}) });
  if (command === 'checklist') return checklistCommand(engine, targets[0]!, values.format as 'text' | 'json', cwd);
  if (command === 'kinds') return kindsCommand(engine, targets[0]!, values.format as 'text' | 'json', cwd);
  if (command === 'query') return queryCommand(engine, targets[0]!, values, values.format!);
  if (command === 'report') return reportCommand(engine, targets[0]!, values, values.format!);

  // KEP repositories at, above or below each path; proposals of other kinds in the paths; the
  // configuration file of each path's repository (its kinds decide what is a proposal).
  const roots = new Map<string, string[]>();
  const proposals = new Map<Repository, string[]>();
  const configured = new Set<Repository>();
  for (const t of targets) {
    const found = engine.findRepositories(t);
    for (const r of found) roots.set(r, [...(roots.get(r) ?? []), found.length > 1 || !t.startsWith(r) ? r : t]);
    let recognised = 0;
    for (const file of proseFiles(engine, t)) {
      const repo = engine.repositoryFor(file);
      if (!repo.isProposal(file)) continue;
      proposals.set(repo, [...(proposals.get(repo) ?? []), file]);
      recognised++;
    }
    const repo = engine.repositoryFor(t);
    if (fs.existsSync(repo.configPath)) configured.add(repo);
    else if (!found.length && !recognised) throw new UsageError(`no KEP repository (a folder holding keps/) or proposal document at, above or below ${t}`);
  }
  for (const r of configured) if (!roots.has(r.root) && !proposals.has(r)) proposals.set(r, []);

  const problems: Problem[] = [];
  const files = new Set<string>();
  for (const [root, scopes] of roots) {
    const repo = engine.repository(root);
    const units = repo.units().filter((u) => inScope(repo, u, scopes));
    for (const u of units) for (const f of unitFiles(repo, u)) if (fs.existsSync(f)) files.add(f);
    for (const u of units) problems.push(...repo.checkUnit(u).problems);
  }
  for (const [repo, paths] of proposals) {
    // The repository's own unit reports problems in its configuration (and the kinds it defines).
    if (!roots.has(repo.root) && fs.existsSync(repo.configPath)) problems.push(...repo.checkUnit({ kind: 'repository' }).problems.filter((p) => p.path === repo.configPath));
    for (const file of paths) {
      // Overlapping paths name a file twice: check it once.
      if (files.has(file)) continue;
      files.add(file);
      problems.push(...repo.checkUnit({ kind: 'proposal', path: file }).problems);
    }
  }
  const shown = dedupe(problems)
    .filter((p) => !values.quiet || p.severity === 'error')
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character));
  const stdout = formatProblems(values.format as Format, shown, files.size, cwd);
  const count = (s: string): number => shown.filter((p) => p.severity === s).length;
  const stderr =
    values.format === 'text'
      ? `${files.size} files checked: ${count('error')} errors, ${count('warning')} warnings, ${count('information') + count('hint')} suggestions\n`
      : '';
  return { code: shown.some((p) => p.severity === 'error') ? 1 : 0, stdout, stderr };
}

/** `kep-studio checklist <file>`: the checklist view, as text or JSON (paths relative to the current folder). */
function checklistCommand(engine: Engine, file: string, format: 'text' | 'json', cwd: string): RunResult {
  const view = checklistFor(engine, file);
  if (!view) throw new UsageError(`${path.relative(cwd, file) || file} is not part of a proposal KEP Studio recognises`);
  const rel = (p: string): string => path.relative(cwd, p).split(path.sep).join('/');
  const open = openItems(view).length;
  if (format === 'json') {
    const json = {
      version: 1,
      file: rel(view.file),
      kind: view.kind,
      title: view.title,
      summary: view.summary,
      groups: view.groups.map((g) => ({
        id: g.id,
        label: g.label,
        items: g.items.map((i) => ({ id: i.id, label: i.label, state: i.state, required: i.required, detail: i.detail, ...(i.location ? { location: { file: rel(i.location.path), range: i.location.range } } : {}), fix: i.fix?.title })),
      })),
    };
    return { code: 0, stdout: `${JSON.stringify(json)}\n`, stderr: '' };
  }
  const lines = [`${view.title ?? '(untitled)'} — ${view.summary}${view.description ? ` (${view.description})` : ''}`];
  for (const g of view.groups) {
    lines.push('', g.label);
    for (const i of g.items) {
      const box = i.state === 'done' ? '[x]' : i.required ? '[ ]' : '[-]';
      const where = i.location ? ` ${rel(i.location.path)}:${i.location.range.start.line + 1}` : '';
      lines.push(`  ${box} ${i.label}${i.detail ? ` — ${i.detail}` : ''}${where}`);
    }
  }
  return { code: 0, stdout: `${lines.join('\n')}\n`, stderr: `${open} required item(s) open\n` };
}

/**
 * `kep-studio kinds [folder]`: the kinds known there (origins relative to the current folder).
 * Problems in the configuration go to stderr, as `check` prints them; an error exits 1.
 */
function kindsCommand(engine: Engine, folder: string, format: 'text' | 'json', cwd: string): RunResult {
  const repo = engine.repositoryFor(folder);
  const problems = repo.checkUnit({ kind: 'repository' }).problems.filter((p) => p.path === repo.configPath);
  const rel = (p: string): string => path.relative(cwd, p).split(path.sep).join('/');
  const kinds = repo.kinds.map((k) => ({ id: k.id, name: k.name, origin: 'builtIn' in k.origin ? 'built-in' : rel(k.origin.config), route: k.submission?.route, repository: k.submission?.repository }));
  const stderr = formatProblems('text', problems, 0, cwd);
  const code = problems.some((p) => p.severity === 'error') ? 1 : 0;
  if (format === 'json') return { code, stdout: `${JSON.stringify({ version: 1, kinds })}\n`, stderr };
  return { code, stdout: kinds.map((k) => `${k.id.padEnd(32)} ${k.name}${k.origin === 'built-in' ? '' : ` (${k.origin})`}\n`).join(''), stderr };
}

function formatProblems(as: Format, problems: Problem[], files: number, cwd: string): string {
  return format(as, { problems, files, cwd, rules: RULES, version: pkg.version, docsUrl: (id) => ruleDocUrl(id) });
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

/**
 * Markdown and reStructuredText files at or below `target`, outside the keps/ folders of KEP
 * repositories (the KEP rules check those) and outside hidden folders and node_modules.
 */
function proseFiles(engine: Engine, target: string): string[] {
  const host = engine.sources.fs;
  if (host.stat(target)?.isFile) return formatOf(target) ? [target] : [];
  const out: string[] = [];
  const visit = (dir: string): void => {
    const entries = host.readDir(dir);
    if (!Array.isArray(entries)) return;
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory) {
        if (e.name.startsWith('.') || e.name === 'node_modules' || (e.name === KEPS_DIR && isRepositoryRoot(host, dir))) continue;
        visit(full);
      } else if (e.isFile && formatOf(e.name)) out.push(full);
    }
  };
  visit(target);
  return out.sort();
}

function unitFiles(repo: Repository, u: CheckUnit): string[] {
  if (u.kind === 'repository') return [];
  if (u.kind === 'markdown' || u.kind === 'proposal') return [u.path];
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

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import pkg from '../../../package.json' with { type: 'json' };
import { ruleDocUrl } from '../core/docs.js';
import { dedupe, type Problem } from '../core/problem.js';
import { Engine, RULES } from '../engine.js';
import { fixAll } from '../fixes/fixAll.js';
import { loadRegistry } from '../registry/load.js';
import type { SigRegistry } from '../registry/sigRegistry.js';
import { nodeFileSystem } from '../workspace/fileSystem.js';
import { DEFAULT_LIMITS, decodeSource } from '../workspace/source.js';
import { checklistFor, openItems } from '../workflows/checklistView.js';
import { discover } from '../workspace/discovery.js';
import { QUERY_FORMATS, REPORT_FORMATS } from '../query/render.js';
import { fixDiff, writeFixes } from './fix.js';
import { FORMATS, format, printable, printableLine, type Format } from './formats.js';
import { changedFiles, takeChanged } from './git.js';
import { checkQueryOptions, QUERY_OPTIONS, queryCommand, reportCommand } from './query.js';
import { UsageError } from './usage.js';

export { UsageError } from './usage.js';

const COMMANDS = ['check', 'checklist', 'kinds', 'query', 'report'];

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
  --fix                              check: apply every safe fix (as the editor's Fix All), write the
                                     files, then report what is left
  --fix-dry-run, --format diff       check: print the safe fixes as a unified diff; write nothing
  --changed [<git ref>]              check: only KEPs and proposals with files that differ from the
                                     ref (default: the merge base with the default branch), staged
                                     and untracked files included; use --changed=<ref> when the ref
                                     is also the name of a file or folder
  --ignore-unknown                   check: skip paths that hold no KEP or proposal (for pre-commit)
  --sigs <path>                      a sigs.yaml file or a kubernetes/community checkout
  --config <file>                    configuration file (default: <repository>/.kep-studio.yaml)
  --quiet                            report errors only
  -h, --help                         show this help
  -v, --version                      show the version

Exit status: 0 no errors (query, report: 0), 1 at least one error, 2 usage or internal failure
(or a fix that could not be written).
`;

/** What a run prints and its exit status (the caller writes them: the run may be in a worker). */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in `cwd`. Throws UsageError for a bad command line. */
export function main(argv: string[], cwd: string): RunResult {
  const { argv: rest, changed: changedOption } = takeChanged(argv, cwd, COMMANDS);
  let args;
  try {
    args = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        sigs: { type: 'string' },
        config: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        fix: { type: 'boolean', default: false },
        'fix-dry-run': { type: 'boolean', default: false },
        'ignore-unknown': { type: 'boolean', default: false },
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
  if (!command || !COMMANDS.includes(command)) throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
  const formats: readonly string[] = command === 'check' ? [...FORMATS, 'diff'] : command === 'query' ? QUERY_FORMATS : command === 'report' ? REPORT_FORMATS : ['text', 'json'];
  values.format ??= formats[0];
  const dryRun = values['fix-dry-run'] || values.format === 'diff';
  if (command !== 'check' && (values.fix || dryRun || changedOption || values['ignore-unknown'])) throw new UsageError(`--fix, --fix-dry-run, --changed and --ignore-unknown are options of check`);
  if (values.fix && dryRun) throw new UsageError('--fix writes the fixes, --fix-dry-run (--format diff) prints them: choose one');
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

  const changed = changedOption && changedFiles(cwd, changedOption.ref);
  const scope = discover(engine, targets, changed);
  if (scope.unknown.length && !values['ignore-unknown']) throw new UsageError(`no KEP repository (a folder holding keps/) or proposal document at, above or below ${scope.unknown[0]}`);
  const check = (): Problem[] => dedupe(scope.units.flatMap(({ repo, unit }) => repo.checkUnit(unit).problems));
  let problems: Problem[];
  const notes: string[] = [];
  let failed = false;
  if (values.fix || dryRun) {
    const run = fixAll(engine, check);
    const fixed = `${run.applied} fixes in ${run.files.length} files`;
    if (dryRun) return { code: run.problems.some((p) => p.severity === 'error') ? 1 : 0, stdout: fixDiff(run.files, cwd), stderr: `${fixed} (not written); then ${summary(run.problems, scope.files.size)}` };
    const failures = writeFixes(engine, run, cwd);
    failed = failures.length > 0;
    notes.push(...failures.map((f) => `kep-studio: ${f}\n`), `Applied ${fixed}.\n`);
    problems = check();
  } else problems = check();
  const shown = problems
    .filter((p) => !values.quiet || p.severity === 'error')
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character));
  const stdout = formatProblems(values.format as Format, shown, scope.files.size, cwd);
  const stderr = notes.join('') + (values.format === 'text' ? summary(shown, scope.files.size) : '');
  return { code: failed ? 2 : shown.some((p) => p.severity === 'error') ? 1 : 0, stdout, stderr };
}

function summary(problems: Problem[], files: number): string {
  const count = (s: string): number => problems.filter((p) => p.severity === s).length;
  return `${files} files checked: ${count('error')} errors, ${count('warning')} warnings, ${count('information') + count('hint')} suggestions\n`;
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
  // The title, labels and details come from the document and its kind: printable, like `check`'s text.
  const lines = [`${printable(view.title ?? '(untitled)')} — ${printable(view.summary)}${view.description ? ` (${printable(view.description)})` : ''}`];
  for (const g of view.groups) {
    lines.push('', printable(g.label));
    for (const i of g.items) {
      const box = i.state === 'done' ? '[x]' : i.required ? '[ ]' : '[-]';
      const where = i.location ? ` ${printable(rel(i.location.path))}:${i.location.range.start.line + 1}` : '';
      lines.push(`  ${box} ${printable(i.label)}${i.detail ? ` — ${printable(i.detail)}` : ''}${where}`);
    }
  }
  return { code: 0, stdout: lines.map(printableLine).join(''), stderr: `${open} required item(s) open\n` };
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
  return { code, stdout: kinds.map((k) => printableLine(`${printable(k.id).padEnd(32)} ${printable(k.name)}${k.origin === 'built-in' ? '' : ` (${printable(k.origin)})`}`)).join(''), stderr };
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
  const read = nodeFileSystem.readFile(file, DEFAULT_LIMITS.maxYamlBytes);
  if (!read.ok) throw new UsageError(`cannot read --config ${file}: ${read.error}`);
  const source = decodeSource(file, read.bytes, DEFAULT_LIMITS.maxYamlBytes, 'yaml');
  if (source.issue) throw new UsageError(`cannot read --config ${file}: ${source.issue.message}`);
  return { text: source.text, path: file };
}

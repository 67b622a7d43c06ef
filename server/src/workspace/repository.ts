import * as path from 'node:path';
import { FILE_START, type Problem, type Range, type RuleMeta, type Severity, type SeveritySetting } from '../core/problem.js';
import { capMessage } from '../core/text.js';
import { parseConfig, CONFIG_FILE, type Config, type ConfigProblem } from '../config/config.js';
import { escapePointer } from '../parse/yaml.js';
import type { YamlView } from '../parse/yamlView.js';
import { Kep } from '../kep/kep.js';
import kepTemplate from '../kep/kepTemplate.json' with { type: 'json' };
import { MarkdownDoc } from '../parse/markdownDoc.js';
import { embeddedRegistry } from '../registry/embedded.js';
import { loadRegistry } from '../registry/load.js';
import type { SigRegistry } from '../registry/sigRegistry.js';
import type { Finding, RuleModule } from '../rules/api.js';
import { nodeCheckMinor } from '../kep/process.js';
import { prrPath } from '../kep/prr.js';
import { compileAssociations, formatOf, recognise, type Associations, type Recognition } from '../kinds/recognise.js';
import { PatternBudget } from '../kinds/pattern.js';
import { builtInIds, builtInKinds, compileProjectKinds } from '../kinds/registry.js';
import type { Kind } from '../kinds/kind.js';
import type { ProposalDoc } from '../kinds/document.js';
import { discoverLayout, isRepositoryRoot, type KepLocation, type Layout } from './layout.js';
import type { ModelCache } from './models.js';
import type { RepositoryView, TemplateInfo } from './repositoryView.js';
import { sourceKindOf, type Source, type SourceKind, type SourceStore } from './source.js';

/**
 * A unit of checking: one KEP (kep.yaml, README, OWNERS, PRR file), one markdown file under
 * keps/, one proposal of another kind, or the repository's own files.
 */
export type CheckUnit = { kind: 'kep'; location: KepLocation } | { kind: 'markdown'; path: string } | { kind: 'proposal'; path: string } | { kind: 'repository' };

/** A stable name for a unit within its repository. */
export function unitKey(unit: CheckUnit): string {
  return unit.kind === 'kep' ? `kep:${unit.location.dir}` : unit.kind === 'markdown' ? `md:${unit.path}` : unit.kind === 'proposal' ? `proposal:${unit.path}` : 'repository';
}

export interface UnitResult {
  problems: Problem[];
  /** Files and index keys the check read (see RepositoryView). */
  dependencies: Set<string>;
}

/** Settings that take precedence over a repository's .kep-studio.yaml (command line, editor). */
export interface Overrides {
  /** A configuration file used instead of the repository's own (CLI --config). */
  config?: { text: string; path: string };
  /** The SIG registry (CLI --sigs, editor setting). */
  registry?: SigRegistry;
  /** Rule severities (editor settings), applied over the configuration file's. */
  rules?: Record<string, SeveritySetting>;
  /** Minor number of the release in progress (editor setting). */
  upcomingMinor?: number;
  /** Kinds per path glob (editor setting), tried before the configuration file's. */
  associations?: Array<{ glob: string; kind: string }>;
  /**
   * False in an untrusted workspace (VS Code's Restricted Mode): what the repository's
   * configuration defines (kinds, associations, the sigs path) is then not used; its rule
   * severities and release still are. Default true (the command line runs where its user points it).
   */
  trusted?: boolean;
}

export interface EngineEnv {
  sources: SourceStore;
  models: ModelCache;
  modules: readonly RuleModule[];
  rules: ReadonlyMap<string, RuleMeta>;
  overrides: Overrides;
}

const TEMPLATE_DIR = 'NNNN-kep-template';
function emptyConfig(): Config {
  return { rules: {}, kinds: [], associations: [] };
}

/** A proposal of a kind other than KEP, read. */
export interface ProposalFile {
  doc: ProposalDoc;
  recognition: Recognition;
}

export class Repository {
  readonly kepsDir: string;
  private _layout: Layout | undefined;
  private _config: { config: Config; problems: ConfigProblem[] } | undefined;
  private _registry: SigRegistry | undefined;
  private registryProblem: string | undefined;
  private kepCache = new Map<string, Kep>();
  private numberIndex: Map<string, Kep[]> | undefined;
  private templateCache: { source: Source | undefined; info: TemplateInfo } | undefined;
  /**
   * The kinds the configuration defines (the built-in ones are shared), the associations (the
   * settings', the configuration's and the budget of the latter's globs), and the problems with them.
   */
  private _kinds:
    | {
        own: readonly Kind[];
        associations: { settings: Associations; own: Associations };
        associationBudget: PatternBudget;
        problems: Array<{ ruleId: string; range: Range; message: string }>;
      }
    | undefined;
  /** How many of the configuration's budgets takeChangedKeys has seen exceeded. */
  private droppedSeen = 0;
  /** Each source's kind, for the current kinds (reset with them). */
  private recognitions = new WeakMap<Source, Recognition | null>();

  constructor(
    readonly root: string,
    readonly env: EngineEnv,
  ) {
    this.kepsDir = path.join(root, 'keps');
  }

  get layout(): Layout {
    return (this._layout ??= discoverLayout(this.env.sources.fs, this.root));
  }


  /** Files were added, removed or renamed: rediscover. */
  invalidateLayout(): void {
    this._layout = undefined;
    this.kepCache.clear();
    this.numberIndex = undefined;
  }

  /** A file's content changed: drop what was derived from it. */
  invalidateFile(file: string): void {
    this.env.sources.invalidate(file);
    if (path.basename(file) === 'kep.yaml') {
      this.kepCache.delete(path.dirname(file));
      this.numberIndex = undefined;
    }
    if (file === this.configPath) this.invalidateSettings();
  }

  /** The configuration file or the settings over it changed. */
  invalidateSettings(): void {
    this._config = undefined;
    this._kinds = undefined;
    this.droppedSeen = 0;
    this.recognitions = new WeakMap();
    this._registry = undefined;
    this.registryProblem = undefined;
  }

  get configPath(): string {
    return this.env.overrides.config?.path ?? path.join(this.root, CONFIG_FILE);
  }

  get config(): Config {
    return this.loadConfig().config;
  }

  /**
   * The kinds documents here can be: the repository's own (when trusted, and while their patterns
   * keep within their budget), then the built-in ones.
   */
  get kinds(): readonly Kind[] {
    return [...this.loadKinds().own.filter((k) => k.budget?.exceeded === undefined), ...builtInKinds()];
  }

  private loadKinds(): NonNullable<Repository['_kinds']> {
    if (this._kinds) return this._kinds;
    const { config, view } = this.loadConfig();
    const problems: Array<{ ruleId: string; range: Range; message: string }> = [];
    const at = (pointer: string): Range => view?.keyRange(pointer) ?? FILE_START;
    const name = path.basename(this.configPath);
    const settings = compileAssociations(this.env.overrides.associations ?? []).associations;
    const budget = new PatternBudget();
    if (this.env.overrides.trusted === false) {
      const notice = untrustedNotice(config, name);
      if (notice) problems.push({ ruleId: 'config/untrusted', range: at(notice.pointer), message: notice.message });
      return (this._kinds = { own: [], associations: { settings, own: [] }, associationBudget: budget, problems });
    }
    const compiled = compileProjectKinds(config.kinds.map((k) => k.definition), this.configPath);
    for (const p of compiled.problems) {
      const index = config.kinds[p.index]!.index;
      problems.push({ ruleId: 'config/invalid', range: at(`/kinds/${index}${p.pointer}`), message: `Invalid ${name}: kind "${config.kinds[p.index]!.definition.id}": ${p.message}; this kind is not used.` });
    }
    // Declared ids: an association to a kind that is not used (invalid) is not unknown.
    const ids = [...config.kinds.map((k) => k.definition.id), ...builtInIds()];
    for (const a of config.associations) {
      if (!ids.includes(a.kind)) problems.push({ ruleId: 'config/invalid', range: at(`/associations/${escapePointer(a.glob)}`), message: `Unknown kind "${a.kind}" for ${a.glob}; the kinds are ${ids.join(', ')}.` });
    }
    const own = compileAssociations(config.associations, budget);
    for (const p of own.problems) problems.push({ ruleId: 'config/invalid', range: at(`/associations/${escapePointer(p.glob)}`), message: `The association's glob ${JSON.stringify(p.glob)} ${p.message}; it is not used.` });
    return (this._kinds = { own: compiled.kinds, associations: { settings, own: own.associations }, associationBudget: budget, problems });
  }

  /** The associations in force: the settings', then the configuration's while their globs keep within their budget. */
  private associations(): Associations {
    const { associations, associationBudget } = this.loadKinds();
    return associationBudget.exceeded === undefined ? [...associations.settings, ...associations.own] : associations.settings;
  }

  /** The kind of a proposal document outside keps/, if it is one. */
  private recognise(source: Source, doc: ProposalDoc): Recognition | undefined {
    const relative = path.relative(this.root, source.path).split(path.sep).join('/');
    for (const b of this.budgets()) b.startDocument(source, relative);
    let r = this.recognitions.get(source);
    // A kind dropped since (its patterns exceeded their budget) no longer decides.
    if (r === undefined || r?.kind.budget?.exceeded !== undefined) {
      r = recognise(this.kinds, doc, relative, this.associations()) ?? null;
      this.recognitions.set(source, r);
    }
    return r ?? undefined;
  }

  /** The budgets of what the repository's configuration defines (see PatternBudget). */
  private budgets(): PatternBudget[] {
    const { own, associationBudget } = this.loadKinds();
    return [associationBudget, ...own.flatMap((k) => k.budget ?? [])];
  }

  /** The kinds and associations dropped because their patterns exceeded their budget, at their definition. */
  private budgetProblems(): Array<{ range: Range; message: string }> {
    const { config, view } = this.loadConfig();
    const { own, associationBudget } = this.loadKinds();
    const at = (pointer: string): Range => view?.keyRange(pointer) ?? FILE_START;
    const name = path.basename(this.configPath);
    const out = own.flatMap((k) => {
      if (k.budget?.exceeded === undefined) return [];
      const index = config.kinds.find((c) => c.definition.id === k.id)!.index;
      return [{ range: at(`/kinds/${index}`), message: `Kind "${k.id}" in ${name}: ${k.budget.exceeded}; this kind is not used. Simplify its patterns (or its globs).` }];
    });
    if (associationBudget.exceeded !== undefined) out.push({ range: at('/associations'), message: `The associations in ${name}: ${associationBudget.exceeded.replace('its patterns', 'their globs')}; they are not used. Simplify their globs.` });
    return out;
  }

  /** A run of checks starts: the budgets' allowance for a run starts again. */
  startRun(): void {
    for (const b of this.budgets()) b.startRun();
  }

  /**
   * Index keys whose facts changed during checks since the last call: the repository's kinds,
   * when one was dropped for its patterns' cost (the checks that used them are stale).
   */
  takeChangedKeys(): string[] {
    const dropped = this.budgets().filter((b) => b.exceeded !== undefined).length;
    if (dropped === this.droppedSeen) return [];
    this.droppedSeen = dropped;
    return [this.kindsKey];
  }

  /** The dependency key of the checks that used the repository's kinds and associations. */
  private get kindsKey(): string {
    return `#kinds:${this.root}`;
  }

  /** The proposal of a kind other than KEP that `file` is (read with the editor's unsaved text), if it is one. */
  proposal(file: string): ProposalFile | undefined {
    const format = formatOf(file);
    if (!format || this.inKeps(file)) return undefined;
    const source = this.env.sources.get(file, 'markdown');
    if (!source.exists || (source.issue && !source.issue.usable)) return undefined;
    const doc = this.env.models.proposalDoc(source, format);
    const recognition = this.recognise(source, doc);
    return recognition && { doc, recognition };
  }

  /** Whether a file is one KEP Studio checks as a proposal of a kind other than KEP (read to tell). */
  isProposal(file: string): boolean {
    return this.proposal(file) !== undefined;
  }

  /** Inside the keps/ folder of a KEP repository: KEP files, checked by the KEP rules. */
  private inKeps(file: string): boolean {
    return file.startsWith(this.kepsDir + path.sep);
  }

  private loadConfig(): { config: Config; problems: ConfigProblem[]; view?: YamlView } {
    if (this._config) return this._config;
    const file = this.configPath;
    const source = this.env.overrides.config ? undefined : this.env.sources.get(file, 'yaml');
    if (source?.issue) {
      // An unreadable configuration is an error, not silently no configuration.
      return (this._config = { config: emptyConfig(), problems: [{ range: FILE_START, message: `${source.issue.message} Its settings are not applied.` }] });
    }
    const text = this.env.overrides.config?.text ?? (source?.exists ? source.text : undefined);
    if (text === undefined) return (this._config = { config: emptyConfig(), problems: [] });
    return (this._config = parseConfig(text, file, this.env.rules));
  }

  get registry(): SigRegistry {
    if (this._registry) return this._registry;
    if (this.env.overrides.registry) return (this._registry = this.env.overrides.registry);
    // Untrusted, the configuration does not choose a file to read (as the kepStudio.sigs setting cannot).
    const where = this.env.overrides.trusted === false ? undefined : this.config.sigs;
    if (where) {
      try {
        return (this._registry = loadRegistry(this.env.sources.fs, where));
      } catch (err) {
        // Named as the configuration names it, relative to the repository (even when it is outside).
        const named = (err as Error).message.split(where).join(path.relative(this.root, where) || '.');
        this.registryProblem = `${named}; using the embedded SIG registry instead.`;
      }
    }
    return (this._registry = embeddedRegistry());
  }

  /** Every check unit of the repository. */
  units(): CheckUnit[] {
    const layout = this.layout;
    return [
      { kind: 'repository' },
      ...layout.keps.map((location): CheckUnit => ({ kind: 'kep', location })),
      ...layout.markdownFiles.map((p): CheckUnit => ({ kind: 'markdown', path: p })),
    ];
  }

  /**
   * The units whose checks can report problems in `file`: a kep.yaml's KEP; a KEP README's KEP
   * and its own markdown check; a PRR file's KEP(s); a KEP folder's OWNERS; the repository
   * for OWNERS_ALIASES and the configuration file.
   */
  unitsFor(file: string): CheckUnit[] {
    const layout = this.layout;
    const units: CheckUnit[] = [];
    const dir = path.dirname(file);
    const base = path.basename(file);
    const kepHere = layout.keps.find((l) => l.dir === dir);
    if (kepHere && (base === 'kep.yaml' || base === 'README.md' || base === 'OWNERS')) units.push({ kind: 'kep', location: kepHere });
    if (layout.markdownFiles.includes(file)) units.push({ kind: 'markdown', path: file });
    if (layout.prrFiles.includes(file)) {
      for (const k of this.allKeps()) if (prrPath(this, k) === file) units.push({ kind: 'kep', location: k.location });
    }
    if (file === this.configPath || file === path.join(this.root, 'OWNERS_ALIASES') || layout.unreadable.some((u) => u.path === file)) units.push({ kind: 'repository' });
    if (this.isProposal(file)) units.push({ kind: 'proposal', path: file });
    return units;
  }

  /**
   * Index keys (see RepositoryView) a kep.yaml's content contributes to. Compare them before and
   * after an edit to know which other checks the edit can affect.
   */
  indexKeys(kepYamlPath: string): string[] {
    const loc = this.layout.keps.find((l) => l.kepYamlPath === kepYamlPath);
    if (!loc) return [`#dir:${path.dirname(kepYamlPath)}`];
    const k = this.kep(loc);
    return [`#number:${k.number ?? ''}`, `#dir:${loc.dir}`, `#upcoming`];
  }

  kep(location: KepLocation): Kep {
    let k = this.kepCache.get(location.dir);
    if (!k) {
      const source = this.env.sources.get(location.kepYamlPath, 'yaml');
      const usable = source.exists && (!source.issue || source.issue.usable);
      k = new Kep(location, source, usable ? this.env.models.kepYaml(source) : undefined, this.kepsDir);
      this.kepCache.set(location.dir, k);
    }
    return k;
  }

  allKeps(): Kep[] {
    return this.layout.keps.map((l) => this.kep(l));
  }

  private kepsByNumberIndex(): Map<string, Kep[]> {
    if (this.numberIndex) return this.numberIndex;
    const index = new Map<string, Kep[]>();
    for (const k of this.allKeps()) {
      const n = k.number;
      if (n === undefined) continue;
      const list = index.get(n) ?? [];
      list.push(k);
      index.set(n, list);
    }
    return (this.numberIndex = index);
  }

  private defaultUpcomingMinor(): number {
    let max = 0;
    for (const k of this.allKeps()) max = Math.max(max, nodeCheckMinor(k.latestMilestone));
    return max || 999;
  }

  template(): TemplateInfo {
    const source = this.env.sources.get(path.join(this.kepsDir, TEMPLATE_DIR, 'README.md'), 'markdown');
    const own = source.exists && !source.issue ? source : undefined;
    if (this.templateCache && this.templateCache.source === own) return this.templateCache.info;
    const doc = own
      ? this.env.models.markdownDoc(own)
      : new MarkdownDoc('(embedded KEP template)', kepTemplate.readme);
    const info: TemplateInfo = { doc, boilerplate: new Set(doc.blocks(0, doc.text.length).map((b) => b.key)) };
    this.templateCache = { source: own, info };
    return info;
  }

  /** A view for one check, recording what it reads into `deps`. */
  view(deps: Set<string>): RepositoryView {
    const repo = this;
    const { sources, models } = this.env;
    const read = (p: string, kind: SourceKind): Source => {
      deps.add(p);
      return sources.get(p, kind);
    };
    const usable = (s: Source): boolean => s.exists && (!s.issue || s.issue.usable);
    return {
      root: this.root,
      kepsDir: this.kepsDir,
      get layout() {
        return repo.layout;
      },
      get registry() {
        deps.add(repo.configPath);
        return repo.registry;
      },
      upcomingMinor() {
        deps.add(repo.configPath);
        const configured = repo.env.overrides.upcomingMinor ?? repo.config.upcomingMinor;
        if (configured !== undefined) return configured;
        deps.add('#upcoming');
        return repo.defaultUpcomingMinor();
      },
      source: read,
      markdown(p) {
        const s = read(p, 'markdown');
        if (!usable(s)) return undefined;
        // A file too deep to parse is reported as such; other rules must not read it as empty.
        const doc = models.markdownDoc(s);
        return doc.structure.tooDeep === undefined ? doc : undefined;
      },
      yaml(p) {
        const s = read(p, 'yaml');
        return usable(s) ? models.yaml(s) : undefined;
      },
      owners(p) {
        const s = read(p, 'yaml');
        return usable(s) ? models.ownersFile(s) : undefined;
      },
      ownersAliases() {
        const p = path.join(repo.root, 'OWNERS_ALIASES');
        const s = read(p, 'yaml');
        return usable(s) ? { path: p, aliases: models.ownersAliases(s) } : undefined;
      },
      kepsByNumber(n) {
        deps.add(`#number:${n}`);
        return repo.kepsByNumberIndex().get(n) ?? [];
      },
      kepAt(dir) {
        deps.add(`#dir:${dir}`);
        const loc = repo.layout.keps.find((l) => l.dir === dir);
        return loc ? repo.kep(loc) : undefined;
      },
      template() {
        deps.add(path.join(repo.kepsDir, TEMPLATE_DIR, 'README.md'));
        return repo.template();
      },
    };
  }

  checkUnit(unit: CheckUnit): UnitResult {
    // Severities come from the configuration, so every check depends on it.
    const deps = new Set<string>([this.configPath]);
    const problems: Problem[] = [];
    const view = this.view(deps);
    const report = this.reporter(problems, deps);
    // A bug must not take the whole check (or the language server) down: it is reported on the
    // file being read, and the other rules (and units) still run.
    const guard = (file: string, what: string, fn: () => void): void => {
      try {
        fn();
      } catch (err) {
        report('engine/internal-error', { path: file, range: FILE_START, message: `Internal error in ${what}: ${(err as Error).stack ?? String(err)}` });
      }
    };
    const run = (m: RuleModule, file: string, fn: () => void): void => guard(file, `the rules ${m.rules.map((r) => r.id).join(', ')}`, fn);
    const main = unit.kind === 'repository' ? this.configPath : unit.kind === 'kep' ? unit.location.kepYamlPath : unit.path;
    guard(main, 'reading the files', () => {
      if (unit.kind === 'repository') {
        deps.add(this.configPath);
        for (const p of this.loadConfig().problems) report('config/invalid', { path: this.configPath, range: p.range, message: p.message, ...(p.fixes ? { fixes: p.fixes } : {}) });
        deps.add(this.kindsKey);
        for (const p of this.loadKinds().problems) report(p.ruleId, { path: this.configPath, range: p.range, message: p.message });
        for (const p of this.budgetProblems()) report('config/invalid', { path: this.configPath, range: p.range, message: p.message });
        void this.registry;
        if (this.registryProblem) report('config/invalid', { path: this.configPath, range: FILE_START, message: this.registryProblem });
        // OWNERS_ALIASES is the KEP rules' business: a repository of other proposals may have its own.
        const aliases = path.join(this.root, 'OWNERS_ALIASES');
        const aliasSource = isRepositoryRoot(this.env.sources.fs, this.root) ? view.source(aliases, 'yaml') : undefined;
        if (aliasSource?.issue) report(aliasSource.issue.ruleId, { path: aliases, range: FILE_START, message: `OWNERS_ALIASES: ${aliasSource.issue.message}` });
        else if (aliasSource?.exists) {
          for (const e of this.env.models.ownersAliases(aliasSource).errors) report(e.kind === 'duplicate-key' ? 'kep/duplicate-key' : 'kep/yaml-syntax', { path: aliases, range: e.range, message: `OWNERS_ALIASES: ${e.message}` });
        }
        for (const u of this.layout.unreadable) {
          report('file/unreadable', { path: u.path, range: FILE_START, message: `Folder cannot be read (${u.error}); the files in it were not checked.` });
        }
      } else if (unit.kind === 'kep') {
        const kep = this.kep(unit.location);
        deps.add(kep.path);
        if (this.usable(kep.source, report) && kep.yaml) {
          for (const m of this.env.modules) if (m.checkKep) run(m, kep.path, () => m.checkKep!({ kep, repo: view, report }));
        }
      } else if (unit.kind === 'proposal') {
        const source = view.source(unit.path, 'markdown');
        const format = formatOf(unit.path);
        if (format && this.usable(source, report)) {
          const doc = this.env.models.proposalDoc(source, format);
          deps.add(this.kindsKey);
          for (let recognition = this.recognise(source, doc); recognition; recognition = this.recognise(source, doc)) {
            const before = problems.length;
            for (const m of this.env.modules) if (m.checkProposal) run(m, unit.path, () => m.checkProposal!({ doc, recognition, repo: view, report }));
            if (recognition.kind.budget?.exceeded === undefined) break;
            // The kind ran out of budget and is dropped: what it found is not reported, and the document is checked without it.
            problems.length = before;
          }
        }
      } else {
        const source = view.source(unit.path, 'markdown');
        if (this.usable(source, report)) {
          const doc = this.env.models.markdownDoc(source);
          const readmeWithoutKep = this.layout.readmesWithoutKep.has(unit.path);
          for (const m of this.env.modules) {
            if (m.checkMarkdown) run(m, unit.path, () => m.checkMarkdown!({ doc, repo: view, report, readmeWithoutKep }));
          }
        }
      }
    });
    return { problems, dependencies: deps };
  }

  /** Reports why a source cannot be (fully) read; true when its text can be checked. */
  private usable(source: Source, report: (id: string, f: Finding) => void): boolean {
    if (source.issue) report(source.issue.ruleId, { path: source.path, range: FILE_START, message: source.issue.message });
    return source.exists && (!source.issue || source.issue.usable);
  }

  /**
   * A message with the files in the repository named relative to its root (as upstream's tools
   * name them): rules and the system's errors name them by absolute path, which says more about
   * the machine than the problem.
   */
  private relativePaths(message: string): string {
    const isFileSystemRoot = path.dirname(this.root) === this.root;
    return isFileSystemRoot ? message : message.split(this.root + path.sep).join('');
  }

  severity(ruleId: string): Severity | undefined {
    const setting = this.env.overrides.rules?.[ruleId] ?? this.config.rules[ruleId] ?? this.env.rules.get(ruleId)?.severity;
    return setting === 'off' || setting === undefined ? undefined : (setting as Severity);
  }

  private reporter(into: Problem[], deps: Set<string>): (ruleId: string, f: Finding) => void {
    return (ruleId, f) => {
      if (!this.env.rules.has(ruleId)) throw new Error(`rule ${ruleId} is reported but not declared`);
      const severity = this.severity(ruleId);
      if (!severity) return;
      deps.add(f.path);
      const source = this.env.sources.get(f.path, sourceKindOf(f.path));
      if (this.env.models.suppressionsOf(source).isSuppressed(ruleId, f.range.start.line)) return;
      const message = (text: string): string => capMessage(this.relativePaths(text));
      const related = f.related?.map((r) => ({ ...r, message: message(r.message) }));
      into.push({ path: f.path, range: f.range, ruleId, severity, message: message(f.message), ...(f.fixes ? { fixes: f.fixes } : {}), ...(related ? { related } : {}) });
    };
  }
}

/**
 * What an untrusted workspace's configuration defines and is not used, said once: on `kinds:`,
 * else `associations:`, else `sigs:`; undefined when it defines none of them.
 */
function untrustedNotice(config: Config, name: string): { pointer: string; message: string } | undefined {
  const kinds = config.kinds.map((k) => `"${k.definition.id}"`);
  const unused = [
    ...(kinds.length ? [{ pointer: '/kinds', what: `the ${kinds.length === 1 ? 'kind' : 'kinds'} ${kinds.join(', ')}` }] : []),
    ...(config.associations.length ? [{ pointer: '/associations', what: 'the associations' }] : []),
    ...(config.sigs ? [{ pointer: '/sigs', what: 'the sigs path (it uses the embedded SIG registry)' }] : []),
  ];
  if (!unused.length) return undefined;
  const list = unused.length === 1 ? unused[0]!.what : `${unused.slice(0, -1).map((u) => u.what).join(', ')} and ${unused.at(-1)!.what}`;
  const one = unused.length === 1 && (kinds.length === 1 || (!kinds.length && !config.associations.length));
  return { pointer: unused[0]!.pointer, message: `While this workspace is not trusted (Restricted Mode), KEP Studio does not use ${list} of ${name}. Trust the workspace to use ${one ? 'it' : 'them'}.` };
}

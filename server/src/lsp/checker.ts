import * as path from 'node:path';
import { dedupe, type Problem } from '../core/problem.js';
import type { Engine } from '../engine.js';
import { formatOf } from '../kinds/recognise.js';
import type { ScopedUnit } from '../workspace/discovery.js';
import { unitKey, type CheckUnit, type Repository } from '../workspace/repository.js';

interface Tracked {
  repo: Repository;
  unit: CheckUnit;
  /** Undefined until checked (or after a change made it stale). */
  problems?: Problem[];
  deps: Set<string>;
  /** The files its last check reported on. */
  files: Set<string>;
}

/** What the checker tells the server. */
export interface CheckerHost {
  publish(file: string, problems: Problem[]): void;
  /** A rule failed (a bug): the problem is shown; this logs it. */
  ruleFailed(problem: Problem): void;
}

/**
 * Keeps the problems of open documents up to date. It checks only the units that can report on
 * open documents, remembers what each check read (files and index keys), and after a change
 * re-checks exactly the units that read what changed. With workspace problems on, it also keeps
 * every unit of the workspace checked (as the CLI finds them) and publishes every file's problems.
 *
 * Checking never holds up the editor: it starts only after a turn of the event loop in which the
 * server handled no message (so a burst of edits is checked once, on its last text, and a
 * request that came with it is answered first), and it checks one unit per turn, so a request
 * arriving meanwhile waits for one unit at most. A file's problems are published once every
 * unit that reports on it has been checked on the current texts: never for a superseded version.
 */
export class Checker {
  /** Open documents and the units that can report on each. */
  private readonly open = new Map<string, string[]>();
  private readonly units = new Map<string, Tracked>();
  /** Dependency (file path or index key) → keys of the units that read it. */
  private readonly readers = new Map<string, Set<string>>();
  /** Open documents whose units must be worked out again. */
  private readonly dirtyFiles = new Set<string>();
  /** Open documents whose problems may have changed since they were last published. */
  private readonly unpublished = new Set<string>();
  private scheduled = false;
  /** Checking has started and not yet published everything. */
  private inRound = false;
  /** Messages handled (or input received) so far, and the count when the next step was scheduled. */
  private activity = 0;
  private activitySeen = 0;
  /** Workspace problems: how to find the workspace's units, the keys found, and whether to look again. */
  private workspace: { discover: () => ScopedUnit[]; keys: Set<string>; stale: boolean } | undefined;
  /** With workspace problems: file → keys of the units whose last check reported on it. */
  private readonly reporters = new Map<string, Set<string>>();

  constructor(
    private readonly engine: Engine,
    private readonly host: CheckerHost,
  ) {}

  /** The server handled a message or received input: checking waits for a quiet turn. */
  noteActivity(): void {
    this.activity++;
  }

  opened(file: string): void {
    this.open.set(file, []);
    this.dirtyFiles.add(file);
    this.schedule();
  }

  closed(file: string): void {
    this.open.delete(file);
    this.dirtyFiles.delete(file);
    if (this.workspace) {
      // With workspace problems, a closed file keeps those of its text on disk.
      this.unpublished.add(file);
      this.schedule();
    } else {
      this.unpublished.delete(file);
      this.host.publish(file, []);
    }
    this.forgetUnused();
  }

  /**
   * Workspace problems on (`discover` finds the units, and is asked again after files are created,
   * deleted or become proposals) or off (undefined: what only they published is cleared).
   */
  setWorkspace(discover: (() => ScopedUnit[]) | undefined): void {
    if (!discover && this.workspace) {
      for (const file of this.reporters.keys()) this.unpublished.add(file);
      this.reporters.clear();
    }
    // Units checked before index the files they report on only once checked again.
    if (discover && !this.workspace) for (const t of this.units.values()) t.problems = undefined;
    this.workspace = discover && { discover, keys: this.workspace?.keys ?? new Set(), stale: true };
    if (!discover) this.forgetUnused();
    this.schedule();
  }

  /** `file` changed (an open document was edited, or a file changed on disk). */
  changed(file: string): void {
    const repo = this.engine.repositoryFor(file);
    const keys = path.basename(file) === 'kep.yaml' ? repo.indexKeys(file) : [];
    repo.invalidateFile(file);
    if (keys.length) keys.push(...repo.indexKeys(file));
    // The configuration decides which documents are proposals of which kind.
    if (file === repo.configPath) for (const f of this.open.keys()) this.dirtyFiles.add(f);
    if (this.workspace && (file === repo.configPath || formatOf(file))) this.workspace.stale = true;
    this.invalidate([file, ...keys]);
  }

  /** Files were created or deleted: the repository's layout changed, so every unit is stale. */
  layoutChanged(file: string): void {
    const repo = this.engine.repositoryFor(file);
    repo.invalidateLayout();
    repo.invalidateFile(file);
    if (!this.open.has(file)) this.host.publish(file, []);
    if (this.workspace) this.workspace.stale = true;
    for (const f of this.open.keys()) this.dirtyFiles.add(f);
    for (const t of this.units.values()) t.problems = undefined;
    this.schedule();
  }

  /** Settings changed: every problem may change severity. */
  recheckAll(): void {
    for (const t of this.units.values()) t.problems = undefined;
    for (const f of this.open.keys()) this.dirtyFiles.add(f);
    this.schedule();
  }

  /** Problems of a file from the units that report on it, each once as in the CLI. */
  private problemsOf(file: string): Problem[] {
    const keys = new Set([...(this.open.get(file) ?? []), ...(this.reporters.get(file) ?? [])]);
    return dedupe([...keys].flatMap((k) => this.units.get(k)?.problems ?? []).filter((p) => p.path === file));
  }

  /** How much the checker holds, for the `kepStudio/debug/caches` request. */
  sizes(): { checkedDocuments: number; units: number; dependencies: number } {
    return { checkedDocuments: this.open.size, units: this.units.size, dependencies: this.readers.size };
  }

  /** Does one piece of work (works out one document's units, or checks one unit) or publishes; true while work remains. */
  /**
   * Problems of an open document on its current text, checking its stale units now (a fix-all
   * must never be computed from a superseded version; one document's units cost little).
   */
  currentProblemsOf(file: string): Problem[] {
    this.startRound();
    if (this.dirtyFiles.has(file)) this.workOut(file);
    for (const key of this.open.get(file) ?? []) {
      const t = this.units.get(key);
      if (t && !t.problems) this.checkTracked(key, t);
    }
    this.schedule();
    return this.problemsOf(file);
  }

  /** Does one piece of work (works out one document's units, or checks one unit) or publishes; true while work remains. */
  private step(): boolean {
    this.startRound();
    if (this.workspace?.stale) {
      this.workspace.stale = false;
      this.workspace.keys = new Set(this.workspace.discover().map(({ repo, unit }) => this.track(repo, unit)));
      this.forgetUnused();
      return true;
    }
    const [file] = this.dirtyFiles;
    if (file !== undefined) {
      this.workOut(file);
      return true;
    }
    for (const [key, t] of this.units) {
      if (t.problems) continue;
      this.checkTracked(key, t);
      return true;
    }
    for (const f of this.unpublished) this.host.publish(f, this.problemsOf(f));
    this.unpublished.clear();
    this.inRound = false;
    // A check that dropped a kind (its patterns exceeded their budget) made the others that used the kind stale.
    const changed = this.engine.takeChangedKeys();
    if (changed.length) this.invalidate(changed);
    return false;
  }

  private startRound(): void {
    if (this.inRound) return;
    // A round of checks starts: the run allowance of the repositories' pattern budgets starts again.
    this.inRound = true;
    this.engine.startRun();
  }

  /** Works out which units report on an open document. */
  private workOut(file: string): void {
    this.dirtyFiles.delete(file);
    if (!this.open.has(file)) return;
    const repo = this.engine.repositoryFor(file);
    this.open.set(file, repo.unitsFor(file).map((u) => this.track(repo, u)));
    this.unpublished.add(file);
    this.forgetUnused();
  }

  private checkTracked(key: string, t: Tracked): void {
    const result = t.repo.checkUnit(t.unit);
    this.setDeps(key, t, result.dependencies);
    t.problems = result.problems;
    this.setFiles(key, t, new Set(result.problems.map((p) => p.path)));
    for (const p of result.problems) if (p.ruleId === 'engine/internal-error') this.host.ruleFailed(p);
    for (const [f, keys] of this.open) if (keys.includes(key)) this.unpublished.add(f);
  }

  private invalidate(deps: string[]): void {
    for (const d of deps) {
      for (const key of this.readers.get(d) ?? []) {
        const t = this.units.get(key);
        if (t) t.problems = undefined;
      }
      if (this.open.has(d)) this.dirtyFiles.add(d);
    }
    this.schedule();
  }

  private track(repo: Repository, unit: CheckUnit): string {
    const key = `${repo.root}\0${unitKey(unit)}`;
    const t = this.units.get(key);
    // The unit may have been rediscovered (layout change): keep the newest description.
    if (t) t.unit = unit;
    else this.units.set(key, { repo, unit, deps: new Set(), files: new Set() });
    return key;
  }

  private setDeps(key: string, t: Tracked, deps: Set<string>): void {
    for (const d of t.deps) {
      const set = this.readers.get(d);
      set?.delete(key);
      // Edits create new index keys (`#number:1`, `#number:12`…): drop those nobody reads.
      if (set?.size === 0) this.readers.delete(d);
    }
    t.deps = deps;
    for (const d of deps) {
      let set = this.readers.get(d);
      if (!set) this.readers.set(d, (set = new Set()));
      set.add(key);
    }
  }

  /** With workspace problems: the files a unit reports on, indexed, and those that changed marked for publication. */
  private setFiles(key: string, t: Tracked, files: Set<string>): void {
    if (this.workspace) {
      for (const f of t.files) {
        this.reporters.get(f)?.delete(key);
        this.unpublished.add(f);
      }
      for (const f of files) {
        let set = this.reporters.get(f);
        if (!set) this.reporters.set(f, (set = new Set()));
        set.add(key);
        this.unpublished.add(f);
      }
    }
    t.files = files;
  }

  /** Drops units no open document (nor the workspace problems) needs any more. */
  private forgetUnused(): void {
    const needed = new Set([...this.open.values()].flat());
    for (const key of this.workspace?.keys ?? []) needed.add(key);
    for (const [key, t] of this.units) {
      if (needed.has(key)) continue;
      this.setDeps(key, t, new Set());
      this.setFiles(key, t, new Set());
      this.units.delete(key);
    }
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.activitySeen = this.activity;
    setImmediate(() => {
      this.scheduled = false;
      // Messages came in since: let the rest of them in first (a newer edit makes this work stale).
      if (this.activity !== this.activitySeen || this.step()) this.schedule();
    });
  }
}

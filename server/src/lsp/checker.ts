import * as path from 'node:path';
import type { Problem } from '../core/problem.js';
import type { Engine } from '../engine.js';
import { unitKey, type CheckUnit, type Repository } from '../workspace/repository.js';

interface Tracked {
  repo: Repository;
  unit: CheckUnit;
  /** Undefined until checked (or after a change made it stale). */
  problems?: Problem[];
  deps: Set<string>;
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
 * re-checks exactly the units that read what changed.
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
    this.unpublished.delete(file);
    this.host.publish(file, []);
    this.forgetUnused();
  }

  /** `file` changed (an open document was edited, or a file changed on disk). */
  changed(file: string): void {
    const repo = this.engine.repositoryFor(file);
    const keys = path.basename(file) === 'kep.yaml' ? repo.indexKeys(file) : [];
    repo.invalidateFile(file);
    if (keys.length) keys.push(...repo.indexKeys(file));
    // The configuration decides which documents are proposals of which kind.
    if (file === repo.configPath) for (const f of this.open.keys()) this.dirtyFiles.add(f);
    this.invalidate([file, ...keys]);
  }

  /** Files were created or deleted: the repository's layout changed, so every unit is stale. */
  layoutChanged(file: string): void {
    const repo = this.engine.repositoryFor(file);
    repo.invalidateLayout();
    repo.invalidateFile(file);
    if (!this.open.has(file)) this.host.publish(file, []);
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

  /** Problems of a file from the units that report on it (for code actions). */
  problemsOf(file: string): Problem[] {
    return (this.open.get(file) ?? []).flatMap((k) => this.units.get(k)?.problems ?? []).filter((p) => p.path === file);
  }

  /** How much the checker holds, for the `kepStudio/debug/caches` request. */
  sizes(): { checkedDocuments: number; units: number; dependencies: number } {
    return { checkedDocuments: this.open.size, units: this.units.size, dependencies: this.readers.size };
  }

  /** Does one piece of work (works out one document's units, or checks one unit) or publishes; true while work remains. */
  private step(): boolean {
    if (!this.inRound) {
      // A round of checks starts: the run allowance of the repositories' pattern budgets starts again.
      this.inRound = true;
      this.engine.startRun();
    }
    const [file] = this.dirtyFiles;
    if (file !== undefined) {
      this.dirtyFiles.delete(file);
      if (this.open.has(file)) {
        const repo = this.engine.repositoryFor(file);
        this.open.set(file, repo.unitsFor(file).map((u) => this.track(repo, u)));
        this.unpublished.add(file);
        this.forgetUnused();
      }
      return true;
    }
    for (const [key, t] of this.units) {
      if (t.problems) continue;
      const result = t.repo.checkUnit(t.unit);
      this.setDeps(key, t, result.dependencies);
      t.problems = result.problems;
      for (const p of result.problems) if (p.ruleId === 'engine/internal-error') this.host.ruleFailed(p);
      for (const [f, keys] of this.open) if (keys.includes(key)) this.unpublished.add(f);
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
    else this.units.set(key, { repo, unit, deps: new Set() });
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

  /** Drops units no open document needs any more. */
  private forgetUnused(): void {
    const needed = new Set([...this.open.values()].flat());
    for (const [key, t] of this.units) {
      if (needed.has(key)) continue;
      this.setDeps(key, t, new Set());
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

import * as path from 'node:path';
import type { RuleMeta } from './core/problem.js';
import { RULE_MODULES } from './rules/index.js';
import { nodeFileSystem, type FileSystemHost } from './workspace/fileSystem.js';
import { CONFIG_FILE } from './config/config.js';
import { isRepositoryRoot } from './workspace/layout.js';
import { ModelCache } from './workspace/models.js';
import { Repository, type EngineEnv, type Overrides } from './workspace/repository.js';
import { DEFAULT_LIMITS, SourceStore, type SourceLimits } from './workspace/source.js';

export interface EngineOptions extends Overrides {
  fs?: FileSystemHost;
  limits?: SourceLimits;
}

/** Every rule the engine can report, by id. */
export const RULES: ReadonlyMap<string, RuleMeta> = new Map(RULE_MODULES.flatMap((m) => m.rules.map((r) => [r.id, r] as const)));

/** The validation engine shared by the CLI and the language server. */
export class Engine {
  readonly sources: SourceStore;
  readonly models = new ModelCache();
  private readonly repositories = new Map<string, Repository>();
  private readonly env: EngineEnv;

  constructor(options: EngineOptions = {}) {
    this.sources = new SourceStore(options.fs ?? nodeFileSystem, options.limits ?? DEFAULT_LIMITS, (file) => this.repositoryFor(file).root);
    const { fs: _fs, limits: _limits, ...overrides } = options;
    this.env = { sources: this.sources, models: this.models, modules: RULE_MODULES, rules: RULES, overrides };
  }

  /** Replaces the settings that take precedence over repositories' configuration files. */
  setOverrides(overrides: Overrides): void {
    this.env.overrides = overrides;
    for (const r of this.repositories.values()) r.invalidateSettings();
  }

  /**
   * The repository a file or folder belongs to: the nearest folder at or above it (a folder
   * counts itself) that holds keps/, a .kep-studio.yaml or .git. A file in none is a loose
   * proposal; its "repository" is the file system root, so the path globs of kinds see its whole path.
   */
  repositoryFor(target: string): Repository {
    const fs = this.sources.fs;
    const resolved = path.resolve(target);
    const start = fs.stat(resolved)?.isDirectory ? resolved : path.dirname(resolved);
    for (let dir = start; ; dir = path.dirname(dir)) {
      if (isRepositoryRoot(fs, dir) || fs.stat(path.join(dir, CONFIG_FILE))?.isFile === true || fs.stat(path.join(dir, '.git')) !== undefined) return this.repository(dir);
      if (path.dirname(dir) === dir) return this.repository(dir);
    }
  }

  /** The nearest folder at or above `file` that holds `keps/`. */
  private findRoot(file: string): string | undefined {
    for (let dir = path.resolve(file); ; dir = path.dirname(dir)) {
      if (isRepositoryRoot(this.sources.fs, dir)) return dir;
      if (path.dirname(dir) === dir) return undefined;
    }
  }

  /** The repository holding `target`, else the repositories below it (a folder of checkouts). */
  findRepositories(target: string): string[] {
    const up = this.findRoot(target);
    if (up) return [up];
    const found: string[] = [];
    const fs = this.sources.fs;
    const visit = (dir: string, depth: number): void => {
      if (isRepositoryRoot(fs, dir)) {
        found.push(dir);
        return;
      }
      if (depth === 0) return;
      const entries = fs.readDir(dir);
      if (!Array.isArray(entries)) return;
      for (const e of entries) {
        if (e.isDirectory && !e.name.startsWith('.') && e.name !== 'node_modules') visit(path.join(dir, e.name), depth - 1);
      }
    };
    if (fs.stat(target)?.isDirectory) visit(path.resolve(target), 3);
    return found.sort();
  }

  /** What the engine keeps between checks (see the `kepStudio/debug/caches` request). */
  cacheSizes(): Record<string, number> {
    return { repositories: this.repositories.size, ...this.sources.sizes(), ...this.models.sizes() };
  }

  /** A round of checks starts (the language server's): the run allowance of the repositories' pattern budgets starts again. */
  startRun(): void {
    for (const r of this.repositories.values()) r.startRun();
  }

  /** Index keys whose facts checks changed since the last call (see Repository.takeChangedKeys). */
  takeChangedKeys(): string[] {
    return [...this.repositories.values()].flatMap((r) => r.takeChangedKeys());
  }

  repository(root: string): Repository {
    let r = this.repositories.get(root);
    if (!r) {
      r = new Repository(root, this.env);
      this.repositories.set(root, r);
    }
    return r;
  }
}

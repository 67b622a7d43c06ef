import * as path from 'node:path';
import type { RuleMeta } from './core/problem.js';
import type { SigRegistry } from './registry/sigRegistry.js';
import { RULE_MODULES } from './rules/index.js';
import { nodeFileSystem, type FileSystemHost } from './workspace/fileSystem.js';
import { isRepositoryRoot } from './workspace/layout.js';
import { ModelCache } from './workspace/models.js';
import { Repository, type EngineEnv } from './workspace/repository.js';
import { DEFAULT_LIMITS, SourceStore, type SourceLimits } from './workspace/source.js';

export interface EngineOptions {
  fs?: FileSystemHost;
  limits?: SourceLimits;
  configOverride?: { text: string; path: string };
  registryOverride?: SigRegistry;
  ruleOverrides?: Record<string, string>;
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
    this.sources = new SourceStore(options.fs ?? nodeFileSystem, options.limits ?? DEFAULT_LIMITS);
    this.env = {
      sources: this.sources,
      models: this.models,
      modules: RULE_MODULES,
      rules: RULES,
      ...(options.configOverride ? { configOverride: options.configOverride } : {}),
      ...(options.registryOverride ? { registryOverride: options.registryOverride } : {}),
      ...(options.ruleOverrides ? { ruleOverrides: options.ruleOverrides } : {}),
    };
  }

  /** The nearest folder at or above `file` that holds `keps/`. */
  findRoot(file: string): string | undefined {
    for (let dir = path.resolve(file); ; dir = path.dirname(dir)) {
      if (isRepositoryRoot(this.sources.fs, dir)) return dir;
      if (path.dirname(dir) === dir) return undefined;
    }
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

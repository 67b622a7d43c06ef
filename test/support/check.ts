import * as path from 'node:path';
import type { Problem } from '../../server/src/core/problem.js';
import { Engine, type EngineOptions } from '../../server/src/engine.js';

/** Checks every unit of the repository at `root` in-process, as the CLI does. */
export function checkRepository(root: string, options: EngineOptions = {}): Problem[] {
  const engine = new Engine(options);
  const repo = engine.repository(root);
  return repo.units().flatMap((u) => repo.checkUnit(u).problems);
}

/** Checks one file as the language server does for an open document: every unit that reports on it. */
export function checkFile(file: string, options: EngineOptions = {}): Problem[] {
  const engine = new Engine(options);
  const repo = engine.repositoryFor(file);
  return repo.unitsFor(file).flatMap((u) => repo.checkUnit(u).problems).filter((p) => p.path === file);
}

/** Problems of one rule (and optionally one file, relative to `root`). */
export function withRule(problems: Problem[], ruleId: string, root?: string, rel?: string): Problem[] {
  return problems.filter((p) => p.ruleId === ruleId && (!rel || !root || p.path === path.join(root, rel)));
}

/** A compact, readable form for assertion messages. */
export function describe(problems: Problem[], root = ''): string {
  return problems.map((p) => `${path.relative(root, p.path)}:${p.range.start.line + 1}:${p.range.start.character + 1} ${p.severity} ${p.ruleId} ${p.message}`).join('\n');
}

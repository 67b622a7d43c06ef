import * as path from 'node:path';
import type { Engine } from '../engine.js';
import { prrPath } from '../kep/prr.js';
import { formatOf } from '../kinds/recognise.js';
import { isRepositoryRoot, KEPS_DIR } from './layout.js';
import type { CheckUnit, Repository } from './repository.js';

/** A unit to check, with its repository. */
export interface ScopedUnit {
  repo: Repository;
  unit: CheckUnit;
}

export interface Scope {
  units: ScopedUnit[];
  /** The existing files the units check (what "N files checked" counts). */
  files: Set<string>;
  /** Targets with no KEP repository, proposal or configuration file at, above or below them. */
  unknown: string[];
}

/**
 * What `kep-studio check <targets>` checks, and the editor's workspace problems: the KEP
 * repositories at, above or below each target (their units within the target), the proposals of
 * other kinds among the targets' files, and the configuration of each target's repository. With
 * `changed` (absolute paths), only the units one of those files belongs to; their cross-file
 * checks still read the whole repository.
 */
export function discover(engine: Engine, targets: readonly string[], changed?: ReadonlySet<string>): Scope {
  const host = engine.sources.fs;
  const roots = new Map<string, string[]>();
  const proposals = new Map<Repository, string[]>();
  const configured = new Set<Repository>();
  const unknown: string[] = [];
  for (const t of targets) {
    const found = engine.findRepositories(t);
    for (const r of found) roots.set(r, [...(roots.get(r) ?? []), found.length > 1 || !t.startsWith(r) ? r : t]);
    let recognised = 0;
    for (const file of proseFiles(engine, t, changed)) {
      const repo = engine.repositoryFor(file);
      if (!repo.isProposal(file)) continue;
      proposals.set(repo, [...(proposals.get(repo) ?? []), file]);
      recognised++;
    }
    const repo = engine.repositoryFor(t);
    if (host.stat(repo.configPath)) configured.add(repo);
    else if (!found.length && !recognised && !changed) unknown.push(t);
  }
  for (const r of configured) if (!roots.has(r.root) && !proposals.has(r)) proposals.set(r, []);

  const touched = changed && touchedDirs(changed);
  const isChanged = (repo: Repository, u: CheckUnit): boolean => !changed || touches(repo, u, changed, touched!);
  const units: ScopedUnit[] = [];
  const files = new Set<string>();
  // Proposals before the repositories' own units: a kind dropped while they are checked (its
  // patterns exceeded their budget) is then reported on the configuration.
  for (const [repo, paths] of proposals) {
    for (const file of paths) {
      // Overlapping paths name a file twice: check it once.
      if (files.has(file)) continue;
      files.add(file);
      units.push({ repo, unit: { kind: 'proposal', path: file } });
    }
  }
  for (const [root, scopes] of roots) {
    const repo = engine.repository(root);
    for (const unit of repo.units()) {
      if (!inScope(repo, unit, scopes) || !isChanged(repo, unit)) continue;
      units.push({ repo, unit });
      for (const f of unitFiles(repo, unit)) if (host.stat(f)) files.add(f);
    }
  }
  for (const repo of proposals.keys()) {
    // The repository's own unit reports problems in its configuration (and the kinds it defines).
    const own: CheckUnit = { kind: 'repository' };
    if (!roots.has(repo.root) && host.stat(repo.configPath) && isChanged(repo, own)) units.push({ repo, unit: own });
  }
  return { units, files, unknown };
}

const within = (file: string, scope: string): boolean => file === scope || file.startsWith(scope + path.sep);

/**
 * Markdown and reStructuredText files at or below `target` (among `changed`, when given), outside
 * the keps/ folders of KEP repositories (the KEP rules check those) and outside hidden folders
 * and node_modules.
 */
function proseFiles(engine: Engine, target: string, changed: ReadonlySet<string> | undefined): string[] {
  const host = engine.sources.fs;
  const skipped = (dir: string, name: string): boolean => name.startsWith('.') || name === 'node_modules' || (name === KEPS_DIR && isRepositoryRoot(host, dir));
  if (host.stat(target)?.isFile) return formatOf(target) && (!changed || changed.has(target)) ? [target] : [];
  if (changed) {
    return [...changed]
      .filter((f) => formatOf(f) && within(f, target) && host.stat(f)?.isFile)
      .filter((f) => {
        // The folders the walk below would have entered on the way to the file.
        let dir = target;
        for (const name of path.relative(target, path.dirname(f)).split(path.sep).filter(Boolean)) {
          if (skipped(dir, name)) return false;
          dir = path.join(dir, name);
        }
        return true;
      })
      .sort();
  }
  const out: string[] = [];
  const visit = (dir: string): void => {
    const entries = host.readDir(dir);
    if (!Array.isArray(entries)) return;
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory) {
        if (!skipped(dir, e.name)) visit(full);
      } else if (e.isFile && formatOf(e.name)) out.push(full);
    }
  };
  visit(target);
  return out.sort();
}

function unitFiles(repo: Repository, u: CheckUnit): string[] {
  if (u.kind === 'repository') return [];
  if (u.kind === 'markdown' || u.kind === 'proposal') return [u.path];
  const prr = prrPath(repo, repo.kep(u.location));
  return prr ? [u.location.kepYamlPath, prr] : [u.location.kepYamlPath];
}

function inScope(repo: Repository, u: CheckUnit, scopes: string[]): boolean {
  if (u.kind === 'repository') return true;
  const files = u.kind === 'kep' ? [u.location.dir, ...unitFiles(repo, u)] : unitFiles(repo, u);
  return scopes.some((s) => files.some((f) => within(f, s)) || (u.kind === 'kep' && within(s, u.location.dir)));
}

/** Every folder holding a changed file, at any depth. */
function touchedDirs(changed: ReadonlySet<string>): Set<string> {
  const dirs = new Set<string>();
  for (const f of changed) for (let d = path.dirname(f); !dirs.has(d) && path.dirname(d) !== d; d = path.dirname(d)) dirs.add(d);
  return dirs;
}

/** Whether a changed file is one of the unit's: in a KEP's folder or its PRR file; the configuration or OWNERS_ALIASES for the repository. */
function touches(repo: Repository, u: CheckUnit, changed: ReadonlySet<string>, dirs: ReadonlySet<string>): boolean {
  if (u.kind === 'repository') return changed.has(repo.configPath) || changed.has(path.join(repo.root, 'OWNERS_ALIASES'));
  if (u.kind === 'kep') return dirs.has(u.location.dir) || unitFiles(repo, u).some((f) => changed.has(f));
  return changed.has(u.path);
}

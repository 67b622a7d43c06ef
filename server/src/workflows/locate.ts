import * as path from 'node:path';
import type { Engine } from '../engine.js';
import type { Kep } from '../kep/kep.js';
import type { Repository } from '../workspace/repository.js';

/** The KEP a file belongs to: its kep.yaml, README or another file in its folder, or its PRR file. */
export function locateKep(engine: Engine, file: string): { repo: Repository; kep: Kep } | undefined {
  const repo = engine.repositoryFor(file);
  const loc = repo.layout.keps.filter((l) => file === l.dir || file.startsWith(l.dir + path.sep)).sort((a, b) => b.dir.length - a.dir.length)[0];
  if (loc) return { repo, kep: repo.kep(loc) };
  const prr = repo.unitsFor(file).find((u) => u.kind === 'kep');
  return prr?.kind === 'kep' ? { repo, kep: repo.kep(prr.location) } : undefined;
}

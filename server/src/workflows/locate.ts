import * as path from 'node:path';
import type { Engine } from '../engine.js';
import type { Kep } from '../kep/kep.js';
import { KEP_FILE } from '../workspace/layout.js';
import type { Repository } from '../workspace/repository.js';

/** The KEP a file belongs to: its kep.yaml, README or another file in its folder, or its PRR file. */
export function locateKep(engine: Engine, file: string): { repo: Repository; kep: Kep } | undefined {
  const repo = engine.repositoryFor(file);
  const find = (): { repo: Repository; kep: Kep } | undefined => {
    const loc = repo.layout.keps.filter((l) => file === l.dir || file.startsWith(l.dir + path.sep)).sort((a, b) => b.dir.length - a.dir.length)[0];
    if (loc) return { repo, kep: repo.kep(loc) };
    const prr = repo.unitsFor(file).find((u) => u.kind === 'kep');
    return prr?.kind === 'kep' ? { repo, kep: repo.kep(prr.location) } : undefined;
  };
  const found = find();
  if (found || !file.startsWith(repo.kepsDir + path.sep)) return found;
  // A KEP created a moment ago (New KEP) may be on disk before the file watcher says so.
  if (!engine.sources.fs.stat(path.join(path.dirname(file), KEP_FILE))?.isFile) return undefined;
  repo.invalidateLayout();
  return find();
}

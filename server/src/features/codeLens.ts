import type { Range } from '../core/problem.js';
import type { Engine } from '../engine.js';
import { kepReadiness } from '../workflows/checklistView.js';
import { locateKep } from '../workflows/locate.js';
import { releaseInProgress } from '../workflows/stages.js';

/** A line above kep.yaml's first key: the KEP's readiness, which opens its checklist. */
interface ReadinessLens {
  range: Range;
  title: string;
}

/**
 * The code lens of a kep.yaml: its readiness for the release in progress, as its checklist
 * counts it ("Ready for beta in v1.38", "3 items open for beta in v1.38"); for a KEP that does
 * not target that release, that it does not and what its own checklist says.
 */
export function readinessLens(engine: Engine, file: string): ReadinessLens | undefined {
  const found = locateKep(engine, file);
  if (!found || found.kep.path !== file || found.kep.isTemplate || !found.kep.view) return undefined;
  const release = releaseInProgress(found.repo.view(new Set()));
  const r = kepReadiness(found.repo, found.kep, release);
  const open = r.open.length;
  const state = open ? `${open} item${open === 1 ? '' : 's'} open for ${r.stage}` : `Ready for ${r.stage}`;
  const title = r.targeted || !release ? `${state}${r.release ? ` in ${r.release}` : ''}` : `Not targeting ${release} (${open ? state : `ready for ${r.stage}`}${r.release ? ` in ${r.release}` : ''})`;
  return { range: found.kep.view.firstLine(), title };
}

import * as path from 'node:path';
import { FILE_START, type Range } from '../core/problem.js';
import { normalizeTitle } from '../core/titles.js';
import type { Engine } from '../engine.js';
import { kepEntryFile } from './context.js';

/** A KEP as a workspace symbol: `KEP-1287: In-Place Update of Pod Resources`, in its owning SIG. */
interface KepSymbol {
  name: string;
  containerName?: string;
  path: string;
  range: Range;
}

/**
 * The KEPs of the repositories at or below `folders` that a workspace-symbol query names: by
 * number (`1287`, `KEP-1287`, `#1287`; a prefix of the number too) or by words of the title or
 * folder name (each word, in any order). The exact number comes first, then numeric order.
 */
export function workspaceSymbols(engine: Engine, folders: string[], query: string): KepSymbol[] {
  const q = query.trim();
  const digits = /^(?:KEP[-\s]?|#)?(\d+)$/i.exec(q)?.[1]?.replace(/^0+(?=\d)/, '');
  const words = digits === undefined ? normalizeTitle(q).split(' ').filter(Boolean) : [];
  const found: Array<KepSymbol & { exact: boolean; n: number }> = [];
  for (const root of new Set(folders.flatMap((f) => engine.findRepositories(f)))) {
    for (const kep of engine.repository(root).allKeps()) {
      if (kep.isTemplate) continue;
      const number = /^\d+$/.test(kep.number ?? '') ? String(Number(kep.number)) : undefined;
      if (digits !== undefined && !number?.startsWith(digits)) continue;
      if (words.length) {
        const text = normalizeTitle(`${kep.title ?? ''} ${path.basename(kep.dir)}`);
        if (!words.every((w) => text.includes(w))) continue;
      }
      const title = kep.title ?? path.basename(kep.dir);
      found.push({
        name: kep.number ? `KEP-${kep.number}: ${title}` : title,
        ...(kep.owningSig ? { containerName: kep.owningSig } : {}),
        path: kepEntryFile(kep),
        range: FILE_START,
        exact: number === digits,
        n: number === undefined ? Infinity : Number(number),
      });
    }
  }
  return found.sort((a, b) => Number(b.exact) - Number(a.exact) || a.n - b.n || (a.name < b.name ? -1 : 1)).map(({ exact: _e, n: _n, ...s }) => s);
}

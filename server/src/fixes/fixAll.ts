import type { Problem } from '../core/problem.js';
import type { Engine } from '../engine.js';
import { sourceKindOf } from '../workspace/source.js';
import { applyEdits, editsByFile } from './apply.js';
import { safeFixes } from './select.js';

/** A file the fixes changed: its text before (as read, without a byte-order mark) and after. */
export interface FixedFile {
  path: string;
  before: string;
  after: string;
}

export interface FixRun {
  files: FixedFile[];
  /** Fixes applied, over all passes. */
  applied: number;
  /** The problems left (the last check). */
  problems: Problem[];
}

/** Like eslint --fix: a fix can reveal or unblock another; a fix that never settles stops here. */
const MAX_PASSES = 10;

/**
 * Applies the safe fixes of `check()`'s problems in memory, as open documents of the engine, then
 * checks again and repeats while fixes apply. Nothing is written: the caller writes `files` (see
 * writeFixed) or shows their diff. A file that cannot be read exactly (missing, binary, not
 * UTF-8, too large) is never edited, so no byte of it can be lost.
 */
export function fixAll(engine: Engine, check: () => Problem[]): FixRun {
  const before = new Map<string, string>();
  let problems = check();
  let applied = 0;
  const editable = (file: string): boolean => {
    const s = engine.sources.get(file, sourceKindOf(file));
    return s.exists && !s.issue;
  };
  for (let pass = 1; pass <= MAX_PASSES; pass++) {
    const fixes = safeFixes(problems).filter((f) => f.edits.every((e) => e.kind === 'edit' && editable(e.path)));
    let changed = false;
    for (const [file, edits] of editsByFile(fixes)) {
      const text = engine.sources.get(file, sourceKindOf(file)).text;
      const fixed = applyEdits(text, edits);
      // A fix that leaves the text as it is (a CRLF table of contents mdtoc never accepts) ends the run.
      if (fixed === text) continue;
      changed = true;
      if (!before.has(file)) before.set(file, text);
      engine.sources.openDocument(file, fixed, pass);
      engine.repositoryFor(file).invalidateFile(file);
    }
    if (!changed) break;
    applied += fixes.length;
    problems = check();
  }
  const files = [...before].map(([path, text]) => ({ path, before: text, after: engine.sources.get(path, sourceKindOf(path)).text })).filter((f) => f.after !== f.before).sort((a, b) => (a.path < b.path ? -1 : 1));
  return { files, applied, problems };
}

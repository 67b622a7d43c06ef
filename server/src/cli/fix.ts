import * as path from 'node:path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { Engine } from '../engine.js';
import type { FixedFile, FixRun } from '../fixes/fixAll.js';
import { writeFixed } from '../fixes/write.js';

const rel = (cwd: string, p: string): string => path.relative(cwd, p).split(path.sep).join('/');

/** The fixes as one unified diff (`a/` and `b/` paths relative to `cwd`, as `git apply` and `patch -p1` take). */
export function fixDiff(files: readonly FixedFile[], cwd: string): string {
  return files
    .map((f) => createTwoFilesPatch(`a/${rel(cwd, f.path)}`, `b/${rel(cwd, f.path)}`, f.before, f.after, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY }))
    .join('');
}

/**
 * Writes the fixed files (see writeFixed) and puts the engine back on the disk's text, so what is
 * reported next is what the files now hold. Returns a line per file that was not written.
 */
export function writeFixes(engine: Engine, run: FixRun, cwd: string): string[] {
  const failures: string[] = [];
  for (const f of run.files) {
    const why = writeFixed(f);
    if (why) failures.push(`${rel(cwd, f.path)} was not fixed: ${why}.`);
  }
  for (const f of run.files) {
    engine.sources.closeDocument(f.path);
    engine.repositoryFor(f.path).invalidateFile(f.path);
  }
  return failures;
}

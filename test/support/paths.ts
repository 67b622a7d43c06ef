import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root (tests run from out/test/..., compiled). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The shared corpus of real documents, read in place. */
export const corpusDir = path.resolve(repoRoot, '../shared/corpus');
export const enhancementsDir = path.join(corpusDir, 'enhancements');
export const cncfTocDir = path.join(corpusDir, 'cncf-toc');
export const kepvalTestdata = path.join(corpusDir, 'kepval-testdata/pkg');
export const fixturesDir = path.join(repoRoot, 'test/fixtures');
export const cliPath = path.join(repoRoot, 'dist/cli.cjs');

// The pattern budget (issue 14.3) against the real documents: the built-in kinds, defined by a
// repository instead (so on its budget), check cncf/toc, the PEPs and the Rust RFCs of the corpus
// (read in place) in one run without being dropped.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { BUILT_IN } from '../../server/src/kinds/registry.js';
import { runJson } from '../support/cli.js';
import { corpusDir } from '../support/paths.js';

test('the built-in kinds as a repository’s kinds keep within the pattern budget on the corpus', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-budget-'));
  try {
    // JSON is YAML. The KEP kind's layout recogniser is reserved to the built-in kind, and the tracking ids name built-in kinds.
    const kinds = BUILT_IN.filter((k) => k.id !== 'kep').map(({ tracking: _tracking, ...k }) => ({ ...k, id: `repository-${k.id}`, name: `Repository’s ${k.name}` }));
    const config = path.join(dir, '.kep-studio.yaml');
    fs.writeFileSync(config, JSON.stringify({ kinds }));
    const { report } = runJson(['--config', config, ...['cncf-toc', 'python-peps', 'rust-rfcs'].map((c) => path.join(corpusDir, c))], dir);
    assert.deepEqual(report.problems.filter((p) => p.code.startsWith('config/')), []);
    const used = new Set(report.problems.flatMap((p) => /Repository’s ([\w ]+?) (?:has|needs|does)/.exec(p.message)?.[1] ?? []));
    assert.ok(used.has('Rust RFC') && used.has('CNCF due diligence'), [...used].join(', '));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

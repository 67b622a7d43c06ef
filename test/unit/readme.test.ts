import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { RULES } from '../../server/src/engine.js';
import { repoRoot } from '../support/paths.js';

test('the README lists every rule with its default severity and summary', () => {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const missing = [...RULES.values()]
    .map((r) => `| [\`${r.id}\`](docs/rules/${r.id}.md) | ${r.severity} | ${r.summary.replace(/\|/g, '\\|')} |`)
    .filter((row) => !readme.includes(row));
  assert.deepEqual(missing, [], 'update the rules table in README.md');
});

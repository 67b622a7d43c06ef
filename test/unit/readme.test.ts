import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseConfig } from '../../server/src/config/config.js';
import { RULES } from '../../server/src/engine.js';
import { compileProjectKinds } from '../../server/src/kinds/registry.js';
import { repoRoot } from '../support/paths.js';

test('the README lists every rule with its default severity and summary', () => {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const missing = [...RULES.values()]
    .map((r) => `| [\`${r.id}\`](docs/rules/${r.id}.md) | ${r.severity} | ${r.summary.replace(/\|/g, '\\|')} |`)
    .filter((row) => !readme.includes(row));
  assert.deepEqual(missing, [], 'update the rules table in README.md');
});

test('the README’s example of a kind a repository defines is a valid configuration', () => {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const example = /## Proposal kinds[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(example, 'no YAML example under Proposal kinds');
  const { config, problems } = parseConfig(example, '/repo/.kep-studio.yaml', RULES);
  assert.deepEqual(problems, []);
  const { kinds, problems: kindProblems } = compileProjectKinds(config.kinds.map((k) => k.definition), '/repo/.kep-studio.yaml');
  assert.deepEqual(kindProblems, []);
  assert.deepEqual(
    kinds.map((k) => k.id),
    ['acme-design'],
  );
  assert.deepEqual(config.associations, [{ glob: 'rfcs/*.md', kind: 'rust-rfc' }]);
});

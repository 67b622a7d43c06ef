// Every rule has its own tests: a case where it fires (its fix applied and checked, where it has
// one) and a near miss. A rule id with neither a table entry here nor, for the rules older than
// these tables, a test elsewhere that names it, fails the last test: new rules bring their cases.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { RULES } from '../../server/src/engine.js';
import { repoRoot } from '../support/paths.js';
import { ruleTests, type RuleTable } from './harness.js';
import { kepCases } from './kep.cases.js';
import { proposalCases } from './proposal.cases.js';

const TABLES: RuleTable[] = [kepCases, proposalCases];
for (const table of TABLES) ruleTests(table);

/** Rules that cannot be made to fire from a document: the engine's report of a rule that threw. */
const NOT_FROM_INPUT = new Set(['engine/internal-error']);

/** Test sources outside these tables (the rules that predate them are tested there). */
function otherTestSources(): string {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== 'fixtures' && e.name !== 'rules') walk(full);
      else if (e.isFile() && e.name.endsWith('.ts')) out.push(fs.readFileSync(full, 'utf8'));
    }
  };
  walk(path.join(repoRoot, 'test'));
  return out.join('\n');
}

test('every rule id has a case where it fires and a near miss', () => {
  const tabled = new Set(TABLES.flatMap((t) => Object.keys(t)));
  for (const id of tabled) assert.ok(RULES.has(id), `${id} is in a table but is no rule`);
  const elsewhere = otherTestSources();
  const missing = [...RULES.keys()].filter((id) => !tabled.has(id) && !NOT_FROM_INPUT.has(id) && !elsewhere.includes(`'${id}'`));
  assert.deepEqual(missing, [], 'add a case to test/rules/<family>.cases.ts for each');
});

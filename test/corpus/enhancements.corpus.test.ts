import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkRepository, describe } from '../support/check.js';
import { enhancementsDir } from '../support/paths.js';

test('the real kubernetes/enhancements corpus gets zero errors (it passes its own CI)', () => {
  const problems = checkRepository(enhancementsDir);
  const errors = problems.filter((p) => p.severity === 'error');
  assert.equal(errors.length, 0, describe(errors, enhancementsDir));
  // The check really ran: guidance rules found something on real KEPs.
  assert.ok(problems.length > 100, `only ${problems.length} problems in the whole corpus`);
});

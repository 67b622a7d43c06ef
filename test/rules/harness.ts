// One table per rule family: for each rule id, a repository where the rule fires (and, where it
// has a fix, what the fixed file reads) and a near miss where it does not.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import type { Problem } from '../../server/src/core/problem.js';
import { checkFile, describe } from '../support/check.js';
import { applyEdits } from '../support/edits.js';
import { copyCorpusKep, makeTempRepo, type TempRepo } from '../support/tempRepo.js';

export interface RuleCase {
  /** Writes the case's files into a fresh repository; returns the file (relative) the finding is on. */
  setup(repo: TempRepo): string;
}

export interface FiringCase extends RuleCase {
  /** For a rule with a fix: text the file holds after the finding's preferred fix is applied. */
  fixed?: string;
}

export interface RuleCases {
  fires: FiringCase;
  quiet: RuleCase;
}

export type RuleTable = Record<string, RuleCases>;

/** A real KEP from the corpus: keps/sig-node/4960-container-stop-signals (implementable, beta, v1.37). */
export const KEP = 'keps/sig-node/4960-container-stop-signals';

/** Copies the corpus KEP in and rewrites one of its files; returns that file. */
export function editKep(repo: TempRepo, file: 'kep.yaml' | 'README.md', edit: (text: string) => string): string {
  copyCorpusKep(repo, KEP.replace(/^keps\//, ''));
  const rel = `${KEP}/${file}`;
  const before = repo.read(rel);
  const after = edit(before);
  assert.notEqual(after, before, `the edit of ${rel} changed nothing`);
  repo.write(rel, after);
  return rel;
}

/** The file's problems as the language server reports them for an open document. */
function findings(repo: TempRepo, ruleId: string, rel: string): { problems: Problem[]; all: Problem[] } {
  const all = checkFile(repo.path(rel));
  return { problems: all.filter((p) => p.ruleId === ruleId), all };
}

/** Registers the tests of one table. */
export function ruleTests(table: RuleTable): void {
  for (const [ruleId, cases] of Object.entries(table)) {
    test(`${ruleId} fires${cases.fires.fixed !== undefined ? ', and its fix removes it' : ''}`, () => {
      const repo = makeTempRepo();
      try {
        const rel = cases.fires.setup(repo);
        const { problems, all } = findings(repo, ruleId, rel);
        assert.ok(problems.length > 0, `no ${ruleId} on ${rel}:\n${describe(all, repo.root)}`);
        if (cases.fires.fixed === undefined) return;
        const fix = problems[0]!.fixes?.find((f) => f.preferred) ?? problems[0]!.fixes?.[0];
        assert.ok(fix, `${ruleId} has no fix`);
        applyEdits(fix.edits);
        assert.ok(fs.readFileSync(repo.path(rel), 'utf8').includes(cases.fires.fixed), `after "${fix.title}" ${rel} lacks ${JSON.stringify(cases.fires.fixed)}`);
        const after = findings(repo, ruleId, rel);
        assert.equal(after.problems.length, problems.length - 1, describe(after.problems, repo.root));
      } finally {
        repo.dispose();
      }
    });
    test(`${ruleId}: near miss`, () => {
      const repo = makeTempRepo();
      try {
        const rel = cases.quiet.setup(repo);
        const { problems } = findings(repo, ruleId, rel);
        assert.deepEqual(problems, [], describe(problems, repo.root));
      } finally {
        repo.dispose();
      }
    });
  }
}

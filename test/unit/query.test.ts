// The filters of queryKeps (what `kep-studio query` and the KEPs view ask) on the real
// repository, in process, against the kep.yaml files read with the `yaml` package
// (test/support/corpusKeps.ts). test/cli/query.test.ts runs the command itself.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Engine } from '../../server/src/engine.js';
import { QueryError, queryKeps, type KepQuery } from '../../server/src/query/query.js';
import { aliasMembers, corpusKeps, handle, minorOf, prrApprovers, type RawKep } from '../support/corpusKeps.js';
import { enhancementsDir } from '../support/paths.js';

const KEPS = corpusKeps();
const repo = new Engine().repository(enhancementsDir);

/** Folders of the KEPs a query lists, sorted. */
function run(query: KepQuery): string[] {
  return queryKeps(repo, query).map((r) => r.record.path).sort();
}
const expected = (pick: (k: RawKep) => boolean): string[] => KEPS.filter(pick).map((k) => k.path).sort();

describe('queryKeps on kubernetes/enhancements', () => {
  test('SIGs: a name or a pattern over the names (kepctl’s --sig); alternatives; all filters together', () => {
    const node = expected((k) => k.owningSig === 'sig-node');
    assert.ok(node.length > 50);
    assert.deepEqual(run({ sigs: ['sig-node'] }), node);
    assert.deepEqual(run({ sigs: ['node'] }), node);
    assert.deepEqual(run({ sigs: ['sig-node', 'sig-storage'] }), expected((k) => k.owningSig === 'sig-node' || k.owningSig === 'sig-storage'));
    const both = expected((k) => k.owningSig === 'sig-node' && k.status === 'implementable' && (k.stage === 'beta' || k.stage === 'stable'));
    assert.ok(both.length > 5);
    assert.deepEqual(run({ sigs: ['sig-node'], statuses: ['implementable'], stages: ['beta', 'stable'] }), both);
    assert.deepEqual(run({ stages: ['none'] }), expected((k) => !k.stage));
    assert.deepEqual(run({ participatingSigs: ['sig-windows'] }), expected((k) => k.participatingSigs.includes('sig-windows')));
  });

  test('milestones: latest-milestone or any stage’s milestone', () => {
    const got = run({ milestones: ['v1.36'] });
    assert.deepEqual(got, expected((k) => [k.latestMilestone, ...Object.values(k.milestone)].some((m) => minorOf(m) === 36)));
    assert.ok(got.length > 26, 'more than the KEPs whose latest-milestone is v1.36');
  });

  test('people: handles with or without @, any case; an OWNERS_ALIASES alias stands for its members', () => {
    const author = expected((k) => k.authors.some((a) => handle(a) === 'danwinship'));
    assert.ok(author.length > 3);
    assert.deepEqual(run({ authors: ['@danwinship'] }), author);
    assert.deepEqual(run({ authors: ['DanWinship'] }), author);
    assert.deepEqual(run({ reviewers: ['thockin'] }), expected((k) => k.reviewers.some((a) => handle(a) === 'thockin')));
    const leads = aliasMembers('sig-node-tech-leads');
    assert.ok(leads.length > 1);
    const approvedByLeads = expected((k) => k.approvers.some((a) => leads.includes(handle(a))));
    assert.ok(approvedByLeads.length > 10);
    assert.deepEqual(run({ approvers: ['sig-node-tech-leads'] }), approvedByLeads);
    const prr = prrApprovers();
    const prrOf = (k: RawKep): string[] => prr.get(`${k.owningSig}/${k.number}`) ?? [];
    const byDeads2k = expected((k) => prrOf(k).some((a) => handle(a) === 'deads2k'));
    assert.ok(byDeads2k.length > 10, `${byDeads2k.length}`);
    assert.deepEqual(run({ prrApprovers: ['@deads2k'] }), byDeads2k);
    assert.deepEqual(run({ involves: ['deads2k'] }), expected((k) => [...k.authors, ...k.reviewers, ...k.approvers, ...prrOf(k)].some((a) => handle(a) === 'deads2k')));
  });

  test('tracking issue: a number, #number, KEP-number or the issue URL', () => {
    for (const v of ['4960', '#4960', 'KEP-4960', 'https://github.com/kubernetes/enhancements/issues/4960']) {
      assert.deepEqual(run({ trackingIssues: [v] }), ['keps/sig-node/4960-container-stop-signals'], v);
    }
  });

  test('a query that cannot run says why', () => {
    const cases: Array<[KepQuery, RegExp]> = [
      [{ sigs: ['sig-nodes'] }, /^No SIG matches "sig-nodes" \(did you mean sig-node\?\)\.$/],
      [{ participatingSigs: ['(unclosed'] }, /^participating SIG "\(unclosed" is no SIG name, and as a pattern it is not a valid RE2 pattern/],
      [{ statuses: ['implementble'] }, /^"implementble" is not a status \(did you mean implementable\?\); the statuses are provisional, implementable, /],
      [{ stages: ['gamma'] }, /^"gamma" is not a stage; the stages are alpha, beta, /],
      [{ release: 'v2.0' }, /^"v2\.0" is not a release like v1\.38\.$/],
      [{ milestones: ['soon'] }, /^"soon" is not a release like v1\.38\.$/],
      [{ trackingIssues: ['abc'] }, /^"abc" is not a tracking issue/],
      [{ ready: true }, /^ready or not ready: for which release\?/],
    ];
    for (const [query, message] of cases) assert.throws(() => queryKeps(repo, query), (err: Error) => err instanceof QueryError && message.test(err.message), JSON.stringify(query));
  });
});

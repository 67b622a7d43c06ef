// `kep-studio report` on the real repository: which KEPs target the release and the totals per
// SIG, against figures computed here from the kep.yaml files (test/support/corpusKeps.ts); and
// the readiness of a few KEPs of different states, checked by hand against their files.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { runCli } from '../support/cli.js';
import { corpusKeps, targetStage } from '../support/corpusKeps.js';
import { enhancementsDir, repoRoot } from '../support/paths.js';

interface Totals {
  keps: number;
  ready: number;
  notReady: number;
  stages: Record<string, number>;
}
interface ReportDoc {
  version: number;
  release: string;
  totals: Totals;
  sigs: Array<Totals & { sig: string }>;
  keps: Array<{ number: string; path: string; owningSig: string; readiness: { release: string; stage: string; ready: boolean; done: number; open: Array<{ id: string; group: string; label: string; detail: string | null; rule: string | null }> } }>;
}

/**
 * Hand-checked against the files: the open items of the checklist (group readiness) and how many
 * unticked (R) lines of the Release Signoff Checklist each KEP has for its stage.
 */
const HAND_CHECKED: Record<string, { stage: string; open: string[]; signoff: number }> = {
  // beta in v1.37; PRR file with a beta approver (@deads2k); every top-level (R) line ticked, the
  // nested GA lines are not needed for beta.
  '4960': { stage: 'beta', open: [], signoff: 0 },
  // implemented, stable in v1.37: nothing open.
  '5311': { stage: 'stable', open: [], signoff: 0 },
  // deprecated in v1.37 by latest-milestone, but milestone.deprecated still says v1.33.
  '4974': { stage: 'deprecated', open: ['milestone'], signoff: 0 },
  // the README lacks the template's Drawbacks and one more section.
  '5966': { stage: 'beta', open: ['template'], signoff: 0 },
  // beta at v1.36, milestone.stable v1.37: targets stable; stage and latest-milestone not moved,
  // no stable entry in keps/prod-readiness/sig-node/4680.yaml (alpha and beta only), no metrics;
  // unticked (R): graduation criteria, both PRR lines and, going stable, the three GA lines.
  '4680': { stage: 'stable', open: ['milestone', 'prr-approval', 'metrics'], signoff: 6 },
  // provisional, alpha in v1.37, `feature-gates: []`; none of the seven top-level (R) lines ticked.
  '5343': { stage: 'alpha', open: ['status', 'feature-gates'], signoff: 7 },
  // everything but one line: "- [ ] (R) Graduation criteria is in place".
  '2033': { stage: 'beta', open: [], signoff: 1 },
};

describe('kep-studio report on kubernetes/enhancements', () => {
  let doc: ReportDoc;
  before(() => {
    const r = runCli(['report', '--release', 'v1.37', '--format', 'json', enhancementsDir], enhancementsDir);
    assert.equal(r.status, 0, r.stderr);
    doc = JSON.parse(r.stdout) as ReportDoc;
  });

  test('every KEP that targets the release, and the totals per SIG and stage', () => {
    assert.equal(doc.version, 1);
    assert.equal(doc.release, 'v1.37');
    const targeting = corpusKeps().flatMap((k) => {
      const stage = targetStage(k, 37);
      return stage ? [{ ...k, target: stage }] : [];
    });
    assert.deepEqual(doc.keps.map((k) => k.path).sort(), targeting.map((k) => k.path).sort());
    const perSig = new Map<string, Record<string, number>>();
    for (const k of targeting) {
      const stages = perSig.get(k.owningSig!) ?? {};
      stages[k.target] = (stages[k.target] ?? 0) + 1;
      perSig.set(k.owningSig!, stages);
    }
    assert.deepEqual(doc.sigs.map((s) => [s.sig, s.keps, s.stages]), [...perSig].sort().map(([sig, stages]) => [sig, Object.values(stages).reduce((a, b) => a + b, 0), stages]));
    for (const s of doc.sigs) {
      const ready = doc.keps.filter((k) => k.owningSig === s.sig && k.readiness.ready).length;
      assert.deepEqual([s.ready, s.notReady], [ready, s.keps - ready], s.sig);
    }
    assert.equal(doc.totals.keps, targeting.length);
    assert.equal(doc.totals.ready + doc.totals.notReady, targeting.length);
  });

  test('the readiness of KEPs of different states, as checked by hand', () => {
    for (const [number, want] of Object.entries(HAND_CHECKED)) {
      const k = doc.keps.find((x) => x.number === number);
      assert.ok(k, `KEP-${number} targets v1.37`);
      const r = k.readiness;
      assert.equal(r.stage, want.stage, number);
      assert.deepEqual(r.open.filter((o) => o.group === 'readiness').map((o) => o.id), want.open, number);
      assert.equal(r.open.filter((o) => o.group === 'signoff').length, want.signoff, number);
      assert.equal(r.ready, want.open.length + want.signoff === 0, number);
    }
    const open = (n: string, id: string) => doc.keps.find((k) => k.number === n)!.readiness.open.find((o) => o.id === id)!;
    assert.equal(open('4680', 'prr-approval').detail, 'keps/prod-readiness/sig-node/4680.yaml has no stable entry.');
    assert.equal(open('4680', 'prr-approval').rule, 'prr/stage-missing');
    assert.equal(open('4680', 'milestone').detail, 'stage is beta; latest-milestone is v1.36.');
    assert.equal(open('4974', 'milestone').detail, 'milestone.deprecated is v1.33.');
    assert.equal(open('5966', 'template').rule, 'md/template-section');
    assert.equal(open('2033', 'signoff-4').label, '(R) Graduation criteria is in place');
  });

  test('markdown: totals per SIG, then each SIG’s KEPs with their open items linked to the rule pages', () => {
    const r = runCli(['report', '--release', 'v1.37', '--sig', 'sig-etcd', '--sig', 'sig-network', enhancementsDir], enhancementsDir);
    assert.equal(r.status, 0, r.stderr);
    const md = r.stdout;
    const mine = doc.sigs.filter((s) => s.sig === 'sig-etcd' || s.sig === 'sig-network');
    const keps = mine.reduce((n, s) => n + s.keps, 0);
    const ready = mine.reduce((n, s) => n + s.ready, 0);
    assert.match(md, new RegExp(`^# Release readiness for v1\\.37\\n\\n${keps} KEPs target v1\\.37 \\(.*\\): ${ready} ready, ${keps - ready} not ready\\.`));
    assert.match(md, /\n## Per SIG\n\n\| SIG \| KEPs \| alpha \| beta \| stable \| deprecated \| ready \| not ready \|\n/);
    assert.match(md, new RegExp(`\\n\\| sig-etcd \\| 1 \\| 0 \\| 1 \\| 0 \\| 0 \\| 0 \\| 1 \\|\\n`));
    assert.match(md, /\n## sig-network\n\n\| KEP \| Title \| Stage \| Status \| Ready \| Open items \|\n/);
    assert.match(md, /\| \[KEP-5311\]\(https:\/\/git\.k8s\.io\/enhancements\/keps\/sig-network\/5311-relaxed-validation-for-service-names\) \| Relaxed validation for Services names \| stable \| implemented \| ✅ \|  \|/);
    assert.match(md, /\| \[KEP-5966\]\(.*\) \| etcd RangeStream \| beta \| implementable \| ❌ 1 open \| \[README follows the KEP template\]\(https:\/\/github\.com\/kep-studio\/kep-studio\/blob\/main\/docs\/rules\/md\/template-section\.md\): 2 sections missing; /);
    assert.doesNotMatch(md, /sig-node/);
    // Every rule the report links to has its page.
    for (const m of md.matchAll(/docs\/rules\/([a-z]+\/[a-z-]+)\.md/g)) assert.ok(fs.existsSync(path.join(repoRoot, 'docs/rules', `${m[1]}.md`)), m[1]);
  });

  test('csv: one row per KEP; the release in progress by default', () => {
    const r = runCli(['report', '--format', 'csv', enhancementsDir], enhancementsDir);
    assert.equal(r.status, 0, r.stderr);
    const rows = r.stdout.trimEnd().split('\r\n');
    assert.equal(rows[0], 'owning-sig,number,title,stage,status,ready,open,open-items,link');
    assert.equal(rows.length, doc.keps.length + 1);
    assert.ok(rows.includes('sig-network,4974,Deprecate v1.Endpoints and Associated Controllers,deprecated,implementable,false,1,Stage deprecated and milestones in v1.37,https://git.k8s.io/enhancements/keps/sig-network/4974-deprecate-endpoints'), rows.join('\n'));
  });
});

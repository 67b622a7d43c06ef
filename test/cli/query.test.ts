// `kep-studio query` on the real repository, against figures computed here from the kep.yaml
// files read with the `yaml` package (test/support/corpusKeps.ts), not through the engine.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { runCli } from '../support/cli.js';
import { corpusKeps, countBy, targetStage, type RawKep } from '../support/corpusKeps.js';
import { enhancementsDir } from '../support/paths.js';
import { copyCorpusKep, makeTempRepo } from '../support/tempRepo.js';

interface QueryDoc {
  version: number;
  release: string | null;
  keps: Array<{
    number: string | null;
    title: string | null;
    path: string;
    owningSig: string | null;
    status: string | null;
    stage: string | null;
    prrApprovals: Record<string, string>;
    readiness: { release: string; stage: string; ready: boolean; open: Array<{ id: string }> } | null;
  }>;
}

const KEPS = corpusKeps();

function query(...args: string[]): QueryDoc {
  const r = runCli(['query', '--format', 'json', ...args, enhancementsDir], enhancementsDir);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as QueryDoc;
}

const paths = (doc: QueryDoc): string[] => doc.keps.map((k) => k.path).sort();
const expected = (pick: (k: RawKep) => boolean): string[] => KEPS.filter(pick).map((k) => k.path).sort();

describe('kep-studio query on kubernetes/enhancements', () => {
  test('every KEP, with the counts per owning SIG, status and stage of the kep.yaml files', () => {
    const all = query();
    assert.equal(all.version, 1);
    assert.equal(all.release, null);
    assert.ok(KEPS.length > 300, `${KEPS.length} KEPs in the corpus`);
    assert.deepEqual(paths(all), expected(() => true));
    const of = (key: 'owningSig' | 'status' | 'stage'): Record<string, number> => countBy(all.keps as unknown as RawKep[], (k) => (k as unknown as Record<string, string | null>)[key] ?? undefined);
    assert.deepEqual(of('owningSig'), countBy(KEPS, (k) => k.owningSig));
    assert.deepEqual(of('status'), countBy(KEPS, (k) => k.status));
    assert.deepEqual(of('stage'), countBy(KEPS, (k) => k.stage));
    // Ordered by owning SIG, then number.
    const order = all.keps.map((k) => `${k.owningSig ?? ''}\0${String(Number(k.number ?? 'NaN')).padStart(12, '0')}`);
    assert.deepEqual(order, [...order].sort());
  });





  test('filters: alternatives within one (repeated or comma-separated), all of them together', () => {
    const either = expected((k) => (k.owningSig === 'sig-node' || k.owningSig === 'sig-storage') && k.status === 'implementable');
    assert.ok(either.length > 50);
    assert.deepEqual(paths(query('--sig', 'node', '--sig', 'sig-storage', '--status', 'implementable')), either);
    assert.deepEqual(paths(query('--sig', 'sig-node,sig-storage', '--status', 'implementable')), either);
  });

  test('--release: the KEPs that target it, with readiness; --ready and --not-ready split them', () => {
    const targeting = expected((k) => targetStage(k, 37) !== undefined);
    assert.ok(targeting.length > 40, `${targeting.length} KEPs target v1.37`);
    const all = query('--release', 'v1.37');
    assert.equal(all.release, 'v1.37');
    assert.deepEqual(paths(all), targeting);
    for (const k of all.keps) {
      const raw = KEPS.find((r) => r.path === k.path)!;
      assert.equal(k.readiness?.stage, targetStage(raw, 37), k.path);
      assert.equal(k.readiness?.ready, k.readiness!.open.length === 0, k.path);
    }
    // Without --release: the release in progress (the highest latest-milestone, v1.37 here).
    const ready = paths(query('--ready'));
    const notReady = paths(query('--not-ready', '--release', '1.37'));
    assert.deepEqual([...ready, ...notReady].sort(), targeting);
    assert.deepEqual(ready, paths(all).filter((p) => all.keps.find((k) => k.path === p)!.readiness!.ready));
    assert.ok(ready.includes('keps/sig-node/4960-container-stop-signals') && notReady.includes('keps/sig-network/4974-deprecate-endpoints'));
  });

  test('every format lists the same KEPs', () => {
    const json = query('--sig', 'sig-storage', '--release', 'v1.37');
    const n = json.keps.length;
    assert.ok(n > 3);
    const run = (format: string): { stdout: string; stderr: string } => {
      const r = runCli(['query', '--sig', 'sig-storage', '--release', 'v1.37', '--format', format], enhancementsDir);
      assert.equal(r.status, 0, r.stderr);
      return r;
    };
    assert.deepEqual(parse(run('yaml').stdout), json);
    const csv = run('csv').stdout.trimEnd().split('\r\n');
    assert.equal(csv.length, n + 1);
    assert.deepEqual(csv[0]!.split(',').slice(0, 3), ['number', 'title', 'owning-sig']);
    assert.deepEqual(csv[0]!.split(',').slice(-3), ['release', 'ready', 'open-items']);
    const md = run('markdown').stdout.trimEnd().split('\n');
    assert.equal(md.length, n + 2);
    assert.match(md[0]!, /^\| KEP \| Title \| SIG \| Status \| Stage \| Milestone \| Ready for v1\.37 \|$/);
    const table = run('table');
    assert.equal(table.stdout.trimEnd().split('\n').length, n + 1);
    assert.match(table.stdout, /^KEP +SIG +STATUS +STAGE +MILESTONE +READY +TITLE\n/);
    assert.equal(table.stderr, `${n} KEPs targeting v1.37\n`);
  });

  test('mistakes exit 2 and say what is wrong', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--sig', 'sig-nodes'], /No SIG matches "sig-nodes" \(did you mean sig-node\?\)/],
      [['--ready', '--not-ready'], /exclude each other/],
      [['--format', 'sarif'], /unknown format "sarif" for query \(use table, json, yaml, csv, markdown\)/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(['query', ...args], enhancementsDir);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, message, args.join(' '));
      assert.equal(r.stdout, '');
    }
    const check = runCli(['check', '--sig', 'sig-node', enhancementsDir], enhancementsDir);
    assert.equal(check.status, 2);
    assert.match(check.stderr, /--sig is an option of query and report, not of check/);
    const report = runCli(['report', '--author', 'x', enhancementsDir], enhancementsDir);
    assert.equal(report.status, 2);
    assert.match(report.stderr, /--author is an option of query, not of report/);
  });
});

describe('kep-studio query on bad input', () => {
  test('KEPs whose kep.yaml is not YAML or is binary are listed with what is known, and the query goes on', () => {
    const repo = makeTempRepo();
    try {
      copyCorpusKep(repo, 'sig-node/4960-container-stop-signals');
      repo.write('keps/sig-node/7001-broken/kep.yaml', 'title: [unclosed\nowning-sig: sig-node\n');
      repo.write('keps/sig-node/7002-binary/kep.yaml', 'title: x\u0000\u0001\n');
      const r = runCli(['query', '--format', 'json', '--release', 'v1.37'], repo.root);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual((JSON.parse(r.stdout) as QueryDoc).keps.map((k) => k.number), ['4960']);
      const all = runCli(['query', '--format', 'json'], repo.root);
      assert.equal(all.status, 0, all.stderr);
      const keps = (JSON.parse(all.stdout) as QueryDoc).keps;
      assert.deepEqual(keps.map((k) => [k.path, k.number, k.title]).sort(), [
        ['keps/sig-node/4960-container-stop-signals', '4960', 'Container Stop Signals'],
        ['keps/sig-node/7001-broken', null, null],
        ['keps/sig-node/7002-binary', null, null],
      ]);
    } finally {
      repo.dispose();
    }
  });
});

describe('kep-studio query output is data, never markup or formulas', () => {
  test('a title that looks like a formula or holds table markup is escaped', () => {
    const repo = makeTempRepo();
    try {
      const dir = copyCorpusKep(repo, 'sig-node/4960-container-stop-signals');
      repo.write(`${dir}/kep.yaml`, repo.read(`${dir}/kep.yaml`).replace('title: Container Stop Signals', 'title: "=HYPERLINK(\\"http://x\\") | <!-- x"'));
      const csv = runCli(['query', '--format', 'csv'], repo.root);
      assert.equal(csv.status, 0, csv.stderr);
      // The cell starts with ' (OWASP), quoted for its inner quotes; handles lose their @.
      assert.match(csv.stdout, /\r\n4960,"'=HYPERLINK\(""http:\/\/x""\) \| <!-- x",sig-node,/);
      assert.match(csv.stdout, /,sreeram-venkitesh,/);
      const md = runCli(['query', '--format', 'markdown'], repo.root);
      assert.match(md.stdout, /\| =HYPERLINK\("http:\/\/x"\) \\\| \\<!-- x \|/);
    } finally {
      repo.dispose();
    }
  });
});

// Navigation across the repository over stdio: workspace symbols, references and the readiness
// code lens of kep.yaml.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CodeLensRequest, ReferencesRequest, WorkspaceSymbolRequest, type CodeLens, type Location, type SymbolInformation } from 'vscode-languageserver-protocol';
import { Notifications, Requests, type KepsResult, type ReportResult } from '../../server/src/lsp/protocol.js';
import { LspClient, uriOf } from '../support/lsp.js';
import { copyCorpusKep, makeTempRepo, type TempRepo } from '../support/tempRepo.js';

const STOP = 'keps/sig-node/4960-container-stop-signals';
const PSI = 'keps/sig-node/4205-psi-metric';
const ROOTLESS = 'keps/sig-node/2033-kubelet-in-userns-aka-rootless';
const HEALTH = 'keps/sig-node/4680-add-resource-health-to-pod-status';

/** The position of the first `needle` in `text`, plus `offset` characters. */
function positionOf(text: string, needle: string, offset = 0): { line: number; character: number } {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `${needle} not found`);
  const before = text.slice(0, i + offset);
  return { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
}

/** `file:line` of each location, relative to the repository, sorted. */
const where = (root: string, locations: Location[] | null): string[] => (locations ?? []).map((l) => `${path.relative(root, new URL(l.uri).pathname)}:${l.range.start.line}`).sort();

describe('language server over stdio: the repository’s KEPs', () => {
  let repo: TempRepo;
  let client: LspClient;

  before(async () => {
    repo = makeTempRepo();
    for (const dir of [STOP, PSI, ROOTLESS, HEALTH]) copyCorpusKep(repo, dir.replace(/^keps\//, ''));
    // PSI names Stop Signals twice: in its see-also, and in its README.
    repo.write(`${PSI}/kep.yaml`, repo.read(`${PSI}/kep.yaml`).replace('see-also: []', 'see-also:\n  - "/keps/sig-node/4960-container-stop-signals"\n  - KEP-4960'));
    repo.write(`${PSI}/README.md`, repo.read(`${PSI}/README.md`).replace('## Summary\n', '## Summary\n\nLike KEP-4960, and unlike KEP-49600.\n'));
    client = await LspClient.start([repo.root]);
    await client.waitForLog(/^Indexed 4 KEPs/);
  });

  after(async () => {
    await client.stop();
    repo.dispose();
  });

  const symbols = async (query: string): Promise<SymbolInformation[]> => (await client.conn.sendRequest(WorkspaceSymbolRequest.type, { query })) as SymbolInformation[];

  test('workspace symbols find a KEP by number or by words of its title', async () => {
    for (const q of ['4960', 'KEP-4960', 'kep 4960', '#4960']) {
      const found = await symbols(q);
      assert.deepEqual(found.map((s) => s.name), ['KEP-4960: Container Stop Signals'], q);
      assert.equal(found[0]!.location.uri, uriOf(repo.path(`${STOP}/README.md`)));
      assert.equal(found[0]!.containerName, 'sig-node');
    }
    // A prefix of the number; the exact number first.
    assert.deepEqual((await symbols('4')).map((s) => s.name.split(':')[0]), ['KEP-4205', 'KEP-4680', 'KEP-4960']);
    assert.deepEqual((await symbols('stop SIGNALS')).map((s) => s.name), ['KEP-4960: Container Stop Signals']);
    assert.deepEqual((await symbols('pod status')).map((s) => s.name.split(':')[0]), ['KEP-4680']);
    assert.equal((await symbols('')).length, 4);
    assert.deepEqual(await symbols('no such words'), []);
  });

  test('references of a KEP: see-also entries, its PRR file, KEP-NNNN mentions; from any of them', async () => {
    const psiYaml = repo.path(`${PSI}/kep.yaml`);
    const psiText = fs.readFileSync(psiYaml, 'utf8');
    const psiLine = (s: string): number => positionOf(psiText, s).line;
    // The mentions of KEP-4960 in the markdown, counted here line by line.
    const mentions = [STOP, PSI, ROOTLESS, HEALTH].flatMap((d) =>
      fs
        .readFileSync(repo.path(`${d}/README.md`), 'utf8')
        .split('\n')
        .flatMap((l, i) => [...l.matchAll(/\bKEP-4960\b/g)].map(() => `${d}/README.md:${i}`)),
    );
    assert.ok(mentions.includes(`${PSI}/README.md:${positionOf(fs.readFileSync(repo.path(`${PSI}/README.md`), 'utf8'), 'Like KEP-4960').line}`));
    const expected = [`${PSI}/kep.yaml:${psiLine('"/keps/sig-node/4960')}`, `${PSI}/kep.yaml:${psiLine('- KEP-4960')}`, 'keps/prod-readiness/sig-node/4960.yaml:0', ...mentions].sort();

    const stopYaml = repo.path(`${STOP}/kep.yaml`);
    const stopText = fs.readFileSync(stopYaml, 'utf8');
    await client.open(stopYaml);
    const declaration = `${STOP}/kep.yaml:${positionOf(stopText, 'kep-number').line}`;
    const fromNumber = await client.conn.sendRequest(ReferencesRequest.type, { textDocument: { uri: uriOf(stopYaml) }, position: positionOf(stopText, '"4960"', 2), context: { includeDeclaration: true } });
    assert.deepEqual(where(repo.root, fromNumber), [declaration, ...expected].sort());

    await client.open(psiYaml);
    const fromSeeAlso = await client.conn.sendRequest(ReferencesRequest.type, { textDocument: { uri: uriOf(psiYaml) }, position: positionOf(psiText, '- KEP-4960', 4), context: { includeDeclaration: false } });
    assert.deepEqual(where(repo.root, fromSeeAlso), expected);

    const psiReadme = repo.path(`${PSI}/README.md`);
    const readmeText = fs.readFileSync(psiReadme, 'utf8');
    await client.open(psiReadme);
    const fromMention = await client.conn.sendRequest(ReferencesRequest.type, { textDocument: { uri: uriOf(psiReadme) }, position: positionOf(readmeText, 'Like KEP-4960', 8), context: { includeDeclaration: false } });
    assert.deepEqual(where(repo.root, fromMention), expected);
    // The mention's own range is the `KEP-4960` text.
    const own = fromMention!.find((l) => l.uri === uriOf(psiReadme) && l.range.start.line === positionOf(readmeText, 'Like KEP-4960').line)!;
    assert.deepEqual(own.range, { start: positionOf(readmeText, 'KEP-4960, and'), end: positionOf(readmeText, ', and unlike') });
  });

  test('references of a GitHub handle: kep.yaml roles, OWNERS, OWNERS_ALIASES and PRR approvals, any case', async () => {
    // Every line naming the handle in those files, found here with a pattern.
    const files = [
      ...[STOP, PSI, ROOTLESS, HEALTH].map((d) => `${d}/kep.yaml`),
      ...[STOP, PSI, ROOTLESS, HEALTH].map((d) => `${d}/OWNERS`).filter((f) => fs.existsSync(repo.path(f))),
      'OWNERS_ALIASES',
      ...fs.readdirSync(repo.path('keps/prod-readiness/sig-node')).map((f) => `keps/prod-readiness/sig-node/${f}`),
    ];
    const lines = (handle: string): string[] =>
      files
        .flatMap((f) =>
          fs
            .readFileSync(repo.path(f), 'utf8')
            .split('\n')
            .flatMap((l, i) => (new RegExp(`^\\s*(?:- |approver: )["']?@?${handle}["']?\\s*(?:#.*)?$`, 'i').test(l) ? [`${f}:${i}`] : [])),
        )
        .sort();
    const sergey = lines('sergeykanzhelev');
    assert.ok(sergey.some((l) => l.startsWith(`${STOP}/OWNERS:`)) && sergey.some((l) => l.startsWith('OWNERS_ALIASES:')) && sergey.some((l) => l.startsWith(`${STOP}/kep.yaml:`)), sergey.join('\n'));

    const stopYaml = repo.path(`${STOP}/kep.yaml`);
    const stopText = fs.readFileSync(stopYaml, 'utf8');
    const fromKep = await client.conn.sendRequest(ReferencesRequest.type, { textDocument: { uri: uriOf(stopYaml) }, position: positionOf(stopText, "'@sergeykanzhelev'", 3), context: { includeDeclaration: true } });
    assert.deepEqual(where(repo.root, fromKep), sergey);

    const owners = repo.path(`${STOP}/OWNERS`);
    const ownersText = fs.readFileSync(owners, 'utf8');
    const fromOwners = await client.conn.sendRequest(ReferencesRequest.type, { textDocument: { uri: uriOf(owners) }, position: positionOf(ownersText, 'SergeyKanzhelev', 2), context: { includeDeclaration: true } });
    assert.deepEqual(where(repo.root, fromOwners), sergey);

    const aliases = repo.path('OWNERS_ALIASES');
    const aliasesText = fs.readFileSync(aliases, 'utf8');
    const fromAliases = await client.conn.sendRequest(ReferencesRequest.type, { textDocument: { uri: uriOf(aliases) }, position: positionOf(aliasesText, '- SergeyKanzhelev', 4), context: { includeDeclaration: true } });
    assert.deepEqual(where(repo.root, fromAliases), sergey);

    const prr = repo.path('keps/prod-readiness/sig-node/4960.yaml');
    const prrText = fs.readFileSync(prr, 'utf8');
    const approver = /approver: "@([\w-]+)"/.exec(prrText)![1]!;
    const fromPrr = await client.conn.sendRequest(ReferencesRequest.type, { textDocument: { uri: uriOf(prr) }, position: positionOf(prrText, `@${approver}`, 2), context: { includeDeclaration: true } });
    const expected = lines(approver);
    assert.ok(expected.filter((l) => l.startsWith('keps/prod-readiness/')).length >= 2, expected.join('\n'));
    assert.deepEqual(where(repo.root, fromPrr), expected);

    // On a key, or on something that is no person: nothing.
    assert.deepEqual(await client.conn.sendRequest(ReferencesRequest.type, { textDocument: { uri: uriOf(stopYaml) }, position: positionOf(stopText, 'owning-sig: sig-node', 14), context: { includeDeclaration: true } }), []);
  });

  test('code lens on kep.yaml: the readiness for the release in progress, which opens the checklist', async () => {
    const lens = async (dir: string): Promise<CodeLens[]> => {
      const file = repo.path(`${dir}/kep.yaml`);
      await client.open(file);
      return (await client.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: uriOf(file) } })) ?? [];
    };
    // v1.37 is the highest latest-milestone here: the release in progress.
    const stop = await lens(STOP);
    assert.equal(stop.length, 1);
    assert.deepEqual(stop[0]!.command, { title: 'Ready for beta in v1.37', command: 'kepStudio.showChecklist', arguments: [uriOf(repo.path(`${STOP}/kep.yaml`))] });
    assert.equal(stop[0]!.range.start.line, 0);
    // One (R) line of its Release Signoff Checklist is not ticked.
    assert.equal((await lens(ROOTLESS))[0]!.command!.title, '1 item open for beta in v1.37');
    // Beta at v1.36 with milestone.stable v1.37: stage and milestones, the PRR stable entry, metrics and six (R) lines.
    assert.equal((await lens(HEALTH))[0]!.command!.title, '9 items open for stable in v1.37');
    // Implemented and stable in v1.36: not in this release; its own checklist is done.
    assert.equal((await lens(PSI))[0]!.command!.title, 'Not targeting v1.37 (ready for stable in v1.36)');
    // No lens on other files.
    const readme = repo.path(`${STOP}/README.md`);
    await client.open(readme);
    assert.deepEqual(await client.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: uriOf(readme) } }), []);
  });

  test('the code lens follows the files it reads', async () => {
    const readme = `${ROOTLESS}/README.md`;
    repo.write(readme, repo.read(readme).replace('- [ ] (R) Graduation criteria is in place', '- [x] (R) Graduation criteria is in place'));
    await client.filesChanged([{ file: repo.path(readme), type: 2 }]);
    const file = repo.path(`${ROOTLESS}/kep.yaml`);
    const lenses = await client.conn.sendRequest(CodeLensRequest.type, { textDocument: { uri: uriOf(file) } });
    assert.equal(lenses![0]!.command!.title, 'Ready for beta in v1.37');
  });

  test('the KEPs view’s request: by SIG then status, readiness for the release in progress, filters; the report', async () => {
    const keps = (query: object): Promise<KepsResult> => client.conn.sendRequest(Requests.keps, { query });
    const all = await keps({});
    assert.equal(all.release, 'v1.37');
    assert.deepEqual(all.sigs, ['sig-node']);
    assert.deepEqual(all.releases, ['v1.37', 'v1.38', 'v1.39', 'v1.36']);
    assert.deepEqual(
      all.groups.map((g) => [g.sig, g.statuses.map((s) => [s.status, s.keps.map((k) => k.number)])]),
      [['sig-node', [['implementable', ['2033', '4680', '4960']], ['implemented', ['4205']]]]],
    );
    const kep = (n: string) => all.groups[0]!.statuses.flatMap((s) => s.keps).find((k) => k.number === n)!;
    assert.deepEqual(kep('4960'), {
      uri: uriOf(repo.path(`${STOP}/README.md`)),
      kepYaml: uriOf(repo.path(`${STOP}/kep.yaml`)),
      number: '4960',
      title: 'Container Stop Signals',
      owningSig: 'sig-node',
      status: 'implementable',
      stage: 'beta',
      latestMilestone: 'v1.37',
      readiness: { release: 'v1.37', stage: 'beta', open: [] },
    });
    assert.equal(kep('4680').readiness!.open.length, 9);
    assert.equal(kep('4205').readiness, undefined, 'not targeting v1.37');
    // Not ready (for the release in progress; 2033's last box was ticked above), of a person, of another release.
    const notReady = await keps({ ready: false });
    assert.deepEqual(notReady.groups.flatMap((g) => g.statuses.flatMap((s) => s.keps.map((k) => k.number))), ['4680']);
    const mine = await keps({ involves: ['@SergeyKanzhelev'] });
    assert.deepEqual(mine.groups.flatMap((g) => g.statuses.flatMap((s) => s.keps.map((k) => k.number))).sort(), ['2033', '4680', '4960']);
    const older = await keps({ release: 'v1.36' });
    assert.equal(older.release, 'v1.36');
    assert.deepEqual(older.groups.flatMap((g) => g.statuses.flatMap((s) => s.keps.map((k) => [k.number, k.readiness?.stage]))), [['4680', 'beta'], ['4205', 'stable']]);
    assert.deepEqual(await keps({ sigs: ['sig-nodes'] }), { error: 'No SIG matches "sig-nodes" (did you mean sig-node?).' });

    const report: ReportResult = await client.conn.sendRequest(Requests.report, {});
    assert.equal(report.release, 'v1.37');
    assert.match(report.markdown, /^# Release readiness for v1\.37\n\n3 KEPs target v1\.37 .*: 2 ready, 1 not ready\./);
  });

  test('a KEP created on disk: the server says so (kepStudio/kepsChanged), then lists it', async () => {
    const changed = new Promise<void>((resolve) => client.conn.onNotification(Notifications.kepsChanged, () => resolve()));
    const file = repo.write('keps/sig-apps/7001-new-thing/kep.yaml', 'title: New thing\nkep-number: "7001"\nauthors: ["@someone"]\nowning-sig: sig-apps\nstatus: provisional\nstage: alpha\nlatest-milestone: "v1.37"\napprovers: []\n');
    await client.filesChanged([{ file, type: 1 }]);
    await changed;
    const all: KepsResult = await client.conn.sendRequest(Requests.keps, { query: {} });
    const apps = all.groups.find((g) => g.sig === 'sig-apps');
    assert.deepEqual(apps?.statuses.map((s) => [s.status, s.keps.map((k) => k.readiness?.open.includes('Status implementable'))]), [['provisional', [true]]]);
  });
});

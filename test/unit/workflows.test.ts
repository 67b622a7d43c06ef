import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { Position, Problem } from '../../server/src/core/problem.js';
import { Engine } from '../../server/src/engine.js';
import type { Kep } from '../../server/src/kep/kep.js';
import { kepChecklist, type ReadinessItem } from '../../server/src/workflows/checklist.js';
import { locateKep } from '../../server/src/workflows/locate.js';
import { newKep } from '../../server/src/workflows/newKep.js';
import { promoteKep } from '../../server/src/workflows/promote.js';
import { renumberKep } from '../../server/src/workflows/renumber.js';
import { nextStage, releaseChoices } from '../../server/src/workflows/stages.js';
import { kepSubmission } from '../../server/src/workflows/submission.js';
import { trackingIssueDraft } from '../../server/src/workflows/trackingIssue.js';
import type { Repository } from '../../server/src/workspace/repository.js';
import { checkRepository, describe as describeProblems, withRule } from '../support/check.js';
import { applyEdits, offsetOf } from '../support/edits.js';
import { repoRoot } from '../support/paths.js';
import { copyCorpusKep, makeTempRepo, tempRepoAt, type TempRepo } from '../support/tempRepo.js';

const DRAFT = 'keps/sig-node/9999-sidecar-readiness-gates';
const REAL = 'keps/sig-node/4960-container-stop-signals';
const ALPHA_KEP = 'sig-node/4176-cpumanager-spread-cpus-preferred-policy';
const ALPHA_KEP_COMMENTED = 'sig-node/5894-node-system-partition';
const ENHANCEMENTS = 'https://github.com/kubernetes/enhancements';
const KUBERNETES = { kind: 'kubernetes-enhancement-issue' } as const;
const CONTAINERD = { kind: 'containerd-kep-tracking-issue' } as const;

// ---------------------------------------------------------------------------------------------
// Helpers

/** A copy of samples/enhancements in a temp folder, as a TempRepo. */
function sampleRepo(): TempRepo {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-workflows-'));
  fs.cpSync(path.join(repoRoot, 'samples/enhancements'), root, { recursive: true });
  return tempRepoAt(root);
}

/** Runs `fn` on a temp repository and removes it afterwards. */
function withRepo<T>(make: () => TempRepo, fn: (repo: TempRepo) => T): T {
  const repo = make();
  try {
    return fn(repo);
  } finally {
    repo.dispose();
  }
}

/** The KEP a file belongs to, with a fresh engine (nothing cached from before edits were applied). */
function locate(file: string, engine = new Engine()): { repo: Repository; kep: Kep } {
  const found = locateKep(engine, file);
  assert.ok(found, `no KEP found for ${file}`);
  return found;
}

/** The repository and KEP of a file, as arguments for the workflows. */
function kepAt(file: string): [Repository, Kep] {
  const { repo, kep } = locate(file);
  return [repo, kep];
}



const rulesOf = (problems: Problem[]): string[] => [...new Set(problems.map((p) => p.ruleId))].sort();
const under = (problems: Problem[], dir: string): Problem[] => problems.filter((p) => p.path === dir || p.path.startsWith(dir + path.sep));
const item = (items: ReadinessItem[], id: string): ReadinessItem => {
  const found = items.find((i) => i.id === id);
  assert.ok(found, `no readiness item ${id} in ${items.map((i) => i.id).join(', ')}`);
  return found;
};
/** The text a range covers. */
const textAt = (text: string, range: { start: Position; end: Position }): string => text.slice(offsetOf(text, range.start), offsetOf(text, range.end));
const h1s = (markdown: string): string[] => markdown.split('\n').filter((l) => /^# /.test(l));

/** Creates a KEP with newKep and writes it; returns its paths. */
function createKep(repo: TempRepo, fields: Parameters<typeof newKep>[1]): ReturnType<typeof newKep> {
  const created = newKep(new Engine().repository(repo.root), fields);
  applyEdits(created.edits);
  return created;
}

// ---------------------------------------------------------------------------------------------

describe('newKep', () => {
  const fields = { title: 'Pod Level Resource Limits', owningSig: 'sig-node', authors: ['alice', '@bob'] };

  test('creates keps/<sig>/NNNN-<slug>/kep.yaml and README.md from the embedded template', () =>
    withRepo(makeTempRepo, (repo) => {
      const created = newKep(new Engine().repository(repo.root), fields);
      const dir = repo.path('keps/sig-node/NNNN-pod-level-resource-limits');
      assert.equal(created.dir, dir);
      assert.equal(created.kepYaml, path.join(dir, 'kep.yaml'));
      assert.equal(created.readme, path.join(dir, 'README.md'));
      assert.deepEqual(
        created.edits.map((e) => (e.kind === 'create' ? [e.kind, e.path] : [e.kind])),
        [['create', created.kepYaml], ['create', created.readme]],
      );
      applyEdits(created.edits);

      const { kep } = locate(created.kepYaml);
      assert.equal(kep.dir, dir);
      assert.ok(kep.decoded);
      assert.deepEqual(kep.decodeProblems, []);
      assert.equal(kep.title, 'Pod Level Resource Limits');
      assert.equal(kep.owningSig, 'sig-node');
      assert.deepEqual(kep.list('authors'), ['@alice', '@bob']);
      assert.equal(kep.number, 'NNNN');
      assert.equal(kep.status, 'provisional');
      assert.equal(kep.stage, 'alpha');

      const readme = fs.readFileSync(created.readme, 'utf8');
      assert.deepEqual(h1s(readme), ['# KEP-NNNN: Pod Level Resource Limits']);
      assert.match(readme, /<!-- toc -->\n- \[Release Signoff Checklist\]\(#release-signoff-checklist\)\n/);
      assert.match(readme, /\n- \[Summary\]\(#summary\)\n/);

      const problems = under(checkRepository(repo.root), dir);
      assert.deepEqual(problems.filter((p) => p.ruleId.startsWith('md/toc')), [], describeProblems(problems, repo.root));
      assert.deepEqual(problems.filter((p) => p.severity === 'error'), [], describeProblems(problems, repo.root));
    }));

  test('uses the repository’s own template and a given issue number', () =>
    withRepo(sampleRepo, (repo) => {
      const created = createKep(repo, { ...fields, number: '5123' });
      const dir = repo.path('keps/sig-node/5123-pod-level-resource-limits');
      assert.equal(created.dir, dir);
      const { kep } = locate(created.kepYaml);
      assert.equal(kep.number, '5123');
      assert.deepEqual(kep.decodeProblems, []);
      const readme = fs.readFileSync(created.readme, 'utf8');
      assert.deepEqual(h1s(readme), ['# KEP-5123: Pod Level Resource Limits']);
      const problems = under(checkRepository(repo.root), dir);
      assert.deepEqual(problems.filter((p) => p.ruleId.startsWith('md/toc') || p.severity === 'error'), [], describeProblems(problems, repo.root));
      assert.ok(!problems.some((p) => p.ruleId === 'md/placeholder' || (p.ruleId === 'kep/placeholder' && /kep-number/.test(p.message))), describeProblems(problems, repo.root));
    }));

  test('a new KEP’s placeholder number is one finding (kep/placeholder), not also a duplicate of the template’s or another new KEP’s', () =>
    withRepo(sampleRepo, (repo) => {
      const first = createKep(repo, fields);
      const second = createKep(repo, { ...fields, title: 'Another Draft' });
      const problems = checkRepository(repo.root);
      assert.deepEqual(withRule(problems, 'kep/duplicate-number'), [], describeProblems(problems, repo.root));
      for (const created of [first, second]) {
        const numbers = problems.filter((p) => p.path === created.kepYaml && p.ruleId === 'kep/placeholder' && /kep-number/.test(p.message));
        assert.equal(numbers.length, 1, describeProblems(problems, repo.root));
      }
    }));

  test('refuses a folder that exists already', () =>
    withRepo(sampleRepo, (repo) => {
      const r = new Engine().repository(repo.root);
      assert.throws(() => newKep(r, { title: 'Container Stop Signals', owningSig: 'sig-node', authors: ['a'], number: '4960' }), /keps\/sig-node\/4960-container-stop-signals already exists/);
      createKep(repo, fields);
      assert.throws(() => newKep(new Engine().repository(repo.root), fields), /NNNN-pod-level-resource-limits already exists/);
    }));

  test('refuses an empty title, a bad SIG folder name and a number that is not an issue number', () =>
    withRepo(makeTempRepo, (repo) => {
      const r = new Engine().repository(repo.root);
      for (const title of ['', '   ', '\n\t']) assert.throws(() => newKep(r, { ...fields, title }), /needs a title/, JSON.stringify(title));
      for (const owningSig of ['', 'SIG Node', 'Sig-Node', 'sig_node', 'sig node', '../sig-node', 'sig-node/sub']) {
        assert.throws(() => newKep(r, { ...fields, owningSig }), /is not a SIG folder name/, JSON.stringify(owningSig));
      }
      for (const number of ['abc', '12a', '0', '-3', '1.5', '0042', 'NNNN1']) {
        assert.throws(() => newKep(r, { ...fields, number }), /is not an issue number/, number);
      }
      assert.deepEqual(fs.readdirSync(repo.path('keps')).sort(), ['README.md', 'prod-readiness'], 'nothing was created');
    }));

  test('refuses a SIG folder name without letters', () =>
    withRepo(makeTempRepo, (repo) => {
      const r = new Engine().repository(repo.root);
      for (const owningSig of ['-', '--']) assert.throws(() => newKep(r, { ...fields, owningSig }), /is not a SIG folder name/, owningSig);
    }));

  test('a title with $ characters is written as given into the README title', () =>
    withRepo(makeTempRepo, (repo) => {
      const title = 'Allow $$ and $& in env values';
      const created = createKep(repo, { ...fields, title });
      assert.equal(locate(created.kepYaml).kep.title, title);
      assert.deepEqual(h1s(fs.readFileSync(created.readme, 'utf8')), [`# KEP-NNNN: ${title}`]);
    }));

  test('a title without ASCII letters or digits does not make a folder named NNNN-', () =>
    withRepo(makeTempRepo, (repo) => {
      const r = new Engine().repository(repo.root);
      for (const title of ['???', 'Über', 'ノード']) {
        let dir: string | undefined;
        try {
          dir = newKep(r, { ...fields, title }).dir;
        } catch (err) {
          assert.match((err as Error).message, /title/, title);
          continue;
        }
        assert.match(path.basename(dir), /^NNNN-[a-z0-9]/, `${title} → ${path.basename(dir)}`);
      }
    }));
});

// ---------------------------------------------------------------------------------------------

describe('promoteKep', () => {
  test('moves an implementable alpha KEP to beta in v1.38: kep.yaml, PRR file and README', () =>
    withRepo(makeTempRepo, (repo) => {
      const rel = copyCorpusKep(repo, ALPHA_KEP);
      const kepPath = repo.path(`${rel}/kep.yaml`);
      const readmePath = repo.path(`${rel}/README.md`);
      const prrPath = repo.path('keps/prod-readiness/sig-node/4176.yaml');
      const kepBefore = fs.readFileSync(kepPath, 'utf8');
      const prrBefore = fs.readFileSync(prrPath, 'utf8');
      const readmeBefore = fs.readFileSync(readmePath, 'utf8');
      const problemsBefore = checkRepository(repo.root);
      // The fixture: its README has Alpha but no Beta criteria.
      assert.ok(problemsBefore.some((p) => p.ruleId === 'md/graduation-criteria' && /\bBeta\b/.test(p.message)), describeProblems(problemsBefore, repo.root));

      const { repo: r, kep } = locate(kepPath);
      const promotion = promoteKep(r, kep, 'beta', 'v1.38');
      assert.deepEqual(promotion.changes, [
        'kep.yaml: stage beta, latest-milestone v1.38, milestone.beta v1.38',
        'keps/prod-readiness/sig-node/4176.yaml: added an entry for beta (fill in the approver)',
        'README.md: added the Beta graduation criteria',
      ]);
      applyEdits(promotion.edits);

      // kep.yaml: exactly the three values change, every comment and other line is kept.
      const expected = kepBefore
        .replace(/^stage: alpha$/m, 'stage: beta')
        .replace(/^latest-milestone: "v1\.30"$/m, 'latest-milestone: "v1.38"')
        .replace(/^ {2}beta: "v1\.31"$/m, '  beta: "v1.38"');
      assert.notEqual(expected, kepBefore);
      assert.equal(fs.readFileSync(kepPath, 'utf8'), expected);
      const after = locate(kepPath).kep;
      assert.equal(after.stage, 'beta');
      assert.equal(after.latestMilestone, 'v1.38');
      assert.equal(after.view!.string('/milestone/beta'), 'v1.38');
      assert.equal(after.view!.string('/milestone/alpha'), 'v1.30');
      assert.deepEqual(after.decodeProblems, []);

      // The PRR file keeps its lines and gains a beta entry.
      const prrAfter = fs.readFileSync(prrPath, 'utf8');
      assert.ok(prrAfter.startsWith(prrBefore), prrAfter);
      assert.match(prrAfter.slice(prrBefore.length), /^beta:\n {2}approver: ""\n?$/);

      // The README gains a Beta subsection under Graduation Criteria, after Alpha; nothing else changes but the TOC.
      const readmeAfter = fs.readFileSync(readmePath, 'utf8');
      const at = (s: string): number => {
        const i = readmeAfter.indexOf(s);
        assert.ok(i >= 0, `${s} not in the README`);
        return i;
      };
      assert.ok(at('\n### Graduation Criteria\n') < at('\n#### Alpha\n'));
      assert.ok(at('\n#### Alpha\n') < at('\n#### Beta\n'));
      assert.ok(at('\n#### Beta\n') < at('\n### Upgrade / Downgrade Strategy\n'));
      const inserted = promotion.edits.find((e) => e.kind === 'edit' && e.path === readmePath && e.newText.includes('#### Beta'));
      assert.ok(inserted && inserted.kind === 'edit');
      const withoutToc = (s: string): string => s.replace(/<!-- toc -->[\s\S]*<!-- \/toc -->/, '');
      assert.equal(withoutToc(readmeAfter.replace(inserted.newText, '')), withoutToc(readmeBefore));

      const problems = checkRepository(repo.root);
      assert.ok(!problems.some((p) => p.ruleId === 'md/graduation-criteria' && /\bBeta\b/.test(p.message)), describeProblems(problems, repo.root));
      assert.ok(!problems.some((p) => p.ruleId === 'prr/stage-missing'), describeProblems(problems, repo.root));
      // The only error left is the PRR approver to fill in; the new heading is in the TOC (verify-toc passes).
      assert.deepEqual(
        problems.filter((p) => p.severity === 'error').map((p) => `${path.relative(repo.root, p.path)} ${p.ruleId}`),
        ['keps/prod-readiness/sig-node/4176.yaml kep/required-field'],
        describeProblems(problems, repo.root),
      );
      assert.match(readmeAfter, /\n {4}- \[Alpha\]\(#alpha\)\n {4}- \[Beta\]\(#beta\)\n/);
    }));

  test('keeps the comments on the lines it changes', () =>
    withRepo(makeTempRepo, (repo) => {
      const rel = copyCorpusKep(repo, ALPHA_KEP_COMMENTED);
      const kepPath = repo.path(`${rel}/kep.yaml`);
      const before = fs.readFileSync(kepPath, 'utf8');
      assert.match(before, /^stage: alpha # alpha\|beta\|stable$/m);
      const { repo: r, kep } = locate(kepPath);
      applyEdits(promoteKep(r, kep, 'beta', 'v1.38').edits);
      const expected = before
        .replace(/^stage: alpha # alpha\|beta\|stable$/m, 'stage: beta # alpha|beta|stable')
        .replace(/^latest-milestone: "v1\.37"$/m, 'latest-milestone: "v1.38"')
        .replace(/^ {2}alpha: "v1\.37"\n/m, '  alpha: "v1.37"\n  beta: "v1.38"\n');
      assert.equal(fs.readFileSync(kepPath, 'utf8'), expected);
    }));

  test('creates the PRR approval file when it is missing', () =>
    withRepo(makeTempRepo, (repo) => {
      const rel = copyCorpusKep(repo, ALPHA_KEP);
      const prrPath = repo.path('keps/prod-readiness/sig-node/4176.yaml');
      fs.rmSync(prrPath);
      const { repo: r, kep } = locate(repo.path(`${rel}/kep.yaml`));
      const promotion = promoteKep(r, kep, 'beta', 'v1.38');
      const create = promotion.edits.find((e) => e.kind === 'create');
      assert.ok(create && create.kind === 'create');
      assert.equal(create.path, prrPath);
      assert.ok(promotion.changes.includes('keps/prod-readiness/sig-node/4176.yaml: created, with an entry for beta (fill in the approver)'), promotion.changes.join('\n'));
      applyEdits(promotion.edits);
      assert.match(fs.readFileSync(prrPath, 'utf8'), /^kep-number: 4176\nbeta:\n {2}approver: ""\n/m);
      const problems = checkRepository(repo.root);
      assert.deepEqual(problems.filter((p) => p.ruleId === 'prr/file-missing' || p.ruleId === 'prr/stage-missing'), [], describeProblems(problems, repo.root));
    }));

  test('adds a milestone map to a kep.yaml that has none', () =>
    withRepo(makeTempRepo, (repo) => {
      const kepPath = repo.write(
        'keps/sig-node/12-no-milestone/kep.yaml',
        'title: No milestone\nkep-number: "12"\nauthors:\n  - "@a"\nowning-sig: sig-node\nstatus: implementable\ncreation-date: "2024-01-01"\nreviewers:\n  - "@b"\napprovers:\n  - "@c"\n# The stage.\nstage: alpha\nlatest-milestone: "v1.37"\n\n# trailing comment\n',
      );
      const { repo: r, kep } = locate(kepPath);
      applyEdits(promoteKep(r, kep, 'beta', 'v1.38').edits);
      assert.equal(
        fs.readFileSync(kepPath, 'utf8'),
        'title: No milestone\nkep-number: "12"\nauthors:\n  - "@a"\nowning-sig: sig-node\nstatus: implementable\ncreation-date: "2024-01-01"\nreviewers:\n  - "@b"\napprovers:\n  - "@c"\n# The stage.\nstage: beta\nlatest-milestone: "v1.38"\nmilestone:\n  beta: "v1.38"\n\n# trailing comment\n',
      );
      const after = locate(kepPath).kep;
      assert.deepEqual(after.decodeProblems, []);
      assert.deepEqual(after.milestoneStages(), ['beta']);
    }));

  test('adds the stage to an empty milestone: entry', () =>
    withRepo(makeTempRepo, (repo) => {
      const kepPath = repo.write('keps/sig-node/14-null/kep.yaml', 'title: Null\nkep-number: "14"\nowning-sig: sig-node\nstatus: implementable\nstage: alpha\nlatest-milestone: "v1.37"\nmilestone:\nfeature-gates: []\n');
      const { repo: r, kep } = locate(kepPath);
      applyEdits(promoteKep(r, kep, 'beta', 'v1.38').edits);
      assert.equal(fs.readFileSync(kepPath, 'utf8'), 'title: Null\nkep-number: "14"\nowning-sig: sig-node\nstatus: implementable\nstage: beta\nlatest-milestone: "v1.38"\nmilestone:\n  beta: "v1.38"\nfeature-gates: []\n');
    }));

  test('adds the stage to a flow-style milestone map', () =>
    withRepo(makeTempRepo, (repo) => {
      const kepPath = repo.write('keps/sig-node/77-flow/kep.yaml', 'title: Flow\nkep-number: "77"\nowning-sig: sig-node\nstatus: implementable\nstage: alpha\nlatest-milestone: "v1.37"\nmilestone: {alpha: "v1.37"}\n');
      const { repo: r, kep } = locate(kepPath);
      applyEdits(promoteKep(r, kep, 'beta', 'v1.38').edits);
      const after = locate(kepPath).kep;
      assert.deepEqual(after.decodeProblems.filter((d) => /beta/.test(JSON.stringify(d))), [], fs.readFileSync(kepPath, 'utf8'));
      assert.equal(after.view!.string('/milestone/alpha'), 'v1.37', fs.readFileSync(kepPath, 'utf8'));
      assert.equal(after.view!.string('/milestone/beta'), 'v1.38', fs.readFileSync(kepPath, 'utf8'));
      assert.equal(after.view!.get('beta'), undefined, fs.readFileSync(kepPath, 'utf8'));
    }));

  test('does not touch the PRR file for a release before v1.21', () =>
    withRepo(makeTempRepo, (repo) => {
      const rel = copyCorpusKep(repo, ALPHA_KEP);
      const { repo: r, kep } = locate(repo.path(`${rel}/kep.yaml`));
      const promotion = promoteKep(r, kep, 'beta', 'v1.20');
      assert.ok(!promotion.edits.some((e) => (e.kind === 'rename' ? e.oldPath : e.path).includes('prod-readiness')), JSON.stringify(promotion.edits));
    }));

  test('refuses a kep.yaml that does not parse, with a message', () =>
    withRepo(makeTempRepo, (repo) => {
      const files = {
        'keps/sig-node/10-syntax/kep.yaml': 'title: [unclosed\nkep-number: "10"\nstage: alpha\n',
        'keps/sig-node/11-list/kep.yaml': '- a\n- b\n',
        'keps/sig-node/13-empty/kep.yaml': '',
      };
      for (const [rel, text] of Object.entries(files)) {
        const kepPath = repo.write(rel, text);
        const { repo: r, kep } = locate(kepPath);
        assert.throws(() => promoteKep(r, kep, 'beta', 'v1.38'), /is not valid YAML; fix it first/, rel);
      }
    }));

  test('refuses a release that is not like v1.38', () =>
    withRepo(makeTempRepo, (repo) => {
      const rel = copyCorpusKep(repo, ALPHA_KEP);
      const { repo: r, kep } = locate(repo.path(`${rel}/kep.yaml`));
      for (const release of ['', '1.38', 'v2.0', 'v1.x', 'next', 'v1.38.1', 'V1.38', ' v1.38', 'v1.38-rc.1']) {
        assert.throws(() => promoteKep(r, kep, 'beta', release), /is not a release like v1\.38/, JSON.stringify(release));
      }
    }));
});

// ---------------------------------------------------------------------------------------------

describe('renumberKep', () => {
  test('renumbers the sample draft: kep-number, README title, PRR file and folder', () =>
    withRepo(sampleRepo, (repo) => {
      // The draft's owning SIG is sig-nodes, so that is where its PRR file is looked up.
      const prrOld = repo.write('keps/prod-readiness/sig-nodes/9999.yaml', 'kep-number: 9999\nbeta:\n  approver: "@johnbelamaric"\n');
      const { repo: r, kep } = locate(repo.path(`${DRAFT}/kep.yaml`));
      const edits = renumberKep(r, kep, '5123');

      const kinds = edits.map((e) => e.kind);
      assert.ok(kinds.lastIndexOf('edit') < kinds.indexOf('rename'), `text edits come before renames: ${kinds.join(', ')}`);
      assert.deepEqual(
        edits.filter((e) => e.kind === 'edit').map((e) => (e.kind === 'edit' ? path.relative(repo.root, e.path) : '')).sort(),
        ['keps/prod-readiness/sig-nodes/9999.yaml', `${DRAFT}/README.md`, `${DRAFT}/kep.yaml`],
      );
      assert.deepEqual(
        edits.filter((e) => e.kind === 'rename').map((e) => (e.kind === 'rename' ? [path.relative(repo.root, e.oldPath), path.relative(repo.root, e.newPath)] : [])).sort(),
        [
          ['keps/prod-readiness/sig-nodes/9999.yaml', 'keps/prod-readiness/sig-nodes/5123.yaml'],
          [DRAFT, 'keps/sig-node/5123-sidecar-readiness-gates'],
        ],
      );
      const kepBefore = repo.read(`${DRAFT}/kep.yaml`);
      const readmeBefore = repo.read(`${DRAFT}/README.md`);
      const problemsBefore = checkRepository(repo.root);
      applyEdits(edits);

      const newDir = 'keps/sig-node/5123-sidecar-readiness-gates';
      assert.ok(!fs.existsSync(repo.path(DRAFT)));
      assert.ok(!fs.existsSync(prrOld));
      assert.equal(repo.read(`${newDir}/kep.yaml`), kepBefore.replace('kep-number: "9999"', 'kep-number: "5123"'));
      assert.equal(repo.read(`${newDir}/README.md`), readmeBefore.replace('# KEP-9999: ', '# KEP-5123: '));
      assert.equal(repo.read('keps/prod-readiness/sig-nodes/5123.yaml'), 'kep-number: 5123\nbeta:\n  approver: "@johnbelamaric"\n');

      const { kep: moved } = locate(repo.path(`${newDir}/README.md`));
      assert.equal(moved.dir, repo.path(newDir));
      assert.equal(moved.number, '5123');
      const problems = checkRepository(repo.root);
      assert.deepEqual(problems.filter((p) => ['kep/number-mismatch', 'prr/number-mismatch', 'prr/file-missing'].includes(p.ruleId)), [], describeProblems(problems, repo.root));
      assert.ok(!problems.some((p) => p.path.includes('9999')), describeProblems(problems, repo.root));
      // Renumbering fixes nothing else and breaks nothing else.
      const shape = (ps: Problem[]): string[] => ps.filter((p) => p.ruleId !== 'prr/file-missing').map((p) => `${path.basename(p.path)} ${p.ruleId} ${p.range.start.line}`).sort();
      assert.deepEqual(shape(problems), shape(problemsBefore));
    }));

  test('renumbers a KEP made by newKep (NNNN)', () =>
    withRepo(sampleRepo, (repo) => {
      const created = createKep(repo, { title: 'Pod Level Resource Limits', owningSig: 'sig-node', authors: ['alice'] });
      const before = kepChecklist(...kepAt(created.kepYaml));
      assert.equal(item(before.readiness, 'tracking-issue').state, 'todo');

      const { repo: r, kep } = locate(created.kepYaml);
      const edits = renumberKep(r, kep, '4242');
      const kinds = edits.map((e) => e.kind);
      assert.deepEqual(kinds, ['edit', 'edit', 'rename']);
      applyEdits(edits);

      const newDir = repo.path('keps/sig-node/4242-pod-level-resource-limits');
      assert.ok(!fs.existsSync(created.dir));
      assert.match(fs.readFileSync(path.join(newDir, 'kep.yaml'), 'utf8'), /^kep-number: "4242"$/m);
      assert.deepEqual(h1s(fs.readFileSync(path.join(newDir, 'README.md'), 'utf8')), ['# KEP-4242: Pod Level Resource Limits']);
      const found = locate(path.join(newDir, 'kep.yaml'));
      assert.equal(found.kep.dir, newDir);
      assert.equal(found.kep.number, '4242');
      const problems = under(checkRepository(repo.root), newDir);
      assert.deepEqual(problems.filter((p) => ['kep/number-mismatch', 'md/placeholder'].includes(p.ruleId) || p.severity === 'error'), [], describeProblems(problems, repo.root));
      assert.equal(item(kepChecklist(found.repo, found.kep).readiness, 'tracking-issue').state, 'done');
    }));

  test('renames a PRR file named NNNN.yaml along with the KEP', () =>
    withRepo(makeTempRepo, (repo) => {
      const created = createKep(repo, { title: 'Numbered Later', owningSig: 'sig-node', authors: ['alice'] });
      repo.write('keps/prod-readiness/sig-node/NNNN.yaml', 'kep-number: NNNN\nalpha:\n  approver: ""\n');
      const { repo: r, kep } = locate(created.kepYaml);
      applyEdits(renumberKep(r, kep, '808'));
      assert.equal(repo.read('keps/prod-readiness/sig-node/808.yaml'), 'kep-number: 808\nalpha:\n  approver: ""\n');
      assert.ok(!fs.existsSync(repo.path('keps/prod-readiness/sig-node/NNNN.yaml')));
      assert.ok(fs.existsSync(repo.path('keps/sig-node/808-numbered-later/kep.yaml')));
    }));

  test('refuses a number that is not an issue number, and a kep.yaml that does not parse', () =>
    withRepo(sampleRepo, (repo) => {
      const { repo: r, kep } = locate(repo.path(`${DRAFT}/kep.yaml`));
      for (const n of ['', 'abc', '0', '012', '-1', '12.5', 'NNNN']) assert.throws(() => renumberKep(r, kep, n), /is not an issue number/, n);
      repo.write('keps/sig-node/10-syntax/kep.yaml', 'title: [unclosed\nkep-number: "10"\n');
      const broken = locate(repo.path('keps/sig-node/10-syntax/kep.yaml'));
      assert.throws(() => renumberKep(broken.repo, broken.kep, '500'), /is not valid YAML; fix it first/);
    }));

  test('refuses a number whose PRR file already exists (it would overwrite another KEP’s approval)', () =>
    withRepo(sampleRepo, (repo) => {
      // The draft, owned by sig-node with a PRR file, renumbered to 4960, whose PRR file exists.
      repo.write(`${DRAFT}/kep.yaml`, repo.read(`${DRAFT}/kep.yaml`).replace('owning-sig: sig-nodes', 'owning-sig: sig-node'));
      repo.write('keps/prod-readiness/sig-node/9999.yaml', 'kep-number: 9999\nbeta:\n  approver: "@johnbelamaric"\n');
      const { repo: r, kep } = locate(repo.path(`${DRAFT}/kep.yaml`));
      assert.throws(() => renumberKep(r, kep, '4960'), /4960/);
    }));
});

// ---------------------------------------------------------------------------------------------

describe('trackingIssueDraft', () => {
  test('kubernetes: the enhancement issue of a beta KEP', () =>
    withRepo(sampleRepo, (repo) => {
      const { repo: r, kep } = locate(repo.path(`${REAL}/kep.yaml`));
      const draft = trackingIssueDraft(r, kep, KUBERNETES);
      assert.equal(draft.repository, 'kubernetes/enhancements');
      assert.equal(draft.title, 'Container Stop Signals');
      assert.deepEqual(draft.labels, ['sig/node', 'kind/feature']);
      assert.match(draft.search, /^repo:kubernetes\/enhancements is:issue in:title "Container Stop Signals"$/);
      const lines = draft.body.split('\n');
      assert.equal(lines[0], '### Enhancement Description');
      assert.ok(
        lines.includes(
          '- One-line enhancement description (can be used as a release note): Container runtimes let you define a [STOPSIGNAL](https://docs.docker.com/reference/dockerfile/#stopsignal) to let your container images change which signal is delivered to kill the container.',
        ),
        draft.body,
      );
      assert.ok(lines.includes(`- Kubernetes Enhancement Proposal: ${ENHANCEMENTS}/tree/master/keps/sig-node/4960-container-stop-signals`), draft.body);
      assert.ok(lines.some((l) => l.startsWith('- Discussion Link:')));
      // The current template (kep-rules.md §7): "PRs by stage and milestone", Alpha (done) and
      // Beta (current) open, Stable waiting in the comment.
      assert.ok(lines.includes('- PRs by stage and milestone:'), draft.body);
      const [open, commented] = draft.body.split('\n<!-- Uncomment these as you prepare the enhancement for the next stage\n');
      assert.ok(commented, draft.body);
      assert.match(open!, /\n {2}- \[ \] Alpha - v1\.33\n {4}- \[ \] KEP \(`k\/enhancements`\) update PR\(s\):\n {4}- \[ \] Code \(`k\/k`\) update PR\(s\):\n {4}- \[ \] Docs \(`k\/website`\) update PR\(s\):\n/);
      assert.match(open!, /\n {2}- \[ \] Beta - v1\.37\n {4}- \[ \] KEP/);
      assert.doesNotMatch(open!, /Stable - /);
      assert.match(commented!, /^ {2}- \[ \] Stable - v1\.xx\n[\s\S]*\n-->\n/);
      assert.match(draft.body, /_Please keep this description up to date\./);
    }));

  test('kubernetes: a new alpha KEP has one open Alpha block and falls back to the title', () =>
    withRepo(makeTempRepo, (repo) => {
      const created = createKep(repo, { title: 'Pod Level Things', owningSig: 'sig-apps', authors: ['alice'] });
      const { repo: r, kep } = locate(created.kepYaml);
      const draft = trackingIssueDraft(r, kep, KUBERNETES);
      assert.equal(draft.title, 'Pod Level Things');
      assert.deepEqual(draft.labels, ['sig/apps', 'kind/feature']);
      // The template's Summary holds only a comment: the title stands in for the description.
      assert.ok(draft.body.includes('- One-line enhancement description (can be used as a release note): Pod Level Things\n'), draft.body);
      assert.ok(draft.body.includes(`- Kubernetes Enhancement Proposal: ${ENHANCEMENTS}/tree/master/keps/sig-apps/NNNN-pod-level-things\n`), draft.body);
      const [open, commented] = draft.body.split('\n<!-- Uncomment these as you prepare the enhancement for the next stage\n');
      // A new KEP's milestone is a placeholder: the body says v1.xx, not v1.NN.
      assert.match(open!, /\n {2}- \[ \] Alpha - v1\.xx\n/);
      assert.doesNotMatch(open!, /(Beta|Stable) - /);
      assert.match(commented!, /^ {2}- \[ \] Beta - v1\.xx\n[\s\S]*\n {2}- \[ \] Stable - v1\.xx\n/);
    }));

  test('containerd: the SIG-Node integration form', () =>
    withRepo(sampleRepo, (repo) => {
      const { repo: r, kep } = locate(repo.path(`${REAL}/README.md`));
      const draft = trackingIssueDraft(r, kep, CONTAINERD);
      assert.equal(draft.repository, 'containerd/containerd');
      assert.equal(draft.title, '[SIG-Node]: KEP-4960 - Container Stop Signals');
      assert.deepEqual(draft.labels, ['kind/feature', 'area/cri']);
      assert.match(draft.search, /^repo:containerd\/containerd is:issue in:title "KEP-4960"$/);
      const headings = draft.body.split('\n').filter((l) => l.startsWith('### '));
      assert.deepEqual(headings, [
        '### KEP/SIG-Node References',
        '### What is the SIG-Node problem you are trying to solve',
        '### Describe the solution you would like',
        '### Additional context',
      ]);
      assert.ok(draft.body.includes('\nContainer runtimes let you define a [STOPSIGNAL]'), draft.body);
      assert.ok(draft.body.includes('\nA new StopSignal lifecycle hook will be added to container lifecycle.\n'), draft.body);
      // The form's References are a list ("- KEP(s):", "- stage:", …): without the dashes GitHub
      // renders the lines as one paragraph.
      const lines = draft.body.split('\n');
      for (const line of [
        `- KEP(s): ${ENHANCEMENTS}/tree/master/keps/sig-node/4960-container-stop-signals`,
        '- stage: beta w/gate on',
        `- KEP Issue: ${ENHANCEMENTS}/issues/4960`,
        '- K8s-Release: 1.37',
        '- KEP-Owner: @sreeram-venkitesh',
      ]) {
        assert.ok(lines.includes(line), `${line}\n---\n${draft.body}`);
      }
      for (const key of ['- KEP PR:', '- SIG-Node member liason:', '- KEP-Shepherd:']) assert.ok(lines.some((l) => l.startsWith(key)), `${key}\n---\n${draft.body}`);
    }));

  test('containerd: a long title is shortened, a KEP without a number says NNNN', () =>
    withRepo(makeTempRepo, (repo) => {
      const rel = copyCorpusKep(repo, ALPHA_KEP);
      const long = trackingIssueDraft(...kepAt(repo.path(`${rel}/kep.yaml`)), CONTAINERD);
      assert.equal(long.title, '[SIG-Node]: KEP-4176 - New CPUManager Static Policy which spread hyperthreads ac...');
      const created = createKep(repo, { title: 'Pod Level Things', owningSig: 'sig-node', authors: ['alice'] });
      const fresh = trackingIssueDraft(...kepAt(created.kepYaml), CONTAINERD);
      assert.equal(fresh.title, '[SIG-Node]: KEP-NNNN - Pod Level Things');
      assert.match(fresh.body, /\n### What is the SIG-Node problem you are trying to solve\n\nPod Level Things\n/);
    }));
});

// ---------------------------------------------------------------------------------------------

describe('submission', () => {
  test('refuses the sample draft: its errors are listed', () =>
    withRepo(sampleRepo, (repo) => {
      const { repo: r, kep } = locate(repo.path(`${DRAFT}/kep.yaml`));
      const s = kepSubmission(r, kep);
      assert.ok(s.errors.length > 0);
      assert.ok(s.errors.every((e) => e.severity === 'error'));
      assert.ok(s.errors.every((e) => e.path.startsWith(repo.path(DRAFT) + path.sep)), describeProblems(s.errors, repo.root));
      assert.deepEqual(rulesOf(s.errors), ['md/toc-out-of-date', 'prr/file-missing']);
      // Each error once, although two check units read the KEP.
      assert.equal(new Set(s.errors.map((e) => `${e.path}:${e.range.start.line}:${e.ruleId}`)).size, s.errors.length);
      assert.deepEqual(s.files.map((f) => path.relative(repo.root, f)).sort(), [`${DRAFT}/README.md`, `${DRAFT}/kep.yaml`]);
      assert.equal(s.title, 'KEP-9999: Readiness gates for sidecar containers');
      assert.deepEqual(s.labels, ['kind/kep', 'sig/nodes']);
    }));

  test('KEP 4960 with its PRR file: no errors, its files, title, labels and the default body', () =>
    withRepo(makeTempRepo, (repo) => {
      const rel = copyCorpusKep(repo, 'sig-node/4960-container-stop-signals');
      const { repo: r, kep } = locate(repo.path(`${rel}/kep.yaml`));
      const s = kepSubmission(r, kep);
      assert.deepEqual(s.errors, [], describeProblems(s.errors, repo.root));
      assert.deepEqual(s.files.map((f) => path.relative(repo.root, f)).sort(), [
        'keps/prod-readiness/sig-node/4960.yaml',
        `${rel}/OWNERS`,
        `${rel}/README.md`,
        `${rel}/kep.yaml`,
      ]);
      assert.equal(s.title, 'KEP-4960: Container Stop Signals');
      assert.equal(s.commitMessage, 'KEP-4960: Container Stop Signals');
      assert.equal(s.branch, 'kep-4960');
      assert.deepEqual(s.labels, ['kind/kep', 'sig/node']);
      assert.match(s.body, /^- One-line PR description: KEP-4960: Container Stop Signals$/m);
      assert.match(s.body, /^- Issue link: https:\/\/github\.com\/kubernetes\/enhancements\/issues\/4960$/m);
      assert.doesNotMatch(s.body, /fixes #4960/);
    }));

  test('the body is the repository’s pull request template when it has one', () =>
    withRepo(makeTempRepo, (repo) => {
      const rel = copyCorpusKep(repo, 'sig-node/4960-container-stop-signals');
      const upper = '<!-- Please name the PR "KEP-NNNN: what it does" -->\n- One-line PR description:\n- Issue link:\n- Other comments:\n';
      repo.write('.github/PULL_REQUEST_TEMPLATE.md', upper);
      assert.equal(kepSubmission(...kepAt(repo.path(`${rel}/kep.yaml`))).body, upper);
    }));

  test('kubernetes/enhancements’ own template name (.github/pull_request_template.md) counts too', () =>
    withRepo(makeTempRepo, (repo) => {
      const rel = copyCorpusKep(repo, 'sig-node/4960-container-stop-signals');
      const lower = '<!-- short description of work done in PR -->\n- One-line PR description:\n\n- Issue link:\n\n- Other comments:';
      repo.write('.github/pull_request_template.md', lower);
      assert.equal(kepSubmission(...kepAt(repo.path(`${rel}/kep.yaml`))).body, lower);
    }));
});

// ---------------------------------------------------------------------------------------------

describe('kepChecklist', () => {
  const READINESS_IDS = ['status', 'milestone', 'metadata', 'prr-approval', 'graduation', 'test-plan', 'prr-questionnaire', 'feature-gates', 'metrics', 'toc', 'template', 'unresolved', 'tracking-issue'];

  test('the sample draft: its Release Signoff Checklist, with boxes pointing at [ ] / [x]', () =>
    withRepo(sampleRepo, (repo) => {
      const { repo: r, kep } = locate(repo.path(`${DRAFT}/README.md`));
      const c = kepChecklist(r, kep);
      assert.equal(c.kepDir, repo.path(DRAFT));
      assert.equal(c.title, 'Readiness gates for sidecar containers');
      assert.equal(c.number, '9999');
      assert.equal(c.status, 'implementable');
      assert.equal(c.stage, 'beta');
      assert.equal(c.release, 'v1.38');
      assert.deepEqual(
        c.signoff.map((s) => [s.text, s.checked, s.required, s.depth]),
        [
          ['(R) Enhancement issue in release milestone, which links to KEP dir in [kubernetes/enhancements] (not the initial KEP PR)', true, true, 0],
          ['(R) KEP approvers have approved the KEP status as `implementable`', true, true, 0],
          ['(R) Design details are appropriately documented', true, true, 0],
          ['(R) Test plan is in place, giving consideration to SIG Architecture and SIG Testing input', false, true, 0],
          ['(R) Graduation criteria is in place', false, true, 0],
          ['(R) Production readiness review completed', false, true, 0],
          ['(R) Production readiness review approved', false, true, 0],
          ['"Implementation History" section is up-to-date for milestone', false, false, 0],
          ['User-facing documentation has been created in [kubernetes/website], for publication to [kubernetes.io]', false, false, 0],
        ],
      );
      const readme = repo.read(`${DRAFT}/README.md`);
      for (const s of c.signoff) {
        assert.equal(s.path, repo.path(`${DRAFT}/README.md`));
        assert.equal(textAt(readme, s.box), s.checked ? '[x]' : '[ ]', s.text);
        assert.equal(s.box.start.line, s.box.end.line);
        assert.ok(readme.split('\n')[s.box.start.line]!.endsWith(s.text), s.text);
      }
    }));

  /** The sample draft's checklist. */
  const draftChecklist = (repo: TempRepo): ReturnType<typeof kepChecklist> => kepChecklist(...kepAt(repo.path(`${DRAFT}/kep.yaml`)));

  test('the sample draft: the readiness items and their states', () =>
    withRepo(sampleRepo, (repo) => {
      const c = draftChecklist(repo);
      assert.deepEqual(c.readiness.map((i) => i.id), READINESS_IDS);
      const states = Object.fromEntries(c.readiness.map((i) => [i.id, i.state]));
      assert.deepEqual(states, {
        status: 'done', // implementable
        milestone: 'done', // stage beta, latest-milestone and milestone.beta v1.38
        metadata: 'todo', // prr/file-missing is an error in kep.yaml
        'prr-approval': 'todo',
        graduation: 'todo', // no Beta criteria
        'test-plan': 'done',
        'prr-questionnaire': 'todo', // beta questions missing
        'feature-gates': 'done',
        metrics: 'done',
        toc: 'todo', // the README's TOC is stale (md/toc-out-of-date)
        template: 'todo', // two template sections missing (md/template-section)
        unresolved: 'todo', // an <<[UNRESOLVED]>> block (md/unresolved)
        // kep-number 9999 and folder 9999-… agree: nothing offline says 9999 is not the issue.
        'tracking-issue': 'done',
      });
      assert.equal(item(c.readiness, 'tracking-issue').detail, 'KEP-9999');
      // Each open item names the rule whose page explains it.
      assert.deepEqual(
        c.readiness.filter((i) => i.state === 'todo').map((i) => [i.id, i.rule]),
        [
          ['metadata', 'kep/unknown-sig'],
          ['prr-approval', 'prr/file-missing'],
          ['graduation', 'md/graduation-criteria'],
          ['prr-questionnaire', 'md/prr-questionnaire'],
          ['toc', 'md/toc-out-of-date'],
          ['template', 'md/template-section'],
          ['unresolved', 'md/unresolved'],
        ],
      );
      assert.match(item(c.readiness, 'template').detail!, /^2 sections missing; The README has no "Upgrade \/ Downgrade Strategy" section/);
    }));

  test('the sample draft: metadata and PRR approval items (a create-file fix)', () =>
    withRepo(sampleRepo, (repo) => {
      const c = draftChecklist(repo);
      const metadata = item(c.readiness, 'metadata');
      assert.equal(metadata.state, 'todo');
      // The metadata item is about kep.yaml's own fields (the PRR file has its own item).
      assert.match(metadata.detail!, /^sig-nodes is not a SIG/);
      assert.equal(metadata.location!.path, repo.path(`${DRAFT}/kep.yaml`));
      assert.equal(metadata.fix?.title, 'Change to sig-node');

      const prr = item(c.readiness, 'prr-approval');
      assert.equal(prr.state, 'todo');
      assert.equal(prr.label, 'PRR approval for beta');
      assert.equal(prr.detail, 'keps/prod-readiness/sig-nodes/9999.yaml does not exist.');
      assert.deepEqual(prr.fix?.edits.map((e) => e.kind), ['create']);
      const create = prr.fix!.edits[0]!;
      assert.ok(create.kind === 'create');
      assert.equal(create.path, repo.path('keps/prod-readiness/sig-nodes/9999.yaml'));
      assert.match(create.content, /^kep-number: 9999\nbeta:\n {2}approver: ""\n/m);
    }));

  test('the sample draft: graduation and PRR questionnaire items say what is missing and carry a fix', () =>
    withRepo(sampleRepo, (repo) => {
      const c = draftChecklist(repo);
      const questionnaire = item(c.readiness, 'prr-questionnaire');
      assert.equal(questionnaire.state, 'todo');
      assert.equal(questionnaire.label, 'PRR questionnaire for beta');
      assert.match(questionnaire.detail!, /Rollout, Upgrade and Rollback Planning/);
      assert.equal(questionnaire.fix?.title, 'Add the "Rollout, Upgrade and Rollback Planning" questions');

      const grad = item(c.readiness, 'graduation');
      assert.equal(grad.state, 'todo');
      assert.equal(grad.label, 'Graduation criteria for beta');
      assert.equal(grad.fix?.title, 'Add the Beta graduation criteria');
      assert.equal(grad.location?.path, repo.path(`${DRAFT}/README.md`));
      // The README has a Graduation Criteria section; what it lacks is the Beta subsection.
      assert.match(grad.detail!, /\bBeta\b/, grad.detail);
    }));

  test('the sample draft: applying the PRR and graduation fixes moves those items on', () =>
    withRepo(sampleRepo, (repo) => {
      const first = draftChecklist(repo);
      applyEdits(item(first.readiness, 'prr-approval').fix!.edits);
      applyEdits(item(first.readiness, 'graduation').fix!.edits);
      const second = draftChecklist(repo);
      // The file exists now; it still needs an approver's name.
      const prr = item(second.readiness, 'prr-approval');
      assert.equal(prr.state, 'todo');
      assert.equal(prr.detail, 'No PRR approver is named yet.');
      assert.equal(prr.location?.path, repo.path('keps/prod-readiness/sig-nodes/9999.yaml'));
      // The Beta subsection exists now; it holds only the template's comment.
      const grad = item(second.readiness, 'graduation');
      assert.equal(grad.state, 'todo');
      assert.match(grad.detail!, /holds only template text or comments/);
      const problems = checkRepository(repo.root);
      assert.deepEqual(problems.filter((p) => p.ruleId === 'prr/file-missing' || p.ruleId === 'md/graduation-criteria'), [], describeProblems(problems, repo.root));
    }));

  test('the TOC item follows md/toc-out-of-date on the README', () =>
    withRepo(sampleRepo, (repo) => {
      const problems = checkRepository(repo.root).filter((p) => p.ruleId === 'md/toc-out-of-date');
      assert.deepEqual(problems.map((p) => path.relative(repo.root, p.path)), [`${DRAFT}/README.md`]);
      const c = kepChecklist(...kepAt(repo.path(`${DRAFT}/README.md`)));
      const toc = item(c.readiness, 'toc');
      assert.equal(toc.state, 'todo');
      assert.equal(toc.detail, problems[0]!.message);
      assert.ok(toc.fix);
      applyEdits(toc.fix.edits);
      const after = kepChecklist(...kepAt(repo.path(`${DRAFT}/README.md`)));
      assert.equal(item(after.readiness, 'toc').state, 'done');
      assert.deepEqual(checkRepository(repo.root).filter((p) => p.ruleId === 'md/toc-out-of-date'), []);
    }));

  test('KEP 4960: every item done', () =>
    withRepo(makeTempRepo, (repo) => {
      const rel = copyCorpusKep(repo, 'sig-node/4960-container-stop-signals');
      const { repo: r, kep } = locate(repo.path(`${rel}/kep.yaml`));
      const c = kepChecklist(r, kep);
      assert.equal(c.stage, 'beta');
      assert.equal(c.release, 'v1.37');
      assert.deepEqual(c.readiness.map((i) => i.id), READINESS_IDS);
      assert.deepEqual(c.readiness.filter((i) => i.state !== 'done').map((i) => `${i.id}: ${i.detail}`), []);
      assert.equal(item(c.readiness, 'prr-approval').detail, '@deads2k');
      assert.equal(item(c.readiness, 'tracking-issue').detail, 'KEP-4960');
      assert.ok(c.readiness.every((i) => !i.fix));
      assert.equal(c.signoff.length, 14);
      // The nested (R) lines are about GA (conformance tests): not required of a beta KEP.
      assert.deepEqual(
        c.signoff.filter((s) => s.depth === 1).map((s) => [s.checked, s.required, /\bGA\b/.test(s.text)]),
        [[false, false, false], [false, false, true], [false, false, true], [false, false, true]],
      );
      // Going stable, they are.
      const stable = kepChecklist(r, kep, { stage: 'stable', release: 'v1.38' });
      assert.deepEqual(stable.signoff.filter((s) => s.depth === 1).map((s) => s.required), [false, true, true, true]);
    }));

  test('a KEP made by newKep: alpha items, tracking issue to do, no metrics item', () =>
    withRepo(makeTempRepo, (repo) => {
      const created = createKep(repo, { title: 'Pod Level Things', owningSig: 'sig-node', authors: ['alice'] });
      const c = kepChecklist(...kepAt(created.kepYaml));
      assert.equal(c.stage, 'alpha');
      assert.equal(c.status, 'provisional');
      assert.deepEqual(c.readiness.map((i) => i.id), READINESS_IDS.filter((id) => id !== 'metrics'));
      // Provisional, with the template's placeholder milestone.
      assert.deepEqual([item(c.readiness, 'status').state, item(c.readiness, 'status').detail], ['todo', 'status: provisional']);
      assert.deepEqual([item(c.readiness, 'milestone').state, item(c.readiness, 'milestone').detail], ['todo', 'latest-milestone v1.NN is not a release like v1.38.']);
      const tracking = item(c.readiness, 'tracking-issue');
      assert.equal(tracking.state, 'todo');
      assert.equal(tracking.location?.path, created.kepYaml);
      assert.equal(item(c.readiness, 'toc').state, 'done');
      assert.equal(item(c.readiness, 'feature-gates').state, 'done');
      assert.equal(item(c.readiness, 'metadata').state, 'todo'); // kep-number NNNN is a placeholder
      assert.equal(item(c.readiness, 'test-plan').state, 'todo');
      assert.equal(c.signoff.length > 0, true);
      assert.ok(c.signoff.every((s) => !s.checked));
    }));

  test('PRR approval: not needed before v1.21; a PRR file without the stage gets an "Add" fix', () =>
    withRepo(makeTempRepo, (repo) => {
      const old = repo.write(
        'keps/sig-node/100-old/kep.yaml',
        'title: Old\nkep-number: "100"\nauthors:\n  - "@a"\nowning-sig: sig-node\nstatus: implemented\ncreation-date: "2019-01-01"\nreviewers:\n  - "@b"\napprovers:\n  - "@c"\nstage: stable\nlatest-milestone: "v1.19"\nmilestone:\n  stable: "v1.19"\n',
      );
      const oldItem = item(kepChecklist(...kepAt(old)).readiness, 'prr-approval');
      assert.deepEqual([oldItem.state, oldItem.detail], ['done', 'Not needed before v1.21.']);

      const rel = copyCorpusKep(repo, ALPHA_KEP);
      const kepPath = repo.path(`${rel}/kep.yaml`);
      repo.write(`${rel}/kep.yaml`, repo.read(`${rel}/kep.yaml`).replace(/^stage: alpha$/m, 'stage: beta'));
      const c = kepChecklist(...kepAt(kepPath));
      const prr = item(c.readiness, 'prr-approval');
      assert.equal(prr.state, 'todo');
      assert.equal(prr.detail, 'keps/prod-readiness/sig-node/4176.yaml has no beta entry.');
      assert.equal(prr.fix?.title, 'Add a beta entry');
      applyEdits(prr.fix!.edits);
      assert.match(repo.read('keps/prod-readiness/sig-node/4176.yaml'), /\nalpha:\n {2}approver: "@jpbetz"\nbeta:\n {2}approver: ""\n?$/);
      assert.equal(item(kepChecklist(...kepAt(kepPath)).readiness, 'prr-approval').detail, 'No PRR approver is named yet.');
    }));
});

// ---------------------------------------------------------------------------------------------

describe('stages', () => {
  test('nextStage: alpha → beta → stable, deprecated → disabled → removed, else alpha', () => {
    assert.equal(nextStage('alpha'), 'beta');
    assert.equal(nextStage('beta'), 'stable');
    assert.equal(nextStage('stable'), 'stable');
    assert.equal(nextStage('deprecated'), 'disabled');
    assert.equal(nextStage('disabled'), 'removed');
    assert.equal(nextStage('removed'), 'removed');
    assert.equal(nextStage(undefined), 'alpha');
    assert.equal(nextStage(''), 'alpha');
    assert.equal(nextStage('gamma'), 'alpha');
  });

  test('releaseChoices: the upcoming release, the next two, the previous one', () => {
    assert.deepEqual(releaseChoices(38), ['v1.38', 'v1.39', 'v1.40', 'v1.37']);
    assert.deepEqual(releaseChoices(1), ['v1.1', 'v1.2', 'v1.3', 'v1.0']);
    // 999: no KEP names a release, nothing to offer.
    assert.deepEqual(releaseChoices(999), []);
    assert.deepEqual(releaseChoices(1000), []);
  });

  test('releaseChoices never offers a release promoteKep refuses', () => {
    for (const minor of [0, 1, 21, 38, 998]) {
      for (const release of releaseChoices(minor)) assert.match(release, /^v1\.\d+$/, `releaseChoices(${minor}) offers ${release}`);
    }
  });

  test('the sample repository’s upcoming release gives the choices', () =>
    withRepo(sampleRepo, (repo) => {
      const { repo: r } = locate(repo.path(`${DRAFT}/kep.yaml`));
      assert.deepEqual(releaseChoices(r.view(new Set()).upcomingMinor()), ['v1.38', 'v1.39', 'v1.40', 'v1.37']);
    }));
});

describe('locateKep', () => {
  test('finds a KEP written to disk after the layout was read, before any file event', () => {
    const repo = makeTempRepo();
    try {
      const engine = new Engine();
      const dir = copyCorpusKep(repo, 'sig-node/4960-container-stop-signals');
      assert.ok(locateKep(engine, repo.path(`${dir}/kep.yaml`)), 'the layout is read');
      const fresh = copyCorpusKep(repo, 'sig-node/4205-psi-metric');
      assert.equal(locateKep(engine, repo.path(`${fresh}/README.md`))?.kep.dir, repo.path(fresh));
      assert.equal(locateKep(engine, repo.path('keps/sig-node/README.md')), undefined, 'a file in no KEP folder');
    } finally {
      repo.dispose();
    }
  });
});

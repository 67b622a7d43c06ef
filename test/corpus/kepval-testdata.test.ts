/**
 * The upstream validators' own fixtures (kubernetes/enhancements pkg/repo/testdata and
 * pkg/nodeapprovers/testdata, exported unmodified to ../shared/corpus/kepval-testdata), each with
 * the result upstream's unit tests expect (docs: kep-rules.md §1.4, §1.5, §3.1, §3.2).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, suite, test } from 'node:test';
import type { Problem } from '../../server/src/core/problem.js';
import { Engine, RULES } from '../../server/src/engine.js';
import { SigRegistry } from '../../server/src/registry/sigRegistry.js';
import { checkRepository, describe as show } from '../support/check.js';
import { kepvalTestdata } from '../support/paths.js';
import { makeTempRepo, type TempRepo } from '../support/tempRepo.js';

const repoTestdata = path.join(kepvalTestdata, 'repo/testdata');
const nodeTestdata = path.join(kepvalTestdata, 'nodeapprovers/testdata');

/** Rule ids that mirror kepval (`verify-kep-metadata.sh` → repo.Validate), §1.4. */
const KEPVAL_RULES = [
  'kep/metadata-missing',
  'kep/yaml-syntax',
  'kep/duplicate-key',
  'kep/unknown-key',
  'kep/type-mismatch',
  'kep/required-field',
  'prr/required-metadata',
  'prr/latest-milestone',
  'prr/invalid-stage',
  'prr/file-missing',
  'prr/stage-missing',
  'prr/approver',
];
/** verify-toc.sh (§4.5): a separate CI script, not part of kepval's TestRepoValidate. */
const TOC_RULES = ['md/toc-markers', 'md/toc-out-of-date'];
/** KEPHandler.Validate's rules (§1.5) as KEP Studio reports them: guidance, never errors. */
const VALIDATE_RULES = ['kep/unknown-sig', 'kep/retired-sig', 'kep/status-value', 'kep/stage-value', 'kep/implemented-not-stable'];
const MARKER_RULES = ['owners/marked-not-in-owners', 'owners/owner-not-marked'];
const TECH_LEAD_RULE = 'owners/sig-node-tech-lead';

const errorsOf = (problems: Problem[]): Problem[] => problems.filter((p) => p.severity === 'error');

test('every rule id these tests name exists', () => {
  for (const id of [...KEPVAL_RULES, ...TOC_RULES, ...VALIDATE_RULES, ...MARKER_RULES, TECH_LEAD_RULE]) assert.ok(RULES.has(id), id);
  for (const id of [...KEPVAL_RULES, ...TOC_RULES, ...MARKER_RULES, TECH_LEAD_RULE]) assert.equal(RULES.get(id)!.severity, 'error', id);
});

// ---------------------------------------------------------------------------------------------
// pkg/repo: TestRepoValidate on testdata/repos/valid (§1.1, §1.4)
// ---------------------------------------------------------------------------------------------

suite('pkg/repo/testdata/repos/valid (TestRepoValidate: zero errors)', () => {
  /*
   * Read in place. What the repository needs, and why nothing is added:
   * - OWNERS_ALIASES: kepval never reads a local one; it downloads the live master copy for the PRR
   *   approvers (§2.3). None of these KEPs needs a PRR approval (the two `implemented` KEPs have
   *   latest-milestone v1.4 < v1.21, the others are provisional or "a non-empty string"), so no
   *   approver list is consulted; and there is no keps/sig-node, so SIG Node's tech-lead rule (the
   *   only rule reading the local OWNERS_ALIASES) does not apply either.
   * - The template README: the fixture does have keps/NNNN-kep-template/README.md (kepval's
   *   `getting proposal template` precondition); keps/README.md and keps/prod-readiness/ are there too.
   * - hack/.notableofcontents: absent, so verify-toc.sh would check keps/README.md and the other .md
   *   files, which have no TOC markers. But TestRepoValidate runs kepval only; verify-toc.sh is a
   *   different CI script that upstream never runs on this fixture. So the TOC rules are switched off
   *   for the zero-errors assertion, and the test below shows they are the only errors.
   */
  const root = path.join(repoTestdata, 'repos/valid');
  const tocOff = { config: { path: path.join(root, '.kep-studio.yaml'), text: 'rules:\n  md/toc-markers: "off"\n  md/toc-out-of-date: "off"\n' } };

  test('kepval finds all six kep.yaml files (the template included) and checks each', () => {
    const repo = new Engine(tocOff).repository(root);
    const keps = repo.units().flatMap((u) => (u.kind === 'kep' ? [u.location] : []));
    assert.deepEqual(
      keps.map((l) => path.relative(root, l.kepYamlPath)).sort(),
      [
        'keps/NNNN-kep-template/kep.yaml',
        'keps/sig-architecture/123-newstyle/kep.yaml',
        'keps/sig-owns-only/404-question-not-found/kep.yaml',
        'keps/sig-owns-only/42-the-answer/kep.yaml',
        'keps/sig-owns-participates/1-the-bare-minimum/kep.yaml',
        'keps/sig-owns-participates/13-keps-as-crds/kep.yaml',
      ],
    );
    assert.ok(keps.every((l) => l.kepvalChecked));
  });

  test('zero errors (the TOC rules of verify-toc.sh off)', () => {
    const problems = checkRepository(root, tocOff);
    assert.deepEqual(errorsOf(problems), [], show(errorsOf(problems), root));
  });

  test('with the default configuration, no kepval rule fires; only verify-toc.sh findings are errors', () => {
    const problems = checkRepository(root);
    const kepval = problems.filter((p) => KEPVAL_RULES.includes(p.ruleId));
    assert.deepEqual(kepval, [], show(kepval, root));
    const other = errorsOf(problems).filter((p) => !TOC_RULES.includes(p.ruleId));
    assert.deepEqual(other, [], show(other, root));
  });

  test('what CI does not check stays a warning: implemented at alpha/beta, unknown SIGs, a free-text status', () => {
    const problems = checkRepository(root, tocOff);
    const at = (rel: string, rule: string): Problem[] => problems.filter((p) => p.ruleId === rule && p.path === path.join(root, 'keps', rel, 'kep.yaml'));
    for (const rel of ['sig-owns-only/404-question-not-found', 'sig-owns-only/42-the-answer']) {
      assert.equal(at(rel, 'kep/implemented-not-stable').length, 1, rel);
      assert.ok(at(rel, 'kep/unknown-sig').length >= 1, rel);
    }
    assert.equal(at('sig-owns-participates/1-the-bare-minimum', 'kep/status-value').length, 1);
    for (const p of problems.filter((x) => VALIDATE_RULES.includes(x.ruleId))) assert.notEqual(p.severity, 'error', show([p], root));
  });
});

// ---------------------------------------------------------------------------------------------
// pkg/repo: TestProposalValidate (KEPHandler.Validate, §1.5) — guidance only, CI never runs it
// ---------------------------------------------------------------------------------------------

suite('pkg/repo/testdata: KEPHandler.Validate cases (groups sig-api-machinery, sig-architecture, sig-auth)', () => {
  const group = (dir: string, name: string) => ({ dir, name, kind: 'sig' as const, chairs: [], techLeads: [], subprojects: [] });
  const registry = new SigRegistry({
    source: 'test',
    groups: [group('sig-api-machinery', 'API Machinery'), group('sig-architecture', 'Architecture'), group('sig-auth', 'Auth')],
    retired: [],
  });

  interface Expected {
    rule: string;
    /** 0-based line and character of the offending value. */
    line: number;
    character: number;
    value: string;
  }
  const cases: Array<{ file: string; expected: Expected[] }> = [
    { file: 'valid-kep-minimum.yaml', expected: [] },
    { file: 'valid-kep-full.yaml', expected: [] },
    // owning-sig: not-a-sig (line 6) → "invalid owning-sig: not-a-sig" and nothing else.
    { file: 'invalid-owning-sig.yaml', expected: [{ rule: 'kep/unknown-sig', line: 5, character: 12, value: 'not-a-sig' }] },
    // status: monkeys (line 9) → "invalid status: monkeys, should be one of [...]".
    { file: 'invalid-status.yaml', expected: [{ rule: 'kep/status-value', line: 8, character: 8, value: 'monkeys' }] },
    // stage: monkeys (line 10) → "invalid stage: monkeys, should be one of [...]".
    { file: 'invalid-stage.yaml', expected: [{ rule: 'kep/stage-value', line: 9, character: 7, value: 'monkeys' }] },
  ];

  for (const c of cases) {
    test(c.file, () => {
      const text = fs.readFileSync(path.join(repoTestdata, c.file), 'utf8');
      const sig = /^owning-sig:\s*(\S+)/m.exec(text)![1]!;
      const num = /^kep-number:\s*(\S+)/m.exec(text)![1]!;
      // The engine checks KEPs inside a repository: one KEP folder per fixture file.
      const repo = makeTempRepo({ [`keps/${sig}/${num}-${path.basename(c.file, '.yaml')}/kep.yaml`]: text });
      try {
        const problems = checkRepository(repo.root, { registry: registry });
        const kepYaml = repo.path(`keps/${sig}/${num}-${path.basename(c.file, '.yaml')}/kep.yaml`);
        const validate = problems.filter((p) => VALIDATE_RULES.includes(p.ruleId) && p.path === kepYaml);
        const got = validate.map((p) => ({ rule: p.ruleId, line: p.range.start.line, character: p.range.start.character, value: sliceRange(text, p) }));
        assert.deepEqual(got, c.expected, show(validate, repo.root));
        // CI (repo.Validate) accepts every one of these files: not a single error.
        const errors = errorsOf(problems).filter((p) => p.path.startsWith(path.dirname(kepYaml)));
        assert.deepEqual(errors, [], show(errors, repo.root));
        for (const p of validate) assert.equal(p.severity, 'warning', show([p], repo.root));
      } finally {
        repo.dispose();
      }
    });
  }
});

/** The text a single-line range covers. */
function sliceRange(text: string, p: Problem): string {
  const line = text.split('\n')[p.range.start.line] ?? '';
  return p.range.end.line === p.range.start.line ? line.slice(p.range.start.character, p.range.end.character) : line.slice(p.range.start.character);
}

// ---------------------------------------------------------------------------------------------
// pkg/nodeapprovers: TestVerifyKEP / TestVerifyAll (§3.1) and TestVerifyAllTechLeadApprovers (§3.2)
// ---------------------------------------------------------------------------------------------

suite('pkg/nodeapprovers/testdata', () => {
  /*
   * The engine needs a repository (a root with keps/), so the whole testdata tree is copied to
   * keps/sig-node/ of a temp repository: the marker check runs on every kep.yaml anywhere (as
   * VerifyAll("testdata") does) and the tech-lead rule applies to the techleads/* fixtures because
   * they sit under keps/sig-node. The fixture's OWNERS_ALIASES (tech leads dchen1107, mrunalp) is the
   * repository's, and the upcoming release is 37, as in the upstream test.
   */
  let repo: TempRepo;
  let problems: Problem[] = [];
  before(() => {
    repo = makeTempRepo({ '.kep-studio.yaml': 'upcomingRelease: v1.37\n' }, { ownersAliases: false });
    fs.cpSync(nodeTestdata, repo.path('keps/sig-node'), { recursive: true });
    fs.copyFileSync(path.join(nodeTestdata, 'techleads/OWNERS_ALIASES'), repo.path('OWNERS_ALIASES'));
    problems = checkRepository(repo.root);
  });
  after(() => repo?.dispose());

  const inCase = (rel: string, rules: string[]): Problem[] =>
    problems.filter((p) => rules.includes(p.ruleId) && p.path.startsWith(repo.path(`keps/sig-node/${rel}`) + path.sep));

  type Role = 'reviewer' | 'approver';
  interface MarkerViolation {
    rule: 'owners/marked-not-in-owners' | 'owners/owner-not-marked';
    role: Role;
    user: string;
    /** 0-based line in the case's kep.yaml. */
    line: number;
  }
  const NOT_IN_OWNERS = 'owners/marked-not-in-owners' as const;
  const NOT_MARKED = 'owners/owner-not-marked' as const;
  /*
   * Upstream reports a path and a message only; KEP Studio puts a violation on the kep.yaml item of
   * the user when there is one, else on the list's key (the OWNERS entry is a related location).
   */
  const markerCases: Array<{ name: string; expected: MarkerViolation[] }> = [
    { name: 'valid', expected: [] },
    { name: 'mixed-case', expected: [] },
    {
      name: 'missing-reviewer',
      expected: [
        { rule: NOT_IN_OWNERS, role: 'reviewer', user: 'someoneelse', line: 5 }, // - "@someoneelse" # sig-node-assigned-reviewer
        { rule: NOT_MARKED, role: 'reviewer', user: 'tallclair', line: 4 }, // reviewers: (tallclair is not in kep.yaml)
      ],
    },
    {
      name: 'missing-approver',
      expected: [
        { rule: NOT_IN_OWNERS, role: 'approver', user: 'someoneelse', line: 7 },
        { rule: NOT_MARKED, role: 'approver', user: 'tallclair', line: 6 }, // approvers:
      ],
    },
    {
      name: 'no-owners',
      expected: [
        { rule: NOT_IN_OWNERS, role: 'reviewer', user: 'tallclair', line: 5 }, // "OWNERS file not found"
        { rule: NOT_IN_OWNERS, role: 'approver', user: 'dchen1107', line: 7 },
      ],
    },
    {
      name: 'no-markers',
      expected: [
        { rule: NOT_MARKED, role: 'reviewer', user: 'tallclair', line: 6 }, // - "@tallclair" # sig-node-tl
        { rule: NOT_MARKED, role: 'approver', user: 'dchen1107', line: 8 }, // - "@dchen1107"
      ],
    },
    {
      name: 'extra-in-owners',
      expected: [
        { rule: NOT_MARKED, role: 'reviewer', user: 'mrunalp', line: 4 }, // reviewers:
        { rule: NOT_MARKED, role: 'approver', user: 'derekwaynecarr', line: 6 }, // approvers:
      ],
    },
  ];

  /** Matches each expected violation to exactly one reported problem (rule, line, role and user). */
  function assertViolations(found: Problem[], expected: Array<{ rule: string; line: number; matches: (p: Problem) => boolean; label: string }>): void {
    const text = show(found, repo.root);
    assert.equal(found.length, expected.length, `expected ${expected.length} violation(s), got:\n${text}`);
    const left = [...found];
    for (const e of expected) {
      const i = left.findIndex((p) => p.ruleId === e.rule && p.range.start.line === e.line && e.matches(p));
      assert.ok(i >= 0, `missing ${e.rule} at line ${e.line + 1} (${e.label}); got:\n${text}`);
      left.splice(i, 1);
    }
  }

  const mentions = (p: Problem, user: string): boolean => new RegExp(`(^|[^a-z0-9-])@?${user}([^a-z0-9-]|$)`, 'i').test(p.message);

  for (const c of markerCases) {
    test(`markers: ${c.name}`, () => {
      const found = inCase(c.name, MARKER_RULES);
      for (const p of found) assert.equal(p.path, repo.path(`keps/sig-node/${c.name}/kep.yaml`), show([p], repo.root));
      assertViolations(
        found,
        c.expected.map((e) => ({
          rule: e.rule,
          line: e.line,
          label: `${e.role} ${e.user}`,
          matches: (p) => p.message.includes(`sig-node-assigned-${e.role}`) && mentions(p, e.user),
        })),
      );
    });
  }

  test('markers: VerifyAll over the whole testdata tree finds exactly the 10 violations (techleads/* add none)', () => {
    const all = problems.filter((p) => MARKER_RULES.includes(p.ruleId));
    assert.equal(all.length, 10, show(all, repo.root));
    assert.equal(inCase('techleads', MARKER_RULES).length, 0, show(inCase('techleads', MARKER_RULES), repo.root));
  });

  test('markers: the check covers every kep.yaml under keps/, not only SIG Node (testdata copied to keps/ itself)', () => {
    const other = makeTempRepo({}, { ownersAliases: false });
    try {
      fs.cpSync(nodeTestdata, other.path('keps'), { recursive: true });
      const found = checkRepository(other.root).filter((p) => MARKER_RULES.includes(p.ruleId));
      const perCase = (name: string): string[] =>
        found.filter((p) => p.path === other.path(`keps/${name}/kep.yaml`)).map((p) => `${p.ruleId}:${p.range.start.line}`).sort();
      for (const c of markerCases) {
        assert.deepEqual(perCase(c.name), c.expected.map((e) => `${e.rule}:${e.line}`).sort(), `${c.name}\n${show(found, other.root)}`);
      }
      assert.equal(found.length, 10, show(found, other.root));
    } finally {
      other.dispose();
    }
  });

  type TechLeadKind = 'alpha-needs-lead' | 'alpha-marker' | 'non-alpha' | 'no-approvers';
  const KIND: Record<TechLeadKind, RegExp> = {
    'alpha-needs-lead': /alpha-stage .*must list at least one sig-node-tech-leads member/i,
    'alpha-marker': /alpha-stage .*must not use the # sig-node-assigned-approver marker/i,
    'non-alpha': /not actively alpha must list a sig-node-tech-leads member .* or an approver marked # sig-node-assigned-approver/i,
    'no-approvers': /no approvers listed/i,
  };
  const techLeadCases: Array<{ name: string; expected: Array<{ kind: TechLeadKind; line: number; user?: string }> }> = [
    { name: 'alpha-valid', expected: [] },
    { name: 'alpha-missing-techlead', expected: [{ kind: 'alpha-needs-lead', line: 4 }] }, // approvers:
    { name: 'alpha-marker-not-allowed', expected: [{ kind: 'alpha-marker', line: 6, user: 'tallclair' }] }, // - "@tallclair" # sig-node-assigned-approver
    { name: 'alpha-alias-invalid', expected: [{ kind: 'alpha-needs-lead', line: 4 }] },
    { name: 'beta-alias-invalid', expected: [{ kind: 'non-alpha', line: 4 }] },
    { name: 'beta-techlead-valid', expected: [] },
    { name: 'beta-marker-valid', expected: [] },
    { name: 'beta-missing', expected: [{ kind: 'non-alpha', line: 4 }] },
    { name: 'no-stage', expected: [{ kind: 'non-alpha', line: 3 }] }, // approvers: (no stage = non-alpha)
    { name: 'no-approvers', expected: [{ kind: 'no-approvers', line: 0 }] }, // no approvers key: the first line
  ];

  for (const c of techLeadCases) {
    test(`tech leads (upcoming 37): ${c.name}`, () => {
      const found = inCase(`techleads/${c.name}`, [TECH_LEAD_RULE]);
      for (const p of found) assert.equal(p.path, repo.path(`keps/sig-node/techleads/${c.name}/kep.yaml`), show([p], repo.root));
      assertViolations(
        found,
        c.expected.map((e) => ({
          rule: TECH_LEAD_RULE,
          line: e.line,
          label: `${e.kind}${e.user ? ` ${e.user}` : ''}`,
          matches: (p) => KIND[e.kind].test(p.message) && (!e.user || mentions(p, e.user)),
        })),
      );
    });
  }

  test('tech leads: VerifyAllTechLeadApprovers finds exactly the 7 violations (the marker fixtures are out of scope)', () => {
    const all = problems.filter((p) => p.ruleId === TECH_LEAD_RULE);
    assert.equal(all.length, 7, show(all, repo.root));
    assert.equal(inCase('techleads', [TECH_LEAD_RULE]).length, 7);
  });

  test('the node-approvers rules are errors (verify-node-approvers.sh fails CI)', () => {
    const owners = problems.filter((p) => [...MARKER_RULES, TECH_LEAD_RULE].includes(p.ruleId));
    assert.ok(owners.length > 0);
    for (const p of owners) assert.equal(p.severity, 'error', show([p], repo.root));
  });
});

suite('pkg/nodeapprovers: TestLoadTechLeads (an unusable sig-node-tech-leads alias fails the check)', () => {
  /*
   * Upstream: the fixture loads {dchen1107, mrunalp}; a missing file, a missing alias, an empty
   * alias and tab-indented (malformed) YAML all make VerifyAllTechLeadApprovers fail. KEP Studio
   * reports that on each in-scope SIG Node KEP. alpha-valid passes with the real alias (above).
   */
  const fixture = fs.readFileSync(path.join(nodeTestdata, 'techleads/alpha-valid/kep.yaml'), 'utf8');
  const variants: Array<{ name: string; aliases: string | undefined; loads: boolean }> = [
    { name: 'fixture OWNERS_ALIASES loads (no violation)', aliases: fs.readFileSync(path.join(nodeTestdata, 'techleads/OWNERS_ALIASES'), 'utf8'), loads: true },
    { name: 'missing OWNERS_ALIASES', aliases: undefined, loads: false },
    { name: 'missing alias', aliases: 'aliases:\n  prod-readiness-approvers:\n    - wojtek-t\n', loads: false },
    { name: 'empty alias', aliases: 'aliases:\n  sig-node-tech-leads: []\n', loads: false },
    { name: 'tab-indented (malformed) YAML', aliases: 'aliases:\n\tsig-node-tech-leads:\n\t\t- dchen1107\n\t\t- mrunalp\n', loads: false },
  ];
  for (const v of variants) {
    test(v.name, () => {
      const files: Record<string, string> = { '.kep-studio.yaml': 'upcomingRelease: v1.37\n', 'keps/sig-node/1-alpha-valid/kep.yaml': fixture };
      if (v.aliases !== undefined) files['OWNERS_ALIASES'] = v.aliases;
      const repo = makeTempRepo(files, { ownersAliases: false });
      try {
        const found = checkRepository(repo.root).filter((p) => p.ruleId === TECH_LEAD_RULE);
        if (v.loads) assert.deepEqual(found, [], show(found, repo.root));
        else {
          assert.equal(found.length, 1, show(found, repo.root));
          assert.equal(found[0]!.path, repo.path('keps/sig-node/1-alpha-valid/kep.yaml'));
          assert.equal(found[0]!.severity, 'error');
        }
      } finally {
        repo.dispose();
      }
    });
  }
});

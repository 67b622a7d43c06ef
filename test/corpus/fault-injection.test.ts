/**
 * Fault injection on real KEPs: for every error rule that an edit of a kep.yaml, README.md, PRR
 * approval file or OWNERS file can trigger, copy at least 20 real KEPs of the corpus into a temp
 * repository, check the unedited copies (the rule must not fire), break each copy in a realistic
 * way, check again and assert the rule fires exactly once for that KEP, in the expected file, at the
 * expected line (and character where it is well defined). Upstream behaviour: kep-rules.md §1.4
 * (kepval), §2.4 (PRR), §3 (node approvers), §4.5 (verify-toc.sh).
 *
 * KEPs are chosen deterministically: the eligible folders of corpusKepDirs(), in order, sampled at
 * an even stride. One temp repository per fault class holds all of its KEPs; assertions are per KEP.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, suite, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import type { Problem } from '../../server/src/core/problem.js';
import { RULES } from '../../server/src/engine.js';
import { checkRepository, describe as show } from '../support/check.js';
import { enhancementsDir } from '../support/paths.js';
import { copyCorpusKep, corpusKepDirs, makeTempRepo, type TempRepo } from '../support/tempRepo.js';

/** KEPs per fault class (at least 20 are required). */
const PER_CLASS = 24;
const MIN_PER_CLASS = 20;

const STAGES = ['alpha', 'beta', 'stable', 'deprecated', 'disabled', 'removed'];
/** kepval's own checks of one kep.yaml (§1.4 P2/P3 and R1–R11): at most one error per file upstream. */
const DECODE_RULES = ['kep/yaml-syntax', 'kep/duplicate-key', 'kep/unknown-key', 'kep/type-mismatch', 'kep/required-field'];
const PRR_RULES = ['prr/required-metadata', 'prr/latest-milestone', 'prr/invalid-stage', 'prr/file-missing', 'prr/stage-missing', 'prr/approver'];
const MARKER = { reviewer: 'sig-node-assigned-reviewer', approver: 'sig-node-assigned-approver' } as const;
type Role = keyof typeof MARKER;
const LIST: Record<Role, 'reviewers' | 'approvers'> = { reviewer: 'reviewers', approver: 'approvers' };

// ---------------------------------------------------------------------------------------------
// Reading the corpus (independently of the engine)
// ---------------------------------------------------------------------------------------------

const kepsRoot = path.join(enhancementsDir, 'keps');
const ALL = corpusKepDirs();
const corpusText = (rel: string): string | undefined => {
  const p = path.join(kepsRoot, rel);
  return fs.existsSync(p) && fs.lstatSync(p).isFile() ? fs.readFileSync(p, 'utf8') : undefined;
};
const kepYamlOf = (kep: string): string => corpusText(`${kep}/kep.yaml`)!;

/** Lines of a file, split on \n (so joining them back gives the same text). */
const linesOf = (text: string): string[] => text.split('\n');

/** Index of the only line starting with `key:` at column 0, or -1 (absent or repeated). */
function keyLine(lines: string[], key: string): number {
  const found = lines.flatMap((l, i) => (l.startsWith(`${key}:`) ? [i] : []));
  return found.length === 1 ? found[0]! : -1;
}

/** The raw scalar text of a top-level key (quotes and comment removed), as yaml.v3 gives it to a string field. */
function scalar(text: string, key: string): string | undefined {
  const lines = linesOf(text);
  const i = keyLine(lines, key);
  if (i < 0) return undefined;
  const m = /^[^:]+:[ \t]*("([^"]*)"|'([^']*)'|([^#]*?))[ \t]*(#.*)?$/.exec(lines[i]!);
  if (!m) return undefined;
  return (m[2] ?? m[3] ?? m[4] ?? '').trim();
}

/** Column where the value of `key: value` starts. */
const valueCol = (line: string): number => line.indexOf(':') + 1 + /^[ \t]*/.exec(line.slice(line.indexOf(':') + 1))![0].length;

/** A top-level `key: value` on one line (not a block scalar, no continuation line). */
function singleLine(text: string, key: string): number {
  const lines = linesOf(text);
  const i = keyLine(lines, key);
  if (i < 0) return -1;
  const value = lines[i]!.slice(lines[i]!.indexOf(':') + 1).trim();
  if (!value || /^[|>]/.test(value) || /^\s/.test(lines[i + 1] ?? '')) return -1;
  return i;
}

interface ListItem {
  line: number;
  /** Column of the value (after `- `). */
  col: number;
  raw: string;
  user: string;
  comment: string | undefined;
}

/** The items of a top-level block list `key:` followed by `- item` lines (empty when it is not one). */
function blockList(lines: string[], key: string): ListItem[] {
  const k = keyLine(lines, key);
  if (k < 0 || lines[k]!.slice(key.length + 1).trim() !== '') return [];
  const items: ListItem[] = [];
  for (let i = k + 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (!l.trim() || /^\s+#/.test(l)) continue;
    const m = /^(\s*-\s+)("[^"]*"|'[^']*'|[^\s#]+)\s*(?:#(.*))?$/.exec(l);
    if (!m) break;
    const raw = m[2]!;
    items.push({ line: i, col: m[1]!.length, raw, user: normalizeUser(raw.replace(/^["']|["']$/g, '')), comment: m[3]?.trim() });
  }
  return items;
}

/** The last line of a top-level block list (its key line when empty). */
function blockEnd(lines: string[], key: string): number {
  const items = blockList(lines, key);
  return items.length ? items[items.length - 1]!.line : keyLine(lines, key);
}

const normalizeUser = (s: string): string => s.trim().replace(/^@/, '').toLowerCase();

/** The first heading (level ≤ maxLevel) outside fenced code and HTML comment blocks: ATX or setext. */
function firstHeadingLine(text: string, maxLevel: number, from = 0): number | undefined {
  const lines = linesOf(text);
  let fence: string | undefined;
  let comment = false;
  for (let i = from; i < lines.length; i++) {
    const l = lines[i]!;
    if (comment) {
      if (l.includes('-->')) comment = false;
      continue;
    }
    if (fence) {
      if (l.trimStart().startsWith(fence)) fence = undefined;
      continue;
    }
    const f = /^\s{0,3}(```+|~~~+)/.exec(l);
    if (f) {
      fence = f[1]!;
      continue;
    }
    if (l.startsWith('<!--')) {
      if (!l.includes('-->')) comment = true;
      continue;
    }
    const atx = /^(#{1,6}) \S/.exec(l);
    if (atx && atx[1]!.length <= maxLevel) return i;
    const next = lines[i + 1] ?? '';
    if (l.trim() && !l.startsWith('#') && /^=+\s*$/.test(next)) return i; // setext H1
    if (maxLevel >= 2 && l.trim() && !/^[-*+]\s|^\s*$/.test(l) && /^-+\s*$/.test(next) && !/^\s*[-*_]/.test(l)) return i; // setext H2
  }
  return undefined;
}

const TOC_START = '<!-- toc -->';
const TOC_END = '<!-- /toc -->';
/** The README has exactly one `<!-- toc -->` and one `<!-- /toc -->`, each alone on its line at column 0. */
function tocLines(text: string): { start: number; end: number } | undefined {
  const lower = text.toLowerCase();
  if (lower.split(TOC_START).length !== 2 || lower.split(TOC_END).length !== 2) return undefined;
  const lines = linesOf(text);
  const start = lines.findIndex((l) => l.toLowerCase() === TOC_START);
  const end = lines.findIndex((l) => l.toLowerCase() === TOC_END);
  return start >= 0 && end > start ? { start, end } : undefined;
}

/** Tolerant semver as blang/semver reads latest-milestone (§2.4), enough for `v1.NN` / `1.NN` / `v1.NN.P`. */
function milestoneVersion(v: string | undefined): { major: number; minor: number } | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(v ?? '');
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

/** SIG Node's reading of latest-milestone (§3.2): the number after the first dot, else 0. */
function nodeMinor(v: string | undefined): number {
  const s = (v ?? '').replace(/^v/, '');
  const m = /^[^.]*\.(\d+)/.exec(s);
  return m ? Number(m[1]) : 0;
}

const aliases = (parseYaml(fs.readFileSync(path.join(enhancementsDir, 'OWNERS_ALIASES'), 'utf8')) as { aliases: Record<string, string[]> }).aliases;
const PRR_APPROVERS = new Set([...(aliases['prod-readiness-approvers'] ?? []), ...(aliases['prod-readiness-approvers-emeritus'] ?? [])]);
const NODE_TECH_LEADS = new Set((aliases['sig-node-tech-leads'] ?? []).map(normalizeUser));
const UPCOMING_MINOR = 37;

/** owning-sig / kep-number pairs used by more than one corpus KEP (they share a PRR file). */
const sharedPrr = (() => {
  const count = new Map<string, number>();
  for (const k of ALL) {
    const t = kepYamlOf(k);
    const key = `${scalar(t, 'owning-sig')}/${scalar(t, 'kep-number')}`;
    count.set(key, (count.get(key) ?? 0) + 1);
  }
  return new Set([...count].filter(([, n]) => n > 1).map(([k]) => k));
})();

interface PrrInfo {
  /** keps/prod-readiness/<sig>/<n>.yaml, relative to the repository root. */
  file: string;
  stage: string;
  /** 0-based line of `<stage>:` in the PRR file, and of its `approver:`. */
  stageLine: number;
  approverLine: number;
  stagesPresent: string[];
}

/** The PRR approval file of a KEP, when it exists and has an entry for the KEP's stage. */
function prrInfo(kep: string): PrrInfo | undefined {
  const t = kepYamlOf(kep);
  const sig = scalar(t, 'owning-sig');
  const n = scalar(t, 'kep-number');
  const stage = scalar(t, 'stage');
  if (!sig || !n || !stage || sharedPrr.has(`${sig}/${n}`)) return undefined;
  const rel = `prod-readiness/${sig}/${n}.yaml`;
  const text = corpusText(rel);
  if (!text) return undefined;
  const lines = linesOf(text);
  const stagesPresent = STAGES.filter((s) => keyLine(lines, s) >= 0);
  const stageLine = keyLine(lines, stage);
  if (stageLine < 0 || !/^\s+approver:/.test(lines[stageLine + 1] ?? '')) return undefined;
  return { file: `keps/${rel}`, stage, stageLine, approverLine: stageLine + 1, stagesPresent };
}

const isImplementable = (t: string): boolean => ['implementable', 'implemented'].includes(scalar(t, 'status') ?? '');

/** kepval requires a PRR approval (§2.4): implementable/implemented, latest-milestone ≥ v1.21, a valid stage. */
function needsPrr(kep: string): boolean {
  const t = kepYamlOf(kep);
  const v = milestoneVersion(scalar(t, 'latest-milestone'));
  return isImplementable(t) && !!v && (v.major > 1 || (v.major === 1 && v.minor >= 21)) && STAGES.includes(scalar(t, 'stage') ?? '') && singleLine(t, 'stage') >= 0;
}

/** A PRR-requiring KEP whose approval is in order (its own PRR file, current stage, allowed approver). */
function prrOk(kep: string): boolean {
  if (!needsPrr(kep)) return false;
  const info = prrInfo(kep);
  if (!info) return false;
  const approver = /approver:\s*["']?@?([^"'\s#]+)/.exec(linesOf(corpusText(info.file.slice('keps/'.length))!)[info.approverLine]!)?.[1];
  return !!approver && PRR_APPROVERS.has(approver);
}

/** SIG Node KEPs with an OWNERS file beside kep.yaml and at least one marked item. */
function markedNodeKep(kep: string): boolean {
  if (!kep.startsWith('sig-node/') || corpusText(`${kep}/OWNERS`) === undefined) return false;
  const lines = linesOf(kepYamlOf(kep));
  return (['reviewer', 'approver'] as Role[]).some((r) => blockList(lines, LIST[r]).some((i) => i.comment === MARKER[r]));
}

/** Deterministic spread: `n` folders at an even stride through the eligible list. */
function pick(eligible: string[], n = PER_CLASS): string[] {
  if (eligible.length <= n) return eligible;
  return Array.from({ length: n }, (_, i) => eligible[Math.floor((i * eligible.length) / n)]!);
}

// ---------------------------------------------------------------------------------------------
// Editing copies
// ---------------------------------------------------------------------------------------------

/** Edits a file of the temp repository (never anything else: the corpus is read-only). */
function edit(repo: TempRepo, rel: string, change: (lines: string[]) => string[]): string[] {
  const file = repo.path(rel);
  assert.ok(file.startsWith(repo.root + path.sep) && !fs.lstatSync(file).isSymbolicLink(), `refusing to edit ${file}`);
  const lines = change(linesOf(fs.readFileSync(file, 'utf8')));
  fs.writeFileSync(file, lines.join('\n'));
  return lines;
}

function remove(repo: TempRepo, rel: string): void {
  const file = repo.path(rel);
  assert.ok(file.startsWith(repo.root + path.sep) && fs.existsSync(file), `refusing to remove ${file}`);
  fs.rmSync(file);
}

const splice = (lines: string[], at: number, deleteCount: number, ...items: string[]): string[] => {
  const copy = [...lines];
  copy.splice(at, deleteCount, ...items);
  return copy;
};

// ---------------------------------------------------------------------------------------------
// The harness
// ---------------------------------------------------------------------------------------------

interface Expect {
  /** The file the problem must be reported in, relative to the repository root. */
  file: string;
  /** 0-based. */
  line: number;
  character?: number;
  /** What the message must say (distinguishes the upstream message variants). */
  message?: RegExp;
  /** What the fault was, for failure messages. */
  fault: string;
}

interface FaultClass {
  rule: string;
  what: string;
  eligible: (kep: string) => boolean;
  inject: (repo: TempRepo, kep: string, index: number) => Expect;
  /** A .kep-studio.yaml for the class's repository. */
  config?: string;
  /**
   * kepval faults: upstream stops at the first failing step of a KEP (§1.4: at most one error per
   * kep.yaml from the pipeline), so no other §1.4 error may appear in the KEP's files.
   */
  soleKepvalError?: boolean;
  /** KEPs to take (default PER_CLASS; the minimum of 20 applies to the default). */
  count?: number;
}

/** The PRR approval file of a corpus KEP, relative to the repository root (as copyCorpusKep copies it). */
function prrFileOf(kep: string): string | undefined {
  const t = kepYamlOf(kep);
  const sig = scalar(t, 'owning-sig');
  const n = scalar(t, 'kep-number');
  return sig && n ? `keps/prod-readiness/${sig}/${n}.yaml` : undefined;
}

function faultClass(fc: FaultClass): void {
  const keps = pick(ALL.filter(fc.eligible), fc.count);
  suite(`${fc.rule}: ${fc.what}`, () => {
    let repo: TempRepo;
    let baseline: Problem[] = [];
    let broken: Problem[] = [];
    const expected = new Map<string, Expect | Error>();

    /** Problems in the KEP's own files: its folder and its PRR approval file. */
    const ofKep = (problems: Problem[], kep: string): Problem[] => {
      const dir = repo.path(`keps/${kep}`) + path.sep;
      const prr = prrFileOf(kep);
      const prrAbs = prr ? repo.path(prr) : undefined;
      return problems.filter((p) => p.path.startsWith(dir) || p.path === prrAbs);
    };

    before(() => {
      repo = makeTempRepo({
        // The corpus' exemptions, so the temp repository's own keps/README.md passes verify-toc.sh.
        'hack/.notableofcontents': fs.readFileSync(path.join(enhancementsDir, 'hack/.notableofcontents'), 'utf8'),
        ...(fc.config ? { '.kep-studio.yaml': fc.config } : {}),
      });
      for (const kep of keps) copyCorpusKep(repo, kep);
      baseline = checkRepository(repo.root);
      keps.forEach((kep, i) => {
        try {
          expected.set(kep, fc.inject(repo, kep, i));
        } catch (err) {
          expected.set(kep, err as Error);
        }
      });
      broken = checkRepository(repo.root);
    });
    after(() => repo?.dispose());

    const min = Math.min(MIN_PER_CLASS, fc.count ?? MIN_PER_CLASS);
    test(`at least ${min} real KEPs (${keps.length} of ${ALL.filter(fc.eligible).length} eligible)`, () => {
      assert.ok(keps.length >= min, `only ${keps.length} eligible KEPs`);
      assert.equal(new Set(keps).size, keps.length);
    });

    test('nothing outside the copied KEPs reports an error (keps/README.md, the config)', () => {
      const stray = baseline.filter((p) => p.severity === 'error' && !keps.some((k) => ofKep([p], k).length));
      assert.deepEqual(stray, [], show(stray, repo.root));
    });

    for (const kep of keps) {
      test(kep, () => {
        const before = ofKep(baseline, kep).filter((p) => p.ruleId === fc.rule);
        assert.deepEqual(before, [], `the unedited copy already has ${fc.rule}:\n${show(before, repo.root)}`);
        const e = expected.get(kep);
        if (e instanceof Error) throw e;
        assert.ok(e, 'no fault injected');
        const found = ofKep(broken, kep).filter((p) => p.ruleId === fc.rule);
        const where = `${e.file}:${e.line + 1}${e.character !== undefined ? `:${e.character + 1}` : ''}`;
        assert.equal(found.length, 1, `${e.fault}: expected one ${fc.rule} at ${where}, got:\n${show(found, repo.root) || '(none)'}`);
        const p = found[0]!;
        const at = `${path.relative(repo.root, p.path)}:${p.range.start.line + 1}:${p.range.start.character + 1}`;
        assert.equal(path.relative(repo.root, p.path), e.file, `${e.fault}: reported in the wrong file (${at})`);
        assert.equal(p.range.start.line + 1, e.line + 1, `${e.fault}: expected line ${e.line + 1}, got ${at}: ${p.message}`);
        if (e.character !== undefined) assert.equal(p.range.start.character + 1, e.character + 1, `${e.fault}: expected ${where}, got ${at}`);
        assert.equal(p.severity, 'error');
        if (e.message) assert.match(p.message, e.message, e.fault);
      });
      if (fc.soleKepvalError) {
        test(`${kep}: the only kepval error (upstream stops at the first failing step)`, () => {
          const e = expected.get(kep);
          if (e instanceof Error || !e) return; // reported by the test above
          const kepval = ofKep(broken, kep).filter((x) => x.severity === 'error' && [...DECODE_RULES, ...PRR_RULES].includes(x.ruleId));
          const others = kepval.filter((x) => x.ruleId !== fc.rule || path.relative(repo.root, x.path) !== e.file || x.range.start.line !== e.line);
          assert.deepEqual(others, [], `${e.fault}: besides ${fc.rule}, the engine also reports:\n${show(others, repo.root)}`);
        });
      }
    }
  });
}

test('every rule id exercised here is an error rule of the engine', () => {
  for (const id of [...DECODE_RULES, ...PRR_RULES, 'kep/metadata-missing', 'owners/marked-not-in-owners', 'owners/owner-not-marked', 'owners/sig-node-tech-lead', 'md/toc-markers', 'md/toc-out-of-date']) {
    assert.equal(RULES.get(id)?.severity, 'error', id);
  }
});

const kepFile = (kep: string): string => `keps/${kep}/kep.yaml`;

// ---------------------------------------------------------------------------------------------
// kepval discovery and decoding (§1.1, §1.2, §1.4 W1, P2, P3)
// ---------------------------------------------------------------------------------------------

faultClass({
  rule: 'kep/metadata-missing',
  what: 'delete kep.yaml beside README.md (W1)',
  eligible: (k) => {
    const readme = corpusText(`${k}/README.md`);
    return readme !== undefined && firstHeadingLine(readme, 6) !== undefined;
  },
  inject(repo, kep) {
    remove(repo, kepFile(kep));
    // Reported on the README (the kep.yaml kepval names does not exist), at its first heading.
    return { file: `keps/${kep}/README.md`, line: firstHeadingLine(repo.read(`keps/${kep}/README.md`), 6)!, character: 0, message: /metadata file missing for KEP/, fault: 'kep.yaml deleted' };
  },
});

faultClass({
  rule: 'kep/yaml-syntax',
  what: 'unquote the first "@author" (yaml.v3: found character that cannot start any token)',
  eligible: (k) => {
    const items = blockList(linesOf(kepYamlOf(k)), 'authors');
    return !!items[0] && /^"@[^"]+"$/.test(items[0].raw) && items[0].comment === undefined;
  },
  inject(repo, kep) {
    let at = { line: 0, character: 0 };
    edit(repo, kepFile(kep), (lines) => {
      const first = blockList(lines, 'authors')[0]!;
      at = { line: first.line, character: first.col };
      const l = lines[first.line]!;
      return splice(lines, first.line, 1, l.slice(0, first.col) + first.raw.slice(1, -1));
    });
    return { file: kepFile(kep), ...at, fault: 'authors[0] unquoted' };
  },
  soleKepvalError: true,
});

faultClass({
  rule: 'kep/duplicate-key',
  what: 'repeat the status line (yaml.v3: mapping key "status" already defined)',
  eligible: (k) => singleLine(kepYamlOf(k), 'status') >= 0,
  inject(repo, kep) {
    let line = 0;
    edit(repo, kepFile(kep), (lines) => {
      const i = keyLine(lines, 'status');
      line = i + 1;
      return splice(lines, i + 1, 0, lines[i]!);
    });
    return { file: kepFile(kep), line, character: 0, message: /status/, fault: 'status line duplicated' };
  },
  soleKepvalError: true,
});

faultClass({
  rule: 'kep/unknown-key',
  what: 'rename creation-date to creation_date (field creation_date not found in type api.Proposal)',
  eligible: (k) => keyLine(linesOf(kepYamlOf(k)), 'creation-date') >= 0,
  inject(repo, kep) {
    let line = 0;
    edit(repo, kepFile(kep), (lines) => {
      line = keyLine(lines, 'creation-date');
      return splice(lines, line, 1, lines[line]!.replace('creation-date', 'creation_date'));
    });
    return { file: kepFile(kep), line, character: 0, message: /creation_date/, fault: 'creation-date renamed' };
  },
  soleKepvalError: true,
});

faultClass({
  rule: 'kep/type-mismatch',
  what: 'owning-sig written as a list (cannot unmarshal !!seq into string)',
  eligible: (k) => singleLine(kepYamlOf(k), 'owning-sig') >= 0 && /^owning-sig: [a-z0-9-]+$/m.test(kepYamlOf(k)),
  inject(repo, kep) {
    let line = 0;
    edit(repo, kepFile(kep), (lines) => {
      line = keyLine(lines, 'owning-sig');
      return splice(lines, line, 1, lines[line]!.replace(/^owning-sig: (\S+)$/, 'owning-sig: [$1]'));
    });
    return { file: kepFile(kep), line, character: 'owning-sig: '.length, message: /owning-sig/, fault: 'owning-sig: [sig]' };
  },
  soleKepvalError: true,
});

faultClass({
  rule: 'kep/required-field',
  what: 'empty title ("") or empty status (null) (validator: failed on the required tag)',
  eligible: (k) => singleLine(kepYamlOf(k), 'title') >= 0 && singleLine(kepYamlOf(k), 'status') >= 0,
  inject(repo, kep, i) {
    const key = i % 2 === 0 ? 'title' : 'status';
    let line = 0;
    edit(repo, kepFile(kep), (lines) => {
      line = keyLine(lines, key);
      return splice(lines, line, 1, key === 'title' ? 'title: ""' : 'status:');
    });
    return { file: kepFile(kep), line, character: 0, message: new RegExp(key), fault: key === 'title' ? 'title: ""' : 'status: (empty)' };
  },
  soleKepvalError: true,
});

// ---------------------------------------------------------------------------------------------
// PRR (§2.4, R1–R11)
// ---------------------------------------------------------------------------------------------

faultClass({
  rule: 'prr/required-metadata',
  what: 'delete latest-milestone (R1) or stage (R2) of an implementable/implemented KEP',
  eligible: (k) => {
    const t = kepYamlOf(k);
    return isImplementable(t) && singleLine(t, 'status') >= 0 && singleLine(t, 'latest-milestone') >= 0 && singleLine(t, 'stage') >= 0;
  },
  inject(repo, kep, i) {
    const key = i % 2 === 0 ? 'latest-milestone' : 'stage';
    const lines = edit(repo, kepFile(kep), (ls) => splice(ls, keyLine(ls, key), 1));
    // The key is gone: the problem sits on the status that makes it required.
    const line = keyLine(lines, 'status');
    return { file: kepFile(kep), line, character: valueCol(lines[line]!), message: new RegExp(key === 'stage' ? 'stage' : 'latest-milestone'), fault: `${key} deleted` };
  },
  soleKepvalError: true,
});

faultClass({
  rule: 'prr/latest-milestone',
  what: 'latest-milestone "TBD" (R3: creating a SemVer object for latest milestone)',
  eligible: (k) => {
    const t = kepYamlOf(k);
    return isImplementable(t) && singleLine(t, 'latest-milestone') >= 0 && singleLine(t, 'stage') >= 0;
  },
  inject(repo, kep) {
    let line = 0;
    edit(repo, kepFile(kep), (lines) => {
      line = keyLine(lines, 'latest-milestone');
      return splice(lines, line, 1, 'latest-milestone: "TBD"');
    });
    return { file: kepFile(kep), line, character: 'latest-milestone: '.length, message: /TBD/, fault: 'latest-milestone: "TBD"' };
  },
  soleKepvalError: true,
});

faultClass({
  rule: 'prr/invalid-stage',
  what: 'stage "GA" on a KEP that needs PRR (R7: invalid stage)',
  eligible: needsPrr,
  inject(repo, kep) {
    let line = 0;
    edit(repo, kepFile(kep), (lines) => {
      line = keyLine(lines, 'stage');
      return splice(lines, line, 1, 'stage: GA');
    });
    return { file: kepFile(kep), line, character: 'stage: '.length, message: /GA/, fault: 'stage: GA' };
  },
  soleKepvalError: true,
});

faultClass({
  rule: 'prr/file-missing',
  what: 'delete the PRR approval file (R4: open …: no such file or directory)',
  eligible: (k) => needsPrr(k) && prrInfo(k) !== undefined,
  inject(repo, kep) {
    remove(repo, prrInfo(kep)!.file);
    const lines = linesOf(repo.read(kepFile(kep)));
    const line = keyLine(lines, 'stage');
    return { file: kepFile(kep), line, character: valueCol(lines[line]!), message: new RegExp(path.basename(prrInfo(kep)!.file).replace('.', '\\.')), fault: 'PRR file deleted' };
  },
  soleKepvalError: true,
});

const NEXT_STAGE: Record<string, string> = { alpha: 'beta', beta: 'stable' };

faultClass({
  rule: 'prr/stage-missing',
  what: 'graduate the KEP without a PRR entry for the new stage, or drop the current stage’s entry (R8/R9)',
  eligible: prrOk,
  inject(repo, kep, i) {
    const info = prrInfo(kep)!;
    const next = NEXT_STAGE[info.stage];
    if (i % 2 === 1 && next && !info.stagesPresent.includes(next)) {
      // kep.yaml edit: the KEP moves to the next stage; the PRR file only approves the old one.
      let line = 0;
      edit(repo, kepFile(kep), (lines) => {
        line = keyLine(lines, 'stage');
        return splice(lines, line, 1, `stage: ${next}`);
      });
      return { file: kepFile(kep), line, character: 'stage: '.length, message: new RegExp(`"${next}"`), fault: `stage ${info.stage} → ${next}` };
    }
    // PRR file edit: delete the `<stage>:` entry and its indented lines.
    edit(repo, info.file, (lines) => {
      let end = info.stageLine + 1;
      while (end < lines.length && /^\s+\S/.test(lines[end]!)) end++;
      return splice(lines, info.stageLine, end - info.stageLine);
    });
    const lines = linesOf(repo.read(kepFile(kep)));
    const line = keyLine(lines, 'stage');
    return { file: kepFile(kep), line, character: valueCol(lines[line]!), message: new RegExp(info.stage), fault: `PRR entry ${info.stage} deleted` };
  },
  soleKepvalError: true,
});

faultClass({
  rule: 'prr/approver',
  what: 'a PRR approver outside prod-readiness-approvers (R11)',
  eligible: prrOk,
  inject(repo, kep) {
    const info = prrInfo(kep)!;
    let character = 0;
    edit(repo, info.file, (lines) => {
      const indent = /^\s*/.exec(lines[info.approverLine]!)![0];
      character = `${indent}approver: `.length;
      return splice(lines, info.approverLine, 1, `${indent}approver: "@not-a-prr-approver"`);
    });
    return { file: info.file, line: info.approverLine, character, message: /not-a-prr-approver/, fault: `${info.stage} approver changed` };
  },
  soleKepvalError: true,
});

faultClass({
  rule: 'kep/unknown-key',
  what: 'PRR approval file: `approvers:` instead of `approver:` (R5: strict decode of the PRR file)',
  eligible: prrOk,
  inject(repo, kep) {
    const info = prrInfo(kep)!;
    let character = 0;
    edit(repo, info.file, (lines) => {
      const l = lines[info.approverLine]!;
      character = /^\s*/.exec(l)![0].length;
      return splice(lines, info.approverLine, 1, l.replace('approver:', 'approvers:'));
    });
    return { file: info.file, line: info.approverLine, character, message: /approvers/, fault: `PRR ${info.stage}.approver renamed` };
  },
  soleKepvalError: true,
});

faultClass({
  rule: 'kep/unknown-key',
  what: 'an unknown key in a KEP whose PRR approval is broken too (kepval reports the decode error only)',
  count: 8,
  eligible: (k) => prrOk(k) && keyLine(linesOf(kepYamlOf(k)), 'creation-date') >= 0,
  inject(repo, kep, i) {
    const info = prrInfo(kep)!;
    let line = 0;
    edit(repo, kepFile(kep), (lines) => {
      line = keyLine(lines, 'creation-date');
      return splice(lines, line, 1, lines[line]!.replace('creation-date', 'creation_date'));
    });
    // §1.4: the strict decode (P2) fails first and ends the file's checks; ValidatePRR never runs.
    if (i % 2 === 0) remove(repo, info.file);
    else edit(repo, info.file, (lines) => splice(lines, info.approverLine, 1, lines[info.approverLine]!.replace(/approver:.*/, 'approver: "@not-a-prr-approver"')));
    return { file: kepFile(kep), line, character: 0, message: /creation_date/, fault: `creation-date renamed and ${i % 2 === 0 ? 'PRR file deleted' : 'PRR approver changed'}` };
  },
  soleKepvalError: true,
});

// ---------------------------------------------------------------------------------------------
// Node approvers (§3.1 markers, §3.2 tech leads)
// ---------------------------------------------------------------------------------------------

faultClass({
  rule: 'owners/marked-not-in-owners',
  what: 'a marked user missing from OWNERS (OWNERS line deleted, or a marker added in kep.yaml)',
  eligible: markedNodeKep,
  inject(repo, kep, i) {
    const kepLines = linesOf(repo.read(kepFile(kep)));
    const ownersLines = linesOf(repo.read(`keps/${kep}/OWNERS`));
    if (i % 2 === 1) {
      // kep.yaml edit: mark a reviewer (else an approver) that OWNERS does not list.
      for (const role of ['reviewer', 'approver'] as Role[]) {
        const owners = new Set(blockList(ownersLines, LIST[role]).map((o) => o.user));
        const item = blockList(kepLines, LIST[role]).find((x) => x.comment === undefined && !owners.has(x.user));
        if (!item) continue;
        edit(repo, kepFile(kep), (lines) => splice(lines, item.line, 1, `${lines[item.line]!.trimEnd()} # ${MARKER[role]}`));
        return { file: kepFile(kep), line: item.line, character: item.col, message: new RegExp(MARKER[role]), fault: `${item.raw} marked # ${MARKER[role]}` };
      }
    }
    // OWNERS edit: delete the OWNERS entry of the first marked approver (else reviewer).
    for (const role of ['approver', 'reviewer'] as Role[]) {
      const owners = blockList(ownersLines, LIST[role]);
      const item = blockList(kepLines, LIST[role]).find((x) => x.comment === MARKER[role] && owners.filter((o) => o.user === x.user).length === 1);
      if (!item) continue;
      const entry = owners.find((o) => o.user === item.user)!;
      edit(repo, `keps/${kep}/OWNERS`, (lines) => splice(lines, entry.line, 1));
      return { file: kepFile(kep), line: item.line, character: item.col, message: new RegExp(MARKER[role]), fault: `OWNERS ${LIST[role]} entry ${entry.raw} deleted` };
    }
    throw new Error('no marked user to break');
  },
});

faultClass({
  rule: 'owners/owner-not-marked',
  what: 'an OWNERS user not marked in kep.yaml (marker removed, or a user added to OWNERS)',
  eligible: markedNodeKep,
  inject(repo, kep, i) {
    const kepLines = linesOf(repo.read(kepFile(kep)));
    const ownersLines = linesOf(repo.read(`keps/${kep}/OWNERS`));
    if (i % 2 === 1 && blockList(ownersLines, 'reviewers').length && keyLine(kepLines, 'reviewers') >= 0) {
      // OWNERS edit: a new reviewer nobody marked in kep.yaml (reported on kep.yaml's `reviewers:`).
      edit(repo, `keps/${kep}/OWNERS`, (lines) => {
        const last = blockEnd(lines, 'reviewers');
        const indent = /^\s*-\s+/.exec(lines[last]!)![0];
        return splice(lines, last + 1, 0, `${indent}kep-studio-newcomer`);
      });
      return { file: kepFile(kep), line: keyLine(kepLines, 'reviewers'), character: 0, message: /kep-studio-newcomer/, fault: 'OWNERS reviewer kep-studio-newcomer added' };
    }
    // kep.yaml edit: drop the marker of the first marked reviewer (else approver).
    for (const role of ['reviewer', 'approver'] as Role[]) {
      const owners = blockList(ownersLines, LIST[role]);
      const item = blockList(kepLines, LIST[role]).find((x) => x.comment === MARKER[role] && owners.some((o) => o.user === x.user));
      if (!item) continue;
      edit(repo, kepFile(kep), (lines) => splice(lines, item.line, 1, lines[item.line]!.replace(/\s*#.*$/, '')));
      return { file: kepFile(kep), line: item.line, character: item.col, message: new RegExp(MARKER[role]), fault: `marker of ${item.raw} removed` };
    }
    throw new Error('no marked user to unmark');
  },
});

/** SIG Node KEPs the tech-lead rule checks (§3.2): active status, latest-milestone minor ≥ 36, a block list of approvers. */
function techLeadScope(kep: string): boolean {
  if (!kep.startsWith('sig-node/')) return false;
  const t = kepYamlOf(kep);
  if (['withdrawn', 'rejected', 'replaced'].includes(scalar(t, 'status') ?? '')) return false;
  return nodeMinor(scalar(t, 'latest-milestone')) >= 36 && blockList(linesOf(t), 'approvers').length > 0;
}

faultClass({
  rule: 'owners/sig-node-tech-lead',
  what: 'approvers without a tech lead, an empty approvers list, or a marked approver on an actively alpha KEP (upcoming v1.37)',
  config: `upcomingRelease: v1.${UPCOMING_MINOR}\n`,
  eligible: techLeadScope,
  inject(repo, kep, i) {
    const t = repo.read(kepFile(kep));
    const kepLines = linesOf(t);
    const activelyAlpha = scalar(t, 'stage') === 'alpha' && nodeMinor(scalar(t, 'latest-milestone')) >= UPCOMING_MINOR;
    const key = keyLine(kepLines, 'approvers');
    const end = blockEnd(kepLines, 'approvers');
    if (i % 3 === 2 && activelyAlpha) {
      const lead = blockList(kepLines, 'approvers').find((x) => NODE_TECH_LEADS.has(x.user) && x.comment === undefined);
      if (lead) {
        edit(repo, kepFile(kep), (lines) => splice(lines, lead.line, 1, `${lines[lead.line]!.trimEnd()} # ${MARKER.approver}`));
        return { file: kepFile(kep), line: lead.line, character: lead.col, message: /must not use/, fault: `tech lead ${lead.raw} marked on an alpha KEP` };
      }
    }
    if (i % 3 === 1) {
      edit(repo, kepFile(kep), (lines) => splice(lines, key, end - key + 1, 'approvers: []'));
      return { file: kepFile(kep), line: key, character: 0, message: /no approvers listed/, fault: 'approvers: []' };
    }
    edit(repo, kepFile(kep), (lines) => splice(lines, key, end - key + 1, 'approvers:', '  - "@someoneelse"'));
    return {
      file: kepFile(kep),
      line: key,
      character: 0,
      message: activelyAlpha ? /alpha-stage .*must list at least one sig-node-tech-leads member/ : /not actively alpha must list a sig-node-tech-leads member/,
      fault: `approvers replaced by @someoneelse (${activelyAlpha ? 'actively alpha' : 'not actively alpha'})`,
    };
  },
});

// ---------------------------------------------------------------------------------------------
// verify-toc.sh (§4.5)
// ---------------------------------------------------------------------------------------------

const readmeWithToc = (k: string): boolean => {
  const r = corpusText(`${k}/README.md`);
  return r !== undefined && !r.includes('\r') && tocLines(r) !== undefined;
};

faultClass({
  rule: 'md/toc-markers',
  what: 'remove <!-- /toc -->, remove <!-- toc -->, or put <!-- toc --> after <!-- /toc -->',
  eligible: readmeWithToc,
  inject(repo, kep, i) {
    const file = `keps/${kep}/README.md`;
    const toc = tocLines(repo.read(file))!;
    if (i % 3 === 0) {
      edit(repo, file, (lines) => splice(lines, toc.end, 1));
      // "missing closing TOC tag": on the opening marker.
      return { file, line: toc.start, character: 0, message: /missing closing TOC tag/, fault: '<!-- /toc --> removed' };
    }
    if (i % 3 === 1) {
      const lines = edit(repo, file, (ls) => splice(ls, toc.start, 1));
      // "missing opening TOC tag": on the title (first H1), where the TOC belongs.
      return { file, line: firstHeadingLine(lines.join('\n'), 1) ?? 0, character: 0, message: /missing opening TOC tag/, fault: '<!-- toc --> removed' };
    }
    const lines = edit(repo, file, (ls) => {
      const moved = splice(ls, toc.end + 1, 0, ls[toc.start]!);
      return splice(moved, toc.start, 1);
    });
    // "TOC closing tag before start tag": on the closing marker.
    return { file, line: lines.findIndex((l) => l.toLowerCase() === TOC_END), character: 0, message: /closing tag before start tag/, fault: '<!-- toc --> moved after <!-- /toc -->' };
  },
});

faultClass({
  rule: 'md/toc-out-of-date',
  what: 'rename the first heading after the TOC, or add a section at the end',
  eligible: (k) => {
    if (!readmeWithToc(k)) return false;
    const r = corpusText(`${k}/README.md`)!;
    const h = firstHeadingLine(r, 5, tocLines(r)!.end + 1);
    return h !== undefined && /^#{1,5} [^#{]*$/.test(linesOf(r)[h]!);
  },
  inject(repo, kep, i) {
    const file = `keps/${kep}/README.md`;
    const text = repo.read(file);
    const toc = tocLines(text)!;
    if (i % 2 === 0) {
      const h = firstHeadingLine(text, 5, toc.end + 1)!;
      edit(repo, file, (lines) => splice(lines, h, 1, `${lines[h]!.trimEnd()} Renamed`));
      // The diagnostic is on the first TOC line that differs: the renamed heading's entry.
      const entry = linesOf(text).findIndex((l, n) => n > toc.start && l.trim().startsWith('- ['));
      return { file, line: entry, character: 0, message: /not up to date|not what mdtoc generates/, fault: `heading "${linesOf(text)[h]}" renamed` };
    }
    edit(repo, file, (lines) => [...lines, '', '## Added By Fault Injection', '', 'Text.', '']);
    // The missing entry belongs where the list ends: on the closing marker's line.
    return { file, line: toc.end, character: 0, message: /not up to date|not what mdtoc generates/, fault: 'section added at the end' };
  },
});

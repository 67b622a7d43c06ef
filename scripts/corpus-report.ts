/**
 * Generates docs/corpus-report.md: what every rule finds on the shared corpus of real
 * documents, with a sentence per rule on why that count is right.
 *
 * Usage: npm run gen:report   (builds, then runs `node out/scripts/corpus-report.js`)
 *
 * The engine runs in-process over ../shared/corpus/enhancements and ../shared/corpus/cncf-toc,
 * exactly as `kep-studio check` would. Every rule in RULES needs a note in NOTES (KEPs): a rule
 * without one makes the script fail, so a new rule cannot be left out of the report; every rule
 * that fires on the CNCF corpus needs one in CNCF_NOTES. Each note records the counts it was
 * written for; when the corpus or the rule changes, the report marks the note as needing a
 * re-check.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dedupe, type Problem } from '../server/src/core/problem.js';
import { Engine, RULES } from '../server/src/engine.js';
import { analyseSections } from '../server/src/kinds/analysis.js';
import { boilerplateOf } from '../server/src/kinds/registry.js';
import type { CheckUnit, Repository } from '../server/src/workspace/repository.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpusDir = path.resolve(projectRoot, '../shared/corpus');
const enhancementsDir = path.join(corpusDir, 'enhancements');
const outputPath = path.join(projectRoot, 'docs/corpus-report.md');

interface Note {
  /** Problems and distinct KEPs on the corpus when the note was written. */
  problems: number;
  keps: number;
  /** Why that count is right (read the findings before changing it). */
  text: string;
}

/** Why each rule fires as often as it does on kubernetes/enhancements. Written from the actual findings. */
const NOTES: Record<string, Note> = {
  'file/unreadable': { problems: 0, keps: 0, text: 'Every file and folder of the exported corpus is readable.' },
  'file/too-large': { problems: 0, keps: 0, text: 'The largest README in the full repository is 170 KB and the largest kep.yaml under 4 KB, far below the 8 MB and 1 MB limits.' },
  'file/binary': { problems: 0, keps: 0, text: 'No kep.yaml, PRR file or markdown file contains a NUL byte.' },
  'file/encoding': { problems: 0, keps: 0, text: 'Every markdown file under keps/ is valid UTF-8 (invalid UTF-8 in a YAML file would be kep/yaml-syntax).' },
  'file/too-complex': { problems: 0, keps: 0, text: 'Far below the limit (more than 200 `>` markers or 400 columns of indentation on one line): the most any line of the corpus has is one `>` and 87 columns.' },
  'config/invalid': { problems: 0, keps: 0, text: 'The corpus has no .kep-studio.yaml, so the defaults and the embedded SIG registry apply.' },
  'engine/internal-error': { problems: 0, keps: 0, text: 'No rule threw on any real file.' },
  'kep/metadata-missing': { problems: 0, keps: 0, text: 'kepval passes on this commit, so every README.md kepval walks has a kep.yaml beside it (365-paginated-lists has README.MD, which kepval ignores, and is not part of this copy).' },
  'kep/yaml-syntax': { problems: 0, keps: 0, text: 'kepval and the node-approvers test pass: every kep.yaml, PRR file, OWNERS file and OWNERS_ALIASES is valid UTF-8 and parses.' },
  'kep/duplicate-key': { problems: 0, keps: 0, text: 'kepval passes: no kep.yaml, PRR approval file or OWNERS_ALIASES repeats a key (nor does any of the 55 OWNERS files, where a repeat would not count).' },
  'kep/unknown-key': { problems: 0, keps: 0, text: 'kepval passes; the undocumented keys real KEPs use (`name:`, `id:`) are accepted, as the Go struct accepts them.' },
  'kep/type-mismatch': { problems: 0, keps: 0, text: 'kepval passes; numbers, dates and yes/no values are read as their source text, as yaml.v3 string fields do, and every one of the 235 `disable-supported` values is an unquoted true or false.' },
  'kep/required-field': { problems: 0, keps: 0, text: 'kepval passes; `approvers: []` (an empty list) is accepted as kepval accepts it.' },
  'kep/separator-line': { problems: 0, keps: 0, text: 'No kep.yaml contains `---`.' },
  'prr/required-metadata': { problems: 0, keps: 0, text: 'kepval passes: every implementable or implemented KEP has latest-milestone and stage.' },
  'prr/latest-milestone': { problems: 0, keps: 0, text: 'kepval passes: every implementable or implemented KEP has a latest-milestone semver accepts (`0.0`, `1.30` and `v1.37` all parse; the full repository’s one `TBD` is outside this copy).' },
  'prr/invalid-stage': { problems: 0, keps: 0, text: 'kepval passes: every KEP that needs PRR approval has one of the six stages.' },
  'prr/file-missing': { problems: 0, keps: 0, text: 'kepval passes: every implementable or implemented KEP from v1.21 on has its PRR approval file.' },
  'prr/stage-missing': { problems: 0, keps: 0, text: 'kepval passes: every PRR approval file has an entry for its KEP’s current stage.' },
  'prr/approver': { problems: 0, keps: 0, text: 'kepval passes: every current-stage approver is in prod-readiness-approvers or its emeritus alias of the corpus’ OWNERS_ALIASES.' },
  'prr/number-mismatch': {
    problems: 2,
    keps: 2,
    text: 'sig-node/688.yaml says 277 and sig-security/2763.yaml says 2730 (real mismatches nothing checks); sig-network/752.yaml says `0752`, the same number, and passes. The third known mismatch (sig-api-machinery/4192.yaml) is outside this copy.',
  },
  'owners/marked-not-in-owners': { problems: 0, keps: 0, text: 'The node-approvers test passes: all 38 kep.yaml files with a sig-node-assigned marker list people who are in their folder’s OWNERS.' },
  'owners/owner-not-marked': { problems: 0, keps: 0, text: 'The node-approvers test passes: every OWNERS reviewer and approver in a SIG Node KEP folder is marked in kep.yaml.' },
  'owners/sig-node-tech-lead': {
    problems: 0,
    keps: 0,
    text: 'The tech-lead test passes. The upcoming release defaults to v1.37 (the highest latest-milestone here), the value upstream reads from sig-release at this commit.',
  },
  'md/toc-markers': { problems: 0, keps: 0, text: 'verify-toc.sh passes: every checked .md has both markers; the symbolic-link stubs and the files in hack/.notableofcontents are skipped as upstream skips them.' },
  'md/toc-out-of-date': { problems: 0, keps: 0, text: 'verify-toc.sh passes: every table of contents equals what mdtoc v1.4.0 generates.' },
  'kep/unknown-sig': {
    problems: 8,
    keps: 8,
    text: 'Only participating-sigs entries: `sig-apimachinery`, `sig-arch` and `sig-contribex` (safe fixes to sig-api-machinery, sig-architecture, sig-contributor-experience), `sig-scheduler` (twice; sig-scheduling by spelling, not applied by fix-all), and `sig-jobset`, `TBD` and `Kubelet garbage collection WG` without a suggestion. Every owning-sig is a current group.',
  },
  'kep/retired-sig': { problems: 3, keps: 3, text: '`sig-usability` (two sig-cli KEPs) and `wg-component-standard` (kube-proxy component config) name groups archived in kubernetes/community.' },
  'kep/sig-folder': { problems: 2, keps: 2, text: 'sig-cloud-provider/2392 is owned by sig-api-machinery and kubeadm/995 by sig-windows; the third known case (sig-scheduling/986) is outside this copy. provider-aws KEPs are not flagged because provider-aws is not a group.' },
  'kep/status-value': { problems: 2, keps: 2, text: '`imlpemented` (sig-node/2625) and `removed` (sig-node/281). The template’s `provisional|implementable|…` is left to kep/placeholder.' },
  'kep/stage-value': { problems: 0, keps: 0, text: 'The only odd stages of the full repository (`alpha (deprecated)`, and the template’s `alpha|beta|stable`, which kep/placeholder reports) are outside this copy or excluded.' },
  'kep/implemented-not-stable': {
    problems: 5,
    keps: 5,
    text: 'sig-cli 1802, 2383, 3515 and 993 and kubeadm 2501 are implemented at alpha or beta; sig-network 4004 (implemented, stage disabled) is deliberately not flagged.',
  },
  'kep/replaced-without-successor': { problems: 5, keps: 5, text: 'Five replaced KEPs (e.g. sig-cloud-provider/2133, sig-network/536, sig-storage/2451) leave superseded-by empty.' },
  'kep/milestone-format': {
    problems: 24,
    keps: 17,
    text: 'Mostly `1.NN` without the `v` (each with a safe fix), plus `TODO`, `never` and `v1.21, v1.37` in milestone:. The 38 old KEPs’ `0.0` and the `TBD`s under milestone: are accepted, as planned.',
  },
  'kep/date-format': { problems: 4, keps: 4, text: 'Two un-padded creation dates (`2023-9-18`, `2024-2-1`, fixable) and two last-updated values that are releases (`v1.29`, `v1.30`).' },
  'kep/placeholder': {
    problems: 15,
    keps: 11,
    text: 'Four KEPs still titled `KEP Template`, the `yyyy-mm-dd` dates of sig-etcd 4326/4331, the provider template’s four values, a copied `replaces` entry (sig-node/5365), and four TBD reviewers or approvers on three implementable KEPs (sig-cloud-provider 2025 and 2390, sig-node/4216); TBD people on implemented KEPs are history and not flagged.',
  },
  'md/placeholder': { problems: 1, keps: 1, text: 'sig-node/5683’s README is still titled `KEP-NNNN`.' },
  'md/unresolved': { problems: 23, keps: 4, text: 'Open `<<[UNRESOLVED]>>` blocks in four implementable KEPs: sig-node/4603-tune-crashloopbackoff (12), sig-cli/3805 (6), sig-node/1898 (3) and sig-node/5593 (2). The implemented sig-network/3726 is not checked.' },
  'kep/reviewer-is-author': { problems: 51, keps: 30, text: 'Authors listing themselves as reviewer or approver is common in small SIGs (sig-cli, sig-cloud-provider, kubeadm); closed KEPs are skipped.' },
  'kep/no-sig-lead-approver': {
    problems: 52,
    keps: 52,
    text: 'Compared with today’s chairs and tech leads only, so older provisional and implementable KEPs approved by former leads show up, which is why this is a suggestion only; every other status is skipped (sig-node/2625’s misspelt `imlpemented` included).',
  },
  'kep/number-mismatch': { problems: 1, keps: 1, text: 'sig-node/2043-pod-resource-concrete-assigments has kep-number 1884, the one mismatch of the whole repository; `0752` vs 752 compares equal.' },
  'kep/duplicate-number': { problems: 5, keps: 5, text: '2133 (sig-cloud-provider and sig-node) and 0000 (provider template, community forum, anago migration), each side reported.' },
  'kep/dangling-reference': {
    problems: 45,
    keps: 35,
    text: '27 entries point into folders present here but name paths that no longer exist (pre-2020 `NNNN-name.md` files, typos such as a trailing quote, KEPs not merged), 11 point into SIG folders this partial copy lacks (sig-api-machinery, sig-auth, …) and cannot be confirmed, 7 are KEP numbers (the provider template’s KEP-1…KEP-100 and kubeadm’s pre-2020 0004, 0008, 0015).',
  },
  'md/graduation-criteria': {
    problems: 44,
    keps: 39,
    text: 'Implementable KEPs only; `TBD` milestones do not count, and labels (`**GA:**`, `- Beta: …`, `*Alpha*:`, `GA in 1.24 - …`) and transition headings (the old template’s `Alpha -> Beta` gives both stages) do. 8 READMEs have no Graduation Criteria section. Of the 36 missing stages (31 KEPs), 15 are prose or lists without a stage heading or label (13 KEPs); 7 “Not applicable”, N/A, None or a pointer elsewhere; 6 empty or template-only sections (4 KEPs); 5 stages left out while other stages are covered (4 KEPs); and 3 criteria the rule cannot read: phase headings (sig-storage/2263, sig-network/5495) and a label ending at a comma (`GA in 1.23, …`, sig-storage/695).',
  },
  'md/prr-questionnaire': { problems: 37, keps: 7, text: 'Seven implementable KEPs from v1.21 on whose questionnaire is missing, only a link to another KEP’s, or “not applicable”; a beta or stable KEP gets one finding per missing section (six).' },
  'md/test-plan': { problems: 4, keps: 4, text: 'sig-network/2829, sig-release/2572, sig-storage/2263 and sig-testing/2539: implementable KEPs targeting v1.15 to v1.22 with no Test Plan heading. The old KEPs whose latest-milestone is `0.0` (“no milestone”) are not checked.' },
  'md/empty-section': { problems: 10, keps: 4, text: 'Test Plans and graduation criteria that hold only template comments, and sig-testing/3041’s six unanswered PRR sections.' },
  'config/untrusted': { problems: 0, keps: 0, text: 'The command line always uses the kinds a configuration defines, and the corpus has no configuration.' },
  'proposal/missing-section': { problems: 0, keps: 0, text: 'KEPs are checked by the kep/, md/ and prr/ rules; the proposal rules apply to the other kinds (see the CNCF section below).' },
  'proposal/empty-section': { problems: 0, keps: 0, text: 'Proposal rules do not apply to KEPs (md/empty-section does).' },
  'proposal/section-order': { problems: 0, keps: 0, text: 'Proposal rules do not apply to KEPs.' },
  'proposal/heading-level': { problems: 0, keps: 0, text: 'Proposal rules do not apply to KEPs.' },
  'proposal/metadata': { problems: 0, keps: 0, text: 'Proposal rules do not apply to KEPs (kep.yaml has the kep/ rules).' },
  'proposal/metadata-ci': { problems: 0, keps: 0, text: 'Proposal rules do not apply to KEPs.' },
  'proposal/title': { problems: 0, keps: 0, text: 'Proposal rules do not apply to KEPs.' },
  'proposal/placeholder': { problems: 0, keps: 0, text: 'Proposal rules do not apply to KEPs (kep/placeholder and md/placeholder do).' },
  'proposal/criterion': { problems: 0, keps: 0, text: 'Proposal rules do not apply to KEPs.' },
  'md/template-section': { problems: 384, keps: 88, text: 'Provisional and implementable KEPs written before the current template: mostly Drawbacks, Version Skew, Upgrade / Downgrade, Release Signoff Checklist and Alternatives. Other statuses are skipped, including sig-node/2625 (`imlpemented`) and sig-node/281 (`removed`).' },
};

/** Why each rule fires as often as it does on cncf/toc's proposals and due diligence (rules that fire there only). */
const CNCF_NOTES: Record<string, { problems: number; documents: number; text: string }> = {
  'proposal/missing-section': {
    problems: 1,
    documents: 1,
    text: 'keda-incubation-proposal.md is 14 lines of project description: it has none of the incubation criteria, in a section or elsewhere. Every other document has the required sections of the shape it follows.',
  },
  'proposal/placeholder': {
    problems: 8,
    documents: 3,
    text: 'Template text that was merged: cloudevents-graduation-proposal.md is titled `# [Project] Graduation Proposal`; crossplane-graduation-dd.md keeps three `DD-MMM-YYYY … $LINK` lines of the template, and kyverno-graduation-due-diligence.md one `DD-MMM-YYYY`.',
  },
  'proposal/criterion': {
    problems: 33,
    documents: 23,
    text: 'Information only: older documents answer the criteria of their day. Most are criteria added later — documented security processes (8 incubation proposals from before 2020), a third-party security audit (6 graduation proposals from 2018–2019), maintainer lifecycle (4) — then criteria the field-list or free-form documents do not name (commits, production users, committers), harbor’s graduation proposal written in AsciiDoc headings, and two due diligence documents without adopter interviews (cloudevents 2019, cri-o). keda’s incubation stub lacks the whole criteria section, reported once by proposal/missing-section.',
  },
};

/** A part of the report: a heading and its markdown lines. */
interface Section {
  heading: string;
  lines: string[];
}

/** The report's sections, in order; each builds its own tables. */
const SECTIONS: Array<() => Section> = [enhancementsSection, cncfSection];

function main(): void {
  checkNotes();
  const sections = SECTIONS.map((build) => build());
  const out = [
    '# KEP Studio on the real corpus',
    '',
    '> Generated by `npm run gen:report` (which builds, then runs `node out/scripts/corpus-report.js`). Do not edit',
    '> this file: change the notes in `scripts/corpus-report.ts` and regenerate.',
    '',
    ...sections.flatMap((s) => [`## ${s.heading}`, '', ...s.lines, '']),
  ];
  fs.mkdirSync(path.dirname(outputPath), { recursive: true });
  fs.writeFileSync(outputPath, out.join('\n').replace(/\n+$/, '\n'));
  console.log(`wrote ${path.relative(projectRoot, outputPath)}`);
}

/** Every rule has a note and every note a rule. */
function checkNotes(): void {
  const missing = [...RULES.keys()].filter((id) => !NOTES[id]);
  const stale = Object.keys(NOTES).filter((id) => !RULES.has(id));
  if (missing.length || stale.length) {
    const lines = [
      ...missing.map((id) => `no note for rule ${id}: run the check over the corpus, read its findings and add a note to NOTES`),
      ...stale.map((id) => `note for ${id}, which is not a rule (renamed or removed?)`),
    ];
    throw new Error(`scripts/corpus-report.ts:\n  ${lines.join('\n  ')}`);
  }
}

function enhancementsSection(): Section {
  const engine = new Engine();
  const repo = engine.repository(enhancementsDir);
  const units = repo.units();
  const problems = dedupe(units.flatMap((u) => repo.checkUnit(u).problems));
  const kepOf = kepFolderOf(repo);
  const files = checkedFiles(repo, units);
  const kepsPresent = fs
    .readdirSync(repo.kepsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'prod-readiness' && e.name !== 'NNNN-kep-template')
    .map((e) => e.name)
    .sort();

  const byRule = new Map<string, Problem[]>();
  for (const p of problems) byRule.set(p.ruleId, [...(byRule.get(p.ruleId) ?? []), p]);

  const rows: string[][] = [];
  const drifted: string[] = [];
  for (const rule of RULES.values()) {
    const found = byRule.get(rule.id) ?? [];
    const keps = new Set<string>();
    let elsewhere = 0;
    for (const p of found) {
      const k = kepOf(p.path);
      if (k) keps.add(k);
      else elsewhere++;
    }
    const note = NOTES[rule.id]!;
    let text = note.text;
    if (note.problems !== found.length || note.keps !== keps.size) {
      drifted.push(rule.id);
      text += ` **(Note written for ${note.problems} problems in ${note.keps} KEPs: re-check it.)**`;
    }
    rows.push([
      `[${rule.id}](rules/${rule.id}.md)`,
      rule.severity,
      String(found.length),
      `${keps.size}${elsewhere ? ` + ${elsewhere} outside KEP folders` : ''}`,
      text,
    ]);
  }
  for (const id of drifted) console.warn(`warning: the corpus count of ${id} changed; re-read its findings and update its note`);

  const severities = (['error', 'warning', 'information', 'hint'] as const)
    .map((s) => [s, problems.filter((p) => p.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  return {
    heading: 'kubernetes/enhancements',
    lines: [
      `Corpus: \`../shared/corpus/enhancements\`, kubernetes/enhancements at commit \`${sourceCommit('enhancements/')}\`` +
        ` (from ../shared/corpus/SOURCES.md). It holds **${repo.layout.keps.length} KEPs** (kep.yaml files, including the` +
        ` KEP template and sig-cloud-provider’s provider template); **${files} files** were checked (kep.yaml files, the PRR` +
        ` approval files they point to, and every .md under keps/).`,
      '',
      `The copy is part of the repository: besides the template it has the folders ${kepsPresent.map((d) => `\`${d}\``).join(', ')}.` +
        ' References to KEPs in the other folders cannot be resolved here (see kep/dangling-reference).',
      '',
      `Result: ${problems.length} problems (${severities.join(', ') || 'none'}). No errors is the expected result: the corpus passes` +
        ' its own CI, and errors are exactly what that CI rejects.',
      '',
      'A KEP is the folder of a kep.yaml; problems in a README or other markdown count for the KEP folder that holds the' +
        ' file, and problems in a PRR approval file for the KEP whose owning-sig and kep-number name it.',
      '',
      ...table(['Rule', 'Severity', 'Problems', 'KEPs', 'Why this count is right'], rows),
    ],
  };
}

/** Every markdown file of cncf-toc (dot folders included), each checked as `kep-studio check` checks a proposal: per kind, per rule. */
function cncfSection(): Section {
  const root = path.join(corpusDir, 'cncf-toc');
  const engine = new Engine();
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.md')) files.push(full);
    }
  };
  walk(root);
  interface KindEntry {
    documents: string[];
    evidence: Map<string, number>;
    shapes: Map<string, number>;
    problems: Problem[];
  }
  const byKind = new Map<string, KindEntry>();
  let others = 0;
  for (const file of files.sort()) {
    const repo = engine.repositoryFor(file);
    const proposal = repo.proposal(file);
    if (!proposal) {
      others++;
      continue;
    }
    const { doc, recognition } = proposal;
    const k = recognition.kind;
    const entry: KindEntry = byKind.get(k.id) ?? { documents: [], evidence: new Map(), shapes: new Map(), problems: [] };
    entry.documents.push(file);
    entry.evidence.set(recognition.by, (entry.evidence.get(recognition.by) ?? 0) + 1);
    const shape = analyseSections(doc, k, boilerplateOf(k)).shape.name;
    entry.shapes.set(shape, (entry.shapes.get(shape) ?? 0) + 1);
    entry.problems.push(...dedupe(repo.unitsFor(file).flatMap((u) => repo.checkUnit(u).problems)).filter((p) => p.path === file));
    byKind.set(k.id, entry);
  }
  const all = [...byKind.values()].flatMap((e) => e.problems);
  const fired = [...RULES.values()].filter((r) => all.some((p) => p.ruleId === r.id));
  const missingNotes = fired.filter((r) => !CNCF_NOTES[r.id]).map((r) => r.id);
  if (missingNotes.length) throw new Error(`scripts/corpus-report.ts: no CNCF note for ${missingNotes.join(', ')}: read its findings on cncf-toc and add one to CNCF_NOTES`);
  const count = (ps: Problem[]): string => {
    const docs = new Set(ps.map((p) => p.path)).size;
    return ps.length ? `${ps.length} (${docs})` : '0';
  };
  const kindRows = [...byKind.entries()].map(([id, e]) => [
    `\`${id}\``,
    String(e.documents.length),
    [...e.evidence.entries()].map(([by, n]) => `${by} ${n}`).join(', '),
    [...e.shapes.entries()].map(([shape, n]) => `${shape} ${n}`).join(', '),
    ...fired.map((r) => count(e.problems.filter((p) => p.ruleId === r.id))),
  ]);
  const noteRows = fired.map((r) => {
    const ps = all.filter((p) => p.ruleId === r.id);
    const note = CNCF_NOTES[r.id]!;
    const docs = new Set(ps.map((p) => p.path)).size;
    const drift = note.problems !== ps.length || note.documents !== docs ? ` **(Note written for ${note.problems} problems in ${note.documents} documents: re-check it.)**` : '';
    if (drift) console.warn(`warning: the CNCF count of ${r.id} changed; re-read its findings and update its note`);
    return [`[${r.id}](rules/${r.id}.md)`, r.severity, String(ps.length), String(docs), note.text + drift];
  });
  const documents = [...byKind.values()].reduce((n, e) => n + e.documents.length, 0);
  const errors = all.filter((p) => p.severity === 'error').length;
  const severities = (['error', 'warning', 'information', 'hint'] as const)
    .map((s) => [s, all.filter((p) => p.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  return {
    heading: 'cncf/toc: proposals and due diligence',
    lines: [
      `Corpus: \`../shared/corpus/cncf-toc\`, cncf/toc at commit \`${sourceCommit('cncf-toc/')}\`: ${files.length} markdown files. **${documents}** are` +
        ` recognised as proposals (every graduation, incubation and sandbox proposal and due diligence document under projects/);` +
        ` the other ${others} — annual reviews, security self-assessments, governance and technical reviews, adopter interviews, the` +
        ' issue and due diligence templates themselves — are not proposals and are not checked.',
      '',
      `Result: ${all.length} problems (${severities.join(', ') || 'none'}); ${errors ? `**${errors} errors**: merged documents should have none, a rule is wrong` : 'no errors, as merged documents should have'}. The CNCF` +
        ' kinds have no error-severity rule: no CI checks these documents, so what their process asks for is a warning, and the' +
        ' criteria of the checklists are information. The current issue-template kinds (sandbox, incubation and graduation' +
        ' applications) have no merged documents here: applications are issues, not files.',
      '',
      'Per kind: the documents, how they were recognised, the shape (template) each follows, and the problems of each rule' +
        ' that fires (documents in parentheses).',
      '',
      ...table(['Kind', 'Documents', 'Recognised by', 'Shapes', ...fired.map((r) => `\`${r.id}\``)], kindRows),
      '',
      ...table(['Rule', 'Severity', 'Problems', 'Documents', 'Why this count is right'], noteRows),
    ],
  };
}

/** The commit of a corpus folder, from the table in ../shared/corpus/SOURCES.md. */
function sourceCommit(folder: string): string {
  const sources = fs.readFileSync(path.join(corpusDir, 'SOURCES.md'), 'utf8');
  for (const line of sources.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells[1] === folder && /^[0-9a-f]{40}$/.test(cells[3] ?? '')) return cells[3]!;
  }
  throw new Error(`../shared/corpus/SOURCES.md has no commit for ${folder}`);
}

/** Maps a problem's file to the KEP folder it belongs to, if any. */
function kepFolderOf(repo: Repository): (file: string) => string | undefined {
  const dirs = new Set(repo.layout.keps.map((l) => l.dir));
  const prrFiles = new Map<string, string>();
  for (const k of repo.allKeps()) {
    if (k.owningSig && k.number) prrFiles.set(path.join(repo.kepsDir, 'prod-readiness', k.owningSig, `${k.number}.yaml`), k.dir);
  }
  return (file) => {
    const prr = prrFiles.get(file);
    if (prr) return prr;
    for (let dir = path.dirname(file); dir.startsWith(repo.kepsDir + path.sep); dir = path.dirname(dir)) {
      if (dirs.has(dir)) return dir;
    }
    return undefined;
  };
}

/** The files `kep-studio check` counts: each KEP's kep.yaml and existing PRR file, and every markdown file. */
function checkedFiles(repo: Repository, units: CheckUnit[]): number {
  const files = new Set<string>();
  for (const u of units) {
    if (u.kind === 'markdown') files.add(u.path);
    if (u.kind !== 'kep') continue;
    files.add(u.location.kepYamlPath);
    const kep = repo.kep(u.location);
    if (kep.owningSig && kep.number) {
      const prr = path.join(repo.kepsDir, 'prod-readiness', kep.owningSig, `${kep.number}.yaml`);
      if (fs.existsSync(prr)) files.add(prr);
    }
  }
  return [...files].filter((f) => fs.existsSync(f)).length;
}


function table(header: string[], rows: string[][]): string[] {
  const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

try {
  main();
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
}

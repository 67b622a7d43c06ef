// The real CNCF proposals and due diligence documents (../shared/corpus/cncf-toc, read in place):
// each is recognised as its kind and checked without errors; a copy with a required section
// removed is caught, with a quick fix that restores the heading.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import type { FileEdit } from '../../server/src/core/problem.js';
import { Engine } from '../../server/src/engine.js';
import { analyseSections, evaluateChecklists } from '../../server/src/kinds/analysis.js';
import { ProposalDoc } from '../../server/src/kinds/document.js';
import { allSections } from '../../server/src/kinds/kind.js';
import { readMetadata } from '../../server/src/kinds/metadata.js';
import { boilerplateOf } from '../../server/src/kinds/registry.js';
import { displayTitle } from '../../server/src/kinds/titles.js';
import { checkFile, describe as show } from '../support/check.js';
import { cncfTocDir } from '../support/paths.js';

/** Every markdown file of the corpus, relative to cncf-toc. */
function corpusFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.md')) out.push(path.relative(cncfTocDir, full).split(path.sep).join('/'));
    }
  };
  walk(cncfTocDir);
  return out.sort();
}

/** The proposals and due diligence documents under projects/ (not annual reviews, assessments, interviews). */
const PROPOSAL = /^projects\/[^/]+\/(?:[^/]*(?:proposal|-dd|due-diligence)[^/]*|cert-manager-graduation|keptn)\.md$/;
const KINDS = new Set(['cncf-graduation-proposal', 'cncf-incubation-proposal', 'cncf-sandbox-proposal', 'cncf-due-diligence']);

const engine = new Engine();
const proposals = corpusFiles().filter((f) => PROPOSAL.test(f));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-cncf-'));
// A repository root for the copies, so their paths read as in cncf/toc.
fs.mkdirSync(path.join(tmp, '.git'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A document of the corpus read as a proposal; a test fails here on one that is not. */
function analysed(rel: string) {
  const file = path.join(cncfTocDir, rel);
  const proposal = engine.repositoryFor(file).proposal(file);
  assert.ok(proposal, `${rel} is not recognised as a proposal`);
  return { doc: proposal.doc, kind: proposal.recognition.kind };
}

/** Applies the text edits of a fix to `text` (the fixes here insert at one place). */
function apply(text: string, edits: FileEdit[]): string {
  const lines = text.split('\n');
  let out = text;
  for (const e of [...edits].reverse()) {
    if (e.kind !== 'edit') continue;
    const offset = lines.slice(0, e.range.start.line).reduce((n, l) => n + l.length + 1, 0) + e.range.start.character;
    const end = lines.slice(0, e.range.end.line).reduce((n, l) => n + l.length + 1, 0) + e.range.end.character;
    out = out.slice(0, offset) + e.newText + out.slice(end);
  }
  return out;
}

describe('CNCF proposals and due diligence in cncf/toc', () => {
  test('the corpus holds them (70 documents)', () => {
    assert.equal(proposals.length, 70, proposals.join('\n'));
  });

  test('each is recognised as a CNCF proposal or due diligence, and has no error', () => {
    const problems: string[] = [];
    for (const rel of proposals) {
      const proposal = engine.repositoryFor(path.join(cncfTocDir, rel)).proposal(path.join(cncfTocDir, rel));
      const kind = proposal?.recognition.kind;
      if (!kind || !KINDS.has(kind.id)) {
        problems.push(`${rel}: recognised as ${kind?.id ?? 'nothing'}`);
        continue;
      }
      const errors = checkFile(path.join(cncfTocDir, rel)).filter((p) => p.severity === 'error');
      if (errors.length) problems.push(show(errors, cncfTocDir));
    }
    assert.deepEqual(problems, []);
  });

  test('the templates, annual reviews, assessments and interviews are not taken for proposals', () => {
    const others = corpusFiles().filter((f) => !PROPOSAL.test(f));
    const recognised = others.filter((rel) => engine.repositoryFor(path.join(cncfTocDir, rel)).isProposal(path.join(cncfTocDir, rel)));
    assert.deepEqual(recognised, []);
  });

  test('removing a required section from a copy is caught, and the fix restores its heading', () => {
    const failures: string[] = [];
    let removals = 0;
    const covered = new Set<string>();
    for (const rel of proposals) {
      const { doc, kind } = analysed(rel);
      const analysis = analyseSections(doc, kind, boilerplateOf(kind));
      // Required sections present as headings, whose parent (if any) stays: remove each in turn.
      const present = allSections(analysis.shape.sections).filter((s) => s.required && analysis.found.get(s)?.heading);
      for (const section of present) {
        const h = analysis.found.get(section)!.heading!;
        const copy = path.join(tmp, rel);
        fs.mkdirSync(path.dirname(copy), { recursive: true });
        const mutated = doc.text.slice(0, h.start) + doc.text.slice(h.sectionEnd);
        // A section named twice (istio's "License" and "Licenses") is still there after one goes.
        const after = analyseSections(new ProposalDoc(copy, mutated, 'markdown'), kind, boilerplateOf(kind));
        if (after.found.has(section)) continue;
        fs.writeFileSync(copy, mutated);
        removals++;
        const found = checkFile(copy, {}).find((p) => p.ruleId === 'proposal/missing-section' && p.message.includes(`"${displayTitle(section.title)}"`));
        const fix = found?.fixes?.[0];
        const restored = fix && apply(mutated, fix.edits);
        const heading = restored?.split('\n').find((l) => /^#{1,6} /.test(l) && section.matchesHeading(l.replace(/^#+ /, '')));
        if (!found || !heading) failures.push(`${rel}: removing "${h.title}" is ${found ? 'caught, but the fix does not restore a heading for it' : 'not caught'}`);
        else covered.add(rel);
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(removals > 100, `${removals} removals`);
    // The others have no required section to remove: three in free form (their criteria are
    // removed instead, next test) and keda's, which lacks its only one already.
    const uncovered = proposals.filter((rel) => !covered.has(rel));
    assert.deepEqual(uncovered, [
      'projects/coredns/coredns-incubation-proposal.md',
      'projects/jaeger/jaeger-graduation-proposal.md',
      'projects/keda/keda-incubation-proposal.md',
      'projects/kubernetes/kubernetes-graduation-proposal.md',
    ]);
  });

  test('in a free-form document, removing a criterion’s heading is caught as proposal/criterion with a fix that adds it back', () => {
    const failures: string[] = [];
    let tried = 0;
    for (const rel of proposals) {
      const { doc, kind } = analysed(rel);
      const analysis = analyseSections(doc, kind, boilerplateOf(kind));
      if (allSections(analysis.shape.sections).some((s) => s.required && analysis.found.get(s)?.heading)) continue;
      const metadata = kind.metadata ? readMetadata(doc, kind.metadata) : undefined;
      const item = evaluateChecklists(doc, kind, analysis, metadata, boilerplateOf(kind)).find((r) => r.done && r.item.required && 'mention' in r.item.evidence && r.range && doc.headings.some((h) => doc.index.position(h.start).line === r.range!.start.line));
      if (!item) continue;
      const h = doc.headings.find((x) => doc.index.position(x.start).line === item.range!.start.line)!;
      const mutated = doc.text.slice(0, h.start) + doc.text.slice(h.sectionEnd);
      const copy = path.join(tmp, rel);
      fs.mkdirSync(path.dirname(copy), { recursive: true });
      fs.writeFileSync(copy, mutated);
      tried++;
      const found = checkFile(copy).find((p) => p.ruleId === 'proposal/criterion' && p.message.includes(`"${item.item.label}"`));
      const restored = found?.fixes?.[0] && apply(mutated, found.fixes[0].edits);
      if (!found || !restored?.includes(`# ${item.item.insert ?? item.item.label}`)) failures.push(`${rel}: removing "${h.title}" (${item.item.label}) is ${found ? 'caught without a heading fix' : 'not caught (another heading, label or list item names it)'}`);
    }
    // jaeger names its criteria in headings; coredns and kubernetes in list items, several per criterion.
    assert.ok(tried >= 1, `${tried} free-form documents`);
    assert.deepEqual(failures, []);
  });
});

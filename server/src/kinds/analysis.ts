import type { Fix, Range } from '../core/problem.js';
import type { Heading, Lead, ProposalDoc } from './document.js';
import type { Checklist, ChecklistItem, Kind, Section, Shape } from './kind.js';
import { allSections } from './kind.js';
import type { MetadataRead } from './metadata.js';
import { MAX_INPUT } from './pattern.js';
import { sectionTitle, titleVariables } from './titles.js';

/** How a section of the kind is present in the document: as a heading or label, or named in a list item or bold lead. */
export interface Found {
  section: Section;
  heading?: Heading;
  lead?: Lead;
}

export interface SectionAnalysis {
  shape: Shape;
  found: Map<Section, Found>;
  /** Required sections that are absent (whose parent, if any, is present), with the fix that adds each. */
  missing: Array<{ section: Section; fix: Fix }>;
  /** Required sections present as headings but without an answer. */
  empty: Array<{ section: Section; heading: Heading }>;
  /** Headings at another level than the kind's. */
  levels: Array<{ section: Section; heading: Heading; fix: Fix }>;
  /** Sections before a sibling the kind lists earlier. */
  order: Array<{ section: Section; heading: Heading; after: Section }>;
}

/** What the document's sections are against its kind: the closest shape, what is found, what is missing. */
export function analyseSections(doc: ProposalDoc, kind: Kind, boilerplate: ReadonlySet<string>): SectionAnalysis {
  const candidates = [...doc.headings, ...doc.labels].sort((a, b) => a.start - b.start);
  const scored = kind.shapes.map((shape, index) => {
    const found = matchShape(doc, shape, candidates);
    const sections = allSections(shape.sections);
    const required = sections.filter((s) => s.required);
    const share = required.length ? required.filter((s) => found.has(s)).length / required.length : 0;
    const headings = [...found.values()].filter((f) => f.heading).length;
    // An older shape counts only when the document has its headings, not a few of its words in passing.
    const evident = index === 0 || headings >= Math.min(3, Math.ceil(sections.length / 2));
    return { shape, found, share, evident, free: !required.length, headings };
  });
  type Scored = (typeof scored)[number];
  const pick = (candidates: Scored[], better: (a: Scored, b: Scored) => boolean): Scored | undefined => candidates.reduce<Scored | undefined>((a, b) => (!a || better(b, a) ? b : a), undefined);
  // The shape the document follows: the largest share (at least half) of a shape's required
  // sections present; else a free-form shape (no required sections) of which it has at least
  // three sections; else the first shape (the newest template), whose sections it lacks.
  const best =
    pick(
      scored.filter((s) => s.share >= 0.5 && s.evident),
      (b, a) => b.share > a.share,
    ) ??
    pick(
      scored.filter((s) => s.free && s.found.size >= 3),
      (b, a) => b.found.size > a.found.size,
    ) ??
    scored[0]!;
  const { shape, found } = best;
  const vars = titleVariables(doc, kind);
  const analysis: SectionAnalysis = { shape, found, missing: [], empty: [], levels: [], order: [] };
  for (const section of allSections(shape.sections)) {
    const f = found.get(section);
    const parentFound = !section.parent || found.get(section.parent)?.heading;
    if (!f) {
      if (section.required && parentFound) analysis.missing.push({ section, fix: insertSectionFix(doc, shape, found, section, vars) });
      continue;
    }
    const h = f.heading;
    if (!h) continue;
    if (section.required && !section.children.length && !doc.hasContent(h.contentStart, h.sectionEnd, boilerplate, kind.emptyMarkers)) analysis.empty.push({ section, heading: h });
    if (h.form === 'heading' && doc.format === 'markdown' && section.level !== undefined && h.level !== section.level) {
      const source = doc.text.slice(h.start, h.end);
      // An ATX heading keeps its text as written; a setext one (text, then a === or --- line) becomes ATX.
      const fixed = ATX.test(source) ? source.replace(ATX, '#'.repeat(section.level)) : `${'#'.repeat(section.level)} ${source.split('\n').slice(0, -1).map((l) => l.trim()).join(' ')}`;
      analysis.levels.push({ section, heading: h, fix: { title: `Make it a level ${section.level} heading`, edits: [{ kind: 'edit', path: doc.path, range: doc.range(h.start, h.end), newText: fixed }], preferred: true, safe: true } });
    }
  }
  if (kind.ordered) {
    const check = (siblings: Section[]): void => {
      let prev: { section: Section; start: number } | undefined;
      for (const s of siblings) {
        const h = found.get(s)?.heading;
        if (h) {
          if (prev && h.start < prev.start) analysis.order.push({ section: s, heading: h, after: prev.section });
          else prev = { section: s, start: h.start };
        }
        check(s.children);
      }
    };
    check(shape.sections);
  }
  return analysis;
}

/** Matches a shape's sections: children only within their parent's extent, each heading used once. */
function matchShape(doc: ProposalDoc, shape: Shape, candidates: Heading[]): Map<Section, Found> {
  const found = new Map<Section, Found>();
  const used = new Set<number>();
  const visit = (sections: Section[], from: number, to: number): void => {
    for (const s of sections) {
      const h = candidates.find((c) => c.start >= from && c.start < to && !used.has(c.start) && (c.form === 'heading' || s.inline || c.level < 7) && s.matchesHeading(c.title));
      if (h) {
        used.add(h.start);
        found.set(s, { section: s, heading: h });
        visit(s.children, h.contentStart, h.sectionEnd);
        continue;
      }
      if (s.inline) {
        const lead = doc.leads(from, to).find((l) => !used.has(l.start) && s.matchesInline(l.text));
        if (lead) {
          used.add(lead.start);
          found.set(s, { section: s, lead });
        }
      }
    }
  };
  visit(shape.sections, doc.bodyStart, doc.text.length);
  return found;
}

const ATX = /^ {0,3}#{1,6}(?=[ \t]|$)/;
const RST_STYLES = ['=', '-', '~', '^', '"'];

/** Heading text of `level` for the document's markup. */
export function headingText(doc: ProposalDoc, level: number, title: string): string {
  if (doc.format === 'markdown') return `${'#'.repeat(level)} ${title}\n`;
  const style = doc.rstStyles[level - 1] ?? RST_STYLES.find((s) => !doc.rstStyles.includes(s)) ?? '=';
  const line = style[0]!.repeat(Math.max(title.length, 3));
  return `${style.length === 2 ? `${line}\n` : ''}${title}\n${line}\n`;
}

/** The fix that adds a missing section (with its required subsections) where the kind puts it. */
function insertSectionFix(doc: ProposalDoc, shape: Shape, found: Map<Section, Found>, section: Section, vars: Record<string, string>): Fix {
  const siblings = section.parent ? section.parent.children : shape.sections;
  const i = siblings.indexOf(section);
  const parent = section.parent ? found.get(section.parent)?.heading : undefined;
  const present = (s: Section): Heading | undefined => found.get(s)?.heading;
  const prev = siblings.slice(0, i).reverse().map(present).find(Boolean);
  const next = siblings.slice(i + 1).map(present).find(Boolean);
  const offset = prev ? prev.sectionEnd : next ? next.start : parent ? parent.sectionEnd : doc.text.length;
  const level = section.level ?? (parent ? parent.level + 1 : (prev ?? next)?.level ?? 2);
  const title = (s: Section): string => sectionTitle(s.title, vars);
  const text = (s: Section, lvl: number): string =>
    headingText(doc, Math.min(lvl, 6), title(s)) +
    '\n' +
    (s.description ? `${doc.format === 'markdown' ? `<!-- ${s.description} -->` : `.. ${s.description}`}\n\n` : '') +
    s.children
      .filter((c) => c.required)
      .map((c) => text(c, c.level ?? lvl + 1))
      .join('');
  const before = doc.text.slice(Math.max(0, offset - 2), offset);
  const lead = offset === 0 || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
  const at = doc.index.position(offset);
  return { title: `Add the "${title(section)}" section`, edits: [{ kind: 'edit', path: doc.path, range: { start: at, end: at }, newText: lead + text(section, level) }], preferred: true };
}

/** One checklist item, evaluated against the document. */
export interface ItemResult {
  checklist: Checklist;
  item: ChecklistItem;
  done: boolean;
  /** The document does not address the item at all (no task item, no mention). */
  absent: boolean;
  detail?: string;
  /** Where the evidence is (or where it would go). */
  range?: Range;
  /** A task item's box, which the checklist view can tick. */
  box?: Range;
  fix?: Fix;
}

export function evaluateChecklists(doc: ProposalDoc, kind: Kind, sections: SectionAnalysis, metadata: MetadataRead | undefined, boilerplate: ReadonlySet<string>): ItemResult[] {
  const results: ItemResult[] = [];
  const tasks = doc.tasks();
  const candidates = [...doc.headings, ...doc.labels];
  const leads = doc.leads();
  const sectionById = new Map(allSections(sections.shape.sections).map((s) => [s.id, s]));
  /** The heading of the section an item belongs in, when the document has it. */
  const home = (item: ChecklistItem): Heading | undefined => {
    const s = item.in === undefined ? undefined : sectionById.get(item.in);
    return s && sections.found.get(s)?.heading;
  };
  /** What an item the document does not address gets: where it belongs, and the fix that adds `line` there. */
  const absent = (item: ChecklistItem, line: string): Pick<ItemResult, 'range' | 'fix'> => {
    const h = home(item);
    return { ...(h ? { range: doc.range(h.start, h.end) } : {}), fix: addLineFix(doc, h, item, line) };
  };
  for (const checklist of kind.checklists) {
    for (const item of checklist.items) {
      const base = { checklist, item };
      const e = item.evidence;
      if ('task' in e) {
        const t = tasks.find((x) => e.task.test(x.text));
        if (t) results.push({ ...base, done: t.checked, absent: false, range: doc.index.lineRange(doc.index.position(t.boxStart).line), box: doc.range(t.boxStart, t.boxStart + 3) });
        else results.push({ ...base, done: false, absent: true, ...absent(item, `- [ ] ${item.insert ?? item.label}`) });
      } else if ('mention' in e) {
        // Task items are list items: the leads hold them too.
        const at = candidates.find((c) => e.mention.test(c.title)) ?? leads.find((x) => e.mention.test(x.text));
        if (at) results.push({ ...base, done: true, absent: false, range: doc.range(at.start, at.end) });
        else {
          const parent = home(item);
          results.push({ ...base, done: false, absent: true, ...absent(item, headingText(doc, parent ? Math.min(parent.level + 1, 6) : 3, item.insert ?? item.label)) });
        }
      } else if ('section' in e) {
        const s = sectionById.get(e.section);
        const h = s && sections.found.get(s)?.heading;
        const done = !!h && doc.hasContent(h.contentStart, h.sectionEnd, boilerplate, kind.emptyMarkers);
        results.push({ ...base, done, absent: false, ...(h ? { range: doc.range(h.start, h.end) } : {}), ...(h && !done ? { detail: `"${h.title}" has no answer yet.` } : !h ? { detail: `No "${s?.title ?? e.section}" section.` } : {}) });
      } else {
        const f = metadata?.fields.find((x) => x.name === e.field);
        const value = f && (Array.isArray(f.value) ? f.value.join(', ') : String(f.value ?? '')).trim();
        results.push({ ...base, done: !!value, absent: false, ...(f ? { range: f.valueRange } : metadata ? { range: metadata.anchor } : {}), ...(value ? { detail: value } : { detail: `${e.field} is not set.` }) });
      }
    }
  }
  return results;
}

/** Adds a line (a task item or a heading) at the end of the item's section, else of the document. */
function addLineFix(doc: ProposalDoc, section: Heading | undefined, item: ChecklistItem, line: string): Fix {
  const offset = section ? section.sectionEnd : doc.text.length;
  const before = doc.text.slice(Math.max(0, offset - 2), offset);
  const lead = offset === 0 || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
  const at = doc.index.position(offset);
  return { title: `Add "${item.insert ?? item.label}"`, edits: [{ kind: 'edit', path: doc.path, range: { start: at, end: at }, newText: `${lead}${line.endsWith('\n') ? line : `${line}\n`}\n` }], preferred: true };
}

/** Template placeholders left in the text (outside code blocks), at most `limit`. */
export function findPlaceholders(doc: ProposalDoc, kind: Kind, limit = 100): Array<{ range: Range; message: string; text: string }> {
  if (!kind.placeholders.length) return [];
  const code = doc.blocks(0, doc.text.length).filter((b) => b.kind === 'code');
  const out: Array<{ range: Range; message: string; text: string }> = [];
  let block = 0;
  for (let line = 0; line < doc.index.lineCount && out.length < limit; line++) {
    const start = doc.index.lineStarts[line]!;
    while (block < code.length && code[block]!.end <= start) block++;
    if (block < code.length && code[block]!.start <= start) continue;
    const text = doc.index.lineText(line).slice(0, MAX_INPUT);
    for (const p of kind.placeholders) {
      for (const m of p.pattern.matches(text)) {
        out.push({ range: { start: { line, character: m.start }, end: { line, character: m.end } }, message: p.message, text: text.slice(m.start, m.end) });
        if (out.length >= limit) return out;
      }
    }
  }
  return out;
}

import type { Range } from '../core/problem.js';
import { LineIndex } from '../core/text.js';
import type { MdBlockKind, MdTask, SectionCache } from '../parse/markdown.js';
import { MarkdownDoc } from '../parse/markdownDoc.js';
import { parseRst } from '../parse/rst.js';
import { parseYaml } from '../parse/yaml.js';
import { YamlView } from '../parse/yamlView.js';
import type { ProposalFormat } from './definition.js';

/** A heading, or a line that older proposals use as one (a bold-only paragraph, an AsciiDoc `==` title). */
export interface Heading {
  title: string;
  level: number;
  form: 'heading' | 'label';
  /** The heading's own source (with an RST underline). */
  start: number;
  end: number;
  /** Where its content starts and ends (before the next heading of any level), and where its subsections end. */
  contentStart: number;
  ownEnd: number;
  sectionEnd: number;
}

export interface Block {
  kind: MdBlockKind;
  start: number;
  end: number;
  key: string;
  inList: boolean;
}

/** Text that names a criterion in older proposals: a list item, a bold lead, a label, a task. */
export interface Lead {
  text: string;
  start: number;
  end: number;
}

/** How much of a list item is read for the criteria it names; how long a label can be. */
const MAX_LEAD = 2000;
const MAX_LABEL = 300;

export interface FrontMatter {
  /** From the opening `---` to the end of the closing line. */
  start: number;
  end: number;
  view: YamlView;
}

/**
 * A proposal document read as the proposal rules need it, whatever its markup: headings with
 * their extents, content blocks, task items, the title and (markdown) YAML front matter.
 */
export class ProposalDoc {
  readonly index: LineIndex;
  readonly frontMatter: FrontMatter | undefined;
  /** Where the body starts: after the front matter. */
  readonly bodyStart: number;
  readonly headings: Heading[];
  private _labels: Heading[] | undefined;
  private _leads: Lead[] | undefined;
  /** RST underline styles by level (level 1 first). */
  readonly rstStyles: string[];
  /** Set when the markdown nests too deeply to parse (see file/too-complex). */
  readonly tooDeep: number | undefined;
  private readonly md: MarkdownDoc | undefined;
  private readonly rstBlocks: Block[];

  constructor(
    readonly path: string,
    readonly text: string,
    readonly format: ProposalFormat,
    cache?: SectionCache,
  ) {
    this.index = new LineIndex(text);
    if (format === 'markdown') {
      this.frontMatter = readFrontMatter(text);
      this.bodyStart = this.frontMatter?.end ?? 0;
      // remark would read front matter as a thematic break and a setext heading: parse the
      // document with it blanked out, so offsets stay the document's own.
      const masked = this.frontMatter ? text.slice(0, this.frontMatter.end).replace(/[^\r\n]/g, ' ') + text.slice(this.frontMatter.end) : text;
      this.md = new MarkdownDoc(path, masked, cache);
      this.tooDeep = this.md.structure.tooDeep;
      this.headings = this.md.sections.map((s) => ({ title: s.title, level: s.level, form: 'heading', start: s.heading.start, end: s.heading.end, contentStart: s.contentStart, ownEnd: s.ownEnd, sectionEnd: s.end }));
      this.rstStyles = [];
      this.rstBlocks = [];
    } else {
      this.frontMatter = undefined;
      this.tooDeep = undefined;
      this.md = undefined;
      const rst = parseRst(text);
      this.bodyStart = 0;
      this.rstStyles = rst.styles;
      this.rstBlocks = rst.blocks;
      this.headings = withExtents(
        rst.headings.map((h) => ({ title: h.text, level: h.level, form: 'heading' as const, start: h.start, end: h.end, contentStart: h.end, ownEnd: text.length, sectionEnd: text.length })),
        text.length,
      );
      this._labels = [];
    }
  }

  /** Bold-only paragraphs and AsciiDoc-style `== Title` lines (read on first use: every paragraph is parsed for them). */
  get labels(): Heading[] {
    return (this._labels ??= this.findLabels());
  }

  range(start: number, end: number): Range {
    return this.index.range(start, end);
  }

  /** The first non-blank line of the body without its markup (`# `, `**`, `==`), and its range. */
  get title(): { text: string; range: Range } | undefined {
    for (let line = this.index.position(this.bodyStart).line; line < this.index.lineCount; line++) {
      const raw = this.index.lineText(line);
      if (!raw.trim()) continue;
      return { text: plainLine(raw), range: this.index.lineRange(line) };
    }
    return undefined;
  }

  /** Content blocks within [start, end). */
  blocks(start: number, end: number): Block[] {
    if (this.md) return this.md.blocks(start, end);
    return this.rstBlocks.filter((b) => b.start >= start && b.end <= end);
  }

  tasks(start = 0, end = this.text.length): MdTask[] {
    return this.md ? this.md.tasks(start, end) : [];
  }

  /** Candidates for criteria that older documents name without a heading, within [start, end). */
  leads(start = 0, end = this.text.length): Lead[] {
    this._leads ??= this.findLeads();
    return start === 0 && end === this.text.length ? this._leads : this._leads.filter((l) => l.start >= start && l.start < end);
  }

  private findLeads(): Lead[] {
    const out: Lead[] = [];
    const labels = new Set<number>();
    for (const l of this.labels) {
      labels.add(l.start);
      out.push({ text: l.title, start: l.start, end: l.end });
    }
    for (const b of this.blocks(0, this.text.length)) {
      if (b.kind !== 'text' || labels.has(b.start)) continue;
      const firstLine = this.text.slice(b.start, Math.min(b.end, lineEndAt(this.text, b.start)));
      const lead = /^(\*\*|__|\*|_)(?=\S)(.+?)\1/.exec(firstLine);
      // A table of contents entry points at a section; it is not one.
      if (b.inList && /^\s*\[[^\]]*\]\(#[^)]*\)\s*$/.test(firstLine)) continue;
      // A list item's whole first paragraph (criteria wrap over lines); a paragraph's bold lead.
      if (b.inList) out.push({ text: plainLine(this.text.slice(b.start, Math.min(b.end, b.start + MAX_LEAD)).replace(/^\[[ xX]\]\s*/, '')), start: b.start, end: b.start + firstLine.length });
      else if (lead) out.push({ text: plainLine(lead[2]!), start: b.start, end: b.start + lead[0].length });
    }
    return out.sort((a, b) => a.start - b.start);
  }

  /** Whether [start, end) holds something besides comments, `boilerplate` blocks and `empty` markers. */
  hasContent(start: number, end: number, boilerplate: ReadonlySet<string>, empty: readonly string[]): boolean {
    return this.blocks(start, end).some((b) => {
      if (b.kind === 'comment' || boilerplate.has(b.key)) return false;
      const t = this.text.slice(b.start, b.end).trim();
      return !empty.includes(t);
    });
  }

  /** Paragraphs that are nothing but emphasis, and AsciiDoc-style `== Title` lines, as pseudo-headings. */
  private findLabels(): Heading[] {
    const found: Array<Omit<Heading, 'ownEnd' | 'sectionEnd'>> = [];
    for (const b of this.md!.blocks(this.bodyStart, this.text.length)) {
      if (b.kind !== 'text' || b.inList) continue;
      const raw = this.text.slice(b.start, b.end).trim();
      // A label is one short line (and the patterns below stay cheap on it).
      if (raw.length > MAX_LABEL || raw.includes('\n')) continue;
      const asciidoc = /^(={2,6})[ \t]+(\S.*)$/.exec(raw);
      if (asciidoc) {
        found.push({ title: plainLine(asciidoc[2]!), level: asciidoc[1]!.length, form: 'label', start: b.start, end: b.end, contentStart: b.end });
        continue;
      }
      const m = /^(\*\*_?|__\*?|\*|_)(?=\S)(.+?)(\1|_\*\*|\*__)[ \t]*:?$/.exec(raw);
      if (m && !/\*\*.*\*\*.*\*\*/.test(m[2]!)) found.push({ title: plainLine(m[2]!), level: 7, form: 'label', start: b.start, end: b.end, contentStart: b.end });
    }
    // A label's content runs to the next heading or label.
    const marks = [...this.headings.map((h) => h.start), ...found.map((f) => f.start)].sort((a, b) => a - b);
    return found.map((f) => {
      const next = marks.find((m) => m > f.start) ?? this.text.length;
      return { ...f, ownEnd: next, sectionEnd: next };
    });
  }
}

/** Front matter: `---` on the first line, YAML, then `---` (or `...`) on a line of its own. */
function readFrontMatter(text: string): FrontMatter | undefined {
  if (!/^---[ \t]*\r?\n/.test(text)) return undefined;
  const close = /^(?:---|\.\.\.)[ \t]*\r?$/m;
  const firstNl = text.indexOf('\n');
  const rest = text.slice(firstNl + 1);
  const m = close.exec(rest);
  if (!m) return undefined;
  const closeStart = firstNl + 1 + m.index;
  let end = text.indexOf('\n', closeStart);
  end = end === -1 ? text.length : end + 1;
  // One blank first line keeps the YAML's line numbers the document's.
  const view = new YamlView(parseYaml(`\n${text.slice(firstNl + 1, closeStart)}`, { typed: true }));
  return { start: 0, end, view };
}

function withExtents(hs: Heading[], length: number): Heading[] {
  hs.forEach((h, i) => (h.ownEnd = hs[i + 1]?.start ?? length));
  const open: Heading[] = [];
  for (const h of hs) {
    while (open.length && open[open.length - 1]!.level >= h.level) open.pop()!.sectionEnd = h.start;
    open.push(h);
  }
  return hs;
}

function lineEndAt(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl === -1 ? text.length : nl;
}

/** A line without heading, emphasis or link markup. */
function plainLine(raw: string): string {
  return raw
    .slice(0, MAX_LEAD)
    .replace(/^\s*(?:#{1,6}|={2,6})\s+/, '')
    .replace(/\s+#+\s*$/, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

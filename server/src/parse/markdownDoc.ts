import type { Range } from '../core/problem.js';
import { LineIndex } from '../core/text.js';
import { MarkdownStructure, plainHeadingText, type MdBlock, type MdHeading, type MdTask, type SectionCache } from './markdown.js';
import { checkToc, type TocResult } from './mdtoc/toc.js';

export interface MdSection {
  heading: MdHeading;
  title: string;
  level: number;
  /** Index in `sections`. */
  index: number;
  /** End of the heading line: where the section's own content starts. */
  contentStart: number;
  /** Start of the next heading of any level (end of the section's own content). */
  ownEnd: number;
  /** Start of the next heading of the same or a higher level (end of the section with its subsections). */
  end: number;
}

/**
 * A markdown file and the queries rules need. The TOC check (a fast scanner) and the remark
 * structure (parsed section by section) are computed on first use.
 */
export class MarkdownDoc {
  private _index: LineIndex | undefined;
  private _sections: MdSection[] | undefined;
  private _toc: TocResult | undefined;
  readonly structure: MarkdownStructure;

  constructor(
    readonly path: string,
    readonly text: string,
    cache?: SectionCache,
  ) {
    this.structure = new MarkdownStructure(text, cache);
  }

  get index(): LineIndex {
    return (this._index ??= new LineIndex(this.text));
  }

  get toc(): TocResult {
    return (this._toc ??= checkToc(this.text));
  }

  range(start: number, end: number): Range {
    return this.index.range(start, end);
  }

  get sections(): MdSection[] {
    if (this._sections) return this._sections;
    const hs = this.structure.headings();
    const out: MdSection[] = hs.map((h, i) => ({
      heading: h,
      title: plainHeadingText(h.raw),
      level: h.level,
      index: i,
      contentStart: h.end,
      ownEnd: hs[i + 1]?.start ?? this.text.length,
      end: this.text.length,
    }));
    // Each section ends where the next heading of the same or a higher level starts.
    const open: MdSection[] = [];
    for (const s of out) {
      while (open.length && open[open.length - 1]!.level >= s.level) open.pop()!.end = s.heading.start;
      open.push(s);
    }
    return (this._sections = out);
  }

  /** The first section whose title matches, optionally only among the subsections of `within`. */
  find(title: RegExp, within?: MdSection): MdSection | undefined {
    return this.sections.find((s) => title.test(s.title) && (!within || (s.heading.start >= within.contentStart && s.heading.start < within.end)));
  }

  /** All sections nested inside `section` (any depth). */
  subsections(section: MdSection): MdSection[] {
    return this.sections.filter((s) => s.heading.start >= section.contentStart && s.heading.start < section.end);
  }

  /** Leaf blocks between two offsets. */
  blocks(start: number, end: number): MdBlock[] {
    return this.structure.blocks(start, end);
  }

  tasks(start?: number, end?: number): MdTask[] {
    return this.structure.tasks(start, end);
  }

  /**
   * Whether a section says something: a block that is not an HTML comment and not text copied
   * unchanged from the template (`boilerplate` holds the template's block keys).
   */
  hasContent(section: MdSection, boilerplate: ReadonlySet<string>, withSubsections = true): boolean {
    const end = withSubsections ? section.end : section.ownEnd;
    return this.blocks(section.contentStart, end).some((b) => b.kind !== 'comment' && !boilerplate.has(b.key));
  }
}

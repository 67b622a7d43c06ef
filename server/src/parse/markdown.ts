import { unified } from 'unified';
import remarkParse from 'remark-parse';
import type { Root, RootContent } from 'mdast';
import { textHash } from '../core/hash.js';
import { LruCache } from '../core/lru.js';

/**
 * The markdown model the rules work on: headings, leaf blocks and task-list items of a
 * proposal, with string offsets, read with remark-parse (inline constructs off: rules only need
 * block structure, and block-only parsing is about a third faster).
 *
 * Parsing is the expensive part of a check (micromark reads about 3 MB/s here), so the model is
 * built lazily, section by section (see splitSections): most sections start with an ATX
 * heading line that can be read without a parser and hold no other heading, so the heading
 * list costs a line scan; a section is parsed only when a rule asks for its blocks or when it
 * may hold further headings. Parsed sections are plain data, cached by their text.
 */
export interface ChunkModel {
  headings: MdHeading[];
  blocks: MdBlock[];
  tasks: MdTask[];
}

/**
 * Deeper container nesting overflows micromark's stack (blockquotes) or takes quadratic time
 * (lists); real proposals nest a few levels.
 */
export const MAX_NESTING = 200;

export interface MdHeading {
  level: number;
  /** Raw inline source of the heading (markup kept). */
  raw: string;
  start: number;
  end: number;
  /** Nested in a list or block quote (CommonMark still renders it as a heading). */
  nested: boolean;
}

export type MdBlockKind = 'text' | 'code' | 'comment' | 'html';

/** A leaf block (paragraph, code, HTML, table row text) outside headings. */
export interface MdBlock {
  kind: MdBlockKind;
  start: number;
  end: number;
  /** Hash of the whitespace-collapsed text, used to recognise template boilerplate. */
  key: string;
  /** Inside a list item. */
  inList: boolean;
}

/** A `- [ ]` / `- [x]` list item. */
export interface MdTask {
  checked: boolean;
  /** Offset of the `[`. */
  boxStart: number;
  /** Text after the box, whitespace-collapsed, first paragraph only. */
  text: string;
  start: number;
  end: number;
  /** Nesting depth among task items (0 = top-level item). */
  depth: number;
}

const BLOCK_ONLY = {
  disable: {
    null: [
      'attention',
      'autolink',
      'characterEscape',
      'characterReference',
      'codeText',
      'hardBreakEscape',
      'htmlText',
      'labelStartImage',
      'labelStartLink',
      'labelEnd',
    ],
  },
};

const processor = unified().use(remarkParse).data('micromarkExtensions', [BLOCK_ONLY]);

/**
 * Parsed sections by their exact text, least recently used first out (up to `maxChars` of
 * section text): with it, an edit re-parses only the section it touches.
 */
export class SectionCache extends LruCache<string, ChunkModel> {
  constructor(maxChars = 8 * 1024 * 1024) {
    super(maxChars, (chunk) => chunk.length);
  }
}

interface Chunk {
  start: number;
  end: number;
  /** Holds a fence line not in column 0: list items may make it mean something else (see settle). */
  uncertain: boolean;
  /** The ATX heading on the section's first line, read without the parser. */
  leading?: MdHeading;
  /** Lines after the first might be (or contain) headings: the parser must decide. */
  mayHoldHeadings: boolean;
  /** The parsed section, offsets in the document. */
  model?: ChunkModel;
}

const NO_CHUNK: ChunkModel = { headings: [], blocks: [], tasks: [] };

/** A document's markdown structure, parsed section by section on demand. */
export class MarkdownStructure {
  /** Offset of a line nested too deeply to parse safely; the structure is then empty. */
  readonly tooDeep: number | undefined;
  private _chunks: Chunk[] | undefined;
  private _headings: MdHeading[] | undefined;

  constructor(
    readonly text: string,
    private readonly cache?: SectionCache,
  ) {
    this.tooDeep = findExcessiveNesting(text);
  }

  /**
   * The sections, settled: the line scanner cannot see list items, so a fence line indented
   * inside one may open a code block where the scanner saw one close. Such uncertain sections
   * are parsed; one that ends inside an open fenced code block is joined with the next.
   */
  private get chunks(): Chunk[] {
    if (this._chunks) return this._chunks;
    if (this.tooDeep !== undefined) return (this._chunks = []);
    const raw = splitSections(this.text).map((s) => describeChunk(this.text, s));
    const out: Chunk[] = [];
    for (let i = 0; i < raw.length; ) {
      let c = raw[i++]!;
      while (c.uncertain && i < raw.length && this.endsInOpenFence(c)) {
        const next = raw[i++]!;
        c = { start: c.start, end: next.end, uncertain: true, mayHoldHeadings: true, ...(c.leading ? { leading: c.leading } : {}) };
      }
      out.push(c);
    }
    return (this._chunks = out);
  }

  private endsInOpenFence(c: Chunk): boolean {
    const blocks = this.parsed(c).blocks;
    const last = blocks[blocks.length - 1];
    if (!last || last.kind !== 'code' || this.text.slice(last.end, c.end).trim() !== '') return false;
    const lines = this.text.slice(last.start, last.end).split('\n');
    const open = /^[ \t>*+\-\d.)]*?(`{3,}|~{3,})/.exec(lines[0]!);
    if (!open) return false; // indented code
    if (lines.length === 1) return true;
    const close = /^[ \t>]*(`{3,}|~{3,})[ \t]*\r?$/.exec(lines[lines.length - 1]!);
    return !(close && close[1]![0] === open[1]![0] && close[1]!.length >= open[1]!.length);
  }

  headings(): MdHeading[] {
    return (this._headings ??= this.chunks.flatMap((c) => (c.mayHoldHeadings || !c.leading ? this.parsed(c).headings : [c.leading])));
  }

  /** Leaf blocks lying within [start, end). */
  blocks(start: number, end: number): MdBlock[] {
    return this.overlapping(start, end).flatMap((c) => this.parsed(c).blocks.filter((b) => b.start >= start && b.end <= end));
  }

  /** The leaf block that contains an offset. */
  blockAt(offset: number): MdBlock | undefined {
    return this.overlapping(offset, offset + 1)
      .flatMap((c) => this.parsed(c).blocks)
      .find((b) => b.start <= offset && offset < b.end);
  }

  /** Task-list items starting within [start, end). */
  tasks(start = 0, end = this.text.length): MdTask[] {
    return this.overlapping(start, end).flatMap((c) => this.parsed(c).tasks.filter((t) => t.start >= start && t.start < end));
  }

  /** The whole document parsed (for tests and tools that want everything). */
  full(): ChunkModel {
    const parts = this.chunks.map((c) => this.parsed(c));
    return { headings: parts.flatMap((p) => p.headings), blocks: parts.flatMap((p) => p.blocks), tasks: parts.flatMap((p) => p.tasks) };
  }

  private overlapping(start: number, end: number): Chunk[] {
    return this.chunks.filter((c) => c.start < end && c.end > start);
  }

  private parsed(c: Chunk): ChunkModel {
    if (c.model) return c.model;
    const chunk = this.text.slice(c.start, c.end);
    let relative = this.cache?.get(chunk);
    if (!relative) {
      relative = chunk.trim() ? buildModel(chunk, processor.parse(chunk)) : NO_CHUNK;
      this.cache?.set(chunk, relative);
    }
    const d = c.start;
    return (c.model = {
      headings: relative.headings.map((h) => ({ ...h, start: h.start + d, end: h.end + d })),
      blocks: relative.blocks.map((b) => ({ ...b, start: b.start + d, end: b.end + d })),
      tasks: relative.tasks.map((t) => ({ ...t, boxStart: t.boxStart + d, start: t.start + d, end: t.end + d })),
    });
  }
}

/** Parses a whole document in one piece (used to prove that splitting changes nothing). */
export function parseMarkdownWhole(text: string): ChunkModel {
  return buildModel(text, processor.parse(text));
}

const ATX = /^(#{1,6})(?:[ \t]+|(?=\r?$))/;
/** A line that could be a heading or a setext underline below the first line of a section. */
const MAYBE_HEADING = /^[ \t>*+\-\d.)]*#{1,6}(?:[ \t]|\r?$)|^[ \t>]*(?:=+|-+)[ \t]*\r?$/m;

function describeChunk(text: string, { start, end, uncertain }: Section): Chunk {
  let lineEnd = text.indexOf('\n', start);
  if (lineEnd === -1 || lineEnd > end) lineEnd = end;
  const first = text.slice(start, lineEnd).replace(/\r$/, '');
  const atx = ATX.exec(first);
  const rest = text.slice(atx ? lineEnd : start, end);
  const chunk: Chunk = { start, end, uncertain, mayHoldHeadings: MAYBE_HEADING.test(rest) };
  if (atx) {
    // CommonMark: strip spaces and an optional closing run of #s preceded by a space.
    let content = first.slice(atx[0].length).replace(/[ \t]+$/, '');
    content = /^#+$/.test(content) ? '' : content.replace(/[ \t]+#+$/, '').replace(/[ \t]+$/, '');
    chunk.leading = { level: atx[1]!.length, raw: content, start, end: start + first.length, nested: false };
  }
  return chunk;
}

function buildModel(text: string, root: Root): ChunkModel {
  const model: ChunkModel = { headings: [], blocks: [], tasks: [] };
  // Without recursion (the tree is as deep as the containers), in document order.
  interface Visit {
    node: RootContent;
    nested: boolean;
    taskDepth: number;
    inList: boolean;
  }
  const todo: Visit[] = [];
  const visitAll = (nodes: RootContent[], nested: boolean, taskDepth: number, inList: boolean): void => {
    for (let i = nodes.length - 1; i >= 0; i--) todo.push({ node: nodes[i]!, nested, taskDepth, inList });
  };
  visitAll(root.children, false, 0, false);
  for (let v = todo.pop(); v; v = todo.pop()) {
    const { node, nested, taskDepth, inList } = v;
    const start = node.position?.start.offset ?? 0;
    const end = node.position?.end.offset ?? start;
    switch (node.type) {
      case 'heading':
        model.headings.push({ level: node.depth, raw: text.slice(contentStart(node), contentEnd(node, end)), start, end, nested });
        break;
      case 'paragraph':
      case 'table':
        model.blocks.push({ kind: 'text', start, end, key: textHash(collapse(text.slice(start, end))), inList });
        break;
      case 'code':
        model.blocks.push({ kind: 'code', start, end, key: textHash(collapse(node.value)), inList });
        break;
      case 'html':
        model.blocks.push({ kind: isCommentOnly(node.value) ? 'comment' : 'html', start, end, key: textHash(collapse(node.value)), inList });
        break;
      case 'list':
      case 'blockquote':
        visitAll(node.children, true, taskDepth, inList);
        break;
      case 'listItem': {
        const first = node.children[0];
        let depth = taskDepth;
        if (first?.type === 'paragraph') {
          const pStart = first.position?.start.offset ?? start;
          const m = /^\[([ xX])\](?:[ \t]+|$)/.exec(text.slice(pStart, pStart + 8));
          if (m) {
            const pEnd = first.position?.end.offset ?? end;
            model.tasks.push({
              checked: m[1] !== ' ',
              boxStart: pStart,
              text: collapse(text.slice(pStart + m[0].length, pEnd)),
              start,
              end,
              depth: taskDepth,
            });
            depth = taskDepth + 1;
          }
        }
        visitAll(node.children, true, depth, true);
        break;
      }
      default:
        break; // thematic breaks, definitions: not content
    }
  }
  return model;
}

function contentStart(node: RootContent): number {
  const kids = 'children' in node ? node.children : [];
  return kids[0]?.position?.start.offset ?? node.position?.end.offset ?? 0;
}

function contentEnd(node: RootContent, fallback: number): number {
  const kids = 'children' in node ? node.children : [];
  return kids[kids.length - 1]?.position?.end.offset ?? fallback;
}

function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Section names are short; a longer heading is matched on its start. */
const MAX_HEADING_TEXT = 2000;

function isCommentOnly(html: string): boolean {
  return /^(?:\s*<!--[\s\S]*?-->)+\s*$/.test(html);
}

/** Heading text without inline markup, for matching section names. */
export function plainHeadingText(raw: string): string {
  // Bounded: the link patterns take quadratic time on a long run of "[" or "{#".
  return raw
    .slice(0, MAX_HEADING_TEXT)
    .replace(/\{#[^}]*\}\s*$/, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/!?\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/[`*_]/g, '')
    .replace(/\\(.)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface Section {
  start: number;
  end: number;
  /** Holds a fence line not in column 0 (see MarkdownStructure's settling). */
  uncertain: boolean;
}

/**
 * Splits a document into independently parseable sections: a new section starts at an ATX
 * heading in column 0 that follows a blank line, outside fenced code and HTML blocks. A blank
 * line closes every container and paragraph, and such a heading cannot continue one, so each
 * piece parses exactly as it does inside the whole document (inline parsing is off, so link
 * definitions in other sections do not matter) — except where list items change what a fence
 * line means, which the section is flagged for.
 */
function splitSections(text: string): Section[] {
  const out: Section[] = [];
  let sectionStart = 0;
  let uncertain = false;
  let fence: { char: string; len: number } | undefined;
  let htmlEnd: RegExp | undefined;
  let prevBlank = true;
  let pos = 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = text.length;
    const line = text.slice(pos, nl);
    const blank = /^[ \t]*\r?$/.test(line);
    if (fence) {
      const m = /^ {0,3}(`{3,}|~{3,})[ \t]*\r?$/.exec(line);
      if (m && m[1]![0] === fence.char && m[1]!.length >= fence.len) fence = undefined;
    } else if (htmlEnd) {
      if (htmlEnd.test(line)) htmlEnd = undefined;
    } else {
      if (prevBlank && pos > sectionStart && /^#{1,6}(?:[ \t]|\r?$)/.test(line)) {
        out.push({ start: sectionStart, end: pos, uncertain });
        sectionStart = pos;
        uncertain = false;
      }
      const f = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
      if (f && !(f[1]![0] === '`' && f[2]!.includes('`'))) fence = { char: f[1]![0]!, len: f[1]!.length };
      else htmlEnd = htmlBlockEnd(line);
    }
    if (!uncertain && /^[ \t>*+\-\d.)]+(?:`{3,}|~{3,})/.test(line)) uncertain = true;
    prevBlank = blank;
    pos = nl + 1;
  }
  out.push({ start: sectionStart, end: text.length, uncertain });
  return out;
}

/** For CommonMark HTML blocks of types 1 to 5, the pattern of the line that ends them. */
function htmlBlockEnd(line: string): RegExp | undefined {
  const m = /^ {0,3}<(!--|\?|![A-Za-z]|!\[CDATA\[|(?:script|pre|style|textarea)(?=[\s>]|$))/i.exec(line);
  if (!m) return undefined;
  const opener = m[1]!.toLowerCase();
  const end =
    opener === '!--'
      ? /-->/
      : opener === '?'
        ? /\?>/
        : opener === '![cdata['
          ? /\]\]>/
          : opener.startsWith('!')
            ? />/
            : new RegExp(`</${opener}>`, 'i');
  // The block may end on its first line.
  const rest = line.slice(m.index + m[0].length);
  return end.test(rest) ? undefined : end;
}

/** A container a line may continue: a block quote, or a list item whose content starts at a column. */
type Container = { quote: true } | { quote: false; content: number };

/**
 * Offset of the first line inside more than MAX_NESTING containers (block quotes and list items,
 * in any mix), or undefined. One linear pass before any parse, following CommonMark's block
 * structure: a line continues the open containers its `>` markers and indentation match, then
 * opens one per further marker. Fenced code and blank lines open nothing; a line that may be a
 * lazy continuation leaves the containers open. It errs on the deep side, never the shallow one.
 */
function findExcessiveNesting(text: string): number | undefined {
  let open: Container[] = [];
  /** An open fenced code block: its fence, and how many containers hold it. */
  let fence: { char: string; length: number; depth: number } | undefined;
  let paragraph = false;
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = new LineCursor(text, start, end);
    let matched = 0;
    for (; matched < open.length; matched++) {
      const c = open[matched]!;
      if (c.quote ? !line.quoteMarker() : !(line.blank || line.indent(c.content - line.column))) break;
    }
    const opened: Container[] = [];
    if (fence && matched >= fence.depth) {
      if (line.closesFence(fence.char, fence.length)) fence = undefined;
      paragraph = false;
    } else {
      fence = undefined;
      for (;;) {
        if (line.quoteMarker()) opened.push({ quote: true });
        else {
          const content = line.listMarker();
          if (content === undefined) break;
          opened.push({ quote: false, content });
        }
        if (matched + opened.length > MAX_NESTING) return start;
      }
      const opener = line.fenceOpener();
      if (opener) fence = { ...opener, depth: matched + opened.length };
      // A line that continues fewer containers and opens none may still be a paragraph's lazy continuation.
      const lazy = paragraph && !line.blank && !opened.length && !opener;
      if (!lazy) open = open.slice(0, matched);
      open.push(...opened);
      paragraph = !line.blank && !opener;
    }
    start = end + 1;
  }
  return undefined;
}

/** Reads the container markers at the start of one line, keeping the column (tabs stop every 4). */
class LineCursor {
  column = 0;
  readonly blank: boolean;

  constructor(
    private readonly text: string,
    private at: number,
    private readonly end: number,
  ) {
    let i = at;
    while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9 || text.charCodeAt(i) === 13)) i++;
    this.blank = i === end;
  }

  /** Consumes `columns` of indentation if the line has that much. */
  indent(columns: number): boolean {
    let i = this.at;
    let col = this.column;
    while (col < this.column + columns) {
      const c = this.text.charCodeAt(i);
      if (i >= this.end || (c !== 32 && c !== 9)) return false;
      col = c === 9 ? col + 4 - (col % 4) : col + 1;
      i++;
    }
    this.at = i;
    this.column = col;
    return true;
  }

  /** Up to three spaces of indentation, then `>` and an optional space. */
  quoteMarker(): boolean {
    const save = { at: this.at, column: this.column };
    this.skipSpaces(3);
    if (this.text.charCodeAt(this.at) !== 62 || this.at >= this.end) {
      Object.assign(this, save);
      return false;
    }
    this.advance(1);
    if (this.text.charCodeAt(this.at) === 32 && this.at < this.end) this.advance(1);
    return true;
  }

  /** Up to three spaces, a bullet or ordered marker and its spacing: the item's content column, or undefined. */
  listMarker(): number | undefined {
    const save = { at: this.at, column: this.column };
    this.skipSpaces(3);
    const m = /^(?:[-+*]|\d{1,9}[.)])(?=[ \t]|\r?$)/.exec(this.text.slice(this.at, Math.min(this.end, this.at + 10)));
    // `- - -` and `* * *` are thematic breaks, not list items.
    if (!m || (m[0].length === 1 && /^([-*_])(?:[ \t]*\1){2,}[ \t]*\r?$/.test(this.text.slice(this.at, this.end)))) {
      Object.assign(this, save);
      return undefined;
    }
    this.advance(m[0].length);
    const markerEnd = this.column;
    const spaces = this.skipSpaces(5);
    if (spaces === 0 || spaces === 5 || this.at >= this.end || this.text.charCodeAt(this.at) === 13) {
      // No content on the line, or indented code after the marker: the content column is one past it.
      this.at -= spaces;
      this.column = markerEnd;
      if (spaces > 0) this.advance(1);
      return markerEnd + 1;
    }
    return this.column;
  }

  fenceOpener(): { char: string; length: number } | undefined {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(this.text.slice(this.at, Math.min(this.end, this.at + 64)));
    if (!m) return undefined;
    if (m[1]![0] === '`' && this.text.slice(this.at + m[0].length, this.end).includes('`')) return undefined;
    return { char: m[1]![0]!, length: m[1]!.length };
  }

  closesFence(char: string, length: number): boolean {
    const m = /^ {0,3}(`{3,}|~{3,})[ \t]*\r?$/.exec(this.text.slice(this.at, this.end));
    return !!m && m[1]![0] === char && m[1]!.length >= length;
  }

  private skipSpaces(max: number): number {
    let n = 0;
    while (n < max && this.at < this.end && this.text.charCodeAt(this.at) === 32) {
      this.advance(1);
      n++;
    }
    return n;
  }

  private advance(chars: number): void {
    this.at += chars;
    this.column += chars;
  }
}

import { unified } from 'unified';
import remarkParse from 'remark-parse';
import type { Root, RootContent } from 'mdast';
import { textHash } from '../core/hash.js';

/**
 * The markdown model the rules work on: headings, leaf blocks and task-list items of a
 * proposal, with string offsets. It is plain data (no class instances) so the CLI can build it
 * in worker threads and cache it on disk.
 *
 * Parsing uses remark-parse with the inline constructs turned off: the rules only need block
 * structure (headings, HTML comments, code, lists), and block-only parsing is about a third
 * faster. Headings keep their raw inline text; `plainHeadingText` strips the markup.
 */
export interface MarkdownModel {
  headings: MdHeading[];
  blocks: MdBlock[];
  tasks: MdTask[];
  /** Offset of a line nested too deeply to parse safely; the model is then empty. */
  tooDeep?: number;
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

/** Parsed sections by their exact text; an edit re-parses only the section it touches. */
const chunkCache = new Map<string, MarkdownModel>();
const CHUNK_CACHE_CHARS = 32 * 1024 * 1024;
let chunkCacheChars = 0;

export function parseMarkdown(text: string): MarkdownModel {
  const deep = findExcessiveNesting(text);
  if (deep !== undefined) return { headings: [], blocks: [], tasks: [], tooDeep: deep };
  const out: MarkdownModel = { headings: [], blocks: [], tasks: [] };
  for (const [start, end] of splitSections(text)) {
    const chunk = text.slice(start, end);
    const model = parseChunk(chunk);
    for (const h of model.headings) out.headings.push({ ...h, start: h.start + start, end: h.end + start });
    for (const b of model.blocks) out.blocks.push({ ...b, start: b.start + start, end: b.end + start });
    for (const t of model.tasks) {
      out.tasks.push({ ...t, boxStart: t.boxStart + start, start: t.start + start, end: t.end + start });
    }
  }
  return out;
}

function parseChunk(chunk: string): MarkdownModel {
  const hit = chunkCache.get(chunk);
  if (hit) {
    // Refresh recency: Map iteration order is insertion order.
    chunkCache.delete(chunk);
    chunkCache.set(chunk, hit);
    return hit;
  }
  const model = buildModel(chunk, processor.parse(chunk));
  chunkCache.set(chunk, model);
  chunkCacheChars += chunk.length;
  for (const [key] of chunkCache) {
    if (chunkCacheChars <= CHUNK_CACHE_CHARS) break;
    chunkCache.delete(key);
    chunkCacheChars -= key.length;
  }
  return model;
}

/** Parses a whole document in one piece (used to prove that splitting changes nothing). */
export function parseMarkdownWhole(text: string): MarkdownModel {
  return buildModel(text, processor.parse(text));
}

function buildModel(text: string, root: Root): MarkdownModel {
  const model: MarkdownModel = { headings: [], blocks: [], tasks: [] };
  const walk = (nodes: RootContent[], nested: boolean, taskDepth: number): void => {
    for (const node of nodes) {
      const start = node.position?.start.offset ?? 0;
      const end = node.position?.end.offset ?? start;
      switch (node.type) {
        case 'heading':
          model.headings.push({ level: node.depth, raw: text.slice(contentStart(node), contentEnd(node, end)), start, end, nested });
          break;
        case 'paragraph':
        case 'table':
          model.blocks.push({ kind: 'text', start, end, key: textHash(collapse(text.slice(start, end))) });
          break;
        case 'code':
          model.blocks.push({ kind: 'code', start, end, key: textHash(collapse(node.value)) });
          break;
        case 'html':
          model.blocks.push({ kind: isCommentOnly(node.value) ? 'comment' : 'html', start, end, key: textHash(collapse(node.value)) });
          break;
        case 'list':
          walk(node.children, true, taskDepth);
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
          walk(node.children, true, depth);
          break;
        }
        case 'blockquote':
          walk(node.children, true, taskDepth);
          break;
        default:
          break; // thematic breaks, definitions: not content
      }
    }
  };
  walk(root.children, false, 0);
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

function isCommentOnly(html: string): boolean {
  return /^(?:\s*<!--[\s\S]*?-->)+\s*$/.test(html);
}

/** Heading text without inline markup, for matching section names. */
export function plainHeadingText(raw: string): string {
  return raw
    .replace(/\{#[^}]*\}\s*$/, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/!?\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/[`*_]/g, '')
    .replace(/\\(.)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Splits a document into independently parseable sections: a new section starts at an ATX
 * heading in column 0 that follows a blank line, outside fenced code and HTML blocks. A blank
 * line closes every container and paragraph, and such a heading cannot continue one, so each
 * piece parses exactly as it does inside the whole document (inline parsing is off, so link
 * definitions in other sections do not matter).
 */
export function splitSections(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let sectionStart = 0;
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
        out.push([sectionStart, pos]);
        sectionStart = pos;
      }
      const f = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
      if (f && !(f[1]![0] === '`' && f[2]!.includes('`'))) fence = { char: f[1]![0]!, len: f[1]!.length };
      else htmlEnd = htmlBlockEnd(line);
    }
    prevBlank = blank;
    pos = nl + 1;
  }
  out.push([sectionStart, text.length]);
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

/** Offset of the first line whose container prefix (`>` markers, indentation) is too deep. */
function findExcessiveNesting(text: string): number | undefined {
  const re = /^[ \t>]{200,}/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const prefix = m[0];
    let quotes = 0;
    let width = 0;
    for (const c of prefix) {
      if (c === '>') quotes++;
      else width += c === '\t' ? 4 : 1;
    }
    // A list level takes at least two columns of indentation.
    if (quotes > MAX_NESTING || width / 2 > MAX_NESTING) return m.index;
  }
  return undefined;
}

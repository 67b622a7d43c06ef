import { textHash } from '../core/hash.js';
import type { MdBlockKind } from './markdown.js';

/**
 * The reStructuredText structure proposal rules need (PEPs): section titles with their levels
 * and the paragraphs between them. No maintained JavaScript reStructuredText parser exists
 * (docutils is Python), and section titles are a line syntax, so this reads lines:
 *
 *   Title            =====          A title is an unindented line underlined (and optionally
 *   =====            Title          overlined) by one punctuation character repeated at least
 *                    =====          as long as the text. Levels follow the order in which
 *                                   underline styles first appear, as docutils assigns them.
 */
export interface RstHeading {
  level: number;
  text: string;
  /** Start of the overline or title line; end of the underline (before its line break). */
  start: number;
  end: number;
  /** The style: the adornment character, doubled when the title is overlined too ("=" or "=="). */
  style: string;
}

export interface RstBlock {
  kind: MdBlockKind;
  start: number;
  end: number;
  key: string;
  /** A bullet or enumerated list item. */
  inList: boolean;
}

export interface RstModel {
  headings: RstHeading[];
  blocks: RstBlock[];
  /** Underline styles in level order (level 1 first). */
  styles: string[];
}

const ADORNMENT = /^([!-/:-@[-`{-~])\1+[ \t]*$/;
const LIST_ITEM = /^[ \t]*(?:[-*+•]|#\.|\d+\.|\(?\d+\)|[a-zA-Z]\.)[ \t]+\S/;

export function parseRst(text: string): RstModel {
  const lines: Array<{ start: number; text: string }> = [];
  for (let start = 0; start <= text.length; ) {
    let nl = text.indexOf('\n', start);
    if (nl === -1) nl = text.length;
    lines.push({ start, text: text.slice(start, nl).replace(/\r$/, '') });
    start = nl + 1;
  }
  const styles: string[] = [];
  const headings: RstHeading[] = [];
  const blocks: RstBlock[] = [];
  const blank = (i: number): boolean => i < 0 || i >= lines.length || lines[i]!.text.trim() === '';
  const lineEnd = (i: number): number => lines[i]!.start + lines[i]!.text.length;
  const level = (style: string): number => {
    let n = styles.indexOf(style);
    if (n === -1) n = styles.push(style) - 1;
    return n + 1;
  };

  let literal = false;
  let para: { first: number; last: number } | undefined;
  const closePara = (): void => {
    if (!para) return;
    const start = lines[para.first]!.start;
    const end = lineEnd(para.last);
    const raw = text.slice(start, end);
    blocks.push({ kind: blockKind(raw), start, end, key: textHash(raw.replace(/\s+/g, ' ').trim()), inList: LIST_ITEM.test(lines[para.first]!.text) });
    literal = /::[ \t]*$/.test(lines[para.last]!.text);
    para = undefined;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.text;
    if (blank(i)) {
      closePara();
      continue;
    }
    const indented = /^[ \t]/.test(line);
    // A literal block (after "::") is indented text: nothing in it is a title.
    if (literal && indented) {
      continue;
    }
    literal = false;
    if (!indented && !ADORNMENT.test(line) && i + 1 < lines.length && ADORNMENT.test(lines[i + 1]!.text) && blank(i - 1)) {
      const under = lines[i + 1]!.text.trim();
      if (under.length >= line.trim().length) {
        closePara();
        headings.push({ level: level(under[0]!), text: line.trim(), start: lines[i]!.start, end: lineEnd(i + 1), style: under[0]! });
        i++;
        continue;
      }
    }
    if (ADORNMENT.test(line) && blank(i - 1) && i + 2 < lines.length && !blank(i + 1) && ADORNMENT.test(lines[i + 2]!.text) && lines[i + 2]!.text.trim()[0] === line.trim()[0]) {
      const over = line.trim();
      closePara();
      const style = `${over[0]}${over[0]}`;
      headings.push({ level: level(style), text: lines[i + 1]!.text.trim(), start: lines[i]!.start, end: lineEnd(i + 2), style });
      i += 2;
      continue;
    }
    if (para && LIST_ITEM.test(line)) closePara();
    if (!para) para = { first: i, last: i };
    else para.last = i;
  }
  closePara();
  return { headings, blocks, styles };
}

/** `.. text` is a comment unless it is a directive (`.. name::`), a target or a footnote. */
function blockKind(raw: string): MdBlockKind {
  if (!raw.startsWith('..')) return 'text';
  if (/^\.\.[ \t]+[\w-]+::/.test(raw) || /^\.\.[ \t]+(?:_|\[|\|)/.test(raw)) return 'text';
  return 'comment';
}

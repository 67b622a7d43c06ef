import type { Position, Range } from '../core/problem.js';
import { MAX_DEPTH } from '../parse/yaml.js';

/**
 * Where the cursor is in a YAML document being typed: which key or list item it is on, in which
 * mapping. Editor features need this while the text is incomplete (`autho`, `status: `, `  - `),
 * when a YAML parser either fails or reads something else, so this works line by line from
 * indentation, the way block YAML nests. It knows block mappings and sequences, one-line flow
 * sequences (`[a, b]`), quoted scalars, comments and block scalars (`|`, `>`), which is what
 * KEP metadata uses.
 */

/** Keys and list indices from the document root. */
export type YamlPath = Array<string | number>;

/** A key or scalar on the cursor line: its text as written (quotes included) and where it is. */
export interface YamlToken {
  text: string;
  range: Range;
}

export type YamlCursor =
  | {
      /** On a key, or where a key can be typed (an empty line, a word without a colon). */
      kind: 'key';
      /** The mapping the key belongs to. */
      mapping: YamlPath;
      token: YamlToken;
      /** The token's text before the cursor (what was typed). */
      prefix: string;
      /** The line already has `key:` (the key is being edited, not written). */
      hasColon: boolean;
      /** Keys of the same mapping on other lines. */
      present: string[];
    }
  | {
      /** On a scalar value, a list item, or where one can be typed (after `key: ` or `- `). */
      kind: 'value';
      /** The value's path: the key's path, or the list's path and the item's index. */
      path: YamlPath;
      /** The value is a list item. */
      item: boolean;
      token: YamlToken;
      prefix: string;
      /** The token directly follows `:` or `-`: text inserted there needs a space first. */
      needsSpace: boolean;
      /** Keys of the mapping an item would start (for `- ` in a list of mappings). */
      present: string[];
    };

/** The analysis of one cursor position, or undefined in a comment, a block scalar or YAML nested too deeply to follow. */
export function yamlCursor(text: string, position: Position): YamlCursor | undefined {
  const lines = splitLines(text);
  if (position.line >= lines.length) return undefined;
  const scanner = new Scanner();
  for (let i = 0; i < position.line; i++) scanner.feed(i, lines[i]!);
  const lineText = lines[position.line]!;
  const col = Math.min(position.character, lineText.length);
  const result = scanner.cursor(position.line, lineText, col);
  if (!result || scanner.tooDeep) return undefined;
  for (let i = position.line + 1; i < lines.length; i++) scanner.feed(i, lines[i]!);
  const target = JSON.stringify(result.kind === 'key' ? result.mapping : result.path);
  const present = new Set<string>();
  for (const e of scanner.keys) if (e.line !== position.line && JSON.stringify(e.mapping) === target) present.add(e.name);
  return { ...result, present: [...present] };
}

export interface KeyEntry {
  line: number;
  name: string;
  mapping: YamlPath;
  range: Range;
}

/** Removes quotes from a scalar as written (`"@a"` → `@a`, `'it''s'` → `it's`). */
export function unquote(raw: string): string {
  const t = raw.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    try {
      return JSON.parse(t) as string;
    } catch {
      return t.slice(1, -1);
    }
  }
  if (t.length >= 2 && t.startsWith("'") && t.endsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
  return t.replace(/^["']/, '');
}

function splitLines(text: string): string[] {
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

interface Frame {
  kind: 'map' | 'seq';
  indent: number;
  path: YamlPath;
  /** map: the last key seen. */
  lastKey?: string;
  /** seq: index of the current item. */
  index: number;
}

/** A parsed line: the list dashes it starts with, then a key and/or a scalar. */
interface LineParts {
  dashes: number[];
  /** Column after the dashes (where a key or scalar starts). */
  content: number;
  key?: { raw: string; name: string; start: number; end: number; colon: number };
  /** A scalar (after the key's colon, or the whole content); end excludes a trailing comment. */
  value?: { start: number; end: number };
  /** The line is empty or a comment after the dashes. */
  empty: boolean;
}

const QUOTED_KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')[ \t]*:(?=[ \t]|$)/;
const PLAIN_KEY = /^([^\s#'"[\]{},&*!|>%@`][^#]*?)[ \t]*:(?=[ \t]|$)/;

function parseLine(line: string): LineParts {
  const dashes: number[] = [];
  let i = skipSpaces(line, 0);
  // Past MAX_DEPTH the scanner stops following the document anyway.
  while (dashes.length <= MAX_DEPTH && line[i] === '-' && (i + 1 === line.length || line[i + 1] === ' ' || line[i + 1] === '\t')) {
    dashes.push(i);
    i = skipSpaces(line, i + 1);
  }
  const parts: LineParts = { dashes, content: i, empty: i >= line.length || line[i] === '#' };
  if (parts.empty) return parts;
  const rest = line.slice(i);
  const m = QUOTED_KEY.exec(rest) ?? PLAIN_KEY.exec(rest);
  let valueStart = i;
  if (m) {
    const raw = m[1]!;
    parts.key = { raw, name: unquote(raw), start: i, end: i + raw.length, colon: i + m[0].length };
    valueStart = skipSpaces(line, i + m[0].length);
  }
  const end = scalarEnd(line, valueStart);
  if (end > valueStart) parts.value = { start: valueStart, end };
  return parts;
}

function skipSpaces(line: string, i: number): number {
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  return i;
}

/** End of a scalar starting at `start`: before a comment (` #` outside quotes) and trailing blanks. */
function scalarEnd(line: string, start: number): number {
  let quote = '';
  let end = line.length;
  for (let i = start; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if ((c === '"' || c === "'") && i === start) quote = c;
    else if (c === '#' && (i === start || line[i - 1] === ' ' || line[i - 1] === '\t')) {
      end = i;
      break;
    }
  }
  while (end > start && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  return end;
}

type CursorResult =
  | { kind: 'key'; mapping: YamlPath; token: YamlToken; prefix: string; hasColon: boolean }
  | { kind: 'value'; path: YamlPath; item: boolean; token: YamlToken; prefix: string; needsSpace: boolean };

class Scanner {
  private stack: Frame[] = [{ kind: 'map', indent: 0, path: [], index: 0 }];
  /**
   * The document nests deeper than MAX_DEPTH (as the parser refuses it): each frame copies its
   * parent's path, so following it would cost the square of its depth. Lines are then ignored.
   */
  tooDeep = false;
  /** Lines more indented than this belong to a block scalar. */
  private blockIndent: number | undefined;
  readonly keys: KeyEntry[] = [];

  feed(lineNo: number, line: string): LineParts | undefined {
    if (this.tooDeep) return undefined;
    const first = skipSpaces(line, 0);
    if (this.blockIndent !== undefined) {
      if (first >= line.length || first > this.blockIndent) return undefined;
      this.blockIndent = undefined;
    }
    const parts = parseLine(line);
    if (parts.empty && parts.dashes.length === 0) return undefined;
    this.apply(lineNo, line, parts);
    return parts;
  }

  /** Updates the stack for a parsed line; records its key. */
  private apply(lineNo: number, line: string, parts: LineParts): void {
    for (const d of parts.dashes) {
      this.place(d, true);
      const top = this.top;
      if (top.kind === 'seq' && top.indent === d) top.index++;
      else this.stack.push({ kind: 'seq', indent: d, path: this.childPath(), index: 0 });
    }
    if (parts.key) {
      const k = parts.key.start;
      if (parts.dashes.length === 0) this.place(k, false);
      const top = this.top;
      if (!(top.kind === 'map' && top.indent === k)) this.stack.push({ kind: 'map', indent: k, path: this.childPath(), index: 0 });
      const map = this.top;
      map.lastKey = parts.key.name;
      this.keys.push({
        line: lineNo,
        name: parts.key.name,
        mapping: map.path,
        range: { start: { line: lineNo, character: parts.key.start }, end: { line: lineNo, character: parts.key.end } },
      });
      if (parts.value && /^[|>][0-9+-]*$/.test(line.slice(parts.value.start, parts.value.end))) this.blockIndent = k;
    }
    // A scalar alone on a line continues a multi-line value: no structure.
    if (this.stack.length > MAX_DEPTH) this.tooDeep = true;
  }

  /** Pops the frames a line starting at `col` closes. */
  private place(col: number, dash: boolean): void {
    while (this.stack.length > 1 && this.top.indent > col) this.stack.pop();
    // `key:` then `- item` at the key's column: the list belongs to the key; a key ends it.
    if (this.stack.length > 1 && !dash && this.top.kind === 'seq' && this.top.indent === col) this.stack.pop();
  }

  private get top(): Frame {
    return this.stack[this.stack.length - 1]!;
  }

  /** Path of a node opened below the top frame (the value of its last key, or its current item). */
  private childPath(): YamlPath {
    const top = this.top;
    if (top.kind === 'seq') return [...top.path, top.index];
    return top.lastKey === undefined ? top.path : [...top.path, top.lastKey];
  }

  /** Analyses the cursor line (and feeds it, so that later lines are placed correctly). */
  cursor(lineNo: number, line: string, col: number): CursorResult | undefined {
    const pos = (c: number): Position => ({ line: lineNo, character: c });
    const token = (start: number, end: number): YamlToken => ({ text: line.slice(start, end), range: { start: pos(start), end: pos(end) } });
    const value = (path: YamlPath, item: boolean, start: number, end: number): CursorResult => ({
      kind: 'value',
      path,
      item,
      token: token(start, end),
      prefix: line.slice(start, col),
      needsSpace: start > 0 && (line[start - 1] === ':' || line[start - 1] === '-'),
    });
    if (this.blockIndent !== undefined) {
      const first = skipSpaces(line, 0);
      if (first >= line.length ? col > this.blockIndent : first > this.blockIndent) return undefined;
    }
    const parts = parseLine(line);
    const blank = parts.empty && parts.dashes.length === 0;
    if (blank) {
      if (line.slice(parts.content).startsWith('#') && col > parts.content) return undefined;
      // Where a key would start: at the cursor's column.
      const at = Math.min(col, parts.content);
      const mapping = this.mappingAt(at);
      if (this.blockIndent !== undefined) this.blockIndent = undefined;
      return { kind: 'key', mapping, token: token(col, col), prefix: '', hasColon: false };
    }
    if (col < (parts.dashes[0] ?? parts.content)) {
      // Before the line's content: a new key would go here, but the line is taken.
      this.blockIndent = undefined;
      this.apply(lineNo, line, parts);
      return undefined;
    }
    this.blockIndent = undefined;
    this.apply(lineNo, line, parts);
    const top = this.top;
    const comment = line.indexOf('#', parts.value?.end ?? parts.key?.colon ?? parts.content);
    if (parts.key) {
      const k = parts.key;
      if (col < k.colon) {
        const mapping = top.path;
        return { kind: 'key', mapping, token: token(k.start, k.end), prefix: line.slice(k.start, Math.min(col, k.end)), hasColon: true };
      }
      if (comment !== -1 && col > comment && (!parts.value || comment >= parts.value.end)) return undefined;
      const path = [...top.path, k.name];
      const v = parts.value;
      if (v && line[v.start] === '[') return this.flowItem(path, line, v.start, v.end, col, token);
      if (v && col < v.start) return value(path, false, col, col);
      const start = v ? v.start : Math.max(k.colon, Math.min(col, skipSpaces(line, k.colon)));
      return value(path, false, start, Math.max(v?.end ?? start, col));
    }
    // A list item without a key (a scalar, or nothing yet), or a word being typed as a key.
    const v = parts.value;
    if (comment !== -1 && col > comment && (!v || comment >= v.end)) return undefined;
    if (parts.dashes.length === 0) {
      const start = parts.content;
      const end = Math.max(v?.end ?? start, col);
      return { kind: 'key', mapping: this.mappingAt(start), token: token(start, end), prefix: line.slice(start, col), hasColon: false };
    }
    const seq = top;
    const path = [...seq.path, seq.index];
    if (v && line[v.start] === '[') return this.flowItem(path, line, v.start, v.end, col, token);
    if (v && col < v.start) return value(path, true, col, col);
    const start = v ? v.start : Math.max(parts.content, col);
    return value(path, true, start, Math.max(v?.end ?? start, col));
  }

  /** The mapping a key starting at `col` would belong to (without changing the stack). */
  private mappingAt(col: number): YamlPath {
    const saved = [...this.stack];
    this.place(col, false);
    const top = this.top;
    const path = top.indent === col && top.kind === 'map' ? top.path : this.childPath();
    this.stack = saved;
    return path;
  }

  /** An item of a one-line flow sequence `[a, "b", c]`. */
  private flowItem(path: YamlPath, line: string, start: number, end: number, col: number, token: (s: number, e: number) => YamlToken): CursorResult | undefined {
    const close = line.lastIndexOf(']', end);
    if (col <= start || (close > start && col > close)) return undefined;
    let index = 0;
    let itemStart = start + 1;
    let quote = '';
    const limit = close > start ? close : end;
    const items: Array<[number, number]> = [];
    for (let i = start + 1; i <= limit; i++) {
      const c = line[i];
      if (i === limit) {
        items.push([itemStart, i]);
        break;
      }
      if (quote) {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === ',') {
        items.push([itemStart, i]);
        itemStart = i + 1;
      }
    }
    let found: [number, number] = [col, col];
    for (const [s, e] of items) {
      if (col >= s && col <= e) {
        found = [s, e];
        break;
      }
      index++;
    }
    let [s, e] = found;
    s = skipSpaces(line, s);
    while (e > s && (line[e - 1] === ' ' || line[e - 1] === '\t')) e--;
    if (col < s) s = col;
    if (col > e) e = col;
    return { kind: 'value', path: [...path, index], item: true, token: token(s, e), prefix: line.slice(s, col), needsSpace: false };
  }
}

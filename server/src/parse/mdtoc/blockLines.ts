/**
 * gomarkdown parser/block.go's line tests and the block scanners that need no parser state.
 * Views are (s, p, n): Go's `data` is s[p:n].
 *
 * Upstream names kept: isEmpty, isPrefixHeading, isPrefixSpecialHeading, isUnderlinedHeading,
 * isHRule, quotePrefix, codePrefix, uliPrefix, oliPrefix, dliPrefix, isFenceLine, code, htmlHr,
 * table (tableHeader and the rows), blockMath, listTypeChanged, blockTags (BLOCK_TAGS), the
 * ast.ListType flags (LIST_*, ITEM_*), and mmark's mparser.TitleHook and ReferenceHook.
 */
import { BACKTICK, COLON, DASH, DOLLAR, DOT, EQ, GT, HASH, isBackslashEscaped, isSpace, LBRACE, LT, NL, PERCENT, PIPE, PLUS, RBRACE, skipChar, skipCharN, skipUntilChar, SLASH, SP, STAR, TAB, TILDE, UNDERSCORE } from './bytes.js';

export const MAX_NESTING = 16;

export const LIST_ORDERED = 1;
export const LIST_DEFINITION = 2;
export const LIST_TERM = 4;
export const ITEM_CONTAINS_BLOCK = 8;
export const ITEM_BEGINNING = 16;
export const ITEM_END = 32;

export const BLOCK_TAGS = new Set([
  'blockquote', 'del', 'div', 'dl', 'fieldset', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'iframe', 'ins', 'math',
  'noscript', 'ol', 'pre', 'p', 'script', 'style', 'table', 'ul', 'address', 'article', 'aside', 'canvas',
  'figcaption', 'figure', 'footer', 'header', 'hgroup', 'main', 'nav', 'output', 'progress', 'section', 'video',
]);

export interface Ref {
  link: string;
  title: string;
}

export function isEmpty(s: string, p: number, n: number): number {
  if (p >= n) return 0;
  let i = p;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === NL) break;
    if (c !== SP && c !== TAB) return 0;
  }
  if (i < n) i++; // the newline
  return i - p;
}

export function isPrefixHeading(s: string, p: number, n: number): boolean {
  if (p >= n || s.charCodeAt(p) !== HASH) return false;
  const level = skipCharN(s, p, n, HASH, 6);
  return !(level === n || s.charCodeAt(level) !== SP);
}

export function isPrefixSpecialHeading(s: string, p: number, n: number): boolean {
  // upstream tests `extensions|Mmark == 0`, which is never true: `.# Title` is always on.
  if (n - p < 4) return false;
  return s.charCodeAt(p) === DOT && s.charCodeAt(p + 1) === HASH && s.charCodeAt(p + 2) !== HASH && s.charCodeAt(p + 2) === SP;
}

export function isUnderlinedHeading(s: string, p: number, n: number): number {
  const c = s.charCodeAt(p);
  if (c === EQ || c === DASH) {
    let i = skipChar(s, p + 1, n, c);
    i = skipChar(s, i, n, SP);
    if (i < n && s.charCodeAt(i) === NL) return c === EQ ? 1 : 2;
  }
  return 0;
}

export function isHRule(s: string, p: number, n: number): boolean {
  let i = p;
  while (i < p + 3 && i < n && s.charCodeAt(i) === SP) i++;
  if (i >= n) return false;
  const c = s.charCodeAt(i);
  if (c !== STAR && c !== DASH && c !== UNDERSCORE) return false;
  let cnt = 0;
  for (; i < n; i++) {
    const d = s.charCodeAt(i);
    if (d === NL) break;
    if (d === c) cnt++;
    else if (d !== SP) return false;
  }
  return cnt >= 3;
}

export function quotePrefix(s: string, p: number, n: number): number {
  let i = p;
  while (i < p + 3 && i < n && s.charCodeAt(i) === SP) i++;
  if (i < n && s.charCodeAt(i) === GT) {
    return i + 1 < n && s.charCodeAt(i + 1) === SP ? i + 2 - p : i + 1 - p;
  }
  return 0;
}

export function codePrefix(s: string, p: number, n: number): number {
  if (n - p >= 1 && s.charCodeAt(p) === TAB) return 1;
  if (n - p >= 4 && s.charCodeAt(p) === SP && s.charCodeAt(p + 1) === SP && s.charCodeAt(p + 2) === SP && s.charCodeAt(p + 3) === SP) return 4;
  return 0;
}

export function uliPrefix(s: string, p: number, n: number): number {
  const i = skipCharN(s, p, n, SP, 3);
  if (i >= n - 1) return 0;
  const c = s.charCodeAt(i);
  const d = s.charCodeAt(i + 1);
  if ((c !== STAR && c !== PLUS && c !== DASH) || (d !== SP && d !== TAB)) return 0;
  return i + 2 - p;
}

export function oliPrefix(s: string, p: number, n: number): number {
  let i = skipCharN(s, p, n, SP, 3);
  const start = i;
  while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  if (start === i || i >= n - 1) return 0;
  const d = s.charCodeAt(i + 1);
  if (s.charCodeAt(i) !== DOT || !(d === SP || d === TAB)) return 0;
  return i + 2 - p;
}

export function dliPrefix(s: string, p: number, n: number): number {
  if (n - p < 2) return 0;
  const d = s.charCodeAt(p + 1);
  if (s.charCodeAt(p) !== COLON || !(d === SP || d === TAB)) return 0;
  return 2;
}

/**
 * block.go isFenceLine. Returns [end (relative, 0 = not a fence line), marker]. An opening line
 * (oldMarker === '') may carry an info string, `{...}` or one word, and nothing after it; a
 * closing line must repeat the opening marker exactly and carry nothing else.
 *
 * The version of the time read the info string of every opening line, also for callers that
 * do not want it: listItem's "unindented fence line ends the list" test must accept "```yaml"
 * (keps/sig-storage/3314 depends on it). Later versions accept anything up to the end of the
 * line; keps/sig-network/3726 ("```Values should ... names.```") shows that was not yet so.
 */
export function isFenceLine(s: string, p: number, n: number, oldMarker: string): [number, string] {
  let i = p;
  while (i < n && i - p < 3 && s.charCodeAt(i) === SP) i++;
  if (i >= n) return [0, ''];
  const c = s.charCodeAt(i);
  if (c !== TILDE && c !== BACKTICK) return [0, ''];
  let size = 0;
  while (i < n && s.charCodeAt(i) === c) {
    size++;
    i++;
  }
  if (size < 3) return [0, ''];
  const marker = s.slice(i - size, i);
  if (oldMarker !== '' && marker !== oldMarker) return [0, ''];
  if (oldMarker === '') {
    i = skipChar(s, i, n, SP);
    if (i >= n) return i === n ? [i - p, marker] : [0, ''];
    if (s.charCodeAt(i) === LBRACE) {
      i++;
      while (i < n && s.charCodeAt(i) !== RBRACE && s.charCodeAt(i) !== NL) i++;
      if (i >= n || s.charCodeAt(i) !== RBRACE) return [0, ''];
      i++;
    } else {
      while (i < n && !isSpace(s.charCodeAt(i))) i++;
    }
  }
  i = skipChar(s, i, n, SP);
  if (i >= n || s.charCodeAt(i) !== NL) return i === n ? [i - p, marker] : [0, ''];
  return [i + 1 - p, marker];
}

/** mmark v2.0.40 mparser.TitleHook: `---`/`%%%` ... up to the next such triple, anywhere. */
export function titleHook(s: string, p: number, n: number): number {
  if (n - p < 3) return 0;
  const c = s.charCodeAt(p);
  if (c !== PERCENT && c !== DASH) return 0;
  if (s.charCodeAt(p + 1) !== c || s.charCodeAt(p + 2) !== c) return 0;
  const k = s.indexOf(c === DASH ? '---' : '%%%', p + 3);
  // upstream indexes past the end (a panic) when the triple is cut by the end of data
  if (k < 0 || k + 3 > n) return 0;
  return k + 3 - p;
}

/** mmark mparser.ReferenceHook: `<reference ` ... `</reference>` (or the rest of the data). */
export function referenceHook(s: string, p: number, n: number): number {
  if (!s.startsWith('<reference ', p) || p + 11 > n) return 0;
  const k = s.indexOf('</reference>', p);
  if (k >= 0 && k + 12 < n) return k + 12 - p;
  return n - p;
}

export function blockMath(s: string, p: number, n: number): number {
  if (n - p <= 4 || s.charCodeAt(p) !== DOLLAR || s.charCodeAt(p + 1) !== DOLLAR || s.charCodeAt(p + 2) === DOLLAR) return 0;
  const k = s.indexOf('$$', p + 2);
  if (k < 0 || k + 1 >= n) return 0;
  return k + 2 - p;
}

export function code(s: string, p: number, n: number): number {
  let i = p;
  while (i < n) {
    const beg = i;
    i = skipUntilChar(s, i, n, NL);
    i = skipCharN(s, i, n, NL, 1);
    const blank = isEmpty(s, beg, i) > 0;
    if (codePrefix(s, beg, i) === 0 && !blank) {
      i = beg;
      break;
    }
  }
  return i - p;
}

export function htmlHr(s: string, p: number, n: number): number {
  if (n - p < 4) return 0;
  const c1 = s.charCodeAt(p + 1);
  const c2 = s.charCodeAt(p + 2);
  const c3 = s.charCodeAt(p + 3);
  if (s.charCodeAt(p) !== LT || (c1 !== 104 && c1 !== 72) || (c2 !== 114 && c2 !== 82)) return 0;
  if (c3 !== SP && c3 !== SLASH && c3 !== GT) return 0;
  let i = p + 3;
  while (i < n && s.charCodeAt(i) !== GT && s.charCodeAt(i) !== NL) i++;
  if (i < n && s.charCodeAt(i) === GT) {
    i++;
    const j = isEmpty(s, i, n);
    if (j > 0) return i + j - p;
  }
  return 0;
}

export function table(s: string, p: number, n: number): number {
  // tableHeader
  let i = p;
  let colCount = 1;
  for (; i < n && s.charCodeAt(i) !== NL; i++) {
    if (s.charCodeAt(i) === PIPE && !isBackslashEscaped(s, p, i)) colCount++;
  }
  if (colCount === 1) return 0;
  if (s.charCodeAt(p) === PIPE) colCount--;
  if (i - p > 2 && s.charCodeAt(i - 1) === PIPE && !isBackslashEscaped(s, p, i - 1)) colCount--;
  i++;
  if (i >= n) return 0;
  if (s.charCodeAt(i) === PIPE && !isBackslashEscaped(s, p, i)) i++;
  i = skipChar(s, i, n, SP);
  let col = 0;
  while (i < n && s.charCodeAt(i) !== NL) {
    let dashes = 0;
    if (s.charCodeAt(i) === COLON) {
      i++;
      dashes++;
    }
    while (i < n && s.charCodeAt(i) === DASH) {
      i++;
      dashes++;
    }
    if (i < n && s.charCodeAt(i) === COLON) {
      i++;
      dashes++;
    }
    while (i < n && s.charCodeAt(i) === SP) i++;
    if (i === n) return 0;
    const c = s.charCodeAt(i);
    if (dashes < 3) return 0;
    if (c === PIPE && !isBackslashEscaped(s, p, i)) {
      col++;
      i++;
      while (i < n && s.charCodeAt(i) === SP) i++;
      if (col >= colCount && i < n && s.charCodeAt(i) !== NL) return 0;
    } else if ((c !== PIPE || isBackslashEscaped(s, p, i)) && col + 1 < colCount) {
      return 0;
    } else if (c === NL) {
      col++;
    } else {
      return 0;
    }
  }
  if (col !== colCount) return 0;
  i = skipCharN(s, i, n, NL, 1);
  // rows: every following line that contains a pipe
  while (i < n) {
    let pipes = 0;
    const rowStart = i;
    for (; i < n && s.charCodeAt(i) !== NL; i++) if (s.charCodeAt(i) === PIPE) pipes++;
    if (pipes === 0) {
      i = rowStart;
      break;
    }
    i = skipCharN(s, i, n, NL, 1);
  }
  return i - p;
}

/** list.go listTypeChanged */
export function listTypeChanged(s: string, p: number, n: number, flags: number): boolean {
  if (dliPrefix(s, p, n) > 0 && !(flags & LIST_DEFINITION)) return true;
  if (oliPrefix(s, p, n) > 0 && !(flags & LIST_ORDERED)) return true;
  if (uliPrefix(s, p, n) > 0 && flags & (LIST_ORDERED | LIST_DEFINITION)) return true;
  return false;
}

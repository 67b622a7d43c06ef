/**
 * Byte helpers: gomarkdown works on bytes, and every syntax character is ASCII, so UTF-16 code
 * units stand in for bytes.
 *
 * Upstream names kept: isLetter, isAlnum, isSpace, isPunctuation, skipChar, skipCharN,
 * skipUntilChar, skipAlnum, isBackslashEscaped (block.go, parser.go, inline.go helpers).
 */
export const TAB = 9;
export const NL = 10;
export const CR = 13;
export const SP = 32;
export const BANG = 33;
export const DQUOTE = 34;
export const HASH = 35;
export const DOLLAR = 36;
export const PERCENT = 37;
export const AMP = 38;
export const SQUOTE = 39;
export const LPAREN = 40;
export const RPAREN = 41;
export const STAR = 42;
export const PLUS = 43;
export const COMMA = 44;
export const DASH = 45;
export const DOT = 46;
export const SLASH = 47;
export const COLON = 58;
export const SEMI = 59;
export const LT = 60;
export const EQ = 61;
export const GT = 62;
export const AT = 64;
export const LBRACK = 91;
export const BSLASH = 92;
export const RBRACK = 93;
export const CARET = 94;
export const UNDERSCORE = 95;
export const BACKTICK = 96;
export const LBRACE = 123;
export const PIPE = 124;
export const RBRACE = 125;
export const TILDE = 126;

export function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}
export function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || isLetter(c);
}
/** gomarkdown isSpace: ' ', \t, \n, \r, \f, \v */
export function isSpace(c: number): boolean {
  return c === SP || c === TAB || c === NL || c === CR || c === 12 || c === 11;
}
const PUNCT = new Set(Array.from('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~', (ch) => ch.charCodeAt(0)));
export function isPunctuation(c: number): boolean {
  return PUNCT.has(c);
}

export function skipChar(s: string, i: number, n: number, c: number): number {
  while (i < n && s.charCodeAt(i) === c) i++;
  return i;
}
export function skipCharN(s: string, i: number, n: number, c: number, max: number): number {
  while (i < n && max > 0 && s.charCodeAt(i) === c) {
    i++;
    max--;
  }
  return i;
}
export function skipUntilChar(s: string, i: number, n: number, c: number): number {
  while (i < n && s.charCodeAt(i) !== c) i++;
  return i;
}
export function skipAlnum(s: string, i: number, n: number): number {
  while (i < n && isAlnum(s.charCodeAt(i))) i++;
  return i;
}
/** block.go isBackslashEscaped, looking back no further than the view start p. */
export function isBackslashEscaped(s: string, p: number, i: number): boolean {
  let k = 0;
  while (i - k - 1 >= p && s.charCodeAt(i - k - 1) === BSLASH) k++;
  return (k & 1) === 1;
}
/** first index >= x in a sorted array */
export function lowerBound(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

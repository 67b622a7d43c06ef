/**
 * gomarkdown parser/inline.go's free helpers for links, autolinks and escapes.
 *
 * Upstream names kept: unescapeText, stripMailto, isEndOfLink, isSafeLink, linkEndsWithEntity
 * (htmlEntityRe), anchorRe (anchorMatchLen), isMailtoAutoLink, and the autolink kinds
 * (notAutolink, normalAutolink, emailAutolink).
 */
import { AMP, AT, BSLASH, CR, DASH, DOT, DQUOTE, GT, isAlnum, isSpace, LT, NL, SEMI, SP, TAB, UNDERSCORE } from './bytes.js';

export function unescapeText(src: string): string {
  let out = '';
  let i = 0;
  const n = src.length;
  while (i < n) {
    const org = i;
    while (i < n && src.charCodeAt(i) !== BSLASH) i++;
    if (i > org) out += src.slice(org, i);
    if (i + 1 >= n) break;
    out += src[i + 1];
    i += 2;
  }
  return out;
}

export function stripMailto(link: string): string {
  if (link.startsWith('mailto://')) return link.slice(9);
  if (link.startsWith('mailto:')) return link.slice(7);
  return link;
}

export function asciiLowerPrefix(d: string, off: number, e: number, prefix: string): boolean {
  // upstream slices data[offset:offset+8] (capped at the end) and compares bytes
  if (Math.min(off + 8, e) - off < prefix.length) return false;
  for (let k = 0; k < prefix.length; k++) {
    const b = prefix.charCodeAt(k);
    const c = d.charCodeAt(off + k);
    // b != s[i] && b != s[i]+delta on bytes: non-ASCII never matches
    if (c > 0x7f || (b !== c && b !== c + 32)) return false;
  }
  return true;
}

export function isEndOfLink(c: number): boolean {
  return isSpace(c) || c === LT;
}

export function isSafeLink(s: string, p: number, e: number): boolean {
  const n = e - p;
  for (const path of ['/', './', '../']) {
    if (n >= path.length && s.startsWith(path, p)) {
      if (n === path.length || isAlnum(s.charCodeAt(p + path.length))) return true;
    }
  }
  for (const prefix of ['http://', 'https://', 'ftp://', 'mailto://']) {
    if (n > prefix.length && s.slice(p, p + prefix.length).toLowerCase() === prefix && isAlnum(s.charCodeAt(p + prefix.length))) {
      return true;
    }
  }
  return false;
}

/** htmlEntityRe `&[a-z]{2,5};`: does the last match in s[p:end] end at end? */
export function linkEndsWithEntity(s: string, p: number, end: number): boolean {
  // a match ends with ';', so only the one ending at end-1 can qualify; leftmost-first
  // matches cannot overlap it unless they start at or after its '&'
  let last = -1;
  let i = Math.max(p, end - 7);
  while (i < end) {
    if (s.charCodeAt(i) === AMP) {
      let j = i + 1;
      while (j < end && j - i - 1 < 5 && s.charCodeAt(j) >= 97 && s.charCodeAt(j) <= 122) j++;
      if (j - i - 1 >= 2 && j < end && s.charCodeAt(j) === SEMI) {
        last = j + 1;
        i = j + 1;
        continue;
      }
    }
    i++;
  }
  return last === end;
}

/** The URL of anchorRe: ((https?|ftp)://|/)[-A-Za-z0-9+&@#/%?=~_|!:,.;()]+ ; returns its end or -1. */
function urlLen(d: string, i: number): number {
  if (d.startsWith('https://', i)) i += 8;
  else if (d.startsWith('http://', i)) i += 7;
  else if (d.startsWith('ftp://', i)) i += 6;
  else if (d.startsWith('/', i)) i += 1;
  else return -1;
  const start = i;
  while (i < d.length && isUrlChar(d.charCodeAt(i))) i++;
  return i > start ? i : -1;
}
function isUrlChar(c: number): boolean {
  return isAlnum(c) || '-+&@#/%?=~_|!:,.;()'.includes(String.fromCharCode(c));
}
function isReSpace(c: number): boolean {
  return c === TAB || c === NL || c === 12 || c === CR || c === SP;
}
/** anchorRe `^(<a\shref="URL"(\stitle="[^"<>]+")?\s?>URL<\/a>)` at d[start:e]; returns the length or 0. */
export function anchorMatchLen(d0: string, start: number, e: number): number {
  const d = e < d0.length ? d0.slice(0, e) : d0;
  if (!d.startsWith('<a', start)) return 0;
  let i = start + 2;
  if (i >= d.length || !isReSpace(d.charCodeAt(i))) return 0;
  i++;
  if (!d.startsWith('href="', i)) return 0;
  i = urlLen(d, i + 6);
  if (i < 0 || d.charCodeAt(i) !== DQUOTE) return 0;
  i++;
  const tail = (j: number): number => {
    const close = (k: number): number => {
      if (k >= d.length || d.charCodeAt(k) !== GT) return -1;
      const u = urlLen(d, k + 1);
      return u >= 0 && d.startsWith('</a>', u) ? u + 4 : -1;
    };
    if (j < d.length && isReSpace(d.charCodeAt(j))) {
      const r = close(j + 1);
      if (r >= 0) return r;
    }
    return close(j);
  };
  // optional title
  if (i < d.length && isReSpace(d.charCodeAt(i)) && d.startsWith('title="', i + 1)) {
    let j = i + 8;
    const ts = j;
    while (j < d.length && d.charCodeAt(j) !== DQUOTE && d.charCodeAt(j) !== LT && d.charCodeAt(j) !== GT) j++;
    if (j > ts && j < d.length && d.charCodeAt(j) === DQUOTE) {
      const r = tail(j + 1);
      if (r >= 0) return r - start;
    }
  }
  const r = tail(i);
  return r >= 0 ? r - start : 0;
}

export const NOT_AUTOLINK = 0;
export const NORMAL_AUTOLINK = 1;
export const EMAIL_AUTOLINK = 2;

/** isMailtoAutoLink on s[from:e]: [-@._a-zA-Z0-9]+ with exactly one '@', then '>' */
export function isMailtoAutoLink(s: string, from: number, e: number): number {
  let nb = 0;
  for (let i = from; i < e; i++) {
    const c = s.charCodeAt(i);
    if (isAlnum(c)) continue;
    if (c === AT) nb++;
    else if (c === DASH || c === DOT || c === UNDERSCORE) continue;
    else if (c === GT) return nb === 1 ? i - from + 1 : 0;
    else return 0;
  }
  return 0;
}

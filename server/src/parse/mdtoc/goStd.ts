/**
 * The parts of Go's standard library that mdtoc's output depends on, with Go's exact behaviour.
 *
 * Go names kept: strings.TrimSpace (goTrimSpace, with unicode.IsSpace), strconv.ParseUint
 * (goParseUint), string(rune(x)) (goRuneString), html.UnescapeString and html.unescapeEntity
 * (goUnescapeString, with the HTML5 named references of `character-entities` and the
 * semicolon-optional ones of `character-entities-legacy`, the same WHATWG table Go embeds).
 */
import { characterEntities } from 'character-entities';
import { characterEntitiesLegacy } from 'character-entities-legacy';
import { AMP, HASH, isAlnum, SEMI } from './bytes.js';

/** Go strings.TrimSpace (unicode.IsSpace at both ends). */
export function goTrimSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isUnicodeSpace(s.charCodeAt(a))) a++;
  while (b > a && isUnicodeSpace(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

function isUnicodeSpace(c: number): boolean {
  if (c <= 0xff) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0x85 || c === 0xa0;
  return c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** strconv.ParseUint(s, base, 64): null on error */
export function goParseUint(s: string, base: number): bigint | null {
  if (s.length === 0) return null;
  let v = 0n;
  const b = BigInt(base);
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    let dv: number;
    if (c >= 48 && c <= 57) dv = c - 48;
    else if (c >= 97 && c <= 122) dv = c - 87;
    else if (c >= 65 && c <= 90) dv = c - 55;
    else return null;
    if (dv >= base) return null;
    v = v * b + BigInt(dv);
    if (v >= 1n << 64n) return null;
  }
  return v;
}

/** Go string(rune(uint64)): truncation to int32, invalid → U+FFFD */
export function goRuneString(cp: bigint): string {
  const r = Number(BigInt.asIntN(32, cp));
  if (r < 0 || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(r);
}

/** html.unescapeEntity replaces numeric references to C1 controls with their Windows-1252 characters. */
const WIN1252 = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** Names valid without a trailing semicolon (`&amp`, `&copy`); Go's table holds these without one too. */
const LEGACY = new Set(characterEntitiesLegacy);
/** html's longestEntityWithoutSemicolon. */
const LONGEST_LEGACY = 6;

/** Go's entity and entity2 tables: a name with its `;` is any HTML5 reference, one without it a legacy one. */
function entityValue(name: string): string | undefined {
  const bare = name.endsWith(';') ? name.slice(0, -1) : name;
  if (bare === name && !LEGACY.has(name)) return undefined;
  return Object.hasOwn(characterEntities, bare) ? characterEntities[bare] : undefined;
}

/** Go html.UnescapeString. */
export function goUnescapeString(s: string): string {
  let i = s.indexOf('&');
  if (i < 0) return s;
  let out = s.slice(0, i);
  while (i < s.length) {
    if (s.charCodeAt(i) !== AMP) {
      const j = s.indexOf('&', i);
      const e = j < 0 ? s.length : j;
      out += s.slice(i, e);
      i = e;
      continue;
    }
    const [rep, used] = unescapeEntity(s, i);
    out += rep;
    i += used;
  }
  return out;
}

/** Go html.unescapeEntity (attribute is false there): [replacement, bytes consumed] at s[src] == '&'. */
function unescapeEntity(s: string, src: number): [string, number] {
  const rest = s.length - src;
  if (rest <= 1) return ['&', 1];
  let i = 1;
  if (s.charCodeAt(src + 1) === HASH) {
    if (rest <= 3) return ['&', 1];
    i++;
    let c = s.charCodeAt(src + i);
    let hex = false;
    if (c === 120 || c === 88) {
      hex = true;
      i++;
    }
    let x = 0;
    while (i < rest) {
      c = s.charCodeAt(src + i);
      i++;
      if (hex) {
        if (c >= 48 && c <= 57) x = 16 * x + c - 48;
        else if (c >= 97 && c <= 102) x = 16 * x + c - 87;
        else if (c >= 65 && c <= 70) x = 16 * x + c - 55;
        else {
          if (c !== SEMI) i--;
          break;
        }
      } else if (c >= 48 && c <= 57) x = 10 * x + c - 48;
      else {
        if (c !== SEMI) i--;
        break;
      }
      if (x > 0x7fffffff) x = 0x7fffffff; // Go's rune overflows; anything this large is invalid anyway
    }
    if (i <= 3) return ['&', 1];
    if (x >= 0x80 && x <= 0x9f) x = WIN1252[x - 0x80]!;
    else if (x === 0 || (x >= 0xd800 && x <= 0xdfff) || x > 0x10ffff) x = 0xfffd;
    return [String.fromCodePoint(x), i];
  }
  while (i < rest) {
    const c = s.charCodeAt(src + i);
    i++;
    if (isAlnum(c)) continue;
    if (c !== SEMI) i--;
    break;
  }
  const name = s.slice(src + 1, src + i);
  if (name.length > 0) {
    const x = entityValue(name);
    if (x !== undefined) return [x, i];
    // The longest legacy name that starts the run: "&notit;" is "¬it;".
    for (let j = Math.min(name.length - 1, LONGEST_LEGACY); j > 1; j--) {
      const y = entityValue(name.slice(0, j));
      if (y !== undefined) return [y, j + 1];
    }
  }
  return [s.slice(src, src + i), i];
}

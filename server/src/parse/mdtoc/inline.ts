/**
 * gomarkdown parser/inline.go for heading labels: Inline() and its callbacks (CommonExtensions).
 * Go's `data` slices are views [b, e) of the heading text, and `offset` an absolute index.
 *
 * Upstream names kept: inline (Inline), the inlineCallback table (dispatch), maybeLineBreak,
 * emphasis, helperEmphasis, helperDoubleEmphasis, helperTripleEmphasis, helperFindEmphChar
 * (findEmphChar), codeSpan, link (with maybeImage, maybeInlineFootnote), tagLength, leftAngle,
 * escape, entity, maybeAutoLink, autoLink, math.
 */
import { MAX_NESTING, type Ref } from './blockLines.js';
import { AMP, AT, BACKTICK, BANG, BSLASH, CARET, COLON, COMMA, DASH, DOLLAR, DOT, DQUOTE, GT, HASH, isAlnum, isLetter, isPunctuation, isSpace, LBRACE, LBRACK, lowerBound, LPAREN, LT, NL, PLUS, RBRACE, RBRACK, RPAREN, SEMI, skipAlnum, skipChar, skipCharN, SLASH, SP, SQUOTE, STAR, TILDE, UNDERSCORE } from './bytes.js';
import { goParseUint, goRuneString } from './goStd.js';
import { anchorMatchLen, asciiLowerPrefix, EMAIL_AUTOLINK, isEndOfLink, isMailtoAutoLink, isSafeLink, linkEndsWithEntity, NORMAL_AUTOLINK, NOT_AUTOLINK, stripMailto, unescapeText } from './links.js';

export type INode =
  | { t: 'text'; lit: string }
  | { t: 'code'; lit: string }
  | { t: 'html'; lit: string }
  | { t: 'math'; lit: string }
  | { t: 'hardbreak' }
  | { t: 'emph' | 'strong' | 'del'; kids: INode[] }
  | { t: 'link'; dest: string; title: string; kids: INode[] }
  | { t: 'image'; dest: string; title: string | null; kids: INode[] };

type Res = [number, INode | null];
const NONE: Res = [0, null];

const ESCAPE_CHARS = new Set(Array.from('\\`*_{}[]()#+-.!:|&<>~^', (ch) => ch.charCodeAt(0)));

/**
 * inline.go for one heading. Go's `data` slices are views [b, e) of the heading text `R`, and
 * `offset` is an absolute index o (b <= o < e). The forward/backward searches that upstream
 * repeats from every candidate position (bracket matching, code span closers, the `<` before a
 * bare URL, the bracket balance after it, the next `>` or `-->`) come from per-heading indexes.
 */
export class InlineParser {
  private R = '';
  private nesting = 0;
  private insideLink = false;
  private bracketMatch: Int32Array | undefined;
  private prevLtIdx: Int32Array | undefined;
  private nextGtIdx: Int32Array | undefined;
  private commentEnds: number[] | undefined;
  private balance = new Map<number, { d: Int32Array; at: Map<number, number[]> }>();
  private codeRun = { start: -1, end: -1, closers: [] as number[] };
  private countedMask: Uint8Array | undefined;
  private nextIdx = new Map<number, Int32Array>();
  private parens: { d: Int32Array; at: Map<number, number[]> } | undefined;

  constructor(private readonly refs: Map<string, Ref>) {}

  parse(content: string): INode[] {
    this.R = content;
    this.bracketMatch = this.prevLtIdx = this.nextGtIdx = this.commentEnds = undefined;
    this.balance.clear();
    this.countedMask = this.parens = undefined;
    this.nextIdx.clear();
    this.codeRun = { start: -1, end: -1, closers: [] };
    const out: INode[] = [];
    this.inline(out, 0, content.length);
    return out;
  }

  private at(i: number): number {
    return this.R.charCodeAt(i);
  }

  private inline(out: INode[], b: number, e: number): void {
    if (this.nesting >= MAX_NESTING || e <= b) return;
    this.nesting++;
    let beg = b;
    let end = b;
    while (end < e) {
      const [consumed, node] = this.dispatch(b, e, end);
      if (consumed === 0) {
        end++;
        continue;
      }
      out.push({ t: 'text', lit: this.R.slice(beg, end) });
      if (node) out.push(node);
      beg = end + consumed;
      end = beg;
    }
    if (beg < e) {
      if (this.at(end - 1) === NL) end--;
      out.push({ t: 'text', lit: this.R.slice(beg, end) });
    }
    this.nesting--;
  }

  /** parser.go inlineCallback table (CommonExtensions) */
  private dispatch(b: number, e: number, o: number): Res {
    switch (this.at(o)) {
      case SP:
        return this.maybeLineBreak(e, o);
      case STAR:
      case UNDERSCORE:
      case TILDE:
        return this.emphasis(e, o);
      case BACKTICK:
        return this.codeSpan(e, o);
      case LBRACK:
        return this.link(b, e, o);
      case LT:
        return this.leftAngle(e, o);
      case BSLASH:
        return this.escape(e, o);
      case AMP:
        return this.entity(e, o);
      case BANG:
      case CARET: // maybeImage / maybeInlineFootnote
        return o < e - 1 && this.at(o + 1) === LBRACK ? this.link(b, e, o) : NONE;
      case 104: // h
      case 109: // m
      case 102: // f
      case 72: // H
      case 77: // M
      case 70: // F
        return this.maybeAutoLink(b, e, o);
      case DOLLAR:
        return this.math(e, o);
      default:
        return NONE; // includes '\n': lineBreak needs HardLineBreak
    }
  }

  private maybeLineBreak(e: number, o: number): Res {
    const k = skipChar(this.R, o, e, SP);
    if (k < e && this.at(k) === NL) return k - o >= 2 ? [k - o + 1, { t: 'hardbreak' }] : [k - o, null];
    return NONE;
  }

  private emphasis(e: number, o: number): Res {
    const c = this.at(o);
    const n = e - o;
    if (n > 2 && this.at(o + 1) !== c) {
      if (isSpace(this.at(o + 1))) return NONE;
      const [ret, node] = this.helperEmphasis(o + 1, e, c);
      return ret === 0 ? NONE : [ret + 1, node];
    }
    if (n > 3 && this.at(o + 1) === c && this.at(o + 2) !== c) {
      if (isSpace(this.at(o + 2))) return NONE;
      const [ret, node] = this.helperDoubleEmphasis(o + 2, e, c);
      return ret === 0 ? NONE : [ret + 2, node];
    }
    if (n > 4 && this.at(o + 1) === c && this.at(o + 2) === c && this.at(o + 3) !== c) {
      if (c === TILDE || isSpace(this.at(o + 3))) return NONE;
      const [ret, node] = this.helperTripleEmphasis(o, 3, e, c);
      return ret === 0 ? NONE : [ret + 3, node];
    }
    return NONE;
  }

  /** data = R[d:e] */
  private helperEmphasis(d: number, e: number, c: number): Res {
    const n = e - d;
    let i = 0;
    if (n > 1 && this.at(d) === c && this.at(d + 1) === c) i = 1;
    while (i < n) {
      const length = this.findEmphChar(d + i, e, c);
      if (length === 0) return NONE;
      i += length;
      if (i >= n) return NONE;
      if (i + 1 < n && this.at(d + i + 1) === c) {
        i++;
        continue;
      }
      if (this.at(d + i) === c && !isSpace(this.at(d + i - 1))) {
        // NoIntraEmphasis
        if (!(i + 1 === n || isSpace(this.at(d + i + 1)) || isPunctuation(this.at(d + i + 1)))) continue;
        const kids: INode[] = [];
        this.inline(kids, d, d + i);
        return [i + 1, { t: 'emph', kids }];
      }
    }
    return NONE;
  }

  private helperDoubleEmphasis(d: number, e: number, c: number): Res {
    const n = e - d;
    let i = 0;
    while (i < n) {
      const length = this.findEmphChar(d + i, e, c);
      if (length === 0) return NONE;
      i += length;
      if (i + 1 < n && this.at(d + i) === c && this.at(d + i + 1) === c && i > 0 && !isSpace(this.at(d + i - 1))) {
        const kids: INode[] = [];
        this.inline(kids, d, d + i);
        return [i + 2, { t: c === TILDE ? 'del' : 'strong', kids }];
      }
      i++;
    }
    return NONE;
  }

  /** origData = R[o:e], data = R[o+offset:e] */
  private helperTripleEmphasis(o: number, offset: number, e: number, c: number): Res {
    const d = o + offset;
    const n = e - d;
    let i = 0;
    while (i < n) {
      const length = this.findEmphChar(d + i, e, c);
      if (length === 0) return NONE;
      i += length;
      if (this.at(d + i) !== c || isSpace(this.at(d + i - 1))) continue;
      if (i + 2 < n && this.at(d + i + 1) === c && this.at(d + i + 2) === c) {
        const kids: INode[] = [];
        this.inline(kids, d, d + i);
        return [i + 3, { t: 'strong', kids: [{ t: 'emph', kids }] }];
      } else if (i + 1 < n && this.at(d + i + 1) === c) {
        const [len, node] = this.helperEmphasis(o + offset - 2, e, c);
        return len === 0 ? NONE : [len - 2, node];
      } else {
        const [len, node] = this.helperDoubleEmphasis(o + offset - 1, e, c);
        return len === 0 ? NONE : [len - 1, node];
      }
    }
    return NONE;
  }

  /** helperFindEmphChar on R[d:e], returning an offset relative to d */
  private findEmphChar(d: number, e: number, c: number): number {
    const n = e - d;
    let i = 0;
    while (i < n) {
      while (i < n && this.at(d + i) !== c && this.at(d + i) !== BACKTICK && this.at(d + i) !== LBRACK) i++;
      if (i >= n) return 0;
      if (i !== 0 && this.at(d + i - 1) === BSLASH) {
        i++;
        continue;
      }
      const ch = this.at(d + i);
      if (ch === c) return i;
      let tmpI = 0;
      if (ch === BACKTICK) {
        i++;
        while (i < n && this.at(d + i) !== BACKTICK) {
          if (tmpI === 0 && this.at(d + i) === c) tmpI = i;
          i++;
        }
        if (i >= n) return tmpI;
        i++;
      } else {
        i++;
        while (i < n && this.at(d + i) !== RBRACK) {
          if (tmpI === 0 && this.at(d + i) === c) tmpI = i;
          i++;
        }
        i++;
        while (i < n && (this.at(d + i) === SP || this.at(d + i) === NL)) i++;
        if (i >= n) return tmpI;
        if (this.at(d + i) !== LBRACK && this.at(d + i) !== LPAREN) {
          if (tmpI > 0) return tmpI;
          continue;
        }
        const cc = this.at(d + i);
        i++;
        while (i < n && this.at(d + i) !== cc) {
          if (tmpI === 0 && this.at(d + i) === c) return i;
          i++;
        }
        if (i >= n) return tmpI;
        i++;
      }
    }
    return 0;
  }

  /** codeSpan; the closer search is shared by all retries inside one backtick run */
  private codeSpan(e: number, o: number): Res {
    const R = this.R;
    let run = this.codeRun;
    if (!(o >= run.start && o < run.end)) {
      const runEnd = skipChar(R, o, R.length, BACKTICK);
      // closers[m]: index just past the first m consecutive backticks after the run
      const closers = [0];
      let cnt = 0;
      for (let j = runEnd; j < R.length && closers.length <= runEnd - o; j++) {
        if (R.charCodeAt(j) !== BACKTICK) cnt = 0;
        else if (++cnt >= closers.length) closers.push(j + 1);
      }
      run = this.codeRun = { start: o, end: runEnd, closers };
    }
    const nb = Math.min(run.end, e) - o;
    const close = run.closers[nb];
    const end = close !== undefined && close <= e ? close - o : -1;
    if (end < 0) return NONE;
    let fBegin = nb;
    while (fBegin < end && this.at(o + fBegin) === SP) fBegin++;
    let fEnd = end - nb;
    while (fEnd > fBegin && this.at(o + fEnd - 1) === SP) fEnd--;
    if (fBegin !== fEnd) return [end, { t: 'code', lit: R.slice(o + fBegin, o + fEnd) }];
    return [end, null];
  }

  /**
   * The matching ']' for the '[' at i: upstream scans forward with a level counter, ignoring
   * characters preceded by a backslash. A stack pass answers every opener at once; an opener that
   * is itself preceded by a backslash (reachable after an escaped backslash) is scanned directly.
   */
  private closeBracket(i: number): number {
    if (!this.bracketMatch) {
      const R = this.R;
      const m = new Int32Array(R.length).fill(-1);
      const stack: number[] = [];
      for (let k = 0; k < R.length; k++) {
        const c = R.charCodeAt(k);
        const escaped = k > 0 && R.charCodeAt(k - 1) === BSLASH;
        if (c === LBRACK) {
          if (escaped) m[k] = -2;
          else stack.push(k);
        } else if (c === RBRACK && !escaped && stack.length > 0) {
          m[stack.pop()!] = k;
        }
      }
      this.bracketMatch = m;
    }
    const r = this.bracketMatch[i]!;
    return r === -2 ? this.scanBracket(i, this.R.length) : r;
  }

  /** the upstream loop: from R[o] (which opens at level 1), the index where the level returns to 0 */
  private scanBracket(o: number, e: number): number {
    let i = 1;
    for (let level = 1; level > 0 && o + i < e; i++) {
      const c = this.at(o + i);
      if (c === NL || this.at(o + i - 1) === BSLASH) continue;
      if (c === LBRACK) level++;
      else if (c === RBRACK && --level <= 0) i--;
    }
    return o + i >= e ? -1 : o + i;
  }

  private link(b: number, e: number, o: number): Res {
    const R = this.R;
    if (this.insideLink && ((o > b && this.at(o - 1) === LBRACK) || (e - 1 > o && this.at(o + 1) === CARET))) return NONE;
    let isImg = false;
    if (this.at(o) === BANG) {
      isImg = true;
      o++;
    }
    // data = R[o:e]; find the matching closing bracket (txtE)
    // `^[` (no footnotes): the caret opens like a bracket; rare, scan directly
    const m = this.at(o) === LBRACK ? this.closeBracket(o) : this.scanBracket(o, e);
    if (m < 0 || m >= e) return NONE;
    const txtE = m - o;
    const n = e - o;
    let i = txtE + 1;
    while (i < n && isSpace(this.at(o + i))) i++;
    let link = '';
    let title: string | null = null;
    if (i < n && this.at(o + i) === LPAREN) {
      i++;
      while (i < n && isSpace(this.at(o + i))) i++;
      let linkB = i;
      // findlinkend: the first quote, or the first ')' that closes no '(' opened since linkB
      i = this.linkDestEnd(o + i) - o;
      if (i >= n) return NONE;
      let linkE = i;
      let titleB = 0;
      let titleE = 0;
      const q = this.at(o + i);
      if (q === SQUOTE || q === DQUOTE) {
        i++;
        titleB = i;
        // findtitleend: the first ')' after the first quote like the opening one
        const q1 = this.nextCounted(q, o + titleB);
        i = (q1 < 0 ? e : this.nextCounted(RPAREN, q1 + 1)) - o;
        if (q1 < 0 || i < 0 || i >= n) return NONE;
        titleE = i - 1;
        while (titleE > titleB && isSpace(this.at(o + titleE))) titleE--;
        if (this.at(o + titleE) !== SQUOTE && this.at(o + titleE) !== DQUOTE) {
          titleB = 0;
          titleE = 0;
          linkE = i;
        }
      }
      while (linkE > linkB && isSpace(this.at(o + linkE - 1))) linkE--;
      if (this.at(o + linkB) === LT) linkB++;
      if (this.at(o + linkE - 1) === GT) linkE--;
      if (linkE > linkB) link = R.slice(o + linkB, o + linkE);
      if (titleE > titleB) title = R.slice(o + titleB, o + titleE);
      i++;
    } else if (i < n - 1 && this.at(o + i) === LBRACK && this.at(o + i + 1) !== CARET) {
      // reference style link
      i++;
      const linkB = i;
      const rb = this.nextCounted(-1, o + i);
      i = (rb < 0 ? e : rb) - o;
      if (i >= n) return NONE;
      const id = linkB === i ? R.slice(o + 1, o + txtE) : R.slice(o + linkB, o + i);
      const lr = this.refs.get(id.toLowerCase());
      if (!lr) return NONE;
      link = lr.link;
      title = lr.title;
      i++;
    } else {
      // shortcut reference link
      const lr = this.refs.get(R.slice(o + 1, o + txtE).toLowerCase());
      if (!lr) return NONE;
      link = lr.link;
      title = lr.title;
      i = txtE + 1;
    }
    const uLink = link.length > 0 ? unescapeText(link) : '';
    if (uLink.length === 0 || (!isImg && txtE <= 1)) return NONE;
    if (isImg) return [i + 1, { t: 'image', dest: uLink, title, kids: [{ t: 'text', lit: R.slice(o + 1, o + txtE) }] }];
    const kids: INode[] = [];
    const saved = this.insideLink;
    this.insideLink = true;
    this.inline(kids, o + 1, o + txtE);
    this.insideLink = saved;
    return [i, { t: 'link', dest: uLink, title: title ?? '', kids }];
  }

  /**
   * Positions the link destination/title loops look at: they skip a backslash together with the
   * next character. Every such scan starts right after '(', a space or a quote, so which
   * characters are skipped does not depend on where the scan started.
   */
  private counted(): Uint8Array {
    if (!this.countedMask) {
      const R = this.R;
      const m = new Uint8Array(R.length);
      for (let k = 0; k < R.length; k++) {
        if (R.charCodeAt(k) === BSLASH) k++; // both skipped
        else m[k] = 1;
      }
      this.countedMask = m;
    }
    return this.countedMask;
  }

  /** next counted position >= i holding c (c = -1: next ']' at all, as skipUntilChar), or -1 */
  private nextCounted(c: number, i: number): number {
    let a = this.nextIdx.get(c);
    if (!a) {
      const R = this.R;
      const m = this.counted();
      a = new Int32Array(R.length + 1);
      a[R.length] = -1;
      for (let k = R.length - 1; k >= 0; k--) {
        const hit = c === -1 ? R.charCodeAt(k) === RBRACK : m[k] === 1 && R.charCodeAt(k) === c;
        a[k] = hit ? k : a[k + 1]!;
      }
      this.nextIdx.set(c, a);
    }
    return i <= this.R.length ? a[i]! : -1;
  }

  /** findlinkend from `start`: index of the stopping quote or ')' (>= R.length when none) */
  private linkDestEnd(start: number): number {
    const R = this.R;
    if (start >= R.length) return R.length;
    if (!this.parens) {
      const m = this.counted();
      const d = new Int32Array(R.length + 1);
      const at = new Map<number, number[]>();
      for (let k = 0; k < R.length; k++) {
        const c = R.charCodeAt(k);
        d[k + 1] = d[k]! + (m[k] === 1 ? (c === LPAREN ? 1 : c === RPAREN ? -1 : 0) : 0);
      }
      for (let k = 0; k <= R.length; k++) {
        let arr = at.get(d[k]!);
        if (!arr) at.set(d[k]!, (arr = []));
        arr.push(k);
      }
      this.parens = { d, at };
    }
    // a skipped start (only if start is the character after a backslash) cannot happen: the
    // scan starts after '(' or a space
    const { d, at } = this.parens;
    const arr = at.get(d[start]! - 1);
    let close = R.length;
    if (arr) {
      const k = lowerBound(arr, start + 1);
      if (k < arr.length) close = arr[k]! - 1; // the ')' that brought the depth below zero
    }
    const dq = this.nextCounted(DQUOTE, start);
    const sq = this.nextCounted(SQUOTE, start);
    for (const q of [dq, sq]) if (q >= 0 && q < close) close = q;
    return close;
  }

  private nextGt(i: number): number {
    if (!this.nextGtIdx) {
      const R = this.R;
      const a = new Int32Array(R.length + 1);
      a[R.length] = -1;
      for (let k = R.length - 1; k >= 0; k--) a[k] = R.charCodeAt(k) === GT ? k : a[k + 1]!;
      this.nextGtIdx = a;
    }
    return this.nextGtIdx[i]!;
  }

  /** inline.go tagLength on R[o:e], including the unchecked `i += bytes.IndexByte(...)` */
  private tagLength(e: number, o: number): [number, number] {
    const n = e - o;
    if (n < 3 || this.at(o) !== LT) return [NOT_AUTOLINK, 0];
    let i = this.at(o + 1) === SLASH ? 2 : 1;
    if (!isAlnum(this.at(o + i))) return [NOT_AUTOLINK, 0];
    let autolink = NOT_AUTOLINK;
    while (i < n) {
      const c = this.at(o + i);
      if (isAlnum(c) || c === DOT || c === PLUS || c === DASH) i++;
      else break;
    }
    if (i > 1 && i < n && this.at(o + i) === AT) {
      const j = isMailtoAutoLink(this.R, o + i, e);
      if (j !== 0) return [EMAIL_AUTOLINK, i + j];
    }
    if (i > 2 && i < n && this.at(o + i) === COLON) {
      autolink = NORMAL_AUTOLINK;
      i++;
    }
    if (i >= n) {
      autolink = NOT_AUTOLINK;
    } else if (autolink !== NOT_AUTOLINK) {
      const j = i;
      while (i < n) {
        const c = this.at(o + i);
        if (c === BSLASH) i += 2;
        else if (c === GT || c === SQUOTE || c === DQUOTE || isSpace(c)) break;
        else i++;
      }
      if (i >= n) return [autolink, 0];
      if (i > j && this.at(o + i) === GT) return [autolink, i + 1];
      autolink = NOT_AUTOLINK;
    }
    const g = this.nextGt(o + i);
    i += g < 0 || g >= e ? -1 : g - o - i;
    if (i < 0) return [autolink, 0];
    return [autolink, i + 1];
  }

  /** inlineHTMLComment on R[o:e] */
  private htmlComment(e: number, o: number): number {
    if (e - o < 5 || !this.R.startsWith('<!--', o)) return 0;
    if (!this.commentEnds) {
      const a: number[] = [];
      let k = this.R.indexOf('-->');
      while (k >= 0) {
        a.push(k);
        k = this.R.indexOf('-->', k + 1);
      }
      this.commentEnds = a;
    }
    // "-->" with its '>' at index 5 or later
    const j = lowerBound(this.commentEnds, o + 3);
    const k = j < this.commentEnds.length ? this.commentEnds[j]! : -1;
    return k < 0 || k + 3 > e ? 0 : k + 3 - o;
  }

  private leftAngle(e: number, o: number): Res {
    const [altype, tl] = this.tagLength(e, o);
    let end = tl;
    const size = this.htmlComment(e, o);
    if (size > 0) end = size;
    if (end <= 2) return [end, null];
    if (altype === NOT_AUTOLINK) return [end, { t: 'html', lit: this.R.slice(o, o + end) }];
    const link = unescapeText(this.R.slice(o + 1, o + end - 1));
    if (link.length <= 0) return [end, null];
    const dest = altype === EMAIL_AUTOLINK ? 'mailto:' + link : link;
    return [end, { t: 'link', dest, title: '', kids: [{ t: 'text', lit: stripMailto(link) }] }];
  }

  private escape(e: number, o: number): Res {
    if (e - o <= 1) return [2, null];
    const c = this.at(o + 1);
    if (c === NL) return [2, { t: 'hardbreak' }]; // BackslashLineBreak
    if (!ESCAPE_CHARS.has(c)) return NONE;
    return [2, { t: 'text', lit: this.R[o + 1]! }];
  }

  private entity(e: number, o: number): Res {
    const R = this.R;
    let end = skipCharN(R, o + 1, e, HASH, 1);
    end = skipAlnum(R, end, e);
    if (end < e && R.charCodeAt(end) === SEMI) end++;
    else return NONE;
    const ent = R.slice(o, end);
    const len = end - o;
    if (ent === '&amp;') return [len, { t: 'text', lit: '&' }];
    if (ent.length < 4) return [len, { t: 'text', lit: ent }];
    // "if ent consists solely out of numbers (hex or decimal) convert that unicode codepoint"
    const hex = ent[2] === 'x' || ent[2] === 'X';
    const cp = goParseUint(hex ? ent.slice(3, -1) : ent.slice(2, -1), hex ? 16 : 10);
    return [len, { t: 'text', lit: cp !== null ? goRuneString(cp) : ent }];
  }

  private maybeAutoLink(b: number, e: number, o: number): Res {
    if (this.insideLink || e < o + 6) return NONE;
    for (const prefix of ['http://', 'https://', 'ftp://', 'file://', 'mailto:']) {
      if (asciiLowerPrefix(this.R, o, e, prefix)) return this.autoLink(b, e, o);
    }
    return NONE;
  }

  private prevLt(i: number): number {
    if (!this.prevLtIdx) {
      const R = this.R;
      const a = new Int32Array(R.length);
      let last = -1;
      for (let k = 0; k < R.length; k++) {
        if (R.charCodeAt(k) === LT) last = k;
        a[k] = last;
      }
      this.prevLtIdx = a;
    }
    return this.prevLtIdx[i]!;
  }

  /**
   * The bare-URL closing-punctuation check scans back from q, +1 per closer and -1 per opener,
   * and stops where the count reaches 0: the largest r <= q with D(r) = D(q+1) - 1 where D is
   * the prefix sum of (opener - closer). Returns r, or -1.
   */
  private balanceStart(opener: number, closer: number, lo: number, q: number): number {
    let bal = this.balance.get(opener);
    if (!bal) {
      const R = this.R;
      const d = new Int32Array(R.length + 1);
      const at = new Map<number, number[]>();
      for (let k = 0; k < R.length; k++) {
        const c = R.charCodeAt(k);
        d[k + 1] = d[k]! + (c === opener ? 1 : c === closer ? -1 : 0);
      }
      for (let k = 0; k <= R.length; k++) {
        let arr = at.get(d[k]!);
        if (!arr) at.set(d[k]!, (arr = []));
        arr.push(k);
      }
      bal = { d, at };
      this.balance.set(opener, bal);
    }
    const arr = bal.at.get(bal.d[q + 1]! - 1);
    if (!arr) return -1;
    const k = lowerBound(arr, q + 1) - 1;
    return k >= 0 && arr[k]! >= lo ? arr[k]! : -1;
  }

  private autoLink(b: number, e: number, o: number): Res {
    const R = this.R;
    // are we inside an anchor element? (the nearest '<' at or before o, else the data start)
    let anchorStart = this.prevLt(o);
    if (anchorStart <= b) anchorStart = b;
    const offsetFromAnchor = o - anchorStart;
    const am = anchorMatchLen(R, anchorStart, e);
    if (am > offsetFromAnchor) return [am - offsetFromAnchor, { t: 'html', lit: R.slice(o, anchorStart + am) }];
    let rewind = 0;
    while (o - rewind > b && rewind <= 7 && isLetter(this.at(o - rewind - 1))) rewind++;
    if (rewind > 6) return NONE;
    const d = o - rewind; // data = R[d:e]
    if (!isSafeLink(R, d, e)) return NONE;
    let linkEnd = 0;
    while (d + linkEnd < e && !isEndOfLink(this.at(d + linkEnd))) linkEnd++;
    const last = () => this.at(d + linkEnd - 1);
    if ((last() === DOT || last() === COMMA) && this.at(d + linkEnd - 2) !== BSLASH) linkEnd--;
    if (last() === SEMI && this.at(d + linkEnd - 2) !== BSLASH && !linkEndsWithEntity(R, d, d + linkEnd)) linkEnd--;
    const cl = last();
    const copen = cl === RPAREN ? LPAREN : cl === RBRACK ? LBRACK : cl === RBRACE ? LBRACE : 0;
    // quotes open and close alike, so their count never settles: upstream never trims them
    if (copen !== 0) {
      const bufEnd = d + linkEnd - 2; // origData is the whole view R[b:e]; no newline in a heading
      if (bufEnd >= b && this.balanceStart(copen, cl, b, bufEnd) >= 0) linkEnd--;
    }
    const uLink = unescapeText(R.slice(d, d + linkEnd));
    if (uLink.length > 0) return [linkEnd, { t: 'link', dest: uLink, title: '', kids: [{ t: 'text', lit: uLink }] }];
    return [linkEnd, null];
  }

  private math(e: number, o: number): Res {
    if (e - o <= 2 || this.at(o + 1) === DOLLAR) return NONE;
    const k = this.R.indexOf('$', o + 1);
    if (k < 0 || k >= e) return NONE;
    return [k - o + 1, { t: 'math', lit: this.R.slice(o + 1, k) }];
  }
}

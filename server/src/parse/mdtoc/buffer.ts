/**
 * The document and the working buffers gomarkdown builds for list items and quotes (its
 * `raw bytes.Buffer`s). Each maps its offsets back to offsets in the original text (for heading
 * line numbers) and lazily carries the search indexes that keep the scanner linear.
 *
 * Upstream names kept: backUntilChar (BufBuilder.lastLineStart). Buf and BufBuilder are ours.
 */
import { isEmpty } from './blockLines.js';
import { BACKTICK, lowerBound, NL, SP, TILDE } from './bytes.js';

interface HtmlCloserIndex {
  occ: number[]; // "</tag>" occurrences whose rest of line is blank
  after: number[]; // offset just after that line
  full: boolean[]; // valid when the view extends to the end of the buffer
  nextFull: number[]; // index of the first `full` entry at or after k (occ.length if none)
}

export class Buf {
  private fenceIdx: Map<string, number[]> | undefined;
  private htmlIdx: Map<string, HtmlCloserIndex> | undefined;
  private commentEnds: number[] | undefined;
  constructor(
    readonly s: string,
    readonly segB: number[],
    readonly segO: number[],
  ) {}

  orig(pos: number): number {
    const k = lowerBound(this.segB, pos + 1) - 1;
    if (k < 0) return -1;
    const o = this.segO[k]!;
    return o < 0 ? -1 : o + (pos - this.segB[k]!);
  }

  /** Line starts (>= from, < n) whose line closes a fence with exactly `marker`. */
  fenceCloser(marker: string, from: number, n: number): number {
    if (!this.fenceIdx) this.fenceIdx = buildFenceIndex(this.s);
    const arr = this.fenceIdx.get(marker);
    if (!arr) return -1;
    const k = lowerBound(arr, from);
    return k < arr.length && arr[k]! < n ? arr[k]! : -1;
  }

  htmlCloser(tag: string): HtmlCloserIndex {
    if (!this.htmlIdx) this.htmlIdx = new Map();
    let idx = this.htmlIdx.get(tag);
    if (!idx) {
      idx = buildHtmlCloserIndex(this.s, tag);
      this.htmlIdx.set(tag, idx);
    }
    return idx;
  }

  /** offset of the '>' of the first "-->" whose '>' is at or after `from` */
  commentEnd(from: number): number {
    if (!this.commentEnds) {
      const a: number[] = [];
      const s = this.s;
      let i = s.indexOf('-->');
      while (i >= 0) {
        a.push(i + 2);
        i = s.indexOf('-->', i + 1);
      }
      this.commentEnds = a;
    }
    const k = lowerBound(this.commentEnds, from);
    return k < this.commentEnds.length ? this.commentEnds[k]! : -1;
  }
}

function buildFenceIndex(s: string): Map<string, number[]> {
  const m = new Map<string, number[]>();
  const n = s.length;
  let ls = 0;
  while (ls < n) {
    let le = s.indexOf('\n', ls);
    if (le < 0) le = n;
    let i = ls;
    while (i < le && i - ls < 3 && s.charCodeAt(i) === SP) i++;
    const c = s.charCodeAt(i);
    if (i < le && (c === BACKTICK || c === TILDE)) {
      const ms = i;
      while (i < le && s.charCodeAt(i) === c) i++;
      if (i - ms >= 3) {
        const me = i;
        while (i < le && s.charCodeAt(i) === SP) i++;
        if (i === le) {
          const key = s.slice(ms, me);
          let arr = m.get(key);
          if (!arr) m.set(key, (arr = []));
          arr.push(ls);
        }
      }
    }
    ls = le + 1;
  }
  return m;
}

function buildHtmlCloserIndex(s: string, tag: string): HtmlCloserIndex {
  const close = '</' + tag + '>';
  const n = s.length;
  const occ: number[] = [];
  const after: number[] = [];
  const full: boolean[] = [];
  let i = s.indexOf(close);
  while (i >= 0) {
    const r = i + close.length;
    const e = isEmpty(s, r, n);
    if (e > 0) {
      const a = r + e;
      occ.push(i);
      after.push(a);
      full.push(a >= n || isEmpty(s, a, n) > 0);
    }
    i = s.indexOf(close, i + 1);
  }
  const nextFull = new Array<number>(occ.length + 1);
  nextFull[occ.length] = occ.length;
  for (let k = occ.length - 1; k >= 0; k--) nextFull[k] = full[k] ? k : nextFull[k + 1]!;
  return { occ, after, full, nextFull };
}

export class BufBuilder {
  private parts: string[] = [];
  len = 0;
  private segB: number[] = [];
  private segO: number[] = [];

  add(src: Buf, a: number, b: number): void {
    if (b <= a) return;
    this.parts.push(src.s.slice(a, b));
    let k = lowerBound(src.segB, a + 1) - 1;
    let pos = a;
    while (pos < b) {
      const segStart = src.segB[k]!;
      const segEnd = k + 1 < src.segB.length ? src.segB[k + 1]! : Infinity;
      const o = src.segO[k]!;
      this.pushSeg(this.len + (pos - a), o < 0 ? -1 : o + (pos - segStart));
      pos = Math.min(b, segEnd);
      k++;
    }
    this.len += b - a;
  }

  /** block.go backUntilChar(raw, len-1, '\n'): start of the last line written */
  lastLineStart(): number {
    const text = this.parts.join('');
    this.parts = [text];
    let i = text.length - 1;
    while (i > 0 && text.charCodeAt(i - 1) !== NL) i--;
    return Math.max(i, 0);
  }

  synthetic(str: string): void {
    this.pushSeg(this.len, -1);
    this.parts.push(str);
    this.len += str.length;
  }

  private pushSeg(b: number, o: number): void {
    const k = this.segB.length - 1;
    if (k >= 0) {
      const lb = this.segB[k]!;
      const lo = this.segO[k]!;
      if (lb === b) {
        this.segO[k] = o;
        return;
      }
      if ((lo >= 0 && o >= 0 && lo + (b - lb) === o) || (lo < 0 && o < 0)) return;
    }
    this.segB.push(b);
    this.segO.push(o);
  }

  build(): Buf {
    if (this.segB.length === 0) {
      this.segB.push(0);
      this.segO.push(-1);
    }
    return new Buf(this.parts.join(''), this.segB, this.segO);
  }
}

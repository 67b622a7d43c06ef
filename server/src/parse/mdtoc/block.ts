/**
 * gomarkdown parser/block.go and list.go at the block level: which headings a document has.
 * Views are (s, p, n): Go's `data` is s[p:n] of a Buf.
 *
 * Upstream names kept: block (block), the dispatch in block() (blockStep), prefixHeading and
 * prefixSpecialHeading, html, htmlComment (via inlineHTMLComment), fencedCodeBlock, quote, list,
 * listItem, paragraph, isReference (with scanLinkRef), nesting/maxNesting (MAX_NESTING).
 */
import { BLOCK_TAGS, blockMath, code, codePrefix, dliPrefix, htmlHr, isEmpty, isFenceLine, isHRule, isPrefixHeading, isPrefixSpecialHeading, isUnderlinedHeading, ITEM_BEGINNING, ITEM_CONTAINS_BLOCK, ITEM_END, LIST_DEFINITION, LIST_ORDERED, LIST_TERM, listTypeChanged, MAX_NESTING, oliPrefix, quotePrefix, type Ref, referenceHook, table, titleHook, uliPrefix } from './blockLines.js';
import { Buf, BufBuilder } from './buffer.js';
import { BACKTICK, COLON, CR, DQUOTE, GT, HASH, isBackslashEscaped, LBRACE, LBRACK, lowerBound, LPAREN, LT, NL, RBRACE, RBRACK, RPAREN, skipAlnum, skipChar, skipCharN, skipUntilChar, SP, SQUOTE, TAB, TILDE } from './bytes.js';

interface RawHeading {
  level: number;
  content: string;
  line: number;
}

export class BlockParser {
  headings: RawHeading[] = [];
  refs = new Map<string, Ref>();
  private nesting = 0;
  private lineStarts: number[];

  constructor(text: string) {
    const ls = [0];
    let i = text.indexOf('\n');
    while (i >= 0) {
      ls.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
    this.lineStarts = ls;
  }

  private addHeading(b: Buf, level: number, cs: number, ce: number, at: number): void {
    const o = b.orig(at);
    const line = o < 0 ? 0 : lowerBound(this.lineStarts, o + 1) - 1;
    this.headings.push({ level, content: b.s.slice(cs, ce), line });
  }

  block(b: Buf, p: number, n: number): void {
    if (this.nesting >= MAX_NESTING) return;
    this.nesting++;
    while (p < n) {
      const q = this.blockStep(b, p, n);
      // upstream cannot fail to advance on the inputs it terminates on; never loop here
      p = q > p ? q : Math.min(n, skipUntilChar(b.s, p, n, NL) + 1);
    }
    this.nesting--;
  }

  private blockStep(b: Buf, p: number, n: number): number {
    const s = b.s;
    let i: number;
    // user supplied parser function: mparser.Hook = TitleHook, then ReferenceHook
    i = titleHook(s, p, n);
    if (i > 0) return p + i;
    i = referenceHook(s, p, n);
    if (i > 0) return p + i;
    if (isPrefixHeading(s, p, n)) return p + this.prefixHeading(b, p, n, false);
    if (isPrefixSpecialHeading(s, p, n)) return p + this.prefixHeading(b, p, n, true);
    if (s.charCodeAt(p) === LT) {
      i = this.html(b, p, n);
      if (i > 0) return p + i;
    }
    i = isEmpty(s, p, n);
    if (i > 0) return p + i;
    if (codePrefix(s, p, n) > 0) return p + code(s, p, n);
    i = this.fencedCodeBlock(b, p, n);
    if (i > 0) return p + i;
    if (isHRule(s, p, n)) return skipUntilChar(s, p, n, NL);
    if (quotePrefix(s, p, n) > 0) return p + this.quote(b, p, n);
    // aside (`A>`): only with the Mmark extension at this version (not in CommonExtensions)
    i = table(s, p, n);
    if (i > 0) return p + i;
    if (uliPrefix(s, p, n) > 0) return p + this.list(b, p, n, 0);
    if (oliPrefix(s, p, n) > 0) return p + this.list(b, p, n, LIST_ORDERED);
    if (dliPrefix(s, p, n) > 0) return p + this.list(b, p, n, LIST_DEFINITION);
    i = blockMath(s, p, n);
    if (i > 0) return p + i;
    return p + this.paragraph(b, p, n);
  }

  /** prefixHeading / prefixSpecialHeading (HeadingIDs on, AutoHeadingIDs off) */
  private prefixHeading(b: Buf, p: number, n: number, special: boolean): number {
    const s = b.s;
    const level = special ? 1 : skipCharN(s, p, n, HASH, 6) - p;
    const i = skipChar(s, special ? p + 2 : p + level, n, SP);
    let end = skipUntilChar(s, i, n, NL);
    let skip = end;
    let j = i;
    while (j < end - 1 && (s.charCodeAt(j) !== LBRACE || s.charCodeAt(j + 1) !== HASH)) j++;
    let k = j + 1;
    while (k < end && s.charCodeAt(k) !== RBRACE) k++;
    if (j < end && k < end) {
      end = j;
      skip = k + 1;
      while (end > p && s.charCodeAt(end - 1) === SP) end--;
    }
    while (end > p && s.charCodeAt(end - 1) === HASH) {
      if (isBackslashEscaped(s, p, end - 1)) break;
      end--;
    }
    while (end > p && s.charCodeAt(end - 1) === SP) end--;
    if (end > i) this.addHeading(b, level, i, end, p);
    return skip - p;
  }

  private html(b: Buf, p: number, n: number): number {
    const s = b.s;
    const te = skipAlnum(s, p + 1, n);
    const tag = s.slice(p + 1, te);
    if (!BLOCK_TAGS.has(tag)) {
      const c = this.htmlComment(b, p, n);
      if (c > 0) return c;
      return htmlHr(s, p, n);
    }
    if (tag === 'ins' || tag === 'del') return 0;
    // first "</tag>" at or after p+1 that is followed by a blank rest of line and then a
    // blank line or the end of the data
    const idx = b.htmlCloser(tag);
    const closeLen = tag.length + 3;
    const k0 = lowerBound(idx.occ, p + 1);
    let best = -1;
    const kf = idx.nextFull[k0]!;
    if (kf < idx.occ.length && idx.occ[kf]! + closeLen < n) best = kf;
    if (n < s.length) {
      // a closer on the last line of a shorter view needs no blank line after it
      const kl = lowerBound(idx.occ, n) - 1;
      if (kl >= k0 && idx.after[kl] === n && idx.occ[kl]! + closeLen < n && (best < 0 || kl < best)) best = kl;
    }
    if (best < 0) return 0;
    const a = idx.after[best]!;
    return a - p + (a >= n ? 0 : isEmpty(s, a, n));
  }

  private htmlComment(b: Buf, p: number, n: number): number {
    // inlineHTMLComment
    const s = b.s;
    if (n - p < 5 || !s.startsWith('<!--', p)) return 0;
    const e = b.commentEnd(p + 5);
    if (e < 0 || e >= n) return 0;
    const i = e + 1;
    const j = isEmpty(s, i, n);
    return j > 0 ? i + j - p : 0;
  }

  /** fencedCodeBlock (doRender makes no difference to what is consumed) */
  private fencedCodeBlock(b: Buf, p: number, n: number): number {
    const s = b.s;
    const [beg, marker] = isFenceLine(s, p, n, '');
    if (beg === 0 || p + beg >= n) return 0;
    const c = b.fenceCloser(marker, p + beg, n);
    if (c < 0) return 0;
    const [fe] = isFenceLine(s, c, n, marker);
    if (fe === 0) return 0;
    return c + fe - p;
  }

  private quote(b: Buf, p: number, n: number): number {
    const s = b.s;
    const raw = new BufBuilder();
    let beg = p;
    let end = p;
    while (beg < n) {
      end = beg;
      while (end < n && s.charCodeAt(end) !== NL) {
        const c = s.charCodeAt(end);
        if (c === SP || c === BACKTICK || c === TILDE) {
          const i = this.fencedCodeBlock(b, end, n);
          if (i > 0) {
            end += i - 1;
            break;
          }
        }
        end++;
      }
      end = skipCharN(s, end, n, NL, 1);
      const pre = quotePrefix(s, beg, n);
      if (pre > 0) {
        beg += pre;
      } else if (isEmpty(s, beg, n) > 0 && (end >= n || (quotePrefix(s, end, n) === 0 && isEmpty(s, end, n) === 0))) {
        break;
      }
      raw.add(b, beg, end);
      beg = end;
    }
    const child = raw.build();
    this.block(child, 0, child.s.length);
    return end - p;
  }

  private list(b: Buf, p: number, n: number, flags: number): number {
    let i = p;
    const f = { v: flags | ITEM_BEGINNING };
    while (i < n) {
      const skip = this.listItem(b, i, n, f);
      i += skip;
      if (skip === 0 || f.v & ITEM_END) break;
      f.v &= ~ITEM_BEGINNING;
    }
    return i - p;
  }

  private listItem(b: Buf, p: number, n: number, f: { v: number }): number {
    const s = b.s;
    const len = n - p;
    let itemIndent = 0;
    if (s.charCodeAt(p) === TAB) itemIndent += 4;
    else while (itemIndent < 3 && itemIndent < len && s.charCodeAt(p + itemIndent) === SP) itemIndent++;

    let i = uliPrefix(s, p, n);
    if (i === 0) i = oliPrefix(s, p, n);
    if (i === 0) {
      i = dliPrefix(s, p, n);
      if (i > 0) f.v &= ~LIST_TERM;
    }
    if (i === 0) {
      if (f.v & LIST_DEFINITION) f.v |= LIST_TERM;
      else return 0;
    }
    i = skipChar(s, p + i, n, SP) - p;
    let line = i;
    while (i > 0 && i < len && s.charCodeAt(p + i - 1) !== NL) i++;
    const raw = new BufBuilder();
    raw.add(b, p + line, p + i);
    line = i;

    let containsBlankLine = false;
    let sublist = 0;
    gather: while (line < len) {
      i++;
      while (i < len && s.charCodeAt(p + i - 1) !== NL) i++;
      if (isEmpty(s, p + line, p + i) > 0) {
        containsBlankLine = true;
        line = i;
        continue;
      }
      let indent = 0;
      let indentIndex = 0;
      if (s.charCodeAt(p + line) === TAB) {
        indentIndex++;
        indent += 4;
      } else {
        while (indent < 4 && line + indent < i && s.charCodeAt(p + line + indent) === SP) {
          indent++;
          indentIndex++;
        }
      }
      const cs = p + line + indentIndex;
      const ce = p + i;
      // "If there is a fence line (marking starting of a code block) without indent do not
      // process it as part of the list." (at this version also for definition lists, where
      // upstream can then loop forever; block() steps over such a line instead)
      if (indent === 0 && isFenceLine(s, cs, ce, '')[0] > 0) {
        f.v |= ITEM_END;
        break gather;
      }
      if ((uliPrefix(s, cs, ce) > 0 && !isHRule(s, cs, ce)) || oliPrefix(s, cs, ce) > 0 || dliPrefix(s, cs, ce) > 0) {
        if (indent <= itemIndent) {
          if (listTypeChanged(s, cs, ce, f.v)) f.v |= ITEM_END;
          else if (containsBlankLine) f.v |= ITEM_CONTAINS_BLOCK;
          break gather;
        }
        if (containsBlankLine) f.v |= ITEM_CONTAINS_BLOCK;
        if (sublist === 0) {
          sublist = raw.len;
          // a definition item: the sublist starts at the term, on the previous line
          if (dliPrefix(s, cs, ce) > 0) sublist = raw.lastLineStart();
        }
      } else if (isPrefixHeading(s, cs, ce) || isPrefixSpecialHeading(s, cs, ce)) {
        if (containsBlankLine && indent < 4) {
          f.v |= ITEM_END;
          break gather;
        }
        f.v |= ITEM_CONTAINS_BLOCK;
      } else if (containsBlankLine && indent < 4) {
        if (f.v & LIST_DEFINITION && i < len - 1) {
          let next = i;
          while (next < len && s.charCodeAt(p + next) !== NL) next++;
          while (next < len - 1 && s.charCodeAt(p + next) === NL) next++;
          if (i < len - 1 && s.charCodeAt(p + i) !== COLON && next < len - 1 && s.charCodeAt(p + next) !== COLON) f.v |= ITEM_END;
        } else {
          f.v |= ITEM_END;
        }
        break gather;
      } else if (containsBlankLine) {
        raw.synthetic('\n');
        f.v |= ITEM_CONTAINS_BLOCK;
      }
      if (containsBlankLine) {
        containsBlankLine = false;
        raw.synthetic('\n');
      }
      raw.add(b, cs, ce);
      line = i;
    }

    const child = raw.build();
    const total = child.s.length;
    if (f.v & ITEM_CONTAINS_BLOCK && !(f.v & LIST_TERM)) {
      if (sublist > 0) {
        this.block(child, 0, sublist);
        this.block(child, sublist, total);
      } else {
        this.block(child, 0, total);
      }
    } else if (sublist > 0) {
      // the item's own text is a paragraph (no headings); only the sublist is block-parsed
      this.block(child, sublist, total);
    }
    return line;
  }

  private paragraph(b: Buf, p0: number, n: number): number {
    const s = b.s;
    let prev = p0;
    let line = p0;
    let i = p0;
    while (i < n) {
      prev = line;
      line = i;
      const refEnd = this.isReference(s, i, n);
      if (refEnd > 0) return i - p0 + refEnd;
      const e = isEmpty(s, i, n);
      if (e > 0) {
        if (i < n - 1 && s.charCodeAt(i + 1) === COLON) {
          return prev - p0 + this.list(b, prev, n, LIST_DEFINITION);
        }
        return i - p0 + e;
      }
      if (i > p0) {
        const level = isUnderlinedHeading(s, i, n);
        if (level > 0) {
          let eol = i - 1;
          let pr = prev;
          while (pr < eol && s.charCodeAt(pr) === SP) pr++;
          while (eol > pr && s.charCodeAt(eol - 1) === SP) eol--;
          this.addHeading(b, level, pr, eol, pr);
          return skipUntilChar(s, i, n, NL) - p0;
        }
      }
      if (isPrefixHeading(s, i, n) || isPrefixSpecialHeading(s, i, n) || isHRule(s, i, n)) return i - p0;
      // "if there's a block quote, paragraph is over": a `>` line right under a paragraph line
      // starts a quote (not a lazy continuation), so quote() swallows a fence opened in it
      // up to the next bare fence line, as it does for any quote.
      if (quotePrefix(s, i, n) > 0) return i - p0;
      if (this.fencedCodeBlock(b, i, n) > 0) return i - p0;
      if (dliPrefix(s, i, n) !== 0) return prev - p0 + this.list(b, prev, n, LIST_DEFINITION);
      const nl = s.indexOf('\n', i);
      i = nl >= 0 && nl < n ? nl + 1 : n;
    }
    return i - p0;
  }

  /** parser.go isReference + scanLinkRef (Footnotes off). Returns the consumed length. */
  private isReference(s: string, p: number, n: number): number {
    if (n - p < 4) return 0;
    let i = p;
    while (i < p + 3 && s.charCodeAt(i) === SP) i++;
    if (s.charCodeAt(i) !== LBRACK) return 0;
    i++;
    const idOffset = i;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === NL || c === CR || c === RBRACK) break;
      i++;
    }
    if (i >= n || s.charCodeAt(i) !== RBRACK) return 0;
    const idEnd = i;
    if (idOffset === idEnd) return 0;
    i++;
    if (i >= n || s.charCodeAt(i) !== COLON) return 0;
    i++;
    while (i < n && (s.charCodeAt(i) === SP || s.charCodeAt(i) === TAB)) i++;
    if (i < n && (s.charCodeAt(i) === NL || s.charCodeAt(i) === CR)) {
      i++;
      if (i < n && s.charCodeAt(i) === NL && s.charCodeAt(i - 1) === CR) i++;
    }
    while (i < n && (s.charCodeAt(i) === SP || s.charCodeAt(i) === TAB)) i++;
    if (i >= n) return 0;

    // scanLinkRef
    if (s.charCodeAt(i) === LT) i++;
    let linkOffset = i;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === SP || c === TAB || c === NL || c === CR) break;
      i++;
    }
    let linkEnd = i;
    if (linkEnd < n && s.charCodeAt(linkOffset) === LT && s.charCodeAt(linkEnd - 1) === GT) {
      linkOffset++;
      linkEnd--;
    }
    while (i < n && (s.charCodeAt(i) === SP || s.charCodeAt(i) === TAB)) i++;
    if (i < n) {
      const c = s.charCodeAt(i);
      if (c !== NL && c !== CR && c !== SQUOTE && c !== DQUOTE && c !== LPAREN) return 0;
    }
    let lineEnd = -1; // upstream: 0 = unset (a real value is never 0 there)
    if (i >= n || s.charCodeAt(i) === CR || s.charCodeAt(i) === NL) lineEnd = i;
    if (i + 1 < n && s.charCodeAt(i) === CR && s.charCodeAt(i + 1) === NL) lineEnd++;
    if (lineEnd >= 0) {
      i = lineEnd + 1;
      while (i < n && (s.charCodeAt(i) === SP || s.charCodeAt(i) === TAB)) i++;
    }
    let titleOffset = p;
    let titleEnd = p;
    if (i + 1 < n && (s.charCodeAt(i) === SQUOTE || s.charCodeAt(i) === DQUOTE || s.charCodeAt(i) === LPAREN)) {
      i++;
      titleOffset = i;
      while (i < n && s.charCodeAt(i) !== NL && s.charCodeAt(i) !== CR) i++;
      if (i + 1 < n && s.charCodeAt(i) === NL && s.charCodeAt(i + 1) === CR) titleEnd = i + 1;
      else titleEnd = i;
      i--;
      while (i > titleOffset && (s.charCodeAt(i) === SP || s.charCodeAt(i) === TAB)) i--;
      const c = s.charCodeAt(i);
      if (i > titleOffset && (c === SQUOTE || c === DQUOTE || c === RPAREN)) {
        lineEnd = titleEnd;
        titleEnd = i;
      }
    }
    if (lineEnd < 0) return 0;
    const link = linkEnd > linkOffset ? s.slice(linkOffset, linkEnd) : '';
    const title = titleEnd > titleOffset ? s.slice(titleOffset, titleEnd) : '';
    this.refs.set(s.slice(idOffset, idEnd).toLowerCase(), { link, title });
    return lineEnd - p;
  }
}

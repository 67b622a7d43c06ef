/**
 * What `mdtoc --inplace --max-depth=5 --dryrun` (kubernetes-sigs/mdtoc v1.4.0, run by the
 * enhancements repo's hack/verify-toc.sh) checks on one markdown file, re-implemented.
 *
 * Why hand-written: mdtoc finds headings with gomarkdown/markdown (commit 4d01890c35c0,
 * `parser.CommonExtensions` plus mmark v2.0.40's `mparser.Hook`) and renders each heading's
 * label with gomarkdown's HTML renderer. gomarkdown is a blackfriday descendant whose block
 * rules are not CommonMark, and no JS markdown library agrees with it on what is a heading
 * (HTML comments, `---` title blocks, CRLF, list-item and paragraph continuation rules) or on
 * how a label renders. So this file ports the parts of it that decide which headings exist and
 * how their labels render: a line-based block scanner plus a small inline renderer for heading
 * labels. It builds no AST beyond heading labels.
 *
 * Upstream behaviours reproduced (gomarkdown files unless noted; the gomarkdown version of the
 * time was pinned down with the enhancements corpus, see the notes at each function):
 * - mdtoc pkg/mdtoc/mdtoc.go: first case-insensitive `<!-- toc -->` / `<!-- /toc -->` anywhere
 *   (findTOCTags), the three errors (WriteTOC), headings collected from the end marker on
 *   (SkipPrefix), base level = min level of all headings (headingBase), depth filter, anchor =
 *   lower(Text+Code literals) minus `[^\w\- ]`, spaces to `-`, repeats `-1`, `-2` (anchorGen),
 *   label = TrimSpace(HTML of the heading's children) (headingBody), comparison of the
 *   TrimSpace'd region, and the `--inplace` rewrite (start marker + "\n" + toc + end marker).
 * - parser/block.go: block() dispatch order; the parser hook (mmark TitleHook: a block starting
 *   with `---` or `%%%` swallows everything up to the next `---`/`%%%`; ReferenceHook);
 *   isPrefixHeading (SpaceHeadings: a run of at most 6 `#` then a space); prefixHeading
 *   (HeadingIDs: `{#id}` cut with the rest of the line, which starts the next block; trailing
 *   `#`s, then spaces); `.# Special` headings (always on: the `extensions|Mmark` bug); html(),
 *   htmlComment(), htmlHr() (a block tag closed by `</tag>` + blank rest of line + blank line;
 *   a comment whose `-->` is followed only by blanks and a newline); isEmpty (`\r` is not blank);
 *   code(); fencedCodeBlock()/isFenceLine() (an opener's info string is one word, so
 *   "```go title" and "```\r" open nothing; the closer must repeat the opener exactly);
 *   isHRule; quote() (lazy lines, fences absorbed from any column); table() (rows continue
 *   while lines contain `|`); list()/listItem() (item gathering, nested lists, definition
 *   lists, the sticky "contains block" flag, listTypeChanged, and "an unindented fence line
 *   ends the list"); paragraph() (setext headings, reference definitions, the lines that
 *   interrupt it); blockMath(). Asides (`A>`) need the Mmark extension and are off.
 * - parser/parser.go: isReference()/scanLinkRef() (reference definitions, the last one wins),
 *   the nesting limit of 16 shared by block and inline parsing.
 * - parser/inline.go: Inline() and its callbacks: emphasis (NoIntraEmphasis), code spans, links
 *   (inline, reference, shortcut; images), `<` tags and autolinks (with tagLength's unchecked
 *   IndexByte of the time, which drops `<b` when no `>` follows), escapes, entities (`&amp;`
 *   → `&`, numeric → rune, others literal), bare-URL autolinks (isSafeLink, trailing
 *   punctuation and bracket balance), inline math `$...$`.
 * - html/renderer.go + html/esc.go: RenderNode for Text (escLink under a link, EscapeHTML
 *   elsewhere), Code, Link, Image, Emph, Strong, Del, HTMLSpan, Math; EscapeHTML escapes `&<>"`
 *   only (no smart quotes); escLink = html.UnescapeString + EscapeHTML.
 *
 * Known approximations: positions are UTF-16 code units where Go counts bytes (this only
 * matters for a few `len(data) < k` guards on non-ASCII text); inputs on which upstream panics
 * or loops forever are handled gracefully instead.
 *
 * Linear time: every search that upstream repeats from many start points (fence closers, HTML
 * block closers, comment ends, bracket matching, code span closers, link destinations, the `<`
 * before a bare URL and its bracket balance) is answered from a per-buffer or per-heading index;
 * the remaining scans advance the position they start from. List and quote contents are copied
 * into working buffers as upstream does, at most once per nesting level (limit 16).
 *
 * Bounded recursion: block parsing (quotes and list items) and inline parsing (emphasis, links)
 * recurse only through BlockParser.block and InlineParser.inline, which stop at upstream's
 * nesting limit of 16; the renderer walks the inline tree those build, no deeper.
 *
 * Modules: toc.ts (mdtoc itself), block.ts and blockLines.ts (parser/block.go, list.go),
 * buffer.ts (the working buffers), inline.ts and links.ts (parser/inline.go), render.ts
 * (html/renderer.go, esc.go), goStd.ts (the Go standard library parts), bytes.ts (byte helpers).
 *
 * Upstream names kept here: GenerateTOC (generateToc), findTOCTags (the marker search in
 * checkToc), anchorGen.mkAnchor (mkAnchor), asText, headingBody (the label), WriteTOC's errors
 * (TocProblem).
 */
import { BlockParser } from './block.js';
import { Buf } from './buffer.js';
import { isAlnum, SP } from './bytes.js';
import { goTrimSpace } from './goStd.js';
import { InlineParser } from './inline.js';
import { asText, renderNodes } from './render.js';

export interface TocHeading {
  level: number;
  label: string;
  anchor: string;
  line: number /* 0-based line of the heading */;
}
export interface TocMarker {
  start: number;
  end: number;
} // string offsets [start, end) of the marker text in the file
export type TocProblem = 'missing-start' | 'missing-end' | 'end-before-start';
export interface TocResult {
  startMarker?: TocMarker;
  endMarker?: TocMarker;
  problem?: TocProblem;
  /** the TOC mdtoc generates (lines joined by '\n', no trailing newline; '' when there are no headings) */
  expected: string;
  /** true when the text between the markers, trimmed, equals `expected` trimmed (byte-exact otherwise) */
  upToDate: boolean;
  /** the headings that produced `expected`, in order (for navigation from a TOC entry to its heading) */
  headings: TocHeading[];
}

const TOC_START = '<!-- toc -->';
const TOC_END = '<!-- /toc -->';

/** The start/end marker texts mdtoc looks for (case-insensitively). */
const START_RE = /<!-- toc -->/i;
const END_RE = /<!-- \/toc -->/i;

export function checkToc(text: string, maxDepth = 5): TocResult {
  const sm = START_RE.exec(text);
  const em = END_RE.exec(text);
  const startMarker = sm ? { start: sm.index, end: sm.index + sm[0].length } : undefined;
  const endMarker = em ? { start: em.index, end: em.index + em[0].length } : undefined;
  let problem: TocProblem | undefined;
  if (!startMarker) problem = 'missing-start';
  else if (!endMarker) problem = 'missing-end';
  else if (endMarker.start < startMarker.start) problem = 'end-before-start';

  // SkipPrefix: only when both tags are present (mdtoc GetTOC/WriteTOC).
  const docStart = startMarker && endMarker ? endMarker.start : 0;
  const { lines, headings } = generateToc(text, docStart, maxDepth);
  const expected = lines.join('\n');
  let upToDate = false;
  if (!problem && startMarker && endMarker) {
    const old = text.slice(startMarker.end, endMarker.start);
    upToDate = goTrimSpace(old) === goTrimSpace(expected);
  }
  const result: TocResult = { expected, upToDate, headings };
  if (startMarker) result.startMarker = startMarker;
  if (endMarker) result.endMarker = endMarker;
  if (problem) result.problem = problem;
  return result;
}

/**
 * The replacement text for the whole region from the start of the start marker to the end of
 * the end marker, exactly as `mdtoc --inplace` (hack/update-toc.sh) writes it. mdtoc keeps the
 * marker texts as they are in the file; pass them in `markers` when they are not lower-case.
 */
export function tocRegionText(expected: string, markers?: { start?: string; end?: string }): string {
  const toc = expected === '' ? '' : expected + '\n';
  return (markers?.start ?? TOC_START) + '\n' + toc + (markers?.end ?? TOC_END);
}


function generateToc(text: string, docStart: number, maxDepth: number): { lines: string[]; headings: TocHeading[] } {
  // Go parses raw[end:]; every scanner here works on a view (s, p, n) and never looks before p
  const doc = new Buf(text, [0], [0]);
  const p = new BlockParser(text);
  p.block(doc, docStart, text.length);
  const raws = p.headings;
  let base = Number.MAX_SAFE_INTEGER;
  for (const h of raws) if (h.level < base) base = h.level;
  const counts = new Map<string, number>();
  const lines: string[] = [];
  const headings: TocHeading[] = [];
  const inline = new InlineParser(p.refs);
  for (const h of raws) {
    if (maxDepth > 0 && h.level > maxDepth) continue;
    const nodes = inline.parse(h.content);
    const anchor = mkAnchor(counts, asText(nodes));
    const label = goTrimSpace(renderNodes(nodes));
    lines.push('  '.repeat(h.level - base) + '- [' + label + '](#' + anchor + ')');
    headings.push({ level: h.level, label, anchor, line: h.line });
  }
  return { lines, headings };
}

/** mdtoc anchorGen.mkAnchor: ToLower, drop `[^\w\- ]` (ASCII \w), spaces to dashes, dedupe. */
function mkAnchor(counts: Map<string, number>, raw: string): string {
  const lower = raw.toLowerCase();
  let out = '';
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    if (isAlnum(c) || c === 0x5f /* _ */ || c === 0x2d /* - */) out += lower[i];
    else if (c === SP) out += '-';
  }
  const idx = counts.get(out) ?? 0;
  counts.set(out, idx + 1);
  return idx > 0 ? `${out}-${idx}` : out;
}

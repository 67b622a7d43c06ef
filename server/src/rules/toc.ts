import type { Fix } from '../core/problem.js';
import { checkToc, tocRegionText } from '../parse/mdtoc/toc.js';
import * as path from 'node:path';
import type { MarkdownDoc } from '../parse/markdownDoc.js';
import type { RepositoryView } from '../workspace/repositoryView.js';
import type { RuleModule } from './api.js';

/** verify-toc.sh: `mdtoc --inplace --max-depth=5 --dryrun` on every .md under keps/. */
export const tocRules: RuleModule = {
  rules: [
    { id: 'md/toc-markers', severity: 'error', summary: 'A markdown file under keps/ lacks the <!-- toc --> / <!-- /toc --> markers.' },
    { id: 'md/toc-out-of-date', severity: 'error', summary: 'The table of contents differs from what mdtoc generates.' },
  ],

  checkMarkdown({ doc, repo, report }) {
    if (repo.layout.tocExempt.has(doc.path) || isSymlinkStub(doc.path, doc.text, repo)) return;
    const toc = doc.toc;
    if (toc.problem) {
      const marker = toc.problem === 'missing-end' ? toc.startMarker : toc.problem === 'end-before-start' ? toc.endMarker : undefined;
      const line = marker ? doc.index.position(marker.start).line : titleLine(doc);
      const messages = {
        'missing-start': 'The file has no <!-- toc --> marker; verify-toc.sh fails ("missing opening TOC tag"). Every .md under keps/ needs a table of contents unless hack/.notableofcontents lists it.',
        'missing-end': 'The file has <!-- toc --> but no <!-- /toc -->; verify-toc.sh fails ("missing closing TOC tag").',
        'end-before-start': 'The <!-- /toc --> marker comes before <!-- toc -->; verify-toc.sh fails ("TOC closing tag before start tag").',
      } as const;
      const fixes: Fix[] = [];
      if (toc.problem === 'missing-start' && !toc.endMarker) {
        // Insert both markers after the title and fill them, as `make update-toc` would.
        const at = doc.index.lineStarts[line + 1] ?? doc.text.length;
        const withMarkers = `${doc.text.slice(0, at)}\n<!-- toc -->\n<!-- /toc -->\n${doc.text.slice(at)}`;
        const region = tocRegionText(checkToc(withMarkers).expected);
        const pos = doc.index.position(at);
        fixes.push({ title: 'Insert a table of contents', edits: [{ kind: 'edit', path: doc.path, range: { start: pos, end: pos }, newText: `\n${region}\n` }], preferred: true, safe: true });
      }
      report('md/toc-markers', { path: doc.path, range: doc.index.lineRange(line), message: messages[toc.problem], ...(fixes.length ? { fixes } : {}) });
      return;
    }
    if (toc.upToDate || !toc.startMarker || !toc.endMarker) return;
    const range = doc.range(toc.startMarker.start, toc.endMarker.end);
    // The squiggle goes on the first line that differs, not on the whole list.
    const expected = toc.expected.split('\n');
    const firstLine = doc.index.position(toc.startMarker.end).line + 1;
    const lastLine = doc.index.position(toc.endMarker.start).line;
    let line = firstLine;
    while (line < lastLine && doc.index.lineText(line) === expected[line - firstLine]) line++;
    // Keep the markers as written (update-toc.sh does not change their case).
    const markers = { start: doc.text.slice(toc.startMarker.start, toc.startMarker.end), end: doc.text.slice(toc.endMarker.start, toc.endMarker.end) };
    const crlf = doc.text.slice(toc.startMarker.end, toc.endMarker.start).includes('\r');
    report('md/toc-out-of-date', {
      path: doc.path,
      range: doc.index.lineRange(Math.min(line, lastLine)),
      message: `The table of contents is not what mdtoc generates (verify-toc.sh: "Table of content not up to date").${crlf ? ' The file has CRLF line endings, which mdtoc compares byte for byte.' : ''} Regenerate it.`,
      fixes: [{ title: 'Regenerate the table of contents', edits: [{ kind: 'edit', path: doc.path, range, newText: tocRegionText(toc.expected, markers) }], preferred: true, safe: true }],
    });
  },
};

/** The line of the first H1 (where a TOC usually follows), else 0. */
function titleLine(doc: MarkdownDoc): number {
  const h1 = doc.sections.find((s) => s.level === 1);
  return h1 ? doc.index.position(h1.heading.start).line : 0;
}

/**
 * A symbolic link checked out as a plain file holding its target (git with core.symlinks=false,
 * or an export). Upstream follows the link, so the target's own check covers it.
 */
function isSymlinkStub(file: string, text: string, repo: RepositoryView): boolean {
  if (text.length > 512 || !/^[^\s<>#]+\.md$/.test(text.trim())) return false;
  return repo.source(path.resolve(path.dirname(file), text.trim()), 'markdown').exists;
}

// hack/verify-toc.sh over the real kubernetes/enhancements tree: every KEP markdown file that is
// not listed in hack/.notableofcontents passes `mdtoc --inplace --max-depth=5 --dryrun` upstream,
// so checkToc must find both markers and report it up to date, byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { goTrimSpace } from '../../server/src/parse/mdtoc/goStd.js';
import { checkToc, tocRegionText } from '../../server/src/parse/mdtoc/toc.js';
import { enhancementsDir as ENHANCEMENTS } from '../support/paths.js';

const KEPS = path.join(ENHANCEMENTS, 'keps');

interface KepFile {
  rel: string; // relative to the enhancements root, as in hack/.notableofcontents
  text: string;
  via?: string; // set when the file is a git symlink stored as a text file
}

/** `find keps -name '*.md'`, reading in place; git symlinks checked out as plain files are followed. */
function kepMarkdownFiles(): KepFile[] {
  const out: KepFile[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.md') && (e.isFile() || e.isSymbolicLink())) {
        let text = fs.readFileSync(full, 'utf8');
        let via: string | undefined;
        const target = text.trim();
        if (!target.includes('\n') && target.endsWith('.md') && target.length < 512) {
          const resolved = path.resolve(path.dirname(full), target);
          if (fs.existsSync(resolved) && fs.statSync(resolved).isFile()) {
            text = fs.readFileSync(resolved, 'utf8');
            via = target;
          }
        }
        const f: KepFile = { rel: path.relative(ENHANCEMENTS, full).split(path.sep).join('/'), text };
        if (via) f.via = via;
        out.push(f);
      }
    }
  };
  walk(KEPS);
  return out.sort((a, b) => (a.rel < b.rel ? -1 : 1));
}

function firstDifferingLine(actual: string, expected: string): string {
  const a = actual.split('\n');
  const b = expected.split('\n');
  let k = 0;
  while (k < Math.max(a.length, b.length) && a[k] === b[k]) k++;
  return `line ${k + 1}: file has ${JSON.stringify(a[k] ?? '<end>')}, mdtoc generates ${JSON.stringify(b[k] ?? '<end>')}`;
}

test('corpus: every KEP markdown file (minus .notableofcontents) has an up-to-date TOC', (t) => {
  const skip = new Set(
    fs
      .readFileSync(path.join(ENHANCEMENTS, 'hack/.notableofcontents'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#')),
  );
  const files = kepMarkdownFiles().filter((f) => !skip.has(f.rel));
  assert.ok(files.length > 300, `expected the KEP corpus, found ${files.length} files`);

  const failures: string[] = [];
  let reformatted = 0;
  const t0 = performance.now();
  for (const f of files) {
    const r = checkToc(f.text);
    const label = f.via ? `${f.rel} (-> ${f.via})` : f.rel;
    if (r.problem || !r.startMarker || !r.endMarker) {
      failures.push(`${label}: ${r.problem ?? 'markers not found'}`);
      continue;
    }
    const region = f.text.slice(r.startMarker.end, r.endMarker.start);
    if (!r.upToDate) {
      failures.push(`${label}: TOC differs, ${firstDifferingLine(goTrimSpace(region), goTrimSpace(r.expected))}`);
      continue;
    }
    // hack/update-toc.sh: start marker + "\n" + toc + end marker, keeping the marker texts
    const markers = {
      start: f.text.slice(r.startMarker.start, r.startMarker.end),
      end: f.text.slice(r.endMarker.start, r.endMarker.end),
    };
    const regenerated = f.text.slice(0, r.startMarker.start) + tocRegionText(r.expected, markers) + f.text.slice(r.endMarker.end);
    if (regenerated !== f.text) {
      // Only whitespace at the edges of the region may differ (mdtoc's comparison trims it);
      // update-toc.sh would rewrite such a file, and the rewrite must itself be up to date and stable.
      const again = checkToc(regenerated);
      const stable =
        again.upToDate &&
        regenerated.slice(0, again.startMarker!.start) + tocRegionText(again.expected, markers) + regenerated.slice(again.endMarker!.end) ===
          regenerated;
      const newRegion = regenerated.slice(again.startMarker!.start + markers.start.length, again.endMarker!.start);
      if (!stable || goTrimSpace(newRegion) !== goTrimSpace(region)) {
        failures.push(`${label}: regenerated region differs, ${firstDifferingLine(f.text, regenerated)}`);
      } else {
        reformatted++;
        t.diagnostic(`${label}: region not in update-toc.sh form (edge whitespace only): ${firstDifferingLine(f.text, regenerated)}`);
      }
    }
  }
  const ms = performance.now() - t0;
  t.diagnostic(`${files.length} files checked in ${ms.toFixed(0)} ms; ${failures.length} mismatches; ${reformatted} would only be re-spaced by update-toc.sh`);
  assert.equal(failures.length, 0, `${failures.length} of ${files.length} files disagree with mdtoc:\n` + failures.slice(0, 50).join('\n'));
});

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { MarkdownStructure, parseMarkdownWhole } from '../../server/src/parse/markdown.js';
import { enhancementsDir } from '../support/paths.js';

function markdownFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? markdownFiles(full) : e.name.endsWith('.md') ? [full] : [];
  });
}

// The lazy model splits documents into sections and reads most headings without the parser;
// on every real markdown file it must give exactly what one remark parse of the whole file gives.
test('section-by-section parsing equals whole-document parsing on every corpus markdown file', () => {
  const files = markdownFiles(path.join(enhancementsDir, 'keps'));
  assert.ok(files.length > 300, `only ${files.length} files`);
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const whole = parseMarkdownWhole(text);
    const rel = path.relative(enhancementsDir, file);
    // Headings first, on a fresh structure: the cheap path (leading ATX lines) must agree.
    assert.deepEqual(new MarkdownStructure(text).headings(), whole.headings, `headings of ${rel}`);
    assert.deepEqual(new MarkdownStructure(text).full(), whole, `model of ${rel}`);
  }
});

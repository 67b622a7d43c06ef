import * as path from 'node:path';
import type { Fix } from '../core/problem.js';
import { newKepYaml } from '../kep/scaffold.js';
import type { RuleModule } from './api.js';

/** kepval's metadata test: discovery, strict decoding and required fields of every kep.yaml. */
export const metadataRules: RuleModule = {
  rules: [
    { id: 'kep/metadata-missing', severity: 'error', summary: 'A README.md in a KEP folder has no kep.yaml beside it.' },
    { id: 'kep/yaml-syntax', severity: 'error', summary: 'A KEP metadata file is not valid YAML.' },
    { id: 'kep/duplicate-key', severity: 'error', summary: 'A key appears twice in the same mapping.' },
    { id: 'kep/unknown-key', severity: 'error', summary: 'A key is not part of the metadata schema (kepval decodes strictly).' },
    { id: 'kep/type-mismatch', severity: 'error', summary: 'A value has the wrong type (a list where a string is expected, …).' },
    { id: 'kep/required-field', severity: 'error', summary: 'A required field is missing or empty.' },
    { id: 'kep/separator-line', severity: 'warning', summary: 'A line containing `---` makes kepval ignore other lines of kep.yaml.' },
  ],

  checkMarkdown({ doc, report, readmeWithoutKep }) {
    if (!readmeWithoutKep) return;
    const dir = path.dirname(doc.path);
    const title = doc.sections.find((s) => s.level === 1)?.title;
    const fix: Fix = {
      title: 'Create kep.yaml for this KEP',
      edits: [{ kind: 'create', path: path.join(dir, 'kep.yaml'), content: newKepYaml({ dir, ...(title ? { title } : {}) }) }],
      preferred: true,
    };
    report('kep/metadata-missing', {
      path: doc.path,
      range: doc.index.lineRange(doc.sections[0]?.heading ? doc.index.position(doc.sections[0].heading.start).line : 0),
      message: `This KEP folder has a README.md but no kep.yaml; kepval fails with "metadata file missing for KEP: ${path.join(dir, 'kep.yaml')}".`,
      fixes: [fix],
    });
  },

  checkKep({ kep, report }) {
    if (!kep.location.kepvalChecked || !kep.yaml) return;
    const { view, separatorLines, ignoredContentLines } = kep.yaml;
    const idx = view.model.index;
    if (separatorLines.length && (ignoredContentLines.length || separatorLines.some((l) => idx.lineText(l).trim() !== '---'))) {
      const first = separatorLines[0]!;
      const dropped = ignoredContentLines.length ? ` Lines ${ignoredContentLines.map((l) => l + 1).join(', ')} are ignored.` : '';
      for (const line of separatorLines) {
        report('kep/separator-line', {
          path: kep.path,
          range: idx.lineRange(line),
          message: `kepval treats every line containing "---" as a document separator and drops it; it reads only the lines between the first and second such line${line === first ? '' : ` (the first is line ${first + 1})`}.${dropped}`,
          fixes: [{ title: 'Delete this line', edits: [{ kind: 'edit', path: kep.path, range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, newText: '' }] }],
        });
      }
    }
    for (const f of kep.decodeProblems) {
      const fixes: Fix[] = [];
      if (f.suggestion) fixes.push({ title: `Rename to "${f.suggestion}"`, edits: [{ kind: 'edit', path: kep.path, range: f.range, newText: f.suggestion }], preferred: true });
      report(f.ruleId, { path: kep.path, range: f.range, message: f.message, ...(fixes.length ? { fixes } : {}) });
    }
  },
};

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { RULES } from '../../server/src/engine.js';
import { repoRoot } from '../support/paths.js';

/** Every diagnostic links to docs/rules/<id>.md (the id contains a slash). */
const docsDir = path.join(repoRoot, 'docs/rules');

function pagePath(id: string): string {
  return path.join(docsDir, ...id.split('/')) + '.md';
}

/** Rule ids of the pages under docs/rules, from their paths. */
function pageIds(): string[] {
  const ids: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.md')) ids.push(path.relative(docsDir, full).split(path.sep).join('/').replace(/\.md$/, ''));
    }
  };
  walk(docsDir);
  return ids.sort();
}

test('every rule has a page titled with its id that states its default severity and summary', () => {
  const problems: string[] = [];
  for (const rule of RULES.values()) {
    const file = pagePath(rule.id);
    if (!fs.existsSync(file)) {
      problems.push(`${rule.id}: no page at ${path.relative(repoRoot, file)}`);
      continue;
    }
    const text = fs.readFileSync(file, 'utf8');
    const title = text.split('\n', 1)[0];
    if (title !== `# ${rule.id}`) problems.push(`${rule.id}: the first line is "${title}", not "# ${rule.id}"`);
    const severity = /^Default severity: \*\*(\w+)\*\*/m.exec(text)?.[1];
    if (severity !== rule.severity) {
      problems.push(`${rule.id}: the page states default severity ${severity ?? '(none)'}, the rule has ${rule.severity}`);
    }
    const summary = /^> (.*)$/m.exec(text)?.[1];
    if (summary !== rule.summary) problems.push(`${rule.id}: the page's summary is "${summary ?? '(none)'}", the rule's is "${rule.summary}"`);
  }
  assert.deepEqual(problems, []);
});

test('every page under docs/rules belongs to a rule', () => {
  const orphans = pageIds().filter((id) => !RULES.has(id));
  assert.deepEqual(orphans, [], `pages without a rule: ${orphans.join(', ')}`);
});

test('every page has the sections a rule page needs', () => {
  const required = ['## What it checks', '## Why this severity', '## Example', '## Quick fix', '## Configuration'];
  const problems: string[] = [];
  for (const id of pageIds().filter((i) => RULES.has(i))) {
    const text = fs.readFileSync(pagePath(id), 'utf8');
    for (const heading of required) if (!text.includes(`\n${heading}\n`)) problems.push(`${id}: no "${heading}"`);
    if (!text.includes(`\n  ${id}: `)) problems.push(`${id}: the Configuration section has no \`rules:\` example for the rule`);
  }
  assert.deepEqual(problems, []);
});

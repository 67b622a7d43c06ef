/**
 * Regenerates the snippets of the built-in proposal kinds from their definitions:
 * snippets/proposals.code-snippets (markdown) and snippets/restructuredtext.code-snippets.
 * Usage: npm run gen:snippets
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtInKinds } from '../server/src/kinds/registry.js';
import { kindSnippets } from '../server/src/kinds/scaffold.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
for (const [file, format] of [
  ['snippets/proposals.code-snippets', 'markdown'],
  ['snippets/restructuredtext.code-snippets', 'restructuredtext'],
] as const) {
  const snippets = kindSnippets(builtInKinds(), format);
  fs.writeFileSync(path.join(repo, file), `${JSON.stringify(snippets, null, 2)}\n`);
  console.log(`wrote ${file}: ${Object.keys(snippets).length} snippets`);
}

/**
 * Regenerates the data KEP Studio embeds, from ../shared/corpus (or the paths given):
 * - server/src/registry/sigs.json: groups of kubernetes/community's sigs.yaml (dirs, names,
 *   leads, subprojects) and the retired groups (folder names under its archive/);
 * - server/src/kep/kepTemplate.json: kubernetes/enhancements' KEP template (kep.yaml, README.md);
 * - server/src/kinds/templates.json: the upstream templates proposal kinds name in `template`
 *   (`<owner>/<repo>:<path>`), read from the corpus checkout of that repository.
 * Usage: npm run gen:embedded [-- <sigs.yaml> <archived-groups.txt> <enhancements checkout>]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSigsYaml } from '../server/src/registry/sigRegistry.js';
import { BUILT_IN } from '../server/src/kinds/registry.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = path.resolve(repo, '../shared/corpus');
const sigsPath = process.argv[2] ?? path.join(corpus, 'community/sigs.yaml');
const archivedPath = process.argv[3] ?? path.join(corpus, 'community/archived-groups.txt');
const enhancements = process.argv[4] ?? path.join(corpus, 'enhancements');

const retired = fs
  .readFileSync(archivedPath, 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter(Boolean);
const sigs = readSigsYaml(fs.readFileSync(sigsPath, 'utf8'), 'kubernetes/community sigs.yaml (embedded snapshot)', retired);
write('server/src/registry/sigs.json', sigs, `${sigs.groups.length} groups, ${sigs.retired.length} retired`);

const templateDir = path.join(enhancements, 'keps/NNNN-kep-template');
const template = {
  source: 'kubernetes/enhancements keps/NNNN-kep-template (embedded snapshot)',
  kepYaml: fs.readFileSync(path.join(templateDir, 'kep.yaml'), 'utf8'),
  readme: fs.readFileSync(path.join(templateDir, 'README.md'), 'utf8'),
};
write('server/src/kep/kepTemplate.json', template, `${template.readme.length} characters of README`);

/** Corpus folders holding checkouts of the repositories kind templates come from. */
const CHECKOUTS: Record<string, string> = { 'cncf/toc': path.join(corpus, 'cncf-toc') };
const kindTemplates: Record<string, string> = {};
for (const def of BUILT_IN) {
  if (def.template === undefined) continue;
  const [repoName, file] = def.template.split(':') as [string, string];
  const checkout = CHECKOUTS[repoName];
  if (!checkout) throw new Error(`kind ${def.id}: no checkout of ${repoName} to read ${file} from`);
  kindTemplates[def.template] = fs.readFileSync(path.join(checkout, file), 'utf8');
}
write('server/src/kinds/templates.json', kindTemplates, `${Object.keys(kindTemplates).length} kind templates`);

function write(rel: string, data: unknown, what: string): void {
  fs.writeFileSync(path.join(repo, rel), JSON.stringify(data, null, 1) + '\n');
  console.log(`wrote ${rel}: ${what}`);
}

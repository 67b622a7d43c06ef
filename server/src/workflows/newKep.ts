import * as path from 'node:path';
import type { FileEdit } from '../core/problem.js';
import { newKepYaml } from '../kep/scaffold.js';
import { checkToc, tocRegionText } from '../parse/mdtoc/toc.js';
import type { Repository } from '../workspace/repository.js';

export interface NewKepFields {
  title: string;
  owningSig: string;
  authors: string[];
  /** The tracking issue's number, if it exists already; else NNNN until it is filed. */
  number?: string;
}

export interface NewKep {
  dir: string;
  kepYaml: string;
  readme: string;
  edits: FileEdit[];
}

/** `keps/<sig>/<NNNN>-<slug>/`: kep.yaml and a README from the repository's template. */
export function newKep(repo: Repository, f: NewKepFields): NewKep {
  const title = f.title.trim();
  if (!title) throw new Error('A KEP needs a title.');
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(f.owningSig)) throw new Error(`"${f.owningSig}" is not a SIG folder name.`);
  const number = f.number?.trim() || 'NNNN';
  if (number !== 'NNNN' && !/^[1-9]\d*$/.test(number)) throw new Error(`"${number}" is not an issue number.`);
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  if (!slug) throw new Error('The title needs some letters or digits (a-z, 0-9): the folder is named after it.');
  const dir = path.join(repo.kepsDir, f.owningSig, `${number}-${slug}`);
  if (repo.view(new Set()).source(path.join(dir, 'kep.yaml'), 'yaml').exists || repo.layout.keps.some((k) => k.dir === dir)) {
    throw new Error(`${path.relative(repo.root, dir)} already exists.`);
  }
  const kepYaml = path.join(dir, 'kep.yaml');
  const readme = path.join(dir, 'README.md');
  const yaml = newKepYaml({ dir, title, number, owningSig: f.owningSig, authors: f.authors });
  return { dir, kepYaml, readme, edits: [
    { kind: 'create', path: kepYaml, content: yaml },
    { kind: 'create', path: readme, content: readmeFromTemplate(repo.template().doc.text, number, title) },
  ] };
}

/** The template README with the KEP's title, its table of contents regenerated. */
function readmeFromTemplate(template: string, number: string, title: string): string {
  const text = template.replace(/^# KEP-NNNN: .*$/m, () => `# KEP-${number}: ${title}`);
  const toc = checkToc(text);
  if (!toc.startMarker || !toc.endMarker) return text;
  return text.slice(0, toc.startMarker.start) + tocRegionText(toc.expected) + text.slice(toc.endMarker.end);
}

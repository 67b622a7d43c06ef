import * as path from 'node:path';
import type { FileEdit } from '../core/problem.js';
import type { Kep } from '../kep/kep.js';
import { prrPath } from '../kep/prr.js';
import type { Repository } from '../workspace/repository.js';
import { YamlEditor } from './yamlEdits.js';

/**
 * Gives a KEP its tracking issue's number everywhere it appears: kep-number, the README title,
 * the PRR approval file (its kep-number and name) and the folder name. Text edits come first,
 * renames last, so every edit addresses a file that still has its old name.
 */
export function renumberKep(repo: Repository, kep: Kep, number: string): FileEdit[] {
  if (!/^[1-9]\d*$/.test(number)) throw new Error(`"${number}" is not an issue number.`);
  const view = kep.view;
  if (!view || !kep.decoded) throw new Error(`${path.relative(repo.root, kep.path)} is not valid YAML; fix it first.`);
  const exists = (p: string): boolean => repo.env.sources.fs.stat(p) !== undefined;
  const edits: FileEdit[] = new YamlEditor(view, kep.path).set('kep-number', JSON.stringify(number), ['title']).edits;
  const readme = kep.location.readmePath ? repo.view(new Set()).markdown(kep.location.readmePath) : undefined;
  const title = readme?.sections.find((s) => s.level === 1);
  if (readme && title) {
    const line = readme.text.slice(title.heading.start, title.heading.end);
    const m = /KEP-(?:NNNN|\d+)/.exec(line);
    if (m) {
      const at = title.heading.start + m.index;
      edits.push({ kind: 'edit', path: readme.path, range: readme.range(at, at + m[0].length), newText: `KEP-${number}` });
    }
  }
  const renames: FileEdit[] = [];
  const prr = prrPath(repo, kep);
  if (prr && repo.view(new Set()).source(prr, 'yaml').exists) {
    const prrView = repo.view(new Set()).yaml(prr);
    if (prrView?.root) edits.push(...new YamlEditor(prrView, prr).set('kep-number', number).edits);
    const renamed = path.join(path.dirname(prr), `${number}.yaml`);
    if (renamed !== prr && exists(renamed)) throw new Error(`${path.relative(repo.root, renamed)} already exists (another KEP's PRR approval?); nothing was changed.`);
    if (renamed !== prr) renames.push({ kind: 'rename', oldPath: prr, newPath: renamed });
  }
  const folder = path.basename(kep.dir);
  const newFolder = /^(?:\d+|NNNN)-/.test(folder) ? folder.replace(/^(?:\d+|NNNN)/, number) : `${number}-${folder}`;
  const target = path.join(path.dirname(kep.dir), newFolder);
  if (newFolder !== folder && exists(target)) throw new Error(`${path.relative(repo.root, target)} already exists; nothing was changed.`);
  if (newFolder !== folder) renames.push({ kind: 'rename', oldPath: kep.dir, newPath: target });
  return [...edits, ...renames];
}

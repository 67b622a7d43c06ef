import * as path from 'node:path';
import type { Engine } from '../engine.js';
import { Kep } from '../kep/kep.js';
import { STAGES } from '../kep/process.js';
import type { MetadataSchema } from '../metadata/schemaValidation.js';
import { escapePointer } from '../parse/yaml.js';
import { REFERENCE_KEYS } from '../kep/references.js';
import { KEP_FILE, PRR_DIR, README, type KepLocation } from '../workspace/layout.js';
import type { Repository } from '../workspace/repository.js';
import type { RepositoryView } from '../workspace/repositoryView.js';
import type { Source } from '../workspace/source.js';
import type { YamlPath } from './yamlCursor.js';

/** A file the editor features work on, with its repository and current text. */
export type FeatureFile =
  | (Common & { kind: 'kep' })
  | (Common & { kind: 'prr'; /** The SIG folder (`sig-node`). */ sig: string; /** The file name's number. */ number: string })
  | (Common & { kind: 'markdown' });

interface Common {
  path: string;
  repo: Repository;
  view: RepositoryView;
  source: Source;
  text: string;
}

/**
 * What kind of KEP file `file` is (kep.yaml, PRR approval file, markdown under keps/), read
 * with the editor's unsaved text; undefined for other files and for unreadable ones.
 */
export function featureFile(engine: Engine, file: string): FeatureFile | undefined {
  const repo = engine.repositoryFor(file);
  if (!isInside(repo.kepsDir, file)) return undefined;
  const base = path.basename(file);
  const prrTop = path.join(repo.kepsDir, PRR_DIR);
  let kind: 'kep' | 'prr' | 'markdown';
  if (base === KEP_FILE) kind = 'kep';
  else if (base.endsWith('.md')) kind = 'markdown';
  else if (base.endsWith('.yaml') && path.dirname(path.dirname(file)) === prrTop && path.basename(path.dirname(file)) !== 'template') kind = 'prr';
  else return undefined;
  const source = engine.sources.get(file, kind === 'markdown' ? 'markdown' : 'yaml');
  if (!source.exists || (source.issue && !source.issue.usable)) return undefined;
  const common: Common = { path: file, repo, view: repo.view(new Set()), source, text: source.text };
  if (kind === 'prr') return { ...common, kind, sig: path.basename(path.dirname(file)), number: path.basename(file, '.yaml') };
  return { ...common, kind };
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return !!rel && !rel.startsWith('..') && !path.isAbsolute(rel);
}

export function schemaOf(f: FeatureFile): MetadataSchema {
  return f.kind === 'prr' ? 'prr' : 'kep';
}

/** The KEP a kep.yaml being edited describes, read from its current text. */
export function currentKep(engine: Engine, f: FeatureFile): Kep {
  const dir = path.dirname(f.path);
  const known = f.repo.layout.keps.find((l) => l.dir === dir);
  const location: KepLocation = known ?? { dir, kepYamlPath: f.path, kepvalChecked: true };
  if (!known) {
    const readme = path.join(dir, README);
    if (f.view.source(readme, 'markdown').exists) location.readmePath = readme;
  }
  return new Kep(location, f.source, engine.models.kepYaml(f.source), f.repo.kepsDir);
}

/** The file to open for a KEP: its README.md, else its kep.yaml. */
export function kepEntryFile(kep: Kep): string {
  return kep.location.readmePath ?? kep.path;
}

/** JSON pointer of a cursor path (`["milestone", "alpha"]` → `/milestone/alpha`). */
export function pointerOf(p: YamlPath): string {
  return p.map((s) => `/${escapePointer(String(s))}`).join('');
}

/** The path with list indices as `*` (`authors/*`), to match the fields features know. */
export function fieldOf(p: YamlPath): string {
  return p.map((s) => (typeof s === 'number' ? '*' : s)).join('/');
}

/** Fields holding GitHub handles. */
export const PEOPLE_FIELDS = new Set(['authors/*', 'reviewers/*', 'approvers/*']);
/** Fields holding SIG names. */
export const SIG_FIELDS = new Set(['owning-sig', 'participating-sigs/*']);
/** Fields pointing at other KEPs. */
export const REFERENCE_FIELDS = new Set(REFERENCE_KEYS.map((k) => `${k}/*`));
/** Fields holding a release (`"v1.NN"`). */
export const MILESTONE_FIELDS = new Set(['latest-milestone', ...STAGES.map((s) => `milestone/${s}`)]);

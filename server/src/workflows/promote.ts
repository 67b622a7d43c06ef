import * as path from 'node:path';
import type { FileEdit } from '../core/problem.js';
import type { Kep } from '../kep/kep.js';
import { parseMilestone, PRR_FIRST_MINOR, type Stage } from '../kep/process.js';
import { newPrrFile } from '../kep/scaffold.js';
import { prrPath } from '../kep/prr.js';
import { graduationGaps } from '../kep/readme.js';
import type { Repository } from '../workspace/repository.js';
import { YamlEditor } from './yamlEdits.js';

export interface Promotion {
  edits: FileEdit[];
  /** One line per change, for the user. */
  changes: string[];
}

/**
 * Moves a KEP to a stage for a release: kep.yaml's stage, latest-milestone and
 * milestone.<stage>; the PRR approval file's entry for the stage (kepval requires it from
 * v1.21); and the README's graduation criteria for the stage if they are missing. (kepctl
 * promote, which should do this, fails on every KEP.)
 */
export function promoteKep(repo: Repository, kep: Kep, stage: Stage, release: string): Promotion {
  const view = kep.view;
  if (!view || !kep.decoded) throw new Error(`${path.relative(repo.root, kep.path)} is not valid YAML; fix it first.`);
  const version = parseMilestone(release);
  if ('error' in version || !/^v1\.\d+$/.test(release)) throw new Error(`"${release}" is not a release like v1.38.`);
  const quoted = JSON.stringify(release);
  const yaml = new YamlEditor(view, kep.path)
    .set('stage', stage, ['status'])
    .set('latest-milestone', quoted, ['stage'])
    .setNested('milestone', stage, quoted, ['latest-milestone']);
  const edits: FileEdit[] = [...yaml.edits];
  const changes = [`kep.yaml: stage ${stage}, latest-milestone ${release}, milestone.${stage} ${release}`];

  const file = prrPath(repo, kep);
  const needsPrr = version.major > 1 || version.minor >= PRR_FIRST_MINOR;
  if (file && needsPrr) {
    const rel = path.relative(repo.root, file);
    const prr = repo.view(new Set()).yaml(file);
    if (!repo.view(new Set()).source(file, 'yaml').exists) {
      edits.push({ kind: 'create', path: file, content: newPrrFile(kep.number!, stage) });
      changes.push(`${rel}: created, with an entry for ${stage} (fill in the approver)`);
    } else if (prr?.root && !prr.get(stage)) {
      edits.push(...new YamlEditor(prr, file).setNested(stage, 'approver', '""').edits);
      changes.push(`${rel}: added an entry for ${stage} (fill in the approver)`);
    }
  }

  const readme = kep.location.readmePath ? repo.view(new Set()).markdown(kep.location.readmePath) : undefined;
  if (readme) {
    for (const gap of graduationGaps(readme, repo.template(), [stage])) {
      if (gap.kind === 'empty') continue;
      edits.push(...gap.fix.edits);
      changes.push(`README.md: ${gap.fix.title.replace(/^Add/, 'added')}`);
    }
  }
  return { edits, changes };
}

// proposal/* rules on copies of real proposals with one change each.
import { corpusDir } from '../support/paths.js';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TempRepo } from '../support/tempRepo.js';
import type { RuleTable } from './harness.js';

const DUE_DILIGENCE = 'projects/kubescape/kubescape-incubation-proposal.md';
const RFC = 'text/2302-tuple-struct-self-ctor.md';

/** Writes a corpus document, rewritten, at its own path in the repository. */
function corpusDoc(repo: TempRepo, from: string, rel: string, edit: (text: string) => string): string {
  repo.write(rel, edit(fs.readFileSync(path.join(corpusDir, from), 'utf8')));
  return rel;
}
const dueDiligence = (repo: TempRepo, edit: (t: string) => string): string => corpusDoc(repo, `cncf-toc/${DUE_DILIGENCE}`, DUE_DILIGENCE, edit);
const rfc = (repo: TempRepo, edit: (t: string) => string): string => corpusDoc(repo, `rust-rfcs/${RFC}`, RFC, edit);

/** Moves the section `title` (an H2, with its text) to just before the H2 `before`. */
function moveSection(text: string, title: string, before: string): string {
  const start = text.indexOf(`\n## ${title}\n`);
  const end = text.indexOf('\n## ', start + 1);
  const section = text.slice(start, end === -1 ? text.length : end);
  const rest = text.slice(0, start) + text.slice(end === -1 ? text.length : end);
  const at = rest.indexOf(`\n## ${before}\n`);
  return rest.slice(0, at) + section + rest.slice(at);
}

export const proposalCases: RuleTable = {
  'proposal/heading-level': {
    fires: { setup: (repo) => dueDiligence(repo, (t) => t.replace('\n### Criteria Evaluation', '\n#### Criteria Evaluation')), fixed: '\n### Criteria Evaluation' },
    quiet: { setup: (repo) => dueDiligence(repo, (t) => t.replace('\n### Criteria Evaluation', '\n### Criteria evaluation')) },
  },
  'proposal/section-order': {
    fires: { setup: (repo) => rfc(repo, (t) => moveSection(t, 'Unresolved questions', 'Drawbacks')) },
    quiet: { setup: (repo) => rfc(repo, (t) => t) },
  },
};

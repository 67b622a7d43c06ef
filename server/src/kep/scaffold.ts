import * as path from 'node:path';

/** Text of new KEP files, following kubernetes/enhancements' template. */

export interface NewKepFields {
  /** The KEP folder; its name gives the number and its parent the owning SIG when not given. */
  dir: string;
  title?: string;
  number?: string;
  owningSig?: string;
  authors?: string[];
  creationDate?: string;
}

const quote = (s: string): string => JSON.stringify(s);
const handle = (s: string): string => quote(s.startsWith('@') ? s : `@${s}`);

export function newKepYaml(f: NewKepFields): string {
  const folder = path.basename(f.dir);
  const number = f.number ?? /^(\d+)-/.exec(folder)?.[1] ?? 'NNNN';
  const sig = f.owningSig ?? path.basename(path.dirname(f.dir));
  const title = f.title ?? folder.replace(/^\d+-/, '').replace(/-/g, ' ');
  const authors = f.authors?.length ? f.authors : ['TBD'];
  const date = f.creationDate ?? new Date().toISOString().slice(0, 10);
  return [
    `title: ${quote(title)}`,
    `kep-number: ${quote(number)}`,
    'authors:',
    ...authors.map((a) => `  - ${a === 'TBD' ? a : handle(a)}`),
    `owning-sig: ${sig}`,
    'participating-sigs: []',
    'status: provisional',
    `creation-date: ${quote(date)}`,
    'reviewers:',
    '  - TBD',
    'approvers:',
    '  - TBD',
    '',
    '# The target maturity stage in the current dev cycle for this KEP.',
    'stage: alpha',
    '',
    '# The most recent milestone for which work toward delivery of this KEP has been done.',
    'latest-milestone: "v1.NN"',
    '',
    '# The milestone at which this feature was, or is targeted to be, at each stage.',
    'milestone:',
    '  alpha: "v1.NN"',
    '',
    '# The following PRR answers are required at alpha release.',
    'feature-gates:',
    '  - name: MyFeature',
    '    components:',
    '      - kube-apiserver',
    'disable-supported: true',
    '',
    '# The following PRR answers are required at beta release.',
    'metrics: []',
    '',
  ].join('\n');
}

/** A PRR approval file with one stage entry. */
export function newPrrFile(kepNumber: string, stage: string, approver = ''): string {
  return [
    '# The KEP must have an approver from the "prod-readiness-approvers" group',
    '# of OWNERS_ALIASES.',
    `kep-number: ${kepNumber}`,
    `${stage}:`,
    `  approver: ${quote(approver ? (approver.startsWith('@') ? approver : `@${approver}`) : '')}`,
    '',
  ].join('\n');
}

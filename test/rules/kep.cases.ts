// kep/* and md/* rules on a copy of a real KEP with one change each.
import { editKep, KEP, type RuleTable } from './harness.js';

const APPROVERS = "approvers:\n  - '@sergeykanzhelev' # sig-node-assigned-approver\n  - '@mrunalp'\n";
const appendTo = (extra: string) => (text: string): string => `${text.trimEnd()}\n${extra}`;

export const kepCases: RuleTable = {
  'kep/dangling-reference': {
    fires: { setup: (repo) => editKep(repo, 'kep.yaml', appendTo('see-also:\n  - "/keps/sig-node/9999-nowhere"\n')) },
    quiet: { setup: (repo) => editKep(repo, 'kep.yaml', appendTo(`see-also:\n  - "/${KEP}"\n`)) },
  },
  'kep/duplicate-number': {
    fires: {
      setup: (repo) => {
        const rel = editKep(repo, 'kep.yaml', (t) => t.replace('title: Container Stop Signals', 'title: Container Stop Signals (again)'));
        repo.write('keps/sig-windows/4960-stop-signals-again/kep.yaml', repo.read(rel));
        return rel;
      },
    },
    quiet: {
      setup: (repo) => {
        const rel = editKep(repo, 'kep.yaml', (t) => t.replace('title: Container Stop Signals', 'title: Container Stop Signals (again)'));
        repo.write('keps/sig-windows/4961-stop-signals-again/kep.yaml', repo.read(rel).replace('kep-number: "4960"', 'kep-number: "4961"'));
        return rel;
      },
    },
  },
  'kep/milestone-format': {
    fires: { setup: (repo) => editKep(repo, 'kep.yaml', (t) => t.replace('alpha: "v1.33"', 'alpha: "1.33"')), fixed: 'alpha: "v1.33"' },
    quiet: { setup: (repo) => editKep(repo, 'kep.yaml', (t) => t.replace('alpha: "v1.33"', 'alpha: v1.33')) },
  },
  'kep/no-sig-lead-approver': {
    fires: { setup: (repo) => editKep(repo, 'kep.yaml', (t) => t.replace(APPROVERS, "approvers:\n  - '@someone-else'\n")) },
    quiet: { setup: (repo) => editKep(repo, 'kep.yaml', (t) => t.replace(APPROVERS, "approvers:\n  - '@mrunalp'\n")) },
  },
  'kep/replaced-without-successor': {
    fires: { setup: (repo) => editKep(repo, 'kep.yaml', (t) => t.replace('status: implementable', 'status: replaced')) },
    quiet: { setup: (repo) => editKep(repo, 'kep.yaml', (t) => appendTo(`superseded-by:\n  - "/${KEP}"\n`)(t.replace('status: implementable', 'status: replaced'))) },
  },
  'kep/reviewer-is-author': {
    fires: { setup: (repo) => editKep(repo, 'kep.yaml', (t) => t.replace("  - '@thockin'", "  - '@sreeram-venkitesh'")) },
    quiet: { setup: (repo) => editKep(repo, 'kep.yaml', (t) => t.replace("  - '@thockin'", "  - '@sreeram-venkitesh-2'")) },
  },
  'kep/separator-line': {
    fires: { setup: (repo) => editKep(repo, 'kep.yaml', (t) => t.replace('status: implementable', '---\nstatus: implementable')), fixed: '\nstatus: implementable' },
    quiet: { setup: (repo) => editKep(repo, 'kep.yaml', (t) => t.replace('status: implementable', '# -- not a separator\nstatus: implementable')) },
  },
  'kep/sig-folder': {
    fires: { setup: (repo) => editKep(repo, 'kep.yaml', (t) => t.replace('owning-sig: sig-node', 'owning-sig: sig-windows')) },
    quiet: { setup: (repo) => editKep(repo, 'kep.yaml', (t) => t.replace('owning-sig: sig-node', 'owning-sig: "sig-node"')) },
  },
  'md/test-plan': {
    fires: { setup: (repo) => editKep(repo, 'README.md', (t) => t.replace('\n### Test Plan\n', '\n### Testing notes\n')), fixed: '### Test Plan\n' },
    quiet: { setup: (repo) => editKep(repo, 'README.md', (t) => t.replace('\n### Test Plan\n', '\n### Test Plan (draft)\n')) },
  },
  'md/unresolved': {
    fires: { setup: (repo) => editKep(repo, 'README.md', appendTo('\n<<[UNRESOLVED which signal]>>\nSIGTERM or SIGQUIT?\n<<[/UNRESOLVED]>>\n')) },
    quiet: { setup: (repo) => editKep(repo, 'README.md', appendTo('\n<!--\n<<[UNRESOLVED which signal]>>\nSIGTERM or SIGQUIT?\n<<[/UNRESOLVED]>>\n-->\n')) },
  },
};

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver-types';
import { Engine } from '../../../server/src/engine.js';
import { hover } from '../../../server/src/features/hover.js';
import { caret } from '../../support/caret.js';
import { copyCorpusKep, makeTempRepo, type TempRepo } from '../../support/tempRepo.js';

const STOP_SIGNALS = 'keps/sig-node/4960-container-stop-signals';

let repo: TempRepo;
let version = 0;

before(() => {
  repo = makeTempRepo();
  copyCorpusKep(repo, 'sig-node/4960-container-stop-signals');
  copyCorpusKep(repo, 'sig-node/2403-pod-resources-allocatable-resources');
});
after(() => repo.dispose());

/** The hover at the caret of `marked`, layered as the editor's unsaved text of `rel`. */
function hoverAt(rel: string, marked: string): Hover | undefined {
  const { text, position } = caret(marked);
  const engine = new Engine();
  const file = repo.path(rel);
  engine.sources.openDocument(file, text, ++version);
  return hover(engine, file, position);
}

/** The corpus file with a caret inserted after the first `needle`'s `delta` characters. */
function marked(rel: string, needle: string, delta = 0): string {
  const text = repo.read(rel);
  const at = text.indexOf(needle);
  assert.ok(at !== -1, `"${needle}" is not in ${rel}`);
  return text.slice(0, at + delta) + '^' + text.slice(at + delta);
}

const value = (h: Hover | undefined): string => {
  assert.ok(h, 'a hover');
  return (h.contents as MarkupContent).value;
};

test('a kep.yaml key shows the schema’s description, over the key', () => {
  const h = hoverAt(`${STOP_SIGNALS}/kep.yaml`, marked(`${STOP_SIGNALS}/kep.yaml`, 'status:', 2));
  assert.match(value(h), /^\*\*status\*\* \(required\)/);
  assert.match(value(h), /Lifecycle state of the KEP/);
  assert.deepEqual(h!.range, { start: { line: 18, character: 0 }, end: { line: 18, character: 6 } });

  const nested = hoverAt(`${STOP_SIGNALS}/kep.yaml`, marked(`${STOP_SIGNALS}/kep.yaml`, 'components:', 3));
  assert.match(value(nested), /Components that must enable the gate/);
});

test('a key of a PRR approval file shows its description', () => {
  const h = hoverAt('keps/prod-readiness/sig-node/4960.yaml', 'kep-number: 4960\nbe^ta:\n  approver: "@deads2k"\n');
  assert.match(value(h), /PRR approval for the beta stage/);
});

test('a SIG name shows the group: name, leads, mission and charter; retired and unknown names say so', () => {
  const h = hoverAt(`${STOP_SIGNALS}/kep.yaml`, marked(`${STOP_SIGNALS}/kep.yaml`, 'owning-sig: sig-node', 15));
  const text = value(h);
  assert.match(text, /\*\*SIG Node\*\* \(`sig-node`\)/);
  assert.match(text, /Chairs: .*@SergeyKanzhelev/);
  assert.match(text, /Tech leads: .*@dchen1107/);
  assert.match(text, /responsible for the components/);
  assert.match(text, /\[charter\]\(https:\/\/github\.com\/kubernetes\/community\/blob\/master\/sig-node\/charter\.md\)/);

  const windows = hoverAt(`${STOP_SIGNALS}/kep.yaml`, marked(`${STOP_SIGNALS}/kep.yaml`, '- sig-windows', 4));
  assert.match(value(windows), /SIG Windows/);

  assert.match(value(hoverAt('keps/sig-node/9999-x/kep.yaml', 'owning-sig: sig-p^m\n')), /sig-pm\*\* is a retired group/);
  assert.match(value(hoverAt('keps/sig-node/9999-x/kep.yaml', 'owning-sig: sig-nod^\n')), /not a SIG.*did you mean `sig-node`/);
});

test('a reference shows the KEP it points at: title, number, status, stage, latest milestone, folder', () => {
  const h = hoverAt('keps/sig-node/9999-x/kep.yaml', 'title: x\nsee-also:\n  - "/keps/sig-node/4960-container-st^op-signals"\n');
  const text = value(h);
  assert.match(text, /\*\*KEP-4960: Container Stop Signals\*\*/);
  assert.match(text, /status `implementable` · stage `beta` · latest milestone `v1\.37`/);
  assert.match(text, /`keps\/sig-node\/4960-container-stop-signals`/);
  assert.deepEqual(h!.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 48 } }, 'the quoted scalar');

  assert.match(value(hoverAt('keps/sig-node/9999-x/kep.yaml', 'replaces:\n  - KEP-24^03\n')), /KEP-2403: Extend kubelet pod resource/);
  assert.match(value(hoverAt('keps/sig-node/9999-x/kep.yaml', 'see-also:\n  - "/keps/sig-node/1-gon^e"\n')), /does not exist in this repository/);
});

test('a KEP-1234 mention in markdown shows that KEP', () => {
  const h = hoverAt(`${STOP_SIGNALS}/README.md`, '# KEP-4960: Container Stop Signals\n\nThis builds on KEP-24^03.\n');
  assert.match(value(h), /KEP-2403: Extend kubelet pod resource assignment endpoint/);
  assert.deepEqual(h!.range, { start: { line: 2, character: 15 }, end: { line: 2, character: 23 } });
  assert.equal(hoverAt(`${STOP_SIGNALS}/README.md`, '# KEP-4960\n\nNo mention h^ere.\n'), undefined);
});

test('a handle shows the roles it holds: SIG leadership, PRR approver, OWNERS_ALIASES, the KEP’s OWNERS', () => {
  const mrunal = value(hoverAt(`${STOP_SIGNALS}/kep.yaml`, marked(`${STOP_SIGNALS}/kep.yaml`, "'@mrunalp'", 3)));
  assert.match(mrunal, /\*\*@mrunalp\*\*/);
  assert.match(mrunal, /Chair and tech lead of SIG Node/);
  assert.match(mrunal, /OWNERS_ALIASES: .*`sig-node-leads`/);

  const mike = value(hoverAt(`${STOP_SIGNALS}/kep.yaml`, marked(`${STOP_SIGNALS}/kep.yaml`, "'@mikebrow'", 3)));
  assert.match(mike, /Reviewer in this KEP’s OWNERS/);

  const deads = value(hoverAt('keps/prod-readiness/sig-node/4960.yaml', 'kep-number: 4960\nalpha:\n  approver: "@dead^s2k"\n'));
  assert.match(deads, /PRR approver \(`prod-readiness-approvers`\)/);

  const nobody = value(hoverAt('keps/sig-node/9999-x/kep.yaml', 'authors:\n  - "@some^one-new"\n'));
  assert.match(nobody, /No role known/);
});

test('kep-number shows the PRR approval file and its approvals per stage', () => {
  const text = value(hoverAt(`${STOP_SIGNALS}/kep.yaml`, marked(`${STOP_SIGNALS}/kep.yaml`, '"4960"', 2)));
  assert.match(text, /PRR approval file\*\* `keps\/prod-readiness\/sig-node\/4960\.yaml`/);
  assert.match(text, /- alpha: @deads2k/);
  assert.match(text, /- beta: @deads2k ← current stage/);

  const valid = 'title: X\nkep-number: "99^99"\nauthors: ["@a"]\nowning-sig: sig-node\napprovers: ["@b"]\nstatus: implementable\nstage: alpha\nlatest-milestone: "v1.37"\n';
  const missing = value(hoverAt('keps/sig-node/9999-x/kep.yaml', valid));
  assert.match(missing, /`keps\/prod-readiness\/sig-node\/9999\.yaml` does not exist\. This implementable KEP needs one for stage `alpha`/);

  const prr = value(hoverAt('keps/prod-readiness/sig-node/4960.yaml', 'kep-number: 49^60\nalpha:\n  approver: "@deads2k"\n'));
  assert.match(prr, /KEP-4960: Container Stop Signals/);
});

test('hover works on a line of a document that is still being typed', () => {
  const h = hoverAt('keps/sig-node/9999-x/kep.yaml', 'title: x\nauthors:\n  - "@\nowning-sig: sig-no^de\nstatus: [\n');
  assert.match(value(h), /SIG Node/);
});

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { CompletionItem, MarkupContent, Position, TextEdit } from 'vscode-languageserver-types';
import { Engine } from '../../../server/src/engine.js';
import { completions } from '../../../server/src/features/completion.js';
import { caret } from '../../support/caret.js';
import { copyCorpusKep, makeTempRepo, type TempRepo } from '../../support/tempRepo.js';

const STOP_SIGNALS = 'keps/sig-node/4960-container-stop-signals';
const ALLOCATABLE = 'keps/sig-node/2403-pod-resources-allocatable-resources';

let repo: TempRepo;
let version = 0;

before(() => {
  repo = makeTempRepo();
  copyCorpusKep(repo, 'sig-node/4960-container-stop-signals');
  copyCorpusKep(repo, 'sig-node/2403-pod-resources-allocatable-resources');
});
after(() => repo.dispose());

/** Completions at the caret of `marked`, layered as the editor's unsaved text of `rel`. */
function complete(rel: string, marked: string, engine = new Engine()): CompletionItem[] {
  const { text, position } = caret(marked);
  const file = repo.path(rel);
  engine.sources.openDocument(file, text, ++version);
  return completions(engine, file, position);
}

const sorted = (items: CompletionItem[]): CompletionItem[] => [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
const labels = (items: CompletionItem[]): string[] => sorted(items).map((i) => i.label);
const byLabel = (items: CompletionItem[], label: string): CompletionItem => {
  const found = items.find((i) => i.label === label);
  assert.ok(found, `no completion "${label}" among ${items.map((i) => i.label).join(', ')}`);
  return found;
};
const edit = (item: CompletionItem): TextEdit => item.textEdit as TextEdit;
const doc = (item: CompletionItem): string => (item.documentation as MarkupContent | undefined)?.value ?? '';
const pos = (line: number, character: number): Position => ({ line, character });

test('kep.yaml keys: missing ones, required first in schema order, with descriptions and YAML snippets', () => {
  const items = complete('keps/sig-node/9999-new-kep/kep.yaml', 'title: A new KEP\nst^\n');
  const order = labels(items);
  assert.deepEqual(order.slice(0, 5), ['kep-number', 'authors', 'owning-sig', 'approvers', 'status'], 'required keys first, in schema order');
  assert.ok(!order.includes('title'), 'a key already present is not offered');
  assert.ok(order.indexOf('stage') > order.indexOf('status'));
  assert.deepEqual(order.slice(-5), ['editor', 'id', 'prnumber', 'name', 'path'], 'keys nothing reads come last');
  assert.deepEqual(byLabel(items, 'prnumber').tags, [1], 'struck through');

  const authors = byLabel(items, 'authors');
  assert.equal(edit(authors).newText, 'authors:\n  - "@$1"');
  assert.deepEqual(edit(authors).range, { start: pos(1, 0), end: pos(1, 2) }, 'replaces what was typed');
  assert.equal(authors.insertTextFormat, 2, 'snippet');
  assert.match(doc(authors), /GitHub handles of the authors/);
  assert.equal(edit(byLabel(items, 'status')).newText, 'status: $1');
  assert.equal(edit(byLabel(items, 'milestone')).newText, 'milestone:\n  alpha: "v1.$1"');
  assert.equal(edit(byLabel(items, 'latest-milestone')).newText, 'latest-milestone: "v1.$1"');
  assert.equal(edit(byLabel(items, 'disable-supported')).newText, 'disable-supported: ${1|true,false|}');
  assert.match(doc(byLabel(items, 'status')), /provisional, implementable/);
});

test('editing the name of an existing key inserts the name only', () => {
  const items = complete('keps/sig-node/9999-new-kep/kep.yaml', 'title: A new KEP\nsta^ge: alpha\n');
  const status = byLabel(items, 'status');
  assert.equal(edit(status).newText, 'status');
  assert.equal(status.insertTextFormat, undefined);
  assert.deepEqual(edit(status).range, { start: pos(1, 0), end: pos(1, 5) });
});

test('keys under milestone and inside a feature-gates item, indented where they go', () => {
  const milestone = complete('keps/sig-node/9999-new-kep/kep.yaml', 'title: x\nmilestone:\n    alpha: "v1.33"\n    ^\nstage: beta\n');
  assert.deepEqual(labels(milestone), ['beta', 'stable', 'deprecated', 'disabled', 'removed']);
  assert.equal(edit(byLabel(milestone, 'beta')).newText, 'beta: "v1.$1"');

  const gate = complete('keps/sig-node/9999-new-kep/kep.yaml', 'feature-gates:\n  - name: MyGate\n    ^\ndisable-supported: true\n');
  assert.deepEqual(labels(gate), ['components']);
  const components = byLabel(gate, 'components');
  assert.equal(edit(components).newText, 'components:\n      - $1', 'continuation lines carry the key’s column');
  assert.equal(components.insertTextMode, 1, 'inserted as is');

  const newItem = complete('keps/sig-node/9999-new-kep/kep.yaml', 'feature-gates:\n  - name: MyGate\n    components: [kubelet]\n  - ^\n');
  assert.deepEqual(labels(newItem), ['name', 'components'], 'a new `- ` item of a list of mappings offers its keys');
});

test('status and stage values, each with its meaning', () => {
  const status = complete('keps/sig-node/9999-new-kep/kep.yaml', 'title: x\nstatus: ^\n');
  assert.deepEqual(labels(status), ['provisional', 'implementable', 'implemented', 'deferred', 'rejected', 'withdrawn', 'replaced']);
  assert.match(byLabel(status, 'implementable').detail!, /approved/i);
  assert.equal(edit(byLabel(status, 'provisional')).newText, 'provisional');

  const stage = complete('keps/sig-node/9999-new-kep/kep.yaml', 'title: x\nstage: b^\n');
  assert.deepEqual(labels(stage), ['alpha', 'beta', 'stable', 'deprecated', 'disabled', 'removed']);
  assert.deepEqual(edit(byLabel(stage, 'beta')).range, { start: pos(1, 7), end: pos(1, 8) });

  const glued = complete('keps/sig-node/9999-new-kep/kep.yaml', 'stage:^\n');
  assert.equal(edit(byLabel(glued, 'alpha')).newText, ' alpha', 'a space after the colon');
});

test('SIG values: every registry group with its name, mission and leads; kubernetes-wide for participating SIGs', () => {
  const owning = complete('keps/sig-node/9999-new-kep/kep.yaml', 'title: x\nowning-sig: sig-^\n');
  const node = byLabel(owning, 'sig-node');
  assert.equal(node.detail, 'SIG Node');
  assert.match(doc(node), /responsible for the components that support/);
  assert.match(doc(node), /Chairs: .*@SergeyKanzhelev/);
  assert.match(doc(node), /Tech leads: .*@dchen1107/);
  assert.ok(owning.some((i) => i.label.startsWith('wg-')), 'working groups too');
  assert.ok(!owning.some((i) => i.label === 'kubernetes-wide'));

  const participating = complete('keps/sig-node/9999-new-kep/kep.yaml', 'title: x\nparticipating-sigs:\n  - sig-node\n  - ^\n');
  assert.ok(participating.some((i) => i.label === 'kubernetes-wide'));
  assert.ok(participating.some((i) => i.label === 'sig-windows'));
  const flow = complete('keps/sig-node/9999-new-kep/kep.yaml', 'participating-sigs: [sig-node, sig-win^]\n');
  assert.deepEqual(edit(byLabel(flow, 'sig-windows')).range, { start: pos(0, 31), end: pos(0, 38) });
});

test('milestones: the release in progress (the highest latest-milestone) preselected, and a few around it', () => {
  const latest = complete('keps/sig-node/9999-new-kep/kep.yaml', 'title: x\nlatest-milestone: ^\n');
  assert.deepEqual(labels(latest), ['v1.35', 'v1.36', 'v1.37', 'v1.38', 'v1.39']);
  const upcoming = byLabel(latest, 'v1.37');
  assert.equal(upcoming.preselect, true);
  assert.equal(edit(upcoming).newText, '"v1.37"', 'written quoted');
  assert.equal(latest.filter((i) => i.preselect).length, 1);

  const typed = complete('keps/sig-node/9999-new-kep/kep.yaml', 'milestone:\n  beta: "v1.3^"\n');
  const beta = byLabel(typed, 'v1.38');
  assert.deepEqual(edit(beta).range, { start: pos(1, 8), end: pos(1, 14) }, 'replaces the quoted scalar, closing quote included');
  assert.equal(beta.filterText, '"v1.38"');

  const configured = makeTempRepo({ '.kep-studio.yaml': 'upcomingRelease: v1.40\n' });
  try {
    const file = configured.write('keps/sig-node/1-x/kep.yaml', 'latest-milestone: \n');
    const engine = new Engine();
    const items = completions(engine, file, pos(0, 18));
    assert.equal(items.find((i) => i.preselect)?.label, 'v1.40');
  } finally {
    configured.dispose();
  }
});

test('people: handles from the KEP’s OWNERS, the SIG registry and OWNERS_ALIASES, written "@handle"', () => {
  const items = complete(`${STOP_SIGNALS}/kep.yaml`, repo.read(`${STOP_SIGNALS}/kep.yaml`).replace("  - '@kannon92'\n", "  - '@kannon92'\n  - \"@^\"\n"));
  assert.ok(!items.some((i) => i.label === '@mikebrow' || i.label === '@thockin'), 'handles already in the list are not offered again');
  const sergey = byLabel(items, '@SergeyKanzhelev');
  assert.match(sergey.detail!, /KEP OWNERS approver/);
  assert.match(sergey.detail!, /chair of sig-node/);
  assert.equal(edit(sergey).newText, '"@SergeyKanzhelev"');
  assert.equal(sorted(items)[0], sergey, 'the folder’s OWNERS come first');
  const dawn = byLabel(items, '@dchen1107');
  assert.match(dawn.detail!, /tech lead of sig-node/);
  const deads = byLabel(items, '@deads2k');
  assert.match(deads.detail!, /PRR approver/);
  assert.ok(items.some((i) => /OWNERS_ALIASES/.test(i.detail ?? '')), 'alias members');

  const bare = complete('keps/sig-node/9999-new-kep/kep.yaml', 'title: x\nowning-sig: sig-node\napprovers:\n  - mrun^\n');
  const mrunal = byLabel(bare, '@mrunalp');
  assert.equal(edit(mrunal).newText, '"@mrunalp"', 'quoted even when typed bare (@ cannot start a plain scalar)');
  assert.equal(mrunal.filterText ?? mrunal.label, '@mrunalp', 'found by what was typed, without quotes');
  assert.equal(sorted(bare)[0]!.detail?.includes('sig-node'), true, 'the owning SIG’s leads first when there is no OWNERS file');
});

test('an empty line under a list offers items with their dash', () => {
  const items = complete('keps/sig-node/9999-new-kep/kep.yaml', 'authors:\n  - "@a"\n  ^\n');
  const mrunal = byLabel(items, '@mrunalp');
  assert.equal(edit(mrunal).newText, '- "@mrunalp"');
});

test('references: the repository’s other KEPs, with their titles, findable by number', () => {
  const items = complete(`${STOP_SIGNALS}/kep.yaml`, 'title: Container Stop Signals\nkep-number: "4960"\nsee-also:\n  - ^\n');
  assert.deepEqual(labels(items), ['/keps/sig-node/2403-pod-resources-allocatable-resources'], 'not the KEP itself');
  const other = items[0]!;
  assert.equal(other.detail, 'Extend kubelet pod resource assignment endpoint to return allocatable resources');
  assert.equal(edit(other).newText, '"/keps/sig-node/2403-pod-resources-allocatable-resources"');
  assert.match(other.filterText!, /2403/);
  assert.match(other.filterText!, /allocatable resources/);
  assert.match(doc(other), /KEP-2403/);

  const replaces = complete(`${ALLOCATABLE}/kep.yaml`, 'replaces:\n  - "/keps/sig^"\n');
  assert.deepEqual(labels(replaces), ['/keps/sig-node/4960-container-stop-signals']);
  assert.equal(edit(replaces[0]!).newText, '"/keps/sig-node/4960-container-stop-signals"');
});

test('disable-supported: true or false', () => {
  const items = complete('keps/sig-node/9999-new-kep/kep.yaml', 'disable-supported: ^\n');
  assert.deepEqual(labels(items).sort(), ['false', 'true']);
});

test('PRR approval file: stage keys, kep-number and approvers from prod-readiness-approvers', () => {
  const prr = 'keps/prod-readiness/sig-node/4960.yaml';
  const keys = complete(prr, 'kep-number: 4960\nalpha:\n  approver: "@deads2k"\n^\n');
  assert.deepEqual(labels(keys), ['beta', 'stable', 'deprecated', 'disabled', 'removed']);
  assert.equal(edit(byLabel(keys, 'beta')).newText, 'beta:\n  approver: "@$1"');

  const fresh = complete('keps/prod-readiness/sig-node/1234.yaml', '^\n');
  assert.equal(labels(fresh)[0], 'kep-number', 'the required key first');
  assert.equal(edit(byLabel(fresh, 'kep-number')).newText, 'kep-number: ${1:1234}');

  const approvers = complete(prr, 'kep-number: 4960\nbeta:\n  approver: "@^"\n');
  assert.ok(approvers.some((i) => i.label === '@deads2k' && i.detail === 'prod-readiness-approvers'));
  assert.ok(approvers.some((i) => i.label === '@ehashman' && i.detail === 'prod-readiness-approvers-emeritus'));
  assert.ok(!approvers.some((i) => i.label === '@mrunalp'), 'only PRR approvers');
  assert.equal(edit(byLabel(approvers, '@deads2k')).newText, '"@deads2k"');
});

test('README headings: the template headings not there yet, the next expected one first, at the template’s level', () => {
  const readme = `${STOP_SIGNALS}/README.md`;
  const text = '# KEP-4960: Container Stop Signals\n\n## Summary\n\nText.\n\n## Mot^\n\n## Proposal\n\nMore.\n';
  const items = complete(readme, text);
  const first = sorted(items)[0]!;
  assert.equal(first.label, '## Motivation');
  assert.equal(first.preselect, true);
  assert.deepEqual(edit(first), { range: { start: pos(6, 0), end: pos(6, 6) }, newText: '## Motivation' });
  const found = items.map((i) => i.label);
  assert.ok(!found.includes('## Summary') && !found.includes('## Proposal'), 'headings present are not offered');
  assert.ok(found.includes('### Goals') && found.includes('## Design Details'));
  assert.ok(!found.some((l) => l.startsWith('# ')), 'the document has its title');
  assert.equal(byLabel(items, '### Goals').filterText, '## Goals', 'found from the typed level');

  const afterProposal = complete(readme, '# KEP-4960: Container Stop Signals\n\n## Summary\n\n## Proposal\n\n#^\n');
  assert.equal(sorted(afterProposal)[0]!.label, '### User Stories (Optional)', 'what follows Proposal in the template');

  const untitled = complete(readme, '#^\n');
  assert.ok(untitled.some((i) => i.label === '# KEP-4960: Container Stop Signals'), 'the title from kep.yaml');
  assert.deepEqual(complete(readme, 'Some text #^\n'), [], 'only at a line start');
  assert.deepEqual(complete(readme, '# Title\n\n```sh\n#^\n```\n'), [], 'not in a code block');
  assert.deepEqual(complete(readme, '# Title\n\n<!--\n#^\n-->\n'), [], 'not in a comment');
});

test('files that are not KEP files get nothing', () => {
  const engine = new Engine();
  const other = repo.write('docs/notes.yaml', 'title: x\n');
  assert.deepEqual(completions(engine, other, pos(1, 0)), []);
  const owners = repo.path(`${STOP_SIGNALS}/OWNERS`);
  assert.deepEqual(completions(engine, owners, pos(0, 0)), []);
});

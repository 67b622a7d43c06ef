import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SymbolKind, type Range } from 'vscode-languageserver-types';
import { Engine } from '../../../server/src/engine.js';
import { definitions, documentLinks, documentSymbols, type FileLink } from '../../../server/src/features/navigation.js';
import { caret, positionOf } from '../../support/caret.js';
import { copyCorpusKep, makeTempRepo, type TempRepo } from '../../support/tempRepo.js';

const STOP_SIGNALS = 'keps/sig-node/4960-container-stop-signals';
const ALLOCATABLE = 'keps/sig-node/2403-pod-resources-allocatable-resources';
const PRR = 'keps/prod-readiness/sig-node/4960.yaml';

let repo: TempRepo;
let version = 0;

before(() => {
  repo = makeTempRepo();
  copyCorpusKep(repo, 'sig-node/4960-container-stop-signals');
  copyCorpusKep(repo, 'sig-node/2403-pod-resources-allocatable-resources');
  // A KEP with metadata only: references to it lead to its kep.yaml.
  repo.write('keps/sig-node/5000-metadata-only/kep.yaml', 'title: Metadata only\nkep-number: "5000"\nowning-sig: sig-node\nstatus: provisional\n');
});
after(() => repo.dispose());

/** An engine with `marked` (caret removed) layered as the unsaved text of `rel`. */
function open(rel: string, marked: string): { engine: Engine; file: string; position: { line: number; character: number } } {
  const { text, position } = caret(marked);
  const engine = new Engine();
  const file = repo.path(rel);
  engine.sources.openDocument(file, text, ++version);
  return { engine, file, position };
}

function definitionAt(rel: string, marked: string) {
  const { engine, file, position } = open(rel, marked);
  return definitions(engine, file, position);
}

const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const line = (n: number, from: number, to: number): Range => ({ start: { line: n, character: from }, end: { line: n, character: to } });

test('definition: a see-also / replaces / superseded-by value leads to the KEP’s README, else its kep.yaml', () => {
  assert.deepEqual(definitionAt('keps/sig-node/9999-x/kep.yaml', 'see-also:\n  - "/keps/sig-node/4960-contai^ner-stop-signals"\n'), [
    { path: repo.path(`${STOP_SIGNALS}/README.md`), range: START },
  ]);
  assert.deepEqual(definitionAt('keps/sig-node/9999-x/kep.yaml', 'replaces:\n  - "keps/sig-node/2403-pod-resources-allocatable-resources/^"\n'), [
    { path: repo.path(`${ALLOCATABLE}/README.md`), range: START },
  ]);
  assert.deepEqual(definitionAt('keps/sig-node/9999-x/kep.yaml', 'superseded-by:\n  - KEP-50^00\n'), [
    { path: repo.path('keps/sig-node/5000-metadata-only/kep.yaml'), range: START },
  ]);
  assert.deepEqual(definitionAt('keps/sig-node/9999-x/kep.yaml', 'see-also:\n  - "/keps/sig-node/1-go^ne"\n'), [], 'a dangling reference leads nowhere');
});

test('definition: kep-number leads to the PRR approval file, and back from the PRR file to the kep.yaml', () => {
  const kepYaml = repo.read(`${STOP_SIGNALS}/kep.yaml`);
  const at = positionOf(kepYaml, '"4960"', 2);
  const engine = new Engine();
  assert.deepEqual(definitions(engine, repo.path(`${STOP_SIGNALS}/kep.yaml`), at), [{ path: repo.path(PRR), range: START }]);
  assert.deepEqual(definitions(engine, repo.path(`${STOP_SIGNALS}/kep.yaml`), positionOf(kepYaml, 'kep-number', 2)), [{ path: repo.path(PRR), range: START }], 'from the key too');

  const back = definitionAt(PRR, 'kep-number: 49^60\nalpha:\n  approver: "@deads2k"\n');
  assert.deepEqual(back, [{ path: repo.path(`${STOP_SIGNALS}/kep.yaml`), range: line(1, 12, 18) }], 'to the kep-number in kep.yaml');

  assert.deepEqual(definitionAt('keps/sig-node/9999-x/kep.yaml', 'kep-number: "99^99"\nowning-sig: sig-node\n'), [], 'no PRR file yet');
});

test('definition: a TOC entry leads to its heading; a KEP-1234 mention to that KEP', () => {
  const readme = repo.read(`${STOP_SIGNALS}/README.md`);
  const { engine, file } = open(`${STOP_SIGNALS}/README.md`, readme.replace('[CRI API](#cri-api)', '[CRI API](#cri-^api)'));
  const criLine = readme.split('\n').findIndex((l) => l === '### CRI API');
  assert.ok(criLine > 0);
  const found = definitions(engine, file, positionOf(readme, '[CRI API](#cri-api)', 14));
  assert.deepEqual(found, [{ path: file, range: line(criLine, 0, '### CRI API'.length) }]);
  assert.deepEqual(definitions(engine, file, positionOf(readme, '[CRI API](#cri-api)', 2)), found, 'from the label too');

  const mention = definitionAt(`${STOP_SIGNALS}/README.md`, '# KEP-4960: Container Stop Signals\n\nSee KEP-24^03.\n');
  assert.deepEqual(mention, [{ path: repo.path(`${ALLOCATABLE}/README.md`), range: START }]);
  assert.deepEqual(definitionAt(`${STOP_SIGNALS}/README.md`, '# KEP-49^60: Container Stop Signals\n'), [], 'not to itself');
});

test('document links in kep.yaml: references, the PRR file, SIG pages in kubernetes/community', () => {
  const text = repo.read(`${STOP_SIGNALS}/kep.yaml`).replace('status: implementable', 'see-also:\n  - "/keps/sig-node/2403-pod-resources-allocatable-resources"\n  - "/keps/sig-node/1-gone"\nstatus: implementable');
  const { engine, file } = open(`${STOP_SIGNALS}/kep.yaml`, text + '^');
  const links = documentLinks(engine, file);
  const find = (pred: (l: FileLink) => boolean): FileLink => {
    const l = links.find(pred);
    assert.ok(l, `link not found among ${JSON.stringify(links)}`);
    return l;
  };
  const reference = find((l) => 'path' in l.target && l.target.path.endsWith('2403-pod-resources-allocatable-resources/README.md'));
  assert.equal(reference.tooltip, 'Extend kubelet pod resource assignment endpoint to return allocatable resources');
  const refLine = text.split('\n').findIndex((l) => l.includes('2403-pod'));
  assert.deepEqual(reference.range, line(refLine, 5, 5 + '/keps/sig-node/2403-pod-resources-allocatable-resources'.length), 'without the quotes');
  assert.ok(!links.some((l) => 'path' in l.target && l.target.path.includes('1-gone')), 'no link for a dangling reference');

  const prr = find((l) => 'path' in l.target && l.target.path === repo.path(PRR));
  assert.deepEqual(prr.range, line(1, 13, 17));
  const sig = find((l) => 'url' in l.target && l.range.start.line === 4);
  assert.deepEqual(sig.target, { url: 'https://github.com/kubernetes/community/tree/master/sig-node' });
  assert.deepEqual(sig.range, line(4, 12, 20));
  assert.ok(links.some((l) => 'url' in l.target && l.target.url.endsWith('/sig-windows')), 'participating SIGs too');
});

test('document links in a PRR file and in markdown', () => {
  const prr = open(PRR, '^' + repo.read(PRR));
  assert.deepEqual(documentLinks(prr.engine, prr.file), [
    { range: line(0, 12, 16), target: { path: repo.path(`${STOP_SIGNALS}/kep.yaml`), range: line(1, 12, 18) }, tooltip: 'KEP-4960: Container Stop Signals' },
  ]);

  const readme = repo.read(`${STOP_SIGNALS}/README.md`).replace('## Summary\n', '## Summary\n\nSee KEP-2403 and KEP-1.\n');
  const md = open(`${STOP_SIGNALS}/README.md`, '^' + readme);
  const links = documentLinks(md.engine, md.file);
  const toSummary = links.find((l) => 'path' in l.target && l.target.path === md.file && l.range.start.line === 5);
  const summaryLine = readme.split('\n').indexOf('## Summary');
  assert.deepEqual(toSummary, { range: line(5, 12, 20), target: { path: md.file, range: line(summaryLine, 0, 10) }, tooltip: 'Go to the heading' });
  const tocLines = readme.slice(0, readme.indexOf('<!-- /toc -->')).split('\n').filter((l) => l.includes('](#')).length;
  assert.equal(links.filter((l) => 'path' in l.target && l.target.path === md.file).length, tocLines, 'one link per TOC entry');
  const mention = links.find((l) => 'path' in l.target && l.target.path.endsWith('2403-pod-resources-allocatable-resources/README.md'));
  assert.equal(mention?.range.start.line, summaryLine + 2);
  assert.ok(!links.some((l) => 'path' in l.target && l.target.path === md.file && l.range.start.line === 1), 'no link from the title to itself');
});

test('document symbols of kep.yaml: keys, with mapping and list children, scalar values as detail', () => {
  const { engine, file } = open(`${STOP_SIGNALS}/kep.yaml`, '^' + repo.read(`${STOP_SIGNALS}/kep.yaml`));
  const symbols = documentSymbols(engine, file);
  assert.deepEqual(symbols.map((s) => s.name), [
    'title', 'kep-number', 'authors', 'owning-sig', 'participating-sigs', 'creation-date', 'reviewers', 'approvers',
    'status', 'stage', 'latest-milestone', 'milestone', 'feature-gates', 'disable-supported', 'metrics',
  ]);
  const status = symbols.find((s) => s.name === 'status')!;
  assert.equal(status.detail, 'implementable');
  assert.deepEqual(status.selectionRange, line(18, 0, 6));
  assert.deepEqual(status.range, line(18, 0, 21));

  const milestone = symbols.find((s) => s.name === 'milestone')!;
  assert.equal(milestone.kind, SymbolKind.Module);
  assert.deepEqual(milestone.children!.map((c) => [c.name, c.detail]), [['alpha', 'v1.33'], ['beta', 'v1.37'], ['stable', '']]);

  const reviewers = symbols.find((s) => s.name === 'reviewers')!;
  assert.equal(reviewers.kind, SymbolKind.Array);
  assert.deepEqual(reviewers.children!.map((c) => c.name), ['@mikebrow', '@thockin', '@mrunalp', '@kannon92']);
  assert.equal(reviewers.children![0]!.detail, 'sig-node-assigned-reviewer', 'the line comment');

  const gates = symbols.find((s) => s.name === 'feature-gates')!;
  assert.equal(gates.children![0]!.name, 'ContainerStopSignals');
  assert.deepEqual(gates.children![0]!.children!.map((c) => c.name), ['name', 'components']);
  assert.equal(symbols.find((s) => s.name === 'disable-supported')!.kind, SymbolKind.Boolean);

  for (const s of symbols.flatMap(function all(x): typeof symbols { return [x, ...(x.children ?? []).flatMap(all)]; })) {
    assert.ok(s.name.length > 0);
    const inside = (a: Range, b: Range): boolean =>
      (a.start.line > b.start.line || (a.start.line === b.start.line && a.start.character >= b.start.character)) &&
      (a.end.line < b.end.line || (a.end.line === b.end.line && a.end.character <= b.end.character));
    assert.ok(inside(s.selectionRange, s.range), `${s.name}: selectionRange inside range`);
  }
});

test('document symbols of a PRR file; none for markdown', () => {
  const prr = open(PRR, '^' + repo.read(PRR));
  const symbols = documentSymbols(prr.engine, prr.file);
  assert.deepEqual(symbols.map((s) => [s.name, s.detail]), [['kep-number', '4960'], ['alpha', undefined], ['beta', undefined]]);
  assert.deepEqual(symbols[1]!.children!.map((c) => [c.name, c.detail]), [['approver', '@deads2k']]);

  const md = open(`${STOP_SIGNALS}/README.md`, '^' + repo.read(`${STOP_SIGNALS}/README.md`));
  assert.deepEqual(documentSymbols(md.engine, md.file), []);
});

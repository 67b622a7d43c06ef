import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import {
  CompletionRequest,
  DefinitionRequest,
  DocumentLinkRequest,
  DocumentSymbolRequest,
  HoverRequest,
  CancellationTokenSource,
  LSPErrorCodes,
  type CompletionItem,
  type CompletionList,
  type DocumentSymbol,
  type Location,
  type MarkupContent,
} from 'vscode-languageserver-protocol';
import { LspClient, uriOf } from '../support/lsp.js';
import { copyCorpusKep, makeTempRepo, type TempRepo } from '../support/tempRepo.js';

/** The position of `needle` (its first character, plus `offset`) in `text`. */
function positionOf(text: string, needle: string, offset = 0): { line: number; character: number } {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `${needle} not found`);
  const before = text.slice(0, i + offset);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

const items = (r: CompletionItem[] | CompletionList | null): CompletionItem[] => (Array.isArray(r) ? r : (r?.items ?? []));

describe('language server over stdio: completion, hover and navigation', () => {
  let repo: TempRepo;
  let client: LspClient;
  let kepYaml: string;
  let readme: string;

  before(async () => {
    repo = makeTempRepo();
    const dir = copyCorpusKep(repo, 'sig-node/4960-container-stop-signals');
    copyCorpusKep(repo, 'sig-node/4205-psi-metric');
    kepYaml = repo.path(`${dir}/kep.yaml`);
    readme = repo.path(`${dir}/README.md`);
    client = await LspClient.start([repo.root]);
    await client.waitForLog(/^Indexed 2 KEPs/);
  });

  after(async () => {
    await client.stop();
    repo.dispose();
  });

  test('completion offers SIG names with their display names after owning-sig:', async () => {
    const text = fs.readFileSync(kepYaml, 'utf8').replace('owning-sig: sig-node', 'owning-sig: ');
    await client.open(kepYaml, text);
    const result = items(await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: uriOf(kepYaml) }, position: positionOf(text, 'owning-sig: ', 12) }));
    const node = result.find((i) => i.label === 'sig-node');
    assert.ok(node, result.map((i) => i.label).join(', '));
    assert.equal(node.detail, 'SIG Node');
    assert.ok(result.some((i) => i.label === 'wg-batch'));
  });

  test('completion offers the keys a kep.yaml lacks, with their documentation', async () => {
    const text = fs.readFileSync(kepYaml, 'utf8').replace(/^metrics:\n(- .*\n)+/m, '') + 'me';
    await client.change(kepYaml, text);
    const result = items(await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: uriOf(kepYaml) }, position: positionOf(text, '\nme', 3) }));
    const metrics = result.find((i) => i.label === 'metrics')!;
    assert.ok(metrics, result.map((i) => i.label).join(', '));
    assert.match((metrics.documentation as MarkupContent).value, /Metrics that tell whether the feature works/);
    assert.ok(!result.some((i) => i.label === 'title'), 'keys already present are not offered');
  });

  test('completion in the README offers the template headings it lacks', async () => {
    const text = fs.readFileSync(readme, 'utf8').replace(/\n## Drawbacks\n/, '\n## \n');
    await client.open(readme, text);
    const result = items(await client.conn.sendRequest(CompletionRequest.type, { textDocument: { uri: uriOf(readme) }, position: positionOf(text, '\n## \n', 4) }));
    assert.ok(result.some((i) => i.label.includes('Drawbacks')), result.map((i) => i.label).join(', '));
    await client.close(readme);
  });

  test('hover shows a SIG’s leads and a key’s documentation', async () => {
    const text = fs.readFileSync(kepYaml, 'utf8');
    await client.change(kepYaml, text);
    const sig = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(kepYaml) }, position: positionOf(text, 'owning-sig: sig-node', 14) });
    assert.match((sig!.contents as MarkupContent).value, /SIG Node/);
    assert.match((sig!.contents as MarkupContent).value, /@mrunalp/);
    const key = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(kepYaml) }, position: positionOf(text, 'latest-milestone', 2) });
    assert.match((key!.contents as MarkupContent).value, /most recent release/);
  });

  test('definition goes from a see-also entry to the KEP it names, and from kep-number to the PRR file', async () => {
    const text = fs.readFileSync(kepYaml, 'utf8').replace('status: implementable', 'see-also:\n  - "/keps/sig-node/4205-psi-metric"\nstatus: implementable');
    await client.change(kepYaml, text);
    const seeAlso = (await client.conn.sendRequest(DefinitionRequest.type, { textDocument: { uri: uriOf(kepYaml) }, position: positionOf(text, '4205-psi-metric', 2) })) as Location[];
    assert.deepEqual(seeAlso.map((l) => l.uri), [uriOf(repo.path('keps/sig-node/4205-psi-metric/README.md'))]);
    const prr = (await client.conn.sendRequest(DefinitionRequest.type, { textDocument: { uri: uriOf(kepYaml) }, position: positionOf(text, '"4960"', 2) })) as Location[];
    assert.deepEqual(prr.map((l) => l.uri), [uriOf(repo.path('keps/prod-readiness/sig-node/4960.yaml'))]);
    const links = await client.conn.sendRequest(DocumentLinkRequest.type, { textDocument: { uri: uriOf(kepYaml) } });
    assert.ok(links!.some((l) => l.target === uriOf(repo.path('keps/prod-readiness/sig-node/4960.yaml'))), JSON.stringify(links));
  });

  test('definition goes from a TOC entry to its heading', async () => {
    const text = fs.readFileSync(readme, 'utf8');
    await client.open(readme, text);
    const locations = (await client.conn.sendRequest(DefinitionRequest.type, { textDocument: { uri: uriOf(readme) }, position: positionOf(text, '(#motivation)', 3) })) as Location[];
    assert.equal(locations.length, 1);
    assert.equal(locations[0]!.uri, uriOf(readme));
    assert.equal(text.split('\n')[locations[0]!.range.start.line], '## Motivation');
  });

  test('document symbols outline kep.yaml', async () => {
    const symbols = (await client.conn.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: uriOf(kepYaml) } })) as DocumentSymbol[];
    const names = symbols.map((s) => s.name);
    assert.ok(['title', 'kep-number', 'owning-sig', 'milestone'].every((n) => names.includes(n)), names.join(', '));
    assert.deepEqual(symbols.find((s) => s.name === 'milestone')!.children!.map((c) => c.name), ['alpha', 'beta', 'stable']);
  });

  test('requests cancelled while they wait are answered RequestCancelled, not run; the server goes on', async () => {
    const text = fs.readFileSync(kepYaml, 'utf8');
    await client.open(kepYaml, text);
    const position = positionOf(text, 'owning-sig: ', 2);
    // A burst, each cancelled as soon as it is sent: the server reads them together, so they are still queued.
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => {
        const source = new CancellationTokenSource();
        const pending = client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(kepYaml) }, position }, source.token);
        source.cancel();
        return pending.then(
          () => 'answered',
          (e: { code?: number }) => (e.code === LSPErrorCodes.RequestCancelled ? 'cancelled' : `failed ${String(e.code)}`),
        );
      }),
    );
    assert.ok(outcomes.includes('cancelled'), outcomes.join(', '));
    assert.ok(outcomes.every((o) => o === 'cancelled' || o === 'answered'), outcomes.join(', '));
    const after = await client.conn.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(kepYaml) }, position });
    assert.match((after?.contents as MarkupContent).value, /owning-sig/);
  });
});

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DidChangeConfigurationNotification, FileChangeType, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { runJson } from '../support/cli.js';
import { LspClient, uriOf } from '../support/lsp.js';
import { repoRoot } from '../support/paths.js';

const DRAFT = 'keps/sig-node/9999-sidecar-readiness-gates';

/** A KEP repository (the samples: a real KEP and a draft with mistakes) with a PEP beside its KEPs. */
function fixture(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-workspace-'));
  fs.cpSync(path.join(repoRoot, 'samples/enhancements'), root, { recursive: true });
  fs.cpSync(path.join(repoRoot, 'samples/proposals/peps/pep-9999.rst'), path.join(root, 'peps/pep-9999.rst'));
  return root;
}

/** Each file's problems as `line:character code`, sorted: from the CLI's report, or from the latest publication per file. */
type State = Map<string, string[]>;
const key = (line: number, character: number, code: unknown): string => `${line}:${character} ${String(code)}`;

function cliState(root: string): State {
  const { report } = runJson(['.'], root);
  const state: State = new Map();
  for (const p of report.problems) {
    const uri = uriOf(path.join(root, p.file));
    state.set(uri, [...(state.get(uri) ?? []), key(p.range.start.line, p.range.start.character, p.code)].sort());
  }
  return state;
}

function published(client: LspClient): State {
  const latest = new Map<string, PublishDiagnosticsParams>();
  for (const p of client.diagnostics) latest.set(p.uri, p);
  const state: State = new Map();
  for (const [uri, p] of latest) if (p.diagnostics.length) state.set(uri, p.diagnostics.map((d) => key(d.range.start.line, d.range.start.character, d.code)).sort());
  return state;
}

const same = (a: State, b: State): boolean => a.size === b.size && [...a].every(([k, v]) => JSON.stringify(b.get(k)) === JSON.stringify(v));
const latestFor = (client: LspClient, file: string): PublishDiagnosticsParams | undefined => client.diagnostics.filter((p) => p.uri === uriOf(file)).at(-1);

describe('kepStudio.problems over stdio', () => {
  test('openFiles (the default): only open documents get problems', async () => {
    const root = fixture();
    const client = await LspClient.start([root]);
    try {
      await client.waitForLog(/^Indexed /);
      const readme = path.join(root, DRAFT, 'README.md');
      assert.ok((await client.open(readme)).length > 0);
      // Publications come in order: had the closed files been published, it would have been by now.
      assert.deepEqual([...new Set(client.diagnostics.map((p) => p.uri))], [uriOf(readme)]);
    } finally {
      await client.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  describe('workspace', () => {
    let root: string;
    let client: LspClient;
    const file = (rel: string): string => path.join(root, rel);

    before(async () => {
      root = fixture();
      client = await LspClient.start([root], { problems: 'workspace' });
    });
    after(async () => {
      await client.stop();
      fs.rmSync(root, { recursive: true, force: true });
    });

    test('publishes the problems of every KEP and proposal, as the CLI reports them, with no file open', async () => {
      const expected = cliState(root);
      assert.ok(expected.has(uriOf(file(`${DRAFT}/kep.yaml`))) && expected.has(uriOf(file('peps/pep-9999.rst'))), [...expected.keys()].join('\n'));
      await client.waitForDiagnostics(() => same(published(client), expected), `the CLI's problems (${JSON.stringify([...expected])})`);
    });

    test('a change on disk updates the problems of a closed file', async () => {
      const kepYaml = file(`${DRAFT}/kep.yaml`);
      assert.ok(latestFor(client, kepYaml)!.diagnostics.some((d) => d.code === 'kep/unknown-sig'));
      fs.writeFileSync(kepYaml, fs.readFileSync(kepYaml, 'utf8').replace('owning-sig: sig-nodes', 'owning-sig: sig-node'));
      await client.filesChanged([{ file: kepYaml, type: FileChangeType.Changed }]);
      await client.waitForDiagnostics((p) => p.uri === uriOf(kepYaml) && !p.diagnostics.some((d) => d.code === 'kep/unknown-sig'), 'the SIG fixed on disk');
      // The CLI runs once (it blocks this process): the predicate runs on every publication.
      const expected = cliState(root);
      await client.waitForDiagnostics(() => same(published(client), expected), 'the CLI\'s problems after the change');
    });

    test('a proposal created on disk gets problems; deleted, they are cleared', async () => {
      const pep = file('peps/pep-9998.rst');
      fs.writeFileSync(pep, fs.readFileSync(file('peps/pep-9999.rst'), 'utf8').replace('PEP: 9999', 'PEP: 9998'));
      await client.filesChanged([{ file: pep, type: FileChangeType.Created }]);
      await client.waitForDiagnostics((p) => p.uri === uriOf(pep) && p.diagnostics.some((d) => d.code === 'proposal/metadata-ci'), 'the new PEP');
      fs.rmSync(pep);
      await client.filesChanged([{ file: pep, type: FileChangeType.Deleted }]);
      await client.waitForDiagnostics(() => latestFor(client, pep)?.diagnostics.length === 0, 'the deleted PEP cleared');
    });

    test('a document closed with unsaved edits shows the problems of its text on disk again', async () => {
      const pep = file('peps/pep-9999.rst');
      const onDisk = latestFor(client, pep)!.diagnostics.length;
      await client.open(pep);
      const edited = await client.change(pep, client.text(pep).replace(/^Status: .*$/m, 'Status: Draft'));
      assert.ok(edited.length < onDisk);
      const count = client.diagnostics.length;
      await client.close(pep);
      await client.waitForDiagnostics((p) => client.diagnostics.indexOf(p) >= count && p.uri === uriOf(pep) && p.diagnostics.length === onDisk, 'the disk problems back');
    });

    test('switched back to openFiles, the problems of closed files are cleared', async () => {
      const kepYaml = file(`${DRAFT}/kep.yaml`);
      assert.ok(latestFor(client, kepYaml)!.diagnostics.length > 0);
      client.settings = { problems: 'openFiles' };
      await client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      await client.waitForDiagnostics(() => published(client).size === 0, 'every problem cleared');
      // Open documents still get theirs.
      assert.ok((await client.open(kepYaml)).length > 0);
    });
  });
});

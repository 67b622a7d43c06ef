// A few hundred malformed inputs (see generate.ts) through the CLI and the language server: any
// crash, hang, internal error or unanswered request fails the test. Deterministic: the seed is
// printed, and KEP_STUDIO_FUZZ_SEED=<seed> (KEP_STUDIO_FUZZ_COUNT=<n>) reproduces a run.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { runCli, type JsonReport } from '../support/cli.js';
import { LspClient } from '../support/lsp.js';
import { enhancementsDir } from '../support/paths.js';
import { makeTempRepo } from '../support/tempRepo.js';
import { generate, random, type FuzzInput, type Special } from './generate.js';

const SEED = Number(process.env['KEP_STUDIO_FUZZ_SEED'] ?? 9_2026);
const COUNT = Number(process.env['KEP_STUDIO_FUZZ_COUNT'] ?? 250);
const KEPS_PER_REPOSITORY = 60;
/** The KEP around a mutated PRR file, OWNERS_ALIASES or configuration. */
const HOST_KEP = path.join(enhancementsDir, 'keps/sig-node/4960-container-stop-signals');

interface Placed {
  input: FuzzInput;
  /** The mutated (or special) file. */
  file: string;
  /** A document of the input's KEP or repository to open in the server (never a special file). */
  open: string;
}

let parent: string;
let outside: string;
let placed: Placed[];

before(() => {
  console.log(`fuzz seed ${SEED}, ${COUNT} inputs (KEP_STUDIO_FUZZ_SEED=${SEED} reproduces this run)`);
  parent = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-fuzz-'));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-fuzz-outside-'));
  fs.writeFileSync(path.join(outside, 'target'), 'OUTSIDE THE REPOSITORY\n');
  fs.mkdirSync(path.join(parent, '.git'));
  placed = place(generate(SEED, COUNT));
});

after(() => {
  fs.rmSync(parent, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

/** Writes the inputs: KEPs in a few repositories, each per-repository file in a repository of its own, proposals loose. */
function place(inputs: FuzzInput[]): Placed[] {
  const out: Placed[] = [];
  const repos: string[] = [];
  const newRepo = (name: string): string => {
    const repo = makeTempRepo();
    const root = path.join(parent, name);
    fs.renameSync(repo.root, root);
    return root;
  };
  /** A KEP folder named for the input, its files copied from `from`, numbered so its PRR file is its own. */
  const kep = (root: string, input: FuzzInput, from: string): string => {
    const dir = path.join(root, 'keps', 'sig-node', `${10_000 + input.id}-fuzz`);
    fs.mkdirSync(dir, { recursive: true });
    for (const name of ['kep.yaml', 'README.md', 'OWNERS']) {
      if (!fs.existsSync(path.join(from, name))) continue;
      let text = fs.readFileSync(path.join(from, name), 'utf8');
      if (name === 'kep.yaml') text = text.replace(/^kep-number:.*$/m, `kep-number: "${10_000 + input.id}"`).replace(/^owning-sig:.*$/m, 'owning-sig: sig-node');
      fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
  };
  for (const input of inputs) {
    const t = input.target;
    let file: string;
    let open: string;
    if (t === 'kep.yaml' || t === 'README.md' || t === 'OWNERS' || t === 'prr') {
      const index = out.filter((p) => ['kep.yaml', 'README.md', 'OWNERS', 'prr'].includes(p.input.target)).length;
      if (index % KEPS_PER_REPOSITORY === 0) repos.push(newRepo(`keps-${repos.length}`));
      const root = repos[repos.length - 1]!;
      const dir = kep(root, input, t === 'prr' ? HOST_KEP : path.dirname(input.source));
      file = t === 'prr' ? path.join(root, 'keps', 'prod-readiness', 'sig-node', `${10_000 + input.id}.yaml`) : path.join(dir, t);
      open = path.join(dir, t === 'kep.yaml' ? 'README.md' : 'kep.yaml');
    } else if (t === 'proposal') {
      file = path.join(parent, 'proposals', `p${input.id}${path.extname(input.source)}`);
      open = file;
    } else {
      const root = newRepo(`${t.replace('.', '-')}-${input.id}`);
      const dir = kep(root, input, HOST_KEP);
      if (t === 'sigs.yaml') fs.writeFileSync(path.join(root, '.kep-studio.yaml'), 'sigs: sigs.yaml\n');
      file = path.join(root, t === 'config' ? '.kep-studio.yaml' : t);
      open = path.join(dir, 'kep.yaml');
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.rmSync(file, { recursive: true, force: true });
    if (Buffer.isBuffer(input.content)) fs.writeFileSync(file, input.content);
    else special(file, input.content.special);
    out.push({ input, file, open: Buffer.isBuffer(input.content) ? file : open });
  }
  return out;
}

function special(file: string, kind: Special): void {
  if (kind === 'fifo') execFileSync('mkfifo', [file]);
  else if (kind === 'folder') fs.mkdirSync(file);
  else fs.symlinkSync(kind === 'device' ? '/dev/zero' : path.join(outside, 'target'), file);
}

const describeInput = (p: Placed): string => `#${p.input.id} ${p.input.target} from ${path.relative(path.dirname(enhancementsDir), p.input.source)}: ${Buffer.isBuffer(p.input.content) ? p.input.mutations.join(' + ') : p.input.content.special}`;

test('the CLI checks every malformed input: no crash, hang or internal error', () => {
  const r = runCli(['check', '--format', 'json', parent], parent, {}, 120_000);
  assert.notEqual(r.status, null, `the CLI hung (seed ${SEED})`);
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status} (seed ${SEED}): ${r.stderr.slice(0, 2_000)}`);
  const report = JSON.parse(r.stdout) as JsonReport;
  const internal = report.problems.filter((p) => p.code === 'engine/internal-error');
  assert.deepEqual(internal.map((p) => `${p.file}: ${p.message.slice(0, 300)}`), [], `seed ${SEED}`);
  assert.ok(!report.problems.some((p) => p.message.includes('OUTSIDE THE REPOSITORY')));
  // Every KEP input was seen: its files are reported on, or counted.
  assert.ok(report.files > placed.length / 2, `${report.files} files checked`);
});

test('the language server opens every malformed input and answers requests on it', async () => {
  const client = await LspClient.start([parent]);
  try {
    await client.waitForLog(/^Indexed \d+ KEPs/);
    const rnd = random(SEED);
    for (const p of placed) {
      const text = fs.readFileSync(p.open).toString('utf8');
      const what = `${describeInput(p)} (seed ${SEED})`;
      const diagnostics = await client.open(p.open, text).catch((err: Error) => assert.fail(`${what}: ${err.message}`));
      assert.deepEqual(diagnostics.filter((d) => d.code === 'engine/internal-error').map((d) => d.message), [], what);
      const lines = text.split('\n');
      const line = Math.floor(rnd() * lines.length);
      const position = { line, character: Math.floor(rnd() * ((lines[line]?.length ?? 0) + 1)) };
      const textDocument = { uri: `file://${p.open}` };
      for (const [method, params] of [
        ['textDocument/hover', { textDocument, position }],
        ['textDocument/completion', { textDocument, position }],
        ['textDocument/definition', { textDocument, position }],
        ['textDocument/documentSymbol', { textDocument }],
        ['textDocument/codeAction', { textDocument, range: { start: position, end: position }, context: { diagnostics, only: ['quickfix', 'source.fixAll.kepStudio'] } }],
      ] as const) {
        await client.conn.sendRequest(method, params).catch((err: Error) => assert.fail(`${what}: ${method}: ${err.message}`));
      }
      await client.close(p.open);
    }
    assert.deepEqual(client.logs.filter((l) => /failed|\n\s+at /.test(l)), [], `seed ${SEED}`);
  } finally {
    await client.stop();
  }
});

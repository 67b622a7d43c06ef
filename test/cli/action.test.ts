import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { git, KEP_A, KEP_B, kepGitRepo } from '../support/git.js';
import { repoRoot } from '../support/paths.js';
import { tempRepoAt, type TempRepo } from '../support/tempRepo.js';

interface Step {
  name: string;
  shell: string;
  run: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(fs.readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as Action;

/** `${{ a.b.c }}` looked up in the contexts (a missing value is empty, as in GitHub's expressions); anything else is refused. */
function evaluate(text: string, contexts: Record<string, unknown>): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
    assert.match(expr, /^[a-z_]+(\.[a-z_-]+)+$/i, `only plain property lookups are emulated: ${expr}`);
    let v: unknown = contexts;
    for (const key of expr.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
    return v === undefined || v === null ? '' : String(v);
  });
}

/**
 * Runs the action's steps as GitHub's runner does for a composite action: inputs with their
 * defaults, `${{ }}` substituted in env and working-directory, each `run` in
 * `bash --noprofile --norc -eo pipefail`, in GITHUB_WORKSPACE unless the step says otherwise,
 * with the variables the runner sets. The action path is this project (already built, so the
 * build step finds dist/cli.cjs). Stops at the first failing step, as a job does.
 */
function runAction(workspace: string, event: { name: string; payload: unknown }, inputs: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const contexts = {
    inputs: { ...Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? ''])), ...inputs },
    github: { action_path: repoRoot, workspace, event_name: event.name, event: event.payload },
  };
  let stdout = '';
  let stderr = '';
  for (const step of action.runs.steps) {
    assert.equal(step.shell, 'bash');
    assert.doesNotMatch(step.run, /\$\{\{/, `${step.name}: expressions go through env, not into the script`);
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(v, contexts)]));
    const cwd = step['working-directory'] ? evaluate(step['working-directory'], contexts) : workspace;
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, GITHUB_ACTION_PATH: repoRoot, GITHUB_EVENT_NAME: event.name, ...env },
    });
    stdout += r.stdout;
    stderr += r.stderr;
    if (r.status !== 0) return { status: r.status, stdout, stderr };
  }
  return { status: 0, stdout, stderr };
}

const A = KEP_A;
const B = KEP_B;

/** `origin`: B broken on main (see kepGitRepo), A broken on the pull request's branch `pr`; `base` is main's commit. */
function pullRequestOrigin(): { origin: TempRepo; base: string } {
  const { repo: origin, base } = kepGitRepo('pr');
  origin.write(`${A}/kep.yaml`, origin.read(`${A}/kep.yaml`).replace('creation-date:', 'creation_date:'));
  git(origin.root, 'commit', '-q', '-am', 'the pull request');
  // GitHub lets a runner fetch any commit by its id.
  git(origin.root, 'config', 'uploadpack.allowAnySHA1InWant', 'true');
  return { origin, base };
}

/** The workspace actions/checkout leaves by default: one commit of the pull request, no history. */
function shallowCheckout(origin: TempRepo): TempRepo {
  const dir = fs.mkdtempSync(path.join(path.dirname(origin.root), 'kep-studio-checkout-'));
  git(dir, 'clone', '-q', '--depth=1', '--branch', 'pr', `file://${origin.root}`, '.');
  return tempRepoAt(dir);
}

const annotations = (stdout: string): string[] => stdout.split('\n').filter((l) => l.startsWith('::'));

describe('the GitHub Action (action.yml)', () => {
  test('is a composite action whose steps run in bash', () => {
    assert.equal(action.runs.using, 'composite');
    assert.ok(action.runs.steps.length >= 1);
  });

  test('in a pull request: annotations and SARIF for what the pull request changed only, fetching its base', () => {
    const { origin, base } = pullRequestOrigin();
    const ws = shallowCheckout(origin);
    try {
      assert.notEqual(spawnSync('git', ['cat-file', '-e', `${base}^{commit}`], { cwd: ws.root }).status, 0, 'the base is in the shallow clone');
      const r = runAction(ws.root, { name: 'pull_request', payload: { pull_request: { base: { sha: base } } } }, { 'sarif-file': 'kep-studio.sarif' });
      assert.equal(r.status, 1, r.stderr);
      const lines = annotations(r.stdout);
      assert.ok(lines.length > 0, r.stdout + r.stderr);
      assert.ok(lines.some((l) => l.startsWith(`::error file=${A}/kep.yaml,line=`) && l.includes('title=kep/unknown-key::')), lines.join('\n'));
      assert.ok(!lines.some((l) => l.includes(B)), lines.join('\n'));
      const sarif = JSON.parse(ws.read('kep-studio.sarif')) as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
      const results = sarif.runs[0]!.results;
      assert.ok(results.some((x) => x.ruleId === 'kep/unknown-key' && x.locations[0]!.physicalLocation.artifactLocation.uri === `${A}/kep.yaml`));
      assert.ok(results.every((x) => x.locations[0]!.physicalLocation.artifactLocation.uri.startsWith(A)), JSON.stringify(results));
    } finally {
      ws.dispose();
      origin.dispose();
    }
  });

  test('outside a pull request, or with changed-only false: everything under paths', () => {
    const { origin } = pullRequestOrigin();
    try {
      const push = runAction(origin.root, { name: 'push', payload: {} });
      assert.equal(push.status, 1, push.stderr);
      const lines = annotations(push.stdout);
      assert.ok(lines.some((l) => l.includes(`file=${A}/kep.yaml`)) && lines.some((l) => l.includes(`file=${B}/kep.yaml`)), lines.join('\n'));
      assert.equal(fs.existsSync(origin.path('kep-studio.sarif')), false);
      const onlyB = runAction(origin.root, { name: 'pull_request', payload: { pull_request: { base: { sha: 'HEAD' } } } }, { 'changed-only': 'false', paths: B, args: '--quiet' });
      assert.equal(onlyB.status, 1);
      assert.ok(annotations(onlyB.stdout).every((l) => l.startsWith(`::error file=${B}/`)), onlyB.stdout);
    } finally {
      origin.dispose();
    }
  });

  test('a clean pull request passes', () => {
    const { origin, base } = pullRequestOrigin();
    try {
      origin.write(`${A}/kep.yaml`, origin.read(`${A}/kep.yaml`).replace('creation_date:', 'creation-date:'));
      const r = runAction(origin.root, { name: 'pull_request', payload: { pull_request: { base: { sha: base } } } });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.deepEqual(annotations(r.stdout), []);
    } finally {
      origin.dispose();
    }
  });
});

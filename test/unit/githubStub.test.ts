// The GitHub stand-in of the end-to-end tests (scripts/e2e/githubStub.mjs): it must accept what
// GitHub accepts, answer what Octokit expects, and reject — with GitHub's OpenAPI description as
// the reason — what GitHub would reject or silently ignore.
import { after, before, beforeEach, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Octokit } from '@octokit/rest';
import type { GitHubStub, StubRequest, StubState } from '../../scripts/e2e/githubStub.mjs';
import { repoRoot } from '../support/paths.js';

const TOKEN = 'stub-test-token';

describe('GitHub stand-in', () => {
  let stub: GitHubStub;
  let gh: Octokit;

  before(async () => {
    // Imported at run time from the source tree: tsc does not copy .mjs files to out/.
    const mod = (await import(pathToFileURL(path.join(repoRoot, 'scripts/e2e/githubStub.mjs')).href)) as typeof import('../../scripts/e2e/githubStub.mjs');
    stub = await mod.startGitHubStub({ token: TOKEN });
    gh = new Octokit({ auth: TOKEN, baseUrl: stub.url, log: { debug() {}, info() {}, warn() {}, error() {} } });
  });
  after(() => stub.close());
  beforeEach(() => fetch(`${stub.url}/__stub/reset`, { method: 'POST' }));

  const recorded = async (): Promise<StubRequest[]> => (await fetch(`${stub.url}/__stub/requests`)).json() as Promise<StubRequest[]>;
  const state = async (): Promise<StubState> => (await fetch(`${stub.url}/__stub/state`)).json() as Promise<StubState>;
  const raw = (method: string, p: string, body?: unknown, auth: string | null = `token ${TOKEN}`): Promise<Response> =>
    fetch(stub.url + p, {
      method,
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  /** Octokit's error for a call expected to fail. */
  const failure = async (call: Promise<unknown>): Promise<{ status: number; message: string }> => {
    try {
      await call;
    } catch (e) {
      const err = e as { status: number; message: string };
      return { status: err.status, message: err.message };
    }
    assert.fail('the call should have been rejected');
  };

  it('accepts a valid issue creation and answers as GitHub does', async () => {
    const created = await gh.issues.create({ owner: 'kubernetes', repo: 'enhancements', title: 'Sidecar readiness gates', body: 'Tracking issue', labels: ['sig/node'] });
    assert.equal(created.status, 201);
    assert.equal(created.data.number, 6001);
    assert.equal(created.data.title, 'Sidecar readiness gates');
    assert.equal(created.data.state, 'open');
    assert.equal(created.data.html_url, `${stub.url}/kubernetes/enhancements/issues/6001`);
    assert.deepEqual(created.data.labels.map((l) => (typeof l === 'string' ? l : l.name)), ['sig/node']);
    assert.equal(created.data.user?.login, 'kep-author');

    const [request] = await recorded();
    assert.equal(request.operationId, 'issues/create');
    assert.equal(request.valid, true, request.errors.join('; '));
    assert.equal(request.authorization, 'token');
    assert.deepEqual(request.body, { title: 'Sidecar readiness gates', body: 'Tracking issue', labels: ['sig/node'] });
    assert.deepEqual(request.responseErrors, []);
    assert.deepEqual((await state()).issues.map((i) => [i.repo, i.number, i.title]), [['kubernetes/enhancements', 6001, 'Sidecar readiness gates']]);
  });

  it('serves every operation KEP Studio uses with responses that satisfy GitHub’s response schemas', async () => {
    assert.equal((await gh.users.getAuthenticated()).data.login, 'kep-author');
    const repo = await gh.repos.get({ owner: 'kubernetes', repo: 'enhancements' });
    assert.equal(repo.data.full_name, 'kubernetes/enhancements');
    assert.equal(repo.data.default_branch, 'main');
    const issue = await gh.issues.create({ owner: 'kubernetes', repo: 'enhancements', title: 'Pod readiness for sidecars' });
    assert.equal((await gh.issues.get({ owner: 'kubernetes', repo: 'enhancements', issue_number: issue.data.number })).data.title, 'Pod readiness for sidecars');
    await failure(gh.issues.get({ owner: 'kubernetes', repo: 'enhancements', issue_number: 1 })).then((e) => assert.equal(e.status, 404));

    const found = await gh.search.issuesAndPullRequests({ q: 'repo:kubernetes/enhancements is:issue in:title readiness SIDECARS' });
    assert.deepEqual(found.data.items.map((i) => i.number), [issue.data.number]);
    const none = await gh.search.issuesAndPullRequests({ q: 'repo:kubernetes/enhancements is:issue liveness' });
    assert.equal(none.data.total_count, 0);

    const pull = await gh.pulls.create({ owner: 'kubernetes', repo: 'enhancements', title: 'KEP-6001: Pod readiness for sidecars', head: 'kep-author:kep-6001', base: 'main', draft: true });
    assert.equal(pull.status, 201);
    assert.equal(pull.data.number, 6002);
    assert.equal(pull.data.html_url, `${stub.url}/kubernetes/enhancements/pull/6002`);
    assert.equal(pull.data.base.ref, 'main');
    assert.equal(pull.data.head.ref, 'kep-6001');
    const labels = await gh.issues.addLabels({ owner: 'kubernetes', repo: 'enhancements', issue_number: pull.data.number, labels: ['kind/kep', 'sig/node'] });
    assert.deepEqual(labels.data.map((l) => l.name), ['kind/kep', 'sig/node']);

    const requests = await recorded();
    assert.deepEqual(
      requests.map((r) => r.operationId),
      ['users/get-authenticated', 'repos/get', 'issues/create', 'issues/get', 'issues/get', 'search/issues-and-pull-requests', 'search/issues-and-pull-requests', 'pulls/create', 'issues/add-labels'],
    );
    for (const r of requests) {
      assert.equal(r.valid, true, `${r.method} ${r.path}: ${r.errors.join('; ')}`);
      assert.deepEqual(r.responseErrors, [], `${r.method} ${r.path}`);
    }
    const s = await state();
    assert.deepEqual(s.pulls.map((p) => [p.number, p.head, p.base, p.draft, p.labels]), [[6002, 'kep-author:kep-6001', 'main', true, ['kind/kep', 'sig/node']]]);
  });

  it('rejects a request body field the OpenAPI description does not define', async () => {
    const res = await raw('POST', '/repos/kubernetes/enhancements/issues', { title: 'x', label: ['sig/node'] });
    assert.equal(res.status, 422);
    const data = (await res.json()) as { message: string; errors: { message: string }[] };
    assert.match(data.message, /body: unknown property 'label' \(not in the OpenAPI schema\)/);
    assert.equal(data.errors.length, 1);
    const [request] = await recorded();
    assert.equal(request.valid, false);
    assert.equal(request.operationId, 'issues/create');
    assert.deepEqual(request.errors, ["body: unknown property 'label' (not in the OpenAPI schema)"]);
    assert.deepEqual((await state()).issues, [], 'nothing is created');
  });

  it('rejects a value of the wrong type, through Octokit too', async () => {
    const e = await failure(gh.issues.create({ owner: 'kubernetes', repo: 'enhancements', title: 'x', body: 42 as unknown as string }));
    assert.equal(e.status, 422);
    assert.match(e.message, /body\/body: must be string/);
    const pull = await failure(gh.pulls.create({ owner: 'kubernetes', repo: 'enhancements', title: 'x', head: 'a', base: 'main', draft: 'yes' as unknown as boolean }));
    assert.equal(pull.status, 422);
    assert.match(pull.message, /body\/draft: must be boolean/);
    const missing = await raw('POST', '/repos/kubernetes/enhancements/pulls', { title: 'x', head: 'a' });
    assert.equal(missing.status, 422);
    assert.match(((await missing.json()) as { message: string }).message, /missing required property 'base'/);
    const param = await raw('GET', '/repos/kubernetes/enhancements/issues/abc');
    assert.equal(param.status, 422);
    const query = await raw('GET', '/search/issues?q=x&sort=newest');
    assert.equal(query.status, 422);
    assert.match(((await query.json()) as { message: string }).message, /query\/sort: must be one of/);
    assert.ok((await recorded()).every((r) => !r.valid));
  });

  it('rejects an endpoint that is not part of the GitHub API, or a wrong method', async () => {
    const res = await raw('POST', '/repos/kubernetes/enhancements/tracking-issues', { title: 'x' });
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { message: string }).message, /matches no operation of GitHub's OpenAPI description/);
    const method = await raw('PUT', '/repos/kubernetes/enhancements/issues', { title: 'x' });
    assert.equal(method.status, 400);
    assert.match(((await method.json()) as { message: string }).message, /PUT is not a method of \/repos\/\{owner\}\/\{repo\}\/issues/);
    const unimplemented = await raw('GET', '/repos/kubernetes/enhancements/issues/1/comments');
    assert.equal(unimplemented.status, 501);
    const requests = await recorded();
    assert.deepEqual(requests.map((r) => [r.operationId, r.valid, r.implemented]), [[null, false, false], [null, false, false], ['issues/list-comments', true, false]]);
  });

  it('requires a token', async () => {
    assert.equal((await raw('GET', '/user', undefined, null)).status, 401);
    assert.equal((await raw('GET', '/user', undefined, 'Basic abc')).status, 401);
    assert.equal((await raw('GET', '/user', undefined, 'bearer wrong-token')).status, 401);
    assert.equal((await raw('GET', '/user', undefined, `Bearer ${TOKEN}`)).status, 200);
    assert.deepEqual((await recorded()).map((r) => r.errors), [
      ['no authorization header'],
      ['authorization header is not "token …" or "bearer …"'],
      ['authorization token is not the expected one'],
      [],
    ]);
  });

  it('answers injected failures, finds seeded issues and serves the web pages', async () => {
    await raw('POST', '/__stub/fail', { operationId: 'issues/create', status: 403, message: 'Resource not accessible by integration' }, null);
    const e = await failure(gh.issues.create({ owner: 'kubernetes', repo: 'enhancements', title: 'x' }));
    assert.equal(e.status, 403);
    assert.equal((await gh.issues.create({ owner: 'kubernetes', repo: 'enhancements', title: 'x' })).status, 201, 'a failure is injected once');

    await raw('POST', '/__stub/seed', { issues: [{ repo: 'containerd/containerd', number: 42, title: 'KEP: image volume support', labels: ['kind/kep'] }] }, null);
    const found = await gh.search.issuesAndPullRequests({ q: 'repo:containerd/containerd label:kind/kep image volume' });
    assert.deepEqual(found.data.items.map((i) => i.number), [42]);

    const page = await fetch(`${stub.url}/kubernetes/enhancements/issues/new?title=KEP%20tracking`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /KEP tracking/);
    const web = (await recorded()).at(-1)!;
    assert.equal(web.kind, 'web');
    assert.deepEqual(web.query, { title: 'KEP tracking' });
  });
});

// A local stand-in for api.github.com, for the end-to-end tests (GitHub cannot be reached from
// the development and CI machines).
//
// It implements the few REST operations KEP Studio uses, keeps its state in memory, and checks
// every request against GitHub's published OpenAPI description (the @octokit/openapi package):
// the method and path must match an operation; path parameters, query parameters and the JSON
// body must satisfy that operation's schemas (objects in request bodies are treated as closed,
// so a misspelt field fails); an `authorization: token …` or `bearer …` header is required.
// A failing request gets a 400/401/422 response whose message lists the reasons, and is
// recorded like every other request. Its own responses are checked against the operation's
// response schema too (`responseErrors` in the record), so a test can tell Octokit got what
// GitHub would send.
//
// Control endpoints (no authorization needed; not recorded):
//   GET  /__stub/requests   every recorded request with its validation result
//   GET  /__stub/state      issues and pull requests created, labels, the configuration
//   POST /__stub/reset      forget requests, created issues and injected failures
//   POST /__stub/seed       {"issues":[{"repo":"o/r","title":…,"body"?,"labels"?,"state"?,"number"?}]}
//   POST /__stub/fail       {"operationId"|"path": …, "method"?, "status", "message"?, "times"?}:
//                           answer the next matching valid request(s) with that error
//
// Use: `import { startGitHubStub } from './githubStub.mjs'`, or run this file
// (`node scripts/e2e/githubStub.mjs [--port N] [--host H] [--token T]`).
import * as http from 'node:http';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';

const require = createRequire(import.meta.url);

/** The operations the stand-in implements (operationId → handler name below). */
const IMPLEMENTED = new Set([
  'users/get-authenticated',
  'search/issues-and-pull-requests',
  'repos/get',
  'issues/get',
  'issues/create',
  'pulls/create',
  'issues/add-labels',
]);

const DOCS = 'https://docs.github.com/rest';

// ---------------------------------------------------------------------------------------------
// The OpenAPI description
// ---------------------------------------------------------------------------------------------

/** @type {ReturnType<typeof prepareSpec> | undefined} */
let specCache;

/** Path of the api.github.com description shipped by @octokit/openapi. */
export function openApiPath() {
  return require.resolve('@octokit/openapi/generated/api.github.com.json');
}

/** Loads and prepares the description once per process (about 13 MB of JSON). */
export function loadSpec() {
  specCache ??= prepareSpec(JSON.parse(fs.readFileSync(openApiPath(), 'utf8')));
  return specCache;
}

const REF_BASE = 'https://api.github.com/openapi.json';

function prepareSpec(doc) {
  // OpenAPI 3.0 schemas → JSON Schema for ajv: `nullable`, and `#/…` refs into the shared document.
  const components = Object.fromEntries(Object.entries(doc.components.schemas).map(([name, s]) => [name, convertSchema(s, { oneOfToAnyOf: true })]));
  const ajvOptions = { strict: false, allErrors: true, validateFormats: false, discriminator: false };
  const ajv = new Ajv(ajvOptions);
  ajv.addSchema({ $id: REF_BASE, components: { schemas: components } });
  // Parameters arrive as strings: coerce them to the declared types before validating.
  const ajvParams = new Ajv({ ...ajvOptions, coerceTypes: true });

  const operations = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    const literal = template.split('/').filter((s) => s && !s.startsWith('{')).length;
    const names = [];
    const source = template
      .split('/')
      .map((seg) => seg.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{([^}]+)\\?\}/g, (_, n) => (names.push(n), '([^/]+)')))
      .join('/');
    const regex = new RegExp(`^${source}/?$`);
    for (const method of ['get', 'put', 'post', 'patch', 'delete', 'head', 'options']) {
      const op = item[method];
      if (!op) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => resolveRef(doc, p));
      operations.push({ method: method.toUpperCase(), template, regex, names, literal, op, params });
    }
  }
  // Most literal segments first: /repos/{owner}/{repo}/issues/comments before …/issues/{issue_number}.
  operations.sort((a, b) => b.literal - a.literal);

  const validators = new Map();
  /** Compiled validators of one operation, built on first use. */
  function validatorsFor(entry) {
    let v = validators.get(entry);
    if (v) return v;
    const paramSchema = (where) => {
      const list = entry.params.filter((p) => p.in === where);
      return {
        type: 'object',
        properties: Object.fromEntries(list.map((p) => [p.name, convertSchema(inlineRefs(doc, p.schema ?? {}), {})])),
        required: list.filter((p) => p.required).map((p) => p.name),
        additionalProperties: false,
      };
    };
    const rb = entry.op.requestBody && resolveRef(doc, entry.op.requestBody);
    const bodySchema = rb?.content?.['application/json']?.schema;
    v = {
      path: ajvParams.compile(paramSchema('path')),
      query: ajvParams.compile(paramSchema('query')),
      bodyRequired: Boolean(rb?.required),
      body: bodySchema ? ajv.compile(closeObjects(convertSchema(inlineRefs(doc, bodySchema), {}))) : undefined,
      responses: new Map(),
      response(status) {
        if (!this.responses.has(status)) {
          let r = entry.op.responses[String(status)];
          r = r && resolveRef(doc, r);
          const s = r?.content?.['application/json']?.schema;
          this.responses.set(status, s ? ajv.compile(rebaseRefs(convertSchema(s, { oneOfToAnyOf: true }))) : undefined);
        }
        return this.responses.get(status);
      },
    };
    validators.set(entry, v);
    return v;
  }

  function match(method, pathname) {
    let pathOnly;
    for (const entry of operations) {
      const m = entry.regex.exec(pathname);
      if (!m) continue;
      if (entry.method !== method) {
        pathOnly ??= entry;
        continue;
      }
      const pathParams = {};
      entry.names.forEach((n, i) => {
        pathParams[n] = safeDecode(m[i + 1]);
      });
      return { entry, pathParams };
    }
    return { pathOnly };
  }

  return { doc, match, validatorsFor, examples: doc.components.examples };
}

function safeDecode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Follows a `{"$ref":"#/…"}` to the object it names. */
function resolveRef(doc, node) {
  let seen = 0;
  while (node && typeof node.$ref === 'string' && node.$ref.startsWith('#/')) {
    if (++seen > 20) throw new Error(`reference loop at ${node.$ref}`);
    node = node.$ref
      .slice(2)
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((o, k) => o?.[k], doc);
  }
  return node;
}

/** A copy of a schema with every `#/…` reference inlined (a reference loop becomes `{}`). */
function inlineRefs(doc, schema, stack = []) {
  if (Array.isArray(schema)) return schema.map((s) => inlineRefs(doc, s, stack));
  if (!schema || typeof schema !== 'object') return schema;
  if (typeof schema.$ref === 'string') {
    if (stack.includes(schema.$ref)) return {};
    return inlineRefs(doc, resolveRef(doc, { $ref: schema.$ref }), [...stack, schema.$ref]);
  }
  const out = {};
  for (const [k, v] of Object.entries(schema)) out[k] = k === 'example' || k === 'examples' ? v : inlineRefs(doc, v, stack);
  return out;
}

/** `#/components/…` → the shared document's absolute URI (for schemas compiled on their own). */
function rebaseRefs(schema) {
  if (Array.isArray(schema)) return schema.map(rebaseRefs);
  if (!schema || typeof schema !== 'object') return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? REF_BASE + v : rebaseRefs(v);
  return out;
}

const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas']);

/**
 * OpenAPI 3.0 → JSON Schema: `nullable: true` becomes a type union (or an anyOf with null);
 * examples are dropped; with oneOfToAnyOf, oneOf becomes anyOf (GitHub's response schemas use
 * oneOf with a discriminator whose branches overlap, which plain oneOf would reject).
 */
function convertSchema(schema, opts) {
  if (Array.isArray(schema)) return schema.map((s) => convertSchema(s, opts));
  if (!schema || typeof schema !== 'object') return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'example' || k === 'examples' || k === 'nullable' || k === 'discriminator' || k === 'xml' || k === 'externalDocs') continue;
    if (SCHEMA_MAPS.has(k) && v && typeof v === 'object') out[k] = Object.fromEntries(Object.entries(v).map(([n, s]) => [n, convertSchema(s, opts)]));
    else if (k === 'oneOf' && opts.oneOfToAnyOf) out.anyOf = convertSchema(v, opts);
    else if (typeof v === 'object') out[k] = convertSchema(v, opts);
    else out[k] = v;
  }
  if (schema.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
      return out;
    }
    return { anyOf: [{ type: 'null' }, out] };
  }
  return out;
}

/** Request bodies: objects without `additionalProperties` accept only their declared properties. */
function closeObjects(schema) {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (!schema || typeof schema !== 'object') return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (SCHEMA_MAPS.has(k) && v && typeof v === 'object') out[k] = Object.fromEntries(Object.entries(v).map(([n, s]) => [n, closeObjects(s)]));
    // allOf branches see only their own properties: closing them would reject the others'.
    else if (k === 'allOf') out[k] = v;
    else out[k] = typeof v === 'object' ? closeObjects(v) : v;
  }
  if (out.properties && out.additionalProperties === undefined && !out.allOf && !out.patternProperties) out.additionalProperties = false;
  return out;
}

/** ajv errors → readable reasons, e.g. `body/labels/0: must be string`. */
function reasons(where, errors) {
  const out = [];
  for (const e of errors ?? []) {
    const at = `${where}${e.instancePath}`;
    let msg = e.message ?? 'is invalid';
    if (e.keyword === 'additionalProperties') msg = `unknown property '${e.params.additionalProperty}' (not in the OpenAPI schema)`;
    else if (e.keyword === 'required') msg = `missing required property '${e.params.missingProperty}'`;
    else if (e.keyword === 'enum') msg = `must be one of ${JSON.stringify(e.params.allowedValues)}`;
    const line = `${at}: ${msg}`;
    if (!out.includes(line)) out.push(line);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

/**
 * Starts the stand-in. Options: host (127.0.0.1), port (0 = any free port), token (when set,
 * the only accepted token), login (the authenticated user, `kep-author`), webUrl (base of
 * `html_url`s; default: the stand-in's own URL), firstNumber (issues and pull requests are
 * numbered from firstNumber + 1; default 6000), log (a function receiving one line per request).
 */
export async function startGitHubStub(options = {}) {
  const spec = loadSpec();
  const host = options.host ?? '127.0.0.1';
  const login = options.login ?? 'kep-author';
  const firstNumber = options.firstNumber ?? 6000;
  const log = options.log ?? (() => {});

  /** @type {any[]} */
  let requests = [];
  let failures = [];
  let state;
  const reset = () => {
    requests = [];
    failures = [];
    state = { repos: new Map(), nextId: 1000 };
  };
  reset();

  let baseUrl = '';
  let requestCounter = 0;
  const webUrl = () => (options.webUrl ?? baseUrl).replace(/\/$/, '');

  // ----- model -----
  const repoKey = (owner, repo) => `${owner}/${repo}`.toLowerCase();
  function repoState(owner, repo) {
    const key = repoKey(owner, repo);
    let r = state.repos.get(key);
    if (!r) {
      r = { owner, name: repo, id: state.nextId++, issues: new Map(), labels: new Map(), next: firstNumber + 1 };
      state.repos.set(key, r);
    }
    return r;
  }
  function labelFor(r, name) {
    let l = r.labels.get(name.toLowerCase());
    if (!l) {
      const id = state.nextId++;
      l = { id, node_id: nodeId('LA', id), url: `${baseUrl}/repos/${r.owner}/${r.name}/labels/${encodeURIComponent(name)}`, name, description: null, color: 'ededed', default: false };
      r.labels.set(name.toLowerCase(), l);
    }
    return l;
  }
  function createIssue(r, fields) {
    const number = fields.number ?? r.next++;
    if (number >= r.next) r.next = number + 1;
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const issue = {
      id: state.nextId++,
      number,
      title: String(fields.title),
      body: fields.body ?? null,
      user: fields.user ?? login,
      labels: (fields.labels ?? []).map((l) => labelFor(r, typeof l === 'string' ? l : l.name)),
      assignees: fields.assignees ?? [],
      state: fields.state ?? 'open',
      created_at: now,
      updated_at: now,
      pull: fields.pull,
    };
    r.issues.set(number, issue);
    return issue;
  }

  // ----- response objects (GitHub's own examples, rewritten for this stand-in) -----
  const example = (name) => spec.examples[name].value;
  function rewrite(value, owner, repo) {
    let text = JSON.stringify(value);
    if (owner && repo) {
      text = text
        .replaceAll('https://api.github.com/repos/octocat/Hello-World', `${baseUrl}/repos/${owner}/${repo}`)
        .replaceAll('https://github.com/octocat/Hello-World', `${webUrl()}/${owner}/${repo}`)
        .replaceAll('git@github.com:octocat/Hello-World', `git@127.0.0.1:${owner}/${repo}`)
        .replaceAll('git:github.com/octocat/Hello-World', `git:127.0.0.1/${owner}/${repo}`)
        .replaceAll('https://svn.github.com/octocat/Hello-World', `${webUrl()}/${owner}/${repo}`)
        .replaceAll('octocat/Hello-World', `${owner}/${repo}`);
    }
    text = text.replaceAll('https://api.github.com', baseUrl).replaceAll('https://github.com', webUrl());
    return JSON.parse(text);
  }
  function simpleUser(name) {
    const ex = example('simple-user');
    const u = rewrite({ ...ex }, undefined, undefined);
    const s = JSON.parse(JSON.stringify(u).replaceAll('octocat', name));
    s.login = name;
    s.id = name === login ? 1 : 2 + [...name].reduce((a, c) => (a * 31 + c.charCodeAt(0)) % 1e6, 0);
    s.node_id = nodeId('U', s.id);
    return s;
  }
  function userResponse() {
    const u = JSON.parse(JSON.stringify(rewrite(example('private-user'))).replaceAll('octocat', login));
    return { ...u, login, id: 1, node_id: nodeId('U', 1), name: 'KEP Author', email: `${login}@example.com`, company: null, blog: '', location: null, bio: null, twitter_username: null };
  }
  function repoResponse(r) {
    const base = rewrite(example('full-repository-default-response'), r.owner, r.name);
    const owner = simpleUser(r.owner);
    for (const k of ['organization', 'parent', 'source', 'template_repository']) delete base[k];
    return {
      ...base,
      id: r.id,
      node_id: nodeId('R', r.id),
      name: r.name,
      full_name: `${r.owner}/${r.name}`,
      owner,
      description: `${r.owner}/${r.name} (GitHub stand-in)`,
      homepage: null,
      language: null,
      default_branch: 'main',
      private: false,
      visibility: 'public',
      fork: false,
      has_issues: true,
      open_issues: [...r.issues.values()].filter((i) => i.state === 'open').length,
      open_issues_count: [...r.issues.values()].filter((i) => i.state === 'open').length,
    };
  }
  function issueResponse(r, i) {
    const base = rewrite(example('issue'), r.owner, r.name);
    const apiIssue = `${baseUrl}/repos/${r.owner}/${r.name}/issues/${i.number}`;
    const out = {
      ...base,
      id: i.id,
      node_id: nodeId('I', i.id),
      url: apiIssue,
      labels_url: `${apiIssue}/labels{/name}`,
      comments_url: `${apiIssue}/comments`,
      events_url: `${apiIssue}/events`,
      html_url: `${webUrl()}/${r.owner}/${r.name}/${i.pull ? 'pull' : 'issues'}/${i.number}`,
      number: i.number,
      state: i.state,
      state_reason: null,
      title: i.title,
      body: i.body,
      user: simpleUser(i.user),
      labels: i.labels,
      assignee: i.assignees[0] ? simpleUser(i.assignees[0]) : null,
      assignees: i.assignees.map(simpleUser),
      milestone: null,
      locked: false,
      active_lock_reason: null,
      comments: 0,
      pinned_comment: null,
      closed_at: null,
      closed_by: null,
      created_at: i.created_at,
      updated_at: i.updated_at,
      author_association: 'MEMBER',
    };
    if (i.pull) {
      const apiPull = `${baseUrl}/repos/${r.owner}/${r.name}/pulls/${i.number}`;
      const webPull = `${webUrl()}/${r.owner}/${r.name}/pull/${i.number}`;
      out.pull_request = { url: apiPull, html_url: webPull, diff_url: `${webPull}.diff`, patch_url: `${webPull}.patch`, merged_at: null };
    } else delete out.pull_request;
    return out;
  }
  function searchItem(r, i) {
    const template = example('issue-search-result-item-paginated').items[0];
    const issue = issueResponse(r, i);
    const out = {};
    for (const k of Object.keys(template)) if (k in issue) out[k] = issue[k];
    out.score = 1;
    if (!i.pull) delete out.pull_request;
    if (out.body == null) delete out.body; // optional, but not nullable, in issue-search-result-item
    return out;
  }
  function pullResponse(r, i) {
    const base = rewrite(example('pull-request'), r.owner, r.name);
    const repo = repoResponse(r);
    // The pull-request schema's head/base.repo is a `repository`: the full-repository fields it lacks do no harm.
    const side = (ref) => ({ label: `${r.owner}:${ref}`, ref, sha: '0'.repeat(40), user: simpleUser(r.owner), repo });
    const apiPull = `${baseUrl}/repos/${r.owner}/${r.name}/pulls/${i.number}`;
    const webPull = `${webUrl()}/${r.owner}/${r.name}/pull/${i.number}`;
    const apiIssue = `${baseUrl}/repos/${r.owner}/${r.name}/issues/${i.number}`;
    return {
      ...base,
      url: apiPull,
      id: i.id,
      node_id: nodeId('PR', i.id),
      html_url: webPull,
      diff_url: `${webPull}.diff`,
      patch_url: `${webPull}.patch`,
      issue_url: apiIssue,
      commits_url: `${apiPull}/commits`,
      review_comments_url: `${apiPull}/comments`,
      review_comment_url: `${baseUrl}/repos/${r.owner}/${r.name}/pulls/comments{/number}`,
      comments_url: `${apiIssue}/comments`,
      statuses_url: `${baseUrl}/repos/${r.owner}/${r.name}/statuses/${'0'.repeat(40)}`,
      number: i.number,
      state: i.state,
      locked: false,
      title: i.title,
      user: simpleUser(i.user),
      body: i.body,
      labels: i.labels,
      milestone: null,
      active_lock_reason: null,
      created_at: i.created_at,
      updated_at: i.updated_at,
      closed_at: null,
      merged_at: null,
      merge_commit_sha: null,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      head: side(i.pull.head.includes(':') ? i.pull.head.split(':')[1] : i.pull.head),
      base: side(i.pull.base),
      _links: {
        self: { href: apiPull },
        html: { href: webPull },
        issue: { href: apiIssue },
        comments: { href: `${apiIssue}/comments` },
        review_comments: { href: `${apiPull}/comments` },
        review_comment: { href: `${baseUrl}/repos/${r.owner}/${r.name}/pulls/comments{/number}` },
        commits: { href: `${apiPull}/commits` },
        statuses: { href: `${baseUrl}/repos/${r.owner}/${r.name}/statuses/${'0'.repeat(40)}` },
      },
      author_association: 'MEMBER',
      auto_merge: null,
      draft: i.pull.draft,
      merged: false,
      mergeable: null,
      rebaseable: null,
      mergeable_state: 'unknown',
      merged_by: null,
      comments: 0,
      review_comments: 0,
      maintainer_can_modify: i.pull.maintainer_can_modify,
      commits: 1,
      additions: 0,
      deletions: 0,
      changed_files: 0,
    };
  }

  // ----- search -----
  function search(q) {
    const terms = [];
    const quals = [];
    for (const m of q.matchAll(/(-?)([\w-]+):("[^"]*"|\S+)|"([^"]*)"|(\S+)/g)) {
      if (m[2]) quals.push({ neg: m[1] === '-', key: m[2].toLowerCase(), value: m[3].replace(/^"|"$/g, '') });
      else terms.push((m[4] ?? m[5]).toLowerCase());
    }
    const inFields = quals.filter((x) => x.key === 'in').flatMap((x) => x.value.toLowerCase().split(','));
    const items = [];
    for (const r of state.repos.values()) {
      for (const i of r.issues.values()) {
        const ok = quals.every(({ neg, key, value }) => {
          const v = value.toLowerCase();
          let hit;
          switch (key) {
            case 'repo': hit = repoKey(r.owner, r.name) === v; break;
            case 'user': case 'org': case 'owner': hit = r.owner.toLowerCase() === v; break;
            case 'is': case 'type':
              hit = v === 'issue' ? !i.pull : v === 'pr' || v === 'pull-request' ? Boolean(i.pull) : v === 'open' || v === 'closed' ? i.state === v : true;
              break;
            case 'state': hit = i.state === v; break;
            case 'label': hit = i.labels.some((l) => l.name.toLowerCase() === v); break;
            case 'author': case 'creator': hit = i.user.toLowerCase() === v; break;
            default: hit = true; // in:, sort:, and qualifiers the stand-in does not model
          }
          return neg ? !hit : hit;
        });
        if (!ok) continue;
        const hay = [inFields.length === 0 || inFields.includes('title') ? i.title : '', inFields.length === 0 || inFields.includes('body') ? i.body ?? '' : '']
          .join('\n')
          .toLowerCase();
        if (terms.every((t) => hay.includes(t))) items.push(searchItem(r, i));
      }
    }
    items.sort((a, b) => b.number - a.number);
    return { total_count: items.length, incomplete_results: false, search_type: 'lexical', items };
  }

  // ----- operations -----
  const handlers = {
    'users/get-authenticated': () => [200, userResponse()],
    'search/issues-and-pull-requests': ({ query }) => {
      const result = search(String(query.q));
      const per = Number(query.per_page ?? 30);
      const page = Number(query.page ?? 1);
      result.items = result.items.slice((page - 1) * per, page * per);
      return [200, result];
    },
    'repos/get': ({ params }) => [200, repoResponse(repoState(params.owner, params.repo))],
    'issues/get': ({ params }) => {
      const r = repoState(params.owner, params.repo);
      const i = r.issues.get(Number(params.issue_number));
      return i ? [200, issueResponse(r, i)] : notFound();
    },
    'issues/create': ({ params, body }) => {
      const r = repoState(params.owner, params.repo);
      const i = createIssue(r, { title: body.title, body: body.body, labels: body.labels, assignees: body.assignees ?? (body.assignee ? [body.assignee] : []) });
      return [201, issueResponse(r, i), { location: `${baseUrl}/repos/${r.owner}/${r.name}/issues/${i.number}` }];
    },
    'pulls/create': ({ params, body }) => {
      const r = repoState(params.owner, params.repo);
      if (body.title === undefined && body.issue === undefined) return validationFailed(['body: `title` is required unless `issue` is given (pulls/create)']);
      if (body.head === body.base) return validationFailed([`body: head and base are the same branch ('${body.head}')`]);
      const open = [...r.issues.values()].find((i) => i.pull && i.state === 'open' && i.pull.head === body.head && i.pull.base === body.base);
      if (open) return validationFailed([`A pull request already exists for ${body.head} (#${open.number}).`]);
      const i = createIssue(r, {
        title: body.title ?? `Issue #${body.issue}`,
        body: body.body ?? null,
        pull: { head: body.head, base: body.base, draft: Boolean(body.draft), maintainer_can_modify: body.maintainer_can_modify ?? true },
      });
      return [201, pullResponse(r, i), { location: `${baseUrl}/repos/${r.owner}/${r.name}/pulls/${i.number}` }];
    },
    'issues/add-labels': ({ params, body }) => {
      const r = repoState(params.owner, params.repo);
      const i = r.issues.get(Number(params.issue_number));
      if (!i) return notFound();
      for (const l of body?.labels ?? []) {
        const label = labelFor(r, typeof l === 'string' ? l : l.name);
        if (!i.labels.includes(label)) i.labels.push(label);
      }
      i.updated_at = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      return [200, i.labels];
    },
  };
  const notFound = () => [404, { message: 'Not Found', documentation_url: DOCS, status: '404' }];
  const validationFailed = (list) => [
    422,
    { message: `Validation Failed: ${list.join('; ')}`, errors: list.map((message) => ({ resource: 'Request', code: 'invalid', message })), documentation_url: DOCS, status: '422' },
  ];

  // ----- control endpoints -----
  function control(method, pathname, body) {
    if (method === 'GET' && pathname === '/__stub/requests') return [200, requests];
    if (method === 'GET' && pathname === '/__stub/state') return [200, stateSnapshot()];
    if (method === 'POST' && pathname === '/__stub/reset') {
      reset();
      return [200, { ok: true }];
    }
    if (method === 'POST' && pathname === '/__stub/seed') {
      const created = [];
      for (const s of body?.issues ?? []) {
        const [owner, repo] = String(s.repo ?? 'kubernetes/enhancements').split('/');
        const r = repoState(owner, repo);
        created.push(issueResponse(r, createIssue(r, { title: s.title, body: s.body ?? null, labels: s.labels, state: s.state, number: s.number, user: s.user })));
      }
      return [200, created];
    }
    if (method === 'POST' && pathname === '/__stub/fail') {
      if (!body || typeof body.status !== 'number' || !(body.operationId || body.path)) return [400, { message: 'expected {"operationId"|"path", "method"?, "status", "message"?, "times"?}' }];
      failures.push({ times: 1, ...body });
      return [200, { ok: true, pending: failures.length }];
    }
    return [404, { message: `unknown control endpoint ${method} ${pathname}` }];
  }
  function stateSnapshot() {
    const issues = [];
    const pulls = [];
    for (const r of state.repos.values()) {
      for (const i of r.issues.values()) {
        const o = { repo: `${r.owner}/${r.name}`, number: i.number, title: i.title, body: i.body, state: i.state, labels: i.labels.map((l) => l.name), assignees: i.assignees, user: i.user, html_url: `${webUrl()}/${r.owner}/${r.name}/${i.pull ? 'pull' : 'issues'}/${i.number}` };
        if (i.pull) pulls.push({ ...o, head: i.pull.head, base: i.pull.base, draft: i.pull.draft });
        else issues.push(o);
      }
    }
    return { url: baseUrl, webUrl: webUrl(), login, issues, pulls, pendingFailures: failures };
  }

  // ----- request handling -----
  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://stub');
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);

    const send = (status, data, headers = {}) => {
      const text = data === undefined ? '' : typeof data === 'string' ? data : JSON.stringify(data, null, 2);
      res.writeHead(status, {
        'content-type': typeof data === 'string' ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
        'x-github-media-type': 'github.v3; format=json',
        'x-github-request-id': `STUB:${++requestCounter}`,
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4999',
        'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
        ...headers,
      });
      res.end(text);
    };

    if (url.pathname.startsWith('/__stub/')) {
      let body;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        return send(400, { message: 'Problems parsing JSON' });
      }
      const [status, data] = control(method, url.pathname, body);
      return send(status, data);
    }

    const query = {};
    for (const [k, v] of url.searchParams) query[k] = k in query ? [].concat(query[k], v) : v;
    const auth = req.headers.authorization;
    const record = {
      id: requests.length + 1,
      time: new Date().toISOString(),
      method,
      path: url.pathname,
      query,
      body: undefined,
      operationId: null,
      pathParams: {},
      authorization: auth ? auth.split(/\s+/)[0].toLowerCase() : null,
      userAgent: req.headers['user-agent'] ?? null,
      valid: false,
      implemented: false,
      errors: [],
      status: 0,
      responseErrors: [],
    };
    requests.push(record);
    const finish = (status, data, headers) => {
      record.status = status;
      log(`${method} ${url.pathname}${url.search} → ${status}${record.errors.length ? ` (${record.errors.join('; ')})` : ''}`);
      send(status, data, headers);
    };

    // Pages of the web UI (the new-issue form KEP Studio opens when it cannot call the API).
    const web = /^\/[^/]+\/[^/]+\/(issues\/new|issues\/\d+|pull\/\d+|compare\/.+|pulls)$/.exec(url.pathname);
    if (method === 'GET' && web && !auth) {
      record.kind = 'web';
      record.valid = true;
      record.implemented = true;
      const title = url.searchParams.get('title') ?? '';
      return finish(200, `<!doctype html><title>GitHub stand-in</title><h1>${escapeHtml(url.pathname)}</h1><p>${escapeHtml(title)}</p>`);
    }
    record.kind = 'api';

    const { entry, pathParams, pathOnly } = spec.match(method, url.pathname);
    if (!entry) {
      record.errors.push(
        pathOnly
          ? `${method} is not a method of ${pathOnly.template} in GitHub's OpenAPI description (it has ${spec.doc.paths[pathOnly.template] ? Object.keys(spec.doc.paths[pathOnly.template]).filter((m) => m !== 'parameters').map((m) => m.toUpperCase()).join(', ') : '?'})`
          : `${method} ${url.pathname} matches no operation of GitHub's OpenAPI description`,
      );
      return finish(400, { message: `Not a GitHub REST API operation: ${record.errors[0]}`, documentation_url: DOCS, status: '400' });
    }
    record.operationId = entry.op.operationId;
    record.template = entry.template;
    record.pathParams = pathParams;
    record.implemented = IMPLEMENTED.has(entry.op.operationId);

    if (!auth || !/^(token|bearer)\s+\S+/i.test(auth)) {
      record.errors.push(auth ? `authorization header is not "token …" or "bearer …"` : 'no authorization header');
      return finish(401, { message: 'Requires authentication', documentation_url: DOCS, status: '401' });
    }
    if (options.token && auth.replace(/^\S+\s+/, '') !== options.token) {
      record.errors.push('authorization token is not the expected one');
      return finish(401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });
    }

    let body;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch (e) {
        record.body = raw;
        record.errors.push(`body is not JSON: ${e.message}`);
        return finish(400, { message: 'Problems parsing JSON', documentation_url: DOCS, status: '400' });
      }
    }
    record.body = body;

    const v = spec.validatorsFor(entry);
    const coercedPath = { ...pathParams };
    if (!v.path(coercedPath)) record.errors.push(...reasons('path', v.path.errors));
    const coercedQuery = { ...query };
    if (!v.query(coercedQuery)) record.errors.push(...reasons('query', v.query.errors));
    if (body === undefined) {
      if (v.bodyRequired) record.errors.push('body: required by the operation but missing');
    } else if (!v.body) {
      record.errors.push('body: the operation takes no request body');
    } else if (!v.body(body)) {
      record.errors.push(...reasons('body', v.body.errors));
    }
    if (record.errors.length) return finish(422, validationFailed(record.errors.map((e) => `${e} (${entry.op.operationId})`))[1]);
    record.valid = true;

    const failure = failures.find((f) => (f.operationId ? f.operationId === entry.op.operationId : f.path === entry.template || f.path === url.pathname) && (!f.method || f.method.toUpperCase() === method));
    if (failure) {
      if (--failure.times <= 0) failures.splice(failures.indexOf(failure), 1);
      record.injected = true;
      return finish(failure.status, { message: failure.message ?? http.STATUS_CODES[failure.status] ?? 'Error', documentation_url: DOCS, status: String(failure.status) });
    }

    const handler = handlers[entry.op.operationId];
    if (!handler) {
      record.errors.push(`${entry.op.operationId} is a GitHub operation the stand-in does not implement`);
      return finish(501, { message: `The GitHub stand-in does not implement ${entry.op.operationId} (${method} ${entry.template})`, documentation_url: DOCS, status: '501' });
    }
    const [status, data, headers] = handler({ params: coercedPath, query: coercedQuery, body });
    const check = v.response(status);
    if (check && !check(data)) record.responseErrors = reasons('response', check.errors);
    return finish(status, data, headers);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      log(`stand-in error: ${e.stack ?? e}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `GitHub stand-in error: ${e.message}` }));
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const port = server.address().port;
  baseUrl = `http://${host}:${port}`;
  return {
    url: baseUrl,
    port,
    server,
    get requests() {
      return requests;
    },
    state: stateSnapshot,
    reset,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

function nodeId(prefix, id) {
  return Buffer.from(`0:${prefix}${id}`).toString('base64').replace(/=+$/, '');
}

function escapeHtml(s) {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

// `node scripts/e2e/githubStub.mjs [--port N] [--host H] [--token T]`
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const stub = await startGitHubStub({
    host: arg('host'),
    port: arg('port') ? Number(arg('port')) : 0,
    token: arg('token'),
    log: (line) => console.log(line),
  });
  console.log(`GitHub stand-in listening on ${stub.url}`);
  const stop = () => stub.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

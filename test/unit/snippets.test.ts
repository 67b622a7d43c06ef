// The snippets contributed by package.json (snippets/*.code-snippets): well-formed, and what they
// insert (with every placeholder left at its default text) is what the engine and the KEP
// template expect.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { ProposalDoc } from '../../server/src/kinds/document.js';
import { recognise } from '../../server/src/kinds/recognise.js';
import { builtInKinds } from '../../server/src/kinds/registry.js';
import { kindSnippets } from '../../server/src/kinds/scaffold.js';
import { decodeProblems } from '../../server/src/metadata/schemaValidation.js';
import { MarkdownDoc, type MdSection } from '../../server/src/parse/markdownDoc.js';
import { checkToc } from '../../server/src/parse/mdtoc/toc.js';
import { parseYaml } from '../../server/src/parse/yaml.js';
import { YamlView } from '../../server/src/parse/yamlView.js';
import { enhancementsDir, repoRoot } from '../support/paths.js';

// ---- a VS Code snippet expander ----------------------------------------------------------------

type SnippetNode =
  | string
  | { kind: 'tabstop'; index: number; children?: SnippetNode[]; choices?: string[] }
  | { kind: 'variable'; name: string; children?: SnippetNode[] };

/**
 * Parses VS Code snippet syntax: `$n`, `${n}`, `${n:default}`, `${n|a,b|}`, `$VAR`, `${VAR}`,
 * `${VAR:default}` and the escapes `\$`, `\}`, `\\`. Throws on a `$` that starts none of these
 * (VS Code would insert it literally: almost always a forgotten escape) and on transforms.
 */
function parseSnippet(src: string): SnippetNode[] {
  let pos = 0;
  const fail = (msg: string): never => {
    throw new Error(`${msg} at offset ${pos}: …${JSON.stringify(src.slice(Math.max(0, pos - 30), pos + 30))}…`);
  };
  function parse(nested: boolean): SnippetNode[] {
    const out: SnippetNode[] = [];
    let text = '';
    const flush = (): void => {
      if (text) out.push(text);
      text = '';
    };
    while (pos < src.length) {
      const c = src[pos]!;
      if (c === '\\' && pos + 1 < src.length && '$}\\'.includes(src[pos + 1]!)) {
        text += src[pos + 1];
        pos += 2;
      } else if (c === '}' && nested) {
        break;
      } else if (c === '$') {
        flush();
        out.push(parseDollar());
      } else {
        text += c;
        pos++;
      }
    }
    flush();
    return out;
  }
  function parseDollar(): SnippetNode {
    pos++; // $
    const rest = src.slice(pos);
    let m = /^\d+/.exec(rest);
    if (m) {
      pos += m[0].length;
      return { kind: 'tabstop', index: Number(m[0]) };
    }
    m = /^[_a-zA-Z][_a-zA-Z0-9]*/.exec(rest);
    if (m) {
      pos += m[0].length;
      return { kind: 'variable', name: m[0] };
    }
    if (src[pos] !== '{') return fail('unescaped $');
    pos++;
    m = /^(\d+|[_a-zA-Z][_a-zA-Z0-9]*)/.exec(src.slice(pos));
    if (!m) return fail('bad ${');
    pos += m[0].length;
    const isTabstop = /^\d/.test(m[0]);
    const node: SnippetNode = isTabstop ? { kind: 'tabstop', index: Number(m[0]) } : { kind: 'variable', name: m[0] };
    const next = src[pos];
    if (next === '}') {
      pos++;
    } else if (next === ':') {
      pos++;
      node.children = parse(true);
      if (src[pos] !== '}') fail('unterminated placeholder');
      pos++;
    } else if (next === '|' && node.kind === 'tabstop') {
      pos++;
      const choices: string[] = [];
      let cur = '';
      for (;;) {
        if (pos >= src.length) fail('unterminated choice');
        const c = src[pos]!;
        if (c === '\\' && ',|\\$}'.includes(src[pos + 1] ?? '')) {
          cur += src[pos + 1];
          pos += 2;
        } else if (c === ',') {
          choices.push(cur);
          cur = '';
          pos++;
        } else if (c === '|' && src[pos + 1] === '}') {
          choices.push(cur);
          pos += 2;
          break;
        } else {
          cur += c;
          pos++;
        }
      }
      node.choices = choices;
    } else {
      fail(next === '/' ? 'transforms are not supported' : 'bad placeholder');
    }
    return node;
  }
  return parse(false);
}

const VARIABLES: Record<string, string> = {
  CURRENT_YEAR: '2026',
  CURRENT_MONTH: '01',
  CURRENT_DATE: '31',
  TM_FILENAME_BASE: '1234',
  TM_SELECTED_TEXT: '',
};

/** The text a snippet inserts when every placeholder keeps its default (or the choice `pick` returns). */
function expandSnippet(body: string, pick: (index: number, choices: string[]) => number = () => 0): string {
  const nodes = parseSnippet(body);
  const values = new Map<number, string>();
  const render = (ns: SnippetNode[]): string => ns.map(renderNode).join('');
  function renderNode(n: SnippetNode): string {
    if (typeof n === 'string') return n;
    if (n.kind === 'variable') {
      const v = VARIABLES[n.name];
      if (v === undefined) throw new Error(`unknown snippet variable ${n.name}`);
      return v !== '' ? v : render(n.children ?? []);
    }
    if (n.index === 0) return '';
    let v = values.get(n.index);
    if (v === undefined && (n.children || n.choices)) {
      v = n.choices ? n.choices[pick(n.index, n.choices)]! : render(n.children!);
      values.set(n.index, v);
    }
    return v ?? '';
  }
  // A mirror ($1) may come before the placeholder that gives it its text: collect defaults first.
  render(nodes);
  return render(nodes);
}

/** Every tab stop index used in a body, and the choice lists. */
function tabstops(body: string): { indexes: Set<number>; choices: Map<number, string[]> } {
  const indexes = new Set<number>();
  const choices = new Map<number, string[]>();
  const walk = (ns: SnippetNode[]): void => {
    for (const n of ns) {
      if (typeof n === 'string') continue;
      if (n.kind === 'tabstop') {
        indexes.add(n.index);
        if (n.choices) choices.set(n.index, n.choices);
      }
      if (n.children) walk(n.children);
    }
  };
  walk(parseSnippet(body));
  return { indexes, choices };
}

test('the expander handles placeholders, choices, mirrors, variables and escapes', () => {
  assert.equal(expandSnippet('a ${1:x ${2:y}} $1 ${3|p,q|} \\$ \\} \\\\ $0 ${CURRENT_YEAR}'), 'a x y x y p $ } \\  2026');
  assert.equal(expandSnippet('$1-${1:v}'), 'v-v');
  assert.equal(expandSnippet('${1|p,q|}', () => 1), 'q');
  assert.equal(expandSnippet('${TM_SELECTED_TEXT:${1:def}}'), 'def');
  assert.throws(() => expandSnippet('costs 5$'), /unescaped \$/);
  assert.throws(() => expandSnippet('${1/a/b/}'), /transforms/);
  assert.throws(() => expandSnippet('$NOPE'), /unknown snippet variable/);
});

// ---- the snippet files ------------------------------------------------------------------------

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
  isFileTemplate?: boolean;
  scope?: string;
}

const SNIPPET_FILES = { yaml: 'snippets/yaml.code-snippets', markdown: 'snippets/markdown.code-snippets' } as const;

function load(file: string): Record<string, Snippet> {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, file), 'utf8')) as Record<string, Snippet>;
}

const bodyText = (s: Snippet): string => (Array.isArray(s.body) ? s.body.join('\n') : s.body);
const prefixes = (s: Snippet): string[] => (Array.isArray(s.prefix) ? s.prefix : [s.prefix]);

function byPrefix(file: string, prefix: string): Snippet {
  const found = Object.values(load(file)).find((s) => prefixes(s).includes(prefix));
  assert.ok(found, `${file} has a snippet with prefix ${prefix}`);
  return found;
}

test('package.json contributes both snippet files, and each is valid JSON with prefix, body and description', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    contributes: { snippets: { language: string; path: string }[] };
  };
  for (const [language, file] of Object.entries(SNIPPET_FILES)) {
    assert.ok(
      pkg.contributes.snippets.some((s) => s.language === language && path.normalize(s.path) === path.normalize(file)),
      `package.json contributes ${file} for ${language}`,
    );
  }
  const seen = new Map<string, string>();
  for (const file of Object.values(SNIPPET_FILES)) {
    const snippets = load(file);
    assert.ok(Object.keys(snippets).length > 0, `${file} has snippets`);
    for (const [name, s] of Object.entries(snippets)) {
      const where = `${file} › ${name}`;
      assert.deepEqual(
        Object.keys(s).filter((k) => !['prefix', 'body', 'description', 'isFileTemplate', 'scope'].includes(k)),
        [],
        `${where}: only VS Code snippet keys`,
      );
      assert.ok(prefixes(s).length > 0, `${where}: has a prefix`);
      for (const p of prefixes(s)) {
        assert.match(p, /^kep-[a-z0-9-]+$/, `${where}: prefix ${p} starts with kep- (no clash with common snippets)`);
        assert.ok(!seen.has(p), `${where}: prefix ${p} is also used by ${seen.get(p)}`);
        seen.set(p, where);
      }
      assert.ok(typeof s.description === 'string' && s.description.length > 20, `${where}: has a description`);
      assert.ok(Array.isArray(s.body) ? s.body.every((l) => typeof l === 'string') : typeof s.body === 'string', `${where}: body`);
      assert.ok(bodyText(s).trim().length > 0, `${where}: body is not empty`);
      // Parses as snippet syntax (no stray $) and numbers its tab stops 1..n without gaps.
      const { indexes } = tabstops(bodyText(s));
      const numbered = [...indexes].filter((i) => i > 0).sort((a, b) => a - b);
      assert.deepEqual(
        numbered,
        numbered.map((_, i) => i + 1),
        `${where}: tab stops are numbered 1..n`,
      );
      expandSnippet(bodyText(s));
    }
  }
});

// ---- the template, read in place ----------------------------------------------------------------

const templateDir = path.join(enhancementsDir, 'keps/NNNN-kep-template');
const templateReadme = fs.readFileSync(path.join(templateDir, 'README.md'), 'utf8');
const templateKepYaml = fs.readFileSync(path.join(templateDir, 'kep.yaml'), 'utf8');
const templateDoc = new MarkdownDoc('README.md', templateReadme);

const outline = (doc: MarkdownDoc, from = 2): string[] =>
  doc.sections.filter((s) => s.level >= from).map((s) => `${'#'.repeat(s.level)} ${s.title}`);

function section(doc: MarkdownDoc, title: string, within?: MdSection): MdSection {
  const s = doc.sections.find((x) => x.title === title && (!within || (x.heading.start >= within.contentStart && x.heading.start < within.end)));
  assert.ok(s, `section ${title}`);
  return s;
}

function h6Questions(doc: MarkdownDoc, within: MdSection): string[] {
  return doc.subsections(within).filter((s) => s.level === 6).map((s) => s.title);
}

// ---- kep.yaml and PRR approval files ------------------------------------------------------------

test('kep-yaml inserts a kep.yaml that the kep.yaml schema accepts, for every choice of status, stage and disable-supported', () => {
  const s = byPrefix(SNIPPET_FILES.yaml, 'kep-yaml');
  const { choices } = tabstops(bodyText(s));
  assert.deepEqual([...choices.values()].find((c) => c.includes('provisional')), ['provisional', 'implementable']);
  assert.deepEqual(
    [...choices.values()].find((c) => c.includes('alpha')),
    ['alpha', 'beta', 'stable', 'deprecated', 'disabled', 'removed'],
  );
  const longest = Math.max(...[...choices.values()].map((c) => c.length));
  for (let k = 0; k < longest; k++) {
    const text = expandSnippet(bodyText(s), (_i, c) => Math.min(k, c.length - 1));
    const problems = decodeProblems(new YamlView(parseYaml(text)), 'kep');
    assert.deepEqual(problems, [], `choice #${k}:\n${text}`);
  }
});

test('kep-yaml has every field of the template kep.yaml, in order, with its comments and quoted v1.N milestones', () => {
  const text = expandSnippet(bodyText(byPrefix(SNIPPET_FILES.yaml, 'kep-yaml')));
  const keys = (yaml: string): string[] => [...yaml.matchAll(/^( *)([a-z-]+):/gm)].map((m) => m[1] + m[2]);
  assert.deepEqual(keys(text), keys(templateKepYaml));
  const comments = (yaml: string): string[] => yaml.split('\n').filter((l) => l.startsWith('#'));
  assert.deepEqual(comments(text), comments(templateKepYaml));
  const value = parseYaml(text).value as Record<string, unknown>;
  assert.equal(value['latest-milestone'], 'v1.NN');
  assert.deepEqual(value['milestone'], { alpha: 'v1.NN', beta: 'v1.NN', stable: 'v1.NN' });
  assert.equal(value['disable-supported'], 'true');
  assert.equal(value['creation-date'], '2026-01-31');
  assert.deepEqual(value['feature-gates'], [{ name: 'MyFeature', components: ['kube-apiserver'] }]);
  assert.match(text, /^latest-milestone: "v1\.NN"$/m, 'milestones are quoted so YAML keeps them strings');
});

test('kep-prr-approval inserts a PRR approval file that the PRR schema accepts, for each of the six stages', () => {
  const s = byPrefix(SNIPPET_FILES.yaml, 'kep-prr-approval');
  const { choices } = tabstops(bodyText(s));
  const stages = [...choices.values()][0]!;
  assert.deepEqual(stages, ['alpha', 'beta', 'stable', 'deprecated', 'disabled', 'removed']);
  for (let k = 0; k < stages.length; k++) {
    const text = expandSnippet(bodyText(s), () => k);
    assert.deepEqual(decodeProblems(new YamlView(parseYaml(text)), 'prr'), [], text);
    const value = parseYaml(text).value as Record<string, { approver: string } | string>;
    assert.equal(value['kep-number'], '1234', 'the kep-number defaults to the file name (keps/prod-readiness/<sig>/<number>.yaml)');
    assert.match((value[stages[k]!] as { approver: string }).approver, /^@/);
  }
});

// ---- README skeleton ----------------------------------------------------------------------------

const readmeText = expandSnippet(bodyText(byPrefix(SNIPPET_FILES.markdown, 'kep-readme')));
const readmeDoc = new MarkdownDoc('README.md', readmeText);

test('kep-readme: the title is KEP-NNNN: … and every non-optional H2/H3 of the template is a heading', () => {
  assert.match(readmeText, /^# KEP-NNNN: \S/);
  const required = templateDoc.sections.filter((s) => (s.level === 2 || s.level === 3) && !/\(Optional\)/.test(s.title));
  assert.equal(required.length, 22);
  const titles = new Set(readmeDoc.sections.map((s) => `${s.level} ${s.title}`));
  for (const s of required) assert.ok(titles.has(`${s.level} ${s.title}`), `missing ${'#'.repeat(s.level)} ${s.title}`);
});

test('kep-readme: every heading of the template (H2 to H6), in the template order and nesting', () => {
  assert.deepEqual(outline(readmeDoc), outline(templateDoc));
});

test('kep-readme: both TOC markers are found and the TOC between them is up to date', () => {
  const toc = checkToc(readmeText);
  assert.ok(toc.startMarker, 'start marker');
  assert.ok(toc.endMarker, 'end marker');
  assert.equal(toc.problem, undefined);
  assert.equal(toc.upToDate, true, `expected TOC:\n${toc.expected}`);
});

test('kep-readme: the Release Signoff Checklist items are worded exactly as in the template', () => {
  const items = (doc: MarkdownDoc): string[] => {
    const s = section(doc, 'Release Signoff Checklist');
    return doc.text
      .slice(s.contentStart, s.end)
      .split('\n')
      .filter((l) => /^\s*- \[ \] /.test(l));
  };
  assert.equal(items(templateDoc).length, 14);
  assert.deepEqual(items(readmeDoc), items(templateDoc));
  assert.ok(readmeText.includes('Items marked with (R) are required *prior to targeting to a milestone / release*.'));
  for (const ref of ['[kubernetes.io]:', '[kubernetes/enhancements]:', '[kubernetes/kubernetes]:', '[kubernetes/website]:']) {
    assert.ok(readmeText.includes(ref), `link definition ${ref}`);
  }
});

test('kep-readme: each section has a short guidance comment and the skeleton carries no unresolved marker outside comments', () => {
  for (const s of readmeDoc.sections.filter((x) => x.level === 2 || x.level === 3)) {
    if (/^Story|User Stories/.test(s.title)) continue;
    const own = readmeText.slice(s.contentStart, s.ownEnd);
    assert.ok(own.includes('<!--') || s.title === 'Release Signoff Checklist', `guidance comment under ${s.title}`);
  }
  const outsideComments = readmeText.replace(/<!--[\s\S]*?-->/g, '');
  assert.ok(!outsideComments.includes('<<[UNRESOLVED'));
});

// ---- graduation criteria ------------------------------------------------------------------------

/** The example criteria the template gives for `#### <stage>` (inside its Graduation Criteria comment). */
function templateCriteria(stage: string): string[] {
  const start = templateReadme.indexOf(`#### ${stage}\n`);
  assert.ok(start > 0, `template has #### ${stage}`);
  const rest = templateReadme.slice(start + stage.length + 6);
  const end = rest.search(/^(####|###|-->)/m);
  return rest
    .slice(0, end)
    .split('\n')
    .filter((l) => l.startsWith('- '));
}

for (const [stage, prefix] of [
  ['Alpha', 'kep-graduation-alpha'],
  ['Beta', 'kep-graduation-beta'],
  ['GA', 'kep-graduation-ga'],
  ['Deprecation', 'kep-graduation-deprecation'],
] as const) {
  test(`${prefix}: #### ${stage} with the template's example criteria`, () => {
    const text = expandSnippet(bodyText(byPrefix(SNIPPET_FILES.markdown, prefix)));
    const doc = new MarkdownDoc('x.md', text);
    assert.deepEqual(outline(doc, 1), [`#### ${stage}`]);
    const criteria = templateCriteria(stage);
    assert.ok(criteria.length >= 2);
    assert.deepEqual(
      text.split('\n').filter((l) => l.startsWith('- ')),
      criteria,
    );
  });
}

// ---- PRR questionnaire --------------------------------------------------------------------------

test('kep-prr-questionnaire: all six H3 sections with their H6 questions exactly as the template words them', () => {
  const text = expandSnippet(bodyText(byPrefix(SNIPPET_FILES.markdown, 'kep-prr-questionnaire')));
  const doc = new MarkdownDoc('x.md', text);
  const tPrr = section(templateDoc, 'Production Readiness Review Questionnaire');
  const sPrr = section(doc, 'Production Readiness Review Questionnaire');
  assert.deepEqual(outline(doc), outline(templateDoc).slice(
    outline(templateDoc).indexOf('## Production Readiness Review Questionnaire'),
    outline(templateDoc).indexOf('## Implementation History'),
  ));
  const questions = h6Questions(doc, sPrr);
  assert.equal(questions.length, 25);
  assert.deepEqual(questions, h6Questions(templateDoc, tPrr));
  // The raw heading lines too (plain text would hide escaping differences).
  const rawH6 = (t: string): string[] => t.split('\n').filter((l) => l.startsWith('###### '));
  assert.deepEqual(rawH6(text), rawH6(templateReadme));
  // The README skeleton carries the same questionnaire.
  assert.deepEqual(h6Questions(readmeDoc, section(readmeDoc, 'Production Readiness Review Questionnaire')), questions);
});

test('kep-prr-* section snippets: one per PRR section, each with that section\'s questions', () => {
  const tPrr = section(templateDoc, 'Production Readiness Review Questionnaire');
  const prefixesBySection: Record<string, string> = {
    'Feature Enablement and Rollback': 'kep-prr-enablement',
    'Rollout, Upgrade and Rollback Planning': 'kep-prr-rollout',
    'Monitoring Requirements': 'kep-prr-monitoring',
    Dependencies: 'kep-prr-dependencies',
    Scalability: 'kep-prr-scalability',
    Troubleshooting: 'kep-prr-troubleshooting',
  };
  const h3s = templateDoc.subsections(tPrr).filter((s) => s.level === 3);
  assert.deepEqual(h3s.map((s) => s.title), Object.keys(prefixesBySection));
  for (const h3 of h3s) {
    const text = expandSnippet(bodyText(byPrefix(SNIPPET_FILES.markdown, prefixesBySection[h3.title]!)));
    const doc = new MarkdownDoc('x.md', text);
    const s = section(doc, h3.title);
    assert.equal(s.level, 3);
    assert.deepEqual(h6Questions(doc, s), h6Questions(templateDoc, h3), h3.title);
  }
});

// ---- test plan and unresolved blocks ----------------------------------------------------------

test('kep-test-plan: ### Test Plan with the four H5 subsections of the template', () => {
  const text = expandSnippet(bodyText(byPrefix(SNIPPET_FILES.markdown, 'kep-test-plan')));
  const doc = new MarkdownDoc('x.md', text);
  const expected = templateDoc.subsections(section(templateDoc, 'Test Plan')).map((s) => `${s.level} ${s.title}`);
  assert.deepEqual(expected, ['5 Prerequisite testing updates', '5 Unit tests', '5 Integration tests', '5 e2e tests']);
  assert.deepEqual(outline(doc, 1), ['### Test Plan', ...expected.map((e) => '#'.repeat(Number(e[0])) + e.slice(1))]);
  assert.ok(text.includes('[ ] I/we understand the owners of the involved components may require updates to'));
  assert.ok(text.includes('- `<package>`: `<date>` - `<test coverage>`'));
});

test('kep-unresolved: wraps text in the template\'s UNRESOLVED markers', () => {
  const text = expandSnippet(bodyText(byPrefix(SNIPPET_FILES.markdown, 'kep-unresolved')));
  assert.equal(text, '<<[UNRESOLVED optional short context or usernames ]>>\nStuff that is being argued.\n<<[/UNRESOLVED]>>\n');
});

// ---- the proposal kinds' snippets ---------------------------------------------------------------

test('the proposal kinds’ snippet files are what npm run gen:snippets writes from the kinds', () => {
  for (const [file, format] of [
    ['snippets/proposals.code-snippets', 'markdown'],
    ['snippets/restructuredtext.code-snippets', 'restructuredtext'],
  ] as const) {
    const onDisk = JSON.parse(fs.readFileSync(path.join(repoRoot, file), 'utf8')) as unknown;
    assert.deepEqual(onDisk, kindSnippets(builtInKinds(), format), `${file} is stale: run npm run gen:snippets`);
  }
});

test('each proposal snippet, expanded with its defaults, is recognised as its kind with the project’s name in place', () => {
  const kinds = builtInKinds();
  for (const file of ['snippets/proposals.code-snippets', 'snippets/restructuredtext.code-snippets']) {
    const snippets = JSON.parse(fs.readFileSync(path.join(repoRoot, file), 'utf8')) as Record<string, { prefix: string; body: string[] }>;
    for (const [name, s] of Object.entries(snippets)) {
      const text = expandSnippet(s.body.join('\n'));
      const k = kinds.find((x) => x.snippet?.prefix === s.prefix)!;
      const doc = new ProposalDoc(`/new.${k.format === 'markdown' ? 'md' : 'rst'}`, text, k.format);
      assert.equal(recognise(kinds, doc, `new.${k.format === 'markdown' ? 'md' : 'rst'}`, [])?.kind.id, k.id, name);
      assert.ok(!text.includes('$PROJECT'), `${name}: $PROJECT is a placeholder of the snippet, not its text`);
      assert.ok(text.includes('PROJECT') || k.id === 'containerd-kep-tracking-issue' || k.id === 'rust-rfc' || k.id === 'python-pep', name);
    }
  }
});

// The proposal-kind engine: definitions, patterns, recognition, document model, metadata styles,
// section analysis and scaffolds, on small documents written here.
import { Ajv } from 'ajv';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import kindSchema from '../../schemas/kind.schema.json' with { type: 'json' };
import type { Problem } from '../../server/src/core/problem.js';
import { capMessage } from '../../server/src/core/text.js';
import { Engine, RULES } from '../../server/src/engine.js';
import { analyseSections, headingText } from '../../server/src/kinds/analysis.js';
import type { KindDefinition } from '../../server/src/kinds/definition.js';
import { ProposalDoc } from '../../server/src/kinds/document.js';
import { compileGlob } from '../../server/src/kinds/glob.js';
import { compileKind, metadataAjv } from '../../server/src/kinds/kind.js';
import { checkMetadata, readMetadata } from '../../server/src/kinds/metadata.js';
import { Pattern, PatternBudget, PatternError } from '../../server/src/kinds/pattern.js';
import { compileAssociations, recognise } from '../../server/src/kinds/recognise.js';
import { BUILT_IN, boilerplateOf, builtInKind, builtInKinds, compileProjectKinds } from '../../server/src/kinds/registry.js';
import { parseConfig } from '../../server/src/config/config.js';
import { scaffold } from '../../server/src/kinds/scaffold.js';
import { parseRst } from '../../server/src/parse/rst.js';
import { checkFile, describe as show } from '../support/check.js';

const kind = builtInKind;

/** A folder that is a repository (it holds .git), with the given files. */
function folder(files: Record<string, string>): { root: string; path: (rel: string) => string; dispose: () => void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-studio-kinds-'));
  fs.mkdirSync(path.join(root, '.git'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return { root, path: (rel) => path.join(root, rel), dispose: () => fs.rmSync(root, { recursive: true, force: true }) };
}

const codes = (ps: Problem[]): string[] => ps.map((p) => p.ruleId);

describe('built-in kind definitions', () => {
  test('each matches schemas/kind.schema.json and compiles', () => {
    const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(kindSchema);
    for (const def of BUILT_IN) assert.ok(validate(def), `${def.id}: ${JSON.stringify(validate.errors)}`);
    assert.deepEqual(
      builtInKinds().map((k) => k.id),
      BUILT_IN.map((d) => d.id),
    );
    // Their metadata schemas compile (built-in kinds compile them on first use).
    for (const k of builtInKinds()) if (k.metadata) assert.equal(typeof k.metadata.validator(), 'function', k.id);
  });

  test('the KEP kind is one of them, with its route and tracking kinds', () => {
    const kep = kind('kep');
    assert.equal(kep.submission?.repository, 'kubernetes/enhancements');
    assert.deepEqual(kep.tracking, ['kubernetes-enhancement-issue', 'containerd-kep-tracking-issue']);
  });

  test('every scaffold is recognised as its kind and has no error', () => {
    for (const k of builtInKinds()) {
      if (k.id === 'kep') continue;
      const dir = folder({ [`draft.${k.format === 'markdown' ? 'md' : 'rst'}`]: scaffold(k, 'Acme') });
      try {
        const file = dir.path(`draft.${k.format === 'markdown' ? 'md' : 'rst'}`);
        const engine = new Engine();
        assert.ok(engine.repositoryFor(file).isProposal(file), `${k.id}: its scaffold is not recognised`);
        const problems = checkFile(file);
        assert.deepEqual(problems.filter((p) => p.severity === 'error' && p.ruleId !== 'proposal/metadata-ci'), [], `${k.id}:\n${show(problems)}`);
        assert.deepEqual(codes(problems).filter((c) => c === 'proposal/missing-section'), [], `${k.id}:\n${show(problems)}`);
      } finally {
        dir.dispose();
      }
    }
  });
});

describe('patterns (RE2)', () => {
  test('a pattern that backtracks catastrophically in JavaScript runs in linear time', () => {
    const p = Pattern.compile('^(a+)+$');
    // Inputs are bounded (2,000 characters): within the bound, still linear.
    assert.equal(p.test(`${'a'.repeat(1_999)}b`), false);
    assert.equal(p.test('aaaa'), true);
  });

  test('backreferences, lookahead and oversized patterns are refused with a reason', () => {
    assert.throws(() => Pattern.compile('(a)\\1'), (e: unknown) => e instanceof PatternError && /not a valid RE2 pattern/.test(e.message));
    assert.throws(() => Pattern.compile('(?=a)b'), PatternError);
    assert.throws(() => Pattern.compile('a'.repeat(501)), /longer than 500/);
    assert.throws(() => Pattern.compile('(?:a{1000}){1000}'), PatternError);
  });

  test('kind patterns ignore case unless (?-i); schema patterns are case-sensitive', () => {
    assert.ok(Pattern.compile('graduation').test('Graduation'));
    assert.ok(!Pattern.compile('(?-i)graduation').test('Graduation'));
    assert.ok(!Pattern.compile('^Draft$', { caseSensitive: true }).test('draft'));
    assert.deepEqual(Pattern.compile('^(?P<project>.+) Incubation Application$').groups('Acme Incubation Application'), { project: 'Acme' });
  });

  test('a budget counts characters × program size per document and per run; once spent, its patterns match nothing', () => {
    // "b" compiles to 3 RE2 instructions: a document may scan 100 characters, a run 250.
    const budget = new PatternBudget({ document: 300, run: 750 });
    const p = Pattern.compile('b', { budget });
    const [a, b] = [{}, {}];
    budget.startDocument(a, 'a.md');
    assert.equal(p.test(`${'a'.repeat(99)}b`), true);
    budget.startDocument(b, 'b.md');
    assert.equal(p.test('b'.repeat(100)), true, 'each document has its own allowance');
    budget.startRun();
    budget.startDocument(a, 'a.md');
    assert.equal(p.test('b'), false, 'a new run does not refill a document');
    assert.equal(budget.exceeded, 'its patterns need more than 300 steps (characters scanned × RE2 program size) on a.md');
    assert.deepEqual([p.test('b'), [...p.matches('bbb')], p.groups('b')], [false, [], undefined]);

    const run = new PatternBudget({ document: 300, run: 750 });
    const q = Pattern.compile('b', { budget: run });
    const results = [0, 1, 2].map((i) => {
      run.startDocument({}, `${i}.md`);
      return q.test('b'.repeat(100));
    });
    assert.deepEqual(results, [true, true, false]);
    assert.equal(run.exceeded, 'its patterns need more than 750 steps (characters scanned × RE2 program size) in one run');
  });
});

describe('globs (RE2)', () => {
  const m = (glob: string, p: string): boolean => compileGlob(glob).test(p);

  test('segments, folders, classes, alternatives', () => {
    assert.ok(m('designs/*.md', 'designs/0001-a.md'));
    assert.ok(!m('designs/*.md', 'designs/sub/0001-a.md'), '* stays in its segment');
    assert.ok(m('**/projects/*/*-dd.md', 'projects/cri-o/cri-o-graduation-dd.md'));
    assert.ok(m('**/projects/*/*-dd.md', 'corpus/cncf-toc/projects/cri-o/cri-o-graduation-dd.md'));
    assert.ok(m('**/text/[0-9][0-9][0-9][0-9]-*.md', 'text/0001-acme.md'));
    assert.ok(!m('**/text/[0-9][0-9][0-9][0-9]-*.md', 'text/x001-acme.md'));
    assert.ok(m('docs/{rfcs,designs/*}/*.md', 'docs/designs/2026/a.md'));
    assert.ok(m('docs/{rfcs,designs/*}/*.md', 'docs/rfcs/a.md'));
    assert.ok(m('a/**', 'a/b/c.md') && m('[!x]?.md', 'ab.md') && !m('[!x]?.md', 'xb.md'));
    assert.ok(m('.github/*.md', '.github/README.md'), 'dot files match');
  });

  test('a glob that backtracks polynomially in JavaScript is linear on RE2; broken globs are refused', () => {
    assert.equal(m('**/*a*a*a*a*a*a*a*a*a*a*b', `${'a/'.repeat(100)}${'a'.repeat(300)}`), false);
    assert.throws(() => compileGlob('designs/[abc.md'), /unclosed \[/);
    assert.throws(() => compileGlob('docs/{a,b.md'), /unclosed \{/);
  });

  test('a long or deeply nested glob is refused before it is translated', () => {
    assert.throws(() => compileGlob('{'.repeat(20_000)), (e: unknown) => e instanceof PatternError && /longer than 300/.test(e.message));
    assert.throws(() => compileGlob('**/'.repeat(100)), (e: unknown) => e instanceof PatternError && /too complex to match/.test(e.message));
  });
});

describe('project-defined kinds', () => {
  const base: KindDefinition = { id: 'acme-design', name: 'Acme design', recognise: [{ path: 'designs/*.md' }], sections: [{ title: 'Summary' }] };

  test('problems point into the definition; one bad kind does not drop the others', () => {
    const yaml = [
      'kinds:',
      '  - { id: acme-design, name: Acme design, recognise: [{ path: "designs/*.md" }], sections: [{ title: Summary }] }',
      '  - { id: bad-pattern, name: X, recognise: [{ title: "(a)\\\\1" }], sections: [{ title: Summary }] }',
      '  - { id: kep, name: X, recognise: [{ path: "*.md" }], sections: [{ title: Summary }] }',
      '  - { id: bad-item, name: X, recognise: [{ path: "*.md" }], sections: [{ title: Summary }], checklists: [{ id: c, title: C, items: [{ id: x, label: X, evidence: { section: nope } }] }] }',
      '  - { id: reserved, name: X, recognise: [{ layout: kep }], sections: [{ title: Summary }] }',
      '  - { id: no-name, recognise: [] }',
      '',
    ].join('\n');
    // The configuration checks the definitions' form: the last kind is dropped there.
    const { config, problems: configProblems } = parseConfig(yaml, '/repo/.kep-studio.yaml', RULES);
    assert.ok(configProblems.some((p) => p.range.start.line === 6 && /this kind is not used/.test(p.message)), JSON.stringify(configProblems));
    assert.deepEqual(
      config.kinds.map((k) => k.index),
      [0, 1, 2, 3, 4],
    );
    const { kinds, problems } = compileProjectKinds(
      config.kinds.map((k) => k.definition),
      '/repo/.kep-studio.yaml',
    );
    assert.deepEqual(
      kinds.map((k) => k.id),
      ['acme-design'],
    );
    assert.deepEqual(
      problems.map((p) => `${p.index} ${p.pointer}`),
      ['1 /recognise/0/title', '2 /id', '3 /checklists/0/items/0/evidence/section', '4 /recognise/0/layout'],
    );
  });

  test('a title of the longest kind allowed, all {placeholders}, compiles and matches', () => {
    const title = `ab${'{x}ab'.repeat(59)}`;
    assert.equal(title.length, 297);
    const { kind: compiled, problems } = compileKind({ ...base, sections: [{ title }] }, { config: 'c' }, metadataAjv());
    assert.deepEqual(problems, []);
    assert.ok(compiled!.shapes[0]!.sections[0]!.matchesHeading(`ab${' 1 ab'.repeat(59)}`));
  });

  test('a metadata schema pattern checks the whole of a long value', () => {
    const def: KindDefinition = { ...base, metadata: { style: 'front-matter', schema: { type: 'object', properties: { owner: { type: 'string', pattern: '^[a-z]+$' } } } } };
    const { kind: k } = compileKind(def, { config: 'c' }, metadataAjv());
    const doc = new ProposalDoc('/designs/a.md', `---\nowner: ${'a'.repeat(3000)}!\n---\n\n# Summary\n\nText.\n`, 'markdown');
    const messages = checkMetadata(doc, k!, readMetadata(doc, k!.metadata!)).map((f) => f.message);
    assert.ok(messages.some((m) => m.startsWith('"owner" does not have the expected form')), messages.join('\n'));
  });

  test('untrusted, the kinds and associations a repository defines are not used, and it says so once', () => {
    const dir = folder({
      '.kep-studio.yaml': 'kinds:\n  - { id: acme-design, name: Acme design, recognise: [{ path: "designs/*.md" }], sections: [{ title: Summary }] }\nassociations:\n  "notes/*.md": rust-rfc\n',
      'designs/a.md': '# A\n\n## Summary\n\nText.\n',
      'notes/b.md': '# B\n',
    });
    try {
      const repo = new Engine({ trusted: false }).repositoryFor(dir.root);
      assert.equal(repo.root, dir.root, 'a folder is its own repository');
      const problems = repo.checkUnit({ kind: 'repository' }).problems;
      assert.deepEqual(
        problems.map((p) => [p.ruleId, p.range.start.line, p.message]),
        [['config/untrusted', 0, 'While this workspace is not trusted (Restricted Mode), KEP Studio does not use the kind "acme-design" and the associations of .kep-studio.yaml. Trust the workspace to use them.']],
      );
      assert.equal(repo.isProposal(dir.path('designs/a.md')), false);
      assert.equal(repo.isProposal(dir.path('notes/b.md')), false);
      const trusted = new Engine().repositoryFor(dir.root);
      assert.equal(trusted.isProposal(dir.path('designs/a.md')), true);
      assert.equal(trusted.proposal(dir.path('notes/b.md'))?.recognition.kind.id, 'rust-rfc');
    } finally {
      dir.dispose();
    }
  });

  test('14.9: a manual route’s url must be https (the editor opens it); a file:, script or plain-http one drops the kind', () => {
    for (const url of ['file:///C:/Users/Public/evil.bat', 'javascript:alert(1)', 'http://example.org/guidelines', 'vscode://ms-vscode.remote/open', 'guidelines.html']) {
      const { kind: k, problems } = compileKind({ ...base, submission: { route: 'manual', instructions: 'Mail it.', url } }, { config: 'c' }, metadataAjv());
      assert.equal(k, undefined, url);
      assert.deepEqual(problems, [{ pointer: '/submission/url', message: `the url ${JSON.stringify(url)} is not an https: URL` }]);
    }
    const { kind: ok } = compileKind({ ...base, submission: { route: 'manual', instructions: 'Mail it.', url: 'https://example.org/guidelines' } }, { config: 'c' }, metadataAjv());
    assert.equal(ok?.submission?.url, 'https://example.org/guidelines');
  });

  test('14.3: the associations’ globs draw on a budget of their own; exceeded, they are reported on associations: and not used', () => {
    // 99 globs (the schema allows 100) of 229 RE2 instructions each, tested against a path of 1,006 characters: 23 million steps for one document.
    const globs = Array.from({ length: 99 }, (_, i) => `  "**/${'{ab,cd}/'.repeat(36)}x${i}.md": rust-rfc\n`).join('');
    const rel = `${'abcdefghi/'.repeat(100)}doc.md`;
    const dir = folder({ '.kep-studio.yaml': `associations:\n${globs}  "notes/*.md": rust-rfc\n`, [rel]: '# Doc\n', 'notes/a.md': '# A\n' });
    try {
      const repo = new Engine().repositoryFor(dir.root);
      assert.equal(repo.isProposal(dir.path(rel)), false);
      assert.deepEqual(
        repo.checkUnit({ kind: 'repository' }).problems.map((p) => [p.ruleId, p.range.start.line, p.message]),
        // The document's long path is quoted as an excerpt, as every message quotes values.
        [['config/invalid', 0, capMessage(`The associations in .kep-studio.yaml: their globs need more than 20,000,000 steps (characters scanned × RE2 program size) on ${rel}; they are not used. Simplify their globs.`)]],
      );
      assert.equal(repo.isProposal(dir.path('notes/a.md')), false, 'dropped for the run');
      assert.equal(new Engine().repositoryFor(dir.root).isProposal(dir.path('notes/a.md')), true, 'a small document alone keeps within the budget');
    } finally {
      dir.dispose();
    }
  });

  test('an issue or pull-request route names its repository', () => {
    const yaml = 'kinds:\n  - { id: acme-design, name: Acme design, recognise: [{ path: "designs/*.md" }], sections: [{ title: Summary }], submission: { route: issue } }\n';
    const { config, problems } = parseConfig(yaml, '/repo/.kep-studio.yaml', RULES);
    assert.deepEqual(config.kinds, []);
    assert.ok(problems.some((p) => /must have required property 'repository'; this kind is not used/.test(p.message)), JSON.stringify(problems));
  });

  test('a metadata schema pattern is compiled with RE2 too', () => {
    const { problems } = compileKind({ ...base, metadata: { style: 'front-matter', schema: { type: 'object', properties: { status: { type: 'string', pattern: '(x)\\1' } } } } }, { config: 'c' }, metadataAjv());
    assert.deepEqual(
      problems.map((p) => p.pointer),
      ['/metadata/schema/properties/status/pattern'],
    );
  });
});

describe('reStructuredText structure', () => {
  test('titles, their levels by first appearance, overlines; literal blocks and comments', () => {
    const text = [
      'PEP: 9999',
      'Title: Example',
      '',
      '==========',
      ' Overview',
      '==========',
      '',
      'Abstract',
      '========',
      '',
      'Text::',
      '',
      '    Not a title',
      '    -----------',
      '',
      'Sub',
      '---',
      '',
      '.. a comment',
      '   on two lines',
      '',
      '.. note:: a directive',
      '',
    ].join('\n');
    const m = parseRst(text);
    assert.deepEqual(
      m.headings.map((h) => [h.text, h.level, h.style]),
      [
        ['Overview', 1, '=='],
        ['Abstract', 2, '='],
        ['Sub', 3, '-'],
      ],
    );
    assert.deepEqual(
      m.blocks.map((b) => b.kind),
      ['text', 'text', 'comment', 'text'],
    );
  });
});

describe('headings a fix writes', () => {
  test('reStructuredText: each level keeps its style, overline included, whatever its character', () => {
    const doc = new ProposalDoc('/x.rst', '//////////\n Overview\n//////////\n\nAbstract\n--------\n', 'restructuredtext');
    assert.equal(headingText(doc, 1, 'Motivation'), '//////////\nMotivation\n//////////\n');
    assert.equal(headingText(doc, 2, 'Rationale'), 'Rationale\n---------\n');
  });

  test('a setext heading at the wrong level becomes an ATX heading of the right one', () => {
    const sandbox = kind('cncf-sandbox-application');
    const doc = new ProposalDoc('/s.md', '---\ntitle: "[Sandbox] Acme"\n---\n\nProject Summary\n---------------\n\nAcme does things.\n', 'markdown');
    const a = analyseSections(doc, sandbox, boilerplateOf(sandbox));
    const edit = a.levels.find((l) => l.section.id === 'project-summary')?.fix.edits[0];
    assert.ok(edit?.kind === 'edit', JSON.stringify(a.levels));
    assert.deepEqual([edit.newText, edit.range.start.line, edit.range.end.line], ['### Project Summary', 4, 5]);
  });
});

describe('the proposal document', () => {
  test('front matter is read as YAML, not as a heading; labels and leads', () => {
    const text = '---\ntitle: "[Incubation] Acme"\nlabels:\n  - toc\n---\n\n**Name of project:** Acme\n\n**Description**\n\n== Harbor Style\n\n- 1. Have committers from at least two organizations.\n';
    const doc = new ProposalDoc('/x.md', text, 'markdown');
    assert.equal(doc.frontMatter?.view.string('title'), '[Incubation] Acme');
    assert.deepEqual(doc.headings, []);
    assert.deepEqual(
      doc.labels.map((l) => [l.title, l.level]),
      [
        ['Description', 7],
        ['Harbor Style', 2],
      ],
    );
    assert.deepEqual(
      doc.leads().map((l) => l.text),
      ['Name of project:', 'Description', 'Harbor Style', 'Have committers from at least two organizations.'],
    );
    assert.equal(doc.title?.text, 'Name of project: Acme');
  });
});

describe('recognition', () => {
  const doc = (text: string, format: 'markdown' | 'restructuredtext' = 'markdown') => new ProposalDoc('/x', text, format);
  const kinds = builtInKinds();

  test('front matter before title before first lines before headings before path', () => {
    // The path says graduation proposal, the title due diligence: the title wins.
    assert.equal(recognise(kinds, doc('# Acme Graduation Due Diligence\n'), 'projects/acme/acme-graduation-proposal.md', [])?.kind.id, 'cncf-due-diligence');
    assert.equal(recognise(kinds, doc('---\ntitle: "[Sandbox] Acme"\n---\n# Acme Graduation Proposal\n'), 'x.md', [])?.kind.id, 'cncf-sandbox-application');
    const rfc = recognise(kinds, doc('- Feature Name: `acme`\n- Start Date: 2026-01-01\n'), 'notes/acme.md', []);
    assert.deepEqual([rfc?.kind.id, rfc?.by], ['rust-rfc', 'first lines']);
    assert.equal(recognise(kinds, doc('PEP: 9999\nTitle: X\n', 'restructuredtext'), 'x.rst', [])?.kind.id, 'python-pep');
    assert.equal(recognise(kinds, doc('# README\n\nNothing to see.\n'), 'README.md', []), undefined);
  });

  test('templates are excluded; an association decides alone', () => {
    const template = doc('# $PROJECT Graduation Due Diligence\n');
    assert.equal(recognise(kinds, template, 'operations/toc-templates/template-dd-pr-graduation.md', []), undefined);
    const plain = doc('# Notes\n');
    const r = recognise(kinds, plain, 'apps/acme.md', compileAssociations([{ glob: 'apps/*.md', kind: 'cncf-incubation-application' }]).associations);
    assert.deepEqual([r?.kind.id, r?.by], ['cncf-incubation-application', 'association']);
  });
});

describe('metadata styles', () => {
  const pep = kind('python-pep');

  test('PEP header: continuation lines, duplicates, unknown and out-of-order fields, bad values', () => {
    const text = 'PEP: 0999\nTitle: A thing\nAuthor: A <a@example.org>,\n        B <b@example.org>\nStatus: Proposed\nType: Process\nCreated: 1-Jan-2026\nTitle: Again\nColour: blue\n\nAbstract\n========\n\nText.\n';
    const doc = new ProposalDoc('/pep-0999.rst', text, 'restructuredtext');
    const read = readMetadata(doc, pep.metadata!);
    assert.equal(read.fields.find((f) => f.name === 'Author')?.value, 'A <a@example.org>,\nB <b@example.org>');
    const messages = checkMetadata(doc, pep, read).map((f) => f.message);
    assert.ok(messages.includes('"Title" appears more than once.'), messages.join('\n'));
    assert.ok(messages.some((m) => m.startsWith('"PEP" does not have the expected form')), messages.join('\n'));
    assert.ok(messages.some((m) => m.startsWith('"Status" is "Proposed"; it must be one of')), messages.join('\n'));
    assert.ok(messages.some((m) => m.startsWith('"Created" does not have the expected form')), messages.join('\n'));
    assert.ok(messages.some((m) => m.startsWith('"Colour" is not a field')), messages.join('\n'));
  });

  test('Rust RFC bullet list: a missing field is inserted after the one before it', () => {
    const text = '- Feature Name: `acme`\n- RFC PR: [rust-lang/rfcs#1](https://github.com/rust-lang/rfcs/pull/1)\n- Rust Issue: N/A\n\n## Summary\n';
    const rfc = kind('rust-rfc');
    const doc = new ProposalDoc('/0001-acme.md', text, 'markdown');
    const [missing] = checkMetadata(doc, rfc, readMetadata(doc, rfc.metadata!));
    assert.equal(missing?.message, 'The metadata list has no "Start Date" (the date the RFC was written, YYYY-MM-DD).');
    const edit = missing!.fixes![0]!.edits[0]!;
    assert.ok(edit.kind === 'edit' && edit.range.start.line === 1 && edit.newText === '- Start Date: \n');
  });

  test('containerd key lines: an enum value a slip away gets a fix; a bad release form', () => {
    const c = kind('containerd-kep-tracking-issue');
    const text = '### KEP/SIG-Node References\n\n- KEP(s): https://example.org\n- stage: GA\n- K8s-Release: v1.37\n\n### What is the SIG-Node problem you are trying to solve\n\nX\n';
    const doc = new ProposalDoc('/draft.md', text, 'markdown');
    const findings = checkMetadata(doc, c, readMetadata(doc, c.metadata!));
    const stage = findings.find((f) => f.message.startsWith('"stage"'));
    assert.equal(stage?.fixes?.[0]?.title, 'Change to "ga"');
    assert.ok(findings.some((f) => f.message.startsWith('"K8s-Release" does not have the expected form: the Kubernetes release, written 1.NN')), JSON.stringify(findings));
  });
});

describe('sections against the kind', () => {
  test('the shape followed most closely; a missing section is inserted with its required subsections', () => {
    const dd = kind('cncf-due-diligence');
    const text = '# Acme Graduation Due Diligence\n\n## Graduation Evaluation Summary for Acme\n\n### Criteria Evaluation\n\nGood.\n\n### Final Assessment\n\nDone.\n\n## Application Process Principles\n\n## Security\n\nText.\n';
    const doc = new ProposalDoc('/acme-dd.md', text, 'markdown');
    const a = analyseSections(doc, dd, boilerplateOf(dd));
    assert.equal(a.shape.id, 'template');
    assert.deepEqual(
      a.missing.map((m) => m.section.id),
      ['adoption-evaluation', 'governance', 'community', 'engineering', 'ecosystem'],
    );
    const governance = a.missing.find((m) => m.section.id === 'governance')!.fix.edits[0]!;
    assert.ok(governance.kind === 'edit');
    // After Application Process Principles (the previous section present), before Security.
    assert.equal(governance.range.start.line, text.split('\n').indexOf('## Security'));
    assert.equal(governance.newText, '## Governance and Maintainers\n\n');
    const adoption = a.missing.find((m) => m.section.id === 'adoption-evaluation')!.fix.edits[0]!;
    assert.ok(adoption.kind === 'edit' && adoption.newText === '### Adoption Evaluation\n\n<!-- What the adopter interviews showed. -->\n\n');
  });

  test('an issue-form field with "_No response_" is empty; a heading at another level gets a fix', () => {
    const sandbox = kind('cncf-sandbox-application');
    const doc = new ProposalDoc('/s.md', '---\ntitle: "[Sandbox] Acme"\n---\n\n### Application contact emails\n\na@example.org\n\n## Project Summary\n\nAcme does things.\n\n### Project Description\n\n_No response_\n', 'markdown');
    const a = analyseSections(doc, sandbox, boilerplateOf(sandbox));
    assert.deepEqual(
      a.empty.map((e) => e.section.id),
      ['project-description'],
    );
    assert.deepEqual(
      a.levels.map((l) => [l.section.id, l.fix.edits[0]!.kind === 'edit' && l.fix.edits[0]!.newText]),
      [['project-summary', '### Project Summary']],
    );
  });
});

// The markdown injection grammar (syntaxes/kep-markdown.injection.tmLanguage.json), tested with
// vscode-tmgrammar-test (vscode-textmate + vscode-oniguruma, as VS Code tokenizes) on the test
// cases in test/grammar/*.test.md. VS Code's Markdown grammar is not available offline, so a
// stand-in with its scope names and block structure is the base grammar
// (test/grammar/markdown-base.tmLanguage.json); the injection itself is loaded the way VS Code
// loads it, from package.json's contributes.grammars (injectTo).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/paths.js';

const GRAMMAR = 'syntaxes/kep-markdown.injection.tmLanguage.json';
const BASE = 'test/grammar/markdown-base.tmLanguage.json';
const bin = path.join(repoRoot, 'node_modules/.bin/vscode-tmgrammar-test');

/** Runs vscode-tmgrammar-test on the test cases matched by `glob` (relative to the repository root). */
function runGrammarTests(glob: string): { status: number | null; output: string } {
  // node + the script the .bin link points at: the same on every platform, whatever the .bin shim.
  const script = fs.realpathSync(bin);
  const r = spawnSync(process.execPath, [script, '--config', 'package.json', '-g', BASE, glob], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

interface Grammar {
  scopeName: string;
  injectionSelector?: string;
  patterns: unknown[];
  repository: Record<string, unknown>;
}

test('package.json injects the grammar into Markdown, and the grammar is valid JSON with the same scope name', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    contributes: { grammars: { scopeName: string; path: string; injectTo?: string[] }[] };
  };
  const entry = pkg.contributes.grammars.find((g) => path.normalize(g.path) === path.normalize(GRAMMAR));
  assert.ok(entry, `package.json contributes ${GRAMMAR}`);
  assert.deepEqual(entry.injectTo, ['text.html.markdown']);
  const grammar = JSON.parse(fs.readFileSync(path.join(repoRoot, GRAMMAR), 'utf8')) as Grammar;
  assert.equal(grammar.scopeName, entry.scopeName);
  assert.equal(grammar.scopeName, 'kep-studio.markdown.injection');
  assert.match(grammar.injectionSelector ?? '', /^L:text\.html\.markdown /);
  for (const excluded of ['-comment', '-markup.fenced_code', '-markup.raw']) assert.ok(grammar.injectionSelector!.includes(excluded), excluded);
  // Every local include resolves.
  const includes = JSON.stringify(grammar).match(/"include":\s*"#[^"]+"/g) ?? [];
  for (const inc of includes) {
    const name = /#([^"]+)/.exec(inc)![1]!;
    assert.ok(name in grammar.repository, `#${name} is in the repository`);
  }
  // Every scope the grammar gives ends in .kep-studio (except the HTML comment it shares with Markdown).
  const names = [...JSON.stringify(grammar).matchAll(/"(?:name|contentName)":\s*"([^"]+)"/g)].map((m) => m[1]!);
  const own = names.filter((n) => !n.endsWith('.html') && n !== 'KEP Studio markdown injection');
  assert.ok(own.length > 10);
  for (const n of own) assert.match(n, /\.kep-studio$/, n);
});

test('vscode-tmgrammar-test is installed (devDependency)', () => {
  assert.ok(fs.existsSync(bin), `${bin} exists (npm ci installs it)`);
});

test('the grammar test cases in test/grammar pass', () => {
  const cases = fs.readdirSync(path.join(repoRoot, 'test/grammar')).filter((f) => f.endsWith('.test.md'));
  assert.ok(cases.length > 0, 'test/grammar has *.test.md cases');
  const { status, output } = runGrammarTests('test/grammar/*.test.md');
  assert.equal(status, 0, output);
  for (const c of cases) assert.match(output, new RegExp(`${c.replace(/\./g, '\\.')} run successfu`), output);
});

test('a wrong assertion fails the run (the harness really checks scopes)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kep-grammar-'));
  try {
    fs.writeFileSync(
      path.join(dir, 'wrong.test.md'),
      [
        '<!-- SYNTAX TEST "text.html.markdown" "a deliberately wrong assertion"',
        'See KEP-1234 here.',
        '<!--^^^^^^^^ - constant.other.reference.kep.kep-studio',
        '',
      ].join('\n'),
    );
    const { status, output } = runGrammarTests(path.join(dir, '*.test.md').split(path.sep).join('/'));
    assert.notEqual(status, 0, output);
    assert.match(output, /prohibited scopes: constant\.other\.reference\.kep\.kep-studio/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

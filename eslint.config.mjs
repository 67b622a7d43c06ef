// Lint: type-aware checks for promises and unused code, and the import invariants of README
// "How it is built" (the engine never imports vscode or the LSP runtime; rules import no rule).
import tseslint from 'typescript-eslint';

/** The LSP runtime and the editor API: only lsp/ (the server) and client/ may import them. */
const FRONT_END_ONLY = ['vscode', 'vscode-languageserver', 'vscode-languageserver/node', 'vscode-languageserver-protocol', 'vscode-jsonrpc', 'vscode-languageclient', 'vscode-languageclient/node'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test/fixtures/**', 'samples/**', '**/*.mjs', '**/*.cjs', '**/*.js'] },
  {
    files: ['**/*.ts'],
    plugins: { '@typescript-eslint': tseslint.plugin },
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // node:test's test() and describe() return promises the runner awaits.
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { args: 'after-used', argsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/lsp/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: FRONT_END_ONLY.map((name) => ({ name, message: 'The engine and the CLI never import the editor API or the LSP runtime (README, How it is built); the plain LSP data types are vscode-languageserver-types.' })) }],
    },
  },
  {
    files: ['server/src/rules/*.ts'],
    ignores: ['server/src/rules/index.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: FRONT_END_ONLY.map((name) => ({ name, message: 'Rules are engine code.' })),
        patterns: [{ regex: '^\\./(?!api\\.js$)', message: 'A rule imports no other rule: KEP facts it shares live in server/src/kep/ (README, How it is built).' }],
      }],
    },
  },
);

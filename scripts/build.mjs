// Bundles the runtime artifacts into dist/ (type checking and test compilation are `tsc -b`).
// Bundles are CommonJS: VS Code loads extensions with require(), and one file per program
// starts faster than hundreds of ESM modules.
import * as esbuild from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // Code written as ESM reads import.meta.url; in a CommonJS bundle it is the bundle's own URL.
  define: { 'import.meta.url': '__kepStudioUrl' },
  banner: { js: "const __kepStudioUrl = require('url').pathToFileURL(__filename).href;" },
};

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: ['server/src/cli/run.ts'],
    outfile: 'dist/cli.cjs',
    banner: { js: `#!/usr/bin/env node\n${common.banner.js}` },
  }),
  esbuild.build({ ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.cjs' }),
  // The extension host provides `vscode`.
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.cjs', external: ['vscode'] }),
]);

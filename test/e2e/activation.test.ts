// Smoke test: KEP Studio activates in real VS Code and its language server checks the fixture.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, diagnosticCode, fixtureUri, formatDiagnostics, openFixture, waitForDiagnostics } from './helpers.js';

/** The sample draft KEP with typical mistakes (samples/enhancements). */
const BROKEN_KEP = 'keps/sig-node/9999-sidecar-readiness-gates/kep.yaml';

suite('activation', () => {
  test('activates and publishes the language server’s diagnostics for a broken KEP', async () => {
    await activateExtension();
    const uri = fixtureUri(BROKEN_KEP);
    await openFixture(BROKEN_KEP);

    const diagnostics = await waitForDiagnostics(uri, (ds) => ds.some((d) => diagnosticCode(d) === 'prr/file-missing'));
    const missing = diagnostics.find((d) => diagnosticCode(d) === 'prr/file-missing')!;
    assert.equal(missing.range.start.line + 1, 15, `prr/file-missing on kep.yaml line 15 (stage: beta); got ${formatDiagnostics(diagnostics)}`);
    assert.equal(missing.severity, vscode.DiagnosticSeverity.Error);
    assert.match(missing.message, /keps\/prod-readiness\/sig-nodes\/9999\.yaml/);
  });
});

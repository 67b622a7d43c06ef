// The extension manifest's trust boundaries (issue 14): what a workspace's own settings cannot set.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pkg from '../../package.json' with { type: 'json' };

const settings = pkg.contributes.configuration.properties as Record<string, { scope?: string }>;

test('an untrusted workspace cannot choose files to read or where Submit and File Tracking Issue send the work', () => {
  assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.sort(), [
    'kepStudio.associations',
    'kepStudio.sigs',
    'kepStudio.submit.remote',
    'kepStudio.submit.repositories',
    'kepStudio.tracking.targets',
  ]);
});

test('the GitHub settings are application-scoped: no workspace redirects the token', () => {
  const github = Object.keys(settings).filter((k) => k.startsWith('kepStudio.github.'));
  assert.ok(github.includes('kepStudio.github.apiUrl') && github.includes('kepStudio.github.authenticationProvider'), github.join(', '));
  for (const k of github) assert.equal(settings[k]!.scope, 'application', k);
});

// Every cache the engine and the language server keep is bounded, whatever the number of edits,
// versions or files seen (issue 9, A8). The language server's own test of the same is
// test/lsp/hostile-input.test.ts ("memory does not grow with edits").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LruCache } from '../../server/src/core/lru.js';
import type { FileSystemHost } from '../../server/src/workspace/fileSystem.js';
import { DEFAULT_LIMITS, SourceStore } from '../../server/src/workspace/source.js';

test('the LRU cache keeps the most recently used entries within its total weight', () => {
  const cache = new LruCache<string, string>(100, (_, v) => v.length);
  for (let i = 0; i < 1_000; i++) {
    cache.set(`k${i}`, 'x'.repeat(10));
    if (i % 7 === 0) cache.get('k0'); // used often: kept
  }
  assert.equal(cache.weight, 100);
  assert.equal(cache.size, 10);
  assert.equal(cache.get('k0'), 'x'.repeat(10));
  assert.equal(cache.get('k1'), undefined);
  assert.equal(cache.get('k999'), 'x'.repeat(10));
  // Replacing an entry replaces its weight; an entry heavier than the whole cache does not stay.
  cache.set('k999', 'y');
  assert.equal(cache.weight, 91);
  cache.set('huge', 'z'.repeat(1_000));
  assert.equal(cache.get('huge'), undefined);
  assert.ok(cache.weight <= 100);
});

/** A file system of `count` files of 1,000 characters, named /repo/f<n>.yaml. */
function manyFiles(): FileSystemHost {
  const bytes = new TextEncoder().encode('x'.repeat(1_000));
  return {
    stat: () => undefined,
    lstat: () => undefined,
    readDir: () => [],
    readFile: (p) => (/\/f\d+\.yaml$/.test(p) ? { ok: true, bytes } : { ok: false, error: 'ENOENT', missing: true }),
  };
}

test('the source store keeps files read from disk within its size, and no closed document', () => {
  const store = new SourceStore(manyFiles(), { ...DEFAULT_LIMITS, cachedChars: 100_000 });
  for (let i = 0; i < 2_000; i++) store.get(`/repo/f${i}.yaml`, 'yaml');
  // Missing files are not remembered (requests and edits name any number of them).
  for (let i = 0; i < 2_000; i++) store.get(`/repo/missing-${i}.yaml`, 'yaml');
  const sizes = store.sizes();
  assert.ok(sizes.fileChars <= 100_000, JSON.stringify(sizes));
  assert.equal(sizes.files, Math.floor(100_000 / (1_000 + 256)));
  // Recently read files are still the same objects (parse caches key on them).
  const recent = store.get('/repo/f1999.yaml', 'yaml');
  assert.equal(store.get('/repo/f1999.yaml', 'yaml'), recent);
  for (let v = 1; v <= 500; v++) store.openDocument('/repo/open.md', `# v${v}\n`, v);
  store.closeDocument('/repo/open.md');
  assert.equal(store.sizes().openDocuments, 0);
});

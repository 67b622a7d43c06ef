/** `see-also`, `replaces` and `superseded-by`: how a KEP names another. */
import * as path from 'node:path';
import type { RepositoryView } from '../workspace/repositoryView.js';
import type { Kep } from './kep.js';

export const REFERENCE_KEYS = ['see-also', 'replaces', 'superseded-by'] as const;

/** What a `see-also` / `replaces` / `superseded-by` entry points at, when it points into this repository. */
export type KepReference = { kind: 'path'; relative: string } | { kind: 'number'; number: string };

const ENHANCEMENTS_URL = /^https?:\/\/(?:github\.com\/kubernetes\/enhancements\/(?:tree|blob)\/[^/]+|git\.k8s\.io\/enhancements)\/(keps\/.*)$/;

/** Reads a reference: `/keps/sig-x/123-name`, `keps/...`, an enhancements URL, or `KEP-123`. */
export function parseReference(value: string): KepReference | undefined {
  const v = value.trim().replace(/\s+#.*$/, '');
  const url = ENHANCEMENTS_URL.exec(v);
  const rel = url ? url[1]! : /^\/?(keps\/.+)$/.exec(v)?.[1];
  if (rel) return { kind: 'path', relative: rel.replace(/\/+$/, '').replace(/\/README\.md$/, '').replace(/[?#].*$/, '') };
  const n = /^KEP[- ]?(\d+)$/i.exec(v);
  return n ? { kind: 'number', number: n[1]! } : undefined;
}

/** The KEP (folder or file) a reference resolves to, if it exists. */
export function resolveReference(repo: RepositoryView, ref: KepReference): { path: string; kep?: Kep } | undefined {
  if (ref.kind === 'number') {
    const kep = repo.kepsByNumber(ref.number)[0] ?? repo.kepsByNumber(String(Number(ref.number)))[0];
    return kep ? { path: kep.dir, kep } : undefined;
  }
  const target = path.join(repo.root, ...ref.relative.split('/'));
  const kep = repo.kepAt(target);
  if (kep) return { path: target, kep };
  return repo.source(target, 'markdown').exists || repo.layout.keps.some((l) => l.dir.startsWith(target + path.sep)) ? { path: target } : undefined;
}

import * as path from 'node:path';
import type { Position } from 'vscode-languageserver-types';
import { LineIndex } from '../core/text.js';
import type { Engine } from '../engine.js';
import type { Kep } from '../kep/kep.js';
import { normalizeUser, type OwnerEntry } from '../kep/owners.js';
import { STAGES } from '../kep/process.js';
import { prrPath } from '../kep/prr.js';
import { REFERENCE_KEYS } from '../kep/references.js';
import type { Repository } from '../workspace/repository.js';
import type { RepositoryView } from '../workspace/repositoryView.js';
import { currentKep, featureFile, fieldOf, PEOPLE_FIELDS, REFERENCE_FIELDS } from './context.js';
import { referenceTarget } from './describe.js';
import { KEP_MENTION, kepMentionAt, prrKeps, type FileLocation } from './navigation.js';
import { unquote, yamlCursor } from './yamlCursor.js';

/** What Find All References was asked about: a KEP, or a person (a GitHub handle). */
type Target = { kind: 'kep'; kep: Kep } | { kind: 'handle'; handle: string };

/**
 * Find All References. On a KEP (its kep-number, a see-also / replaces / superseded-by entry,
 * a PRR file's kep-number, a `KEP-NNNN` mention): the entries of every kep.yaml that point at it,
 * its PRR file and the `KEP-NNNN` mentions in the markdown under keps/. On a GitHub handle (a
 * kep.yaml role, an OWNERS or OWNERS_ALIASES entry, a PRR approver): every such entry.
 */
export function references(engine: Engine, file: string, position: Position, includeDeclaration: boolean): FileLocation[] {
  const target = targetAt(engine, file, position);
  if (!target) return [];
  const repo = engine.repositoryFor(file);
  const view = repo.view(new Set());
  return target.kind === 'kep' ? kepReferences(repo, view, target.kep, includeDeclaration) : handleReferences(repo, view, normalizeUser(target.handle));
}

function targetAt(engine: Engine, file: string, position: Position): Target | undefined {
  const f = featureFile(engine, file);
  if (f?.kind === 'markdown') {
    const mention = kepMentionAt(f.text, position);
    const kep = mention && referenceTarget(f.view, mention.text)?.kep;
    return kep && { kind: 'kep', kep };
  }
  const base = path.basename(file);
  const source = f?.source ?? (base === 'OWNERS' || base === 'OWNERS_ALIASES' ? engine.sources.get(file, 'yaml') : undefined);
  if (!source?.exists) return undefined;
  const cursor = yamlCursor(source.text, position);
  if (cursor?.kind !== 'value' || !cursor.token.text) return undefined;
  const value = unquote(cursor.token.text);
  const field = fieldOf(cursor.path);
  const handle: Target = { kind: 'handle', handle: value };
  if (!f) {
    // OWNERS: reviewers and approvers; OWNERS_ALIASES: the members of each alias.
    const owners = base === 'OWNERS' ? field === 'reviewers/*' || field === 'approvers/*' : cursor.path[0] === 'aliases' && cursor.path.length === 3;
    return owners ? handle : undefined;
  }
  if (f.kind === 'prr') {
    if (field === 'kep-number') {
      const kep = prrKeps(f)[0];
      return kep && { kind: 'kep', kep };
    }
    return cursor.path.length === 2 && cursor.path[1] === 'approver' ? handle : undefined;
  }
  if (field === 'kep-number') return { kind: 'kep', kep: currentKep(engine, f) };
  if (REFERENCE_FIELDS.has(field)) {
    const kep = referenceTarget(f.view, value)?.kep;
    return kep && { kind: 'kep', kep };
  }
  return PEOPLE_FIELDS.has(field) && value.toUpperCase() !== 'TBD' ? handle : undefined;
}

function kepReferences(repo: Repository, view: RepositoryView, kep: Kep, includeDeclaration: boolean): FileLocation[] {
  const out: FileLocation[] = [];
  if (includeDeclaration && kep.view?.has('kep-number')) out.push({ path: kep.path, range: kep.range('kep-number') });
  for (const other of repo.allKeps()) {
    for (const key of REFERENCE_KEYS) {
      other.list(key).forEach((value, i) => {
        if (referenceTarget(view, value)?.kep?.dir === kep.dir) out.push({ path: other.path, range: other.range(`/${key}/${i}`) });
      });
    }
  }
  const prr = prrPath(view, kep);
  const prrView = prr && view.source(prr, 'yaml').exists ? view.yaml(prr) : undefined;
  if (prr && prrView?.location('kep-number')) out.push({ path: prr, range: prrView.valueRange('kep-number') });
  const number = kep.number && /^\d+$/.test(kep.number) ? Number(kep.number) : undefined;
  if (number === undefined) return out;
  for (const file of view.layout.markdownFiles) {
    const source = view.source(file, 'markdown');
    if (!source.exists || (source.issue && !source.issue.usable)) continue;
    // A scan, not a parse: this reads every markdown file of the repository.
    let index: LineIndex | undefined;
    for (const m of source.text.matchAll(KEP_MENTION)) {
      if (Number(m[1]) !== number) continue;
      index ??= new LineIndex(source.text);
      out.push({ path: file, range: index.range(m.index, m.index + m[0].length) });
    }
  }
  return out;
}

function handleReferences(repo: Repository, view: RepositoryView, handle: string): FileLocation[] {
  const out: FileLocation[] = [];
  const entries = (file: string, list: OwnerEntry[]): void => {
    for (const e of list) if (e.normalized === handle) out.push({ path: file, range: e.range });
  };
  for (const kep of repo.allKeps()) {
    for (const key of ['authors', 'reviewers', 'approvers']) {
      kep.list(key).forEach((value, i) => {
        if (normalizeUser(value) === handle) out.push({ path: kep.path, range: kep.range(`/${key}/${i}`) });
      });
    }
  }
  for (const file of [path.join(repo.root, 'OWNERS'), ...view.layout.ownersFiles]) {
    const owners = view.owners(file);
    if (!owners) continue;
    entries(file, owners.reviewers);
    entries(file, owners.approvers);
  }
  const aliases = view.ownersAliases();
  if (aliases) for (const members of aliases.aliases.aliases.values()) entries(aliases.path, members);
  for (const file of view.layout.prrFiles) {
    const prr = view.yaml(file);
    for (const stage of STAGES) {
      const approver = prr?.string(`/${stage}/approver`);
      if (approver && normalizeUser(approver) === handle) out.push({ path: file, range: prr!.valueRange(`/${stage}/approver`) });
    }
  }
  return out;
}

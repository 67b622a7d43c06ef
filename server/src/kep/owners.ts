import type { Range } from '../core/problem.js';
import { escapePointer, parseYaml, type YamlError } from '../parse/yaml.js';
import { YamlView } from '../parse/yamlView.js';

export interface OwnerEntry {
  /** As written (may carry `@`). */
  name: string;
  /** Trimmed, without a leading `@`, lower-cased: how the node-approvers check compares. */
  normalized: string;
  range: Range;
}

/** An OWNERS file: only `reviewers` and `approvers` matter to the KEP checks. */
export interface OwnersFile {
  view: YamlView;
  reviewers: OwnerEntry[];
  approvers: OwnerEntry[];
  errors: YamlError[];
}

export function normalizeUser(name: string): string {
  return name.trim().replace(/^@/, '').toLowerCase();
}

export function parseOwners(text: string): OwnersFile {
  const view = new YamlView(parseYaml(text));
  return { view, reviewers: entries(view, 'reviewers'), approvers: entries(view, 'approvers'), errors: view.model.errors };
}

function entries(view: YamlView, key: string): OwnerEntry[] {
  const list = view.list(key) ?? [];
  return list.map((name, i) => ({ name, normalized: normalizeUser(name), range: view.valueRange(`/${key}/${i}`) }));
}

/** OWNERS_ALIASES: `aliases: {name: [members]}`. */
export interface OwnersAliases {
  view: YamlView;
  aliases: Map<string, OwnerEntry[]>;
  errors: YamlError[];
}

export function parseOwnersAliases(text: string): OwnersAliases {
  const view = new YamlView(parseYaml(text));
  const aliases = new Map<string, OwnerEntry[]>();
  const raw = view.get('aliases');
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const name of Object.keys(raw)) {
      const pointer = `/aliases/${escapePointer(name)}`;
      const members = view.list(pointer) ?? [];
      aliases.set(
        name,
        members.map((m, i) => ({ name: m, normalized: normalizeUser(m), range: view.valueRange(`${pointer}/${i}`) })),
      );
    }
  }
  return { view, aliases, errors: view.model.errors };
}

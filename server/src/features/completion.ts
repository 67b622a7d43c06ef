import * as path from 'node:path';
import { CompletionItemKind, CompletionItemTag, InsertTextFormat, InsertTextMode, type CompletionItem, type Position, type Range } from 'vscode-languageserver-types';
import type { Engine } from '../engine.js';
import { normalizeUser } from '../kep/owners.js';
import { KUBERNETES_WIDE, STAGES, STATUSES } from '../kep/process.js';
import { metadataSchemaAt, type MetadataSchema } from '../metadata/schemaValidation.js';
import { isList, isObject, type SchemaNode } from '../metadata/schemaWalk.js';
import type { MdSection } from '../parse/markdownDoc.js';
import { PRR_APPROVERS_ALIAS, PRR_EMERITUS_ALIAS } from '../kep/prr.js';
import { hasSection, sectionKey } from '../kep/readme.js';
import {
  currentKep,
  featureFile,
  fieldOf,
  MILESTONE_FIELDS,
  PEOPLE_FIELDS,
  pointerOf,
  REFERENCE_FIELDS,
  schemaOf,
  SIG_FIELDS,
  type FeatureFile,
} from './context.js';
import { configCompletions, isConfigFile } from './configFile.js';
import { proposalCompletions } from './proposals.js';
import { groupMarkdown, groupTitle, kepMarkdown, peopleIndex, rolesSummary, STAGE_MEANINGS, STATUS_MEANINGS } from './describe.js';
import { yamlCursor, type YamlPath, type YamlToken } from './yamlCursor.js';

/** Completion items at a position of a kep.yaml, a PRR approval file, markdown under keps/ or another proposal. */
export function completions(engine: Engine, file: string, position: Position): CompletionItem[] {
  if (isConfigFile(file)) return configCompletions(engine, file, position);
  const f = featureFile(engine, file);
  if (!f) {
    const p = engine.repositoryFor(file).proposal(file);
    return p ? proposalCompletions(p, position) : [];
  }
  return f.kind === 'markdown' ? headingCompletions(f, position) : yamlCompletions(engine, f, position);
}

// ---------------------------------------------------------------------------------------------
// YAML

/** Where items go: the token to replace, what was typed, and text needed before the insertion. */
interface Slot {
  token: YamlToken;
  prefix: string;
  /** Inserted before each item's text (a space after `key:`, `- ` on an empty line of a list). */
  lead: string;
}

function yamlCompletions(engine: Engine, f: FeatureFile, position: Position): CompletionItem[] {
  const cursor = yamlCursor(f.text, position);
  if (!cursor) return [];
  const schema = schemaOf(f);
  if (cursor.kind === 'key') {
    const node = metadataSchemaAt(schema, pointerOf(cursor.mapping));
    if (node?.properties) return keyItems(f, schema, cursor.mapping, node, cursor.present, cursor.token, cursor.hasColon);
    // An empty line under `authors:` and the like: an item, with its dash.
    if (isList(node) && !cursor.hasColon) {
      return valueItems(engine, f, [...cursor.mapping, -1], { token: cursor.token, prefix: cursor.prefix, lead: '- ' });
    }
    return [];
  }
  const node = metadataSchemaAt(schema, pointerOf(cursor.path));
  // `- ` in a list of mappings (feature-gates) starts an item: its keys.
  if (cursor.item && node?.properties) return keyItems(f, schema, cursor.path, node, cursor.present, cursor.token, false);
  return valueItems(engine, f, cursor.path, { token: cursor.token, prefix: cursor.prefix, lead: cursor.needsSpace ? ' ' : '' });
}

/** Keys of a mapping that are not there yet: required ones first, in schema order. */
function keyItems(f: FeatureFile, schema: MetadataSchema, mapping: YamlPath, node: SchemaNode, present: string[], token: YamlToken, hasColon: boolean): CompletionItem[] {
  const required = new Set(node.required ?? []);
  const indent = ' '.repeat(token.range.start.character);
  return Object.entries(node.properties ?? {}).flatMap(([key], i): CompletionItem[] => {
    if (present.includes(key)) return [];
    const child = metadataSchemaAt(schema, pointerOf([...mapping, key]));
    const snippet = hasColon ? undefined : keySnippet(f, schema, fieldOf([...mapping, key]), key, child, indent);
    // Keys kepval accepts but nothing reads (`editor`, `id`, …) come last, struck through.
    const unused = /\b(not used|unused)\b/i.test(child?.description ?? '');
    const item: CompletionItem = {
      label: key,
      kind: CompletionItemKind.Property,
      detail: [required.has(key) ? 'required' : 'optional', isList(child) ? 'list' : isObject(child) ? 'mapping' : ''].filter(Boolean).join(' '),
      sortText: `${required.has(key) ? 0 : unused ? 2 : 1}${String(i).padStart(3, '0')}`,
      textEdit: { range: token.range, newText: snippet ?? key },
    };
    if (unused) item.tags = [CompletionItemTag.Deprecated];
    if (child?.description) item.documentation = { kind: 'markdown', value: child.description };
    if (snippet) {
      item.insertTextFormat = InsertTextFormat.Snippet;
      item.insertTextMode = InsertTextMode.asIs;
    }
    return [item];
  });
}

/**
 * The text a key inserts: valid YAML with the cursor where the value goes. Continuation lines
 * carry `indent` (the key's column) themselves, so clients insert the text as is.
 */
function keySnippet(f: FeatureFile, schema: MetadataSchema, field: string, key: string, node: SchemaNode | undefined, indent: string): string {
  const nl = `\n${indent}`;
  if (schema === 'prr') {
    if ((STAGES as readonly string[]).includes(key)) return `${key}:${nl}  approver: "@$1"`;
    if (key === 'kep-number' && f.kind === 'prr') return `kep-number: \${1:${f.number}}`;
    if (key === 'approver') return 'approver: "@$1"';
  }
  if (PEOPLE_FIELDS.has(`${field}/*`)) return `${key}:${nl}  - "@$1"`;
  if (MILESTONE_FIELDS.has(field)) return `${key}: "v1.$1"`;
  switch (field) {
    case 'milestone':
      return `milestone:${nl}  alpha: "v1.$1"`;
    case 'feature-gates':
      return `feature-gates:${nl}  - name: $1${nl}    components:${nl}      - $2`;
    case 'disable-supported':
      return 'disable-supported: ${1|true,false|}';
    case 'kep-number':
      return 'kep-number: "$1"';
    case 'creation-date':
    case 'last-updated':
      return `${key}: "\${1:${new Date().toISOString().slice(0, 10)}}"`;
  }
  if (isList(node)) return `${key}:${nl}  - $1`;
  if (isObject(node)) return `${key}:${nl}  $1`;
  return `${key}: $1`;
}

/** Values for the field at `valuePath` (`["status"]`, `["authors", 2]`, `["alpha", "approver"]`; index -1: a new item). */
function valueItems(engine: Engine, f: FeatureFile, valuePath: YamlPath, slot: Slot): CompletionItem[] {
  const field = fieldOf(valuePath);
  if (f.kind === 'prr') {
    if (field === 'kep-number') return [value(slot, f.number, { detail: 'the file name’s number' })];
    if (valuePath.length === 2 && valuePath[1] === 'approver' && (STAGES as readonly string[]).includes(String(valuePath[0]))) return prrApproverItems(f, slot);
    return [];
  }
  const listItem = typeof valuePath[valuePath.length - 1] === 'number';
  if (listItem) {
    // Values the list already has (on other items) are not offered again.
    const index = valuePath[valuePath.length - 1] as number;
    const taken = new Set((engine.models.yaml(f.source).list(pointerOf(valuePath.slice(0, -1))) ?? []).filter((_, i) => i !== index).map(normalizeUser));
    if (taken.size) return listValueItems(engine, f, field, slot).filter((i) => !taken.has(normalizeUser(i.label)));
  }
  return listValueItems(engine, f, field, slot);
}

function listValueItems(engine: Engine, f: FeatureFile, field: string, slot: Slot): CompletionItem[] {
  const listItem = field.endsWith('/*');
  if (field === 'status') return STATUSES.map((s, i) => value(slot, s, { detail: STATUS_MEANINGS[s], sortText: String(i), kind: CompletionItemKind.EnumMember }));
  if (field === 'stage') return STAGES.map((s, i) => value(slot, s, { detail: STAGE_MEANINGS[s], sortText: String(i), kind: CompletionItemKind.EnumMember }));
  if (field === 'disable-supported') {
    return [
      value(slot, 'true', { detail: 'The feature can be disabled once enabled (rollback is possible).', kind: CompletionItemKind.Value }),
      value(slot, 'false', { detail: 'The feature cannot be disabled once enabled.', kind: CompletionItemKind.Value }),
    ];
  }
  if (SIG_FIELDS.has(field)) return sigItems(f, slot, field !== 'owning-sig');
  if (MILESTONE_FIELDS.has(field)) return milestoneItems(f, slot);
  if (PEOPLE_FIELDS.has(field) && listItem) return peopleItems(engine, f, slot);
  if (REFERENCE_FIELDS.has(field) && listItem) return referenceItems(f, slot);
  return [];
}

interface ValueOptions {
  detail?: string;
  documentation?: string;
  sortText?: string;
  kind?: CompletionItemKind;
  /** Written in double quotes (the user's single quotes are kept) even when typed bare. */
  quote?: boolean;
  label?: string;
  /** Extra words the item can be found by. */
  keywords?: string;
  preselect?: boolean;
}

/** A scalar value replacing the token, quoted as the user started to (or as `quote` requires). */
function value(slot: Slot, text: string, o: ValueOptions = {}): CompletionItem {
  const typedQuote = /^["']/.exec(slot.prefix)?.[0];
  const q = typedQuote ?? (o.quote ? '"' : '');
  const written = q === '"' ? JSON.stringify(text) : q === "'" ? `'${text.replace(/'/g, "''")}'` : text;
  const item: CompletionItem = {
    label: o.label ?? text,
    kind: o.kind ?? CompletionItemKind.Value,
    textEdit: { range: slot.token.range, newText: slot.lead + written },
  };
  // Clients filter on the typed text: match it with the quotes only when the user typed one.
  const filter = `${typedQuote ? written : text}${o.keywords ? ` ${o.keywords}` : ''}`;
  if (!slot.lead && filter !== item.label) item.filterText = filter;
  if (o.detail) item.detail = o.detail;
  if (o.documentation) item.documentation = { kind: 'markdown', value: o.documentation };
  if (o.sortText) item.sortText = o.sortText;
  if (o.preselect) item.preselect = true;
  return item;
}

const KIND_ORDER = { sig: 0, workinggroup: 1, committee: 2, usergroup: 3 } as const;

function sigItems(f: FeatureFile, slot: Slot, participating: boolean): CompletionItem[] {
  const items = f.view.registry.groups.map((g) =>
    value(slot, g.dir, { detail: groupTitle(g), documentation: groupMarkdown(g), sortText: `${KIND_ORDER[g.kind]}${g.dir}`, kind: CompletionItemKind.Module, keywords: g.name }),
  );
  if (participating) {
    items.push(value(slot, KUBERNETES_WIDE, { detail: 'The whole project', documentation: 'The KEP concerns the whole Kubernetes project rather than some groups.', sortText: '9', kind: CompletionItemKind.Module }));
  }
  return items;
}

/** `"v1.NN"` for the release in progress and a few around it. */
function milestoneItems(f: FeatureFile, slot: Slot): CompletionItem[] {
  const upcoming = f.view.upcomingMinor();
  if (!(upcoming > 0 && upcoming < 999)) return [];
  const items: CompletionItem[] = [];
  for (let minor = Math.max(0, upcoming - 2); minor <= upcoming + 2; minor++) {
    const detail = minor === upcoming ? 'the release in progress' : minor < upcoming ? 'a past release' : 'a later release';
    items.push(value(slot, `v1.${minor}`, { detail, sortText: String(minor).padStart(4, '0'), quote: true, preselect: minor === upcoming, kind: CompletionItemKind.Constant }));
  }
  return items;
}

function peopleItems(engine: Engine, f: FeatureFile, slot: Slot): CompletionItem[] {
  const kep = currentKep(engine, f);
  const owningLeads = kep.owningSig ? f.view.registry.leads(kep.owningSig) : new Set<string>();
  const out: CompletionItem[] = [];
  for (const [key, p] of peopleIndex(f.view, path.dirname(f.path))) {
    const rank = p.owners.length ? 0 : owningLeads.has(key) ? 1 : p.leads.length || p.prr ? 2 : 3;
    out.push(value(slot, `@${p.handle}`, { detail: rolesSummary(p), sortText: `${rank}${key}`, quote: true, kind: CompletionItemKind.Value }));
  }
  return out;
}

function prrApproverItems(f: FeatureFile, slot: Slot): CompletionItem[] {
  const aliases = f.view.ownersAliases()?.aliases.aliases;
  if (!aliases) return [];
  const out: CompletionItem[] = [];
  const seen = new Set<string>();
  for (const [alias, rank] of [[PRR_APPROVERS_ALIAS, 0], [PRR_EMERITUS_ALIAS, 1]] as const) {
    for (const m of aliases.get(alias) ?? []) {
      if (seen.has(m.normalized)) continue;
      seen.add(m.normalized);
      out.push(value(slot, `@${m.name.replace(/^@/, '')}`, { detail: alias, sortText: `${rank}${m.normalized}`, quote: true }));
    }
  }
  return out;
}

function referenceItems(f: FeatureFile, slot: Slot): CompletionItem[] {
  const own = path.dirname(f.path);
  return f.repo
    .allKeps()
    .filter((k) => k.dir !== own && !k.isTemplate)
    .map((k) =>
      value(slot, `/keps/${k.relativeDir}`, {
        detail: k.title ?? '',
        documentation: kepMarkdown(k),
        sortText: k.relativeDir,
        quote: true,
        kind: CompletionItemKind.Reference,
        keywords: `${k.number ? `KEP-${k.number} ${k.number} ` : ''}${k.title ?? ''}`,
      }),
    );
}

// ---------------------------------------------------------------------------------------------
// Markdown

const HEADING_TYPED = /^(#{1,6})(?:[ \t]+(.*))?$/;

/** Template headings the document lacks, when a heading is being typed at a line start. */
function headingCompletions(f: FeatureFile, position: Position): CompletionItem[] {
  const doc = f.view.markdown(f.path);
  if (!doc) return [];
  const lineText = doc.index.lineText(position.line);
  const typed = HEADING_TYPED.exec(lineText.slice(0, position.character));
  if (!typed) return [];
  // `#` in a code block or an HTML comment is not a heading.
  const inside = doc.structure.blockAt(doc.index.offset({ line: position.line, character: 0 }))?.kind;
  if (inside && inside !== 'text') return [];
  const onLine = (s: MdSection): boolean => doc.index.position(s.heading.start).line === position.line;
  const sections = doc.sections.filter((s) => !onLine(s));
  const hasTitle = sections.some((s) => s.level === 1);
  const template = f.view.template().doc.sections;
  const seen = new Set<string>();
  const missing = template.filter((t) => {
    const key = sectionKey(t.title);
    if (seen.has(key)) return false;
    seen.add(key);
    return t.level === 1 ? !hasTitle : !hasSection(sections, t.title);
  });
  // The heading expected next: the first missing one after the last template heading above the cursor.
  const above = sections.filter((s) => doc.index.position(s.heading.start).line < position.line);
  let after = -1;
  for (let i = above.length - 1; i >= 0 && after === -1; i--) {
    const key = sectionKey(above[i]!.title);
    after = template.findIndex((t) => sectionKey(t.title) === key);
    if (above[i]!.level === 1 && after === -1) after = template.findIndex((t) => t.level === 1);
  }
  const next = missing.find((t) => t.index > after);
  const range: Range = { start: { line: position.line, character: 0 }, end: { line: position.line, character: lineText.length } };
  const title = readmeTitle(f);
  return missing.map((t) => {
    const text = t.level === 1 && title ? title : t.title;
    const newText = `${'#'.repeat(t.level)} ${text}`;
    const parent = [...template].reverse().find((p) => p.level < t.level && p.heading.start < t.heading.start);
    const item: CompletionItem = {
      label: newText,
      kind: CompletionItemKind.Text,
      detail: `KEP template${parent ? `, in “${parent.title}”` : ''}`,
      filterText: `${typed[1]} ${text}`,
      sortText: t === next ? '0' : `1${String(t.index).padStart(4, '0')}`,
      textEdit: { range, newText },
    };
    const guidance = templateGuidance(f, t);
    if (guidance) item.documentation = { kind: 'markdown', value: guidance };
    if (t === next) item.preselect = true;
    return item;
  });
}

/** `KEP-1234: Title` from the kep.yaml beside a KEP's README. */
function readmeTitle(f: FeatureFile): string | undefined {
  if (path.basename(f.path) !== 'README.md') return undefined;
  const kep = f.view.kepAt(path.dirname(f.path));
  return kep?.number && kep.title ? `KEP-${kep.number}: ${kep.title}` : undefined;
}

/** The template's own text under a heading (its guidance comments as prose), shortened. */
function templateGuidance(f: FeatureFile, t: MdSection): string | undefined {
  const doc = f.view.template().doc;
  const body = doc.text
    .slice(t.contentStart, t.ownEnd)
    .replace(/<!--|-->/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (!body) return undefined;
  return body.length > 1500 ? `${body.slice(0, 1500).replace(/\s+\S*$/, '')} …` : body;
}

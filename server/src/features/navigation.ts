import { SymbolKind, type DocumentSymbol, type Position, type Range } from 'vscode-languageserver-types';
import { FILE_START } from '../core/problem.js';
import type { Engine } from '../engine.js';
import type { Kep } from '../kep/kep.js';
import type { MarkdownDoc } from '../parse/markdownDoc.js';
import { escapePointer } from '../parse/yaml.js';
import type { YamlView } from '../parse/yamlView.js';
import { prrPath } from '../kep/prr.js';
import { REFERENCE_KEYS } from '../kep/references.js';
import { currentKep, featureFile, fieldOf, REFERENCE_FIELDS, type FeatureFile } from './context.js';
import { communityUrl, groupTitle, referenceTarget } from './describe.js';
import { unquote, yamlCursor } from './yamlCursor.js';

export interface FileLocation {
  path: string;
  range: Range;
}

export interface FileLink {
  range: Range;
  target: { path: string; range?: Range } | { url: string };
  tooltip?: string;
}

/** Where the thing under the cursor is defined: a referenced KEP, a PRR file, a TOC entry's heading. */
export function definitions(engine: Engine, file: string, position: Position): FileLocation[] {
  const f = featureFile(engine, file);
  if (!f) return [];
  if (f.kind === 'markdown') {
    const doc = f.view.markdown(f.path);
    const entry = doc && tocEntries(doc).find((e) => contains(e.entry, position));
    if (entry) return entry.heading ? [{ path: f.path, range: entry.heading }] : [];
    const mention = kepMentionAt(f.text, position);
    const target = mention && referenceTarget(f.view, mention.text);
    return target && target.path !== f.path ? [{ path: target.path, range: FILE_START }] : [];
  }
  const cursor = yamlCursor(f.text, position);
  if (!cursor || !cursor.token.text) return [];
  const field = cursor.kind === 'key' ? (cursor.hasColon ? fieldOf([...cursor.mapping, unquote(cursor.token.text)]) : '') : fieldOf(cursor.path);
  if (field === 'kep-number') {
    if (f.kind === 'prr') return prrKeps(f).map((k) => ({ path: k.path, range: k.range('kep-number') }));
    const prr = prrPath(f.view, currentKep(engine, f));
    return prr && f.view.source(prr, 'yaml').exists ? [{ path: prr, range: FILE_START }] : [];
  }
  if (f.kind === 'kep' && cursor.kind === 'value' && REFERENCE_FIELDS.has(field)) {
    const target = referenceTarget(f.view, unquote(cursor.token.text));
    return target ? [{ path: target.path, range: FILE_START }] : [];
  }
  return [];
}

/** Links in a document: references, the PRR file, SIG pages, TOC entries, KEP-1234 mentions. */
export function documentLinks(engine: Engine, file: string): FileLink[] {
  const f = featureFile(engine, file);
  if (!f) return [];
  if (f.kind === 'markdown') {
    const doc = f.view.markdown(f.path);
    if (!doc) return [];
    const links: FileLink[] = tocEntries(doc).flatMap((e) => (e.heading ? [{ range: e.anchor, target: { path: f.path, range: e.heading }, tooltip: 'Go to the heading' }] : []));
    for (const m of kepMentions(doc)) {
      const target = referenceTarget(f.view, m.text);
      if (target && target.path !== f.path) links.push({ range: m.range, target: { path: target.path }, tooltip: target.kep?.title ?? m.text });
    }
    return links;
  }
  const view = engine.models.yaml(f.source);
  const links: FileLink[] = [];
  const numberRange = view.location('kep-number') && inner(view, '/kep-number');
  if (f.kind === 'prr') {
    if (numberRange) for (const k of prrKeps(f)) links.push({ range: numberRange, target: { path: k.path, range: k.range('kep-number') }, tooltip: `KEP-${k.number}: ${k.title ?? ''}` });
    return links;
  }
  if (numberRange) {
    const prr = prrPath(f.view, currentKep(engine, f));
    if (prr && f.view.source(prr, 'yaml').exists) links.push({ range: numberRange, target: { path: prr }, tooltip: 'PRR approval file' });
  }
  for (const key of REFERENCE_KEYS) {
    (view.list(key) ?? []).forEach((value, i) => {
      const target = referenceTarget(f.view, value);
      if (target) links.push({ range: inner(view, `/${key}/${i}`), target: { path: target.path }, tooltip: target.kep?.title ?? value });
    });
  }
  const sigs: Array<[string, string]> = [];
  const owning = view.string('owning-sig');
  if (owning) sigs.push([owning, '/owning-sig']);
  (view.list('participating-sigs') ?? []).forEach((s, i) => sigs.push([s, `/participating-sigs/${i}`]));
  for (const [name, pointer] of sigs) {
    const group = f.view.registry.get(name);
    if (group) links.push({ range: inner(view, pointer), target: { url: communityUrl(group.dir) }, tooltip: `${groupTitle(group)} in kubernetes/community` });
  }
  return links;
}

/** Outline of a kep.yaml or PRR file: keys, with their mappings' keys and lists' items. */
export function documentSymbols(engine: Engine, file: string): DocumentSymbol[] {
  const f = featureFile(engine, file);
  if (!f || f.kind === 'markdown') return [];
  const view = engine.models.yaml(f.source);
  const root = view.root;
  return root ? mappingSymbols(view, root, '') : [];
}

function mappingSymbols(view: YamlView, obj: Record<string, unknown>, pointer: string): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const key of Object.keys(obj)) {
    const p = `${pointer}/${escapePointer(key)}`;
    const loc = view.location(p);
    if (!loc) continue;
    const selectionRange = loc.keyRange ?? loc.valueRange;
    const range = { start: selectionRange.start, end: after(loc.valueRange.end, selectionRange.end) ? loc.valueRange.end : selectionRange.end };
    out.push(symbol(view, key || '""', obj[key], p, range, selectionRange));
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function symbol(view: YamlView, name: string, value: unknown, pointer: string, range: Range, selectionRange: Range): DocumentSymbol {
  if (Array.isArray(value)) {
    const children = value.flatMap((v, i): DocumentSymbol[] => {
      const p = `${pointer}/${i}`;
      const loc = view.location(p);
      if (!loc) return [];
      const itemName = typeof v === 'string' ? v || '""' : v && typeof v === 'object' && !Array.isArray(v) && typeof (v as Record<string, unknown>)['name'] === 'string' ? String((v as Record<string, unknown>)['name']) : `item ${i + 1}`;
      const s = symbol(view, itemName, v, p, loc.valueRange, loc.valueRange);
      if (typeof v === 'string') delete s.detail;
      if (loc.lineComment?.trim()) s.detail = loc.lineComment.trim();
      return [s];
    });
    return { name, kind: SymbolKind.Array, range, selectionRange, detail: `${value.length} item${value.length === 1 ? '' : 's'}`, children };
  }
  if (value && typeof value === 'object') {
    return { name, kind: SymbolKind.Module, range, selectionRange, children: mappingSymbols(view, value as Record<string, unknown>, pointer) };
  }
  const loc = view.location(pointer);
  if (value === null || value === undefined) return { name, kind: SymbolKind.Null, range, selectionRange };
  const text = String(value);
  const kind = loc?.quoted ? SymbolKind.String : /^(true|false)$/i.test(text) ? SymbolKind.Boolean : /^-?\d+(\.\d+)?$/.test(text) ? SymbolKind.Number : SymbolKind.String;
  return { name, kind, range, selectionRange, detail: text };
}

function after(a: Position, b: Position): boolean {
  return a.line > b.line || (a.line === b.line && a.character > b.character);
}

function contains(r: Range, p: Position): boolean {
  return !after(r.start, p) && !after(p, r.end);
}

/** A value's range without its quotes. */
function inner(view: YamlView, pointer: string): Range {
  const loc = view.location(pointer);
  const r = view.valueRange(pointer);
  if (!loc?.quoted || r.start.line !== r.end.line || r.end.character - r.start.character < 2) return r;
  const c = view.model.index.lineText(r.start.line)[r.start.character];
  return c === '"' || c === "'" ? { start: { line: r.start.line, character: r.start.character + 1 }, end: { line: r.end.line, character: r.end.character - 1 } } : r;
}

/** The KEPs a PRR approval file is for: its kep-number (else the file name's), in its SIG first. */
export function prrKeps(f: Extract<FeatureFile, { kind: 'prr' }>): Kep[] {
  const n = f.view.yaml(f.path)?.string('kep-number')?.trim() || f.number;
  const keps = [...f.view.kepsByNumber(n), ...(/^\d+$/.test(n) && String(Number(n)) !== n ? f.view.kepsByNumber(String(Number(n))) : [])];
  const inSig = keps.filter((k) => k.owningSig === f.sig);
  return inSig.length ? inSig : keps;
}

/** A `KEP-1234` mention in markdown. */
export const KEP_MENTION = /\bKEP-(\d+)\b/g;

/** The `KEP-1234` mention under a position of markdown text. */
export function kepMentionAt(text: string, position: Position): { text: string; range: Range } | undefined {
  const lines = text.split('\n');
  const line = lines[position.line];
  if (line === undefined) return undefined;
  for (const m of line.matchAll(KEP_MENTION)) {
    const start = m.index!;
    const end = start + m[0].length;
    if (position.character >= start && position.character <= end) {
      return { text: m[0], range: { start: { line: position.line, character: start }, end: { line: position.line, character: end } } };
    }
  }
  return undefined;
}

function kepMentions(doc: MarkdownDoc): Array<{ text: string; range: Range }> {
  return [...doc.text.matchAll(KEP_MENTION)].map((m) => ({ text: m[0], range: doc.range(m.index!, m.index! + m[0].length) }));
}

/** Entries of the `<!-- toc -->` region: the whole `[label](#anchor)`, the anchor, and its heading's line. */
function tocEntries(doc: MarkdownDoc): Array<{ entry: Range; anchor: Range; heading?: Range }> {
  const toc = doc.toc;
  if (!toc.startMarker || !toc.endMarker || toc.endMarker.start < toc.startMarker.end) return [];
  const startLine = doc.index.position(toc.startMarker.end).line;
  const endLine = doc.index.position(toc.endMarker.start).line;
  const headings = new Map(toc.headings.map((h) => [h.anchor, h.line] as const));
  const out: Array<{ entry: Range; anchor: Range; heading?: Range }> = [];
  for (let line = startLine; line <= endLine; line++) {
    const text = doc.index.lineText(line);
    for (const m of text.matchAll(/\]\(#([^)\s]*)\)/g)) {
      // mdtoc writes one `- [label](#anchor)` a line.
      const open = text.indexOf('[');
      const start = open === -1 || open > m.index! ? m.index! : open;
      const end = m.index! + m[0].length;
      const headingLine = headings.get(m[1]!);
      out.push({
        entry: { start: { line, character: start }, end: { line, character: end } },
        anchor: { start: { line, character: m.index! + 2 }, end: { line, character: end - 1 } },
        ...(headingLine !== undefined ? { heading: doc.index.lineRange(headingLine) } : {}),
      });
    }
  }
  return out;
}

import type { ErrorObject } from 'ajv';
import type { Fix, Range } from '../core/problem.js';
import { didYouMean } from '../core/suggest.js';
import { schemaErrorTarget } from '../metadata/schemaErrors.js';
import type { ProposalDoc } from './document.js';
import type { Kind, Metadata } from './kind.js';

/** One metadata field as written in the document. */
export interface Field {
  name: string;
  value: unknown;
  keyRange: Range;
  valueRange: Range;
}

/** The metadata of a document, read in its kind's style, with where each field is. */
export interface MetadataRead {
  /** The document has a metadata block at all (front matter, header lines…). */
  present: boolean;
  fields: Field[];
  /** Where problems about the block as a whole go. */
  anchor: Range;
  /** The lines the metadata occupies (where field names complete). */
  block: Range;
  /** Text to insert for a missing field, and where. */
  insertion(name: string): { at: Range; text: string };
  /** Lines inside the block that are not fields. */
  malformed: Array<{ range: Range; message: string }>;
}

export interface MetadataFinding {
  range: Range;
  message: string;
  fixes?: Fix[];
}

/** Reads a document's metadata the way its kind writes it. */
export function readMetadata(doc: ProposalDoc, metadata: Metadata): MetadataRead {
  switch (metadata.style) {
    case 'front-matter':
      return readFrontMatter(doc);
    case 'header-fields':
      return readLines(doc, metadata, 0, HEADER, { continuation: true, prefix: '' });
    case 'bullet-fields':
      return readLines(doc, metadata, firstContentLine(doc), BULLET, { continuation: false, prefix: '- ' });
    case 'key-lines':
      return readKeyLines(doc, metadata);
  }
}

// The key, then everything after its colon (trimmed in code: a lazy `(.*?)[ \t]*$` is quadratic).
const HEADER = /^([A-Za-z][A-Za-z0-9-]*):(.*)$/;
const BULLET = /^[-*][ \t]+([^:\n]{1,60}):(.*)$/;
const KEY_LINE = /^[ \t]*(?:[-*+][ \t]+)?([^:\n]{1,60}):(.*)$/;

/** A `Key: value` line's key and value with their ranges; the value must be empty or follow a blank. */
function field(text: string, line: number, m: RegExpExecArray, name = m[1]!.trim()): Field | undefined {
  const rest = m[2]!;
  if (rest && !/^[ \t]/.test(rest)) return undefined;
  const keyStart = text.indexOf(m[1]!.trim());
  const value = rest.trim();
  const valueStart = m.index + m[0].length - rest.length + (rest.length - rest.trimStart().length);
  return { name, value, keyRange: rangeOn(line, keyStart, m[1]!.trim().length), valueRange: rangeOn(line, value ? valueStart : text.length, value.length) };
}

function readFrontMatter(doc: ProposalDoc): MetadataRead {
  const fm = doc.frontMatter;
  const top = doc.index.lineRange(0);
  if (!fm) {
    return {
      present: false,
      fields: [],
      anchor: doc.title?.range ?? top,
      block: top,
      insertion: (name) => ({ at: { start: top.start, end: top.start }, text: blockText('front-matter', [name]) }),
      malformed: [],
    };
  }
  const root = fm.view.root ?? {};
  const fields = Object.keys(root).map((name) => ({ name, value: root[name], keyRange: fm.view.keyRange(name), valueRange: fm.view.valueRange(name) }));
  const closing = doc.index.position(fm.end).line - 1;
  return {
    present: true,
    fields,
    anchor: top,
    block: doc.range(fm.start, fm.end),
    insertion: (name) => {
      const at = { line: closing, character: 0 };
      return { at: { start: at, end: at }, text: `${name}: \n` };
    },
    malformed: fm.view.model.errors.map((e) => ({ range: e.range, message: `The front matter is not valid YAML: ${e.message}` })),
  };
}

/** The first non-blank line of the body. */
function firstContentLine(doc: ProposalDoc): number {
  for (let line = doc.index.position(doc.bodyStart).line; line < doc.index.lineCount; line++) if (doc.index.lineText(line).trim()) return line;
  return 0;
}

/** `Key: value` lines from `startLine` on, until a blank line (header fields) or another line. */
function readLines(doc: ProposalDoc, metadata: Metadata, startLine: number, syntax: RegExp, opts: { continuation: boolean; prefix: string }): MetadataRead {
  const fields: Field[] = [];
  const malformed: MetadataRead['malformed'] = [];
  let line = startLine;
  for (; line < doc.index.lineCount; line++) {
    const text = doc.index.lineText(line);
    if (!text.trim()) break;
    const m = syntax.exec(text);
    const f = m ? field(text, line, m) : undefined;
    if (f) fields.push(f);
    else if (opts.continuation && /^[ \t]/.test(text) && fields.length) {
      // An RFC 2822 continuation line belongs to the field above.
      const last = fields[fields.length - 1]!;
      last.value = `${String(last.value)}\n${text.trim()}`;
      last.valueRange = { start: last.valueRange.start, end: { line, character: text.length } };
    } else if (fields.length && opts.continuation) {
      malformed.push({ range: doc.index.lineRange(line), message: 'This line in the header is not a `Field: value` line.' });
    } else break;
  }
  const present = fields.length > 0;
  const anchor = present ? { start: fields[0]!.keyRange.start, end: fields[fields.length - 1]!.valueRange.end } : doc.index.lineRange(startLine);
  return { present, fields, anchor, block: anchor, insertion: lineInsertion(fields, metadata, startLine, opts.prefix), malformed };
}

/** `Key: value` lines, optionally bulleted, for the fields the schema names, in one section. */
function readKeyLines(doc: ProposalDoc, metadata: Metadata): MetadataRead {
  const heading = metadata.section ? doc.headings.find((h) => metadata.section!.test(h.title)) : undefined;
  const start = heading ? heading.contentStart : (doc.headings.find((h) => h.level === 1)?.contentStart ?? doc.bodyStart);
  const end = heading ? heading.ownEnd : (doc.headings.find((h) => h.start >= start)?.start ?? doc.text.length);
  const known = new Map(metadata.fields.map((f) => [f.toLowerCase(), f]));
  const fields: Field[] = [];
  let bulleted = false;
  const first = doc.index.position(start).line;
  // `end` is where the next heading starts: its line is not read.
  const stop = doc.index.position(end);
  const last = stop.character === 0 ? stop.line - 1 : stop.line;
  for (let line = first; line <= last && line < doc.index.lineCount; line++) {
    const text = doc.index.lineText(line);
    const m = KEY_LINE.exec(text);
    const name = m && known.get(m[1]!.trim().toLowerCase());
    const f = m && name ? field(text, line, m, name) : undefined;
    if (!f) continue;
    bulleted ||= /^[ \t]*[-*+][ \t]/.test(text);
    fields.push(f);
  }
  const anchorLine = heading ? doc.index.position(heading.start).line : first;
  return {
    present: fields.length > 0,
    fields,
    anchor: heading ? doc.range(heading.start, heading.end) : doc.index.lineRange(anchorLine),
    block: doc.range(start, end),
    insertion: lineInsertion(fields, metadata, Math.min(first + 1, doc.index.lineCount - 1), bulleted ? '- ' : ''),
    malformed: [],
  };
}

/** A missing field goes after the field before it in schema order, else before the first field. */
function lineInsertion(fields: Field[], metadata: Metadata, fallbackLine: number, prefix: string): MetadataRead['insertion'] {
  return (name) => {
    const order = metadata.fields;
    const before = order.slice(0, order.indexOf(name)).reverse();
    const prev = before.map((b) => fields.find((f) => f.name === b)).find(Boolean);
    const line = prev ? prev.valueRange.end.line + 1 : (fields[0]?.keyRange.start.line ?? fallbackLine);
    const at = { line, character: 0 };
    return { at: { start: at, end: at }, text: `${prefix}${name}: \n` };
  };
}

function rangeOn(line: number, character: number, length: number): Range {
  return { start: { line, character }, end: { line, character: character + length } };
}

/** Problems with the metadata: not valid against the kind's schema, duplicated, out of order. */
export function checkMetadata(doc: ProposalDoc, kind: Kind, read: MetadataRead): MetadataFinding[] {
  const metadata = kind.metadata!;
  const findings: MetadataFinding[] = [...read.malformed];
  const value: Record<string, unknown> = {};
  const byName = new Map<string, Field>();
  for (const f of read.fields) {
    if (byName.has(f.name)) findings.push({ range: f.keyRange, message: `"${f.name}" appears more than once.` });
    else {
      byName.set(f.name, f);
      value[f.name] = f.value;
    }
  }
  if (!read.present) {
    const required = metadata.schema.required ?? [];
    if (!required.length) return findings;
    const where = describeStyle(kind);
    const at = read.insertion(required[0]!).at;
    return [
      {
        range: read.anchor,
        message: `The ${kind.name} has no ${where}; it needs ${list(required)}.`,
        fixes: [{ title: `Add the ${where}`, edits: [{ kind: 'edit', path: doc.path, range: at, newText: blockText(metadata.style, required) }], preferred: true }],
      },
    ];
  }
  const validate = metadata.validator();
  if (!validate(value)) {
    for (const err of validate.errors ?? []) findings.push(describeError(doc, kind, read, byName, err));
  }
  if (metadata.ordered) {
    let last = -1;
    for (const f of read.fields) {
      const i = metadata.fields.indexOf(f.name);
      if (i === -1) continue;
      if (i < last) {
        findings.push({ range: f.keyRange, message: `"${f.name}" comes after "${metadata.fields[last]}"; the order is ${metadata.fields.join(', ')}.` });
        break;
      }
      last = i;
    }
  }
  return findings;
}

function describeError(doc: ProposalDoc, kind: Kind, read: MetadataRead, byName: Map<string, Field>, err: ErrorObject): MetadataFinding {
  const schema = kind.metadata!.schema;
  const target = schemaErrorTarget(err);
  if (err.keyword === 'required') {
    const name = target.key!;
    const ins = read.insertion(name);
    const what = schema.properties[name]?.description;
    return {
      range: read.anchor,
      message: `The ${describeStyle(kind)} has no "${name}"${what ? ` (${what})` : ''}.`,
      fixes: [{ title: `Add "${name}"`, edits: [{ kind: 'edit', path: doc.path, range: ins.at, newText: ins.text }], preferred: true }],
    };
  }
  const name = target.segments[0] ?? '';
  const field = byName.get(name);
  if (err.keyword === 'additionalProperties') {
    const extra = target.key!;
    const f = byName.get(extra);
    const close = didYouMean(extra, Object.keys(schema.properties));
    return {
      range: f?.keyRange ?? read.anchor,
      message: `"${extra}" is not a field of a ${kind.name}${close ? ` (did you mean "${close}"?)` : ''}; the fields are ${list(Object.keys(schema.properties))}.`,
      ...(close && f ? { fixes: [{ title: `Change to "${close}"`, edits: [{ kind: 'edit', path: doc.path, range: f.keyRange, newText: close }], preferred: true }] } : {}),
    };
  }
  const spec = schema.properties[name];
  const range = field?.valueRange ?? read.anchor;
  if (err.keyword === 'enum') {
    const allowed = (spec?.enum ?? []).map(String);
    const given = String(field?.value ?? '');
    const close = didYouMean(given, allowed);
    return {
      range,
      message: `"${name}" is "${given}"; it must be one of ${list(allowed)}.`,
      ...(close && field ? { fixes: [{ title: `Change to "${close}"`, edits: [{ kind: 'edit', path: doc.path, range: field.valueRange, newText: close }], preferred: true }] } : {}),
    };
  }
  if (err.keyword === 'minLength' && String(field?.value ?? '') === '') return { range, message: `"${name}" is empty${spec?.description ? ` (${spec.description})` : ''}.` };
  const detail = err.keyword === 'pattern' || err.keyword === 'not' ? `does not have the expected form${spec?.description ? `: ${spec.description}` : ''}` : (err.message ?? 'is not valid');
  return { range, message: `"${name}" ${detail}.` };
}

/** A new metadata block holding empty `names`. */
function blockText(style: Metadata['style'], names: string[]): string {
  switch (style) {
    case 'front-matter':
      return `---\n${names.map((n) => `${n}: \n`).join('')}---\n\n`;
    case 'header-fields':
      return `${names.map((n) => `${n}: \n`).join('')}\n`;
    case 'bullet-fields':
      return `${names.map((n) => `- ${n}: \n`).join('')}\n`;
    case 'key-lines':
      return names.map((n) => `${n}: \n`).join('');
  }
}

function describeStyle(kind: Kind): string {
  switch (kind.metadata!.style) {
    case 'front-matter':
      return 'front matter';
    case 'header-fields':
      return 'header';
    case 'bullet-fields':
      return 'metadata list';
    case 'key-lines':
      return 'key lines';
  }
}

function list(items: readonly string[]): string {
  return items.map((i) => `"${i}"`).join(', ');
}

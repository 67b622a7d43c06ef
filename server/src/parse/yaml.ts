import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  Scalar,
  type Document,
  type Node as YamlNode,
  type ParsedNode,
} from 'yaml';
import type { Range } from '../core/problem.js';
import { LineIndex } from '../core/text.js';

/**
 * A YAML file read the way Go's yaml.v3 decodes it into string-typed structs: every scalar
 * becomes its raw source text (`0752` stays "0752", `1.30` stays "1.30", `yes` stays "yes"),
 * `~`/`null`/empty become null. Each value is addressable by JSON pointer so schema errors and
 * rules can point at the exact key or value.
 */
export interface YamlModel {
  text: string;
  index: LineIndex;
  /** The raw value of the first document (null for an empty file). */
  value: unknown;
  /** JSON pointer ("" for the root, "/authors/0") → where that value and its key are. */
  locations: Map<string, YamlLocation>;
  errors: YamlError[];
}

export interface YamlLocation {
  valueRange: Range;
  keyRange?: Range;
  /** The scalar was quoted or a block scalar (its value is not plain text). */
  quoted?: boolean;
  /** The comment on the same line after the value, without `#` (yaml.v3's LineComment). */
  lineComment?: string;
}

export interface YamlError {
  kind: 'syntax' | 'duplicate-key' | 'too-deep' | 'alias-bomb';
  message: string;
  range: Range;
  /** For duplicate keys: where the key was first defined. */
  firstRange?: Range;
}

/** Deeper flow nesting makes the `yaml` package exhaust memory; no real metadata nests past 5. */
const MAX_FLOW_DEPTH = 200;
/** yaml.v3 rejects documents whose aliases expand past a budget; so do we. */
const MAX_EXPANDED_NODES = 20_000;

/**
 * `typed`: plain scalars get their YAML 1.2 core-schema values (`true`, `2`, `null`) instead of
 * their text, as configuration and front matter mean them; kep.yaml keeps yaml.v3's raw text.
 */
export function parseYaml(text: string, options: { typed?: boolean } = {}): YamlModel {
  const index = new LineIndex(text);
  const model: YamlModel = { text, index, value: null, locations: new Map(), errors: [] };
  const deep = findExcessiveNesting(text);
  if (deep !== undefined) {
    model.errors.push({
      kind: 'too-deep',
      message: `YAML nests more than ${MAX_FLOW_DEPTH} levels deep here; the file was not parsed.`,
      range: index.range(deep, deep + 1),
    });
    return model;
  }
  const docs = parseAllDocuments(text, { merge: true, uniqueKeys: true, prettyErrors: false, strict: true });
  // yaml.v3's Decoder reads the first document only.
  const doc = Array.isArray(docs) ? docs[0] : undefined;
  if (!doc) return model;
  for (const e of doc.errors) {
    if (e.code === 'DUPLICATE_KEY') continue; // reported with both locations below
    const [start, end] = e.pos;
    model.errors.push({ kind: 'syntax', message: cleanMessage(e.message), range: index.range(start, Math.max(end, start + 1)) });
  }
  const converter = new RawConverter(model, doc, options.typed ?? false);
  model.value = converter.convert(doc.contents as ParsedNode | null, '');
  return model;
}

function cleanMessage(message: string): string {
  // The yaml package appends " at line N, column M" and a source excerpt; ranges say that already.
  return message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
}

class RawConverter {
  private expanded = 0;
  private aborted = false;

  constructor(
    private readonly model: YamlModel,
    private readonly doc: Document,
    private readonly typed: boolean,
  ) {}

  convert(node: ParsedNode | YamlNode | null | undefined, pointer: string, keyRange?: Range): unknown {
    if (this.aborted) return null;
    if (++this.expanded > MAX_EXPANDED_NODES) {
      this.aborted = true;
      this.model.errors.push({
        kind: 'alias-bomb',
        message: 'YAML aliases expand to too many values (excessive aliasing); the file was not decoded.',
        range: this.rangeOf(node) ?? this.model.index.range(0, 0),
      });
      return null;
    }
    const range = this.rangeOf(node);
    if (range && !this.model.locations.has(pointer)) {
      const loc: YamlLocation = { valueRange: range };
      if (keyRange) loc.keyRange = keyRange;
      this.model.locations.set(pointer, loc);
    }
    if (!node) return null;
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      return target ? this.convertResolved(target, pointer) : null;
    }
    if (isScalar(node)) return this.scalar(node, pointer);
    if (isSeq(node)) {
      return node.items.map((item, i) => this.convert(item as YamlNode, `${pointer}/${i}`));
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as YamlNode | null;
        if (isScalar(key) && typeof key.value === 'symbol') {
          // A merge key (`<<: *base`), which yaml.v3 honours.
          this.merge(out, pair.value as YamlNode, pointer);
          continue;
        }
        const name = this.keyText(key);
        const kRange = this.rangeOf(key) ?? range;
        const childPointer = `${pointer}/${escapePointer(name)}`;
        if (Object.prototype.hasOwnProperty.call(out, name)) {
          const first = this.model.locations.get(childPointer)?.keyRange;
          this.model.errors.push({
            kind: 'duplicate-key',
            message: `Mapping key "${name}" is already defined${first ? ` at line ${first.start.line + 1}` : ''}.`,
            range: kRange ?? this.model.index.range(0, 0),
            ...(first ? { firstRange: first } : {}),
          });
          continue;
        }
        out[name] = this.convert(pair.value as YamlNode | null, childPointer, kRange);
        if (!this.model.locations.has(childPointer) && kRange) {
          // `key:` with no value: point at the key.
          this.model.locations.set(childPointer, { valueRange: kRange, keyRange: kRange });
        }
      }
      return out;
    }
    return null;
  }

  /** Values reached through an alias keep the alias's location (set by the caller). */
  private convertResolved(node: YamlNode, pointer: string): unknown {
    return this.convert(node, pointer);
  }

  private merge(out: Record<string, unknown>, source: YamlNode | null, pointer: string): void {
    const targets = isSeq(source) ? source.items : [source];
    for (const t of targets) {
      const resolved = isAlias(t) ? t.resolve(this.doc) : t;
      if (!isMap(resolved)) continue;
      const merged = this.convert(resolved, `${pointer}/<<`) as Record<string, unknown>;
      for (const [k, v] of Object.entries(merged)) if (!(k in out)) out[k] = v;
    }
  }

  private scalar(node: Scalar, pointer: string): unknown {
    const loc = this.model.locations.get(pointer);
    const plain = node.type === Scalar.PLAIN || node.type === undefined;
    if (loc) {
      if (!plain) loc.quoted = true;
      const comment = this.lineCommentAfter(node);
      if (comment !== undefined) loc.lineComment = comment;
    }
    if (plain && this.typed) return node.value ?? null;
    if (plain) {
      const raw = this.sourceText(node);
      if (raw === undefined) return node.value === null ? null : String(node.value);
      // yaml.v3 decodes the null forms to the zero value; everything else keeps its text.
      return raw === '' || raw === '~' || raw === 'null' || raw === 'Null' || raw === 'NULL' ? null : raw;
    }
    return node.value === null || node.value === undefined ? '' : String(node.value);
  }

  private sourceText(node: Scalar): string | undefined {
    const r = node.range;
    if (!r) return undefined;
    return this.model.text.slice(r[0], r[1]);
  }

  private keyText(key: YamlNode | null): string {
    if (isScalar(key)) {
      const plain = key.type === Scalar.PLAIN || key.type === undefined;
      const raw = plain ? this.sourceText(key) : undefined;
      return raw ?? String(key.value ?? '');
    }
    return key ? String(key) : '';
  }

  private lineCommentAfter(node: Scalar): string | undefined {
    const r = node.range;
    if (!r) return undefined;
    const text = this.model.text;
    let lineEnd = text.indexOf('\n', r[1]);
    if (lineEnd === -1) lineEnd = text.length;
    const rest = text.slice(r[1], lineEnd);
    const m = /^[ \t]+#(.*?)\r?$/.exec(rest);
    return m ? m[1] : undefined;
  }

  private rangeOf(node: YamlNode | ParsedNode | null | undefined): Range | undefined {
    const r = node?.range;
    if (!r) return undefined;
    return this.model.index.range(r[0], Math.max(r[1], r[0]));
  }
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Offset where flow collections nest deeper than MAX_FLOW_DEPTH, or undefined. */
function findExcessiveNesting(text: string): number | undefined {
  let depth = 0;
  let quote = '';
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      comment = false;
      continue;
    }
    if (comment) continue;
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) comment = true;
    else if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:]/.test(text[i - 1]!))) quote = c;
    else if (c === '[' || c === '{') {
      if (++depth > MAX_FLOW_DEPTH) return i;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return undefined;
}

import {
  CST,
  isAlias,
  isCollection,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  parseAllDocuments,
  Scalar,
  type Alias,
  type Node as YamlNode,
  type YAMLMap,
} from 'yaml';
import type { Range } from '../core/problem.js';
import { excerpt, LineIndex } from '../core/text.js';

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
  kind: 'syntax' | 'duplicate-key' | 'too-deep' | 'too-large' | 'recursive-alias' | 'alias-bomb';
  message: string;
  range: Range;
  /** For duplicate keys: where the key was first defined. */
  firstRange?: Range;
}

/**
 * The `yaml` package composes documents recursively, one level per collection, and near the
 * stack's end it can crash the process (not just throw); real metadata nests a few levels.
 */
export const MAX_DEPTH = 200;
/** Values a file may hold; the largest real file read (sigs.yaml) holds about 8,000. */
const MAX_VALUES = 100_000;
/** Values repeated through aliases: yaml.v3 refuses documents that alias excessively; so do we. */
const MAX_ALIASED_VALUES = 20_000;

/**
 * `typed`: plain scalars get their YAML 1.2 core-schema values (`true`, `2`, `null`) instead of
 * their text, as configuration and front matter mean them; kep.yaml keeps yaml.v3's raw text.
 * Never throws: what cannot be decoded is an error in `errors` (and `value` is then null when
 * nothing could be decoded).
 */
export function parseYaml(text: string, options: { typed?: boolean } = {}): YamlModel {
  const index = new LineIndex(text);
  const model: YamlModel = { text, index, value: null, locations: new Map(), errors: [] };
  const deep = findExcessiveNesting(text);
  if (deep !== undefined) {
    model.errors.push({ kind: 'too-deep', message: `YAML nests more than ${MAX_DEPTH} levels deep here; the file was not parsed.`, range: index.range(deep, deep + 1) });
    return model;
  }
  // Duplicate keys are found below, with both places; the package's own check is quadratic.
  const docs = parseAllDocuments(text, { merge: true, uniqueKeys: false, prettyErrors: false, strict: true });
  // yaml.v3's Decoder reads the first document only.
  const doc = Array.isArray(docs) ? docs[0] : undefined;
  if (!doc) return model;
  for (const e of doc.errors) {
    const [start, end] = e.pos;
    model.errors.push({ kind: 'syntax', message: cleanMessage(e.message), range: index.range(start, Math.max(end, start + 1)) });
  }
  const converter = new RawConverter(model, doc.contents, options.typed ?? false);
  const value = converter.convert(doc.contents, '', undefined, 0);
  model.value = converter.failed ? null : value;
  return model;
}

function cleanMessage(message: string): string {
  // The yaml package appends " at line N, column M" and a source excerpt; ranges say that already.
  return message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
}

/** Failures that stop the conversion: the file is then not decoded at all, as yaml.v3 fails. */
type Refusal = Extract<YamlError['kind'], 'too-deep' | 'too-large' | 'recursive-alias' | 'alias-bomb'>;

class RawConverter {
  failed = false;
  private values = 0;
  private aliased = 0;
  /** Each alias's node: the nearest anchor of its name before it, as the `yaml` package resolves it. */
  private readonly targets: Map<Alias, YamlNode>;
  /** The collections being converted, outermost first: an alias to one of them never ends. */
  private readonly open = new Set<YamlNode>();
  /** The alias written in the document whose copy is being made: where excessive aliasing is reported. */
  private outermostAlias: Range | undefined;

  constructor(
    private readonly model: YamlModel,
    root: unknown,
    private readonly typed: boolean,
  ) {
    this.targets = aliasTargets(root);
  }

  /**
   * `depth` counts the collections around the value, those reached through aliases too;
   * `viaAlias` says the value is a copy an alias makes.
   */
  convert(node: YamlNode | null | undefined, pointer: string, keyRange: Range | undefined, depth: number, viaAlias = false): unknown {
    if (this.failed) return null;
    const range = this.rangeOf(node);
    if (++this.values > MAX_VALUES) return this.refuse('too-large', `YAML holds more than ${MAX_VALUES.toLocaleString('en-US')} values; the file was not decoded.`, range);
    if (viaAlias && ++this.aliased > MAX_ALIASED_VALUES) return this.refuse('alias-bomb', 'YAML aliases expand to too many values (excessive aliasing); the file was not decoded.', this.outermostAlias ?? range);
    if (depth > MAX_DEPTH) return this.refuse('too-deep', `YAML nests more than ${MAX_DEPTH} levels deep here (aliases included); the file was not decoded.`, range);
    if (range && !this.model.locations.has(pointer)) {
      const loc: YamlLocation = { valueRange: range };
      if (keyRange) loc.keyRange = keyRange;
      this.model.locations.set(pointer, loc);
    }
    if (!node) return null;
    if (isAlias(node)) {
      const target = this.targets.get(node);
      if (!target) {
        this.model.errors.push({ kind: 'syntax', message: `The alias *${excerpt(node.source)} names no anchor before it.`, range: range ?? this.model.index.range(0, 0) });
        return null;
      }
      if (this.open.has(target)) return this.refuse('recursive-alias', `The alias *${excerpt(node.source)} is inside the value of its own anchor, so that value would contain itself; YAML decoders (yaml.v3 too) refuse it.`, range);
      if (!viaAlias) this.outermostAlias = range;
      // Values reached through an alias keep the alias's location (set above).
      return this.convert(target, pointer, undefined, depth, true);
    }
    if (isScalar(node)) return this.scalar(node, pointer);
    if (!isSeq(node) && !isMap(node)) return null;
    this.open.add(node);
    try {
      return isSeq(node) ? node.items.map((item, i) => this.convert(item as YamlNode, `${pointer}/${i}`, undefined, depth + 1, viaAlias)) : this.mapping(node, pointer, range, depth, viaAlias);
    } finally {
      this.open.delete(node);
    }
  }

  private mapping(node: YAMLMap, pointer: string, range: Range | undefined, depth: number, viaAlias: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = pair.key as YamlNode | null;
      if (isScalar(key) && typeof key.value === 'symbol') {
        // A merge key (`<<: *base`), which yaml.v3 honours.
        this.merge(out, pair.value as YamlNode | null, pointer, depth, viaAlias);
        continue;
      }
      const name = this.keyText(key);
      const kRange = this.rangeOf(key) ?? range;
      const childPointer = `${pointer}/${escapePointer(name)}`;
      if (Object.prototype.hasOwnProperty.call(out, name)) {
        const first = this.model.locations.get(childPointer)?.keyRange;
        this.model.errors.push({
          kind: 'duplicate-key',
          message: `Mapping key "${excerpt(name)}" is already defined${first ? ` at line ${first.start.line + 1}` : ''}.`,
          range: kRange ?? this.model.index.range(0, 0),
          ...(first ? { firstRange: first } : {}),
        });
        continue;
      }
      out[name] = this.convert(pair.value as YamlNode | null, childPointer, kRange, depth + 1, viaAlias);
      if (!this.model.locations.has(childPointer) && kRange) {
        // `key:` with no value: point at the key.
        this.model.locations.set(childPointer, { valueRange: kRange, keyRange: kRange });
      }
    }
    return out;
  }

  /** `<<: *base` or `<<: [*a, *b]`: keys the mapping does not set itself come from the maps named. */
  private merge(out: Record<string, unknown>, source: YamlNode | null, pointer: string, depth: number, viaAlias: boolean): void {
    const sources = isSeq(source) ? (source.items as YamlNode[]) : [source];
    for (const s of sources) {
      const merged = this.convert(s, `${pointer}/<<`, undefined, depth + 1, viaAlias);
      // A conversion that was refused gives null; a merge of something else than a mapping is ignored.
      if (!merged || typeof merged !== 'object' || Array.isArray(merged)) continue;
      for (const [k, v] of Object.entries(merged)) if (!(k in out)) out[k] = v;
    }
  }

  private refuse(kind: Refusal, message: string, range: Range | undefined): null {
    this.failed = true;
    this.model.errors.push({ kind, message, range: range ?? this.model.index.range(0, 0) });
    return null;
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

  private rangeOf(node: YamlNode | null | undefined): Range | undefined {
    const r = node?.range;
    if (!r) return undefined;
    return this.model.index.range(r[0], Math.max(r[1], r[0]));
  }
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Each alias's node: the last node anchored with its name before it, in document order. One
 * pass without recursion (the package's `Alias.resolve` walks the whole document per alias).
 */
function aliasTargets(root: unknown): Map<Alias, YamlNode> {
  const targets = new Map<Alias, YamlNode>();
  const anchors = new Map<string, YamlNode>();
  const todo: unknown[] = [root];
  while (todo.length) {
    const n = todo.pop();
    if (isAlias(n)) {
      const target = anchors.get(n.source);
      if (target) targets.set(n, target);
    } else if (isPair(n)) {
      todo.push(n.value, n.key);
    } else if (isNode(n)) {
      // An anchor names its node from where it stands: an alias inside the node sees it.
      if (n.anchor) anchors.set(n.anchor, n);
      if (isCollection(n)) for (let i = n.items.length - 1; i >= 0; i--) todo.push(n.items[i]);
    }
  }
  return targets;
}

/**
 * Offset of the first token nested more than MAX_DEPTH collections deep, or undefined: an upper
 * bound on the composer's recursion read from the `yaml` package's own lexer (linear, and exact
 * about quotes, comments and block scalars). Flow brackets count exactly; block collections by
 * the columns they open at, on a line's indentation and after each `- `, `? ` or `: ` (a
 * sequence under a key may share the key's column, so the bound is at most twice the depth).
 */
function findExcessiveNesting(text: string): number | undefined {
  /** Columns of the block levels open at this point, innermost last. */
  const columns: number[] = [];
  let flow = 0;
  let offset = 0;
  let lineStart = 0;
  let atLineStart = true;
  let scalarNext = false;
  const open = (column: number): boolean => {
    while (columns.length && columns[columns.length - 1]! >= column) columns.pop();
    columns.push(column);
    return columns.length + flow > MAX_DEPTH;
  };
  for (const lexeme of new Lexer().lex(text)) {
    // The lexer marks a document and the start of a scalar with characters that are not in the source.
    if (lexeme === CST.DOCUMENT || lexeme === CST.FLOW_END) continue;
    if (lexeme === CST.SCALAR) {
      scalarNext = true;
      continue;
    }
    const at = offset;
    offset += lexeme.length;
    const type = scalarNext ? 'scalar' : CST.tokenType(lexeme);
    scalarNext = false;
    if (type === 'newline') {
      lineStart = offset;
      atLineStart = true;
      continue;
    }
    if (type === 'space' || type === 'comment') continue;
    if (type === 'doc-start' || type === 'doc-end') {
      columns.length = 0;
      flow = 0;
    } else if (flow === 0 && atLineStart && open(at - lineStart)) return at;
    atLineStart = false;
    if (type === 'flow-seq-start' || type === 'flow-map-start') {
      if (++flow + columns.length > MAX_DEPTH) return at;
    } else if (type === 'flow-seq-end' || type === 'flow-map-end') {
      if (flow > 0) flow--;
    } else if (flow === 0 && (type === 'seq-item-ind' || type === 'explicit-key-ind' || type === 'map-value-ind')) {
      if (open(at - lineStart + 1)) return at;
    }
    // A multi-line scalar ends on a later line.
    const nl = lexeme.lastIndexOf('\n');
    if (nl !== -1) lineStart = at + nl + 1;
  }
  return undefined;
}

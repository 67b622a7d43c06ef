import type { Range } from '../core/problem.js';
import { escapePointer, type YamlLocation, type YamlModel } from './yaml.js';

/** Typed, located reads over a raw YAML value (see parseYaml). */
export class YamlView {
  constructor(readonly model: YamlModel) {}

  get root(): Record<string, unknown> | undefined {
    const v = this.model.value;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  }

  has(key: string): boolean {
    const r = this.root;
    return !!r && Object.prototype.hasOwnProperty.call(r, key);
  }

  /** A top-level (or nested, via a pointer) scalar, as yaml.v3 puts it in a string field. */
  string(keyOrPointer: string): string | undefined {
    const v = this.get(keyOrPointer);
    return typeof v === 'string' ? v : undefined;
  }

  /** The string items of a list (null items read as ""), or undefined when not a list. */
  list(keyOrPointer: string): string[] | undefined {
    const v = this.get(keyOrPointer);
    if (!Array.isArray(v)) return undefined;
    return v.map((x) => (typeof x === 'string' ? x : ''));
  }

  get(keyOrPointer: string): unknown {
    const segments = toPointer(keyOrPointer).split('/').slice(1);
    let v: unknown = this.model.value;
    for (const seg of segments) {
      const key = seg.replace(/~1/g, '/').replace(/~0/g, '~');
      if (Array.isArray(v)) v = v[Number(key)];
      else if (v && typeof v === 'object') v = (v as Record<string, unknown>)[key];
      else return undefined;
    }
    return v;
  }

  location(keyOrPointer: string): YamlLocation | undefined {
    return this.model.locations.get(toPointer(keyOrPointer));
  }

  /** The value's range, falling back to its key, then to the first line. */
  valueRange(keyOrPointer: string): Range {
    const loc = this.location(keyOrPointer);
    return loc?.valueRange ?? this.firstLine();
  }

  keyRange(keyOrPointer: string): Range {
    const loc = this.location(keyOrPointer);
    return loc?.keyRange ?? loc?.valueRange ?? this.firstLine();
  }

  /** From the key to the end of the value: the whole `key: value` entry. */
  entryRange(keyOrPointer: string): Range {
    const loc = this.location(keyOrPointer);
    if (!loc) return this.firstLine();
    return { start: (loc.keyRange ?? loc.valueRange).start, end: loc.valueRange.end };
  }

  /** The first non-blank, non-comment line: where problems about absent keys go. */
  firstLine(): Range {
    const idx = this.model.index;
    for (let line = 0; line < idx.lineCount; line++) {
      const t = idx.lineText(line);
      if (t.trim() && !t.trimStart().startsWith('#')) return idx.lineRange(line);
    }
    return idx.lineRange(0);
  }
}

function toPointer(keyOrPointer: string): string {
  return keyOrPointer === '' || keyOrPointer.startsWith('/') ? keyOrPointer : `/${escapePointer(keyOrPointer)}`;
}

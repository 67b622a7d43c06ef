import type { FileEdit, Position } from '../core/problem.js';
import type { YamlView } from '../parse/yamlView.js';

/**
 * Text edits that set values in a YAML metadata file while keeping its comments, order and
 * layout: only a value is replaced (its line comment stays), a missing key is added where it
 * belongs, a flow mapping that gains a key is rewritten as a block.
 */
export class YamlEditor {
  readonly edits: FileEdit[] = [];

  constructor(
    private readonly view: YamlView,
    private readonly path: string,
  ) {}

  /** `key: value` at the top level (`value` as it should be written, quoted if needed). */
  set(key: string, value: string, after: readonly string[] = []): this {
    if (this.view.location(key)?.keyRange) return this.replaceValue(key, value);
    return this.insertLines(this.after(after), [`${key}: ${value}`]);
  }

  /** `parent:\n  key: value`, adding the entry or the mapping as needed. */
  setNested(parent: string, key: string, value: string, after: readonly string[] = []): this {
    const pointer = `/${parent}/${key}`;
    if (this.view.location(pointer)?.keyRange) return this.replaceValue(pointer, value);
    const loc = this.view.location(parent);
    const map = this.view.get(parent);
    const entries = map && typeof map === 'object' && !Array.isArray(map) ? Object.entries(map as Record<string, unknown>) : [];
    if (!loc?.keyRange) return this.insertLines(this.after(after), [`${parent}:`, `  ${key}: ${value}`]);
    const flowOrEmpty = !entries.length || this.view.model.text.slice(this.view.model.index.offset(loc.valueRange.start)).trimStart().startsWith('{');
    if (flowOrEmpty) {
      // `parent:`, `parent: {}` or `parent: {a: 1}`: rewrite the entry as a block mapping.
      const lines = [`${parent}:`, ...entries.map(([k, v]) => `  ${k}: ${v === null ? '' : JSON.stringify(v)}`), `  ${key}: ${value}`];
      const end = loc.valueRange.end.line > loc.keyRange.start.line && loc.valueRange.end.character === 0 ? { line: loc.valueRange.end.line - 1, character: this.lineText(loc.valueRange.end.line - 1).length } : loc.valueRange.end;
      this.edits.push({ kind: 'edit', path: this.path, range: { start: loc.keyRange.start, end }, newText: lines.join('\n') });
      return this;
    }
    const lines = entries.map(([k]) => this.view.location(`/${parent}/${k}`)!);
    const indent = indentOf(this.lineText(lines[0]!.keyRange!.start.line));
    const last = Math.max(...lines.map((l) => l.valueRange.end.line));
    return this.insertLines({ line: last, character: this.lineText(last).length }, [`${indent}${key}: ${value}`]);
  }

  /** Replaces a value in place, keeping the key, the line comment and the layout. */
  private replaceValue(pointer: string, value: string): this {
    const loc = this.view.location(pointer)!;
    const key = loc.keyRange!;
    if (this.view.get(pointer) === null && loc.valueRange.end.line === key.end.line && loc.valueRange.start.character <= key.end.character + 1) {
      // `key:` with no value: add it after the colon.
      const colon = this.lineText(key.end.line).indexOf(':', key.end.character);
      const at = { line: key.end.line, character: colon + 1 };
      this.edits.push({ kind: 'edit', path: this.path, range: { start: at, end: at }, newText: ` ${value}` });
      return this;
    }
    this.edits.push({ kind: 'edit', path: this.path, range: loc.valueRange, newText: value });
    return this;
  }

  /** Where to add a key: after the last of `after` that exists, else at the end of the file. */
  private after(keys: readonly string[]): Position {
    for (const k of [...keys].reverse()) {
      const loc = this.view.location(k);
      if (loc) {
        const line = loc.valueRange.end.character === 0 && loc.valueRange.end.line > loc.valueRange.start.line ? loc.valueRange.end.line - 1 : loc.valueRange.end.line;
        return { line, character: this.lineText(line).length };
      }
    }
    const idx = this.view.model.index;
    let last = idx.lineCount - 1;
    while (last > 0 && !idx.lineText(last).trim()) last--;
    return { line: last, character: idx.lineText(last).length };
  }

  private insertLines(at: Position, lines: string[]): this {
    this.edits.push({ kind: 'edit', path: this.path, range: { start: at, end: at }, newText: `\n${lines.join('\n')}` });
    return this;
  }

  private lineText(line: number): string {
    return this.view.model.index.lineText(line);
  }
}

function indentOf(line: string): string {
  return /^\s*/.exec(line)![0];
}

import type { FileEdit, Position } from '../core/problem.js';
import type { YamlView } from '../parse/yamlView.js';

/**
 * Text edits that set values in a YAML metadata file while keeping its comments, order and
 * layout: a value is replaced on its own line, a missing key is added where it belongs.
 */
export class YamlEditor {
  readonly edits: FileEdit[] = [];

  constructor(
    private readonly view: YamlView,
    private readonly path: string,
  ) {}

  /** `key: value` at the top level (`value` as it should be written, quoted if needed). */
  set(key: string, value: string, after: readonly string[] = []): this {
    const loc = this.view.location(key);
    if (loc?.keyRange) return this.replaceEntry(loc.keyRange.start.line, `${key}: ${value}`);
    return this.insertLines(this.after(after), [`${key}: ${value}`]);
  }

  /** `parent:\n  key: value`, adding the entry or the mapping as needed. */
  setNested(parent: string, key: string, value: string, after: readonly string[] = []): this {
    const own = this.view.location(`/${parent}/${key}`);
    if (own?.keyRange) return this.replaceEntry(own.keyRange.start.line, `${indentOf(this.lineText(own.keyRange.start.line))}${key}: ${value}`);
    const map = this.view.get(parent);
    const loc = this.view.location(parent);
    if (loc?.keyRange && map && typeof map === 'object' && !Array.isArray(map) && Object.keys(map).length) {
      const siblings = Object.keys(map).map((k) => this.view.location(`/${parent}/${k}`)!.keyRange!.start.line);
      const indent = indentOf(this.lineText(siblings[0]!));
      const last = Math.max(...Object.keys(map).map((k) => this.view.location(`/${parent}/${k}`)!.valueRange.end.line));
      return this.insertLines({ line: last, character: this.lineText(last).length }, [`${indent}${key}: ${value}`]);
    }
    if (loc?.keyRange) return this.replaceEntry(loc.keyRange.start.line, `${parent}:\n  ${key}: ${value}`);
    return this.insertLines(this.after(after), [`${parent}:`, `  ${key}: ${value}`]);
  }

  private replaceEntry(line: number, text: string): this {
    this.edits.push({ kind: 'edit', path: this.path, range: { start: { line, character: 0 }, end: { line, character: this.lineText(line).length } }, newText: text });
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

import type { Position, Range } from './problem.js';

/** Maps string offsets (UTF-16 code units, as in LSP) to positions and back. */
export class LineIndex {
  readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.lineStarts[lo]! };
  }

  offset(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[Math.max(0, position.line)]!;
    const end = this.lineEnd(position.line);
    return Math.min(start + position.character, end);
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  /** Offset of the end of a line, before its line break. */
  lineEnd(line: number): number {
    const next = this.lineStarts[line + 1];
    let end = next === undefined ? this.text.length : next - 1;
    if (end > 0 && this.text.charCodeAt(end - 1) === 13 && next !== undefined) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStarts[line] ?? this.text.length, this.lineEnd(line));
  }

  /** Range covering a whole line without its line break. */
  lineRange(line: number): Range {
    const start = this.lineStarts[line] ?? this.text.length;
    return this.range(start, this.lineEnd(line));
  }
}

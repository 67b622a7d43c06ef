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

/** How much of a value a message quotes. */
const MAX_QUOTED = 80;

/**
 * A value as a message quotes it: whole when short, else its start and end around an ellipsis
 * (a 200 KB value must not become a 200 KB message, nor a log line carry a whole file).
 */
export function excerpt(value: string, max = MAX_QUOTED): string {
  if (value.length <= max) return value;
  const head = Math.ceil((max - 1) * 0.7);
  return `${value.slice(0, head)}…${value.slice(value.length - (max - 1 - head))}`;
}

/** The longest message reported; the rules' own wording is far shorter. */
const MAX_MESSAGE = 600;

/**
 * A message as it is reported, whatever a rule put in it: each quoted value and each unbroken
 * run of characters longer than MAX_QUOTED becomes an excerpt, and the whole is at most
 * MAX_MESSAGE characters. Every finding passes here, so no rule can print a file.
 */
export function capMessage(message: string): string {
  const capped = message
    // A quote opens after a space or bracket and closes before one, so the text between two
    // quoted values is not taken for one.
    .replace(/(^|[\s([])"([^"\n]{81,})"(?=$|[\s)\].,;:!?])/g, (_, before: string, value: string) => `${before}"${excerpt(value)}"`)
    .replace(/“([^”\n]{81,})”/g, (_, value: string) => `“${excerpt(value)}”`)
    .replace(/\S{81,}/g, (run) => excerpt(run));
  return capped.length > MAX_MESSAGE ? excerpt(capped, MAX_MESSAGE) : capped;
}

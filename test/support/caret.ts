import type { Position } from 'vscode-languageserver-types';

/** The caret that marks the cursor in test documents (removed from the text). */
const CARET = '^';

/** Splits a document written with one `^` at the cursor into its text and the cursor's position. */
export function caret(marked: string): { text: string; position: Position } {
  const at = marked.indexOf(CARET);
  if (at === -1 || marked.indexOf(CARET, at + 1) !== -1) throw new Error('mark the cursor with exactly one ^');
  const before = marked.slice(0, at).split('\n');
  return { text: marked.slice(0, at) + marked.slice(at + 1), position: { line: before.length - 1, character: before[before.length - 1]!.length } };
}

/** The position of the first occurrence of `needle` in `text`, plus `delta` characters. */
export function positionOf(text: string, needle: string, delta = 0): Position {
  const at = text.indexOf(needle);
  if (at === -1) throw new Error(`"${needle}" is not in the text`);
  const before = text.slice(0, at + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

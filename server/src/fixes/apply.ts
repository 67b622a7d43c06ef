import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Fix, Range } from '../core/problem.js';

/** The text edits of fixes, by file. */
export function editsByFile(fixes: readonly Fix[]): Map<string, Array<{ range: Range; newText: string }>> {
  const byFile = new Map<string, Array<{ range: Range; newText: string }>>();
  for (const fix of fixes) {
    for (const e of fix.edits) {
      if (e.kind !== 'edit') continue;
      let list = byFile.get(e.path);
      if (!list) byFile.set(e.path, (list = []));
      list.push({ range: e.range, newText: e.newText });
    }
  }
  return byFile;
}

/**
 * `text` with the edits applied (ranges in LSP positions of `text`). Inserted line breaks take
 * the file's own (CRLF when the file's first line break is one), as an editor inserts them.
 */
export function applyEdits(text: string, edits: ReadonlyArray<{ range: Range; newText: string }>): string {
  const crlf = /^[^\n]*\r\n/.test(text);
  const eol = (s: string): string => (crlf ? s.replace(/\r?\n/g, '\r\n') : s);
  return TextDocument.applyEdits(
    TextDocument.create('file:///fix', 'plaintext', 0, text),
    edits.map((e) => ({ range: e.range, newText: eol(e.newText) })),
  );
}

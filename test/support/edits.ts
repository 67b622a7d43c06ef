import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileEdit, Position } from '../../server/src/core/problem.js';

/** Offsets of the starts of lines, LSP style (\n, \r\n and \r end lines). */
export function offsetOf(text: string, pos: Position): number {
  let line = 0;
  let start = 0;
  const re = /\r\n|\r|\n/g;
  while (line < pos.line) {
    const m = re.exec(text);
    assert.ok(m, `line ${pos.line} is past the end of the text`);
    start = m.index + m[0].length;
    line++;
  }
  const next = /\r\n|\r|\n/g;
  next.lastIndex = start;
  const end = next.exec(text)?.index ?? text.length;
  assert.ok(start + pos.character <= end, `character ${pos.character} is past the end of line ${pos.line}`);
  return start + pos.character;
}

/**
 * Applies FileEdits to disk as an editor applies a WorkspaceEdit: in list order, text edits of a
 * file together (from the end, so earlier ranges stay valid; edits at the same place keep their
 * order), creations refusing to overwrite, renames after the text edits listed before them.
 */
export function applyEdits(edits: readonly FileEdit[]): void {
  const pending = new Map<string, Array<{ start: number; end: number; text: string; i: number }>>();
  const texts = new Map<string, string>();
  const flush = (): void => {
    for (const [file, list] of pending) {
      let text = texts.get(file)!;
      const sorted = [...list].sort((a, b) => b.start - a.start || b.i - a.i);
      for (let k = 1; k < sorted.length; k++) {
        const later = sorted[k - 1]!;
        const earlier = sorted[k]!;
        assert.ok(earlier.end <= later.start, `overlapping edits in ${file}`);
      }
      for (const e of sorted) text = text.slice(0, e.start) + e.text + text.slice(e.end);
      fs.writeFileSync(file, text);
    }
    pending.clear();
    texts.clear();
  };
  edits.forEach((e, i) => {
    if (e.kind === 'edit') {
      if (!texts.has(e.path)) texts.set(e.path, fs.readFileSync(e.path, 'utf8'));
      const text = texts.get(e.path)!;
      const list = pending.get(e.path) ?? [];
      list.push({ start: offsetOf(text, e.range.start), end: offsetOf(text, e.range.end), text: e.newText, i });
      pending.set(e.path, list);
    } else if (e.kind === 'create') {
      assert.ok(!pending.has(e.path), `${e.path} is edited before it is created`);
      fs.mkdirSync(path.dirname(e.path), { recursive: true });
      fs.writeFileSync(e.path, e.content, { flag: 'wx' });
    } else {
      flush();
      assert.ok(fs.existsSync(e.oldPath), `rename of missing ${e.oldPath}`);
      assert.ok(!fs.existsSync(e.newPath), `rename onto existing ${e.newPath}`);
      fs.renameSync(e.oldPath, e.newPath);
    }
  });
  flush();
}

import type { Fix, Position, Problem } from '../core/problem.js';

const offset = (p: Position): number => p.line * 1e6 + p.character;

/**
 * The fixes "fix all" applies to these problems: each problem's first safe fix, when it only
 * edits text and overlaps no fix chosen before it (such a fix waits for a second pass, so the
 * chosen edits always apply together). The editor's `source.fixAll.kepStudio` and
 * `kep-studio check --fix` both choose with this.
 */
export function safeFixes(problems: readonly Problem[]): Fix[] {
  const chosen: Fix[] = [];
  const taken: Array<{ path: string; start: number; end: number }> = [];
  for (const p of problems) {
    const fix = p.fixes?.find((f) => f.safe);
    if (!fix || fix.edits.some((e) => e.kind !== 'edit')) continue;
    const spans = fix.edits.flatMap((e) => (e.kind === 'edit' ? [{ path: e.path, start: offset(e.range.start), end: offset(e.range.end) }] : []));
    if (spans.some((s) => taken.some((t) => t.path === s.path && s.start <= t.end && t.start <= s.end))) continue;
    chosen.push(fix);
    taken.push(...spans);
  }
  return chosen;
}

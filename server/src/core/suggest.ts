import { distance } from 'fastest-levenshtein';

/**
 * The candidate a user most likely meant by `given`: the same word in another case, else the
 * closest spelling (case ignored) within a slip of the keyboard, at most two edits or a third
 * of the word. Words of one or two letters get only the first kind of suggestion.
 */
export function didYouMean(given: string, candidates: readonly string[]): string | undefined {
  const lower = given.toLowerCase();
  const exact = candidates.find((c) => c.toLowerCase() === lower);
  if (exact !== undefined || given.length < 3) return exact;
  const limit = Math.max(2, Math.floor(given.length / 3));
  let best: string | undefined;
  let bestD = limit + 1;
  for (const c of candidates) {
    const d = distance(lower, c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best;
}

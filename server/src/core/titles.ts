/** Titles bounded before the patterns below: the link and tag patterns take quadratic time on a long run of "[" or "<". */
const MAX_TITLE = 2000;

/**
 * Titles compared the way a reader would: case, markup, numbering, punctuation and spacing
 * ignored ("### * 2. Have committers from at least two organizations." and "Have committers
 * from at least two organizations" are the same).
 */
export function normalizeTitle(text: string): string {
  return text
    .slice(0, MAX_TITLE)
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, ' ')
    .toLowerCase()
    .replace(/^[\s*+\-#=]*(?:\d+[.)]\s*)?(?:[*+-]\s+)?/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

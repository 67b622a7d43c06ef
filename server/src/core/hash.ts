/** A 53-bit FNV-1a style hash as a base-36 string: cheap equality keys for text blocks. */
export function textHash(s: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return ((h2 >>> 0) * 2 ** 21 + ((h1 >>> 0) & 0x1fffff)).toString(36);
}

/**
 * A map that keeps its most recently used entries within a total weight (an entry's weight is
 * `weigh(key, value)`, at least 1): what the language server keeps across edits stays bounded
 * however many versions it sees.
 */
export class LruCache<K, V> {
  private readonly map = new Map<K, { value: V; weight: number }>();
  private total = 0;

  constructor(
    private readonly maxWeight: number,
    private readonly weigh: (key: K, value: V) => number = () => 1,
  ) {}

  get(key: K): V | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    // Map iteration order is insertion order: re-inserting makes the entry the newest.
    this.map.delete(key);
    this.map.set(key, hit);
    return hit.value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    const weight = Math.max(1, this.weigh(key, value));
    this.map.set(key, { value, weight });
    this.total += weight;
    for (const [oldest, entry] of this.map) {
      if (this.total <= this.maxWeight) break;
      this.map.delete(oldest);
      this.total -= entry.weight;
    }
  }

  delete(key: K): void {
    const old = this.map.get(key);
    if (!old) return;
    this.map.delete(key);
    this.total -= old.weight;
  }

  get size(): number {
    return this.map.size;
  }

  /** The entries' total weight. */
  get weight(): number {
    return this.total;
  }
}

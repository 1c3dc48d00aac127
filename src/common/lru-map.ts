/**
 * A `Map` that holds at most `maxEntries` keys: setting one more forgets the least recently used. `get` and `set`
 * count as use (a `Map` keeps insertion order, so re-inserting a key moves it to the end and the first key is the
 * least recently used); `has`, `delete` and iteration do not. `onFirstEviction` runs once, on the first eviction,
 * so the owner can warn that its bound is reached without logging every forgotten entry.
 */
export class LruMap<K, V> {
  private readonly entries = new Map<K, V>();
  private evicting = false;

  constructor(
    private readonly maxEntries: number,
    private readonly onFirstEviction: () => void = () => undefined,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key) as V;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
      if (!this.evicting) {
        this.evicting = true;
        this.onFirstEviction();
      }
    }
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  /** Puts `from`'s value under `to` (replacing what `to` held) and forgets `from`; nothing when `from` is absent. */
  rename(from: K, to: K): void {
    if (!this.entries.has(from)) return;
    const value = this.entries.get(from) as V;
    this.entries.delete(from);
    this.set(to, value);
  }

  /** Entries, least recently used first. Deleting the current entry while iterating is safe. */
  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries[Symbol.iterator]();
  }

  /** Values, least recently used first. */
  values(): IterableIterator<V> {
    return this.entries.values();
  }
}

import type { ChangeFeed, WatchedTable } from '../db/change-feed.ts';

interface Entry {
  tables: readonly WatchedTable[];
  stamp: readonly number[];
  value: unknown;
}

/**
 * Results of expensive reads (suggestions, searches), kept in this process until a table they
 * were read from changes (see ChangeFeed). Keys must hold everything the result depends on,
 * including who is asking: a key is never shared by viewers who may see different things.
 * Concurrent asks for a missing key share one computation. Least recently used entries go first.
 */
export class ResultCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<unknown>>();

  readonly feed: ChangeFeed;
  private readonly maxEntries: number;

  constructor(feed: ChangeFeed, maxEntries = 5000) {
    this.feed = feed;
    this.maxEntries = maxEntries;
  }

  async get<T>(key: string, tables: readonly WatchedTable[], compute: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    if (entry && this.feed.unchangedSince(entry.tables, entry.stamp)) {
      // Re-inserted so that the map's order stays least recently used first.
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry.value as T;
    }
    if (entry) this.entries.delete(key);
    const stamp = this.feed.stamp(tables);
    if (stamp === null) return compute();
    const pendingKey = `${stamp.join('.')}|${key}`;
    const running = this.pending.get(pendingKey);
    if (running) return running as Promise<T>;
    const computation = compute().then(
      (value) => {
        this.pending.delete(pendingKey);
        this.store(key, { tables, stamp, value });
        return value;
      },
      (error: unknown) => {
        this.pending.delete(pendingKey);
        throw error;
      },
    );
    this.pending.set(pendingKey, computation);
    return computation;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }

  private store(key: string, entry: Entry) {
    // Already out of date when it arrives: keep nothing rather than something stale.
    if (!this.feed.unchangedSince(entry.tables, entry.stamp)) return;
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}

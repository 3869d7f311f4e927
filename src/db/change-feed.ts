import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { Database, DatabaseHandle } from './database.ts';
import { watchedTables } from './migrations/0018_change_notifications.ts';

export type WatchedTable = (typeof watchedTables)[number];

const channel = 'seedbed_changes';
/** Payloads that are not table names: markers that `catchUp` waits for. */
const markerPrefix = 'marker:';
const reconnectDelayMs = 1000;

/**
 * Counts, per table, the committed changes this process has heard of. Triggers (migration 0018)
 * send a table's name on a channel when a statement changes it, and PostgreSQL delivers it only
 * after the transaction commits — to every process listening, so several web processes stay in
 * step.
 *
 * That ordering is what makes a cache correct: read the counters first, then compute. If any
 * change committed after the computation's snapshot, its notice arrives after the counters were
 * read, so the entry is stale as soon as it arrives; a change committed before the snapshot is
 * already in the result. While the feed is not listening (starting, or the connection lost) it
 * answers `null` and nothing may be cached; on reconnecting every counter moves on, because
 * notices sent in between are lost.
 */
export class ChangeFeed {
  private readonly counters = new Map<string, number>();
  private listening = false;
  private closed = false;
  private client: pg.Client | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly awaited = new Map<string, () => void>();

  private readonly database: DatabaseHandle;

  constructor(database: DatabaseHandle) {
    this.database = database;
  }

  async start(): Promise<void> {
    if (this.database.pglite) {
      this.unlisten = await this.database.pglite.listen(channel, (table) => this.changed(table));
      this.listening = true;
      return;
    }
    await this.connect();
  }

  /** The counters of these tables now, or null when changes cannot be followed. */
  stamp(tables: readonly WatchedTable[]): number[] | null {
    if (!this.listening) return null;
    return tables.map((table) => this.counters.get(table) ?? 0);
  }

  /** Whether nothing has changed in these tables since `stamp` was taken. */
  unchangedSince(tables: readonly WatchedTable[], stamp: readonly number[]): boolean {
    if (!this.listening) return false;
    return tables.every((table, index) => (this.counters.get(table) ?? 0) === stamp[index]);
  }

  /**
   * Waits until every change committed before now has been heard here. Notifications arrive in
   * commit order, so once a marker sent after those commits comes back, they have all arrived. Run
   * after each request that writes, so the next request from the same person, to this process,
   * never meets a result the write made stale.
   */
  async catchUp(db: Database, timeoutMs = 2000): Promise<void> {
    if (!this.listening) return;
    const marker = `${markerPrefix}${randomUUID()}`;
    let timer: NodeJS.Timeout | undefined;
    const heard = new Promise<void>((resolve) => {
      this.awaited.set(marker, resolve);
      timer = setTimeout(resolve, timeoutMs);
    });
    try {
      await sql`select pg_notify(${channel}, ${marker})`.execute(db);
      await heard;
    } finally {
      clearTimeout(timer);
      this.awaited.delete(marker);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listening = false;
    clearTimeout(this.reconnectTimer);
    await this.unlisten?.().catch(() => undefined);
    await this.client?.end().catch(() => undefined);
  }

  private changed(table: string) {
    if (table.startsWith(markerPrefix)) {
      this.awaited.get(table)?.();
      return;
    }
    this.counters.set(table, (this.counters.get(table) ?? 0) + 1);
  }

  private everythingChanged() {
    for (const table of watchedTables) this.changed(table);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.database.connectionString });
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel === channel && message.payload) this.changed(message.payload);
    });
    const lost = () => {
      if (this.client !== client) return;
      this.listening = false;
      this.everythingChanged();
      this.client = undefined;
      client.end().catch(() => undefined);
      if (!this.closed) this.reconnectTimer = setTimeout(() => void this.connect().catch(() => lost()), reconnectDelayMs);
    };
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`listen ${channel}`);
    } catch {
      // Not listening yet: nothing is cached until a later attempt succeeds.
      lost();
      return;
    }
    this.everythingChanged();
    this.listening = true;
  }
}

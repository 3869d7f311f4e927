import { sql } from 'kysely';
import type { Database } from '../db/database.ts';

type Done = (error: Error | null, result?: { current: number; ttl: number }) => void;

interface RouteParams {
  routeInfo?: { method?: string | string[]; url?: string };
}

/** How long the counts of a finished window stay before the sweep removes them. */
export const sweepAfterMs = 60 * 60 * 1000;

/**
 * A store for @fastify/rate-limit that counts in the database: every web process of the hub sees
 * the same count for a client, so a limit means the same with one process or several. One
 * statement per limited request, on routes that write anyway.
 */
export function databaseRateLimitStore(db: Database) {
  return class DatabaseRateLimitStore {
    private readonly prefix: string;

    constructor(_globalParams?: unknown, prefix = '') {
      this.prefix = prefix;
    }

    incr(key: string, done: Done, timeWindow: number) {
      sql<{ hits: number; ttl_ms: number }>`
        insert into rate_limits (key, hits, window_ends)
        values (${this.prefix + key}, 1, now() + ${timeWindow} * interval '1 millisecond')
        on conflict (key) do update set
          hits = case when rate_limits.window_ends <= now() then 1 else rate_limits.hits + 1 end,
          window_ends = case when rate_limits.window_ends <= now() then excluded.window_ends else rate_limits.window_ends end
        returning hits, greatest(0, floor(extract(epoch from (window_ends - now())) * 1000))::integer as ttl_ms`
        .execute(db)
        .then((result) => {
          const row = result.rows[0]!;
          done(null, { current: Number(row.hits), ttl: Number(row.ttl_ms) });
        }, done);
    }

    read(key: string, done: Done) {
      sql<{ hits: number; ttl_ms: number }>`
        select hits, greatest(0, floor(extract(epoch from (window_ends - now())) * 1000))::integer as ttl_ms
        from rate_limits where key = ${this.prefix + key} and window_ends > now()`
        .execute(db)
        .then((result) => {
          const row = result.rows[0];
          done(null, row ? { current: Number(row.hits), ttl: Number(row.ttl_ms) } : { current: 0, ttl: 0 });
        }, done);
    }

    /**
     * Each limited route counts on its own, as the plugin's own stores do. The plugin passes the
     * route's limit settings with the route under `routeInfo` (its types say otherwise).
     */
    child(params: object) {
      const routeParams = params as RouteParams;
      const method = [routeParams.routeInfo?.method ?? ''].flat().join(',');
      return new DatabaseRateLimitStore(undefined, `${this.prefix}${method}${routeParams.routeInfo?.url ?? ''}|`);
    }
  };
}

/** Removes the counts of windows that ended a while ago. */
export async function sweepRateLimits(db: Database): Promise<number> {
  const result = await db
    .deleteFrom('rate_limits')
    .where('window_ends', '<', new Date(Date.now() - sweepAfterMs))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

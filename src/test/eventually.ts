import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';

/**
 * Reads until `done` holds, for what the hub does in the background (jobs, change notices); fails
 * naming `what` and the last value seen if it does not hold in time.
 */
export async function eventually<T>(read: () => Promise<T> | T, done: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) assert.fail(`Timed out waiting for ${what}; last seen: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits until no job of this name is waiting or running (the hub under test works them itself). */
export async function jobsDone(db: Database, name: string, timeoutMs = 20_000): Promise<void> {
  const pending = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from jobs.job where name = ${name} and state in ('created', 'retry', 'active')`.execute(db)).rows[0]!.n;
  await eventually(pending, (n) => n === 0, `the "${name}" jobs to be done`, timeoutMs);
}

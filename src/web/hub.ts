import { randomToken } from './auth.ts';
import type { Database } from '../db/database.ts';

const nameCacheMs = 30_000;

/**
 * What the whole hub is called and whether it has been set up. Read on every page, so it is cached
 * for a short while; other processes pick up a rename within that time.
 */
export class HubSettings {
  private cachedName = 'Seedbed';
  private setUp = false;
  private readAt = 0;

  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  name() {
    return this.cachedName;
  }

  isSetUp() {
    return this.setUp;
  }

  async refresh(force = false) {
    if (!force && this.setUp && Date.now() - this.readAt < nameCacheMs) return;
    const row = await this.db.selectFrom('hub_settings').select('name').where('id', '=', 1).executeTakeFirst();
    this.setUp = row !== undefined;
    this.cachedName = row?.name ?? 'Seedbed';
    this.readAt = Date.now();
  }
}

/**
 * The secret that signs cookies: from SESSION_SECRET, or made once and kept in the database so
 * every process of the hub shares it.
 */
export async function cookieSecret(db: Database, configured: string): Promise<string> {
  if (configured) return configured;
  await db
    .insertInto('instance_secrets')
    .values({ name: 'cookie', value: randomToken(48) })
    .onConflict((c) => c.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('instance_secrets').select('value').where('name', '=', 'cookie').executeTakeFirstOrThrow();
  return row.value;
}

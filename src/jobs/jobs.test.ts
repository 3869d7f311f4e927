import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { migrateToLatest } from '../db/migrate.ts';
import { testDatabase, type TestDatabase } from '../test/database.ts';
import { Jobs } from './jobs.ts';

describe('scheduled jobs', () => {
  let database: TestDatabase;

  before(async () => {
    database = await testDatabase();
    await migrateToLatest(database.db);
  });
  after(() => database?.close());

  async function scheduled(): Promise<string[]> {
    const result = await sql<{ name: string }>`select name from jobs.schedule order by name`.execute(database.db);
    return result.rows.map((row) => row.name);
  }

  test('a schedule whose job the code no longer schedules is removed at start', async () => {
    const before = new Jobs(database);
    before.define('tidy-old-things', async () => {}, { cron: '0 3 * * *' });
    before.define('send-summaries', async () => {}, { cron: '0 7 * * *' });
    await before.start();
    await before.stop();
    assert.deepEqual(await scheduled(), ['send-summaries', 'tidy-old-things']);

    // The next version of the code dropped one job and keeps the other without a schedule.
    const next = new Jobs(database);
    next.define('send-summaries', async () => {}, { cron: '0 7 * * *' });
    next.define('tidy-old-things', async () => {});
    await next.start();
    await next.stop();
    assert.deepEqual(await scheduled(), ['send-summaries']);
  });
});

/**
 * Test databases. Every test file gets its own database, copied from a template that global setup
 * (src/test/global-setup.ts) migrated once for the whole run, so no test waits for migrations.
 *
 * - With TEST_DATABASE_URL (a PostgreSQL URL; its database is only used to connect), each copy is
 *   `CREATE DATABASE seedbed_t_… TEMPLATE seedbed_test_template…`, dropped again by `close()`.
 * - Without it, the embedded database's template folder (under .tmp/test-templates) is copied into
 *   a fresh temporary folder, removed again by `close()`.
 *
 * Each run's global setup makes a template of its own (named in SEEDBED_TEST_TEMPLATE_DB and
 * SEEDBED_TEST_TEMPLATE_DIR, which reach every test process), so runs started at the same time do
 * not pull a template away from under each other. When a test file runs without global setup
 * (e.g. `node --import tsx --test src/x.test.ts`), a shared template (`seedbed_test_template`,
 * `.tmp/test-templates/shared`) is built on first use and kept. A stale template is harmless:
 * `createHub` migrates its database.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { Jobs } from '../jobs/jobs.ts';

export type TestDatabase = DatabaseHandle & { name: string };

/** The shared PostgreSQL template; a run's own is this name plus `_<run id>`. */
export const sharedTemplateDatabaseName = 'seedbed_test_template';

/** The PostgreSQL template copied by this process; SEEDBED_TEST_TEMPLATE_DB overrides the shared one. */
export function templateDatabaseName(): string {
  return process.env.SEEDBED_TEST_TEMPLATE_DB ?? sharedTemplateDatabaseName;
}
/** Prefix of every per-test PostgreSQL database; global teardown drops leftovers of its run. */
export const testDatabasePrefix = 'seedbed_t_';

const repositoryRoot = path.resolve(import.meta.dirname, '..', '..');

/** Where embedded templates live: one folder per run, and `shared`. */
export const templatesDirectory = path.join(repositoryRoot, '.tmp', 'test-templates');

/** Folder of the embedded template; SEEDBED_TEST_TEMPLATE_DIR overrides the shared one. */
export function templateDirectory(): string {
  return path.resolve(process.env.SEEDBED_TEST_TEMPLATE_DIR ?? path.join(templatesDirectory, 'shared'));
}

/** Set by global setup for the whole run, so its teardown can clean up what tests left behind. */
export function testRunId(): string | undefined {
  const id = process.env.SEEDBED_TEST_RUN;
  return id && /^[a-z0-9]{1,16}$/.test(id) ? id : undefined;
}

/** Folder under which embedded copies of this run live (removed by global teardown). */
export function runScratchDirectory(runId: string): string {
  return path.join(os.tmpdir(), `seedbed-test-${runId}`);
}

export async function testDatabase(): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL?.trim();
  return url ? postgresTestDatabase(url) : embeddedTestDatabase();
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

/** The same server address with another database name. */
export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Runs statements on the connection database of TEST_DATABASE_URL (CREATE/DROP DATABASE). */
export async function withAdminClient<T>(serverUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

async function postgresTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const run = testRunId();
  const name = `${testDatabasePrefix}${run ? `${run}_` : ''}${crypto.randomBytes(6).toString('hex')}`;
  const template = templateDatabaseName();
  await withAdminClient(serverUrl, async (client) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE ${quoteIdentifier(name)} TEMPLATE ${quoteIdentifier(template)}`);
        return;
      } catch (error) {
        const code = errorCode(error);
        // 3D000: the template does not exist yet (no global setup ran): build it, then copy.
        if (code === '3D000' && attempt === 1) {
          await buildPostgresTemplate(serverUrl, template, { replace: false });
          continue;
        }
        // 55006: someone is connected to the template; it is only ever brief.
        if (code === '55006' && attempt < 20) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          continue;
        }
        throw error;
      }
    }
  });

  const databaseUrl = databaseUrlFor(serverUrl, name);
  let handle: DatabaseHandle;
  try {
    handle = await openDatabase({ databaseUrl, dataDir: os.tmpdir() });
  } catch (error) {
    await dropPostgresDatabase(serverUrl, name);
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    ...handle,
    name,
    close() {
      closing ??= (async () => {
        try {
          await handle.close();
        } finally {
          await dropPostgresDatabase(serverUrl, name);
        }
      })();
      return closing;
    },
  };
}

/**
 * Drops a test database once its connections are gone. A closed pg pool says it is done before its
 * connections have actually ended; forcing them off then would reach the client as an error after
 * the test (an uncaught exception), so FORCE is only the last resort after waiting.
 */
export async function dropPostgresDatabase(serverUrl: string, name: string): Promise<void> {
  await withAdminClient(serverUrl, async (client) => {
    await waitForNoConnections(client, name);
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
  });
}

/**
 * Creates and migrates a template database. It is built under a temporary name and renamed at the
 * end, so a half-built template is never copied. With `replace`, an existing one is dropped first
 * (global setup); without, an existing one is kept (a test building it on first use).
 */
export async function buildPostgresTemplate(serverUrl: string, template: string, options: { replace: boolean }): Promise<void> {
  const building = `${sharedTemplateDatabaseName}_b${crypto.randomBytes(4).toString('hex')}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE ${quoteIdentifier(building)}`));
  try {
    const handle = await openDatabase({ databaseUrl: databaseUrlFor(serverUrl, building), dataDir: os.tmpdir(), poolSize: 2 });
    try {
      await prepareTemplate(handle);
    } finally {
      await handle.close();
    }
    await withAdminClient(serverUrl, async (client) => {
      // A template must have no connections; closed pools can take a moment to be gone.
      await waitForNoConnections(client, building);
      if (options.replace) {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(template)} WITH (FORCE)`);
      }
      try {
        await client.query(`ALTER DATABASE ${quoteIdentifier(building)} RENAME TO ${quoteIdentifier(template)}`);
      } catch (error) {
        // 42P04: another process finished building the template first; theirs is as good.
        if (errorCode(error) !== '42P04' || options.replace) throw error;
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(building)} WITH (FORCE)`);
      }
    });
  } catch (error) {
    await dropPostgresDatabase(serverUrl, building).catch(() => {});
    throw error;
  }
}

async function waitForNoConnections(client: pg.Client, database: string) {
  for (let i = 0; i < 100; i++) {
    const result = await client.query<{ count: number }>('SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = $1', [database]);
    if (result.rows[0]?.count === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Drops a run's template and every per-test database it left behind (after crashed tests). */
export async function dropPostgresLeftovers(serverUrl: string, template: string, runId: string | undefined): Promise<void> {
  await withAdminClient(serverUrl, async (client) => {
    if (runId) {
      const leftovers = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
        `${testDatabasePrefix}${runId}\\_%`,
      ]);
      for (const row of leftovers.rows) {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(row.datname)} WITH (FORCE)`);
      }
    }
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(template)} WITH (FORCE)`);
  });
}

// ---------------------------------------------------------------------------------------------
// Embedded database (PGlite)

async function embeddedTestDatabase(): Promise<TestDatabase> {
  const template = templateDirectory();
  if (!fs.existsSync(path.join(template, 'db', 'PG_VERSION'))) {
    await buildEmbeddedTemplate(template, { replace: false });
  }
  const run = testRunId();
  let parent = os.tmpdir();
  if (run) {
    parent = runScratchDirectory(run);
    fs.mkdirSync(parent, { recursive: true });
  }
  const directory = fs.mkdtempSync(path.join(parent, testDatabasePrefix));
  let handle: DatabaseHandle;
  try {
    fs.cpSync(template, directory, { recursive: true });
    handle = await openDatabase({ dataDir: directory });
  } catch (error) {
    fs.rmSync(directory, { recursive: true, force: true });
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    ...handle,
    name: path.basename(directory),
    close() {
      closing ??= (async () => {
        try {
          await handle.close();
        } finally {
          fs.rmSync(directory, { recursive: true, force: true, maxRetries: 3 });
        }
      })();
      return closing;
    },
  };
}

/**
 * Creates and migrates the embedded template in `directory` (its database in `directory/db`, as
 * `openDatabase` lays it out). Built next to it and renamed into place, so it is never half there.
 */
export async function buildEmbeddedTemplate(directory: string, options: { replace: boolean }): Promise<void> {
  fs.mkdirSync(path.dirname(directory), { recursive: true });
  const building = `${directory}.build-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  try {
    const handle = await openDatabase({ dataDir: building });
    try {
      await prepareTemplate(handle);
    } finally {
      await handle.close();
    }
    if (options.replace) fs.rmSync(directory, { recursive: true, force: true });
    try {
      fs.renameSync(building, directory);
    } catch (error) {
      // Another process put its template in place first; theirs is as good.
      if (options.replace || !fs.existsSync(directory)) throw error;
    }
  } finally {
    fs.rmSync(building, { recursive: true, force: true });
  }
}

/**
 * Brings a template database up to date: the app's migrations, plus the job queue's own schema
 * (which pg-boss creates when it first starts), so copies start their queue without that work.
 */
async function prepareTemplate(handle: DatabaseHandle) {
  await migrateToLatest(handle.db);
  const jobs = new Jobs(handle);
  jobs.onError = () => {};
  await jobs.start();
  await jobs.stop();
}

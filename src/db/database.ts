import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

// Counts and ids come back as int8; they stay far below 2^53, so plain numbers are safe and simpler.
pg.types.setTypeParser(20, (value) => Number(value));
pg.types.setTypeParser(1700, (value) => Number(value));

export type Database = Kysely<DB>;

export interface DatabaseHandle {
  db: Database;
  kind: 'postgres' | 'embedded';
  /** The embedded instance, when there is one; the job queue shares it. */
  pglite?: PGlite;
  connectionString?: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    // JIT compilation pays off for long analytical queries; for a page's queries it costs more than
    // it saves (140 ms of compiling for a 20 ms search, measured at 150,000 members).
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10, options: '-c jit=off' });
    // An idle connection dropped by the server (a restart, a network cut) is reported here; the pool
    // replaces it on the next query. Without a listener the whole process would stop.
    pool.on('error', (error) => console.error('A database connection was lost and will be replaced:', error.message));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', connectionString: options.databaseUrl, close: () => db.destroy() };
  }
  const directory = path.join(options.dataDir, 'db');
  fs.mkdirSync(directory, { recursive: true });
  const pglite = await PGlite.create({
    dataDir: directory,
    extensions: { pg_trgm },
    parsers: { 20: (value: string) => Number(value), 1700: (value: string) => Number(value) },
  });
  const { PgliteDialect } = await import('./pglite-dialect.ts');
  const db = new Kysely<DB>({ dialect: new PgliteDialect(pglite) });
  return {
    db,
    kind: 'embedded',
    pglite,
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

import { sql, type Kysely } from 'kysely';

// Rate limits counted in the database, so two web processes behind one proxy share one count per
// client instead of each allowing the full amount. Unlogged: losing the counts in a crash is
// harmless, and it spares the write-ahead log a write per limited request.
const statements = [
  `create unlogged table rate_limits (
     key text primary key,
     hits integer not null,
     window_ends timestamptz not null
   )`,
  `create index rate_limits_window_ends on rate_limits (window_ends)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

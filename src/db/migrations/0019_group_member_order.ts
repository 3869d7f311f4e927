import { sql, type Kysely } from 'kysely';

// A group page names its newest members and its facilitators. Members who joined at the same
// moment (a group's founders, an import) made the old index read every one of them to break the
// tie; facilitators were found by reading the whole membership. Measured on a group of 4,600.
const statements = [
  `drop index group_members_joined`,
  `create index group_members_joined on group_members (group_id, joined_at desc, user_id desc) where status = 'active'`,
  `create index group_members_facilitators on group_members (group_id) where status = 'active' and role = 'facilitator'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

import { sql, type Kysely } from 'kysely';

// Moderation beyond posts: pitches and knowledge pages can be reported and hidden with a reason,
// and the log can say which group a member was removed from.
const statements = [
  `alter table flags drop constraint flags_subject_type_check`,
  `alter table flags add constraint flags_subject_type_check check (subject_type in ('post', 'member', 'pitch', 'knowledge-page'))`,
  `alter table pitches add column hidden_at timestamptz, add column hidden_reason text check (char_length(hidden_reason) <= 1000),
     add column hidden_by bigint references users (id) on delete set null`,
  `create index pitches_hidden on pitches (hidden_at desc) where hidden_at is not null`,
  `alter table knowledge_pages add column hidden_at timestamptz, add column hidden_reason text check (char_length(hidden_reason) <= 1000),
     add column hidden_by bigint references users (id) on delete set null`,
  `create index knowledge_pages_hidden on knowledge_pages (hidden_at desc) where hidden_at is not null`,
  `alter table moderation_log add column group_id bigint references groups (id) on delete set null`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

import { sql, type Kysely } from 'kysely';

// Moderation: reports from members, the record of what moderators did, hidden posts and blocks.
const statements = [
  `create table flags (
     id bigint generated always as identity primary key,
     subject_type text not null check (subject_type in ('post', 'member')),
     subject_id bigint not null,
     reporter_id bigint references users (id) on delete set null,
     reason text not null check (char_length(reason) <= 1000),
     status text not null default 'open' check (status in ('open', 'resolved', 'dismissed')),
     created_at timestamptz not null default now(),
     resolved_by bigint references users (id) on delete set null,
     resolved_at timestamptz
   )`,
  `create index flags_open on flags (id desc) where status = 'open'`,
  `create index flags_subject on flags (subject_type, subject_id)`,
  `create table moderation_log (
     id bigint generated always as identity primary key,
     actor_id bigint references users (id) on delete set null,
     action text not null,
     subject_type text not null,
     subject_id bigint not null,
     reason text,
     created_at timestamptz not null default now()
   )`,
  `alter table posts add column hidden_at timestamptz, add column hidden_reason text check (char_length(hidden_reason) <= 1000),
     add column hidden_by bigint references users (id) on delete set null`,
  `create table blocks (
     blocker_id bigint not null references users (id) on delete cascade,
     blocked_id bigint not null references users (id) on delete cascade,
     created_at timestamptz not null default now(),
     primary key (blocker_id, blocked_id),
     check (blocker_id <> blocked_id)
   )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

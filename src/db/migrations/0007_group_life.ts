import { sql, type Kysely } from 'kysely';

// Group life: when each member joined and how they want to hear of new posts and pitches in the
// group; pins (generic, so knowledge pages can be pinned later); messages facilitators send to
// every member. A pitch posted into a group may no longer outlive it silently: deleting a group
// must first withdraw its pitches (the groups area does), or the database refuses, so a closed
// group's pitch can never become public by its group going away.
const statements = [
  `alter table group_members
     add column joined_at timestamptz,
     add column notify text not null default 'daily' check (notify in ('immediately', 'daily', 'off'))`,
  `update group_members set joined_at = created_at where status = 'active'`,
  `create index group_members_joined on group_members (group_id, joined_at desc) where status = 'active'`,
  `create index group_members_waiting on group_members (group_id, created_at) where status = 'pending'`,
  `create table pins (
     id bigint generated always as identity primary key,
     group_id bigint not null references groups (id) on delete cascade,
     subject_type text not null check (char_length(subject_type) <= 40),
     subject_id bigint not null,
     pinned_by bigint references users (id) on delete set null,
     pinned_at timestamptz not null default now(),
     unique (group_id, subject_type, subject_id)
   )`,
  `create index pins_group on pins (group_id, pinned_at desc)`,
  `create table group_messages (
     id bigint generated always as identity primary key,
     group_id bigint not null references groups (id) on delete cascade,
     sender_id bigint references users (id) on delete set null,
     subject text not null check (char_length(subject) <= 150),
     body text not null check (char_length(body) <= 5000),
     recipient_count integer not null default 0,
     created_at timestamptz not null default now()
   )`,
  `create index group_messages_group on group_messages (group_id, created_at desc)`,
  // Replies are looked up by their parent for "posts nobody has answered".
  `create index posts_parent on posts (parent_id) where parent_id is not null`,
  `alter table pitches drop constraint pitches_group_id_fkey`,
  `alter table pitches add constraint pitches_group_id_fkey foreign key (group_id) references groups (id) on delete restrict`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    `alter table pitches drop constraint pitches_group_id_fkey`,
    `alter table pitches add constraint pitches_group_id_fkey foreign key (group_id) references groups (id) on delete set null`,
    `drop index if exists posts_parent`,
    `drop table if exists group_messages`,
    `drop table if exists pins`,
    `drop index if exists group_members_waiting`,
    `drop index if exists group_members_joined`,
    `alter table group_members drop column notify, drop column joined_at`,
  ]) {
    await sql.raw(statement).execute(db);
  }
}

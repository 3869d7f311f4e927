import { sql, type Kysely } from 'kysely';

// Groups ("spaces") where council officers, community groups and residents work together, with
// facilitators; sub-groups hang off a parent; invitations by email carry only a token's hash.
const statements = [
  `create table groups (
     id bigint generated always as identity primary key,
     slug text not null unique,
     name text not null check (char_length(name) <= 100),
     purpose text not null default '' check (char_length(purpose) <= 500),
     description text not null default '' check (char_length(description) <= 5000),
     welcome text not null default '' check (char_length(welcome) <= 5000),
     visibility text not null default 'open' check (visibility in ('open', 'closed', 'secret')),
     tags text[] not null default '{}',
     place text not null default '',
     local_authority text,
     parent_id bigint references groups (id) on delete set null,
     created_by bigint references users (id) on delete set null,
     member_count integer not null default 0,
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now()
   )`,
  `create index groups_created on groups (created_at desc, id desc)`,
  `create index groups_parent on groups (parent_id)`,
  `create index groups_tags on groups using gin (tags)`,
  `create table group_members (
     group_id bigint not null references groups (id) on delete cascade,
     user_id bigint not null references users (id) on delete cascade,
     role text not null default 'member' check (role in ('facilitator', 'member')),
     status text not null default 'active' check (status in ('active', 'pending', 'invited')),
     created_at timestamptz not null default now(),
     primary key (group_id, user_id)
   )`,
  `create index group_members_user on group_members (user_id, status)`,
  `create table group_invitations (
     id bigint generated always as identity primary key,
     group_id bigint not null references groups (id) on delete cascade,
     email text not null,
     token_hash text not null unique,
     invited_by bigint references users (id) on delete set null,
     created_at timestamptz not null default now(),
     expires_at timestamptz not null,
     used_at timestamptz,
     used_by bigint references users (id) on delete set null
   )`,
  `create index group_invitations_group on group_invitations (group_id, created_at desc)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['group_invitations', 'group_members', 'groups']) await sql.raw(`drop table if exists ${table}`).execute(db);
}

import { sql, type Kysely } from 'kysely';

// Accounts, sessions, email, member profiles, organisations and API tokens: what every later area
// builds on. Forward-only, like every migration here.
const statements = [
  `create extension if not exists pg_trgm`,
  `create table hub_settings (
     id integer primary key default 1 check (id = 1),
     name text not null,
     description text not null default '',
     created_at timestamptz not null default now()
   )`,
  `create table instance_secrets (
     name text primary key,
     value text not null
   )`,
  `create table users (
     id bigint generated always as identity primary key,
     email text not null,
     password_hash text not null,
     display_name text not null,
     handle text not null unique,
     role text not null default 'member' check (role in ('admin', 'member')),
     status text not null default 'active' check (status in ('active', 'suspended')),
     suspended_reason text,
     email_verified_at timestamptz,
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now()
   )`,
  `create unique index users_email_key on users (lower(email))`,
  `create index users_display_name_trgm on users using gin (lower(display_name) gin_trgm_ops)`,
  `create table sessions (
     id text primary key,
     user_id bigint not null references users (id) on delete cascade,
     created_at timestamptz not null default now(),
     last_seen_at timestamptz not null default now(),
     expires_at timestamptz not null
   )`,
  `create index sessions_user_id on sessions (user_id)`,
  `create table email_tokens (
     token_hash text primary key,
     user_id bigint not null references users (id) on delete cascade,
     purpose text not null check (purpose in ('verify-email', 'reset-password')),
     created_at timestamptz not null default now(),
     expires_at timestamptz not null,
     used_at timestamptz
   )`,
  `create index email_tokens_user_id on email_tokens (user_id, purpose)`,
  `create table emails (
     id bigint generated always as identity primary key,
     recipient text not null,
     subject text not null,
     body_text text not null,
     body_html text,
     status text not null default 'queued' check (status in ('queued', 'sent', 'failed', 'outbox')),
     attempts integer not null default 0,
     last_error text,
     created_at timestamptz not null default now(),
     sent_at timestamptz
   )`,
  `create index emails_created_at on emails (created_at desc)`,
  `create table profiles (
     user_id bigint primary key references users (id) on delete cascade,
     bio text not null default '',
     photo text,
     sector text,
     roles text[] not null default '{}',
     place text not null default '',
     local_authority text,
     interests text[] not null default '{}',
     skills text not null default '',
     needs text not null default '',
     links jsonb not null default '[]',
     visibility jsonb not null default '{}',
     search_everyone tsvector not null default ''::tsvector,
     search_members tsvector not null default ''::tsvector,
     updated_at timestamptz not null default now()
   )`,
  `create index profiles_search_everyone on profiles using gin (search_everyone)`,
  `create index profiles_search_members on profiles using gin (search_members)`,
  `create index profiles_interests on profiles using gin (interests)`,
  `create index profiles_roles on profiles using gin (roles)`,
  `create table organisations (
     id bigint generated always as identity primary key,
     slug text not null unique,
     name text not null,
     kind text not null,
     size text,
     place text not null default '',
     local_authority text,
     website text,
     description text not null default '',
     tags text[] not null default '{}',
     search tsvector not null default ''::tsvector,
     created_by bigint references users (id) on delete set null,
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now()
   )`,
  `create index organisations_search on organisations using gin (search)`,
  `create index organisations_tags on organisations using gin (tags)`,
  `create index organisations_name_trgm on organisations using gin (lower(name) gin_trgm_ops)`,
  `create table organisation_members (
     organisation_id bigint not null references organisations (id) on delete cascade,
     user_id bigint not null references users (id) on delete cascade,
     role text not null default 'member' check (role in ('admin', 'member')),
     status text not null default 'pending' check (status in ('pending', 'active')),
     message text not null default '',
     created_at timestamptz not null default now(),
     decided_at timestamptz,
     primary key (organisation_id, user_id)
   )`,
  `create index organisation_members_user on organisation_members (user_id)`,
  `create table api_tokens (
     id bigint generated always as identity primary key,
     user_id bigint not null references users (id) on delete cascade,
     name text not null,
     token_hash text not null unique,
     token_prefix text not null,
     created_at timestamptz not null default now(),
     last_used_at timestamptz,
     revoked_at timestamptz
   )`,
  `create index api_tokens_user on api_tokens (user_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

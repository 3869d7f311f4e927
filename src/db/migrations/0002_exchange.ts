import { sql, type Kysely } from 'kysely';

// The exchange: pitches with their stage history, teams, organisations and files; interest
// signals; conversations (usable on any subject: pitches now, groups, events and stories later);
// notifications with per-kind delivery preferences; and the activity stream.
const statements = [
  // Digest and notification emails carry List-Unsubscribe headers.
  `alter table emails add column headers jsonb not null default '{}'`,
  `create table pitches (
     id bigint generated always as identity primary key,
     slug text not null unique,
     kind text not null check (kind in ('idea', 'challenge', 'project', 'product', 'service', 'offer', 'want')),
     title text not null,
     summary text not null default '',
     body text not null default '',
     terms text not null default 'free' check (terms in ('free', 'paid', 'negotiable')),
     price_min numeric(12, 2),
     price_max numeric(12, 2),
     budget numeric(12, 2),
     deadline date,
     stage text not null default 'idea' check (stage in ('idea', 'shaping', 'seeking-partners', 'seeking-funding', 'funded', 'delivering', 'delivered', 'replicated', 'paused', 'closed')),
     status text not null default 'draft' check (status in ('draft', 'published')),
     tags text[] not null default '{}',
     place text not null default '',
     local_authority text,
     online boolean not null default false,
     links jsonb not null default '[]',
     author_id bigint references users (id) on delete set null,
     version integer not null default 1,
     search tsvector not null default ''::tsvector,
     signal_count integer not null default 0,
     reply_count integer not null default 0,
     need_count integer not null default 0,
     last_activity_at timestamptz not null default now(),
     published_at timestamptz,
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now()
   )`,
  `create index pitches_published on pitches (published_at desc, id desc) where status = 'published'`,
  `create index pitches_activity on pitches (last_activity_at desc, id desc) where status = 'published'`,
  `create index pitches_signals on pitches (signal_count desc, id desc) where status = 'published'`,
  `create index pitches_kind on pitches (kind, published_at desc) where status = 'published'`,
  `create index pitches_stage on pitches (stage, published_at desc) where status = 'published'`,
  `create index pitches_author on pitches (author_id)`,
  `create index pitches_tags on pitches using gin (tags)`,
  `create index pitches_search on pitches using gin (search)`,
  `create table pitch_stage_changes (
     id bigint generated always as identity primary key,
     pitch_id bigint not null references pitches (id) on delete cascade,
     stage text not null,
     note text not null default '',
     changed_by bigint references users (id) on delete set null,
     changed_at timestamptz not null default now()
   )`,
  `create index pitch_stage_changes_pitch on pitch_stage_changes (pitch_id, changed_at)`,
  `create table pitch_team (
     pitch_id bigint not null references pitches (id) on delete cascade,
     user_id bigint not null references users (id) on delete cascade,
     role text not null default '',
     is_lead boolean not null default false,
     added_at timestamptz not null default now(),
     primary key (pitch_id, user_id)
   )`,
  `create index pitch_team_user on pitch_team (user_id)`,
  `create table pitch_organisations (
     pitch_id bigint not null references pitches (id) on delete cascade,
     organisation_id bigint not null references organisations (id) on delete cascade,
     primary key (pitch_id, organisation_id)
   )`,
  `create index pitch_organisations_organisation on pitch_organisations (organisation_id)`,
  `create table pitch_files (
     id bigint generated always as identity primary key,
     pitch_id bigint not null references pitches (id) on delete cascade,
     kind text not null check (kind in ('image', 'attachment')),
     original_name text not null,
     stored_path text not null,
     content_type text not null,
     size_bytes integer not null,
     description text not null default '',
     uploaded_by bigint references users (id) on delete set null,
     created_at timestamptz not null default now()
   )`,
  `create index pitch_files_pitch on pitch_files (pitch_id)`,
  `create table signals (
     id bigint generated always as identity primary key,
     pitch_id bigint not null references pitches (id) on delete cascade,
     user_id bigint not null references users (id) on delete cascade,
     kind text not null check (kind in ('can-help', 'would-use', 'could-fund', 'need-too', 'follow')),
     note text not null default '',
     amount numeric(12, 2),
     organisation_id bigint references organisations (id) on delete cascade,
     created_at timestamptz not null default now(),
     unique (pitch_id, user_id, kind)
   )`,
  // An organisation shares a need once, however many of its people say so.
  `create unique index signals_need_per_organisation on signals (pitch_id, organisation_id) where kind = 'need-too'`,
  `create index signals_user on signals (user_id, created_at desc)`,
  `create index signals_pitch on signals (pitch_id, kind, created_at desc)`,
  `create table threads (
     id bigint generated always as identity primary key,
     subject_type text not null,
     subject_id bigint not null,
     title text not null default '',
     created_by bigint references users (id) on delete set null,
     post_count integer not null default 0,
     last_post_at timestamptz,
     created_at timestamptz not null default now(),
     unique (subject_type, subject_id)
   )`,
  `create table posts (
     id bigint generated always as identity primary key,
     thread_id bigint not null references threads (id) on delete cascade,
     parent_id bigint references posts (id) on delete set null,
     quote_of bigint references posts (id) on delete set null,
     author_id bigint references users (id) on delete set null,
     body text not null,
     search tsvector not null default ''::tsvector,
     helpful boolean not null default false,
     created_at timestamptz not null default now(),
     edited_at timestamptz,
     deleted_at timestamptz
   )`,
  `create index posts_thread on posts (thread_id, id)`,
  `create index posts_author on posts (author_id, created_at desc)`,
  `create index posts_search on posts using gin (search)`,
  `create table post_revisions (
     id bigint generated always as identity primary key,
     post_id bigint not null references posts (id) on delete cascade,
     body text not null,
     edited_by bigint references users (id) on delete set null,
     edited_at timestamptz not null default now()
   )`,
  `create index post_revisions_post on post_revisions (post_id, id)`,
  `create table post_reactions (
     post_id bigint not null references posts (id) on delete cascade,
     user_id bigint not null references users (id) on delete cascade,
     reaction text not null,
     created_at timestamptz not null default now(),
     primary key (post_id, user_id, reaction)
   )`,
  `create table post_mentions (
     post_id bigint not null references posts (id) on delete cascade,
     user_id bigint not null references users (id) on delete cascade,
     primary key (post_id, user_id)
   )`,
  `create table thread_followers (
     thread_id bigint not null references threads (id) on delete cascade,
     user_id bigint not null references users (id) on delete cascade,
     created_at timestamptz not null default now(),
     primary key (thread_id, user_id)
   )`,
  `create index thread_followers_user on thread_followers (user_id)`,
  `create table notifications (
     id bigint generated always as identity primary key,
     user_id bigint not null references users (id) on delete cascade,
     kind text not null,
     actor_id bigint references users (id) on delete set null,
     subject_type text not null,
     subject_id bigint not null,
     text text not null,
     url text not null,
     created_at timestamptz not null default now(),
     read_at timestamptz,
     delivery text not null default 'immediately',
     emailed_at timestamptz
   )`,
  `create index notifications_user on notifications (user_id, id desc)`,
  `create index notifications_unread on notifications (user_id) where read_at is null`,
  `create index notifications_digest on notifications (delivery, user_id) where emailed_at is null and delivery in ('daily', 'weekly')`,
  `create table notification_preferences (
     user_id bigint not null references users (id) on delete cascade,
     kind text not null,
     delivery text not null check (delivery in ('immediately', 'daily', 'weekly', 'off')),
     primary key (user_id, kind)
   )`,
  `create table activities (
     id bigint generated always as identity primary key,
     verb text not null,
     actor_id bigint references users (id) on delete set null,
     subject_type text not null,
     subject_id bigint not null,
     summary text not null default '',
     created_at timestamptz not null default now()
   )`,
  `create index activities_recent on activities (id desc)`,
  `create index activities_subject on activities (subject_type, subject_id, id desc)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

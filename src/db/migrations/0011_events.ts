import { sql, type Kysely } from 'kysely';

// Events: hack days, workshops, meetups and the like, hosted by a member, one of their
// organisations or one of their groups. An event of a group is seen exactly as the group's
// content is, and goes with the group (it never falls back into the whole hub). Times are stored
// in UTC with the zone the event happens in, so they are shown as the host typed them.
const statements = [
  `create table events (
     id bigint generated always as identity primary key,
     slug text not null unique,
     kind text not null check (kind in ('hack-day', 'workshop', 'meetup', 'knowledge-jam', 'open-conference', 'webinar', 'other')),
     title text not null check (char_length(title) <= 120),
     summary text not null default '' check (char_length(summary) <= 300),
     description text not null default '' check (char_length(description) <= 10000),
     tags text[] not null default '{}',
     created_by bigint references users (id) on delete set null,
     organisation_id bigint references organisations (id) on delete set null,
     group_id bigint references groups (id) on delete cascade,
     attendance text not null check (attendance in ('in-person', 'online', 'hybrid')),
     online_url text not null default '' check (char_length(online_url) <= 500),
     venue text not null default '' check (char_length(venue) <= 200),
     address text not null default '' check (char_length(address) <= 500),
     access text not null default '' check (char_length(access) <= 2000),
     place text not null default '' check (char_length(place) <= 100),
     local_authority text,
     starts_at timestamptz not null,
     ends_at timestamptz not null,
     time_zone text not null default 'Europe/London',
     capacity integer check (capacity is null or capacity > 0),
     attendee_list text not null default 'attendees' check (attendee_list in ('everyone', 'attendees', 'hosts')),
     sequence integer not null default 0,
     cancelled_at timestamptz,
     cancel_reason text not null default '' check (char_length(cancel_reason) <= 2000),
     reminded_at timestamptz,
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now(),
     check (ends_at > starts_at)
   )`,
  `create index events_starts on events (starts_at, id)`,
  `create index events_ends on events (ends_at)`,
  `create index events_group on events (group_id, starts_at) where group_id is not null`,
  `create index events_created_by on events (created_by)`,
  `create index events_tags on events using gin (tags)`,
  // Who is going and who is waiting for a place; the waiting list is first come, first served.
  `create table event_attendees (
     event_id bigint not null references events (id) on delete cascade,
     user_id bigint not null references users (id) on delete cascade,
     status text not null check (status in ('going', 'waiting')),
     joined_at timestamptz not null default now(),
     promoted_at timestamptz,
     primary key (event_id, user_id)
   )`,
  `create index event_attendees_queue on event_attendees (event_id, status, joined_at)`,
  `create index event_attendees_user on event_attendees (user_id, status)`,
  // The secret address of a member's own calendar feed. Kept as it is, not hashed, because the
  // settings page shows it again; it only reads what the member may see anyway.
  `create table calendar_tokens (
     user_id bigint primary key references users (id) on delete cascade,
     token text not null unique,
     created_at timestamptz not null default now()
   )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['calendar_tokens', 'event_attendees', 'events']) await sql.raw(`drop table if exists ${table}`).execute(db);
}

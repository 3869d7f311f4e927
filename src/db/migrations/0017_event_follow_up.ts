import { sql, type Kysely } from 'kysely';

// Telling people what the hosts decided about sessions, and what came of an event that is still
// on its way (a story nominated from the event, until it is accepted).
//
// - event_schedule_changes: events whose sessions or schedule changed since their proposers and
//   voters were last told; told once the hosts have stopped changing things for a few minutes, so
//   building a schedule by hand sends one message per session rather than one per move.
// - event_session_notices: what each session's people were last told (its place, or that it was
//   declined, joined with another, or left without a place), so only differences are sent.
// - event_nomination_links: a story nomination made from an event's page; when the nomination
//   becomes a story, the story is linked to the event (event_links) and this row goes.
const statements = [
  `create table event_schedule_changes (
     event_id bigint primary key references events (id) on delete cascade,
     due_at timestamptz not null,
     changed_by bigint references users (id) on delete set null
   )`,
  `create index event_schedule_changes_due on event_schedule_changes (due_at)`,
  `create table event_session_notices (
     session_id bigint primary key references event_sessions (id) on delete cascade,
     state text not null check (state in ('placed', 'unplaced', 'left-out', 'declined', 'merged')),
     room text not null default '',
     starts_at timestamptz,
     ends_at timestamptz,
     told_at timestamptz not null default now()
   )`,
  `create table event_nomination_links (
     nomination_id bigint primary key references story_nominations (id) on delete cascade,
     event_id bigint not null references events (id) on delete cascade,
     linked_by bigint references users (id) on delete set null,
     created_at timestamptz not null default now()
   )`,
  `create index event_nomination_links_event on event_nomination_links (event_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['event_nomination_links', 'event_session_notices', 'event_schedule_changes']) {
    await sql.raw(`drop table if exists ${table}`).execute(db);
  }
}

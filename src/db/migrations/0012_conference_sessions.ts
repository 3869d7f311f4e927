import { sql, type Kysely } from 'kysely';

// Sessions of an event, as at an open conference or a knowledge jam: those going propose sessions
// and vote for the ones they want; hosts build a schedule of rooms and time slots from them; each
// session gets notes (a knowledge page) and outcomes; and what came of an event (pitches, pages)
// stays linked to it. Everything here is seen exactly as its event is.
const statements = [
  // Whether an event takes proposals (open conferences and knowledge jams do unless their hosts
  // say otherwise; any other event once its hosts turn it on), whether proposing and voting are
  // still open, and how many votes each person has (null: as many as they like).
  `create table event_session_settings (
     event_id bigint primary key references events (id) on delete cascade,
     enabled boolean not null,
     proposals_open boolean not null default true,
     vote_limit integer check (vote_limit is null or vote_limit between 1 and 50),
     updated_at timestamptz not null default now()
   )`,
  `create table event_sessions (
     id bigint generated always as identity primary key,
     event_id bigint not null references events (id) on delete cascade,
     title text not null check (char_length(title) between 1 and 120),
     description text not null default '' check (char_length(description) <= 2000),
     leader text not null default '' check (char_length(leader) <= 120),
     format text not null check (format in ('talk', 'discussion', 'workshop', 'demo', 'panel', 'other')),
     proposed_by bigint references users (id) on delete set null,
     status text not null default 'proposed' check (status in ('proposed', 'declined', 'merged')),
     decline_reason text not null default '' check (char_length(decline_reason) <= 1000),
     merged_into bigint references event_sessions (id) on delete set null,
     vote_count integer not null default 0 check (vote_count >= 0),
     notes_page_id bigint references knowledge_pages (id) on delete set null,
     sequence integer not null default 0,
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now(),
     unique (event_id, id)
   )`,
  `create index event_sessions_ranking on event_sessions (event_id, status, vote_count desc, created_at, id)`,
  `create index event_sessions_proposer on event_sessions (proposed_by)`,
  // One vote per person per session: the primary key refuses a second, however the requests race.
  `create table event_session_votes (
     session_id bigint not null,
     event_id bigint not null,
     user_id bigint not null references users (id) on delete cascade,
     created_at timestamptz not null default now(),
     primary key (session_id, user_id),
     foreign key (event_id, session_id) references event_sessions (event_id, id) on delete cascade
   )`,
  `create index event_session_votes_voter on event_session_votes (event_id, user_id)`,
  // The count shown beside each session is kept by the database itself, on every vote added or
  // taken away by whatever path (a vote, a withdrawn vote, a merge, an account removed), so it
  // always equals the number of votes and no list needs count(*).
  `create function event_session_vote_count() returns trigger language plpgsql as $$
   begin
     if tg_op = 'INSERT' then
       update event_sessions set vote_count = vote_count + 1 where id = new.session_id;
       return new;
     end if;
     update event_sessions set vote_count = vote_count - 1 where id = old.session_id;
     return old;
   end $$`,
  `create trigger event_session_votes_count after insert or delete on event_session_votes
     for each row execute function event_session_vote_count()`,
  `create table event_rooms (
     id bigint generated always as identity primary key,
     event_id bigint not null references events (id) on delete cascade,
     name text not null check (char_length(name) between 1 and 80),
     capacity integer check (capacity is null or capacity between 1 and 100000),
     created_at timestamptz not null default now(),
     unique (event_id, id)
   )`,
  `create unique index event_rooms_name on event_rooms (event_id, lower(name))`,
  `create table event_slots (
     id bigint generated always as identity primary key,
     event_id bigint not null references events (id) on delete cascade,
     starts_at timestamptz not null,
     ends_at timestamptz not null,
     check (ends_at > starts_at),
     unique (event_id, id),
     unique (event_id, starts_at)
   )`,
  // The schedule: one session per room and slot (the primary key), each session in one place
  // only (unique session_id), and room, slot and session all of the same event (the foreign keys).
  `create table event_schedule (
     event_id bigint not null references events (id) on delete cascade,
     room_id bigint not null,
     slot_id bigint not null,
     session_id bigint not null unique,
     placed_at timestamptz not null default now(),
     primary key (event_id, room_id, slot_id),
     foreign key (event_id, session_id) references event_sessions (event_id, id) on delete cascade,
     foreign key (event_id, room_id) references event_rooms (event_id, id) on delete cascade,
     foreign key (event_id, slot_id) references event_slots (event_id, id) on delete cascade
   )`,
  `create table event_session_outcomes (
     id bigint generated always as identity primary key,
     session_id bigint not null references event_sessions (id) on delete cascade,
     body text not null check (char_length(body) between 1 and 300),
     added_by bigint references users (id) on delete set null,
     created_at timestamptz not null default now()
   )`,
  `create index event_session_outcomes_session on event_session_outcomes (session_id, id)`,
  // What came of an event: pitches and knowledge pages (and, later, stories) made from it. Each is
  // shown on the event's page only to those who may see it, as its own area decides.
  `create table event_links (
     event_id bigint not null references events (id) on delete cascade,
     subject_type text not null check (subject_type in ('pitch', 'knowledge-page', 'story')),
     subject_id bigint not null,
     linked_by bigint references users (id) on delete set null,
     created_at timestamptz not null default now(),
     primary key (event_id, subject_type, subject_id)
   )`,
  `create index event_links_subject on event_links (subject_type, subject_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['event_links', 'event_session_outcomes', 'event_schedule', 'event_slots', 'event_rooms', 'event_session_votes', 'event_sessions', 'event_session_settings']) {
    await sql.raw(`drop table if exists ${table}`).execute(db);
  }
  await sql.raw('drop function if exists event_session_vote_count()').execute(db);
}

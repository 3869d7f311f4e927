import { sql, type Kysely } from 'kysely';

// Awards: rounds opened by administrators, with categories, criteria scored by a panel, dates for
// each step and a published weighting between members' votes and the panel's scores. Nominees are
// subjects (a pitch now, a story later) named by type and id, as conversations name theirs; only
// subjects everyone may see can be nominated. Votes are one per member per category, and the
// primary key says so. Each date is kept as the instant it takes effect (a day's start or end in
// UK time).
const statements = [
  `create table award_rounds (
     id bigint generated always as identity primary key,
     slug text not null unique,
     name text not null check (char_length(name) <= 120),
     description text not null default '' check (char_length(description) <= 5000),
     vote_weight integer not null check (vote_weight between 0 and 100),
     panel_weight integer not null check (panel_weight between 0 and 100),
     nominations_open_at timestamptz not null,
     nominations_close_at timestamptz not null,
     voting_open_at timestamptz not null,
     voting_close_at timestamptz not null,
     scoring_close_at timestamptz not null,
     results_at timestamptz not null,
     published_at timestamptz,
     published_by bigint references users (id) on delete set null,
     created_by bigint references users (id) on delete set null,
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now(),
     check (vote_weight + panel_weight = 100),
     check (nominations_close_at > nominations_open_at),
     check (voting_open_at >= nominations_close_at),
     check (voting_close_at > voting_open_at),
     check (scoring_close_at > nominations_close_at),
     check (results_at >= voting_close_at and results_at >= scoring_close_at)
   )`,
  `create index award_rounds_listing on award_rounds (nominations_open_at desc, id desc)`,
  `create table award_categories (
     id bigint generated always as identity primary key,
     round_id bigint not null references award_rounds (id) on delete cascade,
     position smallint not null,
     name text not null check (char_length(name) <= 80),
     description text not null default '' check (char_length(description) <= 500),
     unique (round_id, position)
   )`,
  `create table award_criteria (
     id bigint generated always as identity primary key,
     round_id bigint not null references award_rounds (id) on delete cascade,
     position smallint not null,
     name text not null check (char_length(name) <= 80),
     description text not null default '' check (char_length(description) <= 500),
     weight integer not null check (weight between 1 and 100),
     unique (round_id, position)
   )`,
  `create table award_panellists (
     round_id bigint not null references award_rounds (id) on delete cascade,
     user_id bigint not null references users (id) on delete cascade,
     added_at timestamptz not null default now(),
     primary key (round_id, user_id)
   )`,
  `create index award_panellists_user on award_panellists (user_id)`,
  // One nomination per item per category; more members nominating it add statements to it.
  `create table award_nominations (
     id bigint generated always as identity primary key,
     round_id bigint not null references award_rounds (id) on delete cascade,
     category_id bigint not null references award_categories (id) on delete cascade,
     subject_type text not null,
     subject_id bigint not null,
     nominated_by bigint references users (id) on delete set null,
     created_at timestamptz not null default now(),
     withdrawn_at timestamptz,
     withdrawn_by bigint references users (id) on delete set null,
     withdrawn_reason text not null default '' check (char_length(withdrawn_reason) <= 1000),
     unique (category_id, subject_type, subject_id)
   )`,
  `create index award_nominations_round on award_nominations (round_id, category_id, id)`,
  `create index award_nominations_subject on award_nominations (subject_type, subject_id)`,
  `create table award_statements (
     id bigint generated always as identity primary key,
     nomination_id bigint not null references award_nominations (id) on delete cascade,
     user_id bigint not null references users (id) on delete cascade,
     reason text not null check (char_length(reason) between 1 and 600),
     created_at timestamptz not null default now(),
     unique (nomination_id, user_id)
   )`,
  `create index award_statements_user on award_statements (user_id)`,
  // A member's vote in a category; they may change it until voting closes.
  `create table award_votes (
     round_id bigint not null references award_rounds (id) on delete cascade,
     category_id bigint not null references award_categories (id) on delete cascade,
     user_id bigint not null references users (id) on delete cascade,
     nomination_id bigint not null references award_nominations (id) on delete cascade,
     cast_at timestamptz not null default now(),
     changed_at timestamptz not null default now(),
     primary key (category_id, user_id)
   )`,
  `create index award_votes_nomination on award_votes (nomination_id)`,
  `create index award_votes_user on award_votes (user_id)`,
  // A panellist's declaration about a nominee, made before scoring it: a conflict of interest (with
  // what it is) or none.
  `create table award_declarations (
     nomination_id bigint not null references award_nominations (id) on delete cascade,
     user_id bigint not null references users (id) on delete cascade,
     conflict boolean not null,
     note text not null default '' check (char_length(note) <= 1000),
     declared_at timestamptz not null default now(),
     primary key (nomination_id, user_id)
   )`,
  `create index award_declarations_user on award_declarations (user_id)`,
  `create table award_scores (
     nomination_id bigint not null references award_nominations (id) on delete cascade,
     criterion_id bigint not null references award_criteria (id) on delete cascade,
     user_id bigint not null references users (id) on delete cascade,
     score smallint not null check (score between 0 and 10),
     scored_at timestamptz not null default now(),
     primary key (nomination_id, criterion_id, user_id)
   )`,
  `create index award_scores_user on award_scores (user_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['award_scores', 'award_declarations', 'award_votes', 'award_statements', 'award_nominations', 'award_panellists', 'award_criteria', 'award_categories', 'award_rounds']) {
    await sql.raw(`drop table if exists ${table}`).execute(db);
  }
}

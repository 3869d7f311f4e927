import { sql, type Kysely } from 'kysely';

// Stories of innovation ("shining lights"): nominated by anyone, reviewed by the hub's story
// facilitators, written up by a social reporter with a short captioned clip, photos or an
// interview, questioned by visitors and answered by the people in the story, turned into a
// replication recipe (a hub-wide knowledge page) and followed by where it has been tried since.
// Nominators' emails and the review stay with facilitators; only the hash of an emailed link's
// token is kept.
const statements = [
  // Members an administrator has made story facilitators (administrators always are).
  `create table story_facilitators (
     user_id bigint primary key references users (id) on delete cascade,
     added_by bigint references users (id) on delete set null,
     created_at timestamptz not null default now()
   )`,
  // PeerTube instances whose videos may be shown in stories (YouTube and Vimeo always may).
  `create table story_video_hosts (
     host text primary key check (char_length(host) <= 253),
     added_by bigint references users (id) on delete set null,
     created_at timestamptz not null default now()
   )`,
  `create table stories (
     id bigint generated always as identity primary key,
     slug text not null unique,
     title text not null check (char_length(title) <= 150),
     summary text not null default '' check (char_length(summary) <= 500),
     body text not null default '' check (char_length(body) <= 20000),
     people text not null default '' check (char_length(people) <= 500),
     place text not null default '' check (char_length(place) <= 100),
     local_authority text,
     tags text[] not null default '{}',
     status text not null default 'draft' check (status in ('draft', 'published')),
     reporter_id bigint references users (id) on delete set null,
     created_by bigint references users (id) on delete set null,
     interested_count integer not null default 0,
     trying_count integer not null default 0,
     published_at timestamptz,
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now()
   )`,
  `create index stories_published on stories (published_at desc, id desc) where status = 'published'`,
  `create index stories_wanted on stories ((interested_count + trying_count) desc, id desc) where status = 'published'`,
  `create index stories_reporter on stories (reporter_id)`,
  `create index stories_tags on stories using gin (tags)`,
  `create table story_nominations (
     id bigint generated always as identity primary key,
     status text not null default 'unconfirmed' check (status in ('unconfirmed', 'waiting', 'asked', 'accepted', 'declined')),
     people text not null check (char_length(people) <= 300),
     place text not null default '' check (char_length(place) <= 100),
     local_authority text,
     what text not null check (char_length(what) <= 5000),
     why text not null check (char_length(why) <= 3000),
     nominator_name text not null check (char_length(nominator_name) <= 100),
     nominator_email text not null check (char_length(nominator_email) <= 254),
     self_nomination boolean not null default false,
     nominator_id bigint references users (id) on delete set null,
     confirm_token_hash text unique,
     confirm_expires_at timestamptz,
     confirmed_at timestamptz,
     decline_reason text not null default '' check (char_length(decline_reason) <= 2000),
     decided_by bigint references users (id) on delete set null,
     decided_at timestamptz,
     story_id bigint references stories (id) on delete set null,
     created_at timestamptz not null default now()
   )`,
  `create index story_nominations_queue on story_nominations (status, confirmed_at, id)`,
  `create index story_nominations_unconfirmed on story_nominations (confirm_expires_at) where status = 'unconfirmed'`,
  // "Ask for more": a facilitator's question, emailed with a link through which the nominator answers.
  `create table story_nomination_questions (
     id bigint generated always as identity primary key,
     nomination_id bigint not null references story_nominations (id) on delete cascade,
     question text not null check (char_length(question) <= 2000),
     asked_by bigint references users (id) on delete set null,
     asked_at timestamptz not null default now(),
     token_hash text unique,
     expires_at timestamptz not null,
     answer text check (char_length(answer) <= 5000),
     answered_at timestamptz
   )`,
  `create index story_nomination_questions_nomination on story_nomination_questions (nomination_id, id)`,
  // Members who are in the story: they answer the questions asked of it.
  `create table story_people (
     story_id bigint not null references stories (id) on delete cascade,
     user_id bigint not null references users (id) on delete cascade,
     added_at timestamptz not null default now(),
     primary key (story_id, user_id)
   )`,
  `create index story_people_user on story_people (user_id)`,
  // At most one clip per story: an uploaded video with captions, or a video on an allowed site.
  `create table story_clips (
     story_id bigint primary key references stories (id) on delete cascade,
     kind text not null check (kind in ('upload', 'embed')),
     title text not null default '' check (char_length(title) <= 200),
     stored_path text,
     content_type text,
     size_bytes bigint,
     duration_seconds real,
     captions_path text,
     provider text check (provider in ('youtube', 'vimeo', 'peertube')),
     embed_host text,
     embed_id text,
     added_by bigint references users (id) on delete set null,
     created_at timestamptz not null default now(),
     check ((kind = 'upload' and stored_path is not null and captions_path is not null)
         or (kind = 'embed' and provider is not null and embed_host is not null and embed_id is not null))
   )`,
  `create table story_photos (
     id bigint generated always as identity primary key,
     story_id bigint not null references stories (id) on delete cascade,
     stored_path text not null,
     content_type text not null,
     alt text not null check (char_length(alt) between 1 and 300),
     caption text not null default '' check (char_length(caption) <= 300),
     added_by bigint references users (id) on delete set null,
     created_at timestamptz not null default now()
   )`,
  `create index story_photos_story on story_photos (story_id, id)`,
  `create table story_interview (
     id bigint generated always as identity primary key,
     story_id bigint not null references stories (id) on delete cascade,
     question text not null check (char_length(question) <= 500),
     answer text not null check (char_length(answer) <= 5000),
     added_by bigint references users (id) on delete set null,
     created_at timestamptz not null default now()
   )`,
  `create index story_interview_story on story_interview (story_id, id)`,
  // "This interests us" and "we want to try this": one per member and story.
  `create table story_interest (
     story_id bigint not null references stories (id) on delete cascade,
     user_id bigint not null references users (id) on delete cascade,
     kind text not null check (kind in ('interested', 'trying')),
     organisation text not null default '' check (char_length(organisation) <= 150),
     created_at timestamptz not null default now(),
     primary key (story_id, user_id)
   )`,
  // The replication recipe: a hub-wide knowledge page, with how good its evidence is.
  `create table story_recipes (
     story_id bigint primary key references stories (id) on delete cascade,
     page_id bigint not null unique references knowledge_pages (id) on delete cascade,
     evidence_level text not null check (evidence_level in ('anecdote', 'documented', 'evaluated', 'independently-evaluated')),
     evidence_note text not null default '' check (char_length(evidence_note) <= 1000),
     created_by bigint references users (id) on delete set null,
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now()
   )`,
  // "Tried since": another place recording that it tried the story, and how it went.
  `create table story_trials (
     id bigint generated always as identity primary key,
     story_id bigint not null references stories (id) on delete cascade,
     organisation text not null check (char_length(organisation) <= 150),
     place text not null default '' check (char_length(place) <= 100),
     local_authority text,
     tried_in text not null check (tried_in ~ '^[0-9]{4}-[0-9]{2}$'),
     outcome text not null check (outcome in ('worked', 'partly', 'did-not-work')),
     note text not null default '' check (char_length(note) <= 2000),
     recorded_by bigint references users (id) on delete set null,
     created_at timestamptz not null default now()
   )`,
  `create index story_trials_story on story_trials (story_id, tried_in desc, id desc)`,
  // A pitch or a story that was adapted from a story.
  `create table adapted_from (
     subject_type text not null check (subject_type in ('pitch', 'story')),
     subject_id bigint not null,
     story_id bigint not null references stories (id) on delete cascade,
     note text not null default '' check (char_length(note) <= 500),
     added_by bigint references users (id) on delete set null,
     created_at timestamptz not null default now(),
     primary key (subject_type, subject_id, story_id)
   )`,
  `create index adapted_from_story on adapted_from (story_id, created_at desc)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'adapted_from',
    'story_trials',
    'story_recipes',
    'story_interest',
    'story_interview',
    'story_photos',
    'story_clips',
    'story_people',
    'story_nomination_questions',
    'story_nominations',
    'stories',
    'story_video_hosts',
    'story_facilitators',
  ]) {
    await sql.raw(`drop table if exists ${table}`).execute(db);
  }
}

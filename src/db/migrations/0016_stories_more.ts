import { sql, type Kysely } from 'kysely';

// Stories, continued: a search vector (so site search finds published stories), moderators
// hiding a story with a reason (and reports on stories), and lineage between pitches: a pitch
// may say it was adapted from another pitch as well as from a story.
const statements = [
  // Set by the stories area's commands: title (A), summary and tags (B), the story, its people and place (C).
  `alter table stories add column search tsvector not null default ''::tsvector`,
  `update stories set search =
     setweight(to_tsvector('english', title), 'A')
     || setweight(to_tsvector('english', summary || ' ' || array_to_string(tags, ' ')), 'B')
     || setweight(to_tsvector('english', body || ' ' || people || ' ' || place), 'C')`,
  `create index stories_search on stories using gin (search)`,
  `alter table stories add column hidden_at timestamptz, add column hidden_reason text check (char_length(hidden_reason) <= 1000),
     add column hidden_by bigint references users (id) on delete set null`,
  `create index stories_hidden on stories (hidden_at desc) where hidden_at is not null`,
  // "Adapted from" names a story or (new) a pitch: exactly one of them.
  `alter table adapted_from drop constraint adapted_from_pkey`,
  `alter table adapted_from alter column story_id drop not null`,
  `alter table adapted_from add column source_pitch_id bigint references pitches (id) on delete cascade`,
  `alter table adapted_from add constraint adapted_from_one_source check ((story_id is null) <> (source_pitch_id is null))`,
  `alter table adapted_from add constraint adapted_from_no_self check (not (subject_type = 'pitch' and source_pitch_id is not null and source_pitch_id = subject_id))`,
  `create unique index adapted_from_story_source on adapted_from (subject_type, subject_id, story_id)`,
  `create unique index adapted_from_pitch_source on adapted_from (subject_type, subject_id, source_pitch_id)`,
  `create index adapted_from_source_pitch on adapted_from (source_pitch_id, created_at desc) where source_pitch_id is not null`,
];

/**
 * Reports may now be about a story. The allowed kinds are read from the constraint as it stands
 * and 'story' added to them, so a migration of another part of the hub that adds its own kind
 * keeps it whichever of the two runs first.
 */
async function allowStoryFlags(db: Kysely<unknown>) {
  const found = await sql<{ definition: string }>`
    select pg_get_constraintdef(oid) as definition from pg_constraint
     where conname = 'flags_subject_type_check' and conrelid = 'flags'::regclass`.execute(db);
  const definition = found.rows[0]?.definition ?? '';
  const kinds = new Set([...definition.matchAll(/'([a-z-]+)'/g)].map((match) => match[1]!));
  for (const kind of ['post', 'member', 'pitch', 'knowledge-page', 'story']) kinds.add(kind);
  const list = [...kinds].map((kind) => `'${kind}'`).join(', ');
  await sql.raw(`alter table flags drop constraint if exists flags_subject_type_check`).execute(db);
  await sql.raw(`alter table flags add constraint flags_subject_type_check check (subject_type in (${list}))`).execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
  await allowStoryFlags(db);
}

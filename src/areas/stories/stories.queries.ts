import { sql } from 'kysely';
import { findLocalAuthority } from '../../data/uk-local-authorities.ts';
import type { Database } from '../../db/database.ts';
import type { EvidenceLevel, NominationStatus, StoryInterestKind, StoryStatus, TrialOutcome, VideoProvider } from '../../db/schema.ts';
import type { Viewer } from '../../web/context.ts';
import { unansweredPosts, type UnansweredPost } from '../conversations/index.ts';
import { feedSize, followUpDays, pageSize, type ListingFilters } from './stories.forms.ts';
import { storyIsPublic, storyVisibleTo } from './stories.policy.ts';

export interface PersonRef {
  id: number;
  handle: string;
  name: string;
}

export interface Authority {
  code: string;
  name: string;
}

export interface StoryCard {
  id: number;
  slug: string;
  title: string;
  summary: string;
  place: string;
  localAuthority: Authority | null;
  tags: string[];
  status: StoryStatus;
  interestedCount: number;
  tryingCount: number;
  evidenceLevel: EvidenceLevel | null;
  clipKind: 'upload' | 'embed' | null;
  publishedAt: Date | null;
  updatedAt: Date;
  createdAt: Date;
  /** Hidden by a moderator (only those who may still see it are shown this). */
  hidden: { at: Date; reason: string } | null;
}

export interface Clip {
  kind: 'upload' | 'embed';
  title: string;
  contentType: string | null;
  sizeBytes: number | null;
  durationSeconds: number | null;
  provider: VideoProvider | null;
  host: string | null;
  embedId: string | null;
}

export interface Photo {
  id: number;
  alt: string;
  caption: string;
}

export interface InterviewPair {
  id: number;
  question: string;
  answer: string;
}

export interface Recipe {
  pageId: number;
  pageSlug: string;
  pageTitle: string;
  evidenceLevel: EvidenceLevel;
  evidenceNote: string;
  updatedAt: Date;
}

export interface StoryDetail extends StoryCard {
  body: string;
  people: string;
  reporterId: number | null;
  reporter: PersonRef | null;
  storyPeople: PersonRef[];
  clip: Clip | null;
  photos: Photo[];
  interview: InterviewPair[];
  recipe: Recipe | null;
  /** The story this one was adapted from, when the viewer may see it. */
  adaptedFrom: { slug: string; title: string; note: string } | null;
}

function date(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

export function authority(code: string | null): Authority | null {
  const found = code ? findLocalAuthority(code) : undefined;
  return found ? { code: found.code, name: found.name } : null;
}

function cards(db: Database) {
  return db
    .selectFrom('stories as s')
    .leftJoin('story_recipes as r', 'r.story_id', 's.id')
    .leftJoin('story_clips as c', 'c.story_id', 's.id')
    .select([
      's.id',
      's.slug',
      's.title',
      's.summary',
      's.place',
      's.local_authority',
      's.tags',
      's.status',
      's.interested_count',
      's.trying_count',
      's.published_at',
      's.updated_at',
      's.created_at',
      's.hidden_at',
      's.hidden_reason',
      'r.evidence_level',
      'c.kind as clip_kind',
    ]);
}

type CardRow = Awaited<ReturnType<ReturnType<typeof cards>['executeTakeFirstOrThrow']>>;

function card(row: CardRow): StoryCard {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    place: row.place,
    localAuthority: authority(row.local_authority),
    tags: row.tags,
    status: row.status,
    interestedCount: row.interested_count,
    tryingCount: row.trying_count,
    evidenceLevel: row.evidence_level,
    clipKind: row.clip_kind,
    publishedAt: row.published_at ? date(row.published_at) : null,
    updatedAt: date(row.updated_at),
    createdAt: date(row.created_at),
    hidden: row.hidden_at ? { at: date(row.hidden_at), reason: row.hidden_reason ?? '' } : null,
  };
}

/**
 * Published stories, newest first or most wanted first (people who want to try it, and those it
 * interests), or best match first for a search. Lists show published stories to everyone alike;
 * drafts and stories a moderator has hidden are on the desk pages of those who may see them.
 */
export async function listStories(db: Database, viewer: Viewer | null, filters: ListingFilters, page: number, size = pageSize) {
  let query = cards(db).where('s.status', '=', 'published').where('s.hidden_at', 'is', null).where(storyVisibleTo(viewer, 's'));
  const words = filters.q ? sql`websearch_to_tsquery('english', ${filters.q})` : null;
  if (words) query = query.where(sql<boolean>`s.search @@ ${words}`);
  if (filters.tag) query = query.where(sql<boolean>`${filters.tag} = any(s.tags)`);
  if (filters.area) query = query.where('s.local_authority', '=', filters.area);
  if (filters.evidence) query = query.where('r.evidence_level', '=', filters.evidence);
  query =
    filters.sort === 'wanted'
      ? query.orderBy(sql`s.interested_count + s.trying_count`, 'desc').orderBy('s.trying_count', 'desc').orderBy('s.published_at', 'desc')
      : words && filters.sort === 'match'
        ? query.orderBy(sql`ts_rank(s.search, ${words})`, 'desc').orderBy('s.published_at', 'desc')
        : query.orderBy('s.published_at', 'desc');
  const rows = await query
    .orderBy('s.id', 'desc')
    .limit(size + 1)
    .offset((page - 1) * size)
    .execute();
  return { stories: rows.slice(0, size).map(card), hasNext: rows.length > size };
}

/** For feeds: what anyone may read, newest first. */
export async function publicStories(db: Database, filters: ListingFilters) {
  return (await listStories(db, null, filters, 1, feedSize)).stories;
}

export async function findStory(db: Database, viewer: Viewer | null, slug: string): Promise<StoryDetail | undefined> {
  const row = await cards(db)
    .leftJoin('users as reporter', 'reporter.id', 's.reporter_id')
    .select(['s.body', 's.people', 's.reporter_id', 'reporter.handle as reporter_handle', 'reporter.display_name as reporter_name'])
    .where('s.slug', '=', slug)
    .where(storyVisibleTo(viewer, 's'))
    .executeTakeFirst();
  if (!row) return undefined;
  const id = row.id;
  const [people, clip, photos, interview, recipe, adapted] = await Promise.all([
    db
      .selectFrom('story_people as p')
      .innerJoin('users as u', 'u.id', 'p.user_id')
      .select(['u.id', 'u.handle', 'u.display_name'])
      .where('p.story_id', '=', id)
      .where('u.status', '=', 'active')
      .orderBy('p.added_at')
      .orderBy('u.id')
      .execute(),
    db.selectFrom('story_clips').selectAll().where('story_id', '=', id).executeTakeFirst(),
    db.selectFrom('story_photos').select(['id', 'alt', 'caption']).where('story_id', '=', id).orderBy('id').execute(),
    db.selectFrom('story_interview').select(['id', 'question', 'answer']).where('story_id', '=', id).orderBy('id').execute(),
    db
      .selectFrom('story_recipes as r')
      .innerJoin('knowledge_pages as k', 'k.id', 'r.page_id')
      .select(['r.page_id', 'k.slug', 'k.title', 'r.evidence_level', 'r.evidence_note', 'r.updated_at'])
      .where('r.story_id', '=', id)
      .executeTakeFirst(),
    db
      .selectFrom('adapted_from as a')
      .innerJoin('stories as origin', 'origin.id', 'a.story_id')
      .select(['origin.slug', 'origin.title', 'a.note'])
      .where('a.subject_type', '=', 'story')
      .where('a.subject_id', '=', id)
      .where(storyVisibleTo(viewer, 'origin'))
      .executeTakeFirst(),
  ]);
  return {
    ...card(row),
    body: row.body,
    people: row.people,
    reporterId: row.reporter_id,
    reporter: row.reporter_id && row.reporter_handle && row.reporter_name ? { id: row.reporter_id, handle: row.reporter_handle, name: row.reporter_name } : null,
    storyPeople: people.map((p) => ({ id: p.id, handle: p.handle, name: p.display_name })),
    clip: clip
      ? {
          kind: clip.kind,
          title: clip.title,
          contentType: clip.content_type,
          sizeBytes: clip.size_bytes === null ? null : Number(clip.size_bytes),
          durationSeconds: clip.duration_seconds,
          provider: clip.provider,
          host: clip.embed_host,
          embedId: clip.embed_id,
        }
      : null,
    photos,
    interview,
    recipe: recipe
      ? { pageId: recipe.page_id, pageSlug: recipe.slug, pageTitle: recipe.title, evidenceLevel: recipe.evidence_level, evidenceNote: recipe.evidence_note, updatedAt: date(recipe.updated_at) }
      : null,
    adaptedFrom: adapted ?? null,
  };
}

/** A story's id by its slug, when the viewer may see it (for "adapted from"). */
export async function visibleStoryId(db: Database, viewer: Viewer | null, slug: string): Promise<number | undefined> {
  const row = await db.selectFrom('stories').select('stories.id').where('stories.slug', '=', slug).where(storyVisibleTo(viewer)).executeTakeFirst();
  return row?.id;
}

/** The files behind a story's media, for the routes that serve them (the story's visibility already checked). */
export async function clipFiles(db: Database, storyId: number) {
  return db.selectFrom('story_clips').select(['stored_path', 'content_type', 'captions_path']).where('story_id', '=', storyId).where('kind', '=', 'upload').executeTakeFirst();
}

export async function photoFile(db: Database, storyId: number, photoId: number) {
  return db.selectFrom('story_photos').select(['stored_path', 'content_type']).where('story_id', '=', storyId).where('id', '=', photoId).executeTakeFirst();
}

// ---- Interest, trials, lineage -----------------------------------------------------------------

export interface InterestEntry {
  kind: StoryInterestKind;
  organisation: string;
  person: PersonRef;
  at: Date;
}

export async function interestOf(db: Database, storyId: number, userId: number) {
  return db.selectFrom('story_interest').select(['kind', 'organisation']).where('story_id', '=', storyId).where('user_id', '=', userId).executeTakeFirst();
}

/** Who said what: for the reporter, the people in the story and the facilitators, who may want to talk to them. */
export async function interestList(db: Database, storyId: number, size = 200): Promise<InterestEntry[]> {
  const rows = await db
    .selectFrom('story_interest as i')
    .innerJoin('users as u', 'u.id', 'i.user_id')
    .select(['i.kind', 'i.organisation', 'i.created_at', 'u.id', 'u.handle', 'u.display_name'])
    .where('i.story_id', '=', storyId)
    .where('u.status', '=', 'active')
    .orderBy('i.created_at', 'desc')
    .limit(size)
    .execute();
  return rows.map((row) => ({ kind: row.kind, organisation: row.organisation, at: date(row.created_at), person: { id: row.id, handle: row.handle, name: row.display_name } }));
}

export interface Trial {
  id: number;
  organisation: string;
  place: string;
  localAuthority: Authority | null;
  triedIn: string;
  outcome: TrialOutcome;
  note: string;
  recordedBy: PersonRef | null;
  createdAt: Date;
}

export type TrialCounts = Record<TrialOutcome, number>;

export async function trialsOf(db: Database, storyId: number, size = 200): Promise<{ trials: Trial[]; counts: TrialCounts }> {
  const [rows, counts] = await Promise.all([
    db
      .selectFrom('story_trials as t')
      .leftJoin('users as u', 'u.id', 't.recorded_by')
      .select(['t.id', 't.organisation', 't.place', 't.local_authority', 't.tried_in', 't.outcome', 't.note', 't.created_at', 'u.id as user_id', 'u.handle', 'u.display_name'])
      .where('t.story_id', '=', storyId)
      .orderBy('t.tried_in', 'desc')
      .orderBy('t.id', 'desc')
      .limit(size)
      .execute(),
    db.selectFrom('story_trials').select(['outcome', (eb) => eb.fn.countAll<number>().as('n')]).where('story_id', '=', storyId).groupBy('outcome').execute(),
  ]);
  const totals: TrialCounts = { worked: 0, partly: 0, 'did-not-work': 0 };
  for (const row of counts) totals[row.outcome] = Number(row.n);
  return {
    trials: rows.map((row) => ({
      id: row.id,
      organisation: row.organisation,
      place: row.place,
      localAuthority: authority(row.local_authority),
      triedIn: row.tried_in,
      outcome: row.outcome,
      note: row.note,
      recordedBy: row.user_id && row.handle && row.display_name ? { id: row.user_id, handle: row.handle, name: row.display_name } : null,
      createdAt: date(row.created_at),
    })),
    counts: totals,
  };
}

/** Stories adapted from this one that the viewer may see. */
export async function adaptedStories(db: Database, viewer: Viewer | null, storyId: number) {
  return db
    .selectFrom('adapted_from as a')
    .innerJoin('stories as s', 's.id', 'a.subject_id')
    .select(['s.slug', 's.title', 'a.note'])
    .where('a.story_id', '=', storyId)
    .where('a.subject_type', '=', 'story')
    .where(storyVisibleTo(viewer, 's'))
    .orderBy('a.created_at', 'desc')
    .limit(100)
    .execute();
}

/** Pitches that say they were adapted from this story; the route keeps those the viewer may see (the pitch's own rule). */
export async function adaptedPitchLinks(db: Database, storyId: number) {
  return db
    .selectFrom('adapted_from')
    .select(['subject_type', 'subject_id', 'note'])
    .where('story_id', '=', storyId)
    .where('subject_type', '=', 'pitch')
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
}

/** Pitches this member is on the team of, to say one was adapted from a story. */
export async function pitchesOf(db: Database, userId: number) {
  return db
    .selectFrom('pitch_team as team')
    .innerJoin('pitches as p', 'p.id', 'team.pitch_id')
    .select(['p.id', 'p.title'])
    .where('team.user_id', '=', userId)
    .orderBy('p.updated_at', 'desc')
    .limit(50)
    .execute();
}

// ---- Desk: a member's stories, the review queue, the follow-up list ------------------------------

/** Stories this member reports or is in (facilitators: every draft and every hidden story as well), newest change first. */
export async function deskStories(db: Database, viewer: Viewer, facilitator: boolean): Promise<(StoryCard & { role: 'reporter' | 'person' | 'facilitator' })[]> {
  const rows = await cards(db)
    .select((eb) => [
      eb('s.reporter_id', '=', viewer.id).as('is_reporter'),
      eb.exists(eb.selectFrom('story_people as p').select('p.user_id').whereRef('p.story_id', '=', 's.id').where('p.user_id', '=', viewer.id)).as('is_person'),
    ])
    .where((eb) =>
      eb.or([
        eb('s.reporter_id', '=', viewer.id),
        eb.exists(eb.selectFrom('story_people as p').select('p.user_id').whereRef('p.story_id', '=', 's.id').where('p.user_id', '=', viewer.id)),
        ...(facilitator ? [eb('s.status', '=', 'draft'), eb('s.hidden_at', 'is not', null)] : []),
      ]),
    )
    .where(storyVisibleTo(viewer, 's'))
    .orderBy('s.updated_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(200)
    .execute();
  return rows.map((row) => ({ ...card(row), role: row.is_reporter ? 'reporter' : row.is_person ? 'person' : 'facilitator' }));
}

export interface NominationSummary {
  id: number;
  status: NominationStatus;
  people: string;
  place: string;
  localAuthority: Authority | null;
  why: string;
  nominatorName: string;
  selfNomination: boolean;
  confirmedAt: Date | null;
  decidedAt: Date | null;
  story: { slug: string; title: string } | null;
}

function nominationSummary(row: {
  id: number;
  status: NominationStatus;
  people: string;
  place: string;
  local_authority: string | null;
  why: string;
  nominator_name: string;
  self_nomination: boolean;
  confirmed_at: Date | null;
  decided_at: Date | null;
  story_slug: string | null;
  story_title: string | null;
}): NominationSummary {
  return {
    id: row.id,
    status: row.status,
    people: row.people,
    place: row.place,
    localAuthority: authority(row.local_authority),
    why: row.why,
    nominatorName: row.nominator_name,
    selfNomination: row.self_nomination,
    confirmedAt: row.confirmed_at ? date(row.confirmed_at) : null,
    decidedAt: row.decided_at ? date(row.decided_at) : null,
    story: row.story_slug && row.story_title ? { slug: row.story_slug, title: row.story_title } : null,
  };
}

function nominations(db: Database) {
  return db
    .selectFrom('story_nominations as n')
    .leftJoin('stories as s', 's.id', 'n.story_id')
    .select([
      'n.id',
      'n.status',
      'n.people',
      'n.place',
      'n.local_authority',
      'n.why',
      'n.nominator_name',
      'n.self_nomination',
      'n.confirmed_at',
      'n.decided_at',
      's.slug as story_slug',
      's.title as story_title',
    ]);
}

/** For facilitators only: confirmed nominations waiting for a decision (oldest first), and the latest decided. */
export async function reviewQueue(db: Database) {
  const [open, decided] = await Promise.all([
    nominations(db).where('n.status', 'in', ['waiting', 'asked']).orderBy('n.confirmed_at').orderBy('n.id').limit(200).execute(),
    nominations(db).where('n.status', 'in', ['accepted', 'declined']).orderBy('n.decided_at', 'desc').orderBy('n.id', 'desc').limit(20).execute(),
  ]);
  return { open: open.map(nominationSummary), decided: decided.map(nominationSummary) };
}

export interface NominationDetail extends NominationSummary {
  what: string;
  nominatorEmail: string;
  nominator: PersonRef | null;
  declineReason: string;
  createdAt: Date;
  questions: { id: number; question: string; askedAt: Date; answer: string | null; answeredAt: Date | null; askedBy: string | null }[];
}

/** For facilitators only: a confirmed nomination with the nominator's email and every question asked. */
export async function findNomination(db: Database, id: number): Promise<NominationDetail | undefined> {
  const row = await nominations(db)
    .leftJoin('users as u', 'u.id', 'n.nominator_id')
    .select(['n.what', 'n.nominator_email', 'n.decline_reason', 'n.created_at', 'u.id as user_id', 'u.handle', 'u.display_name'])
    .where('n.id', '=', id)
    .where('n.status', '!=', 'unconfirmed')
    .executeTakeFirst();
  if (!row) return undefined;
  const questions = await db
    .selectFrom('story_nomination_questions as q')
    .leftJoin('users as u', 'u.id', 'q.asked_by')
    .select(['q.id', 'q.question', 'q.asked_at', 'q.answer', 'q.answered_at', 'u.display_name'])
    .where('q.nomination_id', '=', id)
    .orderBy('q.id')
    .execute();
  return {
    ...nominationSummary(row),
    what: row.what,
    nominatorEmail: row.nominator_email,
    nominator: row.user_id && row.handle && row.display_name ? { id: row.user_id, handle: row.handle, name: row.display_name } : null,
    declineReason: row.decline_reason,
    createdAt: date(row.created_at),
    questions: questions.map((q) => ({
      id: q.id,
      question: q.question,
      askedAt: date(q.asked_at),
      answer: q.answer,
      answeredAt: q.answered_at ? date(q.answered_at) : null,
      askedBy: q.display_name,
    })),
  };
}

/** The nomination a story came from, for its reporter and facilitators: what was said, never who said it or their email. */
export async function nominationOf(db: Database, storyId: number) {
  return db.selectFrom('story_nominations').select(['what', 'why', 'people', 'self_nomination']).where('story_id', '=', storyId).executeTakeFirst();
}

export interface FollowUpItem extends UnansweredPost {
  story: { slug: string; title: string };
  daysWaiting: number;
}

/**
 * Questions on the stories a member reports (facilitators: on every story) that nobody in the
 * story has answered for `followUpDays` days: who to chase, oldest first.
 */
export async function followUpList(db: Database, viewer: Viewer, facilitator: boolean, now = new Date()): Promise<FollowUpItem[]> {
  let query = db.selectFrom('stories').select(['id', 'slug', 'title']).where(storyVisibleTo(viewer));
  if (!facilitator) query = query.where('reporter_id', '=', viewer.id);
  const stories = await query.limit(1000).execute();
  if (stories.length === 0) return [];
  const people = await db
    .selectFrom('story_people')
    .select(['story_id', 'user_id'])
    .where(
      'story_id',
      'in',
      stories.map((s) => s.id),
    )
    .execute();
  const answerers = new Map<number, number[]>(stories.map((s) => [s.id, []]));
  for (const row of people) answerers.get(row.story_id)?.push(row.user_id);
  const before = new Date(now.getTime() - followUpDays * 86_400_000);
  const byId = new Map(stories.map((s) => [s.id, s]));
  return (await unansweredPosts(db, 'story', answerers, before)).map((post) => ({
    ...post,
    story: { slug: byId.get(post.subjectId)!.slug, title: byId.get(post.subjectId)!.title },
    daysWaiting: Math.floor((now.getTime() - post.createdAt.getTime()) / 86_400_000),
  }));
}

/** Whether a story is public, for the subject registry and sitemaps. */
export async function publicStoryIds(db: Database, ids: number[]): Promise<Set<number>> {
  const wanted = ids.filter((id) => Number.isSafeInteger(id) && id > 0);
  if (wanted.length === 0) return new Set();
  const rows = await db.selectFrom('stories').select('stories.id').where('stories.id', 'in', wanted).where(storyIsPublic()).execute();
  return new Set(rows.map((row) => row.id));
}

// ---- Administration ----------------------------------------------------------------------------

export async function facilitators(db: Database): Promise<PersonRef[]> {
  const rows = await db
    .selectFrom('story_facilitators as f')
    .innerJoin('users as u', 'u.id', 'f.user_id')
    .select(['u.id', 'u.handle', 'u.display_name'])
    .orderBy('u.display_name')
    .execute();
  return rows.map((row) => ({ id: row.id, handle: row.handle, name: row.display_name }));
}

export async function videoHosts(db: Database): Promise<string[]> {
  return (await db.selectFrom('story_video_hosts').select('host').orderBy('host').execute()).map((row) => row.host);
}

/** Active members by handle. */
export async function membersByHandle(db: Database, handles: string[]): Promise<Map<string, PersonRef>> {
  const result = new Map<string, PersonRef>();
  if (handles.length === 0) return result;
  const rows = await db.selectFrom('users').select(['id', 'handle', 'display_name']).where('handle', 'in', handles).where('status', '=', 'active').execute();
  for (const row of rows) result.set(row.handle, { id: row.id, handle: row.handle, name: row.display_name });
  return result;
}

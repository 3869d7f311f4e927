import { sql, type Insertable, type Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { DB, EvidenceLevel, StoryClipsTable, StoryInterestKind, VideoProvider } from '../../db/schema.ts';
import { t } from '../../i18n/i18n.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { hashToken, randomToken } from '../../web/auth.ts';
import { markdownToText } from '../../web/markdown.ts';
import { firstFreeSlug, slugify } from '../../web/slugs.ts';
import { insertPage } from '../knowledge/knowledge.commands.ts';
import { nominationEmail, reviewerEmail, type MailContext, type NominationEmail } from './stories.emails.ts';
import { answerDays, confirmHours, interviewMax, limits, photosMax, type NominationInput, type StoryInput, type TrialInput } from './stories.forms.ts';

type Tx = Transaction<DB>;

/** Mail goes out through the mailer's outbox, in the same transaction as what caused it. */
export interface Mail {
  mailer: Mailer;
  context: MailContext;
}

/** What search finds a story by: its title first, then its summary and tags, then the rest. */
function searchVector(story: { title: string; summary?: string; tags?: string[]; body?: string; people?: string; place?: string }) {
  const rest = [markdownToText(story.body ?? ''), story.people ?? '', story.place ?? ''].join(' ');
  return sql<string>`setweight(to_tsvector('english', ${story.title}::text), 'A')
    || setweight(to_tsvector('english', ${[story.summary ?? '', ...(story.tags ?? [])].join(' ')}::text), 'B')
    || setweight(to_tsvector('english', ${rest}::text), 'C')`;
}

// Addresses of pages under /stories that a story's slug must never take.
const reservedSlugs = ['new', 'nominate', 'nominations', 'review', 'mine', 'follow-up', 'admin'];

async function freeSlug(tx: Tx, title: string): Promise<string> {
  const base = slugify(title, { maxLength: 80, fallback: 'story' });
  const taken = await tx
    .selectFrom('stories')
    .select('slug')
    .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
    .execute();
  return firstFreeSlug(
    base,
    taken.map((row) => row.slug),
    reservedSlugs,
  );
}

async function mailNominator(tx: Tx, mail: Mail, nominationId: number, email: NominationEmail) {
  const row = await tx
    .selectFrom('story_nominations')
    .select(['nominator_email', 'nominator_name', 'people'])
    .where('id', '=', nominationId)
    .executeTakeFirstOrThrow();
  await mail.mailer.queue(nominationEmail({ email: row.nominator_email, name: row.nominator_name, people: row.people }, email, mail.context), tx);
}

/**
 * A nomination is confirmed and waiting: everyone who reviews nominations (story facilitators and
 * administrators, active and with a confirmed email) hears of it, except whoever nominated it.
 */
async function mailReviewers(tx: Tx, mail: Mail, nominationId: number) {
  const nomination = await tx.selectFrom('story_nominations').select(['id', 'people', 'place', 'nominator_id']).where('id', '=', nominationId).executeTakeFirstOrThrow();
  let reviewers = tx
    .selectFrom('users')
    .select(['users.email', 'users.display_name'])
    .where('users.status', '=', 'active')
    .where('users.email_verified_at', 'is not', null)
    .where((eb) => eb.or([eb('users.role', '=', 'admin'), eb.exists(eb.selectFrom('story_facilitators').select('story_facilitators.user_id').whereRef('story_facilitators.user_id', '=', 'users.id'))]))
    .orderBy('users.id')
    .limit(200);
  if (nomination.nominator_id !== null) reviewers = reviewers.where('users.id', '!=', nomination.nominator_id);
  for (const reviewer of await reviewers.execute()) {
    await mail.mailer.queue(reviewerEmail({ email: reviewer.email, name: reviewer.display_name }, nomination, mail.context), tx);
  }
}

// ---- Nominations -----------------------------------------------------------------------------

export interface Nominator {
  id: number;
  email: string;
  /** A member whose email is confirmed needs no emailed link. */
  emailVerified: boolean;
}

/**
 * Records a nomination. From a member whose email is confirmed it goes straight to the
 * facilitators' queue; otherwise it waits until the emailed link is followed.
 */
export async function nominate(
  db: Database,
  mail: Mail,
  input: NominationInput,
  nominator: Nominator | null,
): Promise<{ ok: true; id: number; confirmed: boolean }> {
  const confirmed = nominator !== null && nominator.emailVerified;
  const token = confirmed ? null : randomToken();
  const email = nominator?.email ?? input.nominatorEmail ?? '';
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('story_nominations')
      .values({
        status: confirmed ? 'waiting' : 'unconfirmed',
        people: input.people,
        place: input.place,
        local_authority: input.localAuthority,
        what: input.what,
        why: input.why,
        nominator_name: input.nominatorName,
        nominator_email: email,
        self_nomination: input.selfNomination,
        nominator_id: nominator?.id ?? null,
        confirm_token_hash: token ? hashToken(token) : null,
        confirm_expires_at: token ? new Date(Date.now() + confirmHours * 3600_000) : null,
        confirmed_at: confirmed ? new Date() : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (token) {
      await mailNominator(tx, mail, row.id, { kind: 'confirm', link: `${mail.context.publicUrl}/stories/nominations/confirm/${token}`, hours: confirmHours });
    } else {
      await mailReviewers(tx, mail, row.id);
    }
    return { ok: true as const, id: row.id, confirmed };
  });
}

/**
 * Follows the emailed link: the nomination joins the facilitators' queue, and they hear of it.
 * Each link works once, until it expires.
 */
export async function confirmNomination(db: Database, mail: Mail, token: string): Promise<{ ok: true; id: number } | { ok: false; error: 'invalid-link' }> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('story_nominations')
      .set({ status: 'waiting', confirmed_at: new Date(), confirm_token_hash: null, confirm_expires_at: null })
      .where('confirm_token_hash', '=', hashToken(token))
      .where('status', '=', 'unconfirmed')
      .where('confirm_expires_at', '>', new Date())
      .returning('id')
      .executeTakeFirst();
    if (!row) return { ok: false as const, error: 'invalid-link' as const };
    await mailReviewers(tx, mail, row.id);
    return { ok: true as const, id: row.id };
  });
}

/** Nominations nobody confirmed keep a stranger's email for nothing: they go once their link has expired. */
export async function sweepUnconfirmed(db: Database, now = new Date()): Promise<number> {
  const removed = await db.deleteFrom('story_nominations').where('status', '=', 'unconfirmed').where('confirm_expires_at', '<', now).executeTakeFirst();
  return Number(removed.numDeletedRows);
}

type Decidable = { ok: true } | { ok: false; error: 'not-found' };

/** Nominations a facilitator can still act on: confirmed and not yet accepted or declined. */
async function lockOpen(tx: Tx, id: number) {
  return tx
    .selectFrom('story_nominations')
    .select(['id', 'status', 'people', 'place', 'local_authority', 'what', 'why'])
    .where('id', '=', id)
    .where('status', 'in', ['waiting', 'asked'])
    .forUpdate()
    .executeTakeFirst();
}

/** Asks the nominator for more; they answer through the emailed link. */
export async function askForMore(db: Database, mail: Mail, id: number, facilitatorId: number, question: string): Promise<Decidable> {
  return db.transaction().execute(async (tx) => {
    if (!(await lockOpen(tx, id))) return { ok: false as const, error: 'not-found' as const };
    const token = randomToken();
    // A newer question replaces the link of one still unanswered: the nominator answers the latest.
    await tx.updateTable('story_nomination_questions').set({ token_hash: null }).where('nomination_id', '=', id).where('answered_at', 'is', null).execute();
    await tx
      .insertInto('story_nomination_questions')
      .values({ nomination_id: id, question, asked_by: facilitatorId, token_hash: hashToken(token), expires_at: new Date(Date.now() + answerDays * 86_400_000) })
      .execute();
    await tx.updateTable('story_nominations').set({ status: 'asked' }).where('id', '=', id).execute();
    await mailNominator(tx, mail, id, { kind: 'ask', question, link: `${mail.context.publicUrl}/stories/nominations/answer/${token}`, days: answerDays });
    return { ok: true as const };
  });
}

export interface OpenQuestion {
  id: number;
  question: string;
  people: string;
  nominatorName: string;
}

/** The question an answer link is for, while it still works. */
export async function questionForToken(db: Database, token: string): Promise<OpenQuestion | undefined> {
  const row = await db
    .selectFrom('story_nomination_questions as q')
    .innerJoin('story_nominations as n', 'n.id', 'q.nomination_id')
    .select(['q.id', 'q.question', 'n.people', 'n.nominator_name'])
    .where('q.token_hash', '=', hashToken(token))
    .where('q.answered_at', 'is', null)
    .where('q.expires_at', '>', new Date())
    .where('n.status', 'in', ['waiting', 'asked'])
    .executeTakeFirst();
  return row ? { id: row.id, question: row.question, people: row.people, nominatorName: row.nominator_name } : undefined;
}

/** The nominator's answer: back into the facilitators' queue. */
export async function answerQuestion(db: Database, token: string, answer: string): Promise<{ ok: true } | { ok: false; error: 'invalid-link' }> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('story_nomination_questions')
      .set({ answer, answered_at: new Date(), token_hash: null })
      .where('token_hash', '=', hashToken(token))
      .where('answered_at', 'is', null)
      .where('expires_at', '>', new Date())
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('story_nominations')
            .select('story_nominations.id')
            .whereRef('story_nominations.id', '=', 'story_nomination_questions.nomination_id')
            .where('story_nominations.status', 'in', ['waiting', 'asked']),
        ),
      )
      .returning('nomination_id')
      .executeTakeFirst();
    if (!row) return { ok: false as const, error: 'invalid-link' as const };
    await tx.updateTable('story_nominations').set({ status: 'waiting' }).where('id', '=', row.nomination_id).execute();
    return { ok: true as const };
  });
}

export async function declineNomination(db: Database, mail: Mail, id: number, facilitatorId: number, reason: string): Promise<Decidable> {
  return db.transaction().execute(async (tx) => {
    if (!(await lockOpen(tx, id))) return { ok: false as const, error: 'not-found' as const };
    await tx
      .updateTable('story_nominations')
      .set({ status: 'declined', decline_reason: reason, decided_by: facilitatorId, decided_at: new Date() })
      .where('id', '=', id)
      .execute();
    await tx.updateTable('story_nomination_questions').set({ token_hash: null }).where('nomination_id', '=', id).execute();
    await mailNominator(tx, mail, id, { kind: 'declined', reason });
    return { ok: true as const };
  });
}

/** Accepts a nomination: a draft story starts from what the nominator wrote, with its reporter if one is named. */
export async function acceptNomination(
  db: Database,
  mail: Mail,
  id: number,
  facilitatorId: number,
  input: { title: string; reporterId: number | null },
): Promise<{ ok: true; storyId: number; slug: string } | { ok: false; error: 'not-found' }> {
  return db.transaction().execute(async (tx) => {
    const nomination = await lockOpen(tx, id);
    if (!nomination) return { ok: false as const, error: 'not-found' as const };
    const slug = await freeSlug(tx, input.title);
    const story = await tx
      .insertInto('stories')
      .values({
        slug,
        title: input.title,
        summary: nomination.why.slice(0, limits.summary),
        body: nomination.what.slice(0, limits.body),
        people: nomination.people.slice(0, limits.storyPeople),
        place: nomination.place,
        local_authority: nomination.local_authority,
        reporter_id: input.reporterId,
        created_by: facilitatorId,
        search: searchVector({
          title: input.title,
          summary: nomination.why.slice(0, limits.summary),
          body: nomination.what.slice(0, limits.body),
          people: nomination.people.slice(0, limits.storyPeople),
          place: nomination.place,
        }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .updateTable('story_nominations')
      .set({ status: 'accepted', story_id: story.id, decided_by: facilitatorId, decided_at: new Date() })
      .where('id', '=', id)
      .execute();
    await tx.updateTable('story_nomination_questions').set({ token_hash: null }).where('nomination_id', '=', id).execute();
    await mailNominator(tx, mail, id, { kind: 'accepted', storyTitle: input.title });
    return { ok: true as const, storyId: story.id, slug };
  });
}

// ---- Writing the story -----------------------------------------------------------------------

/** Starts a draft story without a nomination (the demo, and imports), with its reporter if known. */
export async function startStory(db: Database, createdBy: number | null, input: { title: string; reporterId: number | null }): Promise<{ id: number; slug: string }> {
  return db.transaction().execute(async (tx) => {
    const slug = await freeSlug(tx, input.title);
    const row = await tx.insertInto('stories').values({ slug, title: input.title, reporter_id: input.reporterId, created_by: createdBy, search: searchVector({ title: input.title }) }).returning('id').executeTakeFirstOrThrow();
    return { id: row.id, slug };
  });
}

export type UpdateResult = { ok: true; addedPeople: number[] } | { ok: false; error: 'not-found' | 'self-adapted' };

/**
 * Saves the story's text, the members in it and the story it was adapted from. `peopleIds` are
 * members the route has already found; `adaptedFromId` a story the editor may see (or null).
 */
export async function updateStory(
  db: Database,
  storyId: number,
  editorId: number,
  input: StoryInput,
  links: { peopleIds: number[]; adaptedFromId: number | null },
): Promise<UpdateResult> {
  if (links.adaptedFromId === storyId) return { ok: false, error: 'self-adapted' };
  return db.transaction().execute(async (tx) => {
    const updated = await tx
      .updateTable('stories')
      .set({
        title: input.title,
        summary: input.summary,
        body: input.body,
        people: input.people,
        place: input.place,
        local_authority: input.localAuthority,
        tags: input.tags,
        search: searchVector(input),
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', storyId)
      .returning('id')
      .executeTakeFirst();
    if (!updated) return { ok: false as const, error: 'not-found' as const };
    const before = new Set((await tx.selectFrom('story_people').select('user_id').where('story_id', '=', storyId).execute()).map((row) => row.user_id));
    await tx.deleteFrom('story_people').where('story_id', '=', storyId).execute();
    if (links.peopleIds.length > 0) {
      await tx
        .insertInto('story_people')
        .values(links.peopleIds.map((user_id) => ({ story_id: storyId, user_id })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    await tx.deleteFrom('adapted_from').where('subject_type', '=', 'story').where('subject_id', '=', storyId).execute();
    if (links.adaptedFromId !== null) {
      await tx
        .insertInto('adapted_from')
        .values({ subject_type: 'story', subject_id: storyId, story_id: links.adaptedFromId, note: input.adaptedNote, added_by: editorId })
        .execute();
    }
    return { ok: true as const, addedPeople: links.peopleIds.filter((id) => !before.has(id)) };
  });
}

export async function setReporter(db: Database, storyId: number, reporterId: number): Promise<boolean> {
  const row = await db.updateTable('stories').set({ reporter_id: reporterId, updated_at: sql<Date>`now()` }).where('id', '=', storyId).returning('id').executeTakeFirst();
  return row !== undefined;
}

/** Publishing for the first time dates the story; taking it down and putting it back keeps that date. */
export async function setPublished(db: Database, storyId: number, published: boolean): Promise<boolean> {
  const row = await db
    .updateTable('stories')
    .set({
      status: published ? 'published' : 'draft',
      published_at: published ? sql<Date>`coalesce(published_at, now())` : sql<Date | null>`published_at`,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', storyId)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

// ---- Media -----------------------------------------------------------------------------------

/** The files a replaced or removed clip leaves behind, for the caller to delete after commit. */
type ClipResult = { ok: true; oldFiles: (string | null)[] } | { ok: false; error: 'not-found' };

async function replaceClip(db: Database, storyId: number, values: Omit<Insertable<StoryClipsTable>, 'story_id'>): Promise<ClipResult> {
  return db.transaction().execute(async (tx) => {
    const story = await tx.selectFrom('stories').select('id').where('id', '=', storyId).forUpdate().executeTakeFirst();
    if (!story) return { ok: false as const, error: 'not-found' as const };
    const old = await tx.deleteFrom('story_clips').where('story_id', '=', storyId).returning(['stored_path', 'captions_path']).executeTakeFirst();
    await tx.insertInto('story_clips').values({ ...values, story_id: storyId }).execute();
    await tx.updateTable('stories').set({ updated_at: sql<Date>`now()` }).where('id', '=', storyId).execute();
    return { ok: true as const, oldFiles: old ? [old.stored_path, old.captions_path] : [] };
  });
}

export function setUploadedClip(
  db: Database,
  storyId: number,
  userId: number,
  clip: { title: string; storedPath: string; contentType: string; sizeBytes: number; durationSeconds: number; captionsPath: string },
): Promise<ClipResult> {
  return replaceClip(db, storyId, {
    kind: 'upload',
    title: clip.title,
    stored_path: clip.storedPath,
    content_type: clip.contentType,
    size_bytes: clip.sizeBytes,
    duration_seconds: clip.durationSeconds,
    captions_path: clip.captionsPath,
    provider: null,
    embed_host: null,
    embed_id: null,
    added_by: userId,
  });
}

export function setEmbeddedClip(db: Database, storyId: number, userId: number, clip: { title: string; provider: VideoProvider; host: string; id: string }): Promise<ClipResult> {
  return replaceClip(db, storyId, {
    kind: 'embed',
    title: clip.title,
    stored_path: null,
    content_type: null,
    size_bytes: null,
    duration_seconds: null,
    captions_path: null,
    provider: clip.provider,
    embed_host: clip.host,
    embed_id: clip.id,
    added_by: userId,
  });
}

export async function removeClip(db: Database, storyId: number): Promise<ClipResult> {
  const old = await db.deleteFrom('story_clips').where('story_id', '=', storyId).returning(['stored_path', 'captions_path']).executeTakeFirst();
  return old ? { ok: true, oldFiles: [old.stored_path, old.captions_path] } : { ok: false, error: 'not-found' };
}

export async function addPhoto(
  db: Database,
  storyId: number,
  userId: number,
  photo: { storedPath: string; contentType: string; alt: string; caption: string },
): Promise<{ ok: true; id: number } | { ok: false; error: 'not-found' | 'too-many' }> {
  return db.transaction().execute(async (tx) => {
    // Counted with the story's row locked, so two uploads at once cannot pass the limit.
    const story = await tx.selectFrom('stories').select('id').where('id', '=', storyId).forUpdate().executeTakeFirst();
    if (!story) return { ok: false as const, error: 'not-found' as const };
    const count = await tx.selectFrom('story_photos').select((eb) => eb.fn.countAll<number>().as('n')).where('story_id', '=', storyId).executeTakeFirstOrThrow();
    if (Number(count.n) >= photosMax) return { ok: false as const, error: 'too-many' as const };
    const row = await tx
      .insertInto('story_photos')
      .values({ story_id: storyId, stored_path: photo.storedPath, content_type: photo.contentType, alt: photo.alt, caption: photo.caption, added_by: userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { ok: true as const, id: row.id };
  });
}

export async function removePhoto(db: Database, storyId: number, photoId: number): Promise<{ ok: true; storedPath: string } | { ok: false; error: 'not-found' }> {
  const row = await db.deleteFrom('story_photos').where('id', '=', photoId).where('story_id', '=', storyId).returning('stored_path').executeTakeFirst();
  return row ? { ok: true, storedPath: row.stored_path } : { ok: false, error: 'not-found' };
}

export async function addInterviewAnswer(
  db: Database,
  storyId: number,
  userId: number,
  pair: { question: string; answer: string },
): Promise<{ ok: true } | { ok: false; error: 'not-found' | 'too-many' }> {
  return db.transaction().execute(async (tx) => {
    const story = await tx.selectFrom('stories').select('id').where('id', '=', storyId).forUpdate().executeTakeFirst();
    if (!story) return { ok: false as const, error: 'not-found' as const };
    const count = await tx.selectFrom('story_interview').select((eb) => eb.fn.countAll<number>().as('n')).where('story_id', '=', storyId).executeTakeFirstOrThrow();
    if (Number(count.n) >= interviewMax) return { ok: false as const, error: 'too-many' as const };
    await tx.insertInto('story_interview').values({ story_id: storyId, question: pair.question, answer: pair.answer, added_by: userId }).execute();
    return { ok: true as const };
  });
}

export async function removeInterviewAnswer(db: Database, storyId: number, id: number): Promise<boolean> {
  const row = await db.deleteFrom('story_interview').where('id', '=', id).where('story_id', '=', storyId).returning('id').executeTakeFirst();
  return row !== undefined;
}

// ---- Interest ----------------------------------------------------------------------------------

async function recountInterest(tx: Tx, storyId: number) {
  await tx
    .updateTable('stories')
    .set({
      interested_count: sql<number>`(select count(*) from story_interest where story_id = ${storyId} and kind = 'interested')`,
      trying_count: sql<number>`(select count(*) from story_interest where story_id = ${storyId} and kind = 'trying')`,
    })
    .where('id', '=', storyId)
    .execute();
}

/** "This interests us" or "we want to try this": one per member, which they may change. */
export async function setInterest(db: Database, storyId: number, userId: number, kind: StoryInterestKind, organisation: string): Promise<{ ok: true; changed: boolean }> {
  return db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('story_interest').select(['kind', 'organisation']).where('story_id', '=', storyId).where('user_id', '=', userId).executeTakeFirst();
    await tx
      .insertInto('story_interest')
      .values({ story_id: storyId, user_id: userId, kind, organisation })
      .onConflict((oc) => oc.columns(['story_id', 'user_id']).doUpdateSet({ kind, organisation }))
      .execute();
    await recountInterest(tx, storyId);
    return { ok: true as const, changed: before !== undefined };
  });
}

export async function withdrawInterest(db: Database, storyId: number, userId: number): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const row = await tx.deleteFrom('story_interest').where('story_id', '=', storyId).where('user_id', '=', userId).returning('kind').executeTakeFirst();
    if (row) await recountInterest(tx, storyId);
    return row !== undefined;
  });
}

// ---- Tried since and lineage -------------------------------------------------------------------

export async function recordTrial(db: Database, storyId: number, userId: number, input: TrialInput): Promise<{ id: number }> {
  return db
    .insertInto('story_trials')
    .values({
      story_id: storyId,
      organisation: input.organisation,
      place: input.place,
      local_authority: input.localAuthority,
      tried_in: input.triedIn,
      outcome: input.outcome,
      note: input.note,
      recorded_by: userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Removes a "tried since" entry: whoever recorded it, or (with `any`) a facilitator. */
export async function removeTrial(db: Database, storyId: number, trialId: number, userId: number, any: boolean): Promise<boolean> {
  let query = db.deleteFrom('story_trials').where('id', '=', trialId).where('story_id', '=', storyId);
  if (!any) query = query.where('recorded_by', '=', userId);
  return (await query.returning('id').executeTakeFirst()) !== undefined;
}

/** A pitch (one the route has checked the member may speak for) says it was adapted from the story. */
export async function addAdaptedPitch(db: Database, storyId: number, pitchId: number, userId: number, note: string): Promise<void> {
  await db
    .insertInto('adapted_from')
    .values({ subject_type: 'pitch', subject_id: pitchId, story_id: storyId, note, added_by: userId })
    .onConflict((oc) => oc.columns(['subject_type', 'subject_id', 'story_id']).doUpdateSet({ note }))
    .execute();
}

// ---- The recipe --------------------------------------------------------------------------------

/**
 * The replication recipe: a hub-wide knowledge page (a case study, edited and versioned like any
 * other), linked to the story with how good its evidence is. One per story.
 */
export async function createRecipe(
  db: Database,
  storyId: number,
  userId: number,
  input: { title: string; body: string; evidenceLevel: EvidenceLevel; evidenceNote: string },
): Promise<{ ok: true; pageSlug: string } | { ok: false; error: 'not-found' | 'has-recipe' } | { ok: false; error: 'exists'; slug: string }> {
  return db.transaction().execute(async (tx) => {
    const story = await tx.selectFrom('stories').select('id').where('id', '=', storyId).forUpdate().executeTakeFirst();
    if (!story) return { ok: false as const, error: 'not-found' as const };
    const existing = await tx.selectFrom('story_recipes').select('story_id').where('story_id', '=', storyId).executeTakeFirst();
    if (existing) return { ok: false as const, error: 'has-recipe' as const };
    const page = await insertPage(tx, userId, null, { title: input.title, body: input.body, summary: t('stories.recipe.revisionSummary'), template: 'case-study' });
    if (!page.ok) return page;
    await tx
      .insertInto('story_recipes')
      .values({ story_id: storyId, page_id: page.id, evidence_level: input.evidenceLevel, evidence_note: input.evidenceNote, created_by: userId })
      .execute();
    return { ok: true as const, pageSlug: page.slug };
  });
}

export async function setEvidence(db: Database, storyId: number, input: { evidenceLevel: EvidenceLevel; evidenceNote: string }): Promise<boolean> {
  const row = await db
    .updateTable('story_recipes')
    .set({ evidence_level: input.evidenceLevel, evidence_note: input.evidenceNote, updated_at: sql<Date>`now()` })
    .where('story_id', '=', storyId)
    .returning('story_id')
    .executeTakeFirst();
  return row !== undefined;
}

// ---- Administration ----------------------------------------------------------------------------

export async function addFacilitator(db: Database, userId: number, addedBy: number): Promise<void> {
  await db.insertInto('story_facilitators').values({ user_id: userId, added_by: addedBy }).onConflict((oc) => oc.column('user_id').doNothing()).execute();
}

export async function removeFacilitator(db: Database, userId: number): Promise<boolean> {
  return (await db.deleteFrom('story_facilitators').where('user_id', '=', userId).returning('user_id').executeTakeFirst()) !== undefined;
}

export async function addVideoHost(db: Database, host: string, addedBy: number): Promise<void> {
  await db.insertInto('story_video_hosts').values({ host, added_by: addedBy }).onConflict((oc) => oc.column('host').doNothing()).execute();
}

export async function removeVideoHost(db: Database, host: string): Promise<boolean> {
  return (await db.deleteFrom('story_video_hosts').where('host', '=', host).returning('host').executeTakeFirst()) !== undefined;
}

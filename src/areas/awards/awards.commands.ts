import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import type { SubjectRegistry } from '../../web/subjects.ts';
import { firstFreeSlug, slugify } from '../../web/slugs.ts';
import { nominationsPerMember, nominationsPerRound, type RoundDates, type RoundInput } from './awards.forms.ts';
import { detectedConflicts, nomineeTypes, phaseOf, type Phase } from './awards.policy.ts';

type Tx = Transaction<DB>;

const reservedSlugs = ['new'];

async function freeSlug(tx: Tx, name: string): Promise<string> {
  const base = slugify(name, { maxLength: 80, fallback: 'awards' });
  const taken = await tx
    .selectFrom('award_rounds')
    .select('slug')
    .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
    .execute();
  return firstFreeSlug(
    base,
    taken.map((row) => row.slug),
    reservedSlugs,
  );
}

function dateColumns(dates: RoundDates) {
  return {
    nominations_open_at: dates.nominationsOpenAt,
    nominations_close_at: dates.nominationsCloseAt,
    voting_open_at: dates.votingOpenAt,
    voting_close_at: dates.votingCloseAt,
    scoring_close_at: dates.scoringCloseAt,
    results_at: dates.resultsAt,
  };
}

async function saveMethod(tx: Tx, roundId: number, method: NonNullable<RoundInput['method']>) {
  await tx.deleteFrom('award_categories').where('round_id', '=', roundId).execute();
  await tx.deleteFrom('award_criteria').where('round_id', '=', roundId).execute();
  await tx
    .insertInto('award_categories')
    .values(method.categories.map((c, index) => ({ round_id: roundId, position: index + 1, name: c.name, description: c.description })))
    .execute();
  if (method.criteria.length > 0) {
    await tx
      .insertInto('award_criteria')
      .values(method.criteria.map((c, index) => ({ round_id: roundId, position: index + 1, name: c.name, description: c.description, weight: c.weight })))
      .execute();
  }
}

async function savePanel(tx: Tx, roundId: number, panelIds: number[]) {
  let removing = tx.deleteFrom('award_panellists').where('round_id', '=', roundId);
  if (panelIds.length > 0) removing = removing.where('user_id', 'not in', panelIds);
  await removing.execute();
  if (panelIds.length > 0) {
    await tx
      .insertInto('award_panellists')
      .values(panelIds.map((userId) => ({ round_id: roundId, user_id: userId })))
      .onConflict((c) => c.columns(['round_id', 'user_id']).doNothing())
      .execute();
  }
}

export type CreateRoundResult = { ok: true; id: number; slug: string } | { ok: false; error: 'no-method' };

/** Opens a round: its text, days, weighting, categories, criteria and panel, in one go. */
export async function createRound(db: Database, creatorId: number, input: RoundInput, panelIds: number[]): Promise<CreateRoundResult> {
  const method = input.method;
  if (!method) return { ok: false, error: 'no-method' };
  return db.transaction().execute(async (tx) => {
    const slug = await freeSlug(tx, input.name);
    const row = await tx
      .insertInto('award_rounds')
      .values({
        slug,
        name: input.name,
        description: input.description,
        vote_weight: method.voteWeight,
        panel_weight: 100 - method.voteWeight,
        ...dateColumns(input.dates),
        created_by: creatorId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await saveMethod(tx, row.id, method);
    await savePanel(tx, row.id, panelIds);
    return { ok: true, id: row.id, slug } as const;
  });
}

export type UpdateRoundResult = { ok: true } | { ok: false; error: 'not-found' | 'final' };

/**
 * Changes a round. Its categories, criteria and weighting change only while nominations have not
 * opened (and nobody has nominated); once the results are out the round is a record and stays.
 */
export async function updateRound(db: Database, roundId: number, input: RoundInput, panelIds: number[], now = new Date()): Promise<UpdateRoundResult> {
  return db.transaction().execute(async (tx) => {
    const round = await lockRound(tx, roundId, now);
    if (!round) return { ok: false, error: 'not-found' } as const;
    if (round.phase.resultsOut) return { ok: false, error: 'final' } as const;
    const nominated = await tx.selectFrom('award_nominations').select('id').where('round_id', '=', roundId).limit(1).executeTakeFirst();
    const method = !round.phase.methodLocked && !nominated ? input.method : null;
    await tx
      .updateTable('award_rounds')
      .set({
        name: input.name,
        description: input.description,
        ...dateColumns(input.dates),
        ...(method ? { vote_weight: method.voteWeight, panel_weight: 100 - method.voteWeight } : {}),
        updated_at: now,
      })
      .where('id', '=', roundId)
      .execute();
    if (method) await saveMethod(tx, roundId, method);
    await savePanel(tx, roundId, panelIds);
    return { ok: true } as const;
  });
}

/** The round row, locked for the rest of the transaction, with its phase now. */
async function lockRound(tx: Tx, roundId: number, now = new Date()) {
  const row = await tx
    .selectFrom('award_rounds')
    .select(['id', 'nominations_open_at', 'nominations_close_at', 'voting_open_at', 'voting_close_at', 'scoring_close_at', 'results_at', 'published_at'])
    .where('id', '=', roundId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return undefined;
  const phase: Phase = phaseOf(
    {
      nominationsOpenAt: row.nominations_open_at,
      nominationsCloseAt: row.nominations_close_at,
      votingOpenAt: row.voting_open_at,
      votingCloseAt: row.voting_close_at,
      scoringCloseAt: row.scoring_close_at,
      resultsAt: row.results_at,
      publishedAt: row.published_at,
    },
    now,
  );
  return { id: row.id, phase };
}

export type PublishResult = { ok: true } | { ok: false; error: 'not-found' | 'too-early' | 'already' };

/** Publishes the results before their day, once voting and panel scoring are both over. */
export async function publishResults(db: Database, roundId: number, adminId: number, now = new Date()): Promise<PublishResult> {
  return db.transaction().execute(async (tx) => {
    const round = await lockRound(tx, roundId, now);
    if (!round) return { ok: false, error: 'not-found' } as const;
    if (round.phase.resultsOut) return { ok: false, error: 'already' } as const;
    if (!round.phase.canPublishEarly) return { ok: false, error: 'too-early' } as const;
    await tx.updateTable('award_rounds').set({ published_at: now, published_by: adminId, updated_at: now }).where('id', '=', roundId).execute();
    return { ok: true } as const;
  });
}

/** Whether everyone may see the subject, asked of its own type (inside the caller's transaction). */
async function isPublicSubject(tx: Tx, subjects: SubjectRegistry, type: string, id: number): Promise<boolean> {
  if (!nomineeTypes(subjects).includes(type)) return false;
  return (await subjects.get(type).isPublic(tx, [id])).has(id);
}

export type NominateResult =
  | { ok: true; nominationId: number; created: boolean }
  | { ok: false; error: 'not-found' | 'closed' | 'not-public' | 'already' | 'withdrawn' | 'too-many' | 'round-full' };

export interface Nomination {
  roundId: number;
  categoryId: number;
  subjectType: string;
  subjectId: number;
  userId: number;
  reason: string;
}

/**
 * Nominates a public pitch or story into a category with a reason. One nomination per item per
 * category: when it is already nominated, the reason is added to it as a supporting statement.
 */
export async function nominate(db: Database, subjects: SubjectRegistry, input: Nomination, now = new Date()): Promise<NominateResult> {
  return db.transaction().execute(async (tx) => {
    const round = await lockRound(tx, input.roundId, now);
    if (!round) return { ok: false, error: 'not-found' } as const;
    if (!round.phase.nominating) return { ok: false, error: 'closed' } as const;
    const category = await tx.selectFrom('award_categories').select('id').where('id', '=', input.categoryId).where('round_id', '=', input.roundId).executeTakeFirst();
    if (!category) return { ok: false, error: 'not-found' } as const;
    if (!(await isPublicSubject(tx, subjects, input.subjectType, input.subjectId))) return { ok: false, error: 'not-public' } as const;
    const existing = await tx
      .selectFrom('award_nominations')
      .select(['id', 'withdrawn_at'])
      .where('category_id', '=', input.categoryId)
      .where('subject_type', '=', input.subjectType)
      .where('subject_id', '=', input.subjectId)
      .executeTakeFirst();
    if (existing) {
      if (existing.withdrawn_at) return { ok: false, error: 'withdrawn' } as const;
      const added = await addStatement(tx, existing.id, input.userId, input.reason);
      return added ? ({ ok: true, nominationId: existing.id, created: false } as const) : ({ ok: false, error: 'already' } as const);
    }
    const counts = await tx
      .selectFrom('award_nominations')
      .select((eb) => [eb.fn.countAll<number>().as('all'), sql<number>`count(*) filter (where nominated_by = ${input.userId})`.as('mine')])
      .where('round_id', '=', input.roundId)
      .executeTakeFirstOrThrow();
    if (Number(counts.mine) >= nominationsPerMember) return { ok: false, error: 'too-many' } as const;
    if (Number(counts.all) >= nominationsPerRound) return { ok: false, error: 'round-full' } as const;
    const row = await tx
      .insertInto('award_nominations')
      .values({
        round_id: input.roundId,
        category_id: input.categoryId,
        subject_type: input.subjectType,
        subject_id: input.subjectId,
        nominated_by: input.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await addStatement(tx, row.id, input.userId, input.reason);
    return { ok: true, nominationId: row.id, created: true } as const;
  });
}

async function addStatement(tx: Tx, nominationId: number, userId: number, reason: string): Promise<boolean> {
  const inserted = await tx
    .insertInto('award_statements')
    .values({ nomination_id: nominationId, user_id: userId, reason })
    .onConflict((c) => c.columns(['nomination_id', 'user_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Adds a member's supporting statement to a nomination, while nominations are open. */
export async function supportNomination(db: Database, subjects: SubjectRegistry, roundId: number, nominationId: number, userId: number, reason: string, now = new Date()): Promise<NominateResult> {
  const row = await db
    .selectFrom('award_nominations')
    .select(['category_id', 'subject_type', 'subject_id'])
    .where('id', '=', nominationId)
    .where('round_id', '=', roundId)
    .executeTakeFirst();
  if (!row) return { ok: false, error: 'not-found' };
  return nominate(db, subjects, { roundId, categoryId: row.category_id, subjectType: row.subject_type, subjectId: row.subject_id, userId, reason }, now);
}

export type WithdrawResult = { ok: true; votesRemoved: number } | { ok: false; error: 'not-found' | 'final' | 'already' };

/**
 * An administrator withdraws a nomination, with a reason shown on it. Votes for it are removed,
 * so those members can vote again in the category. Results once out are final.
 */
export async function withdrawNomination(db: Database, roundId: number, nominationId: number, adminId: number, reason: string, now = new Date()): Promise<WithdrawResult> {
  return db.transaction().execute(async (tx) => {
    const round = await lockRound(tx, roundId, now);
    if (!round) return { ok: false, error: 'not-found' } as const;
    if (round.phase.resultsOut) return { ok: false, error: 'final' } as const;
    const row = await tx.selectFrom('award_nominations').select(['id', 'withdrawn_at']).where('id', '=', nominationId).where('round_id', '=', roundId).executeTakeFirst();
    if (!row) return { ok: false, error: 'not-found' } as const;
    if (row.withdrawn_at) return { ok: false, error: 'already' } as const;
    await tx.updateTable('award_nominations').set({ withdrawn_at: now, withdrawn_by: adminId, withdrawn_reason: reason }).where('id', '=', nominationId).execute();
    const removed = await tx.deleteFrom('award_votes').where('nomination_id', '=', nominationId).executeTakeFirst();
    return { ok: true, votesRemoved: Number(removed.numDeletedRows) } as const;
  });
}

/** A nomination of the round that may be voted on or scored: not withdrawn, its subject public. */
async function liveNomination(tx: Tx, subjects: SubjectRegistry, roundId: number, nominationId: number) {
  const row = await tx
    .selectFrom('award_nominations')
    .select(['id', 'category_id', 'subject_type', 'subject_id'])
    .where('id', '=', nominationId)
    .where('round_id', '=', roundId)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  if (!row || !(await isPublicSubject(tx, subjects, row.subject_type, row.subject_id))) return undefined;
  return row;
}

export type VoteResult = { ok: true; change: 'first' | 'changed' | 'same' } | { ok: false; error: 'not-found' | 'closed' };

/**
 * A member's vote in a category: one each (the table's primary key), which they may change until
 * voting closes.
 */
export async function castVote(db: Database, subjects: SubjectRegistry, roundId: number, categoryId: number, nominationId: number, userId: number, now = new Date()): Promise<VoteResult> {
  return db.transaction().execute(async (tx) => {
    const round = await lockRound(tx, roundId, now);
    if (!round) return { ok: false, error: 'not-found' } as const;
    if (!round.phase.voting) return { ok: false, error: 'closed' } as const;
    const nomination = await liveNomination(tx, subjects, roundId, nominationId);
    if (!nomination || nomination.category_id !== categoryId) return { ok: false, error: 'not-found' } as const;
    const before = await tx.selectFrom('award_votes').select('nomination_id').where('category_id', '=', categoryId).where('user_id', '=', userId).executeTakeFirst();
    await tx
      .insertInto('award_votes')
      .values({ round_id: roundId, category_id: categoryId, user_id: userId, nomination_id: nominationId, cast_at: now, changed_at: now })
      .onConflict((c) => c.columns(['category_id', 'user_id']).doUpdateSet({ nomination_id: nominationId, changed_at: now }))
      .execute();
    return { ok: true, change: !before ? 'first' : before.nomination_id === nominationId ? 'same' : 'changed' } as const;
  });
}

export type PanelError = 'not-found' | 'closed' | 'not-panellist' | 'detected' | 'conflict' | 'not-declared';

type PanelCheck =
  | { error: 'not-found' | 'not-panellist' | 'closed' }
  | { nomination: { id: number; subject_type: string; subject_id: number }; detected: string | null; declaration: { conflict: boolean } | undefined };

async function panelCheck(tx: Tx, subjects: SubjectRegistry, roundId: number, nominationId: number, userId: number, now: Date): Promise<PanelCheck> {
  const round = await lockRound(tx, roundId, now);
  if (!round) return { error: 'not-found' as const };
  const panellist = await tx.selectFrom('award_panellists').select('user_id').where('round_id', '=', roundId).where('user_id', '=', userId).executeTakeFirst();
  if (!panellist) return { error: 'not-panellist' as const };
  if (!round.phase.scoring) return { error: 'closed' as const };
  const nomination = await liveNomination(tx, subjects, roundId, nominationId);
  if (!nomination) return { error: 'not-found' as const };
  const detected = await detectedConflicts(tx, subjects, [{ id: nomination.id, subjectType: nomination.subject_type, subjectId: nomination.subject_id }], [userId]);
  const declaration = await tx.selectFrom('award_declarations').select(['conflict']).where('nomination_id', '=', nominationId).where('user_id', '=', userId).executeTakeFirst();
  return { nomination, detected: detected.get(`${nominationId}:${userId}`) ?? null, declaration };
}

export type DeclareResult = { ok: true; conflict: boolean } | { ok: false; error: PanelError | 'final' };

/**
 * A panellist's declaration about a nominee, which comes before scoring it: a conflict of interest
 * (saying what it is) or none. A declared conflict is final and removes any scores they gave it;
 * a conflict the hub finds cannot be declared away.
 */
export async function declare(db: Database, subjects: SubjectRegistry, roundId: number, nominationId: number, userId: number, input: { conflict: boolean; note: string }, now = new Date()): Promise<DeclareResult> {
  return db.transaction().execute(async (tx) => {
    const check = await panelCheck(tx, subjects, roundId, nominationId, userId, now);
    if ('error' in check) return { ok: false, error: check.error } as const;
    if (check.declaration?.conflict) return { ok: false, error: 'final' } as const;
    if (check.detected && !input.conflict) return { ok: false, error: 'detected' } as const;
    await tx
      .insertInto('award_declarations')
      .values({ nomination_id: nominationId, user_id: userId, conflict: input.conflict, note: input.note, declared_at: now })
      .onConflict((c) => c.columns(['nomination_id', 'user_id']).doUpdateSet({ conflict: input.conflict, note: input.note, declared_at: now }))
      .execute();
    if (input.conflict) await tx.deleteFrom('award_scores').where('nomination_id', '=', nominationId).where('user_id', '=', userId).execute();
    return { ok: true, conflict: input.conflict } as const;
  });
}

export type ScoreResult = { ok: true } | { ok: false; error: PanelError };

/**
 * A panellist's scores for a nominee, one whole number from 0 to 10 per criterion of the round.
 * Refused when they have not declared, declared a conflict, or the hub finds one.
 */
export async function saveScores(db: Database, subjects: SubjectRegistry, roundId: number, nominationId: number, userId: number, scores: Map<number, number>, now = new Date()): Promise<ScoreResult> {
  return db.transaction().execute(async (tx) => {
    const check = await panelCheck(tx, subjects, roundId, nominationId, userId, now);
    if ('error' in check) return { ok: false, error: check.error } as const;
    if (check.detected) return { ok: false, error: 'detected' } as const;
    if (!check.declaration) return { ok: false, error: 'not-declared' } as const;
    if (check.declaration.conflict) return { ok: false, error: 'conflict' } as const;
    const criteria = await tx.selectFrom('award_criteria').select('id').where('round_id', '=', roundId).execute();
    const rows = criteria.flatMap((criterion) => {
      const score = scores.get(criterion.id);
      return score === undefined || !Number.isInteger(score) || score < 0 || score > 10 ? [] : [{ nomination_id: nominationId, criterion_id: criterion.id, user_id: userId, score, scored_at: now }];
    });
    if (criteria.length === 0 || rows.length !== criteria.length) return { ok: false, error: 'not-found' } as const;
    await tx
      .insertInto('award_scores')
      .values(rows)
      .onConflict((c) => c.columns(['nomination_id', 'criterion_id', 'user_id']).doUpdateSet((eb) => ({ score: eb.ref('excluded.score'), scored_at: now })))
      .execute();
    return { ok: true } as const;
  });
}

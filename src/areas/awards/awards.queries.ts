import crypto from 'node:crypto';
import type { Database } from '../../db/database.ts';
import type { SubjectRegistry } from '../../web/subjects.ts';
import { detectedConflicts, type RoundTimes } from './awards.policy.ts';
import { computeResults, type CategoryResult, type NomineeResult } from './awards.results.ts';
import { pageSize } from './awards.forms.ts';

export interface RoundSummary {
  id: number;
  slug: string;
  name: string;
  description: string;
  voteWeight: number;
  panelWeight: number;
  times: RoundTimes;
  createdAt: Date;
  updatedAt: Date;
}

export interface Category {
  id: number;
  position: number;
  name: string;
  description: string;
}

export interface Criterion {
  id: number;
  position: number;
  name: string;
  description: string;
  weight: number;
}

export interface Person {
  id: number;
  handle: string;
  name: string;
}

export interface RoundDetail extends RoundSummary {
  categories: Category[];
  criteria: Criterion[];
  panel: Person[];
}

const roundColumns = [
  'award_rounds.id',
  'award_rounds.slug',
  'award_rounds.name',
  'award_rounds.description',
  'award_rounds.vote_weight',
  'award_rounds.panel_weight',
  'award_rounds.nominations_open_at',
  'award_rounds.nominations_close_at',
  'award_rounds.voting_open_at',
  'award_rounds.voting_close_at',
  'award_rounds.scoring_close_at',
  'award_rounds.results_at',
  'award_rounds.published_at',
  'award_rounds.created_at',
  'award_rounds.updated_at',
] as const;

type RoundRow = {
  id: number;
  slug: string;
  name: string;
  description: string;
  vote_weight: number;
  panel_weight: number;
  nominations_open_at: Date;
  nominations_close_at: Date;
  voting_open_at: Date;
  voting_close_at: Date;
  scoring_close_at: Date;
  results_at: Date;
  published_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

function summary(row: RoundRow): RoundSummary {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    voteWeight: row.vote_weight,
    panelWeight: row.panel_weight,
    times: {
      nominationsOpenAt: row.nominations_open_at,
      nominationsCloseAt: row.nominations_close_at,
      votingOpenAt: row.voting_open_at,
      votingCloseAt: row.voting_close_at,
      scoringCloseAt: row.scoring_close_at,
      resultsAt: row.results_at,
      publishedAt: row.published_at,
    },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Rounds, the latest to open first. Rounds are public: every member and visitor sees them. */
export async function listRounds(db: Database, page: number): Promise<{ rounds: RoundSummary[]; hasNext: boolean }> {
  const rows = await db
    .selectFrom('award_rounds')
    .select(roundColumns)
    .orderBy('award_rounds.nominations_open_at', 'desc')
    .orderBy('award_rounds.id', 'desc')
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize)
    .execute();
  return { rounds: rows.slice(0, pageSize).map(summary), hasNext: rows.length > pageSize };
}

export async function findRound(db: Database, slug: string): Promise<RoundDetail | undefined> {
  const row = await db.selectFrom('award_rounds').select(roundColumns).where('award_rounds.slug', '=', slug).executeTakeFirst();
  if (!row) return undefined;
  const [categories, criteria, panel] = await Promise.all([
    db.selectFrom('award_categories').select(['id', 'position', 'name', 'description']).where('round_id', '=', row.id).orderBy('position').execute(),
    db.selectFrom('award_criteria').select(['id', 'position', 'name', 'description', 'weight']).where('round_id', '=', row.id).orderBy('position').execute(),
    db
      .selectFrom('award_panellists')
      .innerJoin('users', 'users.id', 'award_panellists.user_id')
      .select(['users.id', 'users.handle', 'users.display_name'])
      .where('award_panellists.round_id', '=', row.id)
      .where('users.status', '=', 'active')
      .orderBy('users.display_name')
      .orderBy('users.id')
      .execute(),
  ]);
  return { ...summary(row), categories, criteria, panel: panel.map((p) => ({ id: p.id, handle: p.handle, name: p.display_name })) };
}

export interface Nominee {
  /** The nomination's id. */
  id: number;
  categoryId: number;
  subjectType: string;
  subjectId: number;
  title: string;
  /** Path on this hub. */
  url: string;
  nominatedAt: Date;
  statements: number;
  withdrawn: { at: Date; reason: string } | null;
}

/**
 * THE list of a round's nominees anyone is shown, on every page, JSON, CSV and the results: only
 * nominations whose subject everyone may see (the subject type's isPublic, asked now, so a pitch
 * hidden or moved since drops out), of types this hub knows. Withdrawn ones only when asked for
 * (administrators see them, marked).
 */
export async function roundNominees(db: Database, subjects: SubjectRegistry, roundId: number, options: { withdrawn?: boolean } = {}): Promise<Nominee[]> {
  let query = db
    .selectFrom('award_nominations')
    .innerJoin('award_categories', 'award_categories.id', 'award_nominations.category_id')
    .select((eb) => [
      'award_nominations.id',
      'award_nominations.category_id',
      'award_nominations.subject_type',
      'award_nominations.subject_id',
      'award_nominations.created_at',
      'award_nominations.withdrawn_at',
      'award_nominations.withdrawn_reason',
      eb
        .selectFrom('award_statements')
        .select((inner) => inner.fn.countAll<number>().as('n'))
        .whereRef('award_statements.nomination_id', '=', 'award_nominations.id')
        .as('statements'),
    ])
    .where('award_nominations.round_id', '=', roundId)
    .orderBy('award_categories.position')
    .orderBy('award_nominations.id');
  if (!options.withdrawn) query = query.where('award_nominations.withdrawn_at', 'is', null);
  const rows = await query.execute();
  return publicOnly(db, subjects, rows);
}

type NominationRow = {
  id: number;
  category_id: number;
  subject_type: string;
  subject_id: number;
  created_at: Date;
  withdrawn_at: Date | null;
  withdrawn_reason: string;
  statements: number | null;
};

async function publicOnly(db: Database, subjects: SubjectRegistry, rows: NominationRow[]): Promise<Nominee[]> {
  const byType = new Map<string, number[]>();
  for (const row of rows) byType.set(row.subject_type, [...(byType.get(row.subject_type) ?? []), row.subject_id]);
  const visible = new Map<string, Set<number>>();
  for (const [type, ids] of byType) {
    visible.set(type, subjects.has(type) ? await subjects.get(type).isPublic(db, [...new Set(ids)]) : new Set());
  }
  const shown = rows.filter((row) => visible.get(row.subject_type)?.has(row.subject_id));
  const described = await subjects.describeAll(db, shown);
  return shown.flatMap((row) => {
    const about = described.get(`${row.subject_type}:${row.subject_id}`);
    if (!about) return [];
    return [
      {
        id: row.id,
        categoryId: row.category_id,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        title: about.title,
        url: about.url,
        nominatedAt: row.created_at,
        statements: Number(row.statements ?? 0),
        withdrawn: row.withdrawn_at ? { at: row.withdrawn_at, reason: row.withdrawn_reason } : null,
      },
    ];
  });
}

export interface Statement {
  id: number;
  author: Person | null;
  reason: string;
  at: Date;
}

export interface NominationDetail extends Nominee {
  statementsList: Statement[];
}

/** One nomination of a round, when its subject is public (withdrawn ones too, marked). */
export async function findNomination(db: Database, subjects: SubjectRegistry, roundId: number, id: number): Promise<NominationDetail | undefined> {
  const row = await db
    .selectFrom('award_nominations')
    .select([
      'award_nominations.id',
      'award_nominations.category_id',
      'award_nominations.subject_type',
      'award_nominations.subject_id',
      'award_nominations.created_at',
      'award_nominations.withdrawn_at',
      'award_nominations.withdrawn_reason',
    ])
    .where('award_nominations.round_id', '=', roundId)
    .where('award_nominations.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const [nominee] = await publicOnly(db, subjects, [{ ...row, statements: null }]);
  if (!nominee) return undefined;
  const statements = await db
    .selectFrom('award_statements')
    .leftJoin('users', (join) => join.onRef('users.id', '=', 'award_statements.user_id').on('users.status', '=', 'active'))
    .select(['award_statements.id', 'award_statements.reason', 'award_statements.created_at', 'users.id as user_id', 'users.handle', 'users.display_name'])
    .where('award_statements.nomination_id', '=', id)
    .orderBy('award_statements.id')
    .limit(500)
    .execute();
  return {
    ...nominee,
    statements: statements.length,
    statementsList: statements.map((s) => ({
      id: s.id,
      reason: s.reason,
      at: s.created_at,
      author: s.user_id !== null && s.handle !== null && s.display_name !== null ? { id: s.user_id, handle: s.handle, name: s.display_name } : null,
    })),
  };
}

/** Whether this member has already written a statement for the nomination. */
export async function hasStatement(db: Database, nominationId: number, userId: number): Promise<boolean> {
  const row = await db.selectFrom('award_statements').select('id').where('nomination_id', '=', nominationId).where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}

/** A member's own votes in a round: category → nomination. Nobody else's are ever read out. */
export async function viewerVotes(db: Database, roundId: number, userId: number): Promise<Map<number, number>> {
  const rows = await db.selectFrom('award_votes').select(['category_id', 'nomination_id']).where('round_id', '=', roundId).where('user_id', '=', userId).execute();
  return new Map(rows.map((row) => [row.category_id, row.nomination_id]));
}

export interface PanelEntry {
  declaration: { conflict: boolean; note: string; at: Date } | null;
  /** A conflict the hub found for itself ('team', 'organisation', …), whatever was declared. */
  detected: string | null;
  /** This panellist's own scores: criterion → 0–10. */
  scores: Map<number, number>;
}

/** What one panellist has declared and scored, per nominee: only their own. */
export async function panelView(db: Database, subjects: SubjectRegistry, userId: number, nominees: Nominee[]): Promise<Map<number, PanelEntry>> {
  const ids = nominees.map((n) => n.id);
  const result = new Map<number, PanelEntry>(ids.map((id) => [id, { declaration: null, detected: null, scores: new Map() }]));
  if (ids.length === 0) return result;
  const [declarations, scores, detected] = await Promise.all([
    db.selectFrom('award_declarations').select(['nomination_id', 'conflict', 'note', 'declared_at']).where('user_id', '=', userId).where('nomination_id', 'in', ids).execute(),
    db.selectFrom('award_scores').select(['nomination_id', 'criterion_id', 'score']).where('user_id', '=', userId).where('nomination_id', 'in', ids).execute(),
    detectedConflicts(db, subjects, nominees.map((n) => ({ id: n.id, subjectType: n.subjectType, subjectId: n.subjectId })), [userId]),
  ]);
  for (const row of declarations) result.get(row.nomination_id)!.declaration = { conflict: row.conflict, note: row.note, at: row.declared_at };
  for (const row of scores) result.get(row.nomination_id)!.scores.set(row.criterion_id, row.score);
  for (const id of ids) result.get(id)!.detected = detected.get(`${id}:${userId}`) ?? null;
  return result;
}

export interface PanellistProgress extends Person {
  declared: number;
  conflicts: number;
  scored: number;
}

/** For administrators while the panel works: how far each panellist has got, never what they scored. */
export async function panelProgress(db: Database, subjects: SubjectRegistry, round: RoundDetail, nominees: Nominee[]): Promise<PanellistProgress[]> {
  const ids = nominees.map((n) => n.id);
  const userIds = round.panel.map((p) => p.id);
  if (ids.length === 0 || userIds.length === 0) return round.panel.map((p) => ({ ...p, declared: 0, conflicts: 0, scored: 0 }));
  const [declarations, scores, detected] = await Promise.all([
    db.selectFrom('award_declarations').select(['nomination_id', 'user_id', 'conflict']).where('nomination_id', 'in', ids).where('user_id', 'in', userIds).execute(),
    db.selectFrom('award_scores').select(['nomination_id', 'user_id', 'criterion_id']).where('nomination_id', 'in', ids).where('user_id', 'in', userIds).execute(),
    detectedConflicts(db, subjects, nominees.map((n) => ({ id: n.id, subjectType: n.subjectType, subjectId: n.subjectId })), userIds),
  ]);
  const criterionIds = new Set(round.criteria.map((c) => c.id));
  return round.panel.map((person) => {
    const mine = declarations.filter((d) => d.user_id === person.id);
    const conflicted = new Set([...mine.filter((d) => d.conflict).map((d) => d.nomination_id), ...ids.filter((id) => detected.has(`${id}:${person.id}`))]);
    const scoredCriteria = new Map<number, Set<number>>();
    for (const row of scores) {
      if (row.user_id !== person.id || !criterionIds.has(row.criterion_id)) continue;
      let set = scoredCriteria.get(row.nomination_id);
      if (!set) scoredCriteria.set(row.nomination_id, (set = new Set()));
      set.add(row.criterion_id);
    }
    const scored = ids.filter((id) => !conflicted.has(id) && criterionIds.size > 0 && scoredCriteria.get(id)?.size === criterionIds.size).length;
    return { ...person, declared: mine.length, conflicts: conflicted.size, scored };
  });
}

/** The panel in the order that numbers it anonymously: by a hash of round and member, not by name or id. */
export function anonymousOrder(roundId: number, panel: Person[]): Person[] {
  const key = (id: number) => crypto.createHash('sha256').update(`award-panel:${roundId}:${id}`).digest('hex');
  return [...panel].sort((a, b) => key(a.id).localeCompare(key(b.id)));
}

export interface RankedNominee extends NomineeResult {
  nominee: Nominee;
}

export interface RoundResults {
  categories: { category: Category; totalVotes: number; nominees: RankedNominee[] }[];
  panelSize: number;
}

/**
 * The raw rows of a round — votes counted per nominee, declared conflicts, the conflicts the hub
 * finds, every score — handed to computeResults. Only nominees from roundNominees take part, so a
 * nominee withdrawn or no longer public is in no total. Called only once results are out.
 */
export async function roundResults(db: Database, subjects: SubjectRegistry, round: RoundDetail): Promise<RoundResults> {
  const nominees = await roundNominees(db, subjects, round.id);
  const ids = nominees.map((n) => n.id);
  const panel = anonymousOrder(round.id, round.panel);
  const userIds = panel.map((p) => p.id);
  const [votes, declared, scores, detected] = await Promise.all([
    ids.length === 0
      ? []
      : db
          .selectFrom('award_votes')
          .select((eb) => ['nomination_id', eb.fn.countAll<number>().as('votes')])
          .where('round_id', '=', round.id)
          .where('nomination_id', 'in', ids)
          .groupBy('nomination_id')
          .execute(),
    ids.length === 0 || userIds.length === 0
      ? []
      : db.selectFrom('award_declarations').select(['nomination_id', 'user_id']).where('conflict', '=', true).where('nomination_id', 'in', ids).where('user_id', 'in', userIds).execute(),
    ids.length === 0 || userIds.length === 0
      ? []
      : db.selectFrom('award_scores').select(['nomination_id', 'user_id', 'criterion_id', 'score']).where('nomination_id', 'in', ids).where('user_id', 'in', userIds).execute(),
    detectedConflicts(db, subjects, nominees.map((n) => ({ id: n.id, subjectType: n.subjectType, subjectId: n.subjectId })), userIds),
  ]);
  const voteCount = new Map(votes.map((row) => [row.nomination_id, Number(row.votes)]));
  const computed: CategoryResult[] = computeResults({
    voteWeight: round.voteWeight,
    panelWeight: round.panelWeight,
    criteria: round.criteria.map((c) => ({ id: c.id, weight: c.weight })),
    panellists: userIds,
    categories: round.categories.map((category) => ({
      id: category.id,
      nominees: nominees
        .filter((n) => n.categoryId === category.id)
        .map((n) => ({
          nominationId: n.id,
          nominatedOrder: n.id,
          votes: voteCount.get(n.id) ?? 0,
          conflicted: userIds.filter((userId) => detected.has(`${n.id}:${userId}`) || declared.some((d) => d.nomination_id === n.id && d.user_id === userId)),
          scores: scores.filter((s) => s.nomination_id === n.id).map((s) => ({ userId: s.user_id, criterionId: s.criterion_id, score: s.score })),
        })),
    })),
  });
  const byId = new Map(nominees.map((n) => [n.id, n]));
  return {
    panelSize: userIds.length,
    categories: round.categories.map((category, index) => ({
      category,
      totalVotes: computed[index]!.totalVotes,
      nominees: computed[index]!.nominees.map((result) => ({ ...result, nominee: byId.get(result.nominationId)! })),
    })),
  };
}

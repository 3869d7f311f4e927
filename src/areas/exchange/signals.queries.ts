import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { SignalKind } from '../../db/schema.ts';
import type { Viewer } from '../../web/context.ts';
import { pitchVisibleTo } from './pitches.policy.ts';
import { signalKinds } from './signals.forms.ts';

/**
 * Reads of interest signals. The indicative amount and the notes of could-fund signals are
 * selected in exactly two places, `teamSignals` (for the pitch team) and `ownSignals` (for the
 * member who wrote them); every public read below leaves those columns out of the SQL.
 */

export const teamPageSize = 50;
/** Shown by name in the public summary; the rest are counted. */
export const namedOrganisations = 20;
/** A CSV is for the team's own records; no pitch gets near this many signals. */
export const csvLimit = 10_000;

export interface SignalPitch {
  id: number;
  slug: string;
  title: string;
  status: 'draft' | 'published';
  onTeam: boolean;
}

function pitchForViewer(db: Database, viewer: Viewer | null) {
  return db
    .selectFrom('pitches')
    .select([
      'pitches.id',
      'pitches.slug',
      'pitches.title',
      'pitches.status',
      viewer
        ? sql<boolean>`exists (select 1 from pitch_team where pitch_team.pitch_id = pitches.id and pitch_team.user_id = ${viewer.id})`.as('on_team')
        : sql<boolean>`false`.as('on_team'),
    ])
    .where(pitchVisibleTo(viewer));
}

type PitchRow = Awaited<ReturnType<ReturnType<typeof pitchForViewer>['executeTakeFirstOrThrow']>>;

function toSignalPitch(row: PitchRow | undefined): SignalPitch | undefined {
  return row ? { id: row.id, slug: row.slug, title: row.title, status: row.status, onTeam: row.on_team } : undefined;
}

/** The pitch at this slug if the viewer may see it (the exchange's rule), with their standing. */
export async function findPitchForSignals(db: Database, viewer: Viewer | null, slug: string): Promise<SignalPitch | undefined> {
  return toSignalPitch(await pitchForViewer(db, viewer).where('pitches.slug', '=', slug).executeTakeFirst());
}

export async function findPitchById(db: Database, viewer: Viewer | null, id: number): Promise<SignalPitch | undefined> {
  return toSignalPitch(await pitchForViewer(db, viewer).where('pitches.id', '=', id).executeTakeFirst());
}

export async function teamMemberIds(db: Database, pitchId: number): Promise<number[]> {
  const rows = await db.selectFrom('pitch_team').select('user_id').where('pitch_id', '=', pitchId).execute();
  return rows.map((row) => row.user_id);
}

export type SignalCounts = Record<SignalKind, number>;

export interface PublicSignalSummary {
  counts: SignalCounts;
  /** Organisations that said they need it too, oldest first, at most `namedOrganisations`. */
  organisations: { slug: string; name: string }[];
}

/** What anyone who may see the pitch may know: how many of each kind, and which organisations. */
export async function signalSummary(db: Database, pitchId: number): Promise<PublicSignalSummary> {
  const [rows, organisations] = await Promise.all([
    db
      .selectFrom('signals')
      .select(['kind', (eb) => eb.fn.countAll<number>().as('count')])
      .where('pitch_id', '=', pitchId)
      .groupBy('kind')
      .execute(),
    db
      .selectFrom('signals')
      .innerJoin('organisations', 'organisations.id', 'signals.organisation_id')
      .select(['organisations.slug', 'organisations.name'])
      .where('signals.pitch_id', '=', pitchId)
      .where('signals.kind', '=', 'need-too')
      .orderBy('signals.created_at')
      .orderBy('signals.id')
      .limit(namedOrganisations)
      .execute(),
  ]);
  const counts = Object.fromEntries(signalKinds.map((kind) => [kind, 0])) as SignalCounts;
  for (const row of rows) counts[row.kind] = Number(row.count);
  return { counts, organisations };
}

export interface OwnSignal {
  id: number;
  kind: SignalKind;
  note: string;
  amount: number | null;
  organisation: { slug: string; name: string } | null;
  createdAt: Date;
}

/** The viewer's own signals on a pitch, amounts included: they wrote them. */
export async function ownSignals(db: Database, pitchId: number, userId: number): Promise<OwnSignal[]> {
  const rows = await db
    .selectFrom('signals')
    .leftJoin('organisations', 'organisations.id', 'signals.organisation_id')
    .select([
      'signals.id',
      'signals.kind',
      'signals.note',
      'signals.amount',
      'signals.created_at',
      'organisations.slug as organisation_slug',
      'organisations.name as organisation_name',
    ])
    .where('signals.pitch_id', '=', pitchId)
    .where('signals.user_id', '=', userId)
    .execute();
  const order = (kind: SignalKind) => signalKinds.indexOf(kind);
  return rows
    .map((row) => ({
      id: row.id,
      kind: row.kind,
      note: row.note,
      amount: row.amount === null ? null : Number(row.amount),
      organisation: row.organisation_slug && row.organisation_name ? { slug: row.organisation_slug, name: row.organisation_name } : null,
      createdAt: row.created_at,
    }))
    .sort((a, b) => order(a.kind) - order(b.kind));
}

export interface TeamSignal extends OwnSignal {
  member: { id: number; handle: string; name: string };
}

/**
 * Everything about who signalled what, for the pitch team only (the caller checks that): newest
 * first, one page, or up to `csvLimit` rows for the CSV. Suspended members' signals are left out,
 * as they are everywhere else.
 */
export async function teamSignals(
  db: Database,
  pitchId: number,
  page: { number: number; size: number },
): Promise<{ signals: TeamSignal[]; hasNext: boolean }> {
  const rows = await db
    .selectFrom('signals')
    .innerJoin('users', 'users.id', 'signals.user_id')
    .leftJoin('organisations', 'organisations.id', 'signals.organisation_id')
    .select([
      'signals.id',
      'signals.kind',
      'signals.note',
      'signals.amount',
      'signals.created_at',
      'users.id as user_id',
      'users.handle',
      'users.display_name',
      'organisations.slug as organisation_slug',
      'organisations.name as organisation_name',
    ])
    .where('signals.pitch_id', '=', pitchId)
    .where('users.status', '=', 'active')
    .orderBy('signals.created_at', 'desc')
    .orderBy('signals.id', 'desc')
    .limit(page.size + 1)
    .offset((page.number - 1) * page.size)
    .execute();
  return {
    signals: rows.slice(0, page.size).map((row) => ({
      id: row.id,
      kind: row.kind,
      note: row.note,
      amount: row.amount === null ? null : Number(row.amount),
      organisation: row.organisation_slug && row.organisation_name ? { slug: row.organisation_slug, name: row.organisation_name } : null,
      createdAt: row.created_at,
      member: { id: row.user_id, handle: row.handle, name: row.display_name },
    })),
    hasNext: rows.length > page.size,
  };
}

/**
 * Organisations the member may speak for (active memberships), each marked if it has already said
 * it needs this pitch too, so the form offers only those that still can.
 */
export async function activeOrganisationsOf(
  db: Database,
  userId: number,
  pitchId: number,
): Promise<{ id: number; slug: string; name: string; declared: boolean }[]> {
  return db
    .selectFrom('organisation_members as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select([
      'o.id',
      'o.slug',
      'o.name',
      sql<boolean>`exists (select 1 from signals s where s.pitch_id = ${pitchId} and s.kind = 'need-too' and s.organisation_id = o.id)`.as('declared'),
    ])
    .where('m.user_id', '=', userId)
    .where('m.status', '=', 'active')
    .orderBy(sql`lower(o.name)`)
    .orderBy('o.id')
    .limit(200)
    .execute();
}

/** One signal on one pitch with what a private reply needs; the email never leaves the server. */
export async function signalForReply(db: Database, pitchId: number, signalId: number) {
  return db
    .selectFrom('signals')
    .innerJoin('users', 'users.id', 'signals.user_id')
    .select(['signals.id', 'signals.kind', 'users.id as user_id', 'users.display_name', 'users.handle', 'users.status'])
    .where('signals.id', '=', signalId)
    .where('signals.pitch_id', '=', pitchId)
    .executeTakeFirst();
}

/** All organisations that said they need it too (for the invitation), oldest first. */
export async function needOrganisations(db: Database, pitchId: number): Promise<{ id: number; slug: string; name: string }[]> {
  return db
    .selectFrom('signals')
    .innerJoin('organisations', 'organisations.id', 'signals.organisation_id')
    .select(['organisations.id', 'organisations.slug', 'organisations.name'])
    .where('signals.pitch_id', '=', pitchId)
    .where('signals.kind', '=', 'need-too')
    .orderBy('signals.created_at')
    .orderBy('signals.id')
    .execute();
}

/** Members who follow a pitch, for areas that tell followers about news on it. */
export async function followerIds(db: Database, pitchId: number): Promise<number[]> {
  const rows = await db.selectFrom('signals').select('user_id').where('pitch_id', '=', pitchId).where('kind', '=', 'follow').execute();
  return rows.map((row) => row.user_id);
}

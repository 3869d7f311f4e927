import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { EventKind, EventLinkType, SessionFormat, SessionStatus } from '../../db/schema.ts';
import type { Viewer } from '../../web/context.ts';
import { knowledgePageVisibleTo } from '../knowledge/knowledge.policy.ts';
import { pitchVisibleTo } from '../exchange/pitches.policy.ts';
import { eventVisibleTo } from './events.policy.ts';
import type { PersonRef } from './events.queries.ts';
import { settingsFor, type SessionSettings } from './sessions.policy.ts';

/**
 * Reads of sessions, rooms, slots, outcomes and links. Every one joins its event and keeps only
 * what eventVisibleTo lets the viewer see, so pages, JSON, CSV and iCalendar files read the
 * same rows, filtered in the database.
 */

export interface Placement {
  roomId: number;
  roomName: string;
  slotId: number;
  startsAt: Date;
  endsAt: Date;
}

export interface SessionItem {
  id: number;
  eventId: number;
  title: string;
  description: string;
  leader: string;
  format: SessionFormat;
  status: SessionStatus;
  declineReason: string;
  mergedInto: { id: number; title: string } | null;
  votes: number;
  proposedBy: PersonRef | null;
  proposedById: number | null;
  notesPageId: number | null;
  sequence: number;
  createdAt: Date;
  updatedAt: Date;
  youVoted: boolean;
  placement: Placement | null;
}

export async function sessionSettings(db: Database, event: { id: number; kind: EventKind }): Promise<SessionSettings> {
  const saved = await db.selectFrom('event_session_settings').select(['enabled', 'proposals_open', 'vote_limit']).where('event_id', '=', event.id).executeTakeFirst();
  return settingsFor(event.kind, saved);
}

/** Sessions of events this viewer may see: every read of sessions starts here. */
function visibleSessions(db: Database, viewer: Viewer | null) {
  return db
    .selectFrom('event_sessions as s')
    .innerJoin('events as e', 'e.id', 's.event_id')
    .leftJoin('users as proposer', 'proposer.id', 's.proposed_by')
    .leftJoin('event_sessions as target', 'target.id', 's.merged_into')
    .leftJoin('event_schedule as p', 'p.session_id', 's.id')
    .leftJoin('event_rooms as r', 'r.id', 'p.room_id')
    .leftJoin('event_slots as t', 't.id', 'p.slot_id')
    .select([
      's.id',
      's.event_id',
      's.title',
      's.description',
      's.leader',
      's.format',
      's.status',
      's.decline_reason',
      's.merged_into',
      'target.title as target_title',
      's.vote_count',
      's.proposed_by',
      's.notes_page_id',
      's.sequence',
      's.created_at',
      's.updated_at',
      'proposer.handle as proposer_handle',
      'proposer.display_name as proposer_name',
      'r.id as room_id',
      'r.name as room_name',
      't.id as slot_id',
      't.starts_at as slot_starts_at',
      't.ends_at as slot_ends_at',
    ])
    .select(
      viewer
        ? sql<boolean>`exists (select 1 from event_session_votes mine where mine.session_id = s.id and mine.user_id = ${viewer.id})`.as('you_voted')
        : sql<boolean>`false`.as('you_voted'),
    )
    .where(eventVisibleTo(viewer, 'e'));
}

type Row = Awaited<ReturnType<ReturnType<typeof visibleSessions>['execute']>>[number];

function toItem(row: Row): SessionItem {
  return {
    id: row.id,
    eventId: row.event_id,
    title: row.title,
    description: row.description,
    leader: row.leader,
    format: row.format,
    status: row.status,
    declineReason: row.decline_reason,
    mergedInto: row.merged_into !== null && row.target_title !== null ? { id: row.merged_into, title: row.target_title } : null,
    votes: row.vote_count,
    proposedBy: row.proposer_handle && row.proposer_name ? { handle: row.proposer_handle, name: row.proposer_name } : null,
    proposedById: row.proposed_by,
    notesPageId: row.notes_page_id,
    sequence: row.sequence,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    youVoted: Boolean(row.you_voted),
    placement:
      row.room_id !== null && row.room_name !== null && row.slot_id !== null && row.slot_starts_at !== null && row.slot_ends_at !== null
        ? { roomId: row.room_id, roomName: row.room_name, slotId: row.slot_id, startsAt: row.slot_starts_at, endsAt: row.slot_ends_at }
        : null,
  };
}

/** An event's sessions, most voted first (of equal votes, the first proposed). At most a few hundred: no paging. */
export async function listSessions(db: Database, viewer: Viewer | null, eventId: number): Promise<SessionItem[]> {
  const rows = await visibleSessions(db, viewer)
    .where('s.event_id', '=', eventId)
    .orderBy('s.vote_count', 'desc')
    .orderBy('s.created_at')
    .orderBy('s.id')
    .limit(1000)
    .execute();
  return rows.map(toItem);
}

export async function findSession(db: Database, viewer: Viewer | null, eventId: number, sessionId: number): Promise<SessionItem | undefined> {
  const row = await visibleSessions(db, viewer).where('s.event_id', '=', eventId).where('s.id', '=', sessionId).executeTakeFirst();
  return row ? toItem(row) : undefined;
}

export interface Outcome {
  id: number;
  sessionId: number;
  body: string;
  addedById: number | null;
}

export async function outcomesOf(db: Database, viewer: Viewer | null, sessionIds: number[]): Promise<Map<number, Outcome[]>> {
  const result = new Map<number, Outcome[]>();
  if (sessionIds.length === 0) return result;
  const rows = await db
    .selectFrom('event_session_outcomes as o')
    .innerJoin('event_sessions as s', 's.id', 'o.session_id')
    .innerJoin('events as e', 'e.id', 's.event_id')
    .select(['o.id', 'o.session_id', 'o.body', 'o.added_by'])
    .where('o.session_id', 'in', sessionIds)
    .where(eventVisibleTo(viewer, 'e'))
    .orderBy('o.id')
    .execute();
  for (const row of rows) {
    const list = result.get(row.session_id) ?? [];
    list.push({ id: row.id, sessionId: row.session_id, body: row.body, addedById: row.added_by });
    result.set(row.session_id, list);
  }
  return result;
}

export interface Room {
  id: number;
  name: string;
  capacity: number | null;
}

export interface Slot {
  id: number;
  startsAt: Date;
  endsAt: Date;
}

export async function roomsOf(db: Database, viewer: Viewer | null, eventId: number): Promise<Room[]> {
  return db
    .selectFrom('event_rooms as r')
    .innerJoin('events as e', 'e.id', 'r.event_id')
    .select(['r.id', 'r.name', 'r.capacity'])
    .where('r.event_id', '=', eventId)
    .where(eventVisibleTo(viewer, 'e'))
    .orderBy(sql`r.capacity desc nulls last`)
    .orderBy('r.id')
    .execute();
}

export async function slotsOf(db: Database, viewer: Viewer | null, eventId: number): Promise<Slot[]> {
  return db
    .selectFrom('event_slots as t')
    .innerJoin('events as e', 'e.id', 't.event_id')
    .select(['t.id', 't.starts_at as startsAt', 't.ends_at as endsAt'])
    .where('t.event_id', '=', eventId)
    .where(eventVisibleTo(viewer, 'e'))
    .orderBy('t.starts_at')
    .orderBy('t.id')
    .execute();
}

/** How many votes the member has cast at the event. */
export async function votesUsed(db: Database, eventId: number, userId: number): Promise<number> {
  const row = await db.selectFrom('event_session_votes').select(sql<number>`count(*)`.as('n')).where('event_id', '=', eventId).where('user_id', '=', userId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface LinkRow {
  subject_type: EventLinkType;
  subject_id: number;
  linked_by: number | null;
}

/** What has been linked to the event; the route keeps what the viewer may see, asking each kind's own area. */
export async function linksOf(db: Database, viewer: Viewer | null, eventId: number): Promise<LinkRow[]> {
  return db
    .selectFrom('event_links as l')
    .innerJoin('events as e', 'e.id', 'l.event_id')
    .select(['l.subject_type', 'l.subject_id', 'l.linked_by'])
    .where('l.event_id', '=', eventId)
    .where(eventVisibleTo(viewer, 'e'))
    .orderBy('l.created_at')
    .orderBy('l.subject_type')
    .orderBy('l.subject_id')
    .limit(200)
    .execute();
}

export interface OwnItem {
  type: 'pitch' | 'knowledge-page';
  id: number;
  title: string;
}

/**
 * The member's own published pitches (as author or on the team) and the knowledge pages they
 * started, as they may see them now: what they may link to an event.
 */
export async function ownItems(db: Database, viewer: Viewer, limit = 50): Promise<OwnItem[]> {
  const [pitches, pages] = await Promise.all([
    db
      .selectFrom('pitches')
      .select(['pitches.id', 'pitches.title'])
      .where('pitches.status', '=', 'published')
      .where((eb) =>
        eb.or([
          eb('pitches.author_id', '=', viewer.id),
          eb.exists(eb.selectFrom('pitch_team').select('pitch_team.user_id').whereRef('pitch_team.pitch_id', '=', 'pitches.id').where('pitch_team.user_id', '=', viewer.id)),
        ]),
      )
      .where(pitchVisibleTo(viewer))
      .orderBy('pitches.id', 'desc')
      .limit(limit)
      .execute(),
    db
      .selectFrom('knowledge_pages')
      .select(['knowledge_pages.id', 'knowledge_pages.title'])
      .where('knowledge_pages.created_by', '=', viewer.id)
      .where(knowledgePageVisibleTo(viewer))
      .orderBy('knowledge_pages.id', 'desc')
      .limit(limit)
      .execute(),
  ]);
  return [...pitches.map((p) => ({ type: 'pitch' as const, id: p.id, title: p.title })), ...pages.map((p) => ({ type: 'knowledge-page' as const, id: p.id, title: p.title }))];
}

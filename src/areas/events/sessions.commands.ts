import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { DB, EventLinkType } from '../../db/schema.ts';
import { sessionLimits, type RoomInput, type SessionInput, type SettingsInput, type SlotTimes } from './sessions.forms.ts';
import { settingsFor } from './sessions.policy.ts';
import { fillFromVotes, leaderClashes, overlaps, type Clash } from './sessions.schedule.ts';

type Tx = Transaction<DB>;

/**
 * Writes about an event's sessions, schedule and what came of it; one transaction each. The
 * routes have checked who may do them; these check what must hold whoever asks (the event is on,
 * proposals are open, a cell is free), under the event's row lock where two requests could race,
 * and the database's constraints back them up.
 */

/** The event row, locked against other schedule and proposal changes for the rest of the transaction. */
async function lockedEvent(tx: Tx, eventId: number) {
  const event = await tx
    .selectFrom('events')
    .select(['id', 'kind', 'starts_at', 'ends_at', 'cancelled_at'])
    .where('id', '=', eventId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (!event) return undefined;
  const saved = await tx.selectFrom('event_session_settings').select(['enabled', 'proposals_open', 'vote_limit']).where('event_id', '=', eventId).executeTakeFirst();
  return { ...event, settings: settingsFor(event.kind, saved) };
}

type Refusal = 'not-found' | 'off' | 'cancelled' | 'over' | 'closed';

function refusal(event: Awaited<ReturnType<typeof lockedEvent>>, now: Date): Refusal | null {
  if (!event || !event.settings.enabled) return event ? 'off' : 'not-found';
  if (event.cancelled_at) return 'cancelled';
  if (event.ends_at.getTime() <= now.getTime()) return 'over';
  if (!event.settings.proposalsOpen) return 'closed';
  return null;
}

// ---- Settings ---------------------------------------------------------------------------------

export async function saveSessionSettings(db: Database, eventId: number, input: SettingsInput): Promise<void> {
  await db
    .insertInto('event_session_settings')
    .values({ event_id: eventId, enabled: input.enabled, proposals_open: input.proposalsOpen, vote_limit: input.voteLimit })
    .onConflict((oc) => oc.column('event_id').doUpdateSet({ enabled: input.enabled, proposals_open: input.proposalsOpen, vote_limit: input.voteLimit, updated_at: new Date() }))
    .execute();
}

// ---- Proposals --------------------------------------------------------------------------------

export type ProposeResult = { ok: true; id: number } | { ok: false; error: Refusal | 'event-full' | 'too-many' };

export async function proposeSession(db: Database, eventId: number, userId: number, input: SessionInput, now = new Date()): Promise<ProposeResult> {
  return db.transaction().execute(async (tx) => {
    const event = await lockedEvent(tx, eventId);
    const refused = refusal(event, now);
    if (refused) return { ok: false, error: refused } as const;
    const counts = await tx
      .selectFrom('event_sessions')
      .select([sql<number>`count(*)`.as('all'), sql<number>`count(*) filter (where proposed_by = ${userId} and status = 'proposed')`.as('mine')])
      .where('event_id', '=', eventId)
      .executeTakeFirstOrThrow();
    if (Number(counts.all) >= sessionLimits.perEvent) return { ok: false, error: 'event-full' } as const;
    if (Number(counts.mine) >= sessionLimits.perPerson) return { ok: false, error: 'too-many' } as const;
    const row = await tx
      .insertInto('event_sessions')
      .values({ event_id: eventId, title: input.title, description: input.description, leader: input.leader, format: input.format, proposed_by: userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { ok: true, id: row.id } as const;
  });
}

export async function updateSession(db: Database, eventId: number, sessionId: number, input: SessionInput): Promise<boolean> {
  const row = await db
    .updateTable('event_sessions')
    .set({ title: input.title, description: input.description, leader: input.leader, format: input.format, updated_at: new Date(), sequence: sql<number>`sequence + 1` })
    .where('id', '=', sessionId)
    .where('event_id', '=', eventId)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Takes a proposal away for good, with its votes and its place in the schedule. */
export async function withdrawSession(db: Database, eventId: number, sessionId: number): Promise<boolean> {
  const row = await db.deleteFrom('event_sessions').where('id', '=', sessionId).where('event_id', '=', eventId).returning('id').executeTakeFirst();
  return row !== undefined;
}

/** Declining gives the proposal's votes back to those who cast them and takes it out of the schedule. */
export async function declineSession(db: Database, eventId: number, sessionId: number, reason: string): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('event_sessions')
      .set({ status: 'declined', decline_reason: reason, updated_at: new Date(), sequence: sql<number>`sequence + 1` })
      .where('id', '=', sessionId)
      .where('event_id', '=', eventId)
      .where('status', '=', 'proposed')
      .returning('id')
      .executeTakeFirst();
    if (!row) return false;
    await tx.deleteFrom('event_session_votes').where('session_id', '=', sessionId).execute();
    await tx.deleteFrom('event_schedule').where('session_id', '=', sessionId).execute();
    return true;
  });
}

export async function reopenSession(db: Database, eventId: number, sessionId: number): Promise<boolean> {
  const row = await db
    .updateTable('event_sessions')
    .set({ status: 'proposed', decline_reason: '', updated_at: new Date() })
    .where('id', '=', sessionId)
    .where('event_id', '=', eventId)
    .where('status', '=', 'declined')
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export type MergeResult = { ok: true; moved: number } | { ok: false; error: 'not-found' | 'same' };

/**
 * Merges one proposal into another: its voters now vote for the other (once, if they voted for
 * both), and it leaves the list and the schedule, pointing at the one it joined.
 */
export async function mergeSessions(db: Database, eventId: number, sourceId: number, targetId: number): Promise<MergeResult> {
  if (sourceId === targetId) return { ok: false, error: 'same' };
  return db.transaction().execute(async (tx) => {
    // Both rows locked, lower id first, so two merges of the same pair cannot deadlock.
    const rows = await tx
      .selectFrom('event_sessions')
      .select(['id', 'status'])
      .where('id', 'in', [sourceId, targetId])
      .where('event_id', '=', eventId)
      .orderBy('id')
      .forUpdate()
      .execute();
    if (rows.length !== 2 || rows.some((row) => row.status !== 'proposed')) return { ok: false, error: 'not-found' } as const;
    const moved = await tx
      .insertInto('event_session_votes')
      .columns(['session_id', 'event_id', 'user_id', 'created_at'])
      .expression((eb) =>
        eb.selectFrom('event_session_votes').select([sql.lit(targetId).as('session_id'), 'event_id', 'user_id', 'created_at']).where('session_id', '=', sourceId),
      )
      .onConflict((oc) => oc.columns(['session_id', 'user_id']).doNothing())
      .executeTakeFirst();
    await tx.deleteFrom('event_session_votes').where('session_id', '=', sourceId).execute();
    await tx.deleteFrom('event_schedule').where('session_id', '=', sourceId).execute();
    await tx
      .updateTable('event_sessions')
      .set({ status: 'merged', merged_into: targetId, updated_at: new Date(), sequence: sql<number>`sequence + 1` })
      .where('id', '=', sourceId)
      .execute();
    await tx.updateTable('event_sessions').set({ updated_at: new Date() }).where('id', '=', targetId).execute();
    return { ok: true, moved: Number(moved.numInsertedOrUpdatedRows ?? 0) } as const;
  });
}

// ---- Votes ------------------------------------------------------------------------------------

export type VoteResult = { ok: true; used: number; limit: number | null } | { ok: false; error: Refusal | 'already' | 'limit' };

/**
 * One vote for a session. The primary key refuses a second vote by the same person, so votes sent
 * twice at once count once, and the trigger on the votes keeps the session's count equal to them.
 * The event's row is locked first (and then the session's), so two votes sent at once cannot both
 * take someone's last vote, nor land on a proposal being declined.
 */
export async function voteForSession(db: Database, eventId: number, sessionId: number, userId: number, now = new Date()): Promise<VoteResult> {
  return db.transaction().execute(async (tx) => {
    const event = await lockedEvent(tx, eventId);
    const refused = refusal(event, now);
    if (refused) return { ok: false, error: refused } as const;
    const session = await tx.selectFrom('event_sessions').select('status').where('id', '=', sessionId).where('event_id', '=', eventId).forUpdate().executeTakeFirst();
    if (!session || session.status !== 'proposed') return { ok: false, error: 'not-found' } as const;
    const used = async () =>
      Number(
        (await tx.selectFrom('event_session_votes').select(sql<number>`count(*)`.as('n')).where('event_id', '=', eventId).where('user_id', '=', userId).executeTakeFirstOrThrow()).n,
      );
    const limit = event!.settings.voteLimit;
    if (limit !== null && (await used()) >= limit) {
      const mine = await tx.selectFrom('event_session_votes').select('user_id').where('session_id', '=', sessionId).where('user_id', '=', userId).executeTakeFirst();
      return { ok: false, error: mine ? 'already' : 'limit' } as const;
    }
    const inserted = await tx
      .insertInto('event_session_votes')
      .values({ session_id: sessionId, event_id: eventId, user_id: userId })
      .onConflict((oc) => oc.columns(['session_id', 'user_id']).doNothing())
      .returning('user_id')
      .executeTakeFirst();
    if (!inserted) return { ok: false, error: 'already' } as const;
    return { ok: true, used: await used(), limit } as const;
  });
}

export type UnvoteResult = { ok: true } | { ok: false; error: Refusal | 'not-voted' };

export async function withdrawVote(db: Database, eventId: number, sessionId: number, userId: number, now = new Date()): Promise<UnvoteResult> {
  return db.transaction().execute(async (tx) => {
    const event = await lockedEvent(tx, eventId);
    const refused = refusal(event, now);
    if (refused) return { ok: false, error: refused } as const;
    const removed = await tx
      .deleteFrom('event_session_votes')
      .where('session_id', '=', sessionId)
      .where('event_id', '=', eventId)
      .where('user_id', '=', userId)
      .returning('user_id')
      .executeTakeFirst();
    return removed ? ({ ok: true } as const) : ({ ok: false, error: 'not-voted' } as const);
  });
}

// ---- Rooms and slots --------------------------------------------------------------------------

export type RoomResult = { ok: true; id: number } | { ok: false; error: 'not-found' | 'too-many' | 'name-taken' };

async function roomNameTaken(tx: Tx, eventId: number, name: string, except?: number): Promise<boolean> {
  let query = tx.selectFrom('event_rooms').select('id').where('event_id', '=', eventId).where(sql<boolean>`lower(name) = lower(${name})`);
  if (except !== undefined) query = query.where('id', '<>', except);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function addRoom(db: Database, eventId: number, input: RoomInput): Promise<RoomResult> {
  return db.transaction().execute(async (tx) => {
    if (!(await lockedEvent(tx, eventId))) return { ok: false, error: 'not-found' } as const;
    const count = await tx.selectFrom('event_rooms').select(sql<number>`count(*)`.as('n')).where('event_id', '=', eventId).executeTakeFirstOrThrow();
    if (Number(count.n) >= sessionLimits.rooms) return { ok: false, error: 'too-many' } as const;
    if (await roomNameTaken(tx, eventId, input.name)) return { ok: false, error: 'name-taken' } as const;
    const row = await tx.insertInto('event_rooms').values({ event_id: eventId, name: input.name, capacity: input.capacity }).returning('id').executeTakeFirstOrThrow();
    return { ok: true, id: row.id } as const;
  });
}

export async function updateRoom(db: Database, eventId: number, roomId: number, input: RoomInput): Promise<RoomResult> {
  return db.transaction().execute(async (tx) => {
    if (!(await lockedEvent(tx, eventId))) return { ok: false, error: 'not-found' } as const;
    if (await roomNameTaken(tx, eventId, input.name, roomId)) return { ok: false, error: 'name-taken' } as const;
    const row = await tx
      .updateTable('event_rooms')
      .set({ name: input.name, capacity: input.capacity })
      .where('id', '=', roomId)
      .where('event_id', '=', eventId)
      .returning('id')
      .executeTakeFirst();
    if (!row) return { ok: false, error: 'not-found' } as const;
    await bumpPlaced(tx, eventId, { roomId });
    return { ok: true, id: row.id } as const;
  });
}

/** Calendar apps pick up a change of room or time by the session's sequence. */
async function bumpPlaced(tx: Tx, eventId: number, where: { roomId?: number; slotId?: number }) {
  let placed = tx.selectFrom('event_schedule').select('session_id').where('event_id', '=', eventId);
  if (where.roomId !== undefined) placed = placed.where('room_id', '=', where.roomId);
  if (where.slotId !== undefined) placed = placed.where('slot_id', '=', where.slotId);
  await tx
    .updateTable('event_sessions')
    .set({ sequence: sql<number>`sequence + 1`, updated_at: new Date() })
    .where('id', 'in', placed)
    .execute();
}

/** Removes a room; the sessions in it go back to the unplaced. Returns how many there were. */
export async function removeRoom(db: Database, eventId: number, roomId: number): Promise<number | null> {
  return db.transaction().execute(async (tx) => {
    if (!(await lockedEvent(tx, eventId))) return null;
    await bumpPlaced(tx, eventId, { roomId });
    const unplaced = await tx.deleteFrom('event_schedule').where('event_id', '=', eventId).where('room_id', '=', roomId).returning('session_id').execute();
    const row = await tx.deleteFrom('event_rooms').where('id', '=', roomId).where('event_id', '=', eventId).returning('id').executeTakeFirst();
    return row ? unplaced.length : null;
  });
}

export type SlotsResult = { ok: true; added: number } | { ok: false; error: 'not-found' | 'too-many' | 'overlap' };

/** Adds time slots; none may overlap another, so "at the same time" always means "in the same slot". */
export async function addSlots(db: Database, eventId: number, slots: SlotTimes[]): Promise<SlotsResult> {
  return db.transaction().execute(async (tx) => {
    if (!(await lockedEvent(tx, eventId))) return { ok: false, error: 'not-found' } as const;
    const existing = await tx.selectFrom('event_slots').select(['starts_at as startsAt', 'ends_at as endsAt']).where('event_id', '=', eventId).execute();
    if (existing.length + slots.length > sessionLimits.slots) return { ok: false, error: 'too-many' } as const;
    const all = [...existing, ...slots];
    for (const [index, slot] of slots.entries()) {
      if (all.some((other, otherIndex) => otherIndex !== existing.length + index && overlaps(slot, other))) return { ok: false, error: 'overlap' } as const;
    }
    await tx
      .insertInto('event_slots')
      .values(slots.map((slot) => ({ event_id: eventId, starts_at: slot.startsAt, ends_at: slot.endsAt })))
      .execute();
    return { ok: true, added: slots.length } as const;
  });
}

export async function removeSlot(db: Database, eventId: number, slotId: number): Promise<number | null> {
  return db.transaction().execute(async (tx) => {
    if (!(await lockedEvent(tx, eventId))) return null;
    await bumpPlaced(tx, eventId, { slotId });
    const unplaced = await tx.deleteFrom('event_schedule').where('event_id', '=', eventId).where('slot_id', '=', slotId).returning('session_id').execute();
    const row = await tx.deleteFrom('event_slots').where('id', '=', slotId).where('event_id', '=', eventId).returning('id').executeTakeFirst();
    return row ? unplaced.length : null;
  });
}

// ---- The schedule -----------------------------------------------------------------------------

async function placements(tx: Tx, eventId: number) {
  return tx
    .selectFrom('event_schedule as p')
    .innerJoin('event_sessions as s', 's.id', 'p.session_id')
    .select(['p.session_id as sessionId', 'p.room_id as roomId', 'p.slot_id as slotId', 's.leader'])
    .where('p.event_id', '=', eventId)
    .execute();
}

export type PlaceResult = { ok: true; clashes: Clash[] } | { ok: false; error: 'not-found' | 'cell-taken' };

/**
 * Puts a session in a room at a time (or, with `cell` null, takes it out of the schedule). A cell
 * already holding another session is refused; the session's old place is freed.
 */
export async function placeSession(db: Database, eventId: number, sessionId: number, cell: { roomId: number; slotId: number } | null): Promise<PlaceResult> {
  return db.transaction().execute(async (tx) => {
    if (!(await lockedEvent(tx, eventId))) return { ok: false, error: 'not-found' } as const;
    const session = await tx.selectFrom('event_sessions').select('status').where('id', '=', sessionId).where('event_id', '=', eventId).executeTakeFirst();
    if (!session || session.status !== 'proposed') return { ok: false, error: 'not-found' } as const;
    if (cell) {
      const [room, slot] = await Promise.all([
        tx.selectFrom('event_rooms').select('id').where('id', '=', cell.roomId).where('event_id', '=', eventId).executeTakeFirst(),
        tx.selectFrom('event_slots').select('id').where('id', '=', cell.slotId).where('event_id', '=', eventId).executeTakeFirst(),
      ]);
      if (!room || !slot) return { ok: false, error: 'not-found' } as const;
      const occupant = await tx
        .selectFrom('event_schedule')
        .select('session_id')
        .where('event_id', '=', eventId)
        .where('room_id', '=', cell.roomId)
        .where('slot_id', '=', cell.slotId)
        .executeTakeFirst();
      if (occupant && occupant.session_id !== sessionId) return { ok: false, error: 'cell-taken' } as const;
    }
    await tx.deleteFrom('event_schedule').where('session_id', '=', sessionId).execute();
    if (cell) await tx.insertInto('event_schedule').values({ event_id: eventId, session_id: sessionId, room_id: cell.roomId, slot_id: cell.slotId }).execute();
    await tx.updateTable('event_sessions').set({ sequence: sql<number>`sequence + 1`, updated_at: new Date() }).where('id', '=', sessionId).execute();
    const clashes = leaderClashes(await placements(tx, eventId)).filter((clash) => clash.sessionIds.includes(sessionId));
    return { ok: true, clashes } as const;
  });
}

/** "Fill from votes" (sessions.schedule.ts): returns how many sessions were placed. */
export async function fillScheduleFromVotes(db: Database, eventId: number): Promise<number | null> {
  return db.transaction().execute(async (tx) => {
    if (!(await lockedEvent(tx, eventId))) return null;
    const [rooms, slots, placed, candidates] = await Promise.all([
      tx.selectFrom('event_rooms').select(['id', 'capacity']).where('event_id', '=', eventId).execute(),
      tx.selectFrom('event_slots').select(['id', 'starts_at as startsAt']).where('event_id', '=', eventId).execute(),
      placements(tx, eventId),
      tx
        .selectFrom('event_sessions')
        .select(['id', 'vote_count as votes', 'created_at as createdAt', 'leader'])
        .where('event_id', '=', eventId)
        .where('status', '=', 'proposed')
        .where((eb) => eb.not(eb.exists(eb.selectFrom('event_schedule').select('session_id').whereRef('event_schedule.session_id', '=', 'event_sessions.id'))))
        .execute(),
    ]);
    const added = fillFromVotes({ rooms, slots, placed, candidates });
    if (added.length === 0) return 0;
    await tx
      .insertInto('event_schedule')
      .values(added.map((p) => ({ event_id: eventId, session_id: p.sessionId, room_id: p.roomId, slot_id: p.slotId })))
      .execute();
    await tx
      .updateTable('event_sessions')
      .set({ sequence: sql<number>`sequence + 1`, updated_at: new Date() })
      .where(
        'id',
        'in',
        added.map((p) => p.sessionId),
      )
      .execute();
    return added.length;
  });
}

export async function clearSchedule(db: Database, eventId: number): Promise<number | null> {
  return db.transaction().execute(async (tx) => {
    if (!(await lockedEvent(tx, eventId))) return null;
    await bumpPlaced(tx, eventId, {});
    const removed = await tx.deleteFrom('event_schedule').where('event_id', '=', eventId).returning('session_id').execute();
    return removed.length;
  });
}

// ---- Notes and outcomes -----------------------------------------------------------------------

/**
 * Makes a knowledge page the session's notes and links it to the event. Returns false when the
 * session already has notes (someone else started them a moment before): the page stays linked
 * to the event, as something that came of it.
 */
export async function linkNotes(db: Database, eventId: number, sessionId: number, pageId: number, userId: number): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('event_sessions')
      .set({ notes_page_id: pageId, updated_at: new Date() })
      .where('id', '=', sessionId)
      .where('event_id', '=', eventId)
      .where('notes_page_id', 'is', null)
      .returning('id')
      .executeTakeFirst();
    await tx
      .insertInto('event_links')
      .values({ event_id: eventId, subject_type: 'knowledge-page', subject_id: pageId, linked_by: userId })
      .onConflict((oc) => oc.columns(['event_id', 'subject_type', 'subject_id']).doNothing())
      .execute();
    return row !== undefined;
  });
}

export type OutcomeResult = { ok: true } | { ok: false; error: 'not-found' | 'too-many' };

export async function addOutcome(db: Database, eventId: number, sessionId: number, userId: number, body: string): Promise<OutcomeResult> {
  return db.transaction().execute(async (tx) => {
    const session = await tx.selectFrom('event_sessions').select('id').where('id', '=', sessionId).where('event_id', '=', eventId).forUpdate().executeTakeFirst();
    if (!session) return { ok: false, error: 'not-found' } as const;
    const count = await tx.selectFrom('event_session_outcomes').select(sql<number>`count(*)`.as('n')).where('session_id', '=', sessionId).executeTakeFirstOrThrow();
    if (Number(count.n) >= sessionLimits.outcomes) return { ok: false, error: 'too-many' } as const;
    await tx.insertInto('event_session_outcomes').values({ session_id: sessionId, body, added_by: userId }).execute();
    return { ok: true } as const;
  });
}

/** `by` null: a host, who may remove anyone's. */
export async function removeOutcome(db: Database, sessionId: number, outcomeId: number, by: number | null): Promise<boolean> {
  let query = db.deleteFrom('event_session_outcomes').where('id', '=', outcomeId).where('session_id', '=', sessionId);
  if (by !== null) query = query.where('added_by', '=', by);
  return (await query.returning('id').executeTakeFirst()) !== undefined;
}

// ---- What came of it --------------------------------------------------------------------------

export type LinkResult = { ok: true; added: boolean } | { ok: false; error: 'too-many' };

export async function linkToEvent(db: Database, eventId: number, type: EventLinkType, subjectId: number, userId: number): Promise<LinkResult> {
  return db.transaction().execute(async (tx) => {
    await tx.selectFrom('events').select('id').where('id', '=', eventId).forNoKeyUpdate().executeTakeFirst();
    const count = await tx.selectFrom('event_links').select(sql<number>`count(*)`.as('n')).where('event_id', '=', eventId).executeTakeFirstOrThrow();
    if (Number(count.n) >= sessionLimits.links) return { ok: false, error: 'too-many' } as const;
    const row = await tx
      .insertInto('event_links')
      .values({ event_id: eventId, subject_type: type, subject_id: subjectId, linked_by: userId })
      .onConflict((oc) => oc.columns(['event_id', 'subject_type', 'subject_id']).doNothing())
      .returning('subject_id')
      .executeTakeFirst();
    return { ok: true, added: row !== undefined } as const;
  });
}

/** `by` null: a host, who may remove anyone's link. */
export async function unlinkFromEvent(db: Database, eventId: number, type: EventLinkType, subjectId: number, by: number | null): Promise<boolean> {
  let query = db.deleteFrom('event_links').where('event_id', '=', eventId).where('subject_type', '=', type).where('subject_id', '=', subjectId);
  if (by !== null) query = query.where('linked_by', '=', by);
  return (await query.returning('subject_id').executeTakeFirst()) !== undefined;
}

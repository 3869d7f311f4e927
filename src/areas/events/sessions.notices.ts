import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { SessionNoticeState } from '../../db/schema.ts';
import { t, type MessageKey } from '../../i18n/i18n.ts';
import { notify } from '../notifications/index.ts';
import { timeZoneLabel } from './events.text.ts';
import { formatRange } from './events.time.ts';

/**
 * Telling people what the hosts decided about sessions: whoever proposed a session hears when it
 * is put in the schedule (where and when), moved, taken out again, left without a place because
 * every room is taken at every time, declined (with the hosts' reason) or joined with another;
 * whoever voted for it hears when it is put in the schedule, moved or taken out.
 *
 * The hosts often move things about while they build a schedule, so nobody is told at once: each
 * change marks the event (`scheduleChanged`), and a few minutes after the last change the
 * differences from what each session's people were last told are sent (`tellSessionDecisions`,
 * run every minute). A session moved five times is one message; one moved away and back again is
 * none.
 *
 * The notifications are about the event, so `notify` asks the event's own rule (eventVisibleTo,
 * and so the groups area's rule for a group's event) whether each recipient may still see it,
 * and asks again when they are shown or emailed: a member who has left a closed group is not
 * told about its event's sessions, however they voted before.
 */

/** How long after the hosts' last change their decisions are sent. */
export const noticeDelayMs = 3 * 60_000;

/** Marks the event's sessions as changed by `by`: their people are told once the hosts stop changing things. */
export async function scheduleChanged(db: Database, eventId: number, by: number | null, now = new Date()): Promise<void> {
  const due = new Date(now.getTime() + noticeDelayMs);
  await db
    .insertInto('event_schedule_changes')
    .values({ event_id: eventId, due_at: due, changed_by: by })
    .onConflict((oc) => oc.column('event_id').doUpdateSet({ due_at: due, changed_by: by }))
    .execute();
}

interface Told {
  state: SessionNoticeState;
  room: string;
  startsAt: Date | null;
  endsAt: Date | null;
}

type Change = 'scheduled' | 'moved' | 'unscheduled' | 'left-out' | 'declined' | 'merged';

/** What to tell, going from what was told to how the session is now; null when nothing new. */
export function changeBetween(before: Told | undefined, now: Told): Change | null {
  const was = before?.state ?? 'unplaced';
  switch (now.state) {
    case 'placed':
      if (was !== 'placed') return 'scheduled';
      return before!.room !== now.room || before!.startsAt?.getTime() !== now.startsAt?.getTime() || before!.endsAt?.getTime() !== now.endsAt?.getTime()
        ? 'moved'
        : null;
    case 'unplaced':
      return was === 'placed' ? 'unscheduled' : null;
    case 'left-out':
      return was === 'placed' ? 'unscheduled' : was === 'left-out' ? null : 'left-out';
    case 'declined':
      return was === 'declined' ? null : 'declined';
    case 'merged':
      return was === 'merged' ? null : 'merged';
  }
}

/** Who hears of each change: the proposer always, voters only of changes of place. */
const votersHear: ReadonlySet<Change> = new Set(['scheduled', 'moved', 'unscheduled']);

const proposerText: Record<Change, MessageKey> = {
  scheduled: 'sessions.notify.scheduled',
  moved: 'sessions.notify.moved',
  unscheduled: 'sessions.notify.unscheduled',
  'left-out': 'sessions.notify.leftOut',
  declined: 'sessions.notify.declined',
  merged: 'sessions.notify.merged',
};

const voterText: Partial<Record<Change, MessageKey>> = {
  scheduled: 'sessions.notify.voted.scheduled',
  moved: 'sessions.notify.voted.moved',
  unscheduled: 'sessions.notify.voted.unscheduled',
};

/**
 * Sends the decisions of every event whose hosts last changed something before `now` minus the
 * delay. Returns how many sessions' people were told something. Each event is claimed by deleting
 * its mark, so two runs at once never tell the same change twice; an event whose telling failed
 * is marked again, to be tried on a later run.
 */
export async function tellSessionDecisions(app: FastifyInstance, now = new Date()): Promise<number> {
  const due = await app.db.deleteFrom('event_schedule_changes').where('due_at', '<=', now).returning(['event_id', 'changed_by']).execute();
  let told = 0;
  for (const mark of due) {
    try {
      told += await tellEvent(app, mark.event_id, mark.changed_by);
    } catch (error) {
      app.log.error({ err: error, eventId: mark.event_id }, 'Telling people about session decisions failed');
      await scheduleChanged(app.db, mark.event_id, mark.changed_by, now).catch(() => undefined);
    }
  }
  return told;
}

async function tellEvent(app: FastifyInstance, eventId: number, actorId: number | null): Promise<number> {
  const db = app.db;
  const event = await db.selectFrom('events').select(['id', 'slug', 'title', 'time_zone', 'cancelled_at']).where('id', '=', eventId).executeTakeFirst();
  // A cancelled event's people have had the cancellation email: its sessions are not news.
  if (!event || event.cancelled_at) return 0;
  const sessions = await db
    .selectFrom('event_sessions as s')
    .leftJoin('event_schedule as p', 'p.session_id', 's.id')
    .leftJoin('event_rooms as r', 'r.id', 'p.room_id')
    .leftJoin('event_slots as sl', 'sl.id', 'p.slot_id')
    .leftJoin('event_sessions as into', 'into.id', 's.merged_into')
    .select(['s.id', 's.title', 's.status', 's.proposed_by', 's.decline_reason', 'into.title as into_title', 'r.name as room', 'sl.starts_at', 'sl.ends_at'])
    .where('s.event_id', '=', eventId)
    .orderBy('s.id')
    .execute();
  if (sessions.length === 0) return 0;
  const [rooms, slots] = await Promise.all([
    db.selectFrom('event_rooms').select(sql<number>`count(*)`.as('n')).where('event_id', '=', eventId).executeTakeFirstOrThrow(),
    db.selectFrom('event_slots').select(sql<number>`count(*)`.as('n')).where('event_id', '=', eventId).executeTakeFirstOrThrow(),
  ]);
  const placedCount = sessions.filter((s) => s.status === 'proposed' && s.room !== null).length;
  // Every room taken at every time: a proposal without a place has none to go to.
  const full = placedCount > 0 && placedCount >= Number(rooms.n) * Number(slots.n);
  const toldRows = await db
    .selectFrom('event_session_notices')
    .select(['session_id', 'state', 'room', 'starts_at', 'ends_at'])
    .where(
      'session_id',
      'in',
      sessions.map((s) => s.id),
    )
    .execute();
  const before = new Map<number, Told>(toldRows.map((row) => [row.session_id, { state: row.state, room: row.room, startsAt: row.starts_at, endsAt: row.ends_at }]));
  const url = (id: number) => `/events/${event.slug}/sessions/${id}`;
  let count = 0;
  for (const session of sessions) {
    const now: Told =
      session.status === 'declined'
        ? { state: 'declined', room: '', startsAt: null, endsAt: null }
        : session.status === 'merged'
          ? { state: 'merged', room: '', startsAt: null, endsAt: null }
          : session.room !== null && session.starts_at && session.ends_at
            ? { state: 'placed', room: session.room, startsAt: session.starts_at, endsAt: session.ends_at }
            : { state: full ? 'left-out' : 'unplaced', room: '', startsAt: null, endsAt: null };
    const change = changeBetween(before.get(session.id), now);
    if (change === null) continue;
    // What they are told is remembered first: a failed notification is not sent again and again.
    await db
      .insertInto('event_session_notices')
      .values({ session_id: session.id, state: now.state, room: now.room, starts_at: now.startsAt, ends_at: now.endsAt, told_at: new Date() })
      .onConflict((oc) => oc.column('session_id').doUpdateSet({ state: now.state, room: now.room, starts_at: now.startsAt, ends_at: now.endsAt, told_at: new Date() }))
      .execute();
    const params = {
      session: session.title,
      event: event.title,
      room: now.room,
      time: now.startsAt && now.endsAt ? `${formatRange(now.startsAt, now.endsAt, event.time_zone)} (${timeZoneLabel(event.time_zone)})` : '',
      reason: session.decline_reason || t('sessions.notify.noReason'),
      into: session.into_title ?? '',
    };
    const subject = { type: 'event', id: event.id };
    if (session.proposed_by !== null) {
      await notify(app, { recipients: [session.proposed_by], kind: 'event', actorId, subject, text: t(proposerText[change], params), url: url(session.id) });
    }
    const voterKey = voterText[change];
    if (votersHear.has(change) && voterKey) {
      const voters = await db.selectFrom('event_session_votes').select('user_id').where('session_id', '=', session.id).execute();
      const recipients = voters.map((v) => v.user_id).filter((id) => id !== session.proposed_by);
      if (recipients.length > 0) await notify(app, { recipients, kind: 'event', actorId, subject, text: t(voterKey, params), url: url(session.id) });
    }
    count++;
  }
  return count;
}

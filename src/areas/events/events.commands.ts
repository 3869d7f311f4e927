import crypto from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { t } from '../../i18n/i18n.ts';
import type { Mailer } from '../../mail/mailer.ts';
import type { Viewer } from '../../web/context.ts';
import { firstFreeSlug, slugify } from '../../web/slugs.ts';
import { eventEmail, type EmailEvent, type EventEmailKind, type MailContext } from './events.emails.ts';
import type { EventInput } from './events.forms.ts';
import { eventHostedBy, eventVisibleTo, viewerFromUserRow } from './events.policy.ts';

type Tx = Transaction<DB>;

/** Mail goes out through the mailer's outbox, in the same transaction as what caused it. */
export interface Mail {
  mailer: Mailer;
  context: MailContext;
}

// Addresses of pages under /events that an event's slug must never take.
const reservedSlugs = ['new', 'calendar'];

async function freeSlug(tx: Tx, title: string): Promise<string> {
  const base = slugify(title, { maxLength: 80, fallback: 'event' });
  const taken = await tx
    .selectFrom('events')
    .select('slug')
    .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
    .execute();
  return firstFreeSlug(
    base,
    taken.map((row) => row.slug),
    reservedSlugs,
  );
}

function columns(input: EventInput) {
  return {
    kind: input.kind,
    title: input.title,
    summary: input.summary,
    description: input.description,
    tags: input.tags,
    attendance: input.attendance,
    online_url: input.onlineUrl,
    venue: input.venue,
    address: input.address,
    access: input.access,
    place: input.place,
    local_authority: input.localAuthority,
    starts_at: input.startsAt,
    ends_at: input.endsAt,
    time_zone: input.timeZone,
    capacity: input.capacity,
    attendee_list: input.attendeeList,
  };
}

export type CreateResult = { ok: true; id: number; slug: string } | { ok: false; error: 'host-not-allowed' };

/**
 * Makes an event hosted by its creator, one of their organisations or one of their groups (as
 * `host` says: 'member', 'organisation:<id>' or 'group:<id>'; they must be an active member).
 */
export async function createEvent(db: Database, creator: Viewer, input: EventInput): Promise<CreateResult> {
  return db.transaction().execute(async (tx) => {
    const host = await resolveHost(tx, creator.id, input.host);
    if (!host) return { ok: false, error: 'host-not-allowed' } as const;
    const slug = await freeSlug(tx, input.title);
    const row = await tx
      .insertInto('events')
      .values({ ...columns(input), slug, created_by: creator.id, organisation_id: host.organisationId, group_id: host.groupId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('activities')
      .values({ verb: 'event-scheduled', actor_id: creator.id, subject_type: 'event', subject_id: row.id, summary: t('events.activity.scheduled') })
      .execute();
    return { ok: true, id: row.id, slug } as const;
  });
}

async function resolveHost(tx: Tx, userId: number, host: string): Promise<{ organisationId: number | null; groupId: number | null } | null> {
  if (host === 'member' || host === '') return { organisationId: null, groupId: null };
  const match = /^(organisation|group):(\d{1,15})$/.exec(host);
  if (!match) return null;
  const id = Number(match[2]);
  if (match[1] === 'organisation') {
    const row = await tx
      .selectFrom('organisation_members')
      .select('organisation_id')
      .where('organisation_id', '=', id)
      .where('user_id', '=', userId)
      .where('status', '=', 'active')
      .executeTakeFirst();
    return row ? { organisationId: id, groupId: null } : null;
  }
  const row = await tx.selectFrom('group_members').select('group_id').where('group_id', '=', id).where('user_id', '=', userId).where('status', '=', 'active').executeTakeFirst();
  return row ? { organisationId: null, groupId: id } : null;
}

/** The event row, locked for the rest of the transaction, so places are counted once at a time. */
async function lockedEvent(tx: Tx, eventId: number) {
  return tx.selectFrom('events').selectAll().where('id', '=', eventId).forUpdate().executeTakeFirst();
}

type EventRow = NonNullable<Awaited<ReturnType<typeof lockedEvent>>>;

function emailEvent(row: EventRow): EmailEvent {
  return {
    slug: row.slug,
    title: row.title,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    timeZone: row.time_zone,
    attendance: row.attendance,
    venue: row.venue,
    address: row.address,
    access: row.access,
    onlineUrl: row.online_url,
  };
}

async function goingCount(tx: Tx, eventId: number): Promise<number> {
  const row = await tx
    .selectFrom('event_attendees')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('event_id', '=', eventId)
    .where('status', '=', 'going')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Whether this member may still see the event: the same rule as every page. */
async function maySee(tx: Tx, viewer: Viewer, eventId: number): Promise<boolean> {
  const row = await tx.selectFrom('events').select('events.id').where('events.id', '=', eventId).where(eventVisibleTo(viewer)).executeTakeFirst();
  return row !== undefined;
}

interface Recipient {
  id: number;
  email: string;
  name: string;
  status: 'going' | 'waiting';
  verified: boolean;
  viewer: Viewer;
}

/** People on the event's lists who are active members, with what the rule needs to judge them. */
async function listed(tx: Tx, eventId: number, statuses: ('going' | 'waiting')[]): Promise<Recipient[]> {
  const rows = await tx
    .selectFrom('event_attendees as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['u.id', 'u.email', 'u.handle', 'u.display_name', 'u.role', 'u.email_verified_at', 'a.status'])
    .where('a.event_id', '=', eventId)
    .where('a.status', 'in', statuses)
    .where('u.status', '=', 'active')
    .orderBy('a.joined_at')
    .orderBy('a.user_id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    name: row.display_name,
    status: row.status,
    verified: row.email_verified_at !== null,
    viewer: viewerFromUserRow(row),
  }));
}

/**
 * Emails people on the event's lists, but only those who may still see the event (someone who
 * left its group hears nothing more of it) and whose address is confirmed.
 */
async function emailListed(tx: Tx, mail: Mail, row: EventRow, kind: EventEmailKind, recipients: Recipient[], reason?: string): Promise<number> {
  let sent = 0;
  for (const recipient of recipients) {
    if (!recipient.verified || !(await maySee(tx, recipient.viewer, row.id))) continue;
    const email = eventEmail(kind, recipient, emailEvent(row), mail.context, { going: recipient.status === 'going', ...(reason ? { reason } : {}) });
    await mail.mailer.queue(email, tx);
    sent++;
  }
  return sent;
}

/**
 * Gives free places to the waiting list, first come first served, and emails each person who gets
 * one; all in the caller's transaction. Someone who may no longer see the event is passed over.
 */
async function promoteWaiting(tx: Tx, mail: Mail, row: EventRow): Promise<number[]> {
  // Nobody is given a place at an event that is off or already over.
  if (row.cancelled_at || row.ends_at.getTime() <= Date.now()) return [];
  let free = row.capacity === null ? Infinity : row.capacity - (await goingCount(tx, row.id));
  if (free <= 0) return [];
  const promoted: number[] = [];
  for (const candidate of await listed(tx, row.id, ['waiting'])) {
    if (free <= 0) break;
    if (!(await maySee(tx, candidate.viewer, row.id))) continue;
    await tx
      .updateTable('event_attendees')
      .set({ status: 'going', promoted_at: new Date() })
      .where('event_id', '=', row.id)
      .where('user_id', '=', candidate.id)
      .execute();
    promoted.push(candidate.id);
    free--;
    if (candidate.verified) await mail.mailer.queue(eventEmail('promoted', candidate, emailEvent(row), mail.context, { going: true }), tx);
  }
  return promoted;
}

export type UpdateResult = { ok: true; promoted: number; told: number } | { ok: false; error: 'not-found' | 'cancelled' };

/**
 * Saves a host's changes. When the time or place changes, everyone on the lists is told (and a
 * new reminder will go if the start moved); when places are added, the waiting list moves up.
 */
export async function updateEvent(db: Database, mail: Mail, eventId: number, input: EventInput): Promise<UpdateResult> {
  return db.transaction().execute(async (tx) => {
    const before = await lockedEvent(tx, eventId);
    if (!before) return { ok: false, error: 'not-found' } as const;
    if (before.cancelled_at) return { ok: false, error: 'cancelled' } as const;
    const values = columns(input);
    const startMoved = before.starts_at.getTime() !== input.startsAt.getTime();
    const changed =
      startMoved ||
      before.ends_at.getTime() !== input.endsAt.getTime() ||
      before.time_zone !== input.timeZone ||
      before.attendance !== input.attendance ||
      before.venue !== input.venue ||
      before.address !== input.address ||
      before.online_url !== input.onlineUrl;
    const after = await tx
      .updateTable('events')
      .set({
        ...values,
        updated_at: new Date(),
        sequence: sql<number>`sequence + 1`,
        ...(startMoved ? { reminded_at: null } : {}),
      })
      .where('id', '=', eventId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const promoted = await promoteWaiting(tx, mail, after);
    const told = changed
      ? await emailListed(
          tx,
          mail,
          after,
          'changed',
          (await listed(tx, eventId, ['going', 'waiting'])).filter((r) => !promoted.includes(r.id)),
        )
      : 0;
    return { ok: true, promoted: promoted.length, told } as const;
  });
}

export type CancelResult = { ok: true; told: number } | { ok: false; error: 'not-found' | 'already-cancelled' };

/** Cancels an event for good and emails everyone going or waiting, with the hosts' message. */
export async function cancelEvent(db: Database, mail: Mail, eventId: number, actorId: number, reason: string): Promise<CancelResult> {
  return db.transaction().execute(async (tx) => {
    const before = await lockedEvent(tx, eventId);
    if (!before) return { ok: false, error: 'not-found' } as const;
    if (before.cancelled_at) return { ok: false, error: 'already-cancelled' } as const;
    const after = await tx
      .updateTable('events')
      .set({ cancelled_at: new Date(), cancel_reason: reason, updated_at: new Date(), sequence: sql<number>`sequence + 1` })
      .where('id', '=', eventId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('activities')
      .values({ verb: 'event-cancelled', actor_id: actorId, subject_type: 'event', subject_id: eventId, summary: t('events.activity.cancelled') })
      .execute();
    const told = await emailListed(tx, mail, after, 'cancelled', await listed(tx, eventId, ['going', 'waiting']), reason);
    return { ok: true, told } as const;
  });
}

export type AttendResult =
  | { ok: true; status: 'going' | 'waiting'; position: number }
  | { ok: false; error: 'not-found' | 'cancelled' | 'over' | 'already-going' | 'already-waiting' };

/**
 * Puts the member on the event: going while there are places, otherwise at the end of the
 * waiting list. The event row is locked, so two people cannot both take the last place.
 */
export async function attendEvent(db: Database, eventId: number, userId: number, now = new Date()): Promise<AttendResult> {
  return db.transaction().execute(async (tx) => {
    const row = await lockedEvent(tx, eventId);
    if (!row) return { ok: false, error: 'not-found' } as const;
    if (row.cancelled_at) return { ok: false, error: 'cancelled' } as const;
    if (row.ends_at.getTime() <= now.getTime()) return { ok: false, error: 'over' } as const;
    const existing = await tx.selectFrom('event_attendees').select('status').where('event_id', '=', eventId).where('user_id', '=', userId).executeTakeFirst();
    if (existing) return { ok: false, error: existing.status === 'going' ? 'already-going' : 'already-waiting' } as const;
    const going = await goingCount(tx, eventId);
    const waitingCount = async () =>
      Number(
        (await tx.selectFrom('event_attendees').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', eventId).where('status', '=', 'waiting').executeTakeFirst())?.n ?? 0,
      );
    // A place that frees up goes to the waiting list at once (promoteWaiting), so a free place
    // here jumps nobody's turn.
    const status = row.capacity === null || going < row.capacity ? 'going' : 'waiting';
    await tx.insertInto('event_attendees').values({ event_id: eventId, user_id: userId, status, joined_at: now }).execute();
    return { ok: true, status, position: status === 'waiting' ? await waitingCount() : going + 1 } as const;
  });
}

export type WithdrawResult = { ok: true; was: 'going' | 'waiting'; promoted: number } | { ok: false; error: 'not-found' | 'not-listed' };

/** Takes the member off the event; a place they free goes to the waiting list at once. */
export async function withdrawFromEvent(db: Database, mail: Mail, eventId: number, userId: number): Promise<WithdrawResult> {
  return db.transaction().execute(async (tx) => {
    const row = await lockedEvent(tx, eventId);
    if (!row) return { ok: false, error: 'not-found' } as const;
    const removed = await tx.deleteFrom('event_attendees').where('event_id', '=', eventId).where('user_id', '=', userId).returning('status').executeTakeFirst();
    if (!removed) return { ok: false, error: 'not-listed' } as const;
    const promoted = removed.status === 'going' ? await promoteWaiting(tx, mail, row) : [];
    return { ok: true, was: removed.status, promoted: promoted.length } as const;
  });
}

/**
 * The day-before reminders: everyone going to an event that starts within 24 hours of `now` is
 * emailed once per event. Each event is claimed in its own transaction, so two workers (or two
 * runs) never send the same reminder twice. Returns how many emails were queued.
 */
export async function sendEventReminders(db: Database, mail: Mail, now = new Date()): Promise<number> {
  const due = await db
    .selectFrom('events')
    .select('id')
    .where('cancelled_at', 'is', null)
    .where('reminded_at', 'is', null)
    .where('starts_at', '>', now)
    .where('starts_at', '<=', new Date(now.getTime() + 24 * 3600 * 1000))
    .orderBy('starts_at')
    .limit(1000)
    .execute();
  let sent = 0;
  for (const { id } of due) {
    sent += await db.transaction().execute(async (tx) => {
      const claimed = await tx
        .updateTable('events')
        .set({ reminded_at: now })
        .where('id', '=', id)
        .where('reminded_at', 'is', null)
        .where('cancelled_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      if (!claimed) return 0;
      return emailListed(tx, mail, claimed, 'reminder', await listed(tx, id, ['going']));
    });
  }
  return sent;
}

/** A new secret address for the member's own calendar; the old one stops working. */
export async function renewCalendarToken(db: Database, userId: number): Promise<string> {
  const token = crypto.randomBytes(24).toString('base64url');
  await db
    .insertInto('calendar_tokens')
    .values({ user_id: userId, token })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ token, created_at: new Date() }))
    .execute();
  return token;
}

/** Whether the member hosts the event and may still see it (for the routes' checks). */
export async function hostsEvent(db: Database, viewer: Viewer, eventId: number): Promise<boolean> {
  const row = await db
    .selectFrom('events')
    .select('events.id')
    .where('events.id', '=', eventId)
    .where(eventVisibleTo(viewer))
    .where(eventHostedBy(viewer))
    .executeTakeFirst();
  return row !== undefined;
}

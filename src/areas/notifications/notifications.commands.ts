import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database.ts';
import type { Insertable } from 'kysely';
import type { NotificationsTable } from '../../db/schema.ts';
import { digestEmail, immediateEmail, type DigestGroup } from './notifications.emails.ts';
import {
  defaultDelivery,
  isNotificationKind,
  notificationKinds,
  perSubjectKinds,
  textMax,
  type Delivery,
  type DigestPeriod,
  type NotificationKind,
} from './notifications.model.ts';
import { mayBeEmailed, recipientsWhoMaySee, viewerFromUser } from './notifications.policy.ts';
import { preferencesOf } from './notifications.queries.ts';
import type { UnsubscribeScope } from './notifications.unsubscribe.ts';

const insertBatch = 500;

export interface NewNotification {
  recipients: number[];
  kind: NotificationKind;
  actorId: number | null;
  subject: { type: string; id: number };
  text: string;
  url: string;
  /**
   * Each recipient's own choice for this subject (members of a group choose per group), used
   * instead of their choice for the kind; except that a kind whose emails they turned off stays
   * off. Recipients not in the map follow their choice for the kind.
   */
  deliveries?: ReadonlyMap<number, Delivery>;
}

/** Only paths on this hub: a notification link never leads anywhere else. */
export function isLocalPath(url: string): boolean {
  return url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\') && !/[\r\n]/.test(url);
}

/**
 * Stores a notification for every recipient who may see its subject, and emails those who want it
 * at once. The actor, suspended members and anyone the subject is hidden from get nothing at all,
 * not even an unread count. Blocking (later) belongs in the recipient query here.
 */
export async function notify(app: FastifyInstance, n: NewNotification): Promise<void> {
  if (!isNotificationKind(n.kind)) throw new Error(`Unknown notification kind "${String(n.kind)}".`);
  if (!isLocalPath(n.url)) throw new Error(`A notification links to a path on this hub, not "${n.url}".`);
  const text = n.text.trim().slice(0, textMax);
  const ids = [...new Set(n.recipients)].filter((id) => Number.isSafeInteger(id) && id > 0 && id !== n.actorId);
  if (ids.length === 0 || text === '') return;

  const users = await app.db
    .selectFrom('users')
    .leftJoin('notification_preferences as p', (join) => join.onRef('p.user_id', '=', 'users.id').on('p.kind', '=', n.kind))
    .select(['users.id', 'users.handle', 'users.display_name', 'users.role', 'users.email', 'users.email_verified_at', 'p.delivery'])
    .where('users.id', 'in', ids)
    .where('users.status', '=', 'active')
    .execute();
  const recipients = await recipientsWhoMaySee(app, app.db, users, n.subject);
  if (recipients.length === 0) return;

  const now = new Date();
  const deliveryOf = (r: { id: number; delivery: Delivery | null }): Delivery => {
    const forKind = r.delivery ?? defaultDelivery[n.kind];
    if (forKind === 'off') return 'off';
    return n.deliveries?.get(r.id) ?? forKind;
  };
  const emailNow = recipients.filter((r) => deliveryOf(r) === 'immediately' && mayBeEmailed(r));
  const emailed = new Set(emailNow.map((r) => r.id));
  const rows: Insertable<NotificationsTable>[] = recipients.map((r) => ({
    user_id: r.id,
    kind: n.kind,
    actor_id: n.actorId,
    subject_type: n.subject.type,
    subject_id: n.subject.id,
    text,
    url: n.url,
    delivery: deliveryOf(r),
    emailed_at: emailed.has(r.id) ? now : null,
  }));
  for (let start = 0; start < rows.length; start += insertBatch) {
    await app.db.insertInto('notifications').values(rows.slice(start, start + insertBatch)).execute();
  }
  for (const recipient of emailNow) {
    await app.mailer.queue(await immediateEmail(app, recipient, { kind: n.kind, text, url: n.url }));
  }
}

export async function markAllRead(db: Database, userId: number): Promise<{ ok: true; marked: number }> {
  const result = await db
    .updateTable('notifications')
    .set({ read_at: new Date() })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return { ok: true, marked: Number(result.numUpdatedRows) };
}

export async function markRead(db: Database, userId: number, id: number): Promise<void> {
  await db
    .updateTable('notifications')
    .set({ read_at: new Date() })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .execute();
}

/**
 * Sets how each kind is emailed. Notifications already waiting for a summary follow the new
 * choice (moved to the other summary, or not emailed when turned off), so "off" means no more
 * email from the moment it is chosen; choosing "straight away" leaves them in their summary.
 */
async function setDeliveries(db: Database, userId: number, choices: Partial<Record<NotificationKind, Delivery>>) {
  for (const [kind, delivery] of Object.entries(choices) as [NotificationKind, Delivery][]) {
    await db
      .insertInto('notification_preferences')
      .values({ user_id: userId, kind, delivery })
      .onConflict((c) => c.columns(['user_id', 'kind']).doUpdateSet({ delivery }))
      .execute();
    if (delivery !== 'immediately') {
      await db
        .updateTable('notifications')
        .set({ delivery })
        .where('user_id', '=', userId)
        .where('kind', '=', kind)
        .where('emailed_at', 'is', null)
        .where('delivery', 'in', ['daily', 'weekly'])
        .execute();
    }
  }
}

export async function savePreferences(db: Database, userId: number, choices: Partial<Record<NotificationKind, Delivery>>): Promise<{ ok: true }> {
  await db.transaction().execute((tx) => setDeliveries(tx, userId, choices));
  return { ok: true };
}

/**
 * Turns off the emails an unsubscribe link stands for: one kind, or every kind that currently
 * goes into that summary email. Kinds chosen per subject (groups) count as going into a summary
 * when it carried some of them lately, so stopping the summary really stops it.
 */
export async function unsubscribe(
  db: Database,
  userId: number,
  scope: UnsubscribeScope,
): Promise<{ ok: true; kinds: NotificationKind[] } | { ok: false; error: 'not-found' }> {
  return db.transaction().execute(async (tx) => {
    const user = await tx.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
    if (!user) return { ok: false, error: 'not-found' } as const;
    let kinds: NotificationKind[];
    if (isNotificationKind(scope)) {
      kinds = [scope];
    } else {
      const current = await preferencesOf(tx, userId);
      const lately = await tx
        .selectFrom('notifications')
        .select('kind')
        .distinct()
        .where('user_id', '=', userId)
        .where('delivery', '=', scope)
        .where('kind', 'in', [...perSubjectKinds])
        .where('created_at', '>', new Date(Date.now() - 15 * 24 * 60 * 60 * 1000))
        .execute();
      const carried = new Set(lately.map((row) => row.kind));
      kinds = notificationKinds.filter((kind) => current[kind] === scope || carried.has(kind));
    }
    await setDeliveries(tx, userId, Object.fromEntries(kinds.map((kind) => [kind, 'off' as const])));
    return { ok: true, kinds } as const;
  });
}

/**
 * Sends the daily or weekly summary emails: one per member, listing every notification waiting
 * for it, grouped by subject. Returns how many emails were queued.
 *
 * Each member's notifications are claimed in one transaction (locked, then marked emailed), so two
 * runs at once, or a run retried after a crash, never send the same notification twice. The email
 * is queued just after that commit: the embedded database is one connection, and the mailer's job
 * queue cannot write inside another transaction on it. If queueing fails, the claim is undone so
 * the next run sends them.
 */
export async function sendDigests(app: FastifyInstance, period: DigestPeriod, now = new Date()): Promise<number> {
  const members = await app.db
    .selectFrom('notifications')
    .select('user_id')
    .distinct()
    .where('delivery', '=', period)
    .where('emailed_at', 'is', null)
    .where('created_at', '<=', now)
    .execute();
  let sent = 0;
  for (const { user_id } of members) {
    if (await sendDigest(app, user_id, period, now)) sent++;
  }
  return sent;
}

async function sendDigest(app: FastifyInstance, userId: number, period: DigestPeriod, now: Date): Promise<boolean> {
  const claimed = await app.db.transaction().execute(async (tx) => {
    const rows = await tx
      .selectFrom('notifications')
      .select(['id', 'kind', 'text', 'url', 'subject_type', 'subject_id'])
      .where('user_id', '=', userId)
      .where('delivery', '=', period)
      .where('emailed_at', 'is', null)
      .where('created_at', '<=', now)
      .orderBy('id')
      .forUpdate()
      .execute();
    if (rows.length === 0) return null;
    const ids = rows.map((row) => row.id);
    // Claimed whatever happens next: what the member may no longer see, or cannot be emailed
    // about, is dropped rather than kept waiting for ever.
    await tx.updateTable('notifications').set({ emailed_at: now }).where('id', 'in', ids).execute();
    const user = await tx
      .selectFrom('users')
      .select(['id', 'handle', 'display_name', 'role', 'email', 'email_verified_at', 'status'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!user || user.status !== 'active' || !mayBeEmailed(user)) return null;
    // Visibility is judged now, at sending time: a pitch moved back to draft since is left out.
    const visible = await app.subjects.filterVisible(tx, viewerFromUser(user), rows);
    if (visible.length === 0) return null;
    const subjects = await app.subjects.describeAll(tx, visible);
    return { user, ids, visible, subjects };
  });
  if (!claimed) return false;

  const groups = new Map<string, DigestGroup>();
  const kinds = new Set<NotificationKind>();
  for (const row of claimed.visible) {
    const key = `${row.subject_type}:${row.subject_id}`;
    const subject = claimed.subjects.get(key);
    let group = groups.get(key);
    if (!group) {
      group = { title: subject?.title ?? row.text, url: subject?.url ?? row.url, lines: [] };
      groups.set(key, group);
    }
    group.lines.push({ text: row.text, url: row.url });
    if (isNotificationKind(row.kind)) kinds.add(row.kind);
  }
  try {
    const email = await digestEmail(app, claimed.user, period, [...groups.values()], notificationKinds.filter((k) => kinds.has(k)));
    await app.mailer.queue(email);
  } catch (error) {
    await app.db.updateTable('notifications').set({ emailed_at: null }).where('id', 'in', claimed.ids).where('emailed_at', '=', now).execute();
    throw error;
  }
  return true;
}

/**
 * After a member changes their choice for one subject (a group), the notifications about it still
 * waiting for a summary follow the new choice, as they do when a whole kind changes: "off" means
 * no more email from now, "straight away" leaves them in their summary.
 */
export async function settleWaiting(
  db: Database,
  input: { userId: number; kind: NotificationKind; subjects: { type: string; ids: number[] }[]; delivery: Delivery },
): Promise<void> {
  if (input.delivery === 'immediately') return;
  for (const subject of input.subjects) {
    if (subject.ids.length === 0) continue;
    await db
      .updateTable('notifications')
      .set({ delivery: input.delivery })
      .where('user_id', '=', input.userId)
      .where('kind', '=', input.kind)
      .where('emailed_at', 'is', null)
      .where('delivery', 'in', ['daily', 'weekly'])
      .where('subject_type', '=', subject.type)
      .where('subject_id', 'in', subject.ids)
      .execute();
  }
}

import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database.ts';
import type { Viewer } from '../../web/context.ts';
import { defaultDelivery, notificationKinds, pageSize, unreadCountCap, type Delivery, type NotificationKind } from './notifications.model.ts';

/**
 * Unread notifications of a member, counted on the partial index `notifications_unread` and never
 * past `cap` (the header shows "99+"), so a member with thousands unread costs no more per page.
 */
export async function unreadCount(db: Database, userId: number, cap = unreadCountCap + 1): Promise<number> {
  const row = await db
    .selectFrom((eb) =>
      eb.selectFrom('notifications').select(sql`1`.as('one')).where('user_id', '=', userId).where('read_at', 'is', null).limit(cap).as('unread'),
    )
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

export interface NotificationItem {
  id: number;
  kind: string;
  text: string;
  url: string;
  subject_type: string;
  subject_id: number;
  created_at: Date;
  read_at: Date | null;
  subjectTitle: string | null;
}

/**
 * One page of a member's notifications, newest first, without those whose subject the member may
 * no longer see (a pitch moved back to draft). `hasNext` is judged before that filter, so a page
 * may be shorter than the page size but paging never stops early.
 */
export async function listNotifications(
  app: FastifyInstance,
  viewer: Viewer,
  page: number,
): Promise<{ items: NotificationItem[]; hasNext: boolean }> {
  const rows = await app.db
    .selectFrom('notifications')
    .select(['id', 'kind', 'text', 'url', 'subject_type', 'subject_id', 'created_at', 'read_at'])
    .where('user_id', '=', viewer.id)
    .orderBy('id', 'desc')
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize)
    .execute();
  const hasNext = rows.length > pageSize;
  const visible = await app.subjects.filterVisible(app.db, viewer, rows.slice(0, pageSize));
  const titles = await app.subjects.describeAll(app.db, visible);
  return {
    items: visible.map((row) => ({ ...row, subjectTitle: titles.get(`${row.subject_type}:${row.subject_id}`)?.title ?? null })),
    hasNext,
  };
}

/** A member's own notification, or undefined: nobody else's can be read or opened. */
export async function findOwnNotification(db: Database, userId: number, id: number) {
  return db
    .selectFrom('notifications')
    .select(['id', 'url', 'subject_type', 'subject_id', 'read_at'])
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** How a member wants each kind emailed: their saved choice, or the default. */
export async function preferencesOf(db: Database, userId: number): Promise<Record<NotificationKind, Delivery>> {
  const rows = await db.selectFrom('notification_preferences').select(['kind', 'delivery']).where('user_id', '=', userId).execute();
  const result = { ...defaultDelivery };
  for (const row of rows) if ((notificationKinds as readonly string[]).includes(row.kind)) result[row.kind as NotificationKind] = row.delivery;
  return result;
}

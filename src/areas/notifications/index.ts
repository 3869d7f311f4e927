import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database.ts';
import { notify as store } from './notifications.commands.ts';
import { withoutBlockers } from '../moderation/moderation.queries.ts';
import type { Delivery, NotificationKind } from './notifications.model.ts';
import { unreadCount as countUnread } from './notifications.queries.ts';

export type { Delivery, NotificationKind } from './notifications.model.ts';
export { sendDigests, settleWaiting } from './notifications.commands.ts';

/**
 * Tells members that something happened on a subject. Drops the actor, duplicates, suspended
 * members and anyone who may not see the subject; stores one notification per remaining member
 * with their email choice for the kind, and emails at once those who want that. Call it after
 * the transaction that caused it has committed: it may queue emails.
 */
export async function notify(
  app: FastifyInstance,
  n: {
    recipients: number[];
    kind: NotificationKind;
    actorId: number | null;
    subject: { type: string; id: number };
    text: string;
    url: string;
    /** Each recipient's own choice for this subject, where they choose per subject (a group). */
    deliveries?: ReadonlyMap<number, Delivery>;
  },
): Promise<void> {
  return store(app, { ...n, recipients: await withoutBlockers(app.db, n.recipients, n.actorId) });
}

/** How many notifications this member has not read (at most 100 are counted). */
export async function unreadCount(db: Database, userId: number): Promise<number> {
  return countUnread(db, userId);
}

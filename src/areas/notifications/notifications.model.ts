import type { NotificationDelivery } from '../../db/schema.ts';

export const notificationKinds = ['reply', 'mention', 'signal', 'match', 'moderation', 'group', 'event'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export const deliveries = ['immediately', 'daily', 'weekly', 'off'] as const satisfies readonly NotificationDelivery[];
export type Delivery = NotificationDelivery;
export type DigestPeriod = 'daily' | 'weekly';

/** Matches come often and matter less at once, so they wait for the weekly email unless asked. */
export const defaultDelivery: Record<NotificationKind, Delivery> = {
  reply: 'immediately',
  mention: 'immediately',
  signal: 'immediately',
  match: 'weekly',
  moderation: 'immediately',
  // Each member chooses per group how they hear of its new posts and pitches (a daily summary
  // unless they choose otherwise); for the kind as a whole there is only "as chosen for each
  // group" (stored as 'immediately') or "no emails" ('off').
  group: 'immediately',
  // What the hosts of an event decided about a session the member proposed or voted for.
  event: 'immediately',
};

/**
 * Kinds whose recipients choose per subject (per group), passed to notify as `deliveries`: their
 * choice for the kind only says whether they are emailed at all.
 */
export const perSubjectKinds: readonly NotificationKind[] = ['group'];
export const perSubjectChoices = ['immediately', 'off'] as const satisfies readonly NotificationDelivery[];

export function isNotificationKind(value: unknown): value is NotificationKind {
  return typeof value === 'string' && (notificationKinds as readonly string[]).includes(value);
}

export const pageSize = 30;
/** The header shows "99+" beyond this, so counting never reads more of the index than that. */
export const unreadCountCap = 99;
/** Notification text is written by our own code, but may quote a title: keep emails and pages sane. */
export const textMax = 500;

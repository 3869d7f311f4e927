/**
 * Events: hack days, workshops, meetups and the like, with places, a waiting list, reminders and
 * iCalendar feeds. Other areas use these few functions; everything else stays inside.
 */
import type { FastifyInstance } from 'fastify';
import { sendEventReminders } from './events.commands.ts';

export { eventsArea, groupEventsSection } from './events.routes.tsx';
export { eventVisibleTo } from './events.policy.ts';

/** The hourly reminder job's work, for a given "now": emails those going to events starting within 24 hours. */
export function remindAttendees(app: FastifyInstance, now = new Date()): Promise<number> {
  return sendEventReminders(app.db, { mailer: app.mailer, context: { hubName: app.hub.name(), publicUrl: app.config.publicUrl } }, now);
}

import type { FastifyInstance } from 'fastify';
import { sendEventReminders } from './events.commands.ts';

/**
 * The hourly reminder job's handler: emails those going to events that start within 24 hours of
 * `now`, once per event. Tests call it with the "now" they need.
 */
export function remindAttendees(app: FastifyInstance, now = new Date()): Promise<number> {
  return sendEventReminders(app.db, { mailer: app.mailer, context: { hubName: app.hub.name(), publicUrl: app.config.publicUrl } }, now);
}

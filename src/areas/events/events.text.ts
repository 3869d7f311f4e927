import { t, type MessageKey } from '../../i18n/i18n.ts';
import type { AttendeeListVisibility, EventAttendance, EventKind } from '../../db/schema.ts';
import { isTimeZone } from './events.time.ts';

export const kindLabel = (kind: EventKind): MessageKey => `events.kind.${kind}`;
export const attendanceLabel = (mode: EventAttendance): MessageKey => `events.attendance.${mode}`;
export const attendeeListLabel = (choice: AttendeeListVisibility): MessageKey => `events.attendeeList.${choice}`;

/** "UK time", "Central European time"…; the IANA name for a zone the form no longer offers. */
export function timeZoneLabel(zone: string): string {
  return isTimeZone(zone) ? t(`events.zone.${zone}`) : zone;
}

/** Where to go, in one line: the venue and address, "Online", or both. */
export function whereText(event: { attendance: EventAttendance; venue: string; address: string }): string {
  const place = [event.venue, event.address.replace(/\s*\n\s*/g, ', ')].filter(Boolean).join(', ');
  if (event.attendance === 'online') return t('events.where.online');
  if (event.attendance === 'hybrid') return t('events.where.hybrid', { place });
  return place;
}

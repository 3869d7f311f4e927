import { formatDay, localDay, parseLocal, zonedToUtc } from '../events/events.time.ts';

/**
 * A round's dates are whole days in UK time: a window opens at the start of its first day and
 * closes at the end of its last, and results appear at the start of their day. They are stored as
 * those instants.
 */
export const roundZone = 'Europe/London';

/** '2027-03-12' or '12/03/2027' (as people type dates in the UK) as 'YYYY-MM-DD', or null. */
export function parseDay(value: string): string | null {
  const text = value.trim();
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = uk ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}` : text;
  return parseLocal(iso, '00:00') ? iso : null;
}

/** The day after, as 'YYYY-MM-DD'. */
export function nextDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year!, month! - 1, date! + 1)).toISOString().slice(0, 10);
}

/** The instant a UK day begins. */
export function startOfDay(day: string): Date {
  const local = parseLocal(day, '00:00');
  if (!local) throw new Error(`Not a day: ${day}`);
  const result = zonedToUtc(local, roundZone);
  if (!result.ok) throw new Error(`Midnight does not exist on ${day}`);
  return result.instant;
}

/** The instant a UK day ends (the next one begins). */
export function endOfDay(day: string): Date {
  return startOfDay(nextDay(day));
}

/** The UK day an instant falls on. */
export function dayOf(instant: Date): string {
  return localDay(instant, roundZone);
}

/** The last UK day before an instant: the closing day of a window that ends then. */
export function lastDayBefore(instant: Date): string {
  return localDay(new Date(instant.getTime() - 1), roundZone);
}

/** "Friday 12 March 2027". */
export function formatRoundDay(instant: Date): string {
  return formatDay(instant, roundZone);
}

/** The closing day of a window that ends at `instant`, written out. */
export function formatClosingDay(instant: Date): string {
  return formatDay(new Date(instant.getTime() - 1), roundZone);
}

/**
 * Local times in named zones, through Intl only: the offset of a zone at an instant is asked of
 * the time-zone database, never worked out by hand, so the change between GMT and BST (or any
 * other zone's summer time) falls where it really does.
 */

/** The zones the event form offers, UK time first. */
export const timeZones = [
  'Europe/London',
  'Europe/Dublin',
  'Europe/Lisbon',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Athens',
  'America/New_York',
  'America/Chicago',
  'America/Los_Angeles',
  'Asia/Kolkata',
  'Australia/Sydney',
  'UTC',
] as const;
export type TimeZone = (typeof timeZones)[number];
export const defaultTimeZone: TimeZone = 'Europe/London';

export function isTimeZone(value: unknown): value is TimeZone {
  return typeof value === 'string' && (timeZones as readonly string[]).includes(value);
}

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();

function partFormatter(zone: string): Intl.DateTimeFormat {
  let formatter = partFormatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partFormatters.set(zone, formatter);
  }
  return formatter;
}

/** The wall-clock date and time in `zone` at an instant. */
export function localParts(instant: Date, zone: string): LocalDateTime & { second: number } {
  const values: Record<string, number> = {};
  for (const part of partFormatter(zone).formatToParts(instant)) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  return {
    year: values.year!,
    month: values.month!,
    day: values.day!,
    hour: values.hour! % 24,
    minute: values.minute!,
    second: values.second!,
  };
}

/** How far `zone` is ahead of UTC at an instant, in milliseconds (BST: one hour). */
export function offsetAt(instant: Date, zone: string): number {
  const p = localParts(instant, zone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(instant.getTime() / 1000) * 1000;
}

function sameLocal(a: LocalDateTime, b: LocalDateTime): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute;
}

/** Whether the numbers name a real day and time (no 30 February, no 24:00). */
export function isRealLocal(local: LocalDateTime): boolean {
  const { year, month, day, hour, minute } = local;
  if (![year, month, day, hour, minute].every(Number.isInteger)) return false;
  if (year < 1900 || year > 2200 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export type ZonedResult = { ok: true; instant: Date } | { ok: false; error: 'invalid' | 'skipped' };

/**
 * The instant at which clocks in `zone` show `local`. When the clocks go back the same time
 * happens twice and the first is taken; when they go forward an hour is skipped, and a time in it
 * does not exist ('skipped').
 */
export function zonedToUtc(local: LocalDateTime, zone: string): ZonedResult {
  if (!isRealLocal(local)) return { ok: false, error: 'invalid' };
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  // The true offset is the one in force at the answer, which lies within a day of `wall`; summer
  // time changes are months apart, so the offsets a day either side are the only candidates.
  const offsets = new Set([offsetAt(new Date(wall - 86_400_000), zone), offsetAt(new Date(wall), zone), offsetAt(new Date(wall + 86_400_000), zone)]);
  const found = [...offsets]
    .map((offset) => new Date(wall - offset))
    .filter((candidate) => sameLocal(localParts(candidate, zone), local))
    .sort((a, b) => a.getTime() - b.getTime());
  return found[0] ? { ok: true, instant: found[0] } : { ok: false, error: 'skipped' };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** An instant as the values of a date and a time input in `zone`: '2026-12-12' and '10:00'. */
export function localInputs(instant: Date, zone: string): { date: string; time: string } {
  const p = localParts(instant, zone);
  return { date: `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` };
}

/** The local day of an instant in `zone`, as 'YYYY-MM-DD'. */
export function localDay(instant: Date, zone: string): string {
  return localInputs(instant, zone).date;
}

/** Parses '2026-12-12' and '10:00' (as date and time inputs send them). */
export function parseLocal(date: string, time: string): LocalDateTime | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  const t = /^(\d{1,2})[:.](\d{2})$/.exec(time.trim());
  if (!d || !t) return null;
  const local = { year: Number(d[1]), month: Number(d[2]), day: Number(d[3]), hour: Number(t[1]), minute: Number(t[2]) };
  return isRealLocal(local) ? local : null;
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();
const timeFormatters = new Map<string, Intl.DateTimeFormat>();

function cached(map: Map<string, Intl.DateTimeFormat>, zone: string, options: Intl.DateTimeFormatOptions) {
  let formatter = map.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { ...options, timeZone: zone });
    map.set(zone, formatter);
  }
  return formatter;
}

/** "Saturday 12 December 2026", the day in the event's zone. */
export function formatDay(instant: Date, zone: string): string {
  const parts: Record<string, string> = {};
  for (const part of cached(dayFormatters, zone, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).formatToParts(instant)) {
    parts[part.type] = part.value;
  }
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}`;
}

/** "10:00 GMT" or "11:00 BST": the time with the zone's name at that moment. */
export function formatTime(instant: Date, zone: string): string {
  return cached(timeFormatters, zone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' }).format(instant);
}

/** "Saturday 12 December 2026, 10:00 GMT to 16:00 GMT"; both days when it runs over more than one. */
export function formatRange(start: Date, end: Date, zone: string): string {
  const startDay = formatDay(start, zone);
  const endDay = formatDay(end, zone);
  if (startDay === endDay) return `${startDay}, ${formatTime(start, zone)} to ${formatTime(end, zone)}`;
  return `${startDay}, ${formatTime(start, zone)} to ${endDay}, ${formatTime(end, zone)}`;
}

export interface Month {
  year: number;
  month: number;
}

export function parseMonth(value: string): Month | null {
  const match = /^(\d{4})-(\d{2})$/.exec(value);
  if (!match) return null;
  const month = { year: Number(match[1]), month: Number(match[2]) };
  return month.year >= 2000 && month.year <= 2100 && month.month >= 1 && month.month <= 12 ? month : null;
}

export function monthKey(month: Month): string {
  return `${pad(month.year, 4)}-${pad(month.month)}`;
}

export function addMonths(month: Month, count: number): Month {
  const index = month.year * 12 + (month.month - 1) + count;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

export function daysInMonth(month: Month): number {
  return new Date(Date.UTC(month.year, month.month, 0)).getUTCDate();
}

/** Monday 1 … Sunday 7, of a day in the proleptic Gregorian calendar. */
export function weekdayOf(year: number, month: number, day: number): number {
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

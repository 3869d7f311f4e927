import type { EventCard } from './events.queries.ts';
import { addMonths, daysInMonth, localDay, monthKey, weekdayOf, type Month } from './events.time.ts';

export interface CalendarDay {
  /** 'YYYY-MM-DD' */
  date: string;
  day: number;
  today: boolean;
  events: EventCard[];
}

/** Weeks from Monday to Sunday; days outside the month are null. */
export type CalendarWeek = (CalendarDay | null)[];

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The instants to ask the database for: the month with 14 hours either side, since an event's
 * day is the day in its own zone, which can be up to 14 hours from UTC.
 */
export function monthRange(month: Month): { from: Date; to: Date } {
  const next = addMonths(month, 1);
  const margin = 14 * 3600 * 1000;
  return {
    from: new Date(Date.UTC(month.year, month.month - 1, 1) - margin),
    to: new Date(Date.UTC(next.year, next.month - 1, 1) + margin),
  };
}

/** Every local day an event covers, in its own zone; an event ending at midnight ends the day before. */
export function daysOf(event: Pick<EventCard, 'startsAt' | 'endsAt' | 'timeZone'>, maxDays = 32): string[] {
  const first = localDay(event.startsAt, event.timeZone);
  const last = localDay(new Date(event.endsAt.getTime() - 1), event.timeZone);
  const days = [first];
  let cursor = new Date(`${first}T00:00:00Z`);
  while (days.length < maxDays) {
    cursor = new Date(cursor.getTime() + 86_400_000);
    const day = cursor.toISOString().slice(0, 10);
    if (day > last) break;
    days.push(day);
  }
  return days;
}

/** The month as weeks of days, each with the events on it. */
export function monthGrid(month: Month, events: EventCard[], today: string): CalendarWeek[] {
  const key = monthKey(month);
  const byDay = new Map<string, EventCard[]>();
  for (const event of events) {
    for (const day of daysOf(event)) {
      if (!day.startsWith(`${key}-`)) continue;
      byDay.set(day, [...(byDay.get(day) ?? []), event]);
    }
  }
  const weeks: CalendarWeek[] = [];
  let week: CalendarWeek = Array.from({ length: weekdayOf(month.year, month.month, 1) - 1 }, () => null);
  for (let day = 1; day <= daysInMonth(month); day++) {
    const date = `${key}-${pad(day)}`;
    week.push({ date, day, today: date === today, events: byDay.get(date) ?? [] });
    if (week.length === 7) {
      weeks.push(week);
      week = [];
    }
  }
  if (week.length > 0) {
    while (week.length < 7) week.push(null);
    weeks.push(week);
  }
  return weeks;
}

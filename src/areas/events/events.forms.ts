import { z } from 'zod';
import { findLocalAuthority } from '../../data/uk-local-authorities.ts';
import type { AttendeeListVisibility, EventAttendance, EventKind } from '../../db/schema.ts';
import type { FieldErrors } from '../../web/components.tsx';
import { form, parseForm, type FormResult } from '../../web/forms.ts';
import { defaultTimeZone, isTimeZone, parseLocal, timeZones, zonedToUtc, type LocalDateTime, type TimeZone } from './events.time.ts';

export const eventKinds = ['hack-day', 'workshop', 'meetup', 'knowledge-jam', 'open-conference', 'webinar', 'other'] as const satisfies readonly EventKind[];
export const attendanceModes = ['in-person', 'online', 'hybrid'] as const satisfies readonly EventAttendance[];
export const attendeeListChoices = ['everyone', 'attendees', 'hosts'] as const satisfies readonly AttendeeListVisibility[];
export const whenChoices = ['upcoming', 'past'] as const;
export type When = (typeof whenChoices)[number];

export const limits = {
  title: 120,
  summary: 300,
  description: 10000,
  venue: 200,
  address: 500,
  access: 2000,
  place: 100,
  onlineUrl: 500,
  tags: 20,
  cancelReason: 2000,
  query: 200,
  capacity: 100000,
} as const;

/** How far ahead an event may be put, and how long it may run. */
export const maxYearsAhead = 5;
export const maxDays = 31;
export const pageSize = 20;
export const maxPage = 500;

export const slugPattern = /^[a-z0-9-]{1,100}$/;
export const calendarTokenPattern = /^[A-Za-z0-9_-]{32}$/;

const localAuthority = z
  .string()
  .trim()
  .max(20, { error: 'events.field.authority.unknown' })
  .optional()
  .transform((value) => value ?? '')
  .refine((value) => value === '' || findLocalAuthority(value) !== undefined, { error: 'events.field.authority.unknown' })
  .transform((value) => (value === '' ? null : findLocalAuthority(value)!.code));

const shortText = (max: number) => form.optionalText(max);

/** The fields as typed; the times and the rules between fields are checked in parseEventForm. */
const eventFields = z.object({
  title: form.text(limits.title, 'events.field.title.required'),
  kind: form.choice(eventKinds, 'events.field.kind.required'),
  summary: form.text(limits.summary, 'events.field.summary.required'),
  description: form.optionalText(limits.description),
  startDate: shortText(20),
  startTime: shortText(20),
  endDate: shortText(20),
  endTime: shortText(20),
  timeZone: shortText(60),
  attendance: form.choice(attendanceModes, 'events.field.attendance.required'),
  onlineUrl: form.optionalUrl(limits.onlineUrl),
  venue: form.optionalText(limits.venue),
  address: form.optionalText(limits.address),
  access: form.optionalText(limits.access),
  place: form.optionalText(limits.place),
  localAuthority,
  capacity: shortText(20),
  attendeeList: form.choice(attendeeListChoices, 'events.field.attendeeList.required'),
  tags: form.tags(limits.tags),
  host: shortText(40),
});

export interface EventInput {
  title: string;
  kind: EventKind;
  summary: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: TimeZone;
  attendance: EventAttendance;
  onlineUrl: string;
  venue: string;
  address: string;
  access: string;
  place: string;
  localAuthority: string | null;
  capacity: number | null;
  attendeeList: AttendeeListVisibility;
  tags: string[];
  /** 'member', 'organisation:<id>' or 'group:<id>'; checked against the member's own by the command. */
  host: string;
}

/** A date as date inputs send it (2026-12-12), or as people type it in the UK (12/12/2026). */
function isoDate(value: string): string {
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
  if (uk) return `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}`;
  return value.trim();
}

function localOf(date: string, time: string): { local: LocalDateTime | null; dateOk: boolean; timeOk: boolean } {
  const dateOk = parseLocal(isoDate(date), '00:00') !== null;
  const timeOk = parseLocal('2000-01-01', time) !== null;
  return { local: dateOk && timeOk ? parseLocal(isoDate(date), time) : null, dateOk, timeOk };
}

export interface EventFormOptions {
  now: Date;
  /** When editing: the start as saved, which may stay in the past (an event being written up). */
  savedStart?: Date;
}

/**
 * Checks the event form: each field, then the times in their zone (a real date and time, the end
 * after the start, no more than a month long, the start in the future unless it is unchanged) and
 * the fields each kind of attendance needs. Errors are per field, for the form shown again.
 */
export function parseEventForm(body: unknown, options: EventFormOptions): FormResult<EventInput> {
  const parsed = parseForm(eventFields, body);
  const values = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string).trim() : '');
  const add = (field: string, message: string) => {
    if (!(field in errors)) errors[field] = message;
  };

  const zoneText = text('timeZone') || defaultTimeZone;
  if (!isTimeZone(zoneText)) add('timeZone', 'events.field.zone.unknown');
  const zone: TimeZone = isTimeZone(zoneText) ? zoneText : defaultTimeZone;

  let startsAt: Date | null = null;
  let endsAt: Date | null = null;
  const startDate = text('startDate');
  const startTime = text('startTime');
  if (!startDate) add('startDate', 'events.field.startDate.required');
  if (!startTime) add('startTime', 'events.field.startTime.required');
  const start = localOf(startDate, startTime);
  if (startDate && !start.dateOk) add('startDate', 'events.field.date.invalid');
  if (startTime && !start.timeOk) add('startTime', 'events.field.time.invalid');
  if (start.local && isTimeZone(zoneText)) {
    const result = zonedToUtc(start.local, zone);
    if (result.ok) startsAt = result.instant;
    else add('startTime', result.error === 'skipped' ? 'events.field.time.skipped' : 'events.field.time.invalid');
  }

  const endDate = text('endDate') || startDate;
  const endTime = text('endTime');
  if (!endTime) add('endTime', 'events.field.endTime.required');
  const end = localOf(endDate, endTime);
  if (text('endDate') && !end.dateOk) add('endDate', 'events.field.date.invalid');
  if (endTime && !end.timeOk) add('endTime', 'events.field.time.invalid');
  if (end.local && isTimeZone(zoneText)) {
    const result = zonedToUtc(end.local, zone);
    if (result.ok) endsAt = result.instant;
    else add('endTime', result.error === 'skipped' ? 'events.field.time.skipped' : 'events.field.time.invalid');
  }

  if (startsAt && endsAt) {
    if (endsAt.getTime() <= startsAt.getTime()) add(text('endDate') && text('endDate') !== startDate ? 'endDate' : 'endTime', 'events.field.end.beforeStart');
    else if (endsAt.getTime() - startsAt.getTime() > maxDays * 86_400_000) add('endDate', 'events.field.end.tooLong');
  }
  if (startsAt) {
    const unchanged = options.savedStart !== undefined && options.savedStart.getTime() === startsAt.getTime();
    if (!unchanged && startsAt.getTime() < options.now.getTime()) add('startDate', 'events.field.start.past');
    const latest = new Date(options.now);
    latest.setUTCFullYear(latest.getUTCFullYear() + maxYearsAhead);
    if (startsAt.getTime() > latest.getTime()) add('startDate', 'events.field.start.tooFar');
  }

  const attendance = parsed.ok ? parsed.data.attendance : (attendanceModes as readonly string[]).includes(text('attendance')) ? (text('attendance') as EventAttendance) : null;
  if (attendance && attendance !== 'in-person' && !text('onlineUrl')) add('onlineUrl', 'events.field.onlineUrl.required');
  if (attendance && attendance !== 'online' && !text('venue')) add('venue', 'events.field.venue.required');

  let capacity: number | null = null;
  const capacityText = text('capacity').replace(/[,\s]/g, '');
  if (capacityText) {
    const number = /^\d{1,7}$/.test(capacityText) ? Number(capacityText) : NaN;
    if (!Number.isInteger(number) || number < 1 || number > limits.capacity) add('capacity', 'events.field.capacity.invalid');
    else capacity = number;
  }

  if (!parsed.ok || Object.keys(errors).length > 0 || !startsAt || !endsAt) {
    return { ok: false, errors, values };
  }
  const data = parsed.data;
  return {
    ok: true,
    data: {
      title: data.title,
      kind: data.kind,
      summary: data.summary,
      description: data.description,
      startsAt,
      endsAt,
      timeZone: zone,
      attendance: data.attendance,
      onlineUrl: data.attendance === 'in-person' ? '' : data.onlineUrl,
      venue: data.attendance === 'online' ? '' : data.venue,
      address: data.attendance === 'online' ? '' : data.address,
      access: data.access,
      place: data.place,
      localAuthority: data.localAuthority,
      capacity,
      attendeeList: data.attendeeList,
      tags: data.tags,
      host: data.host || 'member',
    },
  };
}

export const cancelForm = z.object({
  reason: form.optionalText(limits.cancelReason),
});

// ---- Lists ----------------------------------------------------------------------------------

const emptyToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);

export const onlineArea = 'online';

export const listingQuery = z.object({
  when: z.preprocess(emptyToUndefined, z.enum(whenChoices, { error: 'form.invalidChoice' }).optional()).describe('upcoming (the default: not yet over) or past.'),
  kind: z.preprocess(emptyToUndefined, z.enum(eventKinds, { error: 'form.invalidChoice' }).optional()).describe('Only this kind of event.'),
  area: z
    .preprocess(
      emptyToUndefined,
      z
        .string()
        .max(20)
        .refine((value) => findLocalAuthority(value) !== undefined, { error: 'events.field.authority.unknown' })
        .transform((value) => findLocalAuthority(value)!.code)
        .optional(),
    )
    .describe('ONS code of a UK local authority: only events there.'),
  online: z.preprocess(emptyToUndefined, z.enum(['yes'], { error: 'form.invalidChoice' }).optional()).describe('"yes" for only events people can join online.'),
  group: z.preprocess(emptyToUndefined, z.string().regex(slugPattern, { error: 'form.invalidChoice' }).optional()).describe('Only events of the group with this slug.'),
  tag: z.preprocess(emptyToUndefined, z.string().trim().toLowerCase().max(40, { error: 'form.tagTooLong' }).optional()).describe('Only events with this tag.'),
  q: z.preprocess(emptyToUndefined, z.string().trim().max(limits.query, { error: `form.tooLong:${limits.query}` }).optional()).describe('Words to look for in titles and summaries.'),
  page: z
    .preprocess(
      emptyToUndefined,
      z.coerce.number({ error: 'form.invalid' }).int({ error: 'form.invalid' }).min(1, { error: 'form.invalid' }).max(maxPage, { error: 'form.invalid' }).optional(),
    )
    .describe(`Page number, from 1 to ${maxPage}; ${pageSize} events a page.`),
});

export interface ListingFilters {
  when: When;
  kind: EventKind | null;
  area: string | null;
  online: boolean;
  group: string | null;
  tag: string | null;
  q: string;
}

export function listingFilters(data: z.output<typeof listingQuery>): ListingFilters {
  return {
    when: data.when ?? 'upcoming',
    kind: data.kind ?? null,
    area: data.area ?? null,
    online: data.online === 'yes',
    group: data.group ?? null,
    tag: data.tag ? data.tag.replace(/\s+/g, ' ') : null,
    q: data.q ?? '',
  };
}

/** The filters as query-string values, for pagination and data links. */
export function filtersQuery(filters: ListingFilters): Record<string, string | undefined> {
  return {
    when: filters.when === 'upcoming' ? undefined : filters.when,
    kind: filters.kind ?? undefined,
    area: filters.area ?? undefined,
    online: filters.online ? 'yes' : undefined,
    group: filters.group ?? undefined,
    tag: filters.tag ?? undefined,
    q: filters.q || undefined,
  };
}

/** The month to show, and the list's filters but for when and page. */
export const calendarQuery = listingQuery.omit({ when: true, page: true }).extend({
  month: z.preprocess(emptyToUndefined, z.string().regex(/^\d{4}-\d{2}$/).optional()),
});

export { timeZones };

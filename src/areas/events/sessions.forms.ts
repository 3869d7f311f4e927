import { z } from 'zod';
import type { EventKind, SessionFormat } from '../../db/schema.ts';
import type { FieldErrors } from '../../web/components.tsx';
import { form, type FormResult } from '../../web/forms.ts';
import { parseLocal, zonedToUtc } from './events.time.ts';

/** Kinds of event that take session proposals unless their hosts turn them off. */
export const sessionEventKinds = ['open-conference', 'knowledge-jam'] as const satisfies readonly EventKind[];
export const sessionFormats = ['talk', 'discussion', 'workshop', 'demo', 'panel', 'other'] as const satisfies readonly SessionFormat[];

export const sessionLimits = {
  title: 120,
  description: 2000,
  leader: 120,
  declineReason: 1000,
  outcome: 300,
  roomName: 80,
  roomCapacity: 100000,
  /** Proposals an event may hold, whatever became of them. */
  perEvent: 200,
  /** Proposals one person may have standing at an event. */
  perPerson: 10,
  voteLimit: 50,
  rooms: 30,
  slots: 60,
  /** Slots added at once, back to back. */
  repeat: 12,
  outcomes: 20,
  links: 100,
} as const;

export const idPattern = /^[1-9][0-9]{0,11}$/;

export const sessionForm = z.object({
  title: form.text(sessionLimits.title, 'sessions.field.title.required'),
  description: form.optionalText(sessionLimits.description),
  leader: form.optionalText(sessionLimits.leader),
  format: form.choice(sessionFormats, 'sessions.field.format.required'),
});
export type SessionInput = z.output<typeof sessionForm>;

export const declineForm = z.object({
  reason: form.text(sessionLimits.declineReason, 'sessions.decline.reason.required'),
});

export const mergeForm = z.object({
  into: z.string({ error: 'sessions.merge.into.required' }).regex(idPattern, { error: 'sessions.merge.into.required' }).transform(Number),
});

export const outcomeForm = z.object({
  outcome: form.text(sessionLimits.outcome, 'sessions.outcome.required'),
});

export const settingsForm = z.object({
  enabled: form.choice(['yes', 'no'] as const, 'sessions.settings.enabled.required'),
  proposals: form.choice(['open', 'closed'] as const, 'sessions.settings.proposals.required'),
  voteLimit: form
    .optionalText(10)
    .transform((value) => value.replace(/[\s,]/g, ''))
    .refine((value) => value === '' || (/^\d{1,3}$/.test(value) && Number(value) >= 1 && Number(value) <= sessionLimits.voteLimit), {
      error: 'sessions.settings.voteLimit.invalid',
    })
    .transform((value) => (value === '' ? null : Number(value))),
});
export type SettingsInput = { enabled: boolean; proposalsOpen: boolean; voteLimit: number | null };

export function settingsInput(data: z.output<typeof settingsForm>): SettingsInput {
  return { enabled: data.enabled === 'yes', proposalsOpen: data.proposals === 'open', voteLimit: data.voteLimit };
}

const capacityField = form
  .optionalText(20)
  .transform((value) => value.replace(/[\s,]/g, ''))
  .refine((value) => value === '' || (/^\d{1,6}$/.test(value) && Number(value) >= 1 && Number(value) <= sessionLimits.roomCapacity), {
    error: 'sessions.room.capacity.invalid',
  })
  .transform((value) => (value === '' ? null : Number(value)));

export const roomForm = z.object({
  roomName: form.text(sessionLimits.roomName, 'sessions.room.name.required'),
  roomCapacity: capacityField,
});
export interface RoomInput {
  name: string;
  capacity: number | null;
}

export interface SlotTimes {
  startsAt: Date;
  endsAt: Date;
}

/** A date as date inputs send it (2026-12-12), or as people type it in the UK (12/12/2026). */
function isoDate(value: string): string {
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
  if (uk) return `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}`;
  return value.trim();
}

/**
 * The slot form: a day, a start and an end in the event's own zone, and how many slots of that
 * length to add back to back. Every slot must lie within the event.
 */
export function parseSlotForm(body: unknown, event: { startsAt: Date; endsAt: Date; timeZone: string }): FormResult<SlotTimes[]> {
  const values = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string).trim() : '');
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => {
    if (!(field in errors)) errors[field] = message;
  };
  const date = isoDate(text('slotDate'));
  const start = text('slotStart');
  const end = text('slotEnd');
  const repeatText = text('slotRepeat') || '1';
  if (!date) add('slotDate', 'sessions.slot.date.required');
  else if (date.length > 20 || !parseLocal(date, '00:00')) add('slotDate', 'events.field.date.invalid');
  if (!start) add('slotStart', 'sessions.slot.start.required');
  else if (start.length > 10 || !parseLocal('2000-01-01', start)) add('slotStart', 'events.field.time.invalid');
  if (!end) add('slotEnd', 'sessions.slot.end.required');
  else if (end.length > 10 || !parseLocal('2000-01-01', end)) add('slotEnd', 'events.field.time.invalid');
  const repeat = /^\d{1,2}$/.test(repeatText) ? Number(repeatText) : NaN;
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > sessionLimits.repeat) add('slotRepeat', 'sessions.slot.repeat.invalid');
  if (Object.keys(errors).length > 0) return { ok: false, errors, values };

  const at = (time: string) => {
    const local = parseLocal(date, time)!;
    return zonedToUtc(local, event.timeZone);
  };
  const first = at(start);
  const last = at(end);
  if (!first.ok) add('slotStart', first.error === 'skipped' ? 'events.field.time.skipped' : 'events.field.time.invalid');
  if (!last.ok) add('slotEnd', last.error === 'skipped' ? 'events.field.time.skipped' : 'events.field.time.invalid');
  if (!first.ok || !last.ok) return { ok: false, errors, values };
  const length = last.instant.getTime() - first.instant.getTime();
  if (length <= 0) return { ok: false, errors: { slotEnd: 'sessions.slot.end.beforeStart' }, values };
  const slots: SlotTimes[] = [];
  for (let i = 0; i < repeat; i++) {
    slots.push({ startsAt: new Date(first.instant.getTime() + i * length), endsAt: new Date(first.instant.getTime() + (i + 1) * length) });
  }
  if (slots[0]!.startsAt.getTime() < event.startsAt.getTime() || slots.at(-1)!.endsAt.getTime() > event.endsAt.getTime()) {
    return { ok: false, errors: { [repeat > 1 ? 'slotRepeat' : 'slotStart']: 'sessions.slot.outside' }, values };
  }
  return { ok: true, data: slots };
}

/** A place in the schedule as the schedule builder's select sends it: "<room id>:<slot id>", or "" for none. */
export function parseCell(value: unknown): { roomId: number; slotId: number } | null | undefined {
  if (value === '' || value === undefined) return null;
  if (typeof value !== 'string') return undefined;
  const match = /^([1-9][0-9]{0,11}):([1-9][0-9]{0,11})$/.exec(value);
  return match ? { roomId: Number(match[1]), slotId: Number(match[2]) } : undefined;
}

/** A linked item as the "what came of it" select sends it: "pitch:12" or "knowledge-page:7". */
export function parseLinkChoice(value: unknown): { type: 'pitch' | 'knowledge-page'; id: number } | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(pitch|knowledge-page):([1-9][0-9]{0,11})$/.exec(value);
  return match ? { type: match[1] as 'pitch' | 'knowledge-page', id: Number(match[2]) } : undefined;
}

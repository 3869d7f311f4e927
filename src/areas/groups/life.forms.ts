import { z } from 'zod';
import { form } from '../../web/forms.ts';

export const notifyChoices = ['immediately', 'daily', 'off'] as const;

/** How a member hears of new posts and pitches in one group. */
export const notifyForm = z.object({
  notify: form.choice(notifyChoices, 'groups.notify.field.required'),
});

export const messageLimits = { subject: 150, body: 5000 } as const;

export const messageForm = z.object({
  subject: form.text(messageLimits.subject, 'groups.message.field.subject.required'),
  body: form.text(messageLimits.body, 'groups.message.field.body.required'),
});
export type MessageInput = z.output<typeof messageForm>;

/** A pin or unpin: what to pin, and which of the group's pages to go back to. */
export const pinForm = z.object({
  subjectType: form.choice(['post', 'pitch'] as const),
  subjectId: z.coerce.number({ error: 'form.invalid' }).int({ error: 'form.invalid' }).min(1, { error: 'form.invalid' }).max(Number.MAX_SAFE_INTEGER, { error: 'form.invalid' }),
  back: z.enum(['group', 'activity']).optional(),
});

export const deleteForm = z.object({
  confirm: z.string().optional().transform((value) => (value ?? '').trim()),
});

/** Page numbers from `?page=`: a positive whole number up to 10,000, or 1. */
export function pageOf(query: unknown): number | null {
  const raw = (query as Record<string, unknown> | undefined)?.page;
  if (raw === undefined || raw === '') return 1;
  const value = Number(raw);
  return Number.isInteger(value) && value > 0 && value <= 10000 ? value : null;
}

/** Where a management form on the members or attention page returns to, instead of the group page. */
export const returnPages = ['members', 'attention'] as const;
export type ReturnPage = (typeof returnPages)[number];
export function returnPageOf(body: unknown): ReturnPage | null {
  const value = (body as Record<string, unknown> | undefined)?.back;
  return typeof value === 'string' && (returnPages as readonly string[]).includes(value) ? (value as ReturnPage) : null;
}

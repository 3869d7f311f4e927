import { z } from 'zod';
import { form } from '../../web/forms.ts';

export const reasonMax = 1000;

export const flagForm = z.object({ reason: form.text(reasonMax, 'moderation.reason.required') });
export const hideForm = z.object({ reason: form.text(reasonMax, 'moderation.reason.required') });
export const restoreForm = z.object({ reason: form.text(reasonMax, 'moderation.reason.required') });
/** On the review page, beside the hiding form: each reason has its own field. */
export const removeForm = z.object({ removeReason: form.text(reasonMax, 'moderation.reason.required') });
export const suspendForm = z.object({ suspendReason: form.text(reasonMax, 'moderation.reason.required') });

/** A positive whole number that fits in a bigint, or null. */
export function parseId(value: string): number | null {
  return /^[1-9][0-9]{0,14}$/.test(value) ? Number(value) : null;
}

/** The last part of a pitch's or knowledge page's address; anything else is "not found". */
export function parseSlug(value: string): string | null {
  return /^[a-z0-9-]{1,100}$/.test(value) ? value : null;
}

export function pageParam(value: unknown): number {
  const n = Number(value ?? 1);
  return Number.isInteger(n) && n > 0 && n < 100000 ? n : 1;
}

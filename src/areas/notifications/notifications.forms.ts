import { z } from 'zod';
import { form } from '../../web/forms.ts';
import { deliveries, perSubjectChoices } from './notifications.model.ts';

/**
 * One radio group per kind, named after the kind. Group posts are chosen per group, so here they
 * are only on or off; a form from before that choice existed may leave it out.
 */
export const preferencesForm = z.object({
  reply: form.choice(deliveries),
  mention: form.choice(deliveries),
  signal: form.choice(deliveries),
  match: form.choice(deliveries),
  // Added after the others: a form without it (an older page still open) leaves the choice as it was.
  moderation: form.choice(deliveries).optional(),
  group: form.choice(perSubjectChoices).optional(),
  event: form.choice(deliveries).optional(),
});

/** Route ids: digits only, in the range of a bigint identity; anything else is "not found". */
export function notificationId(value: string): number | undefined {
  if (!/^[1-9][0-9]{0,15}$/.test(value)) return undefined;
  const id = Number(value);
  return Number.isSafeInteger(id) ? id : undefined;
}

export function pageNumber(query: unknown): number {
  const raw = Number((query as Record<string, unknown> | undefined)?.page ?? 1);
  return Number.isInteger(raw) && raw > 0 && raw < 10000 ? raw : 1;
}

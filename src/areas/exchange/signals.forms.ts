import { z } from 'zod';
import type { SignalKind } from '../../db/schema.ts';
import { form } from '../../web/forms.ts';

export type { SignalKind };

export const signalKinds = ['can-help', 'would-use', 'could-fund', 'need-too', 'follow'] as const satisfies readonly SignalKind[];

export const limits = { note: 500, message: 2000, maxAmount: 100_000_000, organisationSlug: 80 } as const;

export function isSignalKind(value: unknown): value is SignalKind {
  return typeof value === 'string' && (signalKinds as readonly string[]).includes(value);
}

/** What a member says when they signal; the same for forms and the JSON API. */
export interface SignalInput {
  kind: SignalKind;
  note: string;
  amount: number | null;
  /** Slug of the organisation that needs it too (need-too only). */
  organisation: string | null;
}

/**
 * "£73,219.50", "73219" or "73 219" → 73219.5. Pounds and pence only; anything else is refused
 * rather than guessed at, since the figure is what a funder tells a team.
 */
export function parseAmount(raw: string): number | null | 'invalid' | 'too-large' {
  const cleaned = raw.replace(/[£,\s]/g, '');
  if (cleaned === '') return null;
  if (!/^\d{1,12}(\.\d{1,2})?$/.test(cleaned)) return 'invalid';
  const value = Number(cleaned);
  if (!Number.isFinite(value)) return 'invalid';
  if (value > limits.maxAmount) return 'too-large';
  return value;
}

const amountField = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const parsed = parseAmount(value ?? '');
    if (parsed === 'invalid') {
      ctx.addIssue({ code: 'custom', message: 'signals.fund.amount.invalid' });
      return z.NEVER;
    }
    if (parsed === 'too-large') {
      ctx.addIssue({ code: 'custom', message: 'signals.fund.amount.tooLarge' });
      return z.NEVER;
    }
    return parsed;
  });

/**
 * The forms on the pitch page, one per kind; field names differ per kind so that several forms can
 * sit on one page with unique ids, and the error summary links to the right field.
 */
export const signalForms = {
  'can-help': z.object({ help_note: form.text(limits.note, 'signals.help.note.required') }),
  'would-use': z.object({}),
  'could-fund': z.object({ fund_amount: amountField, fund_note: form.optionalText(limits.note) }),
  'need-too': z.object({ organisation: form.text(limits.organisationSlug, 'signals.need.organisation.required') }),
  follow: z.object({}),
} as const;

/** The field an error about each part of a signal belongs to, per form. */
export const fieldFor = {
  note: { 'can-help': 'help_note', 'could-fund': 'fund_note' } as Partial<Record<SignalKind, string>>,
  amount: 'fund_amount',
  organisation: 'organisation',
} as const;

export function inputFromForm(kind: SignalKind, data: Record<string, unknown>): SignalInput {
  switch (kind) {
    case 'can-help':
      return { kind, note: String(data.help_note), amount: null, organisation: null };
    case 'could-fund':
      return { kind, note: String(data.fund_note ?? ''), amount: (data.fund_amount as number | null) ?? null, organisation: null };
    case 'need-too':
      return { kind, note: '', amount: null, organisation: String(data.organisation) };
    default:
      return { kind, note: '', amount: null, organisation: null };
  }
}

/** The JSON API body for POST /api/pitches/{slug}/signals. */
export const signalBody = z
  .object({
    kind: z.enum(signalKinds).describe('can-help, would-use, could-fund, need-too or follow.'),
    note: z
      .string()
      .trim()
      .max(limits.note, { error: `form.tooLong:${limits.note}` })
      .optional()
      .describe('can-help: how you could help (required). could-fund: a note for the team (optional, private to the team).'),
    amount: z
      .number({ error: 'signals.fund.amount.invalid' })
      .min(0, { error: 'signals.fund.amount.invalid' })
      .max(limits.maxAmount, { error: 'signals.fund.amount.tooLarge' })
      .nullable()
      .optional()
      .describe('could-fund: an indicative amount in pounds (optional). Only the pitch team and you can ever see it.'),
    organisation: z
      .string()
      .trim()
      .max(limits.organisationSlug, { error: `form.tooLong:${limits.organisationSlug}` })
      .optional()
      .describe('need-too: the slug of an organisation you are an active member of (required).'),
  })
  .superRefine((body, ctx) => {
    if (body.kind === 'can-help' && !body.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'signals.help.note.required' });
    if (body.kind === 'need-too' && !body.organisation) {
      ctx.addIssue({ code: 'custom', path: ['organisation'], message: 'signals.need.organisation.required' });
    }
  });

export function inputFromBody(body: z.output<typeof signalBody>): SignalInput {
  return {
    kind: body.kind,
    note: body.kind === 'can-help' || body.kind === 'could-fund' ? (body.note ?? '') : '',
    amount: body.kind === 'could-fund' ? (body.amount === undefined || body.amount === null ? null : Math.round(body.amount * 100) / 100) : null,
    organisation: body.kind === 'need-too' ? (body.organisation ?? null) : null,
  };
}

export const replyForm = z.object({ message: form.text(limits.message, 'signals.reply.message.required') });
export const inviteForm = z.object({ message: form.text(limits.message, 'signals.invite.message.required') });

import { z } from 'zod';
import { signalKinds } from './signals.forms.ts';
import type { OwnSignal, PublicSignalSummary, TeamSignal } from './signals.queries.ts';

const organisationRef = z.object({ slug: z.string(), name: z.string(), url: z.string() });

const countsSchema = z
  .object({
    canHelp: z.number().int(),
    wouldUse: z.number().int(),
    couldFund: z.number().int(),
    needToo: z.number().int(),
    follow: z.number().int(),
  })
  .describe('How many members said each thing.');

/** One of the requester's own signals: the amount is theirs, so they see it. */
export const ownSignalSchema = z.object({
  kind: z.enum(signalKinds),
  note: z.string(),
  amount: z.number().nullable().describe('could-fund only: the indicative amount in pounds you gave.'),
  organisation: organisationRef.nullable(),
  createdAt: z.string(),
});

/** One signal as the pitch team sees it. */
export const teamSignalSchema = ownSignalSchema.extend({
  id: z.number().int(),
  member: z.object({ handle: z.string(), name: z.string(), url: z.string() }),
});

export const signalsSchema = z.object({
  pitch: z.object({ slug: z.string(), title: z.string(), url: z.string() }),
  counts: countsSchema,
  organisationsInNeed: z.array(organisationRef).describe('Organisations that said they need this too (the first 20).'),
  mine: z
    .array(ownSignalSchema)
    .optional()
    .describe('Your own signals on this pitch, when you are signed in or send a token.'),
  signals: z
    .array(teamSignalSchema)
    .optional()
    .describe('Everyone’s signals, newest first, 50 a page: only for members of the pitch team.'),
  page: z.number().int().optional(),
  nextPage: z.number().int().nullable().optional(),
});

export const signalResultSchema = z.object({
  created: z.boolean().describe('False when you had already sent this signal: nothing changed.'),
  signal: ownSignalSchema,
  counts: countsSchema,
});

export const withdrawResultSchema = z.object({
  removed: z.boolean().describe('False when there was no such signal to withdraw.'),
  counts: countsSchema,
});

export const apiErrorSchema = z.object({ error: z.string(), message: z.string(), errors: z.record(z.string(), z.string()).optional() });

export function countsJson(summary: PublicSignalSummary): z.input<typeof countsSchema> {
  const c = summary.counts;
  return { canHelp: c['can-help'], wouldUse: c['would-use'], couldFund: c['could-fund'], needToo: c['need-too'], follow: c.follow };
}

export function ownSignalJson(signal: OwnSignal, publicUrl: string): z.input<typeof ownSignalSchema> {
  return {
    kind: signal.kind,
    note: signal.note,
    amount: signal.amount,
    organisation: signal.organisation
      ? { ...signal.organisation, url: `${publicUrl}/organisations/${signal.organisation.slug}` }
      : null,
    createdAt: signal.createdAt.toISOString(),
  };
}

export function teamSignalJson(signal: TeamSignal, publicUrl: string): z.input<typeof teamSignalSchema> {
  return {
    ...ownSignalJson(signal, publicUrl),
    id: signal.id,
    member: { handle: signal.member.handle, name: signal.member.name, url: `${publicUrl}/members/${signal.member.handle}` },
  };
}

export const csvColumns = ['date', 'kind', 'name', 'profile', 'organisation', 'note', 'amount'];

export function teamSignalCsvRow(signal: TeamSignal, publicUrl: string): Record<string, unknown> {
  return {
    date: signal.createdAt,
    kind: signal.kind,
    name: signal.member.name,
    profile: `${publicUrl}/members/${signal.member.handle}`,
    organisation: signal.organisation?.name ?? '',
    note: signal.note,
    amount: signal.amount === null ? '' : signal.amount.toFixed(2),
  };
}

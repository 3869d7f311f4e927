import { z } from 'zod';
import { findLocalAuthority } from '../../data/uk-local-authorities.ts';
import type { PitchKind, PitchStage, ProfileLink } from '../../db/schema.ts';
import type { MessageKey } from '../../i18n/i18n.ts';
import type { FieldErrors } from '../../web/components.tsx';
import { form, isWebAddress, parseForm, parseTags, type FormResult } from '../../web/forms.ts';

export const pitchKinds = ['idea', 'challenge', 'project', 'product', 'service', 'offer', 'want'] as const satisfies readonly PitchKind[];
export const pitchStages = [
  'idea',
  'shaping',
  'seeking-partners',
  'seeking-funding',
  'funded',
  'delivering',
  'delivered',
  'replicated',
  'paused',
  'closed',
] as const satisfies readonly PitchStage[];
export const pitchTerms = ['free', 'paid', 'negotiable'] as const;
export type PitchTerms = (typeof pitchTerms)[number];
export const listingSorts = ['newest', 'active', 'signals', 'funding'] as const;
export type ListingSort = (typeof listingSorts)[number];

export const kindLabel = (kind: PitchKind): MessageKey => `pitch.kind.${kind}`;
export const kindHint = (kind: PitchKind): MessageKey => `pitch.kind.${kind}.hint`;
export const stageLabel = (stage: PitchStage): MessageKey => `pitch.stage.${stage}`;
export const termsLabel = (terms: PitchTerms): MessageKey => `pitch.terms.${terms}`;
export const sortLabel = (sort: ListingSort): MessageKey => `pitches.sort.${sort}`;

export const limits = {
  title: 150,
  summary: 300,
  body: 20_000,
  place: 100,
  tags: 10,
  links: 5,
  linkLabel: 80,
  linkUrl: 500,
  role: 60,
  note: 500,
  fileDescription: 300,
  query: 200,
  handle: 100,
  /** Pounds; far beyond any pitch, well inside numeric(12, 2). */
  money: 1_000_000_000,
} as const;

export const pageSize = 20;
/** Deep pages cost an ever longer scan; nobody browses 500 pages of pitches. */
export const maxPage = 500;

export const linkSlots = [1, 2, 3, 4, 5] as const;
export const linkLabelName = (slot: number) => `link${slot}Label`;
export const linkUrlName = (slot: number) => `link${slot}Url`;

/** The area field: a local authority's ONS code, "online" for online or anywhere, or nothing. */
export const onlineArea = 'online';

/** What a saved pitch holds, checked and tidied; the web form and the API both produce it. */
export interface PitchInput {
  kind: PitchKind;
  title: string;
  summary: string;
  body: string;
  terms: PitchTerms;
  priceMin: number | null;
  priceMax: number | null;
  budget: number | null;
  deadline: string | null;
  stage: PitchStage;
  tags: string[];
  place: string;
  localAuthority: string | null;
  online: boolean;
  organisationIds: number[];
  /** Posted into this group; null or left out for the whole hub. */
  groupId?: number | null;
  links: ProfileLink[];
}

/** "1500", "1,500", "£1,500.50" → 1500.5; empty → null. */
export function parseMoney(raw: string): number | null | 'invalid' {
  const text = raw.replace(/[£,\s]/g, '');
  if (text === '') return null;
  if (!/^\d{1,10}(\.\d{1,2})?$/.test(text)) return 'invalid';
  const value = Number(text);
  return value <= limits.money ? value : 'invalid';
}

/** Today's date in the UK, as YYYY-MM-DD: deadlines are days in UK time, not UTC. */
export function todayInUk(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const money = (field: string) =>
  z
    .string()
    .optional()
    .transform((value, context) => {
      const parsed = parseMoney(value ?? '');
      if (parsed === 'invalid') {
        context.addIssue({ code: 'custom', path: [], message: 'pitch.field.money.invalid' });
        return z.NEVER;
      }
      return parsed;
    })
    .describe(field);

const deadlineText = z
  .string()
  .trim()
  .optional()
  .transform((value) => value ?? '')
  .refine((value) => value === '' || isCalendarDate(value), { error: 'pitch.field.deadline.invalid' })
  .transform((value) => value || null);

const area = z
  .string()
  .trim()
  .max(20, { error: 'pitch.field.area.unknown' })
  .optional()
  .transform((value) => value ?? '')
  .refine((value) => value === '' || value === onlineArea || findLocalAuthority(value) !== undefined, { error: 'pitch.field.area.unknown' });

const organisationIds = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
  .pipe(z.array(z.string().regex(/^\d{1,12}$/, { error: 'form.invalidChoice' })))
  .transform((values) => [...new Set(values.map(Number))]);

const formShape: Record<string, z.ZodType> = {
  kind: form.choice(pitchKinds, 'pitch.field.kind.required'),
  title: form.text(limits.title, 'pitch.field.title.required'),
  summary: form.optionalText(limits.summary),
  body: form.optionalText(limits.body),
  terms: form.choice(pitchTerms, 'pitch.field.terms.required'),
  priceMin: money('priceMin'),
  priceMax: money('priceMax'),
  budget: money('budget'),
  deadline: deadlineText,
  stage: form.choice(pitchStages, 'pitch.field.stage.required'),
  tags: form.tags(limits.tags),
  place: form.optionalText(limits.place),
  area,
  organisations: organisationIds,
  group: z
    .string()
    .trim()
    .optional()
    .transform((value) => value ?? '')
    .pipe(z.string().regex(/^(\d{1,12})?$/, { error: 'form.invalidChoice' }))
    .transform((value) => (value === '' ? null : Number(value))),
};
for (const slot of linkSlots) {
  formShape[linkLabelName(slot)] = form.optionalText(limits.linkLabel);
  formShape[linkUrlName(slot)] = form.optionalUrl(limits.linkUrl);
}

/** Rules across fields, shared by the form and the API so both refuse the same things. */
function crossChecks(
  data: { priceMin: number | null; priceMax: number | null },
  context: z.RefinementCtx,
  paths: { priceMax: string },
) {
  if (data.priceMin !== null && data.priceMax !== null && data.priceMin > data.priceMax) {
    context.addIssue({ code: 'custom', path: [paths.priceMax], message: 'pitch.field.price.order' });
  }
}

function tidyLinks(pairs: { label: string; url: string }[]): ProfileLink[] {
  return pairs
    .filter((pair) => pair.url)
    .map((pair) => {
      // The parsed form of the address: quotes and angle brackets come out percent-encoded.
      const parsed = new URL(pair.url);
      return { label: pair.label || parsed.host, url: parsed.href };
    });
}

function areaColumns(value: string): { localAuthority: string | null; online: boolean } {
  if (value === onlineArea) return { localAuthority: null, online: true };
  if (value) return { localAuthority: findLocalAuthority(value)!.code, online: false };
  return { localAuthority: null, online: false };
}

/** Budget and deadline belong to challenges; prices to things that are not free. */
function normalise(input: PitchInput): PitchInput {
  const challenge = input.kind === 'challenge';
  const priced = input.terms !== 'free';
  return {
    ...input,
    budget: challenge ? input.budget : null,
    deadline: challenge ? input.deadline : null,
    priceMin: priced ? input.priceMin : null,
    priceMax: priced ? input.priceMax : null,
  };
}

export const pitchForm = z
  .object(formShape)
  .superRefine((data, context) => {
    crossChecks(data as { priceMin: number | null; priceMax: number | null }, context, { priceMax: 'priceMax' });
    for (const slot of linkSlots) {
      if (data[linkLabelName(slot)] && !data[linkUrlName(slot)]) {
        context.addIssue({ code: 'custom', path: [linkUrlName(slot)], message: 'pitch.field.link.urlNeeded' });
      }
    }
  })
  .transform((data): PitchInput =>
    normalise({
      kind: data.kind as PitchKind,
      title: data.title as string,
      summary: data.summary as string,
      body: data.body as string,
      terms: data.terms as PitchTerms,
      priceMin: data.priceMin as number | null,
      priceMax: data.priceMax as number | null,
      budget: data.budget as number | null,
      deadline: data.deadline as string | null,
      stage: data.stage as PitchStage,
      tags: data.tags as string[],
      place: data.place as string,
      ...areaColumns(data.area as string),
      organisationIds: data.organisations as number[],
      groupId: data.group as number | null,
      links: tidyLinks(linkSlots.map((slot) => ({ label: data[linkLabelName(slot)] as string, url: data[linkUrlName(slot)] as string }))),
    }),
  );

/**
 * Checks the pitch form. Rules across fields are also checked on the raw values when some field
 * is wrong, so one round trip shows every problem rather than revealing them one at a time.
 */
export function parsePitchForm(values: Record<string, unknown>): FormResult<PitchInput> {
  const parsed = parseForm(pitchForm, values);
  if (parsed.ok) return parsed;
  const errors: FieldErrors = { ...parsed.errors };
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string).trim() : '');
  const min = parseMoney(text('priceMin'));
  const max = parseMoney(text('priceMax'));
  if (typeof min === 'number' && typeof max === 'number' && min > max) errors.priceMax ??= 'pitch.field.price.order';
  for (const slot of linkSlots) {
    if (text(linkLabelName(slot)) && !text(linkUrlName(slot))) errors[linkUrlName(slot)] ??= 'pitch.field.link.urlNeeded';
  }
  return { ok: false, errors, values: parsed.values };
}

/**
 * A deadline must not be in the past when it is set; one that was saved earlier and has since
 * passed may stay, so an old challenge can still be edited.
 */
export function deadlineProblem(deadline: string | null, kept: string | null, today = todayInUk()): string | null {
  if (deadline === null || deadline === kept) return null;
  return deadline < today ? 'pitch.field.deadline.past' : null;
}

// ---- The JSON API --------------------------------------------------------------------------

const apiMoney = z.number({ error: 'pitch.field.money.invalid' }).min(0, { error: 'pitch.field.money.invalid' }).max(limits.money, { error: 'pitch.field.money.invalid' }).multipleOf(0.01, { error: 'pitch.field.money.invalid' }).nullable().optional();

const apiLink = z.object({
  label: z.string().trim().max(limits.linkLabel, { error: `form.tooLong:${limits.linkLabel}` }).optional().default(''),
  url: z.string().trim().max(limits.linkUrl, { error: `form.tooLong:${limits.linkUrl}` }).refine(isWebAddress, { error: 'form.invalidUrl' }),
});

/** Fields of a pitch as the API takes them. All but kind and title may be left out. */
export const apiPitchFields = {
  kind: z.enum(pitchKinds, { error: 'pitch.field.kind.required' }),
  title: z.string({ error: 'pitch.field.title.required' }).trim().min(1, 'pitch.field.title.required').max(limits.title, { error: `form.tooLong:${limits.title}` }),
  summary: z.string().trim().max(limits.summary, { error: `form.tooLong:${limits.summary}` }).optional().default(''),
  body: z.string().trim().max(limits.body, { error: `form.tooLong:${limits.body}` }).optional().default('').describe('Markdown'),
  terms: z.enum(pitchTerms, { error: 'pitch.field.terms.required' }).optional().default('free'),
  priceMin: apiMoney.describe('Pounds; only for paid or negotiable terms'),
  priceMax: apiMoney.describe('Pounds; at least priceMin'),
  budget: apiMoney.describe('Pounds; challenges only'),
  deadline: z
    .string()
    .refine(isCalendarDate, { error: 'pitch.field.deadline.invalid' })
    .nullable()
    .optional()
    .describe('YYYY-MM-DD, not in the past; challenges only'),
  stage: z.enum(pitchStages, { error: 'pitch.field.stage.required' }).optional().default('idea'),
  tags: z
    .array(z.string().max(40, { error: 'form.tagTooLong' }))
    .max(limits.tags, { error: `form.tooManyTags:${limits.tags}` })
    .optional()
    .default([])
    .transform((tags) => parseTags(tags.join(','))),
  place: z.string().trim().max(limits.place, { error: `form.tooLong:${limits.place}` }).optional().default(''),
  area: z
    .string()
    .refine((value) => value === onlineArea || findLocalAuthority(value) !== undefined, { error: 'pitch.field.area.unknown' })
    .nullable()
    .optional()
    .describe('ONS code of a UK local authority, or "online" for online or anywhere'),
  organisations: z.array(z.string().max(100)).max(20).optional().default([]).describe('Slugs of organisations you are an active member of'),
  group: z.string().max(100).nullable().optional().describe('Slug of a group you are an active member of, to post the pitch into it; null for the whole hub'),
  links: z.array(apiLink).max(limits.links, { error: `pitch.field.links.tooMany:${limits.links}` }).optional().default([]),
};

export const apiCreateBody = z
  .object({
    ...apiPitchFields,
    publish: z.boolean().optional().default(false).describe('true to publish at once; otherwise the pitch is saved as a draft'),
  })
  .superRefine((data, context) => crossChecks({ priceMin: data.priceMin ?? null, priceMax: data.priceMax ?? null }, context, { priceMax: 'priceMax' }));

/**
 * What PATCH takes: the version last read and any fields to change. The route lays the fields
 * over the stored pitch and checks the result with `apiCreateBody`, so both refuse the same things.
 */
export const apiUpdateBody = z
  .object(apiPitchFields)
  .partial()
  .extend({
    version: z.number({ error: 'pitch.api.versionNeeded' }).int().min(1).describe('The version you last read; a stale one gets 409 with the current version'),
    stageNote: z.string().max(limits.note).optional().describe('A note for the stage history, when the stage changes'),
  });

/** Turns an API body (after its schema) into what the commands take; organisations are resolved by the caller. */
export function apiInput(data: z.output<typeof apiCreateBody>, organisationIds: number[], groupId: number | null = null): PitchInput {
  return normalise({
    kind: data.kind,
    title: data.title,
    summary: data.summary,
    body: data.body,
    terms: data.terms,
    priceMin: data.priceMin ?? null,
    priceMax: data.priceMax ?? null,
    budget: data.budget ?? null,
    deadline: data.deadline ?? null,
    stage: data.stage,
    tags: data.tags,
    place: data.place,
    ...areaColumns(data.area ?? ''),
    organisationIds,
    groupId,
    links: tidyLinks(data.links.map((link) => ({ label: link.label, url: link.url }))),
  });
}

// ---- Smaller forms -------------------------------------------------------------------------

export const stageForm = z.object({
  stage: form.choice(pitchStages, 'pitch.field.stage.required'),
  note: form.optionalText(limits.note),
});

export const teamForm = z.object({
  handle: z
    .string()
    .trim()
    .transform((value) => value.replace(/^@/, '').toLowerCase())
    .pipe(z.string().min(1, 'pitch.team.handle.required').max(limits.handle, { error: 'pitch.team.handle.unknown' })),
  role: form.optionalText(limits.role),
});

export const fileDescriptionForm = z.object({
  description: form.text(limits.fileDescription, 'pitch.files.description.required'),
});

export const attachmentDescriptionForm = z.object({
  description: form.optionalText(limits.fileDescription),
});

// ---- Listing -------------------------------------------------------------------------------

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

/** The listing's query string; also its published API parameters, so keep descriptions readable. */
export const listingQuery = z.object({
  kind: z.preprocess(emptyToUndefined, z.enum(pitchKinds, { error: 'form.invalidChoice' }).optional()).describe('Only this kind of pitch.'),
  stage: z.preprocess(emptyToUndefined, z.enum(pitchStages, { error: 'form.invalidChoice' }).optional()).describe('Only pitches at this stage.'),
  terms: z.preprocess(emptyToUndefined, z.enum(pitchTerms, { error: 'form.invalidChoice' }).optional()).describe('free, paid or negotiable.'),
  tag: z.preprocess(emptyToUndefined, z.string().trim().toLowerCase().max(40, { error: 'form.tagTooLong' }).optional()).describe('Only pitches with this tag.'),
  area: z
    .preprocess(
      emptyToUndefined,
      z
        .string()
        .refine((value) => value === onlineArea || findLocalAuthority(value) !== undefined, { error: 'pitch.field.area.unknown' })
        .transform((value) => (value === onlineArea ? value : findLocalAuthority(value)!.code))
        .optional(),
    )
    .describe('ONS code of a UK local authority, or "online" for pitches online or anywhere.'),
  group: z
    .preprocess(emptyToUndefined, z.string().regex(/^[a-z0-9-]{1,100}$/, { error: 'form.invalidChoice' }).optional())
    .describe('Only pitches posted into the group with this slug.'),
  sector: z
    .preprocess(emptyToUndefined, z.string().regex(/^[a-z-]{1,40}$/, { error: 'form.invalidChoice' }).optional())
    .describe('Only pitches backed by an organisation of this type: council, public-body, charity, social-enterprise, company, funder, university.'),
  sort: z.preprocess(emptyToUndefined, z.enum(listingSorts, { error: 'form.invalidChoice' }).optional()).describe('newest (default), active, signals or funding.'),
  page: z
    .preprocess(
      emptyToUndefined,
      z.coerce.number({ error: 'form.invalid' }).int({ error: 'form.invalid' }).min(1, { error: 'form.invalid' }).max(maxPage, { error: 'form.invalid' }).optional(),
    )
    .describe(`Page number, from 1 to ${maxPage}; 20 pitches a page.`),
});

export interface ListingFilters {
  kind: PitchKind | null;
  stage: PitchStage | null;
  terms: PitchTerms | null;
  tag: string | null;
  area: string | null;
  sector: string | null;
  /** A group's slug; left out by callers that list the whole hub. */
  group?: string | null;
  sort: ListingSort;
}

export function listingFilters(data: z.output<typeof listingQuery>): ListingFilters {
  return {
    kind: data.kind ?? null,
    stage: data.stage ?? null,
    terms: data.terms ?? null,
    tag: data.tag ? data.tag.replace(/\s+/g, ' ') : null,
    area: data.area ?? null,
    sector: data.sector ?? null,
    group: data.group ?? null,
    sort: data.sort ?? 'newest',
  };
}

/** The filters as query-string values, for pagination and data links. */
export function filtersQuery(filters: ListingFilters): Record<string, string | undefined> {
  return {
    kind: filters.kind ?? undefined,
    stage: filters.stage ?? undefined,
    terms: filters.terms ?? undefined,
    tag: filters.tag ?? undefined,
    area: filters.area ?? undefined,
    sector: filters.sector ?? undefined,
    group: filters.group ?? undefined,
    sort: filters.sort === 'newest' ? undefined : filters.sort,
  };
}

export const searchQuery = z.object({
  q: z.preprocess(emptyToUndefined, z.string().trim().max(limits.query, { error: `form.tooLong:${limits.query}` }).optional()).describe('Words to look for.'),
  page: listingQuery.shape.page,
});

/** A saved pitch in the shape of its form, for the edit page: links back into their slots. */
export function pitchFormValues(input: PitchInput): Record<string, unknown> {
  const values: Record<string, unknown> = {
    kind: input.kind,
    title: input.title,
    summary: input.summary,
    body: input.body,
    terms: input.terms,
    priceMin: input.priceMin ?? '',
    priceMax: input.priceMax ?? '',
    budget: input.budget ?? '',
    deadline: input.deadline ?? '',
    stage: input.stage,
    tags: input.tags.join(', '),
    place: input.place,
    area: input.online ? onlineArea : (input.localAuthority ?? ''),
    organisations: input.organisationIds.map(String),
    group: input.groupId == null ? '' : String(input.groupId),
  };
  input.links.forEach((link, index) => {
    values[linkLabelName(index + 1)] = link.label;
    values[linkUrlName(index + 1)] = link.url;
  });
  return values;
}

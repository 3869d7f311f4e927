import { z } from 'zod';
import { findLocalAuthority } from '../../data/uk-local-authorities.ts';
import type { EvidenceLevel, StoryInterestKind, TrialOutcome } from '../../db/schema.ts';
import { form } from '../../web/forms.ts';

export const limits = {
  people: 300,
  storyPeople: 500,
  place: 100,
  what: 5000,
  why: 3000,
  name: 100,
  email: 254,
  title: 150,
  summary: 500,
  body: 20000,
  tags: 10,
  handles: 20,
  question: 2000,
  answer: 5000,
  reason: 2000,
  clipTitle: 200,
  videoAddress: 500,
  alt: 300,
  caption: 300,
  interviewQuestion: 500,
  interviewAnswer: 5000,
  organisation: 150,
  trialNote: 2000,
  adaptedNote: 500,
  evidenceNote: 1000,
  recipeBody: 50_000,
  host: 253,
} as const;

export const evidenceLevels = ['anecdote', 'documented', 'evaluated', 'independently-evaluated'] as const satisfies readonly EvidenceLevel[];
export const trialOutcomes = ['worked', 'partly', 'did-not-work'] as const satisfies readonly TrialOutcome[];
export const interestKinds = ['interested', 'trying'] as const satisfies readonly StoryInterestKind[];
export const sorts = ['newest', 'wanted', 'match'] as const;
export type Sort = (typeof sorts)[number];
/** The longest search the story list takes. */
export const queryMax = 200;

export const pageSize = 20;
export const maxPage = 500;
export const feedSize = 50;
/** Photos a story may carry at once, and interview answers. */
export const photosMax = 12;
export const interviewMax = 30;
/** A question nobody in the story has answered for this long goes on the reporter's follow-up list. */
export const followUpDays = 7;
/** How long the links in nomination emails work. */
export const confirmHours = 48;
export const answerDays = 14;

export const slugPattern = /^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$/;
export const idPattern = /^[1-9][0-9]{0,11}$/;
export const tokenPattern = /^[A-Za-z0-9_-]{40,50}$/;

const localAuthority = z
  .string()
  .trim()
  .max(20, { error: 'stories.field.authority.unknown' })
  .optional()
  .transform((value) => value ?? '')
  .refine((value) => value === '' || findLocalAuthority(value) !== undefined, { error: 'stories.field.authority.unknown' })
  .transform((value) => (value === '' ? null : findLocalAuthority(value)!.code));

const email = z
  .string({ error: 'stories.field.email.required' })
  .trim()
  .min(1, 'stories.field.email.required')
  .max(limits.email, `form.tooLong:${limits.email}`)
  .pipe(z.email({ error: 'stories.field.email.invalid' }));

const yesNo = (error: string) => z.enum(['yes', 'no'], { error }).transform((value) => value === 'yes');

// ---- Nominating ----------------------------------------------------------------------------

const nominationShape = {
  people: form.text(limits.people, 'stories.field.people.required'),
  place: form.optionalText(limits.place),
  localAuthority,
  what: form.text(limits.what, 'stories.field.what.required'),
  why: form.text(limits.why, 'stories.field.why.required'),
  nominatorName: form.text(limits.name, 'stories.field.nominatorName.required'),
  selfNomination: yesNo('stories.field.self.required'),
  // The honeypot: people never see it, so anything in it was typed by a program.
  website: z.string().max(500).optional().transform((value) => value ?? ''),
};

/** Nominating without an account (or before confirming one's email): the email is asked for. */
export const nominationForm = z.object({ ...nominationShape, nominatorEmail: email });
/** Nominating as a signed-in member: the account's own email is used. */
export const memberNominationForm = z.object(nominationShape);
export type NominationInput = z.output<typeof memberNominationForm> & { nominatorEmail?: string };

// ---- Reviewing -----------------------------------------------------------------------------

const handle = z
  .string()
  .trim()
  .max(101, { error: 'stories.field.handle.unknown' })
  .optional()
  .transform((value) => (value ?? '').replace(/^@/, '').toLowerCase())
  .refine((value) => value === '' || /^[a-z0-9-]{1,100}$/.test(value), { error: 'stories.field.handle.unknown' });

export const acceptForm = z.object({
  title: form.text(limits.title, 'stories.field.title.required'),
  reporter: handle,
});

export const askForm = z.object({ question: form.text(limits.question, 'stories.review.ask.required') });
export const declineForm = z.object({ reason: form.text(limits.reason, 'stories.review.decline.required') });
export const answerForm = z.object({ answer: form.text(limits.answer, 'stories.answer.required') });
export const reporterForm = z.object({ reporter: handle.refine((value) => value !== '', { error: 'stories.field.handle.required' }) });

// ---- Writing the story ---------------------------------------------------------------------

/** Member handles, comma- or space-separated, with or without @. */
const handles = z
  .string()
  .optional()
  .transform((value) =>
    [
      ...new Set(
        (value ?? '')
          .split(/[\s,]+/)
          .map((item) => item.replace(/^@/, '').toLowerCase())
          .filter(Boolean),
      ),
    ],
  )
  .pipe(z.array(z.string().regex(/^[a-z0-9-]{1,100}$/, { error: 'stories.field.storyPeople.invalid' })).max(limits.handles, { error: `stories.field.storyPeople.tooMany:${limits.handles}` }));

export const storyForm = z.object({
  title: form.text(limits.title, 'stories.field.title.required'),
  summary: form.text(limits.summary, 'stories.field.summary.required'),
  body: z
    .string()
    .max(limits.body, { error: `form.tooLong:${limits.body}` })
    .optional()
    .transform((value) => (value ?? '').replace(/\r\n/g, '\n').trim()),
  people: form.optionalText(limits.storyPeople),
  place: form.optionalText(limits.place),
  localAuthority,
  tags: form.tags(limits.tags),
  storyPeople: handles,
  adaptedFrom: z
    .string()
    .trim()
    .max(300, { error: 'stories.field.adaptedFrom.unknown' })
    .optional()
    .transform((value) => storySlugFrom(value ?? ''))
    .refine((value) => value !== undefined, { error: 'stories.field.adaptedFrom.unknown' })
    .transform((value) => value ?? ''),
  adaptedNote: form.optionalText(limits.adaptedNote),
});
export type StoryInput = z.output<typeof storyForm>;

/** A story's slug from what was typed: the slug itself, its path or its full address. '' for nothing, undefined for nonsense. */
export function storySlugFrom(value: string): string | undefined {
  if (value === '') return '';
  const match = /^(?:https?:\/\/[^/]+)?(?:\/stories\/)?([a-z0-9-]+)\/?$/i.exec(value);
  const slug = match?.[1]?.toLowerCase();
  return slug && slugPattern.test(slug) ? slug : undefined;
}

// ---- Media ---------------------------------------------------------------------------------

export const videoFields = z.object({ title: form.text(limits.clipTitle, 'stories.clip.title.required') });
export const embedForm = z.object({
  address: form.text(limits.videoAddress, 'stories.clip.address.required'),
  title: form.text(limits.clipTitle, 'stories.clip.title.required'),
});
export const photoFields = z.object({
  alt: form.text(limits.alt, 'stories.photo.alt.required'),
  caption: form.optionalText(limits.caption),
});
export const interviewForm = z.object({
  question: form.text(limits.interviewQuestion, 'stories.interview.question.required'),
  answer: form.text(limits.interviewAnswer, 'stories.interview.answer.required'),
});

// ---- Interest, trials, lineage -------------------------------------------------------------

export const interestForm = z.object({
  kind: form.choice(interestKinds, 'stories.interest.kind.required'),
  organisation: form.optionalText(limits.organisation),
});

/** A month as typed: 2025-03, 03/2025 or 3/2025. */
export function parseMonth(value: string): string | null {
  const text = value.trim();
  let year: number;
  let month: number;
  const iso = /^(\d{4})-(\d{1,2})$/.exec(text);
  const uk = /^(\d{1,2})\/(\d{4})$/.exec(text);
  if (iso) [year, month] = [Number(iso[1]), Number(iso[2])];
  else if (uk) [year, month] = [Number(uk[2]), Number(uk[1])];
  else return null;
  if (month < 1 || month > 12) return null;
  return `${year}-${String(month).padStart(2, '0')}`;
}

export function trialForm(now: Date) {
  const thisMonth = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  return z.object({
    organisation: form.text(limits.organisation, 'stories.trial.organisation.required'),
    place: form.optionalText(limits.place),
    localAuthority,
    triedIn: z
      .string({ error: 'stories.trial.when.required' })
      .trim()
      .min(1, 'stories.trial.when.required')
      .max(20, { error: 'stories.trial.when.invalid' })
      .transform((value) => parseMonth(value))
      .refine((value) => value !== null, { error: 'stories.trial.when.invalid' })
      .refine((value) => value! >= '1990-01' && value! <= thisMonth, { error: 'stories.trial.when.range' })
      .transform((value) => value!),
    outcome: form.choice(trialOutcomes, 'stories.trial.outcome.required'),
    note: form.optionalText(limits.trialNote),
  });
}
export type TrialInput = z.output<ReturnType<typeof trialForm>>;

export const adaptPitchForm = z.object({
  pitch: z.string({ error: 'stories.adapt.pitch.required' }).regex(idPattern, { error: 'stories.adapt.pitch.required' }).transform(Number),
  note: form.optionalText(limits.adaptedNote),
});

// ---- The recipe ----------------------------------------------------------------------------

const evidence = {
  evidenceLevel: form.choice(evidenceLevels, 'stories.recipe.evidence.required'),
  evidenceNote: form.optionalText(limits.evidenceNote),
};

export const recipeForm = z.object({
  title: form.text(limits.title, 'stories.recipe.title.required').refine((title) => /[a-z0-9]/i.test(title), { error: 'stories.recipe.title.noLetters' }),
  body: z
    .string()
    .max(limits.recipeBody, { error: `form.tooLong:${limits.recipeBody}` })
    .optional()
    .transform((value) => (value ?? '').replace(/\r\n/g, '\n')),
  ...evidence,
});
export const evidenceForm = z.object(evidence);

// ---- Administration ------------------------------------------------------------------------

export const facilitatorForm = z.object({ handle: handle.refine((value) => value !== '', { error: 'stories.field.handle.required' }) });
export const hostForm = z.object({ host: form.text(limits.host + 10, 'stories.admin.host.required') });

// ---- The list ------------------------------------------------------------------------------

export const listingQuery = z.object({
  q: z.string().trim().max(queryMax, { error: `form.tooLong:${queryMax}` }).optional().describe('Only stories with these words (in their title, summary, text, people or place).'),
  tag: z.string().trim().max(40, { error: 'form.tagTooLong' }).optional().describe('Only stories with this tag.'),
  area: z
    .string()
    .trim()
    .max(20)
    .optional()
    .refine((value) => !value || findLocalAuthority(value) !== undefined, { error: 'stories.field.authority.unknown' })
    .describe('Only stories in this local authority (its ONS code, e.g. E08000035).'),
  evidence: z
    .union([z.literal(''), z.enum(evidenceLevels)], { error: 'form.invalidChoice' })
    .optional()
    .describe('Only stories whose replication recipe has this evidence level.'),
  sort: z
    .union([z.literal(''), z.enum(sorts)], { error: 'form.invalidChoice' })
    .optional()
    .describe('newest (the default without q), wanted (most interest first) or match (best match first: the default with q).'),
  page: z
    .string()
    .regex(/^[1-9][0-9]{0,5}$/, { error: 'form.invalid' })
    .optional()
    .transform((value) => (value ? Number(value) : 1))
    .refine((value) => value <= maxPage, { error: 'form.invalid' })
    .describe('Page of results, from 1.'),
});

export interface ListingFilters {
  q: string | null;
  tag: string | null;
  area: string | null;
  evidence: EvidenceLevel | null;
  sort: Sort;
}

/** Without words to search for, "best match" means nothing: the newest come first. */
export function defaultSort(q: string | null): Sort {
  return q ? 'match' : 'newest';
}

export function listingFilters(data: z.output<typeof listingQuery>): ListingFilters {
  const q = data.q ? data.q.replace(/\s+/g, ' ') : null;
  const sort = data.sort || defaultSort(q);
  return {
    q,
    tag: data.tag ? data.tag.toLowerCase().replace(/\s+/g, ' ') : null,
    area: data.area ? findLocalAuthority(data.area)!.code : null,
    evidence: data.evidence || null,
    sort: sort === 'match' && !q ? 'newest' : sort,
  };
}

export function filtersQuery(filters: ListingFilters): Record<string, string | undefined> {
  return {
    q: filters.q ?? undefined,
    tag: filters.tag ?? undefined,
    area: filters.area ?? undefined,
    evidence: filters.evidence ?? undefined,
    sort: filters.sort === defaultSort(filters.q) ? undefined : filters.sort,
  };
}

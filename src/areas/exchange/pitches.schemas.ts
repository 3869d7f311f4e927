import { z } from 'zod';
import { pitchKinds, pitchStages, pitchTerms } from './pitches.forms.ts';

// What the API publishes about pitches. Responses are sent through these schemas, which drop any
// field not named here.

const person = z.object({ handle: z.string(), name: z.string(), url: z.string() });

const localAuthority = z.object({ code: z.string().describe('ONS code'), name: z.string() }).nullable();

export const pitchSummarySchema = z.object({
  slug: z.string().describe('Identifier used in addresses'),
  title: z.string(),
  kind: z.enum(pitchKinds),
  stage: z.enum(pitchStages),
  status: z.enum(['draft', 'published']).describe('Drafts are only ever shown to their team and administrators'),
  terms: z.enum(pitchTerms),
  priceMin: z.number().nullable().describe('Pounds'),
  priceMax: z.number().nullable().describe('Pounds'),
  budget: z.number().nullable().describe('Pounds; challenges only'),
  deadline: z.string().nullable().describe('YYYY-MM-DD; challenges only'),
  summary: z.string(),
  tags: z.array(z.string()),
  place: z.string(),
  localAuthority,
  online: z.boolean().describe('Online or anywhere'),
  signalCount: z.number().int(),
  replyCount: z.number().int(),
  author: person.nullable().describe('Null when the author has deleted their account'),
  publishedAt: z.iso.datetime().nullable(),
  lastActivityAt: z.iso.datetime(),
  url: z.string().describe('Address of the pitch’s page'),
});

const file = z.object({
  url: z.string(),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int().describe('Bytes'),
  description: z.string(),
});

export const pitchSchema = pitchSummarySchema.extend({
  body: z.string().describe('Markdown source'),
  bodyHtml: z.string().describe('The body as sanitised HTML'),
  version: z.number().int().describe('Send it back with PATCH; it changes on every save'),
  links: z.array(z.object({ label: z.string(), url: z.string() })),
  team: z.array(person.extend({ role: z.string(), lead: z.boolean() })),
  organisations: z.array(z.object({ slug: z.string(), name: z.string(), type: z.string(), url: z.string() })),
  group: z.object({ slug: z.string(), name: z.string(), url: z.string() }).nullable().describe('The group it was posted into, or null for the whole hub'),
  hidden: z
    .object({ reason: z.string(), at: z.iso.datetime() })
    .optional()
    .describe('Only on a pitch a moderator has hidden, for its team and moderators (nobody else can see it): why, and when'),
  stageHistory: z.array(
    z.object({
      stage: z.enum(pitchStages),
      note: z.string(),
      changedBy: person.nullable(),
      changedAt: z.iso.datetime(),
    }),
  ),
  images: z.array(file),
  attachments: z.array(file),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const pitchListSchema = z.object({
  pitches: z.array(pitchSummarySchema),
  page: z.number().int(),
  nextPage: z.number().int().nullable().describe('Pass as ?page= for the next page; null on the last page'),
});

export const searchResultsSchema = z.object({
  query: z.string(),
  results: z.array(
    z.object({
      kind: z.enum(['pitch', 'post']),
      subject: z
        .object({ type: z.string().describe('e.g. "pitch" or "group"'), title: z.string(), url: z.string() })
        .describe('The pitch found, or what the conversation the post is in is about'),
      pitch: z.object({ slug: z.string(), title: z.string(), url: z.string() }).nullable().describe('The pitch, for a pitch or a reply on one; otherwise null'),
      url: z.string().describe('The pitch, or the post within its conversation'),
      snippet: z.string().describe('Plain text around the words found'),
      rank: z.number(),
    }),
  ),
  page: z.number().int(),
  nextPage: z.number().int().nullable(),
  stories: z
    .array(z.object({ title: z.string(), url: z.string(), snippet: z.string().describe('Plain text around the words found'), rank: z.number() }))
    .describe('Published stories that match, best first: up to five, on the first page only'),
  moreStoriesUrl: z.string().nullable().describe('The list of stories searched for the same words, when more stories match than are given here'),
});

export const activitySchema = z.object({
  activities: z.array(
    z.object({
      id: z.number().int(),
      verb: z.string(),
      summary: z.string(),
      actor: person.nullable(),
      subject: z.object({ type: z.string(), title: z.string(), url: z.string() }).nullable(),
      at: z.iso.datetime(),
    }),
  ),
  nextBefore: z.number().int().nullable().describe('Pass as ?before= for older activity; null at the end'),
});

export const apiErrorSchema = z.object({
  error: z.string(),
  message: z.string(),
  errors: z.record(z.string(), z.string()).optional(),
});

export const apiConflictSchema = apiErrorSchema.extend({
  currentVersion: z.number().int(),
  current: pitchSchema,
});

export type PitchSummaryJson = z.input<typeof pitchSummarySchema>;
export type PitchJson = z.input<typeof pitchSchema>;

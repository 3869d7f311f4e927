import { z } from 'zod';
import { evidenceLevels, trialOutcomes } from './stories.forms.ts';

// What the API publishes about stories. Responses pass through these schemas, which drop any
// field not named here. Nominations, the review and the follow-up lists are never published.

const person = z.object({ handle: z.string(), name: z.string(), url: z.string().describe('Address of the member’s profile') });
const localAuthority = z.object({ code: z.string().describe('ONS code'), name: z.string() }).nullable();

export const storySummarySchema = z.object({
  slug: z.string().describe('Identifier used in addresses'),
  title: z.string(),
  summary: z.string(),
  url: z.string().describe('Address of the story’s page'),
  place: z.string(),
  localAuthority,
  tags: z.array(z.string()),
  status: z.enum(['draft', 'published']).describe('Drafts are seen only by their reporter, the people in them and story facilitators'),
  publishedAt: z.iso.datetime().nullable(),
  updatedAt: z.iso.datetime(),
  interest: z.object({
    interested: z.number().int().describe('Members who said "this interests us"'),
    trying: z.number().int().describe('Members who said "we want to try this"'),
  }),
  evidenceLevel: z.enum(evidenceLevels).nullable().describe('How good the evidence of its replication recipe is; null without a recipe'),
  clip: z.enum(['video', 'embed']).nullable().describe('An uploaded captioned video, a video on another site, or none'),
});
export type StorySummaryJson = z.input<typeof storySummarySchema>;

export const storyListSchema = z.object({
  stories: z.array(storySummarySchema),
  page: z.number().int(),
  nextPage: z.number().int().nullable(),
});

const trialSchema = z.object({
  organisation: z.string(),
  place: z.string(),
  localAuthority,
  triedIn: z.string().describe('Month it was tried, YYYY-MM'),
  outcome: z.enum(trialOutcomes),
  note: z.string(),
});

export const storySchema = storySummarySchema.extend({
  body: z.string().describe('The story, in Markdown'),
  bodyHtml: z.string().describe('The story as sanitised HTML'),
  people: z.string().describe('The people and organisations in the story, in words'),
  reporter: person.nullable().describe('The social reporter writing the story'),
  peopleInStory: z.array(person).describe('Members who are in the story and answer questions about it'),
  clip: z
    .object({
      kind: z.enum(['video', 'embed']),
      title: z.string(),
      videoUrl: z.string().nullable().describe('The uploaded video'),
      captionsUrl: z.string().nullable().describe('Its captions, WebVTT'),
      durationSeconds: z.number().nullable(),
      provider: z.enum(['youtube', 'vimeo', 'peertube']).nullable(),
      watchUrl: z.string().nullable().describe('The video’s page on its own site'),
    })
    .nullable(),
  photos: z.array(z.object({ url: z.string(), alt: z.string(), caption: z.string() })),
  interview: z.array(z.object({ question: z.string(), answer: z.string() })),
  recipe: z
    .object({
      title: z.string(),
      url: z.string().describe('The recipe with its evidence level and where it has been tried'),
      knowledgeUrl: z.string().describe('The knowledge page holding it, with its history'),
      evidenceLevel: z.enum(evidenceLevels),
      evidenceNote: z.string(),
    })
    .nullable(),
  triedSince: z.object({
    counts: z.object({ worked: z.number().int(), partly: z.number().int(), didNotWork: z.number().int() }),
    entries: z.array(trialSchema),
  }),
  adaptedFrom: z.object({ title: z.string(), url: z.string(), note: z.string() }).nullable(),
  adaptedSince: z.array(z.object({ kind: z.enum(['story', 'pitch']), title: z.string(), url: z.string(), note: z.string() })),
  conversationUrl: z.string().describe('Questions to the people in the story and their answers, as JSON'),
  hidden: z
    .object({ reason: z.string(), at: z.iso.datetime() })
    .optional()
    .describe('Only for a story a moderator has hidden, which only its reporter, the people in it and story facilitators see'),
});
export type StoryJson = z.input<typeof storySchema>;

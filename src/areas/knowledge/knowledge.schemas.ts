import { z } from 'zod';
import { templates } from './knowledge.forms.ts';

const personSchema = z.object({ handle: z.string(), name: z.string(), url: z.string() }).nullable();

const groupSchema = z
  .object({ slug: z.string(), name: z.string(), url: z.string().describe('Address of the group’s page.') })
  .nullable()
  .describe('The group whose wiki the page is in; null for a hub-wide page.');

export const pageSummarySchema = z.object({
  slug: z.string(),
  title: z.string(),
  url: z.string().describe('Address of the page.'),
  template: z.enum(templates).nullable(),
  group: groupSchema,
  updatedAt: z.string().describe('When the page last changed (ISO 8601).'),
  lastChangedBy: personSchema,
  snippet: z.string().nullable().describe('Search only: the text around the words found.'),
});

export const pageListSchema = z.object({
  query: z.string().nullable(),
  pages: z.array(pageSummarySchema),
  page: z.number().int(),
  nextPage: z.number().int().nullable(),
});

export const attachmentSchema = z.object({
  name: z.string().describe('The file’s name as uploaded (cleaned).'),
  description: z.string(),
  contentType: z.string(),
  size: z.number().int().describe('In bytes.'),
  url: z.string().describe('Where to download it; asks who may see the page every time.'),
  uploadedBy: personSchema,
  uploadedAt: z.string(),
});

export const pageSchema = pageSummarySchema.omit({ snippet: true }).extend({
  body: z.string().describe('The text, in Markdown with [[Page name]] links.'),
  html: z.string().describe('The text as sanitised HTML.'),
  version: z.number().int().describe('Send this back when saving, to be told if someone else saved first.'),
  createdAt: z.string(),
  historyUrl: z.string(),
  links: z.array(z.object({ slug: z.string(), url: z.string(), exists: z.boolean() })),
  backlinks: z.array(z.object({ slug: z.string(), title: z.string(), url: z.string() })),
  attachments: z.array(attachmentSchema),
  hidden: z
    .object({ reason: z.string(), at: z.string() })
    .optional()
    .describe('Only on a page a moderator has hidden, for its authors and moderators (nobody else can see it): why, and when (ISO 8601).'),
});

export type PageJson = z.input<typeof pageSchema>;

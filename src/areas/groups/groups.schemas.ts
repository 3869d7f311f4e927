import { z } from 'zod';
import { visibilities } from './groups.policy.ts';
import { pinnedSchema } from './life.schemas.ts';

// What the API publishes about groups. Responses pass through these schemas, which drop any field
// not named here; a closed group's content is null for anyone who may not see it.

const person = z.object({
  handle: z.string(),
  name: z.string(),
  role: z.enum(['facilitator', 'member']),
  url: z.string().describe('Address of the member’s profile'),
});

export const groupSummarySchema = z.object({
  slug: z.string().describe('Identifier used in addresses'),
  name: z.string(),
  purpose: z.string(),
  visibility: z.enum(visibilities),
  tags: z.array(z.string()),
  place: z.string(),
  localAuthority: z.object({ code: z.string().describe('ONS code'), name: z.string() }).nullable(),
  memberCount: z.number().int(),
  createdAt: z.iso.datetime(),
  url: z.string().describe('Address of the group’s page'),
});

export const groupSchema = groupSummarySchema.extend({
  parent: z.object({ slug: z.string(), name: z.string(), url: z.string() }).nullable().describe('The group this is a sub-group of, if the viewer may see it'),
  facilitators: z.array(person),
  canSeeContent: z.boolean().describe('Whether the fields below are filled for this viewer'),
  description: z.string().nullable().describe('Markdown source; null when the viewer may not see the group’s content'),
  descriptionHtml: z.string().nullable(),
  members: z.array(person).nullable().describe('One page of current members; null when the viewer may not see them'),
  membersPage: z.number().int(),
  membersNextPage: z.number().int().nullable(),
  subgroups: z.array(z.object({ slug: z.string(), name: z.string(), visibility: z.enum(visibilities), url: z.string() })),
  pinned: pinnedSchema,
});

export const groupListSchema = z.object({
  groups: z.array(groupSummarySchema),
  page: z.number().int(),
  nextPage: z.number().int().nullable().describe('Pass as ?page= for the next page; null on the last page'),
});

export type GroupSummaryJson = z.input<typeof groupSummarySchema>;
export type GroupJson = z.input<typeof groupSchema>;

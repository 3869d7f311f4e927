import { z } from 'zod';
import { organisationSizes, organisationTypes } from './organisations.forms.ts';

// What the API publishes about organisations. Responses are sent through these schemas, which
// drop any field not named here: pending requests and email addresses can never leak into them.

const localAuthority = z
  .object({ code: z.string().describe('ONS code'), name: z.string() })
  .nullable()
  .describe('UK local authority area where the organisation is based.');

export const organisationSummarySchema = z.object({
  slug: z.string().describe('Identifier used in addresses'),
  name: z.string(),
  type: z.enum(organisationTypes),
  size: z.enum(organisationSizes).nullable(),
  place: z.string(),
  localAuthority,
  website: z.string().nullable(),
  tags: z.array(z.string()),
  url: z.string().describe('Address of the organisation’s page'),
});

export const organisationMemberSchema = z.object({
  handle: z.string(),
  name: z.string(),
  role: z.enum(['admin', 'member']),
  url: z.string().describe('Address of the member’s profile'),
});

export const organisationSchema = organisationSummarySchema.extend({
  description: z.string().describe('Markdown source'),
  descriptionHtml: z.string().describe('The description as sanitised HTML'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  members: z.array(organisationMemberSchema).describe('Current members, administrators first; one page of them'),
  membersPage: z.number().int(),
  membersNextPage: z.number().int().nullable().describe('Pass as ?page= for more members; null on the last page'),
});

export const organisationListSchema = z.object({
  organisations: z.array(organisationSummarySchema),
  page: z.number().int(),
  nextPage: z.number().int().nullable().describe('Pass as ?page= for the next page; null on the last page'),
});

export type OrganisationSummaryJson = z.input<typeof organisationSummarySchema>;
export type OrganisationJson = z.input<typeof organisationSchema>;

import { z } from 'zod';
import { memberRoles, profileFields, sectors, visibilityLevels } from './profiles.model.ts';
import { photoUrl } from './profiles.photos.ts';
import type { VisibleProfile } from './profiles.queries.ts';

const hiddenNote =
  'Present only when the member has filled it in and you may see it; otherwise the field is left out (never null), so a hidden field and an empty one look the same.';

const memberFields = {
  handle: z.string().describe('The last part of the profile address, /members/{handle}. Never changes.'),
  name: z.string().describe('The member’s name. Always public.'),
  url: z.string().describe('Address of the profile page.'),
  joinedAt: z.string().describe('When the member joined, as an ISO 8601 date and time.'),
  photoUrl: z.string().optional().describe(`A 400×400 WebP photo. ${hiddenNote}`),
  bio: z.string().optional().describe(`Short bio, plain text. ${hiddenNote}`),
  sector: z.enum(sectors).optional().describe(hiddenNote),
  roles: z.array(z.enum(memberRoles)).optional().describe(hiddenNote),
  place: z.string().optional().describe(`Place, in the member’s own words. ${hiddenNote}`),
  localAuthority: z
    .object({ code: z.string().describe('ONS GSS code'), name: z.string() })
    .optional()
    .describe(`UK local authority. ${hiddenNote}`),
  interests: z.array(z.string()).optional().describe(`Interest tags, lower-case. ${hiddenNote}`),
  skills: z.string().optional().describe(`Skills and offers, plain text. ${hiddenNote}`),
  needs: z.string().optional().describe(`Needs and wants, plain text. ${hiddenNote}`),
  links: z
    .array(z.object({ label: z.string(), url: z.string() }))
    .optional()
    .describe(`Up to 5 http(s) links. ${hiddenNote}`),
};

export const memberListItemSchema = z
  .object(memberFields)
  .describe('A member as you may see them: fields they keep from you are absent, not null.');

export const memberSchema = z
  .object({
    ...memberFields,
    visibility: z
      .record(z.enum(profileFields), z.enum(visibilityLevels))
      .optional()
      .describe('Who can see each field. Only in your own profile, when you are signed in or send your token.'),
    suspended: z.literal(true).optional().describe('Only for administrators looking at a suspended member.'),
    organisations: z
      .array(z.object({ slug: z.string(), name: z.string(), url: z.string() }))
      .optional()
      .describe('Organisations the member is an active member of.'),
  })
  .describe('A member’s profile as you may see it: fields they keep from you are absent, not null.');

export const memberListSchema = z.object({
  members: z.array(memberListItemSchema).describe('At most 20 members, newest first, or best matches first with `q`.'),
  page: z.number().int().describe('This page’s number, from 1.'),
  next: z.string().optional().describe('Address of the next page, when there is one.'),
});

export function memberJson(profile: VisibleProfile, publicUrl: string): z.input<typeof memberSchema> {
  return {
    handle: profile.handle,
    name: profile.name,
    url: `${publicUrl}/members/${profile.handle}`,
    joinedAt: profile.joinedAt.toISOString(),
    photoUrl: profile.photo ? `${publicUrl}${photoUrl(profile.photo)}` : undefined,
    bio: profile.bio ?? undefined,
    sector: profile.sector ?? undefined,
    roles: profile.roles ?? undefined,
    place: profile.place ?? undefined,
    localAuthority: profile.localAuthority ?? undefined,
    interests: profile.interests ?? undefined,
    skills: profile.skills ?? undefined,
    needs: profile.needs ?? undefined,
    links: profile.links ?? undefined,
    visibility: profile.visibility ?? undefined,
    suspended: profile.suspended ? true : undefined,
  };
}

export const csvColumns = [
  'handle',
  'name',
  'url',
  'joined_at',
  'photo_url',
  'sector',
  'roles',
  'place',
  'local_authority_code',
  'local_authority',
  'interests',
  'skills',
  'needs',
  'bio',
  'links',
];

/** A CSV row: hidden and empty fields are empty cells. */
export function memberCsvRow(profile: VisibleProfile, publicUrl: string): Record<string, unknown> {
  return {
    handle: profile.handle,
    name: profile.name,
    url: `${publicUrl}/members/${profile.handle}`,
    joined_at: profile.joinedAt,
    photo_url: profile.photo ? `${publicUrl}${photoUrl(profile.photo)}` : '',
    sector: profile.sector,
    roles: profile.roles,
    place: profile.place,
    local_authority_code: profile.localAuthority?.code,
    local_authority: profile.localAuthority?.name,
    interests: profile.interests,
    skills: profile.skills,
    needs: profile.needs,
    bio: profile.bio,
    links: profile.links?.map((link) => `${link.label} <${link.url}>`),
  };
}

import type { FieldVisibility, ProfileLink } from '../../db/schema.ts';

export type { FieldVisibility, ProfileLink };

export const sectors = ['public-sector', 'voluntary-community', 'private-social-enterprise', 'academic', 'resident'] as const;
export type Sector = (typeof sectors)[number];

export const memberRoles = [
  'council-officer',
  'councillor',
  'innovator',
  'developer-supplier',
  'funder',
  'facilitator',
  'social-reporter',
  'resident',
] as const;
export type MemberRole = (typeof memberRoles)[number];

export const visibilityLevels = ['everyone', 'members', 'only-me'] as const satisfies readonly FieldVisibility[];

/** Every part of a profile the member can show or hide. The name is not here: it is always public. */
export const profileFields = [
  'photo',
  'bio',
  'sector',
  'roles',
  'place',
  'localAuthority',
  'interests',
  'skills',
  'needs',
  'links',
] as const;
export type ProfileField = (typeof profileFields)[number];

/**
 * Until a member chooses, every part of their profile is for signed-in members only: nothing but
 * their name reaches the open web without a decision of theirs (data protection by default), while
 * the people who joined to find partners can still see what they need.
 */
export const defaultVisibility: FieldVisibility = 'members';

export const limits = {
  name: 100,
  bio: 500,
  place: 100,
  skills: 1000,
  needs: 1000,
  links: 5,
  linkLabel: 60,
  linkUrl: 500,
  interests: 20,
  query: 200,
  tag: 40,
} as const;

export const pageSize = 20;
/** Deep pages cost an ever longer scan; nobody browses 500 pages of members. */
export const maxPage = 500;

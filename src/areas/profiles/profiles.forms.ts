import { z } from 'zod';
import { findLocalAuthority } from '../../data/uk-local-authorities.ts';
import { form } from '../../web/forms.ts';
import {
  defaultVisibility,
  limits,
  maxPage,
  memberRoles,
  profileFields,
  sectors,
  visibilityLevels,
  type FieldVisibility,
  type MemberRole,
  type ProfileField,
  type ProfileLink,
  type Sector,
} from './profiles.model.ts';

export const linkSlots = [1, 2, 3, 4, 5] as const;

/** Form field names: `visibility_bio`, `link1Label`, `link1Url`, … */
export const visibilityName = (field: ProfileField) => `visibility_${field}`;
export const linkLabelName = (slot: number) => `link${slot}Label`;
export const linkUrlName = (slot: number) => `link${slot}Url`;

/** What a saved profile holds, checked and tidied. */
export interface ProfileInput {
  name: string;
  bio: string;
  sector: Sector | null;
  roles: MemberRole[];
  place: string;
  localAuthority: string | null;
  interests: string[];
  skills: string;
  needs: string;
  links: ProfileLink[];
  visibility: Record<ProfileField, FieldVisibility>;
  removePhoto: boolean;
}

// The error goes on the union: a union reports its own message, not those of its members.
const visibilityChoice = z
  .union([z.literal(''), z.enum(visibilityLevels)], { error: 'form.invalidChoice' })
  .optional()
  .transform((value): FieldVisibility => value || defaultVisibility);

const localAuthority = z
  .string()
  .trim()
  .optional()
  .transform((value) => value ?? '')
  .refine((value) => value === '' || findLocalAuthority(value) !== undefined, { error: 'profile.localAuthority.unknown' })
  .transform((value) => (value ? findLocalAuthority(value)!.code : null));

const shape: Record<string, z.ZodType> = {
  name: form.text(limits.name, 'account.name.required'),
  bio: form.optionalText(limits.bio),
  sector: z
    .union([z.literal(''), z.enum(sectors)], { error: 'form.invalidChoice' })
    .optional()
    .transform((value) => (value ? value : null)),
  roles: form.choices(memberRoles),
  place: form.optionalText(limits.place),
  localAuthority,
  interests: form.tags(limits.interests),
  skills: form.optionalText(limits.skills),
  needs: form.optionalText(limits.needs),
  removePhoto: z.string().optional(),
};
for (const slot of linkSlots) {
  shape[linkLabelName(slot)] = form.optionalText(limits.linkLabel);
  shape[linkUrlName(slot)] = form.optionalUrl(limits.linkUrl);
}
for (const field of profileFields) shape[visibilityName(field)] = visibilityChoice;

export const profileForm = z
  .object(shape)
  .superRefine((data, context) => {
    for (const slot of linkSlots) {
      if (data[linkLabelName(slot)] && !data[linkUrlName(slot)]) {
        context.addIssue({ code: 'custom', path: [linkUrlName(slot)], message: 'profile.links.urlNeeded' });
      }
    }
  })
  .transform((data): ProfileInput => {
    const links: ProfileLink[] = [];
    for (const slot of linkSlots) {
      const url = data[linkUrlName(slot)] as string;
      if (!url) continue;
      // The parsed form of the address: characters such as quotes and angle brackets come out
      // percent-encoded, so what is stored is the address a browser would follow anyway.
      const parsed = new URL(url);
      const label = (data[linkLabelName(slot)] as string) || parsed.host;
      links.push({ label, url: parsed.href });
    }
    const visibility = {} as Record<ProfileField, FieldVisibility>;
    for (const field of profileFields) visibility[field] = data[visibilityName(field)] as FieldVisibility;
    return {
      name: data.name as string,
      bio: data.bio as string,
      sector: data.sector as Sector | null,
      roles: data.roles as MemberRole[],
      place: data.place as string,
      localAuthority: data.localAuthority as string | null,
      interests: data.interests as string[],
      skills: data.skills as string,
      needs: data.needs as string,
      links,
      visibility,
      removePhoto: data.removePhoto === '1',
    };
  });

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);

/** The directory's query string. Also its published API parameters, so keep descriptions readable. */
export const directoryQuery = z.object({
  q: z.preprocess(
    emptyToUndefined,
    z.string().trim().max(limits.query, { error: `form.tooLong:${limits.query}` }).optional(),
  ).describe('Words to search for in names and in the profile fields you may see; typos in names are forgiven.'),
  sector: z.preprocess(emptyToUndefined, z.enum(sectors, { error: 'form.invalidChoice' }).optional()).describe('Only members in this sector.'),
  role: z.preprocess(emptyToUndefined, z.enum(memberRoles, { error: 'form.invalidChoice' }).optional()).describe('Only members with this role.'),
  authority: z
    .preprocess(
      emptyToUndefined,
      z
        .string()
        .refine((code) => findLocalAuthority(code) !== undefined, { error: 'profile.localAuthority.unknown' })
        .transform((code) => findLocalAuthority(code)!.code)
        .optional(),
    )
    .describe('Only members linked to this UK local authority, by its ONS code, e.g. E08000035.'),
  tag: z
    .preprocess(
      emptyToUndefined,
      z.string().trim().toLowerCase().max(limits.tag, { error: 'form.tagTooLong' }).optional(),
    )
    .describe('Only members with this interest.'),
  page: z
    .preprocess(
      emptyToUndefined,
      z.coerce.number({ error: 'form.invalid' }).int({ error: 'form.invalid' }).min(1, { error: 'form.invalid' }).max(maxPage, { error: 'form.invalid' }).optional(),
    )
    .describe(`Page number, from 1 to ${maxPage}; 20 members a page.`),
});
export type DirectoryQuery = z.output<typeof directoryQuery>;

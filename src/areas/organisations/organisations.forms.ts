import { z } from 'zod';
import { findLocalAuthority } from '../../data/uk-local-authorities.ts';
import type { MessageKey } from '../../i18n/i18n.ts';
import { form } from '../../web/forms.ts';

export const organisationTypes = ['council', 'public-body', 'charity', 'social-enterprise', 'company', 'funder', 'university'] as const;
export type OrganisationType = (typeof organisationTypes)[number];

export const organisationSizes = ['micro', 'small', 'medium', 'large'] as const;
export type OrganisationSize = (typeof organisationSizes)[number];

export const typeLabel = (type: string): MessageKey => `organisations.type.${type as OrganisationType}`;
export const sizeLabel = (size: string): MessageKey => `organisations.size.${size as OrganisationSize}`;

export const limits = { name: 150, place: 100, website: 500, description: 5000, tags: 20, message: 500, query: 200 } as const;

/** An ONS code from the list, stored in its canonical upper-case form; empty means none given. */
const localAuthority = z
  .string()
  .trim()
  .max(20, { error: 'organisations.field.authority.unknown' })
  .optional()
  .transform((value) => value ?? '')
  .refine((value) => value === '' || findLocalAuthority(value) !== undefined, { error: 'organisations.field.authority.unknown' })
  .transform((value) => (value === '' ? null : findLocalAuthority(value)!.code));

export const organisationForm = z.object({
  name: form.text(limits.name, 'organisations.field.name.required'),
  type: form.choice(organisationTypes, 'organisations.field.type.required'),
  size: form.optionalChoice(organisationSizes),
  place: form.optionalText(limits.place),
  localAuthority,
  website: form.optionalUrl(limits.website),
  description: form.optionalText(limits.description),
  tags: form.tags(limits.tags),
});
export type OrganisationInput = z.output<typeof organisationForm>;

export const joinForm = z.object({ message: form.optionalText(limits.message) });

/**
 * Filters of the directory, from the query string. Unknown values are refused rather than ignored,
 * so a program using the API never gets an unfiltered list it did not ask for.
 */
export const directoryQuery = z.object({
  q: z.string().trim().max(limits.query).optional().describe('Words to search for in names, descriptions and tags.'),
  type: z.enum(organisationTypes).or(z.literal('')).optional().describe('Type of organisation.'),
  size: z.enum(organisationSizes).or(z.literal('')).optional().describe('Size band.'),
  authority: z
    .string()
    .trim()
    .max(20)
    .refine((value) => value === '' || findLocalAuthority(value) !== undefined)
    .optional()
    .describe('ONS code of a UK local authority, e.g. E08000034.'),
  tag: z.string().trim().max(40).optional().describe('One tag, e.g. "food".'),
  page: z.coerce.number().int().min(1).max(10000).optional().describe('Page number, from 1; 20 organisations a page.'),
});

export interface DirectoryFilters {
  q: string;
  type: OrganisationType | null;
  size: OrganisationSize | null;
  authority: string | null;
  tag: string | null;
}

export function parseDirectoryQuery(query: unknown): { ok: true; filters: DirectoryFilters; page: number } | { ok: false } {
  const parsed = directoryQuery.safeParse(query ?? {});
  if (!parsed.success) return { ok: false };
  const { q, type, size, authority, tag, page } = parsed.data;
  return {
    ok: true,
    filters: {
      q: q ?? '',
      type: type || null,
      size: size || null,
      authority: authority ? findLocalAuthority(authority)!.code : null,
      tag: tag ? tag.toLowerCase().replace(/\s+/g, ' ') : null,
    },
    page: page ?? 1,
  };
}

/** The filters as query-string values, for pagination and data links. */
export function filtersQuery(filters: DirectoryFilters): Record<string, string | undefined> {
  return {
    q: filters.q || undefined,
    type: filters.type ?? undefined,
    size: filters.size ?? undefined,
    authority: filters.authority ?? undefined,
    tag: filters.tag ?? undefined,
  };
}

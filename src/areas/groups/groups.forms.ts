import { z } from 'zod';
import { findLocalAuthority } from '../../data/uk-local-authorities.ts';
import { form } from '../../web/forms.ts';
import { visibilities, type Visibility } from './groups.policy.ts';

export const limits = { name: 100, purpose: 500, description: 5000, welcome: 5000, place: 100, tags: 20, query: 200, email: 254 } as const;

const localAuthority = z
  .string()
  .trim()
  .max(20, { error: 'groups.field.authority.unknown' })
  .optional()
  .transform((value) => value ?? '')
  .refine((value) => value === '' || findLocalAuthority(value) !== undefined, { error: 'groups.field.authority.unknown' })
  .transform((value) => (value === '' ? null : findLocalAuthority(value)!.code));

export const groupForm = z.object({
  name: form.text(limits.name, 'groups.field.name.required'),
  purpose: form.text(limits.purpose, 'groups.field.purpose.required'),
  description: form.optionalText(limits.description),
  welcome: form.optionalText(limits.welcome),
  visibility: form.choice(visibilities, 'groups.field.visibility.required'),
  tags: form.tags(limits.tags),
  place: form.optionalText(limits.place),
  localAuthority,
});
export type GroupInput = z.output<typeof groupForm>;

export const inviteForm = z.object({
  email: z
    .string({ error: 'groups.invite.email.required' })
    .trim()
    .min(1, 'groups.invite.email.required')
    .max(limits.email, { error: 'groups.invite.email.invalid' })
    .pipe(z.email({ error: 'groups.invite.email.invalid' }))
    .transform((value) => value.toLowerCase()),
});

export const directoryQuery = z.object({
  q: z.string().trim().max(limits.query).optional().describe('Words to search for in names, purposes and tags.'),
  visibility: z.enum(visibilities).or(z.literal('')).optional().describe('open, closed or secret (secret groups are listed only to their members).'),
  tag: z.string().trim().max(40).optional().describe('One tag, e.g. "food".'),
  page: z.coerce.number().int().min(1).max(10000).optional().describe('Page number, from 1; 20 groups a page.'),
});

export interface DirectoryFilters {
  q: string;
  visibility: Visibility | null;
  tag: string | null;
}

export function parseDirectoryQuery(query: unknown): { ok: true; filters: DirectoryFilters; page: number } | { ok: false } {
  const parsed = directoryQuery.safeParse(query ?? {});
  if (!parsed.success) return { ok: false };
  const { q, visibility, tag, page } = parsed.data;
  return {
    ok: true,
    filters: { q: q ?? '', visibility: visibility || null, tag: tag ? tag.toLowerCase().replace(/\s+/g, ' ') : null },
    page: page ?? 1,
  };
}

export const slugPattern = /^[a-z0-9-]{1,80}$/;
export const handlePattern = /^[a-z0-9-]{1,100}$/;
export const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

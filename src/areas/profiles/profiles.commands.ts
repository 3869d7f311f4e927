import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { findLocalAuthority } from '../../data/uk-local-authorities.ts';
import { t } from '../../i18n/i18n.ts';
import type { FieldVisibility, ProfileField } from './profiles.model.ts';
import type { ProfileInput } from './profiles.forms.ts';
import { effectiveVisibility, isNarrower } from './profiles.policy.ts';
import { copyPhoto, newPhotoName, removePhoto, writePhoto } from './profiles.photos.ts';

/** What to do with the photo: a new one is already checked and converted (`preparePhoto`). */
export type PhotoChange = { kind: 'keep' } | { kind: 'remove' } | { kind: 'replace'; webp: Buffer };

/**
 * The text of one search vector, by weight: A the name, B what people search for most (interests,
 * skills), C the rest of what a member offers or is, D the free-form bio and link labels. Only
 * fields the audience may see go in, so a search can never match on a hidden field. Exported for
 * the benchmark data generator, which writes the same vectors in bulk.
 */
export function searchParts(input: ProfileInput, audience: readonly FieldVisibility[]) {
  const shown = (field: ProfileField) => audience.includes(input.visibility[field]);
  const pick = (field: ProfileField, value: string) => (shown(field) ? value : '');
  const authority = input.localAuthority ? (findLocalAuthority(input.localAuthority)?.name ?? '') : '';
  return {
    A: input.name,
    B: [pick('interests', input.interests.join(', ')), pick('skills', input.skills)].join(' '),
    C: [
      pick('needs', input.needs),
      pick('sector', input.sector ? t(`profile.sector.${input.sector}`) : ''),
      pick('roles', input.roles.map((role) => t(`profile.role.${role}`)).join(', ')),
      pick('place', input.place),
      pick('localAuthority', authority),
    ].join(' '),
    D: [pick('bio', input.bio), pick('links', input.links.map((link) => link.label).join(' '))].join(' '),
  };
}

function vector(parts: ReturnType<typeof searchParts>) {
  return sql<string>`setweight(to_tsvector('english', ${parts.A}), 'A')
    || setweight(to_tsvector('english', ${parts.B}), 'B')
    || setweight(to_tsvector('english', ${parts.C}), 'C')
    || setweight(to_tsvector('english', ${parts.D}), 'D')`;
}

/**
 * Saves a member's own profile, their name and both search vectors in one transaction. Photo files
 * are written before the database changes and the replaced file is removed only after they are
 * committed, so a failure never leaves the profile pointing at a missing file.
 */
export async function saveProfile(
  db: Database,
  uploadsDir: string,
  userId: number,
  input: ProfileInput,
  photo: PhotoChange,
): Promise<{ ok: true } | { ok: false; error: 'not-found' }> {
  let written: string | null = null;
  let replaced: string | null = null;
  try {
    const result = await db.transaction().execute(async (tx) => {
      const user = await tx
        .updateTable('users')
        .set({ display_name: input.name, updated_at: new Date() })
        .where('id', '=', userId)
        .returning('id')
        .executeTakeFirst();
      if (!user) return { ok: false, error: 'not-found' } as const;
      await tx.insertInto('profiles').values({ user_id: userId }).onConflict((c) => c.column('user_id').doNothing()).execute();
      const current = await tx
        .selectFrom('profiles')
        .select(['photo', 'visibility'])
        .where('user_id', '=', userId)
        .forUpdate()
        .executeTakeFirstOrThrow();

      let nextPhoto = current.photo;
      if (photo.kind === 'replace') {
        written = newPhotoName();
        await writePhoto(uploadsDir, written, photo.webp);
        nextPhoto = written;
      } else if (photo.kind === 'remove') {
        nextPhoto = null;
      } else if (current.photo && isNarrower(input.visibility.photo, effectiveVisibility(current.visibility).photo)) {
        // Photos are plain files with secret names. When fewer people may now see one, it moves to
        // a new name, so an address someone saw before stops working.
        const moved = newPhotoName();
        if (await copyPhoto(uploadsDir, current.photo, moved)) {
          written = moved;
          nextPhoto = moved;
        } else {
          // The file is already gone (an uploads folder restored without it): drop the reference.
          nextPhoto = null;
        }
      }
      if (current.photo && current.photo !== nextPhoto) replaced = current.photo;

      await tx
        .updateTable('profiles')
        .set({
          bio: input.bio,
          photo: nextPhoto,
          sector: input.sector,
          roles: input.roles,
          place: input.place,
          local_authority: input.localAuthority,
          interests: input.interests,
          skills: input.skills,
          needs: input.needs,
          links: JSON.stringify(input.links),
          visibility: JSON.stringify(input.visibility),
          search_everyone: vector(searchParts(input, ['everyone'])),
          search_members: vector(searchParts(input, ['everyone', 'members'])),
          updated_at: new Date(),
        })
        .where('user_id', '=', userId)
        .execute();
      return { ok: true } as const;
    });
    if (result.ok) await removePhoto(uploadsDir, replaced);
    else await removePhoto(uploadsDir, written);
    return result;
  } catch (error) {
    await removePhoto(uploadsDir, written);
    throw error;
  }
}

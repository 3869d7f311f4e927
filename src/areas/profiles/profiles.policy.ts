import { sql, type RawBuilder } from 'kysely';
import type { Viewer } from '../../web/context.ts';
import {
  defaultVisibility,
  profileFields,
  visibilityLevels,
  type FieldVisibility,
  type ProfileField,
} from './profiles.model.ts';

/**
 * Who may see which part of a profile. The rule, in one place:
 *
 * - the member themself sees everything they wrote;
 * - a signed-in member sees the parts set to "everyone" or "signed-in members";
 * - a visitor who is not signed in sees only the parts set to "everyone";
 * - administrators are members like any other here ("only me" means only me), except that they
 *   can still open the profile of a suspended member, which is hidden from everyone else.
 *
 * The same rule exists twice, as TypeScript for decisions about one profile and as SQL for the
 * queries, so a list never fetches a value only to drop it afterwards.
 */

/** The levels a viewer may see on somebody else's profile. */
/**
 * Stands for every signed-in member in a result all of them share (cached suggestions, directory
 * searches). No account has id 0, so no profile is read as the reader's own.
 */
export const anyMember: Viewer = { id: 0, handle: '', displayName: '', role: 'member', emailVerified: true };

/** Who reads others' profiles alike: visitors, or signed-in members (administrators included). */
export function readerOf(viewer: Viewer | null): { audience: 'everyone' | 'members'; reader: Viewer | null } {
  return viewer ? { audience: 'members', reader: anyMember } : { audience: 'everyone', reader: null };
}

export function levelsFor(viewer: Viewer | null): FieldVisibility[] {
  return viewer ? ['everyone', 'members'] : ['everyone'];
}

export function canSee(viewer: Viewer | null, ownerId: number, level: FieldVisibility): boolean {
  if (viewer && viewer.id === ownerId) return true;
  return levelsFor(viewer).includes(level);
}

/** The stored visibility map with every field filled in; unknown stored values count as "only me". */
export function effectiveVisibility(stored: unknown): Record<ProfileField, FieldVisibility> {
  const map = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>;
  const result = {} as Record<ProfileField, FieldVisibility>;
  for (const field of profileFields) {
    const value = map[field];
    result[field] =
      value === undefined ? defaultVisibility : (visibilityLevels as readonly unknown[]).includes(value) ? (value as FieldVisibility) : 'only-me';
  }
  return result;
}

const breadth: Record<FieldVisibility, number> = { 'only-me': 0, members: 1, everyone: 2 };

/** True when `next` shows a field to fewer people than `previous` did. */
export function isNarrower(next: FieldVisibility, previous: FieldVisibility): boolean {
  return breadth[next] < breadth[previous];
}

/** SQL: may this viewer see `field` of the profile in the current row (tables `profiles`, `users`)? */
export function fieldVisibleSql(viewer: Viewer | null, field: ProfileField): RawBuilder<boolean> {
  const level = sql`coalesce(profiles.visibility ->> ${sql.lit(field)}, ${sql.lit(defaultVisibility)})`;
  const levels = sql.join(levelsFor(viewer).map((l) => sql.lit(l)));
  if (!viewer) return sql<boolean>`(${level} in (${levels}))`;
  return sql<boolean>`(profiles.user_id = ${viewer.id} or ${level} in (${levels}))`;
}

/** The search vector built from exactly the fields this viewer may see on others' profiles. */
export function searchVectorFor(viewer: Viewer | null) {
  return viewer ? sql.ref<string>('profiles.search_members') : sql.ref<string>('profiles.search_everyone');
}

/** Suspended members are hidden from everyone but administrators, everywhere. */
export function maySeeSuspended(viewer: Viewer | null): boolean {
  return viewer?.role === 'admin';
}

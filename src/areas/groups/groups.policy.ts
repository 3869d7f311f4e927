import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { Viewer } from '../../web/context.ts';

export const visibilities = ['open', 'closed', 'secret'] as const;
export type Visibility = (typeof visibilities)[number];

/** Open < closed < secret: a sub-group may be as private as its parent or more, never less. */
const rank: Record<Visibility, number> = { open: 0, closed: 1, secret: 2 };

export function fitsParent(child: Visibility, parent: Visibility): boolean {
  return rank[child] >= rank[parent];
}

function activeMember(viewer: Viewer, alias: string): RawBuilder<boolean> {
  return sql<boolean>`exists (
    select 1 from group_members gm_policy
    where gm_policy.group_id = ${sql.ref(`${alias}.id`)} and gm_policy.user_id = ${viewer.id} and gm_policy.status = 'active')`;
}

/**
 * THE rule for who may know a group exists (directory, pages, JSON, CSV): open and closed groups
 * are listed to everyone; a secret group only to its active members and hub administrators. A
 * condition for a Kysely `where` with the groups table in scope under `alias`.
 */
export function groupVisibleTo(viewer: Viewer | null, alias = 'groups'): RawBuilder<boolean> {
  const visibility = sql.ref(`${alias}.visibility`);
  if (viewer?.role === 'admin') return sql<boolean>`true`;
  if (!viewer) return sql<boolean>`${visibility} <> 'secret'`;
  return sql<boolean>`(${visibility} <> 'secret' or ${activeMember(viewer, alias)})`;
}

/**
 * THE rule for who may see what happens inside a group (description, welcome, members,
 * conversation, sub-groups): everyone for an open group; active members and hub administrators
 * for closed and secret ones. The subject registry uses it, so conversations, activity, search
 * and notifications follow the same rule.
 */
export function groupContentVisibleTo(viewer: Viewer | null, alias = 'groups'): RawBuilder<boolean> {
  const visibility = sql.ref(`${alias}.visibility`);
  if (viewer?.role === 'admin') return sql<boolean>`true`;
  if (!viewer) return sql<boolean>`${visibility} = 'open'`;
  return sql<boolean>`(${visibility} = 'open' or ${activeMember(viewer, alias)})`;
}

/**
 * Whether the member in `userColumn` is an active member of the group: for narrowing a list of
 * people (who to tell about a group's pitch) to those inside the group. Whether someone may see
 * the group's content is still groupContentVisibleTo's answer.
 */
export function activeMemberOf(groupId: number, userColumn: string): RawBuilder<boolean> {
  return sql<boolean>`exists (
    select 1 from group_members gm_audience
    where gm_audience.group_id = ${groupId} and gm_audience.user_id = ${sql.ref(userColumn)} and gm_audience.status = 'active')`;
}

export interface ViewerStanding {
  role: 'facilitator' | 'member';
  status: 'active' | 'pending' | 'invited';
}

/** The same rule as groupContentVisibleTo, for a group already loaded. */
export function canSeeContent(viewer: Viewer | null, group: { visibility: Visibility }, standing: ViewerStanding | null): boolean {
  if (group.visibility === 'open') return true;
  if (viewer?.role === 'admin') return true;
  return standing?.status === 'active';
}

/** Approving, removing and appointing members, inviting, sub-groups, editing: facilitators and administrators. */
export function canFacilitate(viewer: Viewer | null, standing: ViewerStanding | null): boolean {
  if (!viewer) return false;
  if (viewer.role === 'admin') return true;
  return standing?.status === 'active' && standing.role === 'facilitator';
}

/**
 * Deleting a group (with its sub-groups): hub administrators, and the facilitators of a top-level
 * group. A sub-group belongs to the group above it, so only an administrator deletes one alone.
 */
export function canDeleteGroup(viewer: Viewer | null, standing: ViewerStanding | null, group: { parentId: number | null }): boolean {
  if (!viewer) return false;
  if (viewer.role === 'admin') return true;
  return group.parentId === null && canFacilitate(viewer, standing);
}

/** Anyone signed in may start a group. */
export function canCreateGroup(viewer: Viewer | null): boolean {
  return viewer !== null;
}

export async function visibleGroupIds(db: Database, viewer: Viewer | null, ids: number[]): Promise<Set<number>> {
  const wanted = ids.filter((id) => Number.isSafeInteger(id) && id > 0);
  if (wanted.length === 0) return new Set();
  const rows = await db.selectFrom('groups').select('groups.id').where('groups.id', 'in', wanted).where(groupContentVisibleTo(viewer)).execute();
  return new Set(rows.map((row) => row.id));
}

export async function standingOf(db: Database, viewer: Viewer | null, groupId: number): Promise<ViewerStanding | null> {
  if (!viewer) return null;
  const row = await db
    .selectFrom('group_members')
    .select(['role', 'status'])
    .where('group_id', '=', groupId)
    .where('user_id', '=', viewer.id)
    .executeTakeFirst();
  return row ?? null;
}

export async function canModerateGroup(db: Database, viewer: Viewer | null, groupId: number): Promise<boolean> {
  if (!viewer) return false;
  return canFacilitate(viewer, await standingOf(db, viewer, groupId));
}

/**
 * The same rule as canFacilitate (an active facilitator; administrators are left to the caller),
 * as a condition on a group id in a query, e.g. "the facilitators of the group a pitch is in".
 */
export function facilitatesGroup(viewer: Viewer, groupId: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`exists (
    select 1 from group_members gm_facilitator
    where gm_facilitator.group_id = ${groupId} and gm_facilitator.user_id = ${viewer.id}
      and gm_facilitator.status = 'active' and gm_facilitator.role = 'facilitator')`;
}

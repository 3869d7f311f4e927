import type { FastifyInstance } from 'fastify';
import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../../db/database.ts';
import { isAdmin, type Viewer } from '../../web/context.ts';
import { canFacilitate, canModerateGroup, facilitatesGroup, standingOf } from '../groups/groups.policy.ts';
import { moderatesStories } from '../stories/stories.policy.ts';

/**
 * Who moderates a post: administrators, and whoever the area owning the conversation's subject
 * says (a pitch's team, a group's facilitators).
 */
export async function moderatesSubject(app: FastifyInstance, viewer: Viewer | null, type: string | null, id: number | null): Promise<boolean> {
  if (!viewer) return false;
  if (isAdmin(viewer)) return true;
  if (type === null || id === null || !app.subjects.has(type)) return false;
  return app.subjects.get(type).canModerate(app.db, viewer, id);
}

/** Reports on members concern the whole hub: only administrators handle them. */
export function handlesMemberReports(viewer: Viewer | null): boolean {
  return isAdmin(viewer);
}

/**
 * Who moderates a piece of content itself (a pitch, a knowledge page, a story), as opposed to the
 * conversation on it: administrators for all of it, the facilitators of the group it was posted
 * into, and for stories the hub's story facilitators (the stories area says who they are). Other
 * content of the whole hub is moderated by administrators only.
 */
export async function moderatesContent(db: Database, viewer: Viewer | null, content: { type?: string; groupId: number | null }): Promise<boolean> {
  if (!viewer) return false;
  if (isAdmin(viewer)) return true;
  if (content.type === 'story') return moderatesStories(db, viewer);
  return content.groupId !== null && canModerateGroup(db, viewer, content.groupId);
}

/** Removing a member from a group from the moderation queue: whoever may facilitate the group. */
export async function mayRemoveFromGroup(db: Database, viewer: Viewer | null, groupId: number): Promise<boolean> {
  return canFacilitate(viewer, await standingOf(db, viewer, groupId));
}

/** Suspending a member from the whole hub: administrators only. */
export function maySuspend(viewer: Viewer | null): boolean {
  return isAdmin(viewer);
}

/**
 * THE rule for who still sees content a moderator has hid: hub administrators, its authors (the
 * owning area says who they are) and the moderators of it (the facilitators of the group it is in).
 * For everyone else it is gone from every page, list, search, feed and export. A condition for the
 * owning area's visibility function to add with `and`, on columns of its table.
 */
export function hiddenContentVisibleTo(
  viewer: Viewer | null,
  content: { hiddenAt: RawBuilder<unknown>; groupId: RawBuilder<unknown>; authoredBy: (viewer: Viewer) => RawBuilder<boolean> },
): RawBuilder<boolean> {
  if (isAdmin(viewer)) return sql<boolean>`true`;
  if (!viewer) return sql<boolean>`${content.hiddenAt} is null`;
  return sql<boolean>`(${content.hiddenAt} is null or ${content.authoredBy(viewer)} or ${facilitatesGroup(viewer, content.groupId)})`;
}

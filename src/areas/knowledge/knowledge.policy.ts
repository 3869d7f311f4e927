import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { Viewer } from '../../web/context.ts';
import { canFacilitate, groupContentVisibleTo, type ViewerStanding, type Visibility } from '../groups/groups.policy.ts';
import { hiddenContentVisibleTo } from '../moderation/moderation.policy.ts';
import { recipeVisibleTo } from '../stories/stories.policy.ts';

/**
 * THE rule for which knowledge pages a viewer may see, as a condition on a query with
 * knowledge_pages in scope (under `alias`). Every read — pages, index, search, history, JSON, CSV,
 * feeds, backlinks, attachments, the subject registry — goes through here. Hub-wide pages are for
 * everyone; a page of a group's wiki is seen exactly as the group's content is (the groups area's
 * rule, groupContentVisibleTo), so a closed or secret group's pages are for its active members
 * and the hub's administrators. A page that is a story's replication recipe is seen only by those
 * who may see the story (the stories area's rule, recipeVisibleTo).
 */
export function knowledgePageVisibleTo(viewer: Viewer | null, alias = 'knowledge_pages'): RawBuilder<boolean> {
  const groupId = sql.ref(`${alias}.group_id`);
  return sql<boolean>`((${groupId} is null or exists (
    select 1 from groups kp_group where kp_group.id = ${groupId} and ${groupContentVisibleTo(viewer, 'kp_group')}))
    and ${hiddenPageVisibleTo(viewer, alias)} and ${recipeVisibleTo(viewer, sql.ref(`${alias}.id`))})`;
}

/** A page a moderator has hidden: only its authors (whoever saved a revision), its moderators and administrators. */
function hiddenPageVisibleTo(viewer: Viewer | null, alias: string): RawBuilder<boolean> {
  return hiddenContentVisibleTo(viewer, {
    hiddenAt: sql.ref(`${alias}.hidden_at`),
    groupId: sql.ref(`${alias}.group_id`),
    authoredBy: (member) => sql<boolean>`exists (
      select 1 from knowledge_revisions hidden_revision
      where hidden_revision.page_id = ${sql.ref(`${alias}.id`)} and hidden_revision.author_id = ${member.id})`,
  });
}

/** Visible to anyone, signed in or not. */
export function knowledgePageIsPublic(alias = 'knowledge_pages'): RawBuilder<boolean> {
  return knowledgePageVisibleTo(null, alias);
}

export async function visibleKnowledgePageIds(db: Database, viewer: Viewer | null, ids: number[]): Promise<Set<number>> {
  const wanted = ids.filter((id) => Number.isSafeInteger(id) && id > 0);
  if (wanted.length === 0) return new Set();
  const rows = await db
    .selectFrom('knowledge_pages')
    .select('knowledge_pages.id')
    .where('knowledge_pages.id', 'in', wanted)
    .where(knowledgePageVisibleTo(viewer))
    .execute();
  return new Set(rows.map((row) => row.id));
}

/** Who may write and change hub-wide pages, as the hub's administrators have set it. */
export type HubEditing = 'members' | 'admins';
export const hubEditingChoices = ['members', 'admins'] as const satisfies readonly HubEditing[];

export interface WikiGroup {
  id: number;
  slug: string;
  name: string;
  visibility: Visibility;
  /** The viewer's membership of the group, if any. */
  standing: ViewerStanding | null;
}

/** Which wiki a request is about: the hub-wide one, or a group's own. */
export type Wiki = { kind: 'hub'; editing: HubEditing } | { kind: 'group'; group: WikiGroup };

/** The group_id of the wiki's pages. */
export function wikiGroupId(wiki: Wiki): number | null {
  return wiki.kind === 'group' ? wiki.group.id : null;
}

/**
 * Writing and restoring pages and adding or removing their files — the one place this is decided.
 * Hub-wide pages: any member, unless administrators have kept editing to themselves. A group's
 * wiki: the group's active members (facilitators among them) and the hub's administrators.
 */
export function canEdit(viewer: Viewer | null, wiki: Wiki): viewer is Viewer {
  if (!viewer) return false;
  if (viewer.role === 'admin') return true;
  if (wiki.kind === 'hub') return wiki.editing === 'members';
  return wiki.group.standing?.status === 'active';
}

/** Conversations on a page: the hub's administrators, and a group page's facilitators. */
export function canModeratePage(viewer: Viewer | null, wiki: Wiki): boolean {
  if (wiki.kind === 'hub') return viewer?.role === 'admin';
  return canFacilitate(viewer, wiki.group.standing);
}

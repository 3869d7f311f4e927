import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { Viewer } from '../../web/context.ts';
import { hiddenContentVisibleTo } from '../moderation/moderation.policy.ts';

/**
 * THE rule for which knowledge pages a viewer may see, as a condition on a query with
 * knowledge_pages in scope (under `alias`). Every read — pages, index, search, history, JSON, CSV,
 * feeds, backlinks, the subject registry — goes through here. Pages of a group's wiki stay hidden
 * from everyone until group membership can be checked; when it can, this is the one place to widen.
 */
export function knowledgePageVisibleTo(viewer: Viewer | null, alias = 'knowledge_pages'): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(`${alias}.group_id`)} is null and ${hiddenPageVisibleTo(viewer, alias)})`;
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

/** Visible to anyone, signed in or not: the only pages feeds and exports carry. */
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

/**
 * Writing and restoring pages. Any member for now; a hub setting letting administrators keep
 * editing to themselves (or to chosen members) belongs here when it comes.
 */
export function canEdit(viewer: Viewer | null): viewer is Viewer {
  return viewer !== null;
}

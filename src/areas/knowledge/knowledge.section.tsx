import type { Database } from '../../db/database.ts';
import type { Viewer } from '../../web/context.ts';
import type { ViewerStanding, Visibility } from '../groups/groups.policy.ts';
import { canEdit } from './knowledge.policy.ts';
import { latestPages } from './knowledge.queries.ts';
import { GroupKnowledgeSection } from './knowledge.views.tsx';

/**
 * The group's latest knowledge pages and the way to its wiki, for the group's own page. The
 * groups area shows it only to those who may see the group's content; the pages are filtered by
 * the knowledge rule as well.
 */
export async function groupKnowledgeSection(
  db: Database,
  viewer: Viewer | null,
  group: { id: number; slug: string; name: string; visibility: Visibility; standing: ViewerStanding | null },
): Promise<JSX.Element> {
  const pages = await latestPages(db, viewer, group.id);
  return (
    <GroupKnowledgeSection group={{ slug: group.slug, name: group.name }} pages={pages} canEdit={canEdit(viewer, { kind: 'group', group })} />
  ) as JSX.Element;
}

import { sql } from 'kysely';
import type { SubjectSummary, SubjectType } from '../../web/subjects.ts';
import { canModerateStory, storyVisibleTo, visibleStoryIds } from './stories.policy.ts';
import { publicStoryIds } from './stories.queries.ts';

/**
 * Stories as things conversations (the questions to the people in a story), notifications,
 * activity and search can be about; the rule is storyVisibleTo.
 */
export const storySubject: SubjectType = {
  type: 'story',
  visibleIds: (db, viewer, ids) => visibleStoryIds(db, viewer, ids),
  canModerate: (db, viewer, id) => canModerateStory(db, viewer, id),
  // Callers ask visibleIds first and describe only what the viewer may see.
  async describe(db, ids) {
    const result = new Map<number, SubjectSummary>();
    const wanted = ids.filter((id) => Number.isSafeInteger(id) && id > 0);
    if (wanted.length === 0) return result;
    const rows = await db.selectFrom('stories').select(['id', 'slug', 'title']).where('id', 'in', wanted).execute();
    for (const row of rows) result.set(row.id, { title: row.title, url: `/stories/${row.slug}` });
    return result;
  },
  isPublic: (db, ids) => publicStoryIds(db, ids),
  visibleWhere: (viewer, id) => sql<boolean>`exists (select 1 from stories subject_story where subject_story.id = ${id} and ${storyVisibleTo(viewer, 'subject_story')})`,
};

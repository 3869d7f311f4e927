import { sql } from 'kysely';
import type { SubjectSummary, SubjectType } from '../../web/subjects.ts';
import { canModerateStory, storyVisibleTo, visibleStoryIds } from './stories.policy.ts';
import { slugPattern } from './stories.forms.ts';
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
  // Published and not hidden by a moderator: what awards may take as a nominee.
  isPublic: (db, ids) => publicStoryIds(db, ids),
  /** The story at /stories/<slug>, whoever may see it (the caller asks isPublic or visibleIds). */
  async idFromPath(db, path) {
    const slug = /^\/stories\/([a-z0-9-]{1,100})$/.exec(path)?.[1];
    if (!slug || !slugPattern.test(slug)) return null;
    const row = await db.selectFrom('stories').select('id').where('slug', '=', slug).executeTakeFirst();
    return row?.id ?? null;
  },
  /** Its reporter ('reporter') and the members in it ('in-story') have a stake in a story. */
  async stakeholders(db, ids, userIds) {
    const storyIds = ids.filter((id) => Number.isSafeInteger(id) && id > 0);
    const members = userIds.filter((id) => Number.isSafeInteger(id) && id > 0);
    if (storyIds.length === 0 || members.length === 0) return [];
    const [reporters, people] = await Promise.all([
      db.selectFrom('stories').select(['id', 'reporter_id']).where('id', 'in', storyIds).where('reporter_id', 'in', members).execute(),
      db.selectFrom('story_people').select(['story_id', 'user_id']).where('story_id', 'in', storyIds).where('user_id', 'in', members).execute(),
    ]);
    return [
      ...reporters.map((row) => ({ id: row.id, userId: row.reporter_id!, reason: 'reporter' })),
      ...people.map((row) => ({ id: row.story_id, userId: row.user_id, reason: 'in-story' })),
    ];
  },
  visibleWhere: (viewer, id) => sql<boolean>`exists (select 1 from stories subject_story where subject_story.id = ${id} and ${storyVisibleTo(viewer, 'subject_story')})`,
};

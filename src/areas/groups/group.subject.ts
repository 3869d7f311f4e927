import { sql } from 'kysely';
import type { SubjectSummary, SubjectType } from '../../web/subjects.ts';
import { canModerateGroup, groupContentVisibleTo, visibleGroupIds } from './groups.policy.ts';

export const groupSubject: SubjectType = {
  type: 'group',
  visibleIds: (db, viewer, ids) => visibleGroupIds(db, viewer, ids),
  canModerate: (db, viewer, id) => canModerateGroup(db, viewer, id),
  async describe(db, ids) {
    const result = new Map<number, SubjectSummary>();
    const wanted = ids.filter((id) => Number.isSafeInteger(id) && id > 0);
    if (wanted.length === 0) return result;
    const rows = await db.selectFrom('groups').select(['id', 'slug', 'name']).where('id', 'in', wanted).execute();
    for (const row of rows) result.set(row.id, { title: row.name, url: `/groups/${row.slug}` });
    return result;
  },
  // Only open groups: what anyone may read without signing in.
  isPublic: (db, ids) => visibleGroupIds(db, null, ids),
  visibleWhere: (viewer, id) => sql<boolean>`exists (select 1 from groups subject_group where subject_group.id = ${id} and ${groupContentVisibleTo(viewer, 'subject_group')})`,
  // Posting does not subscribe the author to every later post: each member chooses per group
  // (every post, a daily summary or nothing) how they hear of its conversation.
  followOnPost: false,
};

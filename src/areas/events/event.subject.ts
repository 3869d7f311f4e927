import type { SubjectSummary, SubjectType } from '../../web/subjects.ts';
import { canModerateEvent, visibleEventIds } from './events.policy.ts';

/** Events as things conversations, notifications and activity can be about; the rule is eventVisibleTo. */
export const eventSubject: SubjectType = {
  type: 'event',
  visibleIds: (db, viewer, ids) => visibleEventIds(db, viewer, ids),
  canModerate: (db, viewer, id) => canModerateEvent(db, viewer, id),
  async describe(db, ids) {
    const result = new Map<number, SubjectSummary>();
    const wanted = ids.filter((id) => Number.isSafeInteger(id) && id > 0);
    if (wanted.length === 0) return result;
    const rows = await db.selectFrom('events').select(['id', 'slug', 'title']).where('id', 'in', wanted).execute();
    for (const row of rows) result.set(row.id, { title: row.title, url: `/events/${row.slug}` });
    return result;
  },
  // Events outside groups, and those of open groups: what anyone may read without signing in.
  isPublic: (db, ids) => visibleEventIds(db, null, ids),
};

import { sql } from 'kysely';
import type { SubjectSummary, SubjectType } from '../../web/subjects.ts';
import { canModeratePitch, pitchVisibleTo, visiblePitchIds } from './pitches.policy.ts';

export const pitchSubject: SubjectType = {
  type: 'pitch',
  visibleIds: (db, viewer, ids) => visiblePitchIds(db, viewer, ids),
  canModerate: (db, viewer, id) => canModeratePitch(db, viewer, id),
  async describe(db, ids) {
    const result = new Map<number, SubjectSummary>();
    const wanted = ids.filter((id) => Number.isSafeInteger(id) && id > 0);
    if (wanted.length === 0) return result;
    const rows = await db.selectFrom('pitches').select(['id', 'slug', 'title']).where('id', 'in', wanted).execute();
    for (const row of rows) result.set(row.id, { title: row.title, url: `/pitches/${row.slug}` });
    return result;
  },
  async isPublic(db, ids) {
    return visiblePitchIds(db, null, ids);
  },
  visibleWhere: (viewer, id) => sql<boolean>`exists (select 1 from pitches subject_pitch where subject_pitch.id = ${id} and ${pitchVisibleTo(viewer, 'subject_pitch')})`,
};

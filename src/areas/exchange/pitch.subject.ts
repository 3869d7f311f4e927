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
  async idFromPath(db, path) {
    const slug = /^\/pitches\/([a-z0-9-]{1,80})$/.exec(path)?.[1];
    if (!slug) return null;
    const row = await db.selectFrom('pitches').select('id').where('slug', '=', slug).executeTakeFirst();
    return row?.id ?? null;
  },
  async stakeholders(db, ids, userIds) {
    const pitchIds = ids.filter((id) => Number.isSafeInteger(id) && id > 0);
    const members = userIds.filter((id) => Number.isSafeInteger(id) && id > 0);
    if (pitchIds.length === 0 || members.length === 0) return [];
    const team = await db
      .selectFrom('pitch_team')
      .select(['pitch_id', 'user_id'])
      .where('pitch_id', 'in', pitchIds)
      .where('user_id', 'in', members)
      .execute();
    const organisations = await db
      .selectFrom('pitch_organisations')
      .innerJoin('organisation_members', 'organisation_members.organisation_id', 'pitch_organisations.organisation_id')
      .select(['pitch_organisations.pitch_id', 'organisation_members.user_id'])
      .where('pitch_organisations.pitch_id', 'in', pitchIds)
      .where('organisation_members.user_id', 'in', members)
      .where('organisation_members.status', '=', 'active')
      .execute();
    return [
      ...team.map((row) => ({ id: row.pitch_id, userId: row.user_id, reason: 'team' })),
      ...organisations.map((row) => ({ id: row.pitch_id, userId: row.user_id, reason: 'organisation' })),
    ];
  },
  visibleWhere: (viewer, id) => sql<boolean>`exists (select 1 from pitches subject_pitch where subject_pitch.id = ${id} and ${pitchVisibleTo(viewer, 'subject_pitch')})`,
};

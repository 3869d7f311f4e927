import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { Viewer } from '../../web/context.ts';
import { groupContentVisibleTo } from '../groups/groups.policy.ts';
import { hiddenContentVisibleTo } from '../moderation/moderation.policy.ts';

/**
 * THE rule for who may see a pitch, as a condition for a Kysely `where` on a query that has the
 * pitches table in scope (under `alias`, "pitches" by default). Every read of pitches (pages,
 * lists, search, feeds, JSON, CSV, files, the subject registry) goes through here, so narrowing it
 * later is one change.
 * Published: everyone. Draft: its team and hub administrators. Either way, a pitch posted into a
 * group is seen only by those who may see that group's content (the groups area's own rule). And a
 * pitch a moderator has hidden only by its team, its moderators and administrators.
 */
export function pitchVisibleTo(viewer: Viewer | null, alias = 'pitches'): RawBuilder<boolean> {
  return sql<boolean>`(${statusVisibleTo(viewer, alias)} and ${inVisibleGroup(viewer, alias)} and ${hiddenVisibleTo(viewer, alias)})`;
}

function hiddenVisibleTo(viewer: Viewer | null, alias: string): RawBuilder<boolean> {
  return hiddenContentVisibleTo(viewer, {
    hiddenAt: sql.ref(`${alias}.hidden_at`),
    groupId: sql.ref(`${alias}.group_id`),
    authoredBy: (member) => sql<boolean>`exists (
      select 1 from pitch_team hidden_team where hidden_team.pitch_id = ${sql.ref(`${alias}.id`)} and hidden_team.user_id = ${member.id})`,
  });
}

function statusVisibleTo(viewer: Viewer | null, alias: string): RawBuilder<boolean> {
  const status = sql.ref(`${alias}.status`);
  if (viewer?.role === 'admin') return sql<boolean>`true`;
  if (!viewer) return sql<boolean>`${status} = 'published'`;
  return sql<boolean>`(${status} = 'published' or exists (
    select 1 from pitch_team where pitch_team.pitch_id = ${sql.ref(`${alias}.id`)} and pitch_team.user_id = ${viewer.id}))`;
}

function inVisibleGroup(viewer: Viewer | null, alias: string): RawBuilder<boolean> {
  const groupId = sql.ref(`${alias}.group_id`);
  return sql<boolean>`(${groupId} is null or exists (
    select 1 from groups pitch_group where pitch_group.id = ${groupId} and ${groupContentVisibleTo(viewer, 'pitch_group')}))`;
}

/** Visible to everyone, signed in or not: the only pitches public feeds, exports and federation carry. */
export function pitchIsPublic(alias = 'pitches'): RawBuilder<boolean> {
  return pitchVisibleTo(null, alias);
}

export async function visiblePitchIds(db: Database, viewer: Viewer | null, ids: number[]): Promise<Set<number>> {
  const wanted = ids.filter((id) => Number.isSafeInteger(id) && id > 0);
  if (wanted.length === 0) return new Set();
  const rows = await db.selectFrom('pitches').select('pitches.id').where('pitches.id', 'in', wanted).where(pitchVisibleTo(viewer)).execute();
  return new Set(rows.map((row) => row.id));
}

export async function isOnTeam(db: Database, viewer: Viewer | null, pitchId: number): Promise<boolean> {
  if (!viewer) return false;
  const row = await db
    .selectFrom('pitch_team')
    .select('user_id')
    .where('pitch_id', '=', pitchId)
    .where('user_id', '=', viewer.id)
    .executeTakeFirst();
  return row !== undefined;
}

/** Editing, stage changes, files, team and publishing: the team and hub administrators. */
export function canManagePitch(viewer: Viewer | null, onTeam: boolean): boolean {
  return viewer !== null && (viewer.role === 'admin' || onTeam);
}

/** Moderating conversations on a pitch: the same people who manage it. */
export async function canModeratePitch(db: Database, viewer: Viewer | null, pitchId: number): Promise<boolean> {
  if (!viewer) return false;
  if (viewer.role === 'admin') return true;
  return isOnTeam(db, viewer, pitchId);
}

export function canCreatePitch(viewer: Viewer | null): boolean {
  return viewer !== null;
}

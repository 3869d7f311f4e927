import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { DB, FlagSubject } from '../../db/schema.ts';
import { setMemberStatus } from '../accounts/accounts.commands.ts';
import { removeMember } from '../groups/groups.commands.ts';
import type { ContentType } from './moderation.queries.ts';

export async function createFlag(db: Database, input: { subjectType: FlagSubject; subjectId: number; reporterId: number; reason: string }) {
  const row = await db
    .insertInto('flags')
    .values({ subject_type: input.subjectType, subject_id: input.subjectId, reporter_id: input.reporterId, reason: input.reason })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ok: true as const, flagId: row.id };
}

/** Hides a post, closes every open report on it and records who did it and why. */
export async function hidePost(db: Database, input: { postId: number; actorId: number; reason: string }) {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('posts')
      .set({ hidden_at: new Date(), hidden_reason: input.reason, hidden_by: input.actorId })
      .where('id', '=', input.postId)
      .where('deleted_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!updated) return { ok: false as const, error: 'not-found' as const };
    await trx
      .updateTable('flags')
      .set({ status: 'resolved', resolved_by: input.actorId, resolved_at: new Date() })
      .where('subject_type', '=', 'post')
      .where('subject_id', '=', input.postId)
      .where('status', '=', 'open')
      .execute();
    await trx
      .insertInto('moderation_log')
      .values({ actor_id: input.actorId, action: 'hide', subject_type: 'post', subject_id: input.postId, reason: input.reason })
      .execute();
    return { ok: true as const };
  });
}

export async function restorePost(db: Database, input: { postId: number; actorId: number }) {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('posts')
      .set({ hidden_at: null, hidden_reason: null, hidden_by: null })
      .where('id', '=', input.postId)
      .where('hidden_at', 'is not', null)
      .returning('id')
      .executeTakeFirst();
    if (!updated) return { ok: false as const, error: 'not-hidden' as const };
    await trx
      .insertInto('moderation_log')
      .values({ actor_id: input.actorId, action: 'restore', subject_type: 'post', subject_id: input.postId, reason: null })
      .execute();
    return { ok: true as const };
  });
}

const contentTables = { pitch: 'pitches', 'knowledge-page': 'knowledge_pages', story: 'stories' } as const satisfies Record<ContentType, keyof DB>;

/** Sets or clears a pitch's, page's or story's hidden mark; only when it is not already so. */
async function markHidden(trx: Transaction<DB>, type: ContentType, id: number, hidden: { at: Date; reason: string; by: number } | null) {
  const values = hidden ? { hidden_at: hidden.at, hidden_reason: hidden.reason, hidden_by: hidden.by } : { hidden_at: null, hidden_reason: null, hidden_by: null };
  const table = contentTables[type];
  return trx
    .updateTable(table)
    .set(values)
    .where('id', '=', id)
    .where('hidden_at', hidden ? 'is' : 'is not', null)
    .returning('id')
    .executeTakeFirst();
}

/**
 * Hides a pitch, knowledge page or story from everyone but its authors, its moderators and
 * administrators; closes every open report on it and records who did it and why.
 */
export async function hideContent(db: Database, input: { type: ContentType; id: number; actorId: number; reason: string }) {
  return db.transaction().execute(async (trx) => {
    const updated = await markHidden(trx, input.type, input.id, { at: new Date(), reason: input.reason, by: input.actorId });
    if (!updated) return { ok: false as const, error: 'not-shown' as const };
    await trx
      .updateTable('flags')
      .set({ status: 'resolved', resolved_by: input.actorId, resolved_at: new Date() })
      .where('subject_type', '=', input.type)
      .where('subject_id', '=', input.id)
      .where('status', '=', 'open')
      .execute();
    await trx
      .insertInto('moderation_log')
      .values({ actor_id: input.actorId, action: 'hide', subject_type: input.type, subject_id: input.id, reason: input.reason })
      .execute();
    return { ok: true as const };
  });
}

/** Shows a hidden pitch, knowledge page or story to everyone who could see it before, recording why. */
export async function restoreContent(db: Database, input: { type: ContentType; id: number; actorId: number; reason: string }) {
  return db.transaction().execute(async (trx) => {
    const updated = await markHidden(trx, input.type, input.id, null);
    if (!updated) return { ok: false as const, error: 'not-hidden' as const };
    await trx
      .insertInto('moderation_log')
      .values({ actor_id: input.actorId, action: 'restore', subject_type: input.type, subject_id: input.id, reason: input.reason })
      .execute();
    return { ok: true as const };
  });
}

/**
 * Removes a member from a group with the groups area's own command (a group always keeps a
 * facilitator), recording who did it and why; both or neither are saved.
 */
export async function removeFromGroup(db: Database, input: { groupId: number; userId: number; actorId: number; reason: string }) {
  return db.transaction().execute(async (trx) => {
    const result = await removeMember(trx, input.groupId, input.userId);
    if (!result.ok) return result;
    await trx
      .insertInto('moderation_log')
      .values({ actor_id: input.actorId, action: 'remove-from-group', subject_type: 'member', subject_id: input.userId, reason: input.reason, group_id: input.groupId })
      .execute();
    return result;
  });
}

/** Suspends a member from the hub with the accounts area's own command (which signs them out everywhere), recording why. */
export async function suspendMember(db: Database, input: { userId: number; actorId: number; reason: string }) {
  return db.transaction().execute(async (trx) => {
    const result = await setMemberStatus(trx, input.actorId, input.userId, 'suspended');
    if (!result.ok) return result;
    await trx
      .insertInto('moderation_log')
      .values({ actor_id: input.actorId, action: 'suspend', subject_type: 'member', subject_id: input.userId, reason: input.reason })
      .execute();
    return result;
  });
}

export async function dismissFlag(db: Database, input: { flagId: number; actorId: number }) {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('flags')
      .set({ status: 'dismissed', resolved_by: input.actorId, resolved_at: new Date() })
      .where('id', '=', input.flagId)
      .where('status', '=', 'open')
      .returning(['id', 'reason'])
      .executeTakeFirst();
    if (!updated) return { ok: false as const, error: 'closed' as const };
    await trx
      .insertInto('moderation_log')
      .values({ actor_id: input.actorId, action: 'dismiss', subject_type: 'flag', subject_id: input.flagId, reason: null })
      .execute();
    return { ok: true as const };
  });
}

export async function block(db: Database, blockerId: number, blockedId: number) {
  if (blockerId === blockedId) return { ok: false as const, error: 'self' as const };
  await db.insertInto('blocks').values({ blocker_id: blockerId, blocked_id: blockedId }).onConflict((oc) => oc.doNothing()).execute();
  return { ok: true as const };
}

export async function unblock(db: Database, blockerId: number, blockedId: number) {
  await db.deleteFrom('blocks').where('blocker_id', '=', blockerId).where('blocked_id', '=', blockedId).execute();
  return { ok: true as const };
}

import type { Database } from '../../db/database.ts';

export async function createFlag(db: Database, input: { subjectType: 'post' | 'member'; subjectId: number; reporterId: number; reason: string }) {
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

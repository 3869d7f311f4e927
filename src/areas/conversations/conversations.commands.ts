import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { renderMarkdown } from '../../web/markdown.ts';
import type { Reaction } from './conversations.forms.ts';
import { mentionCandidates } from './conversations.mentions.ts';
import type { SubjectRef } from './conversations.policy.ts';

/** The same text by the same member in the same place within this time is a form sent twice. */
const duplicateSeconds = 120;

/** A subject's thread, created on first use; two members posting at once both get the one row. */
async function ensureThread(tx: Database, subject: SubjectRef, userId: number): Promise<number> {
  await tx
    .insertInto('threads')
    .values({ subject_type: subject.type, subject_id: subject.id, created_by: userId })
    .onConflict((c) => c.columns(['subject_type', 'subject_id']).doNothing())
    .execute();
  const thread = await tx
    .selectFrom('threads')
    .select('id')
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .executeTakeFirstOrThrow();
  return thread.id;
}

/** Active members among the handles a post mentions. */
async function resolveMentions(tx: Database, body: string): Promise<number[]> {
  const handles = mentionCandidates(renderMarkdown(body));
  if (handles.length === 0) return [];
  const rows = await tx.selectFrom('users').select('id').where('handle', 'in', handles).where('status', '=', 'active').execute();
  return rows.map((row) => row.id);
}

function searchVector(body: string) {
  return sql<string>`to_tsvector('english', ${body})`;
}

export type CreatePostResult =
  | {
      ok: true;
      postId: number;
      threadId: number;
      /** True when the same post had just been added (a form sent twice): nothing new was stored. */
      duplicate: boolean;
      mentionedIds: number[];
      parentAuthorId: number | null;
      followerIds: number[];
    }
  | { ok: false; error: 'parent-not-found' | 'quote-not-found' };

/**
 * Adds a post (a reply when parentId is set) to a subject's conversation, records its mentions
 * and makes the author follow the conversation (unless `follow` is false). Notifications are the
 * caller's job, after this has committed.
 */
export async function createPost(
  db: Database,
  input: { subject: SubjectRef; authorId: number; body: string; parentId: number | null; quoteOf: number | null; follow?: boolean },
): Promise<CreatePostResult> {
  return db.transaction().execute(async (tx) => {
    const threadId = await ensureThread(tx, input.subject, input.authorId);
    // One writer per thread at a time, so the duplicate check below cannot be raced.
    await tx.selectFrom('threads').select('id').where('id', '=', threadId).forUpdate().execute();

    let parentAuthorId: number | null = null;
    if (input.parentId !== null) {
      const parent = await tx
        .selectFrom('posts')
        .select(['id', 'author_id'])
        .where('id', '=', input.parentId)
        .where('thread_id', '=', threadId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!parent) return { ok: false, error: 'parent-not-found' } as const;
      parentAuthorId = parent.author_id;
    }
    if (input.quoteOf !== null) {
      const quoted = await tx
        .selectFrom('posts')
        .select('id')
        .where('id', '=', input.quoteOf)
        .where('thread_id', '=', threadId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!quoted) return { ok: false, error: 'quote-not-found' } as const;
    }

    const duplicate = await tx
      .selectFrom('posts')
      .select('id')
      .where('thread_id', '=', threadId)
      .where('author_id', '=', input.authorId)
      .where('body', '=', input.body)
      .where(sql<boolean>`parent_id is not distinct from ${input.parentId}::bigint`)
      .where('deleted_at', 'is', null)
      .where('created_at', '>', sql<Date>`now() - make_interval(secs => ${duplicateSeconds})`)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    if (duplicate) {
      return { ok: true, postId: duplicate.id, threadId, duplicate: true, mentionedIds: [], parentAuthorId, followerIds: [] } as const;
    }

    const post = await tx
      .insertInto('posts')
      .values({
        thread_id: threadId,
        parent_id: input.parentId,
        quote_of: input.quoteOf,
        author_id: input.authorId,
        body: input.body,
        search: searchVector(input.body),
      })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow();
    await tx
      .updateTable('threads')
      .set((eb) => ({ post_count: eb('post_count', '+', 1), last_post_at: post.created_at }))
      .where('id', '=', threadId)
      .execute();

    const mentionedIds = await resolveMentions(tx, input.body);
    if (mentionedIds.length > 0) {
      await tx
        .insertInto('post_mentions')
        .values(mentionedIds.map((userId) => ({ post_id: post.id, user_id: userId })))
        .onConflict((c) => c.doNothing())
        .execute();
    }

    // Followers as they were before this post: the author, who follows from now on, is not told of their own post.
    const followers = await tx.selectFrom('thread_followers').select('user_id').where('thread_id', '=', threadId).execute();
    if (input.follow !== false) {
      await tx
        .insertInto('thread_followers')
        .values({ thread_id: threadId, user_id: input.authorId })
        .onConflict((c) => c.doNothing())
        .execute();
    }

    return {
      ok: true,
      postId: post.id,
      threadId,
      duplicate: false,
      mentionedIds,
      parentAuthorId,
      followerIds: followers.map((row) => row.user_id),
    } as const;
  });
}

export type EditPostResult = { ok: true; changed: boolean; newlyMentionedIds: number[] } | { ok: false; error: 'not-found' };

/** Replaces a post's text, keeping the text it had as a revision. */
export async function editPost(db: Database, input: { postId: number; editorId: number; body: string }): Promise<EditPostResult> {
  return db.transaction().execute(async (tx) => {
    const post = await tx
      .selectFrom('posts')
      .select(['id', 'body'])
      .where('id', '=', input.postId)
      .where('deleted_at', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!post) return { ok: false, error: 'not-found' } as const;
    if (post.body === input.body) return { ok: true, changed: false, newlyMentionedIds: [] } as const;

    await tx.insertInto('post_revisions').values({ post_id: post.id, body: post.body, edited_by: input.editorId }).execute();
    await tx
      .updateTable('posts')
      .set({ body: input.body, search: searchVector(input.body), edited_at: sql<Date>`now()` })
      .where('id', '=', post.id)
      .execute();

    const mentioned = await resolveMentions(tx, input.body);
    const before = await tx.selectFrom('post_mentions').select('user_id').where('post_id', '=', post.id).execute();
    const had = new Set(before.map((row) => row.user_id));
    const now = new Set(mentioned);
    const removed = [...had].filter((id) => !now.has(id));
    const added = mentioned.filter((id) => !had.has(id));
    if (removed.length > 0) {
      await tx.deleteFrom('post_mentions').where('post_id', '=', post.id).where('user_id', 'in', removed).execute();
    }
    if (added.length > 0) {
      await tx
        .insertInto('post_mentions')
        .values(added.map((userId) => ({ post_id: post.id, user_id: userId })))
        .onConflict((c) => c.doNothing())
        .execute();
    }
    return { ok: true, changed: true, newlyMentionedIds: added } as const;
  });
}

export type DeletePostResult = { ok: true } | { ok: false; error: 'not-found' };

/**
 * Soft delete: the post keeps its place so replies to it stay in the thread, but its text is no
 * longer shown or searchable anywhere.
 */
export async function deletePost(db: Database, postId: number): Promise<DeletePostResult> {
  return db.transaction().execute(async (tx) => {
    const post = await tx
      .updateTable('posts')
      .set({ deleted_at: sql<Date>`now()`, search: sql<string>`''::tsvector`, helpful: false })
      .where('id', '=', postId)
      .where('deleted_at', 'is', null)
      .returning('thread_id')
      .executeTakeFirst();
    if (!post) return { ok: false, error: 'not-found' } as const;
    await tx
      .updateTable('threads')
      .set((eb) => ({
        post_count: sql<number>`greatest(${eb.ref('post_count')} - 1, 0)`,
        last_post_at: eb
          .selectFrom('posts')
          .select((inner) => inner.fn.max('posts.created_at').as('last'))
          .where('posts.thread_id', '=', post.thread_id)
          .where('posts.deleted_at', 'is', null),
      }))
      .where('id', '=', post.thread_id)
      .execute();
    return { ok: true } as const;
  });
}

/** Adds the member's reaction, or takes it back when they had already given it. */
export async function toggleReaction(db: Database, input: { postId: number; userId: number; reaction: Reaction }): Promise<{ ok: true; active: boolean }> {
  return db.transaction().execute(async (tx) => {
    const removed = await tx
      .deleteFrom('post_reactions')
      .where('post_id', '=', input.postId)
      .where('user_id', '=', input.userId)
      .where('reaction', '=', input.reaction)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) > 0) return { ok: true, active: false } as const;
    await tx
      .insertInto('post_reactions')
      .values({ post_id: input.postId, user_id: input.userId, reaction: input.reaction })
      .onConflict((c) => c.doNothing())
      .execute();
    return { ok: true, active: true } as const;
  });
}

export async function setHelpful(db: Database, postId: number, helpful: boolean): Promise<{ ok: boolean }> {
  const result = await db
    .updateTable('posts')
    .set({ helpful })
    .where('id', '=', postId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return { ok: Number(result.numUpdatedRows) > 0 };
}

/** Follows a subject's conversation, starting its thread if no one has posted yet. */
export async function followConversation(db: Database, subject: SubjectRef, userId: number): Promise<{ ok: true; threadId: number }> {
  return db.transaction().execute(async (tx) => {
    const threadId = await ensureThread(tx, subject, userId);
    await tx.insertInto('thread_followers').values({ thread_id: threadId, user_id: userId }).onConflict((c) => c.doNothing()).execute();
    return { ok: true, threadId } as const;
  });
}

export async function unfollowConversation(db: Database, subject: SubjectRef, userId: number): Promise<{ ok: true }> {
  await db
    .deleteFrom('thread_followers')
    .where('user_id', '=', userId)
    .where('thread_id', 'in', (eb) =>
      eb.selectFrom('threads').select('id').where('subject_type', '=', subject.type).where('subject_id', '=', subject.id),
    )
    .execute();
  return { ok: true };
}

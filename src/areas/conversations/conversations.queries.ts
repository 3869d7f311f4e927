import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { reactions, type Reaction } from './conversations.forms.ts';
import type { SubjectRef } from './conversations.policy.ts';

/** Top-level posts on one page of a conversation; each comes with all its replies. */
export const rootsPerPage = 30;
/** Posts on one page of the JSON list. */
export const jsonPageSize = 100;

export interface PostRecord {
  id: number;
  threadId: number;
  parentId: number | null;
  quoteOf: number | null;
  authorId: number | null;
  authorHandle: string | null;
  authorName: string | null;
  body: string;
  helpful: boolean;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  hiddenAt: Date | null;
  hiddenReason: string | null;
}

export interface PostWithSubject extends PostRecord {
  subject: SubjectRef;
}

export interface ThreadRecord {
  id: number;
  postCount: number;
  lastPostAt: Date | null;
}

function selectPosts(db: Database) {
  return db
    .selectFrom('posts')
    .leftJoin('users', 'users.id', 'posts.author_id')
    .select([
      'posts.id',
      'posts.thread_id as threadId',
      'posts.parent_id as parentId',
      'posts.quote_of as quoteOf',
      'posts.author_id as authorId',
      'users.handle as authorHandle',
      'users.display_name as authorName',
      'posts.body',
      'posts.helpful',
      'posts.created_at as createdAt',
      'posts.edited_at as editedAt',
      'posts.deleted_at as deletedAt',
      'posts.hidden_at as hiddenAt',
      'posts.hidden_reason as hiddenReason',
    ]);
}

export async function findThread(db: Database, subject: SubjectRef): Promise<ThreadRecord | undefined> {
  return db
    .selectFrom('threads')
    .select(['id', 'post_count as postCount', 'last_post_at as lastPostAt'])
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .executeTakeFirst();
}

/** Numbers of (not deleted) posts on several subjects of one type, for lists of them. */
export async function postCountFor(db: Database, type: string, ids: number[]): Promise<Map<number, number>> {
  const result = new Map<number, number>();
  if (ids.length === 0) return result;
  const rows = await db
    .selectFrom('threads')
    .select(['subject_id', 'post_count'])
    .where('subject_type', '=', type)
    .where('subject_id', 'in', ids)
    .execute();
  for (const row of rows) result.set(row.subject_id, row.post_count);
  return result;
}

/**
 * One page of a conversation: `rootsPerPage` top-level posts, oldest first, with every reply
 * below them (in no particular order: threadTree orders them).
 */
export async function threadPage(db: Database, threadId: number, page: number): Promise<{ posts: PostRecord[]; hasNext: boolean }> {
  const roots = await db
    .selectFrom('posts')
    .select('id')
    .where('thread_id', '=', threadId)
    .where('parent_id', 'is', null)
    .orderBy('id')
    .limit(rootsPerPage + 1)
    .offset((page - 1) * rootsPerPage)
    .execute();
  const rootIds = roots.slice(0, rootsPerPage).map((row) => row.id);
  if (rootIds.length === 0) return { posts: [], hasNext: false };
  const posts = await selectPosts(db)
    .where(
      'posts.id',
      'in',
      db
        .withRecursive('tree(id)', (qb) =>
          qb
            .selectFrom('posts')
            .select('posts.id')
            .where('posts.id', 'in', rootIds)
            .unionAll((eb) =>
              eb
                .selectFrom('posts')
                .innerJoin('tree', 'tree.id', 'posts.parent_id')
                .select('posts.id')
                .where('posts.thread_id', '=', threadId),
            ),
        )
        .selectFrom('tree')
        .select('tree.id'),
    )
    .orderBy('posts.id')
    .execute();
  return { posts, hasNext: roots.length > rootsPerPage };
}

/** A page of a conversation's posts in the order they were written, for the JSON list. */
export async function postsInOrder(db: Database, threadId: number, page: number): Promise<{ posts: PostRecord[]; hasNext: boolean }> {
  const rows = await selectPosts(db)
    .where('posts.thread_id', '=', threadId)
    .orderBy('posts.id')
    .limit(jsonPageSize + 1)
    .offset((page - 1) * jsonPageSize)
    .execute();
  return { posts: rows.slice(0, jsonPageSize), hasNext: rows.length > jsonPageSize };
}

export async function findPost(db: Database, id: number): Promise<PostWithSubject | undefined> {
  const row = await selectPosts(db)
    .innerJoin('threads', 'threads.id', 'posts.thread_id')
    .select(['threads.subject_type as subjectType', 'threads.subject_id as subjectId'])
    .where('posts.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const { subjectType, subjectId, ...post } = row;
  return { ...post, subject: { type: subjectType, id: subjectId } };
}

export interface ReactionSummary {
  counts: Record<Reaction, number>;
  mine: Set<Reaction>;
}

export function noReactions(): ReactionSummary {
  return { counts: { agree: 0, insightful: 0, thanks: 0, celebrate: 0 }, mine: new Set() };
}

export async function reactionsFor(db: Database, postIds: number[], viewerId: number | null): Promise<Map<number, ReactionSummary>> {
  const result = new Map<number, ReactionSummary>();
  if (postIds.length === 0) return result;
  const rows = await db
    .selectFrom('post_reactions')
    .select([
      'post_id',
      'reaction',
      (eb) => eb.fn.countAll<number>().as('count'),
      sql<boolean>`bool_or(user_id = ${viewerId ?? 0})`.as('mine'),
    ])
    .where('post_id', 'in', postIds)
    .where('reaction', 'in', [...reactions])
    .groupBy(['post_id', 'reaction'])
    .execute();
  for (const row of rows) {
    const summary = result.get(row.post_id) ?? noReactions();
    const reaction = row.reaction as Reaction;
    summary.counts[reaction] = Number(row.count);
    if (row.mine) summary.mine.add(reaction);
    result.set(row.post_id, summary);
  }
  return result;
}

/** Handles of the active members each post mentions, for linking them. */
export async function mentionedHandles(db: Database, postIds: number[]): Promise<Map<number, Set<string>>> {
  const result = new Map<number, Set<string>>();
  if (postIds.length === 0) return result;
  const rows = await db
    .selectFrom('post_mentions')
    .innerJoin('users', 'users.id', 'post_mentions.user_id')
    .select(['post_mentions.post_id', 'users.handle'])
    .where('post_mentions.post_id', 'in', postIds)
    .where('users.status', '=', 'active')
    .execute();
  for (const row of rows) {
    const set = result.get(row.post_id) ?? new Set<string>();
    set.add(row.handle);
    result.set(row.post_id, set);
  }
  return result;
}

export interface QuotedPost {
  id: number;
  authorName: string | null;
  deleted: boolean;
}

export async function quotedPosts(db: Database, ids: number[]): Promise<Map<number, QuotedPost>> {
  const result = new Map<number, QuotedPost>();
  if (ids.length === 0) return result;
  const rows = await db
    .selectFrom('posts')
    .leftJoin('users', 'users.id', 'posts.author_id')
    .select(['posts.id', 'users.display_name', 'posts.deleted_at'])
    .where('posts.id', 'in', [...new Set(ids)])
    .execute();
  for (const row of rows) result.set(row.id, { id: row.id, authorName: row.display_name, deleted: row.deleted_at !== null });
  return result;
}

export async function isFollowing(db: Database, threadId: number, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom('thread_followers')
    .select('user_id')
    .where('thread_id', '=', threadId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function followerIds(db: Database, threadId: number): Promise<number[]> {
  const rows = await db.selectFrom('thread_followers').select('user_id').where('thread_id', '=', threadId).execute();
  return rows.map((row) => row.user_id);
}

export interface Revision {
  id: number;
  body: string;
  editedAt: Date;
  editorName: string | null;
  editorHandle: string | null;
}

/** Earlier texts of a post, oldest first; each was replaced at `editedAt` by the editor named. */
export async function revisionsOf(db: Database, postId: number): Promise<Revision[]> {
  return db
    .selectFrom('post_revisions')
    .leftJoin('users', 'users.id', 'post_revisions.edited_by')
    .select([
      'post_revisions.id',
      'post_revisions.body',
      'post_revisions.edited_at as editedAt',
      'users.display_name as editorName',
      'users.handle as editorHandle',
    ])
    .where('post_revisions.post_id', '=', postId)
    .orderBy('post_revisions.id')
    .execute();
}

/** Which page of its conversation shows a post: the page of its top-level ancestor. */
export async function pageOfPost(db: Database, post: { id: number; threadId: number }): Promise<number> {
  const root = await db
    .withRecursive('up(id, parent_id)', (qb) =>
      qb
        .selectFrom('posts')
        .select(['posts.id', 'posts.parent_id'])
        .where('posts.id', '=', post.id)
        .unionAll((eb) =>
          eb.selectFrom('posts').innerJoin('up', 'up.parent_id', 'posts.id').select(['posts.id', 'posts.parent_id']),
        ),
    )
    .selectFrom('up')
    .select('up.id')
    .where('up.parent_id', 'is', null)
    .executeTakeFirst();
  if (!root) return 1;
  const before = await db
    .selectFrom('posts')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('thread_id', '=', post.threadId)
    .where('parent_id', 'is', null)
    .where('id', '<', root.id)
    .executeTakeFirstOrThrow();
  return Math.floor(Number(before.count) / rootsPerPage) + 1;
}

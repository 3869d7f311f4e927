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

export interface UnansweredPost {
  id: number;
  subjectId: number;
  body: string;
  createdAt: Date;
  authorHandle: string | null;
  authorName: string | null;
}

/**
 * Top-level posts on subjects of one type, written before `before`, that none of the subject's
 * `answerers` has replied to anywhere below them (deleted and hidden posts count for nothing).
 * Posts the answerers wrote themselves are not waiting for an answer. Oldest first.
 */
export async function unansweredPosts(
  db: Database,
  type: string,
  answerers: ReadonlyMap<number, readonly number[]>,
  before: Date,
  limit = 500,
): Promise<UnansweredPost[]> {
  const subjectIds = [...answerers.keys()].filter((id) => Number.isSafeInteger(id));
  if (subjectIds.length === 0) return [];
  const pairs = [...answerers].flatMap(([subjectId, userIds]) => userIds.map((userId) => sql`(${subjectId}::bigint, ${userId}::bigint)`));
  const answererRows = pairs.length > 0 ? sql`values ${sql.join(pairs)}` : sql`select null::bigint, null::bigint where false`;
  const rows = await sql<{ id: number; subject_id: number; body: string; created_at: Date; handle: string | null; display_name: string | null }>`
    with recursive answerer(subject_id, user_id) as (${answererRows}),
    root as (
      select p.id, t.subject_id from posts p join threads t on t.id = p.thread_id
      where t.subject_type = ${type} and t.subject_id in (${sql.join(subjectIds)})
        and p.parent_id is null and p.created_at < ${before} and p.deleted_at is null and p.hidden_at is null
        and not exists (select 1 from answerer a where a.subject_id = t.subject_id and a.user_id = p.author_id)
    ),
    tree(root_id, subject_id, id, author_id, live) as (
      select root.id, root.subject_id, root.id, null::bigint, false from root
      union all
      select tree.root_id, tree.subject_id, c.id, c.author_id, c.deleted_at is null and c.hidden_at is null
      from posts c join tree on c.parent_id = tree.id
    )
    select p.id, root.subject_id, p.body, p.created_at, u.handle, u.display_name
    from root join posts p on p.id = root.id left join users u on u.id = p.author_id
    where not exists (
      select 1 from tree join answerer a on a.subject_id = tree.subject_id and a.user_id = tree.author_id
      where tree.root_id = root.id and tree.live
    )
    order by p.created_at, p.id
    limit ${limit}
  `.execute(db);
  return rows.rows.map((row) => ({
    id: Number(row.id),
    subjectId: Number(row.subject_id),
    body: row.body,
    createdAt: row.created_at instanceof Date ? row.created_at : new Date(row.created_at),
    authorHandle: row.handle,
    authorName: row.display_name,
  }));
}

/**
 * The top-level posts of a subject's conversation with the replies below them written by
 * `answerers` (a story's people answering the questions put to them), oldest first; deleted and
 * hidden posts are left out. Questions without such a reply are left out too.
 */
export async function answeredPosts(
  db: Database,
  subject: SubjectRef,
  answerers: readonly number[],
  limit = 100,
): Promise<{ question: PostRecord; answers: PostRecord[] }[]> {
  if (answerers.length === 0) return [];
  const thread = await findThread(db, subject);
  if (!thread) return [];
  const rows = await sql<{ root_id: number; id: number }>`
    with recursive tree(root_id, id, author_id, live) as (
      select p.id, p.id, p.author_id, true from posts p
      where p.thread_id = ${thread.id} and p.parent_id is null and p.deleted_at is null and p.hidden_at is null
      union all
      select tree.root_id, c.id, c.author_id, c.deleted_at is null and c.hidden_at is null
      from posts c join tree on c.parent_id = tree.id
    )
    select root_id, id from tree
    where tree.id <> tree.root_id and tree.live and tree.author_id in (${sql.join(answerers)})
    order by root_id, id
  `.execute(db);
  const byRoot = new Map<number, number[]>();
  for (const row of rows.rows) {
    const root = Number(row.root_id);
    if (!byRoot.has(root) && byRoot.size >= limit) continue;
    byRoot.set(root, [...(byRoot.get(root) ?? []), Number(row.id)]);
  }
  if (byRoot.size === 0) return [];
  const ids = [...byRoot.keys(), ...[...byRoot.values()].flat()];
  const posts = new Map((await selectPosts(db).where('posts.id', 'in', ids).execute()).map((post) => [post.id, post]));
  return [...byRoot].map(([root, answerIds]) => ({ question: posts.get(root)!, answers: answerIds.map((id) => posts.get(id)!).filter(Boolean) })).filter((pair) => pair.question);
}

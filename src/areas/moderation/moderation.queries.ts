import type { Database } from '../../db/database.ts';

export const queuePageSize = 30;
export const auditPageSize = 50;
/** How many open reports a non-administrator's queue looks through: their subjects are checked one by one. */
const moderatorScan = 500;

/** Recipients left after dropping those who have blocked the actor. */
export async function withoutBlockers(db: Database, recipients: number[], actorId: number | null): Promise<number[]> {
  if (actorId === null || recipients.length === 0) return recipients;
  const rows = await db
    .selectFrom('blocks')
    .select('blocker_id')
    .where('blocked_id', '=', actorId)
    .where('blocker_id', 'in', [...new Set(recipients)])
    .execute();
  const blockers = new Set(rows.map((row) => row.blocker_id));
  return recipients.filter((id) => !blockers.has(id));
}

export interface FlagRecord {
  id: number;
  subjectType: 'post' | 'member';
  subjectId: number;
  reason: string;
  status: 'open' | 'resolved' | 'dismissed';
  createdAt: Date;
  reporterName: string | null;
  /** For a post: its conversation's subject, author and whether it is hidden or deleted. */
  threadType: string | null;
  threadSubjectId: number | null;
  postAuthorName: string | null;
  postHiddenAt: Date | null;
  postHiddenReason: string | null;
  postDeletedAt: Date | null;
  /** For a member: their name and handle. */
  memberName: string | null;
  memberHandle: string | null;
}

function selectFlags(db: Database) {
  return db
    .selectFrom('flags')
    .leftJoin('users as reporter', 'reporter.id', 'flags.reporter_id')
    .leftJoin('posts', (join) => join.onRef('posts.id', '=', 'flags.subject_id').on('flags.subject_type', '=', 'post'))
    .leftJoin('threads', 'threads.id', 'posts.thread_id')
    .leftJoin('users as author', 'author.id', 'posts.author_id')
    .leftJoin('users as member', (join) => join.onRef('member.id', '=', 'flags.subject_id').on('flags.subject_type', '=', 'member'))
    .select([
      'flags.id',
      'flags.subject_type as subjectType',
      'flags.subject_id as subjectId',
      'flags.reason',
      'flags.status',
      'flags.created_at as createdAt',
      'reporter.display_name as reporterName',
      'threads.subject_type as threadType',
      'threads.subject_id as threadSubjectId',
      'author.display_name as postAuthorName',
      'posts.hidden_at as postHiddenAt',
      'posts.hidden_reason as postHiddenReason',
      'posts.deleted_at as postDeletedAt',
      'member.display_name as memberName',
      'member.handle as memberHandle',
    ]);
}

export async function findFlag(db: Database, id: number): Promise<FlagRecord | undefined> {
  return selectFlags(db).where('flags.id', '=', id).executeTakeFirst();
}

/** Open reports, newest first: all of them for administrators. */
export async function openFlags(db: Database, page: number): Promise<{ flags: FlagRecord[]; hasNext: boolean }> {
  const rows = await selectFlags(db)
    .where('flags.status', '=', 'open')
    .orderBy('flags.id', 'desc')
    .limit(queuePageSize + 1)
    .offset((page - 1) * queuePageSize)
    .execute();
  return { flags: rows.slice(0, queuePageSize), hasNext: rows.length > queuePageSize };
}

/** The most recent open reports on posts, for filtering by what a moderator moderates. */
export async function openPostFlags(db: Database): Promise<FlagRecord[]> {
  return selectFlags(db)
    .where('flags.status', '=', 'open')
    .where('flags.subject_type', '=', 'post')
    .orderBy('flags.id', 'desc')
    .limit(moderatorScan)
    .execute();
}

export interface HiddenPost {
  id: number;
  threadType: string;
  threadSubjectId: number;
  authorName: string | null;
  reason: string | null;
  hiddenAt: Date;
}

export async function recentlyHidden(db: Database): Promise<HiddenPost[]> {
  const rows = await db
    .selectFrom('posts')
    .innerJoin('threads', 'threads.id', 'posts.thread_id')
    .leftJoin('users', 'users.id', 'posts.author_id')
    .select([
      'posts.id',
      'threads.subject_type as threadType',
      'threads.subject_id as threadSubjectId',
      'users.display_name as authorName',
      'posts.hidden_reason as reason',
      'posts.hidden_at as hiddenAt',
    ])
    .where('posts.hidden_at', 'is not', null)
    .where('posts.deleted_at', 'is', null)
    .orderBy('posts.hidden_at', 'desc')
    .limit(moderatorScan)
    .execute();
  return rows.map((row) => ({ ...row, hiddenAt: row.hiddenAt! }));
}

export interface LogEntry {
  id: number;
  actorName: string | null;
  action: string;
  subjectType: string;
  subjectId: number;
  reason: string | null;
  createdAt: Date;
}

export async function auditLog(db: Database, page: number): Promise<{ entries: LogEntry[]; hasNext: boolean }> {
  const rows = await db
    .selectFrom('moderation_log')
    .leftJoin('users', 'users.id', 'moderation_log.actor_id')
    .select([
      'moderation_log.id',
      'users.display_name as actorName',
      'moderation_log.action',
      'moderation_log.subject_type as subjectType',
      'moderation_log.subject_id as subjectId',
      'moderation_log.reason',
      'moderation_log.created_at as createdAt',
    ])
    .orderBy('moderation_log.id', 'desc')
    .limit(auditPageSize + 1)
    .offset((page - 1) * auditPageSize)
    .execute();
  return { entries: rows.slice(0, auditPageSize), hasNext: rows.length > auditPageSize };
}

export async function memberByHandle(db: Database, handle: string) {
  return db
    .selectFrom('users')
    .select(['id', 'handle', 'display_name as name'])
    .where('handle', '=', handle)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

export async function isBlocked(db: Database, blockerId: number, blockedId: number): Promise<boolean> {
  const row = await db
    .selectFrom('blocks')
    .select('blocked_id')
    .where('blocker_id', '=', blockerId)
    .where('blocked_id', '=', blockedId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function blockedBy(db: Database, blockerId: number, page: number, size: number) {
  const rows = await db
    .selectFrom('blocks')
    .innerJoin('users', 'users.id', 'blocks.blocked_id')
    .select(['users.handle', 'users.display_name as name'])
    .where('blocks.blocker_id', '=', blockerId)
    .orderBy('users.display_name')
    .orderBy('users.id')
    .limit(size + 1)
    .offset((page - 1) * size)
    .execute();
  return { members: rows.slice(0, size), hasNext: rows.length > size };
}

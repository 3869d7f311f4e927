import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { FlagSubject } from '../../db/schema.ts';
import type { Viewer } from '../../web/context.ts';
import { pitchVisibleTo } from '../exchange/pitches.policy.ts';
import { knowledgePageVisibleTo } from '../knowledge/knowledge.policy.ts';
import { storyVisibleTo } from '../stories/stories.policy.ts';

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
  subjectType: FlagSubject;
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
  /** For a pitch, a knowledge page or a story: its title, address and whether it is hidden. */
  contentTitle: string | null;
  contentSlug: string | null;
  contentHiddenAt: Date | null;
  contentHiddenReason: string | null;
  /**
   * Who wrote what was reported (the post's author, the pitch's author, whoever saved the page's
   * current text, the story's reporter) or the member reported: the one who can be removed from a
   * group or suspended.
   */
  authorId: number | null;
  authorName: string | null;
  authorSuspended: boolean;
  /** The group it belongs to: a group's conversation, or the group a pitch or page was posted into. */
  groupId: number | null;
  groupName: string | null;
}

function selectFlags(db: Database) {
  return db
    .selectFrom('flags')
    .leftJoin('users as reporter', 'reporter.id', 'flags.reporter_id')
    .leftJoin('posts', (join) => join.onRef('posts.id', '=', 'flags.subject_id').on('flags.subject_type', '=', 'post'))
    .leftJoin('threads', 'threads.id', 'posts.thread_id')
    .leftJoin('users as author', 'author.id', 'posts.author_id')
    .leftJoin('users as member', (join) => join.onRef('member.id', '=', 'flags.subject_id').on('flags.subject_type', '=', 'member'))
    .leftJoin('pitches as fp', (join) => join.onRef('fp.id', '=', 'flags.subject_id').on('flags.subject_type', '=', 'pitch'))
    .leftJoin('knowledge_pages as fk', (join) => join.onRef('fk.id', '=', 'flags.subject_id').on('flags.subject_type', '=', 'knowledge-page'))
    .leftJoin('knowledge_revisions as fkr', 'fkr.id', 'fk.current_revision_id')
    .leftJoin('stories as fs', (join) => join.onRef('fs.id', '=', 'flags.subject_id').on('flags.subject_type', '=', 'story'))
    .leftJoin('users as wrote', (join) =>
      join.on(sql<boolean>`wrote.id = coalesce(posts.author_id, fp.author_id, fkr.author_id, fs.reporter_id, member.id)`),
    )
    .leftJoin('groups as g', (join) =>
      join.on(sql<boolean>`g.id = case when threads.subject_type = 'group' then threads.subject_id else coalesce(fp.group_id, fk.group_id) end`),
    )
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
      sql<string | null>`coalesce(fp.title, fk.title, fs.title)`.as('contentTitle'),
      sql<string | null>`coalesce(fp.slug, fk.slug, fs.slug)`.as('contentSlug'),
      sql<Date | null>`coalesce(fp.hidden_at, fk.hidden_at, fs.hidden_at)`.as('contentHiddenAt'),
      sql<string | null>`coalesce(fp.hidden_reason, fk.hidden_reason, fs.hidden_reason)`.as('contentHiddenReason'),
      'wrote.id as authorId',
      'wrote.display_name as authorName',
      sql<boolean>`coalesce(wrote.status = 'suspended', false)`.as('authorSuspended'),
      'g.id as groupId',
      'g.name as groupName',
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

/** The most recent open reports on posts and content, for filtering by what a moderator moderates. */
export async function openModeratedFlags(db: Database): Promise<FlagRecord[]> {
  return selectFlags(db)
    .where('flags.status', '=', 'open')
    .where('flags.subject_type', 'in', ['post', 'pitch', 'knowledge-page', 'story'])
    .orderBy('flags.id', 'desc')
    .limit(moderatorScan)
    .execute();
}

export type ContentType = 'pitch' | 'knowledge-page' | 'story';

export function isContentType(value: string): value is ContentType {
  return value === 'pitch' || value === 'knowledge-page' || value === 'story';
}

export interface ContentRecord {
  type: ContentType;
  id: number;
  title: string;
  slug: string;
  groupId: number | null;
  /** For a page of a group's wiki: the group's address, which the page's own address starts with. */
  wikiGroupSlug: string | null;
  hiddenAt: Date | null;
  hiddenReason: string | null;
}

interface ContentRow {
  id: number;
  title: string;
  slug: string;
  group_id: number | null;
  group_slug: string | null;
  hidden_at: Date | null;
  hidden_reason: string | null;
}

function contentRecord(type: ContentType, row: ContentRow): ContentRecord {
  return {
    type,
    id: row.id,
    title: row.title,
    slug: row.slug,
    groupId: row.group_id,
    wikiGroupSlug: type === 'knowledge-page' ? row.group_slug : null,
    hiddenAt: row.hidden_at,
    hiddenReason: row.hidden_reason,
  };
}

function pitchRows(db: Database) {
  return db
    .selectFrom('pitches')
    .select(['pitches.id', 'pitches.title', 'pitches.slug', 'pitches.group_id', sql<string | null>`null`.as('group_slug'), 'pitches.hidden_at', 'pitches.hidden_reason']);
}

function pageRows(db: Database) {
  return db
    .selectFrom('knowledge_pages')
    .leftJoin('groups as wiki_group', 'wiki_group.id', 'knowledge_pages.group_id')
    .select([
      'knowledge_pages.id',
      'knowledge_pages.title',
      'knowledge_pages.slug',
      'knowledge_pages.group_id',
      'wiki_group.slug as group_slug',
      'knowledge_pages.hidden_at',
      'knowledge_pages.hidden_reason',
    ]);
}

function storyRows(db: Database) {
  return db
    .selectFrom('stories')
    .select(['stories.id', 'stories.title', 'stories.slug', sql<number | null>`null`.as('group_id'), sql<string | null>`null`.as('group_slug'), 'stories.hidden_at', 'stories.hidden_reason']);
}

/** A pitch, knowledge page or story by id, whoever may see it: for its moderators. */
export async function findContent(db: Database, type: ContentType, id: number): Promise<ContentRecord | undefined> {
  const row =
    type === 'pitch'
      ? await pitchRows(db).where('pitches.id', '=', id).executeTakeFirst()
      : type === 'story'
        ? await storyRows(db).where('stories.id', '=', id).executeTakeFirst()
        : await pageRows(db).where('knowledge_pages.id', '=', id).executeTakeFirst();
  return row ? contentRecord(type, row) : undefined;
}

/**
 * A pitch or knowledge page by its address, if this viewer may see it (the owning area's own
 * rule). Pages are looked for in the hub-wide wiki, or in the wiki of the group named.
 */
export async function visibleContent(
  db: Database,
  viewer: Viewer | null,
  type: ContentType,
  slug: string,
  wikiGroupSlug: string | null = null,
): Promise<ContentRecord | undefined> {
  const row =
    type === 'pitch'
      ? await pitchRows(db).where('pitches.slug', '=', slug).where(pitchVisibleTo(viewer)).executeTakeFirst()
      : type === 'story'
        ? await storyRows(db).where('stories.slug', '=', slug).where(storyVisibleTo(viewer)).executeTakeFirst()
        : await pageRows(db)
          .where('knowledge_pages.slug', '=', slug)
          .where((eb) => (wikiGroupSlug === null ? eb('knowledge_pages.group_id', 'is', null) : eb('wiki_group.slug', '=', wikiGroupSlug)))
          .where(knowledgePageVisibleTo(viewer))
          .executeTakeFirst();
  return row ? contentRecord(type, row) : undefined;
}

/**
 * Who wrote the content and hears when it is hidden or shown again: a pitch's team, a page's
 * authors, a story's reporter and the members in it.
 */
export async function authorsOf(db: Database, type: ContentType, id: number): Promise<number[]> {
  if (type === 'story') {
    const rows = await db
      .selectFrom('stories')
      .select('reporter_id as id')
      .where('id', '=', id)
      .union(db.selectFrom('story_people').select('user_id as id').where('story_id', '=', id))
      .execute();
    return rows.flatMap((row) => (row.id === null ? [] : [row.id]));
  }
  const rows =
    type === 'pitch'
      ? await db.selectFrom('pitch_team').select('user_id as id').where('pitch_id', '=', id).execute()
      : await db.selectFrom('knowledge_revisions').select('author_id as id').distinct().where('page_id', '=', id).where('author_id', 'is not', null).execute();
  return rows.flatMap((row) => (row.id === null ? [] : [row.id]));
}

/** Pitches, knowledge pages and stories hidden by moderators, most recently hidden first. */
export async function recentlyHiddenContent(db: Database): Promise<ContentRecord[]> {
  const [pitches, pages, stories] = await Promise.all([
    pitchRows(db).where('pitches.hidden_at', 'is not', null).orderBy('pitches.hidden_at', 'desc').limit(moderatorScan).execute(),
    pageRows(db).where('knowledge_pages.hidden_at', 'is not', null).orderBy('knowledge_pages.hidden_at', 'desc').limit(moderatorScan).execute(),
    storyRows(db).where('stories.hidden_at', 'is not', null).orderBy('stories.hidden_at', 'desc').limit(moderatorScan).execute(),
  ]);
  const all: ContentRecord[] = [
    ...pitches.map((row) => contentRecord('pitch', row)),
    ...pages.map((row) => contentRecord('knowledge-page', row)),
    ...stories.map((row) => contentRecord('story', row)),
  ];
  return all.sort((a, b) => (b.hiddenAt?.getTime() ?? 0) - (a.hiddenAt?.getTime() ?? 0)).slice(0, moderatorScan);
}

/** Whether a member belongs to a group in any standing (active, asking, invited). */
export async function inGroup(db: Database, groupId: number, userId: number): Promise<boolean> {
  const row = await db.selectFrom('group_members').select('user_id').where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined;
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
  /** What the subject is called now, when it still exists: a member's name, a pitch's, page's or story's title. */
  subjectName: string | null;
  groupName: string | null;
}

export async function auditLog(db: Database, page: number): Promise<{ entries: LogEntry[]; hasNext: boolean }> {
  const rows = await db
    .selectFrom('moderation_log')
    .leftJoin('users', 'users.id', 'moderation_log.actor_id')
    .leftJoin('users as subject_member', (join) => join.onRef('subject_member.id', '=', 'moderation_log.subject_id').on('moderation_log.subject_type', '=', 'member'))
    .leftJoin('pitches as subject_pitch', (join) => join.onRef('subject_pitch.id', '=', 'moderation_log.subject_id').on('moderation_log.subject_type', '=', 'pitch'))
    .leftJoin('knowledge_pages as subject_page', (join) =>
      join.onRef('subject_page.id', '=', 'moderation_log.subject_id').on('moderation_log.subject_type', '=', 'knowledge-page'),
    )
    .leftJoin('stories as subject_story', (join) => join.onRef('subject_story.id', '=', 'moderation_log.subject_id').on('moderation_log.subject_type', '=', 'story'))
    .leftJoin('groups', 'groups.id', 'moderation_log.group_id')
    .select([
      'moderation_log.id',
      'users.display_name as actorName',
      'moderation_log.action',
      'moderation_log.subject_type as subjectType',
      'moderation_log.subject_id as subjectId',
      'moderation_log.reason',
      'moderation_log.created_at as createdAt',
      sql<string | null>`coalesce(subject_member.display_name, subject_pitch.title, subject_page.title, subject_story.title)`.as('subjectName'),
      'groups.name as groupName',
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

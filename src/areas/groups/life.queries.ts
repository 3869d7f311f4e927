import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { GroupNotify } from '../../db/schema.ts';
import type { Viewer } from '../../web/context.ts';
import { markdownToText } from '../../web/markdown.ts';
import { pitchVisibleTo } from '../exchange/pitches.policy.ts';
import { canDeleteGroup, canFacilitate, canSeeContent, groupVisibleTo, standingOf, type ViewerStanding, type Visibility } from './groups.policy.ts';
import { visibleGroup } from './groups.queries.ts';

// What goes on in a group: its activity, members, pins and what needs its facilitators. Every
// function here is called only after groupAccess said the viewer may see the group's content (or
// facilitate it); queries that read other areas' things (pitches, sub-groups) still apply those
// things' own rules.

export const activityPageSize = 20;
export const activityFeedSize = 30;
export const memberListSize = 50;
export const attentionListSize = 50;
export const maxPins = 10;
/** A post nobody has answered for this long shows on the attention page. */
export const unansweredHours = 48;
export const summaryWeeks = 4;
const excerptLength = 240;

export interface GroupAccess {
  id: number;
  slug: string;
  name: string;
  purpose: string;
  visibility: Visibility;
  parentId: number | null;
  welcome: string;
  createdAt: Date;
  memberCount: number;
  standing: ViewerStanding | null;
  canSeeContent: boolean;
  canFacilitate: boolean;
  canDelete: boolean;
}

/** The group as this viewer stands with it; undefined when they may not know it exists. */
export async function groupAccess(db: Database, viewer: Viewer | null, slug: string): Promise<GroupAccess | undefined> {
  const row = await visibleGroup(db, viewer, slug);
  if (!row) return undefined;
  const standing = await standingOf(db, viewer, row.id);
  const group = { parentId: row.parent_id };
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    purpose: row.purpose,
    visibility: row.visibility,
    parentId: row.parent_id,
    welcome: row.welcome,
    createdAt: row.created_at,
    memberCount: row.member_count,
    standing,
    canSeeContent: canSeeContent(viewer, row, standing),
    canFacilitate: canFacilitate(viewer, standing),
    canDelete: canDeleteGroup(viewer, standing, group),
  };
}

export function excerpt(text: string, max = excerptLength): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  return `${flat.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

// ---- Activity ------------------------------------------------------------------------------

export const activityKinds = ['post', 'reply', 'pitch', 'joined', 'subgroup', 'started'] as const;
export type ActivityKind = (typeof activityKinds)[number];
export type PinnableType = 'post' | 'pitch';

export interface GroupActivityItem {
  kind: ActivityKind;
  /** The post, pitch, member or group the item is about. */
  itemId: number;
  at: Date;
  actor: { handle: string; name: string } | null;
  /** A pitch's or sub-group's name; empty for the rest. */
  title: string;
  /** Plain text: the start of a post, a pitch's summary, a sub-group's purpose. */
  excerpt: string;
  /** Where the item is, on this hub. */
  path: string;
  /** What a facilitator could pin for it, if anything. */
  pinnable: { type: PinnableType; id: number } | null;
  pinned: boolean;
}

interface StreamRow {
  kind: ActivityKind;
  item_id: number | string;
  at: Date | string;
  title: string;
  text: string;
  slug: string;
  handle: string | null;
  display_name: string | null;
}

function itemPath(row: StreamRow, groupSlug: string): string {
  switch (row.kind) {
    case 'post':
    case 'reply':
      return `/posts/${row.item_id}`;
    case 'pitch':
      return `/pitches/${row.slug}`;
    case 'joined':
      return row.handle ? `/members/${row.handle}` : `/groups/${groupSlug}/members`;
    case 'subgroup':
      return `/groups/${row.slug}`;
    case 'started':
      return `/groups/${groupSlug}`;
  }
}

/**
 * What happened in a group, newest first: posts and replies in its conversation (not deleted or
 * hidden), pitches posted into it (as the pitch rule lets this viewer see them), members joining,
 * sub-groups started (those this viewer may know of) and the group's start. Read from the things
 * themselves, so a post hidden or a pitch withdrawn leaves the stream at once. The caller has
 * checked that the viewer may see the group's content.
 */
export async function groupActivity(
  db: Database,
  viewer: Viewer | null,
  group: { id: number; slug: string },
  page: number,
  size = activityPageSize,
): Promise<{ items: GroupActivityItem[]; hasNext: boolean }> {
  const offset = (page - 1) * size;
  const cap = offset + size + 1;
  const rows = await sql<StreamRow>`
    with stream as (
      (select case when po.parent_id is null then 'post' else 'reply' end as kind, po.id as item_id, po.created_at as at,
              po.author_id as actor_id, ''::text as title, po.body as text, ''::text as slug
         from posts po
         join threads th on th.id = po.thread_id
        where th.subject_type = 'group' and th.subject_id = ${group.id} and po.deleted_at is null and po.hidden_at is null
        order by po.created_at desc, po.id desc
        limit ${cap})
      union all
      (select 'pitch', p.id, p.published_at, p.author_id, p.title, p.summary, p.slug
         from pitches p
        where p.group_id = ${group.id} and p.status = 'published' and p.published_at is not null and ${pitchVisibleTo(viewer, 'p')}
        order by p.published_at desc, p.id desc
        limit ${cap})
      union all
      (select 'joined', gm.user_id, gm.joined_at, gm.user_id, '', '', ''
         from group_members gm
         join groups g on g.id = gm.group_id
        where gm.group_id = ${group.id} and gm.status = 'active' and gm.joined_at is not null
          -- The one who started the group joined with it: that is the "started" item.
          and not (gm.user_id is not distinct from g.created_by and gm.joined_at <= g.created_at + interval '1 second')
        order by gm.joined_at desc
        limit ${cap})
      union all
      (select 'subgroup', s.id, s.created_at, s.created_by, s.name, s.purpose, s.slug
         from groups s
        where s.parent_id = ${group.id} and ${groupVisibleTo(viewer, 's')}
        order by s.created_at desc
        limit ${cap})
      union all
      (select 'started', g.id, g.created_at, g.created_by, g.name, '', g.slug from groups g where g.id = ${group.id})
    )
    select stream.kind, stream.item_id, stream.at, stream.title, stream.text, stream.slug, u.handle, u.display_name
      from stream
      left join users u on u.id = stream.actor_id
     order by stream.at desc, stream.kind, stream.item_id desc
     limit ${size + 1} offset ${offset}`.execute(db);
  const pinned = await pinnedKeys(db, group.id);
  const items = rows.rows.slice(0, size).map((row): GroupActivityItem => {
    const itemId = Number(row.item_id);
    const pinnable = row.kind === 'post' || row.kind === 'reply' ? { type: 'post' as const, id: itemId } : row.kind === 'pitch' ? { type: 'pitch' as const, id: itemId } : null;
    return {
      kind: row.kind,
      itemId,
      at: row.at instanceof Date ? row.at : new Date(row.at),
      actor: row.handle && row.display_name ? { handle: row.handle, name: row.display_name } : null,
      title: row.title,
      excerpt: excerpt(row.kind === 'post' || row.kind === 'reply' ? markdownToText(row.text) : row.text),
      path: itemPath(row, group.slug),
      pinnable,
      pinned: pinnable !== null && pinned.has(`${pinnable.type}:${pinnable.id}`),
    };
  });
  return { items, hasNext: rows.rows.length > size };
}

// ---- Pins ----------------------------------------------------------------------------------

async function pinnedKeys(db: Database, groupId: number): Promise<Set<string>> {
  const rows = await db.selectFrom('pins').select(['subject_type', 'subject_id']).where('group_id', '=', groupId).limit(100).execute();
  return new Set(rows.map((row) => `${row.subject_type}:${row.subject_id}`));
}

export interface PinnedItem {
  type: PinnableType;
  id: number;
  pinnedAt: Date;
  /** A pitch's title; for a post, empty. */
  title: string;
  excerpt: string;
  author: { handle: string; name: string } | null;
  at: Date;
  path: string;
}

/**
 * What the group's facilitators pinned, most recently pinned first; only what is still in the
 * group and may be seen (a post not deleted or hidden, a pitch published and visible to the viewer).
 */
export async function pinnedItems(db: Database, viewer: Viewer | null, groupId: number): Promise<PinnedItem[]> {
  const rows = await sql<{
    subject_type: PinnableType;
    subject_id: number | string;
    pinned_at: Date;
    body: string | null;
    post_at: Date | null;
    post_handle: string | null;
    post_name: string | null;
    slug: string | null;
    title: string | null;
    summary: string | null;
    published_at: Date | null;
    pitch_handle: string | null;
    pitch_name: string | null;
  }>`
    select pin.subject_type, pin.subject_id, pin.pinned_at,
           po.body, po.created_at as post_at, pu.handle as post_handle, pu.display_name as post_name,
           p.slug, p.title, p.summary, p.published_at, au.handle as pitch_handle, au.display_name as pitch_name
      from pins pin
      left join posts po on pin.subject_type = 'post' and po.id = pin.subject_id and po.deleted_at is null and po.hidden_at is null
           and exists (select 1 from threads th where th.id = po.thread_id and th.subject_type = 'group' and th.subject_id = pin.group_id)
      left join users pu on pu.id = po.author_id
      left join pitches p on pin.subject_type = 'pitch' and p.id = pin.subject_id and p.group_id = pin.group_id
           and p.status = 'published' and ${pitchVisibleTo(viewer, 'p')}
      left join users au on au.id = p.author_id
     where pin.group_id = ${groupId} and (po.id is not null or p.id is not null)
     order by pin.pinned_at desc, pin.id desc
     limit ${maxPins * 2}`.execute(db);
  return rows.rows.map((row) => {
    const id = Number(row.subject_id);
    if (row.subject_type === 'post') {
      return {
        type: 'post',
        id,
        pinnedAt: row.pinned_at,
        title: '',
        excerpt: excerpt(markdownToText(row.body ?? ''), 400),
        author: row.post_handle && row.post_name ? { handle: row.post_handle, name: row.post_name } : null,
        at: row.post_at!,
        path: `/posts/${id}`,
      };
    }
    return {
      type: 'pitch',
      id,
      pinnedAt: row.pinned_at,
      title: row.title ?? '',
      excerpt: excerpt(row.summary ?? '', 400),
      author: row.pitch_handle && row.pitch_name ? { handle: row.pitch_handle, name: row.pitch_name } : null,
      at: row.published_at!,
      path: `/pitches/${row.slug}`,
    };
  });
}

// ---- Members -------------------------------------------------------------------------------

export interface MemberRow {
  userId: number;
  handle: string;
  name: string;
  role: 'facilitator' | 'member';
  joinedAt: Date;
}

/** One page of current members: facilitators first, then by name. */
export async function groupMembers(db: Database, groupId: number, page: number, size = memberListSize): Promise<{ members: MemberRow[]; hasNext: boolean }> {
  const rows = await db
    .selectFrom('group_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'u.handle', 'u.display_name', 'm.role', sql<Date>`coalesce(m.joined_at, m.created_at)`.as('joined_at')])
    .where('m.group_id', '=', groupId)
    .where('m.status', '=', 'active')
    .orderBy(sql`m.role = 'facilitator'`, 'desc')
    .orderBy('u.display_name')
    .orderBy('m.user_id')
    .limit(size + 1)
    .offset((page - 1) * size)
    .execute();
  return {
    members: rows.slice(0, size).map((row) => ({ userId: row.user_id, handle: row.handle, name: row.display_name, role: row.role, joinedAt: row.joined_at })),
    hasNext: rows.length > size,
  };
}

export interface WaitingPerson {
  userId: number;
  handle: string;
  name: string;
  askedAt: Date;
}

/** Requests to join, oldest first: for facilitators only. */
export async function waitingRequests(db: Database, groupId: number, size = attentionListSize): Promise<{ people: WaitingPerson[]; more: boolean }> {
  const rows = await db
    .selectFrom('group_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'u.handle', 'u.display_name', 'm.created_at'])
    .where('m.group_id', '=', groupId)
    .where('m.status', '=', 'pending')
    .orderBy('m.created_at')
    .orderBy('m.user_id')
    .limit(size + 1)
    .execute();
  return {
    people: rows.slice(0, size).map((row) => ({ userId: row.user_id, handle: row.handle, name: row.display_name, askedAt: row.created_at })),
    more: rows.length > size,
  };
}

/** The viewer's own choice of how to hear of the group's posts, when they are an active member. */
export async function notifyChoiceOf(db: Database, groupId: number, userId: number): Promise<GroupNotify | null> {
  const row = await db
    .selectFrom('group_members')
    .select('notify')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return row?.notify ?? null;
}

// ---- What needs attention ------------------------------------------------------------------

export interface UnansweredPost {
  id: number;
  author: { handle: string; name: string } | null;
  excerpt: string;
  at: Date;
}

/**
 * Posts started in the group's conversation more than `hours` ago that nobody else has replied
 * to (a reply by its own author does not count), newest first.
 */
export async function unansweredPosts(db: Database, groupId: number, now = new Date(), hours = unansweredHours): Promise<UnansweredPost[]> {
  const before = new Date(now.getTime() - hours * 60 * 60 * 1000);
  const rows = await db
    .selectFrom('posts as po')
    .innerJoin('threads as th', 'th.id', 'po.thread_id')
    .leftJoin('users as u', 'u.id', 'po.author_id')
    .select(['po.id', 'po.body', 'po.created_at', 'u.handle', 'u.display_name'])
    .where('th.subject_type', '=', 'group')
    .where('th.subject_id', '=', groupId)
    .where('po.parent_id', 'is', null)
    .where('po.deleted_at', 'is', null)
    .where('po.hidden_at', 'is', null)
    .where('po.created_at', '<', before)
    .where(
      sql<boolean>`not exists (
        select 1 from posts r
         where r.parent_id = po.id and r.deleted_at is null and r.hidden_at is null
           and r.author_id is distinct from po.author_id)`,
    )
    .orderBy('po.created_at', 'desc')
    .orderBy('po.id', 'desc')
    .limit(attentionListSize)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    author: row.handle && row.display_name ? { handle: row.handle, name: row.display_name } : null,
    excerpt: excerpt(markdownToText(row.body), 200),
    at: row.created_at,
  }));
}

export interface GroupFlag {
  id: number;
  postId: number;
  reason: string;
  reportedAt: Date;
  author: string | null;
  excerpt: string;
}

/** Open reports on posts in the group's conversation, newest first. */
export async function openGroupFlags(db: Database, groupId: number): Promise<GroupFlag[]> {
  const rows = await db
    .selectFrom('flags as f')
    .innerJoin('posts as po', (join) => join.onRef('po.id', '=', 'f.subject_id').on('f.subject_type', '=', 'post'))
    .innerJoin('threads as th', 'th.id', 'po.thread_id')
    .leftJoin('users as u', 'u.id', 'po.author_id')
    .select(['f.id', 'f.reason', 'f.created_at', 'po.id as post_id', 'po.body', 'po.deleted_at', 'u.display_name'])
    .where('f.status', '=', 'open')
    .where('th.subject_type', '=', 'group')
    .where('th.subject_id', '=', groupId)
    .orderBy('f.id', 'desc')
    .limit(attentionListSize)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    postId: row.post_id,
    reason: row.reason,
    reportedAt: row.created_at,
    author: row.display_name,
    excerpt: row.deleted_at ? '' : excerpt(markdownToText(row.body), 200),
  }));
}

export interface WeekSummary {
  starts: Date;
  ends: Date;
  members: number;
  posts: number;
  pitches: number;
}

/** New members, posts and pitches in each of the last four weeks (seven-day spans ending now), oldest first. */
export async function activitySummary(db: Database, groupId: number, now = new Date()): Promise<WeekSummary[]> {
  const at = now.toISOString();
  const rows = await sql<{ starts: Date | string; ends: Date | string; members: number; posts: number; pitches: number }>`
    with weeks as (
      select w, ${at}::timestamptz - make_interval(days => 7 * (w + 1)) as starts, ${at}::timestamptz - make_interval(days => 7 * w) as ends
        from generate_series(0, ${summaryWeeks - 1}) as w
    )
    select starts, ends,
           (select count(*) from group_members gm
             where gm.group_id = ${groupId} and gm.status = 'active' and gm.joined_at >= starts and gm.joined_at < ends)::int as members,
           (select count(*) from posts po join threads th on th.id = po.thread_id
             where th.subject_type = 'group' and th.subject_id = ${groupId} and po.deleted_at is null
               and po.created_at >= starts and po.created_at < ends)::int as posts,
           (select count(*) from pitches p
             where p.group_id = ${groupId} and p.status = 'published' and p.published_at >= starts and p.published_at < ends)::int as pitches
      from weeks
     order by w desc`.execute(db);
  return rows.rows.map((row) => ({
    starts: new Date(row.starts),
    ends: new Date(row.ends),
    members: Number(row.members),
    posts: Number(row.posts),
    pitches: Number(row.pitches),
  }));
}

// ---- Messages to members -------------------------------------------------------------------

/** Active members a message can go to: not suspended, with a confirmed email address. */
export async function messageRecipients(db: Database, groupId: number) {
  return db
    .selectFrom('group_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'u.display_name'])
    .where('m.group_id', '=', groupId)
    .where('m.status', '=', 'active')
    .where('u.status', '=', 'active')
    .where('u.email_verified_at', 'is not', null)
    .orderBy('u.id')
    .execute();
}

export async function messageRecipientCount(db: Database, groupId: number): Promise<number> {
  const row = await db
    .selectFrom('group_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('m.group_id', '=', groupId)
    .where('m.status', '=', 'active')
    .where('u.status', '=', 'active')
    .where('u.email_verified_at', 'is not', null)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

export interface SentMessage {
  subject: string;
  sender: string | null;
  recipientCount: number;
  sentAt: Date;
}

export async function recentMessages(db: Database, groupId: number, limit = 5): Promise<SentMessage[]> {
  const rows = await db
    .selectFrom('group_messages as g')
    .leftJoin('users as u', 'u.id', 'g.sender_id')
    .select(['g.subject', 'u.display_name', 'g.recipient_count', 'g.created_at'])
    .where('g.group_id', '=', groupId)
    .orderBy('g.created_at', 'desc')
    .orderBy('g.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ subject: row.subject, sender: row.display_name, recipientCount: row.recipient_count, sentAt: row.created_at }));
}

// ---- Deleting ------------------------------------------------------------------------------

export interface DeletionOutline {
  /** Sub-groups at any depth, those this viewer may know of by name. */
  subgroups: { slug: string; name: string }[];
  /** Sub-groups the viewer may not know of (secret ones they are not in); counted only. */
  hiddenSubgroups: number;
  pitches: number;
  posts: number;
}

/** What deleting the group takes with it, for the confirmation page. */
export async function deletionOutline(db: Database, viewer: Viewer, groupId: number): Promise<DeletionOutline> {
  const tree = await sql<{ id: number | string }>`
    with recursive tree(id) as (
      select id from groups where parent_id = ${groupId}
      union all select g.id from groups g join tree on g.parent_id = tree.id)
    select id from tree`.execute(db);
  const ids = tree.rows.map((row) => Number(row.id));
  const all = [groupId, ...ids];
  const named =
    ids.length === 0
      ? []
      : await db.selectFrom('groups').select(['groups.slug', 'groups.name']).where('groups.id', 'in', ids).where(groupVisibleTo(viewer)).orderBy('groups.name').execute();
  const pitches = await db.selectFrom('pitches').select((eb) => eb.fn.countAll<number>().as('count')).where('group_id', 'in', all).executeTakeFirst();
  const posts = await db
    .selectFrom('posts')
    .innerJoin('threads', 'threads.id', 'posts.thread_id')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('threads.subject_type', '=', 'group')
    .where('threads.subject_id', 'in', all)
    .where('posts.deleted_at', 'is', null)
    .executeTakeFirst();
  return { subgroups: named, hiddenSubgroups: ids.length - named.length, pitches: Number(pitches?.count ?? 0), posts: Number(posts?.count ?? 0) };
}

import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { KnowledgeTemplate } from '../../db/schema.ts';
import type { Viewer } from '../../web/context.ts';
import { highlightStart, highlightStop } from '../exchange/exchange.queries.ts';
import { attachmentsMax, pageSize, recentSize } from './knowledge.forms.ts';
import { knowledgePageVisibleTo, type HubEditing } from './knowledge.policy.ts';

export interface Person {
  handle: string;
  name: string;
}

/** The group whose wiki a page is in; null for hub-wide pages. */
export interface PageGroup {
  slug: string;
  name: string;
}

export interface PageSummary {
  id: number;
  slug: string;
  title: string;
  template: KnowledgeTemplate | null;
  group: PageGroup | null;
  updatedAt: Date;
  lastChangedBy: Person | null;
  /** Search results only: plain text with highlight markers around matches. */
  snippet: string | null;
}

export interface PageDetail extends PageSummary {
  groupId: number | null;
  body: string;
  version: number;
  revisionNumber: number;
  createdAt: Date;
  /** Hidden by a moderator (then only its authors, its moderators and administrators see it): why, and the group whose facilitators moderate it. */
  hidden: { at: Date; reason: string; groupId: number | null } | null;
}

function person(handle: string | null, name: string | null): Person | null {
  return handle && name ? { handle, name } : null;
}

function group(slug: string | null, name: string | null): PageGroup | null {
  return slug && name ? { slug, name } : null;
}

function date(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

/** Pages of one wiki: the hub-wide one (null) or a group's. */
function inWiki(groupId: number | null, alias = 'p'): RawBuilder<boolean> {
  const column = sql.ref(`${alias}.group_id`);
  return groupId === null ? sql<boolean>`${column} is null` : sql<boolean>`${column} = ${groupId}`;
}

/** Who may edit hub-wide pages, read fresh on every request so a change applies at once everywhere. */
export async function hubEditing(db: Database): Promise<HubEditing> {
  const row = await db.selectFrom('hub_settings').select('knowledge_editing').where('id', '=', 1).executeTakeFirst();
  return row?.knowledge_editing ?? 'members';
}

function pagesWithAuthor(db: Database, viewer: Viewer | null) {
  return db
    .selectFrom('knowledge_pages as p')
    .leftJoin('knowledge_revisions as r', 'r.id', 'p.current_revision_id')
    .leftJoin('users as u', 'u.id', 'r.author_id')
    .leftJoin('groups as g', 'g.id', 'p.group_id')
    .where(knowledgePageVisibleTo(viewer, 'p'))
    .select(['p.id', 'p.slug', 'p.title', 'p.template', 'p.updated_at', 'u.handle', 'u.display_name', 'g.slug as group_slug', 'g.name as group_name']);
}

interface SummaryRow {
  id: number;
  slug: string;
  title: string;
  template: KnowledgeTemplate | null;
  updated_at: Date;
  handle: string | null;
  display_name: string | null;
  group_slug: string | null;
  group_name: string | null;
}

function summary(row: SummaryRow, snippet: string | null = null): PageSummary {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    template: row.template,
    group: group(row.group_slug, row.group_name),
    updatedAt: date(row.updated_at),
    lastChangedBy: person(row.handle, row.display_name),
    snippet,
  };
}

/** Every page of a wiki the viewer may see, by title. */
export async function listPages(db: Database, viewer: Viewer | null, groupId: number | null, page: number, size = pageSize) {
  const rows = await pagesWithAuthor(db, viewer)
    .where(inWiki(groupId))
    .orderBy(sql`lower(p.title)`)
    .orderBy('p.id')
    .limit(size + 1)
    .offset((page - 1) * size)
    .execute();
  return { pages: rows.slice(0, size).map((row) => summary(row)), hasNext: rows.length > size };
}

/** A group's most recently changed pages, for its page. */
export async function latestPages(db: Database, viewer: Viewer | null, groupId: number, size = 5): Promise<PageSummary[]> {
  const rows = await pagesWithAuthor(db, viewer)
    .where(inWiki(groupId))
    .orderBy('p.updated_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(size)
    .execute();
  return rows.map((row) => summary(row));
}

const markers = `${highlightStart}${highlightStop}`;
const headlineOptions = `StartSel="${highlightStart}", StopSel="${highlightStop}", MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

/**
 * Pages matching a search, best first, with a snippet of the text around the words found. In a
 * group's wiki, its pages; from the hub-wide knowledge shed ('everywhere'), hub-wide pages and
 * the pages of every group wiki the viewer may see.
 */
export async function searchPages(db: Database, viewer: Viewer | null, where: number | 'everywhere', q: string, page: number, size = pageSize) {
  const query = sql`websearch_to_tsquery('english', ${q})`;
  let select = pagesWithAuthor(db, viewer).where(sql<boolean>`p.search @@ ${query}`);
  if (where !== 'everywhere') select = select.where(inWiki(where));
  const rows = await select
    .select([
      sql<number>`ts_rank(p.search, ${query})`.as('rank'),
      sql<string>`ts_headline('english', translate(p.title || E'\n' || coalesce(r.body, ''), ${markers}, ''), ${query}, ${headlineOptions})`.as('snippet'),
    ])
    .orderBy(sql`ts_rank(p.search, ${query})`, 'desc')
    .orderBy('p.updated_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(size + 1)
    .offset((page - 1) * size)
    .execute();
  return { pages: rows.slice(0, size).map((row) => summary(row, row.snippet)), hasNext: rows.length > size };
}

export interface Change {
  pageSlug: string;
  pageTitle: string;
  revisionId: number;
  number: number;
  summary: string;
  author: Person | null;
  at: Date;
}

/** The latest saves in a wiki, newest first. */
export async function recentChanges(db: Database, viewer: Viewer | null, groupId: number | null, size = recentSize): Promise<Change[]> {
  const rows = await db
    .selectFrom('knowledge_revisions as r')
    .innerJoin('knowledge_pages as p', 'p.id', 'r.page_id')
    .leftJoin('users as u', 'u.id', 'r.author_id')
    .where(inWiki(groupId))
    .where(knowledgePageVisibleTo(viewer, 'p'))
    .select(['p.slug', 'p.title as page_title', 'r.id', 'r.number', 'r.summary', 'r.created_at', 'u.handle', 'u.display_name'])
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(size)
    .execute();
  return rows.map((row) => ({
    pageSlug: row.slug,
    pageTitle: row.page_title,
    revisionId: row.id,
    number: row.number,
    summary: row.summary,
    author: person(row.handle, row.display_name),
    at: date(row.created_at),
  }));
}

export async function findPage(db: Database, viewer: Viewer | null, groupId: number | null, slug: string): Promise<PageDetail | undefined> {
  const row = await pagesWithAuthor(db, viewer)
    .where(inWiki(groupId))
    .where('p.slug', '=', slug)
    .select(['p.group_id', 'r.body', 'r.number', 'p.version', 'p.created_at', 'p.hidden_at', 'p.hidden_reason'])
    .executeTakeFirst();
  if (!row) return undefined;
  const hidden = row.hidden_at !== null ? { at: date(row.hidden_at), reason: row.hidden_reason ?? '', groupId: row.group_id } : null;
  return {
    ...summary(row),
    groupId: row.group_id,
    body: row.body ?? '',
    version: row.version,
    revisionNumber: row.number ?? 0,
    createdAt: date(row.created_at),
    hidden,
  };
}

export interface Revision {
  id: number;
  number: number;
  title: string;
  body: string;
  summary: string;
  author: Person | null;
  at: Date;
}

/** A page's revisions, newest first. */
export async function revisionsOf(db: Database, pageId: number, page: number, size = 50) {
  const rows = await db
    .selectFrom('knowledge_revisions as r')
    .leftJoin('users as u', 'u.id', 'r.author_id')
    .where('r.page_id', '=', pageId)
    .select(['r.id', 'r.number', 'r.title', 'r.summary', 'r.created_at', 'u.handle', 'u.display_name'])
    .orderBy('r.number', 'desc')
    .limit(size + 1)
    .offset((page - 1) * size)
    .execute();
  return {
    revisions: rows.slice(0, size).map((row) => ({
      id: row.id,
      number: row.number,
      title: row.title,
      body: '',
      summary: row.summary,
      author: person(row.handle, row.display_name),
      at: date(row.created_at),
    })),
    hasNext: rows.length > size,
  };
}

/** One revision of a page (only of that page, so ids of other pages' revisions are not found). */
export async function findRevision(db: Database, pageId: number, revisionId: number): Promise<Revision | undefined> {
  const row = await db
    .selectFrom('knowledge_revisions as r')
    .leftJoin('users as u', 'u.id', 'r.author_id')
    .where('r.page_id', '=', pageId)
    .where('r.id', '=', revisionId)
    .select(['r.id', 'r.number', 'r.title', 'r.body', 'r.summary', 'r.created_at', 'u.handle', 'u.display_name'])
    .executeTakeFirst();
  if (!row) return undefined;
  return { id: row.id, number: row.number, title: row.title, body: row.body, summary: row.summary, author: person(row.handle, row.display_name), at: date(row.created_at) };
}

/**
 * Where each linked slug leads for this viewer, as the group slug of the page found (null for a
 * hub-wide page); slugs with no page the viewer can see are left out. A link on a group's page
 * goes to the group's own page of that name first, then to the hub-wide one; a link on a hub-wide
 * page only ever goes to hub-wide pages, so it never reveals that a group has such a page.
 */
export async function resolveLinks(db: Database, viewer: Viewer | null, groupId: number | null, slugs: string[]): Promise<Map<string, string | null>> {
  const result = new Map<string, string | null>();
  if (slugs.length === 0) return result;
  const rows = await db
    .selectFrom('knowledge_pages as p')
    .leftJoin('groups as g', 'g.id', 'p.group_id')
    .select(['p.slug', 'p.group_id', 'g.slug as group_slug'])
    .where('p.slug', 'in', slugs)
    .where(groupId === null ? inWiki(null) : sql<boolean>`(p.group_id is null or p.group_id = ${groupId})`)
    .where(knowledgePageVisibleTo(viewer, 'p'))
    .execute();
  for (const row of rows) if (row.group_id === null && !result.has(row.slug)) result.set(row.slug, null);
  for (const row of rows) if (row.group_id !== null && row.group_slug) result.set(row.slug, row.group_slug);
  return result;
}

export interface Backlink {
  slug: string;
  title: string;
  group: PageGroup | null;
}

/**
 * Pages whose [[links]] lead to this page (at most `size`), by title: for a group's page, the
 * group's pages linking to its name; for a hub-wide page, hub-wide pages and the pages of group
 * wikis with no page of that name themselves — those the viewer may see.
 */
export async function backlinks(db: Database, viewer: Viewer | null, target: { id: number; slug: string; groupId: number | null }, size = 100): Promise<Backlink[]> {
  let query = db
    .selectFrom('knowledge_links as l')
    .innerJoin('knowledge_pages as p', 'p.id', 'l.from_page_id')
    .leftJoin('groups as g', 'g.id', 'p.group_id')
    .where('l.to_slug', '=', target.slug)
    .where('p.id', '!=', target.id)
    .where(knowledgePageVisibleTo(viewer, 'p'));
  query =
    target.groupId !== null
      ? query.where(inWiki(target.groupId))
      : query.where(
          sql<boolean>`(p.group_id is null or not exists (
            select 1 from knowledge_pages own where own.group_id = p.group_id and own.slug = ${target.slug}))`,
        );
  const rows = await query
    .select(['p.slug', 'p.title', 'g.slug as group_slug', 'g.name as group_name'])
    .orderBy(sql`lower(p.title)`)
    .orderBy('p.id')
    .limit(size)
    .execute();
  return rows.map((row) => ({ slug: row.slug, title: row.title, group: group(row.group_slug, row.group_name) }));
}

export interface Attachment {
  id: number;
  name: string;
  description: string;
  contentType: string;
  sizeBytes: number;
  uploadedBy: Person | null;
  at: Date;
}

/** The files of a page the route has already found visible, oldest first (a page holds at most attachmentsMax). */
export async function attachmentsOf(db: Database, pageId: number): Promise<Attachment[]> {
  const rows = await db
    .selectFrom('knowledge_attachments as a')
    .leftJoin('users as u', 'u.id', 'a.uploaded_by')
    .where('a.page_id', '=', pageId)
    .select(['a.id', 'a.original_name', 'a.description', 'a.content_type', 'a.size_bytes', 'a.created_at', 'u.handle', 'u.display_name'])
    .orderBy('a.created_at')
    .orderBy('a.id')
    .limit(attachmentsMax)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.original_name,
    description: row.description,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    uploadedBy: person(row.handle, row.display_name),
    at: date(row.created_at),
  }));
}

/** One file of a page, checked against the page's visibility for this viewer on every request. */
export async function visibleAttachment(db: Database, viewer: Viewer | null, pageId: number, attachmentId: number) {
  return db
    .selectFrom('knowledge_attachments as a')
    .innerJoin('knowledge_pages as p', 'p.id', 'a.page_id')
    .where('a.id', '=', attachmentId)
    .where('a.page_id', '=', pageId)
    .where(knowledgePageVisibleTo(viewer, 'p'))
    .select(['a.id', 'a.original_name', 'a.stored_path', 'a.content_type', 'a.size_bytes'])
    .executeTakeFirst();
}

import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { KnowledgeTemplate } from '../../db/schema.ts';
import type { Viewer } from '../../web/context.ts';
import { highlightStart, highlightStop } from '../exchange/exchange.queries.ts';
import { pageSize, recentSize } from './knowledge.forms.ts';
import { knowledgePageVisibleTo } from './knowledge.policy.ts';

export interface Person {
  handle: string;
  name: string;
}

export interface PageSummary {
  id: number;
  slug: string;
  title: string;
  template: KnowledgeTemplate | null;
  updatedAt: Date;
  lastChangedBy: Person | null;
  /** Search results only: plain text with highlight markers around matches. */
  snippet: string | null;
}

export interface PageDetail extends PageSummary {
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

function date(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

function pagesWithAuthor(db: Database, viewer: Viewer | null) {
  return db
    .selectFrom('knowledge_pages as p')
    .leftJoin('knowledge_revisions as r', 'r.id', 'p.current_revision_id')
    .leftJoin('users as u', 'u.id', 'r.author_id')
    .where(knowledgePageVisibleTo(viewer, 'p'))
    .select(['p.id', 'p.slug', 'p.title', 'p.template', 'p.updated_at', 'u.handle', 'u.display_name']);
}

function summary(row: { id: number; slug: string; title: string; template: KnowledgeTemplate | null; updated_at: Date; handle: string | null; display_name: string | null }, snippet: string | null = null): PageSummary {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    template: row.template,
    updatedAt: date(row.updated_at),
    lastChangedBy: person(row.handle, row.display_name),
    snippet,
  };
}

/** Every page the viewer may see, by title. */
export async function listPages(db: Database, viewer: Viewer | null, page: number, size = pageSize) {
  const rows = await pagesWithAuthor(db, viewer)
    .orderBy(sql`lower(p.title)`)
    .orderBy('p.id')
    .limit(size + 1)
    .offset((page - 1) * size)
    .execute();
  return { pages: rows.slice(0, size).map((row) => summary(row)), hasNext: rows.length > size };
}

const markers = `${highlightStart}${highlightStop}`;
const headlineOptions = `StartSel="${highlightStart}", StopSel="${highlightStop}", MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

/** Pages matching a search, best first, with a snippet of the text around the words found. */
export async function searchPages(db: Database, viewer: Viewer | null, q: string, page: number, size = pageSize) {
  const query = sql`websearch_to_tsquery('english', ${q})`;
  const rows = await pagesWithAuthor(db, viewer)
    .where(sql<boolean>`p.search @@ ${query}`)
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

/** The latest saves across the wiki, newest first. */
export async function recentChanges(db: Database, viewer: Viewer | null, size = recentSize): Promise<Change[]> {
  const rows = await db
    .selectFrom('knowledge_revisions as r')
    .innerJoin('knowledge_pages as p', 'p.id', 'r.page_id')
    .leftJoin('users as u', 'u.id', 'r.author_id')
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

export async function findPage(db: Database, viewer: Viewer | null, slug: string): Promise<PageDetail | undefined> {
  const row = await pagesWithAuthor(db, viewer)
    .where('p.slug', '=', slug)
    .select(['r.body', 'r.number', 'p.version', 'p.created_at', 'p.hidden_at', 'p.hidden_reason', 'p.group_id'])
    .executeTakeFirst();
  if (!row) return undefined;
  const hidden = row.hidden_at !== null ? { at: date(row.hidden_at), reason: row.hidden_reason ?? '', groupId: row.group_id } : null;
  return { ...summary(row), body: row.body ?? '', version: row.version, revisionNumber: row.number ?? 0, createdAt: date(row.created_at), hidden };
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

/** Which of these slugs have a page the viewer can see, to tell written links from wanted ones. */
export async function existingSlugs(db: Database, viewer: Viewer | null, slugs: string[]): Promise<Set<string>> {
  if (slugs.length === 0) return new Set();
  const rows = await db
    .selectFrom('knowledge_pages as p')
    .select('p.slug')
    .where('p.slug', 'in', slugs)
    .where(knowledgePageVisibleTo(viewer, 'p'))
    .execute();
  return new Set(rows.map((row) => row.slug));
}

/** Pages that link to this slug, by title (at most `size`). */
export async function backlinks(db: Database, viewer: Viewer | null, slug: string, size = 100): Promise<{ slug: string; title: string }[]> {
  return db
    .selectFrom('knowledge_links as l')
    .innerJoin('knowledge_pages as p', 'p.id', 'l.from_page_id')
    .where('l.to_slug', '=', slug)
    .where('p.slug', '!=', slug)
    .where(knowledgePageVisibleTo(viewer, 'p'))
    .select(['p.slug', 'p.title'])
    .orderBy(sql`lower(p.title)`)
    .orderBy('p.id')
    .limit(size)
    .execute();
}

import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { Viewer } from '../../web/context.ts';
import type { ResultCache } from '../../web/result-cache.ts';
import type { SubjectRegistry, SubjectSummary } from '../../web/subjects.ts';
import { pageSize } from './pitches.forms.ts';
import { pitchVisibleTo } from './pitches.policy.ts';

// ---- Search --------------------------------------------------------------------------------

/**
 * ts_headline marks matches with these (Unicode private-use characters, which no one types), so
 * the snippet can be escaped whole and only then given its <mark> tags. Any that are in the
 * stored text are removed before the headline is made.
 */
export const highlightStart = '\uE000';
export const highlightStop = '\uE001';
const markers = `${highlightStart}${highlightStop}`;
const headlineOptions = `StartSel="${highlightStart}", StopSel="${highlightStop}", MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

export interface SearchResult {
  kind: 'pitch' | 'post';
  /** The pitch found, or what the conversation the post is in is about (a pitch, a group, …). */
  subject: { type: string; id: number; title: string; url: string };
  /** For pitches and posts on them: the pitch's slug. */
  pitchSlug: string | null;
  postId: number | null;
  rank: number;
  /** Plain text with highlightStart/highlightStop around matches; escape it, then mark them. */
  snippet: string;
  at: Date;
}

/**
 * Published pitches, and the posts in conversations on anything search may look into (pitches,
 * groups, …), best match first. Each subject type's own rule, asked through the subject registry
 * as an SQL condition, decides which conversations the viewer may see, so filtering and paging
 * both happen in the database; hidden and deleted posts are never found.
 */
export async function search(
  db: Database,
  subjects: SubjectRegistry,
  viewer: Viewer | null,
  q: string,
  page: number,
  size = pageSize,
  cache?: ResultCache,
): Promise<{ results: SearchResult[]; hasNext: boolean }> {
  // What a viewer may find depends on their groups and teams, so each signed-in member has their own entries.
  const work = () => searchNewest(db, subjects, viewer, q, page, size);
  return cache ? cache.get(`search:${viewer?.id ?? 'visitor'}:${size}:${page}:${q}`, searchTables, work) : work();
}

/** Everything search reads, its visibility rules included. */
const searchTables = ['pitches', 'pitch_team', 'posts', 'threads', 'groups', 'group_members', 'knowledge_pages', 'stories', 'story_people', 'story_facilitators', 'users'] as const;

/** Roughly how many of the newest matching pitches and posts are put in order of relevance. */
export const searchPool = { pitches: 500, posts: 1000 } as const;

/**
 * The lowest id worth reading so that about `pool` of the newest rows matching the query are
 * above it (ids grow with time), from the planner's estimate of how many rows match. Ranking
 * every match of a common word costs 100 ms and more among a million posts; ranking the newest
 * thousand costs 10 ms and keeps results current. Rare words are searched through everything.
 */
async function newestMatchesFloor(db: Database, table: 'pitches' | 'posts', query: RawBuilder<unknown>, pool: number): Promise<number> {
  const top = Number((await sql<{ id: number | null }>`select max(id) as id from ${sql.table(table)}`.execute(db)).rows[0]?.id ?? 0);
  if (top <= pool) return 0;
  const plan = await sql<{ 'QUERY PLAN': unknown }>`explain (format json) select 1 from ${sql.table(table)} t where t.search @@ ${query}`.execute(db);
  const raw = plan.rows[0]?.['QUERY PLAN'];
  const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan?: { 'Plan Rows'?: number } }[];
  const estimate = Math.max(1, Number(parsed[0]?.Plan?.['Plan Rows'] ?? 1));
  const window = Math.ceil((pool * top) / estimate);
  return window >= top ? 0 : top - window;
}

async function searchNewest(
  db: Database,
  subjects: SubjectRegistry,
  viewer: Viewer | null,
  q: string,
  page: number,
  size: number,
): Promise<{ results: SearchResult[]; hasNext: boolean }> {
  // Estimated as any of its words: the planner multiplies the odds of words it takes to be
  // independent, so "foster carers" looked fifty times rarer than it is and the window took in
  // nearly everything. Any of the words can only overestimate, which makes the window smaller —
  // and a window too small to fill a page is made good below.
  const words = (await sql<{ words: string[] | null }>`select tsvector_to_array(to_tsvector('english', ${q})) as words`.execute(db)).rows[0]?.words ?? [];
  if (words.length === 0) return { results: [], hasNext: false };
  const anyWord = sql`to_tsquery('simple', ${words.map((word) => `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`).join(' | ')})`;
  const floors = {
    pitches: await newestMatchesFloor(db, 'pitches', anyWord, searchPool.pitches),
    posts: await newestMatchesFloor(db, 'posts', anyWord, searchPool.posts),
  };
  const found = await searchAbove(db, subjects, viewer, q, page, size, floors);
  // Too few in the newest rows (an underestimate, or most of them out of the viewer's sight): all of them.
  if (found.results.length < size && (floors.pitches > 0 || floors.posts > 0)) {
    return searchAbove(db, subjects, viewer, q, page, size, { pitches: 0, posts: 0 });
  }
  return found;
}

async function searchAbove(
  db: Database,
  subjects: SubjectRegistry,
  viewer: Viewer | null,
  q: string,
  page: number,
  size: number,
  floors: { pitches: number; posts: number },
): Promise<{ results: SearchResult[]; hasNext: boolean }> {
  const query = sql`websearch_to_tsquery('english', ${q})`;
  const conversations = subjects.searchable().map((type) => sql<boolean>`(th.subject_type = ${type.type} and ${type.visibleWhere(viewer, sql.ref('th.subject_id'))})`);
  const inVisibleConversation = conversations.length > 0 ? sql<boolean>`(${sql.join(conversations, sql` or `)})` : sql<boolean>`false`;
  const rows = await sql<{
    kind: 'pitch' | 'post';
    subject_type: string;
    subject_id: number;
    post_id: number | null;
    rank: number;
    at: Date;
    pitch_slug: string | null;
    pitch_title: string | null;
    snippet: string;
  }>`
    with matches as (
      select 'pitch' as kind, 'pitch' as subject_type, p.id as subject_id, null::bigint as post_id, ts_rank(p.search, ${query}) as rank, p.published_at as at
        from pitches p
       where p.search @@ ${query} and p.id > ${floors.pitches} and p.status = 'published' and ${pitchVisibleTo(viewer, 'p')}
      union all
      select 'post', th.subject_type, th.subject_id, po.id, ts_rank(po.search, ${query}), po.created_at
        from posts po
        join threads th on th.id = po.thread_id
       where po.search @@ ${query} and po.id > ${floors.posts} and po.deleted_at is null and po.hidden_at is null and ${inVisibleConversation}
       order by rank desc, at desc, subject_type, subject_id desc, post_id desc nulls first
       limit ${size + 1} offset ${(page - 1) * size}
    )
    select m.kind, m.subject_type, m.subject_id, m.post_id, m.rank, m.at, p.slug as pitch_slug, p.title as pitch_title,
           case when m.kind = 'pitch'
             then ts_headline('english', translate(p.summary || E'\n' || p.body, ${markers}, ''), ${query}, ${headlineOptions})
             else ts_headline('english', translate(po.body, ${markers}, ''), ${query}, ${headlineOptions})
           end as snippet
      from matches m
      left join pitches p on m.subject_type = 'pitch' and p.id = m.subject_id
      left join posts po on po.id = m.post_id
     order by m.rank desc, m.at desc, m.subject_type, m.subject_id desc, m.post_id desc nulls first
  `.execute(db);
  // Titles and addresses of other subjects come from their own areas.
  const described = await subjects.describeAll(
    db,
    rows.rows.filter((row) => row.subject_type !== 'pitch').map((row) => ({ subject_type: row.subject_type, subject_id: row.subject_id })),
  );
  const results: SearchResult[] = [];
  for (const row of rows.rows.slice(0, size)) {
    const summary =
      row.subject_type === 'pitch'
        ? row.pitch_slug !== null && row.pitch_title !== null
          ? { title: row.pitch_title, url: `/pitches/${row.pitch_slug}` }
          : undefined
        : described.get(`${row.subject_type}:${row.subject_id}`);
    if (!summary) continue;
    results.push({
      kind: row.kind,
      subject: { type: row.subject_type, id: row.subject_id, ...summary },
      pitchSlug: row.pitch_slug,
      postId: row.post_id,
      rank: Number(row.rank),
      snippet: row.snippet,
      at: row.at instanceof Date ? row.at : new Date(row.at),
    });
  }
  // Judged on the rows the database gave, so a page left shorter by a vanished subject never stops paging early.
  return { results, hasNext: rows.rows.length > size };
}

/** Escapes a snippet for HTML, then turns the highlight markers into <mark> elements. */
export function snippetHtml(snippet: string): string {
  const escaped = snippet
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
  // Balanced by construction: each start is closed before the next one opens.
  let open = false;
  let html = '';
  for (const char of escaped) {
    if (char === highlightStart && !open) {
      html += '<mark>';
      open = true;
    } else if (char === highlightStop && open) {
      html += '</mark>';
      open = false;
    } else if (char !== highlightStart && char !== highlightStop) {
      html += char;
    }
  }
  return open ? `${html}</mark>` : html;
}

/** The snippet as plain text, for JSON and feeds. */
export function snippetText(snippet: string): string {
  return snippet.replaceAll(highlightStart, '').replaceAll(highlightStop, '');
}

// ---- Activity ------------------------------------------------------------------------------

export interface ActivityItem {
  id: number;
  verb: string;
  summary: string;
  actor: { handle: string; name: string } | null;
  subjectType: string;
  subjectId: number;
  subject: SubjectSummary | null;
  at: Date;
}

const batchSize = 100;
const maxBatches = 10;

/**
 * Recent activity the viewer may see, newest first, `before` an activity id for older pages
 * (keyset, so a busy stream does not shift under the reader). Rows are filtered through the
 * subject registry, so each area's own privacy rule decides; a page may need several batches
 * when many rows are hidden, and stops after a bounded number of them.
 */
export async function activityStream(
  db: Database,
  subjects: SubjectRegistry,
  viewer: Viewer | null,
  before: number | null,
  size = pageSize,
): Promise<{ items: ActivityItem[]; nextBefore: number | null }> {
  const kept: ActivityItem[] = [];
  let cursor = before;
  let exhausted = false;
  for (let batch = 0; batch < maxBatches && kept.length <= size && !exhausted; batch++) {
    let query = db
      .selectFrom('activities as a')
      .leftJoin('users as u', 'u.id', 'a.actor_id')
      .select(['a.id', 'a.verb', 'a.summary', 'a.subject_type', 'a.subject_id', 'a.created_at', 'u.handle', 'u.display_name'])
      .orderBy('a.id', 'desc')
      .limit(batchSize);
    if (cursor !== null) query = query.where('a.id', '<', cursor);
    const rows = await query.execute();
    if (rows.length < batchSize) exhausted = true;
    if (rows.length === 0) break;
    cursor = rows[rows.length - 1]!.id;
    const visible = await subjects.filterVisible(db, viewer, rows);
    for (const row of visible) {
      kept.push({
        id: row.id,
        verb: row.verb,
        summary: row.summary,
        actor: row.handle && row.display_name ? { handle: row.handle, name: row.display_name } : null,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        subject: null,
        at: row.created_at,
      });
    }
  }
  const items = kept.slice(0, size);
  const described = await subjects.describeAll(
    db,
    items.map((item) => ({ subject_type: item.subjectType, subject_id: item.subjectId })),
  );
  for (const item of items) item.subject = described.get(`${item.subjectType}:${item.subjectId}`) ?? null;
  // More may follow if rows were left over, or if the batches ran out before the table did
  // (then the next page carries on after the last row looked at, shown or not).
  let nextBefore: number | null = null;
  if (kept.length > size) nextBefore = items[items.length - 1]!.id;
  else if (!exhausted) nextBefore = cursor;
  return { items, nextBefore };
}

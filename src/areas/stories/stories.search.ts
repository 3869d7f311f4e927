import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { Viewer } from '../../web/context.ts';
import { highlightStart, highlightStop } from '../exchange/exchange.queries.ts';
import { storyVisibleTo } from './stories.policy.ts';
import { storyPath } from './stories.text.ts';

// Matches are marked as the site search marks them, so its page and JSON treat both alike.
const headlineOptions = `StartSel="${highlightStart}", StopSel="${highlightStop}", MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;

export interface StoryMatch {
  slug: string;
  title: string;
  url: string;
  /** Plain text with the site search's highlight markers around matches: escape it, then mark them. */
  snippet: string;
  rank: number;
  publishedAt: Date | null;
}

/**
 * Published stories (never drafts, nor stories a moderator has hidden, whoever asks) whose words
 * match a search, best match first: what the hub's site search shows beside pitches and
 * conversations. `more` says whether there are others past `limit`, on the stories list's own
 * search (/stories?q=…).
 */
export async function searchStories(db: Database, viewer: Viewer | null, q: string, limit = 5): Promise<{ stories: StoryMatch[]; more: boolean }> {
  const words = q.trim();
  if (!words) return { stories: [], more: false };
  const query = sql`websearch_to_tsquery('english', ${words})`;
  const rows = await db
    .selectFrom('stories as s')
    .select([
      's.slug',
      's.title',
      's.published_at',
      sql<number>`ts_rank(s.search, ${query})`.as('rank'),
      sql<string>`ts_headline('english', translate(s.summary || E'\\n' || s.body, ${`${highlightStart}${highlightStop}`}, ''), ${query}, ${headlineOptions})`.as('snippet'),
    ])
    .where(sql<boolean>`s.search @@ ${query}`)
    .where('s.status', '=', 'published')
    .where('s.hidden_at', 'is', null)
    .where(storyVisibleTo(viewer, 's'))
    .orderBy('rank', 'desc')
    .orderBy('s.published_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(limit + 1)
    .execute();
  return {
    stories: rows.slice(0, limit).map((row) => ({
      slug: row.slug,
      title: row.title,
      url: storyPath(row.slug),
      snippet: row.snippet,
      rank: Number(row.rank),
      publishedAt: row.published_at ? new Date(row.published_at) : null,
    })),
    more: rows.length > limit,
  };
}

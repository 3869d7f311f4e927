import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { t, tMaybe } from '../../i18n/i18n.ts';
import type { Viewer } from '../../web/context.ts';
import { pageContext } from '../../web/context.ts';
import { sendAtom, sendRss, type Feed } from '../../web/feeds.ts';
import { parseForm, type FormResult } from '../../web/forms.ts';
import { requestedFormat, sendCsv, sendJson, splitFormat, type Format } from '../../web/representations.ts';
import { onConversationEvent } from '../conversations/index.ts';
import { activityStream, search, snippetText } from './exchange.queries.ts';
import { searchStories } from '../stories/index.ts';
import { activityText } from './exchange.text.ts';
import { ActivityPage, SearchPage, resultUrl } from './exchange.views.tsx';
import { pitchSubject } from './pitch.subject.ts';
import { recordReplyOnPitch } from './pitches.commands.ts';
import { kindLabel, listingFilters, listingQuery, searchQuery, stageLabel, type ListingFilters } from './pitches.forms.ts';
import { draftsOf, listPitches, type PitchCard } from './pitches.queries.ts';
import { pitchRoutes, summaryJson } from './pitches.routes.tsx';
import { activitySchema, pitchListSchema, searchResultsSchema } from './pitches.schemas.ts';
import { ListingPage, TagPage, pitchPath, tagPath } from './pitches.views.tsx';

const csvColumns = [
  'slug',
  'title',
  'kind',
  'stage',
  'terms',
  'price_min',
  'price_max',
  'budget',
  'deadline',
  'summary',
  'tags',
  'place',
  'local_authority_code',
  'local_authority_name',
  'online',
  'signal_count',
  'reply_count',
  'published_at',
  'url',
];

const feedSize = 50;

function html(reply: FastifyReply, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8');
}

/** Query-string problems, for programs: field → readable sentence. */
function badQuery(reply: FastifyReply, errors: Record<string, string>) {
  const readable = Object.fromEntries(Object.entries(errors).map(([key, message]) => [key, tMaybe(message)]));
  return reply.code(400).send({ error: 'invalid-query', message: 'Some of the query parameters are not valid.', errors: readable });
}

/** The exchange: pitches, their listing, tags, search and the activity stream. */
export async function exchangeArea(app: FastifyInstance) {
  app.subjects.register(pitchSubject);
  const publicUrl = app.config.publicUrl;
  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    app.showMessage(request, reply, 404, { title: 'error.notFound.title', body: 'error.notFound.body' });

  // A reply on a pitch's conversation makes the pitch active; a removed one is taken off its count.
  for (const event of ['post-created', 'post-deleted'] as const) {
    onConversationEvent(app, event, async ({ subject }) => {
      if (subject.type === 'pitch') await recordReplyOnPitch(app.db, subject.id);
    });
  }

  await app.register(pitchRoutes);

  const pitchItem = (pitch: PitchCard) => ({
    title: pitch.title,
    link: `${publicUrl}${pitchPath(pitch.slug)}`,
    guid: `${publicUrl}${pitchPath(pitch.slug)}`,
    published: pitch.publishedAt ?? pitch.createdAt,
    updated: pitch.updatedAt,
    summary: [`${t(kindLabel(pitch.kind))} · ${t(stageLabel(pitch.stage))}`, pitch.summary].filter(Boolean).join('. '),
    author: pitch.author?.name ?? null,
    categories: pitch.tags,
  });

  /**
   * One list in every representation: the page, JSON and CSV for the viewer; feeds (which readers
   * fetch without cookies and may share) only ever carry what everyone may see.
   */
  async function sendPitchList(
    request: FastifyRequest,
    reply: FastifyReply,
    format: Format,
    options: { filters: ListingFilters; page: number; feed: Omit<Feed, 'items'>; csvName: string },
    renderHtml: (pitches: PitchCard[], hasNext: boolean, viewer: Viewer | null) => Promise<JSX.Element> | JSX.Element,
  ) {
    if (format === 'rss' || format === 'atom') {
      const { pitches } = await listPitches(app.db, null, options.filters, 1, feedSize);
      const feed = { ...options.feed, items: pitches.map(pitchItem) };
      return format === 'rss' ? sendRss(reply, feed) : sendAtom(reply, feed);
    }
    const { pitches, hasNext } = await listPitches(app.db, request.viewer, options.filters, options.page);
    if (request.viewer) reply.header('cache-control', 'private, no-cache');
    if (format === 'json') {
      return sendJson(reply, pitchListSchema, {
        pitches: pitches.map((pitch) => summaryJson(publicUrl, pitch)),
        page: options.page,
        nextPage: hasNext ? options.page + 1 : null,
      });
    }
    if (format === 'csv') {
      return sendCsv(
        reply,
        options.csvName,
        csvColumns,
        pitches.map((pitch) => ({
          ...pitch,
          price_min: pitch.priceMin,
          price_max: pitch.priceMax,
          local_authority_code: pitch.localAuthority?.code,
          local_authority_name: pitch.localAuthority?.name,
          signal_count: pitch.signalCount,
          reply_count: pitch.replyCount,
          published_at: pitch.publishedAt,
          url: `${publicUrl}${pitchPath(pitch.slug)}`,
        })),
      );
    }
    return html(reply).send(await renderHtml(pitches, hasNext, request.viewer));
  }

  // ---- Listing ------------------------------------------------------------------------------

  app.apiDocs.add({
    method: 'get',
    path: '/pitches.json',
    summary: 'List pitches',
    description:
      'Published pitches, 20 a page, filtered and sorted like the listing page. Also as CSV (/pitches.csv), RSS (/pitches.rss) and Atom (/pitches.atom); the feeds show the newest 50 and only what everyone may see.',
    tag: 'Pitches',
    auth: 'optional',
    query: listingQuery,
    response: pitchListSchema,
    alsoAs: ['text/csv', 'application/rss+xml', 'application/atom+xml'],
  });

  async function listing(request: FastifyRequest, reply: FastifyReply, suffix?: Format) {
    const format = requestedFormat(request, suffix);
    const parsed = parseForm(listingQuery, request.query ?? {});
    if (!parsed.ok) {
      if (format !== 'html') return badQuery(reply, parsed.errors);
      return app.showMessage(request, reply, 400, { title: 'pitches.badFilter.title', body: 'pitches.badFilter.body' });
    }
    const filters = listingFilters(parsed.data);
    const page = parsed.data.page ?? 1;
    return sendPitchList(
      request,
      reply,
      format,
      {
        filters,
        page,
        csvName: 'pitches',
        feed: {
          title: `${t('pitches.title')} – ${app.hub.name()}`,
          link: `${publicUrl}/pitches`,
          self: `${publicUrl}/pitches.${format}`,
          description: t('pitches.feed.description', { hub: app.hub.name() }),
        },
      },
      async (pitches, hasNext, viewer) => (
        <ListingPage
          page={pageContext(request, reply)}
          filters={filters}
          pitches={pitches}
          pageNumber={page}
          hasNext={hasNext}
          drafts={viewer && page === 1 ? await draftsOf(app.db, viewer) : []}
        />
      ),
    );
  }

  app.get('/pitches', (request, reply) => listing(request, reply));
  for (const format of ['json', 'csv', 'rss', 'atom'] as const) {
    app.get(`/pitches.${format}`, (request, reply) => listing(request, reply, format));
  }

  // ---- Tag pages ----------------------------------------------------------------------------

  app.apiDocs.add({
    method: 'get',
    path: '/tags/{tag}.json',
    summary: 'Pitches with a tag',
    description: 'Published pitches with this tag, newest first, 20 a page. Also as RSS (/tags/{tag}.rss) and Atom (/tags/{tag}.atom).',
    tag: 'Pitches',
    auth: 'optional',
    params: z.object({ tag: z.string().describe('A tag, e.g. food or "green spaces" (URL-encoded).') }),
    query: z.object({ page: listingQuery.shape.page }),
    response: pitchListSchema,
    alsoAs: ['text/csv', 'application/rss+xml', 'application/atom+xml'],
  });

  app.get<{ Params: { tag: string } }>('/tags/:tag', async (request, reply) => {
    const { name, format: suffix } = splitFormat(request.params.tag);
    const format = requestedFormat(request, suffix);
    const tag = name.trim().toLowerCase().replace(/\s+/g, ' ');
    if (!tag || tag.length > 40) return notFound(request, reply);
    const pageParsed = parseForm(z.object({ page: listingQuery.shape.page }), { page: (request.query as Record<string, unknown> | undefined)?.page });
    if (!pageParsed.ok) return format === 'html' ? notFound(request, reply) : badQuery(reply, pageParsed.errors);
    const page = pageParsed.data.page ?? 1;
    const filters: ListingFilters = { kind: null, stage: null, terms: null, tag, area: null, sector: null, sort: 'newest' };
    return sendPitchList(
      request,
      reply,
      format,
      {
        filters,
        page,
        csvName: `pitches-${tag.replace(/[^a-z0-9]+/g, '-')}`,
        feed: {
          title: `${t('exchange.tag.title', { tag })} – ${app.hub.name()}`,
          link: `${publicUrl}${tagPath(tag)}`,
          self: `${publicUrl}${tagPath(tag)}.${format}`,
          description: t('exchange.tag.feed', { tag, hub: app.hub.name() }),
        },
      },
      (pitches, hasNext) => <TagPage page={pageContext(request, reply)} tag={tag} pitches={pitches} pageNumber={page} hasNext={hasNext} />,
    );
  });

  // ---- Search -------------------------------------------------------------------------------

  app.apiDocs.add({
    method: 'get',
    path: '/search.json',
    summary: 'Search pitches and conversations',
    description:
      'Full-text search across published pitches and the posts in conversations you may see (on pitches, in groups and more), best match first, 20 a page. Posts hidden by a moderator are never found. The first page also gives up to five published stories that match (stories), with the address of the rest (moreStoriesUrl).',
    tag: 'Pitches',
    auth: 'optional',
    query: searchQuery,
    response: searchResultsSchema,
  });

  async function searchPage(request: FastifyRequest, reply: FastifyReply, suffix?: Format) {
    const format = requestedFormat(request, suffix);
    if (format !== 'html' && format !== 'json') return notFound(request, reply);
    const parsed: FormResult<z.output<typeof searchQuery>> = parseForm(searchQuery, request.query ?? {});
    if (request.viewer) reply.header('cache-control', 'private, no-cache');
    if (!parsed.ok) {
      if (format === 'json') return badQuery(reply, parsed.errors);
      const q = typeof parsed.values.q === 'string' ? parsed.values.q : '';
      return html(reply, 400).send(<SearchPage page={pageContext(request, reply)} q={q} results={[]} pageNumber={1} hasNext={false} errors={parsed.errors} />);
    }
    const q = parsed.data.q ?? '';
    const page = parsed.data.page ?? 1;
    const { results, hasNext } = q ? await search(app.db, app.subjects, request.viewer, q, page, undefined, app.results) : { results: [], hasNext: false };
    // Published stories are found by the stories area, shown on the first page only.
    const found = q && page === 1 ? await searchStories(app.db, request.viewer, q) : { stories: [], more: false };
    const stories = { stories: found.stories, moreUrl: found.more ? `/stories?${new URLSearchParams({ q })}` : null };
    if (format === 'json') {
      return sendJson(reply, searchResultsSchema, {
        query: q,
        results: results.map((result) => ({
          kind: result.kind,
          subject: { type: result.subject.type, title: result.subject.title, url: `${publicUrl}${result.subject.url}` },
          pitch: result.pitchSlug !== null ? { slug: result.pitchSlug, title: result.subject.title, url: `${publicUrl}${pitchPath(result.pitchSlug)}` } : null,
          url: `${publicUrl}${resultUrl(result)}`,
          snippet: snippetText(result.snippet),
          rank: result.rank,
        })),
        page,
        nextPage: hasNext ? page + 1 : null,
        stories: stories.stories.map((story) => ({ title: story.title, url: `${publicUrl}${story.url}`, snippet: snippetText(story.snippet), rank: story.rank })),
        moreStoriesUrl: stories.moreUrl ? `${publicUrl}${stories.moreUrl}` : null,
      });
    }
    return html(reply).send(<SearchPage page={pageContext(request, reply)} q={q} results={results} pageNumber={page} hasNext={hasNext} stories={stories} />);
  }

  app.get('/search', (request, reply) => searchPage(request, reply));
  app.get('/search.json', (request, reply) => searchPage(request, reply, 'json'));

  // ---- Activity -----------------------------------------------------------------------------

  const activityQuery = z.object({
    before: z
      .preprocess((value) => (value === '' ? undefined : value), z.coerce.number({ error: 'form.invalid' }).int({ error: 'form.invalid' }).min(1, { error: 'form.invalid' }).max(Number.MAX_SAFE_INTEGER, { error: 'form.invalid' }).optional())
      .describe('Only activity older than this id (from nextBefore).'),
  });

  app.apiDocs.add({
    method: 'get',
    path: '/activity.json',
    summary: 'Recent activity',
    description: 'What has happened on the hub that you may see, newest first, 20 at a time. Also as RSS (/activity.rss) and Atom (/activity.atom), which carry only what everyone may see.',
    tag: 'Pitches',
    auth: 'optional',
    query: activityQuery,
    response: activitySchema,
    alsoAs: ['application/rss+xml', 'application/atom+xml'],
  });

  async function activity(request: FastifyRequest, reply: FastifyReply, suffix?: Format) {
    const format = requestedFormat(request, suffix);
    if (format === 'csv' || format === 'ics') return notFound(request, reply);
    const parsed = parseForm(activityQuery, request.query ?? {});
    if (!parsed.ok) return format === 'html' ? notFound(request, reply) : badQuery(reply, parsed.errors);
    const before = parsed.data.before ?? null;
    const feed = format === 'rss' || format === 'atom';
    const { items, nextBefore } = await activityStream(app.db, app.subjects, feed ? null : request.viewer, before, feed ? feedSize : undefined);
    if (feed) {
      const data: Feed = {
        title: `${t('exchange.activity.title')} – ${app.hub.name()}`,
        link: `${publicUrl}/activity`,
        self: `${publicUrl}/activity.${format}`,
        description: t('exchange.activity.feed', { hub: app.hub.name() }),
        items: items.map((item) => ({
          title: activityText(item).sentence,
          link: item.subject ? `${publicUrl}${item.subject.url}` : `${publicUrl}/activity`,
          guid: `${publicUrl}/activity#activity-${item.id}`,
          published: item.at,
          summary: activityText(item).sentence,
          author: item.actor?.name ?? null,
        })),
      };
      return format === 'rss' ? sendRss(reply, data) : sendAtom(reply, data);
    }
    if (request.viewer) reply.header('cache-control', 'private, no-cache');
    if (format === 'json') {
      return sendJson(reply, activitySchema, {
        activities: items.map((item) => ({
          id: item.id,
          verb: item.verb,
          summary: item.summary,
          actor: item.actor ? { ...item.actor, url: `${publicUrl}/members/${item.actor.handle}` } : null,
          subject: item.subject ? { type: item.subjectType, title: item.subject.title, url: `${publicUrl}${item.subject.url}` } : null,
          at: item.at.toISOString(),
        })),
        nextBefore,
      });
    }
    return html(reply).send(<ActivityPage page={pageContext(request, reply)} items={items} before={before} nextBefore={nextBefore} />);
  }

  app.get('/activity', (request, reply) => activity(request, reply));
  for (const format of ['json', 'rss', 'atom'] as const) {
    app.get(`/activity.${format}`, (request, reply) => activity(request, reply, format));
  }
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { diffLines } from 'diff';
import { sql } from 'kysely';
import { z } from 'zod';
import { t } from '../../i18n/i18n.ts';
import { requireViewer } from '../../web/app.tsx';
import type { FieldErrors, FormValues } from '../../web/components.tsx';
import { pageContext } from '../../web/context.ts';
import { sendAtom, sendRss, type Feed } from '../../web/feeds.ts';
import { parseForm } from '../../web/forms.ts';
import { rateLimited } from '../../web/limits.ts';
import { requestedFormat, sendCsv, sendJson, splitFormat, type Format } from '../../web/representations.ts';
import type { SubjectSummary, SubjectType } from '../../web/subjects.ts';
import { snippetText } from '../exchange/exchange.queries.ts';
import { moderatesContent } from '../moderation/moderation.policy.ts';
import { createPage, restoreRevision, updatePage } from './knowledge.commands.ts';
import { feedSize, idPattern, pageForm, pageNumber, templateBody, templates } from './knowledge.forms.ts';
import { linkedSlugs, renderKnowledgeMarkdown, slugPattern } from './knowledge.links.ts';
import { canEdit, knowledgePageVisibleTo, visibleKnowledgePageIds } from './knowledge.policy.ts';
import {
  backlinks,
  existingSlugs,
  findPage,
  findRevision,
  listPages,
  recentChanges,
  revisionsOf,
  searchPages,
  type PageDetail,
  type PageSummary,
} from './knowledge.queries.ts';
import { pageListSchema, pageSchema } from './knowledge.schemas.ts';
import { DiffPage, HistoryPage, IndexPage, PageFormPage, PageView, RevisionPage, knowledgePath } from './knowledge.views.tsx';

type SlugParams = { Params: { slug: string } };
type RevisionParams = { Params: { slug: string; id: string } };

const queryMax = 200;

function html(reply: FastifyReply, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8');
}

function notFound(request: FastifyRequest, reply: FastifyReply) {
  return request.server.showMessage(request, reply, 404, { title: 'error.notFound.title', body: 'error.notFound.body' });
}

function forbidden(request: FastifyRequest, reply: FastifyReply) {
  return request.server.showMessage(request, reply, 403, { title: 'error.forbidden.title', body: 'error.forbidden.body' });
}

function queryText(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** Renders Markdown (sanitised by renderMarkdown, links escaped) with its [[links]] marked as written or not yet written, for this viewer. */
async function renderBody(app: FastifyInstance, request: FastifyRequest, body: string) {
  const slugs = linkedSlugs(body);
  const exists = await existingSlugs(app.db, request.viewer, slugs);
  return { html: renderKnowledgeMarkdown(body, exists, { missing: t('knowledge.link.missing') }), slugs, exists };
}

export const knowledgeSubject: SubjectType = {
  type: 'knowledge-page',
  visibleIds: (db, viewer, ids) => visibleKnowledgePageIds(db, viewer, ids),
  // Conversations on wiki pages are moderated by the hub's administrators.
  canModerate: async (_db, viewer) => viewer?.role === 'admin',
  async describe(db, ids) {
    const result = new Map<number, SubjectSummary>();
    const wanted = ids.filter((id) => Number.isSafeInteger(id) && id > 0);
    if (wanted.length === 0) return result;
    const rows = await db
      .selectFrom('knowledge_pages')
      .select(['id', 'slug', 'title'])
      .where('id', 'in', wanted)
      // Callers have already asked visibleIds; only pages of the hub-wide wiki have an address yet.
      // (Not knowledgePageVisibleTo(null): a hidden page keeps its title for those who still see it.)
      .where('group_id', 'is', null)
      .execute();
    for (const row of rows) result.set(row.id, { title: row.title, url: knowledgePath(row.slug) });
    return result;
  },
  isPublic: (db, ids) => visibleKnowledgePageIds(db, null, ids),
  visibleWhere: (viewer, id) =>
    sql<boolean>`exists (select 1 from knowledge_pages subject_page where subject_page.id = ${id} and ${knowledgePageVisibleTo(viewer, 'subject_page')})`,
};

export async function knowledgeArea(app: FastifyInstance) {
  const publicUrl = app.config.publicUrl;
  app.subjects.register(knowledgeSubject);

  const personJson = (person: PageSummary['lastChangedBy']) =>
    person ? { handle: person.handle, name: person.name, url: `${publicUrl}/members/${person.handle}` } : null;
  const summaryJson = (page: PageSummary) => ({
    slug: page.slug,
    title: page.title,
    url: `${publicUrl}${knowledgePath(page.slug)}`,
    template: page.template,
    updatedAt: page.updatedAt.toISOString(),
    lastChangedBy: personJson(page.lastChangedBy),
    snippet: page.snippet === null ? null : snippetText(page.snippet),
  });

  // ---- Index, search, data and feeds --------------------------------------------------------

  async function index(request: FastifyRequest, reply: FastifyReply, suffix?: Format) {
    const format = requestedFormat(request, suffix);
    const number = pageNumber(queryText(request, 'page'));
    if (number === undefined) return notFound(request, reply);
    const q = (queryText(request, 'q') ?? '').trim().slice(0, queryMax);

    if (format === 'rss' || format === 'atom') {
      // Feeds are public, so they are built for an anonymous visitor whoever asks.
      const changes = await recentChanges(app.db, null, feedSize);
      const feed: Feed = {
        title: t('knowledge.feed.title'),
        link: `${publicUrl}/knowledge`,
        self: `${publicUrl}/knowledge.${format}`,
        description: t('knowledge.feed.description'),
        items: changes.map((change) => ({
          title: t('knowledge.feed.item', { title: change.pageTitle, number: change.number }),
          link: `${publicUrl}${knowledgePath(change.pageSlug)}/revisions/${change.revisionId}`,
          guid: `${publicUrl}${knowledgePath(change.pageSlug)}/revisions/${change.revisionId}`,
          published: change.at,
          summary: change.summary,
          author: change.author?.name ?? null,
        })),
      };
      return format === 'rss' ? sendRss(reply, feed) : sendAtom(reply, feed);
    }
    if (format !== 'html' && format !== 'json' && format !== 'csv') return notFound(request, reply);

    const { pages, hasNext } = q ? await searchPages(app.db, request.viewer, q, number) : await listPages(app.db, request.viewer, number);
    if (request.viewer) reply.header('cache-control', 'private, no-cache');
    if (format === 'json') {
      return sendJson(reply, pageListSchema, {
        query: q || null,
        pages: pages.map(summaryJson),
        page: number,
        nextPage: hasNext ? number + 1 : null,
      });
    }
    if (format === 'csv') {
      return sendCsv(
        reply,
        'knowledge',
        ['slug', 'title', 'url', 'template', 'updatedAt', 'lastChangedBy', 'snippet'],
        pages.map((page) => {
          const row = summaryJson(page);
          return { ...row, lastChangedBy: row.lastChangedBy?.handle ?? '' };
        }),
      );
    }
    const recent = q ? [] : await recentChanges(app.db, request.viewer);
    return html(reply).send(
      <IndexPage page={pageContext(request, reply)} canEdit={canEdit(request.viewer)} q={q} pages={pages} hasNext={hasNext} pageNumber={number} recent={recent} />,
    );
  }

  app.get('/knowledge', (request, reply) => index(request, reply));
  app.get('/knowledge.json', (request, reply) => index(request, reply, 'json'));
  app.get('/knowledge.csv', (request, reply) => index(request, reply, 'csv'));
  app.get('/knowledge.rss', (request, reply) => index(request, reply, 'rss'));
  app.get('/knowledge.atom', (request, reply) => index(request, reply, 'atom'));

  app.apiDocs.add({
    method: 'get',
    path: '/knowledge.json',
    summary: 'Knowledge pages',
    description:
      'Every page of the knowledge shed by name, 30 a page, or with ?q= the pages matching a search, best first, with a snippet. Also as CSV at /knowledge.csv; recent changes as RSS at /knowledge.rss and Atom at /knowledge.atom.',
    tag: 'Knowledge',
    auth: 'optional',
    query: z.object({
      q: z.string().max(queryMax).optional().describe('Words to search for (web search syntax: "quoted phrase", -without, or).'),
      page: z.coerce.number().int().min(1).optional().describe('Page of results, from 1.'),
    }),
    response: pageListSchema,
    alsoAs: ['text/csv'],
  });

  // ---- New pages -----------------------------------------------------------------------------

  app.get('/knowledge/new', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    if (!canEdit(request.viewer)) return forbidden(request, reply);
    const title = (queryText(request, 'title') ?? '').slice(0, 150);
    const chosen = queryText(request, 'template');
    const template = templates.find((value) => value === chosen) ?? '';
    const values: FormValues = { title, template, body: template ? templateBody(template) : '', summary: '' };
    return html(reply).send(<PageFormPage page={pageContext(request, reply)} mode="new" action="/knowledge/new" values={values} />);
  });

  app.post('/knowledge/new', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const viewer = request.viewer;
    if (!canEdit(viewer)) return forbidden(request, reply);
    const values = formValues(request.body);
    const show = (status: number, errors: FieldErrors, existing?: string) =>
      html(reply, status).send(<PageFormPage page={pageContext(request, reply)} mode="new" action="/knowledge/new" values={values} errors={errors} existing={existing} />);
    const parsed = parseForm(pageForm, values);
    if (!parsed.ok) return show(400, parsed.errors);
    const result = await createPage(app.db, viewer.id, parsed.data);
    if (!result.ok) {
      // A page of a group's wiki with the same slug does not count: only hub pages share addresses.
      return show(400, { title: 'knowledge.new.exists' }, result.slug);
    }
    reply.flash('success', t('knowledge.new.done'));
    return reply.redirect(knowledgePath(result.slug), 303);
  });

  // ---- A page --------------------------------------------------------------------------------

  async function visiblePage(request: FastifyRequest, slug: string): Promise<PageDetail | undefined> {
    if (!slugPattern.test(slug)) return undefined;
    return findPage(app.db, request.viewer, slug);
  }

  app.get<SlugParams>('/knowledge/:slug', async (request, reply) => {
    const { name, format: suffix } = splitFormat(request.params.slug);
    const format = requestedFormat(request, suffix);
    if (format !== 'html' && format !== 'json') return notFound(request, reply);
    const doc = await visiblePage(request, name);
    if (!doc) return notFound(request, reply);
    const rendered = await renderBody(app, request, doc.body);
    const linking = await backlinks(app.db, request.viewer, doc.slug);
    if (request.viewer) reply.header('cache-control', 'private, no-cache');
    if (format === 'json') {
      const { snippet: _snippet, ...summary } = summaryJson(doc);
      return sendJson(reply, pageSchema, {
        ...summary,
        body: doc.body,
        html: rendered.html,
        version: doc.version,
        createdAt: doc.createdAt.toISOString(),
        historyUrl: `${publicUrl}${knowledgePath(doc.slug)}/history`,
        links: rendered.slugs.map((slug) => ({ slug, url: `${publicUrl}${knowledgePath(slug)}`, exists: rendered.exists.has(slug) })),
        backlinks: linking.map((link) => ({ ...link, url: `${publicUrl}${knowledgePath(link.slug)}` })),
        hidden: doc.hidden ? { reason: doc.hidden.reason, at: doc.hidden.at.toISOString() } : undefined,
      });
    }
    const reviewHref = doc.hidden && (await moderatesContent(app.db, request.viewer, doc.hidden)) ? `/moderation/content/knowledge-page/${doc.id}` : null;
    return html(reply).send(
      <PageView page={pageContext(request, reply)} doc={doc} safeHtml={rendered.html} backlinks={linking} canEdit={canEdit(request.viewer)} reviewHref={reviewHref} />,
    );
  });

  app.apiDocs.add({
    method: 'get',
    path: '/knowledge/{slug}.json',
    summary: 'A knowledge page',
    description: 'The current text of a page (Markdown and HTML), who changed it last, the pages it links to and the pages that link to it.',
    tag: 'Knowledge',
    auth: 'optional',
    params: z.object({ slug: z.string().describe('The last part of the page’s address.') }),
    response: pageSchema,
  });

  // ---- Editing -------------------------------------------------------------------------------

  /** The page, for someone allowed to change it; otherwise the reply is already sent. */
  async function editable(request: FastifyRequest<SlugParams>, reply: FastifyReply): Promise<PageDetail | undefined> {
    if (!requireViewer(request, reply)) return undefined;
    const doc = await visiblePage(request, request.params.slug);
    if (!doc) {
      notFound(request, reply);
      return undefined;
    }
    if (!canEdit(request.viewer)) {
      forbidden(request, reply);
      return undefined;
    }
    if (doc.hidden) {
      // Its authors still read it, but it stays as the moderator found it until shown again.
      request.server.showMessage(request, reply, 403, { title: 'moderation.frozen.title', body: 'moderation.frozen.body' });
      return undefined;
    }
    return doc;
  }

  app.get<SlugParams>('/knowledge/:slug/edit', async (request, reply) => {
    const doc = await editable(request, reply);
    if (!doc) return reply;
    const values: FormValues = { title: doc.title, body: doc.body, summary: '' };
    return html(reply).send(
      <PageFormPage page={pageContext(request, reply)} mode="edit" action={`${knowledgePath(doc.slug)}/edit`} values={values} version={doc.version} doc={doc} />,
    );
  });

  app.post<SlugParams>('/knowledge/:slug/edit', { config: rateLimited(app, 120, '1 hour') }, async (request, reply) => {
    const doc = await editable(request, reply);
    if (!doc) return reply;
    const values = formValues(request.body);
    const rawVersion = (request.body as Record<string, unknown> | undefined)?.version;
    // A form without a readable version counts as stale: a save never overwrites blindly.
    const version = typeof rawVersion === 'string' && /^\d{1,9}$/.test(rawVersion) ? Number(rawVersion) : 0;
    const show = (status: number, extra: { errors?: FieldErrors; version?: number; conflict?: Parameters<typeof PageFormPage>[0]['conflict'] }) =>
      html(reply, status).send(
        <PageFormPage
          page={pageContext(request, reply)}
          mode="edit"
          action={`${knowledgePath(doc.slug)}/edit`}
          values={values}
          errors={extra.errors ?? {}}
          version={extra.version ?? version}
          doc={doc}
          conflict={extra.conflict}
        />,
      );
    const parsed = parseForm(pageForm, values);
    if (!parsed.ok) return show(400, { errors: parsed.errors });
    const result = await updatePage(app.db, request.viewer!.id, doc.id, version, parsed.data);
    if (!result.ok) {
      // Their text beside the form; the form keeps this person's text and now carries the current
      // version, so saving again (after merging) goes through.
      if (result.error === 'conflict') return show(409, { conflict: result.current, version: result.current.version });
      return notFound(request, reply);
    }
    reply.flash('success', t('knowledge.edit.done'));
    return reply.redirect(knowledgePath(doc.slug), 303);
  });

  // ---- History, revisions, differences, restoring -------------------------------------------

  app.get<SlugParams>('/knowledge/:slug/history', async (request, reply) => {
    const doc = await visiblePage(request, request.params.slug);
    const number = pageNumber(queryText(request, 'page'));
    if (!doc || number === undefined) return notFound(request, reply);
    const { revisions, hasNext } = await revisionsOf(app.db, doc.id, number);
    if (revisions.length === 0) return notFound(request, reply);
    return html(reply).send(<HistoryPage page={pageContext(request, reply)} doc={doc} revisions={revisions} pageNumber={number} hasNext={hasNext} />);
  });

  async function revisionOf(request: FastifyRequest, doc: PageDetail, id: string | undefined) {
    if (id === undefined || !idPattern.test(id)) return undefined;
    return findRevision(app.db, doc.id, Number(id));
  }

  app.get<RevisionParams>('/knowledge/:slug/revisions/:id', async (request, reply) => {
    const doc = await visiblePage(request, request.params.slug);
    const revision = doc && (await revisionOf(request, doc, request.params.id));
    if (!doc || !revision) return notFound(request, reply);
    const rendered = await renderBody(app, request, revision.body);
    return html(reply).send(<RevisionPage page={pageContext(request, reply)} doc={doc} revision={revision} safeHtml={rendered.html} canEdit={canEdit(request.viewer)} />);
  });

  app.post<RevisionParams>('/knowledge/:slug/revisions/:id/restore', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
    const doc = await editable(request, reply);
    if (!doc) return reply;
    const revision = await revisionOf(request, doc, request.params.id);
    if (!revision) return notFound(request, reply);
    const result = await restoreRevision(app.db, request.viewer!.id, doc.id, revision.id);
    if (!result.ok) return notFound(request, reply);
    reply.flash('success', t('knowledge.revision.restored', { number: revision.number }));
    return reply.redirect(knowledgePath(doc.slug), 303);
  });

  app.get<SlugParams>('/knowledge/:slug/diff', async (request, reply) => {
    const doc = await visiblePage(request, request.params.slug);
    if (!doc) return notFound(request, reply);
    const from = await revisionOf(request, doc, queryText(request, 'from'));
    const to = await revisionOf(request, doc, queryText(request, 'to'));
    if (!from || !to) return notFound(request, reply);
    const parts = diffLines(from.body, to.body);
    return html(reply).send(<DiffPage page={pageContext(request, reply)} doc={doc} from={from} to={to} parts={parts} />);
  });
}

/** The fields of the page form, without the CSRF token and version, to show again as typed. */
function formValues(body: unknown): FormValues {
  const { _csrf, version: _version, ...rest } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  return rest;
}

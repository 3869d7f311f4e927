import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { diffLines } from 'diff';
import { sql } from 'kysely';
import { z } from 'zod';
import { t } from '../../i18n/i18n.ts';
import { requireAdmin, requireViewer } from '../../web/app.tsx';
import type { FieldErrors, FormValues } from '../../web/components.tsx';
import { pageContext, type Viewer } from '../../web/context.ts';
import { sendAtom, sendRss, type Feed } from '../../web/feeds.ts';
import { parseForm } from '../../web/forms.ts';
import { rateLimited } from '../../web/limits.ts';
import { requestedFormat, sendCsv, sendJson, splitFormat, type Format } from '../../web/representations.ts';
import type { SubjectSummary, SubjectType } from '../../web/subjects.ts';
import { snippetText } from '../exchange/exchange.queries.ts';
import { eventOrigin, linkMadeFromEvent, originValue, type EventOrigin } from '../events/events.origin.tsx';
import { slugPattern as groupSlugPattern } from '../groups/groups.forms.ts';
import { canSeeContent, standingOf } from '../groups/groups.policy.ts';
import { visibleGroup } from '../groups/groups.queries.ts';
import { moderatesContent } from '../moderation/moderation.policy.ts';
import { addAttachment, createPage, removeAttachment, restoreRevision, setHubEditing, updatePage } from './knowledge.commands.ts';
import {
  attachmentLimitBytes,
  checkAttachment,
  downloadDisposition,
  newStoredPath,
  parseMultipart,
  readStoredFile,
  removeStoredFile,
  uploadRequestLimitBytes,
  writeStoredFile,
  type UploadedPart,
} from './knowledge.files.ts';
import { attachmentForm, editingForm, feedSize, idPattern, pageForm, pageNumber, templateBody, templates } from './knowledge.forms.ts';
import { linkedSlugs, renderKnowledgeMarkdown, slugPattern } from './knowledge.links.ts';
import { canEdit, canModeratePage, knowledgePageVisibleTo, visibleKnowledgePageIds, wikiGroupId, type Wiki } from './knowledge.policy.ts';
import {
  attachmentsOf,
  backlinks,
  findPage,
  findRevision,
  hubEditing,
  listPages,
  recentChanges,
  resolveLinks,
  revisionsOf,
  searchPages,
  visibleAttachment,
  type PageDetail,
  type PageSummary,
} from './knowledge.queries.ts';
import { pageListSchema, pageSchema } from './knowledge.schemas.ts';
import {
  DiffPage,
  EditingSettingsPage,
  FilesPage,
  HistoryPage,
  IndexPage,
  PageFormPage,
  PageView,
  RevisionPage,
  feedTitle,
  fileSize,
  groupWikiPath,
  knowledgePath,
  pagePath,
  placeOf,
} from './knowledge.views.tsx';

/** Route parameters: `slug` is the group's (group wikis only), `page` the page's. */
type WikiParams = { Params: { slug?: string; page?: string; id?: string } };
type WikiRequest = FastifyRequest<WikiParams>;

const queryMax = 200;

function html(reply: FastifyReply, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8');
}

function notFound(request: FastifyRequest, reply: FastifyReply) {
  return request.server.showMessage(request, reply, 404, { title: 'error.notFound.title', body: 'error.notFound.body' });
}

/** Someone who may read the wiki but not change it: the page says why. */
function forbidden(request: FastifyRequest, reply: FastifyReply, wiki: Wiki) {
  return request.server.showMessage(request, reply, 403, {
    title: 'knowledge.forbidden.title',
    body: wiki.kind === 'hub' ? 'knowledge.forbidden.adminsOnly' : 'knowledge.forbidden.groupMembers',
  });
}

function queryText(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** Which wiki the request is about, and whether this viewer may see it; undefined is "not found". */
type WikiResolver = (request: WikiRequest) => Promise<Wiki | undefined>;

export const knowledgeSubject: SubjectType = {
  type: 'knowledge-page',
  visibleIds: (db, viewer, ids) => visibleKnowledgePageIds(db, viewer, ids),
  // Conversations on hub-wide pages are moderated by the hub's administrators; on a group's pages
  // also by the group's facilitators.
  async canModerate(db, viewer, id) {
    if (!viewer || !Number.isSafeInteger(id)) return false;
    const page = await db
      .selectFrom('knowledge_pages as p')
      .leftJoin('groups as g', 'g.id', 'p.group_id')
      .select(['p.group_id', 'g.slug', 'g.name', 'g.visibility'])
      .where('p.id', '=', id)
      .executeTakeFirst();
    if (!page) return false;
    if (page.group_id === null || !page.slug || !page.name || !page.visibility) return canModeratePage(viewer, { kind: 'hub', editing: 'members' });
    const standing = await standingOf(db, viewer, page.group_id);
    return canModeratePage(viewer, { kind: 'group', group: { id: page.group_id, slug: page.slug, name: page.name, visibility: page.visibility, standing } });
  },
  // Callers ask visibleIds first and describe only what the viewer may see.
  async describe(db, ids) {
    const result = new Map<number, SubjectSummary>();
    const wanted = ids.filter((id) => Number.isSafeInteger(id) && id > 0);
    if (wanted.length === 0) return result;
    const rows = await db
      .selectFrom('knowledge_pages as p')
      .leftJoin('groups as g', 'g.id', 'p.group_id')
      .select(['p.id', 'p.slug', 'p.title', 'g.slug as group_slug', 'g.name as group_name'])
      .where('p.id', 'in', wanted)
      .execute();
    for (const row of rows) {
      const group = row.group_slug && row.group_name ? { slug: row.group_slug, name: row.group_name } : null;
      result.set(row.id, { title: row.title, url: pagePath({ slug: row.slug, group }) });
    }
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
    url: `${publicUrl}${pagePath(page)}`,
    template: page.template,
    group: page.group ? { slug: page.group.slug, name: page.group.name, url: `${publicUrl}/groups/${page.group.slug}` } : null,
    updatedAt: page.updatedAt.toISOString(),
    lastChangedBy: personJson(page.lastChangedBy),
    snippet: page.snippet === null ? null : snippetText(page.snippet),
  });

  // ---- Which wiki ----------------------------------------------------------------------------

  const hubWiki: WikiResolver = async () => ({ kind: 'hub', editing: await hubEditing(app.db) });

  /** A group's wiki is there only for those who may see the group's content: for anyone else, not found. */
  const groupWiki: WikiResolver = async (request) => {
    const slug = request.params.slug;
    if (slug === undefined || !groupSlugPattern.test(slug)) return undefined;
    const group = await visibleGroup(app.db, request.viewer, slug);
    if (!group) return undefined;
    const standing = await standingOf(app.db, request.viewer, group.id);
    if (!canSeeContent(request.viewer, group, standing)) return undefined;
    return { kind: 'group', group: { id: group.id, slug: group.slug, name: group.name, visibility: group.visibility, standing } };
  };

  /** The wiki of the request, or undefined with the 404 already sent. Private answers are never kept by shared caches. */
  async function wikiOf(request: WikiRequest, reply: FastifyReply, resolve: WikiResolver): Promise<Wiki | undefined> {
    const wiki = await resolve(request);
    if (!wiki) {
      notFound(request, reply);
      return undefined;
    }
    if (wiki.kind === 'group' && wiki.group.visibility !== 'open') reply.header('cache-control', 'private, no-store');
    else if (request.viewer) reply.header('cache-control', 'private, no-cache');
    return wiki;
  }

  async function visiblePage(request: FastifyRequest, wiki: Wiki, slug: string | undefined): Promise<PageDetail | undefined> {
    if (slug === undefined || !slugPattern.test(slug)) return undefined;
    return findPage(app.db, request.viewer, wikiGroupId(wiki), slug);
  }

  /** The wiki and page of the route, read by a viewer who may see them; otherwise the 404 is sent. */
  async function readable(request: WikiRequest, reply: FastifyReply, resolve: WikiResolver, slug = request.params.page) {
    const wiki = await wikiOf(request, reply, resolve);
    if (!wiki) return undefined;
    const doc = await visiblePage(request, wiki, slug);
    if (!doc) {
      notFound(request, reply);
      return undefined;
    }
    return { wiki, doc };
  }

  /** The wiki and page, for someone allowed to change them; otherwise the reply is already sent. */
  async function editable(request: WikiRequest, reply: FastifyReply, resolve: WikiResolver) {
    if (!requireViewer(request, reply)) return undefined;
    const found = await readable(request, reply, resolve);
    if (!found) return undefined;
    if (!canEdit(request.viewer, found.wiki)) {
      forbidden(request, reply, found.wiki);
      return undefined;
    }
    if (found.doc.hidden) {
      // Its authors still read it, but it stays as the moderator found it until shown again.
      app.showMessage(request, reply, 403, { title: 'moderation.frozen.title', body: 'moderation.frozen.body' });
      return undefined;
    }
    return { ...found, viewer: request.viewer };
  }

  /** Markdown (sanitised by renderMarkdown, links escaped) with each [[link]] leading where it does for this viewer. */
  async function renderBody(request: FastifyRequest, wiki: Wiki, body: string) {
    const slugs = linkedSlugs(body);
    const found = await resolveLinks(app.db, request.viewer, wikiGroupId(wiki), slugs);
    const resolved = new Map([...found].map(([slug, group]) => [slug, group === null ? knowledgePath(slug) : `${groupWikiPath(group)}/${slug}`]));
    const base = placeOf(wiki).base;
    return {
      html: renderKnowledgeMarkdown(body, { resolved, newPage: `${base}/new` }, { missing: t('knowledge.link.missing') }),
      links: slugs.map((slug) => ({ slug, url: `${publicUrl}${resolved.get(slug) ?? `${base}/${slug}`}`, exists: resolved.has(slug) })),
    };
  }

  // ---- Who may edit hub-wide pages -----------------------------------------------------------

  app.get('/admin/knowledge', async (request, reply) => {
    if (!requireAdmin(request, reply)) return reply;
    return html(reply).send(<EditingSettingsPage page={pageContext(request, reply)} values={{ editing: await hubEditing(app.db) }} />);
  });

  app.post('/admin/knowledge', async (request, reply) => {
    if (!requireAdmin(request, reply)) return reply;
    const parsed = parseForm(editingForm, request.body);
    if (!parsed.ok) return html(reply, 400).send(<EditingSettingsPage page={pageContext(request, reply)} values={parsed.values} errors={parsed.errors} />);
    await setHubEditing(app.db, parsed.data.editing);
    reply.flash('success', t(parsed.data.editing === 'admins' ? 'knowledge.settings.done.admins' : 'knowledge.settings.done.members'));
    return reply.redirect('/admin/knowledge', 303);
  });

  // ---- The routes of a wiki, at /knowledge and at /groups/:slug/knowledge ---------------------

  /** The event a new page was started from, when its pages go in this wiki (its group's, or the hub's for an event of no group). */
  async function originIn(viewer: Viewer, value: unknown, groupId: number | null): Promise<EventOrigin | null> {
    const origin = await eventOrigin(app.db, viewer, value);
    return origin && origin.groupId === groupId ? origin : null;
  }

  function wikiRoutes(prefix: string, resolve: WikiResolver) {
    async function index(request: WikiRequest, reply: FastifyReply, suffix?: Format) {
      const wiki = await wikiOf(request, reply, resolve);
      if (!wiki) return reply;
      const place = placeOf(wiki);
      const groupId = wikiGroupId(wiki);
      const format = requestedFormat(request, suffix);
      const number = pageNumber(queryText(request, 'page'));
      if (number === undefined) return notFound(request, reply);
      const q = (queryText(request, 'q') ?? '').trim().slice(0, queryMax);

      if (format === 'rss' || format === 'atom') {
        // The hub-wide feed is built for an anonymous visitor whoever asks; a group's, for someone
        // who may see the group's content (anyone else was answered "not found" above).
        const changes = await recentChanges(app.db, wiki.kind === 'hub' ? null : request.viewer, groupId, feedSize);
        const feed: Feed = {
          title: feedTitle(place),
          link: `${publicUrl}${place.base}`,
          self: `${publicUrl}${place.base}.${format}`,
          description: place.group ? t('knowledge.group.feed.description', { name: place.group.name }) : t('knowledge.feed.description'),
          items: changes.map((change) => ({
            title: t('knowledge.feed.item', { title: change.pageTitle, number: change.number }),
            link: `${publicUrl}${place.base}/${change.pageSlug}/revisions/${change.revisionId}`,
            guid: `${publicUrl}${place.base}/${change.pageSlug}/revisions/${change.revisionId}`,
            published: change.at,
            summary: change.summary,
            author: change.author?.name ?? null,
          })),
        };
        return format === 'rss' ? sendRss(reply, feed) : sendAtom(reply, feed);
      }
      if (format !== 'html' && format !== 'json' && format !== 'csv') return notFound(request, reply);

      // Searching the hub-wide knowledge shed also finds the pages of group wikis the viewer may see.
      const { pages, hasNext } = q
        ? await searchPages(app.db, request.viewer, groupId ?? 'everywhere', q, number)
        : await listPages(app.db, request.viewer, groupId, number);
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
          place.group ? `knowledge-${place.group.slug}` : 'knowledge',
          ['slug', 'title', 'url', 'template', 'group', 'updatedAt', 'lastChangedBy', 'snippet'],
          pages.map((page) => {
            const row = summaryJson(page);
            return { ...row, group: row.group?.slug ?? '', lastChangedBy: row.lastChangedBy?.handle ?? '' };
          }),
        );
      }
      const recent = q ? [] : await recentChanges(app.db, request.viewer, groupId);
      return html(reply).send(
        <IndexPage
          page={pageContext(request, reply)}
          place={place}
          canEdit={canEdit(request.viewer, wiki)}
          q={q}
          pages={pages}
          hasNext={hasNext}
          pageNumber={number}
          recent={recent}
        />,
      );
    }

    app.get<WikiParams>(prefix, (request, reply) => index(request, reply));
    app.get<WikiParams>(`${prefix}.json`, (request, reply) => index(request, reply, 'json'));
    app.get<WikiParams>(`${prefix}.csv`, (request, reply) => index(request, reply, 'csv'));
    app.get<WikiParams>(`${prefix}.rss`, (request, reply) => index(request, reply, 'rss'));
    app.get<WikiParams>(`${prefix}.atom`, (request, reply) => index(request, reply, 'atom'));

    // ---- New pages ---------------------------------------------------------------------------

    app.get<WikiParams>(`${prefix}/new`, async (request, reply) => {
      if (!requireViewer(request, reply)) return reply;
      const wiki = await wikiOf(request, reply, resolve);
      if (!wiki) return reply;
      if (!canEdit(request.viewer, wiki)) return forbidden(request, reply, wiki);
      const place = placeOf(wiki);
      const title = (queryText(request, 'title') ?? '').slice(0, 150);
      const chosen = queryText(request, 'template');
      const template = templates.find((value) => value === chosen) ?? '';
      const values: FormValues = { title, template, body: template ? templateBody(template) : '', summary: '' };
      // Started from an event's page: linked to the event once saved, when the event's pages go in this wiki.
      const origin = await originIn(request.viewer, originValue(request.query), wikiGroupId(wiki));
      return html(reply).send(
        <PageFormPage page={pageContext(request, reply)} place={place} mode="new" action={`${place.base}/new`} values={values} origin={origin ?? undefined} />,
      );
    });

    app.post<WikiParams>(`${prefix}/new`, { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
      if (!requireViewer(request, reply)) return reply;
      const viewer = request.viewer;
      const wiki = await wikiOf(request, reply, resolve);
      if (!wiki) return reply;
      if (!canEdit(viewer, wiki)) return forbidden(request, reply, wiki);
      const place = placeOf(wiki);
      const values = formValues(request.body);
      const origin = await originIn(viewer, originValue(request.body), wikiGroupId(wiki));
      const show = (status: number, errors: FieldErrors, existing?: string) =>
        html(reply, status).send(
          <PageFormPage
            page={pageContext(request, reply)}
            place={place}
            mode="new"
            action={`${place.base}/new`}
            values={values}
            errors={errors}
            existing={existing}
            origin={origin ?? undefined}
          />,
        );
      const parsed = parseForm(pageForm, values);
      if (!parsed.ok) return show(400, parsed.errors);
      // Addresses are unique within a wiki: a group's page may share one with a hub-wide page.
      const result = await createPage(app.db, viewer.id, wikiGroupId(wiki), parsed.data);
      if (!result.ok) return show(400, { title: 'knowledge.new.exists' }, result.slug);
      if (origin) await linkMadeFromEvent(app.db, origin, 'knowledge-page', result.id, viewer.id);
      reply.flash('success', t('knowledge.new.done'));
      return reply.redirect(`${place.base}/${result.slug}`, 303);
    });

    // ---- A page ------------------------------------------------------------------------------

    app.get<WikiParams>(`${prefix}/:page`, async (request, reply) => {
      const { name, format: suffix } = splitFormat(request.params.page ?? '');
      const format = requestedFormat(request, suffix);
      if (format !== 'html' && format !== 'json') return notFound(request, reply);
      const found = await readable(request, reply, resolve, name);
      if (!found) return reply;
      const { wiki, doc } = found;
      const place = placeOf(wiki);
      const path = `${place.base}/${doc.slug}`;
      const rendered = await renderBody(request, wiki, doc.body);
      const linking = await backlinks(app.db, request.viewer, { id: doc.id, slug: doc.slug, groupId: doc.groupId });
      const attachments = await attachmentsOf(app.db, doc.id);
      if (format === 'json') {
        const { snippet: _snippet, ...summary } = summaryJson(doc);
        return sendJson(reply, pageSchema, {
          ...summary,
          body: doc.body,
          html: rendered.html,
          version: doc.version,
          createdAt: doc.createdAt.toISOString(),
          historyUrl: `${publicUrl}${path}/history`,
          links: rendered.links,
          backlinks: linking.map((link) => ({ slug: link.slug, title: link.title, url: `${publicUrl}${pagePath(link)}` })),
          attachments: attachments.map((file) => ({
            name: file.name,
            description: file.description,
            contentType: file.contentType,
            size: file.sizeBytes,
            url: `${publicUrl}${path}/attachments/${file.id}`,
            uploadedBy: personJson(file.uploadedBy),
            uploadedAt: file.at.toISOString(),
          })),
          hidden: doc.hidden ? { reason: doc.hidden.reason, at: doc.hidden.at.toISOString() } : undefined,
        });
      }
      const reviewHref = doc.hidden && (await moderatesContent(app.db, request.viewer, doc.hidden)) ? `/moderation/content/knowledge-page/${doc.id}` : null;
      return html(reply).send(
        <PageView
          page={pageContext(request, reply)}
          place={place}
          doc={doc}
          safeHtml={rendered.html}
          backlinks={linking}
          attachments={attachments}
          canEdit={canEdit(request.viewer, wiki)}
          reviewHref={reviewHref}
        />,
      );
    });

    // ---- Editing -----------------------------------------------------------------------------

    app.get<WikiParams>(`${prefix}/:page/edit`, async (request, reply) => {
      const found = await editable(request, reply, resolve);
      if (!found) return reply;
      const { wiki, doc } = found;
      const place = placeOf(wiki);
      const values: FormValues = { title: doc.title, body: doc.body, summary: '' };
      return html(reply).send(
        <PageFormPage page={pageContext(request, reply)} place={place} mode="edit" action={`${place.base}/${doc.slug}/edit`} values={values} version={doc.version} doc={doc} />,
      );
    });

    app.post<WikiParams>(`${prefix}/:page/edit`, { config: rateLimited(app, 120, '1 hour') }, async (request, reply) => {
      const found = await editable(request, reply, resolve);
      if (!found) return reply;
      const { wiki, doc, viewer } = found;
      const place = placeOf(wiki);
      const values = formValues(request.body);
      const rawVersion = (request.body as Record<string, unknown> | undefined)?.version;
      // A form without a readable version counts as stale: a save never overwrites blindly.
      const version = typeof rawVersion === 'string' && /^\d{1,9}$/.test(rawVersion) ? Number(rawVersion) : 0;
      const show = (status: number, extra: { errors?: FieldErrors; version?: number; conflict?: Parameters<typeof PageFormPage>[0]['conflict'] }) =>
        html(reply, status).send(
          <PageFormPage
            page={pageContext(request, reply)}
            place={place}
            mode="edit"
            action={`${place.base}/${doc.slug}/edit`}
            values={values}
            errors={extra.errors ?? {}}
            version={extra.version ?? version}
            doc={doc}
            conflict={extra.conflict}
          />,
        );
      const parsed = parseForm(pageForm, values);
      if (!parsed.ok) return show(400, { errors: parsed.errors });
      const result = await updatePage(app.db, viewer.id, doc.id, version, parsed.data);
      if (!result.ok) {
        // Their text beside the form; the form keeps this person's text and now carries the current
        // version, so saving again (after merging) goes through.
        if (result.error === 'conflict') return show(409, { conflict: result.current, version: result.current.version });
        return notFound(request, reply);
      }
      reply.flash('success', t('knowledge.edit.done'));
      return reply.redirect(`${place.base}/${doc.slug}`, 303);
    });

    // ---- History, revisions, differences, restoring -----------------------------------------

    app.get<WikiParams>(`${prefix}/:page/history`, async (request, reply) => {
      const found = await readable(request, reply, resolve);
      if (!found) return reply;
      const number = pageNumber(queryText(request, 'page'));
      if (number === undefined) return notFound(request, reply);
      const { revisions, hasNext } = await revisionsOf(app.db, found.doc.id, number);
      if (revisions.length === 0) return notFound(request, reply);
      return html(reply).send(
        <HistoryPage page={pageContext(request, reply)} place={placeOf(found.wiki)} doc={found.doc} revisions={revisions} pageNumber={number} hasNext={hasNext} />,
      );
    });

    async function revisionOf(doc: PageDetail, id: string | undefined) {
      if (id === undefined || !idPattern.test(id)) return undefined;
      return findRevision(app.db, doc.id, Number(id));
    }

    app.get<WikiParams>(`${prefix}/:page/revisions/:id`, async (request, reply) => {
      const found = await readable(request, reply, resolve);
      if (!found) return reply;
      const revision = await revisionOf(found.doc, request.params.id);
      if (!revision) return notFound(request, reply);
      const rendered = await renderBody(request, found.wiki, revision.body);
      return html(reply).send(
        <RevisionPage
          page={pageContext(request, reply)}
          place={placeOf(found.wiki)}
          doc={found.doc}
          revision={revision}
          safeHtml={rendered.html}
          canEdit={canEdit(request.viewer, found.wiki)}
        />,
      );
    });

    app.post<WikiParams>(`${prefix}/:page/revisions/:id/restore`, { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
      const found = await editable(request, reply, resolve);
      if (!found) return reply;
      const revision = await revisionOf(found.doc, request.params.id);
      if (!revision) return notFound(request, reply);
      const result = await restoreRevision(app.db, found.viewer.id, found.doc.id, revision.id);
      if (!result.ok) return notFound(request, reply);
      reply.flash('success', t('knowledge.revision.restored', { number: revision.number }));
      return reply.redirect(`${placeOf(found.wiki).base}/${found.doc.slug}`, 303);
    });

    app.get<WikiParams>(`${prefix}/:page/diff`, async (request, reply) => {
      const found = await readable(request, reply, resolve);
      if (!found) return reply;
      const from = await revisionOf(found.doc, queryText(request, 'from'));
      const to = await revisionOf(found.doc, queryText(request, 'to'));
      if (!from || !to) return notFound(request, reply);
      const parts = diffLines(from.body, to.body);
      return html(reply).send(<DiffPage page={pageContext(request, reply)} place={placeOf(found.wiki)} doc={found.doc} from={from} to={to} parts={parts} />);
    });

    // ---- Files -------------------------------------------------------------------------------

    app.get<WikiParams>(`${prefix}/:page/attachments`, async (request, reply) => {
      const found = await readable(request, reply, resolve);
      if (!found) return reply;
      return html(reply).send(
        <FilesPage
          page={pageContext(request, reply)}
          place={placeOf(found.wiki)}
          doc={found.doc}
          attachments={await attachmentsOf(app.db, found.doc.id)}
          canEdit={canEdit(request.viewer, found.wiki)}
        />,
      );
    });

    // Served here, never as a plain file: whether the viewer may see the page is asked every time.
    app.get<WikiParams>(`${prefix}/:page/attachments/:id`, async (request, reply) => {
      const found = await readable(request, reply, resolve);
      if (!found) return reply;
      const id = request.params.id;
      const file = id !== undefined && idPattern.test(id) ? await visibleAttachment(app.db, request.viewer, found.doc.id, Number(id)) : undefined;
      const data = file ? await readStoredFile(app.config.uploadsDir, file.stored_path) : undefined;
      if (!file || !data) return notFound(request, reply);
      return reply
        .code(200)
        .type(file.content_type)
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', downloadDisposition(file.original_name))
        // A file that somehow opened as a page could still do nothing.
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(data);
    });

    app.post<WikiParams>(`${prefix}/:page/attachments/:id/remove`, { config: rateLimited(app, 120, '1 hour') }, async (request, reply) => {
      const found = await editable(request, reply, resolve);
      if (!found) return reply;
      const id = request.params.id;
      if (id === undefined || !idPattern.test(id)) return notFound(request, reply);
      const result = await removeAttachment(app.db, found.viewer.id, found.doc.id, Number(id));
      if (!result.ok) return notFound(request, reply);
      await removeStoredFile(app.config.uploadsDir, result.storedPath);
      reply.flash('success', t('knowledge.files.removed', { name: result.name }));
      return reply.redirect(`${placeOf(found.wiki).base}/${found.doc.slug}`, 303);
    });
  }

  const wikis: { prefix: string; resolve: WikiResolver }[] = [
    { prefix: '/knowledge', resolve: hubWiki },
    { prefix: '/groups/:slug/knowledge', resolve: groupWiki },
  ];
  for (const wiki of wikis) wikiRoutes(wiki.prefix, wiki.resolve);

  // Uploads are read by the platform's own FormData parser instead of the hub-wide multipart
  // plugin: it keeps each file's name (needed to know what a file claims to be) and allows the
  // larger size documents need, in these routes only.
  await app.register(async (uploads) => {
    uploads.removeContentTypeParser('multipart/form-data');
    uploads.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: uploadRequestLimitBytes }, async (request: FastifyRequest, body: Buffer) =>
      parseMultipart(String(request.headers['content-type'] ?? ''), body),
    );

    for (const { prefix, resolve } of wikis) {
      uploads.post<WikiParams>(`${prefix}/:page/attachments`, { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
        const found = await editable(request, reply, resolve);
        if (!found) return reply;
        const { wiki, doc, viewer } = found;
        const place = placeOf(wiki);
        const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
        const values: FormValues = { description: typeof body.description === 'string' ? body.description : '' };
        const show = async (errors: FieldErrors) =>
          html(reply, 400).send(
            <FilesPage
              page={pageContext(request, reply)}
              place={place}
              doc={doc}
              attachments={await attachmentsOf(app.db, doc.id)}
              canEdit
              values={values}
              errors={errors}
            />,
          );

        const errors: FieldErrors = {};
        const part = body.attachment;
        const upload = typeof part === 'object' && part !== null && 'data' in part ? (part as UploadedPart) : null;
        // A form sent without choosing a file still carries an empty, nameless file part.
        const checked = upload && (upload.filename !== '' || upload.data.length > 0) ? await checkAttachment(upload.filename, upload.data) : null;
        if (!checked) errors.attachment = 'knowledge.files.missing';
        else if (!checked.ok) errors.attachment = checked.error === 'knowledge.files.tooLarge' ? t(checked.error, { size: fileSize(attachmentLimitBytes) }) : checked.error;
        const parsed = parseForm(attachmentForm, values);
        if (!parsed.ok) Object.assign(errors, parsed.errors);
        if (!parsed.ok || !checked?.ok) return show(errors);

        const storedPath = newStoredPath(checked.file.extension);
        await writeStoredFile(app.config.uploadsDir, storedPath, checked.file.data);
        let result: Awaited<ReturnType<typeof addAttachment>>;
        try {
          result = await addAttachment(app.db, viewer.id, doc.id, {
            originalName: checked.file.name,
            description: parsed.data.description,
            storedPath,
            contentType: checked.file.contentType,
            sizeBytes: checked.file.data.length,
          });
        } catch (error) {
          await removeStoredFile(app.config.uploadsDir, storedPath);
          throw error;
        }
        if (!result.ok) {
          await removeStoredFile(app.config.uploadsDir, storedPath);
          if (result.error === 'too-many') return show({ attachment: 'knowledge.files.tooMany' });
          return notFound(request, reply);
        }
        reply.flash('success', t('knowledge.files.addedDone', { name: checked.file.name }));
        return reply.redirect(`${place.base}/${doc.slug}`, 303);
      });
    }
  });

  // ---- The API documentation ---------------------------------------------------------------

  const listQuery = z.object({
    q: z.string().max(queryMax).optional().describe('Words to search for (web search syntax: "quoted phrase", -without, or).'),
    page: z.coerce.number().int().min(1).optional().describe('Page of results, from 1.'),
  });

  app.apiDocs.add({
    method: 'get',
    path: '/knowledge.json',
    summary: 'Knowledge pages',
    description:
      'Every hub-wide page of the knowledge shed by name, 30 a page, or with ?q= the pages matching a search, best first, with a snippet; a search also finds the pages of group wikis the caller may see. Also as CSV at /knowledge.csv; recent changes as RSS at /knowledge.rss and Atom at /knowledge.atom.',
    tag: 'Knowledge',
    auth: 'optional',
    query: listQuery,
    response: pageListSchema,
    alsoAs: ['text/csv'],
  });

  app.apiDocs.add({
    method: 'get',
    path: '/knowledge/{page}.json',
    summary: 'A knowledge page',
    description: 'The current text of a hub-wide page (Markdown and HTML), who changed it last, the pages it links to, the pages that link to it and its files.',
    tag: 'Knowledge',
    auth: 'optional',
    params: z.object({ page: z.string().describe('The last part of the page’s address.') }),
    response: pageSchema,
  });

  app.apiDocs.add({
    method: 'get',
    path: '/groups/{slug}/knowledge.json',
    summary: 'A group’s knowledge pages',
    description:
      'The pages of a group’s own wiki by name, 30 a page, or with ?q= those matching a search. Seen exactly as the group’s content is: for a closed or secret group, only by its members and the hub’s administrators; anyone else is told it is not found. Also as CSV, RSS and Atom at /groups/{slug}/knowledge.csv, .rss and .atom.',
    tag: 'Knowledge',
    auth: 'optional',
    params: z.object({ slug: z.string().describe('The last part of the group’s address.') }),
    query: listQuery,
    response: pageListSchema,
    alsoAs: ['text/csv'],
  });

  app.apiDocs.add({
    method: 'get',
    path: '/groups/{slug}/knowledge/{page}.json',
    summary: 'A page of a group’s wiki',
    description: 'As for a hub-wide page. Its [[links]] lead to the group’s own page of that name first, then to the hub-wide one.',
    tag: 'Knowledge',
    auth: 'optional',
    params: z.object({
      slug: z.string().describe('The last part of the group’s address.'),
      page: z.string().describe('The last part of the page’s address.'),
    }),
    response: pageSchema,
  });
}

/** The fields of the page form, without the CSRF token and version, to show again as typed. */
function formValues(body: unknown): FormValues {
  const { _csrf, version: _version, ...rest } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  return rest;
}

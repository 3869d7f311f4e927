import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { t } from '../../i18n/i18n.ts';
import { requireViewer, wantsJson } from '../../web/app.tsx';
import { pageContext } from '../../web/context.ts';
import { parseForm } from '../../web/forms.ts';
import { rateLimited } from '../../web/limits.ts';
import { sendJson } from '../../web/representations.ts';
import { isLocalPath, markAllRead, markRead, savePreferences, sendDigests, unsubscribe } from './notifications.commands.ts';
import { notificationId, pageNumber, preferencesForm } from './notifications.forms.ts';
import { findOwnNotification, listNotifications, preferencesOf, unreadCount } from './notifications.queries.ts';
import { listQuerySchema, notificationListSchema, readAllSchema } from './notifications.schemas.ts';
import { readUnsubscribeToken, type UnsubscribeScope } from './notifications.unsubscribe.ts';
import { NotificationsPage, PreferencesPage, UnsubscribedPage, UnsubscribePage } from './notifications.views.tsx';

declare module 'fastify' {
  interface FastifyRequest {
    /** Unread notifications of the signed-in member, for the page header; null when not counted. */
    unreadNotifications: number | null;
  }
}

function html(reply: FastifyReply, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8');
}

const notFound = { title: 'error.notFound.title', body: 'error.notFound.body' } as const;
const badUnsubscribeLink = { title: 'unsubscribe.invalid.title', body: 'unsubscribe.invalid.body' } as const;

function about(scope: UnsubscribeScope) {
  return t(`notifications.about.${scope}`);
}

/** Pages only: assets, data formats and token requests have no header to show a count in. */
function showsHeader(request: FastifyRequest): boolean {
  return (
    request.method === 'GET' &&
    request.viewer !== null &&
    !request.viaToken &&
    !/^\/(assets|uploads)\//.test(request.url) &&
    !/\.(json|csv|rss|atom|ics)($|\?)/.test(request.url) &&
    !wantsJson(request)
  );
}

async function notificationsPlugin(app: FastifyInstance) {
  app.decorateRequest('unreadNotifications', null);
  app.addHook('preHandler', async (request) => {
    if (showsHeader(request)) request.unreadNotifications = await unreadCount(app.db, request.viewer!.id);
  });

  // Summaries at 7 in the morning, London time; weekly ones on Mondays. Running one twice is
  // harmless: each notification is claimed once.
  app.jobs.define('digest-daily', async () => void (await sendDigests(app, 'daily')), { cron: '0 7 * * *' });
  app.jobs.define('digest-weekly', async () => void (await sendDigests(app, 'weekly')), { cron: '0 7 * * 1' });

  app.apiDocs.add({
    method: 'get',
    path: '/notifications.json',
    summary: t('notifications.api.list.summary'),
    description: t('notifications.api.list.description'),
    tag: 'Notifications',
    auth: 'required',
    query: listQuerySchema,
    response: notificationListSchema,
  });
  app.apiDocs.add({
    method: 'post',
    path: '/notifications/read-all',
    summary: t('notifications.api.readAll.summary'),
    tag: 'Notifications',
    auth: 'required',
    response: readAllSchema,
  });

  async function list(request: FastifyRequest, reply: FastifyReply) {
    if (!requireViewer(request, reply)) return reply;
    const viewer = request.viewer;
    const page = pageNumber(request.query);
    const [{ items, hasNext }, unread] = await Promise.all([listNotifications(app, viewer, page), unreadCount(app.db, viewer.id)]);
    reply.header('cache-control', 'private, no-store');
    if (wantsJson(request)) {
      return sendJson(reply, notificationListSchema, {
        notifications: items.map((item) => ({
          id: item.id,
          kind: item.kind,
          text: item.text,
          url: `${app.config.publicUrl}${item.url}`,
          subject: { type: item.subject_type, id: item.subject_id, title: item.subjectTitle },
          createdAt: item.created_at.toISOString(),
          read: item.read_at !== null,
          readAt: item.read_at?.toISOString() ?? null,
        })),
        unread,
        nextPage: hasNext ? `${app.config.publicUrl}/notifications.json?page=${page + 1}` : null,
      });
    }
    return html(reply).send(<NotificationsPage page={pageContext(request, reply)} items={items} unread={unread} pageNumber={page} hasNext={hasNext} />);
  }
  app.get('/notifications', list);
  app.get('/notifications.json', list);

  app.post('/notifications/read-all', { config: rateLimited(app, 120, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const result = await markAllRead(app.db, request.viewer.id);
    if (wantsJson(request)) return sendJson(reply, readAllSchema, { marked: result.marked });
    reply.flash('success', t('notifications.markedAllRead'));
    return reply.redirect('/notifications', 303);
  });

  app.get<{ Params: { id: string } }>('/notifications/:id/open', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const id = notificationId(request.params.id);
    const found = id === undefined ? undefined : await findOwnNotification(app.db, request.viewer.id, id);
    // A notification about something the member may no longer see leads nowhere, like a missing one.
    if (!found || !(await app.subjects.canView(app.db, request.viewer, found.subject_type, found.subject_id))) {
      return app.showMessage(request, reply, 404, notFound);
    }
    await markRead(app.db, request.viewer.id, found.id);
    return reply.redirect(isLocalPath(found.url) ? found.url : '/notifications', 303);
  });

  app.get('/settings/notifications', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const values = await preferencesOf(app.db, request.viewer.id);
    return html(reply).send(<PreferencesPage page={pageContext(request, reply)} values={values} canEmail={request.viewer.emailVerified} />);
  });

  app.post('/settings/notifications', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const parsed = parseForm(preferencesForm, request.body);
    if (!parsed.ok) {
      return html(reply, 400).send(
        <PreferencesPage page={pageContext(request, reply)} values={parsed.values} errors={parsed.errors} canEmail={request.viewer.emailVerified} />,
      );
    }
    await savePreferences(app.db, request.viewer.id, parsed.data);
    reply.flash('success', t('notifications.preferences.saved'));
    return reply.redirect('/settings/notifications', 303);
  });

  // Unsubscribing needs no sign-in: the signed token in the address is the proof. The POST also
  // takes RFC 8058 one-click requests from mail programs (`List-Unsubscribe=One-Click`), which
  // carry no cookie and no CSRF token.
  async function readToken(request: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply) {
    reply.header('cache-control', 'no-store');
    const found = await readUnsubscribeToken(app, request.params.token);
    if (!found) return null;
    const user = await app.db.selectFrom('users').select('id').where('id', '=', found.userId).executeTakeFirst();
    return user ? found : null;
  }

  app.get<{ Params: { token: string } }>('/unsubscribe/:token', async (request, reply) => {
    const found = await readToken(request, reply);
    if (!found) return app.showMessage(request, reply, 404, badUnsubscribeLink);
    return html(reply).send(
      <UnsubscribePage page={pageContext(request, reply)} action={`/unsubscribe/${request.params.token}`} about={about(found.scope)} />,
    );
  });

  app.post<{ Params: { token: string } }>(
    '/unsubscribe/:token',
    { config: { ...rateLimited(app, 60, '1 hour'), csrfExempt: true } },
    async (request, reply) => {
      const found = await readToken(request, reply);
      if (!found) return app.showMessage(request, reply, 404, badUnsubscribeLink);
      const result = await unsubscribe(app.db, found.userId, found.scope);
      if (!result.ok) return app.showMessage(request, reply, 404, badUnsubscribeLink);
      return html(reply).send(<UnsubscribedPage page={pageContext(request, reply)} about={about(found.scope)} />);
    },
  );
}

/**
 * The unread count belongs in every page's header, so this plugin is not encapsulated: its hook
 * reaches the routes of every area (what fastify-plugin does, without the dependency).
 */
export const notificationsArea = Object.assign(notificationsPlugin, { [Symbol.for('skip-override')]: true });

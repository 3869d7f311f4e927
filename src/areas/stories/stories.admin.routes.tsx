import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { t } from '../../i18n/i18n.ts';
import { requireAdmin } from '../../web/app.tsx';
import type { FieldErrors, FormValues } from '../../web/components.tsx';
import { pageContext } from '../../web/context.ts';
import { parseForm } from '../../web/forms.ts';
import { rateLimited } from '../../web/limits.ts';
import { AdminPage } from './nominations.views.tsx';
import { addFacilitator, addVideoHost, removeFacilitator, removeVideoHost } from './stories.commands.ts';
import { facilitatorForm, hostForm } from './stories.forms.ts';
import { isBuiltInVideoHost, normaliseHost } from './stories.media.ts';
import { facilitators, membersByHandle, videoHosts } from './stories.queries.ts';

/**
 * Administrators choose the story facilitators (besides themselves) and the PeerTube instances
 * whose videos stories may show.
 */
export async function registerAdminRoutes(app: FastifyInstance) {
  const show = async (request: FastifyRequest, reply: FastifyReply, status: number, values?: FormValues, errors?: FieldErrors) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'private, no-store')
      .send(<AdminPage page={pageContext(request, reply)} facilitators={await facilitators(app.db)} hosts={await videoHosts(app.db)} values={values} errors={errors} />);

  app.get('/admin/stories', async (request, reply) => {
    if (!requireAdmin(request, reply)) return reply;
    return show(request, reply, 200);
  });

  app.post('/admin/stories/facilitators', { config: rateLimited(app, 120, '1 hour') }, async (request, reply) => {
    if (!requireAdmin(request, reply)) return reply;
    const parsed = parseForm(facilitatorForm, request.body);
    if (!parsed.ok) return show(request, reply, 400, parsed.values, parsed.errors);
    const member = (await membersByHandle(app.db, [parsed.data.handle])).get(parsed.data.handle);
    if (!member) return show(request, reply, 400, request.body as FormValues, { handle: 'stories.field.handle.unknown' });
    await addFacilitator(app.db, member.id, request.viewer!.id);
    reply.flash('success', t('stories.admin.facilitators.added', { name: member.name }));
    return reply.redirect('/admin/stories', 303);
  });

  app.post<{ Params: { handle: string } }>('/admin/stories/facilitators/:handle/remove', { config: rateLimited(app, 120, '1 hour') }, async (request, reply) => {
    if (!requireAdmin(request, reply)) return reply;
    const handle = request.params.handle;
    const member = /^[a-z0-9-]{1,100}$/.test(handle) ? (await membersByHandle(app.db, [handle])).get(handle) : undefined;
    if (!member || !(await removeFacilitator(app.db, member.id))) {
      return app.showMessage(request, reply, 404, { title: 'error.notFound.title', body: 'error.notFound.body' });
    }
    reply.flash('success', t('stories.admin.facilitators.removed', { name: member.name }));
    return reply.redirect('/admin/stories', 303);
  });

  app.post('/admin/stories/hosts', { config: rateLimited(app, 120, '1 hour') }, async (request, reply) => {
    if (!requireAdmin(request, reply)) return reply;
    const parsed = parseForm(hostForm, request.body);
    if (!parsed.ok) return show(request, reply, 400, parsed.values, parsed.errors);
    const host = normaliseHost(parsed.data.host);
    if (!host) return show(request, reply, 400, request.body as FormValues, { host: 'stories.admin.host.invalid' });
    if (isBuiltInVideoHost(host)) return show(request, reply, 400, request.body as FormValues, { host: 'stories.admin.host.builtIn' });
    await addVideoHost(app.db, host, request.viewer!.id);
    reply.flash('success', t('stories.admin.hosts.added', { host }));
    return reply.redirect('/admin/stories', 303);
  });

  app.post('/admin/stories/hosts/remove', { config: rateLimited(app, 120, '1 hour') }, async (request, reply) => {
    if (!requireAdmin(request, reply)) return reply;
    const host = normaliseHost(String((request.body as Record<string, unknown> | undefined)?.host ?? ''));
    if (!host || !(await removeVideoHost(app.db, host))) return app.showMessage(request, reply, 404, { title: 'error.notFound.title', body: 'error.notFound.body' });
    reply.flash('success', t('stories.admin.hosts.removed', { host }));
    return reply.redirect('/admin/stories', 303);
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { t } from '../../i18n/i18n.ts';
import { requireViewer } from '../../web/app.tsx';
import { pageContext } from '../../web/context.ts';
import { parseForm } from '../../web/forms.ts';
import { rateLimited } from '../../web/limits.ts';
import { renderMarkdown } from '../../web/markdown.ts';
import { requestedFormat, sendCsv, sendJson, splitFormat, type Format } from '../../web/representations.ts';
import {
  createOrganisation,
  decideRequest,
  removeMembership,
  requestToJoin,
  setMemberRole,
  updateOrganisation,
  type MembershipChangeResult,
} from './organisations.commands.ts';
import { directoryQuery, joinForm, organisationForm, parseDirectoryQuery } from './organisations.forms.ts';
import {
  findOrganisation,
  listOrganisations,
  myOrganisations,
  organisationForViewer,
  organisationFormValues,
  type OrganisationDetail,
  type OrganisationSummary,
} from './organisations.queries.ts';
import { organisationListSchema, organisationSchema, type OrganisationJson, type OrganisationSummaryJson } from './organisations.schemas.ts';
import { DirectoryPage, JoinFormPage, MyOrganisationsPage, OrganisationFormPage, OrganisationPage, organisationPath } from './organisations.views.tsx';

type SlugParams = { Params: { slug: string } };
type MemberParams = { Params: { slug: string; handle: string } };

const slugPattern = /^[a-z0-9-]{1,80}$/;
const handlePattern = /^[a-z0-9-]{1,100}$/;

function html(reply: FastifyReply, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8');
}

function pageNumber(request: FastifyRequest) {
  const raw = Number((request.query as Record<string, unknown> | undefined)?.page ?? 1);
  return Number.isInteger(raw) && raw > 0 && raw <= 10000 ? raw : 1;
}

const csvColumns = ['slug', 'name', 'type', 'size', 'place', 'local_authority_code', 'local_authority_name', 'website', 'tags', 'url'];

export async function organisationsArea(app: FastifyInstance) {
  const publicUrl = app.config.publicUrl;
  const mailContext = () => ({ hubName: app.hub.name(), publicUrl });
  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    app.showMessage(request, reply, 404, { title: 'error.notFound.title', body: 'error.notFound.body' });
  const forbidden = (request: FastifyRequest, reply: FastifyReply) =>
    app.showMessage(request, reply, 403, { title: 'error.forbidden.title', body: 'error.forbidden.body' });

  const summaryJson = (organisation: OrganisationSummary): OrganisationSummaryJson => ({
    slug: organisation.slug,
    name: organisation.name,
    type: organisation.type,
    size: organisation.size,
    place: organisation.place,
    localAuthority: organisation.localAuthority,
    website: organisation.website,
    tags: organisation.tags,
    url: `${publicUrl}${organisationPath(organisation.slug)}`,
  });

  const detailJson = (organisation: OrganisationDetail): OrganisationJson => ({
    ...summaryJson(organisation),
    description: organisation.description,
    descriptionHtml: organisation.description ? renderMarkdown(organisation.description) : '',
    createdAt: organisation.createdAt.toISOString(),
    updatedAt: organisation.updatedAt.toISOString(),
    members: organisation.members.map((member) => ({
      handle: member.handle,
      name: member.name,
      role: member.role,
      url: `${publicUrl}/members/${member.handle}`,
    })),
    membersPage: organisation.membersPage,
    membersNextPage: organisation.membersHasNext ? organisation.membersPage + 1 : null,
  });

  // ---- Directory --------------------------------------------------------------------------

  app.apiDocs.add({
    method: 'get',
    path: '/organisations.json',
    summary: 'List organisations',
    description:
      'Organisations in the hub, 20 a page, filtered and searched like the directory page. The same list is available as CSV at /organisations.csv.',
    tag: 'Organisations',
    auth: 'none',
    query: directoryQuery,
    response: organisationListSchema,
    alsoAs: ['text/csv'],
  });

  async function directory(request: FastifyRequest, reply: FastifyReply, suffix?: Format) {
    const format = requestedFormat(request, suffix);
    const parsed = parseDirectoryQuery(request.query);
    if (!parsed.ok) {
      return app.showMessage(request, reply, 400, { title: 'organisations.badFilter.title', body: 'organisations.badFilter.body' });
    }
    const { organisations, hasNext } = await listOrganisations(app.db, parsed.filters, parsed.page);
    if (format === 'json') {
      return sendJson(reply, organisationListSchema, {
        organisations: organisations.map(summaryJson),
        page: parsed.page,
        nextPage: hasNext ? parsed.page + 1 : null,
      });
    }
    if (format === 'csv') {
      return sendCsv(
        reply,
        'organisations',
        csvColumns,
        organisations.map((organisation) => ({
          ...summaryJson(organisation),
          local_authority_code: organisation.localAuthority?.code,
          local_authority_name: organisation.localAuthority?.name,
        })),
      );
    }
    if (format !== 'html') return notFound(request, reply);
    return html(reply).send(
      <DirectoryPage
        page={pageContext(request, reply)}
        filters={parsed.filters}
        organisations={organisations}
        pageNumber={parsed.page}
        hasNext={hasNext}
      />,
    );
  }

  app.get('/organisations', (request, reply) => directory(request, reply));
  app.get('/organisations.json', (request, reply) => directory(request, reply, 'json'));
  app.get('/organisations.csv', (request, reply) => directory(request, reply, 'csv'));

  // ---- Create -----------------------------------------------------------------------------

  app.get('/organisations/new', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    return html(reply).send(
      <OrganisationFormPage
        page={pageContext(request, reply)}
        title={t('organisations.new.title')}
        intro={t('organisations.new.intro')}
        action="/organisations/new"
        submit={t('organisations.new.submit')}
        cancel="/organisations"
      />,
    );
  });

  app.post('/organisations/new', { config: rateLimited(app, 30, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const parsed = parseForm(organisationForm, request.body);
    if (!parsed.ok) {
      return html(reply, 400).send(
        <OrganisationFormPage
          page={pageContext(request, reply)}
          title={t('organisations.new.title')}
          intro={t('organisations.new.intro')}
          action="/organisations/new"
          submit={t('organisations.new.submit')}
          cancel="/organisations"
          values={parsed.values}
          errors={parsed.errors}
        />,
      );
    }
    const created = await createOrganisation(app.db, request.viewer.id, parsed.data);
    reply.flash('success', t('organisations.new.done', { name: parsed.data.name }));
    return reply.redirect(organisationPath(created.slug), 303);
  });

  // ---- One organisation -------------------------------------------------------------------

  app.apiDocs.add({
    method: 'get',
    path: '/organisations/{slug}.json',
    summary: 'One organisation',
    description: 'Its profile and current members (50 a page, administrators first; ?page= for more).',
    tag: 'Organisations',
    auth: 'none',
    params: z.object({ slug: z.string().describe('The last part of the organisation’s address, e.g. kirklees-council.') }),
    query: z.object({ page: z.coerce.number().int().min(1).optional().describe('Page of the member list, from 1.') }),
    response: organisationSchema,
  });

  app.get<SlugParams>('/organisations/:slug', async (request, reply) => {
    const { name: slug, format: suffix } = splitFormat(request.params.slug);
    const format = requestedFormat(request, suffix);
    if (!slugPattern.test(slug) || (format !== 'html' && format !== 'json')) return notFound(request, reply);
    const organisation = await findOrganisation(app.db, slug, request.viewer, pageNumber(request));
    if (!organisation) return notFound(request, reply);
    if (format === 'json') return sendJson(reply, organisationSchema, detailJson(organisation));
    return html(reply).send(<OrganisationPage page={pageContext(request, reply)} organisation={organisation} />);
  });

  // ---- Edit -------------------------------------------------------------------------------

  /** The organisation of the route, if the viewer may edit it; otherwise the reply is already sent. */
  async function editable(request: FastifyRequest<SlugParams>, reply: FastifyReply) {
    if (!requireViewer(request, reply)) return undefined;
    const organisation = slugPattern.test(request.params.slug) ? await organisationForViewer(app.db, request.params.slug, request.viewer) : undefined;
    if (!organisation) {
      notFound(request, reply);
      return undefined;
    }
    if (!organisation.canEdit) {
      forbidden(request, reply);
      return undefined;
    }
    return organisation;
  }

  app.get<SlugParams>('/organisations/:slug/edit', async (request, reply) => {
    const organisation = await editable(request, reply);
    if (!organisation) return reply;
    return html(reply).send(
      <OrganisationFormPage
        page={pageContext(request, reply)}
        title={t('organisations.edit.title', { name: organisation.name })}
        action={`${organisationPath(organisation.slug)}/edit`}
        submit={t('organisations.edit.submit')}
        cancel={organisationPath(organisation.slug)}
        values={await organisationFormValues(app.db, organisation.id)}
      />,
    );
  });

  app.post<SlugParams>('/organisations/:slug/edit', async (request, reply) => {
    const organisation = await editable(request, reply);
    if (!organisation) return reply;
    const parsed = parseForm(organisationForm, request.body);
    if (!parsed.ok) {
      return html(reply, 400).send(
        <OrganisationFormPage
          page={pageContext(request, reply)}
          title={t('organisations.edit.title', { name: organisation.name })}
          action={`${organisationPath(organisation.slug)}/edit`}
          submit={t('organisations.edit.submit')}
          cancel={organisationPath(organisation.slug)}
          values={parsed.values}
          errors={parsed.errors}
        />,
      );
    }
    const result = await updateOrganisation(app.db, organisation.id, parsed.data);
    if (!result.ok) return notFound(request, reply);
    reply.flash('success', t('organisations.edit.done'));
    return reply.redirect(organisationPath(organisation.slug), 303);
  });

  // ---- Joining and leaving ----------------------------------------------------------------

  async function visible(request: FastifyRequest<SlugParams>, reply: FastifyReply) {
    if (!requireViewer(request, reply)) return undefined;
    const organisation = slugPattern.test(request.params.slug) ? await organisationForViewer(app.db, request.params.slug, request.viewer) : undefined;
    if (!organisation) notFound(request, reply);
    return organisation;
  }

  app.post<SlugParams>('/organisations/:slug/join', { config: rateLimited(app, 30, '1 hour') }, async (request, reply) => {
    const organisation = await visible(request, reply);
    if (!organisation) return reply;
    const parsed = parseForm(joinForm, request.body);
    if (!parsed.ok) {
      return html(reply, 400).send(
        <JoinFormPage page={pageContext(request, reply)} organisation={organisation} values={parsed.values} errors={parsed.errors} />,
      );
    }
    const result = await requestToJoin(app.db, app.mailer, mailContext(), organisation.id, request.viewer!.id, parsed.data.message);
    if (result.ok) reply.flash('success', t('organisations.join.done', { name: organisation.name }));
    else if (result.error === 'already-member') reply.flash('info', t('organisations.join.alreadyMember', { name: organisation.name }));
    else if (result.error === 'already-asked') reply.flash('info', t('organisations.join.alreadyAsked', { name: organisation.name }));
    else return notFound(request, reply);
    return reply.redirect(organisationPath(organisation.slug), 303);
  });

  app.post<SlugParams>('/organisations/:slug/leave', async (request, reply) => {
    const organisation = await visible(request, reply);
    if (!organisation) return reply;
    const result = await removeMembership(app.db, organisation.id, request.viewer!.id);
    if (result.ok) {
      reply.flash('success', t(result.wasPending ? 'organisations.join.withdrawn' : 'organisations.leave.done', { name: organisation.name }));
    } else {
      reply.flash('warning', t(result.error === 'last-admin' ? 'organisations.lastAdmin' : 'organisations.manage.gone'));
    }
    return reply.redirect(organisationPath(organisation.slug), 303);
  });

  // ---- Managing members -------------------------------------------------------------------

  async function managed(request: FastifyRequest<MemberParams>, reply: FastifyReply) {
    if (!requireViewer(request, reply)) return undefined;
    const { slug, handle } = request.params;
    const organisation = slugPattern.test(slug) ? await organisationForViewer(app.db, slug, request.viewer) : undefined;
    if (!organisation) {
      notFound(request, reply);
      return undefined;
    }
    if (!organisation.canManage) {
      forbidden(request, reply);
      return undefined;
    }
    const member = handlePattern.test(handle)
      ? await app.db.selectFrom('users').select('id').where('handle', '=', handle).executeTakeFirst()
      : undefined;
    if (!member) {
      notFound(request, reply);
      return undefined;
    }
    return { organisation, userId: member.id };
  }

  function afterChange(reply: FastifyReply, slug: string, result: MembershipChangeResult | { ok: true; name: string } | { ok: false; error: 'not-found' }, done: Parameters<typeof t>[0]) {
    if (result.ok) reply.flash('success', t(done, { name: result.name }));
    else reply.flash('warning', t(result.error === 'last-admin' ? 'organisations.lastAdmin' : 'organisations.manage.gone'));
    return reply.redirect(organisationPath(slug), 303);
  }

  for (const approve of [true, false]) {
    app.post<MemberParams>(`/organisations/:slug/members/:handle/${approve ? 'approve' : 'decline'}`, async (request, reply) => {
      const target = await managed(request, reply);
      if (!target) return reply;
      const result = await decideRequest(app.db, app.mailer, mailContext(), target.organisation.id, target.userId, approve);
      return afterChange(reply, target.organisation.slug, result, approve ? 'organisations.manage.approved' : 'organisations.manage.declined');
    });
  }

  for (const role of ['admin', 'member'] as const) {
    app.post<MemberParams>(`/organisations/:slug/members/:handle/make-${role}`, async (request, reply) => {
      const target = await managed(request, reply);
      if (!target) return reply;
      const result = await setMemberRole(app.db, target.organisation.id, target.userId, role);
      return afterChange(reply, target.organisation.slug, result, role === 'admin' ? 'organisations.manage.madeAdmin' : 'organisations.manage.madeMember');
    });
  }

  app.post<MemberParams>('/organisations/:slug/members/:handle/remove', async (request, reply) => {
    const target = await managed(request, reply);
    if (!target) return reply;
    const result = await removeMembership(app.db, target.organisation.id, target.userId);
    return afterChange(reply, target.organisation.slug, result, 'organisations.manage.removed');
  });

  // ---- My organisations -------------------------------------------------------------------

  app.get('/settings/organisations', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const page = pageNumber(request);
    const { memberships, hasNext } = await myOrganisations(app.db, request.viewer.id, page);
    return html(reply).send(<MyOrganisationsPage page={pageContext(request, reply)} memberships={memberships} pageNumber={page} hasNext={hasNext} />);
  });
}

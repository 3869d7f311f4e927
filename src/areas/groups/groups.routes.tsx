import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { t, type MessageKey } from '../../i18n/i18n.ts';
import { requireViewer } from '../../web/app.tsx';
import { pageContext } from '../../web/context.ts';
import { parseForm } from '../../web/forms.ts';
import { rateLimited } from '../../web/limits.ts';
import { MessagePage } from '../../web/layout.tsx';
import { renderMarkdown } from '../../web/markdown.ts';
import { requestedFormat, sendCsv, sendJson, splitFormat, type Format } from '../../web/representations.ts';
import { conversationSection, onConversationEvent } from '../conversations/index.ts';
import { groupEventsSection } from '../events/index.ts';
import { groupPitches } from '../exchange/pitches.queries.ts';
import { GroupPitchesSection } from '../exchange/pitches.views.tsx';
import { groupKnowledgeSection } from '../knowledge/index.ts';
import { groupSubject } from './group.subject.ts';
import {
  acceptInvitation,
  createGroup,
  decideRequest,
  hashToken,
  inviteByEmail,
  joinGroup,
  removeMember,
  setRole,
  updateGroup,
  type MembershipResult,
} from './groups.commands.ts';
import { directoryQuery, groupForm, handlePattern, inviteForm, parseDirectoryQuery, slugPattern, tokenPattern } from './groups.forms.ts';
import { findGroup, findInvitation, groupFormValues, listGroups, type GroupDetail, type GroupSummary } from './groups.queries.ts';
import { groupListSchema, groupSchema, type GroupJson, type GroupSummaryJson } from './groups.schemas.ts';
import { DirectoryPage, GroupFormPage, GroupPage, InvitationPage, InvitePage, groupPath } from './groups.views.tsx';
import { canDeleteGroup } from './groups.policy.ts';
import { returnPageOf } from './life.forms.ts';
import { tellMembersOfPost } from './life.notify.ts';
import { groupActivity, notifyChoiceOf, pinnedItems, type PinnedItem } from './life.queries.ts';
import { groupLifeRoutes } from './life.routes.tsx';
import { GroupNav, NotifySection, PinnedSection, RecentActivitySection } from './life.views.tsx';

type SlugParams = { Params: { slug: string } };
type MemberParams = { Params: { slug: string; handle: string } };
type TokenParams = { Params: { token: string } };

const csvColumns = ['slug', 'name', 'purpose', 'visibility', 'tags', 'place', 'local_authority_code', 'local_authority_name', 'member_count', 'url'];

function html(reply: FastifyReply, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8');
}

function pageNumber(request: FastifyRequest) {
  const raw = Number((request.query as Record<string, unknown> | undefined)?.page ?? 1);
  return Number.isInteger(raw) && raw > 0 && raw <= 10000 ? raw : 1;
}

/**
 * Facilitators invite to any group; members only to open groups, which anyone may join anyway
 * (an invitation skips a closed group's approval, so that stays with its facilitators).
 */
function canInvite(group: GroupDetail): boolean {
  return group.canFacilitate || (group.visibility === 'open' && group.standing?.status === 'active');
}

/** Latest items in the short activity list on a group's page. */
const recentShown = 5;

export async function groupsArea(app: FastifyInstance) {
  app.subjects.register(groupSubject);
  // Members hear of new posts in the group's conversation as each of them chose.
  onConversationEvent(app, 'post-created', async ({ subject, postId, authorId }) => {
    if (subject.type === 'group') await tellMembersOfPost(app, subject.id, postId, authorId);
  });
  const publicUrl = app.config.publicUrl;
  const mailContext = () => ({ hubName: app.hub.name(), publicUrl });
  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    app.showMessage(request, reply, 404, { title: 'error.notFound.title', body: 'error.notFound.body' });
  const forbidden = (request: FastifyRequest, reply: FastifyReply) =>
    app.showMessage(request, reply, 403, { title: 'error.forbidden.title', body: 'error.forbidden.body' });

  /** Anything about a closed or secret group is for the viewer alone: no shared cache keeps it. */
  const privateUnlessOpen = (reply: FastifyReply, visibility: string) => {
    if (visibility !== 'open') reply.header('cache-control', 'private, no-store');
  };

  const summaryJson = (group: GroupSummary): GroupSummaryJson => ({
    slug: group.slug,
    name: group.name,
    purpose: group.purpose,
    visibility: group.visibility,
    tags: group.tags,
    place: group.place,
    localAuthority: group.localAuthority,
    memberCount: group.memberCount,
    createdAt: group.createdAt.toISOString(),
    url: `${publicUrl}${groupPath(group.slug)}`,
  });

  const person = (p: GroupDetail['facilitators'][number]) => ({ handle: p.handle, name: p.name, role: p.role, url: `${publicUrl}/members/${p.handle}` });

  const pinnedJson = (items: PinnedItem[]) =>
    items.map((item) => ({ type: item.type, title: item.title, excerpt: item.excerpt, url: `${publicUrl}${item.path}`, pinnedAt: item.pinnedAt.toISOString() }));

  const detailJson = (group: GroupDetail, pinned: PinnedItem[]): GroupJson => ({
    ...summaryJson(group),
    parent: group.parent ? { ...group.parent, url: `${publicUrl}${groupPath(group.parent.slug)}` } : null,
    facilitators: group.facilitators.map(person),
    canSeeContent: group.canSeeContent,
    description: group.canSeeContent ? group.description : null,
    descriptionHtml: group.canSeeContent ? (group.description ? renderMarkdown(group.description) : '') : null,
    members: group.canSeeContent ? group.members.map(person) : null,
    membersPage: group.membersPage,
    membersNextPage: group.membersHasNext ? group.membersPage + 1 : null,
    subgroups: group.subgroups.map((s) => ({ slug: s.slug, name: s.name, visibility: s.visibility, url: `${publicUrl}${groupPath(s.slug)}` })),
    pinned: group.canSeeContent ? pinnedJson(pinned) : null,
  });

  // ---- Directory --------------------------------------------------------------------------

  app.apiDocs.add({
    method: 'get',
    path: '/groups.json',
    summary: 'List groups',
    description:
      'Groups the caller may know about, 20 a page, newest first; secret groups appear only to their members. The same list is available as CSV at /groups.csv.',
    tag: 'Groups',
    auth: 'optional',
    query: directoryQuery,
    response: groupListSchema,
    alsoAs: ['text/csv'],
  });

  async function directory(request: FastifyRequest, reply: FastifyReply, suffix?: Format) {
    const format = requestedFormat(request, suffix);
    const parsed = parseDirectoryQuery(request.query);
    if (!parsed.ok) return app.showMessage(request, reply, 400, { title: 'groups.badFilter.title', body: 'groups.badFilter.body' });
    const { groups, hasNext } = await listGroups(app.db, request.viewer, parsed.filters, parsed.page);
    // The list depends on who asks (secret groups), so it is never shared between people.
    if (request.viewer) reply.header('cache-control', 'private, no-store');
    if (format === 'json') {
      return sendJson(reply, groupListSchema, { groups: groups.map(summaryJson), page: parsed.page, nextPage: hasNext ? parsed.page + 1 : null });
    }
    if (format === 'csv') {
      return sendCsv(
        reply,
        'groups',
        csvColumns,
        groups.map((group) => ({
          ...summaryJson(group),
          member_count: group.memberCount,
          local_authority_code: group.localAuthority?.code,
          local_authority_name: group.localAuthority?.name,
        })),
      );
    }
    if (format !== 'html') return notFound(request, reply);
    return html(reply).send(<DirectoryPage page={pageContext(request, reply)} filters={parsed.filters} groups={groups} pageNumber={parsed.page} hasNext={hasNext} />);
  }

  app.get('/groups', (request, reply) => directory(request, reply));
  app.get('/groups.json', (request, reply) => directory(request, reply, 'json'));
  app.get('/groups.csv', (request, reply) => directory(request, reply, 'csv'));

  // ---- Create -----------------------------------------------------------------------------

  const newForm = (request: FastifyRequest, reply: FastifyReply, status = 200, values?: Record<string, unknown>, errors?: Record<string, string>) =>
    html(reply, status).send(
      <GroupFormPage
        page={pageContext(request, reply)}
        title={t('groups.new.title')}
        intro={t('groups.new.intro')}
        action="/groups/new"
        submit={t('groups.new.submit')}
        cancel="/groups"
        values={values}
        errors={errors}
      />,
    );

  app.get('/groups/new', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    return newForm(request, reply);
  });

  app.post('/groups/new', { config: rateLimited(app, 30, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const parsed = parseForm(groupForm, request.body);
    if (!parsed.ok) return newForm(request, reply, 400, parsed.values, parsed.errors);
    const created = await createGroup(app.db, request.viewer.id, parsed.data);
    if (!created.ok) return notFound(request, reply);
    reply.flash('success', t('groups.new.done', { name: parsed.data.name }));
    return reply.redirect(groupPath(created.slug), 303);
  });

  // ---- One group --------------------------------------------------------------------------

  app.apiDocs.add({
    method: 'get',
    path: '/groups/{slug}.json',
    summary: 'One group',
    description:
      'Its name, purpose and facilitators; for open groups, and for members of closed and secret ones, also its description, members (50 a page) and sub-groups. A secret group is "not found" for anyone else.',
    tag: 'Groups',
    auth: 'optional',
    params: z.object({ slug: z.string().describe('The last part of the group’s address.') }),
    query: z.object({ page: z.coerce.number().int().min(1).optional().describe('Page of the member list, from 1.') }),
    response: groupSchema,
  });

  app.get<SlugParams>('/groups/:slug', async (request, reply) => {
    const { name: slug, format: suffix } = splitFormat(request.params.slug);
    const format = requestedFormat(request, suffix);
    if (!slugPattern.test(slug) || (format !== 'html' && format !== 'json')) return notFound(request, reply);
    const group = await findGroup(app.db, slug, request.viewer, pageNumber(request));
    if (!group) return notFound(request, reply);
    privateUnlessOpen(reply, group.visibility);
    const pinned = group.canSeeContent ? await pinnedItems(app.db, request.viewer, group.id) : [];
    if (format === 'json') return sendJson(reply, groupSchema, detailJson(group, pinned));
    if (!group.canSeeContent) {
      return html(reply).send(<GroupPage page={pageContext(request, reply)} group={group} conversation={''} canInvite={canInvite(group)} />);
    }
    const conversation = await conversationSection(app, request, reply, { type: 'group', id: group.id });
    const pitches = <GroupPitchesSection groupSlug={group.slug} pitches={await groupPitches(app.db, request.viewer, group.id)} />;
    const knowledge = await groupKnowledgeSection(app.db, request.viewer, group);
    const events = await groupEventsSection(app, request.viewer, group);
    const page = pageContext(request, reply);
    const { items: recent } = await groupActivity(app.db, request.viewer, group, 1, recentShown);
    const viewer = request.viewer;
    const choice = viewer && group.standing?.status === 'active' ? await notifyChoiceOf(app.db, group.id, viewer.id) : null;
    return html(reply).send(
      <GroupPage
        page={page}
        group={group}
        conversation={conversation}
        canInvite={canInvite(group)}
        pitches={pitches}
        knowledge={knowledge}
        events={events}
        nav={<GroupNav group={group} current="overview" />}
        pinned={<PinnedSection page={page} group={group} items={pinned} />}
        recent={<RecentActivitySection page={page} group={group} items={recent} />}
        notify={choice ? <NotifySection page={page} slug={group.slug} value={choice} canEmail={viewer!.emailVerified} /> : ''}
        canDelete={canDeleteGroup(viewer, group.standing, group)}
      />,
    );
  });

  /** The group of the route as this signed-in viewer sees it; otherwise the reply is already sent. */
  async function forViewer(request: FastifyRequest<{ Params: { slug: string } }>, reply: FastifyReply): Promise<GroupDetail | undefined> {
    if (!requireViewer(request, reply)) return undefined;
    const group = slugPattern.test(request.params.slug) ? await findGroup(app.db, request.params.slug, request.viewer) : undefined;
    if (!group) notFound(request, reply);
    else privateUnlessOpen(reply, group.visibility);
    return group;
  }

  async function facilitated(request: FastifyRequest<{ Params: { slug: string } }>, reply: FastifyReply): Promise<GroupDetail | undefined> {
    const group = await forViewer(request, reply);
    if (!group) return undefined;
    if (!group.canFacilitate) {
      forbidden(request, reply);
      return undefined;
    }
    return group;
  }

  // ---- Edit -------------------------------------------------------------------------------

  const editForm = (request: FastifyRequest, reply: FastifyReply, group: GroupDetail, status: number, values: Record<string, unknown>, errors?: Record<string, string>) =>
    html(reply, status).send(
      <GroupFormPage
        page={pageContext(request, reply)}
        title={t('groups.edit.title', { name: group.name })}
        action={`${groupPath(group.slug)}/edit`}
        submit={t('groups.edit.submit')}
        cancel={groupPath(group.slug)}
        values={values}
        errors={errors}
      />,
    );

  app.get<SlugParams>('/groups/:slug/edit', async (request, reply) => {
    const group = await facilitated(request, reply);
    if (!group) return reply;
    return editForm(request, reply, group, 200, await groupFormValues(app.db, group.id));
  });

  app.post<SlugParams>('/groups/:slug/edit', async (request, reply) => {
    const group = await facilitated(request, reply);
    if (!group) return reply;
    const parsed = parseForm(groupForm, request.body);
    if (!parsed.ok) return editForm(request, reply, group, 400, parsed.values, parsed.errors);
    const result = await updateGroup(app.db, group.id, parsed.data);
    if (!result.ok) {
      if (result.error === 'not-found') return notFound(request, reply);
      const error = result.error === 'wider-than-parent' ? 'groups.field.visibility.widerThanParent' : 'groups.field.visibility.narrowerThanSubgroup';
      return editForm(request, reply, group, 400, request.body as Record<string, unknown>, { visibility: error });
    }
    reply.flash('success', t('groups.edit.done'));
    return reply.redirect(groupPath(group.slug), 303);
  });

  // ---- Sub-groups -------------------------------------------------------------------------

  const subgroupForm = (request: FastifyRequest, reply: FastifyReply, parent: GroupDetail, status: number, values?: Record<string, unknown>, errors?: Record<string, string>) =>
    html(reply, status).send(
      <GroupFormPage
        page={pageContext(request, reply)}
        title={t('groups.subgroup.title', { name: parent.name })}
        intro={t('groups.subgroup.intro')}
        action={`${groupPath(parent.slug)}/subgroups/new`}
        submit={t('groups.subgroup.submit')}
        cancel={groupPath(parent.slug)}
        values={values ?? { visibility: parent.visibility }}
        errors={errors}
      />,
    );

  app.get<SlugParams>('/groups/:slug/subgroups/new', async (request, reply) => {
    const parent = await facilitated(request, reply);
    if (!parent) return reply;
    return subgroupForm(request, reply, parent, 200);
  });

  app.post<SlugParams>('/groups/:slug/subgroups/new', { config: rateLimited(app, 30, '1 hour') }, async (request, reply) => {
    const parent = await facilitated(request, reply);
    if (!parent) return reply;
    const parsed = parseForm(groupForm, request.body);
    if (!parsed.ok) return subgroupForm(request, reply, parent, 400, parsed.values, parsed.errors);
    const created = await createGroup(app.db, request.viewer!.id, parsed.data, parent.id);
    if (!created.ok) {
      if (created.error === 'parent-gone') return notFound(request, reply);
      return subgroupForm(request, reply, parent, 400, request.body as Record<string, unknown>, { visibility: 'groups.field.visibility.widerThanParent' });
    }
    reply.flash('success', t('groups.new.done', { name: parsed.data.name }));
    return reply.redirect(groupPath(created.slug), 303);
  });

  // ---- Joining and leaving ----------------------------------------------------------------

  app.post<SlugParams>('/groups/:slug/join', { config: rateLimited(app, 30, '1 hour') }, async (request, reply) => {
    const group = await forViewer(request, reply);
    if (!group) return reply;
    const result = await joinGroup(app.db, group.id, request.viewer!.id);
    const name = { name: group.name };
    if (result.ok) reply.flash('success', t(result.status === 'active' ? 'groups.join.done' : 'groups.join.asked', name));
    else if (result.error === 'already-member') reply.flash('info', t('groups.join.alreadyMember', name));
    else if (result.error === 'already-asked') reply.flash('info', t('groups.join.alreadyAsked', name));
    else return notFound(request, reply);
    return reply.redirect(groupPath(group.slug), 303);
  });

  app.post<SlugParams>('/groups/:slug/leave', async (request, reply) => {
    const group = await forViewer(request, reply);
    if (!group) return reply;
    const result = await removeMember(app.db, group.id, request.viewer!.id);
    if (result.ok) {
      reply.flash('success', t(result.wasPending ? 'groups.join.withdrawn' : 'groups.leave.done', { name: group.name }));
      // After leaving a secret group its page no longer exists for them.
      return reply.redirect(group.visibility === 'secret' && !result.wasPending ? '/groups' : groupPath(group.slug), 303);
    }
    reply.flash('warning', t(result.error === 'last-facilitator' ? 'groups.lastFacilitator' : 'groups.manage.gone'));
    return reply.redirect(groupPath(group.slug), 303);
  });

  // ---- Managing members -------------------------------------------------------------------

  async function managed(request: FastifyRequest<MemberParams>, reply: FastifyReply) {
    const group = await facilitated(request, reply);
    if (!group) return undefined;
    const { handle } = request.params;
    const member = handlePattern.test(handle) ? await app.db.selectFrom('users').select('id').where('handle', '=', handle).executeTakeFirst() : undefined;
    if (!member) {
      notFound(request, reply);
      return undefined;
    }
    return { group, userId: member.id };
  }

  /** Back to the page the form was on: the group page, or its members or attention page. */
  function afterChange(request: FastifyRequest, reply: FastifyReply, slug: string, result: MembershipResult, done: MessageKey) {
    if (result.ok) reply.flash('success', t(done, { name: result.name }));
    else reply.flash('warning', t(result.error === 'last-facilitator' ? 'groups.lastFacilitator' : 'groups.manage.gone'));
    const back = returnPageOf(request.body);
    return reply.redirect(back ? `${groupPath(slug)}/${back}` : groupPath(slug), 303);
  }

  for (const approve of [true, false]) {
    app.post<MemberParams>(`/groups/:slug/members/:handle/${approve ? 'approve' : 'decline'}`, async (request, reply) => {
      const target = await managed(request, reply);
      if (!target) return reply;
      const result = await decideRequest(app.db, target.group.id, target.userId, approve);
      return afterChange(request, reply, target.group.slug, result, approve ? 'groups.manage.approved' : 'groups.manage.declined');
    });
  }

  for (const role of ['facilitator', 'member'] as const) {
    app.post<MemberParams>(`/groups/:slug/members/:handle/make-${role}`, async (request, reply) => {
      const target = await managed(request, reply);
      if (!target) return reply;
      const result = await setRole(app.db, target.group.id, target.userId, role);
      return afterChange(request, reply, target.group.slug, result, role === 'facilitator' ? 'groups.manage.madeFacilitator' : 'groups.manage.madeMember');
    });
  }

  app.post<MemberParams>('/groups/:slug/members/:handle/remove', async (request, reply) => {
    const target = await managed(request, reply);
    if (!target) return reply;
    const result = await removeMember(app.db, target.group.id, target.userId);
    return afterChange(request, reply, target.group.slug, result, 'groups.manage.removed');
  });

  // ---- Invitations ------------------------------------------------------------------------

  async function inviter(request: FastifyRequest<SlugParams>, reply: FastifyReply) {
    const group = await forViewer(request, reply);
    if (!group) return undefined;
    if (!canInvite(group)) {
      forbidden(request, reply);
      return undefined;
    }
    return group;
  }

  app.get<SlugParams>('/groups/:slug/invite', async (request, reply) => {
    const group = await inviter(request, reply);
    if (!group) return reply;
    return html(reply).send(<InvitePage page={pageContext(request, reply)} group={group} />);
  });

  app.post<SlugParams>('/groups/:slug/invite', { config: rateLimited(app, 50, '1 hour') }, async (request, reply) => {
    const group = await inviter(request, reply);
    if (!group) return reply;
    const parsed = parseForm(inviteForm, request.body);
    if (!parsed.ok) return html(reply, 400).send(<InvitePage page={pageContext(request, reply)} group={group} values={parsed.values} errors={parsed.errors} />);
    const viewer = request.viewer!;
    await inviteByEmail(app.db, app.mailer, mailContext(), group, { id: viewer.id, name: viewer.displayName }, parsed.data.email);
    reply.flash('success', t('groups.invite.done', { email: parsed.data.email }));
    return reply.redirect(groupPath(group.slug), 303);
  });

  const invitationGone = (request: FastifyRequest, reply: FastifyReply) =>
    html(reply, 410).send(<MessagePage page={pageContext(request, reply)} title={t('groups.invitation.invalid.title')} body={t('groups.invitation.invalid.body')} />);

  app.get<TokenParams>('/invitations/:token', async (request, reply) => {
    // The address is the secret: no cache, and no referrer for links followed from here.
    reply.header('cache-control', 'private, no-store').header('referrer-policy', 'no-referrer');
    const { token } = request.params;
    const invitation = tokenPattern.test(token) ? await findInvitation(app.db, hashToken(token)) : undefined;
    if (!invitation) return notFound(request, reply);
    if (invitation.used || invitation.expired) return invitationGone(request, reply);
    const viewer = request.viewer;
    const membership = viewer
      ? await app.db
          .selectFrom('group_members')
          .select('status')
          .where('group_id', '=', invitation.groupId)
          .where('user_id', '=', viewer.id)
          .executeTakeFirst()
      : undefined;
    return html(reply).send(<InvitationPage page={pageContext(request, reply)} invitation={invitation} token={token} isMember={membership?.status === 'active'} />);
  });

  await groupLifeRoutes(app);

  app.post<TokenParams>('/invitations/:token/accept', { config: rateLimited(app, 30, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const { token } = request.params;
    if (!tokenPattern.test(token)) return notFound(request, reply);
    const result = await acceptInvitation(app.db, hashToken(token), request.viewer.id);
    if (!result.ok) return invitationGone(request, reply);
    reply.flash('success', t('groups.join.done', { name: result.name }));
    return reply.redirect(groupPath(result.slug), 303);
  });
}

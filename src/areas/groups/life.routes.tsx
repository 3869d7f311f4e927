import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { t } from '../../i18n/i18n.ts';
import { requireViewer } from '../../web/app.tsx';
import { pageContext } from '../../web/context.ts';
import { sendAtom, sendRss, type Feed } from '../../web/feeds.ts';
import { parseForm } from '../../web/forms.ts';
import { rateLimited } from '../../web/limits.ts';
import { sendCsv, sendJson } from '../../web/representations.ts';
import { slugPattern } from './groups.forms.ts';
import { groupPath } from './groups.views.tsx';
import { removeStoredFile } from '../knowledge/knowledge.files.ts';
import { deleteGroup, pin, sendGroupMessage, setNotifyChoice, unpin } from './life.commands.ts';
import { deleteForm, messageForm, notifyForm, pageOf, pinForm } from './life.forms.ts';
import {
  activityFeedSize,
  activitySummary,
  deletionOutline,
  groupAccess,
  groupActivity,
  groupMembers,
  messageRecipientCount,
  notifyChoiceOf,
  openGroupFlags,
  recentMessages,
  unansweredPosts,
  waitingRequests,
  type GroupAccess,
} from './life.queries.ts';
import { groupActivitySchema, groupMembersSchema } from './life.schemas.ts';
import { ActivityPage, AttentionPage, DeletePage, MembersPage, MessagePage, NotifyPage, activitySentence } from './life.views.tsx';

type SlugParams = { Params: { slug: string } };

const memberCsvColumns = ['handle', 'name', 'role', 'joined_at', 'url'];

function html(reply: FastifyReply, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8');
}

/** The same words, whatever the spacing and capitals: what someone typing a name to confirm means. */
function sameName(a: string, b: string) {
  const norm = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();
  return norm(a) === norm(b);
}

/**
 * A group's activity (page, JSON, RSS, Atom) and member list (page, JSON, CSV) for those who may
 * see its content; for its facilitators, what needs attention, a message to every member, pins and
 * deleting; for each member, how they hear of new posts.
 *
 * Who may reach what: anything about a group's content answers 404 to whoever may not see it (as
 * the group page hides it), feeds included, since a feed reader cannot sign in. The facilitators'
 * pages answer 403 to those who may see the group but not run it, and 404 where the group itself
 * is hidden (a secret group, to anyone outside it).
 */
export async function groupLifeRoutes(app: FastifyInstance) {
  const publicUrl = app.config.publicUrl;
  const mailContext = () => ({ hubName: app.hub.name(), publicUrl });
  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    app.showMessage(request, reply, 404, { title: 'error.notFound.title', body: 'error.notFound.body' });
  const forbidden = (request: FastifyRequest, reply: FastifyReply) =>
    app.showMessage(request, reply, 403, { title: 'error.forbidden.title', body: 'error.forbidden.body' });
  const badRequest = (request: FastifyRequest, reply: FastifyReply) =>
    app.showMessage(request, reply, 400, { title: 'error.badRequest.title', body: 'error.badRequest.body' });

  async function find(request: FastifyRequest<SlugParams>): Promise<GroupAccess | undefined> {
    const slug = request.params.slug;
    return slugPattern.test(slug) ? groupAccess(app.db, request.viewer, slug) : undefined;
  }

  /** What depends on who asks is never kept by a shared cache. */
  function personal(request: FastifyRequest, reply: FastifyReply, group: GroupAccess) {
    if (group.visibility !== 'open' || request.viewer) reply.header('cache-control', 'private, no-store');
  }

  /** The group, when this viewer may see its content; otherwise a 404 is already sent. */
  async function withContent(request: FastifyRequest<SlugParams>, reply: FastifyReply): Promise<GroupAccess | undefined> {
    const group = await find(request);
    if (!group || !group.canSeeContent) {
      notFound(request, reply);
      return undefined;
    }
    personal(request, reply, group);
    return group;
  }

  /** The group, when the signed-in viewer facilitates it (or administers the hub). */
  async function facilitated(request: FastifyRequest<SlugParams>, reply: FastifyReply): Promise<GroupAccess | undefined> {
    if (!requireViewer(request, reply)) return undefined;
    const group = await find(request);
    if (!group) {
      notFound(request, reply);
      return undefined;
    }
    reply.header('cache-control', 'private, no-store');
    if (!group.canFacilitate) {
      forbidden(request, reply);
      return undefined;
    }
    return group;
  }

  const groupRef = (group: GroupAccess) => ({ slug: group.slug, name: group.name, url: `${publicUrl}${groupPath(group.slug)}` });
  const slugParam = z.object({ slug: z.string().describe('The last part of the group’s address.') });
  const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(10000).optional().describe('Page number, from 1.') });

  // ---- Activity ------------------------------------------------------------------------------

  app.apiDocs.add({
    method: 'get',
    path: '/groups/{slug}/activity.json',
    summary: 'What happened in a group',
    description:
      'New posts and replies in its conversation, pitches posted into it, members joining and sub-groups started, newest first, 20 a page. Only for those who may see the group’s content (everyone for an open group; members for closed and secret ones); anyone else gets 404. Also as RSS and Atom at /groups/{slug}/activity.rss and .atom.',
    tag: 'Groups',
    auth: 'optional',
    params: slugParam,
    query: pageQuery,
    response: groupActivitySchema,
    alsoAs: ['application/rss+xml', 'application/atom+xml'],
  });

  async function activity(request: FastifyRequest<SlugParams>, reply: FastifyReply, format: 'html' | 'json' | 'rss' | 'atom') {
    const group = await withContent(request, reply);
    if (!group) return reply;
    const page = pageOf(request.query);
    if (page === null) return format === 'html' ? notFound(request, reply) : badRequest(request, reply);
    const path = `${groupPath(group.slug)}/activity`;
    if (format === 'rss' || format === 'atom') {
      // An open group's feed is the same for everyone; a closed or secret one's is its member's own.
      const viewer = group.visibility === 'open' ? null : request.viewer;
      const { items } = await groupActivity(app.db, viewer, group, 1, activityFeedSize);
      const title = t('groups.activity.title', { name: group.name });
      const data: Feed = {
        title: `${title} – ${app.hub.name()}`,
        link: `${publicUrl}${path}`,
        self: `${publicUrl}${path}.${format}`,
        description: t('groups.activity.feed', { name: group.name, hub: app.hub.name() }),
        items: items.map((item) => ({
          title: activitySentence(item, group.name),
          link: `${publicUrl}${item.path}`,
          guid: `${publicUrl}${path}#${item.kind}-${item.itemId}`,
          published: item.at,
          summary: item.excerpt || activitySentence(item, group.name),
          author: item.actor?.name ?? null,
        })),
      };
      return format === 'rss' ? sendRss(reply, data) : sendAtom(reply, data);
    }
    const { items, hasNext } = await groupActivity(app.db, request.viewer, group, page);
    if (format === 'json') {
      return sendJson(reply, groupActivitySchema, {
        group: groupRef(group),
        activity: items.map((item) => ({
          kind: item.kind,
          text: activitySentence(item, group.name),
          excerpt: item.excerpt,
          actor: item.actor ? { ...item.actor, url: `${publicUrl}/members/${item.actor.handle}` } : null,
          url: `${publicUrl}${item.path}`,
          at: item.at.toISOString(),
          pinned: item.pinned,
        })),
        page,
        nextPage: hasNext ? page + 1 : null,
      });
    }
    return html(reply).send(<ActivityPage page={pageContext(request, reply)} group={group} items={items} pageNumber={page} hasNext={hasNext} />);
  }

  app.get<SlugParams>('/groups/:slug/activity', (request, reply) => activity(request, reply, 'html'));
  for (const format of ['json', 'rss', 'atom'] as const) {
    app.get<SlugParams>(`/groups/:slug/activity.${format}`, (request, reply) => activity(request, reply, format));
  }

  // ---- Members -------------------------------------------------------------------------------

  app.apiDocs.add({
    method: 'get',
    path: '/groups/{slug}/members.json',
    summary: 'Members of a group',
    description:
      'Current members, facilitators first, then by name, 50 a page. Only for those who may see the group’s content; anyone else gets 404. Also as CSV at /groups/{slug}/members.csv.',
    tag: 'Groups',
    auth: 'optional',
    params: slugParam,
    query: pageQuery,
    response: groupMembersSchema,
    alsoAs: ['text/csv'],
  });

  async function members(request: FastifyRequest<SlugParams>, reply: FastifyReply, format: 'html' | 'json' | 'csv') {
    const group = await withContent(request, reply);
    if (!group) return reply;
    const page = pageOf(request.query);
    if (page === null) return format === 'html' ? notFound(request, reply) : badRequest(request, reply);
    const { members: rows, hasNext } = await groupMembers(app.db, group.id, page);
    const person = (row: (typeof rows)[number]) => ({
      handle: row.handle,
      name: row.name,
      role: row.role,
      joinedAt: row.joinedAt.toISOString(),
      url: `${publicUrl}/members/${row.handle}`,
    });
    if (format === 'json') {
      return sendJson(reply, groupMembersSchema, { group: groupRef(group), members: rows.map(person), page, nextPage: hasNext ? page + 1 : null });
    }
    if (format === 'csv') {
      return sendCsv(
        reply,
        `${group.slug}-members`,
        memberCsvColumns,
        rows.map((row) => ({ ...person(row), joined_at: row.joinedAt })),
      );
    }
    const requests = group.canFacilitate && page === 1 ? await waitingRequests(app.db, group.id) : null;
    return html(reply).send(<MembersPage page={pageContext(request, reply)} group={group} members={rows} pageNumber={page} hasNext={hasNext} requests={requests} />);
  }

  app.get<SlugParams>('/groups/:slug/members', (request, reply) => members(request, reply, 'html'));
  app.get<SlugParams>('/groups/:slug/members.json', (request, reply) => members(request, reply, 'json'));
  app.get<SlugParams>('/groups/:slug/members.csv', (request, reply) => members(request, reply, 'csv'));

  // ---- How a member hears of the group -------------------------------------------------------

  /** The group of an active member (the only ones the choice is for). */
  async function asMember(request: FastifyRequest<SlugParams>, reply: FastifyReply): Promise<GroupAccess | undefined> {
    if (!requireViewer(request, reply)) return undefined;
    const group = await find(request);
    if (!group || !group.canSeeContent) {
      notFound(request, reply);
      return undefined;
    }
    reply.header('cache-control', 'private, no-store');
    if (group.standing?.status !== 'active') {
      app.showMessage(request, reply, 403, { title: 'groups.notify.notMember.title', body: 'groups.notify.notMember.body' });
      return undefined;
    }
    return group;
  }

  app.get<SlugParams>('/groups/:slug/notifications', async (request, reply) => {
    const group = await asMember(request, reply);
    if (!group) return reply;
    const choice = await notifyChoiceOf(app.db, group.id, request.viewer!.id);
    return html(reply).send(<NotifyPage page={pageContext(request, reply)} group={group} values={{ notify: choice ?? 'daily' }} canEmail={request.viewer!.emailVerified} />);
  });

  app.post<SlugParams>('/groups/:slug/notifications', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
    const group = await asMember(request, reply);
    if (!group) return reply;
    const parsed = parseForm(notifyForm, request.body);
    if (!parsed.ok) {
      return html(reply, 400).send(
        <NotifyPage page={pageContext(request, reply)} group={group} values={parsed.values} errors={parsed.errors} canEmail={request.viewer!.emailVerified} />,
      );
    }
    const result = await setNotifyChoice(app.db, group.id, request.viewer!.id, parsed.data.notify);
    if (!result.ok) return forbidden(request, reply);
    reply.flash('success', t(`groups.notify.saved.${parsed.data.notify}`, { name: group.name }));
    const back = (request.body as Record<string, unknown>).back === 'group';
    return reply.redirect(back ? groupPath(group.slug) : `${groupPath(group.slug)}/notifications`, 303);
  });

  // ---- For facilitators ----------------------------------------------------------------------

  app.get<SlugParams>('/groups/:slug/attention', async (request, reply) => {
    const group = await facilitated(request, reply);
    if (!group) return reply;
    const [requests, unanswered, flags, weeks, messages] = [
      await waitingRequests(app.db, group.id),
      await unansweredPosts(app.db, group.id),
      await openGroupFlags(app.db, group.id),
      await activitySummary(app.db, group.id),
      await recentMessages(app.db, group.id),
    ];
    return html(reply).send(
      <AttentionPage page={pageContext(request, reply)} group={group} requests={requests} unanswered={unanswered} flags={flags} weeks={weeks} messages={messages} />,
    );
  });

  const messagePage = async (request: FastifyRequest, reply: FastifyReply, group: GroupAccess, status: number, values?: Record<string, unknown>, errors?: Record<string, string>) =>
    html(reply, status).send(
      <MessagePage
        page={pageContext(request, reply)}
        group={group}
        recipients={await messageRecipientCount(app.db, group.id)}
        messages={await recentMessages(app.db, group.id)}
        values={values}
        errors={errors}
      />,
    );

  app.get<SlugParams>('/groups/:slug/message', async (request, reply) => {
    const group = await facilitated(request, reply);
    if (!group) return reply;
    return messagePage(request, reply, group, 200);
  });

  app.post<SlugParams>('/groups/:slug/message', { config: rateLimited(app, 20, '1 hour') }, async (request, reply) => {
    const group = await facilitated(request, reply);
    if (!group) return reply;
    const parsed = parseForm(messageForm, request.body);
    if (!parsed.ok) return messagePage(request, reply, group, 400, parsed.values, parsed.errors);
    const viewer = request.viewer!;
    const result = await sendGroupMessage(app.db, app.mailer, mailContext(), group, { id: viewer.id, name: viewer.displayName }, parsed.data);
    if (!result.ok) return messagePage(request, reply, group, 429, request.body as Record<string, unknown>, { _form: 'groups.message.tooMany' });
    reply.flash('success', t(result.recipients === 1 ? 'groups.message.done.one' : 'groups.message.done', { count: result.recipients }));
    return reply.redirect(groupPath(group.slug), 303);
  });

  // Pins: what the facilitators put at the top of the group page.
  for (const action of ['pin', 'unpin'] as const) {
    app.post<SlugParams>(`/groups/:slug/pins${action === 'unpin' ? '/remove' : ''}`, { config: rateLimited(app, 120, '1 hour') }, async (request, reply) => {
      const group = await facilitated(request, reply);
      if (!group) return reply;
      const parsed = parseForm(pinForm, request.body);
      if (!parsed.ok) return badRequest(request, reply);
      const subject = { type: parsed.data.subjectType, id: parsed.data.subjectId };
      if (action === 'pin') {
        const result = await pin(app.db, group.id, subject, request.viewer!.id);
        if (result.ok) reply.flash('success', t(result.already ? 'groups.pins.already' : 'groups.pins.done'));
        else if (result.error === 'too-many') reply.flash('warning', t('groups.pins.tooMany'));
        else return notFound(request, reply);
      } else {
        await unpin(app.db, group.id, subject);
        reply.flash('success', t('groups.pins.removed'));
      }
      return reply.redirect(parsed.data.back === 'activity' ? `${groupPath(group.slug)}/activity` : groupPath(group.slug), 303);
    });
  }

  // ---- Deleting ------------------------------------------------------------------------------

  async function deletable(request: FastifyRequest<SlugParams>, reply: FastifyReply): Promise<GroupAccess | undefined> {
    const group = await facilitated(request, reply);
    if (!group) return undefined;
    if (!group.canDelete) {
      app.showMessage(request, reply, 403, { title: 'groups.delete.notAllowed.title', body: 'groups.delete.notAllowed.body' });
      return undefined;
    }
    return group;
  }

  const deletePage = async (request: FastifyRequest, reply: FastifyReply, group: GroupAccess, status: number, values?: Record<string, unknown>, errors?: Record<string, string>) =>
    html(reply, status).send(
      <DeletePage page={pageContext(request, reply)} group={group} outline={await deletionOutline(app.db, request.viewer!, group.id)} values={values} errors={errors} />,
    );

  app.get<SlugParams>('/groups/:slug/delete', async (request, reply) => {
    const group = await deletable(request, reply);
    if (!group) return reply;
    return deletePage(request, reply, group, 200);
  });

  app.post<SlugParams>('/groups/:slug/delete', { config: rateLimited(app, 10, '1 hour') }, async (request, reply) => {
    const group = await deletable(request, reply);
    if (!group) return reply;
    const parsed = parseForm(deleteForm, request.body);
    if (!parsed.ok || !sameName(parsed.data.confirm, group.name)) {
      return deletePage(request, reply, group, 400, request.body as Record<string, unknown>, { confirm: 'groups.delete.confirm.mismatch' });
    }
    const result = await deleteGroup(app.db, group.id, request.viewer!.id);
    if (!result.ok) return notFound(request, reply);
    // The rows went with the group; their files go once that is committed.
    for (const stored of result.storedFiles) await removeStoredFile(app.config.uploadsDir, stored);
    reply.flash('success', t('groups.delete.done', { name: result.name }));
    return reply.redirect('/groups', 303);
  });
}

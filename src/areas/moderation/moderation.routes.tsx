import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { t } from '../../i18n/i18n.ts';
import { requireAdmin, requireViewer } from '../../web/app.tsx';
import type { FieldErrors, FormValues } from '../../web/components.tsx';
import { isAdmin, pageContext, type Viewer } from '../../web/context.ts';
import { parseForm } from '../../web/forms.ts';
import { rateLimited } from '../../web/limits.ts';
import { findPost, pageOfPost } from '../conversations/conversations.queries.ts';
import { block, createFlag, dismissFlag, hidePost, restorePost, unblock } from './moderation.commands.ts';
import { flagForm, hideForm, pageParam, parseId } from './moderation.forms.ts';
import { handlesMemberReports, moderatesSubject } from './moderation.policy.ts';
import {
  auditLog,
  blockedBy,
  findFlag,
  isBlocked,
  memberByHandle,
  openFlags,
  openPostFlags,
  queuePageSize,
  recentlyHidden,
  type FlagRecord,
} from './moderation.queries.ts';
import { AuditPage, BlockedPage, FlagFormPage, FlagReviewPage, QueuePage, type QueueItem } from './moderation.views.tsx';

type IdParams = { Params: { id: string } };
type HandleParams = { Params: { handle: string } };
type SignedIn = FastifyRequest & { viewer: Viewer };

const flagsPerHour = 30;
const blockedPageSize = 50;

function html(reply: FastifyReply, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8');
}

function describeFlag(flag: FlagRecord): string {
  return flag.subjectType === 'post'
    ? t('moderation.queue.post', { name: flag.postAuthorName ?? t('moderation.someone') })
    : t('moderation.queue.member', { name: flag.memberName ?? t('moderation.someone') });
}

function queueItem(flag: FlagRecord): QueueItem {
  return { id: flag.id, what: describeFlag(flag), reason: flag.reason, reportedBy: flag.reporterName ?? t('moderation.someone'), createdAt: flag.createdAt };
}

export async function moderationArea(app: FastifyInstance) {
  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    app.showMessage(request, reply, 404, { title: 'error.notFound.title', body: 'error.notFound.body' });
  const forbidden = (request: FastifyRequest, reply: FastifyReply) =>
    app.showMessage(request, reply, 403, { title: 'error.forbidden.title', body: 'error.forbidden.body' });

  /** A post whose conversation this viewer may see. */
  async function visiblePost(viewer: Viewer, idParam: string) {
    const id = parseId(idParam);
    const post = id === null ? undefined : await findPost(app.db, id);
    if (!post || post.deletedAt) return null;
    if (!(await app.subjects.canView(app.db, viewer, post.subject.type, post.subject.id))) return null;
    return post;
  }

  /** May this viewer act on a report: administrators on all, moderators on posts in their subjects. */
  async function mayHandle(viewer: Viewer, flag: FlagRecord) {
    if (flag.subjectType === 'member') return handlesMemberReports(viewer);
    return moderatesSubject(app, viewer, flag.threadType, flag.threadSubjectId);
  }

  // ---- Reporting ---------------------------------------------------------------------------

  function postFlagPage(request: SignedIn, reply: FastifyReply, status: number, postId: number, values: FormValues = {}, errors?: FieldErrors) {
    return html(reply, status).send(
      <FlagFormPage
        page={pageContext(request, reply)}
        title={t('moderation.flag.post.title')}
        intro={t('moderation.flag.post.intro')}
        action={`/posts/${postId}/flag`}
        backHref={`/posts/${postId}`}
        values={values}
        errors={errors}
      />,
    );
  }

  app.get<IdParams>('/posts/:id/flag', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const post = await visiblePost(request.viewer, request.params.id);
    if (!post) return notFound(request, reply);
    return postFlagPage(request, reply, 200, post.id);
  });

  app.post<IdParams>('/posts/:id/flag', { config: rateLimited(app, flagsPerHour, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const post = await visiblePost(request.viewer, request.params.id);
    if (!post) return notFound(request, reply);
    const parsed = parseForm(flagForm, request.body);
    if (!parsed.ok) return postFlagPage(request, reply, 400, post.id, parsed.values, parsed.errors);
    await createFlag(app.db, { subjectType: 'post', subjectId: post.id, reporterId: request.viewer.id, reason: parsed.data.reason });
    reply.flash('success', t('moderation.flag.done'));
    // Straight to the post's place: a flash does not survive a second redirect.
    const subject = (await app.subjects.get(post.subject.type).describe(app.db, [post.subject.id])).get(post.subject.id);
    if (!subject) return reply.redirect(`/posts/${post.id}`, 303);
    const page = await pageOfPost(app.db, post);
    return reply.redirect(`${subject.url}${page > 1 ? `?postsPage=${page}` : ''}#post-${post.id}`, 303);
  });

  async function memberFlagPage(
    request: SignedIn,
    reply: FastifyReply,
    status: number,
    member: { id: number; handle: string; name: string },
    values: FormValues = {},
    errors?: FieldErrors,
  ) {
    const blocked = await isBlocked(app.db, request.viewer.id, member.id);
    return html(reply, status).send(
      <FlagFormPage
        page={pageContext(request, reply)}
        title={t('moderation.flag.member.title', { name: member.name })}
        intro={t('moderation.flag.member.intro')}
        action={`/members/${member.handle}/flag`}
        backHref={`/members/${member.handle}`}
        values={values}
        errors={errors}
        block={{ handle: member.handle, name: member.name, blocked }}
      />,
    );
  }

  /** Another active member named by the route; never the viewer themself. */
  async function otherMember(request: SignedIn) {
    const handle = request.params && (request.params as { handle?: string }).handle;
    if (typeof handle !== 'string' || !/^[a-z0-9][a-z0-9-]{0,39}$/i.test(handle)) return null;
    const member = await memberByHandle(app.db, handle);
    return member && member.id !== request.viewer.id ? member : null;
  }

  app.get<HandleParams>('/members/:handle/flag', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const member = await otherMember(request);
    if (!member) return notFound(request, reply);
    return memberFlagPage(request, reply, 200, member);
  });

  app.post<HandleParams>('/members/:handle/flag', { config: rateLimited(app, flagsPerHour, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const member = await otherMember(request);
    if (!member) return notFound(request, reply);
    const parsed = parseForm(flagForm, request.body);
    if (!parsed.ok) return memberFlagPage(request, reply, 400, member, parsed.values, parsed.errors);
    await createFlag(app.db, { subjectType: 'member', subjectId: member.id, reporterId: request.viewer.id, reason: parsed.data.reason });
    reply.flash('success', t('moderation.flag.done'));
    return reply.redirect(`/members/${member.handle}`, 303);
  });

  // ---- The queue ---------------------------------------------------------------------------

  app.get('/moderation', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const viewer = request.viewer;
    const page = pageParam((request.query as Record<string, unknown>).page);
    let flags: FlagRecord[];
    let hasNext: boolean;
    const hiddenAll = await recentlyHidden(app.db);
    const mine = async <T extends { threadType: string | null; threadSubjectId: number | null }>(items: T[]) => {
      const decided = new Map<string, boolean>();
      const kept: T[] = [];
      for (const item of items) {
        const key = `${item.threadType}:${item.threadSubjectId}`;
        if (!decided.has(key)) decided.set(key, await moderatesSubject(app, viewer, item.threadType, item.threadSubjectId));
        if (decided.get(key)) kept.push(item);
      }
      return kept;
    };
    if (isAdmin(viewer)) {
      ({ flags, hasNext } = await openFlags(app.db, page));
    } else {
      // Subjects live in other areas, each with its own rule: the open reports are checked one subject at a time.
      const all = await mine(await openPostFlags(app.db));
      const hiddenMine = await mine(hiddenAll);
      if (all.length === 0 && hiddenMine.length === 0) return forbidden(request, reply);
      flags = all.slice((page - 1) * queuePageSize, page * queuePageSize);
      hasNext = all.length > page * queuePageSize;
      hiddenAll.splice(0, hiddenAll.length, ...hiddenMine);
    }
    return html(reply).send(
      <QueuePage
        page={pageContext(request, reply)}
        items={flags.map(queueItem)}
        hidden={hiddenAll.slice(0, 50).map((post) => ({ id: post.id, authorName: post.authorName ?? t('moderation.someone'), reason: post.reason ?? '' }))}
        pageNumber={page}
        hasNext={hasNext}
      />,
    );
  });

  async function reviewPage(request: SignedIn, reply: FastifyReply, status: number, flag: FlagRecord, values: FormValues = {}, errors?: FieldErrors) {
    return html(reply, status).send(
      <FlagReviewPage
        page={pageContext(request, reply)}
        flag={{
          id: flag.id,
          what: describeFlag(flag),
          reason: flag.reason,
          reportedBy: flag.reporterName ?? t('moderation.someone'),
          createdAt: flag.createdAt,
          open: flag.status === 'open',
        }}
        post={flag.subjectType === 'post' ? { id: flag.subjectId, hidden: flag.postHiddenAt !== null, deleted: flag.postDeletedAt !== null || flag.threadType === null } : null}
        member={flag.subjectType === 'member' && isAdmin(request.viewer) && flag.memberName ? { name: flag.memberName } : null}
        values={values}
        errors={errors}
      />,
    );
  }

  /** The report named by the route, when this viewer may handle it: 404 unknown, 403 someone else's. */
  async function handledFlag(request: SignedIn, reply: FastifyReply): Promise<FlagRecord | null> {
    const id = parseId((request.params as { id: string }).id);
    const flag = id === null ? undefined : await findFlag(app.db, id);
    if (!flag) {
      await notFound(request, reply);
      return null;
    }
    if (!(await mayHandle(request.viewer, flag))) {
      await forbidden(request, reply);
      return null;
    }
    return flag;
  }

  app.get<IdParams>('/moderation/flags/:id', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const flag = await handledFlag(request, reply);
    if (!flag) return reply;
    return reviewPage(request, reply, 200, flag);
  });

  app.post<IdParams>('/moderation/flags/:id/hide', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const flag = await handledFlag(request, reply);
    if (!flag) return reply;
    if (flag.subjectType !== 'post') return notFound(request, reply);
    const parsed = parseForm(hideForm, request.body);
    if (!parsed.ok) return reviewPage(request, reply, 400, flag, parsed.values, parsed.errors);
    const result = await hidePost(app.db, { postId: flag.subjectId, actorId: request.viewer.id, reason: parsed.data.reason });
    if (!result.ok) return notFound(request, reply);
    reply.flash('success', t('moderation.hide.done'));
    return reply.redirect('/moderation', 303);
  });

  app.post<IdParams>('/moderation/flags/:id/dismiss', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const flag = await handledFlag(request, reply);
    if (!flag) return reply;
    await dismissFlag(app.db, { flagId: flag.id, actorId: request.viewer.id });
    reply.flash('success', t('moderation.dismiss.done'));
    return reply.redirect('/moderation', 303);
  });

  app.post<IdParams>('/moderation/posts/:id/restore', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const id = parseId(request.params.id);
    const post = id === null ? undefined : await findPost(app.db, id);
    if (!post || post.deletedAt) return notFound(request, reply);
    if (!(await moderatesSubject(app, request.viewer, post.subject.type, post.subject.id))) return forbidden(request, reply);
    const result = await restorePost(app.db, { postId: post.id, actorId: request.viewer.id });
    if (result.ok) reply.flash('success', t('moderation.restore.done'));
    return reply.redirect('/moderation', 303);
  });

  // ---- The record --------------------------------------------------------------------------

  app.get('/admin/audit', async (request, reply) => {
    if (!requireAdmin(request, reply)) return reply;
    const page = pageParam((request.query as Record<string, unknown>).page);
    const { entries, hasNext } = await auditLog(app.db, page);
    const what = (action: string, id: number) =>
      action === 'hide'
        ? t('moderation.action.hide', { id: String(id) })
        : action === 'restore'
          ? t('moderation.action.restore', { id: String(id) })
          : action === 'delete-group'
            ? t('moderation.action.deleteGroup', { id: String(id) })
            : t('moderation.action.dismiss', { id: String(id) });
    return html(reply).send(
      <AuditPage
        page={pageContext(request, reply)}
        rows={entries.map((entry) => ({
          what: what(entry.action, entry.subjectId),
          who: entry.actorName ?? t('moderation.someone'),
          reason: entry.reason ?? '',
          when: entry.createdAt,
        }))}
        pageNumber={page}
        hasNext={hasNext}
      />,
    );
  });

  // ---- Blocking ----------------------------------------------------------------------------

  for (const action of ['block', 'unblock'] as const) {
    app.post<HandleParams>(`/members/:handle/${action}`, { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
      if (!requireViewer(request, reply)) return reply;
      const member = await otherMember(request);
      if (!member) return notFound(request, reply);
      if (action === 'block') await block(app.db, request.viewer.id, member.id);
      else await unblock(app.db, request.viewer.id, member.id);
      reply.flash('success', t(action === 'block' ? 'moderation.block.done' : 'moderation.unblock.done', { name: member.name }));
      return reply.redirect(action === 'block' ? `/members/${member.handle}` : '/settings/blocked', 303);
    });
  }

  app.get('/settings/blocked', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const page = pageParam((request.query as Record<string, unknown>).page);
    const { members, hasNext } = await blockedBy(app.db, request.viewer.id, page, blockedPageSize);
    return html(reply).send(<BlockedPage page={pageContext(request, reply)} members={members} pageNumber={page} hasNext={hasNext} />);
  });
}

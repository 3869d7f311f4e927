import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { t } from '../../i18n/i18n.ts';
import { requireAdmin, requireViewer } from '../../web/app.tsx';
import type { FieldErrors, FormValues } from '../../web/components.tsx';
import { isAdmin, pageContext, type Viewer } from '../../web/context.ts';
import { parseForm } from '../../web/forms.ts';
import { rateLimited } from '../../web/limits.ts';
import { findPost, pageOfPost } from '../conversations/conversations.queries.ts';
import { knowledgePath } from '../knowledge/knowledge.views.tsx';
import { notify } from '../notifications/index.ts';
import {
  block,
  createFlag,
  dismissFlag,
  hideContent,
  hidePost,
  removeFromGroup,
  restoreContent,
  restorePost,
  suspendMember,
  unblock,
} from './moderation.commands.ts';
import { flagForm, hideForm, pageParam, parseId, parseSlug, removeForm, restoreForm, suspendForm } from './moderation.forms.ts';
import { handlesMemberReports, mayRemoveFromGroup, maySuspend, moderatesContent, moderatesSubject } from './moderation.policy.ts';
import {
  auditLog,
  authorsOf,
  blockedBy,
  findContent,
  findFlag,
  inGroup,
  isBlocked,
  isContentType,
  memberByHandle,
  openFlags,
  openModeratedFlags,
  queuePageSize,
  recentlyHidden,
  recentlyHiddenContent,
  visibleContent,
  type ContentRecord,
  type ContentType,
  type FlagRecord,
  type LogEntry,
} from './moderation.queries.ts';
import {
  AuditPage,
  BlockedPage,
  ContentReviewPage,
  FlagFormPage,
  FlagReviewPage,
  QueuePage,
  type QueueItem,
  type ReviewContent,
} from './moderation.views.tsx';

type IdParams = { Params: { id: string } };
type HandleParams = { Params: { handle: string } };
type SlugParams = { Params: { slug: string } };
type ContentParams = { Params: { type: string; id: string } };
type SignedIn = FastifyRequest & { viewer: Viewer };

const flagsPerHour = 30;
const blockedPageSize = 50;
/** Hidden posts and pages listed on the queue page. */
const hiddenListed = 50;

function html(reply: FastifyReply, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8');
}

/** Where a pitch, knowledge page or story lives on the hub. */
export function contentPath(content: { type: ContentType; slug: string; wikiGroupSlug: string | null }): string {
  if (content.type === 'pitch') return `/pitches/${content.slug}`;
  if (content.type === 'story') return `/stories/${content.slug}`;
  return content.wikiGroupSlug ? `/groups/${content.wikiGroupSlug}/knowledge/${content.slug}` : knowledgePath(content.slug);
}

function contentFlagType(flag: FlagRecord): ContentType | null {
  return isContentType(flag.subjectType) ? flag.subjectType : null;
}

function describeFlag(flag: FlagRecord): string {
  const someone = t('moderation.someone');
  switch (flag.subjectType) {
    case 'post':
      return t('moderation.queue.post', { name: flag.postAuthorName ?? someone });
    case 'member':
      return t('moderation.queue.member', { name: flag.memberName ?? someone });
    default:
      return t(`moderation.queue.${flag.subjectType}`, { title: flag.contentTitle ?? t('moderation.action.gone') });
  }
}

function queueItem(flag: FlagRecord): QueueItem {
  return { id: flag.id, what: describeFlag(flag), reason: flag.reason, reportedBy: flag.reporterName ?? t('moderation.someone'), createdAt: flag.createdAt };
}

/** One line of the moderation log, in words. */
function logLine(entry: LogEntry): string {
  const id = String(entry.subjectId);
  const name = entry.subjectName ?? t('moderation.action.gone');
  const content = isContentType(entry.subjectType) ? entry.subjectType : null;
  switch (entry.action) {
    case 'hide':
      return content ? t(`moderation.action.hide.${content}`, { title: name }) : t('moderation.action.hide', { id });
    case 'restore':
      return content ? t(`moderation.action.restore.${content}`, { title: name }) : t('moderation.action.restore', { id });
    case 'remove-from-group':
      return t('moderation.action.removeFromGroup', { name, group: entry.groupName ?? t('moderation.action.gone') });
    case 'suspend':
      return t('moderation.action.suspend', { name });
    case 'delete-group':
      return t('moderation.action.deleteGroup', { id });
    default:
      return t('moderation.action.dismiss', { id });
  }
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

  /**
   * May this viewer act on a report: administrators on all; on a post, whoever moderates its
   * conversation; on a pitch or page, whoever moderates it (the facilitators of its group).
   */
  async function mayHandle(viewer: Viewer, flag: FlagRecord) {
    if (flag.subjectType === 'member') return handlesMemberReports(viewer);
    if (flag.subjectType === 'post') return moderatesSubject(app, viewer, flag.threadType, flag.threadSubjectId);
    return moderatesContent(app.db, viewer, { type: flag.subjectType, groupId: flag.groupId });
  }

  /**
   * Where a pitch or page is shown, as its own area says (a group's wiki page may live elsewhere
   * than the hub's); the hub's address for it when the area has nothing to say.
   */
  async function contentUrl(content: { type: ContentType; id: number; slug: string; wikiGroupSlug: string | null }): Promise<string> {
    const described = app.subjects.has(content.type) ? (await app.subjects.get(content.type).describe(app.db, [content.id])).get(content.id) : undefined;
    return described?.url ?? contentPath(content);
  }

  /** Tells a pitch's team or a page's authors (not the moderator acting) that it was hidden or shown again. */
  async function tellAuthors(content: ContentRecord, actorId: number, what: 'hidden' | 'restored') {
    const recipients = (await authorsOf(app.db, content.type, content.id)).filter((id) => id !== actorId);
    // No actor: word from a moderator reaches its authors even if they have blocked that moderator.
    await notify(app, {
      recipients,
      kind: 'moderation',
      actorId: null,
      subject: { type: content.type, id: content.id },
      text: t(`moderation.notify.${what}.${content.type}`, { title: content.title }),
      url: await contentUrl(content),
    });
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

  // Pitches, knowledge pages and stories: anyone signed in who may see one may report it.
  // Pitches, stories, hub-wide pages and pages of a group's wiki each have a "report" address beside them.
  // Parameter names match the pages' own routes (a group's wiki is /groups/:slug/knowledge/:page).
  type ReportParams = { Params: { slug?: string; page?: string } };
  for (const [type, path, inGroup] of [
    ['pitch', '/pitches/:slug', false],
    ['story', '/stories/:slug', false],
    ['knowledge-page', '/knowledge/:page', false],
    ['knowledge-page', '/groups/:slug/knowledge/:page', true],
  ] as const) {
    const contentFlagPage = (request: SignedIn, reply: FastifyReply, status: number, content: ContentRecord, values: FormValues = {}, errors?: FieldErrors) =>
      html(reply, status).send(
        <FlagFormPage
          page={pageContext(request, reply)}
          title={t(`moderation.flag.${type}.title`, { title: content.title })}
          intro={t(`moderation.flag.${type}.intro`)}
          action={`${contentPath(content)}/flag`}
          backHref={contentPath(content)}
          values={values}
          errors={errors}
        />,
      );
    const reported = async (request: SignedIn & { params: ReportParams['Params'] }) => {
      const slug = parseSlug((type === 'knowledge-page' ? request.params.page : request.params.slug) ?? '');
      const group = inGroup ? parseSlug(request.params.slug ?? '') : null;
      if (slug === null || (inGroup && group === null)) return undefined;
      return visibleContent(app.db, request.viewer, type, slug, group);
    };

    app.get<ReportParams>(`${path}/flag`, async (request, reply) => {
      if (!requireViewer(request, reply)) return reply;
      const content = await reported(request);
      if (!content) return notFound(request, reply);
      return contentFlagPage(request, reply, 200, content);
    });

    app.post<ReportParams>(`${path}/flag`, { config: rateLimited(app, flagsPerHour, '1 hour') }, async (request, reply) => {
      if (!requireViewer(request, reply)) return reply;
      const content = await reported(request);
      if (!content) return notFound(request, reply);
      const parsed = parseForm(flagForm, request.body);
      if (!parsed.ok) return contentFlagPage(request, reply, 400, content, parsed.values, parsed.errors);
      await createFlag(app.db, { subjectType: type, subjectId: content.id, reporterId: request.viewer.id, reason: parsed.data.reason });
      reply.flash('success', t('moderation.flag.done'));
      return reply.redirect(contentPath(content), 303);
    });
  }

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

  // Every member may open it: administrators see every report, everyone else the reports on what
  // they moderate — which may be nothing, and the page says so.
  app.get('/moderation', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const viewer = request.viewer;
    const page = pageParam((request.query as Record<string, unknown>).page);
    let flags: FlagRecord[];
    let hasNext: boolean;
    let hiddenPosts = await recentlyHidden(app.db);
    let hiddenContent = await recentlyHiddenContent(app.db);
    if (isAdmin(viewer)) {
      ({ flags, hasNext } = await openFlags(app.db, page));
    } else {
      // Subjects live in other areas, each with its own rule: the reports are checked one subject at a time.
      const decided = new Map<string, boolean>();
      const once = async (key: string, decide: () => Promise<boolean>) => {
        if (!decided.has(key)) decided.set(key, await decide());
        return decided.get(key)!;
      };
      const conversation = (type: string | null, id: number | null) => once(`conversation:${type}:${id}`, () => moderatesSubject(app, viewer, type, id));
      // Stories are moderated by the story facilitators, whatever group (none) they are in.
      const content = (type: string, groupId: number | null) =>
        type === 'story' ? once('stories', () => moderatesContent(app.db, viewer, { type, groupId })) : once(`group:${groupId}`, () => moderatesContent(app.db, viewer, { groupId }));
      const all: FlagRecord[] = [];
      for (const flag of await openModeratedFlags(app.db)) {
        const mine = flag.subjectType === 'post' ? await conversation(flag.threadType, flag.threadSubjectId) : await content(flag.subjectType, flag.groupId);
        if (mine) all.push(flag);
      }
      flags = all.slice((page - 1) * queuePageSize, page * queuePageSize);
      hasNext = all.length > page * queuePageSize;
      const posts = [];
      for (const post of hiddenPosts) if (await conversation(post.threadType, post.threadSubjectId)) posts.push(post);
      hiddenPosts = posts;
      const contents = [];
      for (const item of hiddenContent) if (await content(item.type, item.groupId)) contents.push(item);
      hiddenContent = contents;
    }
    return html(reply).send(
      <QueuePage
        page={pageContext(request, reply)}
        items={flags.map(queueItem)}
        hidden={hiddenPosts.slice(0, hiddenListed).map((post) => ({ id: post.id, authorName: post.authorName ?? t('moderation.someone'), reason: post.reason ?? '' }))}
        hiddenContent={hiddenContent.slice(0, hiddenListed).map((item) => ({
          what: t(`moderation.queue.${item.type}`, { title: item.title }),
          reviewHref: `/moderation/content/${item.type}/${item.id}`,
          reason: item.hiddenReason ?? '',
        }))}
        admin={isAdmin(viewer)}
        pageNumber={page}
        hasNext={hasNext}
      />,
    );
  });

  /** What the review page offers beyond hiding and dismissing: removing the author from the group, suspending them. */
  async function reviewActions(viewer: Viewer, flag: FlagRecord) {
    const notices: string[] = [];
    let removal: { name: string; group: string } | null = null;
    let suspension: { name: string } | null = null;
    if (flag.authorId !== null && flag.authorName !== null && flag.authorId !== viewer.id) {
      const name = flag.authorName;
      if (flag.groupId !== null && flag.groupName !== null && (await mayRemoveFromGroup(app.db, viewer, flag.groupId))) {
        if (await inGroup(app.db, flag.groupId, flag.authorId)) removal = { name, group: flag.groupName };
        else notices.push(t('moderation.remove.notMember', { name, group: flag.groupName }));
      }
      if (maySuspend(viewer)) {
        if (flag.authorSuspended) notices.push(t('moderation.suspend.already', { name }));
        else suspension = { name };
      }
    }
    return { notices, removal, suspension };
  }

  async function reviewPage(request: SignedIn, reply: FastifyReply, status: number, flag: FlagRecord, values: FormValues = {}, errors?: FieldErrors) {
    const type = contentFlagType(flag);
    const content: ReviewContent | null =
      type === null
        ? null
        : flag.contentSlug === null
          ? { type, gone: true, url: '', reviewHref: '', hidden: false, hiddenReason: '' }
          : {
              type,
              gone: false,
              url: await contentUrl({ type, id: flag.subjectId, slug: flag.contentSlug, wikiGroupSlug: null }),
              reviewHref: `/moderation/content/${type}/${flag.subjectId}`,
              hidden: flag.contentHiddenAt !== null,
              hiddenReason: flag.contentHiddenReason ?? '',
            };
    const { notices, removal, suspension } = await reviewActions(request.viewer, flag);
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
        content={content}
        member={flag.subjectType === 'member' && isAdmin(request.viewer) && flag.memberName ? { name: flag.memberName } : null}
        notices={notices}
        removal={removal}
        suspension={suspension}
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
    if (flag.subjectType === 'member') return notFound(request, reply);
    const parsed = parseForm(hideForm, request.body);
    if (!parsed.ok) return reviewPage(request, reply, 400, flag, parsed.values, parsed.errors);
    const type = contentFlagType(flag);
    if (type === null) {
      const result = await hidePost(app.db, { postId: flag.subjectId, actorId: request.viewer.id, reason: parsed.data.reason });
      if (!result.ok) return notFound(request, reply);
      reply.flash('success', t('moderation.hide.done'));
    } else {
      const content = await findContent(app.db, type, flag.subjectId);
      if (!content) return notFound(request, reply);
      const result = await hideContent(app.db, { type, id: content.id, actorId: request.viewer.id, reason: parsed.data.reason });
      if (result.ok) {
        await tellAuthors(content, request.viewer.id, 'hidden');
        reply.flash('success', t(`moderation.hideContent.done.${type}`));
      } else {
        reply.flash('info', t('moderation.hideContent.already'));
      }
    }
    // Back to the report, where the author can also be removed from the group or suspended.
    return reply.redirect(`/moderation/flags/${flag.id}`, 303);
  });

  app.post<IdParams>('/moderation/flags/:id/dismiss', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const flag = await handledFlag(request, reply);
    if (!flag) return reply;
    await dismissFlag(app.db, { flagId: flag.id, actorId: request.viewer.id });
    reply.flash('success', t('moderation.dismiss.done'));
    return reply.redirect('/moderation', 303);
  });

  app.post<IdParams>('/moderation/flags/:id/remove-from-group', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const flag = await handledFlag(request, reply);
    if (!flag) return reply;
    const { removal } = await reviewActions(request.viewer, flag);
    if (!removal || flag.groupId === null || flag.authorId === null) return forbidden(request, reply);
    const parsed = parseForm(removeForm, request.body);
    if (!parsed.ok) return reviewPage(request, reply, 400, flag, parsed.values, parsed.errors);
    const result = await removeFromGroup(app.db, { groupId: flag.groupId, userId: flag.authorId, actorId: request.viewer.id, reason: parsed.data.removeReason });
    if (result.ok) reply.flash('success', t('moderation.remove.done', removal));
    else if (result.error === 'last-facilitator') reply.flash('warning', t('moderation.remove.lastFacilitator', removal));
    else reply.flash('warning', t('moderation.remove.notMember', removal));
    return reply.redirect(`/moderation/flags/${flag.id}`, 303);
  });

  app.post<IdParams>('/moderation/flags/:id/suspend', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const flag = await handledFlag(request, reply);
    if (!flag) return reply;
    const { suspension } = await reviewActions(request.viewer, flag);
    if (!suspension || flag.authorId === null) return forbidden(request, reply);
    const parsed = parseForm(suspendForm, request.body);
    if (!parsed.ok) return reviewPage(request, reply, 400, flag, parsed.values, parsed.errors);
    const result = await suspendMember(app.db, { userId: flag.authorId, actorId: request.viewer.id, reason: parsed.data.suspendReason });
    if (!result.ok) return notFound(request, reply);
    reply.flash('success', t('moderation.suspend.done', suspension));
    return reply.redirect(`/moderation/flags/${flag.id}`, 303);
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

  // ---- A pitch or page: hiding it, and showing it again ------------------------------------

  /** The pitch or page named by the route, when this viewer moderates it: 404 unknown, 403 someone else's. */
  async function moderatedContent(request: FastifyRequest<ContentParams> & { viewer: Viewer }, reply: FastifyReply): Promise<ContentRecord | null> {
    const id = parseId(request.params.id);
    const type = request.params.type;
    const content = id === null || !isContentType(type) ? undefined : await findContent(app.db, type, id);
    if (!content) {
      await notFound(request, reply);
      return null;
    }
    if (!(await moderatesContent(app.db, request.viewer, content))) {
      await forbidden(request, reply);
      return null;
    }
    return content;
  }

  async function contentPage(request: SignedIn, reply: FastifyReply, status: number, content: ContentRecord, values: FormValues = {}, errors?: FieldErrors) {
    return html(reply, status).send(
      <ContentReviewPage
        page={pageContext(request, reply)}
        content={{
          type: content.type,
          title: content.title,
          url: await contentUrl(content),
          action: `/moderation/content/${content.type}/${content.id}`,
          hidden: content.hiddenAt !== null,
          hiddenReason: content.hiddenReason ?? '',
        }}
        values={values}
        errors={errors}
      />,
    );
  }

  app.get<ContentParams>('/moderation/content/:type/:id', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const content = await moderatedContent(request, reply);
    if (!content) return reply;
    return contentPage(request, reply, 200, content);
  });

  app.post<ContentParams>('/moderation/content/:type/:id/hide', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const content = await moderatedContent(request, reply);
    if (!content) return reply;
    const parsed = parseForm(hideForm, request.body);
    if (!parsed.ok) return contentPage(request, reply, 400, content, parsed.values, parsed.errors);
    const result = await hideContent(app.db, { type: content.type, id: content.id, actorId: request.viewer.id, reason: parsed.data.reason });
    if (result.ok) {
      await tellAuthors(content, request.viewer.id, 'hidden');
      reply.flash('success', t(`moderation.hideContent.done.${content.type}`));
    } else {
      reply.flash('info', t('moderation.hideContent.already'));
    }
    return reply.redirect(`/moderation/content/${content.type}/${content.id}`, 303);
  });

  app.post<ContentParams>('/moderation/content/:type/:id/restore', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const content = await moderatedContent(request, reply);
    if (!content) return reply;
    const parsed = parseForm(restoreForm, request.body);
    if (!parsed.ok) return contentPage(request, reply, 400, content, parsed.values, parsed.errors);
    const result = await restoreContent(app.db, { type: content.type, id: content.id, actorId: request.viewer.id, reason: parsed.data.reason });
    if (result.ok) {
      await tellAuthors(content, request.viewer.id, 'restored');
      reply.flash('success', t('moderation.restoreContent.done'));
    } else {
      reply.flash('info', t('moderation.restoreContent.notHidden'));
    }
    return reply.redirect(`/moderation/content/${content.type}/${content.id}`, 303);
  });

  // ---- The record --------------------------------------------------------------------------

  app.get('/admin/audit', async (request, reply) => {
    if (!requireAdmin(request, reply)) return reply;
    const page = pageParam((request.query as Record<string, unknown>).page);
    const { entries, hasNext } = await auditLog(app.db, page);
    return html(reply).send(
      <AuditPage
        page={pageContext(request, reply)}
        rows={entries.map((entry) => ({
          what: logLine(entry),
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

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { t, tMaybe } from '../../i18n/i18n.ts';
import { requireViewer } from '../../web/app.tsx';
import type { FieldErrors, FormValues } from '../../web/components.tsx';
import { pageContext, type Viewer } from '../../web/context.ts';
import { parseForm } from '../../web/forms.ts';
import { rateLimited } from '../../web/limits.ts';
import { sendJson, splitFormat } from '../../web/representations.ts';
import { notify, type NotificationKind } from '../notifications/index.ts';
import {
  createPost,
  deletePost,
  editPost,
  followConversation,
  setHelpful,
  toggleReaction,
  unfollowConversation,
  type CreatePostResult,
} from './conversations.commands.ts';
import { emitSafely } from './conversations.events.ts';
import { apiPostBody, editForm, helpfulForm, normaliseBody, pageParam, parseId, postForm, reactionForm } from './conversations.forms.ts';
import { canChangePost, canMarkHelpful, canReact, moderatesConversation, subjectTypePattern, type SubjectRef } from './conversations.policy.ts';
import { presentPosts, renderPostBody } from './conversations.present.ts';
import {
  findPost,
  findThread,
  mentionedHandles,
  pageOfPost,
  postsInOrder,
  reactionsFor,
  revisionsOf,
  type PostWithSubject,
} from './conversations.queries.ts';
import { conversationSchema, createdPostSchema, pageQuery, subjectParams, type PostJson } from './conversations.schemas.ts';
import { DeletePostPage, EditPostPage, HistoryPage, PostFormPage, type SubjectView, type VersionView } from './conversations.views.tsx';

type SubjectParams = { Params: { type: string; id: string } };
type PostParams = { Params: { id: string } };
type SignedIn = FastifyRequest & { viewer: Viewer };

const postsPerHour = 120;
const quoteMax = 1500;

function html(reply: FastifyReply, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8');
}

/** The subject named by a route, when it is a registered type and a well-formed id. */
export function subjectRef(app: FastifyInstance, type: string, id: string): SubjectRef | null {
  const number = parseId(id);
  if (number === null || !subjectTypePattern.test(type) || !app.subjects.has(type)) return null;
  return { type, id: number };
}

/** The subject with its title and address, or null when this viewer may not see it (or it is gone). */
export async function visibleSubject(app: FastifyInstance, viewer: Viewer | null, ref: SubjectRef): Promise<SubjectView | null> {
  if (!(await app.subjects.canView(app.db, viewer, ref.type, ref.id))) return null;
  const described = (await app.subjects.get(ref.type).describe(app.db, [ref.id])).get(ref.id);
  return described ? { ...ref, title: described.title, url: described.url } : null;
}

/** Where a post is shown: its subject's page, on the page of the conversation that holds it. */
async function postLocation(app: FastifyInstance, subject: SubjectView, post: { id: number; threadId: number }) {
  const page = await pageOfPost(app.db, post);
  return `${subject.url}${page > 1 ? `?postsPage=${page}` : ''}#post-${post.id}`;
}

export async function conversationsArea(app: FastifyInstance) {
  const publicUrl = app.config.publicUrl;
  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    app.showMessage(request, reply, 404, { title: 'error.notFound.title', body: 'error.notFound.body' });
  const forbidden = (request: FastifyRequest, reply: FastifyReply) =>
    app.showMessage(request, reply, 403, { title: 'error.forbidden.title', body: 'error.forbidden.body' });
  const gone = (request: FastifyRequest, reply: FastifyReply) =>
    app.showMessage(request, reply, 410, { title: 'conversations.deleted.title', body: 'conversations.deleted.body' });

  /** A post and its subject, when both exist and this viewer may see the subject. */
  async function visiblePost(request: FastifyRequest, idParam: string) {
    const id = parseId(idParam);
    const post = id === null ? undefined : await findPost(app.db, id);
    if (!post) return null;
    const subject = await visibleSubject(app, request.viewer, post.subject);
    if (!subject) return null;
    const moderator = await moderatesConversation(app.subjects, app.db, request.viewer, post.subject);
    return { post, subject, moderator };
  }

  /** Whether posting makes the author follow the conversation: the subject's area says (a group's members choose per group instead). */
  const followsOnPost = (ref: SubjectRef) => app.subjects.get(ref.type).followOnPost !== false;

  async function presentOne(viewer: Viewer | null, post: PostWithSubject, moderator: boolean) {
    const [view] = await presentPosts(app.db, viewer, [post], moderator);
    return view!;
  }

  // ---- Notifications -----------------------------------------------------------------------

  async function tell(kind: NotificationKind, recipients: number[], actor: Viewer, subject: SubjectView, text: string, url: string) {
    if (recipients.length === 0) return;
    try {
      await notify(app, { recipients, kind, actorId: actor.id, subject: { type: subject.type, id: subject.id }, text, url });
    } catch (error) {
      // The post is saved; a notification that failed must not make it look as if it was not.
      app.log.error({ err: error }, 'Notifying members of a post failed');
    }
  }

  async function afterPost(actor: Viewer, subject: SubjectView, result: Extract<CreatePostResult, { ok: true }>) {
    if (result.duplicate) return;
    emitSafely(app, 'post-created', { subject: { type: subject.type, id: subject.id }, postId: result.postId, authorId: actor.id, app });
    const url = `/posts/${result.postId}`;
    const told = new Set<number>([actor.id]);
    const mentioned = result.mentionedIds.filter((id) => !told.has(id));
    await tell('mention', mentioned, actor, subject, t('conversations.notify.mention', { actor: actor.displayName, title: subject.title }), url);
    for (const id of mentioned) told.add(id);
    if (result.parentAuthorId !== null && !told.has(result.parentAuthorId)) {
      await tell('reply', [result.parentAuthorId], actor, subject, t('conversations.notify.reply', { actor: actor.displayName, title: subject.title }), url);
      told.add(result.parentAuthorId);
    }
    const followers = result.followerIds.filter((id) => !told.has(id));
    await tell('reply', followers, actor, subject, t('conversations.notify.post', { actor: actor.displayName, title: subject.title }), url);
  }

  // ---- Posting from the page ---------------------------------------------------------------

  async function postFormPage(
    request: SignedIn,
    reply: FastifyReply,
    status: number,
    subject: SubjectView,
    state: { parentId: number | null; quote: boolean; quoteOf: number | null; values?: FormValues; errors?: FieldErrors },
  ) {
    let parent = null;
    if (state.parentId !== null) {
      const found = await findPost(app.db, state.parentId);
      if (found && found.subject.type === subject.type && found.subject.id === subject.id && !found.deletedAt) {
        const moderator = await moderatesConversation(app.subjects, app.db, request.viewer, subject);
        parent = await presentOne(request.viewer, found, moderator);
      }
    }
    return html(reply, status).send(
      <PostFormPage
        page={pageContext(request, reply)}
        subject={subject}
        parent={parent}
        quote={state.quote}
        quoteOf={parent ? state.quoteOf : null}
        values={state.values ?? {}}
        errors={state.errors ?? {}}
      />,
    );
  }

  app.post<SubjectParams>('/conversations/:type/:id/posts', { config: rateLimited(app, postsPerHour, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const ref = subjectRef(app, request.params.type, request.params.id);
    const subject = ref && (await visibleSubject(app, request.viewer, ref));
    if (!subject) return notFound(request, reply);
    const parsed = parseForm(postForm, request.body);
    const raw = (request.body ?? {}) as Record<string, unknown>;
    const ids = { parentId: parseId(String(raw.parentId ?? '')), quoteOf: parseId(String(raw.quoteOf ?? '')) };
    if (!parsed.ok) {
      return postFormPage(request, reply, 400, subject, { ...ids, quote: ids.quoteOf !== null, values: parsed.values, errors: parsed.errors });
    }
    const result = await createPost(app.db, {
      subject: ref,
      authorId: request.viewer.id,
      body: parsed.data.postBody,
      parentId: parsed.data.parentId,
      quoteOf: parsed.data.quoteOf,
      follow: followsOnPost(ref),
    });
    if (!result.ok) {
      const errors = { postBody: result.error === 'parent-not-found' ? 'conversations.parent.gone' : 'conversations.quote.gone' };
      return postFormPage(request, reply, 400, subject, {
        parentId: null,
        quote: false,
        quoteOf: null,
        values: { postBody: parsed.data.postBody },
        errors,
      });
    }
    await afterPost(request.viewer, subject, result);
    reply.flash('success', t(result.duplicate ? 'conversations.duplicate' : 'conversations.posted'));
    return reply.redirect(await postLocation(app, subject, { id: result.postId, threadId: result.threadId }), 303);
  });

  // ---- The conversation as data ------------------------------------------------------------

  app.apiDocs.add({
    method: 'get',
    path: '/conversations/{type}/{id}.json',
    summary: 'Posts of a conversation',
    description:
      'The conversation on a subject (type "pitch" for a pitch, with the pitch’s number), oldest post first, 100 a page. Only subjects you may see: a draft pitch is answered with 404 unless your token belongs to its team.',
    tag: 'Conversations',
    auth: 'optional',
    params: subjectParams,
    query: pageQuery,
    response: conversationSchema,
  });

  const postJson = (
    post: Awaited<ReturnType<typeof postsInOrder>>['posts'][number],
    subject: SubjectView,
    extra: { reactions: Map<number, { counts: PostJson['reactions'] }>; mentions: Map<number, Set<string>> },
  ): PostJson => ({
    id: post.id,
    parentId: post.parentId,
    quoteOf: post.quoteOf,
    author:
      post.authorHandle && post.authorName
        ? { handle: post.authorHandle, name: post.authorName, url: `${publicUrl}/members/${post.authorHandle}` }
        : null,
    deleted: post.deletedAt !== null,
    ...(post.deletedAt || post.hiddenAt ? {} : { body: post.body, bodyHtml: renderPostBody(post.body, extra.mentions.get(post.id), publicUrl) }),
    reactions: post.deletedAt ? { agree: 0, insightful: 0, thanks: 0, celebrate: 0 } : (extra.reactions.get(post.id)?.counts ?? { agree: 0, insightful: 0, thanks: 0, celebrate: 0 }),
    helpful: post.helpful && !post.deletedAt,
    createdAt: post.createdAt.toISOString(),
    editedAt: post.editedAt ? post.editedAt.toISOString() : null,
    url: `${publicUrl}/posts/${post.id}`,
  });

  app.get<SubjectParams>('/conversations/:type/:id', async (request, reply) => {
    const { name, format } = splitFormat(request.params.id);
    if (format !== undefined && format !== 'json') return notFound(request, reply);
    const ref = subjectRef(app, request.params.type, name);
    const subject = ref && (await visibleSubject(app, request.viewer, ref));
    if (!ref || !subject) return notFound(request, reply);
    if (format !== 'json') return reply.redirect(`${subject.url}#conversation`, 303);

    const page = pageParam((request.query as Record<string, unknown>).page);
    const thread = await findThread(app.db, ref);
    const { posts, hasNext } = thread ? await postsInOrder(app.db, thread.id, page) : { posts: [], hasNext: false };
    const live = posts.filter((post) => !post.deletedAt).map((post) => post.id);
    const [reactions, mentions] = await Promise.all([reactionsFor(app.db, live, null), mentionedHandles(app.db, live)]);
    if (request.viewer) reply.header('cache-control', 'private, no-store');
    return sendJson(reply, conversationSchema, {
      subject: { type: subject.type, id: subject.id, title: subject.title, url: `${publicUrl}${subject.url}` },
      postCount: thread?.postCount ?? 0,
      posts: posts.map((post) => postJson(post, subject, { reactions, mentions })),
      page,
      nextPage: hasNext ? page + 1 : null,
    });
  });

  // ---- Posting through the API -------------------------------------------------------------

  app.apiDocs.add({
    method: 'post',
    path: '/api/conversations/{type}/{id}/posts',
    summary: 'Add a post to a conversation',
    description:
      'Posts as the token’s owner, on a subject they may see; with parentId the post is a reply. Mentions (@handle) notify the members named. Answers 201 with the new post.',
    tag: 'Conversations',
    auth: 'required',
    params: subjectParams,
    body: apiPostBody,
    response: createdPostSchema,
    successStatus: 201,
  });

  app.post<SubjectParams>('/api/conversations/:type/:id/posts', { config: rateLimited(app, postsPerHour, '1 hour') }, async (request, reply) => {
    if (!request.viewer) {
      return reply.code(401).send({ error: 'sign-in-needed', message: 'Send a personal access token to use this.' });
    }
    const viewer = request.viewer;
    const ref = subjectRef(app, request.params.type, request.params.id);
    const subject = ref && (await visibleSubject(app, viewer, ref));
    if (!ref || !subject) return reply.code(404).send({ error: 'not-found', message: t('error.notFound.body') });
    const parsed = apiPostBody.safeParse(request.body ?? {});
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path.length > 0 ? String(issue.path[0]) : '_body';
        if (!(field in errors)) errors[field] = tMaybe(issue.message);
      }
      return reply.code(400).send({ error: 'invalid', message: t('conversations.api.invalid'), errors });
    }
    const result = await createPost(app.db, {
      subject: ref,
      authorId: viewer.id,
      body: parsed.data.body,
      parentId: parsed.data.parentId ?? null,
      quoteOf: parsed.data.quoteOf ?? null,
      follow: followsOnPost(ref),
    });
    if (!result.ok) {
      const errors =
        result.error === 'parent-not-found' ? { parentId: t('conversations.parent.gone') } : { quoteOf: t('conversations.quote.gone') };
      return reply.code(400).send({ error: 'invalid', message: t('conversations.api.invalid'), errors });
    }
    await afterPost(viewer, subject, result);
    const post = (await findPost(app.db, result.postId))!;
    const [reactions, mentions] = await Promise.all([reactionsFor(app.db, [post.id], null), mentionedHandles(app.db, [post.id])]);
    reply.code(result.duplicate ? 200 : 201);
    return sendJson(reply, createdPostSchema, { post: postJson(post, subject, { reactions, mentions }) });
  });

  // ---- One post ----------------------------------------------------------------------------

  app.get<PostParams>('/posts/:id', async (request, reply) => {
    const found = await visiblePost(request, request.params.id);
    if (!found) return notFound(request, reply);
    return reply.redirect(await postLocation(app, found.subject, found.post), 303);
  });

  app.get<PostParams>('/posts/:id/reply', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const found = await visiblePost(request, request.params.id);
    if (!found) return notFound(request, reply);
    if (found.post.deletedAt) return gone(request, reply);
    const quote = (request.query as Record<string, unknown>).quote === '1' && (!found.post.hiddenAt || found.moderator);
    const parent = await presentOne(request.viewer, found.post, found.moderator);
    const values: FormValues = quote ? { postBody: `${quoteMarkdown(found.post.body)}\n\n` } : {};
    return html(reply).send(
      <PostFormPage
        page={pageContext(request, reply)}
        subject={found.subject}
        parent={parent}
        quote={quote}
        quoteOf={quote ? found.post.id : null}
        values={values}
      />,
    );
  });

  app.get<PostParams>('/posts/:id/edit', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const found = await visiblePost(request, request.params.id);
    if (!found) return notFound(request, reply);
    if (found.post.deletedAt) return gone(request, reply);
    if (!canChangePost(request.viewer, found.post, found.moderator)) return forbidden(request, reply);
    return html(reply).send(
      <EditPostPage page={pageContext(request, reply)} subject={found.subject} postId={found.post.id} values={{ postBody: found.post.body }} />,
    );
  });

  app.post<PostParams>('/posts/:id/edit', { config: rateLimited(app, postsPerHour, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const found = await visiblePost(request, request.params.id);
    if (!found) return notFound(request, reply);
    if (found.post.deletedAt) return gone(request, reply);
    if (!canChangePost(request.viewer, found.post, found.moderator)) return forbidden(request, reply);
    const parsed = parseForm(editForm, request.body);
    if (!parsed.ok) {
      return html(reply, 400).send(
        <EditPostPage page={pageContext(request, reply)} subject={found.subject} postId={found.post.id} values={parsed.values} errors={parsed.errors} />,
      );
    }
    const result = await editPost(app.db, { postId: found.post.id, editorId: request.viewer.id, body: parsed.data.postBody });
    if (!result.ok) return gone(request, reply);
    if (result.changed) {
      await tell(
        'mention',
        result.newlyMentionedIds.filter((id) => id !== request.viewer.id),
        request.viewer,
        found.subject,
        t('conversations.notify.mention', { actor: request.viewer.displayName, title: found.subject.title }),
        `/posts/${found.post.id}`,
      );
    }
    reply.flash('success', t(result.changed ? 'conversations.edit.done' : 'conversations.edit.unchanged'));
    return reply.redirect(await postLocation(app, found.subject, found.post), 303);
  });

  app.get<PostParams>('/posts/:id/history', async (request, reply) => {
    const found = await visiblePost(request, request.params.id);
    if (!found) return notFound(request, reply);
    if (found.post.deletedAt) return gone(request, reply);
    if (found.post.hiddenAt && !found.moderator && found.post.authorId !== request.viewer?.id) return gone(request, reply);
    const { post } = found;
    const revisions = await revisionsOf(app.db, post.id);
    const handles = (await mentionedHandles(app.db, [post.id])).get(post.id);
    const author = post.authorHandle && post.authorName ? { name: post.authorName, handle: post.authorHandle } : null;
    // Revision i holds the text that edit i replaced: version i was written at edit i-1 (or at posting).
    const texts = [...revisions.map((revision) => revision.body), post.body];
    const versions: VersionView[] = texts.map((body, index) => {
      const editedBy = index === 0 ? null : revisions[index - 1]!;
      return {
        safeBodyHtml: renderPostBody(body, handles),
        writtenAt: editedBy ? editedBy.editedAt : post.createdAt,
        by: editedBy ? (editedBy.editorHandle && editedBy.editorName ? { name: editedBy.editorName, handle: editedBy.editorHandle } : null) : author,
        first: index === 0,
        current: index === texts.length - 1,
      };
    });
    return html(reply).send(<HistoryPage page={pageContext(request, reply)} subject={found.subject} postId={post.id} versions={versions.reverse()} />);
  });

  app.get<PostParams>('/posts/:id/delete', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const found = await visiblePost(request, request.params.id);
    if (!found) return notFound(request, reply);
    if (found.post.deletedAt) return gone(request, reply);
    if (!canChangePost(request.viewer, found.post, found.moderator)) return forbidden(request, reply);
    const post = await presentOne(request.viewer, found.post, found.moderator);
    return html(reply).send(<DeletePostPage page={pageContext(request, reply)} subject={found.subject} post={post} />);
  });

  app.post<PostParams>('/posts/:id/delete', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const found = await visiblePost(request, request.params.id);
    if (!found) return notFound(request, reply);
    if (found.post.deletedAt) return gone(request, reply);
    if (!canChangePost(request.viewer, found.post, found.moderator)) return forbidden(request, reply);
    const result = await deletePost(app.db, found.post.id);
    if (!result.ok) return gone(request, reply);
    emitSafely(app, 'post-deleted', { subject: found.post.subject, postId: found.post.id, app });
    reply.flash('success', t('conversations.delete.done'));
    return reply.redirect(await postLocation(app, found.subject, found.post), 303);
  });

  app.post<PostParams>('/posts/:id/react', { config: rateLimited(app, 600, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const found = await visiblePost(request, request.params.id);
    if (!found) return notFound(request, reply);
    if (!canReact(request.viewer, found.post)) return gone(request, reply);
    const parsed = parseForm(reactionForm, request.body);
    if (!parsed.ok) return app.showMessage(request, reply, 400, { title: 'error.badRequest.title', body: 'error.badRequest.body' });
    await toggleReaction(app.db, { postId: found.post.id, userId: request.viewer.id, reaction: parsed.data.reaction });
    return reply.redirect(await postLocation(app, found.subject, found.post), 303);
  });

  app.post<PostParams>('/posts/:id/helpful', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const found = await visiblePost(request, request.params.id);
    if (!found) return notFound(request, reply);
    if (found.post.deletedAt) return gone(request, reply);
    if (!canMarkHelpful(request.viewer, found.post, found.moderator)) return forbidden(request, reply);
    const parsed = parseForm(helpfulForm, request.body);
    if (!parsed.ok) return app.showMessage(request, reply, 400, { title: 'error.badRequest.title', body: 'error.badRequest.body' });
    const helpful = parsed.data.helpful === '1';
    await setHelpful(app.db, found.post.id, helpful);
    reply.flash('success', t(helpful ? 'conversations.helpful.marked' : 'conversations.helpful.unmarked'));
    return reply.redirect(await postLocation(app, found.subject, found.post), 303);
  });

  // ---- Following ---------------------------------------------------------------------------

  for (const action of ['follow', 'unfollow'] as const) {
    app.post<SubjectParams>(`/conversations/:type/:id/${action}`, { config: rateLimited(app, 120, '1 hour') }, async (request, reply) => {
      if (!requireViewer(request, reply)) return reply;
      const ref = subjectRef(app, request.params.type, request.params.id);
      const subject = ref && (await visibleSubject(app, request.viewer, ref));
      if (!ref || !subject) return notFound(request, reply);
      if (action === 'follow') await followConversation(app.db, ref, request.viewer.id);
      else await unfollowConversation(app.db, ref, request.viewer.id);
      reply.flash('success', t(action === 'follow' ? 'conversations.followed' : 'conversations.unfollowed'));
      return reply.redirect(`${subject.url}#conversation`, 303);
    });
  }
}

/** A post's text as a Markdown quote, to start a reply with. */
export function quoteMarkdown(body: string): string {
  const text = normaliseBody(body);
  // A long post is quoted in part, so the reply still has room under the limit.
  const shown = text.length > quoteMax ? `${text.slice(0, quoteMax).replace(/\s+\S*$/, '')} …` : text;
  return shown
    .split('\n')
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n');
}

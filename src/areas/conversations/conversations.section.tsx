import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { csrfTokenFor } from '../../web/context.ts';
import { pageParam } from './conversations.forms.ts';
import { moderatesConversation, type SubjectRef } from './conversations.policy.ts';
import { presentPosts } from './conversations.present.ts';
import { findThread, isFollowing, threadPage } from './conversations.queries.ts';
import { subjectRef, visibleSubject } from './conversations.routes.tsx';
import { threadTree } from './conversations.tree.ts';
import { ConversationSection } from './conversations.views.tsx';

/**
 * The whole conversation on a subject's page: posts in threaded order, reactions, the actions the
 * viewer may take, and the form for a new post. Renders nothing for a viewer who may not see the
 * subject. The page of posts comes from `?postsPage=`.
 */
export async function conversationSection(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  subject: SubjectRef,
): Promise<JSX.Element> {
  const ref = subjectRef(app, subject.type, String(subject.id));
  const viewer = request.viewer;
  const visible = ref && (await visibleSubject(app, viewer, ref));
  if (!ref || !visible) return '';
  const page = pageParam((request.query as Record<string, unknown> | undefined)?.postsPage);
  const thread = await findThread(app.db, ref);
  const [moderator, { posts, hasNext }, following] = await Promise.all([
    moderatesConversation(app.subjects, app.db, viewer, ref),
    thread ? threadPage(app.db, thread.id, page) : Promise.resolve({ posts: [], hasNext: false }),
    viewer && thread ? isFollowing(app.db, thread.id, viewer.id) : Promise.resolve(false),
  ]);
  const views = await presentPosts(app.db, viewer, posts, moderator);
  return (
    <ConversationSection
      viewer={viewer}
      // Visitors get no forms, so no CSRF cookie is set for them by this section.
      csrfToken={viewer ? csrfTokenFor(request, reply) : null}
      subject={visible}
      nodes={threadTree(views)}
      postCount={thread?.postCount ?? 0}
      following={following}
      pageNumber={page}
      hasNext={hasNext}
    />
  );
}

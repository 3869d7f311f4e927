import type { Database } from '../../db/database.ts';
import type { Viewer } from '../../web/context.ts';
import { renderMarkdown } from '../../web/markdown.ts';
import { linkMentions } from './conversations.mentions.ts';
import { canChangePost, canMarkHelpful } from './conversations.policy.ts';
import { mentionedHandles, noReactions, quotedPosts, reactionsFor, type PostRecord } from './conversations.queries.ts';
import type { PostView } from './conversations.views.tsx';

/** A post's Markdown as sanitised HTML with its mentions linked (absolute links when `base` is given). */
export function renderPostBody(body: string, handles: ReadonlySet<string> | undefined, base = ''): string {
  return linkMentions(renderMarkdown(body), handles ?? new Set(), base);
}

/** Everything the pages need to show posts to this viewer; deleted posts carry no text. */
export async function presentPosts(db: Database, viewer: Viewer | null, records: PostRecord[], moderator: boolean): Promise<PostView[]> {
  const live = records.filter((post) => !post.deletedAt);
  const ids = live.map((post) => post.id);
  const [reactions, mentions, quoted] = await Promise.all([
    reactionsFor(db, ids, viewer?.id ?? null),
    mentionedHandles(db, ids),
    quotedPosts(db, live.flatMap((post) => (post.quoteOf ? [post.quoteOf] : []))),
  ]);
  return records.map((post) => {
    const hidden = post.hiddenAt && !post.deletedAt ? (moderator || (viewer !== null && viewer.id === post.authorId) ? { reason: post.hiddenReason ?? '' } : ('placeholder' as const)) : undefined;
    const shown = view(post);
    return hidden === 'placeholder'
      ? { ...shown, safeBodyHtml: '', quoted: null, reactions: noReactions(), canChange: false, canMarkHelpful: false, hidden }
      : { ...shown, hidden };
  });
  function view(post: PostRecord): PostView {
    return {
    id: post.id,
    parentId: post.parentId,
    quoteOf: post.quoteOf,
    author: post.authorHandle && post.authorName ? { handle: post.authorHandle, name: post.authorName } : null,
    safeBodyHtml: post.deletedAt ? '' : renderPostBody(post.body, mentions.get(post.id)),
    helpful: post.helpful && !post.deletedAt,
    createdAt: post.createdAt,
    editedAt: post.editedAt,
    deleted: post.deletedAt !== null,
    reactions: post.deletedAt ? noReactions() : (reactions.get(post.id) ?? noReactions()),
    quoted: post.quoteOf && !post.deletedAt ? (quoted.get(post.quoteOf) ?? null) : null,
    canChange: canChangePost(viewer, post, moderator),
    canMarkHelpful: canMarkHelpful(viewer, post, moderator),
    };
  }
}

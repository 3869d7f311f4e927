import { t } from '../../i18n/i18n.ts';
import { Button, CsrfField, ErrorSummary, TextArea, type FieldErrors, type FormValues } from '../../web/components.tsx';
import type { PageContext, Viewer } from '../../web/context.ts';
import { Layout } from '../../web/layout.tsx';
import { bodyMax, reactionEmoji, reactions } from './conversations.forms.ts';
import type { QuotedPost, ReactionSummary } from './conversations.queries.ts';
import type { TreeNode } from './conversations.tree.ts';

export interface SubjectView {
  type: string;
  id: number;
  title: string;
  url: string;
}

export interface PostView {
  id: number;
  parentId: number | null;
  quoteOf: number | null;
  author: { handle: string; name: string } | null;
  /** Sanitised HTML with mentions linked; empty for a deleted post. */
  safeBodyHtml: string;
  helpful: boolean;
  createdAt: Date;
  editedAt: Date | null;
  deleted: boolean;
  reactions: ReactionSummary;
  quoted: QuotedPost | null;
  canChange: boolean;
  canMarkHelpful: boolean;
  /** Hidden by a moderator: 'placeholder' for everyone else, the reason for its author and moderators. */
  hidden?: { reason: string } | 'placeholder' | undefined;
}

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

export function formatDateTime(date: Date): string {
  return dateTimeFormat.format(date);
}

function DateTime({ date }: { date: Date }) {
  return (
    <time datetime={date.toISOString()} safe>
      {formatDateTime(date)}
    </time>
  );
}

export function conversationPath(subject: { type: string; id: number }) {
  return `/conversations/${subject.type}/${subject.id}`;
}

function authorName(author: PostView['author']) {
  return author?.name ?? t('conversations.formerMember');
}

function Author({ author }: { author: PostView['author'] }) {
  return author ? (
    <a class="post__author" href={`/members/${author.handle}`} safe>
      {author.name}
    </a>
  ) : (
    <span class="post__author" safe>
      {t('conversations.formerMember')}
    </span>
  );
}

function Reactions({ post, csrfToken }: { post: PostView; csrfToken: string | null }) {
  if (csrfToken === null) {
    const given = reactions.filter((reaction) => post.reactions.counts[reaction] > 0);
    if (given.length === 0) return <></>;
    return (
      <ul class="reactions" aria-label={t('conversations.reactions')}>
        {given.map((reaction) => (
          <li class="reaction">
            <span aria-hidden="true" safe>
              {reactionEmoji[reaction]}
            </span>{' '}
            <span safe>{`${t(`conversations.reaction.${reaction}`)} (${post.reactions.counts[reaction]})`}</span>
          </li>
        ))}
      </ul>
    );
  }
  // One form whose buttons each send their own reaction: four forms per post made a long
  // conversation half again as heavy.
  return (
    <form method="post" action={`/posts/${post.id}/react`} class="reactions-form">
      <CsrfField token={csrfToken} />
      <ul class="reactions" aria-label={t('conversations.reactions')}>
        {reactions.map((reaction) => (
          <li>
            <button
              type="submit"
              name="reaction"
              value={reaction}
              class={post.reactions.mine.has(reaction) ? 'reaction reaction--mine' : 'reaction'}
              aria-pressed={post.reactions.mine.has(reaction) ? 'true' : 'false'}
            >
              <span aria-hidden="true" safe>
                {reactionEmoji[reaction]}
              </span>{' '}
              <span safe>{`${t(`conversations.reaction.${reaction}`)} (${post.reactions.counts[reaction]})`}</span>
            </button>
          </li>
        ))}
      </ul>
    </form>
  );
}

function PostActions({ post, csrfToken }: { post: PostView; csrfToken: string }) {
  const name = authorName(post.author);
  return (
    <ul class="post__actions actions" aria-label={t('conversations.actions')}>
      <li>
        <a href={`/posts/${post.id}/reply`}>
          <span safe>{t('conversations.reply')}</span>
          <span class="visually-hidden" safe>
            {t('conversations.toName', { name })}
          </span>
        </a>
      </li>
      <li>
        <a href={`/posts/${post.id}/reply?quote=1`}>
          <span safe>{t('conversations.quote')}</span>
          <span class="visually-hidden" safe>
            {t('conversations.ofName', { name })}
          </span>
        </a>
      </li>
      {post.canChange ? (
        <>
          <li>
            <a href={`/posts/${post.id}/edit`}>
              <span safe>{t('conversations.edit')}</span>
              <span class="visually-hidden" safe>
                {t('conversations.ofName', { name })}
              </span>
            </a>
          </li>
          <li>
            <a href={`/posts/${post.id}/delete`}>
              <span safe>{t('conversations.delete')}</span>
              <span class="visually-hidden" safe>
                {t('conversations.ofName', { name })}
              </span>
            </a>
          </li>
        </>
      ) : (
        ''
      )}
      <li>
        <a href={`/posts/${post.id}/flag`}>
          <span safe>{t('moderation.report')}</span>
          <span class="visually-hidden" safe>
            {t('conversations.ofName', { name })}
          </span>
        </a>
      </li>
      {post.canMarkHelpful ? (
        <li>
          <form method="post" action={`/posts/${post.id}/helpful`} class="inline-form">
            <CsrfField token={csrfToken} />
            <input type="hidden" name="helpful" value={post.helpful ? '0' : '1'} />
            <button type="submit" class="link-button" safe>
              {post.helpful ? t('conversations.helpful.unmark') : t('conversations.helpful.mark')}
            </button>
          </form>
        </li>
      ) : (
        ''
      )}
    </ul>
  );
}

/**
 * One post. `csrfToken` null: shown to a visitor, without forms. `standalone`: shown on its own
 * page (reply, history), without reactions or actions.
 */
export function PostArticle({
  post,
  csrfToken,
  replyTo = null,
  standalone = false,
}: {
  post: PostView;
  csrfToken: string | null;
  replyTo?: PostView | null;
  standalone?: boolean;
}) {
  if (post.hidden === 'placeholder') {
    return (
      <article class="post post--deleted" id={standalone ? undefined : `post-${post.id}`}>
        <p class="muted" safe>
          {t('moderation.hidden.placeholder')}
        </p>
      </article>
    );
  }
  if (post.deleted) {
    return (
      <article class="post post--deleted" id={standalone ? undefined : `post-${post.id}`}>
        <p class="muted" safe>
          {t('conversations.deleted')}
        </p>
      </article>
    );
  }
  // Sanitised by renderMarkdown (mentions added after as plain links), so output as HTML.
  const { safeBodyHtml } = post;
  return (
    <article class="post" id={standalone ? undefined : `post-${post.id}`} aria-label={t('conversations.postBy', { name: authorName(post.author) })}>
      <p class="post__meta">
        <Author author={post.author} /> <DateTime date={post.createdAt} />
        {post.editedAt ? (
          <>
            {' · '}
            <a href={`/posts/${post.id}/history`} safe>
              {t('conversations.editedLink')}
            </a>
          </>
        ) : (
          ''
        )}
        {post.helpful ? (
          <>
            {' '}
            <span class="badge badge--helpful" safe>
              {t('conversations.helpful')}
            </span>
          </>
        ) : (
          ''
        )}
      </p>
      {replyTo ? (
        <p class="post__context">
          <a href={`#post-${replyTo.id}`} safe>
            {t('conversations.inReplyTo', { name: replyTo.deleted ? t('conversations.deleted') : authorName(replyTo.author) })}
          </a>
        </p>
      ) : (
        ''
      )}
      {post.quoted ? (
        <p class="post__context">
          <a href={`/posts/${post.quoted.id}`} safe>
            {post.quoted.deleted
              ? t('conversations.quotingDeleted')
              : t('conversations.quoting', { name: post.quoted.authorName ?? t('conversations.formerMember') })}
          </a>
        </p>
      ) : (
        ''
      )}
      {post.hidden ? <p class="notice notice--warning" safe>{t('moderation.hidden.note', { reason: post.hidden.reason })}</p> : ''}
      <div class="post__body user-text">{safeBodyHtml}</div>
      {standalone ? '' : <Reactions post={post} csrfToken={csrfToken} />}
      {standalone || csrfToken === null ? '' : <PostActions post={post} csrfToken={csrfToken} />}
    </article>
  );
}

function Thread({ nodes, csrfToken, depth }: { nodes: TreeNode<PostView>[]; csrfToken: string | null; depth: number }) {
  return (
    <ol class={`thread thread--level-${depth}`}>
      {nodes.map((node) => (
        <li class="thread__item">
          <PostArticle post={node.post} csrfToken={csrfToken} replyTo={node.replyTo} />
          {node.children.length > 0 ? <Thread nodes={node.children} csrfToken={csrfToken} depth={depth + 1} /> : ''}
        </li>
      ))}
    </ol>
  );
}

function PostForm({
  action,
  csrfToken,
  values,
  errors,
  parentId,
  quoteOf,
  submit,
  cancelHref,
}: {
  cancelHref?: string;
  action: string;
  csrfToken: string;
  values?: FormValues | undefined;
  errors?: FieldErrors | undefined;
  parentId?: number | null | undefined;
  quoteOf?: number | null | undefined;
  submit: string;
}) {
  return (
    <form method="post" action={action} class="post-form" novalidate>
      <CsrfField token={csrfToken} />
      {parentId ? <input type="hidden" name="parentId" value={String(parentId)} /> : ''}
      {quoteOf ? <input type="hidden" name="quoteOf" value={String(quoteOf)} /> : ''}
      <TextArea
        name="postBody"
        label={t('conversations.body')}
        hint={t('conversations.body.hint')}
        value={values?.postBody}
        error={errors?.postBody}
        rows={8}
        maxLength={bodyMax}
      />
      <div class="actions">
        <Button label={submit} />
        {cancelHref ? (
          <a href={cancelHref} safe>
            {t('conversations.back')}
          </a>
        ) : (
          ''
        )}
      </div>
    </form>
  );
}

function PageLinks({ subject, pageNumber, hasNext }: { subject: SubjectView; pageNumber: number; hasNext: boolean }) {
  if (pageNumber <= 1 && !hasNext) return <></>;
  const href = (page: number) => (page > 1 ? `${subject.url}?postsPage=${page}#conversation` : `${subject.url}#conversation`);
  return (
    <nav class="pagination" aria-label={t('conversations.posts.pages')}>
      <ul>
        {pageNumber > 1 ? (
          <li>
            <a href={href(pageNumber - 1)} rel="prev" safe>
              {t('conversations.posts.earlier')}
            </a>
          </li>
        ) : (
          ''
        )}
        <li aria-current="page" safe>
          {t('conversations.posts.page', { page: pageNumber })}
        </li>
        {hasNext ? (
          <li>
            <a href={href(pageNumber + 1)} rel="next" safe>
              {t('conversations.posts.later')}
            </a>
          </li>
        ) : (
          ''
        )}
      </ul>
    </nav>
  );
}

/** The conversation on a subject's page: posts, threaded, and the ways to take part. */
export function ConversationSection(props: {
  viewer: Viewer | null;
  csrfToken: string | null;
  subject: SubjectView;
  nodes: TreeNode<PostView>[];
  postCount: number;
  following: boolean;
  pageNumber: number;
  hasNext: boolean;
}) {
  const { subject, csrfToken } = props;
  const action = conversationPath(subject);
  return (
    <section class="conversation" id="conversation" aria-labelledby="conversation-heading">
      <h2 id="conversation-heading" safe>
        {t('conversations.heading')}
      </h2>
      <p class="muted" safe>
        {props.postCount === 1 ? t('conversations.countOne') : t('conversations.count', { count: props.postCount })}
      </p>
      {props.viewer && csrfToken ? (
        <form method="post" action={`${action}/${props.following ? 'unfollow' : 'follow'}`} class="conversation__follow">
          <CsrfField token={csrfToken} />
          <p class="hint" safe>
            {props.following ? t('conversations.following') : t('conversations.notFollowing')}
          </p>
          <Button kind="secondary" label={props.following ? t('conversations.unfollow') : t('conversations.follow')} />
        </form>
      ) : (
        ''
      )}
      <PageLinks subject={subject} pageNumber={props.pageNumber} hasNext={props.hasNext} />
      {props.nodes.length > 0 ? (
        <Thread nodes={props.nodes} csrfToken={csrfToken} depth={1} />
      ) : (
        <p safe>{t('conversations.empty')}</p>
      )}
      <PageLinks subject={subject} pageNumber={props.pageNumber} hasNext={props.hasNext} />
      {props.viewer && csrfToken ? (
        <>
          <h3 safe>{t('conversations.newPost')}</h3>
          <PostForm action={`${action}/posts`} csrfToken={csrfToken} submit={t('conversations.submit')} />
        </>
      ) : (
        <p>
          <a href={`/sign-in?next=${encodeURIComponent(`${subject.url}#conversation`)}`} safe>
            {t('conversations.signInToReply')}
          </a>
          <span safe>{` – ${t('conversations.signInToReply.hint')}`}</span>
        </p>
      )}
    </section>
  );
}

function SubjectLine({ subject }: { subject: SubjectView }) {
  return (
    <p>
      <span safe>{`${t('conversations.on')} `}</span>
      <a href={`${subject.url}#conversation`} safe>
        {subject.title}
      </a>
    </p>
  );
}

/** Writing a reply (or a quote) without JavaScript; also where a failed post comes back to. */
export function PostFormPage(props: {
  page: PageContext;
  subject: SubjectView;
  parent: PostView | null;
  quote: boolean;
  quoteOf: number | null;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { parent, subject } = props;
  const title = parent
    ? t(props.quote ? 'conversations.quote.title' : 'conversations.reply.title', { name: authorName(parent.author) })
    : t('conversations.newPost.title', { title: subject.title });
  return (
    <Layout page={props.page} title={title}>
      <ErrorSummary errors={props.errors} />
      <h1 safe>{title}</h1>
      <SubjectLine subject={subject} />
      {parent ? (
        <section aria-labelledby="original-heading">
          <h2 id="original-heading" class="visually-hidden" safe>
            {t('conversations.reply.original')}
          </h2>
          <PostArticle post={parent} csrfToken={null} standalone />
        </section>
      ) : (
        ''
      )}
      <PostForm
        action={`${conversationPath(subject)}/posts`}
        csrfToken={props.page.csrfToken}
        values={props.values}
        errors={props.errors}
        parentId={parent?.id ?? null}
        quoteOf={props.quoteOf}
        submit={parent ? t('conversations.reply.submit') : t('conversations.submit')}
        cancelHref={`${subject.url}#conversation`}
      />
    </Layout>
  );
}

export function EditPostPage(props: { page: PageContext; subject: SubjectView; postId: number; values: FormValues; errors?: FieldErrors }) {
  const title = t('conversations.edit.title');
  return (
    <Layout page={props.page} title={title}>
      <ErrorSummary errors={props.errors} />
      <h1 safe>{title}</h1>
      <SubjectLine subject={props.subject} />
      <p class="hint" safe>
        {t('conversations.edit.hint')}
      </p>
      <form method="post" action={`/posts/${props.postId}/edit`} class="post-form" novalidate>
        <CsrfField token={props.page.csrfToken} />
        <TextArea
          name="postBody"
          label={t('conversations.body')}
          hint={t('conversations.body.hint')}
          value={props.values.postBody}
          error={props.errors?.postBody}
          rows={10}
          maxLength={bodyMax}
        />
        <div class="actions">
          <Button label={t('conversations.edit.submit')} />
          <a href={`/posts/${props.postId}`} safe>
            {t('form.cancel')}
          </a>
        </div>
      </form>
    </Layout>
  );
}

export interface VersionView {
  safeBodyHtml: string;
  writtenAt: Date;
  /** Who wrote this version: the author for the first, then whoever edited. */
  by: { name: string; handle: string } | null;
  first: boolean;
  current: boolean;
}

export function HistoryPage(props: { page: PageContext; subject: SubjectView; postId: number; versions: VersionView[] }) {
  const title = t('conversations.history.title');
  return (
    <Layout page={props.page} title={title}>
      <h1 safe>{title}</h1>
      <SubjectLine subject={props.subject} />
      <p safe>{t('conversations.history.intro')}</p>
      <ol class="versions">
        {props.versions.map(({ safeBodyHtml, ...version }) => (
          <li>
            <article class="post">
              <h2 class="post__version">
                {version.current ? (
                  <span safe>{t('conversations.history.current', { date: formatDateTime(version.writtenAt) })}</span>
                ) : (
                  <span safe>{t('conversations.history.version', { date: formatDateTime(version.writtenAt) })}</span>
                )}
              </h2>
              <p class="post__meta">
                <span safe>
                  {t(version.first ? 'conversations.history.by' : 'conversations.history.editedBy', {
                    name: version.by?.name ?? t('conversations.formerMember'),
                  })}
                </span>{' '}
                <DateTime date={version.writtenAt} />
              </p>
              <div class="post__body user-text">{safeBodyHtml}</div>
            </article>
          </li>
        ))}
      </ol>
      <p>
        <a href={`/posts/${props.postId}`} safe>
          {t('conversations.back')}
        </a>
      </p>
    </Layout>
  );
}

export function DeletePostPage(props: { page: PageContext; subject: SubjectView; post: PostView }) {
  const title = t('conversations.delete.title');
  return (
    <Layout page={props.page} title={title}>
      <h1 safe>{title}</h1>
      <SubjectLine subject={props.subject} />
      <PostArticle post={props.post} csrfToken={null} standalone />
      <p safe>{t('conversations.delete.body')}</p>
      <form method="post" action={`/posts/${props.post.id}/delete`} class="actions">
        <CsrfField token={props.page.csrfToken} />
        <Button kind="warning" label={t('conversations.delete.submit')} />
        <a href={`/posts/${props.post.id}`} safe>
          {t('form.cancel')}
        </a>
      </form>
    </Layout>
  );
}

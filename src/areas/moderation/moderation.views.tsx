import { t } from '../../i18n/i18n.ts';
import { Button, CsrfField, DataTable, ErrorSummary, Pagination, TextArea, type FieldErrors, type FormValues } from '../../web/components.tsx';
import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/layout.tsx';
import { formatDateTime } from '../conversations/conversations.views.tsx';
import { reasonMax } from './moderation.forms.ts';
import type { ContentType } from './moderation.queries.ts';

function ReasonField(props: { name?: string; label: string; hint: string; values: FormValues; errors: FieldErrors | undefined }) {
  const name = props.name ?? 'reason';
  return (
    <TextArea
      name={name}
      label={props.label}
      hint={props.hint}
      value={props.values[name]}
      error={props.errors?.[name]}
      rows={5}
      maxLength={reasonMax}
    />
  );
}

export function FlagFormPage(props: {
  page: PageContext;
  title: string;
  intro: string;
  action: string;
  backHref: string;
  values: FormValues;
  errors?: FieldErrors;
  block?: { handle: string; name: string; blocked: boolean };
}) {
  return (
    <Layout page={props.page} title={props.title}>
      <ErrorSummary errors={props.errors} />
      <h1 safe>{props.title}</h1>
      <p safe>{props.intro}</p>
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.page.csrfToken} />
        <ReasonField label={t('moderation.reason')} hint={t('moderation.reason.hint')} values={props.values} errors={props.errors} />
        <div class="actions">
          <Button label={t('moderation.flag.submit')} />
          <a href={props.backHref} safe>
            {t('form.cancel')}
          </a>
        </div>
      </form>
      {props.block ? (
        <section aria-labelledby="block-heading">
          <h2 id="block-heading" safe>
            {props.block.blocked ? t('moderation.unblock.submit', { name: props.block.name }) : t('moderation.block.submit', { name: props.block.name })}
          </h2>
          <p safe>{t('moderation.block.intro')}</p>
          <p>
            <a href="/settings/blocked" safe>
              {t('moderation.blocked.title')}
            </a>
          </p>
          <form method="post" action={`/members/${props.block.handle}/${props.block.blocked ? 'unblock' : 'block'}`}>
            <CsrfField token={props.page.csrfToken} />
            <Button
              kind="secondary"
              label={props.block.blocked ? t('moderation.unblock.submit', { name: props.block.name }) : t('moderation.block.submit', { name: props.block.name })}
            />
          </form>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

export interface QueueItem {
  id: number;
  what: string;
  reason: string;
  reportedBy: string;
  createdAt: Date;
}

export interface HiddenItem {
  id: number;
  authorName: string;
  reason: string;
}

export interface HiddenContentItem {
  what: string;
  reviewHref: string;
  reason: string;
}

export function QueuePage(props: {
  page: PageContext;
  items: QueueItem[];
  hidden: HiddenItem[];
  hiddenContent: HiddenContentItem[];
  admin: boolean;
  pageNumber: number;
  hasNext: boolean;
}) {
  const title = t('moderation.queue.title');
  const csrf = props.page.csrfToken;
  const nothing = !props.admin && props.items.length === 0 && props.hidden.length === 0 && props.hiddenContent.length === 0 && props.pageNumber === 1;
  return (
    <Layout page={props.page} title={title}>
      <h1 safe>{title}</h1>
      <p safe>{props.admin ? t('moderation.queue.intro') : t('moderation.queue.intro.member')}</p>
      {props.admin ? (
        <p>
          <a href="/admin/audit" safe>
            {t('moderation.audit.title')}
          </a>
        </p>
      ) : (
        ''
      )}
      {nothing ? (
        <p class="muted" safe>
          {t('moderation.queue.nothing')}
        </p>
      ) : (
        <>
          {props.items.length === 0 ? (
            <p class="muted" safe>
              {t('moderation.queue.empty')}
            </p>
          ) : (
            <ul class="plain-list">
              {props.items.map((item) => (
                <li>
                  <p>
                    <a href={`/moderation/flags/${item.id}`} safe>
                      {item.what}
                    </a>
                  </p>
                  <p class="user-text" safe>
                    {item.reason}
                  </p>
                  <p class="muted" safe>
                    {t('moderation.queue.reportedBy', { name: item.reportedBy, date: formatDateTime(item.createdAt) })}
                  </p>
                </li>
              ))}
            </ul>
          )}
          <Pagination page={props.pageNumber} hasNext={props.hasNext} path="/moderation" query={{}} />
          <section aria-labelledby="hidden-heading">
            <h2 id="hidden-heading" safe>
              {t('moderation.hiddenPosts')}
            </h2>
            {props.hidden.length === 0 ? (
              <p class="muted" safe>
                {t('moderation.hiddenPosts.empty')}
              </p>
            ) : (
              <ul class="plain-list">
                {props.hidden.map((post) => (
                  <li>
                    <p>
                      <a href={`/posts/${post.id}`} safe>
                        {t('moderation.queue.post', { name: post.authorName })}
                      </a>
                    </p>
                    <p class="user-text" safe>
                      {t('moderation.hidden.note', { reason: post.reason })}
                    </p>
                    <form method="post" action={`/moderation/posts/${post.id}/restore`}>
                      <CsrfField token={csrf} />
                      <button type="submit" class="button button--secondary" aria-label={`${t('moderation.restore.submit')} (${post.id})`} safe>
                        {t('moderation.restore.submit')}
                      </button>
                    </form>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="hidden-content-heading">
            <h2 id="hidden-content-heading" safe>
              {t('moderation.hiddenContent')}
            </h2>
            {props.hiddenContent.length === 0 ? (
              <p class="muted" safe>
                {t('moderation.hiddenContent.empty')}
              </p>
            ) : (
              <ul class="plain-list">
                {props.hiddenContent.map((item) => (
                  <li>
                    <p>
                      <a href={item.reviewHref} safe>
                        {item.what}
                      </a>
                    </p>
                    <p class="user-text" safe>
                      {t('moderation.hidden.note', { reason: item.reason })}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </Layout>
  );
}

/** A reported pitch or page, as the review page shows it. */
export interface ReviewContent {
  type: ContentType;
  gone: boolean;
  url: string;
  reviewHref: string;
  hidden: boolean;
  hiddenReason: string;
}

export function FlagReviewPage(props: {
  page: PageContext;
  flag: { id: number; what: string; reason: string; reportedBy: string; createdAt: Date; open: boolean };
  post: { id: number; hidden: boolean; deleted: boolean } | null;
  content: ReviewContent | null;
  member: { name: string } | null;
  /** Why removing or suspending is not offered (already done), in words. */
  notices: string[];
  removal: { name: string; group: string } | null;
  suspension: { name: string } | null;
  values: FormValues;
  errors?: FieldErrors;
}) {
  const { flag, post, content } = props;
  const title = t('moderation.flag.title', { id: String(flag.id) });
  const csrf = props.page.csrfToken;
  const base = `/moderation/flags/${flag.id}`;
  return (
    <Layout page={props.page} title={title}>
      <ErrorSummary errors={props.errors} />
      <p>
        <a href="/moderation" safe>
          {t('moderation.backToQueue')}
        </a>
      </p>
      <h1 safe>{title}</h1>
      <dl>
        <dt safe>{t('moderation.flag.subject')}</dt>
        <dd safe>{flag.what}</dd>
        <dt safe>{t('moderation.flag.reason')}</dt>
        <dd class="user-text" safe>
          {flag.reason}
        </dd>
        <dt safe>{t('moderation.audit.when')}</dt>
        <dd safe>{t('moderation.queue.reportedBy', { name: flag.reportedBy, date: formatDateTime(flag.createdAt) })}</dd>
      </dl>
      {post && !post.deleted ? (
        <p>
          <a href={`/posts/${post.id}`} safe>
            {t('moderation.viewPost')}
          </a>
        </p>
      ) : post ? (
        <p safe>{t('moderation.postGone')}</p>
      ) : (
        ''
      )}
      {content && !content.gone ? (
        <>
          <p>
            <a href={content.url} safe>
              {t(`moderation.content.view.${content.type}`)}
            </a>
          </p>
          {content.hidden ? (
            <p class="user-text" safe>
              {t('moderation.hidden.note', { reason: content.hiddenReason })}
            </p>
          ) : (
            ''
          )}
          <p>
            <a href={content.reviewHref} safe>
              {t('moderation.content.review')}
            </a>
          </p>
        </>
      ) : content ? (
        <p safe>{t('moderation.contentGone')}</p>
      ) : (
        ''
      )}
      {props.member ? (
        <p>
          <a href={`/admin/members?q=${encodeURIComponent(props.member.name)}`} safe>
            {t('moderation.suspendLink')}
          </a>
        </p>
      ) : (
        ''
      )}
      {!flag.open ? (
        <p class="muted" safe>
          {t('moderation.flag.closed')}
        </p>
      ) : (
        <>
          {post && !post.deleted && !post.hidden ? (
            <form method="post" action={`${base}/hide`} novalidate>
              <CsrfField token={csrf} />
              <ReasonField label={t('moderation.hide.reason')} hint={t('moderation.hide.reason.hint')} values={props.values} errors={props.errors} />
              <Button kind="warning" label={t('moderation.hide.submit')} />
            </form>
          ) : (
            ''
          )}
          {content && !content.gone && !content.hidden ? (
            <form method="post" action={`${base}/hide`} novalidate>
              <CsrfField token={csrf} />
              <ReasonField label={t('moderation.hideContent.reason')} hint={t('moderation.hideContent.reason.hint')} values={props.values} errors={props.errors} />
              <Button kind="warning" label={t(`moderation.hideContent.submit.${content.type}`)} />
            </form>
          ) : (
            ''
          )}
          <form method="post" action={`${base}/dismiss`}>
            <CsrfField token={csrf} />
            <Button kind="secondary" label={t('moderation.dismiss.submit')} />
          </form>
        </>
      )}
      {post && post.hidden && !post.deleted ? (
        <form method="post" action={`/moderation/posts/${post.id}/restore`}>
          <CsrfField token={csrf} />
          <Button kind="secondary" label={t('moderation.restore.submit')} />
        </form>
      ) : (
        ''
      )}
      {props.notices.map((notice) => (
        <p class="muted" safe>
          {notice}
        </p>
      ))}
      {props.removal ? (
        <section aria-labelledby="remove-heading">
          <h2 id="remove-heading" safe>
            {t('moderation.remove.heading', props.removal)}
          </h2>
          <p safe>{t('moderation.remove.intro', props.removal)}</p>
          <form method="post" action={`${base}/remove-from-group`} novalidate>
            <CsrfField token={csrf} />
            <ReasonField
              name="removeReason"
              label={t('moderation.remove.reason')}
              hint={t('moderation.remove.reason.hint')}
              values={props.values}
              errors={props.errors}
            />
            <Button kind="warning" label={t('moderation.remove.submit', props.removal)} />
          </form>
        </section>
      ) : (
        ''
      )}
      {props.suspension ? (
        <section aria-labelledby="suspend-heading">
          <h2 id="suspend-heading" safe>
            {t('moderation.suspend.heading', props.suspension)}
          </h2>
          <p safe>{t('moderation.suspend.intro', props.suspension)}</p>
          <form method="post" action={`${base}/suspend`} novalidate>
            <CsrfField token={csrf} />
            <ReasonField
              name="suspendReason"
              label={t('moderation.suspend.reason')}
              hint={t('moderation.suspend.reason.hint')}
              values={props.values}
              errors={props.errors}
            />
            <Button kind="warning" label={t('moderation.suspend.submit', props.suspension)} />
          </form>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

/** A pitch or page seen by its moderator: hide it with a reason, or show it again with one. */
export function ContentReviewPage(props: {
  page: PageContext;
  content: { type: ContentType; title: string; url: string; action: string; hidden: boolean; hiddenReason: string };
  values: FormValues;
  errors?: FieldErrors;
}) {
  const { content } = props;
  const title = t(`moderation.content.title.${content.type}`, { title: content.title });
  return (
    <Layout page={props.page} title={title}>
      <ErrorSummary errors={props.errors} />
      <p>
        <a href="/moderation" safe>
          {t('moderation.backToQueue')}
        </a>
      </p>
      <h1 safe>{title}</h1>
      <p>
        <a href={content.url} safe>
          {t(`moderation.content.view.${content.type}`)}
        </a>
      </p>
      {content.hidden ? (
        <>
          <p class="user-text" safe>
            {t('moderation.hidden.note', { reason: content.hiddenReason })}
          </p>
          <form method="post" action={`${content.action}/restore`} novalidate>
            <CsrfField token={props.page.csrfToken} />
            <ReasonField label={t('moderation.restoreContent.reason')} hint={t('moderation.restoreContent.reason.hint')} values={props.values} errors={props.errors} />
            <Button kind="secondary" label={t('moderation.restoreContent.submit')} />
          </form>
        </>
      ) : (
        <>
          <p safe>{t('moderation.content.shown')}</p>
          <form method="post" action={`${content.action}/hide`} novalidate>
            <CsrfField token={props.page.csrfToken} />
            <ReasonField label={t('moderation.hideContent.reason')} hint={t('moderation.hideContent.reason.hint')} values={props.values} errors={props.errors} />
            <Button kind="warning" label={t(`moderation.hideContent.submit.${content.type}`)} />
          </form>
        </>
      )}
    </Layout>
  );
}

export interface AuditRow {
  what: string;
  who: string;
  reason: string;
  when: Date;
}

export function AuditPage(props: { page: PageContext; rows: AuditRow[]; pageNumber: number; hasNext: boolean }) {
  const title = t('moderation.audit.title');
  return (
    <Layout page={props.page} title={title}>
      <h1 safe>{title}</h1>
      <p safe>{t('moderation.audit.intro')}</p>
      {props.rows.length === 0 ? (
        <p class="muted" safe>
          {t('moderation.audit.empty')}
        </p>
      ) : (
        <DataTable id="audit" caption={title}>
          <thead>
            <tr>
              <th scope="col" safe>
                {t('moderation.audit.when')}
              </th>
              <th scope="col" safe>
                {t('moderation.audit.who')}
              </th>
              <th scope="col" safe>
                {t('moderation.audit.what')}
              </th>
              <th scope="col" safe>
                {t('moderation.audit.reason')}
              </th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((row) => (
              <tr>
                <td safe>{formatDateTime(row.when)}</td>
                <td safe>{row.who}</td>
                <td safe>{row.what}</td>
                <td class="user-text" safe>
                  {row.reason}
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      <Pagination page={props.pageNumber} hasNext={props.hasNext} path="/admin/audit" query={{}} />
    </Layout>
  );
}

export function BlockedPage(props: { page: PageContext; members: { handle: string; name: string }[]; pageNumber: number; hasNext: boolean }) {
  const title = t('moderation.blocked.title');
  return (
    <Layout page={props.page} title={title}>
      <h1 safe>{title}</h1>
      <p safe>{t('moderation.blocked.intro')}</p>
      {props.members.length === 0 ? (
        <p class="muted" safe>
          {t('moderation.blocked.empty')}
        </p>
      ) : (
        <ul class="plain-list">
          {props.members.map((member) => (
            <li>
              <a href={`/members/${member.handle}`} safe>
                {member.name}
              </a>{' '}
              <form method="post" action={`/members/${member.handle}/unblock`} class="inline-form">
                <CsrfField token={props.page.csrfToken} />
                <Button kind="secondary" label={t('moderation.unblock.submit', { name: member.name })} />
              </form>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={props.pageNumber} hasNext={props.hasNext} path="/settings/blocked" query={{}} />
    </Layout>
  );
}

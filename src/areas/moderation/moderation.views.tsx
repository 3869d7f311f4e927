import { t } from '../../i18n/i18n.ts';
import { Button, CsrfField, DataTable, ErrorSummary, Pagination, TextArea, type FieldErrors, type FormValues } from '../../web/components.tsx';
import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/layout.tsx';
import { formatDateTime } from '../conversations/conversations.views.tsx';
import { reasonMax } from './moderation.forms.ts';

function ReasonField(props: { label: string; hint: string; values: FormValues; errors: FieldErrors | undefined }) {
  return (
    <TextArea
      name="reason"
      label={props.label}
      hint={props.hint}
      value={props.values.reason}
      error={props.errors?.reason}
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

export function QueuePage(props: { page: PageContext; items: QueueItem[]; hidden: HiddenItem[]; pageNumber: number; hasNext: boolean }) {
  const title = t('moderation.queue.title');
  const csrf = props.page.csrfToken;
  return (
    <Layout page={props.page} title={title}>
      <h1 safe>{title}</h1>
      <p safe>{t('moderation.queue.intro')}</p>
      {props.page.viewer?.role === 'admin' ? (
        <p>
          <a href="/admin/audit" safe>
            {t('moderation.audit.title')}
          </a>
        </p>
      ) : (
        ''
      )}
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
    </Layout>
  );
}

export function FlagReviewPage(props: {
  page: PageContext;
  flag: { id: number; what: string; reason: string; reportedBy: string; createdAt: Date; open: boolean };
  post: { id: number; hidden: boolean; deleted: boolean } | null;
  member: { name: string } | null;
  values: FormValues;
  errors?: FieldErrors;
}) {
  const { flag, post } = props;
  const title = t('moderation.flag.title', { id: String(flag.id) });
  const csrf = props.page.csrfToken;
  return (
    <Layout page={props.page} title={title}>
      <ErrorSummary errors={props.errors} />
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
            <form method="post" action={`/moderation/flags/${flag.id}/hide`} novalidate>
              <CsrfField token={csrf} />
              <ReasonField label={t('moderation.hide.reason')} hint={t('moderation.hide.reason.hint')} values={props.values} errors={props.errors} />
              <Button kind="warning" label={t('moderation.hide.submit')} />
            </form>
          ) : (
            ''
          )}
          <form method="post" action={`/moderation/flags/${flag.id}/dismiss`}>
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

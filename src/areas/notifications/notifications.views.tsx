import { t } from '../../i18n/i18n.ts';
import { Button, Choices, CsrfField, DataLinks, ErrorSummary, Notice, Pagination, type FieldErrors, type FormValues } from '../../web/components.tsx';
import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/layout.tsx';
import { deliveries, notificationKinds, perSubjectChoices, perSubjectKinds, unreadCountCap } from './notifications.model.ts';
import type { NotificationItem } from './notifications.queries.ts';

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });

export function unreadLabel(count: number): string {
  return count > unreadCountCap ? `${unreadCountCap}+` : String(count);
}

export function NotificationsPage({
  page,
  items,
  unread,
  pageNumber,
  hasNext,
}: {
  page: PageContext;
  items: NotificationItem[];
  unread: number;
  pageNumber: number;
  hasNext: boolean;
}) {
  return (
    <Layout page={page} title={t('notifications.title')}>
      <h1 safe>{t('notifications.title')}</h1>
      <p safe>{t('notifications.intro')}</p>
      <p safe>{unread > 0 ? t('notifications.unreadCount', { count: unreadLabel(unread) }) : t('notifications.allRead')}</p>
      <div class="actions">
        {unread > 0 ? (
          <form method="post" action="/notifications/read-all">
            <CsrfField token={page.csrfToken} />
            <Button kind="secondary" label={t('notifications.markAllRead')} />
          </form>
        ) : (
          ''
        )}
        <a href="/settings/notifications" safe>
          {t('notifications.preferencesLink')}
        </a>
      </div>
      {items.length === 0 ? (
        <p safe>{t('notifications.empty')}</p>
      ) : (
        <ol class="stack notifications" aria-label={t('notifications.list')}>
          {items.map((item) => (
            <li class={item.read_at ? 'notification' : 'notification notification--unread'}>
              <p>
                {item.read_at ? (
                  ''
                ) : (
                  <>
                    <strong class="badge" safe>
                      {t('notifications.unread')}
                    </strong>{' '}
                  </>
                )}
                <a href={`/notifications/${item.id}/open`}>
                  {item.read_at ? <span safe>{item.text}</span> : <strong safe>{item.text}</strong>}
                </a>
              </p>
              <p class="muted">
                {item.subjectTitle ? <span safe>{`${t('notifications.on', { title: item.subjectTitle })} · `}</span> : ''}
                <time datetime={item.created_at.toISOString()} safe>
                  {dateTime.format(item.created_at)}
                </time>
              </p>
            </li>
          ))}
        </ol>
      )}
      <Pagination page={pageNumber} hasNext={hasNext} path="/notifications" query={{}} />
      <DataLinks links={[{ label: 'JSON', href: pageNumber > 1 ? `/notifications.json?page=${pageNumber}` : '/notifications.json' }]} />
    </Layout>
  );
}

export function PreferencesPage({
  page,
  values,
  errors = {},
  canEmail,
}: {
  page: PageContext;
  values: FormValues;
  errors?: FieldErrors;
  canEmail: boolean;
}) {
  const options = deliveries.map((delivery) => ({ value: delivery, label: t(`notifications.delivery.${delivery}`) }));
  const perSubject = perSubjectChoices.map((delivery) => ({ value: delivery, label: t(`notifications.delivery.perSubject.${delivery}`) }));
  return (
    <Layout page={page} title={t('notifications.preferences.title')}>
      <p>
        <a href="/settings" safe>
          {t('notifications.preferences.back')}
        </a>
      </p>
      <h1 safe>{t('notifications.preferences.title')}</h1>
      <ErrorSummary errors={errors} />
      <p safe>{t('notifications.preferences.intro')}</p>
      {canEmail ? (
        ''
      ) : (
        <Notice kind="warning">
          <p safe>{t('notifications.preferences.noEmail')}</p>
        </Notice>
      )}
      <form method="post" action="/settings/notifications" novalidate>
        <CsrfField token={page.csrfToken} />
        {notificationKinds.map((kind) =>
          perSubjectKinds.includes(kind) ? (
            <Choices
              name={kind}
              label={t(`notifications.kind.${kind}`)}
              hint={t('notifications.kind.group.hint')}
              options={perSubject}
              values={values[kind]}
              error={errors[kind]}
            />
          ) : (
            <Choices name={kind} label={t(`notifications.kind.${kind}`)} options={options} values={values[kind]} error={errors[kind]} />
          ),
        )}
        <div class="actions">
          <Button label={t('notifications.preferences.save')} />
          <a href="/notifications" safe>
            {t('notifications.title')}
          </a>
        </div>
      </form>
    </Layout>
  );
}

export function UnsubscribePage({ page, action, about }: { page: PageContext; action: string; about: string }) {
  return (
    <Layout page={page} title={t('unsubscribe.title', { about })}>
      <h1 safe>{t('unsubscribe.title', { about })}</h1>
      <p safe>{t('unsubscribe.body', { about })}</p>
      {/* The address holds a secret only the member's email has, so no CSRF token is needed. */}
      <div class="actions">
        <form method="post" action={action}>
          <Button label={t('unsubscribe.confirm')} />
        </form>
        <a href="/settings/notifications" safe>
          {t('unsubscribe.preferences')}
        </a>
      </div>
    </Layout>
  );
}

export function UnsubscribedPage({ page, about }: { page: PageContext; about: string }) {
  return (
    <Layout page={page} title={t('unsubscribe.done.title')}>
      <h1 safe>{t('unsubscribe.done.title')}</h1>
      <p safe>{t('unsubscribe.done.body', { about })}</p>
      <p>
        <a href="/settings/notifications" safe>
          {t('unsubscribe.preferences')}
        </a>
      </p>
    </Layout>
  );
}

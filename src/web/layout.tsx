import type { Children } from '@kitajs/html';
import { t } from '../i18n/i18n.ts';
import { CsrfField, Notice } from './components.tsx';
import type { PageContext } from './context.ts';

export interface Alternate {
  type: string;
  href: string;
  title?: string;
}

/**
 * The open-data addresses of a public list: its rows as JSON and CSV (with the page's filters and
 * page number), its newest as RSS and Atom (filters only), and any more (iCalendar for events).
 * `links` are for the page's data links, `alternates` for the <link rel="alternate"> in its head.
 */
export function listFormats(
  path: string,
  queries: { data: string; feed: string },
  title: string,
  more: { label: string; type: string; href: string }[] = [],
): { links: { label: string; href: string }[]; alternates: Alternate[] } {
  const formats = [
    { label: 'JSON', type: 'application/json', href: `${path}.json${queries.data}` },
    { label: 'CSV', type: 'text/csv', href: `${path}.csv${queries.data}` },
    { label: 'RSS', type: 'application/rss+xml', href: `${path}.rss${queries.feed}`, title },
    { label: 'Atom', type: 'application/atom+xml', href: `${path}.atom${queries.feed}`, title },
    ...more.map((format) => ({ ...format, title })),
  ];
  return {
    links: formats.map(({ label, href }) => ({ label, href })),
    alternates: formats.map(({ type, href, title: feedTitle }) => (feedTitle ? { type, href, title: feedTitle } : { type, href })),
  };
}

export function Layout({
  page,
  title,
  children,
  alternates = [],
  wide = false,
}: {
  page: PageContext;
  title: string;
  children: Children;
  alternates?: Alternate[];
  wide?: boolean;
}) {
  const { viewer } = page;
  const fullTitle = title === page.hubName ? title : `${title} – ${page.hubName}`;
  return (
    <>
      {'<!doctype html>'}
      <html lang="en-GB">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{fullTitle}</title>
          <link rel="stylesheet" href="/assets/seedbed.css" />
          {alternates.map((alt) => (
            <link rel="alternate" type={alt.type} href={alt.href} title={alt.title} />
          ))}
          <script src="/assets/seedbed.js" defer></script>
        </head>
        <body>
          <a class="skip-link" href="#main" safe>
            {t('site.skip')}
          </a>
          <header class="site-header">
            <div class="site-header__inner">
              <a class="site-name" href="/" safe>
                {page.hubName}
              </a>
              <nav aria-label={t('site.menu')} class="site-nav">
                <ul>
                  <li>
                    <a href="/pitches" aria-current={page.path.startsWith('/pitches') ? 'page' : undefined} safe>
                      {t('site.pitches')}
                    </a>
                  </li>
                  <li>
                    <a href="/search" aria-current={page.path.startsWith('/search') ? 'page' : undefined} safe>
                      {t('site.search')}
                    </a>
                  </li>
                  <li>
                    <a href="/members" aria-current={page.path.startsWith('/members') ? 'page' : undefined} safe>
                      {t('site.members')}
                    </a>
                  </li>
                  <li>
                    <a href="/groups" aria-current={page.path.startsWith('/groups') ? 'page' : undefined} safe>
                      {t('site.groups')}
                    </a>
                  </li>
                  <li>
                    <a
                      href="/organisations"
                      aria-current={page.path.startsWith('/organisations') ? 'page' : undefined}
                      safe
                    >
                      {t('site.organisations')}
                    </a>
                  </li>
                  <li>
                    <a href="/events" aria-current={page.path.startsWith('/events') ? 'page' : undefined} safe>
                      {t('site.events')}
                    </a>
                  </li>
                  <li>
                    <a href="/stories" aria-current={page.path.startsWith('/stories') ? 'page' : undefined} safe>
                      {t('site.stories')}
                    </a>
                  </li>
                  <li>
                    <a href="/knowledge" aria-current={page.path.startsWith('/knowledge') ? 'page' : undefined} safe>
                      {t('site.knowledge')}
                    </a>
                  </li>
                  {viewer ? (
                    <>
                      <li>
                        <NotificationsLink page={page} />
                      </li>
                      <li>
                        <a href={`/members/${viewer.handle}`} safe>
                          {t('site.myProfile')}
                        </a>
                      </li>
                      <li>
                        <a href="/settings" safe>
                          {t('site.settings')}
                        </a>
                      </li>
                      {viewer.role === 'admin' ? (
                        <li>
                          <a href="/admin" safe>
                            {t('site.admin')}
                          </a>
                        </li>
                      ) : (
                        ''
                      )}
                      <li>
                        <form method="post" action="/sign-out" class="inline-form">
                          <CsrfField token={page.csrfToken} />
                          <button type="submit" class="link-button" safe>
                            {t('site.signOut')}
                          </button>
                        </form>
                      </li>
                    </>
                  ) : (
                    <>
                      <li>
                        <a href="/sign-in" safe>
                          {t('site.signIn')}
                        </a>
                      </li>
                      <li>
                        <a href="/sign-up" safe>
                          {t('site.signUp')}
                        </a>
                      </li>
                    </>
                  )}
                </ul>
              </nav>
            </div>
          </header>
          <main id="main" tabindex="-1" class={wide ? 'main main--wide' : 'main'}>
            {page.flashes.map((flash) => (
              <Notice kind={flash.kind}>
                <p safe>{flash.text}</p>
              </Notice>
            ))}
            {children}
          </main>
          <footer class="site-footer">
            <p safe>{t('site.footer')}</p>
            <p>
              <a href="/activity" safe>
                {t('site.activity')}
              </a>{' '}
              ·{' '}
              <a href="/awards" safe>
                {t('site.awards')}
              </a>{' '}
              ·{' '}
              <a href="/api" safe>
                {t('site.api')}
              </a>
            </p>
          </footer>
        </body>
      </html>
    </>
  );
}

/** The link to a member's notifications, with how many are unread in words for screen readers. */
function NotificationsLink({ page }: { page: PageContext }) {
  const count = page.unreadNotifications ?? 0;
  const shown = count > 99 ? '99+' : String(count);
  const current = page.path === '/notifications' ? 'page' : undefined;
  if (count === 0) {
    return (
      <a href="/notifications" aria-current={current} safe>
        {t('site.notifications')}
      </a>
    );
  }
  return (
    <a href="/notifications" aria-current={current} aria-label={t('site.notifications.label', { count: shown })} safe>
      {t('site.notifications.count', { count: shown })}
    </a>
  );
}

/** A plain page for errors and notices: a heading, a sentence and a way on. */
export function MessagePage({
  page,
  title,
  body,
  children,
}: {
  page: PageContext;
  title: string;
  body: string;
  children?: Children;
}) {
  return (
    <Layout page={page} title={title}>
      <h1 safe>{title}</h1>
      <p safe>{body}</p>
      {children ?? (
        <p>
          <a href="/" safe>
            {t('error.backHome')}
          </a>
        </p>
      )}
    </Layout>
  );
}

import { t } from '../../i18n/i18n.ts';
import { Button, DataLinks, ErrorSummary, Pagination, TextField, type FieldErrors } from '../../web/components.tsx';
import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/layout.tsx';
import { limits } from './pitches.forms.ts';
import { snippetHtml, type ActivityItem, type SearchResult } from './exchange.queries.ts';
import { pitchPath } from './pitches.views.tsx';
import { activityText } from './exchange.text.ts';
import type { StoryMatch } from '../stories/index.ts';

const dateAndTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });

export function resultUrl(result: Pick<SearchResult, 'kind' | 'subject' | 'postId'>): string {
  return result.kind === 'post' && result.postId !== null ? `${result.subject.url}#post-${result.postId}` : result.subject.url;
}

export function SearchPage({
  page,
  q,
  results,
  pageNumber,
  hasNext,
  errors,
  stories,
}: {
  page: PageContext;
  q: string;
  results: SearchResult[];
  pageNumber: number;
  hasNext: boolean;
  errors?: FieldErrors;
  /** Published stories that match, shown on the first page above the rest (the stories area finds them). */
  stories?: { stories: StoryMatch[]; moreUrl: string | null };
}) {
  const title = q ? t('exchange.search.resultsTitle', { q }) : t('exchange.search.title');
  const dataQuery = new URLSearchParams({ q, ...(pageNumber > 1 ? { page: String(pageNumber) } : {}) }).toString();
  return (
    <Layout page={page} title={title} alternates={q ? [{ type: 'application/json', href: `/search.json?${dataQuery}` }] : []}>
      <h1 safe>{title}</h1>
      <ErrorSummary errors={errors} />
      <form method="get" action="/search" role="search" aria-label={t('exchange.search.title')}>
        <TextField
          name="q"
          type="search"
          label={t('exchange.search.field')}
          hint={t('exchange.search.hint')}
          value={q}
          error={errors?.q}
          maxLength={limits.query}
        />
        <Button label={t('exchange.search.submit')} />
      </form>
      {q && !errors && stories && stories.stories.length > 0 ? (
        <section aria-labelledby="story-results-title">
          <h2 id="story-results-title" safe>
            {t('stories.search.title')}
          </h2>
          <ol class="search-results">
            {stories.stories.map((story) => {
              // Escaped whole by snippetHtml before its <mark> tags are added; the "safe" prefix tells xss-scan so.
              const safeSnippet = snippetHtml(story.snippet);
              return (
                <li>
                  <h3>
                    <a href={story.url} safe>
                      {story.title}
                    </a>
                  </h3>
                  <p class="user-text">{safeSnippet}</p>
                </li>
              );
            })}
          </ol>
          {stories.moreUrl ? (
            <p>
              <a href={stories.moreUrl} safe>
                {t('stories.search.more', { q })}
              </a>
            </p>
          ) : (
            ''
          )}
        </section>
      ) : (
        ''
      )}
      {q && !errors ? (
        <section aria-labelledby="results-title">
          <h2 id="results-title" safe>
            {t('exchange.search.results')}
          </h2>
          {results.length === 0 ? (
            <p safe>{stories && stories.stories.length > 0 ? t('stories.search.noOthers') : t('exchange.search.none')}</p>
          ) : (
            <ol class="search-results">
              {results.map((result) => {
                // Escaped whole by snippetHtml before its <mark> tags are added; the "safe" prefix tells xss-scan so.
                const safeSnippet = snippetHtml(result.snippet);
                return (
                  <li>
                    <h3>
                      <a href={resultUrl(result)}>
                        {result.kind === 'post' ? <span safe>{`${t('exchange.search.kind.post')} `}</span> : ''}
                        <span safe>{result.subject.title}</span>
                      </a>
                    </h3>
                    <p class="user-text">{safeSnippet}</p>
                  </li>
                );
              })}
            </ol>
          )}
          <Pagination page={pageNumber} hasNext={hasNext} path="/search" query={{ q }} />
          <DataLinks links={[{ label: 'JSON', href: `/search.json?${dataQuery}` }]} />
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function ActivityPage({ page, items, before, nextBefore }: { page: PageContext; items: ActivityItem[]; before: number | null; nextBefore: number | null }) {
  const suffix = before !== null ? `?before=${before}` : '';
  return (
    <Layout
      page={page}
      title={t('exchange.activity.title')}
      alternates={[
        { type: 'application/json', href: `/activity.json${suffix}` },
        { type: 'application/rss+xml', href: '/activity.rss', title: t('exchange.activity.title') },
        { type: 'application/atom+xml', href: '/activity.atom', title: t('exchange.activity.title') },
      ]}
    >
      <h1 safe>{t('exchange.activity.title')}</h1>
      <p class="lead" safe>
        {t('exchange.activity.intro')}
      </p>
      {items.length === 0 ? (
        <p safe>{t('exchange.activity.none')}</p>
      ) : (
        <ol class="activity">
          {items.map((item) => {
            const text = activityText(item);
            return (
              <li id={`activity-${item.id}`}>
                {item.actor ? (
                  <a href={`/members/${item.actor.handle}`} safe>
                    {item.actor.name}
                  </a>
                ) : (
                  <span safe>{text.actor}</span>
                )}
                <span safe>{` ${text.verb} `}</span>
                {item.subject ? (
                  <a href={item.subject.url} safe>
                    {item.subject.title}
                  </a>
                ) : (
                  ''
                )}
                {text.detail ? <span safe>{` ${text.detail}`}</span> : ''}
                {' – '}
                <time datetime={item.at.toISOString()} class="muted" safe>
                  {dateAndTime.format(item.at)}
                </time>
              </li>
            );
          })}
        </ol>
      )}
      <nav class="pagination" aria-label={t('pagination.label')}>
        <ul>
          {before !== null ? (
            <li>
              <a href="/activity" safe>
                {t('exchange.activity.newest')}
              </a>
            </li>
          ) : (
            ''
          )}
          {nextBefore !== null ? (
            <li>
              <a href={`/activity?before=${nextBefore}`} rel="next" safe>
                {t('exchange.activity.older')}
              </a>
            </li>
          ) : (
            ''
          )}
        </ul>
      </nav>
      <DataLinks
        links={[
          { label: 'JSON', href: `/activity.json${suffix}` },
          { label: 'RSS', href: '/activity.rss' },
          { label: 'Atom', href: '/activity.atom' },
        ]}
      />
    </Layout>
  );
}

import { t } from '../../i18n/i18n.ts';
import type { ApiOperation } from '../../web/api-docs.ts';
import {
  Button,
  CsrfField,
  ErrorSummary,
  Notice,
  Pagination,
  TextField,
  type FieldErrors,
  type FormValues,
} from '../../web/components.tsx';
import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/layout.tsx';
import type { TokenRow } from './api.queries.ts';

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });

function When({ date }: { date: Date }) {
  return (
    <time datetime={date.toISOString()} safe>
      {dateTime.format(date)}
    </time>
  );
}

export function TokensPage({
  page,
  tokens,
  pageNumber,
  hasNext,
  activeCount,
  maxActive,
  nameMax,
  values = {},
  errors = {},
  created,
}: {
  page: PageContext;
  tokens: TokenRow[];
  pageNumber: number;
  hasNext: boolean;
  activeCount: number;
  maxActive: number;
  nameMax: number;
  values?: FormValues;
  errors?: FieldErrors;
  /** The secret of a token made by this very request: the only time it is ever shown. */
  created?: { name: string; token: string };
}) {
  return (
    <Layout page={page} title={t('tokens.title')} wide>
      <p>
        <a href="/settings" safe>
          {t('tokens.back')}
        </a>
      </p>
      <h1 safe>{t('tokens.title')}</h1>
      {created ? (
        <Notice kind="success">
          <h2 safe>{t('tokens.created.title', { name: created.name })}</h2>
          <p safe>{t('tokens.created.warning')}</p>
          <div class="field">
            <label for="new-token" safe>
              {t('tokens.created.label')}
            </label>
            <input
              id="new-token"
              type="text"
              value={created.token}
              readonly
              autocomplete="off"
              spellcheck="false"
              autocapitalize="off"
            />
          </div>
          <button type="button" class="button button--secondary" data-copy="new-token" data-copied={t('tokens.copied')} hidden safe>
            {t('tokens.copy')}
          </button>
        </Notice>
      ) : (
        ''
      )}
      <p safe>{t('tokens.intro')}</p>
      <p>
        <a href="/api" safe>
          {t('tokens.howTo')}
        </a>
      </p>

      <h2 safe>{t('tokens.list')}</h2>
      <p safe>{t('tokens.activeCount', { count: activeCount, max: maxActive })}</p>
      {tokens.length === 0 ? (
        <p safe>{t('tokens.none')}</p>
      ) : (
        // A list rather than a table: six columns do not fit a phone, and the revoke button must not hide off-screen.
        <ul class="stack">
          {tokens.map((token) => (
            <li>
              <h3 safe>{token.name}</h3>
              <dl class="summary">
                <dt safe>{t('tokens.col.prefix')}</dt>
                <dd>
                  <code safe>{`${token.token_prefix}…`}</code>
                </dd>
                <dt safe>{t('tokens.col.created')}</dt>
                <dd>
                  <When date={token.created_at} />
                </dd>
                <dt safe>{t('tokens.col.lastUsed')}</dt>
                <dd>{token.last_used_at ? <When date={token.last_used_at} /> : <span safe>{t('tokens.neverUsed')}</span>}</dd>
                <dt safe>{t('tokens.col.status')}</dt>
                <dd>
                  {token.revoked_at ? (
                    <>
                      <span safe>{t('tokens.revokedStatus')}</span> <When date={token.revoked_at} />
                    </>
                  ) : (
                    <span safe>{t('tokens.active')}</span>
                  )}
                </dd>
              </dl>
              {token.revoked_at ? (
                ''
              ) : (
                <form method="post" action={`/settings/tokens/${token.id}/revoke`} data-confirm={t('tokens.revoke.confirm')}>
                  <CsrfField token={page.csrfToken} />
                  <button type="submit" class="button button--warning" aria-label={t('tokens.revoke.label', { name: token.name })} safe>
                    {t('tokens.revoke')}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      <Pagination page={pageNumber} hasNext={hasNext} path="/settings/tokens" query={{}} />

      <h2 safe>{t('tokens.create')}</h2>
      <ErrorSummary errors={errors} />
      <form method="post" action="/settings/tokens" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField
          name="name"
          label={t('tokens.name')}
          hint={t('tokens.name.hint')}
          value={values.name}
          error={errors.name}
          autocomplete="off"
          maxLength={nameMax}
        />
        <Button label={t('tokens.submit')} />
      </form>
    </Layout>
  );
}

/** A path that may break after each slash and before a suffix, so long addresses wrap on a phone instead of widening the table. */
function PathText({ path }: { path: string }) {
  return (
    <>
      {path.split('/').map((segment, index) => (
        <>
          {index > 0 ? '/' : ''}
          {index > 1 ? <wbr /> : ''}
          {segment.split(/(?=\.)/).map((part, partIndex) => (
            <>
              {partIndex > 0 ? <wbr /> : ''}
              <span safe>{part}</span>
            </>
          ))}
        </>
      ))}
    </>
  );
}

const authKey = {
  required: 'apiPage.ops.auth.required',
  optional: 'apiPage.ops.auth.optional',
  none: 'apiPage.ops.auth.none',
} as const;

export function ApiPage({ page, publicUrl, operations }: { page: PageContext; publicUrl: string; operations: ApiOperation[] }) {
  const base = publicUrl.replace(/\/+$/, '');
  return (
    <Layout page={page} title={t('apiPage.title')} wide>
      <h1 safe>{t('apiPage.title')}</h1>
      <p class="lead" safe>
        {t('apiPage.intro', { hub: page.hubName })}
      </p>

      <h2 safe>{t('apiPage.open.title')}</h2>
      <p safe>{t('apiPage.open.body')}</p>
      <p safe>{t('apiPage.open.examples')}</p>
      <ul>
        <li safe>{t('apiPage.open.exampleList', { url: `${base}/members.json` })}</li>
        <li safe>{t('apiPage.open.exampleCsv', { url: `${base}/members.csv` })}</li>
        <li safe>{t('apiPage.open.exampleObject', { url: `${base}/members/ada.json` })}</li>
      </ul>
      <p safe>{t('apiPage.open.paging')}</p>
      <p safe>{t('apiPage.open.privacy')}</p>

      <h2 safe>{t('apiPage.token.title')}</h2>
      <p safe>{t('apiPage.token.body')}</p>
      <p>
        <a href="/settings/tokens" safe>
          {t('apiPage.token.manage')}
        </a>
      </p>
      <p safe>{t('apiPage.token.header')}</p>
      <p>
        <code>Authorization: Bearer sb_…</code>
      </p>
      <p safe>{t('apiPage.token.example')}</p>
      <p>
        <code safe>{`curl -H "Authorization: Bearer sb_…" ${base}/api/me`}</code>
      </p>
      <p safe>{t('apiPage.token.safety')}</p>

      <h2 safe>{t('apiPage.rate.title')}</h2>
      <p safe>{t('apiPage.rate.body')}</p>
      <p safe>{t('apiPage.rate.limit')}</p>

      <h2 safe>{t('apiPage.spec.title')}</h2>
      <p safe>{t('apiPage.spec.body')}</p>
      <p>
        <a href="/api/openapi.json" type="application/json" safe>
          {t('apiPage.spec.link')}
        </a>
      </p>

      <h2 safe>{t('apiPage.ops.title')}</h2>
      {operations.length === 0 ? (
        <p safe>{t('apiPage.ops.none')}</p>
      ) : (
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="operations-caption">
          <table class="data">
            <caption id="operations-caption" class="visually-hidden" safe>
              {t('apiPage.ops.caption')}
            </caption>
            <thead>
              <tr>
                <th scope="col" safe>{t('apiPage.ops.request')}</th>
                <th scope="col" safe>{t('apiPage.ops.summary')}</th>
              </tr>
            </thead>
            <tbody>
              {operations.map((op) => (
                <tr>
                  <td>
                    <code>
                      <span safe>{`${op.method.toUpperCase()} `}</span>
                      <PathText path={op.path} />
                    </code>
                  </td>
                  <td>
                    <span safe>{op.summary}</span>
                    <br />
                    <span class="muted" safe>
                      {t(authKey[op.auth])}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

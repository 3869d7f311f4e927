import type { Children } from '@kitajs/html';
import { localAuthorities } from '../../data/uk-local-authorities.ts';
import { t } from '../../i18n/i18n.ts';
import {
  ActionForm,
  Button,
  Card,
  Choices,
  CsrfField,
  DataLinks,
  ErrorSummary,
  Notice,
  Pagination,
  Select,
  Tags,
  TextArea,
  TextField,
  type FieldErrors,
  type FormValues,
  FilterActions,
} from '../../web/components.tsx';
import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/layout.tsx';
import { renderMarkdown } from '../../web/markdown.ts';
import {
  filtersQuery,
  limits,
  organisationSizes,
  organisationTypes,
  sizeLabel,
  typeLabel,
  type DirectoryFilters,
} from './organisations.forms.ts';
import type { OrganisationDetail, OrganisationMember, OrganisationSummary, JoinRequest } from './organisations.queries.ts';

const typeOptions = () => organisationTypes.map((value) => ({ value, label: t(typeLabel(value)) }));
const sizeOptions = () => organisationSizes.map((value) => ({ value, label: t(sizeLabel(value)) }));
const authorityOptions = () => localAuthorities.map((authority) => ({ value: authority.code, label: authority.name }));

const longDate = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/London' });

export const organisationPath = (slug: string) => `/organisations/${slug}`;
const tagHref = (tag: string) => `/organisations?${new URLSearchParams({ tag })}`;

function queryString(query: Record<string, string | undefined>) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

// ---- Directory ----------------------------------------------------------------------------

export function DirectoryPage({
  page,
  filters,
  organisations,
  pageNumber,
  hasNext,
}: {
  page: PageContext;
  filters: DirectoryFilters;
  organisations: OrganisationSummary[];
  pageNumber: number;
  hasNext: boolean;
}) {
  const query = filtersQuery(filters);
  const filtered = Object.values(query).some(Boolean);
  const dataQuery = queryString({ ...query, page: pageNumber > 1 ? String(pageNumber) : undefined });
  return (
    <Layout
      page={page}
      title={t('organisations.title')}
      wide
      alternates={[
        { type: 'application/json', href: `/organisations.json${dataQuery}` },
        { type: 'text/csv', href: `/organisations.csv${dataQuery}` },
      ]}
    >
      <h1 safe>{t('organisations.title')}</h1>
      <p class="lead" safe>
        {t('organisations.intro')}
      </p>
      {page.viewer ? (
        <p>
          <a class="button button--secondary" href="/organisations/new" safe>
            {t('organisations.add')}
          </a>
        </p>
      ) : (
        ''
      )}
      <div class="with-sidebar">
        <form method="get" action="/organisations" class="filters" role="search" aria-labelledby="filters-title">
          <h2 id="filters-title" safe>
            {t('organisations.filters')}
          </h2>
          <TextField name="q" type="search" label={t('organisations.search')} hint={t('organisations.search.hint')} value={filters.q} maxLength={limits.query} />
          <Select name="type" label={t('organisations.filter.type')} value={filters.type ?? ''} options={typeOptions()} blank={t('organisations.filter.any')} />
          <Select name="size" label={t('organisations.filter.size')} value={filters.size ?? ''} options={sizeOptions()} blank={t('organisations.filter.any')} />
          <Select
            name="authority"
            label={t('organisations.filter.authority')}
            value={filters.authority ?? ''}
            options={authorityOptions()}
            blank={t('organisations.filter.any')}
          />
          <TextField name="tag" label={t('organisations.filter.tag')} value={filters.tag ?? ''} maxLength={40} />
          <FilterActions label={t('form.filter')} clearHref="/organisations" filtered={filtered} />
        </form>
        <section class="results" aria-labelledby="results-title">
          <h2 id="results-title" class="visually-hidden" safe>
            {t('organisations.results')}
          </h2>
          {organisations.length === 0 ? (
            <p safe>{filtered || pageNumber > 1 ? t('organisations.none') : t('organisations.empty')}</p>
          ) : (
            <ul class="grid">
              {organisations.map((organisation) => (
                <li>
                  <OrganisationCard organisation={organisation} />
                </li>
              ))}
            </ul>
          )}
          <Pagination page={pageNumber} hasNext={hasNext} path="/organisations" query={query} />
          <DataLinks
            links={[
              { label: 'JSON', href: `/organisations.json${dataQuery}` },
              { label: 'CSV', href: `/organisations.csv${dataQuery}` },
            ]}
          />
        </section>
      </div>
    </Layout>
  );
}

function OrganisationCard({ organisation }: { organisation: OrganisationSummary }) {
  const where = [organisation.place, organisation.localAuthority?.name].filter(Boolean).join(', ');
  return (
    <Card title={organisation.name} href={organisationPath(organisation.slug)}>
      <p>
        <span class="badge" safe>
          {t(typeLabel(organisation.type))}
        </span>
      </p>
      {where ? (
        <p class="muted" safe>
          {where}
        </p>
      ) : (
        ''
      )}
      <Tags tags={organisation.tags} hrefFor={tagHref} />
    </Card>
  );
}

// ---- One organisation ---------------------------------------------------------------------

export function OrganisationPage({ page, organisation }: { page: PageContext; organisation: OrganisationDetail }) {
  const path = organisationPath(organisation.slug);
  // Sanitised by renderMarkdown, so it is output as HTML; the "safe" prefix tells xss-scan so.
  const safeDescriptionHtml = organisation.description ? renderMarkdown(organisation.description) : '';
  const membersQuery = organisation.membersPage > 1 ? `?page=${organisation.membersPage}` : '';
  return (
    <Layout page={page} title={organisation.name} alternates={[{ type: 'application/json', href: `${path}.json${membersQuery}` }]}>
      <p>
        <a href="/organisations" safe>
          {t('organisations.title')}
        </a>
      </p>
      <h1 safe>{organisation.name}</h1>
      <dl class="summary">
        <dt safe>{t('organisations.filter.type')}</dt>
        <dd>
          <a href={`/organisations?type=${organisation.type}`} safe>
            {t(typeLabel(organisation.type))}
          </a>
        </dd>
        {organisation.size ? (
          <>
            <dt safe>{t('organisations.field.size')}</dt>
            <dd safe>{t(sizeLabel(organisation.size))}</dd>
          </>
        ) : (
          ''
        )}
        {organisation.place ? (
          <>
            <dt safe>{t('organisations.field.place')}</dt>
            <dd safe>{organisation.place}</dd>
          </>
        ) : (
          ''
        )}
        {organisation.localAuthority ? (
          <>
            <dt safe>{t('organisations.field.authority')}</dt>
            <dd>
              <a href={`/organisations?authority=${organisation.localAuthority.code}`} safe>
                {organisation.localAuthority.name}
              </a>
            </dd>
          </>
        ) : (
          ''
        )}
        {organisation.website ? (
          <>
            <dt safe>{t('organisations.field.website')}</dt>
            <dd>
              <a href={organisation.website} rel="nofollow ugc noopener" safe>
                {organisation.website}
              </a>
            </dd>
          </>
        ) : (
          ''
        )}
      </dl>
      <Tags tags={organisation.tags} hrefFor={tagHref} />
      {organisation.canEdit ? (
        <p class="actions">
          <a class="button button--secondary" href={`${path}/edit`} safe>
            {t('organisations.edit.link')}
          </a>
        </p>
      ) : (
        ''
      )}
      {safeDescriptionHtml ? (
        <section aria-labelledby="about-title">
          <h2 id="about-title" safe>
            {t('organisations.page.about')}
          </h2>
          <div class="user-text">{safeDescriptionHtml}</div>
        </section>
      ) : (
        ''
      )}
      {organisation.canManage && organisation.requests.length > 0 ? (
        <JoinRequests page={page} path={path} requests={organisation.requests} more={organisation.moreRequests} />
      ) : (
        ''
      )}
      <section aria-labelledby="members-title">
        <h2 id="members-title" safe>
          {t('organisations.page.members')}
        </h2>
        {organisation.members.length === 0 ? (
          <p safe>{t('organisations.page.noMembers')}</p>
        ) : (
          <ul class="stack">
            {organisation.members.map((member) => (
              <MemberItem page={page} path={path} member={member} canManage={organisation.canManage} />
            ))}
          </ul>
        )}
        <Pagination page={organisation.membersPage} hasNext={organisation.membersHasNext} path={path} query={{}} />
      </section>
      <Membership page={page} path={path} organisation={organisation} />
      <DataLinks links={[{ label: 'JSON', href: `${path}.json${membersQuery}` }]} />
    </Layout>
  );
}

/** A button whose accessible name also says whom it acts on, while showing only the verb. */
function ActionButton({ label, name, kind }: { label: string; name: string; kind: 'primary' | 'secondary' | 'warning' }) {
  return (
    <button type="submit" class={`button button--${kind}`}>
      <span safe>{label}</span>
      <span class="visually-hidden" safe>{` (${name})`}</span>
    </button>
  );
}

function MemberItem({ page, path, member, canManage }: { page: PageContext; path: string; member: OrganisationMember; canManage: boolean }) {
  const memberPath = `${path}/members/${member.handle}`;
  const isSelf = page.viewer?.id === member.userId;
  return (
    <li>
      <a href={`/members/${member.handle}`} safe>
        {member.name}
      </a>
      {member.role === 'admin' ? (
        <>
          {' '}
          <span class="badge" safe>
            {t('organisations.role.admin')}
          </span>
        </>
      ) : (
        ''
      )}
      {canManage && !isSelf ? (
        <div class="actions">
          {member.role === 'admin' ? (
            <ActionForm page={page} action={`${memberPath}/make-member`}>
              <ActionButton kind="secondary" label={t('organisations.manage.makeMember')} name={member.name} />
            </ActionForm>
          ) : (
            <ActionForm page={page} action={`${memberPath}/make-admin`}>
              <ActionButton kind="secondary" label={t('organisations.manage.makeAdmin')} name={member.name} />
            </ActionForm>
          )}
          <ActionForm page={page} action={`${memberPath}/remove`} confirm={t('organisations.manage.removeConfirm')}>
            <ActionButton kind="warning" label={t('organisations.manage.remove')} name={member.name} />
          </ActionForm>
        </div>
      ) : (
        ''
      )}
    </li>
  );
}

function JoinRequests({ page, path, requests, more }: { page: PageContext; path: string; requests: JoinRequest[]; more: boolean }) {
  return (
    <section aria-labelledby="requests-title">
      <h2 id="requests-title" safe>
        {t('organisations.page.requests')}
      </h2>
      <p class="hint" safe>
        {t('organisations.page.requests.intro')}
      </p>
      <ul class="grid">
        {requests.map((request) => (
          <li class="card">
            <p>
              <a href={`/members/${request.handle}`} safe>
                {request.name}
              </a>{' '}
              <span class="muted" safe>
                {t('organisations.page.requests.asked', { date: longDate.format(request.askedAt) })}
              </span>
            </p>
            {request.message ? (
              <blockquote class="user-text" safe>
                {request.message}
              </blockquote>
            ) : (
              <p class="muted" safe>
                {t('organisations.page.requests.noMessage')}
              </p>
            )}
            <div class="actions">
              <ActionForm page={page} action={`${path}/members/${request.handle}/approve`}>
                <ActionButton kind="primary" label={t('organisations.manage.approve')} name={request.name} />
              </ActionForm>
              <ActionForm page={page} action={`${path}/members/${request.handle}/decline`}>
                <ActionButton kind="secondary" label={t('organisations.manage.decline')} name={request.name} />
              </ActionForm>
            </div>
          </li>
        ))}
      </ul>
      {more ? (
        <p class="hint" safe>
          {t('organisations.page.requests.more')}
        </p>
      ) : (
        ''
      )}
    </section>
  );
}

function Membership({ page, path, organisation }: { page: PageContext; path: string; organisation: OrganisationDetail }) {
  const membership = organisation.viewerMembership;
  if (!page.viewer) {
    return (
      <section aria-labelledby="join-title">
        <h2 id="join-title" safe>
          {t('organisations.join.heading')}
        </h2>
        <p>
          <a href={`/sign-in?next=${encodeURIComponent(path)}`} safe>
            {t('organisations.join.signIn')}
          </a>
        </p>
      </section>
    );
  }
  if (!membership) {
    return <JoinForm page={page} path={path} />;
  }
  return (
    <section aria-labelledby="membership-title">
      <h2 id="membership-title" safe>
        {t('organisations.page.membership')}
      </h2>
      {membership.status === 'pending' ? (
        <>
          <p safe>{t('organisations.join.pending')}</p>
          <ActionForm page={page} action={`${path}/leave`}>
            <Button kind="secondary" label={t('organisations.join.withdraw')} />
          </ActionForm>
        </>
      ) : (
        <>
          <p safe>{t(membership.role === 'admin' ? 'organisations.join.youAreAdmin' : 'organisations.join.youAreMember')}</p>
          <ActionForm page={page} action={`${path}/leave`} confirm={t('organisations.leave.confirm')}>
            <Button kind="warning" label={t('organisations.leave.submit')} />
          </ActionForm>
        </>
      )}
    </section>
  );
}

export function JoinForm({ page, path, values = {}, errors = {} }: { page: PageContext; path: string; values?: FormValues; errors?: FieldErrors }) {
  return (
    <section aria-labelledby="join-title">
      <h2 id="join-title" safe>
        {t('organisations.join.heading')}
      </h2>
      <p safe>{t('organisations.join.intro')}</p>
      <ErrorSummary errors={errors} />
      <form method="post" action={`${path}/join`} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextArea
          name="message"
          label={t('organisations.join.message')}
          hint={t('organisations.join.message.hint')}
          value={values.message}
          error={errors.message}
          optional
          rows={4}
          maxLength={limits.message}
        />
        <Button label={t('organisations.join.submit')} />
      </form>
    </section>
  );
}

/** The join form on its own, when a request had a problem (a message that is too long). */
export function JoinFormPage({
  page,
  organisation,
  values,
  errors,
}: {
  page: PageContext;
  organisation: { slug: string; name: string };
  values: FormValues;
  errors: FieldErrors;
}) {
  const path = organisationPath(organisation.slug);
  return (
    <Layout page={page} title={organisation.name}>
      <p>
        <a href={path} safe>
          {organisation.name}
        </a>
      </p>
      <h1 safe>{organisation.name}</h1>
      <JoinForm page={page} path={path} values={values} errors={errors} />
    </Layout>
  );
}

// ---- Create and edit ----------------------------------------------------------------------

export function OrganisationFormPage({
  page,
  title,
  intro,
  action,
  submit,
  cancel,
  values = {},
  errors = {},
}: {
  page: PageContext;
  title: string;
  intro?: string;
  action: string;
  submit: string;
  cancel: string;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  return (
    <Layout page={page} title={errors && Object.keys(errors).length ? `${t('form.errorSummary')}: ${title}` : title}>
      <h1 safe>{title}</h1>
      {intro ? <p safe>{intro}</p> : ''}
      <ErrorSummary errors={errors} />
      <form method="post" action={action} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField
          name="name"
          label={t('organisations.field.name')}
          hint={t('organisations.field.name.hint')}
          value={values.name}
          error={errors.name}
          maxLength={limits.name}
          autocomplete="organization"
        />
        <Choices name="type" label={t('organisations.field.type')} options={typeOptions()} values={values.type} error={errors.type} />
        <Select
          name="size"
          label={t('organisations.field.size')}
          hint={t('organisations.field.size.hint')}
          value={values.size}
          error={errors.size}
          options={sizeOptions()}
          blank={t('organisations.field.size.none')}
          optional
        />
        <TextField
          name="place"
          label={t('organisations.field.place')}
          hint={t('organisations.field.place.hint')}
          value={values.place}
          error={errors.place}
          maxLength={limits.place}
          optional
        />
        <Select
          name="localAuthority"
          label={t('organisations.field.authority')}
          hint={t('organisations.field.authority.hint')}
          value={values.localAuthority}
          error={errors.localAuthority}
          options={authorityOptions()}
          blank={t('organisations.field.authority.none')}
          optional
        />
        <TextField
          name="website"
          type="url"
          label={t('organisations.field.website')}
          hint={t('organisations.field.website.hint')}
          value={values.website}
          error={errors.website}
          maxLength={limits.website}
          spellcheck={false}
          optional
        />
        <TextArea
          name="description"
          label={t('organisations.field.description')}
          hint={t('organisations.field.description.hint')}
          value={values.description}
          error={errors.description}
          rows={10}
          maxLength={limits.description}
          optional
        />
        <TextField
          name="tags"
          label={t('organisations.field.tags')}
          hint={t('organisations.field.tags.hint')}
          value={values.tags}
          error={errors.tags}
          optional
        />
        <div class="actions">
          <Button label={submit} />
          <a href={cancel} safe>
            {t('form.cancel')}
          </a>
        </div>
      </form>
    </Layout>
  );
}

// ---- My organisations ---------------------------------------------------------------------

export function MyOrganisationsPage({
  page,
  memberships,
  pageNumber,
  hasNext,
}: {
  page: PageContext;
  memberships: { slug: string; name: string; role: 'admin' | 'member'; status: 'pending' | 'active' }[];
  pageNumber: number;
  hasNext: boolean;
}) {
  const statusText = (m: (typeof memberships)[number]) =>
    m.status === 'pending' ? t('organisations.status.pending') : t(m.role === 'admin' ? 'organisations.role.admin' : 'organisations.role.member');
  return (
    <Layout page={page} title={t('organisations.mine.title')}>
      <p>
        <a href="/settings" safe>
          {t('settings.title')}
        </a>
      </p>
      <h1 safe>{t('organisations.mine.title')}</h1>
      <p safe>{t('organisations.mine.intro')}</p>
      {memberships.length === 0 && pageNumber === 1 ? (
        <p safe>{t('organisations.mine.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table class="data">
            <caption class="visually-hidden" safe>
              {t('organisations.mine.title')}
            </caption>
            <thead>
              <tr>
                <th scope="col" safe>
                  {t('organisations.mine.name')}
                </th>
                <th scope="col" safe>
                  {t('organisations.mine.status')}
                </th>
              </tr>
            </thead>
            <tbody>
              {memberships.map((membership) => (
                <tr>
                  <td>
                    <a href={organisationPath(membership.slug)} safe>
                      {membership.name}
                    </a>
                  </td>
                  <td safe>{statusText(membership)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={pageNumber} hasNext={hasNext} path="/settings/organisations" query={{}} />
      <p class="actions">
        <a href="/organisations" safe>
          {t('organisations.mine.find')}
        </a>
        <a href="/organisations/new" safe>
          {t('organisations.add')}
        </a>
      </p>
    </Layout>
  );
}

import type { Children } from '@kitajs/html';
import { localAuthorities } from '../../data/uk-local-authorities.ts';
import { t, type MessageKey } from '../../i18n/i18n.ts';
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
import { limits, type DirectoryFilters } from './groups.forms.ts';
import { visibilities, type Visibility } from './groups.policy.ts';
import type { GroupDetail, GroupPerson, GroupSummary, InvitationView } from './groups.queries.ts';

export const groupPath = (slug: string) => `/groups/${slug}`;
const visibilityLabel = (visibility: Visibility): MessageKey => `groups.visibility.${visibility}`;
const visibilityHint = (visibility: Visibility): MessageKey => `groups.visibility.${visibility}.hint`;
const tagHref = (tag: string) => `/groups?${new URLSearchParams({ tag })}`;
const authorityOptions = () => localAuthorities.map((authority) => ({ value: authority.code, label: authority.name }));

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
  groups,
  pageNumber,
  hasNext,
}: {
  page: PageContext;
  filters: DirectoryFilters;
  groups: GroupSummary[];
  pageNumber: number;
  hasNext: boolean;
}) {
  const query = { q: filters.q || undefined, visibility: filters.visibility ?? undefined, tag: filters.tag ?? undefined };
  const filtered = Object.values(query).some(Boolean);
  const dataQuery = queryString({ ...query, page: pageNumber > 1 ? String(pageNumber) : undefined });
  return (
    <Layout
      page={page}
      title={t('groups.title')}
      wide
      alternates={[
        { type: 'application/json', href: `/groups.json${dataQuery}` },
        { type: 'text/csv', href: `/groups.csv${dataQuery}` },
      ]}
    >
      <h1 safe>{t('groups.title')}</h1>
      <p class="lead" safe>
        {t('groups.intro')}
      </p>
      {page.viewer ? (
        <p>
          <a class="button button--secondary" href="/groups/new" safe>
            {t('groups.add')}
          </a>
        </p>
      ) : (
        ''
      )}
      <div class="with-sidebar">
        <form method="get" action="/groups" class="filters" role="search" aria-labelledby="filters-title">
          <h2 id="filters-title" safe>
            {t('groups.filters')}
          </h2>
          <TextField name="q" type="search" label={t('groups.search')} value={filters.q} maxLength={limits.query} />
          <Select
            name="visibility"
            label={t('groups.filter.visibility')}
            value={filters.visibility ?? ''}
            options={visibilities.map((v) => ({ value: v, label: t(visibilityLabel(v)) }))}
            blank={t('groups.filter.any')}
          />
          <TextField name="tag" label={t('groups.filter.tag')} value={filters.tag ?? ''} maxLength={40} />
          <FilterActions label={t('form.filter')} clearHref="/groups" filtered={filtered} />
        </form>
        <section class="results" aria-labelledby="results-title">
          <h2 id="results-title" class="visually-hidden" safe>
            {t('groups.results')}
          </h2>
          {groups.length === 0 ? (
            <p safe>{filtered || pageNumber > 1 ? t('groups.none') : t('groups.empty')}</p>
          ) : (
            <ul class="grid">
              {groups.map((group) => (
                <li>
                  <GroupCard group={group} />
                </li>
              ))}
            </ul>
          )}
          <Pagination page={pageNumber} hasNext={hasNext} path="/groups" query={query} />
          <DataLinks
            links={[
              { label: 'JSON', href: `/groups.json${dataQuery}` },
              { label: 'CSV', href: `/groups.csv${dataQuery}` },
            ]}
          />
        </section>
      </div>
    </Layout>
  );
}

function GroupCard({ group }: { group: GroupSummary }) {
  const where = [group.place, group.localAuthority?.name].filter(Boolean).join(', ');
  return (
    <Card title={group.name} href={groupPath(group.slug)}>
      <p>
        <span class="badge" safe>
          {t(visibilityLabel(group.visibility))}
        </span>{' '}
        <span class="muted" safe>
          {t(group.memberCount === 1 ? 'groups.memberCount.one' : 'groups.memberCount', { count: group.memberCount })}
        </span>
      </p>
      <p safe>{group.purpose}</p>
      {where ? (
        <p class="muted" safe>
          {where}
        </p>
      ) : (
        ''
      )}
      <Tags tags={group.tags} hrefFor={tagHref} />
    </Card>
  );
}

// ---- One group ----------------------------------------------------------------------------

/** A button whose accessible name also says whom it acts on, while showing only the verb. */
export function ActionButton({ label, name, kind }: { label: string; name: string; kind: 'primary' | 'secondary' | 'warning' }) {
  return (
    <button type="submit" class={`button button--${kind}`}>
      <span safe>{label}</span>
      <span class="visually-hidden" safe>{` (${name})`}</span>
    </button>
  );
}

/** Members named on the group page; the rest are on its members page. */
const membersShown = 12;

export function GroupPage({
  page,
  group,
  conversation,
  canInvite,
  pitches = '',
  knowledge = '',
  nav = '',
  pinned = '',
  recent = '',
  notify = '',
  canDelete = false,
  events = '',
}: {
  page: PageContext;
  group: GroupDetail;
  conversation: JSX.Element;
  canInvite: boolean;
  /** The pitches posted into it, rendered by the exchange area; only for those who see the content. */
  pitches?: JSX.Element;
  /** Its latest knowledge pages and a link to its wiki, rendered by the knowledge area; likewise. */
  knowledge?: JSX.Element;
  /** The group's own pages as tabs, what is pinned, the latest activity and the member's notification choice. */
  nav?: JSX.Element;
  pinned?: JSX.Element;
  recent?: JSX.Element;
  notify?: JSX.Element;
  canDelete?: boolean;
  /** Its next events, rendered by the events area; only for those who see the content. */
  events?: JSX.Element;
}) {
  const path = groupPath(group.slug);
  // Sanitised by renderMarkdown, so they are output as HTML; the "safe" prefix tells xss-scan so.
  const safeDescriptionHtml = group.canSeeContent && group.description ? renderMarkdown(group.description) : '';
  const safeWelcomeHtml = group.welcome ? renderMarkdown(group.welcome) : '';
  const where = [group.place, group.localAuthority?.name].filter(Boolean).join(', ');
  return (
    <Layout page={page} title={group.name} alternates={[{ type: 'application/json', href: `${path}.json` }]}>
      <p>
        <a href="/groups" safe>
          {t('groups.title')}
        </a>
        {group.parent ? (
          <>
            {' › '}
            <a href={groupPath(group.parent.slug)} safe>
              {group.parent.name}
            </a>
          </>
        ) : (
          ''
        )}
      </p>
      <h1 safe>{group.name}</h1>
      {group.canSeeContent ? nav : ''}
      <p class="lead" safe>
        {group.purpose}
      </p>
      <dl class="summary">
        <dt safe>{t('groups.field.visibility')}</dt>
        <dd safe>{t(visibilityLabel(group.visibility))}</dd>
        <dt safe>{t('groups.page.members')}</dt>
        <dd safe>{t(group.memberCount === 1 ? 'groups.memberCount.one' : 'groups.memberCount', { count: group.memberCount })}</dd>
        {where ? (
          <>
            <dt safe>{t('groups.field.place')}</dt>
            <dd safe>{where}</dd>
          </>
        ) : (
          ''
        )}
        <dt safe>{t('groups.page.facilitators')}</dt>
        <dd>
          {group.facilitators.map((person, index) => (
            <>
              {index > 0 ? ', ' : ''}
              <a href={`/members/${person.handle}`} safe>
                {person.name}
              </a>
            </>
          ))}
        </dd>
      </dl>
      <Tags tags={group.tags} hrefFor={tagHref} />
      <Membership page={page} path={path} group={group} />
      {canInvite ? (
        <p>
          <a class="button button--secondary" href={`${path}/invite`} safe>
            {t('groups.invite.link')}
          </a>
        </p>
      ) : (
        ''
      )}
      {safeWelcomeHtml ? (
        <Notice>
          <h2 safe>{t('groups.page.welcome')}</h2>
          <div class="user-text">{safeWelcomeHtml}</div>
        </Notice>
      ) : (
        ''
      )}
      {!group.canSeeContent ? (
        <p safe>{t('groups.page.closedNotice')}</p>
      ) : (
        <>
          {pinned}
          {safeDescriptionHtml ? (
            <section aria-labelledby="about-title">
              <h2 id="about-title" safe>
                {t('groups.page.about')}
              </h2>
              <div class="user-text">{safeDescriptionHtml}</div>
            </section>
          ) : (
            ''
          )}
          {group.canFacilitate ? <FacilitatorTools page={page} path={path} group={group} canDelete={canDelete} /> : ''}
          {recent}
          <section aria-labelledby="subgroups-title">
            <h2 id="subgroups-title" safe>
              {t('groups.page.subgroups')}
            </h2>
            {group.subgroups.length === 0 ? (
              <p safe>{t('groups.page.noSubgroups')}</p>
            ) : (
              <ul class="stack">
                {group.subgroups.map((sub) => (
                  <li>
                    <a href={groupPath(sub.slug)} safe>
                      {sub.name}
                    </a>{' '}
                    <span class="badge" safe>
                      {t(visibilityLabel(sub.visibility))}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="members-title">
            <h2 id="members-title" safe>
              {t('groups.page.members')}
            </h2>
            <ul class="stack">
              {group.members.slice(0, membersShown).map((member) => (
                <MemberItem member={member} />
              ))}
            </ul>
            <p>
              <a href={`${path}/members`} safe>
                {t(group.canFacilitate ? 'groups.members.allAndManage' : 'groups.members.all')}
              </a>
            </p>
          </section>
          {notify}
          {events}
          {pitches}
          {knowledge}
          {conversation}
        </>
      )}
      <DataLinks links={[{ label: 'JSON', href: `${path}.json` }]} />
    </Layout>
  );
}

function Membership({ page, path, group }: { page: PageContext; path: string; group: GroupDetail }) {
  const standing = group.standing;
  if (!page.viewer) {
    return (
      <p>
        <a href={`/sign-in?next=${encodeURIComponent(path)}`} safe>
          {t('groups.join.signIn')}
        </a>
      </p>
    );
  }
  if (standing?.status === 'active') {
    return (
      <div class="actions">
        <p safe>{t(standing.role === 'facilitator' ? 'groups.you.facilitator' : 'groups.you.member')}</p>
        <ActionForm inline page={page} action={`${path}/leave`}>
          <Button kind="secondary" label={t('groups.leave')} />
        </ActionForm>
      </div>
    );
  }
  if (standing?.status === 'pending') {
    return (
      <div class="actions">
        <p safe>{t('groups.you.pending')}</p>
        <ActionForm inline page={page} action={`${path}/leave`}>
          <Button kind="secondary" label={t('groups.join.withdraw')} />
        </ActionForm>
      </div>
    );
  }
  if (group.visibility === 'secret') return <></>;
  return (
    <ActionForm inline page={page} action={`${path}/join`}>
      <Button label={t(group.visibility === 'open' ? 'groups.join' : 'groups.join.ask')} />
    </ActionForm>
  );
}

function FacilitatorTools({ page, path, group, canDelete }: { page: PageContext; path: string; group: GroupDetail; canDelete: boolean }) {
  return (
    <section aria-labelledby="facilitate-title">
      <h2 id="facilitate-title" safe>
        {t('groups.facilitate.title')}
      </h2>
      <p class="actions">
        <a class="button button--secondary" href={`${path}/edit`} safe>
          {t('groups.edit.link')}
        </a>{' '}
        <a class="button button--secondary" href={`${path}/subgroups/new`} safe>
          {t('groups.subgroup.link')}
        </a>{' '}
        <a class="button button--secondary" href={`${path}/attention`} safe>
          {t('groups.attention.link')}
        </a>{' '}
        <a class="button button--secondary" href={`${path}/message`} safe>
          {t('groups.message.link')}
        </a>
        {canDelete ? (
          <>
            {' '}
            <a href={`${path}/delete`} safe>
              {t('groups.delete.link')}
            </a>
          </>
        ) : (
          ''
        )}
      </p>
      <h3 safe>{t('groups.requests.title')}</h3>
      {group.requests.length === 0 ? (
        <p safe>{t('groups.requests.none')}</p>
      ) : (
        <ul class="stack">
          {group.requests.map((person) => (
            <li>
              <a href={`/members/${person.handle}`} safe>
                {person.name}
              </a>
              <div class="actions">
                <ActionForm inline page={page} action={`${path}/members/${person.handle}/approve`}>
                  <ActionButton kind="primary" label={t('groups.requests.approve')} name={person.name} />
                </ActionForm>
                <ActionForm inline page={page} action={`${path}/members/${person.handle}/decline`}>
                  <ActionButton kind="secondary" label={t('groups.requests.decline')} name={person.name} />
                </ActionForm>
              </div>
            </li>
          ))}
        </ul>
      )}
      {group.moreRequests ? <p safe>{t('groups.requests.more')}</p> : ''}
    </section>
  );
}

function MemberItem({ member }: { member: GroupPerson }) {
  return (
    <li>
      <a href={`/members/${member.handle}`} safe>
        {member.name}
      </a>
      {member.role === 'facilitator' ? (
        <>
          {' '}
          <span class="badge" safe>
            {t('groups.role.facilitator')}
          </span>
        </>
      ) : (
        ''
      )}
    </li>
  );
}

// ---- Forms --------------------------------------------------------------------------------

export function GroupFormPage({
  page,
  title,
  intro,
  action,
  submit,
  cancel,
  values = { visibility: 'open' },
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
    <Layout page={page} title={title}>
      <h1 safe>{title}</h1>
      {intro ? <p safe>{intro}</p> : ''}
      <ErrorSummary errors={errors} />
      <form method="post" action={action} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField name="name" label={t('groups.field.name')} hint={t('groups.field.name.hint')} value={values.name} error={errors.name} maxLength={limits.name} />
        <TextArea name="purpose" label={t('groups.field.purpose')} hint={t('groups.field.purpose.hint')} value={values.purpose} error={errors.purpose} rows={3} maxLength={limits.purpose} />
        <Choices
          name="visibility"
          label={t('groups.field.visibility')}
          values={values.visibility}
          error={errors.visibility}
          options={visibilities.map((v) => ({ value: v, label: `${t(visibilityLabel(v))}: ${t(visibilityHint(v))}` }))}
        />
        <TextArea
          name="description"
          label={t('groups.field.description')}
          hint={t('groups.field.description.hint')}
          value={values.description}
          error={errors.description}
          optional
          rows={8}
          maxLength={limits.description}
        />
        <TextArea
          name="welcome"
          label={t('groups.field.welcome')}
          hint={t('groups.field.welcome.hint')}
          value={values.welcome}
          error={errors.welcome}
          optional
          rows={4}
          maxLength={limits.welcome}
        />
        <TextField name="tags" label={t('groups.field.tags')} hint={t('groups.field.tags.hint')} value={values.tags} error={errors.tags} optional />
        <TextField name="place" label={t('groups.field.place')} value={values.place} error={errors.place} optional maxLength={limits.place} />
        <Select
          name="localAuthority"
          label={t('groups.field.authority')}
          value={values.localAuthority}
          error={errors.localAuthority}
          optional
          options={authorityOptions()}
          blank={t('groups.field.authority.none')}
        />
        <Button label={submit} />{' '}
        <a href={cancel} safe>
          {t('form.cancel')}
        </a>
      </form>
    </Layout>
  );
}

export function InvitePage({ page, group, values = {}, errors = {} }: { page: PageContext; group: GroupDetail; values?: FormValues; errors?: FieldErrors }) {
  const path = groupPath(group.slug);
  const title = t('groups.invite.title', { name: group.name });
  return (
    <Layout page={page} title={title}>
      <h1 safe>{title}</h1>
      <p safe>{t('groups.invite.intro')}</p>
      <ErrorSummary errors={errors} />
      <form method="post" action={`${path}/invite`} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField name="email" type="email" label={t('groups.invite.email')} value={values.email} error={errors.email} autocomplete="off" spellcheck={false} maxLength={limits.email} />
        <Button label={t('groups.invite.submit')} />{' '}
        <a href={path} safe>
          {t('form.cancel')}
        </a>
      </form>
    </Layout>
  );
}

export function InvitationPage({ page, invitation, token, isMember }: { page: PageContext; invitation: InvitationView; token: string; isMember: boolean }) {
  const here = `/invitations/${token}`;
  const title = t('groups.invitation.title', { name: invitation.groupName });
  return (
    <Layout page={page} title={title}>
      <h1 safe>{title}</h1>
      <p safe>{invitation.groupPurpose}</p>
      {isMember ? (
        <p>
          <span safe>{t('groups.invitation.alreadyMember')}</span>{' '}
          <a href={groupPath(invitation.groupSlug)} safe>
            {t('groups.invitation.goToGroup')}
          </a>
        </p>
      ) : page.viewer ? (
        <form method="post" action={`${here}/accept`}>
          <CsrfField token={page.csrfToken} />
          <Button label={t('groups.invitation.accept')} />
        </form>
      ) : (
        <>
          <p>
            <a class="button button--primary" href={`/sign-up?next=${encodeURIComponent(here)}`} safe>
              {t('groups.invitation.signUp', { name: invitation.groupName })}
            </a>
          </p>
          <p>
            <span safe>{t('groups.invitation.haveAccount')}</span>{' '}
            <a href={`/sign-in?next=${encodeURIComponent(here)}`} safe>
              {t('site.signIn')}
            </a>
          </p>
        </>
      )}
    </Layout>
  );
}

import type { Children } from '@kitajs/html';
import { localAuthorities } from '../../data/uk-local-authorities.ts';
import { t, tMaybe } from '../../i18n/i18n.ts';
import {
  Button,
  Choices,
  CsrfField,
  DataLinks,
  ErrorSummary,
  fieldId,
  Notice,
  Pagination,
  Select,
  Tags,
  TextArea,
  TextField,
  type FieldErrors,
  type FormValues,
  type Option,
  FilterActions,
} from '../../web/components.tsx';
import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/layout.tsx';
import { linkLabelName, linkSlots, linkUrlName, visibilityName } from './profiles.forms.ts';
import {
  defaultVisibility,
  limits,
  memberRoles,
  profileFields,
  sectors,
  visibilityLevels,
  type FieldVisibility,
  type ProfileField,
} from './profiles.model.ts';
import { photoUrl } from './profiles.photos.ts';
import type { VisibleProfile } from './profiles.queries.ts';

const sectorOptions: Option[] = sectors.map((value) => ({ value, label: t(`profile.sector.${value}`) }));
const roleOptions: Option[] = memberRoles.map((value) => ({ value, label: t(`profile.role.${value}`) }));
const visibilityOptions: Option[] = visibilityLevels.map((value) => ({ value, label: t(`visibility.${value}`) }));
const authorityOptions: Option[] = localAuthorities.map((authority) => ({ value: authority.code, label: authority.name }));

const acceptedPhotoTypes = 'image/jpeg,image/png,image/webp,image/gif';

/** Form field names in the order they appear, so the error summary lists problems in that order. */
export const editFormOrder: string[] = [
  'name',
  'photo',
  'removePhoto',
  'bio',
  'sector',
  'roles',
  'place',
  'localAuthority',
  'interests',
  'skills',
  'needs',
  ...linkSlots.flatMap((slot) => [linkLabelName(slot), linkUrlName(slot)]),
];

export function orderErrors(errors: FieldErrors): FieldErrors {
  const rank = (name: string) => {
    const index = editFormOrder.indexOf(name);
    if (index >= 0) return index;
    const field = profileFields.find((f) => visibilityName(f) === name);
    return field ? editFormOrder.indexOf(field) + 0.5 : editFormOrder.length;
  };
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => rank(a) - rank(b)));
}

function sectorLabel(value: string) {
  return (sectors as readonly string[]).includes(value) ? t(`profile.sector.${value as (typeof sectors)[number]}`) : value;
}

function roleLabel(value: string) {
  return (memberRoles as readonly string[]).includes(value) ? t(`profile.role.${value as (typeof memberRoles)[number]}`) : value;
}

function VisibilitySelect({ field, values, errors }: { field: ProfileField; values: FormValues; errors: FieldErrors }) {
  const name = visibilityName(field);
  return (
    <Select
      name={name}
      label={t(`profile.visibility.${field}`)}
      options={visibilityOptions}
      value={values[name] ?? defaultVisibility}
      error={errors[name]}
    />
  );
}

/** One part of the profile and, right under it, who may see it. */
function FieldGroup({ children }: { children: Children }) {
  return <div class="field-group">{children}</div>;
}

export function EditProfilePage({
  page,
  values,
  errors = {},
  currentPhoto,
}: {
  page: PageContext;
  values: FormValues;
  errors?: FieldErrors;
  currentPhoto: string | null;
}) {
  const photoHint = `${fieldId('photo')}-hint`;
  const photoError = errors.photo ? `${fieldId('photo')}-error` : '';
  return (
    <Layout page={page} title={t('profile.edit.title')}>
      <h1 safe>{t('profile.edit.title')}</h1>
      <p safe>{t('profile.edit.intro')}</p>
      {page.viewer ? (
        <p>
          <a href={`/members/${page.viewer.handle}`} safe>
            {t('profile.edit.view')}
          </a>
        </p>
      ) : (
        ''
      )}
      <Notice kind="info">
        <p safe>{t('profile.edit.privacyHint')}</p>
      </Notice>
      <ErrorSummary errors={errors} />
      <form method="post" action="/settings/profile" enctype="multipart/form-data" novalidate>
        <CsrfField token={page.csrfToken} />

        <h2 safe>{t('profile.edit.about')}</h2>
        <TextField
          name="name"
          label={t('profile.name')}
          hint={t('profile.name.hint')}
          value={values.name}
          error={errors.name}
          autocomplete="name"
          maxLength={limits.name}
        />

        <FieldGroup>
          <div class={errors.photo ? 'field field--error' : 'field'}>
            <label for={fieldId('photo')}>
              <span safe>{t('profile.photo')}</span>
              <span class="optional" safe>{` ${t('form.optional')}`}</span>
            </label>
            <p class="hint" id={photoHint} safe>
              {t('profile.photo.hint')}
            </p>
            {errors.photo ? (
              <p class="field-error" id={photoError} safe>
                {tMaybe(errors.photo)}
              </p>
            ) : (
              ''
            )}
            {currentPhoto ? (
              <p>
                <img class="avatar" src={photoUrl(currentPhoto)} alt={t('profile.photo.current')} width="96" height="96" />
              </p>
            ) : (
              ''
            )}
            <input
              type="file"
              id={fieldId('photo')}
              name="photo"
              accept={acceptedPhotoTypes}
              aria-describedby={[photoHint, photoError].filter(Boolean).join(' ')}
              aria-invalid={errors.photo ? 'true' : undefined}
            />
          </div>
          {currentPhoto ? (
            <div class="field">
              <div class="choice">
                <input type="checkbox" id={fieldId('removePhoto')} name="removePhoto" value="1" checked={values.removePhoto === '1'} />
                <label for={fieldId('removePhoto')} safe>
                  {t('profile.photo.remove')}
                </label>
              </div>
            </div>
          ) : (
            ''
          )}
          <VisibilitySelect field="photo" values={values} errors={errors} />
        </FieldGroup>

        <FieldGroup>
          <TextArea
            name="bio"
            label={t('profile.bio')}
            hint={t('profile.bio.hint')}
            value={values.bio}
            error={errors.bio}
            rows={4}
            optional
          />
          <VisibilitySelect field="bio" values={values} errors={errors} />
        </FieldGroup>

        <h2 safe>{t('profile.edit.work')}</h2>
        <FieldGroup>
          <Select
            name="sector"
            label={t('profile.sector')}
            hint={t('profile.sector.hint')}
            options={sectorOptions}
            blank={t('profile.sector.none')}
            value={values.sector}
            error={errors.sector}
            optional
          />
          <VisibilitySelect field="sector" values={values} errors={errors} />
        </FieldGroup>
        <FieldGroup>
          <Choices
            name="roles"
            label={t('profile.roles')}
            hint={t('profile.roles.hint')}
            options={roleOptions}
            values={values.roles}
            error={errors.roles}
            multiple
            optional
          />
          <VisibilitySelect field="roles" values={values} errors={errors} />
        </FieldGroup>
        <FieldGroup>
          <TextField
            name="place"
            label={t('profile.place')}
            hint={t('profile.place.hint')}
            value={values.place}
            error={errors.place}
            autocomplete="address-level2"
            optional
          />
          <VisibilitySelect field="place" values={values} errors={errors} />
        </FieldGroup>
        <FieldGroup>
          <Select
            name="localAuthority"
            label={t('profile.localAuthority')}
            hint={t('profile.localAuthority.hint')}
            options={authorityOptions}
            blank={t('profile.localAuthority.none')}
            value={values.localAuthority}
            error={errors.localAuthority}
            optional
          />
          <VisibilitySelect field="localAuthority" values={values} errors={errors} />
        </FieldGroup>

        <h2 safe>{t('profile.edit.offers')}</h2>
        <FieldGroup>
          <TextField
            name="interests"
            label={t('profile.interests')}
            hint={t('profile.interests.hint')}
            value={values.interests}
            error={errors.interests}
            optional
          />
          <VisibilitySelect field="interests" values={values} errors={errors} />
        </FieldGroup>
        <FieldGroup>
          <TextArea
            name="skills"
            label={t('profile.skills')}
            hint={t('profile.skills.hint')}
            value={values.skills}
            error={errors.skills}
            rows={5}
            optional
          />
          <VisibilitySelect field="skills" values={values} errors={errors} />
        </FieldGroup>
        <FieldGroup>
          <TextArea
            name="needs"
            label={t('profile.needs')}
            hint={t('profile.needs.hint')}
            value={values.needs}
            error={errors.needs}
            rows={5}
            optional
          />
          <VisibilitySelect field="needs" values={values} errors={errors} />
        </FieldGroup>

        <h2 safe>{t('profile.edit.links')}</h2>
        <p class="hint" safe>
          {t('profile.edit.links.hint')}
        </p>
        {linkSlots.map((slot) => (
          <div class="link-pair">
            <TextField
              name={linkLabelName(slot)}
              label={t('profile.link.label', { n: slot })}
              value={values[linkLabelName(slot)]}
              error={errors[linkLabelName(slot)]}
              maxLength={limits.linkLabel}
              optional
            />
            <TextField
              name={linkUrlName(slot)}
              type="url"
              label={t('profile.link.url', { n: slot })}
              value={values[linkUrlName(slot)]}
              error={errors[linkUrlName(slot)]}
              spellcheck={false}
              optional
            />
          </div>
        ))}
        <VisibilitySelect field="links" values={values} errors={errors} />

        <Button label={t('profile.edit.submit')} />
      </form>
    </Layout>
  );
}

function SeenBy({ profile, field }: { profile: VisibleProfile; field: ProfileField }) {
  if (!profile.visibility) return <></>;
  const level: FieldVisibility = profile.visibility[field];
  return (
    <p class="hint" safe>
      {t(`profile.seenBy.${level}`)}
    </p>
  );
}

/** Plain text from a member, as paragraphs: blank lines separate them, everything is escaped. */
function UserText({ text }: { text: string }) {
  return (
    <div class="user-text">
      {text
        .split(/\n\s*\n/)
        .map((paragraph) => paragraph.trim())
        .filter(Boolean)
        .map((paragraph) => (
          <p safe>{paragraph}</p>
        ))}
    </div>
  );
}

export function memberTagHref(tag: string) {
  return `/members?${new URLSearchParams({ tag }).toString()}`;
}

function formatJoined(date: Date) {
  return date.toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'Europe/London' });
}

export interface OrganisationLink {
  name: string;
  href: string;
}

export function ProfilePage({
  page,
  profile,
  organisations = [],
}: {
  page: PageContext;
  profile: VisibleProfile;
  /** Filled by the organisations area when it is there; see `selectVisible` in profiles.queries.ts. */
  organisations?: OrganisationLink[];
}) {
  const rows: { field: ProfileField; label: string; body: Children }[] = [];
  if (profile.sector) rows.push({ field: 'sector', label: t('profile.sector'), body: <span safe>{sectorLabel(profile.sector)}</span> });
  if (profile.roles) rows.push({ field: 'roles', label: t('profile.roles'), body: <span safe>{profile.roles.map(roleLabel).join(', ')}</span> });
  if (profile.place) rows.push({ field: 'place', label: t('profile.place'), body: <span safe>{profile.place}</span> });
  if (profile.localAuthority) {
    rows.push({
      field: 'localAuthority',
      label: t('profile.localAuthority'),
      body: (
        <a href={`/members?${new URLSearchParams({ authority: profile.localAuthority.code }).toString()}`} safe>
          {profile.localAuthority.name}
        </a>
      ),
    });
  }
  if (profile.interests) {
    rows.push({ field: 'interests', label: t('profile.interests'), body: <Tags tags={profile.interests} hrefFor={memberTagHref} /> });
  }
  if (profile.skills) rows.push({ field: 'skills', label: t('profile.skills'), body: <UserText text={profile.skills} /> });
  if (profile.needs) rows.push({ field: 'needs', label: t('profile.needs'), body: <UserText text={profile.needs} /> });
  if (profile.links) {
    rows.push({
      field: 'links',
      label: t('profile.links'),
      body: (
        <ul>
          {profile.links.map((link) => (
            <li>
              <a href={link.url} rel="nofollow ugc noopener" safe>
                {link.label}
              </a>
            </li>
          ))}
        </ul>
      ),
    });
  }
  const jsonHref = `/members/${profile.handle}.json`;
  return (
    <Layout page={page} title={profile.name} alternates={[{ type: 'application/json', href: jsonHref }]}>
      {profile.suspended ? (
        <Notice kind="warning">
          <p safe>{t('profile.page.suspended')}</p>
        </Notice>
      ) : (
        ''
      )}
      {profile.isOwner ? (
        <Notice kind="info">
          <p safe>{t('profile.page.ownerNote')}</p>
          <p>
            <a href="/settings/profile" safe>
              {t('profile.page.edit')}
            </a>
          </p>
        </Notice>
      ) : (
        ''
      )}
      <div class="profile-header">
        {profile.photo ? (
          <div>
            <img class="avatar" src={photoUrl(profile.photo)} alt={profile.name} width="96" height="96" />
            <SeenBy profile={profile} field="photo" />
          </div>
        ) : (
          ''
        )}
        <div>
          <h1 safe>{profile.name}</h1>
          {profile.isOwner ? (
            <p class="hint" safe>
              {t('profile.seenBy.name')}
            </p>
          ) : (
            ''
          )}
          <p class="muted" safe>
            {t('profile.page.joined', { date: formatJoined(profile.joinedAt) })}
          </p>
          {page.viewer && !profile.isOwner ? <p><a href={`/members/${profile.handle}/flag`} safe>{t('moderation.member.link')}</a></p> : ''}
        </div>
      </div>

      {profile.bio ? (
        <section aria-labelledby="profile-about">
          <h2 id="profile-about" safe>
            {t('profile.page.about')}
          </h2>
          <UserText text={profile.bio} />
          <SeenBy profile={profile} field="bio" />
        </section>
      ) : (
        ''
      )}

      {rows.length > 0 ? (
        <dl class="profile-details">
          {rows.map((row) => (
            <>
              <dt safe>{row.label}</dt>
              <dd>
                {row.body}
                <SeenBy profile={profile} field={row.field} />
              </dd>
            </>
          ))}
        </dl>
      ) : profile.bio ? (
        ''
      ) : (
        <p safe>{t('profile.page.nothing')}</p>
      )}

      {organisations.length > 0 ? (
        <section aria-labelledby="profile-organisations">
          <h2 id="profile-organisations" safe>
            {t('profile.page.organisations')}
          </h2>
          <ul>
            {organisations.map((organisation) => (
              <li>
                <a href={organisation.href} safe>
                  {organisation.name}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}

      <DataLinks links={[{ label: 'JSON', href: jsonHref }]} />
    </Layout>
  );
}

function MemberCard({ profile }: { profile: VisibleProfile }) {
  const where = [profile.place, profile.localAuthority?.name].filter(Boolean).join(', ');
  return (
    <article class="card">
      <div class="card__header">
        {profile.photo ? (
          <img class="avatar avatar--small" src={photoUrl(profile.photo)} alt={profile.name} width="40" height="40" />
        ) : (
          ''
        )}
        <h3 class="card__title">
          <a href={`/members/${profile.handle}`} safe>
            {profile.name}
          </a>
        </h3>
      </div>
      {profile.sector ? <p safe>{sectorLabel(profile.sector)}</p> : ''}
      {profile.roles ? (
        <p>
          <span class="visually-hidden" safe>{`${t('members.card.roles')}: `}</span>
          <span safe>{profile.roles.map(roleLabel).join(', ')}</span>
        </p>
      ) : (
        ''
      )}
      {where ? <p class="muted" safe>{where}</p> : ''}
      {profile.interests ? <Tags tags={profile.interests} hrefFor={memberTagHref} /> : ''}
    </article>
  );
}

export function DirectoryPage({
  page,
  profiles,
  values,
  errors = {},
  pageNumber,
  hasNext,
  query,
}: {
  page: PageContext;
  profiles: VisibleProfile[];
  values: FormValues;
  errors?: FieldErrors;
  pageNumber: number;
  hasNext: boolean;
  /** The current query string as given, for page and data links. */
  query: Record<string, string | string[] | undefined>;
}) {
  const filtered = ['q', 'sector', 'role', 'authority', 'tag'].some((key) => values[key]);
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
  }
  const suffix = params.size > 0 ? `?${params.toString()}` : '';
  return (
    <Layout
      page={page}
      title={t('members.title')}
      wide
      alternates={[
        { type: 'application/json', href: `/members.json${suffix}` },
        { type: 'text/csv', href: `/members.csv${suffix}` },
      ]}
    >
      <h1 safe>{t('members.title')}</h1>
      <p safe>{t('members.intro')}</p>
      {page.viewer ? (
        ''
      ) : (
        <p>
          <a href="/sign-in?next=%2Fmembers" safe>
            {t('members.signInForMore')}
          </a>
        </p>
      )}
      <ErrorSummary errors={errors} />
      <div class="with-sidebar">
        <form method="get" action="/members" class="filters" role="search" aria-labelledby="members-filters">
          <h2 id="members-filters" safe>
            {t('members.filters')}
          </h2>
          <TextField
            name="q"
            type="search"
            label={t('members.q')}
            hint={t('members.q.hint')}
            value={values.q}
            error={errors.q}
            maxLength={limits.query}
          />
          <Select name="sector" label={t('members.sector')} options={sectorOptions} blank={t('members.any')} value={values.sector} error={errors.sector} />
          <Select name="role" label={t('members.role')} options={roleOptions} blank={t('members.any')} value={values.role} error={errors.role} />
          <Select
            name="authority"
            label={t('members.authority')}
            options={authorityOptions}
            blank={t('members.any')}
            value={values.authority}
            error={errors.authority}
          />
          <TextField name="tag" label={t('members.tag')} value={values.tag} error={errors.tag} maxLength={limits.tag} />
          <FilterActions label={t('members.apply')} clearHref="/members" filtered={filtered} />
        </form>
        <section class="results" aria-labelledby="members-results">
          <h2 id="members-results" class="visually-hidden" safe>
            {t('members.results')}
          </h2>
          {profiles.length > 0 ? (
            <ul class="grid">
              {profiles.map((profile) => (
                <li>
                  <MemberCard profile={profile} />
                </li>
              ))}
            </ul>
          ) : (
            <p safe>{filtered || pageNumber > 1 ? t('members.none') : t('members.empty')}</p>
          )}
          <Pagination page={pageNumber} hasNext={hasNext} path="/members" query={query} />
          <DataLinks
            links={[
              { label: 'JSON', href: `/members.json${suffix}` },
              { label: 'CSV', href: `/members.csv${suffix}` },
            ]}
          />
        </section>
      </div>
    </Layout>
  );
}

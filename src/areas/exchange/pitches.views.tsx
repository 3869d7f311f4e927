import { localAuthorities } from '../../data/uk-local-authorities.ts';
import type { PitchKind, PitchStage } from '../../db/schema.ts';
import { t, tMaybe } from '../../i18n/i18n.ts';
import {
  Button,
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
  fieldId,
  type FieldErrors,
  type FormValues,
  FilterActions,
} from '../../web/components.tsx';
import type { PageContext } from '../../web/context.ts';
import { Layout, listFormats } from '../../web/layout.tsx';
import { renderMarkdown } from '../../web/markdown.ts';
import { organisationTypes, typeLabel } from '../organisations/organisations.forms.ts';
import type { StoredPitch } from './pitches.commands.ts';
import { attachmentExtensions } from './pitches.files.ts';
import {
  filtersQuery,
  kindHint,
  kindLabel,
  limits,
  linkLabelName,
  linkSlots,
  linkUrlName,
  listingSorts,
  onlineArea,
  pitchKinds,
  pitchStages,
  pitchTerms,
  sortLabel,
  stageLabel,
  termsLabel,
  type ListingFilters,
} from './pitches.forms.ts';
import { adviceFor, checkLabel, missingFrom, type GuidanceInput } from './pitches.guidance.ts';
import type { PersonRef, PitchCard, PitchDetail, PitchFile, TeamMember } from './pitches.queries.ts';
import { OriginField } from '../stories/lineage.section.tsx';

export const pitchPath = (slug: string) => `/pitches/${slug}`;
export const tagPath = (tag: string) => `/tags/${encodeURIComponent(tag)}`;
export const filePath = (slug: string, file: { id: number }) => `${pitchPath(slug)}/files/${file.id}`;

const longDate = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/London' });
const dateAndTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/London' });
const wholePounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });
const poundsAndPence = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: 2 });

export function formatMoney(amount: number): string {
  return Number.isInteger(amount) ? wholePounds.format(amount) : poundsAndPence.format(amount);
}

export function formatDay(day: string): string {
  return longDate.format(new Date(`${day}T12:00:00Z`));
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function priceText(pitch: { priceMin: number | null; priceMax: number | null }): string | null {
  const { priceMin: min, priceMax: max } = pitch;
  if (min !== null && max !== null) return min === max ? formatMoney(min) : t('pitch.price.range', { min: formatMoney(min), max: formatMoney(max) });
  if (min !== null) return t('pitch.price.from', { min: formatMoney(min) });
  if (max !== null) return t('pitch.price.upTo', { max: formatMoney(max) });
  return null;
}

export function placeText(pitch: { place: string; localAuthority: { name: string } | null; online: boolean }): string {
  return [pitch.place, pitch.localAuthority?.name, pitch.online ? t('pitch.online') : ''].filter(Boolean).join(', ');
}

function Person({ person }: { person: PersonRef | null }) {
  return person ? (
    <a href={`/members/${person.handle}`} safe>
      {person.name}
    </a>
  ) : (
    <span class="muted" safe>
      {t('pitch.formerMember')}
    </span>
  );
}

const areaOptions = () => [
  { value: onlineArea, label: t('pitch.field.area.online') },
  ...localAuthorities.map((authority) => ({ value: authority.code, label: authority.name })),
];

// ---- Guidance ----------------------------------------------------------------------------

export function GuidancePanel({ input, headingLevel = 2 }: { input: GuidanceInput; headingLevel?: 2 | 3 }) {
  const missing = missingFrom(input);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const Sub = headingLevel === 2 ? 'h3' : 'h4';
  return (
    <aside class="filters guidance" aria-labelledby="guidance-title">
      <Heading id="guidance-title" safe>
        {t('pitch.guidance.title')}
      </Heading>
      {input.kind ? (
        <>
          <p safe>{t('pitch.guidance.says')}</p>
          <ul>
            {adviceFor(input.kind).map((key) => (
              <li safe>{t(key)}</li>
            ))}
          </ul>
        </>
      ) : (
        <p safe>{t('pitch.guidance.chooseKind')}</p>
      )}
      <Sub safe>{t('pitch.guidance.missingTitle')}</Sub>
      {missing.length === 0 ? (
        <p safe>{t('pitch.guidance.complete')}</p>
      ) : (
        <ul class="guidance__missing">
          {missing.map((check) => (
            <li data-check={check} safe>
              {t(checkLabel(check))}
            </li>
          ))}
        </ul>
      )}
      <p class="hint" safe>
        {t('pitch.guidance.note')}
      </p>
    </aside>
  );
}

// ---- The form ----------------------------------------------------------------------------

/** Radios with a one-line hint under each choice, tied to it with aria-describedby. */
function KindChoices({ value, error }: { value: unknown; error?: string | undefined }) {
  const id = fieldId('kind');
  return (
    <div class={error ? 'field field--error' : 'field'} id={id} tabindex="-1">
      <fieldset aria-describedby={error ? `${id}-error` : undefined}>
        <legend safe>{t('pitch.field.kind')}</legend>
        {error ? (
          <p class="field-error" id={`${id}-error`} safe>
            {tMaybe(error)}
          </p>
        ) : (
          ''
        )}
        <div class="choices">
          {pitchKinds.map((kind, index) => (
            <div class="choice">
              <input type="radio" id={`${id}-${index}`} name="kind" value={kind} checked={value === kind} aria-describedby={`${id}-${index}-hint`} />
              <label for={`${id}-${index}`} safe>
                {t(kindLabel(kind))}
              </label>
              <p class="hint" id={`${id}-${index}-hint`} safe>
                {t(kindHint(kind))}
              </p>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

export interface PitchFormProps {
  page: PageContext;
  mode: 'new' | 'edit';
  action: string;
  values?: FormValues;
  errors?: FieldErrors;
  guidance: GuidanceInput;
  organisations: { id: number; name: string }[];
  /** Groups the pitch may be posted into: the author's own, plus the one it is already in. */
  groups: { id: number; name: string }[];
  /** Edit only: the pitch as it is now, for the title, the version and the draft buttons. */
  pitch?: { slug: string; title: string; status: 'draft' | 'published' };
  version?: number;
  /** Another person's saved text, when this save came too late. */
  conflict?: StoredPitch;
  notice?: string;
  /** New only: where the pitch was started (an event's page), shown and carried in the form. */
  origin?: JSX.Element;
}

export function PitchFormPage(props: PitchFormProps) {
  const { page, mode, values = {}, errors = {}, pitch, origin = '' } = props;
  const title = mode === 'new' ? t('pitch.new.title') : t('pitch.edit.title', { title: pitch?.title ?? '' });
  const selectedOrganisations = Array.isArray(values.organisations) ? values.organisations.map(String) : values.organisations ? [String(values.organisations)] : [];
  return (
    <Layout page={page} title={title} wide>
      <h1 safe>{title}</h1>
      {mode === 'new' ? <p class="lead" safe>{t('pitch.new.intro')}</p> : ''}
      {props.notice ? (
        <Notice kind="info">
          <p safe>{props.notice}</p>
        </Notice>
      ) : (
        ''
      )}
      <ErrorSummary errors={errors} />
      {props.conflict ? <ConflictPanel current={props.conflict} /> : ''}
      <div class="with-sidebar">
        <GuidancePanel input={props.guidance} />
        <form method="post" action={props.action} novalidate class="pitch-form">
          <CsrfField token={page.csrfToken} />
          {origin}
          {props.version !== undefined ? <input type="hidden" name="version" value={String(props.version)} /> : ''}
          {props.conflict ? (
            <h2 safe>{t('pitch.conflict.yours')}</h2>
          ) : (
            ''
          )}
          <KindChoices value={values.kind} error={errors.kind} />
          <TextField name="title" label={t('pitch.field.title')} hint={t('pitch.field.title.hint')} value={values.title} error={errors.title} maxLength={limits.title} />
          <TextArea name="summary" label={t('pitch.field.summary')} hint={t('pitch.field.summary.hint')} value={values.summary} error={errors.summary} maxLength={limits.summary} rows={3} optional />
          <TextArea name="body" label={t('pitch.field.body')} hint={t('pitch.field.body.hint')} value={values.body} error={errors.body} maxLength={limits.body} rows={14} optional />
          <Choices
            name="terms"
            label={t('pitch.field.terms')}
            options={pitchTerms.map((terms) => ({ value: terms, label: t(termsLabel(terms)) }))}
            values={values.terms ?? 'free'}
            error={errors.terms}
            inline
          />
          <TextField name="priceMin" label={t('pitch.field.priceMin')} hint={t('pitch.field.price.hint')} value={values.priceMin} error={errors.priceMin} inputmode="decimal" maxLength={20} optional />
          <TextField name="priceMax" label={t('pitch.field.priceMax')} value={values.priceMax} error={errors.priceMax} inputmode="decimal" maxLength={20} optional />
          <fieldset class="field">
            <legend safe>{t('pitch.field.challenge')}</legend>
            <p class="hint" safe>
              {t('pitch.field.challenge.hint')}
            </p>
            <TextField name="budget" label={t('pitch.field.budget')} value={values.budget} error={errors.budget} inputmode="decimal" maxLength={20} optional />
            <TextField type="date" optional name="deadline" label={t('pitch.field.deadline')} hint={t('pitch.field.deadline.hint')} value={values.deadline} error={errors.deadline} />
          </fieldset>
          <Select
            name="stage"
            label={t('pitch.field.stage')}
            hint={t('pitch.field.stage.hint')}
            value={values.stage ?? 'idea'}
            error={errors.stage}
            options={pitchStages.map((stage) => ({ value: stage, label: t(stageLabel(stage)) }))}
          />
          <TextField name="tags" label={t('pitch.field.tags')} hint={t('pitch.field.tags.hint')} value={values.tags} error={errors.tags} maxLength={500} optional />
          <TextField name="place" label={t('pitch.field.place')} hint={t('pitch.field.place.hint')} value={values.place} error={errors.place} maxLength={limits.place} optional />
          <Select
            name="area"
            label={t('pitch.field.area')}
            hint={t('pitch.field.area.hint')}
            value={values.area ?? ''}
            error={errors.area}
            options={areaOptions()}
            blank={t('pitch.field.area.none')}
            optional
          />
          {props.organisations.length > 0 ? (
            <Choices
              name="organisations"
              label={t('pitch.field.organisations')}
              hint={t('pitch.field.organisations.hint')}
              options={props.organisations.map((o) => ({ value: String(o.id), label: o.name }))}
              values={selectedOrganisations}
              error={errors.organisations}
              multiple
              optional
            />
          ) : (
            <div class="field" id={fieldId('organisations')} tabindex="-1">
              <p class="hint" safe>
                {t('pitch.field.organisations.none')}
              </p>
              {errors.organisations ? (
                <p class="field-error" safe>
                  {tMaybe(errors.organisations)}
                </p>
              ) : (
                ''
              )}
            </div>
          )}
          {props.groups.length > 0 || errors.group ? (
            <Select
              name="group"
              label={t('pitch.field.group')}
              hint={t('pitch.field.group.hint')}
              value={values.group ?? ''}
              error={errors.group}
              options={props.groups.map((g) => ({ value: String(g.id), label: g.name }))}
              blank={t('pitch.field.group.none')}
              optional
            />
          ) : (
            ''
          )}
          <fieldset class="field">
            <legend>
              <span safe>{t('pitch.field.links')}</span>
              <span class="optional" safe>{` ${t('form.optional')}`}</span>
            </legend>
            <p class="hint" safe>
              {t('pitch.field.links.hint')}
            </p>
            {linkSlots.map((slot) => (
              <>
                <TextField
                  name={linkLabelName(slot)}
                  label={t('pitch.field.link.label', { n: slot })}
                  value={values[linkLabelName(slot)]}
                  error={errors[linkLabelName(slot)]}
                  maxLength={limits.linkLabel}
                />
                <TextField
                  name={linkUrlName(slot)}
                  type="url"
                  label={t('pitch.field.link.url', { n: slot })}
                  value={values[linkUrlName(slot)]}
                  error={errors[linkUrlName(slot)]}
                  maxLength={limits.linkUrl}
                  spellcheck={false}
                />
              </>
            ))}
          </fieldset>
          <OriginField value={values.adaptedFrom} error={errors.adaptedFrom} />
          <div class="actions">
            {mode === 'new' ? (
              <>
                <Button label={t('pitch.new.saveDraft')} name="action" value="draft" />
                <Button label={t('pitch.new.publish')} name="action" value="publish" kind="secondary" />
              </>
            ) : (
              <>
                <Button label={t('pitch.edit.save')} name="action" value="save" />
                {pitch?.status === 'draft' ? <Button label={t('pitch.new.publish')} name="action" value="publish" kind="secondary" /> : ''}
              </>
            )}
            <Button label={t('pitch.new.check')} name="action" value="check" kind="secondary" />
            {pitch ? (
              <a href={pitchPath(pitch.slug)} safe>
                {t('form.cancel')}
              </a>
            ) : (
              <a href="/pitches" safe>
                {t('form.cancel')}
              </a>
            )}
          </div>
        </form>
      </div>
    </Layout>
  );
}

function ConflictPanel({ current }: { current: StoredPitch }) {
  return (
    <section class="conflict" aria-labelledby="conflict-title">
      <Notice kind="warning">
        <h2 id="conflict-title" safe>
          {t('pitch.conflict.title')}
        </h2>
        <p safe>{t('pitch.conflict.body')}</p>
      </Notice>
      <h2 safe>{t('pitch.conflict.theirs')}</h2>
      <div class="field">
        <label for="their-title" safe>
          {t('pitch.conflict.theirTitle')}
        </label>
        <input id="their-title" type="text" readonly value={current.title} />
      </div>
      <div class="field">
        <label for="their-summary" safe>
          {t('pitch.conflict.theirSummary')}
        </label>
        <textarea id="their-summary" readonly rows="3" safe>
          {current.summary}
        </textarea>
      </div>
      <div class="field">
        <label for="their-body" safe>
          {t('pitch.conflict.theirBody')}
        </label>
        <textarea id="their-body" readonly rows="10" safe>
          {current.body}
        </textarea>
      </div>
      <p safe>{t('pitch.conflict.stage', { stage: t(stageLabel(current.stage)) })}</p>
    </section>
  );
}

// ---- Cards and the listing ---------------------------------------------------------------

export function PitchBadges({ pitch }: { pitch: { kind: PitchKind; stage: PitchStage; terms: PitchCard['terms']; status?: 'draft' | 'published' } }) {
  return (
    <p class="badges">
      {pitch.status === 'draft' ? (
        <>
          <strong class="badge" safe>
            {t('pitch.status.draft')}
          </strong>{' '}
        </>
      ) : (
        ''
      )}
      <span class="badge" safe>
        {t(kindLabel(pitch.kind))}
      </span>{' '}
      <span class="badge" safe>
        {t(stageLabel(pitch.stage))}
      </span>{' '}
      <span class="badge" safe>
        {t(termsLabel(pitch.terms))}
      </span>
    </p>
  );
}

export function PitchCardView({ pitch, headingLevel = 3 }: { pitch: PitchCard; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const where = placeText(pitch);
  return (
    <article class="card">
      <Heading class="card__title">
        <a href={pitchPath(pitch.slug)} safe>
          {pitch.title}
        </a>
      </Heading>
      <PitchBadges pitch={pitch} />
      {pitch.summary ? <p class="user-text" safe>{pitch.summary}</p> : ''}
      <Tags tags={pitch.tags} hrefFor={tagPath} />
      <p class="muted">
        {where ? <span safe>{`${where} · `}</span> : ''}
        <span safe>{pitch.signalCount === 1 ? t('pitch.signals.one') : t('pitch.signals', { count: pitch.signalCount })}</span>
        {' · '}
        <span safe>{pitch.replyCount === 1 ? t('pitch.replies.one') : t('pitch.replies', { count: pitch.replyCount })}</span>
      </p>
    </article>
  );
}

function queryString(query: Record<string, string | undefined>) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function ListingPage({
  page,
  filters,
  pitches,
  pageNumber,
  hasNext,
  drafts,
}: {
  page: PageContext;
  filters: ListingFilters;
  pitches: PitchCard[];
  pageNumber: number;
  hasNext: boolean;
  drafts: PitchCard[];
}) {
  const query = filtersQuery(filters);
  const filtered = Object.entries(query).some(([key, value]) => key !== 'sort' && Boolean(value));
  const dataQuery = queryString({ ...query, page: pageNumber > 1 ? String(pageNumber) : undefined });
  const { links: data, alternates } = listFormats('/pitches', { data: dataQuery, feed: dataQuery }, t('pitches.title'));
  return (
    <Layout page={page} title={t('pitches.title')} wide alternates={alternates}>
      <h1 safe>{t('pitches.title')}</h1>
      <p class="lead" safe>
        {t('pitches.intro')}
      </p>
      <p class="actions">
        <a class="button button--primary" href="/pitches/new" safe>
          {t('pitches.add')}
        </a>
        <a href="/search" safe>
          {t('exchange.nav.search')}
        </a>
        <a href="/activity" safe>
          {t('exchange.nav.activity')}
        </a>
      </p>
      {drafts.length > 0 ? (
        <section aria-labelledby="drafts-title">
          <h2 id="drafts-title" safe>
            {t('pitches.drafts')}
          </h2>
          <ul>
            {drafts.map((draft) => (
              <li>
                <a href={pitchPath(draft.slug)} safe>
                  {draft.title}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      <div class="with-sidebar">
        <form method="get" action="/pitches" class="filters" aria-labelledby="filters-title">
          <h2 id="filters-title" safe>
            {t('pitches.filters')}
          </h2>
          <Select name="kind" label={t('pitches.filter.kind')} value={filters.kind ?? ''} options={pitchKinds.map((k) => ({ value: k, label: t(kindLabel(k)) }))} blank={t('pitches.filter.any')} />
          <Select name="stage" label={t('pitches.filter.stage')} value={filters.stage ?? ''} options={pitchStages.map((s) => ({ value: s, label: t(stageLabel(s)) }))} blank={t('pitches.filter.any')} />
          <Select name="terms" label={t('pitches.filter.terms')} value={filters.terms ?? ''} options={pitchTerms.map((s) => ({ value: s, label: t(termsLabel(s)) }))} blank={t('pitches.filter.any')} />
          <TextField name="tag" label={t('pitches.filter.tag')} value={filters.tag ?? ''} maxLength={40} />
          <Select name="area" label={t('pitches.filter.area')} value={filters.area ?? ''} options={areaOptions()} blank={t('pitches.filter.any')} />
          <Select
            name="sector"
            label={t('pitches.filter.sector')}
            value={filters.sector ?? ''}
            options={organisationTypes.map((type) => ({ value: type, label: t(typeLabel(type)) }))}
            blank={t('pitches.filter.any')}
          />
          <Select name="sort" label={t('pitches.filter.sort')} value={filters.sort} options={listingSorts.map((s) => ({ value: s, label: t(sortLabel(s)) }))} />
          {/* Reached from a group's page; the filters keep to that group until cleared. */}
          {filters.group ? <input type="hidden" name="group" value={filters.group} /> : ''}
          <FilterActions label={t('pitches.filter.submit')} clearHref="/pitches" filtered={filtered} />
        </form>
        <section class="results" aria-labelledby="results-title">
          <h2 id="results-title" class="visually-hidden" safe>
            {t('pitches.results')}
          </h2>
          {pitches.length === 0 ? (
            <p safe>{filtered || pageNumber > 1 ? t('pitches.none') : t('pitches.empty')}</p>
          ) : (
            <ul class="grid">
              {pitches.map((pitch) => (
                <li>
                  <PitchCardView pitch={pitch} />
                </li>
              ))}
            </ul>
          )}
          <Pagination page={pageNumber} hasNext={hasNext} path="/pitches" query={query} />
          <DataLinks links={data} />
        </section>
      </div>
    </Layout>
  );
}

export function TagPage({ page, tag, pitches, pageNumber, hasNext }: { page: PageContext; tag: string; pitches: PitchCard[]; pageNumber: number; hasNext: boolean }) {
  const path = tagPath(tag);
  const title = t('exchange.tag.title', { tag });
  const suffix = pageNumber > 1 ? `?page=${pageNumber}` : '';
  const data = [
    { label: 'JSON', href: `${path}.json${suffix}` },
    { label: 'RSS', href: `${path}.rss` },
    { label: 'Atom', href: `${path}.atom` },
  ];
  return (
    <Layout
      page={page}
      title={title}
      wide
      alternates={[
        { type: 'application/json', href: data[0]!.href },
        { type: 'application/rss+xml', href: data[1]!.href, title },
        { type: 'application/atom+xml', href: data[2]!.href, title },
      ]}
    >
      <h1 safe>{title}</h1>
      <p>
        <a href="/pitches" safe>
          {t('exchange.tag.all')}
        </a>
      </p>
      {pitches.length === 0 ? (
        <p safe>{t('exchange.tag.none')}</p>
      ) : (
        <ul class="grid">
          {pitches.map((pitch) => (
            <li>
              <PitchCardView pitch={pitch} headingLevel={2} />
            </li>
          ))}
        </ul>
      )}
      <Pagination page={pageNumber} hasNext={hasNext} path={path} query={{}} />
      <DataLinks links={data} />
    </Layout>
  );
}

// ---- The pitch page ----------------------------------------------------------------------

function Facts({ pitch }: { pitch: PitchDetail }) {
  const price = priceText(pitch);
  const where = placeText(pitch);
  return (
    <dl class="facts">
      <dt safe>{t('pitch.kind')}</dt>
      <dd safe>{t(kindLabel(pitch.kind))}</dd>
      <dt safe>{t('pitch.stage')}</dt>
      <dd safe>{t(stageLabel(pitch.stage))}</dd>
      <dt safe>{t('pitch.terms')}</dt>
      <dd safe>{t(termsLabel(pitch.terms))}</dd>
      {price ? (
        <>
          <dt safe>{t('pitch.price')}</dt>
          <dd safe>{price}</dd>
        </>
      ) : (
        ''
      )}
      {pitch.budget !== null ? (
        <>
          <dt safe>{t('pitch.budget')}</dt>
          <dd safe>{formatMoney(pitch.budget)}</dd>
        </>
      ) : (
        ''
      )}
      {pitch.deadline ? (
        <>
          <dt safe>{t('pitch.deadline')}</dt>
          <dd>
            <time datetime={pitch.deadline} safe>
              {formatDay(pitch.deadline)}
            </time>
          </dd>
        </>
      ) : (
        ''
      )}
      {where ? (
        <>
          <dt safe>{t('pitch.place')}</dt>
          <dd safe>{where}</dd>
        </>
      ) : (
        ''
      )}
      {pitch.publishedAt ? (
        <>
          <dt safe>{t('pitch.published')}</dt>
          <dd>
            <time datetime={pitch.publishedAt.toISOString()} safe>
              {longDate.format(pitch.publishedAt)}
            </time>
          </dd>
        </>
      ) : (
        ''
      )}
    </dl>
  );
}

function TeamList({ team }: { team: TeamMember[] }) {
  return (
    <ul>
      {team.map((member) => (
        <li>
          <Person person={member} />
          {member.isLead || member.role ? (
            <span safe>{` – ${[member.isLead ? t('pitch.team.lead') : '', member.role].filter(Boolean).join(', ')}`}</span>
          ) : (
            ''
          )}
        </li>
      ))}
    </ul>
  );
}

function AttachmentList({ slug, files }: { slug: string; files: PitchFile[] }) {
  return (
    <ul>
      {files.map((file) => (
        <li>
          <a href={filePath(slug, file)} download={file.originalName} safe>
            {file.originalName}
          </a>
          <span safe>{` (${formatSize(file.sizeBytes)})`}</span>
          {file.description ? <span class="user-text" safe>{` – ${file.description}`}</span> : ''}
        </li>
      ))}
    </ul>
  );
}

export function PitchPage({
  page,
  pitch,
  guidance,
  sections,
}: {
  page: PageContext;
  pitch: PitchDetail;
  /** Shown to the team on a draft. */
  guidance: GuidanceInput | null;
  /** Parts other areas add (interest signals, the conversation), in order, already rendered. */
  sections: JSX.Element[];
}) {
  const path = pitchPath(pitch.slug);
  // Sanitised by renderMarkdown, so it is output as HTML; the "safe" prefix tells xss-scan so.
  const safeBodyHtml = pitch.body ? renderMarkdown(pitch.body) : '';
  return (
    <Layout page={page} title={pitch.title} alternates={[{ type: 'application/json', href: `${path}.json` }]}>
      {pitch.status === 'draft' ? (
        <Notice kind="warning">
          <p safe>{t('pitch.draft.notice')}</p>
          {pitch.canManage ? (
            <form method="post" action={`${path}/publish`} class="inline-form">
              <CsrfField token={page.csrfToken} />
              <Button label={t('pitch.draft.publish')} />
            </form>
          ) : (
            ''
          )}
        </Notice>
      ) : (
        ''
      )}
      {pitch.hidden ? (
        <Notice kind="warning">
          <p safe>{t('moderation.hiddenNotice.pitch')}</p>
          <p class="user-text" safe>
            {t('moderation.hiddenNotice.reason', { reason: pitch.hidden.reason })}
          </p>
          {/* Anyone else who can see a hidden pitch moderates it. */}
          {!pitch.onTeam ? (
            <p>
              <a href={`/moderation/content/pitch/${pitch.id}`} safe>
                {t('moderation.content.review')}
              </a>
            </p>
          ) : (
            ''
          )}
        </Notice>
      ) : (
        ''
      )}
      <PitchBadges pitch={pitch} />
      <h1 safe>{pitch.title}</h1>
      {pitch.summary ? (
        <p class="lead user-text" safe>
          {pitch.summary}
        </p>
      ) : (
        ''
      )}
      <p>
        <span safe>{`${t('pitch.by')} `}</span>
        <Person person={pitch.author} />
      </p>
      {pitch.group ? (
        <p>
          <span safe>{`${t('pitch.group.postedIn')} `}</span>
          <a href={`/groups/${pitch.group.slug}`} safe>
            {pitch.group.name}
          </a>
        </p>
      ) : (
        ''
      )}
      <Tags tags={pitch.tags} hrefFor={tagPath} />

      {pitch.canManage ? (
        <nav class="actions" aria-label={t('pitch.manage')}>
          <a class="button button--secondary" href={`${path}/edit`} safe>
            {t('pitch.edit.link')}
          </a>
          <a href={`${path}/stage`} safe>
            {t('pitch.manage.stage')}
          </a>
          <a href={`${path}/team`} safe>
            {t('pitch.manage.team')}
          </a>
          <a href={`${path}/files`} safe>
            {t('pitch.manage.files')}
          </a>
          {pitch.stage !== 'closed' ? (
            <form method="post" action={`${path}/close`} data-confirm={t('pitch.close.confirm')}>
              <CsrfField token={page.csrfToken} />
              <Button label={t('pitch.close')} kind="warning" />
            </form>
          ) : (
            ''
          )}
        </nav>
      ) : (
        ''
      )}

      {guidance ? <GuidancePanel input={guidance} /> : ''}

      <section aria-labelledby="facts-title">
        <h2 id="facts-title" safe>
          {t('pitch.facts')}
        </h2>
        <Facts pitch={pitch} />
      </section>

      <section aria-labelledby="description-title">
        <h2 id="description-title" safe>
          {t('pitch.description')}
        </h2>
        {safeBodyHtml ? <div class="user-text">{safeBodyHtml}</div> : <p class="muted" safe>{t('pitch.noDescription')}</p>}
      </section>

      {pitch.images.length > 0 ? (
        <section aria-labelledby="images-title">
          <h2 id="images-title" safe>
            {t('pitch.images')}
          </h2>
          <ul class="grid">
            {pitch.images.map((image) => (
              <li>
                <img src={filePath(pitch.slug, image)} alt={image.description} loading="lazy" />
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}

      {pitch.attachments.length > 0 ? (
        <section aria-labelledby="attachments-title">
          <h2 id="attachments-title" safe>
            {t('pitch.attachments')}
          </h2>
          <AttachmentList slug={pitch.slug} files={pitch.attachments} />
        </section>
      ) : (
        ''
      )}

      {pitch.links.length > 0 ? (
        <section aria-labelledby="links-title">
          <h2 id="links-title" safe>
            {t('pitch.links')}
          </h2>
          <ul>
            {pitch.links.map((link) => (
              <li>
                <a href={link.url} rel="nofollow ugc noopener" safe>
                  {link.label}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}

      {pitch.organisations.length > 0 ? (
        <section aria-labelledby="organisations-title">
          <h2 id="organisations-title" safe>
            {t('pitch.organisations')}
          </h2>
          <ul>
            {pitch.organisations.map((organisation) => (
              <li>
                <a href={`/organisations/${organisation.slug}`} safe>
                  {organisation.name}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}

      <section aria-labelledby="team-title">
        <h2 id="team-title" safe>
          {t('pitch.team')}
        </h2>
        {pitch.team.length > 0 ? <TeamList team={pitch.team} /> : <p class="muted" safe>{t('pitch.formerMember')}</p>}
      </section>

      <section aria-labelledby="history-title">
        <h2 id="history-title" safe>
          {t('pitch.history')}
        </h2>
        <ol class="stage-history">
          {pitch.stageHistory.map((change) => (
            <li>
              <strong safe>{t(stageLabel(change.stage))}</strong>
              {' – '}
              <time datetime={change.at.toISOString()} safe>
                {dateAndTime.format(change.at)}
              </time>
              <span safe>{` ${t('pitch.history.by')} `}</span>
              <Person person={change.by} />
              {change.note ? (
                <p class="user-text" safe>
                  {change.note}
                </p>
              ) : (
                ''
              )}
            </li>
          ))}
        </ol>
      </section>

      {sections}

      {page.viewer && !pitch.onTeam ? (
        <p>
          <a href={`${path}/flag`} safe>
            {t('moderation.report.pitch')}
          </a>
        </p>
      ) : (
        ''
      )}

      <DataLinks links={[{ label: 'JSON', href: `${path}.json` }]} />
    </Layout>
  );
}

// ---- Stage, team and files pages ---------------------------------------------------------

function BackLink({ slug }: { slug: string }) {
  return (
    <a href={pitchPath(slug)} safe>
      {t('pitch.back')}
    </a>
  );
}

export function StagePage({
  page,
  pitch,
  values = {},
  errors = {},
}: {
  page: PageContext;
  pitch: { slug: string; title: string; stage: PitchStage };
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const title = t('pitch.stageForm.title', { title: pitch.title });
  return (
    <Layout page={page} title={title}>
      <h1 safe>{title}</h1>
      <p safe>{t('pitch.stageForm.intro')}</p>
      <ErrorSummary errors={errors} />
      <form method="post" action={`${pitchPath(pitch.slug)}/stage`} novalidate>
        <CsrfField token={page.csrfToken} />
        <Select
          name="stage"
          label={t('pitch.field.stage')}
          value={values.stage ?? pitch.stage}
          error={errors.stage}
          options={pitchStages.map((stage) => ({ value: stage, label: t(stageLabel(stage)) }))}
        />
        <TextArea name="note" label={t('pitch.stageForm.note')} hint={t('pitch.stageForm.note.hint')} value={values.note} error={errors.note} maxLength={limits.note} rows={3} optional />
        <div class="actions">
          <Button label={t('pitch.stageForm.submit')} />
          <a href={pitchPath(pitch.slug)} safe>
            {t('form.cancel')}
          </a>
        </div>
      </form>
    </Layout>
  );
}

export function TeamPage({
  page,
  pitch,
  values = {},
  errors = {},
}: {
  page: PageContext;
  pitch: PitchDetail;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const title = t('pitch.teamPage.title', { title: pitch.title });
  const path = pitchPath(pitch.slug);
  return (
    <Layout page={page} title={title}>
      <h1 safe>{title}</h1>
      <p safe>{t('pitch.teamPage.intro')}</p>
      <ErrorSummary errors={errors} />
      <ul class="team-list">
        {pitch.team.map((member) => (
          <li>
            <Person person={member} />
            <span safe>{` – ${[member.isLead ? t('pitch.team.lead') : '', member.role].filter(Boolean).join(', ') || t('pitch.team.roleNone')}`}</span>
            {member.isLead ? (
              ''
            ) : (
              <form method="post" action={`${path}/team/${member.handle}/remove`} class="inline-form">
                <CsrfField token={page.csrfToken} />{' '}
                <Button label={t('pitch.team.remove', { name: member.name })} kind="warning" />
              </form>
            )}
          </li>
        ))}
      </ul>
      <h2 safe>{t('pitch.teamPage.add')}</h2>
      <form method="post" action={`${path}/team`} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField name="handle" label={t('pitch.team.handle')} hint={t('pitch.team.handle.hint')} value={values.handle} error={errors.handle} maxLength={limits.handle} spellcheck={false} />
        <TextField name="role" label={t('pitch.team.role')} hint={t('pitch.team.role.hint')} value={values.role} error={errors.role} maxLength={limits.role} optional />
        <div class="actions">
          <Button label={t('pitch.team.submit')} />
          <BackLink slug={pitch.slug} />
        </div>
      </form>
    </Layout>
  );
}

/** File inputs cannot be re-filled after a refused upload; everything else is. */
function FileField({ name, label, hint, error, accept }: { name: string; label: string; hint: string; error?: string | undefined; accept: string }) {
  const id = fieldId(name);
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={id} safe>
        {label}
      </label>
      <p class="hint" id={`${id}-hint`} safe>
        {hint}
      </p>
      {error ? (
        <p class="field-error" id={`${id}-error`} safe>
          {tMaybe(error)}
        </p>
      ) : (
        ''
      )}
      <input
        id={id}
        name={name}
        type="file"
        accept={accept}
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
}

export function FilesPage({
  page,
  pitch,
  imageValues = {},
  imageErrors = {},
  attachmentValues = {},
  attachmentErrors = {},
}: {
  page: PageContext;
  pitch: PitchDetail;
  imageValues?: FormValues;
  imageErrors?: FieldErrors;
  attachmentValues?: FormValues;
  attachmentErrors?: FieldErrors;
}) {
  const title = t('pitch.filesPage.title', { title: pitch.title });
  const path = pitchPath(pitch.slug);
  const files = [...pitch.images, ...pitch.attachments];
  return (
    <Layout page={page} title={title}>
      <h1 safe>{title}</h1>
      <p safe>{t('pitch.filesPage.intro')}</p>
      <ErrorSummary errors={{ ...imageErrors, ...attachmentErrors }} />
      {files.length === 0 ? (
        <p class="muted" safe>
          {t('pitch.files.none')}
        </p>
      ) : (
        <ul class="file-list">
          {files.map((file) => (
            <li>
              {file.kind === 'image' ? (
                <img src={filePath(pitch.slug, file)} alt={file.description} width="160" loading="lazy" />
              ) : (
                <a href={filePath(pitch.slug, file)} download={file.originalName} safe>
                  {file.originalName}
                </a>
              )}
              <span safe>{` ${formatSize(file.sizeBytes)}`}</span>
              <form method="post" action={`${path}/files/${file.id}/delete`} class="inline-form" data-confirm={t('pitch.files.deleteConfirm')}>
                <CsrfField token={page.csrfToken} />{' '}
                <Button label={t('pitch.files.delete', { name: file.kind === 'image' ? file.description : file.originalName })} kind="warning" />
              </form>
            </li>
          ))}
        </ul>
      )}

      <h2 safe>{t('pitch.files.addImage')}</h2>
      <form method="post" action={`${path}/images`} enctype="multipart/form-data" novalidate>
        <CsrfField token={page.csrfToken} />
        <FileField name="image" label={t('pitch.files.image')} hint={t('pitch.files.image.hint')} error={imageErrors.image} accept="image/jpeg,image/png,image/webp,image/gif" />
        <TextField
          name="description"
          label={t('pitch.files.description')}
          hint={t('pitch.files.description.hint')}
          value={imageValues.description}
          error={imageErrors.description}
          maxLength={limits.fileDescription}
        />
        <div class="actions">
          <Button label={t('pitch.files.uploadImage')} />
        </div>
      </form>

      <h2 safe>{t('pitch.files.addAttachment')}</h2>
      <form method="post" action={`${path}/attachments`} enctype="multipart/form-data" novalidate>
        <CsrfField token={page.csrfToken} />
        <FileField
          name="attachment"
          label={t('pitch.files.attachment')}
          hint={t('pitch.files.attachment.hint')}
          error={attachmentErrors.attachment}
          accept={attachmentExtensions.map((extension) => `.${extension}`).join(',')}
        />
        <TextField
          name="attachmentDescription"
          label={t('pitch.files.attachmentDescription')}
          hint={t('pitch.files.attachmentDescription.hint')}
          value={attachmentValues.attachmentDescription}
          error={attachmentErrors.attachmentDescription}
          maxLength={limits.fileDescription}
          optional
        />
        <div class="actions">
          <Button label={t('pitch.files.uploadAttachment')} />
          <BackLink slug={pitch.slug} />
        </div>
      </form>
    </Layout>
  );
}

/** The newest pitches posted into a group, for the group's page; the caller shows it only to those who see its content. */
export function GroupPitchesSection({ groupSlug, pitches }: { groupSlug: string; pitches: PitchCard[] }) {
  return (
    <section aria-labelledby="group-pitches-title">
      <h2 id="group-pitches-title" safe>
        {t('pitch.group.pitches')}
      </h2>
      {pitches.length === 0 ? (
        <p safe>{t('pitch.group.none')}</p>
      ) : (
        <div class="stack">
          {pitches.map((pitch) => (
            <PitchCardView pitch={pitch} />
          ))}
        </div>
      )}
      <p>
        <a href={`/pitches?group=${encodeURIComponent(groupSlug)}`} safe>
          {t('pitch.group.all')}
        </a>
      </p>
    </section>
  );
}

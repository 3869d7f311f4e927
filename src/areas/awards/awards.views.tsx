import type { Children } from '@kitajs/html';
import { t, type MessageKey } from '../../i18n/i18n.ts';
import {
  ActionForm,
  Button,
  Choices,
  CsrfField,
  DataLinks,
  DataTable,
  ErrorSummary,
  Notice,
  Pagination,
  Select,
  TextArea,
  TextField,
  type FieldErrors,
  type FormValues,
} from '../../web/components.tsx';
import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/layout.tsx';
import { renderMarkdown } from '../../web/markdown.ts';
import { formatClosingDay, formatRoundDay } from './awards.dates.ts';
import { categorySlots, criterionSlots, limits, scoreField, voteField, type DateField } from './awards.forms.ts';
import type { Phase, Stage } from './awards.policy.ts';
import type { Criterion, NominationDetail, Nominee, PanelEntry, PanellistProgress, RoundDetail, RoundResults, RoundSummary } from './awards.queries.ts';
import type { NomineeResult, PanellistStatus, TieRule } from './awards.results.ts';

/** Fieldsets numbered 1 to `count` (a round's categories, its criteria), each with its own legend. */
function NumberedFieldsets({ count, legend, fields }: { count: number; legend: (n: number) => string; fields: (n: number) => JSX.Element }) {
  return (
    <>
      {Array.from({ length: count }, (_, index) => (
        <fieldset class="field-group">
          <legend>
            <h3 safe>{legend(index + 1)}</h3>
          </legend>
          {fields(index + 1)}
        </fieldset>
      ))}
    </>
  );
}

export function roundPath(slug: string): string {
  return `/awards/${slug}`;
}

const percent = new Intl.NumberFormat('en-GB', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
const decimal = (digits: number) => new Intl.NumberFormat('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const three = decimal(3);
const two = decimal(2);

export function formatShare(value: number): string {
  return percent.format(value);
}

export function formatScore(value: number | null): string {
  return value === null ? t('awards.results.none') : three.format(value);
}

export function formatMean(value: number | null): string {
  return value === null ? t('awards.results.none') : two.format(value);
}

export function typeLabel(type: string): string {
  return type === 'pitch' ? t('awards.type.pitch') : type === 'story' ? t('awards.type.story') : type;
}

const stageKey: Record<Stage, MessageKey> = {
  upcoming: 'awards.stage.upcoming',
  nominating: 'awards.stage.nominating',
  shortlisted: 'awards.stage.shortlisted',
  voting: 'awards.stage.voting',
  counting: 'awards.stage.counting',
  results: 'awards.stage.results',
};

export function stageLabel(stage: Stage): string {
  return t(stageKey[stage]);
}

function Breadcrumbs({ round }: { round?: { slug: string; name: string } }) {
  return (
    <p>
      <a href="/awards" safe>
        {t('awards.title')}
      </a>
      {round ? (
        <>
          {' › '}
          <a href={roundPath(round.slug)} safe>
            {round.name}
          </a>
        </>
      ) : (
        ''
      )}
    </p>
  );
}

function RoundDates({ round }: { round: RoundSummary }) {
  const times = round.times;
  return (
    <dl class="facts">
      <dt safe>{t('awards.date.nominations')}</dt>
      <dd safe>{t('awards.date.range', { from: formatRoundDay(times.nominationsOpenAt), to: formatClosingDay(times.nominationsCloseAt) })}</dd>
      <dt safe>{t('awards.date.voting')}</dt>
      <dd safe>{t('awards.date.range', { from: formatRoundDay(times.votingOpenAt), to: formatClosingDay(times.votingCloseAt) })}</dd>
      <dt safe>{t('awards.date.scoring')}</dt>
      <dd safe>{t('awards.date.scoring.value', { from: formatRoundDay(times.nominationsCloseAt), to: formatClosingDay(times.scoringCloseAt) })}</dd>
      <dt safe>{t('awards.date.results')}</dt>
      <dd safe>
        {times.publishedAt && times.publishedAt.getTime() < times.resultsAt.getTime()
          ? t('awards.date.publishedEarly', { day: formatRoundDay(times.publishedAt) })
          : formatRoundDay(times.resultsAt)}
      </dd>
    </dl>
  );
}

/** How winners are chosen, in words: the published method, the same on the round and results pages. */
export function Method({ round, headingLevel = 2 }: { round: RoundSummary; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section aria-labelledby="method-title">
      <Heading id="method-title" safe>
        {t('awards.method.title')}
      </Heading>
      <p safe>{t('awards.method.intro')}</p>
      <ul>
        <li safe>{t('awards.method.votes', { vote: round.voteWeight })}</li>
        <li safe>{t('awards.method.panel', { panel: round.panelWeight })}</li>
      </ul>
      <p>
        <strong safe>{t('awards.method.formula', { vote: round.voteWeight, panel: round.panelWeight })}</strong>
      </p>
      <p safe>{t('awards.method.conflicts')}</p>
      <p safe>{t('awards.method.noPanelScore')}</p>
      <p safe>{t('awards.method.tieBreak')}</p>
      <p safe>{t('awards.method.secret')}</p>
    </section>
  );
}

// ---- The list of rounds -------------------------------------------------------------------

export function ListPage({
  page,
  rounds,
  phases,
  pageNumber,
  hasNext,
  isAdmin,
}: {
  page: PageContext;
  rounds: RoundSummary[];
  phases: Map<number, Phase>;
  pageNumber: number;
  hasNext: boolean;
  isAdmin: boolean;
}) {
  return (
    <Layout page={page} title={t('awards.title')} alternates={[{ type: 'application/json', href: '/awards.json' }]}>
      <h1 safe>{t('awards.title')}</h1>
      <p safe>{t('awards.intro')}</p>
      {isAdmin ? (
        <p>
          <a class="button button--secondary" href="/awards/new" safe>
            {t('awards.new.link')}
          </a>
        </p>
      ) : (
        ''
      )}
      {rounds.length === 0 ? (
        <p safe>{t('awards.list.empty')}</p>
      ) : (
        <ul class="list-plain stack">
          {rounds.map((round) => (
            <li>
              <article class="card">
                <h2 class="card__title">
                  <a href={roundPath(round.slug)} safe>
                    {round.name}
                  </a>
                </h2>
                <p>
                  <span class="badge" safe>
                    {stageLabel(phases.get(round.id)!.stage)}
                  </span>
                </p>
                <p safe>
                  {t('awards.list.dates', {
                    from: formatRoundDay(round.times.nominationsOpenAt),
                    to: formatClosingDay(round.times.nominationsCloseAt),
                    results: formatRoundDay(round.times.publishedAt ?? round.times.resultsAt),
                  })}
                </p>
                {phases.get(round.id)!.resultsOut ? (
                  <p>
                    <a href={`${roundPath(round.slug)}/results`} safe>
                      {t('awards.action.resultsOf', { round: round.name })}
                    </a>
                  </p>
                ) : (
                  ''
                )}
              </article>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={pageNumber} hasNext={hasNext} path="/awards" query={{}} />
      <DataLinks
        links={[
          { label: 'JSON', href: '/awards.json' },
          { label: 'CSV', href: '/awards.csv' },
        ]}
      />
    </Layout>
  );
}

// ---- Opening and changing a round -----------------------------------------------------------

const dateLabels: Record<DateField, MessageKey> = {
  nominationsOpen: 'awards.field.nominationsOpen',
  nominationsClose: 'awards.field.nominationsClose',
  votingOpen: 'awards.field.votingOpen',
  votingClose: 'awards.field.votingClose',
  scoringClose: 'awards.field.scoringClose',
  resultsDate: 'awards.field.resultsDate',
};

const dateHints: Partial<Record<DateField, MessageKey>> = {
  nominationsClose: 'awards.field.closes.hint',
  votingClose: 'awards.field.closes.hint',
  scoringClose: 'awards.field.scoringClose.hint',
  resultsDate: 'awards.field.resultsDate.hint',
};

export function RoundFormPage({
  page,
  title,
  intro,
  action,
  submit,
  cancel,
  values,
  errors = {},
  locked,
}: {
  page: PageContext;
  title: string;
  intro: string;
  action: string;
  submit: string;
  cancel: string;
  values: FormValues;
  errors?: FieldErrors;
  /** The round's fixed method when nominations have opened, shown instead of its fields. */
  locked?: RoundDetail;
}) {
  const value = (name: string) => values[name];
  return (
    <Layout page={page} title={title}>
      <Breadcrumbs />
      <h1 safe>{title}</h1>
      <ErrorSummary errors={errors} />
      <p safe>{intro}</p>
      <form method="post" action={action} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField name="name" label={t('awards.field.name')} hint={t('awards.field.name.hint')} value={value('name')} error={errors.name} maxLength={limits.name} />
        <TextArea name="description" label={t('awards.field.description')} hint={t('awards.field.description.hint')} value={value('description')} error={errors.description} rows={6} maxLength={limits.description} />

        <fieldset class="field-group">
          <legend>
            <h2 safe>{t('awards.section.dates')}</h2>
          </legend>
          <p class="hint" safe>
            {t('awards.section.dates.hint')}
          </p>
          {(Object.keys(dateLabels) as DateField[]).map((name) => (
            <TextField type="date" name={name} label={t(dateLabels[name])} hint={dateHints[name] ? t(dateHints[name]!) : undefined} value={value(name)} error={errors[name]} />
          ))}
        </fieldset>

        {locked ? (
          <section aria-labelledby="locked-title">
            <h2 id="locked-title" safe>
              {t('awards.edit.lockedTitle')}
            </h2>
            <p safe>{t('awards.edit.locked')}</p>
            <p safe>{t('awards.edit.lockedWeights', { vote: locked.voteWeight, panel: locked.panelWeight })}</p>
            <ul>
              {locked.categories.map((c) => (
                <li safe>{c.name}</li>
              ))}
            </ul>
            <CriteriaTable criteria={locked.criteria} />
          </section>
        ) : (
          <>
            <fieldset class="field-group">
              <legend>
                <h2 safe>{t('awards.section.weighting')}</h2>
              </legend>
              <TextField
                name="voteWeight"
                label={t('awards.field.voteWeight')}
                hint={t('awards.field.voteWeight.hint')}
                value={value('voteWeight')}
                error={errors.voteWeight}
                inputmode="numeric"
                maxLength={4}
              />
            </fieldset>
            <h2 safe>{t('awards.section.categories')}</h2>
            <p class="hint" safe>
              {t('awards.section.categories.hint', { max: categorySlots })}
            </p>
            <NumberedFieldsets count={categorySlots} legend={(n) => t('awards.category.legend', { number: n })}
              fields={(n) => (
                <>
                  <TextField name={`category${n}Name`} label={t('awards.field.categoryName')} value={value(`category${n}Name`)} error={errors[`category${n}Name`]} maxLength={limits.categoryName} />
                  <TextArea
                    name={`category${n}Description`}
                    label={t('awards.field.categoryDescription')}
                    value={value(`category${n}Description`)}
                    error={errors[`category${n}Description`]}
                    rows={2}
                    maxLength={limits.categoryDescription}
                    optional
                  />
                </>
              )}
            />
            <h2 safe>{t('awards.section.criteria')}</h2>
            <p class="hint" safe>
              {t('awards.section.criteria.hint', { max: criterionSlots })}
            </p>
            <NumberedFieldsets count={criterionSlots} legend={(n) => t('awards.criterion.legend', { number: n })}
              fields={(n) => (
                <>
                  <TextField name={`criterion${n}Name`} label={t('awards.field.criterionName')} value={value(`criterion${n}Name`)} error={errors[`criterion${n}Name`]} maxLength={limits.criterionName} />
                  <TextArea
                    name={`criterion${n}Description`}
                    label={t('awards.field.criterionDescription')}
                    value={value(`criterion${n}Description`)}
                    error={errors[`criterion${n}Description`]}
                    rows={2}
                    maxLength={limits.criterionDescription}
                    optional
                  />
                  <TextField
                    name={`criterion${n}Weight`}
                    label={t('awards.field.criterionWeight')}
                    hint={t('awards.field.criterionWeight.hint')}
                    value={value(`criterion${n}Weight`)}
                    error={errors[`criterion${n}Weight`]}
                    inputmode="numeric"
                    maxLength={3}
                  />
                </>
              )}
            />
          </>
        )}

        <h2 safe>{t('awards.section.panel')}</h2>
        <TextArea name="panel" label={t('awards.field.panel')} hint={t('awards.field.panel.hint')} value={value('panel')} error={errors.panel} rows={3} maxLength={limits.panel} />

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

function CriteriaTable({ criteria }: { criteria: Criterion[] }) {
  return (
    <DataTable id="criteria" caption={t('awards.criteria.title')}>
      <thead>
        <tr>
          <th scope="col" safe>
            {t('awards.criteria.name')}
          </th>
          <th scope="col" safe>
            {t('awards.criteria.description')}
          </th>
          <th scope="col" safe>
            {t('awards.criteria.weight')}
          </th>
        </tr>
      </thead>
      <tbody>
        {criteria.map((criterion) => (
          <tr>
            <th scope="row" safe>
              {criterion.name}
            </th>
            <td safe>{criterion.description}</td>
            <td safe>{String(criterion.weight)}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

// ---- A round's page --------------------------------------------------------------------------

export interface RoundPageViewer {
  signedIn: boolean;
  mayTakePart: boolean;
  isAdmin: boolean;
  isPanellist: boolean;
}

function StageNotice({ page, round, phase, viewer }: { page: PageContext; round: RoundDetail; phase: Phase; viewer: RoundPageViewer }) {
  const path = roundPath(round.slug);
  const actions: { href: string; label: string; primary?: boolean }[] = [];
  if (phase.nominating && viewer.mayTakePart) actions.push({ href: `${path}/nominate`, label: t('awards.action.nominate'), primary: true });
  if (phase.voting && viewer.mayTakePart) actions.push({ href: `${path}/vote`, label: t('awards.action.vote'), primary: true });
  if (phase.scoring && viewer.isPanellist) actions.push({ href: `${path}/panel`, label: t('awards.action.panel') });
  if (phase.resultsOut) actions.push({ href: `${path}/results`, label: t('awards.action.results'), primary: true });
  const needsAccount = (phase.nominating || phase.voting) && !viewer.mayTakePart;
  return (
    <Notice kind="info">
      <p>
        <strong safe>{stageLabel(phase.stage)}</strong>
      </p>
      {phase.stage === 'upcoming' ? <p safe>{t('awards.stage.upcoming.body', { day: formatRoundDay(round.times.nominationsOpenAt) })}</p> : ''}
      {phase.nominating ? <p safe>{t('awards.stage.nominating.body', { day: formatClosingDay(round.times.nominationsCloseAt) })}</p> : ''}
      {phase.stage === 'shortlisted' ? <p safe>{t('awards.stage.shortlisted.body', { day: formatRoundDay(round.times.votingOpenAt) })}</p> : ''}
      {phase.voting ? <p safe>{t('awards.stage.voting.body', { day: formatClosingDay(round.times.votingCloseAt) })}</p> : ''}
      {phase.stage === 'counting' ? <p safe>{t('awards.stage.counting.body', { day: formatRoundDay(round.times.resultsAt) })}</p> : ''}
      {needsAccount ? (
        viewer.signedIn ? (
          <p safe>{t('awards.verifyToTakePart')}</p>
        ) : (
          <p>
            <a href={`/sign-in?next=${encodeURIComponent(path)}`} safe>
              {t('awards.signInToTakePart')}
            </a>
          </p>
        )
      ) : (
        ''
      )}
      {actions.length > 0 ? (
        <p class="actions">
          {actions.map((action) => (
            <a class={`button ${action.primary ? 'button--primary' : 'button--secondary'}`} href={action.href} safe>
              {action.label}
            </a>
          ))}
        </p>
      ) : (
        ''
      )}
      {viewer.isAdmin && phase.canPublishEarly ? (
        <>
          <p safe>{t('awards.publish.hint', { day: formatRoundDay(round.times.resultsAt) })}</p>
          <ActionForm page={page} action={`${path}/publish`}>
            <Button kind="secondary" label={t('awards.action.publish')} />
          </ActionForm>
        </>
      ) : (
        ''
      )}
    </Notice>
  );
}

export function RoundPage({
  page,
  round,
  phase,
  nominees,
  viewer,
  progress,
}: {
  page: PageContext;
  round: RoundDetail;
  phase: Phase;
  nominees: Nominee[];
  viewer: RoundPageViewer;
  progress: PanellistProgress[] | null;
}) {
  const path = roundPath(round.slug);
  // Sanitised by renderMarkdown, so it is output as HTML; the "safe" prefix tells xss-scan so.
  const safeDescriptionHtml = renderMarkdown(round.description);
  const live = nominees.filter((n) => !n.withdrawn);
  return (
    <Layout page={page} title={round.name} alternates={[{ type: 'application/json', href: `${path}.json` }]}>
      <Breadcrumbs />
      <h1 safe>{round.name}</h1>
      <StageNotice page={page} round={round} phase={phase} viewer={viewer} />
      <div class="user-text">{safeDescriptionHtml}</div>
      {viewer.isAdmin && !phase.resultsOut ? (
        <p>
          <a href={`${path}/edit`} safe>
            {t('awards.action.edit')}
          </a>
        </p>
      ) : (
        ''
      )}

      <h2 safe>{t('awards.round.dates')}</h2>
      <RoundDates round={round} />

      <h2 safe>{t('awards.categories.title')}</h2>
      {round.categories.map((category) => {
        const inCategory = nominees.filter((n) => n.categoryId === category.id);
        return (
          <section aria-labelledby={`category-${category.id}`}>
            <h3 id={`category-${category.id}`} safe>
              {category.name}
            </h3>
            {category.description ? <p safe>{category.description}</p> : ''}
            {inCategory.length === 0 ? (
              <p class="muted" safe>
                {t('awards.nominees.none')}
              </p>
            ) : (
              <ul>
                {inCategory.map((nominee) => (
                  <li>
                    <a href={`${path}/nominations/${nominee.id}`} safe>
                      {nominee.title}
                    </a>{' '}
                    <span class="muted" safe>
                      {`(${typeLabel(nominee.subjectType)}; ${t(nominee.statements === 1 ? 'awards.nominee.statements.one' : 'awards.nominee.statements', { count: nominee.statements })})`}
                    </span>
                    {nominee.withdrawn ? (
                      <>
                        {' '}
                        <span class="badge badge--warning" safe>
                          {t('awards.nominee.withdrawn')}
                        </span>
                      </>
                    ) : (
                      ''
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}

      {round.criteria.length > 0 ? (
        <>
          <h2 safe>{t('awards.criteria.title')}</h2>
          <p safe>{t('awards.criteria.intro')}</p>
          <CriteriaTable criteria={round.criteria} />
        </>
      ) : (
        ''
      )}

      <Method round={round} />

      <h2 safe>{t('awards.panel.title')}</h2>
      {round.panel.length === 0 ? (
        <p safe>{t('awards.panel.none')}</p>
      ) : (
        <ul class="people">
          {round.panel.map((person) => (
            <li>
              <a href={`/members/${person.handle}`} safe>
                {person.name}
              </a>
            </li>
          ))}
        </ul>
      )}

      {progress ? (
        <section aria-labelledby="progress-title">
          <h2 id="progress-title" safe>
            {t('awards.progress.title')}
          </h2>
          <p safe>{t('awards.progress.intro', { nominees: live.length })}</p>
          <DataTable id="progress" caption={t('awards.progress.title')}>
            <thead>
              <tr>
                <th scope="col" safe>
                  {t('awards.progress.panellist')}
                </th>
                <th scope="col" safe>
                  {t('awards.progress.declared')}
                </th>
                <th scope="col" safe>
                  {t('awards.progress.conflicts')}
                </th>
                <th scope="col" safe>
                  {t('awards.progress.scored')}
                </th>
              </tr>
            </thead>
            <tbody>
              {progress.map((row) => (
                <tr>
                  <th scope="row" safe>
                    {row.name}
                  </th>
                  <td safe>{String(row.declared)}</td>
                  <td safe>{String(row.conflicts)}</td>
                  <td safe>{String(row.scored)}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        </section>
      ) : (
        ''
      )}

      <DataLinks links={[{ label: 'JSON', href: `${path}.json` }]} />
    </Layout>
  );
}

// ---- Nominating ------------------------------------------------------------------------------

export function NominatePage({
  page,
  round,
  types,
  example,
  values = {},
  errors = {},
}: {
  page: PageContext;
  round: RoundDetail;
  types: string[];
  example: string;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const path = roundPath(round.slug);
  const title = t('awards.nominate.title', { round: round.name });
  return (
    <Layout page={page} title={title}>
      <Breadcrumbs round={round} />
      <h1 safe>{title}</h1>
      <ErrorSummary errors={errors} />
      <p safe>{t('awards.nominate.intro')}</p>
      <p safe>{t('awards.nominate.types', { types: types.map((type) => typeLabel(type).toLowerCase()).join(', ') })}</p>
      <form method="post" action={`${path}/nominate`} novalidate>
        <CsrfField token={page.csrfToken} />
        <Choices
          name="category"
          label={t('awards.field.category')}
          options={round.categories.map((c) => ({ value: String(c.id), label: c.name }))}
          values={values.category}
          error={errors.category}
        />
        <TextField
          name="address"
          label={t('awards.field.address')}
          hint={t('awards.field.address.hint', { example })}
          value={values.address}
          error={errors.address}
          maxLength={limits.address}
          spellcheck={false}
        />
        <TextArea name="reason" label={t('awards.field.reason')} hint={t('awards.field.reason.hint', { max: limits.reason })} value={values.reason} error={errors.reason} rows={4} maxLength={limits.reason} />
        <div class="actions">
          <Button label={t('awards.nominate.submit')} />
          <a href={path} safe>
            {t('form.cancel')}
          </a>
        </div>
      </form>
    </Layout>
  );
}

export function NominationPage({
  page,
  round,
  phase,
  nomination,
  categoryName,
  canSupport,
  isAdmin,
  values = {},
  errors = {},
}: {
  page: PageContext;
  round: RoundDetail;
  phase: Phase;
  nomination: NominationDetail;
  categoryName: string;
  canSupport: boolean;
  isAdmin: boolean;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const path = `${roundPath(round.slug)}/nominations/${nomination.id}`;
  return (
    <Layout page={page} title={nomination.title} alternates={[{ type: 'application/json', href: `${path}.json` }]}>
      <Breadcrumbs round={round} />
      <h1 safe>{nomination.title}</h1>
      <ErrorSummary errors={errors} />
      <p safe>{t('awards.nomination.context', { type: typeLabel(nomination.subjectType), category: categoryName, round: round.name })}</p>
      {nomination.withdrawn ? (
        <Notice kind="warning">
          <p safe>{t('awards.nomination.withdrawn', { day: formatRoundDay(nomination.withdrawn.at) })}</p>
          <p class="user-text" safe>
            {nomination.withdrawn.reason}
          </p>
        </Notice>
      ) : (
        ''
      )}
      <p>
        <a href={nomination.url} safe>
          {t('awards.nomination.see', { type: typeLabel(nomination.subjectType).toLowerCase() })}
        </a>
      </p>
      <h2 safe>{t('awards.nomination.reasons')}</h2>
      <ul class="activity-list">
        {nomination.statementsList.map((statement) => (
          <li>
            <p class="user-text" safe>
              {statement.reason}
            </p>
            <p class="meta">
              {statement.author ? (
                <a href={`/members/${statement.author.handle}`} safe>
                  {statement.author.name}
                </a>
              ) : (
                <span safe>{t('awards.nomination.formerMember')}</span>
              )}
              <span safe>{`, ${formatRoundDay(statement.at)}`}</span>
            </p>
          </li>
        ))}
      </ul>
      {canSupport ? (
        <section aria-labelledby="support-title">
          <h2 id="support-title" safe>
            {t('awards.support.title')}
          </h2>
          <form method="post" action={`${path}/support`} novalidate>
            <CsrfField token={page.csrfToken} />
            <TextArea name="reason" label={t('awards.field.reason')} hint={t('awards.field.reason.hint', { max: limits.reason })} value={values.reason} error={errors.reason} rows={4} maxLength={limits.reason} />
            <Button label={t('awards.support.submit')} />
          </form>
        </section>
      ) : (
        ''
      )}
      {isAdmin && !nomination.withdrawn && !phase.resultsOut ? (
        <p>
          <a href={`${path}/withdraw`} safe>
            {t('awards.withdraw.link')}
          </a>
        </p>
      ) : (
        ''
      )}
      <DataLinks links={[{ label: 'JSON', href: `${path}.json` }]} />
    </Layout>
  );
}

export function WithdrawPage({ page, round, nomination, values = {}, errors = {} }: { page: PageContext; round: RoundDetail; nomination: Nominee; values?: FormValues; errors?: FieldErrors }) {
  const path = `${roundPath(round.slug)}/nominations/${nomination.id}`;
  const title = t('awards.withdraw.title', { title: nomination.title });
  return (
    <Layout page={page} title={title}>
      <Breadcrumbs round={round} />
      <h1 safe>{title}</h1>
      <ErrorSummary errors={errors} />
      <p safe>{t('awards.withdraw.intro')}</p>
      <form method="post" action={`${path}/withdraw`} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextArea name="reason" label={t('awards.field.withdrawReason')} value={values.reason} error={errors.reason} rows={4} maxLength={limits.withdrawReason} />
        <div class="actions">
          <Button kind="warning" label={t('awards.withdraw.submit')} />
          <a href={path} safe>
            {t('form.cancel')}
          </a>
        </div>
      </form>
    </Layout>
  );
}

// ---- Voting ----------------------------------------------------------------------------------

export function VotePage({
  page,
  round,
  nominees,
  votes,
  values = {},
  errors = {},
}: {
  page: PageContext;
  round: RoundDetail;
  nominees: Nominee[];
  votes: Map<number, number>;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const path = roundPath(round.slug);
  const title = t('awards.vote.title', { round: round.name });
  return (
    <Layout page={page} title={title}>
      <Breadcrumbs round={round} />
      <h1 safe>{title}</h1>
      <ErrorSummary errors={errors} />
      <p safe>{t('awards.vote.intro', { day: formatClosingDay(round.times.votingCloseAt) })}</p>
      {round.categories.map((category) => {
        const inCategory = nominees.filter((n) => n.categoryId === category.id);
        const current = inCategory.find((n) => n.id === votes.get(category.id));
        const field = voteField(category.id);
        return (
          <section aria-labelledby={`vote-${category.id}`}>
            <h2 id={`vote-${category.id}`} safe>
              {category.name}
            </h2>
            {category.description ? <p safe>{category.description}</p> : ''}
            <p safe>{current ? t('awards.vote.current', { title: current.title }) : t('awards.vote.none')}</p>
            {inCategory.length === 0 ? (
              <p class="muted" safe>
                {t('awards.nominees.none')}
              </p>
            ) : (
              <form method="post" action={`${path}/vote`} novalidate>
                <CsrfField token={page.csrfToken} />
                <input type="hidden" name="category" value={String(category.id)} />
                <Choices
                  name={field}
                  label={t('awards.vote.legend', { category: category.name })}
                  options={inCategory.map((n) => ({ value: String(n.id), label: n.title }))}
                  values={values[field] ?? (current ? String(current.id) : undefined)}
                  error={errors[field]}
                />
                <Button label={current ? t('awards.vote.change', { category: category.name }) : t('awards.vote.submit', { category: category.name })} />
              </form>
            )}
          </section>
        );
      })}
    </Layout>
  );
}

// ---- The panel -------------------------------------------------------------------------------

function weightedAverage(criteria: Criterion[], scores: Map<number, number>): number | null {
  const total = criteria.reduce((sum, c) => sum + c.weight, 0);
  if (total === 0 || !criteria.every((c) => scores.has(c.id))) return null;
  return criteria.reduce((sum, c) => sum + c.weight * scores.get(c.id)!, 0) / total;
}

const detectedKeys: Record<string, MessageKey> = {
  team: 'awards.detected.team',
  organisation: 'awards.detected.organisation',
  moderator: 'awards.detected.moderator',
  reporter: 'awards.detected.reporter',
  'in-story': 'awards.detected.inStory',
};

export function detectedText(reason: string): string {
  return t(detectedKeys[reason] ?? 'awards.detected.other');
}

/** Where a panellist stands with a nominee, in words. */
export function panelStatus(entry: PanelEntry, criteria: Criterion[]): { text: string; mayScore: boolean } {
  if (entry.detected) return { text: detectedText(entry.detected), mayScore: false };
  if (entry.declaration?.conflict) return { text: t('awards.panel.status.conflict'), mayScore: false };
  if (!entry.declaration) return { text: t('awards.panel.status.undeclared'), mayScore: false };
  const average = weightedAverage(criteria, entry.scores);
  if (average !== null) return { text: t('awards.panel.status.scored', { average: formatMean(average) }), mayScore: true };
  const done = criteria.filter((c) => entry.scores.has(c.id)).length;
  return { text: done === 0 ? t('awards.panel.status.toScore') : t('awards.panel.status.partly', { done, all: criteria.length }), mayScore: true };
}

export function PanelPage({ page, round, nominees, entries }: { page: PageContext; round: RoundDetail; nominees: Nominee[]; entries: Map<number, PanelEntry> }) {
  const path = roundPath(round.slug);
  const title = t('awards.panel.page.title', { round: round.name });
  return (
    <Layout page={page} title={title}>
      <Breadcrumbs round={round} />
      <h1 safe>{title}</h1>
      <p safe>{t('awards.panel.page.intro', { day: formatClosingDay(round.times.scoringCloseAt) })}</p>
      {round.categories.map((category) => {
        const inCategory = nominees.filter((n) => n.categoryId === category.id);
        return (
          <section aria-labelledby={`panel-${category.id}`}>
            <h2 id={`panel-${category.id}`} safe>
              {category.name}
            </h2>
            {inCategory.length === 0 ? (
              <p class="muted" safe>
                {t('awards.nominees.none')}
              </p>
            ) : (
              <ul class="activity-list">
                {inCategory.map((nominee) => {
                  const entry = entries.get(nominee.id)!;
                  const status = panelStatus(entry, round.criteria);
                  // A nominee the panellist may not score is listed without a way to score it.
                  const canAct = !entry.detected && !entry.declaration?.conflict;
                  return (
                    <li>
                      <p>
                        {canAct ? (
                          <a href={`${path}/panel/${nominee.id}`} safe>
                            {nominee.title}
                          </a>
                        ) : (
                          <strong safe>{nominee.title}</strong>
                        )}
                      </p>
                      <p class="meta" safe>
                        {status.text}
                      </p>
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        );
      })}
    </Layout>
  );
}

export function PanelNomineePage({
  page,
  round,
  nominee,
  categoryName,
  entry,
  values = {},
  errors = {},
}: {
  page: PageContext;
  round: RoundDetail;
  nominee: Nominee;
  categoryName: string;
  entry: PanelEntry;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const path = `${roundPath(round.slug)}/panel/${nominee.id}`;
  const title = t('awards.panel.nominee.title', { title: nominee.title });
  const scoreOptions = Array.from({ length: 11 }, (_, score) => ({ value: String(score), label: String(score) }));
  let body: JSX.Element;
  if (entry.detected) {
    body = (
      <Notice kind="warning">
        <p>
          <strong safe>{t('awards.cannotScore')}</strong>
        </p>
        <p safe>{detectedText(entry.detected)}</p>
      </Notice>
    );
  } else if (entry.declaration?.conflict) {
    body = (
      <Notice kind="warning">
        <p>
          <strong safe>{t('awards.cannotScore')}</strong>
        </p>
        <p safe>{t('awards.declare.final')}</p>
      </Notice>
    );
  } else if (!entry.declaration) {
    body = (
      <section aria-labelledby="declare-title">
        <h2 id="declare-title" safe>
          {t('awards.declare.title')}
        </h2>
        <p safe>{t('awards.declare.intro')}</p>
        <form method="post" action={`${path}/declare`} novalidate>
          <CsrfField token={page.csrfToken} />
          <Choices
            name="conflict"
            label={t('awards.field.conflict')}
            options={[
              { value: 'none', label: t('awards.field.conflict.none') },
              { value: 'conflict', label: t('awards.field.conflict.conflict') },
            ]}
            values={values.conflict}
            error={errors.conflict}
          />
          <TextArea name="note" label={t('awards.field.note')} hint={t('awards.field.note.hint')} value={values.note} error={errors.note} rows={3} maxLength={limits.declarationNote} optional />
          <Button label={t('awards.declare.submit')} />
        </form>
      </section>
    );
  } else {
    body = (
      <>
        <p safe>{t('awards.declare.none', { day: formatRoundDay(entry.declaration.at) })}</p>
        <section aria-labelledby="scores-title">
          <h2 id="scores-title" safe>
            {t('awards.scores.title')}
          </h2>
          <p safe>{t('awards.scores.intro')}</p>
          <form method="post" action={`${path}/scores`} novalidate>
            <CsrfField token={page.csrfToken} />
            {round.criteria.map((criterion) => {
              const field = scoreField(criterion.id);
              const saved = entry.scores.get(criterion.id);
              return (
                <Select
                  name={field}
                  label={t('awards.field.score', { criterion: criterion.name, weight: criterion.weight })}
                  hint={criterion.description || undefined}
                  options={scoreOptions}
                  blank={t('awards.field.score.blank')}
                  value={values[field] ?? (saved === undefined ? '' : String(saved))}
                  error={errors[field]}
                />
              );
            })}
            <Button label={t('awards.scores.submit')} />
          </form>
        </section>
        <section aria-labelledby="change-title">
          <h2 id="change-title" safe>
            {t('awards.declare.changeTitle')}
          </h2>
          <p safe>{t('awards.declare.changeIntro')}</p>
          <form method="post" action={`${path}/declare`} novalidate>
            <CsrfField token={page.csrfToken} />
            <input type="hidden" name="conflict" value="conflict" />
            <TextArea name="note" label={t('awards.field.note')} value={values.conflict === 'conflict' ? values.note : ''} error={errors.note} rows={3} maxLength={limits.declarationNote} />
            <Button kind="secondary" label={t('awards.declare.change')} />
          </form>
        </section>
      </>
    );
  }
  return (
    <Layout page={page} title={title}>
      <p>
        <a href={`${roundPath(round.slug)}/panel`} safe>
          {t('awards.panel.back', { round: round.name })}
        </a>
      </p>
      <h1 safe>{title}</h1>
      <ErrorSummary errors={errors} />
      <p>
        <span safe>{t('awards.panel.nominee.context', { category: categoryName })}</span>{' '}
        <a href={nominee.url} safe>
          {t('awards.nomination.see', { type: typeLabel(nominee.subjectType).toLowerCase() })}
        </a>
      </p>
      {body}
    </Layout>
  );
}

// ---- Results ---------------------------------------------------------------------------------

const statusKeys: Record<PanellistStatus, MessageKey> = {
  scored: 'awards.results.status.scored',
  conflict: 'awards.results.status.conflict',
  incomplete: 'awards.results.status.incomplete',
  'not-scored': 'awards.results.status.not-scored',
};

const tieKeys: Record<TieRule, MessageKey> = {
  panel: 'awards.results.tie.panel',
  votes: 'awards.results.tie.votes',
  'nominated-first': 'awards.results.tie.nominated-first',
};

export function tieText(result: NomineeResult, title: string, titles: Map<number, string>): string | null {
  if (!result.tieBreak) return null;
  return t(tieKeys[result.tieBreak.rule], { title, other: titles.get(result.tieBreak.over) ?? '' });
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/**
 * The combined scores of a category as horizontal bars (0 to 1), each with its name above it and
 * its score beside it. The SVG is one image with a title and a description that reads out every
 * score; the table after it holds the same numbers and more.
 */
export function ResultsChart({ id, category, nominees }: { id: string; category: string; nominees: RoundResults['categories'][number]['nominees'] }) {
  const width = 360;
  const labelWidth = 300;
  const row = 44;
  const top = 8;
  const height = top + row * nominees.length + 20;
  const barMax = labelWidth - 8;
  const description = t('awards.results.chartDesc', {
    list: nominees.map((n) => t('awards.results.chartItem', { place: n.rank, title: n.nominee.title, score: formatScore(n.combinedScore) })).join('; '),
  });
  return (
    <figure class="chart">
      <svg
        xmlns="http://www.w3.org/2000/svg"
        viewBox={`0 0 ${width} ${height}`}
        width={String(width)}
        height={String(height)}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
      >
        <title id={`${id}-title`} safe>
          {t('awards.results.chartTitle', { category })}
        </title>
        <desc id={`${id}-desc`} safe>
          {description}
        </desc>
        {nominees.map((n, index) => {
          const y = top + index * row;
          const barWidth = Math.max(1, Math.round(n.combinedScore * barMax));
          return (
            <g>
              <text x="0" y={String(y + 12)} font-size="12" fill="#0b0c0c" safe>
                {`${n.rank}. ${shorten(n.nominee.title, 48)}`}
              </text>
              <rect x="0" y={String(y + 18)} width={String(barWidth)} height="16" fill={n.winner ? '#14532d' : '#505a5f'} />
              <text x={String(barWidth + 6)} y={String(y + 31)} font-size="12" fill="#0b0c0c" safe>
                {formatScore(n.combinedScore)}
              </text>
            </g>
          );
        })}
        <line x1="0" x2="0" y1={String(top)} y2={String(height - 12)} stroke="#505a5f" stroke-width="1" />
        <text x="0" y={String(height - 2)} font-size="11" fill="#0b0c0c">
          0
        </text>
        <text x={String(barMax)} y={String(height - 2)} font-size="11" fill="#0b0c0c" text-anchor="middle">
          1
        </text>
      </svg>
      <figcaption class="muted" safe>
        {t('awards.results.chartCaption')}
      </figcaption>
    </figure>
  );
}

export function ResultsPage({
  page,
  round,
  results,
  panelLabels,
}: {
  page: PageContext;
  round: RoundDetail;
  results: RoundResults;
  panelLabels: string[];
}) {
  const path = `${roundPath(round.slug)}/results`;
  const title = t('awards.results.title', { round: round.name });
  return (
    <Layout page={page} title={title} wide alternates={[{ type: 'application/json', href: `${path}.json` }, { type: 'text/csv', href: `${path}.csv` }]}>
      <Breadcrumbs round={round} />
      <h1 safe>{title}</h1>
      <p safe>
        {round.times.publishedAt && round.times.publishedAt.getTime() < round.times.resultsAt.getTime()
          ? t('awards.results.publishedOn', { day: formatRoundDay(round.times.publishedAt) })
          : t('awards.results.publishedOn', { day: formatRoundDay(round.times.resultsAt) })}
      </p>
      <section aria-labelledby="winners-title">
        <h2 id="winners-title" safe>
          {t('awards.results.winners')}
        </h2>
        <ul>
          {results.categories.map((category) => {
            const winner = category.nominees[0];
            return (
              <li>
                <strong safe>{`${category.category.name}: `}</strong>
                {winner ? (
                  <a href={winner.nominee.url} safe>
                    {winner.nominee.title}
                  </a>
                ) : (
                  <span safe>{t('awards.results.noWinner')}</span>
                )}
              </li>
            );
          })}
        </ul>
      </section>
      <Method round={round} />
      {results.categories.map((category) => {
        const id = `category-${category.category.id}`;
        const titles = new Map(category.nominees.map((n) => [n.nominationId, n.nominee.title]));
        const ties = category.nominees.map((n) => tieText(n, n.nominee.title, titles)).filter((text): text is string => text !== null);
        return (
          <section aria-labelledby={id}>
            <h2 id={id} safe>
              {category.category.name}
            </h2>
            {category.nominees.length === 0 ? (
              <p safe>{t('awards.results.noNominees')}</p>
            ) : (
              <>
                <p>
                  <strong safe>{t('awards.results.winner', { title: category.nominees[0]!.nominee.title })}</strong>
                </p>
                <p safe>{t(category.totalVotes === 1 ? 'awards.results.categoryVotes.one' : 'awards.results.categoryVotes', { count: category.totalVotes })}</p>
                <ResultsChart id={`chart-${category.category.id}`} category={category.category.name} nominees={category.nominees} />
                <DataTable id={`results-${category.category.id}`} caption={t('awards.results.table.caption', { category: category.category.name })} captionHidden={false}>
                  <thead>
                    <tr>
                      <th scope="col" safe>
                        {t('awards.results.col.place')}
                      </th>
                      <th scope="col" safe>
                        {t('awards.results.col.nominee')}
                      </th>
                      <th scope="col" safe>
                        {t('awards.results.col.votes')}
                      </th>
                      <th scope="col" safe>
                        {t('awards.results.col.share')}
                      </th>
                      <th scope="col" safe>
                        {t('awards.results.col.panel')}
                      </th>
                      <th scope="col" safe>
                        {t('awards.results.col.combined')}
                      </th>
                      <th scope="col" safe>
                        {t('awards.results.col.counted')}
                      </th>
                      <th scope="col" safe>
                        {t('awards.results.col.conflicts')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {category.nominees.map((n) => (
                      <tr>
                        <td safe>{n.winner ? t('awards.results.place.winner', { place: n.rank }) : String(n.rank)}</td>
                        <th scope="row">
                          <a href={n.nominee.url} safe>
                            {n.nominee.title}
                          </a>
                        </th>
                        <td safe>{String(n.votes)}</td>
                        <td safe>{formatShare(n.voteShare)}</td>
                        <td safe>{formatScore(n.panelScore)}</td>
                        <td safe>{formatScore(n.combinedScore)}</td>
                        <td safe>{String(n.panellistsCounted)}</td>
                        <td safe>{String(n.conflicts)}</td>
                      </tr>
                    ))}
                  </tbody>
                </DataTable>
                {ties.length > 0 ? (
                  <>
                    <h3 safe>{t('awards.results.ties')}</h3>
                    <ul>
                      {ties.map((text) => (
                        <li safe>{text}</li>
                      ))}
                    </ul>
                  </>
                ) : (
                  ''
                )}
                {round.criteria.length > 0 ? (
                  <DataTable id={`criteria-${category.category.id}`} caption={t('awards.results.criteria.caption', { category: category.category.name })} captionHidden={false}>
                    <thead>
                      <tr>
                        <th scope="col" safe>
                          {t('awards.results.col.nominee')}
                        </th>
                        {round.criteria.map((criterion) => (
                          <th scope="col" safe>
                            {t('awards.results.col.criterion', { criterion: criterion.name, weight: criterion.weight })}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {category.nominees.map((n) => (
                        <tr>
                          <th scope="row" safe>
                            {n.nominee.title}
                          </th>
                          {n.criterionMeans.map((mean) => (
                            <td safe>{formatMean(mean.mean)}</td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </DataTable>
                ) : (
                  ''
                )}
                {panelLabels.length > 0 ? (
                  <DataTable id={`panellists-${category.category.id}`} caption={t('awards.results.panellists.caption', { category: category.category.name })} captionHidden={false}>
                    <thead>
                      <tr>
                        <th scope="col" safe>
                          {t('awards.results.col.nominee')}
                        </th>
                        {panelLabels.map((label) => (
                          <th scope="col" safe>
                            {label}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {category.nominees.map((n) => (
                        <tr>
                          <th scope="row" safe>
                            {n.nominee.title}
                          </th>
                          {n.panellistScores.map((score) => (
                            <td safe>{score.status === 'scored' ? formatMean(score.weightedAverage) : t(statusKeys[score.status])}</td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </DataTable>
                ) : (
                  ''
                )}
              </>
            )}
          </section>
        );
      })}
      <DataLinks
        links={[
          { label: 'JSON', href: `${path}.json` },
          { label: 'CSV', href: `${path}.csv` },
        ]}
      />
    </Layout>
  );
}

export function ResultsPendingPage({ page, round }: { page: PageContext; round: RoundDetail }) {
  const title = t('awards.results.title', { round: round.name });
  return (
    <Layout page={page} title={title}>
      <Breadcrumbs round={round} />
      <h1 safe>{title}</h1>
      <p safe>{t('awards.results.notYet', { day: formatRoundDay(round.times.resultsAt) })}</p>
      <Method round={round} />
    </Layout>
  );
}

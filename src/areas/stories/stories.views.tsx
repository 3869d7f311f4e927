import type { Children } from '@kitajs/html';
import type { EvidenceLevel } from '../../db/schema.ts';
import { localAuthorities } from '../../data/uk-local-authorities.ts';
import { t } from '../../i18n/i18n.ts';
import {
  ActionForm,
  Button,
  Choices,
  CsrfField,
  DataLinks,
  DataTable,
  ErrorSummary,
  FilterActions,
  Notice,
  Pagination,
  Select,
  Tags,
  TextArea,
  TextField,
  type FieldErrors,
  type FormValues,
} from '../../web/components.tsx';
import type { PageContext } from '../../web/context.ts';
import { Layout, listFormats } from '../../web/layout.tsx';
import { renderMarkdown } from '../../web/markdown.ts';
import { defaultSort, evidenceLevels, filtersQuery, interestKinds, limits, queryMax, sorts, trialOutcomes, type ListingFilters } from './stories.forms.ts';
import { embedUrl, watchUrl } from './stories.media.ts';
import type { StoryStanding } from './stories.policy.ts';
import type { FollowUpItem, InterestEntry, StoryCard, StoryDetail, Trial, TrialCounts } from './stories.queries.ts';
import {
  durationText,
  evidenceExplanation,
  evidenceLabel,
  formatDate,
  formatMonth,
  interestCounts,
  interestLabel,
  outcomeLabel,
  providerName,
  storyPath,
} from './stories.text.ts';

const tagHref = (tag: string) => `/stories?${new URLSearchParams({ tag })}`;
export const authorityOptions = () => localAuthorities.map((authority) => ({ value: authority.code, label: authority.name }));

function queryString(query: Record<string, string | undefined>) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

function Crumbs({ story }: { story?: { slug: string; title: string } }) {
  return (
    <p>
      <a href="/stories" safe>
        {t('stories.title')}
      </a>
      {story ? (
        <>
          {' › '}
          <a href={storyPath(story.slug)} safe>
            {story.title}
          </a>
        </>
      ) : (
        ''
      )}
    </p>
  );
}

export function StoryBadges({ story }: { story: Pick<StoryCard, 'status' | 'evidenceLevel' | 'clipKind' | 'hidden'> }) {
  return (
    <ul class="badges" aria-label={t('stories.about')}>
      {story.status === 'draft' ? (
        <li class="badge badge--warning" safe>
          {t('stories.draft.badge')}
        </li>
      ) : (
        ''
      )}
      {story.hidden ? (
        <li class="badge badge--warning" safe>
          {t('stories.hidden.badge')}
        </li>
      ) : (
        ''
      )}
      {story.clipKind ? (
        <li class="badge" safe>
          {t('stories.badge.clip')}
        </li>
      ) : (
        ''
      )}
      {story.evidenceLevel ? (
        <li class="badge" safe>
          {t('stories.badge.recipe', { level: evidenceLabel(story.evidenceLevel) })}
        </li>
      ) : (
        ''
      )}
    </ul>
  );
}

function whereText(story: Pick<StoryCard, 'place' | 'localAuthority'>): string {
  return [story.place, story.localAuthority?.name].filter(Boolean).join(', ');
}

export function StoryCardView({ story }: { story: StoryCard }) {
  const where = whereText(story);
  return (
    <article class="card">
      <h3 class="card__title">
        <a href={storyPath(story.slug)} safe>
          {story.title}
        </a>
      </h3>
      <StoryBadges story={story} />
      {where ? (
        <p class="muted" safe>
          {where}
        </p>
      ) : (
        ''
      )}
      <p safe>{story.summary}</p>
      <p class="muted" safe>
        {interestCounts(story)}
      </p>
      <Tags tags={story.tags} hrefFor={tagHref} />
    </article>
  );
}

// ---- The list -------------------------------------------------------------------------------

export function ListingPage({
  page,
  filters,
  stories,
  pageNumber,
  hasNext,
  facilitator,
}: {
  page: PageContext;
  filters: ListingFilters;
  stories: StoryCard[];
  pageNumber: number;
  hasNext: boolean;
  facilitator: boolean;
}) {
  const query = filtersQuery(filters);
  const filtered = Boolean(query.q || query.tag || query.area || query.evidence);
  const dataQuery = queryString({ ...query, page: pageNumber > 1 ? String(pageNumber) : undefined });
  const feedQuery = queryString(query);
  const { links: data, alternates } = listFormats('/stories', { data: dataQuery, feed: feedQuery }, t('stories.title'));
  return (
    <Layout page={page} title={t('stories.title')} wide alternates={alternates}>
      <h1 safe>{t('stories.title')}</h1>
      <p class="lead" safe>
        {t('stories.intro')}
      </p>
      <p class="actions">
        <a class="button button--primary" href="/stories/nominate" safe>
          {t('stories.nominate.link')}
        </a>
        {page.viewer ? (
          <a href="/stories/mine" safe>
            {t('stories.mine.link')}
          </a>
        ) : (
          ''
        )}
        {facilitator ? (
          <a href="/stories/review" safe>
            {t('stories.review.link')}
          </a>
        ) : (
          ''
        )}
      </p>
      <div class="with-sidebar">
        <form method="get" action="/stories" class="filters" role="search" aria-labelledby="filters-title">
          <h2 id="filters-title" safe>
            {t('stories.filters')}
          </h2>
          <TextField name="q" type="search" label={t('stories.filter.q')} value={filters.q ?? ''} maxLength={queryMax} />
          <Select
            name="sort"
            label={t('stories.filter.sort')}
            value={filters.sort}
            // "Best match" only means something when there are words to match.
            options={sorts.filter((sort) => sort !== 'match' || filters.q).map((sort) => ({ value: sort, label: t(`stories.sort.${sort}`) }))}
          />
          <TextField name="tag" label={t('stories.filter.tag')} value={filters.tag ?? ''} maxLength={40} />
          <Select name="area" label={t('stories.filter.area')} value={filters.area ?? ''} options={authorityOptions()} blank={t('stories.filter.anywhere')} />
          <Select
            name="evidence"
            label={t('stories.filter.evidence')}
            value={filters.evidence ?? ''}
            options={evidenceLevels.map((level) => ({ value: level, label: evidenceLabel(level) }))}
            blank={t('stories.filter.anyEvidence')}
          />
          <FilterActions label={t('form.filter')} clearHref="/stories" filtered={filtered || filters.sort !== defaultSort(filters.q)} />
        </form>
        <section class="results" aria-labelledby="results-title">
          <h2 id="results-title" class="visually-hidden" safe>
            {t('stories.results')}
          </h2>
          {stories.length === 0 ? (
            <p safe>{filtered || pageNumber > 1 ? t('stories.none') : t('stories.empty')}</p>
          ) : (
            <ul class="stack list-plain">
              {stories.map((story) => (
                <li>
                  <StoryCardView story={story} />
                </li>
              ))}
            </ul>
          )}
          <Pagination page={pageNumber} hasNext={hasNext} path="/stories" query={query} />
          <DataLinks links={data} />
        </section>
      </div>
    </Layout>
  );
}

// ---- One story ------------------------------------------------------------------------------

export function ClipView({ story, play }: { story: StoryDetail; play: boolean }) {
  const clip = story.clip;
  if (!clip) return <></>;
  const path = storyPath(story.slug);
  if (clip.kind === 'upload') {
    return (
      <figure class="clip">
        <video controls src={`${path}/clip`} aria-describedby="clip-caption">
          <track kind="captions" src={`${path}/clip/captions`} srclang="en" label={t('stories.clip.captions.label')} default="" />
          <p>
            <span safe>{`${t('stories.clip.cannotPlay')} `}</span>
            <a href={`${path}/clip`} safe>
              {t('stories.clip.download')}
            </a>
          </p>
        </video>
        <figcaption id="clip-caption" safe>
          {clip.durationSeconds ? `${clip.title} (${durationText(clip.durationSeconds)})` : clip.title}
        </figcaption>
      </figure>
    );
  }
  const video = { provider: clip.provider!, host: clip.host!, id: clip.embedId! };
  const site = providerName(video.provider);
  if (play) {
    return (
      <figure class="clip">
        <iframe
          class="clip__frame"
          src={embedUrl(video)}
          title={t('stories.clip.frameTitle', { title: clip.title, site })}
          allow="fullscreen; picture-in-picture"
          referrerpolicy="strict-origin-when-cross-origin"
          sandbox="allow-scripts allow-same-origin allow-presentation"
          loading="lazy"
        ></iframe>
        <figcaption>
          <span safe>{`${clip.title} · `}</span>
          <a href={watchUrl(video)} rel="noopener nofollow" safe>
            {t('stories.clip.watchOn', { site })}
          </a>
        </figcaption>
      </figure>
    );
  }
  return (
    <div class="clip clip--waiting">
      <p>
        <strong safe>{clip.title}</strong>
      </p>
      <p safe>{t('stories.clip.elsewhere', { site })}</p>
      <form method="get" action={`${path}#clip-title`} class="inline-form">
        <input type="hidden" name="play" value="1" />
        <Button kind="secondary" label={t('stories.clip.playHere')} />
      </form>{' '}
      <a href={watchUrl(video)} rel="noopener nofollow" safe>
        {t('stories.clip.watchOn', { site })}
      </a>
    </div>
  );
}

function InterestSection({
  page,
  story,
  mine,
  interest,
}: {
  page: PageContext;
  story: StoryDetail;
  mine: { kind: string; organisation: string } | undefined;
  /** Who said what: for the people working on the story and the people in it. */
  interest: InterestEntry[] | null;
}) {
  const path = storyPath(story.slug);
  return (
    <section aria-labelledby="interest-title">
      <h2 id="interest-title" safe>
        {t('stories.interest.title')}
      </h2>
      <p safe>{interestCounts(story)}</p>
      {interest && interest.length > 0 ? (
        <>
          <h3 safe>{t('stories.interest.who')}</h3>
          <ul>
            {interest.map((entry) => (
              <li>
                <a href={`/members/${entry.person.handle}`} safe>
                  {entry.person.name}
                </a>
                <span safe>{` – ${interestLabel(entry.kind)}${entry.organisation ? ` (${entry.organisation})` : ''}`}</span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
      {story.status !== 'published' ? (
        <p class="hint" safe>
          {t('stories.interest.draft')}
        </p>
      ) : !page.viewer ? (
        <p>
          <a href={`/sign-in?next=${encodeURIComponent(`${path}#interest-title`)}`} safe>
            {t('stories.interest.signIn')}
          </a>
        </p>
      ) : (
        <>
          {mine ? (
            <div class="actions">
              <p safe>{mine.organisation ? t('stories.interest.yours.org', { kind: interestLabel(mine.kind as 'interested'), organisation: mine.organisation }) : t('stories.interest.yours', { kind: interestLabel(mine.kind as 'interested') })}</p>
              <ActionForm inline page={page} action={`${path}/interest/withdraw`}>
                <Button kind="secondary" label={t('stories.interest.withdraw')} />
              </ActionForm>
            </div>
          ) : (
            ''
          )}
          <InterestForm page={page} story={story} values={mine ?? {}} errors={{}} changing={mine !== undefined} />
        </>
      )}
    </section>
  );
}

function InterestForm({ page, story, values, errors, changing }: { page: PageContext; story: StoryDetail; values: FormValues; errors: FieldErrors; changing: boolean }) {
  return (
    <form method="post" action={`${storyPath(story.slug)}/interest`} novalidate>
      <CsrfField token={page.csrfToken} />
      <Choices
        name="kind"
        label={changing ? t('stories.interest.change') : t('stories.interest.say')}
        values={values.kind}
        error={errors.kind}
        options={interestKinds.map((kind) => ({ value: kind, label: interestLabel(kind) }))}
      />
      <TextField
        name="organisation"
        label={t('stories.interest.organisation')}
        hint={t('stories.interest.organisation.hint')}
        value={values.organisation ?? ''}
        error={errors.organisation}
        maxLength={limits.organisation}
        optional
      />
      <Button label={t('stories.interest.submit')} />
    </form>
  );
}

/** The interest form on its own: where a mistake in it is shown. */
export function InterestFormPage({ page, story, values, errors = {} }: { page: PageContext; story: StoryDetail; values: FormValues; errors?: FieldErrors }) {
  const title = t('stories.interest.formTitle', { title: story.title });
  return (
    <Layout page={page} title={title}>
      <Crumbs story={story} />
      <h1 safe>{title}</h1>
      <p safe>{interestCounts(story)}</p>
      <ErrorSummary errors={errors} />
      <InterestForm page={page} story={story} values={values} errors={errors} changing={false} />
    </Layout>
  );
}

export function ReporterFormPage({ page, story, values, errors = {} }: { page: PageContext; story: StoryDetail; values: FormValues; errors?: FieldErrors }) {
  const title = t('stories.reporter.formTitle', { title: story.title });
  const path = storyPath(story.slug);
  return (
    <Layout page={page} title={title}>
      <Crumbs story={story} />
      <h1 safe>{title}</h1>
      <p safe>{t('stories.reporter.intro')}</p>
      <ErrorSummary errors={errors} />
      <form method="post" action={`${path}/reporter`} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField name="reporter" label={t('stories.reporter.field')} hint={t('stories.reporter.hint')} value={values.reporter} error={errors.reporter} maxLength={101} spellcheck={false} />
        <div class="actions">
          <Button label={t('stories.reporter.submit')} />
          <a href={path} safe>
            {t('form.cancel')}
          </a>
        </div>
      </form>
    </Layout>
  );
}

function AdaptForm({ page, story, pitches, values, errors }: { page: PageContext; story: StoryDetail; pitches: { id: number; title: string }[]; values: FormValues; errors: FieldErrors }) {
  return (
    <form method="post" action={`${storyPath(story.slug)}/adapted`} novalidate>
      <CsrfField token={page.csrfToken} />
      <Select
        name="pitch"
        label={t('stories.adapt.pitch')}
        hint={t('stories.adapt.pitch.hint')}
        value={values.pitch}
        error={errors.pitch}
        options={pitches.map((pitch) => ({ value: String(pitch.id), label: pitch.title }))}
        blank={t('stories.adapt.pitch.choose')}
      />
      <TextField name="note" label={t('stories.adapt.note')} value={values.note} error={errors.note} maxLength={limits.adaptedNote} optional />
      <Button kind="secondary" label={t('stories.adapt.submit')} />
    </form>
  );
}

export function AdaptFormPage({
  page,
  story,
  pitches,
  values = {},
  errors = {},
}: {
  page: PageContext;
  story: StoryDetail;
  pitches: { id: number; title: string }[];
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const title = t('stories.adapt.formTitle', { title: story.title });
  return (
    <Layout page={page} title={title}>
      <Crumbs story={story} />
      <h1 safe>{title}</h1>
      <ErrorSummary errors={errors} />
      {pitches.length === 0 ? (
        <p safe>{t('stories.adapt.noPitches')}</p>
      ) : (
        <AdaptForm page={page} story={story} pitches={pitches} values={values} errors={errors} />
      )}
    </Layout>
  );
}

export function EvidenceBlock({ level, note }: { level: EvidenceLevel; note: string }) {
  return (
    <div class="evidence">
      <p>
        <strong safe>{`${t('stories.evidence.label')}: ${evidenceLabel(level)}`}</strong>
      </p>
      <p class="hint" safe>
        {evidenceExplanation(level)}
      </p>
      {note ? (
        <p class="user-text" safe>
          {note}
        </p>
      ) : (
        ''
      )}
      <details>
        <summary safe>{t('stories.evidence.allLevels')}</summary>
        <dl class="facts">
          {evidenceLevels.map((each) => (
            <>
              <dt safe>{evidenceLabel(each)}</dt>
              <dd safe>{evidenceExplanation(each)}</dd>
            </>
          ))}
        </dl>
      </details>
    </div>
  );
}

export function TrialsSection({
  page,
  story,
  trials,
  counts,
  facilitator,
}: {
  page: PageContext;
  story: StoryDetail;
  trials: Trial[];
  counts: TrialCounts;
  facilitator: boolean;
}) {
  const path = storyPath(story.slug);
  const total = counts.worked + counts.partly + counts['did-not-work'];
  return (
    <section aria-labelledby="tried-title">
      <h2 id="tried-title" safe>
        {t('stories.trial.title')}
      </h2>
      {total === 0 ? (
        <p safe>{t('stories.trial.none')}</p>
      ) : (
        <>
          <p safe>
            {t(total === 1 ? 'stories.trial.counts.one' : 'stories.trial.counts', {
              total,
              worked: counts.worked,
              partly: counts.partly,
              didNot: counts['did-not-work'],
            })}
          </p>
          <ul class="stack list-plain">
            {trials.map((trial) => (
              <li>
                <article class="card">
                  <h3 class="card__title" safe>
                    {[trial.organisation, [trial.place, trial.localAuthority?.name].filter(Boolean).join(', ')].filter(Boolean).join(' – ')}
                  </h3>
                  <p>
                    <strong safe>{outcomeLabel(trial.outcome)}</strong>
                    <span safe>{` · ${t('stories.trial.when', { month: formatMonth(trial.triedIn) })}`}</span>
                  </p>
                  {trial.note ? (
                    <p class="user-text" safe>
                      {trial.note}
                    </p>
                  ) : (
                    ''
                  )}
                  {trial.recordedBy ? (
                    <p class="muted">
                      <span safe>{`${t('stories.trial.recordedBy')} `}</span>
                      <a href={`/members/${trial.recordedBy.handle}`} safe>
                        {trial.recordedBy.name}
                      </a>
                    </p>
                  ) : (
                    ''
                  )}
                  {page.viewer && (facilitator || trial.recordedBy?.id === page.viewer.id) ? (
                    <ActionForm inline page={page} action={`${path}/tried/${trial.id}/remove`} confirm={t('stories.trial.removeConfirm')}>
                      <button type="submit" class="link-button" aria-label={t('stories.trial.removeLabel', { organisation: trial.organisation })} safe>
                        {t('stories.trial.remove')}
                      </button>
                    </ActionForm>
                  ) : (
                    ''
                  )}
                </article>
              </li>
            ))}
          </ul>
        </>
      )}
      {story.status === 'published' ? (
        <p>
          <a class="button button--secondary" href={`${path}/tried`} safe>
            {t('stories.trial.add')}
          </a>
        </p>
      ) : (
        ''
      )}
    </section>
  );
}

export interface AdaptedItem {
  kind: 'story' | 'pitch';
  title: string;
  url: string;
  note: string;
}

export function StoryPage(props: {
  page: PageContext;
  story: StoryDetail;
  standing: StoryStanding;
  play: boolean;
  mine: { kind: string; organisation: string } | undefined;
  trials: Trial[];
  trialCounts: TrialCounts;
  adaptedSince: AdaptedItem[];
  myPitches: { id: number; title: string }[];
  interest: InterestEntry[] | null;
  conversation: JSX.Element;
}) {
  const { page, story, standing, conversation } = props;
  const path = storyPath(story.slug);
  // Sanitised by renderMarkdown, so it is output as HTML; the "safe" prefix tells xss-scan so.
  const safeBodyHtml = story.body ? renderMarkdown(story.body) : '';
  const where = whereText(story);
  const writer = standing.facilitator || standing.reporter;
  return (
    <Layout page={page} title={story.title} alternates={[{ type: 'application/json', href: `${path}.json` }]}>
      <Crumbs />
      <h1 safe>{story.title}</h1>
      {story.status === 'draft' ? (
        <Notice kind="warning">
          <p safe>{t('stories.draft.notice')}</p>
        </Notice>
      ) : (
        ''
      )}
      {story.hidden ? (
        <Notice kind="warning">
          <p safe>{t('moderation.hiddenNotice.story')}</p>
          <p class="user-text" safe>
            {t('moderation.hiddenNotice.reason', { reason: story.hidden.reason })}
          </p>
          {standing.facilitator ? (
            <p>
              <a href={`/moderation/content/story/${story.id}`} safe>
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
      <p class="lead" safe>
        {story.summary}
      </p>
      <StoryBadges story={story} />
      <dl class="facts">
        {story.people ? (
          <>
            <dt safe>{t('stories.fact.people')}</dt>
            <dd safe>{story.people}</dd>
          </>
        ) : (
          ''
        )}
        {where ? (
          <>
            <dt safe>{t('stories.fact.place')}</dt>
            <dd safe>{where}</dd>
          </>
        ) : (
          ''
        )}
        {story.reporter ? (
          <>
            <dt safe>{t('stories.fact.reporter')}</dt>
            <dd>
              <a href={`/members/${story.reporter.handle}`} safe>
                {story.reporter.name}
              </a>
            </dd>
          </>
        ) : (
          ''
        )}
        {story.publishedAt ? (
          <>
            <dt safe>{t('stories.fact.published')}</dt>
            <dd>
              <time datetime={story.publishedAt.toISOString()} safe>
                {formatDate(story.publishedAt)}
              </time>
            </dd>
          </>
        ) : (
          ''
        )}
      </dl>
      <Tags tags={story.tags} hrefFor={tagHref} />

      {story.clip ? (
        <section aria-labelledby="clip-title">
          <h2 id="clip-title" safe>
            {t('stories.clip.title')}
          </h2>
          <ClipView story={story} play={props.play} />
        </section>
      ) : (
        ''
      )}

      <section aria-labelledby="story-title">
        <h2 id="story-title" safe>
          {t('stories.body.title')}
        </h2>
        {safeBodyHtml ? <div class="user-text">{safeBodyHtml}</div> : <p safe>{t('stories.body.empty')}</p>}
      </section>

      {story.photos.length > 0 ? (
        <section aria-labelledby="photos-title">
          <h2 id="photos-title" safe>
            {t('stories.photos.title')}
          </h2>
          <div class="grid">
            {story.photos.map((photo) => (
              <figure class="photo">
                <img src={`${path}/photos/${photo.id}`} alt={photo.alt} loading="lazy" />
                {photo.caption ? <figcaption safe>{photo.caption}</figcaption> : ''}
              </figure>
            ))}
          </div>
        </section>
      ) : (
        ''
      )}

      {story.interview.length > 0 ? (
        <section aria-labelledby="interview-title">
          <h2 id="interview-title" safe>
            {t('stories.interview.title')}
          </h2>
          <dl class="interview">
            {story.interview.map((pair) => (
              <>
                <dt safe>{pair.question}</dt>
                <dd class="user-text" safe>
                  {pair.answer}
                </dd>
              </>
            ))}
          </dl>
        </section>
      ) : (
        ''
      )}

      <section aria-labelledby="people-title">
        <h2 id="people-title" safe>
          {t('stories.people.title')}
        </h2>
        {story.storyPeople.length === 0 ? (
          <p safe>{t('stories.people.none')}</p>
        ) : (
          <>
            <p safe>{t('stories.people.intro')}</p>
            <ul class="people">
              {story.storyPeople.map((person) => (
                <li>
                  <a href={`/members/${person.handle}`} safe>
                    {person.name}
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <InterestSection page={page} story={story} mine={props.mine} interest={props.interest} />

      <section aria-labelledby="recipe-title">
        <h2 id="recipe-title" safe>
          {t('stories.recipe.title')}
        </h2>
        {story.recipe ? (
          <>
            <EvidenceBlock level={story.recipe.evidenceLevel} note={story.recipe.evidenceNote} />
            <p>
              <a class="button button--primary" href={`${path}/recipe`} safe>
                {t('stories.recipe.read')}
              </a>
            </p>
          </>
        ) : (
          <>
            <p safe>{t('stories.recipe.none')}</p>
            {standing.facilitator && story.status === 'published' ? (
              <p>
                <a class="button button--secondary" href={`${path}/recipe/new`} safe>
                  {t('stories.recipe.build')}
                </a>
              </p>
            ) : standing.facilitator ? (
              <p class="hint" safe>
                {t('stories.recipe.publishFirst')}
              </p>
            ) : (
              ''
            )}
          </>
        )}
      </section>

      <TrialsSection page={page} story={story} trials={props.trials} counts={props.trialCounts} facilitator={props.standing.facilitator} />

      <section aria-labelledby="lineage-title">
        <h2 id="lineage-title" safe>
          {t('stories.lineage.title')}
        </h2>
        {story.adaptedFrom ? (
          <p>
            <span safe>{`${t('stories.lineage.from')} `}</span>
            <a href={storyPath(story.adaptedFrom.slug)} safe>
              {story.adaptedFrom.title}
            </a>
            {story.adaptedFrom.note ? <span safe>{` – ${story.adaptedFrom.note}`}</span> : ''}
          </p>
        ) : (
          ''
        )}
        {props.adaptedSince.length === 0 ? (
          <p safe>{t('stories.lineage.none')}</p>
        ) : (
          <>
            <p safe>{t('stories.lineage.since')}</p>
            <ul>
              {props.adaptedSince.map((item) => (
                <li>
                  <span safe>{`${item.kind === 'pitch' ? t('stories.lineage.pitch') : t('stories.lineage.story')}: `}</span>
                  <a href={item.url} safe>
                    {item.title}
                  </a>
                  {item.note ? <span safe>{` – ${item.note}`}</span> : ''}
                </li>
              ))}
            </ul>
          </>
        )}
        {page.viewer && props.myPitches.length > 0 && story.status === 'published' ? (
          <AdaptForm page={page} story={story} pitches={props.myPitches} values={{}} errors={{}} />
        ) : (
          ''
        )}
      </section>

      {writer ? <DeskSection page={page} story={story} standing={standing} /> : ''}

      <p class="hint" safe>
        {t('stories.questions.intro')}
      </p>
      {conversation}
      {/* Its moderators hide it themselves; its reporter and the people in it would be reporting their own story. */}
      {page.viewer && !standing.facilitator && !standing.reporter && !standing.inStory ? (
        <p>
          <a href={`${path}/flag`} safe>
            {t('moderation.report.story')}
          </a>
        </p>
      ) : (
        ''
      )}
      <DataLinks links={[{ label: 'JSON', href: `${path}.json` }]} />
    </Layout>
  );
}

function DeskSection({ page, story, standing }: { page: PageContext; story: StoryDetail; standing: StoryStanding }) {
  const path = storyPath(story.slug);
  return (
    <section aria-labelledby="desk-title" class="desk">
      <h2 id="desk-title" safe>
        {t('stories.desk.title')}
      </h2>
      <p class="actions">
        <a class="button button--secondary" href={`${path}/edit`} safe>
          {t('stories.edit.link')}
        </a>
        <a class="button button--secondary" href={`${path}/media`} safe>
          {t('stories.media.link')}
        </a>
        <a href="/stories/follow-up" safe>
          {t('stories.followUp.link')}
        </a>
      </p>
      {standing.facilitator ? (
        <>
          <div class="actions">
            {story.status === 'draft' ? (
              <ActionForm inline page={page} action={`${path}/publish`}>
                <Button label={t('stories.publish')} />
              </ActionForm>
            ) : (
              <ActionForm inline page={page} action={`${path}/unpublish`} confirm={t('stories.unpublish.confirm')}>
                <Button kind="warning" label={t('stories.unpublish')} />
              </ActionForm>
            )}
            <a href={`/moderation/content/story/${story.id}`} safe>
              {t(story.hidden ? 'stories.moderate.restore' : 'stories.moderate.hide')}
            </a>
          </div>
          <form method="post" action={`${path}/reporter`} novalidate>
            <CsrfField token={page.csrfToken} />
            <TextField
              name="reporter"
              label={t('stories.reporter.field')}
              hint={t('stories.reporter.hint')}
              value={story.reporter?.handle ?? ''}
              maxLength={101}
              spellcheck={false}
            />
            <Button kind="secondary" label={t('stories.reporter.submit')} />
          </form>
        </>
      ) : (
        ''
      )}
    </section>
  );
}

// ---- Recording "we tried this" --------------------------------------------------------------

export function TrialFormPage({ page, story, values = {}, errors = {} }: { page: PageContext; story: StoryDetail; values?: FormValues; errors?: FieldErrors }) {
  const path = storyPath(story.slug);
  const title = t('stories.trial.formTitle', { title: story.title });
  return (
    <Layout page={page} title={title}>
      <Crumbs story={story} />
      <h1 safe>{title}</h1>
      <p safe>{t('stories.trial.intro')}</p>
      <ErrorSummary errors={errors} />
      <form method="post" action={`${path}/tried`} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField name="organisation" label={t('stories.trial.organisation')} hint={t('stories.trial.organisation.hint')} value={values.organisation} error={errors.organisation} maxLength={limits.organisation} />
        <TextField name="place" label={t('stories.field.place')} value={values.place} error={errors.place} maxLength={limits.place} optional />
        <Select
          name="localAuthority"
          label={t('stories.field.authority')}
          value={values.localAuthority}
          error={errors.localAuthority}
          options={authorityOptions()}
          blank={t('stories.field.authority.none')}
          optional
        />
        <TextField name="triedIn" label={t('stories.trial.when.label')} hint={t('stories.trial.when.hint')} value={values.triedIn} error={errors.triedIn} maxLength={20} />
        <Choices
          name="outcome"
          label={t('stories.trial.outcome')}
          values={values.outcome}
          error={errors.outcome}
          options={trialOutcomes.map((outcome) => ({ value: outcome, label: outcomeLabel(outcome) }))}
        />
        <TextArea name="note" label={t('stories.trial.note')} hint={t('stories.trial.note.hint')} value={values.note} error={errors.note} maxLength={limits.trialNote} rows={5} optional />
        <div class="actions">
          <Button label={t('stories.trial.submit')} />
          <a href={path} safe>
            {t('form.cancel')}
          </a>
        </div>
      </form>
    </Layout>
  );
}

// ---- The recipe -----------------------------------------------------------------------------

export function RecipePage(props: {
  page: PageContext;
  story: StoryDetail;
  safeRecipeHtml: string;
  updatedAt: Date;
  canEditPage: boolean;
  standing: StoryStanding;
  trials: Trial[];
  trialCounts: TrialCounts;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { page, story, safeRecipeHtml } = props;
  const recipe = story.recipe!;
  const path = storyPath(story.slug);
  const knowledge = `/knowledge/${recipe.pageSlug}`;
  const title = t('stories.recipe.pageTitle', { title: recipe.pageTitle });
  return (
    <Layout page={page} title={title}>
      <Crumbs story={story} />
      <h1 safe>{title}</h1>
      <p safe>{t('stories.recipe.intro', { title: story.title })}</p>
      <ErrorSummary errors={props.errors} />
      <section aria-labelledby="evidence-title">
        <h2 id="evidence-title" safe>
          {t('stories.evidence.title')}
        </h2>
        <EvidenceBlock level={recipe.evidenceLevel} note={recipe.evidenceNote} />
        {props.standing.facilitator ? (
          <form method="post" action={`${path}/recipe/evidence`} novalidate>
            <CsrfField token={page.csrfToken} />
            <EvidenceFields values={props.values ?? { evidenceLevel: recipe.evidenceLevel, evidenceNote: recipe.evidenceNote }} errors={props.errors ?? {}} />
            <Button kind="secondary" label={t('stories.evidence.submit')} />
          </form>
        ) : (
          ''
        )}
      </section>
      <section aria-labelledby="recipe-body-title">
        <h2 id="recipe-body-title" safe>
          {t('stories.recipe.bodyTitle')}
        </h2>
        <p class="muted">
          <span safe>{`${t('stories.recipe.updated', { date: formatDate(props.updatedAt) })} · `}</span>
          <a href={`${knowledge}/history`} safe>
            {t('stories.recipe.history')}
          </a>
          {props.canEditPage ? (
            <>
              {' · '}
              <a href={`${knowledge}/edit`} safe>
                {t('stories.recipe.edit')}
              </a>
            </>
          ) : (
            ''
          )}
          {' · '}
          <a href={knowledge} safe>
            {t('stories.recipe.inKnowledge')}
          </a>
        </p>
        <div class="user-text recipe">{safeRecipeHtml}</div>
      </section>
      <TrialsSection page={page} story={story} trials={props.trials} counts={props.trialCounts} facilitator={props.standing.facilitator} />
    </Layout>
  );
}

export function EvidenceFields({ values, errors }: { values: FormValues; errors: FieldErrors }) {
  return (
    <>
      <Choices
        name="evidenceLevel"
        label={t('stories.evidence.field')}
        hint={t('stories.evidence.field.hint')}
        values={values.evidenceLevel}
        error={errors.evidenceLevel}
        options={evidenceLevels.map((level) => ({ value: level, label: `${evidenceLabel(level)}: ${evidenceExplanation(level)}` }))}
      />
      <TextArea
        name="evidenceNote"
        label={t('stories.evidence.note')}
        hint={t('stories.evidence.note.hint')}
        value={values.evidenceNote}
        error={errors.evidenceNote}
        maxLength={limits.evidenceNote}
        rows={3}
        optional
      />
    </>
  );
}

// ---- A member's desk and the follow-up list --------------------------------------------------

export function DeskPage({
  page,
  stories,
  facilitator,
}: {
  page: PageContext;
  stories: (StoryCard & { role: 'reporter' | 'person' | 'facilitator' })[];
  facilitator: boolean;
}) {
  return (
    <Layout page={page} title={t('stories.mine.title')}>
      <Crumbs />
      <h1 safe>{t('stories.mine.title')}</h1>
      <p safe>{t(facilitator ? 'stories.mine.intro.facilitator' : 'stories.mine.intro')}</p>
      <p class="actions">
        <a href="/stories/follow-up" safe>
          {t('stories.followUp.link')}
        </a>
        {facilitator ? (
          <a href="/stories/review" safe>
            {t('stories.review.link')}
          </a>
        ) : (
          ''
        )}
      </p>
      {stories.length === 0 ? (
        <p safe>{t('stories.mine.none')}</p>
      ) : (
        <ul class="stack list-plain">
          {stories.map((story) => (
            <li>
              <StoryCardView story={story} />
              <p class="muted" safe>
                {t(`stories.mine.role.${story.role}`)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function FollowUpPage({ page, items, days }: { page: PageContext; items: FollowUpItem[]; days: number }) {
  return (
    <Layout page={page} title={t('stories.followUp.title')} wide>
      <Crumbs />
      <h1 safe>{t('stories.followUp.title')}</h1>
      <p safe>{t('stories.followUp.intro', { days })}</p>
      {items.length === 0 ? (
        <p safe>{t('stories.followUp.none')}</p>
      ) : (
        <DataTable id="follow-up" caption={t('stories.followUp.title')}>
          <thead>
            <tr>
              <th scope="col" safe>
                {t('stories.followUp.story')}
              </th>
              <th scope="col" safe>
                {t('stories.followUp.question')}
              </th>
              <th scope="col" safe>
                {t('stories.followUp.askedBy')}
              </th>
              <th scope="col" safe>
                {t('stories.followUp.waiting')}
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr>
                <td>
                  <a href={storyPath(item.story.slug)} safe>
                    {item.story.title}
                  </a>
                </td>
                <td>
                  <a href={`/posts/${item.id}`} safe>
                    {item.body.length > 200 ? `${item.body.slice(0, 200)}…` : item.body}
                  </a>
                </td>
                <td safe>{item.authorName ?? t('stories.followUp.formerMember')}</td>
                <td safe>{t('stories.followUp.days', { days: item.daysWaiting })}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
      <DataLinks links={[{ label: 'CSV', href: '/stories/follow-up.csv' }]} />
    </Layout>
  );
}

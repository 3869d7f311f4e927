import { t, tMaybe } from '../../i18n/i18n.ts';
import { ActionForm, Button, CsrfField, ErrorSummary, Select, TextArea, TextField, fieldId, type FieldErrors, type FormValues } from '../../web/components.tsx';
import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/layout.tsx';
import { interviewMax, limits, photosMax } from './stories.forms.ts';
import { clipMaxSeconds, videoLimitBytes } from './stories.media.ts';
import type { StoryDetail } from './stories.queries.ts';
import { durationText, providerName, storyPath } from './stories.text.ts';
import { EvidenceFields, authorityOptions } from './stories.views.tsx';

function Crumbs({ story }: { story: { slug: string; title: string } }) {
  return (
    <p>
      <a href="/stories" safe>
        {t('stories.title')}
      </a>
      {' › '}
      <a href={storyPath(story.slug)} safe>
        {story.title}
      </a>
    </p>
  );
}

function FileField({ name, label, hint, accept, error }: { name: string; label: string; hint: string; accept: string; error?: string | undefined }) {
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
      <input id={id} name={name} type="file" accept={accept} aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`} aria-invalid={error ? 'true' : undefined} />
    </div>
  );
}

// ---- The story's words -----------------------------------------------------------------------

export function StoryFormPage({
  page,
  story,
  values,
  errors = {},
  nomination,
}: {
  page: PageContext;
  story: StoryDetail;
  values: FormValues;
  errors?: FieldErrors;
  nomination: { what: string; why: string } | undefined;
}) {
  const path = storyPath(story.slug);
  const title = t('stories.edit.title', { title: story.title });
  return (
    <Layout page={page} title={title}>
      <Crumbs story={story} />
      <h1 safe>{title}</h1>
      <p safe>{t('stories.edit.intro')}</p>
      {nomination ? (
        <details>
          <summary safe>{t('stories.edit.nomination')}</summary>
          <h2 safe>{t('stories.field.what')}</h2>
          <p class="user-text" safe>
            {nomination.what}
          </p>
          <h2 safe>{t('stories.field.why')}</h2>
          <p class="user-text" safe>
            {nomination.why}
          </p>
        </details>
      ) : (
        ''
      )}
      <ErrorSummary errors={errors} />
      <form method="post" action={`${path}/edit`} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField name="title" label={t('stories.field.title')} value={values.title} error={errors.title} maxLength={limits.title} />
        <TextArea name="summary" label={t('stories.field.summary')} hint={t('stories.field.summary.hint')} value={values.summary} error={errors.summary} maxLength={limits.summary} rows={3} />
        <TextArea name="body" label={t('stories.field.body')} hint={t('stories.field.body.hint')} value={values.body} error={errors.body} maxLength={limits.body} rows={16} optional />
        <TextArea
          name="people"
          label={t('stories.field.storyPeopleText')}
          hint={t('stories.field.storyPeopleText.hint')}
          value={values.people}
          error={errors.people}
          maxLength={limits.storyPeople}
          rows={2}
          optional
        />
        <TextField
          name="storyPeople"
          label={t('stories.field.storyPeople')}
          hint={t('stories.field.storyPeople.hint')}
          value={values.storyPeople}
          error={errors.storyPeople}
          maxLength={2200}
          spellcheck={false}
          optional
        />
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
        <TextField name="tags" label={t('stories.field.tags')} hint={t('stories.field.tags.hint')} value={values.tags} error={errors.tags} maxLength={500} optional />
        <TextField
          name="adaptedFrom"
          label={t('stories.field.adaptedFrom')}
          hint={t('stories.field.adaptedFrom.hint')}
          value={values.adaptedFrom}
          error={errors.adaptedFrom}
          maxLength={300}
          spellcheck={false}
          optional
        />
        <TextField name="adaptedNote" label={t('stories.field.adaptedNote')} value={values.adaptedNote} error={errors.adaptedNote} maxLength={limits.adaptedNote} optional />
        <div class="actions">
          <Button label={t('stories.edit.submit')} />
          <a href={path} safe>
            {t('form.cancel')}
          </a>
        </div>
      </form>
    </Layout>
  );
}

// ---- Clip, photos and interview ---------------------------------------------------------------

export function MediaPage({
  page,
  story,
  hosts,
  values = {},
  errors = {},
}: {
  page: PageContext;
  story: StoryDetail;
  hosts: string[];
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const path = storyPath(story.slug);
  const title = t('stories.media.title', { title: story.title });
  const clip = story.clip;
  const sites = [providerName('youtube'), providerName('vimeo'), ...hosts].join(', ');
  return (
    <Layout page={page} title={title}>
      <Crumbs story={story} />
      <h1 safe>{title}</h1>
      <p safe>{t('stories.media.intro')}</p>
      <ErrorSummary errors={errors} />

      <section aria-labelledby="clip-title">
        <h2 id="clip-title" safe>
          {t('stories.media.clip')}
        </h2>
        {clip ? (
          <div class="actions">
            <p safe>
              {clip.kind === 'upload'
                ? t('stories.media.clip.upload', { title: clip.title, duration: durationText(clip.durationSeconds ?? 0) })
                : t('stories.media.clip.embed', { title: clip.title, site: providerName(clip.provider!) })}
            </p>
            <ActionForm inline page={page} action={`${path}/clip/remove`} confirm={t('stories.media.clip.removeConfirm')}>
              <Button kind="warning" label={t('stories.media.clip.remove')} />
            </ActionForm>
          </div>
        ) : (
          <p safe>{t('stories.media.clip.none')}</p>
        )}
        <p class="hint" safe>
          {t('stories.media.clip.rule', { minutes: clipMaxSeconds / 60 })}
        </p>
        <h3 safe>{t('stories.media.video.title')}</h3>
        <form method="post" action={`${path}/clip/video`} enctype="multipart/form-data" novalidate>
          <CsrfField token={page.csrfToken} />
          <TextField name="videoTitle" label={t('stories.clip.title.field')} hint={t('stories.clip.title.hint')} value={values.videoTitle} error={errors.videoTitle} maxLength={limits.clipTitle} />
          <FileField
            name="video"
            label={t('stories.media.video.field')}
            hint={t('stories.media.video.hint', { size: Math.round(videoLimitBytes / (1024 * 1024)) })}
            accept="video/mp4,video/webm,.mp4,.webm"
            error={errors.video}
          />
          <FileField name="captions" label={t('stories.media.captions.field')} hint={t('stories.media.captions.hint')} accept=".vtt,text/vtt" error={errors.captions} />
          <Button label={t('stories.media.video.submit')} />
        </form>
        <h3 safe>{t('stories.media.embed.title')}</h3>
        <form method="post" action={`${path}/clip/embed`} novalidate>
          <CsrfField token={page.csrfToken} />
          <TextField
            name="embedAddress"
            type="url"
            label={t('stories.media.embed.field')}
            hint={t('stories.media.embed.hint', { sites })}
            value={values.embedAddress}
            error={errors.embedAddress}
            maxLength={limits.videoAddress}
            spellcheck={false}
          />
          <TextField name="embedTitle" label={t('stories.clip.title.field')} hint={t('stories.clip.title.hint')} value={values.embedTitle} error={errors.embedTitle} maxLength={limits.clipTitle} />
          <Button kind="secondary" label={t('stories.media.embed.submit')} />
        </form>
      </section>

      <section aria-labelledby="photos-title">
        <h2 id="photos-title" safe>
          {t('stories.photos.title')}
        </h2>
        {story.photos.length === 0 ? (
          <p safe>{t('stories.media.photos.none')}</p>
        ) : (
          <ul class="stack list-plain">
            {story.photos.map((photo) => (
              <li>
                <figure class="photo photo--small">
                  <img src={`${path}/photos/${photo.id}`} alt={photo.alt} />
                  <figcaption safe>{photo.caption || photo.alt}</figcaption>
                </figure>
                <ActionForm inline page={page} action={`${path}/photos/${photo.id}/remove`}>
                  <button type="submit" class="link-button" aria-label={t('stories.media.photo.removeLabel', { alt: photo.alt })} safe>
                    {t('stories.media.remove')}
                  </button>
                </ActionForm>
              </li>
            ))}
          </ul>
        )}
        {story.photos.length < photosMax ? (
          <form method="post" action={`${path}/photos`} enctype="multipart/form-data" novalidate>
            <CsrfField token={page.csrfToken} />
            <FileField name="photo" label={t('stories.media.photo.field')} hint={t('stories.media.photo.hint')} accept="image/jpeg,image/png,image/webp,image/gif" error={errors.photo} />
            <TextField name="alt" label={t('stories.photo.alt')} hint={t('stories.photo.alt.hint')} value={values.alt} error={errors.alt} maxLength={limits.alt} />
            <TextField name="caption" label={t('stories.photo.caption')} value={values.caption} error={errors.caption} maxLength={limits.caption} optional />
            <Button kind="secondary" label={t('stories.media.photo.submit')} />
          </form>
        ) : (
          <p class="hint" safe>
            {t('stories.media.photos.full', { max: photosMax })}
          </p>
        )}
      </section>

      <section aria-labelledby="interview-title">
        <h2 id="interview-title" safe>
          {t('stories.interview.title')}
        </h2>
        {story.interview.length === 0 ? (
          <p safe>{t('stories.media.interview.none')}</p>
        ) : (
          <ol>
            {story.interview.map((pair, index) => (
              <li>
                <p>
                  <strong safe>{pair.question}</strong>
                </p>
                <p class="user-text" safe>
                  {pair.answer}
                </p>
                <ActionForm inline page={page} action={`${path}/interview/${pair.id}/remove`}>
                  <button type="submit" class="link-button" aria-label={t('stories.media.interview.removeLabel', { number: index + 1 })} safe>
                    {t('stories.media.remove')}
                  </button>
                </ActionForm>
              </li>
            ))}
          </ol>
        )}
        {story.interview.length < interviewMax ? (
          <form method="post" action={`${path}/interview`} novalidate>
            <CsrfField token={page.csrfToken} />
            <TextField name="question" label={t('stories.interview.question')} value={values.question} error={errors.question} maxLength={limits.interviewQuestion} />
            <TextArea name="answer" label={t('stories.interview.answer')} value={values.answer} error={errors.answer} maxLength={limits.interviewAnswer} rows={5} />
            <Button kind="secondary" label={t('stories.interview.submit')} />
          </form>
        ) : (
          ''
        )}
      </section>
      <p>
        <a href={path} safe>
          {t('stories.media.back')}
        </a>
      </p>
    </Layout>
  );
}

// ---- Building the recipe ---------------------------------------------------------------------

export function RecipeFormPage({
  page,
  story,
  answers,
  values,
  errors = {},
  existing,
}: {
  page: PageContext;
  story: StoryDetail;
  answers: { question: string; answers: string[] }[];
  values: FormValues;
  errors?: FieldErrors;
  /** A knowledge page already has the title's address. */
  existing?: string | undefined;
}) {
  const path = storyPath(story.slug);
  const title = t('stories.recipe.newTitle', { title: story.title });
  return (
    <Layout page={page} title={title}>
      <Crumbs story={story} />
      <h1 safe>{title}</h1>
      <p safe>{t('stories.recipe.newIntro')}</p>
      <ErrorSummary errors={errors} />
      {existing ? (
        <p>
          <a href={`/knowledge/${existing}`} safe>
            {t('stories.recipe.existing')}
          </a>
        </p>
      ) : (
        ''
      )}
      <section aria-labelledby="answers-title">
        <h2 id="answers-title" safe>
          {t('stories.recipe.answers')}
        </h2>
        {answers.length === 0 ? (
          <p safe>{t('stories.recipe.answers.none')}</p>
        ) : (
          <dl class="interview">
            {answers.map((pair) => (
              <>
                <dt class="user-text" safe>
                  {pair.question}
                </dt>
                {pair.answers.map((answer) => (
                  <dd class="user-text" safe>
                    {answer}
                  </dd>
                ))}
              </>
            ))}
          </dl>
        )}
      </section>
      <form method="post" action={`${path}/recipe/new`} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField name="title" label={t('stories.recipe.titleField')} hint={t('stories.recipe.titleField.hint')} value={values.title} error={errors.title} maxLength={limits.title} />
        <TextArea name="body" label={t('stories.recipe.body')} hint={t('stories.recipe.body.hint')} value={values.body} error={errors.body} maxLength={limits.recipeBody} rows={24} />
        <EvidenceFields values={values} errors={errors} />
        <div class="actions">
          <Button label={t('stories.recipe.submit')} />
          <a href={path} safe>
            {t('form.cancel')}
          </a>
        </div>
      </form>
    </Layout>
  );
}

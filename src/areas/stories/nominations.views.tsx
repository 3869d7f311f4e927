import { t } from '../../i18n/i18n.ts';
import { ActionForm, Button, Choices, CsrfField, ErrorSummary, Notice, Select, TextArea, TextField, type FieldErrors, type FormValues } from '../../web/components.tsx';
import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/layout.tsx';
import { limits } from './stories.forms.ts';
import type { NominationDetail, NominationSummary, PersonRef } from './stories.queries.ts';
import { formatDate, nominationStatusLabel, storyPath } from './stories.text.ts';
import { authorityOptions } from './stories.views.tsx';

function Crumbs({ review = false }: { review?: boolean }) {
  return (
    <p>
      <a href="/stories" safe>
        {t('stories.title')}
      </a>
      {review ? (
        <>
          {' › '}
          <a href="/stories/review" safe>
            {t('stories.review.title')}
          </a>
        </>
      ) : (
        ''
      )}
    </p>
  );
}

// ---- Nominating ----------------------------------------------------------------------------

/**
 * The nomination form. Visitors give their name and email and confirm by an emailed link;
 * members whose email is confirmed are known already. The "website" field is a honeypot: hidden
 * from people, so whatever fills it in is a program.
 */
export function NominatePage({
  page,
  member,
  values = {},
  errors = {},
  origin = '',
}: {
  page: PageContext;
  /** Signed in with a confirmed email: no email is asked for. */
  member: { email: string } | null;
  values?: FormValues;
  errors?: FieldErrors;
  /** Where the nomination was made from (an event's page), shown and carried in the form. */
  origin?: JSX.Element | undefined;
}) {
  return (
    <Layout page={page} title={t('stories.nominate.title')}>
      <Crumbs />
      <h1 safe>{t('stories.nominate.title')}</h1>
      <p class="lead" safe>
        {t('stories.nominate.intro')}
      </p>
      <p safe>{member ? t('stories.nominate.member', { email: member.email }) : t('stories.nominate.visitor')}</p>
      <ErrorSummary errors={errors} />
      <form method="post" action="/stories/nominate" novalidate>
        <CsrfField token={page.csrfToken} />
        {origin}
        <h2 safe>{t('stories.nominate.story')}</h2>
        <TextArea
          name="people"
          label={t('stories.field.people')}
          hint={t('stories.field.people.hint')}
          value={values.people}
          error={errors.people}
          maxLength={limits.people}
          rows={2}
        />
        <TextField name="place" label={t('stories.field.place')} hint={t('stories.field.place.hint')} value={values.place} error={errors.place} maxLength={limits.place} optional />
        <Select
          name="localAuthority"
          label={t('stories.field.authority')}
          value={values.localAuthority}
          error={errors.localAuthority}
          options={authorityOptions()}
          blank={t('stories.field.authority.none')}
          optional
        />
        <TextArea name="what" label={t('stories.field.what')} hint={t('stories.field.what.hint')} value={values.what} error={errors.what} maxLength={limits.what} rows={8} />
        <TextArea name="why" label={t('stories.field.why')} hint={t('stories.field.why.hint')} value={values.why} error={errors.why} maxLength={limits.why} rows={5} />
        <h2 safe>{t('stories.nominate.you')}</h2>
        <TextField name="nominatorName" label={t('stories.field.nominatorName')} value={values.nominatorName} error={errors.nominatorName} maxLength={limits.name} autocomplete="name" />
        {member ? (
          ''
        ) : (
          <TextField
            name="nominatorEmail"
            type="email"
            label={t('stories.field.nominatorEmail')}
            hint={t('stories.field.nominatorEmail.hint')}
            value={values.nominatorEmail}
            error={errors.nominatorEmail}
            maxLength={limits.email}
            autocomplete="email"
            spellcheck={false}
          />
        )}
        <Choices
          name="selfNomination"
          label={t('stories.field.self')}
          values={values.selfNomination}
          error={errors.selfNomination}
          inline
          options={[
            { value: 'yes', label: t('stories.field.self.yes') },
            { value: 'no', label: t('stories.field.self.no') },
          ]}
        />
        <div class="visually-hidden">
          <label for="field-website" safe>
            {t('stories.field.honeypot')}
          </label>
          <input id="field-website" name="website" type="text" value="" tabindex="-1" autocomplete="off" />
        </div>
        <p class="hint" safe>
          {t('stories.nominate.privacy')}
        </p>
        <Button label={t('stories.nominate.submit')} />
      </form>
    </Layout>
  );
}

/** After nominating: where to look for the link, or that it went straight to the facilitators. */
export function NominationSentPage({ page, confirmed }: { page: PageContext; confirmed: boolean }) {
  const title = confirmed ? t('stories.nominate.done.title') : t('stories.nominate.check.title');
  return (
    <Layout page={page} title={title}>
      <h1 safe>{title}</h1>
      <p safe>{confirmed ? t('stories.nominate.done.body') : t('stories.nominate.check.body')}</p>
      <p>
        <a href="/stories" safe>
          {t('stories.back')}
        </a>
      </p>
    </Layout>
  );
}

// ---- Answering through the emailed link ------------------------------------------------------

export function AnswerPage({
  page,
  action,
  question,
  values = {},
  errors = {},
}: {
  page: PageContext;
  action: string;
  question: { question: string; people: string; nominatorName: string };
  values?: FormValues;
  errors?: FieldErrors;
}) {
  return (
    <Layout page={page} title={t('stories.answer.title')}>
      <h1 safe>{t('stories.answer.title')}</h1>
      <p safe>{t('stories.answer.intro', { name: question.nominatorName, people: question.people })}</p>
      <ErrorSummary errors={errors} />
      <h2 safe>{t('stories.answer.question')}</h2>
      <p class="user-text" safe>
        {question.question}
      </p>
      <form method="post" action={action} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextArea name="answer" label={t('stories.answer.field')} value={values.answer} error={errors.answer} maxLength={limits.answer} rows={8} />
        <Button label={t('stories.answer.submit')} />
      </form>
    </Layout>
  );
}

// ---- The facilitators' review ------------------------------------------------------------------

function NominationCard({ nomination }: { nomination: NominationSummary }) {
  const where = [nomination.place, nomination.localAuthority?.name].filter(Boolean).join(', ');
  return (
    <article class="card">
      <h3 class="card__title">
        <a href={`/stories/review/${nomination.id}`} safe>
          {nomination.people}
        </a>
      </h3>
      <ul class="badges" aria-label={t('stories.nomination.about')}>
        <li class="badge" safe>
          {nominationStatusLabel(nomination.status)}
        </li>
        {nomination.selfNomination ? (
          <li class="badge" safe>
            {t('stories.nomination.self')}
          </li>
        ) : (
          ''
        )}
      </ul>
      {where ? (
        <p class="muted" safe>
          {where}
        </p>
      ) : (
        ''
      )}
      <p class="user-text" safe>
        {nomination.why.length > 300 ? `${nomination.why.slice(0, 300)}…` : nomination.why}
      </p>
      <p class="muted" safe>
        {t('stories.nomination.by', { name: nomination.nominatorName, date: formatDate(nomination.decidedAt ?? nomination.confirmedAt ?? new Date()) })}
      </p>
      {nomination.story ? (
        <p>
          <a href={storyPath(nomination.story.slug)} safe>
            {nomination.story.title}
          </a>
        </p>
      ) : (
        ''
      )}
    </article>
  );
}

export function ReviewPage({ page, open, decided }: { page: PageContext; open: NominationSummary[]; decided: NominationSummary[] }) {
  return (
    <Layout page={page} title={t('stories.review.title')}>
      <Crumbs />
      <h1 safe>{t('stories.review.title')}</h1>
      <p safe>{t('stories.review.intro')}</p>
      <p>
        <a href="/stories/mine" safe>
          {t('stories.review.drafts')}
        </a>
      </p>
      <section aria-labelledby="queue-title">
        <h2 id="queue-title" safe>
          {t('stories.review.queue', { count: open.length })}
        </h2>
        {open.length === 0 ? (
          <p safe>{t('stories.review.empty')}</p>
        ) : (
          <ul class="stack list-plain">
            {open.map((nomination) => (
              <li>
                <NominationCard nomination={nomination} />
              </li>
            ))}
          </ul>
        )}
      </section>
      {decided.length > 0 ? (
        <section aria-labelledby="decided-title">
          <h2 id="decided-title" safe>
            {t('stories.review.decided')}
          </h2>
          <ul class="stack list-plain">
            {decided.map((nomination) => (
              <li>
                <NominationCard nomination={nomination} />
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function NominationPage({
  page,
  nomination,
  values = {},
  errors = {},
}: {
  page: PageContext;
  nomination: NominationDetail;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const path = `/stories/review/${nomination.id}`;
  const open = nomination.status === 'waiting' || nomination.status === 'asked';
  const where = [nomination.place, nomination.localAuthority?.name].filter(Boolean).join(', ');
  const title = t('stories.nomination.title', { people: nomination.people });
  return (
    <Layout page={page} title={title}>
      <Crumbs review />
      <h1 safe>{title}</h1>
      <ErrorSummary errors={errors} />
      <dl class="facts">
        <dt safe>{t('stories.nomination.status')}</dt>
        <dd safe>{nominationStatusLabel(nomination.status)}</dd>
        <dt safe>{t('stories.field.people')}</dt>
        <dd class="user-text" safe>
          {nomination.people}
        </dd>
        {where ? (
          <>
            <dt safe>{t('stories.field.place')}</dt>
            <dd safe>{where}</dd>
          </>
        ) : (
          ''
        )}
        <dt safe>{t('stories.nomination.nominator')}</dt>
        <dd>
          {nomination.nominator ? (
            <a href={`/members/${nomination.nominator.handle}`} safe>
              {nomination.nominatorName}
            </a>
          ) : (
            <span safe>{nomination.nominatorName}</span>
          )}
          <span safe>{` <${nomination.nominatorEmail}>`}</span>
          <span safe>{nomination.selfNomination ? ` · ${t('stories.nomination.self')}` : ` · ${t('stories.nomination.notSelf')}`}</span>
        </dd>
        <dt safe>{t('stories.nomination.received')}</dt>
        <dd safe>{formatDate(nomination.confirmedAt ?? nomination.createdAt)}</dd>
      </dl>
      <h2 safe>{t('stories.field.what')}</h2>
      <p class="user-text" safe>
        {nomination.what}
      </p>
      <h2 safe>{t('stories.field.why')}</h2>
      <p class="user-text" safe>
        {nomination.why}
      </p>
      {nomination.questions.length > 0 ? (
        <section aria-labelledby="questions-title">
          <h2 id="questions-title" safe>
            {t('stories.review.questions')}
          </h2>
          <dl class="interview">
            {nomination.questions.map((q) => (
              <>
                <dt class="user-text" safe>
                  {q.question}
                </dt>
                <dd class="user-text" safe>
                  {q.answer ?? t('stories.review.noAnswerYet')}
                </dd>
              </>
            ))}
          </dl>
        </section>
      ) : (
        ''
      )}
      {nomination.status === 'declined' && nomination.declineReason ? (
        <Notice>
          <p safe>{t('stories.review.declinedBecause')}</p>
          <p class="user-text" safe>
            {nomination.declineReason}
          </p>
        </Notice>
      ) : (
        ''
      )}
      {nomination.story ? (
        <p>
          <a href={storyPath(nomination.story.slug)} safe>
            {t('stories.review.toStory', { title: nomination.story.title })}
          </a>
        </p>
      ) : (
        ''
      )}
      {open ? (
        <>
          <section aria-labelledby="accept-title">
            <h2 id="accept-title" safe>
              {t('stories.review.accept')}
            </h2>
            <form method="post" action={`${path}/accept`} novalidate>
              <CsrfField token={page.csrfToken} />
              <TextField
                name="title"
                label={t('stories.field.title')}
                hint={t('stories.review.accept.titleHint')}
                value={values.title ?? nomination.people.slice(0, limits.title)}
                error={errors.title}
                maxLength={limits.title}
              />
              <TextField
                name="reporter"
                label={t('stories.reporter.field')}
                hint={t('stories.reporter.hint')}
                value={values.reporter}
                error={errors.reporter}
                maxLength={101}
                spellcheck={false}
                optional
              />
              <Button label={t('stories.review.accept.submit')} />
            </form>
          </section>
          <section aria-labelledby="ask-title">
            <h2 id="ask-title" safe>
              {t('stories.review.ask')}
            </h2>
            <form method="post" action={`${path}/ask`} novalidate>
              <CsrfField token={page.csrfToken} />
              <TextArea
                name="question"
                label={t('stories.review.ask.field')}
                hint={t('stories.review.ask.hint')}
                value={values.question}
                error={errors.question}
                maxLength={limits.question}
                rows={4}
              />
              <Button kind="secondary" label={t('stories.review.ask.submit')} />
            </form>
          </section>
          <section aria-labelledby="decline-title">
            <h2 id="decline-title" safe>
              {t('stories.review.decline')}
            </h2>
            <form method="post" action={`${path}/decline`} novalidate>
              <CsrfField token={page.csrfToken} />
              <TextArea
                name="reason"
                label={t('stories.review.decline.field')}
                hint={t('stories.review.decline.hint')}
                value={values.reason}
                error={errors.reason}
                maxLength={limits.reason}
                rows={4}
              />
              <Button kind="warning" label={t('stories.review.decline.submit')} />
            </form>
          </section>
        </>
      ) : (
        ''
      )}
    </Layout>
  );
}

// ---- Administration ----------------------------------------------------------------------------

export function AdminPage({
  page,
  facilitators,
  hosts,
  values = {},
  errors = {},
}: {
  page: PageContext;
  facilitators: PersonRef[];
  hosts: string[];
  values?: FormValues;
  errors?: FieldErrors;
}) {
  return (
    <Layout page={page} title={t('stories.admin.title')}>
      <p>
        <a href="/admin" safe>
          {t('admin.title')}
        </a>
      </p>
      <h1 safe>{t('stories.admin.title')}</h1>
      <ErrorSummary errors={errors} />
      <section aria-labelledby="facilitators-title">
        <h2 id="facilitators-title" safe>
          {t('stories.admin.facilitators')}
        </h2>
        <p safe>{t('stories.admin.facilitators.intro')}</p>
        {facilitators.length === 0 ? (
          <p safe>{t('stories.admin.facilitators.none')}</p>
        ) : (
          <ul class="people">
            {facilitators.map((person) => (
              <li>
                <a href={`/members/${person.handle}`} safe>
                  {person.name}
                </a>{' '}
                <ActionForm inline page={page} action={`/admin/stories/facilitators/${person.handle}/remove`}>
                  <button type="submit" class="link-button" aria-label={t('stories.admin.facilitators.removeLabel', { name: person.name })} safe>
                    {t('stories.admin.remove')}
                  </button>
                </ActionForm>
              </li>
            ))}
          </ul>
        )}
        <form method="post" action="/admin/stories/facilitators" novalidate>
          <CsrfField token={page.csrfToken} />
          <TextField
            name="handle"
            label={t('stories.admin.facilitators.field')}
            hint={t('stories.admin.facilitators.hint')}
            value={values.handle}
            error={errors.handle}
            maxLength={101}
            spellcheck={false}
          />
          <Button kind="secondary" label={t('stories.admin.facilitators.add')} />
        </form>
      </section>
      <section aria-labelledby="hosts-title">
        <h2 id="hosts-title" safe>
          {t('stories.admin.hosts')}
        </h2>
        <p safe>{t('stories.admin.hosts.intro')}</p>
        {hosts.length === 0 ? (
          <p safe>{t('stories.admin.hosts.none')}</p>
        ) : (
          <ul>
            {hosts.map((host) => (
              <li>
                <span safe>{host}</span>{' '}
                <ActionForm inline page={page} action="/admin/stories/hosts/remove">
                  <input type="hidden" name="host" value={host} />
                  <button type="submit" class="link-button" aria-label={t('stories.admin.hosts.removeLabel', { host })} safe>
                    {t('stories.admin.remove')}
                  </button>
                </ActionForm>
              </li>
            ))}
          </ul>
        )}
        <form method="post" action="/admin/stories/hosts" novalidate>
          <CsrfField token={page.csrfToken} />
          <TextField name="host" label={t('stories.admin.hosts.field')} hint={t('stories.admin.hosts.hint')} value={values.host} error={errors.host} maxLength={300} spellcheck={false} />
          <Button kind="secondary" label={t('stories.admin.hosts.add')} />
        </form>
      </section>
    </Layout>
  );
}

import type { Children } from '@kitajs/html';
import { t, tMaybe } from '../../i18n/i18n.ts';
import {
  Button,
  Choices,
  CsrfField,
  DataLinks,
  DataTable,
  ErrorSummary,
  Notice,
  Select,
  TextArea,
  TextField,
  fieldId,
  type FieldErrors,
  type FormValues,
} from '../../web/components.tsx';
import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/layout.tsx';
import type { EventDetail } from './events.queries.ts';
import { timeZoneLabel } from './events.text.ts';
import { localDay, localInputs } from './events.time.ts';
import { eventPath } from './events.views.tsx';
import { sessionFormats, sessionLimits } from './sessions.forms.ts';
import type { ClosedReason, SessionSettings } from './sessions.policy.ts';
import type { Outcome, Room, SessionItem, Slot } from './sessions.queries.ts';
import type { Clash } from './sessions.schedule.ts';

export const sessionsPath = (slug: string) => `${eventPath(slug)}/sessions`;
export const sessionPath = (slug: string, id: number) => `${sessionsPath(slug)}/${id}`;
export const schedulePath = (slug: string) => `${eventPath(slug)}/schedule`;

const formatLabel = (format: string) => tMaybe(`sessions.format.${format}`);

function votesText(count: number): string {
  return count === 1 ? t('sessions.votes.one') : t('sessions.votes', { count });
}

const shortDays = new Map<string, Intl.DateTimeFormat>();

/** "Sat 12 Dec", the day in the event's zone. */
function shortDay(instant: Date, zone: string): string {
  let formatter = shortDays.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: zone });
    shortDays.set(zone, formatter);
  }
  return formatter.format(instant).replace(',', '');
}

/** "10:00 to 11:00", with the day in front when the event runs over more than one. */
export function slotLabel(slot: { startsAt: Date; endsAt: Date }, event: { startsAt: Date; endsAt: Date; timeZone: string }): string {
  const times = t('sessions.slot.range', { start: localInputs(slot.startsAt, event.timeZone).time, end: localInputs(slot.endsAt, event.timeZone).time });
  const multiDay = localDay(event.startsAt, event.timeZone) !== localDay(new Date(event.endsAt.getTime() - 1), event.timeZone);
  return multiDay ? `${shortDay(slot.startsAt, event.timeZone)}, ${times}` : times;
}

function Crumbs({ event, sessions = false }: { event: EventDetail; sessions?: boolean }) {
  return (
    <p>
      <a href="/events" safe>
        {t('events.title')}
      </a>
      {' › '}
      <a href={eventPath(event.slug)} safe>
        {event.title}
      </a>
      {sessions ? (
        <>
          {' › '}
          <a href={sessionsPath(event.slug)} safe>
            {t('sessions.title.short')}
          </a>
        </>
      ) : (
        ''
      )}
    </p>
  );
}

function PostButton({ page, action, label, hidden, kind = 'primary' }: { page: PageContext; action: string; label: string; hidden?: string; kind?: 'primary' | 'secondary' | 'warning' }) {
  return (
    <form method="post" action={action} class="inline-form">
      <CsrfField token={page.csrfToken} />
      <button type="submit" class={`button button--${kind}`}>
        <span safe>{label}</span>
        {hidden ? <span class="visually-hidden" safe>{` ${hidden}`}</span> : ''}
      </button>
    </form>
  );
}

/** Why the viewer may not propose or vote, in words, with the way forward when there is one. */
function ClosedNote({ reason, event }: { reason: ClosedReason; event: EventDetail }) {
  if (reason === 'sign-in') {
    return (
      <p>
        <a href={`/sign-in?next=${encodeURIComponent(sessionsPath(event.slug))}`} safe>
          {t('sessions.closed.signIn.link')}
        </a>
        <span safe>{` ${t('sessions.closed.signIn')}`}</span>
      </p>
    );
  }
  if (reason === 'not-going') {
    return (
      <p>
        <span safe>{`${t('sessions.closed.notGoing')} `}</span>
        <a href={eventPath(event.slug)} safe>
          {t('sessions.closed.notGoing.link')}
        </a>
      </p>
    );
  }
  return <p safe>{t(`sessions.closed.${reason}`)}</p>;
}

function VoteButton({ page, event, session }: { page: PageContext; event: EventDetail; session: SessionItem }) {
  const path = sessionPath(event.slug, session.id);
  return session.youVoted ? (
    <PostButton page={page} action={`${path}/unvote`} label={t('sessions.unvote')} hidden={t('sessions.for', { title: session.title })} kind="secondary" />
  ) : (
    <PostButton page={page} action={`${path}/vote`} label={t('sessions.vote')} hidden={t('sessions.for', { title: session.title })} />
  );
}

function byline(session: SessionItem): string {
  return [formatLabel(session.format), session.leader ? t('sessions.ledBy', { name: session.leader }) : ''].filter(Boolean).join(' · ');
}

function excerpt(text: string, max = 280): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

// ---- On the event's page ----------------------------------------------------------------------

export function EventSessionsSection({
  event,
  settings,
  proposed,
  placed,
  reason,
}: {
  event: EventDetail;
  settings: SessionSettings;
  proposed: number;
  placed: number;
  reason: ClosedReason | null;
}) {
  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title" safe>
        {t('sessions.title.short')}
      </h2>
      <p safe>{proposed === 0 ? t('sessions.count.none') : proposed === 1 ? t('sessions.count.one') : t('sessions.count', { count: proposed })}</p>
      {reason === null ? <p safe>{t('sessions.event.invite')}</p> : reason === 'closed' ? <p safe>{t('sessions.closed.closed')}</p> : ''}
      <p class="actions">
        {reason === null ? (
          <a class="button button--primary" href={`${sessionsPath(event.slug)}/new`} safe>
            {t('sessions.propose')}
          </a>
        ) : (
          ''
        )}
        <a href={sessionsPath(event.slug)} safe>
          {settings.proposalsOpen && reason === null ? t('sessions.seeAndVote') : t('sessions.see')}
        </a>
        {placed > 0 ? (
          <a href={schedulePath(event.slug)} safe>
            {t('sessions.schedule.link')}
          </a>
        ) : (
          ''
        )}
      </p>
    </section>
  );
}

/** Links for the hosts' part of the event's page. */
export function HostSessionLinks({ event, settings }: { event: EventDetail; settings: SessionSettings }) {
  return (
    <p class="actions">
      <a href={`${sessionsPath(event.slug)}/settings`} safe>
        {settings.enabled ? t('sessions.settings.link') : t('sessions.settings.turnOn')}
      </a>
      {settings.enabled ? (
        <a href={`${schedulePath(event.slug)}/edit`} safe>
          {t('sessions.build.link')}
        </a>
      ) : (
        ''
      )}
    </p>
  );
}

export interface CameOfItItem {
  type: string;
  id: number;
  title: string;
  url: string;
  canRemove: boolean;
}

const linkTypeLabel = (type: string) => tMaybe(`sessions.link.type.${type}`);

/** Where to start something new from the event, linked to it once made; the page's address only where the viewer may write pages. */
export interface CameOfItStarts {
  pitch: string;
  page: string | null;
  story: string;
}

function StartLinks({ starts, level }: { starts: CameOfItStarts; level: 2 | 3 }) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <>
      <Heading safe>{t('sessions.cameOfIt.start')}</Heading>
      <p class="hint" safe>
        {t('sessions.cameOfIt.start.hint')}
      </p>
      <ul class="list-plain came-of-it__start">
      <li>
        <a href={starts.pitch} safe>
          {t('sessions.cameOfIt.startPitch')}
        </a>
      </li>
      {starts.page ? (
        <li>
          <a href={starts.page} safe>
            {t('sessions.cameOfIt.startPage')}
          </a>
        </li>
      ) : (
        ''
      )}
      <li>
        <a href={starts.story} safe>
          {t('sessions.cameOfIt.startStory')}
        </a>
      </li>
      </ul>
    </>
  );
}

export function CameOfItList({ page, event, items }: { page: PageContext; event: EventDetail; items: CameOfItItem[] }) {
  if (items.length === 0) return <p safe>{t('sessions.cameOfIt.none')}</p>;
  return (
    <ul class="came-of-it">
      {items.map((item) => (
        <li>
          <a href={item.url} safe>
            {item.title}
          </a>
          <span class="muted" safe>{` (${linkTypeLabel(item.type)})`}</span>
          {item.canRemove ? (
            <form method="post" action={`${eventPath(event.slug)}/links/remove`} class="inline-form">
              <CsrfField token={page.csrfToken} />
              <input type="hidden" name="item" value={`${item.type}:${item.id}`} />{' '}
              <button type="submit" class="link-button">
                <span safe>{t('sessions.cameOfIt.remove')}</span>
                <span class="visually-hidden" safe>{` ${item.title}`}</span>
              </button>
            </form>
          ) : (
            ''
          )}
        </li>
      ))}
    </ul>
  );
}

export function LinkForm({
  page,
  event,
  own,
  values = {},
  errors = {},
}: {
  page: PageContext;
  event: EventDetail;
  own: { type: string; id: number; title: string }[];
  values?: FormValues;
  errors?: FieldErrors;
}) {
  if (own.length === 0) return <p class="hint" safe>{t('sessions.cameOfIt.nothingOwn')}</p>;
  return (
    <form method="post" action={`${eventPath(event.slug)}/links`}>
      <CsrfField token={page.csrfToken} />
      <Select
        name="item"
        label={t('sessions.cameOfIt.choose')}
        hint={t('sessions.cameOfIt.choose.hint')}
        value={values.item}
        error={errors.item}
        options={own.map((item) => ({ value: `${item.type}:${item.id}`, label: `${item.title} (${linkTypeLabel(item.type)})` }))}
      />
      <Button kind="secondary" label={t('sessions.cameOfIt.link')} />
    </form>
  );
}

export function CameOfItSection({
  page,
  event,
  items,
  own,
  starts,
}: {
  page: PageContext;
  event: EventDetail;
  items: CameOfItItem[];
  /** The viewer's own pitches and pages, when they may link them; null otherwise. */
  own: { type: string; id: number; title: string }[] | null;
  starts: CameOfItStarts | null;
}) {
  return (
    <section aria-labelledby="came-of-it-title">
      <h2 id="came-of-it-title" safe>
        {t('sessions.cameOfIt.title')}
      </h2>
      <p class="hint" safe>
        {t('sessions.cameOfIt.intro')}
      </p>
      <CameOfItList page={page} event={event} items={items} />
      {starts ? <StartLinks starts={starts} level={3} /> : ''}
      {own ? <LinkForm page={page} event={event} own={own} /> : ''}
    </section>
  );
}

/** The page of the link form, where it is shown again when something was wrong. */
export function LinksPage({
  page,
  event,
  items,
  own,
  starts,
  values,
  errors,
}: {
  page: PageContext;
  event: EventDetail;
  items: CameOfItItem[];
  own: { type: string; id: number; title: string }[] | null;
  starts: CameOfItStarts | null;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const title = t('sessions.cameOfIt.pageTitle', { title: event.title });
  return (
    <Layout page={page} title={title}>
      <Crumbs event={event} />
      <h1 safe>{title}</h1>
      <ErrorSummary errors={errors} />
      <p class="lead" safe>
        {t('sessions.cameOfIt.intro')}
      </p>
      <CameOfItList page={page} event={event} items={items} />
      {starts ? <StartLinks starts={starts} level={2} /> : ''}
      {own ? <LinkForm page={page} event={event} own={own} values={values} errors={errors} /> : ''}
    </Layout>
  );
}

// ---- The list of sessions ---------------------------------------------------------------------

export function SessionsPage({
  page,
  event,
  settings,
  sessions,
  reason,
  used,
}: {
  page: PageContext;
  event: EventDetail;
  settings: SessionSettings;
  /** Proposed, merged, and the declined ones this viewer may see. */
  sessions: SessionItem[];
  reason: ClosedReason | null;
  /** Votes the viewer has cast, when they take part. */
  used: number | null;
}) {
  const title = t('sessions.title', { title: event.title });
  const proposed = sessions.filter((s) => s.status === 'proposed');
  const merged = sessions.filter((s) => s.status === 'merged');
  const declined = sessions.filter((s) => s.status === 'declined');
  const path = sessionsPath(event.slug);
  const placed = proposed.some((s) => s.placement);
  return (
    <Layout
      page={page}
      title={title}
      alternates={[
        { type: 'application/json', href: `${path}.json` },
        { type: 'text/csv', href: `${path}.csv` },
      ]}
    >
      <Crumbs event={event} />
      <h1 safe>{title}</h1>
      <p class="lead" safe>
        {t('sessions.intro')}
      </p>
      {reason === null ? (
        <>
          <p safe>{settings.voteLimit === null ? t('sessions.votes.unlimited') : t('sessions.votes.used', { used: used ?? 0, limit: settings.voteLimit })}</p>
          <p class="actions">
            <a class="button button--primary" href={`${path}/new`} safe>
              {t('sessions.propose')}
            </a>
          </p>
        </>
      ) : (
        <ClosedNote reason={reason} event={event} />
      )}
      <p class="actions">
        {placed || event.canManage ? (
          <a href={schedulePath(event.slug)} safe>
            {t('sessions.schedule.link')}
          </a>
        ) : (
          ''
        )}
        {event.canManage ? (
          <>
            <a href={`${path}/settings`} safe>
              {t('sessions.settings.link')}
            </a>
            <a href={`${schedulePath(event.slug)}/edit`} safe>
              {t('sessions.build.link')}
            </a>
          </>
        ) : (
          ''
        )}
      </p>
      <section aria-labelledby="proposed-title">
        <h2 id="proposed-title" safe>
          {t('sessions.proposed.title', { count: proposed.length })}
        </h2>
        {proposed.length === 0 ? (
          <p safe>{t('sessions.proposed.none')}</p>
        ) : (
          <ol class="stack list-plain">
            {proposed.map((session) => (
              <li>
                <article class="card session-card">
                  <h3 class="card__title">
                    <a href={sessionPath(event.slug, session.id)} safe>
                      {session.title}
                    </a>
                  </h3>
                  <p class="muted" safe>
                    {byline(session)}
                  </p>
                  {session.description ? <p safe>{excerpt(session.description)}</p> : ''}
                  {session.placement ? <p safe>{`${slotLabel(session.placement, event)}, ${session.placement.roomName}`}</p> : ''}
                  <div class="session-card__votes">
                    <p class="session-card__count">
                      <strong safe>{votesText(session.votes)}</strong>
                      {session.youVoted ? <span safe>{` · ${t('sessions.youVoted')}`}</span> : ''}
                    </p>
                    {reason === null ? <VoteButton page={page} event={event} session={session} /> : ''}
                  </div>
                </article>
              </li>
            ))}
          </ol>
        )}
      </section>
      {merged.length > 0 ? (
        <section aria-labelledby="merged-title">
          <h2 id="merged-title" safe>
            {t('sessions.merged.title')}
          </h2>
          <ul>
            {merged.map((session) => (
              <li>
                <a href={sessionPath(event.slug, session.id)} safe>
                  {session.title}
                </a>
                {session.mergedInto ? (
                  <>
                    <span safe>{` ${t('sessions.merged.into')} `}</span>
                    <a href={sessionPath(event.slug, session.mergedInto.id)} safe>
                      {session.mergedInto.title}
                    </a>
                  </>
                ) : (
                  ''
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      {declined.length > 0 ? (
        <section aria-labelledby="declined-title">
          <h2 id="declined-title" safe>
            {t('sessions.declined.title')}
          </h2>
          <p class="hint" safe>
            {t('sessions.declined.hint')}
          </p>
          <ul>
            {declined.map((session) => (
              <li>
                <a href={sessionPath(event.slug, session.id)} safe>
                  {session.title}
                </a>
                <span safe>{`: ${session.declineReason}`}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      <DataLinks
        links={[
          { label: 'JSON', href: `${path}.json` },
          { label: 'CSV', href: `${path}.csv` },
        ]}
      />
    </Layout>
  );
}

// ---- Proposing and changing a session ----------------------------------------------------------

export function SessionFormPage({
  page,
  event,
  mode,
  action,
  cancel,
  values = {},
  errors = {},
}: {
  page: PageContext;
  event: EventDetail;
  mode: 'new' | 'edit';
  action: string;
  cancel: string;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const title = mode === 'new' ? t('sessions.new.title', { title: event.title }) : t('sessions.edit.title');
  return (
    <Layout page={page} title={title}>
      <Crumbs event={event} sessions />
      <h1 safe>{title}</h1>
      {mode === 'new' ? <p safe>{t('sessions.new.intro')}</p> : ''}
      <ErrorSummary errors={errors} />
      <form method="post" action={action} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField name="title" label={t('sessions.field.title')} hint={t('sessions.field.title.hint')} value={values.title} error={errors.title} maxLength={sessionLimits.title} />
        <TextArea
          name="description"
          label={t('sessions.field.description')}
          hint={t('sessions.field.description.hint')}
          value={values.description}
          error={errors.description}
          optional
          rows={6}
          maxLength={sessionLimits.description}
        />
        <TextField name="leader" label={t('sessions.field.leader')} hint={t('sessions.field.leader.hint')} value={values.leader} error={errors.leader} optional maxLength={sessionLimits.leader} />
        <Choices name="format" label={t('sessions.field.format')} values={values.format} error={errors.format} options={sessionFormats.map((f) => ({ value: f, label: formatLabel(f) }))} />
        <Button label={mode === 'new' ? t('sessions.new.submit') : t('sessions.edit.submit')} />{' '}
        <a href={cancel} safe>
          {t('form.cancel')}
        </a>
      </form>
    </Layout>
  );
}

// ---- One session ------------------------------------------------------------------------------

export interface NotesState {
  /** The notes page, when there is one the viewer may see. */
  page: { title: string; url: string } | null;
  /** Whether the viewer may start them now. */
  canStart: boolean;
  /** Why not, when they take part but may not write in the wiki the notes go in. */
  cannotWrite: boolean;
}

export function SessionPage({
  page,
  event,
  session,
  reason,
  canChange,
  notes,
  outcomes,
  canContribute,
  removableOutcomes,
  values = {},
  errors = {},
}: {
  page: PageContext;
  event: EventDetail;
  session: SessionItem;
  reason: ClosedReason | null;
  canChange: boolean;
  notes: NotesState;
  outcomes: Outcome[];
  canContribute: boolean;
  removableOutcomes: Set<number>;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const path = sessionPath(event.slug, session.id);
  return (
    <Layout page={page} title={session.title}>
      <Crumbs event={event} sessions />
      <h1 safe>{session.title}</h1>
      <ErrorSummary errors={errors} />
      {session.status === 'merged' ? (
        <Notice>
          <p>
            <span safe>{`${t('sessions.merged.notice')} `}</span>
            {session.mergedInto ? (
              <a href={sessionPath(event.slug, session.mergedInto.id)} safe>
                {session.mergedInto.title}
              </a>
            ) : (
              ''
            )}
          </p>
        </Notice>
      ) : (
        ''
      )}
      {session.status === 'declined' ? (
        <Notice kind="warning">
          <p safe>{t('sessions.declined.notice')}</p>
          <p class="user-text session-description" safe>
            {session.declineReason}
          </p>
        </Notice>
      ) : (
        ''
      )}
      <dl class="facts">
        <dt safe>{t('sessions.fact.format')}</dt>
        <dd safe>{formatLabel(session.format)}</dd>
        {session.leader ? (
          <>
            <dt safe>{t('sessions.fact.leader')}</dt>
            <dd safe>{session.leader}</dd>
          </>
        ) : (
          ''
        )}
        <dt safe>{t('sessions.fact.proposer')}</dt>
        <dd>
          {session.proposedBy ? (
            <a href={`/members/${session.proposedBy.handle}`} safe>
              {session.proposedBy.name}
            </a>
          ) : (
            <span safe>{t('sessions.proposer.former')}</span>
          )}
        </dd>
        <dt safe>{t('sessions.fact.votes')}</dt>
        <dd>
          <span safe>{votesText(session.votes)}</span>
          {session.youVoted ? <span safe>{` · ${t('sessions.youVoted')}`}</span> : ''}
        </dd>
        {session.placement ? (
          <>
            <dt safe>{t('sessions.fact.when')}</dt>
            <dd safe>{`${slotLabel(session.placement, event)} (${timeZoneLabel(event.timeZone)}), ${session.placement.roomName}`}</dd>
          </>
        ) : (
          ''
        )}
      </dl>
      {session.description ? (
        <p class="user-text session-description" safe>
          {session.description}
        </p>
      ) : (
        ''
      )}
      {session.status === 'proposed' && reason === null ? (
        <p class="actions">
          <VoteButton page={page} event={event} session={session} />
        </p>
      ) : (
        ''
      )}
      {canChange || event.canManage ? (
        <p class="actions">
          {canChange && session.status !== 'merged' ? (
            <a class="button button--secondary" href={`${path}/edit`} safe>
              {t('sessions.edit.link')}
            </a>
          ) : (
            ''
          )}
          {canChange ? (
            <a class="button button--warning" href={`${path}/withdraw`} safe>
              {t('sessions.withdraw.link')}
            </a>
          ) : (
            ''
          )}
          {event.canManage && session.status === 'proposed' ? (
            <>
              <a href={`${path}/merge`} safe>
                {t('sessions.merge.link')}
              </a>
              <a href={`${path}/decline`} safe>
                {t('sessions.decline.link')}
              </a>
            </>
          ) : (
            ''
          )}
          {event.canManage && session.status === 'declined' ? <PostButton page={page} action={`${path}/reopen`} label={t('sessions.reopen')} kind="secondary" /> : ''}
        </p>
      ) : (
        ''
      )}
      {session.placement || notes.page ? (
        <section aria-labelledby="notes-title">
          <h2 id="notes-title" safe>
            {t('sessions.notes.title')}
          </h2>
          {notes.page ? (
            <p>
              <a href={notes.page.url} safe>
                {notes.page.title}
              </a>
            </p>
          ) : notes.canStart ? (
            <>
              <p safe>{t('sessions.notes.none')}</p>
              <PostButton page={page} action={`${path}/notes`} label={t('sessions.notes.start')} kind="secondary" />
            </>
          ) : (
            <p safe>{notes.cannotWrite ? t('sessions.notes.cannotWrite') : t('sessions.notes.none')}</p>
          )}
        </section>
      ) : (
        ''
      )}
      <section aria-labelledby="outcomes-title">
        <h2 id="outcomes-title" safe>
          {t('sessions.outcomes.title')}
        </h2>
        {outcomes.length === 0 ? (
          <p safe>{t('sessions.outcomes.none')}</p>
        ) : (
          <ul class="outcomes">
            {outcomes.map((outcome) => (
              <li>
                <span class="user-text" safe>
                  {outcome.body}
                </span>
                {removableOutcomes.has(outcome.id) ? (
                  <form method="post" action={`${path}/outcomes/${outcome.id}/remove`} class="inline-form">
                    <CsrfField token={page.csrfToken} />{' '}
                    <button type="submit" class="link-button">
                      <span safe>{t('sessions.outcomes.remove')}</span>
                      <span class="visually-hidden" safe>{` ${outcome.body}`}</span>
                    </button>
                  </form>
                ) : (
                  ''
                )}
              </li>
            ))}
          </ul>
        )}
        {canContribute && outcomes.length < sessionLimits.outcomes ? (
          <form method="post" action={`${path}/outcomes`} novalidate>
            <CsrfField token={page.csrfToken} />
            <TextField
              name="outcome"
              label={t('sessions.outcomes.add')}
              hint={t('sessions.outcomes.add.hint')}
              value={values.outcome}
              error={errors.outcome}
              maxLength={sessionLimits.outcome}
            />
            <Button kind="secondary" label={t('sessions.outcomes.submit')} />
          </form>
        ) : (
          ''
        )}
      </section>
    </Layout>
  );
}

export function ConfirmPage({
  page,
  event,
  session,
  title,
  intro,
  action,
  submit,
  children,
  errors = {},
}: {
  page: PageContext;
  event: EventDetail;
  session: SessionItem;
  title: string;
  intro: string;
  action: string;
  submit: string;
  children?: Children;
  errors?: FieldErrors;
}) {
  return (
    <Layout page={page} title={title}>
      <Crumbs event={event} sessions />
      <h1 safe>{title}</h1>
      <ErrorSummary errors={errors} />
      <p safe>{intro}</p>
      <form method="post" action={action} novalidate>
        <CsrfField token={page.csrfToken} />
        {children ?? ''}
        <Button kind="warning" label={submit} />{' '}
        <a href={sessionPath(event.slug, session.id)} safe>
          {t('form.cancel')}
        </a>
      </form>
    </Layout>
  );
}

export function DeclinePage(props: { page: PageContext; event: EventDetail; session: SessionItem; values?: FormValues; errors?: FieldErrors }) {
  const { session, values = {}, errors = {} } = props;
  return (
    <ConfirmPage
      {...props}
      title={t('sessions.decline.title', { title: session.title })}
      intro={t('sessions.decline.intro', { votes: votesText(session.votes) })}
      action={`${sessionPath(props.event.slug, session.id)}/decline`}
      submit={t('sessions.decline.submit')}
    >
      <TextArea
        name="reason"
        label={t('sessions.decline.reason')}
        hint={t('sessions.decline.reason.hint')}
        value={values.reason}
        error={errors.reason}
        rows={4}
        maxLength={sessionLimits.declineReason}
      />
    </ConfirmPage>
  );
}

export function MergePage(props: { page: PageContext; event: EventDetail; session: SessionItem; others: SessionItem[]; values?: FormValues; errors?: FieldErrors }) {
  const { session, others, values = {}, errors = {} } = props;
  return (
    <ConfirmPage
      {...props}
      title={t('sessions.merge.title', { title: session.title })}
      intro={t('sessions.merge.intro')}
      action={`${sessionPath(props.event.slug, session.id)}/merge`}
      submit={t('sessions.merge.submit')}
    >
      {others.length === 0 ? (
        <p safe>{t('sessions.merge.noOthers')}</p>
      ) : (
        <Select
          name="into"
          label={t('sessions.merge.into')}
          value={values.into}
          error={errors.into}
          blank={t('sessions.merge.choose')}
          options={others.map((other) => ({ value: String(other.id), label: `${other.title} (${votesText(other.votes)})` }))}
        />
      )}
    </ConfirmPage>
  );
}

export function WithdrawPage(props: { page: PageContext; event: EventDetail; session: SessionItem }) {
  const { session } = props;
  return (
    <ConfirmPage
      {...props}
      title={t('sessions.withdraw.title', { title: session.title })}
      intro={t('sessions.withdraw.intro', { votes: votesText(session.votes) })}
      action={`${sessionPath(props.event.slug, session.id)}/withdraw`}
      submit={t('sessions.withdraw.submit')}
    />
  );
}

// ---- Settings ---------------------------------------------------------------------------------

export function SettingsPage({ page, event, values, errors = {} }: { page: PageContext; event: EventDetail; values: FormValues; errors?: FieldErrors }) {
  const title = t('sessions.settings.title', { title: event.title });
  return (
    <Layout page={page} title={title}>
      <Crumbs event={event} />
      <h1 safe>{title}</h1>
      <ErrorSummary errors={errors} />
      <p safe>{t('sessions.settings.intro')}</p>
      <form method="post" action={`${sessionsPath(event.slug)}/settings`} novalidate>
        <CsrfField token={page.csrfToken} />
        <Choices
          name="enabled"
          label={t('sessions.settings.enabled')}
          values={values.enabled}
          error={errors.enabled}
          options={[
            { value: 'yes', label: t('sessions.settings.enabled.yes') },
            { value: 'no', label: t('sessions.settings.enabled.no') },
          ]}
        />
        <Choices
          name="proposals"
          label={t('sessions.settings.proposals')}
          hint={t('sessions.settings.proposals.hint')}
          values={values.proposals}
          error={errors.proposals}
          options={[
            { value: 'open', label: t('sessions.settings.proposals.open') },
            { value: 'closed', label: t('sessions.settings.proposals.closed') },
          ]}
        />
        <TextField
          name="voteLimit"
          label={t('sessions.settings.voteLimit')}
          hint={t('sessions.settings.voteLimit.hint', { max: sessionLimits.voteLimit })}
          value={values.voteLimit}
          error={errors.voteLimit}
          optional
          maxLength={10}
          inputmode="numeric"
        />
        <Button label={t('form.save')} />{' '}
        <a href={eventPath(event.slug)} safe>
          {t('form.cancel')}
        </a>
      </form>
    </Layout>
  );
}

// ---- The schedule -----------------------------------------------------------------------------

/**
 * The schedule as a list: each time slot, earliest first, with the sessions in it and their rooms
 * (largest room first). Shown on narrow screens instead of the grid, which would need scrolling
 * sideways there; the CSS shows one or the other, so a screen reader meets only the one shown.
 */
export function ScheduleList({ event, rooms, slots, sessions, headingLevel }: { event: EventDetail; rooms: Room[]; slots: Slot[]; sessions: SessionItem[]; headingLevel: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const roomOrder = new Map(rooms.map((room, index) => [room.id, index]));
  return (
    <div class="schedule-list">
      {slots.map((slot) => {
        const here = sessions
          .filter((s) => s.placement?.slotId === slot.id)
          .sort((a, b) => (roomOrder.get(a.placement!.roomId) ?? 0) - (roomOrder.get(b.placement!.roomId) ?? 0));
        const id = `slot-${slot.id}`;
        return (
          <section class="schedule-list__slot" aria-labelledby={id}>
            <Heading id={id} safe>
              {slotLabel(slot, event)}
            </Heading>
            {here.length === 0 ? (
              <p class="muted" safe>
                {t('sessions.schedule.slotEmpty')}
              </p>
            ) : (
              <ul class="schedule-list__sessions">
                {here.map((session) => (
                  <li>
                    <span class="schedule-list__room" safe>
                      {session.placement!.roomName}
                    </span>
                    <ScheduledSession event={event} session={session} />
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}

/** A session in the schedule: its title, leader and votes. */
function ScheduledSession({ event, session }: { event: EventDetail; session: SessionItem }) {
  return (
    <>
      <a href={sessionPath(event.slug, session.id)} safe>
        {session.title}
      </a>
      <span class="schedule__meta" safe>
        {[session.leader, votesText(session.votes)].filter(Boolean).join(' · ')}
      </span>
    </>
  );
}

/** The schedule as a list on narrow screens and as a grid of rooms by times on wide ones. */
export function ScheduleViews(props: { event: EventDetail; rooms: Room[]; slots: Slot[]; sessions: SessionItem[]; caption: string; headingLevel: 2 | 3 }) {
  return (
    <>
      <ScheduleList {...props} />
      <div class="schedule-grid">
        <ScheduleTable {...props} />
      </div>
    </>
  );
}

export function ScheduleTable({ event, rooms, slots, sessions, caption }: { event: EventDetail; rooms: Room[]; slots: Slot[]; sessions: SessionItem[]; caption: string }) {
  const at = new Map<string, SessionItem>();
  for (const session of sessions) if (session.placement) at.set(`${session.placement.roomId}:${session.placement.slotId}`, session);
  return (
    <DataTable id="schedule" caption={caption} captionHidden={false}>
      <thead>
        <tr>
          <th scope="col" safe>
            {t('sessions.schedule.time')}
          </th>
          {rooms.map((room) => (
            <th scope="col">
              <span safe>{room.name}</span>
              {room.capacity !== null ? (
                <span class="schedule__capacity" safe>
                  {t('sessions.room.places', { count: room.capacity })}
                </span>
              ) : (
                ''
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {slots.map((slot) => (
          <tr>
            <th scope="row" safe>
              {slotLabel(slot, event)}
            </th>
            {rooms.map((room) => {
              const session = at.get(`${room.id}:${slot.id}`);
              return session ? (
                <td>
                  <ScheduledSession event={event} session={session} />
                </td>
              ) : (
                <td class="schedule__free">
                  <span aria-hidden="true">–</span>
                  <span class="visually-hidden" safe>
                    {t('sessions.schedule.free')}
                  </span>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

function ClashList({ event, clashes, sessions, slots }: { event: EventDetail; clashes: Clash[]; sessions: SessionItem[]; slots: Slot[] }) {
  if (clashes.length === 0) return <></>;
  const titleOf = (id: number) => sessions.find((s) => s.id === id)?.title ?? '';
  return (
    <Notice kind="warning">
      <p safe>{t('sessions.clash.intro')}</p>
      <ul>
        {clashes.map((clash) => {
          const slot = slots.find((s) => s.id === clash.slotId);
          return (
            <li safe>
              {t('sessions.clash.item', { leader: clash.leader, time: slot ? slotLabel(slot, event) : '', sessions: clash.sessionIds.map(titleOf).join(', ') })}
            </li>
          );
        })}
      </ul>
    </Notice>
  );
}

export function SchedulePage({
  page,
  event,
  rooms,
  slots,
  sessions,
  clashes,
}: {
  page: PageContext;
  event: EventDetail;
  rooms: Room[];
  slots: Slot[];
  sessions: SessionItem[];
  /** Shown to hosts only. */
  clashes: Clash[];
}) {
  const title = t('sessions.schedule.title', { title: event.title });
  const path = schedulePath(event.slug);
  const placed = sessions.filter((s) => s.placement);
  return (
    <Layout
      page={page}
      title={title}
      wide
      alternates={[
        { type: 'application/json', href: `${path}.json` },
        { type: 'text/csv', href: `${path}.csv` },
        { type: 'text/calendar', href: `${path}.ics`, title },
      ]}
    >
      <Crumbs event={event} />
      <h1 safe>{title}</h1>
      <p class="actions">
        <a href={sessionsPath(event.slug)} safe>
          {t('sessions.see')}
        </a>
        {event.canManage ? (
          <a href={`${path}/edit`} safe>
            {t('sessions.build.link')}
          </a>
        ) : (
          ''
        )}
      </p>
      {placed.length === 0 || rooms.length === 0 || slots.length === 0 ? (
        <p safe>{t('sessions.schedule.empty')}</p>
      ) : (
        <>
          <p class="hint" safe>
            {t('sessions.schedule.hint', { zone: timeZoneLabel(event.timeZone) })}
          </p>
          <ScheduleViews event={event} rooms={rooms} slots={slots} sessions={sessions} caption={t('sessions.schedule.caption', { title: event.title })} headingLevel={2} />
        </>
      )}
      <ClashList event={event} clashes={clashes} sessions={sessions} slots={slots} />
      <DataLinks
        links={[
          { label: 'JSON', href: `${path}.json` },
          { label: 'CSV', href: `${path}.csv` },
          { label: t('events.ics.label'), href: `${path}.ics` },
        ]}
      />
    </Layout>
  );
}

/** The select that puts a session in a cell; its id is unique on the page so each label finds it. */
function PlaceForm({
  page,
  event,
  session,
  cells,
  value,
  error,
}: {
  page: PageContext;
  event: EventDetail;
  session: SessionItem;
  cells: { value: string; label: string }[];
  value: string;
  error: string | undefined;
}) {
  const name = `cell-${session.id}`;
  const id = fieldId(name);
  return (
    <form method="post" action={`${schedulePath(event.slug)}/place`} class={error ? 'place-form field--error' : 'place-form'}>
      <CsrfField token={page.csrfToken} />
      <input type="hidden" name="session" value={String(session.id)} />
      <div class="field">
        <label for={id}>
          <span safe>{session.title}</span>
          <span class="muted" safe>{` (${votesText(session.votes)})`}</span>
        </label>
        {error ? (
          <p class="field-error" id={`${id}-error`} safe>
            {tMaybe(error)}
          </p>
        ) : (
          ''
        )}
        <select id={id} name="cell" aria-describedby={error ? `${id}-error` : undefined} aria-invalid={error ? 'true' : undefined}>
          <option value="" selected={value === ''} safe>
            {t('sessions.place.none')}
          </option>
          {cells.map((cell) => (
            <option value={cell.value} selected={cell.value === value} safe>
              {cell.label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="button button--secondary">
        <span safe>{t('sessions.place.submit')}</span>
        <span class="visually-hidden" safe>{` ${t('sessions.for', { title: session.title })}`}</span>
      </button>
    </form>
  );
}

export function ScheduleEditPage({
  page,
  event,
  rooms,
  slots,
  sessions,
  clashes,
  values = {},
  errors = {},
}: {
  page: PageContext;
  event: EventDetail;
  rooms: Room[];
  slots: Slot[];
  sessions: SessionItem[];
  clashes: Clash[];
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const title = t('sessions.build.title', { title: event.title });
  const path = schedulePath(event.slug);
  const proposed = sessions.filter((s) => s.status === 'proposed');
  const occupant = new Map<string, SessionItem>();
  for (const session of proposed) if (session.placement) occupant.set(`${session.placement.roomId}:${session.placement.slotId}`, session);
  const cells = slots.flatMap((slot) =>
    rooms.map((room) => {
      const value = `${room.id}:${slot.id}`;
      const there = occupant.get(value);
      const label = `${slotLabel(slot, event)}, ${room.name}`;
      return { value, label: there ? `${label} ${t('sessions.place.taken', { title: there.title })}` : label };
    }),
  );
  const start = localInputs(event.startsAt, event.timeZone);
  return (
    <Layout page={page} title={title} wide>
      <Crumbs event={event} />
      <h1 safe>{title}</h1>
      <ErrorSummary errors={errors} />
      <p class="lead" safe>
        {t('sessions.build.intro', { zone: timeZoneLabel(event.timeZone) })}
      </p>
      <p class="actions">
        <a href={path} safe>
          {t('sessions.build.see')}
        </a>
        <a href={sessionsPath(event.slug)} safe>
          {t('sessions.see')}
        </a>
      </p>
      <section aria-labelledby="rooms-title">
        <h2 id="rooms-title" safe>
          {t('sessions.rooms.title')}
        </h2>
        {rooms.length === 0 ? (
          <p safe>{t('sessions.rooms.none')}</p>
        ) : (
          <DataTable id="rooms" caption={t('sessions.rooms.title')}>
            <thead>
              <tr>
                <th scope="col" safe>
                  {t('sessions.room.name')}
                </th>
                <th scope="col" safe>
                  {t('sessions.room.capacity')}
                </th>
                <th scope="col" safe>
                  {t('sessions.changes')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rooms.map((room) => (
                <tr>
                  <th scope="row" safe>
                    {room.name}
                  </th>
                  <td safe>{room.capacity === null ? t('sessions.room.capacity.unknown') : String(room.capacity)}</td>
                  <td>
                    <a href={`${path}/rooms/${room.id}/edit`}>
                      <span safe>{t('sessions.room.edit')}</span>
                      <span class="visually-hidden" safe>{` ${room.name}`}</span>
                    </a>{' '}
                    <PostButton page={page} action={`${path}/rooms/${room.id}/remove`} label={t('sessions.remove')} hidden={room.name} kind="secondary" />
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
        <form method="post" action={`${path}/rooms`} novalidate>
          <CsrfField token={page.csrfToken} />
          <h3 safe>{t('sessions.room.add')}</h3>
          <TextField name="roomName" label={t('sessions.room.name')} value={values.roomName} error={errors.roomName} maxLength={sessionLimits.roomName} />
          <TextField
            name="roomCapacity"
            label={t('sessions.room.capacity')}
            hint={t('sessions.room.capacity.hint')}
            value={values.roomCapacity}
            error={errors.roomCapacity}
            optional
            maxLength={20}
            inputmode="numeric"
          />
          <Button kind="secondary" label={t('sessions.room.add.submit')} />
        </form>
      </section>
      <section aria-labelledby="slots-title">
        <h2 id="slots-title" safe>
          {t('sessions.slots.title')}
        </h2>
        {slots.length === 0 ? (
          <p safe>{t('sessions.slots.none')}</p>
        ) : (
          <DataTable id="slots" caption={t('sessions.slots.title')}>
            <thead>
              <tr>
                <th scope="col" safe>
                  {t('sessions.schedule.time')}
                </th>
                <th scope="col" safe>
                  {t('sessions.changes')}
                </th>
              </tr>
            </thead>
            <tbody>
              {slots.map((slot) => (
                <tr>
                  <th scope="row" safe>
                    {slotLabel(slot, event)}
                  </th>
                  <td>
                    <PostButton page={page} action={`${path}/slots/${slot.id}/remove`} label={t('sessions.remove')} hidden={slotLabel(slot, event)} kind="secondary" />
                  </td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
        <form method="post" action={`${path}/slots`} novalidate>
          <CsrfField token={page.csrfToken} />
          <h3 safe>{t('sessions.slot.add')}</h3>
          <p class="hint" safe>
            {t('sessions.slot.add.hint', { zone: timeZoneLabel(event.timeZone) })}
          </p>
          <TextField name="slotDate" type="date" label={t('sessions.slot.date')} hint={t('events.field.date.hint')} value={values.slotDate ?? start.date} error={errors.slotDate} />
          <TextField name="slotStart" type="time" label={t('sessions.slot.start')} hint={t('events.field.time.hint')} value={values.slotStart} error={errors.slotStart} />
          <TextField name="slotEnd" type="time" label={t('sessions.slot.end')} hint={t('events.field.time.hint')} value={values.slotEnd} error={errors.slotEnd} />
          <TextField
            name="slotRepeat"
            label={t('sessions.slot.repeat')}
            hint={t('sessions.slot.repeat.hint', { max: sessionLimits.repeat })}
            value={values.slotRepeat ?? '1'}
            error={errors.slotRepeat}
            maxLength={3}
            inputmode="numeric"
          />
          <Button kind="secondary" label={t('sessions.slot.add.submit')} />
        </form>
      </section>
      <section aria-labelledby="fill-title">
        <h2 id="fill-title" safe>
          {t('sessions.fill.title')}
        </h2>
        <p safe>{t('sessions.fill.intro')}</p>
        <p class="actions">
          <PostButton page={page} action={`${path}/fill`} label={t('sessions.fill.submit')} />
          <PostButton page={page} action={`${path}/clear`} label={t('sessions.clear.submit')} kind="warning" />
        </p>
      </section>
      <ClashList event={event} clashes={clashes} sessions={sessions} slots={slots} />
      {rooms.length > 0 && slots.length > 0 ? (
        <section aria-labelledby="grid-title">
          <h2 id="grid-title" safe>
            {t('sessions.build.grid')}
          </h2>
          <ScheduleViews event={event} rooms={rooms} slots={slots} sessions={proposed} caption={t('sessions.schedule.caption', { title: event.title })} headingLevel={3} />
        </section>
      ) : (
        ''
      )}
      <section aria-labelledby="place-title">
        <h2 id="place-title" safe>
          {t('sessions.place.title')}
        </h2>
        {proposed.length === 0 ? (
          <p safe>{t('sessions.proposed.none')}</p>
        ) : cells.length === 0 ? (
          <p safe>{t('sessions.place.noCells')}</p>
        ) : (
          <>
            <p class="hint" safe>
              {t('sessions.place.hint')}
            </p>
            <div class="stack">
              {proposed.map((session) => {
                const name = `cell-${session.id}`;
                const current = session.placement ? `${session.placement.roomId}:${session.placement.slotId}` : '';
                const value = typeof values[name] === 'string' ? (values[name] as string) : current;
                return <PlaceForm page={page} event={event} session={session} cells={cells} value={value} error={errors[name]} />;
              })}
            </div>
          </>
        )}
      </section>
    </Layout>
  );
}

export function RoomEditPage({ page, event, room, values, errors = {} }: { page: PageContext; event: EventDetail; room: Room; values: FormValues; errors?: FieldErrors }) {
  const title = t('sessions.room.edit.title', { name: room.name });
  const path = schedulePath(event.slug);
  return (
    <Layout page={page} title={title}>
      <Crumbs event={event} />
      <h1 safe>{title}</h1>
      <ErrorSummary errors={errors} />
      <form method="post" action={`${path}/rooms/${room.id}/edit`} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField name="roomName" label={t('sessions.room.name')} value={values.roomName} error={errors.roomName} maxLength={sessionLimits.roomName} />
        <TextField
          name="roomCapacity"
          label={t('sessions.room.capacity')}
          hint={t('sessions.room.capacity.hint')}
          value={values.roomCapacity}
          error={errors.roomCapacity}
          optional
          maxLength={20}
          inputmode="numeric"
        />
        <Button label={t('form.save')} />{' '}
        <a href={`${path}/edit`} safe>
          {t('form.cancel')}
        </a>
      </form>
    </Layout>
  );
}

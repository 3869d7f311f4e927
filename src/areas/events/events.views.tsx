import type { Children } from '@kitajs/html';
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
import type { CalendarWeek } from './events.calendar.ts';
import { attendanceModes, attendeeListChoices, eventKinds, filtersQuery, limits, type ListingFilters } from './events.forms.ts';
import type { EventCard, EventDetail, MemberEvent, PersonRef } from './events.queries.ts';
import { attendanceLabel, attendeeListLabel, kindLabel, timeZoneLabel, whereText } from './events.text.ts';
import { formatDay, formatRange, formatTime, monthKey, timeZones, type Month } from './events.time.ts';

export const eventPath = (slug: string) => `/events/${slug}`;
const tagHref = (tag: string) => `/events?${new URLSearchParams({ tag })}`;
const authorityOptions = () => localAuthorities.map((authority) => ({ value: authority.code, label: authority.name }));

function queryString(query: Record<string, string | undefined>) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function monthName(month: Month): string {
  return new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(month.year, month.month - 1, 1)));
}

/** When, in the event's own zone, with the zone named: "… 10:00 GMT to 16:00 GMT (UK time)". */
function When({ event }: { event: Pick<EventCard, 'startsAt' | 'endsAt' | 'timeZone'> }) {
  return (
    <>
      <time datetime={event.startsAt.toISOString()} safe>
        {formatRange(event.startsAt, event.endsAt, event.timeZone)}
      </time>
      <span safe>{` (${timeZoneLabel(event.timeZone)})`}</span>
    </>
  );
}

function placesText(event: Pick<EventCard, 'capacity' | 'goingCount'>): string {
  if (event.capacity === null) return t(event.goingCount === 1 ? 'events.going.one' : 'events.going', { count: event.goingCount });
  const left = Math.max(0, event.capacity - event.goingCount);
  if (left === 0) return t('events.places.full', { capacity: event.capacity });
  return t(left === 1 ? 'events.places.leftOne' : 'events.places.left', { left, capacity: event.capacity });
}

function hostLine(event: EventCard) {
  const name = event.host.name || t('events.host.former');
  return (
    <>
      <span safe>{`${t('events.hostedBy')} `}</span>
      {event.host.path ? (
        <a href={event.host.path} safe>
          {name}
        </a>
      ) : (
        <span safe>{name}</span>
      )}
    </>
  );
}

export function EventBadges({ event }: { event: EventCard }) {
  return (
    <ul class="badges" aria-label={t('events.about')}>
      {event.cancelled ? (
        <li class="badge badge--warning" safe>
          {t('events.cancelled.badge')}
        </li>
      ) : (
        ''
      )}
      <li class="badge" safe>
        {t(kindLabel(event.kind))}
      </li>
      <li class="badge" safe>
        {t(attendanceLabel(event.attendance))}
      </li>
    </ul>
  );
}

export function EventCardView({ event, headingLevel = 3 }: { event: EventCard; headingLevel?: 2 | 3 }) {
  const where = event.attendance === 'online' ? t('events.where.online') : [whereText(event), event.localAuthority?.name].filter(Boolean).join(', ');
  const heading = (
    <a href={eventPath(event.slug)} safe>
      {event.title}
    </a>
  );
  return (
    <article class="card">
      {headingLevel === 2 ? <h2 class="card__title">{heading}</h2> : <h3 class="card__title">{heading}</h3>}
      <EventBadges event={event} />
      <p>
        <When event={event} />
      </p>
      {where ? (
        <p class="muted" safe>
          {where}
        </p>
      ) : (
        ''
      )}
      <p safe>{event.summary}</p>
      <p class="muted">
        {hostLine(event)}
        <span safe>{` · ${placesText(event)}`}</span>
      </p>
      <Tags tags={event.tags} hrefFor={tagHref} />
    </article>
  );
}

// ---- The list -------------------------------------------------------------------------------

/** The filters the list and the calendar share (the list adds when). */
function FilterFields({ filters }: { filters: Omit<ListingFilters, 'when'> }) {
  return (
    <>
      <TextField name="q" type="search" label={t('events.filter.q')} value={filters.q} maxLength={limits.query} />
      <Select name="kind" label={t('events.filter.kind')} value={filters.kind ?? ''} options={eventKinds.map((k) => ({ value: k, label: t(kindLabel(k)) }))} blank={t('events.filter.any')} />
      <Select name="area" label={t('events.filter.area')} value={filters.area ?? ''} options={authorityOptions()} blank={t('events.filter.anywhere')} />
      <Choices name="online" label={t('events.filter.online.legend')} values={filters.online ? 'yes' : undefined} multiple options={[{ value: 'yes', label: t('events.filter.online') }]} />
      <TextField name="tag" label={t('events.filter.tag')} value={filters.tag ?? ''} maxLength={40} />
      {filters.group ? <input type="hidden" name="group" value={filters.group} /> : ''}
    </>
  );
}

/** The calendar's filters as a query string (the month apart). */
function calendarFilterQuery(filters: Omit<ListingFilters, 'when'>): Record<string, string | undefined> {
  const { when: _when, ...rest } = filtersQuery({ ...filters, when: 'upcoming' });
  return rest;
}

export function ListingPage({
  page,
  filters,
  events,
  pageNumber,
  hasNext,
}: {
  page: PageContext;
  filters: ListingFilters;
  events: EventCard[];
  pageNumber: number;
  hasNext: boolean;
}) {
  const query = filtersQuery(filters);
  const filtered = Object.values(query).some(Boolean);
  const dataQuery = queryString({ ...query, page: pageNumber > 1 ? String(pageNumber) : undefined });
  const feedQuery = queryString(query);
  const { links: data, alternates } = listFormats('/events', { data: dataQuery, feed: feedQuery }, t('events.title'), [
    { label: t('events.ics.label'), type: 'text/calendar', href: `/events.ics${feedQuery}` },
  ]);
  const title = filters.when === 'past' ? t('events.title.past') : t('events.title');
  return (
    <Layout page={page} title={title} wide alternates={alternates}>
      <h1 safe>{title}</h1>
      <p class="lead" safe>
        {t('events.intro')}
      </p>
      <p class="actions">
        {page.viewer ? (
          <a class="button button--primary" href="/events/new" safe>
            {t('events.add')}
          </a>
        ) : (
          ''
        )}
        <a href={`/events/calendar${queryString(calendarFilterQuery(filters))}`} safe>
          {t('events.calendar.link')}
        </a>
        {filters.when === 'past' ? (
          <a href="/events" safe>
            {t('events.upcoming.link')}
          </a>
        ) : (
          <a href="/events?when=past" safe>
            {t('events.past.link')}
          </a>
        )}
        {page.viewer ? (
          <a href="/settings/events" safe>
            {t('events.mine.link')}
          </a>
        ) : (
          ''
        )}
      </p>
      <div class="with-sidebar">
        <form method="get" action="/events" class="filters" role="search" aria-labelledby="filters-title">
          <h2 id="filters-title" safe>
            {t('events.filters')}
          </h2>
          <Select
            name="when"
            label={t('events.filter.when')}
            value={filters.when}
            options={[
              { value: 'upcoming', label: t('events.filter.when.upcoming') },
              { value: 'past', label: t('events.filter.when.past') },
            ]}
          />
          <FilterFields filters={filters} />
          <FilterActions label={t('form.filter')} clearHref="/events" filtered={filtered} />
        </form>
        <section class="results" aria-labelledby="results-title">
          <h2 id="results-title" class="visually-hidden" safe>
            {t('events.results')}
          </h2>
          {events.length === 0 ? (
            <p safe>{filtered || pageNumber > 1 ? t('events.none') : filters.when === 'past' ? t('events.empty.past') : t('events.empty')}</p>
          ) : (
            <ul class="stack list-plain">
              {events.map((event) => (
                <li>
                  <EventCardView event={event} headingLevel={3} />
                </li>
              ))}
            </ul>
          )}
          <Pagination page={pageNumber} hasNext={hasNext} path="/events" query={query} />
          <DataLinks links={data} />
        </section>
      </div>
    </Layout>
  );
}

// ---- One event ------------------------------------------------------------------------------

function PeopleList({ people }: { people: PersonRef[] }) {
  return (
    <ul class="people">
      {people.map((person) => (
        <li>
          <a href={`/members/${person.handle}`} safe>
            {person.name}
          </a>
        </li>
      ))}
    </ul>
  );
}

function Attend({ page, event, over }: { page: PageContext; event: EventDetail; over: boolean }) {
  const path = eventPath(event.slug);
  if (event.cancelled) return <></>;
  if (over) return <p safe>{t('events.over')}</p>;
  if (!page.viewer) {
    return (
      <p>
        <a class="button button--primary" href={`/sign-in?next=${encodeURIComponent(path)}`} safe>
          {t('events.attend.signIn')}
        </a>
      </p>
    );
  }
  if (event.standing.status === 'going') {
    return (
      <div class="actions">
        <p safe>{t('events.you.going')}</p>
        <ActionForm inline page={page} action={`${path}/withdraw`}>
          <Button kind="secondary" label={t('events.withdraw')} />
        </ActionForm>
      </div>
    );
  }
  if (event.standing.status === 'waiting') {
    return (
      <div class="actions">
        <p safe>{t('events.you.waiting', { position: event.waitingPosition ?? 1 })}</p>
        <ActionForm inline page={page} action={`${path}/withdraw`}>
          <Button kind="secondary" label={t('events.withdraw.waiting')} />
        </ActionForm>
      </div>
    );
  }
  const full = event.capacity !== null && event.goingCount >= event.capacity;
  return (
    <div class="actions">
      {full ? <p safe>{t('events.full')}</p> : ''}
      <ActionForm inline page={page} action={`${path}/attend`}>
        <Button label={full ? t('events.attend.wait') : t('events.attend')} />
      </ActionForm>
    </div>
  );
}

export function EventPage({
  page,
  event,
  over,
  conversation,
  sessions = '',
  hostLinks = '',
  cameOfIt = '',
}: {
  page: PageContext;
  event: EventDetail;
  over: boolean;
  conversation: JSX.Element;
  /** Its sessions and schedule, when its hosts take proposals (sessions.views.tsx). */
  sessions?: JSX.Element;
  /** The hosts' links to sessions settings and the schedule builder. */
  hostLinks?: JSX.Element;
  /** What came of it: pitches and pages linked to it. */
  cameOfIt?: JSX.Element;
}) {
  const path = eventPath(event.slug);
  // Sanitised by renderMarkdown, so it is output as HTML; the "safe" prefix tells xss-scan so.
  const safeDescriptionHtml = event.description ? renderMarkdown(event.description) : '';
  const showsLink = event.attendance !== 'in-person';
  return (
    <Layout
      page={page}
      title={event.title}
      alternates={[
        { type: 'application/json', href: `${path}.json` },
        { type: 'text/calendar', href: `${path}.ics`, title: t('events.ics.label') },
      ]}
    >
      <p>
        <a href="/events" safe>
          {t('events.title')}
        </a>
        {event.group ? (
          <>
            {' › '}
            <a href={`/groups/${event.group.slug}`} safe>
              {event.group.name}
            </a>
          </>
        ) : (
          ''
        )}
      </p>
      <h1 safe>{event.title}</h1>
      {event.cancelled ? (
        <Notice kind="warning">
          <p safe>{t('events.cancelled.notice')}</p>
          {event.cancelReason ? (
            <>
              <p safe>{t('events.cancelled.reason')}</p>
              <p class="user-text" safe>
                {event.cancelReason}
              </p>
            </>
          ) : (
            ''
          )}
        </Notice>
      ) : (
        ''
      )}
      <p class="lead" safe>
        {event.summary}
      </p>
      <EventBadges event={event} />
      <dl class="facts">
        <dt safe>{t('events.fact.when')}</dt>
        <dd>
          <When event={event} />
        </dd>
        {event.attendance !== 'online' ? (
          <>
            <dt safe>{t('events.fact.where')}</dt>
            <dd>
              {event.venue ? <span safe>{event.venue}</span> : ''}
              {event.address ? (
                <p class="address" safe>
                  {event.address}
                </p>
              ) : (
                ''
              )}
            </dd>
          </>
        ) : (
          ''
        )}
        {showsLink ? (
          <>
            <dt safe>{t('events.fact.online')}</dt>
            <dd>
              {event.onlineUrl ? (
                <a href={event.onlineUrl} rel="nofollow noopener" safe>
                  {event.onlineUrl}
                </a>
              ) : (
                <span safe>{t(event.cancelled ? 'events.online.none' : 'events.online.hidden')}</span>
              )}
            </dd>
          </>
        ) : (
          ''
        )}
        {event.access ? (
          <>
            <dt safe>{t('events.fact.access')}</dt>
            <dd class="user-text" safe>
              {event.access}
            </dd>
          </>
        ) : (
          ''
        )}
        {event.place || event.localAuthority ? (
          <>
            <dt safe>{t('events.fact.place')}</dt>
            <dd safe>{[event.place, event.localAuthority?.name].filter(Boolean).join(', ')}</dd>
          </>
        ) : (
          ''
        )}
        <dt safe>{t('events.fact.host')}</dt>
        <dd>{hostLine(event)}</dd>
        <dt safe>{t('events.fact.places')}</dt>
        <dd>
          <span safe>{placesText(event)}</span>
          {event.waitingCount > 0 ? <span safe>{` · ${t('events.waitingCount', { count: event.waitingCount })}`}</span> : ''}
        </dd>
      </dl>
      <Tags tags={event.tags} hrefFor={tagHref} />
      <Attend page={page} event={event} over={over} />
      <p>
        <a href={`${path}.ics`} safe>
          {t('events.addToCalendar')}
        </a>
      </p>
      {event.canManage ? (
        <section aria-labelledby="host-title">
          <h2 id="host-title" safe>
            {t('events.host.title')}
          </h2>
          {event.cancelled ? (
            <p safe>{t('events.host.cancelledNote')}</p>
          ) : (
            <p class="actions">
              <a class="button button--secondary" href={`${path}/edit`} safe>
                {t('events.edit.link')}
              </a>
              {over ? (
                ''
              ) : (
                <a class="button button--warning" href={`${path}/cancel`} safe>
                  {t('events.cancel.link')}
                </a>
              )}
            </p>
          )}
          {hostLinks}
          <p class="hint" safe>
            {t('events.host.listNote', { choice: t(attendeeListLabel(event.attendeeList)) })}
          </p>
        </section>
      ) : (
        ''
      )}
      {safeDescriptionHtml ? (
        <section aria-labelledby="about-title">
          <h2 id="about-title" safe>
            {t('events.about')}
          </h2>
          <div class="user-text">{safeDescriptionHtml}</div>
        </section>
      ) : (
        ''
      )}
      {sessions}
      <section aria-labelledby="going-title">
        <h2 id="going-title" safe>
          {t('events.attendees.title')}
        </h2>
        {event.attendees === null ? (
          <p safe>{t(`events.attendees.hidden.${event.attendeeList}`)}</p>
        ) : event.attendees.length === 0 ? (
          <p safe>{t('events.attendees.none')}</p>
        ) : (
          <>
            <PeopleList people={event.attendees} />
            {event.moreAttendees ? <p safe>{t('events.attendees.more')}</p> : ''}
          </>
        )}
        {event.waiting !== null && event.waiting.length > 0 ? (
          <>
            <h3 safe>{t('events.waiting.title')}</h3>
            <ol class="people">
              {event.waiting.map((person) => (
                <li>
                  <a href={`/members/${person.handle}`} safe>
                    {person.name}
                  </a>
                </li>
              ))}
            </ol>
          </>
        ) : (
          ''
        )}
      </section>
      {cameOfIt}
      {conversation}
      <DataLinks
        links={[
          { label: 'JSON', href: `${path}.json` },
          { label: t('events.ics.label'), href: `${path}.ics` },
        ]}
      />
    </Layout>
  );
}

// ---- The form -------------------------------------------------------------------------------

export interface HostOptions {
  memberName: string;
  organisations: { id: number; name: string }[];
  groups: { id: number; name: string }[];
}

export function EventFormPage({
  page,
  title,
  intro,
  action,
  submit,
  cancel,
  values = {},
  errors = {},
  hosts,
  fixedHost,
}: {
  page: PageContext;
  title: string;
  intro?: string;
  action: string;
  submit: string;
  cancel: string;
  values?: FormValues;
  errors?: FieldErrors;
  /** The hosts to choose from, when making an event. */
  hosts?: HostOptions;
  /** When editing: who hosts it (it cannot move). */
  fixedHost?: string;
}) {
  return (
    <Layout page={page} title={title}>
      <h1 safe>{title}</h1>
      {intro ? <p safe>{intro}</p> : ''}
      <ErrorSummary errors={errors} />
      <form method="post" action={action} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField name="title" label={t('events.field.title')} hint={t('events.field.title.hint')} value={values.title} error={errors.title} maxLength={limits.title} />
        <Choices name="kind" label={t('events.field.kind')} values={values.kind} error={errors.kind} options={eventKinds.map((k) => ({ value: k, label: t(kindLabel(k)) }))} />
        <TextArea name="summary" label={t('events.field.summary')} hint={t('events.field.summary.hint')} value={values.summary} error={errors.summary} rows={3} maxLength={limits.summary} />
        {hosts ? (
          <Select
            name="host"
            label={t('events.field.host')}
            hint={t('events.field.host.hint')}
            value={values.host ?? 'member'}
            error={errors.host}
            options={[
              { value: 'member', label: t('events.field.host.me', { name: hosts.memberName }) },
              ...hosts.organisations.map((o) => ({ value: `organisation:${o.id}`, label: t('events.field.host.organisation', { name: o.name }) })),
              ...hosts.groups.map((g) => ({ value: `group:${g.id}`, label: t('events.field.host.group', { name: g.name }) })),
            ]}
          />
        ) : (
          <p>
            <span safe>{`${t('events.field.host')}: `}</span>
            <strong safe>{fixedHost ?? ''}</strong>
          </p>
        )}
        <fieldset class="field-group">
          <legend safe>{t('events.field.when')}</legend>
          <p class="hint" safe>
            {t('events.field.when.hint')}
          </p>
          <div class="link-pair">
            <TextField name="startDate" type="date" label={t('events.field.startDate')} hint={t('events.field.date.hint')} value={values.startDate} error={errors.startDate} />
            <TextField name="startTime" type="time" label={t('events.field.startTime')} hint={t('events.field.time.hint')} value={values.startTime} error={errors.startTime} />
            <TextField name="endDate" type="date" label={t('events.field.endDate')} hint={t('events.field.endDate.hint')} value={values.endDate} error={errors.endDate} optional />
            <TextField name="endTime" type="time" label={t('events.field.endTime')} hint={t('events.field.time.hint')} value={values.endTime} error={errors.endTime} />
          </div>
          <Select
            name="timeZone"
            label={t('events.field.zone')}
            value={values.timeZone ?? 'Europe/London'}
            error={errors.timeZone}
            options={timeZones.map((zone) => ({ value: zone, label: `${timeZoneLabel(zone)} (${zone})` }))}
          />
        </fieldset>
        <Choices
          name="attendance"
          label={t('events.field.attendance')}
          values={values.attendance}
          error={errors.attendance}
          options={attendanceModes.map((m) => ({ value: m, label: t(`events.attendance.${m}.hint`) }))}
        />
        <TextField name="venue" label={t('events.field.venue')} hint={t('events.field.venue.hint')} value={values.venue} error={errors.venue} maxLength={limits.venue} />
        <TextArea name="address" label={t('events.field.address')} value={values.address} error={errors.address} optional rows={3} maxLength={limits.address} />
        <TextField
          name="onlineUrl"
          type="url"
          label={t('events.field.onlineUrl')}
          hint={t('events.field.onlineUrl.hint')}
          value={values.onlineUrl}
          error={errors.onlineUrl}
          maxLength={limits.onlineUrl}
          spellcheck={false}
        />
        <TextArea name="access" label={t('events.field.access')} hint={t('events.field.access.hint')} value={values.access} error={errors.access} optional rows={3} maxLength={limits.access} />
        <TextArea
          name="description"
          label={t('events.field.description')}
          hint={t('events.field.description.hint')}
          value={values.description}
          error={errors.description}
          optional
          rows={8}
          maxLength={limits.description}
        />
        <TextField name="place" label={t('events.field.place')} hint={t('events.field.place.hint')} value={values.place} error={errors.place} optional maxLength={limits.place} />
        <Select
          name="localAuthority"
          label={t('events.field.authority')}
          value={values.localAuthority}
          error={errors.localAuthority}
          optional
          options={authorityOptions()}
          blank={t('events.field.authority.none')}
        />
        <TextField name="capacity" label={t('events.field.capacity')} hint={t('events.field.capacity.hint')} value={values.capacity} error={errors.capacity} optional maxLength={20} inputmode="numeric" />
        <Choices
          name="attendeeList"
          label={t('events.field.attendeeList')}
          values={values.attendeeList ?? 'attendees'}
          error={errors.attendeeList}
          options={attendeeListChoices.map((c) => ({ value: c, label: t(`events.attendeeList.${c}.hint`) }))}
        />
        <TextField name="tags" label={t('events.field.tags')} hint={t('events.field.tags.hint')} value={values.tags} error={errors.tags} optional />
        <Button label={submit} />{' '}
        <a href={cancel} safe>
          {t('form.cancel')}
        </a>
      </form>
    </Layout>
  );
}

function cancelIntro(count: number): string {
  if (count === 0) return t('events.cancel.intro.none');
  return count === 1 ? t('events.cancel.intro.one') : t('events.cancel.intro', { count });
}

export function CancelEventPage({ page, event, values = {}, errors = {} }: { page: PageContext; event: EventDetail; values?: FormValues; errors?: FieldErrors }) {
  const path = eventPath(event.slug);
  const title = t('events.cancel.title', { title: event.title });
  return (
    <Layout page={page} title={title}>
      <h1 safe>{title}</h1>
      <p safe>{cancelIntro(event.goingCount + event.waitingCount)}</p>
      <ErrorSummary errors={errors} />
      <form method="post" action={`${path}/cancel`} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextArea name="reason" label={t('events.cancel.reason')} hint={t('events.cancel.reason.hint')} value={values.reason} error={errors.reason} optional rows={4} maxLength={limits.cancelReason} />
        <Button kind="warning" label={t('events.cancel.submit')} />{' '}
        <a href={path} safe>
          {t('events.cancel.keep')}
        </a>
      </form>
    </Layout>
  );
}

// ---- The month calendar ---------------------------------------------------------------------

const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

export function CalendarPage({
  page,
  month,
  previous,
  next,
  weeks,
  events,
  more,
  filters,
}: {
  page: PageContext;
  month: Month;
  previous: Month;
  next: Month;
  weeks: CalendarWeek[];
  /** The month's events, soonest first, for the list under the table. */
  events: EventCard[];
  more: boolean;
  filters: Omit<ListingFilters, 'when'>;
}) {
  const name = monthName(month);
  const title = t('events.calendar.title', { month: name });
  const kept = calendarFilterQuery(filters);
  const filtered = Object.values(kept).some(Boolean);
  const monthHref = (m: Month | null) => `/events/calendar${queryString({ month: m ? monthKey(m) : undefined, ...kept })}`;
  // The table's caption names it and its scrolling region for screen readers; shown, it would
  // repeat the heading, and on a phone it would be cut off at the edge of the scrolling region.
  return (
    <Layout page={page} title={title} wide alternates={[{ type: 'text/calendar', href: '/events.ics', title: t('events.title') }]}>
      <p>
        <a href="/events" safe>
          {t('events.title')}
        </a>
      </p>
      <h1 safe>{title}</h1>
      <nav class="pagination" aria-label={t('events.calendar.months')}>
        <ul>
          <li>
            <a href={monthHref(previous)} rel="prev" safe>
              {`‹ ${monthName(previous)}`}
            </a>
          </li>
          <li>
            <a href={monthHref(null)} safe>
              {t('events.calendar.thisMonth')}
            </a>
          </li>
          <li>
            <a href={monthHref(next)} rel="next" safe>
              {`${monthName(next)} ›`}
            </a>
          </li>
        </ul>
      </nav>
      <details class="filters-details" open={filtered}>
        <summary safe>{filtered ? t('events.calendar.filtered') : t('events.calendar.filter')}</summary>
        <form method="get" action="/events/calendar" class="filters" role="search" aria-label={t('events.calendar.filter')}>
          <input type="hidden" name="month" value={monthKey(month)} />
          <FilterFields filters={filters} />
          <FilterActions label={t('form.filter')} clearHref={`/events/calendar?month=${monthKey(month)}`} filtered={filtered} />
        </form>
      </details>
      <p class="hint" safe>
        {t('events.calendar.hint')}
      </p>
      <DataTable id="calendar" caption={title}>
        <thead>
          <tr>
            {weekdays.map((day) => (
              <th scope="col">
                <span aria-hidden="true" safe>
                  {t(`events.weekday.${day}.short`)}
                </span>
                <span class="visually-hidden" safe>
                  {t(`events.weekday.${day}`)}
                </span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr>
              {week.map((day) =>
                day ? (
                  <td class={day.today ? 'calendar__day calendar__day--today' : 'calendar__day'} aria-current={day.today ? 'date' : undefined}>
                    <span class="calendar__date">
                      <span safe>{String(day.day)}</span>
                      <span class="visually-hidden" safe>{` ${name}`}</span>
                      {day.today ? <span class="visually-hidden" safe>{` (${t('events.calendar.today')})`}</span> : ''}
                    </span>
                    {day.events.length > 0 ? (
                      <ul class="calendar__events">
                        {day.events.map((event) => (
                          <li>
                            <a href={eventPath(event.slug)}>
                              <span safe>{`${formatTime(event.startsAt, event.timeZone).split(' ')[0]} `}</span>
                              <span safe>{event.title}</span>
                              {event.cancelled ? <span safe>{` (${t('events.cancelled.badge')})`}</span> : ''}
                            </a>
                          </li>
                        ))}
                      </ul>
                    ) : (
                      ''
                    )}
                  </td>
                ) : (
                  <td class="calendar__day calendar__day--outside"></td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </DataTable>
      {more ? <p safe>{t('events.calendar.more')}</p> : ''}
      <section aria-labelledby="month-list-title">
        <h2 id="month-list-title" safe>
          {t('events.calendar.list', { month: name })}
        </h2>
        {events.length === 0 ? (
          <p safe>{t('events.calendar.none')}</p>
        ) : (
          <ul class="stack list-plain">
            {events.map((event) => (
              <li>
                <EventCardView event={event} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}

// ---- A member's own events ------------------------------------------------------------------

function statusLabel(event: MemberEvent): string {
  const parts: string[] = [];
  if (event.status === 'going') parts.push(t('events.mine.going'));
  if (event.status === 'waiting') parts.push(t('events.mine.waiting'));
  if (event.hosting) parts.push(t('events.mine.hosting'));
  if (event.cancelled) parts.push(t('events.cancelled.badge'));
  // "Going, hosting": one phrase, capitalised once.
  return parts.map((part, index) => (index === 0 ? part : part.toLowerCase())).join(', ');
}

function MemberEventTable({ id, caption, events }: { id: string; caption: string; events: MemberEvent[] }) {
  return (
    <DataTable id={id} caption={caption}>
      <thead>
        <tr>
          <th scope="col" safe>
            {t('events.mine.event')}
          </th>
          <th scope="col" safe>
            {t('events.fact.when')}
          </th>
          <th scope="col" safe>
            {t('events.mine.you')}
          </th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr>
            <th scope="row">
              <a href={eventPath(event.slug)} safe>
                {event.title}
              </a>
            </th>
            <td>
              <time datetime={event.startsAt.toISOString()} safe>
                {`${formatDay(event.startsAt, event.timeZone)}, ${formatTime(event.startsAt, event.timeZone)}`}
              </time>
            </td>
            <td safe>{statusLabel(event)}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

export function MyEventsPage({
  page,
  upcoming,
  past,
  calendarUrl,
}: {
  page: PageContext;
  upcoming: MemberEvent[];
  past: MemberEvent[];
  /** The member's secret calendar address, if they have made one. */
  calendarUrl: string | null;
}) {
  return (
    <Layout page={page} title={t('events.mine.title')}>
      <p>
        <a href="/settings" safe>
          {t('site.settings')}
        </a>
      </p>
      <h1 safe>{t('events.mine.title')}</h1>
      <p class="lead" safe>
        {t('events.mine.intro')}
      </p>
      <section aria-labelledby="upcoming-title">
        <h2 id="upcoming-title" safe>
          {t('events.mine.upcoming')}
        </h2>
        {upcoming.length === 0 ? (
          <p>
            <span safe>{`${t('events.mine.noneUpcoming')} `}</span>
            <a href="/events" safe>
              {t('events.mine.find')}
            </a>
          </p>
        ) : (
          <MemberEventTable id="upcoming-events" caption={t('events.mine.upcoming')} events={upcoming} />
        )}
      </section>
      {past.length > 0 ? (
        <section aria-labelledby="past-title">
          <h2 id="past-title" safe>
            {t('events.mine.past')}
          </h2>
          <MemberEventTable id="past-events" caption={t('events.mine.past')} events={past} />
        </section>
      ) : (
        ''
      )}
      <section aria-labelledby="calendar-title">
        <h2 id="calendar-title" safe>
          {t('events.mine.calendar.title')}
        </h2>
        <p safe>{t('events.mine.calendar.intro')}</p>
        {calendarUrl ? (
          <>
            <div class="field">
              <label for="calendar-address" safe>
                {t('events.mine.calendar.address')}
              </label>
              <p class="hint" id="calendar-address-hint" safe>
                {t('events.mine.calendar.secret')}
              </p>
              <input id="calendar-address" type="text" readonly value={calendarUrl} aria-describedby="calendar-address-hint" spellcheck="false" />
            </div>
            <form method="post" action="/settings/events/calendar-address">
              <CsrfField token={page.csrfToken} />
              <p class="hint" safe>
                {t('events.mine.calendar.renewHint')}
              </p>
              <Button kind="secondary" label={t('events.mine.calendar.renew')} />
            </form>
          </>
        ) : (
          <form method="post" action="/settings/events/calendar-address">
            <CsrfField token={page.csrfToken} />
            <Button label={t('events.mine.calendar.make')} />
          </form>
        )}
      </section>
    </Layout>
  );
}

// ---- On a group's page ----------------------------------------------------------------------

export function GroupEventsSection({
  groupSlug,
  events,
  more,
  addHref,
  calendarHref,
}: {
  groupSlug: string;
  events: EventCard[];
  more: boolean;
  /** Where a member adds an event for the group; null for those who may not. */
  addHref: string | null;
  calendarHref: string;
}) {
  return (
    <section aria-labelledby="group-events-title">
      <h2 id="group-events-title" safe>
        {t('events.group.title')}
      </h2>
      {events.length === 0 ? (
        <p safe>{t('events.group.none')}</p>
      ) : (
        <ul class="stack list-plain">
          {events.map((event) => (
            <li>
              <EventCardView event={event} />
            </li>
          ))}
        </ul>
      )}
      <p class="actions">
        {addHref ? (
          <a class="button button--secondary" href={addHref} safe>
            {t('events.group.add')}
          </a>
        ) : (
          ''
        )}
        <a href={`/events?group=${encodeURIComponent(groupSlug)}`} safe>
          {more ? t('events.group.allMore') : t('events.group.all')}
        </a>
        <a href={calendarHref} safe>
          {t('events.group.subscribe')}
        </a>
      </p>
    </section>
  );
}


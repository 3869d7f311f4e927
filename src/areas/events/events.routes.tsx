import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { t, tMaybe } from '../../i18n/i18n.ts';
import { requireViewer } from '../../web/app.tsx';
import type { FieldErrors } from '../../web/components.tsx';
import { pageContext, type Viewer } from '../../web/context.ts';
import { sendAtom, sendRss, type Feed, type FeedItem } from '../../web/feeds.ts';
import { parseForm } from '../../web/forms.ts';
import { rateLimited } from '../../web/limits.ts';
import { markdownToText, renderMarkdown } from '../../web/markdown.ts';
import { requestedFormat, sendCsv, sendJson, splitFormat, type Format } from '../../web/representations.ts';
import { conversationSection } from '../conversations/index.ts';
import { groupContentVisibleTo } from '../groups/groups.policy.ts';
import { eventSubject } from './event.subject.ts';
import { monthGrid, monthRange } from './events.calendar.ts';
import { attendEvent, cancelEvent, createEvent, renewCalendarToken, updateEvent, withdrawFromEvent, type Mail } from './events.commands.ts';
import { remindAttendees } from './events.reminders.ts';
import { calendarQuery, calendarTokenPattern, cancelForm, filtersQuery, listingFilters, listingQuery, parseEventForm, slugPattern } from './events.forms.ts';
import {
  calendarEvents,
  calendarTokenOf,
  calendarTokenOwner,
  eventFormValues,
  eventsBetween,
  findEvent,
  groupEvents,
  hostChoices,
  listEvents,
  memberEvents,
  type CalendarRow,
  type EventCard,
  type EventDetail,
} from './events.queries.ts';
import { eventListSchema, eventSchema, type EventSummaryJson } from './events.schemas.ts';
import { kindLabel, timeZoneLabel, whereText } from './events.text.ts';
import { addMonths, formatRange, localDay, localInputs, parseMonth, type Month } from './events.time.ts';
import { renderCalendar, type CalendarEntry } from './ical.ts';
import { eventPageParts, sessionRoutes } from './sessions.routes.tsx';
import { CalendarPage, CancelEventPage, EventFormPage, EventPage, GroupEventsSection, ListingPage, MyEventsPage, eventPath } from './events.views.tsx';

type SlugParams = { Params: { slug: string } };

const csvColumns = [
  'slug',
  'title',
  'kind',
  'starts_at',
  'ends_at',
  'time_zone',
  'local_start',
  'attendance',
  'venue',
  'place',
  'local_authority_code',
  'local_authority_name',
  'host',
  'group',
  'capacity',
  'going',
  'status',
  'tags',
  'url',
];
const feedSize = 100;

function html(reply: FastifyReply, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8');
}

function badQuery(reply: FastifyReply, errors: Record<string, string>) {
  const readable = Object.fromEntries(Object.entries(errors).map(([key, message]) => [key, tMaybe(message)]));
  return reply.code(400).send({ error: 'invalid-query', message: 'Some of the query parameters are not valid.', errors: readable });
}

function sendIcs(reply: FastifyReply, filename: string, body: string) {
  return reply.type('text/calendar; charset=utf-8').header('content-disposition', `inline; filename="${filename}.ics"`).send(body);
}

/** Anything about an event of a closed or secret group is for the viewer alone: no shared cache keeps it. */
function privateUnlessPublic(reply: FastifyReply, event: Pick<EventCard, 'group'>, viewer: Viewer | null) {
  if (event.group && event.group.visibility !== 'open') reply.header('cache-control', 'private, no-store');
  else if (viewer) reply.header('cache-control', 'private, no-cache');
}

export async function eventsArea(app: FastifyInstance) {
  app.subjects.register(eventSubject);
  const publicUrl = app.config.publicUrl;
  const mail = (): Mail => ({ mailer: app.mailer, context: { hubName: app.hub.name(), publicUrl } });
  const calendarHost = new URL(publicUrl).host;

  // The day-before reminders: every hour, for events starting within the next 24 hours. Running
  // it twice is harmless: each event is claimed once.
  app.jobs.define('event-reminders', async () => void (await remindAttendees(app)), { cron: '5 * * * *' });

  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    app.showMessage(request, reply, 404, { title: 'error.notFound.title', body: 'error.notFound.body' });
  const forbidden = (request: FastifyRequest, reply: FastifyReply) =>
    app.showMessage(request, reply, 403, { title: 'error.forbidden.title', body: 'error.forbidden.body' });

  // ---- Representations ----------------------------------------------------------------------

  const summaryJson = (event: EventCard): EventSummaryJson => {
    const start = localInputs(event.startsAt, event.timeZone);
    const end = localInputs(event.endsAt, event.timeZone);
    return {
      slug: event.slug,
      title: event.title,
      kind: event.kind,
      summary: event.summary,
      startsAt: event.startsAt.toISOString(),
      endsAt: event.endsAt.toISOString(),
      timeZone: event.timeZone,
      localStart: `${start.date}T${start.time}`,
      localEnd: `${end.date}T${end.time}`,
      attendance: event.attendance,
      venue: event.venue,
      address: event.address,
      place: event.place,
      localAuthority: event.localAuthority,
      tags: event.tags,
      host: { kind: event.host.kind, name: event.host.name, url: event.host.path ? `${publicUrl}${event.host.path}` : null },
      group: event.group ? { slug: event.group.slug, name: event.group.name, url: `${publicUrl}/groups/${event.group.slug}` } : null,
      capacity: event.capacity,
      goingCount: event.goingCount,
      placesLeft: event.capacity === null ? null : Math.max(0, event.capacity - event.goingCount),
      status: event.cancelled ? 'cancelled' : 'scheduled',
      url: `${publicUrl}${eventPath(event.slug)}`,
      icsUrl: `${publicUrl}${eventPath(event.slug)}.ics`,
    };
  };

  const detailJson = (event: EventDetail) => ({
    ...summaryJson(event),
    description: event.description,
    descriptionHtml: event.description ? renderMarkdown(event.description) : '',
    access: event.access,
    onlineUrl: event.onlineUrl || null,
    cancelReason: event.cancelled ? event.cancelReason : null,
    attendeeList: event.attendeeList,
    attendees: event.attendees ? event.attendees.map((p) => ({ ...p, url: `${publicUrl}/members/${p.handle}` })) : null,
    waitingCount: event.waitingCount,
    yourStatus: event.standing.status,
    youHost: event.canManage,
  });

  const entry = (event: CalendarRow | EventCard, description: string, onlineUrl: string): CalendarEntry => {
    const where = event.attendance === 'online' ? (onlineUrl ? `${t('events.where.online')}: ${onlineUrl}` : t('events.where.online')) : whereText(event);
    const text = [
      event.summary,
      description ? markdownToText(description) : '',
      onlineUrl ? `${t('events.email.join')} ${onlineUrl}` : '',
      `${t('events.email.page')} ${publicUrl}${eventPath(event.slug)}`,
    ].filter(Boolean);
    return {
      uid: `event-${event.id}@${calendarHost}`,
      sequence: event.sequence,
      start: event.startsAt,
      end: event.endsAt,
      created: event.createdAt,
      lastModified: event.updatedAt,
      summary: event.title,
      description: text.join('\n\n'),
      location: where,
      url: `${publicUrl}${eventPath(event.slug)}`,
      cancelled: event.cancelled,
      categories: event.tags,
    };
  };

  const feedItem = (event: EventCard): FeedItem => ({
    title: event.title,
    link: `${publicUrl}${eventPath(event.slug)}`,
    guid: `${publicUrl}${eventPath(event.slug)}`,
    published: event.createdAt,
    updated: event.updatedAt,
    summary: [
      event.cancelled ? t('events.cancelled.badge') : '',
      `${t(kindLabel(event.kind))} · ${formatRange(event.startsAt, event.endsAt, event.timeZone)} (${timeZoneLabel(event.timeZone)})`,
      whereText(event),
      event.summary,
    ]
      .filter(Boolean)
      .join('. '),
    author: event.host.name || null,
    categories: event.tags,
  });

  // ---- The list -----------------------------------------------------------------------------

  app.apiDocs.add({
    method: 'get',
    path: '/events.json',
    summary: 'List events',
    description:
      'Events the caller may see, 20 a page: upcoming ones (not yet over) soonest first, or past ones latest first. Joining links of online events are never in lists. Also as CSV (/events.csv); RSS (/events.rss), Atom (/events.atom) and iCalendar (/events.ics) carry only events everyone may see.',
    tag: 'Events',
    auth: 'optional',
    query: listingQuery,
    response: eventListSchema,
    alsoAs: ['text/csv', 'application/rss+xml', 'application/atom+xml', 'text/calendar'],
  });

  async function listing(request: FastifyRequest, reply: FastifyReply, suffix?: Format) {
    const format = requestedFormat(request, suffix);
    const parsed = parseForm(listingQuery, request.query ?? {});
    if (!parsed.ok) {
      if (format !== 'html') return badQuery(reply, parsed.errors);
      return app.showMessage(request, reply, 400, { title: 'events.badFilter.title', body: 'events.badFilter.body' });
    }
    const filters = listingFilters(parsed.data);
    const page = parsed.data.page ?? 1;
    const now = new Date();
    if (format === 'rss' || format === 'atom' || format === 'ics') {
      // Feed readers and calendar apps fetch without signing in and may share what they fetch.
      const { events } = await listEvents(app.db, null, filters, 1, now, feedSize);
      const title = `${t('events.title')} – ${app.hub.name()}`;
      if (format === 'ics') {
        return sendIcs(reply, 'events', renderCalendar({ name: title, description: t('events.feed.description', { hub: app.hub.name() }), entries: events.map((e) => entry(e, '', '')) }));
      }
      const query = new URLSearchParams(Object.entries(filtersQuery(filters)).filter((pair): pair is [string, string] => Boolean(pair[1]))).toString();
      const feed: Feed = {
        title,
        link: `${publicUrl}/events${query ? `?${query}` : ''}`,
        self: `${publicUrl}/events.${format}${query ? `?${query}` : ''}`,
        description: t('events.feed.description', { hub: app.hub.name() }),
        items: events.map(feedItem),
      };
      return format === 'rss' ? sendRss(reply, feed) : sendAtom(reply, feed);
    }
    const { events, hasNext } = await listEvents(app.db, request.viewer, filters, page, now);
    // The list depends on who asks (events of their groups), so it is never shared between people.
    if (request.viewer) reply.header('cache-control', 'private, no-store');
    if (format === 'json') {
      return sendJson(reply, eventListSchema, { events: events.map(summaryJson), page, nextPage: hasNext ? page + 1 : null });
    }
    if (format === 'csv') {
      return sendCsv(
        reply,
        'events',
        csvColumns,
        events.map((event) => {
          const json = summaryJson(event);
          return {
            ...json,
            starts_at: json.startsAt,
            ends_at: json.endsAt,
            time_zone: json.timeZone,
            local_start: json.localStart,
            local_authority_code: event.localAuthority?.code,
            local_authority_name: event.localAuthority?.name,
            host: event.host.name,
            group: event.group?.name ?? '',
            going: event.goingCount,
          };
        }),
      );
    }
    if (format !== 'html') return notFound(request, reply);
    return html(reply).send(<ListingPage page={pageContext(request, reply)} filters={filters} events={events} pageNumber={page} hasNext={hasNext} />);
  }

  app.get('/events', (request, reply) => listing(request, reply));
  for (const format of ['json', 'csv', 'rss', 'atom', 'ics'] as const) {
    app.get(`/events.${format}`, (request, reply) => listing(request, reply, format));
  }

  // ---- The month calendar -------------------------------------------------------------------

  app.get('/events/calendar', async (request, reply) => {
    const parsed = calendarQuery.safeParse(request.query ?? {});
    const now = new Date();
    const [year, monthNumber] = localDay(now, 'Europe/London').split('-').map(Number);
    const current: Month = { year: year!, month: monthNumber! };
    if (!parsed.success && parsed.error.issues.some((issue) => issue.path[0] !== 'month')) {
      return app.showMessage(request, reply, 400, { title: 'events.badFilter.title', body: 'events.badFilter.body' });
    }
    const month = parsed.success ? (parsed.data.month ? parseMonth(parsed.data.month) : current) : null;
    if (!parsed.success || !month) return app.showMessage(request, reply, 400, { title: 'events.badMonth.title', body: 'events.badMonth.body' });
    const { when: _when, ...filters } = listingFilters(parsed.data);
    const { from, to } = monthRange(month);
    const { events, more } = await eventsBetween(app.db, request.viewer, from, to, filters);
    const weeks = monthGrid(month, events, localDay(now, 'Europe/London'));
    const inMonth = events.filter((event) => weeks.some((week) => week.some((day) => day?.events.includes(event))));
    if (request.viewer) reply.header('cache-control', 'private, no-store');
    return html(reply).send(
      <CalendarPage
        page={pageContext(request, reply)}
        month={month}
        previous={addMonths(month, -1)}
        next={addMonths(month, 1)}
        weeks={weeks}
        events={inMonth}
        more={more}
        filters={filters}
      />,
    );
  });

  // ---- Making an event ----------------------------------------------------------------------

  async function hostOptions(viewer: Viewer) {
    const { organisations, groups } = await hostChoices(app.db, viewer.id);
    return { memberName: viewer.displayName, organisations, groups };
  }

  const newForm = async (request: FastifyRequest, reply: FastifyReply, status: number, values: Record<string, unknown>, errors?: FieldErrors) =>
    html(reply, status).send(
      <EventFormPage
        page={pageContext(request, reply)}
        title={t('events.new.title')}
        intro={t('events.new.intro')}
        action="/events/new"
        submit={t('events.new.submit')}
        cancel="/events"
        values={values}
        errors={errors}
        hosts={await hostOptions(request.viewer!)}
      />,
    );

  app.get('/events/new', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const query = (request.query ?? {}) as Record<string, unknown>;
    const host = typeof query.host === 'string' && /^(member|organisation:\d{1,15}|group:\d{1,15})$/.test(query.host) ? query.host : 'member';
    return newForm(request, reply, 200, { host, timeZone: 'Europe/London', attendeeList: 'attendees' });
  });

  app.post('/events/new', { config: rateLimited(app, 20, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const parsed = parseEventForm(request.body, { now: new Date() });
    if (!parsed.ok) return newForm(request, reply, 400, parsed.values, parsed.errors);
    const created = await createEvent(app.db, request.viewer, parsed.data);
    if (!created.ok) return newForm(request, reply, 400, request.body as Record<string, unknown>, { host: 'events.field.host.notAllowed' });
    reply.flash('success', t('events.new.done', { title: parsed.data.title }));
    return reply.redirect(eventPath(created.slug), 303);
  });

  // ---- One event ----------------------------------------------------------------------------

  app.apiDocs.add({
    method: 'get',
    path: '/events/{slug}.json',
    summary: 'One event',
    description:
      'Everything on the event page. The joining link of an online event is given only to those going and to its hosts; who is going, as its hosts chose. An event of a closed or secret group is "not found" for anyone who may not see the group’s content. Also as iCalendar at /events/{slug}.ics.',
    tag: 'Events',
    auth: 'optional',
    params: z.object({ slug: z.string().describe('The last part of the event’s address.') }),
    response: eventSchema,
    alsoAs: ['text/calendar'],
  });

  app.get<SlugParams>('/events/:slug', async (request, reply) => {
    const { name: slug, format: suffix } = splitFormat(request.params.slug);
    const format = requestedFormat(request, suffix);
    if (!slugPattern.test(slug) || (format !== 'html' && format !== 'json' && format !== 'ics')) return notFound(request, reply);
    const event = await findEvent(app.db, slug, request.viewer);
    if (!event) return notFound(request, reply);
    privateUnlessPublic(reply, event, request.viewer);
    const parts = format === 'ics' ? undefined : await eventPageParts(app, request, reply, event, format);
    if (format === 'json') return sendJson(reply, eventSchema, { ...detailJson(event), ...parts!.json });
    if (format === 'ics') {
      // A downloaded file lives on in a calendar app: it carries no joining link, which the
      // member's own calendar address gives to those going.
      return sendIcs(reply, event.slug, renderCalendar({ name: event.title, entries: [entry(event, event.description, '')] }));
    }
    const conversation = await conversationSection(app, request, reply, { type: 'event', id: event.id });
    return html(reply).send(
      <EventPage
        page={pageContext(request, reply)}
        event={event}
        over={event.endsAt.getTime() <= Date.now()}
        conversation={conversation}
        sessions={parts!.sessions}
        hostLinks={parts!.hostLinks}
        cameOfIt={parts!.cameOfIt}
      />,
    );
  });

  /** The event of the route as this signed-in viewer sees it; otherwise the reply is already sent. */
  async function forViewer(request: FastifyRequest<SlugParams>, reply: FastifyReply): Promise<EventDetail | undefined> {
    if (!requireViewer(request, reply)) return undefined;
    const event = slugPattern.test(request.params.slug) ? await findEvent(app.db, request.params.slug, request.viewer) : undefined;
    if (!event) notFound(request, reply);
    else privateUnlessPublic(reply, event, request.viewer);
    return event;
  }

  async function hosted(request: FastifyRequest<SlugParams>, reply: FastifyReply): Promise<EventDetail | undefined> {
    const event = await forViewer(request, reply);
    if (!event) return undefined;
    if (!event.canManage) {
      forbidden(request, reply);
      return undefined;
    }
    if (event.cancelled) {
      reply.flash('info', t('events.host.cancelledNote'));
      reply.redirect(eventPath(event.slug), 303);
      return undefined;
    }
    return event;
  }

  // ---- Editing and cancelling ---------------------------------------------------------------

  const editForm = (request: FastifyRequest, reply: FastifyReply, event: EventDetail, status: number, values: Record<string, unknown>, errors?: FieldErrors) =>
    html(reply, status).send(
      <EventFormPage
        page={pageContext(request, reply)}
        title={t('events.edit.title', { title: event.title })}
        intro={t('events.edit.intro')}
        action={`${eventPath(event.slug)}/edit`}
        submit={t('events.edit.submit')}
        cancel={eventPath(event.slug)}
        values={values}
        errors={errors}
        fixedHost={event.host.name || t('events.host.former')}
      />,
    );

  app.get<SlugParams>('/events/:slug/edit', async (request, reply) => {
    const event = await hosted(request, reply);
    if (!event) return reply;
    return editForm(request, reply, event, 200, await eventFormValues(app.db, event.id));
  });

  app.post<SlugParams>('/events/:slug/edit', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
    const event = await hosted(request, reply);
    if (!event) return reply;
    const parsed = parseEventForm(request.body, { now: new Date(), savedStart: event.startsAt });
    if (!parsed.ok) return editForm(request, reply, event, 400, parsed.values, parsed.errors);
    const result = await updateEvent(app.db, mail(), event.id, parsed.data);
    if (!result.ok) return notFound(request, reply);
    reply.flash('success', t(result.told === 0 ? 'events.edit.done' : result.told === 1 ? 'events.edit.doneTold.one' : 'events.edit.doneTold', { count: result.told }));
    if (result.promoted > 0) reply.flash('info', t(result.promoted === 1 ? 'events.edit.promoted.one' : 'events.edit.promoted', { count: result.promoted }));
    return reply.redirect(eventPath(event.slug), 303);
  });

  /** An event that is over stays as it was: there is nobody left to tell it is off. */
  function overAlready(reply: FastifyReply, event: EventDetail) {
    if (event.endsAt.getTime() > Date.now()) return false;
    reply.flash('info', t('events.over'));
    reply.redirect(eventPath(event.slug), 303);
    return true;
  }

  app.get<SlugParams>('/events/:slug/cancel', async (request, reply) => {
    const event = await hosted(request, reply);
    if (!event || overAlready(reply, event)) return reply;
    return html(reply).send(<CancelEventPage page={pageContext(request, reply)} event={event} />);
  });

  app.post<SlugParams>('/events/:slug/cancel', { config: rateLimited(app, 20, '1 hour') }, async (request, reply) => {
    const event = await hosted(request, reply);
    if (!event || overAlready(reply, event)) return reply;
    const parsed = parseForm(cancelForm, request.body);
    if (!parsed.ok) return html(reply, 400).send(<CancelEventPage page={pageContext(request, reply)} event={event} values={parsed.values} errors={parsed.errors} />);
    const result = await cancelEvent(app.db, mail(), event.id, request.viewer!.id, parsed.data.reason);
    if (!result.ok) return notFound(request, reply);
    reply.flash('success', t(result.told === 0 ? 'events.cancel.done.none' : result.told === 1 ? 'events.cancel.done.one' : 'events.cancel.done', { count: result.told }));
    return reply.redirect(eventPath(event.slug), 303);
  });

  // ---- Going, waiting and giving up a place -------------------------------------------------

  app.post<SlugParams>('/events/:slug/attend', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
    const event = await forViewer(request, reply);
    if (!event) return reply;
    const result = await attendEvent(app.db, event.id, request.viewer!.id);
    if (result.ok) {
      if (result.status === 'going') reply.flash('success', t('events.attend.done', { title: event.title }));
      else reply.flash('info', t('events.attend.waiting', { title: event.title, position: result.position }));
    } else if (result.error === 'not-found') {
      return notFound(request, reply);
    } else {
      reply.flash('info', t(`events.attend.error.${result.error}`));
    }
    return reply.redirect(eventPath(event.slug), 303);
  });

  app.post<SlugParams>('/events/:slug/withdraw', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
    const event = await forViewer(request, reply);
    if (!event) return reply;
    const result = await withdrawFromEvent(app.db, mail(), event.id, request.viewer!.id);
    if (result.ok) reply.flash('success', t(result.was === 'going' ? 'events.withdraw.done' : 'events.withdraw.waitingDone', { title: event.title }));
    else if (result.error === 'not-listed') reply.flash('info', t('events.withdraw.notListed'));
    else return notFound(request, reply);
    return reply.redirect(eventPath(event.slug), 303);
  });

  // ---- Calendars for calendar apps ----------------------------------------------------------

  /**
   * A group's events as iCalendar, for those who may see its content. Calendar apps cannot sign
   * in, so a member may add their own calendar key (`?key=`) to follow a closed or secret group.
   */
  app.get<SlugParams>('/groups/:slug/events.ics', async (request, reply) => {
    const { slug } = request.params;
    const key = (request.query as Record<string, unknown> | undefined)?.key;
    let viewer = request.viewer;
    if (typeof key === 'string' && key !== '') {
      viewer = calendarTokenPattern.test(key) ? await calendarTokenOwner(app.db, key) : null;
      if (!viewer) return notFound(request, reply);
      reply.header('referrer-policy', 'no-referrer');
    }
    if (!slugPattern.test(slug)) return notFound(request, reply);
    const group = await app.db
      .selectFrom('groups')
      .select(['groups.id', 'groups.name', 'groups.visibility'])
      .where('groups.slug', '=', slug)
      .where(groupContentVisibleTo(viewer))
      .executeTakeFirst();
    if (!group) return notFound(request, reply);
    if (group.visibility !== 'open' || viewer) reply.header('cache-control', 'private, no-store');
    const rows = await calendarEvents(app.db, { kind: 'group', groupId: group.id, viewer }, new Date());
    return sendIcs(reply, `${slug}-events`, renderCalendar({ name: `${group.name} – ${app.hub.name()}`, entries: rows.map((row) => entry(row, row.description, '')) }));
  });

  /** A member's own calendar: what they are going to or host, read with its secret address. */
  app.get<{ Params: { token: string } }>('/calendar/:token', async (request, reply) => {
    reply.header('cache-control', 'private, no-store').header('referrer-policy', 'no-referrer');
    const { name: token, format } = splitFormat(request.params.token);
    if (format !== 'ics' || !calendarTokenPattern.test(token)) return notFound(request, reply);
    const owner = await calendarTokenOwner(app.db, token);
    if (!owner) return notFound(request, reply);
    const rows = await calendarEvents(app.db, { kind: 'member', viewer: owner }, new Date());
    return sendIcs(
      reply,
      'my-events',
      renderCalendar({ name: t('events.mine.calendar.name', { hub: app.hub.name() }), entries: rows.map((row) => entry(row, row.description, row.onlineUrl)) }),
    );
  });

  // ---- A member's own events ----------------------------------------------------------------

  app.get('/settings/events', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    reply.header('cache-control', 'private, no-store');
    const { upcoming, past } = await memberEvents(app.db, request.viewer, new Date());
    const token = await calendarTokenOf(app.db, request.viewer.id);
    return html(reply).send(
      <MyEventsPage page={pageContext(request, reply)} upcoming={upcoming} past={past} calendarUrl={token ? `${publicUrl}/calendar/${token}.ics` : null} />,
    );
  });

  // Sessions, the schedule, notes and outcomes, and what came of an event.
  await sessionRoutes(app);

  app.post('/settings/events/calendar-address', { config: rateLimited(app, 20, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const had = (await calendarTokenOf(app.db, request.viewer.id)) !== null;
    await renewCalendarToken(app.db, request.viewer.id);
    reply.flash('success', t(had ? 'events.mine.calendar.renewed' : 'events.mine.calendar.made'));
    return reply.redirect('/settings/events#calendar-title', 303);
  });
}

/**
 * The group's next events for its page, rendered by this area: the groups area calls it for
 * those who may see the group's content; the events themselves still pass eventVisibleTo.
 */
export async function groupEventsSection(
  app: FastifyInstance,
  viewer: Viewer | null,
  group: { id: number; slug: string; visibility: 'open' | 'closed' | 'secret'; standing: { status: string } | null },
): Promise<JSX.Element> {
  const { events, more } = await groupEvents(app.db, viewer, group.id, new Date());
  const member = group.standing?.status === 'active';
  let calendarHref = `/groups/${group.slug}/events.ics`;
  if (group.visibility !== 'open' && viewer) {
    const token = await calendarTokenOf(app.db, viewer.id);
    calendarHref = token ? `${calendarHref}?key=${token}` : '/settings/events#calendar-title';
  }
  return <GroupEventsSection groupSlug={group.slug} events={events} more={more} addHref={member ? `/events/new?host=group:${group.id}` : null} calendarHref={calendarHref} />;
}

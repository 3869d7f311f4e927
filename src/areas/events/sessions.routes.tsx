import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { EventLinkType } from '../../db/schema.ts';
import { t, type MessageKey } from '../../i18n/i18n.ts';
import { requireViewer } from '../../web/app.tsx';
import type { FieldErrors, FormValues } from '../../web/components.tsx';
import { pageContext, type Viewer } from '../../web/context.ts';
import { parseForm } from '../../web/forms.ts';
import { rateLimited } from '../../web/limits.ts';
import { sendCsv, sendJson } from '../../web/representations.ts';
import { createPage } from '../knowledge/knowledge.commands.ts';
import { titleMax } from '../knowledge/knowledge.forms.ts';
import { fromEventField, mayWriteForEvent } from './events.origin.tsx';
import { findEvent, type EventDetail } from './events.queries.ts';
import { slugPattern } from './events.forms.ts';
import { timeZoneLabel, whereText } from './events.text.ts';
import { localInputs } from './events.time.ts';
import { renderCalendar, type CalendarEntry } from './ical.ts';
import { eventPath } from './events.views.tsx';
import {
  addOutcome,
  addRoom,
  addSlots,
  clearSchedule,
  declineSession,
  fillScheduleFromVotes,
  linkNotes,
  linkToEvent,
  mergeSessions,
  placeSession,
  proposeSession,
  removeOutcome,
  removeRoom,
  removeSlot,
  reopenSession,
  saveSessionSettings,
  unlinkFromEvent,
  updateRoom,
  updateSession,
  voteForSession,
  withdrawSession,
  withdrawVote,
} from './sessions.commands.ts';
import {
  declineForm,
  idPattern,
  mergeForm,
  outcomeForm,
  parseCell,
  parseLinkChoice,
  parseSlotForm,
  roomForm,
  sessionForm,
  settingsForm,
  settingsInput,
  type SessionInput,
} from './sessions.forms.ts';
import {
  canChangeSession,
  canContribute,
  canRemoveContribution,
  canSeeDeclined,
  takesPart,
  whyNotTakingPart,
  type ClosedReason,
  type SessionSettings,
} from './sessions.policy.ts';
import { findSession, linksOf, listSessions, outcomesOf, ownItems, roomsOf, sessionSettings, slotsOf, votesUsed, type Room, type SessionItem } from './sessions.queries.ts';
import { leaderClashes } from './sessions.schedule.ts';
import { scheduleChanged, tellSessionDecisions } from './sessions.notices.ts';
import { cameOfItSchema, scheduleSchema, sessionListSchema, type SessionJson } from './sessions.schemas.ts';
import {
  CameOfItSection,
  DeclinePage,
  EventSessionsSection,
  HostSessionLinks,
  LinksPage,
  MergePage,
  RoomEditPage,
  ScheduleEditPage,
  SchedulePage,
  SessionFormPage,
  SessionPage,
  SessionsPage,
  SettingsPage,
  WithdrawPage,
  schedulePath,
  sessionPath,
  sessionsPath,
  slotLabel,
  type CameOfItItem,
  type CameOfItStarts,
  type NotesState,
} from './sessions.views.tsx';

type SlugParams = { Params: { slug: string } };
type SessionParams = { Params: { slug: string; id: string } };

function html(reply: FastifyReply, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8');
}

/** Anything about an event of a closed or secret group is for the viewer alone: no shared cache keeps it. */
function cacheFor(reply: FastifyReply, event: EventDetail, viewer: Viewer | null) {
  if (event.group && event.group.visibility !== 'open') reply.header('cache-control', 'private, no-store');
  else if (viewer) reply.header('cache-control', 'private, no-cache');
}

const closedMessage: Record<ClosedReason, MessageKey> = {
  'sign-in': 'sessions.closed.sign-in',
  'not-going': 'sessions.closed.not-going',
  cancelled: 'sessions.closed.cancelled',
  over: 'sessions.closed.over',
  closed: 'sessions.closed.closed',
};

/**
 * Sessions, the schedule, notes and outcomes, and what came of an event: the routes under
 * /events/:slug/sessions, /events/:slug/schedule and /events/:slug/links. Each first finds the
 * event as the viewer may see it (findEvent, through eventVisibleTo), so none of them says more
 * about an event than its own page does.
 */
export async function sessionRoutes(app: FastifyInstance) {
  const publicUrl = app.config.publicUrl;
  const calendarHost = new URL(publicUrl).host;
  const notFound = (request: FastifyRequest, reply: FastifyReply) => app.showMessage(request, reply, 404, { title: 'error.notFound.title', body: 'error.notFound.body' });
  const forbidden = (request: FastifyRequest, reply: FastifyReply) =>
    app.showMessage(request, reply, 403, { title: 'error.forbidden.title', body: 'error.forbidden.body' });

  // Proposers and voters hear what the hosts decided a few minutes after their last change
  // (sessions.notices.ts); every minute, the events whose hosts have stopped are told.
  app.jobs.define('session-decisions', async () => void (await tellSessionDecisions(app)), { cron: '* * * * *' });
  /** After a decision about sessions or the schedule: their people will be told. */
  const changed = (event: EventDetail, viewer: Viewer) => scheduleChanged(app.db, event.id, viewer.id);

  // ---- Finding the event and the session --------------------------------------------------------

  interface Found {
    event: EventDetail;
    settings: SessionSettings;
  }

  /** The event as the viewer may see it, with sessions on; otherwise the 404 is already sent. */
  async function withSessions(request: FastifyRequest<SlugParams>, reply: FastifyReply, options: { evenIfOff?: boolean } = {}): Promise<Found | undefined> {
    const slug = request.params.slug;
    const event = slugPattern.test(slug) ? await findEvent(app.db, slug, request.viewer) : undefined;
    if (!event) {
      notFound(request, reply);
      return undefined;
    }
    cacheFor(reply, event, request.viewer);
    const settings = await sessionSettings(app.db, event);
    if (!settings.enabled && !(options.evenIfOff && event.canManage)) {
      notFound(request, reply);
      return undefined;
    }
    return { event, settings };
  }

  /** For hosts only, and not on a cancelled event. */
  async function hosting(request: FastifyRequest<SlugParams>, reply: FastifyReply, options: { evenIfOff?: boolean } = {}): Promise<Found | undefined> {
    if (!requireViewer(request, reply)) return undefined;
    const found = await withSessions(request, reply, options);
    if (!found) return undefined;
    if (!found.event.canManage) {
      forbidden(request, reply);
      return undefined;
    }
    if (found.event.cancelled) {
      reply.flash('info', t('events.host.cancelledNote'));
      reply.redirect(eventPath(found.event.slug), 303);
      return undefined;
    }
    return found;
  }

  /** The session of the route as the viewer may see it (a declined one only for its proposer and the hosts). */
  async function withSession(request: FastifyRequest<SessionParams>, reply: FastifyReply, found: Found): Promise<SessionItem | undefined> {
    const id = request.params.id;
    const session = idPattern.test(id) ? await findSession(app.db, request.viewer, found.event.id, Number(id)) : undefined;
    if (!session || (session.status === 'declined' && !canSeeDeclined(request.viewer, found.event, session))) {
      notFound(request, reply);
      return undefined;
    }
    return session;
  }

  const back = (request: FastifyRequest, event: EventDetail, sessionId: number) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    return body.back === 'session' ? sessionPath(event.slug, sessionId) : `${sessionsPath(event.slug)}#proposed-title`;
  };

  // ---- Representations --------------------------------------------------------------------------

  const eventRef = (event: EventDetail) => ({ slug: event.slug, title: event.title, url: `${publicUrl}${eventPath(event.slug)}`, timeZone: event.timeZone });
  const local = (instant: Date, zone: string) => {
    const parts = localInputs(instant, zone);
    return `${parts.date}T${parts.time}`;
  };

  /** Addresses of the notes pages the viewer may read, asked of the knowledge area through the subject registry. */
  async function notesUrls(viewer: Viewer | null, sessions: SessionItem[]): Promise<Map<number, { title: string; url: string }>> {
    const ids = [...new Set(sessions.map((s) => s.notesPageId).filter((id): id is number => id !== null))];
    const result = new Map<number, { title: string; url: string }>();
    if (ids.length === 0 || !app.subjects.has('knowledge-page')) return result;
    const pages = app.subjects.get('knowledge-page');
    const visible = [...(await pages.visibleIds(app.db, viewer, ids))];
    for (const [id, summary] of await pages.describe(app.db, visible)) result.set(id, summary);
    return result;
  }

  const sessionJson = (event: EventDetail, session: SessionItem, notes: Map<number, { url: string }>, outcomes: string[]): SessionJson => ({
    id: session.id,
    title: session.title,
    description: session.description,
    leader: session.leader,
    format: session.format,
    status: session.status,
    declineReason: session.status === 'declined' ? session.declineReason : null,
    mergedInto: session.mergedInto?.id ?? null,
    votes: session.votes,
    youVoted: session.youVoted,
    proposedBy: session.proposedBy ? { ...session.proposedBy, url: `${publicUrl}/members/${session.proposedBy.handle}` } : null,
    url: `${publicUrl}${sessionPath(event.slug, session.id)}`,
    scheduled: session.placement
      ? {
          roomId: session.placement.roomId,
          room: session.placement.roomName,
          slotId: session.placement.slotId,
          startsAt: session.placement.startsAt.toISOString(),
          endsAt: session.placement.endsAt.toISOString(),
          localStart: local(session.placement.startsAt, event.timeZone),
          localEnd: local(session.placement.endsAt, event.timeZone),
        }
      : null,
    notesUrl: session.notesPageId !== null && notes.has(session.notesPageId) ? `${publicUrl}${notes.get(session.notesPageId)!.url}` : null,
    outcomes,
    createdAt: session.createdAt.toISOString(),
  });

  /** What the viewer may see of an event's sessions: declined proposals only for their proposers and the hosts. */
  async function visibleSessionsOf(viewer: Viewer | null, event: EventDetail) {
    const all = await listSessions(app.db, viewer, event.id);
    return all.filter((session) => session.status !== 'declined' || canSeeDeclined(viewer, event, session));
  }

  // ---- The list of sessions ---------------------------------------------------------------------

  const slugParam = z.object({ slug: z.string().describe('The last part of the event’s address.') });

  app.apiDocs.add({
    method: 'get',
    path: '/events/{slug}/sessions.json',
    summary: 'Sessions proposed for an event',
    description:
      'For open conferences, knowledge jams and other events whose hosts take proposals: the sessions those going have proposed, most voted first, with where and when each happens once it is in the schedule. Declined proposals are listed only for their proposers and the hosts. "Not found" for an event the caller may not see, or one without proposals. Also as CSV (/events/{slug}/sessions.csv).',
    tag: 'Events',
    auth: 'optional',
    params: slugParam,
    response: sessionListSchema,
    alsoAs: ['text/csv'],
  });

  async function sessionList(request: FastifyRequest<SlugParams>, reply: FastifyReply, format: 'html' | 'json' | 'csv') {
    const found = await withSessions(request, reply);
    if (!found) return reply;
    const { event, settings } = found;
    const viewer = request.viewer;
    const sessions = await visibleSessionsOf(viewer, event);
    const reason = whyNotTakingPart(viewer, event, settings);
    const used = viewer && takesPart(event) ? await votesUsed(app.db, event.id, viewer.id) : null;
    if (format === 'html') {
      return html(reply).send(<SessionsPage page={pageContext(request, reply)} event={event} settings={settings} sessions={sessions} reason={reason} used={used} />);
    }
    if (format === 'csv') {
      return sendCsv(
        reply,
        `${event.slug}-sessions`,
        ['id', 'title', 'format', 'leader', 'votes', 'status', 'room', 'local_start', 'local_end', 'starts_at', 'ends_at', 'proposed_by', 'url'],
        sessions.map((session) => ({
          id: session.id,
          title: session.title,
          format: session.format,
          leader: session.leader,
          votes: session.votes,
          status: session.status,
          room: session.placement?.roomName ?? '',
          local_start: session.placement ? local(session.placement.startsAt, event.timeZone) : '',
          local_end: session.placement ? local(session.placement.endsAt, event.timeZone) : '',
          starts_at: session.placement?.startsAt,
          ends_at: session.placement?.endsAt,
          proposed_by: session.proposedBy?.name ?? '',
          url: `${publicUrl}${sessionPath(event.slug, session.id)}`,
        })),
      );
    }
    const [notes, outcomes] = await Promise.all([
      notesUrls(viewer, sessions),
      outcomesOf(
        app.db,
        viewer,
        sessions.map((s) => s.id),
      ),
    ]);
    return sendJson(reply, sessionListSchema, {
      event: eventRef(event),
      proposalsOpen: settings.proposalsOpen,
      voteLimit: settings.voteLimit,
      yourVotes: used,
      sessions: sessions.map((session) =>
        sessionJson(
          event,
          session,
          notes,
          (outcomes.get(session.id) ?? []).map((o) => o.body),
        ),
      ),
    });
  }

  app.get<SlugParams>('/events/:slug/sessions', (request, reply) => sessionList(request, reply, 'html'));
  app.get<SlugParams>('/events/:slug/sessions.json', (request, reply) => sessionList(request, reply, 'json'));
  app.get<SlugParams>('/events/:slug/sessions.csv', (request, reply) => sessionList(request, reply, 'csv'));

  // ---- Proposing --------------------------------------------------------------------------------

  /** The viewer may propose and vote now; otherwise the page says why. */
  function mayTakePart(request: FastifyRequest, reply: FastifyReply, found: Found): boolean {
    const reason = whyNotTakingPart(request.viewer, found.event, found.settings);
    if (reason === null) return true;
    app.showMessage(request, reply, 403, { title: 'sessions.cannot.title', body: closedMessage[reason] });
    return false;
  }

  const proposeForm = (request: FastifyRequest, reply: FastifyReply, event: EventDetail, status: number, values: FormValues, errors?: FieldErrors) =>
    html(reply, status).send(
      <SessionFormPage
        page={pageContext(request, reply)}
        event={event}
        mode="new"
        action={`${sessionsPath(event.slug)}/new`}
        cancel={sessionsPath(event.slug)}
        values={values}
        errors={errors}
      />,
    );

  app.get<SlugParams>('/events/:slug/sessions/new', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const found = await withSessions(request, reply);
    if (!found || !mayTakePart(request, reply, found)) return reply;
    return proposeForm(request, reply, found.event, 200, { leader: request.viewer.displayName, format: 'discussion' });
  });

  const refusalFlash = (reply: FastifyReply, error: string) => {
    const key = (
      {
        off: 'sessions.closed.closed',
        cancelled: 'sessions.closed.cancelled',
        over: 'sessions.closed.over',
        closed: 'sessions.closed.closed',
      } as Record<string, MessageKey>
    )[error];
    reply.flash('info', t(key ?? 'sessions.closed.closed'));
  };

  app.post<SlugParams>('/events/:slug/sessions/new', { config: rateLimited(app, 30, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const found = await withSessions(request, reply);
    if (!found || !mayTakePart(request, reply, found)) return reply;
    const { event } = found;
    const parsed = parseForm(sessionForm, request.body);
    if (!parsed.ok) return proposeForm(request, reply, event, 400, parsed.values, parsed.errors);
    const input: SessionInput = { ...parsed.data, leader: parsed.data.leader || request.viewer.displayName };
    const result = await proposeSession(app.db, event.id, request.viewer.id, input);
    if (!result.ok) {
      if (result.error === 'not-found') return notFound(request, reply);
      if (result.error === 'event-full' || result.error === 'too-many') {
        return proposeForm(request, reply, event, 400, request.body as FormValues, { _form: `sessions.error.${result.error}` });
      }
      refusalFlash(reply, result.error);
      return reply.redirect(sessionsPath(event.slug), 303);
    }
    reply.flash('success', t('sessions.new.done', { title: input.title }));
    return reply.redirect(sessionPath(event.slug, result.id), 303);
  });

  // ---- One session ------------------------------------------------------------------------------

  /** Whether the viewer may write in the wiki the session's notes go in: the knowledge area's own rule. */
  const mayWriteNotes = (viewer: Viewer, event: EventDetail) => mayWriteForEvent(app.db, viewer, event);

  async function sessionPage(request: FastifyRequest, reply: FastifyReply, found: Found, session: SessionItem, status = 200, values?: FormValues, errors?: FieldErrors) {
    const { event, settings } = found;
    const viewer = request.viewer;
    const [notesPages, outcomes] = await Promise.all([notesUrls(viewer, [session]), outcomesOf(app.db, viewer, [session.id])]);
    const contributes = canContribute(viewer, event);
    const notesPage = session.notesPageId !== null ? (notesPages.get(session.notesPageId) ?? null) : null;
    const writer = contributes && viewer ? await mayWriteNotes(viewer, event) : false;
    const notes: NotesState = {
      page: notesPage,
      canStart: session.notesPageId === null && session.placement !== null && session.status === 'proposed' && writer,
      cannotWrite: contributes && !writer,
    };
    const list = outcomes.get(session.id) ?? [];
    return html(reply, status).send(
      <SessionPage
        page={pageContext(request, reply)}
        event={event}
        session={session}
        reason={whyNotTakingPart(viewer, event, settings)}
        canChange={canChangeSession(viewer, event, session)}
        notes={notes}
        outcomes={list}
        canContribute={contributes}
        removableOutcomes={new Set(list.filter((o) => canRemoveContribution(viewer, event, o.addedById)).map((o) => o.id))}
        values={values}
        errors={errors}
      />,
    );
  }

  app.get<SessionParams>('/events/:slug/sessions/:id', async (request, reply) => {
    const found = await withSessions(request, reply);
    if (!found) return reply;
    const session = await withSession(request, reply, found);
    if (!session) return reply;
    return sessionPage(request, reply, found, session);
  });

  /** The session, for whoever proposed it and the hosts. */
  async function changeable(request: FastifyRequest<SessionParams>, reply: FastifyReply): Promise<(Found & { session: SessionItem }) | undefined> {
    if (!requireViewer(request, reply)) return undefined;
    const found = await withSessions(request, reply);
    if (!found) return undefined;
    const session = await withSession(request, reply, found);
    if (!session) return undefined;
    if (!canChangeSession(request.viewer, found.event, session)) {
      forbidden(request, reply);
      return undefined;
    }
    return { ...found, session };
  }

  const editForm = (request: FastifyRequest, reply: FastifyReply, event: EventDetail, session: SessionItem, status: number, values: FormValues, errors?: FieldErrors) =>
    html(reply, status).send(
      <SessionFormPage
        page={pageContext(request, reply)}
        event={event}
        mode="edit"
        action={`${sessionPath(event.slug, session.id)}/edit`}
        cancel={sessionPath(event.slug, session.id)}
        values={values}
        errors={errors}
      />,
    );

  app.get<SessionParams>('/events/:slug/sessions/:id/edit', async (request, reply) => {
    const found = await changeable(request, reply);
    if (!found) return reply;
    const { session } = found;
    if (session.status === 'merged') return notFound(request, reply);
    return editForm(request, reply, found.event, session, 200, { title: session.title, description: session.description, leader: session.leader, format: session.format });
  });

  app.post<SessionParams>('/events/:slug/sessions/:id/edit', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
    const found = await changeable(request, reply);
    if (!found) return reply;
    const { event, session } = found;
    if (session.status === 'merged') return notFound(request, reply);
    const parsed = parseForm(sessionForm, request.body);
    if (!parsed.ok) return editForm(request, reply, event, session, 400, parsed.values, parsed.errors);
    const input: SessionInput = { ...parsed.data, leader: parsed.data.leader || session.proposedBy?.name || '' };
    if (!(await updateSession(app.db, event.id, session.id, input))) return notFound(request, reply);
    reply.flash('success', t('sessions.edit.done'));
    return reply.redirect(sessionPath(event.slug, session.id), 303);
  });

  app.get<SessionParams>('/events/:slug/sessions/:id/withdraw', async (request, reply) => {
    const found = await changeable(request, reply);
    if (!found) return reply;
    return html(reply).send(<WithdrawPage page={pageContext(request, reply)} event={found.event} session={found.session} />);
  });

  app.post<SessionParams>('/events/:slug/sessions/:id/withdraw', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
    const found = await changeable(request, reply);
    if (!found) return reply;
    if (!(await withdrawSession(app.db, found.event.id, found.session.id))) return notFound(request, reply);
    reply.flash('success', t('sessions.withdraw.done', { title: found.session.title }));
    return reply.redirect(sessionsPath(found.event.slug), 303);
  });

  // ---- Hosts deciding about proposals -----------------------------------------------------------

  async function hostedSession(request: FastifyRequest<SessionParams>, reply: FastifyReply, status: 'proposed' | 'declined' = 'proposed') {
    const found = await hosting(request, reply);
    if (!found) return undefined;
    const session = await withSession(request, reply, found);
    if (!session) return undefined;
    if (session.status !== status) {
      notFound(request, reply);
      return undefined;
    }
    return { ...found, session };
  }

  app.get<SessionParams>('/events/:slug/sessions/:id/decline', async (request, reply) => {
    const found = await hostedSession(request, reply);
    if (!found) return reply;
    return html(reply).send(<DeclinePage page={pageContext(request, reply)} event={found.event} session={found.session} />);
  });

  app.post<SessionParams>('/events/:slug/sessions/:id/decline', { config: rateLimited(app, 120, '1 hour') }, async (request, reply) => {
    const found = await hostedSession(request, reply);
    if (!found) return reply;
    const { event, session } = found;
    const parsed = parseForm(declineForm, request.body);
    if (!parsed.ok) return html(reply, 400).send(<DeclinePage page={pageContext(request, reply)} event={event} session={session} values={parsed.values} errors={parsed.errors} />);
    if (!(await declineSession(app.db, event.id, session.id, parsed.data.reason))) return notFound(request, reply);
    await changed(event, request.viewer!);
    reply.flash('success', t('sessions.decline.done', { title: session.title }));
    return reply.redirect(sessionsPath(event.slug), 303);
  });

  app.post<SessionParams>('/events/:slug/sessions/:id/reopen', { config: rateLimited(app, 120, '1 hour') }, async (request, reply) => {
    const found = await hostedSession(request, reply, 'declined');
    if (!found) return reply;
    if (!(await reopenSession(app.db, found.event.id, found.session.id))) return notFound(request, reply);
    await changed(found.event, request.viewer!);
    reply.flash('success', t('sessions.reopen.done', { title: found.session.title }));
    return reply.redirect(sessionPath(found.event.slug, found.session.id), 303);
  });

  const mergePage = async (request: FastifyRequest, reply: FastifyReply, found: Found & { session: SessionItem }, status: number, values?: FormValues, errors?: FieldErrors) => {
    const others = (await listSessions(app.db, request.viewer, found.event.id)).filter((s) => s.status === 'proposed' && s.id !== found.session.id);
    return html(reply, status).send(<MergePage page={pageContext(request, reply)} event={found.event} session={found.session} others={others} values={values} errors={errors} />);
  };

  app.get<SessionParams>('/events/:slug/sessions/:id/merge', async (request, reply) => {
    const found = await hostedSession(request, reply);
    if (!found) return reply;
    return mergePage(request, reply, found, 200);
  });

  app.post<SessionParams>('/events/:slug/sessions/:id/merge', { config: rateLimited(app, 120, '1 hour') }, async (request, reply) => {
    const found = await hostedSession(request, reply);
    if (!found) return reply;
    const { event, session } = found;
    const parsed = parseForm(mergeForm, request.body);
    if (!parsed.ok) return mergePage(request, reply, found, 400, parsed.values, parsed.errors);
    const result = await mergeSessions(app.db, event.id, session.id, parsed.data.into);
    if (!result.ok) return mergePage(request, reply, found, 400, request.body as FormValues, { into: 'sessions.merge.into.required' });
    await changed(event, request.viewer!);
    const target = await findSession(app.db, request.viewer, event.id, parsed.data.into);
    reply.flash('success', t('sessions.merge.done', { title: session.title, into: target?.title ?? '' }));
    return reply.redirect(sessionPath(event.slug, parsed.data.into), 303);
  });

  // ---- Votes ------------------------------------------------------------------------------------

  app.post<SessionParams>('/events/:slug/sessions/:id/vote', { config: rateLimited(app, 300, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const found = await withSessions(request, reply);
    if (!found) return reply;
    const session = await withSession(request, reply, found);
    if (!session) return reply;
    const { event } = found;
    const reason = whyNotTakingPart(request.viewer, event, found.settings);
    if (reason !== null) {
      reply.flash('info', t(closedMessage[reason]));
      return reply.redirect(back(request, event, session.id), 303);
    }
    const result = await voteForSession(app.db, event.id, session.id, request.viewer.id);
    if (result.ok) {
      reply.flash(
        'success',
        result.limit === null ? t('sessions.vote.done', { title: session.title }) : t('sessions.vote.doneLimited', { title: session.title, used: result.used, limit: result.limit }),
      );
    } else if (result.error === 'not-found') {
      return notFound(request, reply);
    } else if (result.error === 'already') {
      reply.flash('info', t('sessions.vote.already', { title: session.title }));
    } else if (result.error === 'limit') {
      reply.flash('warning', t('sessions.vote.limit', { limit: found.settings.voteLimit ?? 0 }));
    } else {
      refusalFlash(reply, result.error);
    }
    return reply.redirect(back(request, event, session.id), 303);
  });

  app.post<SessionParams>('/events/:slug/sessions/:id/unvote', { config: rateLimited(app, 300, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const found = await withSessions(request, reply);
    if (!found) return reply;
    const session = await withSession(request, reply, found);
    if (!session) return reply;
    const { event } = found;
    const result = await withdrawVote(app.db, event.id, session.id, request.viewer.id);
    if (result.ok) reply.flash('success', t('sessions.unvote.done', { title: session.title }));
    else if (result.error === 'not-found') return notFound(request, reply);
    else if (result.error === 'not-voted') reply.flash('info', t('sessions.unvote.notVoted'));
    else refusalFlash(reply, result.error);
    return reply.redirect(back(request, event, session.id), 303);
  });

  // ---- Notes and outcomes -----------------------------------------------------------------------

  app.post<SessionParams>('/events/:slug/sessions/:id/notes', { config: rateLimited(app, 30, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const viewer = request.viewer;
    const found = await withSessions(request, reply);
    if (!found) return reply;
    const session = await withSession(request, reply, found);
    if (!session) return reply;
    const { event } = found;
    const path = sessionPath(event.slug, session.id);
    if (!canContribute(viewer, event)) return forbidden(request, reply);
    if (session.notesPageId !== null) {
      reply.flash('info', t('sessions.notes.already'));
      return reply.redirect(path, 303);
    }
    if (!session.placement || session.status !== 'proposed') return notFound(request, reply);
    if (!(await mayWriteNotes(viewer, event))) {
      return app.showMessage(request, reply, 403, { title: 'sessions.cannot.title', body: 'sessions.notes.cannotWrite' });
    }
    const heading = (key: MessageKey) => `## ${t(key)}`;
    const body = [
      t('sessions.notes.lead', { session: session.title, event: event.title, url: `${publicUrl}${path}` }),
      '',
      heading('knowledge.heading.date'),
      '',
      `${slotLabel(session.placement, event)} (${timeZoneLabel(event.timeZone)}), ${session.placement.roomName}`,
      '',
      heading('knowledge.heading.present'),
      '',
      session.leader ? t('sessions.notes.ledBy', { name: session.leader }) : '',
      '',
      heading('knowledge.heading.agenda'),
      '',
      session.description,
      '',
      heading('knowledge.heading.discussion'),
      '',
      heading('knowledge.heading.actions'),
      '',
    ].join('\n');
    const base = t('sessions.notes.pageTitle', { session: session.title, event: event.title });
    let page: { id: number } | undefined;
    for (let attempt = 1; attempt <= 5 && !page; attempt++) {
      const suffix = attempt === 1 ? '' : ` ${attempt}`;
      const title = `${base.slice(0, titleMax - suffix.length).trimEnd()}${suffix}`;
      const created = await createPage(app.db, viewer.id, event.group?.id ?? null, { title, body, summary: t('sessions.notes.summary'), template: 'meeting-notes' });
      if (created.ok) page = created;
    }
    if (!page) {
      reply.flash('warning', t('sessions.notes.failed'));
      return reply.redirect(path, 303);
    }
    const linked = await linkNotes(app.db, event.id, session.id, page.id, viewer.id);
    reply.flash(linked ? 'success' : 'info', t(linked ? 'sessions.notes.done' : 'sessions.notes.already'));
    const described = await app.subjects.get('knowledge-page').describe(app.db, [page.id]);
    return reply.redirect(described.get(page.id)?.url ?? path, 303);
  });

  app.post<SessionParams>('/events/:slug/sessions/:id/outcomes', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const found = await withSessions(request, reply);
    if (!found) return reply;
    const session = await withSession(request, reply, found);
    if (!session) return reply;
    const { event } = found;
    if (!canContribute(request.viewer, event)) return forbidden(request, reply);
    const parsed = parseForm(outcomeForm, request.body);
    if (!parsed.ok) return sessionPage(request, reply, found, session, 400, parsed.values, parsed.errors);
    const result = await addOutcome(app.db, event.id, session.id, request.viewer.id, parsed.data.outcome);
    if (!result.ok) {
      if (result.error === 'not-found') return notFound(request, reply);
      return sessionPage(request, reply, found, session, 400, request.body as FormValues, { outcome: 'sessions.outcomes.tooMany' });
    }
    reply.flash('success', t('sessions.outcomes.done'));
    return reply.redirect(`${sessionPath(event.slug, session.id)}#outcomes-title`, 303);
  });

  app.post<{ Params: { slug: string; id: string; outcome: string } }>(
    '/events/:slug/sessions/:id/outcomes/:outcome/remove',
    { config: rateLimited(app, 60, '1 hour') },
    async (request, reply) => {
      if (!requireViewer(request, reply)) return reply;
      const found = await withSessions(request, reply);
      if (!found) return reply;
      const session = await withSession(request, reply, found);
      if (!session) return reply;
      const { event } = found;
      const outcomeId = idPattern.test(request.params.outcome) ? Number(request.params.outcome) : 0;
      const outcome = ((await outcomesOf(app.db, request.viewer, [session.id])).get(session.id) ?? []).find((o) => o.id === outcomeId);
      if (!outcome) return notFound(request, reply);
      if (!canRemoveContribution(request.viewer, event, outcome.addedById)) return forbidden(request, reply);
      await removeOutcome(app.db, session.id, outcome.id, event.canManage ? null : request.viewer.id);
      reply.flash('success', t('sessions.outcomes.removed'));
      return reply.redirect(`${sessionPath(event.slug, session.id)}#outcomes-title`, 303);
    },
  );

  // ---- Settings ---------------------------------------------------------------------------------

  app.get<SlugParams>('/events/:slug/sessions/settings', async (request, reply) => {
    const found = await hosting(request, reply, { evenIfOff: true });
    if (!found) return reply;
    const { settings } = found;
    return html(reply).send(
      <SettingsPage
        page={pageContext(request, reply)}
        event={found.event}
        values={{ enabled: settings.enabled ? 'yes' : 'no', proposals: settings.proposalsOpen ? 'open' : 'closed', voteLimit: settings.voteLimit === null ? '' : String(settings.voteLimit) }}
      />,
    );
  });

  app.post<SlugParams>('/events/:slug/sessions/settings', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
    const found = await hosting(request, reply, { evenIfOff: true });
    if (!found) return reply;
    const parsed = parseForm(settingsForm, request.body);
    if (!parsed.ok) return html(reply, 400).send(<SettingsPage page={pageContext(request, reply)} event={found.event} values={parsed.values} errors={parsed.errors} />);
    const input = settingsInput(parsed.data);
    await saveSessionSettings(app.db, found.event.id, input);
    reply.flash('success', t(input.enabled ? 'sessions.settings.done' : 'sessions.settings.doneOff'));
    return reply.redirect(input.enabled ? sessionsPath(found.event.slug) : eventPath(found.event.slug), 303);
  });

  // ---- The schedule -----------------------------------------------------------------------------

  app.apiDocs.add({
    method: 'get',
    path: '/events/{slug}/schedule.json',
    summary: 'An event’s schedule',
    description:
      'The rooms (largest first), the time slots (earliest first) and which session is in which room at which time. "Not found" for an event the caller may not see, or one without proposals. Also as CSV (/events/{slug}/schedule.csv) and iCalendar (/events/{slug}/schedule.ics: each session an event, its room the location).',
    tag: 'Events',
    auth: 'optional',
    params: slugParam,
    response: scheduleSchema,
    alsoAs: ['text/csv', 'text/calendar'],
  });

  async function scheduleData(viewer: Viewer | null, event: EventDetail) {
    const [rooms, slots, sessions] = await Promise.all([roomsOf(app.db, viewer, event.id), slotsOf(app.db, viewer, event.id), listSessions(app.db, viewer, event.id)]);
    const proposed = sessions.filter((s) => s.status === 'proposed');
    const clashes = leaderClashes(proposed.flatMap((s) => (s.placement ? [{ sessionId: s.id, roomId: s.placement.roomId, slotId: s.placement.slotId, leader: s.leader }] : [])));
    return { rooms, slots, sessions: proposed, clashes };
  }

  async function schedule(request: FastifyRequest<SlugParams>, reply: FastifyReply, format: 'html' | 'json' | 'csv' | 'ics') {
    const found = await withSessions(request, reply);
    if (!found) return reply;
    const { event } = found;
    const data = await scheduleData(request.viewer, event);
    const placed = data.sessions.filter((s) => s.placement).sort((a, b) => a.placement!.startsAt.getTime() - b.placement!.startsAt.getTime() || a.id - b.id);
    if (format === 'html') {
      return html(reply).send(
        <SchedulePage page={pageContext(request, reply)} event={event} rooms={data.rooms} slots={data.slots} sessions={data.sessions} clashes={event.canManage ? data.clashes : []} />,
      );
    }
    if (format === 'json') {
      return sendJson(reply, scheduleSchema, {
        event: eventRef(event),
        rooms: data.rooms.map((room) => ({ id: room.id, name: room.name, capacity: room.capacity })),
        slots: data.slots.map((slot) => ({
          id: slot.id,
          startsAt: slot.startsAt.toISOString(),
          endsAt: slot.endsAt.toISOString(),
          localStart: local(slot.startsAt, event.timeZone),
          localEnd: local(slot.endsAt, event.timeZone),
        })),
        entries: placed.map((session) => ({
          roomId: session.placement!.roomId,
          slotId: session.placement!.slotId,
          session: { id: session.id, title: session.title, leader: session.leader, format: session.format, votes: session.votes, url: `${publicUrl}${sessionPath(event.slug, session.id)}` },
        })),
      });
    }
    if (format === 'csv') {
      return sendCsv(
        reply,
        `${event.slug}-schedule`,
        ['local_start', 'local_end', 'starts_at', 'ends_at', 'room', 'session', 'leader', 'format', 'votes', 'url'],
        placed.map((session) => ({
          local_start: local(session.placement!.startsAt, event.timeZone),
          local_end: local(session.placement!.endsAt, event.timeZone),
          starts_at: session.placement!.startsAt,
          ends_at: session.placement!.endsAt,
          room: session.placement!.roomName,
          session: session.title,
          leader: session.leader,
          format: session.format,
          votes: session.votes,
          url: `${publicUrl}${sessionPath(event.slug, session.id)}`,
        })),
      );
    }
    const entries: CalendarEntry[] = placed.map((session) => ({
      uid: `event-${event.id}-session-${session.id}@${calendarHost}`,
      sequence: event.sequence + session.sequence,
      start: session.placement!.startsAt,
      end: session.placement!.endsAt,
      created: session.createdAt,
      lastModified: session.updatedAt,
      summary: session.title,
      description: [
        session.leader ? t('sessions.ledBy', { name: session.leader }) : '',
        session.description,
        `${t('sessions.ics.event')} ${event.title}${event.attendance === 'online' ? '' : ` (${whereText(event)})`}`,
        `${t('sessions.ics.page')} ${publicUrl}${sessionPath(event.slug, session.id)}`,
      ]
        .filter(Boolean)
        .join('\n\n'),
      location: session.placement!.roomName,
      url: `${publicUrl}${sessionPath(event.slug, session.id)}`,
      cancelled: event.cancelled,
    }));
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', `inline; filename="${event.slug}-schedule.ics"`)
      .send(renderCalendar({ name: t('sessions.schedule.title', { title: event.title }), entries }));
  }

  app.get<SlugParams>('/events/:slug/schedule', (request, reply) => schedule(request, reply, 'html'));
  app.get<SlugParams>('/events/:slug/schedule.json', (request, reply) => schedule(request, reply, 'json'));
  app.get<SlugParams>('/events/:slug/schedule.csv', (request, reply) => schedule(request, reply, 'csv'));
  app.get<SlugParams>('/events/:slug/schedule.ics', (request, reply) => schedule(request, reply, 'ics'));

  // ---- Building the schedule --------------------------------------------------------------------

  async function editPage(request: FastifyRequest, reply: FastifyReply, event: EventDetail, status = 200, values?: FormValues, errors?: FieldErrors) {
    const data = await scheduleData(request.viewer, event);
    return html(reply, status).send(
      <ScheduleEditPage
        page={pageContext(request, reply)}
        event={event}
        rooms={data.rooms}
        slots={data.slots}
        sessions={data.sessions}
        clashes={data.clashes}
        values={values}
        errors={errors}
      />,
    );
  }

  const edit = (event: EventDetail) => `${schedulePath(event.slug)}/edit`;
  const scheduleWrite = { config: rateLimited(app, 300, '1 hour') };

  app.get<SlugParams>('/events/:slug/schedule/edit', async (request, reply) => {
    const found = await hosting(request, reply);
    if (!found) return reply;
    return editPage(request, reply, found.event);
  });

  app.post<SlugParams>('/events/:slug/schedule/rooms', scheduleWrite, async (request, reply) => {
    const found = await hosting(request, reply);
    if (!found) return reply;
    const { event } = found;
    const parsed = parseForm(roomForm, request.body);
    if (!parsed.ok) return editPage(request, reply, event, 400, parsed.values, parsed.errors);
    const result = await addRoom(app.db, event.id, { name: parsed.data.roomName, capacity: parsed.data.roomCapacity });
    if (!result.ok) {
      if (result.error === 'not-found') return notFound(request, reply);
      return editPage(request, reply, event, 400, request.body as FormValues, { roomName: `sessions.room.error.${result.error}` });
    }
    reply.flash('success', t('sessions.room.added', { name: parsed.data.roomName }));
    return reply.redirect(`${edit(event)}#rooms-title`, 303);
  });

  type RoomParams = { Params: { slug: string; id: string } };

  async function hostedRoom(request: FastifyRequest<RoomParams>, reply: FastifyReply): Promise<(Found & { room: Room }) | undefined> {
    const found = await hosting(request, reply);
    if (!found) return undefined;
    const id = idPattern.test(request.params.id) ? Number(request.params.id) : 0;
    const room = (await roomsOf(app.db, request.viewer, found.event.id)).find((r) => r.id === id);
    if (!room) {
      notFound(request, reply);
      return undefined;
    }
    return { ...found, room };
  }

  app.get<RoomParams>('/events/:slug/schedule/rooms/:id/edit', async (request, reply) => {
    const found = await hostedRoom(request, reply);
    if (!found) return reply;
    const { room } = found;
    return html(reply).send(
      <RoomEditPage page={pageContext(request, reply)} event={found.event} room={room} values={{ roomName: room.name, roomCapacity: room.capacity === null ? '' : String(room.capacity) }} />,
    );
  });

  app.post<RoomParams>('/events/:slug/schedule/rooms/:id/edit', scheduleWrite, async (request, reply) => {
    const found = await hostedRoom(request, reply);
    if (!found) return reply;
    const { event, room } = found;
    const parsed = parseForm(roomForm, request.body);
    if (!parsed.ok) return html(reply, 400).send(<RoomEditPage page={pageContext(request, reply)} event={event} room={room} values={parsed.values} errors={parsed.errors} />);
    const result = await updateRoom(app.db, event.id, room.id, { name: parsed.data.roomName, capacity: parsed.data.roomCapacity });
    if (!result.ok) {
      if (result.error === 'not-found') return notFound(request, reply);
      return html(reply, 400).send(
        <RoomEditPage page={pageContext(request, reply)} event={event} room={room} values={request.body as FormValues} errors={{ roomName: `sessions.room.error.${result.error}` }} />,
      );
    }
    await changed(event, request.viewer!);
    reply.flash('success', t('sessions.room.saved', { name: parsed.data.roomName }));
    return reply.redirect(`${edit(event)}#rooms-title`, 303);
  });

  app.post<RoomParams>('/events/:slug/schedule/rooms/:id/remove', scheduleWrite, async (request, reply) => {
    const found = await hostedRoom(request, reply);
    if (!found) return reply;
    const removed = await removeRoom(app.db, found.event.id, found.room.id);
    if (removed === null) return notFound(request, reply);
    await changed(found.event, request.viewer!);
    reply.flash('success', t(removed === 0 ? 'sessions.room.removed' : 'sessions.room.removedWith', { name: found.room.name, count: removed }));
    return reply.redirect(`${edit(found.event)}#rooms-title`, 303);
  });

  app.post<SlugParams>('/events/:slug/schedule/slots', scheduleWrite, async (request, reply) => {
    const found = await hosting(request, reply);
    if (!found) return reply;
    const { event } = found;
    const parsed = parseSlotForm(request.body, event);
    if (!parsed.ok) return editPage(request, reply, event, 400, parsed.values, parsed.errors);
    const result = await addSlots(app.db, event.id, parsed.data);
    if (!result.ok) {
      if (result.error === 'not-found') return notFound(request, reply);
      return editPage(request, reply, event, 400, request.body as FormValues, { slotStart: `sessions.slot.error.${result.error}` });
    }
    await changed(event, request.viewer!);
    reply.flash('success', t(result.added === 1 ? 'sessions.slot.added.one' : 'sessions.slot.added', { count: result.added }));
    return reply.redirect(`${edit(event)}#slots-title`, 303);
  });

  app.post<RoomParams>('/events/:slug/schedule/slots/:id/remove', scheduleWrite, async (request, reply) => {
    const found = await hosting(request, reply);
    if (!found) return reply;
    const id = idPattern.test(request.params.id) ? Number(request.params.id) : 0;
    const removed = id ? await removeSlot(app.db, found.event.id, id) : null;
    if (removed === null) return notFound(request, reply);
    await changed(found.event, request.viewer!);
    reply.flash('success', t(removed === 0 ? 'sessions.slot.removed' : 'sessions.slot.removedWith', { count: removed }));
    return reply.redirect(`${edit(found.event)}#slots-title`, 303);
  });

  app.post<SlugParams>('/events/:slug/schedule/place', scheduleWrite, async (request, reply) => {
    const found = await hosting(request, reply);
    if (!found) return reply;
    const { event } = found;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const sessionId = typeof body.session === 'string' && idPattern.test(body.session) ? Number(body.session) : null;
    if (sessionId === null) return notFound(request, reply);
    const field = `cell-${sessionId}`;
    const values = { [field]: typeof body.cell === 'string' ? body.cell : '' };
    const cell = parseCell(body.cell);
    if (cell === undefined) return editPage(request, reply, event, 400, values, { [field]: 'sessions.place.invalid' });
    const result = await placeSession(app.db, event.id, sessionId, cell);
    if (!result.ok) {
      if (result.error === 'cell-taken') return editPage(request, reply, event, 400, values, { [field]: 'sessions.place.taken.error' });
      return editPage(request, reply, event, 400, values, { [field]: 'sessions.place.invalid' });
    }
    await changed(event, request.viewer!);
    reply.flash('success', t(cell ? 'sessions.place.done' : 'sessions.place.removed'));
    if (result.clashes.length > 0) reply.flash('warning', t('sessions.place.clash', { leader: result.clashes[0]!.leader }));
    return reply.redirect(`${edit(event)}#place-title`, 303);
  });

  app.post<SlugParams>('/events/:slug/schedule/fill', scheduleWrite, async (request, reply) => {
    const found = await hosting(request, reply);
    if (!found) return reply;
    const placed = await fillScheduleFromVotes(app.db, found.event.id);
    if (placed === null) return notFound(request, reply);
    await changed(found.event, request.viewer!);
    reply.flash(placed === 0 ? 'info' : 'success', t(placed === 0 ? 'sessions.fill.none' : placed === 1 ? 'sessions.fill.done.one' : 'sessions.fill.done', { count: placed }));
    return reply.redirect(`${edit(found.event)}#grid-title`, 303);
  });

  app.post<SlugParams>('/events/:slug/schedule/clear', scheduleWrite, async (request, reply) => {
    const found = await hosting(request, reply);
    if (!found) return reply;
    const removed = await clearSchedule(app.db, found.event.id);
    if (removed === null) return notFound(request, reply);
    await changed(found.event, request.viewer!);
    reply.flash('success', t('sessions.clear.done'));
    return reply.redirect(`${edit(found.event)}#fill-title`, 303);
  });

  // ---- What came of it --------------------------------------------------------------------------

  app.get<SlugParams>('/events/:slug/links', async (request, reply) => {
    const event = await plainEvent(request, reply);
    if (!event) return reply;
    const { items, own, starts } = await cameOfIt(app, request.viewer, event);
    return html(reply).send(<LinksPage page={pageContext(request, reply)} event={event} items={items} own={own} starts={starts} />);
  });

  async function plainEvent(request: FastifyRequest<SlugParams>, reply: FastifyReply): Promise<EventDetail | undefined> {
    const slug = request.params.slug;
    const event = slugPattern.test(slug) ? await findEvent(app.db, slug, request.viewer) : undefined;
    if (!event) notFound(request, reply);
    else cacheFor(reply, event, request.viewer);
    return event;
  }

  app.post<SlugParams>('/events/:slug/links', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const event = await plainEvent(request, reply);
    if (!event) return reply;
    if (!canContribute(request.viewer, event)) return forbidden(request, reply);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const choice = parseLinkChoice(body.item);
    const own = await ownItems(app.db, request.viewer);
    const showAgain = async (error: string) => {
      const { items, starts } = await cameOfIt(app, request.viewer, event);
      return html(reply, 400).send(
        <LinksPage page={pageContext(request, reply)} event={event} items={items} own={own} starts={starts} values={{ item: body.item }} errors={{ item: error }} />,
      );
    };
    if (!choice || !own.some((item) => item.type === choice.type && item.id === choice.id)) return showAgain('sessions.cameOfIt.notOwn');
    const result = await linkToEvent(app.db, event.id, choice.type, choice.id, request.viewer.id);
    if (!result.ok) return showAgain('sessions.cameOfIt.tooMany');
    reply.flash(result.added ? 'success' : 'info', t(result.added ? 'sessions.cameOfIt.done' : 'sessions.cameOfIt.already'));
    return reply.redirect(`${eventPath(event.slug)}#came-of-it-title`, 303);
  });

  app.post<SlugParams>('/events/:slug/links/remove', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const event = await plainEvent(request, reply);
    if (!event) return reply;
    const choice = parseLinkChoice(((request.body ?? {}) as Record<string, unknown>).item);
    const link = choice ? (await linksOf(app.db, request.viewer, event.id)).find((l) => l.subject_type === choice.type && l.subject_id === choice.id) : undefined;
    if (!link) return notFound(request, reply);
    if (!canRemoveContribution(request.viewer, event, link.linked_by)) return forbidden(request, reply);
    await unlinkFromEvent(app.db, event.id, link.subject_type, link.subject_id, event.canManage ? null : request.viewer.id);
    reply.flash('success', t('sessions.cameOfIt.removed'));
    return reply.redirect(`${eventPath(event.slug)}#came-of-it-title`, 303);
  });
}

/**
 * What came of the event, as this viewer may see it: each linked item is asked of the area that
 * owns it (the subject registry), so a pitch of a secret group linked to a public event shows only
 * to those who may see the pitch. With the viewer's own pitches and pages, when they may link them.
 */
export async function cameOfIt(
  app: FastifyInstance,
  viewer: Viewer | null,
  event: EventDetail,
): Promise<{ items: CameOfItItem[]; own: { type: string; id: number; title: string }[] | null; starts: CameOfItStarts | null }> {
  const rows = await linksOf(app.db, viewer, event.id);
  const byType = new Map<EventLinkType, number[]>();
  for (const row of rows) byType.set(row.subject_type, [...(byType.get(row.subject_type) ?? []), row.subject_id]);
  const described = new Map<string, { title: string; url: string }>();
  for (const [type, ids] of byType) {
    if (!app.subjects.has(type)) continue;
    const subject = app.subjects.get(type);
    const visible = [...(await subject.visibleIds(app.db, viewer, ids))];
    for (const [id, summary] of await subject.describe(app.db, visible)) described.set(`${type}:${id}`, summary);
  }
  const items = rows.flatMap((row) => {
    const summary = described.get(`${row.subject_type}:${row.subject_id}`);
    return summary ? [{ type: row.subject_type, id: row.subject_id, title: summary.title, url: summary.url, canRemove: canRemoveContribution(viewer, event, row.linked_by) }] : [];
  });
  const contributes = canContribute(viewer, event) && !event.cancelled;
  const own = contributes ? await ownItems(app.db, viewer) : null;
  let starts: CameOfItStarts | null = null;
  if (contributes) {
    const from = `?${new URLSearchParams({ [fromEventField]: event.slug })}`;
    const wiki = event.group ? `/groups/${event.group.slug}/knowledge` : '/knowledge';
    starts = {
      pitch: `/pitches/new${from}`,
      page: (await mayWriteForEvent(app.db, viewer, event)) ? `${wiki}/new${from}` : null,
      story: `/stories/nominate${from}`,
    };
  }
  return { items, own, starts };
}

/** The parts the event's page shows of its sessions and of what came of it (as elements for the page, or as data for its JSON). */
export async function eventPageParts(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, event: EventDetail, format: 'html' | 'json') {
  const viewer = request.viewer;
  const settings = await sessionSettings(app.db, event);
  const { items, own, starts } = await cameOfIt(app, viewer, event);
  const publicUrl = app.config.publicUrl;
  const json = {
    sessionsUrl: settings.enabled ? `${publicUrl}${sessionsPath(event.slug)}` : null,
    scheduleUrl: settings.enabled ? `${publicUrl}${schedulePath(event.slug)}` : null,
    cameOfIt: cameOfItSchema.parse(items.map((item) => ({ type: item.type, title: item.title, url: `${publicUrl}${item.url}` }))),
  };
  if (format === 'json') return { json, sessions: '', hostLinks: '', cameOfIt: '' };
  let sessions: JSX.Element = '';
  if (settings.enabled) {
    const proposed = (await listSessions(app.db, viewer, event.id)).filter((s) => s.status === 'proposed');
    sessions = (
      <EventSessionsSection
        event={event}
        settings={settings}
        proposed={proposed.length}
        placed={proposed.filter((s) => s.placement).length}
        reason={whyNotTakingPart(viewer, event, settings)}
      />
    );
  }
  return {
    json,
    sessions,
    hostLinks: event.canManage && !event.cancelled ? <HostSessionLinks event={event} settings={settings} /> : '',
    cameOfIt: <CameOfItSection page={pageContext(request, reply)} event={event} items={items} own={own} starts={starts} />,
  };
}

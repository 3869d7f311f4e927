import { sql } from 'kysely';
import { findLocalAuthority } from '../../data/uk-local-authorities.ts';
import type { Database } from '../../db/database.ts';
import type { AttendeeListVisibility, EventAttendance, EventKind } from '../../db/schema.ts';
import type { Viewer } from '../../web/context.ts';
import { pageSize, type ListingFilters } from './events.forms.ts';
import { canSeeAttendees, canSeeOnlineLink, eventAttendedBy, eventHostedBy, eventVisibleTo, type EventStanding } from './events.policy.ts';
import { localInputs } from './events.time.ts';

export interface PersonRef {
  handle: string;
  name: string;
}

export interface EventHost {
  kind: 'member' | 'organisation' | 'group';
  name: string;
  /** Path of the host's page on this hub; null for a member who has left. */
  path: string | null;
}

export interface EventCard {
  id: number;
  slug: string;
  title: string;
  kind: EventKind;
  summary: string;
  tags: string[];
  attendance: EventAttendance;
  venue: string;
  address: string;
  place: string;
  localAuthority: { code: string; name: string } | null;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  capacity: number | null;
  goingCount: number;
  cancelled: boolean;
  host: EventHost;
  group: { id: number; slug: string; name: string; visibility: 'open' | 'closed' | 'secret' } | null;
  sequence: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface EventDetail extends EventCard {
  description: string;
  access: string;
  /** Empty unless the viewer may see it (those going and hosts). */
  onlineUrl: string;
  cancelledAt: Date | null;
  cancelReason: string;
  attendeeList: AttendeeListVisibility;
  creator: PersonRef | null;
  createdById: number | null;
  organisationId: number | null;
  standing: EventStanding;
  canManage: boolean;
  /** Null when the viewer may not see who is going. */
  attendees: PersonRef[] | null;
  moreAttendees: boolean;
  /** Hosts only; null for everyone else. */
  waiting: PersonRef[] | null;
  waitingCount: number;
  /** The viewer's place on the waiting list, from 1. */
  waitingPosition: number | null;
}

const goingCount = sql<number>`(select count(*) from event_attendees ea_count where ea_count.event_id = e.id and ea_count.status = 'going')`;

/** Events with their hosts, limited to those this viewer may see: every read starts here. */
function visibleEvents(db: Database, viewer: Viewer | null) {
  return db
    .selectFrom('events as e')
    .leftJoin('users as creator', 'creator.id', 'e.created_by')
    .leftJoin('organisations as o', 'o.id', 'e.organisation_id')
    .leftJoin('groups as g', 'g.id', 'e.group_id')
    .select([
      'e.id',
      'e.slug',
      'e.title',
      'e.kind',
      'e.summary',
      'e.tags',
      'e.attendance',
      'e.venue',
      'e.address',
      'e.place',
      'e.local_authority',
      'e.starts_at',
      'e.ends_at',
      'e.time_zone',
      'e.capacity',
      'e.cancelled_at',
      'e.sequence',
      'e.created_at',
      'e.updated_at',
      'creator.handle as creator_handle',
      'creator.display_name as creator_name',
      'o.slug as organisation_slug',
      'o.name as organisation_name',
      'g.id as group_id',
      'g.slug as group_slug',
      'g.name as group_name',
      'g.visibility as group_visibility',
    ])
    .select(goingCount.as('going_count'))
    .where(eventVisibleTo(viewer, 'e'));
}

type CardRow = Awaited<ReturnType<ReturnType<typeof visibleEvents>['execute']>>[number];

function hostOf(row: CardRow): EventHost {
  if (row.group_slug && row.group_name) return { kind: 'group', name: row.group_name, path: `/groups/${row.group_slug}` };
  if (row.organisation_slug && row.organisation_name) return { kind: 'organisation', name: row.organisation_name, path: `/organisations/${row.organisation_slug}` };
  if (row.creator_handle && row.creator_name) return { kind: 'member', name: row.creator_name, path: `/members/${row.creator_handle}` };
  return { kind: 'member', name: '', path: null };
}

function toCard(row: CardRow): EventCard {
  const authority = row.local_authority ? findLocalAuthority(row.local_authority) : undefined;
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    kind: row.kind,
    summary: row.summary,
    tags: row.tags,
    attendance: row.attendance,
    venue: row.venue,
    address: row.address,
    place: row.place,
    localAuthority: authority ? { code: authority.code, name: authority.name } : null,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    timeZone: row.time_zone,
    capacity: row.capacity,
    goingCount: Number(row.going_count),
    cancelled: row.cancelled_at !== null,
    host: hostOf(row),
    group:
      row.group_id !== null && row.group_slug && row.group_name && row.group_visibility
        ? { id: row.group_id, slug: row.group_slug, name: row.group_name, visibility: row.group_visibility }
        : null,
    sequence: row.sequence,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function likePattern(text: string) {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * A page of events for a list, JSON or CSV: upcoming ones (not yet over) soonest first, or past
 * ones latest first. One row more than the page is fetched to know whether another page follows.
 */
export async function listEvents(db: Database, viewer: Viewer | null, filters: ListingFilters, page: number, now: Date, size = pageSize) {
  let query = filtered(visibleEvents(db, viewer), filters);
  if (filters.when === 'upcoming') query = query.where('e.ends_at', '>', now).orderBy('e.starts_at', 'asc').orderBy('e.id', 'asc');
  else query = query.where('e.ends_at', '<=', now).orderBy('e.starts_at', 'desc').orderBy('e.id', 'desc');
  const rows = await query
    .limit(size + 1)
    .offset((page - 1) * size)
    .execute();
  return { events: rows.slice(0, size).map(toCard), hasNext: rows.length > size };
}

/** The list's filters, but for when: the calendar's month says that. */
export type CalendarFilters = Omit<ListingFilters, 'when'>;

/** What the list and the calendar filter by, besides when. */
function filtered(query: ReturnType<typeof visibleEvents>, filters: CalendarFilters) {
  if (filters.kind) query = query.where('e.kind', '=', filters.kind);
  if (filters.area) query = query.where('e.local_authority', '=', filters.area);
  if (filters.online) query = query.where('e.attendance', 'in', ['online', 'hybrid']);
  if (filters.group) query = query.where('g.slug', '=', filters.group);
  if (filters.tag) query = query.where(sql<boolean>`${filters.tag} = any(e.tags)`);
  for (const word of filters.q.split(/\s+/).filter(Boolean).slice(0, 8)) {
    const pattern = likePattern(word);
    query = query.where(
      sql<boolean>`(e.title ilike ${pattern} or e.summary ilike ${pattern} or array_to_string(e.tags, ' ') ilike ${pattern} or e.place ilike ${pattern} or e.venue ilike ${pattern})`,
    );
  }
  return query;
}

/** Events that overlap [from, to), soonest first, for the month calendar; at most `limit`. */
export async function eventsBetween(db: Database, viewer: Viewer | null, from: Date, to: Date, filters: CalendarFilters | null = null, limit = 500) {
  const rows = await (filters ? filtered(visibleEvents(db, viewer), filters) : visibleEvents(db, viewer))
    .where('e.starts_at', '<', to)
    .where('e.ends_at', '>', from)
    .orderBy('e.starts_at')
    .orderBy('e.id')
    .limit(limit + 1)
    .execute();
  return { events: rows.slice(0, limit).map(toCard), more: rows.length > limit };
}

/** A group's next events, for its page. */
export async function groupEvents(db: Database, viewer: Viewer | null, groupId: number, now: Date, limit = 5) {
  const rows = await visibleEvents(db, viewer)
    .where('e.group_id', '=', groupId)
    .where('e.ends_at', '>', now)
    .orderBy('e.starts_at')
    .orderBy('e.id')
    .limit(limit + 1)
    .execute();
  return { events: rows.slice(0, limit).map(toCard), more: rows.length > limit };
}

export interface MemberEvent extends EventCard {
  status: 'going' | 'waiting' | null;
  hosting: boolean;
}

/**
 * The events a member is going to, waiting for or hosts (made, or hosts through an organisation
 * or group they run), still as the rule lets them see: upcoming ones, then the latest past ones.
 */
export async function memberEvents(db: Database, viewer: Viewer, now: Date, limit = 100) {
  const base = () =>
    visibleEvents(db, viewer)
      .leftJoin('event_attendees as mine', (join) => join.onRef('mine.event_id', '=', 'e.id').on('mine.user_id', '=', viewer.id))
      .select(['mine.status as my_status'])
      .select(eventHostedBy(viewer, 'e', { hubAdmins: false }).as('hosting'))
      .where((eb) => eb.or([eb('mine.user_id', 'is not', null), eventHostedBy(viewer, 'e', { hubAdmins: false })]));
  const [upcoming, past] = await Promise.all([
    base().where('e.ends_at', '>', now).orderBy('e.starts_at').orderBy('e.id').limit(limit).execute(),
    base().where('e.ends_at', '<=', now).orderBy('e.starts_at', 'desc').orderBy('e.id', 'desc').limit(20).execute(),
  ]);
  const toMember = (row: (typeof upcoming)[number]): MemberEvent => ({ ...toCard(row), status: row.my_status ?? null, hosting: Boolean(row.hosting) });
  return { upcoming: upcoming.map(toMember), past: past.map(toMember) };
}

export async function findEvent(db: Database, slug: string, viewer: Viewer | null): Promise<EventDetail | undefined> {
  const row = await visibleEvents(db, viewer)
    .select([
      'e.description',
      'e.access',
      'e.online_url',
      'e.cancel_reason',
      'e.attendee_list',
      'e.created_by',
      'e.organisation_id',
    ])
    .select(eventHostedBy(viewer, 'e').as('is_host'))
    .where('e.slug', '=', slug)
    .executeTakeFirst();
  if (!row) return undefined;
  const card = toCard(row);
  const mine = viewer
    ? await db.selectFrom('event_attendees').select(['status', 'joined_at']).where('event_id', '=', row.id).where('user_id', '=', viewer.id).executeTakeFirst()
    : undefined;
  const standing: EventStanding = { isHost: Boolean(row.is_host), status: mine?.status ?? null };

  const people = (status: 'going' | 'waiting', limit: number) =>
    db
      .selectFrom('event_attendees as a')
      .innerJoin('users as u', 'u.id', 'a.user_id')
      .select(['u.handle', 'u.display_name'])
      .where('a.event_id', '=', row.id)
      .where('a.status', '=', status)
      .orderBy('a.joined_at')
      .orderBy('a.user_id')
      .limit(limit)
      .execute();
  const shown = 200;
  let attendees: PersonRef[] | null = null;
  let moreAttendees = false;
  if (canSeeAttendees(row.attendee_list, standing)) {
    const rows = await people('going', shown + 1);
    attendees = rows.slice(0, shown).map((r) => ({ handle: r.handle, name: r.display_name }));
    moreAttendees = rows.length > shown;
  }
  const waitingCount = Number(
    (await db.selectFrom('event_attendees').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', row.id).where('status', '=', 'waiting').executeTakeFirst())?.n ?? 0,
  );
  const waiting = standing.isHost ? (await people('waiting', shown)).map((r) => ({ handle: r.handle, name: r.display_name })) : null;
  let waitingPosition: number | null = null;
  if (mine?.status === 'waiting') {
    const ahead = await db
      .selectFrom('event_attendees')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('event_id', '=', row.id)
      .where('status', '=', 'waiting')
      .where((eb) => eb.or([eb('joined_at', '<', mine.joined_at), eb.and([eb('joined_at', '=', mine.joined_at), eb('user_id', '<', viewer!.id)])]))
      .executeTakeFirst();
    waitingPosition = Number(ahead?.n ?? 0) + 1;
  }
  return {
    ...card,
    description: row.description,
    access: row.access,
    onlineUrl: canSeeOnlineLink(standing) ? row.online_url : '',
    cancelledAt: row.cancelled_at,
    cancelReason: row.cancel_reason,
    attendeeList: row.attendee_list,
    creator: row.creator_handle && row.creator_name ? { handle: row.creator_handle, name: row.creator_name } : null,
    createdById: row.created_by,
    organisationId: row.organisation_id,
    standing,
    canManage: standing.isHost,
    attendees,
    moreAttendees,
    waiting,
    waitingCount,
    waitingPosition,
  };
}

/** The saved event in the shape of its form, for the edit page. */
export async function eventFormValues(db: Database, id: number): Promise<Record<string, unknown>> {
  const row = await db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const start = localInputs(row.starts_at, row.time_zone);
  const end = localInputs(row.ends_at, row.time_zone);
  return {
    title: row.title,
    kind: row.kind,
    summary: row.summary,
    description: row.description,
    startDate: start.date,
    startTime: start.time,
    endDate: end.date,
    endTime: end.time,
    timeZone: row.time_zone,
    attendance: row.attendance,
    onlineUrl: row.online_url,
    venue: row.venue,
    address: row.address,
    access: row.access,
    place: row.place,
    localAuthority: row.local_authority ?? '',
    capacity: row.capacity === null ? '' : String(row.capacity),
    attendeeList: row.attendee_list,
    tags: row.tags.join(', '),
  };
}

export interface CalendarRow extends EventCard {
  description: string;
  /** Only filled when the calendar is for someone who may see it. */
  onlineUrl: string;
}

/**
 * Events for an iCalendar feed: those still to come and those of the last 90 days. `everyone`
 * feeds carry only public events; a member's own feed (read with its secret address) those they
 * are going to or host, with the joining link of online ones.
 */
export async function calendarEvents(
  db: Database,
  scope: { kind: 'public' } | { kind: 'group'; groupId: number; viewer: Viewer | null } | { kind: 'member'; viewer: Viewer },
  now: Date,
  limit = 500,
): Promise<CalendarRow[]> {
  const since = new Date(now.getTime() - 90 * 86_400_000);
  const viewer = scope.kind === 'public' ? null : scope.viewer;
  let query = visibleEvents(db, viewer)
    .select(['e.description', 'e.online_url'])
    .select(eventHostedBy(viewer, 'e').as('is_host'))
    .select(eventAttendedBy(viewer, 'e').as('is_going'))
    .where('e.ends_at', '>', since);
  if (scope.kind === 'group') query = query.where('e.group_id', '=', scope.groupId);
  if (scope.kind === 'member') {
    query = query.where((eb) => eb.or([eventAttendedBy(scope.viewer, 'e'), eventHostedBy(scope.viewer, 'e', { hubAdmins: false })]));
  }
  const rows = await query.orderBy('e.starts_at').orderBy('e.id').limit(limit).execute();
  return rows.map((row) => ({
    ...toCard(row),
    description: row.description,
    // Only a member's own calendar carries joining links: a group's feed is read by everyone in it.
    onlineUrl: scope.kind === 'member' && canSeeOnlineLink({ isHost: Boolean(row.is_host), status: row.is_going ? 'going' : null }) ? row.online_url : '',
  }));
}

/** Groups and organisations a member may host an event as. */
export async function hostChoices(db: Database, userId: number) {
  const [organisations, groups] = await Promise.all([
    db
      .selectFrom('organisation_members as m')
      .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
      .select(['o.id', 'o.name'])
      .where('m.user_id', '=', userId)
      .where('m.status', '=', 'active')
      .orderBy(sql`lower(o.name)`)
      .orderBy('o.id')
      .execute(),
    db
      .selectFrom('group_members as m')
      .innerJoin('groups as g', 'g.id', 'm.group_id')
      .select(['g.id', 'g.slug', 'g.name'])
      .where('m.user_id', '=', userId)
      .where('m.status', '=', 'active')
      .orderBy(sql`lower(g.name)`)
      .orderBy('g.id')
      .execute(),
  ]);
  return { organisations, groups };
}

export async function calendarTokenOf(db: Database, userId: number): Promise<string | null> {
  const row = await db.selectFrom('calendar_tokens').select('token').where('user_id', '=', userId).executeTakeFirst();
  return row?.token ?? null;
}

/** The member a calendar address belongs to, as a viewer; nobody for a suspended member. */
export async function calendarTokenOwner(db: Database, token: string): Promise<Viewer | null> {
  const row = await db
    .selectFrom('calendar_tokens as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['u.id', 'u.handle', 'u.display_name', 'u.role', 'u.email_verified_at'])
    .where('c.token', '=', token)
    .where('u.status', '=', 'active')
    .executeTakeFirst();
  return row ? { id: row.id, handle: row.handle, displayName: row.display_name, role: row.role, emailVerified: row.email_verified_at !== null } : null;
}

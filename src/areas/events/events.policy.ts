import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { AttendeeListVisibility } from '../../db/schema.ts';
import type { Viewer } from '../../web/context.ts';
import { groupContentVisibleTo } from '../groups/groups.policy.ts';

/**
 * THE rule for who may see an event, as a condition for a Kysely `where` on a query with the
 * events table in scope under `alias`. Every read of events goes through it: pages, lists, the
 * month calendar, JSON, CSV, feeds, iCalendar files, the subject registry (so conversations,
 * notifications and activity), emails and reminders.
 * An event of a group is seen exactly as the group's content is (the groups area's own rule);
 * any other event by everyone.
 */
export function eventVisibleTo(viewer: Viewer | null, alias = 'events'): RawBuilder<boolean> {
  const groupId = sql.ref(`${alias}.group_id`);
  return sql<boolean>`(${groupId} is null or exists (
    select 1 from groups event_group where event_group.id = ${groupId} and ${groupContentVisibleTo(viewer, 'event_group')}))`;
}

/** Visible to everyone, signed in or not: the only events public feeds and exports carry. */
export function eventIsPublic(alias = 'events'): RawBuilder<boolean> {
  return eventVisibleTo(null, alias);
}

/**
 * Who hosts an event, besides seeing it: the member who made it, administrators of the
 * organisation hosting it, facilitators of the group hosting it, and hub administrators. Hosts
 * edit and cancel it, see who is going and waiting, and moderate its conversation.
 */
export function eventHostedBy(viewer: Viewer | null, alias = 'events', options: { hubAdmins?: boolean } = {}): RawBuilder<boolean> {
  if (!viewer) return sql<boolean>`false`;
  // A member's own lists and calendar leave out events they host only as a hub administrator.
  if (viewer.role === 'admin' && options.hubAdmins !== false) return sql<boolean>`true`;
  const ref = (column: string) => sql.ref(`${alias}.${column}`);
  return sql<boolean>`(${ref('created_by')} = ${viewer.id}
    or exists (select 1 from organisation_members event_org
               where event_org.organisation_id = ${ref('organisation_id')} and event_org.user_id = ${viewer.id}
                 and event_org.status = 'active' and event_org.role = 'admin')
    or exists (select 1 from group_members event_facilitator
               where event_facilitator.group_id = ${ref('group_id')} and event_facilitator.user_id = ${viewer.id}
                 and event_facilitator.status = 'active' and event_facilitator.role = 'facilitator'))`;
}

/** A place on the event (not the waiting list). */
export function eventAttendedBy(viewer: Viewer | null, alias = 'events'): RawBuilder<boolean> {
  if (!viewer) return sql<boolean>`false`;
  return sql<boolean>`exists (select 1 from event_attendees event_going
    where event_going.event_id = ${sql.ref(`${alias}.id`)} and event_going.user_id = ${viewer.id} and event_going.status = 'going')`;
}

export interface EventStanding {
  /** Hosts: see above. */
  isHost: boolean;
  /** 'going', 'waiting' or null. */
  status: 'going' | 'waiting' | null;
}

/** The joining link of an online event: for those going and for hosts, nobody else. */
export function canSeeOnlineLink(standing: EventStanding): boolean {
  return standing.isHost || standing.status === 'going';
}

/** The list of who is going, as the host chose. Hosts always see it, and the waiting list. */
export function canSeeAttendees(choice: AttendeeListVisibility, standing: EventStanding): boolean {
  if (standing.isHost) return true;
  if (choice === 'everyone') return true;
  if (choice === 'attendees') return standing.status === 'going';
  return false;
}

export function canCreateEvent(viewer: Viewer | null): viewer is Viewer {
  return viewer !== null;
}

export async function visibleEventIds(db: Database, viewer: Viewer | null, ids: number[]): Promise<Set<number>> {
  const wanted = ids.filter((id) => Number.isSafeInteger(id) && id > 0);
  if (wanted.length === 0) return new Set();
  const rows = await db.selectFrom('events').select('events.id').where('events.id', 'in', wanted).where(eventVisibleTo(viewer)).execute();
  return new Set(rows.map((row) => row.id));
}

/** Hosts moderate the event's conversation; they must still be able to see it. */
export async function canModerateEvent(db: Database, viewer: Viewer | null, id: number): Promise<boolean> {
  if (!viewer || !Number.isSafeInteger(id) || id <= 0) return false;
  const row = await db
    .selectFrom('events')
    .select('events.id')
    .where('events.id', '=', id)
    .where(eventVisibleTo(viewer))
    .where(eventHostedBy(viewer))
    .executeTakeFirst();
  return row !== undefined;
}

/** A member as the rule judges viewers, from a users row: for emails, feeds read with a token and reminders. */
export function viewerFromUserRow(row: { id: number; handle: string; display_name: string; role: 'admin' | 'member'; email_verified_at: Date | null }): Viewer {
  return { id: row.id, handle: row.handle, displayName: row.display_name, role: row.role, emailVerified: row.email_verified_at !== null };
}

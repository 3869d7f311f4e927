import type { Database } from '../../db/database.ts';
import { t } from '../../i18n/i18n.ts';
import { Notice } from '../../web/components.tsx';
import type { Viewer } from '../../web/context.ts';
import { standingOf } from '../groups/groups.policy.ts';
import { canEdit as canEditWiki } from '../knowledge/knowledge.policy.ts';
import { hubEditing } from '../knowledge/knowledge.queries.ts';
import { slugPattern } from './events.forms.ts';
import { findEvent, type EventDetail } from './events.queries.ts';
import { linkToEvent } from './sessions.commands.ts';
import { canContribute } from './sessions.policy.ts';

/**
 * "What came of it", started from the event's page: a pitch, a knowledge page or a story
 * nomination made there carries the event's address in a hidden `from_event` field, and the area
 * that makes it asks these functions whether it may be linked, and links it once made. Only
 * those who take part in the event (those going, and its hosts) link things to it, as with the
 * form on its page; anyone else's `from_event` is ignored. What is linked shows on the event's
 * page only to those who may see both the event and the thing (cameOfIt asks each owner).
 */

export const fromEventField = 'from_event';

export interface EventOrigin {
  id: number;
  slug: string;
  title: string;
  /** The group hosting the event, whose wiki its pages go in and whose pitches it may gather. */
  groupId: number | null;
}

/** The event a form says it came from, when this viewer may see it and take part in it; otherwise null. */
export async function eventOrigin(db: Database, viewer: Viewer | null, value: unknown): Promise<EventOrigin | null> {
  if (!viewer || typeof value !== 'string' || !slugPattern.test(value)) return null;
  const event = await findEvent(db, value, viewer);
  if (!event || event.cancelled || !canContribute(viewer, event)) return null;
  return { id: event.id, slug: event.slug, title: event.title, groupId: event.group?.id ?? null };
}

/** The `from_event` value of a query string or a posted form. */
export function originValue(fields: unknown): unknown {
  return typeof fields === 'object' && fields !== null ? (fields as Record<string, unknown>)[fromEventField] : undefined;
}

/**
 * Links what was just made to the event it came from. False when the event has as many links as
 * it may have; what was made stays, without the link.
 */
export async function linkMadeFromEvent(db: Database, origin: EventOrigin, type: 'pitch' | 'knowledge-page', subjectId: number, userId: number): Promise<boolean> {
  return (await linkToEvent(db, origin.id, type, subjectId, userId)).ok;
}

/** A story nomination made from the event: linked to it once a facilitator makes it a story. */
export async function nominatedFromEvent(db: Database, origin: EventOrigin, nominationId: number, userId: number): Promise<void> {
  await db
    .insertInto('event_nomination_links')
    .values({ nomination_id: nominationId, event_id: origin.id, linked_by: userId })
    .onConflict((oc) => oc.column('nomination_id').doNothing())
    .execute();
}

/** The nomination became a story: the story joins what came of the event it was nominated from. */
export async function storyFromNomination(db: Database, nominationId: number, storyId: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const waiting = await tx.deleteFrom('event_nomination_links').where('nomination_id', '=', nominationId).returning(['event_id', 'linked_by']).executeTakeFirst();
    if (!waiting) return;
    await tx
      .insertInto('event_links')
      .values({ event_id: waiting.event_id, subject_type: 'story', subject_id: storyId, linked_by: waiting.linked_by })
      .onConflict((oc) => oc.columns(['event_id', 'subject_type', 'subject_id']).doNothing())
      .execute();
  });
}

/** Whether the viewer may write in the wiki an event's pages go in (its group's, or the hub's): the knowledge area's own rule. */
export async function mayWriteForEvent(db: Database, viewer: Viewer, event: Pick<EventDetail, 'group'>): Promise<boolean> {
  if (!event.group) return canEditWiki(viewer, { kind: 'hub', editing: await hubEditing(db) });
  const standing = await standingOf(db, viewer, event.group.id);
  return canEditWiki(viewer, { kind: 'group', group: { ...event.group, standing } });
}

/** The hidden field alone, for a second form on the same page (the knowledge page's template chooser). */
export function FromEventField({ origin }: { origin: EventOrigin }) {
  return <input type="hidden" name={fromEventField} value={origin.slug} />;
}

/** Inside the form that makes the thing: says where it will show, and carries the event along. */
export function FromEventNotice({ origin, what }: { origin: EventOrigin; what: 'pitch' | 'knowledge-page' | 'story' }) {
  return (
    <>
      <Notice kind="info">
        <p safe>{t(`events.fromEvent.${what}`, { title: origin.title })}</p>
      </Notice>
      <FromEventField origin={origin} />
    </>
  );
}

import type { EventKind } from '../../db/schema.ts';
import type { Viewer } from '../../web/context.ts';
import type { EventStanding } from './events.policy.ts';
import { sessionEventKinds } from './sessions.forms.ts';

/**
 * Who may do what with an event's sessions. Seeing them is seeing the event (eventVisibleTo, in
 * every query of sessions.queries.ts); these rules say who may take part once they see it.
 */

export interface SessionSettings {
  enabled: boolean;
  proposalsOpen: boolean;
  voteLimit: number | null;
}

/** Open conferences and knowledge jams take proposals unless their hosts turn it off; other events once they turn it on. */
export function settingsFor(kind: EventKind, saved: { enabled: boolean; proposals_open: boolean; vote_limit: number | null } | undefined): SessionSettings {
  if (!saved) return { enabled: (sessionEventKinds as readonly string[]).includes(kind), proposalsOpen: true, voteLimit: null };
  return { enabled: saved.enabled, proposalsOpen: saved.proposals_open, voteLimit: saved.vote_limit };
}

/** The event as these rules need it. */
export interface SessionEvent {
  standing: EventStanding;
  canManage: boolean;
  cancelled: boolean;
  endsAt: Date;
}

/** Attendees take part: those going, and the hosts. */
export function takesPart(event: SessionEvent): boolean {
  return event.canManage || event.standing.status === 'going';
}

/** Why the viewer may not propose or vote now; null when they may. */
export type ClosedReason = 'sign-in' | 'not-going' | 'cancelled' | 'over' | 'closed';

export function whyNotTakingPart(viewer: Viewer | null, event: SessionEvent, settings: SessionSettings, now = new Date()): ClosedReason | null {
  if (event.cancelled) return 'cancelled';
  if (event.endsAt.getTime() <= now.getTime()) return 'over';
  if (!settings.proposalsOpen) return 'closed';
  if (!viewer) return 'sign-in';
  if (!takesPart(event)) return 'not-going';
  return null;
}

/** A proposal is changed or withdrawn by whoever proposed it and by the hosts. */
export function canChangeSession(viewer: Viewer | null, event: SessionEvent, session: { proposedById: number | null }): boolean {
  if (!viewer) return false;
  return event.canManage || session.proposedById === viewer.id;
}

/** Why a declined proposal was declined: for whoever proposed it and the hosts. */
export function canSeeDeclined(viewer: Viewer | null, event: SessionEvent, session: { proposedById: number | null }): boolean {
  return canChangeSession(viewer, event, session);
}

/** Notes, outcomes and links to what came of the event: added by those who took part. */
export function canContribute(viewer: Viewer | null, event: SessionEvent): viewer is Viewer {
  return viewer !== null && takesPart(event);
}

/** An outcome or a link is taken away by whoever added it and by the hosts. */
export function canRemoveContribution(viewer: Viewer | null, event: SessionEvent, addedBy: number | null): boolean {
  if (!viewer) return false;
  return event.canManage || addedBy === viewer.id;
}

import type { SignalKind } from '../../db/schema.ts';
import type { Viewer } from '../../web/context.ts';

/**
 * Who may do what with interest signals. Seeing the pitch at all is the exchange's rule
 * (`pitchVisibleTo`); these decide the rest, given that the viewer may see it.
 */

/** Signals are only for published pitches; a draft has nobody outside its team to hear from. */
export function acceptsSignals(status: 'draft' | 'published'): boolean {
  return status === 'published';
}

/** A team cannot cheer its own pitch on, but may follow it like anyone else. */
export function maySignal(viewer: Viewer | null, onTeam: boolean, kind: SignalKind): boolean {
  return viewer !== null && (kind === 'follow' || !onTeam);
}

/**
 * Who signalled what, with notes and indicative amounts: the pitch team only. Hub administrators
 * are not included; a funder told the team, not the hub.
 */
export function maySeeSignalDetails(viewer: Viewer | null, onTeam: boolean): boolean {
  return viewer !== null && onTeam;
}

/** Private replies to signallers and invitations to commission together: the team again. */
export function mayContactSignallers(viewer: Viewer | null, onTeam: boolean): boolean {
  return maySeeSignalDetails(viewer, onTeam);
}

/** Following is not a sign of support, so it is not counted in the pitch's signal count. */
export function countsAsSupport(kind: SignalKind): boolean {
  return kind !== 'follow';
}

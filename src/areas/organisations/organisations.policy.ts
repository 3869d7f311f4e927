import type { Viewer } from '../../web/context.ts';

export interface Membership {
  role: 'admin' | 'member';
  status: 'pending' | 'active';
}

function isOrganisationAdmin(membership: Membership | null) {
  return membership?.status === 'active' && membership.role === 'admin';
}

/** Hub administrators may step in too, e.g. when every administrator of an organisation has gone. */
export function canEditOrganisation(viewer: Viewer | null, membership: Membership | null): boolean {
  return viewer !== null && (viewer.role === 'admin' || isOrganisationAdmin(membership));
}

/** Deciding on requests, promoting and removing members: the same people who may edit. */
export function canManageMembers(viewer: Viewer | null, membership: Membership | null): boolean {
  return canEditOrganisation(viewer, membership);
}

export function canCreateOrganisation(viewer: Viewer | null): boolean {
  return viewer !== null;
}

import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { findLocalAuthority } from '../../data/uk-local-authorities.ts';
import type { Viewer } from '../../web/context.ts';
import type { DirectoryFilters, GroupInput } from './groups.forms.ts';
import { canFacilitate, canSeeContent, groupVisibleTo, standingOf, type ViewerStanding, type Visibility } from './groups.policy.ts';

export const directoryPageSize = 20;
export const membersPageSize = 50;
const requestsShown = 50;

export interface GroupSummary {
  id: number;
  slug: string;
  name: string;
  purpose: string;
  visibility: Visibility;
  tags: string[];
  place: string;
  localAuthority: { code: string; name: string } | null;
  memberCount: number;
  createdAt: Date;
}

export interface GroupPerson {
  userId: number;
  handle: string;
  name: string;
  role: 'facilitator' | 'member';
}

export interface GroupDetail extends GroupSummary {
  /** Empty unless the viewer may see the group's content. */
  description: string;
  welcome: string;
  parent: { slug: string; name: string } | null;
  /** Raw parent id, for rules; never shown. */
  parentId: number | null;
  facilitators: GroupPerson[];
  /** Empty unless the viewer may see the group's content. */
  members: GroupPerson[];
  membersPage: number;
  membersHasNext: boolean;
  standing: ViewerStanding | null;
  canSeeContent: boolean;
  canFacilitate: boolean;
  /** Only for facilitators. */
  requests: GroupPerson[];
  moreRequests: boolean;
  subgroups: GroupSummary[];
}

const summaryColumns = [
  'groups.id',
  'groups.slug',
  'groups.name',
  'groups.purpose',
  'groups.visibility',
  'groups.tags',
  'groups.place',
  'groups.local_authority',
  'groups.member_count',
  'groups.created_at',
] as const;

interface SummaryRow {
  id: number;
  slug: string;
  name: string;
  purpose: string;
  visibility: Visibility;
  tags: string[];
  place: string;
  local_authority: string | null;
  member_count: number;
  created_at: Date;
}

function summaryOf(row: SummaryRow): GroupSummary {
  const authority = row.local_authority ? findLocalAuthority(row.local_authority) : undefined;
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    purpose: row.purpose,
    visibility: row.visibility,
    tags: row.tags,
    place: row.place,
    localAuthority: authority ? { code: authority.code, name: authority.name } : null,
    memberCount: row.member_count,
    createdAt: row.created_at,
  };
}

function likePattern(text: string) {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The directory: only groups the viewer may know exist, newest first. */
export async function listGroups(db: Database, viewer: Viewer | null, filters: DirectoryFilters, page: number) {
  let query = db.selectFrom('groups').select(summaryColumns).where(groupVisibleTo(viewer));
  if (filters.visibility) query = query.where('groups.visibility', '=', filters.visibility);
  if (filters.tag) query = query.where(sql<boolean>`${filters.tag} = any(groups.tags)`);
  for (const word of filters.q.split(/\s+/).filter(Boolean).slice(0, 8)) {
    const pattern = likePattern(word);
    query = query.where(
      sql<boolean>`(groups.name ilike ${pattern} or groups.purpose ilike ${pattern} or array_to_string(groups.tags, ' ') ilike ${pattern} or groups.place ilike ${pattern})`,
    );
  }
  const rows = await query
    .orderBy('groups.created_at', 'desc')
    .orderBy('groups.id', 'desc')
    .limit(directoryPageSize + 1)
    .offset((page - 1) * directoryPageSize)
    .execute();
  return { groups: rows.slice(0, directoryPageSize).map(summaryOf), hasNext: rows.length > directoryPageSize };
}

/** A group the viewer may know exists, by slug; undefined otherwise (so secret groups 404). */
export async function visibleGroup(db: Database, viewer: Viewer | null, slug: string) {
  return db
    .selectFrom('groups')
    .select([...summaryColumns, 'groups.description', 'groups.welcome', 'groups.parent_id'])
    .where('groups.slug', '=', slug)
    .where(groupVisibleTo(viewer))
    .executeTakeFirst();
}

export async function findGroup(db: Database, slug: string, viewer: Viewer | null, membersPage = 1): Promise<GroupDetail | undefined> {
  const row = await visibleGroup(db, viewer, slug);
  if (!row) return undefined;
  const standing = await standingOf(db, viewer, row.id);
  const seeContent = canSeeContent(viewer, row, standing);
  const facilitate = canFacilitate(viewer, standing);

  const people = db
    .selectFrom('group_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'u.handle', 'u.display_name', 'm.role'])
    .where('m.group_id', '=', row.id);
  const person = (r: { user_id: number; handle: string; display_name: string; role: 'facilitator' | 'member' }): GroupPerson => ({
    userId: r.user_id,
    handle: r.handle,
    name: r.display_name,
    role: r.role,
  });

  const facilitators = await people
    .where('m.status', '=', 'active')
    .where('m.role', '=', 'facilitator')
    .orderBy('u.display_name')
    .limit(membersPageSize)
    .execute();

  let members: GroupPerson[] = [];
  let membersHasNext = false;
  let subgroups: GroupSummary[] = [];
  if (seeContent) {
    // Newest first, through the group_members_joined index: in alphabetical order a group of
    // thousands would be sorted on every view (20 ms at 4,600 members). Facilitators are named apart.
    const memberRows = await people
      .where('m.status', '=', 'active')
      .orderBy('m.joined_at', 'desc')
      .orderBy('m.user_id', 'desc')
      .limit(membersPageSize + 1)
      .offset((membersPage - 1) * membersPageSize)
      .execute();
    members = memberRows.slice(0, membersPageSize).map(person);
    membersHasNext = memberRows.length > membersPageSize;
    const subRows = await db
      .selectFrom('groups')
      .select(summaryColumns)
      .where('groups.parent_id', '=', row.id)
      .where(groupVisibleTo(viewer))
      .orderBy('groups.name')
      .limit(100)
      .execute();
    subgroups = subRows.map(summaryOf);
  }

  let requests: GroupPerson[] = [];
  let moreRequests = false;
  if (facilitate) {
    const requestRows = await people.where('m.status', '=', 'pending').orderBy('m.created_at').limit(requestsShown + 1).execute();
    requests = requestRows.slice(0, requestsShown).map(person);
    moreRequests = requestRows.length > requestsShown;
  }

  // The parent is named only to those who may know it exists.
  const parent = row.parent_id
    ? ((await db
        .selectFrom('groups')
        .select(['groups.slug', 'groups.name'])
        .where('groups.id', '=', row.parent_id)
        .where(groupVisibleTo(viewer))
        .executeTakeFirst()) ?? null)
    : null;

  return {
    ...summaryOf(row),
    description: seeContent ? row.description : '',
    welcome: seeContent && standing?.status === 'active' ? row.welcome : '',
    parent,
    parentId: row.parent_id,
    facilitators: facilitators.map(person),
    members,
    membersPage,
    membersHasNext,
    standing,
    canSeeContent: seeContent,
    canFacilitate: facilitate,
    requests,
    moreRequests,
    subgroups,
  };
}

export async function groupFormValues(db: Database, id: number): Promise<Record<string, unknown>> {
  const row = await db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const values: Partial<Record<keyof GroupInput, unknown>> = {
    name: row.name,
    purpose: row.purpose,
    description: row.description,
    welcome: row.welcome,
    visibility: row.visibility,
    tags: row.tags.join(', '),
    place: row.place,
    localAuthority: row.local_authority ?? '',
  };
  return values;
}

export interface InvitationView {
  id: number;
  groupId: number;
  groupSlug: string;
  groupName: string;
  groupPurpose: string;
  email: string;
  expired: boolean;
  used: boolean;
}

export async function findInvitation(db: Database, tokenHash: string): Promise<InvitationView | undefined> {
  const row = await db
    .selectFrom('group_invitations as i')
    .innerJoin('groups as g', 'g.id', 'i.group_id')
    .select(['i.id', 'i.group_id', 'g.slug', 'g.name', 'g.purpose', 'i.email', 'i.expires_at', 'i.used_at'])
    .where('i.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    groupId: row.group_id,
    groupSlug: row.slug,
    groupName: row.name,
    groupPurpose: row.purpose,
    email: row.email,
    expired: row.expires_at.getTime() < Date.now(),
    used: row.used_at !== null,
  };
}

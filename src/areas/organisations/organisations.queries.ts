import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { findLocalAuthority } from '../../data/uk-local-authorities.ts';
import type { Viewer } from '../../web/context.ts';
import { canEditOrganisation, canManageMembers, type Membership } from './organisations.policy.ts';
import type { DirectoryFilters, OrganisationSize, OrganisationType } from './organisations.forms.ts';

export const directoryPageSize = 20;
export const membersPageSize = 50;
const requestsShown = 50;

export interface OrganisationSummary {
  id: number;
  slug: string;
  name: string;
  type: OrganisationType;
  size: OrganisationSize | null;
  place: string;
  localAuthority: { code: string; name: string } | null;
  website: string | null;
  tags: string[];
}

export interface OrganisationMember {
  userId: number;
  handle: string;
  name: string;
  role: 'admin' | 'member';
}

export interface JoinRequest {
  userId: number;
  handle: string;
  name: string;
  message: string;
  askedAt: Date;
}

export interface OrganisationDetail extends OrganisationSummary {
  description: string;
  createdAt: Date;
  updatedAt: Date;
  members: OrganisationMember[];
  membersPage: number;
  membersHasNext: boolean;
  /** The viewer's own membership or request, if any. */
  viewerMembership: Membership | null;
  canEdit: boolean;
  canManage: boolean;
  /** Only filled for people who may manage members; empty for everyone else. */
  requests: JoinRequest[];
  moreRequests: boolean;
}

const summaryColumns = ['o.id', 'o.slug', 'o.name', 'o.kind', 'o.size', 'o.place', 'o.local_authority', 'o.website', 'o.tags'] as const;

interface SummaryRow {
  id: number;
  slug: string;
  name: string;
  kind: string;
  size: string | null;
  place: string;
  local_authority: string | null;
  website: string | null;
  tags: string[];
}

function toSummary(row: SummaryRow): OrganisationSummary {
  const authority = row.local_authority ? findLocalAuthority(row.local_authority) : undefined;
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    type: row.kind as OrganisationType,
    size: row.size as OrganisationSize | null,
    place: row.place,
    localAuthority: authority ? { code: authority.code, name: authority.name } : null,
    website: row.website,
    tags: row.tags,
  };
}

/**
 * The directory: the one read behind /organisations, its JSON and its CSV. Organisations are
 * public, so no viewer is needed. A search matches the full-text index or, for names typed a little
 * wrong, trigram similarity on the name; the best matches come first.
 */
export async function listOrganisations(
  db: Database,
  filters: DirectoryFilters,
  page: number,
): Promise<{ organisations: OrganisationSummary[]; hasNext: boolean }> {
  let query = db.selectFrom('organisations as o').select(summaryColumns);
  if (filters.type) query = query.where('o.kind', '=', filters.type);
  if (filters.size) query = query.where('o.size', '=', filters.size);
  if (filters.authority) query = query.where('o.local_authority', '=', filters.authority);
  if (filters.tag) query = query.where(sql<boolean>`o.tags @> array[${filters.tag}]::text[]`);
  const q = filters.q.trim();
  if (q) {
    const words = sql`websearch_to_tsquery('english', ${q})`;
    const lowered = q.toLowerCase();
    query = query
      .where(sql<boolean>`(o.search @@ ${words} or lower(o.name) % ${lowered} or ${lowered} <% lower(o.name))`)
      .orderBy(sql`ts_rank(o.search, ${words}) + word_similarity(${lowered}, lower(o.name))`, 'desc');
  }
  const rows = await query
    .orderBy(sql`lower(o.name)`)
    .orderBy('o.id')
    .limit(directoryPageSize + 1)
    .offset((page - 1) * directoryPageSize)
    .execute();
  return { organisations: rows.slice(0, directoryPageSize).map(toSummary), hasNext: rows.length > directoryPageSize };
}

async function viewerMembership(db: Database, organisationId: number, viewer: Viewer | null): Promise<Membership | null> {
  if (!viewer) return null;
  const row = await db
    .selectFrom('organisation_members')
    .select(['role', 'status'])
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', viewer.id)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * One organisation as the viewer may see it: the public profile and its current members for
 * everyone; pending requests only for those who decide on them. Used by the page and its JSON.
 */
export async function findOrganisation(
  db: Database,
  slug: string,
  viewer: Viewer | null,
  membersPage = 1,
): Promise<OrganisationDetail | undefined> {
  const row = await db
    .selectFrom('organisations as o')
    .select([...summaryColumns, 'o.description', 'o.created_at', 'o.updated_at'])
    .where('o.slug', '=', slug)
    .executeTakeFirst();
  if (!row) return undefined;

  const membership = await viewerMembership(db, row.id, viewer);
  const canManage = canManageMembers(viewer, membership);

  const memberRows = await db
    .selectFrom('organisation_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'u.handle', 'u.display_name', 'm.role'])
    .where('m.organisation_id', '=', row.id)
    .where('m.status', '=', 'active')
    .where('u.status', '=', 'active')
    .orderBy(sql`case when m.role = 'admin' then 0 else 1 end`)
    .orderBy(sql`lower(u.display_name)`)
    .orderBy('u.id')
    .limit(membersPageSize + 1)
    .offset((membersPage - 1) * membersPageSize)
    .execute();

  // Oldest first, like a queue: once these are decided, the next ones show.
  const requestRows = canManage
    ? await db
        .selectFrom('organisation_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['m.user_id', 'u.handle', 'u.display_name', 'm.message', 'm.created_at'])
        .where('m.organisation_id', '=', row.id)
        .where('m.status', '=', 'pending')
        .where('u.status', '=', 'active')
        .orderBy('m.created_at')
        .orderBy('u.id')
        .limit(requestsShown + 1)
        .execute()
    : [];

  return {
    ...toSummary(row),
    description: row.description,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    members: memberRows.slice(0, membersPageSize).map((m) => ({ userId: m.user_id, handle: m.handle, name: m.display_name, role: m.role })),
    membersPage,
    membersHasNext: memberRows.length > membersPageSize,
    viewerMembership: membership,
    canEdit: canEditOrganisation(viewer, membership),
    canManage,
    requests: requestRows.slice(0, requestsShown).map((r) => ({
      userId: r.user_id,
      handle: r.handle,
      name: r.display_name,
      message: r.message,
      askedAt: r.created_at,
    })),
    moreRequests: requestRows.length > requestsShown,
  };
}

/** For profile pages: the organisations a member currently belongs to, by name. */
export async function organisationsOfMember(
  db: Database,
  userId: number,
): Promise<{ slug: string; name: string; role: 'admin' | 'member' }[]> {
  return db
    .selectFrom('organisation_members as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select(['o.slug', 'o.name', 'm.role'])
    .where('m.user_id', '=', userId)
    .where('m.status', '=', 'active')
    .orderBy(sql`lower(o.name)`)
    .orderBy('o.id')
    .execute();
}

export const myOrganisationsPageSize = 50;

/** The viewer's own memberships and requests, for their settings. */
export async function myOrganisations(db: Database, userId: number, page: number) {
  const rows = await db
    .selectFrom('organisation_members as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select(['o.slug', 'o.name', 'm.role', 'm.status'])
    .where('m.user_id', '=', userId)
    .orderBy(sql`case when m.status = 'pending' then 0 else 1 end`)
    .orderBy(sql`lower(o.name)`)
    .orderBy('o.id')
    .limit(myOrganisationsPageSize + 1)
    .offset((page - 1) * myOrganisationsPageSize)
    .execute();
  return { memberships: rows.slice(0, myOrganisationsPageSize), hasNext: rows.length > myOrganisationsPageSize };
}

/** Id, name and the viewer's standing, for write routes that only need to check permission. */
export async function organisationForViewer(db: Database, slug: string, viewer: Viewer | null) {
  const row = await db.selectFrom('organisations').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst();
  if (!row) return undefined;
  const membership = await viewerMembership(db, row.id, viewer);
  return { ...row, membership, canEdit: canEditOrganisation(viewer, membership), canManage: canManageMembers(viewer, membership) };
}

/** The stored values of an organisation in the shape of its form, for the edit page. */
export async function organisationFormValues(db: Database, id: number) {
  const row = await db
    .selectFrom('organisations')
    .select(['name', 'kind', 'size', 'place', 'local_authority', 'website', 'description', 'tags'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return {
    name: row.name,
    type: row.kind,
    size: row.size ?? '',
    place: row.place,
    localAuthority: row.local_authority ?? '',
    website: row.website ?? '',
    description: row.description,
    tags: row.tags,
  };
}

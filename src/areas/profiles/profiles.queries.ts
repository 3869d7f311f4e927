import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { findLocalAuthority } from '../../data/uk-local-authorities.ts';
import type { Viewer } from '../../web/context.ts';
import type { ResultCache } from '../../web/result-cache.ts';
import {
  memberRoles,
  pageSize,
  sectors,
  type FieldVisibility,
  type MemberRole,
  type ProfileField,
  type ProfileLink,
  type Sector,
} from './profiles.model.ts';
import { effectiveVisibility, fieldVisibleSql, maySeeSuspended, readerOf, searchVectorFor } from './profiles.policy.ts';

/**
 * A profile as one viewer may see it. Every optional part is null when it is empty OR hidden from
 * this viewer; the two are deliberately indistinguishable, so not even the existence of a hidden
 * field leaks.
 */
export interface VisibleProfile {
  userId: number;
  handle: string;
  name: string;
  joinedAt: Date;
  suspended: boolean;
  isOwner: boolean;
  /** Path under the uploads folder, e.g. "photos/abc.webp". */
  photo: string | null;
  bio: string | null;
  sector: Sector | null;
  roles: MemberRole[] | null;
  place: string | null;
  localAuthority: { code: string; name: string } | null;
  interests: string[] | null;
  skills: string | null;
  needs: string | null;
  links: ProfileLink[] | null;
  /** Who can see each part; only in the member's own view of their profile. */
  visibility: Record<ProfileField, FieldVisibility> | null;
}

export interface DirectoryFilters {
  q?: string | undefined;
  sector?: Sector | undefined;
  role?: MemberRole | undefined;
  /** ONS code of a local authority. */
  authority?: string | undefined;
  /** One interest tag, lower-case. */
  tag?: string | undefined;
  page?: number | undefined;
}

/**
 * Every column of a profile, each masked in SQL by the viewer's right to see it, so no code path
 * after this query can show more than the rule allows.
 *
 * Extension point: organisations a member belongs to are not read here; the organisations area
 * owns those tables and its visibility rules. It should export its own query (e.g.
 * `organisationsOfMember(db, viewer, userIds)`), which the profile routes call after this one and
 * pass to `ProfilePage` as `organisations`.
 */
function selectVisible(db: Database, viewer: Viewer | null) {
  const shown = (field: ProfileField) => fieldVisibleSql(viewer, field);
  let query = db
    .selectFrom('users')
    .innerJoin('profiles', 'profiles.user_id', 'users.id')
    .select([
      'users.id',
      'users.handle',
      'users.display_name',
      'users.created_at',
      'users.status',
      sql<string | null>`case when ${shown('photo')} then profiles.photo end`.as('photo'),
      sql<string | null>`case when ${shown('bio')} then profiles.bio end`.as('bio'),
      sql<string | null>`case when ${shown('sector')} then profiles.sector end`.as('sector'),
      sql<string[] | null>`case when ${shown('roles')} then profiles.roles end`.as('roles'),
      sql<string | null>`case when ${shown('place')} then profiles.place end`.as('place'),
      sql<string | null>`case when ${shown('localAuthority')} then profiles.local_authority end`.as('local_authority'),
      sql<string[] | null>`case when ${shown('interests')} then profiles.interests end`.as('interests'),
      sql<string | null>`case when ${shown('skills')} then profiles.skills end`.as('skills'),
      sql<string | null>`case when ${shown('needs')} then profiles.needs end`.as('needs'),
      sql<ProfileLink[] | null>`case when ${shown('links')} then profiles.links end`.as('links'),
      // Even which fields are hidden is the member's own business.
      sql<unknown>`case when users.id = ${viewer?.id ?? 0} then profiles.visibility end`.as('visibility'),
    ]);
  if (!maySeeSuspended(viewer)) query = query.where('users.status', '=', 'active');
  return query;
}

type Row = Awaited<ReturnType<ReturnType<typeof selectVisible>['executeTakeFirstOrThrow']>>;

function text(value: string | null): string | null {
  return value && value.trim() ? value : null;
}

function list<T>(value: T[] | null | undefined): T[] | null {
  return Array.isArray(value) && value.length > 0 ? value : null;
}

function toProfile(row: Row, viewer: Viewer | null): VisibleProfile {
  const authority = row.local_authority ? findLocalAuthority(row.local_authority) : undefined;
  const isOwner = viewer?.id === row.id;
  const links = Array.isArray(row.links)
    ? row.links.filter((link) => typeof link?.url === 'string' && typeof link?.label === 'string')
    : null;
  return {
    userId: row.id,
    handle: row.handle,
    name: row.display_name,
    joinedAt: row.created_at,
    suspended: row.status === 'suspended',
    isOwner,
    photo: text(row.photo),
    bio: text(row.bio),
    sector: (sectors as readonly string[]).includes(row.sector ?? '') ? (row.sector as Sector) : null,
    roles: list(row.roles?.filter((role): role is MemberRole => (memberRoles as readonly string[]).includes(role))),
    place: text(row.place),
    localAuthority: authority ? { code: authority.code, name: authority.name } : null,
    interests: list(row.interests),
    skills: text(row.skills),
    needs: text(row.needs),
    links: list(links),
    visibility: isOwner ? effectiveVisibility(row.visibility) : null,
  };
}

/** One member's profile as `viewer` may see it, or null when there is none they may open. */
export async function visibleProfile(db: Database, viewer: Viewer | null, handle: string): Promise<VisibleProfile | null> {
  const row = await selectVisible(db, viewer).where('users.handle', '=', handle).executeTakeFirst();
  return row ? toProfile(row, viewer) : null;
}

/** How many of the newest members who match a search are put in order of relevance. */
export const directorySearchPool = 2000;

/**
 * The member directory as `viewer` may see it: one page, newest members first, or best matches
 * first when there is a search. Filters only match a field the viewer may see, and the text search
 * runs against the vector built from exactly those fields, so no result betrays a hidden value.
 *
 * A search ranks the newest 2,000 members who match (a common word matches tens of thousands on a
 * large hub, and ranking them all takes a quarter of a second) and its order is kept in the result
 * cache, once for visitors and once for members, who all read others' profiles alike; each page's
 * profiles are then read as this viewer may see them.
 */
export async function visibleProfiles(
  db: Database,
  viewer: Viewer | null,
  filters: DirectoryFilters,
  cache?: ResultCache,
): Promise<{ profiles: VisibleProfile[]; hasNext: boolean }> {
  const page = filters.page ?? 1;
  const q = filters.q?.trim();
  if (!q) {
    const rows = await directoryQuery(db, viewer, filters)
      .orderBy('users.created_at', 'desc')
      .orderBy('users.id', 'desc')
      .limit(pageSize + 1)
      .offset((page - 1) * pageSize)
      .execute();
    return { profiles: rows.slice(0, pageSize).map((row) => toProfile(row, viewer)), hasNext: rows.length > pageSize };
  }
  const { audience, reader } = readerOf(viewer);
  const { page: _page, ...search } = filters;
  const work = () => rankedSearch(db, reader, { ...search, q });
  const ranked = cache ? await cache.get(`directory:${audience}:${JSON.stringify(search)}`, ['users', 'profiles'], work) : await work();
  const ids = ranked.slice((page - 1) * pageSize, page * pageSize);
  if (ids.length === 0) return { profiles: [], hasNext: false };
  const rows = await selectVisible(db, viewer).where('users.status', '=', 'active').where('users.id', 'in', ids).execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  const profiles = ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toProfile(row, viewer)] : [];
  });
  return { profiles, hasNext: ranked.length > page * pageSize };
}

/** The directory's rows for this viewer with the filters applied, before any search. */
function directoryQuery(db: Database, viewer: Viewer | null, filters: DirectoryFilters) {
  // Suspended members are never listed, not even for administrators.
  let query = selectVisible(db, viewer).where('users.status', '=', 'active');
  if (filters.sector) {
    query = query.where('profiles.sector', '=', filters.sector).where(fieldVisibleSql(viewer, 'sector'));
  }
  if (filters.role) {
    query = query.where(sql<boolean>`profiles.roles @> array[${filters.role}]::text[]`).where(fieldVisibleSql(viewer, 'roles'));
  }
  if (filters.authority) {
    query = query.where('profiles.local_authority', '=', filters.authority).where(fieldVisibleSql(viewer, 'localAuthority'));
  }
  if (filters.tag) {
    query = query.where(sql<boolean>`profiles.interests @> array[${filters.tag}]::text[]`).where(fieldVisibleSql(viewer, 'interests'));
  }
  return query;
}

/** The ids of the members a search finds, best match first. */
async function rankedSearch(db: Database, reader: Viewer | null, filters: DirectoryFilters & { q: string }): Promise<number[]> {
  const vector = searchVectorFor(reader);
  const tsquery = sql`websearch_to_tsquery('english', ${filters.q})`;
  const name = filters.q.toLowerCase();
  // Words against the reader's vector; the name also by trigrams, so "lovlace" finds Lovelace.
  // `lower(display_name) %> q` is word_similarity(q, name) above the threshold, and can use the
  // users_display_name_trgm index. Asked as two sets, each through its own index: an "or" across
  // the two tables reads every member instead.
  const rows = await directoryQuery(db, reader, filters)
    .clearSelect()
    .select('users.id')
    .where(
      sql<boolean>`users.id in (
        (select profiles.user_id from profiles where ${vector} @@ ${tsquery} order by profiles.user_id desc limit ${directorySearchPool})
        union select users.id from users where lower(users.display_name) %> ${name})`,
    )
    .orderBy(sql`greatest(ts_rank(${vector}, ${tsquery}), word_similarity(${name}, lower(users.display_name)))`, 'desc')
    .orderBy('users.created_at', 'desc')
    .orderBy('users.id', 'desc')
    .limit(directorySearchPool)
    .execute();
  return rows.map((row) => row.id);
}

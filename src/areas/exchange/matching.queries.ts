import { sql, type RawBuilder } from 'kysely';
import { findLocalAuthority } from '../../data/uk-local-authorities.ts';
import type { Database } from '../../db/database.ts';
import type { PitchKind } from '../../db/schema.ts';
import type { Viewer } from '../../web/context.ts';
import { fieldVisibleSql, readerOf, searchVectorFor } from '../profiles/profiles.policy.ts';
import { activeMemberOf } from '../groups/groups.policy.ts';
import { pitchIsPublic, pitchVisibleTo, visiblePitchIds } from './pitches.policy.ts';
import type { ResultCache } from '../../web/result-cache.ts';

/**
 * "People and offers that fit": suggestions for a pitch and for a member, found with the GIN
 * indexes on tags, interests and search vectors. Each query picks its few best rows first and
 * works out the reasons for those rows only, so nothing runs once per candidate.
 *
 * Members' profiles are read under the member directory's rule (profiles.policy.ts): interests and
 * areas only where the viewer may see them, and text against the search vector built from exactly
 * the fields the viewer may see, so a suggestion can never betray a hidden field.
 *
 * A pitch's suggestions are the same for every visitor, and for every signed-in member apart from
 * themselves and the pitches of their own closed and secret groups. So the public part is kept in
 * the result cache once for visitors and once for members (invalidated when a table it reads
 * changes), and only the part from the viewer's own groups is worked out on each request.
 */

export const groupSize = 5;
const maxWords = 24;
/**
 * How many of the newest candidates each group weighs. Scoring every member who shares a common
 * interest costs seconds on a hub of 150,000 members; the newest thousand that fit keep the
 * suggestions current and the cost flat however large the hub grows.
 */
export const candidatePool = 1000;

export type MatchReason =
  | { kind: 'tags' | 'interests'; values: string[] }
  | { kind: 'mentions'; values: string[] }
  | { kind: 'area'; name: string }
  | { kind: 'online' }
  | { kind: 'funder'; organisation: string | null };

export interface PitchMatch {
  slug: string;
  title: string;
  kind: PitchKind;
  summary: string;
  reasons: MatchReason[];
  /** How well it fits, to merge groups of suggestions in order. */
  score: number;
}

export interface MemberMatch {
  handle: string;
  name: string;
  reasons: MatchReason[];
}

export interface PitchMatches {
  /** Whether the first group holds offers for this need, or needs this offer could meet. */
  direction: 'offers' | 'needs';
  pitches: PitchMatch[];
  people: MemberMatch[];
  funders: MemberMatch[];
}

const supplyKinds = ['offer', 'product', 'service'] as const satisfies readonly PitchKind[];
const demandKinds = ['want', 'challenge', 'idea', 'project'] as const satisfies readonly PitchKind[];

/** A fitting pitch with the reasons it fits: shared tags, words it mentions, the same area, online. */
function pitchMatch(
  row: { slug: string; title: string; kind: PitchKind; summary: string; local_authority: string | null; shared: string[]; mentioned: string[]; score: number },
  localAuthority: string | null,
  online: boolean,
): PitchMatch {
  const reasons: MatchReason[] = [];
  if (row.shared.length > 0) reasons.push({ kind: 'tags', values: row.shared });
  reasons.push(...mentionsReason(row.mentioned, row.shared));
  const area = localAuthority && row.local_authority === localAuthority ? areaName(row.local_authority) : null;
  if (area) reasons.push({ kind: 'area', name: area });
  if (online) reasons.push({ kind: 'online' });
  return { slug: row.slug, title: row.title, kind: row.kind, summary: row.summary, reasons, score: Number(row.score) };
}

/** Offers, products and services meet wants, challenges, ideas and projects, and the reverse. */
export function complementaryKinds(kind: PitchKind): { direction: 'offers' | 'needs'; kinds: readonly PitchKind[] } {
  return (supplyKinds as readonly PitchKind[]).includes(kind) ? { direction: 'needs', kinds: demandKinds } : { direction: 'offers', kinds: supplyKinds };
}

// Words too common to say anything about a fit; the English dictionary drops most, these are the
// ones it keeps that are everywhere on a hub like this.
const commonWords = new Set(
  'the and for with from that this into over your our their about more less very also able need needs want wants offer offers help local community project new'.split(' '),
);

/**
 * The distinct words of a text, lower-cased, letters and digits only, so they are safe to join into
 * a tsquery without any escaping.
 */
export function significantWords(...texts: string[]): string[] {
  const words = new Set<string>();
  for (const text of texts) {
    for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
      if (word.length >= 3 && word.length <= 40 && !commonWords.has(word)) words.add(word);
      if (words.size >= maxWords) return [...words];
    }
  }
  return [...words];
}

/** Any of the words, each stemmed by the English dictionary: "reablement | social | care". */
function anyOf(words: string[]): RawBuilder<unknown> {
  return sql`to_tsquery('english', ${words.join(' | ')})`;
}

function textArray(values: string[]): RawBuilder<string[]> {
  return values.length === 0 ? sql<string[]>`array[]::text[]` : sql<string[]>`array[${sql.join(values)}]::text[]`;
}

/** The words of `words` that the vector contains, one small query-free check per word. */
function mentionedWords(vector: RawBuilder<unknown>, words: string[]): RawBuilder<string[]> {
  if (words.length === 0) return sql<string[]>`array[]::text[]`;
  return sql<string[]>`array(select w from unnest(${textArray(words)}) as w where ${vector} @@ plainto_tsquery('english', w))`;
}

function areaName(code: string | null | undefined): string | null {
  return code ? (findLocalAuthority(code)?.name ?? null) : null;
}

/** Words already given as shared tags are not repeated as "mentions". */
function mentionsReason(mentioned: string[] | null, shown: string[]): MatchReason[] {
  const tagWords = new Set(shown.flatMap((tag) => tag.toLowerCase().split(/[^\p{L}\p{N}]+/u)));
  const values = (mentioned ?? []).filter((word) => !tagWords.has(word)).slice(0, 3);
  return values.length > 0 ? [{ kind: 'mentions', values }] : [];
}

interface Source {
  id: number;
  kind: PitchKind;
  title: string;
  tags: string[];
  localAuthority: string | null;
  online: boolean;
}

async function sourcePitch(db: Database, viewer: Viewer | null, pitchId: number): Promise<Source | undefined> {
  const row = await db
    .selectFrom('pitches')
    .select(['id', 'kind', 'title', 'tags', 'local_authority', 'online'])
    .where('id', '=', pitchId)
    .where(pitchVisibleTo(viewer))
    .executeTakeFirst();
  if (!row) return undefined;
  return { id: row.id, kind: row.kind, title: row.title, tags: row.tags, localAuthority: row.local_authority, online: row.online };
}

/** What the shared part of a pitch's suggestions is read from: a change to any of them renews it. */
const sharedMatchTables = ['pitches', 'pitch_team', 'profiles', 'users', 'organisations', 'organisation_members', 'groups'] as const;
/** What a member's own suggestions are read from. */
const memberMatchTables = ['pitches', 'pitch_team', 'profiles', 'groups', 'group_members'] as const;

/** The three groups of suggestions for one pitch, as this viewer may see them. */
export async function matchesForPitch(db: Database, viewer: Viewer | null, pitchId: number, cache?: ResultCache): Promise<PitchMatches | undefined> {
  const source = await sourcePitch(db, viewer, pitchId);
  if (!source) return undefined;
  const { audience, reader } = readerOf(viewer);
  const work = () => sharedMatches(db, reader, source);
  const shared = cache ? await cache.get(`pitch-matches:${source.id}:${audience}`, sharedMatchTables, work) : await work();
  let pitches = shared.pitches;
  if (viewer) {
    const words = significantWords(source.title, source.tags.join(' '));
    const own = await complementaryPitches(db, viewer, source, complementaryKinds(source.kind).kinds, words, 'own-groups');
    pitches = [...pitches, ...own].sort((a, b) => b.score - a.score).slice(0, groupSize);
  }
  const notViewer = (match: MemberMatch) => match.handle !== viewer?.handle;
  return {
    direction: shared.direction,
    pitches,
    people: shared.people.filter(notViewer).slice(0, groupSize),
    funders: shared.funders.filter(notViewer).slice(0, groupSize),
  };
}

/**
 * The suggestions every visitor, or every member, sees alike: public pitches, and members read
 * as that audience may read them (one more than shown, in case the reader is among them).
 */
async function sharedMatches(db: Database, reader: Viewer | null, source: Source): Promise<PitchMatches> {
  const words = significantWords(source.title, source.tags.join(' '));
  const { direction, kinds } = complementaryKinds(source.kind);
  const team = await db.selectFrom('pitch_team').select('user_id').where('pitch_id', '=', source.id).execute();
  const excluded = team.map((row) => row.user_id);
  return {
    direction,
    pitches: await complementaryPitches(db, null, source, kinds, words, 'public'),
    people: await fittingMembers(db, reader, source, words, excluded, undefined, groupSize + 1),
    funders: await fittingFunders(db, reader, source, words, excluded, undefined, groupSize + 1),
  };
}

/** How well a pitch (columns of `alias`) fits these tags, words and place. */
function pitchScore(alias: string, tags: RawBuilder<string[]>, query: RawBuilder<unknown> | null, localAuthority: string | null, countOnline: boolean) {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  const sameArea = localAuthority ? sql<boolean>`${column('local_authority')} = ${localAuthority}` : sql<boolean>`false`;
  return sql<number>`cardinality(array(select unnest(${column('tags')}) intersect select unnest(${tags}))) * 3
    + ${query ? sql`ts_rank(${column('search')}, ${query}) * 10` : sql`0`}
    + case when ${sameArea} then 1 else 0 end
    + ${countOnline ? sql`case when ${column('online')} then 0.5 else 0 end` : sql`0`}`;
}

/**
 * Pitches of the complementary kinds that fit: the public ones, or those of the viewer's own
 * closed and secret groups (few, and different for each member).
 */
async function complementaryPitches(
  db: Database,
  viewer: Viewer | null,
  source: Source,
  kinds: readonly PitchKind[],
  words: string[],
  scope: 'public' | 'own-groups',
): Promise<PitchMatch[]> {
  if (source.tags.length === 0 && words.length === 0) return [];
  if (scope === 'own-groups' && !viewer) return [];
  const inScope =
    scope === 'public'
      ? pitchIsPublic('p')
      : sql<boolean>`(p.group_id in (select gm.group_id from group_members gm where gm.user_id = ${viewer!.id} and gm.status = 'active')
          and ${pitchVisibleTo(viewer, 'p')} and not ${pitchIsPublic('p')})`;
  return bestFittingPitches(db, sql<boolean>`(${inScope} and p.id <> ${source.id} and p.kind in (${sql.join([...kinds])}))`, {
    tags: source.tags,
    words,
    localAuthority: source.localAuthority,
    countOnline: true,
  });
}

/**
 * The best few published, open pitches (`p`) meeting `where` that share tags or words: the newest
 * candidates first (`candidatePool`), then scored, then the reasons for the few kept.
 */
async function bestFittingPitches(
  db: Database,
  where: RawBuilder<boolean>,
  fit: { tags: string[]; words: string[]; localAuthority: string | null; countOnline: boolean },
): Promise<PitchMatch[]> {
  const tags = textArray(fit.tags);
  const query = fit.words.length > 0 ? anyOf(fit.words) : null;
  const textMatch = query ? sql<boolean>`p.search @@ ${query}` : sql<boolean>`false`;
  const candidates = db
    .selectFrom('pitches as p')
    .select(['p.id', 'p.slug', 'p.title', 'p.kind', 'p.summary', 'p.tags', 'p.search', 'p.local_authority', 'p.online', 'p.published_at'])
    .where(where)
    .where('p.status', '=', 'published')
    .where('p.hidden_at', 'is', null)
    .where('p.stage', '<>', 'closed')
    .where(sql<boolean>`(p.tags && ${tags} or ${textMatch})`)
    .orderBy('p.published_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(candidatePool);
  const best = db
    .selectFrom(candidates.as('c'))
    .selectAll('c')
    .select(pitchScore('c', tags, query, fit.localAuthority, fit.countOnline).as('score'))
    .orderBy('score', 'desc')
    .orderBy('c.published_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(groupSize);
  const rows = await db
    .selectFrom(best.as('m'))
    .select([
      'm.slug',
      'm.title',
      'm.kind',
      'm.summary',
      'm.local_authority',
      'm.online',
      'm.score',
      sql<string[]>`array(select t from unnest(m.tags) as t where t = any(${tags}))`.as('shared'),
      mentionedWords(sql`m.search`, fit.words).as('mentioned'),
    ])
    .orderBy('m.score', 'desc')
    .orderBy('m.published_at', 'desc')
    .execute();
  return rows.map((row) => pitchMatch(row, fit.localAuthority, fit.countOnline && row.online));
}

/** SQL pieces for reading other members' profiles as this viewer may see them. */
function profileTerms(viewer: Viewer | null, source: Source, words: string[]) {
  const tags = textArray(source.tags);
  const vector = searchVectorFor(viewer);
  const query = words.length > 0 ? anyOf(words) : null;
  const interestsShown = fieldVisibleSql(viewer, 'interests');
  const areaShown = fieldVisibleSql(viewer, 'localAuthority');
  const sharesInterests = sql<boolean>`(profiles.interests && ${tags} and ${interestsShown})`;
  const textMatch = query ? sql<boolean>`${vector} @@ ${query}` : sql<boolean>`false`;
  // Masked here, in the innermost query, so nothing outside it sees a value the viewer may not.
  const visibleInterests = sql<string[]>`case when ${interestsShown} then profiles.interests else array[]::text[] end`;
  const visibleArea = sql<string | null>`case when ${areaShown} then profiles.local_authority end`;
  /** The fit of a candidate, from its masked columns (`interests`, `vector`, `area`). */
  const scoreOf = (alias: string) => {
    const column = (name: string) => sql.ref(`${alias}.${name}`);
    const sameArea = source.localAuthority ? sql<boolean>`${column('area')} = ${source.localAuthority}` : sql<boolean>`false`;
    return sql<number>`cardinality(array(select unnest(${column('interests')}) intersect select unnest(${tags}))) * 3
      + ${query ? sql`ts_rank(${column('vector')}, ${query}) * 10` : sql`0`}
      + case when ${sameArea} then 1 else 0 end`;
  };
  return { tags, vector, sharesInterests, textMatch, visibleInterests, visibleArea, scoreOf };
}
function memberReasons(
  row: { shared: string[]; mentioned: string[] | null; area: string | null },
  source: Source,
): MatchReason[] {
  const reasons: MatchReason[] = [];
  if (row.shared.length > 0) reasons.push({ kind: 'interests', values: row.shared });
  reasons.push(...mentionsReason(row.mentioned, row.shared));
  if (source.localAuthority && row.area === source.localAuthority) {
    const name = areaName(row.area);
    if (name) reasons.push({ kind: 'area', name });
  }
  return reasons;
}

/**
 * Who may be told of a newly published pitch: everyone when the pitch is public, only the active
 * members of its group when it was posted into a closed or secret one (notify checks each of
 * them against the pitch's own rule again), nobody for a pitch no one outside its team may see.
 */
async function audienceOf(db: Database, pitch: { id: number; group_id: number | null }): Promise<RawBuilder<boolean> | 'everyone' | null> {
  if ((await visiblePitchIds(db, null, [pitch.id])).has(pitch.id)) return 'everyone';
  return pitch.group_id === null ? null : activeMemberOf(pitch.group_id, 'users.id');
}

/**
 * The members and funders to tell of a newly published pitch: matched on what their profiles show
 * everyone (so nobody is chosen for a field they keep to themselves), among those who may see it.
 */
export async function membersToTell(db: Database, pitchId: number): Promise<MemberMatch[]> {
  const row = await db
    .selectFrom('pitches')
    .select(['id', 'kind', 'title', 'tags', 'local_authority', 'online', 'status', 'group_id'])
    .where('id', '=', pitchId)
    .executeTakeFirst();
  if (!row || row.status !== 'published') return [];
  const audience = await audienceOf(db, row);
  if (audience === null) return [];
  const source: Source = { id: row.id, kind: row.kind, title: row.title, tags: row.tags, localAuthority: row.local_authority, online: row.online };
  const words = significantWords(source.title, source.tags.join(' '));
  const team = await db.selectFrom('pitch_team').select('user_id').where('pitch_id', '=', source.id).execute();
  const excluded = team.map((member) => member.user_id);
  const within = audience === 'everyone' ? undefined : audience;
  return [...(await fittingMembers(db, null, source, words, excluded, within)), ...(await fittingFunders(db, null, source, words, excluded, within))];
}

async function fittingMembers(
  db: Database,
  viewer: Viewer | null,
  source: Source,
  words: string[],
  excluded: number[],
  audience?: RawBuilder<boolean>,
  limit = groupSize,
): Promise<MemberMatch[]> {
  if (source.tags.length === 0 && words.length === 0) return [];
  const terms = profileTerms(viewer, source, words);
  let candidates = db
    .selectFrom('profiles')
    .innerJoin('users', 'users.id', 'profiles.user_id')
    .select([
      'users.id',
      'users.handle',
      'users.display_name',
      terms.vector.as('vector'),
      terms.visibleInterests.as('interests'),
      terms.visibleArea.as('area'),
    ])
    .where('users.status', '=', 'active')
    .where(sql<boolean>`(${terms.sharesInterests} or ${terms.textMatch})`);
  if (excluded.length > 0) candidates = candidates.where('users.id', 'not in', excluded);
  if (audience) candidates = candidates.where(audience);
  const best = db
    .selectFrom(candidates.orderBy('users.id', 'desc').limit(candidatePool).as('c'))
    .selectAll('c')
    .select(terms.scoreOf('c').as('score'))
    .orderBy('score', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit);
  const rows = await db
    .selectFrom(best.as('m'))
    .select([
      'm.handle',
      'm.display_name',
      'm.area',
      sql<string[]>`array(select t from unnest(m.interests) as t where t = any(${terms.tags}))`.as('shared'),
      mentionedWords(sql`m.vector`, words).as('mentioned'),
    ])
    .orderBy('m.score', 'desc')
    .orderBy('m.id', 'desc')
    .execute();
  return rows.map((row) => ({ handle: row.handle, name: row.display_name, reasons: memberReasons(row, source) }));
}

/** Active members of organisations of kind "funder", with the organisation (membership is public). */
const funderOrganisations = sql`(select m.user_id, o.name, o.tags from organisation_members m
    join organisations o on o.id = m.organisation_id
    where o.kind = 'funder' and m.status = 'active')`;

/**
 * Funders: members who show the funder role to this viewer, or who are active members of an
 * organisation of kind "funder" (organisation membership is public). They fit by their own
 * interests and words, or by the tags of their funder organisation.
 */
async function fittingFunders(
  db: Database,
  viewer: Viewer | null,
  source: Source,
  words: string[],
  excluded: number[],
  audience?: RawBuilder<boolean>,
  limit = groupSize,
): Promise<MemberMatch[]> {
  if (source.tags.length === 0 && words.length === 0) return [];
  const terms = profileTerms(viewer, source, words);
  const rolesShown = fieldVisibleSql(viewer, 'roles');
  const organisationFits = sql<boolean>`exists (select 1 from ${funderOrganisations} f where f.user_id = users.id and f.tags && ${terms.tags})`;
  let candidates = db
    .selectFrom('profiles')
    .innerJoin('users', 'users.id', 'profiles.user_id')
    .select([
      'users.id',
      'users.handle',
      'users.display_name',
      terms.vector.as('vector'),
      terms.visibleInterests.as('interests'),
      terms.visibleArea.as('area'),
      organisationFits.as('organisation_fits'),
    ])
    .where('users.status', '=', 'active')
    // Narrows to the few thousand possible funders through the indexes first.
    .where(
      sql<boolean>`users.id in (select funder.user_id from profiles funder where funder.roles @> array['funder']::text[]
        union select f.user_id from ${funderOrganisations} f)`,
    )
    .where(
      sql<boolean>`((profiles.roles @> array['funder']::text[] and ${rolesShown})
        or exists (select 1 from ${funderOrganisations} f where f.user_id = users.id))`,
    )
    .where(sql<boolean>`(${terms.sharesInterests} or ${terms.textMatch} or ${organisationFits})`);
  if (excluded.length > 0) candidates = candidates.where('users.id', 'not in', excluded);
  if (audience) candidates = candidates.where(audience);
  const best = db
    .selectFrom(candidates.orderBy('users.id', 'desc').limit(candidatePool).as('c'))
    .selectAll('c')
    .select(sql<number>`${terms.scoreOf('c')} + case when c.organisation_fits then 3 else 0 end`.as('score'))
    .orderBy('score', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit);
  const rows = await db
    .selectFrom(best.as('m'))
    .select([
      'm.handle',
      'm.display_name',
      'm.area',
      sql<string[]>`array(select t from unnest(m.interests) as t where t = any(${terms.tags}))`.as('own_shared'),
      sql<string[]>`array(select distinct t from ${funderOrganisations} f, unnest(f.tags) as t where f.user_id = m.id and t = any(${terms.tags}))`.as(
        'organisation_shared',
      ),
      sql<string | null>`(select f.name from ${funderOrganisations} f where f.user_id = m.id order by f.tags && ${terms.tags} desc, f.name limit 1)`.as(
        'organisation',
      ),
      mentionedWords(sql`m.vector`, words).as('mentioned'),
    ])
    .orderBy('m.score', 'desc')
    .orderBy('m.id', 'desc')
    .execute();
  return rows.map((row) => {
    const shared = [...new Set([...row.own_shared, ...row.organisation_shared])];
    return {
      handle: row.handle,
      name: row.display_name,
      reasons: [{ kind: 'funder', organisation: row.organisation } as MatchReason, ...memberReasons({ ...row, shared }, source)],
    };
  });
}

/**
 * Pitches that fit a member: their interests against pitch tags, the words of their interests and
 * skills against pitch text. Their own profile, so every field of it counts; pitches they are on
 * the team of, or wrote, are left out. Kept per member in the result cache.
 */
export async function pitchesForMember(db: Database, viewer: Viewer, cache?: ResultCache): Promise<PitchMatch[]> {
  const work = () => workOutPitchesForMember(db, viewer);
  return cache ? cache.get(`member-matches:${viewer.id}`, memberMatchTables, work) : work();
}

async function workOutPitchesForMember(db: Database, viewer: Viewer): Promise<PitchMatch[]> {
  const profile = await db
    .selectFrom('profiles')
    .select(['interests', 'skills', 'local_authority'])
    .where('user_id', '=', viewer.id)
    .executeTakeFirst();
  if (!profile) return [];
  const interests = profile.interests.slice(0, 20);
  const words = significantWords(interests.join(' '), profile.skills);
  if (interests.length === 0 && words.length === 0) return [];
  const notTheirs = sql<boolean>`(${pitchVisibleTo(viewer, 'p')}
    and (p.author_id is null or p.author_id <> ${viewer.id})
    and not exists (select 1 from pitch_team pt where pt.pitch_id = p.id and pt.user_id = ${viewer.id}))`;
  return bestFittingPitches(db, notTheirs, { tags: interests, words, localAuthority: profile.local_authority, countOnline: false });
}

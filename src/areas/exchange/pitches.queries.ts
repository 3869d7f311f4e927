import { sql } from 'kysely';
import { findLocalAuthority } from '../../data/uk-local-authorities.ts';
import type { Database } from '../../db/database.ts';
import type { PitchKind, PitchStage, ProfileLink } from '../../db/schema.ts';
import type { Viewer } from '../../web/context.ts';
import { pageSize, type ListingFilters, type PitchInput, type PitchTerms } from './pitches.forms.ts';
import { canManagePitch, pitchVisibleTo } from './pitches.policy.ts';

export interface PersonRef {
  handle: string;
  name: string;
}

export interface PitchCard {
  id: number;
  slug: string;
  title: string;
  kind: PitchKind;
  stage: PitchStage;
  status: 'draft' | 'published';
  terms: PitchTerms;
  priceMin: number | null;
  priceMax: number | null;
  budget: number | null;
  deadline: string | null;
  summary: string;
  tags: string[];
  place: string;
  localAuthority: { code: string; name: string } | null;
  online: boolean;
  signalCount: number;
  replyCount: number;
  author: PersonRef | null;
  publishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  lastActivityAt: Date;
}

export interface TeamMember extends PersonRef {
  userId: number;
  role: string;
  isLead: boolean;
}

export interface StageChange {
  stage: PitchStage;
  note: string;
  by: PersonRef | null;
  at: Date;
}

export interface PitchFile {
  id: number;
  kind: 'image' | 'attachment';
  originalName: string;
  contentType: string;
  sizeBytes: number;
  description: string;
  createdAt: Date;
}

export interface PitchDetail extends PitchCard {
  body: string;
  version: number;
  links: ProfileLink[];
  team: TeamMember[];
  organisations: { id: number; slug: string; name: string; kind: string }[];
  /** The group it was posted into; whoever sees the pitch may see the group's content. */
  group: { id: number; slug: string; name: string } | null;
  /** Hidden by a moderator, and why: then only its team, its moderators and administrators see it at all. */
  hidden: { at: Date; reason: string } | null;
  stageHistory: StageChange[];
  images: PitchFile[];
  attachments: PitchFile[];
  onTeam: boolean;
  canManage: boolean;
}

const cardColumns = [
  'p.id',
  'p.slug',
  'p.title',
  'p.kind',
  'p.stage',
  'p.status',
  'p.terms',
  'p.price_min',
  'p.price_max',
  'p.budget',
  'p.summary',
  'p.tags',
  'p.place',
  'p.local_authority',
  'p.online',
  'p.signal_count',
  'p.reply_count',
  'p.published_at',
  'p.created_at',
  'p.updated_at',
  'p.last_activity_at',
  'author.handle as author_handle',
  'author.display_name as author_name',
] as const;

interface CardRow {
  id: number;
  slug: string;
  title: string;
  kind: PitchKind;
  stage: PitchStage;
  status: 'draft' | 'published';
  terms: PitchTerms;
  price_min: number | null;
  price_max: number | null;
  budget: number | null;
  deadline: string | null;
  summary: string;
  tags: string[];
  place: string;
  local_authority: string | null;
  online: boolean;
  signal_count: number;
  reply_count: number;
  published_at: Date | null;
  created_at: Date;
  updated_at: Date;
  last_activity_at: Date;
  author_handle: string | null;
  author_name: string | null;
}

function toCard(row: CardRow): PitchCard {
  const authority = row.local_authority ? findLocalAuthority(row.local_authority) : undefined;
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    kind: row.kind,
    stage: row.stage,
    status: row.status,
    terms: row.terms,
    priceMin: row.price_min,
    priceMax: row.price_max,
    budget: row.budget,
    deadline: row.deadline,
    summary: row.summary,
    tags: row.tags,
    place: row.place,
    localAuthority: authority ? { code: authority.code, name: authority.name } : null,
    online: row.online,
    signalCount: row.signal_count,
    replyCount: row.reply_count,
    author: row.author_handle && row.author_name ? { handle: row.author_handle, name: row.author_name } : null,
    publishedAt: row.published_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastActivityAt: row.last_activity_at,
  };
}

/** Pitches with their author, limited to those this viewer may see: every list starts here. */
function visiblePitches(db: Database, viewer: Viewer | null) {
  return db
    .selectFrom('pitches as p')
    .leftJoin('users as author', 'author.id', 'p.author_id')
    .select(cardColumns)
    // As text: a date has no time zone, and drivers would turn it into a Date at some midnight.
    .select(sql<string | null>`to_char(p.deadline, 'YYYY-MM-DD')`.as('deadline'))
    .where(pitchVisibleTo(viewer, 'p'));
}

export async function findPitch(db: Database, slug: string, viewer: Viewer | null): Promise<PitchDetail | undefined> {
  const row = await visiblePitches(db, viewer)
    .leftJoin('groups as g', 'g.id', 'p.group_id')
    .select(['p.body', 'p.version', 'p.links', 'g.id as group_id', 'g.slug as group_slug', 'g.name as group_name', 'p.hidden_at', 'p.hidden_reason'])
    .where('p.slug', '=', slug)
    .executeTakeFirst();
  if (!row) return undefined;
  const id = row.id;

  const [team, organisations, history, files] = await Promise.all([
    db
      .selectFrom('pitch_team as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .select(['t.user_id', 'u.handle', 'u.display_name', 't.role', 't.is_lead'])
      .where('t.pitch_id', '=', id)
      .orderBy('t.is_lead', 'desc')
      .orderBy('t.added_at')
      .orderBy('u.id')
      .execute(),
    db
      .selectFrom('pitch_organisations as po')
      .innerJoin('organisations as o', 'o.id', 'po.organisation_id')
      .select(['o.id', 'o.slug', 'o.name', 'o.kind'])
      .where('po.pitch_id', '=', id)
      .orderBy(sql`lower(o.name)`)
      .execute(),
    db
      .selectFrom('pitch_stage_changes as c')
      .leftJoin('users as u', 'u.id', 'c.changed_by')
      .select(['c.stage', 'c.note', 'c.changed_at', 'u.handle', 'u.display_name'])
      .where('c.pitch_id', '=', id)
      .orderBy('c.changed_at')
      .orderBy('c.id')
      .execute(),
    db
      .selectFrom('pitch_files')
      .select(['id', 'kind', 'original_name', 'content_type', 'size_bytes', 'description', 'created_at'])
      .where('pitch_id', '=', id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  ]);

  const onTeam = viewer !== null && team.some((member) => member.user_id === viewer.id);
  const toFile = (file: (typeof files)[number]): PitchFile => ({
    id: file.id,
    kind: file.kind,
    originalName: file.original_name,
    contentType: file.content_type,
    sizeBytes: file.size_bytes,
    description: file.description,
    createdAt: file.created_at,
  });
  return {
    ...toCard(row),
    body: row.body,
    version: row.version,
    links: row.links,
    team: team.map((m) => ({ userId: m.user_id, handle: m.handle, name: m.display_name, role: m.role, isLead: m.is_lead })),
    organisations,
    group: row.group_id !== null && row.group_slug !== null && row.group_name !== null ? { id: row.group_id, slug: row.group_slug, name: row.group_name } : null,
    hidden: row.hidden_at !== null ? { at: row.hidden_at, reason: row.hidden_reason ?? '' } : null,
    stageHistory: history.map((c) => ({
      stage: c.stage,
      note: c.note,
      by: c.handle && c.display_name ? { handle: c.handle, name: c.display_name } : null,
      at: c.changed_at,
    })),
    images: files.filter((f) => f.kind === 'image').map(toFile),
    attachments: files.filter((f) => f.kind === 'attachment').map(toFile),
    onTeam,
    canManage: canManagePitch(viewer, onTeam),
  };
}

/** The stored pitch in the shape the commands take, to re-check or re-save it. */
export function inputOf(pitch: PitchDetail): PitchInput {
  return {
    kind: pitch.kind,
    title: pitch.title,
    summary: pitch.summary,
    body: pitch.body,
    terms: pitch.terms,
    priceMin: pitch.priceMin,
    priceMax: pitch.priceMax,
    budget: pitch.budget,
    deadline: pitch.deadline,
    stage: pitch.stage,
    tags: pitch.tags,
    place: pitch.place,
    localAuthority: pitch.localAuthority?.code ?? null,
    online: pitch.online,
    organisationIds: pitch.organisations.map((o) => o.id),
    groupId: pitch.group?.id ?? null,
    links: pitch.links,
  };
}

/**
 * The listing: the one read behind /pitches, its JSON, CSV and feeds, and the tag pages. Only
 * published pitches are listed (drafts are found from "Your drafts"), and only those the viewer may see.
 */
export async function listPitches(
  db: Database,
  viewer: Viewer | null,
  filters: ListingFilters,
  page: number,
  size = pageSize,
): Promise<{ pitches: PitchCard[]; hasNext: boolean }> {
  let query = visiblePitches(db, viewer).where('p.status', '=', 'published');
  if (filters.kind) query = query.where('p.kind', '=', filters.kind);
  if (filters.stage) query = query.where('p.stage', '=', filters.stage);
  if (filters.terms) query = query.where('p.terms', '=', filters.terms);
  if (filters.tag) query = query.where(sql<boolean>`p.tags @> array[${filters.tag}]::text[]`);
  if (filters.area === 'online') query = query.where('p.online', '=', true);
  else if (filters.area) query = query.where('p.local_authority', '=', filters.area);
  if (filters.group) {
    const group = filters.group;
    // Through the pitches' own rule: a group the viewer may not see gives an empty list, the same as an unknown one.
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('groups as fg').select(sql`1`.as('one')).whereRef('fg.id', '=', 'p.group_id').where('fg.slug', '=', group)),
    );
  }
  if (filters.sector) {
    const sector = filters.sector;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('pitch_organisations as po')
          .innerJoin('organisations as o', 'o.id', 'po.organisation_id')
          .select(sql`1`.as('one'))
          .whereRef('po.pitch_id', '=', 'p.id')
          .where('o.kind', '=', sector),
      ),
    );
  }
  switch (filters.sort) {
    case 'active':
      query = query.orderBy('p.last_activity_at', 'desc');
      break;
    case 'signals':
      query = query.orderBy('p.signal_count', 'desc').orderBy('p.published_at', 'desc');
      break;
    case 'funding':
      query = query.orderBy(sql`p.stage = 'seeking-funding'`, 'desc').orderBy('p.published_at', 'desc');
      break;
    default:
      query = query.orderBy('p.published_at', 'desc');
  }
  const rows = await query
    .orderBy('p.id', 'desc')
    .limit(size + 1)
    .offset((page - 1) * size)
    .execute();
  return { pitches: rows.slice(0, size).map(toCard), hasNext: rows.length > size };
}

/** The viewer's own unpublished pitches, newest first, for the top of the listing. */
export async function draftsOf(db: Database, viewer: Viewer, limit = 20): Promise<PitchCard[]> {
  const rows = await visiblePitches(db, viewer)
    .where('p.status', '=', 'draft')
    .where((eb) =>
      eb.exists(
        eb.selectFrom('pitch_team as t').select(sql`1`.as('one')).whereRef('t.pitch_id', '=', 'p.id').where('t.user_id', '=', viewer.id),
      ),
    )
    .orderBy('p.updated_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toCard);
}

/** Organisations a member may put behind a pitch: those they are an active member of. */
export async function organisationChoices(db: Database, userId: number): Promise<{ id: number; slug: string; name: string }[]> {
  return db
    .selectFrom('organisation_members as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select(['o.id', 'o.slug', 'o.name'])
    .where('m.user_id', '=', userId)
    .where('m.status', '=', 'active')
    .orderBy(sql`lower(o.name)`)
    .orderBy('o.id')
    .execute();
}

/** Groups a member may post a pitch into: those they are an active member of. */
export async function groupChoices(db: Database, userId: number): Promise<{ id: number; slug: string; name: string }[]> {
  return db
    .selectFrom('group_members as m')
    .innerJoin('groups as g', 'g.id', 'm.group_id')
    .select(['g.id', 'g.slug', 'g.name'])
    .where('m.user_id', '=', userId)
    .where('m.status', '=', 'active')
    .orderBy(sql`lower(g.name)`)
    .orderBy('g.id')
    .execute();
}

/** The newest pitches posted into a group, for its page; the viewer's own rule still applies. */
export async function groupPitches(db: Database, viewer: Viewer | null, groupId: number, limit = 10): Promise<PitchCard[]> {
  const rows = await visiblePitches(db, viewer)
    .where('p.status', '=', 'published')
    .where('p.group_id', '=', groupId)
    .orderBy('p.published_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toCard);
}

/** Organisation ids by slug, for the API; unknown slugs are reported back. */
export async function organisationIdsBySlug(db: Database, slugs: string[]): Promise<{ ids: number[]; unknown: string[] }> {
  if (slugs.length === 0) return { ids: [], unknown: [] };
  const rows = await db.selectFrom('organisations').select(['id', 'slug']).where('slug', 'in', slugs).execute();
  const bySlug = new Map(rows.map((row) => [row.slug, row.id]));
  return { ids: [...new Set(slugs.flatMap((slug) => (bySlug.has(slug) ? [bySlug.get(slug)!] : [])))], unknown: slugs.filter((slug) => !bySlug.has(slug)) };
}

/** A file of a pitch the viewer may see, with where it is stored; drafts' files stay with their team. */
export async function visibleFile(db: Database, viewer: Viewer | null, slug: string, fileId: number) {
  return db
    .selectFrom('pitch_files as f')
    .innerJoin('pitches as p', 'p.id', 'f.pitch_id')
    .select(['f.id', 'f.kind', 'f.original_name', 'f.stored_path', 'f.content_type', 'f.size_bytes', 'p.status'])
    .where('p.slug', '=', slug)
    .where('f.id', '=', fileId)
    .where(pitchVisibleTo(viewer, 'p'))
    .executeTakeFirst();
}

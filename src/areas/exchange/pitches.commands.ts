import { firstFreeSlug, slugify } from '../../web/slugs.ts';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { DB, PitchStage } from '../../db/schema.ts';
import { markdownToText } from '../../web/markdown.ts';
import type { PitchInput } from './pitches.forms.ts';

type Tx = Transaction<DB>;

// Addresses under /pitches/ that are pages, so no pitch may take them as its slug.
export function slugBase(title: string): string {
  return slugify(title, { maxLength: 70, fallback: 'pitch' });
}

async function freeSlug(db: Database | Tx, title: string): Promise<string> {
  const base = slugBase(title);
  const taken = await db
    .selectFrom('pitches')
    .select('slug')
    .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
    .execute();
  return firstFreeSlug(base, taken.map((row) => row.slug));
}

/**
 * The search document, written in the same statement as the fields it is made from. The body is
 * indexed as plain text, so link addresses and Markdown marks do not match.
 */
function searchVector(input: Pick<PitchInput, 'title' | 'summary' | 'body' | 'tags'>) {
  return sql<string>`setweight(to_tsvector('english', ${input.title}::text), 'A')
    || setweight(to_tsvector('english', ${input.summary}::text), 'B')
    || setweight(to_tsvector('english', ${input.tags.join(' ')}::text), 'B')
    || setweight(to_tsvector('english', ${markdownToText(input.body)}::text), 'C')`;
}

function columns(input: PitchInput) {
  return {
    kind: input.kind,
    title: input.title,
    summary: input.summary,
    body: input.body,
    terms: input.terms,
    price_min: input.priceMin,
    price_max: input.priceMax,
    budget: input.budget,
    deadline: input.deadline,
    stage: input.stage,
    tags: input.tags,
    place: input.place,
    local_authority: input.localAuthority,
    online: input.online,
    links: JSON.stringify(input.links),
    group_id: input.groupId ?? null,
    search: searchVector(input),
  };
}

async function recordActivity(tx: Tx, verb: 'pitched' | 'changed-stage' | 'published', actorId: number | null, pitchId: number, summary: string) {
  await tx.insertInto('activities').values({ verb, actor_id: actorId, subject_type: 'pitch', subject_id: pitchId, summary }).execute();
}

/** Organisations the member may put their name to: those they are an active member of. */
async function activeOrganisationIds(tx: Tx, userId: number): Promise<Set<number>> {
  const rows = await tx
    .selectFrom('organisation_members')
    .select('organisation_id')
    .where('user_id', '=', userId)
    .where('status', '=', 'active')
    .execute();
  return new Set(rows.map((row) => row.organisation_id));
}

/** Whether the member may post into the group: only an active member may. */
async function isActiveGroupMember(tx: Tx, userId: number, groupId: number): Promise<boolean> {
  const row = await tx
    .selectFrom('group_members')
    .select('user_id')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return row !== undefined;
}

export type CreatePitchResult = { ok: true; id: number; slug: string } | { ok: false; error: 'organisation-not-allowed' | 'group-not-allowed' };

export async function createPitch(db: Database, authorId: number, input: PitchInput, publish: boolean): Promise<CreatePitchResult> {
  return db.transaction().execute(async (tx) => {
    const allowed = await activeOrganisationIds(tx, authorId);
    if (input.organisationIds.some((id) => !allowed.has(id))) return { ok: false, error: 'organisation-not-allowed' } as const;
    if (input.groupId != null && !(await isActiveGroupMember(tx, authorId, input.groupId))) return { ok: false, error: 'group-not-allowed' } as const;
    const now = new Date();
    let created: { id: number; slug: string } | undefined;
    // Two people pitching the same title at once: the loser of the race takes the next number.
    for (let attempt = 0; !created; attempt++) {
      if (attempt === 5) throw new Error('Could not find a free slug for a pitch.');
      created = await tx
        .insertInto('pitches')
        .values({
          ...columns(input),
          slug: await freeSlug(tx, input.title),
          status: publish ? 'published' : 'draft',
          published_at: publish ? now : null,
          author_id: authorId,
          last_activity_at: now,
        })
        .onConflict((c) => c.column('slug').doNothing())
        .returning(['id', 'slug'])
        .executeTakeFirst();
    }
    const pitchId = created.id;
    await tx.insertInto('pitch_team').values({ pitch_id: pitchId, user_id: authorId, is_lead: true }).execute();
    await tx.insertInto('pitch_stage_changes').values({ pitch_id: pitchId, stage: input.stage, changed_by: authorId }).execute();
    if (input.organisationIds.length > 0) {
      await tx
        .insertInto('pitch_organisations')
        .values(input.organisationIds.map((organisation_id) => ({ pitch_id: pitchId, organisation_id })))
        .execute();
    }
    await recordActivity(tx, 'pitched', authorId, pitchId, input.title);
    return { ok: true, id: pitchId, slug: created.slug } as const;
  });
}

export interface StoredPitch {
  id: number;
  slug: string;
  version: number;
  title: string;
  summary: string;
  body: string;
  stage: PitchStage;
}

export type UpdatePitchResult =
  | { ok: true; version: number }
  | { ok: false; error: 'not-found' | 'organisation-not-allowed' | 'group-not-allowed' }
  | { ok: false; error: 'conflict'; current: StoredPitch };

/**
 * Saves an edit only if nobody saved since the editor loaded the form (`expectedVersion`). On a
 * conflict nothing is written and the current text comes back, for the editor to merge with theirs.
 */
export async function updatePitch(
  db: Database,
  editorId: number,
  pitchId: number,
  expectedVersion: number,
  input: PitchInput,
  stageNote = '',
): Promise<UpdatePitchResult> {
  return db.transaction().execute(async (tx) => {
    const current = await tx
      .selectFrom('pitches')
      .select(['id', 'slug', 'version', 'title', 'summary', 'body', 'stage', 'group_id'])
      .where('id', '=', pitchId)
      .forUpdate()
      .executeTakeFirst();
    if (!current) return { ok: false, error: 'not-found' } as const;
    if (current.version !== expectedVersion) {
      const { group_id: _group, ...stored } = current;
      return { ok: false, error: 'conflict', current: stored } as const;
    }
    // Staying in the group it is in is always allowed (a team-mate may not be a member); moving into one needs membership.
    if (input.groupId != null && input.groupId !== current.group_id && !(await isActiveGroupMember(tx, editorId, input.groupId))) {
      return { ok: false, error: 'group-not-allowed' } as const;
    }

    // Organisations already behind the pitch may stay even if this editor is not one of their members.
    const linked = await tx.selectFrom('pitch_organisations').select('organisation_id').where('pitch_id', '=', pitchId).execute();
    const allowed = await activeOrganisationIds(tx, editorId);
    for (const row of linked) allowed.add(row.organisation_id);
    if (input.organisationIds.some((id) => !allowed.has(id))) return { ok: false, error: 'organisation-not-allowed' } as const;

    const stageChanged = current.stage !== input.stage;
    const now = new Date();
    const updated = await tx
      .updateTable('pitches')
      .set({
        ...columns(input),
        version: sql<number>`version + 1`,
        updated_at: now,
        ...(stageChanged ? { last_activity_at: now } : {}),
      })
      .where('id', '=', pitchId)
      .returning('version')
      .executeTakeFirstOrThrow();
    await tx.deleteFrom('pitch_organisations').where('pitch_id', '=', pitchId).execute();
    if (input.organisationIds.length > 0) {
      await tx
        .insertInto('pitch_organisations')
        .values(input.organisationIds.map((organisation_id) => ({ pitch_id: pitchId, organisation_id })))
        .execute();
    }
    if (stageChanged) {
      await tx.insertInto('pitch_stage_changes').values({ pitch_id: pitchId, stage: input.stage, note: stageNote, changed_by: editorId }).execute();
      await recordActivity(tx, 'changed-stage', editorId, pitchId, input.stage);
    }
    return { ok: true, version: updated.version } as const;
  });
}

export type StageChangeResult = { ok: true } | { ok: false; error: 'not-found' | 'same-stage' };

export async function changeStage(db: Database, editorId: number, pitchId: number, stage: PitchStage, note: string): Promise<StageChangeResult> {
  return db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom('pitches').select(['stage']).where('id', '=', pitchId).forUpdate().executeTakeFirst();
    if (!current) return { ok: false, error: 'not-found' } as const;
    if (current.stage === stage) return { ok: false, error: 'same-stage' } as const;
    const now = new Date();
    // The stage is part of the edit form too, so changing it here makes an open edit form stale.
    await tx
      .updateTable('pitches')
      .set({ stage, version: sql<number>`version + 1`, updated_at: now, last_activity_at: now })
      .where('id', '=', pitchId)
      .execute();
    await tx.insertInto('pitch_stage_changes').values({ pitch_id: pitchId, stage, note, changed_by: editorId }).execute();
    await recordActivity(tx, 'changed-stage', editorId, pitchId, stage);
    return { ok: true } as const;
  });
}

export type PublishResult = { ok: true } | { ok: false; error: 'not-found' | 'already-published' };

export async function publishPitch(db: Database, editorId: number, pitchId: number): Promise<PublishResult> {
  return db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom('pitches').select(['status', 'title']).where('id', '=', pitchId).forUpdate().executeTakeFirst();
    if (!current) return { ok: false, error: 'not-found' } as const;
    if (current.status === 'published') return { ok: false, error: 'already-published' } as const;
    const now = new Date();
    await tx
      .updateTable('pitches')
      .set({ status: 'published', published_at: now, last_activity_at: now, updated_at: now, version: sql<number>`version + 1` })
      .where('id', '=', pitchId)
      .execute();
    await recordActivity(tx, 'published', editorId, pitchId, current.title);
    return { ok: true } as const;
  });
}

// ---- Team ----------------------------------------------------------------------------------

export type AddTeamMemberResult = { ok: true; name: string; added: boolean } | { ok: false; error: 'unknown-member' | 'not-found' };

/** Adds a member to the team, or changes the role of one already on it. */
export async function addTeamMember(db: Database, pitchId: number, handle: string, role: string): Promise<AddTeamMemberResult> {
  return db.transaction().execute(async (tx) => {
    const pitch = await tx.selectFrom('pitches').select('id').where('id', '=', pitchId).forUpdate().executeTakeFirst();
    if (!pitch) return { ok: false, error: 'not-found' } as const;
    const user = await tx
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where('handle', '=', handle)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (!user) return { ok: false, error: 'unknown-member' } as const;
    const existing = await tx
      .selectFrom('pitch_team')
      .select('user_id')
      .where('pitch_id', '=', pitchId)
      .where('user_id', '=', user.id)
      .executeTakeFirst();
    if (existing) {
      await tx.updateTable('pitch_team').set({ role }).where('pitch_id', '=', pitchId).where('user_id', '=', user.id).execute();
    } else {
      await tx.insertInto('pitch_team').values({ pitch_id: pitchId, user_id: user.id, role }).execute();
    }
    return { ok: true, name: user.display_name, added: !existing } as const;
  });
}

export type RemoveTeamMemberResult = { ok: true; name: string } | { ok: false; error: 'not-on-team' | 'lead' };

export async function removeTeamMember(db: Database, pitchId: number, userId: number): Promise<RemoveTeamMemberResult> {
  return db.transaction().execute(async (tx) => {
    const member = await tx
      .selectFrom('pitch_team')
      .innerJoin('users', 'users.id', 'pitch_team.user_id')
      .select(['pitch_team.is_lead', 'users.display_name'])
      .where('pitch_team.pitch_id', '=', pitchId)
      .where('pitch_team.user_id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (!member) return { ok: false, error: 'not-on-team' } as const;
    if (member.is_lead) return { ok: false, error: 'lead' } as const;
    await tx.deleteFrom('pitch_team').where('pitch_id', '=', pitchId).where('user_id', '=', userId).execute();
    return { ok: true, name: member.display_name } as const;
  });
}

// ---- Files ---------------------------------------------------------------------------------

export interface NewPitchFile {
  kind: 'image' | 'attachment';
  originalName: string;
  storedPath: string;
  contentType: string;
  sizeBytes: number;
  description: string;
}

export async function addPitchFile(db: Database, pitchId: number, uploaderId: number, file: NewPitchFile): Promise<{ ok: true; id: number }> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('pitch_files')
      .values({
        pitch_id: pitchId,
        kind: file.kind,
        original_name: file.originalName,
        stored_path: file.storedPath,
        content_type: file.contentType,
        size_bytes: file.sizeBytes,
        description: file.description,
        uploaded_by: uploaderId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx.updateTable('pitches').set({ updated_at: new Date() }).where('id', '=', pitchId).execute();
    return { ok: true, id: row.id } as const;
  });
}

/** Removes the row; the caller removes the stored file once this has committed. */
export async function deletePitchFile(db: Database, pitchId: number, fileId: number): Promise<{ ok: true; storedPath: string } | { ok: false; error: 'not-found' }> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .deleteFrom('pitch_files')
      .where('id', '=', fileId)
      .where('pitch_id', '=', pitchId)
      .returning('stored_path')
      .executeTakeFirst();
    if (!row) return { ok: false, error: 'not-found' } as const;
    return { ok: true, storedPath: row.stored_path } as const;
  });
}

// ---- Conversations -------------------------------------------------------------------------

/**
 * Called when a post is added on a pitch's conversation. The count is recounted rather than
 * incremented, so a replayed or lost event cannot leave it wrong for long.
 */
export async function recordReplyOnPitch(db: Database, pitchId: number): Promise<void> {
  await db
    .updateTable('pitches')
    .set({
      reply_count: sql<number>`(select count(*) from posts inner join threads on threads.id = posts.thread_id
        where threads.subject_type = 'pitch' and threads.subject_id = ${pitchId} and posts.deleted_at is null)::int`,
      last_activity_at: new Date(),
    })
    .where('id', '=', pitchId)
    .execute();
}

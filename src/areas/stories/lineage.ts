/**
 * Lineage between pitches and stories: a pitch says on its own form which stories or pitches of
 * this hub it was adapted from; its page shows them ("adapted from"), and each source lists the
 * pitches adapted from it ("adapted since"). A story's own lineage is on the story's form and
 * page (stories.commands.ts, stories.routes.tsx). Every reader keeps only what the viewer may see,
 * by each subject type's own rule, asked through the subject registry.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database.ts';
import type { Viewer } from '../../web/context.ts';
import { hubPath } from '../awards/awards.forms.ts';
import { t } from '../../i18n/i18n.ts';

/** Where a pitch came from: a story, or another pitch. */
export interface Source {
  type: 'story' | 'pitch';
  id: number;
}

export interface LineageLink {
  type: 'story' | 'pitch';
  title: string;
  url: string;
  note: string;
}

/** How many sources a pitch may name on its form, and the longest address taken. */
export const originsMax = 5;
const addressMax = 300;
/** At most this many pitches are listed as adapted from one source. */
const sinceMax = 100;

const sameSource = (a: Source, b: Source) => a.type === b.type && a.id === b.id;

function sourceOf(row: { story_id: number | null; source_pitch_id: number | null }): Source | null {
  if (row.story_id !== null) return { type: 'story', id: row.story_id };
  if (row.source_pitch_id !== null) return { type: 'pitch', id: row.source_pitch_id };
  return null;
}

// ---- Reading -------------------------------------------------------------------------------

/** Every source a pitch names, whoever may see it, oldest first. */
async function originRows(db: Database, pitchId: number) {
  return db
    .selectFrom('adapted_from')
    .select(['story_id', 'source_pitch_id', 'note'])
    .where('subject_type', '=', 'pitch')
    .where('subject_id', '=', pitchId)
    .orderBy('created_at')
    .limit(50)
    .execute();
}

/** Titles and addresses of the subjects the viewer may see, in order; the others are left out. */
async function describeVisible(app: FastifyInstance, viewer: Viewer | null, items: (Source & { note: string })[]): Promise<LineageLink[]> {
  const refs = items.map((item) => ({ subject_type: item.type, subject_id: item.id, note: item.note }));
  const visible = await app.subjects.filterVisible(app.db, viewer, refs);
  const described = await app.subjects.describeAll(app.db, visible);
  return visible.flatMap((item) => {
    const found = described.get(`${item.subject_type}:${item.subject_id}`);
    return found ? [{ type: item.subject_type as Source['type'], title: found.title, url: found.url, note: item.note }] : [];
  });
}

/** The stories and pitches a pitch was adapted from, that the viewer may see. */
export async function pitchOrigins(app: FastifyInstance, viewer: Viewer | null, pitchId: number): Promise<LineageLink[]> {
  const rows = await originRows(app.db, pitchId);
  return describeVisible(
    app,
    viewer,
    rows.flatMap((row) => {
      const source = sourceOf(row);
      return source ? [{ ...source, note: row.note }] : [];
    }),
  );
}

/** The pitches adapted from this pitch since, that the viewer may see (each pitch by its own rule), newest first. */
export async function pitchesAdaptedFrom(app: FastifyInstance, viewer: Viewer | null, pitchId: number): Promise<LineageLink[]> {
  const rows = await app.db
    .selectFrom('adapted_from')
    .select(['subject_id', 'note'])
    .where('subject_type', '=', 'pitch')
    .where('source_pitch_id', '=', pitchId)
    .orderBy('created_at', 'desc')
    .limit(sinceMax)
    .execute();
  return describeVisible(
    app,
    viewer,
    rows.map((row) => ({ type: 'pitch', id: row.subject_id, note: row.note })),
  );
}

/** The sources a pitch names that this viewer may see (the ones the form shows, and may change). */
async function visibleOrigins(app: FastifyInstance, viewer: Viewer, pitchId: number): Promise<Source[]> {
  const sources = (await originRows(app.db, pitchId)).flatMap((row) => sourceOf(row) ?? []);
  const visible = await app.subjects.filterVisible(
    app.db,
    viewer,
    sources.map((source) => ({ ...source, subject_type: source.type, subject_id: source.id })),
  );
  return visible.map((item) => ({ type: item.type, id: item.id }));
}

/** The form's text for the sources this editor may see: their full addresses, one a line. */
export async function originsFormValue(app: FastifyInstance, viewer: Viewer, pitchId: number): Promise<string> {
  const links = await pitchOrigins(app, viewer, pitchId);
  return links.map((link) => `${app.config.publicUrl}${link.url}`).join('\n');
}

// ---- The pitch form's field ----------------------------------------------------------------

export type OriginsResult = { ok: true; sources: Source[] } | { ok: false; error: string };

/**
 * What an editor typed in "Adapted from": addresses of stories or pitches on this hub, one a line
 * (or separated by spaces). Each must name something the editor may see; a pitch is never adapted
 * from itself. The same answer for what does not exist and what the editor may not see.
 */
export async function originsFromForm(app: FastifyInstance, viewer: Viewer, typed: unknown, pitchId: number | null): Promise<OriginsResult> {
  if (typed !== undefined && typeof typed !== 'string') return { ok: false, error: t('stories.origin.invalid') };
  const entries = [...new Set((typed ?? '').split(/\s+/).filter(Boolean))];
  if (entries.length > originsMax) return { ok: false, error: t('stories.origin.tooMany', { max: originsMax }) };
  const sources: Source[] = [];
  for (const entry of entries) {
    const source = entry.length <= addressMax ? await sourceAt(app, entry) : null;
    if (!source || !(await app.subjects.canView(app.db, viewer, source.type, source.id))) return { ok: false, error: t('stories.origin.unknown', { address: entry.slice(0, 100) }) };
    if (source.type === 'pitch' && source.id === pitchId) return { ok: false, error: t('stories.origin.self') };
    if (!sources.some((known) => sameSource(known, source))) sources.push(source);
  }
  return { ok: true, sources };
}

async function sourceAt(app: FastifyInstance, address: string): Promise<Source | null> {
  const path = hubPath(address, app.config.publicUrl);
  if (!path) return null;
  for (const type of ['story', 'pitch'] as const) {
    const subject = app.subjects.has(type) ? app.subjects.get(type) : undefined;
    const id = subject?.idFromPath ? await subject.idFromPath(app.db, path.toLowerCase()) : null;
    if (id !== null) return { type, id };
  }
  return null;
}

// ---- Writing -------------------------------------------------------------------------------

/**
 * Saves what the pitch form says the pitch was adapted from. Sources the editor could not see
 * stay as they are (they never saw them on the form); of the others, those no longer named go
 * and new ones are added. A note written when linking from a story's page is kept.
 */
export async function setPitchOrigins(app: FastifyInstance, pitchId: number, editor: Viewer, wanted: Source[]): Promise<void> {
  const shown = await visibleOrigins(app, editor, pitchId);
  const gone = shown.filter((source) => !wanted.some((want) => sameSource(want, source)));
  await app.db.transaction().execute(async (tx) => {
    for (const source of gone) {
      await tx
        .deleteFrom('adapted_from')
        .where('subject_type', '=', 'pitch')
        .where('subject_id', '=', pitchId)
        .where(source.type === 'story' ? 'story_id' : 'source_pitch_id', '=', source.id)
        .execute();
    }
    for (const source of wanted) await addPitchOrigin(tx, pitchId, source, editor.id);
  });
}

/** Records that a pitch was adapted from a source (one the caller has checked); an existing link and its note are kept. */
export async function addPitchOrigin(db: Database, pitchId: number, source: Source, userId: number | null, note = ''): Promise<void> {
  await db
    .insertInto('adapted_from')
    .values({
      subject_type: 'pitch',
      subject_id: pitchId,
      story_id: source.type === 'story' ? source.id : null,
      source_pitch_id: source.type === 'pitch' ? source.id : null,
      note,
      added_by: userId,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { SignalKind } from '../../db/schema.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { t } from '../../i18n/i18n.ts';
import { acceptsSignals, countsAsSupport } from './signals.policy.ts';
import type { SignalInput } from './signals.forms.ts';

export interface MailContext {
  hubName: string;
  publicUrl: string;
}

type Tx = Database;

/**
 * Locks the pitch row for the rest of the transaction. Every change to a pitch's signals takes
 * this lock first, so two requests at once queue up instead of both reading the same counts.
 */
async function lockPitch(tx: Tx, pitchId: number) {
  return tx.selectFrom('pitches').select(['id', 'status']).where('id', '=', pitchId).forUpdate().executeTakeFirst();
}

/** Counted afresh rather than incremented, so a count that ever drifted heals on the next change. */
async function recount(tx: Tx, pitchId: number) {
  await tx
    .updateTable('pitches')
    .set({
      signal_count: sql<number>`(select count(*) from signals where signals.pitch_id = ${pitchId} and signals.kind <> 'follow')`,
      need_count: sql<number>`(select count(*) from signals where signals.pitch_id = ${pitchId} and signals.kind = 'need-too')`,
    })
    .where('id', '=', pitchId)
    .execute();
}

export type AddSignalResult =
  | { ok: true; created: boolean; signalId: number; organisation: { slug: string; name: string } | null }
  | { ok: false; error: 'not-found' | 'own-pitch' | 'not-in-organisation' }
  | { ok: false; error: 'organisation-already'; organisation: { slug: string; name: string } };

/**
 * Records a signal. Saying the same thing twice changes nothing and is not an error: the second
 * request finds the first signal and reports it (`created: false`), whether the two came one after
 * the other or at the same moment.
 */
export async function addSignal(db: Database, pitchId: number, userId: number, input: SignalInput): Promise<AddSignalResult> {
  return db.transaction().execute(async (tx): Promise<AddSignalResult> => {
    const pitch = await lockPitch(tx, pitchId);
    if (!pitch || !acceptsSignals(pitch.status)) return { ok: false, error: 'not-found' };
    const onTeam = await tx
      .selectFrom('pitch_team')
      .select('user_id')
      .where('pitch_id', '=', pitchId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (onTeam && input.kind !== 'follow') return { ok: false, error: 'own-pitch' };

    const existing = await existingSignal(tx, pitchId, userId, input.kind);
    if (existing) return { ok: true, created: false, signalId: existing.id, organisation: existing.organisation };

    let organisation: { id: number; slug: string; name: string } | null = null;
    if (input.kind === 'need-too') {
      organisation =
        (await tx
          .selectFrom('organisations as o')
          .innerJoin('organisation_members as m', 'm.organisation_id', 'o.id')
          .select(['o.id', 'o.slug', 'o.name'])
          .where('o.slug', '=', input.organisation ?? '')
          .where('m.user_id', '=', userId)
          .where('m.status', '=', 'active')
          .executeTakeFirst()) ?? null;
      if (!organisation) return { ok: false, error: 'not-in-organisation' };
      const declared = await tx
        .selectFrom('signals')
        .select('id')
        .where('pitch_id', '=', pitchId)
        .where('kind', '=', 'need-too')
        .where('organisation_id', '=', organisation.id)
        .executeTakeFirst();
      if (declared) return { ok: false, error: 'organisation-already', organisation: { slug: organisation.slug, name: organisation.name } };
    }

    const inserted = await tx
      .insertInto('signals')
      .values({
        pitch_id: pitchId,
        user_id: userId,
        kind: input.kind,
        note: input.kind === 'can-help' || input.kind === 'could-fund' ? input.note : '',
        amount: input.kind === 'could-fund' ? input.amount : null,
        organisation_id: organisation?.id ?? null,
      })
      // The pitch lock already queues writers; this is the last line of defence, not the first.
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      const raced = await existingSignal(tx, pitchId, userId, input.kind);
      if (raced) return { ok: true, created: false, signalId: raced.id, organisation: raced.organisation };
      return organisation
        ? { ok: false, error: 'organisation-already', organisation: { slug: organisation.slug, name: organisation.name } }
        : { ok: false, error: 'not-found' };
    }
    if (countsAsSupport(input.kind)) await recount(tx, pitchId);
    return {
      ok: true,
      created: true,
      signalId: inserted.id,
      organisation: organisation ? { slug: organisation.slug, name: organisation.name } : null,
    };
  });
}

async function existingSignal(tx: Tx, pitchId: number, userId: number, kind: SignalKind) {
  const row = await tx
    .selectFrom('signals')
    .leftJoin('organisations', 'organisations.id', 'signals.organisation_id')
    .select(['signals.id', 'organisations.slug', 'organisations.name'])
    .where('signals.pitch_id', '=', pitchId)
    .where('signals.user_id', '=', userId)
    .where('signals.kind', '=', kind)
    .executeTakeFirst();
  if (!row) return undefined;
  return { id: row.id, organisation: row.slug && row.name ? { slug: row.slug, name: row.name } : null };
}

export type WithdrawResult = { ok: true; removed: boolean } | { ok: false; error: 'not-found' };

/** Takes back one of the member's own signals; withdrawing what is not there is not an error. */
export async function withdrawSignal(db: Database, pitchId: number, userId: number, kind: SignalKind): Promise<WithdrawResult> {
  return db.transaction().execute(async (tx): Promise<WithdrawResult> => {
    const pitch = await lockPitch(tx, pitchId);
    if (!pitch) return { ok: false, error: 'not-found' };
    const removed = await tx
      .deleteFrom('signals')
      .where('pitch_id', '=', pitchId)
      .where('user_id', '=', userId)
      .where('kind', '=', kind)
      .returning('id')
      .executeTakeFirst();
    if (removed && countsAsSupport(kind)) await recount(tx, pitchId);
    return { ok: true, removed: removed !== undefined };
  });
}

export type ReplyResult = { ok: true; name: string } | { ok: false; error: 'not-found' | 'inactive' };

/**
 * Emails a member who signalled, on behalf of a team member. The address is read here and goes
 * only into the email; nothing returned to the team contains it.
 */
export async function replyToSignal(
  db: Database,
  mailer: Mailer,
  context: MailContext,
  input: { pitch: { id: number; slug: string; title: string }; signalId: number; senderId: number; message: string },
): Promise<ReplyResult> {
  const row = await db
    .selectFrom('signals')
    .innerJoin('users', 'users.id', 'signals.user_id')
    .select(['signals.kind', 'users.email', 'users.display_name', 'users.status'])
    .where('signals.id', '=', input.signalId)
    .where('signals.pitch_id', '=', input.pitch.id)
    .executeTakeFirst();
  if (!row) return { ok: false, error: 'not-found' };
  if (row.status !== 'active') return { ok: false, error: 'inactive' };
  const sender = await db.selectFrom('users').select(['display_name', 'handle']).where('id', '=', input.senderId).executeTakeFirstOrThrow();
  await mailer.queue({
    to: row.email,
    subject: t('signals.reply.email.subject', { title: input.pitch.title }),
    text: t('signals.reply.email.body', {
      sender: sender.display_name,
      title: input.pitch.title,
      hub: context.hubName,
      kind: t(`signals.kind.${row.kind}`),
      message: input.message,
      url: `${context.publicUrl}/pitches/${input.pitch.slug}`,
      profile: `${context.publicUrl}/members/${sender.handle}`,
    }),
  });
  return { ok: true, name: row.display_name };
}

export type InviteResult = { ok: true; sent: number } | { ok: false; error: 'no-organisations' | 'no-admins' };

/**
 * Emails the administrators of every organisation that said it needs the pitch too, inviting them
 * to commission it together. A person who runs several of those organisations gets one email per
 * organisation, since each invitation is addressed to an organisation.
 */
export async function inviteToCommission(
  db: Database,
  mailer: Mailer,
  context: MailContext,
  input: { pitch: { id: number; slug: string; title: string }; senderId: number; message: string },
): Promise<InviteResult> {
  const organisations = await db
    .selectFrom('signals')
    .innerJoin('organisations', 'organisations.id', 'signals.organisation_id')
    .select(['organisations.id', 'organisations.name'])
    .where('signals.pitch_id', '=', input.pitch.id)
    .where('signals.kind', '=', 'need-too')
    .orderBy('signals.created_at')
    .orderBy('signals.id')
    .execute();
  if (organisations.length === 0) return { ok: false, error: 'no-organisations' };
  const admins = await db
    .selectFrom('organisation_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.organisation_id', 'u.email'])
    .where(
      'm.organisation_id',
      'in',
      organisations.map((o) => o.id),
    )
    .where('m.role', '=', 'admin')
    .where('m.status', '=', 'active')
    .where('u.status', '=', 'active')
    .where('u.id', '<>', input.senderId)
    .execute();
  if (admins.length === 0) return { ok: false, error: 'no-admins' };
  const sender = await db.selectFrom('users').select(['display_name', 'handle']).where('id', '=', input.senderId).executeTakeFirstOrThrow();
  const names = new Map(organisations.map((o) => [o.id, o.name]));
  const all = organisations.map((o) => o.name).join(', ');
  for (const admin of admins) {
    const organisation = names.get(admin.organisation_id) ?? '';
    await mailer.queue({
      to: admin.email,
      subject: t('signals.invite.email.subject', { title: input.pitch.title }),
      text: t('signals.invite.email.body', {
        sender: sender.display_name,
        title: input.pitch.title,
        hub: context.hubName,
        organisation,
        organisations: all,
        message: input.message,
        url: `${context.publicUrl}/pitches/${input.pitch.slug}`,
        profile: `${context.publicUrl}/members/${sender.handle}`,
      }),
    });
  }
  return { ok: true, sent: admins.length };
}

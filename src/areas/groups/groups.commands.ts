import { firstFreeSlug, slugify } from '../../web/slugs.ts';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { inTransaction } from '../../db/transactions.ts';
import { t } from '../../i18n/i18n.ts';
import type { Mailer } from '../../mail/mailer.ts';
import type { GroupInput } from './groups.forms.ts';
import { fitsParent, type Visibility } from './groups.policy.ts';

export interface MailContext {
  hubName: string;
  publicUrl: string;
}

export const invitationDays = 14;

export function slugBase(name: string): string {
  return slugify(name, { maxLength: 60, fallback: 'group' });
}

async function freeSlug(db: Database, name: string): Promise<string> {
  const base = slugBase(name);
  const taken = await db
    .selectFrom('groups')
    .select('slug')
    .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
    .execute();
  return firstFreeSlug(base, taken.map((row) => row.slug));
}

function columns(input: GroupInput) {
  return {
    name: input.name,
    purpose: input.purpose,
    description: input.description,
    welcome: input.welcome,
    visibility: input.visibility,
    tags: input.tags,
    place: input.place,
    local_authority: input.localAuthority,
  };
}

async function recount(db: Database, groupId: number) {
  await db
    .updateTable('groups')
    .set({ member_count: sql<number>`(select count(*) from group_members where group_id = ${groupId} and status = 'active')` })
    .where('id', '=', groupId)
    .execute();
}

export type CreateResult = { ok: true; id: number; slug: string } | { ok: false; error: 'wider-than-parent' | 'parent-gone' };

/** A new group, with its creator as its first facilitator; under `parentId` it is a sub-group. */
export async function createGroup(db: Database, creatorId: number, input: GroupInput, parentId: number | null = null): Promise<CreateResult> {
  return db.transaction().execute(async (tx) => {
    if (parentId !== null) {
      // Locked so the parent cannot become more private between the check and the insert.
      const parent = await tx.selectFrom('groups').select('visibility').where('id', '=', parentId).forUpdate().executeTakeFirst();
      if (!parent) return { ok: false, error: 'parent-gone' } as const;
      if (!fitsParent(input.visibility, parent.visibility)) return { ok: false, error: 'wider-than-parent' } as const;
    }
    for (let attempt = 0; ; attempt++) {
      const slug = await freeSlug(tx, input.name);
      const row = await tx
        .insertInto('groups')
        .values({ ...columns(input), slug, created_by: creatorId, parent_id: parentId, member_count: 1 })
        .onConflict((oc) => oc.column('slug').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) {
        if (attempt > 5) throw new Error('No free slug for the group.');
        continue;
      }
      await tx
        .insertInto('group_members')
        .values({ group_id: row.id, user_id: creatorId, role: 'facilitator', status: 'active', joined_at: sql<Date>`now()` })
        .execute();
      return { ok: true, id: row.id, slug } as const;
    }
  });
}

export type UpdateResult = { ok: true } | { ok: false; error: 'wider-than-parent' | 'narrower-than-subgroup' | 'not-found' };

/** Edits a group; its visibility must stay within its parent's and cover its sub-groups'. */
export async function updateGroup(db: Database, groupId: number, input: GroupInput): Promise<UpdateResult> {
  return db.transaction().execute(async (tx) => {
    const group = await tx.selectFrom('groups').select(['parent_id']).where('id', '=', groupId).forUpdate().executeTakeFirst();
    if (!group) return { ok: false, error: 'not-found' } as const;
    const problem = await visibilityProblem(tx, groupId, group.parent_id, input.visibility);
    if (problem) return { ok: false, error: problem } as const;
    await tx.updateTable('groups').set({ ...columns(input), updated_at: new Date() }).where('id', '=', groupId).execute();
    return { ok: true } as const;
  });
}

/** Moves a group under another parent (or to the top with null), keeping the visibility rule. */
export async function changeParent(db: Database, groupId: number, parentId: number | null): Promise<UpdateResult | { ok: false; error: 'loop' }> {
  return db.transaction().execute(async (tx) => {
    const group = await tx.selectFrom('groups').select(['visibility']).where('id', '=', groupId).forUpdate().executeTakeFirst();
    if (!group) return { ok: false, error: 'not-found' } as const;
    if (parentId !== null) {
      const loop = await sql<{ id: number }>`
        with recursive up(id, parent_id) as (
          select id, parent_id from groups where id = ${parentId}
          union all select g.id, g.parent_id from groups g join up on g.id = up.parent_id)
        select id from up where id = ${groupId} limit 1`.execute(tx);
      if (loop.rows.length > 0) return { ok: false, error: 'loop' } as const;
    }
    const problem = await visibilityProblem(tx, groupId, parentId, group.visibility);
    if (problem) return { ok: false, error: problem } as const;
    await tx.updateTable('groups').set({ parent_id: parentId, updated_at: new Date() }).where('id', '=', groupId).execute();
    return { ok: true } as const;
  });
}

async function visibilityProblem(db: Database, groupId: number, parentId: number | null, visibility: Visibility) {
  if (parentId !== null) {
    const parent = await db.selectFrom('groups').select('visibility').where('id', '=', parentId).executeTakeFirst();
    if (parent && !fitsParent(visibility, parent.visibility)) return 'wider-than-parent' as const;
  }
  const children = await db.selectFrom('groups').select('visibility').where('parent_id', '=', groupId).execute();
  if (children.some((child) => !fitsParent(child.visibility, visibility))) return 'narrower-than-subgroup' as const;
  return null;
}

export type JoinResult =
  | { ok: true; status: 'active' | 'pending' }
  | { ok: false; error: 'already-member' | 'already-asked' | 'invitation-only' | 'not-found' };

/** Open groups: joined at once. Closed: a request for the facilitators. Secret: invitation only. */
export async function joinGroup(db: Database, groupId: number, userId: number): Promise<JoinResult> {
  return db.transaction().execute(async (tx) => {
    const group = await tx.selectFrom('groups').select('visibility').where('id', '=', groupId).executeTakeFirst();
    if (!group) return { ok: false, error: 'not-found' } as const;
    const existing = await tx
      .selectFrom('group_members')
      .select('status')
      .where('group_id', '=', groupId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (existing?.status === 'active') return { ok: false, error: 'already-member' } as const;
    if (existing?.status === 'pending') return { ok: false, error: 'already-asked' } as const;
    if (group.visibility === 'secret') return { ok: false, error: 'invitation-only' } as const;
    const status = group.visibility === 'open' ? ('active' as const) : ('pending' as const);
    await tx
      .insertInto('group_members')
      .values({ group_id: groupId, user_id: userId, role: 'member', status, joined_at: status === 'active' ? sql<Date>`now()` : null })
      .onConflict((oc) => oc.columns(['group_id', 'user_id']).doUpdateSet({ status, joined_at: status === 'active' ? sql<Date>`now()` : null }))
      .execute();
    await recount(tx, groupId);
    return { ok: true, status } as const;
  });
}

export type MembershipResult = { ok: true; name: string; wasPending: boolean } | { ok: false; error: 'last-facilitator' | 'not-found' };

async function isLastFacilitator(db: Database, groupId: number, userId: number) {
  const facilitators = await db
    .selectFrom('group_members')
    .select('user_id')
    .where('group_id', '=', groupId)
    .where('role', '=', 'facilitator')
    .where('status', '=', 'active')
    .forUpdate()
    .execute();
  return facilitators.length === 1 && facilitators[0]!.user_id === userId;
}

async function memberName(db: Database, userId: number) {
  return (await db.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst())?.display_name ?? '';
}

/** Leaving, withdrawing a request, or being removed; a group always keeps a facilitator. */
export async function removeMember(db: Database, groupId: number, userId: number): Promise<MembershipResult> {
  return inTransaction(db, async (tx) => {
    const row = await tx
      .selectFrom('group_members')
      .select(['status', 'role'])
      .where('group_id', '=', groupId)
      .where('user_id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return { ok: false, error: 'not-found' } as const;
    if (row.role === 'facilitator' && (await isLastFacilitator(tx, groupId, userId))) return { ok: false, error: 'last-facilitator' } as const;
    await tx.deleteFrom('group_members').where('group_id', '=', groupId).where('user_id', '=', userId).execute();
    await recount(tx, groupId);
    return { ok: true, name: await memberName(tx, userId), wasPending: row.status === 'pending' } as const;
  });
}

export async function decideRequest(db: Database, groupId: number, userId: number, approve: boolean): Promise<MembershipResult> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('group_members')
      .select('status')
      .where('group_id', '=', groupId)
      .where('user_id', '=', userId)
      .where('status', '=', 'pending')
      .forUpdate()
      .executeTakeFirst();
    if (!row) return { ok: false, error: 'not-found' } as const;
    if (approve) {
      await tx
        .updateTable('group_members')
        .set({ status: 'active', joined_at: sql<Date>`now()` })
        .where('group_id', '=', groupId)
        .where('user_id', '=', userId)
        .execute();
    } else {
      await tx.deleteFrom('group_members').where('group_id', '=', groupId).where('user_id', '=', userId).execute();
    }
    await recount(tx, groupId);
    return { ok: true, name: await memberName(tx, userId), wasPending: true } as const;
  });
}

export async function setRole(db: Database, groupId: number, userId: number, role: 'facilitator' | 'member'): Promise<MembershipResult> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .selectFrom('group_members')
      .select('role')
      .where('group_id', '=', groupId)
      .where('user_id', '=', userId)
      .where('status', '=', 'active')
      .forUpdate()
      .executeTakeFirst();
    if (!row) return { ok: false, error: 'not-found' } as const;
    if (role === 'member' && row.role === 'facilitator' && (await isLastFacilitator(tx, groupId, userId))) {
      return { ok: false, error: 'last-facilitator' } as const;
    }
    await tx.updateTable('group_members').set({ role }).where('group_id', '=', groupId).where('user_id', '=', userId).execute();
    return { ok: true, name: await memberName(tx, userId), wasPending: false } as const;
  });
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** Stores an invitation (only the token's hash) and queues the email with the link, together. */
export async function inviteByEmail(
  db: Database,
  mailer: Mailer,
  context: MailContext,
  group: { id: number; name: string; purpose: string },
  inviter: { id: number; name: string },
  email: string,
): Promise<{ ok: true }> {
  const token = crypto.randomBytes(32).toString('base64url');
  const link = `${context.publicUrl}/invitations/${token}`;
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('group_invitations')
      .values({
        group_id: group.id,
        email,
        token_hash: hashToken(token),
        invited_by: inviter.id,
        expires_at: new Date(Date.now() + invitationDays * 24 * 60 * 60 * 1000),
      })
      .execute();
    const params = { inviter: inviter.name, group: group.name, hub: context.hubName, days: invitationDays };
    await mailer.queue(
      {
        to: email,
        subject: t('groups.invite.email.subject', params),
        text: [
          t('groups.invite.email.greeting'),
          '',
          t('groups.invite.email.body', params),
          '',
          group.purpose,
          '',
          t('groups.invite.email.link', params),
          link,
          '',
          t('groups.invite.email.expiry', params),
        ].join('\n'),
      },
      tx,
    );
  });
  return { ok: true };
}

export type AcceptResult = { ok: true; slug: string; name: string } | { ok: false; error: 'invalid' };

/** The link holder joins (whatever address it was sent to); each link works once. */
export async function acceptInvitation(db: Database, tokenHash: string, userId: number): Promise<AcceptResult> {
  return db.transaction().execute(async (tx) => {
    const invitation = await tx
      .selectFrom('group_invitations as i')
      .innerJoin('groups as g', 'g.id', 'i.group_id')
      .select(['i.id', 'i.group_id', 'g.slug', 'g.name'])
      .where('i.token_hash', '=', tokenHash)
      .where('i.used_at', 'is', null)
      .where('i.expires_at', '>', new Date())
      .forUpdate()
      .executeTakeFirst();
    if (!invitation) return { ok: false, error: 'invalid' } as const;
    await tx.updateTable('group_invitations').set({ used_at: new Date(), used_by: userId }).where('id', '=', invitation.id).execute();
    await tx
      .insertInto('group_members')
      .values({ group_id: invitation.group_id, user_id: userId, role: 'member', status: 'active', joined_at: sql<Date>`now()` })
      // Someone already in keeps the date they joined.
      .onConflict((oc) =>
        oc.columns(['group_id', 'user_id']).doUpdateSet({ status: 'active', joined_at: sql<Date>`coalesce(group_members.joined_at, now())` }),
      )
      .execute();
    await recount(tx, invitation.group_id);
    return { ok: true, slug: invitation.slug, name: invitation.name } as const;
  });
}

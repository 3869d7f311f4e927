import { firstFreeSlug, slugify } from '../../web/slugs.ts';
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { t } from '../../i18n/i18n.ts';
import { markdownToText } from '../../web/markdown.ts';
import type { OrganisationInput } from './organisations.forms.ts';

export interface MailContext {
  hubName: string;
  publicUrl: string;
}

export function slugBase(name: string): string {
  return slugify(name, { maxLength: 60, fallback: 'organisation' });
}

async function freeSlug(db: Database, name: string): Promise<string> {
  const base = slugBase(name);
  const taken = await db
    .selectFrom('organisations')
    .select('slug')
    .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
    .execute();
  return firstFreeSlug(base, taken.map((row) => row.slug));
}

/**
 * The search document, written in the same statement as the fields it is made from. The
 * description is indexed as plain text, so link addresses and Markdown marks do not match.
 */
function searchVector(input: OrganisationInput) {
  return sql<string>`setweight(to_tsvector('english', ${input.name}::text), 'A')
    || setweight(to_tsvector('english', ${markdownToText(input.description)}::text), 'B')
    || setweight(to_tsvector('english', ${input.tags.join(' ')}::text), 'C')
    || setweight(to_tsvector('english', ${input.place}::text), 'D')`;
}

function columns(input: OrganisationInput) {
  return {
    name: input.name,
    kind: input.type,
    size: input.size,
    place: input.place,
    local_authority: input.localAuthority,
    website: input.website || null,
    description: input.description,
    tags: input.tags,
    search: searchVector(input),
  };
}

export async function createOrganisation(
  db: Database,
  creatorId: number,
  input: OrganisationInput,
): Promise<{ ok: true; id: number; slug: string }> {
  return db.transaction().execute(async (tx) => {
    // Two people adding the same name at once: the loser of the race takes the next number.
    for (let attempt = 0; ; attempt++) {
      const slug = await freeSlug(tx, input.name);
      const row = await tx
        .insertInto('organisations')
        .values({ ...columns(input), slug, created_by: creatorId })
        .onConflict((oc) => oc.column('slug').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (row) {
        await tx
          .insertInto('organisation_members')
          .values({ organisation_id: row.id, user_id: creatorId, role: 'admin', status: 'active', decided_at: new Date() })
          .execute();
        return { ok: true, id: row.id, slug } as const;
      }
      if (attempt >= 5) throw new Error(`No free address for the organisation "${input.name}" after several tries.`);
    }
  });
}

export async function updateOrganisation(db: Database, id: number, input: OrganisationInput): Promise<{ ok: true } | { ok: false; error: 'not-found' }> {
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .updateTable('organisations')
      .set({ ...columns(input), updated_at: new Date() })
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst();
    return row ? ({ ok: true } as const) : ({ ok: false, error: 'not-found' } as const);
  });
}

/** Serialises changes to one organisation's members, so two admins leaving at once cannot both go. */
async function lockOrganisation(tx: Database, organisationId: number) {
  return tx.selectFrom('organisations').select(['id', 'slug', 'name']).where('id', '=', organisationId).forUpdate().executeTakeFirst();
}

async function adminCount(tx: Database, organisationId: number) {
  const row = await tx
    .selectFrom('organisation_members')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('organisation_id', '=', organisationId)
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

function organisationLink(context: MailContext, slug: string) {
  return `${context.publicUrl}/organisations/${slug}`;
}

export type JoinResult = { ok: true } | { ok: false; error: 'not-found' | 'already-member' | 'already-asked' };

/** Records a request to join and tells the organisation's administrators about it. */
export async function requestToJoin(
  db: Database,
  mailer: Mailer,
  context: MailContext,
  organisationId: number,
  userId: number,
  message: string,
): Promise<JoinResult> {
  const result = await db.transaction().execute(async (tx) => {
    const organisation = await lockOrganisation(tx, organisationId);
    if (!organisation) return { ok: false, error: 'not-found' } as const;
    const existing = await tx
      .selectFrom('organisation_members')
      .select('status')
      .where('organisation_id', '=', organisationId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (existing) return { ok: false, error: existing.status === 'active' ? 'already-member' : 'already-asked' } as const;
    const inserted = await tx
      .insertInto('organisation_members')
      .values({ organisation_id: organisationId, user_id: userId, role: 'member', status: 'pending', message })
      .onConflict((oc) => oc.columns(['organisation_id', 'user_id']).doNothing())
      .returning('user_id')
      .executeTakeFirst();
    if (!inserted) return { ok: false, error: 'already-asked' } as const;
    return { ok: true, organisation } as const;
  });
  if (!result.ok) return result;

  // Queued after the commit: on the embedded database the job queue cannot write while a
  // transaction holds the only connection.
  const requester = await db.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirstOrThrow();
  const admins = await db
    .selectFrom('organisation_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.email', 'u.display_name'])
    .where('m.organisation_id', '=', organisationId)
    .where('m.role', '=', 'admin')
    .where('m.status', '=', 'active')
    .where('u.status', '=', 'active')
    .execute();
  const { organisation } = result;
  for (const admin of admins) {
    await mailer.queue({
      to: admin.email,
      subject: t('organisations.email.request.subject', { name: requester.display_name, organisation: organisation.name }),
      text: t('organisations.email.request.body', {
        admin: admin.display_name,
        name: requester.display_name,
        organisation: organisation.name,
        hub: context.hubName,
        message: message ? t('organisations.email.request.message', { message }) : '',
        link: organisationLink(context, organisation.slug),
      }),
    });
  }
  return { ok: true };
}

export type DecideResult = { ok: true; name: string } | { ok: false; error: 'not-found' };

export async function decideRequest(
  db: Database,
  mailer: Mailer,
  context: MailContext,
  organisationId: number,
  userId: number,
  approve: boolean,
): Promise<DecideResult> {
  const result = await db.transaction().execute(async (tx) => {
    const organisation = await lockOrganisation(tx, organisationId);
    if (!organisation) return { ok: false, error: 'not-found' } as const;
    const changed = approve
      ? await tx
          .updateTable('organisation_members')
          .set({ status: 'active', decided_at: new Date() })
          .where('organisation_id', '=', organisationId)
          .where('user_id', '=', userId)
          .where('status', '=', 'pending')
          .returning('user_id')
          .executeTakeFirst()
      : await tx
          .deleteFrom('organisation_members')
          .where('organisation_id', '=', organisationId)
          .where('user_id', '=', userId)
          .where('status', '=', 'pending')
          .returning('user_id')
          .executeTakeFirst();
    if (!changed) return { ok: false, error: 'not-found' } as const;
    return { ok: true, organisation } as const;
  });
  if (!result.ok) return result;

  const member = await db.selectFrom('users').select(['email', 'display_name']).where('id', '=', userId).executeTakeFirstOrThrow();
  if (approve) {
    await mailer.queue({
      to: member.email,
      subject: t('organisations.email.approved.subject', { organisation: result.organisation.name }),
      text: t('organisations.email.approved.body', {
        name: member.display_name,
        organisation: result.organisation.name,
        hub: context.hubName,
        link: organisationLink(context, result.organisation.slug),
      }),
    });
  }
  return { ok: true, name: member.display_name };
}

export type MembershipChangeResult =
  | { ok: true; name: string; wasPending: boolean }
  | { ok: false; error: 'not-found' | 'last-admin' };

/** Leaving, withdrawing a request or being removed: the membership row goes, unless it is the last admin. */
export async function removeMembership(db: Database, organisationId: number, userId: number): Promise<MembershipChangeResult> {
  return db.transaction().execute(async (tx) => {
    if (!(await lockOrganisation(tx, organisationId))) return { ok: false, error: 'not-found' } as const;
    const membership = await tx
      .selectFrom('organisation_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.role', 'm.status', 'u.display_name'])
      .where('m.organisation_id', '=', organisationId)
      .where('m.user_id', '=', userId)
      .executeTakeFirst();
    if (!membership) return { ok: false, error: 'not-found' } as const;
    if (membership.status === 'active' && membership.role === 'admin' && (await adminCount(tx, organisationId)) <= 1) {
      return { ok: false, error: 'last-admin' } as const;
    }
    await tx.deleteFrom('organisation_members').where('organisation_id', '=', organisationId).where('user_id', '=', userId).execute();
    return { ok: true, name: membership.display_name, wasPending: membership.status === 'pending' } as const;
  });
}

/** Makes a current member an administrator, or an administrator a plain member again. */
export async function setMemberRole(
  db: Database,
  organisationId: number,
  userId: number,
  role: 'admin' | 'member',
): Promise<MembershipChangeResult> {
  return db.transaction().execute(async (tx) => {
    if (!(await lockOrganisation(tx, organisationId))) return { ok: false, error: 'not-found' } as const;
    const membership = await tx
      .selectFrom('organisation_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.role', 'u.display_name'])
      .where('m.organisation_id', '=', organisationId)
      .where('m.user_id', '=', userId)
      .where('m.status', '=', 'active')
      .executeTakeFirst();
    if (!membership) return { ok: false, error: 'not-found' } as const;
    if (membership.role === 'admin' && role === 'member' && (await adminCount(tx, organisationId)) <= 1) {
      return { ok: false, error: 'last-admin' } as const;
    }
    await tx
      .updateTable('organisation_members')
      .set({ role })
      .where('organisation_id', '=', organisationId)
      .where('user_id', '=', userId)
      .execute();
    return { ok: true, name: membership.display_name, wasPending: false } as const;
  });
}

import { hash, verify } from '@node-rs/argon2';
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { inTransaction } from '../../db/transactions.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { t } from '../../i18n/i18n.ts';
import { endAllSessions, hashToken, randomToken } from '../../web/auth.ts';
import { firstFreeSlug, slugify } from '../../web/slugs.ts';

const verifyHours = 48;
const resetMinutes = 60;

// argon2id with the library's defaults (19 MiB, 2 passes): the OWASP baseline.
export function hashPassword(password: string) {
  return hash(password);
}

// Verifying against this when no account matches keeps sign-in equally slow either way, so the
// timing does not tell an attacker which emails have accounts.
let decoyHash: Promise<string> | undefined;

export function normaliseEmail(email: string) {
  return email.trim().toLowerCase();
}

/** A short, readable, unique handle for profile addresses: "Ada Lovelace" → "ada-lovelace". */
export async function uniqueHandle(db: Database, name: string): Promise<string> {
  const base = slugify(name, { maxLength: 40, fallback: 'member' });
  const taken = await db
    .selectFrom('users')
    .select('handle')
    .where((eb) => eb.or([eb('handle', '=', base), eb('handle', 'like', `${base}-%`)]))
    .execute();
  return firstFreeSlug(base, taken.map((row) => row.handle), []);
}

export type CreateAccountResult = { ok: true; userId: number; handle: string } | { ok: false; error: 'email-taken' };

export async function createAccount(
  db: Database,
  input: { name: string; email: string; password: string; role?: 'admin' | 'member'; verified?: boolean },
): Promise<CreateAccountResult> {
  const email = normaliseEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('users').select('id').where(sql`lower(email)`, '=', email).executeTakeFirst();
    if (existing) return { ok: false, error: 'email-taken' } as const;
    const handle = await uniqueHandle(tx, input.name);
    const user = await tx
      .insertInto('users')
      .values({
        email,
        password_hash: passwordHash,
        display_name: input.name,
        handle,
        role: input.role ?? 'member',
        email_verified_at: input.verified ? new Date() : null,
      })
      .onConflict((c) => c.doNothing())
      .returning('id')
      .executeTakeFirst();
    // Two sign-ups racing for one email: the unique index lets only one row in.
    if (!user) return { ok: false, error: 'email-taken' } as const;
    await insertBlankProfile(tx, user.id, input.name);
    return { ok: true, userId: user.id, handle } as const;
  });
}

/** A member's name is always public, so a new profile is findable by name from the start. */
async function insertBlankProfile(db: Database, userId: number, name: string) {
  const vector = sql<string>`to_tsvector('english', ${name})`;
  await db.insertInto('profiles').values({ user_id: userId, search_everyone: vector, search_members: vector }).execute();
}

async function issueToken(db: Database, userId: number, purpose: 'verify-email' | 'reset-password', minutes: number) {
  const token = randomToken();
  await db
    .updateTable('email_tokens')
    .set({ used_at: new Date() })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
  await db
    .insertInto('email_tokens')
    .values({
      token_hash: hashToken(token),
      user_id: userId,
      purpose,
      expires_at: new Date(Date.now() + minutes * 60 * 1000),
    })
    .execute();
  return token;
}

export async function sendVerificationEmail(
  db: Database,
  mailer: Mailer,
  context: { hubName: string; publicUrl: string },
  userId: number,
) {
  const user = await db.selectFrom('users').select(['email', 'display_name']).where('id', '=', userId).executeTakeFirstOrThrow();
  const token = await issueToken(db, userId, 'verify-email', verifyHours * 60);
  const link = `${context.publicUrl}/verify-email/${token}`;
  await mailer.queue({
    to: user.email,
    subject: t('verify.subject', { hub: context.hubName }),
    text: t('verify.body', { name: user.display_name, hub: context.hubName, link }),
  });
}

async function useToken(db: Database, token: string, purpose: 'verify-email' | 'reset-password') {
  const row = await db
    .updateTable('email_tokens')
    .set({ used_at: new Date() })
    .where('token_hash', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id;
}

export async function verifyEmail(db: Database, token: string): Promise<{ ok: true; userId: number } | { ok: false; error: 'invalid-link' }> {
  return db.transaction().execute(async (tx) => {
    const userId = await useToken(tx, token, 'verify-email');
    if (userId === undefined) return { ok: false, error: 'invalid-link' } as const;
    await tx.updateTable('users').set({ email_verified_at: new Date() }).where('id', '=', userId).execute();
    return { ok: true, userId } as const;
  });
}

export type AuthenticateResult = { ok: true; userId: number } | { ok: false; error: 'wrong-credentials' | 'suspended' };

export async function authenticate(db: Database, emailInput: string, password: string): Promise<AuthenticateResult> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash', 'status'])
    .where(sql`lower(email)`, '=', normaliseEmail(emailInput))
    .executeTakeFirst();
  if (!user) {
    decoyHash ??= hashPassword(randomToken());
    await verify(await decoyHash, password).catch(() => false);
    return { ok: false, error: 'wrong-credentials' };
  }
  const matches = await verify(user.password_hash, password).catch(() => false);
  if (!matches) return { ok: false, error: 'wrong-credentials' };
  if (user.status === 'suspended') return { ok: false, error: 'suspended' };
  return { ok: true, userId: user.id };
}

/** Sends a reset link if an account uses the address; says nothing either way to the requester. */
export async function requestPasswordReset(
  db: Database,
  mailer: Mailer,
  context: { hubName: string; publicUrl: string },
  emailInput: string,
) {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'status'])
    .where(sql`lower(email)`, '=', normaliseEmail(emailInput))
    .executeTakeFirst();
  if (!user || user.status !== 'active') return;
  const token = await issueToken(db, user.id, 'reset-password', resetMinutes);
  const link = `${context.publicUrl}/reset-password/${token}`;
  await mailer.queue({
    to: user.email,
    subject: t('forgot.subject', { hub: context.hubName }),
    text: t('forgot.body', { name: user.display_name, hub: context.hubName, link }),
  });
}

export async function resetTokenIsValid(db: Database, token: string) {
  const row = await db
    .selectFrom('email_tokens')
    .select('user_id')
    .where('token_hash', '=', hashToken(token))
    .where('purpose', '=', 'reset-password')
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .executeTakeFirst();
  return row !== undefined;
}

export async function resetPassword(db: Database, token: string, password: string): Promise<{ ok: true; userId: number } | { ok: false; error: 'invalid-link' }> {
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (tx) => {
    const userId = await useToken(tx, token, 'reset-password');
    if (userId === undefined) return { ok: false, error: 'invalid-link' } as const;
    // Following the emailed link also proves the address.
    await tx
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: new Date(), email_verified_at: sql`coalesce(email_verified_at, now())` as never })
      .where('id', '=', userId)
      .execute();
    await endAllSessions(tx, userId);
    return { ok: true, userId } as const;
  });
}

export async function changePassword(db: Database, userId: number, current: string, next: string): Promise<{ ok: true } | { ok: false; error: 'wrong-password' }> {
  const user = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow();
  if (!(await verify(user.password_hash, current).catch(() => false))) return { ok: false, error: 'wrong-password' };
  const passwordHash = await hashPassword(next);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ password_hash: passwordHash, updated_at: new Date() }).where('id', '=', userId).execute();
    await endAllSessions(tx, userId);
  });
  return { ok: true };
}

export async function setMemberStatus(
  db: Database,
  actorId: number,
  userId: number,
  status: 'active' | 'suspended',
): Promise<{ ok: true; name: string } | { ok: false; error: 'not-found' | 'self' }> {
  if (actorId === userId && status === 'suspended') return { ok: false, error: 'self' };
  return inTransaction(db, async (tx) => {
    const user = await tx
      .updateTable('users')
      .set({ status, updated_at: new Date() })
      .where('id', '=', userId)
      .returning('display_name')
      .executeTakeFirst();
    if (!user) return { ok: false, error: 'not-found' } as const;
    if (status === 'suspended') await endAllSessions(tx, userId);
    return { ok: true, name: user.display_name } as const;
  });
}

export async function setUpHub(db: Database, input: { hubName: string; name: string; email: string; password: string }) {
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('hub_settings')
      .values({ id: 1, name: input.hubName })
      .onConflict((c) => c.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return { ok: false, error: 'already-set-up' } as const;
    const handle = await uniqueHandle(tx, input.name);
    const user = await tx
      .insertInto('users')
      .values({
        email: normaliseEmail(input.email),
        password_hash: passwordHash,
        display_name: input.name,
        handle,
        role: 'admin',
        email_verified_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertBlankProfile(tx, user.id, input.name);
    return { ok: true, userId: user.id } as const;
  });
}

export type DeleteAccountResult = { ok: true; photo: string | null } | { ok: false; error: 'wrong-password' | 'last-admin' };

/**
 * Deletes a member for good. Rows that belong only to them go with them (profile, sessions,
 * tokens, memberships); what they contributed to others stays, pointing at no one, so it shows
 * without a name.
 */
export async function deleteAccount(db: Database, userId: number, password: string): Promise<DeleteAccountResult> {
  const user = await db.selectFrom('users').select(['password_hash', 'role']).where('id', '=', userId).executeTakeFirst();
  if (!user || !(await verify(user.password_hash, password).catch(() => false))) return { ok: false, error: 'wrong-password' };
  return db.transaction().execute(async (tx) => {
    if (user.role === 'admin') {
      // Locking the administrators' rows stops two last administrators leaving at once.
      const admins = await tx.selectFrom('users').select('id').where('role', '=', 'admin').where('status', '=', 'active').forUpdate().execute();
      if (admins.filter((a) => a.id !== userId).length === 0) return { ok: false, error: 'last-admin' } as const;
    }
    const profile = await tx.selectFrom('profiles').select('photo').where('user_id', '=', userId).executeTakeFirst();
    await tx.deleteFrom('users').where('id', '=', userId).execute();
    return { ok: true, photo: profile?.photo ?? null } as const;
  });
}

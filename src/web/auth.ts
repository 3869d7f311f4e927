import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import type { Viewer } from './context.ts';

export const sessionCookie = 'seedbed_session';
const sessionDays = 30;
// Touching last_seen_at on every request would turn every page view into a write.
const touchAfterMs = 10 * 60 * 1000;

export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

/** Tokens are stored only as hashes, so a leaked database holds no working session or link. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

function viewerFromRow(row: {
  id: number;
  handle: string;
  display_name: string;
  role: 'admin' | 'member';
  email_verified_at: Date | null;
}): Viewer {
  return {
    id: row.id,
    handle: row.handle,
    displayName: row.display_name,
    role: row.role,
    emailVerified: row.email_verified_at !== null,
  };
}

export async function viewerFromSession(db: Database, token: string): Promise<{ viewer: Viewer; sessionId: string } | null> {
  const sessionId = hashToken(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.handle', 'users.display_name', 'users.role', 'users.email_verified_at', 'users.status'])
    .select(['sessions.last_seen_at', 'sessions.expires_at'])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst();
  if (!row || row.expires_at.getTime() < Date.now() || row.status !== 'active') return null;
  if (Date.now() - row.last_seen_at.getTime() > touchAfterMs) {
    await db.updateTable('sessions').set({ last_seen_at: new Date() }).where('id', '=', sessionId).execute();
  }
  return { viewer: viewerFromRow(row), sessionId };
}

export async function viewerFromApiToken(db: Database, token: string): Promise<Viewer | null> {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['users.id', 'users.handle', 'users.display_name', 'users.role', 'users.email_verified_at', 'users.status'])
    .select(['api_tokens.id as token_id', 'api_tokens.last_used_at'])
    .where('api_tokens.token_hash', '=', hashToken(token))
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row || row.status !== 'active') return null;
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > touchAfterMs) {
    await db.updateTable('api_tokens').set({ last_used_at: new Date() }).where('id', '=', row.token_id).execute();
  }
  return viewerFromRow(row);
}

/**
 * Signs a member in with a fresh session. Any session the browser had is ended first, so a
 * session id planted before sign-in can never become a signed-in one.
 */
export async function startSession(db: Database, request: FastifyRequest, reply: FastifyReply, userId: number) {
  if (request.sessionId) await db.deleteFrom('sessions').where('id', '=', request.sessionId).execute();
  const token = randomToken();
  const expires = new Date(Date.now() + sessionDays * 24 * 3600 * 1000);
  await db.insertInto('sessions').values({ id: hashToken(token), user_id: userId, expires_at: expires }).execute();
  reply.setCookie(sessionCookie, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    expires,
  });
}

export async function endSession(db: Database, request: FastifyRequest, reply: FastifyReply) {
  if (request.sessionId) await db.deleteFrom('sessions').where('id', '=', request.sessionId).execute();
  reply.clearCookie(sessionCookie, { path: '/' });
}

export async function endAllSessions(db: Database, userId: number) {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

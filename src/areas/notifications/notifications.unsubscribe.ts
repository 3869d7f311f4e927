import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { cookieSecret } from '../../web/hub.ts';
import { isNotificationKind, type DigestPeriod, type NotificationKind } from './notifications.model.ts';

/** What one unsubscribe link stops: one kind of notification, or a whole summary email. */
export type UnsubscribeScope = NotificationKind | DigestPeriod;

export function isUnsubscribeScope(value: unknown): value is UnsubscribeScope {
  return isNotificationKind(value) || value === 'daily' || value === 'weekly';
}

// Keyed by the database, which every area's (encapsulated) app instance shares.
const secrets = new WeakMap<object, Promise<string>>();

/**
 * The cookie secret (SESSION_SECRET, or the one kept in the database), read once per app. Links
 * in emails sent by a separate worker process must verify in the web process, so the key has to
 * be the secret every process of the hub shares.
 */
function signingSecret(app: FastifyInstance): Promise<string> {
  let secret = secrets.get(app.db);
  if (!secret) {
    secret = cookieSecret(app.db, app.config.sessionSecret);
    // A failed read (database briefly away) must not be remembered.
    secret.catch(() => secrets.delete(app.db));
    secrets.set(app.db, secret);
  }
  return secret;
}

function mac(secret: string, userId: number, scope: UnsubscribeScope): Buffer {
  // The purpose prefix keeps these signatures from ever matching one made for another use of the
  // same secret (signed cookies).
  return crypto.createHmac('sha256', secret).update(`unsubscribe:${userId}.${scope}`).digest();
}

/** A token for `/unsubscribe/TOKEN`: "userId.scope.signature", all URL-safe, never expiring. */
export async function unsubscribeToken(app: FastifyInstance, userId: number, scope: UnsubscribeScope): Promise<string> {
  return `${userId}.${scope}.${mac(await signingSecret(app), userId, scope).toString('base64url')}`;
}

export async function unsubscribeUrl(app: FastifyInstance, userId: number, scope: UnsubscribeScope): Promise<string> {
  return `${app.config.publicUrl}/unsubscribe/${await unsubscribeToken(app, userId, scope)}`;
}

/** The member and scope a token stands for, or null when it is malformed or not ours. */
export async function readUnsubscribeToken(
  app: FastifyInstance,
  token: string,
): Promise<{ userId: number; scope: UnsubscribeScope } | null> {
  const match = /^([1-9][0-9]{0,15})\.([a-z]{1,20})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const userId = Number(match[1]);
  const scope = match[2];
  if (!Number.isSafeInteger(userId) || !isUnsubscribeScope(scope)) return null;
  const given = Buffer.from(match[3]!, 'base64url');
  const expected = mac(await signingSecret(app), userId, scope);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  return { userId, scope };
}

import type { Database } from '../../db/database.ts';
import { hashToken, randomToken } from '../../web/auth.ts';
import { countActiveTokens } from './api.queries.ts';

/** Enough for every script someone keeps; more usually means old tokens nobody revoked. */
export const maxActiveTokens = 20;
export const tokenPrefixLength = 7;

export type CreateTokenResult = { ok: true; id: number; token: string } | { ok: false; error: 'too-many' };

/**
 * Makes a personal access token. Only its hash is stored, so the returned secret is the one and
 * only time anyone sees it; the first characters are kept to tell tokens apart in the list.
 */
export async function createToken(db: Database, userId: number, name: string): Promise<CreateTokenResult> {
  return db.transaction().execute(async (tx) => {
    // Locking the member's row makes two simultaneous requests queue, so neither can slip past the limit.
    await tx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().executeTakeFirst();
    if ((await countActiveTokens(tx, userId)) >= maxActiveTokens) return { ok: false, error: 'too-many' } as const;
    const token = `sb_${randomToken(32)}`;
    const row = await tx
      .insertInto('api_tokens')
      .values({ user_id: userId, name, token_hash: hashToken(token), token_prefix: token.slice(0, tokenPrefixLength) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { ok: true, id: row.id, token } as const;
  });
}

export type RevokeTokenResult = { ok: true; name: string; alreadyRevoked: boolean } | { ok: false; error: 'not-found' };

/** Revokes one of the member's own tokens; someone else's token is "not found", not "forbidden". */
export async function revokeToken(db: Database, userId: number, tokenId: number): Promise<RevokeTokenResult> {
  return db.transaction().execute(async (tx) => {
    const token = await tx
      .selectFrom('api_tokens')
      .select(['name', 'revoked_at'])
      .where('id', '=', tokenId)
      .where('user_id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (!token) return { ok: false, error: 'not-found' } as const;
    if (token.revoked_at) return { ok: true, name: token.name, alreadyRevoked: true } as const;
    await tx.updateTable('api_tokens').set({ revoked_at: new Date() }).where('id', '=', tokenId).execute();
    return { ok: true, name: token.name, alreadyRevoked: false } as const;
  });
}

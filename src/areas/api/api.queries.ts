import type { Database } from '../../db/database.ts';

export interface TokenRow {
  id: number;
  name: string;
  token_prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/**
 * A member's own tokens, active ones first, newest first; never anyone else's. Fetches one row
 * more than a page so the caller knows whether there is a next page.
 */
export async function listTokens(db: Database, viewerId: number, page: number, pageSize: number) {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'token_prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', viewerId)
    .orderBy((eb) => eb('revoked_at', 'is', null), 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize)
    .execute();
  return { tokens: rows.slice(0, pageSize) as TokenRow[], hasNext: rows.length > pageSize };
}

export async function countActiveTokens(db: Database, viewerId: number): Promise<number> {
  const row = await db
    .selectFrom('api_tokens')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', viewerId)
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

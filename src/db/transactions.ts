import type { Transaction } from 'kysely';
import type { Database } from './database.ts';
import type { DB } from './schema.ts';

/**
 * Runs `work` in a transaction: a new one, or the caller's when `db` already is one. A command
 * written with it can also be one step of a larger command, so that (say) a moderator's action and
 * its entry in the moderation log are saved together or not at all.
 */
export function inTransaction<T>(db: Database, work: (tx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Transaction<DB>) : db.transaction().execute(work);
}

import type { PGlite, Transaction } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';

/**
 * Kysely on PGlite, the embedded database. PGlite is one connection: its own `transaction()` holds
 * a lock that every other query waits for, so a Kysely transaction is run inside one. That keeps
 * other requests (and the job queue, which shares the instance) from slipping statements into it.
 */
export class PgliteDialect implements Dialect {
  private readonly pglite: PGlite;

  constructor(pglite: PGlite) {
    this.pglite = pglite;
  }
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PgliteDriver(this.pglite);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

class PgliteDriver implements Driver {
  private readonly pglite: PGlite;

  constructor(pglite: PGlite) {
    this.pglite = pglite;
  }
  async init() {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return new PgliteConnection(this.pglite);
  }
  async beginTransaction(connection: PgliteConnection) {
    await connection.begin();
  }
  async commitTransaction(connection: PgliteConnection) {
    await connection.end(true);
  }
  async rollbackTransaction(connection: PgliteConnection) {
    await connection.end(false);
  }
  async releaseConnection() {}
  async destroy() {}
}

class RollbackRequested extends Error {}

class PgliteConnection implements DatabaseConnection {
  private transaction: Transaction | undefined;
  private finish: ((commit: boolean) => void) | undefined;
  private settled: Promise<unknown> | undefined;

  private readonly pglite: PGlite;

  constructor(pglite: PGlite) {
    this.pglite = pglite;
  }

  begin(): Promise<void> {
    return new Promise((started, failed) => {
      this.settled = this.pglite
        .transaction(
          (tx) =>
            new Promise<void>((commit, rollback) => {
              this.transaction = tx;
              this.finish = (ok) => (ok ? commit() : rollback(new RollbackRequested()));
              started();
            }),
        )
        .catch((error: unknown) => {
          if (!(error instanceof RollbackRequested)) {
            failed(error);
            throw error;
          }
        });
    });
  }

  async end(commit: boolean) {
    const finish = this.finish;
    const settled = this.settled;
    this.transaction = undefined;
    this.finish = undefined;
    this.settled = undefined;
    finish?.(commit);
    await settled;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const target = this.transaction ?? this.pglite;
    const result = await target.query<R>(query.sql, query.parameters as unknown[], { rowMode: 'object' });
    const affected = result.affectedRows;
    return {
      rows: result.rows,
      ...(affected !== undefined && /^\s*(insert|update|delete|merge)/i.test(query.sql)
        ? { numAffectedRows: BigInt(affected) }
        : {}),
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not available on the embedded database.');
  }
}

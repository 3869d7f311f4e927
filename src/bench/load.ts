/**
 * Fast loading for benchmark hubs, on PostgreSQL and on the embedded database alike: one
 * `INSERT … SELECT … FROM unnest(…)` per batch, each column sent as one array literal (so a batch
 * of 10,000 rows is one statement with a handful of parameters), with secondary indexes and
 * foreign keys set aside while the rows go in and put back afterwards, as a restore would.
 */
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';

export type SqlType = 'bigint' | 'int' | 'text' | 'timestamptz' | 'boolean' | 'jsonb' | 'numeric' | 'date';

export interface Input {
  name: string;
  type: SqlType;
  values: readonly unknown[];
}

function quoted(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A PostgreSQL array literal for one column: `{1,2,NULL}` or `{"a","b \"c\""}`. */
export function arrayLiteral(values: readonly unknown[], type: SqlType): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) parts[i] = 'NULL';
    else if (type === 'bigint' || type === 'int' || type === 'numeric') parts[i] = String(value);
    else if (type === 'boolean') parts[i] = value ? 't' : 'f';
    else if (value instanceof Date) parts[i] = quoted(value.toISOString());
    else if (typeof value === 'number' && type === 'timestamptz') parts[i] = quoted(new Date(value).toISOString());
    else parts[i] = quoted(typeof value === 'string' ? value : JSON.stringify(value));
  }
  return `{${parts.join(',')}}`;
}

/** A text[] value for one row, for columns like tags: sent inside a text array, cast back per row. */
export function textArray(values: readonly string[]): string {
  return `{${values.map(quoted).join(',')}}`;
}

/**
 * Inserts rows given column by column. `columns` maps each target column to an SQL expression over
 * the inputs, which are in scope as `t.<name>` (e.g. search: "to_tsvector('english', t.body)").
 */
export async function insertColumns(
  db: Database,
  table: string,
  columns: Record<string, string>,
  inputs: Input[],
  options: { overridingIdentity?: boolean } = {},
): Promise<void> {
  const length = inputs[0]?.values.length ?? 0;
  if (length === 0) return;
  for (const input of inputs) {
    if (input.values.length !== length) throw new Error(`Column ${input.name} of ${table} has ${input.values.length} values, expected ${length}.`);
  }
  const targets = Object.keys(columns);
  const params = inputs.map((input) => sql`${arrayLiteral(input.values, input.type)}::${sql.raw(input.type)}[]`);
  await sql`insert into ${sql.raw(table)} (${sql.raw(targets.join(', '))})
    ${sql.raw(options.overridingIdentity ? 'overriding system value' : '')}
    select ${sql.raw(targets.map((target) => columns[target]).join(', '))}
    from unnest(${sql.join(params)}) as t(${sql.raw(inputs.map((input) => input.name).join(', '))})`.execute(db);
}

/**
 * Collects rows and writes them in batches. While a batch is on its way to the database the
 * caller can already build the next one, so on two cores the generator and the database work at
 * the same time.
 */
export class BatchWriter {
  private readonly db: Database;
  private readonly table: string;
  private readonly columns: Record<string, string>;
  private readonly types: [string, SqlType][];
  private readonly batchSize: number;
  private readonly overridingIdentity: boolean;
  private readonly onWritten: ((rows: number) => void) | undefined;
  private rows: unknown[][];
  private pending: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  written = 0;

  constructor(
    db: Database,
    table: string,
    inputs: Record<string, SqlType>,
    columns: Record<string, string> | null,
    options: { batchSize?: number; overridingIdentity?: boolean; onWritten?: (rows: number) => void } = {},
  ) {
    this.db = db;
    this.table = table;
    this.types = Object.entries(inputs);
    this.columns = columns ?? Object.fromEntries(this.types.map(([name]) => [name, `t.${name}`]));
    this.batchSize = options.batchSize ?? 5000;
    this.overridingIdentity = options.overridingIdentity ?? false;
    this.onWritten = options.onWritten;
    this.rows = this.types.map(() => []);
  }

  /** Adds one row, values in the order of the inputs given to the constructor. */
  async add(...values: unknown[]): Promise<void> {
    for (let i = 0; i < this.types.length; i++) this.rows[i]!.push(values[i]);
    if (this.rows[0]!.length >= this.batchSize) await this.flush();
  }

  /** Sends what is collected; waits for the batch before it, so at most one is in flight. */
  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    const count = this.rows[0]!.length;
    if (count === 0) return;
    const inputs: Input[] = this.types.map(([name, type], i) => ({ name, type, values: this.rows[i]! }));
    this.rows = this.types.map(() => []);
    await this.pending;
    if (this.failure) throw this.failure;
    this.pending = insertColumns(this.db, this.table, this.columns, inputs, { overridingIdentity: this.overridingIdentity }).then(
      () => {
        this.written += count;
        this.onWritten?.(count);
      },
      (error: unknown) => {
        this.failure = error;
      },
    );
  }

  /** Sends the rest and waits until everything is written. */
  async close(): Promise<void> {
    await this.flush();
    await this.pending;
    if (this.failure) throw this.failure;
  }
}

export interface SetAside {
  indexes: { name: string; table: string; definition: string }[];
  foreignKeys: { name: string; table: string; definition: string }[];
}

/**
 * Drops the secondary (non-unique) indexes and the foreign keys of `tables`, returning what is
 * needed to put them back. Unique indexes and primary keys stay, so duplicates are still refused
 * while loading.
 */
export async function setAsideIndexes(db: Database, tables: string[]): Promise<SetAside> {
  const indexes = await sql<{ name: string; table: string; definition: string }>`
    select i.relname as name, t.relname as table, pg_get_indexdef(i.oid) as definition
      from pg_index x
      join pg_class i on i.oid = x.indexrelid
      join pg_class t on t.oid = x.indrelid
      join pg_namespace n on n.oid = t.relnamespace
     where n.nspname = current_schema() and t.relname = any(${`{${tables.join(',')}}`}::text[])
       and not x.indisunique and not x.indisprimary
       and not exists (select 1 from pg_constraint c where c.conindid = i.oid)
     order by t.relname, i.relname`.execute(db);
  const foreignKeys = await sql<{ name: string; table: string; definition: string }>`
    select c.conname as name, t.relname as table, pg_get_constraintdef(c.oid) as definition
      from pg_constraint c
      join pg_class t on t.oid = c.conrelid
      join pg_namespace n on n.oid = t.relnamespace
     where n.nspname = current_schema() and c.contype = 'f' and t.relname = any(${`{${tables.join(',')}}`}::text[])
     order by t.relname, c.conname`.execute(db);
  for (const key of foreignKeys.rows) await sql.raw(`alter table ${quoteName(key.table)} drop constraint ${quoteName(key.name)}`).execute(db);
  for (const index of indexes.rows) await sql.raw(`drop index ${quoteName(index.name)}`).execute(db);
  return { indexes: indexes.rows, foreignKeys: foreignKeys.rows };
}

/** Puts back what setAsideIndexes removed (skipping any already there), reporting each as it goes. */
export async function restoreIndexes(db: Database, setAside: SetAside, onEach?: (label: string) => void): Promise<void> {
  const existingIndexes = new Set(
    (await sql<{ name: string }>`select indexname as name from pg_indexes where schemaname = current_schema()`.execute(db)).rows.map((row) => row.name),
  );
  for (const index of setAside.indexes) {
    if (!existingIndexes.has(index.name)) await sql.raw(index.definition).execute(db);
    onEach?.(index.name);
  }
  const existingKeys = new Set(
    (await sql<{ name: string }>`select conname as name from pg_constraint where contype = 'f'`.execute(db)).rows.map((row) => row.name),
  );
  for (const key of setAside.foreignKeys) {
    if (!existingKeys.has(key.name)) {
      await sql.raw(`alter table ${quoteName(key.table)} add constraint ${quoteName(key.name)} ${key.definition}`).execute(db);
    }
    onEach?.(key.name);
  }
}

function quoteName(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Moves an identity column's sequence past the highest id, after rows were given their ids. */
export async function resetIdentity(db: Database, table: string): Promise<void> {
  await sql.raw(`select setval(pg_get_serial_sequence('${table}', 'id'), greatest((select max(id) from ${quoteName(table)}), 1))`).execute(db);
}

export async function maxId(db: Database, table: string): Promise<number> {
  const row = await sql<{ max: number | string | null }>`select max(id) as max from ${sql.raw(quoteName(table))}`.execute(db);
  return Number(row.rows[0]?.max ?? 0);
}

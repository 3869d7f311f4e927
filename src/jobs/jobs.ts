import { PgBoss, fromKysely, fromPglite } from 'pg-boss';
import type { Database } from '../db/database.ts';
import type { DatabaseHandle } from '../db/database.ts';

export type JobHandler<T> = (data: T) => Promise<void>;

interface JobDefinition {
  name: string;
  handler: JobHandler<any>;
  retryLimit: number;
  cron: string | undefined;
}

/**
 * Background work (emails, digests, feeds, federation) goes through pg-boss, whose queue lives in
 * the same database, so a job survives a crash of the process that queued it and is retried with
 * growing pauses.
 */
export class Jobs {
  private readonly boss: PgBoss;
  private readonly definitions = new Map<string, JobDefinition>();
  private started = false;
  private working = false;

  constructor(database: DatabaseHandle, options: { pollingIntervalSeconds?: number } = {}) {
    this.pollingIntervalSeconds = options.pollingIntervalSeconds ?? 2;
    this.boss =
      database.kind === 'embedded'
        ? new PgBoss({ db: fromPglite(database.pglite!), backend: 'pglite', schema: 'jobs' } as ConstructorParameters<typeof PgBoss>[0])
        : new PgBoss({ connectionString: database.connectionString!, schema: 'jobs', max: 4 });
    this.boss.on('error', (error) => this.onError(error));
  }

  private readonly pollingIntervalSeconds: number;
  onError: (error: unknown) => void = (error) => console.error('Background job error:', error);

  /**
   * `cron` (e.g. '0 7 * * *', London time) also runs the job on that schedule; it is applied by
   * `start()`, because pg-boss can only schedule once it is connected.
   */
  define<T extends object>(name: string, handler: JobHandler<T>, options: { retryLimit?: number; cron?: string } = {}) {
    this.definitions.set(name, { name, handler, retryLimit: options.retryLimit ?? 6, cron: options.cron });
  }

  /** Connects the queue (creating its tables on first use) so jobs can be sent. */
  async start() {
    if (this.started) return;
    await this.boss.start();
    for (const definition of this.definitions.values()) {
      await this.boss.createQueue(definition.name, {
        retryLimit: definition.retryLimit,
        retryDelay: 5,
        retryBackoff: true,
      });
      if (definition.cron) await this.schedule(definition.name, definition.cron);
    }
    // A schedule whose job no longer has one in the code (renamed, removed) would otherwise keep
    // firing from pg-boss's table for ever.
    for (const schedule of await this.boss.getSchedules()) {
      if (!this.definitions.get(schedule.name)?.cron) await this.boss.unschedule(schedule.name, schedule.key);
    }
    this.started = true;
  }

  /** Starts taking jobs from the queue in this process. */
  async work() {
    if (this.working) return;
    await this.start();
    for (const definition of this.definitions.values()) {
      await this.boss.work(
        definition.name,
        { pollingIntervalSeconds: this.pollingIntervalSeconds, batchSize: 1 },
        async (jobs) => {
          for (const job of jobs) await definition.handler(job.data);
        },
      );
    }
    this.working = true;
  }

  /**
   * Queues a job. Pass `db` (a transaction) to queue it inside that transaction: it then runs only
   * if the transaction commits. On the embedded database this is also the only way to queue from
   * inside a transaction, since a second statement outside it would wait for it forever.
   */
  async send<T extends object>(
    name: string,
    data: T,
    options: { startAfterSeconds?: number; singletonKey?: string; db?: Database } = {},
  ) {
    if (!this.definitions.has(name)) throw new Error(`No job is defined with the name "${name}".`);
    await this.boss.send(name, data, {
      ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      ...(options.db ? { db: fromKysely(options.db) } : {}),
    });
  }

  async schedule(name: string, cron: string, data: object = {}) {
    await this.boss.schedule(name, cron, data, { tz: 'Europe/London' });
  }

  async stop() {
    if (!this.started) return;
    await this.boss.stop({ graceful: true, timeout: 5000 });
    this.started = false;
    this.working = false;
  }
}

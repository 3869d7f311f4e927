import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { openDatabase, type DatabaseHandle } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { Jobs } from './jobs/jobs.ts';
import { Mailer } from './mail/mailer.ts';
import { buildApp } from './web/app.tsx';

export interface Hub {
  app: FastifyInstance;
  database: DatabaseHandle;
  jobs: Jobs;
  mailer: Mailer;
  close(): Promise<void>;
}

export interface HubOptions {
  /** Work through background jobs in this process (`WORKER=in-process`). */
  worker?: boolean;
  pollingIntervalSeconds?: number;
  /** An already open database, e.g. a test's own copy. */
  database?: DatabaseHandle;
}

/** Opens the database, brings it up to date and assembles the web app and the job queue. */
export async function createHub(config: Config, options: HubOptions = {}): Promise<Hub> {
  const database = options.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  await migrateToLatest(database.db);
  const jobs = new Jobs(database, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 });
  const mailer = new Mailer(database.db, jobs, { smtpUrl: config.smtpUrl, from: config.mailFrom });
  const app = await buildApp({ config, database, jobs, mailer });
  app.log.level = config.logLevel;
  await jobs.start();
  if (options.worker ?? config.inProcessWorker) await jobs.work();
  jobs.onError = (error) => app.log.error({ err: error }, 'Background job failed');
  return {
    app,
    database,
    jobs,
    mailer,
    async close() {
      await app.close();
      await jobs.stop();
      mailer.close();
      if (!options.database) await database.close();
    },
  };
}

/**
 * A whole hub for a test file: its own database copy, its own data folder, optionally its own SMTP
 * server and a real port for the browser.
 *
 *   const t = await startTestHub({ smtp: true });
 *   after(() => t.close());
 *   const admin = await setUpHub(t.app);
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { readConfig, type Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { createHub, type Hub } from '../server.ts';
import { testDatabase, type TestDatabase } from './database.ts';
import { TestClient, type TestResponse } from './http.ts';
import { startTestSmtp, type TestSmtp } from './smtp.ts';

export interface TestHubOptions {
  /** Start a test SMTP server and send the hub's email to it (`smtp` in the result). */
  smtp?: boolean;
  /** Listen on a real port on 127.0.0.1 (for a browser); PUBLIC_URL is then that address. */
  listen?: boolean;
  /** Extra or overriding settings, as environment variables (see src/config.ts). */
  env?: Record<string, string>;
}

export interface TestHub<Smtp extends TestSmtp | undefined = TestSmtp | undefined> {
  hub: Hub;
  app: FastifyInstance;
  db: Database;
  database: TestDatabase;
  config: Config;
  /** Where the hub is reached: the real address with `listen`, otherwise PUBLIC_URL (inject only). */
  baseUrl: string;
  smtp: Smtp;
  close(): Promise<void>;
}

/** PUBLIC_URL of hubs that do not listen; links in their emails start with it. */
export const unlistenedPublicUrl = 'http://hub.seedbed.test';

export async function startTestHub<O extends TestHubOptions = {}>(
  options?: O,
): Promise<TestHub<O extends { smtp: true } ? TestSmtp : TestSmtp | undefined>>;
export async function startTestHub(options: TestHubOptions = {}): Promise<TestHub> {
  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanUp = async () => {
    const errors: unknown[] = [];
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, 'Closing the test hub failed');
  };

  try {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seedbed-test-data-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 }));

    const smtp = options.smtp ? await startTestSmtp() : undefined;
    if (smtp) cleanups.push(() => smtp.close());

    const database = await testDatabase();
    cleanups.push(() => database.close());

    const settings = (port: number | undefined): Config =>
      readConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        DATA_DIR: dataDir,
        HOST: '127.0.0.1',
        PORT: String(port ?? 0),
        PUBLIC_URL: port ? `http://127.0.0.1:${port}` : unlistenedPublicUrl,
        WORKER: 'in-process',
        MAIL_FROM: 'Seedbed test hub <hub@seedbed.test>',
        ...(database.connectionString ? { DATABASE_URL: database.connectionString } : {}),
        ...(smtp ? { SMTP_URL: smtp.url } : {}),
        ...options.env,
      });

    let hub: Hub;
    let config: Config;
    if (!options.listen) {
      config = settings(undefined);
      hub = await createHub(config, { database, worker: true, pollingIntervalSeconds: 0.5 });
    } else {
      // The port must be known before the hub is built, because PUBLIC_URL names it: take a free
      // one from the system, then listen on it (and try another if something took it meanwhile).
      for (let attempt = 1; ; attempt++) {
        const port = await freePort();
        config = settings(port);
        hub = await createHub(config, { database, worker: true, pollingIntervalSeconds: 0.5 });
        try {
          await hub.app.listen({ port, host: '127.0.0.1' });
          break;
        } catch (error) {
          await hub.close();
          const code = (error as { code?: string }).code;
          if (code !== 'EADDRINUSE' || attempt >= 5) throw error;
        }
      }
    }
    const started = hub;
    cleanups.push(() => started.close());

    return {
      hub,
      app: hub.app,
      db: hub.database.db,
      database,
      config,
      baseUrl: config.publicUrl,
      smtp,
      close: cleanUp,
    };
  } catch (error) {
    await cleanUp().catch(() => {});
    throw error;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface HubSetup {
  hubName: string;
  adminName: string;
  adminEmail: string;
  adminPassword: string;
}

export const defaultSetup: HubSetup = {
  hubName: 'Riverside Growers',
  adminName: 'Ada Admin',
  adminEmail: 'admin@example.org',
  adminPassword: 'correct horse battery staple',
};

/**
 * Completes /setup the way a person does (GET the form, POST it back with its CSRF token). Returns
 * the client, signed in as the new administrator. Throws with the page's text when setup fails.
 */
export async function setUpHub(app: FastifyInstance, setup: Partial<HubSetup> = {}): Promise<TestClient & { setup: HubSetup }> {
  const values = { ...defaultSetup, ...setup };
  const client = new TestClient(app);
  const response = await client.postForm('/setup', {
    hubName: values.hubName,
    name: values.adminName,
    email: values.adminEmail,
    password: values.adminPassword,
  });
  if (response.status >= 400 || !response.location) {
    throw new Error(`Setting up the hub failed: POST /setup answered ${response.status}.\n${pageText(response)}`);
  }
  const home = await client.get('/');
  if (home.location?.startsWith('/setup')) {
    throw new Error(`POST /setup answered ${response.status} → ${response.location}, but the hub still sends visitors to /setup.`);
  }
  return Object.assign(client, { setup: values });
}

/** The readable text of a page, shortened, for error messages. */
export function pageText(response: TestResponse, limit = 1500): string {
  const text = response.body
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

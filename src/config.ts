import path from 'node:path';

/**
 * Every setting the hub reads from its environment, checked once at start-up. A wrong value stops
 * the hub with a sentence that says which variable is wrong and what it should look like, because
 * the person reading it is an operator, not a developer.
 */
export interface Config {
  port: number;
  host: string;
  /** The address people use to reach the hub, used in links inside emails and feeds. */
  publicUrl: string;
  /** A PostgreSQL server; when absent the embedded database keeps its files in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  uploadsDir: string;
  sessionSecret: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Run the job worker inside the web process (the default for a single machine). */
  inProcessWorker: boolean;
  /** Set when the hub sits behind a proxy that terminates HTTPS. */
  trustProxy: boolean;
  logLevel: string;
  rateLimits: boolean;
}

export interface SettingHelp {
  name: string;
  description: string;
  fallback: string;
}

export const settingsHelp: SettingHelp[] = [
  { name: 'PORT', description: 'Port the web server listens on.', fallback: '3000' },
  { name: 'HOST', description: 'Address the web server listens on.', fallback: '0.0.0.0' },
  { name: 'PUBLIC_URL', description: 'Address people use to reach the hub, for links in emails and feeds.', fallback: 'http://localhost:PORT' },
  { name: 'DATABASE_URL', description: 'PostgreSQL connection string. Without it the embedded database is used.', fallback: '(embedded database)' },
  { name: 'DATA_DIR', description: 'Folder for the embedded database and uploaded files.', fallback: './data' },
  { name: 'UPLOADS_DIR', description: 'Folder for uploaded files such as profile photos.', fallback: 'DATA_DIR/uploads' },
  { name: 'SESSION_SECRET', description: 'At least 32 characters; signs cookies. Required when NODE_ENV=production.', fallback: '(generated per data folder)' },
  { name: 'SMTP_URL', description: 'SMTP server for email, e.g. smtp://user:pass@mail.example.org:587. Without it emails wait in the outbox in the admin area.', fallback: '(outbox only)' },
  { name: 'MAIL_FROM', description: 'Sender address of the hub’s emails.', fallback: 'Seedbed <no-reply@localhost>' },
  { name: 'WORKER', description: '"in-process" runs background jobs in the web process; "separate" leaves them to `seedbed worker`.', fallback: 'in-process' },
  { name: 'TRUST_PROXY', description: '"true" when a reverse proxy in front of the hub terminates HTTPS.', fallback: 'false' },
  { name: 'LOG_LEVEL', description: 'One of fatal, error, warn, info, debug, trace, silent.', fallback: 'info' },
  { name: 'RATE_LIMITS', description: '"off" disables rate limits (only for benchmarks).', fallback: 'on' },
];

export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`The hub cannot start because of its settings:\n${problems.map((p) => `  - ${p}`).join('\n')}\nRun "seedbed --help" to see every setting.`);
    this.problems = problems;
  }
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];

  const port = Number(env.PORT ?? '3000');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`PORT is "${env.PORT}", but it must be a whole number from 0 to 65535.`);
  }

  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  if (env.PUBLIC_URL !== undefined) {
    try {
      const url = new URL(publicUrl);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    } catch {
      problems.push(`PUBLIC_URL is "${env.PUBLIC_URL}", but it must be a web address such as https://hub.example.org.`);
    }
  }

  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://, e.g. postgres://seedbed:secret@localhost:5432/seedbed.');
  }

  const dataDir = path.resolve(env.DATA_DIR ?? 'data');
  const uploadsDir = path.resolve(env.UPLOADS_DIR ?? path.join(dataDir, 'uploads'));

  const sessionSecret = env.SESSION_SECRET ?? '';
  if (sessionSecret && sessionSecret.length < 32) {
    problems.push('SESSION_SECRET is too short: it must be at least 32 characters. One way to make one: openssl rand -hex 32');
  }
  if (!sessionSecret && env.NODE_ENV === 'production') {
    problems.push('SESSION_SECRET is required when NODE_ENV=production. One way to make one: openssl rand -hex 32');
  }

  const smtpUrl = env.SMTP_URL?.trim() || undefined;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) {
    problems.push('SMTP_URL must start with smtp:// or smtps://, e.g. smtp://user:pass@mail.example.org:587.');
  }

  const worker = env.WORKER ?? 'in-process';
  if (worker !== 'in-process' && worker !== 'separate') {
    problems.push(`WORKER is "${worker}", but it must be "in-process" or "separate".`);
  }

  if (worker === 'separate' && !databaseUrl) {
    problems.push('WORKER=separate needs a PostgreSQL server (DATABASE_URL): the embedded database can be opened by one process only.');
  }

  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!logLevels.includes(logLevel)) {
    problems.push(`LOG_LEVEL is "${logLevel}", but it must be one of ${logLevels.join(', ')}.`);
  }

  const trustProxy = parseYesNo('TRUST_PROXY', env.TRUST_PROXY, false, problems);
  const rateLimits = (env.RATE_LIMITS ?? 'on') !== 'off';

  if (problems.length > 0) throw new ConfigError(problems);

  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    publicUrl,
    databaseUrl,
    dataDir,
    uploadsDir,
    sessionSecret,
    smtpUrl,
    mailFrom: env.MAIL_FROM ?? 'Seedbed <no-reply@localhost>',
    inProcessWorker: worker === 'in-process',
    trustProxy,
    logLevel,
    rateLimits,
  };
}

function parseYesNo(name: string, value: string | undefined, fallback: boolean, problems: string[]): boolean {
  if (value === undefined || value === '') return fallback;
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  if (['false', '0', 'no', 'off'].includes(value)) return false;
  problems.push(`${name} is "${value}", but it must be true or false.`);
  return fallback;
}

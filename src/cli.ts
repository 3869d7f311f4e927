import { parseArgs } from 'node:util';
import { ConfigError, readConfig, settingsHelp, type Config } from './config.ts';
import { DatabaseInUseError, assertEmbeddedDatabaseFree, claimEmbeddedDatabase } from './db/lock.ts';

const commands: Record<string, { summary: string; run: (config: Config, args: string[]) => Promise<void> }> = {
  start: { summary: 'Start the hub (web server, and the job worker unless WORKER=separate).', run: start },
  worker: { summary: 'Run only the background job worker (emails, digests, feeds).', run: worker },
  migrate: { summary: 'Bring the database up to date, then stop.', run: migrate },
  'create-admin': {
    summary: 'Create an administrator: --name "Ada" --email ada@example.org --password "…" (or promote an existing member by email).',
    run: createAdmin,
  },
  demo: { summary: 'Fill the hub with realistic demo members and organisations (for trying it out).', run: demo },
  generate: {
    summary: 'Fill an empty hub with a generated population for benchmarks: --size khub|small|tiny [--seed 1] [--force].',
    run: generate,
  },
  routes: { summary: 'List every route the hub serves.', run: routes },
};

function help() {
  const lines = [
    'Usage: seedbed <command> [options]',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, command]) => `  ${name.padEnd(14)} ${command.summary}`),
    '  help           Show this help.',
    '',
    'Settings (environment variables):',
    ...settingsHelp.flatMap((setting) => [`  ${setting.name.padEnd(16)} ${setting.description}`, `  ${''.padEnd(16)} Default: ${setting.fallback}`]),
  ];
  console.log(lines.join('\n'));
}

async function start(config: Config) {
  const { createHub } = await import('./server.ts');
  const release = config.databaseUrl ? () => {} : claimEmbeddedDatabase(config.dataDir);
  const hub = await createHub(config);
  const stop = async () => {
    await hub.close();
    release();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await hub.app.listen({ port: config.port, host: config.host });
  console.log(`Seedbed is running at ${config.publicUrl} (${hub.database.kind === 'embedded' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'}).`);
}

async function worker(config: Config) {
  if (!config.databaseUrl) {
    throw new UsageError('A separate worker needs a PostgreSQL server (DATABASE_URL): on the embedded database, `seedbed start` runs the jobs itself.');
  }
  const { createHub } = await import('./server.ts');
  const hub = await createHub(config, { worker: true });
  const stop = async () => {
    await hub.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  console.log('Seedbed worker is running. Stop it with Ctrl+C.');
}

async function migrate(config: Config) {
  if (!config.databaseUrl) assertEmbeddedDatabaseFree(config.dataDir);
  const { openDatabase } = await import('./db/database.ts');
  const { migrateToLatest } = await import('./db/migrate.ts');
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const applied = await migrateToLatest(database.db);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
  await database.close();
}

async function createAdmin(config: Config, args: string[]) {
  const { values } = parseArgs({ args, options: { name: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' } } });
  if (!values.email) throw new UsageError('Give the administrator’s email with --email.');
  const { openDatabase } = await import('./db/database.ts');
  const { migrateToLatest } = await import('./db/migrate.ts');
  const { createAccount, normaliseEmail } = await import('./areas/accounts/accounts.commands.ts');
  if (!config.databaseUrl) assertEmbeddedDatabaseFree(config.dataDir);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    const promoted = await database.db
      .updateTable('users')
      .set({ role: 'admin' })
      .where('email', '=', normaliseEmail(values.email))
      .returning('display_name')
      .executeTakeFirst();
    if (promoted) {
      console.log(`${promoted.display_name} is now an administrator.`);
      return;
    }
    if (!values.name || !values.password) throw new UsageError('No member has that email. To create one, also give --name and --password.');
    if (values.password.length < 10) throw new UsageError('The password must be at least 10 characters long.');
    const result = await createAccount(database.db, { name: values.name, email: values.email, password: values.password, role: 'admin', verified: true });
    if (!result.ok) throw new UsageError('An account with this email already exists.');
    console.log(`Created administrator ${values.name} <${values.email}>.`);
  } finally {
    await database.close();
  }
}

async function demo(config: Config, args: string[]) {
  const { runDemo } = await import('./demo/demo.ts');
  await runDemo(config, args);
}

async function generate(config: Config, args: string[]) {
  const { runGenerate, GenerateUsageError } = await import('./bench/generate.ts');
  try {
    await runGenerate(config, args);
  } catch (error) {
    if (error instanceof GenerateUsageError) throw new UsageError(error.message);
    throw error;
  }
}

async function routes(config: Config) {
  const { createHub } = await import('./server.ts');
  const hub = await createHub({ ...config, logLevel: 'silent' }, { worker: false });
  await hub.app.ready();
  process.stdout.write(hub.app.routeList.markdown());
  await hub.close();
}

class UsageError extends Error {}

const [name = 'help', ...rest] = process.argv.slice(2);
if (name === 'help' || name === '--help' || name === '-h') {
  help();
} else if (!(name in commands)) {
  console.error(`Unknown command "${name}".\n`);
  help();
  process.exitCode = 2;
} else {
  try {
    await commands[name]!.run(readConfig(), rest);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UsageError || error instanceof DatabaseInUseError) {
      console.error(error.message);
      process.exitCode = 2;
    } else {
      throw error;
    }
  }
}

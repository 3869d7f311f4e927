/**
 * The benchmark: starts a real hub (`seedbed start`, production settings, no logging) against a
 * generated dataset, measures its key pages with autocannon, measures a bare node:http server
 * answering with the same bytes the same way, and reports requests per second, latency, the
 * ratio to the bare server, search latency over varied queries, memory and write throughput.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon, { type Result } from 'autocannon';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createToken } from '../areas/api/api.commands.ts';
import { benchAccounts, benchPassword, type DatasetName } from './datasets.ts';
import { generateHub } from './generate.ts';

const repositoryRoot = path.resolve(import.meta.dirname, '..', '..');

export interface BenchOptions {
  dataset: DatasetName;
  database: 'postgres' | 'pglite';
  /** PostgreSQL server and database (for `postgres`). */
  databaseUrl?: string;
  /** The embedded database's folder (for `pglite`), and where uploads go either way. */
  dataDir: string;
  /** Seconds each page is measured for. */
  duration: number;
  connections: number;
  /** Seconds of traffic to each page before it is measured. */
  warmup: number;
  /** Generate the dataset first (into an empty database). */
  generate?: boolean;
  seed?: number;
  /** Where the JSON results go; by default bench/results/<dataset>-<database>.json. */
  out?: string;
  /** Mark the results as preliminary (measured on a shared or busy machine). */
  preliminary?: boolean;
  log?: (line: string) => void;
}

export interface PageResult {
  name: string;
  path: string;
  signed_in: boolean;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  bare_rps: number;
  ratio: number;
  bytes: number;
  /** Milliseconds for one request on its own (the median of five, one after another). */
  alone_ms: number;
  /** The first request for the page in the run, before anything was kept for it. */
  first_ms: number;
  /** Responses that were not 2xx, and connection errors: a healthy run has none. */
  errors: number;
}

export interface BenchResult {
  preliminary: boolean;
  measured_at: string;
  machine: { cpu: string; cores: number; memory_gb: number; node: string; os: string; database: string };
  dataset: { name: DatasetName; members: number; pitches: number; posts: number; signals: number; groups: number };
  settings: { duration_s: number; warmup_s: number; connections: number };
  pages: PageResult[];
  search_p95_ms: number;
  search_queries: number;
  rss_mb: number | null;
  writes_per_s: { pitches: number; replies: number; connections: number };
  /** Milliseconds for one write on its own (the median of three). */
  write_alone_ms: { pitches: number; replies: number };
}

/** Varied searches: common and rare words, phrases, places, OR and NOT, and one that finds nothing. */
export const searchQueries = [
  'housing',
  'heat pumps',
  'damp and mould',
  '"community energy"',
  'loneliness -dementia',
  'bus or cycle',
  'participatory budgeting',
  'procurement rules',
  'digital buddy',
  'volunteer burnout',
  'foster carers',
  'peatland restoration',
  'evaluation report',
  'school streets',
  'flood resilience',
  'open source booking system',
  'warm spaces',
  'repair cafés',
  'GP referral',
  'care leavers',
  'fly-tipping cameras',
  'Kirklees',
  'Cornwall',
  'apprenticeships',
  'chatbot council tax',
  'hospital discharge phone call',
  'social value procurement small lots',
  'tenant panels',
  'electric vehicle charging points',
  'zyxwvut',
];

interface Targets {
  bench1: number;
  pitchSlug: string;
  pitchReplies: number;
  groupSlug: string;
  replyPitch: { id: number; lastActivity: Date };
  token: { id: number; secret: string };
  databaseVersion: string;
  dataset: BenchResult['dataset'];
}

function log(options: BenchOptions, line: string) {
  (options.log ?? ((text: string) => console.error(text)))(line);
}

async function withDatabase<T>(options: BenchOptions, run: (db: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: options.database === 'postgres' ? options.databaseUrl : undefined, dataDir: options.dataDir, poolSize: 2 });
  try {
    return await run(database.db);
  } finally {
    await database.close();
  }
}

/** What to measure, found in the database before the hub starts (the embedded one allows one process). */
async function findTargets(db: Database, options: BenchOptions): Promise<Targets> {
  const bench1 = await db.selectFrom('users').select('id').where('email', '=', benchAccounts[1]!.email).executeTakeFirst();
  if (!bench1) throw new Error(`This database has no benchmark accounts: fill it first with \`seedbed generate --size ${options.dataset}\` (or run the benchmark with --generate).`);
  const pitch = await db
    .selectFrom('pitches')
    .select(['slug', 'reply_count'])
    .where('status', '=', 'published')
    .where('group_id', 'is', null)
    .where('reply_count', '>=', 50)
    .orderBy('reply_count')
    .orderBy('id')
    .executeTakeFirst();
  if (!pitch) throw new Error('No published pitch with 50 replies or more: is this a generated hub?');
  const group = await db.selectFrom('groups').select('slug').where('visibility', '=', 'open').orderBy('member_count', 'desc').orderBy('id').executeTakeFirstOrThrow();
  const replyPitch = await db
    .selectFrom('pitches')
    .select(['id', 'last_activity_at'])
    .where('status', '=', 'published')
    .where('group_id', 'is', null)
    .where('reply_count', '>=', 3)
    .where('reply_count', '<=', 20)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const created = await createToken(db, bench1.id, `Benchmark run ${new Date().toISOString()}`);
  if (!created.ok) throw new Error('bench-1 has too many access tokens; revoke some in its settings.');
  const count = async (table: 'users' | 'pitches' | 'posts' | 'signals' | 'groups') =>
    Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]?.n ?? 0);
  const version =
    options.database === 'postgres'
      ? ((await sql<{ v: string }>`select current_setting('server_version') as v`.execute(db)).rows[0]?.v ?? '').split(' ')[0]
      : (JSON.parse(fs.readFileSync(path.join(repositoryRoot, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as { version: string }).version;
  return {
    bench1: bench1.id,
    pitchSlug: pitch.slug,
    pitchReplies: pitch.reply_count,
    groupSlug: group.slug,
    replyPitch: { id: replyPitch.id, lastActivity: replyPitch.last_activity_at },
    token: { id: created.id, secret: created.token },
    databaseVersion: options.database === 'postgres' ? `PostgreSQL ${version}` : `PGlite ${version}`,
    dataset: {
      name: options.dataset,
      members: await count('users'),
      pitches: await count('pitches'),
      posts: await count('posts'),
      signals: await count('signals'),
      groups: await count('groups'),
    },
  };
}

/** Takes back what the run wrote, so every run measures the same hub. */
async function cleanUp(db: Database, targets: Targets, runId: string, startedAt: Date) {
  const pitchIds = (await db.selectFrom('pitches').select('id').where('title', 'like', `Benchmark write ${runId}%`).execute()).map((row) => row.id);
  const postIds = (
    await db
      .selectFrom('posts')
      .innerJoin('threads', 'threads.id', 'posts.thread_id')
      .select('posts.id')
      .where('threads.subject_type', '=', 'pitch')
      .where('threads.subject_id', '=', targets.replyPitch.id)
      .where('posts.body', 'like', `Benchmark reply ${runId}%`)
      .execute()
  ).map((row) => row.id);
  if (postIds.length > 0) {
    await db.deleteFrom('notifications').where('url', 'in', postIds.map((id) => `/posts/${id}`)).execute();
    // Deleting a post makes PostgreSQL look for replies and quotes pointing at it; posts.parent_id
    // and posts.quote_of have no index (the hub never deletes posts, only marks them), so without
    // these temporary ones each deleted post would cost a scan of every post.
    await sql`create index if not exists bench_cleanup_posts_parent on posts (parent_id)`.execute(db);
    await sql`create index if not exists bench_cleanup_posts_quote on posts (quote_of)`.execute(db);
    try {
      for (let start = 0; start < postIds.length; start += 5000) await db.deleteFrom('posts').where('id', 'in', postIds.slice(start, start + 5000)).execute();
    } finally {
      await sql`drop index if exists bench_cleanup_posts_parent`.execute(db);
      await sql`drop index if exists bench_cleanup_posts_quote`.execute(db);
    }
  }
  await sql`update threads th set post_count = (select count(*) from posts where posts.thread_id = th.id and posts.deleted_at is null)::int,
      last_post_at = (select max(created_at) from posts where posts.thread_id = th.id and posts.deleted_at is null)
    where th.subject_type = 'pitch' and th.subject_id = ${targets.replyPitch.id}`.execute(db);
  await sql`update pitches p set reply_count = coalesce((select post_count from threads where subject_type = 'pitch' and subject_id = p.id), 0),
      last_activity_at = ${targets.replyPitch.lastActivity}
    where p.id = ${targets.replyPitch.id}`.execute(db);
  for (let start = 0; start < pitchIds.length; start += 5000) {
    const ids = pitchIds.slice(start, start + 5000);
    await db.deleteFrom('activities').where('subject_type', '=', 'pitch').where('subject_id', 'in', ids).execute();
    await db.deleteFrom('notifications').where('subject_type', '=', 'pitch').where('subject_id', 'in', ids).execute();
    await db.deleteFrom('threads').where('subject_type', '=', 'pitch').where('subject_id', 'in', ids).execute();
    await db.deleteFrom('pitches').where('id', 'in', ids).execute();
  }
  await db.deleteFrom('emails').where('created_at', '>=', startedAt).execute();
  await db.deleteFrom('sessions').where('user_id', '=', targets.bench1).where('created_at', '>=', startedAt).execute();
  await db.deleteFrom('api_tokens').where('id', '=', targets.token.id).execute();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    import('node:net').then(({ default: net }) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        const port = typeof address === 'object' && address ? address.port : 0;
        server.close(() => resolve(port));
      });
    }, reject);
  });
}

async function waitForHttp(url: string, child: ChildProcess, output: () => string, seconds: number) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The hub stopped while starting (exit ${child.exitCode}):\n${output()}`);
    try {
      const response = await fetch(url, { redirect: 'manual' });
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The hub did not answer within ${seconds} s:\n${output()}`);
}

async function stop(child: ChildProcess | undefined) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

/** Peak and current resident memory of a process, from /proc (Linux); null elsewhere. */
function memoryOf(pid: number): { rssKb: number; peakKb: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssKb: field('VmRSS'), peakKb: field('VmHWM') };
  } catch {
    return null;
  }
}

/** Signs bench-1 in through the sign-in form, as a browser does; returns its cookie header. */
async function signIn(base: string): Promise<string> {
  const form = await fetch(`${base}/sign-in`);
  const html = await form.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const cookies = form.headers.getSetCookie().map((cookie) => cookie.split(';')[0]!);
  if (!token) throw new Error('The sign-in page has no CSRF token.');
  const response = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies.join('; ') },
    body: new URLSearchParams({ email: benchAccounts[1]!.email, password: benchPassword, _csrf: token }).toString(),
  });
  await response.arrayBuffer();
  const session = response.headers.getSetCookie().find((cookie) => cookie.startsWith('seedbed_session='));
  if (response.status !== 303 || !session) throw new Error(`Signing in bench-1 failed (status ${response.status}).`);
  return session.split(';')[0]!;
}

/**
 * Waits until the hub has worked through what an earlier run left it: autocannon stops sending at
 * the end of its time, but the requests it had sent are still being answered, and they would
 * slow down whatever is measured next (the bare server included). Settled means a cheap page that
 * uses the database answers about as fast as it did on an idle hub.
 */
async function settle(base: string, baselineMs: number) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const began = performance.now();
    await (await fetch(`${base}/pitches.json?settle=1`)).arrayBuffer();
    if (performance.now() - began <= Math.max(50, baselineMs * 3)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function medianLatency(url: string, headers: Record<string, string>, times = 5): Promise<number> {
  const latencies: number[] = [];
  for (let i = 0; i < times; i++) {
    const began = performance.now();
    await (await fetch(url, { headers, redirect: 'manual' })).arrayBuffer();
    latencies.push(performance.now() - began);
  }
  return percentile(latencies, 50);
}

function round(value: number, digits = 1) {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function rpsOf(result: Result) {
  return result.duration > 0 ? result.requests.total / result.duration : 0;
}

function percentile(values: number[], p: number) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const runId = crypto.randomBytes(4).toString('hex');
  if (options.database === 'postgres' && !options.databaseUrl) throw new Error('The postgres benchmark needs a DATABASE_URL.');

  if (options.generate) {
    await withDatabase(options, async (db) => {
      await migrateToLatest(db);
      log(options, `Generating the ${options.dataset} dataset…`);
      const result = await generateHub(db, { dataset: options.dataset, seed: options.seed ?? 1, quiet: true });
      log(options, `Generated in ${result.seconds.toFixed(1)} s.`);
    });
  }
  const targets = await withDatabase(options, (db) => findTargets(db, options));
  const startedAt = new Date();
  let hub: ChildProcess | undefined;
  let bare: ChildProcess | undefined;
  let sampler: NodeJS.Timeout | undefined;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'seedbed-bench-'));
  try {
    // ---- The hub, as an operator starts it ----------------------------------------------------
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let output = '';
    hub = spawn(process.execPath, [path.join(repositoryRoot, 'bin', 'seedbed.js'), 'start'], {
      cwd: repositoryRoot,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        RATE_LIMITS: 'off',
        HOST: '127.0.0.1',
        PORT: String(port),
        PUBLIC_URL: base,
        SESSION_SECRET: crypto.randomBytes(32).toString('hex'),
        DATA_DIR: options.dataDir,
        ...(options.database === 'postgres' ? { DATABASE_URL: options.databaseUrl! } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    hub.stdout!.on('data', keep);
    hub.stderr!.on('data', keep);
    await waitForHttp(`${base}/sign-in`, hub, () => output, 180);
    const hubPid = hub.pid!;
    let sampledPeakKb = 0;
    sampler = setInterval(() => {
      const memory = memoryOf(hubPid);
      if (memory && memory.rssKb > sampledPeakKb) sampledPeakKb = memory.rssKb;
    }, 200);
    const cookie = await signIn(base);
    const baselineMs = await medianLatency(`${base}/pitches.json?settle=1`, {});
    log(options, `Hub running on ${base} (${targets.databaseVersion}, ${targets.dataset.members} members).`);

    const pages: { name: string; path: string; signedIn: boolean }[] = [
      { name: 'Home, signed in', path: '/', signedIn: true },
      { name: 'Home, anonymous', path: '/', signedIn: false },
      { name: 'Exchange listing with filters', path: `/pitches?kind=project&tag=climate&sort=active`, signedIn: false },
      { name: `Pitch with ${targets.pitchReplies} replies`, path: `/pitches/${targets.pitchSlug}`, signedIn: false },
      { name: 'Group page', path: `/groups/${targets.groupSlug}`, signedIn: true },
      { name: 'Member directory search', path: '/members?q=housing', signedIn: true },
      { name: 'Full-text search', path: `/search?q=${encodeURIComponent('community energy')}`, signedIn: false },
      { name: 'Notifications', path: '/notifications', signedIn: true },
      { name: 'JSON listing', path: '/pitches.json?sort=signals', signedIn: false },
    ];

    // ---- The bare server, answering each address with the hub's own bytes ----------------------
    const captured: { path: string; contentType: string; body: string }[] = [];
    const bodies = new Map<string, number>();
    const firsts = new Map<string, number>();
    for (const [index, page] of pages.entries()) {
      const began = performance.now();
      const response = await fetch(`${base}${page.path}`, { headers: page.signedIn ? { cookie } : {}, redirect: 'manual' });
      const body = Buffer.from(await response.arrayBuffer());
      firsts.set(page.path + String(page.signedIn), performance.now() - began);
      if (response.status !== 200) throw new Error(`${page.name} (${page.path}) answered ${response.status}.`);
      const barePath = `/page-${index}`;
      captured.push({ path: barePath, contentType: response.headers.get('content-type') ?? 'text/html', body: body.toString('base64') });
      bodies.set(page.path + String(page.signedIn), body.length);
    }
    const pagesFile = path.join(scratch, 'pages.json');
    fs.writeFileSync(pagesFile, JSON.stringify(captured));
    bare = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'bare-server.ts'), pagesFile], { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    const barePort = await new Promise<number>((resolve, reject) => {
      bare!.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
      bare!.once('exit', (code) => reject(new Error(`The bare server stopped (exit ${code}).`)));
    });

    const measure = async (url: string, headers: Record<string, string>, seconds: number) =>
      autocannon({ url, connections: options.connections, duration: seconds, headers, timeout: 30 });

    const results: PageResult[] = [];
    for (const [index, page] of pages.entries()) {
      const headers: Record<string, string> = page.signedIn ? { cookie } : {};
      await settle(base, baselineMs);
      const alone = await medianLatency(`${base}${page.path}`, headers);
      if (options.warmup > 0) {
        await measure(`${base}${page.path}`, headers, options.warmup);
        await settle(base, baselineMs);
      }
      const measured = await measure(`${base}${page.path}`, headers, options.duration);
      // The yardstick gets the machine to itself too.
      await settle(base, baselineMs);
      const bareUrl = `http://127.0.0.1:${barePort}/page-${index}`;
      if (options.warmup > 0) await measure(bareUrl, {}, Math.min(1, options.warmup));
      const yardstick = await measure(bareUrl, {}, options.duration);
      const rps = rpsOf(measured);
      const bareRps = rpsOf(yardstick);
      const result: PageResult = {
        name: page.name,
        path: page.path,
        signed_in: page.signedIn,
        rps: round(rps),
        p50_ms: round(measured.latency.p50),
        p99_ms: round(measured.latency.p99),
        bare_rps: round(bareRps),
        ratio: bareRps > 0 ? round(rps / bareRps, 4) : 0,
        bytes: bodies.get(page.path + String(page.signedIn)) ?? 0,
        alone_ms: round(alone),
        first_ms: round(firsts.get(page.path + String(page.signedIn)) ?? 0),
        errors: measured.non2xx + measured.errors,
      };
      results.push(result);
      log(
        options,
        `${page.name.padEnd(34)} ${String(result.rps).padStart(8)} req/s  p50 ${result.p50_ms} ms  p99 ${result.p99_ms} ms  alone ${result.alone_ms} ms  first ${result.first_ms} ms  (bare ${result.bare_rps} req/s)${result.errors ? `  ${result.errors} errors` : ''}`,
      );
    }

    // ---- Search latency over varied queries, one at a time --------------------------------------
    await settle(base, baselineMs);
    const latencies: number[] = [];
    // Every counted request is one the hub has not answered before: search results are kept in
    // its result cache, so asking the same page twice would measure the cache, not the search. The
    // first pass (third pages) warms up the process and is not counted.
    for (const [pass, pageNumber] of [3, 1, 2].entries()) {
      for (const q of searchQueries) {
        const began = performance.now();
        const response = await fetch(`${base}/search?q=${encodeURIComponent(q)}&page=${pageNumber}`);
        await response.arrayBuffer();
        if (pass > 0) latencies.push(performance.now() - began);
        if (response.status !== 200) throw new Error(`Searching for "${q}" answered ${response.status}.`);
      }
    }
    const searchP95 = round(percentile(latencies, 95));
    log(options, `Search p95 over ${searchQueries.length} queries: ${searchP95} ms`);

    // ---- Writes through the JSON API --------------------------------------------------------------
    const auth = { authorization: `Bearer ${targets.token.secret}`, 'content-type': 'application/json' };
    const pitchBody = (n: number) =>
      JSON.stringify({
        kind: 'idea',
        title: `Benchmark write ${runId} ${n}: shared warm spaces map`,
        summary: 'A map of warm spaces that every council in the region can add to.',
        body: 'We would like to **share** one open map of warm spaces across the region, kept up to date by libraries and community groups.',
        tags: ['warm spaces', 'open data'],
        publish: true,
      });
    const replyBody = (n: number) => JSON.stringify({ body: `Benchmark reply ${runId} ${n}: we tried this in our area and the data sharing agreement took longest.` });
    const replyPath = `/api/conversations/pitch/${targets.replyPitch.id}/posts`;
    // One write at a time first, like the pages' "alone".
    const writeAlone = async (path: string, body: (n: number) => string) => {
      const latencies: number[] = [];
      for (let i = 0; i < 3; i++) {
        const began = performance.now();
        const response = await fetch(`${base}${path}`, { method: 'POST', headers: auth, body: body(-1 - i) });
        await response.arrayBuffer();
        if (response.status !== 201) throw new Error(`POST ${path} answered ${response.status}.`);
        latencies.push(performance.now() - began);
      }
      return round(percentile(latencies, 50));
    };
    const writesAlone = { pitches: await writeAlone('/api/pitches', pitchBody), replies: await writeAlone(replyPath, replyBody) };
    // A few connections are enough to keep two cores busy with writes; many more would only queue.
    const writers = Math.min(options.connections, 4);
    let pitchNumber = 0;
    const pitchWrites = await autocannon({
      url: base,
      connections: writers,
      duration: options.duration,
      timeout: 30,
      requests: [
        {
          method: 'POST',
          path: '/api/pitches',
          headers: auth,
          setupRequest: (request) => ({ ...request, body: pitchBody(++pitchNumber) }),
        },
      ],
    });
    await settle(base, baselineMs);
    let replyNumber = 0;
    const replyWrites = await autocannon({
      url: base,
      connections: writers,
      duration: options.duration,
      timeout: 30,
      requests: [
        {
          method: 'POST',
          path: replyPath,
          headers: auth,
          setupRequest: (request) => ({ ...request, body: replyBody(++replyNumber) }),
        },
      ],
    });
    await settle(base, baselineMs);
    const created = (result: Result) => (result.statusCodeStats['201']?.count ?? 0) / (result.duration || 1);
    const writes = { pitches: round(created(pitchWrites)), replies: round(created(replyWrites)), connections: writers };
    log(options, `Writes: ${writes.pitches} pitches/s, ${writes.replies} replies/s (alone: ${writesAlone.pitches} ms a pitch, ${writesAlone.replies} ms a reply)`);

    const memory = memoryOf(hubPid);
    const peakKb = Math.max(memory?.peakKb ?? 0, sampledPeakKb);
    const result: BenchResult = {
      preliminary: options.preliminary ?? false,
      measured_at: startedAt.toISOString(),
      machine: {
        cpu: os.cpus()[0]?.model ?? 'unknown',
        cores: os.availableParallelism(),
        memory_gb: round(os.totalmem() / 2 ** 30),
        node: process.version,
        os: `${os.type()} ${os.release()}`,
        database: targets.databaseVersion,
      },
      dataset: targets.dataset,
      settings: { duration_s: options.duration, warmup_s: options.warmup, connections: options.connections },
      pages: results,
      search_p95_ms: searchP95,
      search_queries: searchQueries.length,
      rss_mb: peakKb > 0 ? round(peakKb / 1024) : null,
      writes_per_s: writes,
      write_alone_ms: writesAlone,
    };
    const out = options.out ?? path.join(repositoryRoot, 'bench', 'results', `${options.dataset}-${options.database}.json`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    log(options, `Results written to ${path.relative(process.cwd(), out) || out}`);
    return result;
  } finally {
    if (sampler) clearInterval(sampler);
    await stop(bare);
    await stop(hub);
    fs.rmSync(scratch, { recursive: true, force: true });
    await withDatabase(options, (db) => cleanUp(db, targets, runId, startedAt)).catch((error: unknown) => {
      log(options, `Cleaning up after the run failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
}

/** The results as a Markdown table, for docs/benchmarks.md. */
export function markdownTable(result: BenchResult): string {
  const lines = [
    `**${result.dataset.name}** on ${result.machine.database}: ${result.dataset.members.toLocaleString('en-GB')} members, ${result.dataset.pitches.toLocaleString('en-GB')} pitches, ${result.dataset.posts.toLocaleString('en-GB')} posts. ${result.machine.cores} × ${result.machine.cpu}, ${result.machine.memory_gb} GB, Node ${result.machine.node}. ${result.settings.connections} connections, ${result.settings.duration_s} s a page.${result.preliminary ? ' *Preliminary: measured on a shared, busy machine.*' : ''}`,
    '',
    '| Page | Requests/s | p50 (ms) | p99 (ms) | Alone (ms) | First (ms) | Bare server (req/s) | Ratio |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...result.pages.map(
      (page) => `| ${page.name} | ${page.rps} | ${page.rps > 0 ? page.p50_ms : '–'} | ${page.rps > 0 ? page.p99_ms : '–'} | ${page.alone_ms} | ${page.first_ms} | ${page.bare_rps} | ${(page.ratio * 100).toFixed(1)}% |`,
    ),
    '',
    'Requests/s, p50 and p99 are under load; "Alone" is one request at a time (the median of five); "First" is the first request for the page in the run, before the hub had kept anything for it; the ratio is requests/s against a bare node:http server sending the same bytes. A page with 0 requests/s answered nothing within the measured seconds: every connection was still waiting.',
    '',
    `Search p95 over ${result.search_queries} varied queries: ${result.search_p95_ms} ms. Peak memory of the hub process: ${result.rss_mb ?? 'n/a'} MB. Writes over the JSON API (${result.writes_per_s.connections} connections): ${result.writes_per_s.pitches} pitches/s, ${result.writes_per_s.replies} replies/s; one at a time, ${result.write_alone_ms.pitches} ms a pitch and ${result.write_alone_ms.replies} ms a reply.`,
  ];
  return lines.join('\n');
}

/**
 * The hub as real processes. On PostgreSQL: two web processes and one worker on one database, and
 * one person's requests landing on either web process as a proxy would send them — sessions, forms,
 * uploads, notifications, emails (sent by the worker) and rate limits work whichever answers. On
 * the embedded database, which one process opens at a time: a second process refuses to start and
 * says why, and so does a separate worker.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import sharp from 'sharp';
import { linkLabelName, linkSlots, linkUrlName, visibilityName } from '../areas/profiles/profiles.forms.ts';
import { profileFields } from '../areas/profiles/profiles.model.ts';
import { testDatabase, type TestDatabase } from '../test/database.ts';
import { TestClient } from '../test/http.ts';
import { firstLink, startTestSmtp, type TestSmtp } from '../test/smtp.ts';

const repositoryRoot = path.resolve(import.meta.dirname, '..', '..');
const password = 'a long enough password';

interface Running {
  child: ChildProcess;
  output: () => string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Runs `seedbed <command>` as its own process, resolving once it says it is ready. */
function seedbed(command: string, env: Record<string, string>, ready: RegExp): Promise<Running> {
  const child = spawn(process.execPath, [path.join(repositoryRoot, 'bin', 'seedbed.js'), command], {
    cwd: repositoryRoot,
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => void (output += chunk.toString());
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`seedbed ${command} did not start within 60 s:\n${output}`)), 60_000);
    child.stdout!.on('data', () => {
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve({ child, output: () => output });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`seedbed ${command} stopped (code ${code}) before it was ready:\n${output}`));
    });
  });
}

/** Runs `seedbed <command>` expecting it to stop by itself; returns its exit code and output. */
function seedbedOnce(command: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repositoryRoot, 'bin', 'seedbed.js'), command], {
      cwd: repositoryRoot,
      env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

async function stop(running: Running | undefined): Promise<number | null> {
  if (!running || running.child.exitCode !== null) return running?.child.exitCode ?? null;
  const exited = new Promise<number | null>((resolve) => running.child.once('exit', (code) => resolve(code)));
  running.child.kill('SIGTERM');
  return exited;
}

function profileFields_(name: string): Record<string, string> {
  const fields: Record<string, string> = { name, bio: 'Runs the tool library.', sector: '', place: '', localAuthority: '', interests: '', skills: '', needs: '' };
  for (const slot of linkSlots) {
    fields[linkLabelName(slot)] = '';
    fields[linkUrlName(slot)] = '';
  }
  for (const field of profileFields) fields[visibilityName(field)] = 'everyone';
  return fields;
}

const usesPostgres = Boolean(process.env.TEST_DATABASE_URL?.trim());

describe(usesPostgres ? 'two web processes and a worker on one PostgreSQL database' : 'one process at a time on the embedded database', () => {
  const processes: Running[] = [];
  const cleanups: (() => Promise<void> | void)[] = [];
  after(async () => {
    for (const running of processes) await stop(running);
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  if (!usesPostgres) {
    test('a second hub on the same data folder refuses to start, and a separate worker says it needs PostgreSQL', async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seedbed-processes-'));
      cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
      const port = await freePort();
      const first = await seedbed('start', { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' }, /Seedbed is running/);
      processes.push(first);
      assert.equal((await fetch(`http://127.0.0.1:${port}/setup`)).status, 200, 'the first process serves');

      const second = await seedbedOnce('start', { DATA_DIR: dataDir, PORT: String(await freePort()), HOST: '127.0.0.1' });
      assert.equal(second.code, 2);
      assert.match(second.output, new RegExp(`The hub is running \\(process ${first.child.pid}\\)`));
      const worker = await seedbedOnce('worker', { DATA_DIR: dataDir });
      assert.equal(worker.code, 2);
      assert.match(worker.output, /needs a PostgreSQL server/);
      assert.equal((await fetch(`http://127.0.0.1:${port}/setup`)).status, 200, 'the first process is undisturbed');
      assert.equal(await stop(first), 0, 'it stops cleanly');
    });
    return;
  }

  let database: TestDatabase;
  let smtp: TestSmtp;
  let web: [string, string];

  test('the processes start on one database', async () => {
    database = await testDatabase();
    cleanups.push(() => database.close());
    smtp = await startTestSmtp();
    cleanups.push(() => smtp.close());
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seedbed-processes-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const ports = [await freePort(), await freePort()] as const;
    web = [`http://127.0.0.1:${ports[0]}`, `http://127.0.0.1:${ports[1]}`];
    const shared = {
      DATABASE_URL: database.connectionString!,
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      // Both sit behind one proxy, so links in emails name the same address whichever sends them.
      PUBLIC_URL: web[0],
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Seedbed <hub@seedbed.test>',
      WORKER: 'separate',
    };
    const started = await Promise.all([
      seedbed('start', { ...shared, PORT: String(ports[0]) }, /Seedbed is running/),
      seedbed('start', { ...shared, PORT: String(ports[1]) }, /Seedbed is running/),
      seedbed('worker', shared, /worker is running/),
    ]);
    processes.push(...started);
    for (const address of web) assert.equal((await fetch(`${address}/setup`)).status, 200);
  });

  test('sessions and forms work whichever process answers', async () => {
    const admin = new TestClient(web[0]);
    const setup = await admin.postForm('/setup', { hubName: 'Twin Hub', name: 'Ada Admin', email: 'admin@example.org', password });
    assert.equal(setup.status, 303);
    admin.target = web[1];
    const settings = await admin.get('/settings');
    assert.equal(settings.status, 200, 'the session made by one process is known to the other');
    assert.match(settings.body, /href="\/members\/ada-admin"/);

    // A form fetched from one process and sent to the other: the CSRF secret is shared too.
    admin.target = web[0];
    const token = await admin.csrfToken('/pitches/new');
    admin.target = web[1];
    const pitched = await admin.postForm('/pitches/new', {
      _csrf: token,
      kind: 'offer',
      title: 'Tool library for the whole street',
      summary: 'Borrow a drill.',
      body: 'Drills, ladders and a lawnmower.',
      terms: 'free',
      stage: 'idea',
      tags: 'tools',
      group: '',
      action: 'publish',
    });
    assert.equal(pitched.status, 303, `pitching answered ${pitched.status}`);
    assert.equal((await new TestClient(web[0]).get(pitched.location!)).status, 200);
  });

  test('sign-up emails, notifications and uploads reach their reader through any process', async () => {
    const bea = new TestClient(web[1]);
    const signedUp = await bea.postForm('/sign-up', { name: 'Bea Borrower', email: 'bea@example.org', password });
    assert.equal(signedUp.status, 303);
    // Neither web process sends email (WORKER=separate): the worker does.
    const verification = await smtp.waitForEmail((m) => m.to.includes('bea@example.org'));
    bea.target = web[0];
    const verified = await bea.get(new URL(firstLink(verification.text, '/verify-email/')).pathname);
    assert.ok(verified.status < 400, `verifying answered ${verified.status}`);

    const picture = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#3a7' } }).png().toBuffer();
    bea.target = web[1];
    const saved = await bea.postMultipart('/settings/profile', profileFields_('Bea Borrower'), [
      { name: 'photo', filename: 'bea.png', contentType: 'image/png', data: picture },
    ]);
    assert.equal(saved.status, 303, `saving the profile answered ${saved.status}`);
    const profile = await new TestClient(web[0]).get('/members/bea-borrower');
    const photoPath = /src="(\/uploads\/photos\/[^"]+)"/.exec(profile.body)?.[1];
    assert.ok(photoPath, 'the profile shows the photo');
    const photo = await fetch(`${web[0]}${photoPath}`);
    assert.equal(photo.status, 200, 'a photo uploaded through one process is served by the other');
    assert.match(String(photo.headers.get('content-type')), /image\/webp/);

    bea.target = web[0];
    const pitchPage = await bea.get('/pitches/tool-library-for-the-whole-street');
    const postTo = /action="(\/conversations\/pitch\/\d+\/posts)"/.exec(pitchPage.body)?.[1];
    assert.ok(postTo, 'the pitch page has a form to reply');
    bea.target = web[1];
    const replied = await bea.postForm(postTo, { postBody: 'Could I borrow the ladder on Saturday?' }, { csrfFrom: '/pitches/tool-library-for-the-whole-street' });
    assert.equal(replied.status, 303, `replying answered ${replied.status}`);

    const admin = new TestClient(web[0]);
    await admin.signIn('admin@example.org', password);
    const notifications = await admin.get('/notifications');
    assert.match(notifications.body, /Bea Borrower/);
    const email = await smtp.waitForEmail((m) => m.to.includes('admin@example.org') && /Bea Borrower/.test(m.text));
    assert.match(email.text, /Tool library for the whole street/);
  });

  test('rate limits count one client across both processes', async () => {
    const client = new TestClient(web[0]);
    // Earlier sign-ins from this address count too: the first answer says how many are left.
    const first = await client.postForm('/sign-in', { email: 'nobody@example.org', password: 'not the password' });
    assert.equal(first.status, 401);
    const remaining = Number(first.headers['ratelimit-remaining']);
    assert.ok(remaining > 2, `${remaining} attempts left`);
    for (let attempt = 0; attempt < remaining; attempt++) {
      client.target = web[(attempt + 1) % 2]!;
      const response = await client.postForm('/sign-in', { email: 'nobody@example.org', password: 'not the password' });
      assert.equal(response.status, 401, `attempt ${attempt + 2}`);
    }
    for (const address of web) {
      client.target = address;
      assert.equal((await client.postForm('/sign-in', { email: 'nobody@example.org', password: 'not the password' })).status, 429);
    }
  });

  test('every process stops cleanly', async () => {
    for (const running of processes.splice(0)) assert.equal(await stop(running), 0, running.output());
  });
});

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, test } from 'node:test';
import { Jobs } from '../jobs/jobs.ts';
import { testDatabase } from '../test/database.ts';
import { startTestSmtp } from '../test/smtp.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { Mailer } from './mailer.ts';

const database = await testDatabase();
await migrateToLatest(database.db);
after(() => database.close());

function unusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

test('without SMTP an email waits in the outbox', async () => {
  const jobs = new Jobs(database);
  const mailer = new Mailer(database.db, jobs, { smtpUrl: undefined, from: 'hub@seedbed.test' });
  await jobs.start();
  const id = await mailer.queue({ to: 'ada@example.org', subject: 'Hello', text: 'Hi' });
  await mailer.deliver(id);
  const row = await database.db.selectFrom('emails').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.status, 'outbox');
  await jobs.stop();
});

test('a failed delivery is recorded and succeeds when tried again', async () => {
  const port = await unusedPort();
  const jobs = new Jobs(database);
  await jobs.start();
  const down = new Mailer(database.db, jobs, { smtpUrl: `smtp://127.0.0.1:${port}`, from: 'hub@seedbed.test' });
  const id = await down.queue({ to: 'grace@example.org', subject: 'Retry me', text: 'Hello again' });
  await assert.rejects(() => down.deliver(id));
  const failed = await database.db.selectFrom('emails').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(failed.status, 'failed');
  assert.equal(failed.attempts, 1);
  assert.ok(failed.last_error);
  down.close();

  const smtp = await startTestSmtp();
  try {
    const up = new Mailer(database.db, jobs, { smtpUrl: smtp.url, from: 'hub@seedbed.test' });
    await up.deliver(id);
    const received = await smtp.waitForEmail((m) => m.subject === 'Retry me');
    assert.deepEqual(received.to, ['grace@example.org']);
    const sent = await database.db.selectFrom('emails').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(sent.status, 'sent');
    assert.equal(sent.attempts, 2);
    up.close();
  } finally {
    await smtp.close();
    await jobs.stop();
  }
});

test('the worker delivers a queued email', async () => {
  const smtp = await startTestSmtp();
  const jobs = new Jobs(database, { pollingIntervalSeconds: 0.5 });
  const mailer = new Mailer(database.db, jobs, { smtpUrl: smtp.url, from: 'hub@seedbed.test' });
  try {
    await jobs.work();
    await mailer.queue({ to: 'lin@example.org', subject: 'Through the queue', text: 'Queued' });
    const received = await smtp.waitForEmail((m) => m.subject === 'Through the queue');
    assert.equal(received.text.trim(), 'Queued');
  } finally {
    await jobs.stop();
    mailer.close();
    await smtp.close();
  }
});

test('an email queued inside a transaction is sent only if the transaction commits', async () => {
  const smtp = await startTestSmtp();
  const jobs = new Jobs(database, { pollingIntervalSeconds: 0.5 });
  const mailer = new Mailer(database.db, jobs, { smtpUrl: smtp.url, from: 'hub@seedbed.test' });
  try {
    await jobs.work();
    await database.db.transaction().execute(async (tx) => {
      await mailer.queue({ to: 'kept@example.org', subject: 'Committed', text: 'Yes' }, tx);
    });
    await assert.rejects(
      database.db.transaction().execute(async (tx) => {
        await mailer.queue({ to: 'lost@example.org', subject: 'Rolled back', text: 'No' }, tx);
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    await smtp.waitForEmail((m) => m.subject === 'Committed');
    const rolledBack = await database.db.selectFrom('emails').select('id').where('subject', '=', 'Rolled back').execute();
    assert.equal(rolledBack.length, 0);
    assert.ok(!smtp.messages.some((m) => m.subject === 'Rolled back'));
  } finally {
    await jobs.stop();
    mailer.close();
    await smtp.close();
  }
});

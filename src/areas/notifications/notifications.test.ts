import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createAccount } from '../accounts/accounts.commands.ts';
import { createToken } from '../api/api.commands.ts';
import { pitchSubject } from '../exchange/pitch.subject.ts';
import { TestClient } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { firstLink, type TestSmtp } from '../../test/smtp.ts';
import { notify, sendDigests, unreadCount, type NotificationKind } from './index.ts';
import { notificationListSchema } from './notifications.schemas.ts';

const password = 'a long enough password';

describe('notifications', () => {
  let hub: TestHub<TestSmtp>;
  let smtp: TestSmtp;
  const members: Record<string, { id: number; email: string; client: TestClient }> = {};
  let pitchNumber = 0;

  async function member(name: string, options: { verified?: boolean } = {}) {
    const email = `${name.toLowerCase()}@example.org`;
    const created = await createAccount(hub.db, { name, email, password, verified: options.verified ?? true });
    assert.ok(created.ok);
    const client = new TestClient(hub.app);
    await client.signIn(email, password);
    members[name] = { id: created.userId, email, client };
    return members[name];
  }

  /** A pitch straight in the database: this area only needs one to exist and be visible or not. */
  async function pitch(title: string, status: 'draft' | 'published', team: number[]) {
    pitchNumber++;
    const slug = `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${pitchNumber}`;
    const row = await hub.db
      .insertInto('pitches')
      .values({ slug, kind: 'idea', title, status, author_id: team[0] ?? null, published_at: status === 'published' ? new Date() : null })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const userId of team) await hub.db.insertInto('pitch_team').values({ pitch_id: row.id, user_id: userId }).execute();
    return { id: row.id, slug, url: `/pitches/${slug}` };
  }

  function say(kind: NotificationKind, on: { id: number; url: string }, recipients: number[], actorId: number | null, text: string) {
    return notify(hub.app, { recipients, kind, actorId, subject: { type: 'pitch', id: on.id }, text, url: `${on.url}#post-1` });
  }

  async function notificationsOf(userId: number) {
    return hub.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).orderBy('id').execute();
  }

  async function emailsTo(address: string) {
    return hub.db.selectFrom('emails').selectAll().where('recipient', '=', address).orderBy('id').execute();
  }

  before(async () => {
    hub = await startTestHub({ smtp: true });
    smtp = hub.smtp;
    await setUpHub(hub.app);
    // Registered by the exchange area when it is mounted; these tests need it either way.
    if (!hub.app.subjects.has('pitch')) hub.app.subjects.register(pitchSubject);
    for (const name of ['Ada', 'Bob', 'Carol', 'Dave', 'Erin', 'Fay']) await member(name);
  });
  after(() => hub?.close());

  test('a member is notified in the site and by email, with unsubscribe link and headers; the actor is not', async () => {
    const { Ada: ada, Bob: bob } = members;
    const fridge = await pitch('Community fridge', 'published', [ada!.id]);
    await say('reply', fridge, [ada!.id, bob!.id, ada!.id], bob!.id, 'Bob replied to “Community fridge”.');

    const adas = await notificationsOf(ada!.id);
    assert.equal(adas.length, 1, 'one notification, however often the member is listed');
    assert.equal(adas[0]!.delivery, 'immediately');
    assert.ok(adas[0]!.emailed_at);
    assert.equal((await notificationsOf(bob!.id)).length, 0, 'the actor is never notified');
    assert.equal((await emailsTo(bob!.email)).length, 0);

    const home = await ada!.client.get('/members');
    assert.equal(home.status, 200);
    assert.match(home.body, /Notifications \(1\)/);
    assert.match(home.body, /aria-label="Notifications, 1 unread"/);
    assert.equal(await unreadCount(hub.db, ada!.id), 1);

    const email = await smtp.waitForEmail((m) => m.to.includes(ada!.email) && m.subject.includes('Bob replied'));
    assert.match(email.text, /Bob replied to “Community fridge”\./);
    assert.ok(email.text.includes(`${hub.baseUrl}${fridge.url}#post-1`), 'links to the thing itself');
    assert.ok(email.text.includes(`${hub.baseUrl}/settings/notifications`), 'links to the email choices');
    const unsubscribe = firstLink(email.text, '/unsubscribe/');
    const [stored] = await emailsTo(ada!.email);
    assert.equal(stored!.headers['List-Unsubscribe'], `<${unsubscribe}>`);
    assert.equal(stored!.headers['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click');
  });

  test('nobody who may not see the subject hears of it, nor suspended members', async () => {
    const { Ada: ada, Bob: bob, Carol: carol } = members;
    const secret = await pitch('Secret draft', 'draft', [ada!.id]);
    await say('reply', secret, [bob!.id, carol!.id, ada!.id], null, 'Someone replied to “Secret draft”.');
    assert.equal((await notificationsOf(bob!.id)).length, 0, 'not on the team: nothing at all');
    assert.equal((await notificationsOf(carol!.id)).length, 0);
    assert.equal((await emailsTo(carol!.email)).length, 0);
    const adas = await notificationsOf(ada!.id);
    assert.equal(adas.at(-1)!.subject_id, secret.id, 'the team member is told');

    const open = await pitch('Open pitch', 'published', [carol!.id]);
    await hub.db.updateTable('users').set({ status: 'suspended' }).where('id', '=', bob!.id).execute();
    try {
      await say('mention', open, [bob!.id], carol!.id, 'Carol mentioned you.');
      assert.equal((await notificationsOf(bob!.id)).length, 0, 'suspended members get nothing');
    } finally {
      await hub.db.updateTable('users').set({ status: 'active' }).where('id', '=', bob!.id).execute();
    }
  });

  test('with emails off a notification is still shown in the site, but not emailed', async () => {
    const { Dave: dave, Erin: erin } = members;
    const page = await dave!.client.get('/settings/notifications');
    assert.equal(page.status, 200);
    assert.match(page.body, /type="radio"[^>]*name="mention"[^>]*value="immediately"[^>]*checked/);
    const saved = await dave!.client.postForm('/settings/notifications', { reply: 'immediately', mention: 'off', signal: 'daily', match: 'weekly' });
    assert.equal(saved.status, 303);
    const after = await dave!.client.get('/settings/notifications');
    assert.match(after.body, /name="mention"[^>]*value="off"[^>]*checked/);

    const bad = await dave!.client.postForm('/settings/notifications', { reply: 'hourly', mention: 'off', signal: 'daily', match: 'weekly' });
    assert.equal(bad.status, 400);
    assert.match(bad.body, /class="error-summary"/);
    assert.match(bad.body, /name="mention"[^>]*value="off"[^>]*checked/, 'the other choices are kept');

    const garden = await pitch('Garden share', 'published', [erin!.id]);
    await say('mention', garden, [dave!.id], erin!.id, 'Erin mentioned you in “Garden share”.');
    const daves = await notificationsOf(dave!.id);
    assert.equal(daves.length, 1);
    assert.equal(daves[0]!.delivery, 'off');
    assert.equal(daves[0]!.emailed_at, null);
    assert.equal((await emailsTo(dave!.email)).length, 0, 'no email is queued');
    const list = await dave!.client.get('/notifications');
    assert.match(list.body, /Erin mentioned you in “Garden share”\./);
  });

  test('a daily summary lists everything in one email, once, and leaves out what became hidden', async () => {
    const { Ada: ada, Bob: bob, Carol: carol, Erin: erin } = members;
    const saved = await carol!.client.postForm('/settings/notifications', { reply: 'daily', mention: 'immediately', signal: 'immediately', match: 'weekly' });
    assert.equal(saved.status, 303);
    const orchard = await pitch('Town orchard', 'published', [ada!.id]);
    const bikes = await pitch('Bike library', 'published', [erin!.id]);
    const hidden = await pitch('Tool shed', 'published', [erin!.id]);
    await say('reply', orchard, [carol!.id], ada!.id, 'Ada replied in “Town orchard”.');
    await say('reply', orchard, [carol!.id], bob!.id, 'Bob replied in “Town orchard”.');
    await say('reply', bikes, [carol!.id], erin!.id, 'Erin replied in “Bike library”.');
    await say('reply', hidden, [carol!.id], erin!.id, 'Erin replied in “Tool shed”.');
    assert.equal((await emailsTo(carol!.email)).length, 0, 'nothing is emailed straight away');

    // The pitch goes back to draft: Carol, not on its team, may no longer see it.
    await hub.db.updateTable('pitches').set({ status: 'draft' }).where('id', '=', hidden.id).execute();
    const list = await carol!.client.get('/notifications');
    assert.match(list.body, /Bike library/);
    assert.doesNotMatch(list.body, /Tool shed/, 'the in-site list hides it too');
    const hiddenRow = (await notificationsOf(carol!.id)).find((row) => row.subject_id === hidden.id)!;
    assert.equal((await carol!.client.get(`/notifications/${hiddenRow.id}/open`)).status, 404);

    assert.equal(await sendDigests(hub.app, 'weekly'), 0, 'nobody waits for a weekly summary yet');
    assert.equal(await sendDigests(hub.app, 'daily'), 1);
    const digest = await smtp.waitForEmail((m) => m.to.includes(carol!.email) && m.subject.includes('daily summary'));
    for (const line of ['Ada replied in “Town orchard”.', 'Bob replied in “Town orchard”.', 'Erin replied in “Bike library”.']) {
      assert.ok(digest.text.includes(line), `the summary has "${line}"`);
    }
    assert.ok(digest.text.indexOf('Town orchard\n') < digest.text.indexOf('Bike library\n'), 'grouped under each pitch’s title');
    assert.equal(digest.text.split('Town orchard\n').length, 2, 'one heading per pitch');
    assert.ok(digest.text.includes(`${hub.baseUrl}${orchard.url}`));
    assert.doesNotMatch(digest.text, /Tool shed/);
    const unsubscribe = firstLink(digest.text, '/unsubscribe/');
    const [stored] = await emailsTo(carol!.email);
    assert.equal(stored!.headers['List-Unsubscribe'], `<${unsubscribe}>`);
    assert.equal(stored!.headers['List-Unsubscribe-Post'], 'List-Unsubscribe=One-Click');
    assert.ok((await notificationsOf(carol!.id)).every((row) => row.emailed_at !== null));

    assert.equal(await sendDigests(hub.app, 'daily'), 0, 'a second run sends nothing');
    assert.equal((await emailsTo(carol!.email)).length, 1);

    // The summary's own link stops the whole daily summary, signed out.
    const signedOut = new TestClient(hub.app);
    const path = new URL(unsubscribe).pathname;
    const confirm = await signedOut.get(path);
    assert.equal(confirm.status, 200);
    assert.match(confirm.body, /Stop emails about the daily summary\?/);
    const done = await signedOut.request('POST', path, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    assert.equal(done.status, 200);
    assert.match(done.body, /You will not get these emails any more/);
    const prefs = await hub.db.selectFrom('notification_preferences').selectAll().where('user_id', '=', carol!.id).execute();
    assert.equal(prefs.find((p) => p.kind === 'reply')?.delivery, 'off');
    assert.equal(prefs.find((p) => p.kind === 'mention')?.delivery, 'immediately', 'other kinds are left alone');
  });

  test('unsubscribe links work signed out, by button and by one-click POST; tampered ones are refused', async () => {
    const { Fay: fay, Erin: erin } = members;
    const mural = await pitch('Street mural', 'published', [fay!.id]);
    await say('signal', mural, [fay!.id], erin!.id, 'Erin can help with “Street mural”.');
    await say('mention', mural, [fay!.id], erin!.id, 'Erin mentioned you on “Street mural”.');
    const signal = await smtp.waitForEmail((m) => m.to.includes(fay!.email) && m.subject.includes('can help'));
    const mention = await smtp.waitForEmail((m) => m.to.includes(fay!.email) && m.subject.includes('mentioned'));
    const signalPath = new URL(firstLink(signal.text, '/unsubscribe/')).pathname;
    const mentionPath = new URL(firstLink(mention.text, '/unsubscribe/')).pathname;

    const visitor = new TestClient(hub.app);
    const page = await visitor.get(signalPath);
    assert.equal(page.status, 200);
    assert.match(page.body, /Stop emails about interest shown in your pitches\?/);
    assert.match(page.body, new RegExp(`<form method="post" action="${signalPath}"`));
    const done = await visitor.request('POST', signalPath, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    assert.equal(done.status, 200);
    assert.match(done.body, /href="\/settings\/notifications"/);

    // What a mail program sends (RFC 8058): no cookie, no CSRF token.
    const oneClick = await hub.app.inject({
      method: 'POST',
      url: mentionPath,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    assert.equal(oneClick.statusCode, 200);
    const prefs = await hub.db.selectFrom('notification_preferences').select(['kind', 'delivery']).where('user_id', '=', fay!.id).execute();
    assert.deepEqual(Object.fromEntries(prefs.map((p) => [p.kind, p.delivery])), { signal: 'off', mention: 'off' });

    const before = (await emailsTo(fay!.email)).length;
    await say('signal', mural, [fay!.id], erin!.id, 'Erin would use “Street mural”.');
    assert.equal((await emailsTo(fay!.email)).length, before, 'no more emails of that kind');
    assert.equal((await notificationsOf(fay!.id)).at(-1)!.delivery, 'off');

    const [, userId, scope, signature] = /^\/unsubscribe\/(\d+)\.([a-z]+)\.(.+)$/.exec(signalPath)!;
    const flipped = signature!.startsWith('A') ? `B${signature!.slice(1)}` : `A${signature!.slice(1)}`;
    const tampered = [
      `/unsubscribe/${userId}.${scope}.${flipped}`,
      `/unsubscribe/${erin!.id}.${scope}.${signature}`,
      `/unsubscribe/${userId}.reply.${signature}`,
      '/unsubscribe/nonsense',
      `/unsubscribe/${'9'.repeat(30)}.signal.${signature}`,
    ];
    for (const path of tampered) {
      const get = await visitor.get(path);
      assert.equal(get.status, 404, path);
      assert.match(get.body, /This unsubscribe link does not work/);
      const post = await visitor.request('POST', path, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
      assert.equal(post.status, 404, path);
    }
  });

  test('the list, opening one and marking all as read', async () => {
    const { Ada: ada, Bob: bob } = members;
    const cafe = await pitch('Repair café', 'published', [ada!.id]);
    await say('reply', cafe, [ada!.id], bob!.id, 'Bob replied in “Repair café”.');
    await say('signal', cafe, [ada!.id], bob!.id, 'Bob would use “Repair café”.');
    const unread = await unreadCount(hub.db, ada!.id);
    assert.ok(unread >= 3);

    const list = await ada!.client.get('/notifications');
    assert.equal(list.status, 200);
    assert.ok(list.body.indexOf('Bob would use') < list.body.indexOf('Bob replied in “Repair café”'), 'newest first');
    assert.match(list.body, /<strong class="badge">New<\/strong>/, 'unread ones say so in words');
    assert.match(list.body, /<time datetime="/);
    assert.match(list.body, /On: Repair café/);

    const newest = (await notificationsOf(ada!.id)).at(-1)!;
    assert.equal((await bob!.client.get(`/notifications/${newest.id}/open`)).status, 404, 'only the owner may open it');
    assert.equal((await ada!.client.get('/notifications/abc/open')).status, 404);
    assert.equal((await ada!.client.get('/notifications/99999999999999999999/open')).status, 404);
    const open = await ada!.client.get(`/notifications/${newest.id}/open`);
    assert.equal(open.status, 303);
    assert.equal(open.location, `${cafe.url}#post-1`);
    assert.equal(await unreadCount(hub.db, ada!.id), unread - 1);

    const read = await ada!.client.postForm('/notifications/read-all', {}, { csrfFrom: '/notifications' });
    assert.equal(read.status, 303);
    assert.equal(await unreadCount(hub.db, ada!.id), 0);
    const page = await ada!.client.get('/notifications');
    assert.doesNotMatch(page.body, /class="badge">New/);
    assert.doesNotMatch(page.body, /Notifications \(\d+\)/);
    assert.match(page.body, /You have read them all\./);

    const signedOut = await new TestClient(hub.app).get('/notifications');
    assert.equal(signedOut.status, 302);
    assert.match(signedOut.location ?? '', /^\/sign-in/);
  });

  test('/notifications.json works with a token, matches its schema and is documented', async () => {
    const { Ada: ada, Bob: bob } = members;
    const pantry = await pitch('Food pantry', 'published', [ada!.id]);
    await say('mention', pantry, [ada!.id], bob!.id, 'Bob mentioned you on “Food pantry”.');
    const token = await createToken(hub.db, ada!.id, 'tests');
    assert.ok(token.ok);
    const response = await hub.app.inject({ url: '/notifications.json', headers: { authorization: `Bearer ${token.token}` } });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    const body = response.json();
    assert.deepEqual(notificationListSchema.strict().parse(body), body);
    const first = body.notifications[0];
    assert.equal(first.text, 'Bob mentioned you on “Food pantry”.');
    assert.equal(first.url, `${hub.baseUrl}${pantry.url}#post-1`);
    assert.deepEqual(first.subject, { type: 'pitch', id: pantry.id, title: 'Food pantry' });
    assert.equal(first.read, false);
    assert.equal(body.unread, 1);
    assert.ok(!('user_id' in first) && !('delivery' in first));

    const marked = await hub.app.inject({ method: 'POST', url: '/notifications/read-all', headers: { authorization: `Bearer ${token.token}` } });
    assert.equal(marked.statusCode, 200);
    assert.deepEqual(marked.json(), { marked: 1 });

    const anonymous = await hub.app.inject({ url: '/notifications.json' });
    assert.equal(anonymous.statusCode, 401);
    const paths = hub.app.apiDocs.operations.map((op) => `${op.method} ${op.path}`);
    assert.ok(paths.includes('get /notifications.json'));
    assert.ok(paths.includes('post /notifications/read-all'));
  });

  test('unconfirmed addresses are not emailed; the settings page links to the email choices', async () => {
    const { Erin: erin } = members;
    const gus = await member('Gus', { verified: false });
    const swap = await pitch('Seed swap', 'published', [erin!.id]);
    await say('reply', swap, [gus.id], erin!.id, 'Erin replied in “Seed swap”.');
    assert.equal((await notificationsOf(gus.id)).length, 1);
    assert.equal((await emailsTo(gus.email)).filter((e) => e.subject.includes('Seed swap')).length, 0);
    const preferences = await gus.client.get('/settings/notifications');
    assert.match(preferences.body, /Your email address is not confirmed yet/);
    const settings = await gus.client.get('/settings');
    assert.match(settings.body, /href="\/settings\/notifications"/);
  });

  test('the summaries are scheduled', async () => {
    // pg-boss keeps its schedules in its own table, written when the job queue starts.
    const { rows } = await sql<{ name: string; cron: string; timezone: string }>`select name, cron, timezone from jobs.schedule`.execute(hub.db);
    const byName = new Map(rows.map((row) => [row.name, row]));
    assert.equal(byName.get('digest-daily')?.cron, '0 7 * * *');
    assert.equal(byName.get('digest-weekly')?.cron, '0 7 * * 1');
    assert.equal(byName.get('digest-daily')?.timezone, 'Europe/London');
  });
});

/**
 * How members hear of new posts and pitches in their groups, each as they chose for the group:
 * every post straight away, a daily summary, or not at all; through real SMTP.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually } from '../../test/eventually.ts';
import { TestClient } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { firstLink, type TestSmtp } from '../../test/smtp.ts';
import { sendDigests } from '../notifications/index.ts';
import { form, groupIdOf, join, member, newGroup, pitchInto, postIn, type Member } from './life.fixtures.ts';

describe('group notifications by each member’s choice', () => {
  let t: TestHub<TestSmtp>;
  let fiona: Member;
  let ivy: Member;
  let dan: Member;
  let olly: Member;
  let sue: Member;
  let bea: Member;
  let uri: Member;
  let otto: Member;
  let rhea: Member;
  let slug: string;
  let groupId: number;

  const notificationsOf = (userId: number) =>
    t.db.selectFrom('notifications').select(['id', 'kind', 'text', 'url', 'delivery', 'emailed_at', 'subject_type']).where('user_id', '=', userId).orderBy('id').execute();
  const emailsTo = (address: string) => t.db.selectFrom('emails').select(['subject', 'body_text']).where('recipient', '=', address).orderBy('id').execute();
  const groupNotes = async (userId: number, text: string) => (await notificationsOf(userId)).filter((row) => row.kind === 'group' && row.text.includes(text));
  const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

  before(async () => {
    t = await startTestHub({ smtp: true });
    await setUpHub(t.app);
    fiona = await member(t, 'Fiona Facilitator', 'fiona@example.org');
    ivy = await member(t, 'Ivy Immediate', 'ivy@example.org');
    dan = await member(t, 'Dan Daily', 'dan@example.org');
    olly = await member(t, 'Olly Off', 'olly@example.org');
    sue = await member(t, 'Sue Suspended', 'sue@example.org');
    bea = await member(t, 'Bea Blocker', 'bea@example.org');
    uri = await member(t, 'Uri Unconfirmed', 'uri@example.org', { verified: false });
    otto = await member(t, 'Otto Outsider', 'otto@example.org');
    rhea = await member(t, 'Rhea Requester', 'rhea@example.org');
    ({ slug } = await newGroup(fiona.client, { name: 'Food bank rota', visibility: 'closed' }));
    groupId = await groupIdOf(t, slug);
    for (const person of [ivy, dan, olly, sue, bea, uri]) await join(slug, person, fiona);
    assert.equal((await form(rhea.client, `/groups/${slug}/join`)).status, 303);
    for (const [person, choice] of [
      [ivy, 'immediately'],
      [olly, 'off'],
      [uri, 'immediately'],
    ] as const) {
      assert.equal((await form(person.client, `/groups/${slug}/notifications`, { notify: choice })).status, 303);
    }
    assert.equal((await form(bea.client, `/members/${fiona.handle}/block`)).status, 303);
    await t.db.updateTable('users').set({ status: 'suspended' }).where('id', '=', sue.id).execute();
  });
  after(() => t.close());

  test('a new post: emailed at once to those who chose every post, kept for the daily summary for the rest, nothing for those who chose off', async () => {
    const post = await postIn(fiona.client, groupId, 'The van arrives at nine on Saturday.');
    const email = await t.smtp.waitForEmail((m) => m.to.includes(ivy.email) && m.subject === 'Fiona Facilitator posted in Food bank rota');
    assert.ok(email.text.includes(`${t.baseUrl}/posts/${post}`), 'links to the post');
    assert.match(email.text, /Stop emails about new posts and pitches in your groups:/);

    const [daily] = await eventually(() => groupNotes(dan.id, 'Fiona Facilitator posted'), (rows) => rows.length === 1, 'Dan’s notification');
    assert.equal(daily!.delivery, 'daily', 'the default is a daily summary');
    assert.equal(daily!.emailed_at, null);
    await eventually(() => groupNotes(uri.id, 'Fiona Facilitator posted'), (rows) => rows.length === 1, 'Uri’s notification');
    await settle();
    for (const [who, person] of [
      ['off', olly],
      ['suspended', sue],
      ['has blocked the author', bea],
      ['outside the group', otto],
      ['only asked to join', rhea],
      ['wrote it', fiona],
    ] as const) {
      assert.deepEqual(await groupNotes(person.id, 'posted'), [], `a member who ${who} is not told`);
    }
    assert.equal((await emailsTo(dan.email)).length, 0, 'no email before the summary');
    assert.equal((await emailsTo(uri.email)).length, 0, 'an unconfirmed address is never emailed');
    assert.match((await dan.client.get('/notifications')).body, /Fiona Facilitator posted in Food bank rota/);

    assert.ok((await sendDigests(t.app, 'daily')) >= 1);
    const digest = await t.smtp.waitForEmail((m) => m.to.includes(dan.email) && m.subject.includes('daily summary'));
    assert.match(digest.text, /Food bank rota\n/);
    assert.match(digest.text, /\* Fiona Facilitator posted in Food bank rota/);
    assert.ok(digest.text.includes(`${t.baseUrl}/groups/${slug}`));
    assert.equal((await emailsTo(ivy.email)).filter((row) => row.subject.includes('daily summary')).length, 0, 'Ivy had hers straight away');
  });

  test('a pitch posted into the group is told the same way; its team is not told', async () => {
    const pitch = await pitchInto(t, dan.client, 'Winter coat collection', groupId);
    await t.smtp.waitForEmail((m) => m.to.includes(ivy.email) && m.subject === 'Dan Daily posted the pitch “Winter coat collection” in Food bank rota');
    const [forFiona] = await eventually(() => groupNotes(fiona.id, 'Winter coat'), (rows) => rows.length === 1, 'Fiona’s notification');
    assert.equal(forFiona!.delivery, 'daily');
    assert.equal(forFiona!.subject_type, 'pitch');
    assert.equal(forFiona!.url, `/pitches/${pitch.slug}`);
    await settle();
    assert.deepEqual(await groupNotes(dan.id, 'Winter coat'), []);
    assert.deepEqual(await groupNotes(olly.id, 'Winter coat'), []);
    assert.deepEqual(await groupNotes(otto.id, 'Winter coat'), []);
  });

  test('nobody is told twice: the author of the post answered hears of the reply once, as a reply', async () => {
    const question = await postIn(ivy.client, groupId, 'Does anyone have a trolley?');
    await postIn(fiona.client, groupId, 'Yes, in the shed.', question);
    await t.smtp.waitForEmail((m) => m.to.includes(ivy.email) && m.subject.startsWith('Fiona Facilitator replied to your post'));
    await eventually(() => groupNotes(dan.id, 'Fiona Facilitator replied'), (rows) => rows.length === 1, 'Dan hears of the reply');
    await settle();
    const ivys = (await notificationsOf(ivy.id)).filter((row) => row.text.includes('Fiona Facilitator replied'));
    assert.deepEqual(
      ivys.map((row) => row.kind),
      ['reply'],
    );
  });

  test('changing the choice: “off” stops what waits for the summary; the choice is on the group page and works without JavaScript', async () => {
    await postIn(fiona.client, groupId, 'Rota for next week is up.');
    await eventually(() => groupNotes(dan.id, 'Fiona Facilitator posted'), (rows) => rows.some((row) => row.emailed_at === null), 'a waiting notification');
    const page = await dan.client.get(`/groups/${slug}`);
    assert.match(page.body, /<form method="post" action="\/groups\/food-bank-rota\/notifications"/);
    assert.match(page.body, /name="notify" value="daily" checked/);
    const saved = await form(dan.client, `/groups/${slug}/notifications`, { notify: 'off', back: 'group' });
    assert.equal(saved.location, `/groups/${slug}`);
    const waiting = (await groupNotes(dan.id, 'posted')).filter((row) => row.emailed_at === null);
    assert.ok(waiting.length > 0 && waiting.every((row) => row.delivery === 'off'));
    const before = (await emailsTo(dan.email)).length;
    await sendDigests(t.app, 'daily');
    assert.equal((await emailsTo(dan.email)).length, before, 'no summary after turning it off');
    await postIn(fiona.client, groupId, 'Another post Dan does not hear of.');
    await eventually(() => groupNotes(ivy.id, 'posted'), (rows) => rows.length >= 3, 'Ivy hears of it');
    await settle();
    assert.deepEqual(await groupNotes(dan.id, 'Another post'), []);
  });

  test('the email’s unsubscribe link stops group emails (not the notifications), and the settings page turns them back on', async () => {
    const email = (t.smtp.messages.filter((m) => m.to.includes(ivy.email) && m.subject === 'Fiona Facilitator posted in Food bank rota'))[0]!;
    const link = new URL(firstLink(email.text, '/unsubscribe/')).pathname;
    const confirm = await new TestClient(t.app).get(link);
    assert.match(confirm.body, /Stop emails about new posts and pitches in your groups\?/);
    const oneClick = await t.app.inject({ method: 'POST', url: link, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    assert.equal(oneClick.statusCode, 200);

    const before = (await emailsTo(ivy.email)).length;
    const lastBefore = (await notificationsOf(ivy.id)).at(-1)?.id ?? 0;
    await postIn(fiona.client, groupId, 'Quiet post for Ivy.');
    // The notice of this very post: earlier ones may still be arriving, so count none of them.
    const [quiet] = await eventually(
      async () => (await groupNotes(ivy.id, 'posted')).filter((row) => row.id > lastBefore),
      (rows) => rows.length >= 1,
      'Ivy still notified',
    );
    assert.equal(quiet!.delivery, 'off');
    await settle();
    assert.equal((await emailsTo(ivy.email)).length, before, 'no email');

    const settings = await ivy.client.get('/settings/notifications');
    assert.match(settings.body, /name="group" value="off" checked/);
    const back = await ivy.client.postForm('/settings/notifications', { reply: 'immediately', mention: 'immediately', signal: 'immediately', match: 'weekly', group: 'immediately' });
    assert.equal(back.status, 303);
    await postIn(fiona.client, groupId, 'Loud post for Ivy.');
    // Earlier emails have the same subject, so wait for this one to be queued rather than delivered.
    const emails = await eventually(() => emailsTo(ivy.email), (rows) => rows.length > before, 'the email of the loud post');
    assert.equal(emails.length, before + 1);
    assert.match(emails.at(-1)!.body_text, /Loud post for Ivy\.|\/posts\//);
  });

  test('stopping the daily summary also stops group posts that went into it', async () => {
    const { slug: other } = await newGroup(fiona.client, { name: 'Litter pickers' });
    const otherId = await groupIdOf(t, other);
    await join(other, otto);
    await postIn(fiona.client, otherId, 'Picking on Sunday.');
    await eventually(() => groupNotes(otto.id, 'posted in Litter pickers'), (rows) => rows.length === 1, 'Otto’s notification');
    await sendDigests(t.app, 'daily');
    const digest = await t.smtp.waitForEmail((m) => m.to.includes(otto.email) && m.subject.includes('daily summary'));
    assert.match(digest.text, /Stop emails about new posts and pitches in your groups:/);
    const link = new URL(firstLink(digest.text, '/unsubscribe/')).pathname;
    const done = await t.app.inject({ method: 'POST', url: link, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    assert.equal(done.statusCode, 200);
    const prefs = await t.db.selectFrom('notification_preferences').select(['kind', 'delivery']).where('user_id', '=', otto.id).execute();
    assert.equal(prefs.find((row) => row.kind === 'group')?.delivery, 'off');
  });
});

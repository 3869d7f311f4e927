/**
 * Interest signals on pitches: sending, withdrawing, idempotence (one after another and at the same
 * moment), counts, organisations that need it too, the team's list, private replies, invitations,
 * the JSON API and — above all — that a funder's indicative amount reaches nobody but the team and
 * the funder.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../db/database.ts';
import { createAccount } from '../accounts/accounts.commands.ts';
import { createToken } from '../api/api.commands.ts';
import { TestClient, type TestResponse } from '../../test/http.ts';
import { insertPitch } from './signals.fixtures.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';

const password = 'a long enough password';

interface Member {
  id: number;
  email: string;
  client: TestClient;
}

async function member(t: TestHub, name: string, email: string): Promise<Member> {
  const created = await createAccount(t.db, { name, email, password, verified: true });
  assert.ok(created.ok, `creating ${email}`);
  const client = new TestClient(t.app);
  await client.signIn(email, password);
  return { id: created.userId, email, client };
}

async function organisation(db: Database, slug: string, name: string, members: { id: number; role: 'admin' | 'member' }[], kind = 'council') {
  const row = await db.insertInto('organisations').values({ slug, name, kind }).returning('id').executeTakeFirstOrThrow();
  for (const m of members) {
    await db.insertInto('organisation_members').values({ organisation_id: row.id, user_id: m.id, role: m.role, status: 'active' }).execute();
  }
  return row.id;
}

async function counts(db: Database, pitchId: number) {
  return db.selectFrom('pitches').select(['signal_count', 'need_count']).where('id', '=', pitchId).executeTakeFirstOrThrow();
}

function signalRows(db: Database, pitchId: number) {
  return db.selectFrom('signals').selectAll().where('pitch_id', '=', pitchId).orderBy('id').execute();
}

/** Form posts use the signals page for their CSRF token. */
function signal(client: TestClient, slug: string, fields: Record<string, string>) {
  return client.postForm(`/pitches/${slug}/signals`, fields, { csrfFrom: `/pitches/${slug}/signals` });
}

function withdraw(client: TestClient, slug: string, kind: string) {
  return client.postForm(`/pitches/${slug}/signals/${kind}/withdraw`, {}, { csrfFrom: `/pitches/${slug}/signals` });
}

function text(response: TestResponse) {
  return response.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
}

describe('interest signals', () => {
  let t: TestHub;
  let lead: Member;
  let teammate: Member;
  let helper: Member;
  let funder: Member;
  let outsider: Member;
  let kim: Member;
  let lee: Member;
  let bea: Member;
  let ken: Member;
  let pitchId: number;
  let draftId: number;
  const slug = 'community-fridge-network';

  before(async () => {
    t = await startTestHub();
    await setUpHub(t.app);
    lead = await member(t, 'Lena Lead', 'lena@example.org');
    teammate = await member(t, 'Tom Team', 'tom@example.org');
    helper = await member(t, 'Hana Helper', 'hana.private@example.org');
    funder = await member(t, 'Fiona Funder', 'fiona@example.org');
    outsider = await member(t, 'Otto Outsider', 'otto@example.org');
    kim = await member(t, 'Kim Kirklees', 'kim@example.org');
    lee = await member(t, 'Lee Leeds', 'lee@example.org');
    bea = await member(t, 'Bea Bradford', 'bea@example.org');
    ken = await member(t, 'Ken Kirklees', 'ken@example.org');
    await organisation(t.db, 'kirklees-council', 'Kirklees Council', [
      { id: kim.id, role: 'admin' },
      { id: ken.id, role: 'member' },
    ]);
    await organisation(t.db, 'leeds-city-council', 'Leeds City Council', [{ id: lee.id, role: 'admin' }]);
    await organisation(t.db, 'bradford-council', 'Bradford Council', [{ id: bea.id, role: 'member' }]);
    pitchId = await insertPitch(t.db, { slug, title: 'Community fridge network', tags: ['food'], team: [lead.id, teammate.id] });
    draftId = await insertPitch(t.db, { slug: 'secret-draft', title: 'Secret draft', status: 'draft', team: [lead.id] });
  });
  after(() => t?.close());

  test('a member says they can help, sees it, and withdraws it; the counts follow', async () => {
    const sent = await signal(helper.client, slug, { kind: 'can-help', help_note: 'I run a café and could host a fridge.' });
    assert.equal(sent.status, 303);
    assert.equal(sent.location, `/pitches/${slug}#signals`);
    let rows = await signalRows(t.db, pitchId);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.kind, 'can-help');
    assert.equal(rows[0]!.note, 'I run a café and could host a fridge.');
    assert.equal((await counts(t.db, pitchId)).signal_count, 1);

    const page = await helper.client.get(`/pitches/${slug}/signals`);
    assert.equal(page.status, 200);
    assert.match(text(page), /1 can help/);
    assert.match(text(page), /You said you can help: “I run a café and could host a fridge\.”/);
    assert.ok(page.body.includes(`action="/pitches/${slug}/signals/can-help/withdraw"`));
    assert.equal((page.body.match(/<h1\b/g) ?? []).length, 1);

    const json = (await new TestClient(t.app).get(`/pitches/${slug}/signals.json`)).json<{ counts: Record<string, number> }>();
    assert.equal(json.counts.canHelp, 1);

    const gone = await withdraw(helper.client, slug, 'can-help');
    assert.equal(gone.status, 303);
    rows = await signalRows(t.db, pitchId);
    assert.equal(rows.length, 0);
    assert.equal((await counts(t.db, pitchId)).signal_count, 0);
    // Withdrawing again is not an error either.
    assert.equal((await withdraw(helper.client, slug, 'can-help')).status, 303);
    assert.equal((await withdraw(helper.client, slug, 'not-a-kind')).status, 404);
  });

  test('"I can help" needs a sentence saying how; the form comes back with the error and what was typed', async () => {
    const empty = await signal(helper.client, slug, { kind: 'can-help', help_note: '   ' });
    assert.equal(empty.status, 400);
    assert.match(empty.body, /class="error-summary"/);
    assert.match(text(empty), /Say in a sentence how you could help\./);
    assert.ok(empty.body.includes('href="#field-help_note"'));

    const long = 'x'.repeat(501);
    const tooLong = await signal(helper.client, slug, { kind: 'can-help', help_note: long });
    assert.equal(tooLong.status, 400);
    assert.ok(tooLong.body.includes(long), 'the text is kept');
    assert.equal((await signalRows(t.db, pitchId)).length, 0);

    const badKind = await signal(helper.client, slug, { kind: 'cheer' });
    assert.equal(badKind.status, 400);
    const badAmount = await signal(funder.client, slug, { kind: 'could-fund', fund_amount: 'lots' });
    assert.equal(badAmount.status, 400);
    assert.match(text(badAmount), /Enter an amount in pounds/);
    const hugeAmount = await signal(funder.client, slug, { kind: 'could-fund', fund_amount: '100000001' });
    assert.equal(hugeAmount.status, 400);
    assert.match(text(hugeAmount), /at most £100,000,000/);
    assert.equal((await signalRows(t.db, pitchId)).length, 0);
  });

  test('sending the same signal twice counts once, one after the other and at the same moment', async () => {
    const first = await signal(outsider.client, slug, { kind: 'would-use' });
    const second = await signal(outsider.client, slug, { kind: 'would-use' });
    assert.equal(first.status, 303);
    assert.equal(second.status, 303, 'no error page the second time');
    const after = await outsider.client.get(`/pitches/${slug}/signals`);
    assert.match(text(after), /You had already said this/);
    assert.match(text(after), /1 would use this/);
    assert.equal((await counts(t.db, pitchId)).signal_count, 1);

    // Two requests at once, each with its own CSRF token already in hand.
    const token = await helper.client.csrfToken(`/pitches/${slug}/signals`);
    const both = await Promise.all(
      [1, 2].map(() => helper.client.postForm(`/pitches/${slug}/signals`, { _csrf: token, kind: 'would-use' })),
    );
    assert.deepEqual(
      both.map((r) => r.status),
      [303, 303],
    );
    const rows = (await signalRows(t.db, pitchId)).filter((r) => r.kind === 'would-use');
    assert.equal(rows.length, 2, 'one each for the outsider and the helper');
    assert.equal((await counts(t.db, pitchId)).signal_count, 2);

    // Following counts as a signal of its own but not as support.
    assert.equal((await signal(helper.client, slug, { kind: 'follow' })).status, 303);
    assert.equal((await counts(t.db, pitchId)).signal_count, 2);
    const json = (await new TestClient(t.app).get(`/pitches/${slug}/signals.json`)).json<{ counts: Record<string, number> }>();
    assert.deepEqual(json.counts, { canHelp: 0, wouldUse: 2, couldFund: 0, needToo: 0, follow: 1 });
  });

  test('the team cannot signal its own pitch, except to follow it', async () => {
    const refused = await signal(lead.client, slug, { kind: 'can-help', help_note: 'We are great' });
    assert.equal(refused.status, 403);
    assert.match(text(refused), /You are in the team of this pitch, so you cannot show interest in it/);
    const page = await teammate.client.get(`/pitches/${slug}/signals`);
    assert.ok(!page.body.includes('name="help_note"'), 'the team is not offered the forms');
    assert.ok(page.body.includes('value="follow"'), 'but may follow');
    assert.equal((await signal(teammate.client, slug, { kind: 'follow' })).status, 303);
    const stillRefused = await signal(teammate.client, slug, { kind: 'would-use' });
    assert.equal(stillRefused.status, 403);
    assert.match(text(stillRefused), /You are in the team of this pitch, so you cannot show interest in it/, 'the message shows with no form left to offer');
    const rows = await t.db.selectFrom('signals').select('kind').where('user_id', 'in', [lead.id, teammate.id]).execute();
    assert.deepEqual(
      rows.map((r) => r.kind),
      ['follow'],
    );
  });

  test('drafts take no signals and show none to outsiders', async () => {
    const draft = 'secret-draft';
    assert.equal((await signal(outsider.client, draft, { kind: 'would-use' })).status, 404);
    const token = await outsider.client.csrfToken(`/pitches/${slug}/signals`);
    assert.equal((await outsider.client.postForm(`/pitches/${draft}/signals`, { _csrf: token, kind: 'would-use' })).status, 404);
    assert.equal((await outsider.client.get(`/pitches/${draft}/signals`)).status, 404);
    assert.equal((await outsider.client.get(`/pitches/${draft}/signals.json`)).status, 404);
    assert.equal((await new TestClient(t.app).get(`/pitches/${draft}/signals.json`)).status, 404);
    const teamView = await lead.client.get(`/pitches/${draft}/signals`);
    assert.equal(teamView.status, 200);
    assert.match(text(teamView), /People can show interest once this pitch is published/);
    const teamToken = await lead.client.csrfToken(`/pitches/${draft}/signals`);
    assert.equal((await lead.client.postForm(`/pitches/${draft}/signals`, { _csrf: teamToken, kind: 'follow' })).status, 404);
    assert.equal((await signalRows(t.db, draftId)).length, 0);
    assert.equal((await new TestClient(t.app).get('/pitches/no-such-pitch/signals.json')).status, 404);
    assert.equal((await new TestClient(t.app).get('/pitches/Bad%20Slug!/signals')).status, 404);
  });

  test('three organisations need it too; a second member of one of them cannot make it four', async () => {
    for (const [who, org] of [
      [kim, 'kirklees-council'],
      [lee, 'leeds-city-council'],
      [bea, 'bradford-council'],
    ] as const) {
      const response = await signal(who.client, slug, { kind: 'need-too', organisation: org });
      assert.equal(response.status, 303, `${org} says it needs it too`);
    }
    assert.equal((await counts(t.db, pitchId)).need_count, 3);

    const again = await signal(ken.client, slug, { kind: 'need-too', organisation: 'kirklees-council' });
    assert.equal(again.status, 400);
    assert.match(text(again), /Kirklees Council has already said it needs this too\./);
    assert.equal((await counts(t.db, pitchId)).need_count, 3);

    const kensView = await ken.client.get(`/pitches/${slug}/signals`);
    assert.match(text(kensView), /Already said to need this too: Kirklees Council\./);
    assert.ok(!kensView.body.includes('name="organisation"'), 'Ken is offered no organisation that has already said so');

    const notMine = await signal(ken.client, slug, { kind: 'need-too', organisation: 'leeds-city-council' });
    assert.equal(notMine.status, 400);
    assert.match(text(notMine), /You can only speak for an organisation you are an active member of\./);
    assert.equal((await counts(t.db, pitchId)).need_count, 3);

    const page = await new TestClient(t.app).get(`/pitches/${slug}/signals`);
    assert.match(text(page), /3 organisations need this too ?: Kirklees Council , Leeds City Council , Bradford Council/);
    assert.ok(page.body.includes('href="/organisations/kirklees-council"'));
    assert.match(text(page), /Sign in to say you can help/);
    assert.ok(!page.body.includes('name="kind"'), 'visitors get no forms');
    const json = (await new TestClient(t.app).get(`/pitches/${slug}/signals.json`)).json<{
      counts: { needToo: number };
      organisationsInNeed: { slug: string }[];
    }>();
    assert.equal(json.counts.needToo, 3);
    assert.deepEqual(
      json.organisationsInNeed.map((o) => o.slug),
      ['kirklees-council', 'leeds-city-council', 'bradford-council'],
    );
  });

  test('a funder’s amount is seen by the team and the funder, and by nobody else anywhere', async () => {
    const sent = await signal(funder.client, slug, { kind: 'could-fund', fund_amount: '£73,219', fund_note: 'From our small grants pot' });
    assert.equal(sent.status, 303);
    const row = (await signalRows(t.db, pitchId)).find((r) => r.kind === 'could-fund');
    assert.equal(Number(row?.amount), 73219);

    const secret = (body: string) => body.includes('73219') || body.includes('73,219');

    // The team.
    const teamPage = await lead.client.get(`/pitches/${slug}/signals`);
    assert.ok(teamPage.body.includes('£73,219'), 'the team sees the amount');
    assert.ok((await teammate.client.get(`/pitches/${slug}`)).body.includes('£73,219'), 'also on the pitch page');
    assert.ok(teamPage.body.includes('From our small grants pot'));
    const teamJson = await lead.client.get(`/pitches/${slug}/signals.json`);
    const fund = teamJson.json<{ signals: { kind: string; amount: number | null }[] }>().signals.find((s) => s.kind === 'could-fund');
    assert.equal(fund?.amount, 73219);
    const csv = await teammate.client.get(`/pitches/${slug}/signals.csv`);
    assert.equal(csv.status, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.ok(csv.body.includes('73219.00'));
    assert.ok(csv.body.includes('Fiona Funder'));

    // The funder.
    const own = await funder.client.get(`/pitches/${slug}/signals`);
    assert.ok(own.body.includes('£73,219'), 'the funder sees their own amount');
    const ownJson = await funder.client.get(`/pitches/${slug}/signals.json`);
    assert.equal(ownJson.json<{ mine: { amount: number | null }[] }>().mine[0]?.amount, 73219);

    // Everyone else: other members, visitors and an administrator.
    const admin = new TestClient(t.app);
    await admin.signIn('admin@example.org', 'correct horse battery staple');
    const visitor = new TestClient(t.app);
    const paths = [
      `/pitches/${slug}`,
      `/pitches/${slug}.json`,
      `/pitches/${slug}/signals`,
      `/pitches/${slug}/signals.json`,
      `/pitches/${slug}/signals.csv`,
      `/pitches/${slug}/matches.json`,
      '/pitches',
      '/pitches.json',
      '/pitches.csv',
      '/pitches.rss',
      '/pitches.atom',
      '/activity',
      '/activity.json',
      `/search?q=${encodeURIComponent('community fridge')}`,
      '/',
    ];
    for (const [who, client] of [
      ['an outsider', outsider.client],
      ['a helper', helper.client],
      ['a visitor', visitor],
      ['an administrator', admin],
    ] as const) {
      for (const path of paths) {
        const response = await client.get(path);
        assert.ok(!secret(response.body), `${who} cannot see the amount at ${path} (status ${response.status})`);
        if (!path.endsWith('/signals.csv')) assert.equal(response.status, 200, `${who} gets ${path}, so the check above means something`);
        if (path.endsWith('/signals.csv')) assert.equal(response.status, 404, `${who} cannot download the team’s CSV`);
      }
      const signalsPage = await client.get(`/pitches/${slug}/signals`);
      assert.ok(!signalsPage.body.includes('From our small grants pot'), `${who} cannot see the funder’s note`);
    }
    const outsiderJson = (await outsider.client.get(`/pitches/${slug}/signals.json`)).json<Record<string, unknown>>();
    assert.equal(outsiderJson.signals, undefined, 'no list of who signalled for outsiders');

    // Nor in what the hub stored to tell people.
    const notifications = await t.db.selectFrom('notifications').select('text').execute();
    assert.ok(!notifications.some((n) => secret(n.text)), 'no notification text carries the amount');
    const activities = await t.db.selectFrom('activities').select('summary').execute();
    assert.ok(!activities.some((a) => secret(a.summary)));
    const emails = await t.db.selectFrom('emails').select(['body_text', 'subject']).execute();
    assert.ok(!emails.some((e) => secret(e.body_text) || secret(e.subject)));
  });

  test('the team is notified of signals (kind "signal"), without amounts', async () => {
    const rows = await t.db
      .selectFrom('notifications')
      .select(['user_id', 'kind', 'text', 'subject_type', 'subject_id'])
      .where('kind', '=', 'signal')
      .where('subject_id', '=', pitchId)
      .execute();
    assert.ok(rows.length > 0, 'the team got notifications');
    assert.ok(rows.every((r) => r.user_id === lead.id || r.user_id === teammate.id), 'only the team');
    assert.ok(rows.some((r) => r.user_id === lead.id && /Fiona Funder could fund “Community fridge network”/.test(r.text)));
    assert.ok(rows.some((r) => /Kim Kirklees says Kirklees Council needs “Community fridge network” too/.test(r.text)));
  });

  test('the team sees who signalled what and replies privately without seeing the address', async () => {
    const helped = await signal(helper.client, slug, { kind: 'can-help', help_note: 'I can lend a van on Saturdays.' });
    assert.equal(helped.status, 303);
    const row = (await signalRows(t.db, pitchId)).find((r) => r.kind === 'can-help' && r.user_id === helper.id)!;

    const teamPage = await lead.client.get(`/pitches/${slug}/signals`);
    assert.ok(teamPage.body.includes('href="/members/hana-helper"'));
    assert.ok(teamPage.body.includes('I can lend a van on Saturdays.'));
    assert.ok(teamPage.body.includes(`href="/pitches/${slug}/signals/${row.id}/reply"`));
    assert.ok(!teamPage.body.includes(helper.email), 'no email address in the team’s list');
    const teamJson = await lead.client.get(`/pitches/${slug}/signals.json`);
    assert.ok(!teamJson.body.includes(helper.email));
    const csv = await lead.client.get(`/pitches/${slug}/signals.csv`);
    assert.ok(!csv.body.includes(helper.email));

    // Outsiders cannot even open the form.
    assert.equal((await outsider.client.get(`/pitches/${slug}/signals/${row.id}/reply`)).status, 404);
    assert.equal((await helper.client.get(`/pitches/${slug}/signals/${row.id}/reply`)).status, 404);
    assert.equal((await lead.client.get(`/pitches/${slug}/signals/abc/reply`)).status, 404);
    assert.equal((await lead.client.get(`/pitches/${slug}/signals/999999/reply`)).status, 404);

    const form = await lead.client.get(`/pitches/${slug}/signals/${row.id}/reply`);
    assert.equal(form.status, 200);
    assert.ok(!form.body.includes(helper.email));
    const empty = await lead.client.postForm(`/pitches/${slug}/signals/${row.id}/reply`, { message: '' });
    assert.equal(empty.status, 400);
    assert.match(text(empty), /Write a message\./);

    const sent = await lead.client.postForm(`/pitches/${slug}/signals/${row.id}/reply`, { message: 'Thank you! Could you bring the van on 3 May?' });
    assert.equal(sent.status, 303);
    const after = await lead.client.get(sent.location!);
    assert.match(text(after), /Your message has been sent to Hana Helper\./);
    assert.ok(!after.body.includes(helper.email));
    const email = await t.db.selectFrom('emails').selectAll().where('recipient', '=', helper.email).executeTakeFirstOrThrow();
    assert.match(email.body_text, /Could you bring the van on 3 May\?/);
    assert.ok(email.body_text.includes(`${t.config.publicUrl}/pitches/${slug}`), 'with the pitch link');
    assert.match(email.body_text, /Lena Lead/);
  });

  test('the team invites the organisations that need it too to commission it together', async () => {
    assert.equal((await outsider.client.get(`/pitches/${slug}/invite-commissioning`)).status, 404);
    const form = await lead.client.get(`/pitches/${slug}/invite-commissioning`);
    assert.equal(form.status, 200);
    assert.match(text(form), /Kirklees Council, Leeds City Council, Bradford Council/);
    const sent = await lead.client.postForm(`/pitches/${slug}/invite-commissioning`, { message: 'Shall we buy this together? Reply on the pitch.' });
    assert.equal(sent.status, 303);
    const emails = await t.db.selectFrom('emails').select(['recipient', 'body_text']).where('subject', 'like', 'An invitation to commission%').execute();
    // Kim and Lee are administrators; Bradford Council has none, so nobody there is emailed.
    assert.deepEqual(emails.map((e) => e.recipient).sort(), ['kim@example.org', 'lee@example.org']);
    assert.ok(emails.every((e) => e.body_text.includes('Shall we buy this together?')));
  });

  test('the JSON API: signal and withdraw with a token; errors say why', async () => {
    const created = await createToken(t.db, outsider.id, 'script');
    assert.ok(created.ok);
    const call = (method: 'POST' | 'DELETE', url: string, payload?: unknown) =>
      t.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${created.token}`, ...(payload ? { 'content-type': 'application/json' } : {}) },
        ...(payload ? { payload: JSON.stringify(payload) } : {}),
      });

    const first = await call('POST', `/api/pitches/${slug}/signals`, { kind: 'can-help', note: 'I know the fridge suppliers.' });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.json().created, true);
    assert.equal(first.json().signal.note, 'I know the fridge suppliers.');
    const again = await call('POST', `/api/pitches/${slug}/signals`, { kind: 'can-help', note: 'Something else' });
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().created, false);
    assert.equal(again.json().signal.note, 'I know the fridge suppliers.', 'the first signal stands');

    const invalid = await call('POST', `/api/pitches/${slug}/signals`, { kind: 'can-help' });
    assert.equal(invalid.statusCode, 400);
    assert.equal(invalid.json().error, 'invalid');
    assert.equal(invalid.json().errors.note, 'Say in a sentence how you could help.');
    const badKind = await call('POST', `/api/pitches/${slug}/signals`, { kind: 'cheer' });
    assert.equal(badKind.statusCode, 400);
    assert.ok(badKind.json().errors.kind);
    const tooMuch = await call('POST', `/api/pitches/${slug}/signals`, { kind: 'could-fund', amount: 200_000_000 });
    assert.equal(tooMuch.statusCode, 400);
    assert.ok(tooMuch.json().errors.amount);
    const draft = await call('POST', '/api/pitches/secret-draft/signals', { kind: 'follow' });
    assert.equal(draft.statusCode, 404);

    const funded = await call('POST', `/api/pitches/${slug}/signals`, { kind: 'could-fund', amount: 1250.5 });
    assert.equal(funded.statusCode, 201);
    assert.equal(funded.json().signal.amount, 1250.5, 'the funder sees their own amount');
    const need = await call('POST', `/api/pitches/${slug}/signals`, { kind: 'need-too', organisation: 'kirklees-council' });
    assert.equal(need.statusCode, 403);

    const removed = await call('DELETE', `/api/pitches/${slug}/signals/can-help`);
    assert.equal(removed.statusCode, 200);
    assert.equal(removed.json().removed, true);
    const notThere = await call('DELETE', `/api/pitches/${slug}/signals/can-help`);
    assert.equal(notThere.json().removed, false);
    assert.equal((await call('DELETE', `/api/pitches/${slug}/signals/cheer`)).statusCode, 404);

    const team = await createToken(t.db, lead.id, 'team script');
    assert.ok(team.ok);
    const own = await t.app.inject({
      method: 'POST',
      url: `/api/pitches/${slug}/signals`,
      headers: { authorization: `Bearer ${team.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ kind: 'would-use' }),
    });
    assert.equal(own.statusCode, 403);
    assert.equal(own.json().error, 'own-pitch');
    const teamList = await t.app.inject({ method: 'GET', url: `/pitches/${slug}/signals.json`, headers: { authorization: `Bearer ${team.token}` } });
    assert.ok(teamList.json().signals.some((s: { amount: number | null }) => s.amount === 1250.5), 'a team token sees amounts');
    const outsiderList = await t.app.inject({ method: 'GET', url: `/pitches/${slug}/signals.json`, headers: { authorization: `Bearer ${created.token}` } });
    assert.equal(outsiderList.json().signals, undefined);
    assert.ok(!outsiderList.body.includes('73219'));

    const visitor = await t.app.inject({
      method: 'POST',
      url: `/api/pitches/${slug}/signals`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ kind: 'follow' }),
    });
    assert.ok(visitor.statusCode === 401 || visitor.statusCode === 403);
  });

  test('every form on the page works for a member whose browser has lost the CSRF cookie', async () => {
    for (const path of [`/pitches/${slug}`, `/pitches/${slug}/signals`]) {
      outsider.client.cookies.delete('_csrf');
      const page = await outsider.client.get(path);
      assert.equal(page.status, 200, path);
      assert.ok(page.body.includes('id="signals"'), `${path} has the signals section`);
      const tokens = [...page.body.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]!);
      assert.ok(tokens.length >= 2, `${path} has the layout's form and the signal forms`);
      for (const token of new Set(tokens)) {
        const response = await outsider.client.request('POST', `/pitches/${slug}/signals/follow/withdraw`, {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ _csrf: token }).toString(),
        });
        assert.equal(response.status, 303, `a token from ${path} is accepted`);
      }
    }
  });

  test('the signal routes are in the API document', async () => {
    const doc = (await new TestClient(t.app).get('/api/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    assert.ok(doc.paths['/pitches/{slug}/signals.json']?.get);
    assert.ok(doc.paths['/api/pitches/{slug}/signals']?.post);
    assert.ok(doc.paths['/api/pitches/{slug}/signals/{kind}']?.delete);
    assert.ok(doc.paths['/pitches/{slug}/matches.json']?.get);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../db/database.ts';
import { TestClient } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { createAccount } from '../accounts/accounts.commands.ts';

const password = 'a long enough password';

interface Member {
  id: number;
  handle: string;
  client: TestClient;
}

async function member(t: TestHub, name: string, email: string): Promise<Member> {
  const created = await createAccount(t.db, { name, email, password, verified: true });
  assert.ok(created.ok, `creating ${email}`);
  const client = new TestClient(t.app);
  await client.signIn(email, password);
  return { id: created.userId, handle: created.handle, client };
}

async function pitch(db: Database, slug: string, team: number[]): Promise<number> {
  const row = await db
    .insertInto('pitches')
    .values({ slug, kind: 'idea', title: 'Community fridge', summary: 'A pitch to talk about.', status: 'published', author_id: team[0] ?? null, published_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const userId of team) await db.insertInto('pitch_team').values({ pitch_id: row.id, user_id: userId }).execute();
  return row.id;
}

function form(client: TestClient, path: string, fields: Record<string, string>) {
  return client.postForm(path, fields, { csrfFrom: '/settings' });
}

async function post(client: TestClient, pitchId: number, body: string, extra: Record<string, string> = {}): Promise<number> {
  const response = await form(client, `/conversations/pitch/${pitchId}/posts`, { postBody: body, ...extra });
  assert.equal(response.status, 303);
  const match = /#post-(\d+)$/.exec(response.location ?? '');
  assert.ok(match, 'redirect names the post');
  return Number(match[1]);
}

describe('moderation', () => {
  let t: TestHub;
  let admin: TestClient;
  let ada: Member; // the pitch's team: moderates its conversation
  let bob: Member;
  let carol: Member;
  let visitor: TestClient;
  let pitchId: number;

  before(async () => {
    t = await startTestHub();
    admin = await setUpHub(t.app);
    ada = await member(t, 'Ada Lovelace', 'ada@example.org');
    bob = await member(t, 'Bob Builder', 'bob@example.org');
    carol = await member(t, 'Carol Chen', 'carol@example.org');
    visitor = new TestClient(t.app);
    pitchId = await pitch(t.db, 'community-fridge', [ada.id]);
  });
  after(async () => {
    await t?.close();
  });

  test('flag, queue, hide, restore and the audit log', async () => {
    const root = await post(ada.client, pitchId, 'Where shall we put the fridge?');
    const reply = await post(bob.client, pitchId, 'Nasty words about aubergines everywhere.', { parentId: String(root) });

    const pitchPage = await ada.client.get('/pitches/community-fridge');
    assert.match(pitchPage.body, new RegExp(`href="/posts/${reply}/flag"`), 'each post has a Report link');

    const formPage = await carol.client.get(`/posts/${reply}/flag`);
    assert.equal(formPage.status, 200);
    const empty = await form(carol.client, `/posts/${reply}/flag`, { reason: '   ' });
    assert.equal(empty.status, 400);
    assert.match(empty.body, /Say what the problem is/);
    const long = 'x'.repeat(1001);
    const tooLong = await form(carol.client, `/posts/${reply}/flag`, { reason: long });
    assert.equal(tooLong.status, 400);
    assert.ok(tooLong.body.includes(long), 'the text is kept');

    const flagged = await form(carol.client, `/posts/${reply}/flag`, { reason: 'Rude <script>alert(1)</script>' });
    assert.equal(flagged.status, 303);

    const queue = await ada.client.get('/moderation');
    assert.equal(queue.status, 200, 'the pitch team sees the queue');
    assert.match(queue.body, /Post by Bob Builder/);
    assert.ok(!queue.body.includes('<script>alert(1)</script>'), 'the reason is escaped');
    assert.ok(queue.body.includes('Rude &lt;script'));
    const adminQueue = await admin.get('/moderation');
    assert.equal(adminQueue.status, 200);
    assert.match(adminQueue.body, /Post by Bob Builder/);
    const plain = await carol.client.get('/moderation');
    assert.equal(plain.status, 200, 'every member may open the queue');
    assert.ok(!plain.body.includes('Post by Bob Builder'), 'but a plain member sees no reports');
    assert.equal((await visitor.get('/moderation')).status, 302, 'a visitor is sent to sign in');

    const flag = await t.db.selectFrom('flags').select('id').where('subject_id', '=', reply).executeTakeFirstOrThrow();
    assert.equal((await carol.client.get(`/moderation/flags/${flag.id}`)).status, 403);
    assert.equal((await ada.client.get('/moderation/flags/999999')).status, 404);
    assert.equal((await ada.client.get('/moderation/flags/abc')).status, 404);
    assert.equal((await carol.client.get('/posts/999999/flag')).status, 404);

    const noReason = await form(ada.client, `/moderation/flags/${flag.id}/hide`, { reason: '' });
    assert.equal(noReason.status, 400);
    const hidden = await form(ada.client, `/moderation/flags/${flag.id}/hide`, { reason: 'Unkind <b>words</b>' });
    assert.equal(hidden.status, 303);

    const seen = await visitor.get('/pitches/community-fridge');
    assert.match(seen.body, /This post was hidden by a moderator/);
    assert.ok(!seen.body.includes('aubergines'), 'visitors get no text of the hidden post');
    const json = await visitor.get(`/conversations/pitch/${pitchId}.json`);
    assert.equal(json.status, 200);
    assert.ok(!json.body.includes('aubergines'), 'nor in the JSON');
    const search = await visitor.get('/search?q=aubergines');
    assert.ok(!search.body.includes('aubergines everywhere'), 'nor in search');
    assert.ok(!(await carol.client.get('/pitches/community-fridge')).body.includes('aubergines'));

    const own = await bob.client.get('/pitches/community-fridge');
    assert.match(own.body, /Hidden by a moderator: Unkind &lt;b>words&lt;\/b>/);
    assert.ok(own.body.includes('aubergines'), 'the author still sees the post');

    const audit = await admin.get('/admin/audit');
    assert.equal(audit.status, 200);
    assert.match(audit.body, new RegExp(`Hid post ${reply}`));
    assert.match(audit.body, /Ada Lovelace/);
    assert.match(audit.body, /Unkind &lt;b>words/);
    assert.equal((await ada.client.get('/admin/audit')).status, 403, 'only administrators see the log');

    assert.equal((await form(carol.client, `/moderation/posts/${reply}/restore`, {})).status, 403);
    const restored = await form(ada.client, `/moderation/posts/${reply}/restore`, {});
    assert.equal(restored.status, 303);
    assert.ok((await visitor.get('/pitches/community-fridge')).body.includes('aubergines'), 'restored for everyone');
    assert.match((await admin.get('/admin/audit')).body, new RegExp(`Showed post ${reply} again`));
  });

  test('dismissing a report, and reports on members', async () => {
    const p = await post(bob.client, pitchId, 'A perfectly fine post.');
    assert.equal((await form(carol.client, `/posts/${p}/flag`, { reason: 'I disagree' })).status, 303);
    const flag = await t.db.selectFrom('flags').select('id').where('subject_id', '=', p).executeTakeFirstOrThrow();
    assert.equal((await form(ada.client, `/moderation/flags/${flag.id}/dismiss`, {})).status, 303);
    const row = await t.db.selectFrom('flags').select('status').where('id', '=', flag.id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'dismissed');
    assert.match((await admin.get('/admin/audit')).body, new RegExp(`Dismissed report ${flag.id}`));

    const profile = await carol.client.get(`/members/${bob.handle}`);
    assert.match(profile.body, new RegExp(`/members/${bob.handle}/flag`));
    assert.equal((await carol.client.get('/members/nobody-here/flag')).status, 404);
    assert.equal((await form(carol.client, `/members/${bob.handle}/flag`, { reason: 'Spams everyone' })).status, 303);
    const adminQueue = await admin.get('/moderation');
    assert.match(adminQueue.body, /Member Bob Builder/);
    assert.ok(!(await ada.client.get('/moderation')).body.includes('Member Bob Builder'), 'only administrators see member reports');
    const memberFlag = await t.db.selectFrom('flags').select('id').where('subject_type', '=', 'member').executeTakeFirstOrThrow();
    const review = await admin.get(`/moderation/flags/${memberFlag.id}`);
    assert.match(review.body, /href="\/admin\/members\?q=/);
  });

  test('a group’s facilitator moderates its conversation, and only it', async () => {
    const dave = await member(t, 'Dave Digger', 'dave@example.org');
    const group = await t.db
      .insertInto('groups')
      .values({ slug: 'allotment-friends', name: 'Allotment friends', visibility: 'open', local_authority: null, parent_id: null, created_by: dave.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.insertInto('group_members').values({ group_id: group.id, user_id: dave.id, role: 'facilitator', status: 'active' }).execute();
    const response = await form(carol.client, `/conversations/group/${group.id}/posts`, { postBody: 'Turnips are a scam.' });
    assert.equal(response.status, 303);
    const postId = Number(/#post-(\d+)$/.exec(response.location ?? '')?.[1]);
    assert.equal((await form(bob.client, `/posts/${postId}/flag`, { reason: 'Rude about turnips' })).status, 303);
    const pitchPost = await post(bob.client, pitchId, 'Another pitch post.');
    assert.equal((await form(carol.client, `/posts/${pitchPost}/flag`, { reason: 'Off topic' })).status, 303);

    const daveQueue = await dave.client.get('/moderation');
    assert.equal(daveQueue.status, 200);
    assert.match(daveQueue.body, /Rude about turnips/);
    assert.ok(!daveQueue.body.includes('Off topic'), 'a facilitator sees only their group’s reports');
    const adaQueue = await ada.client.get('/moderation');
    assert.ok(adaQueue.body.includes('Off topic'));
    assert.ok(!adaQueue.body.includes('Rude about turnips'));
    const flag = await t.db.selectFrom('flags').select('id').where('subject_id', '=', postId).executeTakeFirstOrThrow();
    assert.equal((await ada.client.get(`/moderation/flags/${flag.id}`)).status, 403);
    assert.equal((await form(dave.client, `/moderation/flags/${flag.id}/hide`, { reason: 'Be kind' })).status, 303);
    const hidden = await t.db.selectFrom('posts').select(['hidden_by', 'hidden_reason']).where('id', '=', postId).executeTakeFirstOrThrow();
    assert.deepEqual(hidden, { hidden_by: dave.id, hidden_reason: 'Be kind' });
  });

  test('blocking stops mention and reply notifications from the blocked member', async () => {
    const root = await post(carol.client, pitchId, 'Carol asks a question.');
    assert.equal((await form(carol.client, `/members/${bob.handle}/block`, {})).status, 303);
    const blockedList = await carol.client.get('/settings/blocked');
    assert.match(blockedList.body, /Bob Builder/);
    await post(bob.client, pitchId, `@${carol.handle} here is my answer`, { parentId: String(root) });
    const notes = await t.db.selectFrom('notifications').select('id').where('user_id', '=', carol.id).execute();
    assert.equal(notes.length, 0, 'no notification from a blocked member');

    assert.equal((await form(carol.client, `/members/${bob.handle}/unblock`, {})).status, 303);
    await post(bob.client, pitchId, `@${carol.handle} once more`, { parentId: String(root) });
    const after = await t.db.selectFrom('notifications').select('id').where('user_id', '=', carol.id).execute();
    assert.ok(after.length > 0, 'notifications come again after unblocking');
    assert.equal((await form(carol.client, `/members/${carol.handle}/block`, {})).status, 404, 'nobody blocks themself');
  });
});

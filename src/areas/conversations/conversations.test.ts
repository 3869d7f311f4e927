import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { TestClient } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { createAccount, deleteAccount } from '../accounts/accounts.commands.ts';
import { createToken } from '../api/api.commands.ts';
import { conversationEvents, type PostCreatedEvent } from './index.ts';
import { linkMentions, mentionCandidates } from './conversations.mentions.ts';
import { conversationSchema, createdPostSchema } from './conversations.schemas.ts';
import { flatten, threadTree } from './conversations.tree.ts';

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

async function pitch(db: Database, input: { slug: string; title: string; status: 'draft' | 'published'; team: number[] }): Promise<number> {
  const row = await db
    .insertInto('pitches')
    .values({
      slug: input.slug,
      kind: 'idea',
      title: input.title,
      summary: 'A pitch to talk about.',
      status: input.status,
      author_id: input.team[0] ?? null,
      published_at: input.status === 'published' ? new Date() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const userId of input.team) await db.insertInto('pitch_team').values({ pitch_id: row.id, user_id: userId }).execute();
  return row.id;
}

/** Posts through the page form and returns the new post's id (from the redirect's #post-N). */
async function post(client: TestClient, pitchId: number, body: string, extra: Record<string, string> = {}): Promise<number> {
  const response = await client.postForm(`/conversations/pitch/${pitchId}/posts`, { postBody: body, ...extra }, { csrfFrom: '/settings' });
  assert.equal(response.status, 303, `posting should redirect, got ${response.status}`);
  const match = /#post-(\d+)$/.exec(response.location ?? '');
  assert.ok(match, `redirect ${response.location} names the post`);
  return Number(match[1]);
}

function form(client: TestClient, path: string, fields: Record<string, string>) {
  return client.postForm(path, fields, { csrfFrom: '/settings' });
}

async function conversation(client: TestClient, pitchId: number, page = 1) {
  const response = await client.get(`/conversations/pitch/${pitchId}.json${page > 1 ? `?page=${page}` : ''}`);
  assert.equal(response.status, 200, `conversation JSON answered ${response.status}`);
  return conversationSchema.parse(response.json());
}

function postIn(data: Awaited<ReturnType<typeof conversation>>, id: number) {
  const found = data.posts.find((p) => p.id === id);
  assert.ok(found, `post ${id} is in the JSON`);
  return found;
}

/** The conversation section of a pitch page (the page the exchange area renders), or ''. */
async function section(client: TestClient, slug: string): Promise<{ status: number; html: string }> {
  const response = await client.get(`/pitches/${slug}`);
  const match = /<section[^>]*id="conversation"[\s\S]*?<\/section>(?![\s\S]*id="conversation")/.exec(response.body);
  const start = response.body.indexOf('id="conversation"');
  return { status: response.status, html: start < 0 ? '' : (match?.[0] ?? response.body.slice(start)) };
}

function postOrder(html: string): number[] {
  return [...html.matchAll(/<article class="post[^"]*" id="post-(\d+)"/g)].map((m) => Number(m[1]));
}

async function pitchPageEmbedsSection(client: TestClient, slug: string) {
  return (await section(client, slug)).html !== '';
}

describe('conversations', () => {
  let t: TestHub;
  let admin: TestClient;
  let ada: Member; // the team of both pitches
  let bob: Member;
  let carol: Member;
  let visitor: TestClient;
  let published: number;
  let draft: number;
  const events: PostCreatedEvent[] = [];
  const listener = (event: PostCreatedEvent) => {
    if (event.app.db === t.db) events.push(event);
  };

  before(async () => {
    t = await startTestHub();
    admin = await setUpHub(t.app);
    ada = await member(t, 'Ada Lovelace', 'ada@example.org');
    bob = await member(t, 'Bob Builder', 'bob@example.org');
    carol = await member(t, 'Carol Chen', 'carol@example.org');
    visitor = new TestClient(t.app);
    published = await pitch(t.db, { slug: 'community-fridge', title: 'Community fridge', status: 'published', team: [ada.id] });
    draft = await pitch(t.db, { slug: 'secret-plan', title: 'Secret plan', status: 'draft', team: [ada.id] });
    conversationEvents.on('post-created', listener);
  });
  after(async () => {
    conversationEvents.off('post-created', listener);
    await t?.close();
  });

  test('threads are kept in order: each post followed by its replies, oldest first', async () => {
    const first = await post(ada.client, published, 'Shall we start with the church hall?');
    const reply1 = await post(bob.client, published, 'Yes, it has a kitchen.', { parentId: String(first) });
    const second = await post(carol.client, published, 'What about insurance?');
    const reply2 = await post(ada.client, published, 'The kitchen is big enough.', { parentId: String(reply1) });
    const reply3 = await post(carol.client, published, 'I can ask the vicar.', { parentId: String(first) });

    const data = await conversation(visitor, published);
    assert.equal(data.postCount, 5);
    assert.equal(postIn(data, reply2).parentId, reply1);
    assert.deepEqual(
      flatten(threadTree(data.posts)).map((node) => node.post.id),
      [first, reply1, reply2, reply3, second],
    );
    const thread = await t.db.selectFrom('threads').selectAll().where('subject_id', '=', published).executeTakeFirstOrThrow();
    assert.equal(thread.post_count, 5);
    assert.ok(thread.last_post_at);
    assert.ok(events.some((e) => e.postId === reply3 && e.subject.type === 'pitch' && e.subject.id === published && e.authorId === carol.id));

    if (await pitchPageEmbedsSection(visitor, 'community-fridge')) {
      const { html } = await section(visitor, 'community-fridge');
      assert.deepEqual(postOrder(html), [first, reply1, reply2, reply3, second]);
      assert.match(html, /<ol class="thread thread--level-3">[\s\S]*?id="post-/, 'the reply to a reply is two levels in');
    }
  });

  test('deep replies are indented four levels at most and say whom they answer', () => {
    const chain = Array.from({ length: 7 }, (_, i) => ({ id: i + 1, parentId: i === 0 ? null : i }));
    const nodes = flatten(threadTree(chain));
    assert.deepEqual(
      nodes.map((node) => node.depth),
      [1, 2, 3, 4, 4, 4, 4],
    );
    assert.deepEqual(
      nodes.map((node) => node.replyTo?.id ?? null),
      [null, null, null, null, 4, 5, 6],
    );
  });

  test('a quote starts the reply with the quoted text and links back to it', async () => {
    const original = await post(carol.client, published, 'The hall is free on **Tuesdays**.\n\nAnd Thursdays.');
    const page = await ada.client.get(`/posts/${original}/reply?quote=1`);
    assert.equal(page.status, 200);
    assert.ok(page.body.includes('>> The hall is free on **Tuesdays**.\n>\n> And Thursdays.\n\n</textarea>'), 'the textarea starts with the quote');
    assert.match(page.body, new RegExp(`name="quoteOf" value="${original}"`));
    assert.match(page.body, new RegExp(`name="parentId" value="${original}"`));

    const quoting = await post(ada.client, published, '> The hall is free on **Tuesdays**.\n\nTuesday it is.', {
      parentId: String(original),
      quoteOf: String(original),
    });
    const data = await conversation(visitor, published);
    const json = postIn(data, quoting);
    assert.equal(json.quoteOf, original);
    assert.match(json.bodyHtml ?? '', /<blockquote>\s*<p>The hall is free on <strong>Tuesdays<\/strong>/);
    if (await pitchPageEmbedsSection(visitor, 'community-fridge')) {
      const { html } = await section(visitor, 'community-fridge');
      assert.match(html, new RegExp(`<a href="/posts/${original}">Quoting Carol Chen</a>`));
    }
    const permalink = await visitor.get(`/posts/${original}`);
    assert.equal(permalink.status, 303);
    assert.equal(permalink.location, `/pitches/community-fridge#post-${original}`);
  });

  test('a mention links to the profile and notifies the member mentioned', async () => {
    const id = await post(bob.client, published, `Thanks @${carol.handle}! Ask @nobody-here, not \`@${ada.handle}\` or carol@example.org.`);
    const json = postIn(await conversation(visitor, published), id);
    assert.ok(json.bodyHtml?.includes(`<a class="mention" href="${t.baseUrl}/members/${carol.handle}">@${carol.handle}</a>`), json.bodyHtml);
    assert.ok(!json.bodyHtml?.includes('/members/nobody-here'));
    assert.ok(!json.bodyHtml?.includes(`/members/${ada.handle}`), 'a handle in code is not a mention');
    const mentions = await t.db.selectFrom('post_mentions').select('user_id').where('post_id', '=', id).execute();
    assert.deepEqual(mentions.map((m) => m.user_id), [carol.id]);
    const notes = await t.db.selectFrom('notifications').selectAll().where('user_id', '=', carol.id).where('kind', '=', 'mention').execute();
    assert.equal(notes.length, 1);
    assert.equal(notes[0]!.url, `/posts/${id}`);
    assert.equal(notes[0]!.subject_type, 'pitch');
    assert.equal(notes[0]!.subject_id, published);
    assert.match(notes[0]!.text, /Bob Builder mentioned you/);

    // The pages link it too.
    const replyPage = await ada.client.get(`/posts/${id}/reply`);
    assert.ok(replyPage.body.includes(`<a class="mention" href="/members/${carol.handle}">@${carol.handle}</a>`));
  });

  test('mentions are found only in text, never in code, links or addresses', () => {
    const safeHtml = '<p>Hi @ada and @Bob-2, <code>@carol</code> <a href="https://x.org">@dan</a> eve@example.org @ada</p>';
    assert.deepEqual(mentionCandidates(safeHtml), ['ada', 'bob-2']);
    assert.equal(
      linkMentions(safeHtml, new Set(['ada'])),
      '<p>Hi <a class="mention" href="/members/ada">@ada</a> and @Bob-2, <code>@carol</code> <a href="https://x.org">@dan</a> eve@example.org <a class="mention" href="/members/ada">@ada</a></p>',
    );
  });

  test('a reply notifies the parent’s author and the followers of the conversation', async () => {
    const question = await post(ada.client, published, 'Who has a van?');
    await form(carol.client, `/conversations/pitch/${published}/follow`, {});
    const before = await t.db.selectFrom('notifications').select('id').where('kind', '=', 'reply').execute();
    const answer = await post(bob.client, published, 'I do.', { parentId: String(question) });
    const notes = await t.db
      .selectFrom('notifications')
      .selectAll()
      .where('kind', '=', 'reply')
      .where('id', 'not in', before.length ? before.map((n) => n.id) : [0])
      .execute();
    const byUser = new Map(notes.map((n) => [n.user_id, n]));
    assert.match(byUser.get(ada.id)?.text ?? '', /Bob Builder replied to your post/);
    assert.match(byUser.get(carol.id)?.text ?? '', /posted in a conversation you follow/);
    assert.ok(!byUser.has(bob.id), 'the author is not told of their own post');
    assert.equal(byUser.get(ada.id)?.url, `/posts/${answer}`);
  });

  test('following and unfollowing a conversation; posting follows it', async () => {
    const thread = await t.db.selectFrom('threads').select('id').where('subject_id', '=', published).executeTakeFirstOrThrow();
    const follows = async (userId: number) =>
      (await t.db.selectFrom('thread_followers').select('user_id').where('thread_id', '=', thread.id).where('user_id', '=', userId).executeTakeFirst()) !== undefined;
    assert.ok(await follows(bob.id), 'posting followed the conversation');
    const unfollowed = await form(bob.client, `/conversations/pitch/${published}/unfollow`, {});
    assert.equal(unfollowed.status, 303);
    assert.equal(unfollowed.location, '/pitches/community-fridge#conversation');
    assert.ok(!(await follows(bob.id)));
    await form(bob.client, `/conversations/pitch/${published}/follow`, {});
    assert.ok(await follows(bob.id));
    await form(bob.client, `/conversations/pitch/${published}/follow`, {});
    assert.ok(await follows(bob.id), 'following twice is harmless');

    // Following a subject no one has posted on yet starts its thread.
    const quiet = await pitch(t.db, { slug: 'quiet-pitch', title: 'Quiet pitch', status: 'published', team: [ada.id] });
    const response = await form(carol.client, `/conversations/pitch/${quiet}/follow`, {});
    assert.equal(response.status, 303);
    const started = await t.db.selectFrom('threads').select(['id', 'post_count']).where('subject_id', '=', quiet).executeTakeFirstOrThrow();
    assert.equal(started.post_count, 0);
    if (await pitchPageEmbedsSection(carol.client, 'quiet-pitch')) {
      const { html } = await section(carol.client, 'quiet-pitch');
      assert.match(html, /Stop following/);
    }
  });

  test('editing keeps the earlier text in the history and marks the post as edited', async () => {
    const id = await post(carol.client, published, 'Meet at 7pm.');
    const editPage = await carol.client.get(`/posts/${id}/edit`);
    assert.equal(editPage.status, 200);
    assert.match(editPage.body, /Meet at 7pm\./);
    assert.equal((await bob.client.get(`/posts/${id}/edit`)).status, 403, 'others may not edit');
    assert.equal((await form(bob.client, `/posts/${id}/edit`, { postBody: 'Hijacked' })).status, 403);

    const saved = await form(carol.client, `/posts/${id}/edit`, { postBody: 'Meet at 7.30pm.' });
    assert.equal(saved.status, 303);
    assert.match(saved.location ?? '', new RegExp(`#post-${id}$`));
    const again = await form(carol.client, `/posts/${id}/edit`, { postBody: 'Meet at 8pm, @' + bob.handle + '.' });
    assert.equal(again.status, 303);
    const json = postIn(await conversation(visitor, published), id);
    assert.ok(json.editedAt);
    assert.equal(json.body, `Meet at 8pm, @${bob.handle}.`);
    const revisions = await t.db.selectFrom('post_revisions').selectAll().where('post_id', '=', id).orderBy('id').execute();
    assert.deepEqual(
      revisions.map((r) => r.body),
      ['Meet at 7pm.', 'Meet at 7.30pm.'],
    );
    assert.equal(revisions[0]!.edited_by, carol.id);
    const search = await t.db
      .selectFrom('posts')
      .select(sql<boolean>`search @@ to_tsquery('english', 'meet & 8pm')`.as('found'))
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(search.found, true, 'the search vector follows the text');
    const mentionNote = await t.db.selectFrom('notifications').select('id').where('user_id', '=', bob.id).where('kind', '=', 'mention').execute();
    assert.equal(mentionNote.length, 1, 'a mention added by an edit notifies');

    const history = await visitor.get(`/posts/${id}/history`);
    assert.equal(history.status, 200);
    const order = ['Meet at 8pm', 'Meet at 7.30pm.', 'Meet at 7pm.'].map((text) => history.body.indexOf(text));
    assert.ok(order.every((index) => index > 0), 'every version is shown');
    assert.deepEqual([...order].sort((a, b) => a - b), order, 'newest first');
    assert.match(history.body, /Current version/);

    // Unchanged text stores no revision; a moderator (the pitch team) may edit too.
    await form(carol.client, `/posts/${id}/edit`, { postBody: `Meet at 8pm, @${bob.handle}.` });
    const moderated = await form(ada.client, `/posts/${id}/edit`, { postBody: 'Meet at 8pm.' });
    assert.equal(moderated.status, 303);
    const after = await t.db.selectFrom('post_revisions').select(['edited_by']).where('post_id', '=', id).orderBy('id').execute();
    assert.deepEqual(
      after.map((r) => r.edited_by),
      [carol.id, carol.id, ada.id],
    );

    if (await pitchPageEmbedsSection(visitor, 'community-fridge')) {
      const { html } = await section(visitor, 'community-fridge');
      assert.ok(html.includes(`<a href="/posts/${id}/history">edited (see earlier versions)</a>`));
    }
  });

  test('an edit with errors comes back with the text kept', async () => {
    const id = await post(carol.client, published, 'Short.');
    const tooLong = 'x'.repeat(10_001);
    const response = await form(carol.client, `/posts/${id}/edit`, { postBody: tooLong });
    assert.equal(response.status, 400);
    assert.ok(response.body.includes(tooLong));
    assert.match(response.body, /too long/);
    const empty = await form(carol.client, `/posts/${id}/edit`, { postBody: '   \r\n ' });
    assert.equal(empty.status, 400);
    assert.match(empty.body, /Write something before posting/);
  });

  test('deleting leaves a placeholder, keeps the replies and removes the text everywhere', async () => {
    const parent = await post(bob.client, published, 'Delete me: zebracrossing');
    const child = await post(carol.client, published, 'A reply that stays.', { parentId: String(parent) });
    const grandchild = await post(ada.client, published, 'And its reply.', { parentId: String(child) });
    await form(ada.client, `/posts/${parent}/react`, { reaction: 'agree' });
    const countBefore = (await conversation(visitor, published)).postCount;

    assert.equal((await carol.client.get(`/posts/${parent}/delete`)).status, 403);
    assert.equal((await form(carol.client, `/posts/${parent}/delete`, {})).status, 403, 'only the author or a moderator');
    const confirm = await bob.client.get(`/posts/${parent}/delete`);
    assert.equal(confirm.status, 200);
    assert.match(confirm.body, /Delete this post\?/);
    const deleted = await form(bob.client, `/posts/${parent}/delete`, {});
    assert.equal(deleted.status, 303);

    const data = await conversation(visitor, published);
    assert.equal(data.postCount, countBefore - 1);
    const json = postIn(data, parent);
    assert.equal(json.deleted, true);
    assert.equal(json.body, undefined);
    assert.equal(json.bodyHtml, undefined);
    assert.equal(json.reactions.agree, 0);
    assert.equal(postIn(data, child).parentId, parent);
    assert.equal(postIn(data, grandchild).parentId, child);
    assert.ok(!JSON.stringify(data).includes('zebracrossing'));

    const row = await t.db.selectFrom('posts').select(['search', 'deleted_at']).where('id', '=', parent).executeTakeFirstOrThrow();
    assert.equal(row.search, '');
    assert.ok(row.deleted_at);
    assert.equal((await visitor.get(`/posts/${parent}/history`)).status, 410);
    assert.equal((await ada.client.get(`/posts/${parent}/reply`)).status, 410);
    assert.equal((await bob.client.get(`/posts/${parent}/edit`)).status, 410);
    assert.equal((await form(bob.client, `/posts/${parent}/delete`, {})).status, 410);
    const replyToDeleted = await form(carol.client, `/conversations/pitch/${published}/posts`, {
      postBody: 'Too late',
      parentId: String(parent),
    });
    assert.equal(replyToDeleted.status, 400);
    assert.match(replyToDeleted.body, /has been deleted/);
    assert.match(replyToDeleted.body, /Too late/);

    if (await pitchPageEmbedsSection(visitor, 'community-fridge')) {
      const { html } = await section(visitor, 'community-fridge');
      assert.ok(!html.includes('zebracrossing'));
      assert.match(html, new RegExp(`id="post-${parent}">\\s*<p class="muted">This post was deleted\\.</p>`));
      const order = postOrder(html);
      assert.deepEqual(order.slice(order.indexOf(parent), order.indexOf(parent) + 3), [parent, child, grandchild]);
    }
  });

  test('reactions toggle and count once per member', async () => {
    const id = await post(ada.client, published, 'React to this.');
    const react = (m: Member, reaction: string) => form(m.client, `/posts/${id}/react`, { reaction });
    assert.equal((await react(bob, 'agree')).status, 303);
    await react(carol, 'agree');
    await react(carol, 'thanks');
    let json = postIn(await conversation(visitor, published), id);
    assert.deepEqual(json.reactions, { agree: 2, insightful: 0, thanks: 1, celebrate: 0 });
    await react(carol, 'agree');
    json = postIn(await conversation(visitor, published), id);
    assert.equal(json.reactions.agree, 1, 'the second press takes the reaction back');
    await react(carol, 'agree');
    await t.db.insertInto('post_reactions').values({ post_id: id, user_id: carol.id, reaction: 'agree' }).onConflict((c) => c.doNothing()).execute();
    json = postIn(await conversation(visitor, published), id);
    assert.equal(json.reactions.agree, 2);
    assert.equal((await react(bob, 'shrug')).status, 400, 'only the fixed reactions');
    assert.equal((await visitor.postForm(`/posts/${id}/react`, { reaction: 'agree' }, { csrfFrom: '/sign-in' })).location?.startsWith('/sign-in'), true);

    if (await pitchPageEmbedsSection(carol.client, 'community-fridge')) {
      const { html } = await section(carol.client, 'community-fridge');
      assert.match(html, /aria-pressed="true"><span aria-hidden="true">👍<\/span> <span>Agree \(2\)<\/span><\/button>/);
      const anonymous = (await section(visitor, 'community-fridge')).html;
      assert.ok(!anonymous.includes('<form'), 'visitors get no forms');
      assert.match(anonymous, /Agree \(2\)/);
      assert.match(anonymous, /Sign in to reply/);
    }
  });

  test('only moderators may mark a post as helpful', async () => {
    const id = await post(carol.client, published, 'Here is the answer.');
    assert.equal((await form(carol.client, `/posts/${id}/helpful`, { helpful: '1' })).status, 403);
    assert.equal((await form(bob.client, `/posts/${id}/helpful`, { helpful: '1' })).status, 403);
    assert.equal(postIn(await conversation(visitor, published), id).helpful, false);
    assert.equal((await form(ada.client, `/posts/${id}/helpful`, { helpful: '1' })).status, 303, 'the pitch team moderates');
    assert.equal(postIn(await conversation(visitor, published), id).helpful, true);
    assert.equal((await form(admin, `/posts/${id}/helpful`, { helpful: '0' })).status, 303, 'so do administrators');
    assert.equal(postIn(await conversation(visitor, published), id).helpful, false);
  });

  test('a draft pitch’s conversation is hidden from everyone outside its team', async () => {
    const secret = await post(ada.client, draft, 'Draft talk: xylophone');
    const token = await createToken(t.db, bob.id, 'Bob’s script');
    assert.ok(token.ok);
    const adaToken = await createToken(t.db, ada.id, 'Ada’s script');
    assert.ok(adaToken.ok);

    for (const client of [visitor, bob.client]) {
      assert.equal((await client.get(`/conversations/pitch/${draft}.json`)).status, 404);
      assert.equal((await client.get(`/conversations/pitch/${draft}`)).status, 404);
      assert.equal((await client.get(`/posts/${secret}/history`)).status, 404);
      assert.equal((await client.get(`/posts/${secret}`)).status, 404);
    }
    assert.equal((await bob.client.get(`/posts/${secret}/reply`)).status, 404);
    assert.equal((await bob.client.get(`/posts/${secret}/reply?quote=1`)).status, 404);
    assert.equal((await bob.client.get(`/posts/${secret}/edit`)).status, 404);
    assert.equal((await form(bob.client, `/conversations/pitch/${draft}/posts`, { postBody: 'Let me in' })).status, 404);
    assert.equal((await form(bob.client, `/posts/${secret}/react`, { reaction: 'agree' })).status, 404);
    assert.equal((await form(bob.client, `/posts/${secret}/helpful`, { helpful: '1' })).status, 404);
    assert.equal((await form(bob.client, `/posts/${secret}/delete`, { })).status, 404);
    assert.equal((await form(bob.client, `/conversations/pitch/${draft}/follow`, {})).status, 404);
    const viaToken = await bob.client.request('GET', `/conversations/pitch/${draft}.json`, { headers: { authorization: `Bearer ${token.token}` } });
    assert.equal(viaToken.status, 404);
    const apiPost = await visitor.request('POST', `/api/conversations/pitch/${draft}/posts`, {
      headers: { authorization: `Bearer ${token.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ body: 'Let me in' }),
    });
    assert.equal(apiPost.status, 404);
    const posts = await t.db.selectFrom('posts').select('body').where('body', '=', 'Let me in').execute();
    assert.equal(posts.length, 0, 'nothing was posted on the draft');

    if (await pitchPageEmbedsSection(ada.client, 'secret-plan')) {
      assert.ok(!(await section(bob.client, 'secret-plan')).html.includes('xylophone'));
      assert.ok(!(await section(visitor, 'secret-plan')).html.includes('xylophone'));
    }

    // The team and administrators see it, by page, JSON and token.
    assert.equal(postIn(await conversation(ada.client, draft), secret).body, 'Draft talk: xylophone');
    assert.equal(postIn(await conversation(admin, draft), secret).body, 'Draft talk: xylophone');
    const teamToken = await visitor.request('GET', `/conversations/pitch/${draft}.json`, { headers: { authorization: `Bearer ${adaToken.token}` } });
    assert.equal(teamToken.status, 200);
    assert.equal((await ada.client.get(`/posts/${secret}/history`)).status, 200);

    // Followers and mentioned members outside the team are not told about posts on a draft.
    await post(ada.client, draft, `Ping @${bob.handle}`);
    const leaked = await t.db.selectFrom('notifications').select('id').where('user_id', '=', bob.id).where('subject_id', '=', draft).execute();
    assert.equal(leaked.length, 0);
  });

  test('posts are sanitised: no scripts, no event handlers, no javascript: links', async () => {
    const payload = '<script>alert(1)</script><img src=x onerror="alert(2)"> [click](javascript:alert(3)) <a href="#" onclick="alert(4)">x</a> "><svg onload=alert(5)>';
    const id = await post(bob.client, published, payload);
    const json = postIn(await conversation(visitor, published), id);
    assert.equal(json.body, payload, 'the Markdown is given back as written');
    for (const html of [json.bodyHtml ?? '', (await ada.client.get(`/posts/${id}/reply`)).body, (await bob.client.get(`/posts/${id}/edit`)).body]) {
      assert.ok(!/<script>alert/i.test(html), 'no script element');
      assert.ok(!/<[^>]+\sonerror=/i.test(html), 'no onerror attribute');
      assert.ok(!/<[^>]+\sonclick=/i.test(html), 'no onclick attribute');
      assert.ok(!/<svg/i.test(html), 'no svg element');
      assert.ok(!/href="javascript:/i.test(html), 'no javascript: link');
    }
    if (await pitchPageEmbedsSection(visitor, 'community-fridge')) {
      const { html } = await section(visitor, 'community-fridge');
      assert.ok(!/<script>alert/i.test(html) && !/<[^>]+\sonerror=/i.test(html));
    }
  });

  test('an over-long or empty post is refused with the text kept', async () => {
    const tooLong = `Start ${'y'.repeat(10_000)}`;
    const response = await form(bob.client, `/conversations/pitch/${published}/posts`, { postBody: tooLong });
    assert.equal(response.status, 400);
    assert.ok(response.body.includes(tooLong), 'the text is kept');
    assert.match(response.body, /class="error-summary"/);
    assert.match(response.body, /too long/);
    const reply = await form(bob.client, `/conversations/pitch/${published}/posts`, { postBody: '', parentId: 'abc' });
    assert.equal(reply.status, 400);
    assert.match(reply.body, /Write something before posting/);
    // Exactly 10,000 characters, with line breaks sent as CRLF, is allowed.
    const lines = Array.from({ length: 100 }, () => 'z'.repeat(99)).join('\r\n');
    assert.equal(lines.replace(/\r\n/g, '\n').length, 9_999);
    await post(bob.client, published, lines);
  });

  test('the same post sent twice quickly is stored once', async () => {
    const first = await post(carol.client, published, 'Double click!');
    const second = await post(carol.client, published, 'Double click!');
    assert.equal(second, first);
    const rows = await t.db.selectFrom('posts').select('id').where('body', '=', 'Double click!').execute();
    assert.equal(rows.length, 1);
  });

  test('unknown posts and subjects are not found', async () => {
    for (const path of ['/posts/999999/history', '/posts/999999', '/posts/abc/history', '/posts/0/history', '/posts/99999999999999999999/history']) {
      assert.equal((await visitor.get(path)).status, 404, path);
    }
    assert.equal((await bob.client.get('/posts/999999/edit')).status, 404);
    assert.equal((await bob.client.get('/posts/999999/reply')).status, 404);
    assert.equal((await form(bob.client, '/posts/999999/react', { reaction: 'agree' })).status, 404);
    assert.equal((await form(bob.client, '/posts/999999/delete', {})).status, 404);
    assert.equal((await visitor.get('/conversations/pitch/999999.json')).status, 404);
    assert.equal((await visitor.get('/conversations/planet/1.json')).status, 404);
    assert.equal((await visitor.get(`/conversations/pitch/${published}.csv`)).status, 404);
    assert.equal((await form(bob.client, '/conversations/pitch/999999/posts', { postBody: 'Hello' })).status, 404);
    assert.equal((await form(bob.client, '/conversations/Pitch/1/posts', { postBody: 'Hello' })).status, 404);
    // A reply may only answer a post of the same conversation.
    const other = await pitch(t.db, { slug: 'other-pitch', title: 'Other pitch', status: 'published', team: [carol.id] });
    const elsewhere = await post(carol.client, other, 'Elsewhere');
    const crossed = await form(bob.client, `/conversations/pitch/${published}/posts`, { postBody: 'Crossed', parentId: String(elsewhere) });
    assert.equal(crossed.status, 400);
  });

  test('a member who deleted their account shows as a former member', async () => {
    const dan = await member(t, 'Dan Departed', 'dan@example.org');
    const id = await post(dan.client, published, 'Goodbye, all.');
    const deleted = await deleteAccount(t.db, dan.id, password);
    assert.ok(deleted.ok);
    const json = postIn(await conversation(visitor, published), id);
    assert.equal(json.author, null);
    assert.equal(json.body, 'Goodbye, all.');
    const replyPage = await ada.client.get(`/posts/${id}/reply`);
    assert.equal(replyPage.status, 200);
    assert.match(replyPage.body, /Reply to A former member/);
    assert.ok(!replyPage.body.includes('Dan Departed'));
    if (await pitchPageEmbedsSection(visitor, 'community-fridge')) {
      const { html } = await section(visitor, 'community-fridge');
      assert.match(html, new RegExp(`id="post-${id}" aria-label="Post by A former member">\\s*<p class="post__meta"><span class="post__author">A former member</span>`));
    }
  });

  test('posting through the API with a token', async () => {
    const token = await createToken(t.db, bob.id, 'Bob’s bot');
    assert.ok(token.ok);
    const api = (body: unknown) =>
      visitor.request('POST', `/api/conversations/pitch/${published}/posts`, {
        headers: { authorization: `Bearer ${token.token}`, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
    const created = await api({ body: 'Posted by a **script**' });
    assert.equal(created.status, 201);
    const { post: json } = createdPostSchema.parse(created.json());
    assert.equal(json.author?.handle, bob.handle);
    assert.equal(json.bodyHtml, '<p>Posted by a <strong>script</strong></p>\n');
    const replied = await api({ body: 'And a reply', parentId: json.id, quoteOf: json.id });
    assert.equal(replied.status, 201);
    assert.equal(createdPostSchema.parse(replied.json()).post.parentId, json.id);

    const invalid = await api({ body: '', parentId: 'x' });
    assert.equal(invalid.status, 400);
    const problem = invalid.json<{ error: string; errors: Record<string, string> }>();
    assert.equal(problem.error, 'invalid');
    assert.equal(problem.errors.body, 'Write something before posting.');
    assert.ok(problem.errors.parentId);
    assert.equal((await api({ body: 'x'.repeat(10_001) })).status, 400);
    assert.equal((await api({ body: 'Orphan', parentId: 999999 })).status, 400);
    const anonymous = await visitor.request('POST', `/api/conversations/pitch/${published}/posts`, {
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ body: 'Hello' }),
    });
    assert.ok(anonymous.status === 401 || anonymous.status === 403, `anonymous API posting answered ${anonymous.status}`);

    const docs = await visitor.get('/api/openapi.json');
    const paths = docs.json<{ paths: Record<string, Record<string, unknown>> }>().paths;
    assert.ok(paths['/conversations/{type}/{id}.json']?.get);
    assert.ok(paths['/api/conversations/{type}/{id}/posts']?.post);
  });

  test('the JSON list is paged', async () => {
    const many = await pitch(t.db, { slug: 'busy-pitch', title: 'Busy pitch', status: 'published', team: [ada.id] });
    const thread = await t.db
      .insertInto('threads')
      .values({ subject_type: 'pitch', subject_id: many, post_count: 101 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('posts')
      .values(Array.from({ length: 101 }, (_, i) => ({ thread_id: thread.id, author_id: ada.id, body: `Post ${i}` })))
      .execute();
    const first = await conversation(visitor, many);
    assert.equal(first.posts.length, 100);
    assert.equal(first.nextPage, 2);
    const second = await conversation(visitor, many, 2);
    assert.equal(second.posts.length, 1);
    assert.equal(second.nextPage, null);
  });
});

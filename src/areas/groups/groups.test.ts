import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestClient, type TestResponse } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { firstLink, type TestSmtp } from '../../test/smtp.ts';
import { createAccount } from '../accounts/accounts.commands.ts';
import { changeParent, createGroup } from './groups.commands.ts';
import { groupListSchema, groupSchema } from './groups.schemas.ts';

const password = 'a long enough password';
const closedMarker = 'CLOSED-SECRET-MARKER-7f3a';
const secretMarker = 'SECRET-GROUP-MARKER-9c1d';
const closedPostMarker = 'CLOSED-POST-MARKER-2b8e';
const secretPostMarker = 'SECRET-POST-MARKER-5e0f';

interface Member {
  id: number;
  handle: string;
  email: string;
  client: TestClient;
}

async function member(t: TestHub, name: string, email: string): Promise<Member> {
  const created = await createAccount(t.db, { name, email, password, verified: true });
  assert.ok(created.ok, `creating ${email}`);
  const client = new TestClient(t.app);
  await client.signIn(email, password);
  return { id: created.userId, handle: created.handle, email, client };
}

const groupFields = (fields: Record<string, string>) => ({ purpose: 'Working together on food.', visibility: 'open', ...fields });

async function newGroup(client: TestClient, fields: Record<string, string>, path = '/groups/new'): Promise<string> {
  const response = await client.postForm(path, groupFields(fields));
  assert.equal(response.status, 303, `creating a group answered ${response.status}: ${response.body.slice(0, 300)}`);
  assert.match(response.location ?? '', /^\/groups\/[a-z0-9-]+$/);
  return response.location!.slice('/groups/'.length);
}

async function groupId(t: TestHub, slug: string): Promise<number> {
  return (await t.db.selectFrom('groups').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
}

async function postIn(client: TestClient, id: number, body: string) {
  const response = await client.postForm(`/conversations/group/${id}/posts`, { postBody: body }, { csrfFrom: '/settings' });
  assert.equal(response.status, 303, `posting answered ${response.status}`);
}

function form(client: TestClient, path: string, fields: Record<string, string> = {}) {
  return client.postForm(path, fields, { csrfFrom: '/settings' });
}

async function status(t: TestHub, slug: string, userId: number) {
  const id = await groupId(t, slug);
  return (await t.db.selectFrom('group_members').select(['status', 'role']).where('group_id', '=', id).where('user_id', '=', userId).executeTakeFirst()) ?? null;
}

describe('groups', () => {
  let t: TestHub<TestSmtp>;
  let admin: TestClient;
  let fiona: Member;
  let maya: Member;
  let otto: Member;
  let rhea: Member;
  let anonymous: TestClient;
  let openSlug: string;
  let closedSlug: string;
  let secretSlug: string;

  before(async () => {
    t = await startTestHub({ smtp: true });
    admin = await setUpHub(t.app);
    fiona = await member(t, 'Fiona Facilitator', 'fiona@example.org');
    maya = await member(t, 'Maya Member', 'maya@example.org');
    otto = await member(t, 'Otto Outsider', 'otto@example.org');
    rhea = await member(t, 'Rhea Requester', 'rhea@example.org');
    anonymous = new TestClient(t.app);
    openSlug = await newGroup(fiona.client, { name: 'Holmfirth food network', tags: 'food, growing' });
    closedSlug = await newGroup(fiona.client, { name: 'Estate regeneration panel', visibility: 'closed', description: `Private plans: ${closedMarker}`, tags: 'housing' });
    secretSlug = await newGroup(fiona.client, { name: `Safeguarding leads ${secretMarker}`, visibility: 'secret', purpose: 'Confidential casework.' });
  });
  after(() => t.close());

  test('the creator is the first facilitator; a group page, JSON and directory show it', async () => {
    assert.deepEqual(await status(t, openSlug, fiona.id), { status: 'active', role: 'facilitator' });
    const page = await anonymous.get(`/groups/${openSlug}`);
    assert.equal(page.status, 200);
    assert.match(page.body, /Holmfirth food network/);
    assert.match(page.body, /Fiona Facilitator/);
    const json = groupSchema.parse((await anonymous.get(`/groups/${openSlug}.json`)).json());
    assert.equal(json.memberCount, 1);
    assert.equal(json.canSeeContent, true);
    assert.deepEqual(json.facilitators.map((f) => f.handle), [fiona.handle]);
    const list = groupListSchema.parse((await anonymous.get('/groups.json?tag=food')).json());
    assert.deepEqual(list.groups.map((g) => g.slug), [openSlug]);
    const searched = groupListSchema.parse((await anonymous.get('/groups.json?q=regeneration')).json());
    assert.deepEqual(searched.groups.map((g) => g.slug), [closedSlug]);
    const csv = await anonymous.get('/groups.csv?visibility=closed');
    assert.equal(csv.status, 200);
    assert.match(csv.headers['content-type'] as string, /text\/csv/);
    assert.match(csv.body, /estate-regeneration-panel/);
    assert.doesNotMatch(csv.body, /holmfirth/);
    assert.match((await anonymous.get('/groups')).body, /href="\/groups\/new"|Groups/);
  });

  test('the new-group form needs signing in, refuses bad input with 400 and keeps what was typed', async () => {
    const anon = await anonymous.get('/groups/new');
    assert.equal(anon.status, 302);
    assert.match(anon.location ?? '', /^\/sign-in\?next=/);
    const response = await otto.client.postForm('/groups/new', { name: '', purpose: 'x'.repeat(501), visibility: 'public', description: 'Kept text 123' });
    assert.equal(response.status, 400);
    assert.match(response.body, /class="error-summary"/);
    assert.match(response.body, /Enter a name for the group\./);
    assert.match(response.body, /at most 500 characters/);
    assert.match(response.body, /Choose who can see and join the group\./);
    assert.match(response.body, /Kept text 123/);
    const long = await otto.client.postForm('/groups/new', groupFields({ name: 'n'.repeat(101) }));
    assert.equal(long.status, 400);
  });

  test('unknown or malformed slugs and filters answer 404 or 400, never 500', async () => {
    assert.equal((await anonymous.get('/groups/no-such-group')).status, 404);
    assert.equal((await anonymous.get('/groups/no-such-group.json')).status, 404);
    assert.equal((await anonymous.get('/groups/Bad%20Slug!')).status, 404);
    assert.equal((await anonymous.get(`/groups/${openSlug}.csv`)).status, 404);
    assert.equal((await anonymous.get('/groups?visibility=public')).status, 400);
    assert.equal((await anonymous.get('/groups.json?page=abc')).status, 400);
    assert.equal((await fiona.client.postForm(`/groups/${openSlug}/members/nobody-here/remove`, {}, { csrfFrom: '/settings' })).status, 404);
    assert.equal((await anonymous.get('/invitations/short')).status, 404);
    assert.equal((await anonymous.get(`/invitations/${'a'.repeat(43)}`)).status, 404);
  });

  test('an XSS payload in a group is escaped everywhere it is shown', async () => {
    const payload = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const slug = await newGroup(fiona.client, { name: `Xss ${payload}`, purpose: payload, description: payload, tags: payload.slice(0, 30) });
    for (const path of [`/groups/${slug}`, '/groups']) {
      const body = (await anonymous.get(path)).body;
      assert.doesNotMatch(body, /<script>alert/);
      assert.doesNotMatch(body, /<img src=x onerror/);
      assert.match(body, /&lt;script(&gt;|>)alert/);
    }
  });

  test('open groups are joined at once; leaving works; a secret group cannot be joined by asking', async () => {
    const joined = await form(otto.client, `/groups/${openSlug}/join`);
    assert.equal(joined.status, 303);
    assert.deepEqual(await status(t, openSlug, otto.id), { status: 'active', role: 'member' });
    assert.equal(groupSchema.parse((await anonymous.get(`/groups/${openSlug}.json`)).json()).memberCount, 2);
    await form(otto.client, `/groups/${openSlug}/leave`);
    assert.equal(await status(t, openSlug, otto.id), null);
    assert.equal((await form(otto.client, `/groups/${secretSlug}/join`)).status, 404);
    assert.equal(await status(t, secretSlug, otto.id), null);
  });

  test('closed groups: a request waits for a facilitator, who approves or declines it on the group page', async () => {
    const outsiderView = await maya.client.get(`/groups/${closedSlug}`);
    assert.match(outsiderView.body, /Ask to join/);
    await form(maya.client, `/groups/${closedSlug}/join`);
    await form(rhea.client, `/groups/${closedSlug}/join`);
    assert.deepEqual(await status(t, closedSlug, maya.id), { status: 'pending', role: 'member' });
    const pending = await maya.client.get(`/groups/${closedSlug}`);
    assert.doesNotMatch(pending.body, new RegExp(closedMarker), 'a pending request does not open the content');
    const facilitatorPage = await fiona.client.get(`/groups/${closedSlug}`);
    assert.match(facilitatorPage.body, new RegExp(`/groups/${closedSlug}/members/${maya.handle}/approve`));
    assert.match(facilitatorPage.body, /Rhea Requester/);
    // Only facilitators decide.
    assert.equal((await form(otto.client, `/groups/${closedSlug}/members/${rhea.handle}/approve`)).status, 403);
    await form(fiona.client, `/groups/${closedSlug}/members/${maya.handle}/approve`);
    await form(fiona.client, `/groups/${closedSlug}/members/${rhea.handle}/decline`);
    assert.deepEqual(await status(t, closedSlug, maya.id), { status: 'active', role: 'member' });
    assert.equal(await status(t, closedSlug, rhea.id), null);
    const memberPage = await maya.client.get(`/groups/${closedSlug}`);
    assert.match(memberPage.body, new RegExp(closedMarker));
  });

  test('the last facilitator cannot leave or step down; after appointing another they can', async () => {
    const slug = await newGroup(fiona.client, { name: 'Allotment rota' });
    await form(maya.client, `/groups/${slug}/join`);
    const left = await form(fiona.client, `/groups/${slug}/leave`);
    assert.equal(left.status, 303);
    assert.deepEqual(await status(t, slug, fiona.id), { status: 'active', role: 'facilitator' });
    assert.match((await fiona.client.get(`/groups/${slug}`)).body, /at least one facilitator/);
    await form(fiona.client, `/groups/${slug}/members/${maya.handle}/make-facilitator`);
    assert.deepEqual(await status(t, slug, maya.id), { status: 'active', role: 'facilitator' });
    await form(fiona.client, `/groups/${slug}/leave`);
    assert.equal(await status(t, slug, fiona.id), null);
    await form(maya.client, `/groups/${slug}/members/${maya.handle}/make-member`);
    assert.deepEqual(await status(t, slug, maya.id), { status: 'active', role: 'facilitator' }, 'the last facilitator cannot step down');
    await form(otto.client, `/groups/${slug}/join`);
    await form(maya.client, `/groups/${slug}/members/${otto.handle}/remove`);
    assert.equal(await status(t, slug, otto.id), null);
  });

  test('invitations by email: a member joins by the link; a newcomer signs up through it and lands in the group; each link works once', async () => {
    // Only facilitators invite to a secret group.
    assert.equal((await otto.client.get(`/groups/${secretSlug}/invite`)).status, 404);
    const bad = await fiona.client.postForm(`/groups/${secretSlug}/invite`, { email: 'not an address' });
    assert.equal(bad.status, 400);
    assert.match(bad.body, /not an address/);

    assert.equal((await fiona.client.postForm(`/groups/${secretSlug}/invite`, { email: maya.email })).status, 303);
    const toMaya = await t.smtp.waitForEmail((m) => m.to.includes(maya.email));
    const mayaLink = new URL(firstLink(toMaya.text, '/invitations/'));
    const invitationPage = await maya.client.get(mayaLink.pathname);
    assert.equal(invitationPage.status, 200);
    assert.match(invitationPage.body, /Join the group/);
    const accepted = await maya.client.postForm(`${mayaLink.pathname}/accept`, {}, { csrfFrom: mayaLink.pathname });
    assert.equal(accepted.status, 303);
    assert.equal(accepted.location, `/groups/${secretSlug}`);
    assert.deepEqual(await status(t, secretSlug, maya.id), { status: 'active', role: 'member' });
    // Used once: nobody else can use it again.
    assert.equal((await otto.client.get(mayaLink.pathname)).status, 410);
    assert.equal((await otto.client.postForm(`${mayaLink.pathname}/accept`, {}, { csrfFrom: '/settings' })).status, 410);
    assert.equal(await status(t, secretSlug, otto.id), null);

    // A newcomer, invited to the closed group.
    assert.equal((await fiona.client.postForm(`/groups/${closedSlug}/invite`, { email: 'newbie@example.org' })).status, 303);
    const toNewbie = await t.smtp.waitForEmail((m) => m.to.includes('newbie@example.org'));
    const link = new URL(firstLink(toNewbie.text, '/invitations/'));
    const newbie = new TestClient(t.app);
    const landing = await newbie.get(link.pathname);
    assert.equal(landing.status, 200);
    assert.match(landing.body, /Create an account to join Estate regeneration panel/);
    const signUpPath = `/sign-up?next=${encodeURIComponent(link.pathname)}`;
    assert.ok(landing.body.includes(signUpPath.replace(/&/g, '&amp;')), 'the page links to sign-up with next');
    const signUpForm = await newbie.get(signUpPath);
    assert.match(signUpForm.body, new RegExp(`name="next" value="${link.pathname}"`));
    const signedUp = await newbie.postForm('/sign-up', { name: 'Nia Newcomer', email: 'newbie@example.org', password, next: link.pathname }, { csrfFrom: signUpPath });
    assert.equal(signedUp.status, 303);
    assert.equal(signedUp.location, link.pathname);
    const join = await newbie.postForm(`${link.pathname}/accept`, {}, { csrfFrom: link.pathname });
    assert.equal(join.location, `/groups/${closedSlug}`);
    const nia = await t.db.selectFrom('users').select('id').where('email', '=', 'newbie@example.org').executeTakeFirstOrThrow();
    assert.deepEqual(await status(t, closedSlug, nia.id), { status: 'active', role: 'member' });
    assert.match((await newbie.get(`/groups/${closedSlug}`)).body, new RegExp(closedMarker));

    // Ordinary members may not invite to a closed group; the link holder joins whatever address it went to.
    assert.equal((await maya.client.get(`/groups/${closedSlug}/invite`)).status, 403);
    assert.equal((await fiona.client.postForm(`/groups/${closedSlug}/invite`, { email: 'someone-else@example.org' })).status, 303);
    const forwarded = new URL(firstLink((await t.smtp.waitForEmail((m) => m.to.includes('someone-else@example.org'))).text, '/invitations/'));
    assert.equal((await rhea.client.postForm(`${forwarded.pathname}/accept`, {}, { csrfFrom: forwarded.pathname })).status, 303);
    assert.deepEqual(await status(t, closedSlug, rhea.id), { status: 'active', role: 'member' });
    assert.equal((await otto.client.postForm(`${forwarded.pathname}/accept`, {}, { csrfFrom: '/settings' })).status, 410);
    await form(rhea.client, `/groups/${closedSlug}/leave`);
    assert.equal(await status(t, closedSlug, rhea.id), null);

    // An unsafe next is ignored.
    const other = new TestClient(t.app);
    const offsite = await other.postForm('/sign-up', { name: 'Sam', email: 'sam@example.org', password, next: '//evil.example/' }, { csrfFrom: '/sign-up' });
    assert.equal(offsite.location, '/settings/profile');
  });

  test('sub-groups are never more open than their parent, and show on the parent page to those who may see them', async () => {
    const tooOpen = await fiona.client.postForm(`/groups/${closedSlug}/subgroups/new`, groupFields({ name: 'Too open', visibility: 'open' }));
    assert.equal(tooOpen.status, 400);
    assert.match(tooOpen.body, /cannot be more open/);
    assert.match(tooOpen.body, /Too open/);
    const subSlug = await newGroup(fiona.client, { name: 'Tenants sub-panel', visibility: 'secret' }, `/groups/${closedSlug}/subgroups/new`);
    assert.equal((await maya.client.get(`/groups/${closedSlug}/subgroups/new`)).status, 403);
    assert.match((await fiona.client.get(`/groups/${closedSlug}`)).body, /Tenants sub-panel/);
    assert.doesNotMatch((await maya.client.get(`/groups/${closedSlug}`)).body, /Tenants sub-panel/, 'a secret sub-group is hidden from non-members');
    assert.equal((await maya.client.get(`/groups/${subSlug}`)).status, 404);
    const json = groupSchema.parse((await fiona.client.get(`/groups/${subSlug}.json`)).json());
    assert.equal(json.parent?.slug, closedSlug);

    // Moving and editing keep the rule.
    const loose = await createGroup(t.db, fiona.id, { name: 'Loose', purpose: 'p', description: '', welcome: '', visibility: 'open', tags: [], place: '', localAuthority: null });
    assert.ok(loose.ok);
    const closedId = await groupId(t, closedSlug);
    assert.deepEqual(await changeParent(t.db, loose.id, closedId), { ok: false, error: 'wider-than-parent' });
    assert.deepEqual(await changeParent(t.db, closedId, loose.id), { ok: true });
    assert.deepEqual(await changeParent(t.db, loose.id, closedId), { ok: false, error: 'loop' });
    assert.deepEqual(await changeParent(t.db, closedId, null), { ok: true });
    const openChild = await createGroup(t.db, fiona.id, { name: 'Child', purpose: 'p', description: '', welcome: '', visibility: 'open', tags: [], place: '', localAuthority: null }, loose.id);
    assert.ok(openChild.ok);
    const narrowed = await fiona.client.postForm('/groups/loose/edit', groupFields({ name: 'Loose', visibility: 'closed' }));
    assert.equal(narrowed.status, 400);
    assert.match(narrowed.body, /sub-groups that are more open/);
  });

  test(`closed and secret content appears in no response for visitors and outsiders, but does for members`, async () => {
    const closedId = await groupId(t, closedSlug);
    const secretId = await groupId(t, secretSlug);
    await postIn(maya.client, closedId, `${closedPostMarker} quokkaword and hello @${otto.handle}`);
    await postIn(maya.client, secretId, `${secretPostMarker} quokkaword and hello @${otto.handle}`);
    // The activity stream asks each subject type who may see an item.
    await t.db
      .insertInto('activities')
      .values([
        { verb: 'posted', actor_id: maya.id, subject_type: 'group', subject_id: closedId, summary: closedPostMarker },
        { verb: 'posted', actor_id: maya.id, subject_type: 'group', subject_id: secretId, summary: secretPostMarker },
      ])
      .execute();
    // Notifications are shown only while their subject may be seen (e.g. after someone left the group).
    for (const userId of [otto.id, rhea.id, maya.id]) {
      await t.db
        .insertInto('notifications')
        .values({ user_id: userId, kind: 'mention', actor_id: maya.id, subject_type: 'group', subject_id: closedId, text: closedPostMarker, url: `/groups/${closedSlug}` })
        .execute();
    }

    const paths = [
      '/groups',
      '/groups.json',
      '/groups.csv',
      '/groups?visibility=secret',
      `/groups/${closedSlug}`,
      `/groups/${closedSlug}.json`,
      `/groups/${secretSlug}`,
      `/groups/${secretSlug}.json`,
      // The search page repeats the words searched for, so it searches for another word in the posts.
      '/search?q=quokkaword',
      '/search.json?q=quokkaword',
      '/activity',
      '/activity.json',
      `/conversations/group/${closedId}.json`,
      `/conversations/group/${secretId}.json`,
      `/conversations/group/${closedId}`,
      '/notifications',
    ];
    const markers = [closedMarker, secretMarker, closedPostMarker, secretPostMarker];
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const [who, client] of [
      ['a visitor', anonymous],
      ['an outsider', otto.client],
      ['a declined requester', rhea.client],
    ] as const) {
      for (const path of paths) {
        const response: TestResponse = await client.get(path);
        for (const marker of markers) assert.ok(!response.body.includes(marker), `${who} sees ${marker} on ${path} (${response.status})`);
      }
    }
    // A secret group is indistinguishable from one that does not exist.
    const secret = await anonymous.get(`/groups/${secretSlug}`);
    const missing = await anonymous.get('/groups/no-such-group-at-all');
    assert.equal(secret.status, 404);
    assert.equal(secret.body, missing.body);
    assert.equal((await otto.client.get(`/groups/${secretSlug}.json`)).status, 404);
    // A closed group shows its outline to outsiders.
    const outline = groupSchema.parse((await otto.client.get(`/groups/${closedSlug}.json`)).json());
    assert.equal(outline.canSeeContent, false);
    assert.equal(outline.description, null);
    assert.equal(outline.members, null);
    assert.ok(outline.memberCount >= 2);
    assert.match((await otto.client.get(`/groups/${closedSlug}`)).body, /Ask to join/);

    // Members see it all.
    const seen = async (client: TestClient, path: string, marker: string) => assert.ok((await client.get(path)).body.includes(marker), `member misses ${marker} on ${path}`);
    await seen(maya.client, `/groups/${closedSlug}`, closedMarker);
    await seen(maya.client, `/groups/${closedSlug}`, closedPostMarker);
    await seen(maya.client, `/groups/${closedSlug}.json`, closedMarker);
    await seen(maya.client, `/groups/${secretSlug}`, secretMarker);
    await seen(maya.client, `/groups/${secretSlug}`, secretPostMarker);
    await seen(maya.client, '/groups', secretMarker);
    await seen(maya.client, '/groups.json', secretMarker);
    await seen(maya.client, '/groups.csv', secretMarker);
    await seen(maya.client, `/conversations/group/${closedId}.json`, closedPostMarker);
    await seen(maya.client, `/conversations/group/${secretId}.json`, secretPostMarker);
    await seen(maya.client, '/activity.json', closedPostMarker);
    await seen(fiona.client, '/activity', secretPostMarker);
    await seen(maya.client, '/notifications', closedPostMarker);
    // Hub administrators see secret groups too.
    await seen(admin, '/groups.json', secretMarker);
    // Outsiders cannot post either.
    const posted = await otto.client.postForm(`/conversations/group/${closedId}/posts`, { postBody: 'let me in' }, { csrfFrom: '/settings' });
    assert.ok(posted.status === 404 || posted.status === 403, `an outsider's post answered ${posted.status}`);
  });
});

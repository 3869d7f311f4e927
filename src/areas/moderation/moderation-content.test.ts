/**
 * Moderation beyond posts: reporting and hiding pitches and knowledge pages (gone everywhere for
 * everyone but their authors, their moderators and administrators), removing an author from a
 * group and suspending them from the review page, the queue for members who moderate nothing, and
 * search across group conversations. Unique marker words in hidden and private content are looked
 * for in every response.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestClient, type TestResponse } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { createAccount } from '../accounts/accounts.commands.ts';
import { searchResultsSchema } from '../exchange/pitches.schemas.ts';

const password = 'a long enough password';
const settings = { csrfFrom: '/settings' };
const tag = 'modtagzq';

interface Member {
  id: number;
  handle: string;
  name: string;
  client: TestClient;
}

async function member(t: TestHub, name: string, email: string): Promise<Member> {
  const created = await createAccount(t.db, { name, email, password, verified: true });
  assert.ok(created.ok, `creating ${email}`);
  const client = new TestClient(t.app);
  await client.signIn(email, password);
  return { id: created.userId, handle: created.handle, name, client };
}

async function newGroup(t: TestHub, client: TestClient, name: string, visibility: string): Promise<{ slug: string; id: number }> {
  const response = await client.postForm('/groups/new', { name, purpose: 'Working together.', visibility });
  assert.equal(response.status, 303, `creating a group answered ${response.status}`);
  const slug = response.location!.slice('/groups/'.length);
  const row = await t.db.selectFrom('groups').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  return { slug, id: row.id };
}

/** Puts a member straight into a group, as an active member. */
async function addToGroup(t: TestHub, groupId: number, userId: number) {
  await t.db.insertInto('group_members').values({ group_id: groupId, user_id: userId, role: 'member', status: 'active' }).execute();
}

async function newPitch(t: TestHub, client: TestClient, title: string, body: string, groupId: number | null): Promise<{ slug: string; id: number }> {
  const response = await client.postForm('/pitches/new', {
    kind: 'idea',
    title,
    summary: 'A plot for everyone.',
    body,
    terms: 'free',
    stage: 'idea',
    tags: tag,
    group: groupId === null ? '' : String(groupId),
    action: 'publish',
  });
  assert.equal(response.status, 303, `pitching answered ${response.status}: ${response.body.slice(0, 300)}`);
  const slug = response.location!.slice('/pitches/'.length);
  const row = await t.db.selectFrom('pitches').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  return { slug, id: row.id };
}

async function postIn(client: TestClient, type: string, id: number, body: string): Promise<number> {
  const response = await client.postForm(`/conversations/${type}/${id}/posts`, { postBody: body }, settings);
  assert.equal(response.status, 303, `posting answered ${response.status}`);
  const match = /#post-(\d+)$/.exec(response.location ?? '');
  assert.ok(match, 'the redirect names the post');
  return Number(match[1]);
}

async function flagId(t: TestHub, type: string, id: number): Promise<number> {
  const row = await t.db.selectFrom('flags').select('id').where('subject_type', '=', type as 'post').where('subject_id', '=', id).orderBy('id', 'desc').executeTakeFirstOrThrow();
  return row.id;
}

interface Place {
  path: string;
  /** Where the thing itself is gone: a 404 rather than a page without it. */
  gone?: boolean;
  /** A page for members only: visitors are sent to sign in before anything is looked up. */
  membersOnly?: boolean;
}

/** No marker on any of the places (and the places answer without a server error). */
async function assertAbsent(client: TestClient, who: string, markers: string[], places: Place[]) {
  for (const place of places) {
    const response: TestResponse = await client.get(place.path);
    if (place.membersOnly && !client.signedIn) assert.match(response.location ?? '', /^\/sign-in\?next=/, `${who}: ${place.path}`);
    else if (place.gone) assert.equal(response.status, 404, `${who}: ${place.path} answered ${response.status}`);
    else assert.ok(response.status < 500, `${who}: ${place.path} answered ${response.status}`);
    for (const marker of markers) assert.ok(!response.body.toLowerCase().includes(marker), `${who} sees ${marker} on ${place.path}`);
  }
}

async function assertPresent(client: TestClient, who: string, marker: string, paths: string[]) {
  for (const path of paths) {
    const response = await client.get(path);
    assert.equal(response.status, 200, `${who}: ${path} answered ${response.status}`);
    assert.ok(response.body.toLowerCase().includes(marker), `${who} misses ${marker} on ${path}`);
  }
}

/** Every place a pitch could show, with its own page, data and conversation gone when it may not be seen. */
function pitchPlaces(slug: string, id: number, words: string[]): Place[] {
  return [
    { path: '/' },
    { path: '/pitches' },
    { path: '/pitches.json' },
    { path: '/pitches.csv' },
    { path: '/pitches.rss' },
    { path: '/pitches.atom' },
    { path: `/tags/${tag}` },
    { path: `/tags/${tag}.json` },
    { path: `/tags/${tag}.rss` },
    // The search page repeats the words looked for: these words are not the markers.
    ...words.flatMap((word) => [{ path: `/search?q=${word}` }, { path: `/search.json?q=${word}` }]),
    { path: '/activity' },
    { path: '/activity.json' },
    { path: '/activity.rss' },
    { path: '/activity.atom' },
    { path: '/notifications' },
    { path: `/pitches/${slug}`, gone: true },
    { path: `/pitches/${slug}.json`, gone: true },
    { path: `/api/pitches/${slug}`, gone: true },
    { path: `/pitches/${slug}/signals.json`, gone: true },
    { path: `/pitches/${slug}/matches.json`, gone: true },
    { path: `/pitches/${slug}/flag`, gone: true, membersOnly: true },
    { path: `/conversations/pitch/${id}.json`, gone: true },
  ];
}

describe('moderating pitches, pages and group members', () => {
  let t: TestHub;
  let admin: TestClient;
  let visitor: TestClient;
  let fiona: Member; // facilitates the closed and secret groups
  let gus: Member; // facilitates another group only
  let maya: Member; // member of the closed group; pitches into it
  let sam: Member; // member of the closed group; posts in its conversation
  let rhea: Member; // member of the closed group; reports things
  let nia: Member; // member of every group; posts in each
  let pat: Member; // pitches to the whole hub, writes a knowledge page
  let carol: Member; // reports things, writes the page Pat's page links to
  let otto: Member; // an outsider who moderates nothing
  let closed: { slug: string; id: number };
  let secret: { slug: string; id: number };
  let open: { slug: string; id: number };
  let other: { slug: string; id: number };

  before(async () => {
    t = await startTestHub();
    admin = await setUpHub(t.app);
    visitor = new TestClient(t.app);
    fiona = await member(t, 'Fiona Facilitator', 'fiona@example.org');
    gus = await member(t, 'Gus Elsewhere', 'gus@example.org');
    maya = await member(t, 'Maya Member', 'maya@example.org');
    sam = await member(t, 'Sam Poster', 'sam@example.org');
    rhea = await member(t, 'Rhea Reporter', 'rhea@example.org');
    nia = await member(t, 'Nia Neighbour', 'nia@example.org');
    pat = await member(t, 'Pat Pitcher', 'pat@example.org');
    carol = await member(t, 'Carol Chen', 'carol@example.org');
    otto = await member(t, 'Otto Outsider', 'otto@example.org');
    closed = await newGroup(t, fiona.client, 'Estate panel', 'closed');
    secret = await newGroup(t, fiona.client, 'Safeguarding leads', 'secret');
    open = await newGroup(t, fiona.client, 'Food network', 'open');
    other = await newGroup(t, gus.client, 'Cycling club', 'open');
    for (const person of [maya, sam, rhea, nia]) await addToGroup(t, closed.id, person.id);
    await addToGroup(t, secret.id, nia.id);
    await addToGroup(t, open.id, nia.id);
  });
  after(async () => {
    await t?.close();
  });

  test('a member who moderates nothing gets an empty queue that says why; a visitor is asked to sign in', async () => {
    const queue = await otto.client.get('/moderation');
    assert.equal(queue.status, 200);
    assert.match(queue.body, /<h1>Moderation<\/h1>/);
    assert.match(queue.body, /There is nothing here for you/);
    assert.doesNotMatch(queue.body, /Hidden posts/);
    const anonymous = await visitor.get('/moderation');
    assert.equal(anonymous.status, 302);
    assert.equal(anonymous.location, '/sign-in?next=%2Fmoderation');
    assert.equal((await visitor.get('/moderation.json', { headers: { accept: 'application/json' } })).status, 404);
  });

  test('a hub pitch is reported, hidden by an administrator, gone for everyone but its team, and shown again', async () => {
    const marker = 'hubpitchmarkerzq';
    const postMarker = 'hubpitchpostmarkerzq';
    const pitch = await newPitch(t, pat.client, `Bike library ${marker}`, `Lending quagga bikes. ${marker}`, null);
    await postIn(otto.client, 'pitch', pitch.id, `okapi rides are fun ${postMarker}`);
    await assertPresent(visitor, 'visitor before hiding', marker, ['/pitches', '/pitches.rss', '/search?q=quagga', '/activity']);

    const page = await carol.client.get(`/pitches/${pitch.slug}`);
    assert.match(page.body, new RegExp(`href="/pitches/${pitch.slug}/flag">Report this pitch<`));
    assert.doesNotMatch((await pat.client.get(`/pitches/${pitch.slug}`)).body, /Report this pitch/, 'not for its own team');
    assert.doesNotMatch((await visitor.get(`/pitches/${pitch.slug}`)).body, /Report this pitch/, 'not for visitors');
    assert.equal((await visitor.get(`/pitches/${pitch.slug}/flag`)).status, 302, 'a visitor is asked to sign in');
    assert.equal((await carol.client.get('/pitches/no-such-pitch/flag')).status, 404);
    assert.equal((await carol.client.get('/pitches/Not%20A%20Slug!/flag')).status, 404);
    const form = await carol.client.get(`/pitches/${pitch.slug}/flag`);
    assert.equal(form.status, 200);
    assert.match(form.body, /Report the pitch “Bike library/);
    const empty = await carol.client.postForm(`/pitches/${pitch.slug}/flag`, { reason: ' ' });
    assert.equal(empty.status, 400);
    assert.match(empty.body, /Say what the problem is/);
    const flagged = await carol.client.postForm(`/pitches/${pitch.slug}/flag`, { reason: 'Looks like an advert <i>really</i>' });
    assert.equal(flagged.status, 303);
    assert.equal(flagged.location, `/pitches/${pitch.slug}`);
    const flag = await flagId(t, 'pitch', pitch.id);

    // A hub-wide pitch is for administrators only; a group's facilitator does not see it.
    assert.doesNotMatch((await fiona.client.get('/moderation')).body, /Bike library/);
    assert.equal((await fiona.client.get(`/moderation/flags/${flag}`)).status, 403);
    assert.equal((await pat.client.get(`/moderation/flags/${flag}`)).status, 403, 'nor its own team');
    const queue = await admin.get('/moderation');
    assert.match(queue.body, new RegExp(`href="/moderation/flags/${flag}">Pitch “Bike library ${marker}”<`));
    assert.ok(queue.body.includes('Looks like an advert &lt;i>really&lt;/i>'), 'the reason is escaped');
    const review = await admin.get(`/moderation/flags/${flag}`);
    assert.equal(review.status, 200);
    assert.match(review.body, /Hide the pitch/);
    assert.match(review.body, /Suspend Pat Pitcher/);
    assert.doesNotMatch(review.body, /Remove Pat Pitcher/, 'a hub pitch is in no group');

    const noReason = await admin.postForm(`/moderation/flags/${flag}/hide`, { reason: '' }, { csrfFrom: `/moderation/flags/${flag}` });
    assert.equal(noReason.status, 400);
    assert.match(noReason.body, /class="error-summary"/);
    const hidden = await admin.postForm(`/moderation/flags/${flag}/hide`, { reason: 'Misleading <b>claims</b>' }, { csrfFrom: `/moderation/flags/${flag}` });
    assert.equal(hidden.status, 303);
    assert.equal(hidden.location, `/moderation/flags/${flag}`);
    const row = await t.db.selectFrom('pitches').select(['hidden_at', 'hidden_reason']).where('id', '=', pitch.id).executeTakeFirstOrThrow();
    assert.ok(row.hidden_at);
    assert.equal(row.hidden_reason, 'Misleading <b>claims</b>');
    assert.equal((await t.db.selectFrom('flags').select('status').where('id', '=', flag).executeTakeFirstOrThrow()).status, 'resolved');

    const places = pitchPlaces(pitch.slug, pitch.id, ['quagga', 'okapi']);
    for (const [who, client] of [
      ['a visitor', visitor],
      ['an outsider', otto.client],
      ['the reporter', carol.client],
      ['a facilitator of a group', fiona.client],
    ] as const) {
      await assertAbsent(client, who, [marker, postMarker], places);
    }

    // Its team still reads it, told why; feeds carry only what everyone may see.
    const own = await pat.client.get(`/pitches/${pitch.slug}`);
    assert.equal(own.status, 200);
    assert.ok(own.body.includes(marker));
    assert.match(own.body, /A moderator has hidden this pitch/);
    assert.ok(own.body.includes('The reason given: Misleading &lt;b>claims&lt;/b>'));
    assert.doesNotMatch(own.body, /Review it or show it again/);
    const ownJson = (await pat.client.get(`/pitches/${pitch.slug}.json`)).json<{ hidden?: { reason: string } }>();
    assert.equal(ownJson.hidden?.reason, 'Misleading <b>claims</b>');
    await assertPresent(pat.client, 'its author', marker, ['/pitches', '/pitches.json', '/pitches.csv', `/tags/${tag}`, '/search?q=quagga', '/search.json?q=quagga', '/activity']);
    await assertPresent(pat.client, 'its author', postMarker, [`/conversations/pitch/${pitch.id}.json`]);
    await assertAbsent(pat.client, 'its author, in feeds', [marker], [{ path: '/pitches.rss' }, { path: '/pitches.atom' }, { path: '/activity.rss' }]);
    const notes = await pat.client.get('/notifications');
    assert.ok(notes.body.includes(`A moderator hid your pitch “Bike library ${marker}”. Open it to see why.`));
    const email = await t.db.selectFrom('notifications').select(['kind', 'actor_id']).where('user_id', '=', pat.id).where('kind', '=', 'moderation').executeTakeFirstOrThrow();
    assert.deepEqual(email, { kind: 'moderation', actor_id: null });

    // Administrators see it, with the way to review it.
    const seen = await admin.get(`/pitches/${pitch.slug}`);
    assert.equal(seen.status, 200);
    assert.match(seen.body, new RegExp(`href="/moderation/content/pitch/${pitch.id}">Review it or show it again<`));
    await assertPresent(admin, 'an administrator', marker, ['/pitches', '/search?q=quagga', '/activity.json']);
    assert.match((await admin.get('/moderation')).body, new RegExp(`href="/moderation/content/pitch/${pitch.id}">Pitch “Bike library`));

    const audit = await admin.get('/admin/audit');
    assert.ok(audit.body.includes(`Hid the pitch “Bike library ${marker}”`));
    assert.ok(audit.body.includes('Misleading &lt;b>claims&lt;/b>'));

    // Showing it again needs a reason too, and only its moderators may.
    const contentPage = `/moderation/content/pitch/${pitch.id}`;
    assert.equal((await fiona.client.get(contentPage)).status, 403);
    assert.equal((await pat.client.postForm(`${contentPage}/restore`, { reason: 'Please' }, settings)).status, 403);
    assert.equal((await admin.get('/moderation/content/pitch/999999')).status, 404);
    assert.equal((await admin.get('/moderation/content/nonsense/1')).status, 404);
    assert.equal((await admin.get('/moderation/content/pitch/abc')).status, 404);
    const unexplained = await admin.postForm(`${contentPage}/restore`, { reason: '' }, { csrfFrom: contentPage });
    assert.equal(unexplained.status, 400);
    assert.match(unexplained.body, /Say what the problem is|There is a problem/);
    const restored = await admin.postForm(`${contentPage}/restore`, { reason: 'The team fixed the claims.' }, { csrfFrom: contentPage });
    assert.equal(restored.status, 303);
    await assertPresent(visitor, 'a visitor after showing it again', marker, ['/pitches', `/pitches/${pitch.slug}`, '/pitches.rss', '/search?q=quagga']);
    await assertPresent(visitor, 'a visitor after showing it again', postMarker, ['/search?q=okapi']);
    const audit2 = await admin.get('/admin/audit');
    assert.ok(audit2.body.includes(`Showed the pitch “Bike library ${marker}” again`));
    assert.ok(audit2.body.includes('The team fixed the claims.'));
    assert.ok((await pat.client.get('/notifications')).body.includes(`A moderator has shown your pitch “Bike library ${marker}” to everyone again.`));
  });

  test('a facilitator hides a reported pitch in their group, removes its author from the group, and an administrator suspends them', async () => {
    const marker = 'grouppitchmarkerzq';
    const groupPostMarker = 'closedchatmarkerzq';
    const pitch = await newPitch(t, maya.client, `Shared allotment ${marker}`, `narwhal beds for all ${marker}`, closed.id);
    await postIn(nia.client, 'group', closed.id, `Meeting notes ${groupPostMarker}`);
    assert.equal((await otto.client.get(`/pitches/${pitch.slug}/flag`)).status, 404, 'an outsider cannot even find it to report');
    assert.equal((await rhea.client.postForm(`/pitches/${pitch.slug}/flag`, { reason: 'Not what the group agreed' })).status, 303);
    const flag = await flagId(t, 'pitch', pitch.id);

    // In the queue of the group's facilitator and of administrators, and nobody else's.
    assert.match((await fiona.client.get('/moderation')).body, new RegExp(`Pitch “Shared allotment ${marker}”`));
    assert.match((await admin.get('/moderation')).body, new RegExp(`Pitch “Shared allotment ${marker}”`));
    const gusQueue = await gus.client.get('/moderation');
    assert.equal(gusQueue.status, 200);
    assert.doesNotMatch(gusQueue.body, /Shared allotment/);
    assert.equal((await gus.client.get(`/moderation/flags/${flag}`)).status, 403);
    assert.equal((await maya.client.get(`/moderation/flags/${flag}`)).status, 403);

    const review = await fiona.client.get(`/moderation/flags/${flag}`);
    assert.equal(review.status, 200);
    assert.match(review.body, /Hide the pitch/);
    assert.match(review.body, /Remove Maya Member from Estate panel/);
    assert.doesNotMatch(review.body, /Suspend Maya/, 'only administrators suspend');
    const hid = await fiona.client.postForm(`/moderation/flags/${flag}/hide`, { reason: 'The group has not agreed to this yet.' }, { csrfFrom: `/moderation/flags/${flag}` });
    assert.equal(hid.status, 303);

    // Gone for the group's other members and everyone outside; there for its team, facilitator and administrators.
    const places = pitchPlaces(pitch.slug, pitch.id, ['narwhal']);
    for (const [who, client] of [
      ['a visitor', visitor],
      ['an outsider', otto.client],
      ['a member of the group', rhea.client],
      ['another facilitator', gus.client],
    ] as const) {
      await assertAbsent(client, who, [marker], places);
    }
    await assertAbsent(rhea.client, 'a member of the group', [marker], [{ path: `/groups/${closed.slug}` }]);
    for (const [who, client] of [
      ['its author', maya.client],
      ['the facilitator', fiona.client],
      ['an administrator', admin],
    ] as const) {
      await assertPresent(client, who, marker, [`/pitches/${pitch.slug}`, '/pitches', '/search?q=narwhal', '/activity', `/groups/${closed.slug}`]);
    }
    const own = await maya.client.get(`/pitches/${pitch.slug}`);
    assert.ok(own.body.includes('The reason given: The group has not agreed to this yet.'));
    assert.match((await fiona.client.get(`/pitches/${pitch.slug}`)).body, /Review it or show it again/);
    assert.ok((await maya.client.get('/notifications')).body.includes(`A moderator hid your pitch “Shared allotment ${marker}”`));

    await assertPresent(maya.client, 'a member before removal', groupPostMarker, [`/conversations/group/${closed.id}.json`, `/groups/${closed.slug}`, '/search?q=meeting']);

    // From the same page, the facilitator removes the author from the group, with a reason.
    const noReason = await fiona.client.postForm(`/moderation/flags/${flag}/remove-from-group`, { removeReason: '' }, { csrfFrom: `/moderation/flags/${flag}` });
    assert.equal(noReason.status, 400);
    assert.match(noReason.body, /href="#field-removeReason"|#removeReason/);
    assert.equal((await gus.client.postForm(`/moderation/flags/${flag}/remove-from-group`, { removeReason: 'x' }, settings)).status, 403);
    const removed = await fiona.client.postForm(
      `/moderation/flags/${flag}/remove-from-group`,
      { removeReason: 'Kept posting against the group’s wishes.' },
      { csrfFrom: `/moderation/flags/${flag}` },
    );
    assert.equal(removed.status, 303);
    assert.equal(removed.location, `/moderation/flags/${flag}`);
    const after = await fiona.client.get(`/moderation/flags/${flag}`);
    assert.match(after.body, /Maya Member has been removed from Estate panel/);
    assert.match(after.body, /Maya Member is not a member of Estate panel/);
    assert.doesNotMatch(after.body, /Remove Maya Member from Estate panel/);
    const membership = await t.db.selectFrom('group_members').select('user_id').where('group_id', '=', closed.id).where('user_id', '=', maya.id).executeTakeFirst();
    assert.equal(membership, undefined);

    // At once she sees nothing of the group's content, her own pitch in it included.
    await assertAbsent(maya.client, 'the removed member', [groupPostMarker, marker], [
      { path: `/groups/${closed.slug}` },
      { path: `/conversations/group/${closed.id}.json`, gone: true },
      { path: `/pitches/${pitch.slug}`, gone: true },
      { path: '/search?q=meeting' },
      { path: '/activity' },
    ]);

    // An administrator, on the same page, suspends her from the hub.
    assert.equal((await fiona.client.postForm(`/moderation/flags/${flag}/suspend`, { suspendReason: 'x' }, settings)).status, 403);
    const adminReview = await admin.get(`/moderation/flags/${flag}`);
    assert.match(adminReview.body, /Suspend Maya Member/);
    const unexplained = await admin.postForm(`/moderation/flags/${flag}/suspend`, { suspendReason: '' }, { csrfFrom: `/moderation/flags/${flag}` });
    assert.equal(unexplained.status, 400);
    const suspended = await admin.postForm(`/moderation/flags/${flag}/suspend`, { suspendReason: 'Repeated abuse of other members.' }, { csrfFrom: `/moderation/flags/${flag}` });
    assert.equal(suspended.status, 303);
    assert.equal((await t.db.selectFrom('users').select('status').where('id', '=', maya.id).executeTakeFirstOrThrow()).status, 'suspended');
    assert.equal((await maya.client.get('/settings')).status, 302, 'signed out everywhere');
    assert.match((await admin.get(`/moderation/flags/${flag}`)).body, /Maya Member is suspended/);

    const audit = await admin.get('/admin/audit');
    assert.ok(audit.body.includes(`Hid the pitch “Shared allotment ${marker}”`));
    assert.ok(audit.body.includes('Removed Maya Member from Estate panel'));
    assert.ok(audit.body.includes('Kept posting against the group’s wishes.'));
    assert.ok(audit.body.includes('Suspended Maya Member'));
    assert.ok(audit.body.includes('Repeated abuse of other members.'));
    const log = await t.db.selectFrom('moderation_log').select(['action', 'subject_type', 'subject_id', 'group_id']).where('action', 'in', ['remove-from-group', 'suspend']).orderBy('id').execute();
    assert.deepEqual(log, [
      { action: 'remove-from-group', subject_type: 'member', subject_id: maya.id, group_id: closed.id },
      { action: 'suspend', subject_type: 'member', subject_id: maya.id, group_id: null },
    ]);
  });

  test('a report on a post in a group’s conversation lets its facilitator remove the author there and then', async () => {
    const marker = 'samchatmarkerzq';
    const postId = await postIn(sam.client, 'group', closed.id, `pangolin talk ${marker}`);
    assert.equal((await rhea.client.postForm(`/posts/${postId}/flag`, { reason: 'Rude to the panel' }, settings)).status, 303);
    const flag = await flagId(t, 'post', postId);
    const review = await fiona.client.get(`/moderation/flags/${flag}`);
    assert.match(review.body, /Hide the post/);
    assert.match(review.body, /Remove Sam Poster from Estate panel/);
    await assertPresent(sam.client, 'the author before', marker, [`/conversations/group/${closed.id}.json`, '/search?q=pangolin']);
    const removed = await fiona.client.postForm(`/moderation/flags/${flag}/remove-from-group`, { removeReason: 'Rude to the panel again.' }, { csrfFrom: `/moderation/flags/${flag}` });
    assert.equal(removed.status, 303);
    await assertAbsent(sam.client, 'the removed author', [marker], [
      { path: `/conversations/group/${closed.id}.json`, gone: true },
      { path: `/groups/${closed.slug}` },
      { path: '/search?q=pangolin' },
      { path: '/search.json?q=pangolin' },
    ]);
    assert.ok((await admin.get('/admin/audit')).body.includes('Removed Sam Poster from Estate panel'));
    // The last facilitator is never removed: the groups area's own rule.
    const own = await postIn(fiona.client, 'group', closed.id, 'A facilitator’s own post.');
    assert.equal((await rhea.client.postForm(`/posts/${own}/flag`, { reason: 'Bossy' }, settings)).status, 303);
    const ownFlag = await flagId(t, 'post', own);
    assert.doesNotMatch((await fiona.client.get(`/moderation/flags/${ownFlag}`)).body, /Remove Fiona/, 'nobody removes themself from here');
    const refused = await admin.postForm(`/moderation/flags/${ownFlag}/remove-from-group`, { removeReason: 'Test' }, { csrfFrom: `/moderation/flags/${ownFlag}` });
    assert.equal(refused.status, 303);
    assert.match((await admin.get(`/moderation/flags/${ownFlag}`)).body, /Fiona Facilitator is the only facilitator of Estate panel/);
  });

  test('search finds posts in group conversations the viewer may see, and never hidden ones', async () => {
    const openMarker = 'openchatmarkerzq';
    const closedMarker = 'closedchatsearchzq';
    const secretMarker = 'secretchatsearchzq';
    const hiddenMarker = 'hiddenchatmarkerzq';
    const openPost = await postIn(nia.client, 'group', open.id, `wombat picnic on Saturday ${openMarker}`);
    await postIn(nia.client, 'group', closed.id, `wombat budget for the estate ${closedMarker}`);
    await postIn(nia.client, 'group', secret.id, `wombat safeguarding case ${secretMarker}`);
    const hiddenPost = await postIn(nia.client, 'group', open.id, `wombat rant ${hiddenMarker}`);
    await t.db
      .insertInto('activities')
      .values([
        { verb: 'posted', actor_id: nia.id, subject_type: 'group', subject_id: closed.id, summary: closedMarker },
        { verb: 'posted', actor_id: nia.id, subject_type: 'group', subject_id: secret.id, summary: secretMarker },
      ])
      .execute();

    const found = searchResultsSchema.parse((await visitor.get('/search.json?q=wombat')).json());
    const openResult = found.results.find((result) => result.url.endsWith(`#post-${openPost}`));
    assert.ok(openResult, 'a visitor finds a post in an open group');
    assert.equal(openResult.kind, 'post');
    assert.deepEqual(openResult.subject, { type: 'group', title: 'Food network', url: `${t.config.publicUrl}/groups/${open.slug}` });
    assert.equal(openResult.pitch, null);
    const page = await visitor.get('/search?q=wombat');
    assert.match(page.body, new RegExp(`href="/groups/${open.slug}#post-${openPost}"`));
    assert.match(page.body, /<mark>wombat<\/mark>/);

    const privatePlaces: Place[] = [
      { path: '/search?q=wombat' },
      { path: '/search.json?q=wombat' },
      { path: '/search.json?q=wombat&page=2' },
      { path: '/activity' },
      { path: '/activity.json' },
      { path: '/activity.rss' },
      { path: '/activity.atom' },
      { path: '/groups' },
      { path: '/groups.json' },
      { path: '/groups.csv' },
      { path: `/groups/${closed.slug}` },
      { path: `/groups/${closed.slug}.json` },
      { path: `/conversations/group/${closed.id}.json`, gone: true },
      { path: `/conversations/group/${secret.id}.json`, gone: true },
    ];
    for (const [who, client] of [
      ['a visitor', visitor],
      ['an outsider', otto.client],
      ['a facilitator of another group', gus.client],
    ] as const) {
      await assertAbsent(client, who, [closedMarker, secretMarker], privatePlaces);
    }
    for (const [who, client] of [
      ['its author', nia.client],
      ['the facilitator', fiona.client],
      ['an administrator', admin],
    ] as const) {
      await assertPresent(client, who, closedMarker, ['/search?q=wombat', '/search.json?q=wombat', '/activity']);
      await assertPresent(client, who, secretMarker, ['/search?q=wombat', '/search.json?q=wombat', '/activity.json']);
      // Feeds carry only what everyone may see, whoever asks.
      await assertAbsent(client, `${who}, in feeds`, [closedMarker, secretMarker], [{ path: '/activity.rss' }, { path: '/activity.atom' }]);
    }
    await assertPresent(rhea.client, 'a member of the closed group', closedMarker, ['/search?q=wombat']);
    await assertAbsent(rhea.client, 'a member of the closed group only', [secretMarker], [{ path: '/search?q=wombat' }]);

    // A hidden post is found by nobody, its author and administrators included.
    await assertPresent(visitor, 'a visitor', hiddenMarker, ['/search?q=rant']);
    assert.equal((await otto.client.postForm(`/posts/${hiddenPost}/flag`, { reason: 'A rant' }, settings)).status, 303);
    const flag = await flagId(t, 'post', hiddenPost);
    assert.equal((await fiona.client.postForm(`/moderation/flags/${flag}/hide`, { reason: 'Keep it civil.' }, { csrfFrom: `/moderation/flags/${flag}` })).status, 303);
    for (const [who, client] of [
      ['a visitor', visitor],
      ['its author', nia.client],
      ['the facilitator', fiona.client],
      ['an administrator', admin],
    ] as const) {
      await assertAbsent(client, who, [hiddenMarker], [{ path: '/search?q=rant' }, { path: '/search.json?q=rant' }, { path: '/search?q=wombat' }]);
    }
  });

  test('a knowledge page is reported and hidden: gone from the index, search, feeds, data and backlinks, kept for its authors', async () => {
    const marker = 'pagemarkerzq';
    const made = await carol.client.postForm('/knowledge/new', { title: 'Pond rules', body: 'Keep the gate shut.', summary: '', template: '' });
    assert.equal(made.status, 303);
    const created = await pat.client.postForm('/knowledge/new', {
      title: `Axolotl care ${marker}`,
      body: `How to keep an axolotl. ${marker} See [[Pond rules]].`,
      summary: '',
      template: '',
    });
    assert.equal(created.status, 303);
    const slug = created.location!.slice('/knowledge/'.length);
    const pageRow = await t.db.selectFrom('knowledge_pages').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
    await t.db.insertInto('activities').values({ verb: 'wrote', actor_id: pat.id, subject_type: 'knowledge-page', subject_id: pageRow.id, summary: 'wrote a page' }).execute();
    await assertPresent(visitor, 'a visitor before hiding', marker, ['/knowledge', '/knowledge/pond-rules', '/knowledge.rss', '/knowledge.json?q=axolotl', '/activity']);

    assert.match((await carol.client.get(`/knowledge/${slug}`)).body, new RegExp(`href="/knowledge/${slug}/flag">Report this page<`));
    assert.equal((await carol.client.postForm(`/knowledge/${slug}/flag`, { reason: 'Dangerous advice' })).status, 303);
    const flag = await flagId(t, 'knowledge-page', pageRow.id);
    assert.doesNotMatch((await fiona.client.get('/moderation')).body, /Axolotl/, 'hub pages are for administrators');
    assert.equal((await fiona.client.get(`/moderation/flags/${flag}`)).status, 403);
    assert.match((await admin.get('/moderation')).body, new RegExp(`Knowledge page “Axolotl care ${marker}”`));
    const review = await admin.get(`/moderation/flags/${flag}`);
    assert.match(review.body, /Hide the page/);
    assert.equal((await admin.postForm(`/moderation/flags/${flag}/hide`, { reason: 'Unsafe for the animals.' }, { csrfFrom: `/moderation/flags/${flag}` })).status, 303);

    const places: Place[] = [
      { path: '/knowledge' },
      { path: '/knowledge.json' },
      { path: '/knowledge.csv' },
      { path: '/knowledge.rss' },
      { path: '/knowledge.atom' },
      { path: '/knowledge?q=axolotl' },
      { path: '/knowledge.json?q=axolotl' },
      { path: '/knowledge/pond-rules' },
      { path: '/knowledge/pond-rules.json' },
      { path: '/activity' },
      { path: '/activity.json' },
      { path: `/knowledge/${slug}`, gone: true },
      { path: `/knowledge/${slug}.json`, gone: true },
      { path: `/knowledge/${slug}/history`, gone: true },
      { path: `/knowledge/${slug}/flag`, gone: true, membersOnly: true },
    ];
    for (const [who, client] of [
      ['a visitor', visitor],
      ['an outsider', otto.client],
      ['the reporter, who wrote the page it links to', carol.client],
      ['a facilitator', fiona.client],
    ] as const) {
      await assertAbsent(client, who, [marker], places);
    }

    const own = await pat.client.get(`/knowledge/${slug}`);
    assert.equal(own.status, 200);
    assert.match(own.body, /A moderator has hidden this page/);
    assert.ok(own.body.includes('The reason given: Unsafe for the animals.'));
    assert.doesNotMatch(own.body, /href="[^"]*\/edit"/, 'no editing while hidden');
    const edit = await pat.client.get(`/knowledge/${slug}/edit`);
    assert.equal(edit.status, 403);
    assert.match(edit.body, /This page is hidden/);
    assert.equal((await pat.client.get(`/knowledge/${slug}.json`)).json<{ hidden?: { reason: string } }>().hidden?.reason, 'Unsafe for the animals.');
    await assertPresent(pat.client, 'its author', marker, ['/knowledge', '/knowledge.json?q=axolotl', '/knowledge/pond-rules', '/activity']);
    await assertAbsent(pat.client, 'its author, in feeds', [marker], [{ path: '/knowledge.rss' }, { path: '/knowledge.atom' }]);
    assert.ok((await pat.client.get('/notifications')).body.includes(`A moderator hid the page “Axolotl care ${marker}”, which you helped write.`));
    const adminView = await admin.get(`/knowledge/${slug}`);
    assert.match(adminView.body, new RegExp(`href="/moderation/content/knowledge-page/${pageRow.id}">Review it or show it again<`));
    assert.ok((await admin.get('/admin/audit')).body.includes(`Hid the knowledge page “Axolotl care ${marker}”`));

    const contentPage = `/moderation/content/knowledge-page/${pageRow.id}`;
    const shown = await admin.postForm(`${contentPage}/restore`, { reason: 'Checked with a vet.' }, { csrfFrom: contentPage });
    assert.equal(shown.status, 303);
    await assertPresent(visitor, 'a visitor after showing it again', marker, ['/knowledge', `/knowledge/${slug}`, '/knowledge/pond-rules']);
    assert.ok((await admin.get('/admin/audit')).body.includes(`Showed the knowledge page “Axolotl care ${marker}” again`));
    assert.equal((await pat.client.get(`/knowledge/${slug}/edit`)).status, 200, 'editable again');
  });

  test('a moderator can hide a pitch straight from its page in the queue, and a page already hidden stays as it is', async () => {
    const pitch = await newPitch(t, nia.client, 'Open group pitch', 'Something for the food network.', open.id);
    const contentPage = `/moderation/content/pitch/${pitch.id}`;
    assert.equal((await gus.client.get(contentPage)).status, 403);
    const review = await fiona.client.get(contentPage);
    assert.equal(review.status, 200);
    assert.match(review.body, /It is not hidden/);
    const hidden = await fiona.client.postForm(`${contentPage}/hide`, { reason: 'Duplicate of another pitch.' }, { csrfFrom: contentPage });
    assert.equal(hidden.status, 303);
    assert.equal((await visitor.get(`/pitches/${pitch.slug}`)).status, 404);
    const again = await fiona.client.postForm(`${contentPage}/hide`, { reason: 'Twice' }, { csrfFrom: contentPage });
    assert.equal(again.status, 303);
    const row = await t.db.selectFrom('pitches').select('hidden_reason').where('id', '=', pitch.id).executeTakeFirstOrThrow();
    assert.equal(row.hidden_reason, 'Duplicate of another pitch.', 'hiding twice keeps the first reason');
  });
});

/**
 * Group life: the activity stream and its feeds, the member list, pins, the welcome text, what
 * needs a facilitator's attention, messages to every member, deleting a group, and matches for
 * pitches posted into a group; above all, that none of it shows a closed or secret group's content
 * to anyone outside it.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseFeed } from '@rowanmanning/feed-parser';
import { parse as parseCsv } from 'csv-parse/sync';
import { TestClient, type TestResponse } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import type { TestSmtp } from '../../test/smtp.ts';
import { saveProfile } from '../profiles/profiles.commands.ts';
import type { ProfileInput } from '../profiles/profiles.forms.ts';
import { profileFields, type FieldVisibility, type ProfileField } from '../profiles/profiles.model.ts';
import { groupSchema } from './groups.schemas.ts';
import { eventually, jobsDone } from '../../test/eventually.ts';
import { form, groupIdOf, join, member, newGroup, pitchInto, postIn, settings, type Member } from './life.fixtures.ts';
import { groupActivitySchema, groupMembersSchema } from './life.schemas.ts';

const closedPost = 'CLOSED-LIFE-POST-4d2a';
const closedReply = 'CLOSED-LIFE-REPLY-8e1b';
const closedPitch = 'closedlifepitch7c3f';
const closedOld = 'CLOSED-LIFE-OLD-5a9c';
const closedFlag = 'CLOSED-LIFE-FLAG-0b7e';
const secretPost = 'SECRET-LIFE-POST-3f6d';
const secretPitch = 'secretlifepitch2e8a';
const secretName = 'SECRET-LIFE-NAME-9d4c';
const markers = [closedPost, closedReply, closedPitch, closedOld, closedFlag, secretPost, secretPitch, secretName];

function everyoneCanSee(): Record<ProfileField, FieldVisibility> {
  const result = {} as Record<ProfileField, FieldVisibility>;
  for (const field of profileFields) result[field] = 'everyone';
  return result;
}

function profile(name: string, interests: string[]): ProfileInput {
  return {
    name,
    bio: '',
    sector: null,
    roles: [],
    place: '',
    localAuthority: null,
    interests,
    skills: '',
    needs: '',
    links: [],
    visibility: everyoneCanSee(),
    removePhoto: false,
  };
}

function noMarkers(response: TestResponse, who: string, path: string) {
  for (const marker of markers) assert.ok(!response.body.toLowerCase().includes(marker.toLowerCase()), `${who} sees ${marker} on ${path} (${response.status})`);
}

describe('group life', () => {
  let t: TestHub<TestSmtp>;
  let admin: TestClient;
  let fiona: Member;
  let maya: Member;
  let otto: Member;
  let rhea: Member;
  let remy: Member;
  let visitor: TestClient;
  let closedSlug: string;
  let secretSlug: string;
  let closedId: number;
  let secretId: number;
  let closedPostId: number;

  before(async () => {
    t = await startTestHub({ smtp: true });
    admin = await setUpHub(t.app);
    fiona = await member(t, 'Fiona Facilitator', 'fiona@example.org');
    maya = await member(t, 'Maya Member', 'maya@example.org');
    otto = await member(t, 'Otto Outsider', 'otto@example.org');
    rhea = await member(t, 'Rhea Requester', 'rhea@example.org');
    remy = await member(t, 'Remy Removed', 'remy@example.org');
    visitor = new TestClient(t.app);

    ({ slug: closedSlug } = await newGroup(fiona.client, { name: 'Estate regeneration panel', visibility: 'closed' }));
    ({ slug: secretSlug } = await newGroup(fiona.client, { name: `Safeguarding leads ${secretName}`, visibility: 'secret' }));
    closedId = await groupIdOf(t, closedSlug);
    secretId = await groupIdOf(t, secretSlug);
    await join(closedSlug, maya, fiona);
    await join(closedSlug, remy, fiona);
    assert.equal((await form(rhea.client, `/groups/${closedSlug}/join`)).status, 303);
    await t.db
      .insertInto('group_members')
      .values([
        { group_id: secretId, user_id: maya.id, role: 'member', status: 'active', joined_at: new Date() },
        { group_id: secretId, user_id: remy.id, role: 'member', status: 'active', joined_at: new Date() },
      ])
      .execute();

    closedPostId = await postIn(maya.client, closedId, `${closedPost} the plans for the estate`);
    await postIn(fiona.client, closedId, `${closedReply} thanks for these`, closedPostId);
    const old = await postIn(maya.client, closedId, `${closedOld} nobody answered this one`);
    await t.db.updateTable('posts').set({ created_at: new Date(Date.now() - 72 * 60 * 60 * 1000) }).where('id', '=', old).execute();
    const flagged = await postIn(maya.client, closedId, `${closedFlag} a post someone reported`);
    await t.db.insertInto('flags').values({ subject_type: 'post', subject_id: flagged, reporter_id: fiona.id, reason: 'Off topic' }).execute();
    await pitchInto(t, maya.client, `Shared allotment ${closedPitch}`, closedId);
    await postIn(maya.client, secretId, `${secretPost} confidential`);
    await pitchInto(t, maya.client, `Safe house ${secretPitch}`, secretId);
    // Pinned, so the group page and its JSON would show it if they leaked.
    assert.equal((await form(fiona.client, `/groups/${closedSlug}/pins`, { subjectType: 'post', subjectId: String(closedPostId) })).status, 303);

    for (const slug of [closedSlug, secretSlug]) {
      assert.equal((await form(fiona.client, `/groups/${slug}/members/${remy.handle}/remove`)).status, 303);
    }
  });
  after(() => t.close());

  const contentPaths = (slug: string) => [
    `/groups/${slug}/activity`,
    `/groups/${slug}/activity?page=2`,
    `/groups/${slug}/activity.json`,
    `/groups/${slug}/activity.rss`,
    `/groups/${slug}/activity.atom`,
    `/groups/${slug}/members`,
    `/groups/${slug}/members.json`,
    `/groups/${slug}/members.csv`,
  ];
  const facilitatorPaths = (slug: string) => [`/groups/${slug}/attention`, `/groups/${slug}/message`, `/groups/${slug}/delete`];

  test('a closed or secret group’s activity, members, feeds and pages for facilitators show nothing to visitors, outsiders, requesters or removed members', async () => {
    for (const [who, client] of [
      ['a visitor', visitor],
      ['an outsider', otto.client],
      ['a pending requester', rhea.client],
      ['a removed member', remy.client],
    ] as const) {
      for (const slug of [closedSlug, secretSlug]) {
        for (const path of contentPaths(slug)) {
          const response = await client.get(path);
          assert.equal(response.status, 404, `${who}: ${path} answered ${response.status}`);
          noMarkers(response, who, path);
        }
        for (const path of [...facilitatorPaths(slug), `/groups/${slug}/notifications`]) {
          const response = await client.get(path);
          const expected = who === 'a visitor' ? 302 : slug === secretSlug || path.endsWith('/notifications') ? 404 : 403;
          assert.equal(response.status, expected, `${who}: ${path} answered ${response.status}`);
          noMarkers(response, who, path);
        }
        for (const path of [`/groups/${slug}`, `/groups/${slug}.json`, '/groups', '/groups.json', '/activity', '/notifications', '/search?q=allotment']) {
          noMarkers(await client.get(path), who, path);
        }
        // Writing is refused the same way.
        const from = client.signedIn ? settings : { csrfFrom: '/sign-in' };
        const pinned = await client.postForm(`/groups/${slug}/pins`, { subjectType: 'post', subjectId: String(closedPostId) }, from);
        assert.ok([302, 403, 404].includes(pinned.status), `${who} pinning answered ${pinned.status}`);
        if (who === 'an outsider') {
          const message = await client.postForm(`/groups/${slug}/message`, { subject: 'Hi', body: 'Hello' }, from);
          assert.equal(message.status, slug === secretSlug ? 404 : 403, `${who} messaging answered ${message.status}`);
        }
      }
    }
    // A secret group's pages are indistinguishable from pages of a group that does not exist.
    const secret = await otto.client.get(`/groups/${secretSlug}/attention`);
    const missing = await otto.client.get('/groups/no-such-group-here/attention');
    const withoutToken = (body: string) => body.replace(/name="_csrf" value="[^"]*"/g, '');
    assert.equal(secret.status, missing.status);
    assert.equal(withoutToken(secret.body), withoutToken(missing.body));
  });

  test('members, facilitators and administrators see the activity, its feeds and the member list; only facilitators and administrators the rest', async () => {
    for (const [who, client] of [
      ['a member', maya.client],
      ['a facilitator', fiona.client],
      ['an administrator', admin],
    ] as const) {
      const page = await client.get(`/groups/${closedSlug}/activity`);
      assert.equal(page.status, 200, `${who}: activity`);
      for (const marker of [closedPost, closedReply, closedPitch]) assert.ok(page.body.includes(marker), `${who} misses ${marker}`);
      assert.equal(page.headers['cache-control'], 'private, no-store');
      const json = groupActivitySchema.parse((await client.get(`/groups/${closedSlug}/activity.json`)).json());
      assert.ok(json.activity.some((item) => item.excerpt.includes(closedPost)));
      for (const format of ['rss', 'atom'] as const) {
        const feed = parseFeed((await client.get(`/groups/${closedSlug}/activity.${format}`)).body);
        assert.equal(feed.meta.type, format);
        assert.ok(feed.items.some((item) => (item.title ?? '').includes(closedPitch)), `${who}: ${format} names the pitch`);
        assert.ok(feed.items.some((item) => (item.description ?? item.content ?? '').includes(closedPost)), `${who}: ${format} has the post`);
      }
      const secret = groupActivitySchema.parse((await client.get(`/groups/${secretSlug}/activity.json`)).json());
      if (who === 'an administrator' || who === 'a member' || who === 'a facilitator') assert.ok(secret.activity.some((item) => item.excerpt.includes(secretPost)));
      const members = groupMembersSchema.parse((await client.get(`/groups/${closedSlug}/members.json`)).json());
      assert.deepEqual(members.members.map((m) => [m.handle, m.role]), [
        [fiona.handle, 'facilitator'],
        [maya.handle, 'member'],
      ]);
    }
    assert.equal((await maya.client.get(`/groups/${closedSlug}/attention`)).status, 403);
    assert.equal((await maya.client.get(`/groups/${closedSlug}/message`)).status, 403);
    assert.equal((await maya.client.get(`/groups/${secretSlug}/delete`)).status, 403);
    for (const client of [fiona.client, admin]) {
      const attention = await client.get(`/groups/${closedSlug}/attention`);
      assert.equal(attention.status, 200);
      assert.ok(attention.body.includes(closedOld), 'a post with no reply after 48 hours');
      assert.ok(!attention.body.includes(closedPost), 'a post with a reply is not waiting');
      assert.ok(attention.body.includes(closedFlag), 'the reported post');
      assert.match(attention.body, /href="\/moderation\/flags\/\d+"/);
      assert.ok(attention.body.includes('Rhea Requester'), 'the request to join');
      assert.match(attention.body, /<svg[^>]*role="img"[^>]*aria-labelledby="summary-chart-title summary-chart-desc"/);
      assert.match(attention.body, /<table class="data" id="summary-table">/);
    }
  });

  test('the activity stream: newest first, every kind of thing, as a page, JSON, RSS and Atom; bad pages are refused', async () => {
    const nia = await member(t, 'Nia Newcomer', 'nia@example.org');
    const { slug } = await newGroup(fiona.client, { name: 'Holmfirth growers' });
    const id = await groupIdOf(t, slug);
    await join(slug, nia);
    const post = await postIn(nia.client, id, 'Who has spare seedlings?');
    await postIn(fiona.client, id, 'I do!', post);
    await pitchInto(t, nia.client, 'Seed library', id);
    await newGroup(fiona.client, { name: 'Holmfirth seed savers' }, `/groups/${slug}/subgroups/new`);

    const json = groupActivitySchema.parse((await visitor.get(`/groups/${slug}/activity.json`)).json());
    assert.deepEqual(
      json.activity.map((item) => item.kind),
      ['subgroup', 'pitch', 'reply', 'post', 'joined', 'started'],
    );
    assert.deepEqual(json.activity.map((item) => item.text), [
      'Fiona Facilitator started the sub-group “Holmfirth seed savers”',
      'Nia Newcomer posted the pitch “Seed library”',
      'Fiona Facilitator replied in Holmfirth growers',
      'Nia Newcomer posted in Holmfirth growers',
      'Nia Newcomer joined Holmfirth growers',
      'Fiona Facilitator started Holmfirth growers',
    ]);
    assert.equal(json.activity[3]!.excerpt, 'Who has spare seedlings?');
    assert.equal(json.nextPage, null);
    assert.equal(json.activity[3]!.url, `${t.baseUrl}/posts/${post}`);

    const page = await visitor.get(`/groups/${slug}/activity`);
    assert.equal(page.status, 200);
    assert.match(page.body, /<link rel="alternate" type="application\/rss\+xml" href="\/groups\/holmfirth-growers\/activity.rss"/);
    assert.match(page.body, /Nia Newcomer posted the pitch “Seed library”/);
    // The group page has the latest few, with a link to them all.
    const groupPage = await visitor.get(`/groups/${slug}`);
    assert.match(groupPage.body, /Latest activity/);
    assert.ok(groupPage.body.includes(`href="/groups/${slug}/activity"`));

    for (const format of ['rss', 'atom'] as const) {
      const response = await visitor.get(`/groups/${slug}/activity.${format}`);
      assert.equal(response.status, 200);
      const feed = parseFeed(response.body);
      assert.equal(feed.items.length, 6);
      assert.equal(feed.items[0]!.title, 'Fiona Facilitator started the sub-group “Holmfirth seed savers”');
      assert.ok(feed.items.every((item) => item.url?.startsWith(t.baseUrl)));
    }
    assert.equal((await visitor.get(`/groups/${slug}/activity?page=abc`)).status, 404);
    assert.equal((await visitor.get(`/groups/${slug}/activity.json?page=0`)).status, 400);
    assert.equal((await visitor.get('/groups/Bad%20Slug!/activity')).status, 404);
    assert.equal((await visitor.get('/groups/no-such-group/members.json')).status, 404);
    const second = groupActivitySchema.parse((await visitor.get(`/groups/${slug}/activity.json?page=2`)).json());
    assert.deepEqual(second.activity, []);
  });

  test('the member list: facilitators marked, as a page, JSON and CSV; facilitators approve, appoint and remove from it and come back to it', async () => {
    const { slug } = await newGroup(fiona.client, { name: 'Allotment association', visibility: 'closed' });
    await join(slug, maya, fiona);
    const sam = await member(t, 'Sam Seeker', 'sam@example.org');
    assert.equal((await form(sam.client, `/groups/${slug}/join`)).status, 303);

    const asFacilitator = await fiona.client.get(`/groups/${slug}/members`);
    assert.equal(asFacilitator.status, 200);
    assert.match(asFacilitator.body, /Requests to join/);
    assert.ok(asFacilitator.body.includes(`/groups/${slug}/members/${sam.handle}/approve`));
    assert.match(asFacilitator.body, /<span class="badge">Facilitator<\/span>/);
    const asMember = await maya.client.get(`/groups/${slug}/members`);
    assert.doesNotMatch(asMember.body, /Requests to join|make-facilitator|\/remove"/);
    assert.ok(asMember.body.includes('Fiona Facilitator'));

    const approved = await form(fiona.client, `/groups/${slug}/members/${sam.handle}/approve`, { back: 'members' });
    assert.equal(approved.location, `/groups/${slug}/members`);
    const appointed = await form(fiona.client, `/groups/${slug}/members/${maya.handle}/make-facilitator`, { back: 'members' });
    assert.equal(appointed.location, `/groups/${slug}/members`);
    // Anything else sent as "back" goes to the group page.
    const removed = await form(fiona.client, `/groups/${slug}/members/${sam.handle}/remove`, { back: '//evil.example' });
    assert.equal(removed.location, `/groups/${slug}`);

    const csv = await maya.client.get(`/groups/${slug}/members.csv`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers['content-type'] as string, /text\/csv/);
    const rows = parseCsv(csv.body, { columns: true }) as Record<string, string>[];
    assert.deepEqual(
      rows.map((row) => [row.name, row.role]),
      [
        ['Fiona Facilitator', 'facilitator'],
        ['Maya Member', 'facilitator'],
      ],
    );
    assert.ok(rows.every((row) => !Number.isNaN(Date.parse(row.joined_at!)) && row.url!.startsWith(`${t.baseUrl}/members/`)));
    // The group page names a few and links to the rest.
    assert.ok((await maya.client.get(`/groups/${slug}`)).body.includes(`href="/groups/${slug}/members"`));
  });

  test('pinned posts and pitches show first on the group page, most recently pinned first; only facilitators pin', async () => {
    const { slug } = await newGroup(fiona.client, { name: 'Community orchard' });
    const id = await groupIdOf(t, slug);
    await join(slug, maya);
    const older = await pitchInto(t, maya.client, 'Apple pressing day', id);
    await pitchInto(t, maya.client, 'Pruning workshop', id);
    const post = await postIn(maya.client, id, 'Remember to bring gloves on Saturday.');
    const unpinned = await postIn(maya.client, id, 'A post nobody pins.');

    const before = (await visitor.get(`/groups/${slug}`)).body;
    assert.doesNotMatch(before, /id="pinned-title"/);
    assert.ok(before.indexOf('Pruning workshop') < before.indexOf('Apple pressing day'), 'pitches are newest first without pins');

    assert.equal((await form(maya.client, `/groups/${slug}/pins`, { subjectType: 'pitch', subjectId: String(older.id) })).status, 403);
    const pinned = await form(fiona.client, `/groups/${slug}/pins`, { subjectType: 'pitch', subjectId: String(older.id), back: 'activity' });
    assert.equal(pinned.location, `/groups/${slug}/activity`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal((await form(fiona.client, `/groups/${slug}/pins`, { subjectType: 'post', subjectId: String(post) })).location, `/groups/${slug}`);

    const page = (await visitor.get(`/groups/${slug}`)).body;
    const pinnedAt = page.indexOf('id="pinned-title"');
    assert.ok(pinnedAt > 0, 'a pinned section');
    const firstApple = page.indexOf('Apple pressing day');
    assert.ok(pinnedAt < firstApple && firstApple < page.indexOf('Pruning workshop'), 'the pinned pitch comes before the others');
    assert.ok(page.indexOf('Remember to bring gloves') < firstApple, 'the post pinned last is first');
    assert.ok(page.indexOf('Remember to bring gloves') < page.indexOf('id="group-pitches-title"'));
    const json = groupSchema.parse((await visitor.get(`/groups/${slug}.json`)).json());
    assert.deepEqual(json.pinned?.map((item) => item.type), ['post', 'pitch']);
    assert.equal(json.pinned?.[1]?.title, 'Apple pressing day');
    const activity = groupActivitySchema.parse((await visitor.get(`/groups/${slug}/activity.json`)).json());
    assert.deepEqual(activity.activity.filter((item) => item.pinned).map((item) => item.kind).sort(), ['pitch', 'post']);

    // Pinning what is not in the group is refused; a hidden post drops out of the pins.
    assert.equal((await form(fiona.client, `/groups/${slug}/pins`, { subjectType: 'post', subjectId: String(closedPostId) })).status, 404);
    assert.equal((await form(fiona.client, `/groups/${slug}/pins`, { subjectType: 'story', subjectId: '1' })).status, 400);
    await t.db.updateTable('posts').set({ hidden_at: new Date(), hidden_reason: 'test' }).where('id', '=', post).execute();
    assert.deepEqual(groupSchema.parse((await visitor.get(`/groups/${slug}.json`)).json()).pinned?.map((item) => item.type), ['pitch']);

    assert.equal((await form(fiona.client, `/groups/${slug}/pins/remove`, { subjectType: 'pitch', subjectId: String(older.id) })).status, 303);
    assert.deepEqual(groupSchema.parse((await visitor.get(`/groups/${slug}.json`)).json()).pinned, []);

    // At most ten at a time.
    await t.db
      .insertInto('pins')
      .values(Array.from({ length: 10 }, (_, i) => ({ group_id: id, subject_type: 'post', subject_id: 1_000_000 + i, pinned_by: fiona.id })))
      .execute();
    const tooMany = await form(fiona.client, `/groups/${slug}/pins`, { subjectType: 'post', subjectId: String(unpinned) });
    assert.equal(tooMany.status, 303);
    assert.match((await fiona.client.get(`/groups/${slug}`)).body, /at most 10 things pinned/);
  });

  test('facilitators edit the welcome text; it greets members, new ones included, and nobody outside', async () => {
    const { slug } = await newGroup(fiona.client, { name: 'Repair cafe', visibility: 'closed' });
    const edited = await fiona.client.postForm(`/groups/${slug}/edit`, {
      name: 'Repair cafe',
      purpose: 'Fixing things together.',
      visibility: 'closed',
      welcome: 'Welcome! Bring **one broken thing** to your first meeting.',
    });
    assert.equal(edited.status, 303);
    assert.equal((await maya.client.postForm(`/groups/${slug}/edit`, { name: 'x', purpose: 'y', visibility: 'closed' })).status, 403);
    assert.equal((await form(otto.client, `/groups/${slug}/join`)).status, 303);
    assert.doesNotMatch((await otto.client.get(`/groups/${slug}`)).body, /one broken thing/, 'not while the request waits');
    assert.equal((await form(fiona.client, `/groups/${slug}/members/${otto.handle}/approve`)).status, 303);
    const welcomed = await otto.client.get(`/groups/${slug}`);
    assert.match(welcomed.body, /<strong>one broken thing<\/strong>/);
    assert.doesNotMatch((await visitor.get(`/groups/${slug}`)).body, /one broken thing/);
    assert.doesNotMatch((await rhea.client.get(`/groups/${slug}`)).body, /one broken thing/);
  });

  test('a message to all members: emailed to active members with confirmed addresses only, saying from whom and which group, with a link to their choice; limited per day', async () => {
    const { slug } = await newGroup(fiona.client, { name: 'Tenants forum', visibility: 'closed' });
    const id = await groupIdOf(t, slug);
    await join(slug, maya, fiona);
    const uma = await member(t, 'Uma Unconfirmed', 'uma@example.org', { verified: false });
    await join(slug, uma, fiona);
    const sid = await member(t, 'Sid Suspended', 'sid@example.org');
    await join(slug, sid, fiona);
    await t.db.updateTable('users').set({ status: 'suspended' }).where('id', '=', sid.id).execute();
    assert.equal((await form(rhea.client, `/groups/${slug}/join`)).status, 303);
    assert.equal((await fiona.client.postForm(`/groups/${slug}/invite`, { email: 'invited@example.org' })).status, 303);

    const formPage = await fiona.client.get(`/groups/${slug}/message`);
    assert.equal(formPage.status, 200);
    assert.match(formPage.body, /the 2 members who have a confirmed email address/);

    const empty = await fiona.client.postForm(`/groups/${slug}/message`, { subject: '', body: 'Kept body text 42' });
    assert.equal(empty.status, 400);
    assert.match(empty.body, /class="error-summary"/);
    assert.match(empty.body, /Enter a subject for the message\./);
    assert.match(empty.body, /Kept body text 42/);
    assert.equal((await fiona.client.postForm(`/groups/${slug}/message`, { subject: 'x'.repeat(151), body: 'b' })).status, 400);

    const sent = await fiona.client.postForm(`/groups/${slug}/message`, { subject: 'AGM on Thursday', body: 'The AGM is on Thursday at 7pm in the community centre.' });
    assert.equal(sent.status, 303);
    assert.equal(sent.location, `/groups/${slug}`);
    const email = await t.smtp.waitForEmail((m) => m.to.includes(maya.email) && m.subject.includes('AGM on Thursday'));
    assert.equal(email.subject, '[Tenants forum] AGM on Thursday');
    assert.match(email.text, /Fiona Facilitator, a facilitator of “Tenants forum”/);
    assert.match(email.text, /The AGM is on Thursday at 7pm/);
    assert.ok(email.text.includes(`${t.baseUrl}/groups/${slug}/notifications`), 'links to their choice for the group');
    const queued = await t.db.selectFrom('emails').select('recipient').where('subject', '=', '[Tenants forum] AGM on Thursday').execute();
    assert.deepEqual(queued.map((row) => row.recipient).sort(), [fiona.email, maya.email]);
    const stored = await t.db.selectFrom('group_messages').select(['recipient_count', 'sender_id']).where('group_id', '=', id).execute();
    assert.deepEqual(stored, [{ recipient_count: 2, sender_id: fiona.id }]);
    assert.match((await fiona.client.get(`/groups/${slug}/attention`)).body, /AGM on Thursday/);

    for (const n of [2, 3]) {
      assert.equal((await fiona.client.postForm(`/groups/${slug}/message`, { subject: `Reminder ${n}`, body: 'Again.' })).status, 303);
    }
    const limited = await fiona.client.postForm(`/groups/${slug}/message`, { subject: 'One too many', body: 'Kept 4th body' });
    assert.equal(limited.status, 429);
    assert.match(limited.body, /already sent 3 messages/);
    assert.match(limited.body, /Kept 4th body/);
    assert.equal((await t.db.selectFrom('emails').select('id').where('subject', 'like', '%One too many%').execute()).length, 0);
  });

  test('pitches posted into a closed group are matched only with its members', async () => {
    const gardener = await member(t, 'Gail Gardener', 'gail@example.org');
    const { slug } = await newGroup(fiona.client, { name: 'Compost collective', visibility: 'closed' });
    const id = await groupIdOf(t, slug);
    await join(slug, gardener, fiona);
    for (const person of [gardener, otto]) {
      assert.ok((await saveProfile(t.db, t.config.uploadsDir, person.id, profile(person.name, ['wormeries']), { kind: 'keep' })).ok);
    }
    const inGroup = await pitchInto(t, fiona.client, 'Wormery share', id, { kind: 'want', tags: 'wormeries' });
    const matched = async (pitchId: number) => {
      await jobsDone(t.db, 'pitch-published');
      return (await t.db.selectFrom('notifications').select('user_id').where('kind', '=', 'match').where('subject_type', '=', 'pitch').where('subject_id', '=', pitchId).execute()).map(
        (row) => row.user_id,
      );
    };
    assert.deepEqual(await matched(inGroup.id), [gardener.id], 'only the member of the group is told');
    const everyone = await pitchInto(t, fiona.client, 'Wormery share for all', null, { kind: 'want', tags: 'wormeries' });
    assert.deepEqual((await matched(everyone.id)).sort((a, b) => a - b), [gardener.id, otto.id].sort((a, b) => a - b), 'a public pitch is matched with everyone');
  });

  test('deleting a group: a confirmation, then it goes with its sub-groups; its pitches go back to drafts and never become public; it is in the audit log', async () => {
    const doomed = 'doomedpitchmarker4e1c';
    const inner = 'innerpitchmarker8b2d';
    const { slug } = await newGroup(fiona.client, { name: 'Doomed panel', visibility: 'closed' });
    const id = await groupIdOf(t, slug);
    const { slug: subSlug } = await newGroup(fiona.client, { name: 'Inner circle', visibility: 'secret' }, `/groups/${slug}/subgroups/new`);
    const subId = await groupIdOf(t, subSlug);
    await join(slug, maya, fiona);
    const pitch = await pitchInto(t, maya.client, `Plans ${doomed}`, id);
    const innerPitch = await pitchInto(t, fiona.client, `Plans ${inner}`, subId);
    const post = await postIn(maya.client, id, 'A post in a group about to go.');
    await t.db.insertInto('flags').values({ subject_type: 'post', subject_id: post, reporter_id: maya.id, reason: 'Spam' }).execute();
    const wiki = `/groups/${subSlug}/knowledge`;
    const page = await fiona.client.postForm(`${wiki}/new`, { title: 'Inner minutes', body: 'Notes.' }, { csrfFrom: `${wiki}/new` });
    assert.equal(page.status, 303);
    const uploaded = await fiona.client.postMultipart(
      `${page.location}/attachments`,
      { description: 'Minutes' },
      [{ name: 'attachment', filename: 'minutes.txt', contentType: 'text/plain', data: Buffer.from('Inner minutes\n') }],
      { csrfFrom: page.location! },
    );
    assert.equal(uploaded.status, 303);
    const stored = (await t.db.selectFrom('knowledge_attachments').select('stored_path').orderBy('id', 'desc').executeTakeFirstOrThrow()).stored_path;
    assert.ok(fs.existsSync(path.join(t.config.uploadsDir, stored)));

    // The database itself refuses to drop a group that still holds pitches.
    await assert.rejects(t.db.deleteFrom('groups').where('id', '=', subId).execute());

    assert.equal((await maya.client.get(`/groups/${slug}/delete`)).status, 403, 'an ordinary member');
    assert.equal((await otto.client.get(`/groups/${subSlug}/delete`)).status, 404, 'a secret sub-group to an outsider');
    assert.equal((await fiona.client.get(`/groups/${subSlug}/delete`)).status, 403, 'a sub-group goes with its group, or by an administrator');
    assert.equal((await visitor.get(`/groups/${slug}/delete`)).status, 302);

    const confirm = await fiona.client.get(`/groups/${slug}/delete`);
    assert.equal(confirm.status, 200);
    assert.match(confirm.body, /Its 1 sub-groups are deleted too/);
    assert.match(confirm.body, /Inner circle/);
    assert.match(confirm.body, /Its 2 pitches go back to being drafts/);
    const wrong = await fiona.client.postForm(`/groups/${slug}/delete`, { confirm: 'Something else' });
    assert.equal(wrong.status, 400);
    assert.match(wrong.body, /class="error-summary"/);
    assert.match(wrong.body, /value="Something else"/);
    assert.ok(await t.db.selectFrom('groups').select('id').where('id', '=', id).executeTakeFirst());

    const deleted = await fiona.client.postForm(`/groups/${slug}/delete`, { confirm: ' doomed  PANEL ' });
    assert.equal(deleted.status, 303);
    assert.equal(deleted.location, '/groups');
    assert.equal((await t.db.selectFrom('groups').select('id').where('id', 'in', [id, subId]).execute()).length, 0);
    const pitches = await t.db.selectFrom('pitches').select(['id', 'status', 'group_id']).where('id', 'in', [pitch.id, innerPitch.id]).orderBy('id').execute();
    assert.deepEqual(pitches, [
      { id: pitch.id, status: 'draft', group_id: null },
      { id: innerPitch.id, status: 'draft', group_id: null },
    ]);
    for (const [who, client] of [
      ['a visitor', visitor],
      ['an outsider', otto.client],
      ['another member of the hub', rhea.client],
    ] as const) {
      for (const path of ['/pitches', '/pitches.json', '/pitches.csv', '/pitches.rss', `/search?q=plans`, '/activity', '/activity.json', `/pitches/${pitch.slug}`, `/pitches/${innerPitch.slug}`]) {
        const response = await client.get(path);
        for (const marker of [doomed, inner]) assert.ok(!response.body.includes(marker), `${who} sees ${marker} on ${path}`);
      }
      assert.equal((await client.get(`/pitches/${pitch.slug}`)).status, 404);
    }
    assert.equal((await maya.client.get(`/pitches/${pitch.slug}`)).status, 200, 'its team still has the draft');
    assert.equal((await maya.client.get(`/pitches/${innerPitch.slug}`)).status, 404, 'a former member of the group is not on that pitch’s team');
    assert.equal((await fiona.client.get(`/pitches/${pitch.slug}`)).status, 404, 'a facilitator of the gone group is not on its team');
    assert.equal((await t.db.selectFrom('threads').select('id').where('subject_type', '=', 'group').where('subject_id', '=', id).execute()).length, 0);
    const flag = await t.db.selectFrom('flags').select('status').where('subject_id', '=', post).executeTakeFirstOrThrow();
    assert.equal(flag.status, 'resolved');
    const log = await t.db.selectFrom('moderation_log').select(['action', 'subject_id', 'actor_id', 'reason']).where('action', '=', 'delete-group').orderBy('id').execute();
    assert.deepEqual(log.map((row) => [row.subject_id, row.actor_id]).sort(), [
      [id, fiona.id],
      [subId, fiona.id],
    ].sort());
    assert.ok(log.some((row) => row.reason?.includes('Doomed panel') && row.reason.includes('2 pitches')));
    assert.match((await admin.get('/admin/audit')).body, /Deleted group/);
    assert.ok(!fs.existsSync(path.join(t.config.uploadsDir, stored)), 'the files of its wiki pages are deleted too');

    // An administrator may delete a sub-group alone; its parent stays.
    const { slug: parentSlug } = await newGroup(fiona.client, { name: 'Parent group' });
    const { slug: childSlug } = await newGroup(fiona.client, { name: 'Child group' }, `/groups/${parentSlug}/subgroups/new`);
    assert.equal((await admin.get(`/groups/${childSlug}/delete`)).status, 200);
    assert.equal((await admin.postForm(`/groups/${childSlug}/delete`, { confirm: 'Child group' })).status, 303);
    assert.equal((await visitor.get(`/groups/${childSlug}`)).status, 404);
    assert.equal((await visitor.get(`/groups/${parentSlug}`)).status, 200);
  });

  test('the notification choice page is for active members; posting makes no one follow a group’s conversation', async () => {
    const page = await maya.client.get(`/groups/${closedSlug}/notifications`);
    assert.equal(page.status, 200);
    assert.match(page.body, /name="notify" value="daily" checked/);
    const bad = await maya.client.postForm(`/groups/${closedSlug}/notifications`, { notify: 'hourly' });
    assert.equal(bad.status, 400);
    assert.match(bad.body, /class="error-summary"/);
    const saved = await maya.client.postForm(`/groups/${closedSlug}/notifications`, { notify: 'off', back: 'group' });
    assert.equal(saved.status, 303);
    assert.equal(saved.location, `/groups/${closedSlug}`);
    const groupPage = await maya.client.get(`/groups/${closedSlug}`);
    assert.match(groupPage.body, /name="notify" value="off" checked/);
    assert.match(groupPage.body, /You will not be told about new posts/);
    assert.equal((await fiona.client.get(`/groups/${closedSlug}`)).status, 200);
    const thread = await t.db.selectFrom('threads').select('id').where('subject_type', '=', 'group').where('subject_id', '=', closedId).executeTakeFirstOrThrow();
    const followers = await eventually(
      () => t.db.selectFrom('thread_followers').select('user_id').where('thread_id', '=', thread.id).execute(),
      () => true,
      'followers',
    );
    assert.deepEqual(followers, [], 'nobody follows by posting: each member’s choice for the group decides');
  });
});

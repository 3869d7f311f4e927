import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { expectAccessible, launchBrowser, newPage } from '../../test/browser.ts';
import { TestClient } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { createAccount } from '../accounts/accounts.commands.ts';
import { pitchSubject } from './pitch.subject.ts';

const password = 'a long enough password';
const closedMarker = 'closedgrouppitchmarker';
const secretMarker = 'secretgrouppitchmarker';
const openMarker = 'opengrouppitchmarker';
const tag = 'grouptagzz';

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

async function newGroup(client: TestClient, name: string, visibility: string): Promise<string> {
  const response = await client.postForm('/groups/new', { name, purpose: 'Working together.', visibility });
  assert.equal(response.status, 303, `creating a group answered ${response.status}`);
  return response.location!.slice('/groups/'.length);
}

async function groupIdOf(t: TestHub, slug: string): Promise<number> {
  return (await t.db.selectFrom('groups').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
}

const settings = { csrfFrom: '/settings' };

function pitchFields(marker: string, group: number | null): Record<string, string> {
  return {
    kind: 'idea',
    title: `Shared allotment ${marker}`,
    summary: 'A plot for everyone.',
    body: `Details only for the group: ${marker}`,
    terms: 'free',
    stage: 'idea',
    tags: tag,
    group: group === null ? '' : String(group),
    action: 'publish',
  };
}

async function pitch(t: TestHub, author: TestClient, marker: string, group: number | null): Promise<{ slug: string; id: number }> {
  const response = await author.postForm('/pitches/new', pitchFields(marker, group));
  assert.equal(response.status, 303, `pitching answered ${response.status}: ${response.body.slice(0, 300)}`);
  const slug = response.location!.slice('/pitches/'.length);
  const row = await t.db.selectFrom('pitches').select(['id', 'group_id']).where('slug', '=', slug).executeTakeFirstOrThrow();
  assert.equal(row.group_id, group);
  return { slug, id: row.id };
}

/** Every place a pitch could leak from, with whether a hidden pitch there is a 404 rather than a page without it. */
function everywhere(slug: string, id: number, groupSlug: string, marker: string): { path: string; hiddenIs404?: boolean }[] {
  return [
    { path: '/pitches' },
    { path: '/pitches.json' },
    { path: '/pitches.csv' },
    { path: '/pitches.rss' },
    { path: '/pitches.atom' },
    { path: `/tags/${tag}` },
    { path: `/tags/${tag}.json` },
    { path: `/search?q=${marker}` },
    { path: `/search.json?q=${marker}` },
    { path: '/activity' },
    { path: '/activity.json' },
    { path: '/' },
    { path: `/groups/${groupSlug}` },
    { path: `/pitches/${slug}`, hiddenIs404: true },
    { path: `/pitches/${slug}.json`, hiddenIs404: true },
    { path: `/pitches/${slug}/signals.json`, hiddenIs404: true },
    { path: `/pitches/${slug}/matches.json`, hiddenIs404: true },
    { path: `/conversations/pitch/${id}.json`, hiddenIs404: true },
  ];
}

async function assertHidden(client: TestClient, who: string, marker: string, places: { path: string; hiddenIs404?: boolean }[]) {
  for (const place of places) {
    const response = await client.get(place.path);
    if (place.hiddenIs404) assert.equal(response.status, 404, `${who}: ${place.path} answered ${response.status}`);
    else assert.ok(response.status < 500, `${who}: ${place.path} answered ${response.status}`);
    const body = response.body.toLowerCase();
    // A search page repeats the words looked for, so there only the pitch's own text counts.
    const leaks = place.path.startsWith('/search') ? [`allotment ${marker}`, `group: ${marker}`, `allotment-${marker}`] : [marker];
    for (const leak of leaks) assert.ok(!body.includes(leak), `${who} sees "${leak}" on ${place.path}`);
  }
}

describe('pitches posted into a group', () => {
  let t: TestHub;
  let fiona: Member;
  let maya: Member;
  let otto: Member;
  let rhea: Member;
  let visitor: TestClient;
  let closedSlug: string;
  let secretSlug: string;
  let openSlug: string;
  let closedId: number;
  let secretId: number;
  let openId: number;
  let closedPitch: { slug: string; id: number };
  let secretPitch: { slug: string; id: number };

  before(async () => {
    t = await startTestHub();
    await setUpHub(t.app);
    fiona = await member(t, 'Fiona Facilitator', 'fiona@example.org');
    maya = await member(t, 'Maya Member', 'maya@example.org');
    otto = await member(t, 'Otto Outsider', 'otto@example.org');
    rhea = await member(t, 'Rhea Requester', 'rhea@example.org');
    visitor = new TestClient(t.app);
    closedSlug = await newGroup(fiona.client, 'Estate panel', 'closed');
    secretSlug = await newGroup(fiona.client, 'Safeguarding leads', 'secret');
    openSlug = await newGroup(fiona.client, 'Food network', 'open');
    closedId = await groupIdOf(t, closedSlug);
    secretId = await groupIdOf(t, secretSlug);
    openId = await groupIdOf(t, openSlug);
    // Maya asks to join the closed group and is let in; Rhea asks and is still waiting.
    assert.equal((await maya.client.postForm(`/groups/${closedSlug}/join`, {}, settings)).status, 303);
    assert.equal((await fiona.client.postForm(`/groups/${closedSlug}/members/${maya.handle}/approve`, {}, settings)).status, 303);
    assert.equal((await rhea.client.postForm(`/groups/${closedSlug}/join`, {}, settings)).status, 303);
    const standing = await t.db.selectFrom('group_members').select(['user_id', 'status']).where('group_id', '=', closedId).execute();
    assert.deepEqual(new Map(standing.map((row) => [row.user_id, row.status])).get(rhea.id), 'pending');
    closedPitch = await pitch(t, maya.client, closedMarker, closedId);
    secretPitch = await pitch(t, fiona.client, secretMarker, secretId);
  });
  after(() => t.close());

  test('a closed group’s pitch is hidden everywhere from a visitor, an outsider and a pending requester', async () => {
    const places = everywhere(closedPitch.slug, closedPitch.id, closedSlug, closedMarker);
    await assertHidden(visitor, 'visitor', closedMarker, places);
    await assertHidden(otto.client, 'outsider', closedMarker, places);
    await assertHidden(rhea.client, 'pending requester', closedMarker, places);
  });

  test('a secret group’s pitch is hidden everywhere from a visitor and an outsider', async () => {
    const places = everywhere(secretPitch.slug, secretPitch.id, secretSlug, secretMarker);
    await assertHidden(visitor, 'visitor', secretMarker, places);
    await assertHidden(otto.client, 'outsider', secretMarker, places);
    // Filtering by a secret group's slug looks exactly like filtering by one that does not exist.
    const bySecret = await otto.client.get(`/pitches.json?group=${secretSlug}`);
    const byNothing = await otto.client.get('/pitches.json?group=no-such-group');
    assert.equal(bySecret.status, 200);
    assert.deepEqual(bySecret.json(), byNothing.json());
    assert.equal((await otto.client.get('/pitches?group=Not%20A%20Slug!')).status, 400);
  });

  test('members of the group see it on the pitch page, the listing and the group page', async () => {
    for (const [client, slug, groupSlug, marker] of [
      [maya.client, closedPitch.slug, closedSlug, closedMarker],
      [fiona.client, closedPitch.slug, closedSlug, closedMarker],
      [fiona.client, secretPitch.slug, secretSlug, secretMarker],
    ] as const) {
      const page = await client.get(`/pitches/${slug}`);
      assert.equal(page.status, 200);
      assert.ok(page.body.includes(marker));
      assert.match(page.body, new RegExp(`Posted in <\\/span>\\s*<a href="/groups/${groupSlug}"|Posted in.*href="/groups/${groupSlug}"`, 's'));
      const json = (await client.get(`/pitches/${slug}.json`)).json<{ group: { slug: string; name: string } | null }>();
      assert.equal(json.group?.slug, groupSlug);
      assert.ok((await client.get('/pitches')).body.includes(marker), 'on the listing');
      assert.ok((await client.get(`/search?q=${marker}`)).body.toLowerCase().includes(`allotment-${marker}`), 'in search');
      // The same places the outsiders were checked on, so those checks are not empty by accident.
      for (const path of ['/activity', '/activity.json', `/tags/${tag}`, `/conversations/pitch/${slug === closedPitch.slug ? closedPitch.id : secretPitch.id}.json`]) {
        const response = await client.get(path);
        assert.equal(response.status, 200, path);
        assert.ok(response.body.toLowerCase().includes(marker) || path.startsWith('/conversations'), `${path} shows it to a member`);
      }
      const filtered = (await client.get(`/pitches.json?group=${groupSlug}`)).json<{ pitches: { slug: string }[] }>();
      assert.deepEqual(filtered.pitches.map((p) => p.slug), [slug]);
      const groupPage = await client.get(`/groups/${groupSlug}`);
      assert.ok(groupPage.body.includes(marker), 'on the group page');
      assert.ok(groupPage.body.includes(`/pitches?group=${groupSlug}`));
    }
  });

  test('feeds and the subject registry do not count a closed or secret group’s pitch as public', async () => {
    const open = await pitch(t, fiona.client, openMarker, openId);
    const publicIds = await pitchSubject.isPublic(t.db, [closedPitch.id, secretPitch.id, open.id]);
    assert.deepEqual([...publicIds], [open.id]);
    for (const feed of ['/pitches.rss', '/pitches.atom']) {
      const body = (await maya.client.get(feed)).body;
      assert.ok(!body.includes(closedMarker), `${feed} carries only what everyone may see`);
      assert.ok(body.includes(openMarker), `${feed} carries the open group's pitch`);
    }
  });

  test('an open group’s pitch is public, and shows where it was posted', async () => {
    const open = (await visitor.get('/pitches.json?group=' + openSlug)).json<{ pitches: { slug: string }[] }>();
    assert.equal(open.pitches.length, 1);
    const page = await visitor.get(`/pitches/${open.pitches[0]!.slug}`);
    assert.equal(page.status, 200);
    assert.ok(page.body.includes(openMarker));
    assert.ok((await visitor.get(`/groups/${openSlug}`)).body.includes(openMarker));
  });

  test('posting into a group you are not an active member of is refused, keeping what was typed', async () => {
    for (const [who, group] of [
      [otto, closedId],
      [rhea, closedId],
      [otto, secretId],
    ] as const) {
      const response = await who.client.postForm('/pitches/new', pitchFields('refusedmarker', group));
      assert.equal(response.status, 400);
      assert.match(response.body, /You can only post into a group you are an active member of\./);
      assert.ok(response.body.includes('Shared allotment refusedmarker'), 'the title is kept');
    }
    const api = await otto.client.postForm('/pitches/new', { ...pitchFields('refusedmarker', null), group: 'abc' });
    assert.equal(api.status, 400);
    const count = await t.db.selectFrom('pitches').select('id').where('title', 'like', '%refusedmarker%').execute();
    assert.equal(count.length, 0);
  });

  test('the team moves a pitch between groups by editing it; the form offers only the author’s groups', async () => {
    const form = await maya.client.get(`/pitches/${closedPitch.slug}/edit`);
    assert.equal(form.status, 200);
    assert.match(form.body, /<select[^>]*name="group"/);
    assert.match(form.body, new RegExp(`<option value="${closedId}" selected`));
    assert.ok(!form.body.includes(`<option value="${secretId}"`), 'not a group Maya is in');
    const versionOf = async () => (await t.db.selectFrom('pitches').select('version').where('id', '=', closedPitch.id).executeTakeFirstOrThrow()).version;
    const into = await maya.client.postForm(`/pitches/${closedPitch.slug}/edit`, { ...pitchFields(closedMarker, secretId), action: 'save', version: String(await versionOf()) });
    assert.equal(into.status, 400, 'Maya is not in the secret group');
    const out = await maya.client.postForm(`/pitches/${closedPitch.slug}/edit`, { ...pitchFields(closedMarker, null), action: 'save', version: String(await versionOf()) });
    assert.equal(out.status, 303);
    assert.equal((await visitor.get(`/pitches/${closedPitch.slug}`)).status, 200, 'now in the whole hub');
    const back = await maya.client.postForm(`/pitches/${closedPitch.slug}/edit`, { ...pitchFields(closedMarker, closedId), action: 'save', version: String(await versionOf()) });
    assert.equal(back.status, 303);
    assert.equal((await visitor.get(`/pitches/${closedPitch.slug}`)).status, 404);
  });

  test('the JSON API takes a group slug the same way', async () => {
    const created = await fiona.client.postForm('/settings/tokens', { name: 'Pitch robot' });
    const input = /<input\b[^>]*\bid="new-token"[^>]*>/.exec(created.body)?.[0];
    const token = (input ? /\bvalue="([^"]*)"/.exec(input)?.[1] : undefined) ?? '';
    assert.ok(token, 'a token was made');
    const api = (method: 'POST' | 'PATCH', url: string, body: unknown) =>
      t.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    const made = await api('POST', '/api/pitches', { kind: 'idea', title: 'Api pitch apimarker', group: closedSlug, publish: true });
    assert.equal(made.statusCode, 201, made.body);
    const json = made.json<{ slug: string; version: number; group: { slug: string; name: string } | null }>();
    assert.deepEqual({ slug: json.group?.slug, name: json.group?.name }, { slug: closedSlug, name: 'Estate panel' });
    assert.equal((await visitor.get(`/pitches/${json.slug}.json`)).status, 404);
    const moved = await api('PATCH', `/api/pitches/${json.slug}`, { version: json.version, group: null });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal(moved.json<{ group: unknown }>().group, null);
    // Otto is in no group: a real group and a made-up one get the same answer.
    const ottoMade = await otto.client.postForm('/settings/tokens', { name: 'Otto robot' });
    const ottoInput = /<input\b[^>]*\bid="new-token"[^>]*>/.exec(ottoMade.body)?.[0];
    const ottoToken = (ottoInput ? /\bvalue="([^"]*)"/.exec(ottoInput)?.[1] : undefined) ?? '';
    const ottoApi = (group: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/pitches',
        headers: { authorization: `Bearer ${ottoToken}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ kind: 'idea', title: 'Otto api pitch', group }),
      });
    const intoSecret = await ottoApi(secretSlug);
    const intoNothing = await ottoApi('no-such-group');
    assert.equal(intoSecret.statusCode, 400);
    assert.equal(intoSecret.body, intoNothing.body);
  });

  test('a member who leaves the group loses sight of its pitches', async () => {
    assert.equal((await maya.client.get(`/pitches/${closedPitch.slug}`)).status, 200);
    // Even as its author: a pitch in a group is seen only by those who see the group's content.
    assert.equal((await maya.client.postForm(`/groups/${closedSlug}/leave`, {}, settings)).status, 303);
    assert.equal((await maya.client.get(`/pitches/${closedPitch.slug}`)).status, 404);
    assert.ok(!(await maya.client.get('/pitches')).body.includes(closedMarker));
    assert.ok(!(await maya.client.get(`/conversations/pitch/${closedPitch.id}.json`)).body.includes(closedMarker));
  });

  test('the new-pitch form with the group select works without JavaScript and passes axe', { timeout: 120_000 }, async () => {
    const hub = await startTestHub({ listen: true });
    let browser: Browser | undefined;
    try {
      await setUpHub(hub.app);
      const created = await createAccount(hub.db, { name: 'Gail Grower', email: 'gail@example.org', password, verified: true });
      assert.ok(created.ok);
      const client = new TestClient(hub.app);
      await client.signIn('gail@example.org', password);
      await newGroup(client, 'Allotment holders', 'closed');
      browser = await launchBrowser();
      const page = await newPage(browser, { javaScript: false });
      await page.goto(`${hub.baseUrl}/sign-in`);
      await page.getByLabel('Email address').fill('gail@example.org');
      await page.getByLabel('Password').fill(password);
      await Promise.all([page.waitForNavigation(), page.locator('main').getByRole('button', { name: 'Sign in' }).click()]);
      const response = await page.goto(`${hub.baseUrl}/pitches/new`);
      assert.equal(response?.status(), 200);
      const select = page.getByLabel('Post into a group');
      assert.ok(await select.isVisible());
      assert.ok((await expectAccessible(page, 'new pitch form with the group select')) > 0);
      await page.getByLabel('Idea').first().check();
      await page.getByLabel('Title').fill('Shared water butts');
      await select.selectOption({ label: 'Allotment holders' });
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Publish' }).click()]);
      assert.ok(await page.getByText('Posted in').isVisible());
      assert.ok(await page.getByRole('link', { name: 'Allotment holders' }).first().isVisible());
    } finally {
      await browser?.close();
      await hub.close();
    }
  });
});

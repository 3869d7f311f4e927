/**
 * Group wikis: each group's own pages, seen exactly as the group's content is. Marker words in a
 * closed and a secret group's pages, file names and files must reach no visitor, outsider,
 * pending requester or removed member through any knowledge read path — pages, index, search,
 * history, differences, revisions, backlinks, JSON, CSV, feeds, files — while members,
 * facilitators and administrators see them. Only active members (and administrators) write.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseFeed } from '@rowanmanning/feed-parser';
import { createAccount } from '../accounts/accounts.commands.ts';
import { TestClient, type TestResponse } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { firstLink, type TestSmtp } from '../../test/smtp.ts';
import { pageListSchema, pageSchema } from './knowledge.schemas.ts';

const password = 'a long enough password';
// Marker words: a title word (also in the text, the file's name, description and content) and a
// word only in the text, to search for without the search page's own echo counting as a leak.
const closedMarker = 'zebrafinchclosed';
const closedWord = 'quokkaclosedword';
const secretMarker = 'narwhalsecret';
const secretWord = 'axolotlsecretword';
const settings = { csrfFrom: '/settings' };

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

function text(response: TestResponse) {
  return response.body
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

async function newGroup(client: TestClient, name: string, visibility: string): Promise<string> {
  const response = await client.postForm('/groups/new', { name, purpose: 'Working together.', visibility });
  assert.equal(response.status, 303, `creating a group answered ${response.status}`);
  return response.location!.slice('/groups/'.length);
}

async function newPage(client: TestClient, base: string, title: string, body: string) {
  const response = await client.postForm(`${base}/new`, { title, body, summary: '', template: '' });
  assert.equal(response.status, 303, `creating ${title} in ${base} answered ${response.status}: ${text(response).slice(0, 300)}`);
  return response.location!;
}

async function editPage(client: TestClient, pagePath: string, title: string, body: string, summary = '') {
  const form = await client.get(`${pagePath}/edit`);
  assert.equal(form.status, 200, `the edit form of ${pagePath}`);
  const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
  return client.postForm(`${pagePath}/edit`, { version, title, body, summary });
}

interface Secret {
  groupSlug: string;
  base: string;
  page: string;
  marker: string;
  word: string;
  revisions: number[];
  attachmentId: number;
  storedPath: string;
}

/** Every knowledge read path a group page could show through, with whether it must then be a 404. */
function readPaths(secret: Secret) {
  const { base, page, revisions, attachmentId, word } = secret;
  const [first, second] = revisions;
  return {
    notFound: [
      base,
      `${base}.json`,
      `${base}.csv`,
      `${base}.rss`,
      `${base}.atom`,
      `${base}?q=${word}`,
      `${base}.json?q=${word}`,
      page,
      `${page}.json`,
      `${page}/history`,
      `${page}/revisions/${first}`,
      `${page}/diff?from=${first}&to=${second}`,
      `${page}/attachments`,
      `${page}/attachments/${attachmentId}`,
    ],
    // Pages that exist for everyone and must simply not carry the group's page.
    without: [
      '/knowledge',
      '/knowledge.json',
      '/knowledge.csv',
      '/knowledge.rss',
      '/knowledge.atom',
      `/knowledge?q=${word}`,
      `/knowledge.json?q=${word}`,
      `/knowledge.csv?q=${word}`,
      '/knowledge/wormeries',
      '/knowledge/wormeries.json',
      '/knowledge/ground-rules',
      '/knowledge/ground-rules.json',
    ],
  };
}

async function assertHidden(client: TestClient, who: string, secret: Secret, groupPageStatus: number) {
  const { notFound, without } = readPaths(secret);
  const leaks = (body: string) => body.toLowerCase().includes(secret.marker) || body.includes(secret.page);
  for (const place of notFound) {
    const response = await client.get(place);
    assert.equal(response.status, 404, `${who}: ${place} answered ${response.status}`);
    assert.ok(!leaks(response.body), `${who} sees the marker on ${place}`);
  }
  for (const place of without) {
    const response = await client.get(place);
    assert.equal(response.status, 200, `${who}: ${place} answered ${response.status}`);
    assert.ok(!leaks(response.body), `${who} sees the marker on ${place}`);
    assert.ok(!response.body.includes('<mark>'), `${who} gets a search match on ${place}`);
  }
  // A hub page naming the group's page (in its own words) never leads to it.
  for (const place of ['/knowledge/links-to-groups', '/knowledge/links-to-groups.json']) {
    const response = await client.get(place);
    assert.equal(response.status, 200, `${who}: ${place}`);
    assert.ok(!response.body.includes(secret.base) && !response.body.includes(secret.page), `${who} is led into the group from ${place}`);
  }
  const group = await client.get(`/groups/${secret.groupSlug}`);
  assert.equal(group.status, groupPageStatus, `${who}: the group's page`);
  assert.ok(!leaks(group.body), `${who} sees the marker on the group's page`);
  assert.ok(!group.body.includes(secret.base), `${who} is shown the way to the group's wiki`);
  // Writing is refused the same way: the wiki does not exist for them.
  const signedIn = client.signedIn;
  // A token as a browser would have one: from a form it was shown.
  const token = { csrfFrom: signedIn ? '/settings' : '/sign-in' };
  const [first] = secret.revisions;
  for (const [action, send] of [
    ['new form', () => client.get(`${secret.base}/new`)],
    ['edit form', () => client.get(`${secret.page}/edit`)],
    ['create', () => client.postForm(`${secret.base}/new`, { title: 'Intruder', body: 'x', summary: '', template: '' }, token)],
    ['edit', () => client.postForm(`${secret.page}/edit`, { version: '1', title: 'Intruder', body: 'x', summary: '' }, token)],
    ['restore', () => client.postForm(`${secret.page}/revisions/${first}/restore`, {}, token)],
    [
      'upload',
      () =>
        client.postMultipart(`${secret.page}/attachments`, {}, [{ name: 'attachment', filename: 'x.txt', contentType: 'text/plain', data: Buffer.from('x') }], token),
    ],
    ['remove', () => client.postForm(`${secret.page}/attachments/${secret.attachmentId}/remove`, {}, token)],
  ] as const) {
    const response = await send();
    assert.equal(response.status, signedIn ? 404 : 302, `${who}: ${action} answered ${response.status}`);
    assert.ok(!leaks(response.body), `${who} sees the marker when trying to ${action}`);
  }
}

async function assertSeen(client: TestClient, who: string, secret: Secret) {
  const { notFound } = readPaths(secret);
  for (const place of notFound) {
    const response = await client.get(place);
    assert.equal(response.status, 200, `${who}: ${place} answered ${response.status}`);
    // The page itself, its text, its file or its history: the marker is there in each.
    if (!place.includes('/attachments/') && !place.endsWith('.rss') && !place.endsWith('.atom')) {
      assert.ok(response.body.toLowerCase().includes(secret.marker), `${who} does not see the marker on ${place}`);
    }
  }
  const file = await client.get(`${secret.page}/attachments/${secret.attachmentId}`);
  assert.ok(file.body.includes(secret.marker), `${who} gets the file`);
  const feed = parseFeed((await client.get(`${secret.base}.rss`)).body);
  assert.ok(feed.items.some((item) => item.title?.toLowerCase().includes(secret.marker)), `${who} has the page in the group's feed`);
  // Hub-wide search finds it for them, marked as the group's; the hub-wide index itself stays hub-wide.
  const found = pageListSchema.parse((await client.get(`/knowledge.json?q=${secret.word}`)).json());
  assert.deepEqual(
    found.pages.map((p) => [p.url.endsWith(secret.page), p.group?.slug]),
    [[true, secret.groupSlug]],
    `${who}: hub-wide search`,
  );
  assert.match(text(await client.get(`/knowledge?q=${secret.word}`)), /\(in the group “/);
  assert.ok(!(await client.get('/knowledge')).body.toLowerCase().includes(secret.marker), `${who}: the hub-wide index lists it`);
  // Its link to a hub-wide page makes it a backlink there, for them.
  assert.ok((await client.get('/knowledge/wormeries')).body.includes(`href="${secret.page}"`), `${who}: backlink on the hub page`);
  const group = await client.get(`/groups/${secret.groupSlug}`);
  assert.ok(group.body.includes(`href="${secret.base}"`), `${who}: the group's page links to its wiki`);
  assert.ok(group.body.toLowerCase().includes(secret.marker), `${who}: the group's page shows its latest pages`);
}

describe('group wikis', () => {
  let t: TestHub<TestSmtp>;
  let admin: TestClient;
  let fiona: Member;
  let maya: Member;
  let otto: Member;
  let rhea: Member;
  let remy: Member;
  let visitor: TestClient;
  let openSlug: string;
  let closedSlug: string;
  let secretSlug: string;
  let closed: Secret;
  let secret: Secret;

  async function secretPage(author: TestClient, groupSlug: string, marker: string, word: string): Promise<Secret> {
    const base = `/groups/${groupSlug}/knowledge`;
    const page = await newPage(author, base, `Budget ${marker}`, `Private figures ${marker} ${word}. See [[Wormeries]] and [[Ground rules]].`);
    assert.equal(page, `${base}/budget-${marker}`);
    assert.equal((await editPage(author, page, `Budget ${marker}`, `Private figures ${marker} ${word}, revised. See [[Wormeries]] and [[Ground rules]].`, `Revised ${marker}`)).status, 303);
    const upload = await author.postMultipart(
      `${page}/attachments`,
      { description: `Accounts ${marker}` },
      [{ name: 'attachment', filename: `accounts-${marker}.txt`, contentType: 'text/plain', data: Buffer.from(`Confidential ${marker}`) }],
      { csrfFrom: page },
    );
    assert.equal(upload.status, 303, text(upload).slice(0, 300));
    const row = await t.db
      .selectFrom('knowledge_attachments as a')
      .innerJoin('knowledge_pages as p', 'p.id', 'a.page_id')
      .where('p.slug', '=', `budget-${marker}`)
      .select(['a.id', 'a.stored_path', 'p.id as page_id'])
      .executeTakeFirstOrThrow();
    const revisions = await t.db.selectFrom('knowledge_revisions').select('id').where('page_id', '=', row.page_id).orderBy('number').execute();
    return { groupSlug, base, page, marker, word, revisions: revisions.map((r) => r.id), attachmentId: row.id, storedPath: row.stored_path };
  }

  before(async () => {
    t = await startTestHub({ smtp: true });
    admin = await setUpHub(t.app);
    fiona = await member(t, 'Fiona Facilitator', 'fiona@example.org');
    maya = await member(t, 'Maya Member', 'maya@example.org');
    otto = await member(t, 'Otto Outsider', 'otto@example.org');
    rhea = await member(t, 'Rhea Requester', 'rhea@example.org');
    remy = await member(t, 'Remy Removed', 'remy@example.org');
    visitor = new TestClient(t.app);
    openSlug = await newGroup(fiona.client, 'Food network', 'open');
    closedSlug = await newGroup(fiona.client, 'Estate panel', 'closed');
    secretSlug = await newGroup(fiona.client, 'Safeguarding leads', 'secret');

    // Maya and Remy join the closed group; Remy is later removed. Rhea asks and is still waiting.
    for (const who of [maya, remy]) {
      assert.equal((await who.client.postForm(`/groups/${closedSlug}/join`, {}, settings)).status, 303);
      assert.equal((await fiona.client.postForm(`/groups/${closedSlug}/members/${who.handle}/approve`, {}, settings)).status, 303);
    }
    assert.equal((await rhea.client.postForm(`/groups/${closedSlug}/join`, {}, settings)).status, 303);
    // Maya is invited into the secret group.
    assert.equal((await fiona.client.postForm(`/groups/${secretSlug}/invite`, { email: maya.email })).status, 303);
    const invitation = new URL(firstLink((await t.smtp.waitForEmail((m) => m.to.includes(maya.email))).text, '/invitations/'));
    assert.equal((await maya.client.postForm(`${invitation.pathname}/accept`, {}, { csrfFrom: invitation.pathname })).status, 303);

    // Hub-wide pages the group pages link to, and one linking to the group pages' names.
    await newPage(otto.client, '/knowledge', 'Wormeries', 'Worms eat scraps.');
    await newPage(otto.client, '/knowledge', 'Ground rules', 'Hub-wide ground rules.');

    closed = await secretPage(maya.client, closedSlug, closedMarker, closedWord);
    secret = await secretPage(fiona.client, secretSlug, secretMarker, secretWord);
    await newPage(otto.client, '/knowledge', 'Links to groups', `See [[Budget ${closedMarker}]] and [[Budget ${secretMarker}]].`);

    // Remy, while still a member, looks at the page; then is removed.
    assert.equal((await remy.client.get(closed.page)).status, 200);
    assert.equal((await fiona.client.postForm(`/groups/${closedSlug}/members/${remy.handle}/remove`, {}, settings)).status, 303);
  });
  after(() => t.close());

  test('a closed group’s pages and files reach no visitor, outsider, pending requester or removed member', async () => {
    await assertHidden(visitor, 'visitor', closed, 200);
    await assertHidden(otto.client, 'outsider', closed, 200);
    await assertHidden(rhea.client, 'pending requester', closed, 200);
    await assertHidden(remy.client, 'removed member', closed, 200);
  });

  test('a secret group’s pages and files reach no visitor, outsider or non-member', async () => {
    await assertHidden(visitor, 'visitor', secret, 404);
    await assertHidden(otto.client, 'outsider', secret, 404);
    await assertHidden(rhea.client, 'closed group requester', secret, 404);
    await assertHidden(remy.client, 'member of another group', secret, 404);
    // A secret group's wiki looks exactly like one of a group that does not exist.
    const missing = await otto.client.get('/groups/no-such-group/knowledge');
    const hidden = await otto.client.get(secret.base);
    const withoutToken = (body: string) => body.replace(/name="_csrf" value="[^"]*"/g, '');
    assert.equal(hidden.status, missing.status);
    assert.equal(withoutToken(hidden.body), withoutToken(missing.body));
  });

  test('members, facilitators and administrators see them everywhere', async () => {
    await assertSeen(maya.client, 'member', closed);
    await assertSeen(fiona.client, 'facilitator', closed);
    await assertSeen(admin, 'administrator', closed);
    await assertSeen(maya.client, 'invited member', secret);
    await assertSeen(fiona.client, 'facilitator', secret);
    await assertSeen(admin, 'administrator', secret);
    // The uploads folder is never served: only the route, which asks every time.
    assert.equal((await maya.client.get(`/uploads/${closed.storedPath}`)).status, 404);
    assert.ok(fs.existsSync(path.join(t.config.uploadsDir, closed.storedPath)));
  });

  test('private answers are never kept by shared caches', async () => {
    for (const place of [closed.base, `${closed.base}.json`, `${closed.base}.rss`, closed.page, `${closed.page}/attachments/${closed.attachmentId}`]) {
      assert.equal((await maya.client.get(place)).headers['cache-control'], 'private, no-store', place);
    }
  });

  test('the subject registry follows the same rule', async () => {
    const page = await t.db.selectFrom('knowledge_pages').select('id').where('slug', '=', closed.page.split('/').pop()!).executeTakeFirstOrThrow();
    const viewer = (m: Member) => ({ id: m.id, handle: m.handle, displayName: 'x', role: 'member' as const, emailVerified: true });
    assert.equal(await t.app.subjects.canView(t.db, null, 'knowledge-page', page.id), false);
    assert.equal(await t.app.subjects.canView(t.db, viewer(otto), 'knowledge-page', page.id), false);
    assert.equal(await t.app.subjects.canView(t.db, viewer(rhea), 'knowledge-page', page.id), false);
    assert.equal(await t.app.subjects.canView(t.db, viewer(remy), 'knowledge-page', page.id), false);
    assert.equal(await t.app.subjects.canView(t.db, viewer(maya), 'knowledge-page', page.id), true);
    assert.equal((await t.app.subjects.get('knowledge-page').isPublic(t.db, [page.id])).size, 0);
    const described = await t.app.subjects.get('knowledge-page').describe(t.db, [page.id]);
    assert.equal(described.get(page.id)?.url, closed.page);
    assert.equal(await t.app.subjects.get('knowledge-page').canModerate(t.db, viewer(fiona), page.id), true);
    assert.equal(await t.app.subjects.get('knowledge-page').canModerate(t.db, viewer(maya), page.id), false);
  });

  test('[[links]] on a group page lead to the group’s page first, then the hub’s; a hub page never leads into a group', async () => {
    // The closed group writes its own "Ground rules"; the hub already has one.
    const own = await newPage(maya.client, closed.base, 'Ground rules', 'Our own rules.');
    assert.equal(own, `${closed.base}/ground-rules`);
    const page = await maya.client.get(closed.page);
    assert.match(page.body, new RegExp(`<a class="wiki-link" href="${closed.base}/ground-rules">Ground rules</a>`));
    assert.match(page.body, /<a class="wiki-link" href="\/knowledge\/wormeries">Wormeries<\/a>/);
    const json = pageSchema.parse((await maya.client.get(`${closed.page}.json`)).json());
    assert.deepEqual(
      json.links.map((link) => [link.slug, link.url.replace(t.config.publicUrl, ''), link.exists]),
      [
        ['wormeries', '/knowledge/wormeries', true],
        ['ground-rules', `${closed.base}/ground-rules`, true],
      ],
    );
    // A missing page is started in the group's own wiki.
    const missing = await newPage(maya.client, closed.base, 'Rota', 'See [[Keys and locks]].');
    assert.match((await maya.client.get(missing)).body, new RegExp(`href="${closed.base}/new\\?title=Keys%20and%20locks"`));

    // Backlinks: the group's "Ground rules" is linked from the budget page; the hub's is not.
    assert.match((await maya.client.get(own)).body, new RegExp(`Pages that link here.*href="${closed.page}"`, 's'));
    assert.ok(!(await maya.client.get('/knowledge/ground-rules')).body.includes(closed.page));
    // (The secret group has no "Ground rules" of its own, so its page's link does lead here.)
    const hubBacklinks = pageSchema.parse((await maya.client.get('/knowledge/ground-rules.json')).json()).backlinks;
    assert.deepEqual(hubBacklinks.map((link) => link.url.replace(t.config.publicUrl, '')), [secret.page]);

    // The hub page naming the group pages offers to write them hub-wide, even to their members.
    for (const client of [maya.client, fiona.client, admin]) {
      const hubPage = await client.get('/knowledge/links-to-groups');
      assert.ok(!hubPage.body.includes('/groups/'), 'no link into a group');
      assert.match(hubPage.body, new RegExp(`href="/knowledge/new\\?title=Budget%20${closedMarker}"`));
      const hubJson = pageSchema.parse((await client.get('/knowledge/links-to-groups.json')).json());
      assert.ok(hubJson.links.every((link) => !link.exists && link.url.includes('/knowledge/budget-')));
    }
  });

  test('addresses are unique within each wiki', async () => {
    const again = await maya.client.postForm(`${closed.base}/new`, { title: 'Ground rules!', body: 'Again.', summary: '', template: '' });
    assert.equal(again.status, 400);
    assert.match(text(again), /There is already a page with this name/);
    assert.match(again.body, new RegExp(`href="${closed.base}/ground-rules"`));
    assert.equal(await newPage(fiona.client, `/groups/${openSlug}/knowledge`, 'Ground rules', 'Open rules.'), `/groups/${openSlug}/knowledge/ground-rules`);
    assert.match((await visitor.get('/knowledge/ground-rules')).body, /Hub-wide ground rules./);

    // Two members editing a group page at once: the second is shown both texts, nothing is lost.
    const rules = `${closed.base}/ground-rules`;
    const version = (body: string) => /name="version" value="(\d+)"/.exec(body)![1]!;
    const mayaForm = await maya.client.get(`${rules}/edit`);
    const fionaForm = await fiona.client.get(`${rules}/edit`);
    assert.equal((await maya.client.postForm(`${rules}/edit`, { version: version(mayaForm.body), title: 'Ground rules', body: 'Our own rules. No ball games.', summary: '' })).status, 303);
    const conflict = await fiona.client.postForm(`${rules}/edit`, { version: version(fionaForm.body), title: 'Ground rules', body: 'Our own rules. Quiet after ten.', summary: '' });
    assert.equal(conflict.status, 409);
    assert.match(conflict.body, /<textarea id="their-body"[^>]*>Our own rules. No ball games.<\/textarea>/);
    assert.match(conflict.body, /<textarea id="field-body"[^>]*>Our own rules. Quiet after ten.<\/textarea>/);
    assert.match(conflict.body, new RegExp(`<form method="post" action="${rules}/edit"`));
    assert.match((await visitor.get(`/groups/${openSlug}/knowledge/ground-rules`)).body, /Open rules./);
  });

  test('a group’s page is reported at its own address, never confused with a hub-wide page of the same name', async () => {
    const rules = `${closed.base}/ground-rules`;
    const form = await maya.client.get(`${rules}/flag`);
    assert.equal(form.status, 200);
    assert.match(form.body, new RegExp(`<form method="post" action="${rules}/flag"`));
    const sent = await maya.client.postForm(`${rules}/flag`, { reason: 'Names a neighbour.' }, { csrfFrom: `${rules}/flag` });
    assert.equal(sent.status, 303);
    assert.equal(sent.location, rules);
    const flag = await t.db.selectFrom('flags').select(['subject_type', 'subject_id']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    const page = await t.db.selectFrom('knowledge_pages').select(['id', 'group_id']).where('id', '=', flag.subject_id).executeTakeFirstOrThrow();
    assert.equal(flag.subject_type, 'knowledge-page');
    assert.notEqual(page.group_id, null, 'the group’s page was reported, not the hub-wide one');
    // Those who may not see the group's pages cannot report them either.
    assert.equal((await otto.client.get(`${rules}/flag`)).status, 404);
    assert.equal((await rhea.client.get(`${rules}/flag`)).status, 404);
    assert.equal((await maya.client.get(`/groups/not-a-group/knowledge/ground-rules/flag`)).status, 404);
  });

  test('only active members and administrators write; the hub’s own restriction does not reach group wikis', async () => {
    const openBase = `/groups/${openSlug}/knowledge`;
    const openPage = `${openBase}/ground-rules`;
    // An open group's wiki is read by anyone, but written only by its members.
    for (const client of [visitor, otto.client]) {
      const page = await client.get(openPage);
      assert.equal(page.status, 200);
      assert.doesNotMatch(page.body, /Edit this page|Upload the file/);
      assert.doesNotMatch((await client.get(openBase)).body, new RegExp(`href="${openBase}/new"`));
    }
    for (const response of [
      await otto.client.get(`${openBase}/new`),
      await otto.client.get(`${openPage}/edit`),
      await otto.client.postForm(`${openBase}/new`, { title: 'Outsider page', body: 'x', summary: '', template: '' }, settings),
      await otto.client.postForm(`${openPage}/edit`, { version: '1', title: 'Ground rules', body: 'Changed', summary: '' }, settings),
    ]) {
      assert.equal(response.status, 403);
      assert.match(text(response), /Only members of this group can write and change its pages./);
    }
    assert.equal((await visitor.get(`${openBase}/new`)).status, 302);

    // Joining makes them a member who writes; administrators write without joining.
    assert.equal((await otto.client.postForm(`/groups/${openSlug}/join`, {}, settings)).status, 303);
    assert.equal((await editPage(otto.client, openPage, 'Ground rules', 'Open rules, improved.')).status, 303);
    assert.equal((await newPage(admin, closed.base, 'Notes from the hub', 'Administrators help.')).startsWith(closed.base), true);

    // Administrators keeping hub-wide pages to themselves changes nothing for a group's members.
    assert.equal((await admin.postForm('/admin/knowledge', { editing: 'admins' })).status, 303);
    assert.equal((await otto.client.get('/knowledge/wormeries/edit')).status, 403);
    assert.equal((await editPage(maya.client, `${closed.base}/ground-rules`, 'Ground rules', 'Our own rules, kept.')).status, 303);
    assert.equal((await admin.postForm('/admin/knowledge', { editing: 'members' })).status, 303);
  });

  test('a group’s page links to its wiki and shows its latest pages; its index, feeds and data work', async () => {
    const group = await maya.client.get(`/groups/${closedSlug}`);
    assert.match(group.body, /<h2 id="group-knowledge-title">Knowledge pages<\/h2>/);
    assert.match(group.body, new RegExp(`<a href="${closed.base}">All of this group’s pages</a>`));
    assert.match(group.body, new RegExp(`href="${closed.base}/new"`));

    const index = await maya.client.get(closed.base);
    assert.equal(index.status, 200);
    assert.match(index.body, /<h1>Estate panel: knowledge pages<\/h1>/);
    assert.match(text(index), /Only the group’s members can read, write and improve them./);
    assert.match(index.body, new RegExp(`<a href="/groups/${closedSlug}">Estate panel</a>`));
    const list = pageListSchema.parse((await maya.client.get(`${closed.base}.json`)).json());
    assert.deepEqual(
      list.pages.map((p) => p.title),
      [`Budget ${closedMarker}`, 'Ground rules', 'Notes from the hub', 'Rota'],
    );
    assert.ok(list.pages.every((p) => p.group?.slug === closedSlug));
    const csv = await maya.client.get(`${closed.base}.csv`);
    assert.match(String(csv.headers['content-disposition']), new RegExp(`filename="knowledge-${closedSlug}.csv"`));
    assert.match(csv.body, new RegExp(`budget-${closedMarker},Budget ${closedMarker},.*,${closedSlug},`));
    const search = pageListSchema.parse((await maya.client.get(`${closed.base}.json?q=${closedWord}`)).json());
    assert.deepEqual(search.pages.map((p) => p.slug), [`budget-${closedMarker}`]);
    assert.match(search.pages[0]!.snippet ?? '', new RegExp(closedWord));
    const atom = parseFeed((await maya.client.get(`${closed.base}.atom`)).body);
    assert.equal(atom.title, 'Estate panel: recent changes to its pages');
    assert.ok(atom.items.some((item) => item.description === `Added the file “accounts-${closedMarker}.txt”`));

    // History, who changed what, the differences and restoring, all within the group's wiki.
    const history = await maya.client.get(`${closed.page}/history`);
    assert.match(text(history), new RegExp(`Version 3 \\(current\\) Maya Member .* Added the file “accounts-${closedMarker}.txt”`));
    assert.match(text(history), new RegExp(`Version 2 Maya Member .* Revised ${closedMarker}`));
    const diff = await maya.client.get(`${closed.page}/diff?from=${closed.revisions[0]}&to=${closed.revisions[1]}`);
    assert.match(diff.body, /<ins class="diff__line diff__line--added">.*revised\./s);
    const restored = await fiona.client.postForm(`${closed.page}/revisions/${closed.revisions[0]}/restore`, {}, { csrfFrom: `${closed.page}/revisions/${closed.revisions[0]}` });
    assert.equal(restored.status, 303);
    assert.equal(restored.location, closed.page);
    assert.match(text(await maya.client.get(`${closed.page}/history`)), /Version 4 \(current\) Fiona Facilitator .* Restored version 1/);
    // The file stays: restoring is about the text.
    assert.match((await maya.client.get(closed.page)).body, new RegExp(`accounts-${closedMarker}.txt</a>`));

    // Bad addresses are "not found", not errors.
    for (const place of [
      '/groups/Not%20A%20Group/knowledge',
      `/groups/${closedSlug}/knowledge/Not%20A%20Page`,
      `/groups/${closedSlug}/knowledge/no-such-page`,
      `/groups/${closedSlug}/knowledge/no-such-page.json`,
      `${closed.page}.csv`,
      `${closed.page}/revisions/abc`,
      `${closed.page}/revisions/${secret.revisions[0]}`,
      `${closed.page}/attachments/${secret.attachmentId}`,
      `${closed.page}/diff?from=x&to=y`,
      `${closed.base}?page=0`,
    ]) {
      assert.equal((await maya.client.get(place)).status, 404, place);
    }
  });

  test('script in a group page’s title, text and file name is shown as text', async () => {
    const payload = '<script>alert(1)</script>';
    const created = await maya.client.postForm(`${closed.base}/new`, { title: `Plan ${payload}`, body: `Hi ${payload} <img src=x onerror=alert(2)>`, summary: '', template: '' });
    assert.equal(created.status, 303);
    const page = created.location!;
    const upload = await maya.client.postMultipart(
      `${page}/attachments`,
      { description: payload },
      [{ name: 'attachment', filename: '<svg onload=alert(3)>.txt', contentType: 'text/plain', data: Buffer.from('hi') }],
      { csrfFrom: page },
    );
    assert.equal(upload.status, 303);
    for (const place of [page, closed.base, `${page}/history`, `${page}/attachments`, `/groups/${closedSlug}`, `/knowledge?q=plan`]) {
      const response = await maya.client.get(place);
      assert.equal(response.status, 200, place);
      const outsideAttributes = response.body.replace(/="[^"]*"/g, '=""');
      assert.doesNotMatch(outsideAttributes, /<script>alert|<img[^>]*onerror|<svg[^>]*onload/i, place);
    }
    assert.doesNotMatch((await maya.client.get(`${closed.base}.rss`)).body, /<script>/);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { expectAccessible, launchBrowser, newPage } from '../../test/browser.ts';
import { TestClient, type TestResponse } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { firstLink, type TestSmtp } from '../../test/smtp.ts';
import { createOrganisation } from './organisations.commands.ts';
import { organisationForm } from './organisations.forms.ts';
import { organisationsOfMember } from './organisations.queries.ts';
import { organisationListSchema, organisationSchema } from './organisations.schemas.ts';

const password = 'a long enough password';

async function signUp(app: FastifyInstance, name: string, email: string): Promise<TestClient> {
  const client = new TestClient(app);
  const response = await client.postForm('/sign-up', { name, email, password });
  assert.equal(response.status, 303, `signing up ${email}`);
  return client;
}

function organisationFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: 'Kirklees Council',
    type: 'council',
    size: 'large',
    place: 'Huddersfield',
    localAuthority: 'E08000034',
    website: 'https://www.kirklees.gov.uk',
    description: 'We run **libraries**, parks and bin collections across the borough.',
    tags: 'Libraries, parks',
    ...overrides,
  };
}

/** Follows a 303 and returns the page it leads to. */
async function follow(client: TestClient, response: TestResponse): Promise<TestResponse> {
  assert.equal(response.status, 303, `expected a redirect, got ${response.status}`);
  assert.ok(response.location);
  return client.get(response.location);
}

function slugs(response: TestResponse): string[] {
  return organisationListSchema.parse(response.json()).organisations.map((o) => o.slug);
}

describe('organisations', () => {
  let t: TestHub<TestSmtp>;
  let hubAdmin: TestClient;
  let olive: TestClient;
  let sam: TestClient;
  let pat: TestClient;
  let visitor: TestClient;

  before(async () => {
    t = await startTestHub({ smtp: true, listen: true });
    hubAdmin = await setUpHub(t.app);
    olive = await signUp(t.app, 'Olive Organiser', 'olive@example.org');
    sam = await signUp(t.app, 'Sam Seeker', 'sam@example.org');
    pat = await signUp(t.app, 'Pat Passer', 'pat@example.org');
    visitor = new TestClient(t.app);
  });
  after(async () => {
    await t?.close();
  });

  test('a signed-in member creates an organisation and becomes its administrator', async () => {
    const signInFirst = await visitor.get('/organisations/new');
    assert.equal(signInFirst.status, 302);
    assert.match(signInFirst.location ?? '', /^\/sign-in\?next=/);

    const form = await olive.get('/organisations/new');
    assert.equal(form.status, 200);
    assert.equal((form.body.match(/<h1\b/g) ?? []).length, 1);
    assert.ok(form.body.includes('value="E08000034"'), 'the local authority list is offered');

    const created = await olive.postForm('/organisations/new', organisationFields());
    assert.equal(created.location, '/organisations/kirklees-council');
    const page = await follow(olive, created);
    assert.equal(page.status, 200);
    assert.match(page.body, /<h1[^>]*>Kirklees Council<\/h1>/);
    assert.ok(page.body.includes('Kirklees Council has been added'), 'a confirmation is shown');
    assert.ok(page.body.includes('<strong>libraries</strong>'), 'the description is rendered from Markdown');
    assert.ok(page.body.includes('Huddersfield'));
    assert.ok(page.body.includes('>Kirklees</a>'), 'the local authority is named');
    assert.ok(page.body.includes('href="/members/olive-organiser"'), 'the creator is listed as a member');
    assert.ok(page.body.includes('href="/organisations/kirklees-council/edit"'), 'the creator may edit');

    const row = await t.db
      .selectFrom('organisations')
      .select(['id', 'kind', 'size', 'local_authority', 'tags', 'search'])
      .where('slug', '=', 'kirklees-council')
      .executeTakeFirstOrThrow();
    assert.equal(row.kind, 'council');
    assert.equal(row.size, 'large');
    assert.equal(row.local_authority, 'E08000034');
    assert.deepEqual(row.tags, ['libraries', 'parks']);
    assert.match(String(row.search), /'librari':\d+/, 'the search document is filled in');
    const membership = await t.db
      .selectFrom('organisation_members')
      .innerJoin('users', 'users.id', 'organisation_members.user_id')
      .select(['organisation_members.role', 'organisation_members.status'])
      .where('organisation_id', '=', row.id)
      .where('users.handle', '=', 'olive-organiser')
      .executeTakeFirstOrThrow();
    assert.deepEqual(membership, { role: 'admin', status: 'active' });
  });

  test('slugs are unique and never take the address of the create form', async () => {
    const second = await pat.postForm('/organisations/new', organisationFields({ description: '' }));
    assert.equal(second.location, '/organisations/kirklees-council-2');
    const third = await pat.postForm('/organisations/new', organisationFields({ description: '' }));
    assert.equal(third.location, '/organisations/kirklees-council-3');
    const named = await pat.postForm('/organisations/new', organisationFields({ name: 'New', description: '' }));
    assert.equal(named.location, '/organisations/new-2');
    assert.equal((await visitor.get('/organisations/new-2')).status, 200);
  });

  test('only administrators of the organisation (and of the hub) may edit it', async () => {
    assert.equal((await pat.get('/organisations/kirklees-council/edit')).status, 403);
    const refused = await pat.postForm('/organisations/kirklees-council/edit', organisationFields({ name: 'Taken over' }), {
      csrfFrom: '/organisations/new',
    });
    assert.equal(refused.status, 403);
    assert.equal((await visitor.get('/organisations/kirklees-council/edit')).status, 302);

    const form = await olive.get('/organisations/kirklees-council/edit');
    assert.equal(form.status, 200);
    assert.ok(form.body.includes('value="Kirklees Council"'), 'the form holds the saved values');
    assert.ok(form.body.includes('value="libraries, parks"'));

    const saved = await olive.postForm(
      '/organisations/kirklees-council/edit',
      organisationFields({ description: 'Now also running allotments and composting schemes.', tags: 'allotments' }),
    );
    const page = await follow(olive, saved);
    assert.ok(page.body.includes('allotments and composting'));
    assert.equal(saved.location, '/organisations/kirklees-council', 'the address stays the same');
    const found = await visitor.get('/organisations.json?q=composting');
    assert.deepEqual(slugs(found), ['kirklees-council'], 'the search document follows the edit');
    assert.ok(!slugs(await visitor.get('/organisations.json?tag=libraries')).includes('kirklees-council'), 'old tags are gone');

    assert.equal((await hubAdmin.get('/organisations/kirklees-council/edit')).status, 200, 'hub administrators may edit');
    const unchanged = await visitor.get('/organisations/kirklees-council');
    assert.ok(!unchanged.body.includes('Taken over'));
  });

  test('bad input re-renders the form with the values kept and status 400', async () => {
    const longName = 'x'.repeat(151);
    const response = await olive.postForm(
      '/organisations/new',
      organisationFields({ name: longName, website: 'javascript:alert(1)', type: 'spaceship', place: 'Holmfirth', localAuthority: 'Z99' }),
    );
    assert.equal(response.status, 400);
    assert.ok(response.body.includes('class="error-summary"'));
    assert.ok(response.body.includes('use at most 150 characters'));
    assert.ok(response.body.includes('Enter a web address starting with https://'));
    assert.ok(response.body.includes('Choose the type of organisation.'));
    assert.ok(response.body.includes('Choose a local authority from the list.'));
    assert.ok(response.body.includes(`value="${longName}"`), 'the long name is kept');
    assert.ok(response.body.includes('value="javascript:alert(1)"'), 'the website is kept');
    assert.ok(response.body.includes('value="Holmfirth"'));
    assert.ok(response.body.includes('bin collections'), 'the description is kept');
    assert.ok(response.body.includes('href="#field-name"'), 'the summary links to the field');

    const empty = await olive.postForm('/organisations/new', { name: '  ', type: '' });
    assert.equal(empty.status, 400);
    assert.ok(empty.body.includes('Enter the name of the organisation.'));

    const edit = await olive.postForm('/organisations/kirklees-council/edit', organisationFields({ description: 'y'.repeat(5001) }));
    assert.equal(edit.status, 400);
    assert.ok(edit.body.includes('use at most 5000 characters'));
    const count = await t.db.selectFrom('organisations').select((eb) => eb.fn.countAll<number>().as('n')).where('name', '=', longName).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0);
  });

  test('asking to join emails the administrators; approving lists the member and tells them', async () => {
    const message = 'I run the Tuesday library club.';
    const asked = await sam.postForm('/organisations/kirklees-council/join', { message }, { csrfFrom: '/organisations/kirklees-council' });
    const after = await follow(sam, asked);
    assert.ok(after.body.includes('Your request has been sent'));
    assert.ok(after.body.includes('Withdraw my request'));

    const again = await sam.postForm('/organisations/kirklees-council/join', { message: 'Again' }, { csrfFrom: '/organisations/kirklees-council' });
    assert.ok((await follow(sam, again)).body.includes('You have already asked'));
    const requests = await t.db
      .selectFrom('organisation_members')
      .innerJoin('users', 'users.id', 'organisation_members.user_id')
      .innerJoin('organisations', 'organisations.id', 'organisation_members.organisation_id')
      .select(['organisation_members.status', 'message'])
      .where('users.handle', '=', 'sam-seeker')
      .where('organisations.slug', '=', 'kirklees-council')
      .execute();
    assert.deepEqual(requests, [{ status: 'pending', message }], 'asking twice keeps one request');

    const email = await t.smtp.waitForEmail((m) => m.to.includes('olive@example.org') && m.subject.includes('Sam Seeker'));
    assert.equal(email.subject, 'Sam Seeker asks to join Kirklees Council');
    assert.ok(email.text.includes(message));
    assert.equal(firstLink(email.text, '/organisations/'), `${t.baseUrl}/organisations/kirklees-council`);

    // The request is private to those who decide on it.
    for (const [who, client] of [
      ['a visitor', visitor],
      ['another member', pat],
    ] as const) {
      const page = await client.get('/organisations/kirklees-council');
      assert.ok(!page.body.includes('sam-seeker'), `${who} does not see the request`);
      assert.ok(!page.body.includes(message));
    }
    const json = await visitor.get('/organisations/kirklees-council.json');
    assert.ok(!json.body.includes('sam-seeker') && !json.body.includes(message) && !json.body.includes('@example.org'));

    const adminView = await olive.get('/organisations/kirklees-council');
    assert.ok(adminView.body.includes('Requests to join'));
    assert.ok(adminView.body.includes(message));
    assert.ok(adminView.body.includes('action="/organisations/kirklees-council/members/sam-seeker/approve"'));

    // Deciding is for the organisation's administrators only.
    const meddling = await pat.postForm('/organisations/kirklees-council/members/sam-seeker/approve', {}, { csrfFrom: '/organisations/kirklees-council' });
    assert.equal(meddling.status, 403);

    const approved = await olive.postForm('/organisations/kirklees-council/members/sam-seeker/approve', {}, { csrfFrom: '/organisations/kirklees-council' });
    assert.ok((await follow(olive, approved)).body.includes('Sam Seeker is now a member.'));

    const publicPage = await visitor.get('/organisations/kirklees-council');
    assert.ok(publicPage.body.includes('<a href="/members/sam-seeker">Sam Seeker</a>'));
    const data = organisationSchema.parse((await visitor.get('/organisations/kirklees-council.json')).json());
    assert.deepEqual(
      data.members.map((m) => [m.handle, m.role]),
      [
        ['olive-organiser', 'admin'],
        ['sam-seeker', 'member'],
      ],
    );

    const welcome = await t.smtp.waitForEmail((m) => m.to.includes('sam@example.org') && m.subject.includes('Kirklees Council'));
    assert.equal(welcome.subject, 'You are now a member of Kirklees Council');
    assert.equal(firstLink(welcome.text, '/organisations/'), `${t.baseUrl}/organisations/kirklees-council`);

    const mine = await sam.get('/settings/organisations');
    assert.equal(mine.status, 200);
    assert.match(mine.body, /Kirklees Council<\/a><\/td><td>Member<\/td>/);
    assert.deepEqual(await organisationsOfMember(t.db, await userId(t, 'sam-seeker')), [
      { slug: 'kirklees-council', name: 'Kirklees Council', role: 'member' },
    ]);

    const profile = await visitor.get('/members/sam-seeker');
    assert.ok(profile.body.includes('<a href="/organisations/kirklees-council">Kirklees Council</a>'));
    const profileJson = (await visitor.get('/members/sam-seeker.json')).json<{ organisations: { slug: string }[] }>();
    assert.deepEqual(profileJson.organisations.map((o) => o.slug), ['kirklees-council']);
  });

  test('a declined request disappears; a pending one shows in my organisations', async () => {
    await pat.postForm('/organisations/kirklees-council/join', { message: '' }, { csrfFrom: '/organisations/kirklees-council' });
    const mine = await pat.get('/settings/organisations');
    assert.match(mine.body, /Kirklees Council<\/a><\/td><td>Waiting for approval<\/td>/);
    assert.match(mine.body, /Kirklees Council<\/a><\/td><td>Administrator<\/td>/, 'and the ones pat created');

    const declined = await olive.postForm('/organisations/kirklees-council/members/pat-passer/decline', {}, { csrfFrom: '/organisations/kirklees-council' });
    assert.ok((await follow(olive, declined)).body.includes('The request from Pat Passer has been declined.'));
    const page = await visitor.get('/organisations/kirklees-council');
    assert.ok(!page.body.includes('pat-passer'));
    assert.doesNotMatch((await pat.get('/settings/organisations')).body, /Waiting for approval/);

    const twice = await olive.postForm('/organisations/kirklees-council/members/pat-passer/decline', {}, { csrfFrom: '/organisations/kirklees-council' });
    assert.ok((await follow(olive, twice)).body.includes('no longer exists'));
  });

  test('the last administrator cannot leave or be removed; another admin makes it possible', async () => {
    const created = await olive.postForm('/organisations/new', organisationFields({ name: 'Holme Valley Allotments', type: 'charity' }));
    const path = created.location!;
    const leave = await olive.postForm(`${path}/leave`, {}, { csrfFrom: path });
    assert.ok((await follow(olive, leave)).body.includes('An organisation needs at least one administrator.'));
    const removed = await hubAdmin.postForm(`${path}/members/olive-organiser/remove`, {}, { csrfFrom: path });
    assert.ok((await follow(hubAdmin, removed)).body.includes('An organisation needs at least one administrator.'));
    const demoted = await hubAdmin.postForm(`${path}/members/olive-organiser/make-member`, {}, { csrfFrom: path });
    assert.ok((await follow(hubAdmin, demoted)).body.includes('An organisation needs at least one administrator.'));
    assert.ok((await visitor.get(path)).body.includes('href="/members/olive-organiser"'), 'olive is still there');

    await sam.postForm(`${path}/join`, {}, { csrfFrom: path });
    await olive.postForm(`${path}/members/sam-seeker/approve`, {}, { csrfFrom: path });
    const promoted = await olive.postForm(`${path}/members/sam-seeker/make-admin`, {}, { csrfFrom: path });
    assert.ok((await follow(olive, promoted)).body.includes('Sam Seeker is now an administrator.'));
    const left = await olive.postForm(`${path}/leave`, {}, { csrfFrom: path });
    assert.ok((await follow(olive, left)).body.includes('You have left Holme Valley Allotments.'));
    const page = await visitor.get(path);
    assert.ok(!page.body.includes('olive-organiser'));
    assert.ok(page.body.includes('href="/members/sam-seeker"'));

    // Sam, now the only administrator, removes nobody by mistake: removing themselves is refused too.
    const self = await sam.postForm(`${path}/members/sam-seeker/remove`, {}, { csrfFrom: path });
    assert.ok((await follow(sam, self)).body.includes('An organisation needs at least one administrator.'));
  });

  test('the directory filters by type, size, tag and authority and searches words and near names', async () => {
    const creator = await userId(t, 'olive-organiser');
    const add = async (overrides: Record<string, string>) => {
      const parsed = organisationForm.parse(organisationFields({ description: '', tags: '', ...overrides }));
      return createOrganisation(t.db, creator, parsed);
    };
    await add({ name: 'Leeds Community Foundation', type: 'funder', size: 'small', localAuthority: 'E08000035', tags: 'grants, food', place: 'Leeds' });
    await add({
      name: 'Calder Food Cooperative',
      type: 'social-enterprise',
      size: 'micro',
      localAuthority: 'E08000033',
      tags: 'food',
      description: 'A cooperative grocer selling surplus vegetables at low prices.',
    });
    await add({ name: 'University of Huddersfield', type: 'university', size: '', localAuthority: '', tags: 'research' });

    assert.deepEqual(slugs(await visitor.get('/organisations.json?type=funder')), ['leeds-community-foundation']);
    assert.deepEqual(slugs(await visitor.get('/organisations.json?size=micro')), ['calder-food-cooperative']);
    assert.deepEqual(slugs(await visitor.get('/organisations.json?tag=food')), ['calder-food-cooperative', 'leeds-community-foundation']);
    assert.deepEqual(slugs(await visitor.get('/organisations.json?tag=FOOD&type=funder')), ['leeds-community-foundation']);
    assert.deepEqual(slugs(await visitor.get('/organisations.json?authority=E08000035')), ['leeds-community-foundation']);
    assert.deepEqual(slugs(await visitor.get('/organisations.json?authority=e08000033')), ['calder-food-cooperative']);
    assert.deepEqual(slugs(await visitor.get('/organisations.json?q=vegetables')), ['calder-food-cooperative'], 'a word from the description');
    assert.deepEqual(slugs(await visitor.get('/organisations.json?q=Univercity%20of%20Hudersfield')), ['university-of-huddersfield'], 'a misspelt name');
    const near = slugs(await visitor.get('/organisations.json?q=Kirklese'));
    assert.ok(near.includes('kirklees-council') && !near.includes('leeds-community-foundation'), `trigram match on a word of the name: ${near}`);
    const ranked = slugs(await visitor.get('/organisations.json?q=food%20cooperative'));
    assert.equal(ranked[0], 'calder-food-cooperative', 'the best match comes first');

    // The HTML page uses the same read: filters are a plain GET form.
    const html = await visitor.get('/organisations?type=university');
    assert.equal(html.status, 200);
    assert.ok(html.body.includes('href="/organisations/university-of-huddersfield"'));
    assert.ok(!html.body.includes('href="/organisations/kirklees-council"'));
    assert.match(html.body, /<form method="get" action="\/organisations"/);
    assert.match(html.body, /<option value="university" selected>/);
    assert.ok(html.body.includes('href="/organisations.csv?type=university"'));

    for (const bad of ['type=spaceship', 'size=huge', 'authority=XYZ', `q=${'a'.repeat(201)}`, 'type=council&type=funder']) {
      assert.equal((await visitor.get(`/organisations?${bad}`)).status, 400, bad);
      assert.equal((await visitor.get(`/organisations.json?${bad}`)).status, 400, bad);
    }
    const none = await visitor.get('/organisations?q=zzzzqqqq');
    assert.equal(none.status, 200);
    assert.ok(none.body.includes('No organisations match.'));
  });

  test('the directory pages through results 20 at a time', async () => {
    const creator = await userId(t, 'pat-passer');
    for (let i = 1; i <= 21; i++) {
      await createOrganisation(t.db, creator, organisationForm.parse(organisationFields({ name: `Paging Trust ${String(i).padStart(2, '0')}`, type: 'public-body', description: '' })));
    }
    const first = organisationListSchema.parse((await visitor.get('/organisations.json?type=public-body')).json());
    assert.equal(first.organisations.length, 20);
    assert.equal(first.page, 1);
    assert.equal(first.nextPage, 2);
    const second = organisationListSchema.parse((await visitor.get('/organisations.json?type=public-body&page=2')).json());
    assert.deepEqual(second.organisations.map((o) => o.name), ['Paging Trust 21']);
    assert.equal(second.nextPage, null);
    const html = await visitor.get('/organisations?type=public-body');
    assert.match(html.body, /href="\/organisations\?type=public-body&(amp;)?page=2"/, 'the next page keeps the filter');
  });

  test('the CSV has a header row and one row per organisation', async () => {
    const response = await visitor.get('/organisations.csv?tag=food');
    assert.equal(response.status, 200);
    assert.match(String(response.headers['content-type']), /^text\/csv/);
    const rows = parse(response.body, { columns: true }) as Record<string, string>[];
    assert.deepEqual(Object.keys(rows[0]!), ['slug', 'name', 'type', 'size', 'place', 'local_authority_code', 'local_authority_name', 'website', 'tags', 'url']);
    assert.deepEqual(
      rows.map((r) => [r.slug, r.type, r.local_authority_name, r.tags]),
      [
        ['calder-food-cooperative', 'social-enterprise', 'Calderdale', 'food'],
        ['leeds-community-foundation', 'funder', 'Leeds', 'grants; food'],
      ],
    );
    assert.equal(rows[1]!.url, `${t.baseUrl}/organisations/leeds-community-foundation`);
    const all = parse((await visitor.get('/organisations.csv')).body) as string[][];
    assert.equal(all[0]![0], 'slug');
  });

  test('JSON matches the published schemas and is described in the API document', async () => {
    const one = (await visitor.get('/organisations/kirklees-council.json')).json<Record<string, unknown>>();
    assert.deepEqual(organisationSchema.parse(one), one, 'no field outside the schema');
    assert.equal(one.type, 'council');
    assert.deepEqual(one.localAuthority, { code: 'E08000034', name: 'Kirklees' });
    assert.equal(one.membersNextPage, null);
    const list = (await visitor.get('/organisations.json')).json<Record<string, unknown>>();
    assert.deepEqual(organisationListSchema.parse(list), list);
    const negotiated = await visitor.get('/organisations/kirklees-council', { headers: { accept: 'application/json' } });
    assert.equal(negotiated.json<{ slug: string }>().slug, 'kirklees-council');

    const doc = (await visitor.get('/api/openapi.json')).json<{ paths: Record<string, { get?: { tags: string[] } }> }>();
    assert.deepEqual(doc.paths['/organisations.json']?.get?.tags, ['Organisations']);
    assert.deepEqual(doc.paths['/organisations/{slug}.json']?.get?.tags, ['Organisations']);
  });

  test('unknown or malformed addresses are 404', async () => {
    for (const path of [
      '/organisations/no-such-place',
      '/organisations/no-such-place.json',
      '/organisations/Kirklees-Council',
      '/organisations/kirklees-council.csv',
      '/organisations/new.json',
      '/organisations/no-such-place/edit',
    ]) {
      const response = await olive.get(path);
      assert.equal(response.status, 404, path);
    }
    assert.equal((await olive.postForm('/organisations/no-such-place/join', {}, { csrfFrom: '/organisations' })).status, 404);
    assert.equal(
      (await olive.postForm('/organisations/kirklees-council/members/nobody-here/approve', {}, { csrfFrom: '/organisations' })).status,
      404,
    );
    const json = await visitor.get('/organisations/no-such-place.json');
    assert.equal(json.json<{ error: string }>().error, 'notFound');
  });

  test('text from members comes back escaped everywhere', async () => {
    const payload = '<script>alert("x")</script>';
    const created = await pat.postForm(
      '/organisations/new',
      organisationFields({
        name: `Evil ${payload}`,
        place: payload,
        website: `https://example.org/?q="><script>alert(1)</script>`,
        description: `Hello ${payload} <img src=x onerror="alert(2)"> [link](javascript:alert(3))`,
        tags: `<b onmouseover=alert(4)>tag</b>`,
      }),
    );
    const path = created.location!;
    assert.equal(path, '/organisations/evil-script-alert-x-script');
    await sam.postForm(`${path}/join`, { message: payload }, { csrfFrom: path });
    const pages = [
      await pat.get(path),
      await pat.get(`${path}/edit`),
      await visitor.get('/organisations?q=evil'),
      await pat.get('/settings/organisations'),
      await sam.get('/settings/organisations'),
    ];
    for (const [index, page] of pages.entries()) {
      assert.equal(page.status, 200, `page ${index}`);
      // Inside a quoted attribute value a "<" is only text; what matters is that no quote closes it.
      const markup = page.body.replace(/="[^"]*"/g, '=""');
      assert.ok(!markup.includes('<script>alert'), 'no script tag from members');
      assert.ok(!/<[^>]+\bon(error|mouseover)=/i.test(markup), 'no event handler from members');
      assert.ok(!page.body.includes('href="javascript:'), 'no javascript: link');
      assert.match(page.body, /&lt;script(&gt;|>)alert/, `page ${index} shows the text, escaped`);
    }
    const adminView = pages[0]!.body;
    assert.ok(adminView.includes('Requests to join'), 'the join message is on the admin view');
    assert.ok(!adminView.includes(`>${payload}<`));

    const rejected = await pat.postForm('/organisations/new', organisationFields({ name: payload, website: 'javascript:alert(1)' }));
    assert.equal(rejected.status, 400);
    assert.ok(!rejected.body.replace(/="[^"]*"/g, '=""').includes('<script>alert'));
    assert.ok(rejected.body.includes('value="<script>alert(&#34;x&#34;)</script>"'), 'kept in the field, its quotes escaped');
    const tooLongMessage = await olive.postForm(`${path}/join`, { message: `${payload}${'m'.repeat(500)}` }, { csrfFrom: path });
    assert.equal(tooLongMessage.status, 400);
    assert.ok(tooLongMessage.body.includes('use at most 500 characters'));
    assert.match(tooLongMessage.body, /&lt;script(&gt;|>)alert/, 'the message is kept, escaped');
    assert.ok(!tooLongMessage.body.includes('<script>alert'));
  });

  test('the directory, an organisation and the create form work without JavaScript on a phone and pass axe', { timeout: 120_000 }, async () => {
    // So that the administrator's view below includes a request to decide on.
    await pat.postForm('/organisations/kirklees-council/join', { message: 'Please let me in.' }, { csrfFrom: '/organisations/kirklees-council' });
    const browser = await launchBrowser();
    try {
      const page = await newPage(browser, { javaScript: false });
      const directory = await page.goto(`${t.baseUrl}/organisations`);
      assert.equal(directory?.status(), 200);
      assert.ok((await expectAccessible(page, 'organisation directory')) > 0);

      await page.getByLabel('Type').selectOption('funder');
      await Promise.all([page.waitForURL(/type=funder/), page.getByRole('button', { name: 'Filter' }).click()]);
      assert.equal(await page.getByRole('link', { name: 'Leeds Community Foundation' }).count(), 1);
      assert.equal(await page.getByRole('link', { name: 'Kirklees Council', exact: true }).count(), 0);

      await page.goto(`${t.baseUrl}/organisations/kirklees-council`);
      assert.ok((await expectAccessible(page, 'organisation page')) > 0);

      await page.goto(`${t.baseUrl}/sign-in?next=/organisations/new`);
      await page.getByLabel('Email address').fill('olive@example.org');
      await page.getByLabel('Password', { exact: true }).fill(password);
      await Promise.all([page.waitForURL(`${t.baseUrl}/organisations/new`), page.getByRole('button', { name: 'Sign in' }).click()]);
      assert.ok((await expectAccessible(page, 'create form')) > 0);

      await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Add organisation' }).click()]);
      assert.ok(await page.getByText('There is a problem').isVisible());
      assert.ok((await expectAccessible(page, 'create form with errors')) > 0);

      await page.goto(`${t.baseUrl}/organisations/kirklees-council`);
      assert.ok(await page.getByRole('button', { name: 'Approve (Pat Passer)', exact: true }).isVisible());
      assert.ok((await expectAccessible(page, 'organisation page as its administrator')) > 0);
    } finally {
      await browser.close();
    }
  });
});

async function userId(t: TestHub, handle: string): Promise<number> {
  const row = await t.db.selectFrom('users').select('id').where('handle', '=', handle).executeTakeFirstOrThrow();
  return row.id;
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseFeed } from '@rowanmanning/feed-parser';
import { createAccount } from '../accounts/accounts.commands.ts';
import { TestClient, type TestResponse } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { renderAtom, renderRss } from '../../web/feeds.ts';
import { createPitch } from './pitches.commands.ts';
import type { PitchInput } from './pitches.forms.ts';
import { activitySchema, pitchListSchema, searchResultsSchema } from './pitches.schemas.ts';

const password = 'a long enough password';
const xssTitle = 'Fête <script>alert(1)</script> & “friends”';

function input(values: Partial<PitchInput> & { title: string }): PitchInput {
  return {
    kind: 'idea',
    summary: '',
    body: '',
    terms: 'free',
    priceMin: null,
    priceMax: null,
    budget: null,
    deadline: null,
    stage: 'idea',
    tags: [],
    place: '',
    localAuthority: null,
    online: false,
    organisationIds: [],
    links: [],
    ...values,
  };
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });

function asArray<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function rssItems(response: TestResponse): { title: string; link: string; description: string; guid: unknown }[] {
  assert.match(String(response.headers['content-type']), /^application\/rss\+xml; charset=utf-8/);
  assert.equal(XMLValidator.validate(response.body), true, 'the RSS is well-formed XML');
  const parsed = xml.parse(response.body) as { rss: { '@version': string; channel: { title: string; link: string; description: string; item?: unknown } } };
  assert.equal(parsed.rss['@version'], '2.0');
  assert.ok(parsed.rss.channel.title);
  assert.ok(parsed.rss.channel.link);
  return asArray(parsed.rss.channel.item) as { title: string; link: string; description: string; guid: unknown }[];
}

function atomEntries(response: TestResponse): { title: { '#text': string } | string; id: string; updated: string; link: unknown }[] {
  assert.match(String(response.headers['content-type']), /^application\/atom\+xml; charset=utf-8/);
  assert.equal(XMLValidator.validate(response.body), true, 'the Atom is well-formed XML');
  const parsed = xml.parse(response.body) as { feed: { '@xmlns': string; title: string; id: string; updated: string; entry?: unknown } };
  assert.equal(parsed.feed['@xmlns'], 'http://www.w3.org/2005/Atom');
  assert.ok(parsed.feed.id && parsed.feed.updated && parsed.feed.title);
  return asArray(parsed.feed.entry) as { title: { '#text': string } | string; id: string; updated: string; link: unknown }[];
}

const entryTitle = (entry: { title: { '#text': string } | string }) => (typeof entry.title === 'string' ? entry.title : entry.title['#text']);

describe('the exchange: listing, tags, search, activity and feeds', () => {
  let hub: TestHub;
  let ada: TestClient;
  let bob: TestClient;
  const visitor = () => new TestClient(hub.app);
  const ids: Record<string, number> = {};
  const slugs: Record<string, string> = {};
  const pitchIds: Record<string, number> = {};

  before(async () => {
    hub = await startTestHub();
    await setUpHub(hub.app);
    for (const [name, email] of [
      ['Ada Lovelace', 'ada@example.org'],
      ['Bob Builder', 'bob@example.org'],
    ] as const) {
      const created = await createAccount(hub.db, { name, email, password, verified: true });
      assert.ok(created.ok);
      ids[created.handle] = created.userId;
    }
    ada = new TestClient(hub.app);
    await ada.signIn('ada@example.org', password);
    bob = new TestClient(hub.app);
    await bob.signIn('bob@example.org', password);

    const council = await hub.db.insertInto('organisations').values({ slug: 'kirklees-council', name: 'Kirklees Council', kind: 'council' }).returning('id').executeTakeFirstOrThrow();
    const charity = await hub.db.insertInto('organisations').values({ slug: 'pantry', name: 'The Pantry Partnership', kind: 'charity' }).returning('id').executeTakeFirstOrThrow();
    await hub.db
      .insertInto('organisation_members')
      .values([
        { organisation_id: council.id, user_id: ids['ada-lovelace']!, status: 'active' },
        { organisation_id: charity.id, user_id: ids['ada-lovelace']!, status: 'active' },
      ])
      .execute();

    const make = async (key: string, author: string, values: Partial<PitchInput> & { title: string }, publish = true) => {
      const created = await createPitch(hub.db, ids[author]!, input(values), publish);
      assert.ok(created.ok);
      slugs[key] = created.slug;
      pitchIds[key] = created.id;
    };
    await make('warm', 'ada-lovelace', {
      title: 'Warm spaces in Kirklees libraries',
      summary: 'Somewhere warm to sit on winter afternoons.',
      body: 'Volunteers bring flasks. We hand out thermoses to anyone who needs one, and a biscuit.',
      tags: ['warm spaces', 'libraries'],
      stage: 'shaping',
      localAuthority: 'E08000034',
      organisationIds: [council.id],
    });
    await make('food', 'ada-lovelace', {
      kind: 'challenge',
      title: 'Food waste from school kitchens',
      summary: 'Tonnes of food leave school kitchens every week.',
      body: 'We need a way to get surplus to pantries the same day.',
      tags: ['food'],
      terms: 'paid',
      priceMin: 500,
      priceMax: 2000,
      stage: 'seeking-funding',
      online: true,
      organisationIds: [charity.id],
    });
    await make('room', 'bob-builder', { kind: 'offer', title: 'Spare meeting room in Cardiff', tags: ['community assets'], localAuthority: 'W06000015' });
    await make('xss', 'bob-builder', { title: xssTitle, summary: `Summary ${xssTitle}`, tags: ['food'], body: 'The thermoses & flasks < 3 are <script>alert(2)</script> ours.' });
    await make('draft', 'ada-lovelace', { title: 'Secret draft about thermoses', body: 'Nobody may find the thermoses here.', tags: ['food'], online: true }, false);

    // Orders that are not the creation order, for the sorts.
    await hub.db.updateTable('pitches').set({ signal_count: 7 }).where('id', '=', pitchIds.room!).execute();
    await hub.db.updateTable('pitches').set({ signal_count: 9, last_activity_at: new Date(Date.now() + 60_000) }).where('id', '=', pitchIds.warm!).execute();
  });
  after(async () => {
    await hub?.close();
  });

  const listed = (response: TestResponse, key: string) => response.body.includes(`href="/pitches/${slugs[key]}"`);

  test('the listing shows published pitches to everyone and drafts only as “Your drafts” to their team', async () => {
    const page = await visitor().get('/pitches');
    assert.equal(page.status, 200);
    for (const key of ['warm', 'food', 'room', 'xss']) assert.ok(listed(page, key), key);
    assert.ok(!listed(page, 'draft'));
    assert.ok(!listed(await bob.get('/pitches'), 'draft'));
    const own = await ada.get('/pitches');
    assert.match(own.body, /Your drafts/);
    assert.ok(listed(own, 'draft'), 'the author finds their draft');
    assert.equal((own.body.match(new RegExp(`href="/pitches/${slugs.draft}"`, 'g')) ?? []).length, 1, 'but not among the published ones');

    // Cards: title, kind, stage, terms, summary, tags, place, counts.
    assert.match(page.body, /Food waste from school kitchens<\/a><\/h3><p class="badges"><span class="badge">Challenge or request<\/span> <span class="badge">Seeking funding<\/span> <span class="badge">Paid<\/span>/);
    assert.match(page.body, /Tonnes of food leave school kitchens/);
    const text = page.body.replace(/<[^>]+>/g, '');
    assert.match(text, /Online or anywhere · 0 signals · 0 replies/);
    assert.match(text, /Kirklees · 9 signals/);
    assert.ok(page.body.includes('Fête &lt;script>alert(1)&lt;/script> &amp; “friends”'), 'titles are escaped');
    assert.ok(!page.body.includes('<script>alert'), 'no script gets through');
  });

  test('filters: kind, stage, terms, tag, area, online and the sector behind a pitch', async () => {
    const cases: [string, string[]][] = [
      ['kind=challenge', ['food']],
      ['kind=offer', ['room']],
      ['stage=shaping', ['warm']],
      ['terms=paid', ['food']],
      ['tag=food', ['food', 'xss']],
      ['tag=Warm%20Spaces', ['warm']],
      ['area=E08000034', ['warm']],
      ['area=online', ['food']],
      ['sector=council', ['warm']],
      ['sector=charity', ['food']],
      ['sector=funder', []],
      ['kind=challenge&area=online&terms=paid', ['food']],
    ];
    for (const [query, expected] of cases) {
      const response = await ada.get(`/pitches.json?${query}`);
      assert.equal(response.status, 200, query);
      const data = pitchListSchema.parse(response.json());
      assert.deepEqual(data.pitches.map((p) => p.slug).sort(), expected.map((key) => slugs[key]).sort(), query);
      const html = await ada.get(`/pitches?${query}`);
      for (const key of ['warm', 'food', 'room', 'xss', 'draft']) {
        const inCards = new RegExp(`class="card__title"><a href="/pitches/${slugs[key]}"`).test(html.body);
        assert.equal(inCards, expected.includes(key), `${query}: ${key} on the page`);
      }
    }
    for (const bad of ['kind=bribe', 'stage=done', 'area=Z99', 'sort=random', 'page=0', 'page=501', 'page=abc', 'sector=<b>']) {
      const page = await visitor().get(`/pitches?${bad}`);
      assert.equal(page.status, 400, bad);
      assert.match(page.body, /That list could not be shown/);
      const json = await visitor().get(`/pitches.json?${bad}`);
      assert.equal(json.status, 400, bad);
      assert.equal((json.json() as { error: string }).error, 'invalid-query');
    }
  });

  test('sorts: newest, most active, most signals, seeking funding first', async () => {
    const order = async (sort: string) => pitchListSchema.parse((await visitor().get(`/pitches.json?sort=${sort}`)).json()).pitches.map((p) => p.slug);
    assert.deepEqual(await order('newest'), ['xss', 'room', 'food', 'warm'].map((k) => slugs[k]));
    assert.equal((await order('active'))[0], slugs.warm);
    assert.deepEqual((await order('signals')).slice(0, 2), [slugs.warm, slugs.room]);
    assert.equal((await order('funding'))[0], slugs.food);
    const page = await visitor().get('/pitches?sort=funding');
    assert.match(page.body, /<option value="funding" selected>Seeking funding first<\/option>/);
  });

  test('20 a page, with a next page and no count of everything', async () => {
    for (let n = 1; n <= 18; n++) {
      const created = await createPitch(hub.db, ids['bob-builder']!, input({ title: `Filler pitch ${n}`, tags: ['filler'] }), true);
      assert.ok(created.ok);
    }
    const first = pitchListSchema.parse((await visitor().get('/pitches.json')).json());
    assert.equal(first.pitches.length, 20);
    assert.equal(first.nextPage, 2);
    const second = pitchListSchema.parse((await visitor().get('/pitches.json?page=2')).json());
    assert.equal(second.pitches.length, 2);
    assert.equal(second.nextPage, null);
    assert.equal(new Set([...first.pitches, ...second.pitches].map((p) => p.slug)).size, 22);
    const html = await visitor().get('/pitches');
    assert.match(html.body, /href="\/pitches\?page=2" rel="next"/);
    await hub.db.deleteFrom('pitches').where('title', 'like', 'Filler pitch %').execute();
  });

  test('CSV, RSS and Atom come from the same list and leave drafts out', async () => {
    const csv = await visitor().get('/pitches.csv?tag=food');
    assert.equal(csv.status, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    const rows = parseCsv(csv.body, { columns: true }) as Record<string, string>[];
    assert.deepEqual(rows.map((r) => r.slug).sort(), [slugs.food, slugs.xss].sort());
    const food = rows.find((r) => r.slug === slugs.food)!;
    assert.equal(food.kind, 'challenge');
    assert.equal(food.price_min, '500');
    assert.equal(food.online, 'true');
    assert.equal(food.url, `${hub.baseUrl}/pitches/${slugs.food}`);
    assert.equal(rows.find((r) => r.slug === slugs.xss)!.title, xssTitle);

    for (const client of [visitor(), ada]) {
      const items = rssItems(await client.get('/pitches.rss'));
      assert.deepEqual(items.map((i) => i.link).sort(), ['warm', 'food', 'room', 'xss'].map((k) => `${hub.baseUrl}/pitches/${slugs[k]}`).sort());
      assert.ok(items.some((i) => i.title === xssTitle), 'the title arrives as typed');
      const entries = atomEntries(await client.get('/pitches.atom'));
      assert.equal(entries.length, 4);
      assert.ok(entries.some((e) => entryTitle(e) === xssTitle));
    }
    const raw = (await visitor().get('/pitches.rss')).body;
    // A feed reader's own parser reads both feeds the way a subscriber's app would.
    for (const [path, format] of [['/pitches.rss', 'rss'], ['/pitches.atom', 'atom']] as const) {
      const read = parseFeed((await visitor().get(path)).body);
      assert.equal(read.meta.type, format);
      assert.ok(read.title);
      assert.equal(read.items.length, 4);
      assert.ok(read.items.every((item) => item.url?.startsWith(`${hub.baseUrl}/pitches/`)));
      assert.ok(read.items.some((item) => item.title === xssTitle));
    }
    assert.ok(!raw.includes('<script>'), 'no markup in the feed');
    assert.ok(!raw.includes('Secret draft'));
    const filtered = rssItems(await visitor().get('/pitches.rss?kind=offer'));
    assert.deepEqual(filtered.map((i) => i.title), ['Spare meeting room in Cardiff']);
  });

  test('feeds escape every text and drop characters XML cannot carry', () => {
    const feed = {
      title: 'A & B <c>',
      link: 'https://example.org/?a=1&b=2',
      self: 'https://example.org/feed?a=1&b=2',
      description: 'Quotes " and \' and a control \u0001 character',
      items: [{ title: '<script>x</script>', link: 'https://example.org/x?y=1&z=2', guid: 'urn:x', published: new Date('2025-01-02T03:04:05Z'), summary: 'a\u0000b' }],
    };
    const rss = xml.parse(renderRss(feed)) as { rss: { channel: { title: string; description: string; item: { title: string; link: string; guid: { '#text': string; '@isPermaLink': string }; description: string } } } };
    assert.equal(XMLValidator.validate(renderRss(feed)), true);
    assert.equal(rss.rss.channel.title, 'A & B <c>');
    assert.equal(rss.rss.channel.item.title, '<script>x</script>');
    assert.equal(rss.rss.channel.item.link, 'https://example.org/x?y=1&z=2');
    assert.equal(rss.rss.channel.item.guid['@isPermaLink'], 'false');
    assert.equal(rss.rss.channel.item.description, 'ab');
    assert.equal(XMLValidator.validate(renderAtom(feed)), true);
    const atom = xml.parse(renderAtom(feed)) as { feed: { entry: { updated: string; published: string } } };
    assert.equal(atom.feed.entry.published, '2025-01-02T03:04:05.000Z');
  });

  test('tag pages list published pitches with the tag, also as JSON and feeds', async () => {
    const page = await visitor().get('/tags/food');
    assert.equal(page.status, 200);
    assert.match(page.body, /<h1>Pitches tagged “food”<\/h1>/);
    assert.ok(listed(page, 'food') && listed(page, 'xss'));
    assert.ok(!listed(page, 'warm') && !listed(page, 'draft'));
    assert.ok(!listed(await ada.get('/tags/food'), 'draft'), 'not even for the draft’s author');
    const spaced = await visitor().get('/tags/warm%20spaces');
    assert.ok(listed(spaced, 'warm'));
    const json = pitchListSchema.parse((await visitor().get('/tags/food.json')).json());
    assert.deepEqual(json.pitches.map((p) => p.slug).sort(), [slugs.food, slugs.xss].sort());
    assert.equal(rssItems(await visitor().get('/tags/food.rss')).length, 2);
    assert.equal(atomEntries(await visitor().get('/tags/food.atom')).length, 2);
    const none = await visitor().get('/tags/nothing-here');
    assert.equal(none.status, 200);
    assert.match(none.body, /No published pitches have this tag yet/);
    assert.equal((await visitor().get(`/tags/${'x'.repeat(41)}`)).status, 404);
    assert.equal((await visitor().get('/tags/food?page=nope')).status, 404);
    const xssTag = await visitor().get(`/tags/${encodeURIComponent('<script>alert(1)</script>')}`);
    // Inside a quoted attribute a "<" is only text; outside attributes there must be no markup.
    const outsideAttributes = xssTag.body.replace(/="[^"]*"/g, '=""');
    assert.ok(!outsideAttributes.includes('<script>alert'), 'the tag in the heading is escaped');
    assert.match(xssTag.body, /<h1>Pitches tagged “&lt;script>alert\(1\)&lt;\/script>”<\/h1>/);
  });

  test('search finds words in bodies with a highlighted, escaped snippet, and never a draft', async () => {
    const page = await visitor().get('/search?q=thermoses');
    assert.equal(page.status, 200);
    assert.match(page.body, /<h1>Search results for “thermoses”<\/h1>/);
    assert.ok(listed(page, 'warm'));
    assert.match(page.body, /<mark>thermoses<\/mark>/);
    assert.ok(!listed(page, 'draft'), 'drafts are not found');
    assert.ok(!(await ada.get('/search?q=thermoses')).body.includes('Secret draft'), 'search covers published pitches only');
    // A body with HTML in it: ts_headline drops tags, and what is left is escaped before it is marked.
    assert.ok(listed(page, 'xss'));
    assert.match(page.body, /<mark>thermoses<\/mark>\s+&amp;\s+flasks\s+&lt;\s+3/, 'the snippet is escaped before it is marked');
    assert.ok(!page.body.includes('<script>alert(2)'));

    const stemmed = await visitor().get('/search?q=volunteering');
    assert.ok(listed(stemmed, 'warm'), 'English stemming');
    const title = await visitor().get('/search.json?q=kitchens');
    const results = searchResultsSchema.parse(title.json());
    assert.equal(results.results[0]?.pitch?.slug, slugs.food);
    assert.ok(!results.results[0]?.snippet.includes('\uE000'), 'JSON snippets are plain text');

    const empty = await visitor().get('/search');
    assert.equal(empty.status, 200);
    assert.doesNotMatch(empty.body, /Results/);
    const tooLong = await visitor().get(`/search?q=${'a'.repeat(201)}`);
    assert.equal(tooLong.status, 400);
    assert.match(tooLong.body, /There is a problem/);
    assert.equal((await visitor().get('/search.json?page=0&q=x')).status, 400);
    const odd = await visitor().get(`/search?q=${encodeURIComponent('" & | ! ( <script>')}`);
    assert.equal(odd.status, 200, 'odd input is not an error');
  });

  test('search finds replies in conversations on visible pitches only, and replies count on the pitch', async () => {
    const onWarm = await bob.postForm(`/conversations/pitch/${pitchIds.warm}/posts`, { postBody: 'I can bake flapjacks for the Tuesday session.' }, { csrfFrom: `/pitches/${slugs.warm}` });
    assert.equal(onWarm.status, 303, onWarm.body.slice(0, 500));
    const onDraft = await ada.postForm(`/conversations/pitch/${pitchIds.draft}/posts`, { postBody: 'Private flapjacks plan.' }, { csrfFrom: `/pitches/${slugs.draft}` });
    assert.equal(onDraft.status, 303);

    const results = searchResultsSchema.parse((await visitor().get('/search.json?q=flapjacks')).json());
    assert.equal(results.results.length, 1);
    assert.equal(results.results[0]?.kind, 'post');
    assert.equal(results.results[0]?.pitch?.slug, slugs.warm);
    assert.match(results.results[0]?.url ?? '', new RegExp(`/pitches/${slugs.warm}#post-\\d+$`));
    const page = await bob.get('/search?q=flapjacks');
    assert.match(page.body, /Reply in the conversation on/);
    assert.match(page.body, /<mark>flapjacks<\/mark>/);
    assert.doesNotMatch(page.body, /Private flapjacks/);

    // The reply count follows the conversation (the listener runs just after the post commits).
    let count = 0;
    for (let attempt = 0; attempt < 50 && count === 0; attempt++) {
      count = (await hub.db.selectFrom('pitches').select('reply_count').where('id', '=', pitchIds.warm!).executeTakeFirstOrThrow()).reply_count;
      if (count === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(count, 1);
    assert.match((await visitor().get('/pitches')).body, /1 reply</);
  });

  test('the activity stream shows what the viewer may see, as a page, JSON and feeds', async () => {
    const page = await visitor().get('/activity');
    assert.equal(page.status, 200);
    assert.match(page.body, /Ada Lovelace<\/a><span> pitched <\/span><a href="\/pitches\/warm-spaces-in-kirklees-libraries">Warm spaces in Kirklees libraries<\/a>/);
    assert.doesNotMatch(page.body, /Secret draft/);
    assert.ok(!page.body.includes('<script>alert'), 'titles are escaped');
    assert.match((await ada.get('/activity')).body, /Secret draft about thermoses/, 'the team sees activity on its draft');
    assert.doesNotMatch((await bob.get('/activity')).body, /Secret draft/);

    const data = activitySchema.parse((await ada.get('/activity.json')).json());
    assert.ok(data.activities.some((a) => a.subject?.title === 'Secret draft about thermoses'));
    const open = activitySchema.parse((await visitor().get('/activity.json')).json());
    assert.ok(!open.activities.some((a) => a.subject?.title.includes('Secret')));
    assert.ok(open.activities.every((a) => a.subject !== null));

    for (const client of [visitor(), ada]) {
      const items = rssItems(await client.get('/activity.rss'));
      assert.ok(items.some((i) => i.title === 'Ada Lovelace pitched “Warm spaces in Kirklees libraries”'));
      assert.ok(!items.some((i) => i.title.includes('Secret')), 'feeds carry only what everyone may see');
      const entries = atomEntries(await client.get('/activity.atom'));
      assert.ok(entries.length >= 4);
      assert.ok(!entries.some((e) => entryTitle(e).includes('Secret')));
    }

    const rawActivity = (await visitor().get('/activity.rss')).body;
    assert.ok(rawActivity.includes('Fête &lt;script&gt;alert(1)&lt;/script&gt; &amp;'), 'titles are escaped in the feed');
    assert.ok(!rawActivity.includes('<script>'));

    // Older pages, by keyset; many hidden rows in between do not stop the stream.
    for (let n = 0; n < 30; n++) {
      await hub.db.insertInto('activities').values({ verb: 'pitched', actor_id: ids['ada-lovelace']!, subject_type: 'pitch', subject_id: pitchIds.draft!, summary: 'x' }).execute();
    }
    await hub.db.insertInto('activities').values({ verb: 'noted', actor_id: null, subject_type: 'no-such-type', subject_id: 1, summary: 'hidden' }).execute();
    const first = activitySchema.parse((await visitor().get('/activity.json')).json());
    assert.ok(first.activities.length > 0 && first.activities.every((a) => !a.subject?.title.includes('Secret')));
    assert.equal((await visitor().get('/activity?before=abc')).status, 404);
    assert.equal((await visitor().get('/activity.json?before=-1')).status, 400);
    const oldest = Math.min(...first.activities.map((a) => a.id));
    const older = activitySchema.parse((await visitor().get(`/activity.json?before=${oldest}`)).json());
    assert.ok(older.activities.every((a) => a.id < oldest));
  });

  test('every JSON endpoint is in the OpenAPI document', async () => {
    const document = (await visitor().get('/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    for (const [path, method] of [
      ['/pitches.json', 'get'],
      ['/pitches/{slug}.json', 'get'],
      ['/tags/{tag}.json', 'get'],
      ['/search.json', 'get'],
      ['/activity.json', 'get'],
      ['/api/pitches', 'post'],
      ['/api/pitches/{slug}', 'get'],
      ['/api/pitches/{slug}', 'patch'],
    ] as const) {
      assert.ok(document.paths[path]?.[method], `${method} ${path}`);
    }
  });
});

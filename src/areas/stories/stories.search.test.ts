/**
 * Finding stories: the site search (/search and its JSON) shows published stories that match, and
 * never a draft or a story a moderator has hidden, whoever asks; the stories list searches too
 * (/stories?q=, as a page, JSON and CSV), best match first, and is where "more stories" leads.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import { TestClient } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { createAccount } from '../accounts/accounts.commands.ts';
import { searchResultsSchema } from '../exchange/pitches.schemas.ts';
import { setPublished, startStory, updateStory } from './stories.commands.ts';
import { storyListSchema } from './stories.schemas.ts';

const password = 'a long enough password';

function textOf(body: string) {
  return body
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe('searching stories', () => {
  let t: TestHub;
  let admin: TestClient;
  let reporter: TestClient;
  let reporterId = 0;
  let visitor: TestClient;
  const slugs: Record<string, string> = {};

  /** A story written and (unless told otherwise) published with the stories area's own commands. */
  async function story(key: string, title: string, words: { summary?: string; body?: string; people?: string; place?: string; tags?: string[] }, publish = true) {
    const started = await startStory(t.db, reporterId, { title, reporterId });
    const result = await updateStory(
      t.db,
      started.id,
      reporterId,
      {
        title,
        summary: words.summary ?? `${title}, in short.`,
        body: words.body ?? '',
        people: words.people ?? '',
        place: words.place ?? '',
        localAuthority: null,
        tags: words.tags ?? [],
        storyPeople: [],
        adaptedFrom: '',
        adaptedNote: '',
      },
      { peopleIds: [], adaptedFromId: null },
    );
    assert.ok(result.ok);
    if (publish) await setPublished(t.db, started.id, true);
    slugs[key] = started.slug;
    return started;
  }

  before(async () => {
    t = await startTestHub({ env: { RATE_LIMITS: 'off' } });
    admin = await setUpHub(t.app);
    const created = await createAccount(t.db, { name: 'Rita Reporter', email: 'rita@example.org', password, verified: true });
    assert.ok(created.ok);
    reporterId = created.userId;
    reporter = new TestClient(t.app);
    await reporter.signIn('rita@example.org', password);
    visitor = new TestClient(t.app);
    await story('orchard', 'The community orchard of Hebden', { summary: 'Neighbours planted forty apple trees on a verge.', body: 'The **orchard** gives fruit to the food bank.', tags: ['fruit'] });
    await story('bakery', 'A bakery that teaches', { summary: 'Young people learn a trade.', body: 'Bread from the orchard apples, too.', people: 'Hebden Bakers', place: 'Hebden Bridge' });
    await story('draft', 'Secret orchard plans', { summary: 'Nothing to see yet: draftmarker.', body: 'An orchard in a car park.' }, false);
    const hidden = await story('hidden', 'Orchard dispute', { summary: 'Hidden by a moderator: hiddenmarker.', body: 'An orchard nobody agreed to.' });
    await t.db.updateTable('stories').set({ hidden_at: new Date(), hidden_reason: 'Under review', hidden_by: null }).where('id', '=', hidden.id).execute();
  });
  after(() => t?.close());

  test('the site search shows published stories that match, marked, above the rest', async () => {
    const page = await visitor.get('/search?q=orchard');
    assert.equal(page.status, 200);
    assert.match(page.body, /<h2 id="story-results-title">Stories<\/h2>/);
    const section = /<section aria-labelledby="story-results-title">([\s\S]*?)<\/section>/.exec(page.body)![1]!;
    assert.match(section, new RegExp(`href="/stories/${slugs.orchard}"`));
    assert.match(section, new RegExp(`href="/stories/${slugs.bakery}"`));
    assert.match(section, /<mark>orchard<\/mark>/i);
    // The title weighs most: the orchard story comes before the bakery that mentions it.
    assert.ok(section.indexOf(slugs.orchard!) < section.indexOf(slugs.bakery!));
    assert.doesNotMatch(section, /More stories/, 'two stories are all there is');
    assert.match(textOf(page.body), /Results No pitches or conversations match those words, only the stories above\./);

    const json = searchResultsSchema.parse((await visitor.get('/search.json?q=orchard')).json());
    assert.deepEqual(
      json.stories.map((s) => s.url),
      [`${t.baseUrl}/stories/${slugs.orchard}`, `${t.baseUrl}/stories/${slugs.bakery}`],
    );
    assert.equal(json.moreStoriesUrl, null);
    assert.match(json.stories[0]!.snippet, /orchard/i);
    assert.doesNotMatch(json.stories[0]!.snippet, /[\uE000\uE001]/, 'no highlight markers in JSON');

    // The people and the place count too.
    const byPlace = searchResultsSchema.parse((await visitor.get('/search.json?q=bakers')).json());
    assert.deepEqual(
      byPlace.stories.map((s) => s.title),
      ['A bakery that teaches'],
    );
    // Nothing matches: no stories section at all.
    const none = await visitor.get('/search?q=zeppelin');
    assert.doesNotMatch(none.body, /story-results-title/);
    assert.deepEqual(searchResultsSchema.parse((await visitor.get('/search.json?q=zeppelin')).json()).stories, []);
  });

  test('drafts and hidden stories are never found, not even by those who may read them', async () => {
    for (const [who, client] of [
      ['a visitor', visitor],
      ['the reporter', reporter],
      ['an administrator', admin],
    ] as const) {
      for (const path of ['/search?q=orchard', '/search.json?q=orchard', '/stories?q=orchard', '/stories.json?q=orchard', '/stories.csv?q=orchard']) {
        const body = (await client.get(path)).body;
        for (const slug of [slugs.draft!, slugs.hidden!]) assert.ok(!body.includes(slug), `${who}: ${path} names ${slug}`);
        assert.doesNotMatch(body, /draftmarker|hiddenmarker|Secret orchard plans|Orchard dispute/, `${who}: ${path}`);
      }
      // Words only they contain find nothing (the page repeats what was asked for, and no more).
      for (const word of ['draftmarker', 'hiddenmarker']) {
        assert.doesNotMatch((await client.get(`/search?q=${word}`)).body, /story-results-title/, `${who}: ${word}`);
        assert.deepEqual(searchResultsSchema.parse((await client.get(`/search.json?q=${word}`)).json()).stories, [], `${who}: ${word}`);
        assert.deepEqual(storyListSchema.parse((await client.get(`/stories.json?q=${word}`)).json()).stories, [], `${who}: ${word}`);
      }
    }
    // The reporter still reads both on their own pages.
    assert.equal((await reporter.get(`/stories/${slugs.draft}`)).status, 200);
    assert.equal((await reporter.get(`/stories/${slugs.hidden}`)).status, 200);
  });

  test('a changed story is found by its new words, and no longer by its old ones', async () => {
    const id = (await t.db.selectFrom('stories').select('id').where('slug', '=', slugs.bakery!).executeTakeFirstOrThrow()).id;
    const result = await updateStory(
      t.db,
      id,
      reporterId,
      { title: 'A bakery that teaches', summary: 'Young people learn to make sourdough.', body: 'Flour from the mill.', people: '', place: '', localAuthority: null, tags: [], storyPeople: [], adaptedFrom: '', adaptedNote: '' },
      { peopleIds: [], adaptedFromId: null },
    );
    assert.ok(result.ok);
    assert.deepEqual(
      searchResultsSchema.parse((await visitor.get('/search.json?q=sourdough')).json()).stories.map((s) => s.title),
      ['A bakery that teaches'],
    );
    assert.deepEqual(
      searchResultsSchema.parse((await visitor.get('/search.json?q=bakers')).json()).stories,
      [],
    );
  });

  test('with many matches the search shows the best five and leads to the stories list, which searches too', async () => {
    for (let n = 1; n <= 5; n++) await story(`more${n}`, `Orchard number ${n}`, { summary: 'Another orchard.' });
    const page = await visitor.get('/search?q=orchard');
    const section = /<section aria-labelledby="story-results-title">([\s\S]*?)<\/section>/.exec(page.body)![1]!;
    assert.equal([...section.matchAll(/<li>/g)].length, 5);
    assert.match(section, /<a href="\/stories\?q=orchard">More stories about “orchard”<\/a>/);
    const json = searchResultsSchema.parse((await visitor.get('/search.json?q=orchard')).json());
    assert.equal(json.stories.length, 5);
    assert.equal(json.moreStoriesUrl, `${t.baseUrl}/stories?q=orchard`);
    // The second page of results is about pitches and conversations only.
    const second = searchResultsSchema.parse((await visitor.get('/search.json?q=orchard&page=2')).json());
    assert.deepEqual(second.stories, []);

    const list = await visitor.get('/stories?q=orchard');
    assert.equal(list.status, 200);
    const text = textOf(list.body);
    assert.match(list.body, /<input id="field-q" name="q" type="search" value="orchard"/);
    assert.match(list.body, /<option value="match" selected/);
    for (const key of ['orchard', 'more1', 'more5']) assert.match(list.body, new RegExp(`href="/stories/${slugs[key]}"`), key);
    assert.doesNotMatch(text, /Secret orchard plans|Orchard dispute/);
    assert.equal(storyListSchema.parse((await visitor.get('/stories.json?q=orchard')).json()).stories.length, 6);
    // "Apple" is in the orchard's summary and only in the newer cider club's text.
    await story('cider', 'Cider club', { summary: 'Pressing what grows nearby.', body: 'An apple press shared by the street.' });
    const best = storyListSchema.parse((await visitor.get('/stories.json?q=apple')).json());
    assert.deepEqual(
      best.stories.map((s) => s.slug),
      [slugs.orchard, slugs.cider],
      'best match first',
    );
    const newest = storyListSchema.parse((await visitor.get('/stories.json?q=apple&sort=newest')).json());
    assert.deepEqual(
      newest.stories.map((s) => s.slug),
      [slugs.cider, slugs.orchard],
      'newest first when asked',
    );
    const csv = parseCsv((await visitor.get('/stories.csv?q=sourdough')).body, { columns: true }) as Record<string, string>[];
    assert.deepEqual(
      csv.map((row) => row.slug),
      [slugs.bakery],
    );
    assert.equal((await visitor.get(`/stories?q=${'x'.repeat(201)}`)).status, 400);
    assert.equal((await visitor.get(`/stories.json?q=${'x'.repeat(201)}`)).status, 400);
    // "Best match" without words to match is just the newest first.
    assert.equal(storyListSchema.parse((await visitor.get('/stories.json?sort=match')).json()).stories[0]!.slug, slugs.cider);
  });
});

/**
 * Moderating stories: a member reports a story, a story facilitator (or an administrator) hides it
 * with a reason, and it is gone for everyone but its reporter, the people in it, the facilitators
 * and administrators — from its page and data, the lists, feeds, exports, search, the sitemap —
 * and its replication recipe (a hub-wide knowledge page naming the people in it) goes with it.
 * Showing it again brings both back; both are in the moderation log. Taking a story down (not
 * published) takes its recipe with it the same way. Unique marker words are looked for in every
 * response.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestClient } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { type Member, problems, signedInMember as member, textOf } from '../../test/people.ts';

/** In the story's text. */
const storyMarker = 'mkstoryhidden';
/** In the replication recipe's text, beside the people in the story. */
const recipeMarker = 'mkrecipehidden';

describe('moderating stories', () => {
  let t: TestHub;
  let admin: TestClient;
  let fay: Member;
  let rita: Member;
  let pat: Member;
  let vic: Member;
  let visitor: TestClient;
  let slug = '';
  let storyId = 0;
  let recipeSlug = '';
  let flagId = 0;

  /** Every place the story or its recipe could show: each answers without error and names neither. */
  function places(): { path: string; gone?: boolean }[] {
    return [
      { path: `/stories/${slug}`, gone: true },
      { path: `/stories/${slug}.json`, gone: true },
      { path: `/stories/${slug}/recipe`, gone: true },
      { path: `/conversations/story/${storyId}.json`, gone: true },
      { path: `/knowledge/${recipeSlug}`, gone: true },
      { path: `/knowledge/${recipeSlug}.json`, gone: true },
      { path: `/knowledge/${recipeSlug}/history`, gone: true },
      { path: '/stories' },
      { path: '/stories.json' },
      { path: '/stories.csv' },
      { path: '/stories.rss' },
      { path: '/stories.atom' },
      { path: '/stories?tag=orchards' },
      { path: '/knowledge' },
      { path: '/knowledge.json' },
      { path: '/knowledge.csv' },
      { path: '/knowledge.rss' },
      { path: '/activity' },
      { path: '/activity.json' },
      { path: '/sitemaps/stories-1.xml' },
      { path: '/sitemaps/knowledge-1.xml' },
      { path: '/sitemap.xml' },
      // Searches repeat the words looked for: these are the people's words, not the markers.
      { path: '/search?q=orchard' },
      { path: '/search.json?q=orchard' },
      { path: '/stories?q=orchard' },
      { path: '/knowledge?q=orchard' },
      { path: '/knowledge.json?q=orchard' },
    ];
  }

  async function assertGone(client: TestClient, who: string) {
    for (const place of places()) {
      const response = await client.get(place.path);
      if (place.gone) assert.equal(response.status, 404, `${who}: ${place.path} answered ${response.status}`);
      else assert.ok(response.status < 400, `${who}: ${place.path} answered ${response.status}`);
      const body = response.body.toLowerCase();
      for (const marker of [storyMarker, recipeMarker, slug, recipeSlug]) assert.ok(!body.includes(marker), `${who} meets ${marker} on ${place.path}`);
    }
  }

  async function assertShown(client: TestClient, who: string) {
    for (const [path, marker] of [
      ['/stories', storyMarker],
      ['/stories.json', storyMarker],
      ['/stories.rss', storyMarker],
      ['/sitemaps/stories-1.xml', slug],
      ['/sitemaps/knowledge-1.xml', recipeSlug],
      [`/stories/${slug}`, storyMarker],
      [`/knowledge/${recipeSlug}`, recipeMarker],
      ['/search.json?q=orchard', slug],
      ['/knowledge.json?q=orchard', recipeSlug],
    ] as const) {
      const response = await client.get(path);
      assert.equal(response.status, 200, `${who}: ${path}`);
      assert.ok(response.body.toLowerCase().includes(marker), `${who} misses ${marker} on ${path}`);
    }
  }

  before(async () => {
    t = await startTestHub({ env: { RATE_LIMITS: 'off' } });
    admin = await setUpHub(t.app);
    fay = await member(t, 'Fay Facilitator', 'fay@example.org');
    rita = await member(t, 'Rita Reporter', 'rita@example.org');
    pat = await member(t, 'Pat Grower', 'pat@example.org');
    vic = await member(t, 'Vic Council', 'vic@example.org');
    visitor = new TestClient(t.app);
    assert.equal((await admin.postForm('/admin/stories/facilitators', { handle: fay.handle }, { csrfFrom: '/admin/stories' })).status, 303);

    // Through the hub's own forms: nominated, accepted with a reporter, written, published, with a recipe.
    const nominated = await vic.client.postForm('/stories/nominate', {
      people: 'Hebden orchard growers',
      place: 'Hebden Bridge',
      localAuthority: '',
      what: 'They planted an orchard on a verge.',
      why: 'Fruit for everyone.',
      nominatorName: 'Vic Council',
      selfNomination: 'no',
      website: '',
    });
    assert.equal(nominated.status, 303);
    const nomination = await t.db.selectFrom('story_nominations').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const accepted = await fay.client.postForm(`/stories/review/${nomination.id}/accept`, { title: 'The verge orchard', reporter: rita.handle }, { csrfFrom: `/stories/review/${nomination.id}` });
    assert.equal(accepted.status, 303, problems(accepted));
    slug = accepted.location!.slice('/stories/'.length);
    await fay.client.get(accepted.location!);
    storyId = (await t.db.selectFrom('stories').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
    const edited = await rita.client.postForm(`/stories/${slug}/edit`, {
      title: 'The verge orchard',
      summary: `Forty apple trees on a verge ${storyMarker}.`,
      body: 'Neighbours planted an orchard where there was only grass.',
      people: 'Hebden orchard growers',
      storyPeople: pat.handle,
      place: 'Hebden Bridge',
      tags: 'orchards',
    });
    assert.equal(edited.status, 303, problems(edited));
    assert.equal((await fay.client.postForm(`/stories/${slug}/publish`, {}, { csrfFrom: `/stories/${slug}` })).status, 303);
    const recipe = await fay.client.postForm(
      `/stories/${slug}/recipe/new`,
      { title: 'Planting a verge orchard', body: `## Contacts\n\nAsk Pat Grower, who planted the orchard ${recipeMarker}.`, evidenceLevel: 'anecdote', evidenceNote: '' },
      { csrfFrom: `/stories/${slug}/recipe/new` },
    );
    assert.equal(recipe.status, 303, problems(recipe));
    recipeSlug = (await t.db.selectFrom('story_recipes').innerJoin('knowledge_pages', 'knowledge_pages.id', 'story_recipes.page_id').select('knowledge_pages.slug').where('story_id', '=', storyId).executeTakeFirstOrThrow()).slug;
    await assertShown(visitor, 'a visitor before');
  });
  after(() => t?.close());

  test('a member reports a story: the link is beside it, a reason is needed, the facilitators are told in their queue', async () => {
    const page = await vic.client.get(`/stories/${slug}`);
    assert.match(page.body, new RegExp(`<a href="/stories/${slug}/flag">Report this story</a>`));
    for (const [who, client] of [
      ['its reporter', rita.client],
      ['a person in it', pat.client],
      ['a facilitator', fay.client],
      ['a visitor', visitor],
    ] as const) {
      assert.doesNotMatch((await client.get(`/stories/${slug}`)).body, /Report this story/, who);
    }
    assert.match((await visitor.get(`/stories/${slug}/flag`)).location ?? '', /^\/sign-in\?next=/);
    const form = await vic.client.get(`/stories/${slug}/flag`);
    assert.equal(form.status, 200);
    assert.match(textOf(form.body), /Report the story “The verge orchard”/);
    const empty = await vic.client.postForm(`/stories/${slug}/flag`, { reason: '' });
    assert.equal(empty.status, 400);
    assert.match(problems(empty), /Say what the problem is\./);
    const tooLong = await vic.client.postForm(`/stories/${slug}/flag`, { reason: 'x'.repeat(1001) });
    assert.equal(tooLong.status, 400);
    const sent = await vic.client.postForm(`/stories/${slug}/flag`, { reason: 'Pat says they never agreed to be named.' });
    assert.equal(sent.status, 303);
    assert.equal(sent.location, `/stories/${slug}`);
    assert.match(textOf((await vic.client.get(sent.location!)).body), /The moderators will look at your report/);
    flagId = (await t.db.selectFrom('flags').select('id').where('subject_type', '=', 'story').where('subject_id', '=', storyId).executeTakeFirstOrThrow()).id;
    for (const path of ['/stories/no-such-story/flag', '/stories/NOT_A_SLUG/flag']) assert.equal((await vic.client.get(path)).status, 404, path);

    // The story facilitator sees it in the queue; a member who moderates nothing does not.
    const queue = textOf((await fay.client.get('/moderation')).body);
    assert.match(queue, /Story “The verge orchard”/);
    assert.match(queue, /Pat says they never agreed to be named\./);
    assert.doesNotMatch(textOf((await vic.client.get('/moderation')).body), /The verge orchard/);
    assert.equal((await vic.client.get(`/moderation/flags/${flagId}`)).status, 403);
    assert.equal((await rita.client.get(`/moderation/flags/${flagId}`)).status, 403);
    assert.equal((await vic.client.get(`/moderation/content/story/${storyId}`)).status, 403);
    assert.equal((await fay.client.get('/moderation/content/story/999999')).status, 404);
    assert.equal((await fay.client.get('/moderation/content/story/abc')).status, 404);
  });

  test('a story facilitator hides it with a reason: gone everywhere, with its recipe, for all but those in it', async () => {
    const review = await fay.client.get(`/moderation/flags/${flagId}`);
    assert.equal(review.status, 200);
    assert.match(review.body, new RegExp(`href="/stories/${slug}"`));
    const noReason = await fay.client.postForm(`/moderation/flags/${flagId}/hide`, { reason: '' });
    assert.equal(noReason.status, 400);
    assert.match(problems(noReason), /Say what the problem is\./);
    const hidden = await fay.client.postForm(`/moderation/flags/${flagId}/hide`, { reason: 'Waiting for Pat to agree.' });
    assert.equal(hidden.status, 303);
    assert.match(textOf((await fay.client.get(hidden.location!)).body), /The story is hidden, and its replication recipe with it/);
    const row = await t.db.selectFrom('stories').select(['hidden_at', 'hidden_reason', 'hidden_by']).where('id', '=', storyId).executeTakeFirstOrThrow();
    assert.ok(row.hidden_at);
    assert.equal(row.hidden_reason, 'Waiting for Pat to agree.');
    assert.equal(row.hidden_by, fay.id);
    assert.equal((await t.db.selectFrom('flags').select('status').where('id', '=', flagId).executeTakeFirstOrThrow()).status, 'resolved');

    // Its reporter and the person in it hear of it (the facilitator who hid it does not).
    const told = await t.db.selectFrom('notifications').select(['user_id', 'text']).where('subject_type', '=', 'story').where('subject_id', '=', storyId).where('kind', '=', 'moderation').execute();
    assert.deepEqual(told.map((n) => n.user_id).sort(), [rita.id, pat.id].sort());
    assert.match(told[0]!.text, /A moderator hid the story “The verge orchard”/);

    await assertGone(visitor, 'a visitor');
    await assertGone(vic.client, 'a member');
    // Nobody can report, show interest in or record a trial of what they cannot see.
    assert.equal((await vic.client.get(`/stories/${slug}/flag`)).status, 404);
    assert.equal((await vic.client.postForm(`/stories/${slug}/interest`, { kind: 'trying', organisation: '' }, { csrfFrom: '/stories' })).status, 404);

    // Those who may still see it are told why, on the story and its data; lists leave it out for them too.
    for (const [who, client] of [
      ['its reporter', rita.client],
      ['a person in it', pat.client],
      ['a facilitator', fay.client],
      ['an administrator', admin],
    ] as const) {
      const story = await client.get(`/stories/${slug}`);
      assert.equal(story.status, 200, who);
      assert.equal(story.headers['cache-control'], 'private, no-store', who);
      assert.match(textOf(story.body), /A moderator has hidden this story, and its replication recipe with it\. .* The reason given: Waiting for Pat to agree\./, who);
      const json = (await client.get(`/stories/${slug}.json`)).json<{ hidden?: { reason: string } }>();
      assert.equal(json.hidden?.reason, 'Waiting for Pat to agree.', who);
      assert.equal((await client.get(`/knowledge/${recipeSlug}`)).status, 200, `${who} still reads the recipe`);
      assert.ok(!(await client.get('/stories.json')).body.includes(slug), `${who}: the list leaves it out`);
      assert.ok(!(await client.get('/search.json?q=orchard')).body.includes(`/stories/${slug}`), `${who}: search leaves it out`);
    }
    assert.match((await fay.client.get(`/stories/${slug}`)).body, new RegExp(`href="/moderation/content/story/${storyId}"`));
    assert.match(textOf((await rita.client.get('/stories/mine')).body), /The verge orchard Hidden by a moderator/);
    // Interest is for stories that are out.
    assert.equal((await pat.client.get(`/stories/${slug}/interest`)).status, 303);

    // The moderation log, and the queue's list of hidden things.
    const log = textOf((await admin.get('/admin/audit')).body);
    assert.match(log, /Hid the story “The verge orchard”/);
    assert.match(log, /Waiting for Pat to agree\./);
    assert.match(textOf((await fay.client.get('/moderation')).body), /Hidden pitches, pages and stories .*Story “The verge orchard”/);
    const again = await fay.client.postForm(`/moderation/content/story/${storyId}/hide`, { reason: 'Twice.' }, { csrfFrom: `/moderation/content/story/${storyId}` });
    assert.equal(again.status, 303);
    assert.match(textOf((await fay.client.get(again.location!)).body), /It was already hidden\./);
  });

  test('showing it again brings the story and its recipe back, logged and told', async () => {
    const path = `/moderation/content/story/${storyId}`;
    const page = await fay.client.get(path);
    assert.equal(page.status, 200);
    assert.match(textOf(page.body), /The story “The verge orchard”/);
    const noReason = await fay.client.postForm(`${path}/restore`, { reason: '' });
    assert.equal(noReason.status, 400);
    assert.match(problems(noReason), /Say what the problem is\./);
    assert.equal((await vic.client.postForm(`${path}/restore`, { reason: 'Me too.' }, { csrfFrom: '/stories' })).status, 403);
    const restored = await fay.client.postForm(`${path}/restore`, { reason: 'Pat agreed in writing.' });
    assert.equal(restored.status, 303);
    assert.match(textOf((await fay.client.get(restored.location!)).body), /It is shown again/);
    await assertShown(visitor, 'a visitor after');
    await assertShown(vic.client, 'a member after');
    assert.doesNotMatch(textOf((await visitor.get(`/stories/${slug}`)).body), /A moderator has hidden/);
    const log = textOf((await admin.get('/admin/audit')).body);
    assert.match(log, /Showed the story “The verge orchard” again/);
    assert.match(log, /Pat agreed in writing\./);
    const told = await t.db.selectFrom('notifications').select('text').where('user_id', '=', rita.id).where('kind', '=', 'moderation').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.match(told.text, /has shown the story “The verge orchard” to everyone again/);
  });

  test('an administrator hides a story from its own desk, without a report', async () => {
    assert.match((await admin.get(`/stories/${slug}`)).body, /Hide it as a moderator, with a reason/);
    const path = `/moderation/content/story/${storyId}`;
    assert.equal((await admin.postForm(`${path}/hide`, { reason: 'Checking the photos.' }, { csrfFrom: path })).status, 303);
    await assertGone(visitor, 'a visitor');
    assert.match((await admin.get(`/stories/${slug}`)).body, /Show it again/);
    assert.equal((await admin.postForm(`${path}/restore`, { reason: 'Photos are fine.' }, { csrfFrom: path })).status, 303);
    await assertShown(visitor, 'a visitor');
  });

  test('taking a story down takes its recipe with it; publishing it again brings both back', async () => {
    assert.equal((await fay.client.postForm(`/stories/${slug}/unpublish`, {}, { csrfFrom: `/stories/${slug}` })).status, 303);
    await assertGone(visitor, 'a visitor');
    await assertGone(vic.client, 'a member');
    assert.equal((await rita.client.get(`/knowledge/${recipeSlug}`)).status, 200, 'its reporter still reads the recipe');
    assert.equal((await pat.client.get(`/knowledge/${recipeSlug}`)).status, 200, 'so does the person in it');
    assert.equal((await fay.client.postForm(`/stories/${slug}/publish`, {}, { csrfFrom: `/stories/${slug}` })).status, 303);
    await assertShown(visitor, 'a visitor');
  });
});

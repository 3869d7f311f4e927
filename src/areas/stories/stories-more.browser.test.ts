/**
 * Finding, reporting, hiding and building on stories, in a real browser with JavaScript off on a
 * phone-sized screen, checked with axe on every page: a visitor finds stories through the site
 * search and the stories list's own search; a member says on the pitch form which story their pitch
 * was adapted from (a bad address first), and both pages show it; another member reports the story;
 * a story facilitator reviews the report and hides the story with a reason, which its reporter then
 * sees on the story.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { click, expectAccessible, launchBrowser, mainText, newPage, signIn } from '../../test/browser.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { createAccount } from '../accounts/accounts.commands.ts';
import { addFacilitator, createRecipe, setPublished, startStory, updateStory } from './stories.commands.ts';

const password = 'a long enough password';

describe('finding, reporting, hiding and building on stories, without JavaScript', () => {
  let hub: TestHub;
  let browser: Browser;
  let visitor: Page;
  let ben: Page;
  let vic: Page;
  let fay: Page;
  let rita: Page;
  let slug = '';

  before(async () => {
    hub = await startTestHub({ listen: true, env: { RATE_LIMITS: 'off' } });
    await setUpHub(hub.app);
    const ids: Record<string, number> = {};
    for (const [key, name, email] of [
      ['fay', 'Fay Facilitator', 'fay@example.org'],
      ['rita', 'Rita Reporter', 'rita@example.org'],
      ['ben', 'Ben Builder', 'ben@example.org'],
      ['vic', 'Vic Council', 'vic@example.org'],
    ] as const) {
      const created = await createAccount(hub.db, { name, email, password, verified: true });
      assert.ok(created.ok);
      ids[key] = created.userId;
    }
    await addFacilitator(hub.db, ids.fay!, ids.fay!);
    // Seven published stories about orchards, so the search has more than it shows.
    for (let n = 0; n < 7; n++) {
      const title = n === 0 ? 'The verge orchard' : `Orchard number ${n}`;
      const started = await startStory(hub.db, ids.fay!, { title, reporterId: ids.rita! });
      await updateStory(
        hub.db,
        started.id,
        ids.rita!,
        {
          title,
          summary: 'Neighbours planted apple trees on a grass verge.',
          body: 'The **orchard** feeds the food bank.',
          people: 'Hebden orchard growers',
          place: 'Hebden Bridge',
          localAuthority: null,
          tags: ['orchards'],
          storyPeople: [],
          adaptedFrom: '',
          adaptedNote: '',
        },
        { peopleIds: [], adaptedFromId: null },
      );
      await setPublished(hub.db, started.id, true);
      if (n === 0) {
        slug = started.slug;
        await createRecipe(hub.db, started.id, ids.fay!, { title: 'Planting a verge orchard', body: '## Contacts\n\nAsk the growers.', evidenceLevel: 'anecdote', evidenceNote: '' });
      }
    }
    browser = await launchBrowser();
    visitor = await newPage(browser, { javaScript: false });
    ben = await newPage(browser, { javaScript: false });
    vic = await newPage(browser, { javaScript: false });
    fay = await newPage(browser, { javaScript: false });
    rita = await newPage(browser, { javaScript: false });
    await signIn(hub, ben, 'ben@example.org');
    await signIn(hub, vic, 'vic@example.org');
    await signIn(hub, fay, 'fay@example.org');
    await signIn(hub, rita, 'rita@example.org');
  });
  after(async () => {
    await browser?.close();
    await hub?.close();
  });

  test('a visitor finds stories through the site search and the stories list', async () => {
    await visitor.goto(`${hub.baseUrl}/search`);
    await visitor.getByLabel('Search pitches and conversations').fill('orchard');
    await click(visitor, 'Search');
    assert.equal(await visitor.getByRole('heading', { level: 2, name: 'Stories' }).count(), 1);
    assert.equal(await visitor.locator('section[aria-labelledby="story-results-title"] li').count(), 5);
    assert.ok((await expectAccessible(visitor, 'search results with stories')) > 0);
    await click(visitor, 'More stories about “orchard”', 'link');
    assert.equal(new URL(visitor.url()).pathname, '/stories');
    assert.equal(await visitor.getByLabel('Words to look for').inputValue(), 'orchard');
    assert.equal(await visitor.locator('.results article').count(), 7);
    assert.ok((await expectAccessible(visitor, 'the stories list searched')) > 0);
    await visitor.getByLabel('Order').selectOption({ label: 'Newest first' });
    await click(visitor, 'Filter');
    assert.match(visitor.url(), /sort=newest/);
    assert.match(await visitor.locator('.results article').first().innerText(), /Orchard number 6/);
  });

  test('a member says on the pitch form which story their pitch was adapted from', async () => {
    await ben.goto(`${hub.baseUrl}/pitches/new`);
    // The first "Idea" is the kind of pitch; the second its stage.
    await ben.getByRole('radio', { name: 'Idea', exact: true }).first().check();
    await ben.getByLabel('Title').fill('An orchard for our estate');
    await ben.getByLabel(/^Adapted from/).fill('https://elsewhere.example/stories/the-verge-orchard');
    await click(ben, 'Publish');
    assert.match(await ben.locator('.error-summary').innerText(), /There is no story or pitch you can see at https:\/\/elsewhere\.example/);
    assert.equal(await ben.getByLabel('Title').inputValue(), 'An orchard for our estate');
    assert.ok((await expectAccessible(ben, 'the pitch form with a bad source')) > 0);
    await ben.getByLabel(/^Adapted from/).fill(`${hub.baseUrl}/stories/${slug}`);
    await click(ben, 'Publish');
    assert.match(await mainText(ben), /This pitch was adapted from:\s*Story: The verge orchard/);
    assert.ok((await expectAccessible(ben, 'a pitch adapted from a story')) > 0);
    await click(ben, 'The verge orchard', 'link');
    assert.match(await mainText(ben), /Adapted from this story since:\s*Pitch: An orchard for our estate/);
  });

  test('a member reports the story; a facilitator hides it with a reason; its reporter sees why', async () => {
    await vic.goto(`${hub.baseUrl}/stories/${slug}`);
    await click(vic, 'Report this story', 'link');
    assert.equal(await vic.getByRole('heading', { level: 1, name: 'Report the story “The verge orchard”' }).count(), 1);
    assert.ok((await expectAccessible(vic, 'reporting a story')) > 0);
    await click(vic, 'Send report');
    assert.match(await vic.locator('.error-summary').innerText(), /Say what the problem is\./);
    assert.ok((await expectAccessible(vic, 'reporting a story without a reason')) > 0);
    await vic.getByLabel('What is wrong?').fill('The growers did not agree to be named.');
    await click(vic, 'Send report');
    assert.equal(new URL(vic.url()).pathname, `/stories/${slug}`);
    assert.match(await mainText(vic), /The moderators will look at your report/);

    await fay.goto(`${hub.baseUrl}/moderation`);
    assert.ok((await expectAccessible(fay, 'the moderation queue with a story')) > 0);
    await click(fay, 'Story “The verge orchard”', 'link');
    assert.match(await mainText(fay), /Story “The verge orchard”/);
    assert.ok((await expectAccessible(fay, 'a report on a story')) > 0);
    await click(fay, 'Review it or show it again', 'link');
    assert.ok((await expectAccessible(fay, 'moderating a story')) > 0);
    await fay.getByLabel('Why hide it?').fill('Waiting for the growers to agree.');
    await click(fay, 'Hide the story');
    assert.match(await mainText(fay), /The story is hidden, and its replication recipe with it/);
    assert.ok((await expectAccessible(fay, 'a hidden story, to its moderator')) > 0);

    await rita.goto(`${hub.baseUrl}/stories/${slug}`);
    assert.match(await mainText(rita), /A moderator has hidden this story.*\s*The reason given: Waiting for the growers to agree\./);
    assert.ok((await expectAccessible(rita, 'a hidden story, to its reporter')) > 0);
    const gone = await visitor.goto(`${hub.baseUrl}/stories/${slug}`);
    assert.equal(gone?.status(), 404);
  });
});

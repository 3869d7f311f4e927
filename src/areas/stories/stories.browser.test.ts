/**
 * A shining light from nomination to recipe, in a real browser with JavaScript off, on a
 * phone-sized screen, checked with axe on every page: a visitor without an account nominates a
 * story (mistakes first) and confirms it through the link emailed over real SMTP; a facilitator
 * accepts it and names a reporter; the reporter writes it and adds a captioned clip (a bad upload
 * first); it is published; another council asks a question and the person in the story answers;
 * a facilitator builds the replication recipe; the other council records that it tried it, and
 * the recipe shows it.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { click, expectAccessible, launchBrowser, mainText, newPage, signIn } from '../../test/browser.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { firstLink, type TestSmtp } from '../../test/smtp.ts';
import { createAccount } from '../accounts/accounts.commands.ts';
import { captionsFor, tinyWebm } from './stories.fixtures.ts';

const password = 'a long enough password';

describe('a story from nomination to replication recipe, without JavaScript', () => {
  let hub: TestHub<TestSmtp>;
  let browser: Browser;
  let visitor: Page;
  let facilitator: Page;
  let reporter: Page;
  let inStory: Page;
  let council: Page;
  let files: string;
  let storyUrl = '';

  before(async () => {
    hub = await startTestHub({ listen: true, smtp: true });
    const admin = await setUpHub(hub.app);
    for (const [name, email] of [
      ['Fay Facilitator', 'fay@example.org'],
      ['Rita Reporter', 'rita@example.org'],
      ['Pat Grower', 'pat@example.org'],
      ['Hebden Council Officer', 'officer@example.org'],
    ] as const) {
      assert.ok((await createAccount(hub.db, { name, email, password, verified: true })).ok);
    }
    const response = await admin.postForm('/admin/stories/facilitators', { handle: 'fay-facilitator' }, { csrfFrom: '/admin/stories' });
    assert.equal(response.status, 303);
    files = fs.mkdtempSync(path.join(os.tmpdir(), 'seedbed-story-media-'));
    fs.writeFileSync(path.join(files, 'beds.webm'), tinyWebm(48));
    fs.writeFileSync(path.join(files, 'beds.vtt'), captionsFor(['This bed used to be a car park.', 'Anyone can pick what grows here.']));
    browser = await launchBrowser();
    visitor = await newPage(browser, { javaScript: false });
    facilitator = await newPage(browser, { javaScript: false });
    reporter = await newPage(browser, { javaScript: false });
    inStory = await newPage(browser, { javaScript: false });
    council = await newPage(browser, { javaScript: false });
    await signIn(hub, facilitator, 'fay@example.org');
    await signIn(hub, reporter, 'rita@example.org');
    await signIn(hub, inStory, 'pat@example.org');
    await signIn(hub, council, 'officer@example.org');
  });
  after(async () => {
    await browser?.close();
    await hub?.close();
    if (files) fs.rmSync(files, { recursive: true, force: true });
  });

  test('a visitor nominates a story without an account and confirms it through the emailed link', async () => {
    await visitor.goto(`${hub.baseUrl}/stories`);
    assert.ok((await expectAccessible(visitor, 'the stories, empty')) > 0);
    await click(visitor, 'Nominate a story', 'link');
    assert.ok((await expectAccessible(visitor, 'the nomination form')) > 0);
    await visitor.getByLabel('Who did it').fill('Todmorden Incredible Edible');
    await visitor.getByLabel(/^Place/).fill('Todmorden');
    await visitor.getByLabel('Council area').selectOption({ label: 'Calderdale' });
    await visitor.getByLabel('Why it shines').fill('A whole town talking about food, for almost nothing.');
    await visitor.getByLabel('Your name').fill('Nell Nominator');
    await visitor.getByLabel('Your email address').fill('nell@example');
    await click(visitor, 'Send the nomination');
    assert.equal(await visitor.getByRole('heading', { name: 'There is a problem' }).count(), 1);
    const problems = await visitor.locator('.error-summary').innerText();
    assert.match(problems, /Enter what they did\./);
    assert.match(problems, /Enter an email address like name@example\.org\./);
    assert.match(problems, /Say whether this is your own work\./);
    assert.equal(await visitor.getByLabel('Who did it').inputValue(), 'Todmorden Incredible Edible');
    assert.equal(await visitor.getByLabel('Your email address').inputValue(), 'nell@example');
    assert.ok((await expectAccessible(visitor, 'the nomination form with mistakes')) > 0);

    await visitor.getByLabel('What they did').fill('Volunteers planted vegetables outside the police station, the health centre and the station, for anyone to pick.');
    await visitor.getByLabel('Your email address').fill('nell@example.org');
    await visitor.getByRole('radio', { name: 'No, someone else did it' }).check();
    await click(visitor, 'Send the nomination');
    assert.equal(await visitor.getByRole('heading', { level: 1, name: 'Check your email' }).count(), 1);
    assert.ok((await expectAccessible(visitor, 'check your email')) > 0);

    const email = await hub.smtp.waitForEmail((m) => m.to.includes('nell@example.org'));
    assert.match(email.subject, /Confirm your nomination/);
    await visitor.goto(firstLink(email.text, '/stories/nominations/confirm/'));
    assert.equal(await visitor.getByRole('heading', { level: 1, name: 'Your nomination is confirmed' }).count(), 1);
    assert.ok((await expectAccessible(visitor, 'nomination confirmed')) > 0);
  });

  test('a facilitator accepts the nomination and names the reporter', async () => {
    await facilitator.goto(`${hub.baseUrl}/stories`);
    await click(facilitator, 'Review nominations', 'link');
    assert.ok((await expectAccessible(facilitator, 'the review queue')) > 0);
    await click(facilitator, 'Todmorden Incredible Edible', 'link');
    assert.match(await mainText(facilitator), /nell@example\.org/);
    assert.ok((await expectAccessible(facilitator, 'a nomination')) > 0);
    await facilitator.getByLabel('Title').fill('Incredible Edible Todmorden');
    await facilitator.getByLabel('Social reporter').fill('rita-reporter');
    await click(facilitator, 'Accept and start the story');
    storyUrl = facilitator.url();
    assert.equal(new URL(storyUrl).pathname, '/stories/incredible-edible-todmorden');
    assert.match(await mainText(facilitator), /This story is not published/);
    assert.ok((await expectAccessible(facilitator, 'a draft story as a facilitator')) > 0);
    const email = await hub.smtp.waitForEmail((m) => m.to.includes('nell@example.org') && /will become a story/.test(m.subject));
    assert.match(email.text, /Incredible Edible Todmorden/);
  });

  test('the reporter writes the story and adds a captioned clip; a bad upload comes back with what was typed', async () => {
    await reporter.goto(storyUrl);
    await click(reporter, 'Edit the story', 'link');
    assert.ok((await expectAccessible(reporter, 'editing a story')) > 0);
    await reporter.getByLabel('Summary').fill('A town that grows food in public places for anyone to pick.');
    await reporter.getByLabel(/^The story/).fill('It began in **2008** with a herb bed by the health centre.');
    await reporter.getByLabel(/^Members in the story/).fill('pat-grower');
    await reporter.getByLabel(/^Tags/).fill('food, growing');
    await click(reporter, 'Save the story');
    assert.match(await mainText(reporter), /The story is saved\./);

    await click(reporter, 'Clip, photos and interview', 'link');
    assert.ok((await expectAccessible(reporter, 'the media page')) > 0);
    await reporter.getByLabel('What the video shows').first().fill('A walk round the beds');
    await reporter.getByLabel('Video', { exact: true }).setInputFiles(path.join(files, 'beds.webm'));
    await click(reporter, 'Upload the video');
    assert.match(await reporter.locator('.error-summary').innerText(), /Choose a captions file/);
    assert.equal(await reporter.getByLabel('What the video shows').first().inputValue(), 'A walk round the beds');
    assert.ok((await expectAccessible(reporter, 'the media page with a mistake')) > 0);

    await reporter.getByLabel('Video', { exact: true }).setInputFiles(path.join(files, 'beds.webm'));
    await reporter.getByLabel('Captions').setInputFiles(path.join(files, 'beds.vtt'));
    await click(reporter, 'Upload the video');
    assert.match(await mainText(reporter), /The clip is saved\./);
    assert.match(await mainText(reporter), /“A walk round the beds”, a video of 48 seconds, with captions/);
    await click(reporter, 'Back to the story', 'link');
    const video = reporter.locator('video');
    assert.equal(await video.count(), 1);
    assert.equal(await video.locator('track[kind="captions"]').count(), 1);
    const captions = await reporter.request.get(`${hub.baseUrl}${await video.locator('track').getAttribute('src')}`);
    assert.match(await captions.text(), /Anyone can pick what grows here\./);
    assert.ok((await expectAccessible(reporter, 'the story with its clip')) > 0);
  });

  test('the story is published; another council asks, and the person in the story answers', async () => {
    await facilitator.goto(storyUrl);
    await click(facilitator, 'Publish the story');
    assert.match(await mainText(facilitator), /The story is published\./);

    await visitor.goto(`${hub.baseUrl}/stories`);
    await click(visitor, 'Incredible Edible Todmorden', 'link');
    assert.equal(await visitor.locator('video track[kind="captions"]').count(), 1);
    assert.ok((await expectAccessible(visitor, 'a published story as a visitor')) > 0);

    await council.goto(storyUrl);
    await council.getByRole('radio', { name: 'We want to try this' }).check();
    await council.getByLabel(/^Your organisation/).fill('Hebden Royd Town Council');
    await click(council, 'Say so');
    assert.match(await mainText(council), /0 interested · 1 wants to try it/);
    await council.getByLabel('Your post').fill('What did it cost to start, and who looked after the beds?');
    await click(council, 'Post', 'button');
    assert.match(await mainText(council), /What did it cost to start/);
    assert.ok((await expectAccessible(council, 'a story with a question')) > 0);

    await inStory.goto(storyUrl);
    await click(inStory, /^Reply/, 'link');
    assert.ok((await expectAccessible(inStory, 'replying to a question')) > 0);
    await inStory.getByLabel('Your post').fill('About £200 of seeds and planks. A rota of volunteers waters them.');
    await click(inStory, 'Post reply');
    assert.match(await mainText(inStory), /About £200 of seeds and planks\./);
  });

  test('a facilitator builds the replication recipe from the answers', async () => {
    await facilitator.goto(storyUrl);
    await click(facilitator, 'Build the replication recipe', 'link');
    assert.match(await facilitator.locator('section', { has: facilitator.getByRole('heading', { name: 'Answers to draw on' }) }).innerText(), /About £200 of seeds and planks/);
    assert.ok((await expectAccessible(facilitator, 'the recipe form')) > 0);
    const body = await facilitator.getByLabel('The recipe', { exact: true }).inputValue();
    assert.match(body, /## Cost and resources\n/);
    await facilitator.getByLabel('The recipe', { exact: true }).fill(body.replace('## Cost and resources\n\n', '## Cost and resources\n\nAbout £200 of seeds and planks.\n\n'));
    await click(facilitator, 'Save the recipe');
    assert.match(await facilitator.locator('.error-summary').innerText(), /Choose an evidence level\./);
    assert.match(await facilitator.getByLabel('The recipe', { exact: true }).inputValue(), /About £200 of seeds and planks\./);
    await facilitator.getByRole('radio', { name: /^Documented/ }).check();
    await click(facilitator, 'Save the recipe');
    assert.match(await mainText(facilitator), /The replication recipe is saved\./);
    assert.match(await mainText(facilitator), /Evidence: Documented/);
    assert.ok((await expectAccessible(facilitator, 'the recipe')) > 0);
    await click(facilitator, 'Versions and changes', 'link');
    assert.match(await mainText(facilitator), /Replication recipe started from a story/);
  });

  test('another council records that it tried it, and the recipe shows where and how it went', async () => {
    await council.goto(`${storyUrl}/recipe`);
    await click(council, 'We tried this: say how it went', 'link');
    assert.ok((await expectAccessible(council, 'the tried-this form')) > 0);
    await council.getByLabel('Who tried it').fill('Hebden Royd Town Council');
    await council.getByLabel(/^Place/).fill('Hebden Bridge');
    await council.getByLabel('When (month and year)').fill('spring 2024');
    await council.getByRole('radio', { name: 'It partly worked' }).check();
    await council.getByLabel(/^What happened/).fill('The beds by the bus station were vandalised twice.');
    await click(council, 'Record it');
    assert.match(await council.locator('.error-summary').innerText(), /Enter the month as 2025-03 or 03\/2025\./);
    assert.equal(await council.getByLabel(/^What happened/).inputValue(), 'The beds by the bus station were vandalised twice.');
    assert.ok((await expectAccessible(council, 'the tried-this form with a mistake')) > 0);
    await council.getByLabel('When (month and year)').fill('03/2024');
    await click(council, 'Record it');
    assert.equal(new URL(council.url()).pathname, '/stories/incredible-edible-todmorden/recipe');
    const tried = await council.locator('section', { has: council.getByRole('heading', { name: 'Tried since' }) }).innerText();
    assert.match(tried, /Tried in 1 place: worked in 0, partly worked in 1, did not work in 0\./);
    assert.match(tried, /Hebden Royd Town Council – Hebden Bridge/);
    assert.match(tried, /It partly worked · tried in March 2024/);
    assert.ok((await expectAccessible(council, 'the recipe with where it was tried')) > 0);
  });
});

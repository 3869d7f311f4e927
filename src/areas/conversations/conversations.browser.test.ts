/**
 * A conversation in a real browser with JavaScript off, on a phone-sized screen: posting on a
 * pitch page, reacting, replying, quoting, editing, the history and deleting, each page checked
 * by axe.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createAccount } from '../accounts/accounts.commands.ts';
import { expectAccessible, launchBrowser, newPage } from '../../test/browser.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';

const password = 'a long enough password';

describe('a conversation in a browser without JavaScript', () => {
  let hub: TestHub;
  let browser: Browser;
  let page: Page;
  let visitor: Page;

  before(async () => {
    hub = await startTestHub({ listen: true });
    await setUpHub(hub.app);
    const ada = await createAccount(hub.db, { name: 'Ada Lovelace', email: 'ada@example.org', password, verified: true });
    const bob = await createAccount(hub.db, { name: 'Bob Builder', email: 'bob@example.org', password, verified: true });
    assert.ok(ada.ok && bob.ok);
    const pitch = await hub.db
      .insertInto('pitches')
      .values({
        slug: 'community-fridge',
        kind: 'idea',
        title: 'Community fridge',
        summary: 'A fridge anyone can fill and anyone can take from.',
        status: 'published',
        author_id: ada.userId,
        published_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await hub.db.insertInto('pitch_team').values({ pitch_id: pitch.id, user_id: ada.userId, is_lead: true }).execute();

    browser = await launchBrowser();
    page = await newPage(browser, { javaScript: false });
    visitor = await newPage(browser, { javaScript: false });
    await page.goto(`${hub.baseUrl}/sign-in`);
    await page.getByLabel('Email address').fill('bob@example.org');
    await page.getByLabel('Password').fill(password);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
  });
  after(async () => {
    await browser?.close();
    await hub?.close();
  });

  test('posting and reacting on a pitch page', async () => {
    const response = await page.goto(`${hub.baseUrl}/pitches/community-fridge`);
    assert.equal(response?.status(), 200);
    const conversation = page.locator('#conversation');
    assert.equal(await conversation.getByRole('heading', { level: 2, name: 'Conversation' }).count(), 1, 'the page shows the conversation');
    assert.ok((await expectAccessible(page, 'pitch page with an empty conversation')) > 0);

    await conversation.getByLabel('Your post').fill('Where will the fridge go? Ask **@ada-lovelace**.');
    await conversation.getByRole('button', { name: 'Post', exact: true }).click();
    assert.match(page.url(), /\/pitches\/community-fridge#post-\d+$/);
    assert.ok(await page.getByText('Your post has been added.').isVisible());
    const post = page.locator('article.post').first();
    assert.ok(await post.getByRole('link', { name: '@ada-lovelace' }).isVisible(), 'the mention is a link');

    await post.getByRole('button', { name: 'Agree (0)' }).click();
    const agreed = page.locator('article.post').first().getByRole('button', { name: 'Agree (1)' });
    assert.equal(await agreed.getAttribute('aria-pressed'), 'true');
    assert.ok((await expectAccessible(page, 'pitch page with a post')) > 0);

    await visitor.goto(`${hub.baseUrl}/pitches/community-fridge`);
    assert.ok(await visitor.getByRole('link', { name: 'Sign in to reply' }).isVisible());
    assert.equal(await visitor.locator('#conversation form').count(), 0);
    assert.ok((await expectAccessible(visitor, 'pitch page seen by a visitor')) > 0);
  });

  test('replying and quoting on their own pages', async () => {
    await page.goto(`${hub.baseUrl}/pitches/community-fridge`);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Reply to Bob Builder' }).click()]);
    assert.match(page.url(), /\/posts\/\d+\/reply$/);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Reply to Bob Builder');
    assert.ok((await expectAccessible(page, 'reply page')) > 0);

    // Sent empty: the form comes back with the problem named.
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Post reply' }).click()]);
    assert.ok(await page.getByRole('alert').getByText('Write something before posting.').isVisible());
    assert.ok((await expectAccessible(page, 'reply page with an error')) > 0);

    await page.getByLabel('Your post').fill('By the bus stop, I think.');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Post reply' }).click()]);
    assert.match(page.url(), /#post-\d+$/);
    const nested = page.locator('#conversation ol.thread--level-2 article.post');
    assert.equal(await nested.count(), 1, 'the reply is indented under its post');
    assert.ok(await nested.getByText('By the bus stop, I think.').isVisible());

    await page.getByRole('link', { name: 'Quote the post by Bob Builder' }).first().click();
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Quote Bob Builder');
    assert.match(await page.getByLabel('Your post').inputValue(), /^> Where will the fridge go\?/);
    assert.ok((await expectAccessible(page, 'quote page')) > 0);
  });

  test('editing, the history and deleting', async () => {
    await page.goto(`${hub.baseUrl}/pitches/community-fridge`);
    await page.getByRole('link', { name: 'Edit the post by Bob Builder' }).first().click();
    assert.match(page.url(), /\/posts\/\d+\/edit$/);
    assert.ok((await expectAccessible(page, 'edit page')) > 0);
    await page.getByLabel('Your post').fill('Where will the fridge go? Near the library?');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save changes' }).click()]);
    assert.ok(await page.getByText('Your changes have been saved.', { exact: false }).isVisible());

    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'edited (see earlier versions)' }).click()]);
    assert.match(page.url(), /\/posts\/\d+\/history$/);
    assert.equal(await page.getByRole('heading', { level: 2 }).count(), 2, 'two versions');
    assert.ok((await expectAccessible(page, 'history page')) > 0);

    await page.goto(`${hub.baseUrl}/pitches/community-fridge`);
    await page.getByRole('link', { name: 'Delete the post by Bob Builder' }).first().click();
    assert.ok((await expectAccessible(page, 'delete page')) > 0);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Delete post' }).click()]);
    assert.ok(await page.getByText('This post was deleted.').isVisible());
    assert.ok(await page.getByText('By the bus stop, I think.').isVisible(), 'the reply stays');
    assert.ok((await expectAccessible(page, 'pitch page with a deleted post')) > 0);
  });
});

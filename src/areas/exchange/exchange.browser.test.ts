/**
 * The exchange in a real browser with JavaScript off, on a phone-sized screen: pitching (with a
 * refused form first), the pitch page, editing, the listing, search, a tag page and the activity
 * stream, each checked by axe.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createAccount } from '../accounts/accounts.commands.ts';
import { expectAccessible, launchBrowser, newPage } from '../../test/browser.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';

const password = 'a long enough password';

describe('the exchange in a browser without JavaScript', () => {
  let hub: TestHub;
  let browser: Browser;
  let page: Page;

  before(async () => {
    hub = await startTestHub({ listen: true });
    await setUpHub(hub.app);
    const created = await createAccount(hub.db, { name: 'Ada Lovelace', email: 'ada@example.org', password, verified: true });
    assert.ok(created.ok);
    browser = await launchBrowser();
    page = await newPage(browser, { javaScript: false });
    await page.goto(`${hub.baseUrl}/sign-in`);
    await page.getByLabel('Email address').fill('ada@example.org');
    await page.getByLabel('Password').fill(password);
    await page.locator('main').getByRole('button', { name: 'Sign in' }).click();
  });
  after(async () => {
    await browser?.close();
    await hub?.close();
  });

  test('pitching: the form, a refused save that keeps what was typed, then publishing', async () => {
    const response = await page.goto(`${hub.baseUrl}/pitches/new`);
    assert.equal(response?.status(), 200);
    assert.ok((await expectAccessible(page, 'new pitch form')) > 0);

    await page.getByLabel('Challenge or request').check();
    // The browser itself stops over-long text (maxlength), so the server's check shown is the deadline's.
    await page.getByLabel('Title').fill('Lonely evenings');
    await page.getByLabel('Deadline').fill('2001-01-01');
    await page.getByLabel('Summary').fill('Older residents find the evenings hardest.');
    await page.getByLabel('Place').fill('Dewsbury');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Publish' }).click()]);
    assert.ok(await page.getByRole('heading', { name: 'There is a problem' }).isVisible());
    assert.equal(await page.getByLabel('Place').inputValue(), 'Dewsbury', 'what was typed is kept');
    assert.ok(await page.getByText('The deadline cannot be in the past.').first().isVisible());
    assert.ok(await page.getByText('A budget, even a rough one: it helps people judge what is possible.').isVisible(), 'the guidance follows the form');
    assert.ok((await expectAccessible(page, 'new pitch form with errors')) > 0);

    await page.getByLabel('Title').fill('Lonely evenings in Dewsbury');
    await page.getByLabel('Deadline').fill('');
    await page.getByLabel('Description').fill('We want **ideas** for befriending in the evenings: phone rounds, warm spaces, anything.');
    await page.getByLabel('Tags').fill('loneliness, ageing well');
    await page.getByLabel('Local authority area').selectOption('E08000034');
    await page.getByLabel('Link 1: text').fill('Our survey');
    await page.getByLabel('Link 1: web address').fill('https://example.org/survey');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Publish' }).click()]);
    assert.match(page.url(), /\/pitches\/lonely-evenings-in-dewsbury$/);
    assert.ok(await page.getByText('Your pitch has been published.').isVisible());
  });

  test('the pitch page and its edit form', async () => {
    const response = await page.goto(`${hub.baseUrl}/pitches/lonely-evenings-in-dewsbury`);
    assert.equal(response?.status(), 200);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Lonely evenings in Dewsbury');
    assert.ok((await expectAccessible(page, 'pitch page')) > 0);

    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Edit', exact: true }).click()]);
    assert.match(page.url(), /\/edit$/);
    assert.ok((await expectAccessible(page, 'edit pitch form')) > 0);
    await page.getByLabel('Stage').selectOption('seeking-partners');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save changes' }).click()]);
    assert.ok(await page.getByText('Your changes have been saved.').isVisible());
    assert.ok(await page.getByRole('heading', { name: 'Stage history' }).isVisible());

    // Someone else saves meanwhile: the conflict page, with both texts, must be usable too.
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Edit', exact: true }).click()]);
    await page.getByLabel('Summary').fill('My newer summary');
    await hub.db.updateTable('pitches').set({ summary: 'Their summary', version: (eb) => eb('version', '+', 1) }).where('slug', '=', 'lonely-evenings-in-dewsbury').execute();
    const conflict = page.waitForResponse((r) => r.url().endsWith('/edit') && r.request().method() === 'POST');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save changes' }).click()]);
    assert.equal((await conflict).status(), 409);
    assert.equal(await page.locator('#field-summary').inputValue(), 'My newer summary');
    assert.equal(await page.getByLabel('Their summary').inputValue(), 'Their summary');
    assert.ok((await expectAccessible(page, 'edit conflict')) > 0);

    await page.goto(`${hub.baseUrl}/pitches/lonely-evenings-in-dewsbury/stage`);
    assert.ok((await expectAccessible(page, 'stage form')) > 0);
    await page.goto(`${hub.baseUrl}/pitches/lonely-evenings-in-dewsbury/team`);
    assert.ok((await expectAccessible(page, 'team page')) > 0);
    await page.goto(`${hub.baseUrl}/pitches/lonely-evenings-in-dewsbury/files`);
    assert.ok((await expectAccessible(page, 'files page')) > 0);
  });

  test('a draft’s page shows its team the guidance', async () => {
    await page.goto(`${hub.baseUrl}/pitches/new`);
    await page.getByLabel('Want').check();
    await page.getByLabel('Title').fill('A van for the food bank');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save as draft' }).click()]);
    assert.match(page.url(), /\/pitches\/a-van-for-the-food-bank$/);
    assert.ok(await page.getByText('This is a draft.').isVisible());
    assert.ok(await page.getByRole('heading', { name: 'Making a good pitch' }).isVisible());
    assert.ok((await expectAccessible(page, 'draft pitch page')) > 0);
  });

  test('the listing, search, a tag page and the activity stream', async () => {
    let response = await page.goto(`${hub.baseUrl}/pitches`);
    assert.equal(response?.status(), 200);
    assert.ok((await expectAccessible(page, 'pitch listing')) > 0);
    await page.getByLabel('Kind').selectOption('challenge');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Show pitches' }).click()]);
    assert.match(page.url(), /kind=challenge/);
    assert.equal(await page.getByRole('link', { name: 'Lonely evenings in Dewsbury' }).count(), 1);
    assert.ok((await expectAccessible(page, 'filtered listing')) > 0);

    response = await page.goto(`${hub.baseUrl}/search`);
    assert.equal(response?.status(), 200);
    await page.getByLabel('Search pitches and conversations').fill('befriending');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Search', exact: true }).click()]);
    assert.equal(await page.locator('mark', { hasText: 'befriending' }).count(), 1);
    assert.ok((await expectAccessible(page, 'search results')) > 0);

    response = await page.goto(`${hub.baseUrl}/tags/loneliness`);
    assert.equal(response?.status(), 200);
    assert.ok((await expectAccessible(page, 'tag page')) > 0);

    response = await page.goto(`${hub.baseUrl}/activity`);
    assert.equal(response?.status(), 200);
    assert.ok(await page.getByText('pitched').first().isVisible());
    assert.ok((await expectAccessible(page, 'activity stream')) > 0);
  });
});

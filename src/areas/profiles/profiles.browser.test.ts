/**
 * The profile pages in a real browser with JavaScript off, on a phone-sized screen: the directory,
 * a profile and the edit form (sent for real, with its file input left empty), each checked by axe.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { createAccount } from '../accounts/accounts.commands.ts';
import { expectAccessible, launchBrowser, newPage } from '../../test/browser.ts';
import { TestClient } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { profileFields } from './profiles.model.ts';

const password = 'a long enough password';

describe('profile pages in a browser without JavaScript', () => {
  let hub: TestHub;
  let browser: Browser;
  let page: Page;

  before(async () => {
    hub = await startTestHub({ listen: true });
    await setUpHub(hub.app);
    const created = await createAccount(hub.db, { name: 'Ada Lovelace', email: 'ada@example.org', password, verified: true });
    assert.ok(created.ok);
    const ada = new TestClient(hub.app);
    await ada.signIn('ada@example.org', password);
    const picture = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#36c' } }).png().toBuffer();
    const fields: Record<string, string | string[]> = {
      name: 'Ada Lovelace',
      bio: 'Mathematician.\n\nWrites notes on engines.',
      sector: 'academic',
      roles: ['innovator', 'funder'],
      place: 'Marylebone',
      localAuthority: 'E09000033',
      interests: 'engines, poetry',
      skills: 'Algorithms',
      needs: 'Funding for a difference engine',
      link1Label: 'Notes',
      link1Url: 'https://example.org/notes',
    };
    for (const field of profileFields) fields[`visibility_${field}`] = 'everyone';
    const saved = await ada.postMultipart('/settings/profile', fields, [
      { name: 'photo', filename: 'ada.png', contentType: 'image/png', data: picture },
    ]);
    assert.equal(saved.status, 303);
    browser = await launchBrowser();
    page = await newPage(browser, { javaScript: false });
  });
  after(async () => {
    await browser?.close();
    await hub?.close();
  });

  test('the directory and its filters', async () => {
    const response = await page.goto(`${hub.baseUrl}/members`);
    assert.equal(response?.status(), 200);
    assert.ok((await expectAccessible(page, 'member directory')) > 0);
    assert.equal(await page.getByRole('img', { name: 'Ada Lovelace' }).count(), 1, 'the card photo is named');

    await page.getByLabel('Sector').selectOption('academic');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Show members' }).click()]);
    assert.match(page.url(), /\/members\?q=&sector=academic/);
    assert.equal(await page.getByRole('link', { name: 'Ada Lovelace' }).count(), 1);
    await page.getByLabel('Sector').selectOption('resident');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Show members' }).click()]);
    assert.equal(await page.getByRole('link', { name: 'Ada Lovelace' }).count(), 0);
    assert.ok((await expectAccessible(page, 'member directory with no results')) > 0);
  });

  test('a profile page', async () => {
    const response = await page.goto(`${hub.baseUrl}/members/ada-lovelace`);
    assert.equal(response?.status(), 200);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Ada Lovelace');
    assert.ok(await page.getByText('Writes notes on engines.').isVisible());
    assert.ok((await expectAccessible(page, 'profile page')) > 0);
  });

  test('the edit form, sent by the browser with the file input left empty', async () => {
    await page.goto(`${hub.baseUrl}/sign-in`);
    await page.getByLabel('Email address').fill('ada@example.org');
    await page.getByLabel('Password').fill(password);
    await page.locator('main').getByRole('button', { name: 'Sign in' }).click();

    const response = await page.goto(`${hub.baseUrl}/settings/profile`);
    assert.equal(response?.status(), 200);
    assert.ok((await expectAccessible(page, 'edit profile form')) > 0);

    // Too long first: the error page must be accessible too, and keep what was typed.
    await page.getByLabel('Short bio').fill('x'.repeat(501));
    await page.getByRole('textbox', { name: /^Place/ }).fill('Somewhere kept');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save profile' }).click()]);
    assert.ok(await page.getByRole('heading', { name: 'There is a problem' }).isVisible());
    assert.equal(await page.getByRole('textbox', { name: /^Place/ }).inputValue(), 'Somewhere kept');
    assert.ok((await expectAccessible(page, 'edit profile form with errors')) > 0);

    await page.getByLabel('Short bio').fill('Updated from a real browser.');
    await page.getByLabel('Who can see your skills and offers').selectOption('only-me');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save profile' }).click()]);
    assert.match(page.url(), /\/members\/ada-lovelace$/);
    assert.ok(await page.getByText('Your profile has been saved.').isVisible());
    assert.ok(await page.getByText('Updated from a real browser.').isVisible());
    assert.equal(await page.getByRole('img', { name: 'Ada Lovelace' }).count(), 1, 'an empty file input keeps the photo');
    assert.ok(await page.getByText('Visible only to you').isVisible());
    assert.ok((await expectAccessible(page, 'own profile page with who-can-see notes')) > 0);

    const row = await hub.db
      .selectFrom('profiles')
      .innerJoin('users', 'users.id', 'profiles.user_id')
      .select(['profiles.photo', 'profiles.visibility', 'profiles.bio'])
      .where('users.handle', '=', 'ada-lovelace')
      .executeTakeFirstOrThrow();
    assert.ok(row.photo);
    assert.equal(row.bio, 'Updated from a real browser.');
    assert.equal(row.visibility.skills, 'only-me');
  });
});

/**
 * The notification pages in a real browser with JavaScript off, on a phone-sized screen: the list
 * (and the count in the header), the email choices (sent for real) and the unsubscribe pages, each
 * checked by axe.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createAccount } from '../accounts/accounts.commands.ts';
import { pitchSubject } from '../exchange/pitch.subject.ts';
import { expectAccessible, launchBrowser, newPage } from '../../test/browser.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { notify } from './index.ts';
import { unsubscribeToken } from './notifications.unsubscribe.ts';

const password = 'a long enough password';

describe('notification pages in a browser without JavaScript', () => {
  let hub: TestHub;
  let browser: Browser;
  let page: Page;
  let adaId: number;

  before(async () => {
    hub = await startTestHub({ listen: true });
    await setUpHub(hub.app);
    if (!hub.app.subjects.has('pitch')) hub.app.subjects.register(pitchSubject);
    const ada = await createAccount(hub.db, { name: 'Ada Lovelace', email: 'ada@example.org', password, verified: true });
    const bob = await createAccount(hub.db, { name: 'Bob Builder', email: 'bob@example.org', password, verified: true });
    assert.ok(ada.ok && bob.ok);
    adaId = ada.userId;
    const pitch = await hub.db
      .insertInto('pitches')
      .values({ slug: 'community-fridge', kind: 'idea', title: 'Community fridge', status: 'published', author_id: ada.userId, published_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await hub.db.insertInto('pitch_team').values({ pitch_id: pitch.id, user_id: ada.userId }).execute();
    for (const [kind, text] of [
      ['reply', 'Bob Builder replied to “Community fridge”.'],
      ['signal', 'Bob Builder can help with “Community fridge”.'],
    ] as const) {
      await notify(hub.app, { recipients: [ada.userId], kind, actorId: bob.userId, subject: { type: 'pitch', id: pitch.id }, text, url: '/pitches/community-fridge' });
    }

    browser = await launchBrowser();
    page = await newPage(browser, { javaScript: false });
    // Playwright waits for ever for a missing element unless told otherwise.
    page.setDefaultTimeout(20_000);
    await page.goto(`${hub.baseUrl}/sign-in`);
    await page.getByLabel('Email address').fill('ada@example.org');
    await page.getByLabel('Password').fill(password);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  });
  after(async () => {
    await browser?.close();
    await hub?.close();
  });

  test('the list of notifications, with the unread count in the header', async () => {
    const response = await page.goto(`${hub.baseUrl}/notifications`);
    assert.equal(response?.status(), 200);
    assert.ok((await expectAccessible(page, 'notifications list')) > 0);
    const link = page.getByRole('link', { name: 'Notifications, 2 unread' });
    assert.equal(await link.count(), 1);
    assert.equal((await link.textContent())?.trim(), 'Notifications (2)');
    assert.equal(await page.locator('.notification--unread .badge', { hasText: 'New' }).count(), 2);

    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Mark all as read' }).click()]);
    await page.waitForURL(`${hub.baseUrl}/notifications`);
    assert.equal(await page.getByRole('link', { name: 'Notifications', exact: true }).count(), 1);
    assert.equal(await page.locator('.badge', { hasText: 'New' }).count(), 0);
    assert.ok((await expectAccessible(page, 'notifications list, all read')) > 0);

    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Bob Builder can help with “Community fridge”.' }).click()]);
    assert.equal(new URL(page.url()).pathname, '/pitches/community-fridge');
  });

  test('the email choices', async () => {
    const response = await page.goto(`${hub.baseUrl}/settings/notifications`);
    assert.equal(response?.status(), 200);
    assert.ok((await expectAccessible(page, 'email choices')) > 0);
    const mentions = page.getByRole('group', { name: 'Mentions of me' });
    await mentions.getByLabel('Once a week, in a summary email').check();
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save email choices' }).click()]);
    await page.waitForURL(`${hub.baseUrl}/settings/notifications`);
    assert.equal(await page.getByRole('status').filter({ hasText: 'Your email choices are saved.' }).count(), 1);
    assert.ok(await page.getByRole('group', { name: 'Mentions of me' }).getByLabel('Once a week, in a summary email').isChecked());
    assert.ok((await expectAccessible(page, 'email choices, saved')) > 0);
  });

  test('unsubscribing from an email link, signed out', async () => {
    const visitor = await newPage(browser, { javaScript: false });
    visitor.setDefaultTimeout(20_000);
    try {
      const token = await unsubscribeToken(hub.app, adaId, 'reply');
      const response = await visitor.goto(`${hub.baseUrl}/unsubscribe/${token}`);
      assert.equal(response?.status(), 200);
      assert.equal(await visitor.getByRole('heading', { level: 1 }).textContent(), 'Stop emails about replies to your posts and threads you follow?');
      assert.ok((await expectAccessible(visitor, 'unsubscribe page')) > 0);
      await Promise.all([visitor.waitForNavigation(), visitor.getByRole('button', { name: 'Stop these emails' }).click()]);
      await visitor.getByRole('heading', { level: 1, name: 'You will not get these emails any more' }).waitFor();
      assert.ok((await expectAccessible(visitor, 'unsubscribed page')) > 0);

      const bad = await visitor.goto(`${hub.baseUrl}/unsubscribe/${token.slice(0, -2)}xx`);
      assert.equal(bad?.status(), 404);
      assert.ok((await expectAccessible(visitor, 'broken unsubscribe link')) > 0);
    } finally {
      await visitor.context().close();
    }
  });
});

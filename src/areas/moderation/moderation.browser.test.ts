/**
 * Reporting a post and hiding it, in a real browser with JavaScript off on a phone-sized screen:
 * the report form (with its error), the queue, the review page and the log, each checked by axe.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createAccount } from '../accounts/accounts.commands.ts';
import { expectAccessible, launchBrowser, newPage } from '../../test/browser.ts';
import { TestClient } from '../../test/http.ts';
import { defaultSetup, setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';

const password = 'a long enough password';

async function signIn(page: Page, baseUrl: string, email: string, secret: string) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(secret);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
}

describe('moderation in a browser without JavaScript', () => {
  let hub: TestHub;
  let browser: Browser;
  let carol: Page;
  let admin: Page;
  let postId: number;
  let bobHandle: string;

  before(async () => {
    hub = await startTestHub({ listen: true });
    await setUpHub(hub.app);
    const bob = await createAccount(hub.db, { name: 'Bob Builder', email: 'bob@example.org', password, verified: true });
    const carolAccount = await createAccount(hub.db, { name: 'Carol Chen', email: 'carol@example.org', password, verified: true });
    assert.ok(bob.ok && carolAccount.ok);
    bobHandle = bob.handle;
    const pitch = await hub.db
      .insertInto('pitches')
      .values({ slug: 'community-fridge', kind: 'idea', title: 'Community fridge', summary: 'A fridge.', status: 'published', author_id: bob.userId, published_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const client = new TestClient(hub.app);
    await client.signIn('bob@example.org', password);
    const posted = await client.postForm(`/conversations/pitch/${pitch.id}/posts`, { postBody: 'Something unkind.' }, { csrfFrom: '/settings' });
    postId = Number(/#post-(\d+)$/.exec(posted.location ?? '')?.[1]);
    assert.ok(postId > 0);

    browser = await launchBrowser();
    carol = await newPage(browser, { javaScript: false });
    admin = await newPage(browser, { javaScript: false });
    await signIn(carol, hub.baseUrl, 'carol@example.org', password);
    await signIn(admin, hub.baseUrl, defaultSetup.adminEmail, defaultSetup.adminPassword);
  });
  after(async () => {
    await browser?.close();
    await hub?.close();
  });

  test('reporting a post, hiding it from the queue, and the log', async () => {
    await carol.goto(`${hub.baseUrl}/pitches/community-fridge`);
    await Promise.all([carol.waitForNavigation(), carol.locator(`#post-${postId}`).getByRole('link', { name: /Report/ }).click()]);
    assert.ok(carol.url().endsWith(`/posts/${postId}/flag`));
    assert.ok((await expectAccessible(carol, 'report form')) > 0);
    await Promise.all([carol.waitForNavigation(), carol.getByRole('button', { name: 'Send report' }).click()]);
    assert.ok(await carol.getByText('Say what the problem is.').first().isVisible());
    assert.ok((await expectAccessible(carol, 'report form with an error')) > 0);
    await carol.getByLabel('What is wrong?').fill('This is unkind.');
    await Promise.all([carol.waitForNavigation(), carol.getByRole('button', { name: 'Send report' }).click()]);
    assert.ok(await carol.getByText('Thank you. The moderators will look at your report.').isVisible(), `${carol.url()} ${(await carol.locator('main').innerText()).slice(0, 400)}`);

    await admin.goto(`${hub.baseUrl}/moderation`);
    assert.ok((await expectAccessible(admin, 'moderation queue')) > 0);
    await Promise.all([admin.waitForNavigation(), admin.getByRole('link', { name: 'Post by Bob Builder' }).click()]);
    assert.ok((await expectAccessible(admin, 'report review')) > 0);
    await admin.getByLabel('Why hide the post?').fill('Unkind to neighbours.');
    await Promise.all([admin.waitForNavigation(), admin.getByRole('button', { name: 'Hide the post' }).click()]);
    assert.ok(await admin.getByText('The post is hidden.').isVisible());

    await carol.goto(`${hub.baseUrl}/pitches/community-fridge`);
    assert.ok(await carol.getByText('This post was hidden by a moderator.').isVisible());

    await admin.goto(`${hub.baseUrl}/admin/audit`);
    assert.ok(await admin.getByText('Unkind to neighbours.').isVisible());
    assert.ok((await expectAccessible(admin, 'moderation log')) > 0);
  });

  test('reporting and blocking a member', async () => {
    await carol.goto(`${hub.baseUrl}/members/${bobHandle}`);
    await Promise.all([carol.waitForNavigation(), carol.getByRole('link', { name: 'Report or block this member' }).click()]);
    assert.ok((await expectAccessible(carol, 'member report form')) > 0);
    await Promise.all([carol.waitForNavigation(), carol.getByRole('button', { name: 'Block Bob Builder' }).click()]);
    assert.ok(await carol.getByText('You have blocked Bob Builder.').isVisible());
    await carol.goto(`${hub.baseUrl}/settings/blocked`);
    assert.ok((await expectAccessible(carol, 'blocked members')) > 0);
    await Promise.all([carol.waitForNavigation(), carol.getByRole('button', { name: 'Unblock Bob Builder' }).click()]);
    assert.ok(await carol.getByText('You have unblocked Bob Builder.').isVisible());
  });
});

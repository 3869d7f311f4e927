/**
 * The knowledge shed in a real browser with JavaScript off, on a phone-sized screen: a member
 * starts a page from a template, meets the error summary, edits it, reads its history and the
 * differences between versions. Every page is checked by axe.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createAccount } from '../accounts/accounts.commands.ts';
import { expectAccessible, launchBrowser, newPage } from '../../test/browser.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';

const password = 'a long enough password';

async function signIn(page: Page, baseUrl: string, email: string, next: string) {
  await page.goto(`${baseUrl}/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await Promise.all([page.waitForURL(`${baseUrl}${next}`), page.getByRole('button', { name: 'Sign in' }).click()]);
}

describe('the knowledge shed in a browser without JavaScript', () => {
  let hub: TestHub;
  let browser: Browser;

  before(async () => {
    hub = await startTestHub({ listen: true });
    await setUpHub(hub.app);
    const created = await createAccount(hub.db, { name: 'Wren Writer', email: 'wren@example.org', password, verified: true });
    assert.ok(created.ok);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await hub?.close();
  });

  test('write a page from a template, fix an error, edit it, then read its history and changes', async () => {
    const page = await newPage(browser, { javaScript: false });
    await signIn(page, hub.baseUrl, 'wren@example.org', '/knowledge');
    assert.ok(await page.getByRole('heading', { level: 1, name: 'Knowledge shed' }).isVisible());
    assert.ok((await expectAccessible(page, 'knowledge index')) > 0);

    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Write a new page' }).click()]);
    await page.getByLabel('Template').selectOption('how-to');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Use this template' }).click()]);
    assert.match(await page.getByLabel('Text', { exact: true }).inputValue(), /## Goal[\s\S]*## Steps/);
    assert.ok((await expectAccessible(page, 'new page from a template')) > 0);

    // No name yet: the error summary says so and the text typed is kept.
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Create page' }).click()]);
    assert.ok(await page.getByRole('alert').getByText('This cannot be empty.').isVisible());
    assert.match(await page.getByLabel('Text', { exact: true }).inputValue(), /## Goal/);
    assert.ok((await expectAccessible(page, 'new page form with an error')) > 0);

    await page.getByLabel('Page name').fill('Fixing a puncture');
    await page.getByLabel('Text', { exact: true }).fill('## Goal\n\nA working bike.\n\n## Steps\n\nFind the hole.');
    await Promise.all([page.waitForURL(`${hub.baseUrl}/knowledge/fixing-a-puncture`), page.getByRole('button', { name: 'Create page' }).click()]);
    assert.ok(await page.getByRole('heading', { level: 1, name: 'Fixing a puncture' }).isVisible());
    assert.ok((await expectAccessible(page, 'a knowledge page')) > 0);

    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Edit this page' }).click()]);
    await page.getByLabel('Page name').fill('');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save changes' }).click()]);
    assert.ok(await page.getByRole('alert').isVisible());
    assert.ok((await expectAccessible(page, 'edit form with an error')) > 0);
    await page.getByLabel('Page name').fill('Fixing a puncture');
    await page.getByLabel('Text', { exact: true }).fill('## Goal\n\nA working bike.\n\n## Steps\n\nFind the hole with a bowl of water.');
    await page.getByLabel('What did you change?').fill('Said how to find the hole');
    await Promise.all([page.waitForURL(`${hub.baseUrl}/knowledge/fixing-a-puncture`), page.getByRole('button', { name: 'Save changes' }).click()]);
    assert.ok(await page.getByText('Your changes are saved.').isVisible());

    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'History' }).click()]);
    assert.ok(await page.getByRole('cell', { name: 'Said how to find the hole' }).isVisible());
    assert.ok((await expectAccessible(page, 'page history')) > 0);

    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Changes from version 1' }).click()]);
    assert.ok(await page.locator('ins').getByText('Find the hole with a bowl of water.').isVisible());
    assert.ok(await page.locator('del').getByText('Find the hole.', { exact: true }).isVisible());
    assert.ok((await expectAccessible(page, 'differences between versions')) > 0);
  });
});

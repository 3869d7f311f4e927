/**
 * The group pages in a real browser with JavaScript off, on a phone-sized screen: the directory, a
 * group as a member and as an outsider, the new-group form with its errors, and an invitation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createAccount } from '../accounts/accounts.commands.ts';
import { expectAccessible, launchBrowser, newPage, signIn } from '../../test/browser.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { firstLink, type TestSmtp } from '../../test/smtp.ts';

const password = 'a long enough password';

describe('group pages in a browser without JavaScript', () => {
  let hub: TestHub<TestSmtp>;
  let browser: Browser;
  let facilitator: Page;
  let outsider: Page;
  let visitor: Page;

  before(async () => {
    hub = await startTestHub({ listen: true, smtp: true });
    await setUpHub(hub.app);
    for (const [name, email] of [
      ['Fiona Facilitator', 'fiona@example.org'],
      ['Otto Outsider', 'otto@example.org'],
    ]) {
      assert.ok((await createAccount(hub.db, { name: name!, email: email!, password, verified: true })).ok);
    }
    browser = await launchBrowser();
    facilitator = await newPage(browser, { javaScript: false });
    outsider = await newPage(browser, { javaScript: false });
    visitor = await newPage(browser, { javaScript: false });
    await signIn(hub, facilitator, 'fiona@example.org');
    await signIn(hub, outsider, 'otto@example.org');
  });
  after(async () => {
    await browser?.close();
    await hub?.close();
  });

  test('the new-group form shows its errors, keeps what was typed, then creates the group', async () => {
    await facilitator.goto(`${hub.baseUrl}/groups/new`);
    assert.ok((await expectAccessible(facilitator, 'new group form')) > 0);
    await facilitator.getByLabel('Purpose', { exact: true }).fill('Plans for the estate.');
    await facilitator.getByRole('button', { name: 'Start the group' }).click();
    assert.equal(await facilitator.getByRole('heading', { name: 'There is a problem' }).count(), 1);
    assert.equal(await facilitator.getByLabel('Purpose', { exact: true }).inputValue(), 'Plans for the estate.');
    assert.ok((await expectAccessible(facilitator, 'new group form with errors')) > 0);
    await facilitator.getByLabel('Name of the group', { exact: true }).fill('Estate regeneration panel');
    await facilitator.getByRole('radio', { name: /^Closed/ }).check();
    await facilitator.getByRole('textbox', { name: /^About the group/ }).fill('Private plans for **the estate**.');
    await facilitator.getByRole('button', { name: 'Start the group' }).click();
    assert.match(facilitator.url(), /\/groups\/estate-regeneration-panel$/);
    assert.equal(await facilitator.getByRole('heading', { level: 1, name: 'Estate regeneration panel' }).count(), 1);
  });

  test('a group page as its facilitator and as an outsider', async () => {
    await facilitator.goto(`${hub.baseUrl}/groups/estate-regeneration-panel`);
    assert.match(await facilitator.locator('main').innerText(), /Private plans for the estate/);
    assert.ok((await expectAccessible(facilitator, 'group page as facilitator')) > 0);

    await outsider.goto(`${hub.baseUrl}/groups/estate-regeneration-panel`);
    assert.doesNotMatch(await outsider.locator('main').innerText(), /Private plans/);
    assert.ok((await expectAccessible(outsider, 'closed group page as outsider')) > 0);
    await Promise.all([outsider.waitForNavigation(), outsider.getByRole('button', { name: 'Ask to join' }).click()]);
    assert.match(await outsider.locator('main').innerText(), /You have asked to join/);

    await facilitator.goto(`${hub.baseUrl}/groups/estate-regeneration-panel`);
    await facilitator.getByRole('button', { name: 'Approve (Otto Outsider)' }).click();
    assert.match(await facilitator.locator('main').innerText(), /Otto Outsider is now a member/);
    await outsider.goto(`${hub.baseUrl}/groups/estate-regeneration-panel`);
    assert.match(await outsider.locator('main').innerText(), /Private plans for the estate/);
    assert.ok((await expectAccessible(outsider, 'closed group page as member')) > 0);
  });

  test('the directory', async () => {
    const response = await visitor.goto(`${hub.baseUrl}/groups`);
    assert.equal(response?.status(), 200);
    assert.equal(await visitor.getByRole('link', { name: 'Estate regeneration panel' }).count(), 1);
    assert.ok((await expectAccessible(visitor, 'group directory')) > 0);
  });

  test('an invitation page, for someone without an account', async () => {
    await facilitator.goto(`${hub.baseUrl}/groups/estate-regeneration-panel/invite`);
    assert.ok((await expectAccessible(facilitator, 'invite form')) > 0);
    await facilitator.getByLabel('Their email address').fill('newbie@example.org');
    await facilitator.getByRole('button', { name: 'Send the invitation' }).click();
    const email = await hub.smtp.waitForEmail((m) => m.to.includes('newbie@example.org'));
    await visitor.goto(firstLink(email.text, '/invitations/'));
    assert.equal(await visitor.getByRole('link', { name: 'Create an account to join Estate regeneration panel' }).count(), 1);
    assert.ok((await expectAccessible(visitor, 'invitation page')) > 0);
  });
});

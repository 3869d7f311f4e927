/**
 * A closed group from start to finish, in a real browser with JavaScript off on a phone-sized
 * screen: a facilitator starts it and invites someone not yet on the hub, who signs up through the
 * link and lands in the group; an outsider sees its name and purpose and nothing else; a reply is
 * reported, hidden by the facilitator, its author sees why, and the log keeps it; a member edits a
 * knowledge page and another restores the earlier version.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createAccount } from '../areas/accounts/accounts.commands.ts';
import { expectAccessible, launchBrowser, newPage, signIn } from '../test/browser.ts';
import { setUpHub, startTestHub, type TestHub } from '../test/hub.ts';
import { firstLink, type TestSmtp } from '../test/smtp.ts';

const password = 'a long enough password';
const privateWords = 'Draft plans for the Elm Street estate';

async function main(page: Page): Promise<string> {
  return page.locator('main').innerText();
}

describe('a closed group, in a browser without JavaScript', () => {
  let hub: TestHub<TestSmtp>;
  let browser: Browser;
  let fiona: Page; // facilitator
  let nia: Page; // invited, not yet on the hub
  let otto: Page; // a member of the hub, outside the group
  let admin: Page;
  let groupPath: string;

  before(async () => {
    hub = await startTestHub({ listen: true, smtp: true });
    await setUpHub(hub.app, { adminEmail: 'admin@example.org', adminPassword: password });
    for (const [name, email] of [
      ['Fiona Facilitator', 'fiona@example.org'],
      ['Otto Outsider', 'otto@example.org'],
    ]) {
      assert.ok((await createAccount(hub.db, { name: name!, email: email!, password, verified: true })).ok);
    }
    browser = await launchBrowser();
    fiona = await newPage(browser, { javaScript: false });
    nia = await newPage(browser, { javaScript: false });
    otto = await newPage(browser, { javaScript: false });
    admin = await newPage(browser, { javaScript: false });
    await signIn(hub, fiona, 'fiona@example.org');
    await signIn(hub, otto, 'otto@example.org');
    await signIn(hub, admin, 'admin@example.org');
  });
  after(async () => {
    await browser?.close();
    await hub?.close();
  });

  test('a facilitator starts a closed group and invites someone who is not on the hub; they sign up and land in it', async () => {
    await fiona.goto(`${hub.baseUrl}/groups/new`);
    await fiona.getByLabel('Name of the group', { exact: true }).fill('Elm Street residents panel');
    await fiona.getByLabel('Purpose', { exact: true }).fill('Residents and officers shaping the estate’s future together.');
    await fiona.getByRole('radio', { name: /^Closed/ }).check();
    await fiona.getByRole('textbox', { name: /^About the group/ }).fill(`${privateWords}: new homes on the garage site.`);
    await Promise.all([fiona.waitForNavigation(), fiona.getByRole('button', { name: 'Start the group' }).click()]);
    groupPath = new URL(fiona.url()).pathname;
    assert.equal(groupPath, '/groups/elm-street-residents-panel');
    assert.match(await main(fiona), new RegExp(privateWords));

    await fiona.goto(`${hub.baseUrl}${groupPath}/invite`);
    await fiona.getByLabel('Their email address').fill('nia@example.org');
    await Promise.all([fiona.waitForNavigation(), fiona.getByRole('button', { name: 'Send the invitation' }).click()]);
    const invitation = await hub.smtp.waitForEmail((m) => m.to.includes('nia@example.org'));
    assert.match(invitation.text, /Elm Street residents panel/);

    await nia.goto(firstLink(invitation.text, '/invitations/'));
    assert.ok((await expectAccessible(nia, 'invitation to someone without an account')) > 0);
    await Promise.all([nia.waitForNavigation(), nia.getByRole('link', { name: 'Create an account to join Elm Street residents panel' }).click()]);
    await nia.getByLabel('Your name').fill('Nia Newcomer');
    await nia.getByLabel('Email address').fill('nia@example.org');
    await nia.getByLabel('Password').fill(password);
    await Promise.all([nia.waitForNavigation(), nia.getByRole('button', { name: 'Create account' }).click()]);
    assert.match(nia.url(), /\/invitations\//, 'sign-up leads back to the invitation');
    await Promise.all([nia.waitForNavigation(), nia.getByRole('button', { name: 'Join the group' }).click()]);
    assert.equal(new URL(nia.url()).pathname, groupPath);
    assert.match(await main(nia), new RegExp(privateWords));
    assert.ok((await expectAccessible(nia, 'the group, as a new member')) > 0);
  });

  test('a member outside the group sees its name and purpose but none of its content', async () => {
    // Something for the group only, so there is content to keep out.
    await fiona.goto(`${hub.baseUrl}${groupPath}`);
    await fiona.getByLabel('Your post').fill('Garage site survey results are in: 14 of 20 households want family homes.');
    await Promise.all([fiona.waitForNavigation(), fiona.getByRole('button', { name: 'Post', exact: true }).click()]);
    assert.match(await main(fiona), /Garage site survey results/);

    const response = await otto.goto(`${hub.baseUrl}${groupPath}`);
    assert.equal(response?.status(), 200);
    const seen = await main(otto);
    assert.match(seen, /Elm Street residents panel/);
    assert.match(seen, /Residents and officers shaping the estate’s future together\./);
    assert.doesNotMatch(seen, new RegExp(privateWords));
    assert.doesNotMatch(seen, /Garage site survey/);
    assert.ok((await expectAccessible(otto, 'a closed group, from outside')) > 0);
    const conversation = await otto.goto(`${hub.baseUrl}/conversations/group/${await groupId(hub)}`);
    assert.equal(conversation?.status(), 404);
  });

  test('a reported reply is hidden by the facilitator; its author sees why; the log keeps it', async () => {
    await nia.goto(`${hub.baseUrl}${groupPath}`);
    await Promise.all([nia.waitForNavigation(), nia.getByRole('link', { name: /^Reply to Fiona Facilitator/ }).first().click()]);
    await nia.getByLabel('Your post').fill('Mrs Patel at number 12 never pays her rent, ask her.');
    await Promise.all([nia.waitForNavigation(), nia.getByRole('button', { name: 'Post reply' }).click()]);
    const reply = await hub.db.selectFrom('posts').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();

    await fiona.goto(`${hub.baseUrl}${groupPath}`);
    await Promise.all([fiona.waitForNavigation(), fiona.locator(`#post-${reply.id}`).getByRole('link', { name: /Report/ }).click()]);
    await fiona.getByLabel('What is wrong?').fill('Names a resident and their rent.');
    await Promise.all([fiona.waitForNavigation(), fiona.getByRole('button', { name: 'Send report' }).click()]);

    await fiona.goto(`${hub.baseUrl}/moderation`);
    assert.ok((await expectAccessible(fiona, 'the queue, for a facilitator')) > 0);
    await Promise.all([fiona.waitForNavigation(), fiona.getByRole('link', { name: 'Post by Nia Newcomer' }).click()]);
    await fiona.getByLabel('Why hide the post?').fill('It shares a neighbour’s private details.');
    await Promise.all([fiona.waitForNavigation(), fiona.getByRole('button', { name: 'Hide the post' }).click()]);
    assert.ok(await fiona.getByText('The post is hidden.').isVisible());

    await nia.goto(`${hub.baseUrl}${groupPath}`);
    assert.match(await main(nia), /Hidden by a moderator: It shares a neighbour’s private details\./);
    await otto.goto(`${hub.baseUrl}/search?q=rent`);
    assert.doesNotMatch(await main(otto), /Mrs Patel/);

    await admin.goto(`${hub.baseUrl}/admin/audit`);
    const log = await main(admin);
    assert.match(log, /Fiona Facilitator/);
    assert.match(log, /It shares a neighbour’s private details\./);
  });

  test('a member edits a knowledge page and another restores the earlier version', async () => {
    await fiona.goto(`${hub.baseUrl}/knowledge/new`);
    await fiona.getByLabel('Page name').fill('Running a residents panel');
    await fiona.getByLabel('Text', { exact: true }).fill('Meet monthly, in the community centre, with minutes shared within a week.');
    await Promise.all([fiona.waitForNavigation(), fiona.getByRole('button', { name: 'Create page' }).click()]);
    const pagePath = new URL(fiona.url()).pathname;

    await nia.goto(`${hub.baseUrl}${pagePath}`);
    await Promise.all([nia.waitForNavigation(), nia.getByRole('link', { name: 'Edit this page' }).click()]);
    await nia.getByLabel('Text', { exact: true }).fill('Meet whenever.');
    await nia.getByLabel('What did you change?').fill('Simpler');
    await Promise.all([nia.waitForNavigation(), nia.getByRole('button', { name: 'Save changes' }).click()]);
    assert.match(await main(nia), /Meet whenever\./);

    await fiona.goto(`${hub.baseUrl}${pagePath}/history`);
    assert.ok((await expectAccessible(fiona, 'page history')) > 0);
    await Promise.all([fiona.waitForNavigation(), fiona.getByRole('link', { name: 'Version 1', exact: true }).click()]);
    await Promise.all([fiona.waitForNavigation(), fiona.getByRole('button', { name: 'Restore this version' }).click()]);
    assert.match(await main(fiona), /Meet monthly, in the community centre/);
    await fiona.goto(`${hub.baseUrl}${pagePath}/history`);
    const history = await main(fiona);
    assert.match(history, /Restored version 1/);
    assert.match(history, /Nia Newcomer/);
  });
});

async function groupId(hub: TestHub): Promise<number> {
  return (await hub.db.selectFrom('groups').select('id').where('slug', '=', 'elm-street-residents-panel').executeTakeFirstOrThrow()).id;
}

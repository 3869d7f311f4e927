/**
 * A group's activity, members, attention and message pages in a real browser with JavaScript off,
 * on a phone-sized screen, checked with axe; the forms on them used as people use them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, launchBrowser, newPage, signIn } from '../../test/browser.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import type { TestSmtp } from '../../test/smtp.ts';
import { form, groupIdOf, join, member, newGroup, password, pitchInto, postIn, type Member } from './life.fixtures.ts';

describe('group life pages in a browser without JavaScript', () => {
  let hub: TestHub<TestSmtp>;
  let browser: Browser;
  let facilitator: Page;
  let memberPage: Page;
  let fiona: Member;
  let maya: Member;
  let slug: string;

  before(async () => {
    hub = await startTestHub({ listen: true, smtp: true });
    await setUpHub(hub.app);
    fiona = await member(hub, 'Fiona Facilitator', 'fiona@example.org');
    maya = await member(hub, 'Maya Member', 'maya@example.org');
    const otto = await member(hub, 'Otto Outsider', 'otto@example.org');
    ({ slug } = await newGroup(fiona.client, { name: 'Estate regeneration panel', visibility: 'closed' }));
    const id = await groupIdOf(hub, slug);
    await join(slug, maya, fiona);
    assert.equal((await form(otto.client, `/groups/${slug}/join`)).status, 303);
    const first = await postIn(maya.client, id, 'Here are the **first plans** for the estate.');
    await postIn(fiona.client, id, 'Thanks, Maya.', first);
    const old = await postIn(maya.client, id, 'Has anyone asked the tenants?');
    await hub.db.updateTable('posts').set({ created_at: new Date(Date.now() - 72 * 60 * 60 * 1000) }).where('id', '=', old).execute();
    await pitchInto(hub, maya.client, 'Community garden on the estate', id);

    browser = await launchBrowser();
    facilitator = await newPage(browser, { javaScript: false });
    memberPage = await newPage(browser, { javaScript: false });
    await signIn(hub, facilitator, fiona.email);
    await signIn(hub, memberPage, maya.email);
  });
  after(async () => {
    await browser?.close();
    await hub?.close();
  });

  test('the activity page, and pinning from it', async () => {
    const response = await facilitator.goto(`${hub.baseUrl}/groups/${slug}/activity`);
    assert.equal(response?.status(), 200);
    assert.equal(await facilitator.getByRole('heading', { level: 1 }).textContent(), 'Activity in Estate regeneration panel');
    assert.ok((await expectAccessible(facilitator, 'group activity')) > 0);
    await Promise.all([
      facilitator.waitForNavigation(),
      facilitator.getByRole('button', { name: 'Pin to the top (Maya Member posted the pitch “Community garden on the estate”)' }).click(),
    ]);
    assert.match(await facilitator.locator('main').innerText(), /Pinned to the top of the group page/);
    await facilitator.goto(`${hub.baseUrl}/groups/${slug}`);
    const pinned = facilitator.getByRole('region', { name: 'Pinned' });
    assert.equal(await pinned.getByRole('link', { name: 'Community garden on the estate' }).count(), 1);
    assert.ok((await expectAccessible(facilitator, 'group page with pins, as facilitator')) > 0);

    await memberPage.goto(`${hub.baseUrl}/groups/${slug}/activity`);
    assert.equal(await memberPage.getByRole('button', { name: /^Pin to the top/ }).count(), 0);
    assert.ok((await expectAccessible(memberPage, 'group activity as member')) > 0);
  });

  test('the members page: facilitators marked, and a request approved from it', async () => {
    await facilitator.goto(`${hub.baseUrl}/groups/${slug}/members`);
    assert.ok((await expectAccessible(facilitator, 'group members as facilitator')) > 0);
    await Promise.all([facilitator.waitForNavigation(), facilitator.getByRole('button', { name: 'Approve (Otto Outsider)' }).click()]);
    assert.equal(new URL(facilitator.url()).pathname, `/groups/${slug}/members`);
    assert.match(await facilitator.locator('main').innerText(), /Otto Outsider is now a member/);
    await memberPage.goto(`${hub.baseUrl}/groups/${slug}/members`);
    assert.equal(await memberPage.getByRole('button', { name: /Remove/ }).count(), 0);
    assert.ok((await expectAccessible(memberPage, 'group members as member')) > 0);
  });

  test('the attention page', async () => {
    const response = await facilitator.goto(`${hub.baseUrl}/groups/${slug}/attention`);
    assert.equal(response?.status(), 200);
    const main = await facilitator.locator('main').innerText();
    assert.match(main, /Has anyone asked the tenants\?/);
    assert.equal(await facilitator.getByRole('img', { name: /New members, posts and pitches each week/ }).count(), 1);
    assert.equal(await facilitator.getByRole('table', { name: 'New members, posts and pitches per week' }).count(), 1);
    assert.ok((await expectAccessible(facilitator, 'group attention page')) > 0);
  });

  test('the message page: errors, then sent', async () => {
    await facilitator.goto(`${hub.baseUrl}/groups/${slug}/message`);
    assert.ok((await expectAccessible(facilitator, 'message members form')) > 0);
    await facilitator.getByLabel('Message', { exact: true }).fill('The meeting moves to Thursday.');
    await Promise.all([facilitator.waitForNavigation(), facilitator.getByRole('button', { name: 'Send to all members' }).click()]);
    assert.equal(await facilitator.getByRole('heading', { name: 'There is a problem' }).count(), 1);
    assert.equal(await facilitator.getByLabel('Message', { exact: true }).inputValue(), 'The meeting moves to Thursday.');
    assert.ok((await expectAccessible(facilitator, 'message members form with errors')) > 0);
    await facilitator.getByLabel('Subject').fill('Meeting moved');
    await Promise.all([facilitator.waitForNavigation(), facilitator.getByRole('button', { name: 'Send to all members' }).click()]);
    assert.match(await facilitator.locator('main').innerText(), /Your message is on its way to 3 members/);
    const email = await hub.smtp.waitForEmail((m) => m.to.includes(maya.email) && m.subject === '[Estate regeneration panel] Meeting moved');
    assert.match(email.text, /The meeting moves to Thursday\./);
  });

  test('a member’s choice of notifications, and the delete confirmation', async () => {
    await memberPage.goto(`${hub.baseUrl}/groups/${slug}/notifications`);
    assert.ok((await expectAccessible(memberPage, 'group notification choice')) > 0);
    await memberPage.getByLabel('Every new post, straight away').check();
    await Promise.all([memberPage.waitForNavigation(), memberPage.getByRole('button', { name: 'Save my choice' }).click()]);
    assert.match(await memberPage.locator('main').innerText(), /You will hear about every new post/);
    assert.ok(await memberPage.getByLabel('Every new post, straight away').isChecked());

    await facilitator.goto(`${hub.baseUrl}/groups/${slug}/delete`);
    assert.ok((await expectAccessible(facilitator, 'delete group confirmation')) > 0);
    await facilitator.getByRole('textbox', { name: /To confirm, type the name of the group/ }).fill('wrong');
    await Promise.all([facilitator.waitForNavigation(), facilitator.getByRole('button', { name: 'Delete the group for good' }).click()]);
    assert.equal(await facilitator.getByRole('heading', { name: 'There is a problem' }).count(), 1);
    assert.ok((await expectAccessible(facilitator, 'delete group confirmation with errors')) > 0);
  });
});

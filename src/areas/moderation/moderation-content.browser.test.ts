/**
 * A group's facilitator hides a reported pitch in their group and its author sees why, in a real
 * browser with JavaScript off on a phone-sized screen; every page on the way is checked by axe.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createAccount } from '../accounts/accounts.commands.ts';
import { expectAccessible, launchBrowser, newPage } from '../../test/browser.ts';
import { TestClient } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';

const password = 'a long enough password';

async function signIn(page: Page, baseUrl: string, email: string) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
}

describe('hiding a reported pitch in a browser without JavaScript', () => {
  let hub: TestHub;
  let browser: Browser;
  let rhea: Page;
  let fiona: Page;
  let maya: Page;
  let otto: Page;
  let pitchSlug: string;

  before(async () => {
    hub = await startTestHub({ listen: true });
    await setUpHub(hub.app);
    const accounts: Record<string, number> = {};
    for (const [name, email] of [
      ['Fiona Facilitator', 'fiona@example.org'],
      ['Maya Member', 'maya@example.org'],
      ['Rhea Reporter', 'rhea@example.org'],
      ['Otto Outsider', 'otto@example.org'],
    ] as const) {
      const created = await createAccount(hub.db, { name, email, password, verified: true });
      assert.ok(created.ok);
      accounts[email] = created.userId;
    }
    const facilitator = new TestClient(hub.app);
    await facilitator.signIn('fiona@example.org', password);
    const made = await facilitator.postForm('/groups/new', { name: 'Estate panel', purpose: 'Residents shaping the estate.', visibility: 'closed' });
    assert.equal(made.status, 303);
    const group = await hub.db.selectFrom('groups').select('id').where('slug', '=', made.location!.slice('/groups/'.length)).executeTakeFirstOrThrow();
    for (const email of ['maya@example.org', 'rhea@example.org']) {
      await hub.db.insertInto('group_members').values({ group_id: group.id, user_id: accounts[email]!, role: 'member', status: 'active' }).execute();
    }
    const author = new TestClient(hub.app);
    await author.signIn('maya@example.org', password);
    const pitched = await author.postForm('/pitches/new', {
      kind: 'idea',
      title: 'Shared allotment',
      summary: 'A plot for everyone on the estate.',
      body: 'Raised beds behind block C.',
      terms: 'free',
      stage: 'idea',
      group: String(group.id),
      action: 'publish',
    });
    assert.equal(pitched.status, 303);
    pitchSlug = pitched.location!.slice('/pitches/'.length);

    browser = await launchBrowser();
    rhea = await newPage(browser, { javaScript: false });
    fiona = await newPage(browser, { javaScript: false });
    maya = await newPage(browser, { javaScript: false });
    otto = await newPage(browser, { javaScript: false });
    await signIn(rhea, hub.baseUrl, 'rhea@example.org');
    await signIn(fiona, hub.baseUrl, 'fiona@example.org');
    await signIn(maya, hub.baseUrl, 'maya@example.org');
    await signIn(otto, hub.baseUrl, 'otto@example.org');
  });
  after(async () => {
    await browser?.close();
    await hub?.close();
  });

  test('a member reports the pitch, the facilitator hides it, and its author sees why', async () => {
    await rhea.goto(`${hub.baseUrl}/pitches/${pitchSlug}`);
    await Promise.all([rhea.waitForNavigation(), rhea.getByRole('link', { name: 'Report this pitch' }).click()]);
    assert.ok(rhea.url().endsWith(`/pitches/${pitchSlug}/flag`));
    assert.ok((await expectAccessible(rhea, 'pitch report form')) > 0);
    await Promise.all([rhea.waitForNavigation(), rhea.getByRole('button', { name: 'Send report' }).click()]);
    assert.ok(await rhea.getByText('Say what the problem is.').first().isVisible());
    assert.ok((await expectAccessible(rhea, 'pitch report form with an error')) > 0);
    await rhea.getByLabel('What is wrong?').fill('The panel has not agreed to this.');
    await Promise.all([rhea.waitForNavigation(), rhea.getByRole('button', { name: 'Send report' }).click()]);
    assert.ok(await rhea.getByText('Thank you. The moderators will look at your report.').isVisible());

    await fiona.goto(`${hub.baseUrl}/moderation`);
    assert.ok((await expectAccessible(fiona, 'a facilitator’s queue')) > 0);
    await Promise.all([fiona.waitForNavigation(), fiona.getByRole('link', { name: 'Pitch “Shared allotment”' }).click()]);
    assert.ok(await fiona.getByText('The panel has not agreed to this.').isVisible());
    assert.ok((await expectAccessible(fiona, 'review of a reported pitch')) > 0);
    await Promise.all([fiona.waitForNavigation(), fiona.getByRole('button', { name: 'Hide the pitch' }).click()]);
    assert.ok(await fiona.getByText('Say what the problem is.').first().isVisible(), 'hiding needs a reason');
    await fiona.getByLabel('Why hide it?').fill('Please agree it with the panel first.');
    await Promise.all([fiona.waitForNavigation(), fiona.getByRole('button', { name: 'Hide the pitch' }).click()]);
    assert.ok(await fiona.getByText('The pitch is hidden. Its team has been told why.').isVisible());
    assert.ok(await fiona.getByRole('heading', { name: 'Remove Maya Member from Estate panel' }).isVisible());
    assert.ok((await expectAccessible(fiona, 'review after hiding, with removal from the group')) > 0);

    const gone = await rhea.goto(`${hub.baseUrl}/pitches/${pitchSlug}`);
    assert.equal(gone?.status(), 404, 'gone for the rest of the group');

    await maya.goto(`${hub.baseUrl}/pitches/${pitchSlug}`);
    assert.ok(await maya.getByText('A moderator has hidden this pitch.', { exact: false }).isVisible());
    assert.ok(await maya.getByText('The reason given: Please agree it with the panel first.').isVisible());
    assert.ok((await expectAccessible(maya, 'a hidden pitch seen by its author')) > 0);
    await maya.goto(`${hub.baseUrl}/notifications`);
    assert.ok(await maya.getByText('A moderator hid your pitch “Shared allotment”. Open it to see why.').isVisible());
  });

  test('someone who moderates nothing gets a plain, empty queue', async () => {
    const response = await otto.goto(`${hub.baseUrl}/moderation`);
    assert.equal(response?.status(), 200);
    assert.ok(await otto.getByText('There is nothing here for you.', { exact: false }).isVisible());
    assert.ok((await expectAccessible(otto, 'an empty queue')) > 0);
  });
});

/**
 * A closed group's wiki in a real browser with JavaScript off, on a phone-sized screen: one member
 * starts a page from the group's page, another edits it, a third restores the first version and
 * adds a file (after one refused). Every page is checked by axe.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createAccount } from '../accounts/accounts.commands.ts';
import { expectAccessible, launchBrowser, newPage } from '../../test/browser.ts';
import { TestClient } from '../../test/http.ts';
import { defaultSetup, setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';

const password = 'a long enough password';
const settings = { csrfFrom: '/settings' };

async function signIn(hub: TestHub, page: Page, email: string, secret = password) {
  await page.goto(`${hub.baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(secret);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in' }).click()]);
}

describe('a group wiki in a browser without JavaScript', () => {
  let hub: TestHub;
  let browser: Browser;
  let groupSlug: string;

  before(async () => {
    hub = await startTestHub({ listen: true });
    await setUpHub(hub.app);
    const clients: Record<string, TestClient> = {};
    for (const [name, email] of [
      ['Fiona Facilitator', 'fiona@example.org'],
      ['Maya Member', 'maya@example.org'],
      ['Sam Steward', 'sam@example.org'],
    ] as const) {
      const created = await createAccount(hub.db, { name, email, password, verified: true });
      assert.ok(created.ok);
      const client = new TestClient(hub.app);
      await client.signIn(email, password);
      clients[email] = client;
    }
    const fiona = clients['fiona@example.org']!;
    const group = await fiona.postForm('/groups/new', { name: 'Riverside tenants', purpose: 'Looking after our homes.', visibility: 'closed' });
    assert.equal(group.status, 303);
    groupSlug = group.location!.slice('/groups/'.length);
    for (const [email, handle] of [
      ['maya@example.org', 'maya-member'],
      ['sam@example.org', 'sam-steward'],
    ] as const) {
      assert.equal((await clients[email]!.postForm(`/groups/${groupSlug}/join`, {}, settings)).status, 303);
      assert.equal((await fiona.postForm(`/groups/${groupSlug}/members/${handle}/approve`, {}, settings)).status, 303);
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await hub?.close();
  });

  test('one member writes a page, another edits it, a third restores the first version and adds a file', async () => {
    const base = `${hub.baseUrl}/groups/${groupSlug}/knowledge`;

    // Fiona starts a page from the group's own page.
    const fiona = await newPage(browser, { javaScript: false });
    await signIn(hub, fiona, 'fiona@example.org');
    await fiona.goto(`${hub.baseUrl}/groups/${groupSlug}`);
    assert.ok(await fiona.getByRole('heading', { level: 2, name: 'Knowledge pages' }).isVisible());
    assert.ok((await expectAccessible(fiona, 'group page with its knowledge pages')) > 0);
    await Promise.all([fiona.waitForNavigation(), fiona.getByRole('link', { name: 'All of this group’s pages' }).click()]);
    assert.ok(await fiona.getByRole('heading', { level: 1, name: 'Riverside tenants: knowledge pages' }).isVisible());
    assert.ok((await expectAccessible(fiona, 'group wiki index')) > 0);
    await Promise.all([fiona.waitForNavigation(), fiona.getByRole('link', { name: 'Write a new page' }).click()]);
    await fiona.getByLabel('Page name').fill('Reporting a repair');
    await fiona.getByLabel('Text', { exact: true }).fill('Phone the housing office.');
    assert.ok((await expectAccessible(fiona, 'new group page form')) > 0);
    await Promise.all([fiona.waitForURL(`${base}/reporting-a-repair`), fiona.getByRole('button', { name: 'Create page' }).click()]);
    assert.ok(await fiona.getByRole('heading', { level: 1, name: 'Reporting a repair' }).isVisible());
    assert.ok((await expectAccessible(fiona, 'a group wiki page')) > 0);

    // Maya edits it.
    const maya = await newPage(browser, { javaScript: false });
    await signIn(hub, maya, 'maya@example.org');
    await maya.goto(`${base}/reporting-a-repair`);
    await Promise.all([maya.waitForNavigation(), maya.getByRole('link', { name: 'Edit this page' }).click()]);
    assert.ok((await expectAccessible(maya, 'editing a group page')) > 0);
    await maya.getByLabel('Text', { exact: true }).fill('Email repairs@example.org with a photo.');
    await maya.getByLabel('What did you change?').fill('Email is quicker');
    await Promise.all([maya.waitForURL(`${base}/reporting-a-repair`), maya.getByRole('button', { name: 'Save changes' }).click()]);
    assert.ok(await maya.getByText('Email repairs@example.org with a photo.').isVisible());

    // Sam prefers the first version and restores it.
    const sam = await newPage(browser, { javaScript: false });
    await signIn(hub, sam, 'sam@example.org');
    await sam.goto(`${base}/reporting-a-repair`);
    await Promise.all([sam.waitForNavigation(), sam.getByRole('link', { name: 'History' }).click()]);
    assert.ok(await sam.getByRole('cell', { name: 'Email is quicker' }).isVisible());
    assert.ok((await expectAccessible(sam, 'group page history')) > 0);
    await Promise.all([sam.waitForNavigation(), sam.getByRole('link', { name: 'Version 1', exact: true }).click()]);
    assert.ok((await expectAccessible(sam, 'an earlier version')) > 0);
    await Promise.all([sam.waitForURL(`${base}/reporting-a-repair`), sam.getByRole('button', { name: 'Restore this version' }).click()]);
    assert.ok(await sam.getByText('Version 1 is restored.').isVisible());
    assert.ok(await sam.getByText('Phone the housing office.').isVisible());

    // A file that is not what its name says is refused, with the words typed kept; then a real one.
    await sam.getByLabel('File', { exact: true }).setInputFiles({ name: 'form.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not really a PDF') });
    await sam.getByLabel('What is it?').fill('Repair request form');
    await Promise.all([sam.waitForNavigation(), sam.getByRole('button', { name: 'Upload the file' }).click()]);
    assert.ok(await sam.getByRole('alert').getByText(/This kind of file cannot be added/).isVisible());
    assert.equal(await sam.getByLabel('What is it?').inputValue(), 'Repair request form');
    assert.ok((await expectAccessible(sam, 'a refused file')) > 0);
    await sam.getByLabel('File', { exact: true }).setInputFiles({ name: 'repair-checklist.txt', mimeType: 'text/plain', buffer: Buffer.from('1. Photo\n2. Address\n') });
    await Promise.all([sam.waitForURL(`${base}/reporting-a-repair`), sam.getByRole('button', { name: 'Upload the file' }).click()]);
    assert.ok(await sam.getByText('The file “repair-checklist.txt” is added to the page.').isVisible());
    assert.ok(await sam.getByRole('link', { name: 'repair-checklist.txt' }).isVisible());
    assert.ok((await expectAccessible(sam, 'a group page with a file')) > 0);

    await Promise.all([sam.waitForNavigation(), sam.getByRole('link', { name: 'History' }).click()]);
    assert.ok(await sam.getByRole('cell', { name: 'Added the file “repair-checklist.txt”' }).isVisible());
    assert.ok(await sam.getByRole('cell', { name: 'Restored version 1' }).isVisible());
  });

  test('an administrator keeps hub-wide editing to administrators, and back', async () => {
    const admin = await newPage(browser, { javaScript: false });
    await signIn(hub, admin, defaultSetup.adminEmail, defaultSetup.adminPassword);
    await admin.goto(`${hub.baseUrl}/admin`);
    await Promise.all([admin.waitForNavigation(), admin.getByRole('link', { name: 'Who can edit the knowledge shed' }).click()]);
    assert.ok(await admin.getByRole('radio', { name: 'Every signed-in member' }).isChecked());
    assert.ok((await expectAccessible(admin, 'knowledge editing setting')) > 0);
    await admin.getByRole('radio', { name: 'Only administrators' }).check();
    await Promise.all([admin.waitForNavigation(), admin.getByRole('button', { name: 'Save' }).click()]);
    assert.ok(await admin.getByText('Only administrators can now write and change hub-wide pages.').isVisible());
    assert.ok(await admin.getByRole('radio', { name: 'Only administrators' }).isChecked());
    assert.ok((await expectAccessible(admin, 'knowledge editing setting, saved')) > 0);

    const maya = await newPage(browser, { javaScript: false });
    await signIn(hub, maya, 'maya@example.org');
    await maya.goto(`${hub.baseUrl}/knowledge/new`);
    assert.ok(await maya.getByRole('heading', { level: 1, name: 'You cannot change this page' }).isVisible());
    assert.ok((await expectAccessible(maya, 'refused: only administrators edit')) > 0);

    await admin.getByRole('radio', { name: 'Every signed-in member' }).check();
    await Promise.all([admin.waitForNavigation(), admin.getByRole('button', { name: 'Save' }).click()]);
    await maya.goto(`${hub.baseUrl}/knowledge/new`);
    assert.ok(await maya.getByRole('heading', { level: 1, name: 'Write a new page' }).isVisible());
  });
});

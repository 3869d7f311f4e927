/**
 * The exchange at work, in a real browser with JavaScript off on a phone-sized screen: a council
 * officer posts a challenge; a supplier finds it among the pitches that fit them, says "I can
 * help" and replies; the officer is told in the hub and by email over SMTP; search finds the
 * challenge by a word from its description. Every page on the way is checked with axe.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createAccount } from '../areas/accounts/accounts.commands.ts';
import { expectAccessible, launchBrowser, newPage } from '../test/browser.ts';
import { setUpHub, startTestHub, type TestHub } from '../test/hub.ts';
import { TestClient } from '../test/http.ts';
import type { TestSmtp } from '../test/smtp.ts';
import { profileFields } from '../areas/profiles/profiles.model.ts';

let hub: TestHub<TestSmtp>;
let browser: Browser;
const password = 'a long enough password';

before(async () => {
  hub = await startTestHub({ smtp: true, listen: true });
  await setUpHub(hub.app);
  for (const [name, email, interests, skills] of [
    ['Olu Officer', 'olu@example.org', 'adult social care', 'Commissioning'],
    ['Sunita Supplier', 'sunita@example.org', 'adult social care, assistive technology', 'Sensor kits and reablement software'],
  ] as const) {
    const created = await createAccount(hub.db, { name, email, password, verified: true });
    assert.ok(created.ok);
    const client = new TestClient(hub.app);
    await client.signIn(email, password);
    const fields: Record<string, string> = { name, interests, skills };
    for (const field of profileFields) fields[`visibility_${field}`] = 'everyone';
    const saved = await client.postMultipart('/settings/profile', fields, []);
    assert.equal(saved.status, 303);
  }
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await hub?.close();
});

async function submit(page: Page, label: string) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: label, exact: true }).first().click()]);
}

async function signIn(page: Page, email: string) {
  await page.goto(`${hub.baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await submit(page, 'Sign in');
}

test('a challenge finds a supplier, who offers help and replies; the officer hears of it', { timeout: 240_000 }, async () => {
  const officer = await newPage(browser, { javaScript: false });
  await signIn(officer, 'olu@example.org');
  await officer.goto(`${hub.baseUrl}/pitches/new`);
  await expectAccessible(officer, 'new pitch form');
  await officer.getByLabel('Challenge or request').check();
  await officer.getByLabel('Title', { exact: true }).fill('Keeping people independent after a hospital stay');
  await officer.getByLabel('Summary').fill('We want to try home sensors to support reablement after discharge.');
  await officer
    .getByLabel('Description')
    .fill('Our reablement team visits for six weeks. We want to know whether simple sensors help people stay safe at home afterwards.');
  await officer.getByLabel('Tags').fill('adult social care, assistive technology');
  await submit(officer, 'Publish');
  const pitchUrl = officer.url();
  assert.match(new URL(pitchUrl).pathname, /^\/pitches\/keeping-people-independent/);
  assert.match(await officer.locator('main').innerText(), /Your pitch has been published/);
  await expectAccessible(officer, 'the published challenge');

  const supplier = await newPage(browser, { javaScript: false });
  await signIn(supplier, 'sunita@example.org');
  await supplier.goto(`${hub.baseUrl}/`);
  await expectAccessible(supplier, 'home page with matches');
  const match = supplier
    .getByRole('region', { name: 'Pitches that fit you' })
    .getByRole('link', { name: 'Keeping people independent after a hospital stay' });
  assert.equal(await match.count(), 1, 'the challenge is among the pitches that fit the supplier');
  await Promise.all([supplier.waitForNavigation(), match.click()]);
  await supplier.getByLabel('How could you help?').fill('We make sensor kits and have run a reablement pilot in Leeds.');
  await submit(supplier, 'I can help');
  assert.match(await supplier.locator('main').innerText(), /1 can help/i);
  await supplier.goto(pitchUrl);
  await supplier.getByLabel('Your post').last().fill('Happy to share what our pilot learnt about false alarms.');
  await submit(supplier, 'Post');
  assert.match(await supplier.locator('main').innerText(), /what our pilot learnt about false alarms/);
  await expectAccessible(supplier, 'the challenge after a signal and a reply');

  const signalEmail = await hub.smtp.waitForEmail((m) => m.to.includes('olu@example.org') && /can help/i.test(m.text));
  assert.match(signalEmail.text, /Keeping people independent/);
  await hub.smtp.waitForEmail((m) => m.to.includes('olu@example.org') && /false alarms|replied|posted/i.test(m.text));

  await officer.goto(`${hub.baseUrl}/notifications`);
  const nav = officer.getByRole('link', { name: /Notifications, \d+ unread/ });
  assert.equal(await nav.count(), 1, 'the header shows unread notifications');
  assert.match(await officer.locator('main').innerText(), /Sunita Supplier/);
  await expectAccessible(officer, 'notifications');

  await officer.goto(`${hub.baseUrl}/search`);
  await officer.getByLabel('Search pitches and conversations').fill('weeks');
  await submit(officer, 'Search');
  const results = await officer.locator('main').innerText();
  assert.match(results, /Keeping people independent after a hospital stay/);
  await expectAccessible(officer, 'search results');
});

/**
 * The first journey of a hub, in a real browser with JavaScript off on a phone-sized screen: the
 * setup page makes an administrator; a newcomer signs up, confirms their email from a message
 * delivered over SMTP, signs in, fills in their profile; another member finds them through the
 * directory search. Every page on the way is checked with axe.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { expectAccessible, launchBrowser, newPage } from '../test/browser.ts';
import { startTestHub, type TestHub } from '../test/hub.ts';
import { firstLink, type TestSmtp } from '../test/smtp.ts';

let hub: TestHub<TestSmtp>;
let browser: Browser;

before(async () => {
  hub = await startTestHub({ smtp: true, listen: true });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await hub?.close();
});

async function submit(page: Page, label: string) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: label }).click()]);
}

async function signOut(page: Page) {
  await submit(page, 'Sign out');
  assert.equal(await page.getByRole('link', { name: 'Sign in' }).count(), 1);
}

test('a hub is set up, a member joins and is found by another', { timeout: 240_000 }, async () => {
  const page = await newPage(browser, { javaScript: false });

  await page.goto(`${hub.baseUrl}/`);
  assert.equal(new URL(page.url()).pathname, '/setup', 'a new hub starts at its setup page');
  await expectAccessible(page, 'setup page');
  await page.getByLabel('Name of the hub').fill('Calderdale Exchange');
  await page.getByLabel('Your name').fill('Ada Admin');
  await page.getByLabel('Email address').fill('ada@example.org');
  await page.getByLabel('Password').fill('correct horse battery staple');
  await submit(page, 'Create the hub');
  assert.match(await page.title(), /Calderdale Exchange/);
  assert.match(await page.locator('main').innerText(), /Your hub is ready/);
  await expectAccessible(page, 'home as administrator');
  await signOut(page);

  await page.goto(`${hub.baseUrl}/sign-up`);
  await expectAccessible(page, 'sign-up page');
  await submit(page, 'Create account');
  assert.match(await page.locator('.error-summary').innerText(), /Enter your name/);
  await expectAccessible(page, 'sign-up page with errors');
  await page.getByLabel('Your name').fill('Bea Builder');
  await page.getByLabel('Email address').fill('bea@example.org');
  await page.getByLabel('Password').fill('bea builds bridges');
  await submit(page, 'Create account');
  assert.equal(new URL(page.url()).pathname, '/settings/profile');
  await expectAccessible(page, 'profile form after sign-up');

  const email = await hub.smtp.waitForEmail((m) => m.to.includes('bea@example.org'));
  const link = firstLink(email.text, '/verify-email/');
  await page.goto(link);
  assert.match(await page.locator('main').innerText(), /your email address is confirmed/);
  await expectAccessible(page, 'settings after confirming the email');
  await signOut(page);

  await page.goto(`${hub.baseUrl}/sign-in`);
  await expectAccessible(page, 'sign-in page');
  await page.getByLabel('Email address').fill('bea@example.org');
  await page.getByLabel('Password').fill('not the password');
  await submit(page, 'Sign in');
  assert.match(await page.locator('.error-summary').innerText(), /The email address or password is not right/);
  await expectAccessible(page, 'sign-in page with an error');
  await page.getByLabel('Password').fill('bea builds bridges');
  await submit(page, 'Sign in');
  assert.match(await page.locator('main').innerText(), /You are signed in/);

  await page.goto(`${hub.baseUrl}/settings/profile`);
  await page.getByRole('textbox', { name: /^Skills and offers/ }).fill('Participatory budgeting facilitation and bridge inspection');
  await page.getByRole('textbox', { name: /^Short bio/ }).fill('Engineer and community organiser in Halifax.');
  // The skills are for everyone, so a visitor's search may find them.
  await page.getByLabel('Who can see your skills and offers').selectOption('everyone');
  await submit(page, 'Save profile');
  assert.equal(new URL(page.url()).pathname, '/members/bea-builder');
  assert.match(await page.locator('main').innerText(), /Participatory budgeting facilitation/);
  await expectAccessible(page, 'own profile page');
  await signOut(page);

  const other = await newPage(browser, { javaScript: false });
  await other.goto(`${hub.baseUrl}/sign-in`);
  await other.getByLabel('Email address').fill('ada@example.org');
  await other.getByLabel('Password').fill('correct horse battery staple');
  await submit(other, 'Sign in');
  await other.goto(`${hub.baseUrl}/members`);
  await expectAccessible(other, 'member directory');
  await other.getByRole('searchbox').first().fill('budgeting');
  await submit(other, 'Show members');
  await expectAccessible(other, 'directory search results');
  await Promise.all([other.waitForNavigation(), other.getByRole('link', { name: 'Bea Builder' }).first().click()]);
  assert.equal(new URL(other.url()).pathname, '/members/bea-builder');
  assert.match(await other.locator('main').innerText(), /Engineer and community organiser/);
  await expectAccessible(other, 'another member’s profile');
});

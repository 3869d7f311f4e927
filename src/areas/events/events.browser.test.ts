/**
 * Events in a real browser with JavaScript off, on a phone-sized screen, checked with axe: adding
 * an event (with mistakes first), going, the list, the month calendar, a group's events, and a
 * full event where the second person waits and gets the place (and an email) when the first
 * gives it up.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createAccount } from '../accounts/accounts.commands.ts';
import { click, expectAccessible, launchBrowser, mainText, newPage, signIn } from '../../test/browser.ts';
import { TestClient } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { firstLink, type TestSmtp } from '../../test/smtp.ts';

const password = 'a long enough password';
const year = new Date().getUTCFullYear() + 1;

describe('events in a browser without JavaScript', () => {
  let hub: TestHub<TestSmtp>;
  let browser: Browser;
  let host: Page;
  let first: Page;
  let second: Page;
  let visitor: Page;
  let eventPath = '';

  before(async () => {
    hub = await startTestHub({ listen: true, smtp: true });
    await setUpHub(hub.app);
    for (const [name, email] of [
      ['Hana Host', 'hana@example.org'],
      ['Fran First', 'fran@example.org'],
      ['Sam Second', 'sam@example.org'],
    ] as const) {
      assert.ok((await createAccount(hub.db, { name, email, password, verified: true })).ok);
    }
    const setup = new TestClient(hub.app);
    await setup.signIn('hana@example.org', password);
    assert.equal((await setup.postForm('/groups/new', { name: 'Estate panel', purpose: 'Plans for the estate.', visibility: 'open' })).status, 303);
    browser = await launchBrowser();
    host = await newPage(browser, { javaScript: false });
    first = await newPage(browser, { javaScript: false });
    second = await newPage(browser, { javaScript: false });
    visitor = await newPage(browser, { javaScript: false });
    await signIn(hub, host, 'hana@example.org');
    await signIn(hub, first, 'fran@example.org');
    await signIn(hub, second, 'sam@example.org');
  });
  after(async () => {
    await browser?.close();
    await hub?.close();
  });

  test('adding an event: the form shows its mistakes, keeps what was typed, then makes the event', async () => {
    await host.goto(`${hub.baseUrl}/events/new`);
    assert.ok((await expectAccessible(host, 'new event form')) > 0);
    await host.getByLabel('Name of the event').fill('Estate open data workshop');
    await host.getByRole('radio', { name: 'Workshop' }).check();
    await host.getByLabel('Summary').fill('Looking at repairs data together.');
    await host.getByLabel('Hosted by').selectOption({ label: 'Estate panel (group)' });
    await host.getByLabel('Start date').fill(`${year}-07-15`);
    await host.getByLabel('Start time').fill('18:00');
    await host.getByLabel('End time').fill('17:00');
    await host.getByRole('radio', { name: /^In person/ }).check();
    await host.getByLabel('Number of places').fill('one');
    await click(host, 'Add the event');
    assert.equal(await host.getByRole('heading', { name: 'There is a problem' }).count(), 1);
    const problems = await host.locator('.error-summary').innerText();
    assert.match(problems, /The end must be after the start\./);
    assert.match(problems, /Enter the number of places as a whole number/);
    assert.match(problems, /Enter the venue/);
    assert.equal(await host.getByLabel('Name of the event').inputValue(), 'Estate open data workshop');
    assert.equal(await host.getByLabel('Start time').inputValue(), '18:00');
    assert.equal(await host.getByLabel('Number of places').inputValue(), 'one');
    assert.ok((await expectAccessible(host, 'new event form with mistakes')) > 0);

    await host.getByLabel('End time').fill('20:00');
    await host.getByLabel('Number of places').fill('1');
    await host.getByLabel('Venue', { exact: true }).fill('Community centre, Kirkgate');
    await click(host, 'Add the event');
    eventPath = new URL(host.url()).pathname;
    assert.match(eventPath, /^\/events\/estate-open-data-workshop$/);
    assert.equal(await host.getByRole('heading', { level: 1, name: 'Estate open data workshop' }).count(), 1);
    const text = await mainText(host);
    assert.match(text, /has been added/);
    assert.match(text, /18:00 BST to 20:00 BST \(UK time\)/);
    assert.match(text, /1 of 1 places left/);
    assert.ok((await expectAccessible(host, 'event page as its host')) > 0);
  });

  test('going, then a full event: the second person waits and gets the place, and an email, when the first gives it up', async () => {
    await first.goto(`${hub.baseUrl}${eventPath}`);
    await click(first, 'I’m going');
    assert.match(await mainText(first), /You are going to Estate open data workshop\./);
    assert.ok((await expectAccessible(first, 'event page when going')) > 0);

    await second.goto(`${hub.baseUrl}${eventPath}`);
    assert.match(await mainText(second), /This event is full/);
    await click(second, 'Join the waiting list');
    assert.match(await mainText(second), /you are number 1 on the waiting list/);
    assert.ok((await expectAccessible(second, 'event page on the waiting list')) > 0);

    await host.goto(`${hub.baseUrl}${eventPath}`);
    assert.match(await host.locator('section', { has: host.getByRole('heading', { name: 'Waiting list' }) }).innerText(), /Sam Second/);

    await click(first, 'I can no longer go');
    assert.match(await mainText(first), /You have given up your place/);
    const email = await hub.smtp.waitForEmail((m) => m.to.includes('sam@example.org'));
    assert.equal(email.subject, 'You have a place at Estate open data workshop');
    await second.goto(firstLink(email.text, '/events/'));
    assert.match(await mainText(second), /You are going\./);
  });

  test('the list, the month calendar, a group’s events and a member’s own events', async () => {
    const list = await visitor.goto(`${hub.baseUrl}/events`);
    assert.equal(list?.status(), 200);
    assert.equal(await visitor.getByRole('link', { name: 'Estate open data workshop' }).count(), 1);
    assert.ok((await expectAccessible(visitor, 'list of events')) > 0);

    await visitor.goto(`${hub.baseUrl}/events/calendar?month=${year}-07`);
    const table = visitor.getByRole('table', { name: `Events in July ${year}` });
    assert.equal(await table.count(), 1);
    assert.equal(await table.getByRole('columnheader').count(), 7);
    const cell = table.getByRole('cell').filter({ hasText: /^15/ });
    assert.match(await cell.innerText(), /18:00 Estate open data workshop/);
    assert.ok((await expectAccessible(visitor, 'month calendar')) > 0);
    // On a 375-pixel phone the page does not scroll sideways: the week scrolls inside its own
    // focusable region, named by the table's caption, and nothing else reaches past the edge.
    const phone = await newPage(browser, { javaScript: false, viewport: { width: 375, height: 812 } });
    await phone.goto(`${hub.baseUrl}/events/calendar?month=${year}-09`);
    assert.equal(await phone.getByRole('heading', { level: 1, name: `Events in September ${year}` }).count(), 1);
    assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the page does not scroll sideways');
    const region = phone.getByRole('region', { name: `Events in September ${year}`, exact: true });
    assert.equal(await region.getAttribute('tabindex'), '0', 'the region can be scrolled from the keyboard');
    assert.ok(await region.evaluate((element) => element.scrollWidth > element.clientWidth), 'the week scrolls inside its region');
    const cutOff = await phone.evaluate(() =>
      [...document.querySelectorAll('main *')]
        .filter((element) => !element.closest('.table-wrap') && element.getBoundingClientRect().right > window.innerWidth)
        .map((element) => element.outerHTML.slice(0, 80)),
    );
    assert.deepEqual(cutOff, [], 'nothing outside the region reaches past the edge');
    const caption = await phone.locator('table#calendar caption').evaluate((element) => {
      const box = element.getBoundingClientRect();
      return { width: box.width, right: box.right };
    });
    assert.ok(caption.width <= 1 || caption.right <= 375, `the caption is not cut off (${JSON.stringify(caption)})`);
    assert.ok((await expectAccessible(phone, 'month calendar on a 375-pixel phone')) > 0);
    await phone.context().close();

    await click(visitor, `August ${year} ›`, 'link');
    assert.equal(await visitor.getByRole('table', { name: `Events in August ${year}` }).count(), 1);
    await click(visitor, `‹ July ${year}`, 'link');
    await Promise.all([visitor.waitForNavigation(), table.getByRole('link', { name: /Estate open data workshop/ }).click()]);
    assert.equal(new URL(visitor.url()).pathname, eventPath);

    await visitor.goto(`${hub.baseUrl}/groups/estate-panel`);
    const section = visitor.locator('section', { has: visitor.getByRole('heading', { name: 'Events', exact: true }) });
    assert.match(await section.innerText(), /Estate open data workshop/);
    assert.ok((await expectAccessible(visitor, 'group page with its events')) > 0);

    await second.goto(`${hub.baseUrl}/settings/events`);
    assert.match(await mainText(second), /Estate open data workshop/);
    await click(second, 'Make my calendar address');
    assert.match(await second.getByLabel('Your calendar address').inputValue(), /\/calendar\/[A-Za-z0-9_-]{32}\.ics$/);
    assert.ok((await expectAccessible(second, 'your events')) > 0);
  });
});

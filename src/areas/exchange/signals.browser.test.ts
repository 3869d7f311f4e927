/**
 * The signals section in a real browser with JavaScript off, on a phone-sized screen: an outsider
 * signals (and first gets the error summary), the team reads who signalled and replies privately.
 * Every page is checked by axe.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createAccount } from '../accounts/accounts.commands.ts';
import { expectAccessible, launchBrowser, newPage } from '../../test/browser.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { insertPitch } from './signals.fixtures.ts';

const password = 'a long enough password';
const slug = 'shared-minibus';

async function signIn(page: Page, baseUrl: string, email: string, next: string) {
  await page.goto(`${baseUrl}/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await Promise.all([page.waitForURL(`${baseUrl}${next}`), page.getByRole('button', { name: 'Sign in' }).click()]);
}

describe('the signals section in a browser without JavaScript', () => {
  let hub: TestHub;
  let browser: Browser;

  before(async () => {
    hub = await startTestHub({ listen: true });
    await setUpHub(hub.app);
    const lead = await createAccount(hub.db, { name: 'Lena Lead', email: 'lena@example.org', password, verified: true });
    const outsider = await createAccount(hub.db, { name: 'Otto Outsider', email: 'otto@example.org', password, verified: true });
    assert.ok(lead.ok && outsider.ok);
    const org = await hub.db.insertInto('organisations').values({ slug: 'kirklees-council', name: 'Kirklees Council', kind: 'council' }).returning('id').executeTakeFirstOrThrow();
    await hub.db.insertInto('organisation_members').values({ organisation_id: org.id, user_id: outsider.userId, role: 'admin', status: 'active' }).execute();
    await insertPitch(hub.db, { slug, title: 'A shared minibus for day centres', kind: 'idea', tags: ['transport'], team: [lead.userId] });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await hub?.close();
  });

  test('an outsider signals, meeting the error summary first', async () => {
    const page = await newPage(browser, { javaScript: false });
    await signIn(page, hub.baseUrl, 'otto@example.org', `/pitches/${slug}`);
    assert.ok(await page.locator('#signals').isVisible());
    assert.ok((await expectAccessible(page, 'pitch page with signal forms')) > 0);

    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'I can help' }).click()]);
    assert.match(page.url(), new RegExp(`/pitches/${slug}/signals$`));
    assert.ok(await page.getByRole('alert').getByText('Say in a sentence how you could help.').isVisible());
    assert.ok((await expectAccessible(page, 'signals page with an error')) > 0);

    await page.getByLabel('How could you help?').fill('We have a spare minibus on Tuesdays.');
    await Promise.all([page.waitForURL(new RegExp(`/pitches/${slug}#signals$`)), page.getByRole('button', { name: 'I can help' }).click()]);
    assert.ok(await page.getByText('Thank you. The team now knows you can help.').isVisible());
    assert.ok(await page.getByText('You said you can help: “We have a spare minibus on Tuesdays.”').isVisible());

    await page.getByLabel('Indicative amount in pounds').fill('2,500');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'I could fund this' }).click()]);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'We need this too' }).click()]);
    assert.ok(await page.getByText('1 organisation needs this too').isVisible());
    assert.ok(await page.getByText('You said you could fund this, about £2,500.').isVisible());
    assert.ok((await expectAccessible(page, 'pitch page after signalling')) > 0);
    await page.context().close();
  });

  test('the team sees who signalled and replies privately', async () => {
    const page = await newPage(browser, { javaScript: false });
    await signIn(page, hub.baseUrl, 'lena@example.org', `/pitches/${slug}`);
    const list = page.getByRole('list', { name: 'Who is interested' });
    assert.ok(await list.getByRole('link', { name: 'Otto Outsider' }).first().isVisible());
    assert.ok(await list.getByText('Indicative amount: £2,500').isVisible());
    assert.ok((await expectAccessible(page, 'pitch page as the team')) > 0);

    await page.getByRole('link', { name: 'Reply privately to Otto Outsider' }).first().click();
    assert.ok((await expectAccessible(page, 'reply form')) > 0);
    await page.getByLabel('Your message').fill('Thank you, Otto. Could we borrow it on 3 June?');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Send message' }).click()]);
    assert.ok(await page.getByText('Your message has been sent to Otto Outsider.').isVisible());
    assert.ok((await expectAccessible(page, 'signals page as the team')) > 0);

    await page.goto(`${hub.baseUrl}/pitches/${slug}/invite-commissioning`);
    assert.ok((await expectAccessible(page, 'invitation form')) > 0);
    await page.context().close();
  });
});

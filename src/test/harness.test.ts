/**
 * Proves the test harness itself: a hub on its own database copy, setup over HTTP, email through
 * the test SMTP server and an accessibility check in a real browser without JavaScript.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { expectAccessible, launchBrowser, newPage } from './browser.ts';
import { csrfFrom, TestClient } from './http.ts';
import { setUpHub, startTestHub, type TestHub } from './hub.ts';
import { firstLink } from './smtp.ts';
import type { TestSmtp } from './smtp.ts';

describe('test harness', () => {
  let t: TestHub<TestSmtp>;
  const hubName = 'Harness Allotments';

  before(async () => {
    t = await startTestHub({ smtp: true, listen: true });
  });
  after(async () => {
    await t?.close();
  });

  test('a fresh hub sends every page to /setup', async () => {
    const client = new TestClient(t.app);
    const response = await client.get('/');
    assert.equal(response.status, 302);
    assert.equal(response.location, '/setup');
    const setup = await client.get('/setup');
    assert.equal(setup.status, 200);
    assert.ok(csrfFrom(setup.body), 'the setup form carries a CSRF token');
    assert.ok(client.cookies.has('_csrf'), 'and its signed secret cookie');
  });

  test('setUpHub completes /setup over HTTP and the home page names the hub', async () => {
    const admin = await setUpHub(t.app, {
      hubName,
      adminName: 'Harriet Harness',
      adminEmail: 'harriet@example.org',
      adminPassword: 'a long enough password',
    });
    assert.ok(admin.signedIn, 'setup signs the new administrator in');

    const visitor = new TestClient(t.app);
    const home = await visitor.get('/');
    assert.equal(home.status, 200);
    assert.ok(home.body.includes(hubName), 'the home page shows the hub name');

    const signedIn = await admin.get('/');
    assert.equal(signedIn.status, 200);
    assert.ok(signedIn.body.includes(hubName));
  });

  test('email queued by the hub arrives at the test SMTP server', async () => {
    await t.hub.mailer.queue({ to: 'a@example.org', subject: 'Hello', text: 'Hi there https://x.test/verify/abc' });
    const email = await t.smtp.waitForEmail((m) => m.to.includes('a@example.org') && m.subject === 'Hello');
    assert.equal(email.subject, 'Hello');
    assert.match(email.text, /Hi there/);
    assert.equal(email.from, 'hub@seedbed.test');
    assert.equal(firstLink(email.text, '/verify/'), 'https://x.test/verify/abc');
    assert.throws(() => firstLink(email.text, '/reset/'), /No link/);

    // The job marks the email sent once the SMTP server has accepted it, a moment after arrival.
    let status: string | undefined;
    for (let i = 0; i < 50 && status !== 'sent'; i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      const row = await t.db.selectFrom('emails').select('status').where('recipient', '=', 'a@example.org').executeTakeFirst();
      status = row?.status;
    }
    assert.equal(status, 'sent');
  });

  test('the home page on a phone without JavaScript passes the axe WCAG checks', async () => {
    const browser = await launchBrowser();
    try {
      const page = await newPage(browser, { javaScript: false });
      const response = await page.goto(`${t.baseUrl}/`);
      assert.equal(response?.status(), 200);
      assert.ok((await page.content()).includes(hubName));
      const passes = await expectAccessible(page, 'home page (no JavaScript)');
      assert.ok(passes > 0, 'axe ran some checks');
    } finally {
      await browser.close();
    }
  });
});

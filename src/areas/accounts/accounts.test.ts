import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { firstLink } from '../../test/smtp.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { TestClient } from '../../test/http.ts';
import type { TestSmtp } from '../../test/smtp.ts';

let hub: TestHub<TestSmtp>;
let admin: TestClient;

before(async () => {
  hub = await startTestHub({ smtp: true });
  admin = await setUpHub(hub.app);
});
after(() => hub.close());

async function signUp(client: TestClient, name: string, email: string, password = 'a long enough password') {
  return client.postForm('/sign-up', { name, email, password });
}

describe('first run', () => {
  test('the setup page is gone once the hub is set up, and the hub has its name', async () => {
    const visitor = new TestClient(hub.app);
    const setup = await visitor.get('/setup');
    assert.equal(setup.status, 302);
    const home = await visitor.get('/');
    assert.equal(home.status, 200);
    assert.match(home.body, /<title>Riverside Growers<\/title>/);
  });

  test('the first administrator can reach the admin area', async () => {
    const page = await admin.get('/admin');
    assert.equal(page.status, 200);
    assert.match(page.body, /Administration/);
  });
});

describe('signing up', () => {
  test('a new member is signed in, and the verification link in the email confirms the address', async () => {
    const client = new TestClient(hub.app);
    const response = await signUp(client, 'Priya Shah', 'Priya@Example.org');
    assert.equal(response.status, 303);
    assert.equal(response.location, '/settings/profile');
    assert.ok(client.signedIn);

    const email = await hub.smtp.waitForEmail((m) => m.to.includes('priya@example.org'));
    assert.match(email.subject, /Confirm your email address/);
    const link = firstLink(email.text, '/verify-email/');
    assert.ok(link, 'the email holds a verification link');

    const before = await client.get('/settings');
    assert.match(before.body, /Please confirm your email address/);
    const verified = await client.get(new URL(link).pathname);
    assert.equal(verified.status, 303);
    const afterwards = await client.get('/settings');
    assert.doesNotMatch(afterwards.body, /Please confirm your email address/);
    assert.match(afterwards.body, /your email address is confirmed/);

    const reused = await client.get(new URL(link).pathname);
    assert.equal(reused.status, 410);
    assert.match(reused.body, /This link does not work/);
  });

  test('bad input is explained and what was typed is kept', async () => {
    const client = new TestClient(hub.app);
    const response = await signUp(client, 'Sam "><script>alert(1)</script>', 'not-an-email', 'short');
    assert.equal(response.status, 400);
    assert.match(response.body, /There is a problem/);
    assert.match(response.body, /Enter an email address in the right form/);
    assert.match(response.body, /at least 10 characters/);
    // Kept as typed, and unable to break out of the attribute.
    assert.match(response.body, /value="Sam &#34;>|value="Sam &quot;>/);
    assert.doesNotMatch(response.body, /value="Sam "><script>/);
    assert.match(response.body, /value="not-an-email"/);
    assert.doesNotMatch(response.body, /value="short"/, 'passwords are never echoed back');
    assert.equal(client.signedIn, false);
  });

  test('an over-long name is refused with a clear message', async () => {
    const client = new TestClient(hub.app);
    const response = await signUp(client, 'x'.repeat(101), 'long@example.org');
    assert.equal(response.status, 400);
    assert.match(response.body, /use at most 100 characters/);
  });

  test('a second account with the same email (in any case) is refused', async () => {
    await signUp(new TestClient(hub.app), 'First Person', 'same@example.org');
    const response = await signUp(new TestClient(hub.app), 'Second Person', 'SAME@example.org');
    assert.equal(response.status, 409);
    assert.match(response.body, /already exists/);
    assert.match(response.body, /value="Second Person"/);
  });

  test('two members with the same name get different profile addresses', async () => {
    await signUp(new TestClient(hub.app), 'Jo Bloggs', 'jo1@example.org');
    await signUp(new TestClient(hub.app), 'Jo Bloggs', 'jo2@example.org');
    const handles = await hub.db.selectFrom('users').select('handle').where('display_name', '=', 'Jo Bloggs').orderBy('id').execute();
    assert.deepEqual(
      handles.map((h) => h.handle),
      ['jo-bloggs', 'jo-bloggs-2'],
    );
  });
});

describe('signing in and out', () => {
  test('a wrong password is refused without saying whether the account exists', async () => {
    await signUp(new TestClient(hub.app), 'Tom Reed', 'tom@example.org');
    const client = new TestClient(hub.app);
    const wrong = await client.postForm('/sign-in', { email: 'tom@example.org', password: 'not the password' });
    const unknown = await client.postForm('/sign-in', { email: 'nobody@example.org', password: 'not the password' });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.match(wrong.body, /The email address or password is not right/);
    assert.match(unknown.body, /The email address or password is not right/);
    assert.match(wrong.body, /value="tom@example.org"/);
  });

  test('signing in rotates the session and goes back to where the member was going', async () => {
    const client = new TestClient(hub.app);
    await signUp(client, 'Lena Ortiz', 'lena@example.org');
    const firstSession = client.cookies.get('seedbed_session');
    await client.postForm('/sign-out', {}, { csrfFrom: '/' });
    assert.equal(client.signedIn, false);

    const response = await client.postForm('/sign-in', { email: 'lena@example.org', password: 'a long enough password', next: '/settings' }, { csrfFrom: '/sign-in' });
    assert.equal(response.status, 303);
    assert.equal(response.location, '/settings');
    assert.notEqual(client.cookies.get('seedbed_session'), firstSession);

    const offsite = await new TestClient(hub.app).postForm('/sign-in', { email: 'lena@example.org', password: 'a long enough password', next: '//evil.example' }, { csrfFrom: '/sign-in' });
    assert.equal(offsite.location, '/');
  });

  test('the session cookie is HttpOnly and SameSite=Lax', async () => {
    const client = new TestClient(hub.app);
    const response = await signUp(client, 'Cookie Check', 'cookie@example.org');
    const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
    const session = cookies.find((c) => c.startsWith('seedbed_session='));
    assert.ok(session);
    assert.match(session, /HttpOnly/);
    assert.match(session, /SameSite=Lax/);
  });

  test('a form posted without its CSRF token is refused', async () => {
    const client = new TestClient(hub.app);
    const response = await client.postForm('/sign-in', { _csrf: 'forged', email: 'tom@example.org', password: 'x' });
    assert.equal(response.status, 403);
    assert.match(response.body, /This form has expired/);
  });

  test('members-only pages send visitors to sign in', async () => {
    const response = await new TestClient(hub.app).get('/settings');
    assert.equal(response.status, 302);
    assert.equal(response.location, '/sign-in?next=%2Fsettings');
  });
});

describe('forgotten password', () => {
  test('the emailed link sets a new password once, and signs out other devices', async () => {
    const laptop = new TestClient(hub.app);
    await signUp(laptop, 'Grace Hopper', 'grace@example.org');

    const phone = new TestClient(hub.app);
    const asked = await phone.postForm('/forgot-password', { email: 'grace@example.org' });
    assert.equal(asked.status, 200);
    assert.match(asked.body, /we have sent it a link/);
    const email = await hub.smtp.waitForEmail((m) => m.to.includes('grace@example.org') && /Reset your password/.test(m.subject));
    const link = firstLink(email.text, '/reset-password/');
    assert.ok(link);
    const path = new URL(link).pathname;

    const tooShort = await phone.postForm(path, { password: 'short' });
    assert.equal(tooShort.status, 400);
    assert.match(tooShort.body, /at least 10 characters/);

    const reset = await phone.postForm(path, { password: 'a brand new password' });
    assert.equal(reset.status, 303);
    assert.ok(phone.signedIn);

    const laptopAfter = await laptop.get('/settings');
    assert.equal(laptopAfter.status, 302, 'the other device was signed out');

    const again = await phone.get(path);
    assert.equal(again.status, 410);

    await new TestClient(hub.app).signIn('grace@example.org', 'a brand new password');
  });

  test('asking for an unknown address answers the same and sends nothing', async () => {
    const before = await hub.db.selectFrom('emails').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const response = await new TestClient(hub.app).postForm('/forgot-password', { email: 'ghost@example.org' });
    assert.equal(response.status, 200);
    assert.match(response.body, /If an account uses ghost@example.org/);
    const afterwards = await hub.db.selectFrom('emails').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(afterwards.n), Number(before.n));
  });

  test('an unknown reset link gets a clear page', async () => {
    const response = await new TestClient(hub.app).get('/reset-password/not-a-real-token');
    assert.equal(response.status, 410);
    assert.match(response.body, /The link has expired or has already been used/);
  });
});

describe('administration', () => {
  test('an administrator suspends a member, who is signed out and cannot sign in, then restores them', async () => {
    const member = new TestClient(hub.app);
    await signUp(member, 'Suspend Me', 'suspend@example.org');
    const user = await hub.db.selectFrom('users').select('id').where('email', '=', 'suspend@example.org').executeTakeFirstOrThrow();

    const suspended = await admin.postForm(`/admin/members/${user.id}/suspend`, {}, { csrfFrom: '/admin/members' });
    assert.equal(suspended.status, 303);
    assert.equal((await member.get('/settings')).status, 302);
    const refused = await new TestClient(hub.app).postForm('/sign-in', { email: 'suspend@example.org', password: 'a long enough password' });
    assert.equal(refused.status, 403);
    assert.match(refused.body, /suspended/);

    await admin.postForm(`/admin/members/${user.id}/restore`, {}, { csrfFrom: '/admin/members' });
    await new TestClient(hub.app).signIn('suspend@example.org', 'a long enough password');
  });

  test('members cannot use the admin area', async () => {
    const member = new TestClient(hub.app);
    await signUp(member, 'Not Admin', 'notadmin@example.org');
    const page = await member.get('/admin/members');
    assert.equal(page.status, 403);
    const user = await hub.db.selectFrom('users').select('id').where('email', '=', 'admin@example.org').executeTakeFirstOrThrow();
    const attempt = await member.postForm(`/admin/members/${user.id}/suspend`, {}, { csrfFrom: '/settings' });
    assert.equal(attempt.status, 403);
  });

  test('the outbox lists sent emails and shows one', async () => {
    const list = await admin.get('/admin/outbox');
    assert.equal(list.status, 200);
    assert.match(list.body, /Confirm your email address/);
    const first = await hub.db.selectFrom('emails').select('id').orderBy('id').executeTakeFirstOrThrow();
    const one = await admin.get(`/admin/outbox/${first.id}`);
    assert.equal(one.status, 200);
    assert.match(one.body, /verify-email/);
    assert.equal((await admin.get('/admin/outbox/not-a-number')).status, 404);
  });
});

describe('unknown addresses and errors', () => {
  test('an unknown page is a 404 with a way home', async () => {
    const response = await new TestClient(hub.app).get('/no/such/page');
    assert.equal(response.status, 404);
    assert.match(response.body, /Page not found/);
    assert.match(response.body, /href="\/"/);
  });

  test('a body larger than the limit gets a clear 413 page', async () => {
    const client = new TestClient(hub.app);
    const response = await client.postForm('/sign-up', { name: 'x'.repeat(300 * 1024), email: 'big@example.org', password: 'a long enough password' });
    assert.equal(response.status, 413);
    assert.match(response.body, /That was too large/);
  });
});

describe('deleting an account', () => {
  test('needs the password, then removes the member and signs them out', async () => {
    const client = new TestClient(hub.app);
    await signUp(client, 'Leaving Soon', 'leaving@example.org');
    const wrong = await client.postForm('/settings/delete', { deletePassword: 'not my password' }, { csrfFrom: '/settings' });
    assert.equal(wrong.status, 400);
    assert.match(wrong.body, /Your current password is not right/);

    const deleted = await client.postForm('/settings/delete', { deletePassword: 'a long enough password' }, { csrfFrom: '/settings' });
    assert.equal(deleted.status, 303);
    assert.equal(client.signedIn, false);
    const row = await hub.db.selectFrom('users').select('id').where('email', '=', 'leaving@example.org').executeTakeFirst();
    assert.equal(row, undefined);
    assert.equal((await new TestClient(hub.app).get('/members/leaving-soon')).status, 404);
  });

  test('the only administrator cannot delete their account', async () => {
    const response = await admin.postForm('/settings/delete', { deletePassword: 'correct horse battery staple' }, { csrfFrom: '/settings' });
    assert.equal(response.status, 400);
    assert.match(response.body, /only administrator/);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { expectAccessible, launchBrowser, newPage } from '../../test/browser.ts';
import { TestClient, type TestResponse } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { hashToken } from '../../web/auth.ts';
import { createToken, maxActiveTokens } from './api.commands.ts';

const password = 'a long enough password';

/** The secret shown once on the page answering a successful POST /settings/tokens. */
function shownToken(response: TestResponse): string {
  const input = /<input\b[^>]*\bid="new-token"[^>]*>/.exec(response.body)?.[0];
  const token = input ? /\bvalue="([^"]*)"/.exec(input)?.[1] : undefined;
  assert.ok(token, 'the page shows the new token');
  return token;
}

async function tokenRow(t: TestHub, token: string) {
  return t.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirstOrThrow();
}

/** A request from a program: no cookies, only the token. */
function withToken(app: FastifyInstance, token: string, method: 'GET' | 'POST', url: string, payload?: string) {
  return app.inject({
    method,
    url,
    headers: {
      authorization: `Bearer ${token}`,
      ...(payload !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(payload !== undefined ? { payload } : {}),
  });
}

async function signUp(app: FastifyInstance, name: string, email: string): Promise<TestClient> {
  const client = new TestClient(app);
  const response = await client.postForm('/sign-up', { name, email, password });
  assert.equal(response.status, 303, `signing up ${email}`);
  return client;
}

/**
 * Every route the app serves, read from Fastify's own route tree. printRoutes draws a tree in
 * which each line adds its text to its parent's; routes show their methods in brackets.
 */
function allRoutes(app: FastifyInstance): { method: string; path: string }[] {
  return app.routeList.all().map((route) => ({ method: route.method, path: route.url }));
}

type OpenApi = {
  openapi: string;
  info: { title: string; version: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, { summary?: string; parameters?: { name: string; in: string; required?: boolean }[]; responses?: Record<string, { description?: string }> }>>;
};

describe('API tokens and the API pages', () => {
  let t: TestHub;
  let admin: TestClient;

  before(async () => {
    t = await startTestHub({ listen: true });
    admin = await setUpHub(t.app, { hubName: 'Tokenham Commons', adminName: 'Tess Token', adminEmail: 'tess@example.org', adminPassword: password });
  });
  after(async () => {
    await t?.close();
  });

  test('a token made in the form is shown once, works on /api/me and stops working when revoked', async () => {
    const created = await admin.postForm('/settings/tokens', { name: 'Ward map script' });
    assert.equal(created.status, 201);
    assert.match(String(created.headers['cache-control']), /no-store/);
    assert.match(created.body, /will not be shown again/);
    const token = shownToken(created);
    assert.match(token, /^sb_[A-Za-z0-9_-]{43}$/, '"sb_" and 32 random bytes in base64url');
    assert.ok(!JSON.stringify(created.headers).includes(token), 'the secret is in no header or cookie');

    const row = await tokenRow(t, token);
    assert.equal(row.name, 'Ward map script');
    assert.equal(row.token_prefix, token.slice(0, 7));
    assert.equal(row.revoked_at, null);
    assert.equal(row.last_used_at, null);

    const list = await admin.get('/settings/tokens');
    assert.equal(list.status, 200);
    assert.ok(!list.body.includes(token), 'the list never shows the secret again');
    assert.ok(list.body.includes(row.token_prefix), 'the list shows how the token starts');
    assert.ok(list.body.includes('Ward map script'));

    const me = await withToken(t.app, token, 'GET', '/api/me');
    assert.equal(me.statusCode, 200);
    assert.match(String(me.headers['content-type']), /^application\/json/);
    const viewer = me.json() as { id: number; handle: string; name: string; role: string };
    assert.deepEqual(Object.keys(viewer).sort(), ['handle', 'id', 'name', 'role']);
    assert.equal(viewer.handle, 'tess-token');
    assert.equal(viewer.name, 'Tess Token');
    assert.equal(viewer.role, 'admin');
    assert.notEqual((await tokenRow(t, token)).last_used_at, null, 'using a token records when');

    const revoked = await admin.postForm(`/settings/tokens/${row.id}/revoke`, {}, { csrfFrom: '/settings/tokens' });
    assert.equal(revoked.status, 303);
    assert.equal(revoked.location, '/settings/tokens');
    assert.notEqual((await tokenRow(t, token)).revoked_at, null);
    const after = await admin.get('/settings/tokens');
    assert.match(after.body, /has been revoked/);

    const refused = await withToken(t.app, token, 'GET', '/api/me');
    assert.equal(refused.statusCode, 401);
    assert.match(String(refused.headers['content-type']), /^application\/json/);
    const body = refused.json() as { error: string; message: string };
    assert.ok(body.message.length > 0, 'the refusal says why');

    const again = await admin.postForm(`/settings/tokens/${row.id}/revoke`, {}, { csrfFrom: '/settings/tokens' });
    assert.equal(again.status, 303, 'revoking twice is harmless');
  });

  test('/api/me answers 401 JSON to visitors and describes a signed-in browser too', async () => {
    const visitor = await new TestClient(t.app).get('/api/me');
    assert.equal(visitor.status, 401);
    assert.equal(visitor.json<{ error: string }>().error, 'sign-in-needed');

    const unknown = await withToken(t.app, 'sb_not-a-real-token', 'GET', '/api/me');
    assert.equal(unknown.statusCode, 401);
    assert.equal((unknown.json() as { error: string }).error, 'invalid-token');

    const session = await admin.get('/api/me');
    assert.equal(session.status, 200);
    assert.equal(session.json<{ handle: string }>().handle, 'tess-token');
  });

  test('nobody can see or revoke another member’s tokens', async () => {
    const bea = await signUp(t.app, 'Bea Other', 'bea@example.org');
    const beas = await bea.postForm('/settings/tokens', { name: 'Bea’s spreadsheet' });
    assert.equal(beas.status, 201);
    const beaToken = shownToken(beas);
    const beaRow = await tokenRow(t, beaToken);

    const attempt = await admin.postForm(`/settings/tokens/${beaRow.id}/revoke`, {}, { csrfFrom: '/settings/tokens' });
    assert.equal(attempt.status, 404);
    assert.equal((await tokenRow(t, beaToken)).revoked_at, null, 'Bea’s token is untouched');
    assert.equal((await withToken(t.app, beaToken, 'GET', '/api/me')).statusCode, 200);

    const adminList = await admin.get('/settings/tokens');
    assert.ok(!adminList.body.includes('Bea’s spreadsheet'), 'my list has only my tokens');
    assert.ok(!adminList.body.includes(beaRow.token_prefix));

    for (const id of ['abc', '0', '-1', '1e3', '99999999999999999999', String(beaRow.id + 1000)]) {
      const response = await admin.postForm(`/settings/tokens/${encodeURIComponent(id)}/revoke`, {}, { csrfFrom: '/settings/tokens' });
      assert.equal(response.status, 404, `revoking token "${id}"`);
    }
  });

  test('the form checks the name and keeps what was typed', async () => {
    const empty = await admin.postForm('/settings/tokens', { name: '   ' });
    assert.equal(empty.status, 400);
    assert.match(empty.body, /There is a problem/);
    assert.match(empty.body, /Enter a name for the token/);
    assert.ok(!/id="new-token"/.test(empty.body));

    const long = 'x'.repeat(101);
    const tooLong = await admin.postForm('/settings/tokens', { name: long });
    assert.equal(tooLong.status, 400);
    assert.match(tooLong.body, /at most 100 characters/);
    assert.ok(tooLong.body.includes(`value="${long}"`), 'the name is kept in the form');

    const missing = await admin.postForm('/settings/tokens', {});
    assert.equal(missing.status, 400);

    const html = await admin.postForm('/settings/tokens', { name: '<script>alert(1)</script>' });
    assert.equal(html.status, 201);
    // Inside a quoted attribute "<" is plain text; everywhere else it must arrive escaped.
    assert.ok(!html.body.replace(/"[^"]*"/g, '""').includes('<script>alert(1)'), 'names are escaped');
    assert.ok(html.body.includes('&lt;script>alert(1)'));
  });

  test(`a member can have at most ${maxActiveTokens} active tokens`, async () => {
    const cleo = await signUp(t.app, 'Cleo Many', 'cleo@example.org');
    const cleoId = (await t.db.selectFrom('users').select('id').where('email', '=', 'cleo@example.org').executeTakeFirstOrThrow()).id;
    for (let i = 1; i < maxActiveTokens; i++) assert.ok((await createToken(t.db, cleoId, `Script ${i}`)).ok);

    const last = await cleo.postForm('/settings/tokens', { name: 'The twentieth' });
    assert.equal(last.status, 201);
    const tooMany = await cleo.postForm('/settings/tokens', { name: 'One too many' });
    assert.equal(tooMany.status, 409);
    assert.match(tooMany.body, new RegExp(`You already have ${maxActiveTokens} active tokens`));
    assert.ok(tooMany.body.includes('value="One too many"'));
    assert.deepEqual(await createToken(t.db, cleoId, 'Direct'), { ok: false, error: 'too-many' });

    const first = await tokenRow(t, shownToken(last));
    const revoked = await cleo.postForm(`/settings/tokens/${first.id}/revoke`, {}, { csrfFrom: '/settings/tokens' });
    assert.equal(revoked.status, 303);
    const nowFine = await cleo.postForm('/settings/tokens', { name: 'One too many' });
    assert.equal(nowFine.status, 201, 'revoked tokens do not count');
  });

  test('the token pages need a signed-in browser session', async () => {
    const visitor = await new TestClient(t.app).get('/settings/tokens');
    assert.equal(visitor.status, 302);
    assert.match(String(visitor.location), /^\/sign-in\?next=/);

    // A form post with the session cookie but no CSRF token is refused, and makes nothing.
    const before = await t.db.selectFrom('api_tokens').select('id').execute();
    const forged = await admin.request('POST', '/settings/tokens', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'name=Forged',
    });
    assert.equal(forged.status, 403);
    assert.match(forged.body, /This form has expired/);
    assert.equal((await t.db.selectFrom('api_tokens').select('id').execute()).length, before.length);

    // With a token there is no cookie to forge, so no CSRF check: the request reaches the route,
    // which then refuses to let a token make or revoke tokens.
    const made = await admin.postForm('/settings/tokens', { name: 'Mint test' });
    const token = shownToken(made);
    const minted = await withToken(t.app, token, 'POST', '/settings/tokens', 'name=Minted');
    assert.equal(minted.statusCode, 403);
    assert.equal((minted.json() as { error: string }).error, 'sessionNeeded', 'refused by the route, not by the CSRF check');
    const own = await tokenRow(t, token);
    const revoke = await withToken(t.app, token, 'POST', `/settings/tokens/${own.id}/revoke`, '');
    assert.equal(revoke.statusCode, 403);
    assert.equal((await tokenRow(t, token)).revoked_at, null);
    assert.equal((await withToken(t.app, token, 'GET', '/settings/tokens')).statusCode, 403);
    assert.equal((await t.db.selectFrom('api_tokens').select('id').where('name', '=', 'Minted').execute()).length, 0);
  });

  test('/api/openapi.json is an OpenAPI 3.1 document describing every JSON route', async () => {
    const response = await new TestClient(t.app).get('/api/openapi.json');
    assert.equal(response.status, 200);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    const doc = response.json<OpenApi>();
    assert.match(doc.openapi, /^3\.1\.\d+$/);
    assert.equal(doc.info.title, 'Tokenham Commons API');
    assert.ok(doc.info.version);
    assert.equal(doc.servers[0]?.url, t.config.publicUrl);
    assert.equal(typeof doc.paths, 'object');

    const methods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
    for (const [path, item] of Object.entries(doc.paths)) {
      assert.ok(path.startsWith('/'), `${path} starts with /`);
      for (const [method, operation] of Object.entries(item)) {
        assert.ok(methods.has(method), `${path}: ${method} is an HTTP method`);
        const responses = Object.entries(operation.responses ?? {});
        assert.ok(responses.length > 0, `${method} ${path} has responses`);
        for (const [status, answer] of responses) {
          assert.match(status, /^([1-5][0-9X]{2}|default)$/, `${method} ${path}: response key ${status}`);
          assert.ok(answer.description, `${method} ${path} ${status} has a description`);
        }
        for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
          const parameter = operation.parameters?.find((p) => p.in === 'path' && p.name === name);
          assert.ok(parameter?.required, `${method} ${path} declares its path parameter ${name}`);
        }
      }
    }
    assert.ok(doc.paths['/api/me']?.get, '/api/me is described');

    const routes = allRoutes(t.app);
    const served = new Set(routes.map((route) => `${route.method} ${route.path}`));
    for (const known of ['GET /api/me', 'GET /api', 'GET /settings/tokens', 'POST /settings/tokens/:id/revoke']) {
      assert.ok(served.has(known), `the route list is read correctly (${known})`);
    }

    // And everything described is served: /members/{handle}.json is the route /members/:handle.
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item)) {
        const route = path.replace(/\{(\w+)\}\.json$/, ':$1').replace(/\{(\w+)\}/g, ':$1');
        assert.ok(served.has(`${method.toUpperCase()} ${route}`), `${method.toUpperCase()} ${path} is served (as ${route})`);
      }
    }

    // Every JSON route is described, with :param written {param}.
    const jsonRoutes = routes.filter(
      (route) =>
        route.method !== 'HEAD' && (route.path.endsWith('.json') || route.path.startsWith('/api/')) && route.path !== '/api/openapi.json',
    );
    assert.ok(jsonRoutes.length > 0);
    const undocumented = jsonRoutes.filter((route) => {
      const path = route.path.replace(/:(\w+)/g, '{$1}');
      return !doc.paths[path]?.[route.method.toLowerCase()];
    });
    assert.deepEqual(undocumented, [], 'every JSON route is in the OpenAPI document');
  });

  test('/api explains the API and lists every operation', async () => {
    const page = await new TestClient(t.app).get('/api');
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(page.body, /Authorization: Bearer/);
    assert.ok(page.body.includes('href="/api/openapi.json"'));
    assert.ok(page.body.includes('href="/settings/tokens"'));
    assert.match(page.body, /429/);
    assert.equal((page.body.match(/<h1\b/g) ?? []).length, 1);
    const cells = [...page.body.matchAll(/<code>(.*?)<\/code>/g)].map((match) => match[1]!.replace(/<[^>]*>/g, ''));
    for (const operation of t.app.apiDocs.operations) {
      const request = `${operation.method.toUpperCase()} ${operation.path}`;
      assert.ok(cells.includes(request), `the table lists ${request}`);
    }
  });

  test('the API and token pages work without JavaScript on a phone and pass the axe checks', async () => {
    const browser = await launchBrowser();
    try {
      const page = await newPage(browser, { javaScript: false });
      const api = await page.goto(`${t.baseUrl}/api`);
      assert.equal(api?.status(), 200);
      assert.ok((await expectAccessible(page, 'API page')) > 0);

      await page.goto(`${t.baseUrl}/sign-in?next=/settings/tokens`);
      await page.getByLabel('Email address').fill('tess@example.org');
      await page.getByLabel('Password', { exact: true }).fill(password);
      await Promise.all([page.waitForURL(`${t.baseUrl}/settings/tokens`), page.getByRole('button', { name: 'Sign in' }).click()]);
      assert.ok((await expectAccessible(page, 'tokens page')) > 0);

      await page.getByLabel('Name').fill('Browser token');
      const [created] = await Promise.all([
        page.waitForResponse((r) => r.url() === `${t.baseUrl}/settings/tokens` && r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Create token' }).click(),
      ]);
      assert.equal(created.status(), 201);
      await page.waitForLoadState();
      const secret = await page.getByLabel('Your new token').inputValue();
      assert.match(secret, /^sb_/);
      assert.ok((await expectAccessible(page, 'tokens page showing a new token')) > 0);

      const empty = await Promise.all([
        page.waitForResponse((r) => r.url() === `${t.baseUrl}/settings/tokens` && r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Create token' }).click(),
      ]);
      assert.equal(empty[0].status(), 400);
      await page.waitForLoadState();
      assert.ok((await expectAccessible(page, 'tokens page with an error')) > 0);
    } finally {
      await browser.close();
    }
  });
});

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setUpHub, startTestHub, type TestHub } from '../test/hub.ts';
import { TestClient } from '../test/http.ts';

let hub: TestHub;
before(async () => {
  hub = await startTestHub();
  await setUpHub(hub.app);
});
after(() => hub.close());

test('a JSON write without a token is told to authenticate, not that a form expired', async () => {
  const response = await new TestClient(hub.app).request('POST', '/api/pitches', {
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ title: 'Anonymous pitch' }),
  });
  assert.equal(response.status, 401);
  assert.match(response.json<{ message: string }>().message, /access token/);
});

test('a form write from a signed-in browser still needs its CSRF token', async () => {
  const client = new TestClient(hub.app);
  await client.signIn('admin@example.org', 'correct horse battery staple');
  const response = await client.request('POST', '/settings/password', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'currentPassword=x&password=yyyyyyyyyyyy',
  });
  assert.equal(response.status, 403);
});

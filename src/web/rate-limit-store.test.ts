import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createHub, type Hub } from '../server.ts';
import { TestClient } from '../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../test/hub.ts';
import { sweepAfterMs, sweepRateLimits } from './rate-limit-store.ts';

describe('rate limits shared through the database', () => {
  let t: TestHub;
  let second: Hub;

  before(async () => {
    t = await startTestHub();
    await setUpHub(t.app);
    // A second web app on the same database: what a second process behind the proxy is.
    second = await createHub(t.config, { database: t.database, worker: false });
  });
  after(async () => {
    await second?.close();
    await t?.close();
  });

  test('two web processes count one client’s attempts together', async () => {
    const clients = [new TestClient(t.app), new TestClient(second.app)];
    // Sign-in allows 10 attempts in 15 minutes: five through each process use them all up.
    for (let attempt = 0; attempt < 10; attempt++) {
      const client = clients[attempt % 2]!;
      const response = await client.postForm('/sign-in', { email: 'nobody@example.org', password: 'wrong password here' });
      assert.equal(response.status, 401, `attempt ${attempt + 1} is an ordinary wrong password`);
    }
    for (const client of clients) {
      const refused = await client.postForm('/sign-in', { email: 'nobody@example.org', password: 'wrong password here' });
      assert.equal(refused.status, 429);
      assert.match(refused.body, /Too many attempts/);
    }
  });

  test('each route counts on its own, and old windows are swept away', async () => {
    const other = await new TestClient(second.app).postForm('/forgot-password', { email: 'nobody@example.org' });
    assert.notEqual(other.status, 429, 'the sign-in limit does not spill over to another form');
    const rows = await t.db.selectFrom('rate_limits').select(['key', 'hits']).execute();
    assert.ok(rows.length >= 2, 'one count per route and client');
    assert.ok(rows.some((row) => row.key.includes('/sign-in') && row.hits === 12));

    await t.db.updateTable('rate_limits').set({ window_ends: new Date(Date.now() - sweepAfterMs - 1000) }).where('key', 'like', '%/sign-in%').execute();
    assert.equal(await sweepRateLimits(t.db), 1);
    const again = await new TestClient(t.app).postForm('/sign-in', { email: 'nobody@example.org', password: 'wrong password here' });
    assert.equal(again.status, 401, 'a new window starts after the old one ended');
  });
});

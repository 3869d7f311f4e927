import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createAccount } from '../accounts/accounts.commands.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { TestClient } from '../../test/http.ts';

let hub: TestHub;
before(async () => {
  hub = await startTestHub();
  await setUpHub(hub.app);
});
after(() => hub.close());

test('the home page shows the latest published pitches to everyone, and no drafts', async () => {
  const empty = await new TestClient(hub.app).get('/');
  assert.match(empty.body, /Nothing has been pitched yet/);

  const created = await createAccount(hub.db, { name: 'Hana Home', email: 'hana@example.org', password: 'a long enough password', verified: true });
  assert.ok(created.ok);
  const hana = new TestClient(hub.app);
  await hana.signIn('hana@example.org', 'a long enough password');
  for (const [title, action] of [
    ['Repair café in the library', 'publish'],
    ['Unfinished draft about bins', 'draft'],
  ]) {
    const response = await hana.postForm('/pitches/new', { kind: 'idea', title: title!, summary: 'A try.', terms: 'free', stage: 'idea', action: action! });
    assert.equal(response.status, 303);
  }
  const visitor = await new TestClient(hub.app).get('/');
  assert.match(visitor.body, /Latest on the exchange/);
  assert.match(visitor.body, /Repair café in the library/);
  assert.doesNotMatch(visitor.body, /Unfinished draft about bins/);
  const own = await hana.get('/');
  assert.doesNotMatch(own.body, /Unfinished draft about bins/, 'drafts stay on the exchange page, not the home page');
});

/**
 * The result cache keeps an expensive result until a table it was read from changes, in this
 * process and in others (changes are announced by the database after commit), and never keeps a
 * result that was already out of date when it was worked out.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createAccount } from '../areas/accounts/accounts.commands.ts';
import { ChangeFeed } from '../db/change-feed.ts';
import { startTestHub, type TestHub } from '../test/hub.ts';
import { eventually } from '../test/eventually.ts';
import { ResultCache } from './result-cache.ts';


describe('result cache', () => {
  let t: TestHub;
  before(async () => {
    t = await startTestHub();
  });
  after(() => t?.close());

  const countPitches = async () => Number((await sql<{ n: number }>`select count(*) as n from pitches`.execute(t.db)).rows[0]!.n);
  const addGroup = (slug: string) =>
    t.db.insertInto('groups').values({ slug, name: slug, purpose: 'A test group', visibility: 'open' }).execute();

  test('a result is worked out once, and again only after a table it was read from changes', async () => {
    let computed = 0;
    const read = () =>
      t.app.results.get('pitch-count', ['groups'], async () => {
        computed += 1;
        return countPitches();
      });
    assert.equal(await read(), await countPitches());
    await read();
    await read();
    assert.equal(computed, 1, 'asked three times, worked out once');

    const created = await createAccount(t.db, { name: 'Unrelated', email: 'unrelated@example.org', password: 'a long enough password', verified: true });
    assert.ok(created.ok);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await read();
    assert.equal(computed, 1, 'a change to a table it does not depend on leaves it');

    await addGroup('first-change');
    await eventually(
      async () => {
        await read();
        return computed;
      },
      (count) => count === 2,
      'the change to groups renews the result',
    );
  });

  test('asks made at the same time share one computation', async () => {
    let computed = 0;
    const slow = () =>
      t.app.results.get('shared-work', ['pitches'], async () => {
        computed += 1;
        await new Promise((resolve) => setTimeout(resolve, 50));
        return 'done';
      });
    const answers = await Promise.all([slow(), slow(), slow(), slow()]);
    assert.deepEqual(answers, ['done', 'done', 'done', 'done']);
    assert.equal(computed, 1);
  });

  test('a result that a change overtook while it was worked out is not kept', async () => {
    let computed = 0;
    const racing = () =>
      t.app.results.get('overtaken', ['groups'], async () => {
        computed += 1;
        if (computed === 1) {
          // A change commits while the first computation is still running.
          await addGroup('during-the-work');
          await eventually(feedAgrees, (agrees) => !agrees, 'the change to be heard');
        }
        return computed;
      });
    let stampAtStart: number[] | null = null;
    const feed = t.app.results.feed;
    const feedAgrees = () => stampAtStart !== null && feed.unchangedSince(['groups'], stampAtStart);
    stampAtStart = feed.stamp(['groups']);
    assert.equal(await racing(), 1);
    assert.equal(await racing(), 2, 'worked out again, not served from the overtaken result');
    assert.equal(await racing(), 2, 'and that one is kept');
  });

  test('a second listener, as in another web process, hears the same changes', async () => {
    const otherFeed = new ChangeFeed(t.hub.database);
    await otherFeed.start();
    try {
      const other = new ResultCache(otherFeed);
      let computed = 0;
      const read = () => other.get('elsewhere', ['groups'], async () => ++computed);
      await read();
      await read();
      assert.equal(computed, 1);
      await addGroup('seen-elsewhere');
      await eventually(read, (value) => value === 2, 'the other listener to renew its result');
    } finally {
      await otherFeed.close();
    }
  });

  test('without a listening feed nothing is kept', async () => {
    const closedFeed = new ChangeFeed(t.hub.database);
    const uncached = new ResultCache(closedFeed);
    let computed = 0;
    await uncached.get('never-kept', ['pitches'], async () => ++computed);
    await uncached.get('never-kept', ['pitches'], async () => ++computed);
    assert.equal(computed, 2);
    assert.equal(uncached.size, 0);
  });
});

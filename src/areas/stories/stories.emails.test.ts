/**
 * The people who review story nominations (story facilitators and administrators) hear by email,
 * over real SMTP, when a new nomination is confirmed: from a visitor once they follow the emailed
 * link, from a member with a confirmed email at once. Only reviewers with a confirmed address, never
 * the one who nominated, and never before the nomination is confirmed. The email names what the
 * nomination is about and links to its review, never who sent it or their address.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestClient } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { firstLink, type TestSmtp } from '../../test/smtp.ts';
import { createAccount } from '../accounts/accounts.commands.ts';

const password = 'a long enough password';

function nomination(extra: Record<string, string> = {}): Record<string, string> {
  return {
    people: 'The Todmorden growers',
    place: 'Todmorden',
    localAuthority: '',
    what: 'Vegetables in public places.',
    why: 'It got a whole town talking.',
    nominatorName: 'Nell Nominator',
    nominatorEmail: 'nell@example.org',
    selfNomination: 'no',
    website: '',
    ...extra,
  };
}

describe('emails to the reviewers of story nominations', () => {
  let t: TestHub<TestSmtp>;
  let admin: TestClient;
  let fay: TestClient;
  let visitor: TestClient;

  const recipientsOf = async (subject: RegExp) =>
    (await t.db.selectFrom('emails').select(['recipient', 'subject']).orderBy('id').execute()).filter((row) => subject.test(row.subject)).map((row) => row.recipient);

  before(async () => {
    t = await startTestHub({ smtp: true, env: { RATE_LIMITS: 'off' } });
    admin = await setUpHub(t.app);
    for (const [name, email, verified] of [
      ['Fay Facilitator', 'fay@example.org', true],
      ['Uma Unconfirmed', 'uma@example.org', false],
      ['Mo Member', 'mo@example.org', true],
    ] as const) {
      assert.ok((await createAccount(t.db, { name, email, password, verified })).ok);
    }
    for (const handle of ['fay-facilitator', 'uma-unconfirmed']) {
      assert.equal((await admin.postForm('/admin/stories/facilitators', { handle }, { csrfFrom: '/admin/stories' })).status, 303);
    }
    fay = new TestClient(t.app);
    await fay.signIn('fay@example.org', password);
    visitor = new TestClient(t.app);
  });
  after(() => t?.close());

  test('a visitor’s nomination reaches the reviewers once its emailed link is followed', async () => {
    assert.equal((await visitor.postForm('/stories/nominate', nomination())).status, 303);
    const confirm = await t.smtp.waitForEmail((m) => m.to.includes('nell@example.org'));
    assert.deepEqual(await recipientsOf(/to review/), [], 'nobody hears of a nomination not yet confirmed');

    const link = firstLink(confirm.text, '/stories/nominations/confirm/');
    assert.equal((await visitor.get(new URL(link).pathname)).status, 200);
    const id = (await t.db.selectFrom('story_nominations').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
    for (const address of ['admin@example.org', 'fay@example.org']) {
      const email = await t.smtp.waitForEmail((m) => m.to.includes(address) && /story nomination to review/.test(m.subject));
      assert.equal(email.subject, 'A story nomination to review on Riverside Growers');
      assert.match(email.text, /“The Todmorden growers”/);
      assert.match(email.text, /In Todmorden\./);
      assert.equal(firstLink(email.text, '/stories/review/'), `${t.baseUrl}/stories/review/${id}`);
      assert.doesNotMatch(email.text, /nell@example\.org|Nell Nominator/, 'who nominated stays on the review page');
    }
    // Reviewers with an unconfirmed address, and members who do not review, are not written to.
    assert.deepEqual((await recipientsOf(/to review/)).sort(), ['admin@example.org', 'fay@example.org']);

    // The link works once: following it again tells nobody anything new.
    assert.equal((await visitor.get(new URL(link).pathname)).status, 410);
    assert.equal((await recipientsOf(/to review/)).length, 2);
    // The link in the email leads a reviewer to the nomination.
    const review = await fay.get(`/stories/review/${id}`);
    assert.equal(review.status, 200);
    assert.match(review.body, /The Todmorden growers/);
  });

  test('a member with a confirmed email nominates at once, and a reviewer who nominates is not told of their own', async () => {
    const mo = new TestClient(t.app);
    await mo.signIn('mo@example.org', password);
    assert.equal((await mo.postForm('/stories/nominate', nomination({ people: 'The Hebden menders', place: '' }))).status, 303);
    const email = await t.smtp.waitForEmail((m) => m.to.includes('fay@example.org') && /The Hebden menders/.test(m.text));
    assert.doesNotMatch(email.text, /In \./, 'no place, no line for it');
    assert.doesNotMatch(email.text, /mo@example\.org/);

    const before = (await recipientsOf(/to review/)).length;
    assert.equal((await fay.postForm('/stories/nominate', nomination({ people: 'The Calder cyclists' }))).status, 303);
    await t.smtp.waitForEmail((m) => m.to.includes('admin@example.org') && /The Calder cyclists/.test(m.text));
    const after = await recipientsOf(/to review/);
    assert.deepEqual(after.slice(before), ['admin@example.org'], 'only the other reviewer hears of it');
  });
});

/**
 * "People and offers that fit": complementary pitches with their reasons, members matched only on
 * what the viewer may see of their profiles, funders, and pitches that fit a member on the home page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Viewer } from '../../web/context.ts';
import { createAccount } from '../accounts/accounts.commands.ts';
import { saveProfile } from '../profiles/profiles.commands.ts';
import type { ProfileInput } from '../profiles/profiles.forms.ts';
import { profileFields, type FieldVisibility, type ProfileField } from '../profiles/profiles.model.ts';
import { eventually, jobsDone } from '../../test/eventually.ts';
import { TestClient } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { matchesForPitch, pitchesForMember, significantWords } from './matching.queries.ts';
import { insertPitch } from './signals.fixtures.ts';

const password = 'a long enough password';
const kirklees = 'E08000034';

function visibility(level: FieldVisibility, overrides: Partial<Record<ProfileField, FieldVisibility>> = {}) {
  const result = {} as Record<ProfileField, FieldVisibility>;
  for (const field of profileFields) result[field] = overrides[field] ?? level;
  return result;
}

function profile(name: string, input: Partial<ProfileInput>): ProfileInput {
  return {
    name,
    bio: '',
    sector: null,
    roles: [],
    place: '',
    localAuthority: null,
    interests: [],
    skills: '',
    needs: '',
    links: [],
    visibility: visibility('everyone'),
    removePhoto: false,
    ...input,
  };
}

describe('matching', () => {
  let t: TestHub;
  const ids: Record<string, number> = {};
  let wantId: number;
  let offerId: number;
  let viewer: Viewer;

  async function person(key: string, name: string, input: Partial<ProfileInput>) {
    const created = await createAccount(t.db, { name, email: `${key}@example.org`, password, verified: true });
    assert.ok(created.ok);
    ids[key] = created.userId;
    const saved = await saveProfile(t.db, t.config.uploadsDir, created.userId, profile(name, input), { kind: 'keep' });
    assert.ok(saved.ok);
    return created;
  }

  before(async () => {
    t = await startTestHub();
    await setUpHub(t.app);
    await person('owner', 'Olu Owner', {});
    // Skills shown to signed-in members only: a visitor must never be matched against them.
    await person('rea', 'Rhea Rowe', {
      skills: 'Twenty years of reablement and home care coordination',
      visibility: visibility('members', { localAuthority: 'everyone' }),
      localAuthority: kirklees,
    });
    await person('hidden', 'Hal Hidden', { skills: 'Reablement expert', visibility: visibility('only-me') });
    await person('funder', 'Fay Funder', { roles: ['funder'], interests: ['open data'] });
    await person('fan', 'Dee Data', { interests: ['open data', 'transport'], skills: 'Data engineering' });
    const orgFunder = await person('grantmaker', 'Gus Grants', { visibility: visibility('only-me') });
    const org = await t.db
      .insertInto('organisations')
      .values({ slug: 'northern-fund', name: 'Northern Fund', kind: 'funder', tags: ['grants', 'adult social care'] })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.insertInto('organisation_members').values({ organisation_id: org.id, user_id: orgFunder.ok ? orgFunder.userId : 0, role: 'admin', status: 'active' }).execute();

    wantId = await insertPitch(t.db, {
      slug: 'reablement-open-data',
      title: 'Open data for reablement services',
      kind: 'want',
      tags: ['open data', 'adult social care'],
      summary: 'We want to publish reablement outcomes.',
      team: [ids.owner!],
      localAuthority: kirklees,
    });
    offerId = await insertPitch(t.db, {
      slug: 'data-publishing-service',
      title: 'Data publishing help',
      kind: 'offer',
      tags: ['open data', 'training'],
      summary: 'We help councils publish their datasets.',
      team: [ids.fan!],
      localAuthority: kirklees,
    });
    await insertPitch(t.db, { slug: 'unrelated-offer', title: 'Bicycle repairs', kind: 'offer', tags: ['cycling'], team: [ids.fan!] });
    await insertPitch(t.db, { slug: 'other-want', title: 'Another want about open data', kind: 'want', tags: ['open data'], team: [ids.fan!] });
    await insertPitch(t.db, {
      slug: 'draft-offer',
      title: 'Secret open data offer',
      kind: 'offer',
      tags: ['open data'],
      status: 'draft',
      team: [ids.fan!],
    });
    viewer = { id: ids.funder!, handle: 'fay-funder', displayName: 'Fay Funder', role: 'member', emailVerified: true };
  });
  after(() => t?.close());

  test('significant words are plain letters and digits, so they are safe in a tsquery', () => {
    assert.deepEqual(significantWords("Open data: it's for (adult) social-care & more!"), ['open', 'data', 'adult', 'social', 'care']);
    assert.ok(significantWords('x'.repeat(1000)).length === 0);
  });

  test('an offer tagged "open data" fits a want tagged "open data", with the reason', async () => {
    const matches = await matchesForPitch(t.db, viewer, wantId);
    assert.ok(matches);
    assert.equal(matches.direction, 'offers');
    const slugs = matches.pitches.map((p) => p.slug);
    assert.equal(slugs[0], 'data-publishing-service');
    assert.ok(!slugs.includes('unrelated-offer'));
    assert.ok(!slugs.includes('other-want'), 'a want does not fit a want');
    assert.ok(!slugs.includes('draft-offer'), 'drafts are never suggested');
    const offer = matches.pitches[0]!;
    assert.deepEqual(offer.reasons[0], { kind: 'tags', values: ['open data'] });
    assert.ok(offer.reasons.some((r) => r.kind === 'area' && r.name === 'Kirklees'));

    // And the reverse: the want is a need the offer could meet.
    const reverse = await matchesForPitch(t.db, viewer, offerId);
    assert.equal(reverse?.direction, 'needs');
    assert.deepEqual(
      reverse?.pitches.map((p) => p.slug).sort(),
      ['other-want', 'reablement-open-data'],
    );

    const page = await new TestClient(t.app).get('/pitches/reablement-open-data/matches.json');
    assert.equal(page.status, 200);
    const json = page.json<{ pitches: { slug: string; reasons: string[] }[] }>();
    assert.equal(json.pitches[0]?.slug, 'data-publishing-service');
    assert.ok(json.pitches[0]?.reasons.includes('shares tags: open data'));
    assert.ok(json.pitches[0]?.reasons.includes('same area: Kirklees'));
    assert.equal((await new TestClient(t.app).get('/pitches/draft-offer/matches.json')).status, 404);
  });

  test('members-only skills are matched for signed-in viewers, never for visitors; private ones for nobody', async () => {
    const signedIn = await matchesForPitch(t.db, viewer, wantId);
    const rhea = signedIn?.people.find((p) => p.handle === 'rhea-rowe');
    assert.ok(rhea, 'a signed-in member sees Rhea');
    assert.ok(rhea.reasons.some((r) => r.kind === 'mentions' && r.values.includes('reablement')));
    assert.ok(rhea.reasons.some((r) => r.kind === 'area' && r.name === 'Kirklees'));
    assert.ok(!signedIn?.people.some((p) => p.handle === 'hal-hidden'), 'private skills match nobody');
    assert.ok(!signedIn?.people.some((p) => p.handle === 'olu-owner'), 'not the pitch’s own team');

    const anonymous = await matchesForPitch(t.db, null, wantId);
    assert.ok(!anonymous?.people.some((p) => p.handle === 'rhea-rowe'), 'a visitor does not see Rhea');
    assert.ok(!anonymous?.people.some((p) => p.handle === 'hal-hidden'));
    const visitorJson = await new TestClient(t.app).get('/pitches/reablement-open-data/matches.json');
    assert.ok(!visitorJson.body.includes('Rhea'));
    assert.ok(!visitorJson.body.includes('home care'), 'and nothing of her skills');
  });

  test('funders fit by their interests or by their funder organisation', async () => {
    const someone: Viewer = { id: ids.owner!, handle: 'olu-owner', displayName: 'Olu Owner', role: 'member', emailVerified: true };
    const matches = await matchesForPitch(t.db, someone, wantId);
    const fay = matches?.funders.find((f) => f.handle === 'fay-funder');
    assert.ok(fay, 'a member with the funder role and a matching interest');
    assert.deepEqual(fay.reasons[0], { kind: 'funder', organisation: null });
    assert.ok(fay.reasons.some((r) => r.kind === 'interests' && r.values.includes('open data')));
    const gus = matches?.funders.find((f) => f.handle === 'gus-grants');
    assert.ok(gus, 'a member of a funder organisation whose tags fit');
    assert.deepEqual(gus.reasons[0], { kind: 'funder', organisation: 'Northern Fund' });
    assert.ok(!matches?.funders.some((f) => f.handle === 'dee-data'), 'not a funder');
  });

  test('the home page shows signed-in members the pitches that fit them, not their own', async () => {
    const dee: Viewer = { id: ids.fan!, handle: 'dee-data', displayName: 'Dee Data', role: 'member', emailVerified: true };
    const forDee = await pitchesForMember(t.db, dee);
    assert.deepEqual(
      forDee.map((p) => p.slug),
      ['reablement-open-data'],
      'Dee’s own pitches are left out',
    );
    assert.deepEqual(forDee[0]?.reasons[0], { kind: 'tags', values: ['open data'] });

    const client = new TestClient(t.app);
    await client.signIn('funder@example.org', password);
    const home = await client.get('/');
    assert.equal(home.status, 200);
    assert.match(home.body, /Pitches that fit you/);
    assert.ok(home.body.includes('href="/pitches/reablement-open-data"'));
    assert.ok(home.body.includes('href="/pitches/data-publishing-service"'));
    assert.ok(!home.body.includes('draft-offer'));
    assert.match(home.body, /shares tags: open data/);

    const visitor = await new TestClient(t.app).get('/');
    assert.ok(!visitor.body.includes('Pitches that fit you'));

    const blank = new TestClient(t.app);
    await blank.signIn('owner@example.org', password);
    const empty = await blank.get('/');
    assert.match(empty.body, /Nothing fits your profile yet/);
  });

  test('publishing a pitch tells the members it fits, using only what they show everyone', async () => {
    const owner = new TestClient(t.app);
    await owner.signIn('owner@example.org', password);
    const published = await owner.postForm('/pitches/new', {
      kind: 'want',
      title: 'Open data on bus stops',
      summary: 'Looking for help to publish stop accessibility as open data.',
      terms: 'free',
      stage: 'idea',
      tags: 'open data',
      action: 'publish',
    });
    assert.equal(published.status, 303, published.body.slice(0, 500));
    const pitch = await t.db.selectFrom('pitches').select('id').where('title', '=', 'Open data on bus stops').executeTakeFirstOrThrow();
    await jobsDone(t.db, 'pitch-published');
    const told = await t.db
      .selectFrom('notifications')
      .select(['user_id', 'delivery'])
      .where('kind', '=', 'match')
      .where('subject_id', '=', pitch.id)
      .execute();
    const recipients = told.map((row) => row.user_id);
    assert.ok(recipients.includes(ids.fan!), 'Dee, whose public interests include open data, is told');
    assert.ok(!recipients.includes(ids.owner!), 'the author is not told about their own pitch');
    assert.ok(!recipients.includes(ids.hidden!), 'nobody is matched on a field they keep to themselves');
    assert.ok(told.every((row) => row.delivery === 'weekly'), 'matches wait for the weekly digest by default');
  });

  test('the pitch page shows what fits, with the reasons', async () => {
    const page = await new TestClient(t.app).get('/pitches/reablement-open-data');
    assert.equal(page.status, 200);
    assert.match(page.body, /People and offers that fit/);
    assert.ok(page.body.includes('href="/pitches/data-publishing-service"'));
    assert.match(page.body, /shares tags: open data/);
  });

  test('suggestions are kept between views and go as soon as a suggested pitch is hidden', async () => {
    const visitor = new TestClient(t.app);
    const first = await visitor.get('/pitches/reablement-open-data');
    assert.ok(first.body.includes('href="/pitches/data-publishing-service"'));
    const again = await visitor.get('/pitches/reablement-open-data');
    assert.ok(again.body.includes('href="/pitches/data-publishing-service"'));
    await t.db.updateTable('pitches').set({ hidden_at: new Date() }).where('id', '=', offerId).execute();
    try {
      const page = await eventually(
        () => visitor.get('/pitches/reablement-open-data'),
        (response) => !response.body.includes('data-publishing-service'),
        'the hidden pitch to leave the suggestions',
        5000,
      );
      assert.match(page.body, /People and offers that fit/);
    } finally {
      await t.db.updateTable('pitches').set({ hidden_at: null }).where('id', '=', offerId).execute();
    }
  });
});

/**
 * Stories as nominees: a published story is nominated by its address, voted for and shown in the
 * results; a story not yet published, or hidden by a moderator, is refused exactly like an address
 * that names nothing; the story's reporter and the people in it have a conflict of interest on the
 * panel; a story hidden after it was nominated drops out of the round.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestClient } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { type Member, problems, signedInMember as member, textOf } from '../../test/people.ts';
import { roundFields, setPhase } from './awards.fixtures.ts';
import { nominationSchema, resultsSchema, roundSchema } from './awards.schemas.ts';


describe('awards for stories', () => {
  let t: TestHub;
  let admin: TestClient;
  let ada: Member;
  let ben: Member;
  let rita: Member;
  let pat: Member;
  let visitor: TestClient;
  let round = '';
  let roundId = 0;
  let impact = 0;
  const stories: Record<'fridge' | 'draft' | 'hidden' | 'later', { id: number; slug: string }> = {} as never;

  /** A story through the hub's own forms: an administrator accepts a member's nomination, the reporter writes it, it is published. */
  async function story(key: keyof typeof stories, title: string, publish: boolean) {
    const nominated = await ada.client.postForm('/stories/nominate', {
      people: `${title} volunteers`,
      place: 'Todmorden',
      localAuthority: '',
      what: `What ${title} did.`,
      why: `Why ${title} shines.`,
      nominatorName: 'Ada Okafor',
      selfNomination: 'no',
      website: '',
    });
    assert.equal(nominated.status, 303);
    const nomination = await t.db.selectFrom('story_nominations').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
    const accepted = await admin.postForm(`/stories/review/${nomination.id}/accept`, { title, reporter: rita.handle }, { csrfFrom: `/stories/review/${nomination.id}` });
    assert.equal(accepted.status, 303, problems(accepted));
    const slug = accepted.location!.slice('/stories/'.length);
    await admin.get(accepted.location!);
    const edited = await rita.client.postForm(`/stories/${slug}/edit`, {
      title,
      summary: `${title}, in short.`,
      body: `How ${title} came about.`,
      people: `${title} volunteers`,
      storyPeople: pat.handle,
      place: 'Todmorden',
      tags: 'food',
    });
    assert.equal(edited.status, 303, problems(edited));
    if (publish) assert.equal((await admin.postForm(`/stories/${slug}/publish`, {}, { csrfFrom: `/stories/${slug}` })).status, 303);
    const row = await t.db.selectFrom('stories').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
    stories[key] = { id: row.id, slug };
  }

  async function hide(key: keyof typeof stories, reason: string) {
    const path = `/moderation/content/story/${stories[key].id}`;
    const hidden = await admin.postForm(`${path}/hide`, { reason }, { csrfFrom: path });
    assert.equal(hidden.status, 303);
    await admin.get(hidden.location!);
  }

  before(async () => {
    t = await startTestHub({ env: { RATE_LIMITS: 'off' } });
    admin = await setUpHub(t.app);
    ada = await member(t, 'Ada Okafor', 'ada@example.org');
    ben = await member(t, 'Ben Price', 'ben@example.org');
    rita = await member(t, 'Rita Reporter', 'rita@example.org');
    pat = await member(t, 'Pat Grower', 'pat@example.org');
    visitor = new TestClient(t.app);
    await story('fridge', 'Incredible fridge', true);
    await story('draft', 'Unfinished garden', false);
    await story('hidden', 'Disputed orchard', true);
    await story('later', 'Repair cafe', true);
    await hide('hidden', 'The people in it did not agree to it.');
    const response = await admin.postForm('/awards/new', roundFields({ panel: [rita.handle, pat.handle, ben.handle] }));
    assert.equal(response.status, 303, problems(response));
    round = response.location!.slice('/awards/'.length);
    roundId = (await t.db.selectFrom('award_rounds').select('id').where('slug', '=', round).executeTakeFirstOrThrow()).id;
    impact = (await t.db.selectFrom('award_categories').select('id').where('round_id', '=', roundId).orderBy('position').executeTakeFirstOrThrow()).id;
    await setPhase(t.db, roundId, 'nominating');
  });
  after(() => t?.close());

  test('a published story is nominated by its address; drafts and hidden stories are refused like nothing there', async () => {
    const nominate = (who: Member, address: string, reason = 'It changed our street.') =>
      who.client.postForm(`/awards/${round}/nominate`, { category: String(impact), address, reason });
    const page = await ben.client.get(`/awards/${round}/nominate`);
    assert.match(textOf(page.body), /pitch, story/i, 'the form says stories can be nominated');

    const done = await nominate(ben, `${t.baseUrl}/stories/${stories.fridge.slug}`);
    assert.equal(done.status, 303, problems(done));
    assert.match(textOf((await ben.client.get(done.location!)).body), /Incredible fridge is nominated for Community impact/);
    assert.equal((await nominate(ada, `/stories/${stories.later.slug}/`)).status, 303);

    const nothing = await nominate(ben, '/stories/no-such-story');
    assert.equal(nothing.status, 400);
    const expected = problems(nothing);
    assert.match(expected, /no pitch or story that everyone can see at that address/);
    // Its reporter (who may see the draft) and an administrator (who may see everything) get the same answer.
    for (const [who, address] of [
      [rita, `/stories/${stories.draft.slug}`],
      [rita, `${t.baseUrl}/stories/${stories.hidden.slug}`],
      [ben, `/stories/${stories.hidden.slug}`],
    ] as const) {
      const response = await nominate(who, address);
      assert.equal(response.status, 400, address);
      assert.equal(problems(response), expected, `${address} is refused exactly like a missing story`);
    }
    const asAdmin = await admin.postForm(`/awards/${round}/nominate`, { category: String(impact), address: `/stories/${stories.draft.slug}`, reason: 'Good.' });
    assert.equal(asAdmin.status, 400);
    assert.equal(problems(asAdmin), expected);
    const nominated = await t.db.selectFrom('award_nominations').select(['subject_type', 'subject_id']).where('round_id', '=', roundId).orderBy('id').execute();
    assert.deepEqual(nominated, [
      { subject_type: 'story', subject_id: stories.fridge.id },
      { subject_type: 'story', subject_id: stories.later.id },
    ]);

    const roundPage = textOf((await visitor.get(`/awards/${round}`)).body);
    assert.match(roundPage, /Incredible fridge \(Story; 1 reason given\)/);
    const json = roundSchema.parse((await visitor.get(`/awards/${round}.json`)).json());
    assert.ok(JSON.stringify(json).includes(`/stories/${stories.fridge.slug}`), 'the round’s JSON links to the story');
    const id = Number(/\/nominations\/(\d+)$/.exec(done.location!)![1]);
    const nomination = nominationSchema.parse((await visitor.get(`/awards/${round}/nominations/${id}.json`)).json());
    assert.equal(nomination.title, 'Incredible fridge');
  });

  test('the story’s reporter and the people in it have a conflict of interest on the panel', async () => {
    await setPhase(t.db, roundId, 'voting');
    const fridge = await t.db.selectFrom('award_nominations').select('id').where('subject_type', '=', 'story').where('subject_id', '=', stories.fridge.id).executeTakeFirstOrThrow();
    const ritaPanel = textOf((await rita.client.get(`/awards/${round}/panel`)).body);
    assert.match(ritaPanel, /You wrote this story as its reporter/);
    const patPanel = textOf((await pat.client.get(`/awards/${round}/panel`)).body);
    assert.match(patPanel, /You are one of the people in this story/);
    const forged = await pat.client.postForm(`/awards/${round}/panel/${fridge.id}/declare`, { conflict: 'none' }, { csrfFrom: `/awards/${round}/panel` });
    assert.equal(forged.status, 403);
    assert.match((await ben.client.get(`/awards/${round}/panel`)).body, new RegExp(`href="/awards/${round}/panel/${fridge.id}"`), 'Ben has no stake and may score it');
  });

  test('members vote for a story and it wins; a story hidden since drops out of the round and the results', async () => {
    const votePath = `/awards/${round}/vote`;
    const nominees = await t.db.selectFrom('award_nominations').select(['id', 'subject_id']).where('round_id', '=', roundId).execute();
    const fridge = nominees.find((n) => n.subject_id === stories.fridge.id)!;
    const later = nominees.find((n) => n.subject_id === stories.later.id)!;
    const vote = (who: Member | TestClient, nomination: number) =>
      (who instanceof TestClient ? who : who.client).postForm(votePath, { category: String(impact), [`nominee-${impact}`]: String(nomination) });
    assert.match(textOf((await ada.client.get(votePath)).body), /Incredible fridge/);
    for (const who of [ada, ben, rita]) assert.equal((await vote(who, fridge.id)).status, 303);
    assert.equal((await vote(pat, later.id)).status, 303);

    // The repair cafe is hidden by a moderator before the results: it leaves the round.
    const path = `/moderation/content/story/${stories.later.id}`;
    assert.equal((await admin.postForm(`${path}/hide`, { reason: 'Under review.' }, { csrfFrom: path })).status, 303);
    assert.doesNotMatch(textOf((await visitor.get(`/awards/${round}`)).body), /Repair cafe/);
    assert.equal((await visitor.get(`/awards/${round}/nominations/${later.id}`)).status, 404);

    await setPhase(t.db, roundId, 'counting');
    assert.equal((await admin.postForm(`/awards/${round}/publish`, {}, { csrfFrom: `/awards/${round}` })).status, 303);
    const results = resultsSchema.parse((await visitor.get(`/awards/${round}/results.json`)).json());
    const category = results.categories.find((c) => c.name === 'Community impact')!;
    assert.deepEqual(
      category.nominees.map((n) => [n.title, n.votes]),
      [['Incredible fridge', 3]],
    );
    const page = textOf((await visitor.get(`/awards/${round}/results`)).body);
    assert.match(page, /Incredible fridge/);
    assert.doesNotMatch(page, /Repair cafe|Disputed orchard|Unfinished garden/);
    assert.doesNotMatch((await visitor.get(`/awards/${round}/results.csv`)).body, /Repair cafe/);
  });
});

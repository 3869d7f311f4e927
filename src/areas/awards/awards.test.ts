/**
 * Awards over HTTP: opening a round (and its refusals), the round's page and JSON, nominating
 * (only things everyone may see; one nomination per item per category, more reasons added to it;
 * withdrawal), voting (one vote per category, changed until voting closes, secret until results),
 * the panel's refusals, bad input and rate limits.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import { TestClient } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { type Member, problems, signedInMember as member, textOf } from '../../test/people.ts';
import { roundFields, setPhase } from './awards.fixtures.ts';
import { nominationSchema, resultsSchema, roundListSchema, roundSchema } from './awards.schemas.ts';

async function publishPitch(client: TestClient, title: string, extra: Record<string, string> = {}): Promise<{ slug: string }> {
  const response = await client.postForm('/pitches/new', {
    kind: 'project',
    title,
    summary: `${title}, in short.`,
    body: 'More about it.',
    terms: 'free',
    stage: 'delivering',
    tags: 'community',
    group: '',
    action: 'publish',
    ...extra,
  });
  assert.equal(response.status, 303, `publishing ${title}: ${textOf(response.body).slice(0, 300)}`);
  return { slug: response.location!.slice('/pitches/'.length) };
}

describe('awards', () => {
  let t: TestHub;
  let admin: TestClient;
  let ada: Member;
  let ben: Member;
  let cat: Member;
  let una: Member;
  let visitor: TestClient;
  let slug = '';
  let roundId = 0;
  let categories: { id: number; name: string }[] = [];
  let fridge: { slug: string };
  let library: { slug: string };
  let shed: { slug: string };

  before(async () => {
    t = await startTestHub({ env: { RATE_LIMITS: 'off' } });
    admin = await setUpHub(t.app);
    ada = await member(t, 'Ada Okafor', 'ada@example.org');
    ben = await member(t, 'Ben Price', 'ben@example.org');
    cat = await member(t, 'Cat Jones', 'cat@example.org');
    una = await member(t, 'Una Unconfirmed', 'una@example.org', false);
    visitor = new TestClient(t.app);
    fridge = await publishPitch(ada.client, 'Community fridge');
    library = await publishPitch(ben.client, 'Library of things');
    shed = await publishPitch(ben.client, 'Estate tool shed');
  });
  after(() => t.close());

  test('only administrators open rounds; the form refuses bad input with a 400 page that keeps what was typed', async () => {
    assert.match((await visitor.get('/awards/new')).location ?? '', /^\/sign-in\?next=/);
    assert.equal((await ada.client.get('/awards/new')).status, 403);
    assert.equal((await ada.client.postForm('/awards/new', roundFields(), { csrfFrom: '/awards' })).status, 403);

    const form = await admin.get('/awards/new');
    assert.equal(form.status, 200);
    assert.match(form.body, /name="nominationsOpen" type="date" value="\d{4}-\d{2}-\d{2}"/);

    const cases: [Record<string, string>, string, RegExp][] = [
      [{ name: '' }, 'name', /Enter the name of the round\./],
      [{ nominationsOpen: '2020-01-01' }, 'nominationsOpen', /This day has passed/],
      [{ nominationsClose: '31/02/2030' }, 'nominationsClose', /Enter a real date/],
      [{ votingOpen: roundFields().nominationsClose! }, 'votingOpen', /Voting must open after nominations close/],
      [{ resultsDate: roundFields().votingClose! }, 'resultsDate', /Results must come after both voting and panel scoring close/],
      [{ voteWeight: '140' }, 'voteWeight', /whole number from 0 to 100/],
      [{ category1Name: '', category1Description: 'No name', category2Name: '', category2Description: '' }, 'category1Name', /Enter a name for this category/],
      [{ category2Name: 'Community impact' }, 'category2Name', /Another category has this name/],
      [{ criterion2Weight: 'heavy' }, 'criterion2Weight', /whole number from 1 to 100/],
      [{ panel: '' }, 'panel', /Name at least one panellist/],
      [{ panel: 'nobody-here, ada-okafor' }, 'panel', /These handles are not members of this hub: nobody-here/],
    ];
    for (const [change, field, message] of cases) {
      const fields = { ...roundFields({ panel: [ada.handle] }), ...change };
      const response = await admin.postForm('/awards/new', fields);
      assert.equal(response.status, 400, `${field}: ${response.status}`);
      assert.match(problems(response), message, field);
      assert.match(response.body, new RegExp(`href="#field-${field}"`), `the summary links to ${field}`);
      // What was typed comes back.
      assert.match(response.body, /value="Community Innovation Awards"|id="field-name"[^>]*value=""/);
    }
    assert.equal(await t.db.selectFrom('award_rounds').select('id').executeTakeFirst(), undefined, 'no round was made');
  });

  test('a round is opened, and its page and JSON show categories, criteria, dates, method and panel', async () => {
    const response = await admin.postForm('/awards/new', roundFields({ panel: [`@${cat.handle}`, ada.handle.toUpperCase()] }));
    assert.equal(response.status, 303, problems(response));
    assert.equal(response.location, '/awards/community-innovation-awards');
    slug = 'community-innovation-awards';
    const row = await t.db.selectFrom('award_rounds').select(['id', 'vote_weight', 'panel_weight']).where('slug', '=', slug).executeTakeFirstOrThrow();
    roundId = row.id;
    assert.deepEqual([row.vote_weight, row.panel_weight], [40, 60]);
    categories = await t.db.selectFrom('award_categories').select(['id', 'name']).where('round_id', '=', roundId).orderBy('position').execute();
    assert.deepEqual(
      categories.map((c) => c.name),
      ['Community impact', 'Best use of open data'],
    );

    const page = await visitor.get(`/awards/${slug}`);
    assert.equal(page.status, 200);
    const text = textOf(page.body);
    assert.match(text, /Nominations open soon/);
    assert.match(text, /Community impact Made a real difference/);
    assert.match(text, /Impact What changed, for whom\. 3/);
    assert.match(text, /Combined score = 40% × vote share \+ 60% × panel score\./);
    assert.match(text, /the one with the higher panel score comes first/);
    assert.match(text, /Ada Okafor/);
    assert.match(text, /Cat Jones/);
    assert.match(page.body, /<strong>pitches<\/strong>/, 'the description is Markdown');

    const json = await visitor.get(`/awards/${slug}.json`);
    assert.equal(json.status, 200);
    const data = roundSchema.parse(json.json());
    assert.equal(data.stage, 'upcoming');
    assert.equal(data.method.voteWeight, 40);
    assert.match(data.method.formula, /0\.4 × vote share \+ 0\.6 × panel score/);
    assert.deepEqual(
      data.criteria.map((c) => [c.name, c.weight]),
      [
        ['Impact', 3],
        ['Evidence', 2],
        ['Reach', 1],
      ],
    );
    assert.deepEqual(data.panel.map((p) => p.handle).sort(), [ada.handle, cat.handle].sort());

    const list = await visitor.get('/awards.json');
    assert.equal(roundListSchema.parse(list.json()).rounds[0]!.slug, slug);
    const csv = parseCsv((await visitor.get('/awards.csv')).body, { columns: true }) as Record<string, string>[];
    assert.equal(csv[0]!.name, 'Community Innovation Awards');
    assert.equal(csv[0]!.vote_weight, '40');
    assert.match((await visitor.get('/awards')).body, /href="\/awards\/community-innovation-awards"/);
    assert.equal((await visitor.get('/awards?page=0')).status, 400);
    assert.equal((await visitor.get('/awards.json?page=abc')).status, 400);
    assert.equal((await visitor.get('/awards/no-such-round')).status, 404);
    assert.equal((await visitor.get('/awards/BAD_SLUG!')).status, 404);
    assert.equal((await visitor.get(`/awards/${slug}.csv`)).status, 404);
  });

  test('before nominations open, and for members who have not confirmed their email, nominating is refused', async () => {
    const early = await ada.client.get(`/awards/${slug}/nominate`);
    assert.equal(early.status, 303);
    assert.equal(early.location, `/awards/${slug}`);
    assert.match((await ada.client.get(early.location!)).body, /Nominations for this round are not open/);
    await setPhase(t.db, roundId, 'nominating');
    assert.equal((await una.client.get(`/awards/${slug}/nominate`)).status, 403);
    assert.match((await visitor.get(`/awards/${slug}/nominate`)).location ?? '', /^\/sign-in/);
    const page = await visitor.get(`/awards/${slug}`);
    assert.match(textOf(page.body), /Sign in to nominate and vote\./);
  });

  test('nominating: a public pitch once per category, later nominations add their reasons, bad input gets a 400 page', async () => {
    const [impact, data] = categories as [{ id: number; name: string }, { id: number; name: string }];
    const nominate = (who: Member, fields: Record<string, string>) => who.client.postForm(`/awards/${slug}/nominate`, fields);

    const first = await nominate(ben, { category: String(impact.id), address: `${t.baseUrl}/pitches/${fridge.slug}`, reason: 'It feeds forty families a week.' });
    assert.equal(first.status, 303, problems(first));
    const nominationId = Number(/\/nominations\/(\d+)$/.exec(first.location!)![1]);
    const shown = await ben.client.get(first.location!);
    assert.match(textOf(shown.body), /Thank you: Community fridge is nominated for Community impact\./);
    assert.match(textOf(shown.body), /It feeds forty families a week\./);

    // The same pitch by its path, by another member: a supporting statement, not a second nomination.
    const second = await nominate(cat, { category: String(impact.id), address: `/pitches/${fridge.slug}/`, reason: 'Run by volunteers, open every day.' });
    assert.equal(second.status, 303);
    assert.equal(second.location, first.location);
    assert.match(textOf((await cat.client.get(second.location!)).body), /was already nominated for Community impact: your reason has been added/);
    // The same pitch in the other category is a nomination of its own.
    const other = await nominate(cat, { category: String(data.id), address: `pitches/${library.slug}`, reason: 'Lends out kit logged in open data.' });
    assert.equal(other.status, 303, problems(other));
    const rows = await t.db.selectFrom('award_nominations').select(['id', 'category_id']).where('round_id', '=', roundId).execute();
    assert.equal(rows.length, 2);
    assert.equal((await nominate(cat, { category: String(impact.id), address: `/pitches/${shed.slug}`, reason: 'Tools for everyone on the estate.' })).status, 303);
    const statements = await t.db.selectFrom('award_statements').select('user_id').where('nomination_id', '=', nominationId).execute();
    assert.deepEqual(statements.map((s) => s.user_id).sort(), [ben.id, cat.id].sort());

    const refusals: [Member, Record<string, string>, string, RegExp][] = [
      [ben, { category: String(impact.id), address: `/pitches/${fridge.slug}`, reason: 'Again.' }, 'address', /You have already given a reason for this nomination\./],
      [ben, { category: '', address: `/pitches/${library.slug}`, reason: 'Good.' }, 'category', /Choose a category\./],
      [ben, { category: '999999', address: `/pitches/${library.slug}`, reason: 'Good.' }, 'category', /Choose a category\./],
      [ben, { category: String(impact.id), address: '', reason: 'Good.' }, 'address', /Paste the address of the pitch or story\./],
      [ben, { category: String(impact.id), address: '/pitches/no-such-pitch', reason: 'Good.' }, 'address', /no pitch or story that everyone can see at that address/],
      [ben, { category: String(impact.id), address: `https://elsewhere.example/pitches/${library.slug}`, reason: 'Good.' }, 'address', /no pitch or story that everyone can see/],
      [ben, { category: String(impact.id), address: '/members/ada-okafor', reason: 'Good.' }, 'address', /no pitch or story that everyone can see/],
      [ben, { category: String(impact.id), address: `/pitches/${library.slug}`, reason: '' }, 'reason', /Say why it deserves the award\./],
      [ben, { category: String(impact.id), address: `/pitches/${library.slug}`, reason: 'x'.repeat(601) }, 'reason', /at most 600 characters/],
    ];
    for (const [who, fields, field, message] of refusals) {
      const response = await nominate(who, fields);
      assert.equal(response.status, 400, `${field}: ${response.status}`);
      assert.match(problems(response), message);
      if (fields.address) assert.match(response.body, new RegExp(`value="${fields.address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`), 'the address typed comes back');
    }

    // A draft pitch, and a pitch of a closed group, are not public: the same answer as "nothing there".
    const draft = await ada.client.postForm('/pitches/new', { kind: 'idea', title: 'Secret draft plan', summary: 'Not yet.', terms: 'free', stage: 'idea', group: '', action: 'draft' });
    assert.equal(draft.status, 303);
    assert.equal((await ada.client.postForm('/groups/new', { name: 'Quiet circle', purpose: 'Private talk.', visibility: 'closed' })).status, 303);
    const groupId = (await t.db.selectFrom('groups').select('id').where('slug', '=', 'quiet-circle').executeTakeFirstOrThrow()).id;
    const closed = await publishPitch(ada.client, 'Closed circle pitch', { group: String(groupId) });
    for (const address of [draft.location!, `/pitches/${closed.slug}`]) {
      const response = await nominate(ada, { category: String(impact.id), address, reason: 'Private but good.' });
      assert.equal(response.status, 400);
      assert.match(problems(response), /no pitch or story that everyone can see at that address/);
    }
    assert.equal((await t.db.selectFrom('award_nominations').select('id').where('round_id', '=', roundId).execute()).length, 3);

    // The round page lists the nominees with the number of reasons; a nomination has its page and JSON.
    const page = textOf((await visitor.get(`/awards/${slug}`)).body);
    assert.match(page, /Community fridge \(Pitch; 2 reasons given\)/);
    assert.match(page, /Library of things \(Pitch; 1 reason given\)/);
    const json = nominationSchema.parse((await visitor.get(`/awards/${slug}/nominations/${nominationId}.json`)).json());
    assert.equal(json.title, 'Community fridge');
    assert.deepEqual(
      json.reasons.map((r) => r.reason),
      ['It feeds forty families a week.', 'Run by volunteers, open every day.'],
    );
    assert.equal((await visitor.get(`/awards/${slug}/nominations/99999`)).status, 404);
    assert.equal((await visitor.get(`/awards/${slug}/nominations/abc`)).status, 404);

    // Adding a reason from the nomination's page.
    const support = await ada.client.postForm(`/awards/${slug}/nominations/${nominationId}/support`, { reason: '' }, { csrfFrom: `/awards/${slug}/nominations/${nominationId}` });
    assert.equal(support.status, 400);
    assert.match(problems(support), /Say why it deserves the award\./);
    const supported = await ada.client.postForm(`/awards/${slug}/nominations/${nominationId}/support`, { reason: 'We started it, with help.' }, { csrfFrom: `/awards/${slug}/nominations/${nominationId}` });
    assert.equal(supported.status, 303);
    assert.equal((await t.db.selectFrom('award_statements').select('id').where('nomination_id', '=', nominationId).execute()).length, 3);
  });

  test('an administrator withdraws a nomination with a reason; it cannot come back in that category', async () => {
    const nomination = await t.db.selectFrom('award_nominations').select(['id']).where('round_id', '=', roundId).where('category_id', '=', categories[1]!.id).executeTakeFirstOrThrow();
    const path = `/awards/${slug}/nominations/${nomination.id}/withdraw`;
    assert.equal((await ben.client.get(path)).status, 403);
    const empty = await admin.postForm(path, { reason: '' });
    assert.equal(empty.status, 400);
    assert.match(problems(empty), /Give a reason for withdrawing the nomination\./);
    const done = await admin.postForm(path, { reason: 'Entered by its own team lead by mistake.' });
    assert.equal(done.status, 303);
    const page = textOf((await visitor.get(done.location!)).body);
    assert.match(page, /Withdrawn by the administrators on .* Their reason: Entered by its own team lead by mistake\./);
    assert.doesNotMatch(textOf((await visitor.get(`/awards/${slug}`)).body), /Library of things/);
    assert.doesNotMatch(JSON.stringify((await visitor.get(`/awards/${slug}.json`)).json()), /Library of things/);
    const again = await ben.client.postForm(`/awards/${slug}/nominate`, { category: String(categories[1]!.id), address: `/pitches/${library.slug}`, reason: 'Please.' });
    assert.equal(again.status, 400);
    assert.match(problems(again), /withdrawn by the administrators/);
    const back = await ben.client.postForm(`/awards/${slug}/nominate`, { category: String(categories[1]!.id), address: `/pitches/${fridge.slug}`, reason: 'Its stock list is open data.' });
    assert.equal(back.status, 303);
  });

  test('voting: one vote per category, changed until voting closes; counts stay secret until the results', async () => {
    const votePath = `/awards/${slug}/vote`;
    assert.equal((await ada.client.get(votePath)).status, 303, 'not before voting opens');
    await setPhase(t.db, roundId, 'voting');
    const nominees = await t.db.selectFrom('award_nominations').select(['id', 'category_id']).where('round_id', '=', roundId).where('withdrawn_at', 'is', null).orderBy('id').execute();
    const impactFridge = nominees.find((n) => n.category_id === categories[0]!.id)!;
    const dataFridge = nominees.find((n) => n.category_id === categories[1]!.id)!;
    const vote = (who: Member, category: number, nomination: number | string) => who.client.postForm(votePath, { category: String(category), [`nominee-${category}`]: String(nomination) });

    const page = await ada.client.get(votePath);
    assert.equal(page.status, 200);
    assert.match(textOf(page.body), /You have not voted in this category yet\./);
    assert.equal((await vote(ada, impactFridge.category_id, impactFridge.id)).status, 303);
    assert.match(textOf((await ada.client.get(votePath)).body), /Your vote: Community fridge\./);
    const same = await vote(ada, impactFridge.category_id, impactFridge.id);
    assert.match(textOf((await ada.client.get(same.location!)).body), /was already for that nominee/);
    assert.equal((await vote(ben, impactFridge.category_id, impactFridge.id)).status, 303);
    assert.equal((await vote(ben, dataFridge.category_id, dataFridge.id)).status, 303);

    // Bad input: no choice, a nominee of another category, a made-up category.
    const none = await ada.client.postForm(votePath, { category: String(impactFridge.category_id) });
    assert.equal(none.status, 400);
    assert.match(problems(none), /Choose who to vote for in Community impact\./);
    const wrong = await vote(ada, impactFridge.category_id, dataFridge.id);
    assert.equal(wrong.status, 400);
    assert.match(problems(wrong), /Choose one of the nominees in Community impact\./);
    assert.equal((await ada.client.postForm(votePath, { category: '12345', 'nominee-12345': String(impactFridge.id) })).status, 400);
    assert.equal((await una.client.get(votePath)).status, 403);

    // One vote per member per category, also for the database itself.
    await assert.rejects(
      t.db.insertInto('award_votes').values({ round_id: roundId, category_id: impactFridge.category_id, user_id: ada.id, nomination_id: impactFridge.id }).execute(),
      /duplicate key|unique/i,
    );
    assert.equal((await t.db.selectFrom('award_votes').select('user_id').where('round_id', '=', roundId).execute()).length, 3);

    // Nobody sees counts before the results: not the round, not its JSON, not the results.
    const results = await visitor.get(`/awards/${slug}/results`);
    assert.equal(results.status, 200);
    assert.match(textOf(results.body), /The results will be published on/);
    assert.doesNotMatch(results.body, /<table/);
    const resultsJson = resultsSchema.parse((await admin.get(`/awards/${slug}/results.json`)).json());
    assert.equal(resultsJson.published, false);
    assert.deepEqual(resultsJson.categories, []);
    assert.equal((await admin.get(`/awards/${slug}/results.csv`)).body.trim().split('\n').length, 1, 'only the header');
    assert.doesNotMatch(JSON.stringify((await admin.get(`/awards/${slug}.json`)).json()), /"votes"/);
  });

  test('a nominee hidden by a moderator drops out of the round, its JSON, the vote and its own page', async () => {
    const nomination = await t.db
      .selectFrom('award_nominations')
      .innerJoin('pitches', 'pitches.id', 'award_nominations.subject_id')
      .select(['award_nominations.id', 'award_nominations.category_id', 'pitches.id as pitch_id'])
      .where('pitches.slug', '=', shed.slug)
      .executeTakeFirstOrThrow();
    const votePath = `/awards/${slug}/vote`;
    assert.equal((await cat.client.postForm(votePath, { category: String(nomination.category_id), [`nominee-${nomination.category_id}`]: String(nomination.id) })).status, 303);
    assert.match(textOf((await visitor.get(`/awards/${slug}`)).body), /Estate tool shed/);
    const hidden = await admin.postForm(`/moderation/content/pitch/${nomination.pitch_id}/hide`, { reason: 'Under review' }, { csrfFrom: `/moderation/content/pitch/${nomination.pitch_id}` });
    assert.equal(hidden.status, 303);
    for (const [who, path] of [
      [visitor, `/awards/${slug}`],
      [admin, `/awards/${slug}`],
      [visitor, `/awards/${slug}.json`],
      [cat.client, votePath],
      [admin, `/awards/${slug}/panel`],
    ] as const) {
      assert.doesNotMatch((await who.get(path)).body, /Estate tool shed/, `${path} no longer names it`);
    }
    assert.equal((await visitor.get(`/awards/${slug}/nominations/${nomination.id}`)).status, 404);
    assert.equal((await ben.client.get(`/awards/${slug}/nominations/${nomination.id}.json`)).status, 404, 'not even for its author');
    const refused = await ben.client.postForm(votePath, { category: String(nomination.category_id), [`nominee-${nomination.category_id}`]: String(nomination.id) });
    assert.equal(refused.status, 400);
    assert.match(textOf((await cat.client.get(votePath)).body), /You have not voted in this category yet\./, 'the vote for it no longer shows');
    const fridgeNomination = await t.db.selectFrom('award_nominations').select('id').where('round_id', '=', roundId).where('category_id', '=', nomination.category_id).orderBy('id').executeTakeFirstOrThrow();
    const again = await cat.client.postForm(votePath, { category: String(nomination.category_id), [`nominee-${nomination.category_id}`]: String(fridgeNomination.id) });
    assert.equal(again.status, 303, 'the member can vote again');
    assert.match(textOf((await cat.client.get(again.location!)).body), /Your vote in Community impact is changed\./);
  });

  test('the panel: only panellists, and only once nominations close; edits keep the method fixed', async () => {
    assert.equal((await ben.client.get(`/awards/${slug}/panel`)).status, 403);
    assert.match(textOf((await ben.client.get(`/awards/${slug}/panel`)).body), /You are not on this round’s panel/);
    const panel = await cat.client.get(`/awards/${slug}/panel`);
    assert.equal(panel.status, 200);
    const nomination = await t.db.selectFrom('award_nominations').select('id').where('round_id', '=', roundId).where('withdrawn_at', 'is', null).orderBy('id').executeTakeFirstOrThrow();
    // Ada wrote the fridge pitch: she is on its team, and is never offered its scores.
    const adaPanel = await ada.client.get(`/awards/${slug}/panel`);
    assert.doesNotMatch(adaPanel.body, new RegExp(`href="/awards/${slug}/panel/${nomination.id}"`));
    assert.match(textOf(adaPanel.body), /You are on this pitch’s team/);
    const forged = await ada.client.postForm(`/awards/${slug}/panel/${nomination.id}/scores`, { 'criterion-1': '10' }, { csrfFrom: `/awards/${slug}/panel` });
    assert.equal(forged.status, 403);
    assert.match(textOf(forged.body), /You cannot score this nominee/);
    // Cat must declare before scoring.
    const undeclared = await cat.client.postForm(`/awards/${slug}/panel/${nomination.id}/scores`, {}, { csrfFrom: `/awards/${slug}/panel` });
    assert.equal(undeclared.status, 400);
    assert.match(textOf(undeclared.body), /Declare any conflict of interest first/);
    const noAnswer = await cat.client.postForm(`/awards/${slug}/panel/${nomination.id}/declare`, { note: '' }, { csrfFrom: `/awards/${slug}/panel` });
    assert.equal(noAnswer.status, 400);
    assert.match(problems(noAnswer), /Say whether you have a conflict of interest\./);
    const noNote = await cat.client.postForm(`/awards/${slug}/panel/${nomination.id}/declare`, { conflict: 'conflict', note: '' }, { csrfFrom: `/awards/${slug}/panel` });
    assert.equal(noNote.status, 400);
    assert.match(problems(noNote), /Say what the conflict of interest is\./);
    assert.equal((await cat.client.postForm(`/awards/${slug}/panel/${nomination.id}/declare`, { conflict: 'none' }, { csrfFrom: `/awards/${slug}/panel` })).status, 303);
    const badScores = await cat.client.postForm(`/awards/${slug}/panel/${nomination.id}/scores`, { [`criterion-999`]: '5' }, { csrfFrom: `/awards/${slug}/panel/${nomination.id}` });
    assert.equal(badScores.status, 400);
    assert.match(problems(badScores), /Choose a score for this criterion\./);

    // Editing: the method is fixed once nominations have opened; the panel can still change.
    const edit = await admin.get(`/awards/${slug}/edit`);
    assert.equal(edit.status, 200);
    assert.match(textOf(edit.body), /Nominations have opened, so these are fixed/);
    assert.doesNotMatch(edit.body, /name="voteWeight"/);
    const values = Object.fromEntries([...edit.body.matchAll(/<input id="field-[^"]+" name="([^"]+)" type="(?:text|date)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    const saved = await admin.postForm(`/awards/${slug}/edit`, { ...values, description: 'Changed words.', panel: `${cat.handle}, ${ada.handle}, ${ben.handle}`, voteWeight: '90' });
    assert.equal(saved.status, 303, problems(saved));
    const row = await t.db.selectFrom('award_rounds').select(['description', 'vote_weight']).where('id', '=', roundId).executeTakeFirstOrThrow();
    assert.deepEqual([row.description, row.vote_weight], ['Changed words.', 40]);
    assert.equal((await ben.client.get(`/awards/${slug}/panel`)).status, 200, 'Ben is on the panel now');
  });

  test('results: published early by an administrator once voting and scoring have closed, then final', async () => {
    assert.equal((await admin.postForm(`/awards/${slug}/publish`, {}, { csrfFrom: `/awards/${slug}` })).location, `/awards/${slug}`, 'too early while voting is open');
    assert.equal((await t.db.selectFrom('award_rounds').select('published_at').where('id', '=', roundId).executeTakeFirstOrThrow()).published_at, null);
    await setPhase(t.db, roundId, 'counting');
    assert.equal((await ben.client.postForm(`/awards/${slug}/publish`, {}, { csrfFrom: `/awards/${slug}` })).status, 403);
    const published = await admin.postForm(`/awards/${slug}/publish`, {}, { csrfFrom: `/awards/${slug}` });
    assert.equal(published.location, `/awards/${slug}/results`);
    const results = resultsSchema.parse((await visitor.get(`/awards/${slug}/results.json`)).json());
    assert.equal(results.published, true);
    const impact = results.categories.find((c) => c.name === 'Community impact')!;
    // Ada, Ben and Cat (whose vote for the hidden tool shed became one for the fridge).
    assert.equal(impact.totalVotes, 3);
    assert.deepEqual(
      impact.nominees.map((n) => [n.title, n.votes]),
      [['Community fridge', 3]],
    );
    // Once out, the round is a record.
    assert.equal((await admin.get(`/awards/${slug}/edit`)).status, 303);
    const nomination = await t.db.selectFrom('award_nominations').select('id').where('round_id', '=', roundId).where('withdrawn_at', 'is', null).executeTakeFirstOrThrow();
    assert.equal((await admin.get(`/awards/${slug}/nominations/${nomination.id}/withdraw`)).status, 303);
    assert.equal((await ada.client.get(`/awards/${slug}/vote`)).status, 303);
  });
});

describe('awards rounds before nominations open', () => {
  let t: TestHub;
  let admin: TestClient;
  before(async () => {
    t = await startTestHub({ env: { RATE_LIMITS: 'off' } });
    admin = await setUpHub(t.app);
  });
  after(() => t.close());

  test('everything can change until nominations open; names with markup are shown as typed', async () => {
    const name = '<script>alert("x")</script> & Friends Awards';
    const created = await admin.postForm('/awards/new', roundFields({ name, voteWeight: 100, criteria: [] }));
    assert.equal(created.status, 303, problems(created));
    const slug = created.location!.slice('/awards/'.length);
    assert.equal(slug, 'script-alert-x-script-and-friends-awards');
    const page = await admin.get(created.location!);
    assert.doesNotMatch(page.body, /<script>alert/);
    assert.match(page.body, /<h1>&lt;script>alert\(&#34;x&#34;\)&lt;\/script> &amp; Friends Awards<\/h1>/);
    assert.match(textOf(page.body), /This round has no panel: members’ votes decide\./);

    const edit = await admin.get(`${created.location}/edit`);
    assert.match(edit.body, /name="voteWeight"/, 'the method can still change');
    const fields = { ...roundFields({ name: 'Spring Awards', panel: [], voteWeight: 50, categories: [['Best newcomer', 'New this year.']] }), panel: 'ada-admin' };
    const saved = await admin.postForm(`${created.location}/edit`, fields);
    assert.equal(saved.status, 303, problems(saved));
    const round = await t.db.selectFrom('award_rounds').select(['id', 'name', 'vote_weight', 'panel_weight']).where('slug', '=', slug).executeTakeFirstOrThrow();
    assert.deepEqual([round.name, round.vote_weight, round.panel_weight], ['Spring Awards', 50, 50]);
    const categories = await t.db.selectFrom('award_categories').select('name').where('round_id', '=', round.id).execute();
    assert.deepEqual(
      categories.map((c) => c.name),
      ['Best newcomer'],
    );
    assert.equal((await t.db.selectFrom('award_criteria').select('id').where('round_id', '=', round.id).execute()).length, 3);
    assert.equal((await t.db.selectFrom('award_panellists').select('user_id').where('round_id', '=', round.id).execute()).length, 1);
  });
});

describe('awards writes are rate limited', () => {
  let t: TestHub;
  before(async () => {
    t = await startTestHub();
  });
  after(() => t.close());

  test('a member voting over and over is stopped', async () => {
    const admin = await setUpHub(t.app);
    const voter = await member(t, 'Vic Voter', 'vic@example.org');
    const pitch = await publishPitch(voter.client, 'Repair cafe');
    assert.equal((await admin.postForm('/awards/new', roundFields({ panel: [voter.handle] }))).status, 303);
    const round = await t.db.selectFrom('award_rounds').select('id').executeTakeFirstOrThrow();
    const category = await t.db.selectFrom('award_categories').select('id').where('round_id', '=', round.id).orderBy('position').executeTakeFirstOrThrow();
    await setPhase(t.db, round.id, 'nominating');
    assert.equal((await voter.client.postForm('/awards/community-innovation-awards/nominate', { category: String(category.id), address: `/pitches/${pitch.slug}`, reason: 'Fixes things.' })).status, 303);
    await setPhase(t.db, round.id, 'voting');
    const nomination = await t.db.selectFrom('award_nominations').select('id').executeTakeFirstOrThrow();
    const token = (await voter.client.get('/awards/community-innovation-awards/vote')).body.match(/name="_csrf" value="([^"]+)"/)![1]!;
    const statuses: number[] = [];
    for (let i = 0; i < 62; i++) {
      const response = await voter.client.postForm('/awards/community-innovation-awards/vote', { _csrf: token, category: String(category.id), [`nominee-${category.id}`]: String(nomination.id) });
      statuses.push(response.status);
    }
    assert.equal(statuses.filter((s) => s === 303).length, 60);
    assert.equal(statuses.at(-1), 429);
  });
});

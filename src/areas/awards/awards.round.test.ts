/**
 * A whole awards round through the hub's own forms: six nominees in two categories, fifteen
 * members voting (one changing their mind), three panellists scoring, one of whom declares a
 * conflict of interest and two of whom have one the hub finds (a pitch's team, a pitch's
 * organisation). The result is then worked out again here, from the raw rows in the database with
 * this file's own arithmetic, and compared with the results page, its JSON and its CSV.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import { TestClient, type TestResponse } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { createAccount } from '../accounts/accounts.commands.ts';
import { roundFields, setPhase } from './awards.fixtures.ts';
import { resultsSchema } from './awards.schemas.ts';

const password = 'a long enough password';

interface Member {
  id: number;
  handle: string;
  name: string;
  client: TestClient;
}

async function member(t: TestHub, name: string): Promise<Member> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}@example.org`;
  const created = await createAccount(t.db, { name, email, password, verified: true });
  assert.ok(created.ok, `creating ${email}`);
  const client = new TestClient(t.app);
  await client.signIn(email, password);
  return { id: created.userId, handle: created.handle, name, client };
}

function textOf(body: string) {
  return body
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

function ok(response: TestResponse, what: string, status = 303) {
  const problem = /There is a problem[\s\S]*?<\/ul>/.exec(response.body)?.[0].replace(/<[^>]+>/g, ' ') ?? textOf(response.body).slice(0, 300);
  assert.equal(response.status, status, `${what}: ${problem}`);
}

async function publishPitch(client: TestClient, title: string, extra: Record<string, string | string[]> = {}): Promise<{ slug: string; id: number }> {
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
  ok(response, `publishing ${title}`);
  const slug = response.location!.slice('/pitches/'.length);
  return { slug, id: 0 };
}

/** What this test expects for one nominee, from its own arithmetic. */
interface Expected {
  nominationId: number;
  title: string;
  votes: number;
  voteShare: number;
  panelScore: number | null;
  combined: number;
  counted: number;
  conflicts: number;
}

describe('a whole awards round, recomputed independently', () => {
  let t: TestHub;
  let admin: TestClient;
  let pam: Member; // on the team of the first Impact nominee: a conflict the hub finds
  let pete: Member; // declares a conflict with the third Data nominee
  let priya: Member; // belongs to the organisation of the first Data nominee: a conflict the hub finds
  let alice: Member;
  let olga: Member;
  let ravi: Member;
  const voters: Member[] = [];
  const slug = 'community-innovation-awards';
  let roundId = 0;
  const pitches: Record<string, { slug: string }> = {};
  const nominations: Record<string, number> = {};
  let impactId = 0;
  let dataId = 0;

  before(async () => {
    t = await startTestHub({ env: { RATE_LIMITS: 'off' } });
    admin = await setUpHub(t.app);
    pam = await member(t, 'Pam Panel');
    pete = await member(t, 'Pete Panel');
    priya = await member(t, 'Priya Panel');
    alice = await member(t, 'Alice Author');
    olga = await member(t, 'Olga Organiser');
    ravi = await member(t, 'Ravi Runner');
    for (let i = 1; i <= 15; i++) voters.push(await member(t, `Voter ${String(i).padStart(2, '0')}`));

    // Pitches. Pam joins the team of Alice's fridge; Priya joins Olga's organisation, which the
    // bus-data pitch names.
    pitches.fridge = await publishPitch(alice.client, 'Community fridge');
    ok(await alice.client.postForm(`/pitches/${pitches.fridge.slug}/team`, { handle: pam.handle, role: 'Volunteer coordinator' }), 'adding Pam to the team');
    pitches.repair = await publishPitch(ravi.client, 'Repair cafe');
    pitches.garden = await publishPitch(ravi.client, 'Pocket garden');
    const organisation = await olga.client.postForm('/organisations/new', { name: 'Open Data Leeds', type: 'charity', description: 'Open data for all.' }, { csrfFrom: '/organisations/new' });
    ok(organisation, 'making the organisation');
    const orgSlug = organisation.location!.slice('/organisations/'.length);
    ok(await priya.client.postForm(`/organisations/${orgSlug}/join`, { message: 'I help with the maps.' }, { csrfFrom: `/organisations/${orgSlug}` }), 'Priya asking to join');
    ok(await olga.client.postForm(`/organisations/${orgSlug}/members/${priya.handle}/approve`, {}, { csrfFrom: `/organisations/${orgSlug}` }), 'Olga approving Priya');
    const orgId = (await t.db.selectFrom('organisations').select('id').where('slug', '=', orgSlug).executeTakeFirstOrThrow()).id;
    pitches.buses = await publishPitch(olga.client, 'Live bus data', { organisations: String(orgId) });
    pitches.bins = await publishPitch(ravi.client, 'Bin day reminders');
    pitches.trees = await publishPitch(alice.client, 'Street tree map');
  });
  after(() => t.close());

  test('the round is opened, nominated, voted on and scored through the forms', async () => {
    ok(await admin.postForm('/awards/new', roundFields({ panel: [pam.handle, pete.handle, priya.handle] })), 'opening the round');
    roundId = (await t.db.selectFrom('award_rounds').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
    const categories = await t.db.selectFrom('award_categories').select(['id', 'name']).where('round_id', '=', roundId).orderBy('position').execute();
    impactId = categories[0]!.id;
    dataId = categories[1]!.id;

    await setPhase(t.db, roundId, 'nominating');
    const nominate = async (key: string, who: Member, category: number, pitch: string) => {
      const response = await who.client.postForm(`/awards/${slug}/nominate`, { category: String(category), address: `${t.baseUrl}/pitches/${pitches[pitch]!.slug}`, reason: `Because ${pitch} matters.` });
      ok(response, `nominating ${key}`);
      nominations[key] = Number(/\/nominations\/(\d+)$/.exec(response.location!)![1]);
    };
    await nominate('A1', voters[0]!, impactId, 'fridge');
    await nominate('A2', voters[1]!, impactId, 'repair');
    await nominate('A3', voters[2]!, impactId, 'garden');
    await nominate('B1', voters[3]!, dataId, 'buses');
    await nominate('B2', voters[4]!, dataId, 'bins');
    await nominate('B3', voters[5]!, dataId, 'trees');
    // The repair cafe in a second category: a nomination of its own.
    await nominate('B4', voters[6]!, dataId, 'repair');
    // A second nomination of the fridge in Impact only adds a reason.
    const again = await voters[7]!.client.postForm(`/awards/${slug}/nominate`, { category: String(impactId), address: `/pitches/${pitches.fridge!.slug}`, reason: 'Seconded.' });
    ok(again, 'seconding the fridge');
    assert.equal(Number(/\/nominations\/(\d+)$/.exec(again.location!)![1]), nominations.A1);
    assert.equal((await t.db.selectFrom('award_nominations').select('id').where('round_id', '=', roundId).execute()).length, 7);

    await setPhase(t.db, roundId, 'voting');
    const vote = async (who: Member, category: number, key: string) =>
      ok(await who.client.postForm(`/awards/${slug}/vote`, { category: String(category), [`nominee-${category}`]: String(nominations[key]) }), `${who.name} voting for ${key}`);
    // Impact: A1 × 6, A2 × 4, A3 × 4; Voter 15 does not vote. Voter 01 first votes A2, then changes.
    await vote(voters[0]!, impactId, 'A2');
    for (let i = 0; i < 6; i++) await vote(voters[i]!, impactId, 'A1');
    for (let i = 6; i < 10; i++) await vote(voters[i]!, impactId, 'A2');
    for (let i = 10; i < 14; i++) await vote(voters[i]!, impactId, 'A3');
    // Data: B1 × 5, B2 × 3, B3 × 4, B4 × 3.
    for (let i = 0; i < 5; i++) await vote(voters[i]!, dataId, 'B1');
    for (let i = 5; i < 8; i++) await vote(voters[i]!, dataId, 'B2');
    for (let i = 8; i < 12; i++) await vote(voters[i]!, dataId, 'B3');
    for (let i = 12; i < 15; i++) await vote(voters[i]!, dataId, 'B4');
    assert.match(textOf((await voters[0]!.client.get(`/awards/${slug}/vote`)).body), /Your vote: Community fridge\./);

    // The panel. Scores are [Impact, Evidence, Reach] (weights 3, 2, 1).
    const criteria = await t.db.selectFrom('award_criteria').select('id').where('round_id', '=', roundId).orderBy('position').execute();
    const score = async (who: Member, key: string, values: [number, number, number]) => {
      const page = `/awards/${slug}/panel/${nominations[key]}`;
      ok(await who.client.postForm(`${page}/declare`, { conflict: 'none', note: '' }, { csrfFrom: page }), `${who.name} declaring on ${key}`);
      const fields = Object.fromEntries(criteria.map((c, index) => [`criterion-${c.id}`, String(values[index])]));
      ok(await who.client.postForm(`${page}/scores`, fields, { csrfFrom: page }), `${who.name} scoring ${key}`);
    };
    // A2 and A3 get the same votes and the same scores: a tie, decided by which was nominated first.
    for (const key of ['A2', 'A3']) await score(pam, key, [7, 6, 5]);
    await score(pam, 'B1', [8, 7, 6]);
    await score(pam, 'B2', [5, 5, 5]);
    await score(pam, 'B3', [9, 8, 7]);
    await score(pam, 'B4', [6, 6, 6]);
    await score(pete, 'A1', [9, 8, 7]);
    for (const key of ['A2', 'A3']) await score(pete, key, [6, 7, 8]);
    await score(pete, 'B1', [7, 7, 7]);
    await score(pete, 'B2', [6, 5, 4]);
    await score(pete, 'B4', [5, 5, 5]);
    await score(priya, 'A1', [8, 8, 8]);
    for (const key of ['A2', 'A3']) await score(priya, key, [5, 5, 5]);
    await score(priya, 'B2', [7, 6, 5]);
    await score(priya, 'B3', [8, 8, 8]);
    await score(priya, 'B4', [4, 4, 4]);
    // A panellist changes a score before scoring closes: the later one counts.
    await score(priya, 'B4', [4, 5, 4]);
  });

  test('a conflict declared or found keeps the panellist from scoring: the form does not offer it and a forged post is refused', async () => {
    const criteria = await t.db.selectFrom('award_criteria').select('id').where('round_id', '=', roundId).orderBy('position').execute();
    const allTens = Object.fromEntries(criteria.map((c) => [`criterion-${c.id}`, '10']));

    // Pete declares a conflict with the street tree map, through the form, saying what it is.
    const treePage = `/awards/${slug}/panel/${nominations.B3}`;
    const form = await pete.client.get(treePage);
    assert.match(textOf(form.body), /Do you have a conflict of interest with this nominee\?/);
    ok(await pete.client.postForm(`${treePage}/declare`, { conflict: 'conflict', note: 'I advise the tree map project.' }), 'Pete declaring a conflict');
    const after = await pete.client.get(treePage);
    assert.match(textOf(after.body), /You cannot score this nominee/);
    assert.doesNotMatch(after.body, /name="criterion-/, 'no score form');
    assert.doesNotMatch(after.body, /action="[^"]*\/declare"/, 'no second declaration');
    const panel = await pete.client.get(`/awards/${slug}/panel`);
    assert.doesNotMatch(panel.body, new RegExp(`href="${treePage}"`), 'the list does not link to it');
    assert.match(textOf(panel.body), /Street tree map You declared a conflict of interest/);
    const forged = await pete.client.postForm(`${treePage}/scores`, allTens, { csrfFrom: `/awards/${slug}/panel` });
    assert.equal(forged.status, 403);
    assert.match(textOf(forged.body), /You cannot score this nominee/);
    assert.match(textOf(forged.body), /You declared a conflict of interest with this nominee/);
    const undo = await pete.client.postForm(`${treePage}/declare`, { conflict: 'none' }, { csrfFrom: `/awards/${slug}/panel` });
    assert.equal(undo.status, 403, 'a declared conflict cannot be taken back');

    // Conflicts the hub finds: Pam on the fridge's team, Priya in the organisation behind the bus data.
    for (const [who, key, reason] of [
      [pam, 'A1', /You are on this pitch’s team/],
      [priya, 'B1', /You belong to one of the organisations behind it/],
    ] as const) {
      const page = `/awards/${slug}/panel/${nominations[key]}`;
      const list = await who.client.get(`/awards/${slug}/panel`);
      assert.doesNotMatch(list.body, new RegExp(`href="${page}"`), `${who.name} is not offered ${key}`);
      assert.match(textOf(list.body), reason);
      const shown = await who.client.get(page);
      assert.doesNotMatch(shown.body, /name="criterion-|name="conflict"/, 'neither a declaration nor a score form');
      const declared = await who.client.postForm(`${page}/declare`, { conflict: 'none' }, { csrfFrom: `/awards/${slug}/panel` });
      assert.equal(declared.status, 403, `${who.name} cannot declare the conflict away`);
      const scored = await who.client.postForm(`${page}/scores`, allTens, { csrfFrom: `/awards/${slug}/panel` });
      assert.equal(scored.status, 403);
      assert.match(textOf(scored.body), /on this nominee’s team or belong to one of the organisations behind it/);
    }
    const conflicted = await t.db
      .selectFrom('award_scores')
      .select('user_id')
      .where((eb) =>
        eb.or([
          eb.and([eb('nomination_id', '=', nominations.A1!), eb('user_id', '=', pam.id)]),
          eb.and([eb('nomination_id', '=', nominations.B1!), eb('user_id', '=', priya.id)]),
          eb.and([eb('nomination_id', '=', nominations.B3!), eb('user_id', '=', pete.id)]),
        ]),
      )
      .execute();
    assert.deepEqual(conflicted, [], 'no score was stored from a panellist with a conflict');

    // Panellists see only their own scores until the results.
    const own = await pam.client.get(`/awards/${slug}/panel`);
    assert.match(textOf(own.body), /Repair cafe Scored: your weighted average is 6\.33 out of 10\./);
    assert.doesNotMatch(textOf(own.body), /7\.00|8\.00/, 'nobody else’s averages');
    const ownForm = await pam.client.get(`/awards/${slug}/panel/${nominations.A2}`);
    assert.match(ownForm.body, /<option value="7" selected/);
  });

  test('the published results match a recomputation from the raw rows, on the page, in JSON and in CSV', async () => {
    await setPhase(t.db, roundId, 'counting');
    ok(await admin.postForm(`/awards/${slug}/publish`, {}, { csrfFrom: `/awards/${slug}` }), 'publishing');

    // ---- The raw rows, read straight from the tables. ----
    const round = await t.db.selectFrom('award_rounds').select(['vote_weight', 'panel_weight']).where('id', '=', roundId).executeTakeFirstOrThrow();
    const criteria = await t.db.selectFrom('award_criteria').select(['id', 'weight']).where('round_id', '=', roundId).execute();
    const panel = (await t.db.selectFrom('award_panellists').select('user_id').where('round_id', '=', roundId).execute()).map((r) => r.user_id);
    const noms = await t.db
      .selectFrom('award_nominations')
      .innerJoin('pitches', 'pitches.id', 'award_nominations.subject_id')
      .select(['award_nominations.id', 'award_nominations.category_id', 'award_nominations.subject_id', 'pitches.title'])
      .where('award_nominations.round_id', '=', roundId)
      .where('award_nominations.withdrawn_at', 'is', null)
      .execute();
    const voteRows = await t.db.selectFrom('award_votes').select(['nomination_id', 'category_id', 'user_id']).where('round_id', '=', roundId).execute();
    const declared = await t.db.selectFrom('award_declarations').select(['nomination_id', 'user_id']).where('conflict', '=', true).execute();
    const team = await t.db.selectFrom('pitch_team').select(['pitch_id', 'user_id']).execute();
    const orgMembers = await t.db
      .selectFrom('pitch_organisations')
      .innerJoin('organisation_members', 'organisation_members.organisation_id', 'pitch_organisations.organisation_id')
      .select(['pitch_organisations.pitch_id', 'organisation_members.user_id'])
      .where('organisation_members.status', '=', 'active')
      .execute();
    const scoreRows = await t.db.selectFrom('award_scores').select(['nomination_id', 'user_id', 'criterion_id', 'score']).execute();
    assert.equal(voteRows.length, 29, '14 votes in Impact and 15 in Data');
    assert.equal(new Set(voteRows.map((v) => `${v.category_id}:${v.user_id}`)).size, voteRows.length, 'one vote per member per category');

    // ---- This test's own arithmetic. ----
    const weightTotal = criteria.reduce((sum, c) => sum + c.weight, 0);
    const expected = new Map<number, Expected>();
    for (const nomination of noms) {
      const votes = voteRows.filter((v) => v.nomination_id === nomination.id).length;
      const categoryVotes = voteRows.filter((v) => v.category_id === nomination.category_id).length;
      const isConflicted = (userId: number) =>
        declared.some((d) => d.nomination_id === nomination.id && d.user_id === userId) ||
        team.some((m) => m.pitch_id === nomination.subject_id && m.user_id === userId) ||
        orgMembers.some((m) => m.pitch_id === nomination.subject_id && m.user_id === userId);
      const averages: number[] = [];
      let conflicts = 0;
      for (const userId of panel) {
        if (isConflicted(userId)) {
          conflicts++;
          continue;
        }
        const mine = scoreRows.filter((s) => s.nomination_id === nomination.id && s.user_id === userId);
        if (!criteria.every((c) => mine.some((s) => s.criterion_id === c.id))) continue;
        let sum = 0;
        for (const c of criteria) sum += c.weight * mine.find((s) => s.criterion_id === c.id)!.score;
        averages.push(sum / weightTotal);
      }
      const panelScore = averages.length === 0 ? null : averages.reduce((a, b) => a + b, 0) / averages.length / 10;
      const voteShare = categoryVotes === 0 ? 0 : votes / categoryVotes;
      expected.set(nomination.id, {
        nominationId: nomination.id,
        title: nomination.title,
        votes,
        voteShare,
        panelScore,
        combined: (round.vote_weight / 100) * voteShare + (round.panel_weight / 100) * (panelScore ?? 0),
        counted: averages.length,
        conflicts,
      });
    }
    // Ranking: combined score, then panel score, then votes, then the earlier nomination.
    const near = (a: number, b: number) => Math.abs(a - b) < 1e-9;
    const order = (category: number) =>
      noms
        .filter((n) => n.category_id === category)
        .map((n) => expected.get(n.id)!)
        .sort((a, b) => {
          if (!near(a.combined, b.combined)) return b.combined - a.combined;
          if (!near(a.panelScore ?? 0, b.panelScore ?? 0)) return (b.panelScore ?? 0) - (a.panelScore ?? 0);
          if (a.votes !== b.votes) return b.votes - a.votes;
          return a.nominationId - b.nominationId;
        });

    // A few of these by hand, so the arithmetic above is itself checked: the fridge is scored by
    // Pete (9,8,7 → 50/6) and Priya (8 → 8) only, and has 6 of 14 votes.
    const fridge = expected.get(nominations.A1!)!;
    assert.equal(fridge.counted, 2);
    assert.equal(fridge.conflicts, 1);
    assert.ok(near(fridge.panelScore!, (50 / 6 + 8) / 2 / 10));
    assert.ok(near(fridge.combined, 0.4 * (6 / 14) + 0.6 * ((50 / 6 + 8) / 20)));
    assert.equal(expected.get(nominations.B1!)!.conflicts, 1);
    assert.equal(expected.get(nominations.B3!)!.conflicts, 1);
    assert.ok(near(expected.get(nominations.A2!)!.combined, expected.get(nominations.A3!)!.combined), 'A2 and A3 are level');

    // ---- The JSON. ----
    const json = resultsSchema.parse((await new TestClient(t.app).get(`/awards/${slug}/results.json`)).json());
    assert.equal(json.published, true);
    assert.equal(json.panelSize, 3);
    for (const [categoryId, name] of [
      [impactId, 'Community impact'],
      [dataId, 'Best use of open data'],
    ] as const) {
      const category = json.categories.find((c) => c.id === categoryId)!;
      assert.equal(category.name, name);
      const want = order(categoryId);
      assert.deepEqual(
        category.nominees.map((n) => n.nominationId),
        want.map((w) => w.nominationId),
        `the order in ${name}`,
      );
      assert.equal(category.totalVotes, want.reduce((sum, w) => sum + w.votes, 0));
      category.nominees.forEach((n, index) => {
        const w = want[index]!;
        assert.equal(n.rank, index + 1);
        assert.equal(n.winner, index === 0);
        assert.equal(n.title, w.title);
        assert.equal(n.votes, w.votes);
        assert.ok(Math.abs(n.voteShare - w.voteShare) < 1e-6, `${w.title} vote share ${n.voteShare} vs ${w.voteShare}`);
        assert.ok(n.panelScore !== null && w.panelScore !== null && Math.abs(n.panelScore - w.panelScore) < 1e-6, `${w.title} panel score ${n.panelScore} vs ${w.panelScore}`);
        assert.ok(Math.abs(n.combinedScore - w.combined) < 1e-6, `${w.title} combined ${n.combinedScore} vs ${w.combined}`);
        assert.equal(n.panellistsCounted, w.counted);
        assert.equal(n.conflicts, w.conflicts);
        assert.equal(n.panellistScores.filter((p) => p.status === 'conflict').length, w.conflicts);
      });
    }
    const impact = json.categories.find((c) => c.id === impactId)!;
    const repair = impact.nominees.find((n) => n.nominationId === nominations.A2)!;
    assert.match(repair.tieBreak ?? '', /Repair cafe has the same combined score, panel score and votes as Pocket garden and comes first because it was nominated first\./);
    assert.ok(impact.nominees.indexOf(repair) < impact.nominees.findIndex((n) => n.nominationId === nominations.A3));
    // Panellists are numbers, never names.
    assert.doesNotMatch(JSON.stringify(json), /Pam|Pete|Priya|panel-/);

    // ---- The page. ----
    const page = await new TestClient(t.app).get(`/awards/${slug}/results`);
    assert.equal(page.status, 200);
    const text = textOf(page.body);
    assert.match(text, /Combined score = 40% × vote share \+ 60% × panel score\./);
    const winner = (category: number) => order(category)[0]!.title;
    assert.match(text, new RegExp(`Community impact: ${winner(impactId)}`));
    assert.match(text, new RegExp(`Best use of open data: ${winner(dataId)}`));
    for (const w of expected.values()) {
      const row = new RegExp(`${w.title} ${w.votes} ${(w.voteShare * 100).toFixed(1)}% ${w.panelScore!.toFixed(3)} ${w.combined.toFixed(3)} ${w.counted} ${w.conflicts}`);
      assert.match(text, row, `the row of ${w.title}`);
    }
    assert.match(text, /Repair cafe has the same combined score, panel score and votes as Pocket garden and comes first because it was nominated first\./);
    assert.match(page.body, /<svg[^>]*role="img"[^>]*aria-labelledby="chart-\d+-title chart-\d+-desc"/);
    assert.match(text, /Panellist 1 Panellist 2 Panellist 3/);
    assert.doesNotMatch(text, /Pam Panel|Pete Panel|Priya Panel/);

    // ---- The CSV. ----
    const csv = parseCsv((await new TestClient(t.app).get(`/awards/${slug}/results.csv`)).body, { columns: true }) as Record<string, string>[];
    assert.equal(csv.length, 7);
    for (const row of csv) {
      const w = [...expected.values()].find((e) => e.title === row.nominee && (row.category === 'Community impact') === (noms.find((n) => n.id === e.nominationId)!.category_id === impactId))!;
      assert.ok(w, `a row for ${row.nominee} in ${row.category}`);
      assert.equal(Number(row.votes), w.votes);
      assert.ok(Math.abs(Number(row.combined_score) - w.combined) < 1e-6);
      assert.ok(Math.abs(Number(row.panel_score) - w.panelScore!) < 1e-6);
      assert.equal(Number(row.conflicts), w.conflicts);
    }
  });
});

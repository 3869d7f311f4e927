/**
 * Sessions of an event: proposals and their refusals, votes (one per person per session, a limit
 * the hosts may set, counts that stay right when votes race), editing, withdrawing, merging and
 * declining, closing proposals; the schedule (rooms, time slots in the event's zone, "fill from
 * votes", moves and refused clashes) as a page, JSON, CSV and iCalendar; notes as knowledge pages,
 * outcomes, and what came of an event, each shown only to those who may see it.
 */
import { TestClient } from '../../test/http.ts';
import { conferenceFields, expect, settings, signedInMember, textOf, year, type Member } from './events.fixtures.ts';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { fillFromVotes, leaderClashes } from './sessions.schedule.ts';
import { scheduleSchema, sessionListSchema } from './sessions.schemas.ts';
import { eventSchema } from './events.schemas.ts';


function sessionFields(extra: Record<string, string> = {}): Record<string, string> {
  return { title: 'Mapping empty shops', description: 'Which shops are empty, and what could go in them.', leader: '', format: 'discussion', ...extra };
}

describe('sessions of an event', () => {
  let t: TestHub;
  let hana: Member;
  const people: Member[] = [];
  let otto: Member;
  let visitor: TestClient;
  let slug = '';
  let path = '';
  const ids: Record<string, number> = {};

  const member = (name: string) => signedInMember(t, name);

  async function propose(who: Member, fields: Record<string, string>): Promise<number> {
    const response = expect(await who.client.postForm(`${path}/sessions/new`, sessionFields(fields)), 303, `proposing ${fields.title}`);
    const id = Number(/\/sessions\/(\d+)$/.exec(response.location ?? '')?.[1]);
    assert.ok(id > 0);
    await who.client.get(response.location!);
    return id;
  }

  const vote = (who: Member, id: number) => who.client.postForm(`${path}/sessions/${id}/vote`, {}, { csrfFrom: `${path}/sessions` });
  const unvote = (who: Member, id: number) => who.client.postForm(`${path}/sessions/${id}/unvote`, {}, { csrfFrom: `${path}/sessions` });
  const count = async (id: number) => (await t.db.selectFrom('event_sessions').select('vote_count').where('id', '=', id).executeTakeFirstOrThrow()).vote_count;
  const rows = async (id: number) =>
    Number((await t.db.selectFrom('event_session_votes').select((eb) => eb.fn.countAll<number>().as('n')).where('session_id', '=', id).executeTakeFirstOrThrow()).n);

  before(async () => {
    t = await startTestHub({ env: { RATE_LIMITS: 'off' } });
    await setUpHub(t.app);
    hana = await member('Hana Host');
    for (const name of ['Ada Attendee', 'Ben Attendee', 'Cat Attendee', 'Dev Attendee', 'Eve Attendee']) people.push(await member(name));
    otto = await member('Otto Outsider');
    visitor = new TestClient(t.app);
    const created = expect(await hana.client.postForm('/events/new', conferenceFields()), 303, 'adding the conference');
    path = created.location!;
    slug = path.slice('/events/'.length);
    for (const person of people) expect(await person.client.postForm(`${path}/attend`, {}, settings), 303, `${person.name} going`);
  });
  after(() => t.close());

  test('an open conference takes proposals from those going; others are told why they cannot', async () => {
    const page = textOf((await visitor.get(path)).body);
    assert.match(page, /No sessions have been proposed yet\./);
    const list = expect(await visitor.get(`${path}/sessions`), 200, 'the list for a visitor');
    assert.match(textOf(list.body), /Sign in and say you are going to propose sessions and vote\./);
    assert.doesNotMatch(list.body, /action="[^"]*\/vote"/);

    const outsider = expect(await otto.client.get(`${path}/sessions/new`), 403, 'the form for someone not going');
    assert.match(textOf(outsider.body), /Only people going to the event, and its hosts, propose sessions and vote/);
    expect(await otto.client.postForm(`${path}/sessions/new`, sessionFields(), { csrfFrom: `${path}/sessions` }), 403, 'proposing without going');
    expect(await visitor.get(`${path}/sessions/new`), 302, 'the form for a visitor');

    const cases: [Record<string, string>, string, string][] = [
      [{ title: '' }, 'title', 'Enter a name for the session.'],
      [{ title: 'x'.repeat(121) }, 'title', 'use at most 120 characters'],
      [{ description: 'x'.repeat(2001) }, 'description', 'use at most 2000 characters'],
      [{ leader: 'x'.repeat(121) }, 'leader', 'use at most 120 characters'],
      [{ format: 'rave' }, 'format', 'Choose what kind of session it is.'],
    ];
    const ada = people[0]!;
    for (const [extra, field, message] of cases) {
      const response = expect(await ada.client.postForm(`${path}/sessions/new`, sessionFields({ description: 'Kept words 5520', ...extra })), 400, JSON.stringify(extra).slice(0, 60));
      assert.match(response.body, /class="error-summary"/);
      assert.match(response.body, new RegExp(`href="#field-${field}"`));
      assert.ok(textOf(response.body).includes(message), `${field}: ${message}`);
      if (!extra.description) assert.match(response.body, /Kept words 5520/);
    }
    assert.equal((await t.db.selectFrom('event_sessions').select('id').execute()).length, 0, 'nothing was saved');

    ids.shops = await propose(ada, { title: 'Mapping empty shops' });
    const saved = await t.db.selectFrom('event_sessions').selectAll().where('id', '=', ids.shops).executeTakeFirstOrThrow();
    assert.equal(saved.leader, 'Ada Attendee', 'an empty leader is the proposer');
    ids.buses = await propose(people[1]!, { title: 'Bus data clinic', leader: 'Ben and Cat', format: 'workshop' });
    ids.bins = await propose(people[2]!, { title: 'Bin collection dashboards', format: 'demo', leader: 'Cat Attendee' });
    ids.trees = await propose(people[3]!, { title: 'Street trees', format: 'talk', leader: 'Cat Attendee' });
    ids.hosts = await propose(hana, { title: 'Welcome and planning', format: 'talk' });
    assert.match(textOf((await visitor.get(path)).body), /5 sessions have been proposed\./);
  });

  test('votes: one per person per session, taken back, counted once however they race, and sorted by', async () => {
    const [ada, ben, cat, dev, eve] = people as [Member, Member, Member, Member, Member];
    expect(await vote(ada, ids.bins!), 303, 'voting');
    const again = expect(await vote(ada, ids.bins!), 303, 'voting twice');
    assert.match(textOf((await ada.client.get(again.location!)).body), /You have already voted for “Bin collection dashboards”/);
    assert.equal(await count(ids.bins!), 1);

    // Ten votes from one person, and one from each of the others, all at once.
    await Promise.all([...Array.from({ length: 10 }, () => vote(ben, ids.bins!)), vote(cat, ids.bins!), vote(dev, ids.bins!), vote(eve, ids.bins!), vote(hana, ids.bins!)]);
    assert.equal(await count(ids.bins!), 6);
    assert.equal(await rows(ids.bins!), 6);

    for (const who of [ada, ben, cat]) expect(await vote(who, ids.buses!), 303, 'voting for buses');
    expect(await vote(dev, ids.shops!), 303, 'voting for shops');
    expect(await unvote(ada, ids.buses!), 303, 'taking a vote back');
    expect(await unvote(ada, ids.buses!), 303, 'taking it back twice');
    assert.equal(await count(ids.buses!), 2);
    expect(await vote(otto, ids.bins!), 303, 'someone not going');
    assert.equal(await count(ids.bins!), 6, 'someone not going cannot vote');
    expect(await visitor.postForm(`${path}/sessions/${ids.bins}/vote`, {}, { csrfFrom: '/sign-in' }), 302, 'a visitor');

    const page = textOf((await dev.client.get(`${path}/sessions`)).body);
    const list = page.slice(page.indexOf('Proposed sessions'));
    const order = ['Bin collection dashboards', 'Bus data clinic', 'Mapping empty shops', 'Street trees', 'Welcome and planning'].map((title) => list.indexOf(title));
    assert.deepEqual([...order].sort((a, b) => a - b), order, 'most voted first, then the first proposed');
    assert.match(list, /Bin collection dashboards Demonstration · Led by Cat Attendee/);
    assert.match(list, /6 votes · you voted for it/);
    assert.match(page, /You can vote for as many sessions as you like\./);

    const json = sessionListSchema.parse((await dev.client.get(`${path}/sessions.json`)).json());
    assert.deepEqual(
      json.sessions.map((s) => [s.title, s.votes, s.youVoted]),
      [
        ['Bin collection dashboards', 6, true],
        ['Bus data clinic', 2, false],
        ['Mapping empty shops', 1, true],
        ['Street trees', 0, false],
        ['Welcome and planning', 0, false],
      ],
    );
    assert.equal(json.yourVotes, 2);
    const csv = parseCsv((await visitor.get(`${path}/sessions.csv`)).body, { columns: true }) as Record<string, string>[];
    assert.deepEqual(
      csv.map((row) => [row.title, row.votes]),
      json.sessions.map((s) => [s.title, String(s.votes)]),
    );
  });

  test('a vote limit the hosts set holds, even for votes sent at once', async () => {
    const eve = people[4]!;
    expect(await people[0]!.client.get(`${path}/sessions/settings`), 403, 'settings for someone not hosting');
    const bad = expect(await hana.client.postForm(`${path}/sessions/settings`, { enabled: 'yes', proposals: 'open', voteLimit: 'lots' }), 400, 'a bad limit');
    assert.match(textOf(bad.body), /Enter a whole number from 1 to 50/);
    assert.match(bad.body, /name="voteLimit"[^>]*value="lots"/);
    expect(await hana.client.postForm(`${path}/sessions/settings`, { enabled: 'yes', proposals: 'open', voteLimit: '2' }), 303, 'a limit of 2');
    // Eve has one vote (bins); two more sent at once: only one may count.
    const answers = await Promise.all([vote(eve, ids.trees!), vote(eve, ids.hosts!), vote(eve, ids.shops!)]);
    assert.ok(answers.every((a) => a.status === 303));
    const cast = await t.db.selectFrom('event_session_votes').select('session_id').where('user_id', '=', eve.id).execute();
    assert.equal(cast.length, 2);
    const refused = await vote(eve, ids.buses!);
    assert.match(textOf((await eve.client.get(refused.location!)).body), /You have used all 2 of your votes\./);
    assert.match(textOf((await eve.client.get(`${path}/sessions`)).body), /You have used 2 of your 2 votes\./);
    for (const row of cast) if (row.session_id !== ids.bins) expect(await unvote(eve, row.session_id), 303, 'freeing a vote');
    expect(await hana.client.postForm(`${path}/sessions/settings`, { enabled: 'yes', proposals: 'open', voteLimit: '' }), 303, 'no limit');
    for (const id of [ids.bins!, ids.buses!, ids.shops!, ids.trees!, ids.hosts!]) assert.equal(await count(id), await rows(id), 'counts equal the votes');
  });

  test('proposers change and withdraw their own; hosts change, join and decline any, with a reason', async () => {
    const [ada, ben, cat] = people as [Member, Member, Member];
    expect(await ben.client.get(`${path}/sessions/${ids.shops}/edit`), 403, 'someone else’s proposal');
    expect(await ada.client.postForm(`${path}/sessions/${ids.shops}/edit`, sessionFields({ title: 'Mapping empty shops and offices' })), 303, 'changing my own');
    const kept = expect(await ada.client.postForm(`${path}/sessions/${ids.shops}/edit`, sessionFields({ title: '' })), 400, 'an empty name');
    assert.match(kept.body, /Which shops are empty/);
    expect(await hana.client.postForm(`${path}/sessions/${ids.shops}/edit`, sessionFields({ title: 'Empty shops and offices', leader: 'Ada Attendee' })), 303, 'a host changing it');

    // Join "street trees" (Eve had voted; Dev had not) into "bins" (voted for by everyone): votes move once.
    expect(await people[3]!.client.postForm(`${path}/sessions/${ids.trees}/vote`, {}, { csrfFrom: `${path}/sessions` }), 303, 'dev votes trees');
    assert.equal(await count(ids.trees!), 1);
    expect(await ada.client.get(`${path}/sessions/${ids.trees}/merge`), 403, 'joining is for hosts');
    const noTarget = expect(await hana.client.postForm(`${path}/sessions/${ids.trees}/merge`, { into: '' }), 400, 'no target');
    assert.match(textOf(noTarget.body), /Choose one of the other proposed sessions\./);
    expect(await hana.client.postForm(`${path}/sessions/${ids.trees}/merge`, { into: String(ids.trees) }), 400, 'into itself');
    expect(await hana.client.postForm(`${path}/sessions/${ids.trees}/merge`, { into: String(ids.buses) }), 303, 'joining trees into buses');
    assert.equal(await count(ids.buses!), 3, 'Dev’s vote moved to buses');
    assert.equal(await count(ids.trees!), 0);
    const list = textOf((await visitor.get(`${path}/sessions`)).body);
    assert.match(list, /Joined with other sessions Street trees joined Bus data clinic/);

    const noReason = expect(await hana.client.postForm(`${path}/sessions/${ids.hosts}/decline`, { reason: '' }), 400, 'declining without a reason');
    assert.match(textOf(noReason.body), /Enter why the proposal is declined\./);
    expect(await hana.client.postForm(`${path}/sessions/${ids.bins}/decline`, { reason: 'Covered by the morning keynote 7713.' }), 303, 'declining bins');
    assert.equal(await count(ids.bins!), 0, 'its votes go back');
    assert.equal(await rows(ids.bins!), 0);
    expect(await ben.client.get(`${path}/sessions/${ids.bins}`), 404, 'others do not see a declined proposal');
    assert.doesNotMatch((await ben.client.get(`${path}/sessions.json`)).body, /7713/);
    const own = expect(await cat.client.get(`${path}/sessions/${ids.bins}`), 200, 'its proposer sees it');
    assert.match(textOf(own.body), /The hosts have declined this proposal\. They said: Covered by the morning keynote 7713\./);
    expect(await hana.client.postForm(`${path}/sessions/${ids.bins}/reopen`, {}, { csrfFrom: `${path}/sessions/${ids.bins}` }), 303, 'taking it back');
    for (const who of people) expect(await vote(who, ids.bins!), 303, 'voting again');
    assert.equal(await count(ids.bins!), 5);

    const withdrawn = await propose(ben, { title: 'A mistake' });
    expect(await cat.client.postForm(`${path}/sessions/${withdrawn}/withdraw`, {}, { csrfFrom: `${path}/sessions` }), 403, 'withdrawing someone else’s');
    expect(await ben.client.get(`${path}/sessions/${withdrawn}/withdraw`), 200, 'the confirmation');
    expect(await ben.client.postForm(`${path}/sessions/${withdrawn}/withdraw`, {}), 303, 'withdrawing my own');
    expect(await visitor.get(`${path}/sessions/${withdrawn}`), 404, 'gone');
    for (const bad of ['0', 'abc', '99999999999', '1.json']) expect(await visitor.get(`${path}/sessions/${bad}`), 404, `session ${bad}`);
  });

  test('the schedule: rooms and slots in the event’s zone, filled from votes, moved by hand, clashes refused', async () => {
    expect(await people[0]!.client.get(`${path}/schedule/edit`), 403, 'building is for hosts');
    const edit = `${path}/schedule/edit`;
    const post = (suffix: string, fields: Record<string, string>) => hana.client.postForm(`${path}/schedule/${suffix}`, fields, { csrfFrom: edit });

    const badRoom = expect(await post('rooms', { roomName: 'Banqueting Hall', roomCapacity: 'big' }), 400, 'a room with a bad size');
    assert.match(textOf(badRoom.body), /Enter the number of places as a whole number/);
    assert.match(badRoom.body, /name="roomName"[^>]*value="Banqueting Hall"/);
    expect(await post('rooms', { roomName: 'Committee Room', roomCapacity: '20' }), 303, 'a small room');
    expect(await post('rooms', { roomName: 'Banqueting Hall', roomCapacity: '120' }), 303, 'the large room');
    expect(await post('rooms', { roomName: 'Council Chamber', roomCapacity: '60' }), 303, 'a middle room');
    const same = expect(await post('rooms', { roomName: 'council chamber', roomCapacity: '' }), 400, 'the same name');
    assert.match(textOf(same.body), /There is already a room with that name\./);

    const outside = expect(await post('slots', { slotDate: `${year}-07-15`, slotStart: '09:00', slotEnd: '10:00', slotRepeat: '1' }), 400, 'a slot before the event');
    assert.match(textOf(outside.body), /within the event’s start and end/);
    assert.match(outside.body, /name="slotStart"[^>]*value="09:00"/);
    expect(await post('slots', { slotDate: `${year}-07-15`, slotStart: '10:30', slotEnd: '11:30', slotRepeat: '2' }), 303, 'two slots');
    const overlap = expect(await post('slots', { slotDate: `${year}-07-15`, slotStart: '11:00', slotEnd: '12:00', slotRepeat: '1' }), 400, 'an overlapping slot');
    assert.match(textOf(overlap.body), /overlaps a slot/);
    expect(await post('slots', { slotDate: '15/07/' + year, slotStart: '14:00', slotEnd: '15:00', slotRepeat: 'x' }), 400, 'a bad repeat');
    const slots = await t.db.selectFrom('event_slots').select(['starts_at']).orderBy('starts_at').execute();
    assert.deepEqual(
      slots.map((s) => s.starts_at.toISOString()),
      [`${year}-07-15T09:30:00.000Z`, `${year}-07-15T10:30:00.000Z`],
      'UK summer time: 10:30 BST is 09:30 UTC',
    );

    expect(await post('fill', {}), 303, 'fill from votes');
    const page = expect(await visitor.get(`${path}/schedule`), 200, 'the schedule');
    const json = scheduleSchema.parse((await visitor.get(`${path}/schedule.json`)).json());
    assert.deepEqual(
      json.rooms.map((r) => r.name),
      ['Banqueting Hall', 'Council Chamber', 'Committee Room'],
    );
    const at = (room: string, slotIndex: number) =>
      json.entries.find((e) => e.roomId === json.rooms.find((r) => r.name === room)!.id && e.slotId === json.slots[slotIndex]!.id)?.session.title;
    // Bins 5, buses 3, shops 1, hosts 0 (proposed after shops).
    assert.equal(at('Banqueting Hall', 0), 'Bin collection dashboards');
    assert.equal(at('Council Chamber', 0), 'Bus data clinic');
    assert.equal(at('Committee Room', 0), 'Empty shops and offices');
    assert.equal(at('Banqueting Hall', 1), 'Welcome and planning');
    assert.match(page.body, /<caption id="schedule-caption"[^>]*>Sessions at Open data unconference, by time and room<\/caption>/);
    assert.match(page.body, /<th scope="col"><span>Banqueting Hall<\/span>/);
    assert.match(page.body, /<th scope="row">10:30 to 11:30<\/th>/);
    assert.match(page.body, /role="region"/);

    // Filling again changes nothing; emptying and filling gives the same schedule.
    const before = JSON.stringify(json.entries);
    expect(await post('fill', {}), 303, 'filling again');
    expect(await post('clear', {}), 303, 'emptying');
    expect(await post('fill', {}), 303, 'filling once more');
    assert.equal(JSON.stringify(scheduleSchema.parse((await visitor.get(`${path}/schedule.json`)).json()).entries), before, 'the same input gives the same schedule');

    // Moving by hand: a taken place is refused and the choice kept; a free one is fine.
    const hall = json.rooms.find((r) => r.name === 'Banqueting Hall')!.id;
    const committee = json.rooms.find((r) => r.name === 'Committee Room')!.id;
    const [first, second] = json.slots;
    const taken = expect(await post('place', { session: String(ids.shops), cell: `${hall}:${first!.id}` }), 400, 'a taken place');
    assert.match(textOf(taken.body), /Another session is already there\./);
    assert.match(taken.body, new RegExp(`href="#field-cell-${ids.shops}"`));
    assert.match(taken.body, new RegExp(`<option value="${hall}:${first!.id}" selected`));
    expect(await post('place', { session: String(ids.shops), cell: `${committee}:${second!.id}` }), 303, 'a free place');
    expect(await post('place', { session: String(ids.shops), cell: 'nowhere' }), 400, 'a made-up place');
    expect(await post('place', { session: '99999', cell: '' }), 400, 'a session that is not there');
    // The same leader twice at once: allowed, with a warning.
    const clash = await post('place', { session: String(ids.bins), cell: `${committee}:${first!.id}` });
    expect(clash, 303, 'moving bins');
    const leader = await hana.client.postForm(`${path}/sessions/${ids.buses}/edit`, sessionFields({ title: 'Bus data clinic', leader: 'Cat Attendee', format: 'workshop' }));
    expect(leader, 303, 'Cat now leads buses too');
    assert.match(textOf((await hana.client.get(`${path}/schedule`)).body), /Cat Attendee leads .*Bus data clinic.* at 10:30 to 11:30/);
    assert.doesNotMatch(textOf((await visitor.get(`${path}/schedule`)).body), /leads two sessions/);

    const csv = parseCsv((await visitor.get(`${path}/schedule.csv`)).body, { columns: true }) as Record<string, string>[];
    assert.ok(csv.some((row) => row.session === 'Bin collection dashboards' && row.room === 'Committee Room' && row.local_start === `${year}-07-15T10:30`));

    const ics = await visitor.get(`${path}/schedule.ics`);
    assert.match(ics.headers['content-type'] as string, /^text\/calendar/);
    const calendar = new ICAL.Component(ICAL.parse(ics.body));
    const entries = calendar.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
    const bins = entries.find((e) => e.summary === 'Bin collection dashboards')!;
    assert.equal(bins.location, 'Committee Room');
    assert.equal(bins.startDate.toJSDate().toISOString(), `${year}-07-15T09:30:00.000Z`);
    assert.equal(entries.length, json.entries.length);
  });

  test('notes start as a knowledge page linked to the event; outcomes are added and removed', async () => {
    const [ada, ben] = people as [Member, Member];
    const session = `${path}/sessions/${ids.bins}`;
    expect(await otto.client.postForm(`${session}/notes`, {}, { csrfFrom: `${path}/sessions` }), 403, 'notes by someone not going');
    const started = expect(await ada.client.postForm(`${session}/notes`, {}, { csrfFrom: session }), 303, 'starting the notes');
    assert.match(started.location ?? '', /^\/knowledge\/notes-bin-collection-dashboards/);
    const page = await t.db.selectFrom('knowledge_pages').select(['id', 'group_id', 'template', 'title']).where('slug', 'like', 'notes-bin-collection%').executeTakeFirstOrThrow();
    assert.equal(page.group_id, null, 'a public event’s notes are hub-wide');
    assert.equal(page.template, 'meeting-notes');
    const notes = textOf((await visitor.get(started.location!)).body);
    assert.match(notes, /Date 10:30 to 11:30 \(UK time\), Committee Room/);
    assert.match(notes, /Discussion/);
    expect(await ben.client.postForm(`${session}/notes`, {}, { csrfFrom: session }), 303, 'starting them again');
    assert.equal((await t.db.selectFrom('knowledge_pages').select('id').where('slug', 'like', 'notes-%').execute()).length, 1, 'one notes page');
    assert.match(textOf((await visitor.get(session)).body), /Notes Notes: Bin collection dashboards \(Open data unconference\)/);
    assert.match(textOf((await visitor.get(path)).body), /What came of it .*Notes: Bin collection dashboards.*\(knowledge page\)/);
    const eventJson = eventSchema.parse((await visitor.get(`${path}.json`)).json());
    assert.deepEqual(
      eventJson.cameOfIt.map((item) => item.type),
      ['knowledge-page'],
    );

    const empty = expect(await ada.client.postForm(`${session}/outcomes`, { outcome: '' }, { csrfFrom: session }), 400, 'an empty outcome');
    assert.match(textOf(empty.body), /Enter the outcome\./);
    const long = expect(await ada.client.postForm(`${session}/outcomes`, { outcome: 'y'.repeat(301) }, { csrfFrom: session }), 400, 'a long outcome');
    assert.match(long.body, /y{301}/);
    expect(await ada.client.postForm(`${session}/outcomes`, { outcome: 'The council will publish collection data weekly.' }, { csrfFrom: session }), 303, 'an outcome');
    expect(await otto.client.postForm(`${session}/outcomes`, { outcome: 'Spam' }, { csrfFrom: `${path}/sessions` }), 403, 'an outcome from someone not going');
    const outcome = await t.db.selectFrom('event_session_outcomes').select('id').executeTakeFirstOrThrow();
    expect(await ben.client.postForm(`${session}/outcomes/${outcome.id}/remove`, {}, { csrfFrom: session }), 403, 'removing someone else’s');
    const json = sessionListSchema.parse((await visitor.get(`${path}/sessions.json`)).json());
    const bins = json.sessions.find((s) => s.id === ids.bins)!;
    assert.deepEqual(bins.outcomes, ['The council will publish collection data weekly.']);
    assert.match(bins.notesUrl ?? '', /\/knowledge\/notes-bin-collection-dashboards/);
    expect(await hana.client.postForm(`${session}/outcomes/${outcome.id}/remove`, {}, { csrfFrom: session }), 303, 'a host removing it');
    assert.match(textOf((await visitor.get(session)).body), /No outcomes have been written down yet\./);
  });

  test('what came of it: those who took part link their own pitches and pages; each shows only to who may see it', async () => {
    const ada = people[0]!;
    const pitch = expect(
      await ada.client.postForm('/pitches/new', { kind: 'idea', title: 'Weekly bin data', summary: 'Publish it.', body: 'From the unconference.', terms: 'free', stage: 'idea', tags: '', group: '', action: 'publish' }),
      303,
      'a pitch',
    );
    const pitchId = (await t.db.selectFrom('pitches').select('id').where('slug', '=', pitch.location!.slice('/pitches/'.length)).executeTakeFirstOrThrow()).id;
    // A pitch in a secret group Ada belongs to.
    expect(await ada.client.postForm('/groups/new', { name: 'Bin crew', purpose: 'Private planning.', visibility: 'secret' }), 303, 'a secret group');
    const group = await t.db.selectFrom('groups').select('id').where('slug', '=', 'bin-crew').executeTakeFirstOrThrow();
    const secret = expect(
      await ada.client.postForm('/pitches/new', { kind: 'idea', title: 'Secret crew plan 8841', summary: 'Ours.', body: 'Ours.', terms: 'free', stage: 'idea', tags: '', group: String(group.id), action: 'publish' }),
      303,
      'a secret pitch',
    );
    const secretId = (await t.db.selectFrom('pitches').select('id').where('slug', '=', secret.location!.slice('/pitches/'.length)).executeTakeFirstOrThrow()).id;

    const form = textOf((await ada.client.get(path)).body);
    assert.match(form, /Link one of your pitches or pages/);
    expect(await ada.client.postForm(`${path}/links`, { item: `pitch:${pitchId}` }, { csrfFrom: path }), 303, 'linking the pitch');
    expect(await ada.client.postForm(`${path}/links`, { item: `pitch:${secretId}` }, { csrfFrom: path }), 303, 'linking the secret pitch');
    const notMine = expect(await people[1]!.client.postForm(`${path}/links`, { item: `pitch:${pitchId}` }, { csrfFrom: path }), 400, 'someone else’s pitch');
    assert.match(textOf(notMine.body), /Choose one of your own pitches or pages from the list\./);
    expect(await ada.client.postForm(`${path}/links`, { item: 'pitch:abc' }, { csrfFrom: path }), 400, 'nonsense');
    expect(await otto.client.postForm(`${path}/links`, { item: 'pitch:1' }, { csrfFrom: path }), 403, 'someone not going');

    const forAda = textOf((await ada.client.get(path)).body);
    assert.match(forAda, /Weekly bin data \(pitch\)/);
    assert.match(forAda, /Secret crew plan 8841/);
    for (const client of [visitor, otto.client, people[1]!.client]) {
      const body = (await client.get(path)).body + (await client.get(`${path}.json`)).body + (await client.get(`${path}/links`)).body;
      assert.match(body, /Weekly bin data/);
      assert.doesNotMatch(body, /8841/, 'the secret group’s pitch shows only to its members');
    }
    expect(await people[1]!.client.postForm(`${path}/links/remove`, { item: `pitch:${pitchId}` }, { csrfFrom: path }), 403, 'unlinking someone else’s');
    expect(await ada.client.postForm(`${path}/links/remove`, { item: `pitch:${secretId}` }, { csrfFrom: path }), 303, 'unlinking my own');
    assert.doesNotMatch(JSON.stringify(eventSchema.parse((await ada.client.get(`${path}.json`)).json()).cameOfIt), /8841/);
  });

  test('closing proposals stops proposing and voting; another kind of event takes none until its hosts say so', async () => {
    expect(await hana.client.postForm(`${path}/sessions/settings`, { enabled: 'yes', proposals: 'closed', voteLimit: '' }), 303, 'closing');
    const ada = people[0]!;
    expect(await ada.client.get(`${path}/sessions/new`), 403, 'the form once closed');
    const before = await count(ids.shops!);
    const refused = await vote(people[4]!, ids.shops!);
    assert.match(textOf((await people[4]!.client.get(refused.location!)).body), /The hosts have closed proposals and voting\./);
    assert.equal(await count(ids.shops!), before);
    assert.doesNotMatch((await ada.client.get(`${path}/sessions`)).body, /\/vote"/);

    const meetup = expect(await hana.client.postForm('/events/new', conferenceFields({ title: 'Monthly meetup', kind: 'meetup' })), 303, 'a meetup');
    const meetupPath = meetup.location!;
    for (const suffix of ['/sessions', '/sessions.json', '/schedule', '/schedule.ics', '/sessions/new']) expect(await ada.client.get(`${meetupPath}${suffix}`), 404, `${suffix} of a meetup`);
    assert.match(textOf((await hana.client.get(meetupPath)).body), /Let people propose sessions/);
    expect(await hana.client.postForm(`${meetupPath}/sessions/settings`, { enabled: 'maybe', proposals: 'open' }), 400, 'a bad choice');
    expect(await hana.client.postForm(`${meetupPath}/sessions/settings`, { enabled: 'yes', proposals: 'open', voteLimit: '3' }), 303, 'turning them on');
    expect(await ada.client.get(`${meetupPath}/sessions`), 200, 'now the meetup has sessions');
    for (const bad of ['/events/no-such-event/sessions', '/events/NOPE!/schedule', '/events/no-such-event/schedule.json']) expect(await visitor.get(bad), 404, bad);
  });

  test('sessions of a closed group’s event are for its members only, in every format', async () => {
    expect(await hana.client.postForm('/groups/new', { name: 'Estate panel', purpose: 'Closed planning.', visibility: 'closed' }), 303, 'a closed group');
    const group = await t.db.selectFrom('groups').select('id').where('slug', '=', 'estate-panel').executeTakeFirstOrThrow();
    const created = expect(await hana.client.postForm('/events/new', conferenceFields({ title: 'Estate jam', kind: 'knowledge-jam', host: `group:${group.id}` })), 303, 'a group jam');
    const jam = created.location!;
    const sessionId = Number(/\/sessions\/(\d+)$/.exec(expect(await hana.client.postForm(`${jam}/sessions/new`, sessionFields({ title: 'Closed marker 6602' })), 303, 'proposing').location!)![1]);
    expect(await hana.client.postForm(`${jam}/schedule/rooms`, { roomName: 'Room 6602', roomCapacity: '' }, { csrfFrom: `${jam}/schedule/edit` }), 303, 'a room');
    expect(await hana.client.postForm(`${jam}/schedule/slots`, { slotDate: `${year}-07-15`, slotStart: '10:00', slotEnd: '11:00', slotRepeat: '1' }, { csrfFrom: `${jam}/schedule/edit` }), 303, 'a slot');
    expect(await hana.client.postForm(`${jam}/schedule/fill`, {}, { csrfFrom: `${jam}/schedule/edit` }), 303, 'filling');
    const notes = expect(await hana.client.postForm(`${jam}/sessions/${sessionId}/notes`, {}, { csrfFrom: `${jam}/sessions/${sessionId}` }), 303, 'notes');
    assert.match(notes.location ?? '', /^\/groups\/estate-panel\/knowledge\/notes-closed-marker-6602/, 'a group event’s notes go in its wiki');
    for (const suffix of ['/sessions', '/sessions.json', '/sessions.csv', `/sessions/${sessionId}`, '/schedule', '/schedule.json', '/schedule.csv', '/schedule.ics', '/links']) {
      for (const client of [visitor, otto.client]) {
        const response = await client.get(`${jam}${suffix}`);
        assert.equal(response.status, 404, `${suffix}`);
        assert.doesNotMatch(response.body, /6602/);
      }
      const member = await hana.client.get(`${jam}${suffix}`);
      assert.equal(member.status, 200, `${suffix} for its host`);
      assert.equal(member.headers['cache-control'], 'private, no-store');
    }
  });
});

describe('filling a schedule from votes', () => {
  const at = (minutes: number) => new Date(Date.UTC(2030, 0, 1, 9, minutes));
  test('most voted first, earliest slot first, largest room first; ties go to the first proposed', () => {
    const placed = fillFromVotes({
      rooms: [
        { id: 1, capacity: 20 },
        { id: 2, capacity: null },
        { id: 3, capacity: 100 },
      ],
      slots: [
        { id: 11, startsAt: at(60) },
        { id: 10, startsAt: at(0) },
      ],
      placed: [],
      candidates: [
        { id: 5, votes: 2, createdAt: at(5), leader: 'A' },
        { id: 6, votes: 9, createdAt: at(6), leader: 'B' },
        { id: 7, votes: 2, createdAt: at(1), leader: 'C' },
        { id: 8, votes: 0, createdAt: at(0), leader: '' },
      ],
    });
    assert.deepEqual(placed, [
      { sessionId: 6, roomId: 3, slotId: 10 },
      { sessionId: 7, roomId: 1, slotId: 10 },
      { sessionId: 5, roomId: 2, slotId: 10 },
      { sessionId: 8, roomId: 3, slotId: 11 },
    ]);
  });

  test('keeps what is placed, avoids putting a leader in two rooms at once, and stops when the grid is full', () => {
    const placed = fillFromVotes({
      rooms: [
        { id: 1, capacity: 50 },
        { id: 2, capacity: 10 },
      ],
      slots: [
        { id: 10, startsAt: at(0) },
        { id: 11, startsAt: at(60) },
      ],
      placed: [{ sessionId: 1, roomId: 1, slotId: 10, leader: 'Cat  Attendee' }],
      candidates: [
        { id: 1, votes: 50, createdAt: at(0), leader: 'Cat Attendee' },
        { id: 2, votes: 9, createdAt: at(0), leader: 'cat attendee' },
        { id: 3, votes: 8, createdAt: at(0), leader: 'Dev' },
        { id: 4, votes: 7, createdAt: at(0), leader: 'Eve' },
        { id: 5, votes: 6, createdAt: at(0), leader: 'Fay' },
      ],
    });
    assert.deepEqual(placed, [
      { sessionId: 2, roomId: 1, slotId: 11 },
      { sessionId: 3, roomId: 2, slotId: 10 },
      { sessionId: 4, roomId: 2, slotId: 11 },
    ]);
    assert.deepEqual(leaderClashes([...placed.map((p) => ({ ...p, leader: p.sessionId === 2 ? 'Cat Attendee' : 'x' + p.sessionId })), { sessionId: 1, roomId: 1, slotId: 10, leader: 'Cat Attendee' }]), []);
    assert.equal(
      leaderClashes([
        { sessionId: 1, roomId: 1, slotId: 10, leader: 'Cat Attendee' },
        { sessionId: 2, roomId: 2, slotId: 10, leader: ' cat attendee' },
      ]).length,
      1,
    );
  });
});

describe('writes about sessions are rate limited', () => {
  let t: TestHub;
  after(() => t?.close());
  test('proposing more than 30 times an hour is refused', async () => {
    t = await startTestHub();
    await setUpHub(t.app);
    const { client } = await signedInMember(t, 'Rae Rate');
    const event = expect(await client.postForm('/events/new', conferenceFields()), 303, 'the event');
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await client.postForm(`${event.location}/sessions/new`, sessionFields({ title: '' }), { csrfFrom: `${event.location}/sessions` })).status);
    assert.equal(statuses.filter((status) => status === 400).length, 30);
    assert.equal(statuses.at(-1), 429);
  });
});

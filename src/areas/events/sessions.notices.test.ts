/**
 * Telling people what the hosts decided about sessions: proposers hear when their session is put
 * in the schedule (room and time), moved, taken out, left without a place, declined (with the
 * reason) or joined with another; voters hear when a session they voted for is put in the
 * schedule, moved or taken out. Changes made one after another are told once, a few minutes after
 * the last; in the app and by email as each member chose. Nobody who may no longer see the event
 * (a member who left its closed group) is told anything about it.
 */
import { conferenceFields, expect, settings, signedInMember, textOf, year, type Member } from './events.fixtures.ts';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { sendDigests } from '../notifications/index.ts';
import { changeBetween, noticeDelayMs, tellSessionDecisions } from './sessions.notices.ts';


describe('people hear what the hosts decided about sessions', () => {
  let t: TestHub;
  let hana: Member;
  let ada: Member;
  let ben: Member;
  let cat: Member;
  let dev: Member;
  let path = '';
  let eventId = 0;
  const ids: Record<string, number> = {};
  const rooms: Record<string, number> = {};
  let slots: number[] = [];

  const member = (name: string) => signedInMember(t, name);

  async function propose(who: Member, title: string, eventPath = path): Promise<number> {
    const response = expect(
      await who.client.postForm(`${eventPath}/sessions/new`, { title, description: `About ${title}.`, leader: '', format: 'discussion' }),
      303,
      `proposing ${title}`,
    );
    await who.client.get(response.location!);
    return Number(/\/sessions\/(\d+)$/.exec(response.location!)![1]);
  }

  const vote = async (who: Member, id: number, eventPath = path) => {
    const response = expect(await who.client.postForm(`${eventPath}/sessions/${id}/vote`, {}, { csrfFrom: `${eventPath}/sessions` }), 303, 'voting');
    await who.client.get(response.location!);
  };
  const host = async (action: string, fields: Record<string, string>, eventPath = path) => {
    const response = expect(await hana.client.postForm(`${eventPath}${action}`, fields, { csrfFrom: `${eventPath}/schedule/edit` }), 303, action);
    await hana.client.get(response.location!);
  };
  const place = (session: number, room: number, slot: number) => host('/schedule/place', { session: String(session), cell: `${room}:${slot}` });
  /** The notifications made since `from`, as "handle: text". */
  async function told(from: number): Promise<string[]> {
    const rows = await t.db
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.user_id')
      .select(['users.email', 'notifications.text', 'notifications.kind', 'notifications.url'])
      .where('notifications.id', '>', from)
      .orderBy('notifications.id')
      .execute();
    for (const row of rows) assert.equal(row.kind, 'event');
    return rows.map((row) => `${row.email.split('@')[0]}: ${row.text}`);
  }
  const lastId = async () => (await t.db.selectFrom('notifications').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst())?.id ?? 0;
  /** What the job does a minute after the delay. */
  const later = () => tellSessionDecisions(t.app, new Date(Date.now() + noticeDelayMs + 60_000));

  before(async () => {
    t = await startTestHub({ env: { RATE_LIMITS: 'off' } });
    await setUpHub(t.app);
    hana = await member('Hana Host');
    ada = await member('Ada Attendee');
    ben = await member('Ben Attendee');
    cat = await member('Cat Attendee');
    dev = await member('Dev Attendee');
    path = expect(await hana.client.postForm('/events/new', conferenceFields()), 303, 'adding the conference').location!;
    eventId = (await t.db.selectFrom('events').select('id').where('slug', '=', path.slice('/events/'.length)).executeTakeFirstOrThrow()).id;
    for (const who of [ada, ben, cat, dev]) expect(await who.client.postForm(`${path}/attend`, {}, settings), 303, 'going');
    ids.shops = await propose(ada, 'Mapping empty shops');
    ids.buses = await propose(ben, 'Bus data clinic');
    ids.bins = await propose(cat, 'Bin collection dashboards');
    for (const who of [ben, cat, dev, hana]) await vote(who, ids.shops);
    await vote(dev, ids.buses);
    await host('/schedule/rooms', { roomName: 'Banqueting Hall', roomCapacity: '150' });
    await host('/schedule/rooms', { roomName: 'Committee Room', roomCapacity: '20' });
    await host('/schedule/slots', { slotDate: `${year}-07-15`, slotStart: '10:00', slotEnd: '11:00', slotRepeat: '2' });
    for (const row of await t.db.selectFrom('event_rooms').select(['id', 'name']).execute()) rooms[row.name] = row.id;
    slots = (await t.db.selectFrom('event_slots').select('id').orderBy('starts_at').execute()).map((row) => row.id);
  });
  after(() => t.close());

  test('what changed is worked out from what was last told', () => {
    const at = (room: string, hour: number) => ({ state: 'placed' as const, room, startsAt: new Date(Date.UTC(year, 6, 15, hour)), endsAt: new Date(Date.UTC(year, 6, 15, hour + 1)) });
    const none = { state: 'unplaced' as const, room: '', startsAt: null, endsAt: null };
    assert.equal(changeBetween(undefined, none), null);
    assert.equal(changeBetween(undefined, at('Hall', 9)), 'scheduled');
    assert.equal(changeBetween(at('Hall', 9), at('Hall', 9)), null);
    assert.equal(changeBetween(at('Hall', 9), at('Hall', 10)), 'moved');
    assert.equal(changeBetween(at('Hall', 9), at('Room', 9)), 'moved');
    assert.equal(changeBetween(at('Hall', 9), none), 'unscheduled');
    assert.equal(changeBetween(undefined, { ...none, state: 'left-out' }), 'left-out');
    assert.equal(changeBetween({ ...none, state: 'left-out' }, { ...none, state: 'left-out' }), null);
    assert.equal(changeBetween(at('Hall', 9), { ...none, state: 'left-out' }), 'unscheduled');
    assert.equal(changeBetween(at('Hall', 9), { ...none, state: 'declined' }), 'declined');
    assert.equal(changeBetween({ ...none, state: 'declined' }, none), null, 'reopening tells nothing until it has a place');
    assert.equal(changeBetween(undefined, { ...none, state: 'merged' }), 'merged');
  });

  test('put in the schedule: told once, a few minutes after the host stops moving it, proposer and voters alike', async () => {
    const from = await lastId();
    await place(ids.shops!, rooms['Committee Room']!, slots[1]!);
    await place(ids.shops!, rooms['Banqueting Hall']!, slots[1]!);
    await place(ids.shops!, rooms['Banqueting Hall']!, slots[0]!);
    assert.equal(await tellSessionDecisions(t.app), 0, 'nobody is told while the host may still be moving things');
    assert.deepEqual(await told(from), []);
    assert.equal(await later(), 1);
    const lines = await told(from);
    const where = 'Banqueting Hall, Thursday 15 July';
    assert.equal(lines.length, 4, lines.join('\n'));
    assert.match(lines[0]!, new RegExp(`^ada: Your session “Mapping empty shops” is in the schedule of Open data unconference: ${where}.*10:00.*to.*11:00.* \\(UK time\\)\\.$`));
    for (const who of ['ben', 'cat', 'dev']) {
      assert.ok(
        lines.some((line) => line.startsWith(`${who}: A session you voted for, “Mapping empty shops”, is in the schedule of Open data unconference: ${where}`)),
        `${who} voted for it`,
      );
    }
    assert.ok(!lines.some((line) => line.startsWith('hana:')), 'the host who placed it is not told of her own decision');
    const row = await t.db.selectFrom('notifications').select('url').where('id', '>', from).executeTakeFirstOrThrow();
    assert.equal(row.url, `${path}/sessions/${ids.shops}`);
    assert.equal(await later(), 0, 'told once');
    assert.deepEqual(await told(from), lines);

    // In the app, and by email straight away (their choice unless they change it).
    const page = textOf((await ada.client.get('/notifications')).body);
    assert.match(page, /Your session “Mapping empty shops” is in the schedule of Open data unconference/);
    const email = await t.db.selectFrom('emails').select(['subject', 'body_text']).where('recipient', '=', ada.email).orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.match(email.subject, /Mapping empty shops/);
    assert.match(email.body_text, new RegExp(`${path}/sessions/${ids.shops}`));
  });

  test('moved back and forth to where it was: nothing to tell; moved for good: told where to', async () => {
    let from = await lastId();
    await place(ids.shops!, rooms['Committee Room']!, slots[0]!);
    await place(ids.shops!, rooms['Banqueting Hall']!, slots[0]!);
    assert.equal(await later(), 0);
    assert.deepEqual(await told(from), []);

    from = await lastId();
    await place(ids.shops!, rooms['Committee Room']!, slots[1]!);
    await later();
    const lines = await told(from);
    assert.equal(lines.length, 4, lines.join('\n'));
    assert.match(lines[0]!, /^ada: Your session “Mapping empty shops” at Open data unconference has moved: it is now in Committee Room, .*11:00.*to.*12:00/);
    assert.ok(lines.some((line) => /^dev: A session you voted for, “Mapping empty shops” at Open data unconference, has moved: it is now in Committee Room/.test(line)));

    // Renaming the room is a move too, as far as anyone going there is concerned.
    from = await lastId();
    await host(`/schedule/rooms/${rooms['Committee Room']}/edit`, { roomName: 'Mayor’s Parlour', roomCapacity: '20' });
    await later();
    assert.match((await told(from))[0]!, /^ada: .*has moved: it is now in Mayor’s Parlour/);
  });

  test('taken out of the schedule, and left without a place when every room is taken', async () => {
    let from = await lastId();
    await host('/schedule/place', { session: String(ids.shops), cell: '' });
    await later();
    let lines = await told(from);
    assert.equal(lines.length, 4, lines.join('\n'));
    assert.equal(lines[0], 'ada: Your session “Mapping empty shops” has been taken out of the schedule of Open data unconference for now.');
    assert.ok(lines.includes('ben: A session you voted for, “Mapping empty shops”, has been taken out of the schedule of Open data unconference for now.'));

    // Two rooms by two slots, three proposals, and a fourth from Dev: the least voted has no place.
    ids.trees = await propose(dev, 'Street trees');
    ids.parks = await propose(ada, 'Parks and play areas');
    from = await lastId();
    await host('/schedule/fill', {});
    await later();
    lines = await told(from);
    const leftOut = lines.filter((line) => /has not found a place/.test(line));
    assert.equal(leftOut.length, 1, lines.join('\n'));
    assert.match(leftOut[0]!, /^ada: Your session “Parks and play areas” has not found a place in the schedule of Open data unconference: every room is taken at every time\./);
    assert.ok(lines.some((line) => line.startsWith('ada: Your session “Mapping empty shops” is in the schedule')));
    assert.ok(lines.some((line) => line.startsWith('ben: Your session “Bus data clinic” is in the schedule')));
    assert.ok(lines.some((line) => line.startsWith('dev: Your session “Street trees” is in the schedule')));
  });

  test('declined with the reason, and joined with another: told to whoever proposed it', async () => {
    let from = await lastId();
    expect(await hana.client.postForm(`${path}/sessions/${ids.bins}/decline`, { reason: 'Covered by the waste panel at 14:00.' }, { csrfFrom: `${path}/sessions/${ids.bins}/decline` }), 303, 'declining');
    await later();
    let lines = await told(from);
    assert.deepEqual(lines, ['cat: The hosts of Open data unconference have declined your session “Bin collection dashboards”. They said: Covered by the waste panel at 14:00.']);

    from = await lastId();
    expect(await hana.client.postForm(`${path}/sessions/${ids.parks}/merge`, { into: String(ids.trees) }, { csrfFrom: `${path}/sessions/${ids.parks}/merge` }), 303, 'joining');
    await later();
    lines = await told(from);
    assert.deepEqual(lines, ['ada: The hosts of Open data unconference have joined your session “Parks and play areas” with “Street trees”. Its votes now count for that one.']);
  });

  test('each member chooses how they hear of it: the choice is on the notification settings page', async () => {
    const settingsPage = textOf((await ben.client.get('/settings/notifications')).body);
    assert.match(settingsPage, /Sessions I proposed or voted for at events/);
    expect(
      await ben.client.postForm('/settings/notifications', { reply: 'immediately', mention: 'immediately', signal: 'immediately', match: 'weekly', moderation: 'immediately', group: 'immediately', event: 'daily' }),
      303,
      'choosing a daily summary',
    );
    expect(
      await dev.client.postForm('/settings/notifications', { reply: 'immediately', mention: 'immediately', signal: 'immediately', match: 'weekly', moderation: 'immediately', group: 'immediately', event: 'off' }),
      303,
      'choosing no emails',
    );
    const emailsBefore = async (who: Member) => (await t.db.selectFrom('emails').select('id').where('recipient', '=', who.email).execute()).length;
    const [benBefore, devBefore] = [await emailsBefore(ben), await emailsBefore(dev)];
    const from = await lastId();
    const current = await t.db.selectFrom('event_schedule').select(['room_id', 'slot_id']).where('session_id', '=', ids.buses!).executeTakeFirstOrThrow();
    const shops = await t.db.selectFrom('event_schedule').select(['room_id', 'slot_id']).where('session_id', '=', ids.shops!).executeTakeFirstOrThrow();
    // Swap Bus data clinic (Ben's, Dev voted) with Mapping empty shops (Ben and Dev voted).
    await host('/schedule/place', { session: String(ids.shops), cell: '' });
    await place(ids.buses!, shops.room_id, shops.slot_id);
    await place(ids.shops!, current.room_id, current.slot_id);
    await later();
    const lines = await told(from);
    assert.ok(lines.some((line) => line.startsWith('ben: Your session “Bus data clinic” at Open data unconference has moved')));
    assert.ok(lines.some((line) => line.startsWith('dev: A session you voted for, “Bus data clinic”')));
    assert.equal(await emailsBefore(dev), devBefore, 'Dev chose no emails: the app only');
    assert.equal(await emailsBefore(ben), benBefore, 'Ben waits for his daily summary');
    await sendDigests(t.app, 'daily', new Date(Date.now() + 60_000));
    const digest = await t.db.selectFrom('emails').select('body_text').where('recipient', '=', ben.email).orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.match(digest.body_text, /Your session “Bus data clinic” at Open data unconference has moved/);
    assert.match(digest.body_text, /sessions you proposed or voted for at events/);
  });

  test('a cancelled event tells nothing more about its sessions', async () => {
    const from = await lastId();
    await host('/schedule/clear', {});
    expect(await hana.client.postForm(`${path}/cancel`, { reason: 'The hall flooded.' }, { csrfFrom: `${path}/cancel` }), 303, 'cancelling');
    await later();
    assert.deepEqual(await told(from), []);
    assert.equal((await t.db.selectFrom('event_schedule_changes').select('event_id').where('event_id', '=', eventId).execute()).length, 0, 'the mark is gone');
  });

  test('never anyone who may no longer see the event: a member who left the closed group hears nothing', async () => {
    const groupPath = expect(await hana.client.postForm('/groups/new', { name: 'Estate panel', purpose: 'Plans for the estate.', visibility: 'closed' }), 303, 'a closed group').location!;
    const groupSlug = groupPath.slice('/groups/'.length);
    const groupId = (await t.db.selectFrom('groups').select('id').where('slug', '=', groupSlug).executeTakeFirstOrThrow()).id;
    for (const who of [ada, ben]) {
      expect(await who.client.postForm(`${groupPath}/join`, {}, settings), 303, 'asking to join');
      expect(await hana.client.postForm(`${groupPath}/members/${who.handle}/approve`, {}, settings), 303, 'approving');
    }
    const eventPath = expect(
      await hana.client.postForm('/events/new', conferenceFields({ title: 'Estate jam clsdjam4k2', kind: 'knowledge-jam', host: `group:${groupId}` })),
      303,
      'a closed group’s knowledge jam',
    ).location!;
    for (const who of [ada, ben]) expect(await who.client.postForm(`${eventPath}/attend`, {}, settings), 303, 'going');
    const mine = await propose(ada, 'Damp and mould clsdsession9q', eventPath);
    const bens = await propose(ben, 'Repairs backlog clsdsession9r', eventPath);
    await vote(ben, mine, eventPath);
    await vote(ada, bens, eventPath);
    expect(await hana.client.postForm(`${groupPath}/members/${ada.handle}/remove`, {}, settings), 303, 'Ada leaves the group');
    await host('/schedule/rooms', { roomName: 'Community room', roomCapacity: '' }, eventPath);
    await host('/schedule/slots', { slotDate: `${year}-07-15`, slotStart: '10:00', slotEnd: '11:00', slotRepeat: '2' }, eventPath);
    const from = await lastId();
    await host('/schedule/fill', {}, eventPath);
    await later();
    const lines = await told(from);
    assert.deepEqual(lines.map((line) => line.split(':')[0]).sort(), ['ben', 'ben'], lines.join('\n'));
    assert.ok(lines.some((line) => line.startsWith('ben: Your session “Repairs backlog clsdsession9r” is in the schedule of Estate jam clsdjam4k2')));
    assert.ok(lines.some((line) => line.startsWith('ben: A session you voted for, “Damp and mould clsdsession9q”')));
    const adaRows = await t.db.selectFrom('notifications').select('text').where('user_id', '=', ada.id).execute();
    assert.ok(!adaRows.some((row) => /clsd/.test(row.text)), 'Ada is told nothing of the closed group’s event');
    const adaEmails = await t.db.selectFrom('emails').select(['subject', 'body_text']).where('recipient', '=', ada.email).execute();
    assert.ok(!adaEmails.some((row) => /clsd/.test(`${row.subject} ${row.body_text}`)));
    assert.doesNotMatch((await ada.client.get('/notifications')).body, /clsd/);
  });
});

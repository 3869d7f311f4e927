/**
 * Events: the form and its refusals, times in their zone, going and the waiting list (with the
 * promotion email over real SMTP), hosts changing and cancelling, the day-before reminders, the
 * lists in every format, the month calendar, and a member's own events and calendar address.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLValidator } from 'fast-xml-parser';
import ICAL from 'ical.js';
import { TestClient } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import type { TestSmtp } from '../../test/smtp.ts';
import { signedInMember as member, year, type Member } from './events.fixtures.ts';
import { remindAttendees } from './index.ts';
import { eventListSchema, eventSchema } from './events.schemas.ts';
import { localInputs } from './events.time.ts';


function fields(extra: Record<string, string> = {}): Record<string, string> {
  return {
    title: 'Open data hack day',
    kind: 'hack-day',
    summary: 'A day of building things with the council’s open data.',
    description: 'Bring a **laptop**.',
    startDate: `${year}-07-15`,
    startTime: '10:00',
    endDate: '',
    endTime: '16:00',
    timeZone: 'Europe/London',
    attendance: 'in-person',
    venue: 'Huddersfield Library',
    address: 'Princess Alexandra Walk\nHuddersfield HD1 2SU',
    access: 'Step-free entrance on Princess Alexandra Walk.',
    onlineUrl: '',
    place: 'Huddersfield',
    localAuthority: 'E08000034',
    capacity: '',
    attendeeList: 'attendees',
    tags: 'open data, bins',
    host: 'member',
    ...extra,
  };
}

async function newEvent(client: TestClient, extra: Record<string, string> = {}): Promise<string> {
  const response = await client.postForm('/events/new', fields(extra));
  assert.equal(response.status, 303, `adding an event answered ${response.status}: ${response.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 600)}`);
  assert.match(response.location ?? '', /^\/events\/[a-z0-9-]+$/);
  return response.location!.slice('/events/'.length);
}

/** Local date and time inputs for an instant some hours from now, in UK time. */
function hoursFromNow(hours: number, from = Date.now()) {
  return localInputs(new Date(from + hours * 3600_000), 'Europe/London');
}

function form(client: TestClient, path: string, values: Record<string, string> = {}) {
  return client.postForm(path, values, { csrfFrom: '/settings' });
}

function calendarEvents(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((component) => ({ component, event: new ICAL.Event(component) }));
}

function textOf(body: string) {
  return body.replace(/<[^>]+>/g, ' ').replace(/&#39;|&#x27;/g, "'").replace(/\s+/g, ' ');
}

describe('events', () => {
  let t: TestHub<TestSmtp>;
  let admin: TestClient;
  let hana: Member;
  let gus: Member;
  let wes: Member;
  let otto: Member;
  let visitor: TestClient;

  before(async () => {
    t = await startTestHub({ smtp: true, env: { RATE_LIMITS: 'off' } });
    admin = await setUpHub(t.app);
    hana = await member(t, 'Hana Host', 'hana@example.org');
    gus = await member(t, 'Gus Goer', 'gus@example.org');
    wes = await member(t, 'Wes Waiter', 'wes@example.org');
    otto = await member(t, 'Otto Other', 'otto@example.org');
    visitor = new TestClient(t.app);
  });
  after(() => t.close());

  test('the form needs signing in, and refuses bad input with a 400 page that keeps what was typed', async () => {
    const anon = await visitor.get('/events/new');
    assert.equal(anon.status, 302);
    assert.match(anon.location ?? '', /^\/sign-in\?next=/);

    const cases: [Record<string, string>, string, string][] = [
      [{ endTime: '09:00' }, 'endTime', 'The end must be after the start.'],
      [{ endDate: `${year}-07-14`, endTime: '18:00' }, 'endDate', 'The end must be after the start.'],
      [{ capacity: 'forty' }, 'capacity', 'Enter the number of places as a whole number'],
      [{ capacity: '0' }, 'capacity', 'Enter the number of places as a whole number'],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone', 'Choose one of the time zones in the list.'],
      [{ startDate: '2020-01-01', endDate: '2020-01-01' }, 'startDate', 'The start is in the past.'],
      [{ startDate: `${year + 6}-01-01` }, 'startDate', 'An event can start at most 5 years from now.'],
      [{ startDate: `${year}-02-30` }, 'startDate', 'Enter a real date'],
      [{ startTime: '25:61' }, 'startTime', 'Enter a time in 24-hour form'],
      [{ endDate: `${year}-09-15` }, 'endDate', 'An event can last at most 31 days.'],
      [{ venue: '' }, 'venue', 'Enter the venue'],
      [{ attendance: 'online', onlineUrl: '' }, 'onlineUrl', 'Enter the joining link'],
      [{ attendance: 'hybrid', onlineUrl: 'javascript:alert(1)' }, 'onlineUrl', 'Enter a web address starting with https://'],
      [{ title: '' }, 'title', 'Enter a name for the event.'],
      [{ title: 'x'.repeat(121) }, 'title', 'use at most 120 characters'],
      [{ description: 'x'.repeat(10001) }, 'description', 'use at most 10000 characters'],
      [{ kind: 'rave' }, 'kind', 'Choose what kind of event it is.'],
      [{ host: 'group:999999' }, 'host', 'You can host an event only as yourself'],
      [{ host: 'organisation:1' }, 'host', 'You can host an event only as yourself'],
    ];
    for (const [extra, field, message] of cases) {
      const response = await hana.client.postForm('/events/new', fields({ title: 'Kept title 4821', ...extra }));
      assert.equal(response.status, 400, `${JSON.stringify(extra)} answered ${response.status}`);
      assert.match(response.body, /class="error-summary"/);
      assert.match(response.body, new RegExp(`href="#field-${field}"`), `${JSON.stringify(extra)} points at ${field}`);
      assert.ok(textOf(response.body).includes(message), `${JSON.stringify(extra)} says “${message}”`);
      if (extra.title === undefined) assert.match(response.body, /value="Kept title 4821"/, 'what was typed is kept');
    }
    const kept = await hana.client.postForm('/events/new', fields({ capacity: 'forty' }));
    assert.match(kept.body, /name="capacity"[^>]*value="forty"/);

    // The hour the clocks skip does not exist in UK time.
    const march = new Date(Date.UTC(year, 3, 0));
    const spring = `${year}-03-${String(march.getUTCDate() - march.getUTCDay()).padStart(2, '0')}`;
    const skipped = await hana.client.postForm('/events/new', fields({ startDate: spring, startTime: '01:30', endTime: '04:00' }));
    assert.equal(skipped.status, 400);
    assert.match(textOf(skipped.body), /the clocks go forward that night/);

    const count = await t.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0, 'nothing was saved');
  });

  test('times are stored in UTC and shown in the event’s own zone, named, across summer and winter', async () => {
    const summer = await newEvent(hana.client, { title: 'Summer meetup', kind: 'meetup' });
    const winter = await newEvent(hana.client, { title: 'Winter meetup', kind: 'meetup', startDate: `${year}-01-15`, startTime: '18:30', endTime: '20:00' });
    const india = await newEvent(hana.client, { title: 'Bengaluru knowledge jam', kind: 'knowledge-jam', timeZone: 'Asia/Kolkata', localAuthority: '', place: 'Bengaluru' });
    const rows = await t.db.selectFrom('events').select(['slug', 'starts_at', 'ends_at', 'time_zone']).orderBy('id').execute();
    const bySlug = new Map(rows.map((row) => [row.slug, row]));
    assert.equal(bySlug.get(summer)!.starts_at.toISOString(), `${year}-07-15T09:00:00.000Z`);
    assert.equal(bySlug.get(summer)!.ends_at.toISOString(), `${year}-07-15T15:00:00.000Z`);
    assert.equal(bySlug.get(winter)!.starts_at.toISOString(), `${year}-01-15T18:30:00.000Z`);
    assert.equal(bySlug.get(india)!.starts_at.toISOString(), `${year}-07-15T04:30:00.000Z`);
    assert.equal(bySlug.get(india)!.time_zone, 'Asia/Kolkata');

    const summerPage = textOf((await visitor.get(`/events/${summer}`)).body);
    assert.match(summerPage, new RegExp(`Thursday 15 July ${year}, 10:00 BST to 16:00 BST \\(UK time\\)`.replace(/Thursday/, '\\w+day')));
    assert.match(textOf((await visitor.get(`/events/${winter}`)).body), /18:30 GMT to 20:00 GMT \(UK time\)/);
    assert.match(textOf((await visitor.get(`/events/${india}`)).body), /10:00 GMT\+5:30 to 16:00 GMT\+5:30 \(India time\)/);

    assert.match(textOf((await visitor.get('/activity')).body), /Hana Host is hosting Summer meetup/);
    const json = eventSchema.parse((await visitor.get(`/events/${summer}.json`)).json());
    assert.equal(json.startsAt, `${year}-07-15T09:00:00.000Z`);
    assert.equal(json.localStart, `${year}-07-15T10:00`);
    assert.equal(json.timeZone, 'Europe/London');
    assert.equal(json.kind, 'meetup');

    const ics = await visitor.get(`/events/${summer}.ics`);
    assert.equal(ics.status, 200);
    assert.match(ics.headers['content-type'] as string, /^text\/calendar/);
    const [only] = calendarEvents(ics.body);
    assert.equal(only!.event.startDate.toJSDate().toISOString(), `${year}-07-15T09:00:00.000Z`);
    assert.equal(only!.event.summary, 'Summer meetup');
    assert.match(only!.event.location, /Huddersfield Library, Princess Alexandra Walk, Huddersfield HD1 2SU/);
    assert.match(only!.event.description, /Bring a laptop\./);

    // The edit form shows the times as they were typed.
    const edit = await hana.client.get(`/events/${winter}/edit`);
    assert.match(edit.body, /name="startTime"[^>]*value="18:30"/);
    assert.match(edit.body, new RegExp(`name="startDate"[^>]*value="${year}-01-15"`));
    // Saving it unchanged keeps the instant.
    const saved = await hana.client.postForm(`/events/${winter}/edit`, fields({ title: 'Winter meetup', kind: 'meetup', startDate: `${year}-01-15`, startTime: '18:30', endTime: '20:00' }));
    assert.equal(saved.status, 303);
    const after = await t.db.selectFrom('events').select('starts_at').where('slug', '=', winter).executeTakeFirstOrThrow();
    assert.equal(after.starts_at.toISOString(), `${year}-01-15T18:30:00.000Z`);
  });

  test('going, the waiting list, and a place given up going to the next in line, who is emailed', async () => {
    const slug = await newEvent(hana.client, {
      title: 'Bins data workshop',
      kind: 'workshop',
      attendance: 'hybrid',
      onlineUrl: 'https://meet.example.org/bins-4411',
      capacity: '1',
    });
    const page = (client: TestClient) => client.get(`/events/${slug}`).then((r) => textOf(r.body));
    assert.match(await page(visitor), /Sign in to go to this event/);
    assert.match(await page(gus.client), /1 of 1 places left/);

    assert.equal((await form(gus.client, `/events/${slug}/attend`)).status, 303);
    assert.match(await page(gus.client), /You are going to Bins data workshop\./);
    assert.match(await page(wes.client), /This event is full/);
    await form(wes.client, `/events/${slug}/attend`);
    assert.match(await page(wes.client), /you are number 1 on the waiting list/);
    await form(otto.client, `/events/${slug}/attend`);
    assert.match(await page(otto.client), /You are number 2 on the waiting list/);
    await form(otto.client, `/events/${slug}/attend`);
    assert.match(await page(otto.client), /You are already on the waiting list\./);
    const json = eventSchema.parse((await wes.client.get(`/events/${slug}.json`)).json());
    assert.equal(json.yourStatus, 'waiting');
    assert.equal(json.placesLeft, 0);
    assert.equal(json.waitingCount, 2);
    assert.equal(json.onlineUrl, null, 'the waiting list does not get the joining link');

    // Gus gives up his place: Wes has it by the time the answer comes, and is emailed.
    t.smtp.messages.length = 0;
    assert.equal((await form(gus.client, `/events/${slug}/withdraw`)).status, 303);
    assert.match(await page(gus.client), /You have given up your place at Bins data workshop\./);
    const statuses = await t.db.selectFrom('event_attendees').select(['user_id', 'status']).orderBy('joined_at').execute();
    assert.deepEqual(
      statuses.map((row) => [row.user_id, row.status]),
      [
        [wes.id, 'going'],
        [otto.id, 'waiting'],
      ],
    );
    const email = await t.smtp.waitForEmail((m) => m.to.includes(wes.email));
    assert.equal(email.subject, 'You have a place at Bins data workshop');
    assert.match(email.text, /you were next on the waiting list/);
    assert.match(email.text, /https:\/\/meet\.example\.org\/bins-4411/, 'the promoted person gets the joining link');
    assert.match(email.text, new RegExp(`/events/${slug}`));
    assert.match(await page(wes.client), /You are going\./);
    assert.match(await page(otto.client), /You are number 1 on the waiting list/);
    assert.ok(!t.smtp.messages.some((m) => m.to.includes(otto.email)), 'nobody else was emailed');

    // Leaving the waiting list frees nothing; more places move the list up.
    await form(gus.client, `/events/${slug}/attend`);
    assert.match(await page(gus.client), /number 2 on the waiting list/);
    const values = fields({ title: 'Bins data workshop', kind: 'workshop', attendance: 'hybrid', onlineUrl: 'https://meet.example.org/bins-4411', capacity: '3' });
    assert.equal((await hana.client.postForm(`/events/${slug}/edit`, values)).status, 303);
    assert.match(await page(hana.client), /2 people on the waiting list now have places and have been emailed\./);
    await t.smtp.waitForEmail((m) => m.to.includes(otto.email) && m.subject === 'You have a place at Bins data workshop');
    await t.smtp.waitForEmail((m) => m.to.includes(gus.email) && m.subject === 'You have a place at Bins data workshop');
    assert.equal((await t.db.selectFrom('event_attendees').select('status').where('status', '=', 'waiting').execute()).length, 0);
    await form(otto.client, `/events/${slug}/withdraw`);
    await form(otto.client, `/events/${slug}/withdraw`);
    assert.match(await page(otto.client), /You were not going to this event\./);
  });

  test('the joining link is for those going and the hosts; the list of who is going is as the host chose', async () => {
    const link = 'https://meet.example.org/room-ZX81';
    const slug = await newEvent(hana.client, { title: 'Budget webinar', kind: 'webinar', attendance: 'online', onlineUrl: link, venue: '', address: '', attendeeList: 'attendees' });
    await form(gus.client, `/events/${slug}/attend`);
    const sees = async (client: TestClient) => (await client.get(`/events/${slug}`)).body;

    for (const [who, client] of [
      ['visitor', visitor],
      ['otto', otto.client],
    ] as const) {
      const body = await sees(client);
      assert.ok(!body.includes('room-ZX81'), `${who} does not see the link`);
      assert.match(textOf(body), /The joining link is shown here to people who are going\./);
      assert.match(textOf(body), /Only people who are going can see who else is\./);
      assert.ok(!body.includes('Gus Goer'), `${who} does not see who is going`);
      assert.equal(eventSchema.parse((await client.get(`/events/${slug}.json`)).json()).onlineUrl, null);
      assert.ok(!(await client.get(`/events/${slug}.ics`)).body.includes('room-ZX81'));
    }
    for (const client of [gus.client, hana.client, admin]) {
      const body = await sees(client);
      assert.ok(body.includes(`href="${link}"`), 'those going and hosts see the link');
      assert.ok(body.includes('Gus Goer'));
      assert.equal(eventSchema.parse((await client.get(`/events/${slug}.json`)).json()).onlineUrl, link);
    }
    // Never in lists, feeds, exports or downloaded files, whoever asks.
    for (const client of [visitor, gus.client, hana.client, admin]) {
      for (const path of ['/events', '/events.json', '/events.csv', '/events.rss', '/events.atom', '/events.ics', `/events/${slug}.ics`, `/events/calendar?month=${year}-07`, '/activity', '/activity.json']) {
        const response = await client.get(path);
        assert.equal(response.status, 200, path);
        assert.ok(!response.body.includes('room-ZX81'), `${path} does not carry the link`);
      }
    }

    const choose = (attendeeList: string) =>
      hana.client.postForm(`/events/${slug}/edit`, fields({ title: 'Budget webinar', kind: 'webinar', attendance: 'online', onlineUrl: link, venue: '', address: '', attendeeList }));
    assert.equal((await choose('everyone')).status, 303);
    assert.ok((await sees(visitor)).includes('Gus Goer'));
    assert.ok(eventSchema.parse((await visitor.get(`/events/${slug}.json`)).json()).attendees!.some((p) => p.name === 'Gus Goer'));
    await choose('hosts');
    assert.ok(!(await sees(gus.client)).includes('>Gus Goer<'));
    assert.match(textOf(await sees(gus.client)), /Only the hosts can see who is going\./);
    assert.equal(eventSchema.parse((await gus.client.get(`/events/${slug}.json`)).json()).attendees, null);
    assert.ok((await sees(hana.client)).includes('Gus Goer'));
  });

  test('only hosts change or cancel an event; cancelling tells everyone on the lists, with the hosts’ message', async () => {
    const slug = await newEvent(hana.client, { title: 'Ward walkabout', kind: 'other', capacity: '1' });
    await form(gus.client, `/events/${slug}/attend`);
    await form(wes.client, `/events/${slug}/attend`);

    assert.equal((await otto.client.get(`/events/${slug}/edit`)).status, 403);
    assert.equal((await otto.client.postForm(`/events/${slug}/edit`, fields(), { csrfFrom: '/settings' })).status, 403);
    assert.equal((await otto.client.get(`/events/${slug}/cancel`)).status, 403);
    assert.equal((await form(otto.client, `/events/${slug}/cancel`)).status, 403);
    assert.equal((await visitor.get(`/events/${slug}/edit`)).status, 302);
    assert.equal((await admin.get(`/events/${slug}/edit`)).status, 200, 'hub administrators may step in');

    // Moving it tells both, each as they stand.
    t.smtp.messages.length = 0;
    const moved = await hana.client.postForm(`/events/${slug}/edit`, fields({ title: 'Ward walkabout', kind: 'other', capacity: '1', startTime: '11:00', endTime: '13:00' }));
    assert.equal(moved.status, 303);
    const changed = await t.smtp.waitForEmail((m) => m.to.includes(gus.email) && m.subject === 'Changed: Ward walkabout');
    assert.match(changed.text, /11:00 BST to 13:00 BST/);
    assert.match(changed.text, /You are still going/);
    const waitingChanged = await t.smtp.waitForEmail((m) => m.to.includes(wes.email) && m.subject === 'Changed: Ward walkabout');
    assert.match(waitingChanged.text, /still on the waiting list/);

    const confirm = await hana.client.get(`/events/${slug}/cancel`);
    assert.match(textOf(confirm.body), /\(2 people\) will be emailed/);
    const tooLong = await hana.client.postForm(`/events/${slug}/cancel`, { reason: 'x'.repeat(2001) });
    assert.equal(tooLong.status, 400);
    assert.match(tooLong.body, /at most 2000 characters/);
    t.smtp.messages.length = 0;
    const cancelled = await hana.client.postForm(`/events/${slug}/cancel`, { reason: 'The library is closed for repairs. We will try again in August.' });
    assert.equal(cancelled.status, 303);
    for (const who of [gus, wes]) {
      const email = await t.smtp.waitForEmail((m) => m.to.includes(who.email) && m.subject === 'Cancelled: Ward walkabout');
      assert.match(email.text, /has been cancelled by its hosts/);
      assert.match(email.text, /closed for repairs/);
    }
    const pageText = textOf((await visitor.get(`/events/${slug}`)).body);
    assert.match(pageText, /This event has been cancelled\./);
    assert.match(pageText, /closed for repairs/);
    const [entry] = calendarEvents((await visitor.get(`/events/${slug}.ics`)).body);
    assert.equal(entry!.component.getFirstPropertyValue('status'), 'CANCELLED');
    assert.ok(Number(entry!.component.getFirstPropertyValue('sequence')) >= 2);
    const listed = calendarEvents((await visitor.get('/events.ics')).body).find((e) => e.event.summary === 'Ward walkabout');
    assert.equal(listed?.component.getFirstPropertyValue('status'), 'CANCELLED');
    assert.equal(eventSchema.parse((await visitor.get(`/events/${slug}.json`)).json()).status, 'cancelled');

    await form(otto.client, `/events/${slug}/attend`);
    assert.match(textOf((await otto.client.get(`/events/${slug}`)).body), /This event has been cancelled\./);
    assert.equal((await t.db.selectFrom('event_attendees').select('user_id').where('user_id', '=', otto.id).execute()).length, 0);
    const again = await hana.client.get(`/events/${slug}/edit`);
    assert.equal(again.status, 303, 'a cancelled event cannot be changed');
  });

  test('reminders go the day before to those going, once per event, and again if it moves', async () => {
    const now = Date.now();
    const start = hoursFromNow(30, now);
    const end = hoursFromNow(32, now);
    const slug = await newEvent(hana.client, {
      title: 'Tomorrowish repair café',
      kind: 'meetup',
      attendance: 'hybrid',
      onlineUrl: 'https://meet.example.org/repair-7',
      capacity: '1',
      startDate: start.date,
      startTime: start.time,
      endDate: end.date,
      endTime: end.time,
    });
    const later = await newEvent(hana.client, { title: 'Much later café', kind: 'meetup' });
    await form(gus.client, `/events/${slug}/attend`);
    await form(wes.client, `/events/${slug}/attend`);
    await form(gus.client, `/events/${later}/attend`);
    t.smtp.messages.length = 0;

    assert.equal(await remindAttendees(t.app, new Date(now)), 0, 'thirty hours ahead is too early');
    assert.equal(await remindAttendees(t.app, new Date(now + 7 * 3600_000)), 1, 'within 24 hours: the one person going');
    const email = await t.smtp.waitForEmail((m) => m.subject === 'Reminder: Tomorrowish repair café is coming up');
    assert.deepEqual(email.to, [gus.email]);
    assert.match(email.text, /https:\/\/meet\.example\.org\/repair-7/);
    assert.match(email.text, /give up your place/);
    assert.equal(await remindAttendees(t.app, new Date(now + 8 * 3600_000)), 0, 'once per event');
    assert.equal(await remindAttendees(t.app, new Date(now + 31 * 3600_000)), 0, 'not once it has started');

    // Moved a day later, it is reminded of again.
    const moved = { start: hoursFromNow(54, now), end: hoursFromNow(56, now) };
    const response = await hana.client.postForm(
      `/events/${slug}/edit`,
      fields({
        title: 'Tomorrowish repair café',
        kind: 'meetup',
        attendance: 'hybrid',
        onlineUrl: 'https://meet.example.org/repair-7',
        capacity: '1',
        startDate: moved.start.date,
        startTime: moved.start.time,
        endDate: moved.end.date,
        endTime: moved.end.time,
      }),
    );
    assert.equal(response.status, 303);
    assert.equal(await remindAttendees(t.app, new Date(now + 31 * 3600_000)), 1);
    assert.ok(!t.smtp.messages.some((m) => m.to.includes(wes.email) && m.subject.startsWith('Reminder')), 'the waiting list is not reminded');
  });

  test('the list: upcoming by default, past, filters, pages of 20, and every format', async () => {
    // Enough to need a second page.
    for (let i = 1; i <= 21; i++) {
      await newEvent(otto.client, {
        title: `Paging test ${String(i).padStart(2, '0')}`,
        kind: i % 2 ? 'webinar' : 'workshop',
        startDate: `${year}-08-${String(i).padStart(2, '0')}`,
        attendance: i % 2 ? 'online' : 'in-person',
        onlineUrl: i % 2 ? 'https://meet.example.org/paging' : '',
        venue: i % 2 ? '' : 'Leeds Central Library',
        localAuthority: i % 2 ? '' : 'E08000035',
        tags: 'paging',
      });
    }
    const first = eventListSchema.parse((await visitor.get('/events.json?tag=paging')).json());
    assert.equal(first.events.length, 20);
    assert.equal(first.nextPage, 2);
    assert.equal(first.events[0]!.title, 'Paging test 01', 'soonest first');
    const second = eventListSchema.parse((await visitor.get('/events.json?tag=paging&page=2')).json());
    assert.deepEqual(second.events.map((e) => e.title), ['Paging test 21']);
    assert.equal(second.nextPage, null);
    const html = await visitor.get('/events?tag=paging');
    assert.equal(html.status, 200);
    assert.match(html.body, /href="\/events\?tag=paging(&amp;|&)page=2" rel="next"/);
    assert.equal((html.body.match(/<article class="card">/g) ?? []).length, 20);

    const titles = async (query: string) => eventListSchema.parse((await visitor.get(`/events.json?${query}`)).json()).events.map((e) => e.title);
    assert.equal((await titles('tag=paging&kind=webinar')).length, 11);
    assert.ok((await titles('online=yes&tag=paging')).every((title) => Number(title.slice(-2)) % 2 === 1));
    assert.equal((await titles('area=E08000035')).length, 10);
    assert.deepEqual(await titles('q=test+21'), ['Paging test 21']);

    // An event moved into the past leaves the upcoming list for the past one.
    await t.db
      .updateTable('events')
      .set({ starts_at: new Date(Date.now() - 48 * 3600_000), ends_at: new Date(Date.now() - 46 * 3600_000) })
      .where('title', '=', 'Paging test 21')
      .execute();
    assert.ok(!(await titles('tag=paging')).includes('Paging test 21'));
    assert.deepEqual(await titles('tag=paging&when=past'), ['Paging test 21']);
    const pastPage = await visitor.get('/events?when=past');
    assert.match(textOf(pastPage.body), /Past events/);
    const over = await visitor.get('/events.json?when=past').then((r) => eventListSchema.parse(r.json()).events[0]!.slug);
    assert.match(textOf((await gus.client.get(`/events/${over}`)).body), /This event is over\./);
    await form(gus.client, `/events/${over}/attend`);
    assert.match(textOf((await gus.client.get(`/events/${over}`)).body), /This event is over\./);
    // Its host may still correct it, but not call it off.
    assert.equal((await otto.client.get(`/events/${over}/edit`)).status, 200);
    assert.ok(!(await otto.client.get(`/events/${over}`)).body.includes(`/events/${over}/cancel`));
    assert.equal((await otto.client.get(`/events/${over}/cancel`)).status, 303);
    assert.equal((await form(otto.client, `/events/${over}/cancel`)).status, 303);
    assert.equal(eventSchema.parse((await visitor.get(`/events/${over}.json`)).json()).status, 'scheduled');

    const csv = await visitor.get('/events.csv?tag=paging');
    assert.match(csv.headers['content-type'] as string, /^text\/csv/);
    const rows = parseCsv(csv.body, { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, 20);
    assert.equal(rows[0]!.title, 'Paging test 01');
    assert.equal(rows[0]!.time_zone, 'Europe/London');
    assert.equal(rows[0]!.starts_at, `${year}-08-01T09:00:00.000Z`);
    assert.ok(!csv.body.includes('meet.example.org'));
    for (const format of ['rss', 'atom']) {
      const feed = await visitor.get(`/events.${format}?tag=paging`);
      assert.equal(feed.status, 200);
      assert.equal(XMLValidator.validate(feed.body), true);
      assert.match(feed.body, /Paging test 01/);
      assert.ok(!feed.body.includes('meet.example.org'));
    }
    const ics = await visitor.get('/events.ics?tag=paging');
    const entries = calendarEvents(ics.body);
    assert.equal(entries.length, 20);
    assert.equal(new Set(entries.map((e) => e.event.uid)).size, 20, 'each event has its own UID');
    assert.equal(calendarEvents((await visitor.get('/events.ics?tag=paging')).body)[0]!.event.uid, entries[0]!.event.uid, 'and keeps it');

    // Bad filters are refused plainly.
    assert.equal((await visitor.get('/events?kind=rave')).status, 400);
    assert.equal((await visitor.get('/events.json?page=0')).status, 400);
    assert.equal((await visitor.get('/events.json?area=nowhere')).status, 400);
    assert.equal((await visitor.get('/events.json?when=soon')).status, 400);
    assert.equal((await visitor.get(`/events?q=${'q'.repeat(201)}`)).status, 400);
    assert.equal((await visitor.get('/events/no-such-event')).status, 404);
    assert.equal((await visitor.get('/events/no-such-event.json')).status, 404);
    assert.equal((await visitor.get('/events/Bad%20Slug!')).status, 404);
    assert.equal((await visitor.get(`/events/${over}.csv`)).status, 404);
  });

  test('the month calendar: an accessible table with each day’s events, and the months either side', async () => {
    const response = await visitor.get(`/events/calendar?month=${year}-07`);
    assert.equal(response.status, 200);
    const body = response.body;
    assert.match(body, new RegExp(`<caption[^>]*>Events in July ${year}</caption>`));
    assert.equal((body.match(/<th scope="col">/g) ?? []).length, 7);
    assert.match(body, /<span class="visually-hidden">Monday<\/span>/);
    // 15 July's cell holds the summer meetup.
    const cell = new RegExp(`<td class="calendar__day"><span class="calendar__date"><span>15</span><span class="visually-hidden"> July ${year}</span></span><ul class="calendar__events">.*?</ul></td>`, 's').exec(body)?.[0] ?? '';
    assert.match(cell, /Summer meetup/);
    assert.match(cell, /10:00 /);
    assert.match(body, new RegExp(`href="/events/calendar\\?month=${year}-06"`));
    assert.match(body, new RegExp(`href="/events/calendar\\?month=${year}-08"`));
    assert.match(textOf(body), new RegExp(`All events in July ${year}`));
    const thisMonth = await visitor.get('/events/calendar');
    assert.equal(thisMonth.status, 200);
    for (const bad of ['2026-13', 'december', '1999-12', `${year}-7`]) {
      const refused = await visitor.get(`/events/calendar?month=${bad}`);
      assert.equal(refused.status, 400, bad);
      assert.match(textOf(refused.body), /That month could not be shown/);
    }
  });

  test('the month calendar filters as the list does, and the months either side keep the filters', async () => {
    const month = `/events/calendar?month=${year}-07`;
    const all = textOf((await visitor.get(month)).body);
    for (const title of ['Summer meetup', 'Bins data workshop', 'Budget webinar']) assert.match(all, new RegExp(title));
    assert.doesNotMatch((await visitor.get(month)).body, /<details class="filters-details" open/, 'folded away until used');

    const meetups = await visitor.get(`${month}&kind=meetup`);
    assert.equal(meetups.status, 200);
    const calendar = meetups.body.slice(meetups.body.indexOf('<table'), meetups.body.indexOf('</table>'));
    assert.match(calendar, /Summer meetup/);
    assert.doesNotMatch(calendar, /Bins data workshop|Budget webinar/);
    assert.doesNotMatch(textOf(meetups.body), /Bins data workshop/, 'nor in the list under it');
    assert.match(meetups.body, /<details class="filters-details" open/);
    assert.match(meetups.body, /<option value="meetup" selected/);
    assert.match(meetups.body, new RegExp(`href="/events/calendar\\?month=${year}-08&(amp;)?kind=meetup"`));
    assert.match(meetups.body, new RegExp(`href="/events/calendar\\?month=${year}-06&(amp;)?kind=meetup"`));
    assert.match(meetups.body, /href="\/events\/calendar\?kind=meetup"/, 'this month, still filtered');

    const online = textOf((await visitor.get(`${month}&online=yes&q=budget`)).body);
    assert.match(online, /Budget webinar/);
    assert.doesNotMatch(online, /Summer meetup|Bins data workshop/);
    // The list's calendar link keeps its filters too.
    assert.match((await visitor.get('/events?kind=meetup')).body, /href="\/events\/calendar\?kind=meetup"/);
    for (const bad of ['kind=rave', `q=${'x'.repeat(201)}`, 'area=nowhere']) {
      const refused = await visitor.get(`${month}&${bad}`);
      assert.equal(refused.status, 400, bad);
    }
  });

  test('a member’s own events, and their secret calendar address', async () => {
    assert.equal((await visitor.get('/settings/events')).status, 302);
    const mine = textOf((await gus.client.get('/settings/events')).body);
    assert.match(mine, /Bins data workshop/);
    assert.match(mine, /Going/);
    assert.doesNotMatch(mine, /Winter meetup/);
    assert.match(textOf((await hana.client.get('/settings/events')).body), /Winter meetup.*Hosting/);

    assert.equal((await form(gus.client, '/settings/events/calendar-address')).status, 303);
    const page = await gus.client.get('/settings/events');
    const address = /value="(http:\/\/hub\.seedbed\.test\/calendar\/[A-Za-z0-9_-]{32}\.ics)"/.exec(page.body)?.[1];
    assert.ok(address, 'the page shows the address');
    const path = new URL(address).pathname;
    const feed = await visitor.get(path);
    assert.equal(feed.status, 200);
    assert.equal(feed.headers['cache-control'], 'private, no-store');
    const entries = calendarEvents(feed.body);
    const summaries = entries.map((e) => e.event.summary);
    assert.ok(summaries.includes('Bins data workshop'));
    assert.ok(!summaries.includes('Winter meetup'), 'only what they go to or host');
    const bins = entries.find((e) => e.event.summary === 'Bins data workshop')!;
    assert.match(bins.event.description, /https:\/\/meet\.example\.org\/bins-4411/, 'with the joining link of what they go to');

    await form(gus.client, '/settings/events/calendar-address');
    assert.equal((await visitor.get(path)).status, 404, 'the old address stops working');
    assert.match(textOf((await gus.client.get('/settings/events')).body), /You have a new calendar address/);
    assert.equal((await visitor.get('/calendar/not-a-token.ics')).status, 404);
    assert.equal((await visitor.get(`/calendar/${'a'.repeat(32)}.ics`)).status, 404);
    assert.equal((await visitor.get(`/calendar/${'a'.repeat(32)}`)).status, 404);
  });

  test('markup typed into an event is shown as text everywhere', async () => {
    const payload = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const slug = await newEvent(hana.client, { title: `Xss ${payload}`.slice(0, 120), summary: payload, description: payload, venue: payload, access: payload, place: 'x' });
    for (const path of [`/events/${slug}`, '/events', `/events/calendar?month=${year}-07`]) {
      const body = (await visitor.get(path)).body;
      assert.doesNotMatch(body, /<script>alert/, path);
      assert.doesNotMatch(body, /<img src=x onerror/, path);
    }
  });
});

/**
 * Events of closed and secret groups, with a marker in every piece of their text and in their
 * joining links, read through every path this area adds (pages, lists, the month calendar, feeds,
 * JSON, CSV, iCalendar, search, the conversation, notifications, emails and reminders) by a
 * visitor, an outsider, a pending requester, a member who is not going, a member who is going,
 * the facilitator who hosts them and an administrator.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ICAL from 'ical.js';
import { TestClient, type TestResponse } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { createAccount } from '../accounts/accounts.commands.ts';
import { remindAttendees } from './index.ts';
import { localInputs } from './events.time.ts';

const password = 'a long enough password';
const marks = {
  closed: 'clsdevent7a1',
  closedLink: 'clsdlink3c9',
  closedPost: 'clsdpost2b7',
  secret: 'scrtevent4d2',
  secretLink: 'scrtlink8e5',
  secretPost: 'scrtpost6a3',
  publicLink: 'publink1f0',
} as const;
type Mark = keyof typeof marks;

const viewers = ['visitor', 'outsider', 'pending', 'bystander', 'goer', 'host', 'admin'] as const;
type ViewerKey = (typeof viewers)[number];

/**
 * Written out by hand: `bystander` is a member of the closed group who is not going; `goer` is a
 * member of both groups, going to both events; `host` is their facilitator; `pending` asked to
 * join the closed group. Joining links are for those going, hosts and administrators.
 */
const mayMeet: Record<ViewerKey, Mark[]> = {
  visitor: [],
  outsider: ['publicLink'],
  pending: [],
  bystander: ['closed', 'closedPost'],
  goer: ['closed', 'closedPost', 'closedLink', 'secret', 'secretPost', 'secretLink', 'publicLink'],
  host: ['closed', 'closedPost', 'closedLink', 'secret', 'secretPost', 'secretLink', 'publicLink'],
  admin: ['closed', 'closedPost', 'closedLink', 'secret', 'secretPost', 'secretLink', 'publicLink'],
};
const linkMarks: Mark[] = ['closedLink', 'secretLink', 'publicLink'];

function forbidden(viewer: ViewerKey, alsoLinks = false): string[] {
  return (Object.keys(marks) as Mark[]).filter((mark) => !mayMeet[viewer].includes(mark) || (alsoLinks && linkMarks.includes(mark))).map((mark) => marks[mark]);
}

function leaks(body: string, words: string[]): string[] {
  const lower = body.toLowerCase();
  return words.filter((word) => lower.includes(word));
}

interface Person {
  id: number | null;
  handle: string;
  email: string;
  client: TestClient;
}

describe('events of closed and secret groups stay with the people who may see them', () => {
  let t: TestHub;
  const people = {} as Record<ViewerKey, Person>;
  const slugs = { closedGroup: '', secretGroup: '', closed: '', secret: '', public: '' };
  const ids = { closedGroup: 0, closed: 0, secret: 0 };
  let month = '';
  let start: Date;

  async function ok(response: TestResponse, what: string, status = 303): Promise<TestResponse> {
    assert.equal(response.status, status, `${what} answered ${response.status}: ${response.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 400)}`);
    return response;
  }

  before(async () => {
    t = await startTestHub();
    const admin = await setUpHub(t.app);
    const adminRow = await t.db.selectFrom('users').select(['id', 'handle', 'email']).where('role', '=', 'admin').executeTakeFirstOrThrow();
    people.admin = { id: adminRow.id, handle: adminRow.handle, email: adminRow.email, client: admin };
    people.visitor = { id: null, handle: '', email: '', client: new TestClient(t.app) };
    for (const key of ['outsider', 'pending', 'bystander', 'goer', 'host'] as const) {
      const email = `${key}@example.org`;
      const created = await createAccount(t.db, { name: `Person ${key}`, email, password, verified: true });
      assert.ok(created.ok);
      const client = new TestClient(t.app);
      await client.signIn(email, password);
      people[key] = { id: created.userId, handle: created.handle, email, client };
    }
    const { host } = people;
    const settings = { csrfFrom: '/settings' };

    const group = async (name: string, visibility: string) => {
      const response = await ok(await host.client.postForm('/groups/new', { name, purpose: 'Working together.', visibility }), `creating ${name}`);
      return response.location!.slice('/groups/'.length);
    };
    slugs.closedGroup = await group('Estate panel', 'closed');
    slugs.secretGroup = await group('Safeguarding leads', 'secret');
    ids.closedGroup = (await t.db.selectFrom('groups').select('id').where('slug', '=', slugs.closedGroup).executeTakeFirstOrThrow()).id;
    const secretGroupId = (await t.db.selectFrom('groups').select('id').where('slug', '=', slugs.secretGroup).executeTakeFirstOrThrow()).id;
    for (const who of ['bystander', 'goer', 'pending'] as const) {
      await ok(await people[who].client.postForm(`/groups/${slugs.closedGroup}/join`, {}, settings), `${who} asking`);
      if (who !== 'pending') await ok(await host.client.postForm(`/groups/${slugs.closedGroup}/members/${people[who].handle}/approve`, {}, settings), `approving ${who}`);
    }
    const invitePath = `/groups/${slugs.secretGroup}/invite`;
    await ok(await host.client.postForm(invitePath, { email: people.goer.email }, { csrfFrom: invitePath }), 'inviting');
    const invitation = await t.db.selectFrom('emails').select('body_text').where('recipient', '=', people.goer.email).orderBy('id', 'desc').executeTakeFirstOrThrow();
    const token = /\/invitations\/([A-Za-z0-9_-]+)/.exec(invitation.body_text)![1]!;
    await ok(await people.goer.client.postForm(`/invitations/${token}/accept`, {}, { csrfFrom: `/invitations/${token}` }), 'accepting');

    start = new Date(Date.now() + 10 * 86_400_000);
    const when = localInputs(start, 'Europe/London');
    const end = localInputs(new Date(start.getTime() + 2 * 3600_000), 'Europe/London');
    month = when.date.slice(0, 7);
    const event = async (values: Record<string, string>) => {
      const response = await ok(
        await host.client.postForm('/events/new', {
          kind: 'meetup',
          startDate: when.date,
          startTime: when.time,
          endDate: end.date,
          endTime: end.time,
          timeZone: 'Europe/London',
          attendance: 'hybrid',
          venue: 'Town hall',
          attendeeList: 'everyone',
          tags: 'estate',
          ...values,
        }),
        `adding ${values.title}`,
      );
      return response.location!.slice('/events/'.length);
    };
    slugs.closed = await event({
      title: `Estate walk ${marks.closed}`,
      summary: `Walking the estate ${marks.closed}`,
      description: `Private plans ${marks.closed}`,
      onlineUrl: `https://meet.example.org/${marks.closedLink}`,
      host: `group:${ids.closedGroup}`,
    });
    slugs.secret = await event({
      title: `Casework review ${marks.secret}`,
      summary: `Cases ${marks.secret}`,
      attendance: 'online',
      venue: '',
      onlineUrl: `https://meet.example.org/${marks.secretLink}`,
      host: `group:${secretGroupId}`,
    });
    slugs.public = await event({ title: 'Open estate fair', summary: 'Everyone welcome.', onlineUrl: `https://meet.example.org/${marks.publicLink}` });
    for (const key of ['closed', 'secret'] as const) {
      ids[key] = (await t.db.selectFrom('events').select('id').where('slug', '=', slugs[key]).executeTakeFirstOrThrow()).id;
    }
    for (const slug of [slugs.closed, slugs.secret, slugs.public]) await ok(await people.goer.client.postForm(`/events/${slug}/attend`, {}, settings), `going to ${slug}`);
    await ok(await people.outsider.client.postForm(`/events/${slugs.public}/attend`, {}, settings), 'outsider going to the public event');

    // Posts in the events' conversations that mention people who must not hear of them.
    const mentions = `@${people.outsider.handle} @${people.pending.handle} @${people.bystander.handle}`;
    for (const [key, mark] of [
      ['closed', marks.closedPost],
      ['secret', marks.secretPost],
    ] as const) {
      await ok(
        await people.goer.client.postForm(`/conversations/event/${ids[key]}/posts`, { postBody: `A thought ${mark} ${mentions}` }, { csrfFrom: `/events/${slugs[key]}` }),
        `posting on the ${key} event`,
      );
    }
    for (const key of viewers) {
      if (key !== 'visitor') await ok(await people[key].client.postForm('/settings/events/calendar-address', {}, settings), `${key}'s calendar address`);
    }
  });
  after(() => t?.close());

  const readingPaths = () => [
    '/events',
    '/events?when=past',
    '/events?q=estate+walk',
    '/events?q=casework',
    '/events.json',
    '/events.json?q=walk',
    '/events.csv?q=review',
    '/events.csv',
    '/events.rss',
    '/events.atom',
    '/events.ics',
    `/events?group=${slugs.closedGroup}`,
    `/events.json?group=${slugs.secretGroup}`,
    '/events?tag=estate',
    `/events/calendar?month=${month}`,
    '/events/calendar',
    '/events/new',
    ...[slugs.closed, slugs.secret, slugs.public].flatMap((slug) => [`/events/${slug}`, `/events/${slug}.json`, `/events/${slug}.ics`, `/events/${slug}/edit`, `/events/${slug}/cancel`]),
    `/groups/${slugs.closedGroup}`,
    `/groups/${slugs.secretGroup}`,
    `/groups/${slugs.closedGroup}/events.ics`,
    `/groups/${slugs.secretGroup}/events.ics`,
    `/conversations/event/${ids.closed}`,
    `/conversations/event/${ids.closed}.json`,
    `/conversations/event/${ids.secret}`,
    `/conversations/event/${ids.secret}.json`,
    '/activity',
    '/activity.json',
    '/activity.rss',
    '/activity.atom',
    '/search?q=thought',
    '/search.json?q=thought',
    '/settings/events',
    '/notifications',
    '/notifications.json',
  ];

  test('no viewer meets an event, a post on it or a joining link they may not, on any path', async () => {
    const failures: string[] = [];
    for (const viewer of viewers) {
      const words = forbidden(viewer);
      for (const path of readingPaths()) {
        const response = await people[viewer].client.get(path);
        if (response.status >= 500) failures.push(`${viewer} ${path}: ${response.status}`);
        // The address asked for, and the words searched for, may be repeated back (a sign-in
        // link, the search box): that tells nothing the viewer did not type.
        const typed = [path.split('?')[0]!, ...new URLSearchParams(path.split('?')[1] ?? '').values()];
        const body = typed.reduce((text, word) => text.split(word).join(' ').split(encodeURIComponent(word)).join(' '), response.body);
        const leaked = leaks(body, words);
        if (leaked.length > 0) failures.push(`${viewer} ${path}: ${leaked.join(', ')}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  test('joining links never appear in lists, feeds, exports or downloaded files, whoever asks', async () => {
    const failures: string[] = [];
    const lists = ['/events', '/events.json', '/events.csv', '/events.rss', '/events.atom', '/events.ics', `/events/calendar?month=${month}`, `/groups/${slugs.closedGroup}`, `/groups/${slugs.closedGroup}/events.ics`, '/activity', '/settings/events'];
    const files = [slugs.closed, slugs.secret, slugs.public].map((slug) => `/events/${slug}.ics`);
    for (const viewer of viewers) {
      for (const path of [...lists, ...files]) {
        const leaked = leaks((await people[viewer].client.get(path)).body, linkMarks.map((mark) => marks[mark]));
        if (leaked.length > 0) failures.push(`${viewer} ${path}: ${leaked.join(', ')}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  test('those who may see the events find them, and those going and hosting find the link', async () => {
    const sees = async (viewer: ViewerKey, path: string) => (await people[viewer].client.get(path)).body.toLowerCase();
    for (const viewer of ['bystander', 'goer', 'host', 'admin'] as const) {
      for (const path of [`/events/${slugs.closed}`, '/events', '/events.json', '/events.csv', `/events/calendar?month=${month}`, `/groups/${slugs.closedGroup}`, `/conversations/event/${ids.closed}.json`]) {
        assert.ok((await sees(viewer, path)).includes(marks.closed) || path.startsWith('/conversations'), `${viewer} sees the closed event on ${path}`);
      }
      assert.ok((await sees(viewer, `/events/${slugs.closed}`)).includes(marks.closedPost), `${viewer} sees the post on the closed event`);
    }
    for (const viewer of ['goer', 'host', 'admin'] as const) {
      assert.ok((await sees(viewer, `/events/${slugs.secret}`)).includes(marks.secret));
      assert.ok((await sees(viewer, `/events/${slugs.secret}`)).includes(marks.secretLink), `${viewer} sees the secret event's link`);
      assert.ok((await sees(viewer, `/events/${slugs.closed}.json`)).includes(marks.closedLink), `${viewer} gets the closed event's link as JSON`);
    }
    assert.ok(!(await sees('bystander', `/events/${slugs.closed}`)).includes(marks.closedLink), 'a member not going does not get the link');
    assert.ok((await sees('bystander', '/events?q=estate+walk')).includes(`href="/events/${slugs.closed}"`), 'searching finds it for a member');
    assert.ok(!(await sees('outsider', '/events?q=estate+walk')).includes(`href="/events/${slugs.closed}"`), 'and not for anyone else');
    assert.ok((await sees('outsider', `/events/${slugs.public}`)).includes(marks.publicLink), 'the outsider going to the public event gets its link');
    // Doing things is refused the same way as reading: the event is not there.
    for (const viewer of ['outsider', 'pending'] as const) {
      for (const action of ['attend', 'withdraw', 'edit', 'cancel']) {
        const response = await people[viewer].client.postForm(`/events/${slugs.closed}/${action}`, {}, { csrfFrom: '/settings' });
        assert.equal(response.status, 404, `${viewer} ${action}`);
      }
    }
    assert.equal((await people.bystander.client.get(`/events/${slugs.closed}/edit`)).status, 403, 'a member who does not host cannot change it');
  });

  test('a group’s calendar file is for those who may see its content, or whoever holds a member’s key', async () => {
    const path = `/groups/${slugs.closedGroup}/events.ics`;
    for (const viewer of ['visitor', 'outsider', 'pending'] as const) assert.equal((await people[viewer].client.get(path)).status, 404, viewer);
    for (const viewer of ['bystander', 'admin'] as const) {
      const response = await people[viewer].client.get(path);
      assert.equal(response.status, 200);
      assert.equal(response.headers['cache-control'], 'private, no-store');
      const entries = new ICAL.Component(ICAL.parse(response.body)).getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
      assert.deepEqual(entries.map((e) => e.summary), [`Estate walk ${marks.closed}`]);
      assert.equal(entries[0]!.startDate.toJSDate().getTime(), Math.floor(start.getTime() / 60_000) * 60_000);
    }
    const key = async (viewer: ViewerKey) => (await t.db.selectFrom('calendar_tokens').select('token').where('user_id', '=', people[viewer].id!).executeTakeFirstOrThrow()).token;
    const visitor = people.visitor.client;
    const withKey = await visitor.get(`${path}?key=${await key('bystander')}`);
    assert.equal(withKey.status, 200);
    assert.ok(withKey.body.includes(marks.closed));
    assert.equal((await visitor.get(`${path}?key=${await key('outsider')}`)).status, 404);
    assert.equal((await visitor.get(`${path}?key=${await key('pending')}`)).status, 404);
    assert.equal((await visitor.get(`${path}?key=not-a-key`)).status, 404);
    assert.equal((await visitor.get(`/groups/${slugs.secretGroup}/events.ics?key=${await key('bystander')}`)).status, 404);
    assert.equal((await visitor.get(`/groups/${slugs.secretGroup}/events.ics?key=${await key('goer')}`)).status, 200);
    // The group page gives a member the address with their key in it.
    assert.ok((await people.bystander.client.get(`/groups/${slugs.closedGroup}`)).body.includes(`${path}?key=${await key('bystander')}`));
  });

  test('a member’s own calendar has their private events with links; leaving the group takes the event away, and its reminder', async () => {
    const goerKey = (await t.db.selectFrom('calendar_tokens').select('token').where('user_id', '=', people.goer.id!).executeTakeFirstOrThrow()).token;
    const read = async () => {
      const response = await people.visitor.client.get(`/calendar/${goerKey}.ics`);
      assert.equal(response.status, 200);
      return new ICAL.Component(ICAL.parse(response.body)).getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
    };
    const before = await read();
    assert.equal(before.length, 3);
    const closed = before.find((e) => e.summary.includes(marks.closed));
    assert.ok(closed?.description.includes(marks.closedLink), 'with the joining link of what they go to');
    // The bystander's calendar has neither: they are going to nothing.
    const bystanderKey = (await t.db.selectFrom('calendar_tokens').select('token').where('user_id', '=', people.bystander.id!).executeTakeFirstOrThrow()).token;
    const bystanderCalendar = await people.visitor.client.get(`/calendar/${bystanderKey}.ics`);
    assert.equal(leaks(bystanderCalendar.body, Object.values(marks)).length, 0);

    // The goer is removed from the closed group: the event, its link and its reminder go too.
    await people.host.client.postForm(`/groups/${slugs.closedGroup}/members/${people.goer.handle}/remove`, {}, { csrfFrom: '/settings' });
    const after = await read();
    assert.deepEqual(after.map((e) => e.summary).sort(), [`Casework review ${marks.secret}`, 'Open estate fair']);
    assert.equal((await people.goer.client.get(`/events/${slugs.closed}`)).status, 404);
    assert.ok(!(await people.goer.client.get('/settings/events')).body.includes(marks.closed));

    const firstEmail = (await t.db.selectFrom('emails').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow()).id ?? 0;
    const sent = await remindAttendees(t.app, new Date(start.getTime() - 12 * 3600_000));
    const emails = await t.db.selectFrom('emails').select(['recipient', 'subject', 'body_text']).where('id', '>', Number(firstEmail)).execute();
    assert.equal(sent, emails.length);
    const toGoer = emails.filter((e) => e.recipient === people.goer.email).map((e) => e.subject);
    assert.deepEqual(toGoer.sort(), [`Reminder: Casework review ${marks.secret} is coming up`, 'Reminder: Open estate fair is coming up']);
    assert.ok(emails.every((e) => !e.body_text.includes(marks.closed)), 'nobody is reminded of the closed event');
  });

  test('notifications and emails carry nothing of the events to anyone who may not see them', async () => {
    const failures: string[] = [];
    for (const viewer of viewers) {
      const person = people[viewer];
      if (person.id === null) continue;
      const words = forbidden(viewer);
      const notifications = await t.db.selectFrom('notifications').select(['text', 'url', 'subject_type', 'subject_id']).where('user_id', '=', person.id).execute();
      for (const row of notifications) {
        const leaked = leaks(`${row.text} ${row.url}`, words);
        if (leaked.length > 0) failures.push(`${viewer} notification: ${leaked.join(', ')}`);
        if (row.subject_type === 'event' && ['outsider', 'pending'].includes(viewer)) failures.push(`${viewer} was told of event ${row.subject_id}`);
      }
      const emails = await t.db.selectFrom('emails').select(['subject', 'body_text']).where('recipient', '=', person.email).execute();
      for (const row of emails) {
        const leaked = leaks(`${row.subject} ${row.body_text}`, viewer === 'goer' ? words.filter((w) => !w.startsWith('clsd')) : words);
        if (leaked.length > 0) failures.push(`${viewer} email "${row.subject}": ${leaked.join(', ')}`);
      }
    }
    assert.deepEqual(failures, []);
    const bystanderMentions = await t.db.selectFrom('notifications').select('text').where('user_id', '=', people.bystander.id!).where('kind', '=', 'mention').execute();
    assert.equal(bystanderMentions.length, 1, 'the bystander is told of the mention in the closed event only');
  });

  test('writes are rate limited', async () => {
    // Six calendar addresses were made from this address already; the limit is 20 an hour.
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) statuses.push((await people.outsider.client.postForm('/settings/events/calendar-address', {}, { csrfFrom: '/settings' })).status);
    assert.equal(statuses.filter((status) => status === 303).length, 14);
    assert.equal(statuses.at(-1), 429);
  });
});

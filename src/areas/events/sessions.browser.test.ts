/**
 * An open conference in a real browser with JavaScript off, on a phone-sized screen, checked with
 * axe on every new kind of page: twenty people sign up and go, twelve sessions are proposed and
 * voted for (most through the hub's own forms from a test client, one proposal and one vote in
 * the browser), and the host builds the schedule in the browser (rooms, time slots, "fill from
 * votes", one session moved by hand). The schedule then shows the most voted session in the first
 * slot of the largest room: on a phone as a list by time (nothing to scroll sideways), on a wide
 * screen as a grid of rooms by times.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { click, expectAccessible, launchBrowser, mainText, newPage, signIn } from '../../test/browser.ts';
import { TestClient } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';

const password = 'a long enough password';
const year = new Date().getUTCFullYear() + 1;
const attendeeCount = 20;

/** Eleven proposals made through the test client; the twelfth is made in the browser. */
const proposals = [
  'Bus stop accessibility audit',
  'Open spending data clinic',
  'Flood warnings residents trust',
  'Library footfall dashboards',
  'Planning applications made readable',
  'Repairs data for tenants',
  'Street lighting and safety',
  'School streets results',
  'Warm spaces map',
  'Allotment waiting lists',
  'Parish council websites',
];
const browserProposal = 'Ward-level open data for everyone';
/** Votes from the test client: the browser's proposal gets 15 (and one more in the browser), then these. */
const votesFor = [13, 12, 11, 9, 8, 7, 6, 5, 4, 3, 2];

describe('an open conference built from votes, in a browser without JavaScript', () => {
  let hub: TestHub;
  let browser: Browser;
  let host: Page;
  let proposer: Page;
  let voter: Page;
  let eventPath = '';
  const emails: string[] = [];
  const attendees: TestClient[] = [];

  before(async () => {
    // Twenty sign-ups from one address would meet the sign-up limit; limits are tested elsewhere.
    hub = await startTestHub({ listen: true, env: { RATE_LIMITS: 'off' } });
    await setUpHub(hub.app);
    const signUp = async (name: string, email: string) => {
      const client = new TestClient(hub.app);
      const response = await client.postForm('/sign-up', { name, email, password });
      assert.equal(response.status, 303, `signing up ${email}`);
      await client.get(response.location!);
      return client;
    };
    const hostClient = await signUp('Hana Host', 'hana@example.org');
    const created = await hostClient.postForm('/events/new', {
      title: 'Civic data unconference',
      kind: 'open-conference',
      summary: 'Sessions proposed and chosen by the people who come.',
      startDate: `${year}-07-15`,
      startTime: '09:30',
      endTime: '17:00',
      timeZone: 'Europe/London',
      attendance: 'in-person',
      venue: 'Leeds Civic Hall',
      attendeeList: 'everyone',
      host: 'member',
    });
    assert.equal(created.status, 303);
    eventPath = created.location!;

    for (let i = 0; i < attendeeCount; i++) {
      const email = `attendee${i}@example.org`;
      emails.push(email);
      const client = await signUp(`Attendee ${String(i + 1).padStart(2, '0')}`, email);
      assert.equal((await client.postForm(`${eventPath}/attend`, {}, { csrfFrom: eventPath })).status, 303);
      attendees.push(client);
    }
    for (const [index, title] of proposals.entries()) {
      const response = await attendees[index + 1]!.postForm(`${eventPath}/sessions/new`, { title, description: `About ${title.toLowerCase()}.`, leader: '', format: 'discussion' });
      assert.equal(response.status, 303, `proposing ${title}`);
    }
    const ids = new Map((await hub.db.selectFrom('event_sessions').select(['id', 'title']).execute()).map((row) => [row.title, row.id]));
    for (const [index, title] of proposals.entries()) {
      for (let i = 0; i < votesFor[index]!; i++) {
        assert.equal((await attendees[i]!.postForm(`${eventPath}/sessions/${ids.get(title)}/vote`, {}, { csrfFrom: `${eventPath}/sessions` })).status, 303);
      }
    }

    browser = await launchBrowser();
    host = await newPage(browser, { javaScript: false });
    proposer = await newPage(browser, { javaScript: false });
    voter = await newPage(browser, { javaScript: false });
    await signIn(hub, host, 'hana@example.org');
    await signIn(hub, proposer, emails[0]!);
    await signIn(hub, voter, emails[attendeeCount - 1]!);
  });
  after(async () => {
    await browser?.close();
    await hub?.close();
  });

  test('proposing a session in the browser: mistakes shown and kept, then the session', async () => {
    await proposer.goto(`${hub.baseUrl}${eventPath}`);
    assert.match(await mainText(proposer), /11 sessions have been proposed\./);
    assert.ok((await expectAccessible(proposer, 'conference page with sessions')) > 0);
    await click(proposer, 'Propose a session', 'link');
    assert.ok((await expectAccessible(proposer, 'proposal form')) > 0);
    await proposer.getByLabel('What it is about').fill('Every ward’s figures in one place, kept up to date.');
    await proposer.getByRole('radio', { name: 'Talk' }).check();
    await click(proposer, 'Propose the session');
    assert.equal(await proposer.getByRole('heading', { name: 'There is a problem' }).count(), 1);
    assert.match(await proposer.locator('.error-summary').innerText(), /Enter a name for the session\./);
    assert.equal(await proposer.getByLabel('What it is about').inputValue(), 'Every ward’s figures in one place, kept up to date.');
    assert.ok((await expectAccessible(proposer, 'proposal form with a mistake')) > 0);
    await proposer.getByLabel('Name of the session').fill(browserProposal);
    await click(proposer, 'Propose the session');
    assert.equal(await proposer.getByRole('heading', { level: 1, name: browserProposal }).count(), 1);
    assert.match(await mainText(proposer), /has been proposed/);
    assert.match(await mainText(proposer), /Led by\s+Attendee 01/);
    assert.ok((await expectAccessible(proposer, 'session page')) > 0);
    await click(proposer, 'Change it', 'link');
    assert.ok((await expectAccessible(proposer, 'changing a session')) > 0);
    await proposer.goto(`${proposer.url().replace(/\/edit$/, '')}/withdraw`);
    assert.ok((await expectAccessible(proposer, 'withdrawing a session')) > 0);

    // Fifteen votes for it through the client.
    const id = (await hub.db.selectFrom('event_sessions').select('id').where('title', '=', browserProposal).executeTakeFirstOrThrow()).id;
    for (let i = 0; i < 15; i++) {
      assert.equal((await attendees[i]!.postForm(`${eventPath}/sessions/${id}/vote`, {}, { csrfFrom: `${eventPath}/sessions` })).status, 303);
    }
  });

  test('voting in the browser, on the list sorted by votes', async () => {
    await voter.goto(`${hub.baseUrl}${eventPath}/sessions`);
    assert.ok((await expectAccessible(voter, 'list of sessions')) > 0);
    const cards = voter.locator('#proposed-title + ol > li');
    assert.equal(await cards.count(), 12);
    assert.match(await cards.first().innerText(), new RegExp(`${browserProposal}[\\s\\S]*15 votes`));
    await click(voter, `Vote for ${browserProposal}`);
    assert.match(await mainText(voter), new RegExp(`Your vote for “${browserProposal}” is counted\\.`));
    assert.match(await cards.first().innerText(), /16 votes · you voted for it/);
    assert.equal(await voter.getByRole('button', { name: `Take back my vote for ${browserProposal}` }).count(), 1);
    assert.ok((await expectAccessible(voter, 'list of sessions after voting')) > 0);
    const counts = await voter.locator('.session-card__count strong').allInnerTexts();
    assert.deepEqual(counts, ['16 votes', ...votesFor.map((n) => `${n} votes`)]);
  });

  test('the host builds the schedule in the browser: rooms, slots, fill from votes, one move', async () => {
    await host.goto(`${hub.baseUrl}${eventPath}`);
    await click(host, 'Session settings', 'link');
    assert.ok((await expectAccessible(host, 'session settings')) > 0);
    await host.goto(`${hub.baseUrl}${eventPath}`);
    await click(host, 'Build the schedule', 'link');
    assert.ok((await expectAccessible(host, 'schedule builder, empty')) > 0);

    const addRoom = async (name: string, places: string) => {
      await host.getByLabel('Name of the room').fill(name);
      await host.getByLabel('Number of places').fill(places);
      await click(host, 'Add the room');
    };
    await addRoom('Committee Room', 'twenty-five');
    assert.match(await host.locator('.error-summary').innerText(), /Enter the number of places as a whole number/);
    assert.equal(await host.getByLabel('Name of the room').inputValue(), 'Committee Room');
    assert.ok((await expectAccessible(host, 'schedule builder with a mistake')) > 0);
    await host.getByLabel('Number of places').fill('25');
    await click(host, 'Add the room');
    await addRoom('Banqueting Hall', '150');
    await addRoom('Council Chamber', '40');
    assert.match(await mainText(host), /The room “Council Chamber” has been added\./);

    assert.equal(await host.getByLabel('Day').inputValue(), `${year}-07-15`, 'the day starts as the event’s');
    await host.getByLabel('Starts at').fill('10:00');
    await host.getByLabel('Ends at').fill('11:00');
    await host.getByLabel('How many slots of this length, one after another').fill('5');
    await click(host, 'Add the time slots');
    assert.match(await mainText(host), /5 time slots have been added\./);
    assert.equal(await host.getByRole('table', { name: 'Time slots' }).getByRole('rowheader').count(), 5);

    await click(host, 'Fill from votes');
    assert.match(await mainText(host), /12 sessions have been put in the schedule\./);
    assert.ok((await expectAccessible(host, 'schedule builder, filled')) > 0);

    // One move by hand: the least voted session to the last slot; the largest room first, which is taken.
    const least = proposals.at(-1)!;
    const select = host.getByLabel(new RegExp(`^${least}`));
    await select.selectOption({ label: `10:00 to 11:00, Banqueting Hall (taken by “${browserProposal}”)` });
    await click(host, `Put it there for ${least}`);
    assert.match(await host.locator('.error-summary').innerText(), /Another session is already there\./);
    assert.match(await host.getByLabel(new RegExp(`^${least}`)).inputValue(), /^\d+:\d+$/);
    assert.ok((await expectAccessible(host, 'schedule builder, a taken place refused')) > 0);
    await host.getByLabel(new RegExp(`^${least}`)).selectOption({ label: '14:00 to 15:00, Banqueting Hall' });
    await click(host, `Put it there for ${least}`);
    assert.match(await mainText(host), /The session has been moved\./);

    await click(host, 'Change Committee Room', 'link');
    assert.ok((await expectAccessible(host, 'changing a room')) > 0);
    await host.goto(`${hub.baseUrl}${eventPath}/sessions`);
    await click(host, proposals[0]!, 'link');
    await click(host, 'Join it with another', 'link');
    assert.ok((await expectAccessible(host, 'joining sessions')) > 0);
    await host.goBack();
    await click(host, 'Decline it', 'link');
    assert.ok((await expectAccessible(host, 'declining a session')) > 0);
    await host.goto(`${hub.baseUrl}${eventPath}/links`);
    assert.ok((await expectAccessible(host, 'what came of the event')) > 0);
  });

  test('everyone sees the schedule: on a phone a list by time, on a wide screen the grid, the most voted session first in the largest room', async () => {
    // A 375-pixel phone: each time slot with its sessions and their rooms, nothing to scroll sideways.
    const phone = await newPage(browser, { javaScript: false, viewport: { width: 375, height: 812 } });
    await phone.goto(`${hub.baseUrl}${eventPath}`);
    await click(phone, 'The schedule', 'link');
    assert.equal(await phone.getByRole('heading', { level: 1, name: 'Schedule of Civic data unconference' }).count(), 1);
    assert.equal(await phone.getByRole('table').count(), 0, 'no grid on a phone');
    const slotHeadings = await phone.getByRole('heading', { level: 2 }).allInnerTexts();
    assert.deepEqual(slotHeadings.slice(0, 5), ['10:00 to 11:00', '11:00 to 12:00', '12:00 to 13:00', '13:00 to 14:00', '14:00 to 15:00']);
    const first = phone.getByRole('region', { name: '10:00 to 11:00' });
    const firstItems = await first.getByRole('listitem').allInnerTexts();
    assert.equal(firstItems.length, 3);
    assert.match(firstItems[0]!, new RegExp(`^Banqueting Hall\\s+${browserProposal}`));
    assert.match(firstItems[1]!, new RegExp(`^Council Chamber\\s+${proposals[0]}`));
    assert.match(firstItems[2]!, /^Committee Room\s+/);
    const last = phone.getByRole('region', { name: '14:00 to 15:00' });
    assert.match((await last.getByRole('listitem').allInnerTexts())[0]!, new RegExp(`^Banqueting Hall\\s+${proposals.at(-1)}`), 'the session moved by hand');
    assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the page does not scroll sideways');
    assert.ok((await expectAccessible(phone, 'the schedule on a phone')) > 0);
    await click(phone, browserProposal, 'link');
    assert.match(await mainText(phone), /10:00 to 11:00 \(UK time\), Banqueting Hall/);
    assert.match(await mainText(phone), /16 votes/);
    assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'nor does a session’s page');
    await phone.context().close();

    // A wide screen: the grid of rooms by times.
    const wide = await newPage(browser, { javaScript: false, viewport: { width: 1280, height: 900 } });
    await wide.goto(`${hub.baseUrl}${eventPath}/schedule`);
    const table = wide.getByRole('table', { name: 'Sessions at Civic data unconference, by time and room' });
    assert.equal(await table.count(), 1);
    assert.equal(await wide.getByRole('region', { name: '10:00 to 11:00' }).count(), 0, 'no list beside the grid');
    const rooms = await table.getByRole('columnheader').allInnerTexts();
    assert.deepEqual(
      rooms.map((text) => text.split('\n')[0]),
      ['Time', 'Banqueting Hall', 'Council Chamber', 'Committee Room'],
      'largest room first',
    );
    const slots = await table.getByRole('rowheader').allInnerTexts();
    assert.deepEqual(slots, ['10:00 to 11:00', '11:00 to 12:00', '12:00 to 13:00', '13:00 to 14:00', '14:00 to 15:00']);
    const firstRow = table.locator('tbody tr').first();
    assert.match(await firstRow.getByRole('cell').first().innerText(), new RegExp(`^${browserProposal}`));
    assert.match(await firstRow.getByRole('cell').nth(1).innerText(), new RegExp(`^${proposals[0]}`));
    assert.match(await table.locator('tbody tr').last().getByRole('cell').first().innerText(), new RegExp(`^${proposals.at(-1)}`), 'the session moved by hand');
    assert.ok((await expectAccessible(wide, 'the schedule on a wide screen')) > 0);
    await wide.context().close();
  });
});

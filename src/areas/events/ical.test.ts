/**
 * The iCalendar writer and the time-zone arithmetic, on their own: line ends, folding, escaping,
 * and the change between GMT and BST, all checked by parsing with ical.js.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import ICAL from 'ical.js';
import { daysOf, monthGrid } from './events.calendar.ts';
import type { EventCard } from './events.queries.ts';
import { escapeText, foldLine, renderCalendar, type CalendarEntry } from './ical.ts';
import { formatRange, localInputs, offsetAt, zonedToUtc } from './events.time.ts';

const entry = (fields: Partial<CalendarEntry> = {}): CalendarEntry => ({
  uid: 'event-1@hub.seedbed.test',
  sequence: 0,
  start: new Date('2027-07-15T09:00:00Z'),
  end: new Date('2027-07-15T15:30:00Z'),
  created: new Date('2026-11-01T12:00:00Z'),
  lastModified: new Date('2026-11-02T12:00:00Z'),
  summary: 'Open data hack day',
  description: 'Bring a laptop.',
  location: 'Huddersfield Library',
  url: 'http://hub.seedbed.test/events/open-data-hack-day',
  cancelled: false,
  ...fields,
});

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return { calendar, events: calendar.getAllSubcomponents('vevent') };
}

/** Every physical line ends in CRLF and is at most 75 octets; continuations start with a space. */
function assertWellFormed(text: string) {
  assert.ok(text.endsWith('\r\n'), 'the file ends with CRLF');
  assert.doesNotMatch(text.replace(/\r\n/g, ''), /[\r\n]/, 'no bare CR or LF');
  for (const line of text.split('\r\n').slice(0, -1)) {
    assert.ok(Buffer.byteLength(line, 'utf8') <= 75, `line too long (${Buffer.byteLength(line, 'utf8')} octets): ${line}`);
  }
}

describe('the iCalendar writer', () => {
  test('writes a calendar ical.js reads, with UTC times, a stable UID and the calendar name', () => {
    const text = renderCalendar({ name: 'Events – Riverside', entries: [entry()], stamp: new Date('2026-11-22T08:00:00Z') });
    assertWellFormed(text);
    assert.match(text, /^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\nPRODID:/);
    assert.match(text, /\r\nMETHOD:PUBLISH\r\n/);
    assert.match(text, /\r\nDTSTART:20270715T090000Z\r\n/);
    assert.match(text, /\r\nDTEND:20270715T153000Z\r\n/);
    assert.match(text, /\r\nDTSTAMP:20261122T080000Z\r\n/);
    const { calendar, events } = parse(text);
    assert.equal(calendar.getFirstPropertyValue('x-wr-calname'), 'Events – Riverside');
    assert.equal(calendar.getFirstPropertyValue('method'), 'PUBLISH');
    assert.equal(events.length, 1);
    const event = new ICAL.Event(events[0]!);
    assert.equal(event.uid, 'event-1@hub.seedbed.test');
    assert.equal(event.summary, 'Open data hack day');
    assert.equal(event.startDate.toJSDate().toISOString(), '2027-07-15T09:00:00.000Z');
    assert.equal(event.endDate.toJSDate().toISOString(), '2027-07-15T15:30:00.000Z');
    assert.equal(event.startDate.zone?.tzid, 'UTC');
    assert.equal(events[0]!.getFirstPropertyValue('status'), 'CONFIRMED');
    assert.equal(String(events[0]!.getFirstPropertyValue('url')), 'http://hub.seedbed.test/events/open-data-hack-day');
  });

  test('escapes backslashes, semicolons, commas and line breaks, and folds long lines without splitting characters', () => {
    const awkward = 'Beans; peas, and C:\\compost\nsecond line\r\nthird – “quoted” ☕ '.repeat(4);
    const text = renderCalendar({ name: 'A, b; c', entries: [entry({ summary: awkward, description: awkward, location: 'Room 2; Floor 1, Town Hall' })] });
    assertWellFormed(text);
    assert.match(text, /SUMMARY:Beans\\; peas\\, and C:\\\\compost\\nsecond line\\nthird/);
    // X- properties are TEXT (RFC 5545 §3.8.8.2), escaped like any other; ical.js leaves them raw.
    assert.match(text, /\r\nX-WR-CALNAME:A\\, b\\; c\r\n/);
    const { events } = parse(text);
    const event = new ICAL.Event(events[0]!);
    const expected = awkward.replace(/\r\n/g, '\n');
    assert.equal(event.summary, expected);
    assert.equal(event.description, expected);
    assert.equal(event.location, 'Room 2; Floor 1, Town Hall');
  });

  test('folds at 75 octets, continuing with a space', () => {
    const line = `DESCRIPTION:${'é'.repeat(100)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    assert.ok(parts.length > 1);
    for (const part of parts) assert.ok(Buffer.byteLength(part) <= 75);
    for (const part of parts.slice(1)) assert.ok(part.startsWith(' '));
    assert.equal(parts.map((part, i) => (i === 0 ? part : part.slice(1))).join(''), line);
    assert.equal(foldLine('SHORT:yes'), 'SHORT:yes');
    assert.equal(escapeText('a\\b;c,d\ne'), 'a\\\\b\\;c\\,d\\ne');
  });

  test('marks cancelled events as cancelled', () => {
    const { events } = parse(renderCalendar({ name: 'x', entries: [entry({ cancelled: true, sequence: 3 })] }));
    assert.equal(events[0]!.getFirstPropertyValue('status'), 'CANCELLED');
    assert.equal(events[0]!.getFirstPropertyValue('sequence'), 3);
  });
});

describe('times in a zone', () => {
  const year = new Date().getUTCFullYear() + 1;
  // The last Sundays of March and October: when UK clocks change.
  const lastSunday = (month: number) => {
    const last = new Date(Date.UTC(year, month, 0));
    return last.getUTCDate() - last.getUTCDay();
  };
  const spring = lastSunday(3);
  const autumn = lastSunday(10);
  const local = (month: number, day: number, hour: number, minute = 0) => ({ year, month, day, hour, minute });

  test('the same wall-clock time is an hour apart in UTC in winter and in summer', () => {
    const winter = zonedToUtc(local(1, 15, 10), 'Europe/London');
    const summer = zonedToUtc(local(7, 15, 10), 'Europe/London');
    assert.ok(winter.ok && summer.ok);
    assert.equal(winter.instant.toISOString(), `${year}-01-15T10:00:00.000Z`);
    assert.equal(summer.instant.toISOString(), `${year}-07-15T09:00:00.000Z`);
    assert.equal(offsetAt(summer.instant, 'Europe/London'), 3600_000);
    assert.match(formatRange(winter.instant, new Date(winter.instant.getTime() + 3600_000), 'Europe/London'), /10:00 GMT to 11:00 GMT$/);
    assert.match(formatRange(summer.instant, new Date(summer.instant.getTime() + 3600_000), 'Europe/London'), /10:00 BST to 11:00 BST$/);
  });

  test('an hour skipped when the clocks go forward does not exist; one repeated when they go back is taken the first time', () => {
    const skipped = zonedToUtc(local(3, spring, 1, 30), 'Europe/London');
    assert.deepEqual(skipped, { ok: false, error: 'skipped' });
    const twice = zonedToUtc(local(10, autumn, 1, 30), 'Europe/London');
    assert.ok(twice.ok);
    assert.equal(twice.instant.toISOString(), `${year}-10-${String(autumn).padStart(2, '0')}T00:30:00.000Z`);
    const before = zonedToUtc(local(3, spring, 0, 30), 'Europe/London');
    const after = zonedToUtc(local(3, spring, 3, 0), 'Europe/London');
    assert.ok(before.ok && after.ok);
    // Half past midnight GMT to three o'clock BST is an hour and a half.
    assert.equal(after.instant.getTime() - before.instant.getTime(), 90 * 60_000);
    assert.match(formatRange(before.instant, after.instant, 'Europe/London'), /00:30 GMT to 03:00 BST$/);
  });

  test('other zones, and impossible dates', () => {
    const kolkata = zonedToUtc(local(7, 15, 10), 'Asia/Kolkata');
    assert.ok(kolkata.ok);
    assert.equal(kolkata.instant.toISOString(), `${year}-07-15T04:30:00.000Z`);
    const sydney = zonedToUtc(local(1, 15, 10), 'Australia/Sydney');
    assert.ok(sydney.ok);
    assert.equal(sydney.instant.toISOString(), `${year}-01-14T23:00:00.000Z`);
    assert.deepEqual(zonedToUtc(local(2, 30, 10), 'Europe/London'), { ok: false, error: 'invalid' });
    assert.deepEqual(localInputs(sydney.instant, 'Australia/Sydney'), { date: `${year}-01-15`, time: '10:00' });
  });

  test('the month grid puts events on their local days, Monday first', () => {
    const card = (start: string, end: string, zone = 'Europe/London') =>
      ({ id: 1, startsAt: new Date(start), endsAt: new Date(end), timeZone: zone }) as unknown as EventCard;
    // 23:30 UTC on 31 July is 00:30 BST on 1 August.
    const late = card('2027-07-31T23:30:00Z', '2027-08-01T01:00:00Z');
    assert.deepEqual(daysOf(late), ['2027-08-01']);
    // Three days, ending at midnight: the third day is not one of them.
    const long = card('2027-08-02T08:00:00Z', '2027-08-04T23:00:00Z');
    assert.deepEqual(daysOf(long), ['2027-08-02', '2027-08-03', '2027-08-04']);
    const weeks = monthGrid({ year: 2027, month: 8 }, [late, long], '2027-08-03');
    // 1 August 2027 is a Sunday.
    assert.equal(weeks[0]!.filter((day) => day === null).length, 6);
    assert.equal(weeks[0]![6]!.events.length, 1);
    assert.equal(weeks[1]![1]!.today, true);
    assert.equal(weeks[1]![2]!.events.length, 1);
    assert.equal(weeks[1]![3]!.events.length, 0);
  });
});

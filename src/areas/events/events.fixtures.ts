/** What the events tests share: signed-in members, an open conference's form, readable failures. */
import assert from 'node:assert/strict';
import type { TestResponse } from '../../test/http.ts';
import { textOf } from '../../test/people.ts';

export { password, signedInMember, textOf, type Member } from '../../test/people.ts';

/** Events are made next year, so they are always still to come. */
export const year = new Date().getUTCFullYear() + 1;
/** Forms whose CSRF token is fetched from the settings page. */
export const settings = { csrfFrom: '/settings' };

/** Asserts the status, showing the page's text when it is not the one expected. */
export function expect(response: TestResponse, status: number, what: string) {
  assert.equal(response.status, status, `${what} answered ${response.status}: ${textOf(response.body).slice(0, 500)}`);
  return response;
}

/** The new-event form for an open conference in Leeds, next July. */
export function conferenceFields(extra: Record<string, string> = {}): Record<string, string> {
  return {
    title: 'Open data unconference',
    kind: 'open-conference',
    summary: 'A day of sessions proposed by those who come.',
    description: '',
    startDate: `${year}-07-15`,
    startTime: '10:00',
    endDate: '',
    endTime: '17:00',
    timeZone: 'Europe/London',
    attendance: 'in-person',
    venue: 'Leeds Civic Hall',
    address: '',
    access: '',
    onlineUrl: '',
    place: 'Leeds',
    localAuthority: '',
    capacity: '',
    attendeeList: 'everyone',
    tags: '',
    host: 'member',
    ...extra,
  };
}

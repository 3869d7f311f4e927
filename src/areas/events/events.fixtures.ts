/** What the events tests share: signed-in members, an open conference's form, readable failures. */
import assert from 'node:assert/strict';
import { TestClient, type TestResponse } from '../../test/http.ts';
import type { TestHub } from '../../test/hub.ts';
import { createAccount } from '../accounts/accounts.commands.ts';

export const password = 'a long enough password';
/** Events are made next year, so they are always still to come. */
export const year = new Date().getUTCFullYear() + 1;
/** Forms whose CSRF token is fetched from the settings page. */
export const settings = { csrfFrom: '/settings' };

export interface Member {
  id: number;
  handle: string;
  name: string;
  email: string;
  client: TestClient;
}

/** A new member with a confirmed email, signed in; the email is made from the first name unless given. */
export async function signedInMember(t: TestHub, name: string, email = `${name.split(' ')[0]!.toLowerCase()}@example.org`): Promise<Member> {
  const created = await createAccount(t.db, { name, email, password, verified: true });
  assert.ok(created.ok, `creating ${email}`);
  const client = new TestClient(t.app);
  await client.signIn(email, password);
  return { id: created.userId, handle: created.handle, name, email, client };
}

export function textOf(body: string) {
  return body
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

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

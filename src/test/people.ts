/** Members for tests: made with a confirmed email and signed in, and pages read as plain text. */
import assert from 'node:assert/strict';
import { createAccount } from '../areas/accounts/accounts.commands.ts';
import { TestClient, type TestResponse } from './http.ts';
import type { TestHub } from './hub.ts';

export const password = 'a long enough password';

export interface Member {
  id: number;
  handle: string;
  name: string;
  email: string;
  client: TestClient;
}

/**
 * A new member, signed in; the email is made from the first name unless given, and is confirmed
 * unless `verified` is false.
 */
export async function signedInMember(
  t: TestHub,
  name: string,
  email = `${name.split(' ')[0]!.toLowerCase()}@example.org`,
  verified = true,
): Promise<Member> {
  const created = await createAccount(t.db, { name, email, password, verified });
  assert.ok(created.ok, `creating ${email}`);
  const client = new TestClient(t.app);
  await client.signIn(email, password);
  return { id: created.userId, handle: created.handle, name, email, client };
}

/** A page's text without its tags, with the common entities read and the spaces squeezed. */
export function textOf(body: string) {
  return body
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** The text of a form's error summary, or '' when there is none. */
export function problems(response: TestResponse): string {
  return /There is a problem[\s\S]*?<\/ul>/.exec(response.body)?.[0].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ') ?? '';
}

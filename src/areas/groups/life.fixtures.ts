/**
 * For tests of group life: members signed in through the forms, groups, posts and pitches made
 * the way people make them.
 */
import assert from 'node:assert/strict';
import { TestClient, type TestResponse } from '../../test/http.ts';
import type { TestHub } from '../../test/hub.ts';
import { createAccount } from '../accounts/accounts.commands.ts';

export const password = 'a long enough password';
/** Any page with a form, to take a CSRF token from. */
export const settings = { csrfFrom: '/settings' };

export interface Member {
  id: number;
  handle: string;
  email: string;
  name: string;
  client: TestClient;
}

export async function member(t: TestHub, name: string, email: string, options: { verified?: boolean } = {}): Promise<Member> {
  const created = await createAccount(t.db, { name, email, password, verified: options.verified ?? true });
  assert.ok(created.ok, `creating ${email}`);
  const client = new TestClient(t.app);
  await client.signIn(email, password);
  return { id: created.userId, handle: created.handle, email, name, client };
}

export function form(client: TestClient, path: string, fields: Record<string, string> = {}): Promise<TestResponse> {
  return client.postForm(path, fields, settings);
}

export async function newGroup(client: TestClient, fields: Record<string, string>, path = '/groups/new'): Promise<{ slug: string }> {
  const response = await client.postForm(path, { purpose: 'Working together.', visibility: 'open', ...fields });
  assert.equal(response.status, 303, `creating a group answered ${response.status}: ${response.body.slice(0, 300)}`);
  return { slug: response.location!.slice('/groups/'.length) };
}

export async function groupIdOf(t: TestHub, slug: string): Promise<number> {
  return (await t.db.selectFrom('groups').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
}

/** Joins an open group, or asks to join a closed one and is approved by `facilitator`. */
export async function join(slug: string, who: Member, facilitator?: Member) {
  assert.equal((await form(who.client, `/groups/${slug}/join`)).status, 303);
  if (facilitator) assert.equal((await form(facilitator.client, `/groups/${slug}/members/${who.handle}/approve`)).status, 303);
}

/** A post (or a reply) in a group's conversation; returns its id. */
export async function postIn(client: TestClient, groupId: number, body: string, parentId?: number): Promise<number> {
  const fields: Record<string, string> = { postBody: body };
  if (parentId) fields.parentId = String(parentId);
  const response = await client.postForm(`/conversations/group/${groupId}/posts`, fields, settings);
  assert.equal(response.status, 303, `posting answered ${response.status}: ${response.body.slice(0, 300)}`);
  const id = /#post-(\d+)$/.exec(response.location ?? '')?.[1];
  assert.ok(id, `the post's address: ${response.location}`);
  return Number(id);
}

/** A pitch published into a group (or the whole hub with null); returns its slug and id. */
export async function pitchInto(t: TestHub, client: TestClient, title: string, groupId: number | null, extra: Record<string, string> = {}) {
  const response = await client.postForm('/pitches/new', {
    kind: 'idea',
    title,
    summary: `Summary of ${title}`,
    body: `All about ${title}.`,
    terms: 'free',
    stage: 'idea',
    tags: 'gardening',
    group: groupId === null ? '' : String(groupId),
    action: 'publish',
    ...extra,
  });
  assert.equal(response.status, 303, `pitching answered ${response.status}: ${response.body.slice(0, 300)}`);
  const slug = response.location!.slice('/pitches/'.length);
  const row = await t.db.selectFrom('pitches').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  return { slug, id: row.id };
}


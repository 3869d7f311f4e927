/**
 * Every GET operation in /api/openapi.json is called on a hub with real content, and each answer
 * is checked against the schema the document publishes for it, with a JSON Schema validator that
 * knows nothing of how the document was made.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { createAccount } from '../accounts/accounts.commands.ts';
import { hashToken } from '../../web/auth.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { TestClient } from '../../test/http.ts';
import { roundFields, setPhase } from '../awards/awards.fixtures.ts';

let hub: TestHub;
const token = 'sb_conformance-test-token-0123456789abcdef';
const values: Record<string, string> = {};

before(async () => {
  hub = await startTestHub();
  const admin = await setUpHub(hub.app);
  const created = await createAccount(hub.db, { name: 'Nia Network', email: 'nia@example.org', password: 'a long enough password', verified: true });
  assert.ok(created.ok);
  await hub.db.insertInto('api_tokens').values({ user_id: created.userId, name: 'tests', token_hash: hashToken(token), token_prefix: token.slice(0, 7) }).execute();
  const api = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const client = new TestClient(hub.app);

  const nia = new TestClient(hub.app);
  await nia.signIn('nia@example.org', 'a long enough password');
  const organisation = await nia.postForm('/organisations/new', { name: 'Calder Food Network', type: 'charity', description: 'Surplus food for community fridges.', tags: 'food' });
  assert.equal(organisation.status, 303);
  const knowledge = await nia.postForm('/knowledge/new', { title: 'Running a community fridge', body: 'Start with [[Food hygiene]].', summary: '', template: '' });
  assert.equal(knowledge.status, 303);
  assert.equal((await nia.postForm('/groups/new', { name: 'Calder growers', purpose: 'Growing food together.', visibility: 'open' })).status, 303);
  const groupPage = await nia.postForm('/groups/calder-growers/knowledge/new', { title: 'Seed swaps', body: 'See [[Running a community fridge]].', summary: '', template: '' });
  assert.equal(groupPage.status, 303);
  const file = { name: 'attachment', filename: 'swap-list.csv', contentType: 'text/csv', data: Buffer.from('seed,who\nbeans,Nia\n') };
  assert.equal((await nia.postMultipart(`${groupPage.location}/attachments`, { description: 'Who brings what' }, [file], { csrfFrom: groupPage.location! })).status, 303);
  const event = await nia.postForm('/events/new', {
    title: 'Fridge volunteers meetup',
    kind: 'meetup',
    summary: 'Meet the other volunteers.',
    startDate: `${new Date().getUTCFullYear() + 1}-06-10`,
    startTime: '18:00',
    endTime: '20:00',
    timeZone: 'Europe/London',
    attendance: 'hybrid',
    venue: 'Todmorden Town Hall',
    onlineUrl: 'https://meet.example.org/fridge',
    capacity: '30',
    attendeeList: 'everyone',
    tags: 'food',
  });
  assert.equal(event.status, 303, event.body.slice(0, 300));
  await nia.postForm('/events/fridge-volunteers-meetup/attend', {}, { csrfFrom: '/settings' });
  // Its hosts take session proposals, and one is in the schedule.
  const meetup = '/events/fridge-volunteers-meetup';
  assert.equal((await nia.postForm(`${meetup}/sessions/settings`, { enabled: 'yes', proposals: 'open', voteLimit: '' })).status, 303);
  assert.equal((await nia.postForm(`${meetup}/sessions/new`, { title: 'Rotas that work', description: 'Who opens up.', leader: '', format: 'discussion' })).status, 303);
  const build = { csrfFrom: `${meetup}/schedule/edit` };
  assert.equal((await nia.postForm(`${meetup}/schedule/rooms`, { roomName: 'Main hall', roomCapacity: '30' }, build)).status, 303);
  assert.equal((await nia.postForm(`${meetup}/schedule/slots`, { slotDate: `${new Date().getUTCFullYear() + 1}-06-10`, slotStart: '18:00', slotEnd: '19:00', slotRepeat: '1' }, build)).status, 303);
  assert.equal((await nia.postForm(`${meetup}/schedule/fill`, {}, build)).status, 303);

  const pitch = await client.request('POST', '/api/pitches', {
    headers: api,
    payload: JSON.stringify({ kind: 'offer', title: 'Community fridge in Todmorden', summary: 'Surplus food shared.', body: 'We run a fridge.', tags: ['food'], publish: true }),
  });
  assert.equal(pitch.status, 201, pitch.body);
  const slug = pitch.json<{ slug: string }>().slug;
  const pitchId = (await hub.db.selectFrom('pitches').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
  const post = await client.request('POST', `/api/conversations/pitch/${pitchId}/posts`, { headers: api, payload: JSON.stringify({ body: 'Open on Saturdays.' }) });
  assert.equal(post.status, 201, post.body);

  // A published story: nominated by a member, accepted and published by an administrator.
  assert.equal(
    (await nia.postForm('/stories/nominate', { people: 'Calder Food Network', what: 'A fridge anyone can use.', why: 'Less food wasted.', nominatorName: 'Nia', selfNomination: 'yes' })).location,
    '/stories/nominate/received',
  );
  const nomination = (await hub.db.selectFrom('story_nominations').select('id').executeTakeFirstOrThrow()).id;
  const accepted = await admin.postForm(`/stories/review/${nomination}/accept`, { title: 'The Todmorden community fridge', reporter: 'nia-network' }, { csrfFrom: `/stories/review/${nomination}` });
  assert.equal(accepted.location, '/stories/the-todmorden-community-fridge');
  assert.equal((await admin.postForm('/stories/the-todmorden-community-fridge/publish', {}, { csrfFrom: accepted.location })).status, 303);
  // An awards round with the pitch nominated, its results out.
  assert.equal((await admin.postForm('/awards/new', roundFields({ name: 'Calder awards', panel: ['nia-network'] }))).status, 303);
  const round = await hub.db.selectFrom('award_rounds').select('id').where('slug', '=', 'calder-awards').executeTakeFirstOrThrow();
  const category = await hub.db.selectFrom('award_categories').select('id').where('round_id', '=', round.id).orderBy('position').executeTakeFirstOrThrow();
  await setPhase(hub.db, round.id, 'nominating');
  const nominated = await nia.postForm('/awards/calder-awards/nominate', { category: String(category.id), address: `/pitches/${slug}`, reason: 'It shares food.' });
  assert.equal(nominated.status, 303, nominated.body.slice(0, 300));
  await setPhase(hub.db, round.id, 'results');
  values.nominationId = nominated.location!.split('/').pop()!;

  Object.assign(values, { handle: 'nia-network', tag: 'food', type: 'pitch', id: String(pitchId), pitchSlug: slug, organisationSlug: 'calder-food-network', page: 'seed-swaps' });
});
after(() => hub.close());

/** Each area's `{slug}` names a different kind of thing. */
function slugFor(path: string): string | undefined {
  if (path.startsWith('/organisations')) return values.organisationSlug;
  if (path.startsWith('/knowledge')) return 'running-a-community-fridge';
  if (path.startsWith('/groups')) return 'calder-growers';
  if (path.startsWith('/events')) return 'fridge-volunteers-meetup';
  if (path.startsWith('/stories')) return 'the-todmorden-community-fridge';
  if (path.startsWith('/awards')) return 'calder-awards';
  return values.pitchSlug;
}

function fill(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    const value =
      name === 'slug'
        ? slugFor(path)
        : name === 'page' && path.startsWith('/knowledge/')
          ? 'running-a-community-fridge'
          : name === 'id' && path.startsWith('/awards')
            ? values.nominationId
            : values[name];
    assert.ok(value, `the test knows no value for {${name}} in ${path}: add one`);
    return value;
  });
}

test('every documented GET answers with JSON that matches its published schema', async () => {
  const document = (await hub.app.inject('/api/openapi.json')).json<{ paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>> }>();
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const queries: Record<string, string> = { '/search.json': '?q=fridge' };
  let checked = 0;
  for (const [path, operations] of Object.entries(document.paths)) {
    const get = operations.get;
    if (!get) continue;
    const schema = get.responses['200']?.content?.['application/json']?.schema;
    assert.ok(schema, `${path} publishes a schema for its 200 answer`);
    const response = await hub.app.inject({ method: 'GET', url: fill(path) + (queries[path] ?? ''), headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.statusCode, 200, `GET ${path}: ${response.body.slice(0, 300)}`);
    const validate = ajv.compile(schema);
    const valid = validate(response.json());
    assert.ok(valid, `GET ${path} does not match its schema: ${ajv.errorsText(validate.errors)}`);
    checked++;
  }
  assert.ok(checked >= 15, `checked ${checked} operations`);
});

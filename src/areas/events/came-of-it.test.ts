/**
 * What came of an event, started from its page: "Start a pitch", "Write a knowledge page" and
 * "Nominate a story from this event" open the other areas' forms with the event carried along;
 * what is made is linked to the event and shows on its page (and in its JSON), only to viewers
 * who may see both. Only those taking part (going, or hosting) may link; anyone else's
 * `from_event` is ignored, and the form says nothing of an event they may not see.
 */
import { TestClient } from '../../test/http.ts';
import { conferenceFields, expect, settings, signedInMember, textOf, type Member } from './events.fixtures.ts';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { eventSchema } from './events.schemas.ts';


const pitchFields = (title: string, extra: Record<string, string> = {}) => ({
  kind: 'idea',
  title,
  summary: 'Came out of a session.',
  body: '',
  terms: 'free',
  stage: 'idea',
  action: 'publish',
  ...extra,
});

/** The "What came of it" section of an event page, as text. */
function cameOfIt(body: string): string {
  const text = textOf(body);
  const start = text.indexOf('What came of it');
  assert.ok(start >= 0, 'the page has the section');
  return text.slice(start);
}

describe('what came of an event, started from its page', () => {
  let t: TestHub;
  let hana: Member;
  let ada: Member;
  let otto: Member;
  let admin: TestClient;
  let visitor: TestClient;
  let path = '';
  let slug = '';
  let eventId = 0;
  let closedGroup = { id: 0, slug: '' };
  let closedEvent = '';

  const member = (name: string) => signedInMember(t, name);

  const links = () => t.db.selectFrom('event_links').select(['subject_type', 'subject_id', 'linked_by']).where('event_id', '=', eventId).orderBy('created_at').execute();

  before(async () => {
    t = await startTestHub({ env: { RATE_LIMITS: 'off' } });
    admin = await setUpHub(t.app);
    hana = await member('Hana Host');
    ada = await member('Ada Attendee');
    otto = await member('Otto Outsider');
    visitor = new TestClient(t.app);
    path = expect(await hana.client.postForm('/events/new', conferenceFields()), 303, 'adding the conference').location!;
    slug = path.slice('/events/'.length);
    eventId = (await t.db.selectFrom('events').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
    expect(await ada.client.postForm(`${path}/attend`, {}, settings), 303, 'Ada going');

    // A closed group with Ada in it, and an event of its own.
    const groupPath = expect(await hana.client.postForm('/groups/new', { name: 'Estate panel', purpose: 'Plans for the estate.', visibility: 'closed' }), 303, 'a closed group').location!;
    closedGroup = { slug: groupPath.slice('/groups/'.length), id: 0 };
    closedGroup.id = (await t.db.selectFrom('groups').select('id').where('slug', '=', closedGroup.slug).executeTakeFirstOrThrow()).id;
    expect(await ada.client.postForm(`${groupPath}/join`, {}, settings), 303, 'asking to join');
    expect(await hana.client.postForm(`${groupPath}/members/${ada.handle}/approve`, {}, settings), 303, 'approving');
    closedEvent = expect(
      await hana.client.postForm('/events/new', conferenceFields({ title: 'Estate jam clsdjam5x1', kind: 'knowledge-jam', host: `group:${closedGroup.id}` })),
      303,
      'the group’s jam',
    ).location!;
    expect(await ada.client.postForm(`${closedEvent}/attend`, {}, settings), 303, 'Ada going to the jam');
  });
  after(() => t.close());

  test('those taking part are offered to start a pitch, a page or a story from the event; nobody else is', async () => {
    const page = await ada.client.get(path);
    const from = `from_event=${slug}`;
    assert.match(page.body, new RegExp(`<a href="/pitches/new\\?${from}">Start a pitch from this event</a>`));
    assert.match(page.body, new RegExp(`<a href="/knowledge/new\\?${from}">Write a knowledge page from this event</a>`));
    assert.match(page.body, new RegExp(`<a href="/stories/nominate\\?${from}">Nominate a story from this event</a>`));
    for (const [who, client] of [
      ['someone not going', otto.client],
      ['a visitor', visitor],
    ] as const) {
      assert.doesNotMatch((await client.get(path)).body, /from_event=/, who);
    }
    // A group's event starts its pages in the group's wiki.
    assert.match((await ada.client.get(closedEvent)).body, new RegExp(`href="/groups/${closedGroup.slug}/knowledge/new\\?from_event=`));
  });

  test('a pitch started from the event is linked to it and shows on its page, to everyone who may see the pitch', async () => {
    const form = expect(await ada.client.get(`/pitches/new?from_event=${slug}`), 200, 'the pitch form');
    assert.match(textOf(form.body), /This pitch will be linked to “Open data unconference”/);
    assert.match(form.body, new RegExp(`<input type="hidden" name="from_event" value="${slug}"/>`));

    // A mistake keeps the event in the form.
    const bad = expect(await ada.client.postForm('/pitches/new', { ...pitchFields(''), from_event: slug }, { csrfFrom: '/pitches/new' }), 400, 'a pitch without a title');
    assert.match(bad.body, new RegExp(`name="from_event" value="${slug}"`));

    const made = expect(await ada.client.postForm('/pitches/new', { ...pitchFields('Empty shops map'), from_event: slug }, { csrfFrom: '/pitches/new' }), 303, 'the pitch');
    await ada.client.get(made.location!);
    const pitch = await t.db.selectFrom('pitches').select('id').where('title', '=', 'Empty shops map').executeTakeFirstOrThrow();
    assert.deepEqual(await links(), [{ subject_type: 'pitch', subject_id: pitch.id, linked_by: ada.id }]);
    for (const client of [visitor, otto.client, hana.client]) {
      assert.match(cameOfIt((await client.get(path)).body), /Empty shops map \(pitch\)/);
    }
    const json = eventSchema.parse((await visitor.get(`${path}.json`)).json());
    assert.deepEqual(
      json.cameOfIt.map((item) => item.title),
      ['Empty shops map'],
    );

    // Someone not going may send the field too: the pitch is made, but not linked.
    const form2 = await otto.client.get(`/pitches/new?from_event=${slug}`);
    assert.doesNotMatch(form2.body, /from_event/);
    expect(await otto.client.postForm('/pitches/new', { ...pitchFields('Not from the event'), from_event: slug }, { csrfFrom: '/pitches/new' }), 303, 'Otto’s pitch');
    assert.equal((await links()).length, 1);
  });

  test('a pitch posted into a closed group shows on a public event’s page only to the group', async () => {
    const form = await ada.client.get(`/pitches/new?from_event=${slug}`);
    assert.match(form.body, /name="group"/);
    const made = expect(
      await ada.client.postForm('/pitches/new', { ...pitchFields('Estate repairs clsdpitch7w2'), group: String(closedGroup.id), from_event: slug }, { csrfFrom: '/pitches/new' }),
      303,
      'a pitch in the closed group',
    );
    await ada.client.get(made.location!);
    assert.equal((await links()).length, 2);
    assert.match(cameOfIt((await ada.client.get(path)).body), /Estate repairs clsdpitch7w2/);
    assert.match(cameOfIt((await hana.client.get(path)).body), /Estate repairs clsdpitch7w2/);
    for (const client of [visitor, otto.client]) {
      assert.doesNotMatch((await client.get(path)).body, /clsdpitch/);
      assert.doesNotMatch((await client.get(`${path}.json`)).body, /clsdpitch/);
      assert.doesNotMatch((await client.get(`${path}/links`)).body, /clsdpitch/);
    }
  });

  test('a closed group’s event: its pitches go into the group, and outsiders learn nothing of it from the forms', async () => {
    const jamSlug = closedEvent.slice('/events/'.length);
    const form = await ada.client.get(`/pitches/new?from_event=${jamSlug}`);
    assert.match(textOf(form.body), /This pitch will be linked to “Estate jam clsdjam5x1”/);
    assert.match(form.body, new RegExp(`<option value="${closedGroup.id}" selected`), 'the group is chosen');
    for (const url of [`/pitches/new?from_event=${jamSlug}`, `/knowledge/new?from_event=${jamSlug}`, `/stories/nominate?from_event=${jamSlug}`]) {
      const response = await otto.client.get(url);
      assert.ok([200, 403].includes(response.status), `${url} answered ${response.status}`);
      assert.doesNotMatch(response.body, /clsdjam|from_event/, url);
    }
    expect(await otto.client.postForm('/pitches/new', { ...pitchFields('Sneaky link'), from_event: jamSlug }, { csrfFrom: '/pitches/new' }), 303, 'Otto’s pitch');
    const jamId = (await t.db.selectFrom('events').select('id').where('slug', '=', jamSlug).executeTakeFirstOrThrow()).id;
    assert.equal((await t.db.selectFrom('event_links').select('subject_id').where('event_id', '=', jamId).execute()).length, 0);
  });

  test('a knowledge page written from the event is linked to it, in the wiki its pages go in', async () => {
    const form = expect(await ada.client.get(`/knowledge/new?from_event=${slug}`), 200, 'the page form');
    assert.match(textOf(form.body), /This page will be linked to “Open data unconference”/);
    // Choosing a template reloads the form: the event goes along.
    const templateForm = form.body.slice(form.body.indexOf('class="template-form"'));
    assert.match(templateForm.slice(0, templateForm.indexOf('</form>')), new RegExp(`name="from_event" value="${slug}"`));
    const made = expect(
      await ada.client.postForm('/knowledge/new', { title: 'What we learnt about empty shops', body: 'Notes.', summary: '', template: '', from_event: slug }, { csrfFrom: '/knowledge/new' }),
      303,
      'the page',
    );
    await ada.client.get(made.location!);
    const page = await t.db.selectFrom('knowledge_pages').select('id').where('title', '=', 'What we learnt about empty shops').executeTakeFirstOrThrow();
    assert.ok((await links()).some((l) => l.subject_type === 'knowledge-page' && l.subject_id === page.id));
    assert.match(cameOfIt((await visitor.get(path)).body), /What we learnt about empty shops \(knowledge page\)/);

    // A hub-wide page does not belong to a group's event: the link is not made there.
    const jamSlug = closedEvent.slice('/events/'.length);
    assert.doesNotMatch((await ada.client.get(`/knowledge/new?from_event=${jamSlug}`)).body, /clsdjam/);
  });

  test('a story nominated from the event is linked to it once it becomes a story, and shows once published', async () => {
    const form = expect(await ada.client.get(`/stories/nominate?from_event=${slug}`), 200, 'the nomination form');
    assert.match(textOf(form.body), /Nominated from “Open data unconference”: if it becomes a story/);
    const nominated = expect(
      await ada.client.postForm(
        '/stories/nominate',
        { people: 'The Kirkgate traders', place: 'Leeds', localAuthority: '', what: 'They mapped every empty shop.', why: 'Others could do it too.', nominatorName: 'Ada', selfNomination: 'no', website: '', from_event: slug },
        { csrfFrom: '/stories/nominate' },
      ),
      303,
      'nominating',
    );
    await ada.client.get(nominated.location!);
    const nomination = await t.db.selectFrom('story_nominations').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal((await t.db.selectFrom('event_nomination_links').select('event_id').where('nomination_id', '=', nomination.id).executeTakeFirstOrThrow()).event_id, eventId);
    assert.ok(!(await links()).some((l) => l.subject_type === 'story'), 'not linked before it is a story');

    const accepted = expect(
      await admin.postForm(`/stories/review/${nomination.id}/accept`, { title: 'Kirkgate’s empty shops', reporter: '' }, { csrfFrom: `/stories/review/${nomination.id}` }),
      303,
      'accepting',
    );
    await admin.get(accepted.location!);
    const story = await t.db.selectFrom('stories').select(['id', 'slug']).where('title', '=', 'Kirkgate’s empty shops').executeTakeFirstOrThrow();
    assert.ok((await links()).some((l) => l.subject_type === 'story' && l.subject_id === story.id && l.linked_by === ada.id));
    assert.equal((await t.db.selectFrom('event_nomination_links').select('event_id').execute()).length, 0);
    assert.doesNotMatch((await visitor.get(path)).body, /Kirkgate’s empty shops/, 'a draft story shows to nobody who may not see it');
    assert.match(cameOfIt((await admin.get(path)).body), /Kirkgate’s empty shops \(story\)/);

    expect(await admin.postForm(`/stories/${story.slug}/publish`, {}, { csrfFrom: `/stories/${story.slug}` }), 303, 'publishing');
    assert.match(cameOfIt((await visitor.get(path)).body), /Kirkgate’s empty shops \(story\)/);
  });
});

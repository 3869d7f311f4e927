/**
 * "Adapted from" on the pitch form: a pitch names the stories and pitches of this hub it builds
 * on; its page shows them, and each source lists it — a story in its lineage section, a pitch in
 * its own — only to viewers who may see the adapting pitch (a closed group's pitch, a draft) and
 * only sources the viewer may see. Bad addresses, sources the editor may not see, the pitch itself
 * and too many come back as a 400 form with what was typed; editing keeps sources the editor never
 * saw, and notes written on a story's page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestClient } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { type Member, problems, signedInMember as member, textOf } from '../../test/people.ts';
import { setPublished, startStory } from './stories.commands.ts';

const closedMarker = 'mkclosedadaptation';
const draftMarker = 'mkdraftadaptation';

function pitchFields(title: string, extra: Record<string, string> = {}): Record<string, string> {
  return { kind: 'project', title, summary: `${title}, in short.`, body: 'More about it.', terms: 'free', stage: 'idea', tags: 'food', group: '', action: 'publish', ...extra };
}

/** The "adapted from" and "adapted since" lines of a pitch's page, in words. */
function lineageOf(body: string): string {
  const section = /<section aria-labelledby="lineage-title">[\s\S]*?<\/section>/.exec(body)?.[0] ?? '';
  return textOf(section);
}

describe('pitches adapted from stories and pitches', () => {
  let t: TestHub;
  let admin: TestClient;
  let ada: Member;
  let ben: Member;
  let cat: Member;
  let visitor: TestClient;
  let story = { id: 0, slug: '' };
  const pitches: Record<string, { id: number; slug: string }> = {};

  async function pitch(key: string, who: Member, title: string, extra: Record<string, string> = {}) {
    const response = await who.client.postForm('/pitches/new', pitchFields(title, extra));
    assert.equal(response.status, 303, `${title}: ${problems(response)}`);
    const slug = response.location!.slice('/pitches/'.length);
    await who.client.get(response.location!);
    pitches[key] = { id: (await t.db.selectFrom('pitches').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id, slug };
    return pitches[key]!;
  }

  before(async () => {
    t = await startTestHub({ env: { RATE_LIMITS: 'off' } });
    admin = await setUpHub(t.app);
    ada = await member(t, 'Ada Okafor', 'ada@example.org');
    ben = await member(t, 'Ben Price', 'ben@example.org');
    cat = await member(t, 'Cat Jones', 'cat@example.org');
    visitor = new TestClient(t.app);
    story = await startStory(t.db, null, { title: 'The Todmorden fridge', reporterId: null });
    await setPublished(t.db, story.id, true);
    await pitch('fridge', ada, 'Community fridge');
    await pitch('draft', ada, 'Ada’s unfinished plan', { action: 'draft' });
  });
  after(() => t?.close());

  test('a new pitch names what it was adapted from; both sides show it', async () => {
    const form = await ben.client.get('/pitches/new');
    assert.match(form.body, /<label for="field-adaptedFrom"><span>Adapted from<\/span>/);
    const street = await pitch('street', ben, 'Street fridge', {
      adaptedFrom: `${t.baseUrl}/pitches/${pitches.fridge!.slug}\r\n/stories/${story.slug}/`,
    });
    const rows = await t.db.selectFrom('adapted_from').select(['story_id', 'source_pitch_id', 'added_by']).where('subject_type', '=', 'pitch').where('subject_id', '=', street.id).orderBy('created_at').execute();
    assert.deepEqual(
      rows.map((r) => [r.story_id, r.source_pitch_id, r.added_by]).sort(),
      [
        [null, pitches.fridge!.id, ben.id],
        [story.id, null, ben.id],
      ].sort(),
    );

    const page = lineageOf((await visitor.get(`/pitches/${street.slug}`)).body);
    assert.match(page, /This pitch was adapted from: Pitch: Community fridge Story: The Todmorden fridge/);
    assert.match((await visitor.get(`/pitches/${street.slug}`)).body, new RegExp(`href="/pitches/${pitches.fridge!.slug}"`));
    assert.match(lineageOf((await visitor.get(`/pitches/${pitches.fridge!.slug}`)).body), /Adapted from this pitch since: Pitch: Street fridge/);
    const storyPage = textOf((await visitor.get(`/stories/${story.slug}`)).body);
    assert.match(storyPage, /Adapted from this story since: Pitch: Street fridge/);
    const storyJson = (await visitor.get(`/stories/${story.slug}.json`)).json<{ adaptedSince: { kind: string; title: string }[] }>();
    assert.deepEqual(storyJson.adaptedSince, [{ kind: 'pitch', title: 'Street fridge', url: `${t.baseUrl}/pitches/${street.slug}`, note: '' }]);
    // A pitch with no lineage has no such section.
    assert.doesNotMatch((await visitor.get(`/pitches/${pitches.draft!.slug}`)).body, /lineage-title/);
  });

  test('mistakes come back as a 400 form with what was typed', async () => {
    const cases: [string, RegExp][] = [
      ['https://elsewhere.example/pitches/community-fridge', /There is no story or pitch you can see at https:\/\/elsewhere\.example\/pitches\/community-fridge/],
      ['/pitches/no-such-pitch', /There is no story or pitch you can see at \/pitches\/no-such-pitch/],
      ['/members/ada-okafor', /There is no story or pitch you can see/],
      [`/pitches/${pitches.draft!.slug}`, /There is no story or pitch you can see/],
      [['a', 'b', 'c', 'd', 'e', 'f'].map((x) => `/stories/${x}`).join('\n'), /Name at most 5 stories or pitches it was adapted from\./],
    ];
    for (const [typed, message] of cases) {
      const response = await ben.client.postForm('/pitches/new', pitchFields('Another fridge', { adaptedFrom: typed }));
      assert.equal(response.status, 400, typed);
      assert.match(problems(response), message, typed);
      assert.match(response.body, /href="#field-adaptedFrom"/);
      assert.ok(response.body.includes(typed.split('\n')[0]!.replace(/&/g, '&amp;')), 'what was typed comes back');
      assert.match(response.body, /value="Another fridge"/);
    }
    assert.equal((await t.db.selectFrom('pitches').select('id').where('title', '=', 'Another fridge').execute()).length, 0);
    // The draft's own team may name it.
    const own = await pitch('ownDraft', ada, 'Ada’s second plan', { adaptedFrom: `/pitches/${pitches.draft!.slug}`, action: 'draft' });
    assert.match(lineageOf((await ada.client.get(`/pitches/${own.slug}`)).body), /Ada’s unfinished plan/);
    // A pitch is not adapted from itself.
    const self = await ada.client.postForm(`/pitches/${pitches.fridge!.slug}/edit`, { ...pitchFields('Community fridge', { action: 'save' }), version: '1', adaptedFrom: `/pitches/${pitches.fridge!.slug}` });
    assert.equal(self.status, 400);
    assert.match(problems(self), /A pitch cannot be adapted from itself\./);
  });

  test('the source lists a pitch adapted from it only for those who may see that pitch', async () => {
    assert.equal((await cat.client.postForm('/groups/new', { name: 'Quiet fridges', purpose: 'Private plans.', visibility: 'closed' })).status, 303);
    const group = await t.db.selectFrom('groups').select('id').where('slug', '=', 'quiet-fridges').executeTakeFirstOrThrow();
    await pitch('closed', cat, `Closed fridge ${closedMarker}`, { group: String(group.id), adaptedFrom: `/pitches/${pitches.fridge!.slug}` });
    await pitch('catDraft', cat, `Draft fridge ${draftMarker}`, { action: 'draft', adaptedFrom: `/stories/${story.slug}` });
    for (const [who, client] of [
      ['a visitor', visitor],
      ['a member outside the group', ben.client],
      ['the source’s author', ada.client],
    ] as const) {
      for (const path of [`/pitches/${pitches.fridge!.slug}`, `/pitches/${pitches.fridge!.slug}.json`, `/stories/${story.slug}`, `/stories/${story.slug}.json`]) {
        const body = (await client.get(path)).body.toLowerCase();
        assert.ok(!body.includes(closedMarker) && !body.includes(draftMarker), `${who} meets a private adaptation on ${path}`);
      }
    }
    assert.match(lineageOf((await cat.client.get(`/pitches/${pitches.fridge!.slug}`)).body), new RegExp(`Closed fridge ${closedMarker}`));
    assert.match(lineageOf((await admin.get(`/pitches/${pitches.fridge!.slug}`)).body), new RegExp(`Closed fridge ${closedMarker}`));
    assert.match(textOf((await cat.client.get(`/stories/${story.slug}`)).body), new RegExp(`Draft fridge ${draftMarker}`));
  });

  test('a source the viewer may not see is left out; editing keeps what the editor never saw', async () => {
    // Cat joins the street fridge's team and names her closed group's pitch as a source too.
    const team = await ben.client.postForm(`/pitches/${pitches.street!.slug}/team`, { handle: cat.handle, role: 'Helper' });
    assert.equal(team.status, 303, problems(team));
    const catForm = await cat.client.get(`/pitches/${pitches.street!.slug}/edit`);
    const typed = /<textarea id="field-adaptedFrom"[^>]*>([\s\S]*?)<\/textarea>/.exec(catForm.body)![1]!;
    assert.deepEqual(typed.split('\n').sort(), [`${t.baseUrl}/pitches/${pitches.fridge!.slug}`, `${t.baseUrl}/stories/${story.slug}`].sort());
    const version = /name="version" value="(\d+)"/.exec(catForm.body)![1]!;
    const saved = await cat.client.postForm(`/pitches/${pitches.street!.slug}/edit`, {
      ...pitchFields('Street fridge', { action: 'save' }),
      version,
      adaptedFrom: `${typed}\n/pitches/${pitches.closed!.slug}`,
    });
    assert.equal(saved.status, 303, problems(saved));
    assert.doesNotMatch(lineageOf((await visitor.get(`/pitches/${pitches.street!.slug}`)).body), new RegExp(closedMarker), 'a visitor does not see the closed source');
    assert.match(lineageOf((await cat.client.get(`/pitches/${pitches.street!.slug}`)).body), new RegExp(closedMarker));

    // A note written on the story's page.
    const note = await ben.client.postForm(`/stories/${story.slug}/adapted`, { pitch: String(pitches.street!.id), note: 'We used a shop’s fridge.' });
    assert.equal(note.status, 303, problems(note));
    assert.match(lineageOf((await visitor.get(`/pitches/${pitches.street!.slug}`)).body), /The Todmorden fridge – We used a shop’s fridge\./);

    // Ben cannot see the closed pitch: his form leaves it out, and dropping the other pitch keeps it.
    const benForm = await ben.client.get(`/pitches/${pitches.street!.slug}/edit`);
    assert.ok(!benForm.body.includes(closedMarker) && !benForm.body.includes(pitches.closed!.slug), 'the editor’s form does not name what they may not see');
    const benVersion = /name="version" value="(\d+)"/.exec(benForm.body)![1]!;
    const dropped = await ben.client.postForm(`/pitches/${pitches.street!.slug}/edit`, {
      ...pitchFields('Street fridge', { action: 'save' }),
      version: benVersion,
      adaptedFrom: `${t.baseUrl}/stories/${story.slug}`,
    });
    assert.equal(dropped.status, 303, problems(dropped));
    const rows = await t.db.selectFrom('adapted_from').select(['story_id', 'source_pitch_id', 'note']).where('subject_type', '=', 'pitch').where('subject_id', '=', pitches.street!.id).execute();
    assert.deepEqual(
      rows.map((r) => [r.story_id, r.source_pitch_id, r.note]).sort(),
      [
        [story.id, null, 'We used a shop’s fridge.'],
        [null, pitches.closed!.id, ''],
      ].sort(),
    );
    assert.doesNotMatch(lineageOf((await visitor.get(`/pitches/${pitches.fridge!.slug}`)).body), /Street fridge/, 'the fridge no longer lists it');

    // A story taken down drops out of the pitch's lineage for those who may not see it.
    await setPublished(t.db, story.id, false);
    assert.doesNotMatch(lineageOf((await visitor.get(`/pitches/${pitches.street!.slug}`)).body), /Todmorden/);
    assert.match(lineageOf((await admin.get(`/pitches/${pitches.street!.slug}`)).body), /Todmorden/);
  });
});

/**
 * Stories through the hub's own forms: nominating (with and without an account, the honeypot,
 * the emailed links), the facilitators' review, writing the story and its media, who may see a
 * draft and its files, interest and the "most wanted" order, questions, answers and the
 * follow-up list, the replication recipe as a knowledge page, "tried since", lineage, the lists
 * in every format, and the administrators' settings.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLValidator } from 'fast-xml-parser';
import sharp from 'sharp';
import { TestClient } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { createAccount } from '../accounts/accounts.commands.ts';
import { sweepUnconfirmed } from './stories.commands.ts';
import { captionsFor, photoWithExif, tinyMp4, tinyWebm } from './stories.fixtures.ts';
import { storyListSchema, storySchema } from './stories.schemas.ts';

const password = 'a long enough password';

interface Member {
  id: number;
  handle: string;
  email: string;
  client: TestClient;
}

async function member(t: TestHub, name: string, email: string, verified = true): Promise<Member> {
  const created = await createAccount(t.db, { name, email, password, verified });
  assert.ok(created.ok, `creating ${email}`);
  const client = new TestClient(t.app);
  await client.signIn(email, password);
  return { id: created.userId, handle: created.handle, email, client };
}

function nomination(extra: Record<string, string> = {}): Record<string, string> {
  return {
    people: 'Todmorden Incredible Edible',
    place: 'Todmorden',
    localAuthority: 'E08000033',
    what: 'Volunteers planted vegetables in public places: outside the police station, the health centre and the railway station. Anyone may pick them.',
    why: 'It got a whole town talking to each other about food, and it cost almost nothing.',
    nominatorName: 'Nell Nominator',
    nominatorEmail: 'nell@example.org',
    selfNomination: 'no',
    website: '',
    ...extra,
  };
}

async function lastEmailTo(t: TestHub, address: string) {
  return t.db.selectFrom('emails').select(['subject', 'body_text']).where('recipient', '=', address).orderBy('id', 'desc').executeTakeFirst();
}

function linkIn(text: string, prefix: string): string {
  const match = new RegExp(`https?://[^\\s]+(${prefix.replace(/\//g, '\\/')}[A-Za-z0-9_-]+)`).exec(text);
  assert.ok(match, `a ${prefix} link in:\n${text}`);
  return match[1]!;
}

async function ok(response: { status: number; body: string; location?: string | undefined }, what: string, status = 303) {
  const problem = /There is a problem[\s\S]{0,600}/.exec(response.body)?.[0].replace(/<[^>]+>/g, ' ') ?? response.body.slice(0, 400);
  assert.equal(response.status, status, `${what} answered ${response.status}: ${problem}`);
}

describe('stories', () => {
  let t: TestHub;
  let admin: TestClient;
  let facilitator: Member;
  let reporter: Member;
  let person: Member;
  let visitorMember: Member;
  let stranger: TestClient;
  let slug = '';
  let storyId = 0;

  before(async () => {
    t = await startTestHub();
    admin = await setUpHub(t.app);
    facilitator = await member(t, 'Fay Facilitator', 'fay@example.org');
    reporter = await member(t, 'Rita Reporter', 'rita@example.org');
    person = await member(t, 'Pat Grower', 'pat@example.org');
    visitorMember = await member(t, 'Vic Council', 'vic@example.org');
    stranger = new TestClient(t.app);
  });
  after(() => t?.close());

  test('an administrator makes a member a story facilitator and allows a PeerTube site', async () => {
    assert.equal((await facilitator.client.get('/stories/review')).status, 403);
    assert.match((await admin.get('/admin')).body, /href="\/admin\/stories"/);
    const bad = await admin.postForm('/admin/stories/facilitators', { handle: 'nobody-here' });
    assert.equal(bad.status, 400);
    assert.match(bad.body, /There is no member with that address name/);
    assert.match(bad.body, /value="nobody-here"/);
    await ok(await admin.postForm('/admin/stories/facilitators', { handle: `@${facilitator.handle}` }, { csrfFrom: '/admin/stories' }), 'adding a facilitator');
    assert.equal((await facilitator.client.get('/stories/review')).status, 200);

    const badHost = await admin.postForm('/admin/stories/hosts', { host: 'https://tube.example.org/videos' }, { csrfFrom: '/admin/stories' });
    assert.equal(badHost.status, 400);
    assert.match(badHost.body, /Enter a site address/);
    assert.equal((await admin.postForm('/admin/stories/hosts', { host: 'www.youtube.com' }, { csrfFrom: '/admin/stories' })).status, 400);
    await ok(await admin.postForm('/admin/stories/hosts', { host: 'https://Tube.Example.org/' }, { csrfFrom: '/admin/stories' }), 'adding a host');
    assert.match((await admin.get('/admin/stories')).body, /tube\.example\.org/);
    assert.equal((await reporter.client.get('/admin/stories')).status, 403);
  });

  test('a visitor nominates: mistakes come back with what was typed, the honeypot keeps nothing, the emailed link confirms', async () => {
    const form = await stranger.get('/stories/nominate');
    assert.equal(form.status, 200);
    assert.match(form.body, /name="nominatorEmail"/);
    const bad = await stranger.postForm('/stories/nominate', nomination({ what: '', nominatorEmail: 'not-an-email', selfNomination: '' }));
    assert.equal(bad.status, 400);
    assert.match(bad.body, /Enter what they did\./);
    assert.match(bad.body, /Enter an email address like name@example\.org\./);
    assert.match(bad.body, /Say whether this is your own work\./);
    assert.match(bad.body, /Todmorden Incredible Edible/);
    assert.match(bad.body, /value="not-an-email"/);
    const tooLong = await stranger.postForm('/stories/nominate', nomination({ why: 'x'.repeat(3001) }));
    assert.equal(tooLong.status, 400);
    assert.match(tooLong.body, /use at most 3000 characters/);

    const before = (await t.db.selectFrom('story_nominations').select('id').execute()).length;
    const bot = await stranger.postForm('/stories/nominate', nomination({ website: 'https://spam.example', nominatorEmail: 'bot@example.org' }));
    assert.equal(bot.location, '/stories/nominate/sent');
    assert.equal((await t.db.selectFrom('story_nominations').select('id').execute()).length, before, 'the honeypot keeps nothing');
    assert.equal(await lastEmailTo(t, 'bot@example.org'), undefined);

    const sent = await stranger.postForm('/stories/nominate', nomination());
    assert.equal(sent.location, '/stories/nominate/sent');
    assert.match((await stranger.get('/stories/nominate/sent')).body, /Check your email/);
    const row = await t.db.selectFrom('story_nominations').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(row.status, 'unconfirmed');
    assert.equal(row.confirm_token_hash?.length, 64, 'only the hash of the token is kept');
    // Not yet in the queue.
    assert.doesNotMatch((await facilitator.client.get('/stories/review')).body, /Todmorden Incredible Edible/);

    const email = await lastEmailTo(t, 'nell@example.org');
    assert.ok(email);
    assert.match(email.subject, /Confirm your nomination/);
    const link = linkIn(email.body_text, '/stories/nominations/confirm/');
    assert.doesNotMatch(row.confirm_token_hash!, new RegExp(link.split('/').pop()!));
    assert.equal((await stranger.get('/stories/nominations/confirm/not-a-real-token-at-all-but-long-enough-xx')).status, 410);
    const confirmed = await stranger.get(link);
    assert.equal(confirmed.status, 200);
    assert.match(confirmed.body, /Your nomination is confirmed/);
    assert.equal((await stranger.get(link)).status, 410, 'a link works once');
    assert.match((await facilitator.client.get('/stories/review')).body, /Todmorden Incredible Edible/);
  });

  test('a member with a confirmed email skips the link; unconfirmed nominations are swept once their link expires', async () => {
    const form = await person.client.get('/stories/nominate');
    assert.doesNotMatch(form.body, /name="nominatorEmail"/);
    const { nominatorEmail: _email, ...fields } = nomination({ people: 'Pat’s own allotment swap', selfNomination: 'yes', nominatorName: 'Pat Grower' });
    const sent = await person.client.postForm('/stories/nominate', fields);
    assert.equal(sent.location, '/stories/nominate/received');
    const row = await t.db.selectFrom('story_nominations').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(row.status, 'waiting');
    assert.equal(row.nominator_email, 'pat@example.org');
    assert.equal(row.self_nomination, true);

    await stranger.postForm('/stories/nominate', nomination({ people: 'Never confirmed', nominatorEmail: 'late@example.org' }));
    assert.equal(await sweepUnconfirmed(t.db, new Date(Date.now() + 47 * 3600_000)), 0);
    assert.equal(await sweepUnconfirmed(t.db, new Date(Date.now() + 49 * 3600_000)), 1);
    assert.equal(await t.db.selectFrom('story_nominations').select('id').where('people', '=', 'Never confirmed').executeTakeFirst(), undefined);
  });

  test('facilitators ask for more (answered through the emailed link), decline with a reason, accept with a reporter', async () => {
    const edible = await t.db.selectFrom('story_nominations').select('id').where('people', '=', 'Todmorden Incredible Edible').executeTakeFirstOrThrow();
    const page = `/stories/review/${edible.id}`;
    assert.equal((await reporter.client.get(page)).status, 403);
    assert.equal((await stranger.get(page)).status, 302);
    const detail = await facilitator.client.get(page);
    assert.match(detail.body, /nell@example\.org/);

    const empty = await facilitator.client.postForm(`${page}/ask`, { question: '' }, { csrfFrom: page });
    assert.equal(empty.status, 400);
    assert.match(empty.body, /Enter your question\./);
    await ok(await facilitator.client.postForm(`${page}/ask`, { question: 'How many volunteers were there?' }, { csrfFrom: page }), 'asking');
    const email = await lastEmailTo(t, 'nell@example.org');
    assert.match(email!.body_text, /How many volunteers were there\?/);
    const link = linkIn(email!.body_text, '/stories/nominations/answer/');
    const answerForm = await stranger.get(link);
    assert.equal(answerForm.status, 200);
    assert.match(answerForm.body, /How many volunteers were there\?/);
    const blank = await stranger.postForm(link, { answer: '' });
    assert.equal(blank.status, 400);
    assert.match(blank.body, /Enter your answer\./);
    await ok(await stranger.postForm(link, { answer: 'About forty, on Sunday mornings.' }), 'answering');
    assert.equal((await stranger.get(link)).status, 410);
    assert.match((await facilitator.client.get(page)).body, /About forty, on Sunday mornings\./);

    const own = await t.db.selectFrom('story_nominations').select('id').where('people', '=', 'Pat’s own allotment swap').executeTakeFirstOrThrow();
    const declined = await facilitator.client.postForm(`/stories/review/${own.id}/decline`, { reason: 'It is already covered by another story.' }, { csrfFrom: `/stories/review/${own.id}` });
    await ok(declined, 'declining');
    const declineEmail = await lastEmailTo(t, 'pat@example.org');
    assert.match(declineEmail!.body_text, /It is already covered by another story\./);
    const again = await facilitator.client.postForm(`/stories/review/${own.id}/accept`, { title: 'Late', reporter: '' }, { csrfFrom: `/stories/review/${own.id}` });
    assert.equal(again.location, `/stories/review/${own.id}`, 'a decided nomination stays decided');

    const unknown = await facilitator.client.postForm(`${page}/accept`, { title: 'Incredible Edible Todmorden', reporter: 'no-such-member' }, { csrfFrom: page });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body, /There is no member with that address name/);
    assert.match(unknown.body, /value="Incredible Edible Todmorden"/);
    const accepted = await facilitator.client.postForm(`${page}/accept`, { title: 'Incredible Edible Todmorden', reporter: reporter.handle }, { csrfFrom: page });
    await ok(accepted, 'accepting');
    slug = accepted.location!.slice('/stories/'.length);
    assert.equal(slug, 'incredible-edible-todmorden');
    storyId = (await t.db.selectFrom('stories').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
    assert.match((await lastEmailTo(t, 'nell@example.org'))!.subject, /will become a story/);
    const told = await t.db.selectFrom('notifications').select('text').where('user_id', '=', reporter.id).execute();
    assert.ok(told.some((n) => /asked you to report the story/.test(n.text)));
  });

  test('a draft is seen only by its reporter, the people in it and facilitators, in every form', async () => {
    for (const client of [stranger, visitorMember.client]) {
      for (const path of [`/stories/${slug}`, `/stories/${slug}.json`, `/stories/${slug}/clip`, `/stories/${slug}/recipe`, `/conversations/story/${storyId}.json`]) {
        assert.equal((await client.get(path)).status, 404, path);
      }
      assert.doesNotMatch((await client.get('/stories.json')).body, /incredible-edible/);
      assert.doesNotMatch((await client.get('/sitemaps/stories-1.xml')).body, /incredible-edible/);
    }
    const own = await reporter.client.get(`/stories/${slug}`);
    assert.equal(own.status, 200);
    assert.match(own.body, /This story is not published/);
    assert.equal(own.headers['cache-control'], 'private, no-store');
    assert.equal((await person.client.get(`/stories/${slug}`)).status, 404, 'not yet in the story');
    assert.equal((await reporter.client.get(`/stories/${slug}/publish`)).status, 404, 'publishing is a form post');
    assert.equal((await reporter.client.postForm(`/stories/${slug}/publish`, {}, { csrfFrom: `/stories/${slug}` })).status, 403, 'reporters do not publish');
  });

  test('the reporter writes the story: mistakes come back as typed, members in it are told and may see it', async () => {
    const path = `/stories/${slug}/edit`;
    const form = await reporter.client.get(path);
    assert.match(form.body, /What the nominator wrote/);
    const fields = {
      title: 'Incredible Edible Todmorden',
      summary: 'A town that grows food in public places for anyone to pick.',
      body: 'It began in **2008** with a herb bed by the health centre.\n\n<script>alert(1)</script>',
      people: 'Incredible Edible volunteers, Todmorden Town Council',
      storyPeople: `${person.handle}, @nobody-at-all`,
      place: 'Todmorden',
      localAuthority: 'E08000033',
      tags: 'food, growing',
      adaptedFrom: '',
      adaptedNote: '',
    };
    const bad = await reporter.client.postForm(path, { ...fields, summary: '' });
    assert.equal(bad.status, 400);
    assert.match(bad.body, /Enter a summary\./);
    assert.match(bad.body, /herb bed by the health centre/);
    const unknown = await reporter.client.postForm(path, fields);
    assert.equal(unknown.status, 400);
    assert.match(unknown.body, /There are no members with these address names: nobody-at-all\./);
    const self = await reporter.client.postForm(path, { ...fields, storyPeople: person.handle, adaptedFrom: `https://hub.example/stories/${slug}` });
    assert.equal(self.status, 400);
    assert.match(self.body, /cannot be adapted from itself/);
    await ok(await reporter.client.postForm(path, { ...fields, storyPeople: person.handle }), 'saving the story');
    const page = await person.client.get(`/stories/${slug}`);
    assert.equal(page.status, 200, 'the person in the story sees the draft');
    assert.match(page.body, /<strong>2008<\/strong>/);
    assert.doesNotMatch(page.body, /<script>alert/);
    const told = await t.db.selectFrom('notifications').select('text').where('user_id', '=', person.id).execute();
    assert.ok(told.some((n) => /added you to the story/.test(n.text)));
    assert.equal((await person.client.get(path)).status, 403, 'people in the story do not edit it');
  });

  test('a captioned clip: the video and captions are checked by their bytes and served only to those who may see the story', async () => {
    const media = `/stories/${slug}/media`;
    const upload = (fields: Record<string, string>, files: { name: string; filename: string; contentType: string; data: Buffer }[]) =>
      reporter.client.postMultipart(`/stories/${slug}/clip/video`, fields, files, { csrfFrom: media });
    const video = { name: 'video', filename: 'clip.mp4', contentType: 'video/mp4', data: tinyMp4(95) };
    const captions = { name: 'captions', filename: 'clip.vtt', contentType: 'text/vtt', data: captionsFor(['We started with one herb bed.', 'Now there are seventy.']) };

    const noCaptions = await upload({ videoTitle: 'A walk round the beds' }, [video]);
    assert.equal(noCaptions.status, 400);
    assert.match(noCaptions.body, /Choose a captions file/);
    assert.match(noCaptions.body, /value="A walk round the beds"/);
    const long = await upload({ videoTitle: 'Too long' }, [{ ...video, data: tinyWebm(200) }, captions]);
    assert.equal(long.status, 400);
    assert.match(long.body, /longer than 3 minutes/);
    const renamed = await upload({ videoTitle: 'A picture' }, [{ ...video, data: await photoWithExif() }, captions]);
    assert.equal(renamed.status, 400);
    assert.match(renamed.body, /not an MP4 or WebM video/);
    const srt = await upload({ videoTitle: 'SRT' }, [video, { ...captions, data: Buffer.from('1\n00:00:01,000 --> 00:00:02,000\nHi\n') }]);
    assert.equal(srt.status, 400);
    assert.match(srt.body, /not WebVTT/);
    const noTitle = await upload({ videoTitle: '' }, [video, captions]);
    assert.equal(noTitle.status, 400);
    assert.match(noTitle.body, /Enter what the video shows/);
    assert.equal((await person.client.postMultipart(`/stories/${slug}/clip/video`, { videoTitle: 'x' }, [video, captions], { csrfFrom: `/stories/${slug}` })).status, 403);
    const anonymous = await stranger.postMultipart(`/stories/${slug}/clip/video`, { videoTitle: 'x' }, [video, captions], { csrfFrom: '/stories/nominate' });
    assert.equal(anonymous.status, 302, 'visitors are sent to sign in before their upload is read');
    assert.match(anonymous.location ?? '', /^\/sign-in/);

    await ok(await upload({ videoTitle: 'A walk round the beds' }, [video, captions]), 'uploading the clip');
    const page = await reporter.client.get(`/stories/${slug}`);
    assert.match(page.body, /<video controls src="\/stories\/incredible-edible-todmorden\/clip"/);
    assert.match(page.body, /<track kind="captions" src="\/stories\/incredible-edible-todmorden\/clip\/captions"/);
    assert.match(page.body, /A walk round the beds \(1 min 35 s\)/);

    const file = await reporter.client.get(`/stories/${slug}/clip`);
    assert.equal(file.status, 200);
    assert.equal(file.headers['content-type'], 'video/mp4');
    assert.equal(file.headers['accept-ranges'], 'bytes');
    const part = await reporter.client.get(`/stories/${slug}/clip`, { headers: { range: 'bytes=4-11' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers['content-range'], `bytes 4-11/${tinyMp4(95).length}`);
    assert.equal(part.body, 'ftypisom');
    assert.equal((await reporter.client.get(`/stories/${slug}/clip`, { headers: { range: 'bytes=99999-' } })).status, 416);
    const vtt = await person.client.get(`/stories/${slug}/clip/captions`);
    assert.equal(vtt.status, 200);
    assert.match(String(vtt.headers['content-type']), /^text\/vtt/);
    assert.match(vtt.body, /Now there are seventy\./);
    assert.equal((await stranger.get(`/stories/${slug}/clip/captions`)).status, 404);
    assert.equal((await visitorMember.client.get(`/stories/${slug}/clip`)).status, 404);
  });

  test('photos lose their hidden details and need a description; an interview is questions and answers', async () => {
    const media = `/stories/${slug}/media`;
    const photo = { name: 'photo', filename: 'beds.jpg', contentType: 'image/jpeg', data: await photoWithExif() };
    const noAlt = await reporter.client.postMultipart(`/stories/${slug}/photos`, { alt: '', caption: 'Spring' }, [photo], { csrfFrom: media });
    assert.equal(noAlt.status, 400);
    assert.match(noAlt.body, /Describe what the photo shows/);
    assert.match(noAlt.body, /value="Spring"/);
    await ok(await reporter.client.postMultipart(`/stories/${slug}/photos`, { alt: 'Raised beds outside the police station', caption: 'Spring' }, [photo], { csrfFrom: media }), 'adding a photo');
    const row = await t.db.selectFrom('story_photos').select('id').where('story_id', '=', storyId).executeTakeFirstOrThrow();
    const served = await t.app.inject({ url: `/stories/${slug}/photos/${row.id}`, headers: { cookie: [...reporter.client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    assert.equal(served.statusCode, 200);
    const metadata = await sharp(served.rawPayload).metadata();
    assert.equal(metadata.exif, undefined, 'no EXIF data is served');
    assert.equal((await stranger.get(`/stories/${slug}/photos/${row.id}`)).status, 404);

    const blank = await reporter.client.postForm(`/stories/${slug}/interview`, { question: 'How did it start?', answer: '' }, { csrfFrom: media });
    assert.equal(blank.status, 400);
    assert.match(blank.body, /Enter the answer\./);
    await ok(await reporter.client.postForm(`/stories/${slug}/interview`, { question: 'How did it start?', answer: 'Over a cup of tea.' }, { csrfFrom: media }), 'an interview answer');
    assert.match((await reporter.client.get(`/stories/${slug}`)).body, /How did it start\?[\s\S]*Over a cup of tea\./);
  });

  test('a video on another site: only allowed sites, shown only when asked, with the frame allowed for that site alone', async () => {
    const media = `/stories/${slug}/media`;
    const other = await t.db.insertInto('stories').values({ slug: 'embed-test', title: 'Embed test', summary: 'S', status: 'published', published_at: new Date() }).returning('id').executeTakeFirstOrThrow();
    const bad = await facilitator.client.postForm('/stories/embed-test/clip/embed', { embedAddress: 'https://evil.example/video/1', embedTitle: 'Evil' }, { csrfFrom: '/stories/embed-test/media' });
    assert.equal(bad.status, 400);
    assert.match(bad.body, /YouTube, Vimeo or one of the PeerTube sites/);
    assert.match(bad.body, /value="https:\/\/evil\.example\/video\/1"/);
    await ok(
      await facilitator.client.postForm('/stories/embed-test/clip/embed', { embedAddress: 'https://tube.example.org/w/kkGMgK9ZtnKfYAgnEtQxbv', embedTitle: 'The beds' }, { csrfFrom: '/stories/embed-test/media' }),
      'an embedded clip',
    );
    const page = await stranger.get('/stories/embed-test');
    assert.doesNotMatch(page.body, /<iframe/);
    assert.match(String(page.headers['content-security-policy']), /frame-src 'none'/);
    const playing = await stranger.get('/stories/embed-test?play=1');
    assert.match(playing.body, /<iframe[^>]+src="https:\/\/tube\.example\.org\/videos\/embed\/kkGMgK9ZtnKfYAgnEtQxbv"/);
    assert.match(String(playing.headers['content-security-policy']), /frame-src https:\/\/tube\.example\.org(;|$)/);
    assert.doesNotMatch(String(playing.headers['content-security-policy']), /youtube/);
    await t.db.deleteFrom('stories').where('id', '=', other.id).execute();
    assert.equal((await reporter.client.get(media)).status, 200);
  });

  test('publishing puts the story in the lists, feeds and exports', async () => {
    await ok(await facilitator.client.postForm(`/stories/${slug}/publish`, {}, { csrfFrom: `/stories/${slug}` }), 'publishing');
    const page = await stranger.get(`/stories/${slug}`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.body, /This story is not published/);
    const list = await stranger.get('/stories.json');
    const parsed = storyListSchema.parse(list.json());
    assert.equal(parsed.stories[0]?.slug, slug);
    assert.equal(parsed.stories[0]?.clip, 'video');
    const one = storySchema.parse((await stranger.get(`/stories/${slug}.json`)).json());
    assert.equal(one.clip?.captionsUrl, `http://hub.seedbed.test/stories/${slug}/clip/captions`);
    assert.equal(one.peopleInStory[0]?.handle, person.handle);
    assert.equal(one.interview[0]?.answer, 'Over a cup of tea.');
    const csv = parseCsv((await stranger.get('/stories.csv')).body, { columns: true }) as Record<string, string>[];
    assert.equal(csv[0]?.local_authority_name, 'Calderdale');
    for (const feed of ['rss', 'atom']) {
      const body = (await stranger.get(`/stories.${feed}`)).body;
      assert.equal(XMLValidator.validate(body), true);
      assert.match(body, /Incredible Edible Todmorden/);
    }
    const sitemap = await stranger.get('/sitemaps/stories-1.xml');
    assert.match(sitemap.body, new RegExp(`/stories/${slug}</loc>`));
    assert.match((await stranger.get('/stories?tag=food')).body, /Incredible Edible Todmorden/);
    assert.doesNotMatch((await stranger.get('/stories?tag=bins')).body, /Incredible Edible Todmorden/);
    assert.match((await stranger.get('/stories?area=E08000033')).body, /Incredible Edible Todmorden/);
    assert.equal((await stranger.get('/stories?area=nowhere')).status, 400);
    assert.equal((await stranger.get('/stories.json?sort=loudest')).status, 400);
    assert.equal((await stranger.get('/stories?page=0')).status, 400);
  });

  test('interest: one per member, counted, changing and withdrawn; the most wanted come first', async () => {
    await t.db.insertInto('stories').values({ slug: 'quiet-story', title: 'A quiet story', summary: 'Nobody is interested yet.', status: 'published', published_at: new Date(Date.now() + 1000) }).execute();
    const newest = (await stranger.get('/stories.json')).json<{ stories: { slug: string }[] }>();
    assert.equal(newest.stories[0]?.slug, 'quiet-story');

    const none = await visitorMember.client.postForm(`/stories/${slug}/interest`, { kind: '', organisation: 'Hebden Royd Town Council' }, { csrfFrom: `/stories/${slug}` });
    assert.equal(none.status, 400);
    assert.match(none.body, /Choose whether it interests you/);
    assert.match(none.body, /value="Hebden Royd Town Council"/);
    await ok(await visitorMember.client.postForm(`/stories/${slug}/interest`, { kind: 'interested', organisation: '' }, { csrfFrom: `/stories/${slug}` }), 'interested');
    await ok(await visitorMember.client.postForm(`/stories/${slug}/interest`, { kind: 'trying', organisation: 'Hebden Royd Town Council' }, { csrfFrom: `/stories/${slug}` }), 'changing');
    await ok(await facilitator.client.postForm(`/stories/${slug}/interest`, { kind: 'interested', organisation: '' }, { csrfFrom: `/stories/${slug}` }), 'another');
    const counts = await t.db.selectFrom('stories').select(['interested_count', 'trying_count']).where('id', '=', storyId).executeTakeFirstOrThrow();
    assert.deepEqual(counts, { interested_count: 1, trying_count: 1 });
    assert.match((await stranger.get(`/stories/${slug}`)).body, /1 interested · 1 wants to try it/);
    assert.match((await reporter.client.get(`/stories/${slug}`)).body, /Vic Council<\/a><span> – We want to try this \(Hebden Royd Town Council\)/);
    assert.doesNotMatch((await stranger.get(`/stories/${slug}`)).body, /Hebden Royd/, 'who said it is for the people working on the story');
    const told = await t.db.selectFrom('notifications').select('text').where('user_id', '=', person.id).execute();
    assert.ok(told.some((n) => /is interested in/.test(n.text)));

    const wanted = (await stranger.get('/stories.json?sort=wanted')).json<{ stories: { slug: string; interest: { trying: number } }[] }>();
    assert.equal(wanted.stories[0]?.slug, slug);
    assert.equal(wanted.stories[0]?.interest.trying, 1);
    await ok(await facilitator.client.postForm(`/stories/${slug}/interest/withdraw`, {}, { csrfFrom: `/stories/${slug}` }), 'withdrawing');
    assert.equal((await t.db.selectFrom('stories').select('interested_count').where('id', '=', storyId).executeTakeFirstOrThrow()).interested_count, 0);
    assert.equal((await stranger.postForm(`/stories/${slug}/interest`, { kind: 'interested' }, { csrfFrom: '/stories/nominate' })).status, 302, 'visitors sign in first');
  });

  test('questions go to the people in the story; those unanswered for a week gather on the reporter’s follow-up list', async () => {
    const ask = (client: TestClient, text: string, parentId?: number) =>
      client.postForm(`/conversations/story/${storyId}/posts`, { postBody: text, ...(parentId ? { parentId: String(parentId) } : {}) }, { csrfFrom: `/stories/${slug}` });
    await ok(await ask(visitorMember.client, 'What did it cost to start?'), 'a question');
    const cost = (await t.db.selectFrom('posts').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
    await ok(await ask(visitorMember.client, 'Did the council need to give permission?'), 'another question');
    const permission = (await t.db.selectFrom('posts').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
    await ok(await ask(facilitator.client, 'I can answer that: no, it was council land.', permission), 'a reply from someone not in the story');
    await ok(await ask(person.client, 'Almost nothing: seeds and a few planks, about £200.', cost), 'the answer');
    const told = await t.db.selectFrom('notifications').select('text').where('user_id', '=', person.id).execute();
    assert.ok(told.length >= 2, 'the person in the story follows its questions');

    // A week on, the question nobody in the story answered is waiting.
    await t.db.updateTable('posts').set({ created_at: new Date(Date.now() - 8 * 86_400_000) }).where('id', 'in', [cost, permission]).execute();
    const list = await reporter.client.get('/stories/follow-up');
    assert.equal(list.status, 200);
    assert.match(list.body, /Did the council need to give permission\?/);
    assert.doesNotMatch(list.body, /What did it cost to start\?/);
    const csv = parseCsv((await reporter.client.get('/stories/follow-up.csv')).body, { columns: true }) as Record<string, string>[];
    assert.equal(csv.length, 1);
    assert.equal(csv[0]?.question, 'Did the council need to give permission?');
    assert.equal(csv[0]?.asked_by, 'Vic Council');
    assert.equal(csv[0]?.days_waiting, '8');
    const others = await visitorMember.client.get('/stories/follow-up.csv');
    assert.equal(others.body.trim().split('\n').length, 1, 'a member who reports nothing has an empty list');
    assert.equal((await stranger.get('/stories/follow-up')).status, 302);
    assert.match((await facilitator.client.get('/stories/follow-up')).body, /Did the council need to give permission\?/);
  });

  test('a facilitator builds the replication recipe: a knowledge page with its versions, and an evidence level', async () => {
    assert.equal((await reporter.client.get(`/stories/${slug}/recipe/new`)).status, 403);
    const form = await facilitator.client.get(`/stories/${slug}/recipe/new`);
    assert.equal(form.status, 200);
    assert.match(form.body, /Almost nothing: seeds and a few planks, about £200\./, 'the answers to draw on');
    for (const heading of ['Context', 'Problem', 'What was done', 'Who was involved', 'Cost and resources', 'Outcomes and evidence', 'What did not work', 'How to replicate', 'Contacts']) {
      assert.match(form.body, new RegExp(`## ${heading}`));
    }
    const body = /<textarea[^>]*name="body"[^>]*>([\s\S]*?)<\/textarea>/.exec(form.body)![1]!.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
    const recipe = { title: 'How to replicate: Incredible Edible Todmorden', body: body.replace('## Cost and resources\n\n', '## Cost and resources\n\nAbout £200 of seeds and planks.\n\n'), evidenceLevel: '', evidenceNote: '' };
    const bad = await facilitator.client.postForm(`/stories/${slug}/recipe/new`, recipe);
    assert.equal(bad.status, 400);
    assert.match(bad.body, /Choose an evidence level\./);
    assert.match(bad.body, /About £200 of seeds and planks\./);
    await ok(await facilitator.client.postForm(`/stories/${slug}/recipe/new`, { ...recipe, evidenceLevel: 'documented', evidenceNote: 'Volunteer logs since 2008.' }), 'the recipe');
    const page = await t.db.selectFrom('knowledge_pages').select(['slug', 'template', 'group_id']).where('title', '=', recipe.title).executeTakeFirstOrThrow();
    assert.equal(page.template, 'case-study');
    assert.equal(page.group_id, null);
    const view = await stranger.get(`/stories/${slug}/recipe`);
    assert.equal(view.status, 200);
    assert.match(view.body, /Documented/);
    assert.match(view.body, /written down at the time/);
    assert.match(view.body, /About £200 of seeds and planks\./);
    assert.match(view.body, new RegExp(`href="/knowledge/${page.slug}/history"`));
    assert.match((await stranger.get(`/knowledge/${page.slug}`)).body, /About £200 of seeds and planks\./);
    assert.match((await stranger.get(`/knowledge/${page.slug}/history`)).body, /Replication recipe started from a story/);
    assert.equal((await facilitator.client.get(`/stories/${slug}/recipe/new`)).location, `/stories/${slug}/recipe`, 'one recipe per story');

    const badEvidence = await facilitator.client.postForm(`/stories/${slug}/recipe/evidence`, { evidenceLevel: 'rumour', evidenceNote: 'kept' }, { csrfFrom: `/stories/${slug}/recipe` });
    assert.equal(badEvidence.status, 400);
    assert.match(badEvidence.body, /Choose an evidence level\./);
    assert.match(badEvidence.body, /kept/);
    await ok(await facilitator.client.postForm(`/stories/${slug}/recipe/evidence`, { evidenceLevel: 'evaluated', evidenceNote: '' }, { csrfFrom: `/stories/${slug}/recipe` }), 'the evidence');
    assert.equal((await stranger.get('/stories.json?evidence=evaluated')).json<{ stories: unknown[] }>().stories.length, 1);
    assert.equal((await stranger.get('/stories.json?evidence=anecdote')).json<{ stories: unknown[] }>().stories.length, 0);
  });

  test('another council records that it tried it; the recipe and the story show where and how it went', async () => {
    const path = `/stories/${slug}/tried`;
    assert.equal((await stranger.get(path)).status, 302);
    const bad = await visitorMember.client.postForm(path, { organisation: 'Hebden Royd Town Council', place: 'Hebden Bridge', localAuthority: 'E08000033', triedIn: 'last spring', outcome: '', note: 'Kept' });
    assert.equal(bad.status, 400);
    assert.match(bad.body, /Enter the month as 2025-03 or 03\/2025\./);
    assert.match(bad.body, /Choose how it went\./);
    assert.match(bad.body, /value="Hebden Royd Town Council"/);
    const future = await visitorMember.client.postForm(path, { organisation: 'X', triedIn: `${new Date().getUTCFullYear() + 2}-01`, outcome: 'worked' });
    assert.match(future.body, /between 1990 and this month/);
    await ok(await visitorMember.client.postForm(path, { organisation: 'Hebden Royd Town Council', place: 'Hebden Bridge', localAuthority: 'E08000033', triedIn: '03/2024', outcome: 'partly', note: 'The beds by the bus station were vandalised.' }), 'a trial');
    await ok(await facilitator.client.postForm(path, { organisation: 'Calder Valley Growers', triedIn: '2023-06', outcome: 'worked', note: '' }), 'another trial');
    const recipe = await stranger.get(`/stories/${slug}/recipe`);
    assert.match(recipe.body, /Tried in 2 places: worked in 1, partly worked in 1, did not work in 0\./);
    assert.match(recipe.body, /Hebden Royd Town Council – Hebden Bridge, Calderdale/);
    assert.match(recipe.body, /It partly worked/);
    assert.match(recipe.body, /March 2024/);
    const json = storySchema.parse((await stranger.get(`/stories/${slug}.json`)).json());
    assert.deepEqual(json.triedSince.counts, { worked: 1, partly: 1, didNotWork: 0 });
    assert.equal(json.recipe?.evidenceLevel, 'evaluated');
    const trial = await t.db.selectFrom('story_trials').select('id').where('organisation', '=', 'Calder Valley Growers').executeTakeFirstOrThrow();
    assert.equal((await visitorMember.client.postForm(`/stories/${slug}/tried/${trial.id}/remove`, {}, { csrfFrom: `/stories/${slug}` })).status, 404, 'only its recorder or a facilitator');
    await ok(await facilitator.client.postForm(`/stories/${slug}/tried/${trial.id}/remove`, {}, { csrfFrom: `/stories/${slug}` }), 'removing');
  });

  test('lineage: a pitch says it was adapted from the story, a story from another; each is shown only to those who may see it', async () => {
    const pitch = await visitorMember.client.postForm('/pitches/new', {
      kind: 'project',
      title: 'Edible Hebden Bridge',
      summary: 'Growing food by the canal.',
      body: '',
      terms: 'free',
      stage: 'idea',
      tags: 'food',
      group: '',
      action: 'draft',
    });
    await ok(pitch, 'a draft pitch');
    const pitchId = (await t.db.selectFrom('pitches').select('id').where('title', '=', 'Edible Hebden Bridge').executeTakeFirstOrThrow()).id;
    const notMine = await reporter.client.postForm(`/stories/${slug}/adapted`, { pitch: String(pitchId), note: '' }, { csrfFrom: `/stories/${slug}/adapted` });
    assert.equal(notMine.status, 400);
    assert.match(notMine.body, /Choose a pitch you are in the team of\./);
    await ok(await visitorMember.client.postForm(`/stories/${slug}/adapted`, { pitch: String(pitchId), note: 'By the canal instead.' }, { csrfFrom: `/stories/${slug}` }), 'linking');
    assert.match((await visitorMember.client.get(`/stories/${slug}`)).body, /Edible Hebden Bridge/);
    assert.doesNotMatch((await stranger.get(`/stories/${slug}`)).body, /Edible Hebden Bridge/, 'a draft pitch stays with its team');

    await t.db.insertInto('stories').values({ slug: 'edible-bristol', title: 'Edible Bristol', summary: 'S', status: 'published', published_at: new Date(), reporter_id: reporter.id }).execute();
    await ok(
      await reporter.client.postForm('/stories/edible-bristol/edit', { title: 'Edible Bristol', summary: 'Growing in Bristol.', adaptedFrom: `/stories/${slug}`, adaptedNote: 'Started from Todmorden’s recipe.' }),
      'adapted from',
    );
    assert.match((await stranger.get('/stories/edible-bristol')).body, /Adapted from <\/span><a href="\/stories\/incredible-edible-todmorden">/);
    const origin = await stranger.get(`/stories/${slug}`);
    assert.match(origin.body, /Story: <\/span><a href="\/stories\/edible-bristol">Edible Bristol<\/a><span> – Started from Todmorden’s recipe\./);
  });

  test('taking a story down hides it again, with its recipe page, media and questions', async () => {
    await ok(await facilitator.client.postForm(`/stories/${slug}/unpublish`, {}, { csrfFrom: `/stories/${slug}` }), 'taking down');
    for (const path of [`/stories/${slug}`, `/stories/${slug}/recipe`, `/stories/${slug}/clip`, `/conversations/story/${storyId}.json`]) {
      assert.equal((await stranger.get(path)).status, 404, path);
    }
    assert.doesNotMatch((await stranger.get('/stories.rss')).body, /Incredible Edible Todmorden/);
    assert.equal((await reporter.client.get(`/stories/${slug}/recipe`)).status, 200);
    await ok(await facilitator.client.postForm(`/stories/${slug}/publish`, {}, { csrfFrom: `/stories/${slug}` }), 'publishing again');
    const story = await t.db.selectFrom('stories').select('published_at').where('id', '=', storyId).executeTakeFirstOrThrow();
    assert.ok(story.published_at, 'the first publication date is kept');
  });

  test('bad addresses are "not found", never an error', async () => {
    for (const path of ['/stories/NOT_A_SLUG', '/stories/no-such-story', '/stories/no-such-story.csv', `/stories/${slug}/photos/abc`, `/stories/${slug}/photos/999999`, '/stories/review/abc', '/stories/nominations/answer/%00']) {
      const response = await admin.get(path);
      assert.ok([404, 410].includes(response.status), `${path}: ${response.status}`);
    }
  });
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { createAccount } from '../accounts/accounts.commands.ts';
import { TestClient, type TestResponse, type UploadedFile } from '../../test/http.ts';
import { pageText, setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { hashToken } from '../../web/auth.ts';
import { pitchSchema } from './pitches.schemas.ts';
import { todayInUk } from './pitches.forms.ts';

const password = 'a long enough password';
const xss = '<script>alert(1)</script><img src=x onerror=alert(1)>';
// @kitajs/html escapes `<`, `&` and quotes; a lone `>` is harmless in text and is left as it is.
const rawScript = '<script>alert(1)</script>';
const rawImg = '<img src=x onerror';

type Fields = Record<string, string | string[]>;

/** Every field of the pitch form, as a browser sends it. */
function pitchFields(values: Fields = {}): Fields {
  const fields: Fields = {
    kind: 'idea',
    title: 'A pitch',
    summary: '',
    body: '',
    terms: 'free',
    priceMin: '',
    priceMax: '',
    budget: '',
    deadline: '',
    stage: 'idea',
    tags: '',
    place: '',
    area: '',
  };
  for (const slot of [1, 2, 3, 4, 5]) {
    fields[`link${slot}Label`] = '';
    fields[`link${slot}Url`] = '';
  }
  return { ...fields, ...values };
}

function inDays(days: number): string {
  const [year, month, day] = todayInUk().split('-').map(Number);
  return new Date(Date.UTC(year!, month! - 1, day! + days)).toISOString().slice(0, 10);
}

async function pitch(client: TestClient, values: Fields, action: 'publish' | 'draft' = 'publish'): Promise<string> {
  const response = await client.postForm('/pitches/new', pitchFields({ ...values, action }));
  assert.equal(response.status, 303, `pitching failed (${response.status}): ${pageText(response)}`);
  assert.ok(response.location?.startsWith('/pitches/'));
  return response.location!;
}

/** The hidden version field of an edit form. */
function versionOf(response: TestResponse): string {
  const match = /name="version" value="(\d+)"/.exec(response.body);
  assert.ok(match, 'the edit form carries the version');
  return match[1]!;
}

/** The values an edit form holds, as a browser would send them back. */
function formValues(response: TestResponse): Fields {
  const values: Fields = {};
  for (const match of response.body.matchAll(/<input\b[^>]*>/g)) {
    const tag = match[0];
    const name = /\bname="([^"]+)"/.exec(tag)?.[1];
    if (!name || name === '_csrf' || /type="(submit|file)"/.test(tag)) continue;
    const value = decode(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '');
    if (/type="(radio|checkbox)"/.test(tag)) {
      if (!/\bchecked\b/.test(tag)) continue;
      const previous = values[name];
      values[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
    } else values[name] = value;
  }
  for (const match of response.body.matchAll(/<textarea\b[^>]*\bname="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) values[match[1]!] = decode(match[2]!);
  for (const match of response.body.matchAll(/<select\b[^>]*\bname="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    values[match[1]!] = decode(/<option value="([^"]*)" selected/.exec(match[2]!)?.[1] ?? '');
  }
  return values;
}

function decode(text: string) {
  return text.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

function file(name: string, filename: string, contentType: string, data: Buffer): UploadedFile {
  return { name, filename, contentType, data };
}

const minimalPdf = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);

describe('pitches', () => {
  let hub: TestHub;
  let admin: TestClient;
  let ada: TestClient;
  let bob: TestClient;
  let cara: TestClient;
  const visitor = () => new TestClient(hub.app);
  const ids: Record<string, number> = {};
  let councilId: number;
  let charityId: number;

  before(async () => {
    hub = await startTestHub();
    admin = await setUpHub(hub.app);
    for (const [name, email] of [
      ['Ada Lovelace', 'ada@example.org'],
      ['Bob Builder', 'bob@example.org'],
      ['Cara Council', 'cara@example.org'],
    ] as const) {
      const created = await createAccount(hub.db, { name, email, password, verified: true });
      assert.ok(created.ok);
      ids[created.handle] = created.userId;
    }
    ada = new TestClient(hub.app);
    await ada.signIn('ada@example.org', password);
    bob = new TestClient(hub.app);
    await bob.signIn('bob@example.org', password);
    cara = new TestClient(hub.app);
    await cara.signIn('cara@example.org', password);

    const council = await hub.db
      .insertInto('organisations')
      .values({ slug: 'kirklees-council', name: 'Kirklees Council', kind: 'council', created_by: ids['ada-lovelace']! })
      .returning('id')
      .executeTakeFirstOrThrow();
    const charity = await hub.db
      .insertInto('organisations')
      .values({ slug: 'open-doors', name: 'Open Doors Befriending', kind: 'charity', created_by: ids['bob-builder']! })
      .returning('id')
      .executeTakeFirstOrThrow();
    councilId = council.id;
    charityId = charity.id;
    await hub.db
      .insertInto('organisation_members')
      .values([
        { organisation_id: councilId, user_id: ids['ada-lovelace']!, role: 'admin', status: 'active' },
        { organisation_id: charityId, user_id: ids['ada-lovelace']!, role: 'member', status: 'pending' },
        { organisation_id: charityId, user_id: ids['bob-builder']!, role: 'admin', status: 'active' },
      ])
      .execute();
  });
  after(async () => {
    await hub?.close();
  });

  test('pitching needs a signed-in member; the form offers only organisations the member is active in', async () => {
    const anonymous = await visitor().get('/pitches/new');
    assert.equal(anonymous.status, 302);
    assert.match(anonymous.location ?? '', /^\/sign-in\?next=/);

    const form = await ada.get('/pitches/new');
    assert.equal(form.status, 200);
    assert.match(form.body, /Kirklees Council/);
    assert.doesNotMatch(form.body, /Open Doors Befriending/, 'a pending membership does not count');
    for (const kind of ['Idea', 'Challenge or request', 'Existing project', 'Product', 'Service', 'Offer', 'Want']) assert.match(form.body, new RegExp(`>${kind}</label>`));
    assert.match(form.body, /Skills, time, space, equipment or data you can give or lend/, 'each kind has its hint');
    assert.match(form.body, /Making a good pitch/, 'the guidance panel is beside the form');
  });

  test('a published pitch shows everything on its page and in its JSON', async () => {
    const deadline = inDays(30);
    const location = await pitch(ada, {
      kind: 'challenge',
      title: 'Lonely evenings in Dewsbury',
      summary: 'Older residents tell us the evenings are the hardest part.',
      body: 'We want **ideas** for evening befriending.\n\n- warm spaces\n- phone rounds',
      terms: 'negotiable',
      priceMin: '£1,000',
      priceMax: '2500.50',
      budget: '5000',
      deadline,
      stage: 'seeking-partners',
      tags: 'Loneliness, ageing well, loneliness',
      place: 'Dewsbury',
      area: 'E08000034',
      organisations: String(councilId),
      link1Label: 'Our survey',
      link1Url: 'https://example.org/survey',
      link2Url: 'https://example.org/report',
    });
    assert.equal(location, '/pitches/lonely-evenings-in-dewsbury');

    const page = await visitor().get(location);
    assert.equal(page.status, 200);
    assert.match(page.body, /<h1>Lonely evenings in Dewsbury<\/h1>/);
    assert.match(page.body, /Challenge or request/);
    assert.match(page.body, /Seeking partners/);
    assert.match(page.body, /£1,000 to £2,500\.50/);
    assert.match(page.body, /£5,000/);
    assert.match(page.body, new RegExp(`<time datetime="${deadline}"`));
    assert.match(page.body, /Dewsbury, Kirklees/);
    assert.match(page.body, /<strong>ideas<\/strong>/, 'the body is rendered from Markdown');
    assert.match(page.body, /href="\/tags\/loneliness"/);
    assert.match(page.body, /href="\/tags\/ageing%20well"/);
    assert.match(page.body, /href="\/organisations\/kirklees-council"/);
    assert.match(page.body, /href="\/members\/ada-lovelace"/);
    assert.match(page.body, /Team lead/);
    assert.match(page.body, /href="https:\/\/example.org\/survey"[^>]*>Our survey</);
    assert.match(page.body, />example.org</, 'a link without text is labelled with its host');
    assert.doesNotMatch(page.body, /Edit<\/a>/, 'visitors get no team actions');

    const json = await visitor().get(`${location}.json`);
    assert.equal(json.status, 200);
    const data = pitchSchema.parse(json.json());
    assert.equal(data.kind, 'challenge');
    assert.equal(data.priceMin, 1000);
    assert.equal(data.priceMax, 2500.5);
    assert.equal(data.budget, 5000);
    assert.equal(data.deadline, deadline);
    assert.deepEqual(data.tags, ['loneliness', 'ageing well']);
    assert.deepEqual(data.localAuthority, { code: 'E08000034', name: 'Kirklees' });
    assert.equal(data.team[0]?.handle, 'ada-lovelace');
    assert.equal(data.team[0]?.lead, true);
    assert.equal(data.organisations[0]?.slug, 'kirklees-council');
    assert.equal(data.stageHistory.length, 1);
    assert.equal(data.stageHistory[0]?.stage, 'seeking-partners');
    assert.equal(data.status, 'published');

    const again = await pitch(ada, { title: 'Lonely evenings in Dewsbury' });
    assert.equal(again, '/pitches/lonely-evenings-in-dewsbury-2', 'slugs are unique');
    const reserved = await pitch(ada, { title: 'New' });
    assert.equal(reserved, '/pitches/new-2', 'no pitch takes the address of the form');

    const activity = await hub.db.selectFrom('activities').selectAll().where('verb', '=', 'pitched').where('actor_id', '=', ids['ada-lovelace']!).execute();
    assert.ok(activity.length >= 1);
  });

  test('bad input comes back with status 400, the errors and everything typed', async () => {
    const response = await ada.postForm(
      '/pitches/new',
      pitchFields({
        action: 'publish',
        kind: 'challenge',
        title: 'x'.repeat(151),
        summary: 'Kept summary',
        body: 'Kept body text',
        terms: 'paid',
        priceMin: '900',
        priceMax: '100',
        budget: 'lots',
        deadline: '2001-01-01',
        place: 'Kept place',
        link1Label: 'No address',
        link2Url: 'javascript:alert(1)',
      }),
    );
    assert.equal(response.status, 400);
    assert.match(response.body, /There is a problem/);
    assert.match(response.body, /use at most 150 characters/);
    assert.match(response.body, /The upper price must be at least the lower price/);
    assert.match(response.body, /Enter an amount in pounds/);
    assert.match(response.body, /Enter the web address for this link/);
    assert.match(response.body, /Enter a web address starting with https:\/\//);
    assert.match(response.body, /Kept summary/);
    assert.match(response.body, /Kept body text/);
    assert.match(response.body, /value="Kept place"/);
    assert.match(response.body, /value="900"/);

    const past = await ada.postForm('/pitches/new', pitchFields({ action: 'publish', kind: 'challenge', title: 'Old deadline', deadline: '2001-01-01' }));
    assert.equal(past.status, 400);
    assert.match(past.body, /The deadline cannot be in the past/);

    const stranger = await ada.postForm('/pitches/new', pitchFields({ action: 'publish', title: 'Not my charity', organisations: String(charityId) }));
    assert.equal(stranger.status, 400, 'an organisation the author is only pending in is refused');
    assert.match(stranger.body, /You can only name organisations you are an active member of/);

    const badKind = await ada.postForm('/pitches/new', pitchFields({ action: 'publish', kind: 'bribe', title: 'Hmm' }));
    assert.equal(badKind.status, 400);
    assert.match(badKind.body, /Choose what kind of pitch this is/);
  });

  test('the guidance follows the content and never stops a save', async () => {
    const checked = await ada.postForm('/pitches/new', pitchFields({ action: 'check', kind: 'challenge', title: 'Checking', summary: 'A summary' }));
    assert.equal(checked.status, 200);
    assert.match(checked.body, /Nothing has been saved yet/);
    assert.match(checked.body, /The need in plain words/, 'advice for challenges');
    assert.doesNotMatch(checked.body, /data-check="summary"/, 'a summary was given');
    for (const check of ['tags', 'place', 'body', 'stage', 'deadline', 'budget']) assert.match(checked.body, new RegExp(`data-check="${check}"`));
    assert.equal((await hub.db.selectFrom('pitches').select('id').where('title', '=', 'Checking').execute()).length, 0);

    // A thin draft publishes anyway; its page shows the team what is missing.
    const location = await pitch(ada, { kind: 'want', title: 'A thin draft' }, 'draft');
    const page = await ada.get(location);
    assert.match(page.body, /Making a good pitch/);
    assert.match(page.body, /data-check="summary"/);
    assert.match(page.body, /data-check="files"/);
    const published = await ada.postForm(`${location}/publish`, {}, { csrfFrom: location });
    assert.equal(published.status, 303);
    const after = await visitor().get(location);
    assert.equal(after.status, 200);
    assert.doesNotMatch(after.body, /Making a good pitch/, 'guidance is for drafts, for their team');
  });

  test('a draft is seen only by its team and administrators, and becomes public when published', async () => {
    const location = await pitch(ada, { title: 'Secret compost plan', summary: 'Not ready yet', tags: 'compost' }, 'draft');
    for (const client of [visitor(), bob]) {
      assert.equal((await client.get(location)).status, 404);
      assert.equal((await client.get(`${location}.json`)).status, 404);
      assert.equal((await client.get(`/api/pitches/secret-compost-plan`)).status, 404);
      assert.equal((await client.get(`${location}/edit`)).status, client === bob ? 404 : 302);
    }
    const own = await ada.get(location);
    assert.equal(own.status, 200);
    assert.match(own.body, /This is a draft/);
    assert.match(String(own.headers['cache-control']), /no-store/);
    assert.equal((await admin.get(location)).status, 200, 'administrators see drafts');

    const published = await ada.postForm(`${location}/publish`, {}, { csrfFrom: location });
    assert.equal(published.status, 303);
    assert.equal((await bob.get(location)).status, 200);
    const activities = await hub.db.selectFrom('activities').select('verb').where('subject_type', '=', 'pitch').where('summary', '=', 'Secret compost plan').execute();
    assert.deepEqual(activities.map((a) => a.verb).sort(), ['pitched', 'published']);
  });

  test('the stage changes with a note and keeps its dated history; closing is a stage too', async () => {
    const location = await pitch(ada, { title: 'Repair café for Batley' });
    assert.equal((await bob.get(`${location}/stage`)).status, 403, 'only the team changes the stage');
    const refused = await bob.postForm(`${location}/stage`, { stage: 'funded', note: '' }, { csrfFrom: location });
    assert.equal(refused.status, 403);

    const changed = await ada.postForm(`${location}/stage`, { stage: 'seeking-funding', note: 'Ward panel said yes in principle' });
    assert.equal(changed.status, 303);
    const same = await ada.postForm(`${location}/stage`, { stage: 'seeking-funding', note: '' });
    assert.equal(same.status, 400);
    assert.match(same.body, /already at that stage/);
    const bad = await ada.postForm(`${location}/stage`, { stage: 'world-domination', note: 'x'.repeat(501) });
    assert.equal(bad.status, 400);
    assert.match(bad.body, /use at most 500 characters/);

    const closed = await ada.postForm(`${location}/close`, {}, { csrfFrom: location });
    assert.equal(closed.status, 303);
    const data = pitchSchema.parse((await visitor().get(`${location}.json`)).json());
    assert.equal(data.stage, 'closed');
    assert.deepEqual(
      data.stageHistory.map((c) => [c.stage, c.note, c.changedBy?.handle]),
      [
        ['idea', '', 'ada-lovelace'],
        ['seeking-funding', 'Ward panel said yes in principle', 'ada-lovelace'],
        ['closed', '', 'ada-lovelace'],
      ],
    );
    const page = await visitor().get(location);
    assert.match(page.body, /Ward panel said yes in principle/);
    const verbs = await hub.db.selectFrom('activities as a').innerJoin('pitches as p', 'p.id', 'a.subject_id').select('a.verb').where('p.slug', '=', 'repair-cafe-for-batley').execute();
    assert.equal(verbs.filter((v) => v.verb === 'changed-stage').length, 2);
  });

  test('the team: add a member by handle with a role, who can then edit; remove them; the lead stays', async () => {
    const location = await pitch(ada, { title: 'Community fridge' });
    assert.equal((await bob.get(`${location}/edit`)).status, 403);

    const unknown = await ada.postForm(`${location}/team`, { handle: 'nobody-here', role: 'Ghost' });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body, /There is no member with that handle/);
    assert.match(unknown.body, /value="Ghost"/);

    const added = await ada.postForm(`${location}/team`, { handle: '@Bob-Builder', role: 'Fridge wrangler' });
    assert.equal(added.status, 303);
    const page = await visitor().get(location);
    assert.match(page.body, /href="\/members\/bob-builder"[^>]*>Bob Builder<\/a><span> – Fridge wrangler/);

    const edit = await bob.get(`${location}/edit`);
    assert.equal(edit.status, 200, 'a team member may edit');

    const lead = await bob.postForm(`${location}/team/ada-lovelace/remove`, {}, { csrfFrom: `${location}/team` });
    assert.equal(lead.status, 303);
    assert.ok((await hub.db.selectFrom('pitch_team').select('user_id').where('user_id', '=', ids['ada-lovelace']!).execute()).length > 0);
    const notice = await bob.get(lead.location!);
    assert.match(notice.body, /The team lead cannot be removed/);

    const removed = await ada.postForm(`${location}/team/bob-builder/remove`, {}, { csrfFrom: `${location}/team` });
    assert.equal(removed.status, 303);
    assert.equal((await bob.get(`${location}/edit`)).status, 403);
    assert.equal((await ada.postForm(`${location}/team/nobody/remove`, {}, { csrfFrom: `${location}/team` })).status, 404);
  });

  test('pictures are checked by content and stripped of metadata; documents download safely; drafts’ files stay private', async () => {
    const location = await pitch(ada, { title: 'Tool library' }, 'draft');
    const filesPage = `${location}/files`;
    const photo = await sharp({ create: { width: 2400, height: 1200, channels: 3, background: '#2a7' } })
      .withMetadata({ exif: { IFD0: { Copyright: 'secret-exif-copyright' } } })
      .jpeg()
      .toBuffer();
    assert.ok(photo.includes(Buffer.from('secret-exif-copyright')), 'the test picture carries EXIF');

    const noDescription = await ada.postMultipart(filesPage.replace('/files', '/images'), { description: '' }, [file('image', 'tools.jpg', 'image/jpeg', photo)], { csrfFrom: filesPage });
    assert.equal(noDescription.status, 400);
    assert.match(noDescription.body, /Describe what the picture shows/);

    const renamed = await ada.postMultipart(`${location}/images`, { description: 'Not really a picture' }, [file('image', 'notes.png', 'image/png', Buffer.from('just some text pretending'))], {
      csrfFrom: filesPage,
    });
    assert.equal(renamed.status, 400);
    assert.match(renamed.body, /The file is not a JPEG, PNG, WebP or GIF picture/);
    assert.match(renamed.body, /value="Not really a picture"/, 'the description is kept');

    const huge = await ada.postMultipart(`${location}/images`, { description: 'Far too big' }, [file('image', 'huge.jpg', 'image/jpeg', Buffer.concat([photo, Buffer.alloc(6 * 1024 * 1024)]))], {
      csrfFrom: filesPage,
    });
    assert.equal(huge.status, 413);
    assert.match(huge.body, /The picture is too large: it can be at most 5 MB/);
    assert.match(huge.body, /value="Far too big"/);
    const noToken = await ada.postMultipart(`${location}/images`, { _csrf: 'forged', description: 'Forged' }, [file('image', 'tools.jpg', 'image/jpeg', photo)]);
    assert.equal(noToken.status, 403, 'uploads need the form’s CSRF token');

    const uploaded = await ada.postMultipart(`${location}/images`, { description: 'Shelves of lent drills' }, [file('image', 'tools.jpg', 'image/jpeg', photo)], { csrfFrom: filesPage });
    assert.equal(uploaded.status, 303, pageText(uploaded));
    const row = await hub.db.selectFrom('pitch_files').selectAll().where('description', '=', 'Shelves of lent drills').executeTakeFirstOrThrow();
    assert.match(row.stored_path, /^pitches\/[A-Za-z0-9_-]+\.jpg$/);
    const stored = fs.readFileSync(path.join(hub.config.uploadsDir, row.stored_path));
    assert.ok(!stored.includes(Buffer.from('secret-exif-copyright')), 'EXIF is gone');
    const meta = await sharp(stored).metadata();
    assert.equal(meta.width, 1600);
    assert.equal(meta.exif, undefined);

    const page = await ada.get(location);
    assert.match(page.body, new RegExp(`<img src="${location}/files/${row.id}" alt="Shelves of lent drills"`));
    const served = await ada.get(`${location}/files/${row.id}`);
    assert.equal(served.status, 200);
    assert.equal(served.headers['content-type'], 'image/jpeg');
    assert.equal(served.headers['x-content-type-options'], 'nosniff');
    for (const client of [visitor(), bob]) assert.equal((await client.get(`${location}/files/${row.id}`)).status, 404, 'a draft’s picture does not leak');

    const textAsPdf = await ada.postMultipart(`${location}/attachments`, { attachmentDescription: 'Fake' }, [file('attachment', 'report.pdf', 'application/pdf', Buffer.from('plain text, not a PDF'))], {
      csrfFrom: filesPage,
    });
    assert.equal(textAsPdf.status, 400, 'a renamed text file is refused');
    assert.match(textAsPdf.body, /its content does not match its name/);
    const program = await ada.postMultipart(`${location}/attachments`, {}, [file('attachment', 'setup.exe', 'application/octet-stream', Buffer.from('MZ\x90\x00'))], { csrfFrom: filesPage });
    assert.equal(program.status, 400);
    const pngAsCsv = await ada.postMultipart(`${location}/attachments`, {}, [file('attachment', 'data.csv', 'text/csv', stored)], { csrfFrom: filesPage });
    assert.equal(pngAsCsv.status, 400, 'binary content named .csv is refused');

    const pdf = await ada.postMultipart(`${location}/attachments`, { attachmentDescription: 'Plan, spring 2025' }, [file('attachment', 'Tool “library” plan.pdf', 'application/pdf', minimalPdf)], {
      csrfFrom: filesPage,
    });
    assert.equal(pdf.status, 303, pageText(pdf));
    const csv = await ada.postMultipart(`${location}/attachments`, {}, [file('attachment', 'loans.csv', 'text/csv', Buffer.from('tool,loans\ndrill,12\n'))], { csrfFrom: filesPage });
    assert.equal(csv.status, 303);
    const documents = await hub.db.selectFrom('pitch_files').selectAll().where('kind', '=', 'attachment').orderBy('id').execute();
    const pdfRow = documents.find((d) => d.original_name.endsWith('.pdf'))!;
    const download = await ada.get(`${location}/files/${pdfRow.id}`);
    assert.equal(download.status, 200);
    assert.equal(download.headers['content-type'], 'application/pdf');
    assert.equal(download.headers['x-content-type-options'], 'nosniff');
    assert.match(String(download.headers['content-disposition']), /^attachment; filename="Tool _library_ plan.pdf"; filename\*=UTF-8''/);
    const withFiles = await ada.get(location);
    assert.match(withFiles.body, /Tool “library” plan.pdf<\/a><span> \(\d+ bytes\)<\/span>/);
    assert.match(withFiles.body, /Plan, spring 2025/);
    assert.equal((await bob.get(`${location}/files/${pdfRow.id}`)).status, 404);
    assert.equal((await bob.get(`${location}/files`)).status, 404);
    assert.equal((await ada.get(`${location}/files/abc`)).status, 404);

    await ada.postForm(`${location}/publish`, {}, { csrfFrom: location });
    assert.equal((await visitor().get(`${location}/files/${pdfRow.id}`)).status, 200, 'published files are public');

    const deleted = await ada.postForm(`${location}/files/${row.id}/delete`, {}, { csrfFrom: filesPage });
    assert.equal(deleted.status, 303);
    assert.equal((await visitor().get(`${location}/files/${row.id}`)).status, 404);
    assert.ok(!fs.existsSync(path.join(hub.config.uploadsDir, row.stored_path)), 'the stored file is removed');
    assert.equal((await bob.postForm(`${location}/files/${pdfRow.id}/delete`, {}, { csrfFrom: location })).status, 403);
  });

  test('two editors: the later save does not overwrite, shows both texts and keeps the editor’s own', async () => {
    const location = await pitch(ada, { title: 'Shared allotment', summary: 'First summary', body: 'First body' });
    await ada.postForm(`${location}/team`, { handle: 'bob-builder', role: 'Grower' });
    const adaForm = await ada.get(`${location}/edit`);
    const bobForm = await bob.get(`${location}/edit`);
    assert.equal(versionOf(adaForm), versionOf(bobForm));

    const adaSave = await ada.postForm(`${location}/edit`, { ...formValues(adaForm), summary: 'Ada’s summary', body: 'Ada rewrote the body', action: 'save' }, { csrfFrom: `${location}/edit` });
    assert.equal(adaSave.status, 303);

    const bobValues = { ...formValues(bobForm), title: 'Shared allotment plots', body: 'Bob’s careful new body', action: 'save' };
    const conflict = await bob.postForm(`${location}/edit`, bobValues, { csrfFrom: `${location}/edit` });
    assert.equal(conflict.status, 409);
    assert.match(conflict.body, /Someone else saved this pitch while you were editing/);
    assert.match(conflict.body, /id="their-summary"[^>]*>Ada’s summary<\/textarea>/);
    assert.match(conflict.body, /id="their-body"[^>]*>Ada rewrote the body<\/textarea>/);
    assert.match(conflict.body, /name="body"[^>]*>Bob’s careful new body<\/textarea>/, 'Bob’s text is kept in the form');
    assert.match(conflict.body, /name="title"[^>]*value="Shared allotment plots"/);
    const stored = await hub.db.selectFrom('pitches').select(['title', 'body', 'version']).where('slug', '=', 'shared-allotment').executeTakeFirstOrThrow();
    assert.equal(stored.body, 'Ada rewrote the body', 'nothing was overwritten');
    assert.equal(versionOf(conflict), String(stored.version), 'the form now carries the current version');

    const merged = await bob.postForm(`${location}/edit`, { ...formValues(conflict), summary: 'Ada’s summary', body: 'Ada rewrote the body. Bob added to it.', action: 'save' }, { csrfFrom: `${location}/edit` });
    assert.equal(merged.status, 303);
    const data = pitchSchema.parse((await visitor().get(`${location}.json`)).json());
    assert.equal(data.title, 'Shared allotment plots');
    assert.equal(data.summary, 'Ada’s summary');
    assert.equal(data.body, 'Ada rewrote the body. Bob added to it.');

    const noVersion = await ada.postForm(`${location}/edit`, { ...formValues(await ada.get(`${location}/edit`)), version: '', action: 'save' }, { csrfFrom: `${location}/edit` });
    assert.equal(noVersion.status, 409, 'a form without its version never overwrites');

    // A stage change also changes the version, since the stage is on the form.
    const before = await ada.get(`${location}/edit`);
    await ada.postForm(`${location}/stage`, { stage: 'shaping', note: '' });
    const stale = await ada.postForm(`${location}/edit`, { ...formValues(before), action: 'save' }, { csrfFrom: `${location}/edit` });
    assert.equal(stale.status, 409);
    assert.match(stale.body, /Their stage: Shaping/);
  });

  test('text in every field is escaped on the page', async () => {
    const location = await pitch(ada, {
      kind: 'offer',
      title: `Title ${xss}`,
      summary: `Summary ${xss}`,
      body: `Body ${xss} [click](javascript:alert(1))`,
      tags: `tag ${rawScript}`,
      place: `Place ${xss}`,
      link1Label: `Link ${xss}`,
      link1Url: 'https://example.org/"onmouseover="alert(1)',
    });
    await ada.postForm(`${location}/team`, { handle: 'bob-builder', role: `Role ${xss}` });
    await ada.postForm(`${location}/stage`, { stage: 'shaping', note: `Note ${xss}` });
    const page = await visitor().get(location);
    assert.equal(page.status, 200);
    assert.ok(!page.body.includes(rawScript), 'no script element');
    assert.ok(!page.body.includes(rawImg), 'no image with a handler');
    assert.ok(!page.body.includes('javascript:alert'), 'no javascript: link');
    assert.ok(!page.body.includes('"onmouseover="'), 'attributes cannot be broken out of');
    for (const label of ['Title', 'Summary', 'Place', 'Link', 'Role', 'Note']) assert.ok(page.body.includes(`${label} &lt;script>`), `${label} is shown escaped`);
    assert.ok(page.body.includes('Body &lt;script&gt;'), 'raw HTML in Markdown is shown as text');
    assert.ok(!/<img[^>]*onerror/.test(page.body), 'no event handler survives');
  });

  test('unknown or malformed addresses are 404 pages', async () => {
    for (const url of ['/pitches/no-such-pitch', '/pitches/no-such-pitch.json', '/pitches/Bad_Slug!', '/pitches/no-such-pitch/edit', `/pitches/${'a'.repeat(120)}`, '/pitches/x.xml']) {
      const response = await ada.get(url);
      assert.equal(response.status, 404, url);
    }
    assert.match((await visitor().get('/pitches/no-such-pitch')).body, /Page not found/);
    assert.equal((await ada.postForm('/pitches/no-such/stage', { stage: 'idea' }, { csrfFrom: '/pitches/new' })).status, 404);
  });

  describe('the JSON API with a token', () => {
    let token: string;
    const api = (app: FastifyInstance, method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown, bearer = token) =>
      app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${bearer}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
      });

    before(async () => {
      const created = await cara.postForm('/settings/tokens', { name: 'Pitch robot' });
      const input = /<input\b[^>]*\bid="new-token"[^>]*>/.exec(created.body)?.[0];
      token = (input ? /\bvalue="([^"]*)"/.exec(input)?.[1] : undefined) ?? '';
      assert.ok(token, 'a token was made');
    });

    test('create a draft and a published pitch; refuse bad bodies with field errors', async () => {
      const draft = await api(hub.app, 'POST', '/api/pitches', { kind: 'service', title: 'Data clinic for charities', tags: ['Open Data', 'evaluation'], area: 'online' });
      assert.equal(draft.statusCode, 201, draft.body);
      const data = pitchSchema.parse(draft.json());
      assert.equal(data.status, 'draft');
      assert.equal(data.online, true);
      assert.deepEqual(data.tags, ['open data', 'evaluation']);
      assert.equal(data.team[0]?.handle, 'cara-council');
      assert.equal(draft.headers.location, `${hub.baseUrl}/pitches/data-clinic-for-charities`);
      assert.equal((await visitor().get('/pitches/data-clinic-for-charities')).status, 404);

      const published = await api(hub.app, 'POST', '/api/pitches', { kind: 'product', title: 'Bus stop sensor', publish: true, terms: 'paid', priceMin: 120, priceMax: 80 });
      assert.equal(published.statusCode, 400);
      const error = published.json() as { error: string; errors: Record<string, string> };
      assert.equal(error.error, 'invalid');
      assert.match(error.errors.priceMax ?? '', /at least the lower price/);

      const ok = await api(hub.app, 'POST', '/api/pitches', { kind: 'product', title: 'Bus stop sensor', publish: true, terms: 'paid', priceMin: 80, priceMax: 120 });
      assert.equal(ok.statusCode, 201);
      assert.equal((await visitor().get('/pitches/bus-stop-sensor')).status, 200);

      const bad = await api(hub.app, 'POST', '/api/pitches', { kind: 'nonsense', title: '', organisations: ['no-such-org'] });
      assert.equal(bad.statusCode, 400);
      const errors = (bad.json() as { errors: Record<string, string> }).errors;
      assert.ok(errors.kind && errors.title, JSON.stringify(errors));

      const unknownOrg = await api(hub.app, 'POST', '/api/pitches', { kind: 'idea', title: 'Org check', organisations: ['no-such-org'] });
      assert.equal(unknownOrg.statusCode, 400);
      assert.match((unknownOrg.json() as { errors: Record<string, string> }).errors.organisations ?? '', /no-such-org/);

      const anonymous = await hub.app.inject({ method: 'POST', url: '/api/pitches', headers: { 'content-type': 'application/json' }, payload: '{}' });
      assert.ok(anonymous.statusCode === 401 || anonymous.statusCode === 403);
    });

    test('update with the version; a stale version gets 409 with the current one; others get 403', async () => {
      const read = pitchSchema.parse((await api(hub.app, 'GET', '/api/pitches/data-clinic-for-charities')).json());
      const updated = await api(hub.app, 'PATCH', '/api/pitches/data-clinic-for-charities', { version: read.version, summary: 'Free data help, monthly', stage: 'shaping', stageNote: 'Two charities signed up' });
      assert.equal(updated.statusCode, 200, updated.body);
      const after = pitchSchema.parse(updated.json());
      assert.equal(after.summary, 'Free data help, monthly');
      assert.equal(after.title, 'Data clinic for charities', 'fields not sent stay as they were');
      assert.equal(after.version, read.version + 1);
      assert.equal(after.stageHistory.at(-1)?.note, 'Two charities signed up');

      const stale = await api(hub.app, 'PATCH', '/api/pitches/data-clinic-for-charities', { version: read.version, summary: 'Overwrite attempt' });
      assert.equal(stale.statusCode, 409);
      const conflict = stale.json() as { error: string; currentVersion: number; current: { summary: string } };
      assert.equal(conflict.error, 'conflict');
      assert.equal(conflict.currentVersion, after.version);
      assert.equal(conflict.current.summary, 'Free data help, monthly');

      const noVersion = await api(hub.app, 'PATCH', '/api/pitches/data-clinic-for-charities', { summary: 'x' });
      assert.equal(noVersion.statusCode, 400);
      const tooLong = await api(hub.app, 'PATCH', '/api/pitches/data-clinic-for-charities', { version: after.version, title: 'x'.repeat(151) });
      assert.equal(tooLong.statusCode, 400);
      assert.ok((tooLong.json() as { errors: Record<string, string> }).errors.title);

      const created = await ada.postForm('/settings/tokens', { name: 'Ada robot' });
      const adaToken = /\bid="new-token"[^>]*\bvalue="([^"]*)"|\bvalue="([^"]*)"[^>]*\bid="new-token"/.exec(created.body);
      const adaSecret = adaToken?.[1] ?? adaToken?.[2] ?? '';
      assert.equal((await api(hub.app, 'PATCH', '/api/pitches/bus-stop-sensor', { version: 1, title: 'Mine now' }, adaSecret)).statusCode, 403);
      assert.equal((await api(hub.app, 'PATCH', '/api/pitches/data-clinic-for-charities', { version: 1, title: 'Mine now' }, adaSecret)).statusCode, 404, 'a draft of others is not even found');
      assert.equal((await api(hub.app, 'PATCH', '/api/pitches/nope', { version: 1 })).statusCode, 404);
    });

    test('a revoked token is refused', async () => {
      await hub.db.updateTable('api_tokens').set({ revoked_at: new Date() }).where('token_hash', '=', hashToken(token)).execute();
      const refused = await api(hub.app, 'POST', '/api/pitches', { kind: 'idea', title: 'After revoking' });
      assert.equal(refused.statusCode, 401);
      assert.equal((await hub.db.selectFrom('pitches').select('id').where('title', '=', 'After revoking').execute()).length, 0);
    });
  });

  test('when the author deletes their account, the pitch stays and shows “a former member”', async () => {
    const created = await createAccount(hub.db, { name: 'Dora Departing', email: 'dora@example.org', password, verified: true });
    assert.ok(created.ok);
    const dora = new TestClient(hub.app);
    await dora.signIn('dora@example.org', password);
    const location = await pitch(dora, { title: 'Seed swap at the library', summary: 'Bring seeds, take seeds' });
    await dora.postForm(`${location}/stage`, { stage: 'delivering', note: 'First swap done' });
    const deleted = await dora.postForm('/settings/delete', { deletePassword: password }, { csrfFrom: '/settings' });
    assert.equal(deleted.status, 303);

    const row = await hub.db.selectFrom('pitches').select(['id', 'author_id']).where('slug', '=', 'seed-swap-at-the-library').executeTakeFirstOrThrow();
    assert.equal(row.author_id, null);
    assert.equal((await hub.db.selectFrom('pitch_team').select('user_id').where('pitch_id', '=', row.id).execute()).length, 0);
    const page = await visitor().get(location);
    assert.equal(page.status, 200);
    assert.match(page.body, /a former member/);
    assert.doesNotMatch(page.body, /Dora Departing/);
    const data = pitchSchema.parse((await visitor().get(`${location}.json`)).json());
    assert.equal(data.author, null);
    assert.equal(data.stageHistory[1]?.changedBy, null);
    assert.equal(data.stageHistory[1]?.note, 'First swap done');
    const activity = await visitor().get('/activity');
    assert.match(activity.body, /A former member/);
  });
});

describe('demo pitches', () => {
  test('30 valid pitches across kinds, stages and terms, by demo members for their own organisations', async () => {
    const { demoPitches, currentStage } = await import('../../data/demo-pitches.ts');
    const { demoMembers, demoOrganisations, tagVocabulary } = await import('../../data/demo-content.ts');
    const { localAuthorities } = await import('../../data/uk-local-authorities.ts');
    const { apiCreateBody } = await import('./pitches.forms.ts');
    assert.equal(demoPitches.length, 30);
    const members = new Map(demoMembers.map((m) => [m.name, m]));
    const organisations = new Set(demoOrganisations.map((o) => o.name));
    const authorities = new Set(localAuthorities.map((a) => a.name));
    const titles = new Set<string>();
    for (const demo of demoPitches) {
      const where = demo.title;
      assert.ok(!titles.has(demo.title), `${where}: unique title`);
      titles.add(demo.title);
      assert.ok(members.has(demo.author), `${where}: author ${demo.author}`);
      for (const member of demo.team) assert.ok(members.has(member.member), `${where}: team member ${member.member}`);
      const belongs = new Set([demo.author, ...demo.team.map((m) => m.member)].map((name) => members.get(name)!.organisation));
      for (const organisation of demo.organisations) {
        assert.ok(organisations.has(organisation), `${where}: organisation ${organisation}`);
        assert.ok(belongs.has(organisation), `${where}: someone on the team belongs to ${organisation}`);
      }
      for (const tag of demo.tags) assert.ok((tagVocabulary as readonly string[]).includes(tag), `${where}: tag ${tag}`);
      if (demo.localAuthorityName) assert.ok(authorities.has(demo.localAuthorityName), `${where}: ${demo.localAuthorityName}`);
      assert.ok(demo.history.length > 0, `${where}: has a stage`);
      for (let i = 1; i < demo.history.length; i++) assert.ok(demo.history[i]!.daysAgo <= demo.history[i - 1]!.daysAgo, `${where}: history in order`);
      if (demo.kind !== 'challenge') assert.ok(demo.budget === null && demo.deadlineInDays === null, `${where}: budget and deadline are for challenges`);
      if (demo.terms === 'free') assert.ok(demo.priceMin === null && demo.priceMax === null, `${where}: free has no price`);
      for (const link of demo.links) assert.match(link.url, /^https:\/\/[a-z0-9.-]+\.example\.org\//, `${where}: example.org links`);
      const parsed = apiCreateBody.safeParse({
        kind: demo.kind,
        title: demo.title,
        summary: demo.summary,
        body: demo.body,
        terms: demo.terms,
        priceMin: demo.priceMin,
        priceMax: demo.priceMax,
        budget: demo.budget,
        stage: currentStage(demo),
        tags: [...demo.tags],
        place: demo.place,
        links: demo.links.map((l) => ({ ...l })),
      });
      assert.ok(parsed.success, `${where}: ${JSON.stringify(parsed.error?.issues)}`);
    }
    const kinds = new Set(demoPitches.map((p) => p.kind));
    assert.equal(kinds.size, 7, 'every kind');
    assert.equal(new Set(demoPitches.map((p) => p.terms)).size, 3, 'every terms');
    assert.ok(new Set(demoPitches.map(currentStage)).size >= 8, 'a spread of stages');
    assert.ok(demoPitches.some((p) => p.status === 'draft'));
  });
});

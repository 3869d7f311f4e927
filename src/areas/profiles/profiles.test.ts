import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse as parseCsv } from 'csv-parse/sync';
import sharp from 'sharp';
import { createAccount } from '../accounts/accounts.commands.ts';
import { eventually } from '../../test/eventually.ts';
import { TestClient, type TestResponse, type UploadedFile } from '../../test/http.ts';
import { pageText, setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { linkLabelName, linkSlots, linkUrlName, visibilityName } from './profiles.forms.ts';
import { profileFields, type ProfileField } from './profiles.model.ts';
import { memberListSchema, memberSchema } from './profiles.schemas.ts';

const password = 'a long enough password';
const xss = '<script>alert(1)</script><img src=x onerror=alert(1)>';
// @kitajs/html escapes `<`, `&` and quotes; a lone `>` is harmless in text and is left as it is.
const escapedScript = '&lt;script>alert(1)&lt;/script>';

type Fields = Record<string, string | string[]>;

/** Every field of the edit form, as a browser sends it, with visibility "members" unless given. */
function profileForm(values: Fields = {}, visibility: Partial<Record<ProfileField, string>> = {}): Fields {
  const fields: Fields = {
    name: 'Someone',
    bio: '',
    sector: '',
    place: '',
    localAuthority: '',
    interests: '',
    skills: '',
    needs: '',
  };
  for (const slot of linkSlots) {
    fields[linkLabelName(slot)] = '';
    fields[linkUrlName(slot)] = '';
  }
  for (const field of profileFields) fields[visibilityName(field)] = visibility[field] ?? 'members';
  return { ...fields, ...values };
}

/** A file input left empty: browsers still send the part, with no name and no bytes. */
const noPhoto: UploadedFile = { name: 'photo', filename: '', contentType: 'application/octet-stream', data: Buffer.alloc(0) };

function photo(data: Buffer, filename = 'me.png', contentType = 'image/png'): UploadedFile {
  return { name: 'photo', filename, contentType, data };
}

async function saveProfile(client: TestClient, values: Fields, visibility: Partial<Record<ProfileField, string>> = {}, file: UploadedFile = noPhoto) {
  const response = await client.postMultipart('/settings/profile', profileForm(values, visibility), [file]);
  assert.equal(response.status, 303, `saving the profile failed (${response.status}): ${pageText(response)}`);
  return response;
}

function member(response: TestResponse, handle: string) {
  return response.body.includes(`href="/members/${handle}"`);
}

async function pngWithExif() {
  return sharp({ create: { width: 600, height: 300, channels: 3, background: '#2a7' } })
    .withMetadata({ exif: { IFD0: { Copyright: 'secret-exif-copyright' } } })
    .png()
    .toBuffer();
}

async function jpegWithExif() {
  return sharp({ create: { width: 300, height: 500, channels: 3, background: '#a27' } })
    .withMetadata({ exif: { IFD0: { Copyright: 'secret-exif-copyright' } } })
    .jpeg()
    .toBuffer();
}

describe('member profiles and the directory', () => {
  let hub: TestHub;
  let admin: TestClient;
  let ada: TestClient;
  let bob: TestClient;
  let cara: TestClient;
  const visitor = () => new TestClient(hub.app);
  const ids: Record<string, number> = {};

  before(async () => {
    hub = await startTestHub();
    admin = await setUpHub(hub.app);
    for (const [name, email] of [
      ['Ada', 'ada@example.org'],
      ['Bob Builder', 'bob@example.org'],
      ['Cara Council', 'cara@example.org'],
      ['Grace Hopper', 'grace@example.org'],
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
  });
  after(async () => {
    await hub?.close();
  });

  test('the edit form needs a signed-in member and shows the privacy defaults', async () => {
    const anonymous = await visitor().get('/settings/profile');
    assert.equal(anonymous.status, 302);
    assert.match(anonymous.location ?? '', /^\/sign-in\?next=/);

    const form = await ada.get('/settings/profile');
    assert.equal(form.status, 200);
    assert.match(form.body, /enctype="multipart\/form-data"/);
    assert.match(form.body, /Until you choose, each part is visible to signed-in members only/);
    // Every field has its own "who can see" choice, set to members by default.
    for (const field of profileFields) {
      assert.match(form.body, new RegExp(`name="${visibilityName(field)}"[^]*?<option value="members" selected`));
    }
    assert.match(form.body, /<option value="E08000035"[^>]*>Leeds<\/option>/);
  });

  test('a member edits their profile; an empty file input changes nothing about the photo', async () => {
    const response = await saveProfile(
      ada,
      {
        name: 'Ada',
        bio: 'I build analytical engines for councils.',
        sector: 'academic',
        roles: ['innovator', 'developer-supplier'],
        place: 'Marylebone',
        localAuthority: 'E09000033',
        interests: 'Engines, Poetry, engines',
        skills: 'Mathematics and punched cards',
        needs: 'A steam-powered funder',
        link1Label: 'My notes',
        link1Url: 'https://example.org/notes',
        link2Url: 'http://example.net/engine',
      },
      { bio: 'everyone', sector: 'everyone', roles: 'everyone', place: 'everyone', localAuthority: 'everyone', interests: 'everyone', links: 'everyone' },
    );
    assert.equal(response.location, '/members/ada');

    const own = await ada.get('/members/ada');
    assert.equal(own.status, 200);
    assert.match(own.body, /Your profile has been saved/);
    assert.match(own.body, /<h1>Ada<\/h1>/);
    assert.match(own.body, /I build analytical engines for councils\./);
    assert.match(own.body, /Academic/);
    assert.match(own.body, /Innovator, Developer or supplier/);
    assert.match(own.body, /Westminster/);
    assert.match(own.body, /href="\/members\?tag=engines"/);
    assert.match(own.body, /href="\/members\?tag=poetry"/);
    assert.match(own.body, /<a href="https:\/\/example.org\/notes" rel="nofollow ugc noopener">My notes<\/a>/);
    assert.match(own.body, /<a href="http:\/\/example.net\/engine"[^>]*>example.net<\/a>/, 'a link without a name is named after its site');
    assert.match(own.body, /Visible to everyone/);
    assert.match(own.body, /Visible to signed-in members/);

    const row = await hub.db.selectFrom('profiles').selectAll().where('user_id', '=', ids.ada!).executeTakeFirstOrThrow();
    assert.deepEqual(row.interests, ['engines', 'poetry']);
    assert.equal(row.photo, null);
    assert.equal(row.local_authority, 'E09000033');
    assert.equal(row.visibility.skills, 'members');

    const form = await ada.get('/settings/profile');
    assert.match(form.body, /value="engines, poetry"/);
    assert.match(form.body, /<option value="academic" selected>/);
  });

  test('fields kept private stay private on the page, in search, the directory, JSON and CSV', async () => {
    await saveProfile(
      ada,
      {
        name: 'Ada',
        bio: 'Public words about engines.',
        sector: 'academic',
        interests: 'engines',
        skills: 'Secretly fluent in quasarweaving',
        needs: 'Members may know I want zephyrgardens',
        place: 'Hiddenhampton',
      },
      { bio: 'everyone', sector: 'everyone', interests: 'everyone', skills: 'only-me', needs: 'members', place: 'only-me' },
    );

    // The page.
    const anonymous = await visitor().get('/members/ada');
    assert.equal(anonymous.status, 200);
    assert.match(anonymous.body, /Public words about engines/);
    assert.doesNotMatch(anonymous.body, /quasarweaving|Hiddenhampton/);
    assert.doesNotMatch(anonymous.body, /zephyrgardens/, 'members-only needs are hidden from visitors');
    assert.doesNotMatch(anonymous.body, /Visible to/, 'only the owner sees who can see what');
    const asBob = await bob.get('/members/ada');
    assert.match(asBob.body, /zephyrgardens/, 'a signed-in member sees members-only needs');
    assert.doesNotMatch(asBob.body, /quasarweaving|Hiddenhampton/);
    const own = await ada.get('/members/ada');
    assert.match(own.body, /quasarweaving/);
    assert.match(own.body, /Hiddenhampton/);
    assert.match(own.body, /Visible only to you/);

    // Search: a private word finds nothing, for visitors and members alike.
    for (const client of [visitor(), bob, admin]) {
      const search = await client.get('/members?q=quasarweaving');
      assert.equal(search.status, 200);
      assert.ok(!member(search, 'ada'), 'a word only in a private field finds nobody');
      assert.match(search.body, /No members match/);
      const json = (await client.get('/members.json?q=quasarweaving')).json<{ members: unknown[] }>();
      assert.equal(json.members.length, 0);
    }
    assert.ok(!member(await visitor().get('/members?q=zephyrgardens'), 'ada'), 'a members-only word finds nobody for visitors');
    assert.ok(member(await bob.get('/members?q=zephyrgardens'), 'ada'), 'and finds Ada for members');
    assert.ok(member(await visitor().get('/members?q=engines'), 'ada'), 'a public word finds her for everyone');
    // The private word is in neither vector at all.
    const vectors = await hub.db
      .selectFrom('profiles')
      .select(['search_everyone', 'search_members'])
      .where('user_id', '=', ids.ada!)
      .executeTakeFirstOrThrow();
    assert.doesNotMatch(`${vectors.search_everyone} ${vectors.search_members}`, /quasarweav|hiddenhampton/);
    assert.doesNotMatch(String(vectors.search_everyone), /zephyrgarden/);
    assert.match(String(vectors.search_members), /zephyrgarden/);

    // The directory and its data.
    const directory = await visitor().get('/members');
    assert.ok(member(directory, 'ada'));
    assert.doesNotMatch(directory.body, /quasarweaving|Hiddenhampton|zephyrgardens/);

    const anonymousJson = (await visitor().get('/members/ada.json')).json<Record<string, unknown>>();
    assert.equal(anonymousJson.bio, 'Public words about engines.');
    assert.ok(!('skills' in anonymousJson), 'a hidden field is absent, not null');
    assert.ok(!('needs' in anonymousJson));
    assert.ok(!('place' in anonymousJson));
    assert.ok(!('visibility' in anonymousJson), 'who-can-see is the owner’s business');
    const bobJson = (await bob.get('/members/ada.json')).json<Record<string, unknown>>();
    assert.equal(bobJson.needs, 'Members may know I want zephyrgardens');
    assert.ok(!('skills' in bobJson));
    const ownJson = (await ada.get('/members/ada.json')).json<Record<string, unknown>>();
    assert.equal(ownJson.skills, 'Secretly fluent in quasarweaving');
    assert.deepEqual((ownJson.visibility as Record<string, string>).skills, 'only-me');

    for (const client of [visitor(), bob]) {
      const list = (await client.get('/members.json')).json<{ members: Record<string, unknown>[] }>();
      const entry = list.members.find((m) => m.handle === 'ada');
      assert.ok(entry);
      assert.ok(!('skills' in entry) && !('place' in entry));
      assert.doesNotMatch(JSON.stringify(list), /quasarweaving|Hiddenhampton/);
    }

    const csv = await visitor().get('/members.csv');
    assert.equal(csv.status, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    const rows = parseCsv(csv.body, { columns: true }) as Record<string, string>[];
    const adaRow = rows.find((r) => r.handle === 'ada');
    assert.ok(adaRow);
    assert.equal(adaRow.bio, 'Public words about engines.');
    assert.equal(adaRow.skills, '');
    assert.equal(adaRow.needs, '');
    assert.doesNotMatch(csv.body, /quasarweaving|Hiddenhampton|zephyrgardens/);
    const bobCsv = await bob.get('/members.csv');
    assert.match(bobCsv.body, /zephyrgardens/);
    assert.doesNotMatch(bobCsv.body, /quasarweaving/);
  });

  test('directory filters by sector, role, interest and local authority, only on fields the viewer may see', async () => {
    await saveProfile(
      bob,
      { name: 'Bob Builder', sector: 'private-social-enterprise', roles: ['developer-supplier'], interests: 'housing, retrofit', localAuthority: 'E08000035' },
      { sector: 'everyone', roles: 'everyone', interests: 'everyone', localAuthority: 'everyone' },
    );
    // Cara shares the same values, but only with members.
    await saveProfile(cara, {
      name: 'Cara Council',
      sector: 'private-social-enterprise',
      roles: ['developer-supplier', 'council-officer'],
      interests: 'housing',
      localAuthority: 'E08000035',
    });

    const cases: [string, boolean, boolean][] = [
      ['sector=private-social-enterprise', true, true],
      ['role=developer-supplier', true, true],
      ['tag=housing', true, true],
      ['tag=Housing', true, true],
      ['authority=E08000035', true, true],
      ['authority=e08000035&tag=retrofit', true, false],
      ['role=council-officer', false, true],
      ['sector=public-sector', false, false],
    ];
    for (const [query, bobListed, caraListed] of cases) {
      const forVisitor = await visitor().get(`/members?${query}`);
      assert.equal(forVisitor.status, 200, query);
      assert.equal(member(forVisitor, 'bob-builder'), bobListed, `visitor, ${query}: Bob`);
      assert.ok(!member(forVisitor, 'cara-council'), `visitor, ${query}: Cara's fields are for members only`);
      assert.ok(!member(forVisitor, 'ada'), `visitor, ${query}: Ada`);
      const forMember = await ada.get(`/members?${query}`);
      assert.equal(member(forMember, 'bob-builder'), bobListed, `member, ${query}: Bob`);
      assert.equal(member(forMember, 'cara-council'), caraListed, `member, ${query}: Cara`);
    }
    // The form keeps the chosen filters and offers a way back.
    const filtered = await visitor().get('/members?sector=private-social-enterprise&q=bob');
    assert.match(filtered.body, /<option value="private-social-enterprise" selected>/);
    assert.match(filtered.body, /value="bob"/);
    assert.match(filtered.body, /Clear filters/);
    // Cards show what the viewer may see: Bob's sector to all, Cara's to members only.
    const list = await visitor().get('/members');
    assert.ok(member(list, 'cara-council'), 'Cara is listed with her name');
    assert.equal((list.body.match(/Private sector or social enterprise</g) ?? []).length, 2, 'Bob’s card and the filter option');
  });

  test('a search kept in the result cache follows a member who hides a field at once', async () => {
    await saveProfile(ada, { name: 'Ada', interests: 'lichenology' }, { interests: 'everyone' });
    assert.ok(member(await visitor().get('/members?q=lichenology'), 'ada'), 'found by a public interest');
    assert.ok(member(await visitor().get('/members?q=lichenology'), 'ada'), 'and again, from the cache');
    await saveProfile(ada, { name: 'Ada', interests: 'lichenology' }, { interests: 'only-me' });
    const hidden = await eventually(
      () => visitor().get('/members?q=lichenology'),
      (response) => !member(response, 'ada'),
      'the hidden interest to stop finding Ada',
      5000,
    );
    assert.match(hidden.body, /No members match/);
  });

  test('search ranks by words and forgives typos in names', async () => {
    const byTypo = await visitor().get('/members?q=hoper');
    assert.ok(member(byTypo, 'grace-hopper'), 'a misspelt surname still finds the member');
    const byFirstName = await visitor().get('/members.json?q=grace');
    const found = byFirstName.json<{ members: { handle: string }[] }>().members;
    assert.equal(found[0]?.handle, 'grace-hopper');
    const phrase = await visitor().get(`/members?q=${encodeURIComponent('"analytical engines" -poetry')}`);
    assert.equal(phrase.status, 200, 'web-style search syntax is accepted');
    const nonsense = await visitor().get(`/members?q=${encodeURIComponent('!!! & | :* ( ')}`);
    assert.equal(nonsense.status, 200, 'any text is a safe query');
  });

  test('a PNG with EXIF is stored as a 400×400 WebP without metadata, and replaced and removed cleanly', async () => {
    const original = await pngWithExif();
    assert.ok((await sharp(original).metadata()).exif, 'the test picture does carry EXIF');
    await saveProfile(ada, { name: 'Ada' }, { photo: 'everyone' }, photo(original));

    const row = await hub.db.selectFrom('profiles').select('photo').where('user_id', '=', ids.ada!).executeTakeFirstOrThrow();
    assert.match(row.photo ?? '', /^photos\/[A-Za-z0-9_-]+\.webp$/);
    const file = path.join(hub.config.uploadsDir, row.photo!);
    const stored = fs.readFileSync(file);
    const metadata = await sharp(stored).metadata();
    assert.equal(metadata.format, 'webp');
    assert.equal(metadata.width, 400);
    assert.equal(metadata.height, 400);
    assert.equal(metadata.exif, undefined, 'no EXIF survives');
    assert.ok(!stored.includes('secret-exif-copyright'));

    const served = await visitor().get(`/uploads/${row.photo}`);
    assert.equal(served.status, 200);
    assert.match(String(served.headers['content-type']), /^image\/webp/);
    const page = await visitor().get('/members/ada');
    assert.ok(page.body.includes(`<img class="avatar" src="/uploads/${row.photo}" alt="Ada"`), 'the photo is shown with the name as its text');
    const card = await visitor().get('/members');
    assert.ok(card.body.includes(`src="/uploads/${row.photo}" alt="Ada"`));

    // A JPEG with EXIF replaces it; the old file goes.
    await saveProfile(ada, { name: 'Ada' }, { photo: 'everyone' }, photo(await jpegWithExif(), 'holiday.jpg', 'image/jpeg'));
    const replaced = await hub.db.selectFrom('profiles').select('photo').where('user_id', '=', ids.ada!).executeTakeFirstOrThrow();
    assert.notEqual(replaced.photo, row.photo);
    assert.ok(!fs.existsSync(file), 'the replaced file is removed');
    const second = fs.readFileSync(path.join(hub.config.uploadsDir, replaced.photo!));
    assert.equal((await sharp(second).metadata()).exif, undefined);

    // Showing it to fewer people moves it to a new address, so one seen before stops working.
    await saveProfile(ada, { name: 'Ada' }, { photo: 'members' });
    const moved = await hub.db.selectFrom('profiles').select('photo').where('user_id', '=', ids.ada!).executeTakeFirstOrThrow();
    assert.ok(moved.photo && moved.photo !== replaced.photo);
    assert.equal((await visitor().get(`/uploads/${replaced.photo}`)).status, 404);
    assert.doesNotMatch((await visitor().get('/members/ada')).body, /\/uploads\/photos\//, 'a members-only photo is not shown to visitors');
    assert.match((await bob.get('/members/ada')).body, /\/uploads\/photos\//);

    // A photo file lost from disk does not break a later save that moves it.
    await saveProfile(ada, { name: 'Ada' }, { photo: 'everyone' });
    const lost = await hub.db.selectFrom('profiles').select('photo').where('user_id', '=', ids.ada!).executeTakeFirstOrThrow();
    fs.rmSync(path.join(hub.config.uploadsDir, lost.photo!));
    await saveProfile(ada, { name: 'Ada' }, { photo: 'only-me' });
    const dropped = await hub.db.selectFrom('profiles').select('photo').where('user_id', '=', ids.ada!).executeTakeFirstOrThrow();
    assert.equal(dropped.photo, null);

    await saveProfile(ada, { name: 'Ada' }, { photo: 'members' }, photo(original));
    const again = await hub.db.selectFrom('profiles').select('photo').where('user_id', '=', ids.ada!).executeTakeFirstOrThrow();
    assert.ok(again.photo);
    await saveProfile(ada, { name: 'Ada', removePhoto: '1' });
    const removed = await hub.db.selectFrom('profiles').select('photo').where('user_id', '=', ids.ada!).executeTakeFirstOrThrow();
    assert.equal(removed.photo, null);
    assert.ok(!fs.existsSync(path.join(hub.config.uploadsDir, again.photo)), 'a removed photo’s file is deleted');
    assert.equal(fs.readdirSync(path.join(hub.config.uploadsDir, 'photos')).length, 0, 'no file is left behind');
  });

  test('a text file named .jpg is refused with a clear page, and what was typed is kept', async () => {
    const before = await hub.db.selectFrom('profiles').select(['bio', 'photo']).where('user_id', '=', ids.ada!).executeTakeFirstOrThrow();
    const response = await ada.postMultipart(
      '/settings/profile',
      profileForm({ name: 'Ada Renamed', bio: 'A bio typed with care', skills: 'Kept skills' }),
      [photo(Buffer.from('This is not a picture at all, just some text.\n'), 'me.jpg', 'image/jpeg')],
    );
    assert.equal(response.status, 400);
    assert.match(response.body, /There is a problem/);
    assert.match(response.body, /The photo must be a JPEG, PNG, WebP or GIF picture/);
    assert.match(response.body, /the photo must be chosen again/);
    assert.match(response.body, /value="Ada Renamed"/);
    assert.match(response.body, />A bio typed with care<\/textarea>/);
    assert.match(response.body, />Kept skills<\/textarea>/);
    const after = await hub.db.selectFrom('profiles').select(['bio', 'photo']).where('user_id', '=', ids.ada!).executeTakeFirstOrThrow();
    assert.deepEqual(after, before, 'nothing was saved');
    assert.equal((await visitor().get('/members/ada')).body.includes('Ada Renamed'), false);
  });

  test('a 6 MB file is refused with a clear page, and what was typed is kept', async () => {
    const big = Buffer.concat([await pngWithExif(), Buffer.alloc(6 * 1024 * 1024, 1)]);
    const response = await ada.postMultipart('/settings/profile', profileForm({ name: 'Ada', bio: 'Still here after a big file' }), [
      photo(big, 'huge.png', 'image/png'),
    ]);
    assert.equal(response.status, 413);
    assert.match(response.body, /The photo is larger than 5 MB/);
    assert.match(response.body, />Still here after a big file<\/textarea>/);

    // Far beyond the limit the request is refused before it is read, with the general page.
    const enormous = await ada.postMultipart('/settings/profile', profileForm({ name: 'Ada' }), [photo(Buffer.alloc(21 * 1024 * 1024, 1), 'huge.png')]);
    assert.equal(enormous.status, 413);
    assert.match(enormous.body, /That was too large/);
  });

  test('over-long fields and bad links are refused with the values kept; a good photo must be chosen again', async () => {
    const longBio = 'b'.repeat(501);
    const response = await ada.postMultipart(
      '/settings/profile',
      profileForm({ name: 'Ada', bio: longBio, place: 'Kept place', link1Url: 'javascript:alert(1)', link2Label: 'No address' }),
      [photo(await pngWithExif())],
    );
    assert.equal(response.status, 400);
    assert.match(response.body, /This is too long: use at most 500 characters/);
    assert.match(response.body, /Enter a web address starting with https:\/\/ or http:\/\//);
    assert.match(response.body, /Enter the web address for this link, or remove its name/);
    assert.match(response.body, /Your photo was not saved because of the other problems on this page/);
    assert.ok(response.body.includes(`>${longBio}</textarea>`));
    assert.match(response.body, /value="Kept place"/);
    assert.match(response.body, /value="javascript:alert\(1\)"/);
    // The error summary follows the order of the form.
    const summaryStart = response.body.indexOf('error-summary');
    const summary = response.body.slice(summaryStart, response.body.indexOf('</ul>', summaryStart));
    assert.ok(summary.indexOf('#field-photo') < summary.indexOf('#field-bio'));
    assert.ok(summary.indexOf('#field-bio') < summary.indexOf('#field-link1Url'));

    const blankName = await ada.postMultipart('/settings/profile', profileForm({ name: '   ' }), [noPhoto]);
    assert.equal(blankName.status, 400);
    assert.match(blankName.body, /Enter your name/);
    const badChoice = await ada.postMultipart('/settings/profile', profileForm({ name: 'Ada', sector: 'pirates', localAuthority: 'X1' }, { bio: 'the-world' }), [noPhoto]);
    assert.equal(badChoice.status, 400);
    assert.match(badChoice.body, /Choose a local authority from the list/);
    assert.match(badChoice.body, /Choose one of the options/);
  });

  test('the profile form also works as a plain urlencoded post, and needs its CSRF token', async () => {
    const plain = await ada.postForm('/settings/profile', profileForm({ name: 'Ada', bio: 'Sent without multipart' }, { bio: 'everyone' }));
    assert.equal(plain.status, 303);
    assert.match((await visitor().get('/members/ada')).body, /Sent without multipart/);
    const forged = await ada.postForm('/settings/profile', { ...profileForm({ name: 'Mallory' }), _csrf: 'forged' });
    assert.equal(forged.status, 403);
  });

  test('an XSS payload in every text field comes back as text', async () => {
    await saveProfile(
      cara,
      {
        name: `Cara ${xss}`,
        bio: xss,
        place: xss,
        interests: `${xss.slice(0, 30)}`,
        skills: xss,
        needs: xss,
        link1Label: xss.slice(0, 60),
        link1Url: `https://example.org/?q=${encodeURIComponent(xss)}"><script>alert(2)</script>`,
      },
      Object.fromEntries(profileFields.map((field) => [field, 'everyone'])),
    );
    const stored = await hub.db.selectFrom('profiles').select('links').where('user_id', '=', ids['cara-council']!).executeTakeFirstOrThrow();
    assert.doesNotMatch(stored.links[0]?.url ?? '', /[<>"]/, 'a link is stored in its parsed, percent-encoded form');
    for (const url of ['/members/cara-council', '/members', '/members?q=cara', '/members?tag=' + encodeURIComponent(xss.slice(0, 30).toLowerCase()), '/settings/profile']) {
      const response = await (url === '/settings/profile' ? cara : visitor()).get(url);
      assert.equal(response.status, 200, url);
      // Inside a quoted attribute value (a form field's value) `<` is only text; everywhere else it
      // must be escaped.
      const outsideAttributes = response.body.replace(/="[^"]*"/g, '=""');
      assert.ok(!outsideAttributes.includes('<script>alert'), `${url}: no raw script tag`);
      assert.ok(!outsideAttributes.includes('<img src=x'), `${url}: no raw img tag`);
      assert.equal(outsideAttributes.match(/<script\b/g)?.length, 1, `${url}: the only script is the site's own`);
      assert.ok(response.body.includes(escapedScript), `${url}: the payload is shown escaped`);
    }
  });

  test('/members/ada.json and /members.json match their published schemas', async () => {
    const response = await bob.get('/members/ada.json');
    assert.equal(response.status, 200);
    assert.match(String(response.headers['content-type']), /^application\/json/);
    const body = response.json();
    const strict = memberSchema.strict().safeParse(body);
    assert.ok(strict.success, JSON.stringify(strict.error?.issues));
    assert.equal(strict.data.handle, 'ada');
    assert.equal(strict.data.url, `${hub.config.publicUrl}/members/ada`);

    const list = (await visitor().get('/members.json')).json();
    const parsedList = memberListSchema.strict().safeParse(list);
    assert.ok(parsedList.success, JSON.stringify(parsedList.error?.issues));
    assert.equal(parsedList.data.page, 1);
    assert.ok(parsedList.data.members.some((m) => m.handle === 'grace-hopper'));

    const accept = await visitor().get('/members/ada', { headers: { accept: 'application/json' } });
    assert.equal(accept.json<{ handle: string }>().handle, 'ada');

    const docs = (await visitor().get('/api/openapi.json')).json<{ paths: Record<string, { get?: { tags: string[] } }> }>();
    assert.deepEqual(docs.paths['/members.json']?.get?.tags, ['Members']);
    assert.deepEqual(docs.paths['/members/{handle}.json']?.get?.tags, ['Members']);
  });

  test('unknown handles, odd addresses and bad queries are clear 404s and 400s, never 500s', async () => {
    for (const url of ['/members/nobody-here', '/members/nobody-here.json', '/members/ada.xml', '/members/ADA', '/members/%3Cscript%3E', '/members/a.b.c']) {
      const response = await visitor().get(url);
      assert.equal(response.status, 404, url);
    }
    assert.match((await visitor().get('/members/nobody-here')).body, /Page not found/);
    assert.equal((await visitor().get('/members/nobody-here.json')).json<{ error: string }>().error, 'notFound');

    for (const query of ['sector=pirates', 'role=king', 'authority=XYZ', 'page=0', 'page=abc', 'page=100000', `q=${'x'.repeat(201)}`, 'sector=a&sector=b']) {
      const page = await visitor().get(`/members?${query}`);
      assert.equal(page.status, 400, query);
      assert.match(page.body, /There is a problem/);
      const json = await visitor().get(`/members.json?${query}`);
      assert.equal(json.status, 400, query);
      assert.equal(json.json<{ error: string }>().error, 'invalid-query');
    }
    const empty = await visitor().get('/members?q=&sector=&role=&authority=&tag=&page=');
    assert.equal(empty.status, 200, 'an empty filter form is no filter');
    const beyond = await visitor().get('/members?page=400');
    assert.equal(beyond.status, 200);
    assert.match(beyond.body, /No members match/);
  });

  test('pages of 20, newest first', async () => {
    for (let i = 1; i <= 21; i++) {
      const created = await createAccount(hub.db, { name: `Pager ${String(i).padStart(2, '0')}`, email: `pager${i}@example.org`, password, verified: true });
      assert.ok(created.ok);
    }
    const first = (await visitor().get('/members.json')).json<{ members: { handle: string }[]; next?: string }>();
    assert.equal(first.members.length, 20);
    assert.equal(first.members[0]?.handle, 'pager-21');
    assert.ok(first.next?.endsWith('/members.json?page=2'));
    const second = (await visitor().get('/members.json?page=2')).json<{ members: { handle: string }[]; next?: string }>();
    assert.ok(second.members.some((m) => m.handle === 'ada'));
    assert.equal(second.next, undefined);
    assert.ok(!second.members.some((m) => first.members.some((f) => f.handle === m.handle)), 'no member on both pages');
    const html = await visitor().get('/members?page=2&sector=');
    assert.match(html.body, /href="\/members" rel="prev"/);
  });

  test('suspended members vanish from the directory and their page, except for administrators', async () => {
    const suspend = await admin.postForm(`/admin/members/${ids['grace-hopper']}/suspend`, {}, { csrfFrom: '/admin/members' });
    assert.equal(suspend.status, 303);
    assert.equal((await visitor().get('/members/grace-hopper')).status, 404);
    assert.equal((await bob.get('/members/grace-hopper')).status, 404);
    assert.equal((await bob.get('/members/grace-hopper.json')).status, 404);
    const forAdmin = await admin.get('/members/grace-hopper');
    assert.equal(forAdmin.status, 200);
    assert.match(forAdmin.body, /This member is suspended/);
    assert.equal((await admin.get('/members/grace-hopper.json')).json<{ suspended?: boolean }>().suspended, true);
    for (const client of [visitor(), bob, admin]) {
      assert.ok(!member(await client.get('/members?q=grace'), 'grace-hopper'));
      assert.doesNotMatch((await client.get('/members.csv?q=grace')).body, /grace-hopper/);
    }
  });
});

/**
 * The knowledge shed: pages with every save kept as a revision, history, differences, restoring,
 * the two-editor conflict, [[links]] and backlinks, templates, search, the data formats, who may
 * edit hub-wide pages — and that a closed group's page stays out of the hub-wide wiki.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseFeed } from '@rowanmanning/feed-parser';
import { parse as parseCsv } from 'csv-parse/sync';
import { createAccount } from '../accounts/accounts.commands.ts';
import { TestClient, type TestResponse } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { pageListSchema, pageSchema } from './knowledge.schemas.ts';

const password = 'a long enough password';

function text(response: TestResponse) {
  return response.body
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

async function member(hub: TestHub, name: string, email: string) {
  const created = await createAccount(hub.db, { name, email, password, verified: true });
  assert.ok(created.ok, `creating ${email}`);
  const client = new TestClient(hub.app);
  await client.signIn(email, password);
  return { id: created.userId, client };
}

function create(client: TestClient, fields: Record<string, string>) {
  return client.postForm('/knowledge/new', { summary: '', template: '', ...fields });
}

async function edit(client: TestClient, slug: string, fields: Record<string, string>) {
  const form = await client.get(`/knowledge/${slug}/edit`);
  const version = /name="version" value="(\d+)"/.exec(form.body)?.[1];
  assert.ok(version, 'the edit form carries a version');
  return client.postForm(`/knowledge/${slug}/edit`, { version, summary: '', ...fields });
}

async function revisionIds(hub: TestHub, slug: string) {
  const rows = await hub.db
    .selectFrom('knowledge_revisions as r')
    .innerJoin('knowledge_pages as p', 'p.id', 'r.page_id')
    .where('p.slug', '=', slug)
    .select(['r.id', 'r.number', 'r.body', 'r.summary', 'r.author_id'])
    .orderBy('r.number')
    .execute();
  return rows;
}

describe('knowledge pages', () => {
  let hub: TestHub;
  let ada: Awaited<ReturnType<typeof member>>;
  let ben: Awaited<ReturnType<typeof member>>;
  let admin: TestClient;
  const visitor = () => new TestClient(hub.app);

  before(async () => {
    hub = await startTestHub();
    admin = await setUpHub(hub.app);
    ada = await member(hub, 'Ada Lovelace', 'ada@example.org');
    ben = await member(hub, 'Ben Baker', 'ben@example.org');
  });
  after(() => hub?.close());

  test('a visitor may read but not write; the form asks them to sign in', async () => {
    const index = await visitor().get('/knowledge');
    assert.equal(index.status, 200);
    assert.match(text(index), /Knowledge shed/);
    const form = await visitor().get('/knowledge/new');
    assert.equal(form.status, 302);
    assert.match(form.location ?? '', /^\/sign-in\?next=/);
  });

  test('create, read, edit: every save is a revision, and the page says who changed it last', async () => {
    const created = await create(ada.client, { title: 'Running a community fridge', body: 'Keep it cold.\n\nCheck dates daily.', summary: 'First draft' });
    assert.equal(created.status, 303);
    assert.equal(created.location, '/knowledge/running-a-community-fridge');
    const page = await visitor().get('/knowledge/running-a-community-fridge');
    assert.equal(page.status, 200);
    assert.match(page.body, /<h1>Running a community fridge<\/h1>/);
    assert.match(page.body, /<p>Keep it cold.<\/p>/);
    assert.match(text(page), /Last changed by Ada Lovelace on/);

    const saved = await edit(ben.client, 'running-a-community-fridge', {
      title: 'Running a community fridge',
      body: 'Keep it below 5 degrees.\n\nCheck dates daily.',
      summary: 'Gave the temperature',
    });
    assert.equal(saved.status, 303);
    const after = await visitor().get('/knowledge/running-a-community-fridge');
    assert.match(after.body, /Keep it below 5 degrees./);
    assert.match(text(after), /Last changed by Ben Baker on/);
    const revisions = await revisionIds(hub, 'running-a-community-fridge');
    assert.deepEqual(revisions.map((r) => [r.number, r.author_id]), [[1, ada.id], [2, ben.id]]);
  });

  test('history shows both versions; the difference shows the changed line; restoring brings the old text back as a new version', async () => {
    const history = await visitor().get('/knowledge/running-a-community-fridge/history');
    assert.equal(history.status, 200);
    const words = text(history);
    assert.match(words, /Version 2 \(current\) Ben Baker .* Gave the temperature/);
    assert.match(words, /Version 1 Ada Lovelace .* First draft/);

    const [first, second] = await revisionIds(hub, 'running-a-community-fridge');
    assert.ok(first && second);
    const diff = await visitor().get(`/knowledge/running-a-community-fridge/diff?from=${first.id}&to=${second.id}`);
    assert.equal(diff.status, 200);
    assert.match(diff.body, /<del class="diff__line diff__line--removed">.*−.*<span>Keep it cold.<\/span><\/del>/s);
    assert.match(diff.body, /<ins class="diff__line diff__line--added">.*\+.*<span>Keep it below 5 degrees.<\/span><\/ins>/s);
    assert.doesNotMatch(diff.body, /<(ins|del)[^>]*>(?:(?!<\/(ins|del)>).)*Check dates daily/s, 'an unchanged line is neither added nor removed');

    const old = await visitor().get(`/knowledge/running-a-community-fridge/revisions/${first.id}`);
    assert.equal(old.status, 200);
    assert.match(old.body, /Keep it cold./);
    assert.doesNotMatch(old.body, /Restore this version/, 'visitors are not offered restoring');

    const restored = await ada.client.postForm(`/knowledge/running-a-community-fridge/revisions/${first.id}/restore`, {}, {
      csrfFrom: `/knowledge/running-a-community-fridge/revisions/${first.id}`,
    });
    assert.equal(restored.status, 303);
    const page = await visitor().get('/knowledge/running-a-community-fridge');
    assert.match(page.body, /Keep it cold./);
    assert.doesNotMatch(page.body, /below 5 degrees/);
    const revisions = await revisionIds(hub, 'running-a-community-fridge');
    assert.equal(revisions.length, 3);
    assert.equal(revisions[2]!.summary, 'Restored version 1');
    assert.equal(revisions[2]!.author_id, ada.id);
    assert.match(text(await visitor().get('/knowledge/running-a-community-fridge/history')), /Version 3 \(current\) Ada Lovelace .* Restored version 1/);

    // Restoring is a form post like any other: without the token nothing happens.
    const forged = await ada.client.postForm(`/knowledge/running-a-community-fridge/revisions/${second.id}/restore`, { _csrf: 'forged' });
    assert.equal(forged.status, 403);
    assert.equal((await revisionIds(hub, 'running-a-community-fridge')).length, 3);
  });

  test('two people editing at once: the second save is a 409 showing both texts, and nothing is lost', async () => {
    await create(ada.client, { title: 'Grant writing', body: 'Start early.' });
    const adaForm = await ada.client.get('/knowledge/grant-writing/edit');
    const benForm = await ben.client.get('/knowledge/grant-writing/edit');
    const version = (body: string) => /name="version" value="(\d+)"/.exec(body)![1]!;
    const first = await ada.client.postForm('/knowledge/grant-writing/edit', { version: version(adaForm.body), title: 'Grant writing', body: 'Start early. Ask for feedback.', summary: '' });
    assert.equal(first.status, 303);
    const second = await ben.client.postForm('/knowledge/grant-writing/edit', { version: version(benForm.body), title: 'Grant writing', body: 'Start early. Read the criteria.', summary: '' });
    assert.equal(second.status, 409);
    assert.match(text(second), /Someone else saved this page while you were editing/);
    assert.match(second.body, /<textarea id="their-body"[^>]*>Start early. Ask for feedback.<\/textarea>/);
    assert.match(second.body, /<textarea id="field-body"[^>]*>Start early. Read the criteria.<\/textarea>/);
    // The form now carries the current version, so saving the merged text goes through.
    const merged = await ben.client.postForm('/knowledge/grant-writing/edit', {
      version: version(second.body),
      title: 'Grant writing',
      body: 'Start early. Ask for feedback. Read the criteria.',
      summary: 'Merged',
    });
    assert.equal(merged.status, 303);
    assert.equal((await revisionIds(hub, 'grant-writing')).length, 3);
  });

  test('[[links]] go to pages, or to writing a page not yet written; backlinks are listed', async () => {
    await create(ada.client, {
      title: 'Composting basics',
      body: 'See [[Running a community fridge]] and [[Grant writing|how to get money]] and [[Wormeries]].',
    });
    const page = await visitor().get('/knowledge/composting-basics');
    assert.match(page.body, /<a class="wiki-link" href="\/knowledge\/running-a-community-fridge">Running a community fridge<\/a>/);
    assert.match(page.body, /<a class="wiki-link" href="\/knowledge\/grant-writing">how to get money<\/a>/);
    assert.match(page.body, /<a class="wiki-link wiki-link--missing" href="\/knowledge\/new\?title=Wormeries">Wormeries <span class="wiki-link__missing">\(not written yet\)<\/span><\/a>/);

    const fridge = await visitor().get('/knowledge/running-a-community-fridge');
    assert.match(fridge.body, /Pages that link here.*<a href="\/knowledge\/composting-basics">Composting basics<\/a>/s);

    const json = pageSchema.parse((await visitor().get('/knowledge/composting-basics.json')).json());
    assert.deepEqual(
      json.links.map((link) => [link.slug, link.exists]),
      [['running-a-community-fridge', true], ['grant-writing', true], ['wormeries', false]],
    );

    // Following the missing link starts the page with its name filled in; once written, the link is a plain one.
    const form = await ada.client.get('/knowledge/new?title=Wormeries');
    assert.match(form.body, /id="field-title"[^>]*value="Wormeries"/);
    await create(ada.client, { title: 'Wormeries', body: 'Worms eat scraps.' });
    const now = await visitor().get('/knowledge/composting-basics');
    assert.match(now.body, /<a class="wiki-link" href="\/knowledge\/wormeries">Wormeries<\/a>/);
    assert.match((await visitor().get('/knowledge/wormeries')).body, /<a href="\/knowledge\/composting-basics">Composting basics<\/a>/);
  });

  test('a template fills the new page with its headings', async () => {
    const form = await ada.client.get('/knowledge/new?template=case-study&title=Library%20of%20things');
    assert.equal(form.status, 200);
    const body = /<textarea id="field-body"[^>]*>([^<]*)<\/textarea>/.exec(form.body)?.[1] ?? '';
    for (const heading of ['Context', 'Problem', 'What was done', 'Who was involved', 'Cost and resources', 'Outcomes and evidence', 'What did not work', 'How to replicate', 'Contacts']) {
      assert.match(body, new RegExp(`^## ${heading}$`, 'm'));
    }
    assert.match(form.body, /<input type="hidden" name="template" value="case-study"/);
    const howTo = await ada.client.get('/knowledge/new?template=how-to');
    assert.match(howTo.body, /## Goal[\s\S]*## Before you start[\s\S]*## Steps[\s\S]*## Tips/);
    const notes = await ada.client.get('/knowledge/new?template=meeting-notes');
    assert.match(notes.body, /## Date[\s\S]*## Present[\s\S]*## Agenda[\s\S]*## Discussion[\s\S]*## Actions/);
    const unknown = await ada.client.get('/knowledge/new?template=poem');
    assert.match(unknown.body, /<textarea id="field-body"[^>]*><\/textarea>/);

    const created = await create(ada.client, { title: 'Library of things', body: '## Context\n\nA shed of tools.', template: 'case-study' });
    assert.equal(created.status, 303);
    const json = pageSchema.parse((await visitor().get('/knowledge/library-of-things.json')).json());
    assert.equal(json.template, 'case-study');
  });

  test('search finds a page by a word in its body, with the word highlighted', async () => {
    const found = await visitor().get('/knowledge?q=worms');
    assert.equal(found.status, 200);
    assert.match(found.body, /<a href="\/knowledge\/wormeries">Wormeries<\/a>/);
    assert.match(found.body, /<mark>Worms<\/mark> eat scraps/);
    assert.doesNotMatch(found.body, /Composting basics/);
    const json = pageListSchema.parse((await visitor().get('/knowledge.json?q=worms')).json());
    assert.deepEqual(json.pages.map((p) => p.slug), ['wormeries']);
    assert.match(json.pages[0]!.snippet ?? '', /Worms eat scraps/);
    assert.match(text(await visitor().get('/knowledge?q=zebra')), /No pages match your search/);
  });

  test('the index as JSON, CSV, RSS and Atom', async () => {
    const json = pageListSchema.parse((await visitor().get('/knowledge.json')).json());
    assert.deepEqual(
      json.pages.map((p) => p.title),
      ['Composting basics', 'Grant writing', 'Library of things', 'Running a community fridge', 'Wormeries'],
    );
    assert.equal(json.pages[0]!.url, `${hub.config.publicUrl}/knowledge/composting-basics`);
    assert.equal(json.nextPage, null);

    const csv = await visitor().get('/knowledge.csv');
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    const rows = parseCsv(csv.body, { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, 5);
    assert.equal(rows.find((row) => row.slug === 'wormeries')?.lastChangedBy, 'ada-lovelace');

    const rss = await visitor().get('/knowledge.rss');
    assert.match(String(rss.headers['content-type']), /^application\/rss\+xml/);
    const feed = parseFeed(rss.body);
    assert.equal(feed.title, 'Knowledge shed: recent changes');
    assert.ok(feed.items.some((item) => item.title === 'Grant writing (version 3)' && item.description === 'Merged'));
    const atom = parseFeed((await visitor().get('/knowledge.atom')).body);
    assert.ok(atom.items.length >= 8);

    const index = await visitor().get('/knowledge');
    assert.match(text(index), /Recently changed/);
    assert.match(index.body, /<link rel="alternate" type="application\/rss\+xml" href="\/knowledge.rss"/);
  });

  test('an over-long body is refused with 400 and the text kept; bad input is a 404, not an error', async () => {
    const long = 'word '.repeat(10_001);
    const refused = await create(ada.client, { title: 'Too much', body: long });
    assert.equal(refused.status, 400);
    assert.match(text(refused), /There is a problem.*This is too long: use at most 50000 characters./);
    assert.ok(refused.body.includes(long.trim()), 'the text typed is kept');
    assert.equal(await hub.db.selectFrom('knowledge_pages').select('id').where('slug', '=', 'too-much').executeTakeFirst(), undefined);

    const empty = await create(ada.client, { title: '', body: 'x' });
    assert.equal(empty.status, 400);
    const punctuation = await create(ada.client, { title: '!!!', body: 'x' });
    assert.equal(punctuation.status, 400);
    assert.match(text(punctuation), /Use at least one letter or number in the name./);
    const reserved = await create(ada.client, { title: 'New', body: 'x' });
    assert.equal(reserved.status, 400);
    assert.match(text(reserved), /This name is kept for the site itself/);
    const duplicate = await create(ben.client, { title: 'Wormeries!', body: 'Another.' });
    assert.equal(duplicate.status, 400);
    assert.match(text(duplicate), /There is already a page with this name/);

    const stale = await ada.client.postForm('/knowledge/wormeries/edit', { title: 'Wormeries', body: 'No version sent.', summary: '' }, { csrfFrom: '/knowledge/wormeries/edit' });
    assert.equal(stale.status, 409);

    for (const path of [
      '/knowledge/no-such-page',
      '/knowledge/no-such-page.json',
      '/knowledge/Not%20A%20Slug',
      '/knowledge/wormeries.csv',
      '/knowledge/no-such-page/history',
      '/knowledge/wormeries/revisions/abc',
      '/knowledge/wormeries/revisions/999999',
      '/knowledge/wormeries/diff?from=1',
      '/knowledge/wormeries/diff?from=x&to=y',
      '/knowledge?page=0',
      '/knowledge?page=abc',
    ]) {
      const response = await visitor().get(path);
      assert.equal(response.status, 404, path);
    }
    // A revision of another page is not found through this one.
    const [fridgeFirst] = await revisionIds(hub, 'running-a-community-fridge');
    assert.equal((await visitor().get(`/knowledge/wormeries/revisions/${fridgeFirst!.id}`)).status, 404);
    assert.equal((await ada.client.get('/knowledge/no-such-page/edit')).status, 404);
  });

  test('script in a title, a body and a link label is shown as text, never run', async () => {
    const payload = '<script>alert(1)</script>';
    const created = await create(ada.client, {
      title: `Safety ${payload}`,
      body: `Hello ${payload} <img src=x onerror=alert(2)> [[Other <b>page</b>|<img src=y onerror=alert(3)>]] [click](javascript:alert(4)) ![[[onerror]]](https://example.org/a.png)`,
    });
    assert.equal(created.status, 303);
    const slug = created.location!.split('/').pop()!;
    for (const path of [`/knowledge/${slug}`, '/knowledge', `/knowledge/${slug}/history`, `/knowledge/${slug}/edit`]) {
      const response = await ada.client.get(path);
      assert.equal(response.status, 200, path);
      // Inside a quoted attribute (a form field's value) the characters are harmless text.
      const outsideAttributes = response.body.replace(/="[^"]*"/g, '=""');
      assert.doesNotMatch(outsideAttributes, /<script>alert/, path);
      assert.doesNotMatch(outsideAttributes, /<img[^>]*onerror/i, path);
      assert.doesNotMatch(response.body, /href="javascript:/i, path);
    }
    const page = await visitor().get(`/knowledge/${slug}`);
    assert.match(page.body, /&lt;img src=y onerror=alert\(3\)&gt; <span class="wiki-link__missing">/);
    assert.match(page.body, /<h1>Safety &lt;script(>|&gt;)alert\(1\)&lt;\/script(>|&gt;)<\/h1>/);
    assert.match(page.body, /<img src="https:\/\/example.org\/a.png" alt="onerror" \/>/);
    const rss = await visitor().get('/knowledge.rss');
    assert.doesNotMatch(rss.body, /<script>/);
    assert.ok(parseFeed(rss.body).items.length > 0);
  });

  test('a closed group’s page stays out of the hub-wide wiki, and a hub page may share its address', async () => {
    const group = await ada.client.postForm('/groups/new', { name: 'Tenants panel', purpose: 'Housing repairs.', visibility: 'closed' });
    assert.equal(group.status, 303);
    const groupSlug = group.location!.slice('/groups/'.length);
    const created = await ada.client.postForm(`/groups/${groupSlug}/knowledge/new`, { title: 'Secret plans', body: 'Zanzibar [[Wormeries]]', summary: '', template: '' });
    assert.equal(created.status, 303);
    assert.equal(created.location, `/groups/${groupSlug}/knowledge/secret-plans`);
    const hidden = await hub.db.selectFrom('knowledge_pages').select('id').where('slug', '=', 'secret-plans').executeTakeFirstOrThrow();

    for (const client of [visitor(), ben.client]) {
      for (const path of ['/knowledge/secret-plans', '/knowledge/secret-plans.json', '/knowledge/secret-plans/history', `/groups/${groupSlug}/knowledge/secret-plans`]) {
        assert.equal((await client.get(path)).status, 404, path);
      }
      for (const path of ['/knowledge', '/knowledge.json', '/knowledge.csv', '/knowledge.rss', '/knowledge.atom', '/knowledge?q=zanzibar', '/knowledge.json?q=zanzibar', '/knowledge/wormeries', '/knowledge/wormeries.json']) {
        const response = await client.get(path);
        assert.equal(response.status, 200, path);
        assert.doesNotMatch(response.body, /Secret plans|secret-plans|<mark>|Zanzibar \[/i, path);
      }
    }
    // Its author sees it in search, but the hub-wide index itself stays hub-wide.
    assert.match((await ada.client.get('/knowledge?q=zanzibar')).body, new RegExp(`href="/groups/${groupSlug}/knowledge/secret-plans">Secret plans</a>`));
    assert.doesNotMatch((await ada.client.get('/knowledge')).body, /Secret plans/);
    assert.equal(await hub.app.subjects.canView(hub.db, null, 'knowledge-page', hidden.id), false);
    assert.equal(await hub.app.subjects.canView(hub.db, { id: ben.id, handle: 'ben-baker', displayName: 'Ben Baker', role: 'member', emailVerified: true }, 'knowledge-page', hidden.id), false);
    assert.equal(await hub.app.subjects.canView(hub.db, { id: ada.id, handle: 'ada-lovelace', displayName: 'Ada Lovelace', role: 'member', emailVerified: true }, 'knowledge-page', hidden.id), true);
    const wormeries = await hub.db.selectFrom('knowledge_pages').select('id').where('slug', '=', 'wormeries').executeTakeFirstOrThrow();
    assert.equal(await hub.app.subjects.canView(hub.db, null, 'knowledge-page', wormeries.id), true);
    // A hub page may take the same address as a group's page.
    assert.equal((await create(ben.client, { title: 'Secret plans', body: 'Open plans.' })).status, 303);
    assert.match((await visitor().get('/knowledge/secret-plans')).body, /Open plans./);
  });

  test('administrators can keep hub-wide editing to themselves: members then see no way to edit, and are refused with a 403', async () => {
    assert.equal((await ben.client.get('/admin/knowledge')).status, 403);
    const settings = await admin.get('/admin/knowledge');
    assert.equal(settings.status, 200);
    assert.match(settings.body, /<input type="radio" id="field-editing-0" name="editing" value="members" checked/);
    assert.match((await admin.get('/admin')).body, /href="\/admin\/knowledge"/);
    const bad = await admin.postForm('/admin/knowledge', { editing: 'everyone' });
    assert.equal(bad.status, 400);
    assert.match(text(bad), /There is a problem.*Choose who can write and change pages./);
    const forged = await ben.client.postForm('/admin/knowledge', { editing: 'members' }, { csrfFrom: '/knowledge' });
    assert.equal(forged.status, 403);

    const saved = await admin.postForm('/admin/knowledge', { editing: 'admins' });
    assert.equal(saved.status, 303);
    assert.match(text(await admin.get('/admin/knowledge')), /Only administrators can now write and change hub-wide pages./);

    const [first] = await revisionIds(hub, 'wormeries');
    const index = await ben.client.get('/knowledge');
    assert.doesNotMatch(index.body, /href="\/knowledge\/new"/);
    assert.match(text(index), /The hub’s administrators write and look after these pages./);
    const page = await ben.client.get('/knowledge/wormeries');
    assert.doesNotMatch(page.body, /\/edit"|Edit this page|enctype="multipart\/form-data"|Upload the file/);
    assert.doesNotMatch((await ben.client.get(`/knowledge/wormeries/revisions/${first!.id}`)).body, /Restore this version/);

    const before = await revisionIds(hub, 'wormeries');
    const refusals = [
      await ben.client.get('/knowledge/new'),
      await ben.client.get('/knowledge/wormeries/edit'),
      await ben.client.postForm('/knowledge/new', { title: 'Not allowed', body: 'x', summary: '', template: '' }, { csrfFrom: '/knowledge' }),
      await ben.client.postForm('/knowledge/wormeries/edit', { version: '1', title: 'Wormeries', body: 'Changed', summary: '' }, { csrfFrom: '/knowledge' }),
      await ben.client.postForm(`/knowledge/wormeries/revisions/${first!.id}/restore`, {}, { csrfFrom: '/knowledge' }),
      await ben.client.postMultipart('/knowledge/wormeries/attachments', { description: '' }, [{ name: 'attachment', filename: 'a.txt', contentType: 'text/plain', data: Buffer.from('hello') }], {
        csrfFrom: '/knowledge',
      }),
      await ben.client.postForm('/knowledge/wormeries/attachments/1/remove', {}, { csrfFrom: '/knowledge' }),
    ];
    for (const response of refusals) {
      assert.equal(response.status, 403, response.body.slice(0, 200));
      assert.match(text(response), /only administrators can write and change knowledge shed pages/);
    }
    assert.deepEqual(await revisionIds(hub, 'wormeries'), before);
    assert.equal(await hub.db.selectFrom('knowledge_pages').select('id').where('slug', '=', 'not-allowed').executeTakeFirst(), undefined);

    // Administrators still write, and a visitor is still asked to sign in rather than refused.
    assert.equal((await create(admin, { title: 'House rules', body: 'Be kind.' })).status, 303);
    assert.match((await admin.get('/knowledge/house-rules')).body, /Edit this page/);
    assert.equal((await visitor().get('/knowledge/new')).status, 302);

    assert.equal((await admin.postForm('/admin/knowledge', { editing: 'members' })).status, 303);
    assert.match((await ben.client.get('/knowledge/wormeries')).body, /Edit this page/);
    assert.equal((await edit(ben.client, 'house-rules', { title: 'House rules', body: 'Be kind. Tidy up.' })).status, 303);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { updateOrganisation } from '../areas/organisations/organisations.commands.ts';
import { saveProfile } from '../areas/profiles/profiles.commands.ts';
import { effectiveVisibility } from '../areas/profiles/profiles.policy.ts';
import { visibleProfiles } from '../areas/profiles/profiles.queries.ts';
import type { MemberRole, Sector } from '../areas/profiles/profiles.model.ts';
import { updatePitch } from '../areas/exchange/pitches.commands.ts';
import { findPitch, inputOf, listPitches } from '../areas/exchange/pitches.queries.ts';
import { activityStream, search } from '../areas/exchange/exchange.queries.ts';
import { findGroup, listGroups } from '../areas/groups/groups.queries.ts';
import { updatePage } from '../areas/knowledge/knowledge.commands.ts';
import { searchPages } from '../areas/knowledge/knowledge.queries.ts';
import type { OrganisationInput } from '../areas/organisations/organisations.forms.ts';
import type { Viewer } from '../web/context.ts';
import { testDatabase } from '../test/database.ts';
import { startTestHub, type TestHub } from '../test/hub.ts';
import { TestClient } from '../test/http.ts';
import { benchAccounts } from './datasets.ts';
import { generateHub, HubNotEmptyError, type GenerateResult } from './generate.ts';

const newest = { kind: null, stage: null, terms: null, tag: null, area: null, sector: null, sort: 'newest' as const };

describe('seedbed generate (tiny)', () => {
  let hub: TestHub;
  let result: GenerateResult;

  async function viewer(email: string): Promise<Viewer> {
    const row = await hub.db.selectFrom('users').select(['id', 'handle', 'display_name', 'role', 'email_verified_at']).where('email', '=', email).executeTakeFirstOrThrow();
    return { id: row.id, handle: row.handle, displayName: row.display_name, role: row.role, emailVerified: row.email_verified_at !== null };
  }

  before(async () => {
    hub = await startTestHub();
    result = await generateHub(hub.db, { dataset: 'tiny', seed: 7, quiet: true });
  });
  after(() => hub.close());

  test('makes every kind of thing, with the benchmark accounts and a token', async () => {
    for (const key of ['members', 'organisations', 'groups', 'pitches', 'signals', 'posts', 'notifications', 'knowledgePages', 'activities']) {
      assert.ok((result.counts[key] ?? 0) > 0, `no ${key} were generated`);
    }
    const users = await hub.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(users.n), result.counts.members);
    assert.deepEqual(result.accounts.map((a) => a.email), benchAccounts.map((a) => a.email));
    assert.match(result.apiToken ?? '', /^sb_/);
    const me = await new TestClient(hub.app).get('/api/me', { headers: { authorization: `Bearer ${result.apiToken}` } });
    assert.equal(me.status, 200);
    assert.equal(me.json<{ handle: string }>().handle, (await viewer('bench-1@example.org')).handle);
  });

  test('signs the benchmark accounts in with the known password', async () => {
    const client = new TestClient(hub.app);
    await client.signIn('bench-1@example.org', result.accounts[1]!.password);
    assert.ok(client.signedIn);
  });

  test('refuses a hub that already has members, unless forced', async () => {
    await assert.rejects(generateHub(hub.db, { dataset: 'tiny', seed: 7, quiet: true }), HubNotEmptyError);
  });

  test('every counter equals the rows it counts', async () => {
    const groups = await sql<{ id: number }>`select g.id from groups g
      where g.member_count <> (select count(*) from group_members m where m.group_id = g.id and m.status = 'active')`.execute(hub.db);
    assert.deepEqual(groups.rows, []);
    const threads = await sql<{ id: number }>`select th.id from threads th
      where th.post_count <> (select count(*) from posts p where p.thread_id = th.id and p.deleted_at is null)
         or th.last_post_at is distinct from (select max(created_at) from posts p where p.thread_id = th.id and p.deleted_at is null)`.execute(hub.db);
    assert.deepEqual(threads.rows, []);
    const pitches = await sql<{ id: number }>`select p.id from pitches p
      where p.signal_count <> (select count(*) from signals s where s.pitch_id = p.id and s.kind <> 'follow')
         or p.need_count <> (select count(*) from signals s where s.pitch_id = p.id and s.kind = 'need-too')
         or p.reply_count <> (select count(*) from posts po join threads th on th.id = po.thread_id
                               where th.subject_type = 'pitch' and th.subject_id = p.id and po.deleted_at is null)`.execute(hub.db);
    assert.deepEqual(pitches.rows, []);
    const busy = await sql<{ n: number }>`select count(*)::int as n from pitches where reply_count >= 50 and group_id is null and status = 'published'`.execute(hub.db);
    assert.ok(busy.rows[0]!.n >= 1, 'no public pitch has 50 replies for the benchmark');
    const pages = await sql<{ id: number }>`select p.id from knowledge_pages p
      left join knowledge_revisions r on r.id = p.current_revision_id
      where r.id is null or r.page_id <> p.id or r.number <> p.version
         or r.number <> (select max(number) from knowledge_revisions x where x.page_id = p.id)`.execute(hub.db);
    assert.deepEqual(pages.rows, []);
  });

  test('ids follow time, as the hub gives them', async () => {
    for (const table of ['users', 'pitches', 'posts', 'notifications', 'activities', 'knowledge_revisions']) {
      const out = await sql<{ n: number }>`select count(*)::int as n from (
        select created_at < lag(created_at) over (order by id) as backwards from ${sql.table(table)}) x where backwards`.execute(hub.db);
      assert.equal(out.rows[0]!.n, 0, `${table} has ids out of time order`);
    }
  });

  test('search vectors are what the commands write', async () => {
    // Posts: createPost's vector, and none for deleted posts.
    const posts = await sql<{ n: number }>`select count(*)::int as n from posts
      where search <> case when deleted_at is null then to_tsvector('english', body) else ''::tsvector end`.execute(hub.db);
    assert.equal(posts.rows[0]!.n, 0);
    // Profiles never saved: the name only, as sign-up writes it.
    const blank = await sql<{ n: number }>`select count(*)::int as n from profiles p join users u on u.id = p.user_id
      where p.visibility = '{}'::jsonb and (p.search_everyone <> to_tsvector('english', u.display_name) or p.search_members <> to_tsvector('english', u.display_name))`.execute(hub.db);
    assert.equal(blank.rows[0]!.n, 0);

    // The rest: saving the same values again through the commands must leave the vectors unchanged.
    const admin = await viewer('bench-admin@example.org');
    const pitches = await hub.db.selectFrom('pitches').select(['id', 'slug', 'version', 'author_id', 'search']).orderBy('id').limit(12).execute();
    for (const row of pitches) {
      const pitch = (await findPitch(hub.db, row.slug, admin))!;
      const saved = await updatePitch(hub.db, admin.id, row.id, row.version, inputOf(pitch));
      assert.equal(saved.ok, true);
      const after = await hub.db.selectFrom('pitches').select('search').where('id', '=', row.id).executeTakeFirstOrThrow();
      assert.equal(after.search, row.search, `pitch ${row.slug}`);
    }

    const profiles = await hub.db
      .selectFrom('profiles')
      .innerJoin('users', 'users.id', 'profiles.user_id')
      .selectAll('profiles')
      .select('users.display_name')
      .where(sql<boolean>`profiles.visibility <> '{}'::jsonb`)
      .orderBy('profiles.user_id')
      .limit(12)
      .execute();
    assert.ok(profiles.length > 0);
    for (const row of profiles) {
      await saveProfile(
        hub.db,
        hub.config.uploadsDir,
        row.user_id,
        {
          name: row.display_name,
          bio: row.bio,
          sector: row.sector as Sector | null,
          roles: row.roles as MemberRole[],
          place: row.place,
          localAuthority: row.local_authority,
          interests: row.interests,
          skills: row.skills,
          needs: row.needs,
          links: row.links,
          visibility: effectiveVisibility(row.visibility),
          removePhoto: false,
        },
        { kind: 'keep' },
      );
      const after = await hub.db.selectFrom('profiles').select(['search_everyone', 'search_members']).where('user_id', '=', row.user_id).executeTakeFirstOrThrow();
      assert.equal(after.search_everyone, row.search_everyone, `profile ${row.user_id} (everyone)`);
      assert.equal(after.search_members, row.search_members, `profile ${row.user_id} (members)`);
    }

    const organisations = await hub.db.selectFrom('organisations').selectAll().orderBy('id').limit(8).execute();
    for (const row of organisations) {
      const input: OrganisationInput = {
        name: row.name,
        type: row.kind as OrganisationInput['type'],
        size: row.size as OrganisationInput['size'],
        place: row.place,
        localAuthority: row.local_authority,
        website: row.website ?? '',
        description: row.description,
        tags: row.tags,
      };
      await updateOrganisation(hub.db, row.id, input);
      const after = await hub.db.selectFrom('organisations').select('search').where('id', '=', row.id).executeTakeFirstOrThrow();
      assert.equal(after.search, row.search, `organisation ${row.slug}`);
    }

    const pages = await hub.db
      .selectFrom('knowledge_pages as p')
      .innerJoin('knowledge_revisions as r', 'r.id', 'p.current_revision_id')
      .select(['p.id', 'p.version', 'p.title', 'p.template', 'p.search', 'r.body'])
      .orderBy('p.id')
      .limit(6)
      .execute();
    for (const row of pages) {
      const saved = await updatePage(hub.db, admin.id, row.id, row.version, { title: row.title, body: row.body, summary: '', template: row.template });
      assert.equal(saved.ok, true);
      const after = await hub.db.selectFrom('knowledge_pages').select('search').where('id', '=', row.id).executeTakeFirstOrThrow();
      assert.equal(after.search, row.search, `knowledge page ${row.id}`);
    }
  });

  test('search finds the generated words', async () => {
    const pitch = await hub.db
      .selectFrom('pitches')
      .select(['slug', 'title'])
      .where('status', '=', 'published')
      .where('group_id', 'is', null)
      .orderBy('signal_count', 'desc')
      .executeTakeFirstOrThrow();
    const found = await search(hub.db, hub.app.subjects, null, pitch.title, 1, 100);
    assert.ok(found.results.some((r) => r.pitchSlug === pitch.slug), `searching for "${pitch.title}" did not find it`);
    // "This resonates." opens some replies and nothing else.
    const replies = await search(hub.db, hub.app.subjects, null, 'resonates', 1);
    assert.ok(replies.results.some((r) => r.kind === 'post'), 'no reply matches a common word');
    const members = await visibleProfiles(hub.db, await viewer('bench-3@example.org'), { q: 'council' });
    assert.ok(members.profiles.length > 0, 'the member directory finds nobody');
    const page = await hub.db.selectFrom('knowledge_pages').select(['slug', 'title']).orderBy('id').executeTakeFirstOrThrow();
    const pages = await searchPages(hub.db, null, 'everywhere', page.title, 1, 50);
    assert.ok(pages.pages.some((p) => p.slug === page.slug), 'knowledge search does not find a page by its title');
  });

  test('what is in secret and closed groups stays inside them', async () => {
    const outsider = await viewer('bench-2@example.org');
    const insider = await viewer('bench-1@example.org');
    const memberships = await hub.db.selectFrom('group_members').select('group_id').where('user_id', '=', outsider.id).execute();
    assert.deepEqual(memberships, [], 'bench-2 should belong to no group');

    const secret = await hub.db.selectFrom('groups').select(['id', 'slug', 'name']).where('visibility', '=', 'secret').execute();
    const hidden = await hub.db.selectFrom('groups').select(['id', 'slug']).where('visibility', '<>', 'open').execute();
    assert.ok(secret.length > 0 && hidden.length > secret.length, 'the tiny hub needs closed and secret groups');
    const hiddenPitches = await hub.db
      .selectFrom('pitches')
      .select(['id', 'slug', 'title'])
      .where('group_id', 'in', hidden.map((g) => g.id))
      .where('status', '=', 'published')
      .execute();
    assert.ok(hiddenPitches.length > 0, 'no pitch was generated inside a closed or secret group');
    const hiddenSlugs = new Set(hiddenPitches.map((p) => p.slug));

    // The directory and the group pages.
    const listed = await listGroups(hub.db, outsider, { q: '', visibility: null, tag: null }, 1);
    assert.ok(listed.groups.every((g) => g.visibility !== 'secret'));
    for (const group of secret) {
      assert.equal(await findGroup(hub.db, group.slug, outsider), undefined);
      assert.equal(await findGroup(hub.db, group.slug, null), undefined);
    }
    const insiderSecret = await hub.db.selectFrom('group_members').select('group_id').where('user_id', '=', insider.id).where('group_id', 'in', secret.map((g) => g.id)).execute();
    assert.ok(insiderSecret.length > 0, 'bench-1 should be in a secret group');
    const inside = secret.find((g) => g.id === insiderSecret[0]!.group_id)!;
    assert.equal((await findGroup(hub.db, inside.slug, insider))?.canSeeContent, true);

    // Pitches: their pages, the listing, search and the activity stream.
    for (const pitch of hiddenPitches) {
      assert.equal(await findPitch(hub.db, pitch.slug, outsider), undefined);
      const results = await search(hub.db, hub.app.subjects, outsider, pitch.title, 1, 100);
      assert.ok(results.results.every((r) => r.pitchSlug === null || !hiddenSlugs.has(r.pitchSlug)), `searching "${pitch.title}" shows a hidden pitch`);
    }
    for (let page = 1; ; page++) {
      const { pitches, hasNext } = await listPitches(hub.db, outsider, newest, page);
      assert.ok(pitches.every((p) => !hiddenSlugs.has(p.slug)));
      if (!hasNext) break;
    }
    const stream = await activityStream(hub.db, hub.app.subjects, outsider, null, 100);
    const hiddenIds = new Set(hiddenPitches.map((p) => p.id));
    assert.ok(stream.items.every((item) => !(item.subjectType === 'pitch' && hiddenIds.has(item.subjectId))));

    // Conversations of hidden groups, through the subject registry and over HTTP.
    const visible = await hub.app.subjects.filterVisible(hub.db, outsider, hidden.map((g) => ({ subject_type: 'group', subject_id: g.id })));
    assert.deepEqual(visible, []);
    const anonymous = new TestClient(hub.app);
    for (const group of secret) {
      assert.equal((await anonymous.get(`/groups/${group.slug}`)).status, 404);
      assert.equal((await anonymous.get(`/conversations/group/${group.id}.json`)).status, 404);
    }
    const found = await anonymous.get(`/search?q=${encodeURIComponent(hiddenPitches[0]!.title)}`);
    assert.equal(found.status, 200);
    for (const slug of hiddenSlugs) assert.ok(!found.body.includes(`/pitches/${slug}"`), `search shows ${slug} to a visitor`);
  });

  test('every notification is about something its recipient may see', async () => {
    const rows = await hub.db
      .selectFrom('notifications as n')
      .innerJoin('users as u', 'u.id', 'n.user_id')
      .select(['n.id', 'n.subject_type', 'n.subject_id', 'u.id as user_id', 'u.handle', 'u.display_name', 'u.role', 'u.email_verified_at', 'u.status'])
      .execute();
    assert.ok(rows.length > 0);
    for (const row of rows) {
      assert.equal(row.status, 'active');
      const recipient: Viewer = { id: row.user_id, handle: row.handle, displayName: row.display_name, role: row.role, emailVerified: row.email_verified_at !== null };
      const kept = await hub.app.subjects.filterVisible(hub.db, recipient, [row]);
      assert.equal(kept.length, 1, `notification ${row.id} is about ${row.subject_type} ${row.subject_id}, hidden from its recipient`);
    }
  });

  test('--force adds a second population beside the first', async () => {
    const before = await hub.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const more = await generateHub(hub.db, { dataset: 'tiny', seed: 8, force: true, quiet: true });
    assert.deepEqual(more.accounts, [], 'the benchmark accounts exist already and are left as they are');
    assert.equal(more.apiToken, null);
    const now = await hub.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(now.n), Number(before.n) + more.counts.members!);
    const drift = await sql<{ n: number }>`select count(*)::int as n from groups g
      where g.member_count <> (select count(*) from group_members m where m.group_id = g.id and m.status = 'active')`.execute(hub.db);
    assert.equal(drift.rows[0]!.n, 0);
    // New rows continue the ids, so the hub's own inserts go on working.
    const created = await new TestClient(hub.app).request('POST', '/api/pitches', {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${result.apiToken}` },
      payload: JSON.stringify({ kind: 'idea', title: 'After the second population', publish: true }),
    });
    assert.equal(created.status, 201);
  });
});

test('the same seed gives the same hub', async () => {
  const digests: string[] = [];
  for (let run = 0; run < 2; run++) {
    const database = await testDatabase();
    try {
      await generateHub(database.db, { dataset: 'tiny', seed: 11, quiet: true, now: new Date('2026-06-01T00:00:00Z') });
      const row = await sql<{ digest: string }>`select md5(concat_ws('|',
          (select string_agg(id || handle || email || created_at::text, ',' order by id) from users),
          (select string_agg(p.search_members::text, ',' order by p.user_id) from profiles p),
          (select string_agg(id || slug || coalesce(group_id::text, '') || created_at::text, ',' order by id) from pitches),
          (select string_agg(pitch_id || '-' || user_id || kind || created_at::text, ',' order by id) from signals),
          (select string_agg(id || body || coalesce(parent_id::text, '') || created_at::text, ',' order by id) from posts),
          (select string_agg(user_id || text || created_at::text, ',' order by id) from notifications))) as digest`.execute(database.db);
      digests.push(row.rows[0]!.digest);
    } finally {
      await database.close();
    }
  }
  assert.equal(digests[0], digests[1]);
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestClient } from '../../test/http.ts';
import { setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';

describe('the sitemap', () => {
  let t: TestHub;
  let admin: TestClient;

  before(async () => {
    t = await startTestHub();
    admin = await setUpHub(t.app);
    for (const [name, visibility] of [
      ['Open orchard', 'open'],
      ['Closed council panel', 'closed'],
      ['Secret safeguarding leads', 'secret'],
    ] as const) {
      const response = await admin.postForm('/groups/new', { name, purpose: 'Working together.', visibility });
      assert.equal(response.status, 303);
    }
    const page = await admin.postForm('/knowledge/new', { title: 'Running a repair café', body: 'Start small.' }, { csrfFrom: '/knowledge/new' });
    assert.equal(page.status, 303);
  });
  after(() => t.close());

  test('robots.txt points at the sitemap index, which lists one file per section', async () => {
    const visitor = new TestClient(t.app);
    const robots = await visitor.get('/robots.txt');
    assert.equal(robots.status, 200);
    assert.match(robots.body, /^Sitemap: http.*\/sitemap\.xml$/m);
    const index = await visitor.get('/sitemap.xml');
    assert.equal(index.status, 200);
    assert.match(String(index.headers['content-type']), /application\/xml/);
    for (const section of ['pitches', 'groups', 'knowledge', 'organisations', 'stories']) {
      assert.match(index.body, new RegExp(`/sitemaps/${section}-1\\.xml</loc>`));
    }
  });

  test('only what a visitor may read is listed', async () => {
    const visitor = new TestClient(t.app);
    const groups = await visitor.get('/sitemaps/groups-1.xml');
    assert.equal(groups.status, 200);
    assert.match(groups.body, /\/groups\/open-orchard<\/loc>/);
    assert.doesNotMatch(groups.body, /closed-council-panel/, 'a closed group’s content is for members: its page is not worth indexing');
    assert.doesNotMatch(groups.body, /secret-safeguarding/);
    const knowledge = await visitor.get('/sitemaps/knowledge-1.xml');
    assert.match(knowledge.body, /\/knowledge\/running-a-repair-caf/);
    assert.match(knowledge.body, /<lastmod>\d{4}-\d\d-\d\dT/);
  });

  test('an unknown section or page number is a plain 404', async () => {
    const visitor = new TestClient(t.app);
    for (const path of ['/sitemaps/members-1.xml', '/sitemaps/pitches-0.xml', '/sitemaps/pitches-x.xml', '/sitemaps/..%2Fsecret.xml']) {
      assert.equal((await visitor.get(path)).status, 404, path);
    }
  });
});

/**
 * The privacy matrix: every reading route the hub serves (docs/routes.md), filled in with every
 * piece of content of the world in privacy-matrix.fixtures.ts, asked by every kind of viewer. No
 * response may carry a marker of content its viewer may not see; the main pages must carry the
 * markers of what they may. Notifications, emails and digests are read the same way.
 *
 * A new reading route fails this test until it is given its cases below.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { startTestHub, type TestHub } from '../test/hub.ts';
import { sendDigests } from '../areas/notifications/index.ts';
import { remindAttendees, tellSessionDecisions } from '../areas/events/index.ts';
import {
  buildWorld,
  contentKinds,
  groupKeys,
  hiddenPitchMarker,
  hiddenStoryMarker,
  marker,
  mayKnow,
  mayKnowStory,
  nominationMarker,
  searchWord,
  unpublishedStoryMarker,
  sharedTag,
  viewerKeys,
  writerOf,
  type ContentKind,
  type GroupKey,
  type StoryMarker,
  type ViewerKey,
  type World,
} from './privacy-matrix.fixtures.ts';

/** A route's last segment may carry a format (`/pitches/x.json`): each is asked for in every format. */
const formats = ['', '.json', '.csv', '.rss', '.atom', '.ics'];

function withFormats(paths: string[]): string[] {
  return paths.flatMap((path) => formats.map((format) => `${path}${format}`));
}

const groupPaths = (w: World) => [...groupKeys.map((key) => w.groups[key].slug), 'no-such-group'];
const pitchPaths = (w: World) => [...groupKeys.map((key) => w.pitches[key].slug), w.publicPitch.slug, w.hiddenPitch.slug];
const perGroup = (w: World, suffix: string) => groupPaths(w).map((slug) => `/groups/${slug}${suffix}`);
/** Every group's page asked for under every group, so a page cannot be reached through another wiki. */
const groupPages = (w: World, suffix = '') =>
  groupKeys.flatMap((owner) => groupKeys.map((key) => `/groups/${w.groups[owner].slug}/knowledge/${w.pages[key].slug}${suffix}`));
const hubPages = (w: World, suffix = '') =>
  [w.knowledgeSlug, w.stories.hiddenRecipeSlug, ...groupKeys.map((key) => w.pages[key].slug)].map((slug) => `/knowledge/${slug}${suffix}`);
const eventPaths = (w: World) => [...groupKeys.map((key) => w.events[key].slug), 'no-such-event'];
/** Every group's session (and one that is not there) asked for under every group's event, so none is reached through another. */
const sessionPaths = (w: World, suffix = '') =>
  eventPaths(w).flatMap((slug) => [...groupKeys.map((key) => w.sessions[key].id), 999999].map((id) => `/events/${slug}/sessions/${id}${suffix}`));
const perEvent = (w: World, suffix: string) => eventPaths(w).map((slug) => `/events/${slug}${suffix}`);
const storySlugs = (w: World) => [w.stories.published.slug, w.stories.draft.slug, w.stories.hidden.slug, 'no-such-story'];
const perStory = (w: World, suffix: string) => storySlugs(w).map((slug) => `/stories/${slug}${suffix}`);
/** Both awards rounds and one that does not exist. */
const roundSlugs = (w: World) => [w.awards.finished.slug, w.awards.voting.slug, 'no-such-round'];
/** Every nomination under every round (so one cannot be read through another round), and a made-up one. */
const nominationPaths = (w: World, suffix = '') =>
  roundSlugs(w).flatMap((slug) => [...w.awards.finished.nominationIds, ...w.awards.voting.nominationIds, 999999].map((id) => `/awards/${slug}/nominations/${id}${suffix}`));
const handles = (w: World) => viewerKeys.filter((key) => key !== 'anonymous').map((key) => w.people[key].handle);

/**
 * For each reading route with parameters, the addresses that fill it in. Routes without
 * parameters are asked for as they are (and with the extra queries in `extraAddresses`).
 */
const cases: Record<string, (w: World) => string[]> = {
  '/admin/outbox/:id': () => [], // filled in with every email's id below, once they exist
  '/api/pitches/:slug': (w) => pitchPaths(w).map((slug) => `/api/pitches/${slug}`),
  '/assets/*': () => ['/assets/seedbed.css'],
  // Only made-up addresses: a real one reads its owner's calendar, whoever fetches it (tested in the events area).
  '/awards/:slug': (w) => withFormats(roundSlugs(w).map((slug) => `/awards/${slug}`)),
  '/awards/:slug/edit': (w) => roundSlugs(w).map((slug) => `/awards/${slug}/edit`),
  '/awards/:slug/nominate': (w) => roundSlugs(w).map((slug) => `/awards/${slug}/nominate`),
  '/awards/:slug/nominations/:id': (w) => [...nominationPaths(w), ...nominationPaths(w, '.json')],
  '/awards/:slug/nominations/:id/withdraw': (w) => nominationPaths(w, '/withdraw'),
  '/awards/:slug/panel': (w) => roundSlugs(w).map((slug) => `/awards/${slug}/panel`),
  '/awards/:slug/panel/:id': (w) => nominationPaths(w).map((path) => path.replace('/nominations/', '/panel/')),
  '/awards/:slug/results': (w) => roundSlugs(w).map((slug) => `/awards/${slug}/results`),
  '/awards/:slug/results.csv': (w) => roundSlugs(w).map((slug) => `/awards/${slug}/results.csv`),
  '/awards/:slug/results.json': (w) => roundSlugs(w).map((slug) => `/awards/${slug}/results.json`),
  '/awards/:slug/vote': (w) => roundSlugs(w).map((slug) => `/awards/${slug}/vote`),
  '/calendar/:token': () => ['/calendar/not-a-real-calendar-token.ics', `/calendar/${'a'.repeat(32)}.ics`],
  '/conversations/:type/:id': (w) =>
    withFormats([
      ...groupKeys.map((key) => `/conversations/group/${w.groups[key].id}`),
      ...groupKeys.map((key) => `/conversations/pitch/${w.pitches[key].id}`),
      `/conversations/pitch/${w.publicPitch.id}`,
      `/conversations/story/${w.stories.published.id}`,
      `/conversations/story/${w.stories.draft.id}`,
    ]),
  '/events/:slug': (w) => withFormats(eventPaths(w).map((slug) => `/events/${slug}`)),
  '/events/:slug/cancel': (w) => eventPaths(w).map((slug) => `/events/${slug}/cancel`),
  '/events/:slug/edit': (w) => eventPaths(w).map((slug) => `/events/${slug}/edit`),
  '/events/:slug/links': (w) => perEvent(w, '/links'),
  '/events/:slug/schedule': (w) => perEvent(w, '/schedule'),
  '/events/:slug/schedule.csv': (w) => perEvent(w, '/schedule.csv'),
  '/events/:slug/schedule.ics': (w) => perEvent(w, '/schedule.ics'),
  '/events/:slug/schedule.json': (w) => perEvent(w, '/schedule.json'),
  '/events/:slug/schedule/edit': (w) => perEvent(w, '/schedule/edit'),
  '/events/:slug/schedule/rooms/:id/edit': (w) =>
    eventPaths(w).flatMap((slug) => [...groupKeys.map((key) => w.sessions[key].roomId), 999999].map((id) => `/events/${slug}/schedule/rooms/${id}/edit`)),
  '/events/:slug/sessions': (w) => perEvent(w, '/sessions'),
  '/events/:slug/sessions.csv': (w) => perEvent(w, '/sessions.csv'),
  '/events/:slug/sessions.json': (w) => perEvent(w, '/sessions.json'),
  '/events/:slug/sessions/new': (w) => perEvent(w, '/sessions/new'),
  '/events/:slug/sessions/settings': (w) => perEvent(w, '/sessions/settings'),
  '/events/:slug/sessions/:id': (w) => sessionPaths(w),
  '/events/:slug/sessions/:id/decline': (w) => sessionPaths(w, '/decline'),
  '/events/:slug/sessions/:id/edit': (w) => sessionPaths(w, '/edit'),
  '/events/:slug/sessions/:id/merge': (w) => sessionPaths(w, '/merge'),
  '/events/:slug/sessions/:id/withdraw': (w) => sessionPaths(w, '/withdraw'),
  '/groups/:slug': (w) => withFormats(groupPaths(w).map((slug) => `/groups/${slug}`)),
  '/groups/:slug/edit': (w) => groupPaths(w).map((slug) => `/groups/${slug}/edit`),
  '/groups/:slug/events.ics': (w) => groupPaths(w).flatMap((slug) => [`/groups/${slug}/events.ics`, `/groups/${slug}/events.ics?key=${'b'.repeat(32)}`]),
  '/groups/:slug/invite': (w) => groupPaths(w).map((slug) => `/groups/${slug}/invite`),
  '/groups/:slug/subgroups/new': (w) => groupPaths(w).map((slug) => `/groups/${slug}/subgroups/new`),
  '/invitations/:token': () => ['/invitations/not-a-real-invitation'],
  '/groups/:slug/activity': (w) => perGroup(w, '/activity'),
  '/groups/:slug/activity.atom': (w) => perGroup(w, '/activity.atom'),
  '/groups/:slug/activity.json': (w) => perGroup(w, '/activity.json'),
  '/groups/:slug/activity.rss': (w) => perGroup(w, '/activity.rss'),
  '/groups/:slug/attention': (w) => perGroup(w, '/attention'),
  '/groups/:slug/delete': (w) => perGroup(w, '/delete'),
  '/groups/:slug/knowledge': (w) => [...perGroup(w, '/knowledge'), ...perGroup(w, `/knowledge?q=${searchWord}`)],
  '/groups/:slug/knowledge.atom': (w) => perGroup(w, '/knowledge.atom'),
  '/groups/:slug/knowledge.csv': (w) => perGroup(w, '/knowledge.csv'),
  '/groups/:slug/knowledge.json': (w) => [...perGroup(w, '/knowledge.json'), ...perGroup(w, `/knowledge.json?q=${searchWord}`)],
  '/groups/:slug/knowledge.rss': (w) => perGroup(w, '/knowledge.rss'),
  '/groups/:slug/knowledge/new': (w) => perGroup(w, '/knowledge/new'),
  '/groups/:slug/knowledge/:page': (w) => [...groupPages(w), ...groupPages(w, '.json')],
  '/groups/:slug/knowledge/:page/attachments': (w) => groupPages(w, '/attachments'),
  '/groups/:slug/knowledge/:page/attachments/:id': (w) =>
    groupKeys.flatMap((owner) => w.attachmentIds.map((id) => `/groups/${w.groups[owner].slug}/knowledge/${w.pages[owner].slug}/attachments/${id}`)),
  '/groups/:slug/knowledge/:page/diff': (w) =>
    groupPages(w, `/diff?from=${w.revisionIds[0]}&to=${w.revisionIds.at(-1)}`),
  '/groups/:slug/knowledge/:page/edit': (w) => groupPages(w, '/edit'),
  '/groups/:slug/knowledge/:page/flag': (w) => groupPages(w, '/flag'),
  '/groups/:slug/knowledge/:page/history': (w) => groupPages(w, '/history'),
  '/groups/:slug/knowledge/:page/revisions/:id': (w) =>
    groupKeys.flatMap((key) => w.revisionIds.map((id) => `/groups/${w.groups[key].slug}/knowledge/${w.pages[key].slug}/revisions/${id}`)),
  '/groups/:slug/members': (w) => perGroup(w, '/members'),
  '/groups/:slug/members.csv': (w) => perGroup(w, '/members.csv'),
  '/groups/:slug/members.json': (w) => perGroup(w, '/members.json'),
  '/groups/:slug/message': (w) => perGroup(w, '/message'),
  '/groups/:slug/notifications': (w) => perGroup(w, '/notifications'),
  '/knowledge/:page': (w) => withFormats(hubPages(w)),
  '/knowledge/:page/attachments': (w) => hubPages(w, '/attachments'),
  '/knowledge/:page/attachments/:id': (w) => w.attachmentIds.map((id) => `/knowledge/${w.knowledgeSlug}/attachments/${id}`),
  '/knowledge/:page/diff': (w) => hubPages(w, `/diff?from=${w.revisionIds[0]}&to=${w.revisionIds.at(-1)}`),
  '/knowledge/:page/edit': (w) => hubPages(w, '/edit'),
  '/knowledge/:page/history': (w) => hubPages(w, '/history'),
  '/knowledge/:page/revisions/:id': (w) => w.revisionIds.map((id) => `/knowledge/${w.knowledgeSlug}/revisions/${id}`),
  '/knowledge/:page/flag': (w) => hubPages(w, '/flag'),
  '/moderation/content/:type/:id': (w) => [
    ...[...groupKeys.map((key) => w.pitches[key].id), w.hiddenPitch.id].map((id) => `/moderation/content/pitch/${id}`),
    ...groupKeys.map((key) => `/moderation/content/knowledge-page/${w.pages[key].id}`),
    ...[w.stories.published.id, w.stories.draft.id, w.stories.hidden.id].map((id) => `/moderation/content/story/${id}`),
  ],
  '/pitches/:slug/flag': (w) => pitchPaths(w).map((slug) => `/pitches/${slug}/flag`),
  '/members/:handle': (w) => withFormats(handles(w).map((handle) => `/members/${handle}`)),
  '/members/:handle/flag': (w) => handles(w).map((handle) => `/members/${handle}/flag`),
  '/moderation/flags/:id': (w) => w.flagIds.map((id) => `/moderation/flags/${id}`),
  '/notifications/:id/open': () => [], // filled in with every notification's id below
  '/organisations/:slug': (w) => withFormats([`/organisations/${w.organisationSlug}`]),
  '/organisations/:slug/edit': (w) => [`/organisations/${w.organisationSlug}/edit`],
  '/pitches/:slug': (w) => withFormats(pitchPaths(w).map((slug) => `/pitches/${slug}`)),
  '/pitches/:slug/edit': (w) => pitchPaths(w).map((slug) => `/pitches/${slug}/edit`),
  '/pitches/:slug/files': (w) => pitchPaths(w).map((slug) => `/pitches/${slug}/files`),
  '/pitches/:slug/files/:id': (w) => pitchPaths(w).map((slug) => `/pitches/${slug}/files/1`),
  '/pitches/:slug/invite-commissioning': (w) => pitchPaths(w).map((slug) => `/pitches/${slug}/invite-commissioning`),
  '/pitches/:slug/matches.json': (w) => pitchPaths(w).map((slug) => `/pitches/${slug}/matches.json`),
  '/pitches/:slug/signals': (w) => pitchPaths(w).map((slug) => `/pitches/${slug}/signals`),
  '/pitches/:slug/signals.csv': (w) => pitchPaths(w).map((slug) => `/pitches/${slug}/signals.csv`),
  '/pitches/:slug/signals.json': (w) => pitchPaths(w).map((slug) => `/pitches/${slug}/signals.json`),
  '/pitches/:slug/signals/:id/reply': (w) =>
    groupKeys.flatMap((key) => w.signalIds.map((id) => `/pitches/${w.pitches[key].slug}/signals/${id}/reply`)),
  '/pitches/:slug/stage': (w) => pitchPaths(w).map((slug) => `/pitches/${slug}/stage`),
  '/pitches/:slug/team': (w) => pitchPaths(w).map((slug) => `/pitches/${slug}/team`),
  '/posts/:id': (w) => withFormats(w.postIds.map((id) => `/posts/${id}`)),
  '/posts/:id/delete': (w) => w.postIds.map((id) => `/posts/${id}/delete`),
  '/posts/:id/edit': (w) => w.postIds.map((id) => `/posts/${id}/edit`),
  '/posts/:id/flag': (w) => w.postIds.map((id) => `/posts/${id}/flag`),
  '/posts/:id/history': (w) => w.postIds.map((id) => `/posts/${id}/history`),
  '/posts/:id/reply': (w) => w.postIds.map((id) => `/posts/${id}/reply`),
  '/reset-password/:token': () => ['/reset-password/not-a-real-token'],
  '/sitemaps/:file': () => ['/sitemaps/pitches-1.xml', '/sitemaps/groups-1.xml', '/sitemaps/knowledge-1.xml', '/sitemaps/organisations-1.xml', '/sitemaps/stories-1.xml', '/sitemaps/people-1.xml'],
  '/stories/:slug': (w) => withFormats(perStory(w, '')),
  '/stories/:slug/adapted': (w) => perStory(w, '/adapted'),
  '/stories/:slug/clip': (w) => perStory(w, '/clip'),
  '/stories/:slug/clip/captions': (w) => perStory(w, '/clip/captions'),
  '/stories/:slug/edit': (w) => perStory(w, '/edit'),
  '/stories/:slug/flag': (w) => perStory(w, '/flag'),
  '/stories/:slug/interest': (w) => perStory(w, '/interest'),
  '/stories/:slug/media': (w) => perStory(w, '/media'),
  '/stories/:slug/photos/:id': (w) => storySlugs(w).flatMap((slug) => w.storyPhotoIds.map((id) => `/stories/${slug}/photos/${id}`)),
  '/stories/:slug/recipe': (w) => perStory(w, '/recipe'),
  '/stories/:slug/recipe/new': (w) => perStory(w, '/recipe/new'),
  '/stories/:slug/reporter': (w) => perStory(w, '/reporter'),
  '/stories/:slug/tried': (w) => perStory(w, '/tried'),
  // Only made-up tokens: a real link acts for whoever holds it (tested in the stories area).
  '/stories/nominations/answer/:token': () => ['/stories/nominations/answer/not-a-real-token', `/stories/nominations/answer/${'c'.repeat(43)}`],
  '/stories/nominations/confirm/:token': () => ['/stories/nominations/confirm/not-a-real-token', `/stories/nominations/confirm/${'d'.repeat(43)}`],
  '/stories/review/:id': (w) => [...w.nominationIds, 999999].map((id) => `/stories/review/${id}`),
  '/tags/:tag': () => withFormats([`/tags/${sharedTag}`]),
  '/unsubscribe/:token': () => ['/unsubscribe/not-a-real-token'],
  '/uploads/photos/*': () => ['/uploads/photos/nothing-here.jpg'],
  '/verify-email/:token': () => ['/verify-email/not-a-real-token'],
};

/** Lists asked for with filters and searches as well as plain. */
const extraAddresses = [
  `/search?q=${searchWord}`,
  `/search.json?q=${searchWord}`,
  `/pitches?q=${searchWord}`,
  `/pitches.json?q=${searchWord}`,
  `/pitches.csv?q=${searchWord}`,
  `/pitches?tag=${sharedTag}`,
  `/groups?q=${searchWord}`,
  `/groups.json?q=${searchWord}`,
  '/groups.json?visibility=secret',
  `/groups.csv?q=${searchWord}`,
  `/members?q=${searchWord}`,
  `/members.json?q=${searchWord}`,
  `/knowledge?q=${searchWord}`,
  `/knowledge.json?q=${searchWord}`,
  `/events?q=${searchWord}`,
  `/events.json?q=${searchWord}`,
  `/events.csv?q=${searchWord}`,
  `/events?tag=${sharedTag}`,
  `/events.ics?tag=${sharedTag}`,
  '/events?when=past',
  '/stories?sort=wanted',
  '/stories.json?sort=wanted',
  `/stories.json?tag=${sharedTag}`,
  '/stories.csv?evidence=anecdote',
];

/** Addresses that depend on the world: each group's events, the month they are in. */
function worldAddresses(w: World): string[] {
  return [
    `/events/calendar?month=${w.eventMonth}`,
    `/events/calendar?month=${w.eventMonth}&q=${searchWord}&tag=${sharedTag}`,
    // Forms started from each group's event: they name the event only to those taking part in it.
    ...groupKeys.flatMap((key) => {
      const from = `?from_event=${w.events[key].slug}`;
      return [`/pitches/new${from}`, `/stories/nominate${from}`, `/knowledge/new${from}`, `/groups/${w.groups[key].slug}/knowledge/new${from}`];
    }),
    // As JSON only: the page repeats the slug asked for in its filters and links.
    ...groupKeys.map((key) => `/events.json?group=${w.groups[key].slug}`),
  ];
}

/** Where a viewer who may see a group's content must find it: the matrix's positive half. */
function mustShow(w: World): { path: string; group: GroupKey; kinds: ContentKind[] }[] {
  return groupKeys.flatMap((key) => [
    { path: `/groups/${w.groups[key].slug}`, group: key, kinds: ['name', 'about', 'post', 'pitch', 'event'] as ContentKind[] },
    { path: `/events/${w.events[key].slug}`, group: key, kinds: ['event', 'eventlink'] as ContentKind[] },
    { path: `/events/${w.events[key].slug}.json`, group: key, kinds: ['event', 'eventlink'] as ContentKind[] },
    // What came of the event: the group's pitch and the notes of its session.
    { path: `/events/${w.events[key].slug}`, group: key, kinds: ['pitch', 'session'] as ContentKind[] },
    { path: `/events/${w.events[key].slug}/sessions`, group: key, kinds: ['session'] as ContentKind[] },
    { path: `/events/${w.events[key].slug}/sessions.json`, group: key, kinds: ['session'] as ContentKind[] },
    { path: `/events/${w.events[key].slug}/sessions/${w.sessions[key].id}`, group: key, kinds: ['session'] as ContentKind[] },
    { path: `/events/${w.events[key].slug}/schedule`, group: key, kinds: ['session'] as ContentKind[] },
    { path: `/events/${w.events[key].slug}/schedule.ics`, group: key, kinds: ['session'] as ContentKind[] },
    { path: `/groups/${w.groups[key].slug}/knowledge`, group: key, kinds: ['session'] as ContentKind[] },
    { path: '/events.json', group: key, kinds: ['event'] as ContentKind[] },
    { path: `/events/calendar?month=${w.eventMonth}`, group: key, kinds: ['event'] as ContentKind[] },
    { path: `/conversations/group/${w.groups[key].id}.json`, group: key, kinds: ['post', 'reply'] as ContentKind[] },
    { path: `/pitches/${w.pitches[key].slug}`, group: key, kinds: ['pitch', 'pitchreply', 'late'] as ContentKind[] },
    { path: `/pitches/${w.pitches[key].slug}.json`, group: key, kinds: ['pitch'] as ContentKind[] },
    // Each group's pitch was adapted from the public pitch and the published story: both list it.
    { path: `/pitches/${w.publicPitch.slug}`, group: key, kinds: ['pitch'] as ContentKind[] },
    { path: `/stories/${w.stories.published.slug}`, group: key, kinds: ['pitch'] as ContentKind[] },
    { path: `/stories/${w.stories.published.slug}.json`, group: key, kinds: ['pitch'] as ContentKind[] },
    { path: `/search?q=${searchWord}`, group: key, kinds: ['pitch'] as ContentKind[] },
    { path: `/pitches.json?q=${searchWord}`, group: key, kinds: ['pitch'] as ContentKind[] },
    { path: '/groups.json', group: key, kinds: ['name'] as ContentKind[] },
    { path: `/tags/${sharedTag}`, group: key, kinds: ['pitch'] as ContentKind[] },
    { path: `/groups/${w.groups[key].slug}/activity`, group: key, kinds: ['post', 'pitch'] as ContentKind[] },
    { path: `/groups/${w.groups[key].slug}/knowledge`, group: key, kinds: ['page'] as ContentKind[] },
    { path: `/groups/${w.groups[key].slug}/knowledge/${w.pages[key].slug}`, group: key, kinds: ['page', 'file'] as ContentKind[] },
    { path: `/groups/${w.groups[key].slug}/knowledge/${w.pages[key].slug}/attachments/${w.pages[key].attachmentId}`, group: key, kinds: ['file'] as ContentKind[] },
    // Only the open group's pitch could be nominated: for the others there is nothing to find.
    ...(key === 'open'
      ? [
          { path: `/awards/${w.awards.finished.slug}/results`, group: key, kinds: ['pitch'] as ContentKind[] },
          { path: `/awards/${w.awards.finished.slug}/results.csv`, group: key, kinds: ['pitch'] as ContentKind[] },
          { path: `/awards/${w.awards.voting.slug}.json`, group: key, kinds: ['pitch'] as ContentKind[] },
        ]
      : []),
  ]);
}

/** The markers this viewer must never meet. */
function forbiddenFor(viewer: ViewerKey): string[] {
  const hidden = viewer === 'member' || viewer === 'admin' ? [] : [hiddenPitchMarker];
  const stories = ([unpublishedStoryMarker, nominationMarker, hiddenStoryMarker] as const).filter((mark) => !mayKnowStory(viewer, mark));
  return [...hidden, ...stories, ...groupKeys.flatMap((group) => contentKinds.filter((kind) => !mayKnow(viewer, group, kind)).map((kind) => marker(group, kind)))];
}

function withoutAddress(text: string, address: string): string {
  const path = address.split('?')[0]!;
  // The whole address first (a sign-in link's next= carries its query too), then its path.
  return [encodeURIComponent(address), address, encodeURIComponent(path), path].reduce((rest, echo) => rest.split(echo).join(' '), text);
}

function leaksIn(body: string, forbidden: string[]): string[] {
  const lower = body.toLowerCase();
  return forbidden.filter((mark) => lower.includes(mark));
}

describe('the privacy matrix', () => {
  let t: TestHub;
  let world: World;

  before(
    async () => {
      t = await startTestHub();
      world = await buildWorld(t);
    },
    { timeout: 900_000 },
  );
  after(() => t?.close());

  test('every reading route has its cases, and docs/routes.md lists every route', () => {
    const reads = t.app.routeList.reads();
    const missing = reads.filter((route) => route.includes(':') || route.includes('*')).filter((route) => !(route in cases));
    assert.deepEqual(missing, [], 'routes with parameters that the matrix does not fill in');
    const stale = Object.keys(cases).filter((route) => !reads.includes(route));
    assert.deepEqual(stale, [], 'cases for routes that no longer exist');
    const documented = fs.readFileSync(new URL('../../docs/routes.md', import.meta.url), 'utf8');
    assert.equal(documented, t.app.routeList.markdown(), 'docs/routes.md is out of date: run `seedbed routes > docs/routes.md`');
  });

  // Some twelve thousand requests: longer than the suite's default limit on a busy machine.
  test('no viewer meets content they may not see, on any route', { timeout: 1_800_000 }, async () => {
    const reads = t.app.routeList.reads();
    const emailIds = (await t.db.selectFrom('emails').select('id').execute()).map((row) => row.id);
    const notificationIds = (await t.db.selectFrom('notifications').select('id').execute()).map((row) => row.id);
    const addresses = new Set<string>([...extraAddresses, ...worldAddresses(world)]);
    for (const route of reads) {
      if (route === '/admin/outbox/:id') emailIds.forEach((id) => addresses.add(`/admin/outbox/${id}`));
      else if (route === '/notifications/:id/open') notificationIds.forEach((id) => addresses.add(`/notifications/${id}/open`));
      else if (route in cases) cases[route]!(world).forEach((address) => addresses.add(address));
      else addresses.add(route);
    }
    const failures: string[] = [];
    let asked = 0;
    for (const viewer of viewerKeys) {
      const forbidden = forbiddenFor(viewer);
      const client = world.people[viewer].client;
      for (const address of addresses) {
        // Signing out would end the viewer's session for the rest of the matrix.
        if (address === '/sign-out') continue;
        const response = await client.get(address);
        asked += 1;
        if (response.status >= 500) failures.push(`${viewer} ${address}: status ${response.status}`);
        const location = response.headers.location;
        // A page may repeat the address it was asked for (a sign-in link back to it, say): that
        // tells the viewer nothing they did not type, so only the rest of the answer counts.
        const answer = `${response.body} ${typeof location === 'string' ? location : ''}`;
        const leaked = leaksIn(withoutAddress(answer, address), forbidden);
        if (leaked.length > 0) failures.push(`${viewer} ${address}: ${leaked.join(', ')}`);
      }
    }
    assert.deepEqual(failures, [], `${failures.length} leaks or errors among ${asked} responses`);
    assert.ok(asked > 1000, `the matrix asked ${asked} questions`);
  });

  test('viewers find what they may see where they should', { timeout: 900_000 }, async () => {
    const failures: string[] = [];
    for (const check of mustShow(world)) {
      for (const viewer of viewerKeys) {
        const expected = check.kinds.filter((kind) => mayKnow(viewer, check.group, kind)).map((kind) => marker(check.group, kind));
        if (expected.length === 0) continue;
        const response = await world.people[viewer].client.get(check.path);
        const body = response.body.toLowerCase();
        const absent = expected.filter((mark) => !body.includes(mark));
        if (absent.length > 0) failures.push(`${viewer} ${check.path} (${response.status}): missing ${absent.join(', ')}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  test('a story not yet published and a nomination are found by those who may see them', async () => {
    const checks: { path: string; mark: StoryMarker }[] = [
      { path: `/stories/${world.stories.draft.slug}`, mark: unpublishedStoryMarker },
      { path: `/stories/${world.stories.draft.slug}.json`, mark: unpublishedStoryMarker },
      { path: `/stories/${world.stories.draft.slug}/clip/captions`, mark: unpublishedStoryMarker },
      { path: `/conversations/story/${world.stories.draft.id}.json`, mark: unpublishedStoryMarker },
      // The published story lists the stories adapted from it, a draft only for those who may see it.
      { path: `/stories/${world.stories.published.slug}`, mark: unpublishedStoryMarker },
      // A hidden story, its data and its recipe, for those who may still see them.
      { path: `/stories/${world.stories.hidden.slug}`, mark: hiddenStoryMarker },
      { path: `/stories/${world.stories.hidden.slug}.json`, mark: hiddenStoryMarker },
      { path: `/stories/${world.stories.hidden.slug}/recipe`, mark: hiddenStoryMarker },
      { path: `/knowledge/${world.stories.hiddenRecipeSlug}`, mark: hiddenStoryMarker },
      { path: '/stories/mine', mark: hiddenStoryMarker },
      { path: '/stories/review', mark: nominationMarker },
      { path: `/stories/review/${world.nominationIds[0]}`, mark: nominationMarker },
    ];
    const failures: string[] = [];
    for (const check of checks) {
      for (const viewer of viewerKeys) {
        if (!mayKnowStory(viewer, check.mark)) continue;
        const response = await world.people[viewer].client.get(check.path);
        if (!response.body.toLowerCase().includes(check.mark)) failures.push(`${viewer} ${check.path} (${response.status}): missing ${check.mark}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  test('only what everyone may see can be nominated for an award: the open group’s pitch, never another group’s', async () => {
    assert.deepEqual(world.awards.nominated, { open: 303, closed: 400, secret: 400, opensub: 400, closedsub: 400, public: 303, hidden: 400 });
    const nominated = await t.db.selectFrom('award_nominations').select(['subject_type', 'subject_id']).execute();
    const allowed = new Set([world.pitches.open.id, world.publicPitch.id]);
    assert.ok(nominated.length >= 4);
    assert.deepEqual(
      nominated.filter((row) => row.subject_type !== 'pitch' || !allowed.has(row.subject_id)),
      [],
    );
  });

  test('notifications, emails and digests carry only what their reader may see', async () => {
    const later = new Date(Date.now() + 8 * 24 * 3600 * 1000);
    await sendDigests(t.app, 'daily', later);
    await sendDigests(t.app, 'weekly', later);
    // The day-before reminders of every group's event: the removed member, still on their lists, gets none.
    assert.ok((await remindAttendees(t.app, new Date(world.eventStart.getTime() - 12 * 3600_000))) >= groupKeys.length);
    // What the hosts decided about sessions: the writer proposed and voted in every group, the
    // removed member voted in the groups they have left since.
    await tellSessionDecisions(t.app, new Date(Date.now() + 60 * 60_000));
    const decisions = await t.db.selectFrom('notifications').select(['id', 'user_id', 'text']).where('kind', '=', 'event').execute();
    for (const key of groupKeys) {
      const writer = world.people[writerOf(key)].id;
      assert.ok(
        decisions.some((row) => row.user_id === writer && row.text.includes(marker(key, 'session'))),
        `the writer in ${key} is told their session is in the schedule`,
      );
    }
    assert.deepEqual(
      decisions.filter((row) => row.user_id === world.people.removed.id && row.id > world.notificationIdAtRemoval).map((row) => row.text),
      [],
      'the removed member is told nothing of the sessions of groups they left',
    );
    const failures: string[] = [];
    for (const viewer of viewerKeys) {
      const person = world.people[viewer];
      if (person.id === null) continue;
      const forbidden = forbiddenFor(viewer);
      const notifications = await t.db.selectFrom('notifications').select(['text', 'url']).where('user_id', '=', person.id).execute();
      // What reached the removed member while they were in the group was theirs to see then.
      const fromId = viewer === 'removed' ? world.emailIdAtRemoval + 1 : 0;
      const emails = await t.db
        .selectFrom('emails')
        .select(['subject', 'body_text', 'body_html'])
        .where('recipient', '=', person.email)
        .where('id', '>=', fromId)
        .execute();
      // Stored notifications are checked again when shown (the matrix reads /notifications); the
      // stored text may name what was public when it was made, such as a pitch hidden since.
      const neverVisible = forbidden.filter((mark) => mark !== hiddenPitchMarker);
      for (const row of notifications) {
        const leaked = leaksIn(`${row.text} ${row.url}`, viewer === 'removed' ? [] : neverVisible);
        if (leaked.length > 0) failures.push(`${viewer} notification: ${leaked.join(', ')}`);
      }
      for (const row of emails) {
        const leaked = leaksIn(`${row.subject} ${row.body_text} ${row.body_html ?? ''}`, forbidden);
        if (leaked.length > 0) failures.push(`${viewer} email "${row.subject}": ${leaked.join(', ')}`);
      }
    }
    assert.deepEqual(failures, []);
    // The outsider and the pending requester were mentioned in every group: only the open
    // group's mentions may have reached them.
    for (const viewer of ['outsider', 'pending'] as const) {
      const rows = await t.db.selectFrom('notifications').select('text').where('user_id', '=', world.people[viewer].id!).execute();
      assert.ok(rows.length > 0, `${viewer} was told of the open group's mentions`);
    }
    const lateForRemoved = await t.db
      .selectFrom('notifications')
      .select('text')
      .where('user_id', '=', world.people.removed.id!)
      .where('kind', '=', 'mention')
      .execute();
    assert.ok(
      lateForRemoved.every((row) => !/mk(closed|secret|opensub|closedsub)late/i.test(row.text)),
      'the removed member is not told of later posts in groups they left',
    );
  });
});

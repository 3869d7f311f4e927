/**
 * The world the privacy matrix looks at: groups of every visibility (with sub-groups), content of
 * every kind in each, and one person for every standing a viewer can have towards them. Built
 * through the hub's own forms, so notifications, matches and emails happen as they would for real.
 *
 * Every piece of content carries a marker, `mk<group><kind>` (e.g. `mkclosedpost`), and the word
 * "quinoa", so one search finds everything and a marker found in a response names what leaked.
 */
import { jobsDone } from '../test/eventually.ts';
import assert from 'node:assert/strict';
import { TestClient, type TestResponse } from '../test/http.ts';
import { setUpHub, type TestHub } from '../test/hub.ts';
import { createAccount } from '../areas/accounts/accounts.commands.ts';
import { localInputs } from '../areas/events/events.time.ts';
import { captionsFor, photoWithExif, tinyWebm } from '../areas/stories/stories.fixtures.ts';
import { roundFields, setPhase } from '../areas/awards/awards.fixtures.ts';

export const searchWord = 'quinoa';
export const sharedTag = 'quinoatag';
const password = 'a long enough password';

/** open; closed; secret; opensub = closed sub-group of the open group; closedsub = secret sub-group of the closed group. */
export const groupKeys = ['open', 'closed', 'secret', 'opensub', 'closedsub'] as const;
export type GroupKey = (typeof groupKeys)[number];
const visibilityOf: Record<GroupKey, 'open' | 'closed' | 'secret'> = {
  open: 'open',
  closed: 'closed',
  secret: 'secret',
  opensub: 'closed',
  closedsub: 'secret',
};
const parentOf: Partial<Record<GroupKey, GroupKey>> = { opensub: 'open', closedsub: 'closed' };

/**
 * Kinds of content a group holds. `name` is the group's name and purpose; `flag` a report's
 * reason; `page` and `file` a page of its wiki and a file on it; `message` a facilitator's email
 * to its members; `event` an event of the group (and a post on it); `eventlink` that event's
 * joining link; `session` a session proposed for that event, its room, an outcome and its notes.
 */
export const contentKinds = ['name', 'about', 'post', 'reply', 'pitch', 'pitchreply', 'signal', 'flag', 'late', 'page', 'file', 'message', 'event', 'eventlink', 'session'] as const;
export type ContentKind = (typeof contentKinds)[number];

export function marker(group: GroupKey, kind: ContentKind): string {
  return `mk${group}${kind}`;
}

/** A public pitch hidden by a moderator: for its author (`member`) and administrators only. */
export const hiddenPitchMarker = 'mkhiddenpitch';

/**
 * Stories are hub-wide, never in groups. A story not yet published is for its reporter
 * (`member`), the member in it (`submember`) and administrators; a nomination (with the
 * nominator's email) for administrators only, the hub's story facilitators.
 */
export const unpublishedStoryMarker = 'mkunpublishedstory' as const;
export const nominationMarker = 'mknomination' as const;
/**
 * A published story a moderator has hidden, and its replication recipe (a hub-wide knowledge
 * page), which goes with it: for its reporter (`member`), the member in it (`submember`) and
 * administrators, as a story not yet published is.
 */
export const hiddenStoryMarker = 'mkhiddenstory' as const;
export type StoryMarker = typeof unpublishedStoryMarker | typeof nominationMarker | typeof hiddenStoryMarker;

export function mayKnowStory(viewer: ViewerKey, marker: StoryMarker): boolean {
  if (marker === nominationMarker) return viewer === 'admin';
  return viewer === 'member' || viewer === 'submember' || viewer === 'admin';
}

export const viewerKeys = ['anonymous', 'outsider', 'pending', 'removed', 'member', 'submember', 'facilitator', 'admin'] as const;
export type ViewerKey = (typeof viewerKeys)[number];

/**
 * Whose content each viewer may see: the expectation, written out rather than computed from the
 * hub's own rule. `member` belongs to closed, secret and opensub; `submember` to closed and its
 * secret sub-group; `pending` asked to join closed and opensub; `removed` was in all four and was
 * removed from each.
 */
const seesContentOf: Record<ViewerKey, readonly GroupKey[]> = {
  anonymous: ['open'],
  outsider: ['open'],
  pending: ['open'],
  removed: ['open'],
  member: ['open', 'closed', 'secret', 'opensub'],
  submember: ['open', 'closed', 'closedsub'],
  facilitator: groupKeys,
  admin: groupKeys,
};

/** Whether this viewer may come across this marker anywhere. */
export function mayKnow(viewer: ViewerKey, group: GroupKey, kind: ContentKind): boolean {
  const seesContent = seesContentOf[viewer].includes(group);
  // Open and closed groups show their name and purpose to everyone; secret ones only to members.
  if (kind === 'name') return visibilityOf[group] !== 'secret' || seesContent;
  // A report's reason: the reporter, the group's facilitators and administrators.
  if (kind === 'flag') return seesContent && ['facilitator', 'admin', reporterOf(group)].includes(viewer);
  // An event's joining link: those going (the group's writer), its host (the facilitator) and administrators.
  if (kind === 'eventlink') return seesContent && ['facilitator', 'admin', writerOf(group)].includes(viewer);
  return seesContent;
}

function reporterOf(group: GroupKey): ViewerKey {
  return group === 'closedsub' ? 'submember' : group === 'open' ? 'outsider' : 'member';
}

/** The member who writes in a group besides its facilitator. */
export function writerOf(group: GroupKey): ViewerKey {
  return group === 'closedsub' ? 'submember' : group === 'open' ? 'outsider' : 'member';
}

export interface Person {
  key: ViewerKey;
  id: number | null;
  handle: string;
  email: string;
  client: TestClient;
}

export interface World {
  people: Record<ViewerKey, Person>;
  groups: Record<GroupKey, { id: number; slug: string }>;
  pitches: Record<GroupKey, { id: number; slug: string }>;
  events: Record<GroupKey, { id: number; slug: string }>;
  /** The session proposed for each group's event, and the room of its schedule. */
  sessions: Record<GroupKey, { id: number; roomId: number }>;
  /** When every event starts, and the month it is in ('YYYY-MM'), for the calendar and reminders. */
  eventStart: Date;
  eventMonth: string;
  publicPitch: { id: number; slug: string };
  hiddenPitch: { id: number; slug: string };
  /** Each group's wiki page and the id of the file on it. */
  pages: Record<GroupKey, { id: number; slug: string; attachmentId: number }>;
  attachmentIds: number[];
  postIds: number[];
  signalIds: number[];
  flagIds: number[];
  knowledgeSlug: string;
  revisionIds: number[];
  organisationSlug: string;
  /** The last email id before the removed member was removed: later ones must not carry their old groups' content. */
  emailIdAtRemoval: number;
  /** The last notification id then, for the same reason. */
  notificationIdAtRemoval: number;
  /**
   * A published story (with a recipe, interest and a trial, and every group's pitch adapted from
   * it), one not yet published, with their photos, and one hidden by a moderator with its recipe.
   */
  stories: { published: { id: number; slug: string }; draft: { id: number; slug: string }; hidden: { id: number; slug: string }; hiddenRecipeSlug: string };
  storyPhotoIds: number[];
  /** Nominations: one waiting for review, one accepted (the draft) and one accepted (the published story). */
  nominationIds: number[];
  /**
   * Two awards rounds: one whose results are out, one in its voting (and panel scoring) window.
   * Every group's pitch was put forward for the first; `nominated` says what the hub answered.
   */
  awards: {
    finished: { slug: string; nominationIds: number[] };
    voting: { slug: string; nominationIds: number[] };
    nominated: Record<GroupKey | 'public' | 'hidden', number>;
  };
}

const settings = { csrfFrom: '/settings' };

async function ok(response: { status: number; body: string }, what: string, status = 303) {
  const problem = /There is a problem[\s\S]{0,600}/.exec(response.body)?.[0].replace(/<[^>]+>/g, ' ') ?? response.body.slice(0, 400);
  assert.equal(response.status, status, `${what} answered ${response.status}: ${problem}`);
}

export async function buildWorld(t: TestHub): Promise<World> {
  const admin = await setUpHub(t.app);
  const people = {} as Record<ViewerKey, Person>;
  const adminRow = await t.db.selectFrom('users').select(['id', 'handle', 'email']).where('role', '=', 'admin').executeTakeFirstOrThrow();
  people.admin = { key: 'admin', id: adminRow.id, handle: adminRow.handle, email: adminRow.email, client: admin };
  people.anonymous = { key: 'anonymous', id: null, handle: '', email: '', client: new TestClient(t.app) };
  for (const key of ['outsider', 'pending', 'removed', 'member', 'submember', 'facilitator'] as const) {
    const email = `${key}@example.org`;
    const created = await createAccount(t.db, { name: `Quinoa ${key[0]!.toUpperCase()}${key.slice(1)}`, email, password, verified: true });
    assert.ok(created.ok, `creating ${email}`);
    const client = new TestClient(t.app);
    await client.signIn(email, password);
    people[key] = { key, id: created.userId, handle: created.handle, email, client };
  }
  const { facilitator } = people;

  // Groups, each with its name, purpose and about-text marked.
  const groups = {} as World['groups'];
  for (const key of groupKeys) {
    const parent = parentOf[key];
    const fields = {
      name: `Quinoa ${key} ${marker(key, 'name')}`,
      purpose: `Growing ${searchWord} together ${marker(key, 'name')}`,
      description: `About ${searchWord}: ${marker(key, 'about')}`,
      welcome: `Welcome to the ${searchWord} group ${marker(key, 'about')}`,
      visibility: visibilityOf[key],
      tags: sharedTag,
      place: 'Leeds',
    };
    const path = parent ? `/groups/${groups[parent].slug}/subgroups/new` : '/groups/new';
    const response = await facilitator.client.postForm(path, fields, parent ? { csrfFrom: path } : undefined);
    await ok(response, `creating group ${key}`);
    const slug = response.location!.slice('/groups/'.length);
    const row = await t.db.selectFrom('groups').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
    groups[key] = { id: row.id, slug };
  }

  // Standing: asking and approving for closed groups, invitations for secret ones.
  async function askAndMaybeApprove(group: GroupKey, who: ViewerKey, approve: boolean) {
    await ok(await people[who].client.postForm(`/groups/${groups[group].slug}/join`, {}, settings), `${who} joining ${group}`);
    if (approve) {
      await ok(
        await facilitator.client.postForm(`/groups/${groups[group].slug}/members/${people[who].handle}/approve`, {}, settings),
        `approving ${who} in ${group}`,
      );
    }
  }
  async function invite(group: GroupKey, who: ViewerKey) {
    const path = `/groups/${groups[group].slug}/invite`;
    await ok(await facilitator.client.postForm(path, { email: people[who].email }, { csrfFrom: path }), `inviting ${who} to ${group}`);
    const email = await t.db
      .selectFrom('emails')
      .select('body_text')
      .where('recipient', '=', people[who].email)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const token = /\/invitations\/([A-Za-z0-9_-]+)/.exec(email.body_text)![1]!;
    await ok(await people[who].client.postForm(`/invitations/${token}/accept`, {}, { csrfFrom: `/invitations/${token}` }), `${who} accepting ${group}`);
  }
  for (const who of ['member', 'submember', 'removed'] as const) await askAndMaybeApprove('closed', who, true);
  await askAndMaybeApprove('closed', 'pending', false);
  for (const who of ['member', 'removed'] as const) await askAndMaybeApprove('opensub', who, true);
  await askAndMaybeApprove('opensub', 'pending', false);
  for (const who of ['member', 'removed'] as const) await invite('secret', who);
  for (const who of ['submember', 'removed'] as const) await invite('closedsub', who);

  // Content in every group: a conversation post mentioning outsiders, a reply, a pitch with a
  // reply and a signal, a follow by the member who will be removed, and a report.
  const pitches = {} as World['pitches'];
  const postIds: number[] = [];
  const firstPostOf = {} as Record<GroupKey, number>;
  const flagIds: number[] = [];
  const mentions = `@${people.outsider.handle} @${people.pending.handle}`;
  const latestPostId = async () =>
    (await t.db.selectFrom('posts').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
  for (const key of groupKeys) {
    const group = groups[key];
    const writer = people[writerOf(key)];
    await ok(
      await writer.client.postForm(
        `/conversations/group/${group.id}/posts`,
        { postBody: `A ${searchWord} question ${marker(key, 'post')} ${mentions}` },
        { csrfFrom: `/groups/${group.slug}` },
      ),
      `posting in ${key}`,
    );
    const postId = await latestPostId();
    postIds.push(postId);
    firstPostOf[key] = postId;
    await ok(
      await facilitator.client.postForm(
        `/conversations/group/${group.id}/posts`,
        { postBody: `A ${searchWord} answer ${marker(key, 'reply')} ${mentions}`, parentId: String(postId) },
        { csrfFrom: `/groups/${group.slug}` },
      ),
      `replying in ${key}`,
    );
    postIds.push(await latestPostId());

    const pitchResponse = await facilitator.client.postForm('/pitches/new', {
      kind: 'challenge',
      title: `Quinoa beds ${marker(key, 'pitch')}`,
      summary: `Raised ${searchWord} beds ${marker(key, 'pitch')}`,
      body: `Details for the group: ${marker(key, 'pitch')}`,
      terms: 'free',
      stage: 'idea',
      tags: sharedTag,
      group: String(group.id),
      action: 'publish',
    });
    await ok(pitchResponse, `pitching in ${key}`);
    const slug = pitchResponse.location!.slice('/pitches/'.length);
    const pitchRow = await t.db.selectFrom('pitches').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
    pitches[key] = { id: pitchRow.id, slug };
    await ok(
      await writer.client.postForm(
        `/conversations/pitch/${pitchRow.id}/posts`,
        { postBody: `A ${searchWord} reply ${marker(key, 'pitchreply')} ${mentions}` },
        { csrfFrom: `/pitches/${slug}` },
      ),
      `replying to the pitch in ${key}`,
    );
    postIds.push(await latestPostId());
    await ok(
      await writer.client.postForm(`/pitches/${slug}/signals`, { kind: 'can-help', help_note: `We grow ${searchWord} ${marker(key, 'signal')}` }, { csrfFrom: `/pitches/${slug}` }),
      `signalling in ${key}`,
    );
    if (key !== 'open') {
      await ok(await people.removed.client.postForm(`/pitches/${slug}/signals`, { kind: 'follow' }, { csrfFrom: `/pitches/${slug}` }), `following in ${key}`);
    }
    const reporter = people[reporterOf(key)];
    await ok(
      await reporter.client.postForm(`/posts/${postIds.at(-2)}/flag`, { reason: `Off topic ${marker(key, 'flag')}` }, { csrfFrom: `/posts/${postIds.at(-2)}/flag` }),
      `reporting in ${key}`,
    );
    flagIds.push((await t.db.selectFrom('flags').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id);
  }

  // A page in every group's wiki, changed once, with a file on it.
  const pages = {} as World['pages'];
  for (const key of groupKeys) {
    const wiki = `/groups/${groups[key].slug}/knowledge`;
    // Only members write in a wiki, and the open group's writer elsewhere is an outsider.
    const author = key === 'open' ? facilitator : people[writerOf(key)];
    const created = await author.client.postForm(
      `${wiki}/new`,
      { title: `Quinoa notes ${marker(key, 'page')}`, body: `How we grow ${searchWord}: ${marker(key, 'page')}. See [[Growing quinoa]].` },
      { csrfFrom: `${wiki}/new` },
    );
    await ok(created, `a page in ${key}`);
    const slug = created.location!.slice(`${wiki}/`.length);
    const page = await t.db.selectFrom('knowledge_pages').select(['id', 'version']).where('slug', '=', slug).where('group_id', '=', groups[key].id).executeTakeFirstOrThrow();
    await ok(
      await facilitator.client.postForm(
        `${wiki}/${slug}/edit`,
        { title: `Quinoa notes ${marker(key, 'page')}`, body: `Updated ${searchWord} notes ${marker(key, 'page')}.`, summary: 'Tidied', version: String(page.version) },
        { csrfFrom: `${wiki}/${slug}/edit` },
      ),
      `editing the page in ${key}`,
    );
    await ok(
      await facilitator.client.postMultipart(
        `${wiki}/${slug}/attachments`,
        { description: `Minutes ${marker(key, 'file')}` },
        [{ name: 'attachment', filename: `minutes-${marker(key, 'file')}.txt`, contentType: 'text/plain', data: Buffer.from(`Minutes of the ${searchWord} meeting ${marker(key, 'file')}\n`) }],
        { csrfFrom: `${wiki}/${slug}` },
      ),
      `a file in ${key}`,
    );
    const attachment = await t.db.selectFrom('knowledge_attachments').select('id').where('page_id', '=', page.id).executeTakeFirstOrThrow();
    pages[key] = { id: page.id, slug, attachmentId: attachment.id };
  }

  // An event in every group, hosted by the group, with a joining link; the group's writer is going
  // and posts on it, and the member who will be removed is going too.
  const events = {} as World['events'];
  const sessions = {} as World['sessions'];
  const eventStart = new Date(Date.now() + 20 * 86_400_000);
  const startsAt = localInputs(eventStart, 'Europe/London');
  const endsAt = localInputs(new Date(eventStart.getTime() + 2 * 3600_000), 'Europe/London');
  for (const key of groupKeys) {
    const response = await facilitator.client.postForm('/events/new', {
      title: `Quinoa meetup ${marker(key, 'event')}`,
      kind: 'meetup',
      summary: `Sowing ${searchWord} ${marker(key, 'event')}`,
      description: `What we will do: ${marker(key, 'event')}`,
      startDate: startsAt.date,
      startTime: startsAt.time,
      endDate: endsAt.date,
      endTime: endsAt.time,
      timeZone: 'Europe/London',
      attendance: 'hybrid',
      venue: 'Leeds Central Library',
      onlineUrl: `https://meet.example.org/${marker(key, 'eventlink')}`,
      attendeeList: 'everyone',
      tags: sharedTag,
      host: `group:${groups[key].id}`,
    });
    await ok(response, `adding an event to ${key}`);
    const slug = response.location!.slice('/events/'.length);
    const row = await t.db.selectFrom('events').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
    events[key] = { id: row.id, slug };
    const writer = people[writerOf(key)];
    // Each goes on to the event's page, as a browser would, so its message is read while it is theirs to read.
    for (const goer of key === 'open' ? [writer] : [writer, people.removed]) {
      const going = await goer.client.postForm(`/events/${slug}/attend`, {}, settings);
      await ok(going, `${goer.key} going to the event in ${key}`);
      await goer.client.get(going.location!);
    }
    await ok(
      await writer.client.postForm(
        `/conversations/event/${row.id}/posts`,
        { postBody: `Bring ${searchWord} seeds ${marker(key, 'event')} ${mentions}` },
        { csrfFrom: `/events/${slug}` },
      ),
      `posting on the event in ${key}`,
    );
    postIds.push(await latestPostId());

    // Sessions: the host takes proposals, the writer proposes one and votes for it, the host puts
    // it in a room of the schedule, the writer adds an outcome, and the host starts its notes (a
    // page of the group's wiki) and links the group's pitch to the event as something that came of it.
    const eventPath = `/events/${slug}`;
    // Each redirect is followed, so its message is read while it is the reader's to read.
    const step = async (who: Person, path: string, fields: Record<string, string>, what: string, csrfFrom = path) => {
      const response = await who.client.postForm(path, fields, { csrfFrom });
      await ok(response, what);
      await who.client.get(response.location!);
      return response;
    };
    await step(facilitator, `${eventPath}/sessions/settings`, { enabled: 'yes', proposals: 'open', voteLimit: '' }, `taking proposals in ${key}`);
    const proposed = await step(
      writer,
      `${eventPath}/sessions/new`,
      { title: `Quinoa session ${marker(key, 'session')}`, description: `Threshing ${searchWord} ${marker(key, 'session')}`, leader: `Leader ${marker(key, 'session')}`, format: 'workshop' },
      `proposing a session in ${key}`,
    );
    const sessionId = Number(/\/sessions\/(\d+)$/.exec(proposed.location!)![1]);
    const sessionPath = `${eventPath}/sessions/${sessionId}`;
    for (const voter of key === 'open' ? [writer] : [writer, people.removed]) {
      await step(voter, `${sessionPath}/vote`, { back: 'session' }, `${voter.key} voting in ${key}`, sessionPath);
    }
    const edit = `${eventPath}/schedule/edit`;
    await step(facilitator, `${eventPath}/schedule/rooms`, { roomName: `Room ${marker(key, 'session')}`, roomCapacity: '30' }, `a room in ${key}`, edit);
    // An hour's slot within the event, on one day.
    const hourLater = localInputs(new Date(eventStart.getTime() + 3600_000), 'Europe/London');
    const slot =
      hourLater.date === startsAt.date
        ? { slotDate: startsAt.date, slotStart: startsAt.time, slotEnd: hourLater.time }
        : { slotDate: hourLater.date, slotStart: '00:00', slotEnd: '01:00' };
    await step(facilitator, `${eventPath}/schedule/slots`, { ...slot, slotRepeat: '1' }, `a slot in ${key}`, edit);
    await step(facilitator, `${eventPath}/schedule/fill`, {}, `filling the schedule in ${key}`, edit);
    await step(writer, `${sessionPath}/outcomes`, { outcome: `We will sow ${searchWord} ${marker(key, 'session')}` }, `an outcome in ${key}`, sessionPath);
    await step(facilitator, `${sessionPath}/notes`, {}, `notes in ${key}`, sessionPath);
    await step(facilitator, `${eventPath}/links`, { item: `pitch:${pitches[key].id}` }, `linking the pitch in ${key}`, eventPath);
    const room = await t.db.selectFrom('event_rooms').select('id').where('event_id', '=', row.id).executeTakeFirstOrThrow();
    sessions[key] = { id: sessionId, roomId: room.id };
  }

  // A public pitch, a hub-wide knowledge page and an organisation, so lists are not empty.
  const publicResponse = await people.member.client.postForm('/pitches/new', {
    kind: 'idea',
    title: `Public ${searchWord} swap`,
    summary: 'Seeds for everyone.',
    body: 'Open to all.',
    terms: 'free',
    stage: 'idea',
    tags: sharedTag,
    group: '',
    action: 'publish',
  });
  await ok(publicResponse, 'the public pitch');
  const publicSlug = publicResponse.location!.slice('/pitches/'.length);
  const publicPitch = { slug: publicSlug, id: (await t.db.selectFrom('pitches').select('id').where('slug', '=', publicSlug).executeTakeFirstOrThrow()).id };
  const hiddenResponse = await people.member.client.postForm('/pitches/new', {
    kind: 'idea',
    title: `Quinoa flour mill ${hiddenPitchMarker}`,
    summary: `Milling ${searchWord} ${hiddenPitchMarker}`,
    body: `Details ${hiddenPitchMarker}`,
    terms: 'free',
    stage: 'idea',
    tags: sharedTag,
    group: '',
    action: 'publish',
  });
  await ok(hiddenResponse, 'the pitch to hide');
  const hiddenSlug = hiddenResponse.location!.slice('/pitches/'.length);
  const hiddenPitch = { slug: hiddenSlug, id: (await t.db.selectFrom('pitches').select('id').where('slug', '=', hiddenSlug).executeTakeFirstOrThrow()).id };
  await ok(
    await admin.postForm(`/moderation/content/pitch/${hiddenPitch.id}/hide`, { reason: 'Advertising' }, { csrfFrom: `/moderation/content/pitch/${hiddenPitch.id}` }),
    'hiding the pitch',
  );
  const pageResponse = await people.member.client.postForm('/knowledge/new', { title: 'Growing quinoa', body: `How we grow ${searchWord}.` }, { csrfFrom: '/knowledge/new' });
  await ok(pageResponse, 'the knowledge page');
  const knowledgeSlug = pageResponse.location!.slice('/knowledge/'.length);
  const orgResponse = await people.outsider.client.postForm('/organisations/new', { name: 'Quinoa growers', type: 'charity', description: 'Growers.' }, { csrfFrom: '/organisations/new' });
  await ok(orgResponse, 'the organisation');
  const organisationSlug = orgResponse.location!.slice('/organisations/'.length);

  // The removed member loses every group; what happens afterwards must not reach them.
  for (const key of ['closed', 'secret', 'opensub', 'closedsub'] as const) {
    await ok(await facilitator.client.postForm(`/groups/${groups[key].slug}/members/${people.removed.handle}/remove`, {}, settings), `removing from ${key}`);
  }
  const emailIdAtRemoval = (await t.db.selectFrom('emails').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
  const notificationIdAtRemoval = (await t.db.selectFrom('notifications').select('id').orderBy('id', 'desc').executeTakeFirst())?.id ?? 0;
  // Facilitators write to every member of each group; pin its first post.
  for (const key of groupKeys) {
    const path = `/groups/${groups[key].slug}/message`;
    await ok(
      await facilitator.client.postForm(path, { subject: `News ${marker(key, 'message')}`, body: `Dear members, ${marker(key, 'message')}.` }, { csrfFrom: path }),
      `a message to ${key}`,
    );
    await ok(
      await facilitator.client.postForm(`/groups/${groups[key].slug}/pins`, { subjectType: 'post', subjectId: String(firstPostOf[key]) }, { csrfFrom: `/groups/${groups[key].slug}/activity` }),
      `pinning in ${key}`,
      303,
    );
  }
  for (const key of groupKeys) {
    await ok(
      await people[writerOf(key)].client.postForm(
        `/conversations/pitch/${pitches[key].id}/posts`,
        { postBody: `Later ${searchWord} news ${marker(key, 'late')} @${people.removed.handle}` },
        { csrfFrom: `/pitches/${pitches[key].slug}` },
      ),
      `a later reply in ${key}`,
    );
    postIds.push(await latestPostId());
  }

  // Stories: a nomination left waiting, a published story with a recipe, and a draft with a clip,
  // a photo, an interview and a question, adapted from the published one.
  const anonymous = people.anonymous.client;
  async function nominateAndConfirm(fields: Record<string, string>) {
    await ok(await anonymous.postForm('/stories/nominate', { place: 'Leeds', localAuthority: '', selfNomination: 'no', website: '', ...fields }), `nominating ${fields.people}`);
    const email = await t.db.selectFrom('emails').select('body_text').where('recipient', '=', fields.nominatorEmail!).orderBy('id', 'desc').executeTakeFirstOrThrow();
    const link = /\/stories\/nominations\/confirm\/[A-Za-z0-9_-]+/.exec(email.body_text)![0];
    await ok(await anonymous.get(link), `confirming ${fields.people}`, 200);
    return (await t.db.selectFrom('story_nominations').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
  }
  const waiting = await nominateAndConfirm({
    people: `Quinoa co-op ${nominationMarker}`,
    what: `They grow ${searchWord} ${nominationMarker}`,
    why: `It shines ${nominationMarker}`,
    nominatorName: `Nominator ${nominationMarker}`,
    nominatorEmail: `${nominationMarker}@example.org`,
  });
  const publicNomination = await nominateAndConfirm({ people: 'Quinoa growers of Leeds', what: `A ${searchWord} garden.`, why: 'Anyone can join.', nominatorName: 'Nia', nominatorEmail: 'nia@example.org' });
  const draftNomination = await nominateAndConfirm({
    people: `Quinoa kitchen ${unpublishedStoryMarker}`,
    what: `Cooking ${searchWord} ${unpublishedStoryMarker}`,
    why: `Why it shines ${unpublishedStoryMarker}`,
    nominatorName: 'Nico',
    nominatorEmail: 'nico@example.org',
  });
  async function accept(id: number, title: string, reporter: string) {
    const page = `/stories/review/${id}`;
    const response = await admin.postForm(`${page}/accept`, { title, reporter }, { csrfFrom: page });
    await ok(response, `accepting ${title}`);
    await admin.get(response.location!);
    const slug = response.location!.slice('/stories/'.length);
    return { id: (await t.db.selectFrom('stories').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id, slug };
  }
  const publishedStory = await accept(publicNomination, `Quinoa garden of Leeds`, people.outsider.handle);
  await ok(await admin.postForm(`/stories/${publishedStory.slug}/publish`, {}, { csrfFrom: `/stories/${publishedStory.slug}` }), 'publishing the story');
  const recipeForm = await admin.get(`/stories/${publishedStory.slug}/recipe/new`);
  await ok(recipeForm, 'the recipe form', 200);
  await ok(
    await admin.postForm(`/stories/${publishedStory.slug}/recipe/new`, { title: `Growing ${searchWord} together`, body: `## Context\n\nA ${searchWord} garden.\n`, evidenceLevel: 'anecdote', evidenceNote: '' }),
    'the recipe',
  );
  await ok(
    await people.outsider.client.postForm(`/stories/${publishedStory.slug}/tried`, { organisation: 'Quinoa council', triedIn: '2024-05', outcome: 'worked', note: `We tried ${searchWord}.` }),
    'a trial',
  );
  await ok(await people.pending.client.postForm(`/stories/${publishedStory.slug}/interest`, { kind: 'trying', organisation: 'Pending parish' }, { csrfFrom: `/stories/${publishedStory.slug}` }), 'interest');

  // Lineage: every group's pitch says (on its own form) that it was adapted from the public pitch
  // and the published story, which list it only to those who may see it.
  for (const key of groupKeys) {
    const edit = `/pitches/${pitches[key].slug}/edit`;
    const form = await facilitator.client.get(edit);
    await ok(form, `the form of the pitch in ${key}`, 200);
    await ok(
      await facilitator.client.postForm(edit, {
        kind: 'challenge',
        title: `Quinoa beds ${marker(key, 'pitch')}`,
        summary: `Raised ${searchWord} beds ${marker(key, 'pitch')}`,
        body: `Details for the group: ${marker(key, 'pitch')}`,
        terms: 'free',
        stage: 'idea',
        tags: sharedTag,
        group: String(groups[key].id),
        action: 'save',
        version: /name="version" value="(\d+)"/.exec(form.body)![1]!,
        adaptedFrom: `/pitches/${publicPitch.slug}\n/stories/${publishedStory.slug}`,
      }),
      `saying the pitch in ${key} was adapted`,
    );
  }

  const draftStory = await accept(draftNomination, `Quinoa kitchen ${unpublishedStoryMarker}`, people.member.handle);
  const reporter = people.member.client;
  await ok(
    await reporter.postForm(`/stories/${draftStory.slug}/edit`, {
      title: `Quinoa kitchen ${unpublishedStoryMarker}`,
      summary: `Cooking ${searchWord} together ${unpublishedStoryMarker}`,
      body: `The whole story ${unpublishedStoryMarker}`,
      people: `The kitchen crew ${unpublishedStoryMarker}`,
      storyPeople: people.submember.handle,
      place: 'Leeds',
      tags: sharedTag,
      adaptedFrom: publishedStory.slug,
      adaptedNote: `Adapted ${unpublishedStoryMarker}`,
    }),
    'writing the draft story',
  );
  const media = `/stories/${draftStory.slug}/media`;
  await ok(
    await reporter.postMultipart(
      `/stories/${draftStory.slug}/clip/video`,
      { videoTitle: `Clip ${unpublishedStoryMarker}` },
      [
        { name: 'video', filename: 'clip.webm', contentType: 'video/webm', data: tinyWebm(20) },
        { name: 'captions', filename: 'clip.vtt', contentType: 'text/vtt', data: captionsFor([`Said ${unpublishedStoryMarker}`]) },
      ],
      { csrfFrom: media },
    ),
    'a clip on the draft',
  );
  await ok(
    await reporter.postMultipart(`/stories/${draftStory.slug}/photos`, { alt: `Photo ${unpublishedStoryMarker}`, caption: '' }, [{ name: 'photo', filename: 'p.jpg', contentType: 'image/jpeg', data: await photoWithExif() }], {
      csrfFrom: media,
    }),
    'a photo on the draft',
  );
  await ok(await reporter.postForm(`/stories/${draftStory.slug}/interview`, { question: `Asked ${unpublishedStoryMarker}`, answer: `Answered ${unpublishedStoryMarker}` }, { csrfFrom: media }), 'an interview');
  await ok(
    await reporter.postForm(`/conversations/story/${draftStory.id}/posts`, { postBody: `A ${searchWord} question on the draft ${unpublishedStoryMarker}` }, { csrfFrom: `/stories/${draftStory.slug}` }),
    'a question on the draft',
  );
  postIds.push(await latestPostId());

  // A story published with its recipe, then hidden by a moderator: both go from everyone else.
  const hiddenNomination = await nominateAndConfirm({
    people: `Quinoa mill ${hiddenStoryMarker}`,
    what: `Milling ${searchWord} ${hiddenStoryMarker}`,
    why: `It shone ${hiddenStoryMarker}`,
    nominatorName: 'Hana',
    nominatorEmail: 'hana@example.org',
  });
  const hiddenStory = await accept(hiddenNomination, `Quinoa mill ${hiddenStoryMarker}`, people.member.handle);
  await ok(
    await reporter.postForm(`/stories/${hiddenStory.slug}/edit`, {
      title: `Quinoa mill ${hiddenStoryMarker}`,
      summary: `Milling ${searchWord} together ${hiddenStoryMarker}`,
      body: `The mill ${hiddenStoryMarker}`,
      people: `The millers ${hiddenStoryMarker}`,
      storyPeople: people.submember.handle,
      place: 'Leeds',
      tags: sharedTag,
    }),
    'writing the story to hide',
  );
  await ok(await admin.postForm(`/stories/${hiddenStory.slug}/publish`, {}, { csrfFrom: `/stories/${hiddenStory.slug}` }), 'publishing the story to hide');
  await ok(
    await admin.postForm(
      `/stories/${hiddenStory.slug}/recipe/new`,
      { title: `Milling ${searchWord} ${hiddenStoryMarker}`, body: `## Contacts\n\nAsk the millers ${hiddenStoryMarker}.\n`, evidenceLevel: 'anecdote', evidenceNote: '' },
      { csrfFrom: `/stories/${hiddenStory.slug}/recipe/new` },
    ),
    'the recipe of the story to hide',
  );
  await ok(
    await admin.postForm(`/moderation/content/story/${hiddenStory.id}/hide`, { reason: 'Not agreed' }, { csrfFrom: `/moderation/content/story/${hiddenStory.id}` }),
    'hiding the story',
  );
  const hiddenRecipeSlug = (
    await t.db
      .selectFrom('story_recipes')
      .innerJoin('knowledge_pages', 'knowledge_pages.id', 'story_recipes.page_id')
      .select('knowledge_pages.slug')
      .where('story_recipes.story_id', '=', hiddenStory.id)
      .executeTakeFirstOrThrow()
  ).slug;
  const storyPhotoIds = (await t.db.selectFrom('story_photos').select('id').execute()).map((row) => row.id);
  // Awards: every group's pitch (and the hidden one) is put forward in a round, by the facilitator
  // who may see them all; only what everyone may see can be nominated.
  const awards = await buildAwards(t, admin, people, pitches, publicPitch, hiddenPitch);
  // Who hears of a new pitch is worked out in the background: wait, so their notifications are read too.
  await jobsDone(t.db, 'pitch-published');

  const signalIds = (await t.db.selectFrom('signals').select('id').execute()).map((row) => row.id);
  const revisionIds = (await t.db.selectFrom('knowledge_revisions').select('id').execute()).map((row) => row.id);
  const attachmentIds = (await t.db.selectFrom('knowledge_attachments').select('id').execute()).map((row) => row.id);
  return {
    people,
    groups,
    pitches,
    events,
    sessions,
    eventStart,
    eventMonth: startsAt.date.slice(0, 7),
    publicPitch,
    hiddenPitch,
    pages,
    attachmentIds,
    postIds,
    signalIds,
    flagIds,
    knowledgeSlug,
    revisionIds,
    organisationSlug,
    emailIdAtRemoval,
    notificationIdAtRemoval,
    stories: { published: publishedStory, draft: draftStory, hidden: hiddenStory, hiddenRecipeSlug },
    storyPhotoIds,
    nominationIds: [waiting, publicNomination, draftNomination, hiddenNomination],
    awards,
  };
}

async function buildAwards(
  t: TestHub,
  admin: TestClient,
  people: Record<ViewerKey, Person>,
  pitches: World['pitches'],
  publicPitch: { slug: string },
  hiddenPitch: { slug: string },
): Promise<World['awards']> {
  const panel = [people.member.handle, people.facilitator.handle];
  async function open(name: string) {
    const response = await admin.postForm('/awards/new', roundFields({ name, panel }));
    await followed(admin, response, `opening the awards round ${name}`);
    const slug = response.location!.slice('/awards/'.length);
    const round = await t.db.selectFrom('award_rounds').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
    const category = await t.db.selectFrom('award_categories').select('id').where('round_id', '=', round.id).orderBy('position').executeTakeFirstOrThrow();
    await setPhase(t.db, round.id, 'nominating');
    return { slug, id: round.id, category: category.id };
  }
  // Each success is followed to the page it leads to, as a browser would, so its message is read.
  const followed = async (client: TestClient, response: TestResponse, what: string) => {
    await ok(response, what);
    await client.get(response.location!);
  };
  const nominate = async (slug: string, category: number, pitchSlug: string) => {
    const response = await people.facilitator.client.postForm(`/awards/${slug}/nominate`, { category: String(category), address: `/pitches/${pitchSlug}`, reason: `Good ${searchWord} work.` });
    if (response.status === 303) await people.facilitator.client.get(response.location!);
    return response;
  };
  const nominationIds = async (roundId: number) =>
    (await t.db.selectFrom('award_nominations').select('id').where('round_id', '=', roundId).orderBy('id').execute()).map((row) => row.id);

  const finished = await open(`Quinoa awards ${new Date().getUTCFullYear()}`);
  const nominated = {} as World['awards']['nominated'];
  for (const key of groupKeys) nominated[key] = (await nominate(finished.slug, finished.category, pitches[key].slug)).status;
  nominated.public = (await nominate(finished.slug, finished.category, publicPitch.slug)).status;
  nominated.hidden = (await nominate(finished.slug, finished.category, hiddenPitch.slug)).status;
  const finishedIds = await nominationIds(finished.id);

  const voting = await open('Quinoa awards in progress');
  for (const pitchSlug of [pitches.open.slug, publicPitch.slug]) await ok(await nominate(voting.slug, voting.category, pitchSlug), 'nominating in the second round');
  const votingIds = await nominationIds(voting.id);

  // Votes and the panel's scores in both rounds; then the first round's results come out.
  for (const round of [finished, voting]) await setPhase(t.db, round.id, 'voting');
  const criteria = await t.db.selectFrom('award_criteria').select(['id', 'round_id']).execute();
  for (const [round, ids] of [
    [finished, finishedIds],
    [voting, votingIds],
  ] as const) {
    for (const [index, voter] of (['outsider', 'member', 'submember'] as const).entries()) {
      const nomination = ids[index % ids.length]!;
      const client = people[voter].client;
      await followed(client, await client.postForm(`/awards/${round.slug}/vote`, { category: String(round.category), [`nominee-${round.category}`]: String(nomination) }), `${voter} voting`);
    }
    for (const nomination of ids) {
      const page = `/awards/${round.slug}/panel/${nomination}`;
      const declared = await people.member.client.postForm(`${page}/declare`, { conflict: 'none' }, { csrfFrom: page });
      // The member wrote the public pitch: a conflict the hub finds, so they are refused.
      if (declared.status === 403) continue;
      await followed(people.member.client, declared, 'declaring no conflict');
      const scores = Object.fromEntries(criteria.filter((c) => c.round_id === round.id).map((c, i) => [`criterion-${c.id}`, String(5 + i)]));
      await followed(people.member.client, await people.member.client.postForm(`${page}/scores`, scores, { csrfFrom: page }), 'scoring');
    }
  }
  await setPhase(t.db, finished.id, 'results');
  return { finished: { slug: finished.slug, nominationIds: finishedIds }, voting: { slug: voting.slug, nominationIds: votingIds }, nominated };
}

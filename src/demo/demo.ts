import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Config } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { localAuthorities } from '../data/uk-local-authorities.ts';
import { demoMembers, demoOrganisations } from '../data/demo-content.ts';
import { createAccount, normaliseEmail, setUpHub } from '../areas/accounts/accounts.commands.ts';
import { saveProfile } from '../areas/profiles/profiles.commands.ts';
import type { ProfileInput } from '../areas/profiles/profiles.forms.ts';
import { profileFields, type ProfileField } from '../areas/profiles/profiles.model.ts';
import { createOrganisation } from '../areas/organisations/organisations.commands.ts';
import type { FieldVisibility } from '../db/schema.ts';
import { Progress } from '../cli/progress.ts';
import { assertEmbeddedDatabaseFree } from '../db/lock.ts';
import { demoPitches, currentStage } from '../data/demo-pitches.ts';
import { addTeamMember, createPitch, recordReplyOnPitch } from '../areas/exchange/pitches.commands.ts';
import { addSignal } from '../areas/exchange/signals.commands.ts';
import { createPost, followConversation } from '../areas/conversations/conversations.commands.ts';
import { demoGroups } from '../data/demo-groups.ts';
import { acceptInvitation, createGroup, decideRequest, hashToken, joinGroup } from '../areas/groups/groups.commands.ts';
import { createPage } from '../areas/knowledge/knowledge.commands.ts';
import { demoConference } from '../data/demo-conference.ts';
import { attendEvent, createEvent } from '../areas/events/events.commands.ts';
import { parseLocal, zonedToUtc, localDay } from '../areas/events/events.time.ts';
import { addOutcome, addRoom, addSlots, fillScheduleFromVotes, linkNotes, proposeSession, voteForSession } from '../areas/events/sessions.commands.ts';
import { addDemoStories } from './demo-stories.ts';
import { demoAwardRound } from '../data/demo-awards.ts';
import { castVote, createRound, declare, nominate, saveScores } from '../areas/awards/awards.commands.ts';
import { dayOf, endOfDay, startOfDay } from '../areas/awards/awards.dates.ts';
import { pitchSubject } from '../areas/exchange/pitch.subject.ts';
import { SubjectRegistry } from '../web/subjects.ts';

const authorityCode = new Map(localAuthorities.map((authority) => [authority.name, authority.code]));

export function demoEmail(name: string) {
  const local = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '.')
    .replace(/^\.|\.$/g, '');
  return `${local}@demo.example.org`;
}

export interface DemoResult {
  members: number;
  organisations: number;
  pitches: number;
  groups: number;
  events: number;
  stories: number;
  awardRounds: number;
  password: string;
  admin?: { email: string; password: string };
}

/**
 * Adds the demo members and organisations to a hub. Running it again adds nothing twice: members
 * are recognised by their email and organisations by their name.
 */
export async function fillWithDemo(db: Database, uploadsDir: string, options: { quiet?: boolean } = {}): Promise<DemoResult> {
  const password = `demo-${crypto.randomBytes(6).toString('hex')}`;
  const result: DemoResult = { members: 0, organisations: 0, pitches: 0, groups: 0, events: 0, stories: 0, awardRounds: 0, password };

  const hub = await db.selectFrom('hub_settings').select('name').executeTakeFirst();
  if (!hub) {
    const admin = { email: 'admin@demo.example.org', password: `admin-${crypto.randomBytes(8).toString('hex')}` };
    await setUpHub(db, { hubName: 'Seedbed demo hub', name: 'Demo Administrator', ...admin });
    result.admin = admin;
  }

  const quiet = options.quiet ?? false;
  const membersBar = quiet ? undefined : new Progress('Demo members', demoMembers.length);
  const userIds = new Map<string, number>();
  for (const member of demoMembers) {
    const email = demoEmail(member.name);
    const existing = await db.selectFrom('users').select('id').where(sql`lower(email)`, '=', normaliseEmail(email)).executeTakeFirst();
    let userId = existing?.id;
    if (userId === undefined) {
      const created = await createAccount(db, { name: member.name, email, password, verified: true });
      if (!created.ok) continue;
      userId = created.userId;
      result.members++;
      // Most demo members show most things to everyone, so a visitor sees a living directory;
      // a few keep their needs to members, as real members would.
      const visibility = Object.fromEntries(
        profileFields.map((field): [ProfileField, FieldVisibility] => [field, field === 'needs' && result.members % 3 === 0 ? 'members' : 'everyone']),
      ) as Record<ProfileField, FieldVisibility>;
      const input: ProfileInput = {
        name: member.name,
        bio: member.bio,
        sector: member.sector,
        roles: [...member.roles],
        place: member.place,
        localAuthority: member.localAuthorityName ? (authorityCode.get(member.localAuthorityName) ?? null) : null,
        interests: [...member.interests],
        skills: member.skills,
        needs: member.needs,
        links: [],
        visibility,
        removePhoto: false,
      };
      await saveProfile(db, uploadsDir, userId, input, { kind: 'keep' });
    }
    userIds.set(member.name, userId);
    membersBar?.tick();
  }
  membersBar?.finish();

  const organisationsBar = quiet ? undefined : new Progress('Demo organisations', demoOrganisations.length);
  for (const organisation of demoOrganisations) {
    const founder = demoMembers.find((m) => m.organisation === organisation.name && m.organisationRole === 'admin') ?? demoMembers.find((m) => m.organisation === organisation.name);
    const founderId = founder ? userIds.get(founder.name) : undefined;
    const existing = await db.selectFrom('organisations').select('id').where('name', '=', organisation.name).executeTakeFirst();
    if (!existing && founderId !== undefined) {
      const created = await createOrganisation(db, founderId, {
        name: organisation.name,
        type: organisation.kind,
        size: organisation.size,
        place: organisation.place,
        localAuthority: organisation.localAuthorityName ? (authorityCode.get(organisation.localAuthorityName) ?? null) : null,
        website: organisation.website,
        description: organisation.description,
        tags: [...organisation.tags],
      });
      result.organisations++;
      const others = demoMembers.filter((m) => m.organisation === organisation.name && m !== founder);
      for (const member of others) {
        const userId = userIds.get(member.name);
        if (userId === undefined) continue;
        await db
          .insertInto('organisation_members')
          .values({ organisation_id: created.id, user_id: userId, role: member.organisationRole, status: 'active', decided_at: new Date() })
          .onConflict((c) => c.columns(['organisation_id', 'user_id']).doNothing())
          .execute();
      }
    }
    organisationsBar?.tick();
  }
  organisationsBar?.finish();

  const pitchesBar = quiet ? undefined : new Progress('Demo pitches', demoPitches.length);
  const organisationIds = new Map(
    (await db.selectFrom('organisations').select(['id', 'name', 'slug']).execute()).map((o) => [o.name, o]),
  );
  const handles = new Map((await db.selectFrom('users').select(['id', 'handle']).execute()).map((u) => [u.id, u.handle]));
  for (const [index, pitch] of demoPitches.entries()) {
    const authorId = userIds.get(pitch.author);
    const exists = await db.selectFrom('pitches').select('id').where('title', '=', pitch.title).executeTakeFirst();
    if (authorId === undefined || exists) {
      pitchesBar?.tick();
      continue;
    }
    const created = await createPitch(
      db,
      authorId,
      {
        kind: pitch.kind,
        title: pitch.title,
        summary: pitch.summary,
        body: pitch.body,
        terms: pitch.terms,
        priceMin: pitch.priceMin,
        priceMax: pitch.priceMax,
        budget: pitch.budget,
        deadline: pitch.deadlineInDays === null ? null : new Date(Date.now() + pitch.deadlineInDays * 86_400_000).toISOString().slice(0, 10),
        stage: currentStage(pitch),
        tags: [...pitch.tags],
        place: pitch.place,
        localAuthority: pitch.localAuthorityName ? (authorityCode.get(pitch.localAuthorityName) ?? null) : null,
        online: pitch.online,
        // A pitch can name only organisations its author belongs to.
        organisationIds: pitch.organisations.flatMap((name) => {
          const found = organisationIds.get(name);
          return found && demoMembers.some((m) => m.name === pitch.author && m.organisation === name) ? [found.id] : [];
        }),
        links: pitch.links.map((link) => ({ ...link })),
      },
      pitch.status === 'published',
    );
    if (!created.ok) {
      pitchesBar?.tick();
      continue;
    }
    result.pitches++;
    await followConversation(db, { type: 'pitch', id: created.id }, authorId);
    // The history is dated as if the pitch had grown over the past months.
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
    const first = pitch.history[0]!;
    await db.deleteFrom('pitch_stage_changes').where('pitch_id', '=', created.id).execute();
    await db
      .insertInto('pitch_stage_changes')
      .values(pitch.history.map((step) => ({ pitch_id: created.id, stage: step.stage, note: step.note, changed_by: authorId, changed_at: daysAgo(step.daysAgo) })))
      .execute();
    await db
      .updateTable('pitches')
      .set({
        created_at: daysAgo(first.daysAgo),
        published_at: pitch.status === 'published' ? daysAgo(first.daysAgo) : null,
        last_activity_at: daysAgo(pitch.history[pitch.history.length - 1]!.daysAgo),
      })
      .where('id', '=', created.id)
      .execute();
    for (const teammate of pitch.team) {
      const teammateId = userIds.get(teammate.member);
      const handle = teammateId === undefined ? undefined : handles.get(teammateId);
      if (handle) await addTeamMember(db, created.id, handle, teammate.role);
    }
    if (pitch.status === 'published') await addDemoLife(db, created.id, authorId, pitch.tags, index, userIds);
    pitchesBar?.tick();
  }
  pitchesBar?.finish();
  result.groups = await addDemoGroups(db, userIds, quiet);
  result.events = await addDemoConference(db, userIds);
  result.stories = await addDemoStories(db, uploadsDir, userIds, quiet);
  result.awardRounds = await addDemoAwards(db, userIds);
  return result;
}

/**
 * An open conference a few weeks ahead: twenty members going, twelve sessions proposed and voted
 * for, rooms and time slots, and the schedule filled from the votes, with notes and outcomes for
 * the most voted session. Left alone if an event of that name exists.
 */
async function addDemoConference(db: Database, userIds: Map<string, number>): Promise<number> {
  const conference = demoConference;
  if (await db.selectFrom('events').select('id').where('title', '=', conference.title).executeTakeFirst()) return 0;
  const idOf = (position: number) => userIds.get(demoMembers[position]?.name ?? '');
  const hostId = idOf(conference.host);
  if (hostId === undefined) return 0;
  const zone = 'Europe/London';
  const day = localDay(new Date(Date.now() + conference.inDays * 86_400_000), zone);
  const at = (time: string) => {
    const result = zonedToUtc(parseLocal(day, time)!, zone);
    if (!result.ok) throw new Error(`The demo conference's time ${day} ${time} does not exist in ${zone}.`);
    return result.instant;
  };
  const host = await db.selectFrom('users').select(['id', 'handle', 'display_name']).where('id', '=', hostId).executeTakeFirstOrThrow();
  const created = await createEvent(
    db,
    { id: host.id, handle: host.handle, displayName: host.display_name, role: 'member', emailVerified: true },
    {
      title: conference.title,
      kind: 'open-conference',
      summary: conference.summary,
      description: conference.description,
      startsAt: at('10:00'),
      endsAt: at('16:30'),
      timeZone: zone,
      attendance: 'in-person',
      onlineUrl: '',
      venue: conference.venue,
      address: conference.address,
      access: conference.access,
      place: conference.place,
      localAuthority: authorityCode.get(conference.localAuthorityName) ?? null,
      capacity: 120,
      attendeeList: 'everyone',
      tags: [...conference.tags],
      host: 'member',
    },
  );
  if (!created.ok) return 0;
  const eventId = created.id;
  const attendees = conference.attendees.map(idOf).filter((id): id is number => id !== undefined);
  for (const userId of attendees) await attendEvent(db, eventId, userId);
  const sessionIds: number[] = [];
  for (const session of conference.sessions) {
    const by = attendees[session.by];
    if (by === undefined) continue;
    const name = demoMembers[conference.attendees[session.by]!]!.name;
    const proposed = await proposeSession(db, eventId, by, { title: session.title, description: session.description, leader: session.leader ?? name, format: session.format });
    if (!proposed.ok) continue;
    sessionIds.push(proposed.id);
    for (const voter of attendees.slice(0, session.votes)) await voteForSession(db, eventId, proposed.id, voter);
  }
  for (const room of conference.rooms) await addRoom(db, eventId, room);
  await addSlots(
    db,
    eventId,
    conference.slots.map(([start, end]) => ({ startsAt: at(start), endsAt: at(end) })),
  );
  await fillScheduleFromVotes(db, eventId);

  // The most voted session has its notes started and its first outcomes written down.
  const top = sessionIds[0];
  const first = conference.sessions[0]!;
  const noter = attendees[first.by];
  if (top !== undefined && noter !== undefined) {
    const page = await createPage(db, noter, null, {
      title: `Notes: ${first.title} (${conference.title})`,
      body: `Notes of the session “${first.title}”.\n\n## Discussion\n\nMost councils already hold the figures by ward; the work is in checking small numbers before publishing and in keeping boundaries current.\n\n## Actions\n\n* Draft a shared list of the ten most asked-for figures.\n* Meet again online in six weeks.\n`,
      summary: 'Notes started from the event',
      template: 'meeting-notes',
    });
    if (page.ok) await linkNotes(db, eventId, top, page.id, noter);
    for (const outcome of conference.outcomes) await addOutcome(db, eventId, top, noter, outcome);
  }
  return 1;
}

/**
 * A finished awards round: nominations, members' votes, the panel's declarations and scores, and
 * results out. It is played through the awards area's own commands at the moments its dates say,
 * so every rule (public nominees only, one vote per category, no scores with a conflict) holds.
 * A round of the same name already there is left alone.
 */
async function addDemoAwards(db: Database, userIds: Map<string, number>): Promise<number> {
  const round = demoAwardRound;
  if (await db.selectFrom('award_rounds').select('id').where('name', '=', round.name).executeTakeFirst()) return 0;
  const admin = await db.selectFrom('users').select('id').where('role', '=', 'admin').orderBy('id').executeTakeFirst();
  const panelIds = round.panel.map((name) => userIds.get(name));
  if (!admin || panelIds.some((id) => id === undefined)) return 0;
  const subjects = new SubjectRegistry();
  subjects.register(pitchSubject);

  const today = dayOf(new Date());
  const day = (ago: number) => {
    const [year, month, date] = today.split('-').map(Number);
    return new Date(Date.UTC(year!, month! - 1, date! - ago)).toISOString().slice(0, 10);
  };
  const [nominationsOpen, nominationsClose, votingOpen, votingClose, scoringClose, results] = round.daysAgo.map(day) as [string, string, string, string, string, string];
  const created = await createRound(
    db,
    admin.id,
    {
      name: round.name,
      description: round.description,
      panel: [],
      dates: {
        nominationsOpenAt: startOfDay(nominationsOpen),
        nominationsCloseAt: endOfDay(nominationsClose),
        votingOpenAt: startOfDay(votingOpen),
        votingCloseAt: endOfDay(votingClose),
        scoringCloseAt: endOfDay(scoringClose),
        resultsAt: startOfDay(results),
      },
      method: { voteWeight: round.voteWeight, categories: [...round.categories], criteria: [...round.criteria] },
    },
    panelIds as number[],
  );
  if (!created.ok) return 0;
  const categoryIds = (await db.selectFrom('award_categories').select('id').where('round_id', '=', created.id).orderBy('position').execute()).map((row) => row.id);
  const criterionIds = (await db.selectFrom('award_criteria').select('id').where('round_id', '=', created.id).orderBy('position').execute()).map((row) => row.id);
  const during = (ago: number) => new Date(startOfDay(day(ago)).getTime() + 12 * 3600_000);

  const voters = [...userIds.values()];
  const votersUsed = categoryIds.map(() => 0);
  for (const nominee of round.nominees) {
    const pitch = await db.selectFrom('pitches').select('id').where('title', '=', nominee.pitch).executeTakeFirst();
    const categoryId = categoryIds[nominee.category];
    if (!pitch || categoryId === undefined) continue;
    let nominationId: number | null = null;
    for (const reason of nominee.reasons) {
      const userId = userIds.get(reason.by);
      if (userId === undefined) continue;
      const made = await nominate(db, subjects, { roundId: created.id, categoryId, subjectType: 'pitch', subjectId: pitch.id, userId, reason: reason.reason }, during(round.daysAgo[0] - 5));
      if (made.ok) nominationId = made.nominationId;
    }
    if (nominationId === null) continue;
    for (let i = 0; i < nominee.votes; i++) {
      const voter = voters[votersUsed[nominee.category]!++];
      if (voter !== undefined) await castVote(db, subjects, created.id, categoryId, nominationId, voter, during(round.daysAgo[2] - 3));
    }
    for (const [index, panellistId] of (panelIds as number[]).entries()) {
      const conflict = round.declared.find((d) => d.pitch === nominee.pitch && userIds.get(d.panellist) === panellistId);
      const declared = await declare(db, subjects, created.id, nominationId, panellistId, { conflict: conflict !== undefined, note: conflict?.note ?? '' }, during(round.daysAgo[1] - 2));
      const scores = nominee.scores[index];
      // A conflict the hub finds (the panellist is on the pitch's team) refuses the declaration.
      if (!declared.ok || conflict || !scores) continue;
      await saveScores(db, subjects, created.id, nominationId, panellistId, new Map(criterionIds.map((id, i) => [id, scores[i] ?? 0])), during(round.daysAgo[1] - 3));
    }
  }
  return 1;
}

/**
 * Groups with members, conversations and wiki pages. A group whose name is already taken is left
 * alone, so running the demo again adds nothing twice. Members join the way people do: at once for
 * open groups, approved for closed ones, by invitation for secret ones.
 */
async function addDemoGroups(db: Database, userIds: Map<string, number>, quiet: boolean): Promise<number> {
  const bar = quiet ? undefined : new Progress('Demo groups', demoGroups.length);
  const idOf = (position: number) => userIds.get(demoMembers[position]?.name ?? '');
  const groupIds = new Map<string, number>();
  let added = 0;
  for (const group of demoGroups) {
    const existing = await db.selectFrom('groups').select('id').where('name', '=', group.name).executeTakeFirst();
    if (existing) {
      groupIds.set(group.key, existing.id);
      bar?.tick();
      continue;
    }
    const facilitatorId = idOf(group.members[0]!);
    const parentId = group.parent ? (groupIds.get(group.parent) ?? null) : null;
    if (facilitatorId === undefined || (group.parent && parentId === null)) {
      bar?.tick();
      continue;
    }
    const created = await createGroup(
      db,
      facilitatorId,
      {
        name: group.name,
        purpose: group.purpose,
        description: group.description,
        welcome: group.welcome,
        visibility: group.visibility,
        tags: [...group.tags],
        place: group.place,
        localAuthority: null,
      },
      parentId,
    );
    if (!created.ok) {
      bar?.tick();
      continue;
    }
    added++;
    groupIds.set(group.key, created.id);
    const memberIds = group.members.map(idOf);
    for (const userId of memberIds.slice(1)) {
      if (userId === undefined) continue;
      if (group.visibility === 'secret') {
        const token = crypto.randomBytes(32).toString('base64url');
        await db
          .insertInto('group_invitations')
          .values({ group_id: created.id, email: 'demo@demo.example.org', token_hash: hashToken(token), invited_by: facilitatorId, expires_at: new Date(Date.now() + 86_400_000) })
          .execute();
        await acceptInvitation(db, hashToken(token), userId);
      } else {
        await joinGroup(db, created.id, userId);
        if (group.visibility === 'closed') await decideRequest(db, created.id, userId, true);
      }
    }
    let previous: number | null = null;
    for (const post of group.posts) {
      const authorId = memberIds[post.by];
      if (authorId === undefined) continue;
      const made = await createPost(db, {
        subject: { type: 'group', id: created.id },
        authorId,
        body: post.body,
        parentId: post.reply ? previous : null,
        quoteOf: null,
        follow: false,
      });
      if (made.ok) previous = made.postId;
    }
    for (const page of group.pages) {
      const authorId = memberIds[page.by];
      if (authorId !== undefined) await createPage(db, authorId, created.id, { title: page.title, body: page.body, summary: '', template: null });
    }
    bar?.tick();
  }
  bar?.finish();
  return added;
}

const demoReplies = [
  'We tried something close to this in our area last year. Happy to share what worked and, more usefully, what did not.',
  'Could you say a bit more about how residents were involved in shaping this? That is the part our members always ask about.',
  'This is exactly the gap we have been talking about in our network. Who is the best person to speak to about next steps?',
  'Thanks, this is really helpful. We will bring it to our next partnership meeting and come back with questions.',
];

/**
 * Signals and a short conversation from members whose interests fit the pitch, so the demo shows
 * the exchange at work. Chosen by position, not at random, so every run looks the same.
 */
async function addDemoLife(db: Database, pitchId: number, authorId: number, tags: readonly string[], index: number, userIds: Map<string, number>) {
  const fitting = demoMembers.filter((m) => m.interests.some((tag) => tags.includes(tag)));
  const others = fitting.map((m) => userIds.get(m.name)).filter((id): id is number => id !== undefined && id !== authorId);
  const kinds = ['would-use', 'can-help', 'follow', 'would-use'] as const;
  for (const [position, userId] of others.slice(0, 4 + (index % 4)).entries()) {
    const kind = kinds[position % kinds.length]!;
    await addSignal(db, pitchId, userId, {
      kind,
      note: kind === 'can-help' ? 'I have run something similar and can share our evaluation framework.' : '',
      amount: null,
      organisation: null,
    });
  }
  const speakers = others.slice(0, 2 + (index % 3));
  let parentId: number | null = null;
  for (const [position, userId] of speakers.entries()) {
    const created = await createPost(db, {
      subject: { type: 'pitch', id: pitchId },
      authorId: userId,
      body: demoReplies[(index + position) % demoReplies.length]!,
      parentId: position === 1 ? parentId : null,
      quoteOf: null,
    });
    if (created.ok && position === 0) parentId = created.postId;
  }
  await recordReplyOnPitch(db, pitchId);
}

export async function runDemo(config: Config, _args: string[]) {
  if (!config.databaseUrl) assertEmbeddedDatabaseFree(config.dataDir);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    const result = await fillWithDemo(database.db, config.uploadsDir);
    console.log(
      `Added ${result.members} demo members, ${result.organisations} organisations, ${result.pitches} pitches, ${result.groups} groups, ${result.events} events, ${result.stories} stories and ${result.awardRounds} awards rounds.`,
    );
    if (result.members > 0) console.log(`Demo members (e.g. ${demoEmail(demoMembers[0]!.name)}) sign in with the password: ${result.password}`);
    if (result.admin) console.log(`The hub was not set up yet, so it now has an administrator: ${result.admin.email} / ${result.admin.password}`);
  } finally {
    await database.close();
  }
}

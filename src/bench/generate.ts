/**
 * `seedbed generate`: fills an empty hub with a realistic, deterministic population for
 * measurements — members with varied profiles, organisations, groups (open, closed and secret,
 * some nested), pitches, interest signals, conversations, notifications, activity and a knowledge
 * wiki with history — at the size of a real hub (`khub`: the local-government Knowledge Hub).
 *
 * Everything the hub keeps beside the rows (member counts, signal and reply counts, the counts and
 * dates of threads, search vectors) is written the way the hub's own commands write it: counters
 * are recounted in SQL from the rows at the end, and search vectors use the same parts and weights
 * as the commands (the profile parts come from the profiles area itself).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type { Config } from '../config.ts';
import { Progress } from '../cli/progress.ts';
import { localAuthorities } from '../data/uk-local-authorities.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { assertEmbeddedDatabaseFree } from '../db/lock.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { FieldVisibility, PitchKind, PitchStage, SignalKind } from '../db/schema.ts';
import { t } from '../i18n/i18n.ts';
import { hashPassword, normaliseEmail } from '../areas/accounts/accounts.commands.ts';
import { createToken } from '../areas/api/api.commands.ts';
import { linkedSlugs, slugFor } from '../areas/knowledge/knowledge.links.ts';
import { organisationSizes } from '../areas/organisations/organisations.forms.ts';
import { searchParts } from '../areas/profiles/profiles.commands.ts';
import { memberRoles, profileFields, type MemberRole, type ProfileField, type Sector } from '../areas/profiles/profiles.model.ts';
import { markdownToText } from '../web/markdown.ts';
import { slugify } from '../web/slugs.ts';
import { benchAccounts, benchPassword, datasets, isDatasetName, type DatasetName, type DatasetSize } from './datasets.ts';
import { BatchWriter, maxId, resetIdentity, restoreIndexes, setAsideIndexes, textArray, type SetAside } from './load.ts';
import { Random, WeightedPicker, heavyTailedShares, zipfWeights } from './random.ts';
import { Writer, capitalise } from './text.ts';
import {
  documents,
  firstNames,
  groupPatterns,
  jobTitles,
  knowledgeTitlePatterns,
  months,
  organisationWords,
  pitchTitlePatterns,
  regions,
  skillsPhrases,
  surnames,
  tagsByFrequency,
  themes,
  type Theme,
} from './vocabulary.ts';

const day = 86_400_000;
const years = 3;

export interface GenerateOptions {
  dataset: DatasetName;
  seed?: number;
  /** Add to a hub that already has members. */
  force?: boolean;
  quiet?: boolean;
  /** Where the three years of activity end; the start of today (UTC) unless given. */
  now?: Date;
}

export interface GenerateResult {
  dataset: DatasetName;
  seed: number;
  seconds: number;
  counts: Record<string, number>;
  accounts: { email: string; password: string; role: string }[];
  /** A personal access token of bench-1, made for this run (null when the accounts already existed). */
  apiToken: string | null;
  /** Seconds each phase took. */
  timings: Record<string, number>;
}

export class HubNotEmptyError extends Error {}

/** Every table the generator writes; their secondary indexes and foreign keys wait until the end. */
const loadedTables = [
  'users',
  'profiles',
  'organisations',
  'organisation_members',
  'groups',
  'group_members',
  'pitches',
  'pitch_stage_changes',
  'pitch_team',
  'pitch_organisations',
  'signals',
  'threads',
  'posts',
  'post_revisions',
  'post_reactions',
  'post_mentions',
  'thread_followers',
  'notifications',
  'notification_preferences',
  'activities',
  'knowledge_pages',
  'knowledge_revisions',
  'knowledge_links',
  'blocks',
  'flags',
  'moderation_log',
];

const stageOrder: PitchStage[] = ['idea', 'shaping', 'seeking-partners', 'seeking-funding', 'funded', 'delivering', 'delivered', 'replicated'];
const finalStageWeights: [PitchStage, number][] = [
  ['idea', 22],
  ['shaping', 18],
  ['seeking-partners', 16],
  ['seeking-funding', 12],
  ['funded', 6],
  ['delivering', 10],
  ['delivered', 8],
  ['replicated', 2],
  ['paused', 4],
  ['closed', 2],
];
const kindWeights: [PitchKind, number][] = [
  ['idea', 25],
  ['challenge', 15],
  ['project', 20],
  ['product', 8],
  ['service', 10],
  ['offer', 12],
  ['want', 10],
];
const signalKinds: SignalKind[] = ['can-help', 'would-use', 'could-fund', 'need-too', 'follow'];
const signalKindWeights = [0.22, 0.27, 0.06, 0.12, 0.33];
const reactions = ['agree', 'insightful', 'thanks', 'celebrate'];
const teamRoles = ['Data analyst', 'Community organiser', 'Developer', 'Evaluation lead', 'Finance', 'Volunteer coordinator', 'Commissioner', 'User researcher'];
const hideReasons = ['Advertising unrelated to the conversation.', 'Personal details of a resident.', 'Abusive language.', 'Posted twice by mistake.'];

function weighted<T>(random: Random, pairs: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, weight] of pairs) total += weight;
  let target = random.next() * total;
  for (const [value, weight] of pairs) {
    target -= weight;
    if (target < 0) return value;
  }
  return pairs[pairs.length - 1]![0];
}

/** Hands out slugs the way the hub's commands do: the base, then base-2, base-3… */
class Slugs {
  private readonly counts = new Map<string, number>();
  private readonly taken: Set<string>;

  constructor(taken: Iterable<string>, reserved: string[] = ['new']) {
    this.taken = new Set([...taken, ...reserved]);
  }

  next(base: string): string {
    let n = this.counts.get(base) ?? 0;
    for (;;) {
      const candidate = n === 0 ? base : `${base}-${n + 1}`;
      n++;
      if (!this.taken.has(candidate)) {
        this.counts.set(base, n);
        this.taken.add(candidate);
        return candidate;
      }
    }
  }

  has(slug: string) {
    return this.taken.has(slug);
  }

  add(slug: string) {
    this.taken.add(slug);
  }
}

interface PitchRecord {
  index: number;
  id: number;
  slug: string;
  title: string;
  author: number;
  theme: number;
  group: number;
  published: number | null;
  created: number;
  team: number[];
  threadId: number;
  lastActivity: number;
}

interface GroupRecord {
  id: number;
  slug: string;
  name: string;
  visibility: 'open' | 'closed' | 'secret';
  created: number;
  creator: number;
  theme: number;
  members: number[];
}

/** Notification kinds, as stored in the compact lists below. */
const Note = { Reply: 0, Post: 1, Mention: 2, Signal: 3, Match: 4 } as const;
type Note = (typeof Note)[keyof typeof Note];

class HubGenerator {
  private readonly db: Database;
  private readonly seed: number;
  private readonly size: DatasetSize;
  private readonly quiet: boolean;
  private readonly now: number;
  private readonly start: number;
  private readonly places: string[];
  private readonly authorityPicker: WeightedPicker;
  private readonly authorities: (typeof localAuthorities)[number][];
  private readonly tagPicker = new WeightedPicker(zipfWeights(tagsByFrequency.length, 1, 2));
  readonly counts: Record<string, number> = {};

  // Members, by index; index 0.. are the benchmark accounts when this run creates them.
  private memberIds = new Float64Array(0);
  private memberCreated = new Float64Array(0);
  private memberNames: string[] = [];
  private memberHandles: string[] = [];
  private memberActive = new Uint8Array(0);
  private memberTheme = new Uint8Array(0);
  private activity!: WeightedPicker;
  private readonly memberOrganisations = new Map<number, number[]>();
  private benchIndex: number[] = [];
  private blocks = new Set<string>();

  private organisationIds: number[] = [];
  private organisationNames: string[] = [];
  private organisationSlugs: string[] = [];
  private groups: GroupRecord[] = [];
  private pitches: PitchRecord[] = [];

  // Notifications waiting to be written once every event is known, in the order they happened.
  private readonly notes = { recipient: [] as number[], kind: [] as number[], actor: [] as number[], subjectGroup: [] as number[], subject: [] as number[], at: [] as number[], extra: [] as number[], extra2: [] as number[] };
  private postIdOf = new Float64Array(0);
  // Activities, likewise.
  private readonly activities = { verb: [] as string[], actor: [] as number[], pitch: [] as number[], at: [] as number[], summary: [] as string[] };

  private offsets: Record<string, number> = {};
  /** Seconds each phase took, for the report. */
  readonly timings: Record<string, number> = {};

  private async timed<T>(phase: string, run: () => Promise<T>): Promise<T> {
    const began = Date.now();
    try {
      return await run();
    } finally {
      this.timings[phase] = (Date.now() - began) / 1000;
    }
  }

  constructor(db: Database, options: { seed: number; size: DatasetSize; quiet: boolean; now: number }) {
    this.db = db;
    this.seed = options.seed;
    this.size = options.size;
    this.quiet = options.quiet;
    this.now = options.now;
    this.start = options.now - years * 365 * day;
    const random = Random.derive(this.seed, 99);
    // Unitary and district authorities are where people live; the order (and so how common each
    // one is) is shuffled by the seed.
    this.authorities = random.shuffle(localAuthorities.filter((a) => a.kind !== 'county' && a.kind !== 'other'));
    this.authorityPicker = new WeightedPicker(zipfWeights(this.authorities.length, 0.8, 3));
    this.places = this.authorities.map((a) => a.name);
  }

  private progress(label: string, total: number) {
    return this.quiet ? undefined : new Progress(label, total);
  }

  private writer(random: Random) {
    return new Writer(random, this.places, new Date(this.now).getUTCFullYear());
  }

  private pickAuthority(random: Random) {
    return this.authorities[this.authorityPicker.pick(random)]!;
  }

  private pickTags(random: Random, theme: Theme, count: number): string[] {
    const tags = new Set<string>();
    for (let tries = 0; tags.size < count && tries < count * 4; tries++) {
      tags.add(random.chance(0.5) ? random.pick(theme.tags) : tagsByFrequency[this.tagPicker.pick(random)]!);
    }
    return [...tags];
  }

  /** A time between `from` and now, more often early (`skew` > 1) or late (< 1). */
  private timeAfter(random: Random, from: number, skew = 1): number {
    const begin = Math.min(Math.max(from, this.start), this.now - 60_000);
    return begin + (this.now - begin) * Math.pow(random.next(), skew);
  }

  /** A member who had joined by `time`: usually an active one, weighted by how much they take part. */
  private memberAt(random: Random, time: number, weightedShare = 0.7): number {
    if (random.chance(weightedShare)) {
      for (let tries = 0; tries < 6; tries++) {
        const index = this.activity.pick(random);
        if (this.memberCreated[index]! <= time && this.memberActive[index]) return index;
      }
    }
    // Members are in the order they joined: those who had joined by `time` are a prefix.
    let low = 0;
    let high = this.memberCreated.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.memberCreated[middle]! <= time) low = middle + 1;
      else high = middle;
    }
    for (let tries = 0; tries < 6; tries++) {
      const index = random.int(0, Math.max(0, low - 1));
      // bench-2 stays a newcomer who has done nothing: the outsider of the privacy checks.
      if (this.memberActive[index] && index !== this.benchIndex[2]) return index;
    }
    return this.benchIndex[1] ?? 0;
  }

  private note(recipient: number, kind: Note, actor: number, subjectGroup: boolean, subject: number, at: number, extra = -1, extra2 = -1) {
    if (recipient === actor || !this.memberActive[recipient]) return;
    if (actor >= 0 && this.blocks.has(`${recipient}:${actor}`)) return;
    const n = this.notes;
    n.recipient.push(recipient);
    n.kind.push(kind);
    n.actor.push(actor);
    n.subjectGroup.push(subjectGroup ? 1 : 0);
    n.subject.push(subject);
    n.at.push(at);
    n.extra.push(extra);
    n.extra2.push(extra2);
  }

  async run(force: boolean): Promise<{ apiToken: string | null; accounts: GenerateResult['accounts'] }> {
    const existing = Number((await sql<{ count: number }>`select count(*)::int as count from users`.execute(this.db)).rows[0]?.count ?? 0);
    if (existing > 0 && !force) {
      throw new HubNotEmptyError(
        `This hub already has ${existing} member${existing === 1 ? '' : 's'}. Generate into an empty database, or add --force to add the generated hub beside them.`,
      );
    }
    for (const table of ['users', 'organisations', 'groups', 'pitches', 'threads', 'posts', 'knowledge_pages', 'knowledge_revisions']) {
      this.offsets[table] = await maxId(this.db, table);
    }
    const hub = await this.db.selectFrom('hub_settings').select('name').executeTakeFirst();
    if (!hub) {
      await this.db
        .insertInto('hub_settings')
        .values({ id: 1, name: 'Local Government Knowledge Hub', description: 'A benchmark hub: every member, group and conversation here is generated.' })
        .execute();
    }

    const setAside: SetAside = await setAsideIndexes(this.db, loadedTables);
    let apiToken: string | null = null;
    let accounts: GenerateResult['accounts'] = [];
    try {
      accounts = await this.timed('members', () => this.members());
      await this.timed('organisations', () => this.organisations());
      await this.timed('groups', () => this.groupsAndMemberships());
      await this.timed('blocks', () => this.blocksAndPreferences());
      await this.timed('pitches', () => this.pitchesAndTeams());
      await this.timed('signals', () => this.signals());
      await this.timed('conversations', () => this.conversations());
      await this.timed('knowledge', () => this.knowledge());
      await this.timed('activities', () => this.writeActivities());
      await this.timed('notifications', () => this.writeNotifications());
      await this.timed('counters', () => this.recount());
    } finally {
      const restoring = Date.now();
      const bar = this.progress('Indexes', setAside.indexes.length + setAside.foreignKeys.length);
      // Sorting for a GIN or B-tree index goes much faster with more memory than the default.
      await sql.raw(`set maintenance_work_mem = '${this.size.members > 20_000 ? '512MB' : '64MB'}'`).execute(this.db).catch(() => {});
      await restoreIndexes(this.db, setAside, () => bar?.tick());
      bar?.finish();
      for (const table of ['users', 'organisations', 'groups', 'pitches', 'threads', 'posts', 'knowledge_pages', 'knowledge_revisions']) {
        await resetIdentity(this.db, table);
      }
      this.timings.indexes = (Date.now() - restoring) / 1000;
    }
    const bench1 = this.benchIndex[1];
    if (bench1 !== undefined) {
      const created = await createToken(this.db, this.memberIds[bench1]!, 'Benchmark');
      if (created.ok) apiToken = created.token;
    }
    await this.timed('statistics', async () => {
      const bar = this.progress('Statistics', loadedTables.length);
      for (const table of loadedTables) {
        await sql.raw(`vacuum analyze ${table}`).execute(this.db);
        bar?.tick();
      }
      bar?.finish();
    });
    return { apiToken, accounts };
  }

  // ---- Members --------------------------------------------------------------------------------

  private async members(): Promise<GenerateResult['accounts']> {
    const existingUsers = await this.db.selectFrom('users').select(['handle', 'email']).execute();
    const handles = new Slugs(existingUsers.map((u) => u.handle), []);
    const emails = new Set(existingUsers.map((u) => u.email.toLowerCase()));
    const createBench = !benchAccounts.some((account) => emails.has(normaliseEmail(account.email)));
    const benchCount = createBench ? benchAccounts.length : 0;
    const n = Math.max(this.size.members, benchCount + 1);
    this.memberIds = new Float64Array(n);
    this.memberCreated = new Float64Array(n);
    this.memberActive = new Uint8Array(n);
    this.memberTheme = new Uint8Array(n);
    this.memberNames = new Array<string>(n);
    this.memberHandles = new Array<string>(n);
    this.benchIndex = createBench ? benchAccounts.map((_, i) => i) : [];

    const random = Random.derive(this.seed, 1);
    // Who takes part how much: many members mostly read; among the rest a few write a great deal.
    const weights = new Float64Array(n);
    const ranks = random.shuffle(Array.from({ length: n }, (_, i) => i));
    for (let i = 0; i < n; i++) weights[ranks[i]!] = random.chance(0.4) ? 0 : 1 / Math.pow(i + 60, 1);
    if (createBench) {
      weights[1] = 1 / 70; // bench-1: among the most active members
      weights[2] = 0; // bench-2: a newcomer who has done nothing yet
    }
    this.activity = new WeightedPicker(weights);

    // One hash for every generated member: a secret nobody knows, so none of them can sign in.
    const lockedHash = await hashPassword(`generated-${this.seed}-${Date.now()}-${process.pid}`);
    const benchHash = createBench ? await hashPassword(benchPassword) : '';

    const bar = this.progress('Members', n);
    const users = new BatchWriter(
      this.db,
      'users',
      { id: 'bigint', email: 'text', password_hash: 'text', display_name: 'text', handle: 'text', role: 'text', status: 'text', suspended_reason: 'text', email_verified_at: 'timestamptz', created_at: 'timestamptz' },
      { id: 't.id', email: 't.email', password_hash: 't.password_hash', display_name: 't.display_name', handle: 't.handle', role: 't.role', status: 't.status', suspended_reason: 't.suspended_reason', email_verified_at: 't.email_verified_at', created_at: 't.created_at', updated_at: 't.created_at' },
      { overridingIdentity: true, batchSize: 5000 },
    );
    const weightedVector = (prefix: string) =>
      `case when t.filled then setweight(to_tsvector('english', t.${prefix}a), 'A') || setweight(to_tsvector('english', t.${prefix}b), 'B') || setweight(to_tsvector('english', t.${prefix}c), 'C') || setweight(to_tsvector('english', t.${prefix}d), 'D') else to_tsvector('english', t.${prefix}a) end`;
    const profiles = new BatchWriter(
      this.db,
      'profiles',
      {
        user_id: 'bigint', filled: 'boolean', bio: 'text', sector: 'text', roles: 'text', place: 'text', local_authority: 'text', interests: 'text', skills: 'text', needs: 'text', links: 'text', visibility: 'text',
        ea: 'text', eb: 'text', ec: 'text', ed: 'text', ma: 'text', mb: 'text', mc: 'text', md: 'text', updated_at: 'timestamptz',
      },
      {
        user_id: 't.user_id', bio: 't.bio', sector: 't.sector', roles: 't.roles::text[]', place: 't.place', local_authority: 't.local_authority', interests: 't.interests::text[]', skills: 't.skills', needs: 't.needs',
        links: 't.links::jsonb', visibility: 't.visibility::jsonb', search_everyone: weightedVector('e'), search_members: weightedVector('m'), updated_at: 't.updated_at',
      },
      { batchSize: 4000, onWritten: (rows) => bar?.tick(rows) },
    );

    const span = this.now - this.start - day;
    for (let i = 0; i < n; i++) {
      const r = Random.derive(this.seed, 1, i);
      const bench = createBench && i < benchCount ? benchAccounts[i]! : null;
      const created = bench ? this.start + i * 60_000 : this.start + span * Math.pow((i + r.next()) / n, 0.8);
      const first = r.pick(firstNames);
      const name = bench ? bench.name : `${first} ${r.pick(surnames)}`;
      const handle = handles.next(slugify(name, { maxLength: 40, fallback: 'member' }));
      const email = bench ? bench.email : `${handle}@example.net`;
      const suspended = !bench && r.chance(0.003);
      const theme = r.int(0, themes.length - 1);
      this.memberIds[i] = this.offsets.users! + i + 1;
      this.memberCreated[i] = created;
      this.memberNames[i] = name;
      this.memberHandles[i] = handle;
      this.memberActive[i] = suspended ? 0 : 1;
      this.memberTheme[i] = theme;
      await users.add(
        this.memberIds[i],
        email,
        bench ? benchHash : lockedHash,
        name,
        handle,
        bench?.role ?? 'member',
        suspended ? 'suspended' : 'active',
        suspended ? 'Repeated advertising after warnings.' : null,
        bench || r.chance(0.98) ? created + r.int(1, 120) * 60_000 : null,
        created,
      );
      await this.addProfile(profiles, i, r, name, themes[theme]!, created, bench !== null);
    }
    await users.close();
    await profiles.close();
    bar?.finish();
    this.counts.members = n;
    return this.benchIndex.map((i) => ({ email: benchAccounts[i]!.email, password: benchPassword, role: benchAccounts[i]!.role }));
  }

  private async addProfile(profiles: BatchWriter, i: number, r: Random, name: string, theme: Theme, created: number, bench: boolean) {
    const filled = bench || r.chance(0.65);
    const id = this.memberIds[i]!;
    if (!filled) {
      // A member who never opened their profile: what sign-up writes (the name, for both audiences).
      await profiles.add(id, false, '', null, '{}', '', null, '{}', '', '', '[]', '{}', name, '', '', '', name, '', '', '', created);
      return;
    }
    const w = this.writer(r);
    const authority = this.pickAuthority(r);
    const sector: Sector = weighted(r, [
      ['public-sector', 40],
      ['voluntary-community', 25],
      ['private-social-enterprise', 15],
      ['academic', 5],
      ['resident', 15],
    ] as const);
    const roles: MemberRole[] = [
      sector === 'public-sector' ? r.pick(['council-officer', 'council-officer', 'councillor', 'facilitator'] as const) : sector === 'resident' ? 'resident' : r.pick(memberRoles),
    ];
    if (r.chance(0.25)) roles.push(r.pick(memberRoles));
    const uniqueRoles = [...new Set(roles)];
    const interests = this.pickTags(r, theme, r.int(1, 8));
    const skills = r.sample(skillsPhrases, r.int(1, 4)).join(', ');
    const needs = r.chance(0.6) ? w.fill(r.pick(['Looking for partners on {thing}.', 'Would like to learn how others approach {thing}.', 'Need help with {barrier}.', 'Seeking funding for {thing} in {place}.']), theme) : '';
    const bio = w.bio(theme, r.pick(jobTitles), authority.name);
    const links = r.chance(0.3) ? [{ label: r.pick(['My blog', 'Our project', 'LinkedIn', 'Portfolio']), url: `https://example.org/${slugify(name, { maxLength: 40, fallback: 'member' })}` }] : [];
    const style = bench ? 0 : r.next();
    const visibility = {} as Record<ProfileField, FieldVisibility>;
    for (const field of profileFields) {
      if (style < 0.4) visibility[field] = 'everyone';
      else if (style < 0.75) visibility[field] = 'members';
      else visibility[field] = weighted(r, [['everyone', 50], ['members', 35], ['only-me', 15]] as const);
    }
    const input = {
      name,
      bio,
      sector,
      roles: uniqueRoles,
      place: r.chance(0.8) ? authority.name : '',
      localAuthority: authority.code,
      interests,
      skills,
      needs,
      links,
      visibility,
      removePhoto: false,
    };
    const everyone = searchParts(input, ['everyone']);
    const members = searchParts(input, ['everyone', 'members']);
    await profiles.add(
      this.memberIds[i],
      true,
      bio,
      sector,
      textArray(uniqueRoles),
      input.place,
      authority.code,
      textArray(interests),
      skills,
      needs,
      JSON.stringify(links),
      JSON.stringify(visibility),
      everyone.A,
      everyone.B,
      everyone.C,
      everyone.D,
      members.A,
      members.B,
      members.C,
      members.D,
      created + r.int(1, 30) * day,
    );
  }

  // ---- Organisations ----------------------------------------------------------------------------

  private async organisations() {
    const count = this.size.organisations;
    const existing = await this.db.selectFrom('organisations').select('slug').execute();
    const slugs = new Slugs(existing.map((o) => o.slug));
    const bar = this.progress('Organisations', count);
    const organisations = new BatchWriter(
      this.db,
      'organisations',
      { id: 'bigint', slug: 'text', name: 'text', kind: 'text', size: 'text', place: 'text', local_authority: 'text', website: 'text', description: 'text', plain: 'text', tags: 'text', created_by: 'bigint', created_at: 'timestamptz' },
      {
        id: 't.id', slug: 't.slug', name: 't.name', kind: 't.kind', size: 't.size', place: 't.place', local_authority: 't.local_authority', website: 't.website', description: 't.description', tags: 't.tags::text[]',
        search: `setweight(to_tsvector('english', t.name), 'A') || setweight(to_tsvector('english', t.plain), 'B') || setweight(to_tsvector('english', array_to_string(t.tags::text[], ' ')), 'C') || setweight(to_tsvector('english', t.place), 'D')`,
        created_by: 't.created_by', created_at: 't.created_at', updated_at: 't.created_at',
      },
      { overridingIdentity: true, batchSize: 2000, onWritten: (rows) => bar?.tick(rows) },
    );
    const members = new BatchWriter(
      this.db,
      'organisation_members',
      { organisation_id: 'bigint', user_id: 'bigint', role: 'text', status: 'text', message: 'text', created_at: 'timestamptz', decided_at: 'timestamptz' },
      null,
      { batchSize: 10_000 },
    );
    const councils = this.authorities.slice(0, Math.min(this.authorities.length, Math.ceil(count * 0.05)));
    const span = this.now - this.start - 2 * day;
    let memberships = 0;
    for (let i = 0; i < count; i++) {
      const r = Random.derive(this.seed, 2, i);
      const w = this.writer(r);
      const theme = r.pick(themes);
      const created = this.start + day + span * Math.pow((i + r.next()) / count, 0.9);
      const authority = i < councils.length ? councils[i]! : this.pickAuthority(r);
      let kind: string;
      let name: string;
      if (i < councils.length) {
        kind = 'council';
        name = r.chance(0.3) ? `${authority.name} City Council` : `${authority.name} Council`;
      } else {
        kind = weighted(r, [['charity', 35], ['social-enterprise', 20], ['company', 20], ['public-body', 8], ['funder', 7], ['university', 5], ['council', 5]] as const);
        const place = r.chance(0.7) ? authority.name : r.pick(regions).replace(/^the /, '');
        const words = organisationWords;
        switch (kind) {
          case 'charity':
            name = `${place} ${r.pick(words.focus)} ${r.pick(words.charityNouns)}`;
            break;
          case 'social-enterprise':
            name = `${r.pick(words.companyWords)} ${r.pick(words.focus)} CIC`;
            break;
          case 'company':
            name = `${r.pick(words.companyWords)} ${r.pick(words.companyNouns)} Ltd`;
            break;
          case 'public-body':
            name = `${place} ${r.pick(words.publicBodies)}`;
            break;
          case 'funder':
            name = `${place} ${r.pick(words.funderNouns)}`;
            break;
          case 'university':
            name = r.chance(0.5) ? `University of ${place}` : `${place} ${r.pick(['Institute of Technology', 'College', 'Metropolitan University'])}`;
            break;
          default:
            name = `${place} Town Council`;
        }
      }
      const slug = slugs.next(slugify(name, { maxLength: 60, fallback: 'organisation' }));
      const description = `${w.paragraph(theme, r.int(2, 4))}\n\n${w.paragraph(theme, r.int(1, 3))}`;
      const tags = this.pickTags(r, theme, r.int(1, 6));
      const creator = this.memberAt(r, created);
      const id = this.offsets.organisations! + i + 1;
      this.organisationIds.push(id);
      this.organisationNames.push(name);
      this.organisationSlugs.push(slug);
      await organisations.add(
        id,
        slug,
        name,
        kind,
        r.pick(organisationSizes),
        authority.name,
        authority.code,
        `https://${slug}.example.org`,
        description,
        markdownToText(description),
        textArray(tags),
        this.memberIds[creator],
        created,
      );
      // The founder is its first administrator; others join (a few still waiting for a decision).
      const people = new Set<number>([creator]);
      this.addOrganisationMember(creator, i);
      await members.add(id, this.memberIds[creator], 'admin', 'active', '', created, created);
      const extra = kind === 'council' ? r.pareto(3, 1.1, 400) : r.pareto(1, 1.3, 60) - 1;
      for (let k = 0; k < extra; k++) {
        const joiner = this.memberAt(r, this.now, 0.5);
        if (people.has(joiner)) continue;
        people.add(joiner);
        const joined = this.timeAfter(r, Math.max(created, this.memberCreated[joiner]!));
        const pending = r.chance(0.05);
        if (!pending) this.addOrganisationMember(joiner, i);
        await members.add(id, this.memberIds[joiner], !pending && r.chance(0.1) ? 'admin' : 'member', pending ? 'pending' : 'active', pending ? 'I work with your team on this and would like to join.' : '', joined, pending ? null : joined + day);
        memberships++;
      }
    }
    await organisations.close();
    await members.close();
    bar?.finish();
    this.counts.organisations = count;
    this.counts.organisationMembers = count + memberships;
  }

  private addOrganisationMember(member: number, organisation: number) {
    const list = this.memberOrganisations.get(member);
    if (list) list.push(organisation);
    else this.memberOrganisations.set(member, [organisation]);
  }

  // ---- Groups -----------------------------------------------------------------------------------

  private async groupsAndMemberships() {
    const count = this.size.groups;
    const existing = await this.db.selectFrom('groups').select('slug').execute();
    const slugs = new Slugs(existing.map((g) => g.slug));
    const bar = this.progress('Groups', count);
    const groups = new BatchWriter(
      this.db,
      'groups',
      { id: 'bigint', slug: 'text', name: 'text', purpose: 'text', description: 'text', welcome: 'text', visibility: 'text', tags: 'text', place: 'text', local_authority: 'text', parent_id: 'bigint', created_by: 'bigint', created_at: 'timestamptz' },
      {
        id: 't.id', slug: 't.slug', name: 't.name', purpose: 't.purpose', description: 't.description', welcome: 't.welcome', visibility: 't.visibility', tags: 't.tags::text[]', place: 't.place',
        local_authority: 't.local_authority', parent_id: 't.parent_id', created_by: 't.created_by', created_at: 't.created_at', updated_at: 't.created_at',
      },
      { overridingIdentity: true, batchSize: 2000 },
    );
    const members = new BatchWriter(
      this.db,
      'group_members',
      { group_id: 'bigint', user_id: 'bigint', role: 'text', status: 'text', created_at: 'timestamptz' },
      null,
      { batchSize: 10_000, onWritten: () => {} },
    );
    const span = this.now - this.start - 3 * day;
    const bench1 = this.benchIndex[1];
    const bench3 = this.benchIndex[3];
    let rows = 0;
    for (let i = 0; i < count; i++) {
      const r = Random.derive(this.seed, 3, i);
      const w = this.writer(r);
      const themeIndex = r.int(0, themes.length - 1);
      const theme = themes[themeIndex]!;
      const created = this.start + 2 * day + span * Math.pow((i + r.next()) / count, 0.9);
      // A few sub-groups, never more open than their parent.
      const parent = i > 3 && r.chance(0.1) ? this.groups[r.int(0, i - 1)]! : null;
      // 70% open, 20% closed, 10% secret, spread evenly (a golden-ratio sequence) so that even a
      // small hub has about those shares.
      const spread = (i * 0.6180339887 + (this.seed % 97) / 97) % 1;
      let visibility: GroupRecord['visibility'] = spread < 0.7 ? 'open' : spread < 0.9 ? 'closed' : 'secret';
      // The smallest hubs still need one closed and one secret group to test privacy against.
      if (i === 1) visibility = 'closed';
      if (i === 2) visibility = 'secret';
      if (parent && parent.visibility === 'secret') visibility = 'secret';
      if (parent && parent.visibility === 'closed' && visibility === 'open') visibility = 'closed';
      const name = capitalise(
        w.fill(r.pick(groupPatterns), theme, { role: r.pick(['Councillors', 'Digital leaders', 'Community organisers', 'Commissioners', 'Researchers', 'Parish clerks', 'Youth workers']) }),
      ).slice(0, 100);
      const slug = slugs.next(slugify(name, { maxLength: 60, fallback: 'group' }));
      const creator = parent ? r.pick(parent.members.length > 0 ? parent.members : [parent.creator]) : this.memberAt(r, created);
      const authority = r.chance(0.5) ? this.pickAuthority(r) : null;
      const group: GroupRecord = { id: this.offsets.groups! + i + 1, slug, name, visibility, created, creator, theme: themeIndex, members: [creator] };
      this.groups.push(group);
      await groups.add(
        group.id,
        slug,
        name,
        w.fill(r.pick(['A place for {people} and officers working on {thing}.', 'Sharing what works on {thing} across {region}.', 'We meet monthly to compare notes on {thing}.', 'Helping {people} {outcome}.']), theme).slice(0, 500),
        `${w.paragraph(theme, r.int(2, 4))}\n\n${w.paragraph(theme, r.int(1, 2))}`,
        r.chance(0.6) ? `Welcome! ${w.paragraph(theme, 1)} Introduce yourself in the conversation below.` : '',
        visibility,
        textArray(this.pickTags(r, theme, r.int(1, 5))),
        authority?.name ?? '',
        authority?.code ?? null,
        parent?.id ?? null,
        this.memberIds[creator],
        created,
      );
      // Heavy-tailed: most groups are a handful of people, a few have thousands.
      const size = Math.min(this.memberIds.length - 1, r.pareto(3, 1.15, Math.max(10, Math.floor(this.memberIds.length * 0.04))));
      const chosen = new Set<number>([creator]);
      await members.add(group.id, this.memberIds[creator], 'facilitator', 'active', created);
      rows++;
      const pool = parent && parent.members.length > 5 && r.chance(0.7) ? parent.members : null;
      for (let k = 1; k < size; k++) {
        const person = pool ? r.pick(pool) : this.memberAt(r, this.now, 0.6);
        if (chosen.has(person) || person === this.benchIndex[2]) continue;
        chosen.add(person);
        const pending = visibility === 'closed' && r.chance(0.04);
        if (!pending) group.members.push(person);
        await members.add(group.id, this.memberIds[person], !pending && k <= 2 ? 'facilitator' : 'member', pending ? 'pending' : 'active', this.timeAfter(r, Math.max(created, this.memberCreated[person]!), 2));
        rows++;
      }
      // bench-1 is in the oldest open groups, one closed and one secret group; bench-3 facilitates a closed one.
      const benchJoins: [number | undefined, boolean][] = [
        [bench1, i < 8 || i === 1 || i === 2],
        [bench3, i === 1],
      ];
      for (const [member, join] of benchJoins) {
        if (member === undefined || !join || chosen.has(member)) continue;
        chosen.add(member);
        group.members.push(member);
        await members.add(group.id, this.memberIds[member], member === bench3 ? 'facilitator' : 'member', 'active', created + day);
        rows++;
      }
      bar?.tick();
    }
    await groups.close();
    await members.close();
    bar?.finish();
    this.counts.groups = count;
    this.counts.groupMembers = rows;
  }

  private async blocksAndPreferences() {
    const r = Random.derive(this.seed, 4);
    const n = this.memberIds.length;
    const blocks = new BatchWriter(this.db, 'blocks', { blocker_id: 'bigint', blocked_id: 'bigint', created_at: 'timestamptz' }, null);
    const preferences = new BatchWriter(this.db, 'notification_preferences', { user_id: 'bigint', kind: 'text', delivery: 'text' }, null, { batchSize: 10_000 });
    const blockCount = Math.max(1, Math.floor(n * 0.001));
    for (let k = 0; k < blockCount; k++) {
      const blocker = r.int(this.benchIndex.length, n - 1);
      const blocked = this.activity.pick(r);
      if (blocker === blocked || this.blocks.has(`${blocker}:${blocked}`)) continue;
      this.blocks.add(`${blocker}:${blocked}`);
      await blocks.add(this.memberIds[blocker], this.memberIds[blocked], this.timeAfter(r, Math.max(this.memberCreated[blocker]!, this.memberCreated[blocked]!)));
    }
    let count = 0;
    for (let i = 0; i < n; i++) {
      if (r.chance(0.03)) {
        await preferences.add(this.memberIds[i], 'match', 'off');
        count++;
      }
      if (r.chance(0.02)) {
        await preferences.add(this.memberIds[i], 'reply', 'daily');
        count++;
      }
    }
    await blocks.close();
    await preferences.close();
    this.counts.blocks = this.blocks.size;
    this.counts.notificationPreferences = count;
  }

  // ---- Pitches ------------------------------------------------------------------------------------

  private async pitchesAndTeams() {
    const count = this.size.pitches;
    const existing = await this.db.selectFrom('pitches').select('slug').execute();
    const slugs = new Slugs(existing.map((p) => p.slug));
    const bar = this.progress('Pitches', count);
    const pitches = new BatchWriter(
      this.db,
      'pitches',
      {
        id: 'bigint', slug: 'text', kind: 'text', title: 'text', summary: 'text', body: 'text', plain: 'text', terms: 'text', price_min: 'numeric', price_max: 'numeric', budget: 'numeric', deadline: 'date', stage: 'text', status: 'text', tags: 'text',
        place: 'text', local_authority: 'text', online: 'boolean', links: 'text', author_id: 'bigint', group_id: 'bigint', version: 'int', published_at: 'timestamptz', created_at: 'timestamptz', updated_at: 'timestamptz',
      },
      {
        id: 't.id', slug: 't.slug', kind: 't.kind', title: 't.title', summary: 't.summary', body: 't.body', terms: 't.terms', price_min: 't.price_min', price_max: 't.price_max', budget: 't.budget', deadline: 't.deadline', stage: 't.stage',
        status: 't.status', tags: 't.tags::text[]', place: 't.place', local_authority: 't.local_authority', online: 't.online', links: 't.links::jsonb', author_id: 't.author_id', group_id: 't.group_id', version: 't.version',
        search: `setweight(to_tsvector('english', t.title), 'A') || setweight(to_tsvector('english', t.summary), 'B') || setweight(to_tsvector('english', array_to_string(t.tags::text[], ' ')), 'B') || setweight(to_tsvector('english', t.plain), 'C')`,
        last_activity_at: 't.created_at', published_at: 't.published_at', created_at: 't.created_at', updated_at: 't.updated_at',
      },
      { overridingIdentity: true, batchSize: 2000, onWritten: (rows) => bar?.tick(rows) },
    );
    const stages = new BatchWriter(this.db, 'pitch_stage_changes', { pitch_id: 'bigint', stage: 'text', note: 'text', changed_by: 'bigint', changed_at: 'timestamptz' }, null, { batchSize: 10_000 });
    const team = new BatchWriter(this.db, 'pitch_team', { pitch_id: 'bigint', user_id: 'bigint', role: 'text', is_lead: 'boolean', added_at: 'timestamptz' }, null, { batchSize: 10_000 });
    const organisations = new BatchWriter(this.db, 'pitch_organisations', { pitch_id: 'bigint', organisation_id: 'bigint' }, null, { batchSize: 10_000 });
    const threads = new BatchWriter(
      this.db,
      'threads',
      { id: 'bigint', subject_type: 'text', subject_id: 'bigint', created_by: 'bigint', created_at: 'timestamptz' },
      null,
      { overridingIdentity: true, batchSize: 10_000 },
    );
    const followers = new BatchWriter(this.db, 'thread_followers', { thread_id: 'bigint', user_id: 'bigint', created_at: 'timestamptz' }, null, { batchSize: 10_000 });

    const span = this.now - this.start - 5 * day;
    const groupsBy = (time: number) => {
      // Groups are in the order they were made: those that existed by `time` are a prefix.
      let low = 0;
      let high = this.groups.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (this.groups[middle]!.created <= time) low = middle + 1;
        else high = middle;
      }
      return low;
    };
    let stageRows = 0;
    let teamRows = 0;
    const placedIn = new Set<number>();
    for (let i = 0; i < count; i++) {
      const r = Random.derive(this.seed, 5, i);
      const w = this.writer(r);
      const created = this.start + 4 * day + span * Math.pow((i + r.next()) / count, 0.85);
      let group = -1;
      let author: number;
      const groupsSoFar = groupsBy(created);
      // Every hub, however small, has pitches in its first closed and its first secret group.
      const forced = groupsSoFar > 2 && placedIn.size < 2 ? [1, 2].find((g) => !placedIn.has(g)) : undefined;
      if (forced !== undefined || (groupsSoFar > 0 && r.chance(0.08))) {
        group = forced ?? r.int(0, groupsSoFar - 1);
        placedIn.add(group);
        const g = this.groups[group]!;
        author = r.pick(g.members.filter((m) => this.memberActive[m]).concat([g.creator]));
      } else {
        author = this.memberAt(r, created);
      }
      const themeIndex = group >= 0 ? this.groups[group]!.theme : r.chance(0.7) ? this.memberTheme[author]! : r.int(0, themes.length - 1);
      const theme = themes[themeIndex]!;
      const kind = weighted(r, kindWeights);
      const title = capitalise(w.fill(r.pick(pitchTitlePatterns), theme)).slice(0, 150);
      const slug = slugs.next(slugify(title, { maxLength: 70, fallback: 'pitch' }));
      const body = w.pitchBody(theme);
      const summary = w.summary(theme).slice(0, 300);
      const terms = kind === 'offer' || kind === 'product' || kind === 'service' ? weighted(r, [['free', 40], ['paid', 35], ['negotiable', 25]] as const) : 'free';
      const priced = terms !== 'free';
      const priceMin = priced ? r.pick([500, 1000, 2500, 5000, 10_000]) : null;
      const priceMax = priced && r.chance(0.6) ? priceMin! * r.pick([2, 3, 5]) : null;
      const challenge = kind === 'challenge';
      const budget = challenge && r.chance(0.6) ? r.pick([5000, 10_000, 25_000, 50_000, 100_000]) : null;
      const deadline = challenge && r.chance(0.5) ? new Date(created + r.int(30, 400) * day).toISOString().slice(0, 10) : null;
      const draft = r.chance(0.08);
      const publishedLater = !draft && r.chance(0.2);
      const published = draft ? null : publishedLater ? Math.min(this.now - 60_000, created + r.int(1, 30) * day) : created;
      const authority = this.pickAuthority(r);
      const online = r.chance(0.15);

      // The stages it went through, dated between its creation and now.
      const final = draft ? 'idea' : weighted(r, finalStageWeights);
      const path: PitchStage[] = [];
      const initial: PitchStage = r.chance(0.3) ? final : kind === 'offer' || kind === 'product' || kind === 'service' ? 'delivering' : 'idea';
      if (initial === final) path.push(final);
      else {
        const target = final === 'paused' || final === 'closed' ? stageOrder[r.int(0, 5)]! : final;
        const from = Math.min(stageOrder.indexOf(initial), stageOrder.indexOf(target));
        for (let s = from; s <= stageOrder.indexOf(target); s++) if (s === from || s === stageOrder.indexOf(target) || r.chance(0.6)) path.push(stageOrder[s]!);
        if (final === 'paused' || final === 'closed') path.push(final);
      }
      const stageTimes = path.map((_, k) => (k === 0 ? created : this.timeAfter(r, created, 1.5)));
      stageTimes.sort((a, b) => a - b);

      const id = this.offsets.pitches! + i + 1;
      const teamMembers = [author];
      const extraTeam = weighted(r, [[0, 55], [1, 25], [2, 15], [3, 5]] as const);
      const pool = group >= 0 ? this.groups[group]!.members : null;
      for (let k = 0; k < extraTeam; k++) {
        const mate = pool ? r.pick(pool) : this.memberAt(r, created, 0.5);
        if (!teamMembers.includes(mate) && this.memberActive[mate]) teamMembers.push(mate);
      }
      const updated = Math.max(stageTimes[stageTimes.length - 1]!, published ?? created);
      const pitch: PitchRecord = { index: i, id, slug, title, author, theme: themeIndex, group, published, created, team: teamMembers, threadId: this.offsets.threads! + i + 1, lastActivity: updated };
      this.pitches.push(pitch);

      await pitches.add(
        id,
        slug,
        kind,
        title,
        summary,
        body,
        markdownToText(body),
        terms,
        priceMin,
        priceMax,
        budget,
        deadline,
        path[path.length - 1]!,
        draft ? 'draft' : 'published',
        textArray(this.pickTags(r, theme, r.int(1, 6))),
        r.chance(0.85) ? authority.name : '',
        online ? null : authority.code,
        online,
        JSON.stringify(r.chance(0.2) ? [{ label: capitalise(r.pick(documents)), url: `https://example.org/${slug}/${r.pick(documents).replace(/\s+/g, '-')}` }] : []),
        this.memberIds[author],
        group >= 0 ? this.groups[group]!.id : null,
        1 + (path.length - 1) + (publishedLater ? 1 : 0),
        published,
        created,
        updated,
      );
      for (let k = 0; k < path.length; k++) {
        const note = k === 0 ? '' : r.chance(0.5) ? w.sentence(theme) : '';
        await stages.add(id, path[k], note, this.memberIds[r.pick(teamMembers)], stageTimes[k]);
        stageRows++;
        if (k > 0) this.activity_('changed-stage', teamMembers[0]!, i, stageTimes[k]!, path[k]!);
      }
      this.activity_('pitched', author, i, created, title);
      if (publishedLater && published !== null) this.activity_('published', author, i, published, title);

      for (const [k, member] of teamMembers.entries()) {
        await team.add(id, this.memberIds[member], k === 0 ? '' : r.pick(teamRoles), k === 0, k === 0 ? created : this.timeAfter(r, created, 3));
        teamRows++;
      }
      const own = this.memberOrganisations.get(author);
      if (own && r.chance(0.4)) await organisations.add(id, this.organisationIds[r.pick(own)]);

      // Starting a pitch starts its conversation, which its team follows.
      await threads.add(pitch.threadId, 'pitch', id, this.memberIds[author], created);
      for (const member of teamMembers) await followers.add(pitch.threadId, this.memberIds[member], created);
    }
    await pitches.close();
    await stages.close();
    await team.close();
    await organisations.close();
    await threads.close();
    await followers.close();
    bar?.finish();
    this.counts.pitches = count;
    this.counts.pitchStageChanges = stageRows;
    this.counts.pitchTeam = teamRows;
  }

  private activity_(verb: string, actor: number, pitch: number, at: number, summary: string) {
    this.activities.verb.push(verb);
    this.activities.actor.push(actor);
    this.activities.pitch.push(pitch);
    this.activities.at.push(at);
    this.activities.summary.push(summary);
  }

  /** Who may take part in a pitch's life: everyone, unless it sits in a closed or secret group. */
  private pitchPool(pitch: PitchRecord): number[] | null {
    if (pitch.group < 0) return null;
    const group = this.groups[pitch.group]!;
    return group.visibility === 'open' ? null : group.members;
  }

  // ---- Signals -------------------------------------------------------------------------------------

  private async signals() {
    const published = this.pitches.filter((p) => p.published !== null);
    const random = Random.derive(this.seed, 6);
    const shares = heavyTailedShares(random, published.length, this.size.signals, { alpha: 1.3, min: 0, max: Math.max(20, Math.floor(this.memberIds.length * 0.05)), none: 0.1 });
    const bar = this.progress('Signals', this.size.signals);
    const signals = new BatchWriter(
      this.db,
      'signals',
      { pitch_id: 'bigint', user_id: 'bigint', kind: 'text', note: 'text', amount: 'numeric', organisation_id: 'bigint', created_at: 'timestamptz' },
      null,
      { batchSize: 20_000, onWritten: (rows) => bar?.tick(rows) },
    );
    const kindPicker = new WeightedPicker(signalKindWeights);
    let written = 0;
    for (const [p, pitch] of published.entries()) {
      const r = Random.derive(this.seed, 6, p);
      const pool = this.pitchPool(pitch);
      const wanted = pool ? Math.min(shares[p]!, pool.length * 2) : shares[p]!;
      const given = new Set<number>();
      const organisationsNeeding = new Set<number>();
      for (let k = 0, tries = 0; k < wanted && tries < wanted * 3; tries++) {
        const member = pool ? r.pick(pool) : this.memberAt(r, this.now, 0.7);
        if (!this.memberActive[member]) continue;
        let kind = kindPicker.pick(r);
        const onTeam = pitch.team.includes(member);
        if (onTeam) kind = 4;
        let organisation = -1;
        if (kind === 3) {
          const own = this.memberOrganisations.get(member);
          const free = own?.filter((o) => !organisationsNeeding.has(o)) ?? [];
          if (free.length === 0) kind = 1;
          else {
            organisation = r.pick(free);
            organisationsNeeding.add(organisation);
          }
        }
        const key = member * 8 + kind;
        if (given.has(key)) continue;
        given.add(key);
        const at = this.timeAfter(r, Math.max(pitch.published!, this.memberCreated[member]!), 3);
        const w = kind === 0 || kind === 2 ? this.writer(r) : null;
        await signals.add(
          pitch.id,
          this.memberIds[member],
          signalKinds[kind],
          w && r.chance(0.5) ? w.sentence(themes[pitch.theme]!) : '',
          kind === 2 && r.chance(0.6) ? r.pick([500, 1000, 5000, 10_000, 25_000, 50_000]) : null,
          organisation >= 0 ? this.organisationIds[organisation] : null,
          at,
        );
        k++;
        written++;
        // The team hears of support (not of follows); members read only some of it as notifications here.
        if (kind !== 4 && r.chance(0.15)) {
          for (const mate of pitch.team) this.note(mate, Note.Signal, member, false, pitch.index, at + 1000, kind, organisation);
        }
      }
    }
    await signals.close();
    bar?.finish();
    this.counts.signals = written;
  }

  // ---- Conversations --------------------------------------------------------------------------------

  private async conversations() {
    const random = Random.derive(this.seed, 7);
    const published = this.pitches.filter((p) => p.published !== null);
    const talkingGroups = this.groups.filter((g) => g.members.length >= 2);
    const pitchPosts = Math.round(this.size.posts * (talkingGroups.length > 0 ? 0.75 : 1));
    const groupPosts = this.size.posts - pitchPosts;
    const cap = Math.max(60, Math.floor(this.size.posts / 200));
    // Many pitches and groups never get a reply; a few conversations run to thousands of posts.
    const pitchShares = heavyTailedShares(random, published.length, pitchPosts, { alpha: 1.2, min: 0, max: cap, none: 0.3 });
    const groupShares = heavyTailedShares(random, talkingGroups.length, groupPosts, { alpha: 1.1, min: 0, max: cap, none: 0.4 });
    // The benchmark's "pitch with 50 replies": an open pitch with exactly 55 posts, whatever the size.
    const target = published.findIndex((p) => p.group < 0 && !this.benchIndex.includes(p.author));
    if (target >= 0) {
      // The difference goes to (or comes from) the busiest other conversation, keeping the total.
      let busiest = target === 0 ? 1 : 0;
      for (let p = 0; p < pitchShares.length; p++) if (p !== target && pitchShares[p]! > (pitchShares[busiest] ?? -1)) busiest = p;
      const moved = pitchShares[target]! - 55;
      pitchShares[target] = 55;
      if (busiest < pitchShares.length && pitchShares[busiest]! + moved >= 0) pitchShares[busiest] = pitchShares[busiest]! + moved;
    }

    interface ThreadPlan {
      id: number;
      type: 'pitch' | 'group';
      subject: number;
      from: number;
      pool: number[] | null;
      owners: number[];
      theme: number;
      posts: number;
    }
    const plans: ThreadPlan[] = [];
    for (const [p, pitch] of published.entries()) {
      if (pitchShares[p]! > 0) {
        plans.push({ id: pitch.threadId, type: 'pitch', subject: pitch.index, from: pitch.published!, pool: this.pitchPool(pitch), owners: pitch.team, theme: pitch.theme, posts: pitchShares[p]! });
      }
    }
    let nextThread = this.offsets.threads! + this.pitches.length;
    const groupThreads: { id: number; group: GroupRecord }[] = [];
    for (const [g, group] of talkingGroups.entries()) {
      if (groupShares[g]! === 0) continue;
      const id = ++nextThread;
      groupThreads.push({ id, group });
      plans.push({ id, type: 'group', subject: group.id - this.offsets.groups! - 1, from: group.created, pool: group.members, owners: [group.creator], theme: group.theme, posts: groupShares[g]! });
    }

    // Every post's facts first, in compact arrays; ids go by time once all are known.
    const total = plans.reduce((sum, plan) => sum + plan.posts, 0);
    const planOf = new Int32Array(total);
    const parentOf = new Int32Array(total).fill(-1);
    const authorOf = new Int32Array(total);
    const createdAt = new Float64Array(total);
    const flags = new Uint8Array(total);
    const mentionOf = new Int32Array(total).fill(-1);
    const Deleted = 1;
    const Hidden = 2;
    const Helpful = 4;
    const Edited = 8;
    const Quote = 16;
    const bar = this.progress('Conversations', total);
    let cursor = 0;
    const followerRows: [number, number, number][] = [];
    for (const [planIndex, plan] of plans.entries()) {
      const r = Random.derive(this.seed, 7, plan.id);
      const times = new Float64Array(plan.posts);
      for (let k = 0; k < plan.posts; k++) times[k] = this.timeAfter(r, plan.from + 60_000, 2.5);
      times.sort();
      const first = cursor;
      const seen = new Set<number>(plan.type === 'pitch' ? plan.owners : []);
      for (let k = 0; k < plan.posts; k++) {
        const index = cursor++;
        const at = times[k]! + k; // strictly increasing within a thread
        let author: number;
        if (plan.pool) author = r.pick(plan.pool);
        else if (r.chance(0.15)) author = r.pick(plan.owners);
        else author = this.memberAt(r, at);
        if (!this.memberActive[author] || this.memberCreated[author]! > at) author = plan.owners[0]!;
        planOf[index] = planIndex;
        authorOf[index] = author;
        createdAt[index] = at;
        if (k > 0 && !r.chance(0.35)) {
          parentOf[index] = r.chance(0.6) ? first + r.int(Math.max(0, k - 5), k - 1) : first + r.int(0, k - 1);
          if (r.chance(0.05)) flags[index]! |= Quote;
        }
        if (r.chance(0.005)) flags[index]! |= Deleted;
        else if (r.chance(0.001)) flags[index]! |= Hidden;
        if (!(flags[index]! & Deleted)) {
          if (plan.type === 'pitch' && r.chance(0.02)) flags[index]! |= Helpful;
          if (r.chance(0.02)) flags[index]! |= Edited;
          if (r.chance(0.02)) {
            const mentioned = plan.pool ? r.pick(plan.pool) : this.memberAt(r, at, 0.9);
            if (mentioned !== author && this.memberActive[mentioned]) mentionOf[index] = mentioned;
          }
        }
        if (!seen.has(author)) {
          seen.add(author);
          followerRows.push([plan.id, author, at]);
        }
      }
    }

    // Ids in the order posts were written, as the hub's own identity column would give them.
    const order = new Int32Array(total);
    for (let i = 0; i < total; i++) order[i] = i;
    order.sort((a, b) => createdAt[a]! - createdAt[b]! || a - b);
    this.postIdOf = new Float64Array(total);
    for (let rank = 0; rank < total; rank++) this.postIdOf[order[rank]!] = this.offsets.posts! + rank + 1;

    // Notifications about posts: the person answered, the pitch's lead for new posts, the mentioned.
    for (let i = 0; i < total; i++) {
      if (flags[i]! & Deleted) continue;
      const plan = plans[planOf[i]!]!;
      const r = Random.derive(this.seed, 8, i);
      const isGroup = plan.type === 'group';
      const parent = parentOf[i]!;
      const at = createdAt[i]! + 2000;
      if (parent >= 0 && r.chance(0.6)) this.note(authorOf[parent]!, Note.Reply, authorOf[i]!, isGroup, plan.subject, at, i);
      else if (parent < 0 && plan.type === 'pitch' && r.chance(0.5)) this.note(plan.owners[0]!, Note.Post, authorOf[i]!, false, plan.subject, at, i);
      if (mentionOf[i]! >= 0) this.note(mentionOf[i]!, Note.Mention, authorOf[i]!, isGroup, plan.subject, at, i);
    }

    // Group conversations start with their first post (pitch conversations with the pitch).
    const threads = new BatchWriter(this.db, 'threads', { id: 'bigint', subject_type: 'text', subject_id: 'bigint', created_by: 'bigint', created_at: 'timestamptz' }, null, { overridingIdentity: true });
    for (const { id, group } of groupThreads) await threads.add(id, 'group', group.id, this.memberIds[group.creator], group.created + day);
    await threads.close();

    const posts = new BatchWriter(
      this.db,
      'posts',
      {
        id: 'bigint', thread_id: 'bigint', parent_id: 'bigint', quote_of: 'bigint', author_id: 'bigint', body: 'text', deleted: 'boolean', helpful: 'boolean', created_at: 'timestamptz', edited_at: 'timestamptz', deleted_at: 'timestamptz',
        hidden_at: 'timestamptz', hidden_reason: 'text', hidden_by: 'bigint',
      },
      {
        id: 't.id', thread_id: 't.thread_id', parent_id: 't.parent_id', quote_of: 't.quote_of', author_id: 't.author_id', body: 't.body',
        // As createPost writes it; a deleted post is no longer searchable (deletePost).
        search: `case when t.deleted then ''::tsvector else to_tsvector('english', t.body) end`,
        helpful: 't.helpful', created_at: 't.created_at', edited_at: 't.edited_at', deleted_at: 't.deleted_at', hidden_at: 't.hidden_at', hidden_reason: 't.hidden_reason', hidden_by: 't.hidden_by',
      },
      { overridingIdentity: true, batchSize: 5000, onWritten: (rows) => bar?.tick(rows) },
    );
    const revisions = new BatchWriter(this.db, 'post_revisions', { post_id: 'bigint', body: 'text', edited_by: 'bigint', edited_at: 'timestamptz' }, null);
    const mentions = new BatchWriter(this.db, 'post_mentions', { post_id: 'bigint', user_id: 'bigint' }, null, { batchSize: 10_000 });
    const reactionRows = new BatchWriter(this.db, 'post_reactions', { post_id: 'bigint', user_id: 'bigint', reaction: 'text', created_at: 'timestamptz' }, null, { batchSize: 10_000 });
    const flagRows = new BatchWriter(
      this.db,
      'flags',
      { subject_type: 'text', subject_id: 'bigint', reporter_id: 'bigint', reason: 'text', status: 'text', created_at: 'timestamptz', resolved_by: 'bigint', resolved_at: 'timestamptz' },
      null,
    );
    const log = new BatchWriter(this.db, 'moderation_log', { actor_id: 'bigint', action: 'text', subject_type: 'text', subject_id: 'bigint', reason: 'text', created_at: 'timestamptz' }, null);
    const moderator = this.benchIndex[0] !== undefined ? this.memberIds[this.benchIndex[0]]! : null;
    let revisionCount = 0;
    let reactionCount = 0;
    let mentionCount = 0;
    let flagCount = 0;
    for (let rank = 0; rank < total; rank++) {
      const i = order[rank]!;
      const plan = plans[planOf[i]!]!;
      const r = Random.derive(this.seed, 9, i);
      const w = this.writer(r);
      const theme = r.chance(0.8) ? themes[plan.theme]! : w.theme();
      const parent = parentOf[i]!;
      const mentioned = mentionOf[i]!;
      const body = w.postBody(theme, parent >= 0 ? this.memberNames[authorOf[parent]!]!.split(' ')[0]! : null, mentioned >= 0 ? this.memberHandles[mentioned]! : null);
      const f = flags[i]!;
      const at = createdAt[i]!;
      const id = this.postIdOf[i]!;
      const edited = f & Edited ? at + r.int(5, 600) * 60_000 : null;
      const hiddenAt = f & Hidden ? at + r.int(1, 48) * 3_600_000 : null;
      await posts.add(
        id,
        plan.id,
        parent >= 0 ? this.postIdOf[parent] : null,
        f & Quote && parent >= 0 ? this.postIdOf[parent] : null,
        this.memberIds[authorOf[i]!],
        body,
        (f & Deleted) !== 0,
        (f & Helpful) !== 0,
        at,
        edited,
        f & Deleted ? at + r.int(1, 72) * 3_600_000 : null,
        hiddenAt,
        hiddenAt ? r.pick(hideReasons) : null,
        hiddenAt ? moderator : null,
      );
      if (edited) {
        await revisions.add(id, w.postBody(theme, null, null), this.memberIds[authorOf[i]!], edited);
        revisionCount++;
      }
      if (mentioned >= 0) {
        await mentions.add(id, this.memberIds[mentioned]);
        mentionCount++;
      }
      if (!(f & Deleted) && r.chance(0.15)) {
        const reactors = new Set<number>();
        const howMany = r.int(1, 4);
        for (let k = 0; k < howMany; k++) reactors.add(plan.pool ? r.pick(plan.pool) : this.memberAt(r, this.now, 0.8));
        for (const reactor of reactors) {
          await reactionRows.add(id, this.memberIds[reactor], r.pick(reactions), this.timeAfter(r, at, 4));
          reactionCount++;
        }
      }
      if (hiddenAt) {
        await flagRows.add('post', id, this.memberIds[this.memberAt(r, at)], 'This looks like spam.', 'resolved', at + 60_000, moderator, hiddenAt);
        await log.add(moderator, 'hide', 'post', id, r.pick(hideReasons), hiddenAt);
        flagCount++;
      } else if (!(f & Deleted) && r.chance(0.0005)) {
        await flagRows.add('post', id, this.memberIds[this.memberAt(r, at)], 'Please check this post: it names a resident.', 'open', this.timeAfter(r, at, 5), null, null);
        flagCount++;
      }
    }
    await posts.close();
    await revisions.close();
    await mentions.close();
    await reactionRows.close();
    await flagRows.close();
    await log.close();

    // Posting makes a member follow the conversation (createPost); the team already follows.
    const followers = new BatchWriter(this.db, 'thread_followers', { thread_id: 'bigint', user_id: 'bigint', created_at: 'timestamptz' }, null, { batchSize: 10_000 });
    for (const [thread, member, at] of followerRows) await followers.add(thread, this.memberIds[member], at);
    await followers.close();
    bar?.finish();

    // New pitches that fit some members' interests are suggested to them (a weekly email by default).
    for (const [p, pitch] of published.entries()) {
      const r = Random.derive(this.seed, 10, p);
      if (this.pitchPool(pitch) || pitch.group >= 0 || !r.chance(0.2)) continue;
      const howMany = r.int(1, 4);
      for (let k = 0; k < howMany; k++) this.note(this.memberAt(r, pitch.published!, 0.3), Note.Match, pitch.author, false, pitch.index, pitch.published! + 3_600_000);
    }
    // A pitch's last activity: its latest stage change, publication or post (recordReplyOnPitch).
    for (let i = 0; i < total; i++) {
      const plan = plans[planOf[i]!]!;
      if (plan.type === 'pitch') {
        const pitch = this.pitches[plan.subject]!;
        if (createdAt[i]! > pitch.lastActivity) pitch.lastActivity = createdAt[i]!;
      }
    }
    this.counts.threads = this.pitches.length + groupThreads.length;
    this.counts.posts = total;
    this.counts.postRevisions = revisionCount;
    this.counts.postReactions = reactionCount;
    this.counts.postMentions = mentionCount;
    this.counts.flags = flagCount;
    this.counts.threadFollowers = followerRows.length + this.pitches.reduce((sum, p) => sum + p.team.length, 0);
  }

  // ---- Knowledge --------------------------------------------------------------------------------

  private async knowledge() {
    const count = this.size.knowledgePages;
    const existing = await this.db.selectFrom('knowledge_pages').select('slug').where('group_id', 'is', null).execute();
    const taken = new Set(existing.map((p) => p.slug));
    interface Page {
      id: number;
      slug: string;
      title: string;
      template: 'case-study' | 'how-to' | 'meeting-notes' | null;
      theme: number;
      created: number;
    }
    const pages: Page[] = [];
    const span = this.now - this.start - 7 * day;
    for (let i = 0; i < count; i++) {
      const r = Random.derive(this.seed, 11, i);
      const w = this.writer(r);
      const themeIndex = r.int(0, themes.length - 1);
      const pattern = r.pick(knowledgeTitlePatterns);
      let title = capitalise(w.fill(pattern.pattern, themes[themeIndex]!, { month: `${r.pick(months)} ${new Date(this.now).getUTCFullYear() - r.int(0, 2)}` })).slice(0, 140);
      let slug = slugFor(title);
      // Page addresses are unique and never numbered by the hub: a repeated title gets a number
      // of its own, after a base short enough for the number to stay in the address.
      const base = title.length > 60 ? title.slice(0, 60).replace(/\s+\S*$/, '') : title;
      for (let n = 2; !slug || taken.has(slug); n++) {
        title = `${base} (${n})`;
        slug = slugFor(title);
      }
      taken.add(slug);
      pages.push({ id: this.offsets.knowledge_pages! + i + 1, slug, title, template: pattern.template, theme: themeIndex, created: this.start + 6 * day + span * Math.pow((i + r.next()) / count, 0.9) });
    }
    interface Revision {
      page: Page;
      number: number;
      title: string;
      body: string;
      summary: string;
      author: number;
      at: number;
    }
    const revisions: Revision[] = [];
    const current = new Map<number, Revision>();
    for (const [i, page] of pages.entries()) {
      const r = Random.derive(this.seed, 12, i);
      const w = this.writer(r);
      const theme = themes[page.theme]!;
      const howMany = r.pareto(1, 1.3, 40);
      const times = Array.from({ length: howMany }, (_, k) => (k === 0 ? page.created : this.timeAfter(r, page.created, 1.2))).sort((a, b) => a - b);
      const links = r.sample(pages, Math.min(pages.length, r.int(0, 4))).filter((other) => other !== page).map((other) => other.title);
      if (r.chance(0.15)) links.push(capitalise(w.fill('{Thing} toolkit', theme)));
      let body = w.knowledgeBody(theme, links);
      let title = page.title;
      for (let k = 0; k < howMany; k++) {
        if (k > 0) {
          body = r.chance(0.5) ? `${body}\n\n${w.paragraph(theme, r.int(1, 3))}` : body.replace(/^[^\n]+/, w.paragraph(theme, r.int(2, 3)));
          if (r.chance(0.05)) title = `${page.title.replace(/ \(\d+\)$/, '')}: ${r.pick(['updated', 'revised', 'second edition'])}`.slice(0, 150);
        }
        const revision: Revision = {
          page,
          number: k + 1,
          title,
          body: body.slice(0, 50_000),
          summary: k === 0 ? t('knowledge.summary.created') : r.pick(['Added a section on costs', 'Fixed typos', 'Updated the steps', 'Added links to related pages', 'New contact details', '']),
          author: this.memberAt(r, times[k]!),
          at: times[k]!,
        };
        revisions.push(revision);
        current.set(page.id, revision);
      }
    }
    revisions.sort((a, b) => a.at - b.at || a.page.id - b.page.id || a.number - b.number);
    const revisionIds = new Map<Revision, number>();
    revisions.forEach((revision, rank) => revisionIds.set(revision, this.offsets.knowledge_revisions! + rank + 1));

    const bar = this.progress('Knowledge pages', pages.length + revisions.length);
    const pageWriter = new BatchWriter(
      this.db,
      'knowledge_pages',
      { id: 'bigint', slug: 'text', title: 'text', template: 'text', plain: 'text', created_by: 'bigint', created_at: 'timestamptz', updated_at: 'timestamptz', version: 'int' },
      {
        id: 't.id', slug: 't.slug', title: 't.title', template: 't.template',
        search: `setweight(to_tsvector('english', t.title), 'A') || setweight(to_tsvector('english', t.plain), 'C')`,
        created_by: 't.created_by', created_at: 't.created_at', updated_at: 't.updated_at', version: 't.version',
      },
      { overridingIdentity: true, batchSize: 1000, onWritten: (rows) => bar?.tick(rows) },
    );
    const links = new BatchWriter(this.db, 'knowledge_links', { from_page_id: 'bigint', to_slug: 'text' }, null);
    const firstRevision = new Map(revisions.filter((revision) => revision.number === 1).map((revision) => [revision.page.id, revision]));
    for (const page of pages) {
      const last = current.get(page.id)!;
      const first = firstRevision.get(page.id)!;
      await pageWriter.add(page.id, page.slug, last.title, page.template, markdownToText(last.body), this.memberIds[first.author], page.created, last.at, last.number);
      for (const slug of linkedSlugs(last.body)) await links.add(page.id, slug);
    }
    await pageWriter.close();
    await links.close();
    const revisionWriter = new BatchWriter(
      this.db,
      'knowledge_revisions',
      { id: 'bigint', page_id: 'bigint', number: 'int', title: 'text', body: 'text', summary: 'text', author_id: 'bigint', created_at: 'timestamptz' },
      null,
      { overridingIdentity: true, batchSize: 1000, onWritten: (rows) => bar?.tick(rows) },
    );
    for (const revision of revisions) {
      await revisionWriter.add(revisionIds.get(revision), revision.page.id, revision.number, revision.title, revision.body, revision.summary, this.memberIds[revision.author], revision.at);
    }
    await revisionWriter.close();
    // Each page points at its latest revision.
    const pageIds = pages.map((page) => page.id);
    const currentIds = pages.map((page) => revisionIds.get(current.get(page.id)!)!);
    for (let start = 0; start < pageIds.length; start += 5000) {
      await sql`update knowledge_pages p set current_revision_id = u.revision
        from unnest(${`{${pageIds.slice(start, start + 5000).join(',')}}`}::bigint[], ${`{${currentIds.slice(start, start + 5000).join(',')}}`}::bigint[]) as u(id, revision)
        where p.id = u.id`.execute(this.db);
    }
    bar?.finish();
    this.counts.knowledgePages = pages.length;
    this.counts.knowledgeRevisions = revisions.length;
  }

  // ---- Activity and notifications ---------------------------------------------------------------

  private async writeActivities() {
    const a = this.activities;
    const order = Array.from({ length: a.at.length }, (_, i) => i).sort((x, y) => a.at[x]! - a.at[y]! || x - y);
    const writer = new BatchWriter(
      this.db,
      'activities',
      { verb: 'text', actor_id: 'bigint', subject_type: 'text', subject_id: 'bigint', summary: 'text', created_at: 'timestamptz' },
      null,
      { batchSize: 10_000 },
    );
    // Written in time order, so their ids (which the activity stream sorts by) follow time too.
    for (const i of order) await writer.add(a.verb[i], this.memberIds[a.actor[i]!], 'pitch', this.pitches[a.pitch[i]!]!.id, a.summary[i], a.at[i]);
    await writer.close();
    this.counts.activities = order.length;
  }

  private async writeNotifications() {
    const n = this.notes;
    const total = n.at.length;
    const order = new Int32Array(total);
    for (let i = 0; i < total; i++) order[i] = i;
    order.sort((x, y) => n.at[x]! - n.at[y]! || x - y);
    const preferences = new Map<string, string>();
    for (const row of await this.db.selectFrom('notification_preferences').select(['user_id', 'kind', 'delivery']).execute()) preferences.set(`${row.user_id}:${row.kind}`, row.delivery);
    const bar = this.progress('Notifications', total);
    const writer = new BatchWriter(
      this.db,
      'notifications',
      { user_id: 'bigint', kind: 'text', actor_id: 'bigint', subject_type: 'text', subject_id: 'bigint', text: 'text', url: 'text', created_at: 'timestamptz', read_at: 'timestamptz', delivery: 'text', emailed_at: 'timestamptz' },
      null,
      { batchSize: 10_000, onWritten: (rows) => bar?.tick(rows) },
    );
    const kinds = ['reply', 'reply', 'mention', 'signal', 'match'];
    const defaults: Record<string, string> = { reply: 'immediately', mention: 'immediately', signal: 'immediately', match: 'weekly' };
    for (const i of order) {
      const r = Random.derive(this.seed, 13, i);
      const kind = n.kind[i]! as Note;
      const recipient = n.recipient[i]!;
      const actor = n.actor[i]!;
      const isGroup = n.subjectGroup[i] === 1;
      const subject = isGroup ? this.groups[n.subject[i]!]! : this.pitches[n.subject[i]!]!;
      const title = isGroup ? (subject as GroupRecord).name : (subject as PitchRecord).title;
      const actorName = actor >= 0 ? this.memberNames[actor]! : '';
      let text: string;
      let url: string;
      switch (kind) {
        case Note.Reply:
          text = t('conversations.notify.reply', { actor: actorName, title });
          url = `/posts/${this.postIdOf[n.extra[i]!]}`;
          break;
        case Note.Post:
          text = t('conversations.notify.post', { actor: actorName, title });
          url = `/posts/${this.postIdOf[n.extra[i]!]}`;
          break;
        case Note.Mention:
          text = t('conversations.notify.mention', { actor: actorName, title });
          url = `/posts/${this.postIdOf[n.extra[i]!]}`;
          break;
        case Note.Signal: {
          const signal = signalKinds[n.extra[i]!] as 'can-help' | 'would-use' | 'could-fund' | 'need-too';
          text = t(`signals.notify.${signal}`, { name: actorName, title, organisation: n.extra2[i]! >= 0 ? this.organisationNames[n.extra2[i]!]! : '' });
          url = `/pitches/${(subject as PitchRecord).slug}#signals`;
          break;
        }
        default:
          text = t('matches.notify', { title });
          url = `/pitches/${(subject as PitchRecord).slug}`;
      }
      const kindName = kinds[kind]!;
      const delivery = preferences.get(`${this.memberIds[recipient]}:${kindName}`) ?? defaults[kindName]!;
      const at = n.at[i]!;
      const old = at < this.now - 14 * day;
      const read = r.chance(old ? 0.9 : 0.3) ? Math.min(this.now - 1000, at + r.int(1, 72) * 3_600_000) : null;
      await writer.add(
        this.memberIds[recipient],
        kindName,
        actor >= 0 ? this.memberIds[actor] : null,
        isGroup ? 'group' : 'pitch',
        subject.id,
        text.slice(0, 500),
        url,
        at,
        read,
        delivery,
        // Already emailed (at once or in a summary), so the first start of the hub sends no backlog.
        delivery === 'off' ? null : at + 60_000,
      );
    }
    await writer.close();
    bar?.finish();
    this.counts.notifications = total;
  }

  // ---- Counters ----------------------------------------------------------------------------------

  /**
   * Every counter, recounted from the rows with the same definitions the commands use, so they
   * cannot disagree: member_count (groups.commands recount), threads' post_count and last_post_at
   * (createPost/deletePost), pitches' signal_count and need_count (signals.commands recount) and
   * reply_count (recordReplyOnPitch).
   */
  private async recount() {
    const bar = this.progress('Counters', 5);
    const groupsFrom = this.offsets.groups!;
    const threadsFrom = this.offsets.threads!;
    const pitchesFrom = this.offsets.pitches!;
    await sql`update groups g set member_count = c.n
      from (select group_id, count(*)::int as n from group_members where status = 'active' group by group_id) c
      where c.group_id = g.id and g.id > ${groupsFrom}`.execute(this.db);
    bar?.tick();
    await sql`update threads th set post_count = c.n, last_post_at = c.last
      from (select thread_id, (count(*) filter (where deleted_at is null))::int as n, max(created_at) filter (where deleted_at is null) as last
              from posts group by thread_id) c
      where c.thread_id = th.id and th.id > ${threadsFrom}`.execute(this.db);
    bar?.tick();
    const ids: number[] = [];
    const activity: string[] = [];
    for (const pitch of this.pitches) {
      ids.push(pitch.id);
      activity.push(new Date(pitch.lastActivity).toISOString());
    }
    for (let start = 0; start < ids.length; start += 10_000) {
      await sql`update pitches p set last_activity_at = u.at
        from unnest(${`{${ids.slice(start, start + 10_000).join(',')}}`}::bigint[], ${`{${activity.slice(start, start + 10_000).join(',')}}`}::timestamptz[]) as u(id, at)
        where p.id = u.id`.execute(this.db);
    }
    bar?.tick();
    await sql`update pitches p set signal_count = c.support, need_count = c.need
      from (select pitch_id, (count(*) filter (where kind <> 'follow'))::int as support, (count(*) filter (where kind = 'need-too'))::int as need
              from signals group by pitch_id) c
      where c.pitch_id = p.id and p.id > ${pitchesFrom}`.execute(this.db);
    bar?.tick();
    await sql`update pitches p set reply_count = th.post_count
      from threads th
      where th.subject_type = 'pitch' and th.subject_id = p.id and p.id > ${pitchesFrom}`.execute(this.db);
    bar?.finish();
  }
}

/** Generates a hub of the given size into `db` (migrated already). */
export async function generateHub(db: Database, options: GenerateOptions): Promise<GenerateResult> {
  const started = Date.now();
  const seed = options.seed ?? 1;
  const now = options.now ? options.now.getTime() : Math.floor(Date.now() / day) * day;
  const generator = new HubGenerator(db, { seed, size: datasets[options.dataset], quiet: options.quiet ?? false, now });
  const { apiToken, accounts } = await generator.run(options.force ?? false);
  return { dataset: options.dataset, seed, seconds: (Date.now() - started) / 1000, counts: generator.counts, accounts, apiToken, timings: generator.timings };
}

export class GenerateUsageError extends Error {}

/** `seedbed generate [--size khub|small|tiny] [--seed N] [--force]` */
export async function runGenerate(config: Config, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      size: { type: 'string', default: 'small' },
      dataset: { type: 'string' },
      seed: { type: 'string', default: '1' },
      force: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
    },
  });
  const dataset = values.dataset ?? values.size;
  if (!isDatasetName(dataset)) throw new GenerateUsageError(`--size must be one of ${Object.keys(datasets).join(', ')}.`);
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(seed)) throw new GenerateUsageError('--seed must be a whole number.');
  if (!config.databaseUrl) assertEmbeddedDatabaseFree(config.dataDir);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 4 });
  try {
    await migrateToLatest(database.db);
    const where = database.kind === 'embedded' ? `the embedded database in ${config.dataDir}` : 'PostgreSQL';
    if (!values.quiet) console.error(`Generating the ${dataset} hub (seed ${seed}) into ${where}.`);
    let result: GenerateResult;
    try {
      result = await generateHub(database.db, { dataset, seed, force: values.force, quiet: values.quiet });
    } catch (error) {
      if (error instanceof HubNotEmptyError) throw new GenerateUsageError(error.message);
      console.error('Generation stopped part-way: the database now holds part of a hub. Start again from an empty database.');
      throw error;
    }
    const lines = [
      `Generated the ${dataset} hub in ${result.seconds.toFixed(1)} s:`,
      ...Object.entries(result.counts).map(([name, count]) => `  ${name.padEnd(26)} ${count.toLocaleString('en-GB')}`),
      'Seconds per phase:',
      `  ${Object.entries(result.timings).map(([phase, seconds]) => `${phase} ${seconds.toFixed(1)}`).join(', ')}`,
    ];
    if (result.accounts.length > 0) {
      lines.push('', `Benchmark accounts (password: ${benchPassword}):`, ...result.accounts.map((account) => `  ${account.email} (${account.role})`));
    }
    if (result.apiToken) {
      const file = path.join(config.dataDir, 'bench-credentials.json');
      fs.mkdirSync(config.dataDir, { recursive: true });
      fs.writeFileSync(file, `${JSON.stringify({ dataset, seed, accounts: result.accounts, apiToken: { user: 'bench-1@example.org', token: result.apiToken } }, null, 2)}\n`, { mode: 0o600 });
      lines.push(`Access token of bench-1@example.org: ${result.apiToken}`, `(also saved in ${file})`);
    }
    console.log(lines.join('\n'));
  } finally {
    await database.close();
  }
}

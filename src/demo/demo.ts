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
  password: string;
  admin?: { email: string; password: string };
}

/**
 * Adds the demo members and organisations to a hub. Running it again adds nothing twice: members
 * are recognised by their email and organisations by their name.
 */
export async function fillWithDemo(db: Database, uploadsDir: string, options: { quiet?: boolean } = {}): Promise<DemoResult> {
  const password = `demo-${crypto.randomBytes(6).toString('hex')}`;
  const result: DemoResult = { members: 0, organisations: 0, password };

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
  return result;
}

export async function runDemo(config: Config, _args: string[]) {
  if (!config.databaseUrl) assertEmbeddedDatabaseFree(config.dataDir);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(database.db);
    const result = await fillWithDemo(database.db, config.uploadsDir);
    console.log(`Added ${result.members} demo members and ${result.organisations} organisations.`);
    if (result.members > 0) console.log(`Demo members (e.g. ${demoEmail(demoMembers[0]!.name)}) sign in with the password: ${result.password}`);
    if (result.admin) console.log(`The hub was not set up yet, so it now has an administrator: ${result.admin.email} / ${result.admin.password}`);
  } finally {
    await database.close();
  }
}

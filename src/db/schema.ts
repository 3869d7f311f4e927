import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface HubSettingsTable {
  id: Generated<number>;
  name: string;
  description: Generated<string>;
  created_at: Generated<Date>;
}

export interface InstanceSecretsTable {
  name: string;
  value: string;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  password_hash: string;
  display_name: string;
  handle: string;
  role: Generated<'admin' | 'member'>;
  status: Generated<'active' | 'suspended'>;
  suspended_reason: string | null;
  email_verified_at: NullableTimestamp;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Timestamp;
}

export interface EmailTokensTable {
  token_hash: string;
  user_id: number;
  purpose: 'verify-email' | 'reset-password';
  created_at: Generated<Date>;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface EmailsTable {
  id: Generated<number>;
  recipient: string;
  subject: string;
  body_text: string;
  body_html: string | null;
  status: Generated<'queued' | 'sent' | 'failed' | 'outbox'>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Generated<Date>;
  sent_at: NullableTimestamp;
}

export type FieldVisibility = 'everyone' | 'members' | 'only-me';

export interface ProfileLink {
  label: string;
  url: string;
}

export interface ProfilesTable {
  user_id: number;
  bio: Generated<string>;
  photo: string | null;
  sector: string | null;
  roles: Generated<string[]>;
  place: Generated<string>;
  local_authority: string | null;
  interests: Generated<string[]>;
  skills: Generated<string>;
  needs: Generated<string>;
  links: ColumnType<ProfileLink[], string | undefined, string>;
  visibility: ColumnType<Record<string, FieldVisibility>, string | undefined, string>;
  search_everyone: ColumnType<string, string | undefined, string>;
  search_members: ColumnType<string, string | undefined, string>;
  updated_at: Generated<Date>;
}

export interface OrganisationsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  kind: string;
  size: string | null;
  place: Generated<string>;
  local_authority: string | null;
  website: string | null;
  description: Generated<string>;
  tags: Generated<string[]>;
  search: ColumnType<string, string | undefined, string>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface OrganisationMembersTable {
  organisation_id: number;
  user_id: number;
  role: Generated<'admin' | 'member'>;
  status: Generated<'pending' | 'active'>;
  message: Generated<string>;
  created_at: Generated<Date>;
  decided_at: NullableTimestamp;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  token_prefix: string;
  created_at: Generated<Date>;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface DB {
  hub_settings: HubSettingsTable;
  instance_secrets: InstanceSecretsTable;
  users: UsersTable;
  sessions: SessionsTable;
  email_tokens: EmailTokensTable;
  emails: EmailsTable;
  profiles: ProfilesTable;
  organisations: OrganisationsTable;
  organisation_members: OrganisationMembersTable;
  api_tokens: ApiTokensTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;

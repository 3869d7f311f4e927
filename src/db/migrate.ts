import type { Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import * as foundation from './migrations/0001_foundation.ts';
import * as exchange from './migrations/0002_exchange.ts';
import * as groups from './migrations/0003_groups.ts';
import * as knowledge from './migrations/0004_knowledge.ts';
import * as groupPitches from './migrations/0005_group_pitches.ts';
import * as moderation from './migrations/0006_moderation.ts';
import * as groupLife from './migrations/0007_group_life.ts';
import * as groupKnowledge from './migrations/0008_group_knowledge.ts';
import * as moderationContent from './migrations/0009_moderation_content.ts';
import * as sharedRateLimits from './migrations/0010_shared_rate_limits.ts';
import * as events from './migrations/0011_events.ts';
import * as conferenceSessions from './migrations/0012_conference_sessions.ts';
import * as stories from './migrations/0013_stories.ts';
import * as awards from './migrations/0014_awards.ts';
import * as postReferenceIndexes from './migrations/0015_post_reference_indexes.ts';
import * as storiesMore from './migrations/0016_stories_more.ts';
import * as eventFollowUp from './migrations/0017_event_follow_up.ts';
import * as changeNotifications from './migrations/0018_change_notifications.ts';
import * as groupMemberOrder from './migrations/0019_group_member_order.ts';

/** Migrations in the order they run; a new one is appended, never edited once released. */
const migrations: Record<string, Migration> = {
  '0001_foundation': foundation,
  '0002_exchange': exchange,
  '0003_groups': groups,
  '0004_knowledge': knowledge,
  '0005_group_pitches': groupPitches,
  '0006_moderation': moderation,
  '0007_group_life': groupLife,
  '0008_group_knowledge': groupKnowledge,
  '0009_moderation_content': moderationContent,
  '0010_shared_rate_limits': sharedRateLimits,
  '0011_events': events,
  '0012_conference_sessions': conferenceSessions,
  '0013_stories': stories,
  '0014_awards': awards,
  '0015_post_reference_indexes': postReferenceIndexes,
  '0016_stories_more': storiesMore,
  '0017_event_follow_up': eventFollowUp,
  '0018_change_notifications': changeNotifications,
  '0019_group_member_order': groupMemberOrder,
};

class ListedMigrations implements MigrationProvider {
  async getMigrations() {
    return migrations;
  }
}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  // Work on several parts of the hub goes on side by side, so a migration with a lower number may
  // land after a higher one has run somewhere. Each migration touches its own tables and columns,
  // so running a late arrival after a higher number is safe.
  const migrator = new Migrator({ db, provider: new ListedMigrations(), allowUnorderedMigrations: true });
  // migrateToLatest returns a result set and never throws; a failure is in `error`.
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

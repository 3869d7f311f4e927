import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { PitchKind } from '../../db/schema.ts';

/**
 * For tests: a pitch written straight into the tables (with its team, the first member as lead),
 * so signals and matching can be tested without going through the pitch forms.
 */
export async function insertPitch(
  db: Database,
  input: {
    slug: string;
    title: string;
    kind?: PitchKind;
    tags?: string[];
    summary?: string;
    status?: 'draft' | 'published';
    team?: number[];
    localAuthority?: string | null;
    online?: boolean;
  },
): Promise<number> {
  const tags = input.tags ?? [];
  const summary = input.summary ?? '';
  const status = input.status ?? 'published';
  const row = await db
    .insertInto('pitches')
    .values({
      slug: input.slug,
      kind: input.kind ?? 'idea',
      title: input.title,
      summary,
      status,
      tags,
      local_authority: input.localAuthority ?? null,
      online: input.online ?? false,
      author_id: input.team?.[0] ?? null,
      published_at: status === 'published' ? new Date() : null,
      search: sql<string>`setweight(to_tsvector('english', ${input.title}::text), 'A')
        || setweight(to_tsvector('english', ${summary}::text), 'B')
        || setweight(to_tsvector('english', ${tags.join(' ')}::text), 'B')`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [index, userId] of (input.team ?? []).entries()) {
    await db.insertInto('pitch_team').values({ pitch_id: row.id, user_id: userId, is_lead: index === 0 }).execute();
  }
  return row.id;
}


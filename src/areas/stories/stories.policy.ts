import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { Viewer } from '../../web/context.ts';

/**
 * Who may see and do what with stories. Stories are hub-wide, never in groups.
 *
 * - A published story is for everyone, unless a moderator has hidden it.
 * - A draft (never published, or taken down) or a hidden story is for its social reporter, the
 *   members who are in it, story facilitators (who moderate stories) and administrators.
 * - Nominations, their review and the follow-up lists are for story facilitators and
 *   administrators (a story's reporter sees its own follow-up list), nobody else.
 * - A story's replication recipe (a hub-wide knowledge page) follows its story: the knowledge
 *   area asks storyVisibleTo for pages that are recipes.
 */

/**
 * THE rule for which stories a viewer may see, as a condition on a query with the stories table
 * in scope under `alias`. Every read goes through it: pages, lists, JSON, CSV, feeds, media, the
 * subject registry (so conversations, notifications and search), and the recipe's knowledge page.
 */
export function storyVisibleTo(viewer: Viewer | null, alias = 'stories'): RawBuilder<boolean> {
  const ref = (column: string) => sql.ref(`${alias}.${column}`);
  const out = sql<boolean>`(${ref('status')} = 'published' and ${ref('hidden_at')} is null)`;
  if (!viewer) return out;
  if (viewer.role === 'admin') return sql<boolean>`true`;
  return sql<boolean>`(${out}
    or ${ref('reporter_id')} = ${viewer.id}
    or exists (select 1 from story_people story_vis_person where story_vis_person.story_id = ${ref('id')} and story_vis_person.user_id = ${viewer.id})
    or exists (select 1 from story_facilitators story_vis_facilitator where story_vis_facilitator.user_id = ${viewer.id}))`;
}

/** Visible to anyone, signed in or not: the only stories public lists, feeds and exports carry. */
export function storyIsPublic(alias = 'stories'): RawBuilder<boolean> {
  return storyVisibleTo(null, alias);
}

export async function visibleStoryIds(db: Database, viewer: Viewer | null, ids: number[]): Promise<Set<number>> {
  const wanted = ids.filter((id) => Number.isSafeInteger(id) && id > 0);
  if (wanted.length === 0) return new Set();
  const rows = await db.selectFrom('stories').select('stories.id').where('stories.id', 'in', wanted).where(storyVisibleTo(viewer)).execute();
  return new Set(rows.map((row) => row.id));
}

/** Administrators, and members an administrator has made story facilitators. */
export async function isStoryFacilitator(db: Database, viewer: Viewer | null): Promise<boolean> {
  if (!viewer) return false;
  if (viewer.role === 'admin') return true;
  const row = await db.selectFrom('story_facilitators').select('user_id').where('user_id', '=', viewer.id).executeTakeFirst();
  return row !== undefined;
}

/** What the viewer is to one story. */
export interface StoryStanding {
  facilitator: boolean;
  reporter: boolean;
  /** One of the people in the story. */
  inStory: boolean;
}

export const noStanding: StoryStanding = { facilitator: false, reporter: false, inStory: false };

/** Writing the story and adding its media: its reporter and the facilitators. */
export function canWriteStory(standing: StoryStanding): boolean {
  return standing.facilitator || standing.reporter;
}

/** Publishing, taking down, choosing the reporter, the recipe and its evidence: facilitators. */
export function canRunStory(standing: StoryStanding): boolean {
  return standing.facilitator;
}

/** The questions nobody in the story has answered: the reporter and the facilitators. */
export function canSeeFollowUp(standing: StoryStanding): boolean {
  return standing.facilitator || standing.reporter;
}

export async function standingOn(db: Database, viewer: Viewer | null, story: { id: number; reporterId: number | null }): Promise<StoryStanding> {
  if (!viewer) return noStanding;
  const [facilitator, person] = await Promise.all([
    isStoryFacilitator(db, viewer),
    db.selectFrom('story_people').select('user_id').where('story_id', '=', story.id).where('user_id', '=', viewer.id).executeTakeFirst(),
  ]);
  return { facilitator, reporter: story.reporterId === viewer.id, inStory: person !== undefined };
}

/** Conversations on a story are moderated by its reporter and the facilitators; they can see it. */
export async function canModerateStory(db: Database, viewer: Viewer | null, id: number): Promise<boolean> {
  if (!viewer || !Number.isSafeInteger(id) || id <= 0) return false;
  const story = await db
    .selectFrom('stories')
    .select(['stories.id', 'stories.reporter_id'])
    .where('stories.id', '=', id)
    .where(storyVisibleTo(viewer))
    .executeTakeFirst();
  if (!story) return false;
  return story.reporter_id === viewer.id || (await isStoryFacilitator(db, viewer));
}

/**
 * For the knowledge area's own rule: a knowledge page that is a story's replication recipe is
 * seen only by those who may see the story. While a story is taken down or hidden by a
 * moderator, its recipe (which names the people in it and how to reach them) is gone with it;
 * publishing or showing the story again brings the recipe back. `pageId` is the page's id column.
 */
export function recipeVisibleTo(viewer: Viewer | null, pageId: RawBuilder<unknown>): RawBuilder<boolean> {
  if (viewer?.role === 'admin') return sql<boolean>`true`;
  return sql<boolean>`not exists (
    select 1 from story_recipes recipe_of join stories recipe_story on recipe_story.id = recipe_of.story_id
     where recipe_of.page_id = ${pageId} and not ${storyVisibleTo(viewer, 'recipe_story')})`;
}

/** Hiding a story and showing it again: story facilitators and administrators (its moderators). */
export async function moderatesStories(db: Database, viewer: Viewer | null): Promise<boolean> {
  return isStoryFacilitator(db, viewer);
}

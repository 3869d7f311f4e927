import sharp from 'sharp';
import type { Database } from '../db/database.ts';
import { demoMembers } from '../data/demo-content.ts';
import { demoLineage, demoStories, demoStoryReport } from '../data/demo-stories.ts';
import { localAuthorities } from '../data/uk-local-authorities.ts';
import { Progress } from '../cli/progress.ts';
import { createPost, followConversation } from '../areas/conversations/conversations.commands.ts';
import { prepareImage } from '../areas/exchange/pitches.files.ts';
import {
  addFacilitator,
  addInterviewAnswer,
  addPhoto,
  createRecipe,
  recordTrial,
  setInterest,
  setPublished,
  startStory,
  updateStory,
} from '../areas/stories/stories.commands.ts';
import { addPitchOrigin } from '../areas/stories/lineage.ts';
import { newStoredPath, writeStoredFile } from '../areas/stories/stories.media.ts';
import { recipeHeading, type RecipeSection } from '../areas/stories/stories.text.ts';

const authorityCode = new Map(localAuthorities.map((authority) => [authority.name, authority.code]));
const sections: RecipeSection[] = ['context', 'problem', 'whatWasDone', 'whoWasInvolved', 'cost', 'outcomes', 'didNotWork', 'replicate', 'contacts'];

function monthsAgo(months: number): string {
  const date = new Date();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() - months);
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** A photo drawn for the demo: a coloured card with a simple shape, as a real upload would be stored. */
async function drawnPhoto(colour: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="500"><rect width="800" height="500" fill="${colour}"/><circle cx="400" cy="250" r="140" fill="#ffffff" fill-opacity="0.35"/><rect x="120" y="380" width="560" height="40" fill="#ffffff" fill-opacity="0.5"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

/**
 * Published stories with their people, photos, interviews, questions and answers, interest, a
 * replication recipe and where they have been tried since; a nomination waiting for review; a
 * reporter who is also a story facilitator; pitches adapted from a story and from another pitch;
 * and a member's report on a story for the moderators. A story whose title is taken is left alone.
 */
export async function addDemoStories(db: Database, uploadsDir: string, userIds: Map<string, number>, quiet: boolean): Promise<number> {
  const bar = quiet ? undefined : new Progress('Demo stories', demoStories.length);
  const idOf = (name: string) => userIds.get(name);
  // The reporter of the first story is also a story facilitator: a member, not an administrator.
  const facilitatorId = demoStories[0] ? idOf(demoStories[0].reporter) : undefined;
  if (facilitatorId !== undefined) await addFacilitator(db, facilitatorId, facilitatorId);
  let added = 0;
  for (const story of demoStories) {
    const exists = await db.selectFrom('stories').select('id').where('title', '=', story.title).executeTakeFirst();
    const reporterId = idOf(story.reporter);
    if (exists || reporterId === undefined) {
      bar?.tick();
      continue;
    }
    const peopleIds = story.inStory.map(idOf).filter((id): id is number => id !== undefined);
    const created = await startStory(db, facilitatorId ?? null, { title: story.title, reporterId });
    await updateStory(
      db,
      created.id,
      reporterId,
      {
        title: story.title,
        summary: story.summary,
        body: story.body,
        people: story.people,
        place: story.place,
        localAuthority: story.localAuthorityName ? (authorityCode.get(story.localAuthorityName) ?? null) : null,
        tags: [...story.tags],
        storyPeople: [],
        adaptedFrom: '',
        adaptedNote: '',
      },
      { peopleIds, adaptedFromId: null },
    );
    for (const id of [reporterId, ...peopleIds]) await followConversation(db, { type: 'story', id: created.id }, id);
    for (const pair of story.interview) await addInterviewAnswer(db, created.id, reporterId, pair);
    for (const photo of story.photos) {
      const prepared = await prepareImage(await drawnPhoto(photo.colour));
      if (!prepared.ok) continue;
      const storedPath = newStoredPath(prepared.file.extension);
      await writeStoredFile(uploadsDir, storedPath, prepared.file.data);
      await addPhoto(db, created.id, reporterId, { storedPath, contentType: prepared.file.contentType, alt: photo.alt, caption: photo.caption });
    }
    await setPublished(db, created.id, true);
    const published = new Date(Date.now() - story.publishedDaysAgo * 86_400_000);
    await db.updateTable('stories').set({ published_at: published, created_at: published }).where('id', '=', created.id).execute();

    // Questions asked soon after publishing, so those still unanswered are on the reporter's follow-up list.
    for (const [index, question] of story.questions.entries()) {
      const askerId = idOf(question.by);
      if (askerId === undefined) continue;
      const asked = await createPost(db, { subject: { type: 'story', id: created.id }, authorId: askerId, body: question.text, parentId: null, quoteOf: null });
      if (!asked.ok) continue;
      const when = new Date(published.getTime() + (index + 1) * 86_400_000);
      await db.updateTable('posts').set({ created_at: when }).where('id', '=', asked.postId).execute();
      if (question.answer && peopleIds[0] !== undefined) {
        const answered = await createPost(db, { subject: { type: 'story', id: created.id }, authorId: peopleIds[0], body: question.answer, parentId: asked.postId, quoteOf: null });
        if (answered.ok) await db.updateTable('posts').set({ created_at: new Date(when.getTime() + 2 * 86_400_000) }).where('id', '=', answered.postId).execute();
      }
    }
    for (const interest of story.interest) {
      const userId = idOf(interest.by);
      if (userId !== undefined) await setInterest(db, created.id, userId, interest.kind, interest.organisation);
    }
    if (story.recipe && facilitatorId !== undefined) {
      const body = sections.map((section, index) => `## ${recipeHeading(section)}\n\n${story.recipe!.sections[index]}\n`).join('\n');
      await createRecipe(db, created.id, facilitatorId, {
        title: `How to replicate: ${story.title}`,
        body: `From the story [${story.title}](/stories/${created.slug}).\n\n${body}`,
        evidenceLevel: story.recipe.evidenceLevel,
        evidenceNote: story.recipe.evidenceNote,
      });
    }
    for (const trial of story.triedSince) {
      const userId = idOf(trial.by);
      if (userId === undefined) continue;
      await recordTrial(db, created.id, userId, {
        organisation: trial.organisation,
        place: trial.place,
        localAuthority: trial.localAuthorityName ? (authorityCode.get(trial.localAuthorityName) ?? null) : null,
        triedIn: monthsAgo(trial.monthsAgo),
        outcome: trial.outcome,
        note: trial.note,
      });
    }
    added++;
    bar?.tick();
  }
  bar?.finish();

  // A nomination waiting for the facilitators, from a member whose email is confirmed.
  const nominator = demoMembers[5];
  const nominatorId = nominator ? idOf(nominator.name) : undefined;
  const waiting = await db.selectFrom('story_nominations').select('id').where('people', '=', 'Hilltop Allotment Society').executeTakeFirst();
  if (nominator && nominatorId !== undefined && !waiting) {
    const email = await db.selectFrom('users').select('email').where('id', '=', nominatorId).executeTakeFirstOrThrow();
    await db
      .insertInto('story_nominations')
      .values({
        status: 'waiting',
        people: 'Hilltop Allotment Society',
        place: nominator.place,
        local_authority: nominator.localAuthorityName ? (authorityCode.get(nominator.localAuthorityName) ?? null) : null,
        what: 'They gave ten plots to the food bank, which grows vegetables for its parcels with volunteers from the job centre.',
        why: 'Fresh food in every parcel, and people out of work learning to grow it.',
        nominator_name: nominator.name,
        nominator_email: email.email,
        self_nomination: false,
        nominator_id: nominatorId,
        confirmed_at: new Date(),
      })
      .execute();
  }
  await addDemoLineage(db);
  await addDemoReport(db, userIds);
  return added;
}

/** Pitches that say what they were adapted from, by their authors: listed on both sides. */
async function addDemoLineage(db: Database) {
  for (const link of demoLineage) {
    const pitch = await db.selectFrom('pitches').select(['id', 'author_id']).where('title', '=', link.pitch).executeTakeFirst();
    const source =
      'story' in link.from
        ? await db.selectFrom('stories').select('id').where('title', '=', link.from.story).executeTakeFirst()
        : await db.selectFrom('pitches').select('id').where('title', '=', link.from.pitch).executeTakeFirst();
    if (!pitch || !source) continue;
    await addPitchOrigin(db, pitch.id, { type: 'story' in link.from ? 'story' : 'pitch', id: source.id }, pitch.author_id, link.note);
  }
}

/** A member's report on a story, left open in the moderation queue. */
async function addDemoReport(db: Database, userIds: Map<string, number>) {
  const story = await db.selectFrom('stories').select('id').where('title', '=', demoStoryReport.story).executeTakeFirst();
  const reporterId = userIds.get(demoStoryReport.by);
  if (!story || reporterId === undefined) return;
  const open = await db.selectFrom('flags').select('id').where('subject_type', '=', 'story').where('subject_id', '=', story.id).executeTakeFirst();
  if (!open) await db.insertInto('flags').values({ subject_type: 'story', subject_id: story.id, reporter_id: reporterId, reason: demoStoryReport.reason }).execute();
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { t, tMaybe } from '../../i18n/i18n.ts';
import { requireViewer } from '../../web/app.tsx';
import type { FieldErrors, FormValues } from '../../web/components.tsx';
import { pageContext, type Viewer } from '../../web/context.ts';
import { sendAtom, sendRss, type Feed } from '../../web/feeds.ts';
import { parseForm } from '../../web/forms.ts';
import { MessagePage } from '../../web/layout.tsx';
import { rateLimited } from '../../web/limits.ts';
import { renderMarkdown } from '../../web/markdown.ts';
import { requestedFormat, sendCsv, sendJson, splitFormat, type Format } from '../../web/representations.ts';
import { answeredPosts, conversationSection, followConversation } from '../conversations/index.ts';
import { prepareImage } from '../exchange/pitches.files.ts';
import { linkedSlugs, renderKnowledgeMarkdown } from '../knowledge/knowledge.links.ts';
import { canEdit as canEditKnowledge } from '../knowledge/knowledge.policy.ts';
import { findPage, hubEditing, resolveLinks } from '../knowledge/knowledge.queries.ts';
import { notify, type NotificationKind } from '../notifications/index.ts';
import { registerAdminRoutes } from './stories.admin.routes.tsx';
import {
  acceptNomination,
  addAdaptedPitch,
  addInterviewAnswer,
  addPhoto,
  answerQuestion,
  askForMore,
  confirmNomination,
  createRecipe,
  declineNomination,
  nominate,
  questionForToken,
  recordTrial,
  removeClip,
  removeInterviewAnswer,
  removePhoto,
  removeTrial,
  setEmbeddedClip,
  setEvidence,
  setInterest,
  setPublished,
  setReporter,
  setUploadedClip,
  sweepUnconfirmed,
  updateStory,
  withdrawInterest,
  type Mail,
} from './stories.commands.ts';
import { NominatePage, NominationPage, NominationSentPage, ReviewPage, AnswerPage } from './nominations.views.tsx';
import { MediaPage, RecipeFormPage, StoryFormPage } from './stories.edit.views.tsx';
import {
  acceptForm,
  adaptPitchForm,
  answerForm,
  askForm,
  declineForm,
  embedForm,
  evidenceForm,
  followUpDays,
  idPattern,
  interestForm,
  interviewForm,
  listingFilters,
  listingQuery,
  memberNominationForm,
  nominationForm,
  photoFields,
  recipeForm,
  reporterForm,
  slugPattern,
  storyForm,
  tokenPattern,
  trialForm,
  videoFields,
} from './stories.forms.ts';
import { FromEventNotice, eventOrigin, nominatedFromEvent, originValue, storyFromNomination } from '../events/events.origin.tsx';
import {
  allowFrameFrom,
  checkCaptions,
  checkVideo,
  embedOrigin,
  newStoredPath,
  parseMultipartBuffer,
  parseVideoAddress,
  photoRequestLimitBytes,
  removeStoredFiles,
  sendStoredFile,
  textFields,
  uploadedFile,
  videoRequestLimitBytes,
  watchUrl,
  writeStoredFile,
} from './stories.media.ts';
import { canRunStory, canSeeFollowUp, canWriteStory, isStoryFacilitator, standingOn, type StoryStanding } from './stories.policy.ts';
import {
  adaptedPitchLinks,
  adaptedStories,
  clipFiles,
  deskStories,
  findNomination,
  findStory,
  followUpList,
  interestList,
  interestOf,
  listStories,
  membersByHandle,
  nominationOf,
  photoFile,
  pitchesOf,
  publicStories,
  reviewQueue,
  trialsOf,
  videoHosts,
  visibleStoryId,
  type StoryCard,
  type StoryDetail,
} from './stories.queries.ts';
import { storyListSchema, storySchema, type StorySummaryJson } from './stories.schemas.ts';
import { formatMonth, recipeHeading, storyPath, type RecipeSection } from './stories.text.ts';
import {
  AdaptFormPage,
  DeskPage,
  FollowUpPage,
  InterestFormPage,
  ListingPage,
  RecipePage,
  ReporterFormPage,
  StoryPage,
  TrialFormPage,
  type AdaptedItem,
} from './stories.views.tsx';
import { storySubject } from './story.subject.ts';

type SlugParams = { Params: { slug: string } };
type IdParams = { Params: { id: string } };
type SlugIdParams = { Params: { slug: string; id: string } };
type TokenParams = { Params: { token: string } };

const csvColumns = [
  'slug',
  'title',
  'summary',
  'url',
  'place',
  'local_authority_code',
  'local_authority_name',
  'tags',
  'published_at',
  'interested',
  'trying',
  'evidence_level',
  'clip',
];

function html(reply: FastifyReply, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8');
}

function badQuery(reply: FastifyReply, errors: Record<string, string>) {
  const readable = Object.fromEntries(Object.entries(errors).map(([key, message]) => [key, tMaybe(message)]));
  return reply.code(400).send({ error: 'invalid-query', message: 'Some of the query parameters are not valid.', errors: readable });
}

function body(request: FastifyRequest): Record<string, unknown> {
  const value = request.body;
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** Renames fields between a form's own names and a schema's (several forms share one page). */
function renamed(values: Record<string, unknown>, names: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(names).map(([from, to]) => [to, values[from]]));
}

function renamedErrors(errors: FieldErrors, names: Record<string, string>): FieldErrors {
  const back = Object.fromEntries(Object.entries(names).map(([from, to]) => [to, from]));
  return Object.fromEntries(Object.entries(errors).map(([key, message]) => [back[key] ?? key, message]));
}

export async function storiesArea(app: FastifyInstance) {
  app.subjects.register(storySubject);
  const publicUrl = app.config.publicUrl;
  const mail = (): Mail => ({ mailer: app.mailer, context: { hubName: app.hub.name(), publicUrl } });

  // Nominations nobody confirmed are deleted once their link has expired: they hold a stranger's email.
  app.jobs.define('story-nominations-sweep', async () => void (await sweepUnconfirmed(app.db)), { cron: '41 3 * * *' });

  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    app.showMessage(request, reply, 404, { title: 'error.notFound.title', body: 'error.notFound.body' });
  const forbidden = (request: FastifyRequest, reply: FastifyReply) =>
    app.showMessage(request, reply, 403, { title: 'error.forbidden.title', body: 'error.forbidden.body' });
  const invalidLink = (request: FastifyRequest, reply: FastifyReply) =>
    html(reply, 410).send(<MessagePage page={pageContext(request, reply)} title={t('stories.link.invalid.title')} body={t('stories.link.invalid.body')} />);

  async function tell(kind: NotificationKind, recipients: number[], actor: Viewer, story: { id: number; slug: string }, text: string) {
    if (recipients.length === 0) return;
    try {
      await notify(app, { recipients, kind, actorId: actor.id, subject: { type: 'story', id: story.id }, text, url: storyPath(story.slug) });
    } catch (error) {
      // What was done is saved; a notification that failed must not make it look as if it was not.
      app.log.error({ err: error }, 'Notifying members about a story failed');
    }
  }

  /** The reporter and the people in the story hear of new interest and trials. */
  const storyTeam = (story: StoryDetail) => [...new Set([...(story.reporterId ? [story.reporterId] : []), ...story.storyPeople.map((p) => p.id)])];

  // ---- Loading a story --------------------------------------------------------------------------

  /** Anything about a draft is for the few who may see it: no shared cache keeps it. */
  function privateUnlessPublished(reply: FastifyReply, story: Pick<StoryCard, 'status' | 'hidden'>, viewer: Viewer | null) {
    if (story.status !== 'published' || story.hidden) reply.header('cache-control', 'private, no-store');
    else if (viewer) reply.header('cache-control', 'private, no-cache');
  }

  async function visible(request: FastifyRequest, reply: FastifyReply, slug: string): Promise<{ story: StoryDetail; standing: StoryStanding } | undefined> {
    const story = slugPattern.test(slug) ? await findStory(app.db, request.viewer, slug) : undefined;
    if (!story) {
      notFound(request, reply);
      return undefined;
    }
    privateUnlessPublished(reply, story, request.viewer);
    return { story, standing: await standingOn(app.db, request.viewer, story) };
  }

  /** For the story's reporter and the facilitators; otherwise the reply is already sent. */
  async function writable(request: FastifyRequest<SlugParams>, reply: FastifyReply) {
    if (!requireViewer(request, reply)) return undefined;
    const found = await visible(request, reply, request.params.slug);
    if (!found) return undefined;
    if (!canWriteStory(found.standing)) {
      forbidden(request, reply);
      return undefined;
    }
    return { ...found, viewer: request.viewer };
  }

  /** For facilitators only. */
  async function runnable(request: FastifyRequest<SlugParams>, reply: FastifyReply) {
    const found = await writable(request, reply);
    if (!found) return undefined;
    if (!canRunStory(found.standing)) {
      forbidden(request, reply);
      return undefined;
    }
    return found;
  }

  /** For signed-in members, on a published story (interest, trials and lineage are about what is out). */
  async function signedInOnPublished(request: FastifyRequest<SlugParams>, reply: FastifyReply) {
    if (!requireViewer(request, reply)) return undefined;
    const found = await visible(request, reply, request.params.slug);
    if (!found) return undefined;
    if (found.story.status !== 'published' || found.story.hidden) {
      reply.flash('info', t('stories.notPublished'));
      reply.redirect(storyPath(found.story.slug), 303);
      return undefined;
    }
    return { ...found, viewer: request.viewer };
  }

  // ---- Representations --------------------------------------------------------------------------

  const summaryJson = (story: StoryCard): StorySummaryJson => ({
    slug: story.slug,
    title: story.title,
    summary: story.summary,
    url: `${publicUrl}${storyPath(story.slug)}`,
    place: story.place,
    localAuthority: story.localAuthority,
    tags: story.tags,
    status: story.status,
    publishedAt: story.publishedAt ? story.publishedAt.toISOString() : null,
    updatedAt: story.updatedAt.toISOString(),
    interest: { interested: story.interestedCount, trying: story.tryingCount },
    evidenceLevel: story.evidenceLevel,
    clip: story.clipKind === 'upload' ? 'video' : story.clipKind === 'embed' ? 'embed' : null,
  });

  const personJson = (person: { handle: string; name: string }) => ({ handle: person.handle, name: person.name, url: `${publicUrl}/members/${person.handle}` });

  async function adaptedSince(viewer: Viewer | null, storyId: number): Promise<AdaptedItem[]> {
    const [stories, pitchLinks] = await Promise.all([adaptedStories(app.db, viewer, storyId), adaptedPitchLinks(app.db, storyId)]);
    // Pitches are seen by their own rule (a draft or a closed group's pitch stays with its people).
    const pitches = await app.subjects.filterVisible(app.db, viewer, pitchLinks);
    const described = await app.subjects.describeAll(app.db, pitches);
    return [
      ...stories.map((s) => ({ kind: 'story' as const, title: s.title, url: storyPath(s.slug), note: s.note })),
      ...pitches.flatMap((p) => {
        const found = described.get(`pitch:${p.subject_id}`);
        return found ? [{ kind: 'pitch' as const, title: found.title, url: found.url, note: p.note }] : [];
      }),
    ];
  }

  // ---- The list ---------------------------------------------------------------------------------

  app.apiDocs.add({
    method: 'get',
    path: '/stories.json',
    summary: 'List stories',
    description:
      'Published stories of innovation, 20 a page: newest first, or with sort=wanted those most members want to try or are interested in; with q, those matching the words, best match first. Filters: tag, area (local authority) and the evidence level of the replication recipe. Stories a moderator has hidden are never listed. Also as CSV (/stories.csv), RSS (/stories.rss) and Atom (/stories.atom).',
    tag: 'Stories',
    auth: 'optional',
    query: listingQuery,
    response: storyListSchema,
    alsoAs: ['text/csv', 'application/rss+xml', 'application/atom+xml'],
  });

  async function listing(request: FastifyRequest, reply: FastifyReply, suffix?: Format) {
    const format = requestedFormat(request, suffix);
    const parsed = parseForm(listingQuery, request.query ?? {});
    if (!parsed.ok) {
      if (format !== 'html') return badQuery(reply, parsed.errors);
      return app.showMessage(request, reply, 400, { title: 'stories.badFilter.title', body: 'stories.badFilter.body' });
    }
    const filters = listingFilters(parsed.data);
    const page = parsed.data.page;
    if (format === 'rss' || format === 'atom') {
      const stories = await publicStories(app.db, filters);
      const feed: Feed = {
        title: `${t('stories.title')} – ${app.hub.name()}`,
        link: `${publicUrl}/stories`,
        self: `${publicUrl}/stories.${format}`,
        description: t('stories.feed.description', { hub: app.hub.name() }),
        items: stories.map((story) => ({
          title: story.title,
          link: `${publicUrl}${storyPath(story.slug)}`,
          guid: `${publicUrl}${storyPath(story.slug)}`,
          published: story.publishedAt ?? story.createdAt,
          updated: story.updatedAt,
          summary: [story.summary, [story.place, story.localAuthority?.name].filter(Boolean).join(', ')].filter(Boolean).join(' – '),
          categories: story.tags,
        })),
      };
      return format === 'rss' ? sendRss(reply, feed) : sendAtom(reply, feed);
    }
    if (format !== 'html' && format !== 'json' && format !== 'csv') return notFound(request, reply);
    const { stories, hasNext } = await listStories(app.db, request.viewer, filters, page);
    if (request.viewer) reply.header('cache-control', 'private, no-cache');
    if (format === 'json') return sendJson(reply, storyListSchema, { stories: stories.map(summaryJson), page, nextPage: hasNext ? page + 1 : null });
    if (format === 'csv') {
      return sendCsv(
        reply,
        'stories',
        csvColumns,
        stories.map((story) => {
          const json = summaryJson(story);
          return {
            ...json,
            local_authority_code: story.localAuthority?.code,
            local_authority_name: story.localAuthority?.name,
            published_at: json.publishedAt,
            interested: story.interestedCount,
            trying: story.tryingCount,
            evidence_level: story.evidenceLevel,
          };
        }),
      );
    }
    const facilitator = await isStoryFacilitator(app.db, request.viewer);
    return html(reply).send(<ListingPage page={pageContext(request, reply)} filters={filters} stories={stories} pageNumber={page} hasNext={hasNext} facilitator={facilitator} />);
  }

  app.get('/stories', (request, reply) => listing(request, reply));
  for (const format of ['json', 'csv', 'rss', 'atom'] as const) app.get(`/stories.${format}`, (request, reply) => listing(request, reply, format));

  // ---- Nominating -------------------------------------------------------------------------------

  /** A member whose email is confirmed nominates under it; anyone else confirms by an emailed link. */
  async function confirmedMember(viewer: Viewer | null): Promise<{ id: number; email: string } | null> {
    if (!viewer?.emailVerified) return null;
    const row = await app.db.selectFrom('users').select('email').where('id', '=', viewer.id).executeTakeFirst();
    return row ? { id: viewer.id, email: row.email } : null;
  }

  /** A nomination made from an event's page, by someone taking part in it: the story it becomes is linked to the event. */
  async function nominationOrigin(viewer: Viewer | null, fields: unknown) {
    const origin = await eventOrigin(app.db, viewer, originValue(fields));
    return { origin, notice: origin ? <FromEventNotice origin={origin} what="story" /> : undefined };
  }

  app.get('/stories/nominate', async (request, reply) => {
    const member = await confirmedMember(request.viewer);
    if (request.viewer) reply.header('cache-control', 'private, no-store');
    const { notice } = await nominationOrigin(request.viewer, request.query);
    return html(reply).send(<NominatePage page={pageContext(request, reply)} member={member} values={{ nominatorName: request.viewer?.displayName ?? '' }} origin={notice} />);
  });

  app.post('/stories/nominate', { config: rateLimited(app, 10, '1 hour') }, async (request, reply) => {
    const member = await confirmedMember(request.viewer);
    const parsed = member ? parseForm(memberNominationForm, request.body) : parseForm(nominationForm, request.body);
    const { origin, notice } = await nominationOrigin(request.viewer, request.body);
    if (!parsed.ok) {
      const { _csrf, website: _website, ...values } = parsed.values;
      return html(reply, 400).send(<NominatePage page={pageContext(request, reply)} member={member} values={values} errors={parsed.errors} origin={notice} />);
    }
    // Only a program fills in the field people cannot see: it is told what a person would be, and nothing is kept.
    if (parsed.data.website !== '') return reply.redirect('/stories/nominate/sent', 303);
    const viewer = request.viewer;
    const data = parsed.data as typeof parsed.data & { nominatorEmail?: string };
    const result = await nominate(
      app.db,
      mail(),
      data,
      viewer ? { id: viewer.id, email: member?.email ?? data.nominatorEmail ?? '', emailVerified: member !== null } : null,
    );
    if (origin && viewer) await nominatedFromEvent(app.db, origin, result.id, viewer.id);
    return reply.redirect(result.confirmed ? '/stories/nominate/received' : '/stories/nominate/sent', 303);
  });

  app.get('/stories/nominate/sent', async (request, reply) => html(reply).send(<NominationSentPage page={pageContext(request, reply)} confirmed={false} />));
  app.get('/stories/nominate/received', async (request, reply) => html(reply).send(<NominationSentPage page={pageContext(request, reply)} confirmed />));

  app.get<TokenParams>('/stories/nominations/confirm/:token', { config: rateLimited(app, 30, '15 minutes') }, async (request, reply) => {
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    const token = request.params.token;
    const result = tokenPattern.test(token) ? await confirmNomination(app.db, mail(), token) : { ok: false as const };
    if (!result.ok) return invalidLink(request, reply);
    return html(reply).send(<MessagePage page={pageContext(request, reply)} title={t('stories.confirmed.title')} body={t('stories.confirmed.body')} />);
  });

  app.get<TokenParams>('/stories/nominations/answer/:token', async (request, reply) => {
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    const token = request.params.token;
    const question = tokenPattern.test(token) ? await questionForToken(app.db, token) : undefined;
    if (!question) return invalidLink(request, reply);
    return html(reply).send(<AnswerPage page={pageContext(request, reply)} action={`/stories/nominations/answer/${token}`} question={question} />);
  });

  app.post<TokenParams>('/stories/nominations/answer/:token', { config: rateLimited(app, 20, '1 hour') }, async (request, reply) => {
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    const token = request.params.token;
    const question = tokenPattern.test(token) ? await questionForToken(app.db, token) : undefined;
    if (!question) return invalidLink(request, reply);
    const parsed = parseForm(answerForm, request.body);
    if (!parsed.ok) {
      return html(reply, 400).send(
        <AnswerPage page={pageContext(request, reply)} action={`/stories/nominations/answer/${token}`} question={question} values={parsed.values} errors={parsed.errors} />,
      );
    }
    const result = await answerQuestion(app.db, token, parsed.data.answer);
    if (!result.ok) return invalidLink(request, reply);
    return reply.redirect('/stories/nominate/answered', 303);
  });

  app.get('/stories/nominate/answered', async (request, reply) =>
    html(reply).send(<MessagePage page={pageContext(request, reply)} title={t('stories.answered.title')} body={t('stories.answered.body')} />),
  );

  // ---- The facilitators' review -------------------------------------------------------------------

  async function facilitatorOnly(request: FastifyRequest, reply: FastifyReply): Promise<Viewer | undefined> {
    if (!requireViewer(request, reply)) return undefined;
    reply.header('cache-control', 'private, no-store');
    if (!(await isStoryFacilitator(app.db, request.viewer))) {
      forbidden(request, reply);
      return undefined;
    }
    return request.viewer;
  }

  app.get('/stories/review', async (request, reply) => {
    if (!(await facilitatorOnly(request, reply))) return reply;
    const { open, decided } = await reviewQueue(app.db);
    return html(reply).send(<ReviewPage page={pageContext(request, reply)} open={open} decided={decided} />);
  });

  async function nominationFor(request: FastifyRequest<IdParams>, reply: FastifyReply) {
    const viewer = await facilitatorOnly(request, reply);
    if (!viewer) return undefined;
    const nomination = idPattern.test(request.params.id) ? await findNomination(app.db, Number(request.params.id)) : undefined;
    if (!nomination) {
      notFound(request, reply);
      return undefined;
    }
    return { viewer, nomination };
  }

  app.get<IdParams>('/stories/review/:id', async (request, reply) => {
    const found = await nominationFor(request, reply);
    if (!found) return reply;
    return html(reply).send(<NominationPage page={pageContext(request, reply)} nomination={found.nomination} />);
  });

  const stillOpen = (reply: FastifyReply, id: number) => {
    reply.flash('info', t('stories.review.alreadyDecided'));
    return reply.redirect(`/stories/review/${id}`, 303);
  };

  app.post<IdParams>('/stories/review/:id/accept', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
    const found = await nominationFor(request, reply);
    if (!found) return reply;
    const { viewer, nomination } = found;
    const show = (errors: FieldErrors, values: FormValues) => html(reply, 400).send(<NominationPage page={pageContext(request, reply)} nomination={nomination} values={values} errors={errors} />);
    const parsed = parseForm(acceptForm, request.body);
    if (!parsed.ok) return show(parsed.errors, parsed.values);
    const reporter = parsed.data.reporter ? (await membersByHandle(app.db, [parsed.data.reporter])).get(parsed.data.reporter) : undefined;
    if (parsed.data.reporter && !reporter) return show({ reporter: 'stories.field.handle.unknown' }, body(request));
    const result = await acceptNomination(app.db, mail(), nomination.id, viewer.id, { title: parsed.data.title, reporterId: reporter?.id ?? null });
    if (!result.ok) return stillOpen(reply, nomination.id);
    await storyFromNomination(app.db, nomination.id, result.storyId);
    if (reporter) await startReporting(viewer, { id: result.storyId, slug: result.slug, title: parsed.data.title }, reporter.id);
    reply.flash('success', t('stories.review.accepted'));
    return reply.redirect(storyPath(result.slug), 303);
  });

  app.post<IdParams>('/stories/review/:id/ask', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
    const found = await nominationFor(request, reply);
    if (!found) return reply;
    const parsed = parseForm(askForm, request.body);
    if (!parsed.ok) return html(reply, 400).send(<NominationPage page={pageContext(request, reply)} nomination={found.nomination} values={parsed.values} errors={parsed.errors} />);
    const result = await askForMore(app.db, mail(), found.nomination.id, found.viewer.id, parsed.data.question);
    if (!result.ok) return stillOpen(reply, found.nomination.id);
    reply.flash('success', t('stories.review.asked'));
    return reply.redirect(`/stories/review/${found.nomination.id}`, 303);
  });

  app.post<IdParams>('/stories/review/:id/decline', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
    const found = await nominationFor(request, reply);
    if (!found) return reply;
    const parsed = parseForm(declineForm, request.body);
    if (!parsed.ok) return html(reply, 400).send(<NominationPage page={pageContext(request, reply)} nomination={found.nomination} values={parsed.values} errors={parsed.errors} />);
    const result = await declineNomination(app.db, mail(), found.nomination.id, found.viewer.id, parsed.data.reason);
    if (!result.ok) return stillOpen(reply, found.nomination.id);
    reply.flash('success', t('stories.review.declined'));
    return reply.redirect('/stories/review', 303);
  });

  /** A new reporter hears of it and follows the questions. */
  async function startReporting(actor: Viewer, story: { id: number; slug: string; title: string }, reporterId: number) {
    await followConversation(app.db, { type: 'story', id: story.id }, reporterId);
    if (reporterId !== actor.id) await tell('mention', [reporterId], actor, story, t('stories.notify.reporter', { actor: actor.displayName, title: story.title }));
  }

  // ---- A member's desk and the follow-up list -----------------------------------------------------

  app.get('/stories/mine', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    reply.header('cache-control', 'private, no-store');
    const facilitator = await isStoryFacilitator(app.db, request.viewer);
    return html(reply).send(<DeskPage page={pageContext(request, reply)} stories={await deskStories(app.db, request.viewer, facilitator)} facilitator={facilitator} />);
  });

  async function followUp(request: FastifyRequest, reply: FastifyReply, format: 'html' | 'csv') {
    if (!requireViewer(request, reply)) return reply;
    reply.header('cache-control', 'private, no-store');
    const facilitator = await isStoryFacilitator(app.db, request.viewer);
    const items = await followUpList(app.db, request.viewer, facilitator);
    if (format === 'csv') {
      return sendCsv(
        reply,
        'follow-up',
        ['story', 'story_url', 'question', 'question_url', 'asked_by', 'asked_at', 'days_waiting'],
        items.map((item) => ({
          story: item.story.title,
          story_url: `${publicUrl}${storyPath(item.story.slug)}`,
          question: item.body,
          question_url: `${publicUrl}/posts/${item.id}`,
          asked_by: item.authorName ?? '',
          asked_at: item.createdAt,
          days_waiting: item.daysWaiting,
        })),
      );
    }
    return html(reply).send(<FollowUpPage page={pageContext(request, reply)} items={items} days={followUpDays} />);
  }

  app.get('/stories/follow-up', (request, reply) => followUp(request, reply, 'html'));
  app.get('/stories/follow-up.csv', (request, reply) => followUp(request, reply, 'csv'));

  // ---- One story --------------------------------------------------------------------------------

  app.apiDocs.add({
    method: 'get',
    path: '/stories/{slug}.json',
    summary: 'One story',
    description:
      'Everything on a story’s page: the story, its clip, photos and interview, the people in it, its replication recipe and evidence level, where it has been tried since and what was adapted from it. A draft is "not found" for anyone but its reporter, the people in it and story facilitators. The questions and answers are at conversationUrl.',
    tag: 'Stories',
    auth: 'optional',
    params: z.object({ slug: z.string().describe('The last part of the story’s address.') }),
    response: storySchema,
  });

  app.get<SlugParams>('/stories/:slug', async (request, reply) => {
    const { name: slug, format: suffix } = splitFormat(request.params.slug);
    const format = requestedFormat(request, suffix);
    if (format !== 'html' && format !== 'json') return notFound(request, reply);
    const found = await visible(request, reply, slug);
    if (!found) return reply;
    const { story, standing } = found;
    const path = storyPath(story.slug);
    const [{ trials, counts }, since] = await Promise.all([trialsOf(app.db, story.id), adaptedSince(request.viewer, story.id)]);
    if (format === 'json') {
      const clip = story.clip;
      const video = clip?.kind === 'embed' ? { provider: clip.provider!, host: clip.host!, id: clip.embedId! } : null;
      return sendJson(reply, storySchema, {
        ...summaryJson(story),
        body: story.body,
        bodyHtml: story.body ? renderMarkdown(story.body) : '',
        people: story.people,
        reporter: story.reporter ? personJson(story.reporter) : null,
        peopleInStory: story.storyPeople.map(personJson),
        clip: clip
          ? {
              kind: clip.kind === 'upload' ? 'video' : 'embed',
              title: clip.title,
              videoUrl: clip.kind === 'upload' ? `${publicUrl}${path}/clip` : null,
              captionsUrl: clip.kind === 'upload' ? `${publicUrl}${path}/clip/captions` : null,
              durationSeconds: clip.durationSeconds,
              provider: clip.provider,
              watchUrl: video ? watchUrl(video) : null,
            }
          : null,
        photos: story.photos.map((photo) => ({ url: `${publicUrl}${path}/photos/${photo.id}`, alt: photo.alt, caption: photo.caption })),
        interview: story.interview.map((pair) => ({ question: pair.question, answer: pair.answer })),
        recipe: story.recipe
          ? {
              title: story.recipe.pageTitle,
              url: `${publicUrl}${path}/recipe`,
              knowledgeUrl: `${publicUrl}/knowledge/${story.recipe.pageSlug}`,
              evidenceLevel: story.recipe.evidenceLevel,
              evidenceNote: story.recipe.evidenceNote,
            }
          : null,
        triedSince: {
          counts: { worked: counts.worked, partly: counts.partly, didNotWork: counts['did-not-work'] },
          entries: trials.map((trial) => ({
            organisation: trial.organisation,
            place: trial.place,
            localAuthority: trial.localAuthority,
            triedIn: trial.triedIn,
            outcome: trial.outcome,
            note: trial.note,
          })),
        },
        adaptedFrom: story.adaptedFrom ? { title: story.adaptedFrom.title, url: `${publicUrl}${storyPath(story.adaptedFrom.slug)}`, note: story.adaptedFrom.note } : null,
        adaptedSince: since.map((item) => ({ ...item, url: `${publicUrl}${item.url}` })),
        conversationUrl: `${publicUrl}/conversations/story/${story.id}.json`,
        hidden: story.hidden ? { reason: story.hidden.reason, at: story.hidden.at.toISOString() } : undefined,
      });
    }
    const query = (request.query ?? {}) as Record<string, unknown>;
    const play = query.play === '1' && story.clip?.kind === 'embed';
    if (play) allowFrameFrom(reply, embedOrigin({ provider: story.clip!.provider!, host: story.clip!.host!, id: story.clip!.embedId! }));
    const viewer = request.viewer;
    const [mine, myPitches, interest, conversation] = await Promise.all([
      viewer ? interestOf(app.db, story.id, viewer.id) : Promise.resolve(undefined),
      viewer ? pitchesOf(app.db, viewer.id) : Promise.resolve([]),
      canWriteStory(standing) || standing.inStory ? interestList(app.db, story.id) : Promise.resolve(null),
      conversationSection(app, request, reply, { type: 'story', id: story.id }),
    ]);
    return html(reply).send(
      <StoryPage
        page={pageContext(request, reply)}
        story={story}
        standing={standing}
        play={play}
        mine={mine}
        trials={trials}
        trialCounts={counts}
        adaptedSince={since}
        myPitches={myPitches}
        interest={interest}
        conversation={conversation}
      />,
    );
  });

  // ---- Writing ------------------------------------------------------------------------------------

  async function formValuesOf(story: StoryDetail): Promise<FormValues> {
    const origin = await app.db
      .selectFrom('adapted_from as a')
      .innerJoin('stories as s', 's.id', 'a.story_id')
      .select(['s.slug', 'a.note'])
      .where('a.subject_type', '=', 'story')
      .where('a.subject_id', '=', story.id)
      .executeTakeFirst();
    return {
      title: story.title,
      summary: story.summary,
      body: story.body,
      people: story.people,
      storyPeople: story.storyPeople.map((p) => p.handle).join(', '),
      place: story.place,
      localAuthority: story.localAuthority?.code ?? '',
      tags: story.tags.join(', '),
      adaptedFrom: origin?.slug ?? '',
      adaptedNote: origin?.note ?? '',
    };
  }

  app.get<SlugParams>('/stories/:slug/edit', async (request, reply) => {
    const found = await writable(request, reply);
    if (!found) return reply;
    return html(reply).send(
      <StoryFormPage page={pageContext(request, reply)} story={found.story} values={await formValuesOf(found.story)} nomination={await nominationOf(app.db, found.story.id)} />,
    );
  });

  app.post<SlugParams>('/stories/:slug/edit', { config: rateLimited(app, 120, '1 hour') }, async (request, reply) => {
    const found = await writable(request, reply);
    if (!found) return reply;
    const { story, viewer } = found;
    const { _csrf, ...values } = body(request);
    const show = async (errors: FieldErrors) =>
      html(reply, 400).send(<StoryFormPage page={pageContext(request, reply)} story={story} values={values} errors={errors} nomination={await nominationOf(app.db, story.id)} />);
    const parsed = parseForm(storyForm, values);
    if (!parsed.ok) return show(parsed.errors);
    const people = await membersByHandle(app.db, parsed.data.storyPeople);
    const unknown = parsed.data.storyPeople.filter((handle) => !people.has(handle));
    if (unknown.length > 0) return show({ storyPeople: t('stories.field.storyPeople.unknown', { handles: unknown.join(', ') }) });
    const adaptedFromId = parsed.data.adaptedFrom ? await visibleStoryId(app.db, viewer, parsed.data.adaptedFrom) : null;
    if (adaptedFromId === undefined) return show({ adaptedFrom: 'stories.field.adaptedFrom.unknown' });
    const result = await updateStory(app.db, story.id, viewer.id, parsed.data, { peopleIds: [...people.values()].map((p) => p.id), adaptedFromId });
    if (!result.ok) {
      if (result.error === 'self-adapted') return show({ adaptedFrom: 'stories.field.adaptedFrom.self' });
      return notFound(request, reply);
    }
    for (const id of result.addedPeople) await followConversation(app.db, { type: 'story', id: story.id }, id);
    await tell(
      'mention',
      result.addedPeople.filter((id) => id !== viewer.id),
      viewer,
      story,
      t('stories.notify.inStory', { actor: viewer.displayName, title: parsed.data.title }),
    );
    reply.flash('success', t('stories.edit.done'));
    return reply.redirect(storyPath(story.slug), 303);
  });

  for (const action of ['publish', 'unpublish'] as const) {
    app.post<SlugParams>(`/stories/:slug/${action}`, { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
      const found = await runnable(request, reply);
      if (!found) return reply;
      await setPublished(app.db, found.story.id, action === 'publish');
      reply.flash('success', t(action === 'publish' ? 'stories.published' : 'stories.unpublished'));
      return reply.redirect(storyPath(found.story.slug), 303);
    });
  }

  app.get<SlugParams>('/stories/:slug/reporter', async (request, reply) => {
    const found = await runnable(request, reply);
    if (!found) return reply;
    return html(reply).send(<ReporterFormPage page={pageContext(request, reply)} story={found.story} values={{ reporter: found.story.reporter?.handle ?? '' }} />);
  });

  app.post<SlugParams>('/stories/:slug/reporter', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
    const found = await runnable(request, reply);
    if (!found) return reply;
    const show = (errors: FieldErrors) => html(reply, 400).send(<ReporterFormPage page={pageContext(request, reply)} story={found.story} values={body(request)} errors={errors} />);
    const parsed = parseForm(reporterForm, request.body);
    if (!parsed.ok) return show(parsed.errors);
    const reporter = (await membersByHandle(app.db, [parsed.data.reporter])).get(parsed.data.reporter);
    if (!reporter) return show({ reporter: 'stories.field.handle.unknown' });
    await setReporter(app.db, found.story.id, reporter.id);
    if (reporter.id !== found.story.reporterId) await startReporting(found.viewer, found.story, reporter.id);
    reply.flash('success', t('stories.reporter.done', { name: reporter.name }));
    return reply.redirect(storyPath(found.story.slug), 303);
  });

  // ---- Media ------------------------------------------------------------------------------------

  const mediaPage = async (request: FastifyRequest, reply: FastifyReply, story: StoryDetail, status: number, values?: FormValues, errors?: FieldErrors) =>
    html(reply, status).send(<MediaPage page={pageContext(request, reply)} story={story} hosts={await videoHosts(app.db)} values={values} errors={errors} />);

  app.get<SlugParams>('/stories/:slug/media', async (request, reply) => {
    const found = await writable(request, reply);
    if (!found) return reply;
    return mediaPage(request, reply, found.story, 200);
  });

  const clipDone = (reply: FastifyReply, story: StoryDetail, key: 'stories.media.clip.done' | 'stories.media.clip.removed') => {
    reply.flash('success', t(key));
    return reply.redirect(`${storyPath(story.slug)}/media#clip-title`, 303);
  };

  app.post<SlugParams>('/stories/:slug/clip/embed', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
    const found = await writable(request, reply);
    if (!found) return reply;
    const names = { embedAddress: 'address', embedTitle: 'title' };
    const values = body(request);
    const parsed = parseForm(embedForm, renamed(values, names));
    if (!parsed.ok) return mediaPage(request, reply, found.story, 400, values, renamedErrors(parsed.errors, names));
    const video = parseVideoAddress(parsed.data.address, await videoHosts(app.db));
    if (!video) return mediaPage(request, reply, found.story, 400, values, { embedAddress: 'stories.clip.address.notAllowed' });
    const result = await setEmbeddedClip(app.db, found.story.id, found.viewer.id, { title: parsed.data.title, ...video });
    if (!result.ok) return notFound(request, reply);
    await removeStoredFiles(app.config.uploadsDir, result.oldFiles);
    return clipDone(reply, found.story, 'stories.media.clip.done');
  });

  app.post<SlugParams>('/stories/:slug/clip/remove', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
    const found = await writable(request, reply);
    if (!found) return reply;
    const result = await removeClip(app.db, found.story.id);
    if (result.ok) await removeStoredFiles(app.config.uploadsDir, result.oldFiles);
    return clipDone(reply, found.story, 'stories.media.clip.removed');
  });

  app.post<SlugIdParams>('/stories/:slug/photos/:id/remove', { config: rateLimited(app, 120, '1 hour') }, async (request, reply) => {
    const found = await writable(request, reply);
    if (!found) return reply;
    if (!idPattern.test(request.params.id)) return notFound(request, reply);
    const result = await removePhoto(app.db, found.story.id, Number(request.params.id));
    if (!result.ok) return notFound(request, reply);
    await removeStoredFiles(app.config.uploadsDir, [result.storedPath]);
    reply.flash('success', t('stories.media.photo.removed'));
    return reply.redirect(`${storyPath(found.story.slug)}/media#photos-title`, 303);
  });

  app.post<SlugParams>('/stories/:slug/interview', { config: rateLimited(app, 120, '1 hour') }, async (request, reply) => {
    const found = await writable(request, reply);
    if (!found) return reply;
    const parsed = parseForm(interviewForm, request.body);
    if (!parsed.ok) return mediaPage(request, reply, found.story, 400, parsed.values, parsed.errors);
    const result = await addInterviewAnswer(app.db, found.story.id, found.viewer.id, parsed.data);
    if (!result.ok) {
      if (result.error === 'too-many') return mediaPage(request, reply, found.story, 400, body(request), { question: 'stories.interview.tooMany' });
      return notFound(request, reply);
    }
    reply.flash('success', t('stories.interview.added'));
    return reply.redirect(`${storyPath(found.story.slug)}/media#interview-title`, 303);
  });

  app.post<SlugIdParams>('/stories/:slug/interview/:id/remove', { config: rateLimited(app, 120, '1 hour') }, async (request, reply) => {
    const found = await writable(request, reply);
    if (!found) return reply;
    if (!idPattern.test(request.params.id) || !(await removeInterviewAnswer(app.db, found.story.id, Number(request.params.id)))) return notFound(request, reply);
    reply.flash('success', t('stories.interview.removed'));
    return reply.redirect(`${storyPath(found.story.slug)}/media#interview-title`, 303);
  });

  // Uploads are read whole by our own parser (files stay views into the one buffer), with the
  // larger limits videos need, in these routes only. Visitors are turned away before the body is read.
  for (const upload of [
    { limit: videoRequestLimitBytes, route: 'clip/video' },
    { limit: photoRequestLimitBytes, route: 'photos' },
  ] as const) {
    await app.register(async (uploads) => {
      uploads.removeContentTypeParser('multipart/form-data');
      uploads.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: upload.limit }, async (request: FastifyRequest, payload: Buffer) =>
        parseMultipartBuffer(String(request.headers['content-type'] ?? ''), payload),
      );
      uploads.addHook('onRequest', async (request, reply) => {
        if (!request.viewer) {
          requireViewer(request, reply);
          return reply;
        }
      });
      if (upload.route === 'clip/video') {
        uploads.post<SlugParams>('/stories/:slug/clip/video', { config: rateLimited(app, 20, '1 hour') }, async (request, reply) => {
          const found = await writable(request, reply);
          if (!found) return reply;
          const fields = body(request);
          const values = textFields(fields);
          const errors: FieldErrors = {};
          const parsed = parseForm(videoFields, { title: values.videoTitle });
          if (!parsed.ok) errors.videoTitle = parsed.errors.title ?? 'form.invalid';
          const videoPart = uploadedFile(fields, 'video');
          const captionsPart = uploadedFile(fields, 'captions');
          const video = videoPart ? await checkVideo(videoPart.data) : null;
          const captions = captionsPart ? await checkCaptions(captionsPart.data) : null;
          if (!video) errors.video = 'stories.clip.video.missing';
          else if (!video.ok) errors.video = video.error;
          if (!captions) errors.captions = 'stories.clip.captions.missing';
          else if (!captions.ok) errors.captions = captions.error;
          if (!parsed.ok || !video?.ok || !captions?.ok || !videoPart || !captionsPart) return mediaPage(request, reply, found.story, 400, values, errors);
          const storedPath = newStoredPath(video.video.extension);
          const captionsPath = newStoredPath('vtt');
          await writeStoredFile(app.config.uploadsDir, storedPath, videoPart.data);
          await writeStoredFile(app.config.uploadsDir, captionsPath, captionsPart.data);
          let result: Awaited<ReturnType<typeof setUploadedClip>>;
          try {
            result = await setUploadedClip(app.db, found.story.id, found.viewer.id, {
              title: parsed.data.title,
              storedPath,
              contentType: video.video.contentType,
              sizeBytes: videoPart.data.length,
              durationSeconds: video.video.durationSeconds,
              captionsPath,
            });
          } catch (error) {
            await removeStoredFiles(app.config.uploadsDir, [storedPath, captionsPath]);
            throw error;
          }
          if (!result.ok) {
            await removeStoredFiles(app.config.uploadsDir, [storedPath, captionsPath]);
            return notFound(request, reply);
          }
          await removeStoredFiles(app.config.uploadsDir, result.oldFiles);
          return clipDone(reply, found.story, 'stories.media.clip.done');
        });
      } else {
        uploads.post<SlugParams>('/stories/:slug/photos', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
          const found = await writable(request, reply);
          if (!found) return reply;
          const fields = body(request);
          const values = textFields(fields);
          const errors: FieldErrors = {};
          const parsed = parseForm(photoFields, values);
          if (!parsed.ok) Object.assign(errors, parsed.errors);
          const part = uploadedFile(fields, 'photo');
          const photo = part ? await prepareImage(part.data) : null;
          if (!photo) errors.photo = 'stories.photo.missing';
          else if (!photo.ok) errors.photo = photo.error;
          if (!parsed.ok || !photo?.ok) return mediaPage(request, reply, found.story, 400, values, errors);
          const storedPath = newStoredPath(photo.file.extension);
          await writeStoredFile(app.config.uploadsDir, storedPath, photo.file.data);
          const result = await addPhoto(app.db, found.story.id, found.viewer.id, { storedPath, contentType: photo.file.contentType, alt: parsed.data.alt, caption: parsed.data.caption }).catch(
            async (error: unknown) => {
              await removeStoredFiles(app.config.uploadsDir, [storedPath]);
              throw error;
            },
          );
          if (!result.ok) {
            await removeStoredFiles(app.config.uploadsDir, [storedPath]);
            if (result.error === 'too-many') return mediaPage(request, reply, found.story, 400, values, { photo: 'stories.photo.tooMany' });
            return notFound(request, reply);
          }
          reply.flash('success', t('stories.media.photo.added'));
          return reply.redirect(`${storyPath(found.story.slug)}/media#photos-title`, 303);
        });
      }
    });
  }

  // Served here, never as plain files: whether the viewer may see the story is asked every time.
  app.get<SlugParams>('/stories/:slug/clip', async (request, reply) => {
    const found = await visible(request, reply, request.params.slug);
    if (!found) return reply;
    const files = await clipFiles(app.db, found.story.id);
    if (!files?.stored_path || !files.content_type) return notFound(request, reply);
    if (!(await sendStoredFile(request, reply, app.config.uploadsDir, files.stored_path, files.content_type))) return notFound(request, reply);
    return reply;
  });

  app.get<SlugParams>('/stories/:slug/clip/captions', async (request, reply) => {
    const found = await visible(request, reply, request.params.slug);
    if (!found) return reply;
    const files = await clipFiles(app.db, found.story.id);
    if (!files?.captions_path) return notFound(request, reply);
    if (!(await sendStoredFile(request, reply, app.config.uploadsDir, files.captions_path, 'text/vtt; charset=utf-8'))) return notFound(request, reply);
    return reply;
  });

  app.get<SlugIdParams>('/stories/:slug/photos/:id', async (request, reply) => {
    const found = await visible(request, reply, request.params.slug);
    if (!found) return reply;
    const file = idPattern.test(request.params.id) ? await photoFile(app.db, found.story.id, Number(request.params.id)) : undefined;
    if (!file || !(await sendStoredFile(request, reply, app.config.uploadsDir, file.stored_path, file.content_type))) return notFound(request, reply);
    return reply;
  });

  // ---- Interest -----------------------------------------------------------------------------------

  app.get<SlugParams>('/stories/:slug/interest', async (request, reply) => {
    const found = await signedInOnPublished(request, reply);
    if (!found) return reply;
    const mine = await interestOf(app.db, found.story.id, found.viewer.id);
    return html(reply).send(<InterestFormPage page={pageContext(request, reply)} story={found.story} values={mine ?? {}} />);
  });

  app.post<SlugParams>('/stories/:slug/interest', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
    const found = await signedInOnPublished(request, reply);
    if (!found) return reply;
    const parsed = parseForm(interestForm, request.body);
    if (!parsed.ok) return html(reply, 400).send(<InterestFormPage page={pageContext(request, reply)} story={found.story} values={parsed.values} errors={parsed.errors} />);
    const result = await setInterest(app.db, found.story.id, found.viewer.id, parsed.data.kind, parsed.data.organisation);
    if (!result.changed) {
      const key = parsed.data.kind === 'trying' ? 'stories.notify.trying' : 'stories.notify.interested';
      const who = parsed.data.organisation ? `${found.viewer.displayName} (${parsed.data.organisation})` : found.viewer.displayName;
      await tell('signal', storyTeam(found.story), found.viewer, found.story, t(key, { actor: who, title: found.story.title }));
    }
    reply.flash('success', t(parsed.data.kind === 'trying' ? 'stories.interest.done.trying' : 'stories.interest.done.interested'));
    return reply.redirect(`${storyPath(found.story.slug)}#interest-title`, 303);
  });

  app.post<SlugParams>('/stories/:slug/interest/withdraw', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const found = await visible(request, reply, request.params.slug);
    if (!found) return reply;
    await withdrawInterest(app.db, found.story.id, request.viewer.id);
    reply.flash('success', t('stories.interest.withdrawn'));
    return reply.redirect(`${storyPath(found.story.slug)}#interest-title`, 303);
  });

  // ---- Tried since and lineage --------------------------------------------------------------------

  app.get<SlugParams>('/stories/:slug/tried', async (request, reply) => {
    const found = await signedInOnPublished(request, reply);
    if (!found) return reply;
    return html(reply).send(<TrialFormPage page={pageContext(request, reply)} story={found.story} />);
  });

  app.post<SlugParams>('/stories/:slug/tried', { config: rateLimited(app, 30, '1 hour') }, async (request, reply) => {
    const found = await signedInOnPublished(request, reply);
    if (!found) return reply;
    const parsed = parseForm(trialForm(new Date()), request.body);
    if (!parsed.ok) return html(reply, 400).send(<TrialFormPage page={pageContext(request, reply)} story={found.story} values={parsed.values} errors={parsed.errors} />);
    await recordTrial(app.db, found.story.id, found.viewer.id, parsed.data);
    await tell(
      'signal',
      storyTeam(found.story),
      found.viewer,
      found.story,
      t('stories.notify.tried', { organisation: parsed.data.organisation, title: found.story.title, month: formatMonth(parsed.data.triedIn) }),
    );
    reply.flash('success', t('stories.trial.done'));
    return reply.redirect(`${storyPath(found.story.slug)}${found.story.recipe ? '/recipe' : ''}#tried-title`, 303);
  });

  app.post<SlugIdParams>('/stories/:slug/tried/:id/remove', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const found = await visible(request, reply, request.params.slug);
    if (!found) return reply;
    if (!idPattern.test(request.params.id)) return notFound(request, reply);
    const removed = await removeTrial(app.db, found.story.id, Number(request.params.id), request.viewer.id, found.standing.facilitator);
    if (!removed) return notFound(request, reply);
    reply.flash('success', t('stories.trial.removed'));
    return reply.redirect(`${storyPath(found.story.slug)}#tried-title`, 303);
  });

  app.get<SlugParams>('/stories/:slug/adapted', async (request, reply) => {
    const found = await signedInOnPublished(request, reply);
    if (!found) return reply;
    return html(reply).send(<AdaptFormPage page={pageContext(request, reply)} story={found.story} pitches={await pitchesOf(app.db, found.viewer.id)} />);
  });

  app.post<SlugParams>('/stories/:slug/adapted', { config: rateLimited(app, 30, '1 hour') }, async (request, reply) => {
    const found = await signedInOnPublished(request, reply);
    if (!found) return reply;
    const pitches = await pitchesOf(app.db, found.viewer.id);
    const show = (errors: FieldErrors) =>
      html(reply, 400).send(<AdaptFormPage page={pageContext(request, reply)} story={found.story} pitches={pitches} values={body(request)} errors={errors} />);
    const parsed = parseForm(adaptPitchForm, request.body);
    if (!parsed.ok) return show(parsed.errors);
    // A pitch speaks for itself through its team (and administrators): the pitch's own rule says who that is.
    const pitchType = app.subjects.get('pitch');
    const allowed =
      (await app.subjects.canView(app.db, found.viewer, 'pitch', parsed.data.pitch)) && (await pitchType.canModerate(app.db, found.viewer, parsed.data.pitch));
    if (!allowed) return show({ pitch: 'stories.adapt.pitch.notYours' });
    await addAdaptedPitch(app.db, found.story.id, parsed.data.pitch, found.viewer.id, parsed.data.note);
    reply.flash('success', t('stories.adapt.done'));
    return reply.redirect(`${storyPath(found.story.slug)}#lineage-title`, 303);
  });

  // ---- The replication recipe ---------------------------------------------------------------------

  /** What the people in the story answered, to build the recipe from. */
  async function answersFor(story: StoryDetail) {
    const pairs = await answeredPosts(
      app.db,
      { type: 'story', id: story.id },
      story.storyPeople.map((p) => p.id),
    );
    return pairs.map((pair) => ({ question: pair.question.body, answers: pair.answers.map((answer) => `${answer.authorName ?? ''}: ${answer.body}`) }));
  }

  /** The recipe's first text: the nine headings of a case study, with what the story already says. */
  function recipeDraft(story: StoryDetail, answers: { question: string; answers: string[] }[]): string {
    const contacts = story.storyPeople.map((p) => `- [${p.name}](/members/${p.handle})`).join('\n');
    const where = [story.place, story.localAuthority?.name].filter(Boolean).join(', ');
    const sections: [RecipeSection, string][] = [
      ['context', [t('stories.recipe.draft.from', { title: story.title, url: storyPath(story.slug) }), story.summary, where ? t('stories.recipe.draft.where', { where }) : ''].filter(Boolean).join('\n\n')],
      ['problem', ''],
      ['whatWasDone', story.body],
      ['whoWasInvolved', story.people],
      ['cost', ''],
      ['outcomes', ''],
      ['didNotWork', ''],
      ['replicate', answers.length > 0 ? t('stories.recipe.draft.answers') : ''],
      ['contacts', contacts],
    ];
    return sections.map(([key, text]) => `## ${recipeHeading(key)}\n\n${text ? `${text}\n\n` : ''}`).join('');
  }

  async function recipeStarter(request: FastifyRequest<SlugParams>, reply: FastifyReply) {
    const found = await runnable(request, reply);
    if (!found) return undefined;
    if (found.story.recipe) {
      reply.redirect(`${storyPath(found.story.slug)}/recipe`, 303);
      return undefined;
    }
    if (found.story.status !== 'published') {
      reply.flash('info', t('stories.recipe.publishFirst'));
      reply.redirect(storyPath(found.story.slug), 303);
      return undefined;
    }
    return found;
  }

  app.get<SlugParams>('/stories/:slug/recipe/new', async (request, reply) => {
    const found = await recipeStarter(request, reply);
    if (!found) return reply;
    const answers = await answersFor(found.story);
    const values: FormValues = { title: t('stories.recipe.defaultTitle', { title: found.story.title }).slice(0, 150), body: recipeDraft(found.story, answers), evidenceLevel: '', evidenceNote: '' };
    return html(reply).send(<RecipeFormPage page={pageContext(request, reply)} story={found.story} answers={answers} values={values} />);
  });

  app.post<SlugParams>('/stories/:slug/recipe/new', { config: rateLimited(app, 30, '1 hour') }, async (request, reply) => {
    const found = await recipeStarter(request, reply);
    if (!found) return reply;
    const { _csrf, ...values } = body(request);
    const show = async (errors: FieldErrors, existing?: string) =>
      html(reply, 400).send(<RecipeFormPage page={pageContext(request, reply)} story={found.story} answers={await answersFor(found.story)} values={values} errors={errors} existing={existing} />);
    const parsed = parseForm(recipeForm, values);
    if (!parsed.ok) return show(parsed.errors);
    const result = await createRecipe(app.db, found.story.id, found.viewer.id, parsed.data);
    if (!result.ok) {
      if (result.error === 'exists') return show({ title: 'stories.recipe.exists' }, result.slug);
      if (result.error === 'has-recipe') return reply.redirect(`${storyPath(found.story.slug)}/recipe`, 303);
      return notFound(request, reply);
    }
    reply.flash('success', t('stories.recipe.done'));
    return reply.redirect(`${storyPath(found.story.slug)}/recipe`, 303);
  });

  async function recipePage(request: FastifyRequest, reply: FastifyReply, found: { story: StoryDetail; standing: StoryStanding }, status = 200, values?: FormValues, errors?: FieldErrors) {
    const recipe = found.story.recipe;
    // The recipe is a knowledge page, seen by the knowledge area's own rule (a moderator may have hidden it).
    const doc = recipe ? await findPage(app.db, request.viewer, null, recipe.pageSlug) : undefined;
    if (!recipe || !doc) return notFound(request, reply);
    const slugs = linkedSlugs(doc.body);
    const linked = await resolveLinks(app.db, request.viewer, null, slugs);
    const resolved = new Map([...linked].map(([slug, group]) => [slug, group === null ? `/knowledge/${slug}` : `/groups/${group}/knowledge/${slug}`]));
    // Sanitised by renderMarkdown inside renderKnowledgeMarkdown; [[links]] lead where they do on the knowledge page.
    const safeRecipeHtml = renderKnowledgeMarkdown(doc.body, { resolved, newPage: '/knowledge/new' }, { missing: t('knowledge.link.missing') });
    const { trials, counts } = await trialsOf(app.db, found.story.id);
    const editing = await hubEditing(app.db);
    return html(reply, status).send(
      <RecipePage
        page={pageContext(request, reply)}
        story={found.story}
        safeRecipeHtml={safeRecipeHtml}
        updatedAt={doc.updatedAt}
        canEditPage={canEditKnowledge(request.viewer, { kind: 'hub', editing }) && !doc.hidden}
        standing={found.standing}
        trials={trials}
        trialCounts={counts}
        values={values}
        errors={errors}
      />,
    );
  }

  app.get<SlugParams>('/stories/:slug/recipe', async (request, reply) => {
    const found = await visible(request, reply, request.params.slug);
    if (!found) return reply;
    return recipePage(request, reply, found);
  });

  app.post<SlugParams>('/stories/:slug/recipe/evidence', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
    const found = await runnable(request, reply);
    if (!found) return reply;
    const parsed = parseForm(evidenceForm, request.body);
    if (!parsed.ok) return recipePage(request, reply, found, 400, parsed.values, parsed.errors);
    if (!(await setEvidence(app.db, found.story.id, parsed.data))) return notFound(request, reply);
    reply.flash('success', t('stories.evidence.done'));
    return reply.redirect(`${storyPath(found.story.slug)}/recipe`, 303);
  });

  await registerAdminRoutes(app);
}

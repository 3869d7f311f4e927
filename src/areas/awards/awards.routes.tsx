import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { t, tMaybe } from '../../i18n/i18n.ts';
import { requireAdmin, requireViewer, type MessageKeyPair } from '../../web/app.tsx';
import type { FieldErrors } from '../../web/components.tsx';
import { isAdmin, pageContext } from '../../web/context.ts';
import { parseForm } from '../../web/forms.ts';
import { rateLimited } from '../../web/limits.ts';
import { requestedFormat, sendCsv, sendJson, splitFormat } from '../../web/representations.ts';
import { formatClosingDay, formatRoundDay } from './awards.dates.ts';
import { castVote, createRound, declare, nominate, publishResults, saveScores, supportNomination, updateRound, withdrawNomination } from './awards.commands.ts';
import {
  declareForm,
  hubPath,
  idPattern,
  listingQuery,
  nominateForm,
  parseRoundForm,
  parseScores,
  roundDateValues,
  slugPattern,
  suggestedDays,
  supportForm,
  voteField,
  withdrawForm,
  type RoundInput,
} from './awards.forms.ts';
import { mayTakePart, nomineeTypes, phaseOf, type Phase } from './awards.policy.ts';
import {
  anonymousOrder,
  findNomination,
  findRound,
  hasStatement,
  listRounds,
  panelProgress,
  panelView,
  roundNominees,
  roundResults,
  viewerVotes,
  type Nominee,
  type RoundDetail,
  type RoundSummary,
} from './awards.queries.ts';
import { rounded } from './awards.results.ts';
import { nominationSchema, resultsSchema, roundListSchema, roundSchema, type ResultsJson, type RoundSummaryJson } from './awards.schemas.ts';
import {
  ListPage,
  NominatePage,
  NominationPage,
  PanelNomineePage,
  PanelPage,
  ResultsPage,
  ResultsPendingPage,
  RoundFormPage,
  RoundPage,
  VotePage,
  WithdrawPage,
  roundPath,
  tieText,
} from './awards.views.tsx';

type SlugParams = { Params: { slug: string } };
type NominationParams = { Params: { slug: string; id: string } };

function html(reply: FastifyReply, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8');
}

const roundCsvColumns = ['slug', 'name', 'stage', 'nominations_open_at', 'nominations_close_at', 'voting_open_at', 'voting_close_at', 'scoring_close_at', 'results_at', 'vote_weight', 'panel_weight', 'url'];

export async function awardsArea(app: FastifyInstance) {
  const publicUrl = app.config.publicUrl;

  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    app.showMessage(request, reply, 404, { title: 'error.notFound.title', body: 'error.notFound.body' });
  const refuse = (request: FastifyRequest, reply: FastifyReply, status: number, key: MessageKeyPair) => app.showMessage(request, reply, status, key);

  /** Pages that depend on who asks are never shared between people. */
  const personal = (request: FastifyRequest, reply: FastifyReply) => {
    if (request.viewer) reply.header('cache-control', 'private, no-cache');
  };

  const formulaText = (round: RoundSummary) => t('awards.method.formulaText', { vote: round.voteWeight / 100, panel: round.panelWeight / 100 });
  const methodJson = (round: RoundSummary) => ({
    voteWeight: round.voteWeight,
    panelWeight: round.panelWeight,
    formula: formulaText(round),
    tieBreak: t('awards.method.tieBreak'),
  });

  const summaryJson = (round: RoundSummary, phase: Phase): RoundSummaryJson => ({
    slug: round.slug,
    name: round.name,
    stage: phase.stage,
    dates: {
      nominationsOpenAt: round.times.nominationsOpenAt.toISOString(),
      nominationsCloseAt: round.times.nominationsCloseAt.toISOString(),
      votingOpenAt: round.times.votingOpenAt.toISOString(),
      votingCloseAt: round.times.votingCloseAt.toISOString(),
      scoringCloseAt: round.times.scoringCloseAt.toISOString(),
      resultsAt: round.times.resultsAt.toISOString(),
      publishedAt: round.times.publishedAt?.toISOString() ?? null,
    },
    voteWeight: round.voteWeight,
    panelWeight: round.panelWeight,
    url: `${publicUrl}${roundPath(round.slug)}`,
    resultsUrl: `${publicUrl}${roundPath(round.slug)}/results`,
  });

  const nomineeJson = (round: { slug: string }, nominee: Nominee) => ({
    id: nominee.id,
    type: nominee.subjectType,
    title: nominee.title,
    url: `${publicUrl}${nominee.url}`,
    nominationUrl: `${publicUrl}${roundPath(round.slug)}/nominations/${nominee.id}`,
    statements: nominee.statements,
  });

  /** The round of the route, or the reply is already a "not found" page. */
  async function loadRound(request: FastifyRequest<{ Params: { slug: string } }>, reply: FastifyReply, slug = request.params.slug): Promise<RoundDetail | undefined> {
    const round = slugPattern.test(slug) ? await findRound(app.db, slug) : undefined;
    if (!round) notFound(request, reply);
    return round;
  }

  /** Redirects to the round's page with a note saying when the step happens. */
  function closed(reply: FastifyReply, round: RoundDetail, text: string) {
    reply.flash('info', text);
    return reply.redirect(roundPath(round.slug), 303);
  }

  // ---- The list of rounds -------------------------------------------------------------------

  app.apiDocs.add({
    method: 'get',
    path: '/awards.json',
    summary: 'List awards rounds',
    description: 'Every awards round, the latest to open first, 20 a page, with its dates, stage and weighting. Also as CSV (/awards.csv).',
    tag: 'Awards',
    auth: 'none',
    query: listingQuery,
    response: roundListSchema,
    alsoAs: ['text/csv'],
  });

  async function listing(request: FastifyRequest, reply: FastifyReply, suffix?: 'json' | 'csv') {
    const format = requestedFormat(request, suffix);
    const parsed = parseForm(listingQuery, request.query ?? {});
    if (!parsed.ok) {
      if (format !== 'html') {
        const errors = Object.fromEntries(Object.entries(parsed.errors).map(([key, message]) => [key, tMaybe(message)]));
        return reply.code(400).send({ error: 'invalid-query', message: 'Some of the query parameters are not valid.', errors });
      }
      return app.showMessage(request, reply, 400, { title: 'awards.badPage.title', body: 'awards.badPage.body' });
    }
    const page = parsed.data.page ?? 1;
    const { rounds, hasNext } = await listRounds(app.db, page);
    const now = new Date();
    const phases = new Map(rounds.map((round) => [round.id, phaseOf(round.times, now)]));
    if (format === 'json') return sendJson(reply, roundListSchema, { rounds: rounds.map((r) => summaryJson(r, phases.get(r.id)!)), page, nextPage: hasNext ? page + 1 : null });
    if (format === 'csv') {
      return sendCsv(
        reply,
        'awards',
        roundCsvColumns,
        rounds.map((round) => {
          const json = summaryJson(round, phases.get(round.id)!);
          return {
            slug: round.slug,
            name: round.name,
            stage: json.stage,
            nominations_open_at: json.dates.nominationsOpenAt,
            nominations_close_at: json.dates.nominationsCloseAt,
            voting_open_at: json.dates.votingOpenAt,
            voting_close_at: json.dates.votingCloseAt,
            scoring_close_at: json.dates.scoringCloseAt,
            results_at: json.dates.publishedAt ?? json.dates.resultsAt,
            vote_weight: round.voteWeight,
            panel_weight: round.panelWeight,
            url: json.url,
          };
        }),
      );
    }
    if (format !== 'html') return notFound(request, reply);
    personal(request, reply);
    return html(reply).send(<ListPage page={pageContext(request, reply)} rounds={rounds} phases={phases} pageNumber={page} hasNext={hasNext} isAdmin={isAdmin(request.viewer)} />);
  }

  app.get('/awards', (request, reply) => listing(request, reply));
  app.get('/awards.json', (request, reply) => listing(request, reply, 'json'));
  app.get('/awards.csv', (request, reply) => listing(request, reply, 'csv'));

  // ---- Opening and changing a round ---------------------------------------------------------

  /** Members named as the panel, by handle; the handles that name nobody are returned too. */
  async function resolvePanel(handles: string[]): Promise<{ ids: number[]; unknown: string[] }> {
    if (handles.length === 0) return { ids: [], unknown: [] };
    const rows = await app.db.selectFrom('users').select(['id', 'handle']).where('handle', 'in', handles).where('status', '=', 'active').execute();
    const found = new Map(rows.map((row) => [row.handle.toLowerCase(), row.id]));
    return { ids: handles.flatMap((h) => (found.has(h) ? [found.get(h)!] : [])), unknown: handles.filter((h) => !found.has(h)) };
  }

  async function parseRound(body: unknown, options: Parameters<typeof parseRoundForm>[1]): Promise<{ ok: true; input: RoundInput; panelIds: number[] } | { ok: false; values: Record<string, unknown>; errors: FieldErrors }> {
    const parsed = parseRoundForm(body, options);
    const values = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const panel = await resolvePanel(parsed.ok ? parsed.data.panel : []);
    if (!parsed.ok) return { ok: false, values: parsed.values, errors: parsed.errors };
    if (panel.unknown.length > 0) return { ok: false, values, errors: { panel: t('awards.field.panel.unknown', { handles: panel.unknown.join(', ') }) } };
    return { ok: true, input: parsed.data, panelIds: panel.ids };
  }

  const newForm = (request: FastifyRequest, reply: FastifyReply, status: number, values: Record<string, unknown>, errors?: FieldErrors) =>
    html(reply, status).send(
      <RoundFormPage
        page={pageContext(request, reply)}
        title={t('awards.new.title')}
        intro={t('awards.new.intro')}
        action="/awards/new"
        submit={t('awards.new.submit')}
        cancel="/awards"
        values={values}
        errors={errors}
      />,
    );

  app.get('/awards/new', async (request, reply) => {
    if (!requireAdmin(request, reply)) return reply;
    return newForm(request, reply, 200, { ...suggestedDays(new Date()), voteWeight: '40' });
  });

  app.post('/awards/new', { config: rateLimited(app, 20, '1 hour') }, async (request, reply) => {
    if (!requireAdmin(request, reply)) return reply;
    const parsed = await parseRound(request.body, { now: new Date(), methodLocked: false });
    if (!parsed.ok) return newForm(request, reply, 400, parsed.values, parsed.errors);
    const created = await createRound(app.db, request.viewer!.id, parsed.input, parsed.panelIds);
    if (!created.ok) return newForm(request, reply, 400, request.body as Record<string, unknown>, { _form: 'form.invalid' });
    reply.flash('success', t('awards.new.done', { name: parsed.input.name }));
    return reply.redirect(roundPath(created.slug), 303);
  });

  function roundFormValues(round: RoundDetail): Record<string, unknown> {
    const values: Record<string, unknown> = {
      name: round.name,
      description: round.description,
      ...roundDateValues(round.times),
      voteWeight: String(round.voteWeight),
      panel: round.panel.map((p) => p.handle).join(', '),
    };
    round.categories.forEach((c, index) => {
      values[`category${index + 1}Name`] = c.name;
      values[`category${index + 1}Description`] = c.description;
    });
    round.criteria.forEach((c, index) => {
      values[`criterion${index + 1}Name`] = c.name;
      values[`criterion${index + 1}Description`] = c.description;
      values[`criterion${index + 1}Weight`] = String(c.weight);
    });
    return values;
  }

  const editForm = (request: FastifyRequest, reply: FastifyReply, round: RoundDetail, phase: Phase, status: number, values: Record<string, unknown>, errors?: FieldErrors) =>
    html(reply, status).send(
      <RoundFormPage
        page={pageContext(request, reply)}
        title={t('awards.edit.title', { name: round.name })}
        intro={t('awards.edit.intro')}
        action={`${roundPath(round.slug)}/edit`}
        submit={t('awards.edit.submit')}
        cancel={roundPath(round.slug)}
        values={values}
        errors={errors}
        locked={phase.methodLocked ? round : undefined}
      />,
    );

  /** The round for an administrator to change; once results are out it stays as it is. */
  async function editable(request: FastifyRequest<SlugParams>, reply: FastifyReply): Promise<{ round: RoundDetail; phase: Phase } | undefined> {
    if (!requireAdmin(request, reply)) return undefined;
    const round = await loadRound(request, reply);
    if (!round) return undefined;
    const phase = phaseOf(round.times, new Date());
    if (phase.resultsOut) {
      closed(reply, round, t('awards.edit.final'));
      return undefined;
    }
    return { round, phase };
  }

  app.get<SlugParams>('/awards/:slug/edit', async (request, reply) => {
    const found = await editable(request, reply);
    if (!found) return reply;
    return editForm(request, reply, found.round, found.phase, 200, roundFormValues(found.round));
  });

  app.post<SlugParams>('/awards/:slug/edit', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
    const found = await editable(request, reply);
    if (!found) return reply;
    const { round, phase } = found;
    const parsed = await parseRound(request.body, { now: new Date(), methodLocked: phase.methodLocked, saved: roundDateValues(round.times) });
    if (!parsed.ok) return editForm(request, reply, round, phase, 400, parsed.values, parsed.errors);
    const result = await updateRound(app.db, round.id, parsed.input, parsed.panelIds);
    if (!result.ok) return result.error === 'final' ? closed(reply, round, t('awards.edit.final')) : notFound(request, reply);
    reply.flash('success', t('awards.edit.done'));
    return reply.redirect(roundPath(round.slug), 303);
  });

  app.post<SlugParams>('/awards/:slug/publish', { config: rateLimited(app, 20, '1 hour') }, async (request, reply) => {
    if (!requireAdmin(request, reply)) return reply;
    const round = await loadRound(request, reply);
    if (!round) return reply;
    const result = await publishResults(app.db, round.id, request.viewer!.id);
    if (result.ok) {
      reply.flash('success', t('awards.publish.done'));
      return reply.redirect(`${roundPath(round.slug)}/results`, 303);
    }
    if (result.error === 'not-found') return notFound(request, reply);
    return closed(reply, round, t(result.error === 'already' ? 'awards.publish.already' : 'awards.publish.tooEarly'));
  });

  // ---- A round's page -----------------------------------------------------------------------

  app.apiDocs.add({
    method: 'get',
    path: '/awards/{slug}.json',
    summary: 'One awards round',
    description:
      'The round’s description, dates, stage, the published weighting between members’ votes and panel scores with the formula in words, its categories with their nominees (only things everyone may see; withdrawn nominations left out), the criteria the panel scores and the panel.',
    tag: 'Awards',
    auth: 'none',
    params: z.object({ slug: z.string().describe('The last part of the round’s address.') }),
    response: roundSchema,
  });

  app.get<SlugParams>('/awards/:slug', async (request, reply) => {
    const { name: slug, format: suffix } = splitFormat(request.params.slug);
    const format = requestedFormat(request, suffix);
    if (format !== 'html' && format !== 'json') return notFound(request, reply);
    const round = await loadRound(request, reply, slug);
    if (!round) return reply;
    const now = new Date();
    const phase = phaseOf(round.times, now);
    const admin = isAdmin(request.viewer);
    if (format === 'json') {
      const nominees = await roundNominees(app.db, app.subjects, round.id);
      return sendJson(reply, roundSchema, {
        ...summaryJson(round, phase),
        description: round.description,
        method: methodJson(round),
        categories: round.categories.map((c) => ({
          id: c.id,
          name: c.name,
          description: c.description,
          nominees: nominees.filter((n) => n.categoryId === c.id).map((n) => nomineeJson(round, n)),
        })),
        criteria: round.criteria.map((c) => ({ name: c.name, description: c.description, weight: c.weight })),
        panel: round.panel.map((p) => ({ name: p.name, handle: p.handle, url: `${publicUrl}/members/${p.handle}` })),
      });
    }
    const nominees = await roundNominees(app.db, app.subjects, round.id, { withdrawn: admin });
    const progress = admin && !phase.resultsOut && phase.methodLocked && round.panel.length > 0 ? await panelProgress(app.db, app.subjects, round, nominees.filter((n) => !n.withdrawn)) : null;
    personal(request, reply);
    return html(reply).send(
      <RoundPage
        page={pageContext(request, reply)}
        round={round}
        phase={phase}
        nominees={nominees}
        progress={progress}
        viewer={{
          signedIn: request.viewer !== null,
          mayTakePart: mayTakePart(request.viewer),
          isAdmin: admin,
          isPanellist: request.viewer !== null && round.panel.some((p) => p.id === request.viewer!.id),
        }}
      />,
    );
  });

  // ---- Nominating ---------------------------------------------------------------------------

  const nominateExample = `${publicUrl}/pitches/community-fridge`;

  const nominatePage = (request: FastifyRequest, reply: FastifyReply, round: RoundDetail, status: number, values: Record<string, unknown>, errors?: FieldErrors) =>
    html(reply, status).send(<NominatePage page={pageContext(request, reply)} round={round} types={nomineeTypes(app.subjects)} example={nominateExample} values={values} errors={errors} />);

  /** A member who may take part, in a round whose nominations are open; otherwise the reply is sent. */
  async function forNominating(request: FastifyRequest<SlugParams>, reply: FastifyReply): Promise<RoundDetail | undefined> {
    if (!requireViewer(request, reply)) return undefined;
    const round = await loadRound(request, reply);
    if (!round) return undefined;
    personal(request, reply);
    if (!mayTakePart(request.viewer)) {
      refuse(request, reply, 403, { title: 'awards.verify.title', body: 'awards.verify.body' });
      return undefined;
    }
    if (!phaseOf(round.times, new Date()).nominating) {
      closed(reply, round, t('awards.closed.nominations', { from: formatRoundDay(round.times.nominationsOpenAt), to: formatClosingDay(round.times.nominationsCloseAt) }));
      return undefined;
    }
    return round;
  }

  app.get<SlugParams>('/awards/:slug/nominate', async (request, reply) => {
    const round = await forNominating(request, reply);
    if (!round) return reply;
    const query = (request.query ?? {}) as Record<string, unknown>;
    const category = typeof query.category === 'string' && idPattern.test(query.category) ? query.category : undefined;
    return nominatePage(request, reply, round, 200, category ? { category } : {});
  });

  /** The pitch or story at an address on this hub, of a type that can be nominated. */
  async function subjectAt(address: string): Promise<{ type: string; id: number } | null> {
    const path = hubPath(address, publicUrl);
    if (!path) return null;
    for (const type of nomineeTypes(app.subjects)) {
      const subjectType = app.subjects.get(type);
      const id = subjectType.idFromPath ? await subjectType.idFromPath(app.db, path) : null;
      if (id !== null) return { type, id };
    }
    return null;
  }

  app.post<SlugParams>('/awards/:slug/nominate', { config: rateLimited(app, 30, '1 hour') }, async (request, reply) => {
    const round = await forNominating(request, reply);
    if (!round) return reply;
    const parsed = parseForm(nominateForm, request.body);
    if (!parsed.ok) return nominatePage(request, reply, round, 400, parsed.values, parsed.errors);
    const values = request.body as Record<string, unknown>;
    const category = round.categories.find((c) => c.id === Number(parsed.data.category));
    if (!category) return nominatePage(request, reply, round, 400, values, { category: 'awards.field.category.required' });
    const subject = await subjectAt(parsed.data.address);
    // The same answer for an address that names nothing and one that names something private,
    // so the form cannot be used to learn what exists in a closed group.
    if (!subject) return nominatePage(request, reply, round, 400, values, { address: 'awards.field.address.notFound' });
    const result = await nominate(app.db, app.subjects, {
      roundId: round.id,
      categoryId: category.id,
      subjectType: subject.type,
      subjectId: subject.id,
      userId: request.viewer!.id,
      reason: parsed.data.reason,
    });
    if (!result.ok) {
      switch (result.error) {
        case 'not-found':
          return notFound(request, reply);
        case 'closed':
          return closed(reply, round, t('awards.closed.nominations', { from: formatRoundDay(round.times.nominationsOpenAt), to: formatClosingDay(round.times.nominationsCloseAt) }));
        case 'not-public':
          return nominatePage(request, reply, round, 400, values, { address: 'awards.field.address.notFound' });
        case 'already':
          return nominatePage(request, reply, round, 400, values, { address: 'awards.nominate.already' });
        case 'withdrawn':
          return nominatePage(request, reply, round, 400, values, { address: 'awards.nominate.withdrawn' });
        case 'too-many':
          return nominatePage(request, reply, round, 400, values, { _form: t('awards.nominate.tooMany', { max: 30 }) });
        case 'round-full':
          return nominatePage(request, reply, round, 400, values, { _form: 'awards.nominate.roundFull' });
      }
    }
    const title = (await app.subjects.get(subject.type).describe(app.db, [subject.id])).get(subject.id)?.title ?? '';
    reply.flash('success', t(result.created ? 'awards.nominate.done' : 'awards.nominate.supported', { title, category: category.name }));
    return reply.redirect(`${roundPath(round.slug)}/nominations/${result.nominationId}`, 303);
  });

  // ---- One nomination -----------------------------------------------------------------------

  app.apiDocs.add({
    method: 'get',
    path: '/awards/{slug}/nominations/{id}.json',
    summary: 'One nomination',
    description: 'A nominee of an awards round with every reason members gave for it. "Not found" when the nominated pitch or story is no longer visible to everyone.',
    tag: 'Awards',
    auth: 'none',
    params: z.object({ slug: z.string().describe('The round’s slug.'), id: z.string().describe('The nomination’s number.') }),
    response: nominationSchema,
  });

  /** The round and one of its public nominations, or the reply is already "not found". */
  async function loadNomination(request: FastifyRequest<NominationParams>, reply: FastifyReply, id = request.params.id) {
    const round = await loadRound(request, reply);
    if (!round) return undefined;
    const nomination = idPattern.test(id) ? await findNomination(app.db, app.subjects, round.id, Number(id)) : undefined;
    const category = nomination && round.categories.find((c) => c.id === nomination.categoryId);
    if (!nomination || !category) {
      notFound(request, reply);
      return undefined;
    }
    return { round, nomination, category, phase: phaseOf(round.times, new Date()) };
  }

  async function nominationPage(request: FastifyRequest, reply: FastifyReply, found: NonNullable<Awaited<ReturnType<typeof loadNomination>>>, status: number, values?: Record<string, unknown>, errors?: FieldErrors) {
    const viewer = request.viewer;
    const canSupport = found.phase.nominating && !found.nomination.withdrawn && mayTakePart(viewer) && !(await hasStatement(app.db, found.nomination.id, viewer.id));
    personal(request, reply);
    return html(reply, status).send(
      <NominationPage
        page={pageContext(request, reply)}
        round={found.round}
        phase={found.phase}
        nomination={found.nomination}
        categoryName={found.category.name}
        canSupport={canSupport}
        isAdmin={isAdmin(viewer)}
        values={values}
        errors={errors}
      />,
    );
  }

  app.get<NominationParams>('/awards/:slug/nominations/:id', async (request, reply) => {
    const { name: id, format: suffix } = splitFormat(request.params.id);
    const format = requestedFormat(request, suffix);
    if (format !== 'html' && format !== 'json') return notFound(request, reply);
    const found = await loadNomination(request, reply, id);
    if (!found) return reply;
    const { round, nomination, category } = found;
    if (format === 'json') {
      return sendJson(reply, nominationSchema, {
        ...nomineeJson(round, nomination),
        category: { id: category.id, name: category.name },
        round: { slug: round.slug, name: round.name, url: `${publicUrl}${roundPath(round.slug)}` },
        withdrawn: nomination.withdrawn ? { at: nomination.withdrawn.at.toISOString(), reason: nomination.withdrawn.reason } : null,
        reasons: nomination.statementsList.map((s) => ({ by: s.author ? { name: s.author.name, handle: s.author.handle } : null, reason: s.reason, at: s.at.toISOString() })),
      });
    }
    return nominationPage(request, reply, found, 200);
  });

  app.post<NominationParams>('/awards/:slug/nominations/:id/support', { config: rateLimited(app, 30, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const found = await loadNomination(request, reply);
    if (!found) return reply;
    const { round, nomination } = found;
    if (!mayTakePart(request.viewer)) return refuse(request, reply, 403, { title: 'awards.verify.title', body: 'awards.verify.body' });
    const parsed = parseForm(supportForm, request.body);
    if (!parsed.ok) return nominationPage(request, reply, found, 400, parsed.values, parsed.errors);
    const result = await supportNomination(app.db, app.subjects, round.id, nomination.id, request.viewer.id, parsed.data.reason);
    const path = `${roundPath(round.slug)}/nominations/${nomination.id}`;
    if (result.ok) {
      reply.flash('success', t('awards.support.done'));
      return reply.redirect(path, 303);
    }
    if (result.error === 'closed') return closed(reply, round, t('awards.closed.nominations', { from: formatRoundDay(round.times.nominationsOpenAt), to: formatClosingDay(round.times.nominationsCloseAt) }));
    if (result.error === 'already' || result.error === 'withdrawn') {
      reply.flash('info', t(result.error === 'already' ? 'awards.nominate.already' : 'awards.nominate.withdrawn'));
      return reply.redirect(path, 303);
    }
    return notFound(request, reply);
  });

  async function forWithdrawing(request: FastifyRequest<NominationParams>, reply: FastifyReply) {
    if (!requireAdmin(request, reply)) return undefined;
    const found = await loadNomination(request, reply);
    if (!found) return undefined;
    const path = `${roundPath(found.round.slug)}/nominations/${found.nomination.id}`;
    if (found.phase.resultsOut || found.nomination.withdrawn) {
      reply.flash('info', t(found.phase.resultsOut ? 'awards.withdraw.final' : 'awards.withdraw.already'));
      reply.redirect(path, 303);
      return undefined;
    }
    return found;
  }

  app.get<NominationParams>('/awards/:slug/nominations/:id/withdraw', async (request, reply) => {
    const found = await forWithdrawing(request, reply);
    if (!found) return reply;
    return html(reply).send(<WithdrawPage page={pageContext(request, reply)} round={found.round} nomination={found.nomination} />);
  });

  app.post<NominationParams>('/awards/:slug/nominations/:id/withdraw', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
    const found = await forWithdrawing(request, reply);
    if (!found) return reply;
    const parsed = parseForm(withdrawForm, request.body);
    if (!parsed.ok) return html(reply, 400).send(<WithdrawPage page={pageContext(request, reply)} round={found.round} nomination={found.nomination} values={parsed.values} errors={parsed.errors} />);
    const result = await withdrawNomination(app.db, found.round.id, found.nomination.id, request.viewer!.id, parsed.data.reason);
    const path = `${roundPath(found.round.slug)}/nominations/${found.nomination.id}`;
    if (!result.ok) {
      if (result.error === 'not-found') return notFound(request, reply);
      reply.flash('info', t(result.error === 'final' ? 'awards.withdraw.final' : 'awards.withdraw.already'));
      return reply.redirect(path, 303);
    }
    reply.flash('success', t(result.votesRemoved === 0 ? 'awards.withdraw.done' : result.votesRemoved === 1 ? 'awards.withdraw.doneVotes.one' : 'awards.withdraw.doneVotes', { count: result.votesRemoved }));
    return reply.redirect(path, 303);
  });

  // ---- Voting -------------------------------------------------------------------------------

  async function forVoting(request: FastifyRequest<SlugParams>, reply: FastifyReply): Promise<RoundDetail | undefined> {
    if (!requireViewer(request, reply)) return undefined;
    const round = await loadRound(request, reply);
    if (!round) return undefined;
    reply.header('cache-control', 'private, no-store');
    if (!mayTakePart(request.viewer)) {
      refuse(request, reply, 403, { title: 'awards.verify.title', body: 'awards.verify.body' });
      return undefined;
    }
    if (!phaseOf(round.times, new Date()).voting) {
      closed(reply, round, t('awards.closed.voting', { from: formatRoundDay(round.times.votingOpenAt), to: formatClosingDay(round.times.votingCloseAt) }));
      return undefined;
    }
    return round;
  }

  async function votePage(request: FastifyRequest, reply: FastifyReply, round: RoundDetail, status: number, values?: Record<string, unknown>, errors?: FieldErrors) {
    const nominees = await roundNominees(app.db, app.subjects, round.id);
    const votes = await viewerVotes(app.db, round.id, request.viewer!.id);
    return html(reply, status).send(<VotePage page={pageContext(request, reply)} round={round} nominees={nominees} votes={votes} values={values} errors={errors} />);
  }

  app.get<SlugParams>('/awards/:slug/vote', async (request, reply) => {
    const round = await forVoting(request, reply);
    if (!round) return reply;
    return votePage(request, reply, round, 200);
  });

  app.post<SlugParams>('/awards/:slug/vote', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
    const round = await forVoting(request, reply);
    if (!round) return reply;
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
    const category = typeof body.category === 'string' && idPattern.test(body.category) ? round.categories.find((c) => c.id === Number(body.category)) : undefined;
    if (!category) return votePage(request, reply, round, 400, {}, { _form: 'awards.vote.badCategory' });
    const field = voteField(category.id);
    const choice = body[field];
    if (typeof choice !== 'string' || !idPattern.test(choice)) return votePage(request, reply, round, 400, body, { [field]: t('awards.field.vote.required', { category: category.name }) });
    const result = await castVote(app.db, app.subjects, round.id, category.id, Number(choice), request.viewer!.id);
    if (!result.ok) {
      if (result.error === 'closed') return closed(reply, round, t('awards.closed.voting', { from: formatRoundDay(round.times.votingOpenAt), to: formatClosingDay(round.times.votingCloseAt) }));
      return votePage(request, reply, round, 400, body, { [field]: t('awards.field.vote.invalid', { category: category.name }) });
    }
    reply.flash('success', t(result.change === 'first' ? 'awards.vote.done' : result.change === 'changed' ? 'awards.vote.changed' : 'awards.vote.same', { category: category.name }));
    return reply.redirect(`${roundPath(round.slug)}/vote#vote-${category.id}`, 303);
  });

  // ---- The panel ----------------------------------------------------------------------------

  /** A panellist of the round (others are refused), with the round's public nominees. */
  async function forPanel(request: FastifyRequest<SlugParams>, reply: FastifyReply): Promise<{ round: RoundDetail; nominees: Nominee[] } | undefined> {
    if (!requireViewer(request, reply)) return undefined;
    const round = await loadRound(request, reply);
    if (!round) return undefined;
    reply.header('cache-control', 'private, no-store');
    if (!round.panel.some((p) => p.id === request.viewer!.id)) {
      refuse(request, reply, 403, { title: 'awards.notPanellist.title', body: 'awards.notPanellist.body' });
      return undefined;
    }
    if (!phaseOf(round.times, new Date()).scoring) {
      closed(reply, round, t('awards.closed.scoring', { from: formatRoundDay(round.times.nominationsCloseAt), to: formatClosingDay(round.times.scoringCloseAt) }));
      return undefined;
    }
    return { round, nominees: await roundNominees(app.db, app.subjects, round.id) };
  }

  app.get<SlugParams>('/awards/:slug/panel', async (request, reply) => {
    const found = await forPanel(request, reply);
    if (!found) return reply;
    const entries = await panelView(app.db, app.subjects, request.viewer!.id, found.nominees);
    return html(reply).send(<PanelPage page={pageContext(request, reply)} round={found.round} nominees={found.nominees} entries={entries} />);
  });

  async function forPanelNominee(request: FastifyRequest<NominationParams>, reply: FastifyReply) {
    const found = await forPanel(request, reply);
    if (!found) return undefined;
    const nominee = idPattern.test(request.params.id) ? found.nominees.find((n) => n.id === Number(request.params.id)) : undefined;
    const category = nominee && found.round.categories.find((c) => c.id === nominee.categoryId);
    if (!nominee || !category) {
      notFound(request, reply);
      return undefined;
    }
    const entry = (await panelView(app.db, app.subjects, request.viewer!.id, [nominee])).get(nominee.id)!;
    return { ...found, nominee, category, entry };
  }

  type PanelNominee = NonNullable<Awaited<ReturnType<typeof forPanelNominee>>>;

  const panelNomineePage = (request: FastifyRequest, reply: FastifyReply, found: PanelNominee, status: number, values?: Record<string, unknown>, errors?: FieldErrors) =>
    html(reply, status).send(
      <PanelNomineePage page={pageContext(request, reply)} round={found.round} nominee={found.nominee} categoryName={found.category.name} entry={found.entry} values={values} errors={errors} />,
    );

  /** Scoring a nominee one has a conflict with is refused, clearly, whatever the form sent. */
  function conflictRefusal(request: FastifyRequest, reply: FastifyReply, kind: 'detected' | 'conflict') {
    return refuse(request, reply, 403, { title: 'awards.cannotScore', body: kind === 'detected' ? 'awards.refused.detected' : 'awards.refused.conflict' });
  }

  app.get<NominationParams>('/awards/:slug/panel/:id', async (request, reply) => {
    const found = await forPanelNominee(request, reply);
    if (!found) return reply;
    return panelNomineePage(request, reply, found, 200);
  });

  app.post<NominationParams>('/awards/:slug/panel/:id/declare', { config: rateLimited(app, 300, '1 hour') }, async (request, reply) => {
    const found = await forPanelNominee(request, reply);
    if (!found) return reply;
    if (found.entry.declaration?.conflict) return conflictRefusal(request, reply, 'conflict');
    const parsed = parseForm(declareForm, request.body);
    if (!parsed.ok) return panelNomineePage(request, reply, found, 400, parsed.values, parsed.errors);
    if (found.entry.detected && parsed.data.conflict === 'none') return conflictRefusal(request, reply, 'detected');
    const result = await declare(app.db, app.subjects, found.round.id, found.nominee.id, request.viewer!.id, { conflict: parsed.data.conflict === 'conflict', note: parsed.data.note });
    if (!result.ok) return panelError(request, reply, found, result.error);
    const path = roundPath(found.round.slug);
    reply.flash('success', t(result.conflict ? 'awards.declare.done.conflict' : 'awards.declare.done.none', { title: found.nominee.title }));
    return reply.redirect(result.conflict ? `${path}/panel` : `${path}/panel/${found.nominee.id}`, 303);
  });

  function panelError(request: FastifyRequest, reply: FastifyReply, found: PanelNominee, error: string) {
    switch (error) {
      case 'detected':
        return conflictRefusal(request, reply, 'detected');
      case 'conflict':
      case 'final':
        return conflictRefusal(request, reply, 'conflict');
      case 'not-declared':
        return refuse(request, reply, 400, { title: 'awards.refused.undeclared.title', body: 'awards.refused.undeclared.body' });
      case 'not-panellist':
        return refuse(request, reply, 403, { title: 'awards.notPanellist.title', body: 'awards.notPanellist.body' });
      case 'closed':
        return closed(reply, found.round, t('awards.closed.scoring', { from: formatRoundDay(found.round.times.nominationsCloseAt), to: formatClosingDay(found.round.times.scoringCloseAt) }));
      default:
        return notFound(request, reply);
    }
  }

  app.post<NominationParams>('/awards/:slug/panel/:id/scores', { config: rateLimited(app, 300, '1 hour') }, async (request, reply) => {
    const found = await forPanelNominee(request, reply);
    if (!found) return reply;
    // Refused before the form is even read: a panellist with a conflict has nothing to send here.
    if (found.entry.detected) return conflictRefusal(request, reply, 'detected');
    if (found.entry.declaration?.conflict) return conflictRefusal(request, reply, 'conflict');
    if (!found.entry.declaration) return panelError(request, reply, found, 'not-declared');
    const parsed = parseScores(request.body, found.round.criteria);
    if (!parsed.ok) return panelNomineePage(request, reply, found, 400, parsed.values, parsed.errors);
    const result = await saveScores(app.db, app.subjects, found.round.id, found.nominee.id, request.viewer!.id, parsed.data);
    if (!result.ok) return panelError(request, reply, found, result.error);
    reply.flash('success', t('awards.scores.done', { title: found.nominee.title }));
    return reply.redirect(`${roundPath(found.round.slug)}/panel`, 303);
  });

  // ---- Results ------------------------------------------------------------------------------

  app.apiDocs.add({
    method: 'get',
    path: '/awards/{slug}/results.json',
    summary: 'Results of an awards round',
    description:
      'Once the results are out: per category, each nominee’s votes, vote share, panel score, combined score, place, the mean score per criterion, each panellist’s weighted average under an anonymous number, the number of panellists with a conflict, and how any tie was decided; with the method and weights used. Before that, `published` is false and no numbers are given. Also as CSV (/awards/{slug}/results.csv).',
    tag: 'Awards',
    auth: 'none',
    params: z.object({ slug: z.string().describe('The round’s slug.') }),
    response: resultsSchema,
    alsoAs: ['text/csv'],
  });

  const panelLabels = (count: number) => Array.from({ length: count }, (_, index) => t('awards.results.panellist', { number: index + 1 }));

  async function results(request: FastifyRequest<SlugParams>, reply: FastifyReply, format: 'html' | 'json' | 'csv') {
    const round = await loadRound(request, reply);
    if (!round) return reply;
    const phase = phaseOf(round.times, new Date());
    const computed = phase.resultsOut ? await roundResults(app.db, app.subjects, round) : null;
    if (format === 'json') {
      const data: ResultsJson = {
        round: { slug: round.slug, name: round.name, url: `${publicUrl}${roundPath(round.slug)}` },
        published: computed !== null,
        resultsAt: (round.times.publishedAt ?? round.times.resultsAt).toISOString(),
        method: methodJson(round),
        criteria: round.criteria.map((c) => ({ id: c.id, name: c.name, weight: c.weight })),
        panelSize: round.panel.length,
        categories: (computed?.categories ?? []).map((category) => {
          const titles = new Map(category.nominees.map((n) => [n.nominationId, n.nominee.title]));
          return {
            id: category.category.id,
            name: category.category.name,
            totalVotes: category.totalVotes,
            nominees: category.nominees.map((n) => ({
              rank: n.rank,
              winner: n.winner,
              nominationId: n.nominationId,
              type: n.nominee.subjectType,
              title: n.nominee.title,
              url: `${publicUrl}${n.nominee.url}`,
              votes: n.votes,
              voteShare: rounded(n.voteShare),
              panelScore: rounded(n.panelScore),
              combinedScore: rounded(n.combinedScore),
              panellistsCounted: n.panellistsCounted,
              conflicts: n.conflicts,
              criterionMeans: n.criterionMeans.map((m) => ({ criterionId: m.criterionId, mean: rounded(m.mean) })),
              panellistScores: n.panellistScores.map((p) => ({ panellist: p.panellist, status: p.status, weightedAverage: rounded(p.weightedAverage) })),
              tieBreak: tieText(n, n.nominee.title, titles),
            })),
          };
        }),
      };
      return sendJson(reply, resultsSchema, data);
    }
    if (format === 'csv') {
      const criterionColumns = round.criteria.map((c) => `mean ${c.name}`);
      const columns = ['category', 'rank', 'winner', 'nominee', 'type', 'url', 'votes', 'vote_share', 'panel_score', 'combined_score', 'panellists_counted', 'conflicts', 'tie_break', ...criterionColumns];
      const rows = (computed?.categories ?? []).flatMap((category) => {
        const titles = new Map(category.nominees.map((n) => [n.nominationId, n.nominee.title]));
        return category.nominees.map((n) => ({
          category: category.category.name,
          rank: n.rank,
          winner: n.winner ? 'yes' : 'no',
          nominee: n.nominee.title,
          type: n.nominee.subjectType,
          url: `${publicUrl}${n.nominee.url}`,
          votes: n.votes,
          vote_share: rounded(n.voteShare),
          panel_score: rounded(n.panelScore),
          combined_score: rounded(n.combinedScore),
          panellists_counted: n.panellistsCounted,
          conflicts: n.conflicts,
          tie_break: tieText(n, n.nominee.title, titles) ?? '',
          ...Object.fromEntries(n.criterionMeans.map((m, index) => [criterionColumns[index]!, rounded(m.mean)])),
        }));
      });
      return sendCsv(reply, `${round.slug}-results`, columns, rows);
    }
    personal(request, reply);
    if (!computed) return html(reply).send(<ResultsPendingPage page={pageContext(request, reply)} round={round} />);
    return html(reply).send(<ResultsPage page={pageContext(request, reply)} round={round} results={computed} panelLabels={panelLabels(computed.panelSize)} />);
  }

  app.get<SlugParams>('/awards/:slug/results', (request, reply) => results(request, reply, requestedFormat(request) === 'json' ? 'json' : 'html'));
  app.get<SlugParams>('/awards/:slug/results.json', (request, reply) => results(request, reply, 'json'));
  app.get<SlugParams>('/awards/:slug/results.csv', (request, reply) => results(request, reply, 'csv'));
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { t, tMaybe } from '../../i18n/i18n.ts';
import { requireViewer } from '../../web/app.tsx';
import { csrfTokenFor, pageContext, type Viewer } from '../../web/context.ts';
import { parseForm } from '../../web/forms.ts';
import { rateLimited } from '../../web/limits.ts';
import { sendCsv, sendJson } from '../../web/representations.ts';
import { notify } from '../notifications/index.ts';
import { matchingRoutes } from './matching.routes.tsx';
import { addSignal, inviteToCommission, replyToSignal, withdrawSignal, type AddSignalResult } from './signals.commands.ts';
import { inputFromBody, inputFromForm, inviteForm, isSignalKind, replyForm, signalBody, signalForms, type SignalInput } from './signals.forms.ts';
import { acceptsSignals, countsAsSupport, mayContactSignallers, maySeeSignalDetails, maySignal } from './signals.policy.ts';
import {
  activeOrganisationsOf,
  csvLimit,
  findPitchById,
  findPitchForSignals,
  needOrganisations,
  ownSignals,
  signalForReply,
  signalSummary,
  teamMemberIds,
  teamPageSize,
  teamSignals,
  type SignalPitch,
} from './signals.queries.ts';
import {
  apiErrorSchema,
  countsJson,
  csvColumns,
  ownSignalJson,
  signalResultSchema,
  signalsSchema,
  teamSignalCsvRow,
  teamSignalJson,
  withdrawResultSchema,
} from './signals.schemas.ts';
import { InvitePage, ReplyPage, SignalsPage, SignalsPanel, pitchPath, type FailedForm, type SignalsPanelProps } from './signals.views.tsx';

type SlugParams = { Params: { slug: string } };
type KindParams = { Params: { slug: string; kind: string } };
type IdParams = { Params: { slug: string; id: string } };

const slugPattern = /^[a-z0-9-]{1,120}$/;
const maxPage = 1000;

const html = (reply: FastifyReply, status = 200) => reply.code(status).type('text/html; charset=utf-8');

function pageNumber(request: FastifyRequest): number | undefined {
  const raw = (request.query as Record<string, unknown> | undefined)?.page;
  if (raw === undefined || raw === '') return 1;
  const value = Number(raw);
  return Number.isInteger(value) && value >= 1 && value <= maxPage ? value : undefined;
}

/** Everything the signals panel shows, read for one viewer; amounts only reach the team's list and the viewer's own. */
async function panelData(
  app: FastifyInstance,
  viewer: Viewer | null,
  pitch: SignalPitch,
  teamPage: number,
): Promise<Omit<SignalsPanelProps, 'csrfToken' | 'failed'>> {
  const summary = await signalSummary(app.db, pitch.id);
  const own = viewer ? await ownSignals(app.db, pitch.id, viewer.id) : [];
  const organisations = viewer && !pitch.onTeam ? await activeOrganisationsOf(app.db, viewer.id, pitch.id) : [];
  const team = maySeeSignalDetails(viewer, pitch.onTeam)
    ? { ...(await teamSignals(app.db, pitch.id, { number: teamPage, size: teamPageSize })), page: teamPage }
    : null;
  return { pitch, viewer, onTeam: pitch.onTeam, summary, own, organisations, team };
}

/**
 * The interest part of a pitch page (the exchange embeds it): counts for everyone who may see the
 * pitch, the viewer's own signals and the forms, and for the team who signalled what. Renders
 * nothing for a viewer who may not see the pitch.
 */
export async function signalsSection(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  pitch: { id: number; slug: string; title: string },
): Promise<JSX.Element> {
  const found = await findPitchById(app.db, request.viewer, pitch.id);
  if (!found) return <></>;
  const data = await panelData(app, request.viewer, found, 1);
  return <SignalsPanel {...data} csrfToken={request.viewer ? csrfTokenFor(request, reply) : ''} />;
}

export async function signalsArea(app: FastifyInstance) {
  const publicUrl = app.config.publicUrl;
  const mailContext = () => ({ hubName: app.hub.name(), publicUrl });
  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    app.showMessage(request, reply, 404, { title: 'error.notFound.title', body: 'error.notFound.body' });

  async function visiblePitch(request: FastifyRequest<SlugParams>) {
    const slug = request.params.slug;
    return slugPattern.test(slug) ? findPitchForSignals(app.db, request.viewer, slug) : undefined;
  }

  async function showPanel(request: FastifyRequest, reply: FastifyReply, pitch: SignalPitch, status: number, failed?: FailedForm, teamPage = 1) {
    const data = await panelData(app, request.viewer, pitch, teamPage);
    // The section's token first: it makes sure the layout's token shares its secret.
    const token = csrfTokenFor(request, reply);
    return html(reply, status).send(<SignalsPage page={pageContext(request, reply)} {...data} csrfToken={token} failed={failed} />);
  }

  /** Tells the team, after the signal is committed. Amounts never go into the text. */
  async function tellTeam(pitch: SignalPitch, actor: Viewer, input: SignalInput, organisation: string | null) {
    if (!countsAsSupport(input.kind)) return;
    const kind = input.kind as 'can-help' | 'would-use' | 'could-fund' | 'need-too';
    try {
      await notify(app, {
        recipients: await teamMemberIds(app.db, pitch.id),
        kind: 'signal',
        actorId: actor.id,
        subject: { type: 'pitch', id: pitch.id },
        text: t(`signals.notify.${kind}`, { name: actor.displayName, title: pitch.title, organisation: organisation ?? '' }),
        url: `${pitchPath(pitch.slug)}#signals`,
      });
    } catch (error) {
      // The signal is saved; a failed notification must not turn that into an error page.
      app.log.error({ err: error }, 'Notifying the team of a signal failed');
    }
  }

  // ---- Signalling with forms ----------------------------------------------------------------

  app.post<SlugParams>('/pitches/:slug/signals', { config: rateLimited(app, 120, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const viewer = request.viewer;
    const pitch = await visiblePitch(request);
    if (!pitch || !acceptsSignals(pitch.status)) return notFound(request, reply);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const kind = body.kind;
    if (!isSignalKind(kind)) {
      return app.showMessage(request, reply, 400, { title: 'error.badRequest.title', body: 'error.badRequest.body' });
    }
    if (!maySignal(viewer, pitch.onTeam, kind)) {
      return showPanel(request, reply, pitch, 403, { kind, values: body, errors: { _form: 'signals.ownPitch' } });
    }
    const parsed = parseForm(signalForms[kind], body);
    if (!parsed.ok) return showPanel(request, reply, pitch, 400, { kind, values: parsed.values, errors: parsed.errors });
    const input = inputFromForm(kind, parsed.data as Record<string, unknown>);
    const result = await addSignal(app.db, pitch.id, viewer.id, input);
    if (!result.ok) {
      if (result.error === 'not-found') return notFound(request, reply);
      const errors = formErrors(result);
      return showPanel(request, reply, pitch, result.error === 'own-pitch' ? 403 : 400, { kind, values: body, errors });
    }
    if (result.created) {
      await tellTeam(pitch, viewer, input, result.organisation?.name ?? null);
      reply.flash('success', t(`signals.done.${kind}`, { organisation: result.organisation?.name ?? '' }));
    } else {
      reply.flash('info', t('signals.already'));
    }
    return reply.redirect(`${pitchPath(pitch.slug)}#signals`, 303);
  });

  app.post<KindParams>('/pitches/:slug/signals/:kind/withdraw', { config: rateLimited(app, 120, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const kind = request.params.kind;
    const pitch = await visiblePitch(request);
    if (!pitch || !isSignalKind(kind)) return notFound(request, reply);
    const result = await withdrawSignal(app.db, pitch.id, request.viewer.id, kind);
    if (!result.ok) return notFound(request, reply);
    reply.flash(result.removed ? 'success' : 'info', result.removed ? t('signals.withdrawn', { kind: t(`signals.kind.${kind}`) }) : t('signals.notThere'));
    return reply.redirect(`${pitchPath(pitch.slug)}#signals`, 303);
  });

  // ---- The signals page, JSON and CSV -------------------------------------------------------

  app.get<SlugParams>('/pitches/:slug/signals', async (request, reply) => {
    const pitch = await visiblePitch(request);
    const page = pageNumber(request);
    if (!pitch || page === undefined) return notFound(request, reply);
    return showPanel(request, reply, pitch, 200, undefined, page);
  });

  app.apiDocs.add({
    method: 'get',
    path: '/pitches/{slug}/signals.json',
    summary: 'Interest in a pitch',
    description:
      'How many members can help, would use it, could fund it, need it too or follow it, and which organisations need it too. With a token: your own signals too, and, for members of the pitch team, everyone’s signals with their notes and indicative amounts (50 a page; ?page= for more). The team can also download them as CSV at /pitches/{slug}/signals.csv.',
    tag: 'Pitches',
    auth: 'optional',
    params: z.object({ slug: z.string().describe('The last part of the pitch’s address.') }),
    query: z.object({ page: z.coerce.number().int().min(1).optional().describe('Page of the team’s list, from 1.') }),
    response: signalsSchema,
  });

  app.get<SlugParams>('/pitches/:slug/signals.json', async (request, reply) => {
    const pitch = await visiblePitch(request);
    const page = pageNumber(request);
    if (!pitch || page === undefined) return notFound(request, reply);
    const data = await panelData(app, request.viewer, pitch, page);
    return sendJson(reply, signalsSchema, {
      pitch: { slug: pitch.slug, title: pitch.title, url: `${publicUrl}${pitchPath(pitch.slug)}` },
      counts: countsJson(data.summary),
      organisationsInNeed: data.summary.organisations.map((o) => ({ ...o, url: `${publicUrl}/organisations/${o.slug}` })),
      ...(request.viewer ? { mine: data.own.map((signal) => ownSignalJson(signal, publicUrl)) } : {}),
      ...(data.team
        ? {
            signals: data.team.signals.map((signal) => teamSignalJson(signal, publicUrl)),
            page,
            nextPage: data.team.hasNext ? page + 1 : null,
          }
        : {}),
    });
  });

  // Not in the API document: not JSON, and only for the team.
  app.get<SlugParams>('/pitches/:slug/signals.csv', async (request, reply) => {
    const pitch = await visiblePitch(request);
    if (!pitch || !maySeeSignalDetails(request.viewer, pitch.onTeam)) return notFound(request, reply);
    const { signals } = await teamSignals(app.db, pitch.id, { number: 1, size: csvLimit });
    reply.header('cache-control', 'private, no-store');
    return sendCsv(
      reply,
      `${pitch.slug}-signals`,
      csvColumns,
      signals.map((signal) => teamSignalCsvRow(signal, publicUrl)),
    );
  });

  // ---- Replying privately and inviting to commission together ------------------------------

  async function teamPitch(request: FastifyRequest<SlugParams>, reply: FastifyReply) {
    if (!requireViewer(request, reply)) return undefined;
    const pitch = await visiblePitch(request);
    // Not the team: as if there were nothing here, since who signalled is the team's business.
    if (!pitch || !mayContactSignallers(request.viewer, pitch.onTeam)) {
      notFound(request, reply);
      return undefined;
    }
    return pitch;
  }

  async function replyTarget(request: FastifyRequest<IdParams>, reply: FastifyReply) {
    const pitch = await teamPitch(request, reply);
    if (!pitch) return undefined;
    const id = /^[1-9][0-9]{0,15}$/.test(request.params.id) ? Number(request.params.id) : NaN;
    const signal = Number.isSafeInteger(id) ? await signalForReply(app.db, pitch.id, id) : undefined;
    if (!signal || signal.status !== 'active') {
      notFound(request, reply);
      return undefined;
    }
    return { pitch, signal: { id: signal.id, kind: signal.kind, name: signal.display_name, handle: signal.handle } };
  }

  app.get<IdParams>('/pitches/:slug/signals/:id/reply', async (request, reply) => {
    const target = await replyTarget(request, reply);
    if (!target) return reply;
    return html(reply).send(<ReplyPage page={pageContext(request, reply)} {...target} />);
  });

  app.post<IdParams>('/pitches/:slug/signals/:id/reply', { config: rateLimited(app, 30, '1 hour') }, async (request, reply) => {
    const target = await replyTarget(request, reply);
    if (!target) return reply;
    const parsed = parseForm(replyForm, request.body);
    if (!parsed.ok) {
      return html(reply, 400).send(<ReplyPage page={pageContext(request, reply)} {...target} values={parsed.values} errors={parsed.errors} />);
    }
    const result = await replyToSignal(app.db, app.mailer, mailContext(), {
      pitch: target.pitch,
      signalId: target.signal.id,
      senderId: request.viewer!.id,
      message: parsed.data.message,
    });
    if (!result.ok) {
      if (result.error === 'not-found') return notFound(request, reply);
      reply.flash('warning', t('signals.reply.unavailable'));
    } else {
      reply.flash('success', t('signals.reply.sent', { name: result.name }));
    }
    return reply.redirect(`/pitches/${target.pitch.slug}/signals#signals-team-title`, 303);
  });

  app.get<SlugParams>('/pitches/:slug/invite-commissioning', async (request, reply) => {
    const pitch = await teamPitch(request, reply);
    if (!pitch) return reply;
    return html(reply).send(<InvitePage page={pageContext(request, reply)} pitch={pitch} organisations={await needOrganisations(app.db, pitch.id)} />);
  });

  app.post<SlugParams>('/pitches/:slug/invite-commissioning', { config: rateLimited(app, 5, '1 hour') }, async (request, reply) => {
    const pitch = await teamPitch(request, reply);
    if (!pitch) return reply;
    const parsed = parseForm(inviteForm, request.body);
    if (!parsed.ok) {
      return html(reply, 400).send(
        <InvitePage
          page={pageContext(request, reply)}
          pitch={pitch}
          organisations={await needOrganisations(app.db, pitch.id)}
          values={parsed.values}
          errors={parsed.errors}
        />,
      );
    }
    const result = await inviteToCommission(app.db, app.mailer, mailContext(), { pitch, senderId: request.viewer!.id, message: parsed.data.message });
    if (result.ok) reply.flash('success', t('signals.invite.sent', { count: result.sent }));
    else reply.flash('warning', t(result.error === 'no-admins' ? 'signals.invite.noAdmins' : 'signals.invite.none'));
    return reply.redirect(`${pitchPath(pitch.slug)}#signals`, 303);
  });

  // ---- JSON API with a token ----------------------------------------------------------------

  const apiError = (reply: FastifyReply, status: number, error: string, message: string, errors?: Record<string, string>) =>
    reply.code(status).type('application/json; charset=utf-8').send(apiErrorSchema.parse({ error, message, ...(errors ? { errors } : {}) }));

  async function apiPitch(request: FastifyRequest<SlugParams>, reply: FastifyReply) {
    if (!requireViewer(request, reply)) return undefined;
    const pitch = await visiblePitch(request);
    if (!pitch || !acceptsSignals(pitch.status)) {
      apiError(reply, 404, 'not-found', t('signals.api.notFound'));
      return undefined;
    }
    return pitch;
  }

  app.apiDocs.add({
    method: 'post',
    path: '/api/pitches/{slug}/signals',
    summary: 'Signal interest in a pitch',
    description:
      'Say you can help (with a note), would use it, could fund it (optionally with an indicative amount only the team sees), that an organisation you belong to needs it too, or follow it. Sending the same signal again changes nothing and answers 200 with created: false; a new signal answers 201. Members of the pitch team can only follow.',
    tag: 'Pitches',
    auth: 'required',
    params: z.object({ slug: z.string().describe('The last part of the pitch’s address.') }),
    body: signalBody,
    response: signalResultSchema,
    successStatus: 201,
  });

  app.post<SlugParams>('/api/pitches/:slug/signals', { config: rateLimited(app, 120, '1 hour') }, async (request, reply) => {
    const pitch = await apiPitch(request, reply);
    if (!pitch) return reply;
    const viewer = request.viewer!;
    const parsed = signalBody.safeParse(request.body ?? {});
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path.length > 0 ? String(issue.path[0]) : '_body';
        if (!(field in errors)) errors[field] = field === 'kind' ? t('signals.api.kind') : tMaybe(issue.message);
      }
      return apiError(reply, 400, 'invalid', t('signals.api.invalid'), errors);
    }
    const input = inputFromBody(parsed.data);
    if (!maySignal(viewer, pitch.onTeam, input.kind)) return apiError(reply, 403, 'own-pitch', t('signals.ownPitch'));
    const result = await addSignal(app.db, pitch.id, viewer.id, input);
    if (!result.ok) {
      if (result.error === 'not-found') return apiError(reply, 404, 'not-found', t('signals.api.notFound'));
      if (result.error === 'own-pitch') return apiError(reply, 403, 'own-pitch', t('signals.ownPitch'));
      const errors = formErrors(result);
      const message = errors.organisation ?? t('signals.api.invalid');
      return apiError(reply, result.error === 'organisation-already' ? 409 : 403, result.error, tMaybe(message), { organisation: tMaybe(message) });
    }
    if (result.created) await tellTeam(pitch, viewer, input, result.organisation?.name ?? null);
    const [own, summary] = await Promise.all([ownSignals(app.db, pitch.id, viewer.id), signalSummary(app.db, pitch.id)]);
    const signal = own.find((s) => s.id === result.signalId);
    if (!signal) return apiError(reply, 409, 'conflict', t('signals.api.invalid'));
    reply.code(result.created ? 201 : 200);
    return sendJson(reply, signalResultSchema, { created: result.created, signal: ownSignalJson(signal, publicUrl), counts: countsJson(summary) });
  });

  app.apiDocs.add({
    method: 'delete',
    path: '/api/pitches/{slug}/signals/{kind}',
    summary: 'Withdraw a signal',
    description: 'Takes back one of your own signals on a pitch. Withdrawing one you have not sent answers 200 with removed: false.',
    tag: 'Pitches',
    auth: 'required',
    params: z.object({
      slug: z.string().describe('The last part of the pitch’s address.'),
      kind: z.string().describe('can-help, would-use, could-fund, need-too or follow.'),
    }),
    response: withdrawResultSchema,
  });

  app.delete<KindParams>('/api/pitches/:slug/signals/:kind', { config: rateLimited(app, 120, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const pitch = await visiblePitch(request);
    if (!pitch) return apiError(reply, 404, 'not-found', t('signals.api.notFound'));
    const kind = request.params.kind;
    if (!isSignalKind(kind)) return apiError(reply, 404, 'not-found', t('signals.api.kind'));
    const result = await withdrawSignal(app.db, pitch.id, request.viewer.id, kind);
    if (!result.ok) return apiError(reply, 404, 'not-found', t('signals.api.notFound'));
    return sendJson(reply, withdrawResultSchema, { removed: result.removed, counts: countsJson(await signalSummary(app.db, pitch.id)) });
  });

  await matchingRoutes(app);
}

/** Errors of a refused signal, keyed by the form field they concern. */
function formErrors(result: Exclude<AddSignalResult, { ok: true }>): Record<string, string> {
  switch (result.error) {
    case 'own-pitch':
      return { _form: 'signals.ownPitch' };
    case 'not-in-organisation':
      return { organisation: 'signals.need.organisation.notMember' };
    case 'organisation-already':
      return { organisation: t('signals.need.organisation.already', { organisation: result.organisation.name }) };
    default:
      return { _form: 'error.badRequest.body' };
  }
}

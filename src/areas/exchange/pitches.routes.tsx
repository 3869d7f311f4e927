import fs from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { t, tMaybe } from '../../i18n/i18n.ts';
import { requireViewer } from '../../web/app.tsx';
import type { FieldErrors, FormValues } from '../../web/components.tsx';
import { pageContext } from '../../web/context.ts';
import { parseForm } from '../../web/forms.ts';
import { rateLimited } from '../../web/limits.ts';
import { renderMarkdown } from '../../web/markdown.ts';
import { requestedFormat, sendJson, splitFormat } from '../../web/representations.ts';
import { conversationSection, followConversation } from '../conversations/index.ts';
import { signalsSection } from './signals.routes.tsx';
import { matchesSection, notifyMatchesOfNewPitch } from './matching.routes.tsx';
import { tellMembersOfPitch } from '../groups/life.notify.ts';
import { originsFormValue, originsFromForm, pitchLineageSection, setPitchOrigins } from '../stories/index.ts';
import {
  addPitchFile,
  addTeamMember,
  changeStage,
  createPitch,
  deletePitchFile,
  publishPitch,
  removeTeamMember,
  updatePitch,
} from './pitches.commands.ts';
import {
  checkAttachment,
  cleanFileName,
  newStoredPath,
  prepareImage,
  removeStoredFile,
  storedFile,
  uploadRequestLimitBytes,
  writeStoredFile,
  type FileError,
} from './pitches.files.ts';
import {
  apiCreateBody,
  apiInput,
  apiUpdateBody,
  attachmentDescriptionForm,
  deadlineProblem,
  fileDescriptionForm,
  onlineArea,
  parsePitchForm,
  pitchFormValues,
  stageForm,
  stageLabel,
  teamForm,
  type PitchInput,
} from './pitches.forms.ts';
import { guidanceFromValues } from './pitches.guidance.ts';
import { findPitch, groupChoices, inputOf, organisationChoices, organisationIdsBySlug, visibleFile, type PitchCard, type PitchDetail } from './pitches.queries.ts';
import { apiConflictSchema, apiErrorSchema, pitchSchema, type PitchJson, type PitchSummaryJson } from './pitches.schemas.ts';
import { FilesPage, PitchFormPage, PitchPage, StagePage, TeamPage, filePath, pitchPath } from './pitches.views.tsx';
import { FromEventNotice, eventOrigin, linkMadeFromEvent, originValue } from '../events/events.origin.tsx';

type SlugParams = { Params: { slug: string } };

export const slugPattern = /^[a-z0-9-]{1,80}$/;
const handlePattern = /^[a-z0-9-]{1,100}$/;
const idPattern = /^[1-9][0-9]{0,11}$/;

/**
 * The parts other areas add to a pitch page, in order. Each renders what the viewer may see
 * (or nothing); adding one is one line here.
 */
type PitchSection = (app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, pitch: PitchDetail) => Promise<JSX.Element>;
const pitchSections: PitchSection[] = [
  (app, request, reply, pitch) => pitchLineageSection(app, request, reply, pitch),
  (app, request, reply, pitch) => signalsSection(app, request, reply, { id: pitch.id, slug: pitch.slug, title: pitch.title }),
  (app, request, reply, pitch) => matchesSection(app, request, reply, { id: pitch.id, slug: pitch.slug, title: pitch.title }),
  (app, request, reply, pitch) => conversationSection(app, request, reply, { type: 'pitch', id: pitch.id }),
];

function html(reply: FastifyReply, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8');
}

/** What was typed, without the hidden fields, to fill a form in again. */
function typedValues(body: unknown): FormValues {
  const { _csrf, action: _action, version: _version, ...rest } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  return rest;
}

function submittedAction(body: unknown): string {
  const action = (body as Record<string, unknown> | undefined)?.action;
  return typeof action === 'string' ? action : '';
}

/** Errors for an API client: field → readable sentence. */
function apiErrors(errors: FieldErrors): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, tMaybe(message)]));
}

function zodErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : '_form';
    if (!(field in errors)) errors[field] = issue.message;
  }
  return errors;
}

export function summaryJson(publicUrl: string, pitch: PitchCard): PitchSummaryJson {
  return {
    slug: pitch.slug,
    title: pitch.title,
    kind: pitch.kind,
    stage: pitch.stage,
    status: pitch.status,
    terms: pitch.terms,
    priceMin: pitch.priceMin,
    priceMax: pitch.priceMax,
    budget: pitch.budget,
    deadline: pitch.deadline,
    summary: pitch.summary,
    tags: pitch.tags,
    place: pitch.place,
    localAuthority: pitch.localAuthority,
    online: pitch.online,
    signalCount: pitch.signalCount,
    replyCount: pitch.replyCount,
    author: pitch.author ? { ...pitch.author, url: `${publicUrl}/members/${pitch.author.handle}` } : null,
    publishedAt: pitch.publishedAt?.toISOString() ?? null,
    lastActivityAt: pitch.lastActivityAt.toISOString(),
    url: `${publicUrl}${pitchPath(pitch.slug)}`,
  };
}

export function detailJson(publicUrl: string, pitch: PitchDetail): PitchJson {
  const person = (p: { handle: string; name: string } | null) => (p ? { handle: p.handle, name: p.name, url: `${publicUrl}/members/${p.handle}` } : null);
  const file = (f: PitchDetail['images'][number]) => ({
    url: `${publicUrl}${filePath(pitch.slug, f)}`,
    name: f.originalName,
    contentType: f.contentType,
    size: f.sizeBytes,
    description: f.description,
  });
  return {
    ...summaryJson(publicUrl, pitch),
    body: pitch.body,
    bodyHtml: pitch.body ? renderMarkdown(pitch.body) : '',
    version: pitch.version,
    links: pitch.links,
    team: pitch.team.map((m) => ({ ...person(m)!, role: m.role, lead: m.isLead })),
    organisations: pitch.organisations.map((o) => ({ slug: o.slug, name: o.name, type: o.kind, url: `${publicUrl}/organisations/${o.slug}` })),
    group: pitch.group ? { slug: pitch.group.slug, name: pitch.group.name, url: `${publicUrl}/groups/${pitch.group.slug}` } : null,
    hidden: pitch.hidden ? { reason: pitch.hidden.reason, at: pitch.hidden.at.toISOString() } : undefined,
    stageHistory: pitch.stageHistory.map((c) => ({ stage: c.stage, note: c.note, changedBy: person(c.by), changedAt: c.at.toISOString() })),
    images: pitch.images.map(file),
    attachments: pitch.attachments.map(file),
    createdAt: pitch.createdAt.toISOString(),
    updatedAt: pitch.updatedAt.toISOString(),
  };
}

/** The stored pitch in the API's own shape, for laying a PATCH over it. */
function apiShapeOf(pitch: PitchDetail) {
  return {
    kind: pitch.kind,
    title: pitch.title,
    summary: pitch.summary,
    body: pitch.body,
    terms: pitch.terms,
    priceMin: pitch.priceMin,
    priceMax: pitch.priceMax,
    budget: pitch.budget,
    deadline: pitch.deadline,
    stage: pitch.stage,
    tags: pitch.tags,
    place: pitch.place,
    area: pitch.online ? onlineArea : (pitch.localAuthority?.code ?? null),
    organisations: pitch.organisations.map((o) => o.slug),
    group: pitch.group?.slug ?? null,
    links: pitch.links,
  };
}

/** Turns a multipart body into fields (strings) and files ({ filename, data }). */
interface UploadedPart {
  filename: string;
  data: Buffer;
}

async function parseMultipart(contentType: string, body: Buffer): Promise<Record<string, string | UploadedPart>> {
  let data: FormData;
  try {
    data = await new Request('http://localhost/', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(body) }).formData();
  } catch {
    throw Object.assign(new Error('The form could not be read.'), { statusCode: 400 });
  }
  const fields: Record<string, string | UploadedPart> = {};
  for (const [name, value] of data) {
    if (name in fields) continue;
    fields[name] = typeof value === 'string' ? value : { filename: value.name, data: Buffer.from(await value.arrayBuffer()) };
  }
  return fields;
}

export async function pitchRoutes(app: FastifyInstance) {
  const publicUrl = app.config.publicUrl;
  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    app.showMessage(request, reply, 404, { title: 'error.notFound.title', body: 'error.notFound.body' });
  const forbidden = (request: FastifyRequest, reply: FastifyReply) =>
    app.showMessage(request, reply, 403, { title: 'error.forbidden.title', body: 'error.forbidden.body' });

  /** Drafts are for their team only: no shared cache may keep a copy. */
  const privateIfDraft = (reply: FastifyReply, pitch: { status: string }) => {
    if (pitch.status === 'draft') reply.header('cache-control', 'private, no-store');
  };

  /** The pitch of the route, if the viewer may manage it; otherwise the reply is already sent. */
  async function managed(request: FastifyRequest<SlugParams>, reply: FastifyReply): Promise<PitchDetail | undefined> {
    if (!requireViewer(request, reply)) return undefined;
    const pitch = slugPattern.test(request.params.slug) ? await findPitch(app.db, request.params.slug, request.viewer) : undefined;
    if (!pitch) {
      notFound(request, reply);
      return undefined;
    }
    if (!pitch.canManage) {
      forbidden(request, reply);
      return undefined;
    }
    privateIfDraft(reply, pitch);
    return pitch;
  }

  async function organisationOptions(userId: number, pitch?: PitchDetail) {
    const own = await organisationChoices(app.db, userId);
    const options = new Map(own.map((o) => [o.id, { id: o.id, name: o.name }]));
    // Organisations already named stay offered, so an editor who is not their member keeps them.
    for (const o of pitch?.organisations ?? []) if (!options.has(o.id)) options.set(o.id, { id: o.id, name: o.name });
    return [...options.values()].sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  }

  async function groupOptions(userId: number, pitch?: PitchDetail) {
    const options = (await groupChoices(app.db, userId)).map((g) => ({ id: g.id, name: g.name }));
    // The group it is in stays offered, so a team-mate who is not its member can save without moving it.
    if (pitch?.group && !options.some((g) => g.id === pitch.group!.id)) options.push({ id: pitch.group.id, name: pitch.group.name });
    return options.sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  }

  // ---- Pitching -----------------------------------------------------------------------------

  app.get('/pitches/new', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    // Started from an event's page: the pitch will be linked to the event, and goes into its group if the author may post there.
    const origin = await eventOrigin(app.db, request.viewer, originValue(request.query));
    const groups = await groupOptions(request.viewer.id);
    const group = origin?.groupId && groups.some((g) => g.id === origin.groupId) ? String(origin.groupId) : undefined;
    const values = { terms: 'free', stage: 'idea', ...(group ? { group } : {}) };
    return html(reply).send(
      <PitchFormPage
        page={pageContext(request, reply)}
        mode="new"
        action="/pitches/new"
        values={values}
        guidance={guidanceFromValues(values)}
        organisations={await organisationOptions(request.viewer.id)}
        groups={groups}
        origin={origin ? <FromEventNotice origin={origin} what="pitch" /> : undefined}
      />,
    );
  });

  app.post('/pitches/new', { config: rateLimited(app, 30, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const viewer = request.viewer;
    const values = typedValues(request.body);
    const action = submittedAction(request.body);
    const parsed = parsePitchForm(values);
    const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
    if (parsed.ok) {
      const problem = deadlineProblem(parsed.data.deadline, null);
      if (problem) errors.deadline = problem;
    }
    // "Adapted from": stories or pitches of this hub, found and checked by the stories area.
    const origins = await originsFromForm(app, viewer, values.adaptedFrom, null);
    if (!origins.ok) errors.adaptedFrom = origins.error;
    const organisations = await organisationOptions(viewer.id);
    const groups = await groupOptions(viewer.id);
    const origin = await eventOrigin(app.db, viewer, originValue(request.body));
    const page = (status: number, extra: { errors?: FieldErrors; notice?: string }) =>
      html(reply, status).send(
        <PitchFormPage
          page={pageContext(request, reply)}
          mode="new"
          action="/pitches/new"
          values={values}
          errors={extra.errors ?? {}}
          notice={extra.notice}
          guidance={guidanceFromValues(values)}
          organisations={organisations}
          groups={groups}
          origin={origin ? <FromEventNotice origin={origin} what="pitch" /> : undefined}
        />,
      );
    if (action === 'check') return page(200, { errors, notice: t('pitch.new.checked') });
    if (!parsed.ok || !origins.ok || Object.keys(errors).length > 0) return page(400, { errors });
    const publish = action === 'publish';
    const created = await createPitch(app.db, viewer.id, parsed.data, publish);
    if (!created.ok) {
      if (created.error === 'group-not-allowed') return page(400, { errors: { group: 'pitch.field.group.notAllowed' } });
      return page(400, { errors: { organisations: 'pitch.field.organisations.notAllowed' } });
    }
    await setPitchOrigins(app, created.id, viewer, origins.sources);
    // The team hears of every post on its pitch, so the author follows its conversation.
    await followConversation(app.db, { type: 'pitch', id: created.id }, viewer.id);
    if (origin) await linkMadeFromEvent(app.db, origin, 'pitch', created.id, viewer.id);
    if (publish) await notifyMatchesOfNewPitch(app, created.id, viewer.id);
    reply.flash('success', t(publish ? 'pitch.new.done.published' : 'pitch.new.done.draft'));
    return reply.redirect(pitchPath(created.slug), 303);
  });

  // ---- One pitch ----------------------------------------------------------------------------

  app.apiDocs.add({
    method: 'get',
    path: '/pitches/{slug}.json',
    summary: 'One pitch',
    description: 'Everything on the pitch page: the pitch, its team, organisations, stage history and files. Drafts only for their team. Also at /api/pitches/{slug}.',
    tag: 'Pitches',
    auth: 'optional',
    params: z.object({ slug: z.string().describe('The last part of the pitch’s address, e.g. community-fridge.') }),
    response: pitchSchema,
  });

  async function showPitch(request: FastifyRequest<SlugParams>, reply: FastifyReply, forceJson: boolean) {
    const { name: slug, format: suffix } = splitFormat(request.params.slug);
    const format = forceJson ? 'json' : requestedFormat(request, suffix);
    if (!slugPattern.test(slug) || (format !== 'html' && format !== 'json')) return notFound(request, reply);
    const pitch = await findPitch(app.db, slug, request.viewer);
    if (!pitch) return notFound(request, reply);
    privateIfDraft(reply, pitch);
    if (format === 'json') return sendJson(reply, pitchSchema, detailJson(publicUrl, pitch));
    const sections: JSX.Element[] = [];
    for (const section of pitchSections) sections.push(await section(app, request, reply, pitch));
    const guidance =
      pitch.status === 'draft' && pitch.canManage
        ? guidanceFromValues(pitchFormValues(inputOf(pitch)), pitch.images.length + pitch.attachments.length)
        : null;
    return html(reply).send(<PitchPage page={pageContext(request, reply)} pitch={pitch} guidance={guidance} sections={sections} />);
  }

  app.get<SlugParams>('/pitches/:slug', (request, reply) => showPitch(request, reply, false));

  // ---- Editing ------------------------------------------------------------------------------

  app.get<SlugParams>('/pitches/:slug/edit', async (request, reply) => {
    const pitch = await managed(request, reply);
    if (!pitch) return reply;
    const values = { ...pitchFormValues(inputOf(pitch)), adaptedFrom: await originsFormValue(app, request.viewer!, pitch.id) };
    return html(reply).send(
      <PitchFormPage
        page={pageContext(request, reply)}
        mode="edit"
        action={`${pitchPath(pitch.slug)}/edit`}
        values={values}
        guidance={guidanceFromValues(values, pitch.images.length + pitch.attachments.length)}
        organisations={await organisationOptions(request.viewer!.id, pitch)}
        groups={await groupOptions(request.viewer!.id, pitch)}
        pitch={pitch}
        version={pitch.version}
      />,
    );
  });

  app.post<SlugParams>('/pitches/:slug/edit', { config: rateLimited(app, 120, '1 hour') }, async (request, reply) => {
    const pitch = await managed(request, reply);
    if (!pitch) return reply;
    const viewer = request.viewer!;
    const values = typedValues(request.body);
    const action = submittedAction(request.body);
    const rawVersion = (request.body as Record<string, unknown> | undefined)?.version;
    // A form without a readable version is treated as stale: a save is never allowed to overwrite blindly.
    const version = typeof rawVersion === 'string' && /^\d{1,9}$/.test(rawVersion) ? Number(rawVersion) : 0;
    const organisations = await organisationOptions(viewer.id, pitch);
    const groups = await groupOptions(viewer.id, pitch);
    const files = pitch.images.length + pitch.attachments.length;
    const page = (status: number, extra: { errors?: FieldErrors; notice?: string; version?: number; conflict?: Parameters<typeof PitchFormPage>[0]['conflict'] }) =>
      html(reply, status).send(
        <PitchFormPage
          page={pageContext(request, reply)}
          mode="edit"
          action={`${pitchPath(pitch.slug)}/edit`}
          values={values}
          errors={extra.errors ?? {}}
          notice={extra.notice}
          guidance={guidanceFromValues(values, files)}
          organisations={organisations}
          groups={groups}
          pitch={pitch}
          version={extra.version ?? version}
          conflict={extra.conflict}
        />,
      );

    const parsed = parsePitchForm(values);
    const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
    if (parsed.ok) {
      const problem = deadlineProblem(parsed.data.deadline, pitch.deadline);
      if (problem) errors.deadline = problem;
    }
    const origins = await originsFromForm(app, viewer, values.adaptedFrom, pitch.id);
    if (!origins.ok) errors.adaptedFrom = origins.error;
    if (action === 'check') return page(200, { errors, notice: t('pitch.new.checked') });
    if (!parsed.ok || !origins.ok || Object.keys(errors).length > 0) return page(400, { errors });

    const result = await updatePitch(app.db, viewer.id, pitch.id, version, parsed.data);
    if (!result.ok) {
      if (result.error === 'conflict') {
        // Their text beside the form; the form keeps this person's text and now carries the
        // current version, so saving again (after merging) goes through.
        return page(409, { conflict: result.current, version: result.current.version });
      }
      if (result.error === 'organisation-not-allowed') return page(400, { errors: { organisations: 'pitch.field.organisations.notAllowed' } });
      if (result.error === 'group-not-allowed') return page(400, { errors: { group: 'pitch.field.group.notAllowed' } });
      return notFound(request, reply);
    }
    await setPitchOrigins(app, pitch.id, viewer, origins.sources);
    if (action === 'publish' && pitch.status === 'draft') {
      const published = await publishPitch(app.db, viewer.id, pitch.id);
      if (published.ok) await notifyMatchesOfNewPitch(app, pitch.id, viewer.id);
      reply.flash('success', t('pitch.published.done'));
    } else {
      // A published pitch moved into a group is new to that group's members.
      if (pitch.status === 'published' && parsed.data.groupId != null && parsed.data.groupId !== (pitch.group?.id ?? null)) {
        await tellMembersOfPitch(app, pitch.id, viewer.id).catch((error: unknown) => app.log.error({ err: error }, 'Telling a group about a pitch failed'));
      }
      reply.flash('success', t('pitch.edit.done'));
    }
    return reply.redirect(pitchPath(pitch.slug), 303);
  });

  // ---- Stage, publishing and closing --------------------------------------------------------

  app.get<SlugParams>('/pitches/:slug/stage', async (request, reply) => {
    const pitch = await managed(request, reply);
    if (!pitch) return reply;
    return html(reply).send(<StagePage page={pageContext(request, reply)} pitch={pitch} />);
  });

  app.post<SlugParams>('/pitches/:slug/stage', { config: rateLimited(app, 120, '1 hour') }, async (request, reply) => {
    const pitch = await managed(request, reply);
    if (!pitch) return reply;
    const values = typedValues(request.body);
    const parsed = parseForm(stageForm, values);
    if (!parsed.ok) return html(reply, 400).send(<StagePage page={pageContext(request, reply)} pitch={pitch} values={values} errors={parsed.errors} />);
    const result = await changeStage(app.db, request.viewer!.id, pitch.id, parsed.data.stage, parsed.data.note);
    if (!result.ok) {
      if (result.error === 'not-found') return notFound(request, reply);
      return html(reply, 400).send(<StagePage page={pageContext(request, reply)} pitch={pitch} values={values} errors={{ stage: 'pitch.stageForm.same' }} />);
    }
    reply.flash('success', t('pitch.stageForm.done', { stage: t(stageLabel(parsed.data.stage)) }));
    return reply.redirect(pitchPath(pitch.slug), 303);
  });

  app.post<SlugParams>('/pitches/:slug/publish', async (request, reply) => {
    const pitch = await managed(request, reply);
    if (!pitch) return reply;
    const result = await publishPitch(app.db, request.viewer!.id, pitch.id);
    if (result.ok) await notifyMatchesOfNewPitch(app, pitch.id, request.viewer!.id);
    if (result.ok) reply.flash('success', t('pitch.published.done'));
    else if (result.error === 'already-published') reply.flash('info', t('pitch.published.already'));
    else return notFound(request, reply);
    return reply.redirect(pitchPath(pitch.slug), 303);
  });

  app.post<SlugParams>('/pitches/:slug/close', async (request, reply) => {
    const pitch = await managed(request, reply);
    if (!pitch) return reply;
    const result = await changeStage(app.db, request.viewer!.id, pitch.id, 'closed', '');
    if (result.ok) reply.flash('success', t('pitch.close.done'));
    else if (result.error === 'same-stage') reply.flash('info', t('pitch.close.already'));
    else return notFound(request, reply);
    return reply.redirect(pitchPath(pitch.slug), 303);
  });

  // ---- Team ---------------------------------------------------------------------------------

  app.get<SlugParams>('/pitches/:slug/team', async (request, reply) => {
    const pitch = await managed(request, reply);
    if (!pitch) return reply;
    return html(reply).send(<TeamPage page={pageContext(request, reply)} pitch={pitch} />);
  });

  app.post<SlugParams>('/pitches/:slug/team', { config: rateLimited(app, 120, '1 hour') }, async (request, reply) => {
    const pitch = await managed(request, reply);
    if (!pitch) return reply;
    const values = typedValues(request.body);
    const parsed = parseForm(teamForm, values);
    const refuse = (errors: FieldErrors) => html(reply, 400).send(<TeamPage page={pageContext(request, reply)} pitch={pitch} values={values} errors={errors} />);
    if (!parsed.ok) return refuse(parsed.errors);
    if (!handlePattern.test(parsed.data.handle)) return refuse({ handle: 'pitch.team.handle.unknown' });
    const result = await addTeamMember(app.db, pitch.id, parsed.data.handle, parsed.data.role);
    if (!result.ok) {
      if (result.error === 'not-found') return notFound(request, reply);
      return refuse({ handle: 'pitch.team.handle.unknown' });
    }
    const teammate = await app.db.selectFrom('users').select('id').where('handle', '=', parsed.data.handle).executeTakeFirst();
    if (teammate) await followConversation(app.db, { type: 'pitch', id: pitch.id }, teammate.id);
    reply.flash('success', t(result.added ? 'pitch.team.added' : 'pitch.team.updated', { name: result.name }));
    return reply.redirect(`${pitchPath(pitch.slug)}/team`, 303);
  });

  app.post<{ Params: { slug: string; handle: string } }>('/pitches/:slug/team/:handle/remove', async (request, reply) => {
    const pitch = await managed(request, reply);
    if (!pitch) return reply;
    const member = handlePattern.test(request.params.handle) ? pitch.team.find((m) => m.handle === request.params.handle) : undefined;
    if (!member) return notFound(request, reply);
    const result = await removeTeamMember(app.db, pitch.id, member.userId);
    if (result.ok) reply.flash('success', t('pitch.team.removed', { name: result.name }));
    else reply.flash('warning', t(result.error === 'lead' ? 'pitch.team.cannotRemoveLead' : 'pitch.team.notOnTeam'));
    // Someone who took themselves off a draft can no longer see it.
    const stillSees = await findPitch(app.db, pitch.slug, request.viewer);
    return reply.redirect(stillSees?.canManage ? `${pitchPath(pitch.slug)}/team` : stillSees ? pitchPath(pitch.slug) : '/pitches', 303);
  });

  // ---- Files --------------------------------------------------------------------------------

  app.get<SlugParams>('/pitches/:slug/files', async (request, reply) => {
    const pitch = await managed(request, reply);
    if (!pitch) return reply;
    return html(reply).send(<FilesPage page={pageContext(request, reply)} pitch={pitch} />);
  });

  app.get<{ Params: { slug: string; id: string } }>('/pitches/:slug/files/:id', async (request, reply) => {
    const { slug, id } = request.params;
    if (!slugPattern.test(slug) || !idPattern.test(id)) return notFound(request, reply);
    const file = await visibleFile(app.db, request.viewer, slug, Number(id));
    if (!file) return notFound(request, reply);
    let data: Buffer;
    try {
      data = await fs.readFile(storedFile(app.config.uploadsDir, file.stored_path));
    } catch {
      return notFound(request, reply);
    }
    const name = cleanFileName(file.original_name, 'bin');
    const asciiName = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
    reply
      .type(file.content_type)
      .header('x-content-type-options', 'nosniff')
      .header(
        'content-disposition',
        `${file.kind === 'image' ? 'inline' : 'attachment'}; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      )
      // A file that somehow opened as a page could still do nothing.
      .header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
      .header('cache-control', file.status === 'draft' ? 'private, no-store' : 'public, max-age=3600');
    return reply.send(data);
  });

  app.post<{ Params: { slug: string; id: string } }>('/pitches/:slug/files/:id/delete', async (request, reply) => {
    const pitch = await managed(request as FastifyRequest<SlugParams>, reply);
    if (!pitch) return reply;
    if (!idPattern.test(request.params.id)) return notFound(request, reply);
    const result = await deletePitchFile(app.db, pitch.id, Number(request.params.id));
    if (!result.ok) return notFound(request, reply);
    await removeStoredFile(app.config.uploadsDir, result.storedPath);
    reply.flash('success', t('pitch.files.deleted'));
    return reply.redirect(`${pitchPath(pitch.slug)}/files`, 303);
  });

  // Uploads are read by the platform's own FormData parser instead of the hub-wide multipart
  // plugin: it keeps each file's name (needed to know what an attachment claims to be) and
  // allows the 10 MB documents need, in these two routes only.
  await app.register(async (uploads) => {
    uploads.removeContentTypeParser('multipart/form-data');
    uploads.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: uploadRequestLimitBytes }, async (request: FastifyRequest, body: Buffer) =>
      parseMultipart(String(request.headers['content-type'] ?? ''), body),
    );

    const fileOf = (body: unknown, name: string): UploadedPart | null => {
      const part = (body as Record<string, unknown> | undefined)?.[name];
      return typeof part === 'object' && part !== null && 'data' in part && (part as UploadedPart).data.length > 0 ? (part as UploadedPart) : null;
    };
    const textValues = (body: unknown): FormValues =>
      Object.fromEntries(Object.entries(typedValues(body)).filter(([, value]) => typeof value === 'string'));
    const statusFor = (error: FileError | undefined) => (error?.startsWith('pitch.files.tooLarge') ? 413 : 400);

    uploads.post<SlugParams>('/pitches/:slug/images', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
      const pitch = await managed(request, reply);
      if (!pitch) return reply;
      const values = textValues(request.body);
      const upload = fileOf(request.body, 'image');
      const parsed = parseForm(fileDescriptionForm, values);
      const prepared = upload ? await prepareImage(upload.data) : null;
      const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
      if (!upload) errors.image = 'pitch.files.missing';
      else if (prepared && !prepared.ok) errors.image = prepared.error;
      if (!parsed.ok || !prepared?.ok) {
        const error = prepared && !prepared.ok ? prepared.error : undefined;
        return html(reply, statusFor(error)).send(<FilesPage page={pageContext(request, reply)} pitch={pitch} imageValues={values} imageErrors={errors} />);
      }
      const storedPath = newStoredPath(prepared.file.extension);
      await writeStoredFile(app.config.uploadsDir, storedPath, prepared.file.data);
      try {
        await addPitchFile(app.db, pitch.id, request.viewer!.id, {
          kind: 'image',
          originalName: cleanFileName(upload!.filename, prepared.file.extension),
          storedPath,
          contentType: prepared.file.contentType,
          sizeBytes: prepared.file.data.length,
          description: parsed.data.description,
        });
      } catch (error) {
        await removeStoredFile(app.config.uploadsDir, storedPath);
        throw error;
      }
      reply.flash('success', t('pitch.files.added.image'));
      return reply.redirect(`${pitchPath(pitch.slug)}/files`, 303);
    });

    uploads.post<SlugParams>('/pitches/:slug/attachments', { config: rateLimited(app, 60, '1 hour') }, async (request, reply) => {
      const pitch = await managed(request, reply);
      if (!pitch) return reply;
      const values = textValues(request.body);
      const upload = fileOf(request.body, 'attachment');
      const parsed = parseForm(attachmentDescriptionForm, { description: values.attachmentDescription });
      const checked = upload ? await checkAttachment(upload.filename, upload.data) : null;
      const errors: FieldErrors = {};
      if (!parsed.ok) errors.attachmentDescription = parsed.errors.description ?? 'form.invalid';
      if (!upload) errors.attachment = 'pitch.files.missing';
      else if (checked && !checked.ok) errors.attachment = checked.error;
      if (!parsed.ok || !checked?.ok) {
        const error = checked && !checked.ok ? checked.error : undefined;
        return html(reply, statusFor(error)).send(<FilesPage page={pageContext(request, reply)} pitch={pitch} attachmentValues={values} attachmentErrors={errors} />);
      }
      const storedPath = newStoredPath(checked.file.extension);
      await writeStoredFile(app.config.uploadsDir, storedPath, checked.file.data);
      try {
        await addPitchFile(app.db, pitch.id, request.viewer!.id, {
          kind: 'attachment',
          originalName: cleanFileName(upload!.filename, checked.file.extension),
          storedPath,
          contentType: checked.file.contentType,
          sizeBytes: checked.file.data.length,
          description: parsed.data.description,
        });
      } catch (error) {
        await removeStoredFile(app.config.uploadsDir, storedPath);
        throw error;
      }
      reply.flash('success', t('pitch.files.added.attachment'));
      return reply.redirect(`${pitchPath(pitch.slug)}/files`, 303);
    });
  });

  // ---- The JSON API -------------------------------------------------------------------------

  const apiError = (reply: FastifyReply, status: number, error: string, message: string, errors?: FieldErrors) =>
    sendJson(reply.code(status), apiErrorSchema, { error, message, ...(errors ? { errors: apiErrors(errors) } : {}) });

  /** Resolves organisation slugs; unknown ones become a field error. */
  async function organisationsFromSlugs(slugs: string[]): Promise<{ ids: number[] } | { errors: FieldErrors }> {
    const { ids, unknown } = await organisationIdsBySlug(app.db, slugs);
    if (unknown.length > 0) return { errors: { organisations: t('pitch.api.unknownOrganisation', { slug: unknown.join(', ') }) } };
    return { ids };
  }

  /**
   * Resolves a group slug among the groups the member is active in (or the one the pitch is
   * already in). Any other slug, known or not, gets the same answer, so a secret group's name
   * cannot be probed.
   */
  async function groupFromSlug(userId: number, slug: string | null | undefined, pitch?: PitchDetail): Promise<{ id: number | null } | { errors: FieldErrors }> {
    if (!slug) return { id: null };
    if (pitch?.group?.slug === slug) return { id: pitch.group.id };
    const found = (await groupChoices(app.db, userId)).find((g) => g.slug === slug);
    return found ? { id: found.id } : { errors: { group: 'pitch.field.group.notAllowed' } };
  }

  app.apiDocs.add({
    method: 'post',
    path: '/api/pitches',
    summary: 'Pitch something',
    description: 'Creates a pitch as the token’s owner, who becomes its team lead. Saved as a draft unless `publish` is true. Answers 201 with the pitch.',
    tag: 'Pitches',
    auth: 'required',
    body: apiCreateBody,
    response: pitchSchema,
    successStatus: 201,
  });

  app.post('/api/pitches', { config: rateLimited(app, 30, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const parsed = apiCreateBody.safeParse(request.body ?? {});
    if (!parsed.success) return apiError(reply, 400, 'invalid', t('pitch.api.invalid'), zodErrors(parsed.error));
    const deadline = deadlineProblem(parsed.data.deadline ?? null, null);
    if (deadline) return apiError(reply, 400, 'invalid', t('pitch.api.invalid'), { deadline });
    const organisations = await organisationsFromSlugs(parsed.data.organisations);
    if ('errors' in organisations) return apiError(reply, 400, 'invalid', t('pitch.api.invalid'), organisations.errors);
    const group = await groupFromSlug(request.viewer.id, parsed.data.group);
    if ('errors' in group) return apiError(reply, 400, 'invalid', t('pitch.api.invalid'), group.errors);
    const created = await createPitch(app.db, request.viewer.id, apiInput(parsed.data, organisations.ids, group.id), parsed.data.publish);
    if (!created.ok) {
      const field: FieldErrors = created.error === 'group-not-allowed' ? { group: 'pitch.field.group.notAllowed' } : { organisations: 'pitch.field.organisations.notAllowed' };
      return apiError(reply, 400, 'invalid', t('pitch.api.invalid'), field);
    }
    await followConversation(app.db, { type: 'pitch', id: created.id }, request.viewer.id);
    if (parsed.data.publish) await notifyMatchesOfNewPitch(app, created.id, request.viewer.id);
    const pitch = await findPitch(app.db, created.slug, request.viewer);
    reply.header('location', `${publicUrl}${pitchPath(created.slug)}`);
    return sendJson(reply.code(201), pitchSchema, detailJson(publicUrl, pitch!));
  });

  app.apiDocs.add({
    method: 'get',
    path: '/api/pitches/{slug}',
    summary: 'One pitch',
    description: 'The same as /pitches/{slug}.json.',
    tag: 'Pitches',
    auth: 'optional',
    params: z.object({ slug: z.string() }),
    response: pitchSchema,
  });

  app.get<SlugParams>('/api/pitches/:slug', (request, reply) => showPitch(request, reply, true));

  app.apiDocs.add({
    method: 'patch',
    path: '/api/pitches/{slug}',
    summary: 'Change a pitch',
    description:
      'Changes the fields sent, for members of the pitch’s team. Send the `version` you last read: if someone saved since, nothing is changed and the answer is 409 with the current pitch and version, so you can merge and try again.',
    tag: 'Pitches',
    auth: 'required',
    params: z.object({ slug: z.string() }),
    body: apiUpdateBody,
    response: pitchSchema,
  });

  app.patch<SlugParams>('/api/pitches/:slug', { config: rateLimited(app, 120, '1 hour') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const slug = request.params.slug;
    const pitch = slugPattern.test(slug) ? await findPitch(app.db, slug, request.viewer) : undefined;
    if (!pitch) return apiError(reply, 404, 'not-found', t('error.notFound.body'));
    if (!pitch.canManage) return apiError(reply, 403, 'forbidden', t('pitch.api.forbidden'));
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return apiError(reply, 400, 'invalid', t('pitch.api.invalid'));
    const { version, stageNote, ...changes } = body as Record<string, unknown>;
    const head = apiUpdateBody.pick({ version: true, stageNote: true }).safeParse({ version, stageNote });
    if (!head.success) return apiError(reply, 400, 'invalid', t('pitch.api.invalid'), zodErrors(head.error));
    const merged = apiCreateBody.safeParse({ ...apiShapeOf(pitch), ...changes });
    if (!merged.success) return apiError(reply, 400, 'invalid', t('pitch.api.invalid'), zodErrors(merged.error));
    const deadline = deadlineProblem(merged.data.deadline ?? null, pitch.deadline);
    if (deadline) return apiError(reply, 400, 'invalid', t('pitch.api.invalid'), { deadline });
    const organisations = await organisationsFromSlugs(merged.data.organisations);
    if ('errors' in organisations) return apiError(reply, 400, 'invalid', t('pitch.api.invalid'), organisations.errors);
    const group = await groupFromSlug(request.viewer.id, merged.data.group, pitch);
    if ('errors' in group) return apiError(reply, 400, 'invalid', t('pitch.api.invalid'), group.errors);
    const input: PitchInput = apiInput(merged.data, organisations.ids, group.id);
    const result = await updatePitch(app.db, request.viewer.id, pitch.id, head.data.version, input, head.data.stageNote ?? '');
    if (!result.ok) {
      if (result.error === 'conflict') {
        const current = await findPitch(app.db, slug, request.viewer);
        return sendJson(reply.code(409), apiConflictSchema, {
          error: 'conflict',
          message: t('pitch.api.conflict'),
          currentVersion: result.current.version,
          current: detailJson(publicUrl, current!),
        });
      }
      if (result.error === 'organisation-not-allowed') {
        return apiError(reply, 400, 'invalid', t('pitch.api.invalid'), { organisations: 'pitch.field.organisations.notAllowed' });
      }
      if (result.error === 'group-not-allowed') return apiError(reply, 400, 'invalid', t('pitch.api.invalid'), { group: 'pitch.field.group.notAllowed' });
      return apiError(reply, 404, 'not-found', t('error.notFound.body'));
    }
    const updated = await findPitch(app.db, slug, request.viewer);
    return sendJson(reply, pitchSchema, detailJson(publicUrl, updated!));
  });
}

import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { t, tMaybe } from '../../i18n/i18n.ts';
import { requireViewer } from '../../web/app.tsx';
import { uploadLimitBytes } from '../../web/limits.ts';
import type { FieldErrors, FormValues } from '../../web/components.tsx';
import { pageContext } from '../../web/context.ts';
import { parseForm } from '../../web/forms.ts';
import { rateLimited } from '../../web/limits.ts';
import { requestedFormat, sendCsv, sendJson, splitFormat, type Format } from '../../web/representations.ts';
import { saveProfile, type PhotoChange } from './profiles.commands.ts';
import { directoryQuery, linkLabelName, linkSlots, linkUrlName, profileForm, visibilityName } from './profiles.forms.ts';
import { defaultVisibility, profileFields } from './profiles.model.ts';
import { preparePhoto } from './profiles.photos.ts';
import { visibleProfile, visibleProfiles, type VisibleProfile } from './profiles.queries.ts';
import { csvColumns, memberCsvRow, memberJson, memberListSchema, memberSchema } from './profiles.schemas.ts';
import { organisationsOfMember } from '../organisations/organisations.queries.ts';
import { DirectoryPage, EditProfilePage, orderErrors, ProfilePage, type OrganisationLink } from './profiles.views.tsx';

// Handles are made by uniqueHandle(): lower-case letters, digits and hyphens.
const handlePattern = /^[a-z0-9][a-z0-9-]{0,79}$/;

const notFound = { title: 'error.notFound.title', body: 'error.notFound.body' } as const;

function html(reply: FastifyReply, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8');
}

/** Pages and data here differ per viewer, so no shared cache may keep them. */
function noSharedCache(reply: FastifyReply) {
  return reply.header('cache-control', 'private, no-cache').header('vary', 'Cookie, Authorization, Accept');
}

function formValuesOf(profile: VisibleProfile): FormValues {
  const values: FormValues = {
    name: profile.name,
    bio: profile.bio ?? '',
    sector: profile.sector ?? '',
    roles: profile.roles ?? [],
    place: profile.place ?? '',
    localAuthority: profile.localAuthority?.code ?? '',
    interests: (profile.interests ?? []).join(', '),
    skills: profile.skills ?? '',
    needs: profile.needs ?? '',
  };
  for (const slot of linkSlots) {
    const link = profile.links?.[slot - 1];
    values[linkLabelName(slot)] = link?.label ?? '';
    values[linkUrlName(slot)] = link?.url ?? '';
  }
  for (const field of profileFields) values[visibilityName(field)] = profile.visibility?.[field] ?? defaultVisibility;
  return values;
}

/** What was typed, minus the uploaded file, to fill the form in again. */
function typedValues(body: Record<string, unknown>): FormValues {
  const { photo: _photo, _csrf, ...rest } = body;
  return rest;
}

export async function profilesArea(app: FastifyInstance) {
  const publicUrl = () => app.config.publicUrl;
  // Beyond this a request is refused before it is read; between the photo limit and this, the form
  // comes back with everything typed kept and a sentence about the photo. (Read here, not at module
  // level: this module loads while app.tsx, which defines the limit, is still loading.)
  const hardBodyLimit = 4 * uploadLimitBytes;

  app.apiDocs.add({
    method: 'get',
    path: '/members.json',
    summary: t('members.api.list.summary'),
    description: t('members.api.list.description'),
    tag: 'Members',
    auth: 'optional',
    query: directoryQuery,
    response: memberListSchema,
    alsoAs: ['text/csv'],
  });
  app.apiDocs.add({
    method: 'get',
    path: '/members/{handle}.json',
    summary: t('members.api.profile.summary'),
    description: t('members.api.profile.description'),
    tag: 'Members',
    auth: 'optional',
    params: z.object({ handle: z.string().describe('The member’s handle, e.g. ada-lovelace.') }),
    response: memberSchema,
  });

  app.get('/settings/profile', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const profile = await visibleProfile(app.db, request.viewer, request.viewer.handle);
    if (!profile) return app.showMessage(request, reply, 404, notFound);
    noSharedCache(reply);
    return html(reply).send(<EditProfilePage page={pageContext(request, reply)} values={formValuesOf(profile)} currentPhoto={profile.photo} />);
  });

  const postConfig = {
    ...rateLimited(app, 60, '15 minutes'),
    // One byte over the limit is enough to know the photo is too big. Not throwing keeps reading
    // the fields after the file, so the form can come back as it was typed.
    multipartOptions: { limits: { fileSize: uploadLimitBytes + 1 }, throwFileSizeLimit: false },
    // The plugin reads throwFileSizeLimit from these options, though its types only list busboy's.
  } as FastifyContextConfig;

  app.post(
    '/settings/profile',
    {
      config: postConfig,
      onRequest: async (request, reply) => {
        const length = Number(request.headers['content-length'] ?? 0);
        if (length > hardBodyLimit) return app.showMessage(request, reply, 413, { title: 'error.tooLarge.title', body: 'error.tooLarge.body' });
      },
    },
    async (request, reply) => {
      if (!requireViewer(request, reply)) return reply;
      const viewer = request.viewer;
      const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
      // An empty file input arrives as an empty buffer; a form sent without multipart, as text.
      const upload = Buffer.isBuffer(body.photo) && body.photo.length > 0 ? body.photo : null;
      const parsed = parseForm(profileForm, typedValues(body));
      const photo = upload ? await preparePhoto(upload) : null;

      if (!parsed.ok || (photo && !photo.ok)) {
        const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
        if (photo && !photo.ok) errors.photo = photo.error;
        else if (photo) errors.photo = 'profile.photo.chooseAgain';
        const current = await visibleProfile(app.db, viewer, viewer.handle);
        noSharedCache(reply);
        return html(reply, photo && !photo.ok && photo.error === 'profile.photo.tooLarge' ? 413 : 400).send(
          <EditProfilePage
            page={pageContext(request, reply)}
            values={typedValues(body)}
            errors={orderErrors(errors)}
            currentPhoto={current?.photo ?? null}
          />,
        );
      }

      const change: PhotoChange = photo?.ok
        ? { kind: 'replace', webp: photo.webp }
        : parsed.data.removePhoto
          ? { kind: 'remove' }
          : { kind: 'keep' };
      const result = await saveProfile(app.db, app.config.uploadsDir, viewer.id, parsed.data, change);
      if (!result.ok) return app.showMessage(request, reply, 404, notFound);
      reply.flash('success', t('profile.edit.saved'));
      return reply.redirect(`/members/${viewer.handle}`, 303);
    },
  );

  async function directory(request: FastifyRequest, reply: FastifyReply, suffix: Format | undefined) {
    const format = requestedFormat(request, suffix);
    if (format !== 'html' && format !== 'json' && format !== 'csv') return app.showMessage(request, reply, 404, notFound);
    const rawQuery = (request.query ?? {}) as Record<string, string | string[] | undefined>;
    const parsed = parseForm(directoryQuery, rawQuery);
    noSharedCache(reply);
    if (!parsed.ok) {
      if (format !== 'html') {
        const errors = Object.fromEntries(Object.entries(parsed.errors).map(([key, message]) => [key, tMaybe(message)]));
        return reply.code(400).send({ error: 'invalid-query', message: t('members.api.invalidQuery'), errors });
      }
      return html(reply, 400).send(
        <DirectoryPage
          page={pageContext(request, reply)}
          profiles={[]}
          values={parsed.values}
          errors={parsed.errors}
          pageNumber={1}
          hasNext={false}
          query={{}}
        />,
      );
    }
    const filters = parsed.data;
    const pageNumber = filters.page ?? 1;
    const { profiles, hasNext } = await visibleProfiles(app.db, request.viewer, filters, app.results);

    if (format === 'json') {
      const next = new URLSearchParams();
      for (const [key, value] of Object.entries(filters)) if (value !== undefined && key !== 'page') next.set(key, String(value));
      next.set('page', String(pageNumber + 1));
      return sendJson(reply, memberListSchema, {
        members: profiles.map((profile) => memberJson(profile, publicUrl())),
        page: pageNumber,
        next: hasNext ? `${publicUrl()}/members.json?${next.toString()}` : undefined,
      });
    }
    if (format === 'csv') {
      return sendCsv(reply, pageNumber > 1 ? `members-page-${pageNumber}` : 'members', csvColumns, profiles.map((profile) => memberCsvRow(profile, publicUrl())));
    }
    return html(reply).send(
      <DirectoryPage
        page={pageContext(request, reply)}
        profiles={profiles}
        values={rawQuery}
        pageNumber={pageNumber}
        hasNext={hasNext}
        query={rawQuery}
      />,
    );
  }

  app.get('/members', (request, reply) => directory(request, reply, undefined));
  app.get('/members.json', (request, reply) => directory(request, reply, 'json'));
  app.get('/members.csv', (request, reply) => directory(request, reply, 'csv'));

  app.get<{ Params: { handle: string } }>('/members/:handle', async (request, reply) => {
    const { name: handle, format: suffix } = splitFormat(request.params.handle);
    if ((suffix && suffix !== 'json') || !handlePattern.test(handle)) return app.showMessage(request, reply, 404, notFound);
    const format = requestedFormat(request, suffix);
    if (format !== 'html' && format !== 'json') return app.showMessage(request, reply, 404, notFound);
    const profile = await visibleProfile(app.db, request.viewer, handle);
    if (!profile) return app.showMessage(request, reply, 404, notFound);
    noSharedCache(reply);
    // Memberships are as public as the organisations' own member lists.
    const memberships = await organisationsOfMember(app.db, profile.userId);
    if (format === 'json') {
      return sendJson(reply, memberSchema, {
        ...memberJson(profile, publicUrl()),
        organisations: memberships.map((o) => ({ slug: o.slug, name: o.name, url: `${publicUrl()}/organisations/${o.slug}` })),
      });
    }
    const organisations: OrganisationLink[] = memberships.map((o) => ({ name: o.name, href: `/organisations/${o.slug}` }));
    return html(reply).send(<ProfilePage page={pageContext(request, reply)} profile={profile} organisations={organisations} />);
  });
}

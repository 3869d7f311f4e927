import path from 'node:path';
import fs from 'node:fs';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import csrf from '@fastify/csrf-protection';
import { ChangeFeed } from '../db/change-feed.ts';
import { ResultCache } from './result-cache.ts';
import staticFiles from '@fastify/static';
import qs from 'node:querystring';
import type { Config } from '../config.ts';
import type { Database, DatabaseHandle } from '../db/database.ts';
import type { Jobs } from '../jobs/jobs.ts';
import type { Mailer } from '../mail/mailer.ts';
import { t, type MessageKey } from '../i18n/i18n.ts';
import { ApiDocs } from './api-docs.ts';
import { sessionCookie, viewerFromApiToken, viewerFromSession } from './auth.ts';
import { pageContext, type Flash } from './context.ts';
import { HubSettings, cookieSecret } from './hub.ts';
import { SubjectRegistry } from './subjects.ts';
import { uploadLimitBytes } from './limits.ts';
import { MessagePage } from './layout.tsx';
import { mountAreas } from '../areas/index.ts';
import { recordRoutes, type RouteList } from './route-list.ts';
import { databaseRateLimitStore, sweepRateLimits } from './rate-limit-store.ts';

export interface Services {
  config: Config;
  database: DatabaseHandle;
  jobs: Jobs;
  mailer: Mailer;
}

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Database;
    jobs: Jobs;
    mailer: Mailer;
    hub: HubSettings;
    apiDocs: ApiDocs;
    /** Kinds of things conversations, notifications and search can be about, with their privacy rule. */
    subjects: SubjectRegistry;
    /** Every route served, for `seedbed routes` and the privacy matrix. */
    routeList: RouteList;
    /** Expensive results kept until a table they were read from changes. */
    results: ResultCache;
    /** Renders a plain message page with the right status, in HTML or JSON as the request prefers. */
    showMessage(request: FastifyRequest, reply: FastifyReply, status: number, key: MessageKeyPair): FastifyReply;
  }
  interface FastifyContextConfig {
    /**
     * Routes whose URL itself carries a secret (one-click unsubscribe links, RFC 8058), so a
     * forged request cannot know it and no CSRF token is needed.
     */
    csrfExempt?: boolean;
  }
}

export type MessageKeyPair = { title: MessageKey; body: MessageKey };

const flashCookie = 'seedbed_flash';
const formLimitBytes = 256 * 1024;

export async function buildApp(services: Services): Promise<FastifyInstance> {
  const { config, database } = services;
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    trustProxy: config.trustProxy,
    bodyLimit: formLimitBytes,
    // Routes such as /members/ada.json carry their format in the last segment.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // A log line per request costs more than some pages take to render; debug turns them on.
    logController: new LogController({ disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace' }),
  });

  const hub = new HubSettings(database.db);
  await hub.refresh(true);
  app.decorate('config', config);
  app.decorate('db', database.db);
  app.decorate('jobs', services.jobs);
  app.decorate('mailer', services.mailer);
  app.decorate('hub', hub);
  app.decorate('apiDocs', new ApiDocs());
  app.decorate('subjects', new SubjectRegistry());
  app.decorate('routeList', recordRoutes(app));
  const changes = new ChangeFeed(database);
  await changes.start();
  app.decorate('results', new ResultCache(changes));
  app.addHook('onClose', async () => changes.close());
  // A request that may have written waits until this process has heard of its changes, so the
  // page it redirects to is never served from a result it made stale (ADR 0005).
  app.addHook('onSend', async (request, _reply, payload) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') await changes.catchUp(database.db);
    return payload;
  });
  app.decorateRequest('viewer', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('viaToken', false);
  app.decorateRequest('flashes', null as unknown as Flash[]);
  app.decorateReply('flash', function (this: FastifyReply, kind: Flash['kind'], text: string) {
    const existing = pendingFlashes.get(this) ?? [];
    existing.push({ kind, text });
    pendingFlashes.set(this, existing);
    this.setCookie(flashCookie, JSON.stringify(existing), { path: '/', httpOnly: true, sameSite: 'lax', signed: true });
  });
  const pendingFlashes = new WeakMap<FastifyReply, Flash[]>();

  await app.register(cookie, { secret: await cookieSecret(database.db, config.sessionSecret) });
  await app.register(formbody, { bodyLimit: formLimitBytes, parser: (body) => qs.parse(body) });
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: uploadLimitBytes, files: 1, fields: 60, fieldSize: 64 * 1024 },
    // Oversized files become an error the error handler turns into a clear page.
    throwFileSizeLimit: true,
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        formAction: ["'self'"],
        // No page shows frames, except a story page showing a video from an allowed site, which
        // opens this for that one site (src/areas/stories/stories.media.ts, allowFrameFrom).
        frameSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: config.publicUrl.startsWith('https:'),
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
  await app.register(rateLimit, {
    global: false,
    store: databaseRateLimitStore(database.db),
    enableDraftSpec: true,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      code: 'RATE_LIMITED',
      error: 'Too Many Requests',
      message: `Too many attempts. Try again in ${Math.ceil(context.ttl / 60000)} minutes.`,
    }),
  });
  await app.register(csrf, {
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', signed: true },
    getToken: (request) => {
      const body = request.body as Record<string, unknown> | undefined;
      const token = body?._csrf;
      return typeof token === 'string' ? token : (request.headers['x-csrf-token'] as string | undefined);
    },
  });

  const publicDir = path.join(import.meta.dirname, '..', '..', 'public');
  await app.register(staticFiles, { root: publicDir, prefix: '/assets/', maxAge: '1h', decorateReply: true });
  // Only profile photos are plain public files; other uploads (a draft pitch's attachments, say)
  // are served by routes that check who may see them.
  fs.mkdirSync(path.join(config.uploadsDir, 'photos'), { recursive: true });
  await app.register(staticFiles, {
    root: path.join(config.uploadsDir, 'photos'),
    prefix: '/uploads/photos/',
    maxAge: '7d',
    decorateReply: false,
  });

  app.addHook('onRequest', async (request, reply) => {
    request.flashes = [];
    const flashes = request.cookies[flashCookie];
    if (flashes) {
      const unsigned = request.unsignCookie(flashes);
      if (unsigned.valid && unsigned.value) {
        try {
          request.flashes = JSON.parse(unsigned.value) as Flash[];
        } catch {
          request.flashes = [];
        }
      }
      reply.clearCookie(flashCookie, { path: '/' });
    }

    const authorization = request.headers.authorization;
    if (authorization?.startsWith('Bearer ')) {
      const viewer = await viewerFromApiToken(app.db, authorization.slice(7).trim());
      if (!viewer) {
        return reply.code(401).send({ error: 'invalid-token', message: 'This access token is not valid or has been revoked.' });
      }
      request.viewer = viewer;
      request.viaToken = true;
    } else {
      const token = request.cookies[sessionCookie];
      if (token) {
        const found = await viewerFromSession(app.db, token);
        if (found) {
          request.viewer = found.viewer;
          request.sessionId = found.sessionId;
        }
      }
    }

    await hub.refresh();
    if (!hub.isSetUp() && !request.url.startsWith('/setup') && !request.url.startsWith('/assets/')) {
      return reply.redirect('/setup');
    }
  });

  // Every form post carries a CSRF token; requests made with an access token carry no cookies
  // and so cannot be forged by another site.
  app.addHook('preHandler', (request, reply, done) => {
    if (
      request.method === 'GET' ||
      request.method === 'HEAD' ||
      request.method === 'OPTIONS' ||
      request.viaToken ||
      // Another site cannot send a JSON body without the browser asking us first (CORS preflight),
      // which we never allow for writes; so JSON requests need no token, and an anonymous one gets
      // the route's own 401 instead of a confusing CSRF refusal.
      (request.headers['content-type'] ?? '').startsWith('application/json') ||
      request.routeOptions.config.csrfExempt
    ) {
      return done();
    }
    app.csrfProtection(request, reply, done);
  });

  app.decorate('showMessage', (request: FastifyRequest, reply: FastifyReply, status: number, key: MessageKeyPair) => {
    reply.code(status);
    if (wantsJson(request)) {
      return reply.send({ error: key.title.split('.')[1] ?? 'error', message: t(key.body) });
    }
    return reply.type('text/html; charset=utf-8').send(
      <MessagePage page={pageContext(request, reply)} title={t(key.title)} body={t(key.body)} />,
    );
  });

  app.setNotFoundHandler((request, reply) =>
    app.showMessage(request, reply, 404, { title: 'error.notFound.title', body: 'error.notFound.body' }),
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    request.viewer ??= null;
    request.flashes ??= [];
    const code = error.code ?? '';
    if (code.startsWith('FST_CSRF')) {
      return app.showMessage(request, reply, 403, { title: 'error.csrf.title', body: 'error.csrf.body' });
    }
    if (error.statusCode === 429) {
      return app.showMessage(request, reply, 429, { title: 'error.tooMany.title', body: 'error.tooMany.body' });
    }
    if (
      error.statusCode === 413 ||
      code === 'FST_REQ_FILE_TOO_LARGE' ||
      code === 'FST_FILES_LIMIT' ||
      code === 'FST_PARTS_LIMIT' ||
      code === 'FST_FIELDS_LIMIT'
    ) {
      return app.showMessage(request, reply, 413, { title: 'error.tooLarge.title', body: 'error.tooLarge.body' });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return app.showMessage(request, reply, error.statusCode, { title: 'error.badRequest.title', body: 'error.badRequest.body' });
    }
    request.log.error({ err: error }, 'Unexpected error');
    return app.showMessage(request, reply, 500, { title: 'error.server.title', body: 'error.server.body' });
  });

  services.jobs.define('rate-limits-sweep', async () => void (await sweepRateLimits(database.db)), { cron: '23 * * * *' });
  await mountAreas(app);
  return app;
}

export function wantsJson(request: FastifyRequest): boolean {
  return (
    request.viaToken ||
    /\.json($|\?)/.test(request.url) ||
    (request.headers.accept ?? '').startsWith('application/json') ||
    (request.headers['content-type'] ?? '').startsWith('application/json')
  );
}

/** For routes only members may use: sends the sign-in page (or 401 JSON) and returns false. */
export function requireViewer(request: FastifyRequest, reply: FastifyReply): request is FastifyRequest & { viewer: NonNullable<FastifyRequest['viewer']> } {
  if (request.viewer) return true;
  if (wantsJson(request)) {
    reply.code(401).send({ error: 'sign-in-needed', message: 'Sign in or send a personal access token to do this.' });
  } else {
    reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`);
  }
  return false;
}

export function requireAdmin(request: FastifyRequest, reply: FastifyReply): boolean {
  if (!requireViewer(request, reply)) return false;
  if (request.viewer?.role === 'admin') return true;
  request.server.showMessage(request, reply, 403, { title: 'error.forbidden.title', body: 'error.forbidden.body' });
  return false;
}

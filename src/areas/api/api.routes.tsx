import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { t } from '../../i18n/i18n.ts';
import { requireViewer } from '../../web/app.tsx';
import type { FieldErrors, FormValues } from '../../web/components.tsx';
import { pageContext } from '../../web/context.ts';
import { parseForm } from '../../web/forms.ts';
import { rateLimited } from '../../web/limits.ts';
import { sendJson } from '../../web/representations.ts';
import { createToken, maxActiveTokens, revokeToken } from './api.commands.ts';
import { createTokenForm, tokenId, tokenNameMax } from './api.forms.ts';
import { countActiveTokens, listTokens } from './api.queries.ts';
import { ApiPage, TokensPage } from './api.views.tsx';

const pageSize = 50;

export const meSchema = z.object({
  id: z.number().int().describe('The member’s number, which never changes.'),
  handle: z.string().describe('The last part of the member’s profile address, /members/{handle}.'),
  name: z.string().describe('The name the member shows.'),
  role: z.enum(['admin', 'member']),
});

function html(reply: FastifyReply, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8');
}

function pageNumber(request: FastifyRequest) {
  const raw = Number((request.query as Record<string, unknown>).page ?? 1);
  return Number.isInteger(raw) && raw > 0 && raw < 100000 ? raw : 1;
}

/**
 * Token pages need a signed-in browser. A token that could mint tokens would let whoever stole it
 * keep access after it was revoked, so requests made with a token are turned away here.
 */
function requireSession(request: FastifyRequest, reply: FastifyReply): request is FastifyRequest & { viewer: NonNullable<FastifyRequest['viewer']> } {
  if (!requireViewer(request, reply)) return false;
  if (!request.viaToken) return true;
  request.server.showMessage(request, reply, 403, { title: 'tokens.sessionNeeded.title', body: 'tokens.sessionNeeded.body' });
  return false;
}

export async function apiArea(app: FastifyInstance) {
  app.apiDocs.add({
    method: 'get',
    path: '/api/me',
    summary: t('api.me.summary'),
    description: t('api.me.description'),
    tag: 'Account',
    auth: 'required',
    response: meSchema,
  });

  app.get('/api', async (request, reply) => {
    // Read now rather than at start-up: every area adds its operations while it is registered.
    const operations = [...app.apiDocs.operations].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
    return html(reply).send(<ApiPage page={pageContext(request, reply)} publicUrl={app.config.publicUrl} operations={operations} />);
  });

  app.get('/api/openapi.json', async (_request, reply) => {
    return reply
      .type('application/json; charset=utf-8')
      .header('access-control-allow-origin', '*')
      .send(app.apiDocs.document({ title: app.hub.name(), url: app.config.publicUrl }));
  });

  app.get('/api/me', async (request, reply) => {
    const viewer = request.viewer;
    // Always JSON, even for a browser without a session: this address is only ever data.
    if (!viewer) {
      return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'sign-in-needed', message: t('api.me.signInNeeded') });
    }
    reply.header('cache-control', 'private, no-store');
    return sendJson(reply, meSchema, { id: viewer.id, handle: viewer.handle, name: viewer.displayName, role: viewer.role });
  });

  async function tokensPage(
    request: FastifyRequest & { viewer: NonNullable<FastifyRequest['viewer']> },
    reply: FastifyReply,
    status: number,
    state: { values?: FormValues; errors?: FieldErrors; created?: { name: string; token: string } } = {},
  ) {
    const page = state.created || state.errors ? 1 : pageNumber(request);
    const [{ tokens, hasNext }, activeCount] = await Promise.all([
      listTokens(app.db, request.viewer.id, page, pageSize),
      countActiveTokens(app.db, request.viewer.id),
    ]);
    // A page that may hold a secret must never be kept by the browser or a proxy.
    reply.header('cache-control', 'no-store');
    return html(reply, status).send(
      <TokensPage
        page={pageContext(request, reply)}
        tokens={tokens}
        pageNumber={page}
        hasNext={hasNext}
        activeCount={activeCount}
        maxActive={maxActiveTokens}
        nameMax={tokenNameMax}
        {...state}
      />,
    );
  }

  app.get('/settings/tokens', async (request, reply) => {
    if (!requireSession(request, reply)) return reply;
    return tokensPage(request, reply, 200);
  });

  app.post('/settings/tokens', { config: rateLimited(app, 30, '1 hour') }, async (request, reply) => {
    if (!requireSession(request, reply)) return reply;
    const parsed = parseForm(createTokenForm, request.body);
    if (!parsed.ok) return tokensPage(request, reply, 400, { values: parsed.values, errors: parsed.errors });
    const result = await createToken(app.db, request.viewer.id, parsed.data.name);
    if (!result.ok) {
      return tokensPage(request, reply, 409, { values: parsed.data, errors: { _form: t('tokens.tooMany', { max: maxActiveTokens }) } });
    }
    // Shown from this response and nowhere else, so the secret never sits in a cookie, a log or an address.
    return tokensPage(request, reply, 201, { created: { name: parsed.data.name, token: result.token } });
  });

  app.post<{ Params: { id: string } }>('/settings/tokens/:id/revoke', async (request, reply) => {
    if (!requireSession(request, reply)) return reply;
    const id = tokenId(request.params.id);
    const result = id === undefined ? undefined : await revokeToken(app.db, request.viewer.id, id);
    if (!result?.ok) return app.showMessage(request, reply, 404, { title: 'error.notFound.title', body: 'error.notFound.body' });
    reply.flash(result.alreadyRevoked ? 'info' : 'success', t(result.alreadyRevoked ? 'tokens.alreadyRevoked' : 'tokens.revoked', { name: result.name }));
    return reply.redirect('/settings/tokens', 303);
  });
}

import type { FastifyInstance } from 'fastify';
import { t } from '../../i18n/i18n.ts';
import { startSession } from '../../web/auth.ts';
import { pageContext } from '../../web/context.ts';
import { parseForm } from '../../web/forms.ts';
import { rateLimited } from '../../web/limits.ts';
import { setUpHub } from '../accounts/accounts.commands.ts';
import { setupForm } from '../accounts/accounts.forms.ts';
import { SetupPage } from '../accounts/accounts.views.tsx';

/** The first page of a new hub: it names the hub and creates the first administrator. */
export async function setupArea(app: FastifyInstance) {
  app.get('/setup', async (request, reply) => {
    if (app.hub.isSetUp()) {
      reply.flash('info', t('setup.alreadyDone'));
      return reply.redirect('/');
    }
    return reply.type('text/html; charset=utf-8').send(<SetupPage page={pageContext(request, reply)} />);
  });

  app.post('/setup', { config: rateLimited(app, 20, '1 hour') }, async (request, reply) => {
    if (app.hub.isSetUp()) return reply.redirect('/', 303);
    const parsed = parseForm(setupForm, request.body);
    if (!parsed.ok) {
      return reply
        .code(400)
        .type('text/html; charset=utf-8')
        .send(<SetupPage page={pageContext(request, reply)} values={parsed.values} errors={parsed.errors} />);
    }
    const result = await setUpHub(app.db, parsed.data);
    await app.hub.refresh(true);
    if (!result.ok) return reply.redirect('/', 303);
    await startSession(app.db, request, reply, result.userId);
    reply.flash('success', t('setup.done'));
    return reply.redirect('/', 303);
  });
}

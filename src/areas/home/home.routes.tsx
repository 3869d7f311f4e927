import type { FastifyInstance } from 'fastify';
import { t } from '../../i18n/i18n.ts';
import { pageContext } from '../../web/context.ts';
import { Layout } from '../../web/layout.tsx';
import { MatchesList, matchesForMember } from '../exchange/matching.routes.tsx';

export async function homeArea(app: FastifyInstance) {
  app.get('/', async (request, reply) => {
    const page = pageContext(request, reply);
    const matches = page.viewer ? await matchesForMember(app, page.viewer) : null;
    return reply.type('text/html; charset=utf-8').send(
      <Layout page={page} title={page.hubName}>
        <h1 safe>{page.viewer ? t('home.hello', { name: page.viewer.displayName }) : page.hubName}</h1>
        <p class="lead" safe>
          {t('home.welcome')}
        </p>
        {matches ? (
          <MatchesList matches={matches} />
        ) : (
          <p>
            <a class="button button--primary" href="/sign-up" safe>
              {t('home.join')}
            </a>
          </p>
        )}
      </Layout>,
    );
  });
}

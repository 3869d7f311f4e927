import type { FastifyInstance } from 'fastify';
import { t } from '../../i18n/i18n.ts';
import { pageContext } from '../../web/context.ts';
import { Layout } from '../../web/layout.tsx';
import { MatchesList, matchesForMember } from '../exchange/matching.routes.tsx';
import { listPitches } from '../exchange/pitches.queries.ts';
import { PitchCardView } from '../exchange/pitches.views.tsx';

const latestCount = 6;

export async function homeArea(app: FastifyInstance) {
  app.get('/', async (request, reply) => {
    const page = pageContext(request, reply);
    const matches = page.viewer ? await matchesForMember(app, page.viewer) : null;
    // The same listing the exchange shows, so what is on the home page obeys the same privacy rule.
    const latest = await listPitches(
      app.db,
      page.viewer,
      { kind: null, stage: null, terms: null, tag: null, area: null, sector: null, sort: 'newest' },
      1,
      latestCount,
    );
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
        <section aria-labelledby="latest-title">
          <h2 id="latest-title" safe>
            {t('home.latest')}
          </h2>
          {latest.pitches.length === 0 ? (
            <p safe>{t('home.latest.none')}</p>
          ) : (
            <ul class="grid">
              {latest.pitches.map((pitch) => (
                <li>
                  <PitchCardView pitch={pitch} />
                </li>
              ))}
            </ul>
          )}
          <ul class="actions">
            <li>
              <a href="/pitches" safe>
                {t('home.browsePitches')}
              </a>
            </li>
            <li>
              <a href="/members" safe>
                {t('home.browseMembers')}
              </a>
            </li>
            <li>
              <a href="/organisations" safe>
                {t('home.browseOrganisations')}
              </a>
            </li>
            <li>
              <a href="/activity" safe>
                {t('site.activity')}
              </a>
            </li>
          </ul>
        </section>
      </Layout>,
    );
  });
}

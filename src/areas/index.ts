import type { FastifyInstance } from 'fastify';
import { setupArea } from './setup/setup.routes.tsx';
import { accountsArea } from './accounts/accounts.routes.tsx';
import { homeArea } from './home/home.routes.tsx';
import { organisationsArea } from './organisations/organisations.routes.tsx';
import { apiArea } from './api/api.routes.tsx';
import { profilesArea } from './profiles/profiles.routes.tsx';
import { exchangeArea } from './exchange/exchange.routes.tsx';
import { conversationsArea } from './conversations/conversations.routes.tsx';
import { signalsArea } from './exchange/signals.routes.tsx';
import { notificationsArea } from './notifications/notifications.routes.tsx';
import { groupsArea } from './groups/groups.routes.tsx';
import { knowledgeArea } from './knowledge/knowledge.routes.tsx';
import { moderationArea } from './moderation/moderation.routes.tsx';
import { sitemapArea } from './discovery/sitemap.routes.ts';
import { eventsArea } from './events/index.ts';
import { storiesArea } from './stories/index.ts';
import { awardsArea } from './awards/index.ts';

/** Each area is one Fastify plugin; this is the one place they are mounted. */
export async function mountAreas(app: FastifyInstance) {
  await app.register(setupArea);
  await app.register(accountsArea);
  await app.register(homeArea);
  await app.register(organisationsArea);
  await app.register(apiArea);
  await app.register(profilesArea);
  await app.register(exchangeArea);
  await app.register(conversationsArea);
  await app.register(signalsArea);
  await app.register(notificationsArea);
  await app.register(groupsArea);
  await app.register(knowledgeArea);
  await app.register(moderationArea);
  await app.register(sitemapArea);
  await app.register(eventsArea);
  await app.register(storiesArea);
  await app.register(awardsArea);
}

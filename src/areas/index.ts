import type { FastifyInstance } from 'fastify';
import { setupArea } from './setup/setup.routes.tsx';
import { accountsArea } from './accounts/accounts.routes.tsx';
import { homeArea } from './home/home.routes.tsx';
import { organisationsArea } from './organisations/organisations.routes.tsx';
import { apiArea } from './api/api.routes.tsx';
import { profilesArea } from './profiles/profiles.routes.tsx';

/** Each area is one Fastify plugin; this is the one place they are mounted. */
export async function mountAreas(app: FastifyInstance) {
  await app.register(setupArea);
  await app.register(accountsArea);
  await app.register(homeArea);
  await app.register(organisationsArea);
  await app.register(apiArea);
  await app.register(profilesArea);
}

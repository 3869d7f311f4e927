import { accounts } from './accounts.ts';
import { awards } from './awards.ts';
import { api } from './api.ts';
import { common } from './common.ts';
import { conversations } from './conversations.ts';
import { events } from './events.ts';
import { exchange } from './exchange.ts';
import { groups } from './groups.ts';
import { home } from './home.ts';
import { knowledge } from './knowledge.ts';
import { moderation } from './moderation.ts';
import { notifications } from './notifications.ts';
import { organisations } from './organisations.ts';
import { profiles } from './profiles.ts';
import { signals } from './signals.ts';
import { stories } from './stories.ts';

/** English: every area's messages in one catalogue. */
export const english = {
  ...common,
  ...conversations,
  ...events,
  ...exchange,
  ...groups,
  ...accounts,
  ...awards,
  ...api,
  ...home,
  ...knowledge,
  ...moderation,
  ...notifications,
  ...organisations,
  ...profiles,
  ...signals,
  ...stories,
} as const;

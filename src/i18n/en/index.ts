import { accounts } from './accounts.ts';
import { api } from './api.ts';
import { common } from './common.ts';
import { home } from './home.ts';
import { organisations } from './organisations.ts';
import { profiles } from './profiles.ts';

/** English: every area's messages in one catalogue. */
export const english = {
  ...common,
  ...accounts,
  ...api,
  ...home,
  ...organisations,
  ...profiles,
} as const;

import { accounts } from './accounts.ts';
import { common } from './common.ts';
import { home } from './home.ts';

/** English: every area's messages in one catalogue. */
export const english = {
  ...common,
  ...accounts,
  ...home,
} as const;

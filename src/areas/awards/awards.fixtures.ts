/**
 * For tests: the round form filled in, and moving a round through its steps. A round's steps
 * follow its dates, which are whole days; tests cannot wait for days, so they move the dates
 * around the present instead.
 */
import type { Database } from '../../db/database.ts';
import { dayOf, endOfDay, nextDay, startOfDay } from './awards.dates.ts';

export type TestPhase = 'upcoming' | 'nominating' | 'voting' | 'counting' | 'results';

/**
 * Days from today (UK time) of each date, as the form takes them: nominations open and close
 * (the last day), voting opens and closes, panel scoring closes, results. Windows open at the
 * start of their first day and close at the end of their last, as real rounds do.
 */
const offsets: Record<TestPhase, [number, number, number, number, number, number]> = {
  upcoming: [1, 2, 3, 4, 4, 6],
  nominating: [-1, 1, 2, 3, 3, 5],
  // Voting and panel scoring are both open.
  voting: [-3, -2, -1, 1, 1, 3],
  // Both closed yesterday; results tomorrow (an administrator may publish them now).
  counting: [-5, -4, -3, -1, -1, 1],
  results: [-6, -5, -4, -2, -2, -1],
};

function addDays(day: string, count: number): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year!, month! - 1, date! + count)).toISOString().slice(0, 10);
}

export async function setPhase(db: Database, roundId: number, phase: TestPhase, now = new Date()): Promise<void> {
  const today = dayOf(now);
  const [open, close, votingOpen, votingClose, scoringClose, results] = offsets[phase].map((days) => addDays(today, days)) as [string, string, string, string, string, string];
  await db
    .updateTable('award_rounds')
    .set({
      nominations_open_at: startOfDay(open),
      nominations_close_at: endOfDay(close),
      voting_open_at: startOfDay(votingOpen),
      voting_close_at: endOfDay(votingClose),
      scoring_close_at: endOfDay(scoringClose),
      results_at: startOfDay(results),
      published_at: null,
    })
    .where('id', '=', roundId)
    .execute();
}

/** Days for the form, counted from tomorrow (UK time): valid in that order. */
export function formDays(from = new Date()): Record<string, string> {
  let current = dayOf(from);
  const next = (count: number) => {
    for (let i = 0; i < count; i++) current = nextDay(current);
    return current;
  };
  const nominationsOpen = next(1);
  const nominationsClose = next(7);
  const votingOpen = next(1);
  const votingClose = next(7);
  const scoringClose = votingClose;
  const resultsDate = next(3);
  return { nominationsOpen, nominationsClose, votingOpen, votingClose, scoringClose, resultsDate };
}

export interface RoundFormOptions {
  name?: string;
  panel?: string[];
  voteWeight?: number;
  categories?: [string, string][];
  criteria?: [string, string, number][];
}

/** The round form as an administrator fills it in. */
export function roundFields(options: RoundFormOptions = {}): Record<string, string> {
  const fields: Record<string, string> = {
    name: options.name ?? 'Community Innovation Awards',
    description: 'Celebrating the **pitches** that changed our places.',
    ...formDays(),
    voteWeight: String(options.voteWeight ?? 40),
    panel: (options.panel ?? []).join(', '),
  };
  const categories = options.categories ?? [
    ['Community impact', 'Made a real difference to people nearby.'],
    ['Best use of open data', 'Put public data to work.'],
  ];
  categories.forEach(([name, description], index) => {
    fields[`category${index + 1}Name`] = name;
    fields[`category${index + 1}Description`] = description;
  });
  const criteria = options.criteria ?? [
    ['Impact', 'What changed, for whom.', 3],
    ['Evidence', 'How we know.', 2],
    ['Reach', 'Could others do it too?', 1],
  ];
  criteria.forEach(([name, description, weight], index) => {
    fields[`criterion${index + 1}Name`] = name;
    fields[`criterion${index + 1}Description`] = description;
    fields[`criterion${index + 1}Weight`] = String(weight);
  });
  return fields;
}

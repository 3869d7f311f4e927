/** How big each benchmark hub is. `khub` is the size of the local-government Knowledge Hub. */
export interface DatasetSize {
  members: number;
  organisations: number;
  groups: number;
  pitches: number;
  posts: number;
  /** Interest signals of every kind, follows included. */
  signals: number;
  knowledgePages: number;
}

export const datasets = {
  khub: { members: 150_000, organisations: 8_000, groups: 5_000, pitches: 60_000, posts: 1_000_000, signals: 2_000_000, knowledgePages: 2_000 },
  small: { members: 5_000, organisations: 270, groups: 170, pitches: 2_000, posts: 33_000, signals: 67_000, knowledgePages: 70 },
  tiny: { members: 300, organisations: 20, groups: 15, pitches: 120, posts: 700, signals: 600, knowledgePages: 12 },
} as const satisfies Record<string, DatasetSize>;

export type DatasetName = keyof typeof datasets;

export function isDatasetName(value: unknown): value is DatasetName {
  return typeof value === 'string' && value in datasets;
}

/** Sign-in details of the benchmark accounts every generated hub has. */
export const benchPassword = 'seedbed-benchmark';
export const benchAccounts = [
  { email: 'bench-admin@example.org', name: 'Bench Administrator', role: 'admin' as const },
  { email: 'bench-1@example.org', name: 'Bench Member One', role: 'member' as const },
  { email: 'bench-2@example.org', name: 'Bench Member Two', role: 'member' as const },
  { email: 'bench-3@example.org', name: 'Bench Member Three', role: 'member' as const },
];

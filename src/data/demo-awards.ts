/**
 * A finished awards round for the demo hub, so its awards pages show nominations, a panel and
 * published results. Written for this project. Nominees are demo pitches by title; people are demo
 * members by name. The dates are counted back from the day the demo is loaded.
 */

export interface DemoAwardRound {
  name: string;
  description: string;
  /** Per cent of the combined score from members' votes; the panel has the rest. */
  voteWeight: number;
  /** Days before the demo is loaded: nominations open and close, voting opens and closes, panel scoring closes, results. */
  daysAgo: [number, number, number, number, number, number];
  categories: readonly { name: string; description: string }[];
  criteria: readonly { name: string; description: string; weight: number }[];
  panel: readonly string[];
  nominees: readonly {
    category: number;
    pitch: string;
    /** Who nominated it and why; the first is the nominator, the others added their reasons. */
    reasons: readonly { by: string; reason: string }[];
    /** How many members voted for it (the demo's members in order, after those already counted; at most 60 a category). */
    votes: number;
    /** Each panellist's scores, one per criterion, in panel order; null where they had a conflict. */
    scores: readonly (readonly number[] | null)[];
  }[];
  /** Conflicts of interest panellists declared for themselves (others the hub finds: a pitch's team). */
  declared: readonly { panellist: string; pitch: string; note: string }[];
}

export const demoAwardRound: DemoAwardRound = {
  name: 'Seedbed Community Awards',
  description:
    'Our first awards, for the pitches that changed things in their places this year.\n\nMembers nominated and voted; a panel of three scored every nominee against the criteria below. Members’ votes count for 40% of the result and the panel’s scores for 60%.',
  voteWeight: 40,
  daysAgo: [90, 70, 60, 46, 46, 40],
  categories: [
    { name: 'Community impact', description: 'A pitch that made a real, visible difference to people nearby.' },
    { name: 'Best use of open data', description: 'A pitch that put public data to work for residents.' },
  ],
  criteria: [
    { name: 'Difference made', description: 'What changed, and for whom.', weight: 3 },
    { name: 'Evidence', description: 'How we know it worked.', weight: 2 },
    { name: 'Could others do it?', description: 'How easily another place could take it up.', weight: 1 },
  ],
  panel: ['Kate Nguyen', 'Helen Castle', 'Samuel Adebayo'],
  nominees: [
    {
      category: 0,
      pitch: 'Getting surplus food from school kitchens to pantries the same day',
      reasons: [
        { by: 'Peggy Holt', reason: 'Food that would have gone in the bin now reaches three pantries before teatime. Simple and it works.' },
        { by: 'Jo Pickering', reason: 'The drivers are volunteers and the schools asked to join, not the other way round.' },
      ],
      votes: 19,
      scores: [[8, 7, 9], [9, 8, 8], null],
    },
    {
      category: 0,
      pitch: 'Evening phone rounds for people who live alone',
      reasons: [{ by: 'Ali Hassan', reason: 'A call at seven in the evening is the one people say they wait for.' }],
      votes: 15,
      scores: [[9, 8, 8], [8, 9, 7], [9, 8, 9]],
    },
    {
      category: 0,
      pitch: 'A repair café in every branch library',
      reasons: [{ by: 'Bethan Morgan', reason: 'Three libraries so far, and they keep a log of what was mended: over a tonne of things kept out of landfill.' }],
      votes: 12,
      scores: [[7, 7, 8], null, [7, 6, 8]],
    },
    {
      category: 0,
      pitch: 'Warm welcome spaces at Dundee community centres',
      reasons: [{ by: 'Owen Campbell', reason: 'Warm, free and nobody asks why you came.' }],
      votes: 8,
      scores: [[6, 6, 7], [7, 6, 6], [6, 7, 6]],
    },
    {
      category: 1,
      pitch: 'Open data on which community buildings are actually open',
      reasons: [
        { by: 'Rory Dunleavy', reason: 'One open list of opening hours that councils, charities and map apps all use.' },
        { by: 'Leah Goldberg', reason: 'We use it every week to send people somewhere that is really open.' },
      ],
      votes: 17,
      scores: [null, [9, 8, 9], [8, 8, 9]],
    },
    {
      category: 1,
      pitch: 'Open-source volunteer rota for small groups',
      reasons: [{ by: 'Siobhan Kelly', reason: 'Free, works on a phone, and its data can be exported for funders.' }],
      votes: 22,
      scores: [[7, 6, 9], [6, 6, 8], [7, 7, 8]],
    },
    {
      category: 1,
      pitch: 'Plain-language ward budgets for young people',
      reasons: [{ by: 'Zainab Ali', reason: 'Young people read their ward’s budget for the first time and asked better questions than the councillors.' }],
      votes: 10,
      scores: [[8, 7, 8], [8, 8, 7], [7, 7, 7]],
    },
  ],
  declared: [{ panellist: 'Helen Castle', pitch: 'A repair café in every branch library', note: 'I chair the friends group of one of the libraries that hosts it.' }],
};

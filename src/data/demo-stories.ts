// Demonstration stories of innovation ("shining lights") for a new hub, to sit beside
// demo-content.ts. Plain data only: loading it is the demo command's job.
//
// Everything here is invented. Every reporter, person in a story, questioner and recorder is a
// `name` from `demoMembers`; every `localAuthorityName` matches a `name` in
// uk-local-authorities.ts; tags come from `tagVocabulary`. Months are relative to the day the demo
// is loaded, so "tried since" stays in the past.

import type { EvidenceLevel, TrialOutcome } from '../db/schema.ts';
import type { DemoTag } from './demo-content.ts';

export interface DemoStory {
  title: string;
  summary: string;
  /** Markdown. */
  body: string;
  people: string;
  place: string;
  localAuthorityName: string | null;
  tags: readonly DemoTag[];
  reporter: string;
  /** Members in the story, who answer questions about it. */
  inStory: readonly string[];
  publishedDaysAgo: number;
  interview: readonly { question: string; answer: string }[];
  /** Photos drawn for the demo: a colour, and what they show (their alt text). */
  photos: readonly { colour: string; alt: string; caption: string }[];
  /** Questions from members and, when given, the answer of the first person in the story. */
  questions: readonly { by: string; text: string; answer: string | null }[];
  interest: readonly { by: string; kind: 'interested' | 'trying'; organisation: string }[];
  recipe: { sections: readonly [string, string, string, string, string, string, string, string, string]; evidenceLevel: EvidenceLevel; evidenceNote: string } | null;
  triedSince: readonly { by: string; organisation: string; place: string; localAuthorityName: string | null; monthsAgo: number; outcome: TrialOutcome; note: string }[];
}

export const demoStories: readonly DemoStory[] = [
  {
    title: 'Warm welcome cards in GP surgeries',
    summary: 'Receptionists in Huddersfield hand out a small card listing the nearest warm space. Visits by people living alone doubled in one winter.',
    body:
      'Posters about warm spaces reached the people who already came to community centres. The ones the network worried about, people living alone who rarely go out, saw them in only one place: the doctor’s waiting room.\n\nSo the warm spaces network printed **credit-card sized cards** with the three nearest venues, their opening hours and the bus that stops outside. Receptionists in six surgeries offered one to anyone who mentioned the cold, the heating bill or being on their own.\n\n## What changed\n\nVenues asked visitors how they heard. Over the winter, 140 people said “the card from the surgery”, and most of them came back more than once.',
    people: 'Warm Spaces Network, six GP surgeries in Huddersfield, Kirklees Council libraries',
    place: 'Huddersfield',
    localAuthorityName: 'Kirklees',
    tags: ['loneliness', 'health inequalities', 'libraries'],
    reporter: 'Siobhan Kelly',
    inStory: ['Priya Venkataraman'],
    publishedDaysAgo: 40,
    interview: [
      { question: 'Whose idea were the cards?', answer: 'A receptionist’s. She said people told her things at the desk they never told the doctor.' },
      { question: 'What did it cost?', answer: 'About £300 for 5,000 cards, and an hour of our time with each surgery’s practice manager.' },
    ],
    photos: [
      { colour: '#1d70b8', alt: 'A stack of blue cards beside a surgery reception window', caption: 'The cards at the first surgery' },
      { colour: '#00703c', alt: 'Volunteers pouring tea for visitors at a library warm space', caption: 'Dewsbury library on a Tuesday' },
    ],
    questions: [
      { by: 'Gareth Llewellyn-Rees', text: 'Did the surgeries need any training before they started?', answer: 'Twenty minutes at a team meeting: what warm spaces are, and that nobody has to give a reason to go.' },
      { by: 'Tom Whitfield', text: 'How did you count who came because of the card?', answer: 'Each venue asked one question at the door, on a tally sheet. No names.' },
      { by: 'Hannah Birkett', text: 'Would this work where the nearest venue is a bus ride away?', answer: null },
    ],
    interest: [
      { by: 'Gareth Llewellyn-Rees', kind: 'trying', organisation: 'Cardiff Council' },
      { by: 'Tom Whitfield', kind: 'trying', organisation: 'Somerset Council' },
      { by: 'Hannah Birkett', kind: 'interested', organisation: 'Cumberland Council' },
      { by: 'Aileen Strachan', kind: 'interested', organisation: '' },
    ],
    recipe: {
      sections: [
        'Warm spaces reached people who already went out. People living alone were seen in one place most: the GP surgery.',
        'Posters and social media did not reach people who rarely leave home.',
        'Credit-card sized cards listing the three nearest warm spaces, opening hours and buses, handed out by receptionists.',
        'The warm spaces network, six GP practices and the council’s library service.',
        'About £300 for 5,000 cards; an hour with each practice manager; a tally sheet at each venue.',
        '140 visitors in one winter said they came because of the card; most came back.',
        'Cards left on the counter were not taken. They work only when someone hands them over.',
        '1. Ask one practice manager first. 2. Print cards for the three nearest venues. 3. Brief receptionists at a team meeting. 4. Count at the door.',
        'Priya Venkataraman, Warm Spaces Network',
      ],
      evidenceLevel: 'documented',
      evidenceNote: 'Door tallies kept by every venue through the winter.',
    },
    triedSince: [
      { by: 'Gareth Llewellyn-Rees', organisation: 'Cardiff Council', place: 'Ely and Caerau', localAuthorityName: 'Cardiff', monthsAgo: 3, outcome: 'worked', note: 'We added the community bus timetable to the back of the card.' },
      { by: 'Tom Whitfield', organisation: 'Somerset Council', place: 'Chard', localAuthorityName: 'Somerset', monthsAgo: 2, outcome: 'partly', note: 'Two surgeries took part, one did not have time to brief its staff.' },
    ],
  },
  {
    title: 'A tool library in a closed bank branch',
    summary: 'Residents in Workington borrow drills, ladders and sewing machines from what used to be a bank. The council let the building for a peppercorn rent.',
    body:
      'When the last bank on the high street closed, the building stood empty for a year. A group of residents asked the council whether they could use it to lend tools.\n\nThe council agreed a **peppercorn rent** for three years. Volunteers open it on Thursday evenings and Saturday mornings; members pay £10 a year, or nothing if they cannot.\n\nIt now lends 400 tools, runs a repair café once a month and has brought people back on to a quiet end of the high street.',
    people: 'Workington Tool Library volunteers, Cumberland Council',
    place: 'Workington',
    localAuthorityName: 'Cumberland',
    tags: ['circular economy', 'high streets', 'community assets'],
    reporter: 'Ewan Fraser',
    inStory: ['Hannah Birkett'],
    publishedDaysAgo: 20,
    interview: [{ question: 'What is borrowed most?', answer: 'Carpet cleaners in spring, and the wallpaper steamer all year round.' }],
    photos: [{ colour: '#6f72af', alt: 'Shelves of labelled power tools inside a former bank branch', caption: 'Where the counters used to be' }],
    questions: [
      { by: 'Priya Venkataraman', text: 'Who pays for insurance?', answer: 'We do, through a community buildings policy: about £600 a year.' },
      { by: 'Funmilayo Adeyemi', text: 'What happens when a tool comes back broken?', answer: null },
    ],
    interest: [
      { by: 'Funmilayo Adeyemi', kind: 'trying', organisation: 'Norfolk County Council' },
      { by: 'Priya Venkataraman', kind: 'interested', organisation: 'Kirklees Council' },
    ],
    recipe: {
      sections: [
        'A high street with empty units, and residents who owned tools they rarely used.',
        'Tools are expensive to buy for one job; an empty building was costing the council money.',
        'A lending library for tools in a closed bank branch, on a peppercorn rent, run by volunteers.',
        'Residents, the council’s estates team and the local credit union.',
        'Peppercorn rent; £600 a year insurance; donated tools; £10 membership.',
        '400 tools, 600 members, 2,000 loans in the first year.',
        'Online booking put older members off; they now also take bookings by phone.',
        '1. Find a building owner willing to try a short lease. 2. Ask for tools before opening. 3. Insure early. 4. Open when people are not at work.',
        'Hannah Birkett, Cumberland Council',
      ],
      evidenceLevel: 'anecdote',
      evidenceNote: '',
    },
    triedSince: [{ by: 'Funmilayo Adeyemi', organisation: 'Norwich Repair Network', place: 'Norwich', localAuthorityName: 'Norwich', monthsAgo: 5, outcome: 'did-not-work', note: 'No building could be found with step-free access; we now lend from the library instead.' }],
  },
  {
    title: 'Young people redesign the bus timetable',
    summary: 'A youth panel in Cardiff rewrote the bus timetable for its estate, and the operator adopted it. Evening journeys by under-25s rose by a third.',
    body:
      'Young people on the estate told the council they could not get home from college after 7pm. Instead of a survey, the council paid a **youth panel** of twelve to study the timetable with the bus operator’s planners.\n\nOver six Saturdays they tracked their own journeys, found two buses leaving within a minute of each other at 6pm, and proposed moving one to 9pm.',
    people: 'Bright Futures Youth Collective, Cardiff Council transport team, the bus operator',
    place: 'Cardiff',
    localAuthorityName: 'Cardiff',
    tags: ['youth', 'transport', 'co-production'],
    reporter: 'Rhiannon Pritchard',
    inStory: ['Gareth Llewellyn-Rees'],
    publishedDaysAgo: 8,
    interview: [],
    photos: [],
    questions: [{ by: 'Aileen Strachan', text: 'Were the young people paid?', answer: 'Yes, at the council’s youth work rate, with bus passes for the six weeks.' }],
    interest: [{ by: 'Aileen Strachan', kind: 'interested', organisation: 'Glasgow City Council' }],
    recipe: null,
    triedSince: [],
  },
];

/** Pitches of demo-pitches.ts that say they were adapted from a demo story or another demo pitch, and how. */
export const demoLineage: readonly { pitch: string; from: { story: string } | { pitch: string }; note: string }[] = [
  {
    pitch: 'A repair café in every branch library',
    from: { story: 'A tool library in a closed bank branch' },
    note: 'Repairs instead of loans, and in libraries the council already runs.',
  },
  {
    pitch: 'Digital buddies in Belfast libraries',
    from: { pitch: 'Measuring whether tablet loans lead to lasting confidence online' },
    note: 'Volunteers sit with people instead of lending them tablets.',
  },
];

/** A member's report on a demo story, waiting in the moderation queue. */
export const demoStoryReport = {
  story: 'Young people redesign the bus timetable',
  by: 'Aileen Strachan',
  reason: 'One of the young people on the panel asked to be left out of stories about it. Could the facilitators check?',
} as const;

/**
 * The demo's open conference: people going propose sessions and vote, and the host builds the
 * schedule from the votes. Written for this project; members are named by their position in
 * `demoMembers`, so the data stays valid if a member's name is changed.
 */

export interface DemoSession {
  title: string;
  description: string;
  format: 'talk' | 'discussion' | 'workshop' | 'demo' | 'panel' | 'other';
  /** Position in `attendees` of who proposed it. */
  by: number;
  /** Who leads it, when not the proposer. */
  leader?: string;
  /** How many votes it gets: the first so many attendees vote for it. */
  votes: number;
}

export const demoConference = {
  title: 'Northern Civic Data Unconference',
  summary: 'A day of sessions proposed and chosen by the people who come: councils, community groups, developers and residents working with local data.',
  description:
    'There is no programme until the day is near: everyone going proposes sessions, and everyone votes for the ones they want. The most voted get the largest rooms.\n\nLunch is provided. Bring a laptop if you have one, and questions if you do not.',
  venue: 'Leeds Civic Hall',
  address: 'Calverley Street\nLeeds LS1 1UR',
  access: 'Step-free entrance from Calverley Street, lifts to every floor, a hearing loop in the Banqueting Hall and a quiet room on the first floor.',
  place: 'Leeds',
  localAuthorityName: 'Leeds',
  tags: ['open-data', 'unconference', 'digital-inclusion'],
  /** Days from now the conference is held, starting at 10:00 and ending at 16:30, UK time. */
  inDays: 24,
  /** Position in `demoMembers` of the host. */
  host: 27,
  /** Positions in `demoMembers` of those going. */
  attendees: [0, 3, 5, 8, 9, 11, 14, 16, 19, 21, 22, 24, 28, 31, 33, 36, 40, 43, 47, 52] as readonly number[],
  rooms: [
    { name: 'Committee Room', capacity: 30 },
    { name: 'Banqueting Hall', capacity: 150 },
    { name: 'Council Chamber', capacity: 60 },
  ],
  /** Local start and end of each slot. */
  slots: [
    ['10:30', '11:30'],
    ['11:45', '12:45'],
    ['13:45', '14:45'],
    ['15:00', '16:00'],
  ] as readonly (readonly [string, string])[],
  sessions: [
    {
      title: 'Ward-level data everyone can read',
      description: 'Most of what councils publish is by local authority. Residents think in wards and streets. What would it take to publish the common figures by ward, and keep them up to date?',
      format: 'discussion',
      by: 0,
      votes: 17,
    },
    {
      title: 'Repairs data for tenants',
      description: 'Two housing associations show how they publish repair times by estate, what tenants did with it, and what they wish they had done differently.',
      format: 'talk',
      by: 3,
      votes: 15,
    },
    {
      title: 'Build a bus stop accessibility map in an hour',
      description: 'Hands on: we take the open bus stop data, add step-free and shelter information gathered by volunteers, and make a map. Laptops helpful but not needed.',
      format: 'workshop',
      by: 5,
      votes: 13,
    },
    {
      title: 'Flood warnings residents trust',
      description: 'Why do people ignore official warnings and trust the neighbour with a river gauge app? A conversation between a flood officer, a parish clerk and a resident.',
      format: 'panel',
      by: 8,
      leader: 'Nadia Begum, with guests from Calderdale',
      votes: 12,
    },
    {
      title: 'Warm spaces: what the footfall tells us',
      description: 'Counts from forty warm spaces over two winters, what they say about who came, and what they cannot say.',
      format: 'talk',
      by: 9,
      votes: 10,
    },
    {
      title: 'Planning applications made readable',
      description: 'A demonstration of a tool that turns planning documents into a one-page summary, and a frank talk about where it gets things wrong.',
      format: 'demo',
      by: 11,
      votes: 9,
    },
    {
      title: 'Getting data out of small councils',
      description: 'Parish and town councils hold useful data in spreadsheets and minute books. How do we help them share it without adding to the clerk’s week?',
      format: 'discussion',
      by: 14,
      votes: 8,
    },
    {
      title: 'Digital champions: teaching data skills in libraries',
      description: 'What a year of Saturday sessions taught us about helping people read charts and spot misleading numbers.',
      format: 'talk',
      by: 16,
      votes: 7,
    },
    {
      title: 'School streets: before and after',
      description: 'Air quality, traffic counts and parents’ surveys from six school streets. Bring your own results to compare.',
      format: 'discussion',
      by: 19,
      votes: 6,
    },
    {
      title: 'Allotment waiting lists as open data',
      description: 'A short demonstration of publishing waiting lists without publishing people, and whether it changed anything.',
      format: 'demo',
      by: 21,
      votes: 4,
    },
    {
      title: 'Community energy: sharing meter data safely',
      description: 'How a community energy group shares generation figures with members and the council while keeping households’ use private.',
      format: 'workshop',
      by: 22,
      votes: 3,
    },
    {
      title: 'What should we do next year?',
      description: 'A closing circle: what worked today, what did not, and who wants to host the next one.',
      format: 'other',
      by: 24,
      votes: 2,
    },
  ] as readonly DemoSession[],
  /** Outcomes written down for the most voted session. */
  outcomes: ['Three councils will try publishing the common figures by ward for six months.', 'Leeds offered to share its ward boundary lookups with anyone who asks.'],
} as const;

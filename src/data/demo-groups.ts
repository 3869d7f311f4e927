/**
 * Demo groups: open, closed and secret, with sub-groups, conversations and wiki pages, so a demo hub
 * shows group life and every kind of group page. Written for this project; members are named by
 * their position in `demoMembers`, so the data stays valid if a member's name is changed.
 */

export interface DemoGroup {
  key: string;
  name: string;
  purpose: string;
  description: string;
  welcome: string;
  visibility: 'open' | 'closed' | 'secret';
  tags: readonly string[];
  place: string;
  /** `key` of the parent group, for a sub-group. */
  parent: string | null;
  /** Positions in `demoMembers`: the first is the facilitator. */
  members: readonly number[];
  /** Conversation posts: who (a position in `members`) and what; a reply answers the post before it. */
  posts: readonly { by: number; body: string; reply?: boolean }[];
  pages: readonly { by: number; title: string; body: string }[];
}

export const demoGroups: readonly DemoGroup[] = [
  {
    key: 'warm-spaces',
    name: 'Warm Spaces Network',
    purpose: 'Libraries, churches, community centres and councils running warm spaces through the winter, sharing what works.',
    description:
      'We started in the winter of 2022 as a mailing list of twelve venues. Now we compare opening hours, volunteer rotas, food hygiene questions and how to reach people who would never walk into a council building.\n\nEveryone is welcome: venue volunteers, council officers, funders and residents.',
    welcome: 'Welcome! Say hello in the conversation below and tell us where your warm space is. The wiki has our volunteer rota template.',
    visibility: 'open',
    tags: ['warm-spaces', 'community-centres', 'loneliness'],
    place: 'Across the UK',
    parent: null,
    members: [0, 3, 7, 12, 18, 22, 27, 31, 40, 44],
    posts: [
      { by: 1, body: 'We are opening on Sunday afternoons this year. Has anyone found volunteers for weekends, or do you pay someone?' },
      { by: 0, body: 'We pair a paid caretaker with two volunteers on Sundays. The caretaker is the key: volunteers come when they know someone is in charge.', reply: true },
      { by: 3, body: 'Our food hygiene question answered: soup made on site needs a registered kitchen, but shop-bought biscuits and hot drinks do not.' },
    ],
    pages: [
      {
        by: 0,
        title: 'Volunteer rota template',
        body: '## How we use it\n\nTwo volunteers and one key holder for each session. Swap shifts in the group conversation.\n\n## What each shift does\n\n* Open up and put the heating on\n* Welcome people and offer a hot drink\n* Note how many came (no names)\n\nSee also [[Reaching people who stay at home]].',
      },
      {
        by: 2,
        title: 'Reaching people who stay at home',
        body: 'Posters are not enough. What worked for us: GP surgeries handing out cards, the bus company putting up notices, and asking the food bank to mention us.',
      },
    ],
  },
  {
    key: 'rural-venues',
    name: 'Warm Spaces: rural venues',
    purpose: 'Village halls and chapels running warm spaces where the bus comes twice a day.',
    description: 'Transport, oil heating costs and tiny volunteer pools: the problems rural warm spaces have and town ones do not.',
    welcome: 'Tell us your village and how people get to you.',
    visibility: 'open',
    tags: ['warm-spaces', 'rural'],
    place: 'Rural England and Wales',
    parent: 'warm-spaces',
    members: [7, 12, 40],
    posts: [{ by: 0, body: 'The community transport scheme now stops at our hall on Thursdays. It doubled the numbers in a month.' }],
    pages: [],
  },
  {
    key: 'digital-inclusion-officers',
    name: 'Digital inclusion officers',
    purpose: 'Council officers working on digital inclusion, sharing plans before they are public.',
    description:
      'A closed space for officers to share draft strategies, supplier quotes and evaluation results that are not ready to be published. Ask to join if you work on digital inclusion for a council or a health partnership.',
    welcome: 'Please keep drafts here until your council publishes them. Introduce yourself with your council and your role.',
    visibility: 'closed',
    tags: ['digital-inclusion', 'devices', 'skills'],
    place: 'UK councils',
    parent: null,
    members: [1, 5, 9, 14, 20, 25, 33],
    posts: [
      { by: 2, body: 'Our draft device lending policy is on the wiki. Comments welcome before it goes to cabinet next month.' },
      { by: 1, body: 'Insurance was our sticking point: we ended up covering devices under the library policy rather than buying separate cover.', reply: true },
    ],
    pages: [
      {
        by: 2,
        title: 'Draft device lending policy',
        body: '## Who can borrow\n\nAnyone with a library card, for eight weeks, renewable once.\n\n## What happens if a device is lost\n\nNothing is charged for the first loss. We learnt that fines keep the people we most want to reach away.',
      },
    ],
  },
  {
    key: 'device-lending-pilot',
    name: 'Device lending pilot',
    purpose: 'The three councils running the joint device lending pilot.',
    description: 'Monthly figures, supplier contacts and the evaluation plan for the pilot.',
    welcome: 'The evaluation plan is the first wiki page.',
    visibility: 'closed',
    tags: ['digital-inclusion', 'devices'],
    place: 'Yorkshire',
    parent: 'digital-inclusion-officers',
    members: [1, 5, 9],
    posts: [{ by: 0, body: 'September figures: 142 loans, 9 devices not returned, 31 people referred to skills sessions.' }],
    pages: [
      {
        by: 0,
        title: 'Evaluation plan',
        body: 'We count loans, returns and referrals each month, and interview twelve borrowers in March.',
      },
    ],
  },
  {
    key: 'safeguarding-leads',
    name: 'Safeguarding leads circle',
    purpose: 'Safeguarding leads from community organisations, supporting each other in confidence.',
    description: 'A secret group, by invitation only. Nothing here is shared outside the circle.',
    welcome: 'You are here because a member invited you. Please read the confidentiality note on the wiki.',
    visibility: 'secret',
    tags: ['safeguarding'],
    place: 'Greater Manchester',
    parent: null,
    members: [4, 11, 19, 28],
    posts: [{ by: 1, body: 'Could we go through the new referral form together at the next meeting? Some of it is unclear for volunteers.' }],
    pages: [
      {
        by: 0,
        title: 'Confidentiality note',
        body: 'What is said in the circle stays in the circle, unless someone is at risk of harm. Then we follow our own organisation’s procedure.',
      },
    ],
  },
  {
    key: 'community-energy',
    name: 'Community energy cooperatives',
    purpose: 'Cooperatives and councils putting solar panels on community buildings and sharing the savings.',
    description: 'Share-offer documents, roof surveys, grid connection stories and how to talk to a council estates team.',
    welcome: 'Say what you are building and where. Our wiki has a plain guide to share offers.',
    visibility: 'open',
    tags: ['energy', 'climate', 'cooperatives'],
    place: 'Across the UK',
    parent: null,
    members: [6, 10, 16, 24, 30, 36, 42],
    posts: [
      { by: 1, body: 'The district network operator quoted us six months for the connection. Is that normal now?' },
      { by: 0, body: 'Sadly yes. Book the connection before the share offer opens, not after.', reply: true },
    ],
    pages: [
      {
        by: 0,
        title: 'Share offers in plain words',
        body: 'A share offer lets local people invest in the panels and get a small return. The cooperative owns the panels; the building pays less for its electricity.',
      },
    ],
  },
];

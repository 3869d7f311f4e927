// Demonstration pitches for a new hub, to sit beside demo-content.ts. Plain data only: loading it
// is the demo command's job.
//
// Everything here is invented. Every author and team member is a `name` from `demoMembers`, every
// organisation a `name` from `demoOrganisations` that its author (or a named team member) belongs
// to, every tag comes from `tagVocabulary`, every `localAuthorityName` matches a `name` in
// uk-local-authorities.ts, and every link is an example.org address. Dates are relative to the day
// the demo is loaded, so deadlines stay in the future and histories stay in the past.

import type { PitchKind, PitchStage } from '../db/schema.ts';
import type { DemoTag } from './demo-content.ts';

export interface DemoStageStep {
  stage: PitchStage;
  /** How many days before loading the pitch reached this stage. */
  daysAgo: number;
  note: string;
}

export interface DemoPitch {
  title: string;
  kind: PitchKind;
  summary: string;
  /** Markdown. */
  body: string;
  terms: 'free' | 'paid' | 'negotiable';
  /** Pounds; only for paid or negotiable terms. */
  priceMin: number | null;
  priceMax: number | null;
  /** Pounds; challenges only. */
  budget: number | null;
  /** Days after loading; challenges only. */
  deadlineInDays: number | null;
  /** Oldest first; the last step is the pitch's current stage. */
  history: readonly DemoStageStep[];
  tags: readonly DemoTag[];
  place: string;
  /** A `name` from uk-local-authorities.ts, or null. */
  localAuthorityName: string | null;
  online: boolean;
  /** The `name` of one of `demoMembers`; becomes the team lead. */
  author: string;
  /** Other members on the team, by `name`, with their role. */
  team: readonly { member: string; role: string }[];
  /** `name`s of `demoOrganisations` behind the pitch. */
  organisations: readonly string[];
  links: readonly { label: string; url: string }[];
  status: 'published' | 'draft';
}

/** The current stage of a demo pitch: the last step of its history. */
export function currentStage(pitch: DemoPitch): PitchStage {
  return pitch.history[pitch.history.length - 1]!.stage;
}

export const demoPitches: readonly DemoPitch[] = [
  // ---- Challenges and requests ------------------------------------------------------------
  {
    title: 'Measuring whether tablet loans lead to lasting confidence online',
    kind: 'challenge',
    summary: 'We lend tablets with data through branch libraries. We need a light, respectful way to find out who is still online six months later.',
    body: `Connected Kirklees has lent more than 400 refurbished tablets through eleven branch libraries since last spring. Each borrower gets six weeks with a digital buddy.

We know people enjoy it. We do not know whether it lasts.

## What we need

- A way to check in with borrowers at three and six months that does not feel like a test
- Something library staff can run without a researcher in the room
- Results we can share with councillors and with the borrowers themselves

## What we have tried

A paper questionnaire at hand-back. Most people tick "very confident" on the day and we never hear from them again.

## Limits

Anything we use must work for people with low literacy and for people who speak Urdu, Punjabi or Polish at home. No tracking of devices after they are returned.`,
    terms: 'paid',
    priceMin: 3000,
    priceMax: 8000,
    budget: 8000,
    deadlineInDays: 42,
    history: [
      { stage: 'idea', daysAgo: 60, note: '' },
      { stage: 'shaping', daysAgo: 41, note: 'Agreed the questions with the library managers.' },
      { stage: 'seeking-partners', daysAgo: 12, note: 'Budget confirmed from the digital inclusion fund.' },
    ],
    tags: ['digital inclusion', 'libraries', 'evaluation'],
    place: 'Branch libraries across Kirklees',
    localAuthorityName: 'Kirklees',
    online: false,
    author: 'Priya Venkataraman',
    team: [{ member: 'Rukhsana Iqbal-Sykes', role: 'Ward councillor, Dewsbury' }],
    organisations: ['Kirklees Council'],
    links: [{ label: 'Connected Kirklees programme', url: 'https://kirklees-council.example.org/connected' }],
    status: 'published',
  },
  {
    title: 'Cutting the wait from first contact to a homelessness prevention plan',
    kind: 'challenge',
    summary: 'On average it takes 19 days from someone first asking for help to having a written prevention plan. We want to halve that.',
    body: `Our housing options team sees around 90 new households a week. Most delays happen before anyone has had a proper conversation: duplicate forms, call-backs that miss, documents requested one at a time.

We would like to hear from councils that have cut this time, and from service designers who have worked on the first few days of a homelessness case.

**Not a software tender.** If the answer turns out to be a tool, we will procure it properly later. For now we want to understand what has worked elsewhere.`,
    terms: 'negotiable',
    priceMin: null,
    priceMax: null,
    budget: 15000,
    deadlineInDays: 56,
    history: [
      { stage: 'idea', daysAgo: 35, note: '' },
      { stage: 'seeking-partners', daysAgo: 20, note: 'Cabinet member asked us to look outside Wales too.' },
    ],
    tags: ['homelessness', 'housing', 'service design'],
    place: 'Cardiff',
    localAuthorityName: 'Cardiff',
    online: false,
    author: 'Gareth Llewellyn-Rees',
    team: [{ member: 'Imran Qureshi', role: 'Service designer' }],
    organisations: ['Cardiff Council'],
    links: [],
    status: 'published',
  },
  {
    title: 'Getting surplus food from school kitchens to pantries the same day',
    kind: 'challenge',
    summary: 'Good food leaves school kitchens every afternoon and is thrown away by four. Pantries two streets away could use it.',
    body: `We run eight food pantries in north Manchester. Three primary schools near us have told us they bin trays of untouched food most days.

The problems are timing (kitchens close at 2.30pm), food safety paperwork, and who carries it. We have volunteers with cars but not every afternoon.

We would love to hear from anyone who has solved this with schools, cargo bikes, a rota app, or something we have not thought of.`,
    terms: 'free',
    priceMin: null,
    priceMax: null,
    budget: 2000,
    deadlineInDays: 30,
    history: [{ stage: 'seeking-partners', daysAgo: 9, note: 'Two head teachers have said yes to a trial.' }],
    tags: ['food', 'poverty', 'volunteering'],
    place: 'Harpurhey and Cheetham Hill',
    localAuthorityName: 'Manchester',
    online: false,
    author: 'Jo Pickering',
    team: [{ member: 'Samuel Adebayo', role: 'Volunteer drivers' }],
    organisations: ['The Pantry Partnership'],
    links: [{ label: 'Where our pantries are', url: 'https://pantry-partnership.example.org/pantries' }],
    status: 'published',
  },
  {
    title: 'Telecare that works where the mobile signal does not',
    kind: 'challenge',
    summary: 'Digital telecare alarms rely on mobile signal that large parts of rural Somerset do not have. We need options before the analogue switch-off.',
    body: `About 2,300 people in Somerset use a pendant alarm. As phone lines go digital, many of the replacements fall back on mobile data, and in parts of Exmoor and the Levels there is none.

We want to talk to suppliers, other rural councils and researchers about what actually works: satellite, mesh radio, landline-over-broadband with battery backup, or something else.

Please say what you have tested in real homes, not just in the lab.`,
    terms: 'paid',
    priceMin: 20000,
    priceMax: 60000,
    budget: 60000,
    deadlineInDays: 75,
    history: [
      { stage: 'idea', daysAgo: 80, note: '' },
      { stage: 'shaping', daysAgo: 50, note: 'Mapped the homes with no usable signal.' },
      { stage: 'seeking-partners', daysAgo: 18, note: '' },
    ],
    tags: ['assistive technology', 'adult social care', 'rural communities'],
    place: 'Exmoor and the Somerset Levels',
    localAuthorityName: 'Somerset',
    online: false,
    author: 'Tom Whitfield',
    team: [{ member: 'Helen Castle', role: 'Libraries and community hubs' }],
    organisations: ['Somerset Council'],
    links: [],
    status: 'published',
  },
  {
    title: 'Plain-language ward budgets for young people',
    kind: 'challenge',
    summary: 'Young people on our participatory budgeting panel say the ward budget papers are impossible to read. Help us fix them.',
    body: `Each ward in Glasgow now has a share of the community budget decided by residents. Our youth panel (aged 14 to 21) told us the papers are full of jargon and tables they cannot follow.

We are looking for designers, youth workers or anyone who has made public money understandable to young people. Short workshops with the panel are part of the job.`,
    terms: 'paid',
    priceMin: 2500,
    priceMax: 5000,
    budget: 5000,
    deadlineInDays: 21,
    history: [{ stage: 'seeking-partners', daysAgo: 6, note: '' }],
    tags: ['participatory budgeting', 'youth', 'co-production'],
    place: 'Glasgow',
    localAuthorityName: 'Glasgow City',
    online: false,
    author: 'Owen Campbell',
    team: [{ member: 'Aileen Strachan', role: 'Libraries and learning' }],
    organisations: ['Glasgow City Council'],
    links: [],
    status: 'published',
  },
  {
    title: 'Who else is using community energy income for warm homes?',
    kind: 'challenge',
    summary: 'Our community turbine pays £40,000 a year into a local fund. We want to spend more of it on insulation for the coldest homes.',
    body: `We would like to learn from other councils and energy groups that direct community benefit money to retrofit. In particular: how you found the households, how you dealt with landlords, and what you would not do again.`,
    terms: 'free',
    priceMin: null,
    priceMax: null,
    budget: null,
    deadlineInDays: null,
    history: [{ stage: 'idea', daysAgo: 3, note: '' }],
    tags: ['community energy', 'climate', 'housing'],
    place: 'West Cumbria',
    localAuthorityName: 'Cumberland',
    online: false,
    author: 'Hannah Birkett',
    team: [],
    organisations: ['Cumberland Council'],
    links: [],
    status: 'draft',
  },

  // ---- Ideas ------------------------------------------------------------------------------
  {
    title: 'Evening phone rounds for people who live alone',
    kind: 'idea',
    summary: 'Volunteers ring people who live alone between 6pm and 8pm, when our befriending callers say loneliness bites hardest.',
    body: `Most befriending happens in office hours. The people we support tell us the hardest time is after tea, when the day has gone quiet.

The idea: a small team of trained volunteers who make short calls in the early evening, twice a week, to people who ask for them. Calls from a shared number, with a simple log so nobody is forgotten.

We would need help with the phone system, safeguarding training for evening volunteers, and a way to know whether it makes a difference.`,
    terms: 'free',
    priceMin: null,
    priceMax: null,
    budget: null,
    deadlineInDays: null,
    history: [
      { stage: 'idea', daysAgo: 45, note: '' },
      { stage: 'shaping', daysAgo: 20, note: 'Twelve volunteers have said they could do evenings.' },
    ],
    tags: ['loneliness', 'ageing well', 'volunteering'],
    place: 'Leeds',
    localAuthorityName: 'Leeds',
    online: false,
    author: 'Peggy Holt',
    team: [{ member: 'Shirin Rahimi', role: 'Volunteer coordinator' }],
    organisations: ['Open Doors Befriending'],
    links: [],
    status: 'published',
  },
  {
    title: 'A repair café in every branch library',
    kind: 'idea',
    summary: 'Libraries already lend things. What if they fixed them too, once a month, with local volunteers?',
    body: `Our repair cafés in Norwich fix about 60 items a session, from toasters to school trousers. People love them, but they depend on borrowed church halls.

Libraries are warm, accessible and already trusted. We think a monthly repair session in branch libraries could work across Norfolk, with our volunteers training local ones.

Looking for library services willing to try it, and for funders interested in the circular economy.`,
    terms: 'negotiable',
    priceMin: 300,
    priceMax: 600,
    budget: null,
    deadlineInDays: null,
    history: [
      { stage: 'idea', daysAgo: 30, note: '' },
      { stage: 'seeking-partners', daysAgo: 10, note: '' },
    ],
    tags: ['circular economy', 'libraries', 'volunteering'],
    place: 'Norfolk',
    localAuthorityName: 'Norwich',
    online: false,
    author: 'Leah Goldberg',
    team: [],
    organisations: ["Fixers' Yard"],
    links: [{ label: 'Repair café dates', url: 'https://fixers-yard.example.org/dates' }],
    status: 'published',
  },
  {
    title: 'Bus stop benches chosen by the people who wait there',
    kind: 'idea',
    summary: 'A quick vote at the stop itself, by text or on paper, on which stops get the next benches.',
    body: `I catch the 48 every day and half the stops have nowhere to sit. Older people stand for twenty minutes.

The council has a small budget for street furniture each year. My idea is to put a notice at every stop asking "should this stop have a bench?" and let people vote by text or by a paper slip at the library. The stops with the most votes get benches first.`,
    terms: 'free',
    priceMin: null,
    priceMax: null,
    budget: null,
    deadlineInDays: null,
    history: [{ stage: 'idea', daysAgo: 14, note: '' }],
    tags: ['transport', 'participatory budgeting', 'ageing well'],
    place: 'Easton',
    localAuthorityName: 'Bristol',
    online: false,
    author: 'Ali Hassan',
    team: [],
    organisations: [],
    links: [],
    status: 'published',
  },
  {
    title: 'Young carers’ card recognised by every GP surgery in Swansea',
    kind: 'idea',
    summary: 'A simple card that tells reception staff a child is a carer, so they are not turned away when they collect a prescription.',
    body: `Young carers tell us they are questioned or sent away when they pick up medicines for a parent. A recognised card, agreed with surgeries and pharmacies, would save them that.

We have a design drafted with young carers. We need the health board and GP practices on board, and a way to issue the cards that does not add paperwork for families.`,
    terms: 'free',
    priceMin: null,
    priceMax: null,
    budget: null,
    deadlineInDays: null,
    history: [
      { stage: 'idea', daysAgo: 70, note: '' },
      { stage: 'shaping', daysAgo: 40, note: 'Young carers chose the design.' },
      { stage: 'seeking-partners', daysAgo: 15, note: '' },
    ],
    tags: ['carers', 'children and families', 'co-production'],
    place: 'Swansea',
    localAuthorityName: 'Swansea',
    online: false,
    author: 'Bethan Morgan',
    team: [{ member: 'Rhiannon Pritchard', role: 'Councillor and champion' }],
    organisations: ['Kinship Carers Network Cymru'],
    links: [],
    status: 'published',
  },
  {
    title: 'Open data on which community buildings are actually open',
    kind: 'idea',
    summary: 'A shared, open list of community buildings with their real opening hours, kept up to date by the people who run them.',
    body: `Every council has a list of community centres. Most are wrong. Warm spaces lists, social prescribing directories and our own websites all disagree.

We want to try a simple open dataset that building managers can update themselves by text message, which directories and maps can then use.`,
    terms: 'free',
    priceMin: null,
    priceMax: null,
    budget: null,
    deadlineInDays: null,
    history: [{ stage: 'shaping', daysAgo: 25, note: '' }],
    tags: ['open data', 'community assets', 'civic tech'],
    place: 'Leicester',
    localAuthorityName: 'Leicester',
    online: true,
    author: 'Anjali Desai',
    team: [{ member: 'Kate Nguyen', role: 'Data model' }],
    organisations: ['Ledgerline Data'],
    links: [{ label: 'Draft data standard', url: 'https://ledgerline.example.org/community-buildings' }],
    status: 'published',
  },

  // ---- Existing projects ------------------------------------------------------------------
  {
    title: 'Digital buddies in Belfast libraries',
    kind: 'project',
    summary: 'Volunteers sit with people for an hour a week and help them do what they want to do online. Running for three years.',
    body: `Riverside Digital Champions has run weekly drop-ins in four Belfast libraries since 2022. More than 1,100 people have come at least once; most come for help with one thing (a repeat prescription, a bus pass, a video call with grandchildren) and stay for several weeks.

We now want to help other groups start the same thing. We have a volunteer handbook, a session plan and a short film we are happy to share.`,
    terms: 'free',
    priceMin: null,
    priceMax: null,
    budget: null,
    deadlineInDays: null,
    history: [
      { stage: 'delivering', daysAgo: 900, note: 'First session at the Falls Road library.' },
      { stage: 'replicated', daysAgo: 60, note: 'Derry and Strabane library service started its own.' },
    ],
    tags: ['digital inclusion', 'libraries', 'volunteering'],
    place: 'Belfast',
    localAuthorityName: 'Belfast',
    online: false,
    author: 'Ciarán Doherty',
    team: [{ member: 'Aoife Byrne', role: 'Stories and film' }],
    organisations: ['Riverside Digital Champions'],
    links: [
      { label: 'Volunteer handbook (PDF)', url: 'https://riverside-digital.example.org/handbook.pdf' },
      { label: 'Our film', url: 'https://riverside-digital.example.org/film' },
    ],
    status: 'published',
  },
  {
    title: 'Social prescribing link workers in GP surgeries',
    kind: 'project',
    summary: 'Link workers in twelve practices connect patients with walking groups, debt advice and community activities.',
    body: `Calder Valley's link workers take referrals from GPs, nurses and receptionists. They spend up to an hour with each person and go with them to the first session of whatever they choose.

We are now looking at why some practices refer ten times more than others, and would welcome partners who have studied the same thing.`,
    terms: 'free',
    priceMin: null,
    priceMax: null,
    budget: null,
    deadlineInDays: null,
    history: [
      { stage: 'funded', daysAgo: 400, note: '' },
      { stage: 'delivering', daysAgo: 350, note: '' },
    ],
    tags: ['social prescribing', 'mental health', 'public health'],
    place: 'Halifax and the Calder Valley',
    localAuthorityName: 'Calderdale',
    online: false,
    author: 'Siobhan Kelly',
    team: [],
    organisations: ['Calder Valley Health and Care Partnership'],
    links: [],
    status: 'published',
  },
  {
    title: 'Cargo bike library for small traders',
    kind: 'project',
    summary: 'Market traders and small shops borrow electric cargo bikes by the day instead of running a van into the city centre.',
    body: `Pedal Forward lends six electric cargo bikes from a hub by the market. Traders book online or by phone, and we give a free first ride with a trainer.

Last year the bikes did 4,800 deliveries. We are looking for funding to add adapted trikes for riders with disabilities.`,
    terms: 'paid',
    priceMin: 15,
    priceMax: 25,
    budget: null,
    deadlineInDays: null,
    history: [
      { stage: 'delivering', daysAgo: 500, note: '' },
      { stage: 'seeking-funding', daysAgo: 30, note: 'Want to add four adapted trikes.' },
    ],
    tags: ['active travel', 'local economy', 'accessibility'],
    place: 'Nottingham city centre',
    localAuthorityName: 'Nottingham',
    online: false,
    author: 'Efua Owusu-Ansah',
    team: [],
    organisations: ['Pedal Forward CIC'],
    links: [{ label: 'Book a bike', url: 'https://pedal-forward.example.org/book' }],
    status: 'published',
  },
  {
    title: 'Youth-led mental health podcast',
    kind: 'project',
    summary: 'Young people in Small Heath make a monthly podcast about mental health, in their own words. Twenty episodes so far.',
    body: `Each episode is planned, recorded and edited by young people aged 15 to 22, with a youth worker and a clinical psychologist on hand. Schools use the episodes in PSHE lessons.

The project was paused over the summer while we found new recording space. We are back now and looking for a second school partner.`,
    terms: 'free',
    priceMin: null,
    priceMax: null,
    budget: null,
    deadlineInDays: null,
    history: [
      { stage: 'delivering', daysAgo: 600, note: '' },
      { stage: 'paused', daysAgo: 120, note: 'Lost our recording room.' },
      { stage: 'delivering', daysAgo: 20, note: 'New studio at the community centre.' },
    ],
    tags: ['youth', 'mental health', 'arts and culture'],
    place: 'Small Heath',
    localAuthorityName: 'Birmingham',
    online: true,
    author: 'Zainab Ali',
    team: [{ member: 'Kwame Mensah', role: 'Youth worker' }],
    organisations: ['Bright Futures Youth Collective'],
    links: [{ label: 'Listen to the podcast', url: 'https://bright-futures.example.org/podcast' }],
    status: 'published',
  },
  {
    title: 'Warm welcome spaces at Dundee community centres',
    kind: 'project',
    summary: 'Last winter eleven centres offered a warm seat, soup and company on weekday afternoons. It has now closed for the season.',
    body: `The spaces welcomed around 300 people a week. We have written up what we learned about staffing, food hygiene and telling people the spaces exist without making anyone feel judged.`,
    terms: 'free',
    priceMin: null,
    priceMax: null,
    budget: null,
    deadlineInDays: null,
    history: [
      { stage: 'delivering', daysAgo: 300, note: '' },
      { stage: 'delivered', daysAgo: 150, note: 'End of season. Write-up published.' },
      { stage: 'closed', daysAgo: 140, note: 'Will reopen as a new pitch next winter.' },
    ],
    tags: ['loneliness', 'food', 'public health'],
    place: 'Dundee',
    localAuthorityName: 'Dundee City',
    online: false,
    author: 'Ewan Fraser',
    team: [{ member: 'Alan McBride', role: 'Reporter' }],
    organisations: ['Tayside Community Health Partnership'],
    links: [{ label: 'What we learned', url: 'https://tayside-health.example.org/warm-spaces' }],
    status: 'published',
  },

  // ---- Products ---------------------------------------------------------------------------
  {
    title: 'A talking reminder clock for people living with dementia',
    kind: 'product',
    summary: 'A large-display clock that speaks reminders recorded by family members in their own voice.',
    body: `Families record reminders ("Mum, your carer comes at ten") on a phone; the clock plays them at the right time and shows the day in large letters. No screen to learn, no subscription.

It has been used in 140 homes in Scotland. We are looking for councils and care providers to trial it in England and Wales, and we can offer trial units at cost.`,
    terms: 'paid',
    priceMin: 89,
    priceMax: 129,
    budget: null,
    deadlineInDays: null,
    history: [
      { stage: 'delivering', daysAgo: 200, note: '' },
      { stage: 'seeking-partners', daysAgo: 25, note: 'Looking for trial partners outside Scotland.' },
    ],
    tags: ['assistive technology', 'carers', 'ageing well'],
    place: 'Edinburgh',
    localAuthorityName: 'City of Edinburgh',
    online: true,
    author: 'Fiona Drummond',
    team: [],
    organisations: ['Tellus Assistive Tech'],
    links: [{ label: 'Product leaflet', url: 'https://tellus.example.org/clock' }],
    status: 'published',
  },
  {
    title: 'Open-source volunteer rota for small groups',
    kind: 'product',
    summary: 'A simple, free rota tool for groups of 5 to 200 volunteers. Works by text message for people without smartphones.',
    body: `Volunteers get a text the day before their shift and can reply SWAP to offer it to someone else. Coordinators see gaps at a glance. The code is open and groups can run it themselves or use our hosted version.`,
    terms: 'free',
    priceMin: null,
    priceMax: null,
    budget: null,
    deadlineInDays: null,
    history: [
      { stage: 'delivering', daysAgo: 250, note: '' },
      { stage: 'replicated', daysAgo: 45, note: 'Now used by 38 groups.' },
    ],
    tags: ['volunteering', 'civic tech', 'digital inclusion'],
    place: 'Newcastle upon Tyne',
    localAuthorityName: 'Newcastle upon Tyne',
    online: true,
    author: 'Rory Dunleavy',
    team: [{ member: 'Mei Lin Chow', role: 'Accessibility' }],
    organisations: ['Kindly Code Co-operative'],
    links: [{ label: 'Source code', url: 'https://kindly-code.example.org/rota' }],
    status: 'published',
  },
  {
    title: 'Procurement data checker for social value clauses',
    kind: 'product',
    summary: 'Upload your contracts register and see which contracts promised social value and whether anyone reported on it.',
    body: `We built this for two councils in Greater Manchester and are now making it available to others. It reads standard contracts registers and flags contracts with social value commitments that have no monitoring data.`,
    terms: 'paid',
    priceMin: 1500,
    priceMax: 4000,
    budget: null,
    deadlineInDays: null,
    history: [{ stage: 'shaping', daysAgo: 15, note: '' }],
    tags: ['procurement', 'social value', 'open data'],
    place: 'Salford',
    localAuthorityName: 'Salford',
    online: true,
    author: 'Seun Balogun',
    team: [],
    organisations: ['Ledgerline Data'],
    links: [],
    status: 'draft',
  },

  // ---- Services ---------------------------------------------------------------------------
  {
    title: 'Free evaluation support for small charities',
    kind: 'service',
    summary: 'Our researchers help small charities plan a simple evaluation and make sense of what they find. No charge for groups under £250,000 a year.',
    body: `Each charity gets up to five days of a researcher's time over three months: help choosing what to measure, designing a short survey or interview guide, and a plain-English write-up.

We take eight charities a term, from anywhere in Yorkshire. Tell us what you do and what you would like to know.`,
    terms: 'free',
    priceMin: null,
    priceMax: null,
    budget: null,
    deadlineInDays: null,
    history: [{ stage: 'delivering', daysAgo: 700, note: '' }],
    tags: ['evaluation', 'education', 'health inequalities'],
    place: 'Bradford',
    localAuthorityName: 'Bradford',
    online: false,
    author: 'Naomi Clarke',
    team: [
      { member: 'Hamid Jafari', role: 'Researcher' },
      { member: 'Kofi Boateng', role: 'Stories from projects' },
    ],
    organisations: ['Pennine Metropolitan University'],
    links: [{ label: 'How to apply', url: 'https://penninemet.example.org/evaluation-support' }],
    status: 'published',
  },
  {
    title: 'Accessible service design for housing teams',
    kind: 'service',
    summary: 'We redesign housing forms and letters with the people who use them, so they work for screen reader users and people with low literacy.',
    body: `Recent work includes a repairs reporting service for a housing association and homelessness letters for a London borough. Every project includes testing with disabled residents, who are paid for their time.`,
    terms: 'paid',
    priceMin: 8000,
    priceMax: 25000,
    budget: null,
    deadlineInDays: null,
    history: [{ stage: 'delivering', daysAgo: 365, note: '' }],
    tags: ['service design', 'accessibility', 'housing'],
    place: 'Brighton',
    localAuthorityName: 'Brighton and Hove',
    online: true,
    author: 'Matt Hargreaves',
    team: [{ member: 'Inês Carvalho', role: 'Lead designer' }],
    organisations: ['Cobweb Digital'],
    links: [{ label: 'Case studies', url: 'https://cobweb.example.org/work' }],
    status: 'published',
  },
  {
    title: 'Facilitating co-production panels with residents',
    kind: 'service',
    summary: 'I design and run panels where residents and officers shape a service together, from first meeting to final report.',
    body: `I have run panels on mental health crisis support, parks and library opening hours. I make sure people are paid, that meetings are at times and places that suit them, and that the panel hears what happened to its ideas.`,
    terms: 'negotiable',
    priceMin: 400,
    priceMax: 650,
    budget: null,
    deadlineInDays: null,
    history: [{ stage: 'delivering', daysAgo: 180, note: '' }],
    tags: ['co-production', 'mental health', 'service design'],
    place: 'Sheffield',
    localAuthorityName: 'Sheffield',
    online: false,
    author: 'Rosa Martínez',
    team: [],
    organisations: [],
    links: [],
    status: 'published',
  },
  {
    title: 'Sewing skills courses that lead to paid work',
    kind: 'service',
    summary: 'Twelve-week courses in industrial sewing for women returning to work, with a guaranteed interview at our workshop.',
    body: `Thread and Needle Works makes uniforms and bags for public sector buyers. Our course teaches industrial machines, quality checks and workplace English. Councils can buy places for residents or include the course in social value commitments.`,
    terms: 'paid',
    priceMin: 950,
    priceMax: 950,
    budget: null,
    deadlineInDays: null,
    history: [
      { stage: 'delivering', daysAgo: 420, note: '' },
      { stage: 'seeking-funding', daysAgo: 40, note: 'Looking for funding for a second cohort each year.' },
    ],
    tags: ['employment and skills', 'social value', 'local economy'],
    place: 'Whitechapel',
    localAuthorityName: 'Tower Hamlets',
    online: false,
    author: 'Tariq Mahmood',
    team: [],
    organisations: ['Thread and Needle Works'],
    links: [],
    status: 'published',
  },

  // ---- Offers -----------------------------------------------------------------------------
  {
    title: 'Small grants for community food projects in Yorkshire',
    kind: 'offer',
    summary: 'Grants of £500 to £5,000 for groups growing, cooking or sharing food. Short application, decision within six weeks.',
    body: `The Millstone Foundation funds food projects that bring people together: community kitchens, growing spaces, lunch clubs. We especially welcome groups that have never had a grant before and will help you with the form.`,
    terms: 'free',
    priceMin: null,
    priceMax: null,
    budget: null,
    deadlineInDays: null,
    history: [{ stage: 'funded', daysAgo: 90, note: 'This year’s fund is open.' }],
    tags: ['food', 'community assets', 'loneliness'],
    place: 'Yorkshire',
    localAuthorityName: 'York',
    online: false,
    author: 'Ruth Feldman',
    team: [],
    organisations: ['The Millstone Foundation'],
    links: [{ label: 'Apply for a grant', url: 'https://millstone.example.org/food-grants' }],
    status: 'published',
  },
  {
    title: 'Co-production fund: match funding for resident-led projects',
    kind: 'offer',
    summary: 'We match what a council puts into a resident-led project, up to £20,000, when residents have a real say in how it is spent.',
    body: `The fund is open to councils and community groups applying together. We ask for a short plan showing how residents will decide, and a light report at the end. We also offer support from our evaluation partners.`,
    terms: 'free',
    priceMin: null,
    priceMax: null,
    budget: null,
    deadlineInDays: null,
    history: [
      { stage: 'funded', daysAgo: 120, note: '' },
      { stage: 'seeking-partners', daysAgo: 30, note: 'Second round open to new councils.' },
    ],
    tags: ['co-production', 'participatory budgeting', 'evaluation'],
    place: '',
    localAuthorityName: null,
    online: true,
    author: 'Arjun Mehta',
    team: [{ member: 'Yasmin Haddad', role: 'Grants manager' }],
    organisations: ['Community Futures Fund'],
    links: [{ label: 'Fund guidance', url: 'https://community-futures.example.org/co-production' }],
    status: 'published',
  },
  {
    title: 'Community energy training for volunteers and councillors',
    kind: 'offer',
    summary: 'A free one-day course on how community energy schemes work, from roofs to share offers. We come to you.',
    body: `We have run the course for parish councils, tenants' associations and sixth forms. It covers the basics of solar and wind, how a community share offer works, and what a council can do to help.`,
    terms: 'free',
    priceMin: null,
    priceMax: null,
    budget: null,
    deadlineInDays: null,
    history: [{ stage: 'delivering', daysAgo: 75, note: '' }],
    tags: ['community energy', 'education', 'climate'],
    place: 'South Yorkshire',
    localAuthorityName: 'Sheffield',
    online: false,
    author: 'Jamie Cartwright',
    team: [],
    organisations: ['Northern Sun Community Energy'],
    links: [],
    status: 'published',
  },
  {
    title: 'Allotment plot and tools to share with a school',
    kind: 'offer',
    summary: 'I have half an allotment I cannot keep up with, and a shed of tools. A school or youth group is welcome to it.',
    body: `The plot is at the Brookside allotments, five minutes from two primary schools. There is water on site and a shed. I would be glad to show children what I know about growing potatoes and beans.`,
    terms: 'free',
    priceMin: null,
    priceMax: null,
    budget: null,
    deadlineInDays: null,
    history: [{ stage: 'idea', daysAgo: 5, note: '' }],
    tags: ['green spaces', 'youth', 'food'],
    place: 'Littleborough',
    localAuthorityName: 'Rochdale',
    online: false,
    author: 'Bill Ashworth',
    team: [],
    organisations: [],
    links: [],
    status: 'published',
  },

  // ---- Wants ------------------------------------------------------------------------------
  {
    title: 'A minibus driver for Saturday trips',
    kind: 'want',
    summary: 'Our lunch club has a minibus but nobody to drive it on Saturdays. A volunteer with a D1 licence would change everything.',
    body: `We take a dozen older people to the coast or a garden centre once a month. The minibus belongs to the community centre and is insured for volunteer drivers. We pay expenses and lunch.`,
    terms: 'free',
    priceMin: null,
    priceMax: null,
    budget: null,
    deadlineInDays: null,
    history: [{ stage: 'seeking-partners', daysAgo: 11, note: '' }],
    tags: ['transport', 'loneliness', 'volunteering'],
    place: 'Batley',
    localAuthorityName: 'Kirklees',
    online: false,
    author: 'Doreen Pearce',
    team: [],
    organisations: [],
    links: [],
    status: 'published',
  },
  {
    title: 'Somewhere to run a youth drama group on weeknights',
    kind: 'want',
    summary: 'A hall or large room in Merthyr for two evenings a week, for 15 to 20 young people. We can pay a modest rent.',
    body: `We lost our space when the chapel was sold. We need somewhere with a toilet and a bit of room to move, from 6pm to 8.30pm on Tuesdays and Thursdays.`,
    terms: 'negotiable',
    priceMin: 20,
    priceMax: 40,
    budget: null,
    deadlineInDays: null,
    history: [{ stage: 'seeking-partners', daysAgo: 8, note: '' }],
    tags: ['youth', 'arts and culture', 'community assets'],
    place: 'Merthyr Tydfil',
    localAuthorityName: 'Merthyr Tydfil',
    online: false,
    author: 'Megan Jones',
    team: [],
    organisations: [],
    links: [],
    status: 'published',
  },
  {
    title: 'Advice on setting up a community bus in the Highlands',
    kind: 'want',
    summary: 'The last bus from Lairg is at 4pm. A few of us want to start a community bus and need advice from people who have done it.',
    body: `We have a list of thirty people who would use it, mostly to get to appointments in Golspie and Inverness. We need to understand licences, insurance, and how other rural groups have paid for it.`,
    terms: 'free',
    priceMin: null,
    priceMax: null,
    budget: null,
    deadlineInDays: null,
    history: [{ stage: 'idea', daysAgo: 22, note: '' }],
    tags: ['transport', 'rural communities', 'volunteering'],
    place: 'Lairg',
    localAuthorityName: 'Highland',
    online: false,
    author: 'Jean Thomson',
    team: [],
    organisations: [],
    links: [],
    status: 'published',
  },
];

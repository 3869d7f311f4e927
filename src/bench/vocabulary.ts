// Words and phrases for benchmark hubs: what councils, community groups, social entrepreneurs and
// residents write about. Plain data; src/bench/text.ts puts it together into sentences. Everything
// is invented: real place names come from uk-local-authorities.ts, people and projects do not exist.

export const firstNames = [
  'Aaliyah', 'Aaron', 'Abdul', 'Abigail', 'Adam', 'Adebayo', 'Aditi', 'Aidan', 'Aisha', 'Alan', 'Alex', 'Alice', 'Alison', 'Amara',
  'Amelia', 'Amir', 'Amy', 'Andrew', 'Angela', 'Anil', 'Anna', 'Anthony', 'Arjun', 'Aryan', 'Ayesha', 'Barbara', 'Beatrice', 'Ben',
  'Bethan', 'Bilal', 'Bronwen', 'Callum', 'Caoimhe', 'Carl', 'Caroline', 'Catherine', 'Cerys', 'Charlotte', 'Chidi', 'Chloe', 'Chris',
  'Ciaran', 'Claire', 'Connor', 'Craig', 'Daisy', 'Daniel', 'Darren', 'David', 'Deborah', 'Declan', 'Deepak', 'Dylan', 'Eilidh',
  'Eleanor', 'Elif', 'Ella', 'Emeka', 'Emily', 'Emma', 'Eoin', 'Erin', 'Ethan', 'Eve', 'Faisal', 'Fatima', 'Fergus', 'Fiona',
  'Florence', 'Fraser', 'Freya', 'Gareth', 'Gemma', 'George', 'Georgia', 'Gethin', 'Grace', 'Graham', 'Gurpreet', 'Hamza', 'Hannah',
  'Harjit', 'Harriet', 'Harry', 'Hassan', 'Heather', 'Helen', 'Hollie', 'Huw', 'Ibrahim', 'Ifeoma', 'Imran', 'Isaac', 'Isla', 'Ivan',
  'Jack', 'Jade', 'Jagdeep', 'James', 'Jamie', 'Jane', 'Jasmine', 'Jason', 'Jennifer', 'Jessica', 'Joanna', 'John', 'Jonathan',
  'Joseph', 'Joshua', 'Julia', 'Kamal', 'Karen', 'Kate', 'Katie', 'Kayleigh', 'Keith', 'Kelly', 'Kerry', 'Kieran', 'Kirsty', 'Kofi',
  'Laura', 'Lauren', 'Leah', 'Lee', 'Leon', 'Liam', 'Lily', 'Lisa', 'Louise', 'Lucy', 'Luke', 'Lwazi', 'Maddie', 'Mairead', 'Malik',
  'Manpreet', 'Marcus', 'Maria', 'Mark', 'Martin', 'Mary', 'Matthew', 'Megan', 'Mei', 'Michael', 'Michelle', 'Mohammed', 'Molly',
  'Muhammad', 'Nadia', 'Naomi', 'Natalie', 'Nathan', 'Neil', 'Niamh', 'Nicola', 'Nikhil', 'Nisha', 'Noah', 'Oliver', 'Olivia',
  'Oluwaseun', 'Omar', 'Oscar', 'Owain', 'Paul', 'Peter', 'Philippa', 'Piotr', 'Poppy', 'Priya', 'Rachel', 'Rahul', 'Rebecca',
  'Rhiannon', 'Rhys', 'Richard', 'Riya', 'Robert', 'Rosie', 'Ruby', 'Ruth', 'Ryan', 'Saanvi', 'Sadia', 'Sally', 'Samantha', 'Samuel',
  'Sanjay', 'Sarah', 'Scott', 'Sean', 'Seren', 'Shabnam', 'Sian', 'Simon', 'Siobhan', 'Sophie', 'Stephen', 'Steven', 'Stuart',
  'Sunita', 'Susan', 'Tariq', 'Thomas', 'Tom', 'Tomasz', 'Tracey', 'Vikram', 'Wei', 'William', 'Yasmin', 'Yusuf', 'Zainab', 'Zara',
  'Zoe',
] as const;

export const surnames = [
  'Abbott', 'Adams', 'Adeyemi', 'Ahmed', 'Ali', 'Allen', 'Anderson', 'Armstrong', 'Atkinson', 'Bailey', 'Baker', 'Banerjee', 'Barker',
  'Barnes', 'Bell', 'Bennett', 'Bevan', 'Bhatt', 'Bibi', 'Black', 'Bradley', 'Brennan', 'Brown', 'Burns', 'Butler', 'Byrne',
  'Campbell', 'Carter', 'Chan', 'Chapman', 'Chaudhry', 'Chen', 'Clarke', 'Cole', 'Collins', 'Cooper', 'Cox', 'Cunningham', 'Davies',
  'Dawson', 'Desai', 'Dixon', 'Doherty', 'Douglas', 'Duncan', 'Edwards', 'Ellis', 'Evans', 'Farah', 'Ferguson', 'Fisher', 'Fleming',
  'Fletcher', 'Ford', 'Foster', 'Fraser', 'Gallagher', 'Gibson', 'Gill', 'Gordon', 'Graham', 'Grant', 'Gray', 'Green', 'Griffiths',
  'Gupta', 'Hall', 'Hamilton', 'Harris', 'Harrison', 'Hart', 'Hayes', 'Henderson', 'Hill', 'Hughes', 'Hunt', 'Hussain', 'Iqbal',
  'Jackson', 'James', 'Jenkins', 'Johnson', 'Johnston', 'Jones', 'Kaur', 'Kelly', 'Kennedy', 'Khan', 'King', 'Knight', 'Kowalski',
  'Kumar', 'Lawrence', 'Lee', 'Lewis', 'Lloyd', 'Lynch', 'MacDonald', 'MacLeod', 'Mahmood', 'Malik', 'Marshall', 'Martin', 'Mason',
  'Matthews', 'McCarthy', 'McDonald', 'McGregor', 'McKenzie', 'Mensah', 'Miller', 'Mills', 'Mistry', 'Mitchell', 'Moore', 'Morgan',
  'Morris', 'Murphy', 'Murray', 'Nowak', 'Nwosu', "O'Brien", "O'Connor", "O'Neill", 'Okafor', 'Owen', 'Palmer', 'Parker', 'Patel',
  'Pearson', 'Phillips', 'Powell', 'Price', 'Pritchard', 'Quinn', 'Rahman', 'Reid', 'Reynolds', 'Richards', 'Roberts', 'Robertson',
  'Robinson', 'Rogers', 'Rose', 'Ross', 'Russell', 'Scott', 'Shah', 'Sharma', 'Shaw', 'Simpson', 'Singh', 'Smith', 'Stewart',
  'Stevens', 'Sutherland', 'Taylor', 'Thomas', 'Thompson', 'Turner', 'Walker', 'Wallace', 'Walsh', 'Ward', 'Watson', 'Webb', 'White',
  'Williams', 'Wilson', 'Wong', 'Wood', 'Wright', 'Yilmaz', 'Young', 'Zhang',
] as const;

/**
 * Tags in the order of how often they are used: the first is the commonest (Zipf). Lower case,
 * as the hub stores them.
 */
export const tagsByFrequency = [
  'digital inclusion', 'housing', 'climate', 'health inequalities', 'co-production', 'volunteering', 'community energy', 'transport',
  'mental health', 'open data', 'adult social care', 'children and families', 'loneliness', 'homelessness', 'net zero', 'food',
  'service design', 'social prescribing', 'youth', 'evaluation', 'active travel', 'libraries', 'procurement', 'cost of living',
  'participatory budgeting', 'green spaces', 'employment and skills', 'high streets', 'local economy', 'community assets',
  'social value', 'public health', 'retrofit', 'ageing well', 'carers', 'rural communities', 'circular economy', 'data ethics',
  'civic tech', 'accessibility', 'assistive technology', 'education', 'arts and culture', 'poverty', 'community wealth building',
  'user research', 'flooding', 'warm spaces', 'family hubs', 'recycling', 'air quality', 'school streets', 'buses', 'cycling',
  'domestic abuse', 'community safety', 'refugees', 'dementia', 'telecare', 'data sharing', 'cyber security', 'cloud',
  'artificial intelligence', 'chatbots', 'broadband', 'smart places', 'iot sensors', 'digital twins', 'gis', 'food waste',
  'fly-tipping', 'repair cafes', 'markets', 'apprenticeships', 'town centres', 'regeneration', 'planning', 'neighbourhood planning',
  'parks', 'allotments', 'tree planting', 'biodiversity', 'licensing', 'trading standards', 'council tax', 'debt advice',
  'welfare benefits', 'antisocial behaviour', 'equalities', 'welsh language', 'gaelic', 'parish councils', 'devolution',
  'combined authorities', 'shared services', 'workforce', 'recruitment', 'wellbeing', 'leadership', 'consultation',
  "citizens' panels", 'open source', 'hospital discharge', 'reablement', 'young carers', 'care leavers', 'youth work', 'play',
  'sport', 'leisure centres', 'swimming pools', 'museums', 'heritage', 'tourism', 'festivals', 'cemeteries', 'highways', 'potholes',
  'street lighting', 'winter gritting', 'electric vehicles', 'car clubs', 'rural transport', 'community transport', 'send',
  'foster care', 'early help', 'school readiness', 'holiday activities', 'fuel poverty', 'heat pumps', 'solar', 'emergency planning',
  'resilience', 'migration', 'translation', 'community cohesion', 'faith groups', 'sports clubs', 'mutual aid', 'time banking',
  'credit unions', 'community shops', 'pubs', 'village halls', 'dark skies', 'coastal communities', 'island communities', 'tenants',
  'damp and mould', 'empty homes', 'supported housing', 'temporary accommodation', 'community land trusts', 'self-build',
] as const;

export interface Theme {
  key: string;
  tags: readonly string[];
  /** Things people work on (noun phrases, lower case). */
  things: readonly string[];
  /** What people do about them ("piloting", "mapping", …), as -ing verbs. */
  doing: readonly string[];
  /** Who benefits. */
  people: readonly string[];
  /** What good looks like, finishing "so that they can …". */
  outcomes: readonly string[];
  /** What gets in the way. */
  barriers: readonly string[];
  /** Facts found along the way. */
  findings: readonly string[];
}

export const themes: readonly Theme[] = [
  {
    key: 'housing',
    tags: ['housing', 'homelessness', 'retrofit', 'damp and mould', 'empty homes', 'tenants', 'supported housing', 'temporary accommodation', 'community land trusts', 'self-build'],
    things: ['empty homes', 'damp and mould reports', 'temporary accommodation', 'tenancy sustainment', 'the housing register', 'private rented sector inspections', 'homelessness prevention', 'supported housing', 'a community land trust', 'modular homes', 'rent arrears support', 'licensing of houses in multiple occupation', 'retrofit of council homes', 'tenant panels', 'disabled facilities grants'],
    doing: ['piloting', 'mapping', 'redesigning', 'speeding up', 'bringing back into use', 'co-designing', 'inspecting', 'funding', 'scaling up', 'reviewing'],
    people: ['tenants', 'private renters', 'families in temporary accommodation', 'rough sleepers', 'older homeowners', 'care leavers', 'young people leaving home', 'landlords'],
    outcomes: ['stay in their homes for longer', 'move on from temporary accommodation sooner', 'report repairs without waiting on the phone', 'keep their homes warm and dry', 'avoid eviction'],
    barriers: ['a shortage of contractors', 'landlords who will not engage', 'waiting lists that keep growing', 'case notes spread across three systems', 'rising rents'],
    findings: ['most damp reports come from the same few estates', 'tenants trust a neighbour more than a letter', 'early calls about arrears halve evictions', 'empty homes cluster above shops on the high street'],
  },
  {
    key: 'climate',
    tags: ['climate', 'net zero', 'community energy', 'retrofit', 'heat pumps', 'solar', 'flooding', 'tree planting', 'biodiversity', 'fuel poverty', 'air quality'],
    things: ['a net zero plan', 'heat pumps', 'solar panels on school roofs', 'tree planting along streets', 'flood resilience', 'community energy schemes', 'carbon literacy training', 'electric vehicle charging points', 'a climate assembly', 'biodiversity net gain', 'wildflower verges', 'home energy advice', 'district heating', 'peatland restoration'],
    doing: ['installing', 'financing', 'measuring', 'mapping', 'planting', 'piloting', 'retrofitting', 'crowdfunding', 'monitoring', 'training staff in'],
    people: ['households in fuel poverty', 'schools', 'small businesses', 'farmers', 'residents on flood-prone streets', 'community groups', 'council staff'],
    outcomes: ['cut their energy bills', 'get ready for the next flood', 'see where the carbon savings come from', 'share in the income from local energy', 'enjoy cleaner air on the way to school'],
    barriers: ['grid connection delays', 'the upfront cost of heat pumps', 'a lack of trusted installers', 'funding that has to be spent by March', 'planning rules for listed buildings'],
    findings: ['street trees cut summer temperatures by several degrees', 'a trusted local adviser doubles take-up of energy grants', 'school roofs are the quickest win for solar', 'most emissions come from a few council buildings'],
  },
  {
    key: 'transport',
    tags: ['transport', 'active travel', 'buses', 'cycling', 'school streets', 'rural transport', 'community transport', 'electric vehicles', 'car clubs', 'highways', 'potholes'],
    things: ['bus services', 'school streets', 'cycle lanes', 'demand-responsive transport', 'community minibuses', 'e-bike loans', 'rural bus routes', 'parking policy', 'low traffic neighbourhoods', 'concessionary fares', 'pothole reporting', 'car clubs', 'safe routes to school'],
    doing: ['trialling', 'extending', 'redesigning', 'consulting on', 'counting journeys on', 'subsidising', 'promoting', 'timetabling'],
    people: ['pupils and parents', 'older residents without a car', 'shift workers', 'disabled passengers', 'commuters', 'villages without a bus', 'apprentices'],
    outcomes: ['reach work by bus', 'walk or cycle to school safely', 'get to hospital appointments on time', 'leave the car at home', 'travel without booking days ahead'],
    barriers: ['driver shortages', 'objections from a vocal few', 'short-term bus funding', 'narrow rural roads', 'patchy passenger data'],
    findings: ['demand-responsive buses fill up fastest on market days', 'school streets cut traffic outside the gate by half', 'most potholes are reported by the same few people', 'e-bike loans turn into e-bike purchases'],
  },
  {
    key: 'health',
    tags: ['public health', 'health inequalities', 'mental health', 'social prescribing', 'loneliness', 'dementia', 'ageing well', 'hospital discharge', 'reablement', 'wellbeing'],
    things: ['social prescribing', 'mental health support', 'falls prevention', 'smoking cessation', 'healthy weight services', 'hospital discharge', 'reablement', 'dementia-friendly spaces', 'community health checks', 'peer support groups', 'walking groups', 'suicide prevention', 'health visiting'],
    doing: ['linking up', 'commissioning', 'evaluating', 'piloting', 'bringing into libraries', 'moving online', 'joining up', 'training volunteers for'],
    people: ['older residents living alone', 'people with long-term conditions', 'unpaid carers', 'new parents', 'men over fifty', 'people leaving hospital', 'young people waiting for support'],
    outcomes: ['find support sooner', 'get home from hospital without delay', 'stay active and independent', 'feel less alone', 'see a health worker close to home'],
    barriers: ['GP referral routes that nobody owns', 'information governance between the NHS and the council', 'stretched community services', 'stigma', 'waiting lists'],
    findings: ['a phone call two days after discharge prevents many readmissions', 'walking groups keep going when volunteers lead them', 'most referrals come from a handful of surgeries', 'loneliness peaks in the first winter after bereavement'],
  },
  {
    key: 'digital',
    tags: ['digital inclusion', 'open data', 'data sharing', 'cyber security', 'cloud', 'artificial intelligence', 'chatbots', 'user research', 'service design', 'broadband', 'assistive technology', 'civic tech', 'open source', 'gis', 'digital twins', 'iot sensors', 'data ethics', 'accessibility'],
    things: ['digital inclusion', 'open data', 'a data sharing agreement', 'cyber security training', 'a chatbot for council tax questions', 'online forms', 'legacy case management systems', 'cloud migration', 'digital skills sessions', 'device lending', 'rural broadband', 'assistive technology', 'user research', 'an open source booking system', 'sensors in social housing', 'a single view of the resident', 'accessible websites'],
    doing: ['building', 'replacing', 'testing with residents', 'open sourcing', 'procuring', 'automating', 'migrating', 'designing', 'securing', 'sharing code for'],
    people: ['residents who are not online', 'council contact centre staff', 'small charities', 'developers', 'older people', 'people who use screen readers', 'social workers'],
    outcomes: ['get online with confidence', 'report problems in a few minutes', 'find services without phoning', 'spend less time retyping data', 'use services in their own language'],
    barriers: ['contracts that lock the data in', 'old systems with no interfaces', 'a lack of user researchers', 'data protection worries', 'patchy mobile signal'],
    findings: ['most calls to the contact centre are about the status of a request', 'device loans work best with a named digital buddy', 'half of the forms are never finished on a phone', 'open data is used most by the council itself'],
  },
  {
    key: 'communities',
    tags: ['volunteering', 'community assets', 'participatory budgeting', 'co-production', 'libraries', 'village halls', 'mutual aid', 'time banking', 'community wealth building', 'faith groups', 'community cohesion', 'warm spaces'],
    things: ['community hubs', 'volunteer recruitment', 'participatory budgeting', 'community asset transfer', 'youth clubs', 'food banks', 'warm spaces', 'library outreach', 'village hall bookings', 'mutual aid groups', 'neighbourhood plans', 'time banks', 'small grants', 'community cafés'],
    doing: ['supporting', 'handing over', 'reopening', 'funding', 'co-producing', 'running', 'growing', 'celebrating', 'networking'],
    people: ['volunteers', 'residents', 'community groups', 'parish councils', 'faith groups', 'young people', 'new arrivals'],
    outcomes: ['decide how local money is spent', 'run the building themselves', 'meet neighbours they did not know', 'keep the library open longer', 'volunteer without long forms'],
    barriers: ['insurance and liability questions', 'volunteer burnout', 'one-year grants', 'buildings that need repairs nobody can pay for', 'a lack of meeting space'],
    findings: ['participatory budgeting brought out people who never come to consultations', 'most volunteers join through a friend', 'community-run libraries open for more hours', 'warm spaces became friendship spaces'],
  },
  {
    key: 'economy',
    tags: ['local economy', 'high streets', 'procurement', 'social value', 'employment and skills', 'apprenticeships', 'town centres', 'regeneration', 'markets', 'community wealth building', 'tourism'],
    things: ['high street footfall', 'social value in procurement', 'local suppliers', 'apprenticeships', 'employment support', 'business rates relief', 'the Saturday market', 'town centre regeneration', 'meanwhile use of empty shops', 'a community shop', 'skills bootcamps'],
    doing: ['reviving', 'measuring', 'opening up', 'simplifying', 'mentoring', 'buying from', 'promoting', 'matching'],
    people: ['small businesses', 'market traders', 'young people not in work', 'social enterprises', 'older jobseekers', 'local suppliers'],
    outcomes: ['win council contracts', 'find steady work nearby', 'keep their shops open', 'keep more money in the local economy', 'start a business with less risk'],
    barriers: ['procurement rules that favour large firms', 'high rents', 'online shopping', 'patchy data on footfall', 'the cost of insurance'],
    findings: ['small lots bring many more local bids', 'meanwhile uses lead to long leases', 'footfall follows events, not discounts', 'social value is rarely checked after the contract is signed'],
  },
  {
    key: 'care',
    tags: ['adult social care', 'children and families', 'carers', 'young carers', 'care leavers', 'send', 'foster care', 'early help', 'family hubs', 'telecare'],
    things: ['adult social care', "children's services", 'foster carer recruitment', 'SEND transport', 'early help', 'family hubs', 'direct payments', 'telecare', 'carers breaks', 'care home quality', 'home care rounds', 'transitions to adulthood'],
    doing: ['redesigning', 'recruiting for', 'personalising', 'planning', 'reviewing', 'bringing in-house', 'strengthening', 'joining up'],
    people: ['unpaid carers', 'families', 'foster carers', 'care leavers', 'children with special educational needs', 'home care workers', 'people using direct payments'],
    outcomes: ['tell their story once', 'take a break without worry', 'choose the support that suits them', 'move into adulthood with a plan', 'get help before a crisis'],
    barriers: ['recruitment and retention of care staff', 'rising demand', 'rigid eligibility rules', 'paperwork', 'fragmented records'],
    findings: ['families want one named worker', 'home care rounds planned by postcode save hours a week', 'foster carers stay when they feel part of a team', 'carers rarely know they are carers'],
  },
  {
    key: 'environment',
    tags: ['recycling', 'food waste', 'fly-tipping', 'repair cafes', 'circular economy', 'parks', 'allotments', 'green spaces', 'air quality'],
    things: ['recycling rates', 'fly-tipping hotspots', 'food waste collections', 'repair cafés', 'reuse shops', 'street cleansing', 'park friends groups', 'allotment waiting lists', 'litter picks', 'garden waste subscriptions'],
    doing: ['reducing', 'tracking', 'launching', 'rerouting', 'enforcing against', 'supporting', 'rolling out'],
    people: ['residents in flats', 'students', 'park volunteers', 'crews', 'allotment holders', 'schools'],
    outcomes: ['recycle more with less confusion', 'report fly-tipping with a photo', 'repair instead of replace', 'enjoy cleaner parks', 'get an allotment within a year'],
    barriers: ['bin stores that do not fit', 'changing rules between councils', 'enforcement costs', 'a lack of depots', 'contamination'],
    findings: ['clear stickers on bins cut contamination', 'fly-tipping falls where cameras are visible', 'repair cafés fill up with people who want to learn', 'most complaints come in on Mondays'],
  },
  {
    key: 'democracy',
    tags: ['consultation', "citizens' panels", 'devolution', 'combined authorities', 'parish councils', 'equalities', 'leadership', 'workforce', 'shared services', 'emergency planning', 'resilience'],
    things: ['budget consultation', "a citizens' panel", 'councillor casework', 'freedom of information requests', 'shared services', 'devolution deals', 'a workforce strategy', 'equality impact assessments', 'emergency planning', 'local elections', 'scrutiny committees'],
    doing: ['opening up', 'streamlining', 'publishing', 'sharing', 'rethinking', 'explaining', 'recording'],
    people: ['councillors', 'residents who never respond to consultations', 'officers', 'parish clerks', 'young voters', 'community leaders'],
    outcomes: ['have a real say', 'see what the council decided and why', 'get answers without a formal request', 'trust the numbers', 'take part from home'],
    barriers: ['consultation fatigue', 'jargon', 'tight statutory deadlines', 'low turnout', 'siloed teams'],
    findings: ['short questions get ten times more answers', 'most information requests ask for data that could be published', 'panels work when members see the result', 'young people answer on their phones or not at all'],
  },
];

export const partners = [
  'the local NHS trust', 'two housing associations', 'the council for voluntary service', 'parish councils', 'the fire and rescue service',
  'a local university', 'community groups', 'neighbouring councils', 'the police', 'local schools', 'a social enterprise', 'the combined authority',
  'the integrated care board', 'libraries', 'faith groups', 'a community foundation', 'local businesses', 'the jobcentre', 'a tech start-up',
  'the Local Government Association', 'a national charity', 'residents\u2019 associations',
];

export const documents = [
  'evaluation report', 'business case', 'theory of change', 'data protection impact assessment', 'procurement template', 'user research findings',
  'service blueprint', 'project plan', 'risk register', 'cost-benefit analysis', 'job description', 'volunteer handbook', 'survey questions',
  'case study', 'slide deck', 'specification', 'data model', 'training materials',
];

export const teams = [
  'team', 'small team', 'digital team', 'housing team', 'public health team', 'transformation team', 'community development team',
  'climate team', 'customer services team', 'partnership', 'network', 'steering group', 'board', 'project group',
];

export const periods = ['first month', 'first three months', 'first six months', 'pilot year', 'first winter', 'summer holidays', 'last quarter'];
export const seasons = ['the spring', 'the summer', 'the autumn', 'next winter', 'the end of the financial year', 'next March', 'the new school year'];
export const placeKinds = ['rural', 'coastal', 'urban', 'former mining', 'market town', 'island', 'inner city', 'suburban'];

export const openers = [
  'Thanks for sharing this.', 'Really interesting.', 'Great to see this.', 'This is close to what we are doing.', 'A quick question.',
  'We tried something similar.', 'Good point.', 'Agreed.', 'Thanks, this is helpful.', 'Building on the last post,', 'Sorry to be late to this.',
  'Following with interest.', 'Can I add one thing?', 'This resonates.', 'Useful thread.',
];

export const closers = [
  'Happy to talk if it helps.', 'Let me know if you want the details.', 'I will share more after our next meeting.', 'Any thoughts welcome.',
  'Would love to compare notes.', 'Drop me a message.', 'Keen to hear how it goes.', 'Good luck with it!', 'More soon.', 'Thanks all.',
];

export const organisationWords = {
  charityNouns: ['Trust', 'Foundation', 'Partnership', 'Network', 'Alliance', 'Collective', 'Action', 'Forum', 'Project', 'Hub', 'Association', 'Society'],
  focus: ['Community Food', 'Green Spaces', 'Young People\u2019s', 'Carers', 'Digital Skills', 'Housing Advice', 'Warm Homes', 'Community Energy', 'Arts', 'Wellbeing', 'Older People\u2019s', 'Refugee Welcome', 'Active Travel', 'Repair', 'Heritage', 'Employment'],
  companyWords: ['Civic', 'Open', 'Bright', 'North Star', 'Kite', 'Harbour', 'Meadow', 'Beacon', 'Bridge', 'Cedar', 'Lantern', 'Tandem', 'Fieldwork', 'Signal', 'Compass', 'Threadbare', 'Oak', 'Granite'],
  companyNouns: ['Digital', 'Data', 'Labs', 'Studio', 'Consulting', 'Systems', 'Analytics', 'Design', 'Software', 'Energy', 'Mobility', 'Care Tech'],
  funderNouns: ['Community Foundation', 'Charitable Trust', 'Lottery Partnership', 'Fund', 'Philanthropy Network'],
  publicBodies: ['NHS Integrated Care Board', 'Fire and Rescue Service', 'Police and Crime Commissioner', 'Combined Authority', 'National Park Authority', 'Housing Partnership'],
};

export const groupPatterns = [
  '{Theme} practitioners network', '{Region} {theme} officers', '{Thing} community of practice', '{Place} {theme} action group',
  '{Theme} leads in {region}', '{Role} forum', '{Thing} working group', '{Place} residents for {theme}', '{Region} {theme} learning set',
  'Friends of {thing}', '{Theme} and data', 'New to {theme}', '{Place} {thing} partnership', '{Region} shared {thing}',
];

export const regions = [
  'the North East', 'the North West', 'Yorkshire and the Humber', 'the East Midlands', 'the West Midlands', 'the East of England',
  'London', 'the South East', 'the South West', 'Wales', 'Scotland', 'Northern Ireland', 'the Highlands', 'Cornwall and Devon',
  'the Welsh valleys', 'Greater Manchester', 'the Black Country', 'the Fens', 'the Borders', 'the Marches',
];

export const pitchTitlePatterns = [
  '{Thing} for {people} in {place}', '{Doing} {thing} with {people}', 'A shared approach to {thing}', '{Place} {thing} pilot',
  'Reducing {barrier} in {thing}', 'Open source tool for {thing}', '{Thing}: what works in {placeKind} areas', 'Scaling {thing} across {region}',
  'Help {people} {outcome}', 'Better {thing} for {placeKind} communities', 'Co-designing {thing} with {people}', '{Thing} without {barrier}',
  'Who has cracked {thing}?', 'Funding {thing} in {place}', 'Data to improve {thing}',
];

export const knowledgeTitlePatterns: readonly { template: 'case-study' | 'how-to' | 'meeting-notes' | null; pattern: string }[] = [
  { template: 'how-to', pattern: 'How to start {thing}' },
  { template: 'how-to', pattern: 'How to measure {thing}' },
  { template: 'how-to', pattern: 'How to involve {people} in {thing}' },
  { template: 'case-study', pattern: 'Case study: {thing} in {place}' },
  { template: 'case-study', pattern: 'Case study: {doing} {thing} in {place}' },
  { template: 'meeting-notes', pattern: 'Meeting notes: {thing} group, {month}' },
  { template: null, pattern: '{Thing}: a practical guide' },
  { template: null, pattern: 'Checklist for {thing}' },
  { template: null, pattern: 'What we learned from {thing}' },
  { template: null, pattern: '{Thing} in {placeKind} areas' },
  { template: null, pattern: 'Glossary of {theme} terms' },
];

export const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export const skillsPhrases = [
  'user research', 'service design', 'project management', 'community engagement', 'data analysis', 'grant writing', 'procurement',
  'facilitation', 'evaluation', 'software development', 'policy writing', 'partnership working', 'fundraising', 'training', 'GIS mapping',
  'behaviour change', 'budget planning', 'co-production', 'communications', 'safeguarding', 'contract management', 'event planning',
  'accessibility testing', 'change management', 'coaching', 'public speaking', 'research ethics', 'business cases', 'social media',
];

export const jobTitles = [
  'Digital inclusion officer', 'Head of housing', 'Community development worker', 'Climate action lead', 'Public health registrar',
  'Transformation manager', 'Councillor for', 'Founder of a social enterprise in', 'Developer at a civic tech studio in', 'Programme manager',
  'Volunteer coordinator', 'Service designer', 'Data analyst', 'Funding officer', 'Policy officer', 'Library manager', 'Youth worker',
  'Parish clerk', 'Researcher', 'Resident and school governor in', 'Social prescriber', 'Carers support worker', 'Neighbourhood manager',
];

export const findingsConnectors = ['It turns out that', 'One surprise:', 'Early signs are that', 'What we learned is that', 'The data says'];

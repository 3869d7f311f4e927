export const home = {
  'home.welcome': 'Pitch ideas, needs and offers. Find people across councils, community groups, enterprises and funders. Share what worked, and what did not.',
  'home.join': 'Join the hub',
  'home.latest': 'Latest on the exchange',
  'home.latest.none': 'Nothing has been pitched yet. Be the first: pitch an idea, a need or an offer.',
  'home.browsePitches': 'Browse all pitches',
  'home.browseMembers': 'Browse all members',
  'home.browseOrganisations': 'Browse all organisations',
  'home.hello': 'Hello, {name}',
} as const;

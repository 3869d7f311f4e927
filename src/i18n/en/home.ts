export const home = {
  'home.welcome': 'Pitch ideas, needs and offers. Find people across councils, community groups, enterprises and funders. Share what worked, and what did not.',
  'home.join': 'Join the hub',
  'home.newMembers': 'New members',
  'home.newOrganisations': 'Organisations',
  'home.browseMembers': 'Browse all members',
  'home.browseOrganisations': 'Browse all organisations',
  'home.hello': 'Hello, {name}',
  'home.completeProfile': 'Tell people what you can offer and what you need: complete your profile so the right people find you.',
} as const;

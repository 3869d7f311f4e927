/**
 * Stories of innovation ("shining lights"): nominations, their review, the story with its clip,
 * photos and interview, questions to the people in it, interest, the replication recipe and where
 * it has been tried since. Other areas use these few functions; everything else stays inside.
 */
export { storiesArea } from './stories.routes.tsx';
export { storyVisibleTo, storyIsPublic } from './stories.policy.ts';
export { sweepUnconfirmed } from './stories.commands.ts';
export { searchStories, type StoryMatch } from './stories.search.ts';
export { originsFromForm, originsFormValue, setPitchOrigins } from './lineage.ts';
export { OriginField, pitchLineageSection } from './lineage.section.tsx';

/**
 * Awards: rounds with categories, nominations of public pitches and stories, members' votes, a
 * panel's scores with conflicts of interest, and results worked out in the open. Other areas use
 * only this.
 */
export { awardsArea } from './awards.routes.tsx';

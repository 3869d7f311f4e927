/**
 * Events: hack days, workshops, meetups and the like, with places, a waiting list, reminders and
 * iCalendar feeds. Other areas use these few functions; everything else stays inside.
 */
export { eventsArea, groupEventsSection } from './events.routes.tsx';
export { eventVisibleTo } from './events.policy.ts';
export { remindAttendees } from './events.reminders.ts';
export { tellSessionDecisions } from './sessions.notices.ts';

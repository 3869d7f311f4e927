import { z } from 'zod';
import { attendanceModes, attendeeListChoices, eventKinds } from './events.forms.ts';

// What the API publishes about events. Responses pass through these schemas, which drop any field
// not named here. Lists never carry an online event's joining link; one event carries it only
// for those going and for its hosts.

const person = z.object({ handle: z.string(), name: z.string(), url: z.string().describe('Address of the member’s profile') });

export const eventSummarySchema = z.object({
  slug: z.string().describe('Identifier used in addresses'),
  title: z.string(),
  kind: z.enum(eventKinds),
  summary: z.string(),
  startsAt: z.iso.datetime().describe('Start, in UTC'),
  endsAt: z.iso.datetime().describe('End, in UTC'),
  timeZone: z.string().describe('IANA time zone the event happens in, e.g. Europe/London'),
  localStart: z.string().describe('Start as clocks in its zone show it, e.g. 2026-12-12T10:00'),
  localEnd: z.string().describe('End as clocks in its zone show it'),
  attendance: z.enum(attendanceModes),
  venue: z.string(),
  address: z.string(),
  place: z.string(),
  localAuthority: z.object({ code: z.string().describe('ONS code'), name: z.string() }).nullable(),
  tags: z.array(z.string()),
  host: z.object({
    kind: z.enum(['member', 'organisation', 'group']),
    name: z.string(),
    url: z.string().nullable(),
  }),
  group: z.object({ slug: z.string(), name: z.string(), url: z.string() }).nullable().describe('The group hosting it, if any'),
  capacity: z.number().int().nullable().describe('Number of places; null for no limit'),
  goingCount: z.number().int(),
  placesLeft: z.number().int().nullable().describe('Null for no limit'),
  status: z.enum(['scheduled', 'cancelled']),
  url: z.string().describe('Address of the event’s page'),
  icsUrl: z.string().describe('The event as an iCalendar file'),
});

export const eventSchema = eventSummarySchema.extend({
  description: z.string().describe('Markdown source'),
  descriptionHtml: z.string(),
  access: z.string().describe('Access information: step-free entry, hearing loops, captions and the like'),
  onlineUrl: z.string().nullable().describe('The joining link; only for those going and for hosts, otherwise null'),
  cancelReason: z.string().nullable(),
  attendeeList: z.enum(attendeeListChoices).describe('Who may see the list of those going, as the hosts chose'),
  attendees: z.array(person).nullable().describe('Those going (up to 200); null when the caller may not see them'),
  waitingCount: z.number().int(),
  yourStatus: z.enum(['going', 'waiting']).nullable().describe('The caller’s own place on the event'),
  youHost: z.boolean(),
  sessionsUrl: z.string().nullable().describe('The sessions proposed for it, when its hosts take proposals'),
  scheduleUrl: z.string().nullable().describe('Its schedule of sessions, when its hosts take proposals'),
  cameOfIt: z
    .array(z.object({ type: z.string().describe('pitch or knowledge-page'), title: z.string(), url: z.string() }))
    .describe('Pitches and knowledge pages that came of the event, those the caller may see'),
});

export const eventListSchema = z.object({
  events: z.array(eventSummarySchema),
  page: z.number().int(),
  nextPage: z.number().int().nullable().describe('Pass as ?page= for the next page; null on the last page'),
});

export type EventSummaryJson = z.input<typeof eventSummarySchema>;
export type EventJson = z.input<typeof eventSchema>;

import { z } from 'zod';
import { sessionFormats } from './sessions.forms.ts';

// What the API publishes about an event's sessions and schedule. Responses pass through these
// schemas, which drop any field not named here.

const person = z.object({ handle: z.string(), name: z.string(), url: z.string().describe('Address of the member’s profile') });

const eventRef = z.object({
  slug: z.string(),
  title: z.string(),
  url: z.string(),
  timeZone: z.string().describe('IANA time zone of the event; local times below are in it'),
});

const placement = z.object({
  roomId: z.number().int(),
  room: z.string(),
  slotId: z.number().int(),
  startsAt: z.iso.datetime().describe('Start of the slot, in UTC'),
  endsAt: z.iso.datetime().describe('End of the slot, in UTC'),
  localStart: z.string().describe('Start as clocks in the event’s zone show it, e.g. 2026-12-12T10:00'),
  localEnd: z.string(),
});

export const sessionSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  description: z.string(),
  leader: z.string().describe('Who leads it, as its proposer wrote it'),
  format: z.enum(sessionFormats),
  status: z.enum(['proposed', 'declined', 'merged']).describe('Declined proposals are listed only for their proposer and the hosts'),
  declineReason: z.string().nullable().describe('The hosts’ reason, for a declined proposal'),
  mergedInto: z.number().int().nullable().describe('The session a merged proposal joined'),
  votes: z.number().int(),
  youVoted: z.boolean(),
  proposedBy: person.nullable(),
  url: z.string(),
  scheduled: placement.nullable().describe('Where and when it happens, once it is in the schedule'),
  notesUrl: z.string().nullable().describe('The session’s notes (a knowledge page), when there are some the caller may read'),
  outcomes: z.array(z.string()),
  createdAt: z.iso.datetime(),
});

export const sessionListSchema = z.object({
  event: eventRef,
  proposalsOpen: z.boolean().describe('Whether those going may still propose sessions and vote'),
  voteLimit: z.number().int().nullable().describe('Votes each person may cast; null for as many as they like'),
  yourVotes: z.number().int().nullable().describe('Votes the caller has cast, when they take part'),
  sessions: z.array(sessionSchema).describe('Most voted first; of equal votes, the first proposed'),
});

export const scheduleSchema = z.object({
  event: eventRef,
  rooms: z.array(z.object({ id: z.number().int(), name: z.string(), capacity: z.number().int().nullable() })).describe('Largest first'),
  slots: z
    .array(
      z.object({
        id: z.number().int(),
        startsAt: z.iso.datetime(),
        endsAt: z.iso.datetime(),
        localStart: z.string(),
        localEnd: z.string(),
      }),
    )
    .describe('Earliest first'),
  entries: z.array(
    z.object({
      roomId: z.number().int(),
      slotId: z.number().int(),
      session: z.object({ id: z.number().int(), title: z.string(), leader: z.string(), format: z.enum(sessionFormats), votes: z.number().int(), url: z.string() }),
    }),
  ),
});

export const cameOfItSchema = z.array(
  z.object({
    type: z.string().describe('pitch or knowledge-page'),
    title: z.string(),
    url: z.string(),
  }),
);

export type SessionJson = z.input<typeof sessionSchema>;

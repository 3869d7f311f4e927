import { z } from 'zod';
import { activityKinds } from './life.queries.ts';

// What the API publishes of a group's life. Only for those who may see the group's content.

const groupRef = z.object({ slug: z.string(), name: z.string(), url: z.string().describe('Address of the group’s page') });
const actor = z.object({ handle: z.string(), name: z.string(), url: z.string().describe('Address of the member’s profile') });

export const groupActivitySchema = z.object({
  group: groupRef,
  activity: z.array(
    z.object({
      kind: z.enum(activityKinds).describe('post, reply, pitch, joined, subgroup or started'),
      text: z.string().describe('What happened, as a sentence'),
      excerpt: z.string().describe('Plain text: the start of a post, a pitch’s summary or a sub-group’s purpose; may be empty'),
      actor: actor.nullable(),
      url: z.string().describe('Address of what it is about'),
      at: z.iso.datetime(),
      pinned: z.boolean().describe('Whether the group’s facilitators pinned it'),
    }),
  ),
  page: z.number().int(),
  nextPage: z.number().int().nullable().describe('Pass as ?page= for older activity; null on the last page'),
});

export const groupMembersSchema = z.object({
  group: groupRef,
  members: z.array(
    z.object({
      handle: z.string(),
      name: z.string(),
      role: z.enum(['facilitator', 'member']),
      joinedAt: z.iso.datetime(),
      url: z.string().describe('Address of the member’s profile'),
    }),
  ),
  page: z.number().int(),
  nextPage: z.number().int().nullable().describe('Pass as ?page= for the next 50; null on the last page'),
});

export const pinnedSchema = z
  .array(z.object({ type: z.enum(['post', 'pitch']), title: z.string(), excerpt: z.string(), url: z.string(), pinnedAt: z.iso.datetime() }))
  .nullable()
  .describe('Posts and pitches the facilitators pinned, most recent first; null when the viewer may not see the group’s content');

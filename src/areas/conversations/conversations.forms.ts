import { z } from 'zod';

export const bodyMax = 10_000;

export const reactions = ['agree', 'insightful', 'thanks', 'celebrate'] as const;
export type Reaction = (typeof reactions)[number];
export const reactionEmoji: Record<Reaction, string> = { agree: '👍', insightful: '💡', thanks: '❤️', celebrate: '🎉' };

/**
 * Line endings as one character (browsers send CRLF, but count a line break as one towards
 * maxlength), no blank lines before the text and no white space after it. Leading spaces of the
 * first line stay: in Markdown they can start a code block.
 */
export function normaliseBody(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(/^(?:[ \t]*\n)+/, '').replace(/\s+$/, '');
}

const body = z
  .string({ error: 'conversations.body.required' })
  .transform(normaliseBody)
  .pipe(z.string().min(1, 'conversations.body.required').max(bodyMax, 'conversations.body.tooLong'));

const optionalId = z
  .union([z.literal(''), z.string().regex(/^[1-9][0-9]{0,14}$/, 'form.invalid')])
  .optional()
  .transform((value) => (value ? Number(value) : null));

/** A new post or reply, as the page form sends it. */
export const postForm = z.object({ postBody: body, parentId: optionalId, quoteOf: optionalId });

export const editForm = z.object({ postBody: body });

export const reactionForm = z.object({ reaction: z.enum(reactions, { error: 'conversations.reaction.invalid' }) });

export const helpfulForm = z.object({ helpful: z.enum(['1', '0'], { error: 'form.invalid' }) });

/** The same through the JSON API. */
export const apiPostBody = z.object({
  body: body.describe('The post, in Markdown, at most 10,000 characters; @handle mentions a member.'),
  parentId: z.number().int().positive().optional().describe('The post this one replies to, in the same conversation.'),
  quoteOf: z.number().int().positive().optional().describe('A post of the same conversation that this one quotes.'),
});

/** `:id` of a route: a positive whole number, or nothing (then the page is not found). */
export function parseId(value: string | undefined): number | null {
  return value && /^[1-9][0-9]{0,14}$/.test(value) ? Number(value) : null;
}

export function pageParam(value: unknown): number {
  const page = Number(value ?? 1);
  return Number.isInteger(page) && page > 0 && page <= 10_000 ? page : 1;
}

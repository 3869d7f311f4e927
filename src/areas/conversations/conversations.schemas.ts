import { z } from 'zod';

export const reactionCountsSchema = z
  .object({
    agree: z.number().int(),
    insightful: z.number().int(),
    thanks: z.number().int(),
    celebrate: z.number().int(),
  })
  .describe('How many members gave each reaction.');

export const postSchema = z.object({
  id: z.number().int(),
  parentId: z.number().int().nullable().describe('The post this one replies to.'),
  quoteOf: z.number().int().nullable().describe('The post this one quotes.'),
  author: z
    .object({ handle: z.string(), name: z.string(), url: z.string() })
    .nullable()
    .describe('Null when the author has deleted their account.'),
  deleted: z.boolean().describe('A deleted post keeps its place (and its replies) but has no text.'),
  body: z.string().optional().describe('The post as written, in Markdown. Left out for deleted posts.'),
  bodyHtml: z.string().optional().describe('The post as sanitised HTML, mentions linked. Left out for deleted posts.'),
  reactions: reactionCountsSchema,
  helpful: z.boolean().describe('Marked as helpful by a moderator of the conversation.'),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  url: z.string().describe('Where the post is shown.'),
});
export type PostJson = z.input<typeof postSchema>;

export const conversationSchema = z.object({
  subject: z.object({ type: z.string(), id: z.number().int(), title: z.string(), url: z.string() }),
  postCount: z.number().int().describe('Posts that have not been deleted.'),
  posts: z.array(postSchema).describe('Oldest first, 100 a page; parentId gives the threading.'),
  page: z.number().int(),
  nextPage: z.number().int().nullable(),
});

export const createdPostSchema = z.object({ post: postSchema });

export const subjectParams = z.object({
  type: z.string().describe('The kind of thing the conversation is about, e.g. pitch.'),
  id: z.string().describe('Its number.'),
});

export const pageQuery = z.object({ page: z.string().optional().describe('Page number, from 1.') });

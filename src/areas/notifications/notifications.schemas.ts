import { z } from 'zod';

export const notificationSchema = z.object({
  id: z.number().int(),
  kind: z.string().describe('What kind of notification: reply, mention, signal (interest in your pitch) or match; more may come.'),
  text: z.string().describe('What happened, as one sentence of plain text.'),
  url: z.string().describe('Full address of the thing it is about.'),
  subject: z.object({
    type: z.string().describe('Kind of thing it is about, e.g. "pitch".'),
    id: z.number().int(),
    title: z.string().nullable(),
  }),
  createdAt: z.string().describe('ISO 8601 date and time.'),
  read: z.boolean(),
  readAt: z.string().nullable(),
});

export const notificationListSchema = z.object({
  notifications: z.array(notificationSchema),
  unread: z.number().int().describe('How many are unread, counted up to 100.'),
  nextPage: z.string().nullable().describe('Address of the next page, or null on the last one.'),
});

export const listQuerySchema = z.object({
  page: z.number().int().min(1).optional().describe('Page number, from 1.'),
});

export const readAllSchema = z.object({
  marked: z.number().int().describe('How many notifications were unread and are now read.'),
});

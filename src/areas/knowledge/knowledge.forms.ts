import { z } from 'zod';
import type { KnowledgeTemplate } from '../../db/schema.ts';
import { t, type MessageKey } from '../../i18n/i18n.ts';
import { form } from '../../web/forms.ts';
import { slugFor } from './knowledge.links.ts';
import { hubEditingChoices } from './knowledge.policy.ts';

export const titleMax = 150;
export const bodyMax = 50_000;
export const summaryMax = 200;
export const pageSize = 30;
export const recentSize = 10;
export const feedSize = 30;
export const templates = ['case-study', 'how-to', 'meeting-notes'] as const satisfies readonly KnowledgeTemplate[];
/** Files a page may carry at once. */
export const attachmentsMax = 50;
export const attachmentDescriptionMax = 200;

const reservedSlugs = new Set(['new']);

export const pageForm = z.object({
  title: form
    .text(titleMax)
    .refine((title) => slugFor(title) !== '', { error: 'knowledge.field.title.noLetters' })
    // /knowledge/new is the form for a new page, so no page may have that address.
    .refine((title) => !reservedSlugs.has(slugFor(title)), { error: 'knowledge.field.title.reserved' }),
  body: z
    .string()
    .max(bodyMax, { error: `form.tooLong:${bodyMax}` })
    .optional()
    .transform((value) => (value ?? '').replace(/\r\n/g, '\n')),
  summary: form.optionalText(summaryMax),
  template: form.optionalChoice(templates),
});

export type PageInput = z.output<typeof pageForm>;

/** The words shown beside an uploaded file; the file itself is checked in knowledge.files.ts. */
export const attachmentForm = z.object({
  description: form.optionalText(attachmentDescriptionMax),
});

export const editingForm = z.object({
  editing: form.choice(hubEditingChoices, 'knowledge.settings.editing.required'),
});

export function templateLabel(template: KnowledgeTemplate): MessageKey {
  return `knowledge.template.${template}` as MessageKey;
}

const headingKeys: Record<KnowledgeTemplate, MessageKey[]> = {
  'case-study': [
    'knowledge.heading.context',
    'knowledge.heading.problem',
    'knowledge.heading.whatWasDone',
    'knowledge.heading.whoWasInvolved',
    'knowledge.heading.cost',
    'knowledge.heading.outcomes',
    'knowledge.heading.didNotWork',
    'knowledge.heading.replicate',
    'knowledge.heading.contacts',
  ],
  'how-to': ['knowledge.heading.goal', 'knowledge.heading.beforeYouStart', 'knowledge.heading.steps', 'knowledge.heading.tips'],
  'meeting-notes': [
    'knowledge.heading.date',
    'knowledge.heading.present',
    'knowledge.heading.agenda',
    'knowledge.heading.discussion',
    'knowledge.heading.actions',
  ],
};

/** A new page's starting text for a template: its headings, each with room to write. */
export function templateBody(template: KnowledgeTemplate): string {
  return headingKeys[template].map((key) => `## ${t(key)}\n\n`).join('');
}

/** `?page=` as a positive number; anything else is not a page. */
export function pageNumber(value: unknown): number | undefined {
  if (value === undefined || value === '') return 1;
  if (typeof value !== 'string' || !/^[1-9][0-9]{0,5}$/.test(value)) return undefined;
  return Number(value);
}

export const idPattern = /^[1-9][0-9]{0,11}$/;

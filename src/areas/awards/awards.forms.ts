import { z } from 'zod';
import type { FieldErrors } from '../../web/components.tsx';
import { form, parseForm, type FormResult } from '../../web/forms.ts';
import { dayOf, endOfDay, nextDay, parseDay, startOfDay } from './awards.dates.ts';

export const limits = {
  name: 120,
  description: 5000,
  categoryName: 80,
  categoryDescription: 500,
  criterionName: 80,
  criterionDescription: 500,
  reason: 600,
  withdrawReason: 1000,
  declarationNote: 1000,
  address: 500,
  panel: 2000,
  panellists: 25,
} as const;

/** Rows the round form offers for categories and criteria; rows left empty are ignored. */
export const categorySlots = 6;
export const criterionSlots = 6;
export const maxYearsAhead = 3;
/** Rounds a page; nominations a member may make in one round; nominations a round holds. */
export const pageSize = 20;
export const maxPage = 500;
export const nominationsPerMember = 30;
export const nominationsPerRound = 600;

export const slugPattern = /^[a-z0-9-]{1,100}$/;
export const idPattern = /^[1-9][0-9]{0,14}$/;

export const dateFields = ['nominationsOpen', 'nominationsClose', 'votingOpen', 'votingClose', 'scoringClose', 'resultsDate'] as const;
export type DateField = (typeof dateFields)[number];

export interface RoundDates {
  nominationsOpenAt: Date;
  nominationsCloseAt: Date;
  votingOpenAt: Date;
  votingCloseAt: Date;
  scoringCloseAt: Date;
  resultsAt: Date;
}

export interface RoundInput {
  name: string;
  description: string;
  dates: RoundDates;
  /** Handles of the panel, as typed (checked against members by the route). */
  panel: string[];
  /** Null when the method is locked (nominations have opened) and the form did not carry it. */
  method: {
    voteWeight: number;
    categories: { name: string; description: string }[];
    criteria: { name: string; description: string; weight: number }[];
  } | null;
}

const baseFields = z.object({
  name: form.text(limits.name, 'awards.field.name.required'),
  description: form.text(limits.description, 'awards.field.description.required'),
  panel: form.optionalText(limits.panel),
});

const text = (values: Record<string, unknown>, name: string) => (typeof values[name] === 'string' ? (values[name] as string).trim() : '');

/** The form's day fields from saved instants (closing days are the last day of their window). */
export function roundDateValues(dates: RoundDates): Record<DateField, string> {
  const last = (instant: Date) => dayOf(new Date(instant.getTime() - 1));
  return {
    nominationsOpen: dayOf(dates.nominationsOpenAt),
    nominationsClose: last(dates.nominationsCloseAt),
    votingOpen: dayOf(dates.votingOpenAt),
    votingClose: last(dates.votingCloseAt),
    scoringClose: last(dates.scoringCloseAt),
    resultsDate: dayOf(dates.resultsAt),
  };
}

/** Handles separated by commas, spaces or new lines, with or without an @. */
export function parseHandles(value: string): string[] {
  const seen = new Set<string>();
  for (const raw of value.split(/[\s,;]+/)) {
    const handle = raw.trim().replace(/^@/, '').toLowerCase();
    if (handle) seen.add(handle);
  }
  return [...seen];
}

export interface RoundFormOptions {
  now: Date;
  /** Categories, criteria and weighting are not read (the round's nominations have opened). */
  methodLocked: boolean;
  /** When editing: the dates as saved, which may stay in the past. */
  saved?: Record<DateField, string>;
}

/**
 * Checks the round form: the text, each day, the order of the days (nominations, then voting;
 * panel scoring after nominations close; results after both), and, unless locked, the weighting
 * and the rows of categories and criteria. Errors are per field, for the form shown again.
 */
export function parseRoundForm(body: unknown, options: RoundFormOptions): FormResult<RoundInput> {
  const values = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const parsed = parseForm(baseFields, values);
  const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors };
  const add = (field: string, message: string) => {
    if (!(field in errors)) errors[field] = message;
  };

  // Days.
  const days = {} as Record<DateField, string | null>;
  for (const field of dateFields) {
    const typed = text(values, field);
    if (!typed) {
      add(field, `awards.field.${field}.required`);
      days[field] = null;
      continue;
    }
    days[field] = parseDay(typed);
    if (!days[field]) add(field, 'awards.field.date.invalid');
  }
  const today = dayOf(options.now);
  const latest = `${Number(today.slice(0, 4)) + maxYearsAhead}${today.slice(4)}`;
  for (const field of dateFields) {
    const day = days[field];
    if (!day) continue;
    const unchanged = options.saved?.[field] === day;
    if (!unchanged && day < today) add(field, 'awards.field.date.past');
    if (day > latest) add(field, 'awards.field.date.tooFar');
  }
  const d = days;
  if (d.nominationsOpen && d.nominationsClose && d.nominationsClose < d.nominationsOpen) add('nominationsClose', 'awards.field.nominationsClose.order');
  if (d.nominationsClose && d.votingOpen && d.votingOpen <= d.nominationsClose) add('votingOpen', 'awards.field.votingOpen.order');
  if (d.votingOpen && d.votingClose && d.votingClose < d.votingOpen) add('votingClose', 'awards.field.votingClose.order');
  if (d.nominationsClose && d.scoringClose && d.scoringClose <= d.nominationsClose) add('scoringClose', 'awards.field.scoringClose.order');
  if (d.resultsDate && ((d.votingClose && d.resultsDate <= d.votingClose) || (d.scoringClose && d.resultsDate <= d.scoringClose))) {
    add('resultsDate', 'awards.field.resultsDate.order');
  }

  // The method: weighting, categories and criteria.
  let method: RoundInput['method'] = null;
  if (!options.methodLocked) {
    const weightText = text(values, 'voteWeight').replace(/\s*%$/, '');
    let voteWeight = 0;
    if (!weightText) add('voteWeight', 'awards.field.voteWeight.required');
    else if (!/^\d{1,3}$/.test(weightText) || Number(weightText) > 100) add('voteWeight', 'awards.field.voteWeight.invalid');
    else voteWeight = Number(weightText);

    const categories: { name: string; description: string }[] = [];
    for (let i = 1; i <= categorySlots; i++) {
      const name = text(values, `category${i}Name`);
      const description = text(values, `category${i}Description`);
      if (!name && !description) continue;
      if (!name) add(`category${i}Name`, 'awards.field.category.nameRequired');
      else if (name.length > limits.categoryName) add(`category${i}Name`, `form.tooLong:${limits.categoryName}`);
      if (description.length > limits.categoryDescription) add(`category${i}Description`, `form.tooLong:${limits.categoryDescription}`);
      if (name && categories.some((c) => c.name.toLowerCase() === name.toLowerCase())) add(`category${i}Name`, 'awards.field.category.duplicate');
      categories.push({ name, description });
    }
    if (categories.length === 0) add('category1Name', 'awards.field.categories.required');

    const criteria: { name: string; description: string; weight: number }[] = [];
    for (let i = 1; i <= criterionSlots; i++) {
      const name = text(values, `criterion${i}Name`);
      const description = text(values, `criterion${i}Description`);
      const weight = text(values, `criterion${i}Weight`);
      if (!name && !description && !weight) continue;
      if (!name) add(`criterion${i}Name`, 'awards.field.criterion.nameRequired');
      else if (name.length > limits.criterionName) add(`criterion${i}Name`, `form.tooLong:${limits.criterionName}`);
      if (description.length > limits.criterionDescription) add(`criterion${i}Description`, `form.tooLong:${limits.criterionDescription}`);
      if (name && criteria.some((c) => c.name.toLowerCase() === name.toLowerCase())) add(`criterion${i}Name`, 'awards.field.criterion.duplicate');
      let number = 0;
      if (!weight) add(`criterion${i}Weight`, 'awards.field.criterion.weightRequired');
      else if (!/^\d{1,3}$/.test(weight) || Number(weight) < 1 || Number(weight) > 100) add(`criterion${i}Weight`, 'awards.field.criterion.weightInvalid');
      else number = Number(weight);
      criteria.push({ name, description, weight: number });
    }
    if (criteria.length === 0 && voteWeight < 100) add('criterion1Name', 'awards.field.criteria.required');
    method = { voteWeight, categories, criteria };
  }

  const panel = parseHandles(text(values, 'panel'));
  if (panel.length > limits.panellists) add('panel', `awards.field.panel.tooMany:${limits.panellists}`);
  if (method && method.voteWeight < 100 && panel.length === 0 && !('panel' in errors)) add('panel', 'awards.field.panel.required');

  if (!parsed.ok || Object.keys(errors).length > 0) return { ok: false, errors, values };
  return {
    ok: true,
    data: {
      name: parsed.data.name,
      description: parsed.data.description,
      panel,
      method,
      dates: {
        nominationsOpenAt: startOfDay(d.nominationsOpen!),
        nominationsCloseAt: endOfDay(d.nominationsClose!),
        votingOpenAt: startOfDay(d.votingOpen!),
        votingCloseAt: endOfDay(d.votingClose!),
        scoringCloseAt: endOfDay(d.scoringClose!),
        resultsAt: startOfDay(d.resultsDate!),
      },
    },
  };
}

/** Sensible days for a new round: nominations for two weeks from tomorrow, and so on. */
export function suggestedDays(now: Date): Record<DateField, string> {
  let day = nextDay(dayOf(now));
  const after = (count: number) => {
    for (let i = 0; i < count; i++) day = nextDay(day);
    return day;
  };
  const nominationsOpen = day;
  const nominationsClose = after(13);
  const votingOpen = after(1);
  const votingClose = after(13);
  const scoringClose = votingClose;
  const resultsDate = after(7);
  return { nominationsOpen, nominationsClose, votingOpen, votingClose, scoringClose, resultsDate };
}

export const nominateForm = z.object({
  category: z.string({ error: 'awards.field.category.required' }).regex(idPattern, { error: 'awards.field.category.required' }),
  address: form.text(limits.address, 'awards.field.address.required'),
  reason: form.text(limits.reason, 'awards.field.reason.required'),
});

export const supportForm = z.object({
  reason: form.text(limits.reason, 'awards.field.reason.required'),
});

export const withdrawForm = z.object({
  reason: form.text(limits.withdrawReason, 'awards.field.withdrawReason.required'),
});

export const declareForm = z
  .object({
    conflict: form.choice(['none', 'conflict'] as const, 'awards.field.conflict.required'),
    note: form.optionalText(limits.declarationNote),
  })
  .refine((value) => value.conflict === 'none' || value.note !== '', { error: 'awards.field.note.required', path: ['note'] });

/** The name of a vote form's radio group: one per category, so each form's ids are its own. */
export function voteField(categoryId: number): string {
  return `nominee-${categoryId}`;
}

export function scoreField(criterionId: number): string {
  return `criterion-${criterionId}`;
}

/** Reads one score per criterion: whole numbers from 0 to 10, every criterion scored. */
export function parseScores(body: unknown, criteria: { id: number }[]): FormResult<Map<number, number>> {
  const values = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const errors: FieldErrors = {};
  const scores = new Map<number, number>();
  for (const criterion of criteria) {
    const field = scoreField(criterion.id);
    const typed = text(values, field);
    if (!typed) errors[field] = 'awards.field.score.required';
    else if (!/^\d{1,2}$/.test(typed) || Number(typed) > 10) errors[field] = 'awards.field.score.invalid';
    else scores.set(criterion.id, Number(typed));
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors, values };
  return { ok: true, data: scores };
}

const emptyToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);

export const listingQuery = z.object({
  page: z
    .preprocess(
      emptyToUndefined,
      z.coerce.number({ error: 'form.invalid' }).int({ error: 'form.invalid' }).min(1, { error: 'form.invalid' }).max(maxPage, { error: 'form.invalid' }).optional(),
    )
    .describe(`Page number, from 1 to ${maxPage}; ${pageSize} rounds a page.`),
});

/**
 * What a member pasted as the address of a pitch or story: a path on this hub, or a full address
 * on it. Returns the path, or null when it points elsewhere.
 */
export function hubPath(typed: string, publicUrl: string): string | null {
  const value = typed.trim();
  const hub = new URL(publicUrl);
  let address = value;
  if (value.toLowerCase().startsWith(`${hub.host.toLowerCase()}/`)) address = `${hub.protocol}//${value}`;
  else if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) address = value.startsWith('/') ? value : `/${value}`;
  try {
    const url = new URL(address, publicUrl);
    if (url.host !== hub.host) return null;
    return decodeURIComponent(url.pathname).replace(/\/+$/, '') || '/';
  } catch {
    return null;
  }
}

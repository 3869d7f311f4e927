import type { PitchKind, PitchStage } from '../../db/schema.ts';
import type { MessageKey } from '../../i18n/i18n.ts';
import { parseMoney, pitchKinds, pitchStages, type PitchTerms } from './pitches.forms.ts';

/**
 * Advice beside the pitch form and on a draft's page: what a good pitch of its kind says, and what
 * this one does not say yet. It is guidance only: nothing here stops a pitch being saved or published.
 */

/** A description shorter than this rarely tells a stranger enough to act on. */
export const shortBody = 300;

export interface GuidanceInput {
  kind: PitchKind | null;
  summary: string;
  body: string;
  tags: string[];
  place: string;
  /** A local authority or "online / anywhere" is chosen. */
  hasArea: boolean;
  stage: PitchStage;
  terms: PitchTerms;
  hasPrice: boolean;
  hasBudget: boolean;
  hasDeadline: boolean;
  /** Known for saved pitches only (files are added after the first save). */
  files?: number;
}

export type GuidanceCheck =
  | 'summary'
  | 'tags'
  | 'place'
  | 'body'
  | 'stage'
  | 'deadline'
  | 'budget'
  | 'price'
  | 'files';

export const checkLabel = (check: GuidanceCheck): MessageKey => `pitch.guidance.missing.${check}`;

/** The points a good pitch of this kind covers, as message keys. */
export function adviceFor(kind: PitchKind | null): MessageKey[] {
  if (!kind) return ['pitch.guidance.chooseKind'];
  return [1, 2, 3, 4].map((n) => `pitch.guide.${kind}.${n}` as MessageKey);
}

/** What is missing, in the order a person would fix it. */
export function missingFrom(input: GuidanceInput): GuidanceCheck[] {
  const missing: GuidanceCheck[] = [];
  if (!input.summary.trim()) missing.push('summary');
  if (input.body.trim().length < shortBody) missing.push('body');
  if (input.tags.length === 0) missing.push('tags');
  if (!input.place.trim() && !input.hasArea) missing.push('place');
  if (input.stage === 'idea') missing.push('stage');
  if (input.kind === 'challenge') {
    if (!input.hasDeadline) missing.push('deadline');
    if (!input.hasBudget) missing.push('budget');
  }
  if (input.terms !== 'free' && !input.hasPrice) missing.push('price');
  if (input.files === 0) missing.push('files');
  return missing;
}

const text = (value: unknown) => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
const filled = (value: unknown) => {
  const money = parseMoney(text(value));
  return money !== null && money !== 'invalid';
};

/**
 * Reads the form's values as typed, however incomplete or invalid, so the panel can follow what
 * is on the screen (after "Check my pitch", a refused save, or on the edit page).
 */
export function guidanceFromValues(values: Record<string, unknown>, files?: number): GuidanceInput {
  const kind = pitchKinds.find((k) => k === values.kind) ?? null;
  const stage = pitchStages.find((s) => s === values.stage) ?? 'idea';
  const terms = (['free', 'paid', 'negotiable'] as const).find((s) => s === values.terms) ?? 'free';
  const tags = Array.isArray(values.tags) ? values.tags.map(String) : text(values.tags).split(',').map((tag) => tag.trim()).filter(Boolean);
  return {
    kind,
    summary: text(values.summary),
    body: text(values.body),
    tags,
    place: text(values.place),
    hasArea: text(values.area) !== '',
    stage,
    terms,
    hasPrice: filled(values.priceMin) || filled(values.priceMax),
    hasBudget: filled(values.budget),
    hasDeadline: text(values.deadline).trim() !== '',
    ...(files === undefined ? {} : { files }),
  };
}

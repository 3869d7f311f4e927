import type { EvidenceLevel, NominationStatus, StoryInterestKind, TrialOutcome, VideoProvider } from '../../db/schema.ts';
import { t, type MessageKey } from '../../i18n/i18n.ts';

export const storyPath = (slug: string) => `/stories/${slug}`;

export function evidenceLabel(level: EvidenceLevel): string {
  return t(`stories.evidence.${level}` as MessageKey);
}

export function evidenceExplanation(level: EvidenceLevel): string {
  return t(`stories.evidence.${level}.explained` as MessageKey);
}

export function outcomeLabel(outcome: TrialOutcome): string {
  return t(`stories.trial.outcome.${outcome}` as MessageKey);
}

export function interestLabel(kind: StoryInterestKind): string {
  return t(`stories.interest.kind.${kind}` as MessageKey);
}

export function providerName(provider: VideoProvider): string {
  return t(`stories.clip.provider.${provider}` as MessageKey);
}

export function nominationStatusLabel(status: NominationStatus): string {
  return t(`stories.nomination.status.${status}` as MessageKey);
}

export function formatDate(date: Date): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }).format(date);
}

/** "2025-03" as "March 2025". */
export function formatMonth(month: string): string {
  const [year, number] = month.split('-').map(Number);
  if (!year || !number) return month;
  return new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, number - 1, 1)));
}

/** "2 min 05 s", "45 s". */
export function durationText(seconds: number): string {
  const whole = Math.max(1, Math.round(seconds));
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  if (minutes === 0) return t('stories.clip.seconds', { seconds: rest });
  return t('stories.clip.minutes', { minutes, seconds: String(rest).padStart(2, '0') });
}

export function interestCounts(counts: { interestedCount: number; tryingCount: number }): string {
  const interested = counts.interestedCount === 1 ? t('stories.interest.count.interested.one') : t('stories.interest.count.interested', { count: counts.interestedCount });
  const trying = counts.tryingCount === 1 ? t('stories.interest.count.trying.one') : t('stories.interest.count.trying', { count: counts.tryingCount });
  return `${interested} · ${trying}`;
}

/** The nine sections of a replication recipe: the knowledge shed's case-study headings. */
export type RecipeSection = 'context' | 'problem' | 'whatWasDone' | 'whoWasInvolved' | 'cost' | 'outcomes' | 'didNotWork' | 'replicate' | 'contacts';

export function recipeHeading(section: RecipeSection): string {
  return t(`knowledge.heading.${section}`);
}

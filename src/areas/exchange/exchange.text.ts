import { t } from '../../i18n/i18n.ts';
import { pitchStages, stageLabel } from './pitches.forms.ts';
import type { ActivityItem } from './exchange.queries.ts';

/**
 * An activity in words, in parts so the page can link the actor and the subject, and as one
 * sentence for feeds. Verbs from other areas show their own summary.
 */
export function activityText(item: Pick<ActivityItem, 'verb' | 'summary' | 'actor' | 'subject'>) {
  const actor = item.actor?.name ?? t('exchange.activity.someone');
  let verb: string;
  let detail = '';
  switch (item.verb) {
    case 'pitched':
      verb = t('exchange.activity.verb.pitched');
      break;
    case 'published':
      verb = t('exchange.activity.verb.published');
      break;
    case 'changed-stage': {
      verb = t('exchange.activity.verb.changed-stage');
      const stage = pitchStages.find((s) => s === item.summary);
      if (stage) detail = t('exchange.activity.stageTo', { stage: t(stageLabel(stage)) });
      break;
    }
    default:
      verb = item.summary || item.verb;
  }
  const title = item.subject?.title ?? '';
  const sentence = [actor, verb, title ? `“${title}”` : '', detail].filter(Boolean).join(' ');
  return { actor, verb, detail, sentence };
}

import { t } from '../../i18n/i18n.ts';
import type { OutgoingEmail } from '../../mail/mailer.ts';
import { timeZoneLabel, whereText } from './events.text.ts';
import { formatRange } from './events.time.ts';

export interface MailContext {
  hubName: string;
  publicUrl: string;
}

/** What an email about an event says of it; the joining link only for someone going. */
export interface EmailEvent {
  slug: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  attendance: 'in-person' | 'online' | 'hybrid';
  venue: string;
  address: string;
  access: string;
  onlineUrl: string;
}

export type EventEmailKind = 'promoted' | 'cancelled' | 'changed' | 'reminder';

function details(event: EmailEvent, context: MailContext, withLink: boolean): string[] {
  const lines = [
    `${t('events.email.when')} ${formatRange(event.startsAt, event.endsAt, event.timeZone)} (${timeZoneLabel(event.timeZone)})`,
    `${t('events.email.where')} ${whereText(event)}`,
  ];
  if (event.access) lines.push(`${t('events.email.access')} ${event.access}`);
  if (withLink && event.onlineUrl && event.attendance !== 'in-person') lines.push(`${t('events.email.join')} ${event.onlineUrl}`);
  lines.push('', t('events.email.page'), `${context.publicUrl}/events/${event.slug}`);
  return lines;
}

/**
 * An email to one person about an event they are on the list for. `going` says whether they have
 * a place (and so may have the joining link); `reason` is the hosts' message on cancelling.
 */
export function eventEmail(
  kind: EventEmailKind,
  recipient: { email: string; name: string },
  event: EmailEvent,
  context: MailContext,
  options: { going: boolean; reason?: string },
): OutgoingEmail {
  const params = { title: event.title, hub: context.hubName, name: recipient.name };
  const greeting = t('events.email.greeting', params);
  const sign = ['', t('events.email.signature', params)];
  switch (kind) {
    case 'promoted':
      return {
        to: recipient.email,
        subject: t('events.email.promoted.subject', params),
        text: [greeting, '', t('events.email.promoted.body', params), '', ...details(event, context, true), '', t('events.email.giveUp'), ...sign].join('\n'),
      };
    case 'cancelled':
      return {
        to: recipient.email,
        subject: t('events.email.cancelled.subject', params),
        text: [
          greeting,
          '',
          t('events.email.cancelled.body', { ...params, when: formatRange(event.startsAt, event.endsAt, event.timeZone) }),
          ...(options.reason ? ['', t('events.email.cancelled.reason'), options.reason] : []),
          '',
          t('events.email.page'),
          `${context.publicUrl}/events/${event.slug}`,
          ...sign,
        ].join('\n'),
      };
    case 'changed':
      return {
        to: recipient.email,
        subject: t('events.email.changed.subject', params),
        text: [
          greeting,
          '',
          t(options.going ? 'events.email.changed.body' : 'events.email.changed.bodyWaiting', params),
          '',
          ...details(event, context, options.going),
          ...sign,
        ].join('\n'),
      };
    case 'reminder':
      return {
        to: recipient.email,
        subject: t('events.email.reminder.subject', params),
        text: [greeting, '', t('events.email.reminder.body', params), '', ...details(event, context, true), '', t('events.email.giveUp'), ...sign].join('\n'),
      };
  }
}

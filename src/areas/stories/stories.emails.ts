import { t } from '../../i18n/i18n.ts';
import type { OutgoingEmail } from '../../mail/mailer.ts';

export interface MailContext {
  hubName: string;
  publicUrl: string;
}

/**
 * Emails to the person who nominated a story. They may have no account, so each carries what
 * it is about in words and, where they must act, a link with a secret token (only its hash is
 * kept). Nothing in them comes from anyone but the nominator and the hub's facilitators.
 */
export type NominationEmail =
  | { kind: 'confirm'; link: string; hours: number }
  | { kind: 'ask'; question: string; link: string; days: number }
  | { kind: 'declined'; reason: string }
  | { kind: 'accepted'; storyTitle: string };

export function nominationEmail(to: { email: string; name: string; people: string }, email: NominationEmail, context: MailContext): OutgoingEmail {
  const params = { hub: context.hubName, name: to.name, people: to.people };
  const greeting = t('stories.email.greeting', params);
  const sign = ['', t('stories.email.signature', params)];
  switch (email.kind) {
    case 'confirm':
      return {
        to: to.email,
        subject: t('stories.email.confirm.subject', params),
        text: [greeting, '', t('stories.email.confirm.body', params), '', email.link, '', t('stories.email.confirm.expiry', { hours: email.hours }), t('stories.email.notYou'), ...sign].join('\n'),
      };
    case 'ask':
      return {
        to: to.email,
        subject: t('stories.email.ask.subject', params),
        text: [greeting, '', t('stories.email.ask.body', params), '', email.question, '', t('stories.email.ask.link'), email.link, '', t('stories.email.ask.expiry', { days: email.days }), ...sign].join('\n'),
      };
    case 'declined':
      return {
        to: to.email,
        subject: t('stories.email.declined.subject', params),
        text: [greeting, '', t('stories.email.declined.body', params), '', email.reason, '', t('stories.email.declined.after'), ...sign].join('\n'),
      };
    case 'accepted':
      return {
        to: to.email,
        subject: t('stories.email.accepted.subject', params),
        text: [greeting, '', t('stories.email.accepted.body', { ...params, title: email.storyTitle }), ...sign].join('\n'),
      };
  }
}

/**
 * To the people who review nominations (story facilitators and administrators), when a new one is
 * confirmed and waiting for them. It names what the nomination is about and links to it; who
 * nominated and their email stay on the review page, behind sign-in.
 */
export function reviewerEmail(to: { email: string; name: string }, nomination: { id: number; people: string; place: string }, context: MailContext): OutgoingEmail {
  const params = { hub: context.hubName, name: to.name };
  return {
    to: to.email,
    subject: t('stories.email.review.subject', params),
    text: [
      t('stories.email.review.greeting', params),
      '',
      t('stories.email.review.body', params),
      '',
      `“${nomination.people}”`,
      ...(nomination.place ? [t('stories.email.review.where', { where: nomination.place })] : []),
      '',
      t('stories.email.review.link'),
      `${context.publicUrl}/stories/review/${nomination.id}`,
      '',
      t('stories.email.review.why', params),
    ].join('\n'),
  };
}

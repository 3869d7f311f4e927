import type { FastifyInstance } from 'fastify';
import { t } from '../../i18n/i18n.ts';
import type { OutgoingEmail } from '../../mail/mailer.ts';
import type { DigestPeriod, NotificationKind } from './notifications.model.ts';
import { unsubscribeUrl, type UnsubscribeScope } from './notifications.unsubscribe.ts';

interface Recipient {
  id: number;
  email: string;
  display_name: string;
}

/** Header values must stay on one line, whatever a title held. */
function oneLine(text: string, max = 150): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * The unsubscribe footer and the RFC 8058 headers: mail programs show a one-click "Unsubscribe"
 * that POSTs `List-Unsubscribe=One-Click` to the URL, which needs no sign-in.
 */
async function footer(app: FastifyInstance, recipient: Recipient, headerScope: UnsubscribeScope, kinds: NotificationKind[]) {
  const headerUrl = await unsubscribeUrl(app, recipient.id, headerScope);
  const lines = ['-- ', t('notifications.email.why', { hub: app.hub.name() })];
  const scopes: UnsubscribeScope[] = headerScope === 'daily' || headerScope === 'weekly' ? [headerScope, ...kinds] : [headerScope];
  for (const scope of scopes) {
    lines.push('', t('notifications.email.stop', { about: t(`notifications.about.${scope}`) }), await unsubscribeUrl(app, recipient.id, scope));
  }
  lines.push('', t('notifications.email.preferences'), `${app.config.publicUrl}/settings/notifications`);
  return {
    text: lines.join('\n'),
    headers: { 'List-Unsubscribe': `<${headerUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}

/** One notification, emailed as it happens. */
export async function immediateEmail(
  app: FastifyInstance,
  recipient: Recipient,
  n: { kind: NotificationKind; text: string; url: string },
): Promise<OutgoingEmail> {
  const end = await footer(app, recipient, n.kind, [n.kind]);
  const text = [
    t('notifications.email.hello', { name: recipient.display_name }),
    '',
    n.text,
    '',
    t('notifications.email.open'),
    `${app.config.publicUrl}${n.url}`,
    '',
    end.text,
  ].join('\n');
  return { to: recipient.email, subject: oneLine(t('notifications.email.subject', { text: n.text })), text, headers: end.headers };
}

export interface DigestGroup {
  title: string;
  url: string;
  lines: { text: string; url: string }[];
}

/** Everything a member chose to hear about once a day or week, in one email grouped by subject. */
export async function digestEmail(
  app: FastifyInstance,
  recipient: Recipient,
  period: DigestPeriod,
  groups: DigestGroup[],
  kinds: NotificationKind[],
): Promise<OutgoingEmail> {
  const count = groups.reduce((sum, group) => sum + group.lines.length, 0);
  const intro = count === 1 ? t('notifications.digest.intro.one') : t(`notifications.digest.intro.${period}`, { count });
  const body = [t('notifications.email.hello', { name: recipient.display_name }), '', intro];
  for (const group of groups) {
    body.push('', '', oneLine(group.title, 200), `${app.config.publicUrl}${group.url}`);
    for (const line of group.lines) {
      body.push('', `* ${line.text}`);
      if (line.url !== group.url) body.push(`  ${app.config.publicUrl}${line.url}`);
    }
  }
  const end = await footer(app, recipient, period, kinds);
  return {
    to: recipient.email,
    subject: oneLine(t(`notifications.digest.subject.${period}`, { hub: app.hub.name() })),
    text: [...body, '', '', end.text].join('\n'),
    headers: end.headers,
  };
}

import { t } from '../../i18n/i18n.ts';
import type { SignalKind } from '../../db/schema.ts';
import {
  Button,
  CsrfField,
  ErrorSummary,
  Pagination,
  Select,
  TextArea,
  TextField,
  type FieldErrors,
  type FormValues,
} from '../../web/components.tsx';
import type { PageContext, Viewer } from '../../web/context.ts';
import { Layout } from '../../web/layout.tsx';
import { limits, signalKinds } from './signals.forms.ts';
import type { OwnSignal, PublicSignalSummary, TeamSignal } from './signals.queries.ts';

const longDate = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'Europe/London' });
const pounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', minimumFractionDigits: 0, maximumFractionDigits: 2 });

export const pitchPath = (slug: string) => `/pitches/${slug}`;
export const signalsPath = (slug: string) => `/pitches/${slug}/signals`;

export function formatAmount(amount: number): string {
  return pounds.format(amount);
}

function When({ date }: { date: Date }) {
  return (
    <time datetime={date.toISOString()} safe>
      {longDate.format(date)}
    </time>
  );
}

/** A form that failed, to be shown again with what the person typed and what was wrong. */
export interface FailedForm {
  kind: SignalKind;
  values: FormValues;
  errors: FieldErrors;
}

export interface SignalsPanelProps {
  pitch: { slug: string; title: string; status: 'draft' | 'published' };
  viewer: Viewer | null;
  onTeam: boolean;
  csrfToken: string;
  summary: PublicSignalSummary;
  own: OwnSignal[];
  /** Organisations the viewer may speak for, and whether each has already said it needs this too. */
  organisations: { slug: string; name: string; declared: boolean }[];
  /** Only for the team. */
  team: { signals: TeamSignal[]; hasNext: boolean; page: number } | null;
  failed?: FailedForm | undefined;
  /** The full signals page lists every page of the team list; the pitch page shows the first. */
  standalone?: boolean;
}

/** "4 can help · 12 would use this · 3 organisations need this too: Kirklees Council, …" */
export function SignalCounts({ summary }: { summary: PublicSignalSummary }) {
  const { counts, organisations } = summary;
  const parts: JSX.Element[] = [];
  for (const kind of ['can-help', 'would-use', 'could-fund'] as const) {
    if (counts[kind] > 0) parts.push(<span safe>{t(`signals.count.${kind}`, { count: counts[kind] })}</span>);
  }
  if (counts['need-too'] > 0) {
    const more = counts['need-too'] - organisations.length;
    parts.push(
      <span>
        <span safe>{counts['need-too'] === 1 ? t('signals.count.need-too.one') : t('signals.count.need-too.other', { count: counts['need-too'] })}</span>
        {': '}
        {organisations.map((organisation, index) => (
          <>
            {index > 0 ? ', ' : ''}
            <a href={`/organisations/${organisation.slug}`} safe>
              {organisation.name}
            </a>
          </>
        ))}
        {more > 0 ? <span safe>{` ${t('signals.andMore', { count: more })}`}</span> : ''}
      </span>,
    );
  }
  if (counts.follow > 0) parts.push(<span safe>{t('signals.count.follow', { count: counts.follow })}</span>);
  if (parts.length === 0) return <p class="signal-counts" safe>{t('signals.none')}</p>;
  return (
    <p class="signal-counts">
      {parts.map((part, index) => (
        <>
          {index > 0 ? ' · ' : ''}
          {part}
        </>
      ))}
    </p>
  );
}

function ownSignalText(signal: OwnSignal): string {
  switch (signal.kind) {
    case 'can-help':
      return t('signals.mine.can-help', { note: signal.note });
    case 'could-fund':
      return signal.amount === null ? t('signals.mine.could-fund') : t('signals.mine.could-fund.amount', { amount: formatAmount(signal.amount) });
    case 'need-too':
      return t('signals.mine.need-too', { organisation: signal.organisation?.name ?? '' });
    case 'would-use':
      return t('signals.mine.would-use');
    case 'follow':
      return t('signals.mine.follow');
  }
}

function OwnSignals({ slug, signals, csrfToken }: { slug: string; signals: OwnSignal[]; csrfToken: string }) {
  if (signals.length === 0) return <></>;
  return (
    <>
      <h3 safe>{t('signals.mine.title')}</h3>
      <ul class="own-signals">
        {signals.map((signal) => (
          <li>
            <span safe>{ownSignalText(signal)}</span>
            {signal.kind === 'could-fund' && signal.note ? (
              <>
                {' '}
                <span safe>{t('signals.mine.note', { note: signal.note })}</span>
              </>
            ) : (
              ''
            )}{' '}
            <form method="post" action={`${signalsPath(slug)}/${signal.kind}/withdraw`} class="inline-form">
              <CsrfField token={csrfToken} />
              <Button
                kind="secondary"
                label={signal.kind === 'follow' ? t('signals.unfollow') : t('signals.withdraw.label', { kind: t(`signals.kind.${signal.kind}`) })}
              />
            </form>
          </li>
        ))}
      </ul>
    </>
  );
}

function SignalForm({
  slug,
  kind,
  csrfToken,
  organisations,
  failed,
}: {
  slug: string;
  kind: SignalKind;
  csrfToken: string;
  organisations: { slug: string; name: string; declared: boolean }[];
  failed: FailedForm | undefined;
}) {
  const values = failed?.kind === kind ? failed.values : {};
  const errors = failed?.kind === kind ? failed.errors : {};
  const open = (children: JSX.Element, label: string) => (
    <form method="post" action={signalsPath(slug)} class="signal-form stack">
      <CsrfField token={csrfToken} />
      <input type="hidden" name="kind" value={kind} />
      {children}
      <Button kind={kind === 'follow' ? 'secondary' : 'primary'} label={label} />
    </form>
  );
  switch (kind) {
    case 'can-help':
      return open(
        <TextArea
          name="help_note"
          label={t('signals.help.note')}
          hint={t('signals.help.note.hint')}
          value={values.help_note}
          error={errors.help_note}
          maxLength={limits.note}
          rows={3}
        />,
        t('signals.help.submit'),
      );
    case 'would-use':
      return open(<></>, t('signals.use.submit'));
    case 'could-fund':
      return open(
        <fieldset>
          <legend safe>{t('signals.kind.could-fund')}</legend>
          <TextField
            name="fund_amount"
            label={t('signals.fund.amount')}
            hint={t('signals.fund.amount.hint')}
            value={values.fund_amount}
            error={errors.fund_amount}
            inputmode="decimal"
            maxLength={20}
            optional
          />
          <TextArea
            name="fund_note"
            label={t('signals.fund.note')}
            hint={t('signals.fund.note.hint')}
            value={values.fund_note}
            error={errors.fund_note}
            maxLength={limits.note}
            rows={2}
            optional
          />
        </fieldset>,
        t('signals.fund.submit'),
      );
    case 'need-too': {
      const declared = organisations.filter((o) => o.declared);
      const undeclared = organisations.filter((o) => !o.declared);
      if (organisations.length > 0 && undeclared.length === 0) {
        return <p class="hint" safe>{t('signals.need.allDeclared', { organisations: declared.map((o) => o.name).join(', ') })}</p>;
      }
      if (organisations.length === 0) {
        return (
          <p class="hint">
            <span safe>{t('signals.need.noOrganisations')}</span>{' '}
            <a href="/organisations" safe>
              {t('signals.need.findOrganisation')}
            </a>
          </p>
        );
      }
      return open(
        <Select
          name="organisation"
          label={t('signals.need.organisation')}
          hint={t('signals.need.organisation.hint')}
          value={values.organisation ?? (undeclared.length === 1 ? undeclared[0]!.slug : '')}
          error={errors.organisation}
          options={undeclared.map((o) => ({ value: o.slug, label: o.name }))}
          blank={undeclared.length === 1 ? undefined : t('signals.need.organisation.choose')}
        />,
        t('signals.need.submit'),
      );
    }
    case 'follow':
      return open(<p class="hint" safe>{t('signals.follow.hint')}</p>, t('signals.follow.submit'));
  }
}

function TeamList({
  slug,
  team,
  needCount,
  standalone,
}: {
  slug: string;
  team: { signals: TeamSignal[]; hasNext: boolean; page: number };
  needCount: number;
  standalone: boolean;
}) {
  return (
    <>
      <h3 id="signals-team-title" safe>
        {t('signals.team.title')}
      </h3>
      <p class="hint" safe>
        {t('signals.team.hint')}
      </p>
      {team.signals.length === 0 ? (
        <p safe>{t('signals.team.none')}</p>
      ) : (
        // A list rather than a table: notes are sentences, and a table of them is unreadable on a phone.
        <ul class="team-signals stack" aria-labelledby="signals-team-title">
          {team.signals.map((signal) => (
            <li class="team-signal">
              <p>
                <a href={`/members/${signal.member.handle}`} safe>
                  {signal.member.name}
                </a>
                {signal.organisation ? (
                  <>
                    {', '}
                    <a href={`/organisations/${signal.organisation.slug}`} safe>
                      {signal.organisation.name}
                    </a>
                  </>
                ) : (
                  ''
                )}
                {' · '}
                <strong safe>{t(`signals.kind.${signal.kind}`)}</strong>
                {' · '}
                <When date={signal.createdAt} />
              </p>
              {signal.amount === null ? (
                ''
              ) : (
                <p safe>{t('signals.team.amount', { amount: formatAmount(signal.amount) })}</p>
              )}
              {signal.note ? (
                <p class="user-text" safe>
                  {signal.note}
                </p>
              ) : (
                ''
              )}
              <p>
                <a href={`${signalsPath(slug)}/${signal.id}/reply`} safe>
                  {t('signals.team.replyTo', { name: signal.member.name })}
                </a>
              </p>
            </li>
          ))}
        </ul>
      )}
      {standalone ? (
        <Pagination page={team.page} hasNext={team.hasNext} path={signalsPath(slug)} query={{}} />
      ) : team.hasNext ? (
        <p>
          <a href={`${signalsPath(slug)}?page=2`} safe>
            {t('signals.team.seeAll')}
          </a>
        </p>
      ) : (
        ''
      )}
      <ul class="actions">
        {team.signals.length > 0 ? (
          <li>
            <a href={`${signalsPath(slug)}.csv`} safe>
              {t('signals.team.csv')}
            </a>
          </li>
        ) : (
          ''
        )}
        {needCount > 0 ? (
          <li>
            <a href={`/pitches/${slug}/invite-commissioning`} safe>
              {t('signals.team.invite')}
            </a>
          </li>
        ) : (
          ''
        )}
      </ul>
    </>
  );
}

/** The interest part of a pitch page: counts, the viewer's own signals, forms and, for the team, who. */
export function SignalsPanel(props: SignalsPanelProps) {
  const { pitch, viewer, onTeam, csrfToken, summary, own, organisations, team, failed } = props;
  const sent = new Set(own.map((signal) => signal.kind));
  const published = pitch.status === 'published';
  const available = signalKinds.filter((kind) => !sent.has(kind) && (kind === 'follow' || !onTeam));
  return (
    <section id="signals" class="signals" aria-labelledby="signals-title">
      <h2 id="signals-title" safe>
        {t('signals.title')}
      </h2>
      {!published ? (
        <p safe>{t('signals.draft')}</p>
      ) : (
        <>
          {failed ? <ErrorSummary errors={failed.errors} /> : ''}
          <SignalCounts summary={summary} />
          {viewer ? <OwnSignals slug={pitch.slug} signals={own} csrfToken={csrfToken} /> : ''}
          {!viewer ? (
            <p>
              <a href={`/sign-in?next=${encodeURIComponent(`${pitchPath(pitch.slug)}#signals`)}`} safe>
                {t('signals.signIn')}
              </a>
            </p>
          ) : available.length > 0 ? (
            <>
              <h3 safe>{t('signals.add.title')}</h3>
              <p class="hint" safe>
                {onTeam ? t('signals.team.intro') : t('signals.add.intro')}
              </p>
              <div class="signal-forms stack">
                {available.map((kind) => (
                  <SignalForm slug={pitch.slug} kind={kind} csrfToken={csrfToken} organisations={organisations} failed={failed} />
                ))}
              </div>
            </>
          ) : (
            ''
          )}
        </>
      )}
      {team ? <TeamList slug={pitch.slug} team={team} needCount={summary.counts['need-too']} standalone={props.standalone ?? false} /> : ''}
    </section>
  );
}

/** The signals of one pitch on a page of their own: where failed forms come back, and the team's full list. */
export function SignalsPage(props: SignalsPanelProps & { page: PageContext }) {
  return (
    <Layout page={props.page} title={t('signals.page.title', { title: props.pitch.title })}>
      <p>
        <a href={pitchPath(props.pitch.slug)} safe>
          {t('signals.page.back', { title: props.pitch.title })}
        </a>
      </p>
      <h1 safe>{t('signals.page.title', { title: props.pitch.title })}</h1>
      <SignalsPanel {...props} standalone />
    </Layout>
  );
}

export function ReplyPage({
  page,
  pitch,
  signal,
  values = {},
  errors = {},
}: {
  page: PageContext;
  pitch: { slug: string; title: string };
  signal: { id: number; kind: SignalKind; name: string; handle: string };
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const title = t('signals.reply.title', { name: signal.name });
  return (
    <Layout page={page} title={title}>
      <p>
        <a href={pitchPath(pitch.slug)} safe>
          {t('signals.page.back', { title: pitch.title })}
        </a>
      </p>
      <h1 safe>{title}</h1>
      <ErrorSummary errors={errors} />
      <p safe>{t('signals.reply.intro', { name: signal.name })}</p>
      <p safe>{t('signals.reply.about', { kind: t(`signals.kind.${signal.kind}`) })}</p>
      <form method="post" action={`${signalsPath(pitch.slug)}/${signal.id}/reply`} class="stack">
        <CsrfField token={page.csrfToken} />
        <TextArea
          name="message"
          label={t('signals.reply.message')}
          hint={t('signals.reply.message.hint')}
          value={values.message}
          error={errors.message}
          maxLength={limits.message}
          rows={6}
        />
        <div class="actions">
          <Button label={t('signals.reply.submit')} />
          <a href={`${signalsPath(pitch.slug)}#signals-team-title`} safe>
            {t('signals.reply.cancel')}
          </a>
        </div>
      </form>
    </Layout>
  );
}

export function InvitePage({
  page,
  pitch,
  organisations,
  values = {},
  errors = {},
}: {
  page: PageContext;
  pitch: { slug: string; title: string };
  organisations: { slug: string; name: string }[];
  values?: FormValues;
  errors?: FieldErrors;
}) {
  return (
    <Layout page={page} title={t('signals.invite.title')}>
      <p>
        <a href={pitchPath(pitch.slug)} safe>
          {t('signals.page.back', { title: pitch.title })}
        </a>
      </p>
      <h1 safe>{t('signals.invite.title')}</h1>
      <ErrorSummary errors={errors} />
      {organisations.length === 0 ? (
        <p safe>{t('signals.invite.none')}</p>
      ) : (
        <>
          <p safe>{t('signals.invite.intro', { organisations: organisations.map((o) => o.name).join(', ') })}</p>
          <form method="post" action={`/pitches/${pitch.slug}/invite-commissioning`} class="stack">
            <CsrfField token={page.csrfToken} />
            <TextArea
              name="message"
              label={t('signals.invite.message')}
              hint={t('signals.invite.message.hint')}
              value={values.message}
              error={errors.message}
              maxLength={limits.message}
              rows={8}
            />
            <div class="actions">
              <Button label={t('signals.invite.submit')} />
              <a href={pitchPath(pitch.slug)} safe>
                {t('signals.reply.cancel')}
              </a>
            </div>
          </form>
        </>
      )}
    </Layout>
  );
}

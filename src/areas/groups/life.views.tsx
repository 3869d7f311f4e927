import { t, type MessageKey } from '../../i18n/i18n.ts';
import {
  ActionForm,
  Button,
  Choices,
  CsrfField,
  DataLinks,
  DataTable,
  ErrorSummary,
  Notice,
  Pagination,
  TextArea,
  TextField,
  type FieldErrors,
  type FormValues,
} from '../../web/components.tsx';
import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/layout.tsx';
import { ActionButton, groupPath } from './groups.views.tsx';
import { messageLimits, notifyChoices } from './life.forms.ts';
import type {
  DeletionOutline,
  GroupAccess,
  GroupActivityItem,
  GroupFlag,
  MemberRow,
  PinnedItem,
  SentMessage,
  UnansweredPost,
  WaitingPerson,
  WeekSummary,
} from './life.queries.ts';

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/London' });
const dayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'Europe/London' });
const fullDate = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/London' });

function When({ at }: { at: Date }) {
  return (
    <time datetime={at.toISOString()} safe>
      {dateTime.format(at)}
    </time>
  );
}

type GroupHead = Pick<GroupAccess, 'slug' | 'name' | 'canFacilitate'>;

// ---- Sub-pages of a group --------------------------------------------------------------------

export type GroupTab = 'overview' | 'activity' | 'members' | 'attention' | 'message';

/** The group's own pages, as tabs; the facilitators' ones only for them. */
export function GroupNav({ group, current }: { group: GroupHead; current: GroupTab }) {
  const path = groupPath(group.slug);
  const tabs: { tab: GroupTab; href: string; label: MessageKey }[] = [
    { tab: 'overview', href: path, label: 'groups.nav.overview' },
    { tab: 'activity', href: `${path}/activity`, label: 'groups.nav.activity' },
    { tab: 'members', href: `${path}/members`, label: 'groups.nav.members' },
  ];
  if (group.canFacilitate) {
    tabs.push({ tab: 'attention', href: `${path}/attention`, label: 'groups.nav.attention' }, { tab: 'message', href: `${path}/message`, label: 'groups.nav.message' });
  }
  return (
    <nav class="tabs" aria-label={t('groups.nav.label')}>
      <ul>
        {tabs.map((tab) => (
          <li>
            <a href={tab.href} aria-current={tab.tab === current ? 'page' : undefined} safe>
              {t(tab.label)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Breadcrumb({ group }: { group: GroupHead }) {
  return (
    <p>
      <a href="/groups" safe>
        {t('groups.title')}
      </a>
      {' › '}
      <a href={groupPath(group.slug)} safe>
        {group.name}
      </a>
    </p>
  );
}

// ---- Activity --------------------------------------------------------------------------------

const sentenceKeys: Record<GroupActivityItem['kind'], MessageKey> = {
  post: 'groups.activity.post',
  reply: 'groups.activity.reply',
  pitch: 'groups.activity.pitch',
  joined: 'groups.activity.joined',
  subgroup: 'groups.activity.subgroup',
  started: 'groups.activity.started',
};

/** What happened, as a sentence: "Maya Member posted in Estate panel". */
export function activitySentence(item: GroupActivityItem, groupName: string): string {
  return t(sentenceKeys[item.kind], { actor: item.actor?.name ?? t('groups.activity.someone'), title: item.title, group: groupName });
}

function PinButton({
  page,
  group,
  subject,
  pinned,
  back,
  name,
}: {
  page: PageContext;
  group: GroupHead;
  subject: { type: string; id: number };
  pinned: boolean;
  back: 'group' | 'activity';
  name: string;
}) {
  return (
    <ActionForm inline page={page} action={`${groupPath(group.slug)}/pins${pinned ? '/remove' : ''}`}>
      <input type="hidden" name="subjectType" value={subject.type} />
      <input type="hidden" name="subjectId" value={String(subject.id)} />
      <input type="hidden" name="back" value={back} />
      <ActionButton kind="secondary" label={t(pinned ? 'groups.pins.unpin' : 'groups.pins.pin')} name={name} />
    </ActionForm>
  );
}

export function ActivityList({
  page,
  group,
  items,
  back,
}: {
  page: PageContext;
  group: GroupHead;
  items: GroupActivityItem[];
  /** Where pin buttons return to; without it (the group page's short list) there are none. */
  back?: 'activity';
}) {
  if (items.length === 0) return <p safe>{t('groups.activity.empty')}</p>;
  return (
    <ol class="stack activity-list">
      {items.map((item) => {
        const sentence = activitySentence(item, group.name);
        return (
          <li>
            <p>
              <a href={item.path} safe>
                {sentence}
              </a>
              {item.pinned ? (
                <>
                  {' '}
                  <span class="badge" safe>
                    {t('groups.pins.badge')}
                  </span>
                </>
              ) : (
                ''
              )}
            </p>
            {item.excerpt ? <p safe>{item.excerpt}</p> : ''}
            <p class="muted">
              <When at={item.at} />
            </p>
            {back && group.canFacilitate && item.pinnable ? (
              <PinButton page={page} group={group} subject={item.pinnable} pinned={item.pinned} back={back} name={sentence} />
            ) : (
              ''
            )}
          </li>
        );
      })}
    </ol>
  );
}

export function ActivityPage({
  page,
  group,
  items,
  pageNumber,
  hasNext,
}: {
  page: PageContext;
  group: GroupAccess;
  items: GroupActivityItem[];
  pageNumber: number;
  hasNext: boolean;
}) {
  const path = `${groupPath(group.slug)}/activity`;
  const title = t('groups.activity.title', { name: group.name });
  const query = pageNumber > 1 ? `?page=${pageNumber}` : '';
  return (
    <Layout
      page={page}
      title={title}
      alternates={[
        { type: 'application/rss+xml', href: `${path}.rss`, title },
        { type: 'application/atom+xml', href: `${path}.atom`, title },
        { type: 'application/json', href: `${path}.json${query}` },
      ]}
    >
      <Breadcrumb group={group} />
      <h1 safe>{title}</h1>
      <GroupNav group={group} current="activity" />
      <p safe>{t('groups.activity.intro')}</p>
      <ActivityList page={page} group={group} items={items} back="activity" />
      <Pagination page={pageNumber} hasNext={hasNext} path={path} query={{}} />
      <DataLinks
        links={[
          { label: 'JSON', href: `${path}.json${query}` },
          { label: 'RSS', href: `${path}.rss` },
          { label: 'Atom', href: `${path}.atom` },
        ]}
      />
    </Layout>
  );
}

// ---- On the group page -----------------------------------------------------------------------

export function PinnedSection({ page, group, items }: { page: PageContext; group: GroupHead; items: PinnedItem[] }) {
  if (items.length === 0) return <></>;
  return (
    <section aria-labelledby="pinned-title" class="pinned">
      <h2 id="pinned-title" safe>
        {t('groups.pins.title')}
      </h2>
      <ul class="stack">
        {items.map((item) => {
          const name = item.type === 'pitch' ? item.title : t('groups.pins.postBy', { name: item.author?.name ?? t('groups.activity.someone') });
          return (
            <li class="card">
              <h3 class="card__title">
                <a href={item.path} safe>
                  {name}
                </a>
              </h3>
              {item.excerpt ? <p safe>{item.excerpt}</p> : ''}
              <p class="muted">
                <span safe>{`${t(item.type === 'pitch' ? 'groups.pins.kind.pitch' : 'groups.pins.kind.post')} · `}</span>
                <When at={item.at} />
              </p>
              {group.canFacilitate ? <PinButton page={page} group={group} subject={item} pinned back="group" name={name} /> : ''}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function RecentActivitySection({ page, group, items }: { page: PageContext; group: GroupHead; items: GroupActivityItem[] }) {
  return (
    <section aria-labelledby="recent-title">
      <h2 id="recent-title" safe>
        {t('groups.activity.recent')}
      </h2>
      <ActivityList page={page} group={group} items={items} />
      <p>
        <a href={`${groupPath(group.slug)}/activity`} safe>
          {t('groups.activity.all')}
        </a>
      </p>
    </section>
  );
}

function NotifyForm({ page, slug, value, errors = {}, back }: { page: PageContext; slug: string; value: unknown; errors?: FieldErrors; back?: 'group' }) {
  return (
    <form method="post" action={`${groupPath(slug)}/notifications`} novalidate>
      <CsrfField token={page.csrfToken} />
      {back ? <input type="hidden" name="back" value={back} /> : ''}
      <Choices
        name="notify"
        label={t('groups.notify.field')}
        hint={t('groups.notify.field.hint')}
        values={value}
        error={errors.notify}
        options={notifyChoices.map((choice) => ({ value: choice, label: t(`groups.notify.choice.${choice}`) }))}
      />
      <Button kind="secondary" label={t('groups.notify.save')} />
    </form>
  );
}

export function NotifySection({ page, slug, value, canEmail }: { page: PageContext; slug: string; value: string; canEmail: boolean }) {
  return (
    <section aria-labelledby="notify-title">
      <h2 id="notify-title" safe>
        {t('groups.notify.title')}
      </h2>
      {canEmail ? '' : <p class="hint" safe>{t('groups.notify.noEmail')}</p>}
      <NotifyForm page={page} slug={slug} value={value} back="group" />
    </section>
  );
}

export function NotifyPage({
  page,
  group,
  values,
  errors,
  canEmail,
}: {
  page: PageContext;
  group: GroupAccess;
  values: FormValues;
  errors?: FieldErrors;
  canEmail: boolean;
}) {
  const title = t('groups.notify.pageTitle', { name: group.name });
  return (
    <Layout page={page} title={title}>
      <Breadcrumb group={group} />
      <h1 safe>{title}</h1>
      <ErrorSummary errors={errors} />
      <p safe>{t('groups.notify.intro')}</p>
      {canEmail ? '' : (
        <Notice kind="warning">
          <p safe>{t('groups.notify.noEmail')}</p>
        </Notice>
      )}
      <NotifyForm page={page} slug={group.slug} value={values.notify} errors={errors} />
      <p>
        <a href="/settings/notifications" safe>
          {t('groups.notify.allSettings')}
        </a>
      </p>
    </Layout>
  );
}

// ---- Members ---------------------------------------------------------------------------------

function RequestActions({ page, group, person, back }: { page: PageContext; group: GroupHead; person: WaitingPerson; back: 'members' | 'attention' }) {
  const memberPath = `${groupPath(group.slug)}/members/${person.handle}`;
  return (
    <div class="actions">
      <ActionForm inline page={page} action={`${memberPath}/approve`}>
        <input type="hidden" name="back" value={back} />
        <ActionButton kind="primary" label={t('groups.requests.approve')} name={person.name} />
      </ActionForm>
      <ActionForm inline page={page} action={`${memberPath}/decline`}>
        <input type="hidden" name="back" value={back} />
        <ActionButton kind="secondary" label={t('groups.requests.decline')} name={person.name} />
      </ActionForm>
    </div>
  );
}

function RequestsList({ page, group, people, more, back }: { page: PageContext; group: GroupHead; people: WaitingPerson[]; more: boolean; back: 'members' | 'attention' }) {
  return (
    <>
      {people.length === 0 ? (
        <p safe>{t('groups.requests.none')}</p>
      ) : (
        <ul class="stack">
          {people.map((person) => (
            <li>
              <a href={`/members/${person.handle}`} safe>
                {person.name}
              </a>{' '}
              <span class="muted">
                <span safe>{`${t('groups.requests.asked')} `}</span>
                <When at={person.askedAt} />
              </span>
              <RequestActions page={page} group={group} person={person} back={back} />
            </li>
          ))}
        </ul>
      )}
      {more ? <p safe>{t('groups.requests.more')}</p> : ''}
    </>
  );
}

function MemberActions({ page, group, member }: { page: PageContext; group: GroupHead; member: MemberRow }) {
  const memberPath = `${groupPath(group.slug)}/members/${member.handle}`;
  return (
    <div class="actions">
      <ActionForm inline page={page} action={`${memberPath}/${member.role === 'facilitator' ? 'make-member' : 'make-facilitator'}`}>
        <input type="hidden" name="back" value="members" />
        <ActionButton kind="secondary" label={t(member.role === 'facilitator' ? 'groups.manage.makeMember' : 'groups.manage.makeFacilitator')} name={member.name} />
      </ActionForm>
      <ActionForm inline page={page} action={`${memberPath}/remove`}>
        <input type="hidden" name="back" value="members" />
        <ActionButton kind="warning" label={t('groups.manage.remove')} name={member.name} />
      </ActionForm>
    </div>
  );
}

export function MembersPage({
  page,
  group,
  members,
  pageNumber,
  hasNext,
  requests,
}: {
  page: PageContext;
  group: GroupAccess;
  members: MemberRow[];
  pageNumber: number;
  hasNext: boolean;
  /** Only for facilitators. */
  requests: { people: WaitingPerson[]; more: boolean } | null;
}) {
  const path = `${groupPath(group.slug)}/members`;
  const title = t('groups.members.title', { name: group.name });
  const query = pageNumber > 1 ? `?page=${pageNumber}` : '';
  return (
    <Layout
      page={page}
      title={title}
      alternates={[
        { type: 'application/json', href: `${path}.json${query}` },
        { type: 'text/csv', href: `${path}.csv${query}` },
      ]}
    >
      <Breadcrumb group={group} />
      <h1 safe>{title}</h1>
      <GroupNav group={group} current="members" />
      <p safe>{t(group.memberCount === 1 ? 'groups.memberCount.one' : 'groups.memberCount', { count: group.memberCount })}</p>
      {requests ? (
        <section aria-labelledby="requests-title">
          <h2 id="requests-title" safe>
            {t('groups.requests.title')}
          </h2>
          <RequestsList page={page} group={group} people={requests.people} more={requests.more} back="members" />
        </section>
      ) : (
        ''
      )}
      <section aria-labelledby="member-list-title">
        <h2 id="member-list-title" safe>
          {t('groups.members.list')}
        </h2>
        {members.length === 0 ? (
          <p safe>{t('groups.members.none')}</p>
        ) : (
          <ul class="stack member-list">
            {members.map((member) => (
              <li>
                <a href={`/members/${member.handle}`} safe>
                  {member.name}
                </a>
                {member.role === 'facilitator' ? (
                  <>
                    {' '}
                    <span class="badge" safe>
                      {t('groups.role.facilitator')}
                    </span>
                  </>
                ) : (
                  ''
                )}
                <span class="muted">
                  {' · '}
                  <span safe>{t('groups.members.joined', { date: fullDate.format(member.joinedAt) })}</span>
                </span>
                {group.canFacilitate && page.viewer?.id !== member.userId ? <MemberActions page={page} group={group} member={member} /> : ''}
              </li>
            ))}
          </ul>
        )}
      </section>
      <Pagination page={pageNumber} hasNext={hasNext} path={path} query={{}} />
      <DataLinks
        links={[
          { label: 'JSON', href: `${path}.json${query}` },
          { label: 'CSV', href: `${path}.csv${query}` },
        ]}
      />
    </Layout>
  );
}

// ---- What needs attention --------------------------------------------------------------------

const series = [
  { key: 'members', label: 'groups.summary.members', colour: '#1d4e89' },
  { key: 'posts', label: 'groups.summary.posts', colour: '#2f6b2f' },
  { key: 'pitches', label: 'groups.summary.pitches', colour: '#9a4400' },
] as const satisfies readonly { key: keyof WeekSummary; label: MessageKey; colour: string }[];

function weekLabel(week: WeekSummary): string {
  // The span ends just before `ends`: show its last day.
  return t('groups.summary.week', { from: dayMonth.format(week.starts), to: dayMonth.format(new Date(week.ends.getTime() - 1)) });
}

/**
 * New members, posts and pitches per week as bars, with the numbers written above them; the table
 * after it holds the same figures for screen readers and anyone who prefers numbers.
 */
export function SummaryChart({ weeks }: { weeks: WeekSummary[] }) {
  const width = 360;
  const height = 200;
  const top = 20;
  const bottom = 36;
  const left = 8;
  const plot = height - top - bottom;
  const max = Math.max(1, ...weeks.flatMap((week) => series.map((s) => week[s.key] as number)));
  const slot = (width - left * 2) / Math.max(1, weeks.length);
  const bar = Math.min(22, (slot - 16) / series.length);
  const description = t('groups.summary.description', {
    weeks: weeks.length,
    members: weeks.reduce((sum, week) => sum + week.members, 0),
    posts: weeks.reduce((sum, week) => sum + week.posts, 0),
    pitches: weeks.reduce((sum, week) => sum + week.pitches, 0),
  });
  return (
    <figure class="chart">
      <svg
        xmlns="http://www.w3.org/2000/svg"
        viewBox={`0 0 ${width} ${height}`}
        width={String(width)}
        height={String(height)}
        role="img"
        aria-labelledby="summary-chart-title summary-chart-desc"
      >
        <title id="summary-chart-title" safe>
          {t('groups.summary.chartTitle')}
        </title>
        <desc id="summary-chart-desc" safe>
          {description}
        </desc>
        <line x1={String(left)} x2={String(width - left)} y1={String(top + plot)} y2={String(top + plot)} stroke="#505a5f" stroke-width="1" />
        {weeks.map((week, index) => {
          const x0 = left + index * slot + (slot - bar * series.length) / 2;
          return (
            <g>
              {series.map((s, i) => {
                const value = week[s.key] as number;
                const h = Math.round((value / max) * plot);
                const x = x0 + i * bar;
                return (
                  <>
                    <rect x={String(x + 1)} y={String(top + plot - h)} width={String(bar - 2)} height={String(h)} fill={s.colour} />
                    <text x={String(x + bar / 2)} y={String(top + plot - h - 4)} text-anchor="middle" font-size="11" fill="#0b0c0c" safe>
                      {String(value)}
                    </text>
                  </>
                );
              })}
              <text x={String(left + index * slot + slot / 2)} y={String(height - bottom + 16)} text-anchor="middle" font-size="11" fill="#0b0c0c" safe>
                {dayMonth.format(new Date(week.ends.getTime() - 1))}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul class="chart-legend">
          {series.map((s) => (
            <li>
              <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" focusable="false">
                <rect x="0" y="0" width="12" height="12" fill={s.colour} />
              </svg>{' '}
              <span safe>{t(s.label)}</span>
            </li>
          ))}
        </ul>
        <span class="muted" safe>
          {t('groups.summary.caption')}
        </span>
      </figcaption>
    </figure>
  );
}

export function SummaryTable({ weeks }: { weeks: WeekSummary[] }) {
  return (
    <DataTable id="summary-table" caption={t('groups.summary.tableCaption')} captionHidden={false}>
      <thead>
        <tr>
          <th scope="col" safe>
            {t('groups.summary.weekColumn')}
          </th>
          {series.map((s) => (
            <th scope="col" safe>
              {t(s.label)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr>
            <th scope="row" safe>
              {weekLabel(week)}
            </th>
            {series.map((s) => (
              <td safe>{String(week[s.key])}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

export function AttentionPage({
  page,
  group,
  requests,
  unanswered,
  flags,
  weeks,
  messages,
}: {
  page: PageContext;
  group: GroupAccess;
  requests: { people: WaitingPerson[]; more: boolean };
  unanswered: UnansweredPost[];
  flags: GroupFlag[];
  weeks: WeekSummary[];
  messages: SentMessage[];
}) {
  const title = t('groups.attention.title', { name: group.name });
  const path = groupPath(group.slug);
  return (
    <Layout page={page} title={title}>
      <Breadcrumb group={group} />
      <h1 safe>{title}</h1>
      <GroupNav group={group} current="attention" />
      <p safe>{t('groups.attention.intro')}</p>

      <section aria-labelledby="requests-title">
        <h2 id="requests-title" safe>
          {t('groups.requests.title')}
        </h2>
        <RequestsList page={page} group={group} people={requests.people} more={requests.more} back="attention" />
      </section>

      <section aria-labelledby="unanswered-title">
        <h2 id="unanswered-title" safe>
          {t('groups.attention.unanswered')}
        </h2>
        {unanswered.length === 0 ? (
          <p safe>{t('groups.attention.unanswered.none')}</p>
        ) : (
          <ul class="stack">
            {unanswered.map((post) => (
              <li>
                <p>
                  <a href={`/posts/${post.id}`} safe>
                    {t('groups.pins.postBy', { name: post.author?.name ?? t('groups.activity.someone') })}
                  </a>{' '}
                  <span class="muted">
                    <When at={post.at} />
                  </span>
                </p>
                {post.excerpt ? <p safe>{post.excerpt}</p> : ''}
                <p>
                  <a href={`/posts/${post.id}/reply`} safe>
                    {t('groups.attention.replyTo', { name: post.author?.name ?? t('groups.activity.someone') })}
                  </a>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="flags-title">
        <h2 id="flags-title" safe>
          {t('groups.attention.flags')}
        </h2>
        {flags.length === 0 ? (
          <p safe>{t('groups.attention.flags.none')}</p>
        ) : (
          <ul class="stack">
            {flags.map((flag) => (
              <li>
                <p>
                  <a href={`/moderation/flags/${flag.id}`} safe>
                    {t('groups.attention.flag', { name: flag.author ?? t('groups.activity.someone') })}
                  </a>{' '}
                  <span class="muted">
                    <When at={flag.reportedAt} />
                  </span>
                </p>
                <p>
                  <span safe>{`${t('groups.attention.flagReason')} `}</span>
                  <span safe>{flag.reason}</span>
                </p>
                {flag.excerpt ? (
                  <p class="muted" safe>
                    {flag.excerpt}
                  </p>
                ) : (
                  ''
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="summary-title">
        <h2 id="summary-title" safe>
          {t('groups.summary.title')}
        </h2>
        <SummaryChart weeks={weeks} />
        <SummaryTable weeks={weeks} />
      </section>

      <section aria-labelledby="messages-title">
        <h2 id="messages-title" safe>
          {t('groups.message.sent')}
        </h2>
        <SentList messages={messages} />
        <p>
          <a class="button button--secondary" href={`${path}/message`} safe>
            {t('groups.message.link')}
          </a>
        </p>
      </section>

      {group.canDelete ? (
        <section aria-labelledby="delete-title">
          <h2 id="delete-title" safe>
            {t('groups.delete.heading')}
          </h2>
          <p>
            <a href={`${path}/delete`} safe>
              {t('groups.delete.link')}
            </a>
          </p>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

function SentList({ messages }: { messages: SentMessage[] }) {
  if (messages.length === 0) return <p safe>{t('groups.message.noneSent')}</p>;
  return (
    <ul class="stack">
      {messages.map((message) => (
        <li>
          <strong safe>{message.subject}</strong>
          <br />
          <span class="muted">
            <span safe>{`${t('groups.message.sentBy', { name: message.sender ?? t('groups.activity.someone'), count: message.recipientCount })} `}</span>
            <When at={message.sentAt} />
          </span>
        </li>
      ))}
    </ul>
  );
}

// ---- Message to every member -----------------------------------------------------------------

export function MessagePage({
  page,
  group,
  recipients,
  messages,
  values = {},
  errors = {},
}: {
  page: PageContext;
  group: GroupAccess;
  recipients: number;
  messages: SentMessage[];
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const title = t('groups.message.title', { name: group.name });
  const path = groupPath(group.slug);
  return (
    <Layout page={page} title={title}>
      <Breadcrumb group={group} />
      <h1 safe>{title}</h1>
      <GroupNav group={group} current="message" />
      <ErrorSummary errors={errors} />
      <p safe>{t(recipients === 1 ? 'groups.message.intro.one' : 'groups.message.intro', { count: recipients })}</p>
      <p class="hint" safe>
        {t('groups.message.limits')}
      </p>
      <form method="post" action={`${path}/message`} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField name="subject" label={t('groups.message.field.subject')} value={values.subject} error={errors.subject} maxLength={messageLimits.subject} />
        <TextArea
          name="body"
          label={t('groups.message.field.body')}
          hint={t('groups.message.field.body.hint')}
          value={values.body}
          error={errors.body}
          rows={10}
          maxLength={messageLimits.body}
        />
        <div class="actions">
          <Button label={t('groups.message.submit')} />
          <a href={path} safe>
            {t('form.cancel')}
          </a>
        </div>
      </form>
      <h2 safe>{t('groups.message.sent')}</h2>
      <SentList messages={messages} />
    </Layout>
  );
}

// ---- Deleting --------------------------------------------------------------------------------

export function DeletePage({
  page,
  group,
  outline,
  values = {},
  errors = {},
}: {
  page: PageContext;
  group: GroupAccess;
  outline: DeletionOutline;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const title = t('groups.delete.title', { name: group.name });
  const path = groupPath(group.slug);
  const subgroupCount = outline.subgroups.length + outline.hiddenSubgroups;
  return (
    <Layout page={page} title={title}>
      <Breadcrumb group={group} />
      <h1 safe>{title}</h1>
      <ErrorSummary errors={errors} />
      <Notice kind="warning">
        <p safe>{t('groups.delete.warning')}</p>
      </Notice>
      <h2 safe>{t('groups.delete.what')}</h2>
      <ul>
        <li safe>{t('groups.delete.what.conversation', { count: outline.posts })}</li>
        <li safe>{t('groups.delete.what.members')}</li>
        <li safe>{t('groups.delete.what.pitches', { count: outline.pitches })}</li>
        {subgroupCount > 0 ? (
          <li>
            <span safe>{t('groups.delete.what.subgroups', { count: subgroupCount })}</span>
            {outline.subgroups.length > 0 ? (
              <ul>
                {outline.subgroups.map((sub) => (
                  <li>
                    <a href={groupPath(sub.slug)} safe>
                      {sub.name}
                    </a>
                  </li>
                ))}
              </ul>
            ) : (
              ''
            )}
            {outline.hiddenSubgroups > 0 ? <p safe>{t('groups.delete.what.hiddenSubgroups', { count: outline.hiddenSubgroups })}</p> : ''}
          </li>
        ) : (
          ''
        )}
      </ul>
      <form method="post" action={`${path}/delete`} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField
          name="confirm"
          label={t('groups.delete.confirm', { name: group.name })}
          value={values.confirm}
          error={errors.confirm}
          autocomplete="off"
          spellcheck={false}
        />
        <div class="actions">
          <Button kind="warning" label={t('groups.delete.submit')} />
          <a href={path} safe>
            {t('form.cancel')}
          </a>
        </div>
      </form>
    </Layout>
  );
}

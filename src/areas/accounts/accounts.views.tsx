import { t } from '../../i18n/i18n.ts';
import {
  Button,
  CsrfField,
  DataTable,
  ErrorSummary,
  Notice,
  Pagination,
  TextField,
  type FieldErrors,
  type FormValues,
} from '../../web/components.tsx';
import type { PageContext } from '../../web/context.ts';
import { Layout } from '../../web/layout.tsx';

interface FormState {
  values?: FormValues;
  errors?: FieldErrors;
}

function AccountFields({ values = {}, errors = {}, newPassword = false }: FormState & { newPassword?: boolean }) {
  return (
    <>
      <TextField name="name" label={t('account.name')} hint={t('account.name.hint')} value={values.name} error={errors.name} autocomplete="name" maxLength={100} />
      <TextField
        name="email"
        type="email"
        label={t('account.email')}
        hint={t('account.email.hint')}
        value={values.email}
        error={errors.email}
        autocomplete="email"
        spellcheck={false}
        maxLength={254}
      />
      <TextField
        name="password"
        type="password"
        label={t('account.password')}
        hint={t('account.password.hint')}
        error={errors.password}
        autocomplete={newPassword ? 'new-password' : 'current-password'}
        maxLength={200}
      />
    </>
  );
}

export function SetupPage({ page, values = {}, errors = {} }: { page: PageContext } & FormState) {
  return (
    <Layout page={page} title={t('setup.title')}>
      <h1 safe>{t('setup.title')}</h1>
      <p safe>{t('setup.intro')}</p>
      <ErrorSummary errors={errors} />
      <form method="post" action="/setup" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField name="hubName" label={t('setup.hubName')} hint={t('setup.hubName.hint')} value={values.hubName} error={errors.hubName} maxLength={100} />
        <h2 safe>{t('setup.adminHeading')}</h2>
        <AccountFields values={values} errors={errors} newPassword />
        <Button label={t('setup.submit')} />
      </form>
    </Layout>
  );
}

export function SignUpPage({ page, values = {}, errors = {}, next = '/' }: { page: PageContext; next?: string } & FormState) {
  return (
    <Layout page={page} title={t('signUp.title')}>
      <h1 safe>{t('signUp.title')}</h1>
      <p safe>{t('signUp.intro')}</p>
      <ErrorSummary errors={errors} />
      <form method="post" action="/sign-up" novalidate>
        <CsrfField token={page.csrfToken} />
        {next === '/' ? '' : <input type="hidden" name="next" value={next} />}
        <AccountFields values={values} errors={errors} newPassword />
        <Button label={t('signUp.submit')} />
      </form>
      <p>
        <span safe>{t('signUp.haveAccount')}</span>{' '}
        <a href="/sign-in" safe>
          {t('site.signIn')}
        </a>
      </p>
    </Layout>
  );
}

export function SignInPage({ page, values = {}, errors = {}, next }: { page: PageContext; next: string } & FormState) {
  return (
    <Layout page={page} title={t('signIn.title')}>
      <h1 safe>{t('signIn.title')}</h1>
      <ErrorSummary errors={errors} />
      <form method="post" action="/sign-in" novalidate>
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="next" value={next} />
        <TextField name="email" type="email" label={t('account.email')} value={values.email} error={errors.email} autocomplete="email" spellcheck={false} maxLength={254} />
        <TextField name="password" type="password" label={t('account.password')} error={errors.password} autocomplete="current-password" maxLength={200} />
        <Button label={t('signIn.submit')} />
      </form>
      <p>
        <a href="/forgot-password" safe>
          {t('signIn.forgot')}
        </a>
      </p>
      <p>
        <span safe>{t('signIn.noAccount')}</span>{' '}
        <a href="/sign-up" safe>
          {t('site.signUp')}
        </a>
      </p>
    </Layout>
  );
}

export function ForgotPasswordPage({ page, values = {}, errors = {}, sentTo }: { page: PageContext; sentTo?: string } & FormState) {
  return (
    <Layout page={page} title={t('forgot.title')}>
      <h1 safe>{t('forgot.title')}</h1>
      {sentTo ? (
        <Notice kind="success">
          <p safe>{t('forgot.sent', { email: sentTo })}</p>
        </Notice>
      ) : (
        ''
      )}
      <p safe>{t('forgot.intro')}</p>
      <ErrorSummary errors={errors} />
      <form method="post" action="/forgot-password" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField name="email" type="email" label={t('account.email')} value={values.email} error={errors.email} autocomplete="email" spellcheck={false} maxLength={254} />
        <Button label={t('forgot.submit')} />
      </form>
    </Layout>
  );
}

export function ResetPasswordPage({ page, token, errors = {} }: { page: PageContext; token: string } & FormState) {
  return (
    <Layout page={page} title={t('reset.title')}>
      <h1 safe>{t('reset.title')}</h1>
      <ErrorSummary errors={errors} />
      <form method="post" action={`/reset-password/${token}`} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField
          name="password"
          type="password"
          label={t('account.newPassword')}
          hint={t('account.password.hint')}
          error={errors.password}
          autocomplete="new-password"
          maxLength={200}
        />
        <Button label={t('reset.submit')} />
      </form>
    </Layout>
  );
}

export function SettingsPage({
  page,
  emailVerified,
  errors = {},
  deleteErrors = {},
}: {
  page: PageContext;
  emailVerified: boolean;
  deleteErrors?: FieldErrors;
} & FormState) {
  return (
    <Layout page={page} title={t('settings.title')}>
      <h1 safe>{t('settings.title')}</h1>
      {emailVerified ? (
        ''
      ) : (
        <Notice kind="warning">
          <p safe>{t('verify.pending')}</p>
          <form method="post" action="/verify-email/resend">
            <CsrfField token={page.csrfToken} />
            <Button kind="secondary" label={t('verify.resend')} />
          </form>
        </Notice>
      )}
      <ul class="stack">
        <li>
          <a href="/settings/profile" safe>
            {t('settings.profile')}
          </a>
          <p class="hint" safe>
            {t('settings.profile.hint')}
          </p>
        </li>
        <li>
          <a href="/settings/organisations" safe>
            {t('settings.organisations')}
          </a>
        </li>
        <li>
          <a href="/settings/notifications" safe>
            {t('settings.notifications')}
          </a>
          <p class="hint" safe>
            {t('settings.notifications.hint')}
          </p>
        </li>
        <li>
          <a href="/settings/blocked" safe>
            {t('moderation.blocked.title')}
          </a>
        </li>
        <li>
          <a href="/settings/tokens" safe>
            {t('settings.tokens')}
          </a>
          <p class="hint" safe>
            {t('settings.tokens.hint')}
          </p>
        </li>
      </ul>
      <h2 safe>{t('settings.password')}</h2>
      <ErrorSummary errors={errors} />
      <form method="post" action="/settings/password" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField name="currentPassword" type="password" label={t('settings.currentPassword')} error={errors.currentPassword} autocomplete="current-password" maxLength={200} />
        <TextField
          name="password"
          type="password"
          label={t('account.newPassword')}
          hint={t('account.password.hint')}
          error={errors.password}
          autocomplete="new-password"
          maxLength={200}
        />
        <Button label={t('settings.password')} />
      </form>
      <h2 id="delete" safe>{t('settings.delete')}</h2>
      <p safe>{t('settings.delete.intro')}</p>
      <ErrorSummary errors={deleteErrors} />
      <form method="post" action="/settings/delete" novalidate data-confirm={t('settings.delete.intro')}>
        <CsrfField token={page.csrfToken} />
        <TextField name="deletePassword" type="password" label={t('settings.delete.password')} error={deleteErrors.deletePassword} autocomplete="current-password" maxLength={200} />
        <Button kind="warning" label={t('settings.delete.submit')} />
      </form>
    </Layout>
  );
}

export interface AdminMemberRow {
  id: number;
  handle: string;
  display_name: string;
  email: string;
  role: 'admin' | 'member';
  status: 'active' | 'suspended';
  created_at: Date;
}

export function AdminHome({ page }: { page: PageContext }) {
  return (
    <Layout page={page} title={t('admin.title')}>
      <h1 safe>{t('admin.title')}</h1>
      <ul>
        <li>
          <a href="/admin/members" safe>
            {t('admin.members')}
          </a>
        </li>
        <li>
          <a href="/admin/outbox" safe>
            {t('admin.outbox')}
          </a>
        </li>
        <li>
          <a href="/moderation" safe>
            {t('moderation.queue.title')}
          </a>
        </li>
        <li>
          <a href="/admin/audit" safe>
            {t('moderation.audit.title')}
          </a>
        </li>
        <li>
          <a href="/admin/knowledge" safe>
            {t('knowledge.settings.link')}
          </a>
        </li>
        <li>
          <a href="/admin/stories" safe>
            {t('stories.admin.link')}
          </a>
        </li>
        <li>
          <a href="/awards" safe>
            {t('awards.admin.link')}
          </a>
        </li>
      </ul>
    </Layout>
  );
}

export function AdminMembersPage({
  page,
  members,
  query,
  pageNumber,
  hasNext,
}: {
  page: PageContext;
  members: AdminMemberRow[];
  query: string;
  pageNumber: number;
  hasNext: boolean;
}) {
  return (
    <Layout page={page} title={t('admin.members')} wide>
      <h1 safe>{t('admin.members')}</h1>
      <p safe>{t('admin.members.intro')}</p>
      <form method="get" action="/admin/members" class="filters" role="search">
        <TextField name="q" type="search" label={t('admin.members.search')} value={query} maxLength={200} />
        <Button kind="secondary" label={t('form.search')} />
      </form>
      <DataTable id="members" caption={t('admin.members')}>
          <thead>
            <tr>
              <th scope="col" safe>{t('admin.members.name')}</th>
              <th scope="col" safe>{t('admin.members.email')}</th>
              <th scope="col" safe>{t('admin.members.role')}</th>
              <th scope="col" safe>{t('admin.members.status')}</th>
              <th scope="col" safe>{t('admin.members.joined')}</th>
              <th scope="col" safe>{t('admin.members.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr>
                <td>
                  <a href={`/members/${member.handle}`} safe>
                    {member.display_name}
                  </a>
                </td>
                <td safe>{member.email}</td>
                <td safe>{t(member.role === 'admin' ? 'admin.role.admin' : 'admin.role.member')}</td>
                <td safe>{t(member.status === 'active' ? 'admin.status.active' : 'admin.status.suspended')}</td>
                <td safe>{member.created_at.toISOString().slice(0, 10)}</td>
                <td>
                  {member.id === page.viewer?.id ? (
                    ''
                  ) : (
                    <form method="post" action={`/admin/members/${member.id}/${member.status === 'active' ? 'suspend' : 'restore'}`}>
                      <CsrfField token={page.csrfToken} />
                      <Button kind={member.status === 'active' ? 'warning' : 'secondary'} label={t(member.status === 'active' ? 'admin.members.suspend' : 'admin.members.restore', { name: member.display_name })} />
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
      </DataTable>
      <Pagination page={pageNumber} hasNext={hasNext} path="/admin/members" query={{ q: query }} />
    </Layout>
  );
}

export interface OutboxRow {
  id: number;
  recipient: string;
  subject: string;
  status: 'queued' | 'sent' | 'failed' | 'outbox';
  created_at: Date;
}

const statusKey = {
  queued: 'admin.outbox.status.queued',
  sent: 'admin.outbox.status.sent',
  failed: 'admin.outbox.status.failed',
  outbox: 'admin.outbox.status.outbox',
} as const;

export function OutboxPage({ page, emails, pageNumber, hasNext }: { page: PageContext; emails: OutboxRow[]; pageNumber: number; hasNext: boolean }) {
  return (
    <Layout page={page} title={t('admin.outbox')} wide>
      <h1 safe>{t('admin.outbox')}</h1>
      <p safe>{t('admin.outbox.intro')}</p>
      {emails.length === 0 ? (
        <p safe>{t('admin.outbox.empty')}</p>
      ) : (
        <DataTable id="outbox" caption={t('admin.outbox')}>
            <thead>
              <tr>
                <th scope="col" safe>{t('admin.outbox.subject')}</th>
                <th scope="col" safe>{t('admin.outbox.to')}</th>
                <th scope="col" safe>{t('admin.outbox.status')}</th>
                <th scope="col" safe>{t('admin.outbox.when')}</th>
              </tr>
            </thead>
            <tbody>
              {emails.map((email) => (
                <tr>
                  <td>
                    <a href={`/admin/outbox/${email.id}`} safe>
                      {email.subject}
                    </a>
                  </td>
                  <td safe>{email.recipient}</td>
                  <td safe>{t(statusKey[email.status])}</td>
                  <td safe>{email.created_at.toISOString().replace('T', ' ').slice(0, 16)}</td>
                </tr>
              ))}
            </tbody>
        </DataTable>
      )}
      <Pagination page={pageNumber} hasNext={hasNext} path="/admin/outbox" query={{}} />
    </Layout>
  );
}

export function OutboxEmailPage({
  page,
  email,
}: {
  page: PageContext;
  email: OutboxRow & { body_text: string; last_error: string | null };
}) {
  return (
    <Layout page={page} title={email.subject}>
      <p>
        <a href="/admin/outbox" safe>
          {t('admin.outbox')}
        </a>
      </p>
      <h1 safe>{email.subject}</h1>
      <dl class="summary">
        <dt safe>{t('admin.outbox.to')}</dt>
        <dd safe>{email.recipient}</dd>
        <dt safe>{t('admin.outbox.status')}</dt>
        <dd safe>{t(statusKey[email.status])}</dd>
        <dt safe>{t('admin.outbox.when')}</dt>
        <dd safe>{email.created_at.toISOString()}</dd>
      </dl>
      {email.last_error ? (
        <Notice kind="warning">
          <p safe>{email.last_error}</p>
        </Notice>
      ) : (
        ''
      )}
      <pre class="email-body" safe>
        {email.body_text}
      </pre>
    </Layout>
  );
}

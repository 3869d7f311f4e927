import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { t } from '../../i18n/i18n.ts';
import { requireAdmin, requireViewer } from '../../web/app.tsx';
import { endSession, startSession } from '../../web/auth.ts';
import { pageContext } from '../../web/context.ts';
import { parseForm } from '../../web/forms.ts';
import { rateLimited } from '../../web/limits.ts';
import { removeUpload } from '../../web/uploads.ts';
import { MessagePage } from '../../web/layout.tsx';
import {
  authenticate,
  changePassword,
  createAccount,
  deleteAccount,
  requestPasswordReset,
  resetPassword,
  resetTokenIsValid,
  sendVerificationEmail,
  setMemberStatus,
  verifyEmail,
} from './accounts.commands.ts';
import { deleteAccountForm, changePasswordForm, forgotForm, resetForm, safeNext, signInForm, signUpForm } from './accounts.forms.ts';
import {
  AdminHome,
  AdminMembersPage,
  ForgotPasswordPage,
  OutboxEmailPage,
  OutboxPage,
  ResetPasswordPage,
  SettingsPage,
  SignInPage,
  SignUpPage,
} from './accounts.views.tsx';

const pageSize = 50;

function html(reply: FastifyReply, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8');
}

function pageNumber(request: FastifyRequest) {
  const raw = Number((request.query as Record<string, unknown>).page ?? 1);
  return Number.isInteger(raw) && raw > 0 && raw < 100000 ? raw : 1;
}

export async function accountsArea(app: FastifyInstance) {
  const mailContext = () => ({ hubName: app.hub.name(), publicUrl: app.config.publicUrl });

  app.get('/sign-up', async (request, reply) => {
    const next = safeNext((request.query as Record<string, unknown>).next);
    if (request.viewer) return reply.redirect(next);
    return html(reply).send(<SignUpPage page={pageContext(request, reply)} next={next} />);
  });

  app.post('/sign-up', { config: rateLimited(app, 20, '1 hour') }, async (request, reply) => {
    // Where to go after signing up (an invitation, say); only a path on this hub.
    const next = safeNext((request.body as Record<string, unknown> | undefined)?.next);
    const parsed = parseForm(signUpForm, request.body);
    if (!parsed.ok) {
      return html(reply, 400).send(<SignUpPage page={pageContext(request, reply)} next={next} values={parsed.values} errors={parsed.errors} />);
    }
    const result = await createAccount(app.db, parsed.data);
    if (!result.ok) {
      return html(reply, 409).send(
        <SignUpPage page={pageContext(request, reply)} next={next} values={parsed.data} errors={{ email: 'account.email.taken' }} />,
      );
    }
    await sendVerificationEmail(app.db, app.mailer, mailContext(), result.userId);
    await startSession(app.db, request, reply, result.userId);
    reply.flash('success', t('signUp.done', { email: parsed.data.email }));
    return reply.redirect(next === '/' ? '/settings/profile' : next, 303);
  });

  app.get<{ Params: { token: string } }>('/verify-email/:token', async (request, reply) => {
    const result = await verifyEmail(app.db, request.params.token);
    if (!result.ok) {
      return html(reply, 410).send(
        <MessagePage page={pageContext(request, reply)} title={t('verify.invalid.title')} body={t('verify.invalid.body')} />,
      );
    }
    reply.flash('success', t('verify.done'));
    return reply.redirect(request.viewer ? '/settings' : '/sign-in', 303);
  });

  app.post('/verify-email/resend', { config: rateLimited(app, 5, '15 minutes') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    if (!request.viewer.emailVerified) await sendVerificationEmail(app.db, app.mailer, mailContext(), request.viewer.id);
    reply.flash('success', t('verify.resent'));
    return reply.redirect('/settings', 303);
  });

  app.get('/sign-in', async (request, reply) => {
    const next = safeNext((request.query as Record<string, unknown>).next);
    if (request.viewer) return reply.redirect(next);
    return html(reply).send(<SignInPage page={pageContext(request, reply)} next={next} />);
  });

  app.post('/sign-in', { config: rateLimited(app, 10, '15 minutes') }, async (request, reply) => {
    const next = safeNext((request.body as Record<string, unknown> | undefined)?.next);
    const parsed = parseForm(signInForm, request.body);
    if (!parsed.ok) {
      return html(reply, 400).send(
        <SignInPage page={pageContext(request, reply)} next={next} values={parsed.values} errors={parsed.errors} />,
      );
    }
    const result = await authenticate(app.db, parsed.data.email, parsed.data.password);
    if (!result.ok) {
      const error = result.error === 'suspended' ? 'signIn.suspended' : 'signIn.failed';
      return html(reply, result.error === 'suspended' ? 403 : 401).send(
        <SignInPage page={pageContext(request, reply)} next={next} values={{ email: parsed.data.email }} errors={{ email: error }} />,
      );
    }
    await startSession(app.db, request, reply, result.userId);
    reply.flash('success', t('signIn.done'));
    return reply.redirect(next, 303);
  });

  app.post('/sign-out', async (request, reply) => {
    await endSession(app.db, request, reply);
    reply.flash('info', t('signOut.done'));
    return reply.redirect('/', 303);
  });

  app.get('/forgot-password', async (request, reply) => {
    return html(reply).send(<ForgotPasswordPage page={pageContext(request, reply)} />);
  });

  app.post('/forgot-password', { config: rateLimited(app, 5, '15 minutes') }, async (request, reply) => {
    const parsed = parseForm(forgotForm, request.body);
    if (!parsed.ok) {
      return html(reply, 400).send(
        <ForgotPasswordPage page={pageContext(request, reply)} values={parsed.values} errors={parsed.errors} />,
      );
    }
    await requestPasswordReset(app.db, app.mailer, mailContext(), parsed.data.email);
    return html(reply).send(<ForgotPasswordPage page={pageContext(request, reply)} sentTo={parsed.data.email} />);
  });

  app.get<{ Params: { token: string } }>('/reset-password/:token', async (request, reply) => {
    if (!(await resetTokenIsValid(app.db, request.params.token))) {
      return html(reply, 410).send(
        <MessagePage page={pageContext(request, reply)} title={t('verify.invalid.title')} body={t('verify.invalid.body')} />,
      );
    }
    return html(reply).send(<ResetPasswordPage page={pageContext(request, reply)} token={request.params.token} />);
  });

  app.post<{ Params: { token: string } }>(
    '/reset-password/:token',
    { config: rateLimited(app, 10, '15 minutes') },
    async (request, reply) => {
      const parsed = parseForm(resetForm, request.body);
      if (!parsed.ok) {
        return html(reply, 400).send(
          <ResetPasswordPage page={pageContext(request, reply)} token={request.params.token} errors={parsed.errors} />,
        );
      }
      const result = await resetPassword(app.db, request.params.token, parsed.data.password);
      if (!result.ok) {
        return html(reply, 410).send(
          <MessagePage page={pageContext(request, reply)} title={t('verify.invalid.title')} body={t('verify.invalid.body')} />,
        );
      }
      request.sessionId = null;
      await startSession(app.db, request, reply, result.userId);
      reply.flash('success', t('reset.done'));
      return reply.redirect('/', 303);
    },
  );

  app.get('/settings', async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    return html(reply).send(<SettingsPage page={pageContext(request, reply)} emailVerified={request.viewer.emailVerified} />);
  });

  app.post('/settings/password', { config: rateLimited(app, 10, '15 minutes') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const viewer = request.viewer;
    const parsed = parseForm(changePasswordForm, request.body);
    const result = parsed.ok ? await changePassword(app.db, viewer.id, parsed.data.currentPassword, parsed.data.password) : undefined;
    if (!parsed.ok || !result?.ok) {
      const errors = parsed.ok ? { currentPassword: 'settings.currentPassword.wrong' } : parsed.errors;
      return html(reply, 400).send(
        <SettingsPage page={pageContext(request, reply)} emailVerified={viewer.emailVerified} errors={errors} />,
      );
    }
    request.sessionId = null;
    await startSession(app.db, request, reply, viewer.id);
    reply.flash('success', t('settings.password.done'));
    return reply.redirect('/settings', 303);
  });

  app.post('/settings/delete', { config: rateLimited(app, 10, '15 minutes') }, async (request, reply) => {
    if (!requireViewer(request, reply)) return reply;
    const viewer = request.viewer;
    const password = (request.body as Record<string, unknown> | undefined)?.deletePassword;
    const parsed = parseForm(deleteAccountForm, { password });
    const result = parsed.ok ? await deleteAccount(app.db, viewer.id, parsed.data.password) : undefined;
    if (!result?.ok) {
      const error = !parsed.ok ? 'account.password.required' : result?.error === 'last-admin' ? 'settings.delete.lastAdmin' : 'settings.currentPassword.wrong';
      return html(reply, 400).send(
        <SettingsPage page={pageContext(request, reply)} emailVerified={viewer.emailVerified} deleteErrors={{ deletePassword: error }} />,
      );
    }
    if (result.photo) await removeUpload(app.config.uploadsDir, result.photo);
    reply.clearCookie('seedbed_session', { path: '/' });
    reply.flash('info', t('settings.delete.done'));
    return reply.redirect('/', 303);
  });

  app.get('/admin', async (request, reply) => {
    if (!requireAdmin(request, reply)) return reply;
    return html(reply).send(<AdminHome page={pageContext(request, reply)} />);
  });

  app.get('/admin/members', async (request, reply) => {
    if (!requireAdmin(request, reply)) return reply;
    const query = String((request.query as Record<string, unknown>).q ?? '').trim().slice(0, 200);
    const page = pageNumber(request);
    let select = app.db
      .selectFrom('users')
      .select(['id', 'handle', 'display_name', 'email', 'role', 'status', 'created_at'])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(pageSize + 1)
      .offset((page - 1) * pageSize);
    if (query) {
      const like = `%${query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      select = select.where((eb) => eb.or([eb(sql`lower(display_name)`, 'like', like), eb(sql`lower(email)`, 'like', like)]));
    }
    const rows = await select.execute();
    return html(reply).send(
      <AdminMembersPage
        page={pageContext(request, reply)}
        members={rows.slice(0, pageSize)}
        query={query}
        pageNumber={page}
        hasNext={rows.length > pageSize}
      />,
    );
  });

  for (const action of ['suspend', 'restore'] as const) {
    app.post<{ Params: { id: string } }>(`/admin/members/:id/${action}`, async (request, reply) => {
      if (!requireAdmin(request, reply)) return reply;
      const id = Number(request.params.id);
      if (!Number.isSafeInteger(id)) return app.showMessage(request, reply, 404, { title: 'error.notFound.title', body: 'error.notFound.body' });
      const result = await setMemberStatus(app.db, request.viewer!.id, id, action === 'suspend' ? 'suspended' : 'active');
      if (!result.ok) {
        if (result.error === 'not-found') {
          return app.showMessage(request, reply, 404, { title: 'error.notFound.title', body: 'error.notFound.body' });
        }
        reply.flash('warning', t('admin.members.cannotSuspendSelf'));
      } else {
        reply.flash('success', t(action === 'suspend' ? 'admin.members.suspended' : 'admin.members.restored', { name: result.name }));
      }
      return reply.redirect('/admin/members', 303);
    });
  }

  app.get('/admin/outbox', async (request, reply) => {
    if (!requireAdmin(request, reply)) return reply;
    const page = pageNumber(request);
    const rows = await app.db
      .selectFrom('emails')
      .select(['id', 'recipient', 'subject', 'status', 'created_at'])
      .orderBy('id', 'desc')
      .limit(pageSize + 1)
      .offset((page - 1) * pageSize)
      .execute();
    return html(reply).send(
      <OutboxPage page={pageContext(request, reply)} emails={rows.slice(0, pageSize)} pageNumber={page} hasNext={rows.length > pageSize} />,
    );
  });

  app.get<{ Params: { id: string } }>('/admin/outbox/:id', async (request, reply) => {
    if (!requireAdmin(request, reply)) return reply;
    const id = Number(request.params.id);
    const email = Number.isSafeInteger(id)
      ? await app.db
          .selectFrom('emails')
          .select(['id', 'recipient', 'subject', 'status', 'created_at', 'body_text', 'last_error'])
          .where('id', '=', id)
          .executeTakeFirst()
      : undefined;
    if (!email) return app.showMessage(request, reply, 404, { title: 'error.notFound.title', body: 'error.notFound.body' });
    return html(reply).send(<OutboxEmailPage page={pageContext(request, reply)} email={email} />);
  });
}

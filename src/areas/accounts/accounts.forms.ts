import { z } from 'zod';
import { form } from '../../web/forms.ts';

const email = z
  .string({ error: 'account.email.required' })
  .trim()
  .min(1, 'account.email.required')
  .max(254, 'form.tooLong:254')
  .pipe(z.email({ error: 'account.email.invalid' }));

const password = z
  .string({ error: 'account.password.required' })
  .min(1, 'account.password.required')
  .min(10, 'account.password.short')
  .max(200, 'account.password.long');

const name = form.text(100, 'account.name.required');

export const signUpForm = z.object({ name, email, password });
export const setupForm = z.object({ hubName: form.text(100), name, email, password });
export const signInForm = z.object({
  email,
  // Any password is checked against the account; length rules apply only when choosing one.
  password: z.string({ error: 'account.password.required' }).min(1, 'account.password.required').max(200, 'account.password.long'),
});
export const forgotForm = z.object({ email });
export const resetForm = z.object({ password });
export const changePasswordForm = z.object({
  currentPassword: z.string({ error: 'account.password.required' }).min(1, 'account.password.required').max(200),
  password,
});

/** Only paths on this hub are followed after sign-in, never another site. */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/';
}

export const deleteAccountForm = z.object({
  password: z.string({ error: 'account.password.required' }).min(1, 'account.password.required').max(200),
});

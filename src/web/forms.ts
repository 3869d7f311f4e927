import { z } from 'zod';
import type { FieldErrors } from './components.tsx';

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, unknown> };

/**
 * Checks a submitted form against its schema. On failure the caller re-renders the form with
 * `values` (what the person typed) and `errors` (one message per field, first problem only).
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const values = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : '_form';
    if (!(field in errors)) errors[field] = issue.message;
  }
  return { ok: false, errors, values };
}

/** Form fields arrive as strings (or arrays of strings for repeated names); these read them. */
export const form = {
  /** Trimmed text, required, at most `max` characters. */
  text(max: number, required = 'form.required') {
    return z
      .string({ error: required })
      .trim()
      .min(1, required)
      .max(max, { error: `form.tooLong:${max}` });
  },
  /** Trimmed text that may be empty (becomes ''). */
  optionalText(max: number) {
    return z
      .string()
      .trim()
      .max(max, { error: `form.tooLong:${max}` })
      .optional()
      .transform((value) => value ?? '');
  },
  /** One of a fixed set of values; an empty string means none chosen. */
  optionalChoice<T extends string>(values: readonly T[]) {
    // A union reports its own message, not its members', so the message goes on the union.
    return z
      .union([z.literal(''), z.enum(values as unknown as [T, ...T[]])], { error: 'form.invalidChoice' })
      .optional()
      .transform((value) => (value ? (value as T) : null));
  },
  choice<T extends string>(values: readonly T[], error = 'form.invalidChoice') {
    return z.enum(values as unknown as [T, ...T[]], { error });
  },
  /** Checkbox groups: absent, one string or several; only known values are accepted. */
  choices<T extends string>(values: readonly T[]) {
    return z
      .union([z.string(), z.array(z.string())])
      .optional()
      .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
      .pipe(z.array(z.enum(values as unknown as [T, ...T[]], { error: 'form.invalidChoice' })));
  },
  /** Comma-separated tags, lower-cased, de-duplicated, each at most 40 characters, at most `max` tags. */
  tags(max = 20) {
    return z
      .string()
      .optional()
      .transform((value) => parseTags(value ?? ''))
      .pipe(
        z
          .array(z.string().max(40, { error: 'form.tagTooLong' }))
          .max(max, { error: `form.tooManyTags:${max}` }),
      );
  },
  optionalUrl(max = 500) {
    return z
      .string()
      .trim()
      .max(max, { error: `form.tooLong:${max}` })
      .optional()
      .transform((value) => value ?? '')
      .refine((value) => value === '' || isWebAddress(value), { error: 'form.invalidUrl' });
  },
};

export function parseTags(value: string): string[] {
  const seen = new Set<string>();
  for (const raw of value.split(',')) {
    const tag = raw.trim().toLowerCase().replace(/\s+/g, ' ');
    if (tag) seen.add(tag);
  }
  return [...seen];
}

export function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

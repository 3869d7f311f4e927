import { english } from './en/index.ts';

/**
 * The one message catalogue. Every word the interface shows is looked up here by key, so a
 * translation (Welsh first) is a second catalogue with the same keys and nothing else changes.
 */
export type MessageKey = keyof typeof english;
export type Catalogue = Record<MessageKey, string>;

const catalogues: Record<string, Catalogue> = { en: english };

export type Params = Record<string, string | number>;

export function translate(locale: string, key: MessageKey, params?: Params): string {
  const template = catalogues[locale]?.[key] ?? english[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The English catalogue is the only one for now; callers that know the viewer pass their locale. */
export function t(key: MessageKey, params?: Params): string {
  return translate('en', key, params);
}

export function isMessageKey(value: string): value is MessageKey {
  return value in english;
}

/** Form errors carry message keys; anything else (a library's own text) is shown as it is. */
export function tMaybe(value: string, params?: Params): string {
  if (isMessageKey(value)) return t(value, params);
  // "form.tooLong:500" carries its limit after the colon, so schemas need no access to the catalogue.
  const [key, max] = value.split(':');
  if (key && max !== undefined && isMessageKey(key)) return t(key, { max, ...params });
  return value;
}

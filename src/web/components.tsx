import type { Children } from '@kitajs/html';
import { t, tMaybe, type MessageKey } from '../i18n/i18n.ts';

/** Form errors are keyed by field name; each value is a message key or a finished sentence. */
export type FieldErrors = Record<string, string>;
export type FormValues = Record<string, unknown>;

export function fieldId(name: string) {
  return `field-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
}

export function ErrorSummary({ errors }: { errors: FieldErrors | undefined }) {
  const entries = Object.entries(errors ?? {});
  if (entries.length === 0) return <></>;
  return (
    <div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title" data-autofocus>
      <h2 id="error-summary-title" safe>{t('form.errorSummary')}</h2>
      <ul>
        {entries.map(([name, message]) => (
          <li>
            <a href={name === '_form' ? '#main' : `#${fieldId(name)}`} safe>
              {tMaybe(message)}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldShell {
  name: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  optional?: boolean;
}

function Hint({ name, hint }: { name: string; hint?: string | undefined }) {
  return hint ? (
    <p class="hint" id={`${fieldId(name)}-hint`} safe>
      {hint}
    </p>
  ) : (
    <></>
  );
}

function ErrorMessage({ name, error }: { name: string; error?: string | undefined }) {
  return error ? (
    <p class="field-error" id={`${fieldId(name)}-error`} safe>
      {tMaybe(error)}
    </p>
  ) : (
    <></>
  );
}

function describedBy(name: string, hint?: string, error?: string) {
  const ids = [hint ? `${fieldId(name)}-hint` : '', error ? `${fieldId(name)}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Label({ name, label, optional }: { name: string; label: string; optional?: boolean | undefined }) {
  return (
    <label for={fieldId(name)}>
      <span safe>{label}</span>
      {optional ? <span class="optional" safe>{` ${t('form.optional')}`}</span> : ''}
    </label>
  );
}

export function TextField(
  props: FieldShell & {
    value?: unknown;
    type?: 'text' | 'email' | 'password' | 'url' | 'search' | 'number' | 'tel' | 'date' | 'time';
    autocomplete?: string;
    maxLength?: number;
    inputmode?: string;
    spellcheck?: boolean;
  },
) {
  const { name, label, hint, error } = props;
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <Label name={name} label={label} optional={props.optional} />
      <Hint name={name} hint={hint} />
      <ErrorMessage name={name} error={error} />
      <input
        id={fieldId(name)}
        name={name}
        type={props.type ?? 'text'}
        value={props.type === 'password' ? undefined : attributeText(valueText(props.value))}
        autocomplete={props.autocomplete}
        maxlength={props.maxLength}
        spellcheck={props.spellcheck === false ? 'false' : undefined}
        aria-describedby={describedBy(name, hint, error)}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
}

export function TextArea(props: FieldShell & { value?: unknown; rows?: number; maxLength?: number }) {
  const { name, label, hint, error } = props;
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <Label name={name} label={label} optional={props.optional} />
      <Hint name={name} hint={hint} />
      <ErrorMessage name={name} error={error} />
      <textarea
        id={fieldId(name)}
        name={name}
        rows={String(props.rows ?? 5)}
        maxlength={props.maxLength}
        aria-describedby={describedBy(name, hint, error)}
        aria-invalid={error ? 'true' : undefined}
        safe
      >
        {valueText(props.value)}
      </textarea>
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function Select(props: FieldShell & { value?: unknown; options: Option[]; blank?: string }) {
  const { name, label, hint, error } = props;
  const current = valueText(props.value);
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <Label name={name} label={label} optional={props.optional} />
      <Hint name={name} hint={hint} />
      <ErrorMessage name={name} error={error} />
      <select
        id={fieldId(name)}
        name={name}
        aria-describedby={describedBy(name, hint, error)}
        aria-invalid={error ? 'true' : undefined}
      >
        {props.blank !== undefined ? (
          <option value="" safe>
            {props.blank}
          </option>
        ) : (
          ''
        )}
        {props.options.map((option) => (
          <option value={option.value} selected={option.value === current} safe>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A group of checkboxes (several choices) or radios (one choice), in a fieldset with a legend. */
export function Choices(
  props: FieldShell & { options: Option[]; values?: unknown; multiple?: boolean; inline?: boolean },
) {
  const { name, label, hint, error } = props;
  const selected = new Set(
    (Array.isArray(props.values) ? props.values : props.values === undefined ? [] : [props.values]).map(String),
  );
  return (
    <div class={error ? 'field field--error' : 'field'} id={fieldId(name)} tabindex="-1">
      <fieldset aria-describedby={describedBy(name, hint, error)}>
        <legend>
          <span safe>{label}</span>
          {props.optional ? <span class="optional" safe>{` ${t('form.optional')}`}</span> : ''}
        </legend>
        <Hint name={name} hint={hint} />
        <ErrorMessage name={name} error={error} />
        <div class={props.inline ? 'choices choices--inline' : 'choices'}>
          {props.options.map((option, index) => (
            <div class="choice">
              <input
                type={props.multiple ? 'checkbox' : 'radio'}
                id={`${fieldId(name)}-${index}`}
                name={name}
                value={option.value}
                checked={selected.has(option.value)}
              />
              <label for={`${fieldId(name)}-${index}`} safe>
                {option.label}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

/**
 * A form that posts one action (a button or two) with its CSRF token: `inline` sits beside other
 * actions, `label` names it for screen readers, `confirm` is asked before it is sent.
 */
export function ActionForm({
  page,
  action,
  children,
  inline = false,
  label,
  confirm,
}: {
  page: { csrfToken: string };
  action: string;
  children: Children;
  inline?: boolean;
  label?: string;
  confirm?: string | undefined;
}) {
  return (
    <form method="post" action={action} class={inline ? 'inline-form' : undefined} aria-label={label} data-confirm={confirm}>
      <CsrfField token={page.csrfToken} />
      {children}
    </form>
  );
}

/** A submit button; its text is given as `label` so it is always escaped. */
export function Button({
  label,
  kind = 'primary',
  name,
  value,
}: {
  label: string;
  kind?: 'primary' | 'secondary' | 'warning';
  name?: string;
  value?: string;
}) {
  return (
    <button type="submit" class={`button button--${kind}`} name={name} value={value} safe>
      {label}
    </button>
  );
}

export function Notice({ kind = 'info', children }: { kind?: 'info' | 'success' | 'warning'; children: Children }) {
  return (
    <div class={`notice notice--${kind}`} role={kind === 'info' ? undefined : 'status'}>
      {children}
    </div>
  );
}

export function Tags({ tags, hrefFor }: { tags: string[]; hrefFor?: (tag: string) => string }) {
  if (tags.length === 0) return <></>;
  return (
    <ul class="tags" aria-label={t('tag.label')}>
      {tags.map((tag) => (
        <li>
          {hrefFor ? (
            <a class="tag" href={hrefFor(tag)} safe>
              {tag}
            </a>
          ) : (
            <span class="tag" safe>
              {tag}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

export function Card({ title, href, children }: { title: string; href: string; children?: Children }) {
  return (
    <article class="card">
      <h3 class="card__title">
        <a href={href} safe>
          {title}
        </a>
      </h3>
      {children ?? ''}
    </article>
  );
}

/**
 * Page links keep the current filters. `page` counts from 1; `hasNext` comes from fetching one
 * row more than shown, so no count(*) is needed on large tables.
 */
export function Pagination({
  page,
  hasNext,
  path,
  query,
}: {
  page: number;
  hasNext: boolean;
  path: string;
  query: Record<string, string | string[] | undefined>;
}) {
  if (page <= 1 && !hasNext) return <></>;
  const href = (target: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (key === 'page' || value === undefined || value === '') continue;
      for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
    }
    if (target > 1) params.set('page', String(target));
    const qs = params.toString();
    return qs ? `${path}?${qs}` : path;
  };
  return (
    <nav class="pagination" aria-label={t('pagination.label')}>
      <ul>
        {page > 1 ? (
          <li>
            <a href={href(page - 1)} rel="prev" safe>
              {t('pagination.previous')}
            </a>
          </li>
        ) : (
          ''
        )}
        <li aria-current="page" safe>
          {t('pagination.page', { page })}
        </li>
        {hasNext ? (
          <li>
            <a href={href(page + 1)} rel="next" safe>
              {t('pagination.next')}
            </a>
          </li>
        ) : (
          ''
        )}
      </ul>
    </nav>
  );
}

export function DataLinks({ links }: { links: { label: string; href: string }[] }) {
  if (links.length === 0) return <></>;
  return (
    <p class="data-links">
      <span safe>{t('site.dataFormats')}</span>{' '}
      {links.map((link, index) => (
        <>
          {index > 0 ? ', ' : ''}
          <a href={link.href} safe>
            {link.label}
          </a>
        </>
      ))}
    </p>
  );
}

export function Message({ id }: { id: MessageKey }) {
  return <span safe>{t(id)}</span>;
}

/**
 * @kitajs/html escapes only double quotes inside attributes. That is safe, but "&amp;" typed into a
 * field would come back as "&" when the form is shown again; escaping ampersands keeps it exact.
 */
export function attributeText(value: string): string {
  return value.replace(/&/g, '&amp;');
}

function valueText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/**
 * A data table that may be wider than a phone: it scrolls sideways inside a focusable region, so
 * keyboard users can scroll it too, and the caption names the region.
 */
export function DataTable({ id, caption, captionHidden = true, children }: { id: string; caption: string; captionHidden?: boolean; children: Children }) {
  return (
    <div class="table-wrap" tabindex="0" role="region" aria-labelledby={`${id}-caption`}>
      <table class="data" id={id}>
        <caption id={`${id}-caption`} class={captionHidden ? 'visually-hidden' : undefined} safe>
          {caption}
        </caption>
        {children}
      </table>
    </div>
  );
}

/**
 * The end of a filter form: the button that applies it and, once something is filtered, a link
 * back to the unfiltered list.
 */
export function FilterActions({ label, clearHref, filtered }: { label: string; clearHref: string; filtered: boolean }) {
  return (
    <div class="actions">
      <Button kind="secondary" label={label} />
      {filtered ? (
        <a href={clearHref} safe>
          {t('form.clearFilters')}
        </a>
      ) : (
        ''
      )}
    </div>
  );
}

import type { Change as DiffPart } from 'diff';
import { t } from '../../i18n/i18n.ts';
import {
  Button,
  CsrfField,
  DataLinks,
  DataTable,
  ErrorSummary,
  Notice,
  Pagination,
  Select,
  TextArea,
  TextField,
  type FieldErrors,
  type FormValues,
} from '../../web/components.tsx';
import type { PageContext } from '../../web/context.ts';
import { Layout, type Alternate } from '../../web/layout.tsx';
import type { StoredPage } from './knowledge.commands.ts';
import { summaryMax, templateLabel, templates, titleMax } from './knowledge.forms.ts';
import type { Change, PageDetail, PageSummary, Person, Revision } from './knowledge.queries.ts';
import { snippetHtml } from '../exchange/exchange.queries.ts';

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

export function formatDateTime(date: Date): string {
  return dateTimeFormat.format(date);
}

export const knowledgePath = (slug: string) => `/knowledge/${slug}`;

function PersonLink({ person }: { person: Person | null }) {
  if (!person) return <span safe>{t('knowledge.history.unknown')}</span>;
  return (
    <a href={`/members/${person.handle}`} safe>
      {person.name}
    </a>
  );
}

function When({ date }: { date: Date }) {
  return (
    <time datetime={date.toISOString()} safe>
      {formatDateTime(date)}
    </time>
  );
}

function Snippet({ snippet }: { snippet: string }) {
  // Escaped whole by snippetHtml before its <mark> tags are added; the "safe" prefix tells xss-scan so.
  const safeSnippet = snippetHtml(snippet);
  return <p class="snippet">{safeSnippet}</p>;
}

// ---- Index ----------------------------------------------------------------------------------

export function IndexPage(props: {
  page: PageContext;
  canEdit: boolean;
  q: string;
  pages: PageSummary[];
  hasNext: boolean;
  pageNumber: number;
  recent: Change[];
}) {
  const { q } = props;
  const searching = q !== '';
  const alternates: Alternate[] = [
    { type: 'application/rss+xml', href: '/knowledge.rss', title: t('knowledge.feed.title') },
    { type: 'application/atom+xml', href: '/knowledge.atom', title: t('knowledge.feed.title') },
  ];
  const query = searching ? `?q=${encodeURIComponent(q)}` : '';
  return (
    <Layout page={props.page} title={searching ? t('knowledge.search.title', { q }) : t('knowledge.index.title')} alternates={alternates}>
      <h1 safe>{t('knowledge.index.title')}</h1>
      <p safe>{t('knowledge.index.intro')}</p>
      {props.canEdit ? (
        <p>
          <a class="button button--primary" href="/knowledge/new" safe>
            {t('knowledge.index.new')}
          </a>
        </p>
      ) : (
        ''
      )}
      <form method="get" action="/knowledge" role="search" class="search-form">
        <TextField name="q" type="search" label={t('knowledge.search.label')} value={q} maxLength={200} />
        <Button label={t('form.search')} kind="secondary" />
      </form>
      <section aria-labelledby="knowledge-list">
        <h2 id="knowledge-list" safe>
          {searching ? t('knowledge.search.results', { q }) : t('knowledge.index.all')}
        </h2>
        {props.pages.length === 0 ? (
          <p safe>{searching ? t('knowledge.search.none') : t('knowledge.index.none')}</p>
        ) : (
          <ul class="knowledge-list">
            {props.pages.map((page) => (
              <li>
                <a href={knowledgePath(page.slug)} safe>
                  {page.title}
                </a>
                {page.snippet !== null ? <Snippet snippet={page.snippet} /> : ''}
                <p class="meta">
                  <When date={page.updatedAt} />
                </p>
              </li>
            ))}
          </ul>
        )}
        <Pagination page={props.pageNumber} hasNext={props.hasNext} path="/knowledge" query={searching ? { q } : {}} />
      </section>
      {searching ? (
        ''
      ) : (
        <section aria-labelledby="knowledge-recent">
          <h2 id="knowledge-recent" safe>
            {t('knowledge.index.recent')}
          </h2>
          {props.recent.length === 0 ? (
            <p safe>{t('knowledge.index.recentNone')}</p>
          ) : (
            <ul class="knowledge-changes">
              {props.recent.map((change) => (
                <li>
                  <a href={`${knowledgePath(change.pageSlug)}/revisions/${change.revisionId}`} safe>
                    {t('knowledge.index.change', { title: change.pageTitle, number: change.number })}
                  </a>{' '}
                  {change.summary ? <span safe>{`– ${change.summary}`}</span> : ''}{' '}
                  <span class="meta">
                    <PersonLink person={change.author} /> <When date={change.at} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <DataLinks
        links={[
          { label: 'JSON', href: `/knowledge.json${query}` },
          { label: 'CSV', href: `/knowledge.csv${query}` },
          { label: 'RSS', href: '/knowledge.rss' },
          { label: 'Atom', href: '/knowledge.atom' },
        ]}
      />
    </Layout>
  );
}

// ---- A page ---------------------------------------------------------------------------------

export function PageView(props: {
  page: PageContext;
  doc: PageDetail;
  safeHtml: string;
  backlinks: { slug: string; title: string }[];
  canEdit: boolean;
  /** For the moderators of a hidden page: where to review it or show it again. */
  reviewHref?: string | null;
}) {
  // Sanitised by renderMarkdown, wiki links escaped; the "safe" prefix tells xss-scan so.
  const { doc, safeHtml } = props;
  const path = knowledgePath(doc.slug);
  return (
    <Layout page={props.page} title={doc.title} alternates={[{ type: 'application/json', href: `${path}.json` }]}>
      {doc.hidden ? (
        <Notice kind="warning">
          <p safe>{t('moderation.hiddenNotice.knowledge-page')}</p>
          <p class="user-text" safe>
            {t('moderation.hiddenNotice.reason', { reason: doc.hidden.reason })}
          </p>
          {props.reviewHref ? (
            <p>
              <a href={props.reviewHref} safe>
                {t('moderation.content.review')}
              </a>
            </p>
          ) : (
            ''
          )}
        </Notice>
      ) : (
        ''
      )}
      <article class="knowledge-page">
        <h1 safe>{doc.title}</h1>
        <p class="meta">
          <span safe>
            {doc.lastChangedBy
              ? t('knowledge.page.lastChanged', { name: doc.lastChangedBy.name, date: formatDateTime(doc.updatedAt) })
              : t('knowledge.page.lastChangedAnon', { date: formatDateTime(doc.updatedAt) })}
          </span>
          {doc.template ? <span safe>{` ${t('knowledge.page.template', { template: t(templateLabel(doc.template)) })}`}</span> : ''}
        </p>
        <p class="actions">
          {props.canEdit && !doc.hidden ? (
            <>
              <a class="button button--secondary" href={`${path}/edit`} safe>
                {t('knowledge.page.edit')}
              </a>{' '}
            </>
          ) : (
            ''
          )}
          <a href={`${path}/history`} safe>
            {t('knowledge.page.history')}
          </a>
        </p>
        {doc.body.trim() === '' ? <p safe>{t('knowledge.page.empty')}</p> : <div class="user-text">{safeHtml}</div>}
      </article>
      <section aria-labelledby="backlinks">
        <h2 id="backlinks" safe>
          {t('knowledge.page.backlinks')}
        </h2>
        {props.backlinks.length === 0 ? (
          <p safe>{t('knowledge.page.backlinksNone')}</p>
        ) : (
          <ul>
            {props.backlinks.map((link) => (
              <li>
                <a href={knowledgePath(link.slug)} safe>
                  {link.title}
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
      {props.page.viewer ? (
        <p>
          <a href={`${path}/flag`} safe>
            {t('moderation.report.knowledge-page')}
          </a>
        </p>
      ) : (
        ''
      )}
      <DataLinks links={[{ label: 'JSON', href: `${path}.json` }]} />
    </Layout>
  );
}

// ---- New and edit ---------------------------------------------------------------------------

export function PageFormPage(props: {
  page: PageContext;
  mode: 'new' | 'edit';
  action: string;
  values: FormValues;
  errors?: FieldErrors;
  version?: number;
  doc?: PageDetail;
  conflict?: StoredPage | undefined;
  existing?: string | undefined;
}) {
  const { values, errors = {}, mode } = props;
  const title = mode === 'new' ? t('knowledge.new.title') : t('knowledge.edit.title', { title: props.doc?.title ?? '' });
  const templateOptions = templates.map((value) => ({ value, label: t(templateLabel(value)) }));
  return (
    <Layout page={props.page} title={title}>
      <h1 safe>{title}</h1>
      <ErrorSummary errors={errors} />
      {props.existing ? (
        <p>
          <a href={knowledgePath(props.existing)} safe>
            {t('knowledge.new.existsLink')}
          </a>
        </p>
      ) : (
        ''
      )}
      {props.conflict ? <ConflictPanel current={props.conflict} /> : ''}
      {mode === 'new' ? (
        <form method="get" action="/knowledge/new" class="template-form">
          <input type="hidden" name="title" value={String(values.title ?? '')} />
          <Select
            name="template"
            label={t('knowledge.field.template')}
            hint={t('knowledge.new.templateHint')}
            value={values.template ?? ''}
            options={templateOptions}
            blank={t('knowledge.template.none')}
          />
          <Button label={t('knowledge.new.useTemplate')} kind="secondary" />
        </form>
      ) : (
        ''
      )}
      {props.conflict ? <h2 safe>{t('knowledge.conflict.yours')}</h2> : ''}
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.page.csrfToken} />
        {props.version !== undefined ? <input type="hidden" name="version" value={String(props.version)} /> : ''}
        {mode === 'new' ? <input type="hidden" name="template" value={String(values.template ?? '')} /> : ''}
        <TextField
          name="title"
          label={t('knowledge.field.title')}
          hint={t('knowledge.field.title.hint')}
          value={values.title}
          error={errors.title}
          maxLength={titleMax}
        />
        <TextArea
          name="body"
          label={t('knowledge.field.body')}
          hint={t('knowledge.field.body.hint')}
          value={values.body}
          error={errors.body}
          rows={20}
        />
        <TextField
          name="summary"
          label={t('knowledge.field.summary')}
          hint={t('knowledge.field.summary.hint')}
          value={values.summary}
          error={errors.summary}
          maxLength={summaryMax}
          optional
        />
        <Button label={mode === 'new' ? t('knowledge.new.save') : t('knowledge.edit.save')} />
      </form>
      {props.doc ? (
        <p>
          <a href={knowledgePath(props.doc.slug)} safe>
            {t('knowledge.edit.cancel')}
          </a>
        </p>
      ) : (
        ''
      )}
    </Layout>
  );
}

function ConflictPanel({ current }: { current: StoredPage }) {
  return (
    <section class="conflict" aria-labelledby="conflict-title">
      <Notice kind="warning">
        <h2 id="conflict-title" safe>
          {t('knowledge.conflict.title')}
        </h2>
        <p safe>{t('knowledge.conflict.body')}</p>
      </Notice>
      <h2 safe>{t('knowledge.conflict.theirs')}</h2>
      <div class="field">
        <label for="their-title" safe>
          {t('knowledge.conflict.theirTitle')}
        </label>
        <input id="their-title" type="text" readonly value={current.title} />
      </div>
      <div class="field">
        <label for="their-body" safe>
          {t('knowledge.conflict.theirBody')}
        </label>
        <textarea id="their-body" readonly rows="12" safe>
          {current.body}
        </textarea>
      </div>
    </section>
  );
}

// ---- History, revisions, differences --------------------------------------------------------

export function HistoryPage(props: {
  page: PageContext;
  doc: PageDetail;
  revisions: Revision[];
  pageNumber: number;
  hasNext: boolean;
}) {
  const { doc } = props;
  const path = knowledgePath(doc.slug);
  const title = t('knowledge.history.title', { title: doc.title });
  const options = props.revisions.map((revision) => ({ value: String(revision.id), label: t('knowledge.history.versionNumber', { number: revision.number }) }));
  const newest = props.revisions[0];
  const previous = props.revisions[1];
  return (
    <Layout page={props.page} title={title}>
      <h1 safe>{title}</h1>
      <p>
        <a href={path} safe>
          {t('knowledge.history.back')}
        </a>
      </p>
      <DataTable id="knowledge-history" caption={t('knowledge.history.caption')}>
        <thead>
          <tr>
            <th scope="col" safe>
              {t('knowledge.history.version')}
            </th>
            <th scope="col" safe>
              {t('knowledge.history.who')}
            </th>
            <th scope="col" safe>
              {t('knowledge.history.when')}
            </th>
            <th scope="col" safe>
              {t('knowledge.history.summary')}
            </th>
            <th scope="col" safe>
              {t('knowledge.history.compare')}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.revisions.map((revision, index) => {
            const before = props.revisions[index + 1];
            return (
              <tr>
                <td>
                  <a href={`${path}/revisions/${revision.id}`} safe>
                    {t('knowledge.history.versionNumber', { number: revision.number })}
                  </a>
                  {revision.number === doc.revisionNumber ? <span safe>{` ${t('knowledge.history.current')}`}</span> : ''}
                </td>
                <td>
                  <PersonLink person={revision.author} />
                </td>
                <td>
                  <When date={revision.at} />
                </td>
                <td safe>{revision.summary}</td>
                <td>
                  {before ? (
                    <a href={`${path}/diff?from=${before.id}&to=${revision.id}`} safe>
                      {t('knowledge.history.changes', { number: before.number })}
                    </a>
                  ) : (
                    ''
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </DataTable>
      <Pagination page={props.pageNumber} hasNext={props.hasNext} path={`${path}/history`} query={{}} />
      {options.length > 1 ? (
        <form method="get" action={`${path}/diff`} class="compare-form">
          <h2 safe>{t('knowledge.history.compareTitle')}</h2>
          <Select name="from" label={t('knowledge.history.from')} options={options} value={previous ? String(previous.id) : ''} />
          <Select name="to" label={t('knowledge.history.to')} options={options} value={newest ? String(newest.id) : ''} />
          <Button label={t('knowledge.history.compareButton')} kind="secondary" />
        </form>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function RevisionPage(props: { page: PageContext; doc: PageDetail; revision: Revision; safeHtml: string; canEdit: boolean }) {
  // Sanitised by renderMarkdown, wiki links escaped; the "safe" prefix tells xss-scan so.
  const { doc, revision, safeHtml } = props;
  const path = knowledgePath(doc.slug);
  const title = t('knowledge.revision.title', { title: revision.title, number: revision.number });
  const current = revision.number === doc.revisionNumber;
  return (
    <Layout page={props.page} title={title}>
      <h1 safe>{title}</h1>
      <p class="meta" safe>
        {revision.author
          ? t('knowledge.revision.meta', { name: revision.author.name, date: formatDateTime(revision.at) })
          : t('knowledge.revision.metaAnon', { date: formatDateTime(revision.at) })}
      </p>
      <Notice kind="info">
        <p safe>{current ? t('knowledge.revision.current') : t('knowledge.revision.old')}</p>
      </Notice>
      <p>
        <a href={path} safe>
          {t('knowledge.history.back')}
        </a>{' '}
        ·{' '}
        <a href={`${path}/history`} safe>
          {t('knowledge.page.history')}
        </a>
      </p>
      {!current && props.canEdit && !props.doc.hidden ? (
        <form method="post" action={`${path}/revisions/${revision.id}/restore`}>
          <CsrfField token={props.page.csrfToken} />
          <p class="hint" safe>
            {t('knowledge.revision.restoreHint')}
          </p>
          <Button label={t('knowledge.revision.restore')} kind="secondary" />
        </form>
      ) : (
        ''
      )}
      {revision.body.trim() === '' ? <p safe>{t('knowledge.page.empty')}</p> : <div class="user-text">{safeHtml}</div>}
    </Layout>
  );
}

/** One line of a difference: its marker is text as well as the element, so it is not colour alone. */
function DiffLine({ kind, text }: { kind: 'added' | 'removed' | 'same'; text: string }) {
  if (kind === 'added') {
    return (
      <ins class="diff__line diff__line--added">
        <span class="visually-hidden" safe>
          {t('knowledge.diff.added')}
        </span>
        <span class="diff__marker" aria-hidden="true">
          +{' '}
        </span>
        <span safe>{text}</span>
      </ins>
    );
  }
  if (kind === 'removed') {
    return (
      <del class="diff__line diff__line--removed">
        <span class="visually-hidden" safe>
          {t('knowledge.diff.removed')}
        </span>
        <span class="diff__marker" aria-hidden="true">
          −{' '}
        </span>
        <span safe>{text}</span>
      </del>
    );
  }
  return (
    <span class="diff__line">
      <span class="diff__marker" aria-hidden="true">
        {'  '}
      </span>
      <span safe>{text}</span>
    </span>
  );
}

export function DiffPage(props: { page: PageContext; doc: PageDetail; from: Revision; to: Revision; parts: DiffPart[] }) {
  const { doc, from, to } = props;
  const path = knowledgePath(doc.slug);
  const title = t('knowledge.diff.title', { title: doc.title });
  const changed = props.parts.some((part) => part.added || part.removed);
  const lines: { kind: 'added' | 'removed' | 'same'; text: string }[] = [];
  for (const part of props.parts) {
    const kind = part.added ? 'added' : part.removed ? 'removed' : 'same';
    const text = part.value.endsWith('\n') ? part.value.slice(0, -1) : part.value;
    for (const line of text.split('\n')) lines.push({ kind, text: line });
  }
  return (
    <Layout page={props.page} title={title}>
      <h1 safe>{title}</h1>
      <p>
        <a href={`${path}/revisions/${from.id}`} safe>
          {t('knowledge.history.versionNumber', { number: from.number })}
        </a>{' '}
        →{' '}
        <a href={`${path}/revisions/${to.id}`} safe>
          {t('knowledge.history.versionNumber', { number: to.number })}
        </a>
      </p>
      <p>
        <a href={`${path}/history`} safe>
          {t('knowledge.page.history')}
        </a>
      </p>
      {from.title !== to.title ? <p safe>{t('knowledge.diff.titleChanged', { from: from.title, to: to.title })}</p> : ''}
      {changed ? (
        <>
          <p class="hint" safe>
            {t('knowledge.diff.key')}
          </p>
          <h2 safe>{t('knowledge.diff.between', { from: from.number, to: to.number })}</h2>
          <div class="table-wrap" role="region" tabindex="0" aria-label={t('knowledge.diff.caption')}>
            <pre class="diff">
              {lines.map((line) => (
                <>
                  <DiffLine kind={line.kind} text={line.text} />
                  {'\n'}
                </>
              ))}
            </pre>
          </div>
        </>
      ) : (
        <p safe>{t('knowledge.diff.none')}</p>
      )}
    </Layout>
  );
}

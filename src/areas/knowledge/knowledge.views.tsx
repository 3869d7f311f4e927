import type { Change as DiffPart } from 'diff';
import { t, tMaybe } from '../../i18n/i18n.ts';
import {
  Button,
  Choices,
  CsrfField,
  DataLinks,
  DataTable,
  ErrorSummary,
  Notice,
  Pagination,
  Select,
  fieldId,
  TextArea,
  TextField,
  type FieldErrors,
  type FormValues,
} from '../../web/components.tsx';
import type { PageContext } from '../../web/context.ts';
import { Layout, type Alternate } from '../../web/layout.tsx';
import type { StoredPage } from './knowledge.commands.ts';
import { attachmentExtensions, attachmentLimitBytes, kindOf } from './knowledge.files.ts';
import { attachmentDescriptionMax, summaryMax, templateLabel, templates, titleMax } from './knowledge.forms.ts';
import type { HubEditing, Wiki } from './knowledge.policy.ts';
import type { Attachment, Backlink, Change, PageDetail, PageGroup, PageSummary, Person, Revision } from './knowledge.queries.ts';
import { snippetHtml } from '../exchange/exchange.queries.ts';
import { FromEventField, FromEventNotice, type EventOrigin } from '../events/events.origin.tsx';

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

/** Where a wiki lives: the hub-wide knowledge shed, or a group's own pages. */
export interface WikiPlace {
  /** The wiki's index, e.g. /knowledge or /groups/calder-growers/knowledge. */
  base: string;
  group: PageGroup | null;
  /** Hub-wide wiki only: who may edit it. */
  editing?: HubEditing;
  /** Group wiki only: whether anyone may read it. */
  open?: boolean;
}

export const groupWikiPath = (groupSlug: string) => `/groups/${groupSlug}/knowledge`;

export function placeOf(wiki: Wiki): WikiPlace {
  if (wiki.kind === 'hub') return { base: '/knowledge', group: null, editing: wiki.editing };
  const { slug, name, visibility } = wiki.group;
  return { base: groupWikiPath(slug), group: { slug, name }, open: visibility === 'open' };
}

/** The address of a page in whichever wiki it is. */
export function pagePath(page: { slug: string; group: PageGroup | null }): string {
  return page.group ? `${groupWikiPath(page.group.slug)}/${page.slug}` : knowledgePath(page.slug);
}

const inPlace = (place: WikiPlace, slug: string) => `${place.base}/${slug}`;

/** For a group's wiki: the way back to the group (and to the wiki, from its pages). */
function Crumbs({ place, index = false }: { place: WikiPlace; index?: boolean }) {
  if (!place.group) return <></>;
  return (
    <p>
      <a href="/groups" safe>
        {t('groups.title')}
      </a>
      {' › '}
      <a href={`/groups/${place.group.slug}`} safe>
        {place.group.name}
      </a>
      {index ? (
        ''
      ) : (
        <>
          {' › '}
          <a href={place.base} safe>
            {t('knowledge.group.crumb')}
          </a>
        </>
      )}
    </p>
  );
}

/** "In the group …", for a page shown outside its own wiki (search results, backlinks). */
function GroupNote({ group, place }: { group: PageGroup | null; place: WikiPlace }) {
  if (!group || group.slug === place.group?.slug) return <></>;
  return (
    <span class="meta" safe>
      {` ${t('knowledge.inGroup', { name: group.name })}`}
    </span>
  );
}

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

function indexTitle(place: WikiPlace) {
  return place.group ? t('knowledge.group.title', { name: place.group.name }) : t('knowledge.index.title');
}

export function feedTitle(place: WikiPlace) {
  return place.group ? t('knowledge.group.feed.title', { name: place.group.name }) : t('knowledge.feed.title');
}

function indexIntro(place: WikiPlace) {
  if (place.group) return t(place.open ? 'knowledge.group.intro.open' : 'knowledge.group.intro.private', { name: place.group.name });
  return t(place.editing === 'admins' ? 'knowledge.index.introAdmins' : 'knowledge.index.intro');
}

export function IndexPage(props: {
  page: PageContext;
  place: WikiPlace;
  canEdit: boolean;
  q: string;
  pages: PageSummary[];
  hasNext: boolean;
  pageNumber: number;
  recent: Change[];
}) {
  const { q, place } = props;
  const searching = q !== '';
  const alternates: Alternate[] = [
    { type: 'application/rss+xml', href: `${place.base}.rss`, title: feedTitle(place) },
    { type: 'application/atom+xml', href: `${place.base}.atom`, title: feedTitle(place) },
  ];
  const query = searching ? `?q=${encodeURIComponent(q)}` : '';
  const title = indexTitle(place);
  return (
    <Layout page={props.page} title={searching ? t('knowledge.search.title', { q }) : title} alternates={alternates}>
      <Crumbs place={place} index />
      <h1 safe>{title}</h1>
      <p safe>{indexIntro(place)}</p>
      {props.canEdit ? (
        <p>
          <a class="button button--primary" href={`${place.base}/new`} safe>
            {t('knowledge.index.new')}
          </a>
        </p>
      ) : (
        ''
      )}
      <form method="get" action={place.base} role="search" class="search-form">
        <TextField
          name="q"
          type="search"
          label={place.group ? t('knowledge.group.search.label') : t('knowledge.search.label')}
          hint={place.group ? undefined : t('knowledge.search.hint')}
          value={q}
          maxLength={200}
        />
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
                <a href={pagePath(page)} safe>
                  {page.title}
                </a>
                <GroupNote group={page.group} place={place} />
                {page.snippet !== null ? <Snippet snippet={page.snippet} /> : ''}
                <p class="meta">
                  <When date={page.updatedAt} />
                </p>
              </li>
            ))}
          </ul>
        )}
        <Pagination page={props.pageNumber} hasNext={props.hasNext} path={place.base} query={searching ? { q } : {}} />
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
                  <a href={`${inPlace(place, change.pageSlug)}/revisions/${change.revisionId}`} safe>
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
          { label: 'JSON', href: `${place.base}.json${query}` },
          { label: 'CSV', href: `${place.base}.csv${query}` },
          { label: 'RSS', href: `${place.base}.rss` },
          { label: 'Atom', href: `${place.base}.atom` },
        ]}
      />
    </Layout>
  );
}

/** A group's latest pages, for the group's own page; shown only to those who see its content. */
export function GroupKnowledgeSection({ group, pages, canEdit }: { group: PageGroup; pages: PageSummary[]; canEdit: boolean }) {
  const base = groupWikiPath(group.slug);
  return (
    <section aria-labelledby="group-knowledge-title">
      <h2 id="group-knowledge-title" safe>
        {t('knowledge.group.section')}
      </h2>
      {pages.length === 0 ? (
        <p safe>{t('knowledge.group.sectionNone')}</p>
      ) : (
        <ul class="knowledge-list">
          {pages.map((page) => (
            <li>
              <a href={pagePath(page)} safe>
                {page.title}
              </a>
              <p class="meta">
                <When date={page.updatedAt} />
              </p>
            </li>
          ))}
        </ul>
      )}
      <p class="actions">
        <a href={base} safe>
          {t('knowledge.group.all')}
        </a>
        {canEdit ? (
          <>
            {' '}
            <a class="button button--secondary" href={`${base}/new`} safe>
              {t('knowledge.index.new')}
            </a>
          </>
        ) : (
          ''
        )}
      </p>
    </section>
  );
}

// ---- A page ---------------------------------------------------------------------------------

export function PageView(props: {
  page: PageContext;
  place: WikiPlace;
  doc: PageDetail;
  safeHtml: string;
  backlinks: Backlink[];
  attachments: Attachment[];
  canEdit: boolean;
  /** For the moderators of a hidden page: where to review it or show it again. */
  reviewHref?: string | null;
}) {
  // Sanitised by renderMarkdown, wiki links escaped; the "safe" prefix tells xss-scan so.
  const { doc, safeHtml, place } = props;
  const path = inPlace(place, doc.slug);
  return (
    <Layout page={props.page} title={doc.title} alternates={[{ type: 'application/json', href: `${path}.json` }]}>
      <Crumbs place={place} />
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
      <FilesSection page={props.page} path={path} files={props.attachments} canEdit={props.canEdit} />
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
                <a href={pagePath(link)} safe>
                  {link.title}
                </a>
                <GroupNote group={link.group} place={place} />
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

// ---- Files ----------------------------------------------------------------------------------

export function fileSize(bytes: number): string {
  if (bytes < 1024) return t('knowledge.files.bytes', { n: bytes });
  if (bytes < 1024 * 1024) return t('knowledge.files.kb', { n: Math.max(1, Math.round(bytes / 1024)) });
  return t('knowledge.files.mb', { n: (bytes / (1024 * 1024)).toFixed(1) });
}

function FileField({ error }: { error?: string | undefined }) {
  const id = fieldId('attachment');
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label for={id} safe>
        {t('knowledge.files.field')}
      </label>
      <p class="hint" id={`${id}-hint`} safe>
        {t('knowledge.files.field.hint', { size: fileSize(attachmentLimitBytes) })}
      </p>
      {error ? (
        <p class="field-error" id={`${id}-error`} safe>
          {tMaybe(error)}
        </p>
      ) : (
        ''
      )}
      <input
        id={id}
        name="attachment"
        type="file"
        accept={attachmentExtensions.map((extension) => `.${extension}`).join(',')}
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
}

function FilesSection(props: {
  page: PageContext;
  path: string;
  files: Attachment[];
  canEdit: boolean;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { path, files, errors = {}, values = {} } = props;
  return (
    <section aria-labelledby="files-title">
      <h2 id="files-title" safe>
        {t('knowledge.files.title')}
      </h2>
      {files.length === 0 ? (
        <p safe>{t('knowledge.files.none')}</p>
      ) : (
        <ul class="file-list">
          {files.map((file) => (
            <li>
              <a href={`${path}/attachments/${file.id}`} safe>
                {file.name}
              </a>
              <span class="meta" safe>{` (${t(kindOf(file.contentType))}, ${fileSize(file.sizeBytes)})`}</span>
              {file.description ? <p safe>{file.description}</p> : ''}
              <p class="meta" safe>
                {file.uploadedBy
                  ? t('knowledge.files.added', { name: file.uploadedBy.name, date: formatDateTime(file.at) })
                  : t('knowledge.files.addedAnon', { date: formatDateTime(file.at) })}
              </p>
              {props.canEdit ? (
                <form method="post" action={`${path}/attachments/${file.id}/remove`} class="inline-form">
                  <CsrfField token={props.page.csrfToken} />
                  <button type="submit" class="button button--warning">
                    <span safe>{t('knowledge.files.remove')}</span>
                    <span class="visually-hidden" safe>{` ${file.name}`}</span>
                  </button>
                </form>
              ) : (
                ''
              )}
            </li>
          ))}
        </ul>
      )}
      {props.canEdit ? (
        <form method="post" action={`${path}/attachments`} enctype="multipart/form-data" novalidate>
          <h3 safe>{t('knowledge.files.add')}</h3>
          <CsrfField token={props.page.csrfToken} />
          <FileField error={errors.attachment} />
          <TextField
            name="description"
            label={t('knowledge.files.description')}
            hint={t('knowledge.files.description.hint')}
            value={values.description}
            error={errors.description}
            maxLength={attachmentDescriptionMax}
            optional
          />
          <Button label={t('knowledge.files.upload')} kind="secondary" />
        </form>
      ) : (
        ''
      )}
    </section>
  );
}

/** The files of a page on their own, where a refused upload is shown with what went wrong. */
export function FilesPage(props: {
  page: PageContext;
  place: WikiPlace;
  doc: PageDetail;
  attachments: Attachment[];
  canEdit: boolean;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { doc, place } = props;
  const path = inPlace(place, doc.slug);
  const title = t('knowledge.files.pageTitle', { title: doc.title });
  return (
    <Layout page={props.page} title={title}>
      <Crumbs place={place} />
      <h1 safe>{title}</h1>
      <p>
        <a href={path} safe>
          {t('knowledge.history.back')}
        </a>
      </p>
      <ErrorSummary errors={props.errors} />
      <FilesSection page={props.page} path={path} files={props.attachments} canEdit={props.canEdit} values={props.values} errors={props.errors} />
    </Layout>
  );
}

// ---- New and edit ---------------------------------------------------------------------------

export function PageFormPage(props: {
  page: PageContext;
  place: WikiPlace;
  mode: 'new' | 'edit';
  action: string;
  values: FormValues;
  errors?: FieldErrors;
  version?: number;
  doc?: PageDetail;
  conflict?: StoredPage | undefined;
  existing?: string | undefined;
  /** New only: the event the page was started from, shown and carried in both forms. */
  origin?: EventOrigin | undefined;
}) {
  const { values, errors = {}, mode, place } = props;
  const title = mode === 'new' ? t('knowledge.new.title') : t('knowledge.edit.title', { title: props.doc?.title ?? '' });
  const templateOptions = templates.map((value) => ({ value, label: t(templateLabel(value)) }));
  return (
    <Layout page={props.page} title={title}>
      <Crumbs place={place} />
      <h1 safe>{title}</h1>
      <ErrorSummary errors={errors} />
      {props.existing ? (
        <p>
          <a href={inPlace(place, props.existing)} safe>
            {t('knowledge.new.existsLink')}
          </a>
        </p>
      ) : (
        ''
      )}
      {props.conflict ? <ConflictPanel current={props.conflict} /> : ''}
      {mode === 'new' ? (
        <form method="get" action={`${place.base}/new`} class="template-form">
          <input type="hidden" name="title" value={String(values.title ?? '')} />
          {props.origin ? <FromEventField origin={props.origin} /> : ''}
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
        {props.origin ? <FromEventNotice origin={props.origin} what="knowledge-page" /> : ''}
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
          <a href={inPlace(place, props.doc.slug)} safe>
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
  place: WikiPlace;
  doc: PageDetail;
  revisions: Revision[];
  pageNumber: number;
  hasNext: boolean;
}) {
  const { doc, place } = props;
  const path = inPlace(place, doc.slug);
  const title = t('knowledge.history.title', { title: doc.title });
  const options = props.revisions.map((revision) => ({ value: String(revision.id), label: t('knowledge.history.versionNumber', { number: revision.number }) }));
  const newest = props.revisions[0];
  const previous = props.revisions[1];
  return (
    <Layout page={props.page} title={title}>
      <Crumbs place={place} />
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

export function RevisionPage(props: { page: PageContext; place: WikiPlace; doc: PageDetail; revision: Revision; safeHtml: string; canEdit: boolean }) {
  // Sanitised by renderMarkdown, wiki links escaped; the "safe" prefix tells xss-scan so.
  const { doc, revision, safeHtml, place } = props;
  const path = inPlace(place, doc.slug);
  const title = t('knowledge.revision.title', { title: revision.title, number: revision.number });
  const current = revision.number === doc.revisionNumber;
  return (
    <Layout page={props.page} title={title}>
      <Crumbs place={place} />
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

export function DiffPage(props: { page: PageContext; place: WikiPlace; doc: PageDetail; from: Revision; to: Revision; parts: DiffPart[] }) {
  const { doc, from, to, place } = props;
  const path = inPlace(place, doc.slug);
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
      <Crumbs place={place} />
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

// ---- Administration -------------------------------------------------------------------------

export function EditingSettingsPage(props: { page: PageContext; values: FormValues; errors?: FieldErrors }) {
  const title = t('knowledge.settings.title');
  return (
    <Layout page={props.page} title={title}>
      <p>
        <a href="/admin" safe>
          {t('admin.title')}
        </a>
      </p>
      <h1 safe>{title}</h1>
      <p safe>{t('knowledge.settings.intro')}</p>
      <ErrorSummary errors={props.errors} />
      <form method="post" action="/admin/knowledge" novalidate>
        <CsrfField token={props.page.csrfToken} />
        <Choices
          name="editing"
          label={t('knowledge.settings.editing')}
          values={props.values.editing}
          error={props.errors?.editing}
          options={[
            { value: 'members', label: t('knowledge.settings.editing.members') },
            { value: 'admins', label: t('knowledge.settings.editing.admins') },
          ]}
        />
        <Button label={t('knowledge.settings.save')} />
      </form>
    </Layout>
  );
}

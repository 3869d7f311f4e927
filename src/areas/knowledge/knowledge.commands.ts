import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { t } from '../../i18n/i18n.ts';
import { markdownToText } from '../../web/markdown.ts';
import { attachmentsMax, summaryMax, type PageInput } from './knowledge.forms.ts';
import { linkedSlugs, slugFor } from './knowledge.links.ts';
import type { HubEditing } from './knowledge.policy.ts';

export interface StoredPage {
  id: number;
  slug: string;
  title: string;
  body: string;
  version: number;
}

function searchVector(title: string, body: string) {
  return sql<string>`setweight(to_tsvector('english', ${title}::text), 'A')
    || setweight(to_tsvector('english', ${markdownToText(body)}::text), 'C')`;
}

async function saveLinks(trx: Transaction<DB>, pageId: number, body: string) {
  await trx.deleteFrom('knowledge_links').where('from_page_id', '=', pageId).execute();
  const slugs = linkedSlugs(body);
  if (slugs.length > 0) {
    await trx
      .insertInto('knowledge_links')
      .values(slugs.map((to_slug) => ({ from_page_id: pageId, to_slug })))
      .execute();
  }
}

/**
 * A new revision, numbered after the page's last. The caller has already updated the page's row
 * in this transaction, which holds its lock, so two saves cannot take the same number.
 */
async function addRevision(trx: Transaction<DB>, pageId: number, authorId: number, title: string, body: string, summary: string) {
  const last = await trx
    .selectFrom('knowledge_revisions')
    .select(sql<number>`coalesce(max(number), 0)`.as('number'))
    .where('page_id', '=', pageId)
    .executeTakeFirstOrThrow();
  const number = Number(last.number) + 1;
  const revision = await trx
    .insertInto('knowledge_revisions')
    .values({ page_id: pageId, number, title, body, summary: summary.slice(0, summaryMax), author_id: authorId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx.updateTable('knowledge_pages').set({ current_revision_id: revision.id }).where('id', '=', pageId).execute();
  await saveLinks(trx, pageId, body);
  return { id: revision.id, number };
}

/** Starts a page in a wiki: the hub-wide one (groupId null) or a group's. Addresses are unique within each. */
export async function createPage(
  db: Database,
  authorId: number,
  groupId: number | null,
  input: PageInput,
): Promise<{ ok: true; slug: string; id: number } | { ok: false; error: 'exists'; slug: string }> {
  return db.transaction().execute((trx) => insertPage(trx, authorId, groupId, input));
}

/**
 * createPage inside a transaction the caller already holds, for an area that starts a page as
 * part of its own change (a story's replication recipe, say).
 */
export async function insertPage(
  trx: Transaction<DB>,
  authorId: number,
  groupId: number | null,
  input: PageInput,
): Promise<{ ok: true; slug: string; id: number } | { ok: false; error: 'exists'; slug: string }> {
  const slug = slugFor(input.title);
  const values = { slug, title: input.title, template: input.template, search: searchVector(input.title, input.body), created_by: authorId, group_id: groupId };
  // Two people starting the same page at once: the second is told it exists, nothing is lost.
  const inserted =
    groupId === null
      ? await trx
          .insertInto('knowledge_pages')
          .values(values)
          .onConflict((oc) => oc.column('slug').where('group_id', 'is', null).doNothing())
          .returning('id')
          .executeTakeFirst()
      : await trx
          .insertInto('knowledge_pages')
          .values(values)
          .onConflict((oc) => oc.columns(['group_id', 'slug']).where('group_id', 'is not', null).doNothing())
          .returning('id')
          .executeTakeFirst();
  if (!inserted) return { ok: false as const, error: 'exists' as const, slug };
  await addRevision(trx, inserted.id, authorId, input.title, input.body, input.summary || t('knowledge.summary.created'));
  return { ok: true as const, slug, id: inserted.id };
}

/**
 * Saves a new revision if nobody else saved since `version` was read; otherwise changes nothing and
 * returns the page as it now is, so the form can show both texts. The route has already checked
 * that the page is visible to the author and that they may edit it.
 */
export async function updatePage(
  db: Database,
  authorId: number,
  pageId: number,
  version: number,
  input: PageInput,
): Promise<{ ok: true } | { ok: false; error: 'conflict'; current: StoredPage } | { ok: false; error: 'not-found' }> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('knowledge_pages')
      .set({
        title: input.title,
        search: searchVector(input.title, input.body),
        updated_at: sql<Date>`now()`,
        version: sql<number>`version + 1`,
      })
      .where('id', '=', pageId)
      .where('version', '=', version)
      .returning('version')
      .executeTakeFirst();
    if (!updated) {
      const current = await currentPage(trx, pageId);
      return current ? { ok: false as const, error: 'conflict' as const, current } : { ok: false as const, error: 'not-found' as const };
    }
    await addRevision(trx, pageId, authorId, input.title, input.body, input.summary);
    return { ok: true as const };
  });
}

/** A new revision copying an earlier one; the history in between stays as it was. */
export async function restoreRevision(db: Database, authorId: number, pageId: number, revisionId: number): Promise<{ ok: true; number: number } | { ok: false; error: 'not-found' }> {
  return db.transaction().execute(async (trx) => {
    const old = await trx
      .selectFrom('knowledge_revisions')
      .select(['title', 'body', 'number'])
      .where('id', '=', revisionId)
      .where('page_id', '=', pageId)
      .executeTakeFirst();
    if (!old) return { ok: false as const, error: 'not-found' as const };
    const updated = await trx
      .updateTable('knowledge_pages')
      .set({ title: old.title, search: searchVector(old.title, old.body), updated_at: sql<Date>`now()`, version: sql<number>`version + 1` })
      .where('id', '=', pageId)
      .returning('version')
      .executeTakeFirst();
    if (!updated) return { ok: false as const, error: 'not-found' as const };
    const revision = await addRevision(trx, pageId, authorId, old.title, old.body, t('knowledge.summary.restored', { number: old.number }));
    return { ok: true as const, number: revision.number };
  });
}

async function currentPage(trx: Transaction<DB>, pageId: number): Promise<StoredPage | undefined> {
  return trx
    .selectFrom('knowledge_pages as p')
    .innerJoin('knowledge_revisions as r', 'r.id', 'p.current_revision_id')
    .select(['p.id', 'p.slug', 'p.title', 'r.body', 'p.version'])
    .where('p.id', '=', pageId)
    .executeTakeFirst();
}

/**
 * A revision with the page's text unchanged, so a change of its files shows in its history, the
 * recent changes and the feeds. The page's `version` stays as it is: someone editing the text at
 * the same time is not told of a conflict over a file.
 */
async function noteFileChange(trx: Transaction<DB>, pageId: number, authorId: number, summary: string): Promise<boolean> {
  const page = await trx
    .updateTable('knowledge_pages')
    .set({ updated_at: sql<Date>`now()` })
    .where('id', '=', pageId)
    .returning(['title', 'current_revision_id'])
    .executeTakeFirst();
  if (!page) return false;
  const current = page.current_revision_id
    ? await trx.selectFrom('knowledge_revisions').select('body').where('id', '=', page.current_revision_id).executeTakeFirst()
    : undefined;
  await addRevision(trx, pageId, authorId, page.title, current?.body ?? '', summary);
  return true;
}

export interface NewAttachment {
  originalName: string;
  description: string;
  storedPath: string;
  contentType: string;
  sizeBytes: number;
}

export async function addAttachment(
  db: Database,
  uploaderId: number,
  pageId: number,
  file: NewAttachment,
): Promise<{ ok: true; id: number } | { ok: false; error: 'not-found' | 'too-many' }> {
  return db.transaction().execute(async (trx) => {
    if (!(await noteFileChange(trx, pageId, uploaderId, t('knowledge.summary.fileAdded', { name: file.originalName })))) {
      return { ok: false as const, error: 'not-found' as const };
    }
    // Counted after the page's row is locked, so two uploads at once cannot pass the limit.
    const count = await trx
      .selectFrom('knowledge_attachments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('page_id', '=', pageId)
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= attachmentsMax) return { ok: false as const, error: 'too-many' as const };
    const row = await trx
      .insertInto('knowledge_attachments')
      .values({
        page_id: pageId,
        original_name: file.originalName,
        description: file.description,
        stored_path: file.storedPath,
        content_type: file.contentType,
        size_bytes: file.sizeBytes,
        uploaded_by: uploaderId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { ok: true as const, id: row.id };
  });
}

/** Removes a file from a page; the caller removes the stored file after this commits. */
export async function removeAttachment(
  db: Database,
  userId: number,
  pageId: number,
  attachmentId: number,
): Promise<{ ok: true; storedPath: string; name: string } | { ok: false; error: 'not-found' }> {
  return db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('knowledge_attachments')
      .where('id', '=', attachmentId)
      .where('page_id', '=', pageId)
      .returning(['stored_path', 'original_name'])
      .executeTakeFirst();
    if (!removed) return { ok: false as const, error: 'not-found' as const };
    await noteFileChange(trx, pageId, userId, t('knowledge.summary.fileRemoved', { name: removed.original_name }));
    return { ok: true as const, storedPath: removed.stored_path, name: removed.original_name };
  });
}

export async function setHubEditing(db: Database, editing: HubEditing): Promise<void> {
  await db.updateTable('hub_settings').set({ knowledge_editing: editing }).where('id', '=', 1).execute();
}

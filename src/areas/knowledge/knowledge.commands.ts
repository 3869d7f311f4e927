import { sql, type Transaction } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { t } from '../../i18n/i18n.ts';
import { markdownToText } from '../../web/markdown.ts';
import type { PageInput } from './knowledge.forms.ts';
import { linkedSlugs, slugFor } from './knowledge.links.ts';
import { knowledgePageVisibleTo } from './knowledge.policy.ts';

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

async function addRevision(trx: Transaction<DB>, pageId: number, number: number, authorId: number, title: string, body: string, summary: string) {
  const revision = await trx
    .insertInto('knowledge_revisions')
    .values({ page_id: pageId, number, title, body, summary, author_id: authorId })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx.updateTable('knowledge_pages').set({ current_revision_id: revision.id }).where('id', '=', pageId).execute();
  await saveLinks(trx, pageId, body);
  return revision.id;
}

export async function createPage(
  db: Database,
  authorId: number,
  input: PageInput,
): Promise<{ ok: true; slug: string; id: number } | { ok: false; error: 'exists'; slug: string }> {
  const slug = slugFor(input.title);
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('knowledge_pages')
      .values({ slug, title: input.title, template: input.template, search: searchVector(input.title, input.body), created_by: authorId })
      // Two people starting the same page at once: the second is told it exists, nothing is lost.
      .onConflict((oc) => oc.column('slug').where('group_id', 'is', null).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return { ok: false as const, error: 'exists' as const, slug };
    await addRevision(trx, inserted.id, 1, authorId, input.title, input.body, input.summary || t('knowledge.summary.created'));
    return { ok: true as const, slug, id: inserted.id };
  });
}

/**
 * Saves a new revision if nobody else saved since `version` was read; otherwise changes nothing and
 * returns the page as it now is, so the form can show both texts.
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
      .where(knowledgePageVisibleTo(null))
      .returning('version')
      .executeTakeFirst();
    if (!updated) {
      const current = await currentPage(trx, pageId);
      return current ? { ok: false as const, error: 'conflict' as const, current } : { ok: false as const, error: 'not-found' as const };
    }
    await addRevision(trx, pageId, updated.version, authorId, input.title, input.body, input.summary);
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
      .where(knowledgePageVisibleTo(null))
      .returning('version')
      .executeTakeFirst();
    if (!updated) return { ok: false as const, error: 'not-found' as const };
    await addRevision(trx, pageId, updated.version, authorId, old.title, old.body, t('knowledge.summary.restored', { number: old.number }));
    return { ok: true as const, number: updated.version };
  });
}

async function currentPage(trx: Transaction<DB>, pageId: number): Promise<StoredPage | undefined> {
  const row = await trx
    .selectFrom('knowledge_pages as p')
    .innerJoin('knowledge_revisions as r', 'r.id', 'p.current_revision_id')
    .select(['p.id', 'p.slug', 'p.title', 'r.body', 'p.version'])
    .where('p.id', '=', pageId)
    .where(knowledgePageVisibleTo(null, 'p'))
    .executeTakeFirst();
  return row;
}

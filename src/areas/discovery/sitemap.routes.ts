import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { pitchIsPublic } from '../exchange/pitches.policy.ts';
import { groupContentVisibleTo } from '../groups/groups.policy.ts';
import { knowledgePageIsPublic } from '../knowledge/knowledge.policy.ts';
import { storyIsPublic } from '../stories/index.ts';

/** The sitemap protocol allows 50,000 addresses a file; smaller files are quicker to make. */
export const urlsPerSitemap = 10_000;

interface SitemapEntry {
  path: string;
  updatedAt: Date;
}

/**
 * What search engines are pointed at: only what anyone may read without signing in — published
 * pitches outside closed and secret groups, open groups, hub-wide knowledge pages and
 * organisations. Member profiles are left out: people come to the hub to work together, not to be
 * indexed, whatever their profile shows to visitors.
 */
const sections = {
  pitches: (app: FastifyInstance, offset: number) =>
    app.db
      .selectFrom('pitches')
      .select(['slug', 'updated_at'])
      .where(pitchIsPublic())
      .orderBy('id')
      .offset(offset)
      .limit(urlsPerSitemap)
      .execute()
      .then((rows) => rows.map((row) => ({ path: `/pitches/${row.slug}`, updatedAt: row.updated_at }))),
  groups: (app: FastifyInstance, offset: number) =>
    app.db
      .selectFrom('groups')
      .select(['slug', 'updated_at'])
      .where(groupContentVisibleTo(null))
      .orderBy('id')
      .offset(offset)
      .limit(urlsPerSitemap)
      .execute()
      .then((rows) => rows.map((row) => ({ path: `/groups/${row.slug}`, updatedAt: row.updated_at }))),
  knowledge: (app: FastifyInstance, offset: number) =>
    app.db
      .selectFrom('knowledge_pages')
      .select(['slug', 'updated_at'])
      .where(knowledgePageIsPublic())
      .orderBy('id')
      .offset(offset)
      .limit(urlsPerSitemap)
      .execute()
      .then((rows) => rows.map((row) => ({ path: `/knowledge/${row.slug}`, updatedAt: row.updated_at }))),
  organisations: (app: FastifyInstance, offset: number) =>
    app.db
      .selectFrom('organisations')
      .select(['slug', 'updated_at'])
      .orderBy('id')
      .offset(offset)
      .limit(urlsPerSitemap)
      .execute()
      .then((rows) => rows.map((row) => ({ path: `/organisations/${row.slug}`, updatedAt: row.updated_at }))),
  stories: (app: FastifyInstance, offset: number) =>
    app.db
      .selectFrom('stories')
      .select(['slug', 'updated_at'])
      .where(storyIsPublic())
      .orderBy('id')
      .offset(offset)
      .limit(urlsPerSitemap)
      .execute()
      .then((rows) => rows.map((row) => ({ path: `/stories/${row.slug}`, updatedAt: row.updated_at }))),
} satisfies Record<string, (app: FastifyInstance, offset: number) => Promise<SitemapEntry[]>>;

type Section = keyof typeof sections;
const sectionNames = Object.keys(sections) as Section[];

const counters: Record<Section, (app: FastifyInstance) => Promise<number>> = {
  pitches: (app) => countOf(app, 'pitches', pitchIsPublic()),
  groups: (app) => countOf(app, 'groups', groupContentVisibleTo(null)),
  knowledge: (app) => countOf(app, 'knowledge_pages', knowledgePageIsPublic()),
  organisations: (app) => countOf(app, 'organisations', sql<boolean>`true`),
  stories: (app) => countOf(app, 'stories', storyIsPublic()),
};

async function countOf(app: FastifyInstance, table: 'pitches' | 'groups' | 'knowledge_pages' | 'organisations' | 'stories', condition: ReturnType<typeof sql<boolean>>) {
  const row = await app.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(condition)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

function xml(reply: FastifyReply, body: string) {
  return reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=3600').send(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
}

export async function sitemapArea(app: FastifyInstance) {
  const base = () => app.config.publicUrl.replace(/\/$/, '');

  app.get('/robots.txt', async (_request, reply) =>
    reply.type('text/plain; charset=utf-8').send(`User-agent: *\nDisallow: /settings\nDisallow: /admin\nDisallow: /notifications\nSitemap: ${base()}/sitemap.xml\n`),
  );

  // An index of the section files. Each count reads one index; caches may keep the answer an hour.
  app.get('/sitemap.xml', async (_request, reply) => {
    const files: string[] = [];
    for (const section of sectionNames) {
      const pages = Math.max(1, Math.ceil((await counters[section](app)) / urlsPerSitemap));
      for (let page = 1; page <= pages; page += 1) files.push(`${base()}/sitemaps/${section}-${page}.xml`);
    }
    const items = files.map((url) => `  <sitemap><loc>${escapeXml(url)}</loc></sitemap>`).join('\n');
    return xml(reply, `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${items}\n</sitemapindex>\n`);
  });

  app.get<{ Params: { file: string } }>('/sitemaps/:file', async (request: FastifyRequest<{ Params: { file: string } }>, reply) => {
    const match = /^([a-z]+)-([1-9][0-9]{0,4})\.xml$/.exec(request.params.file);
    const section = match?.[1] as Section | undefined;
    if (!match || !section || !sectionNames.includes(section)) {
      return app.showMessage(request, reply, 404, { title: 'error.notFound.title', body: 'error.notFound.body' });
    }
    const entries = await sections[section](app, (Number(match[2]) - 1) * urlsPerSitemap);
    const items = entries
      .map((entry) => `  <url><loc>${escapeXml(base() + entry.path)}</loc><lastmod>${entry.updatedAt.toISOString()}</lastmod></url>`)
      .join('\n');
    return xml(reply, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${items}\n</urlset>\n`);
  });
}

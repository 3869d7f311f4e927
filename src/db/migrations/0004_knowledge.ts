import { sql, type Kysely } from 'kysely';

// The knowledge shed: wiki pages whose every save is a revision, and the [[links]] between them.
const statements = [
  `create table knowledge_pages (
     id bigint generated always as identity primary key,
     slug text not null,
     title text not null check (char_length(title) <= 150),
     current_revision_id bigint,
     template text check (template in ('case-study', 'how-to', 'meeting-notes')),
     search tsvector not null default ''::tsvector,
     created_by bigint references users (id) on delete set null,
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now(),
     version integer not null default 1,
     -- Group wikis will use this (a group's own pages); no foreign key until the groups table exists.
     group_id bigint
   )`,
  // Slugs are unique within the hub-wide wiki and, later, within each group's wiki.
  `create unique index knowledge_pages_hub_slug on knowledge_pages (slug) where group_id is null`,
  `create unique index knowledge_pages_group_slug on knowledge_pages (group_id, slug) where group_id is not null`,
  `create index knowledge_pages_updated on knowledge_pages (updated_at desc, id desc)`,
  `create index knowledge_pages_title on knowledge_pages (lower(title), id)`,
  `create index knowledge_pages_search on knowledge_pages using gin (search)`,
  `create table knowledge_revisions (
     id bigint generated always as identity primary key,
     page_id bigint not null references knowledge_pages (id) on delete cascade,
     number integer not null,
     title text not null,
     body text not null check (char_length(body) <= 50000),
     summary text not null default '' check (char_length(summary) <= 200),
     author_id bigint references users (id) on delete set null,
     created_at timestamptz not null default now(),
     unique (page_id, number)
   )`,
  `alter table knowledge_pages add constraint knowledge_pages_current_revision
     foreign key (current_revision_id) references knowledge_revisions (id) on delete set null`,
  `create index knowledge_revisions_recent on knowledge_revisions (created_at desc, id desc)`,
  `create table knowledge_links (
     from_page_id bigint not null references knowledge_pages (id) on delete cascade,
     to_slug text not null,
     primary key (from_page_id, to_slug)
   )`,
  `create index knowledge_links_to on knowledge_links (to_slug)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

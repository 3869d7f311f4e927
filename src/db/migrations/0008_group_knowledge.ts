import { sql, type Kysely } from 'kysely';

// Group wikis, who may edit hub-wide pages, and files attached to knowledge pages.
const statements = [
  // A page with a group belongs to that group's wiki and goes with the group. No group could own a
  // page before now, so a row pointing at no group was never reachable; it is cleared first.
  `delete from knowledge_pages where group_id is not null and group_id not in (select id from groups)`,
  `alter table knowledge_pages add constraint knowledge_pages_group
     foreign key (group_id) references groups (id) on delete cascade`,
  `create index knowledge_pages_group_title on knowledge_pages (group_id, lower(title), id) where group_id is not null`,
  `create index knowledge_pages_group_updated on knowledge_pages (group_id, updated_at desc, id desc) where group_id is not null`,
  // Administrators may keep editing hub-wide pages to themselves; group wikis follow membership.
  `alter table hub_settings add column knowledge_editing text not null default 'members'
     check (knowledge_editing in ('members', 'admins'))`,
  `create table knowledge_attachments (
     id bigint generated always as identity primary key,
     page_id bigint not null references knowledge_pages (id) on delete cascade,
     original_name text not null check (char_length(original_name) <= 150),
     description text not null default '' check (char_length(description) <= 200),
     stored_path text not null unique,
     content_type text not null,
     size_bytes integer not null check (size_bytes > 0),
     uploaded_by bigint references users (id) on delete set null,
     created_at timestamptz not null default now()
   )`,
  `create index knowledge_attachments_page on knowledge_attachments (page_id, created_at, id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

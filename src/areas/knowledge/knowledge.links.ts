import { slugify } from '../../web/slugs.ts';
import { renderMarkdown } from '../../web/markdown.ts';

/**
 * [[Page name]] and [[Page name|label]] links between knowledge pages. A page's address is the
 * slug of its name, so a link can be written before the page it points to exists.
 */

const maxSlug = 80;

/** The address part for a page name: lower case ASCII letters, digits and single hyphens. */
export function slugFor(name: string): string {
  // An empty result means the name has no letters or digits; the form refuses such names.
  return slugify(name, { maxLength: maxSlug, fallback: '' });
}

export const slugPattern = /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/;

export interface WikiLink {
  target: string;
  label: string;
  slug: string;
}

const wikiLink = /\[\[([^\[\]|\n]{1,150})(?:\|([^\[\]\n]{1,150}))?\]\]/g;

export function wikiLinksIn(body: string): WikiLink[] {
  const links: WikiLink[] = [];
  for (const match of body.matchAll(wikiLink)) {
    const target = match[1]!.trim();
    const label = (match[2] ?? match[1]!).trim();
    const slug = slugFor(target);
    if (slug) links.push({ target, label: label || target, slug });
  }
  return links;
}

/** The distinct pages a body links to, for knowledge_links. */
export function linkedSlugs(body: string): string[] {
  return [...new Set(wikiLinksIn(body).map((link) => link.slug))];
}

// Each wiki link becomes a private-use placeholder while the Markdown is rendered and sanitised,
// then our own link markup, so the sanitiser need not allow classes and no member's text ever
// reaches the page unescaped. Placeholder characters typed by a member are removed first.
const open = '\uE010';
const close = '\uE011';
const placeholders = /[\uE010\uE011]/g;
const placeholder = /\uE010(\d+)\uE011/g;

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export interface LinkWords {
  missing: string;
}

export interface LinkTargets {
  /** Address of the page each linked slug leads to, for the slugs with a page the viewer can see. */
  resolved: Map<string, string>;
  /** Where a page not yet written would be started, e.g. /knowledge/new. */
  newPage: string;
}

/** Markdown with [[links]] as safe HTML; `targets` says where each link leads for this viewer. */
export function renderKnowledgeMarkdown(body: string, targets: LinkTargets, words: LinkWords): string {
  const links: WikiLink[] = [];
  const source = body.replace(placeholders, '').replace(wikiLink, (whole, target: string, label: string | undefined) => {
    const slug = slugFor(target.trim());
    if (!slug) return whole;
    links.push({ target: target.trim(), label: (label ?? target).trim() || target.trim(), slug });
    return `${open}${links.length - 1}${close}`;
  });
  const html = renderMarkdown(source);
  // Only text between tags gets links; a placeholder that ended up inside a tag (an image's alt
  // text, say) becomes the escaped label, so no markup is ever put into an attribute.
  return html
    .split(/(<[^>]*>)/)
    .map((part) => {
      if (part.startsWith('<')) {
        return part.replace(placeholder, (_whole, index: string) => escapeHtml(links[Number(index)]?.label ?? '')).replace(placeholders, '');
      }
      return part.replace(placeholder, (_whole, index: string) => {
        const link = links[Number(index)];
        if (!link) return '';
        const label = escapeHtml(link.label);
        const href = targets.resolved.get(link.slug);
        if (href !== undefined) return `<a class="wiki-link" href="${escapeHtml(href)}">${label}</a>`;
        const missing = `${targets.newPage}?title=${encodeURIComponent(link.target)}`;
        return `<a class="wiki-link wiki-link--missing" href="${escapeHtml(missing)}">${label} <span class="wiki-link__missing">${escapeHtml(words.missing)}</span></a>`;
      });
    })
    .join('');
}

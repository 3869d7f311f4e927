import type { FastifyReply } from 'fastify';

/**
 * RSS 2.0 and Atom 1.0 for any list on the hub. Every text goes through `xmlText`, so a title
 * such as `<script>` or `AT&T` arrives in a feed reader as the characters typed, never as markup.
 */

export interface FeedItem {
  title: string;
  /** Absolute address of the item's page. */
  link: string;
  /** A stable identifier; the link itself is fine when it never changes. */
  guid: string;
  published: Date;
  /** When it last changed; Atom needs one, RSS does without. Defaults to `published`. */
  updated?: Date;
  /** Plain text. */
  summary: string;
  author?: string | null;
  categories?: string[];
}

export interface Feed {
  title: string;
  /** Absolute address of the page the feed mirrors. */
  link: string;
  /** Absolute address of the feed itself (rel="self"). */
  self?: string;
  description: string;
  items: FeedItem[];
  /** When the feed last changed; the newest item's date, or now when there are none. */
  updated?: Date;
}

// XML 1.0 allows only these characters; anything else (most C0 controls, lone surrogates,
// U+FFFE/U+FFFF) makes a strict parser reject the whole feed.
const notXmlChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(value: string): string {
  return value
    .replace(notXmlChar, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function element(name: string, text: string, attributes = '') {
  return `<${name}${attributes}>${xmlText(text)}</${name}>`;
}

function latest(feed: Feed): Date {
  if (feed.updated) return feed.updated;
  let newest: Date | undefined;
  for (const item of feed.items) {
    const date = item.updated ?? item.published;
    if (!newest || date > newest) newest = date;
  }
  return newest ?? new Date();
}

export function renderRss(feed: Feed): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    element('title', feed.title),
    element('link', feed.link),
    element('description', feed.description),
    element('lastBuildDate', latest(feed).toUTCString()),
    feed.self ? `<atom:link href="${xmlText(feed.self)}" rel="self" type="application/rss+xml"/>` : '',
  ];
  for (const item of feed.items) {
    lines.push(
      '<item>',
      element('title', item.title),
      element('link', item.link),
      element('guid', item.guid, ` isPermaLink="${item.guid === item.link ? 'true' : 'false'}"`),
      element('pubDate', item.published.toUTCString()),
      element('description', item.summary),
      ...(item.categories ?? []).map((category) => element('category', category)),
      '</item>',
    );
  }
  lines.push('</channel>', '</rss>');
  return `${lines.filter(Boolean).join('\n')}\n`;
}

export function renderAtom(feed: Feed): string {
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    element('title', feed.title),
    element('subtitle', feed.description),
    element('id', feed.self ?? feed.link),
    element('updated', latest(feed).toISOString()),
    `<link rel="alternate" type="text/html" href="${xmlText(feed.link)}"/>`,
    feed.self ? `<link rel="self" type="application/atom+xml" href="${xmlText(feed.self)}"/>` : '',
    // Atom wants an author for every entry; the feed-level one stands in for entries without.
    `<author>${element('name', feed.title)}</author>`,
  ];
  for (const item of feed.items) {
    lines.push(
      '<entry>',
      element('title', item.title, ' type="text"'),
      `<link rel="alternate" type="text/html" href="${xmlText(item.link)}"/>`,
      element('id', item.guid),
      element('published', item.published.toISOString()),
      element('updated', (item.updated ?? item.published).toISOString()),
      item.author ? `<author>${element('name', item.author)}</author>` : '',
      element('summary', item.summary, ' type="text"'),
      ...(item.categories ?? []).map((category) => `<category term="${xmlText(category)}"/>`),
      '</entry>',
    );
  }
  lines.push('</feed>');
  return `${lines.filter(Boolean).join('\n')}\n`;
}

export function sendRss(reply: FastifyReply, feed: Feed) {
  return reply.type('application/rss+xml; charset=utf-8').header('access-control-allow-origin', '*').send(renderRss(feed));
}

export function sendAtom(reply: FastifyReply, feed: Feed) {
  return reply.type('application/atom+xml; charset=utf-8').header('access-control-allow-origin', '*').send(renderAtom(feed));
}

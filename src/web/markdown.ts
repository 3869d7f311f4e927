import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { memoizeText } from './text-memo.ts';

const marked = new Marked({ gfm: true, breaks: false, async: false });

// Members write Markdown; raw HTML inside it is allowed only as far as this list, so a post can
// never carry a script, a style or an event handler onto someone else's screen.
const allowed: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'strong', 'em', 'b', 'i', 'del', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li',
    'a', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'img',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel'], img: ['src', 'alt', 'title'], th: ['align'], td: ['align'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https'] },
  transformTags: {
    // Headings start at h2 because every page already has its own h1.
    h1: 'h2',
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow ugc noopener' }),
  },
  disallowedTagsMode: 'escape',
};

/**
 * Markdown from a member, as HTML that is safe to put on a page. Parsing and sanitising took a
 * third of the time of a conversation page, for the same posts on every view, so answers are
 * remembered (the same text always gives the same HTML).
 */
export const renderMarkdown = memoizeText((source) => sanitizeHtml(marked.parse(source, { async: false }) as string, allowed));

/** Plain text of a Markdown source, for summaries, feeds and search snippets. */
export const markdownToText = memoizeText((source) =>
  sanitizeHtml(marked.parse(source, { async: false }) as string, { allowedTags: [], allowedAttributes: {} })
    .replace(/\s+/g, ' ')
    .trim(),
);

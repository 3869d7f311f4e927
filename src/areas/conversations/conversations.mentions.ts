/**
 * @handle mentions. They are found and linked in the HTML that renderMarkdown has already
 * sanitised, outside links and code, so a mention can never open a hole in the sanitising and
 * `@ada` inside `code` or an email address stays plain text.
 */

// A handle is lower-case letters, digits and inner hyphens (see uniqueHandle); what comes before
// the @ must not be part of a word, an address or a path.
const mentionPattern = /(^|[^A-Za-z0-9_@/.\-])@([A-Za-z0-9](?:[A-Za-z0-9-]{0,98}[A-Za-z0-9])?)(?![A-Za-z0-9-]|@)/g;

// Text inside these elements is never a mention.
const skipped = new Set(['a', 'code', 'pre']);

/** At most this many members are mentioned (and notified) by one post. */
export const maxMentions = 20;

function mapText(html: string, change: (text: string) => string): string {
  const parts = html.split(/(<[^>]*>)/);
  let inside = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.startsWith('<')) {
      const tag = /^<(\/?)([a-zA-Z0-9]+)/.exec(part);
      if (tag && skipped.has(tag[2]!.toLowerCase()) && !part.endsWith('/>')) inside = Math.max(0, inside + (tag[1] ? -1 : 1));
    } else if (inside === 0 && part.includes('@')) {
      parts[i] = change(part);
    }
  }
  return parts.join('');
}

/** Lower-cased handles written as @handle in a post's sanitised HTML, in order, each once. */
export function mentionCandidates(safeHtml: string): string[] {
  const found = new Set<string>();
  mapText(safeHtml, (text) => {
    for (const match of text.matchAll(mentionPattern)) found.add(match[2]!.toLowerCase());
    return text;
  });
  return [...found].slice(0, maxMentions);
}

/** Turns @handle into a link to the member's profile, for the handles given (known, active members). */
export function linkMentions(safeHtml: string, handles: ReadonlySet<string>, base = ''): string {
  if (handles.size === 0) return safeHtml;
  return mapText(safeHtml, (text) =>
    text.replace(mentionPattern, (whole, before: string, handle: string) => {
      const key = handle.toLowerCase();
      // The handle matched [A-Za-z0-9-] only, so it needs no escaping in the address or the text.
      return handles.has(key) ? `${before}<a class="mention" href="${base}/members/${key}">@${handle}</a>` : whole;
    }),
  );
}

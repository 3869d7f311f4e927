/**
 * Readable addresses made from names: "Kirklees Council & Partners" → "kirklees-council-and-partners".
 * Accents are dropped rather than encoded, so an address can be typed on any keyboard.
 */
export function slugify(text: string, options: { maxLength: number; fallback: string }): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/&/g, ' and ')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, options.maxLength)
      .replace(/-+$/, '') || options.fallback
  );
}

/**
 * The base itself when free, otherwise the base with the lowest free number ("-2", "-3"…).
 * `taken` holds the slugs already used that start with the base; `reserved` are words such as
 * "new" that are addresses of pages, never of things.
 */
export function firstFreeSlug(base: string, taken: Iterable<string>, reserved: Iterable<string> = ['new']): string {
  const used = new Set([...taken, ...reserved]);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

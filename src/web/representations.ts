import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

export type Format = 'html' | 'json' | 'csv' | 'rss' | 'atom' | 'ics';

const extensions: Record<string, Format> = { json: 'json', csv: 'csv', rss: 'rss', atom: 'atom', ics: 'ics' };

/**
 * Splits "/members/ada.json" style suffixes off a route parameter, so one route serves a page and
 * its data: `{ name: 'ada', format: 'json' }`.
 */
export function splitFormat(value: string): { name: string; format: Format | undefined } {
  const match = /^(.*)\.(json|csv|rss|atom|ics)$/.exec(value);
  if (match) return { name: match[1]!, format: extensions[match[2]!] };
  return { name: value, format: undefined };
}

/** The representation a request asks for: a file suffix first, then `?format=`, then Accept. */
export function requestedFormat(request: FastifyRequest, suffix?: Format): Format {
  if (suffix) return suffix;
  const query = (request.query ?? {}) as Record<string, unknown>;
  if (typeof query.format === 'string' && query.format in extensions) return extensions[query.format]!;
  const accept = request.headers.accept ?? '';
  if (/^application\/(json|[\w.+-]*\+json)/.test(accept)) return 'json';
  if (accept.startsWith('text/csv')) return 'csv';
  return 'html';
}

/** Sends data after passing it through its published schema, which also drops any field not in it. */
export function sendJson<S extends z.ZodType>(reply: FastifyReply, schema: S, data: z.input<S>) {
  return reply.type('application/json; charset=utf-8').header('access-control-allow-origin', '*').send(schema.parse(data));
}

// A cell starting with one of these is run as a formula by spreadsheet programs.
const formulaStart = /^[=+\-@\t\r]/;

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = Array.isArray(value) ? value.join('; ') : value instanceof Date ? value.toISOString() : String(value);
  if (formulaStart.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(columns: string[], rows: Record<string, unknown>[]): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvCell(row[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function sendCsv(reply: FastifyReply, filename: string, columns: string[], rows: Record<string, unknown>[]) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `inline; filename="${filename}.csv"`)
    .header('access-control-allow-origin', '*')
    .send(toCsv(columns, rows));
}

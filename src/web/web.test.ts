import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { tMaybe } from '../i18n/i18n.ts';
import { form, parseForm, parseTags } from './forms.ts';
import { markdownToText, renderMarkdown } from './markdown.ts';
import { splitFormat, toCsv } from './representations.ts';

test('Markdown keeps formatting and links but drops scripts, handlers and unsafe links', () => {
  const html = renderMarkdown(
    '# Title\n\n**bold** [site](https://example.org) [bad](javascript:alert(1))\n\n<script>alert(1)</script><img src=x onerror=alert(1)><iframe src="https://evil.example"></iframe>',
  );
  assert.match(html, /<h2>Title<\/h2>/);
  assert.match(html, /<strong>bold<\/strong>/);
  assert.match(html, /<a href="https:\/\/example.org" rel="nofollow ugc noopener">site<\/a>/);
  assert.doesNotMatch(html, /<script/);
  assert.doesNotMatch(html, /onerror/);
  assert.doesNotMatch(html, /javascript:/);
  assert.doesNotMatch(html, /<iframe/);
  assert.equal(markdownToText('Some *very* [nice](https://x.org) text'), 'Some very nice text');
});

test('CSV cells are quoted where needed and cannot start a spreadsheet formula', () => {
  const csv = toCsv(['name', 'note'], [
    { name: 'Ada, "the first"', note: '=HYPERLINK("http://evil")' },
    { name: 'Line\nbreak', note: ['a', 'b'] },
  ]);
  const rows = parse(csv, { columns: true }) as Record<string, string>[];
  assert.equal(rows[0]!.name, 'Ada, "the first"');
  assert.equal(rows[0]!.note, `'=HYPERLINK("http://evil")`);
  assert.equal(rows[1]!.name, 'Line\nbreak');
  assert.equal(rows[1]!.note, 'a; b');
});

test('a format suffix is split from a route parameter', () => {
  assert.deepEqual(splitFormat('ada-lovelace.json'), { name: 'ada-lovelace', format: 'json' });
  assert.deepEqual(splitFormat('ada.lovelace'), { name: 'ada.lovelace', format: undefined });
});

test('form errors are catalogue messages, with limits filled in', () => {
  const schema = z.object({ title: form.text(10), tags: form.tags(2), site: form.optionalUrl() });
  const result = parseForm(schema, { title: 'far too long a title', tags: 'a, b, c', site: 'javascript:alert(1)' });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(tMaybe(result.errors.title!), 'This is too long: use at most 10 characters.');
  assert.equal(tMaybe(result.errors.tags!), 'Use at most 2 tags.');
  assert.equal(tMaybe(result.errors.site!), 'Enter a web address starting with https:// or http://.');
  assert.equal(result.values.title, 'far too long a title');
});

test('tags are trimmed, lower-cased and de-duplicated', () => {
  assert.deepEqual(parseTags(' Open Data, open data ,  Adult   Social Care,,'), ['open data', 'adult social care']);
});

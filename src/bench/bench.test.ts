import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { testDatabase, type TestDatabase } from '../test/database.ts';
import { markdownTable, runBench, searchQueries, type BenchResult } from './bench.ts';

// The machinery only: a real hub and a bare server, one second a page on the tiny hub, no thresholds.
test('the benchmark measures every page and writes its results file', async () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'seedbed-bench-test-'));
  let database: TestDatabase | undefined;
  after(async () => {
    await database?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });
  const onPostgres = Boolean(process.env.TEST_DATABASE_URL?.trim());
  if (onPostgres) database = await testDatabase();
  const out = path.join(scratch, 'results.json');
  const lines: string[] = [];

  const returned = await runBench({
    dataset: 'tiny',
    database: onPostgres ? 'postgres' : 'pglite',
    databaseUrl: database?.connectionString,
    dataDir: path.join(scratch, 'data'),
    duration: 1,
    warmup: 0,
    connections: 4,
    generate: true,
    out,
    log: (line) => lines.push(line),
  });

  const result = JSON.parse(fs.readFileSync(out, 'utf8')) as BenchResult;
  assert.deepEqual(result, JSON.parse(JSON.stringify(returned)));
  assert.equal(typeof result.machine.cpu, 'string');
  assert.ok(result.machine.cores >= 1);
  assert.ok(result.machine.memory_gb > 0);
  assert.equal(result.machine.node, process.version);
  assert.match(result.machine.database, onPostgres ? /^PostgreSQL \d+/ : /^PGlite \d+/);
  assert.equal(result.dataset.name, 'tiny');
  assert.ok(result.dataset.members >= 300);

  assert.deepEqual(
    result.pages.map((page) => page.name),
    [
      'Home, signed in',
      'Home, anonymous',
      'Exchange listing with filters',
      result.pages[3]!.name,
      'Group page',
      'Member directory search',
      'Full-text search',
      'Notifications',
      'JSON listing',
    ],
  );
  assert.match(result.pages[3]!.name, /^Pitch with \d+ replies$/);
  for (const page of result.pages) {
    assert.deepEqual(Object.keys(page).sort(), ['alone_ms', 'bare_rps', 'bytes', 'errors', 'first_ms', 'name', 'p50_ms', 'p99_ms', 'path', 'ratio', 'rps', 'signed_in']);
    assert.ok(page.rps > 0, `${page.name}: no requests answered`);
    assert.ok(page.bare_rps > 0, `${page.name}: the bare server answered nothing`);
    assert.ok(page.p50_ms >= 0 && page.p99_ms >= page.p50_ms, `${page.name}: latencies out of order`);
    assert.ok(page.ratio > 0);
    assert.ok(page.alone_ms > 0);
    assert.ok(page.first_ms > 0);
    assert.ok(page.bytes > 500, `${page.name}: a suspiciously small page`);
    assert.equal(page.errors, 0, `${page.name}: answered with errors`);
  }
  assert.ok(result.search_p95_ms > 0);
  assert.equal(result.search_queries, searchQueries.length);
  if (process.platform === 'linux') assert.ok((result.rss_mb ?? 0) > 20);
  assert.ok(result.writes_per_s.pitches > 0, 'no pitch was created');
  assert.ok(result.writes_per_s.replies > 0, 'no reply was created');
  assert.ok(result.writes_per_s.connections >= 1);
  assert.ok(result.write_alone_ms.pitches > 0 && result.write_alone_ms.replies > 0);

  const table = markdownTable(result);
  assert.match(table, /\| Page \| Requests\/s \| p50 \(ms\) \| p99 \(ms\) \| Alone \(ms\) \| First \(ms\) \| Bare server \(req\/s\) \| Ratio \|/);
  for (const page of result.pages) assert.ok(table.includes(`| ${page.name} |`));
  assert.ok(lines.some((line) => line.startsWith('Search p95')));
});

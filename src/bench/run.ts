/**
 * `npm run bench -- [options]`: measures a running hub against a generated dataset.
 *
 *   --dataset khub|small|tiny     which generated hub (default small)
 *   --database postgres|pglite    postgres uses DATABASE_URL; pglite uses --data-dir (default: postgres
 *                                 when DATABASE_URL is set)
 *   --data-dir DIR                the embedded database's folder (default DATA_DIR, else .tmp/bench/<dataset>)
 *   --duration S                  seconds each page is measured (default 10)
 *   --warmup S                    seconds of traffic before each measurement (default 3)
 *   --connections N               concurrent connections (default 50)
 *   --generate                    generate the dataset first (pglite: into a fresh temporary folder)
 *   --out FILE                    results file (default bench/results/<dataset>-<database>.json)
 *   --preliminary                 mark the results as measured on a shared or busy machine
 *
 * For CI in one step: `npm run bench:ci` (tiny, embedded, generated on the spot, 2 s a page).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { markdownTable, runBench } from './bench.ts';
import { datasets, isDatasetName } from './datasets.ts';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    dataset: { type: 'string', default: 'small' },
    database: { type: 'string' },
    'data-dir': { type: 'string' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    generate: { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
    preliminary: { type: 'boolean', default: false },
  },
});

const dataset = values.dataset;
if (!isDatasetName(dataset)) fail(`--dataset must be one of ${Object.keys(datasets).join(', ')}.`);
const databaseUrl = process.env.DATABASE_URL?.trim() || undefined;
const database = values.database ?? (databaseUrl ? 'postgres' : 'pglite');
if (database !== 'postgres' && database !== 'pglite') fail('--database must be postgres or pglite.');
if (database === 'postgres' && !databaseUrl) fail('--database postgres needs DATABASE_URL, e.g. postgres://seedbed:secret@localhost:5432/seedbed_bench.');
const number = (name: string, value: string, min: number) => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < min) fail(`--${name} must be a number of at least ${min}.`);
  return parsed;
};

let dataDir = values['data-dir'] ?? process.env.DATA_DIR ?? path.resolve('.tmp', 'bench', dataset);
let temporary: string | undefined;
if (values.generate && database === 'pglite' && !values['data-dir']) {
  temporary = fs.mkdtempSync(path.join(os.tmpdir(), `seedbed-bench-${dataset}-`));
  dataDir = temporary;
}

try {
  const result = await runBench({
    dataset,
    database,
    databaseUrl,
    dataDir: path.resolve(dataDir),
    duration: number('duration', values.duration, 1),
    warmup: number('warmup', values.warmup, 0),
    connections: number('connections', values.connections, 1),
    generate: values.generate,
    seed: number('seed', values.seed, 0),
    out: values.out ? path.resolve(values.out) : undefined,
    preliminary: values.preliminary,
  });
  console.log(markdownTable(result));
} finally {
  if (temporary) fs.rmSync(temporary, { recursive: true, force: true });
}

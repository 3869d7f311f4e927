/**
 * Global setup for `node --test --test-global-setup=./src/test/global-setup.ts` (see `npm test`):
 * builds the migrated template database once per run, which every test file then copies
 * (src/test/database.ts). It runs in the test runner's own process; the environment variables it
 * sets reach every test file's process.
 *
 * The template is the run's own (`seedbed_test_template_<run>` on PostgreSQL,
 * `.tmp/test-templates/run-<run>` embedded), so two runs at once do not disturb each other.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';

// The test runner loads this module before `--import tsx` applies to it, so Node's own type
// stripping reads this file; the app's modules are loaded through tsx explicitly, so they need
// not keep to the syntax Node can strip.
type Helpers = typeof import('./database.ts');
let helpers: Promise<Helpers> | undefined;
function load(): Promise<Helpers> {
  helpers ??= tsImport('./database.ts', import.meta.url) as Promise<Helpers>;
  return helpers;
}

/** Templates and scratch folders of runs that crashed before their teardown go after this long. */
const staleMs = 6 * 3600 * 1000;

export async function globalSetup() {
  const started = Date.now();
  const { buildEmbeddedTemplate, buildPostgresTemplate, sharedTemplateDatabaseName, templatesDirectory } = await load();
  const run = crypto.randomBytes(4).toString('hex');
  process.env.SEEDBED_TEST_RUN = run;
  removeStale(os.tmpdir(), /^seedbed-test-[0-9a-f]{8}$/);
  const url = process.env.TEST_DATABASE_URL?.trim();
  if (url) {
    const template = `${sharedTemplateDatabaseName}_${run}`;
    process.env.SEEDBED_TEST_TEMPLATE_DB = template;
    await buildPostgresTemplate(url, template, { replace: true });
  } else {
    removeStale(templatesDirectory, /^run-|\.build-/);
    const directory = path.join(templatesDirectory, `run-${run}`);
    process.env.SEEDBED_TEST_TEMPLATE_DIR = directory;
    await buildEmbeddedTemplate(directory, { replace: true });
  }
  if (process.env.CI) {
    const where = url ? `PostgreSQL (${new URL(url).host})` : 'the embedded database';
    console.log(`# Test template on ${where} ready in ${Date.now() - started} ms`);
  }
}

export async function globalTeardown() {
  const { dropPostgresLeftovers, runScratchDirectory, templateDatabaseName, templateDirectory, testRunId } = await load();
  const run = testRunId();
  const url = process.env.TEST_DATABASE_URL?.trim();
  if (url) {
    await dropPostgresLeftovers(url, templateDatabaseName(), run);
  } else if (process.env.SEEDBED_TEST_TEMPLATE_DIR) {
    fs.rmSync(templateDirectory(), { recursive: true, force: true });
  }
  if (run) fs.rmSync(runScratchDirectory(run), { recursive: true, force: true });
}

/** Removes what runs that crashed before their teardown left behind, once it is old. */
function removeStale(directory: string, pattern: RegExp) {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(directory, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.isDirectory() || !pattern.test(entry.name)) continue;
    const full = path.join(directory, entry.name);
    try {
      if (Date.now() - fs.statSync(full).mtimeMs > staleMs) fs.rmSync(full, { recursive: true, force: true });
    } catch {
      // Removed by someone else meanwhile.
    }
  }
}

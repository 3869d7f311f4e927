import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, readConfig } from './config.ts';

test('defaults give a hub on the embedded database at localhost:3000', () => {
  const config = readConfig({});
  assert.equal(config.port, 3000);
  assert.equal(config.publicUrl, 'http://localhost:3000');
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.inProcessWorker, true);
  assert.match(config.dataDir, /data$/);
});

test('every wrong setting is named in one sentence an operator can act on', () => {
  assert.throws(
    () =>
      readConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        SESSION_SECRET: 'short',
        SMTP_URL: 'mail.example.org',
        WORKER: 'both',
        LOG_LEVEL: 'loud',
        TRUST_PROXY: 'maybe',
      }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.problems.length, 7);
      assert.match(error.message, /PORT is "eighty", but it must be a whole number/);
      assert.match(error.message, /DATABASE_URL must start with postgres:\/\//);
      assert.match(error.message, /SESSION_SECRET is too short/);
      assert.match(error.message, /SMTP_URL must start with smtp:\/\//);
      assert.match(error.message, /WORKER is "both"/);
      assert.match(error.message, /LOG_LEVEL is "loud"/);
      assert.match(error.message, /TRUST_PROXY is "maybe"/);
      assert.match(error.message, /seedbed --help/);
      return true;
    },
  );
});

test('production needs a session secret', () => {
  assert.throws(() => readConfig({ NODE_ENV: 'production' }), /SESSION_SECRET is required/);
  assert.equal(readConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) }).sessionSecret.length, 32);
});

test('a public address that is not a web address is refused', () => {
  assert.throws(() => readConfig({ PUBLIC_URL: 'ftp://hub.example.org' }), /PUBLIC_URL is "ftp:\/\/hub.example.org"/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { resolveConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/lib/logger.js';
import { startService } from '../../src/main.js';
import { tempDir } from './harness.js';

test('start-up says what runs in one line; no account token reaches any log line, even at trace level (Discord traffic included)', async (t) => {
  const lines: string[] = [];
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const config = resolveConfig({
    server: { host: '127.0.0.1', port: 0 }, store: { url: 'sqlite::memory:' }, images: { dir: tempDir() },
    demo: { jobSeconds: 0.3 }, logLevel: 'trace', logFormat: 'json',
  });
  const service = await startService(config, { logger: createLogger(config.logLevel, config.logFormat, capture) });
  t.after(() => service.close());

  const summaries = lines.map((line) => JSON.parse(line) as Record<string, string>).filter((entry) => entry.msg === 'mj-proxy is listening');
  assert.equal(summaries.length, 1);
  const summary = summaries[0] ?? {};
  assert.match(summary.mode ?? '', /^demo/);
  assert.equal(summary.store, 'sqlite::memory:');
  assert.equal(summary.address, service.url);
  assert.equal(summary.auth, 'off');
  assert.ok(lines.some((line) => line.includes('server.publicUrl is empty')));

  const submit = await fetch(`${service.url}/mj/submit/imagine`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt: 'a quiet harbour' }),
  });
  const id = ((await submit.json()) as { result: string }).result;
  const stream = await fetch(`${service.url}/mj/task/${id}/stream`);
  await stream.text();

  const tokens = service.simulator?.info.accounts.map((account) => account.userToken) ?? [];
  assert.ok(tokens.length > 0);
  for (const token of tokens) assert.ok(!lines.some((line) => line.includes(token)), 'a user token reached the log');
});

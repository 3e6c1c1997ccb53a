/**
 * The service as `npm start` runs it: an unawaited rejection is logged and counted instead of ending
 * the process, and SIGTERM stops it within the bound although a request is still in flight.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { SHUTDOWN_DEADLINE_MS } from '../../src/lib/shutdown.js';
import { tempDir } from './harness.js';

const PRELOAD = fileURLToPath(new URL('./fixtures/reject-on-message.mjs', import.meta.url));
/** The bound is what is checked; the slack absorbs a loaded machine, not a hang. */
const SLACK_MS = 4_000;

interface Health { status: string; incidents: { unhandledRejections: number } }

function startService(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', PRELOAD, 'src/main.ts'], {
    env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const { stdout, stderr } = child;
  assert.ok(stdout && stderr);
  let output = '';
  stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
  const listening = (async () => {
    for (;;) {
      const address = /"address":"(http:\/\/[^"]+)"/.exec(output)?.[1];
      if (address) return address;
      if (child.exitCode !== null) throw new Error(`the service exited early: ${output.slice(-2000)}`);
      await once(stdout, 'data');
    }
  })();
  return { child, exited, listening, output: () => output };
}

test('an unawaited rejection does not end the service; SIGTERM ends it in time with a request in flight', async (t) => {
  // An image host that takes the request and never answers: a submit is in flight as long as it hangs.
  const hanging = createServer(() => undefined);
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    hanging.closeAllConnections();
    hanging.close();
  });
  const imageArrived = once(hanging, 'request');
  const dir = tempDir();
  const service = startService({
    MJ_SERVER_HOST: '127.0.0.1', MJ_SERVER_PORT: '0', MJ_STORE_URL: `sqlite:${join(dir, 'tasks.db')}`, MJ_IMAGES_DIR: join(dir, 'images'),
    MJ_DEMO_JOB_SECONDS: '0.5', MJ_LOG_LEVEL: 'info', MJ_SECURITY_ALLOW_PRIVATE_NETWORKS: 'true',
  });
  t.after(() => service.child.kill('SIGKILL'));
  const url = await service.listening;

  service.child.send('reject');
  let health: Health;
  do {
    await sleep(50);
    health = (await (await fetch(`${url}/mj/health`)).json()) as Health;
  } while (health.incidents.unhandledRejections === 0);
  assert.equal(health.status, 'ok');
  assert.match(service.output(), /unhandled promise rejection[^\n]*|test: a rejection nobody awaits/);
  const answer = (await (await fetch(`${url}/mj/submit/shorten`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt: 'still serving' }),
  })).json()) as { code: number };
  assert.equal(answer.code, 1, 'the service still takes work after the rejection');

  const { port } = hanging.address() as AddressInfo;
  const inFlight = fetch(`${url}/mj/submit/imagine`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: 'never finishes', base64Array: [`http://127.0.0.1:${port}/slow.png`] }),
  }).catch(() => 'cut');
  await imageArrived;
  const sentAt = Date.now();
  service.child.kill('SIGTERM');
  const [code] = await service.exited;
  const elapsed = Date.now() - sentAt;
  assert.equal(code, 0, service.output().slice(-2000));
  assert.ok(elapsed < SHUTDOWN_DEADLINE_MS + SLACK_MS, `stopping took ${elapsed} ms`);
  const stopped = service.output().split('\n').filter((line) => line.includes('"msg":"mj-proxy stopped'));
  assert.equal(stopped.length, 1, service.output().slice(-2000));
  assert.match(stopped[0] ?? '', /"signal":"SIGTERM"/);
  assert.equal(await inFlight, 'cut');
});

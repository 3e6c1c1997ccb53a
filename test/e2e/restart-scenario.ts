/**
 * Kill the service (SIGKILL, no goodbye) with tasks running and waiting; start it again on the same
 * store: every task ends correctly, and the list queries answer alike. Each backend runs it from its
 * own file (restart-<backend>.test.ts), so that each gets the whole per-file time budget.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator } from '../../src/sim/index.js';
import type { Task } from '../../src/tasks/task.js';
import type { TestBackend } from '../store/backends.js';
import { tempDir } from './harness.js';

function startChild(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const address = /"address":"(http:\/\/[^"]+)"/.exec(output)?.[1];
      if (address) resolve({ child, url: address });
    });
    child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.once('exit', (code) => reject(new Error(`service exited early (${code}): ${output.slice(-2000)}`)));
  });
}

async function waitFor(url: string, id: string, done: (task: Task) => boolean, timeoutMs = 30_000): Promise<Task> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = (await (await fetch(`${url}/mj/task/${id}/fetch`)).json()) as Task;
    if (done(task)) return task;
    if (Date.now() > deadline) throw new Error(`task ${id} is stuck: ${JSON.stringify(task)}`);
    await sleep(50);
  }
}

async function post<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await response.json()) as T;
}

export function restartScenario(backend: TestBackend): void {
  test(`a restart loses nothing (${backend.name} store): running tasks complete from Discord, waiting tasks run`, async (t) => {
    const place = await backend.create();
    t.after(() => place.drop());
    const sim = await startSimulator({ jobSeconds: 1.5 });
    t.after(() => sim.close());
    const dir = tempDir();
    const [account] = sim.info.accounts;
    assert.ok(account);
    const env = {
      MJ_SERVER_HOST: '127.0.0.1', MJ_SERVER_PORT: '0', MJ_STORE_URL: place.url, MJ_STORE_KEY_PREFIX: place.keyPrefix ?? '',
      MJ_IMAGES_DIR: join(dir, 'images'), MJ_DISCORD_API_BASE_URL: sim.info.apiBaseUrl, MJ_DISCORD_GATEWAY_URL: sim.info.gatewayUrl,
      MJ_DISCORD_ACTIVITY_BASE_URL: sim.info.activityBaseUrl, MJ_LOG_LEVEL: 'info',
      MJ_ACCOUNTS: JSON.stringify([{ ...account, coreSize: 1, queueSize: 5, timeoutMinutes: 0.5 }]),
    };

    const first = await startChild(env);
    const ids: string[] = [];
    for (const prompt of ['restart one', 'restart two', 'restart three']) {
      const answer = await post<{ code: number; result: string }>(`${first.url}/mj/submit/imagine`, { prompt });
      assert.ok(answer.code === 1 || answer.code === 22, JSON.stringify(answer));
      ids.push(answer.result);
    }
    // The first runs (its preview carries the job id); the other two wait for the slot.
    await waitFor(first.url, ids[0]!, (task) => task.status === 'IN_PROGRESS' && task.imageUrl !== null);
    assert.equal((await waitFor(first.url, ids[1]!, () => true)).status, 'NOT_START');
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    await sleep(2000); // the running job finishes on Discord while nobody listens

    const second = await startChild(env);
    try {
      for (const id of ids) {
        const task = await waitFor(second.url, id, (done) => ['SUCCESS', 'FAILURE', 'CANCEL'].includes(done.status));
        assert.equal(task.status, 'SUCCESS', `${id}: ${task.failReason}`);
        assert.match(task.imageUrl ?? '', /\.png/);
      }
      // The list queries read the store, alike on every backend.
      const listed = await post<Task[]>(`${second.url}/mj/task/list-by-condition`, { ids: [...ids, '404'] });
      assert.deepEqual(listed.map((task) => task.id).sort(), [...ids].sort());
      assert.ok(listed.every((task) => task.status === 'SUCCESS'));
      const recent = (await (await fetch(`${second.url}/mj/task/list`)).json()) as Task[];
      assert.deepEqual(recent.map((task) => task.id), [...ids].reverse());
    } finally {
      second.child.kill('SIGTERM');
      await once(second.child, 'exit');
    }
  });
}

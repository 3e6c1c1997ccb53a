/**
 * Kill the service (SIGKILL, no goodbye) with tasks running and waiting; start it again on the same
 * store: every task ends correctly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator } from '../../src/sim/index.js';
import type { Task } from '../../src/tasks/task.js';
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

test('a restart loses nothing: running tasks complete from Discord, waiting tasks run', async () => {
  const sim = await startSimulator({ jobSeconds: 1.5 });
  const dir = tempDir();
  const [account] = sim.info.accounts;
  assert.ok(account);
  const env = {
    MJ_SERVER_HOST: '127.0.0.1', MJ_SERVER_PORT: '0', MJ_STORE_URL: `sqlite:${join(dir, 'tasks.db')}`, MJ_IMAGES_DIR: join(dir, 'images'),
    MJ_DISCORD_API_BASE_URL: sim.info.apiBaseUrl, MJ_DISCORD_GATEWAY_URL: sim.info.gatewayUrl,
    MJ_DISCORD_ACTIVITY_BASE_URL: sim.info.activityBaseUrl, MJ_LOG_LEVEL: 'info',
    MJ_ACCOUNTS: JSON.stringify([{ ...account, coreSize: 1, queueSize: 5, timeoutMinutes: 0.5 }]),
  };
  try {
    const first = await startChild(env);
    const ids: string[] = [];
    for (const prompt of ['restart one', 'restart two', 'restart three']) {
      const answer = (await (await fetch(`${first.url}/mj/submit/imagine`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prompt }),
      })).json()) as { code: number; result: string };
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
        const task = await waitFor(second.url, id, (t) => ['SUCCESS', 'FAILURE', 'CANCEL'].includes(t.status));
        assert.equal(task.status, 'SUCCESS', `${id}: ${task.failReason}`);
        assert.match(task.imageUrl ?? '', /\.png/);
      }
    } finally {
      second.child.kill('SIGTERM');
      await once(second.child, 'exit');
    }
  } finally {
    await sim.close();
  }
});

/** Demo mode restarts its simulated Discord with mj-proxy: the account is the same, its running jobs are gone. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { kill, post, startChild, stop, waitFor } from './child-service.js';
import { tempDir } from './harness.js';

test('demo mode: the same account after a restart; waiting tasks run, those in flight fail naming the restart', async () => {
  const dir = tempDir();
  const env = {
    MJ_SERVER_HOST: '127.0.0.1', MJ_SERVER_PORT: '0', MJ_STORE_URL: `sqlite:${join(dir, 'tasks.db')}`, MJ_IMAGES_DIR: join(dir, 'images'),
    MJ_DEMO_JOB_SECONDS: '2', MJ_DEMO_CORE_SIZE: '1', MJ_LOG_LEVEL: 'info',
  };
  const first = await startChild(env);
  const inFlight = await post(first.url, '/submit/imagine', { prompt: 'dies with the simulator' });
  const waiting = await post(first.url, '/submit/imagine', { prompt: 'runs after the restart' });
  assert.equal(waiting.code, 22);
  await waitFor(first.url, inFlight.result, (task) => task.status === 'IN_PROGRESS');
  await kill(first);
  const second = await startChild(env);
  try {
    const lost = await waitFor(second.url, inFlight.result);
    assert.equal(lost.status, 'FAILURE');
    assert.match(lost.failReason ?? '', /restart|重启/);
    const ran = await waitFor(second.url, waiting.result);
    assert.equal(ran.status, 'SUCCESS', ran.failReason ?? '');
    assert.equal(ran.properties.discordInstanceId, lost.properties.discordInstanceId);
  } finally {
    await stop(second);
  }
});

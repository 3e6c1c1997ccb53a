/**
 * Polls of finished tasks cost one read of the store, not one each (one instance): the service is
 * restarted on its store so that nothing of the tasks is in memory, and the store's own counts on
 * /metrics show the reads behind fetch and list-by-condition.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Task } from '../../src/tasks/task.js';
import { parsePrometheusText, valueOf } from '../metrics/prometheus-text.js';
import { startTestService, tempDbUrl, type TestService } from './harness.js';
import { submit } from './plus-helpers.js';

const ADMIN_SECRET = 'answer-cache-admin';
// No re-hosting: nothing changes the finished tasks after the restart (a change would answer from memory anyway).
const config = (storeUrl: string) => ({ store: { url: storeUrl }, server: { adminSecret: ADMIN_SECRET }, images: { store: 'none' } });

async function storeReads(svc: TestService, operation: string): Promise<number> {
  const response = await fetch(`${svc.service.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_SECRET}` } });
  return valueOf(parsePrometheusText(await response.text()), 'mj_store_operation_duration_seconds_count', { operation });
}

test('a finished task read from the store is answered from memory at the next polls, by fetch and by list-by-condition', async () => {
  const storeUrl = tempDbUrl();
  const first = await startTestService(config(storeUrl));
  const ids: string[] = [];
  try {
    for (const prompt of ['a lighthouse at dusk', 'a fox in the snow', 'a red kite']) {
      const answer = await submit(first, '/submit/imagine', { prompt });
      assert.equal(answer.code, 1, JSON.stringify(answer));
      ids.push(answer.result as string);
    }
    for (const id of ids) assert.equal((await first.waitForTask(id)).status, 'SUCCESS');
  } finally {
    await first.close();
  }
  const [polled, listed, unknown] = [ids[0] as string, ids.slice(1), 'no-such-task'];

  const svc = await startTestService(config(storeUrl));
  try {
    const fetchesBefore = await storeReads(svc, 'getTaskJson');
    for (let poll = 0; poll < 3; poll++) assert.equal((await svc.fetchTask(polled)).status, 'SUCCESS');
    assert.equal(await storeReads(svc, 'getTaskJson') - fetchesBefore, 1, 'one read for three polls');

    const listsBefore = await storeReads(svc, 'getTaskJsons');
    const asked = [listed[1], polled, listed[0]];
    for (let poll = 0; poll < 3; poll++) {
      const { status, body } = await svc.call<Task[]>('POST', '/mj/task/list-by-condition', { ids: asked });
      assert.equal(status, 200);
      assert.deepEqual(body.map((task) => task.id), asked, 'in the order asked');
    }
    assert.equal(await storeReads(svc, 'getTaskJsons') - listsBefore, 1, 'one read of the two tasks not polled before, for three lists');
    // An id nobody made is asked of the store each time (it is never kept), and left out.
    const { body } = await svc.call<Task[]>('POST', '/mj/task/list-by-condition', { ids: [unknown, polled] });
    assert.deepEqual(body.map((task) => task.id), [polled]);
  } finally {
    await svc.close();
  }
});

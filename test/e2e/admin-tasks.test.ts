/**
 * The admin's task search, task view and dashboard numbers over real sockets, on the SQLite store:
 * every filter, paging in Spring's shape, refusals, and the counts the dashboard shows.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Task } from '../../src/tasks/task.js';
import { startTestService, type TestService } from './harness.js';
import { dataUrl, pngBase64 } from './images.js';
import { submit } from './plus-helpers.js';

const ADMIN_SECRET = 'tasks-admin-secret';
const ADMIN = { 'mj-api-secret': ADMIN_SECRET };

interface Page { content: Task[]; totalElements: number; totalPages: number; number: number; size: number; first: boolean; last: boolean; empty: boolean }
interface Stats {
  accounts: { up: number; down: number; locked: number };
  today: { byMode: Record<string, number>; byAction: Record<string, number> };
  failures24h: { reason: string; count: number }[];
  fastHoursLeft: { id: string; hours: number }[];
}

let svc: TestService;
/** Oldest first: fox, whale, failed, described. */
let made: Task[] = [];

async function finished(path: string, body: unknown): Promise<Task> {
  const answer = await submit(svc, path, body);
  assert.equal(answer.code, 1, JSON.stringify(answer));
  return svc.waitForTask(answer.result as string);
}

before(async () => {
  svc = await startTestService({ server: { adminSecret: ADMIN_SECRET } });
  made = [
    await finished('/submit/imagine', { prompt: 'a Red Fox in the snow' }),
    await finished('/submit/imagine', { prompt: 'a blue whale' }),
    await finished('/submit/imagine', { prompt: 'a cat --nonsense 3' }),
    await finished('/submit/describe', { base64: dataUrl(await pngBase64({ r: 5, g: 5, b: 250 })) }),
  ];
  assert.deepEqual(made.map((task) => task.status), ['SUCCESS', 'SUCCESS', 'FAILURE', 'SUCCESS']);
});
after(() => svc.close());

const query = async (body: Record<string, unknown>) => {
  const response = await svc.call<Page>('POST', '/mj/task-admin/query', { pageNumber: 0, pageSize: 10, ...body }, ADMIN);
  assert.equal(response.status, 200, response.text);
  return response.body;
};
const ids = (page: Page) => page.content.map((task) => task.id);
const [FOX, WHALE, FAILED, DESCRIBED] = [0, 1, 2, 3];
const idOf = (index: number) => made[index]?.id;

test('every filter alone, newest first, in a Spring page', async () => {
  const all = await query({});
  assert.deepEqual(ids(all), [DESCRIBED, FAILED, WHALE, FOX].map(idOf));
  assert.deepEqual({ ...all, content: [] }, { content: [], totalElements: 4, totalPages: 1, number: 0, size: 10, first: true, last: true, empty: false });
  assert.deepEqual(all.content[0], await (await fetch(`${svc.service.url}/mj/task/${idOf(DESCRIBED)}/fetch`)).json(), 'tasks as fetch answers them');

  assert.deepEqual(ids(await query({ status: 'FAILURE' })), [idOf(FAILED)]);
  assert.deepEqual(ids(await query({ action: 'DESCRIBE' })), [idOf(DESCRIBED)]);
  assert.deepEqual(ids(await query({ prompt: 'red FOX' })), [idOf(FOX)], 'prompt text in any case');
  assert.deepEqual(ids(await query({ id: idOf(WHALE) })), [idOf(WHALE)]);
  assert.equal((await query({ instanceId: made[0]?.properties.discordInstanceId })).totalElements, 4);
  const window = await query({ submitTimeStart: made[WHALE]?.submitTime, submitTimeEnd: made[FAILED]?.submitTime });
  assert.deepEqual(ids(window), [FAILED, WHALE].map(idOf), 'inclusive bounds');
  assert.deepEqual(ids(await query({ status: '', action: '', prompt: '' })), ids(all), '"" means any');
});

test('filters together; nothing found is an empty page', async () => {
  assert.deepEqual(ids(await query({ action: 'IMAGINE', status: 'SUCCESS', prompt: 'whale' })), [idOf(WHALE)]);
  const none = await query({ instanceId: 'no-such-account' });
  assert.deepEqual(none, { content: [], totalElements: 0, totalPages: 0, number: 0, size: 10, first: true, last: true, empty: true });
});

test('paging: pages of 3 cover the four tasks once, each page says where it is', async () => {
  const first = await query({ pageSize: 3 });
  const second = await query({ pageSize: 3, pageNumber: 1 });
  assert.equal(first.content.length, 3);
  assert.deepEqual([first.first, first.last, first.totalPages, first.totalElements], [true, false, 2, 4]);
  assert.deepEqual([second.first, second.last, second.number, second.content.length], [false, true, 1, 1]);
  assert.deepEqual([...ids(first), ...ids(second)], [DESCRIBED, FAILED, WHALE, FOX].map(idOf));
  const beyond = await query({ pageSize: 3, pageNumber: 5 });
  assert.ok(beyond.empty && beyond.last && beyond.totalElements === 4);
});

test('a bad query is refused by name (HTTP 400, code 4); the admin secret is needed', async () => {
  for (const [body, field] of [[{ status: 'DONE' }, 'status'], [{ pageSize: 0 }, 'pageSize'], [{ submitTimeStart: 'yesterday' }, 'submitTimeStart']] as const) {
    const response = await svc.call<{ code: number; description: string }>('POST', '/mj/task-admin/query', body, ADMIN);
    assert.equal(response.status, 400, JSON.stringify(body));
    assert.equal(response.body.code, 4);
    assert.match(response.body.description, new RegExp(`^${field}`));
  }
  assert.equal((await svc.call('POST', '/mj/task-admin/query', {})).status, 401);
  assert.equal((await svc.call('GET', '/mj/admin/stats')).status, 401);
});

test('task-admin fetch: the task, or HTTP 404 with code 3', async () => {
  const found = await svc.call<Task>('GET', `/mj/task-admin/${idOf(FOX)}/fetch`, undefined, ADMIN);
  assert.equal(found.body.prompt, 'a Red Fox in the snow');
  const missing = await svc.call<{ code: number }>('GET', '/mj/task-admin/1700000000000999/fetch', undefined, ADMIN);
  assert.equal(missing.status, 404);
  assert.equal(missing.body.code, 3);
});

test('stats: accounts by state, today by mode and action, failures by reason, fast hours from /info', async () => {
  const { body } = await svc.call<{ code: number; result: Stats }>('GET', '/mj/admin/stats', undefined, ADMIN);
  assert.equal(body.code, 1);
  const stats = body.result;
  assert.deepEqual(stats.accounts, { up: 1, down: 0, locked: 0 });
  assert.deepEqual(stats.today.byAction, { IMAGINE: 3, DESCRIBE: 1 });
  assert.deepEqual(stats.today.byMode, { FAST: 4 });
  assert.deepEqual(stats.failures24h, [{ reason: made[FAILED]?.failReason, count: 1 }]);
  const [account] = svc.sim.info.accounts;
  assert.equal(stats.fastHoursLeft.length, 1);
  assert.equal(stats.fastHoursLeft[0]?.id, account?.channelId);
  assert.ok((stats.fastHoursLeft[0]?.hours ?? 0) > 0);
});

test('without an admin secret the search and the numbers are read-only reads: allowed with the API secret', async () => {
  const readOnly = await startTestService({ server: { apiSecret: 'only-the-api-secret' } });
  try {
    const headers = { 'mj-api-secret': 'only-the-api-secret' };
    const page = await readOnly.call<Page>('POST', '/mj/task-admin/query', { pageNumber: 0, pageSize: 5 }, headers);
    assert.equal(page.status, 200, page.text);
    assert.equal(page.body.totalElements, 0);
    assert.equal((await readOnly.call('GET', '/mj/admin/stats', undefined, headers)).status, 200);
    assert.equal((await readOnly.call('POST', '/mj/task-admin/query', {})).status, 401);
  } finally {
    await readOnly.close();
  }
});

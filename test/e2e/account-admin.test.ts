/**
 * The account admin API (docs/admin-api.md) over real sockets against the simulator: accounts
 * created, changed, reconnected and deleted while tasks run on others; a 4004 account re-enabled
 * by a new token; LISTEN_ONLY; daily limits; tokens masked in every answer and log line.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '../../src/lib/logger.js';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { startTestService, type TestService } from './harness.js';
import { submit, type Answer } from './plus-helpers.js';

const ADMIN_SECRET = 'account-admin-secret';
const ADMIN = { 'mj-api-secret': ADMIN_SECRET };

type Counts = { FAST: number; RELAX: number; TURBO: number };
interface Live { connection: string; running: number; waiting: number; today: Counts; total: Counts }
interface Account { id: string; channelId: string; userToken: string; status: string; remark: string; coreSize: number; disabledReason: string | null; live: Live }
interface Change { code: number; description: string; result: Account | null }

let sim: Simulator;
let svc: TestService;
const logLines: string[] = [];
/** Every answer of the admin API, to look for tokens in at the end. */
const answers: string[] = [];

const simAccount = (n: number) => {
  const account = sim.info.accounts[n];
  assert.ok(account);
  return account;
};

async function admin<T = Change>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const answer = await svc.call<T>(method, path, body, ADMIN);
  answers.push(answer.text);
  return answer;
}

async function fetchAccount(id: string): Promise<Account> {
  const { status, body } = await admin<Account>('GET', `/mj/account/${id}/fetch`);
  assert.equal(status, 200);
  return body;
}

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not in time, last ${JSON.stringify(value)}`);
    await sleep(50);
  }
}

const ready = (id: string) => until(`${id} ready`, () => fetchAccount(id), (account) => account.live.connection === 'ready');

async function identifies(id: string): Promise<number> {
  const text = await (await fetch(`${svc.service.url}/metrics`, { headers: ADMIN })).text();
  const line = text.split('\n').find((row) => row.startsWith(`mj_gateway_identifies_total{account="${id}"}`));
  return Number(line?.split(' ').pop() ?? 0);
}

const imagineOn = (id: string, prompt: string, extra: Record<string, unknown> = {}) =>
  submit(svc, '/submit/imagine', { prompt, accountFilter: { instanceId: id }, ...extra });

async function succeeded(answer: Answer): Promise<string> {
  assert.ok([1, 22].includes(answer.code), JSON.stringify(answer));
  const task = await svc.waitForTask(answer.result as string);
  assert.equal(task.status, 'SUCCESS', task.failReason ?? '');
  return task.properties.discordInstanceId ?? '';
}

before(async () => {
  sim = await startSimulator({ accounts: 4, jobSeconds: 1 });
  const a = simAccount(0);
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  svc = await startTestService({
    server: { adminSecret: ADMIN_SECRET },
    discord: { apiBaseUrl: sim.info.apiBaseUrl, gatewayUrl: sim.info.gatewayUrl, activityBaseUrl: sim.info.activityBaseUrl },
    accounts: [{ guildId: a.guildId, channelId: a.channelId, userToken: a.userToken, dmChannelId: a.dmChannelId, remark: 'alpha' }],
  }, undefined, createLogger('debug', 'json', capture));
});
after(async () => {
  await svc?.close();
  await sim?.close();
});

test('create an account while a task runs on another: it connects, takes work, and shows its token masked', async () => {
  const a = simAccount(0);
  const b = simAccount(1);
  const running = await imagineOn(a.channelId, 'alpha while bravo joins');
  const created = await admin('POST', '/mj/account/create', {
    channelId: b.channelId, guildId: b.guildId, userToken: b.userToken, dmChannelId: b.dmChannelId, remark: 'bravo', coreSize: 2,
  });
  assert.equal(created.body.code, 1, created.body.description);
  assert.equal(created.body.result?.id, b.channelId);
  assert.equal(created.body.result?.userToken, `${b.userToken.slice(0, 3)}…${b.userToken.slice(-3)}`);
  await ready(b.channelId);
  assert.equal(await identifies(b.channelId), 1, 'an account added at run time is observed like the configured ones');
  assert.equal(await succeeded(await imagineOn(b.channelId, 'bravo draws')), b.channelId);
  assert.equal(await succeeded(running), a.channelId);

  const list = await admin<Account[]>('GET', '/mj/account/list');
  assert.deepEqual(list.body.map((account) => account.remark), ['alpha', 'bravo']);
  const page = await admin<{ content: Account[]; totalElements: number; number: number }>('POST', '/mj/account/query', { pageNumber: 0, pageSize: 10, remark: 'brav' });
  assert.deepEqual([page.body.totalElements, page.body.content[0]?.id], [1, b.channelId]);
  const bravo = await fetchAccount(b.channelId);
  assert.equal(bravo.live.today.FAST, 1);
  assert.equal(bravo.live.total.FAST, 1);
});

test('bad input gets a clear answer naming the field; unknown ids get code 3', async () => {
  const a = simAccount(0);
  const duplicate = await admin('POST', '/mj/account/create', { channelId: a.channelId, userToken: 'another-token-of-some-length' });
  assert.equal(duplicate.body.code, 4);
  assert.match(duplicate.body.description, /^channelId: /);
  const noToken = await admin('POST', '/mj/account/create', { channelId: '123456789' });
  assert.match(`${noToken.body.code} ${noToken.body.description}`, /^4 userToken: /);
  const notADiscordId = await admin('POST', '/mj/account/create', { channelId: 'general', userToken: 'x' });
  assert.match(`${notADiscordId.body.code} ${notADiscordId.body.description}`, /^4 channelId: /);
  const badSize = await admin('PUT', `/mj/account/${a.channelId}/update`, { coreSize: 0 });
  assert.match(`${badSize.body.code} ${badSize.body.description}`, /^4 coreSize: /);
  const badStatus = await admin('PUT', `/mj/account/${a.channelId}/update`, { status: 'SLEEPING' });
  assert.match(`${badStatus.body.code} ${badStatus.body.description}`, /^4 status/);
  const notJson = await admin('POST', '/mj/account/create', '{"channelId":');
  assert.equal(notJson.status, 200);
  assert.equal(notJson.body.code, 4);
  assert.equal((await admin('PUT', '/mj/account/404/update', { remark: 'x' })).body.code, 3);
  assert.equal((await admin('DELETE', '/mj/account/404/delete')).body.code, 3);
  const missing = await admin('GET', '/mj/account/404/fetch');
  assert.deepEqual([missing.status, missing.body.code], [404, 3]);
  const badPage = await admin('POST', '/mj/account/query', { pageNumber: -1, pageSize: 10 });
  assert.deepEqual([badPage.status, badPage.body.code], [400, 4]);
  assert.equal((await fetchAccount(a.channelId)).coreSize, 3, 'nothing of a refused change applies');
});

test('update changes fields in place; update-reconnect reconnects (its job in flight goes on), while tasks run on another account', async () => {
  const a = simAccount(0);
  const b = simAccount(1);
  const running = await imagineOn(a.channelId, 'alpha while bravo changes');
  const before = await identifies(b.channelId);
  const changed = await admin('PUT', `/mj/account/${b.channelId}/update`, { remark: 'bravo two', queueSize: 3, userToken: `${b.userToken.slice(0, 3)}…${b.userToken.slice(-3)}` });
  assert.equal(changed.body.code, 1, changed.body.description);
  assert.equal(changed.body.result?.remark, 'bravo two');
  assert.equal(changed.body.result?.live.connection, 'ready', 'no reconnect for a remark (the masked token sent back keeps the token)');
  const onBravo = await imagineOn(b.channelId, 'bravo across its reconnect');
  await svc.waitForTask(onBravo.result as string, (task) => task.status === 'IN_PROGRESS');
  const reconnected = await admin('PUT', `/mj/account/${b.channelId}/update-reconnect`);
  assert.equal(reconnected.body.code, 1, reconnected.body.description);
  assert.equal(await succeeded(onBravo), b.channelId, 'a job in flight is followed on the new connection');
  await until('a fresh session for bravo', () => identifies(b.channelId), (count) => count === before + 1);
  await ready(b.channelId);
  assert.equal(await succeeded(await imagineOn(b.channelId, 'bravo after reconnect')), b.channelId);
  assert.equal(await succeeded(running), a.channelId);
});

test('an account Discord stopped (4004) is re-enabled by updating its token', async () => {
  const c = simAccount(2);
  const created = await admin('POST', '/mj/account/create', {
    channelId: c.channelId, guildId: c.guildId, userToken: 'not-the-right-token-at-all', dmChannelId: c.dmChannelId, remark: 'charlie',
  });
  assert.equal(created.body.code, 1, created.body.description);
  const stopped = await until('charlie stopped', () => fetchAccount(c.channelId), (account) => account.live.connection === 'stopped');
  assert.match(stopped.disabledReason ?? '', /4004|auth/i);
  assert.equal((await imagineOn(c.channelId, 'to a stopped account')).code, 3);
  const fixed = await admin('PUT', `/mj/account/${c.channelId}/update`, { userToken: c.userToken });
  assert.equal(fixed.body.code, 1, fixed.body.description);
  const back = await ready(c.channelId);
  assert.equal(back.disabledReason, null);
  assert.equal(await succeeded(await imagineOn(c.channelId, 'charlie is back')), c.channelId);
});

test('LISTEN_ONLY: connected, its messages still parsed (a running task ends), no new work', async () => {
  const c = simAccount(2);
  const running = await imagineOn(c.channelId, 'charlie before listening only');
  const changed = await admin('PUT', `/mj/account/${c.channelId}/update`, { status: 'LISTEN_ONLY' });
  assert.equal(changed.body.result?.status, 'LISTEN_ONLY');
  const refused = await imagineOn(c.channelId, 'to a listening account');
  assert.equal(refused.code, 3, JSON.stringify(refused));
  assert.equal(await succeeded(running), c.channelId, 'the task it had ends from the messages it still reads');
  for (const n of [1, 2, 3]) assert.notEqual((await submit(svc, '/submit/imagine', { prompt: `anyone ${n}` })).properties.discordInstanceId, c.channelId);
  const health = (await svc.call<{ accounts: { instanceId: string; state: string; status: string }[] }>('GET', '/mj/health')).body;
  const listed = health.accounts.find((account) => account.instanceId === c.channelId);
  assert.deepEqual([listed?.state, listed?.status], ['LISTEN_ONLY', 'ready']);
  await admin('PUT', `/mj/account/${c.channelId}/update`, { status: 'ENABLE' });
  assert.equal(await succeeded(await imagineOn(c.channelId, 'charlie works again')), c.channelId);
});

test('daily limits per mode: at the limit the account takes no more work of that mode today', async () => {
  const b = simAccount(1);
  const today = (await fetchAccount(b.channelId)).live.today;
  const limited = await admin('PUT', `/mj/account/${b.channelId}/update`, { dayDrawLimit: today.FAST + 1, dayRelaxLimit: today.RELAX });
  assert.equal(limited.body.code, 1, limited.body.description);
  assert.equal(await succeeded(await imagineOn(b.channelId, 'the last fast one')), b.channelId);
  assert.equal((await imagineOn(b.channelId, 'one fast too many')).code, 3);
  assert.equal((await imagineOn(b.channelId, 'relax at its limit', { mode: 'RELAX' })).code, 3);
  await admin('PUT', `/mj/account/${b.channelId}/update`, { dayRelaxLimit: -1 });
  assert.equal(await succeeded(await imagineOn(b.channelId, 'relax is free', { mode: 'RELAX' })), b.channelId);
  const health = (await svc.call<{ accounts: { instanceId: string; live: Live }[] }>('GET', '/mj/health')).body;
  const live = health.accounts.find((account) => account.instanceId === b.channelId)?.live;
  assert.deepEqual([live?.today.FAST, live?.today.RELAX], [today.FAST + 1, today.RELAX + 1]);
  await admin('PUT', `/mj/account/${b.channelId}/update`, { dayDrawLimit: -1 });
});

test('DISABLED with a reason: disconnected, no work; enable: true brings it back', async () => {
  const c = simAccount(2);
  const disabled = await admin('PUT', `/mj/account/${c.channelId}/update`, { status: 'DISABLED', disabledReason: 'resting tonight' });
  assert.equal(disabled.body.code, 1, disabled.body.description);
  const off = await fetchAccount(c.channelId);
  assert.deepEqual([off.status, off.disabledReason, off.live.connection], ['DISABLED', 'resting tonight', 'disabled']);
  assert.equal((await imagineOn(c.channelId, 'to a disabled account')).code, 3);
  const health = (await svc.call<{ accounts: { instanceId: string; state: string; disabledReason: string }[] }>('GET', '/mj/health')).body;
  const listed = health.accounts.find((account) => account.instanceId === c.channelId);
  assert.deepEqual([listed?.state, listed?.disabledReason], ['DISABLED', 'resting tonight']);
  assert.equal((await admin('PUT', `/mj/account/${c.channelId}/update`, { enable: true })).body.result?.status, 'ENABLE');
  await ready(c.channelId);
  assert.equal(await succeeded(await imagineOn(c.channelId, 'charlie rested')), c.channelId);
});

test('delete: the running task fails with the reason, and so do the waiting ones its accountFilter pinned to it', async () => {
  const a = simAccount(0);
  await admin('PUT', `/mj/account/${a.channelId}/update`, { coreSize: 1 });
  const first = await imagineOn(a.channelId, 'alpha running at delete');
  await svc.waitForTask(first.result as string, (task) => task.status === 'IN_PROGRESS' || task.status === 'SUBMITTED');
  const waiting = [await imagineOn(a.channelId, 'alpha waiting one'), await imagineOn(a.channelId, 'alpha waiting two')];
  assert.deepEqual(waiting.map((answer) => answer.code), [22, 22]);
  const deleted = await admin('DELETE', `/mj/account/${a.channelId}/delete`);
  assert.equal(deleted.body.code, 1, deleted.body.description);
  const failed = await svc.waitForTask(first.result as string);
  assert.equal(failed.status, 'FAILURE');
  assert.match(failed.failReason ?? '', /deleted/);
  // Pinned by instanceId: run on no other account (moving work the filter allows is in account-locks).
  for (const answer of waiting) {
    const task = await svc.waitForTask(answer.result as string);
    assert.equal(task.status, 'FAILURE');
    assert.match(task.failReason ?? '', /deleted/);
  }
  assert.equal((await admin('GET', `/mj/account/${a.channelId}/fetch`)).status, 404);
  assert.ok(!(await admin<Account[]>('GET', '/mj/account/list')).body.some((account) => account.id === a.channelId));
});

test('no token in clear in any answer or log line', () => {
  const tokens = sim.info.accounts.map((account) => account.userToken);
  assert.ok(answers.length > 20 && logLines.length > 20);
  for (const text of [...answers, ...logLines]) {
    for (const token of tokens) assert.ok(!text.includes(token), `a token in: ${text.slice(0, 200)}`);
  }
});

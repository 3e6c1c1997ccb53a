/**
 * Accounts live in the store: created and edited through the admin API, they survive a SIGKILL and a
 * start on the same SQLite store, and a deleted YAML account is not seeded again. The admin paths
 * refuse the plain API secret.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator } from '../../src/sim/index.js';
import { kill, realModeEnv, startChild, stop, type Child } from './child-service.js';

const API_SECRET = 'plain-api-secret';
const ADMIN_SECRET = 'the-admin-secret';

interface Account { id: string; remark: string; status: string; dayDrawLimit: number; userToken: string; live: { connection: string } }

async function call<T>(child: Child, method: string, path: string, secret: string, body?: unknown): Promise<{ status: number; body: T; text: string }> {
  const headers: Record<string, string> = { 'mj-api-secret': secret };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${child.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as T, text };
}

const admin = <T = { code: number; description: string }>(child: Child, method: string, path: string, body?: unknown) => call<T>(child, method, path, ADMIN_SECRET, body);

async function accountsOf(child: Child): Promise<Account[]> {
  return (await admin<Account[]>(child, 'GET', '/mj/account/list')).body;
}

test('accounts and their edits survive a SIGKILL; a deleted YAML account stays deleted; the API secret is refused on /mj/account/*', async (t) => {
  const sim = await startSimulator({ accounts: 3, jobSeconds: 0.5 });
  t.after(() => sim.close());
  const [a, b, c] = sim.info.accounts;
  assert.ok(a && b && c);
  const env = {
    ...realModeEnv(sim, {}),
    MJ_ACCOUNTS: JSON.stringify([{ ...a, remark: 'alpha' }, { ...c, remark: 'charlie' }]),
    MJ_SERVER_API_SECRET: API_SECRET, MJ_SERVER_ADMIN_SECRET: ADMIN_SECRET,
  };

  const first = await startChild(env);
  try {
    for (const [method, path] of [['GET', '/mj/account/list'], ['POST', '/mj/account/query'], ['GET', `/mj/account/${a.channelId}/fetch`], ['DELETE', `/mj/account/${a.channelId}/delete`]] as const) {
      const refused = await call<{ code: number }>(first, method, path, API_SECRET, method === 'POST' ? { pageNumber: 0, pageSize: 5 } : undefined);
      assert.deepEqual([refused.status, refused.body.code], [401, 401], `${method} ${path}`);
    }
    const created = await admin(first, 'POST', '/mj/account/create', { ...b, remark: 'bravo', status: 'LISTEN_ONLY' });
    assert.equal(created.body.code, 1, created.body.description);
    assert.equal((await admin(first, 'PUT', `/mj/account/${a.channelId}/update`, { remark: 'alpha edited', dayDrawLimit: 7 })).body.code, 1);
    assert.equal((await admin(first, 'DELETE', `/mj/account/${c.channelId}/delete`)).body.code, 1);
  } finally {
    await kill(first);
  }

  const second = await startChild(env);
  try {
    const accounts = await accountsOf(second);
    assert.deepEqual(accounts.map((account) => [account.id, account.remark, account.status]), [
      [a.channelId, 'alpha edited', 'ENABLE'], [b.channelId, 'bravo', 'LISTEN_ONLY'],
    ]);
    assert.equal(accounts[0]?.dayDrawLimit, 7);
    for (let waited = 0; !(await accountsOf(second)).every((account) => account.live.connection === 'ready'); waited += 1) {
      assert.ok(waited < 400, 'the stored accounts connect again');
      await sleep(50);
    }
    const output = second.output();
    for (const token of [a.userToken, b.userToken, c.userToken]) {
      assert.ok(!JSON.stringify(accounts).includes(token) && !output.includes(token), 'no token in clear');
    }
  } finally {
    await stop(second);
  }
});

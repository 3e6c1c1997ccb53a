/**
 * Cluster mode over real sockets: three mj-proxy processes share PostgreSQL (a fresh database) and
 * Redis (a fresh key prefix), with four simulated Discord accounts. Two run accounts, the third
 * (role api) only answers the API. Sixty tasks go in through all three; the owner of a busy account
 * is SIGKILLed mid-job: its accounts move to the survivor, every task ends once and correctly, no
 * job is sent twice (the simulator's ledger), and each hook arrives once, in order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator } from '../../src/sim/index.js';
import type { Task } from '../../src/tasks/task.js';
import { judge } from '../../scripts/soak/verdict.js';
import { isDone, kill, post, startChild, stop, type Child } from './child-service.js';
import { ADMIN_SECRET, clusterBackends, clusterEnv, fetchTask, ownerPid as leaseOwnerPid, until } from './cluster-helpers.js';
import { startHookReceiver } from './hook-receiver.js';
import type { SseEvent } from '../../clients/typescript/src/sse.js';
import { openStream } from '../api/stream-reader.js';

const TASKS = 60;
const ACCOUNTS = 4;
/** The issue's bound: a dead owner's accounts run elsewhere within this. */
const FAILOVER_MS = 15_000;

test('three instances: tasks through any of them, a killed owner\'s accounts and jobs move to the survivor, nothing twice', { timeout: 180_000 }, async (t) => {
  const { storeUrl, keyPrefix, redis } = await clusterBackends(t);
  // One more than configured: it is added through the admin API at the end.
  const sim = await startSimulator({ jobSeconds: 2, accounts: ACCOUNTS + 1 });
  t.after(() => sim.close());
  const hooks = await startHookReceiver();
  t.after(() => hooks.close());
  const accountIds = sim.info.accounts.slice(0, ACCOUNTS).map((account) => account.channelId);

  const env = clusterEnv(sim, storeUrl, keyPrefix, hooks.url, ACCOUNTS);
  const children: Child[] = [];
  // The killed one is gone already (a stop would wait for an exit that happened).
  t.after(() => Promise.all(children.filter(({ child }) => child.exitCode === null && child.signalCode === null).map((child) => stop(child))));
  // One after the other: the first migrates the fresh database, and the machine is small.
  for (const role of ['all', 'all', 'api']) children.push(await startChild({ ...env, MJ_CLUSTER_ROLE: role }, process.env.MJ_TEST_CLUSTER_LOG));
  const [first, second, apiOnly] = children as [Child, Child, Child];
  const ownerPid = (accountId: string) => leaseOwnerPid(redis, keyPrefix, accountId);
  const owners = async () => Promise.all(accountIds.map(ownerPid));

  // The accounts spread over the two instances that run accounts; every instance sees them ready.
  await until('the accounts spread over two instances, ready', async () => {
    const pids = await owners();
    const spread = [first, second].every((child) => pids.filter((pid) => pid === child.child.pid).length === ACCOUNTS / 2);
    const health = (await (await fetch(`${apiOnly.url}/mj/health`)).json()) as { accounts: { status: string }[] };
    return spread && health.accounts.every((account) => account.status === 'ready') ? true : undefined;
  }, 60_000);

  const ids: string[] = [];
  let streamed: Promise<SseEvent[]> | undefined;
  for (let index = 0; index < TASKS; index += 1) {
    const via = children[index % children.length] as Child;
    const answer = await post(via.url, '/submit/imagine', { prompt: `cluster task ${index}` });
    assert.ok(answer.code === 1 || answer.code === 22, JSON.stringify(answer));
    ids.push(answer.result);
    // A live stream on the api instance follows a task another instance took, from before it runs.
    if (index === 1) streamed = openStream(`${apiOnly.url}/mj/task/${answer.result}/stream`).then((stream) => stream.rest());
  }

  // The queue is the cluster's: the api instance, which runs nothing, lists tasks the others run, as they do.
  const queued = await Promise.all(children.map(async (child) => (await (await fetch(`${child.url}/mj/task/queue`)).json()) as Task[]));
  const fromOthers = (list: Task[]) => [first, second].map((via) => list.filter((task) => ids.indexOf(task.id) % children.length === children.indexOf(via)).length);
  for (const list of queued) assert.ok(fromOthers(list).every((count) => count > 0), `queued per instance: ${fromOthers(list).join(', ')}`);

  // Kill the owner of an account with a job running (its interaction sent, its job not done).
  const busy = await until('a job in progress', async () => {
    for (const id of ids) {
      const task = await fetchTask(apiOnly.url, id);
      if (task.status === 'IN_PROGRESS') return task;
    }
    return undefined;
  });
  const busyAccount = busy.properties.discordInstanceId ?? '';
  const victimPid = await ownerPid(busyAccount);
  const dead = [first, second].find((child) => child.child.pid === victimPid);
  assert.ok(dead, `the owner of ${busyAccount} is one of the two instances that run accounts (${victimPid})`);
  const survivor = dead === first ? second : first;
  const deadAccounts = (await owners()).flatMap((pid, index) => (pid === victimPid ? [accountIds[index] as string] : []));
  await kill(dead);
  const killedAt = Date.now();

  await until('the dead owner\'s accounts on the survivor', async () => {
    const pids = await owners();
    return deadAccounts.every((id) => pids[accountIds.indexOf(id)] === survivor.child.pid) ? true : undefined;
  }, FAILOVER_MS + 5000);
  const movedMs = Date.now() - killedAt;
  assert.ok(movedMs <= FAILOVER_MS, `the accounts moved after ${movedMs} ms`);

  const tasks: Task[] = [];
  for (const [index, id] of ids.entries()) {
    const via = index % 2 === 0 ? survivor : apiOnly;
    tasks.push(await until(`task ${id} to end`, async () => {
      const task = await fetchTask(via.url, id);
      return isDone(task) ? task : undefined;
    }));
  }
  const ledger = sim.ledger.snapshot();
  const failed = tasks.filter((task) => task.status !== 'SUCCESS').map((task) => {
    const sent = ledger.interactions.filter((interaction) => (interaction.request.prompt ?? '').split(' --')[0]?.trim() === task.prompt).map((interaction) => interaction.nonce);
    return `${task.id} "${task.prompt}" ${task.status} ${task.failReason} (nonce ${task.properties.nonce ?? '-'}, Discord saw ${sent.join(', ') || 'nothing'})`;
  });
  assert.deepEqual(failed, [], `killed at ${killedAt}; survivor's log: ${survivor.output()}`);
  assert.ok(tasks.some((task) => task.id === busy.id && task.status === 'SUCCESS'), 'the job running at the kill was caught up');

  // Hooks of the last changes may still be on their way.
  await until('a final hook for every task', async () => (ids.every((id) => hooks.callsFor(id).some(isDone)) ? true : undefined), 20_000);
  const byTask = new Map(ids.map((id) => [id, hooks.callsFor(id)]));
  const verdict = judge(tasks, sim.ledger.snapshot(), byTask);
  assert.deepEqual({ mixed: verdict.mixed, duplicated: verdict.duplicated, stuck: verdict.stuck, hooksOutOfOrder: verdict.hooksOutOfOrder },
    { mixed: [], duplicated: [], stuck: [], hooksOutOfOrder: [] });
  for (const [id, calls] of byTask) {
    // Two calls telling the very same state: one change delivered twice.
    const told = calls.map((call) => JSON.stringify(call));
    assert.equal(new Set(told).size, told.length, `${id}: a hook arrived twice: ${calls.map((call) => `${call.status}/${call.progress}`).join(' → ')}`);
    assert.equal(calls.filter(isDone).length, 1, `${id}: one final hook`);
  }

  const events = (await streamed) ?? [];
  const states = events.filter((event) => event.event !== 'end').map((event) => (JSON.parse(event.data) as Task).status);
  assert.equal(events.at(-1)?.event, 'end');
  assert.equal(states.at(-1), 'SUCCESS', states.join(' → '));
  assert.ok(states.includes('IN_PROGRESS'), states.join(' → '));

  // The api instance never ran an account, yet its tasks ran and it answers for every task.
  assert.ok((await owners()).every((pid) => pid !== apiOnly.child.pid));
  const listed = await post<Task[]>(apiOnly.url, '/task/list-by-condition', { ids });
  assert.equal(listed.filter((task) => task.status === 'SUCCESS').length, TASKS);

  // The image seed takes the owner's DM with the bot: asked through the api instance, the owner answers.
  const seed = await (await fetch(`${apiOnly.url}/mj/task/${ids[0]}/image-seed`)).json() as { code: number; result: string };
  assert.equal(seed.code, 1, JSON.stringify(seed));
  assert.equal((await fetchTask(survivor.url, ids[0] ?? '')).seed, seed.result);

  // A button on a finished task and a cancel, both through the api instance, reach the account's owner.
  const upscale = await post(apiOnly.url, '/submit/change', { taskId: ids[0], action: 'UPSCALE', index: 1 });
  // 22 ("queued") is as good as 1: the owner may still be freeing the slots of the tasks above.
  assert.ok(upscale.code === 1 || upscale.code === 22, JSON.stringify(upscale));
  const doomed = await post(apiOnly.url, '/submit/imagine', { prompt: 'cluster cancelled' });
  const cancelled = await post(apiOnly.url, `/task/${doomed.result}/cancel`, {});
  assert.equal(cancelled.code, 1, JSON.stringify(cancelled));
  const ends = await Promise.all([upscale.result, doomed.result].map((id) => until(`task ${id} to end`, async () => {
    const task = await fetchTask(survivor.url, id);
    return isDone(task) ? task : undefined;
  }, 30_000)));
  assert.deepEqual(ends.map((task) => [task.action, task.status]), [['UPSCALE', 'SUCCESS'], ['IMAGINE', 'CANCEL']]);

  // An account added through the api instance: the store is shared, the instance that takes its lease runs it.
  const added = sim.info.accounts[ACCOUNTS];
  const created = await (await fetch(`${apiOnly.url}/mj/account/create`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'mj-api-secret': ADMIN_SECRET },
    body: JSON.stringify({ ...added, coreSize: 2, queueSize: 30 }),
  })).json() as { code: number; result: { id: string } };
  assert.equal(created.code, 1, JSON.stringify(created));
  const addedId = created.result.id;
  await until('the added account run by the survivor, ready everywhere', async () => {
    const health = (await (await fetch(`${apiOnly.url}/mj/health`)).json()) as { accounts: { instanceId: string; status: string }[] };
    const ready = health.accounts.some((account) => account.instanceId === addedId && account.status === 'ready');
    return ready && (await ownerPid(addedId)) === survivor.child.pid ? true : undefined;
  }, 30_000);
  const onAdded = await post(apiOnly.url, '/submit/imagine', { prompt: 'on the added account', accountFilter: { instanceId: addedId } });
  assert.equal(onAdded.code, 1, JSON.stringify(onAdded));
  const addedTask = await until('the task on the added account to end', async () => {
    const task = await fetchTask(survivor.url, onAdded.result);
    return isDone(task) ? task : undefined;
  }, 30_000);
  assert.deepEqual([addedTask.status, addedTask.properties.discordInstanceId], ['SUCCESS', addedId]);
});

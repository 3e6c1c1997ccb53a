/**
 * Cluster mode, an owner dies between "being sent" and Discord: the store says the task's job is
 * being sent, but whether Discord ran it nobody knows (the simulator answers the interaction 502 and
 * the owner is SIGKILLed while it waits for the gateway to tell). The next owner reads the channel
 * back: a job Discord never ran is sent once more and succeeds; a job Discord ran is caught up, not
 * sent again. Three instances, one account: it is killed twice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startSimulator, type Simulator } from '../../src/sim/index.js';
import { backendNamed } from '../store/backends.js';
import { isDone, kill, post, startChild, stop, type Child } from './child-service.js';
import { clusterEnv, fetchTask, ownerPid, until } from './cluster-helpers.js';
import { startHookReceiver } from './hook-receiver.js';

/** Well under the task timeout (1 minute): a job left waiting for its timeout fails this. */
const END_WAIT_MS = 50_000;

function jobsSentFor(sim: Simulator, prompt: string): number {
  return sim.ledger.snapshot().interactions.filter((interaction) => (interaction.request.prompt ?? '').split(' --')[0]?.trim() === prompt).length;
}

test('an owner killed while its send is unconfirmed: the next owner sends a job Discord never ran, and not one it ran', { timeout: 240_000 }, async (t) => {
  const store = await backendNamed('postgres').create();
  t.after(() => store.drop());
  const keys = await backendNamed('redis').create();
  t.after(() => keys.drop());
  const keyPrefix = keys.keyPrefix ?? '';
  const redis = new Redis('redis://127.0.0.1:6379');
  t.after(() => redis.quit());
  const sim = await startSimulator({ jobSeconds: 1, accounts: 1 });
  t.after(() => sim.close());
  const hooks = await startHookReceiver();
  t.after(() => hooks.close());
  const [account] = sim.info.accounts;
  const accountId = account?.channelId ?? '';

  const env = clusterEnv(sim, store.url, keyPrefix, hooks.url);
  const children: Child[] = [];
  t.after(() => Promise.all(children.filter(({ child }) => child.exitCode === null && child.signalCode === null).map((child) => stop(child))));
  for (let index = 0; index < 3; index += 1) children.push(await startChild({ ...env, MJ_CLUSTER_ROLE: 'all' }, process.env.MJ_TEST_CLUSTER_LOG));
  const alive = () => children.filter(({ child }) => child.exitCode === null && child.signalCode === null);

  /** Submits through an instance that does not run the account, kills the owner once its send was answered 502. */
  async function sendAndKillOwner(prompt: string, processed: boolean): Promise<{ id: string; survivor: Child }> {
    const owner = await until('a live owner, ready', async () => {
      const pid = await ownerPid(redis, keyPrefix, accountId);
      const running = alive().find(({ child }) => child.pid === pid);
      const health = running && (await (await fetch(`${running.url}/mj/health`)).json()) as { accounts: { status: string }[] };
      return health?.accounts.every((one) => one.status === 'ready') ? running : undefined;
    });
    const survivor = alive().find((child) => child !== owner) as Child;
    sim.faults.failInteractions(1, 502, { processed });
    // The gateway's word that the job went through must not reach the owner before it dies.
    if (processed) sim.faults.holdDispatches(30_000);
    const answer = await post(survivor.url, '/submit/imagine', { prompt });
    assert.equal(answer.code, 1, JSON.stringify(answer));
    await until('the interaction answered 502', async () => (sim.faults.interactionFaultsLeft === 0 ? true : undefined), 30_000);
    await kill(owner);
    return { id: answer.result, survivor };
  }

  const lost = await sendAndKillOwner('never reached discord', false);
  const resent = await until('the lost job to end', async () => {
    const task = await fetchTask(lost.survivor.url, lost.id);
    return isDone(task) ? task : undefined;
  }, END_WAIT_MS);
  assert.equal(resent.status, 'SUCCESS', JSON.stringify(resent));
  assert.equal(jobsSentFor(sim, 'never reached discord'), 1, 'Discord ran it once');

  const ran = await sendAndKillOwner('reached discord unconfirmed', true);
  const caughtUp = await until('the job Discord ran to end', async () => {
    const task = await fetchTask(ran.survivor.url, ran.id);
    return isDone(task) ? task : undefined;
  }, END_WAIT_MS);
  assert.equal(caughtUp.status, 'SUCCESS', JSON.stringify(caughtUp));
  assert.equal(jobsSentFor(sim, 'reached discord unconfirmed'), 1, 'not sent a second time');
});

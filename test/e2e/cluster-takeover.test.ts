/**
 * Cluster mode, an instance dies with work half done, one account, instances started as needed:
 * - its send was unconfirmed (the simulator answers the interaction 502, and the owner is SIGKILLed
 *   while it waits for the gateway to tell): the next owner reads the channel back, sends a job
 *   Discord never ran once more, and catches up one Discord ran without sending it again;
 * - its notify hook kept failing: a survivor delivers the task's last change, once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator } from '../../src/sim/index.js';
import { isDone, jobsSentFor, kill, post, startChild, stop, type Child } from './child-service.js';
import { clusterBackends, clusterEnv, fetchTask, ownerPid, until } from './cluster-helpers.js';
import { startHookReceiver } from './hook-receiver.js';

/** Well under the task timeout (1 minute): a job left waiting for its timeout fails this. */
const END_WAIT_MS = 50_000;
const HOOK_PROMPT = 'a hook outlives its instance';

test('an instance killed mid-way: unconfirmed sends are sent once (not again when Discord ran them), failing hooks still arrive once', { timeout: 300_000 }, async (t) => {
  const { storeUrl, keyPrefix, redis } = await clusterBackends(t);
  const sim = await startSimulator({ jobSeconds: 1, accounts: 1 });
  t.after(() => sim.close());
  let refusingHooks = true;
  const hooks = await startHookReceiver(undefined, (task) => refusingHooks && task.prompt === HOOK_PROMPT);
  t.after(() => hooks.close());
  const accountId = sim.info.accounts[0]?.channelId ?? '';

  const env = clusterEnv(sim, storeUrl, keyPrefix, hooks.url);
  const children: Child[] = [];
  t.after(() => Promise.all(alive().map((child) => stop(child))));
  const alive = () => children.filter(({ child }) => child.exitCode === null && child.signalCode === null);

  /** The account's owner, ready, and another live instance (started when none is left). */
  async function ownerAndSurvivor(): Promise<{ owner: Child; survivor: Child }> {
    while (alive().length < 2) children.push(await startChild({ ...env, MJ_CLUSTER_ROLE: 'all' }, process.env.MJ_TEST_CLUSTER_LOG));
    const owner = await until('a live owner, ready', async () => {
      const pid = await ownerPid(redis, keyPrefix, accountId);
      const running = alive().find(({ child }) => child.pid === pid);
      const health = running && (await (await fetch(`${running.url}/mj/health`)).json()) as { accounts: { status: string }[] };
      return health?.accounts.every((one) => one.status === 'ready') ? running : undefined;
    });
    return { owner, survivor: alive().find((child) => child !== owner) as Child };
  }

  const submit = async (via: Child, prompt: string): Promise<string> => {
    const answer = await post(via.url, '/submit/imagine', { prompt });
    assert.equal(answer.code, 1, JSON.stringify(answer));
    return answer.result;
  };
  const ended = (via: Child, id: string) => until(`task ${id} to end`, async () => {
    const task = await fetchTask(via.url, id);
    return isDone(task) ? task : undefined;
  }, END_WAIT_MS);

  /** Submits through an instance that does not run the account, kills the owner once its send was answered 502. */
  async function sendAndKillOwner(prompt: string, processed: boolean): Promise<{ id: string; survivor: Child }> {
    const { owner, survivor } = await ownerAndSurvivor();
    sim.faults.failInteractions(1, 502, { processed });
    // The gateway's word that the job went through must not reach the owner before it dies.
    if (processed) sim.faults.holdDispatches(30_000);
    const id = await submit(survivor, prompt);
    await until('the interaction answered 502', async () => (sim.faults.interactionFaultsLeft === 0 ? true : undefined), 30_000);
    await kill(owner);
    return { id, survivor };
  }

  const lost = await sendAndKillOwner('never reached discord', false);
  const resent = await ended(lost.survivor, lost.id);
  assert.equal(resent.status, 'SUCCESS', JSON.stringify(resent));
  assert.equal(jobsSentFor(sim, 'never reached discord'), 1, 'Discord ran it once');

  const ran = await sendAndKillOwner('reached discord unconfirmed', true);
  const caughtUp = await ended(ran.survivor, ran.id);
  assert.equal(caughtUp.status, 'SUCCESS', JSON.stringify(caughtUp));
  assert.equal(jobsSentFor(sim, 'reached discord unconfirmed'), 1, 'not sent a second time');

  // The owner makes every change of the task, so its notifier has the hooks; the receiver refuses them until it died.
  const { owner, survivor } = await ownerAndSurvivor();
  const hooked = await submit(survivor, HOOK_PROMPT);
  assert.equal((await ended(survivor, hooked)).status, 'SUCCESS');
  // A retry or two of the final hook, refused.
  await sleep(1500);
  await kill(owner);
  refusingHooks = false;
  await until('the hook delivered by a survivor', async () => (hooks.callsFor(hooked).length > 0 ? true : undefined), 40_000);
  await sleep(2000);
  assert.deepEqual(hooks.callsFor(hooked).map((task) => task.status), ['SUCCESS'], 'the last change, once');
});

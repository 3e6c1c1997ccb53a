/**
 * One instance dies while its send is unconfirmed (the simulator answers the interaction 502 and holds
 * the gateway's word, so nothing tells whether the job started) and starts again on the same store:
 * a job Discord never ran is sent once more, one Discord ran is caught up from the channel without a
 * second send; neither waits for its timeout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSimulator } from '../../src/sim/index.js';
import { isDone, jobsSentFor, kill, post, startChild, stop, waitFor, type Child } from './child-service.js';
import { until } from './cluster-helpers.js';
import { tempDir } from './harness.js';

/** Well under the task timeout (1 minute): a job left waiting for its timeout fails this. */
const END_WAIT_MS = 40_000;

test('a restart after an unconfirmed send: sent once more when Discord never ran it, caught up when it did', { timeout: 240_000 }, async (t) => {
  const sim = await startSimulator({ jobSeconds: 1, accounts: 1 });
  t.after(() => sim.close());
  const dir = tempDir();
  const env = {
    MJ_SERVER_HOST: '127.0.0.1', MJ_SERVER_PORT: '0', MJ_LOG_LEVEL: 'info', MJ_LOG_FORMAT: 'json',
    MJ_STORE_URL: `sqlite:${join(dir, 'tasks.db')}`, MJ_IMAGES_STORE: 'none', MJ_IMAGES_DIR: join(dir, 'images'),
    MJ_DISCORD_API_BASE_URL: sim.info.apiBaseUrl, MJ_DISCORD_GATEWAY_URL: sim.info.gatewayUrl,
    MJ_DISCORD_ACTIVITY_BASE_URL: sim.info.activityBaseUrl,
    MJ_ACCOUNTS: JSON.stringify(sim.info.accounts.map((account) => ({ ...account, coreSize: 2, queueSize: 10, timeoutMinutes: 1 }))),
  };
  const nonceSentFor = (prompt: string): string | undefined =>
    sim.ledger.snapshot().interactions.find((interaction) => interaction.request.prompt?.startsWith(prompt))?.nonce;
  let running: Child | undefined;
  t.after(() => running && stop(running));
  const ready = async (): Promise<Child> => {
    const child = await startChild(env, process.env.MJ_TEST_RESTART_LOG);
    await until('the account ready', async () => {
      const health = (await (await fetch(`${child.url}/mj/health`)).json()) as { accounts: { status: string }[] };
      return health.accounts.every((account) => account.status === 'ready') ? true : undefined;
    });
    return child;
  };

  async function sendKillRestart(prompt: string, processed: boolean): Promise<string> {
    running ??= await ready();
    sim.faults.failInteractions(1, 502, { processed });
    // The gateway's word that the job went through must not arrive before the instance dies.
    if (processed) sim.faults.holdDispatches(30_000);
    const answer = await post(running.url, '/submit/imagine', { prompt });
    assert.equal(answer.code, 1, JSON.stringify(answer));
    await until('the interaction answered 502', async () => (sim.faults.interactionFaultsLeft === 0 ? true : undefined), 30_000);
    await kill(running);
    sim.faults.reset();
    running = await ready();
    return answer.result;
  }

  const lostId = await sendKillRestart('never reached discord', false);
  const resent = await waitFor(running?.url ?? '', lostId, isDone, END_WAIT_MS);
  assert.equal(resent.status, 'SUCCESS', JSON.stringify(resent));
  assert.equal(jobsSentFor(sim, 'never reached discord'), 1, 'Discord ran it once');
  assert.equal(resent.properties.nonce, nonceSentFor('never reached discord'), 'the task names the request that made its job');

  const ranId = await sendKillRestart('reached discord unconfirmed', true);
  const caughtUp = await waitFor(running?.url ?? '', ranId, isDone, END_WAIT_MS);
  assert.equal(caughtUp.status, 'SUCCESS', JSON.stringify(caughtUp));
  assert.equal(jobsSentFor(sim, 'reached discord unconfirmed'), 1, 'not sent a second time');
  // Nothing the gateway said before the crash was kept: the nonce is known because it was saved before the send.
  assert.equal(caughtUp.properties.nonce, nonceSentFor('reached discord unconfirmed'), 'the task names the request that made its job');
});
